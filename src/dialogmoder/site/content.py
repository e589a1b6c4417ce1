"""What `dialog site` publishes: the meetings of the fora with `offentlig: true`, each as
its public edition (the referat once the meeting is held, the dagsorden before), and their
public content as plain data for `data.json`.

Everything here comes from `render.assemble` with `public=True`, the one place that
removes closed content; nothing of a closed punkt can reach the site another way.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import Any

from dialogmoder import danish
from dialogmoder.domain.models import Meeting
from dialogmoder.domain.repository import MeetingFolder, Repository
from dialogmoder.domain.state import is_held
from dialogmoder.errors import DialogError
from dialogmoder.render.document import Kind, Referat

MEETINGS_DIR = "moeder"
# what data.json leaves out: where a thing was written (a punkt's file name is not public
# content), the repository path of a bilag (its published name is `filnavn`), the logo
PRIVATE_FIELDS = {"source", "fil", "logo"}


@dataclass(frozen=True)
class PublishedMeeting:
    """One meeting of the site, with its public edition assembled."""

    folder: MeetingFolder
    meeting: Meeting
    forum_navn: str
    kind: Kind  # "referat" once the meeting is held, else "dagsorden"
    document: Referat

    @property
    def id(self) -> str:
        """The meeting's uid: its page, PDF and feed entries keep it when its folder moves."""
        return self.folder.uid

    @property
    def page(self) -> str:
        """moeder/2025-01-29-direktionen.html, from the site's root."""
        return f"{MEETINGS_DIR}/{self.id}.html"

    @property
    def files(self) -> str:
        """The folder beside the page with its PDF and bilag, relative to the page."""
        return self.id

    @property
    def pdf(self) -> str:
        """The PDF's name in `files`: 2025-01-29-direktionen-referat.pdf."""
        return f"{self.id}-{self.kind}.pdf"

    @property
    def status(self) -> str:
        """'AFLYST', 'OBS: UDSKYDES', or ''."""
        return danish.moede_status(self.meeting.status)

    @property
    def titel(self) -> str:
        """ "Referat: Direktionen, onsdag den 29. januar 2025"."""
        dato = danish.dato_lang(self.meeting.dato).lower()
        return f"{self.document.header.dokument}: {self.meeting.titel}, {dato}"


def published_fora(repo: Repository) -> list[str]:
    """The ids of the fora dialog.yaml publishes, in its order."""
    return [fid for fid, forum in repo.config.fora.items() if forum.offentlig]


def published_meetings(repo: Repository, today: date) -> list[PublishedMeeting]:
    """Every meeting of a published forum, newest first. A meeting.md that cannot be read
    stops the build: it may belong to a published forum."""
    from dialogmoder.render.assemble import assemble

    fora = set(published_fora(repo))
    unreadable = [f for f in repo.meetings if f.meeting is None]
    if unreadable:
        lines = [
            "\n".join(f.as_text() for f in errors) or f"{folder.path}/meeting.md: cannot be read"
            for folder in unreadable
            for errors in [repo.errors_by_path.get(f"{folder.path}/meeting.md", [])]
        ]
        raise DialogError(
            "\n".join(lines) + "\nfix these before building the site (see `dialog check`)",
            exit_code=1,
        )
    result = []
    for folder in repo.meetings:
        meeting = folder.meeting
        if meeting is None or meeting.forum not in fora:
            continue
        kind: Kind = "referat" if is_held(meeting, today) else "dagsorden"
        document = assemble(repo, folder.path, kind, public=True)
        assert isinstance(document, Referat)
        forum_navn = repo.config.fora[meeting.forum].navn
        result.append(PublishedMeeting(folder, meeting, forum_navn, kind, document))
    return sorted(result, key=lambda p: (p.meeting.dato, p.id), reverse=True)


def refuse_personal_data(repo: Repository, published: list[PublishedMeeting]) -> None:
    """The render refusal, for the whole site at once: a CPR number in a public edition, or
    in a meeting.md the index, årsplan and feeds show, stops the build; every place named."""
    from dialogmoder.domain.edition import document_hits, findings, published_findings

    found = set()
    for item in published:
        found.update(published_findings(repo, item.folder, item.document))
        if item.folder.doc is not None:
            found.update(findings(item.folder.doc.path, document_hits(item.folder.doc)))
    if found:
        lines = [f.as_text() for f in sorted(found)]
        raise DialogError(
            "\n".join(lines) + "\nthe site would publish what looks like a CPR number;"
            " nothing was written",
            exit_code=1,
        )


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
        **{k: v for k, v in _plain(item.document).items() if k not in ("header", "kind")},
    }


def _plain(value: Any) -> Any:
    """A document dataclass as JSON values, without PRIVATE_FIELDS."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        plain = {
            f.name: _plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.name not in PRIVATE_FIELDS
        }
        return plain
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value
