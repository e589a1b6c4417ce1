"""DM2xx: frister. Each product's frist and the formøde, against `--today`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from dialogmoder.check.rules import Context, found, rule
from dialogmoder.danish import N_, besked, nbesked
from dialogmoder.domain.dates import is_working_day, non_working_reason, working_days_until
from dialogmoder.domain.findings import Finding
from dialogmoder.domain.kinds import PRODUKTER
from dialogmoder.domain.state import (
    formoede_frist,
    is_cancelled,
    product_state,
    required_products,
)

if TYPE_CHECKING:
    from dialogmoder.domain.repository import Repository

_DEADLINES_EXPLAINED = N_(
    "A product's frist is the meeting date plus the `frist` days of its forum in dialog.yaml:\n"
    '`frist: -7` is one week before ("approved material one week before"), `frist: 14` two\n'
    "weeks after. A frist that falls on a Saturday, a Sunday or a Danish public holiday\n"
    "(påske, Kristi himmelfart, pinse, jul, nytår; store bededag until 2023) moves to the working\n"
    "day before it, never after. `--today DATE` sets the day to check against (default:\n"
    "today); dialog.yaml's `varsel_arbejdsdage` (default 3) sets how many working days ahead\n"
    "a warning starts. Meetings before `gaelder_fra`, and udskudt or aflyst meetings, are not\n"
    "checked."
)


def _moved(frist: date, days: int, meeting_date: date) -> str:
    planned = meeting_date + timedelta(days=days)
    if planned == frist:
        return ""
    return besked(", moved from {date} ({reason})").format(
        date=planned.isoformat(), reason=non_working_reason(planned)
    )


@dataclass(frozen=True)
class _Due:
    """A required product that is not approved yet, with its frist."""

    path: str
    line: int | None  # the status line of a draft, the godkendt_hash of a stale approval
    produkt: str
    frist: date
    state: str
    days: int  # the forum's frist in days, before moving to a working day
    meeting_date: date

    def moved(self) -> str:
        return _moved(self.frist, self.days, self.meeting_date)


def _due(repo: Repository, context: Context) -> Iterable[_Due]:
    """Every required product with a frist that is not approved yet."""
    for folder, meeting in context.meetings_in_scope(repo):
        for krav in required_products(repo.config, meeting):
            if krav.frist is None or krav.regel.frist is None:
                continue
            state = product_state(repo, folder, krav.type)
            path = f"{folder.path}/{krav.type}.md"
            if state in ("godkendt", "fejl"):  # a file with errors is reported by the loader
                continue
            line = None
            doc = folder.produkter.get(krav.type)
            if doc is not None:
                key = "godkendt_hash" if ("godkendt_hash",) in doc.lines else "status"
                line = doc.line_of("status" if state == "udkast" else key)
            yield _Due(path, line, krav.type, krav.frist, state, krav.regel.frist, meeting.dato)


def _state_text(state: str) -> str:
    return {
        "mangler": besked("is missing"),
        "udkast": besked("is still a draft (status: udkast)"),
        "forældet": besked("was changed after its approval"),
    }[state]


@rule(
    "DM201",
    "frist-missed",
    "A product's frist has passed and it is not approved",
    "error",
    "deadlines",
    explanation=N_(
        "A product that is not approved (missing, a draft, or changed after its"
        " approval) when its frist has passed."
    )
    + "\n\n"
    + _DEADLINES_EXPLAINED,
)
def frist_missed(repo: Repository, context: Context) -> Iterable[Finding]:
    for due in _due(repo, context):
        if due.frist >= context.today:
            continue
        late = (context.today - due.frist).days
        yield found(
            "DM201",
            due.path,
            due.line,
            besked(
                "{product} {state}; its frist was {frist}{moved}, {days} ago."
                " Finish it and have it approved with dialog approve"
            ).format(
                product=PRODUKTER[due.produkt].navn,
                state=_state_text(due.state),
                frist=due.frist.isoformat(),
                moved=due.moved(),
                days=nbesked("{n} day", "{n} days", late).format(n=late),
            ),
        )


@rule(
    "DM202",
    "frist-near",
    "A product's frist is within a few working days and it is not approved",
    "warning",
    "deadlines",
    explanation=N_(
        "A product that is not approved yet when its frist is `varsel_arbejdsdage`"
        " working days away or fewer (default 3; a frist today is 0)."
    )
    + "\n\n"
    + _DEADLINES_EXPLAINED,
)
def frist_near(repo: Repository, context: Context) -> Iterable[Finding]:
    limit = repo.config.varsel_arbejdsdage
    for due in _due(repo, context):
        if due.frist < context.today:
            continue
        left = working_days_until(context.today, due.frist)
        if left > limit:
            continue
        when = (
            besked("today")
            if due.frist == context.today
            else nbesked("in {n} working day", "in {n} working days", left).format(n=left)
        )
        yield found(
            "DM202",
            due.path,
            due.line,
            besked("{product} {state}; its frist is {when}, {frist}{moved}").format(
                product=PRODUKTER[due.produkt].navn,
                state=_state_text(due.state),
                when=when,
                frist=due.frist.isoformat(),
                moved=due.moved(),
            ),
        )


@rule(
    "DM203",
    "formoede-not-planned",
    "The forum holds a formøde, and its frist is near or past without a date",
    "error",
    "deadlines",
)
def formoede_not_planned(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    A forum with a `formoede` rule in dialog.yaml (the pre-meeting with the mayor before
    a strategisk dialogmøde) holds it by its frist (`formoede: {frist: -3}`), moved to
    the working day before when it falls on a weekend or holiday. The meeting records it
    as `formoede: {dato: YYYY-MM-DD}`. When the frist is `varsel_arbejdsdage` working days
    away or fewer and no date is written, this rule reports it: a warning while the frist
    is ahead, an error once it has passed (a configured severity applies to both).
    """
    limit = repo.config.varsel_arbejdsdage
    for folder, meeting in context.meetings_in_scope(repo):
        if folder.doc is None:
            continue
        frist = formoede_frist(repo.config, meeting)
        if frist is None or (meeting.formoede and meeting.formoede.dato):
            continue
        # without a formoede key, the forum line: the forum's rule asks for the formøde
        line = folder.doc.line_of("formoede" if ("formoede",) in folder.doc.lines else "forum")
        if frist < context.today:
            yield found(
                "DM203",
                folder.doc.path,
                line,
                besked(
                    "no formøde date is written, and its frist {frist} has passed;"
                    " add formoede: {{dato: YYYY-MM-DD}} when it was held"
                ).format(frist=frist.isoformat()),
            )
        elif working_days_until(context.today, frist) <= limit:
            yield Finding(
                folder.doc.path,
                line,
                "DM203",
                "warning",
                besked(
                    "the formøde must be held by {frist} and has no date yet;"
                    " add formoede: {{dato: YYYY-MM-DD}}"
                ).format(frist=frist.isoformat()),
            )


@rule(
    "DM204",
    "formoede-late",
    "The formøde is planned after its frist",
    "error",
    "deadlines",
)
def formoede_late(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    The formøde date written in meeting.md (`formoede: {dato: ...}`) is after the frist
    the forum sets for it (moved to the working day before a weekend or holiday), or on
    or after the meeting itself. Move the formøde earlier, or change the forum's rule.
    """
    for folder, meeting in context.meetings_in_scope(repo):
        if folder.doc is None:
            continue
        frist = formoede_frist(repo.config, meeting)
        dato = meeting.formoede.dato if meeting.formoede else None
        if frist is None or dato is None or dato <= frist:
            continue
        yield found(
            "DM204",
            folder.doc.path,
            folder.doc.line_of("formoede", "dato"),
            besked(
                "the formøde is planned for {date}, after its frist {frist};"
                " move it to {frist} or earlier"
            ).format(date=dato.isoformat(), frist=frist.isoformat()),
        )


@rule(
    "DM205",
    "meeting-on-non-working-day",
    "A meeting is planned on a Saturday, a Sunday or a Danish public holiday",
    "warning",
    "deadlines",
)
def meeting_on_non_working_day(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    A meeting's `dato` falls on a Saturday, a Sunday or a Danish public holiday (nytår,
    påske, Kristi himmelfart, pinse, jul). That is nearly always a typo
    in the date, or a date taken from last year's årsplan; the frister would then be
    counted from the wrong day. Fix `dato` (and rename the folder, DM701), or, when the
    meeting really is held that day, turn the warning off for the repository in dialog.yaml
    (`regler: {DM205: off}`). Cancelled and postponed meetings are not checked.
    """
    for folder, meeting in context.meetings_in_scope(repo):
        if folder.doc is None or is_cancelled(meeting) or is_working_day(meeting.dato):
            continue
        yield found(
            "DM205",
            folder.doc.path,
            folder.doc.line_of("dato"),
            besked("the meeting is on {dato} ({reason}); is the date right?").format(
                dato=meeting.dato.isoformat(), reason=non_working_reason(meeting.dato)
            ),
        )


@rule(
    "DM210",
    "held-in-the-future",
    "A meeting says `status: afholdt` but its day is after today",
    "warning",
    "deadlines",
)
def held_in_the_future(repo: Repository, context: Context) -> Iterable[Finding]:
    """
    `status: afholdt` records that the meeting has been held, which cannot be true before
    its day: most often the status was written ahead, or the date is wrong (a meeting
    moved later). The referat of such a meeting is not published before its day: until
    then `dialog site` shows its dagsorden, so nothing is published as decided before the
    meeting. Write `status: planlagt` until the meeting is held, or correct `dato`.
    """
    for folder in repo.meetings:
        meeting = folder.meeting
        if meeting is None or folder.doc is None:
            continue
        if meeting.status == "afholdt" and meeting.dato > context.today:
            yield found(
                "DM210",
                f"{folder.path}/meeting.md",
                folder.doc.line_of("status"),
                besked(
                    "status: afholdt, but the meeting is on {dato}, after today ({today});"
                    " the site shows its dagsorden until that day. Write status: planlagt"
                    " until it is held, or correct the date"
                ).format(dato=meeting.dato.isoformat(), today=context.today.isoformat()),
            )
