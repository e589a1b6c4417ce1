"""An approved referat (issue 20.5): `dialog approve MEETING --by PERSON` records the
referat's approval in meeting.md; who may give it is the forum's `referat_godkendes_af`; an
edit of a decision, an underpunkt's decision or what the referat shows afterwards makes it
stale (DM305, UDKAST in every format); verify and diff treat it as a product's. Real git
repositories, real PDFs read back."""

from __future__ import annotations

import io
import json
import os
import subprocess
from pathlib import Path

import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.configs import CONFIG
from helpers.examples import examples
from helpers.meetings import BUDGET, DIR, DIR_ID, direktionen
from helpers.repo import git

MEETING = f"{DIR}/meeting.md"
TODAY = "2025-03-06"
WITH_EMAIL = CONFIG.replace(
    "anna: {navn: Anna Andersen, titel: Kommunaldirektør, rolle: kommunaldirektoer,"
    " github: anna-a}",
    "anna: {navn: Anna Andersen, titel: Kommunaldirektør, rolle: kommunaldirektoer,"
    " github: anna-a, email: anna@kommune.dk}",
)
UNDERPUNKTER = """\
---
titel: Orientering
lukket: false
underpunkter:
  - titel: Status på byggeriet
    beslutning: Taget til efterretning.
  - titel: Ny leverandør
    beslutning: Godkendt.
---
"""


@pytest.fixture
def held(make_repo):
    """The Direktionen meeting of 5 March 2025, afholdt, with two decided punkter."""

    def build(config: str = WITH_EMAIL) -> Path:
        return make_repo(
            {
                "dialog.yaml": config,
                MEETING: direktionen("afholdt", extra="sted: Mødelokale 1\nejere: [anna]\n"),
                f"{DIR}/punkter/02-orientering.md": UNDERPUNKTER,
            }
        )

    return build


def approve(dialog, root: Path, who: str = "anna", ref: str = DIR_ID):
    return dialog("approve", ref, "--by", who, "--dato", "2025-03-06", cwd=root)


def check(dialog, root: Path) -> list[dict[str, object]]:
    result = dialog("check", "--today", TODAY, "--format", "json", cwd=root)
    return json.loads(result.out)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, text
    path.write_text(text.replace(old, new), encoding="utf-8")


def referat(dialog, root: Path, fmt: str, tmp_path: Path) -> str:
    out = tmp_path / f"referat.{fmt}"
    result = dialog("render", "referat", DIR_ID, "--format", fmt, "-o", out, cwd=root)
    assert result.code == 0, result.err
    if fmt == "pdf":
        reader = pypdf.PdfReader(io.BytesIO(out.read_bytes()))
        return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    return out.read_text(encoding="utf-8")


def test_approve_a_meeting_records_the_referat_approval_and_keeps_every_other_byte(
    held, dialog
) -> None:
    root = held()
    before = (root / MEETING).read_text()
    result = approve(dialog, root)
    assert result.code == 0, result.err
    after = (root / MEETING).read_text()
    [added] = [line for line in after.splitlines() if line not in before.splitlines()]
    assert added.startswith('referat_godkendt: {af: anna, dato: 2025-03-06, hash: "v2:sha256:')
    assert after.replace(added + "\n", "") == before
    assert "status: afholdt" in after  # status keeps its meaning
    assert check(dialog, root) == []
    # the same person again changes nothing; someone else is refused
    assert approve(dialog, root).code == 0 and (root / MEETING).read_text() == after
    again = approve(dialog, root, "bo")
    assert again.code == 1 and (root / MEETING).read_text() == after


@pytest.mark.parametrize("ref", [DIR, f"{DIR}/", MEETING])
def test_a_meeting_folder_or_its_meeting_md_approves_the_referat(held, dialog, ref) -> None:
    root = held()
    assert approve(dialog, root, ref=ref).code == 0
    assert "referat_godkendt:" in (root / MEETING).read_text()


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        (BUDGET, "Drøftet.", "Drøftet og godkendt."),  # a decision
        (f"{DIR}/punkter/02-orientering.md", "beslutning: Godkendt.", "beslutning: Afvist."),
        (BUDGET, "Det indstilles, at budgettet drøftes.", "Det indstilles, at det vedtages."),
        (BUDGET, "titel: Budget", "titel: Budget 2026"),
        (MEETING, "sted: Mødelokale 1", "sted: Byrådssalen"),  # shown in the referat
        (MEETING, 'slut: "12:00"', 'slut: "12:30"'),
        ("dialog.yaml", "    navn: Direktionen\n", "    navn: Direktionen (DIR)\n"),
        ("dialog.yaml", "navn: Bo Berg", "navn: Bo Bergsøe"),  # a member's name
    ],
)
def test_an_edit_after_the_referat_is_approved_makes_it_stale_in_every_format(
    held, dialog, tmp_path, file, old, new
) -> None:
    root = held()
    assert approve(dialog, root).code == 0
    approved = {fmt: referat(dialog, root, fmt, tmp_path) for fmt in ("md", "html", "pdf")}
    for fmt, text in approved.items():
        assert "Godkendt af Kommunaldirektør Anna Andersen den 6. marts 2025" in text, fmt
        assert "UDKAST" not in text, fmt
    edit(root / file, old, new)
    findings = check(dialog, root)
    assert [(f["rule"], f["path"]) for f in findings] == [("DM305", MEETING)], findings
    for fmt in ("md", "html", "pdf"):
        text = referat(dialog, root, fmt, tmp_path)
        assert "UDKAST" in text, fmt
        assert "ændret efter godkendelsen" in text, fmt


def test_a_meeting_field_the_referat_does_not_show_keeps_the_approval(held, dialog) -> None:
    root = held()
    assert approve(dialog, root).code == 0
    edit(root / MEETING, "ejere: [anna]", "ejere: [anna, bo]")
    assert check(dialog, root) == []


def test_who_may_approve_the_referat_is_the_forums_referat_godkendes_af(held, dialog) -> None:
    root = held()
    refused = approve(dialog, root, "carl")  # not a member of Direktionen
    assert refused.code == 1 and "referat_godkendes_af" in refused.err
    assert "referat_godkendt" not in (root / MEETING).read_text()
    only_anna = WITH_EMAIL.replace(
        "    navn: Direktionen\n",
        "    navn: Direktionen\n    referat_godkendes_af: [kommunaldirektoer]\n",
    )
    (root / "dialog.yaml").write_text(only_anna)
    assert approve(dialog, root, "bo").code == 1  # a member, but not a kommunaldirektør
    assert approve(dialog, root, "anna").code == 0


def test_a_referat_approved_by_hand_by_someone_not_allowed_is_dm306(held, dialog) -> None:
    root = held()
    assert approve(dialog, root).code == 0
    edit(root / MEETING, "{af: anna,", "{af: carl,")
    rules = sorted(f["rule"] for f in check(dialog, root))
    assert rules == ["DM305", "DM306"]  # the approver's name is covered too


def test_a_referat_without_every_decision_or_before_the_meeting_is_not_approved(
    make_repo, dialog
) -> None:
    root = make_repo(
        {
            MEETING: direktionen("afholdt"),
            f"{DIR}/punkter/02-aaben.md": "---\ntitel: Åben\nlukket: false\n---\nTekst.\n",
        }
    )
    result = approve(dialog, root)
    assert result.code == 1 and "2" in result.err
    (root / f"{DIR}/punkter/02-aaben.md").unlink()
    result = dialog("approve", DIR_ID, "--by", "anna", "--dato", "2025-03-04", cwd=root)
    assert result.code == 1  # the day before the meeting
    assert approve(dialog, root).code == 0


def commit_as(root: Path, email: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": email, "GIT_AUTHOR_EMAIL": email,
           "GIT_COMMITTER_NAME": email, "GIT_COMMITTER_EMAIL": email}  # fmt: skip
    subprocess.run(["git", "commit", "-q", "-a", "-m", "godkend referat"], cwd=root, env=env,
                   check=True, capture_output=True)  # fmt: skip


def test_verify_treats_a_referat_approval_as_a_products(held, dialog) -> None:
    root = held()
    assert approve(dialog, root).code == 0
    uncommitted = dialog("verify", "--format", "json", cwd=root)
    assert [f["rule"] for f in json.loads(uncommitted.out)] == ["DM804"]
    commit_as(root, "kim@kommune.dk")
    forged = dialog("verify", "--format", "json", cwd=root)
    [finding] = json.loads(forged.out)
    assert (finding["rule"], finding["path"]) == ("DM801", MEETING)
    lines = (root / MEETING).read_text().splitlines()
    assert lines[finding["line"] - 1].startswith("referat_godkendt:")
    # approved again by anna herself, with her own address
    edit(root / BUDGET, "Drøftet.", "Drøftet igen.")
    git(root, "commit", "-q", "-a", "-m", "ret")
    assert approve(dialog, root).code == 0
    commit_as(root, "anna@kommune.dk")
    result = dialog("verify", cwd=root)
    assert (result.code, result.out) == (0, ""), result.out + result.err
    assert f"{MEETING}:" in result.err


def test_diff_shows_the_referat_approval_state(held, dialog) -> None:
    root = held()
    assert approve(dialog, root).code == 0
    commit_as(root, "anna@kommune.dk")
    diff = json.loads(dialog("diff", "HEAD~1", "HEAD", "--format", "json", cwd=root).out)
    [meeting] = diff["meetings"]
    [referat_diff] = [p for p in meeting["produkter"] if p["type"] == "referat"]
    assert (referat_diff["state_before"], referat_diff["state_after"]) == ("udkast", "godkendt")
    edit(root / BUDGET, "Drøftet.", "Drøftet og vedtaget.")
    md = dialog("diff", "HEAD", "--format", "md", cwd=root).out
    assert "Referat" in md and "godkendt → forældet godkendelse" in md, md


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("referat_godkendt: ~\n", ""),
        ("referat_godkendt: {af: bo, dato: 2025-03-05, hash: x}  # gammel\n", "  # gammel"),
    ],
)
def test_approve_replaces_an_earlier_referat_godkendt_in_place(held, dialog, written, kept):
    root = held()
    edit(root / MEETING, "ejere: [anna]\n", "ejere: [anna]\n" + written)
    assert approve(dialog, root).code == 0
    lines = (root / MEETING).read_text().splitlines()
    [line] = [x for x in lines if x.startswith("referat_godkendt:")]
    assert line.startswith("referat_godkendt: {af: anna, dato: 2025-03-06, hash: ")
    assert line.endswith("}" + kept)
    assert check(dialog, root) == []


def test_a_referat_godkendt_over_several_lines_is_refused_and_kept(held, dialog):
    root = held()
    block = "referat_godkendt:\n  af: bo\n  dato: 2025-03-05\n  hash: x\n"
    edit(root / MEETING, "ejere: [anna]\n", "ejere: [anna]\n" + block)
    before = (root / MEETING).read_bytes()
    result = approve(dialog, root)
    assert result.code == 1 and "referat_godkendt" in result.err
    assert (root / MEETING).read_bytes() == before


@settings(
    max_examples=examples(25),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40))
def test_any_change_of_a_decision_changes_what_the_approval_covers(tmp_path, text) -> None:
    from dialogmoder.domain.approval import referat_hash
    from dialogmoder.domain.repository import load_repository

    from helpers.repo import default_files, write_files

    root = tmp_path / "h"
    write_files(root, default_files())
    repo = load_repository(root)
    before = referat_hash(repo.config, repo.meeting(DIR), "anna")
    decision = "Drøftet. " + text.strip() if text.strip() else "Drøftet!"
    budget = root / BUDGET
    budget.write_text(budget.read_text().replace("Drøftet.", decision), encoding="utf-8")
    changed = load_repository(root)
    folder = changed.meeting(DIR)
    if folder.punkter[0].doc is None:  # text that makes the punkt unreadable is no decision
        return
    assert referat_hash(changed.config, folder, "anna") != before
