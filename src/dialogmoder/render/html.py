"""Assembled -> one standalone HTML file through `templates/render/*.html.j2`.

Templates autoescape. People's Markdown goes through markdown-it with raw HTML off and
images off (no request may leave the page), then through nh3, which keeps only a short
list of tags and only http, https and mailto links: `javascript:` and `data:` never
survive, and neither do HTML comments.
"""

from __future__ import annotations

import base64
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from dialogmoder.domain.logo import Logo
from dialogmoder.domain.markdown import parser, safe_tokens
from dialogmoder.io.templating import environment
from dialogmoder.render.document import Assembled

ALLOWED_TAGS = {
    "p", "br", "hr", "ul", "ol", "li", "strong", "em", "s", "code", "pre", "blockquote",
    "a", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
# A table column's alignment as Markdown writes it (`|---:|`) and markdown-it renders it:
# exactly these values, nothing else in a style attribute
ALIGNMENTS = {f"text-align:{side}" for side in ("left", "right", "center")}
ALLOWED_VALUES = {cell: {"style": ALIGNMENTS} for cell in ("th", "td")}


def markdown_to_html(markdown: str, shift: int = 1) -> Markup:
    """People's Markdown as safe HTML, its headings `shift` levels down."""
    import nh3

    md = parser()
    tokens = safe_tokens(markdown, shift)
    html = md.renderer.render(tokens, md.options, {})
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        tag_attribute_values=ALLOWED_VALUES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return Markup(clean)  # sanitised by nh3 just above


def cell(lines: tuple[str, ...]) -> Markup:
    """A table cell's lines of plain text, escaped, joined with <br>."""
    return Markup("<br>").join(escape(line) for line in lines)


def data_uri(logo: Logo) -> str:
    """The letterhead's logo inside the page: the one data: URI we write ourselves (people's
    content never gets one), so that the HTML stays one file that requests nothing."""
    return f"data:{logo.mime};base64,{base64.b64encode(logo.data).decode('ascii')}"


def html_environment(root: Path | None) -> jinja2.Environment:
    env = environment(root)
    env.filters["content"] = markdown_to_html
    env.filters["cell"] = cell
    env.filters["data_uri"] = data_uri
    return env


def render_html(
    root: Path | None, document: Assembled, template: str, bilag_mappe: str | None = None
) -> str:
    """`bilag_mappe`: the folder beside the HTML file that the bilag's files are copied to
    (None: the HTML goes to stdout, and the bilag are named without a link)."""
    template_ = html_environment(root).get_template(template)
    return template_.render(doc=document, bilag_mappe=bilag_mappe)
