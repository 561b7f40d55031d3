"""The exchange workbook's day columns follow each agreement's days (re-trial of issue 25, ex25c): a five-day
agreement's Saturday is closed and locked, and hidden when no agreement of the file trains on it; a six-day
agreement's Saturday is open; a Saturday the office recorded all the same stays open to be seen; a closed Saturday
typed in all the same is refused as a change where the file is locked."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from tests import factories as f
from tests.logbook.conftest import OFFICER, START, World, fill
from tests.logbook.test_exchange import ACTIVITIES, FIRST, FRI, SAT
from vetdesk.services import exchange, logbook, records


def _rows(path: Path) -> dict[int, list[int]]:
    ws = openpyxl.load_workbook(path).worksheets[0]
    found: dict[int, list[int]] = {}
    for r in range(FIRST, ws.max_row + 1):
        key = str(ws.cell(r, 1).value or "")
        if ":" in key:
            found.setdefault(int(key.split(":")[0]), []).append(r)
    return found


def _six_day(w: World) -> int:
    six = f.make_agreement(w.db, company_id=w.company, instructor_id=w.other_instructor, programme_id=records.get(
        w.db, "agreements", w.mine)["programme_id"], apprentice_id=f.make_apprentice(w.db, first_surname="Sábado"),
        start_date=START, end_date=START + timedelta(days=364), company_days=5, school_days=1,
        training_record_form="electronic")
    f.activate(w.db, six)
    return six


def test_a_five_day_agreement_s_file_has_no_saturday_to_fill(world: World, tmp_path: Path) -> None:
    w = world
    path = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "ivan.xlsx", instructor_id=w.instructor).path
    ws = openpyxl.load_workbook(path).worksheets[0]
    rows = _rows(path)[w.mine]
    for r in rows:
        assert ws.cell(r, SAT).value == exchange.CLOSED and ws.cell(r, SAT).protection.locked
        assert ws.cell(r, FRI).value != exchange.CLOSED or r == rows[0] and START.weekday() > 4
    assert ws.column_dimensions[get_column_letter(SAT)].hidden
    assert not ws.column_dimensions[get_column_letter(FRI)].hidden
    # Typed in all the same (the sheet's protection taken off): refused as a change of a locked cell, nothing written.
    filled = fill(path, tmp_path / "sat.xlsx", {(rows[1], SAT): "present", (rows[1], ACTIVITIES): "Tornos"})
    with pytest.raises(exchange.ExchangeRefused) as refused:
        exchange.import_workbook(w.db.as_user(OFFICER), filled)
    assert refused.value.problems[0].code == "exchange.altered"
    assert records.count_records(w.db, "attendance") == records.count_records(w.db, "logbook") == 0


def test_a_company_file_keeps_saturday_for_its_six_day_agreement_only(world: World, tmp_path: Path) -> None:
    w = world
    six = _six_day(w)
    path = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "co.xlsx", company_id=w.company).path
    ws = openpyxl.load_workbook(path).worksheets[0]
    rows = _rows(path)
    assert not ws.column_dimensions[get_column_letter(SAT)].hidden  # one agreement of the file trains on it
    assert all(ws.cell(r, SAT).value == exchange.CLOSED for r in rows[w.mine] + rows[w.other])
    assert all(ws.cell(r, SAT).value != exchange.CLOSED and not ws.cell(r, SAT).protection.locked
               for r in rows[six])
    filled = fill(path, tmp_path / "co-f.xlsx", {(rows[six][1], SAT): "present"})
    report = exchange.import_workbook(w.db.as_user(OFFICER), filled, approved_by=w.other_instructor)
    assert report.written
    days = {r["day"] for r in records.list_records(w.db, "attendance") if r["agreement_id"] == six}
    assert days == {w.week(1) + timedelta(days=5)}


def test_a_saturday_the_office_recorded_stays_open_to_be_seen(world: World, tmp_path: Path) -> None:
    w = world
    saturday = w.week(2) + timedelta(days=5)
    logbook.record_attendance(w.db, agreement_id=w.mine, days={saturday: "present"})
    path = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "ivan.xlsx", instructor_id=w.instructor,
                                    language="en").path
    ws = openpyxl.load_workbook(path).worksheets[0]
    row = next(r for r in _rows(path)[w.mine] if str(ws.cell(r, 1).value).endswith(w.week(2).isoformat()))
    assert ws.cell(row, SAT).value == "present" and not ws.cell(row, SAT).protection.locked
    assert not ws.column_dimensions[get_column_letter(SAT)].hidden
