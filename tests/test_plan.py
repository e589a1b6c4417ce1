"""`dialog plan YEAR`: the årsplan."""

from __future__ import annotations

from datetime import date

import pytest

from dialogmoder.domain.dates import frist_date

from helpers.meetings import DIR, DIR_MEETING
from helpers.repo import PROJECT
from helpers.strategisk import strategi


def test_plan_lists_the_years_meetings_with_danish_date_and_time(make_repo, dialog):
    root = make_repo(
        {
            "meetings/2024/2024-08-07-forenkling/meeting.md": strategi(
                "Forenkling", "2024-08-07", extra="note: Oplæg ved Thisted\n"
            ),
            "meetings/2024/2024-09-12-sundhed/meeting.md": strategi(
                "Sundhed", "2024-09-12", "udskudt"
            ),
        }
    )
    result = dialog("plan", "2024", cwd=root)
    assert result.code == 0, result.err
    assert result.out == (
        "Årets møder 2024: Strategisk dialogmøde (Testkommune)\n"
        "\n"
        "7. august  Kl. 13.30-15.30\n"
        "    Forenkling. Oplæg ved Thisted\n"
        "    Vært: Anna og Bo. Bistås af: Økonomichef\n"
        "    Formøde: fredag 2. august\n"
        "\n"
        "12. september  Kl. 13.30-15.30  OBS: UDSKYDES\n"
        "    Sundhed\n"
        "    Vært: Anna og Bo. Bistås af: Økonomichef\n"
        "    Formøde: mandag 9. september\n"
    )


def test_plan_marks_a_cancelled_meeting_aflyst(make_repo, dialog):
    root = make_repo(
        {"meetings/2024/2024-10-29-vaekst/meeting.md": strategi("Vækst", "2024-10-29", "aflyst")}
    )
    result = dialog("plan", "2024", "--format", "md", cwd=root)
    assert result.code == 0, result.err
    assert (
        "| 29. oktober | Kl. 13.30-15.30 | Vækst | Anna og Bo | Økonomichef | AFLYST |"
        in result.out
    )


def test_plan_of_a_forum_without_formoede_has_no_formoede(make_repo, dialog):
    root = make_repo()
    result = dialog("plan", "2025", "--forum", "direktionen", cwd=root)
    assert result.code == 0, result.err
    assert "5. marts  Kl. 9-12" in result.out
    assert "Formøde" not in result.out


def test_meeting_formoede_date_overrides_the_forum_rule(make_repo, dialog):
    root = make_repo(
        {
            "meetings/2024/2024-10-29-vaekst/meeting.md": strategi(
                "Vækst", "2024-10-29", extra="formoede: {dato: 2024-10-21}\n"
            )
        }
    )
    result = dialog("plan", "2024", cwd=root)
    assert "Formøde: mandag 21. oktober" in result.out


def test_plan_html_escapes_titles(make_repo, dialog):
    root = make_repo(
        {
            "meetings/2024/2024-10-29-vaekst/meeting.md": strategi(
                "'<script>alert(1)</script> | x'", "2024-10-29"
            )
        }
    )
    html = dialog("plan", "2024", "--format", "html", cwd=root).out
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; | x" in html
    md = dialog("plan", "2024", "--format", "md", cwd=root).out
    assert "\\<script\\>alert(1)\\</script\\> \\| x |" in md


def test_plan_of_an_empty_year_says_so(make_repo, dialog):
    result = dialog("plan", "2030", cwd=make_repo())
    assert result.code == 1
    assert "ingen møder i 2030" in result.err


def test_plan_of_a_year_whose_meetings_cannot_be_read_does_not_say_create_one(make_repo, dialog):
    broken = DIR_MEETING.replace("dato: 2025-03-05", "dato: 2025-03-32")
    root = make_repo({f"{DIR}/meeting.md": broken})
    result = dialog("plan", "2025", cwd=root)
    assert result.code == 1
    assert result.err.endswith(
        "dialog: ingen læselige møder i 2025; ret fejlene ovenfor (se `dialog check`)\n"
    )


def test_plan_refuses_an_unknown_forum_and_format(make_repo, dialog):
    root = make_repo()
    result = dialog("plan", "2025", "--forum", "bestyrelsen", cwd=root)
    assert result.code == 2
    assert "kendte fora: direktionen, strategisk-dialogmoede" in result.err
    result = dialog("plan", "2025", "--format", "pdf", cwd=root)
    assert result.code == 2
    assert "Ugyldig værdi for '--format'" in result.err


def test_frist_on_a_weekend_or_holiday_moves_to_the_working_day_before():
    assert frist_date(date(2024, 8, 7), -3) == date(2024, 8, 2)  # Sunday -> Friday
    assert frist_date(date(2025, 4, 24), -7) == date(2025, 4, 16)  # Skærtorsdag -> Wednesday
    assert frist_date(date(2025, 3, 5), -7) == date(2025, 2, 26)


def test_bundled_plan_2024_matches_the_process_note(dialog):
    result = dialog("plan", "2024", "--root", PROJECT)
    assert result.code == 0, result.err
    heads = [line for line in result.out.splitlines() if line and not line.startswith(" ")]
    assert heads[1:] == [
        "7. august  Kl. 13.30-15.30",
        "12. september  Kl. 13-15  OBS: UDSKYDES",
        "29. oktober  Kl. 9-15.30",
        "14. november  Kl. 13-15",
        "12. december  Kl. 10-12",
    ]
    assert "Vært: Jonas og Kim. Bistås af: Henrik og Lisette" in result.out
    assert "Vært: Lene og Jonas. Bistås af: ?" in result.out
    assert "Sundhedsstrukturudspil. Direktionens Udviklingsproces" in result.out
    assert "Vært: Jonas. Bistås af: Stabschef og Ledelsessekretariatet (LS)" in result.out


@pytest.mark.parametrize(
    "args",
    [("plan", "2025"), ("calendar",), ("actions",), ("codeowners",)],
    ids=["plan", "calendar", "actions", "codeowners"],
)
def test_an_unreadable_meeting_is_named_and_fails_but_the_rest_is_shown(make_repo, dialog, args):
    broken = "meetings/2025/2025-03-12-direktionen/meeting.md"
    root = make_repo({broken: MEETING_BAD})
    result = dialog(*args, cwd=root)
    assert result.code == 1
    assert f"{broken}:3: fejl DM004 titel skal være tekst" in result.err
    assert "er udeladt her, indtil fejlen er rettet" in result.err
    if args[0] in {"plan", "calendar"}:
        assert "2025-03-05" in result.out or "5. marts" in result.out


MEETING_BAD = "---\nforum: direktionen\ntitel: 42\ndato: 2025-03-12\n---\n"


def test_a_meeting_of_an_unknown_forum_is_still_in_the_plan(make_repo, dialog):
    meeting = strategi("Ukendt", "2025-05-07").replace("strategisk-dialogmoede", "bestyrelsen")
    root = make_repo({"meetings/2025/2025-05-07-ukendt/meeting.md": meeting})
    result = dialog("plan", "2025", cwd=root)
    assert result.code == 0, result.err
    assert "Årets møder 2025: bestyrelsen (Testkommune)" in result.out
    assert "7. maj  Kl. 13.30-15.30" in result.out


def test_plan_markdown_shows_html_and_links_in_a_title_as_text(make_repo, dialog):
    titel = "Budget <b>2026</b> [se her](javascript:alert(1))"
    root = make_repo(
        {f"{DIR}/meeting.md": DIR_MEETING.replace("titel: Direktionen", f"titel: '{titel}'")}
    )
    result = dialog("plan", "2025", "-f", "md", cwd=root)
    assert "| Budget \\<b\\>2026\\</b\\> \\[se her\\](javascript:alert(1)) |" in result.out
