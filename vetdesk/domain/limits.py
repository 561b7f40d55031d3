"""The age of majority and the office's thresholds: the few rule values the dashboard counts with.

They live apart from :mod:`vetdesk.domain.rules` (which uses them, and re-exports them) so that the first
screen can count without loading every rule: that module is large and the window's start waits for what it
imports.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from vetdesk.domain.dates import age_on

ADULT_AGE = 18
DEFAULT_INSTRUCTOR_CAPACITY = 3


def minor_on_start(birth: date, start: date) -> bool:
    return age_on(birth, start) < ADULT_AGE


def of_age_on(birth: date) -> date:
    """The day a person born on ``birth`` turns :data:`ADULT_AGE`, the first day :func:`minor_on_start` is false
    (born on 29 February: 1 March in a common year, as :func:`~vetdesk.domain.dates.age_on` counts)."""
    year = birth.year + ADULT_AGE
    try:
        return birth.replace(year=year)
    except ValueError:
        return date(year, 3, 1)


def comes_of_age(birth: date, start: date, end: date) -> date | None:
    """The day an apprentice who is a minor on the start date turns :data:`ADULT_AGE` when it falls within the
    term (``start`` to ``end``): the minor's clauses apply until the day before, the adult's from that day; None
    for an apprentice of age on the start date or a minor for the whole term."""
    if not minor_on_start(birth, start):
        return None
    day = of_age_on(birth)
    return day if day <= end else None


@dataclass(frozen=True)
class Thresholds:
    """Office settings the rules read (kept in the database's settings table)."""

    instructor_capacity: int = DEFAULT_INSTRUCTOR_CAPACITY
    weeks_without_assessment: int = 6
    expiry_notice_days: int = 30
    #: Days after a week ends before its weekly report counts as overdue (domain.logbook).
    logbook_overdue_days: int = 14
    #: An agreement is flagged when its apprentice was absent without excuse on at least ``absence_days`` days
    #: of the last ``absence_weeks`` weeks (attendance, domain.logbook).
    absence_days: int = 3
    absence_weeks: int = 4

    @classmethod
    def names(cls) -> list[str]:
        """The office settings' keys of the thresholds."""
        return [f.name for f in fields(cls)]

    @classmethod
    def from_settings(cls, values: Mapping[str, Any]) -> Thresholds:
        """The thresholds among stored office settings (absent keys keep their defaults)."""
        return cls(**{n: int(values[n]) for n in cls.names() if values.get(n) is not None})
