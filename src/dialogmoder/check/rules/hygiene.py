"""DM7xx: folders and files where dialog expects them.

Merge conflict markers (DM003, anywhere in a file, body included) and unknown files
(DM006) are found while the repository is read; the rules here compare what was read.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from dialogmoder.check.rules import Context, found, rule
from dialogmoder.danish import besked
from dialogmoder.domain.findings import Finding
from dialogmoder.domain.repository import MEETING_NAME

if TYPE_CHECKING:
    from dialogmoder.domain.repository import Repository


@rule(
    "DM701",
    "folder-date-mismatch",
    "A meeting folder's date differs from the `dato` in its meeting.md",
    "error",
    "hygiene",
)
def folder_date_mismatch(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    A meeting folder is named `YYYY-MM-DD-slug` after its date, so that folders sort by
    date and links stay stable. When a meeting moves, the folder must move too: rename
    it (`git mv meetings/2025/2025-02-05-x meetings/2025/2025-02-12-x`), or fix `dato`.
    A meeting with an `id` in its meeting.md (`dialog new-meeting` writes one) keeps its
    calendar events and file names when its folder is renamed.
    """
    for folder in repo.meetings:
        meeting = folder.meeting
        match = MEETING_NAME.match(folder.id)
        if meeting is None or folder.doc is None or match is None:
            continue
        if match[1] != meeting.dato.isoformat():
            yield found(
                "DM701",
                folder.doc.path,
                folder.doc.line_of("dato"),
                besked(
                    "dato {dato} differs from the folder's date {match}; rename the folder"
                    " to {dato}-{match2} or fix dato"
                ).format(dato=meeting.dato.isoformat(), match=match[1], match2=match[2]),
            )


@rule(
    "DM702",
    "year-folder-mismatch",
    "A meeting is in the year folder of another year",
    "warning",
    "hygiene",
)
def year_folder_mismatch(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    Meetings live in `meetings/YYYY/` by the year of their date. A meeting in another
    year's folder is hard to find and breaks the årsplan; move it with `git mv`.
    """
    for folder in repo.meetings:
        meeting = folder.meeting
        if meeting is None or folder.doc is None:
            continue
        year = folder.path.split("/")[1] if folder.path.count("/") >= 2 else ""
        if year != f"{meeting.dato.year:04d}":
            yield found(
                "DM702",
                folder.doc.path,
                folder.doc.line_of("dato"),
                besked(
                    "the meeting is on {dato} but in meetings/{year}/; move it to"
                    " meetings/{year2:04d}/"
                ).format(dato=meeting.dato.isoformat(), year=year, year2=meeting.dato.year),
            )


@rule(
    "DM703",
    "duplicate-meeting-id",
    "Two meeting folders have the same name (id), e.g. in two year folders",
    "error",
    "hygiene",
)
def duplicate_meeting_id(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    A meeting folder's name (`2025-03-05-direktionen`) is how `dialog render` and `dialog
    add-item` find the meeting, and, when its meeting.md has no `id`, what its calendar
    events and files are named by (DM704 checks the ids). Two folders with the same name
    (typically a copy left in the wrong year folder) make it ambiguous which meeting a
    command means. Delete the copy, or rename one folder (`git mv`). The comparison is
    with every meeting folder of the repository, also when `dialog check PATH` (the
    pre-commit hook) checks only some meetings.
    """
    by_id: dict[str, list[str]] = {}
    for path in repo.meeting_paths:
        by_id.setdefault(path.rsplit("/", 1)[-1], []).append(path)
    for folder in repo.meetings:
        others = [path for path in by_id[folder.id] if path != folder.path]
        if not others:
            continue
        path = folder.doc.path if folder.doc else folder.path
        yield found(
            "DM703",
            path,
            None,
            besked(
                "another meeting folder has the same id {id}: {x}; give each meeting its"
                " own folder name, e.g. {id}-2"
            ).format(id=folder.id, x=", ".join(others)),
        )


@rule(
    "DM704",
    "meeting-id-taken",
    "A meeting's `id` is another meeting's id or folder name",
    "error",
    "hygiene",
)
def meeting_id_taken(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    A meeting's identity is the `id` in its meeting.md, or its folder's name when it has
    none: its calendar events (UID), its rendered files (`build/<id>-referat.pdf`) and its
    pages on the site are named by it, and `dialog render ID` finds the meeting by it. Two
    meetings with one identity would be one event in every subscriber's calendar and write
    over each other's files; an id that is another meeting's folder name makes `dialog
    render NAME` ambiguous. Give one of them another `id` (a new meeting: the name of its
    own folder, as `dialog new-meeting` writes it). Two folders of the same name are DM703.
    The comparison is with every meeting of the repository, also when `dialog check PATH`
    (the pre-commit hook) checks only some meetings.
    """
    loaded = [f for f in repo.meetings if f.doc is not None]
    uids = repo.uids_among({name for f in loaded for name in (f.id, f.uid)})
    by_uid: dict[str, list[str]] = {}
    for path, uid in uids.items():
        if uid != _name(path):  # a meeting whose id is not its folder's name
            by_uid.setdefault(uid, []).append(path)
    by_folder: dict[str, list[str]] = {}
    for path in repo.meeting_paths:
        by_folder.setdefault(_name(path), []).append(path)
    for folder in loaded:
        assert folder.doc is not None
        written = folder.meeting is not None and folder.meeting.id is not None
        uid, name = folder.uid, folder.id
        clashes: dict[str, str] = {}
        if not written or uid != name:
            clashes.update(
                (p, besked("the folder name {name} is the id of").format(name=name))
                for p in by_uid.get(name, [])
            )
        if written and uid != name:
            clashes.update(
                (p, besked("id {uid} is the folder name of").format(uid=uid))
                for p in by_folder.get(uid, [])
            )
        if written:
            clashes.update(
                (p, besked("id {uid} is also the id of").format(uid=uid))
                for p in by_uid.get(uid, [])
            )
        others = sorted(
            (path, why)
            for path, why in clashes.items()
            if path != folder.path and _name(path) != name  # two folders of one name: DM703
        )
        if not others:
            continue
        yield found(
            "DM704",
            folder.doc.path,
            folder.doc.line_of("id") if written else None,
            "; ".join(f"{why} {path}" for path, why in others)
            + besked(
                "; a meeting's id (its `id`, else its folder's name) must be its own:"
                " calendar events and built files are named by it"
            ),
        )


def _name(path: str) -> str:
    """A meeting folder's name, from its path."""
    return path.rsplit("/", 1)[-1]


@rule(
    "DM705",
    "control-character",
    "A file holds a control character (ESC, BEL, …), which no output carries",
    "error",
    "hygiene",
)
def control_character(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    Control characters (Unicode Cc other than tab and line breaks: ESC, BEL, backspace, the
    C1 range, DEL) show as nothing or as garbage, make the Atom feed invalid XML and can
    drive a terminal. They usually arrive with text pasted from another program, or as a
    YAML escape such as "\\e". dialog drops them where it reads a file, so no rendering,
    page, feed, calendar or view carries one; this error says where they are, so that the
    file can be cleaned. Delete the character (an editor that shows invisible characters
    helps), or retype the line.
    """
    from dialogmoder.domain.edition import public_documents

    docs = [repo.config_doc]
    for folder in repo.meetings:
        docs.extend(public_documents(folder))
    for doc in docs:
        for line in doc.controls:
            yield found(
                "DM705",
                doc.path,
                line,
                besked(
                    "holds a control character, which no output carries;"
                    " delete it (an editor that shows invisible characters helps)"
                ),
            )
