"""Cells as offices type them, brought to what the fields read (serial dates, numbers typed as text…),
and shown back as the report shows them.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from vetdesk.domain import normalize
from vetdesk.domain.dates import parse_typed_date

_EXCEL_EPOCH = date(1899, 12, 30)
_SEX_EXTRA = {"f": "M", "fem": "M", "masc": "H", "man": "H", "woman": "M", "hombres": "H", "mujeres": "M",
              "mann": "H", "mannlich": "H", "frau": "M", "weiblich": "M", "divers": "X", "no binaria": "X"}
_ORDINAL = re.compile(r"^(\d+)\s*(?:°|º|o|er|ro|do|to|vo|no|mo|a|\.)?$", re.IGNORECASE)


def _steps_cell(value: Any) -> Any:
    """A plan's steps as typed: ``12:8`` alone in a cell is taken for a time of day by the spreadsheet program
    (12:08), and ``30:8`` for a duration ([h]:mm, read as a timedelta); the position's number and its weeks
    are read back from it."""
    if isinstance(value, time):
        return f"{value.hour}:{value.minute}"
    if isinstance(value, timedelta):
        minutes = int(value.total_seconds()) // 60
        return f"{minutes // 60}:{minutes % 60}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value


def excel_serial_to_date(serial: float) -> date | None:
    """An Excel serial day number (1900 date system) as a date, for plausible values only."""
    if not 1 <= serial < 2_958_466:
        return None
    return _EXCEL_EPOCH + timedelta(days=int(serial))


#: The order of the parts of a date typed as text in a spreadsheet (ISO dates are read whatever this says).
FILE_DATE_ORDER = "DMY"


def prepare_value(type_: str, value: Any) -> Any:
    """Bring a cell to what :func:`fields.parse_value` reads: serial dates, numbers typed as text…"""
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        if not value:
            return None
    if type_ == "date":
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return excel_serial_to_date(float(value)) or str(value)
        if isinstance(value, str):
            if re.fullmatch(r"\d{5}(\.0+)?", value):
                return excel_serial_to_date(float(value)) or value
            # "2008-12-12 00:00:00" from a date cell saved as text
            match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})[ T]\d{1,2}:\d{2}(:\d{2})?", value)
            if match:
                return match.group(1)
            # A date typed as text in an office's spreadsheet: day first, as Mexican (and German, Brazilian)
            # offices write them, whatever the language of the window reading the file.
            return parse_typed_date(value, FILE_DATE_ORDER) or value.replace(" ", "")
        return value
    if type_ == "steps":
        return _steps_cell(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if type_ == "sex" and isinstance(value, str):
        word = normalize.fold(value).rstrip(".")
        return _SEX_EXTRA.get(word, value)
    if type_ in ("int",):
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str):
            match = _ORDINAL.match(value)
            if match:
                return match.group(1)
        return value
    if type_ == "decimal":
        if isinstance(value, float):
            return Decimal(str(value))
        return value
    if type_ == "bool":
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone or NSS typed as a number
    return str(value) if not isinstance(value, str) else value


def display_value(value: Any) -> str:
    """A cell as the report shows it."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
