"""Attach to the pieces of a document the file and line they were written at.

Nothing renders these; when typst cannot typeset a document, `render.culprit` uses them
to name the text that caused it instead of blaming a template.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from dialogmoder.domain.loader import Document
from dialogmoder.domain.sections import split_sections
from dialogmoder.render.document import Header, PunktEntry, Section, Source

_COMMENT = re.compile(r"<!--.*?(-->|\Z)", re.DOTALL)
BESLUTNING = "beslutning"


def section_lines(body: str, first_line: int) -> list[tuple[str | None, int]]:
    """(titel, line) of each section, counted in the file as written (comments included)."""
    kept_lines = _COMMENT.sub(lambda m: "\n" * m[0].count("\n"), body)
    return [(s.titel, s.line) for s in split_sections(kept_lines, first_line)]


def with_section_sources(sections: tuple[Section, ...], doc: Document[Any]) -> tuple[Section, ...]:
    """Each section with the line of its heading (the body's first line for the untitled)."""
    unused = section_lines(doc.body, doc.body_line)
    placed = []
    for section in sections:
        line = doc.body_line
        for i, (titel, at) in enumerate(unused):
            if titel == section.titel:
                line = at
                del unused[i]
                break
        placed.append(replace(section, source=Source(doc.path, line)))
    return tuple(placed)


def with_punkt_sources(entry: PunktEntry, doc: Document[Any]) -> PunktEntry:
    """A punkt with the source of its titel, sections, underpunkter and beslutning."""
    if entry.redacted:
        return entry  # nothing of a closed punkt travels further than it must
    beslutning = entry.beslutning
    if beslutning is not None:
        heading = next(
            (
                at
                for titel, at in section_lines(doc.body, doc.body_line)
                if titel is not None and titel.casefold() == BESLUTNING
            ),
            doc.body_line,
        )
        beslutning = replace(beslutning, source=Source(doc.path, heading))
    return replace(
        entry,
        source=Source(doc.path, doc.line_of("titel")),
        sections=with_section_sources(entry.sections, doc),
        underpunkter=tuple(
            replace(u, source=Source(doc.path, doc.line_of("underpunkter", i)))
            for i, u in enumerate(entry.underpunkter)
        ),
        beslutning=beslutning,
    )


def with_header_source(header: Header, doc: Document[Any] | None) -> Header:
    """The header with the file its document starts from: meeting.md or the product."""
    if doc is None:
        return header
    return replace(header, source=Source(doc.path, doc.body_line))
