"""What changed between two Repositories, meeting by meeting, as data for the printers.

Punkter are matched by file name; a punkt whose number changed (same slug, or the same
content under a new name) is *renumbered*, not removed and added. Sections are compared
word by word (difflib over words), Indstilling and Beslutning first. A product's approval
state on each side is `state.product_state`'s. With `public`, what of a punkt is shown is
`domain.edition`'s answer (`public_change`): a punkt closed on either side (or that cannot
be read) carries only its number and public title.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, time
from typing import Any, Literal

from pydantic import BaseModel

from dialogmoder import danish
from dialogmoder.danish import N_, _
from dialogmoder.domain.edition import public_bilag, public_change
from dialogmoder.domain.kinds import KINDS, PRODUKTER
from dialogmoder.domain.models import Bilag, danish_spelling
from dialogmoder.domain.repository import MeetingFolder, PunktFile, Repository
from dialogmoder.domain.sections import KNOWN_SECTIONS, split_sections, without_comments
from dialogmoder.domain.state import product_state, referat_state

Change = Literal["added", "removed", "changed", "renumbered"]
Op = Literal["=", "-", "+", "..."]

CONTEXT = 6  # unchanged words kept on each side of a change
FIRST_SECTIONS = ("Indstilling", "Beslutning")  # as people title them in their files
LABELS = {
    "titel": N_("Title"),
    "tid": N_("Time"),
    "lukket": N_("Closed"),
    "offentlig_titel": N_("Public title"),
    "sagsgang": N_("Case route"),
    "sagsansvarlig": N_("Case officer"),
    "kle": N_("KLE"),
    "sagsnr": N_("Case no."),
    "deltager": N_("Taking part"),
    "tidsplan_tekst": N_("Text in the timetable"),
    "kraever_beslutning": N_("Needs a decision"),
    "forum": N_("Forum"),
    "dato": N_("Date"),
    "start": N_("Start"),
    "slut": N_("End"),
    "sted": N_("Place"),
    "status": N_("Status"),
    "vaert": N_("Host"),
    "bistaas_af": N_("Assisted by"),
    "ejere": N_("Owners"),
    "fagdirektoer": N_("Department director"),
    "deltagere": N_("Participants"),
    "fravaerende": N_("Absent"),
    "formoede": N_("Pre-meeting"),
    "temaer": N_("Themes"),
    "pauser": N_("Breaks"),
    "godkendt_af": N_("Approved by"),
    "godkendt_dato": N_("Approved on"),
}
_NOT_SHOWN = frozenset({"godkendt_hash"})  # the approval state says what it means


@dataclass(frozen=True)
class Word:
    """A run of words: unchanged (`=`), removed (`-`), added (`+`), or unchanged words
    left out (`...`, text `…`)."""

    op: Op
    text: str


@dataclass(frozen=True)
class SectionDiff:
    titel: str
    words: tuple[Word, ...]


@dataclass(frozen=True)
class FieldDiff:
    key: str
    label: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class PunktDiff:
    nr: int
    nr_before: int | None
    change: Change
    titel: str
    lukket: bool
    redacted: bool
    fields: tuple[FieldDiff, ...] = ()
    sections: tuple[SectionDiff, ...] = ()


@dataclass(frozen=True)
class ProduktDiff:
    type: str
    navn: str
    change: Change
    state_before: str | None
    state_after: str | None
    fields: tuple[FieldDiff, ...] = ()
    sections: tuple[SectionDiff, ...] = ()


@dataclass(frozen=True)
class MeetingDiff:
    id: str
    path: str
    titel: str
    dato: date | None
    change: Change
    fields: tuple[FieldDiff, ...] = ()
    sections: tuple[SectionDiff, ...] = ()
    punkter: tuple[PunktDiff, ...] = ()
    produkter: tuple[ProduktDiff, ...] = ()


@dataclass(frozen=True)
class ReviewDiff:
    base: str
    head: str
    public: bool
    meetings: tuple[MeetingDiff, ...]


def compare(
    before: Repository | None, after: Repository | None, *, public: bool
) -> tuple[MeetingDiff, ...]:
    """Every meeting that differs between the two sides, in date order."""
    old = {f.id: f for f in before.meetings} if before else {}
    new = {f.id: f for f in after.meetings} if after else {}
    diffs = []
    for folder_id in sorted(old.keys() | new.keys()):
        found = _meeting(before, old.get(folder_id), after, new.get(folder_id), public)
        if found is not None:
            diffs.append(found)
    return tuple(sorted(diffs, key=lambda d: (d.dato or date.min, d.id)))


def _meeting(
    before: Repository | None,
    old: MeetingFolder | None,
    after: Repository | None,
    new: MeetingFolder | None,
    public: bool,
) -> MeetingDiff | None:
    shown = new or old
    assert shown is not None
    meeting = shown.meeting
    titel = meeting.titel if meeting else shown.id
    head = MeetingDiff(shown.id, shown.path, titel, meeting.dato if meeting else None, "removed")
    if new is None:
        return head
    old_data = old.meeting if old else None
    old_body = old.doc.body if old and old.doc else ""
    new_body = new.doc.body if new.doc else ""
    fields = _fields(old_data, new.meeting, public) if old_data and new.meeting else ()
    sections = sections_diff(old_body, new_body)
    punkter = _punkter(old.punkter if old else [], new.punkter, public)
    produkter = _produkter(before if old else None, old, after, new)
    if old is not None and not (fields or sections or punkter or produkter):
        return None
    change: Change = "added" if old is None else "changed"
    return replace(
        head, change=change, fields=fields, sections=sections, punkter=punkter, produkter=produkter
    )


# --- punkter -------------------------------------------------------------------------------


def _content(punkt: PunktFile) -> object:
    return (punkt.doc.data, punkt.doc.body) if punkt.doc else None


def _punkter(old: list[PunktFile], new: list[PunktFile], public: bool) -> tuple[PunktDiff, ...]:
    by_name = {_name(p): p for p in old}
    pairs: list[tuple[PunktFile | None, PunktFile | None]] = []
    left = [p for p in old if _name(p) not in {_name(n) for n in new}]
    unmatched = []
    for punkt in new:
        if _name(punkt) in by_name:
            pairs.append((by_name[_name(punkt)], punkt))
        else:
            unmatched.append(punkt)
    for same in (lambda o, n: o.slug == n.slug, lambda o, n: _content(o) == _content(n)):
        still = []
        for punkt in unmatched:
            match = next((o for o in left if same(o, punkt) and o.doc and punkt.doc), None)
            if match is None:
                still.append(punkt)
            else:
                left.remove(match)
                pairs.append((match, punkt))
        unmatched = still
    pairs += [(None, p) for p in unmatched] + [(o, None) for o in left]
    diffs = [d for pair in pairs if (d := _punkt(*pair, public=public)) is not None]
    return tuple(sorted(diffs, key=lambda d: (d.nr, d.change != "removed")))


def _name(punkt: PunktFile) -> str:
    return punkt.path.rsplit("/", 1)[-1]


def _punkt(old: PunktFile | None, new: PunktFile | None, *, public: bool) -> PunktDiff | None:
    shown = new or old
    assert shown is not None
    if old is not None and new is not None and old.nr == new.nr and _content(old) == _content(new):
        return None
    change: Change = (
        "added" if old is None
        else "removed" if new is None
        else "renumbered" if old.nr != new.nr
        else "changed"
    )  # fmt: skip
    edition = public_change(old, new, public)
    nr_before = old.nr if old is not None and new is not None and old.nr != new.nr else None
    if edition.redacted:
        return PunktDiff(shown.nr, nr_before, change, edition.titel, True, True)
    titel, closed = edition.titel, edition.lukket
    if change == "removed":
        return PunktDiff(shown.nr, None, change, titel, closed, False)
    old_doc = old.doc if old else None
    fields = _fields(old_doc.data, new.doc.data, public) if old_doc and new and new.doc else ()
    old_body = old_doc.body if old_doc else ""
    new_body = new.doc.body if new and new.doc else ""
    return PunktDiff(shown.nr, nr_before, change, titel, closed, False, fields,
                     sections_diff(old_body, new_body))  # fmt: skip


# --- products ------------------------------------------------------------------------------


def _produkter(
    before: Repository | None,
    old: MeetingFolder | None,
    after: Repository | None,
    new: MeetingFolder,
) -> tuple[ProduktDiff, ...]:
    diffs = []
    for type_ in PRODUKTER:
        old_doc = old.produkter.get(type_) if old else None
        new_doc = new.produkter.get(type_)
        state_before = product_state(before, old, type_) if before and old else None
        state_after = product_state(after, new, type_) if after else None
        if old_doc is None and new_doc is None and state_before in (None, state_after):
            continue
        fields = _fields(old_doc.data, new_doc.data, False) if old_doc and new_doc else ()
        sections = sections_diff(old_doc.body if old_doc else "", new_doc.body if new_doc else "")
        if state_before == state_after and not fields and not sections:
            continue
        change: Change = (
            "added" if old_doc is None and new_doc is not None
            else "removed" if new_doc is None and old_doc is not None
            else "changed"
        )  # fmt: skip
        navn = PRODUKTER[type_].navn
        diffs.append(ProduktDiff(type_, navn, change, state_before, state_after, fields, sections))
    referat = _referat(before, old, after, new)
    return (*diffs, referat) if referat else tuple(diffs)


def _referat(
    before: Repository | None,
    old: MeetingFolder | None,
    after: Repository | None,
    new: MeetingFolder,
) -> ProduktDiff | None:
    """The referat's approval state, as a product's (`udkast → godkendt`, `godkendt →
    forældet godkendelse`), when it changed; what changed is in the meeting's and punkter's
    own diffs."""
    state_before = referat_state(before, old) if before and old else None
    state_after = referat_state(after, new) if after else None
    if state_before == state_after or (state_before is None and state_after == "udkast"):
        return None
    return ProduktDiff("referat", KINDS["referat"].navn, "changed", state_before, state_after)


# --- fields --------------------------------------------------------------------------------


def _fields(old: BaseModel, new: BaseModel, public: bool) -> tuple[FieldDiff, ...]:
    keys = [*type(new).model_fields]
    diffs = []
    for key in keys:
        if key in _NOT_SHOWN:
            continue
        a, b = getattr(old, key, None), getattr(new, key, None)
        if a != b:
            diffs.append(FieldDiff(key, label(key), _text(a, public), _text(b, public)))
    return tuple(diffs)


def label(key: str) -> str:
    """The Danish words for a front matter key: `bistaas_af` -> `Bistås af`."""
    if key in LABELS:
        return _(LABELS[key])
    return danish_spelling(key).replace("_", " ").capitalize()


def _text(value: Any, public: bool) -> str | None:
    if value is None or value == []:
        return None
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, BaseModel):
        # a bilag in the fields of a public diff is one of a punkt open on both sides (one
        # closed on either is redacted whole)
        if isinstance(value, Bilag) and public_bilag(value, False, public).bilag is None:
            return danish.lukket_bilag()
        parts = [(k, _text(v, public)) for k, v in value.__dict__.items()]
        return ", ".join(f"{label(k).lower()} {v}" for k, v in parts if v is not None)
    if isinstance(value, list | tuple):
        texts = [_text(item, public) or "" for item in value]
        return ("; " if any(isinstance(i, BaseModel) for i in value) else ", ").join(texts)
    return str(value)


# --- sections and words --------------------------------------------------------------------


def _section_texts(body: str) -> dict[str, str]:
    texts: dict[str, list[str]] = {}
    for section in split_sections(without_comments(body)):
        texts.setdefault(section.titel or _("Introduction"), []).append(section.text)
    return {titel: "\n\n".join(parts) for titel, parts in texts.items()}


def _order(titles: Iterable[str]) -> list[str]:
    known: dict[str, int] = {}
    for titel in (*FIRST_SECTIONS, *KNOWN_SECTIONS):
        known.setdefault(titel.casefold(), len(known))
    seen = list(dict.fromkeys(titles))
    return sorted(seen, key=lambda t: (known.get(t.casefold(), len(known)), seen.index(t)))


def sections_diff(old_body: str, new_body: str) -> tuple[SectionDiff, ...]:
    """Each section whose words differ, Indstilling and Beslutning first."""
    old, new = _section_texts(old_body), _section_texts(new_body)
    diffs = []
    for titel in _order([*new, *old]):
        a, b = old.get(titel, "").split(), new.get(titel, "").split()
        if a != b:
            diffs.append(SectionDiff(titel, word_diff(a, b)))
    return tuple(diffs)


def word_diff(old: Sequence[str], new: Sequence[str]) -> tuple[Word, ...]:
    """The words of `new` against `old`, with long unchanged runs shortened to `CONTEXT`
    words around each change."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    codes = matcher.get_opcodes()
    words: list[Word] = []
    for n, (tag, i1, i2, j1, j2) in enumerate(codes):
        if tag == "equal":
            words.extend(_context(old[i1:i2], first=n == 0, last=n == len(codes) - 1))
            continue
        if i2 > i1:
            words.append(Word("-", " ".join(old[i1:i2])))
        if j2 > j1:
            words.append(Word("+", " ".join(new[j1:j2])))
    return tuple(words)


def _context(same: Sequence[str], *, first: bool, last: bool) -> list[Word]:
    head = [] if first else list(same[:CONTEXT])
    tail = [] if last else list(same[-CONTEXT:])
    if len(same) <= len(head) + len(tail) + 1:
        return [Word("=", " ".join(same))]
    out = [Word("=", " ".join(head))] if head else []
    out.append(Word("...", "…"))
    if tail:
        out.append(Word("=", " ".join(tail)))
    return out
