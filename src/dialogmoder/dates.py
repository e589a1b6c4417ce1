"""Danish working days and frister (deadlines relative to a meeting date).

A working day is Monday to Friday and not a Danish public holiday (*helligdag*) as the
`holidays` package knows them: nytårsdag, skærtorsdag, langfredag, påskedag, 2. påskedag,
Kristi himmelfartsdag, pinsedag, 2. pinsedag, juledag, 2. juledag (and store bededag
until 2023). Grundlovsdag, juleaften and nytårsaften are not public holidays and count as
working days.

A frist is `meeting date + days`; when that day is not a working day, the frist moves to
the working day before it (never after: material due "one week before" must not slip
closer to the meeting).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache


@lru_cache(maxsize=64)
def _holidays(year: int) -> dict[date, str]:
    # The class itself, not holidays.country_holidays("DK"): the registry lookup costs
    # another ~0.1 s of start-up, felt in every pre-commit run.
    from holidays.countries.denmark import Denmark

    return dict(Denmark(years=year, language="da"))  # type: ignore[no-untyped-call]


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
    return "lørdag" if day.weekday() == 5 else "søndag"
