"""Values as a document's language writes them: dates, money, scale levels, the payer and the period.

Strings are marked with ``N_`` (found by Babel's extraction) and translated with the document's own
:class:`~vetdesk.i18n.Translator` when the document is built, never with the interface language.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any, cast

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
    for X or anything else (the rule: domain.identifiers.apprentice_role, in the document's language)."""
    from vetdesk.domain.identifiers import apprentice_role as role

    return role(sex, t.pgettext)


def apprentice_label(t: Translator, sex: str) -> str:
    """"Apprentice" as the label before the apprentice's name (a table's row or heading), by the recorded sex:
    German "Auszubildende" or "Auszubildender", a neutral form for X, never "Auszubildende(r)"."""
    if sex == "M":
        return t.pgettext("label before the apprentice's name, a woman", "Apprentice")
    if sex == "H":
        return t.pgettext("label before the apprentice's name, a man", "Apprentice")
    return t.pgettext("label before the apprentice's name, non-binary or unknown", "Apprentice")


def apprentice_heading(t: Translator, sex: str) -> str:
    """The progress report's heading over the apprentice's and the agreement's facts, by the recorded sex."""
    if sex == "M":
        return t.pgettext("heading, a woman", "Apprentice and agreement")
    if sex == "H":
        return t.pgettext("heading, a man", "Apprentice and agreement")
    return t.pgettext("heading, non-binary or unknown", "Apprentice and agreement")


def dear(t: Translator, sex: str, name: str) -> str:
    """A letter's salutation of the apprentice, by the recorded sex (neutral for X or anything else)."""
    if sex == "M":
        return t.pgettext("salutation, a woman", "Dear {name},").format(name=name)
    if sex == "H":
        return t.pgettext("salutation, a man", "Dear {name},").format(name=name)
    return t.gettext("Dear {name},").format(name=name)


def apprentice_in_sentence(t: Translator, sex: str) -> str:
    """"the apprentice" inside a sentence ("{apprentice} has 18 working days…"), by the recorded sex."""
    from vetdesk.domain.identifiers import apprentice_in_sentence as in_sentence

    return in_sentence(sex, t.pgettext)


def company_instructor(t: Translator) -> str:
    """"Company instructor" as every printed form labels the instructor, whose sex is not recorded: one neutral
    wording in all of them ("Persona instructora de la empresa", "Betriebliche Ausbildungsperson")."""
    return t.pgettext("instructor, sex not recorded", "Company instructor")


def instructor_label(t: Translator) -> str:
    """"Instructor" as a printed form's label, neutral (the instructor's sex is not recorded)."""
    return t.pgettext("instructor, sex not recorded", "Instructor")


def instructor_note(t: Translator) -> str:
    """"Instructor's note" as the weekly form's heading, neutral (the instructor's sex is not recorded)."""
    return t.pgettext("instructor, sex not recorded", "Instructor's note")


def own_account(t: Translator, sex: str) -> str:
    """The assessment form's evidence line, its "apprentice's own account" by the recorded sex."""
    if sex == "M":
        return t.pgettext("apprentice, a woman", "Evidence considered: {box} the product  {box} the work process  "
                                                 "{box} the apprentice's own account")
    if sex == "H":
        return t.pgettext("apprentice, a man", "Evidence considered: {box} the product  {box} the work process  "
                                               "{box} the apprentice's own account")
    return t.pgettext("apprentice, non-binary or unknown", "Evidence considered: {box} the product  {box} the work "
                                                           "process  {box} the apprentice's own account")


def id_name(t: Translator, country: str) -> str:
    """What the document calls the apprentice's personal identifier: CURP, CPF, DNI… by its stored country."""
    from vetdesk.domain.identifiers import person_id_name

    return t.gettext(person_id_name(country))


def id_value(country: str, value: str) -> str:
    """The apprentice's personal identifier as its country writes it (a CPF as 123.456.789-09)."""
    from vetdesk.domain.identifiers import person_id_shown

    return person_id_shown(country, value)


def day(t: Translator, value: date | None) -> str:
    """A date written out in the document's language (e.g. "25 de noviembre de 2026")."""
    return t.format_date(value, "long") if value is not None else t.gettext(NOT_RECORDED)


def short_day(t: Translator, value: date | None) -> str:
    """A date in a table, numeric with a four-digit year in every language (16/05/2024, 16.05.2024; CLDR's short
    form gave Spanish and German two digits, Portuguese four)."""
    return t.format_numeric_date(value) if value is not None else "—"


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
#: num2words' module and converter of each document language.
_NUM2WORDS_MODULES = {"es": ("lang_ES", "Num2Word_ES"), "en": ("lang_EN", "Num2Word_EN"),
                      "de": ("lang_DE", "Num2Word_DE"), "pt": ("lang_PT_BR", "Num2Word_PT_BR")}
#: The name num2words' folder is loaded under when one language's module is loaded alone.
_LEAN_PACKAGE = "vetdesk_num2words_lean"


@lru_cache(maxsize=8)
def _spell(language: str) -> Callable[[int], str]:
    """num2words' cardinal numbers in ``language`` (es, en, de, pt). num2words' package imports all of its 56
    languages when it loads (≈45 ms of a one-shot print command); the document's language module is loaded
    alone instead, from the package's folder under a name of its own (so a later ``import num2words`` still gets
    the whole package). Where that cannot be done (a bundle that finds modules only by their own names), the
    whole package is loaded as before."""
    module_name, converter = _NUM2WORDS_MODULES.get(language, _NUM2WORDS_MODULES["es"])
    try:
        import importlib
        import importlib.util
        import sys
        import types

        if _LEAN_PACKAGE not in sys.modules:
            spec = importlib.util.find_spec("num2words")  # finds the package without running its __init__
            if spec is None or not spec.submodule_search_locations:
                raise ImportError("num2words")
            package = types.ModuleType(_LEAN_PACKAGE)
            package.__path__ = list(spec.submodule_search_locations)
            sys.modules[_LEAN_PACKAGE] = package
        module = importlib.import_module(f"{_LEAN_PACKAGE}.{module_name}")
        return cast(Callable[[int], str], getattr(module, converter)().to_cardinal)
    except Exception:  # noqa: BLE001 - the whole package spells the same words
        from num2words import num2words

        lang = _NUM2WORDS_LANG.get(language, "es")
        return lambda number: str(num2words(number, lang=lang))


def amount_in_words(t: Translator, amount: Decimal, currency: str) -> str:
    """The amount written out as contracts write it, in the document's language: "cuatro mil quinientos pesos
    50/100 M.N." (num2words spells the whole part; the cents are written as a fraction of 100)."""
    language = t.locale.split("_")[0]
    whole = int(amount)
    cents = int((amount - whole) * 100 + Decimal("0.5")) if amount >= 0 else 0
    words = _spell(language if language in _NUM2WORDS_MODULES else "es")(whole)
    if language == "en":  # num2words writes "four thousand, eight hundred"; a contract writes no commas in it
        words = words.replace(",", "")
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


def place_and_date(t: Translator, place: str, signed: Sequence[date] = ()) -> str:
    """The line above the signatures: where and when the document is signed. For signature, the place (or a line)
    and a line for the day; on a signed copy (``signed``: the parties' recorded signing dates), the day filled in
    as a lawyer reads a copy: the one day all signed on, or, when they signed on different days, each on the date
    beside their signature and the agreement concluded with the last."""
    blank = "______________________"
    if not signed:
        return t.gettext("Signed in {place} on ______________________, in one original for each party.").format(
            place=place or blank)
    last = day(t, max(signed))
    if len(set(signed)) == 1:
        return t.gettext("Signed in {place} on {date}, in one original for each party.").format(
            place=place or blank, date=last)
    return t.gettext("Signed in {place} by each party on the date beside its signature, the last on {date}, in one "
                     "original for each party.").format(place=place or blank, date=last)


def signed_copy_words(t: Translator, signed_on: date | None, *, text_as_signed: bool,
                      contract: bool = False) -> tuple[str, str]:
    """What a reprint of a signed agreement (learning or collaboration agreement) says of itself: the line under
    its title (a copy of what was signed, not a document to sign; when the signed text was not kept, that its
    clauses are the office's text of the print date) and the note in every page's footer. ``contract``: the AHK
    contract, which calls itself a contract."""
    if contract:
        banner = t.gettext("Copy of the contract signed on {date}. It is not a document to sign.").format(
            date=day(t, signed_on)) if signed_on else \
            t.gettext("Copy of the signed contract. It is not a document to sign.")
    else:
        banner = t.gettext("Copy of the agreement signed on {date}. It is not a document to sign.").format(
            date=day(t, signed_on)) if signed_on else \
            t.gettext("Copy of the signed agreement. It is not a document to sign.")
    note = t.gettext("Copy — signed on {date}").format(date=t.format_date(signed_on, "medium")) \
        if signed_on else (t.gettext("Copy of the signed contract") if contract else
                           t.gettext("Copy of the signed agreement"))
    if not text_as_signed:
        banner += " " + t.gettext("The signed text was not kept: the office's text printed here is the one in force "
                                  "on the print date, not the text signed. The signed paper copy is what binds.")
        note += " (" + t.gettext("text in force on the print date, not the text signed") + ")"
    return banner, note
