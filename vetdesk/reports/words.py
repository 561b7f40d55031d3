"""Values as a document's language writes them: dates, money, scale levels, the payer and the period.

Strings are marked with ``N_`` (found by Babel's extraction) and translated with the document's own
:class:`~vetdesk.i18n.Translator` when the document is built, never with the interface language.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from vetdesk.i18n import N_, Translator

NOT_RECORDED = N_("not recorded")

_PERIODS = {
    "monthly": N_("per month"), "mensual": N_("per month"), "month": N_("per month"),
    "weekly": N_("per week"), "semanal": N_("per week"), "week": N_("per week"),
    "biweekly": N_("every two weeks"), "fortnightly": N_("every two weeks"), "quincenal": N_("every two weeks"),
    "yearly": N_("per year"), "annual": N_("per year"), "anual": N_("per year"),
}

_PAYERS = {
    "company": N_("the company"), "empresa": N_("the company"),
    "sep": N_("the Ministry of Public Education (SEP)"),
    "state": N_("the state government"), "estado": N_("the state government"),
}

_ROLES = {"instructor": N_("instructor"), "tutor": N_("academic tutor"), "self": N_("apprentice (self)"),
          "officer": N_("officer")}


def day(t: Translator, value: date | None) -> str:
    """A date written out in the document's language (e.g. "25 de noviembre de 2026")."""
    return t.format_date(value, "long") if value is not None else t.gettext(NOT_RECORDED)


def short_day(t: Translator, value: date | None) -> str:
    return t.format_date(value, "short") if value is not None else "—"


def or_missing(t: Translator, value: Any) -> str:
    return str(value) if value not in (None, "") else t.gettext(NOT_RECORDED)


def money(t: Translator, amount: Decimal | None, currency: str) -> str:
    return t.format_currency(amount, currency) if amount is not None else t.gettext(NOT_RECORDED)


def hours(t: Translator, value: Decimal | None) -> str:
    return t.format_decimal(value, "#,##0.##") if value is not None else t.gettext(NOT_RECORDED)


def period(t: Translator, raw: str) -> str:
    key = raw.strip().lower()
    return t.gettext(_PERIODS[key]) if key in _PERIODS else raw


def payer(t: Translator, raw: str) -> str:
    key = raw.strip().lower()
    return t.gettext(_PAYERS[key]) if key in _PAYERS else (raw or t.gettext(N_("the company")))


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
