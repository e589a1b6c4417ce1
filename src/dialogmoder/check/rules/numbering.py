"""DM4xx: punkter numbered 01..NN, times in order and inside the meeting."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import time
from typing import TYPE_CHECKING, Any

from dialogmoder.check.rules import Context, found, rule
from dialogmoder.danish import besked
from dialogmoder.domain.findings import Finding

if TYPE_CHECKING:
    from dialogmoder.domain.loader import Document
    from dialogmoder.domain.repository import PunktFile, Repository


def _hhmm(value: time) -> str:
    return value.strftime("%H:%M")


@rule(
    "DM401",
    "numbering-gap",
    "Punkter are not numbered 01, 02, ... without gaps",
    "error",
    "numbering",
)
def numbering_gap(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    The number of a punkt is the `NN` prefix of its file name in punkter/, and the
    punkter of a meeting are numbered 01, 02, ... up to the last one without a gap. A gap
    usually means a file was deleted or an interrupted `dialog add-item`; rename the
    files so the numbers follow each other (`git mv`).
    """
    for folder in repo.meetings:
        numbers = sorted({p.nr for p in folder.punkter})
        expected = 1
        renumber = besked("Renumber the files 01..{n:02d}").format(n=len(numbers))
        for punkt in sorted(folder.punkter, key=lambda p: p.nr):
            if punkt.nr == 0 and expected == 1:
                yield found(
                    "DM401",
                    punkt.path,
                    _titel_line(punkt),
                    besked(
                        "punkt {nr:02d} comes before 01; punkter are numbered from 01. {renumber}"
                    ).format(nr=punkt.nr, renumber=renumber),
                )
                continue
            if punkt.nr < expected:
                continue  # a duplicate: DM402
            if punkt.nr != expected:
                before = (
                    besked("no punkt")
                    if expected == 1
                    else besked("punkt {nr:02d}").format(nr=expected - 1)
                )
                yield found(
                    "DM401",
                    punkt.path,
                    _titel_line(punkt),
                    besked("punkt {nr:02d} follows {before}; {missing}. {renumber}").format(
                        nr=punkt.nr,
                        before=before,
                        missing=_missing(expected, punkt.nr),
                        renumber=renumber,
                    ),
                )
            expected = punkt.nr + 1


def _titel_line(punkt: PunktFile) -> int:
    """Where a punkt's number shows in the file (it lives in the name): its titel line."""
    return punkt.doc.line_of("titel") if punkt.doc is not None else 1


def _missing(first: int, end: int) -> str:
    """'number 02 is missing', 'numbers 02, 03 are missing', 'numbers 02-99 are missing'."""
    if end - first == 1:
        return besked("number {first:02d} is missing").format(first=first)
    if end - first <= 4:
        return besked("numbers {x} are missing").format(
            x=", ".join(f"{n:02d}" for n in range(first, end))
        )
    return besked("numbers {first:02d}-{x:02d} are missing").format(first=first, x=end - 1)


@rule(
    "DM402",
    "numbering-duplicate",
    "Two punkter have the same number",
    "error",
    "numbering",
)
def numbering_duplicate(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    Two files in punkter/ start with the same number (e.g. 03-budget.md and
    03-personale.md), usually after a merge of two branches that each added a punkt.
    Give one of them the next free number and renumber the rest.
    """
    for folder in repo.meetings:
        counts = Counter(p.nr for p in folder.punkter)
        for punkt in folder.punkter:
            if counts[punkt.nr] > 1:
                others = [p.path.rsplit("/", 1)[-1] for p in folder.punkter if p.nr == punkt.nr]
                others.remove(punkt.path.rsplit("/", 1)[-1])
                yield found(
                    "DM402",
                    punkt.path,
                    _titel_line(punkt),
                    besked(
                        "number {nr:02d} is also used by {x}; give each punkt its own number"
                    ).format(nr=punkt.nr, x=", ".join(others)),
                )


@rule(
    "DM403",
    "times-out-of-order",
    "A punkt's tid is not later than the tid of the punkt before it",
    "error",
    "numbering",
)
def times_out_of_order(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    The `tid` of the punkter, in number order, must increase: the tidsplan is read top
    to bottom. Punkter without a tid are skipped, and a dagsorden without any times is
    fine. Either the times or the numbers are wrong.
    """
    for folder in repo.meetings:
        previous: tuple[int, time] | None = None
        for punkt in sorted(folder.punkter, key=lambda p: p.nr):
            doc = punkt.doc
            if doc is None or doc.data.tid is None:
                continue
            tid = doc.data.tid
            if previous is not None and tid <= previous[1]:
                yield found(
                    "DM403",
                    punkt.path,
                    doc.line_of("tid"),
                    besked(
                        "tid {tid} is not after punkt {previous:02d}'s tid {previous2}; fix"
                        " the time or the order of the punkter"
                    ).format(tid=_hhmm(tid), previous=previous[0], previous2=_hhmm(previous[1])),
                )
            previous = (punkt.nr, tid)


@rule(
    "DM404",
    "time-outside-meeting",
    "A punkt's or a pause's tid is outside the meeting's start–slut",
    "error",
    "numbering",
)
def time_outside_meeting(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    Every `tid` of a punkt, an underpunkt or a pause must lie inside the meeting: at or
    after `start` and before `slut` in meeting.md. Also reported: a `slut` that is not
    after `start`. Meetings without start or slut are checked only against the one
    given.
    """
    for folder in repo.meetings:
        meeting = folder.meeting
        if meeting is None or folder.doc is None:
            continue
        start, slut = meeting.start, meeting.slut
        if start is not None and slut is not None and slut <= start:
            yield found(
                "DM404",
                folder.doc.path,
                folder.doc.line_of("slut"),
                besked("slut {slut} is not after start {start}").format(
                    slut=_hhmm(slut), start=_hhmm(start)
                ),
            )
            continue
        # each time with its file and key path; its line and wording are found only for a
        # time outside the meeting (the wording: a pause's title, else None for the punkt
        # or an underpunkt's title)
        times: list[tuple[Document[Any], tuple[str | int, ...], str | None, str | None, time]]
        times = [
            (folder.doc, ("pauser", i), pause.titel, None, pause.tid)
            for i, pause in enumerate(meeting.pauser)
        ]
        for punkt in folder.punkter:
            doc = punkt.doc
            if doc is None:
                continue
            if doc.data.tid is not None:
                times.append((doc, ("tid",), None, None, doc.data.tid))
            for i, under in enumerate(doc.data.underpunkter):
                if under.tid is not None:
                    times.append((doc, ("underpunkter", i, "tid"), None, under.titel, under.tid))
        for doc, loc, pause, underpunkt, tid in times:
            if start is not None and tid < start:
                problem = besked("before the meeting starts at {start}").format(start=_hhmm(start))
            elif slut is not None and tid >= slut:
                problem = besked("at or after the meeting ends at {slut}").format(slut=_hhmm(slut))
            else:
                continue
            if pause is not None:
                what = pause
            elif underpunkt is not None:
                what = besked("underpunkt {title!r}").format(title=underpunkt)
            else:
                what = besked("the punkt")
            yield found(
                "DM404",
                doc.path,
                doc.line_of(*loc),
                besked("{what} at {tid} is {problem}").format(
                    what=what, tid=_hhmm(tid), problem=problem
                ),
            )
