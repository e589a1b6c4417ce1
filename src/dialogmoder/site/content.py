"""What `dialog site` publishes: the meetings of the fora with `offentlig: true`, each as
its public edition (the referat once the meeting is held, the dagsorden before).

Which meetings, which document and what of it is public are `domain.edition`'s answers;
every page, PDF and feed is made from the editions assembled here (`render.assemble` with
`public=True`), so nothing of a closed punkt can reach the site another way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dialogmoder import danish
from dialogmoder.danish import besked
from dialogmoder.domain.edition import published_fora, published_kind
from dialogmoder.domain.models import Meeting
from dialogmoder.domain.repository import MeetingFolder, Repository
from dialogmoder.errors import DialogError
from dialogmoder.render.document import Referat

MEETINGS_DIR = "moeder"


@dataclass(frozen=True)
class PublishedMeeting:
    """One meeting of the site, with its public edition assembled."""

    folder: MeetingFolder
    meeting: Meeting
    forum_navn: str
    kind: str  # "referat" once the meeting is held, else "dagsorden"
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


def published_meetings(repo: Repository, today: date) -> list[PublishedMeeting]:
    """Every meeting of a published forum, newest first. A meeting.md that cannot be read
    stops the build: it may belong to a published forum."""
    from dialogmoder.render.assemble import assemble

    fora = set(published_fora(repo))
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
    for folder in repo.meetings:
        meeting = folder.meeting
        if meeting is None or meeting.forum not in fora:
            continue
        kind = published_kind(meeting, today)
        document = assemble(repo, folder.path, kind, public=True)
        assert isinstance(document, Referat)
        forum_navn = repo.config.fora[meeting.forum].navn
        result.append(PublishedMeeting(folder, meeting, forum_navn, kind, document))
    return sorted(result, key=lambda p: (p.meeting.dato, p.id), reverse=True)
