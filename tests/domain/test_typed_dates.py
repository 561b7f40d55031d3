"""Dates as people type them: every usual way of writing a day, in the order of the reader's language."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vetdesk.domain.dates import parse_typed_date

TODAY = date(2026, 12, 2)


@pytest.mark.parametrize("typed", ["15/03/2008", "15032008", "15-3-2008", "15.3.2008", "15 03 2008", "150308",
                                   "2008-03-15", "20080315", " 15/3/08 "])
def test_day_first(typed: str) -> None:
    assert parse_typed_date(typed, "DMY", today=TODAY) == date(2008, 3, 15)


@pytest.mark.parametrize("typed", ["3/15/2008", "03152008", "3-15-08", "2008-03-15"])
def test_month_first(typed: str) -> None:
    assert parse_typed_date(typed, "MDY", today=TODAY) == date(2008, 3, 15)


@pytest.mark.parametrize("typed", ["", "15/13/2008", "31/02/2008", "abc", "15/03", "15/03/2008 10:00", "1/2/3/4",
                                   "15/03/1850", "15/03/2208", "15032"])
def test_what_is_no_date(typed: str) -> None:
    assert parse_typed_date(typed, "DMY", today=TODAY) is None


def test_two_digit_years_fall_within_twenty_years_ahead() -> None:
    assert parse_typed_date("1/1/46", "DMY", today=TODAY) == date(2046, 1, 1)
    assert parse_typed_date("1/1/47", "DMY", today=TODAY) == date(1947, 1, 1)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)), st.sampled_from(["/", "-", ".", ""]))
def test_every_date_written_in_full_reads_back(day: date, separator: str) -> None:
    dmy = separator.join((f"{day.day:02d}", f"{day.month:02d}", f"{day.year:04d}"))
    mdy = separator.join((f"{day.month:02d}", f"{day.day:02d}", f"{day.year:04d}"))
    assert parse_typed_date(dmy, "DMY", today=TODAY) == day
    assert parse_typed_date(mdy, "MDY", today=TODAY) == day
    assert parse_typed_date(day.isoformat(), "DMY", today=TODAY) == day
