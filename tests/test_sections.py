"""A body's `## ` sections: the split by heading indexes equals a plain line loop."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dialogmoder.domain.sections import Outline, Section, _titel, section_text, split_sections

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
    "```",
    "~~~",
]


def line_loop(body: str, first_line: int) -> list[Section]:
    """The split as the product once wrote it: line by line, tracking fenced code."""
    sections: list[Section] = []
    titel: str | None = None
    start = first_line
    chunk: list[str] = []
    fence: str | None = None
    for number, line in enumerate(body.splitlines(), first_line):
        stripped = line.strip()
        if fence is None and stripped[:3] in {"```", "~~~"}:
            fence = stripped[:3]
        elif fence is not None and stripped.startswith(fence):
            fence = None
        elif fence is None and line.startswith("## "):
            sections.append(Section(titel, "\n".join(chunk).strip("\n"), start))
            titel, start, chunk = _titel(line), number, []
            continue
        chunk.append(line)
    sections.append(Section(titel, "\n".join(chunk).strip("\n"), start))
    if sections[0].titel is None and not sections[0].text.strip():
        sections.pop(0)
    return sections


@settings(max_examples=examples(500), deadline=None)
@given(st.lists(st.sampled_from(LINES), max_size=12), st.integers(1, 50))
def test_split_equals_the_line_loop(lines, first_line):
    body = "\n".join(lines)
    assert split_sections(body, first_line) == line_loop(body, first_line)


def test_headings_inside_code_fences_are_text():
    body = "## Sagsfremstilling\n\n```\n## ikke en overskrift\n```\n\n## Beslutning\n\nJa.\n"
    sections = split_sections(body, 10)
    assert [(s.titel, s.line) for s in sections] == [("Sagsfremstilling", 10), ("Beslutning", 16)]
    assert "## ikke en overskrift" in sections[0].text


@settings(max_examples=examples(500), deadline=None)
@given(
    st.lists(st.sampled_from([*LINES, "## Beslutning", "## beslutning", "Ja."]), max_size=14),
    st.integers(1, 50),
    st.sampled_from(["Beslutning", "Baggrund", "Beslutning ##", "x"]),
)
def test_an_outline_says_what_the_split_says(lines, first_line, titel):
    """One outline answers DM102 (a section's text) and DM106 (the headings): as the split
    does, for a body read line by line (fences, other line breaks) and a searched one."""
    body = "\n".join(lines)
    sections = line_loop(body, first_line)
    heads = [(s.line, s.titel) for s in sections if s.titel is not None]
    fresh = Outline(body, first_line)  # a heading's line asked first, the others not counted
    assert [(fresh.line(n), t) for n, t in enumerate(fresh.titles())] == heads
    outline = Outline(body, first_line)
    assert outline.sections() == sections
    assert outline.headings() == heads
    assert outline.text_of(titel) == section_text(sections, titel)
