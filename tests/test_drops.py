"""Nothing is silently dropped: misnamed files, load rules that cannot be switched off,
rules comparing meetings on the whole repository, deletions in a commit, past meetings
still planlagt, and dates written only as YYYY-MM-DD."""

from __future__ import annotations

import json

import pytest

from helpers.configs import CONFIG, config_with
from helpers.meetings import DIR, DIR_MEETING, direktionen, punkt
from helpers.repo import git
from helpers.run import BIN, SPEC, run_command


def findings(dialog, root, *args: str, today: str = "2025-03-01") -> list[dict[str, object]]:
    result = dialog("check", "--format", "json", "--today", today, *args, cwd=root)
    assert result.code in {0, 1}, result.err
    return list(json.loads(result.out))


@pytest.mark.parametrize(
    ("name", "should"),
    [("5-klima.md", "05-klima.md"), ("05-Klima.md", "05-klima.md"), ("notes.txt", "02-notes.md")],
)
def test_a_file_in_punkter_that_is_not_a_punkt_is_an_error_naming_the_right_name(
    make_repo, dialog, name: str, should: str
) -> None:
    root = make_repo({f"{DIR}/punkter/{name}": punkt()})
    found = findings(dialog, root)
    assert [(f["rule"], f["severity"], f["path"]) for f in found] == [
        ("DM009", "error", f"{DIR}/punkter/{name}")
    ]
    assert f"omdøb den til {should}" in str(found[0]["message"])


def test_a_folder_in_punkter_is_an_error(make_repo, dialog) -> None:
    root = make_repo({f"{DIR}/punkter/02-klima.md/tekst.md": punkt()})
    found = findings(dialog, root)
    assert [(f["rule"], f["severity"], f["path"]) for f in found] == [
        ("DM009", "error", f"{DIR}/punkter/02-klima.md")
    ]
    assert "er en mappe" in str(found[0]["message"])


def test_a_product_name_that_is_a_folder_is_an_error(make_repo, dialog) -> None:
    root = make_repo({f"{DIR}/program.md/tekst.md": "x\n"})
    found = findings(dialog, root)
    assert [(f["rule"], f["severity"], f["path"]) for f in found] == [
        ("DM009", "error", f"{DIR}/program.md")
    ]


def test_a_load_rule_turned_off_in_regler_still_counts_and_the_line_is_an_error(
    make_repo, dialog
) -> None:
    root = make_repo(
        {
            "dialog.yaml": config_with("DM002: off"),
            f"{DIR}/punkter/02-x.md": "---\ntitel: Punkt: status\nlukket: false\n---\n",
        }
    )
    result = dialog("check", "--today", "2025-03-01", cwd=root)
    assert result.code == 1
    line = CONFIG.count("\n") + 2
    assert (
        f"dialog.yaml:{line}: fejl DM010 regler: DM002 er en indlæsningsregel og kan ikke"
        " slås fra; dens fund tæller. Fjern linjen" in result.out
    )
    assert f"{DIR}/punkter/02-x.md:2: fejl DM002" in result.out


def test_a_load_rule_cannot_be_downgraded_to_a_warning(make_repo, dialog) -> None:
    root = make_repo(
        {
            "dialog.yaml": config_with("DM001: warning"),
            f"{DIR}/punkter/02-x.md": "---\ntitel: Æble\nlukket: false\n---\n".encode("cp1252"),
        }
    )
    found = findings(dialog, root)
    assert sorted((f["rule"], f["severity"]) for f in found) == [
        ("DM001", "error"),
        ("DM010", "error"),
    ]


def _many_meetings(make_repo):
    """160 meeting folders; four of them have a copy in meetings/2024/ that a split check
    gives to the other process (the copies sort first, at 0-3; the originals at 5-8)."""
    files: dict[str, str | bytes | None] = {}
    for day in range(160):
        dato = f"2025-{1 + day // 28:02d}-{1 + day % 28:02d}"
        files[f"meetings/2025/{dato}-direktionen/meeting.md"] = direktionen(dato=dato)
    for day in (2, 3, 4, 5):
        dato = f"2025-01-{day:02d}"
        files[f"meetings/2024/{dato}-direktionen/meeting.md"] = direktionen(dato=dato)
    return make_repo(files, with_meeting=False)


def test_duplicate_meeting_ids_are_all_found_when_the_check_is_split(make_repo, dialog) -> None:
    root = _many_meetings(make_repo)
    found = findings(dialog, root, today="2024-12-01")
    assert sorted(f["path"] for f in found if f["rule"] == "DM703") == sorted(
        f"meetings/{year}/2025-01-{day:02d}-direktionen/meeting.md"
        for year in (2024, 2025)
        for day in (2, 3, 4, 5)
    )


def test_a_check_of_one_meeting_reports_its_copy_in_another_year(make_repo, dialog) -> None:
    copy = "meetings/2024/2025-03-05-direktionen"
    root = make_repo({f"{copy}/meeting.md": DIR_MEETING})
    found = findings(dialog, root, DIR)
    assert [(f["rule"], f["path"]) for f in found if f["rule"] == "DM703"] == [
        ("DM703", f"{DIR}/meeting.md")
    ]


def test_a_check_of_paths_also_checks_meetings_with_staged_deletions(make_repo, dialog) -> None:
    other = "meetings/2025/2025-03-12-direktionen"
    root = make_repo(
        {
            f"{DIR}/punkter/02-b.md": punkt(),
            f"{DIR}/punkter/03-c.md": punkt(),
            f"{other}/meeting.md": direktionen(dato="2025-03-12"),
        }
    )
    git(root, "rm", "-q", f"{DIR}/punkter/02-b.md")
    found = findings(dialog, root, f"{other}/meeting.md")
    assert [(f["rule"], f["path"]) for f in found] == [("DM401", f"{DIR}/punkter/03-c.md")]


def test_pre_commit_blocks_a_commit_whose_deletion_leaves_a_gap(tmp_path, dialog) -> None:
    root = tmp_path / "ny"
    home = tmp_path / "cache"
    assert dialog("init", root, *SPEC).code == 0
    assert run_command(root, str(BIN / "pre-commit"), "install", home=home).returncode == 0
    new = ("new-meeting", "--forum", "direktionen", "--dato", "2099-03-04")
    assert dialog(*new, cwd=root).code == 0
    meeting = "meetings/2099/2099-03-04-direktionen"
    for titel in ("Budget", "Klima", "Skole"):
        assert dialog("add-item", meeting, "--titel", titel, "--aaben", cwd=root).code == 0
    git(root, "add", "-A")
    done = run_command(root, "git", "commit", "-m", "good", home=home)
    assert done.returncode == 0, done.stdout + done.stderr
    git(root, "rm", "-q", f"{meeting}/punkter/02-klima.md")
    done = run_command(root, "git", "commit", "-m", "gap", home=home)
    assert done.returncode != 0, done.stdout + done.stderr
    assert "DM401" in done.stdout + done.stderr
    assert git(root, "log", "--format=%s").split() == ["good"]


def test_a_past_meeting_still_planlagt_is_an_error(make_repo, dialog) -> None:
    root = make_repo({f"{DIR}/meeting.md": direktionen()})
    found = findings(dialog, root, today="2025-03-06")
    assert [(f["rule"], f["severity"], f["line"]) for f in found] == [("DM105", "error", 7)]
    assert "sæt status: afholdt og skriv beslutningerne" in str(found[0]["message"])


def test_a_past_meeting_still_planlagt_needs_its_decisions(make_repo, dialog) -> None:
    root = make_repo({f"{DIR}/punkter/01-budget.md": punkt(body="## Indstilling\n\nJa.\n")})
    found = findings(dialog, root, today="2025-03-06")
    assert ("DM102", f"{DIR}/punkter/01-budget.md") in [(f["rule"], f["path"]) for f in found]


def test_an_underpunkt_without_a_decision_is_reported_at_its_line(make_repo, dialog) -> None:
    under = "underpunkter:\n  - {titel: A, beslutning: Godkendt.}\n  - {titel: B}"
    root = make_repo(
        {
            f"{DIR}/meeting.md": direktionen("afholdt"),
            f"{DIR}/punkter/01-budget.md": punkt(extra=under, body="## Beslutning\n\nJa.\n"),
        }
    )
    found = findings(dialog, root, today="2025-03-06")
    assert [(f["rule"], f["line"]) for f in found] == [("DM102", 6)]
    assert "underpunkt 2 (B)" in str(found[0]["message"])


@pytest.mark.parametrize("value", ["20250101", "2025-W01-1", "2025-1-1"])
@pytest.mark.parametrize(
    "command",
    [
        ("check", "--today"),
        ("status", "--today"),
        ("new-meeting", "--forum", "direktionen", "--dato"),
        ("approve", f"{DIR}/meeting.md", "--by", "anna", "--date"),
    ],
    ids=lambda c: c[-1] if isinstance(c, tuple) else c,
)
def test_a_date_option_takes_only_yyyy_mm_dd(make_repo, dialog, command, value) -> None:
    root = make_repo()
    result = dialog(*command, value, cwd=root)
    assert result.code == 2
    assert f"{command[-1]} '{value}' er ikke en dato; skriv ÅÅÅÅ-MM-DD, fx 2025-01-29" in (
        result.err
    )


def test_a_punkt_file_outside_punkter_is_an_error(make_repo, dialog) -> None:
    root = make_repo({f"{DIR}/02-klima.md": punkt()})
    found = findings(dialog, root)
    assert [(f["rule"], f["severity"], f["path"]) for f in found] == [
        ("DM009", "error", f"{DIR}/02-klima.md")
    ]
    assert "flyt det til punkter/02-klima.md" in str(found[0]["message"])


def test_a_product_named_in_capitals_is_an_error_naming_the_right_name(make_repo, dialog) -> None:
    root = make_repo({f"{DIR}/Program.md": "---\ntitel: Program\n---\n"})
    found = findings(dialog, root)
    assert [(f["rule"], f["severity"], f["path"]) for f in found] == [
        ("DM009", "error", f"{DIR}/Program.md")
    ]
    assert "omdøb den til program.md" in str(found[0]["message"])


def test_staged_without_paths_checks_only_meetings_with_staged_deletions(make_repo, dialog) -> None:
    other = "meetings/2025/2025-03-12-direktionen"
    root = make_repo(
        {
            f"{DIR}/punkter/02-b.md": punkt(),
            f"{DIR}/punkter/03-c.md": punkt(),
            f"{other}/meeting.md": direktionen(dato="2025-03-12"),
            f"{other}/punkter/01-a.md": punkt(tid="13:00"),  # DM404, not staged
        }
    )
    git(root, "rm", "-q", f"{DIR}/punkter/02-b.md")
    found = findings(dialog, root, "--staged")
    assert [(f["rule"], f["path"]) for f in found] == [("DM401", f"{DIR}/punkter/03-c.md")]
