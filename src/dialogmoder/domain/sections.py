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


def split_sections(body: str, first_line: int = 1) -> list[Section]:
    """Split at level-2 headings outside fenced code; empty sections are kept (they matter)."""
    offsets = _head_offsets(body)
    if offsets is None:
        return _split_lines(body, first_line)
    sections = [Section(None, body[: offsets[0] if offsets else None].strip("\n"), first_line)]
    line, at = first_line, 0
    for n, offset in enumerate(offsets):
        line += body.count("\n", at, offset)
        at = offset
        end = _line_end(body, offset)
        following = offsets[n + 1] if n + 1 < len(offsets) else len(body)
        text = body[end + 1 : following].strip("\n") if end < len(body) else ""
        sections.append(Section(_titel(body[offset:end]), text, line))
    if not sections[0].text.strip():
        sections.pop(0)
    return sections


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


def headings(body: str, first_line: int = 1) -> list[tuple[int, str]]:
    """The line and title of every section heading, as `split_sections` finds them, without
    cutting out their text (DM106 looks at every punkt's headings)."""
    offsets = _head_offsets(body)
    if offsets is None:
        lines, heads = _heads(body)
        return [(first_line + i, _titel(lines[i])) for i in heads]
    found = []
    line, at = first_line, 0
    for offset in offsets:
        line += body.count("\n", at, offset)
        at = offset
        found.append((line, _titel(body[offset : _line_end(body, offset)])))
    return found


def text_of(body: str, titel: str) -> str | None:
    """`section_text(split_sections(body), titel)`, cutting out only those sections."""
    wanted = titel.casefold()
    offsets = _head_offsets(body)
    if offsets is None:
        lines, heads = _heads(body)
        texts = [
            _text(lines, i + 1, heads[n + 1] if n + 1 < len(heads) else None)
            for n, i in enumerate(heads)
            if _titel(lines[i]).casefold() == wanted
        ]
    else:
        texts = []
        for n, offset in enumerate(offsets):
            end = _line_end(body, offset)
            if _titel(body[offset:end]).casefold() == wanted:
                following = offsets[n + 1] if n + 1 < len(offsets) else len(body)
                texts.append(body[end + 1 : following].strip("\n") if end < len(body) else "")
    return "\n\n".join(text for text in texts if text.strip()) if texts else None


# What else than "\n" str.splitlines ends a line at: a body with one of these (or with
# fenced code) is split line by line; any other is searched for its headings.
_OTHER_BREAKS = ("\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def _head_offsets(body: str) -> list[int] | None:
    """Where the level-2 headings start, found by searching; None for a body with fenced
    code or a line break other than "\n", which `_heads` reads line by line."""
    if "```" in body or "~~~" in body or any(other in body for other in _OTHER_BREAKS):
        return None
    offsets = [0] if body.startswith("## ") else []
    at = body.find("\n## ")
    while at != -1:
        offsets.append(at + 1)
        at = body.find("\n## ", at + 1)
    return offsets


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
    return _COMMENT.sub("", markdown)
