"""What a value may be at all: the range of each number, the length of each text and the characters it may
hold. Field definitions (``services.fields``) name these limits; the checks here are the only place they are
applied, so the window, the command line and an import refuse the same values with the same message, and
both databases (SQLite stores what it is given, PostgreSQL refuses what does not fit its column) see only
values that fit.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from vetdesk.domain.problems import Problem, error
from vetdesk.i18n import _

#: The largest id: PostgreSQL's ``integer``, the type of every id column (SQLite's is larger).
MAX_ID = 2_147_483_647
#: The longest run of digits read as a whole number before the range is checked (Python refuses to
#: convert much longer ones, and nothing vetdesk counts has more).
MAX_DIGITS = 18

# -- the ranges of the numeric fields (inclusive) ----------------------------------------------------------
DURATION_MONTHS = (1, 60)
SEMESTER = (1, 12)
CAPACITY = (1, 50)
PROBATION_MONTHS = (0, 12)
MODALITY_YEARS = (1, 5)
DAYS_A_WEEK = (0, 7)
DAILY_HOURS = (Decimal(0), Decimal(24))
HOURS_PLACES = 2
#: A stipend in any currency (the column holds 12 digits, 2 of them decimals).
STIPEND = (Decimal(0), Decimal("99999999.99"))
MONEY_PLACES = 2
HOLIDAY_DAYS = (0, 60)
#: The office's attendance thresholds (``limits.Thresholds.absence_days`` / ``absence_weeks``).
ABSENCE_DAYS = (1, 60)
ABSENCE_WEEKS = (1, 26)
#: The weeks a rotation plan may differ from its agreement's term (``training.Strictness``).
PLAN_TERM_TOLERANCE_WEEKS = (0, 52)
#: The weeks of one step of a rotation plan (five years at most).
STEP_WEEKS = (1, 260)
LEVEL = (0, 100)
#: A programme's levels: ISCED 2011 has levels 0 to 8; the national qualification level is counted like the
#: EQF's, 1 to 8 ("MMFD nivel 3", or just 3).
ISCED_LEVEL = (0, 8)
NQF_LEVEL = (1, 8)
#: ``vetdesk anonymise --years``: a whole number of years.
ANONYMISE_YEARS = (1, 100)
#: ``vetdesk demo --apprentices``: the scale vetdesk is built for (shared/domain.md §6).
DEMO_APPRENTICES = (1, 100_000)

# -- the lengths of text -----------------------------------------------------------------------------------
#: Free text that may run over several lines (notes, comments, addresses, clauses).
LONG_TEXT = 4000
ADDRESS = 500

#: Characters that are never part of text a person types: control characters (tab, line break and carriage
#: return are allowed where text may have several lines), lone surrogates (bytes that were not valid text),
#: and the bidirectional overrides that make text display in another order than it is stored.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_LINE_BREAKS = frozenset("\t\n\r")

#: Currency codes of ISO 4217 that are not money (precious metals, test and "no currency" codes).
_NOT_MONEY = frozenset({"XAG", "XAU", "XPD", "XPT", "XTS", "XXX", "XBA", "XBB", "XBC", "XBD", "XDR", "XSU", "XUA",
                        "XRE", "XFO", "XFU", "XEU", "XAD"})
_CURRENCY = re.compile(r"[A-Z]{3}")


def forbidden_character(text: str, *, multiline: bool = False) -> str | None:
    """The first character ``text`` may not hold, or None."""
    for char in text:
        if char in _LINE_BREAKS:
            if multiline:
                continue
            return char
        category = unicodedata.category(char)
        if category in ("Cc", "Cs") or char in _BIDI_CONTROLS:
            return char
    return None


def character_name(char: str) -> str:
    """A forbidden character as a person can look for it: its code and, where it has one, its name."""
    names = {"\t": _("a tab"), "\n": _("a line break"), "\r": _("a line break"), "\x00": _("a NUL byte")}
    return names.get(char, f"U+{ord(char):04X}")


def _count(n: int) -> str:
    """A count as the user's language writes it (4,000; 4.000)."""
    from vetdesk import i18n

    return i18n.current().format_decimal(n)


def text_problem(name: str, label: str, text: str, *, max_length: int | None,
                 multiline: bool = False) -> Problem | None:
    """Why ``text`` cannot be stored in field ``name`` (shown as ``label``), or None. The text itself is never
    quoted: it may be a name or an address, and a message may reach a log."""
    char = forbidden_character(text, multiline=multiline)
    if char is not None:
        if char in _LINE_BREAKS:
            return error(name, _("{label} must fit on one line: it holds {what}. Remove it.").format(
                label=label, what=character_name(char)), "text.line_break")
        return error(name, _("{label} holds a character that is not text ({what}). Remove it and type the "
                             "value again.").format(label=label, what=character_name(char)), "text.control")
    if max_length is not None and len(text) > max_length:
        return error(name, _("{label} is too long: at most {limit} characters, {length} given. Shorten it.")
                     .format(label=label, limit=_count(max_length), length=_count(len(text))), "text.length")
    return None


def number_problem(name: str, label: str, value: int | Decimal, *, minimum: int | Decimal | None,
                   maximum: int | Decimal | None, places: int | None = None) -> Problem | None:
    """Why the number ``value`` cannot be stored in field ``name``, or None."""
    if isinstance(value, Decimal) and not value.is_finite():
        return error(name, _("{label}: give a number (not infinity or 'not a number').").format(label=label),
                     "number.finite")
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        if minimum is not None and maximum is not None:
            message = _("{label} must be from {minimum} to {maximum}; enter a number in that range.")
        elif minimum is not None:
            message = _("{label} must be {minimum} or more; enter a number in that range.")
        else:
            message = _("{label} must be {maximum} or less; enter a number in that range.")
        return error(name, message.format(label=label, minimum=minimum, maximum=maximum), "number.range")
    if places is not None and isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -places and value != value.quantize(Decimal(1).scaleb(-places)):
            return error(name, _("{label}: write at most {places} decimal places.").format(label=label,
                                                                                          places=places),
                         "number.places")
    return None


def is_currency(code: str) -> bool:
    """``code`` is an ISO 4217 code of money (Babel's list of currencies, without metals and test codes)."""
    if not _CURRENCY.fullmatch(code) or code in _NOT_MONEY:
        return False
    from babel.numbers import list_currencies

    return code in list_currencies()


def whole_number_in(text: str, minimum: int, maximum: int) -> int | None:
    """``text`` read as a whole number within the range, or None (too many digits, not a number, outside)."""
    cleaned = text.strip()
    if not re.fullmatch(rf"[-+]?\d{{1,{MAX_DIGITS}}}", cleaned):
        return None
    value = int(cleaned)
    return value if minimum <= value <= maximum else None
