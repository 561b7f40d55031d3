"""The import wizard, driven page by page with the office's sample files against a real SQLite database."""

from __future__ import annotations

import csv
from datetime import date, time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from vetdesk import i18n
from vetdesk.services import importing, records
from vetdesk.ui import import_wizard as W
from vetdesk.ui.import_wizard import ImportWizard

SAMPLES = Path(__file__).resolve().parents[1] / "io" / "samples"
APPRENTICES = SAMPLES / "aprendices_conalep_qro.xlsx"
SCHOOLS = SAMPLES / "planteles.csv"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
TODAY = date(2026, 11, 25)  # row 11's apprentice is 16 on this day
ERROR_ROWS = [7, 9, 13, 14, 17]


def _wizard(qtbot, db, kind: str | None = None) -> ImportWizard:
    wiz = ImportWizard(db, kind=kind, today=TODAY)
    qtbot.addWidget(wiz)
    wiz.show()
    return wiz


def _wait(qtbot, wiz: ImportWizard) -> None:
    qtbot.waitUntil(lambda: not wiz.busy(), timeout=10000)


def _choose_file(qtbot, wiz: ImportWizard, monkeypatch, path: Path, kind: str) -> None:
    page = wiz.file_page
    page.kind.setCurrentIndex(page.kind.findData(kind))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    page.browse.click()
    assert page.path.text() == str(path)
    wiz.next()
    if path.suffix == ".xlsx":
        assert wiz.currentId() == W.PAGE_SHEET
        _wait(qtbot, wiz)
        assert wiz.sheet_page.sheet.currentText() == importing.sheet_names(path)[0]
        wiz.next()
    assert wiz.currentId() == W.PAGE_MAPPING
    _wait(qtbot, wiz)


def _to_preview(qtbot, wiz: ImportWizard) -> None:
    wiz.next()
    assert wiz.currentId() == W.PAGE_PREVIEW
    _wait(qtbot, wiz)
    assert wiz.preview_page.report is not None


def _import_schools(qtbot, db, monkeypatch) -> None:
    wiz = _wizard(qtbot, db, kind="schools")
    received: list[tuple[str, int]] = []
    wiz.imported.connect(lambda kind, n: received.append((kind, n)))
    _choose_file(qtbot, wiz, monkeypatch, SCHOOLS, "schools")
    _to_preview(qtbot, wiz)
    assert wiz.preview_page.isComplete()
    wiz.next()
    qtbot.waitUntil(lambda: wiz.currentId() == W.PAGE_RESULT, timeout=10000)
    assert received == [("schools", 2)]
    assert records.count_records(db, "schools") == 2


@pytest.fixture
def sample_preview(qtbot, no_dialogs, sqlite_db, monkeypatch):
    _import_schools(qtbot, sqlite_db, monkeypatch)
    wiz = _wizard(qtbot, sqlite_db)
    _choose_file(qtbot, wiz, monkeypatch, APPRENTICES, "apprentices")
    return wiz


def test_mapping_is_prefilled_and_the_unknown_columns_are_left_out(qtbot, sample_preview):
    wiz = sample_preview
    mapping = wiz.mapping_page.mapping()
    assert mapping["CURP"] == "curp"
    assert mapping["Padre o tutor"] == "guardian_name"
    assert mapping["CCT"] == "school_cct"
    assert mapping["No."] is None
    assert mapping["Observaciones"] is None
    combo = wiz.mapping_page.combos["Observaciones"]
    assert combo.currentText() == "— not imported —"
    # Every field is offered for an unknown column, and a field fills one column only.
    offered = {combo.itemData(i) for i in range(combo.count())}
    assert offered == {None} | {f.name for f in importing.import_fields("apprentices")}
    wiz.mapping_page.choose("Observaciones", "curp")
    assert wiz.mapping_page.mapping()["CURP"] is None
    wiz.mapping_page.choose("CURP", "curp")
    assert wiz.mapping_page.mapping()["Observaciones"] is None
    assert "header on row 3, 16 data rows" in wiz.mapping_page.status.text()
    # Back and forth keeps the person's choices.
    wiz.mapping_page.choose("Observaciones", "address")
    _to_preview(qtbot, wiz)
    assert wiz.preview_page.report.unmapped_columns == ["No."]
    wiz.back()
    assert wiz.mapping_page.mapping()["Observaciones"] == "address"


def test_preview_highlights_the_problems_and_all_or_nothing_refuses(qtbot, sample_preview):
    wiz = sample_preview
    _to_preview(qtbot, wiz)
    page = wiz.preview_page
    report = page.report
    assert report.error_rows == ERROR_ROWS
    assert sorted({w.row for w in report.warnings}) == [11]
    assert "5 errors" in page.counts.text() and "1 warning" in page.counts.text()
    assert "No., Observaciones" in page.counts.text()

    model = page.rows_model
    assert model.rowCount() == 16
    assert model.headerData(0, Qt.Orientation.Vertical) == "4"
    curp = model.table.headers.index("CURP")
    cell = model.index(model.row_of(7), curp)
    assert model.data(cell, Qt.ItemDataRole.BackgroundRole).color() == W.ERROR_FILL
    guardian = model.index(model.row_of(11), model.table.headers.index("Padre o tutor"))
    assert model.data(guardian, Qt.ItemDataRole.BackgroundRole).color() == W.WARNING_FILL
    clean = model.index(model.row_of(4), curp)
    assert model.data(clean, Qt.ItemDataRole.BackgroundRole) is None
    email = model.index(model.row_of(14), model.table.headers.index("Correo electrónico"))
    assert model.data(email, Qt.ItemDataRole.DisplayRole) == "regina.morales@"

    # The problem list: errors and the warning by row; a double-click selects the cell.
    problems = page.problems_model
    assert [(i.row, i.is_error) for i in problems.issues] == [(7, True), (9, True), (11, False), (13, True),
                                                              (14, True), (17, True)]
    page.show_problem(problems.index(4, 0))
    assert (page.rows.currentIndex().row(), page.rows.currentIndex().column()) == (
        model.row_of(14), model.table.headers.index("Correo electrónico"))

    # With errors and without "only the rows without errors", the import is refused: nothing is written.
    assert not page.valid_only.isChecked()
    assert not page.isComplete()
    assert "Nothing will be written" in page.verdict.text()
    wiz.next()
    assert wiz.currentId() == W.PAGE_PREVIEW
    assert records.count_records(wiz.db, "apprentices") == 0


def test_valid_only_writes_the_eleven_good_rows_and_the_report_is_saved(qtbot, sample_preview, tmp_path,
                                                                        monkeypatch):
    wiz = sample_preview
    received: list[tuple[str, int]] = []
    wiz.imported.connect(lambda kind, n: received.append((kind, n)))
    _to_preview(qtbot, wiz)
    wiz.preview_page.valid_only.setChecked(True)
    assert wiz.preview_page.isComplete()
    assert "11 rows without errors will be written" in wiz.preview_page.verdict.text()
    wiz.next()
    assert wiz.currentId() == W.PAGE_IMPORT
    qtbot.waitUntil(lambda: wiz.currentId() == W.PAGE_RESULT, timeout=10000)
    assert received == [("apprentices", 11)]
    assert records.count_records(wiz.db, "apprentices") == 11
    page = wiz.result_page
    assert "11 records written (11 new, 0 updated)" in page.summary.text()
    assert "5 rows skipped" in page.summary.text()
    assert page.problems_model.rowCount() == 6

    target = tmp_path / "informe.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert page.save_report() == target
    with target.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["Kind", "Row", "Column", "Value", "Problem"]
    assert [r[1] for r in rows[1:7]] == ["7", "9", "11", "13", "14", "17"]
    assert ["Error", "14", "Correo electrónico", "regina.morales@"] == rows[5][:4]
    assert {r[2] for r in rows if r[0] == "Not imported"} == {"No.", "Observaciones"}


def test_cancelling_the_import_writes_nothing(qtbot, sample_preview):
    wiz = sample_preview
    received: list[tuple[str, int]] = []
    wiz.imported.connect(lambda kind, n: received.append((kind, n)))
    _to_preview(qtbot, wiz)
    wiz.preview_page.valid_only.setChecked(True)
    wiz.next()
    assert wiz.import_page.running
    wiz.reject()  # the wizard's Cancel while importing: stops the import, keeps the wizard open
    assert wiz.isVisible()
    qtbot.waitUntil(lambda: wiz.currentId() == W.PAGE_RESULT, timeout=10000)
    assert wiz.report.cancelled
    assert "cancelled" in wiz.result_page.subTitle()
    assert received == []
    assert records.count_records(wiz.db, "apprentices") == 0


def test_an_unreadable_file_is_told_and_stops_the_wizard(qtbot, no_dialogs, sqlite_db, tmp_path, monkeypatch):
    wiz = _wizard(qtbot, sqlite_db)
    bad = tmp_path / "lista.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    wiz.file_page.path.setText(str(bad))
    wiz.next()
    assert wiz.currentId() == W.PAGE_SHEET
    _wait(qtbot, wiz)
    assert "lista.xlsx is not a readable .xlsx file" in wiz.sheet_page.message.text()
    assert not wiz.sheet_page.isComplete()
    wiz.next()
    assert wiz.currentId() == W.PAGE_SHEET
    wiz.back()
    (tmp_path / "notes.pdf").write_text("x", encoding="utf-8")
    wiz.file_page.path.setText(str(tmp_path / "notes.pdf"))
    wiz.next()
    assert wiz.currentId() == W.PAGE_FILE
    assert ".xlsx and .csv" in wiz.file_page.message.text()
    wiz.file_page.path.setText(str(tmp_path / "missing.csv"))
    wiz.next()
    assert wiz.currentId() == W.PAGE_FILE
    assert "does not exist" in wiz.file_page.message.text()


def test_a_missing_required_column_cannot_be_imported(qtbot, no_dialogs, sqlite_db, monkeypatch):
    wiz = _wizard(qtbot, sqlite_db)
    _choose_file(qtbot, wiz, monkeypatch, APPRENTICES, "apprentices")
    wiz.mapping_page.choose("CURP", None)
    assert "CURP" in wiz.mapping_page.missing.text()
    _to_preview(qtbot, wiz)
    assert not wiz.preview_page.isComplete()
    wiz.preview_page.valid_only.setChecked(True)
    assert not wiz.preview_page.isComplete()
    assert "required column is missing" in wiz.preview_page.verdict.text()


@pytest.mark.parametrize("language", ["es", "en"])
def test_screenshots_of_each_page(qtbot, no_dialogs, sqlite_db, monkeypatch, language):
    _import_schools(qtbot, sqlite_db, monkeypatch)
    i18n.set_language(language)
    try:
        wiz = _wizard(qtbot, sqlite_db, kind="apprentices")
        wiz.resize(980, 660)  # its own default size: it fits 1366×768 with the taskbar
        SCREENSHOTS.mkdir(exist_ok=True)
        shots: list[Path] = []

        def shot(name: str) -> None:
            qtbot.wait(30)
            path = SCREENSHOTS / f"import-{len(shots) + 1:02d}-{name}-{language}.png"
            assert wiz.grab().save(str(path))
            shots.append(path)

        wiz.file_page.path.setText(str(APPRENTICES))
        shot("file")
        wiz.next()
        _wait(qtbot, wiz)
        shot("sheet")
        wiz.next()
        _wait(qtbot, wiz)
        shot("columns")
        _to_preview(qtbot, wiz)
        wiz.preview_page.show_problem(wiz.preview_page.problems_model.index(0, 0))
        shot("preview")
        wiz.preview_page.valid_only.setChecked(True)
        wiz.next()
        qtbot.waitUntil(lambda: wiz.currentId() == W.PAGE_RESULT, timeout=10000)
        shot("result")
        assert len(shots) == 5
    finally:
        i18n.set_language("en")


def test_a_viewer_is_told_that_they_may_not_import(qtbot, no_dialogs, sqlite_db, monkeypatch):
    from vetdesk.services.uow import Actor

    viewer = sqlite_db.for_principal(Actor(username="lectora", role="viewer"))
    wiz = _wizard(qtbot, viewer, kind="schools")
    _choose_file(qtbot, wiz, monkeypatch, SCHOOLS, "schools")
    _to_preview(qtbot, wiz)
    wiz.next()
    qtbot.waitUntil(lambda: wiz.currentId() == W.PAGE_RESULT, timeout=10000)
    assert wiz.error is not None
    assert "does not allow this (import data)" in wiz.result_page.summary.text()
    assert "Something went wrong" not in wiz.result_page.summary.text()
    assert records.count_records(sqlite_db, "schools") == 0


def test_an_empty_template_imports_nothing_and_names_the_columns(qtbot, no_dialogs, sqlite_db, tmp_path,
                                                                 monkeypatch):
    wiz = _wizard(qtbot, sqlite_db, kind="schools")
    target = tmp_path / "planteles"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    written = wiz.file_page.save_template()
    assert written == tmp_path / "planteles.xlsx"
    table = importing.read_table(written)
    mapping = importing.propose_mapping("schools", table.headers)
    assert table.rows == [] and "cct" in mapping.values()
    assert "planteles.xlsx" in wiz.file_page.hint.text()


def test_the_wizard_imports_every_kind_the_command_line_does_and_reports_formulas_per_row(
        qtbot, no_dialogs, sqlite_db, monkeypatch, tmp_path):
    """The kinds offered are those of vetdesk import (one definition); rotation plans come in by the learning
    positions' numbers, also where the spreadsheet took ``12:8`` for a time of day; a cell holding a formula is
    reported on its row, with the formula, and the row is not written (the others are)."""
    from openpyxl import Workbook

    from tests import factories as f

    db = sqlite_db
    wiz = _wizard(qtbot, db)
    offered = [wiz.file_page.kind.itemData(i) for i in range(wiz.file_page.kind.count())]
    assert offered == list(importing.IMPORT_KINDS)
    assert {"programmes", "rotation_plans"} <= set(offered)
    company = f.make_company(db, name="Frenos del Bajío")
    rfc = records.get(db, "companies", company)["rfc"]
    programme = f.make_programme(db, code="MECA", name="Mecatrónica")
    first, second = (records.create(db, "positions", {"company_id": company, "name": name}).id
                     for name in ("Almacén", "Taller"))
    path = tmp_path / "planes.xlsx"
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["RFC de la empresa", "Clave de la carrera", "Nombre del plan", "Puestos de aprendizaje y semanas"])
    ws.append([rfc, "MECA", "Plan A", f"{first}:26, {second}:26"])
    ws.append([rfc, "MECA", "Plan B", None])
    ws["D3"].value = time(first, 30)  # 'first:30' typed alone in the cell: taken for a time of day
    ws["D3"].number_format = "h:mm"
    ws.append([rfc, "MECA", '=CONCATENATE("Plan ","C")', f"{second}:52"])
    wb.save(path)
    wiz = _wizard(qtbot, db)
    _choose_file(qtbot, wiz, monkeypatch, path, "rotation_plans")
    _to_preview(qtbot, wiz)
    report = wiz.preview_page.report
    assert report is not None
    formulas = [e for e in report.errors if e.code == "cell.formula"]
    assert [(e.row, e.column) for e in formulas] == [(4, "Nombre del plan")]
    assert 'holds a formula (=CONCATENATE("Plan ","C"))' in formulas[0].message
    wiz.preview_page.valid_only.setChecked(True)
    wiz.next()
    qtbot.waitUntil(lambda: wiz.currentId() == W.PAGE_RESULT, timeout=10000)
    plans = {p["name"]: p for p in records.list_records(db, "rotation_plans")}
    assert set(plans) == {"Plan A", "Plan B"}
    assert records.get(db, "rotation_plans", plans["Plan A"]["id"])["steps"] == [
        {"position_id": first, "weeks": 26}, {"position_id": second, "weeks": 26}]
    assert records.get(db, "rotation_plans", plans["Plan B"]["id"])["steps"] == [{"position_id": first, "weeks": 30}]
    assert plans["Plan A"]["programme_id"] == programme
