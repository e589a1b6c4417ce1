"""`dialog invitation`: an iTIP request (or cancellation) per meeting, read back by the
`icalendar` package and by Mozilla's ical.js (Thunderbird's parser) in Node."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from icalendar import Calendar

from helpers.configs import CONFIG
from helpers.meetings import DIR, DIR_ID
from helpers.repo import PROJECT, git

NODE = shutil.which("node")
PARSER = PROJECT / "tests" / "ical_parse.mjs"

INVITING = (
    CONFIG.replace(
        "organisation: Testkommune\n",
        "organisation: Testkommune\n"
        "sekretariat: {navn: Ledelsessekretariatet, email: ls@testkommune.dk}\n"
        "moedemappe_url: https://intra.testkommune.dk/moedemappe/\n",
    )
    .replace(
        "rolle: kommunaldirektoer, github: anna-a}",
        "rolle: kommunaldirektoer, github: anna-a, email: anna@testkommune.dk}",
    )
    .replace(
        "rolle: fagdirektoer, github: boberg}",
        "rolle: fagdirektoer, github: boberg, email: [bo@testkommune.dk, bo@privat.dk]}",
    )
)
MEETING = f"{DIR}/meeting.md"


@pytest.fixture
def repo(make_repo):
    return make_repo({"dialog.yaml": INVITING})


def invite(dialog, repo: Path, ref: str = DIR_ID) -> bytes:
    target = repo / "build" / "inv.ics"
    result = dialog("invitation", ref, "-o", target, "--root", repo)
    assert result.code == 0, result.err
    return target.read_bytes()


def event_of(data: bytes):
    cal = Calendar.from_ical(data)
    (event,) = cal.walk("VEVENT")
    return cal, event


def edit(repo: Path, old: str, new: str, path: str = MEETING) -> None:
    file = repo / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def commit(repo: Path, message: str = "edit") -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def test_request_has_organiser_attendees_place_and_copenhagen_times(dialog, repo):
    cal, event = event_of(invite(dialog, repo))
    assert str(cal["method"]) == "REQUEST"
    assert str(event["status"]) == "CONFIRMED"
    assert str(event["organizer"]) == "mailto:ls@testkommune.dk"
    assert event["organizer"].params["CN"] == "Ledelsessekretariatet"
    attendees = {str(a): a.params for a in event["attendee"]}
    assert set(attendees) == {"mailto:anna@testkommune.dk", "mailto:bo@testkommune.dk"}
    assert attendees["mailto:anna@testkommune.dk"]["CN"] == "Kommunaldirektør Anna Andersen"
    assert attendees["mailto:anna@testkommune.dk"]["PARTSTAT"] == "NEEDS-ACTION"
    assert attendees["mailto:anna@testkommune.dk"]["RSVP"] == "TRUE"
    start = event.decoded("dtstart")
    assert str(start.tzinfo) == "Europe/Copenhagen"
    assert start.astimezone(UTC) == datetime(2025, 3, 5, 8, 0, tzinfo=UTC)
    assert event.decoded("dtend").astimezone(UTC) == datetime(2025, 3, 5, 11, 0, tzinfo=UTC)
    assert str(event["location"]) == "Mødelokale 1"
    assert [tz["tzid"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Copenhagen"]
    link = f"https://intra.testkommune.dk/moedemappe/moeder/{DIR_ID}.html"
    assert str(event["url"]) == link and link in str(event["description"])
    assert int(event["sequence"]) == 0


def test_the_uid_is_the_calendar_feeds(dialog, repo):
    _, event = event_of(invite(dialog, repo))
    feed = Calendar.from_ical(dialog("calendar", "--root", repo).out.encode())
    uids = {str(e["uid"]) for e in feed.walk("VEVENT")}
    assert str(event["uid"]) == f"{DIR_ID}.moede@dialogmoder"
    assert str(event["uid"]) in uids


def test_sequence_counts_commits_that_moved_time_or_place_and_is_stable(dialog, repo):
    def seq() -> int:
        return int(event_of(invite(dialog, repo))[1]["sequence"])

    assert seq() == 0
    # not time or place; the id keeps the UID when the folder is renamed
    edit(repo, "titel: Direktionen", f"id: {DIR_ID}\ntitel: Direktionens møde")
    commit(repo)
    assert seq() == 0
    edit(repo, "sted: Mødelokale 1", "sted: Byrådssalen")
    assert seq() == 1  # the working tree differs from HEAD
    first = invite(dialog, repo)
    assert invite(dialog, repo) == first  # stable across runs
    commit(repo)
    assert seq() == 1  # committed: the same revision, counted once
    # moved to another day: the folder renamed as DM701 asks, followed by git
    new_dir = DIR.replace("2025-03-05", "2025-03-12")
    git(repo, "mv", DIR, new_dir)
    edit(repo, "dato: 2025-03-05", "dato: 2025-03-12", f"{new_dir}/meeting.md")
    commit(repo, "flyttet")
    _, event = event_of(invite(dialog, repo))
    assert int(event["sequence"]) == 2
    assert str(event["uid"]) == f"{DIR_ID}.moede@dialogmoder"


def test_a_side_branchs_commits_count_once_through_the_merge(dialog, repo):
    git(repo, "checkout", "-q", "-b", "side")
    edit(repo, 'start: "09:00"', 'start: "09:30"')
    commit(repo, "a")
    edit(repo, 'slut: "12:00"', 'slut: "12:30"')
    commit(repo, "b")
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "-m", "merge", "side")
    _, event = event_of(invite(dialog, repo))
    assert int(event["sequence"]) == 1  # the merge on main's first-parent line


@pytest.mark.parametrize(("status", "word"), [("aflyst", "AFLYST"), ("udskudt", "OBS: UDSKYDES")])
def test_a_cancelled_or_postponed_meeting_is_a_cancel_with_a_higher_sequence(
    dialog, repo, status, word
):
    edit(repo, "sted: Mødelokale 1", f"sted: Mødelokale 1\nstatus: {status}")
    cal, event = event_of(invite(dialog, repo))
    assert str(cal["method"]) == "CANCEL"
    assert str(event["status"]) == "CANCELLED"
    assert str(event["summary"]).endswith(word)
    assert int(event["sequence"]) == 1
    assert str(event["uid"]) == f"{DIR_ID}.moede@dialogmoder"
    assert len(event["attendee"]) == 2  # a cancellation goes to everyone invited


def test_afbud_is_a_declined_attendee_and_a_member_without_email_is_named(dialog, make_repo):
    repo = make_repo(
        {
            "dialog.yaml": INVITING.replace("medlemmer: [anna, bo]", "medlemmer: [anna, bo, carl]"),
            MEETING: "---\nforum: direktionen\ntitel: Direktionen\n"
            'dato: 2025-03-05\nstart: "09:00"\nafbud: [bo]\n---\n',
        }
    )
    target = repo / "inv.ics"
    result = dialog("invitation", DIR_ID, "-o", target, "--root", repo)
    assert result.code == 0, result.err
    assert "carl" in result.err
    _, event = event_of(target.read_bytes())
    params = {str(a): a.params for a in event["attendee"]}
    assert params["mailto:bo@testkommune.dk"]["PARTSTAT"] == "DECLINED"
    assert "RSVP" not in params["mailto:bo@testkommune.dk"]


def test_the_forums_arrangoer_is_the_organiser(dialog, make_repo):
    config = INVITING.replace(
        "    navn: Direktionen\n", "    navn: Direktionen\n    arrangoer: anna\n"
    )
    repo = make_repo({"dialog.yaml": config})
    _, event = event_of(invite(dialog, repo))
    assert str(event["organizer"]) == "mailto:anna@testkommune.dk"


def test_without_an_organiser_it_says_what_to_add(dialog, make_repo):
    repo = make_repo()
    result = dialog("invitation", DIR_ID, "-o", "-", "--root", repo)
    assert result.code == 2
    assert "arrangoer" in result.err and "sekretariat" in result.err
    assert "Traceback" not in result.err


def test_default_file_is_in_build_named_by_the_meetings_id(dialog, repo):
    result = dialog("invitation", DIR, "--root", repo)
    assert result.code == 0, result.err
    assert (repo / "build" / f"{DIR_ID}-invitation.ics").is_file()


@pytest.mark.skipif(NODE is None, reason="node is not installed: ical.js cannot run")
@pytest.mark.parametrize("status", ["planlagt", "aflyst"])
def test_mozillas_ical_js_reads_the_invitation(dialog, repo, tmp_path, status):
    edit(repo, "sted: Mødelokale 1", f"sted: Mødelokale 1\nstatus: {status}")
    path = tmp_path / "inv.ics"
    path.write_bytes(invite(dialog, repo))
    done = subprocess.run(
        [NODE, PARSER, path], capture_output=True, text=True, check=False, timeout=60
    )
    assert done.returncode == 0, done.stderr
    parsed = json.loads(done.stdout)
    assert parsed["method"] == ("CANCEL" if status == "aflyst" else "REQUEST")
    assert parsed["timezones"] == ["Europe/Copenhagen"]
    (event,) = parsed["events"]
    assert event["uid"] == f"{DIR_ID}.moede@dialogmoder"
    assert event["start"]["zone"] == "Europe/Copenhagen"
    assert event["start"]["utc"] == "2025-03-05T08:00:00.000Z"
    assert event["end"]["utc"] == "2025-03-05T11:00:00.000Z"
    assert event["location"] == "Mødelokale 1"
    assert event["organizer"]["value"] == "mailto:ls@testkommune.dk"
    assert event["organizer"]["cn"] == "Ledelsessekretariatet"
    assert sorted(a["value"] for a in event["attendees"]) == [
        "mailto:anna@testkommune.dk",
        "mailto:bo@testkommune.dk",
    ]
    assert event["sequence"] == (1 if status == "aflyst" else 0)
    assert event["status"] == ("CANCELLED" if status == "aflyst" else "CONFIRMED")
