"""The command line's options: `approve --dato` (with `--date` kept, hidden, for scripts
written before)."""

from __future__ import annotations

from pathlib import Path

import pytest

MEETING = "meetings/2025/2025-04-22-vaekst"
STRATEGIC = """\
---
forum: strategisk-dialogmoede
titel: Vækst
dato: 2025-04-22
start: "09:00"
slut: "12:00"
---
"""


@pytest.fixture
def program(make_repo) -> Path:
    """A repository with a strategic meeting's draft program, for bo to approve."""
    return make_repo(
        {
            f"{MEETING}/meeting.md": STRATEGIC,
            f"{MEETING}/program.md": "---\nstatus: udkast\n---\nTekst.\n",
        }
    )


@pytest.mark.parametrize("option", ["--dato", "--date"])
def test_approve_takes_its_date_as_dato_and_still_as_date(program, dialog, option) -> None:
    result = dialog(
        "approve", f"{MEETING}/program.md", "--by", "bo", option, "2025-04-14", cwd=program
    )
    assert result.code == 0, result.err
    assert result.out == f"{MEETING}/program.md: approved by bo on 2025-04-14\n"
    assert "godkendt_dato: 2025-04-14\n" in (program / MEETING / "program.md").read_text()


def test_approve_help_shows_dato_and_hides_date(dialog) -> None:
    result = dialog("approve", "--help")
    assert result.code == 0
    assert "--dato" in result.out
    assert "--date" not in result.out


def test_approve_refuses_a_date_given_twice(program, dialog) -> None:
    args = ("--dato", "2025-04-14", "--date", "2025-04-13")
    result = dialog("approve", f"{MEETING}/program.md", "--by", "bo", *args, cwd=program)
    assert result.code == 2
    assert result.err == (
        "dialog: --date is the old name of --dato; give the date once, with --dato\n"
    )
