"""The one Markdown parser for people's content: CommonMark, raw HTML off, images off."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

SAFE_SCHEMES = ("http:", "https:", "mailto:")


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
    # text; the HTML and typst converters drop targets that fail `is_safe_url`.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def is_safe_url(url: str) -> bool:
    """Only web and mail links; relative links stay (they point inside the document)."""
    lowered = "".join(url.split()).lower()
    if lowered.startswith(SAFE_SCHEMES):
        return True
    return ":" not in lowered.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
