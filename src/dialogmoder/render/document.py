"""The plain document model every format renders from: no Pydantic, no files, no secrets.

`assemble` builds these from a Repository; the Markdown, HTML and typst templates only
ever see these objects. Text fields are plain text; fields named `markdown` (and the
strings in a `Section`'s parts) are Markdown content from people's files.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dialogmoder.domain.logo import Logo


@dataclass(frozen=True)
class Source:
    """Where a piece of a document was written: a file of the repository and its line.

    No template shows it; it lets an error in typesetting name the text that caused it."""

    path: str
    line: int


@dataclass(frozen=True)
class Table:
    """A generated table; each cell is a tuple of lines of plain text. `narrow`: the
    indexes of the columns as wide as their content (a time, a date, a state)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[tuple[str, ...], ...], ...]
    narrow: tuple[int, ...] = ()


# A part of a section is Markdown text or a generated table (the `[[auto]]` line's place).
Part = str | Table


@dataclass(frozen=True)
class Section:
    """`titel` None is the untitled text before a punkt's first heading."""

    titel: str | None
    parts: tuple[Part, ...]
    source: Source | None = None


@dataclass(frozen=True)
class BilagEntry:
    nr: int
    lukket: bool
    titel: str | None = None
    dokumentnr: str | None = None
    fil: str | None = None  # its file, from the repository root; never in a public closed one
    filnavn: str | None = None  # the name it is linked or attached under: its title + .pdf


@dataclass(frozen=True)
class UnderpunktEntry:
    titel: str
    tid: str | None
    markdown: str | None
    deltagere: tuple[str, ...]
    beslutning: str | None
    deltog: str | None = None  # "Borgmester deltog under behandlingen af punktet."
    inhabil: str | None = None  # "X deltog ikke i behandlingen af punktet på grund af inhabilitet."
    source: Source | None = None


@dataclass(frozen=True)
class ProtokolEntry:
    """A protokoltilførsel: "Protokoltilførsel fra X" and its text (plain, one paragraph)."""

    overskrift: str
    tekst: str


@dataclass(frozen=True)
class Beslutning:
    """The decision's heading, the punkt's own decision (None when its decisions are all
    in its underpunkter), shown above the underpunkter's own."""

    overskrift: str  # "Beslutning i Direktionen den 29-01-2025"
    markdown: str | None
    source: Source | None = None
    inhabil: str | None = None  # "X deltog ikke i behandlingen af punktet på grund af ..."
    protokoltilfoersler: tuple[ProtokolEntry, ...] = ()


@dataclass(frozen=True)
class PunktEntry:
    """One punkt as a reader sees it; a redacted one carries only nr and its public title."""

    nr: int
    titel: str
    lukket: bool
    redacted: bool = False
    kle: str | None = None
    sagsnr: str | None = None
    sagsgang: str | None = None
    sagsansvarlig: str | None = None
    sections: tuple[Section, ...] = ()
    underpunkter: tuple[UnderpunktEntry, ...] = ()
    bilag: tuple[BilagEntry, ...] = ()
    beslutning: Beslutning | None = None
    source: Source | None = None  # the punkt file and its titel's line

    @property
    def anchor(self) -> str:
        return f"punkt-{self.nr}"

    @property
    def overskrift(self) -> str:
        return f"{self.nr}. {self.titel}"


@dataclass(frozen=True)
class BilagGroup:
    """One punkt's bilag in the Bilagsoversigt."""

    overskrift: str
    bilag: tuple[BilagEntry, ...]


@dataclass(frozen=True)
class Header:
    """What every document starts with and what its PDF metadata says."""

    organisation: str
    forum: str
    dokument: str  # "Referat", "Dagsorden", "Program", "Opfølgningsnotat"
    title: str  # the document title for <title> and PDF metadata
    dato_lang: str  # "Onsdag den 29. januar 2025"
    dato_kort: str  # "29-01-2025"
    public: bool
    source: Source | None = None  # meeting.md (or the product's file) and its body's line
    afsender: str | None = None  # "Ledelsessekretariatet", under the organisation's name
    logo: Logo | None = None  # the letterhead's image (dialog.yaml's `logo`)


@dataclass(frozen=True)
class Referat:
    """A referat, or a dagsorden (the same without decisions and signatures)."""

    header: Header
    kind: str  # "referat" or "dagsorden" (domain/kinds.py)
    sted: str | None
    start: str | None
    slut: str | None
    medlemmer: tuple[str, ...]  # the members present: the deltagere without those with afbud
    fravaerende: tuple[str, ...]
    intro: str
    punkter: tuple[PunktEntry, ...]
    bilagsoversigt: tuple[BilagGroup, ...]
    underskrivere: tuple[str, ...]
    # the referat's approval: None for a dagsorden, and for a referat never approved
    godkendelse: Godkendelse | None = None
    status: str = "planlagt"  # the meeting's status: planlagt, afholdt, udskudt, aflyst
    aflysning: str = ""  # "AFLYST" or "UDSKUDT" for a cancelled or postponed meeting, else ""
    afbud: tuple[str, ...] = ()  # the members who sent regrets ("Afbud:")


@dataclass(frozen=True)
class Godkendelse:
    godkendt: bool
    tekst: str  # "Godkendt af Velfærdsdirektør Lene Mehlsen Thomsen den 3. januar 2025"


@dataclass(frozen=True)
class ProgramDoc:
    header: Header
    titel: str
    tid: str | None
    sted: str | None
    temaer: tuple[str, ...]
    vaert: tuple[str, ...]
    bistaas_af: tuple[str, ...]
    programpunkter: Table
    sections: tuple[Section, ...]
    godkendelse: Godkendelse


@dataclass(frozen=True)
class OpfoelgningsnotatDoc:
    header: Header
    titel: str
    initiativer: Table
    sections: tuple[Section, ...]
    godkendelse: Godkendelse


@dataclass(frozen=True)
class NotatDoc:
    """A baggrundsnotat or a materiale til facilitering: sections and references."""

    header: Header
    titel: str
    henvisninger: tuple[str, ...]  # "Titel (Politisk aftale): https://…", plain text
    sections: tuple[Section, ...]
    godkendelse: Godkendelse


Product = ProgramDoc | NotatDoc | OpfoelgningsnotatDoc


@dataclass(frozen=True)
class MaterialeDel:
    """One part of the material sent out; `doc` None: the part is required but not written."""

    kind: str  # the product's kind (domain/kinds.py), e.g. "program"
    dokument: str  # "Program", "Baggrundsnotat", "Materiale til facilitering af dialog"
    godkendelse: Godkendelse  # its state: "Godkendt af …", "Ikke godkendt", "Mangler: …"
    doc: ProgramDoc | NotatDoc | None

    @property
    def anchor(self) -> str:
        return f"del-{self.kind}"


@dataclass(frozen=True)
class MaterialeDoc:
    """The material to send out before a meeting: program, baggrundsnotat and (when there
    is one) the materiale til facilitering in one document, each part with its state."""

    header: Header
    titel: str
    dele: tuple[MaterialeDel, ...]
    godkendelse: Godkendelse  # approved only when every part is


Assembled = Referat | ProgramDoc | NotatDoc | OpfoelgningsnotatDoc | MaterialeDoc
"""A document as assembled for rendering (not `loader.Document`, a file as loaded)."""
