"""`dialog calendar`: meetings, formøder and product frister as one iCalendar file.

UIDs come from the meeting's identity (`MeetingFolder.uid`: its `id:`, else its folder's
name) and the kind of event, so importing the file again (into Outlook, Google Calendar)
updates the events instead of duplicating them, also after the meeting's folder is renamed.

The file is a function of the repository: the same files give the same bytes, so a
published feed changes only when a meeting does. DTSTAMP, which RFC 5545 requires, is
therefore not the clock but the newest date a meeting's files record (see
`revised_stamp`), shared by the meeting's events.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from dialogmoder import danish
from dialogmoder.danish import _, besked
from dialogmoder.domain.dates import frist_date
from dialogmoder.domain.kinds import PRODUKTER
from dialogmoder.domain.models import Forum, Meeting
from dialogmoder.domain.repository import MeetingFolder, Repository
from dialogmoder.domain.state import formoede_of, is_archive, is_cancelled, is_wanted, product_state
from dialogmoder.errors import DialogError

if TYPE_CHECKING:
    from icalendar import Calendar, Event

TIMEZONE = "Europe/Copenhagen"
UID_DOMAIN = "dialogmoder"
_UNSET = datetime.min.replace(tzinfo=UTC)  # replaced by the meeting's `revised_stamp`


@dataclass(frozen=True)
class CalendarEvent:
    """One event before it becomes iCalendar: timed when `start` is set, else all-day."""

    uid: str
    summary: str
    dato: date
    start: time | None
    slut: time | None
    location: str | None
    description: str
    cancelled: bool
    stamp: datetime
    folder: str | None = None  # a meeting's own event: its folder (`dialog calendar` says it)


def calendar_events(repo: Repository, forum_id: str | None = None) -> list[CalendarEvent]:
    """Every meeting, formøde and frist of the repository (or of one forum), by date."""
    config = repo.config
    if forum_id is not None and forum_id not in config.fora:
        known = ", ".join(sorted(config.fora)) or besked("none defined")
        raise DialogError(
            besked("no forum '{forum_id}' in dialog.yaml; known fora: {known}").format(
                forum_id=forum_id, known=known
            )
        )
    events: list[CalendarEvent] = []
    for folder in repo.meetings:
        meeting = folder.meeting
        if meeting is None or (forum_id is not None and meeting.forum != forum_id):
            continue
        forum = config.fora.get(meeting.forum)
        own = [meeting_event(repo, folder, meeting, forum)]
        formoede = _formoede_event(repo, folder, meeting, forum)
        if formoede is not None:
            own.append(formoede)
        if not is_archive(config, meeting):  # no frister before the repository was adopted
            own.extend(_frist_events(repo, folder, meeting, forum))
        stamp = revised_stamp(folder, meeting)
        events.extend(replace(event, stamp=stamp) for event in own)
    return sorted(events, key=lambda e: (e.dato, e.start or time.min, e.uid))


def event_uid(folder: MeetingFolder, event: str) -> str:
    """The UID of one of a meeting's events: `moede` (its own), `formoede`, `frist-program`.
    From the meeting's uid, so that a renamed folder keeps its events in every calendar."""
    return f"{folder.uid}.{event}@{UID_DOMAIN}"


def revised_stamp(folder: MeetingFolder, meeting: Meeting) -> datetime:
    """The DTSTAMP of a meeting's events: midnight UTC of the newest date its files record
    (the meeting's and its formøde's date, each approval's `godkendt_dato`, each initiativ's
    `frist` and `afsluttet_dato`).

    Not the clock, so that the same files give the same bytes; not a hash, so that a newer
    revision (an approval, a meeting moved later) gets a later stamp, never an earlier one.
    """
    dates = [meeting.dato]
    if meeting.formoede is not None and meeting.formoede.dato is not None:
        dates.append(meeting.formoede.dato)
    for doc in folder.produkter.values():
        if doc.data.godkendt_dato is not None:
            dates.append(doc.data.godkendt_dato)
        for initiativ in getattr(doc.data, "initiativer", ()):
            dates.extend(d for d in (initiativ.frist, initiativ.afsluttet_dato) if d is not None)
    return datetime.combine(max(dates), time.min, UTC)


def _names(repo: Repository, refs: list[str]) -> str:
    return danish.opremsning(repo.config.names(refs))


def meeting_event(
    repo: Repository, folder: MeetingFolder, meeting: Meeting, forum: Forum | None
) -> CalendarEvent:
    """The meeting's own event (`dialog invitation` sends the same one)."""
    lines = []
    if meeting.note:
        lines.append(meeting.note)
    temaer = [repo.config.temaer[t].navn if t in repo.config.temaer else t for t in meeting.temaer]
    if temaer:
        lines.append(_("Theme: %(themes)s") % {"themes": ", ".join(temaer)})
    if meeting.vaert:
        lines.append(_("Host: %(names)s") % {"names": _names(repo, meeting.vaert)})
    if meeting.bistaas_af:
        lines.append(_("Assisted by: %(names)s") % {"names": _names(repo, meeting.bistaas_af)})
    if is_cancelled(meeting):
        lines.append(danish.moede_status(meeting.status))
    forum_navn = forum.navn if forum else meeting.forum
    summary = meeting.titel if meeting.titel == forum_navn else f"{forum_navn}: {meeting.titel}"
    if is_cancelled(meeting):  # "AFLYST: Direktionen": the title is what a calendar shows
        summary = f"{danish.aflysning(meeting.status)}: {summary}"
    return CalendarEvent(
        uid=event_uid(folder, "moede"),
        summary=summary,
        dato=meeting.dato,
        start=meeting.start,
        slut=meeting.slut,
        location=meeting.sted,
        description="\n".join(lines),
        cancelled=is_cancelled(meeting),
        stamp=_UNSET,
        folder=folder.path,
    )


def _formoede_event(
    repo: Repository, folder: MeetingFolder, meeting: Meeting, forum: Forum | None
) -> CalendarEvent | None:
    try:
        dato, start, slut = formoede_of(forum, meeting)
    except LookupError:
        return None
    rule = forum.formoede if forum else None
    sted = (meeting.formoede.sted if meeting.formoede else None) or (rule.sted if rule else None)
    values = {"title": meeting.titel, "date": danish.dato_kort(meeting.dato)}
    lines = [_("Pre-meeting before %(title)s on %(date)s") % values]
    if rule and rule.med:
        lines.append(_("With: %(names)s") % {"names": _names(repo, rule.med)})
    summary = _("Pre-meeting: %(title)s") % values
    if is_cancelled(meeting):
        summary = f"{danish.aflysning(meeting.status)}: {summary}"
    return CalendarEvent(
        uid=event_uid(folder, "formoede"),
        summary=summary,
        dato=dato,
        start=start,
        slut=slut,
        location=sted,
        description="\n".join(lines),
        cancelled=is_cancelled(meeting),
        stamp=_UNSET,
    )


def _frist_events(
    repo: Repository, folder: MeetingFolder, meeting: Meeting, forum: Forum | None
) -> list[CalendarEvent]:
    events = []
    for produkt, regel in (forum.produkter if forum else {}).items():
        wanted = is_wanted(regel, meeting, present=produkt in folder.produkter)
        if regel.frist is None or not wanted:
            continue
        values = {
            "document": PRODUKTER[produkt].navn,
            "title": meeting.titel,
            "date": danish.dato_kort(meeting.dato),
            "state": danish.tilstand(product_state(repo, folder, produkt)),
            "file": f"{folder.path}/{produkt}.md",
        }
        events.append(
            CalendarEvent(
                uid=event_uid(folder, f"frist-{produkt}"),
                summary=_("Deadline: %(document)s – %(title)s") % values,
                dato=frist_date(meeting.dato, regel.frist),
                start=None,
                slut=None,
                location=None,
                description=(
                    _("%(document)s for the meeting on %(date)s (%(state)s)") % values
                    + "\n"
                    + _("File: %(file)s") % values
                ),
                cancelled=is_cancelled(meeting),
                stamp=_UNSET,
            )
        )
    return events


def build_calendar(
    repo: Repository,
    forum_id: str | None = None,
    stamp: datetime | None = None,
    select: Callable[[CalendarEvent], bool] | None = None,
    links: dict[str, str] | None = None,
    public: bool = False,
) -> Calendar:
    """The iCalendar object; `stamp` (UTC), when given, is the DTSTAMP of every event instead
    of each meeting's `revised_stamp`; `select`, when given, keeps only the events it accepts.
    `links` (a meeting folder's path -> its page's address) gives a meeting's event its URL,
    also named in its description; `public` (the site's calendar) leaves out the folder,
    which `dialog calendar` names for the secretariat."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(TIMEZONE)
    cal = _calendar(repo)
    for item in calendar_events(repo, forum_id):
        if select is not None and not select(item):
            continue
        cal.add_component(_component(item, zone, stamp, links, public))
    if any(component.name == "VEVENT" for component in cal.subcomponents):
        cal.add_component(copenhagen())
    return cal


def _calendar(repo: Repository) -> Calendar:
    """The calendar's own lines, before its events."""
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", "-//dialogmoder//dialog calendar//DA")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    organisation = {"organisation": repo.config.organisation}
    cal.add("x-wr-calname", _("%(organisation)s: meetings") % organisation)
    cal.add("x-wr-timezone", TIMEZONE)
    return cal


def add_when(event: Event, dato: date, start: time | None, slut: time | None, zone: tzinfo) -> None:
    """When a meeting on `dato` is, in an event: the whole day without a start; from its
    start to its slut, or with no end where slut is missing or not after start."""
    if start is None:
        event.add("dtstart", dato)
        event.add("dtend", dato + timedelta(days=1))
        return
    event.add("dtstart", datetime.combine(dato, start, zone))
    if slut is not None and slut > start:
        event.add("dtend", datetime.combine(dato, slut, zone))


def _component(
    item: CalendarEvent,
    zone: tzinfo,
    stamp: datetime | None,
    links: dict[str, str] | None,
    public: bool,
) -> Event:
    """One event as iCalendar (`build_calendar`)."""
    from icalendar import Event

    event = Event()
    event.add("uid", item.uid)
    event.add("dtstamp", stamp or item.stamp)
    event.add("summary", item.summary)
    add_when(event, item.dato, item.start, item.slut, zone)
    if item.start is None:
        event.add("transp", "TRANSPARENT")
    if item.location:
        event.add("location", item.location)
    lines = [item.description] if item.description else []
    url = links.get(item.folder) if links and item.folder else None
    if url:
        event.add("url", url)
        lines.append(_("Read more: %(url)s") % {"url": url})
    elif item.folder and not public:
        lines.append(_("Folder: %(path)s") % {"path": item.folder})
    if lines or not public:
        event.add("description", "\n".join(lines))
    event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
    return event


def public_event(repo: Repository, folder: MeetingFolder, link: str | None) -> str:
    """A meeting's own event as the site's calendar writes it (`build_calendar` with
    `public`, its page's address as `link`): iCalendar text, one event of `public_calendar`."""
    from zoneinfo import ZoneInfo

    meeting = folder.meeting
    assert meeting is not None
    forum = repo.config.fora.get(meeting.forum)
    item = meeting_event(repo, folder, meeting, forum)
    item = replace(item, stamp=revised_stamp(folder, meeting))
    links = {folder.path: link} if link else None
    data: bytes = _component(item, ZoneInfo(TIMEZONE), None, links, True).to_ical()
    return data.decode("utf-8")


END = b"END:VCALENDAR\r\n"


def public_calendar(repo: Repository, events: list[str]) -> bytes:
    """The site's calendar of these events (`public_event`'s text, in the calendar's order:
    by date, start and uid): the bytes `build_calendar` gives for the same events."""
    head: bytes = _calendar(repo).to_ical()
    if not events:
        return head
    assert head.endswith(END)
    zone: bytes = copenhagen().to_ical()
    return head[: -len(END)] + "".join(events).encode("utf-8") + zone + END


def copenhagen() -> Any:
    """Europe/Copenhagen as a VTIMEZONE with the EU's yearly rule (since 1996: summer time
    from the last Sunday of March to the last Sunday of October), as Outlook and Google
    write it: valid for every year to come, and without the English COMMENT the generated
    one carries ("This timezone only works from 1970-01-01 to 2038-01-01.")."""
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

    zone = Timezone()
    zone.add("tzid", TIMEZONE)
    for part, name, start, before, after, month in (
        (TimezoneDaylight(), "CEST", datetime(1996, 3, 31, 2), "+0100", "+0200", 3),
        (TimezoneStandard(), "CET", datetime(1996, 10, 27, 3), "+0200", "+0100", 10),
    ):
        part.add("tzname", name)
        part.add("dtstart", start)
        part.add("tzoffsetfrom", timedelta(hours=int(before[:3])))
        part.add("tzoffsetto", timedelta(hours=int(after[:3])))
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        zone.add_component(part)
    return zone


def render_calendar(
    repo: Repository, forum_id: str | None = None, stamp: datetime | None = None
) -> bytes:
    """The .ics file's bytes (CRLF line endings, folded lines, as RFC 5545 wants)."""
    data: bytes = build_calendar(repo, forum_id, stamp).to_ical()
    return data
