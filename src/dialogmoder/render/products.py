"""Program and opfølgningsnotat: the process note's fixed templates, as documents."""

from __future__ import annotations

from dialogmoder import danish
from dialogmoder.domain.models import (
    Baggrundsnotat,
    Facilitering,
    Meeting,
    Opfoelgningsnotat,
    Program,
)
from dialogmoder.domain.repository import MeetingFolder, Repository
from dialogmoder.domain.sections import split_sections, without_comments
from dialogmoder.domain.state import product_state
from dialogmoder.errors import DialogError
from dialogmoder.render.document import (
    Assembled,
    Godkendelse,
    Kind,
    NotatDoc,
    OpfoelgningsnotatDoc,
    ProgramDoc,
    Section,
    Table,
)
from dialogmoder.render.header import header
from dialogmoder.render.sources import with_header_source, with_section_sources

HENVISNING = {
    "politisk_aftale": "Politisk aftale",
    "lovgrundlag": "Lovgrundlag",
    "analyse": "Analyse",
    "andet": "Andet",
}
SIGT = {"kort": "Kort sigt", "lang": "Lang sigt"}
STATUS = {"aaben": "Åben", "afsluttet": "Afsluttet"}


def assemble_product(
    repo: Repository, folder: MeetingFolder, meeting: Meeting, kind: Kind, public: bool
) -> Assembled:
    doc = folder.produkter.get(kind)
    if doc is None:
        raise DialogError(
            f"{folder.path} has no {kind}.md; create it with `dialog new-meeting` or copy"
            f" templates/{kind}.md.j2",
            exit_code=2,
        )
    produkt = doc.data
    sections = tuple(
        Section(s.titel, (text,) if (text := without_comments(s.text).strip()) else ())
        for s in split_sections(doc.body)
    )
    sections = with_section_sources(sections, doc)
    top = with_header_source(header(repo, meeting, kind, public), doc)
    if isinstance(produkt, Program):
        tid = danish.tidsrum(meeting.start, meeting.slut) or None
        return ProgramDoc(
            header=top,
            titel=_without_kind(produkt.titel or meeting.titel, top.dokument),
            tid=tid,
            sted=meeting.sted,
            temaer=tuple(
                repo.config.temaer[t].navn if t in repo.config.temaer else t for t in meeting.temaer
            ),
            vaert=repo.config.names(meeting.vaert),
            bistaas_af=repo.config.names(meeting.bistaas_af),
            programpunkter=Table(
                ("Tid", "Punkt", "Ansvarlig"),
                tuple(
                    (
                        (danish.tidspunkt(p.tid),) if p.tid else (),
                        (p.titel,),
                        repo.config.names(p.ansvarlig),
                    )
                    for p in produkt.programpunkter
                ),
            ),
            sections=sections,
            godkendelse=godkendelse(repo, folder, kind),
        )
    if isinstance(produkt, Baggrundsnotat | Facilitering):
        henvisninger = produkt.henvisninger if isinstance(produkt, Baggrundsnotat) else []
        return NotatDoc(
            header=top,
            titel=_without_kind(produkt.titel or meeting.titel, top.dokument),
            henvisninger=tuple(
                f"{h.titel} ({HENVISNING[h.type]})" + (f": {h.url}" if h.url else "")
                for h in henvisninger
            ),
            sections=sections,
            godkendelse=godkendelse(repo, folder, kind),
        )
    if isinstance(produkt, Opfoelgningsnotat):
        return OpfoelgningsnotatDoc(
            header=top,
            titel=_without_kind(produkt.titel or meeting.titel, top.dokument),
            initiativer=Table(
                ("Initiativ", "Hvem", "Sigt", "Frist", "Status"),
                tuple(
                    (
                        (i.hvad, *((i.note,) if i.note else ())),
                        repo.config.names(i.hvem),
                        (SIGT[i.sigt],),
                        (danish.dato_kort(i.frist),) if i.frist else (),
                        (STATUS[i.status],),
                    )
                    for i in produkt.initiativer
                ),
            ),
            sections=sections,
            godkendelse=godkendelse(repo, folder, kind),
        )
    raise DialogError(f"cannot render {kind}", exit_code=2)  # pragma: no cover


def godkendelse(repo: Repository, folder: MeetingFolder, kind: str) -> Godkendelse:
    """'Godkendt af X den 3. januar 2025' only while the approval covers what is shown now;
    a draft says 'Ikke godkendt', a stale approval that it no longer holds."""
    produkt = folder.produkter[kind].data
    state = product_state(repo, folder, kind)
    af = f" af {repo.config.names([produkt.godkendt_af])[0]}" if produkt.godkendt_af else ""
    den = f" den {danish.dato_mellem(produkt.godkendt_dato)}" if produkt.godkendt_dato else ""
    if state == "godkendt":
        return Godkendelse(True, f"Godkendt{af}{den}")
    if state == "forældet":
        return Godkendelse(
            False, f"Ikke godkendt: ændret efter godkendelsen{af}{den}; skal godkendes igen"
        )
    return Godkendelse(False, "Ikke godkendt")


def _without_kind(titel: str, dokument: str) -> str:
    """'Program: Vækst' -> 'Vækst': the heading says 'Program: ' itself (new-meeting writes
    the titel with it, as people do)."""
    for separator in (":", " –", " -"):
        prefix = f"{dokument}{separator}"
        if titel.casefold().startswith(prefix.casefold()) and titel[len(prefix) :].strip():
            return titel[len(prefix) :].strip()
    return titel
