"""Translations (gettext catalogues managed with Babel) and locale-aware formatting.

One gettext domain, ``messages``, in ``translations/<locale>/LC_MESSAGES``. The interface language is
process-wide (chosen by settings or ``--lang``); documents ask for a :class:`Translator` of their own
language so a contract can print in German while the window speaks Spanish.
"""

from __future__ import annotations

import gettext as _gettext
import logging
import threading
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING

from vetdesk.paths import translations_dir

if TYPE_CHECKING:
    from babel import Locale

log = logging.getLogger(__name__)

DOMAIN = "messages"
SOURCE_LOCALE = "en"
DEFAULT_LANGUAGE = "es"

#: Short language codes accepted on the command line, and the locale each one means.
LANGUAGES: dict[str, str] = {"es": "es_MX", "en": "en", "de": "de", "pt": "pt_BR"}


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


@dataclass(frozen=True)
class Translator:
    """The words and formats of one locale."""

    locale: str
    catalogue: _gettext.NullTranslations

    def gettext(self, message: str) -> str:
        return self.catalogue.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.catalogue.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self.catalogue.pgettext(context, message)

    # Babel loads when the first date or number is formatted, not with the words: the window's first screen
    # starts counting before it needs either.
    def format_date(self, value: date | None, fmt: str = "medium") -> str:
        from babel.dates import format_date

        return "" if value is None else format_date(value, format=fmt, locale=self.locale)

    def format_decimal(self, value: float | Decimal | int, fmt: str | None = None) -> str:
        from babel.numbers import format_decimal

        return format_decimal(value, format=fmt, locale=self.locale)

    def format_percent(self, value: float) -> str:
        from babel.numbers import format_percent

        return format_percent(value, locale=self.locale)

    def format_currency(self, value: float | Decimal, currency: str) -> str:
        from babel.numbers import format_currency

        return format_currency(value, currency, locale=self.locale)

    def load_formats(self) -> None:
        """Load Babel and this locale's number and date data now, which the first formatted value would
        otherwise wait for (≈13 ms of Python: the window's start has it done on a thread of its own while the
        first screen is counted)."""
        self.format_decimal(1000)
        self.format_percent(0.5)
        self.format_date(date.today())

    @property
    def babel_locale(self) -> Locale:
        from babel import Locale

        return Locale.parse(self.locale)


@cache
def translator(language: str | None = None) -> Translator:
    loc = locale_for(language)
    catalogue = _gettext.translation(DOMAIN, localedir=str(translations_dir()), languages=[loc], fallback=True)
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


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now (translated where it is shown)."""
    return message


_ = gettext


def upper_first(text: str) -> str:
    """Capital first letter, the rest untouched (str.capitalize would lower "Lehrkraft" or "CURP")."""
    return text[:1].upper() + text[1:]
