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
    if "```" not in body and "~~~" not in body:
        return _split_unfenced(body.splitlines(), first_line)
    return _split_lines(body, first_line)


def _split_lines(body: str, first_line: int) -> list[Section]:
    """The split line by line, tracking fenced code blocks."""
    sections: list[Section] = []
    titel: str | None = None
    start = first_line
    chunk: list[str] = []
    fence: str | None = None
    for number, line in enumerate(body.splitlines(), first_line):
        stripped = line.strip()
        if fence is None and stripped[:3] in {"```", "~~~"}:
            fence = stripped[:3]
        elif fence is not None and stripped.startswith(fence):
            fence = None
        elif fence is None and line.startswith("## "):
            sections.append(Section(titel, "\n".join(chunk).strip("\n"), start))
            titel, start, chunk = line[3:].strip().rstrip("#").strip(), number, []
            continue
        chunk.append(line)
    sections.append(Section(titel, "\n".join(chunk).strip("\n"), start))
    if sections[0].titel is None and not sections[0].text.strip():
        sections.pop(0)
    return sections


def _split_unfenced(lines: list[str], first_line: int) -> list[Section]:
    """The same split for a body without fenced code, by slicing instead of a line loop."""
    heads = [i for i, line in enumerate(lines) if line[:3] == "## "]
    sections = [
        Section(None, "\n".join(lines[: heads[0] if heads else None]).strip("\n"), first_line)
    ]
    for n, i in enumerate(heads):
        end = heads[n + 1] if n + 1 < len(heads) else None
        titel = lines[i][3:].strip().rstrip("#").strip()
        sections.append(Section(titel, "\n".join(lines[i + 1 : end]).strip("\n"), first_line + i))
    if not sections[0].text.strip():
        sections.pop(0)
    return sections


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
