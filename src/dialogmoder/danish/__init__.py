"""Every Danish wording in one place: dates, times, counts, lists, states.

The forms follow the municipality's own documents (the process note and the referat in
`shared/seeds/`): the referat's header writes "Start kl.: 9:00", its tables "9.00", the
årsplan "Kl. 13.30-15.30" (and "Kl. 9-15.30"); dates "Onsdag den 29. januar 2025",
"29. januar 2025", "29-01-2025" and "5. feb.".
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time

__all__ = [
    "LUKKET_BILAG",
    "LUKKET_PUNKT",
    "MOEDE_STATUS",
    "TILSTAND",
    "UGEDAGE",
    "ULAESELIGT_PUNKT",
    "antal",
    "dage_til",
    "dato",
    "dato_kort",
    "dato_lang",
    "dato_maaned",
    "dato_mellem",
    "deltager_under_punktet",
    "klokken",
    "moede_status",
    "opremsning",
    "tidspunkt",
    "tidsrum",
]

# --- dates ---------------------------------------------------------------------------------

UGEDAGE = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")


def dato(value: date, pattern: str = "d. MMMM") -> str:
    """A date in a babel pattern with Danish names: '7. august' by default."""
    from babel.dates import format_date

    return format_date(value, pattern, locale="da")


def dato_lang(value: date) -> str:
    """'Onsdag den 29. januar 2025'."""
    text = dato(value, "EEEE 'den' d. MMMM y")
    return text[:1].upper() + text[1:]


def dato_mellem(value: date) -> str:
    """'29. januar 2025'."""
    return dato(value, "d. MMMM y")


def dato_kort(value: date) -> str:
    """'29-01-2025', as in "Beslutning i Direktionen den 29-01-2025"."""
    return f"{value.day:02d}-{value.month:02d}-{value.year:04d}"


def dato_maaned(value: date) -> str:
    """'5. feb.' (and '6. maj'), as in the table of coming meetings."""
    return dato(value, "d. MMM")


def dage_til(days: int) -> str:
    """'i dag', 'om 1 dag', 'om 3 dage', '2 dage over frist'."""
    if days == 0:
        return "i dag"
    if days > 0:
        return f"om {antal(days, 'dag', 'dage')}"
    return f"{antal(-days, 'dag', 'dage')} over frist"


# --- counts --------------------------------------------------------------------------------


def antal(count: int, ental: str, flertal: str) -> str:
    """A count with its noun or adjective in the right number: '1 åben', '2 åbne',
    '0 punkter', '1 punkt'. Every count written in Danish goes through here."""
    return f"{count} {ental if count in (1, -1) else flertal}"


# --- times ---------------------------------------------------------------------------------


def _tid(value: time, separator: str, whole_hours_short: bool) -> str:
    if whole_hours_short and value.minute == 0:
        return f"{value.hour}"
    return f"{value.hour}{separator}{value.minute:02d}"


def klokken(value: time) -> str:
    """'9:00', as the referat's header writes it ("Start kl.: 9:00")."""
    return _tid(value, ":", whole_hours_short=False)


def tidspunkt(value: time) -> str:
    """'9.00', as the referat's and the program's tables write it."""
    return _tid(value, ".", whole_hours_short=False)


def tidsrum(start: time | None, slut: time | None) -> str:
    """'Kl. 13.30-15.30', 'Kl. 9-15.30', as the årsplan writes a meeting's time; '' if unset."""
    if start is None:
        return ""
    text = f"Kl. {_tid(start, '.', whole_hours_short=True)}"
    return f"{text}-{_tid(slut, '.', whole_hours_short=True)}" if slut else text


# --- people and lists ----------------------------------------------------------------------


def opremsning(parts: Sequence[str]) -> str:
    """'A', 'A og B', 'A, B og C'."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " og " + parts[-1]


def deltager_under_punktet(navne: Sequence[str], datid: bool = False) -> str:
    """'Borgmester og X deltager under behandlingen af punktet.' (an underpunkt in the
    agenda) or, `datid`, '... deltog under behandlingen af punktet.' (in the decision)."""
    verb = "deltog" if datid else "deltager"
    return f"{opremsning(navne)} {verb} under behandlingen af punktet."


# --- the public edition -----------------------------------------------------------------

LUKKET_PUNKT = "Lukket punkt"  # a closed punkt's title when it has no `offentlig_titel`
LUKKET_BILAG = "(Lukket bilag)"  # a closed bilag of an open punkt, without title or number
ULAESELIGT_PUNKT = "(kan ikke læses)"  # a punkt whose file cannot be read, internally


# --- states --------------------------------------------------------------------------------

# A meeting that will not be held as planned, as the årsplan and the calendar say it.
MOEDE_STATUS = {"udskudt": "OBS: UDSKYDES", "aflyst": "AFLYST"}


def moede_status(status: str) -> str:
    """A meeting's `status` as the årsplan writes it: 'OBS: UDSKYDES', 'AFLYST', or '' for
    a meeting held (or to be held) as planned."""
    return MOEDE_STATUS.get(status, "")


# A product's state (`state.ProductState`) as every view writes it.
TILSTAND = {
    "mangler": "mangler",
    "fejl": "kan ikke læses",
    "udkast": "udkast",
    "godkendt": "godkendt",
    "forældet": "forældet godkendelse",
}
