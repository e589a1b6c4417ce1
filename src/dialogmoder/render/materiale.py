"""`dialog render materiale`: what is sent out before a meeting, as one document.

The process note's "approved material, one week before the meeting": the program, the
baggrundsnotat and, when the meeting has one, the materiale til facilitering. Each part
shows its own approval state; a required part that is not written is named, never left out.
"""

from __future__ import annotations

from dialogmoder import danish
from dialogmoder.danish import _
from dialogmoder.domain.models import Meeting
from dialogmoder.domain.repository import MeetingFolder, Repository
from dialogmoder.domain.state import is_wanted
from dialogmoder.errors import DialogError
from dialogmoder.render.document import (
    Godkendelse,
    Kind,
    MaterialeDel,
    MaterialeDoc,
    NotatDoc,
    ProgramDoc,
)
from dialogmoder.render.header import header
from dialogmoder.render.products import assemble_product
from dialogmoder.render.sources import with_header_source

DELE: tuple[Kind, ...] = ("program", "baggrundsnotat", "facilitering")


def parts_of(repo: Repository, folder: MeetingFolder, meeting: Meeting) -> tuple[Kind, ...]:
    """Each of program, baggrundsnotat and facilitering that is written, or that the forum
    requires (`state.is_wanted`: the facilitering only when the meeting asks for it)."""
    forum = repo.config.fora.get(meeting.forum)
    regler = forum.produkter if forum else {}
    return tuple(
        kind
        for kind in DELE
        if kind in folder.produkter or (kind in regler and is_wanted(regler[kind], meeting))
    )


def assemble_materiale(
    repo: Repository, folder: MeetingFolder, meeting: Meeting, public: bool
) -> MaterialeDoc:
    kinds = parts_of(repo, folder, meeting)
    if not kinds:
        raise DialogError(
            f"{folder.id} has no material to send out: its forum requires no program,"
            " baggrundsnotat or facilitering, and none is written",
            exit_code=1,
        )
    dele: list[MaterialeDel] = []
    for kind in kinds:
        if kind not in folder.produkter:
            missing = Godkendelse(
                False, _("Missing: %(file)s is not written") % {"file": f"{kind}.md"}
            )
            dele.append(MaterialeDel(kind, danish.dokument(kind), missing, None))
            continue
        doc = assemble_product(repo, folder, meeting, kind, public)
        assert isinstance(doc, ProgramDoc | NotatDoc)
        dele.append(MaterialeDel(kind, danish.dokument(kind), doc.godkendelse, doc))
    godkendt = all(d.godkendelse.godkendt for d in dele)
    return MaterialeDoc(
        header=with_header_source(header(repo, meeting, "materiale", public), folder.doc),
        titel=meeting.titel,
        dele=tuple(dele),
        godkendelse=Godkendelse(
            godkendt, _("All parts are approved") if godkendt else _("Not all parts are approved")
        ),
    )
