"""Helpers for the import/export/backup tests: the sample files, spreadsheets written on the fly."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

SAMPLES = Path(__file__).resolve().parent / "samples"

#: Valid CURPs from the sample (birth date, sex), for building files that pass the rules.
CURPS = {
    "GALM090314MASRPRA2": ("2009-03-14", "M"),
    "HERJ081102HBCRZNA0": ("2008-11-02", "H"),
    "MANX090730MCHRNMA2": ("2009-07-30", "M"),
    "SAOF080505MGTNRRA0": ("2008-05-05", "M"),
    "JIRI081031HVZMYKA3": ("2008-10-31", "H"),
    "DOCC090106MASMRMA9": ("2009-01-06", "M"),
    "CAIP081212MCHSBLA6": ("2008-12-12", "M"),
    "OESA090621HDFRLNA6": ("2009-06-21", "H"),
    "RIXA070615MPLVXNA5": ("2007-06-15", "M"),
    "FOVJ091201HNLLZSA9": ("2009-12-01", "H"),
}


@pytest.fixture
def samples() -> Path:
    return SAMPLES


@pytest.fixture
def write_xlsx(tmp_path: Path) -> Callable[..., Path]:
    """Write rows (cells as Python values: dates become date cells) to an .xlsx file."""
    from openpyxl import Workbook

    def write(rows: Sequence[Sequence[Any]], name: str = "file.xlsx", sheet: str = "Hoja1") -> Path:
        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = sheet
        for row in rows:
            ws.append(list(row))
        path = tmp_path / name
        wb.save(path)
        return path

    return write


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    """Write text to a .csv file in the given encoding."""

    def write(text: str, encoding: str = "utf-8", name: str = "file.csv") -> Path:
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path

    return write


@pytest.fixture
def curps() -> dict[str, tuple[str, str]]:
    return dict(CURPS)


@pytest.fixture
def apprentice_values() -> Callable[..., dict[str, Any]]:
    """A complete, valid apprentice (a minor with a guardian) for records.create."""

    def values(curp: str, **extra: Any) -> dict[str, Any]:
        birth, sex = CURPS[curp]
        return {"curp": curp, "given_names": "Ana", "first_surname": "Prueba", "birth_date": birth, "sex": sex,
                "guardian_name": "Rosa Prueba", "guardian_relation": "madre",
                "guardian_phone": "4421234567"} | extra

    return values
