"""move-item and remove-item: punkter that change their numbers, all or nothing.

Both plan the new names and hand them to `io/renumber.py`, the one renumbering mechanism
(`add-item --position` uses it too): a killed command leaves the old numbering or the new
one, never a gap, and the next command that reads the meeting finishes it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from dialogmoder.danish import besked
from dialogmoder.domain.repository import PUNKT_NAME, MeetingFolder, Repository
from dialogmoder.errors import DialogError
from dialogmoder.io.edit import edit_lock
from dialogmoder.io.git import text_is_committed
from dialogmoder.io.renumber import JOURNAL, Plan, recover, renumber

PUNKTER = "punkter"


@dataclass(frozen=True)
class Moved:
    """What a move or removal did, for the command's message."""

    path: Path  # the punkt's new file (moved) or the file that was removed
    renamed: int  # how many other punkter got a new number
    bilag: tuple[str, ...] = ()  # files in bilag/ the removed punkt named (left in place)


def numbered(punkter_dir: Path) -> list[tuple[int, str]]:
    """The punkt files of punkter/ as (number, name), in number order."""
    try:
        names = os.listdir(punkter_dir)
    except FileNotFoundError:
        return []
    return sorted((int(m[1]), name) for name in names if (m := PUNKT_NAME.match(name)))


def punkt_name(nr: int, slug: str) -> str:
    return f"{nr:02d}-{slug}.md"


def renumbering(old: list[str], new: list[str]) -> tuple[tuple[str, str], ...]:
    """The moves that give the names `old` (in order) the names `new`, skipping the ones
    that keep their name; paths relative to the meeting folder."""
    return tuple(
        (f"{PUNKTER}/{a}", f"{PUNKTER}/{b}") for a, b in zip(old, new, strict=True) if a != b
    )


def finish_pending(meeting_dir: Path, root: Path) -> None:
    """An interrupted renumbering of the meeting is finished first (the caller holds the
    lock), so the numbers planned from are the ones on disk."""
    problem = recover(meeting_dir, root)
    if problem:
        raise DialogError(f"{meeting_dir / JOURNAL}: {problem}", exit_code=1)


def slug_of(name: str) -> str:
    """The name part of a punkt file's name: `budget` of `03-budget.md`."""
    match = PUNKT_NAME.match(name)
    assert match is not None  # only punkt names are planned
    return match[2]


def _approved_referat(root: Path, folder: MeetingFolder) -> bool:
    """Whether the meeting's referat is approved: meeting.md records it (`referat_godkendt`),
    or its model says so."""
    meeting = folder.meeting
    if meeting is not None and getattr(meeting, "referat_godkendt", None):
        return True
    try:
        text = (root / folder.path / "meeting.md").read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    front = text.split("\n---", 1)[0] if text.startswith("---") else ""
    return re.search(r"(?m)^referat_godkendt\s*:\s*\S", front) is not None


def _refuse_approved(root: Path, folder: MeetingFolder, force: bool) -> None:
    if not force and _approved_referat(root, folder):
        raise DialogError(
            besked(
                "{meeting}: the referat is approved, and moving punkter changes it; give"
                " --force to renumber all the same (the approval then no longer holds)"
            ).format(meeting=folder.path),
            exit_code=1,
        )


def _number(punkter: list[tuple[int, str]], nr: int, what: str, folder: MeetingFolder) -> int:
    numbers = [n for n, _ in punkter]
    if nr not in numbers:
        shown = f"1-{len(numbers)}" if numbers else besked("none")
        raise DialogError(
            besked("{meeting} has no punkt {nr} ({what}); its punkter are {shown}").format(
                meeting=folder.path, nr=nr, what=what, shown=shown
            ),
            exit_code=2,
        )
    return numbers.index(nr)


def _check_numbering(punkter: list[tuple[int, str]], folder: MeetingFolder) -> None:
    numbers = [n for n, _ in punkter]
    if numbers != list(range(1, len(numbers) + 1)):
        raise DialogError(
            besked(
                "{meeting}: the punkter are not numbered 1 to {n} without gaps or repeats"
                " ({numbers}); fix that first (dialog check reports it as DM401)"
            ).format(meeting=folder.path, n=len(numbers), numbers=", ".join(map(str, numbers))),
            exit_code=1,
        )


def move_item(
    repo: Repository, meeting_ref: str, source: int, target: int, force: bool = False
) -> Moved:
    """Give punkt `source` the number `target`; the punkter between shift by one."""
    folder = repo.meeting(meeting_ref)
    meeting_dir = repo.root / folder.path
    _refuse_approved(repo.root, folder, force)
    with edit_lock(meeting_dir):
        finish_pending(meeting_dir, repo.root)
        punkter = numbered(meeting_dir / PUNKTER)
        _check_numbering(punkter, folder)
        i = _number(punkter, source, "FROM", folder)
        j = _number(punkter, target, "TO", folder)
        names = [name for _, name in punkter]
        order = names[:i] + names[i + 1 :]
        order.insert(j, names[i])
        new = [punkt_name(k + 1, slug_of(name)) for k, name in enumerate(order)]
        moves = renumbering(order, new)
        if moves:
            doing = besked("move the punkt")
            renumber(meeting_dir, Plan(moves, stage=True), repo.root, doing)
        return Moved(meeting_dir / PUNKTER / new[j], max(len(moves) - 1, 0))


def remove_item(repo: Repository, meeting_ref: str, nr: int, force: bool = False) -> Moved:
    """Delete punkt `nr`; the later punkter move down one number. Its bilag files stay."""
    folder = repo.meeting(meeting_ref)
    meeting_dir = repo.root / folder.path
    _refuse_approved(repo.root, folder, force)
    with edit_lock(meeting_dir):
        finish_pending(meeting_dir, repo.root)
        punkter = numbered(meeting_dir / PUNKTER)
        _check_numbering(punkter, folder)
        i = _number(punkter, nr, "N", folder)
        names = [name for _, name in punkter]
        gone = meeting_dir / PUNKTER / names[i]
        if not force:
            committed = text_is_committed(repo.root, gone)
            if committed is None:
                raise DialogError(
                    besked(
                        "{path} is not in a git work tree, so its text could not be brought"
                        " back once removed; give --force to remove it all the same"
                    ).format(path=gone.relative_to(repo.root).as_posix()),
                    exit_code=1,
                )
            if not committed:
                raise DialogError(
                    besked(
                        "{path} has changes that are not committed, and removing it would lose"
                        " them; commit them first, or give --force to remove it all the same"
                    ).format(path=gone.relative_to(repo.root).as_posix()),
                    exit_code=1,
                )
        rest = names[:i] + names[i + 1 :]
        new = [punkt_name(k + 1, slug_of(name)) for k, name in enumerate(rest)]
        moves = ((f"{PUNKTER}/{names[i]}", None), *renumbering(rest, new))
        renumber(meeting_dir, Plan(moves, stage=True), repo.root, besked("remove the punkt"))
        return Moved(gone, len(moves) - 1, _bilag_of(repo, folder, names[i]))


def _bilag_of(repo: Repository, folder: MeetingFolder, name: str) -> tuple[str, ...]:
    """The files the removed punkt's bilag named (they stay where they are)."""
    for punkt in folder.punkter:
        if punkt.path.endswith("/" + name) and punkt.doc is not None:
            return tuple(b.fil for b in punkt.doc.data.bilag if b.fil)
    return ()
