"""When typst cannot typeset a document: which piece of content is the cause?

Each piece is typeset alone (the document with only that punkt, then only that section,
underpunkt or beslutning of it); the first piece that fails alone is named by the file
and line it was written at (`Source`). Only runs after a failure, so costs nothing
otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

from dialogmoder.render.document import (
    Assembled,
    MaterialeDel,
    MaterialeDoc,
    NotatDoc,
    Product,
    ProgramDoc,
    PunktEntry,
    Referat,
    Source,
)

Fails = Callable[[Assembled], bool]


def locate(document: Assembled, fails: Fails) -> Source | None:
    """The source of the first piece that `fails` alone (the document's own file when the
    pieces fail only together), or None when the document fails even without content:
    then the template is the cause."""
    if isinstance(document, Referat):
        if fails(replace(document, intro="", punkter=(), bilagsoversigt=())):
            return None
        return _in_referat(document, fails) or document.header.source
    if isinstance(document, MaterialeDoc):
        return _in_materiale(document, fails)
    empty = replace(document, sections=())
    if isinstance(empty, ProgramDoc):
        empty = replace(empty, programpunkter=replace(empty.programpunkter, rows=()))
    elif isinstance(empty, NotatDoc):
        empty = replace(empty, henvisninger=())
    else:
        empty = replace(empty, initiativer=replace(empty.initiativer, rows=()))
    if fails(empty):
        return None
    return _in_product(document, fails) or document.header.source


def _in_referat(doc: Referat, fails: Fails) -> Source | None:
    for punkt in doc.punkter:
        if punkt.source is None:
            continue
        alone = replace(doc, intro="", punkter=(punkt,), bilagsoversigt=())
        if fails(alone):
            for candidate, source in _pieces(punkt):
                if fails(replace(alone, punkter=(candidate,))):
                    return source
            return punkt.source
    if doc.intro and fails(replace(doc, punkter=(), bilagsoversigt=())):
        return doc.header.source
    return None


def _pieces(punkt: PunktEntry) -> Iterator[tuple[PunktEntry, Source | None]]:
    """The punkt reduced to one piece at a time, with that piece's source."""
    bare = replace(punkt, sections=(), underpunkter=(), beslutning=None, bilag=())
    yield bare, punkt.source
    for section in punkt.sections:
        yield replace(bare, sections=(section,)), section.source or punkt.source
    for underpunkt in punkt.underpunkter:
        # an underpunkt shows in the decision (referat) and in the punkt's table (sections)
        heading = punkt.beslutning and replace(punkt.beslutning, markdown=None)
        alone = replace(bare, underpunkter=(underpunkt,), beslutning=heading)
        yield alone, underpunkt.source or punkt.source
    if punkt.beslutning is not None:
        yield replace(bare, beslutning=punkt.beslutning), punkt.beslutning.source
    if punkt.bilag:
        yield replace(bare, bilag=punkt.bilag), punkt.source


def _in_materiale(doc: MaterialeDoc, fails: Fails) -> Source | None:
    """The part that fails alone, and in it the piece (as for the product on its own)."""
    if fails(replace(doc, dele=())):
        return None
    for part in doc.dele:
        if part.doc is not None and fails(replace(doc, dele=(part,))):

            def part_fails(product: Assembled, part: MaterialeDel = part) -> bool:
                assert isinstance(product, ProgramDoc | NotatDoc)
                return fails(replace(doc, dele=(replace(part, doc=product),)))

            return locate(part.doc, part_fails) or part.doc.header.source
    return doc.header.source


def _in_product(doc: Product, fails: Fails) -> Source | None:
    for section in doc.sections:
        if section.source is not None and fails(replace(doc, sections=(section,))):
            return section.source
    if fails(replace(doc, sections=())):
        # the front matter: the programpunkter or initiativer, or the titel
        return doc.header.source and replace(doc.header.source, line=1)
    return None
