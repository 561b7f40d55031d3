"""Each language really speaks: rule messages, plural forms and formats of dates, numbers and money."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from vetdesk import i18n
from vetdesk.domain import rules
from vetdesk.domain.lifecycle import Status, status_label

TODAY = date(2026, 11, 25)


def _sex_message() -> str:
    problems = rules.check_apprentice({"sex": "Q"}, today=TODAY)
    [problem] = [p for p in problems if p.field == "sex"]
    return problem.message


@pytest.mark.parametrize(("language", "words"), [
    ("es", ("El sexo", "hombre", "mujer", "no binario", "CURP")),
    ("en", ("Sex must be", "H (male)", "M (female)", "CURP")),
    ("de", ("Geschlecht", "männlich", "weiblich", "CURP")),
    ("pt", ("O sexo", "masculino", "feminino", "CURP")),
])
def test_a_rule_message_in_each_language(language: str, words: tuple[str, ...]) -> None:
    i18n.set_language(language)
    message = _sex_message()
    for word in words:
        assert word in message, (language, message)


def test_the_default_language_is_mexican_spanish() -> None:
    assert i18n.set_language(None).locale == "es_MX"
    assert "El sexo" in _sex_message()


@pytest.mark.parametrize(("language", "label"), [
    ("es", "vigente"), ("en", "active"), ("de", "laufend"), ("pt", "vigente"),
])
def test_status_words_follow_the_glossary(language: str, label: str) -> None:
    i18n.set_language(language)
    assert status_label(Status.ACTIVE) == label


def test_a_document_translator_is_independent_of_the_interface_language() -> None:
    i18n.set_language("es")
    german = i18n.translator("de")
    assert german.gettext("signed") == "unterschrieben"
    assert i18n._("signed") == "firmado"


@pytest.mark.parametrize(("language", "zero", "one", "two"), [
    ("es", "0 errores", "1 error", "2 errores"),
    ("en", "0 errors", "1 error", "2 errors"),
    ("de", "0 Fehler", "1 Fehler", "2 Fehler"),
    # Brazilian Portuguese: zero takes the singular.
    ("pt", "0 erro", "1 erro", "2 erros"),
])
def test_plural_forms(language: str, zero: str, one: str, two: str) -> None:
    t = i18n.translator(language)
    assert [t.ngettext("{n} error", "{n} errors", n).format(n=n) for n in (0, 1, 2)] == [zero, one, two]


def _plain(text: str) -> str:
    return text.replace("\xa0", " ").replace("\u202f", " ")


@pytest.mark.parametrize(("language", "money", "day", "number", "percent"), [
    ("es", "$4,500.00", "5 mar 2026", "1,234.5", "45%"),
    ("en", "MX$4,500.00", "5 Mar 2026", "1,234.5", "45%"),
    ("de", "4.500,00 MX$", "05.03.2026", "1.234,5", "45 %"),
    ("pt", "MX$ 4.500,00", "5 de mar. de 2026", "1.234,5", "45%"),
])
def test_formats_follow_the_locale(language: str, money: str, day: str, number: str, percent: str) -> None:
    t = i18n.translator(language)
    assert _plain(t.format_currency(Decimal("4500"), "MXN")) == money
    assert _plain(t.format_date(date(2026, 3, 5))) == day
    assert _plain(t.format_decimal(Decimal("1234.5"))) == number
    assert _plain(t.format_percent(0.45)) == percent
    assert t.format_date(None) == ""


def test_euros_are_written_the_local_way() -> None:
    assert _plain(i18n.translator("de").format_currency(Decimal("980"), "EUR")) == "980,00 €"
    assert _plain(i18n.translator("pt").format_currency(Decimal("980"), "EUR")) == "€ 980,00"
    # In Mexico the peso owns the "$" sign; another currency is named by its code.
    assert "EUR" in i18n.translator("es").format_currency(Decimal("980"), "EUR")


@pytest.mark.parametrize(("given", "locale"), [
    (None, "es_MX"), ("es", "es_MX"), ("de", "de"), ("pt", "pt_BR"), ("pt-BR", "pt_BR"), ("en", "en"),
])
def test_locale_for(given: str | None, locale: str) -> None:
    assert i18n.locale_for(given) == locale


@pytest.mark.parametrize("language", sorted(i18n.LANGUAGES))
def test_each_language_finds_its_compiled_catalogue(language: str) -> None:
    """At run time the .mo file is there (a missing one would silently fall back to English)."""
    import gettext

    t = i18n.translator(language)
    assert isinstance(t.catalogue, gettext.GNUTranslations), language
    assert t.catalogue.info()["language"] == t.locale


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError):
        i18n.locale_for("fr")
