"""Document -> Markdown through `templates/render/*.md.j2`.

Every `{{ value }}` is plain text and is escaped so that it stays text in Markdown; only
what the `content` filter returns (people's Markdown, headings moved under the punkt's)
passes as it is.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from dialogmoder.render.document import Document, Table
from dialogmoder.render.parser import parser, safe_tokens
from dialogmoder.templating import environment

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


def content(markdown: str, shift: int = 1, indent: int = 0) -> MarkdownText:
    """People's Markdown re-emitted from the project parser's tokens (so raw HTML is text,
    an image is text and an unsafe link is its text alone, as in HTML and PDF), headings
    moved `shift` levels down, every line indented by `indent` spaces (to sit inside a
    list item)."""
    from mdformat.renderer import MDRenderer

    text = MDRenderer().render(safe_tokens(markdown, shift), _mdformat_options(), {})
    lines = [" " * indent + line if line.strip() else "" for line in text.splitlines()]
    return MarkdownText("\n".join(lines).strip("\n"))


@cache
def _mdformat_options() -> dict[str, Any]:
    """mdformat's renderer with the GFM tables and strikethrough our parser enables, lines
    kept as written and ordered lists numbered as written."""
    import mdformat.plugins

    plugins = [mdformat.plugins.PARSER_EXTENSIONS[name] for name in ("gfm", "tables")]
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


def render_markdown(root: Path | None, document: Document, template: str) -> str:
    text = markdown_environment(root).get_template(template).render(doc=document)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"
