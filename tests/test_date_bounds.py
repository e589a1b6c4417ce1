"""Dates outside 1900-2999 and frister beyond a year either way are DM004 findings on the
key's line (or a usage error for an option), never an overflow in date arithmetic."""

from __future__ import annotations

import pytest

from helpers.meetings import DIR, meeting_md


def strategic(dato: str) -> str:
    """A strategic meeting on `dato`, from 9 to 12."""
    return meeting_md(
        "strategisk-dialogmoede", "Strategisk dialogmøde", dato, 'start: "09:00"', 'slut: "12:00"'
    )


NOTAT = """\
---
status: udkast
initiativer:
  - hvad: Noget
    hvem: [anna]
    sigt: kort
    frist: {frist}
---
"""


@pytest.mark.parametrize("dato", ["0001-01-01", "0001-01-05", "9999-12-20", "9999-12-31"])
@pytest.mark.parametrize("command", ["check", "status", "calendar"])
def test_meeting_date_near_the_ends_of_the_calendar_is_a_finding(make_repo, dialog, dato, command):
    root = make_repo({f"{DIR}/meeting.md": strategic(dato)})
    args = ("calendar", "-o", "-") if command == "calendar" else (command,)
    result = dialog(*args, cwd=root)
    assert result.code in (0, 1), result.err
    if command == "check":
        assert (
            f"{DIR}/meeting.md:4: fejl DM004 dato {dato} ligger uden for årene 1900-2999"
            in result.out
        )


def test_initiativ_frist_in_year_9999_is_a_finding_on_its_line(make_repo, dialog):
    root = make_repo({f"{DIR}/opfoelgningsnotat.md": NOTAT.format(frist="9999-12-31")})
    result = dialog("check", cwd=root)
    assert result.code == 1, result.err
    assert (
        f"{DIR}/opfoelgningsnotat.md:7: fejl DM004 frist 9999-12-31 ligger uden for årene"
        in result.out
    )


@pytest.mark.parametrize("days", ["-99999999", "99999999", "-367", "367"])
@pytest.mark.parametrize("command", ["check", "status", "calendar"])
def test_a_frist_beyond_a_year_from_the_meeting_is_refused_in_dialog_yaml(
    make_repo, dialog, days, command
):
    root = make_repo({f"{DIR}/meeting.md": strategic("2025-03-05")})
    config = (root / "dialog.yaml").read_text(encoding="utf-8")
    (root / "dialog.yaml").write_text(config.replace("frist: -7,", f"frist: {days},", 1))
    result = dialog(command, cwd=root)
    assert result.code == 2, result.err
    assert f"dialog.yaml:12: fejl DM004 frist {days} er mere end 366 dage fra mødet" in result.err


@pytest.mark.parametrize(
    ("option", "command"),
    [("--today", "check"), ("--today", "status"), ("--today", "actions"), ("--date", "approve")],
)
@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_an_option_date_outside_1900_2999_is_a_usage_error(make_repo, dialog, option, command, day):
    root = make_repo({f"{DIR}/meeting.md": strategic("2025-03-05")})
    args = [command, option, day]
    if command == "approve":
        args[1:1] = [f"{DIR}/program.md", "--by", "bo"]
        (root / DIR / "program.md").write_text("---\nstatus: udkast\n---\nTekst.\n")
    result = dialog(*args, cwd=root)
    assert result.code == 2, result.err
    assert f"{option} {day} ligger uden for årene 1900-2999" in result.err


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_new_meeting_on_a_date_outside_1900_2999_is_a_usage_error(make_repo, dialog, day):
    root = make_repo()
    result = dialog("new-meeting", "--forum", "strategisk-dialogmoede", "--dato", day, cwd=root)
    assert result.code == 2, result.err
    assert f"--dato {day} ligger uden for årene 1900-2999" in result.err
    assert not (root / "meetings" / day[:4]).exists()
