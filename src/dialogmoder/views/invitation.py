"""`dialog invitation`: one meeting as an iTIP invitation (RFC 5546) for Outlook and others.

`METHOD:REQUEST` puts the meeting in the attendees' calendars, with the organiser (the
forum's `arrangoer`, else dialog.yaml's `sekretariat`), every member with an `email` as an
attendee, place and times in Europe/Copenhagen. An `aflyst` or `udskudt` meeting is a
`METHOD:CANCEL` of the same event (an udskudt meeting comes back as a meeting of its own on
its new date). The event is `dialog calendar`'s own (`meeting_event`, `event_uid`), so a
subscriber of the feed who gets the invitation sees one meeting, not two.

`SEQUENCE` tells a calendar that an invitation replaces the one before. It counts the
revisions of the meeting's time, place or cancellation in the history: the first-parent
commits that changed them in meeting.md (following the folder's renames), plus one when
the working tree differs from HEAD in them. The same history gives the same number, so
sending the file again is harmless, and a moved meeting always gets a higher one.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from dialogmoder import danish
from dialogmoder.danish import _, besked
from dialogmoder.domain.models import Meeting
from dialogmoder.domain.state import is_cancelled
from dialogmoder.errors import DialogError
from dialogmoder.views.ics import TIMEZONE, add_when, event_uid, meeting_event, revised_stamp

if TYPE_CHECKING:
    from dialogmoder.domain.repository import MeetingFolder, Repository


@dataclass(frozen=True)
class Invitation:
    data: bytes
    method: str  # REQUEST or CANCEL
    sequence: int
    uid: str
    without_email: tuple[str, ...]  # members who get no invitation: no email in dialog.yaml


def _revision(meeting: Meeting) -> tuple[Any, ...]:
    """What an invitation's SEQUENCE counts changes of: when, where, and whether it is off."""
    return (meeting.dato, meeting.start, meeting.slut, meeting.sted, is_cancelled(meeting))


def sequence(repo: Repository, folder: MeetingFolder, meeting: Meeting) -> int:
    """The first-parent commits that changed the meeting's time, place or cancellation
    (following renames), plus one when the working tree differs from HEAD in them."""
    from dialogmoder.domain.loader import LoadError, load_document
    from dialogmoder.io.git import file_versions

    path = f"{folder.path}/meeting.md"
    revisions = []
    for raw in file_versions(repo.root, path):
        try:
            doc = load_document(path, raw.decode("utf-8"), Meeting, keep_text=False)
        except (LoadError, UnicodeDecodeError):
            continue  # a version that could not be read is no revision of the time or place
        revisions.append(_revision(doc.data))
    changes = sum(1 for newer, older in pairwise(revisions) if newer != older)
    if revisions and revisions[0] != _revision(meeting):
        changes += 1
    return changes


def _organiser(repo: Repository, forum_id: str) -> tuple[str, str]:
    """(name, email) of who sends the forum's invitations."""
    config = repo.config
    forum = config.fora.get(forum_id)
    if forum is not None and forum.arrangoer is not None:
        person = config.personer.get(forum.arrangoer)
        if person is None or not person.emails():
            raise DialogError(
                besked(
                    "fora.{forum}.arrangoer: {who} has no email in dialog.yaml;"
                    " an invitation needs the organiser's address"
                ).format(forum=forum_id, who=forum.arrangoer),
                path="dialog.yaml",
            )
        return person.visningsnavn(), person.emails()[0]
    if config.sekretariat is not None:
        return config.sekretariat.navn, config.sekretariat.email
    raise DialogError(
        besked(
            "no organiser for the invitations of {forum}: give the forum an arrangoer"
            " (a person with an email) or dialog.yaml a sekretariat: {{navn, email}}"
        ).format(forum=forum_id),
        path="dialog.yaml",
    )


def moedemappe_link(repo: Repository, folder: MeetingFolder) -> str | None:
    """The meeting's page in the mødemappe (`moedemappe_url` + moeder/ID.html), if it has one."""
    base = repo.config.moedemappe_url
    if not base:
        return None
    return f"{base.rstrip('/')}/moeder/{folder.uid}.html"


def build_invitation(repo: Repository, ref: str) -> Invitation:
    """The invitation (or cancellation) of one meeting."""
    from zoneinfo import ZoneInfo

    from icalendar import Calendar, Event, vCalAddress, vText

    folder = repo.meeting(ref)
    meeting = folder.meeting
    if meeting is None:
        raise DialogError(
            besked("{path}/meeting.md cannot be read; run dialog check").format(path=folder.path),
            exit_code=1,
        )
    config = repo.config
    forum = config.fora.get(meeting.forum)
    organiser = _organiser(repo, meeting.forum)
    cancelled = is_cancelled(meeting)
    method = "CANCEL" if cancelled else "REQUEST"
    item = meeting_event(repo, folder, meeting, forum)
    zone = ZoneInfo(TIMEZONE)

    cal = Calendar()
    cal.add("prodid", "-//dialogmoder//dialog invitation//DA")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    event = Event()
    event.add("uid", event_uid(folder, "moede"))
    number = sequence(repo, folder, meeting)
    event.add("sequence", number)
    event.add("dtstamp", revised_stamp(folder, meeting))
    status = danish.moede_status(meeting.status)
    event.add("summary", f"{item.summary} {status}" if status else item.summary)
    add_when(event, meeting.dato, meeting.start, meeting.slut, zone)
    if meeting.sted:
        event.add("location", meeting.sted)
    description = item.description
    link = moedemappe_link(repo, folder)
    if link is not None:
        event.add("url", link)
        description += "\n" + _("Meeting folder: %(url)s") % {"url": link}
    event.add("description", description)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    event.add("class", "PUBLIC")

    name, email = organiser
    chair = vCalAddress(f"mailto:{email}")
    chair.params["cn"] = vText(name)
    event.add("organizer", chair)
    members = (
        meeting.deltagere if meeting.deltagere is not None else (forum.medlemmer if forum else [])
    )
    away = set(meeting.afbud) | set(meeting.fravaerende)
    without: list[str] = []
    for ref_id in members:
        person = config.personer.get(ref_id)
        if person is None or not person.emails():
            without.append(ref_id)
            continue
        attendee = vCalAddress(f"mailto:{person.emails()[0]}")
        attendee.params["cn"] = vText(person.visningsnavn())
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["cutype"] = vText("INDIVIDUAL")
        attendee.params["partstat"] = vText("DECLINED" if ref_id in away else "NEEDS-ACTION")
        if not cancelled and ref_id not in away:
            attendee.params["rsvp"] = vText("TRUE")
        event.add("attendee", attendee, encode=False)
    cal.add_component(event)
    cal.add_missing_timezones()
    return Invitation(
        data=cal.to_ical(),
        method=method,
        sequence=number,
        uid=event_uid(folder, "moede"),
        without_email=tuple(without),
    )
