"""An apprentice's record shows what belongs to it, with the actions on it (issue 21, "what officers expect"):
the officer finds the apprentice by typing, opens the record with Enter, sees the learning agreements, the
assessments and feedback, and the scanned documents of the agreements; opens a document; rates the current
learning position from the record; and previews the progress report — all through the window.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QInputDialog, QListWidget, QTableView, QWidget
from sqlalchemy import func, select

from tests.scenarios.person import SIZE, Person
from vetdesk.domain import scales
from vetdesk.domain.problems import RuleViolation
from vetdesk.i18n import _
from vetdesk.services import attachments, demo, records
from vetdesk.services.office import Office
from vetdesk.services.uow import Actor, reading
from vetdesk.storage.models import Assessment, LearningAgreement
from vetdesk.ui.main_window import MainWindow
from vetdesk.ui.printing import PdfPreview

SCAN = b"%PDF-1.4\n% the signed copy\n%%EOF\n"


@pytest.fixture
def office(sqlite_db: Office) -> Iterator[tuple[Office, dict[str, Any]]]:
    demo.fill_demo(sqlite_db, apprentices=40, seed=3)
    for agreement in records.list_records(sqlite_db, "agreements", records.ListQuery(status="active")):
        programme = records.get(sqlite_db, "programmes", agreement["programme_id"])
        if agreement["rotation_plan_id"] and programme["scale"].get("kind") != "points":
            attachments.attach(sqlite_db, agreement_id=agreement["id"], filename="convenio-firmado.pdf",
                               content=SCAN)
            yield sqlite_db, agreement
            return
    raise AssertionError("the demonstration data has no active agreement with a rotation plan")


def _items(listing: QListWidget) -> list[str]:
    return [listing.item(i).text() for i in range(listing.count())]


def test_an_apprentice_record_shows_what_belongs_to_it_with_its_actions(  # type: ignore[no-untyped-def]
        qtbot, office, qsettings, language, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from vetdesk.ui import tasks

    db, agreement = office
    window = MainWindow(db, settings=qsettings)
    window.resize(*SIZE)
    window.show()
    qtbot.waitExposed(window)
    person = Person(qtbot, window, f"apprentice-record-{language}")
    try:
        apprentice = records.get(db, "apprentices", agreement["apprentice_id"])
        person.nav(_("Apprentices"))
        page = window.current_list()
        qtbot.waitUntil(lambda: not page.loading, timeout=10000)
        person.type(_("Search"), apprentice["curp"])
        qtbot.waitUntil(lambda: not page.loading and person.rows(page.table) == 1, timeout=10000)
        table: QTableView = page.table
        QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                         pos=table.visualRect(page.model.index(0, 0)).center())
        QTest.keyClick(table, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: page.form is not None and page.form.record_id == apprentice["id"], timeout=5000)
        form = page.form
        person.shot("record")

        agreements = person.find(_("Learning agreements"), QListWidget, form)
        documents = person.find(_("Documents"), QListWidget, form)
        events = person.find(_("Assessments and feedback"), QListWidget, form)
        assert any(agreement["reference"] in text for text in _items(agreements)), _items(agreements)
        assert any("convenio-firmado.pdf" in text and agreement["reference"] in text for text in _items(documents))

        # -- the document opens with the system's program, as stored ------------------------------------------
        opened: list[Path] = []
        # handed to the system's program (ui.files.open_path: xdg-open, or Qt's)
        monkeypatch.setattr("vetdesk.ui.files.open_path", lambda path: opened.append(Path(path)) or True)
        documents.setFocus()
        documents.setCurrentRow(0)
        QTest.keyClick(documents, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: bool(opened), timeout=5000)
        assert opened[0].name == "convenio-firmado.pdf" and opened[0].read_bytes() == SCAN

        # -- rate the current learning position from the record -------------------------------------------------
        programme = records.get(db, "programmes", agreement["programme_id"])
        good = sorted(str(v) for v in scales.allowed_values(programme["scale"]))[-1]
        with reading(db) as session:
            before = session.scalar(select(func.count(Assessment.id))
                                    .where(Assessment.agreement_id == agreement["id"]))
        shown_before = len(_items(events))
        rated: list[str] = []

        def rate(grid_dialog: QWidget) -> None:
            ratings = person.find(_("Ratings"), QTableView, grid_dialog)
            person.shot("rating-grid", grid_dialog)
            QTest.keyClicks(ratings, good)
            QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
            rated.append(good)
            person.click(_("Save ratings"), grid_dialog)

        def choose_position(dialog: QWidget) -> None:
            assert dialog.findChild(QComboBox).count() >= 1
            person.when_dialog(rate, of=QDialog)
            person.ok(dialog)

        chosen = person.when_dialog(choose_position, of=QInputDialog)
        person.click(_("Rate a learning position…"), form)
        qtbot.waitUntil(lambda: bool(rated) and bool(chosen), timeout=10000)
        with reading(db) as session:
            qtbot.waitUntil(lambda: session.scalar(select(func.count(Assessment.id)).where(
                Assessment.agreement_id == agreement["id"])) == before + 1, timeout=5000)
        qtbot.waitUntil(lambda: len(_items(events)) > shown_before, timeout=5000)  # the record shows it
        person.shot("rated")
        # each rating says who gave it, by role, as the progress report does (trial 21e, item 7)
        from vetdesk.services.belongings import rated_by

        roles = [f"({rated_by(role)})" for role in ("instructor", "tutor", "self")]
        with reading(db) as session:
            rated_ids = set(session.scalars(select(Assessment.id).where(
                Assessment.agreement_id == agreement["id"])))
        assert rated_ids and sum(any(t.endswith(r) for r in roles) for t in _items(events)) >= len(rated_ids), \
            _items(events)

        # -- the progress report, previewed from the record ------------------------------------------------------
        previews: list[str] = []

        def preview(dialog: QWidget) -> None:
            previews.append(dialog.windowTitle())
            person.shot("progress-preview", dialog)
            dialog.reject()

        person.when_dialog(preview, of=PdfPreview)
        person.click(_("Progress report…"), form)
        qtbot.waitUntil(lambda: bool(previews), timeout=20000)
        assert previews == [_("Progress report")]
    finally:
        qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=20000)
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
        window.close()
        window.deleteLater()


def test_an_instructor_cannot_read_another_instructors_scans(office) -> None:  # type: ignore[no-untyped-def]
    """The scope holds for stored files: listing or reading them is as if they did not exist."""
    db, agreement = office
    with reading(db) as session:
        other = session.scalar(select(LearningAgreement.instructor_id).where(
            LearningAgreement.instructor_id.is_not(None),
            LearningAgreement.instructor_id != agreement["instructor_id"]).limit(1))
    stranger = db.as_user(Actor("otro", "instructor", other))
    scan = attachments.list_attachments(db, agreement["id"])[0]["id"]
    with pytest.raises(RuleViolation):
        attachments.list_attachments(stranger, agreement["id"])
    with pytest.raises(RuleViolation) as refused:
        attachments.read_attachment(stranger, scan)
    assert refused.value.problems[0].field == "attachment"
    assert attachments.read_attachment(db, scan)[2] == SCAN
