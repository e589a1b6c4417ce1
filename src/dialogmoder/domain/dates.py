"""Danish working days and frister (deadlines relative to a meeting date).

A working day is Monday to Friday and not a Danish public holiday (*helligdag*):
nytårsdag, skærtorsdag, langfredag, påskedag, 2. påskedag, Kristi himmelfartsdag,
pinsedag, 2. pinsedag, juledag, 2. juledag (and store bededag until 2023). Grundlovsdag,
juleaften and nytårsaften are not public holidays and count as working days.

A frist is `meeting date + days`; when that day is not a working day, the frist moves to
the working day before it (never after: material due "one week before" must not slip
closer to the meeting).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from dialogmoder import danish
from dialogmoder.danish import besked

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(text: str) -> date:
    """A date written YYYY-MM-DD, and only so; ValueError otherwise.

    date.fromisoformat alone also takes 20250101 and 2025-W01-1 (Python 3.11).
    """
    if not _ISO_DATE.fullmatch(text):
        raise ValueError(text)
    return date.fromisoformat(text)


# The dates dialog accepts, in files and options. A municipality's meetings, frister and
# approvals all fall well inside; a year outside is a typo (0225, 20255 -> 2025). The
# bounds keep every sum (a date + a frist of up to MAX_FRIST_DAYS, a walk back to a
# working day, the days between today and a frist) far from Python's years 1 and 9999,
# where date arithmetic overflows, and near the years the holiday tables are tested for.
FIRST_YEAR = 1900
LAST_YEAR = 2999
# A frist is relative to its meeting: material a week before, a follow-up note some
# weeks after. A year either way leaves room for any real rule.
MAX_FRIST_DAYS = 366


def date_out_of_range(day: date) -> str | None:
    """Why dialog refuses `day` (a year outside FIRST_YEAR-LAST_YEAR), or None."""
    if FIRST_YEAR <= day.year <= LAST_YEAR:
        return None
    return besked(
        "{day} is outside the years {first_year}-{last_year}; is the year mistyped?"
    ).format(day=day.isoformat(), first_year=FIRST_YEAR, last_year=LAST_YEAR)


def frist_out_of_range(days: int) -> str | None:
    """Why dialog refuses a frist of `days` from the meeting, or None."""
    if -MAX_FRIST_DAYS <= days <= MAX_FRIST_DAYS:
        return None
    return besked(
        "{days} is more than {max_frist_days} days from the meeting; is it mistyped?"
    ).format(days=days, max_frist_days=MAX_FRIST_DAYS)


def easter_sunday(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


@lru_cache(maxsize=64)
def _holidays(year: int) -> dict[date, str]:
    # Computed here rather than with the `holidays` package, whose import of every
    # country costs 0.2 s on each `dialog check`; tests compare the two for 1900-2100.
    easter = easter_sunday(year)
    days = {
        date(year, 1, 1): "Nytårsdag",
        easter - timedelta(days=3): "Skærtorsdag",
        easter - timedelta(days=2): "Langfredag",
        easter: "Påskedag",
        easter + timedelta(days=1): "Anden påskedag",
        easter + timedelta(days=39): "Kristi himmelfartsdag",
        easter + timedelta(days=49): "Pinsedag",
        easter + timedelta(days=50): "Anden pinsedag",
        date(year, 12, 25): "Juledag",
        date(year, 12, 26): "Anden juledag",
    }
    if year <= 2023:  # store bededag was abolished from 2024
        days[easter + timedelta(days=26)] = "Store bededag"
    return days


def holiday_name(day: date) -> str | None:
    """The Danish name of the public holiday on `day`, or None."""
    return _holidays(day.year).get(day)


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a Danish public holiday."""
    return day.weekday() < 5 and holiday_name(day) is None


def working_day_before(day: date) -> date:
    """`day` itself if it is a working day, otherwise the nearest working day before it."""
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def frist_date(meeting_date: date, days: int) -> date:
    """The frist `days` from the meeting (-7 is a week before), moved back to a working day."""
    return working_day_before(meeting_date + timedelta(days=days))


def working_days_until(today: date, day: date) -> int:
    """Working days after `today` up to and including `day`; 0 when `day` is today or past.

    Friday to the next Monday is 1; a frist today is 0 working days away.
    """
    count = 0
    current = today
    while current < day:
        current += timedelta(days=1)
        if is_working_day(current):
            count += 1
    return count


def non_working_reason(day: date) -> str:
    """Why `day` is not a working day: the holiday's name or the weekday."""
    name = holiday_name(day)
    if name:
        return name.lower()
    return danish.UGEDAGE[day.weekday()]  # a Saturday or a Sunday
