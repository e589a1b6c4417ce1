"""Text and Markdown as typst markup that can only ever be text.

Every ASCII punctuation character of people's text is backslash-escaped, so nothing they
write can open code (`#`), a label (`<`), a heading (`=`), a list, a raw block, a
comment (`//`) or a math formula (`$`); typst prints the escaped character as it is.
Markdown structure (paragraphs, lists, emphasis, links, tables) becomes typst function
calls around escaped text.

Some text typst cannot typeset as it is, so it is made typesettable here: line and
paragraph separators become spaces, control characters (which show nothing) are left
out, a very long word gets break opportunities (a zero-width space every few dozen
characters; a single unbroken run over 64 KiB makes typst's PDF writer panic), nesting
deeper than typst's limits is flattened, and a link target too long for typst keeps its
text and shows the address after it. The Markdown tree is walked with an explicit stack,
so no nesting depth can reach Python's recursion limit.
"""

from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dialogmoder.domain.markdown import is_safe_url, read_only_tokens

if TYPE_CHECKING:
    from markdown_it.token import Token

_ESCAPES: dict[int, str | None] = {ord(c): "\\" + c for c in string.punctuation}
# line breaks and separators of every kind are spaces in running text
_ESCAPES.update({ord(c): " " for c in "\n\r\t\v\f\x85\u2028\u2029"})
# other control characters show nothing and may upset typst's parser: left out
_ESCAPES.update({c: None for c in [*range(0x20), *range(0x7F, 0xA0)] if c not in _ESCAPES})
# the same table as one search: str.translate looks up every character of a text that is
# not ASCII (Danish text never is), a search stops only at those the table changes
_ESCAPED = {chr(c): value or "" for c, value in _ESCAPES.items()}
_TO_ESCAPE = re.compile("[" + "".join(re.escape(c) for c in _ESCAPED) + "]")

# in code (raw), control characters other than tab and line feed show nothing either, and
# no font has a glyph for them (PDF/UA-1 refuses a text no font can show)
_CODE_CONTROLS: dict[int, str | None] = {
    c: None for c in [*range(0x20), *range(0x7F, 0xA0)] if c not in (0x09, 0x0A)
}

# A run of this many characters without a space gets a break opportunity (a zero-width
# space) after every BREAK_EVERY of them; no real word is that long, so ordinary text
# is untouched. Code (raw) keeps its characters unless a run is absurdly long.
LONG_WORD = 64
LONG_CODE = 1024
BREAK_EVERY = 32
ZWSP = "\u200b"
# Invisible format characters (joiners, direction marks, soft hyphens): more than
# MAX_MARKS in a row are cut to MAX_MARKS. Being zero-width, a flood of them never fills
# a line, and a line's text over 64 KiB makes typst panic; a reader sees no difference.
_FORMAT = (
    "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb"
    "\U0001bca0-\U0001bca3\U000e0001-\U000e007f"
)
# Unicode's stream-safe text format allows 30 combining marks in a row; no script needs more
MAX_MARKS = 30
_FORMAT_FLOOD = re.compile(f"([{_FORMAT}]{{{MAX_MARKS}}})[{_FORMAT}]+")
_ANY_FORMAT = re.compile(f"[{_FORMAT}]")  # found far sooner than a flood is ruled out
_LONG_WORD = re.compile(rf"[^\s\u200b]{{{LONG_WORD},}}")
_LONG_CODE = re.compile(rf"[^\s\u200b]{{{LONG_CODE},}}")
# typst refuses a link target longer than this ("URL is too long")
MAX_URL_BYTES = 8000


class TypstMarkup(str):
    """Typst markup that a template may emit as it is."""


def escape(value: Any) -> str:
    """Plain text as typst markup text (the `finalize` of every `{{ }}` in a .typ template)."""
    if isinstance(value, TypstMarkup):
        return value
    if value is None:
        return ""
    return _TO_ESCAPE.sub(_escaped, breakable(str(value)))


def _escaped(match: re.Match[str]) -> str:
    return _ESCAPED[match[0]]


def breakable(text: str, pattern: re.Pattern[str] = _LONG_WORD) -> str:
    """`text` with a break opportunity every BREAK_EVERY characters of a very long word."""
    if len(text) < LONG_WORD:
        return text
    if _ANY_FORMAT.search(text):
        text = _FORMAT_FLOOD.sub(r"\1", text)
    return pattern.sub(_with_breaks, text)


def _with_breaks(match: re.Match[str]) -> str:
    out: list[str] = []
    run = marks = 0
    for ch in match[0]:
        if clings(ch):
            marks += 1
            if marks > MAX_MARKS:
                # a flood of combining marks: typst shapes it in quadratic time, then
                # panics; a space every MAX_MARKS keeps every mark and ends the cluster
                out.append(" ")
                run, marks = 0, 1
        else:
            marks = 0
            # not right after a joiner, unless the run is made of little else
            joined = bool(out) and clings(out[-1])
            if run >= BREAK_EVERY and (not joined or run >= 4 * BREAK_EVERY):
                out.append(ZWSP)
                run = 0
        out.append(ch)
        run += 1
    return "".join(out)


def clings(ch: str) -> bool:
    """A combining mark, a joiner or other format character, or an emoji skin tone."""
    return (
        unicodedata.category(ch) in {"Mn", "Mc", "Me", "Cf"} or "\U0001f3fb" <= ch <= "\U0001f3ff"
    )


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


def markdown_to_typst(markdown: str, under: int = 1) -> TypstMarkup:
    """People's Markdown as typst markup, its headings left out of the TOC and nested under
    the template's heading of level `under` (see `_Levels`)."""
    return TypstMarkup(_convert(read_only_tokens(markdown), _Levels(under)))


# typst's PDF/UA-1 check refuses a first heading of another level than 1 and a heading
# that skips a level (2 then 4); PDF has heading tags H1 to H6.
MAX_HEADING = 6


@dataclass
class _Levels:
    """People's heading levels, in any order, as levels that never skip one: the first
    heading sits right under the template's heading of level `under`, and each one after
    is one deeper than the nearest earlier heading of a higher Markdown level, or level
    with that heading's sibling (`###`, `#####`, `####`, `#` under a level-2 heading are
    3, 4, 4, 3). Deeper than H6 stays H6."""

    under: int
    enclosing: list[int] = field(default_factory=list)  # their Markdown levels

    def level(self, markdown_level: int) -> int:
        while self.enclosing and self.enclosing[-1] >= markdown_level:
            self.enclosing.pop()
        self.enclosing.append(markdown_level)
        return min(MAX_HEADING, self.under + len(self.enclosing))


# typst stops at a nesting depth of its show rules ("maximum show rule depth exceeded"):
# somewhere under 20 quotes, 40 lists, 100 emphases, less when they mix and the template
# adds its own. A pasted e-mail thread can quote deeper than that. Deeper quotes stay
# indented as the one at this depth; deeper lists become paragraphs that start with
# their bullet or number; deeper emphasis is text in the emphasis around it.
MAX_QUOTE_DEPTH = 8
MAX_BLOCK_DEPTH = 12
MAX_INLINE_DEPTH = 8
_CONTAINERS = {"bullet_list", "ordered_list", "blockquote"}
_INLINE_MARKUP = {"strong": "#strong", "em": "#emph", "s": "#strike"}


@dataclass
class _Open:
    """A Markdown element whose closing token has not come yet, and what it holds so far."""

    kind: str
    token: Token | None
    parts: list[Any] = field(default_factory=list)


def _convert(tokens: list[Token], levels: _Levels) -> str:
    """The block tokens (a flat list with open/close pairs) as typst markup."""
    stack = [_Open("root", None)]
    for token in tokens:
        if token.nesting == 1:
            stack.append(_Open(token.type.removesuffix("_open"), token))
            continue
        if token.nesting == -1:
            if len(stack) == 1:
                continue  # unbalanced; markdown-it never does this
            done = stack.pop()
            stack[-1].parts.append(_close_block(done, stack, levels))
            continue
        stack[-1].parts.append(_leaf_block(token))
    while len(stack) > 1:
        done = stack.pop()
        stack[-1].parts.append(_close_block(done, stack, levels))
    return _join_blocks(stack[0].parts)


def _join_blocks(parts: list[Any]) -> str:
    return "\n\n".join(part for part in parts if part)


def _leaf_block(token: Token) -> str:
    kind = token.type
    if kind == "inline":
        return _inline(token.children or [])
    if kind in ("fence", "code_block"):
        code = breakable(token.content.rstrip(chr(10)).translate(_CODE_CONTROLS), _LONG_CODE)
        return f"#raw(block: true, {string_literal(code)})"
    if kind == "hr":
        return "#line(length: 100%, stroke: 0.5pt)"
    return escape(token.content)  # html_block and anything unforeseen: shown as text


def _close_block(done: _Open, stack: list[_Open], levels: _Levels) -> Any:
    """The markup of an element whose children are all converted; `stack` holds its parents."""
    kind, token, parts = done.kind, done.token, done.parts
    assert token is not None
    if kind == "paragraph":
        return "".join(parts)
    if kind in ("th", "td"):
        style = str(token.attrs.get("style", ""))
        return _Cell("".join(parts), _ALIGN.get(style.removeprefix("text-align:"), "left"))
    if kind == "heading":
        title = "".join(parts)
        if not title.strip():
            return ""  # `#` alone: no heading (PDF/UA-1 refuses an empty one)
        level = levels.level(int(token.tag[1]))
        return f"#heading(level: {level}, outlined: false, bookmarked: false)[{title}]"
    if kind == "list_item":
        return _join_blocks(parts)
    if kind in ("tr", "thead", "tbody"):
        return list(parts)
    if kind == "table":
        return _table([row for section in parts for row in section])
    depth = 1 + sum(o.kind in _CONTAINERS for o in stack)
    if kind == "blockquote":
        inner = _join_blocks(parts)
        quotes = 1 + sum(o.kind == "blockquote" for o in stack)
        if quotes > MAX_QUOTE_DEPTH or depth > MAX_BLOCK_DEPTH:
            return inner
        return f"#quote(block: true)[{inner}]"
    if kind == "bullet_list":
        if depth > MAX_BLOCK_DEPTH:
            return _join_blocks([escape("• ") + item for item in parts])
        return f"#list({', '.join(f'[{item}]' for item in parts)})"
    if kind == "ordered_list":
        start = int(str(token.attrs.get("start", 1)))
        if depth > MAX_BLOCK_DEPTH:
            close = ")" if token.markup == ")" else "."
            numbered = [escape(f"{start + i}{close} ") + item for i, item in enumerate(parts)]
            return _join_blocks(numbered)
        numbering = string_literal("1)" if token.markup == ")" else "1.")
        items = ", ".join(f"[{item}]" for item in parts)
        return f"#enum(start: {start}, numbering: {numbering}, {items})"
    return escape(token.content)  # a container nobody foresaw: as the tree walk did


@dataclass(frozen=True)
class _Cell:
    """A table cell's markup and its column's alignment as Markdown wrote it (`|---:|`)."""

    markup: str
    align: str


_ALIGN = {"left": "left", "right": "right", "center": "center"}


def _table(rows: list[list[_Cell]]) -> str:
    if not rows:
        return ""
    columns = len(rows[0])
    align = ", ".join(cell.align for cell in rows[0])
    header = ", ".join(f"[*{cell.markup}*]" for cell in rows[0])
    body = ", ".join(f"[{cell.markup}]" for row in rows[1:] for cell in row)
    return (
        f"#table(columns: {columns}, align: ({align},), table.header({header})"
        f"{', ' + body if body else ''})"
    )


def _inline(tokens: list[Token]) -> str:
    """An inline token's children (flat, with open/close pairs) as typst markup."""
    stack = [_Open("inline", None)]
    for token in tokens:
        if token.nesting == 1:
            stack.append(_Open(token.type.removesuffix("_open"), token))
        elif token.nesting == -1:
            if len(stack) > 1:
                done = stack.pop()
                stack[-1].parts.append(_close_inline(done, len(stack)))
        else:
            stack[-1].parts.append(_leaf_inline(token))
    while len(stack) > 1:
        done = stack.pop()
        stack[-1].parts.append(_close_inline(done, len(stack)))
    return "".join(stack[0].parts)


def _leaf_inline(token: Token) -> str:
    kind = token.type
    if kind == "text":
        return escape(token.content)
    if kind == "softbreak":
        return " "
    if kind == "hardbreak":
        return " \\\n"
    if kind == "code_inline":
        code = breakable(token.content.translate(_CODE_CONTROLS), _LONG_CODE)
        return f"#raw({string_literal(code)})"
    return escape(token.content)


def _close_inline(done: _Open, depth: int) -> str:
    kind, token = done.kind, done.token
    assert token is not None
    text = "".join(done.parts)
    if kind in _INLINE_MARKUP:
        return text if depth > MAX_INLINE_DEPTH else f"{_INLINE_MARKUP[kind]}[{text}]"
    if kind == "link":
        href = str(token.attrs.get("href", ""))
        if not (href.startswith(("http:", "https:", "mailto:")) and is_safe_url(href)):
            return text
        if depth > MAX_INLINE_DEPTH or len(href.encode("utf-8")) > MAX_URL_BYTES:
            # the address is kept as text when typst cannot make it a link
            return text if done.parts == [escape(href)] else f"{text}{escape(f' ({href})')}"
        return f"#link({string_literal(href)})[{text}]"
    return escape(token.content)
