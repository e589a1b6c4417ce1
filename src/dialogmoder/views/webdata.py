"""The shape of the site's open data (`dialog site`'s data.json and data/): Danish keys,
split so that no file grows with the archive: data.json lists the years, data/YEAR.json
that year's meetings, data/moeder/ID.json one meeting's public edition. `dialog schema`
writes these models' JSON Schemas (data-indeks, data-aar, data-moede), and the site
publishes them beside the data (data/skema/)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ForumIndgang(_Data):
    id: str = Field(description="the forum's id, e.g. direktionen")
    navn: str = Field(description="the forum's name, e.g. Direktionen")
    antal: int = Field(description="its published meetings")


class AarIndgang(_Data):
    aar: int = Field(description="the year")
    antal: int = Field(description="the published meetings of the year")
    fil: str = Field(description="the year's list of meetings, e.g. data/2025.json")


class DataIndeks(_Data):
    """data.json: the site's open data, by year."""

    organisation: str = Field(description="the organisation publishing the meetings")
    fora: list[ForumIndgang] = Field(description="the published fora")
    aar: list[AarIndgang] = Field(description="every year with published meetings, newest first")


class MoedeIndgang(_Data):
    id: str = Field(description="the meeting's lasting id (its page and file are named by it)")
    forum: str = Field(description="the forum's id")
    forum_navn: str = Field(description="the forum's name")
    titel: str = Field(description="the meeting's title")
    dato: str = Field(description="the meeting's date, YYYY-MM-DD", pattern=r"^\d{4}-\d{2}-\d{2}$")
    status: str = Field(description="planlagt, afholdt, udskudt or aflyst")
    dokument: str = Field(description="referat once the meeting is held, else dagsorden")
    side: str = Field(description="the meeting's page")
    fil: str = Field(description="the meeting's data, e.g. data/moeder/ID.json")


class DataAar(_Data):
    """data/YEAR.json: one year's published meetings, newest first."""

    organisation: str = Field(description="the organisation publishing the meetings")
    aar: int = Field(description="the year")
    moeder: list[MoedeIndgang] = Field(description="the year's meetings, newest first")


class Tabel(_Data):
    kolonner: list[str] = Field(description="the column headings")
    raekker: list[list[str]] = Field(description="the rows, each a list of cells")


class Afsnit(_Data):
    overskrift: str | None = Field(description="the section's heading (none before the first)")
    dele: list[str | Tabel] = Field(description="its text (Markdown) and generated tables")


class Bilag(_Data):
    nr: int = Field(description="the bilag's number in its punkt")
    lukket: bool = Field(description="a closed bilag: no title, no file")
    titel: str | None = Field(description="its title")
    dokumentnr: str | None = Field(description="its number in the case system")
    fil: str | None = Field(description="its file on the site, from the site's root")
    type: str | None = Field(description="its file type, e.g. PDF")
    stoerrelse: int | None = Field(description="its file size in bytes")


class Underpunkt(_Data):
    titel: str = Field(description="its title")
    tid: str | None = Field(description="its time, HH:MM")
    tekst: str | None = Field(description="its text (Markdown)")
    deltagere: list[str] = Field(description="who took part")
    beslutning: str | None = Field(description="its decision (Markdown)")
    deltog: str | None = Field(description="who took part, as the referat says it")


class Beslutning(_Data):
    overskrift: str = Field(description="the heading of the decision, with the forum and the date")
    tekst: str | None = Field(description="the decision (Markdown)")


class Punkt(_Data):
    nr: int = Field(description="its number")
    titel: str = Field(description="its title (a closed punkt's public title)")
    lukket: bool = Field(description="a closed punkt")
    kun_titel: bool = Field(description="only its number and title are public")
    kle: str | None = Field(description="its KLE number")
    sagsnr: str | None = Field(description="its case number")
    sagsgang: str | None = Field(description="its case route")
    sagsansvarlig: str | None = Field(description="its case officer")
    afsnit: list[Afsnit] = Field(description="its sections")
    underpunkter: list[Underpunkt] = Field(description="its sub-items")
    bilag: list[Bilag] = Field(description="its bilag")
    beslutning: Beslutning | None = Field(description="its decision, in a referat")


class DataMoede(_Data):
    """data/moeder/ID.json: one meeting's public edition."""

    id: str = Field(description="the meeting's lasting id")
    organisation: str = Field(description="the organisation publishing the meeting")
    forum: str = Field(description="the forum's id")
    forum_navn: str = Field(description="the forum's name")
    titel: str = Field(description="the meeting's title")
    dato: str = Field(description="its date, YYYY-MM-DD", pattern=r"^\d{4}-\d{2}-\d{2}$")
    start: str | None = Field(description="its start, HH:MM")
    slut: str | None = Field(description="its end, HH:MM")
    sted: str | None = Field(description="where it is held")
    status: str = Field(description="planlagt, afholdt, udskudt or aflyst")
    dokument: str = Field(description="referat once the meeting is held, else dagsorden")
    side: str = Field(description="its page")
    pdf: str = Field(description="its public document as PDF")
    opdateret: str = Field(description="when its record last changed (UTC, ISO 8601)")
    medlemmer: list[str] = Field(description="the forum's members")
    fravaerende: list[str] = Field(description="the members absent")
    intro: str = Field(description="the text before the punkter (Markdown)")
    punkter: list[Punkt] = Field(description="its punkter, closed ones by number and title only")
    underskrivere: list[str] = Field(description="who signs the referat")


DATA_MODELS: dict[str, tuple[type[BaseModel], str]] = {
    "data-indeks": (DataIndeks, "the site's data.json: the years of its open data"),
    "data-aar": (DataAar, "the site's data/YEAR.json: one year's published meetings"),
    "data-moede": (DataMoede, "the site's data/moeder/ID.json: one meeting's public edition"),
}
