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
from dialogmoder.domain.edition import Edition, edition_fora, is_public, published_kind
from dialogmoder.domain.models import Meeting
from dialogmoder.domain.repository import MeetingFolder, Repository
from dialogmoder.errors import DialogError
from dialogmoder.render.document import Assembled, Referat

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
    edition: Edition = "public"
    mappe: tuple[MappeDokument, ...] = ()  # the intern edition's products and materiale

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
        """'AFLYST', 'UDSKUDT', or '' (the word the meeting's page and PDF are headed by)."""
        return danish.aflysning(self.meeting.status)

    @property
    def titel(self) -> str:
        """ "Referat: Direktionen, onsdag den 29. januar 2025"."""
        dato = danish.dato_lang(self.meeting.dato).lower()
        return f"{self.document.header.dokument}: {self.meeting.titel}, {dato}"


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
    for folder in repo.meetings:
        meeting = folder.meeting
        if meeting is None or meeting.forum not in fora:
            continue
        kind = published_kind(meeting, today)
        document = assemble(repo, folder.path, kind, public=is_public(edition))
        assert isinstance(document, Referat)
        forum_navn = repo.config.fora[meeting.forum].navn
        mappe = () if is_public(edition) else mappe_dokumenter(repo, folder)
        result.append(PublishedMeeting(folder, meeting, forum_navn, kind, document, edition, mappe))
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
