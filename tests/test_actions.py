"""`dialog actions` and carrying open initiativer over into the next meeting."""

from __future__ import annotations

import json

from helpers.strategisk import strategi

A = "meetings/2025/2025-01-15-a"
B = "meetings/2025/2025-02-12-b"

NOTAT_A = """\
---
status: godkendt
initiativer:
  - hvad: Plan for bosætning
    hvem: [anna]
    sigt: lang
  - hvad: Notat om havnen
    hvem: carl
    sigt: kort
    frist: 2025-02-01
  - hvad: Møde med erhvervsrådet
    hvem: [bo, anna]
    sigt: kort
    frist: 2025-01-20
    status: afsluttet
    afsluttet_dato: 2025-01-19
---
"""

NOTAT_B = """\
---
initiativer:
  - hvad: Budgetoplæg
    hvem: [bo]
    sigt: kort
    frist: 2025-03-20
---
"""


def repo_with_actions(make_repo):
    return make_repo(
        {
            f"{A}/meeting.md": strategi("A", "2025-01-15"),
            f"{A}/opfoelgningsnotat.md": NOTAT_A,
            f"{B}/meeting.md": strategi("B", "2025-02-12"),
            f"{B}/opfoelgningsnotat.md": NOTAT_B,
        }
    )


def test_actions_lists_overdue_first_then_by_frist_then_done(make_repo, dialog):
    root = repo_with_actions(make_repo)
    result = dialog("actions", "--today", "2025-03-10", cwd=root)
    assert result.code == 0, result.err
    heads = [line for line in result.out.splitlines() if line and not line.startswith(" ")]
    assert heads == [
        "Åbne initiativer pr. 2025-03-10: 3, heraf 1 over frist",
        "OVER FRIST 2025-02-01 (37 dage over): Notat om havnen",
        "frist 2025-03-20 (om 10 dage): Budgetoplæg",
        "ingen frist: Plan for bosætning",
        "Afsluttede initiativer: 1",
        "afsluttet 2025-01-19: Møde med erhvervsrådet",
    ]
    assert (
        f"    Økonomichef Carl Crone · kort sigt · fra 2025-01-15-a ({A}/opfoelgningsnotat.md:7)"
    ) in result.out


def test_actions_owner_filters_and_json_keeps_history(make_repo, dialog):
    root = repo_with_actions(make_repo)
    result = dialog("actions", "--owner", "anna", "--today", "2025-03-10", "-f", "json", cwd=root)
    assert result.code == 0, result.err
    found = json.loads(result.out)
    assert [(a["hvad"], a["status"]) for a in found] == [
        ("Plan for bosætning", "aaben"),
        ("Møde med erhvervsrådet", "afsluttet"),
    ]
    assert found[1]["afsluttet_dato"] == "2025-01-19"
    assert found[1]["meeting"] == "2025-01-15-a"


def test_actions_markdown_table(make_repo, dialog):
    root = repo_with_actions(make_repo)
    result = dialog("actions", "--today", "2025-03-10", "-f", "md", cwd=root)
    assert (
        "| **over frist** | 2025-02-01 | Notat om havnen | Økonomichef Carl Crone |" in result.out
    )
    assert "| afsluttet 2025-01-19 | 2025-01-20 | Møde med erhvervsrådet |" in result.out


def test_actions_markdown_counts_in_danish_singular_and_plural(make_repo, dialog):
    root = repo_with_actions(make_repo)
    result = dialog("actions", "--owner", "anna", "--today", "2025-03-10", "-f", "md", cwd=root)
    assert "1 åben, heraf 0 over frist; 1 afsluttet." in result.out


def test_actions_text_says_one_day_in_the_singular(make_repo, dialog):
    root = repo_with_actions(make_repo)
    result = dialog("actions", "--today", "2025-03-19", cwd=root)
    assert "frist 2025-03-20 (om 1 dag): Budgetoplæg" in result.out


def test_actions_refuses_an_unknown_owner_with_a_hint(make_repo, dialog):
    result = dialog("actions", "--owner", "ana", cwd=make_repo())
    assert result.code == 2
    assert "--owner 'ana' er hverken en person eller en gruppe i dialog.yaml; mente du 'anna'?" in (
        result.err
    )


def test_actions_refuses_an_unknown_forum_as_plan_and_calendar_do(make_repo, dialog):
    result = dialog("actions", "--forum", "direktion", cwd=make_repo())
    assert result.code == 2
    assert result.err == (
        "dialog: intet forum 'direktion' i dialog.yaml;"
        " kendte fora: direktionen, strategisk-dialogmoede\n"
    )


def test_actions_refuses_a_bad_today(make_repo, dialog):
    result = dialog("actions", "--today", "2025-02-30", cwd=make_repo())
    assert result.code == 2
    assert "--today '2025-02-30' er ikke en dato" in result.err


def test_new_meeting_carries_open_initiativer_over(make_repo, dialog):
    root = repo_with_actions(make_repo)
    result = dialog(
        "new-meeting", "--forum", "strategisk-dialogmoede", "--dato", "2025-02-20",
        "--titel", "C", cwd=root,
    )  # fmt: skip
    assert result.code == 0, result.err
    body = (root / "meetings/2025/2025-02-20-c/meeting.md").read_text("utf-8")
    section = body.split("## Opfølgning", 1)[1]
    assert "- Notat om havnen (Økonomichef Carl Crone; frist 2025-02-01) – fra 2025-01-15-a" in (
        section
    )
    assert "- Budgetoplæg (Velfærdsdirektør Bo Berg; frist 2025-03-20) – fra 2025-02-12-b" in (
        section
    )
    assert "Plan for bosætning" in section
    assert "erhvervsrådet" not in section  # done: nothing to carry over
    check = dialog("check", "--format", "json", "meetings/2025/2025-02-20-c", cwd=root)
    assert not [f for f in json.loads(check.out) if f["rule"] < "DM100"], check.out


def test_new_meeting_of_another_forum_or_earlier_date_carries_nothing(make_repo, dialog):
    root = repo_with_actions(make_repo)
    dialog("new-meeting", "--forum", "direktionen", "--dato", "2025-03-12", cwd=root)
    dialog(
        "new-meeting", "--forum", "strategisk-dialogmoede", "--dato", "2025-01-08",
        "--titel", "Tidlig", cwd=root,
    )  # fmt: skip
    for rel in ("2025-03-12-direktionen", "2025-01-08-tidlig"):
        text = (root / "meetings/2025" / rel / "meeting.md").read_text("utf-8")
        assert "Opfølgning" not in text, rel
