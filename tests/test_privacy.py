"""DM601 reads what a reader reads: a CPR number hidden by Markdown, or in any field a public
rendering shows, is found and named by its line."""

from __future__ import annotations

import json

import pytest
from test_rules import DIR, SDM, direktionen, punkt, sdm

PUNKT = f"{DIR}/punkter/02-x.md"


def dm601(root, dialog) -> list[tuple[str, int]]:
    result = dialog("check", "--format", "json", "--today", "2025-03-01", cwd=root)
    return [(f["path"], f["line"]) for f in json.loads(result.out) if f["rule"] == "DM601"]


# body on line 5: "---", titel, lukket, "---" come first
HIDDEN = {
    "emphasis": "Borger 0101**90**-1234 klager.",
    "escape": "Borger 010190\\-1234 klager.",
    "entity": "Borger &#48;10190-1234 klager.",
    "named-entity": "Borger 010190&shy;1234 klager.",
    "link-text": "Borger [0101](https://example.dk)90-1234 klager.",
    "code-span": "Borger `0101`90-1234 klager.",
    "strikethrough": "Borger 0101~~90~~-1234 klager.",
    "comment": "Borger 010190<!-- note -->-1234 klager.",
}


@pytest.mark.parametrize("text", HIDDEN.values(), ids=HIDDEN.keys())
def test_cpr_hidden_by_markdown_in_the_body_is_found_on_its_line(text, make_repo, dialog):
    root = make_repo({PUNKT: punkt(body=f"Indledning.\n\n{text}\n")})
    assert dm601(root, dialog) == [(PUNKT, 7)]


def test_cpr_across_a_soft_line_break_is_found_on_its_first_line(make_repo, dialog):
    root = make_repo({PUNKT: punkt(body="Indledning.\n\nBorger 010190-\n1234 klager.\n")})
    assert dm601(root, dialog) == [(PUNKT, 7)]


def test_cpr_in_a_table_cell_is_found_on_its_row(make_repo, dialog):
    table = "| Navn | CPR |\n|---|---|\n| A | 0101*90*-1234 |\n"
    root = make_repo({PUNKT: punkt(body=f"Tekst.\n\n{table}")})
    assert dm601(root, dialog) == [(PUNKT, 9)]


def test_cpr_split_over_two_table_cells_is_found(make_repo, dialog):
    table = "| Dato | Nr |\n|---|---|\n| 010190 | 1234 |\n"
    root = make_repo({PUNKT: punkt(body=f"Tekst.\n\n{table}")})
    assert dm601(root, dialog) == [(PUNKT, 9)]


def test_cpr_after_a_multiline_comment_names_the_line_in_the_file(make_repo, dialog):
    body = "<!-- en\nlang\nnote -->\n\nBorger 0101**90**-1234.\n"
    root = make_repo({PUNKT: punkt(body=body)})
    assert dm601(root, dialog) == [(PUNKT, 9)]


def test_cpr_in_an_underpunkt_text_hidden_by_markdown_is_found(make_repo, dialog):
    extra = "underpunkter:\n  - titel: A\n    tekst: Borger 0101**90**-1234"
    root = make_repo({PUNKT: punkt(extra=extra)})
    assert dm601(root, dialog) == [(PUNKT, 6)]


def test_a_number_written_and_shown_is_reported_once(make_repo, dialog):
    root = make_repo({PUNKT: punkt(extra='kle: "**010190-1234**"')})
    assert dm601(root, dialog) == [(PUNKT, 4)]


def test_the_same_number_in_two_paragraphs_is_reported_on_each(make_repo, dialog):
    body = "Borger 0101**90**-1234.\n\nIgen 010190-1234.\n"
    root = make_repo({PUNKT: punkt(body=body)})
    assert dm601(root, dialog) == [(PUNKT, 5), (PUNKT, 7)]


@pytest.mark.parametrize(
    "extra",
    [
        'kle: "010190-1234"',
        'deltager: ["010190-1234"]',
        "underpunkter:\n  - titel: A\n    deltager: ['0101901234']",
    ],
    ids=["kle", "deltager", "underpunkt-deltager"],
)
def test_cpr_in_any_field_of_an_open_punkt_is_found(extra, make_repo, dialog):
    root = make_repo({PUNKT: punkt(extra=extra)})
    [(path, line)] = dm601(root, dialog)
    assert path == PUNKT and line >= 4


def test_cpr_in_a_pause_title_is_found_on_its_line(make_repo, dialog):
    extra = 'pauser:\n  - {tid: "10:00", titel: "Frokost 010190-1234"}\n'
    root = make_repo({f"{DIR}/meeting.md": direktionen(extra=extra)})
    assert dm601(root, dialog) == [(f"{DIR}/meeting.md", 9)]


def test_cpr_in_the_meeting_titel_hidden_by_markdown_is_found(make_repo, dialog):
    meeting = direktionen().replace("titel: Direktionen", "titel: Sag 0101**90**-1234")
    root = make_repo({f"{DIR}/meeting.md": meeting})
    assert dm601(root, dialog) == [(f"{DIR}/meeting.md", 3)]


def test_cpr_in_a_program_punkt_is_found(make_repo, dialog):
    program = (
        "---\ntitel: Program\nprogrampunkter:\n"
        "  - {tid: '09:00', titel: 'Borger 010190-1234'}\n---\n"
    )
    root = make_repo(sdm(program_md=program))
    assert dm601(root, dialog) == [(f"{SDM}/program.md", 4)]


def test_cpr_in_an_opfoelgningsnotat_body_hidden_by_markdown_is_found(make_repo, dialog):
    notat = "---\ntitel: Opfølgning\n---\n## Status\n\nBorger 0101**90**-1234.\n"
    root = make_repo(sdm(opfoelgningsnotat_md=notat))
    assert dm601(root, dialog) == [(f"{SDM}/opfoelgningsnotat.md", 6)]


def test_cpr_in_a_closed_bilag_of_an_open_punkt_is_not_reported(make_repo, dialog):
    extra = "bilag:\n  - {titel: 'Klage 010190-1234', lukket: true}"
    root = make_repo({PUNKT: punkt(extra=extra)})
    assert dm601(root, dialog) == []


def test_cpr_in_a_closed_punkt_is_reported_only_in_its_public_title(make_repo, dialog):
    extra = 'kle: "010190-1234"\noffentlig_titel: "Sag 0101**90**-1234"'
    root = make_repo({PUNKT: punkt(lukket="true", extra=extra, body="0101**90**-1234\n")})
    assert dm601(root, dialog) == [(PUNKT, 5)]


def test_dm602_names_the_titel_line(make_repo, dialog):
    root = make_repo({PUNKT: punkt(lukket=None, extra='tid: "10:00"')})
    result = dialog("check", "--format", "json", "--today", "2025-03-01", cwd=root)
    [finding] = [f for f in json.loads(result.out) if f["rule"] == "DM602"]
    assert finding["line"] == 2
