"""The site's machine-readable files: the calendar of the published meetings (no formøder,
no frister: those are internal), Atom feeds of the published referater (all fora, and one
per forum), the sitemap (only with `websted.url`), and the open data: data.json (the
years), data/YEAR.json (a year's meetings), data/moeder/ID.json (one meeting's public
edition, as `domain.edition` says public data is), in the shapes of views/webdata.py.

With `websted.url` the addresses that leave the site are absolute (Atom's `rel="self"` and
its entries, the calendar's URL, the sitemap); without it they are relative to the file.
No file names a path in the repository. Each is a function of the repository (no clock):
the same files, and the same history, give the same bytes.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from itertools import groupby
from typing import Any
from xml.etree import ElementTree as ET

from dialogmoder.danish import _
from dialogmoder.domain.edition import Edition, edition_fora, published_fora
from dialogmoder.domain.repository import Repository
from dialogmoder.render.document import Referat, Table
from dialogmoder.site.content import MEETINGS_DIR, Listed, PublishedMeeting, absolute, site_url
from dialogmoder.views import webdata
from dialogmoder.views.ics import public_calendar

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
CALENDAR_FILE = "moeder.ics"
ATOM_FILE = "referater.atom"
DATA_FILE = "data.json"
DATA_DIR = "data"
SCHEMA_DIR = f"{DATA_DIR}/skema"
SITEMAP_FILE = "sitemap.xml"


def forum_feed_file(forum_id: str) -> str:
    """referater-direktionen.atom: one forum's referater."""
    return f"referater-{forum_id}.atom"


def meeting_data_file(item: PublishedMeeting | Listed) -> str:
    return f"{DATA_DIR}/{MEETINGS_DIR}/{item.id}.json"


def year_data_file(year: int) -> str:
    return f"{DATA_DIR}/{year}.json"


def calendar_feed(repo: Repository, published: list[Listed]) -> bytes:
    """The published meetings as iCalendar events (cancelled ones marked so), each with its
    page's address (URL, and in the description) when the site has one; never its folder.
    Each event's text is its meeting's row's (`content.listed`), in the calendar's order."""
    events = sorted(published, key=lambda item: item.event)
    return public_calendar(repo, [item.vevent for item in events])


def _feed_id(organisation: str, name: str) -> str:
    """A stable urn:uuid for the feed or one of its entries: the same whether or not the
    site has an address, so setting `websted.url` shows no reader an entry twice."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"dialogmoder:{organisation}:{name}").urn


def atom_feed(repo: Repository, published: list[Listed], forum_id: str | None = None) -> bytes:
    """The published referater (of one forum, or all), newest first. `updated` is when each
    meeting's record last changed (its last commit, else its files' modification time).
    With `websted.url` every link is absolute; without it, relative to the feed's address
    (the site's root), which RFC 4287 resolves against."""
    url = site_url(repo)
    organisation = repo.config.organisation
    name = ATOM_FILE if forum_id is None else forum_feed_file(forum_id)
    referater = [
        item
        for item in published
        if item.kind == "referat" and (forum_id is None or item.forum == forum_id)
    ]
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "da"})
    ET.SubElement(feed, f"{{{ATOM}}}id").text = _feed_id(organisation, name)
    if forum_id is None:
        title = _("%(organisation)s: minutes") % {"organisation": organisation}
    else:
        forum = repo.config.fora[forum_id].navn
        title = _("%(organisation)s: minutes") % {"organisation": f"{organisation}, {forum}"}
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    newest = max((item.opdateret for item in referater), default=datetime(2000, 1, 1, tzinfo=UTC))
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _stamp(newest)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = organisation
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": absolute(url, name)})
    home = "index.html" if forum_id is None else f"fora/{forum_id}/index.html"
    alternate = {"rel": "alternate", "type": "text/html", "href": absolute(url, home)}
    ET.SubElement(feed, f"{{{ATOM}}}link", alternate)
    for item in referater:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = _feed_id(organisation, item.id)
        ET.SubElement(entry, f"{{{ATOM}}}title").text = item.titel
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _stamp(item.opdateret)
        link = {"rel": "alternate", "type": "text/html", "href": absolute(url, item.page)}
        ET.SubElement(entry, f"{{{ATOM}}}link", link)
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = item.summary
    body: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return body + b"\n"


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def feeds(
    repo: Repository, published: list[Listed], edition: Edition = "public"
) -> list[tuple[str, bytes]]:
    """Every Atom feed: all referater, then one per forum of the edition (the published
    fora; the mødemappe's every forum, as its forum pages link them)."""
    result = [(ATOM_FILE, atom_feed(repo, published))]
    for fid in edition_fora(repo, edition):
        result.append((forum_feed_file(fid), atom_feed(repo, published, fid)))
    return result


def sitemap(repo: Repository, pages: list[tuple[str, datetime | None]]) -> bytes | None:
    """sitemap.xml of every page's absolute address and, where known, when what it shows
    last changed; None without `websted.url` (a sitemap needs absolute addresses)."""
    url = site_url(repo)
    if url is None:
        return None
    ET.register_namespace("", SITEMAP)
    root = ET.Element(f"{{{SITEMAP}}}urlset")
    for page, changed in pages:
        entry = ET.SubElement(root, f"{{{SITEMAP}}}url")
        ET.SubElement(entry, f"{{{SITEMAP}}}loc").text = absolute(url, page)
        if changed is not None:
            ET.SubElement(entry, f"{{{SITEMAP}}}lastmod").text = _stamp(changed)
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return body + b"\n"


def _json(model: Any) -> bytes:
    """The model as JSON, one space per level: pydantic's own encoder writes the same bytes
    as `json.dumps(model.model_dump(mode="json"), ensure_ascii=False, indent=1)`, several
    times as fast as Python's indenting one (a test compares the two)."""
    text: str = model.model_dump_json(indent=1)
    return (text + "\n").encode("utf-8")


def open_data(repo: Repository, published: list[Listed]) -> list[tuple[str, bytes]]:
    """data.json, data/YEAR.json per year, data/moeder/ID.json per meeting, and the JSON
    Schemas that document them (data/skema/). No file holds more than one year."""
    from dialogmoder.views.schema import model_schema, schema_text

    organisation = repo.config.organisation
    files: list[tuple[str, bytes]] = []
    by_year = groupby(published, key=lambda item: item.year)  # newest first
    years = []
    for year, items in by_year:
        meetings = list(items)
        years.append(webdata.AarIndgang(aar=year, antal=len(meetings), fil=year_data_file(year)))
        listing = webdata.DataAar(
            organisation=organisation,
            aar=year,
            moeder=[_entry(item) for item in meetings],
        )
        files.append((year_data_file(year), _json(listing)))
    counts = {fid: 0 for fid in published_fora(repo)}
    for item in published:
        counts[item.forum] = counts.get(item.forum, 0) + 1
    fora = [
        webdata.ForumIndgang(id=fid, navn=repo.config.fora[fid].navn, antal=n)
        for fid, n in counts.items()
    ]
    index = webdata.DataIndeks(organisation=organisation, fora=fora, aar=years)
    files.insert(0, (DATA_FILE, _json(index)))
    for stem in webdata.DATA_MODELS:
        files.append((f"{SCHEMA_DIR}/{stem}.schema.json", schema_text(model_schema(stem)).encode()))
    return files


def _entry(item: Listed) -> webdata.MoedeIndgang:
    return webdata.MoedeIndgang(
        id=item.id,
        forum=item.forum,
        forum_navn=item.forum_navn,
        titel=item.meeting_titel,
        dato=item.dato.isoformat(),
        status=item.meeting_status,
        dokument=item.kind,
        side=item.page,
        fil=meeting_data_file(item),
    )


def meeting_data(repo: Repository, item: PublishedMeeting, sizes: dict[str, int]) -> bytes:
    """One meeting's public edition as data/moeder/ID.json; `sizes` are its bilag files'
    sizes by their names on the site."""
    m = item.meeting
    doc: Referat = item.document
    data = webdata.DataMoede(
        id=item.id,
        organisation=repo.config.organisation,
        forum=m.forum,
        forum_navn=item.forum_navn,
        titel=m.titel,
        dato=m.dato.isoformat(),
        start=m.start.strftime("%H:%M") if m.start else None,
        slut=m.slut.strftime("%H:%M") if m.slut else None,
        sted=m.sted,
        status=m.status,
        dokument=item.kind,
        side=item.page,
        pdf=f"{MEETINGS_DIR}/{item.files}/{item.pdf}",
        opdateret=_stamp(item.opdateret),
        medlemmer=list(doc.medlemmer),
        fravaerende=list(doc.fravaerende),
        intro=doc.intro,
        punkter=[_punkt(item, punkt, sizes) for punkt in doc.punkter],
        underskrivere=list(doc.underskrivere),
    )
    return _json(data)


def _punkt(item: PublishedMeeting, punkt: Any, sizes: dict[str, int]) -> webdata.Punkt:
    folder = f"{MEETINGS_DIR}/{item.files}/bilag"
    bilag = []
    for b in punkt.bilag:
        shown = b.filnavn if (b.fil is not None and b.filnavn is not None) else None
        bilag.append(
            webdata.Bilag(
                nr=b.nr,
                lukket=b.lukket,
                titel=b.titel,
                dokumentnr=b.dokumentnr,
                fil=f"{folder}/{shown}" if shown else None,
                type=shown.rsplit(".", 1)[-1].upper() if shown and "." in shown else None,
                stoerrelse=sizes.get(shown) if shown else None,
            )
        )
    beslutning = punkt.beslutning
    return webdata.Punkt(
        nr=punkt.nr,
        titel=punkt.titel,
        lukket=punkt.lukket,
        kun_titel=punkt.redacted,
        kle=punkt.kle,
        sagsnr=punkt.sagsnr,
        sagsgang=punkt.sagsgang,
        sagsansvarlig=punkt.sagsansvarlig,
        afsnit=[
            webdata.Afsnit(overskrift=s.titel, dele=[_part(p) for p in s.parts])
            for s in punkt.sections
        ],
        underpunkter=[
            webdata.Underpunkt(
                titel=u.titel,
                tid=u.tid,
                tekst=u.markdown,
                deltagere=list(u.deltagere),
                beslutning=u.beslutning,
                deltog=u.deltog,
            )
            for u in punkt.underpunkter
        ],
        bilag=bilag,
        beslutning=(
            webdata.Beslutning(overskrift=beslutning.overskrift, tekst=beslutning.markdown)
            if beslutning is not None
            else None
        ),
    )


def _part(part: str | Table) -> str | webdata.Tabel:
    if isinstance(part, Table):
        return webdata.Tabel(
            kolonner=list(part.columns),
            raekker=[["\n".join(cell) for cell in row] for row in part.rows],
        )
    return part
