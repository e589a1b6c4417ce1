"""`split_sections` by searching for the headings (a body with neither fenced code nor a
line break other than "\\n") gives what its line-by-line split gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dialogmoder.domain.sections import _head_offsets, _split_lines, split_sections

from helpers.examples import examples

LINES = [
    "## Baggrund",
    "## Beslutning ##",
    "## Beslutning",
    "##  Indstilling  ",
    "tekst",
    "tekst ## ikke en overskrift",
    " ## indrykket",
    "",
    "  ",
    "## ",
    "##",
    "##x",
    "# H",
    "### Tre",
    "<!-- note -->",
]


@settings(max_examples=examples(1000), deadline=None)
@given(
    st.lists(st.sampled_from(LINES), max_size=14),
    st.sampled_from(["", "\n", "\n\n"]),
    st.integers(1, 50),
)
def test_the_search_gives_the_line_split(lines, end, first_line):
    body = "\n".join(lines) + end
    assert _head_offsets(body) is not None  # the search path is the one under test
    assert split_sections(body, first_line) == _split_lines(body, first_line)


def test_a_punkt():
    body = "\n## Baggrund\n\nTekst.\n\n## Beslutning\nJa.\n\n"
    assert split_sections(body, 9) == _split_lines(body, 9)
    assert [(s.titel, s.text, s.line) for s in split_sections(body, 9)] == [
        ("Baggrund", "Tekst.", 10),
        ("Beslutning", "Ja.", 14),
    ]
