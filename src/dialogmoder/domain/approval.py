"""Approvals in the domain: what an approval covers, when it is still current, and who
may give it; one recipe for `check`, `status`, `render`, `calendar` and `dialog approve`.

What an approval covers (`approval_hash`): the product file's content and the fields of
its meeting.md that the rendered product shows (its kind's `shown_from_meeting` in kinds.py),
so that moving the meeting's time or place makes an approved program stale, as editing its
text does.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from dialogmoder.danish import besked
from dialogmoder.domain.kinds import PRODUKTER
from dialogmoder.domain.models import Config, Meeting, Produkt

if TYPE_CHECKING:
    from dialogmoder.domain.loader import Document
    from dialogmoder.domain.repository import MeetingFolder


def approver_problem(config: Config, meeting: Meeting, produkt: str, person_id: str) -> str | None:
    """Why `person_id` may not approve this product of this meeting; None if they may.

    The forum's `godkendes_af` is a role (the person must have it; for `fagdirektoer`,
    when the meeting names its fagdirektør, it must be that person), or `ejer` (the
    person must be one of the meeting's `ejere`). Without `godkendes_af` any person in
    dialog.yaml may mark the product final.
    """
    import difflib

    kind = PRODUKTER.get(produkt)
    navn = kind.navn if kind else produkt
    person = config.personer.get(person_id)
    if person is None:
        close = difflib.get_close_matches(person_id, list(config.personer), n=1)
        hint = besked("; did you mean '{close}'?").format(close=close[0]) if close else ""
        return besked("'{person_id}' is not a person in dialog.yaml{hint}").format(
            person_id=person_id, hint=hint
        )
    forum = config.fora.get(meeting.forum)
    regel = forum.produkter.get(kind.id) if forum and kind else None
    if regel is None:
        return besked("the forum '{forum}' has no {navn}; there is nothing to approve").format(
            forum=meeting.forum, navn=navn
        )
    who = regel.godkendes_af
    if who is None:
        return None
    shown = f"{person.visningsnavn()} ({person_id})"
    if who == "ejer":
        if person_id in meeting.ejere:
            return None
        ejere = ", ".join(meeting.ejere) or besked("none listed")
        return besked(
            "{shown} is not an ejer of this meeting (ejere: {ejere}); the {navn} is"
            " approved by an ejer"
        ).format(shown=shown, ejere=ejere, navn=navn)
    if person.rolle != who:
        return besked(
            "{shown} has the role '{rolle}'; the {navn} must be approved by a {who}"
        ).format(shown=shown, rolle=person.rolle, navn=navn, who=who)
    if who == "fagdirektoer" and meeting.fagdirektoer and meeting.fagdirektoer != person_id:
        return besked(
            "{shown} is not this meeting's fagdirektør ({fagdirektoer}); the {navn} must be"
            " approved by the meeting's fagdirektør"
        ).format(shown=shown, fagdirektoer=meeting.fagdirektoer, navn=navn)
    return None


APPROVAL_KEYS = ("status", "godkendt_af", "godkendt_dato", "godkendt_hash")

# What every rendered product shows from its meeting.md: the forum's name and the date in its
# heading (and the meeting's titel when the product has none). What one kind shows besides
# is its record's `shown_from_meeting` in kinds.py.
SHOWN_BY_EVERY_PRODUCT = ("forum", "dato")


def shown_meeting_fields(type_: str, meeting: Meeting, has_titel: bool) -> dict[str, Any]:
    """The meeting.md values a rendered product shows, as JSON values: what its approval
    covers besides the product file itself."""
    names = [*SHOWN_BY_EVERY_PRODUCT, *PRODUKTER[type_].shown_from_meeting]
    if not has_titel:
        names.append("titel")
    values: dict[str, Any] = meeting.model_dump(mode="json", include=set(names))
    return values


# The recipes of `approval_hash`, by the prefix of the hash they write. A stored hash is
# checked by the recipe it was made with (so an upgrade never makes an approval stale);
# `dialog approve` writes the newest (`CURRENT_RECIPE`).
V1 = "sha256:"  # the product file and the meeting.md values it shows
V2 = "v2:sha256:"  # v1, and the dialog.yaml values it shows (names of forum, tema, people)
CURRENT_RECIPE = V2


def approval_hash(
    text: str,
    type_: str,
    meeting: Meeting,
    config: Config | None = None,
    approver: str | None = None,
) -> str:
    """The hash `dialog approve` records as `godkendt_hash`, for a product's file text.

    1. the file's text, NFC-normalised, with CRLF and CR line endings turned into LF;
    2. split into front matter and body at the `---` lines;
    3. the front matter parsed (YAML 1.2 core, as the loader reads it) without the approval
       keys (`APPROVAL_KEYS`), written as JSON with sorted keys, no spaces, characters as
       they are;
    4. the body without leading and trailing line breaks;
    5. the meeting.md values the rendered product shows (`shown_meeting_fields`), as JSON
       the same way;
    6. recipe v2 (given `config`): the dialog.yaml values the rendered product shows
       (`shown_config_values`: organisation, the forum's navn, the name of every person and
       group it names, the approver included, and of every tema), as JSON the same way;
    7. SHA-256 of these joined by `"\\n---\\n"`, as UTF-8: the recipe's prefix (`sha256:`
       for v1, without step 6; `v2:sha256:`) + 16 hex digits.

    So a comment, the quoting or the line endings can change and the approval stands; any
    changed value or word of the product, of what it shows from meeting.md, or (v2) of a
    name it shows from dialog.yaml, makes it stale (`forældet`, DM302).
    """
    return _hash_of(*_content(text), type_, meeting, config, approver)


def _hash_of(
    front: dict[str, Any],
    body: str,
    type_: str,
    meeting: Meeting,
    config: Config | None,
    approver: str | None,
) -> str:
    """`approval_hash` of a product's front matter (without the approval keys) and body."""
    shown = shown_meeting_fields(type_, meeting, has_titel=bool(front.get("titel")))
    parts = [_json(front), body, _json(shown)]
    if config is None:
        return V1 + _digest(parts)
    refs = [*_strings(front), *_strings(shown), *([approver] if approver else [])]
    parts.append(_json(shown_config_values(config, meeting, refs)))
    return V2 + _digest(parts)


def recipe_of(recorded: str) -> str | None:
    """The recipe prefix a stored hash was made with; None for one no recipe writes."""
    for prefix in (V2, V1):
        if recorded.startswith(prefix):
            return prefix
    return None


def shown_config_values(config: Config, meeting: Meeting, refs: Iterable[str]) -> dict[str, Any]:
    """The dialog.yaml values a rendered document of `meeting` shows: the organisation and
    the sender line of its heading, the forum's navn, and the name of each id in `refs`
    that is a person, a group or a tema (as the documents write them)."""
    forum = config.fora.get(meeting.forum)
    names: dict[str, str] = {}
    for ref in sorted(set(refs)):
        if ref in config.personer or ref in config.grupper:
            names[ref] = config.person_name(ref)
        elif ref in config.temaer:
            names[ref] = config.temaer[ref].navn
    return {
        "organisation": config.organisation,
        "afsender": config.afsender,
        "forum": forum.navn if forum else None,
        "navne": names,
    }


def matches(
    recorded: str,
    text: str,
    type_: str,
    meeting: Meeting,
    config: Config,
    approver: str | None,
) -> bool:
    """The stored hash equals the content's, by the recipe the stored one was made with."""
    recipe = recipe_of(recorded)
    if recipe is None:
        return False
    made = approval_hash(text, type_, meeting, config if recipe == V2 else None, approver)
    return made == recorded


def approval_is_current(doc: Document[Produkt], meeting: Meeting | None, config: Config) -> bool:
    """Approved, with a recorded hash that matches the content (and its meeting, and with
    recipe v2 what it shows of dialog.yaml) as it is now.

    Without a readable meeting.md nothing can be said to be approved.
    """
    from dialogmoder.domain.loader import LoadError
    from dialogmoder.domain.yamlsafe import YamlError

    recorded = doc.data.godkendt_hash
    if doc.data.status != "godkendt" or not recorded or meeting is None:
        return False
    if doc.text is None:
        raise ValueError(f"{doc.path} was loaded without its text; a product keeps it")
    if doc.front is not None:  # what loading parsed: the same as parsing doc.text again
        recipe = recipe_of(recorded)
        if recipe is None:
            return False
        front = {key: value for key, value in doc.front.items() if key not in APPROVAL_KEYS}
        made = _hash_of(
            front,
            doc.body.strip("\n"),
            _type_of(doc),
            meeting,
            config if recipe == V2 else None,
            doc.data.godkendt_af,
        )
        return made == recorded
    try:
        return matches(recorded, doc.text, _type_of(doc), meeting, config, doc.data.godkendt_af)
    except (LoadError, YamlError):
        return False


def _digest(parts: list[str]) -> str:
    return hashlib.sha256("\n---\n".join(parts).encode("utf-8")).hexdigest()[:16]


def _strings(value: object) -> Iterator[str]:
    """Every string in a JSON value, keys left out: the ids a document may name."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _type_of(doc: Document[Produkt]) -> str:
    return doc.path.rsplit("/", 1)[-1].removesuffix(".md")


@lru_cache(maxsize=4096)  # several rules and views ask for the same product's content
def _content(text: str) -> tuple[dict[str, Any], str]:
    from dialogmoder.domain.loader import split_front_matter
    from dialogmoder.domain.yamlsafe import parse_yaml

    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    split = split_front_matter("", text)
    data = parse_yaml(split.yaml_text).data or {}
    if not isinstance(data, dict):
        data = {"": data}
    front = {key: value for key, value in data.items() if key not in APPROVAL_KEYS}
    return front, split.body.strip("\n")


def _json(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


# --- the referat -------------------------------------------------------------------------

# What the referat shows of meeting.md besides its body (the introduction): its approval
# covers these, so changing one makes the approval stale. Add a field here when the
# referat starts to show it (a value left at its default does not count, so an approval
# stays current when a new field is added). Of each punkt the approval covers every field
# and word (`referat_hash`), decisions and underpunkt decisions included.
REFERAT_SHOWN_FROM_MEETING = (
    "forum",
    "titel",
    "dato",
    "start",
    "slut",
    "sted",
    "status",
    "deltagere",
    "fravaerende",
    "afbud",
    "pauser",
)
# who may approve a referat when the forum's `referat_godkendes_af` says nothing
REFERAT_DEFAULT_APPROVERS = ("medlem",)
MEDLEM = "medlem"


def referat_hash(config: Config, folder: MeetingFolder, approver: str) -> str:
    """The hash `dialog approve MEETING` records as `referat_godkendt.hash` (recipe v2):

    1. the meeting.md values the referat shows (`REFERAT_SHOWN_FROM_MEETING`, and the
       forum's `medlemmer` when the meeting names no `deltagere`), as JSON (values at their
       defaults left out), and meeting.md's body without leading and trailing line breaks;
    2. every punkt in number order: its number, every front matter value (as JSON, values
       at their defaults left out: decisions and underpunkter with theirs included) and its
       body (Beslutning and every other section);
    3. the dialog.yaml values the referat shows (`shown_config_values`: organisation, the
       forum's navn, the name of every person and group it names, the approver included);
    4. SHA-256 of these joined by `"\\n---\\n"` (text NFC, LF line endings): `v2:sha256:`
       + 16 hex digits.

    A punkt that cannot be read has no hash: ValueError.
    """
    meeting = folder.meeting
    if meeting is None or folder.doc is None:
        raise ValueError(besked("{path}/meeting.md cannot be read").format(path=folder.path))
    shown: dict[str, Any] = meeting.model_dump(
        mode="json", include=set(REFERAT_SHOWN_FROM_MEETING), exclude_defaults=True
    )
    forum = config.fora.get(meeting.forum)
    if meeting.deltagere is None:
        shown["medlemmer"] = list(forum.medlemmer) if forum else []
    punkter: list[dict[str, Any]] = []
    for pf in folder.punkter:
        if pf.doc is None:
            raise ValueError(besked("{path} cannot be read").format(path=pf.path))
        punkter.append(
            {
                "nr": pf.nr,
                "punkt": pf.doc.data.model_dump(mode="json", exclude_defaults=True),
                "tekst": _plain(pf.doc.body),
            }
        )
    refs = [*_strings(shown), *_strings(punkter), approver]
    parts = [
        _json(shown),
        _plain(folder.doc.body),
        _json(punkter),
        _json(shown_config_values(config, meeting, refs)),
    ]
    return V2 + _digest(parts)


def referat_is_current(config: Config, folder: MeetingFolder) -> bool:
    """The referat is approved, and its recorded hash matches the meeting as it is now."""
    meeting = folder.meeting
    if meeting is None or meeting.referat_godkendt is None:
        return False
    recorded = meeting.referat_godkendt
    try:
        return referat_hash(config, folder, recorded.af) == recorded.hash
    except ValueError:
        return False


def referat_approver_problem(config: Config, meeting: Meeting, person_id: str) -> str | None:
    """Why `person_id` may not approve this meeting's referat; None if they may.

    The forum's `referat_godkendes_af` lists person ids, roles (`kommunaldirektoer`) and
    `medlem`: a member who was at the meeting (its `deltagere`, else the forum's
    `medlemmer`, without the `fravaerende`). Without it, `medlem`.
    """
    import difflib

    person = config.personer.get(person_id)
    if person is None:
        close = difflib.get_close_matches(person_id, list(config.personer), n=1)
        hint = besked("; did you mean '{name}'?").format(name=close[0]) if close else ""
        return besked("'{person}' is not a person in dialog.yaml{hint}").format(
            person=person_id, hint=hint
        )
    forum = config.fora.get(meeting.forum)
    allowed = (
        forum.referat_godkendes_af
        if forum is not None and forum.referat_godkendes_af is not None
        else list(REFERAT_DEFAULT_APPROVERS)
    )
    if person_id in allowed or person.rolle in allowed:
        return None
    if MEDLEM in allowed and person_id in present_members(config, meeting):
        return None
    return besked(
        "{person} may not approve the referat: the forum's referat_godkendes_af is {allowed}"
        " ({medlem}: a member who was at the meeting)"
    ).format(
        person=f"{person.visningsnavn()} ({person_id})",
        allowed=", ".join(allowed) or "[]",
        medlem=MEDLEM,
    )


def present_members(config: Config, meeting: Meeting) -> list[str]:
    """Who was at the meeting: its `deltagere` (else the forum's `medlemmer`), without the
    `fravaerende` and those who sent regrets (`afbud`)."""
    forum = config.fora.get(meeting.forum)
    deltagere = (
        meeting.deltagere if meeting.deltagere is not None else (forum.medlemmer if forum else [])
    )
    return [d for d in deltagere if d not in meeting.fravaerende and d not in meeting.afbud]


def _plain(text: str) -> str:
    """Text as the hash reads it: NFC, LF line endings, no leading or trailing line breaks."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return text.strip("\n")
