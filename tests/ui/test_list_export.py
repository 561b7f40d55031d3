"""File › Export this list writes what the list shows: its filter, its order and its visible columns."""

from __future__ import annotations

from datetime import date

from openpyxl import load_workbook

from tests import factories as f
from tests.ui.conftest import wait_loaded
from tests.ui.test_main_window import window, windows  # noqa: F401 - fixtures


def test_export_the_filtered_list(qtbot, window, sqlite_db, tmp_path, no_dialogs):  # noqa: F811
    company = f.make_company(sqlite_db, name="Metalúrgica del Bajío")
    drafts = [f.make_agreement(sqlite_db, company_id=company) for _ in range(3)]
    printed = f.make_agreement(sqlite_db, company_id=company)
    f.activate(sqlite_db, printed)
    page = window.show_list("agreements", {"status": "draft"})
    wait_loaded(qtbot, page)
    assert page.model.total() == 3
    hidden = next(i for i, c in enumerate(page.model.columns) if c.key == "company_id")
    page.table.setColumnHidden(hidden, True)
    target = tmp_path / "convenios.xlsx"
    window.export_list(str(target))
    qtbot.waitUntil(target.exists, timeout=10000)
    rows = list(load_workbook(target).active.iter_rows(values_only=True))
    shown = [c.title() for i, c in enumerate(page.model.columns) if not page.table.isColumnHidden(i)]
    assert list(rows[0][:len(shown)]) == shown
    assert "Company" not in rows[0]
    assert len(rows) == 1 + len(drafts)
    start_col = next(i for i, c in enumerate(shown) if c == "Start date")
    assert all(isinstance(r[start_col], date) for r in rows[1:])  # real date cells


def test_a_list_of_records_of_agreements_exports_the_apprentice_it_shows(qtbot, window, sqlite_db, tmp_path,  # noqa: F811
                                                                          no_dialogs):
    """Issue 20: the export asked for assessments by name before reading an apprentice through the agreement; the
    attendance list (and the weekly reports') showed the apprentice and exported an empty column."""
    from datetime import timedelta

    from vetdesk.domain.logbook import monday
    from vetdesk.services import records

    last_monday = monday(date.today()) - timedelta(weeks=1)
    agreement = f.make_agreement(sqlite_db, start_date=last_monday - timedelta(weeks=4))
    f.activate(sqlite_db, agreement)
    records.create(sqlite_db, "attendance", {"agreement_id": agreement, "day": last_monday, "presence": "present"},
                   accept_warnings=True)
    surname = records.get(sqlite_db, "apprentices",
                          records.get(sqlite_db, "agreements", agreement)["apprentice_id"])["first_surname"]
    page = window.show_list("attendance")
    wait_loaded(qtbot, page)
    target = tmp_path / "asistencia.xlsx"
    window.export_list(str(target))
    qtbot.waitUntil(target.exists, timeout=10000)
    rows = list(load_workbook(target).active.iter_rows(values_only=True))
    column = list(rows[0]).index("Apprentice")
    assert surname in str(rows[1][column]), rows
