"""Renaming many files of one folder all or nothing, even under `kill -9`: a journal.

The one renumbering mechanism of dialog (`add-item --position`, `move-item`,
`remove-item`). Before the first rename, the whole plan is written to a journal file in the
meeting's folder (`.dialog-renumber.json`, written whole or not at all). Then, in two
phases, every file that changes its name is renamed to a hidden temporary name
(`punkter/.dialog-renumber-<old name>`), the journal is marked as being in phase 2, and
every temporary name is renamed to its new name (or, for a removed punkt, deleted). A new
punkt is created last, then the journal is deleted.

No name is ever used twice within a phase, so where a process stopped can always be read
from the folder: in phase 1 a file is either under its old name or its temporary one, in
phase 2 either under its temporary name or its new one. The next dialog command that reads
the meeting (`recover`, from the loader) finishes the job: the meeting then has the new
numbering. A failure inside the command (a full disk, a file open in another program on
Windows, Ctrl-C) instead rolls back to the old numbering. Only renames of files to names
that do not exist and deletes are used, which every system (Windows too) does atomically;
no folder is ever renamed or replaced.

The caller holds `edit_lock` on the meeting folder for the whole run; `recover` takes it.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from dialogmoder.danish import aarsag, besked
from dialogmoder.errors import DialogError
from dialogmoder.io.edit import _fsync_dir, create_file, edit_lock, replace_file

JOURNAL = ".dialog-renumber.json"
TEMP_PREFIX = ".dialog-renumber-"


@dataclass(frozen=True)
class Plan:
    """What a renumbering does, relative to the meeting folder (`punkter/03-x.md`).

    `moves` maps an old name to its new one, or to None for a file that is removed;
    `create` is a new file and its text; `stage` says to record the renames in git's index
    (the meeting is in a git work tree and the command stages what it moves).
    """

    moves: tuple[tuple[str, str | None], ...]
    create: tuple[str, str] | None = None
    stage: bool = False

    def as_json(self, phase: str) -> str:
        return json.dumps(
            {
                "dialog-renumber": 1,
                "phase": phase,
                "moves": [list(m) for m in self.moves],
                "create": list(self.create) if self.create else None,
                "stage": self.stage,
            },
            ensure_ascii=False,
            indent=1,
        )


def temp_name(rel: str) -> str:
    head, _, name = rel.rpartition("/")
    return f"{head}/{TEMP_PREFIX}{name}" if head else f"{TEMP_PREFIX}{name}"


class _Run:
    """One renumbering in progress: what it renamed, so that a failure can undo it."""

    def __init__(self, folder: Path, plan: Plan) -> None:
        self.folder = folder
        self.plan = plan
        self.renamed: list[tuple[str, str]] = []  # phase 2's renames, temporary -> new

    def rename(self, source: str, target: str) -> None:
        src, dst = self.folder / source, self.folder / target
        if os.path.lexists(dst):
            raise DialogError(
                besked("{dst} already exists; not renaming {src} onto it").format(
                    dst=dst, src=src.name
                )
            )
        os.rename(src, dst)

    def journal(self, phase: str) -> None:
        replace_file(self.folder / JOURNAL, self.plan.as_json(phase).encode("utf-8"))

    def phase1(self) -> None:
        """Every moving file to its temporary name (the ones already there stay)."""
        for old, _new in self.plan.moves:
            if not os.path.lexists(self.folder / temp_name(old)):
                self.rename(old, temp_name(old))
        _fsync_dirs(self.folder, self.plan)
        self.journal("2")

    def phase2(self) -> None:
        """Every temporary name to its new name (or away), then the new file."""
        for old, new in self.plan.moves:
            temp = temp_name(old)
            if not os.path.lexists(self.folder / temp):
                continue  # already under its new name
            if new is None:
                os.unlink(self.folder / temp)  # the journal says phase 2: past undoing
            else:
                self.rename(temp, new)
                self.renamed.append((temp, new))
        if self.plan.create is not None:
            rel, text = self.plan.create
            if not os.path.lexists(self.folder / rel):
                create_file(self.folder / rel, text)
        _fsync_dirs(self.folder, self.plan)

    def roll_back(self) -> str:
        """Back to the old names after a failure inside the command; a sentence saying so."""
        folder, plan = self.folder, self.plan
        gone = [
            old
            for old, new in plan.moves
            if new is None
            and not os.path.lexists(folder / temp_name(old))
            and not os.path.lexists(folder / old)
        ]
        later = besked(
            "the next dialog command that reads the meeting finishes it ({journal})"
        ).format(journal=JOURNAL)
        if gone:
            return besked("{name} is already deleted; {later}").format(name=gone[0], later=later)
        try:
            if plan.create is not None:
                path = folder / plan.create[0]
                with contextlib.suppress(OSError):
                    if path.read_text("utf-8") == plan.create[1]:
                        path.unlink()
            for temp, new in reversed(self.renamed):
                self.rename(new, temp)
            self.journal("rollback")
            _rollback(folder, plan)
        except (OSError, DialogError):
            return besked("renaming back failed; {later}").format(later=later)
        return besked("the renumbering was rolled back: punkter/ holds the names it had")


def _fsync_dirs(folder: Path, plan: Plan) -> None:
    for parent in sorted({(folder / old).parent for old, _new in plan.moves}):
        _fsync_dir(parent)


def _rollback(folder: Path, plan: Plan) -> None:
    """Every file under its temporary name back to its old name; the journal away."""
    for old, _new in plan.moves:
        if os.path.lexists(folder / temp_name(old)):
            if os.path.lexists(folder / old):
                raise DialogError(
                    besked("{path} already exists; cannot roll back onto it").format(
                        path=folder / old
                    )
                )
            os.rename(folder / temp_name(old), folder / old)
    _fsync_dirs(folder, plan)
    os.unlink(folder / JOURNAL)
    _fsync_dir(folder)


def renumber(folder: Path, plan: Plan, root: Path | None = None, doing: str = "") -> None:
    """Carry out `plan` in the meeting folder `folder`, all or nothing; the caller holds
    `edit_lock(folder)`. A failure rolls back and raises DialogError saying so. `root`:
    the repository, whose git index records the renames when the plan says `stage`."""
    if os.path.lexists(folder / JOURNAL):
        finish(folder, root)
    for old, _new in plan.moves:
        if os.path.lexists(folder / temp_name(old)):
            raise DialogError(
                besked("{path} is in the way; delete it first").format(path=folder / temp_name(old))
            )
    run = _Run(folder, plan)
    written = False
    try:
        create_file(folder / JOURNAL, plan.as_json("1"))
        written = True
        run.phase1()
        run.phase2()
    except BaseException as e:
        _raise_with(e, run.roll_back() if written else "nothing was changed", doing)
    _stage(folder, plan, root)
    os.unlink(folder / JOURNAL)
    _fsync_dir(folder)


def _raise_with(e: BaseException, note: str, doing: str) -> None:
    if isinstance(e, DialogError):
        raise DialogError(f"{e.message}; {note}", exit_code=e.exit_code) from None
    if isinstance(e, OSError):
        where = f"{e.filename}: " if e.filename else ""
        raise DialogError(
            besked("cannot {doing}: {where}{x}; {note}").format(
                doing=doing or besked("renumber the punkter"),
                where=where,
                x=aarsag(e),
                note=note,
            )
        ) from None
    raise e


def _stage(folder: Path, plan: Plan, root: Path | None) -> None:
    if not plan.stage or root is None:
        return
    from dialogmoder.io.git import stage_renames

    pairs = [(folder / old, folder / new if new else None) for old, new in plan.moves]
    with contextlib.suppress(DialogError, OSError):  # the files are right; git can catch up
        stage_renames(root, pairs)


def finish(folder: Path, root: Path | None = None) -> None:
    """Complete (or, if it was rolling back, roll back) the renumbering the journal in
    `folder` describes; the caller holds the lock. DialogError when it cannot."""
    path = folder / JOURNAL
    try:
        data = json.loads(path.read_text("utf-8"))
        create = data.get("create")
        plan = Plan(
            tuple((str(o), None if n is None else str(n)) for o, n in data["moves"]),
            (str(create[0]), str(create[1])) if create else None,
            bool(data.get("stage")),
        )
        phase = str(data["phase"])
    except FileNotFoundError:
        return  # finished by another command meanwhile
    except (OSError, ValueError, KeyError, TypeError, IndexError) as e:
        raise DialogError(
            besked("{path} cannot be read ({e}); it is not a renumbering dialog wrote").format(
                path=path, e=aarsag(e) if isinstance(e, OSError) else e
            )
        ) from None
    run = _Run(folder, plan)
    try:
        if phase == "rollback":
            _rollback(folder, plan)
            return
        if phase == "1":
            run.phase1()
        run.phase2()
    except (OSError, DialogError) as e:
        reason = e.message if isinstance(e, DialogError) else aarsag(e)
        raise DialogError(
            besked("an interrupted renumbering could not be finished: {reason}").format(
                reason=reason
            )
        ) from None
    _stage(folder, plan, root)
    os.unlink(path)
    _fsync_dir(folder)


def recover(folder: Path, root: Path | None = None) -> str | None:
    """Finish an interrupted renumbering of the meeting folder, under its lock; None when
    done (or nothing to do), else a sentence saying why it could not be finished."""
    if not os.path.lexists(folder / JOURNAL):
        return None
    try:
        with edit_lock(folder):
            finish(folder, root)
    except DialogError as e:
        return e.message
    return None
