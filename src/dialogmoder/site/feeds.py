"""The site's machine-readable files: the calendar of the published meetings (no formøder,
no frister: those are internal), an Atom feed of the published referater, and data.json
(each meeting, then its public edition as `domain.edition` says public data is).

Each is a function of the repository (no clock): the same files give the same bytes.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any
from xml.etree import ElementTree as ET

from dialogmoder.danish import _
from dialogmoder.domain.edition import public_data
from dialogmoder.domain.repository import Repository
from dialogmoder.site.content import MEETINGS_DIR, PublishedMeeting
from dialogmoder.views.ics import build_calendar, event_uid, revised_stamp

ATOM = "http://www.w3.org/2005/Atom"
CALENDAR_FILE = "moeder.ics"
ATOM_FILE = "referater.atom"
DATA_FILE = "data.json"


def calendar_feed(repo: Repository, published: list[PublishedMeeting]) -> bytes:
    """The published meetings as iCalendar events (cancelled ones marked so)."""
    uids = {event_uid(item.folder, "moede") for item in published}
    data: bytes = build_calendar(repo, select=lambda event: event.uid in uids).to_ical()
    return data


def _feed_id(organisation: str, name: str) -> str:
    """A stable urn:uuid for the feed or one of its entries (the site's address is unknown)."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"dialogmoder:{organisation}:{name}").urn


def atom_feed(repo: Repository, published: list[PublishedMeeting]) -> bytes:
    """The published referater, newest first. Links are relative to the feed's address,
    which RFC 4287 resolves against (the site does not know where it will be hosted)."""
    organisation = repo.config.organisation
    referater = [item for item in published if item.kind == "referat"]
    stamps = {item.id: revised_stamp(item.folder, item.meeting) for item in referater}
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "da"})
    ET.SubElement(feed, f"{{{ATOM}}}id").text = _feed_id(organisation, ATOM_FILE)
    title = _("%(organisation)s: minutes") % {"organisation": organisation}
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    newest = max(stamps.values(), default=datetime(2000, 1, 1, tzinfo=UTC))
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = newest.isoformat()
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = organisation
    ET.SubElement(feed, f"{{{ATOM}}}link", {"href": "index.html"})
    for item in referater:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = _feed_id(organisation, item.id)
        ET.SubElement(entry, f"{{{ATOM}}}title").text = item.titel
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = stamps[item.id].isoformat()
        ET.SubElement(entry, f"{{{ATOM}}}link", {"href": item.page})
        punkter = "; ".join(p.overskrift for p in item.document.punkter)
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = punkter or item.titel
    body: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return body + b"\n"


def data_json(repo: Repository, published: list[PublishedMeeting]) -> bytes:
    """The public content of every published meeting, for others to reuse."""
    data = {
        "organisation": repo.config.organisation,
        "moeder": [meeting_data(item) for item in published],
    }
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def meeting_data(item: PublishedMeeting) -> dict[str, Any]:
    """One meeting's public content for data.json: the meeting, then its public edition."""
    m = item.meeting
    return {
        "id": item.id,
        "forum": m.forum,
        "forum_navn": item.forum_navn,
        "titel": m.titel,
        "dato": m.dato.isoformat(),
        "start": m.start.strftime("%H:%M") if m.start else None,
        "slut": m.slut.strftime("%H:%M") if m.slut else None,
        "sted": m.sted,
        "status": m.status,
        "dokument": item.kind,
        "side": item.page,
        "pdf": f"{MEETINGS_DIR}/{item.files}/{item.pdf}",
        **{k: v for k, v in public_data(item.document).items() if k not in ("header", "kind")},
    }
