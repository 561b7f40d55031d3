"""Translations (gettext catalogues managed with Babel) and locale-aware formatting.

One gettext domain, ``messages``, in ``translations/<locale>/LC_MESSAGES``. The interface language is
process-wide (chosen by settings or ``--lang``); documents ask for a :class:`Translator` of their own
language so a contract can print in German while the window speaks Spanish.
"""

from __future__ import annotations

import gettext as _gettext
import logging
import re
import threading
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from vetdesk.paths import translations_dir
from vetdesk.quick_formats import SHEETS, integer

if TYPE_CHECKING:
    from collections.abc import Sequence

    from babel import Locale

log = logging.getLogger(__name__)

DOMAIN = "messages"
SOURCE_LOCALE = "en"
DEFAULT_LANGUAGE = "es"

#: Short language codes accepted on the command line, and the locale each one means.
LANGUAGES: dict[str, str] = {"es": "es_MX", "en": "en", "de": "de", "pt": "pt_BR"}
#: The locale whose formats (dates, numbers) a catalogue's reader uses, where it is not the catalogue's own:
#: English is read in chambers abroad, and CLDR's "en" is US English, whose month-first 4/12/2026 a Mexican
#: office reads as 4 December (a new user's trial typed it so and got 12 April). International English
#: ("en_001": 04/12/2026, 4 Dec 2026) writes the day first, as the office's other languages do.
FORMATS: dict[str, str] = {"en": "en_001"}


def locale_for(language: str | None) -> str:
    """Map ``es``/``en``/``de``/``pt`` (or a full locale such as ``pt_BR``) to a catalogue locale."""
    if not language:
        return LANGUAGES[DEFAULT_LANGUAGE]
    code = language.replace("-", "_")
    if code in LANGUAGES:
        return LANGUAGES[code]
    for full in LANGUAGES.values():
        if full.lower() == code.lower():
            return full
    raise ValueError(language)


@lru_cache(maxsize=8192)
def _babel_date(value: date, fmt: str, locale: str) -> str:
    """A day as Babel writes it, kept for the process: a batch of progress reports writes the same days (week
    starts, rating dates, month ends) thousands of times, ≈0.1 ms each."""
    from babel.dates import format_date

    return format_date(value, format=fmt, locale=locale)


@dataclass(frozen=True)
class Translator:
    """The words and formats of one locale."""

    locale: str
    catalogue: _gettext.NullTranslations

    @property
    def formats(self) -> str:
        """The locale of this reader's dates and numbers (:data:`FORMATS`)."""
        return FORMATS.get(self.locale, self.locale)

    def gettext(self, message: str) -> str:
        return self.catalogue.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.catalogue.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self.catalogue.pgettext(context, message)

    # Babel loads when the first value that needs it is formatted, not with the words. Whole numbers, shares
    # and medium dates, all the window's first screen shows, come from a sheet copied from Babel's data
    # (vetdesk.quick_formats, the same text without Babel's ≈15 ms of loading).
    def format_date(self, value: date | None, fmt: str = "medium") -> str:
        if value is None:
            return ""
        sheet = SHEETS.get(self.formats)
        if sheet is not None and fmt == "medium" and type(value) is date:
            return sheet.date(value)
        if type(value) is date:
            return _babel_date(value, fmt, self.formats)
        from babel.dates import format_date

        return format_date(value, format=fmt, locale=self.formats)

    def format_decimal(self, value: float | Decimal | int, fmt: str | None = None) -> str:
        sheet = SHEETS.get(self.formats)
        if sheet is not None and fmt is None and integer(value):
            return sheet.decimal(value)  # type: ignore[arg-type]  # integer() made sure
        from babel.numbers import format_decimal

        return format_decimal(value, format=fmt, locale=self.formats)

    def format_percent(self, value: float) -> str:
        sheet = SHEETS.get(self.formats)
        quick = None if sheet is None else sheet.percent(value)
        if quick is not None:
            return quick
        from babel.numbers import format_percent

        return format_percent(value, locale=self.formats)

    def format_currency(self, value: float | Decimal, currency: str) -> str:
        from babel.numbers import format_currency

        return format_currency(value, currency, locale=self.formats)

    def format_list(self, items: Sequence[str], style: str = "standard") -> str:
        """Items as the language lists them ("A, B y C", "A, B und C"); ``style="or"`` for alternatives."""
        items = [str(i) for i in items]
        if len(items) < 2:
            return "".join(items)
        from babel.lists import format_list

        return format_list(items, style=style, locale=self.formats)  # type: ignore[arg-type]

    def country_name(self, code: str) -> str | None:
        """A country's name in this language ("Guatemala", "Alemania") by its ISO code (GT, DE); None for a code
        that names no country."""
        from babel import Locale

        if len(code) != 2 or not code.isalpha() or code.upper() in ("ZZ", "EU", "UN", "EZ", "QO"):
            return None
        name = Locale.parse(self.formats).territories.get(code.upper())
        return str(name) if name else None

    def load_formats(self) -> None:
        """Load Babel and this locale's data now (≈15 ms of Python), which the first value that no sheet covers
        (a list's dates, a decimal) would otherwise wait for: the window has it done off the GUI thread once the
        first screen is shown."""
        from babel.dates import format_date
        from babel.numbers import format_decimal

        format_decimal(0.5, locale=self.formats)
        format_date(date.today(), format="short", locale=self.formats)

    # Dates as people type and read them in forms and lists: the language's short numeric date (CLDR's, through
    # Babel) with a four-digit year, e.g. 24/08/2026, 24.08.2026, 8/24/2026.
    def date_parts(self) -> tuple[str, ...]:
        """The language's numeric date as tokens: ("dd", "/", "MM", "/", "yyyy") in Mexican Spanish."""
        return _date_parts(self.formats)

    def date_order(self) -> str:
        """The order of day, month and year in the language's numeric dates: "DMY", "MDY" or "YMD"."""
        return "".join(t[0].upper() for t in self.date_parts() if t[0] in "dMy")

    def format_numeric_date(self, value: date | None) -> str:
        if value is None:
            return ""
        out = []
        for token in self.date_parts():
            if token[0] == "d":
                out.append(f"{value.day:0{len(token)}d}")
            elif token[0] == "M":
                out.append(f"{value.month:0{len(token)}d}")
            elif token[0] == "y":
                out.append(f"{value.year:04d}")
            else:
                out.append(token)
        return "".join(out)

    def date_hint(self) -> str:
        """How to type a date, in the reader's words: dd/mm/aaaa, TT.MM.JJJJ, mm/dd/yyyy."""
        words = {"d": self.pgettext("date part", "dd"), "M": self.pgettext("date part", "mm"),
                 "y": self.pgettext("date part", "yyyy")}
        return "".join(words.get(t[0], t) for t in self.date_parts())

    @property
    def babel_locale(self) -> Locale:
        from babel import Locale

        return Locale.parse(self.formats)


@cache
def _date_parts(locale: str) -> tuple[str, ...]:
    from babel.dates import get_date_format

    pattern = get_date_format("short", locale=locale).pattern.replace("'", "")
    tokens = re.findall(r"d+|M+|y+|[^dMy]+", pattern)
    return tuple("yyyy" if t[0] == "y" else t for t in tokens if t.strip(" ,") or t == " ")


#: The compiled catalogues read so far, by file (as gettext keeps them): read once per process.
_catalogues: dict[str, _gettext.GNUTranslations] = {}


def _catalogue(loc: str) -> _gettext.NullTranslations:
    """The compiled catalogue of ``loc`` (an empty one when it is missing), read once per process.

    Read straight from its file, which is where ``gettext.translation`` finds it: that function also expands
    the language through the ``locale`` module (≈1 ms to load, on the window's start path, for a name vetdesk
    gives in full) and looks for other files of other spellings of it first.
    """
    path = str(translations_dir() / loc / "LC_MESSAGES" / f"{DOMAIN}.mo")
    found = _catalogues.get(path)
    if found is None:
        try:
            with open(path, "rb") as file:
                found = _gettext.GNUTranslations(file)
        except OSError:
            return _gettext.NullTranslations()
        _catalogues[path] = found
    return found


@cache
def translator(language: str | None = None) -> Translator:
    loc = locale_for(language)
    catalogue = _catalogue(loc)
    if loc != SOURCE_LOCALE and not isinstance(catalogue, _gettext.GNUTranslations):
        # The compiled catalogues are committed next to their .po files; if one is missing the
        # installation is broken, but English is still better than refusing to start.
        log.warning("No compiled catalogue for %s in %s; messages stay in English", loc, translations_dir())
    return Translator(loc, catalogue)


_lock = threading.Lock()
_current: Translator | None = None


def set_language(language: str | None) -> Translator:
    """Make ``language`` the interface language of this process."""
    global _current
    with _lock:
        _current = translator(language)
    return _current


def current() -> Translator:
    return _current if _current is not None else set_language(None)


def gettext(message: str) -> str:
    return current().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return current().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return current().pgettext(context, message)


def counted(n: int, singular: str, plural: str) -> str:
    """``n`` and a noun whose two forms are separate messages (a kind's "learning agreement" and "learning
    agreements"), the form chosen by the language's plural rule: "1 convenio", "3 convenios"."""
    rule = getattr(current().catalogue, "plural", None)
    form = rule(n) if callable(rule) else int(n != 1)
    return f"{n} {gettext(singular) if form == 0 else gettext(plural)}"


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now (translated where it is shown)."""
    return message


_ = gettext


def format_list(items: Sequence[str], style: str = "standard") -> str:
    """Items as the reader's language lists them: "Clave y Competencia", "code and title"."""
    return current().format_list(items, style)


def country_name(code: str) -> str | None:
    """A country's name in the reader's language by its ISO code; None for a code that names none."""
    return current().country_name(code)


def safe_file_name(name: str) -> str:
    """A default file name made of safe characters only (letters without accents, digits, "-", "_", "."), so
    that it survives any file system, archive or mail program: "convênio CA/2027 1.pdf" → "convenio-CA-2027-1.pdf".
    The name itself comes through gettext (``pgettext("file name", …)``) in the document's language."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"-{2,}", "-", re.sub(r"[^A-Za-z0-9._-]+", "-", folded)).strip("-.") or "vetdesk"


#: Two periods closing a sentence (not an ellipsis's three), before a space, a closing mark or the end.
_TWO_PERIODS = re.compile(r"(?<!\.)\.\.(?=[\s”’\"')\]]|$)")


def end_sentence(text: str) -> str:
    """Sentences whose period follows a name that ends in one ("… S.A.P.I. de C.V..", "of Bavaria S.A. de C.V..
    Choose …"): one period, not two, wherever the sentence ends (an ellipsis stays). Every refusal's message
    (``domain.problems.Problem``) and every line the command line says pass through it."""
    return _TWO_PERIODS.sub(".", text)


def upper_first(text: str) -> str:
    """Capital first letter, the rest untouched (str.capitalize would lower "Lehrkraft" or "CURP")."""
    return text[:1].upper() + text[1:]


def weeks_and_days(days: int, t: Translator | None = None) -> str:
    """A time as people count it at a workplace, in whole weeks and days ("17 weeks and 2 days", "3 weeks",
    "4 days"), never a fraction of a week ("17.3 weeks"); in the language of ``t`` (default: the reader's)."""
    t = t or current()
    weeks, rest = divmod(max(0, int(days)), 7)
    week_words = t.ngettext("{n} week", "{n} weeks", weeks).format(n=weeks)
    day_words = t.ngettext("{n} day", "{n} days", rest).format(n=rest)
    if weeks and rest:
        return t.gettext("{weeks} and {days}").format(weeks=week_words, days=day_words)
    return day_words if rest else week_words


def shown_day(value: date) -> str:
    """A day in a message, as the reader writes dates (the language's numeric form, e.g. 15/03/2008 in Spanish),
    the same form the date fields show and accept."""
    return current().format_numeric_date(value)


def shown_number(value: Decimal | float | int) -> str:
    """A number in a message or a field, as the reader writes it: the language's decimal mark (7.5 in Mexican
    Spanish and English, 7,5 in German and Brazilian Portuguese), no trailing zeros, no grouping (a figure typed
    back reads the same)."""
    number = value.normalize() if isinstance(value, Decimal) else value
    return current().format_decimal(number, "0.##########")
