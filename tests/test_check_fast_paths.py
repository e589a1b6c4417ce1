"""The fast paths of `dialog check` (issue 21) say what the full paths say.

Each shortcut answers a question the slower code answers too; these properties hold them
together on open-ended input: the CPR pre-scan, the control-character pre-scan, the
section headings and the approval hash taken from what loading parsed.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialogmoder.domain.approval import approval_hash, approval_is_current
from dialogmoder.domain.cpr import full_hits, without_number
from dialogmoder.domain.loader import CONTROL, load_document, without_controls
from dialogmoder.domain.models import Program
from dialogmoder.domain.repository import load_repository
from dialogmoder.domain.sections import Outline, section_text, split_sections

PROJECT = Path(__file__).resolve().parent.parent

# Pieces a CPR number is made of, disguised as the detector knows them (lookalike digits,
# invisible characters, separators, Markdown, entities), and plain Danish text around them.
PIECES = [
    *"0123456789",
    "010190",
    "-1234",
    "010190-1234",
    " ",
    "-",
    "/",
    ".",
    "\n",
    "\r\n",
    "*",
    "**",
    "_",
    "\\",
    "`",
    "[",
    "](",
    ")",
    "<!--",
    "-->",
    "&#48;",
    "&#x31;",
    "%31",
    "&amp;",
    "\u00ad",  # soft hyphen
    "\u200b",  # zero-width space
    "\u00a0",  # no-break space
    "\uff11",  # full-width 1
    "\u0661",  # Arabic-Indic 1
    "\u2460",  # circled 1
    "\u00b9",  # superscript 1
    "\u2212",  # minus sign
    "\u2028",
    "æøå",
    "Direktionen drøfter ",
    "§ 17",
    "> ",
    "- ",
]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=24), st.booleans())
def test_the_cpr_pre_scan_never_passes_over_a_number(pieces, multiline):
    text = "".join(pieces)
    if without_number(text):
        assert full_hits(text, 1, multiline=multiline) == []


def test_the_cpr_pre_scan_passes_over_plain_text_and_looks_at_numbers():
    assert without_number("Direktionen drøfter budgettet for 2025, § 17.")
    assert not without_number("010190-1234")
    assert not without_number("０１０１９０-1234")  # full-width: beyond Latin-1
    assert not without_number("0101\u00ad90-1234")  # a soft hyphen as_seen drops


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from([*"a\t\n\r§æ\u2028\x85\x07\x7f\x9f\xa0\ud7ff"])))
def test_the_control_pre_scan_equals_the_pattern(text):
    cleaned, lines = without_controls(text)
    assert cleaned == CONTROL.sub("", text)
    assert bool(lines) == (CONTROL.search(text) is not None)


LINES = [
    "## Baggrund",
    "## Beslutning ##",
    "## beslutning",
    "## Beslutninger",
    "tekst",
    "",
    "  ",
    "## ",
    "##x",
    "```",
    "~~~",
    "  ```python",
    "<!-- note -->",
    "a\u2028b",
    "\r",
    "x\x0cy",
    "## Beslutning\r",
    "## Beslutning\n",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(LINES), max_size=14), st.integers(1, 50), st.booleans())
def test_headings_and_one_section_equal_the_whole_split(lines, first_line, final_break):
    body = "\n".join(lines) + ("\n" if final_break else "")
    sections = split_sections(body, first_line)
    outline = Outline(body, first_line)
    assert outline.headings() == [(s.line, s.titel) for s in sections if s.titel is not None]
    for titel in ("Beslutning", "Baggrund", "Indstilling"):
        assert outline.text_of(titel) == section_text(sections, titel)


PROGRAM_TEXTS = [
    "---\nstatus: godkendt\ngodkendt_af: bo\ngodkendt_dato: 2025-04-14\ngodkendt_hash: {h}\n"
    "titel: Program\nprogrampunkter:\n  - {{tid: '9:00', titel: Velkomst}}\n---\n"
    "## Formål\n\nTekst.\n",
    # CRLF line endings: loading keeps them, the hash reads LF; the text path answers
    "---\r\nstatus: godkendt\r\ngodkendt_af: bo\r\ngodkendt_hash: {h}\r\n---\r\nTekst.\r\n",
    # a control character written as a YAML escape: dropped by loading, not by the hash
    '---\nstatus: godkendt\ngodkendt_af: bo\ngodkendt_hash: {h}\ntitel: "A\\x07B"\n---\nT\n',
    # not NFC (a decomposed ø), a comment and quoting the hash does not see
    "---\nstatus: godkendt  # ja\ngodkendt_af: 'bo'\ngodkendt_hash: {h}\n"
    "titel: Mo\u0308de\n---\n\n\nTekst.\n\n",
]


def test_an_approval_hash_from_what_loading_parsed_equals_the_one_from_the_text():
    repo = load_repository(PROJECT)
    products = [
        (folder, doc)
        for folder in repo.meetings
        for doc in folder.produkter.values()
        if doc.data.status == "godkendt"
    ]
    assert any(doc.front is not None for _, doc in products)
    current = 0
    for folder, doc in products:
        fast = approval_is_current(doc, folder.meeting, repo.config)
        slow = approval_is_current(
            dataclasses.replace(doc, front=None), folder.meeting, repo.config
        )
        assert fast == slow, doc.path
        current += fast
    assert current  # the bundled strategic meeting has current approvals

    folder = next(f for f in repo.meetings if "program" in f.produkter)
    meeting = folder.meeting
    assert meeting is not None
    for template in PROGRAM_TEXTS:
        for recipe_config in (repo.config, None):
            text = template.format(h="x")
            made = approval_hash(text, "program", meeting, recipe_config, "bo")
            text = template.format(h=made)
            doc = load_document("meetings/x/program.md", text, Program)
            fast = approval_is_current(doc, meeting, repo.config)
            slow = approval_is_current(dataclasses.replace(doc, front=None), meeting, repo.config)
            assert fast == slow, template
