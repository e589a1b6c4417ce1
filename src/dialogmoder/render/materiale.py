"""`dialog render materiale`: what is sent out before a meeting, as one document.

The process note's "approved material, one week before the meeting": the program, the
baggrundsnotat and, when the meeting has one, the materiale til facilitering. Each part
shows its own approval state; a required part that is not written is named, never left out.
"""

from __future__ import annotations

from dialogmoder.models import Meeting
from dialogmoder.render.document import (
    Godkendelse,
    Kind,
    MaterialeDel,
    MaterialeDoc,
    NotatDoc,
    ProgramDoc,
)
from dialogmoder.render.header import DOKUMENT, header
from dialogmoder.render.products import assemble_product
from dialogmoder.render.sources import with_header_source
from dialogmoder.repository import MeetingFolder, Repository
from dialogmoder.state import is_wanted

DELE: tuple[Kind, ...] = ("program", "baggrundsnotat", "facilitering")
ALWAYS: tuple[Kind, ...] = ("program", "baggrundsnotat")


def parts_of(repo: Repository, folder: MeetingFolder, meeting: Meeting) -> tuple[Kind, ...]:
    """Program and baggrundsnotat always; the facilitering when written or wanted."""
    forum = repo.config.fora.get(meeting.forum)
    regler = forum.produkter if forum else {}
    return tuple(
        kind
        for kind in DELE
        if kind in ALWAYS
        or kind in folder.produkter
        or (kind in regler and is_wanted(regler[kind], meeting))
    )


def assemble_materiale(
    repo: Repository, folder: MeetingFolder, meeting: Meeting, public: bool
) -> MaterialeDoc:
    dele: list[MaterialeDel] = []
    for kind in parts_of(repo, folder, meeting):
        if kind not in folder.produkter:
            missing = Godkendelse(False, f"Mangler: {kind}.md er ikke skrevet")
            dele.append(MaterialeDel(kind, DOKUMENT[kind], missing, None))
            continue
        doc = assemble_product(repo, folder, meeting, kind, public)
        assert isinstance(doc, ProgramDoc | NotatDoc)
        dele.append(MaterialeDel(kind, DOKUMENT[kind], doc.godkendelse, doc))
    godkendt = all(d.godkendelse.godkendt for d in dele)
    return MaterialeDoc(
        header=with_header_source(header(repo, meeting, "materiale", public), folder.doc),
        titel=meeting.titel,
        dele=tuple(dele),
        godkendelse=Godkendelse(
            godkendt, "Alle dele er godkendt" if godkendt else "Ikke alle dele er godkendt"
        ),
    )
