"""Repository + meeting + kind -> the plain document every format renders.

What of a punkt a public edition shows is `domain.edition`'s answer (`public_punkt`),
taken here before any template sees the punkt: a closed one becomes its number and
public title and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

from dialogmoder import danish
from dialogmoder.danish import _, besked, pgettext
from dialogmoder.domain.bilagsfil import filnavn, unique
from dialogmoder.domain.edition import PublicBilag, PublicPunkt, closed_files, public_punkt
from dialogmoder.domain.markdown import plain_lines
from dialogmoder.domain.models import Bilag, Meeting, Pause, Punkt
from dialogmoder.domain.repository import MeetingFolder, Repository
from dialogmoder.domain.sections import split_sections, without_comments
from dialogmoder.domain.state import is_cancelled, meeting_errors, referat_state
from dialogmoder.errors import DialogError
from dialogmoder.render.document import (
    Assembled,
    Beslutning,
    BilagEntry,
    BilagGroup,
    Godkendelse,
    Part,
    ProtokolEntry,
    PunktEntry,
    Referat,
    Section,
    Table,
    UnderpunktEntry,
)
from dialogmoder.render.header import header
from dialogmoder.render.materiale import assemble_materiale
from dialogmoder.render.products import PRODUKT_BUILDERS, Builder, approval_text
from dialogmoder.render.sources import with_header_source, with_punkt_sources

AUTO_LINE = "[[auto]]"
BESLUTNING = "beslutning"


def assemble(repo: Repository, ref: str, kind: str, public: bool) -> Assembled:
    """The document of one kind for one meeting; `public` leaves out every closed thing."""
    folder = repo.meeting(ref)
    meeting = usable_meeting(repo, folder)
    return BUILDERS[kind](repo, folder, meeting, kind, public)


def usable_meeting(repo: Repository, folder: MeetingFolder) -> Meeting:
    """The meeting, or a DialogError naming every file of it that could not be read."""
    broken = meeting_errors(repo, folder)
    if broken or folder.meeting is None:
        lines = [f.as_text() for f in broken] or [
            besked("{path}/meeting.md: cannot be read").format(path=folder.path)
        ]
        raise DialogError(
            "\n".join(lines) + besked("\nfix these before rendering {id}").format(id=folder.id),
            exit_code=1,
        )
    return folder.meeting


# --- referat and dagsorden ---------------------------------------------------------------


def assemble_referat(
    repo: Repository, folder: MeetingFolder, meeting: Meeting, kind: str, public: bool
) -> Referat:
    """The referat, or the dagsorden: the same without decisions and signatures."""
    forum = repo.config.fora.get(meeting.forum)
    deltagere = (
        meeting.deltagere if meeting.deltagere is not None else (forum.medlemmer if forum else [])
    )
    loaded = [(pf.nr, pf.doc) for pf in folder.punkter if pf.doc is not None]
    root = repo.root.resolve()
    forum_navn = forum.navn if forum else meeting.forum
    beslutning_overskrift = _("Decision in %(forum)s on %(date)s") % {
        "forum": forum_navn,
        "date": danish.dato_kort(meeting.dato),
    }
    punkter: list[PunktEntry] = []
    file_closed = closed_files(repo).names_closed(folder) if public else None
    for nr, doc in loaded:
        shown = public_punkt(doc.data, public, file_closed)
        punkt = shown.punkt
        if punkt is None:
            punkter.append(
                PunktEntry(nr=nr, titel=shown.titel, lukket=shown.lukket, redacted=shown.redacted)
            )
            continue
        table = _auto_table(repo, folder, meeting, punkt, public)

        def fil(b: Bilag) -> str | None:
            return folder.located(root, b.fil).rel if b.fil else None

        entry = _punkt_entry(
            meeting,
            repo,
            nr,
            punkt,
            shown,
            doc.body,
            table,
            kind == "referat",
            beslutning_overskrift,
            fil,
        )
        punkter.append(with_punkt_sources(entry, doc))
    punkter = _with_unique_filnavne(punkter)
    absent = set(meeting.fravaerende) | set(meeting.afbud)
    head = header(repo, meeting, kind, public)
    if danish.aflysning(meeting.status):  # "AFLYST: Referat ..." in the tab and the PDF's title
        head = replace(head, title=f"{danish.aflysning(meeting.status)}: {head.title}")
    return Referat(
        header=with_header_source(head, folder.doc),
        kind=kind,
        sted=meeting.sted,
        start=danish.klokken(meeting.start) if meeting.start else None,
        slut=danish.klokken(meeting.slut) if meeting.slut else None,
        medlemmer=repo.config.names([d for d in deltagere if d not in meeting.afbud]),
        fravaerende=repo.config.names(meeting.fravaerende),
        afbud=repo.config.names(meeting.afbud),
        intro=without_comments(folder.doc.body if folder.doc else "").strip(),
        punkter=tuple(punkter),
        bilagsoversigt=tuple(
            BilagGroup(p.overskrift, p.bilag) for p in punkter if p.bilag and not p.redacted
        ),
        underskrivere=repo.config.names([d for d in deltagere if d not in absent])
        if kind == "referat"
        else (),
        godkendelse=referat_godkendelse(repo, folder) if kind == "referat" else None,
        status=meeting.status,
        aflysning=danish.aflysning(meeting.status),
    )


def referat_godkendelse(repo: Repository, folder: MeetingFolder) -> Godkendelse | None:
    """'Godkendt af X den 3. februar 2025' while the referat's approval covers what it shows;
    'Ikke godkendt: ændret efter godkendelsen …' once it does not; None when never approved."""
    meeting = folder.meeting
    if meeting is None or meeting.referat_godkendt is None:
        return None
    given = meeting.referat_godkendt
    current = referat_state(repo, folder) == "godkendt"
    return approval_text(repo, given.af, given.dato, current)


def _punkt_entry(
    meeting: Meeting,
    repo: Repository,
    nr: int,
    punkt: Punkt,
    shown: PublicPunkt,
    body: str,
    table: Table | None,
    with_beslutning: bool,
    beslutning_overskrift: str,
    fil: Callable[[Bilag], str | None],
) -> PunktEntry:
    """One punkt the edition shows (`shown`, of `punkt`): never a redacted one."""
    agenda = underpunkt_tabel(repo, punkt, meeting.pauser) if punkt.underpunkter else None
    sections, beslutning = _sections(without_comments(body), table or agenda)
    if table is not None and agenda is not None:
        sections = (Section(None, (agenda,)), *sections)  # the auto table has the [[auto]]
    missing = "*" + _("No decision has been written.") + "*" if punkt.kraever_beslutning else None
    if not beslutning and not punkt.underpunkter and missing:
        beslutning = missing  # a referat must not hide that one is missing
    return PunktEntry(
        nr=nr,
        titel=shown.titel,
        lukket=shown.lukket,
        kle=punkt.kle,
        sagsnr=punkt.sagsnr,
        sagsgang=punkt.sagsgang,
        sagsansvarlig=punkt.sagsansvarlig,
        sections=sections,
        underpunkter=tuple(
            UnderpunktEntry(
                titel=u.titel,
                tid=danish.tidspunkt(u.tid) if u.tid else None,
                markdown=without_comments(u.tekst) if u.tekst else None,
                deltagere=repo.config.names(u.deltager),
                beslutning=(without_comments(u.beslutning) if u.beslutning else missing)
                if with_beslutning
                else None,
                deltog=danish.deltager_under_punktet(repo.config.names(u.deltager), datid=True)
                if u.deltager
                else None,
                inhabil=danish.inhabil_under_punktet(repo.config.names(u.inhabile))
                if u.inhabile and with_beslutning
                else None,
            )
            for u in shown.underpunkter
        ),
        bilag=tuple(_bilag_entry(i, b, fil) for i, b in enumerate(shown.bilag, 1)),
        beslutning=Beslutning(
            beslutning_overskrift,
            beslutning or None,
            inhabil=danish.inhabil_under_punktet(repo.config.names(punkt.inhabile))
            if punkt.inhabile
            else None,
            protokoltilfoersler=tuple(
                ProtokolEntry(
                    danish.protokoltilfoersel_fra(repo.config.person_name(p.af)),
                    " ".join(p.tekst.split()),
                )
                for p in punkt.protokoltilfoersler
            ),
        )
        if with_beslutning
        and (beslutning or punkt.underpunkter or punkt.inhabile or punkt.protokoltilfoersler)
        else None,
    )


def _bilag_entry(nr: int, shown: PublicBilag, fil: Callable[[Bilag], str | None]) -> BilagEntry:
    bilag = shown.bilag
    if bilag is None:
        return BilagEntry(nr=nr, lukket=shown.lukket)  # no title, number or file: nothing
    path = fil(bilag)
    return BilagEntry(
        nr=nr,
        lukket=shown.lukket,
        titel=bilag.titel,
        dokumentnr=bilag.dokumentnr,
        fil=path,
        filnavn=filnavn(bilag.titel, path) if path else None,
    )


def _with_unique_filnavne(punkter: list[PunktEntry]) -> list[PunktEntry]:
    """Every linked or attached file under a name of its own in the document."""
    names = iter(unique([b.filnavn for p in punkter for b in p.bilag if b.filnavn]))
    return [
        replace(
            p,
            bilag=tuple(replace(b, filnavn=next(names)) if b.filnavn else b for b in p.bilag),
        )
        for p in punkter
    ]


def _sections(body: str, table: Table | None) -> tuple[tuple[Section, ...], str | None]:
    """The body's sections with the table at its `[[auto]]` line (or first), and the decision."""
    placed = table is None
    sections: list[Section] = []
    beslutning: str | None = None
    for section in split_sections(body):
        if section.titel is not None and section.titel.casefold() == BESLUTNING:
            # written twice (two people, two edits): both parts, never only the last
            text = _drop_auto_lines(section.text).strip()
            beslutning = "\n\n".join(part for part in (beslutning, text) if part)
            continue
        parts: list[Part] = []
        chunk: list[str] = []
        for line in section.text.splitlines():
            if line.strip() == AUTO_LINE:
                if not placed and table is not None:
                    parts.extend(_text_part(chunk))
                    parts.append(table)
                    chunk = []
                    placed = True
                continue
            chunk.append(line)
        parts.extend(_text_part(chunk))
        sections.append(Section(section.titel, tuple(parts)))
    if not placed and table is not None:
        # no [[auto]] line: right after the Sagsgang block, before the intro and sections
        sections.insert(0, Section(None, (table,)))
    return tuple(sections), beslutning


def _text_part(lines: list[str]) -> list[Part]:
    text = "\n".join(lines).strip("\n")
    return [text] if text.strip() else []


def _drop_auto_lines(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if line.strip() != AUTO_LINE)


# --- the generated tables ----------------------------------------------------------------


def _auto_table(
    repo: Repository, folder: MeetingFolder, meeting: Meeting, punkt: Punkt, public: bool
) -> Table | None:
    if punkt.auto == "tidsplan":
        return tidsplan(repo, folder, meeting, public)
    if punkt.auto == "kommende-moeder":
        return kommende_moeder(repo, folder, meeting, public)
    return None


def tidsplan(repo: Repository, folder: MeetingFolder, meeting: Meeting, public: bool) -> Table:
    """Tid | Punkt from the punkter's and their underpunkter's times, the meeting's pauses,
    and 'Mødet afsluttes'. A closed punkt's underpunkter are not in a public edition."""
    rows: list[tuple[object, tuple[tuple[str, ...], ...]]] = []
    for pf in folder.punkter:
        if pf.doc is None:
            continue
        shown = public_punkt(pf.doc.data, public)
        if shown.tid is not None:
            rows.append((shown.tid, ((danish.tidspunkt(shown.tid),), _tidsplan_cell(repo, shown))))
        for u in shown.underpunkter:
            if u.tid is not None:
                who = repo.config.names(u.deltager)
                under = (u.titel, danish.deltager_under_punktet(who)) if who else (u.titel,)
                rows.append((u.tid, ((danish.tidspunkt(u.tid),), under)))
    for pause in meeting.pauser:
        rows.append((pause.tid, ((danish.tidspunkt(pause.tid),), (pause.titel,))))
    rows.sort(key=lambda row: row[0])  # type: ignore[arg-type,return-value]
    if meeting.slut is not None:
        ends = _("The meeting ends")
        rows.append((meeting.slut, ((danish.tidspunkt(meeting.slut),), (ends,))))
    return Table(_time_item(), tuple(cells for _time, cells in rows), narrow=(0,))


def _time_item() -> tuple[str, str]:
    """The columns of a table of times: Tid | Punkt."""
    return pgettext("column", "Time"), pgettext("column", "Item")


def _tidsplan_cell(repo: Repository, shown: PublicPunkt) -> tuple[str, ...]:
    punkt = shown.punkt
    if punkt is None:
        return (shown.titel,)
    if punkt.tidsplan_tekst:
        return (punkt.tidsplan_tekst,)
    if punkt.deltager:
        who = danish.opremsning(repo.config.names(punkt.deltager))
        return (punkt.titel, _("%(names)s take part in the discussion.") % {"names": who})
    return (punkt.titel,)


def underpunkt_tabel(repo: Repository, punkt: Punkt, pauser: list[Pause]) -> Table:
    """Tid | Punkt of a punkt's underpunkter in their order, each with its text and who
    takes part, and the meeting's pauses that fall between the first and last of them."""
    rows: list[tuple[tuple[str, ...], ...]] = []
    for u in punkt.underpunkter:
        cell = [u.titel, *(plain_lines(without_comments(u.tekst)) if u.tekst else ())]
        if u.deltager:
            cell.append(danish.deltager_under_punktet(repo.config.names(u.deltager)))
        tid = (danish.tidspunkt(u.tid),) if u.tid else ()
        rows.append((tid, tuple(cell)))
    times = [u.tid for u in punkt.underpunkter if u.tid is not None]
    for pause in sorted(pauser, key=lambda p: p.tid, reverse=True):
        if not times or not min(times) < pause.tid < max(times):
            continue
        at = next(
            i for i, u in enumerate(punkt.underpunkter) if u.tid is not None and u.tid > pause.tid
        )
        rows.insert(at, ((danish.tidspunkt(pause.tid),), (pause.titel,)))
    return Table(_time_item(), tuple(rows), narrow=(0,))


UPCOMING = 3


def kommende_moeder(
    repo: Repository, folder: MeetingFolder, meeting: Meeting, public: bool
) -> Table:
    """Dato | Punkter for the forum's next three held meetings and cancelled ones between."""
    rows: list[tuple[tuple[str, ...], ...]] = []
    held = 0
    for other in repo.meetings:
        data = other.meeting
        if data is None or data.forum != meeting.forum or data.dato <= meeting.dato:
            continue
        if held == UPCOMING:
            break
        dato = danish.dato_maaned(data.dato)
        if is_cancelled(data):
            rows.append(((dato,), (data.note or data.status.capitalize(),)))
            continue
        held += 1
        first = f"{dato} ({data.note})" if data.note else dato
        dato_cell = [first]
        away = list(dict.fromkeys([*data.fravaerende, *data.afbud]))
        if away:
            who = danish.opremsning(repo.config.names(away))
            dato_cell.append(_("%(names)s will not attend the meeting.") % {"names": who})
        titles = []
        for pf in other.punkter:
            if pf.doc is None:
                raise DialogError(
                    besked(
                        "cannot list the punkter of {id}: {path} cannot be read; run dialog check"
                    ).format(id=other.id, path=pf.path),
                    path=pf.path,
                    exit_code=1,
                )
            titles.append(public_punkt(pf.doc.data, public).titel)
        rows.append((tuple(dato_cell), tuple(titles)))
    return Table((pgettext("column", "Date"), pgettext("column", "Items")), tuple(rows))


# the builder of every kind in domain/kinds.py's KINDS (tests/test_kinds.py checks it)
BUILDERS: Mapping[str, Builder] = {
    "dagsorden": assemble_referat,
    "referat": assemble_referat,
    **PRODUKT_BUILDERS,
    "materiale": assemble_materiale,
}
