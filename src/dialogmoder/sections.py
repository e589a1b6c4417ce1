"""A punkt's body as its `## ` sections: Baggrund, Sagsfremstilling, ..., Beslutning."""

from __future__ import annotations

from dataclasses import dataclass

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


def section_text(sections: list[Section], titel: str) -> str | None:
    """The text of the section with this title, or None when the section is absent."""
    for section in sections:
        if section.titel is not None and section.titel.casefold() == titel.casefold():
            return section.text
    return None
