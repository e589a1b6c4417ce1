"""DM601 reads what a reader reads: a CPR number hidden by Markdown, or in any field a public
rendering shows, is found and named by its line."""

from __future__ import annotations

import json

import pytest

from helpers.examples import examples
from helpers.meetings import DIR, direktionen, punkt
from helpers.strategisk import SDM, sdm

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


def test_two_table_cells_are_never_joined_into_a_cpr_number(make_repo, dialog):
    # issue 17: table cells and paragraphs are never joined (a date in one column and a
    # count in the next is not a CPR number); a number within one cell is found above
    table = "| Dato | Nr |\n|---|---|\n| 010190 | 1234 |\n"
    root = make_repo({PUNKT: punkt(body=f"Tekst.\n\n{table}")})
    assert dm601(root, dialog) == []


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


# --- the property: what the HTML shows, DM601 has reported -----------------------------

EXAMPLES = 200

WRAPPERS = [
    "{}",
    "**{}**",
    "*{}*",
    "_{}_",
    "~~{}~~",
    "`{}`",
    "[{}](https://example.dk)",
    "[{}][ref]",
    "<{}>",
    "{}\n",
    "{}  \n",
    "{}\\\n",
    "\n{}",
    "> {}",
]


def _markup(draw, number: str) -> str:
    """The number cut into pieces, each wrapped in markup, some characters escaped or
    written as entities."""
    from hypothesis import strategies as st

    cuts = sorted(draw(st.sets(st.integers(1, len(number) - 1), max_size=4)))
    pieces = [number[a:b] for a, b in zip([0, *cuts], [*cuts, len(number)], strict=True)]
    out = []
    for piece in pieces:
        chars = []
        for char in piece:
            how = draw(st.sampled_from(["plain"] * 6 + ["entity", "hex", "escape"]))
            if how == "entity":
                chars.append(f"&#{ord(char)};")
            elif how == "hex":
                chars.append(f"&#x{ord(char):X};")
            elif how == "escape" and not char.isalnum() and char.isascii() and char != " ":
                chars.append("\\" + char)
            else:
                chars.append(char)
        out.append(draw(st.sampled_from(WRAPPERS)).format("".join(chars)))
    return "".join(out)


def html_text(html: str) -> str:
    import html as html_module
    import re

    body = html.split("<body", 1)[-1]
    # a block's end is a paragraph break: blocks and table cells are never joined (issue 17)
    body = re.sub(r"</(?:p|td|th|li|h[1-6]|blockquote|pre|div|tr)>", "\n\n", body)
    return html_module.unescape(re.sub(r"<[^>]*>", "", body))


def test_whatever_the_public_html_shows_dm601_reports(make_repo):
    """For generated CPR numbers in generated Markdown: whenever the text of the public HTML
    referat contains a CPR number, DM601 reports one in that punkt."""
    from datetime import date

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from dialogmoder.check.rules import Context
    from dialogmoder.check.rules.openness import cpr_in_open_content
    from dialogmoder.domain.cpr import as_seen, cpr_numbers
    from dialogmoder.domain.repository import load_repository
    from dialogmoder.render import render_bytes
    from dialogmoder.render.assemble import assemble

    root = make_repo()
    path = root / PUNKT
    shown: list[bool] = []

    @st.composite
    def bodies(draw) -> str:
        day = draw(st.dates(date(1900, 1, 1), date(2099, 12, 31)))
        separator = draw(st.sampled_from(["", "-", " ", "\u2013", "\u00ad", "- "]))
        number = f"{day:%d%m%y}{separator}{draw(st.integers(0, 9999)):04d}"
        text = _markup(draw, number)
        where = draw(st.sampled_from(["{}", "Borger {} klager.", "| A | {} |\n|---|---|\n"]))
        return "Indledning.\n\n" + where.format(text) + "\n\n[ref]: https://example.dk\n"

    @settings(
        max_examples=examples(EXAMPLES),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(body=bodies())
    def check(body: str) -> None:
        path.write_text(punkt(body=body), encoding="utf-8")
        repo = load_repository(root)
        assert [f for f in repo.findings if f.severity == "error"] == []
        document = assemble(repo, "2025-03-05-direktionen", "referat", public=True)
        html = render_bytes(root, document, "referat", "html").decode("utf-8")
        visible = any(True for _ in cpr_numbers(as_seen(html_text(html))))
        shown.append(visible)
        if visible:
            reported = list(cpr_in_open_content(repo, Context(date(2025, 3, 1))))
            assert [f.path for f in reported][:1] == [PUNKT], body

    check()
    print(f"{sum(shown)} of {len(shown)} examples showed a CPR number")
    assert sum(shown) > EXAMPLES // 4  # the property is about numbers that do show


def test_dm603_names_the_line_of_the_bilag(make_repo, dialog):
    extra = "bilag:\n  - {titel: A, lukket: false}\n  - titel: B"
    root = make_repo({PUNKT: punkt(extra=extra)})
    result = dialog("check", "--format", "json", "--today", "2025-03-01", cwd=root)
    [finding] = [f for f in json.loads(result.out) if f["rule"] == "DM603"]
    assert finding["line"] == 6


def test_dm604_names_the_line_of_the_bilag_lukket_key(make_repo, dialog):
    extra = "bilag:\n  - titel: A\n    lukket: false"
    root = make_repo({PUNKT: punkt(lukket="true", extra=extra)})
    result = dialog("check", "--format", "json", "--today", "2025-03-01", cwd=root)
    [finding] = [f for f in json.loads(result.out) if f["rule"] == "DM604"]
    assert finding["line"] == 6


def test_two_numbers_on_one_line_are_both_counted(make_repo, dialog):
    root = make_repo({PUNKT: punkt(body="Borger 010190-1234 og 010190-4321.\n")})
    result = dialog("check", "--format", "json", "--today", "2025-03-01", cwd=root)
    [finding] = [f for f in json.loads(result.out) if f["rule"] == "DM601"]
    assert "2 tal, der ligner cpr-numre (0101…, 0101…)" in finding["message"]
