"""Danish dates and times as the referat writes them, via babel."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time


def dato_lang(value: date) -> str:
    """'Onsdag den 29. januar 2025'."""
    from babel.dates import format_date

    text = format_date(value, "EEEE 'den' d. MMMM y", locale="da")
    return text[:1].upper() + text[1:]


def dato_mellem(value: date) -> str:
    """'29. januar 2025'."""
    from babel.dates import format_date

    return format_date(value, "d. MMMM y", locale="da")


def dato_kort(value: date) -> str:
    """'29-01-2025', as in "Beslutning i Direktionen den 29-01-2025"."""
    return value.strftime("%d-%m-%Y")


def dato_maaned(value: date) -> str:
    """'5. feb.' (and '6. maj'), as in the table of coming meetings."""
    from babel.dates import format_date

    return format_date(value, "d. MMM", locale="da")


def klokken(value: time) -> str:
    """'9:00', as in the header's Start kl."""
    return f"{value.hour}:{value.minute:02d}"


def tidspunkt(value: time) -> str:
    """'9.00', as in the tidsplan."""
    return f"{value.hour}.{value.minute:02d}"


def opremsning(names: Sequence[str]) -> str:
    """'A', 'A og B', 'A, B og C'."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " og " + names[-1]
