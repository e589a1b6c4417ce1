"""The products as documents: the program, the notater and the opfølgningsnotat, each by
the builder of its kind."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

from dialogmoder import danish
from dialogmoder.danish import N_, _, besked, pgettext
from dialogmoder.domain.kinds import PRODUKTER
from dialogmoder.domain.models import (
    Baggrundsnotat,
    Meeting,
    Opfoelgningsnotat,
    Produkt,
    Program,
)
from dialogmoder.domain.repository import MeetingFolder, Repository
from dialogmoder.domain.sections import split_sections, without_comments
from dialogmoder.domain.state import product_state
from dialogmoder.errors import DialogError
from dialogmoder.render.document import (
    Assembled,
    Godkendelse,
    Header,
    NotatDoc,
    OpfoelgningsnotatDoc,
    ProgramDoc,
    Section,
    Table,
)
from dialogmoder.render.header import header
from dialogmoder.render.sources import with_header_source, with_section_sources

HENVISNING = {
    "politisk_aftale": N_("Political agreement"),
    "lovgrundlag": N_("Legal basis"),
    "analyse": N_("Analysis"),
    "andet": N_("Other"),
}
SIGT = {"kort": N_("Short term"), "lang": N_("Long term")}
STATUS = {"aaben": N_("Open"), "afsluttet": N_("Completed")}


# What each kind's builder is: (repository, meeting folder, meeting, kind id, public) -> the
# document. `render.assemble.BUILDERS` holds one per kind of domain/kinds.py.
Builder = Callable[[Repository, MeetingFolder, Meeting, str, bool], Assembled]
P = TypeVar("P", bound=Produkt)


@dataclass(frozen=True)
class _Written(Generic[P]):
    """What every product's document starts from: its front matter, heading and sections."""

    produkt: P
    header: Header
    titel: str
    sections: tuple[Section, ...]


def _written(
    repo: Repository,
    folder: MeetingFolder,
    meeting: Meeting,
    kind: str,
    public: bool,
    model: type[P],
) -> _Written[P]:
    doc = folder.produkter.get(kind)
    if doc is None:
        produkt_kind = PRODUKTER[kind]
        raise DialogError(
            besked(
                "{path} has no {filename}; create it with `dialog new-meeting` or copy"
                " templates/{scaffold_template}"
            ).format(
                path=folder.path,
                filename=produkt_kind.filename,
                scaffold_template=produkt_kind.scaffold_template,
            ),
            exit_code=2,
        )
    produkt = doc.data
    if not isinstance(produkt, model):
        raise DialogError(
            besked("cannot render {kind}").format(kind=kind), exit_code=2
        )  # pragma: no cover
    sections = tuple(
        Section(s.titel, (text,) if (text := without_comments(s.text).strip()) else ())
        for s in split_sections(doc.body)
    )
    top = with_header_source(header(repo, meeting, kind, public), doc)
    return _Written(
        produkt=produkt,
        header=top,
        titel=_without_kind(produkt.titel or meeting.titel, top.dokument),
        sections=with_section_sources(sections, doc),
    )


def program_doc(
    repo: Repository, folder: MeetingFolder, meeting: Meeting, kind: str, public: bool
) -> ProgramDoc:
    """The program: the meeting's time, place, temaer and hosts, then its rows."""
    written = _written(repo, folder, meeting, kind, public, Program)
    return ProgramDoc(
        header=written.header,
        titel=written.titel,
        tid=danish.tidsrum(meeting.start, meeting.slut) or None,
        sted=meeting.sted,
        temaer=tuple(
            repo.config.temaer[t].navn if t in repo.config.temaer else t for t in meeting.temaer
        ),
        vaert=repo.config.names(meeting.vaert),
        bistaas_af=repo.config.names(meeting.bistaas_af),
        programpunkter=Table(
            (
                pgettext("column", "Time"),
                pgettext("column", "Item"),
                pgettext("column", "Responsible"),
            ),
            tuple(
                (
                    (danish.tidspunkt(p.tid),) if p.tid else (),
                    (p.titel,),
                    repo.config.names(p.ansvarlig),
                )
                for p in written.produkt.programpunkter
            ),
            narrow=(0,),
        ),
        sections=written.sections,
        godkendelse=godkendelse(repo, folder, kind),
    )


def notat_doc(
    repo: Repository, folder: MeetingFolder, meeting: Meeting, kind: str, public: bool
) -> NotatDoc:
    """A baggrundsnotat (with its henvisninger) or a materiale til facilitering."""
    written = _written(repo, folder, meeting, kind, public, Produkt)
    produkt = written.produkt
    henvisninger = produkt.henvisninger if isinstance(produkt, Baggrundsnotat) else []
    return NotatDoc(
        header=written.header,
        titel=written.titel,
        henvisninger=tuple(
            f"{h.titel} ({_(HENVISNING[h.type])})" + (f": {h.url}" if h.url else "")
            for h in henvisninger
        ),
        sections=written.sections,
        godkendelse=godkendelse(repo, folder, kind),
    )


def opfoelgningsnotat_doc(
    repo: Repository, folder: MeetingFolder, meeting: Meeting, kind: str, public: bool
) -> OpfoelgningsnotatDoc:
    """The opfølgningsnotat: its initiativer as a table, then its sections."""
    written = _written(repo, folder, meeting, kind, public, Opfoelgningsnotat)
    return OpfoelgningsnotatDoc(
        header=written.header,
        titel=written.titel,
        initiativer=Table(
            (
                pgettext("column", "Initiative"),
                pgettext("column", "Who"),
                pgettext("column", "Term"),
                pgettext("column", "Deadline"),
                pgettext("column", "Status"),
            ),
            tuple(
                (
                    (i.hvad, *((i.note,) if i.note else ())),
                    repo.config.names(i.hvem),
                    (_(SIGT[i.sigt]),),
                    (danish.dato_kort(i.frist),) if i.frist else (),
                    (_(STATUS[i.status]),),
                )
                for i in written.produkt.initiativer
            ),
            narrow=(2, 3, 4),
        ),
        sections=written.sections,
        godkendelse=godkendelse(repo, folder, kind),
    )


# the builder of each product kind (domain/kinds.py's PRODUKTER)
PRODUKT_BUILDERS: Mapping[str, Builder] = {
    "program": program_doc,
    "baggrundsnotat": notat_doc,
    "facilitering": notat_doc,
    "opfoelgningsnotat": opfoelgningsnotat_doc,
}


def assemble_product(
    repo: Repository, folder: MeetingFolder, meeting: Meeting, kind: str, public: bool
) -> Assembled:
    """The document of one product of the meeting, by its kind's builder."""
    return PRODUKT_BUILDERS[kind](repo, folder, meeting, kind, public)


def godkendelse(repo: Repository, folder: MeetingFolder, kind: str) -> Godkendelse:
    """'Godkendt af X den 3. januar 2025' only while the approval covers what is shown now;
    a draft says 'Ikke godkendt', a stale approval that it no longer holds."""
    produkt = folder.produkter[kind].data
    state = product_state(repo, folder, kind)
    if state not in ("godkendt", "forældet"):
        return Godkendelse(False, _("Not approved"))
    return approval_text(repo, produkt.godkendt_af, produkt.godkendt_dato, state == "godkendt")


def approval_text(
    repo: Repository, who: str | None, when: date | None, current: bool
) -> Godkendelse:
    """What a document says of its approval: 'Godkendt af X den 3. januar 2025' while it is
    current, 'Ikke godkendt: ændret efter godkendelsen af X …' once it is not."""
    values = {
        "who": repo.config.names([who])[0] if who else None,
        "date": danish.dato_mellem(when) if when else None,
    }
    if current:
        return Godkendelse(True, _approved(values) % values)
    return Godkendelse(False, _changed_after_approval(values) % values)


def _approved(values: dict[str, str | None]) -> str:
    """'Godkendt af X den 3. januar 2025', with what the approval says of the two."""
    if values["who"] and values["date"]:
        return _("Approved by %(who)s on %(date)s")
    if values["who"]:
        return _("Approved by %(who)s")
    if values["date"]:
        return _("Approved on %(date)s")
    return _("Approved")


def _changed_after_approval(values: dict[str, str | None]) -> str:
    """'Ikke godkendt: ændret efter godkendelsen af X den 3. januar 2025; skal godkendes igen'."""
    if values["who"] and values["date"]:
        return _("Not approved: changed after approval by %(who)s on %(date)s; approve again")
    if values["who"]:
        return _("Not approved: changed after approval by %(who)s; approve again")
    if values["date"]:
        return _("Not approved: changed after approval on %(date)s; approve again")
    return _("Not approved: changed after approval; approve again")


def _without_kind(titel: str, dokument: str) -> str:
    """'Program: Vækst' -> 'Vækst': the heading says 'Program: ' itself (new-meeting writes
    the titel with it, as people do)."""
    for separator in (":", " –", " -"):
        prefix = f"{dokument}{separator}"
        if titel.casefold().startswith(prefix.casefold()) and titel[len(prefix) :].strip():
            return titel[len(prefix) :].strip()
    return titel
