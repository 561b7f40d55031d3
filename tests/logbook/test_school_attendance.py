"""Attendance at school with the same codes as at the company (present, absent excused, absent unexcused): recorded
through the core and the exchange workbook, an unexcused school day counted by the office's threshold, and both
places told apart on the progress report."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from tests.logbook.conftest import OFFICER, TODAY, World, fill
from tests.reports.conftest import pdf_text
from vetdesk.domain import logbook as L
from vetdesk.reports import render
from vetdesk.services import dashboard, exchange, logbook, records
from vetdesk.services.exchange_file import list_choices


def test_school_days_keep_the_company_codes_and_the_progress_report_tells_the_places_apart(world: World) -> None:
    w = world
    monday = w.week(4)
    logbook.record_attendance(w.db, agreement_id=w.mine, days={
        monday: "present", monday + timedelta(days=1): "unexcused", monday + timedelta(days=2): "school",
        monday + timedelta(days=3): "school_exc", monday + timedelta(days=4): "school_unexc"})
    kept = {r["day"]: r["presence"] for r in records.list_records(w.db, "attendance")}
    assert kept[monday + timedelta(days=4)] == "school_unexc"
    assert L.presence_label("school_unexc") == "unexcused absence from school"
    text = " ".join(pdf_text(render.progress_pdf(w.db, agreement_id=w.mine, lang="en")).split())
    assert ("At the company: present 1, absent excused 0, absent unexcused 1. At school: present 1, absent excused "
            "1, absent unexcused 1.") in text


def test_unexcused_school_days_count_toward_the_offices_threshold(world: World) -> None:
    w = world
    logbook.record_attendance(w.db, agreement_id=w.mine, days={
        w.week(4) + timedelta(days=i): "school_unexc" for i in range(2)} | {w.week(4) + timedelta(days=2): "unexcused"})
    logbook.record_attendance(w.db, agreement_id=w.other, days={
        w.week(4) + timedelta(days=i): "school_exc" for i in range(3)})
    flagged = dashboard.dashboard(w.db.as_user(OFFICER), today=TODAY).item("attendance_flag").filters["ids"]
    assert flagged == [w.mine]  # excused school days do not count


def test_the_exchange_workbook_takes_school_absences(world: World, tmp_path: Path) -> None:
    import openpyxl

    w = world
    path = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "x.xlsx", instructor_id=w.instructor,
                                    language="es").path
    ws = openpyxl.load_workbook(path).worksheets[0]
    lists = " ".join(",".join(list_choices(ws, dv.formula1)) for dv in ws.data_validations.dataValidation
                     if dv.type == "list")
    row = exchange.FIRST_ROW + 4  # week 4
    assert ws.cell(row, 1).value.endswith(w.week(4).isoformat())
    from vetdesk import i18n

    word = i18n.translator("es").gettext("unexcused absence from school")
    assert word in lists
    filled = fill(path, tmp_path / "f.xlsx", {(row, exchange.DAY_COLUMNS[0] + 1): word})
    exchange.import_workbook(w.db.as_user(OFFICER), filled)
    kept = {r["day"]: r["presence"] for r in records.list_records(w.db, "attendance")}
    assert kept == {w.week(4): "school_unexc"}
