"""How values look in the window: dates in the interface locale, statuses and sexes as words."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from PySide6.QtCore import QLocale

from vetdesk import i18n
from vetdesk.i18n import _
from vetdesk.services import records

#: The sexes as the CURP writes them (H, M, X), in the order a form offers them.
SEXES = ("H", "M", "X")


def sex_word(code: str) -> str:
    """A recorded sex in words (the core's :func:`vetdesk.domain.identifiers.sex_word`)."""
    from vetdesk.domain.identifiers import sex_word as word

    return word(code)


def qlocale() -> QLocale:
    """The Qt locale matching the interface language (es_MX, en, de, pt_BR)."""
    return _qlocale(i18n.current().locale)


@cache
def _qlocale(name: str) -> QLocale:
    return QLocale(name)


def date_format() -> str:
    """The locale's short date format, always with a four-digit year (dates of birth need it)."""
    return _date_format(i18n.current().locale)


@cache
def _date_format(name: str) -> str:
    fmt = _qlocale(name).dateFormat(QLocale.FormatType.ShortFormat)
    if "yyyy" not in fmt:
        fmt = fmt.replace("yy", "yyyy")
    return fmt


def format_date(value: date | None) -> str:
    """A date as the reader writes one (24/08/2026, 8/24/2026, 24.08.2026): the form's date fields take it back."""
    return i18n.current().format_numeric_date(value)


def format_decimal(value: Decimal | int | float, places: int | None = None) -> str:
    """A number of a decimal field (a stipend, daily hours, points) as the window's language writes it: its
    decimal mark and its grouping (4.500,00 in German, 4,500.00 in Mexican Spanish), with ``places`` decimals
    (the field's; None: as many as the value has). The services read it typed back, with either mark."""
    number = Decimal(str(value))
    if places is None:
        exponent = number.normalize().as_tuple().exponent
        places = max(0, -exponent) if isinstance(exponent, int) else 0
    return qlocale().toString(float(number), "f", places)


def format_value(field_type: str, value: Any, kind: str = "") -> str:
    """A value of a field of ``field_type`` in the window's words; a status in those of the record's
    ``kind`` (``RecordKind.status_text``)."""
    if value is None:
        return ""
    if field_type == "date" and isinstance(value, date):
        return format_date(value)
    if field_type == "bool":
        return _("yes") if value else _("no")
    if field_type == "status":
        k = records.KINDS.get(kind)
        return k.status_text(str(value)) if k is not None else str(value)
    if field_type == "choice":
        from vetdesk.services.fields import choice_label

        return choice_label(str(value))
    if field_type == "steps" and isinstance(value, list):
        return " + ".join(str(s["weeks"]) for s in value)
    if field_type.startswith("ids:") and isinstance(value, list):
        return ", ".join(f"#{v}" for v in value)
    if field_type == "sex":
        return sex_word(str(value))
    if field_type.startswith("choice:"):
        from vetdesk.domain.choices import choice

        option = choice(field_type[7:]).option(str(value))
        return _(option.label) if option is not None else str(value)
    if field_type == "decimal" and isinstance(value, Decimal):
        return format_decimal(value, 2)
    return str(value)
