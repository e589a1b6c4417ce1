"""Every string a public rendering can show, found by walking the models rather than a
list of names (a field added later cannot be missed), and the CPR numbers in it: DM601's
findings, and where the numbers in a document about to be published were written.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from collections.abc import Iterable, Iterator
from datetime import date, time
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel

from dialogmoder.danish import N_, besked
from dialogmoder.domain.bilagsfil import file_bytes, read_text, text_kind
from dialogmoder.domain.cpr import WORTH_A_LOOK, Hit, as_seen, hits, mask
from dialogmoder.domain.edition.public import NamedFile, closed_files, named_files
from dialogmoder.domain.findings import Finding
from dialogmoder.io.cache import Remembered

if TYPE_CHECKING:
    from dialogmoder.domain.loader import Document
    from dialogmoder.domain.repository import MeetingFolder, Repository

RULE = "DM601"


# --- CPR numbers in what is public ------------------------------------------------------

FIX = N_("remove it, or close the punkt with lukket: true")


Loc = tuple[str | int, ...]


def public_strings(model: BaseModel, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every string of a model a public rendering may show, with its key path. A model
    with `lukket: true` is closed: only its `offentlig_titel` (if it has one) is public."""
    for name, value in _public_fields(model):
        yield from _strings(value, (*loc, name))


def _public_fields(model: BaseModel) -> Iterable[tuple[str, object]]:
    values = model.__dict__  # every field, whatever it is named: a new one cannot be missed
    if values.get("lukket") is True:
        return (
            [("offentlig_titel", values["offentlig_titel"])]
            if values.get("offentlig_titel")
            else []
        )
    return values.items()


def _strings(value: object, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, BaseModel):
        yield from public_strings(value, loc)
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from _strings(item, (*loc, i))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*loc, key))


# no text in these (a date or a time is shown from its numbers): passed over first
_SKIPPED = frozenset({type(None), bool, int, float, date, time})


def _texts(model: BaseModel, out: list[str]) -> None:
    """The public strings alone, gathered fast: most files have nothing to find."""
    for _, value in _public_fields(model):
        kind = type(value)
        if kind is str:
            out.append(value)  # type: ignore[arg-type]  # type(value) is str
        elif kind in _SKIPPED:
            continue
        elif isinstance(value, (list, tuple)):
            for item in value:
                if type(item) is str:
                    out.append(item)
                elif isinstance(item, BaseModel):
                    _texts(item, out)
                elif item is not None:
                    _texts_of(item, out)
        elif isinstance(value, BaseModel):
            _texts(value, out)
        elif isinstance(value, dict):
            _texts_of(value, out)


def _texts_of(value: object, out: list[str]) -> None:
    """A nested list or mapping (rare): the slow, general way."""
    out.extend(text for _, text in _strings(value, ()))


def _may_have_number(texts: list[str]) -> bool:
    """Whether any of the texts could hold a CPR number, as written or as Markdown shows it."""
    joined = "#".join(texts)  # "#" is neither a digit, a separator nor markup: nothing joins
    return WORTH_A_LOOK.search(as_seen(joined)) is not None


def label(loc: Loc) -> str:
    """('underpunkter', 0, 'tekst') -> 'underpunkter[1].tekst'."""
    parts: list[str] = []
    for part in loc:
        parts.append(f"[{part + 1}]" if isinstance(part, int) else ("." if parts else "") + part)
    return "".join(parts)


def document_hits(doc: Document) -> Iterator[tuple[Hit, str]]:  # type: ignore[type-arg]
    """The CPR numbers in one file's public content (what it is, where): its public strings
    and, unless it is closed, its body."""
    texts: list[str] = []
    _texts(doc.data, texts)
    if _may_have_number(texts):
        for loc, value in public_strings(doc.data):
            for hit in hits(value, 0, multiline=False):
                yield dataclasses.replace(hit, line=doc.line_of(*loc)), label(loc)
    if getattr(doc.data, "lukket", False) is not True and doc.body:
        for hit in hits(doc.body, doc.body_line, multiline=True):
            yield hit, besked("the text")


def findings(path: str, found: Iterable[tuple[Hit, str]]) -> list[Finding]:
    """DM601 findings, one a line and field, counting every number on it; always errors
    (the render refusal uses them too)."""
    groups: dict[tuple[int, str, bool], list[str]] = {}
    for hit, what in found:
        groups.setdefault((hit.line, what, hit.rendered), []).append(hit.shown)
    if not groups:
        return []
    fix = besked(FIX) if "/punkter/" in path else besked("remove it")
    result = []
    for (line, what, rendered), shown in groups.items():
        seen = besked("shows, once its Markdown is rendered,") if rendered else besked("contains")
        numbers = ", ".join(shown)
        which = (
            besked("{n} numbers that look like CPR numbers ({numbers})").format(
                n=len(shown), numbers=numbers
            )
            if len(shown) > 1
            else besked("what looks like a CPR number ({numbers})").format(numbers=numbers)
        )
        message = besked("{what} {seen} {which} in open content; {fix}").format(
            what=what, seen=seen, which=which, fix=fix
        )
        result.append(Finding(path, line, RULE, "error", message))
    return result


def public_documents(folder: MeetingFolder) -> Iterator[Document]:  # type: ignore[type-arg]
    """meeting.md, every punkt, and the products a public edition can be made of."""
    if folder.doc is not None:
        yield folder.doc
    for punkt in folder.punkter:
        if punkt.doc is not None:
            yield punkt.doc
    yield from folder.produkter.values()


def repository_findings(repo: Repository) -> Iterator[Finding]:
    """DM601 for dialog.yaml (every string of it) and every meeting of the repository:
    its files' public content and the text of the open bilag files it publishes."""
    yield from findings(repo.config_doc.path, document_hits(repo.config_doc))
    closed = closed_files(repo)
    for folder in repo.meetings:
        for doc in public_documents(folder):
            yield from findings(doc.path, document_hits(doc))
        for named, is_closed_bilag in named_files(closed.root, folder):
            if not is_closed_bilag and closed.same_as_closed(named) is None:
                yield from bilag_findings(closed.root, named)


def bilag_findings(root: Path, named: NamedFile) -> list[Finding]:
    """DM601 for the text of a published bilag file, on the line of the bilag that names
    it (the file's own lines are not the punkt's): which page or line of the file says.

    A file's text is read once for all runs: bytes found to hold no CPR number are
    remembered (their hash, never their text) in the user's cache, under the code and
    libraries that read them (`scanner_version`), and the same bytes are not read again
    until either changes. A bilag PDF takes pypdf 10-300 ms; a check of an archive of
    5,000 of them would take minutes every time."""
    doc = named.punkt.doc
    data = file_bytes(root / named.rel) if doc is not None else None
    if doc is None or data is None:
        return []
    key = _key(named.rel, data)
    clean = _clean()
    if key in clean or key in _unread():
        return []
    read = read_text(named.rel, data)
    pages = read.pages
    if not _has_text(pages):
        _unread().add(key)  # DM607 says so; read again only when the bytes change
        return []
    assert pages is not None
    line = doc.line_of("bilag", named.index, "fil")
    found: list[tuple[Hit, str]] = []
    for page, text in enumerate(pages, 1):
        for hit in hits(text, 1, multiline=True):
            where = f"page {page}" if len(pages) > 1 else f"line {hit.line}"
            what = f"the file of bilag {named.index + 1} ({named.rel}, {where})"
            found.append((dataclasses.replace(hit, line=line, rendered=False), what))
    if not found and not read.scanned:  # a scanned page is read again, for DM607
        clean.add(key)
    return findings(doc.path, found)


def unread_bilag(root: Path, named: NamedFile) -> tuple[str, tuple[int, ...]] | None:
    """Why (some of) the text of a bilag file a public edition publishes cannot be read for
    CPR numbers: ("kind", ()) for an image or a film (dialog reads no text of that kind of
    file), ("text", ()) for a PDF without text, a scan, or a damaged, encrypted or too
    large document, ("pages", the pages) for a PDF whose scanned pages hold no text among
    typed ones; None when all of it can be read (DM601 reads it) or there is no such file
    (DM50x say so)."""
    path = root / named.rel
    if not path.is_file():
        return None
    if text_kind(named.rel) is None:
        return "kind", ()
    data = file_bytes(path)
    if data is None:
        return "text", ()  # larger than MAX_TEXT_BYTES, or unreadable: DM601 did not read it
    key = _key(named.rel, data)
    if key in _clean():
        return None
    if key in _unread():
        return "text", ()
    read = read_text(named.rel, data)
    if not _has_text(read.pages):
        _unread().add(key)
        return "text", ()
    return ("pages", read.scanned) if read.scanned else None


def _has_text(pages: list[str] | None) -> bool:
    return pages is not None and any(page.strip() for page in pages)


def _key(rel: str, data: bytes) -> str:
    return hashlib.sha256(f"{text_kind(rel)}\0".encode() + data).hexdigest()


@functools.cache
def _clean() -> Remembered:
    return Remembered("cpr-clean", scanner_version())


@functools.cache
def _unread() -> Remembered:
    return Remembered("cpr-unread", scanner_version())


def scanner_version() -> str:
    """What a verdict on a file's bytes depends on besides them: dialog's code (every
    module of it, so that no change to reading or to what a CPR number is can be missed),
    pypdf's version and Python's (its Unicode tables)."""
    import sys
    import unicodedata
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256()
    try:
        digest.update(f"pypdf {version('pypdf')}\0".encode())
    except PackageNotFoundError:  # pragma: no cover - a dependency
        digest.update(b"pypdf ?\0")
    digest.update(f"{sys.version}\0{unicodedata.unidata_version}\0".encode())
    package = Path(__file__).resolve().parents[2]  # dialogmoder/
    for source in sorted(package.rglob("*.py")):
        digest.update(f"{source.relative_to(package).as_posix()}\0".encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


# --- what a rendering publishes --------------------------------------------------------


def rendered_numbers(document: object) -> set[str]:
    """The digits of every CPR number in an assembled document (render.document)."""
    numbers: set[str] = set()
    for text in _document_strings(document):
        numbers.update(hit.digits for hit in hits(text, 1, multiline=True))
    return numbers


# The walks below visit every value of an assembled document (a tree of frozen dataclasses
# and tuples), hundreds of thousands for a site: each class's field names are asked once.
_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _field_names(value: object) -> tuple[str, ...] | None:
    """The names of `value`'s dataclass fields in their order; None for anything else."""
    kind = type(value)
    names = _FIELDS.get(kind, ())
    if names == ():
        dataclass = dataclasses.is_dataclass(value) and not isinstance(value, type)
        names = tuple(f.name for f in dataclasses.fields(value)) if dataclass else None  # type: ignore[arg-type]
        _FIELDS[kind] = names
    return names


def _bilag_files(value: object) -> list[str]:
    """The repository paths of the bilag files an assembled document carries (a
    `BilagEntry`'s `fil`, copied beside an HTML rendering, attached to a PDF)."""
    found: list[str] = []
    _add_bilag_files(value, found)
    return found


def _add_bilag_files(value: object, found: list[str]) -> None:
    names = _field_names(value)
    if names is not None:
        fil = getattr(value, "fil", None) if "filnavn" in names else None
        if isinstance(fil, str):
            found.append(fil)
            return
        for name in names:
            _add_bilag_files(getattr(value, name), found)
    elif isinstance(value, tuple | list):
        for item in value:
            _add_bilag_files(item, found)


def _document_strings(value: object) -> list[str]:
    """Every text of an assembled document, in the order of its fields."""
    found: list[str] = []
    _add_strings(value, found)
    return found


def _add_strings(value: object, found: list[str]) -> None:
    if isinstance(value, str):
        found.append(value)
        return
    names = _field_names(value)
    if names is not None:
        for name in names:
            _add_strings(getattr(value, name), found)
    elif isinstance(value, tuple):
        for item in value:
            _add_strings(item, found)


def published_findings(repo: Repository, folder: MeetingFolder, document: object) -> list[Finding]:
    """Where each CPR number in a document about to be published was written: this
    meeting's files, the forum's later meetings (their titles fill `kommende-moeder`) and
    dialog.yaml (names). A number no file accounts for is still reported."""
    placed: set[Finding] = set()
    files = set(_bilag_files(document))
    if files:
        root = repo.root.resolve()
        for named, _ in named_files(root, folder):
            if named.rel in files:
                placed.update(bilag_findings(root, named))
    numbers = rendered_numbers(document)
    if not numbers:
        return sorted(placed)
    docs: list[Document] = [repo.config_doc]  # type: ignore[type-arg]
    for other in repo.meetings:
        if other is folder or _later_in_forum(other, folder):
            docs.extend(public_documents(other))
    accounted: set[str] = set()
    for doc in docs:
        published = [(hit, what) for hit, what in document_hits(doc) if hit.digits in numbers]
        placed.update(findings(doc.path, published))
        accounted.update(hit.digits for hit, _ in published)
    for number in numbers - accounted:
        message = besked("what looks like a CPR number ({x}) would be published; remove it").format(
            x=mask(number)
        )
        placed.add(Finding(folder.path, None, RULE, "error", message))
    return sorted(placed)


def written_in(repo: Repository, numbers: set[str]) -> list[Finding]:
    """Where in the repository's public content each of these CPR numbers is written."""
    placed: set[Finding] = set()
    for folder in repo.meetings:
        for doc in public_documents(folder):
            published = [(hit, what) for hit, what in document_hits(doc) if hit.digits in numbers]
            placed.update(findings(doc.path, published))
    return sorted(placed)


def _later_in_forum(other: MeetingFolder, folder: MeetingFolder) -> bool:
    mine, theirs = folder.meeting, other.meeting
    if mine is None or theirs is None:
        return False
    return theirs.forum == mine.forum and theirs.dato > mine.dato
