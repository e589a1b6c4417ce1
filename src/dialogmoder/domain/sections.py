"""A punkt's body as its `## ` sections: Baggrund, Sagsfremstilling, ..., Beslutning."""

from __future__ import annotations

import re
from dataclasses import dataclass

_COMMENT = re.compile(r"<!--.*?(-->|\Z)", re.DOTALL)

KNOWN_SECTIONS = (
    "Baggrund",
    "Sagsfremstilling",
    "Økonomiske konsekvenser",
    "Indstilling",
    "Beslutning",
)


@dataclass(frozen=True)
class Section:
    """`titel` None is the text before the first heading."""

    titel: str | None
    text: str
    line: int


class Outline:
    """A body's level-2 headings (outside fenced code), found once: each one's line and
    title, and where the text under it is. Every rule that asks about a punkt's headings or
    sections (DM102, DM106) and the export share one (`Document.outline`).

    A body with fenced code or a line break other than "\n" is read line by line (`_heads`);
    any other is searched for its headings (`_searched`), which gives the same."""

    __slots__ = ("_body", "_first_line", "_heads", "_lines", "_numbers")

    def __init__(self, body: str, first_line: int = 1) -> None:
        self._body = body
        self._first_line = first_line
        self._lines: list[str] | None = None
        # (title, heading, text start, text end): offsets into the body when it is
        # searched, indexes of its lines when it is read line by line
        self._heads: list[tuple[str, int, int, int]] = []
        self._numbers: list[int] | None = None  # the headings' lines, counted when asked
        searched = _searched(body)
        if searched is None:
            self._lines, heads = _heads(body)
            ends = [*heads[1:], len(self._lines)]
            self._heads = [
                (_titel(self._lines[i]), i, i + 1, end) for i, end in zip(heads, ends, strict=False)
            ]
            self._numbers = [first_line + i for i in heads]
        else:
            self._heads = searched

    def titles(self) -> list[str]:
        """The title of every section heading."""
        return [head[0] for head in self._heads]

    def line(self, n: int) -> int:
        """The line of the n-th heading (from 0)."""
        return self._lines_of_heads()[n]

    def headings(self) -> list[tuple[int, str]]:
        """The line and title of every section heading."""
        return list(zip(self._lines_of_heads(), self.titles(), strict=True))

    def _lines_of_heads(self) -> list[int]:
        if self._numbers is None:
            numbers, line, at = [], self._first_line, 0
            for _, offset, _, _ in self._heads:
                line += self._body.count("\n", at, offset)
                at = offset
                numbers.append(line)
            self._numbers = numbers
        return self._numbers

    def text_of(self, titel: str) -> str | None:
        """`section_text(self.sections(), titel)`, cutting out only those sections."""
        wanted = titel.casefold()
        texts = [self._text(head) for head in self._heads if head[0].casefold() == wanted]
        return "\n\n".join(text for text in texts if text.strip()) if texts else None

    def sections(self) -> list[Section]:
        """The body split at its headings; empty sections are kept (they matter)."""
        first = self._heads[0][1] if self._heads else None
        before = (
            _text(self._lines, 0, first)
            if self._lines is not None
            else self._body[:first].strip("\n")
        )
        sections = [Section(None, before, self._first_line)]
        sections += [
            Section(head[0], self._text(head), line)
            for head, line in zip(self._heads, self._lines_of_heads(), strict=True)
        ]
        if not sections[0].text.strip():
            sections.pop(0)
        return sections

    def _text(self, head: tuple[str, int, int, int]) -> str:
        _, _, start, end = head
        if self._lines is not None:
            return _text(self._lines, start, end)
        return self._body[start:end].strip("\n") if start <= len(self._body) else ""


def split_sections(body: str, first_line: int = 1) -> list[Section]:
    """Split at level-2 headings outside fenced code; empty sections are kept (they matter)."""
    return Outline(body, first_line).sections()


def _split_lines(body: str, first_line: int) -> list[Section]:
    """`split_sections` line by line: for a body with fenced code or a line break other
    than "\n" (and the oracle of the search above: tests/test_sections_search.py)."""
    lines, heads = _heads(body)
    sections = [
        Section(None, "\n".join(lines[: heads[0] if heads else None]).strip("\n"), first_line)
    ]
    for n, i in enumerate(heads):
        end = heads[n + 1] if n + 1 < len(heads) else None
        sections.append(Section(_titel(lines[i]), _text(lines, i + 1, end), first_line + i))
    if not sections[0].text.strip():
        sections.pop(0)
    return sections


# What else than "\n" str.splitlines ends a line at: a body with one of these (or with
# fenced code) is split line by line; any other is searched for its headings.
_OTHER_BREAKS = ("\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def _head_offsets(body: str) -> list[int] | None:
    """Where the level-2 headings start, found by searching; None for a body with fenced
    code or a line break other than "\n", which `_heads` reads line by line."""
    searched = _searched(body)
    return None if searched is None else [head for _, head, _, _ in searched]


def _searched(body: str) -> list[tuple[str, int, int, int]] | None:
    """`Outline`'s headings (title, heading, text start, text end) found by searching the
    body for "\n## "; None for a body `_heads` reads line by line."""
    if _read_by_lines(body):
        return None
    starts = [0] if body.startswith("## ") else []
    at = body.find("\n## ")
    while at != -1:
        starts.append(at + 1)
        at = body.find("\n## ", at + 1)
    heads = []
    for start, following in zip(starts, [*starts[1:], len(body)], strict=False):
        end = _line_end(body, start)
        heads.append((body[start + 3 : end].strip().rstrip("#").strip(), start, end + 1, following))
    return heads


def _read_by_lines(body: str) -> bool:
    """Whether a body has fenced code or a line break other than "\n" (each looked for by
    one character first: a search for one character is the fast one)."""
    return (
        ("`" in body and "```" in body)
        or ("~" in body and "~~~" in body)
        or any(other in body for other in _OTHER_BREAKS)
    )


def _line_end(body: str, offset: int) -> int:
    end = body.find("\n", offset)
    return len(body) if end == -1 else end


def _heads(body: str) -> tuple[list[str], list[int]]:
    """The body's lines, and the indexes of those that are level-2 headings outside fenced
    code."""
    lines = body.splitlines()
    if "```" not in body and "~~~" not in body:
        return lines, [i for i, line in enumerate(lines) if line[:3] == "## "]
    heads = []
    fence: str | None = None
    for i, line in enumerate(lines):
        stripped = line.strip()
        if fence is None and stripped[:3] in {"```", "~~~"}:
            fence = stripped[:3]
        elif fence is not None and stripped.startswith(fence):
            fence = None
        elif fence is None and line.startswith("## "):
            heads.append(i)
    return lines, heads


def _titel(line: str) -> str:
    return line[3:].strip().rstrip("#").strip()


def _text(lines: list[str], start: int, end: int | None) -> str:
    return "\n".join(lines[start:end]).strip("\n")


def section_text(sections: list[Section], titel: str) -> str | None:
    """The text of the sections with this title (joined, when it is written twice), or
    None when there is none."""
    texts = [
        section.text
        for section in sections
        if section.titel is not None and section.titel.casefold() == titel.casefold()
    ]
    return "\n\n".join(text for text in texts if text.strip()) if texts else None


def without_comments(markdown: str) -> str:
    """HTML comments are notes to colleagues: no output of any kind carries them."""
    return _COMMENT.sub("", markdown) if "<!--" in markdown else markdown
