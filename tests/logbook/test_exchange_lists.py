"""The exchange workbook's drop-downs hold any text a user may type (fix25l, issue 25): a learning position named
with quotes, commas, a semicolon and a leading = is offered whole from the hidden lists sheet (an inline list
"1. Taller "A" torno" was no valid list, and LibreOffice read the A as a name and lowercased it), a long plan keeps its
drop-down past an inline list's 255 characters, and the import takes the chosen position back."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from tests.logbook.conftest import OFFICER, World, fill
from vetdesk.services import exchange, records
from vetdesk.services.exchange_file import list_choices

POSITION, ACTIVITIES = exchange.POSITION + 1, exchange.ACTIVITIES + 1
FIRST = exchange.FIRST_ROW
ODD = '=Taller "A" torno, fresa; CNC ' + "x" * 170


def _plan(w: World) -> list[int]:
    plan = records.get(w.db, "agreements", w.mine)["rotation_plan_id"]
    return [s["position_id"] for s in records.get(w.db, "rotation_plans", plan)["steps"]]


def _position_choices(path: Path) -> list[tuple[str, ...]]:
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    return [list_choices(ws, dv.formula1) for dv in ws.data_validations.dataValidation
            if dv.type == "list" and f"{openpyxl.utils.get_column_letter(POSITION)}{FIRST}" in str(dv.sqref)]


def test_a_position_named_with_quotes_and_commas_is_offered_whole_and_taken_back(world: World,
                                                                                  tmp_path: Path) -> None:
    w = world
    first, second = _plan(w)[:2]
    records.update(w.db, "positions", first, {"name": ODD})
    records.update(w.db, "positions", second, {"name": "Línea de ensamble " + "y" * 100})
    path = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "x.xlsx", instructor_id=w.instructor,
                                    language="es").path
    wb = openpyxl.load_workbook(path)
    assert wb[exchange.LISTS_SHEET].sheet_state == "hidden" and wb[exchange.LISTS_SHEET].protection.sheet
    for dv in wb.worksheets[0].data_validations.dataValidation:  # no inline list left to break
        assert dv.type != "list" or str(dv.formula1).startswith(f"'{exchange.LISTS_SHEET}'!"), dv.formula1
    label = f"1. {ODD}"
    [offered] = _position_choices(path)
    assert offered[0] == label and len(",".join(offered)) > 255  # past an inline list's limit, still a drop-down
    filled = fill(path, tmp_path / "filled.xlsx", {(FIRST, ACTIVITIES): "Torneado", (FIRST, POSITION): label,
                                                   (FIRST + 1, ACTIVITIES): "Fresado",
                                                   (FIRST + 1, POSITION): offered[1].upper()})
    assert exchange.import_workbook(w.db.as_user(OFFICER), filled).written
    weeks = {r["week_start"]: r for r in records.list_records(w.db, "logbook")}
    assert weeks[w.week(0)]["position_id"] == first and weeks[w.week(1)]["position_id"] == second


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_drop_down_survives_a_libreoffice_round_trip(world: World, tmp_path: Path) -> None:
    w = world
    records.update(w.db, "positions", _plan(w)[0], {"name": 'Taller "A" torno'})
    path = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "x.xlsx", instructor_id=w.instructor,
                                    language="es").path
    out = tmp_path / "lo"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                    "--convert-to", "xlsx", "--outdir", str(out), str(path)], check=True, timeout=120,
                   capture_output=True)
    [offered] = _position_choices(out / "x.xlsx")
    assert offered[0] == '1. Taller "A" torno', offered
