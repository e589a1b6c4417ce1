"""Inputs a new user writes by hand: punkt numbers 00, 000, 100; meeting folders twice."""

from __future__ import annotations

import json

from helpers.configs import CONFIG
from helpers.meetings import DIR, DIR_MEETING, punkt
from helpers.pdf import plain_pdf
from helpers.strategisk import OPF, SDM, sdm


def dm401(dialog, root) -> list[str]:
    result = dialog("check", "--format", "json", "--today", "2025-03-01", cwd=root)
    return [f"{f['path']}: {f['message']}" for f in json.loads(result.out) if f["rule"] == "DM401"]


def test_a_punkt_numbered_00_is_a_numbering_error(make_repo, dialog) -> None:
    root = make_repo({f"{DIR}/punkter/00-velkomst.md": punkt()})
    assert dm401(dialog, root) == [
        f"{DIR}/punkter/00-velkomst.md: punkt 00 kommer før 01; punkter nummereres"
        " fra 01. Giv filerne numrene 01..02"
    ]


def test_a_punkt_numbered_000_is_a_numbering_error(make_repo, dialog) -> None:
    root = make_repo({f"{DIR}/punkter/000-velkomst.md": punkt()})
    assert len(dm401(dialog, root)) == 1


def test_a_long_gap_is_named_as_a_range_not_a_list(make_repo, dialog) -> None:
    root = make_repo({f"{DIR}/punkter/100-eventuelt.md": punkt()})
    assert dm401(dialog, root) == [
        f"{DIR}/punkter/100-eventuelt.md: punkt 100 følger efter punkt 01; numrene 02-99"
        " mangler. Giv filerne numrene 01..02"
    ]


def test_a_short_gap_names_each_missing_number(make_repo, dialog) -> None:
    root = make_repo({f"{DIR}/punkter/04-eventuelt.md": punkt()})
    assert dm401(dialog, root) == [
        f"{DIR}/punkter/04-eventuelt.md: punkt 04 følger efter punkt 01; numrene 02, 03"
        " mangler. Giv filerne numrene 01..02"
    ]


def test_two_meeting_folders_with_the_same_id_are_an_error_naming_both(make_repo, dialog) -> None:
    copy = "meetings/2024/2025-03-05-direktionen/meeting.md"
    root = make_repo({copy: DIR_MEETING})
    result = dialog("check", "--today", "2025-03-01", cwd=root)
    assert result.code == 1
    assert (
        f"{copy}: fejl DM703 en anden mødemappe har samme id 2025-03-05-direktionen:"
        f" {DIR}; giv hvert møde sit eget mappenavn, fx 2025-03-05-direktionen-2"
    ) in result.out


def test_render_refuses_a_meeting_id_that_names_two_folders(make_repo, dialog) -> None:
    root = make_repo({"meetings/2024/2025-03-05-direktionen/meeting.md": DIR_MEETING})
    result = dialog("render", "referat", "2025-03-05-direktionen", "-o", "-", cwd=root)
    assert result.code == 2
    assert "meetings/2024/2025-03-05-direktionen" in result.err


def test_a_year_typo_such_as_0025_is_refused_and_makes_no_folder(make_repo, dialog) -> None:
    # A typo such as 0025-03-05 for 2025-03-05: refused (dates are 1900-2999), not a
    # meeting in a folder nobody looks in.
    root = make_repo()
    result = dialog("new-meeting", "--forum", "direktionen", "--dato", "0025-03-05", cwd=root)
    assert result.code == 2
    assert result.err == (
        "dialog: --dato 0025-03-05 ligger uden for årene 1900-2999; er året skrevet forkert?\n"
    )
    assert not (root / "meetings/0025").exists()


def _meeting_check(make_repo, dialog, replace: tuple[str, str]) -> list[dict[str, object]]:
    root = make_repo({f"{DIR}/meeting.md": DIR_MEETING.replace(*replace)})
    result = dialog("check", "--format", "json", "--today", "2025-03-01", cwd=root)
    findings: list[dict[str, object]] = json.loads(result.out)
    return findings


def test_a_finding_on_a_key_written_with_aeoeaa_names_its_line(make_repo, dialog) -> None:
    findings = _meeting_check(
        make_repo, dialog, ("sted: Mødelokale 1", "sted: Mødelokale 1\nfraværende: [ann]")
    )
    assert [(f["rule"], f["line"]) for f in findings] == [("DM501", 8)]


def test_a_key_in_both_spellings_says_keep_one(make_repo, dialog) -> None:
    findings = _meeting_check(
        make_repo, dialog, ("sted: Mødelokale 1", "sted: Mødelokale 1\nvaert: anna\nvært: bo")
    )
    [finding] = findings
    assert "did you mean 'vært'" not in str(finding["message"])
    assert "vaert" in str(finding["message"])


def test_a_list_where_text_belongs_gets_no_quoting_hint(make_repo, dialog) -> None:
    findings = _meeting_check(make_repo, dialog, ("forum: direktionen", "forum: [direktionen]"))
    [finding] = findings
    assert "put it in quotes" not in str(finding["message"])


def _held(make_repo, body: str):
    held = DIR_MEETING.replace("sted: Mødelokale 1", "sted: Mødelokale 1\nstatus: afholdt")
    return make_repo(
        {
            f"{DIR}/meeting.md": held,
            f"{DIR}/punkter/01-budget.md": f"---\ntitel: Budget\nlukket: false\n---\n{body}",
        }
    )


def test_a_decision_that_is_only_a_note_to_colleagues_is_missing(make_repo, dialog) -> None:
    # the referat says "Ingen beslutning er skrevet.", so check must not pass it
    root = _held(make_repo, "## Beslutning\n\n<!-- skrives på mødet -->\n")
    result = dialog("check", "--format", "json", "--today", "2025-03-10", cwd=root)
    assert [(f["rule"], f["line"]) for f in json.loads(result.out)] == [("DM102", 5)]


def test_an_underpunkt_decision_that_is_only_a_note_is_missing(make_repo, dialog) -> None:
    root = _held(make_repo, "")
    punkt_md = root / DIR / "punkter/01-budget.md"
    punkt_md.write_text(
        "---\ntitel: Budget\nlukket: false\nunderpunkter:\n"
        "  - {titel: A, beslutning: '<!-- senere -->'}\n---\n",
        encoding="utf-8",
    )
    result = dialog("check", "--format", "json", "--today", "2025-03-10", cwd=root)
    assert [f["rule"] for f in json.loads(result.out)] == ["DM102"]


def test_two_beslutning_sections_both_reach_the_referat(make_repo, dialog) -> None:
    root = _held(make_repo, "## Beslutning\n\nFørste del.\n\n## Beslutning\n\nAnden del.\n")
    result = dialog("render", "referat", "2025-03-05-direktionen", "-o", "-", cwd=root)
    assert (
        "### Beslutning i Direktionen den 05-03-2025\n\nFørste del.\n\nAnden del.\n"
    ) in result.out


def test_a_bilag_file_saved_on_a_mac_with_decomposed_letters_is_found(make_repo, dialog) -> None:
    # macOS writes "å" in file names as "a" + ring (NFD); the front matter is read as NFC
    root = make_repo(
        {
            f"{DIR}/punkter/02-x.md": (
                "---\ntitel: X\nlukket: false\nbilag:\n  - titel: Årsplan\n    lukket: false\n"
                "    fil: bilag/årsplan.pdf\n---\n"
            ),
            f"{DIR}/bilag/a\u030arsplan.pdf": plain_pdf("Aarsplan"),
        }
    )
    result = dialog("check", "--format", "json", "--today", "2025-03-01", cwd=root)
    assert json.loads(result.out) == []


def test_a_github_url_instead_of_a_handle_gets_a_github_hint(make_repo, dialog) -> None:
    config = CONFIG.replace("github: boberg}", "github: https://github.com/boberg}")
    result = dialog("check", cwd=make_repo({"dialog.yaml": config}))
    assert result.code == 2
    assert "små bogstaver" not in result.err
    assert "github" in result.err


def test_an_initiativ_with_afsluttet_dato_but_status_aaben_is_named(make_repo, dialog) -> None:
    root = make_repo(sdm(opfoelgningsnotat_md=OPF.format(status="aaben")))
    result = dialog("check", "--format", "json", "--today", "2025-04-01", cwd=root)
    [finding] = [f for f in json.loads(result.out) if f["rule"] == "DM104"]
    assert (finding["path"], finding["line"], finding["message"]) == (
        f"{SDM}/opfoelgningsnotat.md",
        9,
        "initiativ 1 (Notat om havnen) har afsluttet_dato 2025-05-01, men status: aaben, så"
        " det vises som åbent; skriv status: afsluttet, eller fjern afsluttet_dato",
    )
