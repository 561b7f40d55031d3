"""Date arithmetic the rules need (ages, month spans), without external dependencies."""

from __future__ import annotations

from datetime import date


def age_on(birth: date, on: date) -> int:
    years = on.year - birth.year
    if (on.month, on.day) < (birth.month, birth.day):
        years -= 1
    return years


def add_months(start: date, months: int) -> date:
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    import calendar  # loaded here, not with the module: the window's start imports this module and needs no calendar

    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def overlaps(a_start: date, a_end: date, b_start: date, b_end: date) -> bool:
    return a_start <= b_end and b_start <= a_end
