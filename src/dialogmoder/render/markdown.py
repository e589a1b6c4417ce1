"""Assembled -> Markdown through `templates/render/*.md.j2`.

Every `{{ value }}` is plain text and is escaped so that it stays text in Markdown; only
what the `content` filter returns passes as it is: people's Markdown, parsed by the one
parser (render/parser.py) and written anew from its tokens, so the same content rules hold
as for HTML and PDF (raw HTML is text, images are off, an unsafe link keeps only its text).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import jinja2

if TYPE_CHECKING:
    from mdformat.renderer import RenderContext, RenderTreeNode

from dialogmoder.domain.markdown import MarkdownText, escape, parser, safe_tokens
from dialogmoder.io.templating import environment
from dialogmoder.render.document import Assembled, Table


def content(markdown: str, shift: int = 1, indent: int = 0) -> MarkdownText:
    """People's Markdown re-emitted from the project parser's tokens (so raw HTML is text,
    an image is text and an unsafe link is its text alone, as in HTML and PDF), headings
    moved `shift` levels down, every line indented by `indent` spaces (to sit inside a
    list item)."""
    from mdformat.renderer import MDRenderer

    # an unclosed code fence at the very end needs the newline to be closed again
    tokens = safe_tokens(markdown if markdown.endswith("\n") else markdown + "\n", shift)
    for token in tokens:
        if token.children:
            token.children = _flattened(token.children)
    text = MDRenderer().render(tokens, _mdformat_options(), {})
    lines = [" " * indent + line if line.strip() else "" for line in text.splitlines()]
    return MarkdownText("\n".join(lines).strip("\n"))


# Inline nesting (emphasis, strong, strikethrough, links) deeper than this is written as the
# text of the level around it, as the PDF does beyond typst's 8 levels: mdformat renders
# nesting by recursion, and 500 levels of `*` would exceed Python's stack.
MAX_INLINE_DEPTH = 8


def _flattened(children: list[Any]) -> list[Any]:
    """Inline tokens with every open/close pair deeper than MAX_INLINE_DEPTH left out (the
    text tokens it leaves side by side joined)."""
    kept: list[Any] = []
    depth = 0
    for child in children:
        if child.nesting == 1:
            depth += 1
            if depth > MAX_INLINE_DEPTH:
                continue
        elif child.nesting == -1:
            depth -= 1
            if depth >= MAX_INLINE_DEPTH:
                continue
        if kept and child.type == "text" and kept[-1].type == "text":
            kept[-1].content += child.content  # escaped together, as safe_tokens joins them
            continue
        kept.append(child)
    return kept


# A `<` that could open a tag or an autolink, not escaped yet (an odd number of
# backslashes before it escapes it). mdformat 1.0 leaves the second `<` of `<<b>` bare.
_BARE_LESS_THAN = re.compile(r"(?<!\\)((?:\\\\)*)<(?! |$)")


def _escape_every_tag(text: str, node: object, context: object) -> str:
    """An mdformat postprocessor for text: no `<` in people's text starts HTML."""
    return _BARE_LESS_THAN.sub(r"\1\\<", text)


def _hardbreak(node: RenderTreeNode, context: RenderContext) -> str:
    """A line break; in a heading (one line in Markdown) a space, where mdformat writes the
    raw HTML `<br />` that our parser would show as text."""
    from mdformat.renderer import DEFAULT_RENDERERS

    parent = node.parent
    while parent is not None:
        if parent.type == "heading":
            return " "
        parent = parent.parent
    return DEFAULT_RENDERERS["hardbreak"](node, context)


@cache
def _mdformat_options() -> dict[str, Any]:
    """mdformat's renderer with the GFM tables and strikethrough our parser enables, lines
    kept as written, and ordered lists numbered on from their first number."""
    import mdformat.plugins

    plugins: list[Any] = [mdformat.plugins.PARSER_EXTENSIONS[n] for n in ("gfm", "tables")]
    ours = SimpleNamespace(
        RENDERERS={"hardbreak": _hardbreak}, POSTPROCESSORS={"text": _escape_every_tag}
    )
    plugins.append(ours)
    return {
        **parser().options,
        "parser_extension": plugins,
        "mdformat": {"wrap": "keep", "number": True},
    }


def cell(lines: tuple[str, ...]) -> MarkdownText:
    """A table cell: its lines escaped and joined with <br>."""
    return MarkdownText("<br>".join(escape(line) for line in lines))


def table(value: Table) -> MarkdownText:
    head = "| " + " | ".join(escape(c) for c in value.columns) + " |"
    rule = "|" + "|".join("---" for _ in value.columns) + "|"
    rows = ["|" + "|".join(f" {cell(c)} " if c else " " for c in row) + "|" for row in value.rows]
    return MarkdownText("\n".join([head, rule, *rows]))


def markdown_environment(root: Path | None) -> jinja2.Environment:
    env = environment(root).overlay(finalize=escape)
    env.filters["content"] = content
    env.filters["table"] = table
    env.filters["cell"] = cell
    return env


def render_markdown(root: Path | None, document: Assembled, template: str) -> str:
    text = markdown_environment(root).get_template(template).render(doc=document)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"
