"""A body's `## ` sections: the fast split for bodies without code fences equals the line loop."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dialogmoder.domain.sections import _split_lines, _split_unfenced, split_sections

from helpers.examples import examples

LINES = [
    "## Baggrund",
    "## Beslutning ##",
    "tekst",
    "",
    "  ",
    "## ",
    "##x",
    "# H",
    "a\u2028b",
    "\r",
]


@settings(max_examples=examples(500), deadline=None)
@given(st.lists(st.sampled_from(LINES), max_size=12), st.integers(1, 50))
def test_fast_split_equals_the_line_loop(lines, first_line):
    body = "\n".join(lines)
    assert _split_unfenced(body.splitlines(), first_line) == _split_lines(body, first_line)


def test_headings_inside_code_fences_are_text():
    body = "## Sagsfremstilling\n\n```\n## ikke en overskrift\n```\n\n## Beslutning\n\nJa.\n"
    sections = split_sections(body, 10)
    assert [(s.titel, s.line) for s in sections] == [("Sagsfremstilling", 10), ("Beslutning", 16)]
    assert "## ikke en overskrift" in sections[0].text
