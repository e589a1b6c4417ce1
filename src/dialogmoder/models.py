"""Pydantic models of everything people write: dialog.yaml, meeting.md, punkter, products.

Strict where a user could be surprised: text fields take only text (a number where an
id belongs is an error with a hint to quote it), flags take only true/false or ja/nej,
dates are YYYY-MM-DD and times HH:MM. Unknown keys are errors. Keys may be written
with æ, ø, å (`vært`) as well as without (`vaert`).
"""

from __future__ import annotations

import re
from datetime import date, time
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AliasChoices,
    AliasGenerator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    Strict,
    StringConstraints,
)

from dialogmoder.dates import date_out_of_range, frist_out_of_range

_DANISH = (("aa", "å"), ("ae", "æ"), ("oe", "ø"))


def danish_spelling(name: str) -> str:
    """`bistaas_af` -> `bistås_af`: the spelling with æøå accepted as an alias."""
    for ascii_, letter in _DANISH:
        name = name.replace(ascii_, letter)
    return name


def ascii_spelling(name: str) -> str:
    """`bistås_af` -> `bistaas_af`: the field name for a key written with æøå."""
    for ascii_, letter in _DANISH:
        name = name.replace(letter, ascii_)
    return name


def _aliases(name: str) -> AliasChoices | str:
    danish = danish_spelling(name)
    return AliasChoices(name, danish) if danish != name else name


class Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        alias_generator=AliasGenerator(validation_alias=_aliases),
        populate_by_name=True,
        str_strip_whitespace=False,
    )


# --- value types -------------------------------------------------------------------------


def _parse_flag(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered == "ja":
            return True
        if lowered == "nej":
            return False
        if lowered in {"true", "false"}:
            raise ValueError(
                f"must be true or false without quotes; found the text '{value}' in quotes"
            )
    raise ValueError(f"must be true or false (or ja/nej); found '{value}'")


def _parse_date(value: Any) -> Any:
    if isinstance(value, date):
        day = value
    elif isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"{value} is not a date (no such day)") from None
    else:
        raise ValueError(f"'{value}' is not a date; write YYYY-MM-DD, e.g. 2025-01-29")
    refused = date_out_of_range(day)
    if refused:
        raise ValueError(refused)
    return day


def _check_frist(days: int) -> int:
    refused = frist_out_of_range(days)
    if refused:
        raise ValueError(refused)
    return days


_TIME = re.compile(r"([01]?\d|2[0-3])[:.]([0-5]\d)")


def _parse_time(value: Any) -> Any:
    if isinstance(value, time):
        return value
    if isinstance(value, str):
        match = _TIME.fullmatch(value.strip())
        if match:
            return time(int(match[1]), int(match[2]))
        raise ValueError(f"'{value}' is not a time; write HH:MM, e.g. 09:30")
    if isinstance(value, bool | int | float):
        raise ValueError(f"{value!r} is a number, not a time; write HH:MM, e.g. 09:30")
    raise ValueError("is not a time; write HH:MM, e.g. 09:30")


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


Text = Annotated[str, Strict(), StringConstraints(min_length=1)]
# lowercase letters (æ, ø and å too: `søren-kjær`), digits, `-` and `_`
Id = Annotated[
    str, Strict(), StringConstraints(pattern=r"^[a-z0-9æøå][a-z0-9æøå_-]*$", max_length=100)
]
Ids = Annotated[list[Id], BeforeValidator(_one_or_many)]
Flag = Annotated[bool, BeforeValidator(_parse_flag)]
Dato = Annotated[date, BeforeValidator(_parse_date)]
Tid = Annotated[
    time,
    BeforeValidator(_parse_time),
    PlainSerializer(lambda t: t.strftime("%H:%M"), return_type=str, when_used="json"),
]
Int = Annotated[int, Strict()]

SSH_KEY_TYPES = (
    "ssh-ed25519",
    "ssh-rsa",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "sk-ssh-ed25519@openssh.com",
    "sk-ecdsa-sha2-nistp256@openssh.com",
)


def _check_ssh_key(value: str) -> str:
    """An OpenSSH public key line (`ssh-ed25519 AAAA... comment`): a known type, then the
    base64 key whose first field names the same type."""
    import base64
    import binascii

    parts = value.split()
    try:
        blob = base64.b64decode(parts[1], validate=True) if len(parts) >= 2 else b""
    except (binascii.Error, ValueError):
        blob = b""
    size = int.from_bytes(blob[:4], "big")
    if parts[:1] and parts[0] in SSH_KEY_TYPES and blob[4 : 4 + size] == parts[0].encode():
        return value.strip()
    raise ValueError(
        "is not an OpenSSH public key line; copy the whole line of the .pub file,"
        " e.g. 'ssh-ed25519 AAAAC3Nza... lene@laptop'"
    )


SshKey = Annotated[str, Strict(), AfterValidator(_check_ssh_key)]
Frist = Annotated[int, Strict(), AfterValidator(_check_frist)]

Rolle = Literal[
    "borgmester", "kommunaldirektoer", "fagdirektoer", "chef", "konsulent", "medarbejder", "ekstern"
]
ProduktType = Literal["program", "baggrundsnotat", "facilitering", "opfoelgningsnotat"]
PRODUKT_TYPER: tuple[ProduktType, ...] = (
    "program",
    "baggrundsnotat",
    "facilitering",
    "opfoelgningsnotat",
)
PRODUKT_NAVNE: dict[str, str] = {
    "program": "Program",
    "baggrundsnotat": "Baggrundsnotat",
    "facilitering": "Materiale til facilitering af dialog",
    "opfoelgningsnotat": "Opfølgningsnotat",
}
RuleSetting = Literal["error", "warning", "off"]  # a rule in `regler`: its severity, or off


# --- dialog.yaml -------------------------------------------------------------------------


class Person(Model):
    """Someone the meetings refer to by id; a role without a known name has only a titel."""

    navn: Text | None = None
    titel: Text | None = None
    rolle: Rolle
    email: Text | list[Text] | None = Field(
        default=None, description="an address or a list; verify: who may record approvals"
    )
    signeringsnoegler: Annotated[list[SshKey], BeforeValidator(_one_or_many)] = Field(
        default=[],
        description="OpenSSH public key lines ('ssh-ed25519 AAAA... comment') that sign"
        " this person's approvals",
    )
    github: (
        Annotated[str, Strict(), StringConstraints(pattern=r"^@?[A-Za-z0-9-]+(/[\w.-]+)?$")] | None
    ) = None

    def visningsnavn(self) -> str:
        """'Kommunaldirektør Jonas Kroustrup', or just the titel when no name is known."""
        return " ".join(part for part in (self.titel, self.navn) if part) or "?"

    def emails(self) -> list[str]:
        """Every address of the person (`email` is one or a list)."""
        if self.email is None:
            return []
        return [self.email] if isinstance(self.email, str) else list(self.email)


class Gruppe(Model):
    """A group that can host or assist a meeting: a secretariat, a working group."""

    navn: Text
    medlemmer: Ids = []


class ProduktRegel(Model):
    """What a forum requires of one product."""

    paakraevet: Literal["ja", "nej", "ved_behov"] = "ja"
    frist: Frist | None = Field(
        default=None, description="days relative to the meeting date; -7 is one week before"
    )
    godkendes_af: Text | None = Field(
        default=None, description="a role (e.g. fagdirektoer) or 'ejer'; none: no approval"
    )


class FormoedeRegel(Model):
    """The pre-meeting a forum holds before each meeting (e.g. with the mayor)."""

    frist: Frist = Field(description="days relative to the meeting date, e.g. -3")
    med: Ids = Field(default=[], description="people or roles who attend")
    start: Tid | None = None
    slut: Tid | None = None
    sted: Text | None = None


class Forum(Model):
    navn: Text
    medlemmer: Ids = []
    produkter: dict[ProduktType, ProduktRegel] = {}
    formoede: FormoedeRegel | None = None
    kraever_signatur: Flag = Field(
        default=False, description="approvals must be commits signed by the approver's key"
    )
    offentlig: Flag = Field(
        default=False,
        description="publish the forum's meetings (their public editions) with `dialog site`",
    )


class FokusGruppe(Model):
    tekst: Text
    under: list[Text] = []


class Tema(Model):
    navn: Text
    fokus: list[Text | FokusGruppe] = []
    note: Text | None = None


class Situationsbillede(Model):
    titel: Text
    punkter: list[Text] = []


class Config(Model):
    """dialog.yaml: the organisation, its people, fora and themes."""

    organisation: Text
    afsender: Text | None = Field(
        default=None,
        description="the sender under the organisation's name on every document,"
        " e.g. Ledelsessekretariatet",
    )
    logo: Text | None = Field(
        default=None,
        description="an image (png, svg or jpg) in the repository that heads every document,"
        " e.g. grafik/logo.png",
    )
    gaelder_fra: Dato | None = Field(
        default=None,
        description="completeness and deadline rules apply to meetings from this date on",
    )
    personer: dict[Id, Person] = {}
    grupper: dict[Id, Gruppe] = {}
    fora: dict[Id, Forum] = {}
    temaer: dict[Id, Tema] = {}
    situationsbilleder: list[Situationsbillede] = []
    regler: dict[str, RuleSetting] = Field(
        default={}, description="rule id -> error, warning or off"
    )
    varsel_arbejdsdage: Int = Field(
        default=3, description="warn when a frist is this many working days away or fewer"
    )
    tilgaengelighed: Text | None = Field(
        default=None,
        description="the site's accessibility statement: a URL to link to, or its text"
        " (default: a page saying what the site holds and whom to contact)",
    )


# --- meeting.md --------------------------------------------------------------------------


class Pause(Model):
    tid: Tid
    titel: Text = "Pause"


class Formoede(Model):
    """The planned pre-meeting of one meeting; unset fields come from the forum's rule."""

    dato: Dato | None = None
    start: Tid | None = None
    slut: Tid | None = None
    sted: Text | None = None


MoedeStatus = Literal["planlagt", "afholdt", "udskudt", "aflyst"]


class Meeting(Model):
    forum: Id
    titel: Text
    dato: Dato
    start: Tid | None = None
    slut: Tid | None = None
    sted: Text | None = None
    status: MoedeStatus = "planlagt"
    vaert: Ids = []
    bistaas_af: Ids = []
    ejere: Ids = []
    fagdirektoer: Id | None = None
    deltagere: Ids | None = Field(
        default=None, description="who attends; default: the forum's medlemmer"
    )
    fravaerende: Ids = []
    formoede: Formoede | None = None
    facilitering: Flag = False
    temaer: Ids = []
    pauser: list[Pause] = []
    note: Text | None = None


# --- punkter -----------------------------------------------------------------------------


class Bilag(Model):
    """An attachment; closed unless it says `lukket: false` (closed-by-mistake beats open)."""

    titel: Text | None = None
    dokumentnr: Text | None = Field(default=None, description="document id, e.g. 21037/25")
    lukket: Flag = True
    fil: Text | None = Field(default=None, description="path relative to the meeting folder")


class Underpunkt(Model):
    titel: Text
    tid: Tid | None = None
    tekst: Text | None = None
    deltager: Ids = []
    beslutning: Text | None = None


Auto = Literal["tidsplan", "kommende-moeder"]


class Punkt(Model):
    """One numbered agenda item. Closed unless it says `lukket: false`."""

    titel: Text
    tid: Tid | None = None
    lukket: Flag = True
    offentlig_titel: Text | None = None
    sagsgang: Text | None = None
    sagsansvarlig: Text | None = None
    kle: Text | None = None
    sagsnr: Text | None = None
    deltager: Ids = []
    tidsplan_tekst: Text | None = Field(
        default=None, description="the text in the tidsplan's Punkt column, if not the titel"
    )
    bilag: list[Bilag] = []
    auto: Auto | None = None
    underpunkter: list[Underpunkt] = []
    kraever_beslutning: Flag = True


# --- products ----------------------------------------------------------------------------


class Produkt(Model):
    titel: Text | None = None
    status: Literal["udkast", "godkendt"] = "udkast"
    godkendt_af: Id | None = None
    godkendt_dato: Dato | None = None
    godkendt_hash: Text | None = Field(
        default=None, description="hash of the approved content; written by dialog approve"
    )


class Programpunkt(Model):
    tid: Tid | None = None
    titel: Text
    ansvarlig: Ids = []


class Program(Produkt):
    programpunkter: list[Programpunkt] = []


class Henvisning(Model):
    titel: Text
    type: Literal["politisk_aftale", "lovgrundlag", "analyse", "andet"] = "andet"
    url: Text | None = None


class Baggrundsnotat(Produkt):
    henvisninger: list[Henvisning] = []


class Facilitering(Produkt):
    pass


class Initiativ(Model):
    """A follow-up action: what, who, short or long term, by when, open or done."""

    hvad: Text
    hvem: Ids
    sigt: Literal["kort", "lang"]
    frist: Dato | None = None
    status: Literal["aaben", "afsluttet"] = "aaben"
    afsluttet_dato: Dato | None = None
    note: Text | None = None


class Opfoelgningsnotat(Produkt):
    initiativer: list[Initiativ] = []


PRODUKT_MODELLER: dict[str, type[Produkt]] = {
    "program": Program,
    "baggrundsnotat": Baggrundsnotat,
    "facilitering": Facilitering,
    "opfoelgningsnotat": Opfoelgningsnotat,
}
