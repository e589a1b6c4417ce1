"""`dialog status`: the Monday dashboard of coming meetings, products and frister."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date
from typing import IO

from dialogmoder import danish
from dialogmoder.danish import N_, _, ngettext
from dialogmoder.domain.kinds import PRODUKTER
from dialogmoder.domain.repository import MeetingFolder, Repository
from dialogmoder.domain.state import (
    ProductState,
    formoede_frist,
    is_archive,
    is_cancelled,
    product_state,
    required_products,
)
from dialogmoder.errors import require_choice
from dialogmoder.io.printable import printable_markup

FORMATS = ("text", "json")


@dataclass(frozen=True)
class ProduktStatus:
    type: str
    navn: str
    path: str
    state: ProductState
    frist: date | None
    dage_til_frist: int | None  # calendar days from today; negative when past
    late: bool
    godkendt_af: str | None
    godkendt_dato: date | None


@dataclass(frozen=True)
class FormoedeStatus:
    frist: date
    dato: date | None
    dage_til_frist: int
    late: bool  # the frist has passed and no formøde date is written, or it is after the frist


@dataclass(frozen=True)
class MeetingStatus:
    id: str
    path: str
    forum: str
    titel: str
    dato: date
    status: str
    punkter: int
    produkter: list[ProduktStatus]
    formoede: FormoedeStatus | None

    @property
    def late(self) -> bool:
        return any(p.late for p in self.produkter) or bool(self.formoede and self.formoede.late)


@dataclass(frozen=True)
class Dashboard:
    today: date
    meetings: list[MeetingStatus]


def build_status(repo: Repository, today: date) -> Dashboard:
    """Coming meetings, and past ones with products still due, in date order."""
    meetings = []
    for folder in repo.meetings:
        meeting = folder.meeting
        if meeting is None or is_archive(repo.config, meeting):
            continue
        entry = _meeting_status(repo, folder, today)
        unfinished = any(p.state != "godkendt" for p in entry.produkter)
        if meeting.dato >= today or (unfinished and not is_cancelled(meeting)):
            meetings.append(entry)
    return Dashboard(today, meetings)


def _meeting_status(repo: Repository, folder: MeetingFolder, today: date) -> MeetingStatus:
    meeting = folder.meeting
    assert meeting is not None
    produkter = []
    for krav in required_products(repo.config, meeting):
        doc = folder.produkter.get(krav.type)
        path = f"{folder.path}/{krav.type}.md"
        state = product_state(repo, folder, krav.type)
        days = (krav.frist - today).days if krav.frist else None
        produkter.append(
            ProduktStatus(
                type=krav.type,
                navn=PRODUKTER[krav.type].navn,
                path=path,
                state=state,
                frist=krav.frist,
                dage_til_frist=days,
                late=state != "godkendt" and days is not None and days < 0,
                godkendt_af=doc.data.godkendt_af if doc else None,
                godkendt_dato=doc.data.godkendt_dato if doc else None,
            )
        )
    produkter.sort(key=lambda p: (not p.late, p.frist or date.max, p.type))
    frist = formoede_frist(repo.config, meeting)
    formoede = None
    if frist is not None:
        dato = meeting.formoede.dato if meeting.formoede else None
        late = (dato is None and frist < today) or (dato is not None and dato > frist)
        formoede = FormoedeStatus(frist, dato, (frist - today).days, late)
    return MeetingStatus(
        id=folder.id,
        path=folder.path,
        forum=meeting.forum,
        titel=meeting.titel,
        dato=meeting.dato,
        status=meeting.status,
        punkter=len(folder.punkter),
        produkter=produkter,
        formoede=formoede,
    )


def print_status(board: Dashboard, fmt: str, stream: IO[str]) -> None:
    """The dashboard as text or as JSON."""
    require_choice(N_("format"), fmt, FORMATS)
    (print_status_json if fmt == "json" else print_status_text)(board, stream)


def print_status_text(board: Dashboard, stream: IO[str]) -> None:
    """The dashboard as text; late products in red when the stream is a terminal."""
    from rich.console import Console

    console = Console(file=stream, highlight=False, soft_wrap=True, emoji=False)
    day = board.today
    heading = _("Status %(date)s (%(weekday)s)") % {
        "date": day.isoformat(),
        "weekday": danish.UGEDAGE[day.weekday()],
    }
    console.print(f"[bold]{heading}[/bold]")
    if not board.meetings:
        console.print(_("No coming meetings."))
        return
    for m in board.meetings:
        console.print()
        late = " [red]" + _("TOO LATE") + "[/red]" if m.late else ""
        console.print(
            f"[bold]{m.dato.isoformat()} {danish.UGEDAGE[m.dato.weekday()]}[/bold]"
            f"  {printable_markup(m.titel)} ({printable_markup(m.forum)}, {m.status}){late}"
        )
        console.print(f"  {printable_markup(m.path)}")
        if not m.produkter:
            what = _("no products required")
            punkter = ngettext("%(num)d item", "%(num)d items", m.punkter) % {"num": m.punkter}
            console.print(f"  {what}; {punkter}")
        for p in m.produkter:
            style = "red" if p.late else ("green" if p.state == "godkendt" else "yellow")
            frist = _deadline(p.frist)
            if p.state == "godkendt":
                after = _("by %(who)s %(date)s") % {
                    "who": printable_markup(str(p.godkendt_af)),
                    "date": p.godkendt_dato,
                }
            else:
                after = "" if p.dage_til_frist is None else danish.dage_til(p.dage_til_frist)
            console.print(
                f"  [{style}]{p.navn:<38} {danish.tilstand(p.state):<21}[/{style}]"
                f" {frist}  {after}".rstrip()
            )
        if m.formoede is not None:
            f = m.formoede
            style = "red" if f.late else ("green" if f.dato else "yellow")
            planned = _("held %(date)s") % {"date": f.dato} if f.dato else _("no date")
            when = "" if f.dato else danish.dage_til(f.dage_til_frist)
            formoede = _("Pre-meeting")
            console.print(
                f"  [{style}]{formoede:<38} {planned:<21}[/{style}]"
                f" {_deadline(f.frist)}  {when}".rstrip()
            )


def _deadline(frist: date | None) -> str:
    """'frist 2025-04-02', or 'ingen frist'."""
    if frist is None:
        return _("no deadline")
    return _("deadline %(date)s") % {"date": frist.isoformat()}


def print_status_json(board: Dashboard, stream: IO[str]) -> None:
    """{today, meetings: [{id, path, forum, titel, dato, status, punkter, produkter, formoede}]}."""
    data = asdict(board)
    for entry, meeting in zip(data["meetings"], board.meetings, strict=True):
        entry["late"] = meeting.late
    json.dump(data, stream, ensure_ascii=False, indent=2, default=_iso)
    stream.write("\n")


def _iso(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value).__name__)
