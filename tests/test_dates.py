"""Danish working days and frister: weekends and public holidays move a frist earlier."""

from __future__ import annotations

from datetime import date

import pytest

from dialogmoder.domain.dates import frist_date, is_working_day, working_days_until


def test_frist_a_week_before_the_tuesday_after_easter_is_a_plain_tuesday() -> None:
    # 2025-04-22 - 7 = 2025-04-15, a Tuesday before skærtorsdag: a working day.
    assert frist_date(date(2025, 4, 22), -7) == date(2025, 4, 15)


def test_frist_on_saturday_before_easter_moves_past_the_holidays() -> None:
    # -3 is Saturday 2025-04-19; langfredag 18th and skærtorsdag 17th are holidays.
    assert frist_date(date(2025, 4, 22), -3) == date(2025, 4, 16)


def test_frist_on_holiday_moves_to_day_before() -> None:
    # -1 is 2. påskedag, 2025-04-21.
    assert frist_date(date(2025, 4, 22), -1) == date(2025, 4, 16)


def test_frist_on_weekend_moves_to_friday() -> None:
    # Wednesday 2025-03-05 - 4 = Saturday 2025-03-01.
    assert frist_date(date(2025, 3, 5), -4) == date(2025, 2, 28)


def test_frist_after_the_meeting_also_moves_back() -> None:
    # 2025-05-15 + 14 = Kristi himmelfartsdag 2025-05-29.
    assert frist_date(date(2025, 5, 15), 14) == date(2025, 5, 28)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2025, 4, 17), False),  # skærtorsdag
        (date(2025, 4, 18), False),  # langfredag
        (date(2025, 4, 21), False),  # 2. påskedag
        (date(2025, 4, 22), True),
        (date(2025, 6, 5), True),  # grundlovsdag is not a public holiday
        (date(2025, 3, 1), False),  # a Saturday
    ],
)
def test_is_working_day(day: date, working: bool) -> None:
    assert is_working_day(day) is working


def test_working_days_until_skips_easter() -> None:
    # Wednesday 16 April to Tuesday 22 April 2025: only the 22nd is a working day.
    assert working_days_until(date(2025, 4, 16), date(2025, 4, 22)) == 1


def test_working_days_until_today_or_past_is_zero() -> None:
    assert working_days_until(date(2025, 4, 22), date(2025, 4, 22)) == 0
    assert working_days_until(date(2025, 4, 23), date(2025, 4, 22)) == 0


def test_working_days_until_over_a_weekend() -> None:
    assert working_days_until(date(2025, 3, 7), date(2025, 3, 10)) == 1


def test_danish_holidays_agree_with_the_holidays_package_for_two_centuries() -> None:
    import holidays

    from dialogmoder.domain.dates import _holidays

    for year in range(1900, 2101):
        expected = holidays.country_holidays("DK", years=year, language="da")
        assert _holidays(year) == dict(expected), year
