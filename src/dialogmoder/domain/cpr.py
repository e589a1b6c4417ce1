"""CPR numbers in what a reader reads: the detector, and the text Markdown shows.

`domain.edition` applies it to every string a public rendering can show; `dialog check`
(DM601) and `render --public`, `site` and `diff --public` (which refuse) all use that.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it.token import Token


# ddmmyy, up to two separator characters, then four digits; not part of a longer number.
# Separators are what Word, PDFs and web pages paste: hyphens and dashes (also the
# non-breaking hyphen and the minus sign), spaces of every width on one line (tab,
# no-break, thin, figure), and the invisible ones (soft hyphen, zero-width space, word
# joiner), which print as nothing, so the number shows whole.
_SEPARATOR = r"[-\u2010-\u2015\u2212\t \u00a0\u2000-\u200b\u202f\u205f\u3000\u00ad\u2060\ufeff]"
_CPR = re.compile(r"(?<!\w)([0-9]{2})([0-9]{2})([0-9]{2})" + _SEPARATOR + r"{0,2}([0-9]{4})(?!\w)")
_SIX_DIGITS = re.compile(r"[0-9]{6}")
_DIGIT = re.compile(r"[0-9]")
# Markdown can only hide a number from the text as written by putting markup (or a line
# break, or an entity) between its digits; the first such character after a digit is one
# of these. Text without one is read as written, without the cost of parsing it.
_MARKUP = r"[*_~`\[\]<>|\\;&\r\n]"
_MARKUP_AFTER_DIGIT = re.compile(r"[0-9]" + _SEPARATOR + "*" + _MARKUP)
# One scan says whether a text needs a closer look at all: six digits, markup after a
# digit, or an entity.
WORTH_A_LOOK = re.compile(r"&|[0-9](?:[0-9]{5}|" + _SEPARATOR + "*" + _MARKUP + ")")
_LOOSE_CPR = re.compile(r"[0-9]{6}" + _SEPARATOR + r"*[0-9]{4}")
_DROP_MARKUP = str.maketrans({**dict.fromkeys("*_~`\\[]<>|"), "\n": " ", "\r": " "})
_COMMENT = re.compile(r"<!--.*?(-->|\Z)", re.DOTALL)  # as sections.without_comments
_BREAK = re.compile(r"\r\n|\n|\r")


def cpr_numbers(text: str) -> Iterator[re.Match[str]]:
    """Matches that look like a CPR number: ddmmyy-xxxx where ddmmyy is a real date.

    No modulus-11 check: it was given up in 2007, so valid numbers fail it.
    """
    if not _SIX_DIGITS.search(text):  # three times faster than the full pattern; most text
        return
    for match in _CPR.finditer(text):
        day, month, year = int(match[1]), int(match[2]), int(match[3])
        for century in (1900, 2000):
            try:
                date(century + year, month, day)
            except ValueError:
                continue
            yield match
            break


def _digits(match: re.Match[str]) -> str:
    return match[1] + match[2] + match[3] + match[4]


def mask(number: str) -> str:
    """'0101…': enough to find it, not enough to publish it again in a log."""
    return number[:4] + "…"


# --- what a reader reads ---------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """The text a reader sees of one block (a paragraph, a heading, a table row, code)."""

    text: str
    line: int  # 0-based line of the block in the Markdown
    breaks: tuple[int, ...]  # offsets in `text` where a source line ended

    def line_at(self, offset: int) -> int:
        return self.line + bisect.bisect_right(self.breaks, offset)


def may_hide(text: str) -> bool:
    """Whether Markdown could show a number that the text as written does not have.

    Cheap and never wrong in the direction that matters: a text it says no to shows no
    number; a yes is checked by parsing (`shown_text`)."""
    if "&" not in text and _MARKUP_AFTER_DIGIT.search(text) is None:
        return False
    if len(_DIGIT.findall(text)) < 10:  # an entity has at least as many digits as it shows
        return False
    if "](" in text or "][" in text:
        return True  # a link's target or label sits between the words it shows: parse
    # What can stand between the digits of a number a reader sees is markup, which is
    # dropped here, line breaks and quote markers, which become spaces, and separators,
    # which the loose pattern takes any number of, around no boundaries.
    seen = _COMMENT.sub("", text)
    if "&" in seen:
        seen = html.unescape(seen)
    return _LOOSE_CPR.search(seen.translate(_DROP_MARKUP)) is not None


def shown_text(markdown: str) -> list[Shown]:
    """The blocks of text a reader sees once Markdown is rendered: comments gone, entities
    decoded, emphasis and escapes resolved, line breaks as spaces, a table row's cells
    side by side. Lines are those of `markdown` (comments included)."""
    from dialogmoder.domain.markdown import parser

    text, shift = _uncommented(markdown)
    blocks: list[Shown] = []
    row: list[Shown] | None = None  # the cells of the table row being read
    for token in parser().parse(text):
        if token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and row is not None:
            if row:
                blocks.append(Shown(" ".join(c.text for c in row), row[0].line, ()))
            row = None
        elif token.type in ("inline", "code_block", "fence"):
            line = shift(token.map[0] if token.map else 0)
            shown = _inline(token, line) if token.type == "inline" else _code(token, line)
            (blocks if row is None else row).append(shown)
    return blocks


def _inline(token: Token, line: int) -> Shown:
    parts: list[str] = []
    breaks: list[int] = []
    size = 0
    for child in token.children or ():
        if child.type in ("softbreak", "hardbreak"):
            breaks.append(size)
            parts.append(" ")
            size += 1
        elif child.type in ("text", "text_special", "code_inline", "html_inline"):
            parts.append(child.content)
            size += len(child.content)
    return Shown("".join(parts), line, tuple(breaks))


def _code(token: Token, line: int) -> Shown:
    content = token.content
    offset = 1 if token.type == "fence" else 0  # the fence line itself
    breaks = tuple(m.start() for m in re.finditer("\n", content))
    return Shown(content, line + offset, breaks)


def _uncommented(markdown: str) -> tuple[str, Callable[[int], int]]:
    """The Markdown without comments, and a function from its lines to the original's."""
    if "<!--" not in markdown:
        return markdown, lambda line: line
    parts: list[str] = []
    starts: list[int] = []  # line (in the text without comments) where a comment began
    removed: list[int] = []  # line breaks removed up to and including that comment
    at, lines, total = 0, 0, 0
    for match in _COMMENT.finditer(markdown):
        kept = markdown[at : match.start()]
        parts.append(kept)
        lines += len(_BREAK.findall(kept))
        total += len(_BREAK.findall(match.group()))
        starts.append(lines)
        removed.append(total)
        at = match.end()
    parts.append(markdown[at:])

    def shift(line: int) -> int:
        n = bisect.bisect_left(starts, line)  # comments that began on an earlier line
        return line + (removed[n - 1] if n else 0)

    return "".join(parts), shift


# --- finding numbers in a piece of content ---------------------------------------------


@dataclass(frozen=True)
class Hit:
    line: int
    digits: str
    shown: str  # masked
    rendered: bool  # only visible once Markdown is rendered


def hits(text: str, first_line: int, *, multiline: bool) -> list[Hit]:
    """Every CPR number in `text`, as written and as a reader sees it, each once.

    `multiline`: `text` is a body whose lines follow `first_line`; otherwise every hit is
    on `first_line` (a front matter value)."""
    found: list[Hit] = []
    if WORTH_A_LOOK.search(text) is None:
        return found
    for match in cpr_numbers(text):
        line = first_line + (text.count("\n", 0, match.start()) if multiline else 0)
        found.append(Hit(line, _digits(match), mask(match[0]), False))
    if not may_hide(text):
        return found
    written = list(found)
    for block in shown_text(text):
        for match in cpr_numbers(block.text):
            digits = _digits(match)
            start = first_line + (block.line if multiline else 0)
            end = first_line + (block.line_at(len(block.text)) if multiline else 0)
            if any(h.digits == digits and start <= h.line <= end for h in written):
                continue  # the same number, already found as written
            line = first_line + (block.line_at(match.start()) if multiline else 0)
            found.append(Hit(line, digits, mask(match[0]), True))
    return found
