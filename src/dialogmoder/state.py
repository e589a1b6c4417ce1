"""Every state question, answered in one place.

What a meeting needs and what state it and each of its products are in, asked by `dialog
check`'s rules, `status`, `calendar`, `plan`, `codeowners`, `render` and `export` alike, so
that no view can say "godkendt" where `check` says the approval is stale.

- a meeting is *cancelled* when it is `udskudt` or `aflyst`: it needs nothing;
- a meeting is *held* when it is `afholdt`, or *overdue*: past its date and still
  `planlagt`; a held meeting needs every decision;
- a meeting is *archive* when it is before dialog.yaml's `gaelder_fra`: completeness and
  deadline rules, frister and CODEOWNERS skip it;
- the products a meeting needs (`required_products`) and their frister;
- a product is `mangler`, `fejl` (there, but cannot be read), `udkast`, `godkendt` (and
  unchanged since) or `forældet` (changed after the approval);
- the errors of one file or one meeting, which keep it out of every rendering.

What an approval covers (`approval_hash`): the product file's content and the fields of
its meeting.md that the rendered product shows (see `SHOWN_FROM_MEETING`), so that moving the
meeting's time or place makes an approved program stale, as editing its text does.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

from dialogmoder.dates import frist_date
from dialogmoder.models import PRODUKT_TYPER, Config, Forum, Meeting, Produkt, ProduktRegel

if TYPE_CHECKING:
    from dialogmoder.findings import Finding
    from dialogmoder.loader import Document
    from dialogmoder.repository import MeetingFolder, Repository

__all__ = [
    "APPROVAL_KEYS",
    "CANCELLED",
    "Krav",
    "ProductState",
    "approval_hash",
    "approval_is_current",
    "file_errors",
    "formoede_frist",
    "formoede_of",
    "is_archive",
    "is_cancelled",
    "is_held",
    "is_overdue",
    "is_wanted",
    "meeting_errors",
    "product_state",
    "required_products",
    "shown_meeting_fields",
]

# --- meetings ------------------------------------------------------------------------------

CANCELLED = ("udskudt", "aflyst")


def is_cancelled(meeting: Meeting) -> bool:
    """`udskudt` or `aflyst`: the meeting needs no products, formøde or decisions."""
    return meeting.status in CANCELLED


def is_overdue(meeting: Meeting, today: date) -> bool:
    """Its date has passed and it still says `planlagt`: nobody recorded what happened."""
    return meeting.status == "planlagt" and meeting.dato < today


def is_held(meeting: Meeting, today: date) -> bool:
    """`afholdt`, or overdue (`is_overdue`): its referat needs every decision."""
    return meeting.status == "afholdt" or is_overdue(meeting, today)


def is_archive(config: Config, meeting: Meeting) -> bool:
    """Before dialog.yaml's `gaelder_fra`: held before the repository was adopted."""
    return config.gaelder_fra is not None and meeting.dato < config.gaelder_fra


def file_errors(repo: Repository, path: str) -> list[Finding]:
    """The errors found while loading one file (its path relative to the root)."""
    return repo.errors_by_path.get(path, [])


def meeting_errors(repo: Repository, folder: MeetingFolder) -> list[Finding]:
    """The errors found while loading any file in a meeting folder: it cannot be rendered."""
    prefix = folder.path + "/"
    errors = repo.errors_by_path
    return [f for path in sorted(errors) if path.startswith(prefix) for f in errors[path]]


# --- what a meeting needs ------------------------------------------------------------------


@dataclass(frozen=True)
class Krav:
    """One product a meeting needs: its type, the forum's rule and the frist as a date."""

    type: str
    regel: ProduktRegel
    frist: date | None

    @property
    def after_meeting(self) -> bool:
        """Due after the meeting (the opfølgningsnotat): it cannot exist before."""
        return self.regel.frist is not None and self.regel.frist > 0


def is_wanted(regel: ProduktRegel, meeting: Meeting, present: bool = False) -> bool:
    """Required by the forum (`ved_behov` when the meeting asks for it), or written anyway."""
    return (
        regel.paakraevet == "ja"
        or (regel.paakraevet == "ved_behov" and meeting.facilitering)
        or present
    )


def required_products(config: Config, meeting: Meeting) -> list[Krav]:
    """The products the meeting's forum requires, `ved_behov` ones only when asked for."""
    forum = config.fora.get(meeting.forum)
    if forum is None or is_cancelled(meeting):
        return []
    krav = []
    for type_ in PRODUKT_TYPER:
        regel = forum.produkter.get(type_)
        if regel is None or not is_wanted(regel, meeting):
            continue
        frist = frist_date(meeting.dato, regel.frist) if regel.frist is not None else None
        krav.append(Krav(type_, regel, frist))
    return krav


def formoede_frist(config: Config, meeting: Meeting) -> date | None:
    """The day by which the forum's formøde must be held, or None if it has none."""
    forum = config.fora.get(meeting.forum)
    if forum is None or forum.formoede is None or is_cancelled(meeting):
        return None
    return frist_date(meeting.dato, forum.formoede.frist)


def formoede_of(forum: Forum | None, meeting: Meeting) -> tuple[date, time | None, time | None]:
    """(dato, start, slut) of a meeting's formøde, or raise LookupError when it has none."""
    own = meeting.formoede
    rule = forum.formoede if forum else None
    if own is None and rule is None:
        raise LookupError(meeting.titel)
    if own is not None and own.dato is not None:
        dato = own.dato
    elif rule is not None:
        dato = frist_date(meeting.dato, rule.frist)
    else:
        raise LookupError(meeting.titel)
    start = own.start if own and own.start else (rule.start if rule else None)
    slut = own.slut if own and own.slut else (rule.slut if rule else None)
    return dato, start, slut


# --- products ------------------------------------------------------------------------------

ProductState = Literal["mangler", "fejl", "udkast", "godkendt", "forældet"]
"""mangler: no file; fejl: the file is there but has errors; udkast: a draft; godkendt:
approved and unchanged since; forældet: approved, but the product (or what it shows from its
meeting.md) changed after the approval, or approved by hand without a hash."""


def product_state(repo: Repository, folder: MeetingFolder, type_: str) -> ProductState:
    """The state of one product of one meeting; see `ProductState`."""
    doc = folder.produkter.get(type_)
    if doc is None:
        return "fejl" if file_errors(repo, f"{folder.path}/{type_}.md") else "mangler"
    if doc.data.status != "godkendt":
        return "udkast"
    return "godkendt" if approval_is_current(doc, folder.meeting) else "forældet"


APPROVAL_KEYS = ("status", "godkendt_af", "godkendt_dato", "godkendt_hash")

# What each rendered product shows from its meeting.md (besides the forum's name and the date,
# which every product's heading shows, and the meeting's titel when the product has none).
SHOWN_FROM_MEETING: Mapping[str, tuple[str, ...]] = {
    "program": ("start", "slut", "sted", "temaer", "vaert", "bistaas_af"),
}
SHOWN_BY_EVERY_PRODUCT = ("forum", "dato")


def shown_meeting_fields(type_: str, meeting: Meeting, has_titel: bool) -> dict[str, Any]:
    """The meeting.md values a rendered product shows, as JSON values: what its approval
    covers besides the product file itself."""
    names = [*SHOWN_BY_EVERY_PRODUCT, *SHOWN_FROM_MEETING.get(type_, ())]
    if not has_titel:
        names.append("titel")
    values: dict[str, Any] = meeting.model_dump(mode="json", include=set(names))
    return values


def approval_hash(text: str, type_: str, meeting: Meeting) -> str:
    """The hash `dialog approve` records as `godkendt_hash`, for a product's file text.

    1. the file's text, NFC-normalised, with CRLF and CR line endings turned into LF;
    2. split into front matter and body at the `---` lines;
    3. the front matter parsed (YAML 1.2 core, as the loader reads it) without the approval
       keys (`APPROVAL_KEYS`), written as JSON with sorted keys, no spaces, characters as
       they are;
    4. the body without leading and trailing line breaks;
    5. the meeting.md values the rendered product shows (`shown_meeting_fields`), as JSON
       the same way;
    6. SHA-256 of the three joined by `"\\n---\\n"`, as UTF-8: `sha256:` + 16 hex digits.

    So a comment, the quoting or the line endings can change and the approval stands; any
    changed value or word of the product, or of what it shows from meeting.md, makes it
    stale (`forældet`, DM302).
    """
    front, body = _content(text)
    shown = shown_meeting_fields(type_, meeting, has_titel=bool(front.get("titel")))
    payload = "\n---\n".join((_json(front), body, _json(shown)))
    return "sha256:" + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def approval_is_current(doc: Document[Produkt], meeting: Meeting | None) -> bool:
    """Approved, with a recorded hash that matches the content (and its meeting) as it is now.

    Without a readable meeting.md nothing can be said to be approved.
    """
    from dialogmoder.loader import LoadError
    from dialogmoder.yamlsafe import YamlError

    recorded = doc.data.godkendt_hash
    if doc.data.status != "godkendt" or not recorded or meeting is None:
        return False
    if doc.text is None:
        raise ValueError(f"{doc.path} was loaded without its text; a product keeps it")
    try:
        return approval_hash(doc.text, _type_of(doc), meeting) == recorded
    except (LoadError, YamlError):
        return False


def _type_of(doc: Document[Produkt]) -> str:
    return doc.path.rsplit("/", 1)[-1].removesuffix(".md")


@lru_cache(maxsize=4096)  # several rules and views ask for the same product's content
def _content(text: str) -> tuple[dict[str, Any], str]:
    from dialogmoder.loader import split_front_matter
    from dialogmoder.yamlsafe import parse_yaml

    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    split = split_front_matter("", text)
    data = parse_yaml(split.yaml_text).data or {}
    if not isinstance(data, dict):
        data = {"": data}
    front = {key: value for key, value in data.items() if key not in APPROVAL_KEYS}
    return front, split.body.strip("\n")


def _json(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
