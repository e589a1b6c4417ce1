"""A bilag's `fil`: the file it names (when it is one of the meeting folder's files) and the
name it travels under next to an HTML rendering or inside a PDF: the bilag's title."""

from __future__ import annotations

import os
import posixpath
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from dialogmoder.domain.loader import link_problem

# What a file name on Windows, macOS or Linux cannot hold, and control characters.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')
MAX_NAME = 120


@dataclass(frozen=True)
class Located:
    """Where a bilag's `fil` leads: `rel`, the path from the repository root when it is one
    of the meeting folder's files, else `problem`: `outside` (a path that leaves the meeting
    folder), `missing`, `NOT_REGULAR` (a pipe, device, socket or folder), or why a symbolic
    link is refused (`loader.link_problem`)."""

    rel: str | None
    problem: str | None = None


def locate(root: Path, folder_path: str, bilag_files: list[str], fil: str) -> Located:
    """The file a bilag names; one answer for DM504 and for the renderings."""
    fil = fil.replace("\\", "/")
    normal = posixpath.normpath(fil)
    if fil.startswith("/") or normal == ".." or normal.startswith("../") or ":" in fil:
        return Located(None, "outside")
    # NFC, as the front matter is read: a Mac may have saved "å" decomposed (NFD)
    present = {unicodedata.normalize("NFC", name): name for name in bilag_files}
    rel = present.get(unicodedata.normalize("NFC", f"{folder_path}/{normal}"))
    if rel is None:
        return Located(None, "missing")
    refused = link_problem(root, root / rel)
    if refused:
        return Located(None, refused)
    if not is_regular_file(root / rel):
        return Located(None, NOT_REGULAR)
    return Located(rel)


NOT_REGULAR = "not a regular file"


def read_regular(path: Path, limit: int | None = None) -> bytes | None:
    """The bytes of a regular file; None for anything else, when it cannot be read, or
    when it holds more than `limit` bytes. It is opened without waiting (O_NONBLOCK) and
    checked again on the open descriptor, so a file swapped for a named pipe after the
    check cannot make dialog wait."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or (limit is not None and st.st_size > limit):
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read() if limit is None else handle.read(limit + 1)
        return data if limit is None or len(data) <= limit else None
    except OSError:
        return None
    finally:
        os.close(fd)


def is_regular_file(path: Path) -> bool:
    """Whether `path` (its link followed) is a regular file: a named pipe, a device, a
    socket or a folder is never opened for reading (a pipe would wait for a writer forever)."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def filnavn(titel: str | None, path: str) -> str:
    """'Udmøntningsplan 2025.pdf': the bilag's title with the file's extension, safe as a
    file name everywhere (the file's own name when the bilag has no title)."""
    stem, ext = posixpath.splitext(posixpath.basename(path))
    name = _UNSAFE.sub("-", titel or "").strip(" .-")[:MAX_NAME].strip(" .-")
    return f"{name or stem}{ext}"


def unique(names: list[str]) -> list[str]:
    """The names with ' (2)', ' (3)' … added to repeats, before the extension."""
    seen: set[str] = set()
    result = []
    for name in names:
        stem, ext = posixpath.splitext(name)
        candidate, n = name, 1
        while candidate.casefold() in seen:
            n += 1
            candidate = f"{stem} ({n}){ext}"
        seen.add(candidate.casefold())
        result.append(candidate)
    return result


# --- the text a reader of a bilag file sees ------------------------------------------------

_TEXT_KINDS = {".txt", ".md", ".markdown", ".csv", ".tsv", ".json", ".xml", ".html", ".htm"}
_TAG = re.compile(r"<[^>]*>")
MAX_TEXT_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class _Office:
    """An office document, a zip file of XML parts: the parts that hold what its reader sees
    (a Word document's body, headers, footers, footnotes and comments; a spreadsheet's typed
    text and comments; a presentation's slides and notes), and where a paragraph, a table
    cell or a spreadsheet's text ends, which never joins the next into one number."""

    parts: re.Pattern[str]
    breaks: tuple[tuple[re.Pattern[str], str], ...]


_ODF = _Office(
    re.compile(r"content\.xml|styles\.xml"),
    (
        (re.compile(r"</text:(?:p|h)>|</table:table-cell>"), "\n\n"),
        (re.compile(r"<text:line-break\b[^>]*/>"), "\n"),
        (re.compile(r"<text:(?:tab|s)\b[^>]*/>"), " "),
    ),
)
_OFFICE = {
    ".docx": _Office(
        re.compile(r"word/(?:document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml"),
        (
            (re.compile(r"</w:p>|</w:tc>"), "\n\n"),
            (re.compile(r"<w:(?:br|cr)\b[^>]*/>"), "\n"),
            (re.compile(r"<w:tab\b[^>]*/>"), " "),
        ),
    ),
    # A spreadsheet's typed text is in its shared strings; a number cell's stored value is
    # not what its reader sees (3012123456, shown as 3.012.123.456 kr.), and read as text
    # every ten-digit budget amount whose digits begin like a date would be a false alarm.
    ".xlsx": _Office(
        re.compile(r"xl/(?:sharedStrings|comments\d*|threadedComments/\w+)\.xml"),
        ((re.compile(r"</si>|</comment>|</threadedComment>"), "\n\n"),),
    ),
    ".pptx": _Office(
        re.compile(r"ppt/(?:slides/slide\d+|notesSlides/notesSlide\d+|comments/\w+)\.xml"),
        (
            (re.compile(r"</a:p>|</a:tc>|</p:cm>"), "\n\n"),
            (re.compile(r"<a:br\b[^>]*/>"), "\n"),
        ),
    ),
    ".odt": _ODF,
    ".ods": _ODF,
    ".odp": _ODF,
}
# What an office document's parts may unpack to, in all: a real document is far smaller;
# a "zip bomb" that unpacks to gigabytes is not read (its text is unknown, as a damaged
# file's), rather than filling the memory.
MAX_OFFICE_TEXT_BYTES = 64 * 1024 * 1024


def text_kind(name: str) -> str | None:
    """How dialog reads the text of a file of this name: "text", "pdf", an office kind
    ("docx", "xlsx", "pptx", "odt", "ods", "odp"), or None (an image, a video: no text
    dialog can read)."""
    ext = posixpath.splitext(name)[1].lower()
    if ext in _TEXT_KINDS:
        return "text"
    if ext == ".pdf" or ext in _OFFICE:
        return ext[1:]
    return None


def file_bytes(path: Path) -> bytes | None:
    """The bytes of a file whose text dialog reads (`text_kind`), read once; None for
    another kind, a file larger than MAX_TEXT_BYTES, one that cannot be read, and anything
    but a regular file (see `read_regular`: a pipe never blocks)."""
    if text_kind(path.name) is None:
        return None
    return read_regular(path, limit=MAX_TEXT_BYTES)


@dataclass(frozen=True)
class FileText:
    """What a reader of a bilag file reads: its text, one string a page (a PDF) or one for
    the whole file, None when dialog can read none; and the pages (from 1) that show a
    picture and hold no text, a scanned page among typed ones."""

    pages: list[str] | None
    scanned: tuple[int, ...] = ()


def read_text(name: str, data: bytes) -> FileText:
    """A bilag file's text as its reader sees it: text and Markdown decoded, a PDF's text
    (pypdf) with its scanned pages, an office document's paragraphs and cells (Word, Excel,
    PowerPoint, OpenDocument). No text for a file dialog cannot read (an image; a damaged
    file)."""
    import io

    kind = text_kind(name)
    if kind == "text":
        return FileText([data.decode("utf-8", "replace")])
    if kind == "pdf":
        return _pdf_text(io.BytesIO(data))
    if kind is not None:
        return FileText(_office_text(io.BytesIO(data), _OFFICE[f".{kind}"]))
    return FileText(None)


def text_of(name: str, data: bytes) -> list[str] | None:
    """`read_text(name, data).pages`: the text alone."""
    return read_text(name, data).pages


def _pdf_text(stream: IO[bytes]) -> FileText:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a damaged file: its text as read
    try:
        reader = PdfReader(stream)
        pages = [page.extract_text() or "" for page in reader.pages]
        # a page without text that shows a picture is a scan; a blank page shows none
        scanned = tuple(
            n
            for n, (page, text) in enumerate(zip(reader.pages, pages, strict=True), 1)
            if not text.strip() and len(page.images) > 0
        )
        return FileText(pages, scanned)
    except (PyPdfError, ValueError, KeyError, TypeError, RecursionError):
        return FileText(None)


def _office_text(stream: IO[bytes], office: _Office) -> list[str] | None:
    """The text of an office document's parts, one string, each part's text after the one
    before it (a part never runs into the next); None for a file that is no such document,
    is damaged or encrypted, or unpacks to more than MAX_OFFICE_TEXT_BYTES."""
    import html
    import zipfile
    import zlib

    texts = []
    budget = MAX_OFFICE_TEXT_BYTES
    try:
        with zipfile.ZipFile(stream) as z:
            names = sorted(name for name in z.namelist() if office.parts.fullmatch(name))
            if not names:
                return None
            for name in names:
                with z.open(name) as part:
                    raw = part.read(budget + 1)
                if len(raw) > budget:
                    return None
                budget -= len(raw)
                xml = raw.decode("utf-8", "replace")
                for pattern, shown in office.breaks:
                    xml = pattern.sub(shown, xml)
                texts.append(html.unescape(_TAG.sub("", xml)))
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, KeyError,
            NotImplementedError, RuntimeError):  # fmt: skip
        return None  # RuntimeError: encrypted; NotImplementedError: an unknown compression
    return ["\n\n".join(texts)]
