"""`dialog calendar`: an iCalendar file that parses back, with stable UIDs."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime

import pytest
from icalendar import Calendar

from helpers.configs import CONFIG
from helpers.meetings import direktionen_on
from helpers.repo import PROJECT
from helpers.strategisk import strategi


def events(text: str) -> dict[str, object]:
    cal = Calendar.from_ical(text)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def utc(event: object, key: str = "DTSTART") -> datetime:
    return event[key].dt.astimezone(UTC)  # type: ignore[index]


def meeting_at(dato: str, start: str = "09:00") -> str:
    return direktionen_on(dato, f"start: {start}")


@pytest.mark.parametrize(
    ("dato", "hour_utc"),
    [("2025-03-26", 8), ("2025-04-02", 7), ("2025-10-22", 7), ("2025-10-29", 8)],
)
def test_meeting_times_are_copenhagen_time_across_the_dst_change(make_repo, dialog, dato, hour_utc):
    folder = f"{dato}-direktionen"
    root = make_repo({f"meetings/2025/{folder}/meeting.md": meeting_at(dato)}, with_meeting=False)
    result = dialog("calendar", cwd=root)
    assert result.code == 0, result.err
    event = events(result.out)[f"{folder}.moede@dialogmoder"]
    assert event["DTSTART"].params["TZID"] == "Europe/Copenhagen"
    assert utc(event) == datetime.fromisoformat(dato).replace(hour=hour_utc, tzinfo=UTC)
    assert "BEGIN:VTIMEZONE" in result.out


def test_meeting_event_has_location_description_and_end(make_repo, dialog):
    root = make_repo()
    event = events(dialog("calendar", cwd=root).out)["2025-03-05-direktionen.moede@dialogmoder"]
    assert str(event["SUMMARY"]) == "Direktionen"
    assert str(event["LOCATION"]) == "Mødelokale 1"
    assert utc(event, "DTEND") == datetime(2025, 3, 5, 11, 0, tzinfo=UTC)
    assert str(event["STATUS"]) == "CONFIRMED"


def test_strategic_meeting_has_formoede_and_all_day_frister(make_repo, dialog):
    root = make_repo(
        {"meetings/2025/2025-04-23-vaekst/meeting.md": strategi("Vækst", "2025-04-23")}
    )
    found = events(dialog("calendar", "--forum", "strategisk-dialogmoede", cwd=root).out)
    assert sorted(found) == [
        "2025-04-23-vaekst.formoede@dialogmoder",
        "2025-04-23-vaekst.frist-baggrundsnotat@dialogmoder",
        "2025-04-23-vaekst.frist-opfoelgningsnotat@dialogmoder",
        "2025-04-23-vaekst.frist-program@dialogmoder",
        "2025-04-23-vaekst.moede@dialogmoder",
    ]
    meeting = found["2025-04-23-vaekst.moede@dialogmoder"]
    assert "Vært: Kommunaldirektør Anna Andersen og Velfærdsdirektør Bo Berg" in str(
        meeting["DESCRIPTION"]
    )
    # -7 days is Wednesday 16 April; -3 is Sunday 20 April (Påskedag) -> Thursday 17 April
    # is Skærtorsdag, 18 is Langfredag, so the formøde moves back to Wednesday 16 April
    assert found["2025-04-23-vaekst.formoede@dialogmoder"]["DTSTART"].dt == date(2025, 4, 16)
    program = found["2025-04-23-vaekst.frist-program@dialogmoder"]
    assert program["DTSTART"].dt == date(2025, 4, 16)
    assert program["DTEND"].dt == date(2025, 4, 17)


def test_postponed_and_cancelled_meetings_are_cancelled_events(make_repo, dialog):
    root = make_repo(
        {
            "meetings/2025/2025-05-07-a/meeting.md": strategi("A", "2025-05-07", "udskudt"),
            "meetings/2025/2025-06-04-b/meeting.md": strategi("B", "2025-06-04", "aflyst"),
        }
    )
    found = events(dialog("calendar", cwd=root).out)
    for uid in ("2025-05-07-a.moede", "2025-06-04-b.moede", "2025-06-04-b.formoede"):
        assert str(found[f"{uid}@dialogmoder"]["STATUS"]) == "CANCELLED"
    assert str(found["2025-03-05-direktionen.moede@dialogmoder"]["STATUS"]) == "CONFIRMED"


def test_uids_are_stable_across_runs(make_repo, dialog):
    root = make_repo()
    first = events(dialog("calendar", cwd=root).out)
    second = events(dialog("calendar", cwd=root).out)
    assert sorted(first) == sorted(second) == ["2025-03-05-direktionen.moede@dialogmoder"]


def test_calendar_writes_a_file_with_dash_o(make_repo, dialog):
    root = make_repo()
    result = dialog("calendar", "-o", "out/moeder.ics", cwd=root)
    assert result.code == 0, result.err
    assert result.out == ""
    data = (root / "out" / "moeder.ics").read_bytes()
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert "2025-03-05-direktionen.moede@dialogmoder" in events(data.decode())


def test_calendar_refuses_a_folder_as_output(make_repo, dialog):
    root = make_repo()
    result = dialog("calendar", "-o", "meetings", cwd=root)
    assert result.code == 2
    assert "er en mappe" in result.err


def test_bundled_calendar_has_the_five_2024_meetings_and_their_formoeder(dialog):
    result = dialog("calendar", "--root", PROJECT, "--forum", "strategisk-dialogmoede")
    assert result.code == 0, result.err
    found = events(result.out)
    meetings = {uid: e for uid, e in found.items() if uid.endswith(".moede@dialogmoder")}
    formoeder = [uid for uid in found if uid.endswith(".formoede@dialogmoder")]
    in_2024 = sorted(uid for uid in meetings if uid.startswith("2024-"))
    assert len(in_2024) == 5
    assert len([uid for uid in formoeder if uid.startswith("2024-")]) == 5
    cancelled = [uid for uid in in_2024 if str(meetings[uid]["STATUS"]) == "CANCELLED"]
    assert cancelled == ["2024-09-12-sundhedsstrukturudspil.moede@dialogmoder"]
    october = meetings["2024-10-29-vaekst-bosaetning-og-klima.moede@dialogmoder"]
    assert utc(october) == datetime(2024, 10, 29, 8, 0, tzinfo=UTC)  # 09:00 CET
    august = meetings["2024-08-07-forenkling-af-politikker-strategier-og-planer.moede@dialogmoder"]
    assert utc(august) == datetime(2024, 8, 7, 11, 30, tzinfo=UTC)  # 13:30 CEST
    # the 2024 meetings predate gaelder_fra: no frister for the archive
    assert not [uid for uid in found if uid.startswith("2024-") and ".frist-" in uid]


def test_meeting_without_time_is_all_day_and_formoede_takes_the_rules_time(make_repo, dialog):
    config = CONFIG.replace(
        "formoede: {frist: -3, med: [borgmester]}",
        "formoede: {frist: -1, med: [borgmester], start: '8.30', slut: '09:00', sted: Kontoret}",
    )
    meeting = strategi("Vækst", "2025-06-04").replace('start: "13:30"\nslut: "15:30"\n', "")
    root = make_repo({"dialog.yaml": config, "meetings/2025/2025-06-04-v/meeting.md": meeting})
    found = events(dialog("calendar", cwd=root).out)
    moede = found["2025-06-04-v.moede@dialogmoder"]
    assert moede["DTSTART"].dt == date(2025, 6, 4)
    assert moede["DTEND"].dt == date(2025, 6, 5)
    formoede = found["2025-06-04-v.formoede@dialogmoder"]
    assert utc(formoede) == datetime(2025, 6, 3, 6, 30, tzinfo=UTC)  # 08:30 CEST
    assert utc(formoede, "DTEND") == datetime(2025, 6, 3, 7, 0, tzinfo=UTC)
    assert str(formoede["LOCATION"]) == "Kontoret"
    assert "Med: Borgmester" in str(formoede["DESCRIPTION"])


def test_two_runs_on_the_same_repository_write_the_same_bytes(make_repo, dialog_process):
    root = make_repo(
        {"meetings/2025/2025-04-23-vaekst/meeting.md": strategi("Vækst", "2025-04-23")}
    )
    first = dialog_process("calendar", cwd=root)
    time.sleep(1.1)  # a DTSTAMP from the clock would differ by now
    second = dialog_process("calendar", cwd=root)
    assert first.returncode == second.returncode == 0, first.stderr
    assert first.stdout == second.stdout


def test_a_changed_meeting_changes_only_its_own_events(make_repo, dialog):
    vaekst = "meetings/2025/2025-04-23-vaekst/meeting.md"
    root = make_repo({vaekst: strategi("Vækst", "2025-04-23")})
    before = events(dialog("calendar", cwd=root).out)
    time.sleep(1.1)  # a DTSTAMP from the clock would differ by now
    (root / vaekst).write_text(
        strategi("Vækst", "2025-04-23").replace("13:30", "14:00"), encoding="utf-8"
    )
    after = events(dialog("calendar", cwd=root).out)
    assert sorted(before) == sorted(after)
    changed = sorted(uid for uid in before if before[uid].to_ical() != after[uid].to_ical())
    assert changed == ["2025-04-23-vaekst.moede@dialogmoder"]


def test_dtstamp_is_the_newest_date_the_meetings_files_record(make_repo, dialog):
    vaekst = "meetings/2025/2025-04-23-vaekst"
    program = "---\nstatus: godkendt\ngodkendt_af: bo\ngodkendt_dato: 2025-05-02\n---\n"
    root = make_repo(
        {f"{vaekst}/meeting.md": strategi("Vækst", "2025-04-23"), f"{vaekst}/program.md": program}
    )
    found = events(dialog("calendar", cwd=root).out)
    stamps = {uid: e["DTSTAMP"].dt for uid, e in found.items() if uid.startswith("2025-04-23")}
    assert set(stamps.values()) == {datetime(2025, 5, 2, tzinfo=UTC)}
    other = found["2025-03-05-direktionen.moede@dialogmoder"]["DTSTAMP"].dt
    assert other == datetime(2025, 3, 5, tzinfo=UTC)
