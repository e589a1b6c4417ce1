"""CPR numbers in what a reader reads: the detector, and the text Markdown shows.

`domain.edition` applies it to every string a public rendering can show; `dialog check`
(DM601) and `render --public`, `site` and `diff --public` (which refuse) all use that.
"""

from __future__ import annotations

import bisect
import functools
import html
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING
from urllib.parse import unquote

if TYPE_CHECKING:
    from markdown_it.token import Token


# --- what a reader sees of the characters ------------------------------------------------
#
# Before a number is looked for, the text is made what a reader sees: characters that show
# as nothing are dropped (format characters such as the soft hyphen, zero-width space, word
# joiner and the bidi marks, Unicode category Cf; control characters, Cc, but tab and line
# breaks; combining marks, Mn and Me, which only decorate the digit under them; and the
# few letters that are blank, the Hangul fillers), lookalike digits are folded to 0-9
# (NFKC: full-width and other compatibility forms; every other decimal digit, Nd, by its
# value), every space (Zs) becomes " ", and dashes (Pd, the minus sign) "-". A line break
# stays one, so lines are counted as in the file.

# Everything that is not printable ASCII or Latin-1 (the soft hyphen and the no-break
# space are not, for this): most Danish text has none, and is read as it is.
_SUSPECT = re.compile(r"[^\t\n\r\x20-\x7e\xa1-\xac\xae-\xff]")
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0")
_DROPPED = frozenset({"Cf", "Cc", "Mn", "Me", "Cs", "Co", "Cn"})


@functools.lru_cache(maxsize=4096)
def _seen(char: str) -> str:
    """What a reader sees of one character that is not plain: '' for an invisible one."""
    if char in "\t\n\r":
        return char
    if char in ("\u2028", "\u2029", "\x85"):
        return " "  # a line or paragraph separator: a break on screen, not in the file
    out = []
    for c in unicodedata.normalize("NFKC", char):
        category = unicodedata.category(c)
        if category in _DROPPED or c in _BLANK_LETTERS:
            continue
        if category == "Nd":
            out.append(str(unicodedata.decimal(c)))
        elif category == "Zs" or c == "\t":
            out.append(" ")
        elif category == "Pd" or c == "\u2212":
            out.append("-")
        elif c in "\u2044\u2215":
            out.append("/")
        else:
            out.append(c)
    return "".join(out)


# The bytes a text may hold, other than digits, that `as_seen` leaves as they are (the
# complement of _SUSPECT within Latin-1, less 0-9): what `without_number` deletes.
_PLAIN_NOT_DIGIT = bytes(
    b
    for b in range(256)
    if (b in (9, 10, 13) or 0x20 <= b <= 0x7E or 0xA1 <= b <= 0xAC or 0xAE <= b <= 0xFF)
    and not 0x30 <= b <= 0x39
)


def without_number(text: str) -> bool:
    """True only when `hits` finds nothing in `text`, known in one fast pass: the text is
    Latin-1 with no character `as_seen` changes (so no lookalike digit) and fewer than ten
    digits 0-9. A CPR number has ten digits, and Markdown cannot show more digits than are
    written (`may_hide`), so such a text holds none. False means "look": most texts with ten
    digits hold no number either."""
    try:
        raw = text.encode("latin-1")
    except UnicodeEncodeError:
        return False  # a character beyond Latin-1: as_seen may make a digit of it
    rest = raw.translate(None, _PLAIN_NOT_DIGIT)
    return len(rest) < 10 and (not rest or rest.isdigit())


def as_seen(text: str) -> str:
    """The text as a reader sees its characters (above); lines stay where they are."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _SUSPECT.search(text) is None:
        return text
    return _SUSPECT.sub(lambda m: _seen(m.group()), text)


# --- a CPR number ------------------------------------------------------------------------
#
# ddmmyy, whose parts may be separated by ".", "-" or a space; then at most one dash or
# slash with at most one space on each side (a single line break counts as the space
# after it; without the dash, the two spaces may stand together); then four digits; not a part of
# a longer number. A date written with separators ("29.11.23") and then a space and four
# digits is a date and a number ("pr. 29.11.23 1234 borgere"), not a CPR number: with
# separators in the date, only a dash or a slash joins the four digits to it.
_PART = r"[.\- ]"
_SPACE = r"[ \t]"
_AFTER = r"(?:[ \t]|\n(?![ \t]*[-*+>]\s))"  # a line break, unless the next line is a list item
_CPR = re.compile(
    r"(?<![\w])(?<![0-9][.,/-])"
    r"([0-9]{2})(" + _PART + r"?)([0-9]{2})(" + _PART + r"?)([0-9]{2})"
    r"(" + _SPACE + r"?[-/]?" + _AFTER + r"?)"
    r"([0-9]{4})(?![\w])(?![.,/-][0-9])"
)
_CANDIDATE = re.compile(r"[0-9]{2}" + _PART + r"?[0-9]{2}" + _PART + r"?[0-9]{2}")
_DIGIT = re.compile(r"[0-9]")
# Markdown can only hide a number from the text as written by putting markup (or a line
# break, or an entity) between its digits; the first such character after a digit is one
# of these. Text without one is read as written, without the cost of parsing it.
_MARKUP = r"[*_~`\[\]<>|\\;&\r\n]"
_SEPARATOR = r"[-/ \t.]"
_MARKUP_AFTER_DIGIT = re.compile(r"[0-9]" + _SEPARATOR + "*" + _MARKUP)
# One scan says whether a text (as seen) needs a closer look at all: a date's six digits
# and four more, markup after a digit, or an entity or a %-escape.
WORTH_A_LOOK = re.compile(
    r"&|%|[0-9](?:[0-9]"
    + _PART
    + r"?[0-9]{2}"
    + _PART
    + r"?[0-9]{2}[ \t\n/-]{0,4}[0-9]{4}|"
    + _SEPARATOR
    + "*"
    + _MARKUP
    + ")"
)
_LOOSE_CPR = re.compile(
    r"[0-9]{2}" + _PART + r"*[0-9]{2}" + _PART + r"*[0-9]{2}" + _SEPARATOR + r"*[0-9]{4}"
)
_DROP_MARKUP = str.maketrans({**dict.fromkeys("*_~`\\[]<>|"), "\n": " ", "\r": " "})
_COMMENT = re.compile(r"<!--.*?(-->|\Z)", re.DOTALL)  # as sections.without_comments
_BREAK = re.compile(r"\r\n|\n|\r")


def cpr_numbers(text: str) -> Iterator[re.Match[str]]:
    """Matches that look like a CPR number in a text as seen (`as_seen`): ddmmyy (a real
    date), a separator or none, four digits (above).

    No modulus-11 check: it was given up in 2007, so valid numbers fail it.
    """
    if not _CANDIDATE.search(text):  # cheaper than the full pattern; most text
        return
    for match in _CPR.finditer(text):
        day, month, year = int(match[1]), int(match[3]), int(match[5])
        joined, seps = match[6] or "", (match[2] or "") + (match[4] or "")
        if joined and "-" not in joined and "/" not in joined and seps.strip(" "):
            continue  # a written date, then a number: "29.11.23 1234"
        for century in (1900, 2000):
            try:
                date(century + year, month, day)
            except ValueError:
                continue
            yield match
            break


def _digits(match: re.Match[str]) -> str:
    return match[1] + match[3] + match[5] + match[7]


def mask(number: str) -> str:
    """'0101…': enough to find it, not enough to publish it again in a log."""
    return number[:4] + "…"


# --- what a reader reads ---------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """The text a reader sees of one block (a paragraph, a heading, a table cell, code, a
    link's target or title, a line with its entities decoded)."""

    text: str
    line: int  # 0-based line of the block in the Markdown
    breaks: tuple[int, ...]  # offsets in `text` where a source line ended

    def line_at(self, offset: int) -> int:
        return self.line + bisect.bisect_right(self.breaks, offset)


def may_hide(text: str) -> bool:
    """Whether Markdown could show a number that the text as written (as seen) does not have.

    Cheap and never wrong in the direction that matters: a text it says no to shows no
    number; a yes is checked by parsing (`shown_text`)."""
    if "&" not in text and "%" not in text and _MARKUP_AFTER_DIGIT.search(text) is None:
        return False
    if len(_DIGIT.findall(text)) < 10:  # an entity has at least as many digits as it shows
        return False
    if "](" in text or "][" in text or "]:" in text:
        return True  # a link's target, title or definition: parse
    # What can stand between the digits of a number a reader sees is markup, which is
    # dropped here, line breaks and quote markers, which become spaces, and separators,
    # which the loose pattern takes any number of, around no boundaries.
    seen = _COMMENT.sub("", text)
    if "&" in seen or "%" in seen:
        seen = as_seen(unquote(html.unescape(seen)))
    return _LOOSE_CPR.search(seen.translate(_DROP_MARKUP)) is not None


def shown_text(markdown: str) -> list[Shown]:
    """The blocks of text a reader sees once Markdown is rendered: comments gone, entities
    decoded, emphasis and escapes resolved, line breaks as spaces; every paragraph, heading
    and table cell a block of its own (never joined). A link's target and title are blocks
    too, and so is every line with an entity or a %-escape decoded (a reference definition
    that no link uses shows nowhere, but a reader of the file sees it). Lines are those of
    `markdown` (comments included)."""
    from dialogmoder.domain.markdown import parser

    text, shift = _uncommented(markdown)
    blocks: list[Shown] = []
    for token in parser().parse(text, {}):
        if token.type in ("inline", "code_block", "fence"):
            line = shift(token.map[0] if token.map else 0)
            if token.type != "inline":
                blocks.append(_code(token, line))
                continue
            blocks.append(_inline(token, line))
            for child in token.children or ():
                if child.type == "link_open":
                    for attr in ("href", "title"):
                        value = child.attrs.get(attr)
                        if value:
                            blocks.append(Shown(as_seen(unquote(str(value))), line, ()))
    if "&" in text or "%" in text:
        for i, written in enumerate(text.split("\n")):
            if "&" in written or "%" in written:
                decoded = as_seen(unquote(html.unescape(written))).replace("\n", " ")
                blocks.append(Shown(decoded, shift(i), ()))
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
            content = as_seen(child.content)  # an entity may have written any character
            parts.append(content)
            size += len(content)
    return Shown("".join(parts), line, tuple(breaks))


def _code(token: Token, line: int) -> Shown:
    content = as_seen(token.content)
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
    if without_number(text):
        return []
    return full_hits(text, first_line, multiline=multiline)


def full_hits(text: str, first_line: int, *, multiline: bool) -> list[Hit]:
    """`hits` without the pre-scan (`without_number`): what it must agree with."""
    found: list[Hit] = []
    written, text = text, as_seen(text)  # Markdown is parsed as written: "**\u00ad**" is markup
    if WORTH_A_LOOK.search(text) is None:
        return found
    for match in cpr_numbers(text):
        line = first_line + (text.count("\n", 0, match.start()) if multiline else 0)
        found.append(Hit(line, _digits(match), mask(match[0]), False))
    if not may_hide(text):
        return found
    by_text = list(found)
    for block in shown_text(written):
        for match in cpr_numbers(block.text):
            digits = _digits(match)
            start = first_line + (block.line if multiline else 0)
            end = first_line + (block.line_at(len(block.text)) if multiline else 0)
            if any(h.digits == digits and start <= h.line <= end for h in by_text):
                continue  # the same number, already found as written
            line = first_line + (block.line_at(match.start()) if multiline else 0)
            found.append(Hit(line, digits, mask(match[0]), True))
    return found
