"""The site's speed-ups give what the plain forms gave: the typst escape by one search
(instead of str.translate, and the flood of format characters cut only where one is), and
one Markdown parse shared by the typst converter and the HTML renderer, in either order."""

from __future__ import annotations

import re
import string

from hypothesis import given, settings
from hypothesis import strategies as st

from dialogmoder.render import typst_markup
from dialogmoder.render.html import markdown_to_html
from dialogmoder.render.typst_markup import escape, markdown_to_typst

from helpers.examples import examples

# --- the escape as it was written before: the oracle ------------------------------------
_TABLE: dict[int, str | None] = {ord(c): "\\" + c for c in string.punctuation}
_TABLE.update({ord(c): " " for c in "\n\r\t\v\f\x85\u2028\u2029"})
_TABLE.update({c: None for c in [*range(0x20), *range(0x7F, 0xA0)] if c not in _TABLE})
_FLOOD = re.compile(
    f"([{typst_markup._FORMAT}]{{{typst_markup.MAX_MARKS}}})[{typst_markup._FORMAT}]+"
)


def plain_escape(value: object) -> str:
    if value is None:
        return ""
    text = str(value)
    if len(text) >= typst_markup.LONG_WORD:
        text = typst_markup._LONG_WORD.sub(typst_markup._with_breaks, _FLOOD.sub(r"\1", text))
    return text.translate(_TABLE)


# letters, Danish ones, every ASCII punctuation and control, format characters and
# combining marks (floods of them), spaces of several kinds, astral characters
ALPHABET = st.sampled_from(
    [*"abcæøåÆØÅ 0123456789", *string.punctuation, *map(chr, range(0x20)),
     *map(chr, range(0x7F, 0xA0)),
     "\u00ad", "\u200b", "\u200d", "\u2060", "\ufeff", "\u0301", "\u2028", "\u2029", "\u00a0",
     "\U0001f600", "\U0001f3fb", "\U000e0041", "\u061c", "\u202e"]
)  # fmt: skip
TEXTS = st.one_of(
    st.text(ALPHABET, max_size=300),
    # long runs: a very long word, a flood of one format character
    st.builds(lambda c, n, rest: c * n + rest, ALPHABET, st.integers(0, 200),
              st.text(ALPHABET, max_size=40)),
)  # fmt: skip


@settings(max_examples=examples(600), deadline=None)
@given(TEXTS)
def test_the_escape_by_one_search_is_the_translated_escape(text: str) -> None:
    assert escape(text) == plain_escape(text)


def test_the_escape_cuts_a_flood_and_escapes_every_punctuation() -> None:
    flood = "a" + "\u200d" * 100 + "b"
    assert escape(flood) == plain_escape(flood) != flood
    assert escape(string.punctuation) == "".join("\\" + c for c in string.punctuation)
    assert escape("a\x00b\nc\x85d") == "ab c d"


MARKDOWN = st.lists(
    st.sampled_from(
        ["# Titel", "### Under", "###### Dybt", "Tekst med *vægt* og [et link](https://x.dk).",
         "[usikkert](javascript:alert(1)) og [relativt](side.html)", "- punkt\n- punkt", "> citat",
         "| a | b |\n|---|--:|\n| 1 | 2 |", "```\nkode\n```", "1. en\n2. to", "&amp; &pr;", ""]
    ),
    max_size=8,
).map("\n\n".join)  # fmt: skip


@settings(max_examples=examples(200), deadline=None)
@given(MARKDOWN, st.booleans())
def test_one_parse_serves_typst_and_html_in_either_order(markdown: str, typst_first: bool) -> None:
    from dialogmoder.domain.markdown import parser

    alone_typst = typst_markup._convert(parser().parse(markdown), typst_markup._Levels(1))
    alone_html = markdown_to_html(markdown)
    alone_html_again = markdown_to_html(markdown)  # nothing kept: a parse of its own
    if typst_first:
        typst, html = markdown_to_typst(markdown), markdown_to_html(markdown)
    else:
        html, typst = markdown_to_html(markdown), markdown_to_typst(markdown)
    typst_again = markdown_to_typst(markdown)  # kept tokens again: never the changed ones
    assert typst == typst_again == alone_typst
    assert html == alone_html == alone_html_again
