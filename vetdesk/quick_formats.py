"""Whole numbers, percentages and medium dates in the four interface languages without loading Babel.

Babel's modules and its locale data (``global.dat`` and the locale's chain of ``.dat`` files) take ≈15 ms of
Python to load, more than a tenth of the window's whole start. The first screen formats only whole numbers,
shares and today's date; these sheets hold the few symbols, patterns and month names those need, copied from
Babel's CLDR data. They give exactly Babel's text: ``tests/i18n/test_quick_formats.py`` compares each sheet
with the installed Babel (:func:`sheet_from_babel`) and the output of both for generated values, so a Babel
release that changes a locale's data fails there (copy the sheet that :func:`sheet_from_babel` gives, or run
``python -m vetdesk.quick_formats``). Anything else (decimals, other patterns, other locales) is Babel's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

#: Date fields a medium pattern may use here (Babel's ``DateTimePattern.format`` keys).
DATE_FIELDS = ("d", "dd", "M", "MM", "MMM", "y")

#: Above this a value is Babel's to format (a Decimal's default precision is 28 digits).
_LIMIT = 10**15


@dataclass(frozen=True)
class Sheet:
    """What a locale's whole numbers, percentages and medium dates are made of.

    Both number patterns group by three with ``group``; a negative value is ``minus`` and its digits.
    """

    group: str
    minus: str
    percent_suffix: str
    medium_date: str  #: Babel's %-format of the medium date pattern, e.g. ``%(d)s %(MMM)s %(y)s``
    months: tuple[str, ...]  #: abbreviated month names, formatting context, January first

    def decimal(self, value: int) -> str:
        return self._grouped(value)

    def percent(self, value: float | Decimal | int) -> str | None:
        """``value`` as a whole percentage rounded half to even, as Babel does; None where Babel must do it."""
        try:
            exact = value if isinstance(value, Decimal) else Decimal(str(value))
            if not exact.is_finite() or abs(exact) >= _LIMIT:
                return None
            scaled = exact.scaleb(2)
            whole = int(abs(scaled).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))
        except (InvalidOperation, ValueError):
            return None
        return (self.minus if scaled.is_signed() else "") + self._grouped(whole) + self.percent_suffix

    def date(self, value: date) -> str:
        return self.medium_date % {"d": str(value.day), "dd": f"{value.day:02d}", "M": str(value.month),
                                   "MM": f"{value.month:02d}", "MMM": self.months[value.month - 1],
                                   "y": str(value.year)}

    def _grouped(self, value: int) -> str:
        digits = f"{abs(value):,}".replace(",", self.group)
        return self.minus + digits if value < 0 else digits


SHEETS: dict[str, Sheet] = {
    "es_MX": Sheet(group=",", minus="-", percent_suffix="%", medium_date="%(d)s %(MMM)s %(y)s",
                   months=("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic")),
    "en_001": Sheet(group=",", minus="-", percent_suffix="%", medium_date="%(d)s %(MMM)s %(y)s",
                    months=("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec")),
    "de": Sheet(group=".", minus="-", percent_suffix="\xa0%", medium_date="%(dd)s.%(MM)s.%(y)s",
                months=("Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.",
                        "Dez.")),
    "pt_BR": Sheet(group=".", minus="-", percent_suffix="%", medium_date="%(d)s de %(MMM)s de %(y)s",
                   months=("jan.", "fev.", "mar.", "abr.", "mai.", "jun.", "jul.", "ago.", "set.", "out.", "nov.",
                           "dez.")),
}


def integer(value: object) -> bool:
    """Whether ``value`` is a whole number a sheet formats (not a bool, not too large)."""
    return type(value) is int and abs(value) < _LIMIT


class UnsupportedLocaleData(ValueError):
    """Babel's data for a locale has a shape these sheets cannot copy."""


def sheet_from_babel(locale: str) -> Sheet:
    """The sheet of ``locale`` read from the installed Babel; raises :class:`UnsupportedLocaleData` if a
    pattern is not one a sheet can hold."""
    from babel import Locale
    from babel.dates import parse_pattern

    data = Locale.parse(locale)
    symbols = data.number_symbols["latn"]
    decimal, percent = data.decimal_formats[None], data.percent_formats[None]
    for name, pattern in (("decimal", decimal), ("percent", percent)):
        if pattern.grouping != (3, 3) or pattern.prefix != ("", "-") or pattern.int_prec[0] != 1:
            raise UnsupportedLocaleData(f"{locale}: {name} pattern {pattern.pattern!r}")
    if percent.scale != 2 or percent.frac_prec != (0, 0) or percent.suffix[0] != percent.suffix[1] \
            or symbols["percentSign"] not in percent.suffix[0]:
        raise UnsupportedLocaleData(f"{locale}: percent pattern {percent.pattern!r}")
    medium = parse_pattern(data.date_formats["medium"].pattern)
    # Babel annotates DateTimePattern.format as a DateTimeFormat; it holds the pattern's %-format string.
    medium_format: str = medium.format  # type: ignore[assignment]
    fields = set(_format_keys(medium_format))
    if not fields <= set(DATE_FIELDS):
        raise UnsupportedLocaleData(f"{locale}: medium date pattern {medium.pattern!r}")
    months = data.months["format"]["abbreviated"]
    return Sheet(group=symbols["group"], minus=symbols["minusSign"],
                 percent_suffix=percent.suffix[0].replace("%", symbols["percentSign"]),
                 medium_date=medium_format, months=tuple(months[m] for m in range(1, 13)))


def _format_keys(template: str) -> list[str]:
    return re.findall(r"%\((\w+)\)s", template)


if __name__ == "__main__":  # prints the sheets to copy after a Babel upgrade
    for code in SHEETS:
        print(f"{code!r}: {sheet_from_babel(code)!r},")
