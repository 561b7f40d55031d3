"""The quick sheets give Babel's text, and the start's first screen formats without loading Babel."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from decimal import Decimal

import pytest
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from hypothesis import given
from hypothesis import strategies as st

from vetdesk.i18n import FORMATS, LANGUAGES, translator
from vetdesk.quick_formats import SHEETS, Sheet, UnsupportedLocaleData, sheet_from_babel

LOCALES = sorted(LANGUAGES.values())
#: The locale whose formats each catalogue's reader uses (English: international English, day first).
FORMATS_OF = {locale: FORMATS.get(locale, locale) for locale in LOCALES}


def test_every_interface_language_has_a_sheet() -> None:
    assert sorted(SHEETS) == sorted(FORMATS_OF.values())


def test_english_writes_the_day_first() -> None:
    """A Mexican office reads 04/12/2026 as 4 December: its English does too (international English)."""
    t = translator("en")
    assert t.format_numeric_date(date(2026, 12, 4)) == "04/12/2026"
    assert t.format_date(date(2026, 12, 4)) == "4 Dec 2026"
    assert t.date_order() == "DMY"


@pytest.mark.parametrize("locale", sorted(FORMATS_OF.values()))
def test_each_sheet_is_the_installed_babels_data(locale: str) -> None:
    """After a Babel upgrade that changes a locale, copy what ``python -m vetdesk.quick_formats`` prints."""
    assert SHEETS[locale] == sheet_from_babel(locale)


def test_a_locale_whose_patterns_a_sheet_cannot_hold_is_refused() -> None:
    # Hindi groups by two after the first three digits (12,34,567).
    with pytest.raises(UnsupportedLocaleData, match="hi"):
        sheet_from_babel("hi")


@given(st.sampled_from(LOCALES), st.integers(min_value=-(10**15) + 1, max_value=10**15 - 1))
def test_whole_numbers_read_as_babel_writes_them(locale: str, value: int) -> None:
    assert translator(locale).format_decimal(value) == format_decimal(value, locale=FORMATS_OF[locale])


@given(st.sampled_from(LOCALES),
       st.one_of(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
                 st.fractions(min_value=0, max_value=1, max_denominator=100_000).map(float),
                 st.decimals(min_value=-1000, max_value=1000, allow_nan=False, places=4),
                 st.integers(min_value=-1000, max_value=1000)))
def test_shares_read_as_babel_writes_them(locale: str, value: float | Decimal | int) -> None:
    assert translator(locale).format_percent(value) == format_percent(value, locale=FORMATS_OF[locale])


@pytest.mark.parametrize("value", [0.125, 0.135, -0.0, 0.005, 0.015, 12.345, float("inf"), float("nan")])
@pytest.mark.parametrize("locale", LOCALES)
def test_halves_signs_and_infinities_as_babel(locale: str, value: float) -> None:
    assert translator(locale).format_percent(value) == format_percent(value, locale=FORMATS_OF[locale])


@given(st.sampled_from(LOCALES), st.dates(min_value=date(1, 1, 1)))
def test_medium_dates_read_as_babel_writes_them(locale: str, value: date) -> None:
    assert translator(locale).format_date(value) == format_date(value, format="medium", locale=FORMATS_OF[locale])


def test_other_values_and_patterns_are_babels() -> None:
    es = translator("es")
    assert es.format_decimal(1234.5) == "1,234.5"
    assert es.format_decimal(10**20) == format_decimal(10**20, locale="es_MX")
    assert es.format_date(date(2026, 9, 6), "long") == "6 de septiembre de 2026"
    assert translator("de").format_decimal(1234, "#,##0.00") == "1.234,00"


def test_a_sheet_groups_and_signs() -> None:
    sheet = Sheet(group="'", minus="−", percent_suffix=" pct", medium_date="%(y)s/%(M)s/%(d)s",
                  months=tuple("abcdefghijkl"))
    assert sheet.decimal(-1234567) == "−1'234'567"
    assert sheet.percent(-12.5) == "−1'250 pct"
    assert sheet.date(date(2026, 3, 4)) == "2026/3/4"
    assert Sheet("'", "-", "%", "%(MMM)s %(dd)s.%(MM)s", tuple("abcdefghijkl")).date(date(2026, 3, 4)) == "c 04.03"


def test_the_first_screens_formats_do_not_load_babel() -> None:
    script = (
        "import sys\n"
        "from datetime import date\n"
        "from vetdesk.i18n import set_language\n"
        "for lang in ('es', 'en', 'de', 'pt'):\n"
        "    t = set_language(lang)\n"
        "    t.format_decimal(123456); t.format_percent(0.25); t.format_date(date.today())\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'babel'))\n"
        "t.load_formats()\n"
        "print('babel.numbers' in sys.modules and 'babel.dates' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["[]", "True"]
