"""`dialog render materiale`: what is sent out before a meeting, as one document.

The process note's "approved material, one week before the meeting": the program, the
baggrundsnotat and, when the meeting has one, the materiale til facilitering. Each part
shows its own approval state; a required part that is not written is named, never left out.
"""

from __future__ import annotations

from dialogmoder.danish import _, besked
from dialogmoder.domain.kinds import PRODUKTER
from dialogmoder.domain.models import Meeting
from dialogmoder.domain.repository import MeetingFolder, Repository
from dialogmoder.domain.state import is_wanted
from dialogmoder.errors import DialogError
from dialogmoder.render.document import (
    Godkendelse,
    MaterialeDel,
    MaterialeDoc,
    NotatDoc,
    ProgramDoc,
)
from dialogmoder.render.header import header
from dialogmoder.render.products import assemble_product
from dialogmoder.render.sources import with_header_source


def parts_of(repo: Repository, folder: MeetingFolder, meeting: Meeting) -> tuple[str, ...]:
    """Each product kind `in_materiale` (program, baggrundsnotat, facilitering) that is
    written, or that the forum requires (`state.is_wanted`: the facilitering only when the
    meeting asks for it)."""
    forum = repo.config.fora.get(meeting.forum)
    regler = forum.produkter if forum else {}
    return tuple(
        kind.id
        for kind in PRODUKTER.values()
        if kind.in_materiale
        and (
            kind.id in folder.produkter
            or ((regel := regler.get(kind.id)) is not None and is_wanted(regel, meeting))
        )
    )


def assemble_materiale(
    repo: Repository, folder: MeetingFolder, meeting: Meeting, kind: str, public: bool
) -> MaterialeDoc:
    """The materiale (`kind`) of the meeting: each of its parts, with its approval state."""
    parts = parts_of(repo, folder, meeting)
    if not parts:
        raise DialogError(
            besked(
                "{id} has no material to send out: its forum requires no program,"
                " baggrundsnotat or facilitering, and none is written"
            ).format(id=folder.id),
            exit_code=1,
        )
    dele: list[MaterialeDel] = []
    for part in parts:
        navn = PRODUKTER[part].navn
        if part not in folder.produkter:
            missing = Godkendelse(
                False, _("Missing: %(file)s is not written") % {"file": PRODUKTER[part].filename}
            )
            dele.append(MaterialeDel(part, navn, missing, None))
            continue
        doc = assemble_product(repo, folder, meeting, part, public)
        assert isinstance(doc, ProgramDoc | NotatDoc)
        dele.append(MaterialeDel(part, navn, doc.godkendelse, doc))
    godkendt = all(d.godkendelse.godkendt for d in dele)
    return MaterialeDoc(
        header=with_header_source(header(repo, meeting, kind, public), folder.doc),
        titel=meeting.titel,
        dele=tuple(dele),
        godkendelse=Godkendelse(
            godkendt, _("All parts are approved") if godkendt else _("Not all parts are approved")
        ),
    )
