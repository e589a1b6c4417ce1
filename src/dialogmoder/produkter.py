"""Which products a meeting needs, their frister, and the state each one is in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from dialogmoder.dates import frist_date
from dialogmoder.loader import Document
from dialogmoder.models import PRODUKT_TYPER, Config, Meeting, Produkt, ProduktRegel

State = Literal["mangler", "udkast", "godkendt", "forældet"]
"""mangler: no file; udkast: a draft; godkendt: approved and unchanged since;
forældet: approved, but edited after the approval (or approved by hand, without a hash)."""

NEEDS_NOTHING = ("udskudt", "aflyst")


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
    if forum is None or meeting.status in NEEDS_NOTHING:
        return []
    krav = []
    for type_ in PRODUKT_TYPER:
        regel = forum.produkter.get(type_)
        if regel is None or not is_wanted(regel, meeting):
            continue
        frist = frist_date(meeting.dato, regel.frist) if regel.frist is not None else None
        krav.append(Krav(type_, regel, frist))
    return krav


def product_state(doc: Document[Produkt] | None) -> State:
    """mangler, udkast, godkendt or forældet (stale): see `State`."""
    from dialogmoder.approval import approval_is_current

    if doc is None:
        return "mangler"
    if doc.data.status != "godkendt":
        return "udkast"
    return "godkendt" if approval_is_current(doc) else "forældet"


def formoede_frist(config: Config, meeting: Meeting) -> date | None:
    """The day by which the forum's formøde must be held, or None if it has none."""
    forum = config.fora.get(meeting.forum)
    if forum is None or forum.formoede is None or meeting.status in NEEDS_NOTHING:
        return None
    return frist_date(meeting.dato, forum.formoede.frist)
