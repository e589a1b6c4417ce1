"""Every finding in a file that exists names a line, so a GitHub annotation sits on the line
to fix."""

from __future__ import annotations

import pytest

from helpers.meetings import DIR, punkt
from helpers.rule_cases import CASES, Case, run_check
from helpers.strategisk import SDM, approved, sdm, sdm_meeting

# Findings about a file or folder as a whole, where no key is concerned: a file where dialog
# expects none (DM006), a product the forum does not ask for (DM103), two meeting folders
# with one name (DM703), a file whose name is wrong (DM009).
WHOLE_FILE = {"DM006", "DM009", "DM103", "DM703"}
LEFT_ALONE: set[str] = set()


@pytest.mark.parametrize(
    "case", [c for c in CASES if c.rule not in WHOLE_FILE | LEFT_ALONE], ids=lambda c: c.rule
)
def test_a_finding_in_an_existing_file_names_its_line(case: Case, make_repo, dialog) -> None:
    root = make_repo(case.fire)
    _, findings = run_check(dialog, root, case.today)
    lineless = [
        f
        for f in findings
        if f["rule"] == case.rule and f["line"] is None and (root / str(f["path"])).is_file()
    ]
    assert lineless == []


def test_a_draft_past_its_frist_names_its_status_line(make_repo, dialog) -> None:
    _, findings = run_check(dialog, make_repo(sdm()), "2025-04-16")
    missed = [(f["path"], f["line"]) for f in findings if f["rule"] == "DM201"]
    assert (f"{SDM}/program.md", 3) in missed  # "status: udkast"


def test_a_stale_approval_past_its_frist_names_its_godkendt_hash_line(make_repo, dialog) -> None:
    root = make_repo(sdm(program_md=approved("bo", edit_after="Rettet.\n")))
    _, findings = run_check(dialog, root, "2025-04-16")
    missed = [(f["path"], f["line"]) for f in findings if f["rule"] == "DM201"]
    assert (f"{SDM}/program.md", 6) in missed  # "godkendt_hash: ..."


def test_a_numbering_gap_names_the_titel_line_of_the_punkt_after_it(make_repo, dialog) -> None:
    root = make_repo({f"{DIR}/punkter/03-x.md": punkt()})
    _, findings = run_check(dialog, root, "2025-03-01")
    gaps = [(f["path"], f["line"]) for f in findings if f["rule"] == "DM401"]
    assert gaps == [(f"{DIR}/punkter/03-x.md", 2)]


def test_a_missing_fagdirektoer_names_the_forum_line(make_repo, dialog) -> None:
    root = make_repo(sdm(meeting_md=sdm_meeting().replace("fagdirektoer: bo\n", "")))
    _, findings = run_check(dialog, root, "2025-04-01")
    assert [f["line"] for f in findings if f["rule"] == "DM304"] == [2]


def test_the_github_annotation_of_a_missed_frist_sits_on_its_line(make_repo, dialog) -> None:
    root = make_repo(sdm())
    result = dialog("check", "--format", "github", "--today", "2025-04-16", cwd=root)
    assert f"::error file={SDM}/program.md,line=3,title=DM201::" in result.out
