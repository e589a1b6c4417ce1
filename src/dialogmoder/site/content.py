"""What `dialog site` publishes: the meetings of the fora with `offentlig: true`, each as
its public edition (the referat once the meeting is held, the dagsorden before).

Which meetings, which document and what of it is public are `domain.edition`'s answers;
every page, PDF and feed is made from the editions assembled here (`render.assemble` with
`public=True`), so nothing of a closed punkt can reach the site another way.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from dialogmoder import danish
from dialogmoder.danish import besked
from dialogmoder.domain.edition import Edition, edition_fora, is_public, published_kind
from dialogmoder.domain.models import Meeting
from dialogmoder.domain.repository import MeetingFolder, Repository
from dialogmoder.errors import DialogError
from dialogmoder.render.document import Assembled, Referat

if TYPE_CHECKING:
    from dialogmoder.views.plan import PlanRow

MEETINGS_DIR = "moeder"


@dataclass(frozen=True)
class MappeDokument:
    """A product or the materiale in the mødemappe (the intern edition): its PDF beside the
    meeting's page, under its state ("godkendt", "udkast", "forældet godkendelse")."""

    kind: str
    navn: str  # "Program", "Materiale"
    tilstand: str
    udkast: bool  # not (or no longer) approved: shown as a draft
    pdf: str  # its file name in the meeting's folder
    document: Assembled


@dataclass(frozen=True)
class PublishedMeeting:
    """One meeting of the site, with its public edition assembled."""

    folder: MeetingFolder
    meeting: Meeting
    forum_navn: str
    kind: str  # "referat" once the meeting is held, else "dagsorden"
    document: Referat
    opdateret: datetime  # when its record last changed (see `last_changed`), UTC
    kommende: bool = False  # on the build's day or later: the front page's coming meetings
    edition: Edition = "public"
    mappe: tuple[MappeDokument, ...] = ()  # the intern edition's products and materiale

    @property
    def id(self) -> str:
        """The meeting's uid: its page, PDF and feed entries keep it when its folder moves."""
        return self.folder.uid

    @property
    def page(self) -> str:
        """moeder/2025-01-29-direktionen.html, from the site's root."""
        return meeting_page(self.id)

    @property
    def files(self) -> str:
        """The folder beside the page with its PDF and bilag, relative to the page."""
        return self.id

    @property
    def pdf(self) -> str:
        """The PDF's name in `files`: 2025-01-29-direktionen-referat.pdf."""
        return f"{self.id}-{self.kind}.pdf"

    @property
    def forum_page(self) -> str:
        """fora/direktionen/2025.html: its forum's page of its year, from the site's root."""
        return forum_year_page(self.meeting.forum, self.meeting.dato.year)

    @property
    def forum_home(self) -> str:
        """fora/direktionen/index.html: its forum's page, from the site's root."""
        return forum_page(self.meeting.forum)

    @property
    def status(self) -> str:
        """'AFLYST', 'UDSKUDT', or '' (the word the meeting's page and PDF are headed by)."""
        return danish.aflysning(self.meeting.status)

    @property
    def titel(self) -> str:
        """ "Referat: Direktionen, onsdag den 29. januar 2025"."""
        dato = danish.dato_lang(self.meeting.dato).lower()
        return f"{self.document.header.dokument}: {self.meeting.titel}, {dato}"


FORA_DIR = "fora"


def forum_page(forum_id: str) -> str:
    """fora/direktionen/index.html: a forum's page (its years, with counts)."""
    return f"{FORA_DIR}/{forum_id}/index.html"


def meeting_page(uid: str) -> str:
    """moeder/2025-01-29-direktionen.html: a meeting's page, from the site's root; the folder
    beside it (its PDF and bilag) has the page's name without .html."""
    return f"{MEETINGS_DIR}/{uid}.html"


def forum_year_page(forum_id: str, year: int) -> str:
    """fora/direktionen/2025.html: a forum's meetings of one year, newest first."""
    return f"{FORA_DIR}/{forum_id}/{year}.html"


def site_url(repo: Repository) -> str | None:
    """dialog.yaml's `websted.url`, the site's own address, ending in '/'; None without one
    (then every link stays relative and there is no sitemap)."""
    websted = repo.config.websted
    if websted is None or not websted.url:
        return None
    url = websted.url.strip()
    return url if url.endswith("/") else url + "/"


def absolute(base: str | None, rel: str) -> str:
    """`rel` (a path from the site's root) as an address: absolute with `websted.url`, else
    as it is (relative)."""
    return base + rel if base else rel


def last_changed(repo: Repository, folders: list[MeetingFolder]) -> dict[str, datetime]:
    """When each meeting's record last changed, by folder path: the time of the newest git
    commit touching its folder, else (a folder git does not know, or no git) the newest
    modification time of its files. Something real, unlike the meeting's date."""
    from dialogmoder.io.git import last_commit_times
    from dialogmoder.io.layout import MEETINGS_DIR as SOURCES

    committed = last_commit_times(repo.root, SOURCES) if folders else {}
    newest: dict[str, int] = {}
    for path, stamp in committed.items():
        folder = path
        while "/" in folder:  # every folder above the file: one of them is the meeting's
            folder = folder.rsplit("/", 1)[0]
            if newest.get(folder, -1) < stamp:
                newest[folder] = stamp
    result = {}
    for meeting in folders:
        known = newest.get(meeting.path)
        when = known if known is not None else int(_newest_mtime(repo.root / meeting.path))
        result[meeting.path] = datetime.fromtimestamp(when, UTC)
    return result


def _newest_mtime(folder: Any) -> float:
    newest = 0.0
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            try:
                newest = max(newest, os.stat(os.path.join(dirpath, name)).st_mtime)
            except OSError:
                continue
    return newest


def published_meetings(
    repo: Repository, today: date, edition: Edition = "public"
) -> list[PublishedMeeting]:
    """Every meeting of a forum the edition holds (`domain.edition.edition_fora`), newest
    first, as that edition. A meeting.md that cannot be read stops the build: it may belong
    to a published forum."""
    from dialogmoder.render.assemble import assemble

    fora = set(edition_fora(repo, edition))
    unreadable = [f for f in repo.meetings if f.meeting is None]
    if unreadable:
        lines = [
            "\n".join(f.as_text() for f in errors)
            or besked("{path}/meeting.md: cannot be read").format(path=folder.path)
            for folder in unreadable
            for errors in [repo.errors_by_path.get(f"{folder.path}/meeting.md", [])]
        ]
        raise DialogError(
            "\n".join(lines) + besked("\nfix these before building the site (see `dialog check`)"),
            exit_code=1,
        )
    result = []
    chosen = [f for f in repo.meetings if f.meeting is not None and f.meeting.forum in fora]
    changed = last_changed(repo, chosen)
    for folder in chosen:
        meeting = folder.meeting
        assert meeting is not None
        kind = published_kind(meeting, today)
        document = assemble(repo, folder.path, kind, public=is_public(edition))
        assert isinstance(document, Referat)
        forum_navn = repo.config.fora[meeting.forum].navn
        mappe = () if is_public(edition) else mappe_dokumenter(repo, folder)
        result.append(
            PublishedMeeting(
                folder, meeting, forum_navn, kind, document, changed[folder.path],
                kommende=meeting.dato >= today, edition=edition, mappe=mappe,
            )
        )  # fmt: skip
    return sorted(result, key=lambda p: (p.meeting.dato, p.id), reverse=True)


def mappe_dokumenter(repo: Repository, folder: MeetingFolder) -> tuple[MappeDokument, ...]:
    """The mødemappe's documents of a meeting beside its referat or dagsorden: each product
    that is written, with its state, and the materiale when the meeting has one."""
    from dialogmoder.domain.kinds import KINDS, PRODUKTER
    from dialogmoder.domain.state import product_state
    from dialogmoder.render.assemble import assemble

    result = []
    for kind in PRODUKTER:
        if kind not in folder.produkter:
            continue
        state = product_state(repo, folder, kind)
        result.append(
            MappeDokument(
                kind=kind,
                navn=PRODUKTER[kind].navn,
                tilstand=danish.tilstand(state),
                udkast=state != "godkendt",
                pdf=f"{folder.uid}-{kind}.pdf",
                document=assemble(repo, folder.path, kind, public=False),
            )
        )
    parts = [d for d in result if PRODUKTER[d.kind].in_materiale]
    if parts:
        materiale = assemble(repo, folder.path, "materiale", public=False)
        godkendt = getattr(getattr(materiale, "godkendelse", None), "godkendt", False)
        result.append(
            MappeDokument(
                kind="materiale",
                navn=KINDS["materiale"].navn,
                tilstand=danish.tilstand("godkendt" if godkendt else "udkast"),
                udkast=not godkendt,
                pdf=f"{folder.uid}-materiale.pdf",
                document=materiale,
            )
        )
    return tuple(result)


@dataclass(frozen=True)
class Listed:
    """One meeting as the pages, feeds and data that show every meeting show it: its row
    in the front page's and fora's lists, the årsplan, the calendar, the Atom feeds,
    data/YEAR.json and the sitemap. Made from its `PublishedMeeting` when the build
    assembles it, else kept from the previous build (site/rebuild.py): nothing in it but
    what those public files show."""

    id: str
    folder: str  # its folder's name: the årsplan lists a day's meetings in its order
    forum: str
    forum_navn: str
    dato: date
    meeting_titel: str  # meeting.md's `titel`
    meeting_status: str  # meeting.md's `status`
    titel: str  # "Referat: Direktionen, onsdag den 29. januar 2025"
    status: str  # 'AFLYST', 'UDSKUDT', or ''
    kind: str
    opdateret: datetime
    kommende: bool
    summary: str  # its Atom entry's: the headings of its punkter
    plan: PlanRow
    event: tuple[str, str, str]  # its place in the calendar: date, start, uid
    vevent: str  # its calendar event, as iCalendar text

    @property
    def page(self) -> str:
        return meeting_page(self.id)

    @property
    def files(self) -> str:
        return self.id

    @property
    def year(self) -> int:
        return self.dato.year


def listed(repo: Repository, item: PublishedMeeting) -> Listed:
    """The meeting's `Listed` row."""
    from datetime import time

    from dialogmoder.views.ics import event_uid, public_event
    from dialogmoder.views.plan import plan_row

    m = item.meeting
    url = site_url(repo)
    start = (m.start or time.min).isoformat()
    return Listed(
        id=item.id,
        folder=item.folder.id,
        forum=m.forum,
        forum_navn=item.forum_navn,
        dato=m.dato,
        meeting_titel=m.titel,
        meeting_status=m.status,
        titel=item.titel,
        status=item.status,
        kind=item.kind,
        opdateret=item.opdateret,
        kommende=item.kommende,
        summary="; ".join(p.overskrift for p in item.document.punkter) or item.titel,
        plan=plan_row(repo.config, item.folder.uid, m),
        event=(m.dato.isoformat(), start, event_uid(item.folder, "moede")),
        vevent=public_event(repo, item.folder, absolute(url, item.page) if url else None),
    )


def listed_data(row: Listed) -> dict[str, Any]:
    """The row as JSON data (`listed_from`)."""
    plan = row.plan
    return {
        **{name: getattr(row, name) for name in _TEXTS},
        "dato": row.dato.isoformat(),
        "opdateret": row.opdateret.isoformat(),
        "kommende": row.kommende,
        "event": list(row.event),
        "plan": {
            **{name: getattr(plan, name) for name in _PLAN_TEXTS},
            "dato": plan.dato.isoformat(),
            "formoede": plan.formoede.isoformat() if plan.formoede else None,
        },
    }


def listed_from(data: Any) -> Listed:
    """A row from `listed_data`'s JSON; ValueError (or KeyError, TypeError) when it is not one."""
    from dialogmoder.views.plan import PlanRow

    plan = data["plan"]
    formoede = plan["formoede"]
    event = data["event"]
    if not isinstance(data["kommende"], bool) or len(event) != 3:
        raise ValueError("not a listed meeting")
    return Listed(
        **{name: _text(data[name]) for name in _TEXTS},
        dato=date.fromisoformat(data["dato"]),
        opdateret=datetime.fromisoformat(data["opdateret"]),
        kommende=data["kommende"],
        event=(_text(event[0]), _text(event[1]), _text(event[2])),
        plan=PlanRow(
            **{name: _text(plan[name]) for name in _PLAN_TEXTS},
            dato=date.fromisoformat(plan["dato"]),
            formoede=date.fromisoformat(formoede) if formoede is not None else None,
        ),
    )


_TEXTS = ("id", "folder", "forum", "forum_navn", "meeting_titel", "meeting_status", "titel",
          "status", "kind", "summary", "vevent")  # fmt: skip
_PLAN_TEXTS = ("meeting_id", "dato_tekst", "tid", "titel", "note", "vaert", "bistaas_af",
               "status", "formoede_tekst")  # fmt: skip


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("not a listed meeting")
    return value
