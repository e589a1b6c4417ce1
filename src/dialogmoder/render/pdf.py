"""Assembled -> PDF: typst markup from `templates/render/*.typ.j2`, compiled by typst.

Every `{{ value }}` in a typst template is escaped as text (`typst_markup.escape`), so a
title can never become typst code. Only the fonts typst embeds are used (Libertinus
Serif has æ, ø, å), never the machine's, so the PDF is the same everywhere; typst embeds
the subset of each font it uses in the PDF.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import threading
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any, Literal

import jinja2

from dialogmoder.danish import besked
from dialogmoder.errors import DialogError
from dialogmoder.io.templating import environment
from dialogmoder.render.document import Assembled
from dialogmoder.render.typst_markup import (
    clings,
    escape,
    lines,
    markdown_to_typst,
    string_literal,
)


@cache
def fonts() -> Any:
    """typst's embedded fonts only; searching the system's would cost time and reproducibility."""
    import typst

    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=True)


def typst_environment(root: Path | None) -> jinja2.Environment:
    env = environment(root).overlay(finalize=escape)
    env.filters["content"] = markdown_to_typst
    env.filters["cell"] = lines
    env.filters["typst_string"] = string_literal
    return env


def typst_source(
    root: Path | None, document: Assembled, template: str, env: jinja2.Environment | None = None
) -> str:
    """`env`: a `typst_environment` to reuse (building one compiles every template again)."""
    return (env or typst_environment(root)).get_template(template).render(doc=document)


def render_pdf(
    root: Path | None, document: Assembled, template: str, env: jinja2.Environment | None = None
) -> bytes:
    return typeset(root, document, template, typst_source(root, document, template, env))


def typeset(root: Path | None, document: Assembled, template: str, source: str) -> bytes:
    """The PDF of `source` (`typst_source` of `document`); a DialogError naming the text
    typst cannot typeset. Safe to call from several threads at once (the site typesets its
    PDFs side by side: typst lets go of the interpreter while it compiles)."""
    try:
        return _compile(root, source)
    except TypesettingError as e:
        from dialogmoder.render.culprit import locate

        def fails(part: Assembled) -> bool:
            try:
                _compile(root, typst_source(root, part, template))
            except TypesettingError:
                return True
            return False

        where = locate(document, fails)
        if where is None:
            raise DialogError(
                besked(
                    "typst could not typeset {template}: {message} (is a template in"
                    " templates/render/ edited?)"
                ).format(template=template, message=e.message),
                exit_code=1,
            ) from None
        raise DialogError(
            besked("typst cannot typeset this text: {message}; simplify or shorten it").format(
                message=e.message
            ),
            path=where.path,
            line=where.line,
            exit_code=1,
        ) from None


class TypesettingError(Exception):
    """typst refused (an error) or broke down (a panic) on a source."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# PDF/UA-1 forbids a character no font has a glyph for (typst then refuses "the text
# `"😀"` could not be displayed with font ..."; it names one text at a time). Such a text
# is shown as U+FFFD, the replacement character, as a reader showed it before (a blank
# box): up to this many different ones; past them, the PDF is written tagged but without
# claiming PDF/UA-1, so that a document is never refused for its characters.
MAX_UNDISPLAYABLE = 24
REPLACEMENT = "\ufffd"
_UNDISPLAYABLE = re.compile(r'^PDF/UA-1 error: the text `"(.+)"` could not be displayed with font')


def _compile(root: Path | None, source: str) -> bytes:
    for _ in range(MAX_UNDISPLAYABLE):
        try:
            return _compile_once(root, source, "ua-1")
        except TypesettingError as e:
            shown = _undisplayable(e.message)
            if shown is None:
                raise
            replaced = _replaced(source, shown)
            if replaced == source:
                break
            source = replaced
    return _compile_once(root, source, None)


def _replaced(source: str, shown: str) -> str:
    """`source` with each `shown` and the marks and modifiers that cling to it (a skin
    tone, a joiner) as one REPLACEMENT."""
    out: list[str] = []
    start = 0
    while (found := source.find(shown, start)) != -1:
        out += [source[start:found], REPLACEMENT]
        start = found + len(shown)
        while start < len(source) and clings(source[start]):
            start += 1
    out.append(source[start:])
    return "".join(out)


def _undisplayable(message: str) -> str | None:
    """The text typst's message names as having no glyph (written as Rust writes a string)."""
    match = _UNDISPLAYABLE.match(message)
    if match is None:
        return None
    return re.sub(r"\\u\{([0-9a-fA-F]+)\}|\\(.)", _unescaped, match[1])


def _unescaped(match: re.Match[str]) -> str:
    if match[1]:
        return chr(int(match[1], 16))
    return {"n": "\n", "t": "\t", "r": "\r", "0": "\0"}.get(match[2], match[2])


def _compile_once(root: Path | None, source: str, standard: Literal["ua-1"] | None) -> bytes:
    import typst

    try:
        with _quiet_stderr():
            # a compiler per PDF: typst.Compiler reused measured no faster (its setup is
            # the fonts, made once by fonts()), and one cannot serve two threads
            data: bytes = typst.compile(
                source.encode("utf-8"),
                root=str(root) if root is not None else None,
                font_paths=fonts(),
                ignore_system_fonts=True,
                # every PDF is tagged PDF/UA-1 (structure tree, language, title, alt
                # text); typst refuses a source that breaks it, so the templates and
                # typst_markup keep to it (headings never skip a level, the logo has alt)
                pdf_standards=standard,
            )
            return data
    except typst.TypstError as e:
        raise TypesettingError(e.message) from None
    except BaseException as e:
        # a panic inside typst arrives as pyo3's PanicException, a BaseException
        if type(e).__name__ != "PanicException":
            raise
        raise TypesettingError(f"typst broke down ({e})") from None


_quiet_lock = threading.Lock()
_quiet: list[int] = []  # the saved descriptor 2 while some thread typesets
_quiet_depth = [0]


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """A panic inside typst prints Rust's message and backtrace straight to file
    descriptor 2; the person gets one line from us instead. Threads typesetting side by
    side share one redirection: the first in makes it, the last out ends it."""
    with _quiet_lock:
        if _quiet_depth[0] == 0:
            sys.stderr.flush()
            try:
                saved = os.dup(2)
            except OSError:
                saved = -1
            if saved != -1:
                with open(os.devnull, "w") as devnull:
                    os.dup2(devnull.fileno(), 2)
            _quiet[:] = [saved]
        _quiet_depth[0] += 1
    try:
        yield
    finally:
        with _quiet_lock:
            _quiet_depth[0] -= 1
            if _quiet_depth[0] == 0:
                saved = _quiet.pop()
                if saved != -1:
                    os.dup2(saved, 2)
                    os.close(saved)
