"""Values as a document's language writes them: dates, money, scale levels, the payer and the period.

Strings are marked with ``N_`` (found by Babel's extraction) and translated with the document's own
:class:`~vetdesk.i18n.Translator` when the document is built, never with the interface language.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from vetdesk.domain import choices
from vetdesk.i18n import N_, Translator

NOT_RECORDED = N_("not recorded")

_ROLES = {"instructor": N_("instructor"), "tutor": N_("academic tutor"), "self": N_("apprentice (self)"),
          "officer": N_("officer")}


def choice(t: Translator, name: str, raw: str | None, *, sentence: bool = False) -> str:
    """A choice value in the document's language: a code's label (or, in ``sentence``, how it reads inside a
    printed sentence); text that is no code, as typed."""
    option = choices.choice(name).option(raw)
    if option is None:
        return raw or ""
    return t.gettext(option.printed if sentence and option.printed else option.label)


def apprentice_role(t: Translator, sex: str) -> str:
    """"The apprentice" as the document's language says it of this person: by the recorded sex (H, M), neutral
    for X or anything else."""
    if sex == "M":
        return t.pgettext("apprentice, a woman", "The apprentice")
    if sex == "H":
        return t.pgettext("apprentice, a man", "The apprentice")
    return t.pgettext("apprentice, non-binary or unknown", "The apprentice")


def dear(t: Translator, sex: str, name: str) -> str:
    """A letter's salutation of the apprentice, by the recorded sex (neutral for X or anything else)."""
    if sex == "M":
        return t.pgettext("salutation, a woman", "Dear {name},").format(name=name)
    if sex == "H":
        return t.pgettext("salutation, a man", "Dear {name},").format(name=name)
    return t.gettext("Dear {name},").format(name=name)


def apprentice_in_sentence(t: Translator, sex: str) -> str:
    """"the apprentice" inside a sentence ("{apprentice} has 18 working days…"), by the recorded sex."""
    if sex == "M":
        return t.pgettext("apprentice inside a sentence, a woman", "the apprentice")
    if sex == "H":
        return t.pgettext("apprentice inside a sentence, a man", "the apprentice")
    return t.pgettext("apprentice inside a sentence, non-binary or unknown", "the apprentice")


def day(t: Translator, value: date | None) -> str:
    """A date written out in the document's language (e.g. "25 de noviembre de 2026")."""
    return t.format_date(value, "long") if value is not None else t.gettext(NOT_RECORDED)


def short_day(t: Translator, value: date | None) -> str:
    return t.format_date(value, "short") if value is not None else "—"


def or_missing(t: Translator, value: Any) -> str:
    return str(value) if value not in (None, "") else t.gettext(NOT_RECORDED)


def money(t: Translator, amount: Decimal | None, currency: str) -> str:
    return t.format_currency(amount, currency) if amount is not None else t.gettext(NOT_RECORDED)


#: Currency names as the amount in words spells them, by language (other currencies keep their code).
_CURRENCY_WORDS = {
    "es": {"MXN": "pesos", "USD": "dólares", "EUR": "euros"},
    "en": {"MXN": "Mexican pesos", "USD": "US dollars", "EUR": "euros"},
    "de": {"MXN": "mexikanische Pesos", "USD": "US-Dollar", "EUR": "Euro"},
    "pt": {"MXN": "pesos mexicanos", "USD": "dólares americanos", "EUR": "euros"},
}
_NUM2WORDS_LANG = {"es": "es", "en": "en", "de": "de", "pt": "pt_BR"}


def amount_in_words(t: Translator, amount: Decimal, currency: str) -> str:
    """The amount written out as contracts write it, in the document's language: "cuatro mil quinientos pesos
    50/100 M.N." (num2words spells the whole part; the cents are written as a fraction of 100)."""
    from num2words import num2words

    language = t.locale.split("_")[0]
    whole = int(amount)
    cents = int((amount - whole) * 100 + Decimal("0.5")) if amount >= 0 else 0
    words = num2words(whole, lang=_NUM2WORDS_LANG.get(language, "es"))
    name = _CURRENCY_WORDS.get(language, {}).get(currency.upper(), currency.upper())
    text = f"{words} {name} {cents:02d}/100"
    if language == "es" and currency.upper() == "MXN":
        text += " M.N."
    return text


def hours(t: Translator, value: Decimal | None) -> str:
    return t.format_decimal(value, "#,##0.##") if value is not None else t.gettext(NOT_RECORDED)


def period(t: Translator, raw: str) -> str:
    return choice(t, "stipend_period", raw, sentence=True)


def payer(t: Translator, raw: str) -> str:
    return choice(t, "stipend_payer", raw) or t.gettext(N_("the company"))


def role(t: Translator, raw: str) -> str:
    return t.gettext(_ROLES[raw]) if raw in _ROLES else raw


def level_text(t: Translator, scale: dict[str, Any], value: int | None, recognised: bool = False) -> str:
    """A rating as the scale names it, in the document's language."""
    if recognised:
        return t.gettext(N_("recognised (prior learning)"))
    if value is None:
        return t.gettext(N_("not yet rated"))
    if scale.get("kind") == "points":
        for band in scale.get("bands", []):
            if value >= band["from"]:
                return t.gettext(N_("{points} points ({grade})")).format(points=value,
                                                                         grade=t.gettext(band["label"]))
        return str(value)
    for level in scale.get("levels", []):
        if int(level["value"]) == value:
            return f"{value} – {t.gettext(level['label'])}"
    return str(value)


def scale_levels(t: Translator, scale: dict[str, Any]) -> list[str]:
    """The columns of an assessment form: one per level (or per grade band on a points scale)."""
    if scale.get("kind") == "points":
        # Grade and lower bound only (the names are in the legend): six worded columns do not fit.
        return [f"{band['grade']}\n({band['from']}+)" for band in scale.get("bands", [])]
    return [f"{level['value']}\n{t.gettext(level['label'])}" for level in scale.get("levels", [])]


def grade_legend(t: Translator, scale: dict[str, Any]) -> str:
    """The grade bands of a points scale spelled out, e.g. "1 = 92 to 100 points: very good; …"."""
    bands = sorted(scale.get("bands", []), key=lambda b: -int(b["from"]))
    parts, upper = [], int(scale.get("max", 100))
    for band in bands:
        parts.append(t.gettext("{grade} = {low} to {high} points: {label}").format(
            grade=band["grade"], low=band["from"], high=upper, label=t.gettext(band["label"])))
        upper = int(band["from"]) - 1
    return "; ".join(parts)
