"""`dialog check` as a user and a CI see it: formats, exit codes, options, scope."""

from __future__ import annotations

import json

import pytest

from helpers.configs import CONFIG, config_with
from helpers.meetings import DIR, direktionen, punkt
from helpers.repo import PROJECT
from helpers.run import run_on_a_terminal
from helpers.strategisk import SDM, approved, sdm, sdm_meeting


def test_text_output_is_grouped_by_file_with_a_summary(make_repo, dialog) -> None:
    root = make_repo(
        {
            f"{DIR}/punkter/02-x.md": punkt(lukket=None, tid="13:00"),
            f"{DIR}/noter.txt": "x\n",
        }
    )
    result = dialog("check", "--today", "2025-03-01", cwd=root)
    assert result.code == 1
    assert result.out == (
        f"{DIR}/noter.txt: advarsel DM006 er ikke en fil, dialog kender; et møde rummer"
        " meeting.md, program.md, baggrundsnotat.md, facilitering.md, opfoelgningsnotat.md,"
        " punkter/ og bilag/\n"
        "\n"
        f"{DIR}/punkter/02-x.md:2: advarsel DM602 lukket er ikke angivet, så punktet behandles"
        " som lukket; skriv lukket: false (åbent) eller lukket: true (lukket)\n"
        f"{DIR}/punkter/02-x.md:3: fejl DM404 punktet kl. 13:00 ligger ved eller efter mødets"
        " slut kl. 12:00\n"
    )
    # what was checked: dialog.yaml, meeting.md, the two punkter and noter.txt
    assert result.err == "1 fejl, 2 advarsler i 2 filer (tjekket: 5 filer, 1 møde)\n"


def test_json_output_is_a_list_of_findings(make_repo, dialog) -> None:
    root = make_repo({f"{DIR}/punkter/02-x.md": punkt(tid="13:00")})
    result = dialog("check", "--format", "json", "--today", "2025-03-01", cwd=root)
    assert result.code == 1
    assert json.loads(result.out) == [
        {
            "rule": "DM404",
            "severity": "error",
            "path": f"{DIR}/punkter/02-x.md",
            "line": 4,
            "message": "punktet kl. 13:00 ligger ved eller efter mødets slut kl. 12:00",
        }
    ]


def test_github_output_is_workflow_annotations(make_repo, dialog) -> None:
    root = make_repo({f"{DIR}/punkter/02-x.md": punkt(tid="13:00")})
    result = dialog("check", "--format", "github", "--today", "2025-03-01", cwd=root)
    assert result.out == (
        f"::error file={DIR}/punkter/02-x.md,line=4,title=DM404::"
        "punktet kl. 13:00 ligger ved eller efter mødets slut kl. 12:00\n"
    )


def test_warnings_pass_unless_strict(make_repo, dialog) -> None:
    root = make_repo({f"{DIR}/punkter/02-x.md": punkt(lukket=None)})
    assert dialog("check", "--today", "2025-03-01", cwd=root).code == 0
    assert dialog("check", "--strict", "--today", "2025-03-01", cwd=root).code == 1


def test_explain_prints_the_long_explanation(dialog) -> None:
    result = dialog("check", "--explain", "dm201")
    assert result.code == 0
    assert result.out.startswith("DM201 frist-missed (fejl som standard; deadlines)\n")
    assert "aldrig efter" in result.out


def test_explain_unknown_rule_lists_the_rules(dialog) -> None:
    result = dialog("check", "--explain", "DM999")
    assert result.code == 2
    assert "ingen regel 'DM999'; reglerne er: DM001, DM002," in result.err


def test_bad_format_is_a_usage_error(dialog, make_repo) -> None:
    root = make_repo()
    result = dialog("check", "--format", "xml", cwd=root)
    assert result.code == 2
    assert "Fejl: Ugyldig værdi for '--format': 'xml' er ikke en af 'text'," in result.err


def test_bad_today_is_a_usage_error(dialog, make_repo) -> None:
    result = dialog("check", "--today", "2025-02-30", cwd=make_repo())
    assert result.code == 2
    assert "--today '2025-02-30' er ikke en dato" in result.err


def test_no_repository_exits_2(dialog, tmp_path) -> None:
    result = dialog("check", cwd=tmp_path)
    assert result.code == 2
    assert "ikke et dialog-arkiv" in result.err


def test_regler_changes_severity(make_repo, dialog) -> None:
    root = make_repo(
        {"dialog.yaml": config_with("DM602: error"), f"{DIR}/punkter/02-x.md": punkt(lukket=None)}
    )
    result = dialog("check", "--format", "json", "--today", "2025-03-01", cwd=root)
    assert result.code == 1
    assert [(f["rule"], f["severity"]) for f in json.loads(result.out)] == [("DM602", "error")]


def test_regler_turns_a_rule_off(make_repo, dialog) -> None:
    root = make_repo(
        {"dialog.yaml": config_with("DM404: off"), f"{DIR}/punkter/02-x.md": punkt(tid="13:00")}
    )
    result = dialog("check", "--today", "2025-03-01", cwd=root)
    assert result.code == 0
    assert result.err == "Ingen fejl eller advarsler i 4 filer (1 møde)\n"


def test_paths_limit_the_check_to_their_meetings(make_repo, dialog) -> None:
    other = "meetings/2025/2025-03-12-direktionen"
    root = make_repo(
        {
            f"{other}/meeting.md": direktionen(dato="2025-03-12"),
            f"{other}/punkter/01-x.md": punkt(tid="13:00"),
        }
    )
    everything = dialog("check", "--format", "json", "--today", "2025-03-01", cwd=root)
    assert [f["path"] for f in json.loads(everything.out)] == [f"{other}/punkter/01-x.md"]
    only = dialog("check", f"{DIR}/punkter/01-budget.md", "--today", "2025-03-01", cwd=root)
    assert only.code == 0, only.out


def test_a_path_that_does_not_exist_is_a_usage_error(make_repo, dialog) -> None:
    root = make_repo()
    result = dialog("check", "meetings/nope.md", cwd=root)
    assert result.code == 2
    assert "meetings/nope.md: filen eller mappen findes ikke" in result.err


def test_archive_before_gaelder_fra_is_not_checked_for_products(make_repo, dialog) -> None:
    config = CONFIG.replace("organisation: Testkommune", "organisation: T\ngaelder_fra: 2025-05-01")
    root = make_repo({"dialog.yaml": config, **sdm(program_md=None, baggrundsnotat_md=None)})
    result = dialog("check", "--format", "json", "--today", "2025-04-30", cwd=root)
    assert json.loads(result.out) == []


def test_archive_before_gaelder_fra_still_gets_schema_checks(make_repo, dialog) -> None:
    config = CONFIG.replace("organisation: Testkommune", "organisation: T\ngaelder_fra: 2025-05-01")
    root = make_repo(
        {"dialog.yaml": config, **sdm(meeting_md=sdm_meeting().replace('"12:00"', "12.5"))}
    )
    result = dialog("check", "--format", "json", "--today", "2025-04-30", cwd=root)
    assert [f["rule"] for f in json.loads(result.out)] == ["DM004"]


@pytest.mark.parametrize("status", ["udskudt", "aflyst"])
def test_postponed_or_cancelled_meeting_needs_nothing(status, make_repo, dialog) -> None:
    root = make_repo(
        sdm(meeting_md=sdm_meeting(status=status), program_md=None, baggrundsnotat_md=None)
    )
    result = dialog("check", "--format", "json", "--today", "2025-04-30", cwd=root)
    assert json.loads(result.out) == []


def test_held_strategic_meeting_needs_its_opfoelgningsnotat(make_repo, dialog) -> None:
    root = make_repo(sdm(meeting_md=sdm_meeting(status="afholdt")))
    result = dialog("check", "--format", "json", "--today", "2025-03-05", cwd=root)
    # checked before its day, the meeting's `afholdt` is also DM210's warning
    found = [f for f in json.loads(result.out) if f["rule"] != "DM210"]
    assert [(f["rule"], f["path"]) for f in found] == [("DM101", f"{SDM}/opfoelgningsnotat.md")]
    assert "frist 2025-05-06" in found[0]["message"]


def test_facilitering_is_required_when_the_meeting_asks_for_it(make_repo, dialog) -> None:
    root = make_repo(sdm(meeting_md=sdm_meeting(facilitering="true")))
    result = dialog("check", "--format", "json", "--today", "2025-03-05", cwd=root)
    assert [(f["rule"], f["path"]) for f in json.loads(result.out)] == [
        ("DM101", f"{SDM}/facilitering.md")
    ]


def test_frist_message_says_how_it_moved(make_repo, dialog) -> None:
    config = CONFIG.replace(
        "baggrundsnotat: {paakraevet: ja, frist: -7}", "baggrundsnotat: {paakraevet: ja, frist: -3}"
    )
    root = make_repo({"dialog.yaml": config, **sdm()})
    result = dialog("check", "--format", "json", "--today", "2025-04-17", cwd=root)
    messages = {f["path"]: f["message"] for f in json.loads(result.out)}
    assert messages[f"{SDM}/baggrundsnotat.md"] == (
        "Baggrundsnotat er stadig et udkast (status: udkast); fristen var 2025-04-16,"
        " flyttet fra 2025-04-19 (lørdag), for 1 dag siden. Gør det færdigt, og få det"
        " godkendt med dialog approve"
    )


def test_frist_near_counts_working_days_across_easter(make_repo, dialog) -> None:
    # frist 0: the meeting day itself, Tuesday 2025-04-22; from Wednesday the 16th only
    # the 22nd is a working day (17, 18 and 21 April are holidays).
    config = CONFIG.replace(
        "baggrundsnotat: {paakraevet: ja, frist: -7}", "baggrundsnotat: {paakraevet: ja, frist: 0}"
    )
    root = make_repo({"dialog.yaml": config, **sdm()})
    result = dialog("check", "--format", "json", "--today", "2025-04-16", cwd=root)
    near = [f for f in json.loads(result.out) if f["rule"] == "DM202"]
    assert near[0]["message"] == (
        "Baggrundsnotat er stadig et udkast (status: udkast); fristen er om 1 arbejdsdag,"
        " 2025-04-22"
    )


def test_formoede_frist_near_is_a_warning(make_repo, dialog) -> None:
    root = make_repo(sdm(meeting_md=sdm_meeting().replace("formoede: {dato: 2025-04-16}\n", "")))
    result = dialog("check", "--format", "json", "--today", "2025-04-14", cwd=root)
    formoede = [f for f in json.loads(result.out) if f["rule"] == "DM203"]
    assert [f["severity"] for f in formoede] == ["warning"]


@pytest.mark.parametrize(
    "text",
    ["010190-1234", "010190–1234", "010190 1234", "010190\u00a01234", "0101901234", "290200-1234"],
)
def test_cpr_variants_are_found(text, make_repo, dialog) -> None:
    root = make_repo({f"{DIR}/punkter/02-x.md": punkt(titel=f"'Sag om {text}'")})
    result = dialog("check", "--format", "json", "--today", "2025-03-01", cwd=root)
    assert [f["rule"] for f in json.loads(result.out)] == ["DM601"]


@pytest.mark.parametrize(
    "separator",
    [
        "\u00ad",  # soft hyphen, Word's optional hyphen: invisible in print
        "\u200b",  # zero-width space, from copying out of a PDF or a web page
        "\u2060",  # word joiner
        "\u2212",  # minus sign
        "\u2009",  # thin space
        "\u2007",  # figure space, used to align digits in tables
        "\t",
        "  ",
    ],
    ids=["soft-hyphen", "zero-width-space", "word-joiner", "minus", "thin", "figure", "tab", "2sp"],
)
def test_cpr_with_a_pasted_separator_is_found(separator, make_repo, dialog) -> None:
    body = f"## Sagsfremstilling\n\nBorger 010190{separator}1234 klager.\n"
    root = make_repo({f"{DIR}/punkter/02-x.md": punkt(body=body)})
    result = dialog("check", "--format", "json", "--today", "2025-03-01", cwd=root)
    assert [f["rule"] for f in json.loads(result.out)] == ["DM601"]


@pytest.mark.parametrize("text", ["320190-1234", "011390-1234", "12010190-1234", "010190-12345"])
def test_cpr_lookalikes_are_not_found(text, make_repo, dialog) -> None:
    root = make_repo({f"{DIR}/punkter/02-x.md": punkt(titel=f"'Sag {text}'")})
    result = dialog("check", "--format", "json", "--today", "2025-03-01", cwd=root)
    assert json.loads(result.out) == []


def test_cpr_in_open_bilag_title_names_its_line(make_repo, dialog) -> None:
    root = make_repo(
        {
            f"{DIR}/punkter/02-x.md": punkt(
                extra="bilag:\n  - titel: Klage fra 010190-1234\n    lukket: false"
            )
        }
    )
    result = dialog("check", "--format", "json", "--today", "2025-03-01", cwd=root)
    [finding] = json.loads(result.out)
    assert (finding["rule"], finding["line"]) == ("DM601", 5)
    assert "1234" not in finding["message"]


def test_unknown_person_hints_the_closest_id(make_repo, dialog) -> None:
    root = make_repo({f"{DIR}/meeting.md": direktionen(extra="vaert: [anne]\n")})
    result = dialog("check", "--format", "json", "--today", "2025-03-01", cwd=root)
    [finding] = json.loads(result.out)
    assert (
        finding["message"]
        == "vaert: ingen person eller gruppe 'anne' i dialog.yaml; mente du 'anna'?"
    )
    assert finding["line"] == 8


def test_stale_approval_says_how_to_reapprove(make_repo, dialog) -> None:
    root = make_repo(sdm(program_md=approved("bo", edit_after="Mere.\n")))
    result = dialog("check", "--format", "json", "--today", "2025-03-05", cwd=root)
    [finding] = json.loads(result.out)
    assert finding["rule"] == "DM302"
    assert finding["message"].endswith(f"godkend igen med dialog approve {SDM}/program.md --by bo")


@pytest.mark.skipif(not (PROJECT / "dialog.yaml").is_file(), reason="no bundled repository yet")
def test_bundled_repository_is_clean(dialog) -> None:
    # after its last held meeting (an `afholdt` meeting after today is DM210); the one
    # warning: the example publishes a site without a real municipality's statement address
    result = dialog("check", "--today", "2025-02-27", "--root", PROJECT)
    assert result.code == 0, result.out
    assert "DM610" in result.out
    assert "1 advarsel" in result.err


@pytest.mark.parametrize("path", [".", "meetings", "meetings/2025", "dialog.yaml"])
def test_a_folder_above_the_meetings_or_dialog_yaml_checks_them_all(path, make_repo, dialog):
    root = make_repo({f"{DIR}/punkter/02-x.md": punkt(tid="13:00")})
    result = dialog("check", path, "--format", "json", "--today", "2025-03-01", cwd=root)
    assert [f["rule"] for f in json.loads(result.out)] == ["DM404"]


def test_a_control_character_in_front_matter_is_an_error_on_its_line(make_repo, dialog) -> None:
    # issue 17: the loader drops it (no output carries one) and DM705 names the line; the
    # punkt itself stays readable
    root = make_repo({f"{DIR}/punkter/02-x.md": "---\nlukket: false\ntitel: a\x08b\n---\n"})
    result = dialog("check", "--format", "json", "--today", "2025-03-01", cwd=root)
    assert result.code == 1
    found = [(f["rule"], f["path"], f["line"]) for f in json.loads(result.out)]
    assert found == [("DM705", f"{DIR}/punkter/02-x.md", 3)]


@pytest.mark.parametrize(
    "fil", ["../2025-03-12-direktionen/bilag/a.pdf", "/etc/passwd", "C:/a.pdf"]
)
def test_bilag_fil_outside_the_meeting_folder_is_refused(fil, make_repo, dialog) -> None:
    extra = f"bilag:\n  - {{titel: A, lukket: false, fil: '{fil}'}}"
    root = make_repo({f"{DIR}/punkter/02-x.md": punkt(extra=extra)})
    result = dialog("check", "--format", "json", "--today", "2025-03-01", cwd=root)
    [finding] = json.loads(result.out)
    assert finding["rule"] == "DM504"
    assert "skal være en sti inde i mødemappen" in finding["message"]


def test_bilag_fil_symlink_leaving_the_repository_is_refused(make_repo, dialog, tmp_path) -> None:
    extra = "bilag:\n  - {titel: A, lukket: false, fil: bilag/a.pdf}"
    root = make_repo({f"{DIR}/punkter/02-x.md": punkt(extra=extra)})
    outside = tmp_path / "secret.pdf"
    outside.write_bytes(b"%PDF")
    (root / DIR / "bilag").mkdir()
    (root / DIR / "bilag" / "a.pdf").symlink_to(outside)
    result = dialog("check", "--format", "json", "--today", "2025-03-01", cwd=root)
    [finding] = json.loads(result.out)
    assert finding["message"] == "fil 'bilag/a.pdf' er et link, der fører ud af arkivet"


def test_unknown_rule_in_regler_hints_the_closest(make_repo, dialog) -> None:
    root = make_repo({"dialog.yaml": config_with("dm602: off")})
    result = dialog("check", "--today", "2025-03-01", cwd=root)
    assert result.code == 1
    assert "dialog.yaml:" in result.out
    assert "regler: ukendt regel 'dm602'; mente du DM602?" in result.out


def test_check_runs_as_a_process(make_repo, dialog_process) -> None:
    root = make_repo({f"{DIR}/punkter/02-x.md": punkt(tid="13:00")})
    done = dialog_process("check", "--format", "github", "--today", "2025-03-01", cwd=root)
    assert done.returncode == 1
    assert done.stdout.startswith(f"::error file={DIR}/punkter/02-x.md,line=4,title=DM404::")
    assert done.stderr == "1 fejl, 0 advarsler i 1 fil (tjekket: 4 filer, 1 møde)\n"


def test_cpr_in_the_body_names_its_line(make_repo, dialog) -> None:
    body = "## Sagsfremstilling\n\nLinje.\nBorger 010190-1234 klager.\n\n## Beslutning\n\nJa.\n"
    root = make_repo({f"{DIR}/punkter/02-x.md": punkt(body=body)})
    result = dialog("check", "--format", "json", "--today", "2025-03-01", cwd=root)
    [finding] = json.loads(result.out)
    assert (finding["rule"], finding["line"]) == ("DM601", 8)
    assert finding["message"].startswith("teksten indeholder noget, der ligner et cpr-nummer")


def test_an_unreadable_product_is_reported_once_not_as_missing(make_repo, dialog) -> None:
    root = make_repo(sdm(program_md="---\ntitel: Program\nstatus: klar\n---\n"))
    result = dialog("check", "--format", "json", "--today", "2025-04-16", cwd=root)
    rules = [(f["rule"], f["path"]) for f in json.loads(result.out)]
    assert ("DM004", f"{SDM}/program.md") in rules
    assert [r for r, p in rules if p == f"{SDM}/program.md"] == ["DM004"]


def test_text_output_has_colour_on_a_terminal_only(make_repo, dialog) -> None:
    root = make_repo({f"{DIR}/punkter/02-x.md": punkt(tid="13:00")})
    assert b"\x1b[" in run_on_a_terminal(root, "check", "--today", "2025-03-01")
    assert "\x1b[" not in dialog("check", "--today", "2025-03-01", cwd=root).out


@pytest.mark.parametrize(
    ("files", "path", "line"),
    [
        (
            {f"{DIR}/punkter/02-x.md": punkt(extra="deltager: [carl, dan]")},
            f"{DIR}/punkter/02-x.md",
            4,
        ),
        (
            {
                f"{DIR}/punkter/02-x.md": punkt(
                    extra="underpunkter:\n  - titel: A\n    deltager: [dan]"
                )
            },
            f"{DIR}/punkter/02-x.md",
            6,
        ),
        (
            sdm(program_md="---\nprogrampunkter:\n  - titel: A\n    ansvarlig: [dan]\n---\n"),
            f"{SDM}/program.md",
            4,
        ),
        (
            sdm(
                meeting_md=sdm_meeting(status="afholdt"),
                opfoelgningsnotat_md=(
                    "---\ninitiativer:\n  - {hvad: A, hvem: [dan], sigt: kort}\n---\n"
                ),
            ),
            f"{SDM}/opfoelgningsnotat.md",
            3,
        ),
    ],
    ids=["punkt", "underpunkt", "programpunkt", "initiativ"],
)
def test_unknown_people_are_found_wherever_they_are_named(files, path, line, make_repo, dialog):
    root = make_repo(files)
    result = dialog("check", "--format", "json", "--today", "2025-03-01", cwd=root)
    found = [(f["path"], f["line"]) for f in json.loads(result.out) if f["rule"] == "DM501"]
    assert found == [(path, line)]


def test_unknown_people_in_dialog_yaml_are_found(make_repo, dialog) -> None:
    config = CONFIG.replace("medlemmer: [anna, bo]", "medlemmer: [anna, boo]").replace(
        "formoede: {frist: -3, med: [borgmester]}", "formoede: {frist: -3, med: [borgmestre]}"
    )
    root = make_repo({"dialog.yaml": config})
    result = dialog("check", "--format", "json", "--today", "2025-03-01", cwd=root)
    assert [(f["path"], f["line"], f["message"]) for f in json.loads(result.out)] == [
        (
            "dialog.yaml",
            16,
            "fora.strategisk-dialogmoede.formoede.med: ingen person eller rolle 'borgmestre';"
            " mente du 'borgmester'?",
        ),
        ("dialog.yaml", 19, "fora.direktionen.medlemmer: ingen person 'boo'; mente du 'bo'?"),
    ]


def test_list_rules_as_json_and_text(dialog) -> None:
    listed = json.loads(dialog("check", "--list-rules", "--format", "json").out)
    assert listed[0] == {
        "id": "DM001",
        "name": "unreadable-file",
        "family": "load",
        "severity": "error",
        "summary": "En fil eller mappe kan ikke læses: ikke UTF-8, UTF-16, NUL-tegn, for stor,"
        " ingen adgang, et symbolsk link, der peger på sig selv",
    }
    text = dialog("check", "--list-rules").out.splitlines()
    assert len(text) == len(listed)
    assert text[0].split()[:3] == ["DM001", "fejl", "unreadable-file"]


def test_an_unknown_referat_approver_in_dialog_yaml_is_found(make_repo, dialog) -> None:
    """`referat_godkendes_af` names people, roles or `medlem`; a typo there made every
    referat unapprovable, silently, until someone tried."""
    config = CONFIG.replace(
        "    medlemmer: [anna, bo]\n",
        "    medlemmer: [anna, bo]\n    referat_godkendes_af: [medlem, kommunaldirektoer, boo]\n",
    )
    assert config != CONFIG
    root = make_repo({"dialog.yaml": config})
    result = dialog("check", "--format", "json", "--today", "2025-03-01", cwd=root)
    line = (
        config.splitlines().index("    referat_godkendes_af: [medlem, kommunaldirektoer, boo]") + 1
    )
    assert [(f["path"], f["line"], f["message"]) for f in json.loads(result.out)] == [
        (
            "dialog.yaml",
            line,
            "fora.direktionen.referat_godkendes_af: ingen person eller rolle 'boo', og det er"
            " ikke medlem; mente du 'bo'?",
        ),
    ]
