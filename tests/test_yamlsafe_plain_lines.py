"""Front matter of plain `key: value` lines is read without libyaml (`_plain_lines`): for
every text that path accepts, the same data, key order, lines and raw texts as libyaml's
node tree and our builder (`_parse_nodes`); everything else is left to the full path."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from dialogmoder.domain.yamlsafe import _parse_nodes, _plain_lines, parse_yaml

from helpers.examples import examples

KEYS = [
    "titel", "tid", "lukket", "deltager", "fraværende", "fravaerende", "a-b", "_x", "Æble",
    "null", "Null", "true", "FALSE", "y", "on", "1", "<<", "? k", "- k", "k k", "ø", "k:",
]  # fmt: skip
SEPARATORS = [": ", ":", ":  ", " : ", ":\t", ": \t"]
TOKENS = [
    "true", "False", "TRUE", "null", "Null", "~", "", "0x1F", "0o17", "0o8", "1e3", "-1",
    "+1", ".5", "1.", ".inf", "-.Inf", ".nan", "NaN", "09:00", "2025-01-29", "00.25.02",
    "1" * 31, "-" + "1" * 30, "[a, b]", "[]", "[ ]", "[a,b]", "[1, true, 0x1F, .inf]",
    "[sk]", "[æ, Ø-1]", "[a, [b]]", "{a: b}", "'a''b'", "'a'b'", "''", '""', '"x y"',
    '"a\\nb"', "'#x'", "a # b", "a#b", "a: b", "a:b", "a:", "C#", "- x", "-x", "? x",
    "|", ">", "!tag x", "&a x", "*a", "%x", "@x", "`x", "a ]", "x, y", "{", "}",
    "22/2931", "Mødelokale 250", "a\tb", "a\rb", "a\x85b", "a\u2028b", "\ufeffa", "a\xa0",
    "a ", " a", "0", "00", "0b1", "1_000", "1e400", "-0", "Ja", "no", "=",
]  # fmt: skip
VALUE_CHARS = "abæøÅ09 :#-,[]{}'\"\\!&*|>%@`?.+~/=\t\r\x85\u2028\ufeff\xa0\x7f\u00d7𝔸"

value = st.sampled_from(TOKENS) | st.text(VALUE_CHARS, max_size=12)
odd_line = st.builds(
    lambda k, sep, v: f"{k}{sep}{v}",
    st.sampled_from(KEYS) | st.text("abæ_-1:", min_size=1, max_size=5),
    st.sampled_from(SEPARATORS),
    value,
)
# most lines as a person writes them, so that many texts take the plain path
tricky = st.text("abæ09 :#-,[]{}'\".+/", min_size=1, max_size=10)
ordinary = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from("aØ1(/.+~=<\u00d7𝔸"),
    st.text("abæø09 .,/()[]{}:#'\"-=", max_size=12),
)
good_line = st.tuples(  # a key and its value; `lines` makes the keys unique
    st.text("abcdefæø_-", min_size=1, max_size=8).filter(lambda k: k[0] != "-"),
    st.sampled_from(TOKENS) | tricky | ordinary | ordinary,
)
other_line = st.sampled_from(
    ["", "# en kommentar", "#", "  - x", "  y: 1", "- x", "---", "...", " ", "\t", "k"]
)


ITEM_KEYS = ["titel", "fil", "lukket", "hvem", "nr", "null", "a-b", "ø"]
ODD_ITEM_LINES = ["", "# c", "  # c", "    - x", "  -", "   x: 1", "  - a: b: c", "  - - x", "- x"]


@st.composite
def list_block(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A key with no value and a list below it: of values, of flat mappings, and odd lines;
    most items at one indentation, as a person writes them."""
    indent = draw(st.sampled_from(["  ", "  ", " ", "    "]))
    item_value = st.sampled_from(TOKENS) | ordinary | ordinary
    rows = []
    for kind in draw(st.lists(st.sampled_from("vmmccco"), max_size=6)):
        key = draw(st.sampled_from(ITEM_KEYS))
        if kind == "v":
            rows.append(f"{indent}- {draw(item_value)}")
        elif kind == "m":
            rows.append(f"{indent}- {key}: {draw(item_value)}")
        elif kind == "c":
            rows.append(f"{indent}  {key}: {draw(item_value)}")
        else:
            rows.append(draw(st.sampled_from(ODD_ITEM_LINES)))
    return draw(st.sampled_from(["liste", "bilag", "x"])), rows


Part = str | tuple[str, str] | tuple[str, list[str]]


def lines(parts: list[Part], end: str) -> str:
    out = []
    for i, part in enumerate(parts):
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part[1], list):
            out += [f"{part[0]}{i}:", *part[1]]
        else:
            out.append(f"{part[0]}{i}: {part[1]}")
    return "\n".join(out) + end


ends = st.sampled_from(["\n", ""])
text = st.builds(
    lines,
    st.lists(st.one_of(*[good_line] * 6, *[list_block()] * 3, odd_line, other_line), max_size=6),
    ends,
)
one_line = st.builds(lines, st.lists(good_line | odd_line, min_size=1, max_size=1), ends)


def same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def assert_same(yaml_text: str, first_line: int) -> None:
    fast = _plain_lines(yaml_text, first_line)
    if fast is None:
        return
    full = _parse_nodes(yaml_text, first_line)  # must not raise: the text is valid YAML
    assert list(fast.data) == list(full.data)
    assert all(same(fast.data[k], full.data[k]) for k in full.data), (fast.data, full.data)
    assert fast.lines == full.lines
    assert fast.raw == full.raw
    if fast.ascii_keys:  # what the loader trusts to skip its look for keys with æøå
        assert all(isinstance(loc[-1], int) or loc[-1].isascii() for loc in fast.lines)


@settings(max_examples=examples(3000), deadline=None)
@given(text | one_line, st.integers(1, 5))
def test_what_the_plain_path_reads_libyaml_reads_the_same(yaml_text, first_line):
    assert_same(yaml_text, first_line)


def test_every_token_as_a_value_and_a_list_item():
    for token in TOKENS:
        for key in KEYS:
            assert_same(f"{key}: {token}\n", 1)
            assert_same(f"k:\n  - {key}: {token}\n  - a: 1\n", 1)
            assert_same(f"k:\n  - a: 1\n    {key}: {token}\n", 1)
        assert_same(f"k: [{token}]\nj: [a, {token}]\n", 3)
        assert_same(f"k:\n  - {token}\n  - a: {token}\n    b: [{token}]\nj: 1\n", 2)


def test_a_punkt_and_a_meeting_take_the_plain_path():
    punkt = (
        "titel: Gennemgang af portefølje og kommende møder\n"
        "tid: 09:00\nlukket: false\nsagsgang: DIR\nkle: 00.25.02\nsagsnr: 22/2931\n"
        "deltager: [sk, vd]\n# en kommentar\n\nnr: 3\nnote: 'Punkt: status'\ntom:\n"
        'citat: "Han sagde: ja"\ntomme: []\n'
    )
    fast = _plain_lines(punkt, 2)
    assert fast is not None
    assert fast.data["lukket"] is False and fast.data["nr"] == 3 and fast.data["tom"] is None
    assert fast.data["deltager"] == ["sk", "vd"] and fast.data["note"] == "Punkt: status"
    assert fast.lines[("nr",)] == 11 and fast.raw[("lukket",)] == "false"
    assert parse_yaml(punkt, 2) == fast


def test_nesting_and_errors_take_the_full_path():
    for text in [
        "a: 1\na: 2\n",  # a duplicate key: the full path names both lines
        "programpunkter:\n  - tid: 13:00\n    hvem:\n      - vd\n",  # a list in a list item
        "formoede: {dato: 2025-12-22}\n",
        "titel: a # b\n",
        "n: " + "1" * 31 + "\n",
        "titel: >\n  tekst\n",
        "# kun en kommentar\n",
    ]:
        assert _plain_lines(text, 1) is None, text
