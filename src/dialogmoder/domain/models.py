"""Pydantic models of everything people write: dialog.yaml, meeting.md, punkter, products.

Strict where a user could be surprised: text fields take only text (a number where an
id belongs is an error with a hint to quote it), flags take only true/false or ja/nej,
dates are YYYY-MM-DD and times HH:MM. Unknown keys are errors. Keys may be written
with æ, ø, å (`vært`) as well as without (`vaert`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
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
    WithJsonSchema,
    field_validator,
)

from dialogmoder.danish import besked
from dialogmoder.domain.dates import date_out_of_range, frist_out_of_range

_DANISH = (("aa", "å"), ("ae", "æ"), ("oe", "ø"))
_NO_AE_OE_AA = frozenset({"temaer"})  # Danish as it stands: `temaer` is not `temær`


def danish_spelling(name: str) -> str:
    """`bistaas_af` -> `bistås_af`: the spelling with æøå accepted as an alias."""
    if name in _NO_AE_OE_AA:
        return name
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
        # a model's validator is built when it is first used, not at import: a check
        # builds those of the files it reads (and nested ones once, inside them)
        defer_build=True,
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
                besked(
                    "must be true or false without quotes; found the text '{value}' in quotes"
                ).format(value=value)
            )
    raise ValueError(
        besked("must be true or false (or ja/nej); found '{value}'").format(value=value)
    )


def _parse_date(value: Any) -> Any:
    if isinstance(value, date):
        day = value
    elif isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(
                besked("{value} is not a date (no such day)").format(value=value)
            ) from None
    else:
        raise ValueError(
            besked("'{value}' is not a date; write YYYY-MM-DD, e.g. 2025-01-29").format(value=value)
        )
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
        raise ValueError(
            besked("'{value}' is not a time; write HH:MM, e.g. 09:30").format(value=value)
        )
    if isinstance(value, bool | int | float):
        raise ValueError(
            besked("{value!r} is a number, not a time; write HH:MM, e.g. 09:30").format(value=value)
        )
    raise ValueError(besked("is not a time; write HH:MM, e.g. 09:30"))


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


Text = Annotated[str, Strict(), StringConstraints(min_length=1)]
# lowercase letters (æ, ø and å too: `søren-kjær`), digits, `-` and `_`
Id = Annotated[
    str, Strict(), StringConstraints(pattern=r"^[a-z0-9æøå][a-z0-9æøå_-]*$", max_length=100)
]
Ids = Annotated[list[Id], BeforeValidator(_one_or_many)]
# A meeting's id goes into calendar UIDs, file names and web addresses: ASCII lowercase
# letters, digits and `-` only, as a folder name's slug (`2025-01-29-direktionen`).
MEETING_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
MeetingId = Annotated[str, Strict(), StringConstraints(pattern=MEETING_ID_PATTERN, max_length=100)]
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
        besked(
            "is not an OpenSSH public key line; copy the whole line of the .pub file, e.g."
            " 'ssh-ed25519 AAAAC3Nza... lene@laptop'"
        )
    )


SshKey = Annotated[str, Strict(), AfterValidator(_check_ssh_key)]
Frist = Annotated[int, Strict(), AfterValidator(_check_frist)]

FARVE_PATTERN = r"^#[0-9a-fA-F]{6}$"
URL_PATTERN = r"^https?://[^\s/?#]+[^\s]*$"
EMAIL_PATTERN = r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\".]+$"


def _check_farve(value: str) -> str:
    if re.fullmatch(FARVE_PATTERN, value):
        return value.lower()
    raise ValueError(f"'{value}' is not a colour; write #rrggbb in quotes, e.g. \"#00606b\"")


def _check_url(value: str) -> str:
    if re.fullmatch(URL_PATTERN, value):
        return value
    raise ValueError(
        f"'{value}' is not a web address; write it whole, e.g. https://www.syddjurs.dk/"
    )


def _check_email(value: str) -> str:
    if re.fullmatch(EMAIL_PATTERN, value):
        return value
    raise ValueError(f"'{value}' is not an e-mail address, e.g. kommunen@syddjurs.dk")


# checked here with a message that says what to write; the schema says the same by pattern
Farve = Annotated[
    str,
    Strict(),
    AfterValidator(_check_farve),
    WithJsonSchema({"type": "string", "pattern": FARVE_PATTERN}),
]
Url = Annotated[
    str,
    Strict(),
    AfterValidator(_check_url),
    WithJsonSchema({"type": "string", "pattern": URL_PATTERN}),
]
Email = Annotated[
    str,
    Strict(),
    AfterValidator(_check_email),
    WithJsonSchema({"type": "string", "pattern": EMAIL_PATTERN}),
]

Rolle = Literal[
    "borgmester", "kommunaldirektoer", "fagdirektoer", "chef", "konsulent", "medarbejder", "ekstern"
]
# The product kinds' ids, in the order of their records in kinds.py (the registry, which
# imports this module): written out for mypy and the schema's enum of `Forum.produkter`.
ProduktType = Literal["program", "baggrundsnotat", "facilitering", "opfoelgningsnotat"]
RuleSetting = Literal["error", "warning", "off"]  # a rule in `regler`: its severity, or off


# --- dialog.yaml -------------------------------------------------------------------------


class Person(Model):
    """Someone the meetings refer to by id; a role without a known name has only a titel."""

    navn: Text | None = Field(default=None, description="full name, e.g. Jonas Kroustrup")
    titel: Text | None = Field(
        default=None, description="job title shown before the name, e.g. Kommunaldirektør"
    )
    rolle: Rolle = Field(
        description="what the person is; forum rules name roles (godkendes_af: fagdirektoer)"
    )
    email: Text | list[Text] | None = Field(
        default=None, description="an address or a list; verify: who may record approvals"
    )
    signeringsnoegler: Annotated[list[SshKey], BeforeValidator(_one_or_many)] = Field(
        default_factory=list,
        description="OpenSSH public key lines ('ssh-ed25519 AAAA... comment') that sign"
        " this person's approvals",
    )
    github: (
        Annotated[str, Strict(), StringConstraints(pattern=r"^@?[A-Za-z0-9-]+(/[\w.-]+)?$")] | None
    ) = Field(
        default=None,
        description="GitHub user or team for dialog codeowners, e.g. @lene or @kommune/ls",
    )

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

    navn: Text = Field(description="the group's name, e.g. Ledelsessekretariatet (LS)")
    medlemmer: Ids = Field(default_factory=list, description="ids of the people in the group")


class ProduktRegel(Model):
    """What a forum requires of one product."""

    paakraevet: Literal["ja", "nej", "ved_behov"] = Field(
        default="ja",
        description="whether every meeting needs the product; ved_behov: only a meeting"
        " with facilitering: true",
    )
    frist: Frist | None = Field(
        default=None, description="days relative to the meeting date; -7 is one week before"
    )
    godkendes_af: Text | None = Field(
        default=None, description="a role (e.g. fagdirektoer) or 'ejer'; none: no approval"
    )


class FormoedeRegel(Model):
    """The pre-meeting a forum holds before each meeting (e.g. with the mayor)."""

    frist: Frist = Field(description="days relative to the meeting date, e.g. -3")
    med: Ids = Field(default_factory=list, description="people or roles who attend")
    start: Tid | None = Field(default=None, description="usual start time, e.g. 09:00")
    slut: Tid | None = Field(default=None, description="usual end time, e.g. 10:00")
    sted: Text | None = Field(default=None, description="usual place, e.g. Borgmesterens kontor")


class Forum(Model):
    """A kind of meeting (e.g. Direktionen, Strategisk dialogmøde) and its rules."""

    navn: Text = Field(description="the forum's name on every document, e.g. Direktionen")
    medlemmer: Ids = Field(
        default_factory=list, description="who attends its meetings unless a meeting says deltagere"
    )
    produkter: dict[ProduktType, ProduktRegel] = Field(
        default_factory=dict, description="the products each meeting needs, with frist and approver"
    )
    formoede: FormoedeRegel | None = Field(
        default=None, description="a pre-meeting held before each meeting"
    )
    kraever_signatur: Flag = Field(
        default=False, description="approvals must be commits signed by the approver's key"
    )
    offentlig: Flag = Field(
        default=False,
        description="publish the forum's meetings (their public editions) with `dialog site`",
    )
    referat_godkendes_af: Ids | None = Field(
        default=None,
        description="who may approve a meeting's referat (`dialog approve MEETING`): person"
        " ids, roles (e.g. kommunaldirektoer) or `medlem` (a member present at the meeting);"
        " default: medlem",
    )
    arrangoer: Id | None = Field(
        default=None,
        description="who sends the forum's invitations (dialog invitation): a person with an"
        " email; default: dialog.yaml's sekretariat",
    )


class Sekretariat(Model):
    """The secretariat that sends the meeting invitations (the organiser in calendars)."""

    navn: Text = Field(description="its name, e.g. Ledelsessekretariatet")
    email: Text = Field(description="the address invitations come from and replies go to")


class FokusGruppe(Model):
    """A focus area with sub-points, written instead of a plain text in a tema's fokus."""

    tekst: Text = Field(description="the focus area, e.g. Eksekvering på anlægsprojekter")
    under: list[Text] = Field(
        default_factory=list, description="its sub-points, e.g. [Havnen, Sydhavnen]"
    )


class Tema(Model):
    """A strategic theme that meetings take up (meeting.md: temaer)."""

    navn: Text = Field(description="the theme's name, e.g. Vækst og udvikling")
    fokus: list[Text | FokusGruppe] = Field(
        default_factory=list, description="its focus areas: a text, or tekst with under"
    )
    note: Text | None = Field(default=None, description="a remark about the theme")


class Situationsbillede(Model):
    """One of the process note's situation pictures."""

    titel: Text = Field(description="its heading")
    punkter: list[Text] = Field(default_factory=list, description="its points, one text each")


def _not_null(schema: dict[str, Any]) -> None:
    """A field's schema without its `null` alternative: written, it must have a value."""
    options = [o for o in schema.pop("anyOf", []) if o != {"type": "null"}]
    if len(options) == 1:
        schema.update(options[0])


class Kontakt(Model):
    """How a citizen reaches the organisation: shown in every footer of the site."""

    telefon: Text | None = Field(default=None, description="phone number, e.g. 87 53 50 00")
    email: Email | None = Field(
        default=None, description="e-mail address, e.g. kommunen@syddjurs.dk"
    )
    adresse: Text | None = Field(
        default=None, description="postal address, e.g. Lundbergsvej 2, 8400 Ebeltoft"
    )


class Websted(Model):
    """The public site's address and look (`dialog site`)."""

    url: Url | None = Field(
        default=None,
        description="the site's own address, for absolute links and feeds,"
        " e.g. https://moeder.syddjurs.dk/",
    )
    farve: Farve | None = Field(
        default=None,
        description='the house colour as #rrggbb in quotes, e.g. "#00606b"; a colour too pale'
        " for text is darkened where text needs it",
        json_schema_extra=lambda schema: _not_null(schema),
    )
    kontakt: Kontakt | None = Field(
        default=None, description="phone, e-mail and address in every page's footer"
    )
    hjemmeside: Url | None = Field(
        default=None,
        description="the organisation's own website, linked from every page,"
        " e.g. https://www.syddjurs.dk/",
    )

    @field_validator("farve", mode="before")
    @classmethod
    def _farve_in_quotes(cls, value: Any) -> Any:
        # `farve: #00606b` is `farve:` and a comment to YAML: an empty value, not a colour
        if value is None:
            raise ValueError('is empty; write the colour in quotes, e.g. farve: "#00606b"')
        return value


class Config(Model):
    """dialog.yaml: the organisation, its people, fora and themes."""

    organisation: Text = Field(
        description="the organisation's name, heading every document, e.g. Norddjurs Kommune"
    )
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
    personer: dict[Id, Person] = Field(
        default_factory=dict, description="everyone the meetings name, by id, e.g. jonas-kroustrup"
    )
    konfiguration_ejes_af: list[Id] = Field(
        default_factory=list,
        description="the people (ids) who review a change to dialog.yaml: `dialog codeowners`"
        " writes the /dialog.yaml line with their github handles",
    )
    grupper: dict[Id, Gruppe] = Field(
        default_factory=dict, description="groups that can host or assist a meeting, by id"
    )
    fora: dict[Id, Forum] = Field(
        default_factory=dict,
        description="the kinds of meeting, by id; meeting.md names one in forum",
    )
    temaer: dict[Id, Tema] = Field(
        default_factory=dict, description="strategic themes, by id; meeting.md lists some in temaer"
    )
    situationsbilleder: list[Situationsbillede] = Field(
        default_factory=list, description="the process note's situation pictures"
    )
    regler: dict[str, RuleSetting] = Field(
        default_factory=dict, description="a rule's severity by its id, e.g. DM101: warning"
    )
    varsel_arbejdsdage: Int = Field(
        default=3, description="warn when a frist is this many working days away or fewer"
    )
    sekretariat: Sekretariat | None = Field(
        default=None,
        description="the organiser of every forum's invitations unless the forum names an"
        " arrangoer",
    )
    moedemappe_url: Text | None = Field(
        default=None,
        description="where the members read the mødemappe (dialog site --intern), e.g."
        " https://intra.kommune.dk/moedemappe/; invitations link each meeting's page there",
    )
    tilgaengelighed: Text | None = Field(
        default=None,
        description="the address of the accessibility statement (tilgængelighedserklæring)"
        " made in WAS-Tool, linked from every page of the site as the law asks, e.g."
        " https://was.digst.dk/moeder-syddjurs-dk; or the statement's text",
    )
    websted: Websted | None = Field(
        default=None, description="the public site's address, colour and contact"
    )

    def person_name(self, ref: str) -> str:
        """'Kommunaldirektør Jonas Kroustrup'; a group's navn; the id itself if unknown."""
        person = self.personer.get(ref)
        if person is not None:
            return person.visningsnavn()
        gruppe = self.grupper.get(ref)
        return gruppe.navn if gruppe is not None else ref

    def names(self, refs: Iterable[str]) -> tuple[str, ...]:
        """Each id's `person_name`."""
        return tuple(self.person_name(ref) for ref in refs)

    def short_name(self, ref: str, by_titel: bool = False) -> str:
        """How the årsplan names a person or a group, as the process note does.

        A vært by first name ("Jonas og Kim"); someone who assists `by_titel` ("Stabschef"),
        or by first name when no titel is known ("Henrik og Lisette"); a group by its navn.
        """
        person = self.personer.get(ref)
        if person is not None:
            if by_titel and person.titel:
                return person.titel
            if person.navn:
                return person.navn.split()[0]
            return person.titel or ref
        gruppe = self.grupper.get(ref)
        return gruppe.navn if gruppe else ref


# --- meeting.md --------------------------------------------------------------------------


class Pause(Model):
    """A break in the meeting, shown in the tidsplan and between underpunkter."""

    tid: Tid = Field(description="when the break begins, e.g. 10:00")
    titel: Text = Field(default="Pause", description="its text in the tidsplan, e.g. Frokost")


class Formoede(Model):
    """The planned pre-meeting of one meeting; unset fields come from the forum's rule."""

    dato: Dato | None = Field(default=None, description="its day, e.g. 2025-01-26")
    start: Tid | None = Field(default=None, description="start time, e.g. 09:00")
    slut: Tid | None = Field(default=None, description="end time, e.g. 10:00")
    sted: Text | None = Field(default=None, description="place, e.g. Borgmesterens kontor")


MoedeStatus = Literal["planlagt", "afholdt", "udskudt", "aflyst"]


class ReferatGodkendelse(Model):
    """The referat's approval, as `dialog approve MEETING --by PERSON` writes it."""

    af: Id = Field(description="who approved the referat: a person id")
    dato: Dato = Field(description="the day it was approved, e.g. 2025-02-03")
    hash: Text = Field(
        description="what the approval covers (the decisions and what the referat shows);"
        " an edit afterwards makes it stale"
    )


class Meeting(Model):
    """meeting.md: one meeting; the body below the front matter is a free introduction."""

    id: MeetingId | None = Field(
        default=None,
        description="the meeting's lasting id, which its calendar events, file names and"
        " site pages keep when the folder is renamed (a new date); default: the folder's"
        " name, e.g. 2025-01-29-direktionen",
    )
    forum: Id = Field(description="the forum's id in dialog.yaml, e.g. direktionen")
    titel: Text = Field(description="the meeting's title, e.g. Vækst, bosætning og klima")
    dato: Dato = Field(description="the day of the meeting, e.g. 2025-01-29")
    start: Tid | None = Field(default=None, description="start time, e.g. 09:00")
    slut: Tid | None = Field(default=None, description="end time, e.g. 15:30")
    sted: Text | None = Field(default=None, description="place, e.g. Mødelokale 1, Rådhuset")
    status: MoedeStatus = Field(
        default="planlagt", description="planlagt, afholdt (held), udskudt or aflyst (cancelled)"
    )
    vaert: Ids = Field(default_factory=list, description="who hosts it: people or groups")
    bistaas_af: Ids = Field(
        default_factory=list, description="who assists the host: people or groups"
    )
    ejere: Ids = Field(
        default_factory=list,
        description="who owns the meeting; they approve where godkendes_af is ejer",
    )
    fagdirektoer: Id | None = Field(
        default=None, description="the fagdirektør who approves where godkendes_af is fagdirektoer"
    )
    deltagere: Ids | None = Field(
        default=None, description="who attends; default: the forum's medlemmer"
    )
    fravaerende: Ids = Field(
        default_factory=list, description="who does not attend (deltager ikke)"
    )
    afbud: Ids = Field(
        default_factory=list,
        description="members who sent regrets (meldt afbud): shown under Afbud in the"
        " referat, not under Medlemmer, not among the signatories",
    )
    formoede: Formoede | None = Field(
        default=None, description="when and where the pre-meeting is held"
    )
    facilitering: Flag = Field(
        default=False, description="the meeting needs materiale til facilitering (ved_behov)"
    )
    temaer: Ids = Field(
        default_factory=list, description="ids of the themes in dialog.yaml it takes up"
    )
    pauser: list[Pause] = Field(default_factory=list, description="breaks, shown in the tidsplan")
    note: Text | None = Field(
        default=None, description="a short remark shown with the meeting, e.g. Vinterferie"
    )
    referat_godkendt: ReferatGodkendelse | None = Field(
        default=None,
        description="the referat's approval, written by `dialog approve MEETING`: af, dato, hash",
    )


# --- punkter -----------------------------------------------------------------------------


class Bilag(Model):
    """An attachment; closed unless it says `lukket: false` (closed-by-mistake beats open)."""

    titel: Text | None = Field(
        default=None, description="the attachment's title; it names the file in the PDF"
    )
    dokumentnr: Text | None = Field(default=None, description="document id, e.g. 21037/25")
    lukket: Flag = Field(
        default=True, description="closed (left out of public editions) unless false"
    )
    fil: Text | None = Field(
        default=None, description="path relative to the meeting folder, e.g. bilag/plan.pdf"
    )


class Underpunkt(Model):
    """A sub-point of a punkt, with its own time, text, participants and decision."""

    titel: Text = Field(description="the sub-point's title")
    tid: Tid | None = Field(default=None, description="when it is taken up, e.g. 10:15")
    tekst: Text | None = Field(default=None, description="a short text about it")
    deltager: Ids = Field(default_factory=list, description="who takes part under this sub-point")
    inhabile: Ids = Field(
        default_factory=list,
        description="members who left during this sub-point because of inhabilitet"
        " (disqualification); the referat says so",
    )
    beslutning: Text | None = Field(
        default=None, description="the decision, written after the meeting"
    )


class Protokoltilfoersel(Model):
    """A remark or dissent a member asks to have recorded under the punkt's decision."""

    af: Id = Field(description="the member who asks for it, e.g. kim-bruun-nielsen")
    tekst: Text = Field(description="the remark as it is to be recorded")


Auto = Literal["tidsplan", "kommende-moeder"]


class Punkt(Model):
    """One numbered agenda item. Closed unless it says `lukket: false`."""

    titel: Text = Field(description="the punkt's title, e.g. Udmøntningsplan 2025-2028")
    tid: Tid | None = Field(default=None, description="when it is taken up, e.g. 10:45")
    lukket: Flag = Field(
        default=True, description="closed (only its offentlig_titel in public) unless false"
    )
    offentlig_titel: Text | None = Field(
        default=None, description="the title a public edition shows for a closed punkt"
    )
    sagsgang: Text | None = Field(
        default=None, description="who the case comes through, e.g. Økonomichef"
    )
    sagsansvarlig: Text | None = Field(default=None, description="the case officer")
    kle: Text | None = Field(default=None, description="KLE number, e.g. 00.30.10.S00")
    sagsnr: Text | None = Field(default=None, description="case number, e.g. 24/7615")
    deltager: Ids = Field(default_factory=list, description="who joins the meeting for this punkt")
    tidsplan_tekst: Text | None = Field(
        default=None, description="the text in the tidsplan's Punkt column, if not the titel"
    )
    bilag: list[Bilag] = Field(
        default_factory=list, description="attachments, numbered in list order"
    )
    auto: Auto | None = Field(
        default=None, description="a generated table at the body's [[auto]] line"
    )
    underpunkter: list[Underpunkt] = Field(
        default_factory=list,
        description="sub-points, each with its own time, participants and decision",
    )
    kraever_beslutning: Flag = Field(
        default=True, description="false for a standing punkt that records no decision"
    )
    inhabile: Ids = Field(
        default_factory=list,
        description="members who left during the punkt because of inhabilitet"
        " (disqualification); the referat says so under the decision",
    )
    protokoltilfoersler: list[Protokoltilfoersel] = Field(
        default_factory=list,
        description="remarks members asked to have recorded, shown under the decision"
        " (public with the punkt: closed with a closed punkt)",
    )


# --- products ----------------------------------------------------------------------------


class Produkt(Model):
    """The keys every product has; its body is the product's text."""

    titel: Text | None = Field(
        default=None, description="the product's title, if not the meeting's titel"
    )
    status: Literal["udkast", "godkendt"] = Field(
        default="udkast", description="set to godkendt by dialog approve"
    )
    godkendt_af: Id | None = Field(
        default=None, description="who approved it; written by dialog approve"
    )
    godkendt_dato: Dato | None = Field(
        default=None, description="the day it was approved; written by dialog approve"
    )
    godkendt_hash: Text | None = Field(
        default=None, description="hash of the approved content; written by dialog approve"
    )


class Programpunkt(Model):
    """One row of the program."""

    tid: Tid | None = Field(default=None, description="when it begins, e.g. 09:00")
    titel: Text = Field(description="what happens, e.g. Velkomst")
    ansvarlig: Ids = Field(default_factory=list, description="who is responsible: people or groups")


class Program(Produkt):
    """program.md: the meeting's program."""

    programpunkter: list[Programpunkt] = Field(
        default_factory=list, description="the program's rows"
    )


class Henvisning(Model):
    """A reference the baggrundsnotat builds on."""

    titel: Text = Field(description="what is referred to, e.g. Økonomiaftalen 2025")
    type: Literal["politisk_aftale", "lovgrundlag", "analyse", "andet"] = Field(
        default="andet", description="the kind of reference"
    )
    url: Text | None = Field(default=None, description="where to read it, e.g. https://…")


class Baggrundsnotat(Produkt):
    """baggrundsnotat.md: the background note sent out before the meeting."""

    henvisninger: list[Henvisning] = Field(
        default_factory=list, description="political agreements, laws and analyses it builds on"
    )


class Facilitering(Produkt):
    """facilitering.md: the materiale til facilitering af dialog."""


class Initiativ(Model):
    """A follow-up action: what, who, short or long term, by when, open or done."""

    hvad: Text = Field(description="what is to be done, e.g. Analyse af bosætning")
    hvem: Ids = Field(description="who does it: people or groups")
    sigt: Literal["kort", "lang"] = Field(description="short or long term")
    frist: Dato | None = Field(default=None, description="done by this day, e.g. 2025-06-30")
    status: Literal["aaben", "afsluttet"] = Field(
        default="aaben", description="open, or afsluttet when done"
    )
    afsluttet_dato: Dato | None = Field(default=None, description="the day it was done")
    note: Text | None = Field(default=None, description="a remark shown with the initiativ")


class Opfoelgningsnotat(Produkt):
    """opfoelgningsnotat.md: the follow-up note after the meeting."""

    initiativer: list[Initiativ] = Field(
        default_factory=list, description="follow-up actions agreed at the meeting"
    )
