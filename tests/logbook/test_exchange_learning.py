"""The exchange workbook carries each week's learning position (a drop-down of the agreement's plan positions) and
the competencies practised (codes separated by commas): written as the office holds them, taken back as the
instructor filled them, validated; a file of the previous layout, a huge value, a formula, a code of nothing and a
position of no plan are refused with nothing written."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from tests.logbook.conftest import OFFICER, World, add_catalogue, fill
from vetdesk.domain.problems import RuleViolation
from vetdesk.services import exchange, logbook, records
from vetdesk.services.exchange_file import list_choices
from vetdesk.storage.models import AuditEntry, LogbookWeek

POSITION, PRACTISED = exchange.POSITION + 1, exchange.PRACTISED + 1
ACTIVITIES, DECISION = exchange.ACTIVITIES + 1, exchange.DECISION + 1
FIRST = exchange.FIRST_ROW


def _positions(w: World) -> list[str]:
    plan = records.get(w.db, "agreements", w.mine)["rotation_plan_id"]
    return [records.get(w.db, "positions", s["position_id"])["name"]
            for s in records.get(w.db, "rotation_plans", plan)["steps"]]


def _export(w: World, tmp_path: Path) -> Path:
    return exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "ivan.xlsx", instructor_id=w.instructor,
                                    language="en").path


def _written(w: World) -> tuple[int, int]:
    with w.db.reader() as session:
        return (int(session.scalar(select(func.count()).select_from(LogbookWeek)) or 0),
                int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0))


def _refused(w: World, path: Path) -> str:
    before = _written(w)
    with pytest.raises(RuleViolation) as refused:
        exchange.import_workbook(w.db.as_user(OFFICER), path)
    assert _written(w) == before  # nothing written
    return " ".join(p.message for p in refused.value.problems)


def test_the_position_and_competencies_go_out_and_come_back(world: World, tmp_path: Path) -> None:
    w = world
    codes = add_catalogue(w)
    first, second = _positions(w)
    plan = records.get(w.db, "agreements", w.mine)["rotation_plan_id"]
    first_id = records.get(w.db, "rotation_plans", plan)["steps"][0]["position_id"]
    second_id = records.get(w.db, "rotation_plans", plan)["steps"][1]["position_id"]
    logbook.write_week(w.db, agreement_id=w.mine, week=w.week(0), values={
        "activities": "Torneado", "position_id": first_id, "competency_ids": [codes["CAL-1"], codes["MAN-1"]]})
    path = _export(w, tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    assert ws.cell(exchange.HEADER_ROW, POSITION).value == "Learning position"
    assert ws.cell(exchange.HEADER_ROW, PRACTISED).value == "Competencies practised (codes)"
    # The office's week as it holds it; the cells open; the drop-down offers the plan's positions in its order.
    assert ws.cell(FIRST, POSITION).value == f"1. {first}" and ws.cell(FIRST, PRACTISED).value == "MAN-1, CAL-1"
    assert not ws.cell(FIRST, POSITION).protection.locked and not ws.cell(FIRST, PRACTISED).protection.locked
    lists = [list_choices(ws, dv.formula1) for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert (f"1. {first}", f"2. {second}") in lists
    assert wb["vetdesk"].cell(1, 1).value == exchange.FORMAT == "vetdesk-logbook-4"
    filled = fill(path, tmp_path / "filled.xlsx", {
        (FIRST + 1, ACTIVITIES): "Fresado", (FIRST + 1, POSITION): f"2. {second}",
        (FIRST + 1, PRACTISED): "man-2 ; CAL-1",  # as people type: any case, a semicolon
        (FIRST, PRACTISED): "MAN-1"})
    report = exchange.import_workbook(w.db.as_user(OFFICER), filled)
    assert report.written
    weeks = {r["week_start"]: r for r in records.list_records(w.db, "logbook")}
    assert weeks[w.week(1)]["position_id"] == second_id
    assert weeks[w.week(1)]["competency_ids"] == sorted([codes["MAN-2"], codes["CAL-1"]])
    assert weeks[w.week(0)]["position_id"] == first_id and weeks[w.week(0)]["competency_ids"] == [codes["MAN-1"]]
    # Taken again: nothing to write.
    before = _written(w)
    assert not exchange.import_workbook(w.db.as_user(OFFICER), filled).written
    assert _written(w) == before


@pytest.mark.parametrize("cells, expected", [
    ({(FIRST, PRACTISED): "MAN-1, ZZZ-9"}, "not a code of the programme's competencies: ZZZ-9"),
    ({(FIRST, PRACTISED): "MAN-1, " * 400}, "more than the 2,000"),
    ({(FIRST, POSITION): "Almacén"}, "Almacén is not a position of the agreement's rotation plan"),
])
def test_a_wrong_position_or_code_is_refused_naming_the_row(world: World, tmp_path: Path, cells, expected) -> None:  # type: ignore[no-untyped-def]
    w = world
    add_catalogue(w)
    path = _export(w, tmp_path)
    filled = fill(path, tmp_path / "bad.xlsx", {(FIRST, ACTIVITIES): "Torneado", **cells})
    message = _refused(w, filled)
    assert expected in message and f"Row {FIRST}" in message, message


def test_a_formula_in_the_competencies_cell_is_refused(world: World, tmp_path: Path) -> None:
    w = world
    add_catalogue(w)
    filled = fill(_export(w, tmp_path), tmp_path / "formula.xlsx", {(FIRST, PRACTISED): '=CONCAT("MAN-1")'})
    assert "formulas" in _refused(w, filled)


def test_a_file_of_the_previous_layout_is_refused_saying_to_export_again(world: World, tmp_path: Path) -> None:
    w = world
    path = _export(w, tmp_path)
    wb = openpyxl.load_workbook(path)
    wb["vetdesk"].cell(1, 1).value = "vetdesk-logbook-2"
    wb.save(tmp_path / "old.xlsx")
    message = _refused(w, tmp_path / "old.xlsx")
    assert "earlier vetdesk" in message and "Export the file again" in message
