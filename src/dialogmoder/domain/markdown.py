"""Markdown, in one place: the one parser for people's content (CommonMark, raw HTML off,
images off), and plain text escaped so that it stays text in Markdown."""

from __future__ import annotations

import re
import threading
from functools import cache
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

SAFE_SCHEMES = ("http:", "https:", "mailto:")

# What a browser ignores in a URL: leading and trailing C0 controls and spaces, and every
# tab and newline inside it (WHATWG URL standard).
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]")


@cache
def parser() -> MarkdownIt:
    """Raw HTML is shown as text and images are not loaded: no request leaves a document."""
    from markdown_it import MarkdownIt

    # maxNesting: the commonmark preset's 20 silently drops whatever is nested deeper (the
    # end of a pasted e-mail thread, quoted once more per reply); 100 is markdown-it's default.
    md = MarkdownIt(
        "commonmark",
        {"html": False, "linkify": False, "typographer": False, "maxNesting": 100},
    )
    md.enable(["table", "strikethrough"])
    md.disable("image")
    # Every link is parsed as a link so that an unsafe one loses its target but keeps its
    # text; `safe_tokens` (html, md) and the typst converter drop targets that fail
    # `is_safe_url`.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def is_safe_url(url: str) -> bool:
    """Only web and mail links, and relative links that stay on the document's own host
    (they point inside the document): never `//host`, `\\\\host` or `/\\host`, which a
    browser reads as another host (a file share on Windows)."""
    return all(_is_safe(form) for form in (url, unquote(url)))


def _is_safe(url: str) -> bool:
    lowered = _IGNORED_IN_URL.sub("", url).lower().replace("\\", "/")
    if lowered.startswith(("http:", "https:")):
        return lowered.split(":", 1)[1].startswith("//")
    if lowered.startswith(SAFE_SCHEMES):
        return True
    if lowered.startswith("//"):
        return False
    return ":" not in lowered.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]


# --- one parse for two renderings -----------------------------------------------------
# The site makes a meeting's PDF and its page from the same Markdown, one after the other.
# `read_only_tokens` (the typst converter, which changes no token) keeps the tokens it
# parsed for a while; `safe_tokens` (the HTML and Markdown renderers, which change tokens
# in place) takes them out of that keeping before it changes them, so no one ever sees a
# changed token list. Either order is right; typst first is the order that parses once.
# Each thread keeps its own (a PDF that fails is typeset again in a thread of the pool).
KEPT = 256  # texts whose tokens are kept: more than one meeting's sections
_local = threading.local()


def _kept() -> dict[str, list[Token]]:
    kept: dict[str, list[Token]] | None = getattr(_local, "kept", None)
    if kept is None:
        kept = _local.kept = {}
    return kept


def read_only_tokens(markdown: str) -> list[Token]:
    """`parser().parse(markdown)` for a reader that changes no token (see above)."""
    kept = _kept()
    tokens = kept.get(markdown)
    if tokens is None:
        tokens = parser().parse(markdown)
        if len(kept) >= KEPT:
            del kept[next(iter(kept))]
        kept[markdown] = tokens
    return tokens


def _own_tokens(markdown: str) -> list[Token]:
    """`parser().parse(markdown)` for a reader that may change the tokens."""
    tokens = _kept().pop(markdown, None)
    return parser().parse(markdown) if tokens is None else tokens


def safe_tokens(markdown: str, shift: int = 1) -> list[Token]:
    """People's Markdown parsed, its headings `shift` levels down, and every link whose
    target fails `is_safe_url` turned into its text alone."""
    tokens = _own_tokens(markdown)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(6, int(token.tag[1]) + shift)
            token.tag, token.markup = f"h{level}", "#" * level
        unsafe = False  # links do not nest: a link_close closes the last link_open
        for child in token.children or ():
            if child.type == "link_open":
                unsafe = not is_safe_url(str(child.attrs.get("href", "")))
            if unsafe and child.type in ("link_open", "link_close"):
                child.type, child.tag, child.nesting, child.content = "text", "", 0, ""
        if token.children:
            token.children = _joined_text(token.children)
    return tokens


def _joined_text(children: list[Token]) -> list[Token]:
    """Neighbouring text tokens as one, so that a dropped link's text and the text around
    it are escaped together (`&` + `pr` + `;` must not come out as the entity `&pr;`)."""
    joined: list[Token] = []
    for child in children:
        if joined and child.type == "text" and joined[-1].type == "text":
            joined[-1].content += child.content
        else:
            joined.append(child)
    return joined


def plain_lines(markdown: str) -> tuple[str, ...]:
    """People's Markdown as the lines of plain text a reader sees, for a table cell: one
    line per paragraph, heading, list item or code line; emphasis and link targets gone."""
    lines: list[str] = []
    for token in safe_tokens(markdown):
        if token.type == "inline":
            words = (
                " " if c.type in ("softbreak", "hardbreak") else c.content
                for c in token.children or ()
                if c.type in ("text", "code_inline", "softbreak", "hardbreak")
            )
            lines.append(" ".join("".join(words).split()))
        elif token.type in ("fence", "code_block"):
            lines.extend(token.content.splitlines())
    return tuple(line for line in lines if line.strip())


# --- plain text in Markdown ----------------------------------------------------------

_SPECIAL = re.compile(r"([\\`<>\[\]|*_~])")


class MarkdownText(str):
    """Markdown that the template may emit without escaping."""


def escape(value: Any) -> str:
    """Plain text as Markdown text: no HTML, links, emphasis or table breaks, on one line."""
    if isinstance(value, MarkdownText):
        return value
    if value is None:
        return ""
    text = " ".join(str(value).split())
    return _SPECIAL.sub(r"\\\1", text)


@cache
def _image_parser() -> MarkdownIt:
    """The content parser with images on: only to find them, never to render."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "maxNesting": 100})
    md.enable(["table", "strikethrough"])
    return md


def image_lines(markdown: str, first_line: int = 1) -> list[tuple[int, str]]:
    """(line, target) of every image (`![alt](target)`) that CommonMark reads in
    `markdown`, whose first line is `first_line`. An image in a table or a paragraph that
    spans lines is placed on the first line of that block holding '!['."""
    if "![" not in markdown:
        return []
    lines = markdown.splitlines()
    found: list[tuple[int, str]] = []
    for token in _image_parser().parse(markdown):
        if token.type != "inline" or not token.children or token.map is None:
            continue
        start, end = token.map
        marked = [n for n in range(start, min(end, len(lines))) if "![" in lines[n]]
        for child in token.children:
            if child.type == "image":
                line = marked.pop(0) if len(marked) > 1 else (marked[0] if marked else start)
                found.append((first_line + line, str(child.attrs.get("src", ""))))
    return found
