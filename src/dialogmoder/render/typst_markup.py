"""Text and Markdown as typst markup that can only ever be text.

Every ASCII punctuation character of people's text is backslash-escaped, so nothing they
write can open code (`#`), a label (`<`), a heading (`=`), a list, a raw block, a
comment (`//`) or a math formula (`$`); typst prints the escaped character as it is.
Markdown structure (paragraphs, lists, emphasis, links, tables) becomes typst function
calls around escaped text.
"""

from __future__ import annotations

import string
from typing import TYPE_CHECKING, Any

from dialogmoder.render.parser import is_safe_url, parser

if TYPE_CHECKING:
    from markdown_it.tree import SyntaxTreeNode

_ESCAPES = {ord(c): "\\" + c for c in string.punctuation}
_ESCAPES.update({ord("\n"): " ", ord("\r"): " ", ord("\t"): " "})


class TypstMarkup(str):
    """Typst markup that a template may emit as it is."""


def escape(value: Any) -> str:
    """Plain text as typst markup text (the `finalize` of every `{{ }}` in a .typ template)."""
    if isinstance(value, TypstMarkup):
        return value
    if value is None:
        return ""
    return str(value).translate(_ESCAPES)


def string_literal(value: Any) -> TypstMarkup:
    """A typst string literal: `"..."` with backslash, quote and control characters escaped."""
    out = ['"']
    for ch in "" if value is None else str(value):
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0:
            out.append(f"\\u{{{ord(ch):x}}}")
        else:
            out.append(ch)
    out.append('"')
    return TypstMarkup("".join(out))


def lines(cell: tuple[str, ...]) -> TypstMarkup:
    """A table cell's lines of plain text, each its own paragraph (so a wrapped line
    still reads as one)."""
    return TypstMarkup("\n\n".join(escape(line) for line in cell))


def markdown_to_typst(markdown: str, shift: int = 1) -> TypstMarkup:
    """People's Markdown as typst markup, headings `shift` levels down and left out of the TOC."""
    from markdown_it.tree import SyntaxTreeNode

    tree = SyntaxTreeNode(parser().parse(markdown))
    return TypstMarkup(_blocks(tree.children, shift))


def _blocks(nodes: list[SyntaxTreeNode], shift: int) -> str:
    return "\n\n".join(part for node in nodes if (part := _block(node, shift)))


def _block(node: SyntaxTreeNode, shift: int) -> str:
    kind = node.type
    if kind == "paragraph":
        return _inline_children(node)
    if kind == "heading":
        level = min(6, int(node.tag[1]) + shift)
        return (
            f"#heading(level: {level}, outlined: false, bookmarked: false)"
            f"[{_inline_children(node)}]"
        )
    if kind == "bullet_list":
        items = ", ".join(f"[{_blocks(item.children, shift)}]" for item in node.children)
        return f"#list({items})"
    if kind == "ordered_list":
        start = int(str(node.attrs.get("start", 1)))
        numbering = string_literal("1)" if node.markup == ")" else "1.")
        items = ", ".join(f"[{_blocks(item.children, shift)}]" for item in node.children)
        return f"#enum(start: {start}, numbering: {numbering}, {items})"
    if kind == "blockquote":
        inner = _blocks(node.children, shift)
        if _quote_depth(node) > MAX_QUOTE_DEPTH:
            return inner
        return f"#quote(block: true)[{inner}]"
    if kind in ("fence", "code_block"):
        return f"#raw(block: true, {string_literal(node.content.rstrip(chr(10)))})"
    if kind == "hr":
        return "#line(length: 100%, stroke: 0.5pt)"
    if kind == "table":
        return _table(node)
    return escape(node.content)  # html_block and anything unforeseen: shown as text


# typst stops at a nesting depth of its show rules ("maximum show rule depth exceeded")
# somewhere under 20 quotes; a pasted e-mail thread can quote deeper than that. Deeper
# quotes stay indented as the one at this depth.
MAX_QUOTE_DEPTH = 8


def _quote_depth(node: SyntaxTreeNode) -> int:
    depth = 0
    current: SyntaxTreeNode | None = node
    while current is not None:
        depth += current.type == "blockquote"
        current = current.parent
    return depth


def _table(node: SyntaxTreeNode) -> str:
    rows = [tr for section in node.children for tr in section.children]
    if not rows:
        return ""
    columns = len(rows[0].children)
    header = ", ".join(f"[*{_inline_children(c)}*]" for c in rows[0].children)
    body = ", ".join(f"[{_inline_children(c)}]" for tr in rows[1:] for c in tr.children)
    return f"#table(columns: {columns}, table.header({header}){', ' + body if body else ''})"


def _inline_children(node: SyntaxTreeNode) -> str:
    return "".join(_inline(child) for child in node.children)


def _inline(node: SyntaxTreeNode) -> str:
    kind = node.type
    if kind == "inline":
        return _inline_children(node)
    if kind == "text":
        return escape(node.content)
    if kind == "softbreak":
        return " "
    if kind == "hardbreak":
        return " \\\n"
    if kind == "strong":
        return f"#strong[{_inline_children(node)}]"
    if kind == "em":
        return f"#emph[{_inline_children(node)}]"
    if kind == "s":
        return f"#strike[{_inline_children(node)}]"
    if kind == "code_inline":
        return f"#raw({string_literal(node.content)})"
    if kind == "link":
        href = str(node.attrs.get("href", ""))
        text = _inline_children(node)
        if href.startswith(("http:", "https:", "mailto:")) and is_safe_url(href):
            return f"#link({string_literal(href)})[{text}]"
        return text
    return escape(node.content)
