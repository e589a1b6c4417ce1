"""A meeting's identity (`MeetingFolder.uid`): meeting.md's `id`, else its folder's name.

Calendar UIDs, build file names and the site's pages follow it, so a meeting whose folder is
renamed (moved to another date) stays one meeting for calendar subscribers; the bundled
meetings, which have no `id`, keep exactly the UIDs and names they had.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from icalendar import Calendar

from dialogmoder.domain.repository import load_repository

from helpers.configs import PUBLIC
from helpers.meetings import DIR, DIR_ID, DIR_MEETING
from helpers.repo import PROJECT, git

# the fixture's Direktionen meeting, by its folder name before and after a move a week on
OLD, OLD_DIR = DIR_ID, DIR
NEW = "2025-03-12-direktionen"
NEW_DIR = f"meetings/2025/{NEW}"
STRATEGIC = """\
---
id: {id}
forum: strategisk-dialogmoede
titel: Vækst
dato: {dato}
---
"""

# The UIDs `dialog calendar` gave the bundled meetings before meetings had an `id`: the
# events subscribers have; a change here would show every meeting twice in their calendars.
BUNDLED_UIDS = sorted(
    [
        *(
            f"{folder}.{event}@dialogmoder"
            for folder in (
                "2024-08-07-forenkling-af-politikker-strategier-og-planer",
                "2024-09-12-sundhedsstrukturudspil",
                "2024-10-29-vaekst-bosaetning-og-klima",
                "2024-11-14-forberede-kb-seminar",
                "2024-12-12-forberede-kb-seminar",
            )
            for event in ("formoede", "moede")
        ),
        *(
            f"2025-{day}-direktionen.moede@dialogmoder"
            for day in ("01-29", "02-05", "02-12", "02-19", "02-26")
        ),
    ]
)


def uids(ics: str | bytes) -> list[str]:
    """The UIDs of the events of an iCalendar file, parsed by icalendar."""
    return sorted(str(event["UID"]) for event in Calendar.from_ical(ics).walk("VEVENT"))


def with_id(text: str, meeting_id: str) -> str:
    return text.replace("---\n", f"---\nid: {meeting_id}\n", 1)


def move(root: Path, old: str, new: str, dato: str) -> None:
    """Move a meeting to another date as a person does: rename the folder, fix `dato`."""
    git(root, "mv", old, new)
    meeting = root / new / "meeting.md"
    text = meeting.read_text(encoding="utf-8")
    meeting.write_text(text.replace("dato: 2025-03-05", f"dato: {dato}"), encoding="utf-8")
    git(root, "commit", "-q", "-am", "moved")


def checked(dialog, root: Path, *args: str) -> list[dict[str, object]]:
    result = dialog("check", "--format", "json", "--today", "2025-03-01", *args, cwd=root)
    assert result.code in {0, 1}, result.err
    return list(json.loads(result.out))


def rule(found: list[dict[str, object]], rule_id: str) -> list[tuple[object, object]]:
    return [(f["path"], f["line"]) for f in found if f["rule"] == rule_id]


# --- the bundled meetings keep what they had ------------------------------------------------


def test_the_bundled_meetings_keep_their_calendar_uids(dialog) -> None:
    result = dialog("calendar", "-o", "-", "--root", PROJECT)
    assert result.code == 0, result.err
    assert uids(result.out) == BUNDLED_UIDS


def test_the_bundled_meetings_keep_their_build_names_and_site_pages(tmp_path, dialog) -> None:
    root = tmp_path / "kopi"
    shutil.copytree(PROJECT / "meetings", root / "meetings")
    shutil.copy(PROJECT / "dialog.yaml", root)
    result = dialog("render", "referat", "2025-01-29-direktionen", cwd=root)
    assert result.code == 0, result.err
    assert (root / "build/2025-01-29-direktionen-referat.md").is_file()
    assert dialog("site", "--today", "2025-06-01", cwd=root).code == 0
    site = root / "build/site"
    pages = sorted(p.name for p in (site / "moeder").glob("*.html"))
    days = ("01-29", "02-05", "02-12", "02-19", "02-26")
    assert pages == [f"2025-{day}-direktionen.html" for day in days]
    assert (site / "moeder/2025-01-29-direktionen/2025-01-29-direktionen-referat.pdf").is_file()
    assert uids((site / "moeder.ics").read_bytes()) == [
        u for u in BUNDLED_UIDS if u.endswith("direktionen.moede@dialogmoder")
    ]


def test_the_uid_is_the_folder_name_without_an_id_and_the_id_with_one(make_repo) -> None:
    strategic = STRATEGIC.format(id="vaekst-2025", dato="2025-04-02")
    root = make_repo({"meetings/2025/2025-04-02-vaekst/meeting.md": strategic})
    repo = load_repository(root)
    assert [(f.id, f.uid) for f in repo.meetings] == [
        (OLD, OLD),
        ("2025-04-02-vaekst", "vaekst-2025"),
    ]


# --- a renamed folder keeps the meeting's identity -------------------------------------------


@pytest.fixture
def moved(make_repo, dialog) -> tuple[Path, dict[str, object]]:
    """A meeting with `id:` and a formøde and frister, moved a week later; what its calendar
    and renderings were before the move."""
    folder = "meetings/2025/2025-04-02-vaekst"
    strategic = STRATEGIC.format(id="2025-04-02-vaekst", dato="2025-04-02")
    root = make_repo({f"{folder}/meeting.md": strategic})
    before = {
        "calendar": uids(dialog("calendar", "-o", "-", cwd=root).out),
        "render": dialog("render", "dagsorden", "2025-04-02-vaekst", cwd=root).out,
    }
    git(root, "mv", folder, "meetings/2025/2025-04-09-vaekst")
    meeting = root / "meetings/2025/2025-04-09-vaekst/meeting.md"
    meeting.write_text(STRATEGIC.format(id="2025-04-02-vaekst", dato="2025-04-09"), "utf-8")
    git(root, "commit", "-q", "-am", "moved a week")
    return root, before


def test_a_renamed_folder_keeps_every_calendar_uid(moved, dialog) -> None:
    root, before = moved
    after = uids(dialog("calendar", "-o", "-", cwd=root).out)
    assert after == before["calendar"]
    assert "2025-04-02-vaekst.moede@dialogmoder" in after
    assert "2025-04-02-vaekst.formoede@dialogmoder" in after
    assert "2025-04-02-vaekst.frist-program@dialogmoder" in after


def test_a_renamed_folder_keeps_its_build_name(moved, dialog) -> None:
    root, before = moved
    assert before["render"] == "skrev build/2025-04-02-vaekst-dagsorden.md\n"
    for ref in ("2025-04-09-vaekst", "2025-04-02-vaekst", "meetings/2025/2025-04-09-vaekst"):
        result = dialog("render", "dagsorden", ref, "--format", "html", cwd=root)
        assert result.out == "skrev build/2025-04-02-vaekst-dagsorden.html\n", result.err
    public = dialog("render", "dagsorden", "2025-04-09-vaekst", "--public", cwd=root)
    assert public.out == "skrev build/2025-04-02-vaekst-dagsorden-offentlig.md\n"


def test_a_renamed_folder_keeps_its_site_page_pdf_feed_entry_and_event(make_repo, dialog) -> None:
    root = make_repo({"dialog.yaml": PUBLIC, f"{OLD_DIR}/meeting.md": with_id(DIR_MEETING, OLD)})

    def site() -> dict[str, object]:
        assert dialog("site", "--today", "2025-06-01", cwd=root).code == 0
        built = root / "build/site"
        atom = (built / "referater.atom").read_text(encoding="utf-8")
        return {
            "files": sorted(
                p.relative_to(built / "moeder").as_posix()
                for p in (built / "moeder").rglob("*")
                if p.is_file()
            ),
            "calendar": uids((built / "moeder.ics").read_bytes()),
            "entry": atom[atom.index("<entry>") :].split("</id>")[0],
            "data": [m["id"] for m in json.loads((built / "data/2025.json").read_text())["moeder"]],
            "aarsplan": (built / "aarsplan/2025.html")
            .read_text(encoding="utf-8")
            .count(f'href="../moeder/{OLD}.html"'),
        }

    before = site()
    assert before["files"] == [f"{OLD}.html", f"{OLD}/{OLD}-referat.pdf"]
    assert before["aarsplan"] == 1
    move(root, OLD_DIR, NEW_DIR, "2025-03-12")
    assert site() == before


def test_render_finds_a_meeting_by_its_id(make_repo, dialog) -> None:
    root = make_repo({f"{OLD_DIR}/meeting.md": with_id(DIR_MEETING, "direktionen-marts")})
    result = dialog("render", "referat", "direktionen-marts", "-o", "-", cwd=root)
    assert result.code == 0, result.err
    assert "Budget" in result.out
    by_folder = dialog("render", "referat", OLD, cwd=root)
    assert by_folder.out == "skrev build/direktionen-marts-referat.md\n"


def test_a_name_that_is_one_meetings_id_and_anothers_folder_is_ambiguous(make_repo, dialog) -> None:
    root = make_repo(
        {f"{NEW_DIR}/meeting.md": with_id(DIR_MEETING.replace("2025-03-05", "2025-03-12"), OLD)}
    )
    result = dialog("render", "referat", OLD, cwd=root)
    assert result.code == 2
    assert (
        f"'{OLD}' passer på to mødemapper, {OLD_DIR} og {NEW_DIR}; angiv stien til den, du"
        " mener (og giv den ene et andet id: dialog check melder det som DM704)"
    ) in result.err
    assert dialog("render", "referat", OLD_DIR, cwd=root).code == 0


def test_export_says_the_meetings_id(make_repo, dialog) -> None:
    root = make_repo({f"{OLD_DIR}/meeting.md": with_id(DIR_MEETING, "direktionen-marts")})
    [meeting] = json.loads(dialog("export", cwd=root).out)["meetings"]
    assert (meeting["id"], meeting["path"]) == ("direktionen-marts", OLD_DIR)


# --- new-meeting writes the id -------------------------------------------------------------


def test_new_meeting_writes_its_folders_name_as_the_id(make_repo, dialog) -> None:
    root = make_repo()
    args = ("new-meeting", "--forum", "strategisk-dialogmoede", "--dato", "2025-06-04")
    assert dialog(*args, "--titel", "Vækst", cwd=root).code == 0
    text = (root / "meetings/2025/2025-06-04-vaekst/meeting.md").read_text(encoding="utf-8")
    assert text.startswith("---\nid: 2025-06-04-vaekst\nforum: strategisk-dialogmoede\n")
    [folder] = [f for f in load_repository(root).meetings if f.id == "2025-06-04-vaekst"]
    assert folder.meeting is not None and folder.meeting.id == "2025-06-04-vaekst"


def test_new_meeting_refuses_an_id_a_moved_meeting_still_has(make_repo, dialog) -> None:
    root = make_repo({f"{OLD_DIR}/meeting.md": with_id(DIR_MEETING, OLD)})
    move(root, OLD_DIR, NEW_DIR, "2025-03-12")
    result = dialog("new-meeting", "--forum", "direktionen", "--dato", "2025-03-05", cwd=root)
    assert result.code == 2
    assert f"id'et {OLD} er taget af {NEW_DIR}" in result.err
    assert not (root / OLD_DIR).exists()


# --- the id's form, and DM704 --------------------------------------------------------------


@pytest.mark.parametrize("bad", ["Direktionen", "møde-1", "-x", "a_b", "a.b", "a/b"])
def test_an_id_that_is_not_a_meeting_id_is_a_schema_error_on_its_line(
    make_repo, dialog, bad
) -> None:
    root = make_repo({f"{OLD_DIR}/meeting.md": with_id(DIR_MEETING, f'"{bad}"')})
    found = checked(dialog, root)
    assert [(f["rule"], f["path"], f["line"]) for f in found] == [
        ("DM004", f"{OLD_DIR}/meeting.md", 2)
    ]
    assert found[0]["message"] == (
        f"id '{bad}' er ikke et gyldigt møde-id: små bogstaver a-z, cifre og '-', begyndende"
        " med et bogstav eller ciffer (fx 2025-01-29-direktionen)"
    )


def test_the_json_schema_accepts_the_ids_the_loader_accepts(dialog) -> None:
    from jsonschema import Draft202012Validator

    schema = json.loads(dialog("schema", "meeting").out)
    validator = Draft202012Validator(schema)
    base = {"forum": "direktionen", "titel": "Direktionen", "dato": "2025-03-05"}
    assert validator.is_valid({**base, "id": "2025-03-05-direktionen"})
    for bad in ("Direktionen", "møde-1", "-x", "a_b", "x" * 101):
        assert not validator.is_valid({**base, "id": bad}), bad


def test_two_meetings_with_one_id_are_both_reported_on_the_id_line(make_repo, dialog) -> None:
    other = DIR_MEETING.replace("2025-03-05", "2025-03-12")
    root = make_repo(
        {
            f"{OLD_DIR}/meeting.md": with_id(DIR_MEETING, "direktionen"),
            f"{NEW_DIR}/meeting.md": with_id(other, "direktionen"),
        }
    )
    found = checked(dialog, root)
    assert rule(found, "DM704") == [(f"{OLD_DIR}/meeting.md", 2), (f"{NEW_DIR}/meeting.md", 2)]
    message = next(f["message"] for f in found if f["rule"] == "DM704")
    assert message == (
        f"id direktionen er også id for {NEW_DIR}; et mødes id (dets `id`, ellers mappens"
        " navn) skal være dets eget: kalenderbegivenheder og dannede filer får navn efter det"
    )


def test_an_id_that_is_another_meetings_folder_name_is_reported_on_both(make_repo, dialog):
    """The moved meeting kept its old name as id; a new meeting got the old folder name."""
    root = make_repo(
        {f"{NEW_DIR}/meeting.md": with_id(DIR_MEETING.replace("2025-03-05", "2025-03-12"), OLD)}
    )
    found = checked(dialog, root)
    assert rule(found, "DM704") == [(f"{OLD_DIR}/meeting.md", None), (f"{NEW_DIR}/meeting.md", 2)]
    messages = [str(f["message"]) for f in found if f["rule"] == "DM704"]
    assert messages[0].startswith(f"mappenavnet {OLD} er id for {NEW_DIR}; ")
    assert messages[1].startswith(f"id {OLD} er mappenavnet for {OLD_DIR}; ")


def test_an_id_equal_to_its_own_folders_name_is_no_finding(make_repo, dialog) -> None:
    root = make_repo({f"{OLD_DIR}/meeting.md": with_id(DIR_MEETING, OLD)})
    assert rule(checked(dialog, root), "DM704") == []


@pytest.mark.parametrize("meeting_id", [OLD, "direktionen-marts"])
def test_a_copy_in_another_year_folder_is_dm703_alone(make_repo, dialog, meeting_id) -> None:
    copy = f"meetings/2024/{OLD}"
    text = with_id(DIR_MEETING, meeting_id)
    root = make_repo({f"{OLD_DIR}/meeting.md": text, f"{copy}/meeting.md": text})
    found = checked(dialog, root)
    assert rule(found, "DM703") == [(f"{copy}/meeting.md", None), (f"{OLD_DIR}/meeting.md", None)]
    assert rule(found, "DM704") == []


def test_a_check_of_one_meeting_finds_its_id_taken_by_a_meeting_not_checked(make_repo, dialog):
    other = DIR_MEETING.replace("2025-03-05", "2025-03-12")
    root = make_repo(
        {
            f"{OLD_DIR}/meeting.md": with_id(DIR_MEETING, "direktionen"),
            f"{NEW_DIR}/meeting.md": with_id(other, "direktionen"),
            "meetings/2025/2025-03-19-direktionen/meeting.md": with_id(
                DIR_MEETING.replace("2025-03-05", "2025-03-19"), "direktionen-19"
            ),
        }
    )
    found = checked(dialog, root, NEW_DIR)
    assert rule(found, "DM704") == [(f"{NEW_DIR}/meeting.md", 2)]
    assert f"også id for {OLD_DIR}" in str(found[0]["message"])


def test_a_check_of_one_meeting_finds_its_folder_name_taken_as_an_id(make_repo, dialog):
    root = make_repo(
        {f"{NEW_DIR}/meeting.md": with_id(DIR_MEETING.replace("2025-03-05", "2025-03-12"), OLD)}
    )
    assert rule(checked(dialog, root, OLD_DIR), "DM704") == [(f"{OLD_DIR}/meeting.md", None)]
    assert rule(checked(dialog, root, NEW_DIR), "DM704") == [(f"{NEW_DIR}/meeting.md", 2)]


def test_taken_ids_are_all_found_when_the_check_is_split(make_repo, dialog, monkeypatch) -> None:
    """Every other meeting is loaded by the other process; each finds its own clashes."""
    from dialogmoder import check

    monkeypatch.setattr(check, "SPLIT_FROM", 4)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    files: dict[str, str | bytes | None] = {}
    ids = {1: "samme", 2: "samme", 5: "2025-03-08-direktionen"}  # 1, 5: one part; 2, 8: other
    for day in range(1, 25):  # twelve meetings a part: more names than are searched for
        dato = f"2025-03-{day:02d}"
        text = DIR_MEETING.replace("2025-03-05", dato)
        files[f"meetings/2025/{dato}-direktionen/meeting.md"] = with_id(
            text, ids.get(day, f"{dato}-direktionen")
        )
    root = make_repo(files, with_meeting=False)
    found = checked(dialog, root)
    assert rule(found, "DM704") == [
        (f"meetings/2025/2025-03-{day:02d}-direktionen/meeting.md", 2) for day in (1, 2, 5, 8)
    ]


def test_the_uids_of_meetings_not_loaded_are_read_when_asked_for(make_repo) -> None:
    other = DIR_MEETING.replace("2025-03-05", "2025-03-12")
    root = make_repo({f"{NEW_DIR}/meeting.md": with_id(other, "samme")})
    repo = load_repository(root, [root / NEW_DIR])
    assert [f.path for f in repo.meetings] == [NEW_DIR]
    assert repo.uids_among({OLD, "samme", NEW}) == {OLD_DIR: OLD, NEW_DIR: "samme"}
    only_old = load_repository(root, [root / OLD_DIR])
    assert only_old.uids_among({OLD, "samme", NEW}) == {OLD_DIR: OLD, NEW_DIR: "samme"}
    assert only_old.uids_among({NEW}) == {}


def test_a_linked_meeting_md_not_loaded_is_read_for_its_id_only_inside_the_repository(
    make_repo, tmp_path
) -> None:
    other = DIR_MEETING.replace("2025-03-05", "2025-03-12")
    root = make_repo({f"shared/{NEW}.md": with_id(other, "samme")})
    (root / NEW_DIR).mkdir()
    (root / NEW_DIR / "meeting.md").symlink_to(f"../../../shared/{NEW}.md")
    outside = tmp_path / "outside.md"
    outside.write_text(with_id(other.replace("03-12", "03-19"), "samme"), encoding="utf-8")
    (root / "meetings/2025/2025-03-19-direktionen").mkdir()
    (root / "meetings/2025/2025-03-19-direktionen/meeting.md").symlink_to(outside)
    repo = load_repository(root, [root / OLD_DIR])
    assert repo.uids_among({"samme"}) == {NEW_DIR: "samme"}


def test_dm704_is_explained(dialog) -> None:
    result = dialog("check", "--explain", "DM704")
    assert result.code == 0
    assert result.out.startswith("DM704 meeting-id-taken (fejl som standard; hygiene)\n")
    assert "én begivenhed i alle abonnenters kalendere" in result.out


def test_a_moved_meeting_keeping_its_old_name_as_id_checks_clean(make_repo, dialog) -> None:
    root = make_repo({f"{OLD_DIR}/meeting.md": with_id(DIR_MEETING, OLD)})
    move(root, OLD_DIR, NEW_DIR, "2025-03-12")
    assert checked(dialog, root) == []
