"""Date arithmetic the rules need (ages, month spans), without external dependencies."""

from __future__ import annotations

import re
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


def days_in(first: date | None, last: date | None, until: date) -> int:
    """The days of a period from its ``first`` to its ``last`` day, both counted (24/09 to 28/10 is 35 days: 5
    weeks), up to ``until`` (counted too); an open period (``last`` None) runs until then. 0 when it had not started.
    Every stated time of a period (the progress report, the certificate, the rotation views, an overrun) counts
    by this one function."""
    if first is None:
        return 0
    end = until if last is None else min(last, until)
    return max(0, (end - first).days + 1)


def overlaps(a_start: date, a_end: date, b_start: date, b_end: date) -> bool:
    return a_start <= b_end and b_start <= a_end


#: Years a typed date may fall in (a CURP's birth dates, agreements, insurance): anything else is a typo.
FIRST_YEAR, LAST_YEAR = 1900, 2100
#: A two-digit year is read in the century that puts it at most this many years after today.
TWO_DIGIT_YEARS_AHEAD = 20
_PARTS = re.compile(r"\d+")


def parse_typed_date(text: str, order: str = "DMY", *, today: date | None = None) -> date | None:
    """A date as a person types it, or None when the text is not one.

    ``order`` is the order of the parts in the reader's language ("DMY" in Spanish, German and Portuguese,
    "MDY" in US English). The parts may be separated by ``/ - .`` or spaces (``15/03/2008``, ``15-3-2008``,
    ``15.3.08``) or run together (``15032008``, ``150308``); an ISO date (``2008-03-15``, ``20080315``) is
    always understood. A two-digit year falls in the century that puts it at most 20 years after today.
    """
    text = text.strip()
    if not text:
        return None
    today = today or date.today()
    parts = _PARTS.findall(text)
    if len(parts) == 1 and len(parts[0]) in (6, 8):  # digits run together
        digits = parts[0]
        if len(digits) == 8 and digits[:2] in ("19", "20") and order != "YMD":
            iso = _make(digits[:4], digits[4:6], digits[6:], today)
            local = dict(zip(order, _split_run(digits, order), strict=True))
            if iso is not None and _make(local["Y"], local["M"], local["D"], today) is None:
                return iso
        parts = _split_run(digits, order)
    if len(parts) != 3 or re.sub(r"[\d\s/.\-]", "", text):
        return None
    if len(parts[0]) == 4:  # a year first is ISO, whatever the language
        return _make(parts[0], parts[1], parts[2], today)
    by = dict(zip(order, parts, strict=True))
    return _make(by["Y"], by["M"], by["D"], today)


def _split_run(digits: str, order: str) -> list[str]:
    sizes = {"D": 2, "M": 2, "Y": len(digits) - 4}
    out, at = [], 0
    for part in order:
        out.append(digits[at:at + sizes[part]])
        at += sizes[part]
    return out


def _make(year: str, month: str, day: str, today: date) -> date | None:
    y = int(year)
    if len(year) <= 2:
        y += 2000 if 2000 + y <= today.year + TWO_DIGIT_YEARS_AHEAD else 1900
    elif len(year) != 4:
        return None
    if not FIRST_YEAR <= y <= LAST_YEAR:
        return None
    try:
        return date(y, int(month), int(day))
    except ValueError:
        return None
