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

What an approval covers, when it is current and who may give it is `approval.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import TYPE_CHECKING, Literal

from dialogmoder.domain.approval import approval_is_current, referat_is_current
from dialogmoder.domain.dates import frist_date
from dialogmoder.domain.kinds import PRODUKTER
from dialogmoder.domain.models import Config, Forum, Meeting, Produkt, ProduktRegel

if TYPE_CHECKING:
    from dialogmoder.domain.findings import Finding
    from dialogmoder.domain.loader import Document
    from dialogmoder.domain.repository import MeetingFolder, Repository

__all__ = [
    "CANCELLED",
    "Krav",
    "ProductState",
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
    "referat_state",
    "required_products",
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
    for kind in PRODUKTER.values():
        regel = forum.produkter.get(kind.id)
        if regel is None or not is_wanted(regel, meeting):
            continue
        frist = frist_date(meeting.dato, regel.frist) if regel.frist is not None else None
        krav.append(Krav(kind.id, regel, frist))
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
    return "godkendt" if _is_current(folder, type_, doc, repo.config) else "forældet"


def _is_current(folder: MeetingFolder, type_: str, doc: Document[Produkt], config: Config) -> bool:
    """`approval_is_current`, found once for the same product, meeting.md and dialog.yaml."""
    meeting = folder.meeting
    seen = folder.currency.get(type_)
    if seen is not None and seen[0] is doc and seen[1] is meeting and seen[2] is config:
        return seen[3]
    current = approval_is_current(doc, meeting, config)
    folder.currency[type_] = (doc, meeting, config, current)
    return current


# --- the referat ---------------------------------------------------------------------------

ReferatState = Literal["udkast", "godkendt", "forældet"]
"""udkast: no approval recorded (meeting.md has no `referat_godkendt`); godkendt: approved
and unchanged since; forældet: a decision, a punkt or what the referat shows of meeting.md
or dialog.yaml changed after the approval."""


def referat_state(repo: Repository, folder: MeetingFolder) -> ReferatState:
    """The state of a meeting's referat approval; see `ReferatState`."""
    meeting = folder.meeting
    if meeting is None or meeting.referat_godkendt is None:
        return "udkast"
    return "godkendt" if referat_is_current(repo.config, folder) else "forældet"
