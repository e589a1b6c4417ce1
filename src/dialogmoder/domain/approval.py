"""Approvals in the domain: what an approval covers, when it is still current, and who
may give it; one recipe for `check`, `status`, `render`, `calendar` and `dialog approve`.

What an approval covers (`approval_hash`): the product file's content and the fields of
its meeting.md that the rendered product shows (see `SHOWN_FROM_MEETING`), so that moving the
meeting's time or place makes an approved program stale, as editing its text does.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from dialogmoder import danish
from dialogmoder.domain.models import Config, Meeting, Produkt

if TYPE_CHECKING:
    from dialogmoder.domain.loader import Document


def approver_problem(config: Config, meeting: Meeting, produkt: str, person_id: str) -> str | None:
    """Why `person_id` may not approve this product of this meeting; None if they may.

    The forum's `godkendes_af` is a role (the person must have it; for `fagdirektoer`,
    when the meeting names its fagdirektør, it must be that person), or `ejer` (the
    person must be one of the meeting's `ejere`). Without `godkendes_af` any person in
    dialog.yaml may mark the product final.
    """
    import difflib

    navn = danish.dokument(produkt)
    person = config.personer.get(person_id)
    if person is None:
        close = difflib.get_close_matches(person_id, list(config.personer), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return f"'{person_id}' is not a person in dialog.yaml{hint}"
    forum = config.fora.get(meeting.forum)
    regel = forum.produkter.get(produkt) if forum else None  # type: ignore[call-overload]
    if regel is None:
        return f"the forum '{meeting.forum}' has no {navn}; there is nothing to approve"
    who = regel.godkendes_af
    if who is None:
        return None
    shown = f"{person.visningsnavn()} ({person_id})"
    if who == "ejer":
        if person_id in meeting.ejere:
            return None
        ejere = ", ".join(meeting.ejere) or "none listed"
        return (
            f"{shown} is not an ejer of this meeting (ejere: {ejere});"
            f" the {navn} is approved by an ejer"
        )
    if person.rolle != who:
        return f"{shown} has the role '{person.rolle}'; the {navn} must be approved by a {who}"
    if who == "fagdirektoer" and meeting.fagdirektoer and meeting.fagdirektoer != person_id:
        return (
            f"{shown} is not this meeting's fagdirektør ({meeting.fagdirektoer});"
            f" the {navn} must be approved by the meeting's fagdirektør"
        )
    return None


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
    from dialogmoder.domain.loader import LoadError
    from dialogmoder.domain.yamlsafe import YamlError

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
