"""An officer registers apprentices for Part 1 and records their points through the window, in Spanish: the
apprentice who has not served enough of the term is refused with the admission message at the agreement field
(nothing written); the other is registered, the points typed, the grade and band shown in the list."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from tests.exams.pipeline import make_exam
from tests.factories import TODAY, activate, make_agreement, make_company, make_programme
from tests.scenarios.person import Person, main_window
from vetdesk import i18n
from vetdesk.domain.dates import add_months
from vetdesk.i18n import _
from vetdesk.services import records


@pytest.fixture
def window(qtbot, sqlite_db, qsettings, monkeypatch):  # type: ignore[no-untyped-def]
    from vetdesk.services.session import local_operator

    i18n.set_language("es")
    with main_window(qtbot, sqlite_db.as_user(local_operator()), qsettings, monkeypatch) as w:
        yield w


def _pick(person: Person, picker: QWidget, search: str) -> None:
    person.type(_("Search"), search, picker)
    page = picker.page  # type: ignore[attr-defined]
    person.qtbot.waitUntil(lambda: not page.loading and page.model.rowCount() == 1, timeout=10000)
    person.key(Qt.Key.Key_Down, widget=page.search)
    person.key(Qt.Key.Key_Return, widget=page.table)


def test_registering_and_recording_points_through_the_window(qtbot, window, monkeypatch):  # type: ignore[no-untyped-def]
    db = window.db
    programme = make_programme(db, name="Mecatrónica industrial")
    company = make_company(db)
    start = add_months(TODAY.replace(day=1), 1)
    ready = make_agreement(db, programme_id=programme, company_id=company, start_date=start)
    # (activated, it starts today at the latest: the late one has served little of its longer term by the exam)
    late = make_agreement(db, programme_id=programme, company_id=company, start_date=TODAY,
                          end_date=add_months(TODAY, 24) - timedelta(days=1))
    for agreement in (ready, late):
        activate(db, agreement)
    exam = make_exam(db, programme, "part1", 200, name="Parte 1 junio", min_term_share=40)
    reference = {a: records.get(db, "agreements", a)["reference"] for a in (ready, late)}
    person = Person(qtbot, window, "exams-es")

    person.nav(_("Exam results"))
    page = window.current_list()
    for agreement in (late, ready):
        person.click(_("New {kind}").format(kind=_(records.kind("exam_registrations").singular)), page)
        qtbot.waitUntil(lambda: page.form is not None and page.form.record_id is None, timeout=3000)
        form = page.form
        person.choose(_("Exam"), "Parte 1 junio", form)
        person.when_dialog(lambda picker, ref=reference[agreement]: _pick(person, picker, ref), of=QDialog)
        person.click(_("Choose {field}").format(field=_("Agreement")), form)
        qtbot.waitUntil(lambda a=agreement, f=form: f.editors["agreement_id"].value() == a, timeout=10000)
        person.click(_("&Save"), form)
        if agreement == late:
            qtbot.waitUntil(lambda f=form: "examen posterior" in f.problem_text("agreement_id"), timeout=5000)
            assert "40 %" in form.problem_text("agreement_id")
            person.shot("refused", window)
            assert records.count_records(db, "exam_registrations") == 0
            # The officer starts over for the next apprentice and lets the refused entry go.
            monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
        else:
            qtbot.waitUntil(lambda f=form: f.record_id is not None and not f.is_dirty(), timeout=5000)
    registration = form.record_id
    person.type(_("Written points"), "78", form)
    person.type(_("Practical points"), "84", form)
    person.click(_("&Save"), form)
    qtbot.waitUntil(lambda: not form.is_dirty(), timeout=5000)
    saved = records.get(db, "exam_registrations", registration)
    assert (saved["written"], saved["practical"], saved["score"], saved["grade"], saved["passed"]) == (
        Decimal("78"), Decimal("84"), Decimal("81.6"), 2, True)
    assert saved["exam_id"] == exam and saved["agreement_id"] == ready
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    person.shot("recorded", window)
    from PySide6.QtWidgets import QScrollArea

    # The result's buttons fit the record pane at 1366x768: nothing to scroll sideways to (three in a row did not).
    assert not any(area.horizontalScrollBar().isVisible() for area in form.findChildren(QScrollArea))
    shown = [page.model.index(0, c).data() for c in range(page.model.columnCount())]
    assert shown[0] == "Parte 1 junio" and "bueno" in " ".join(str(x) for x in shown), shown
    apprentice = records.get(db, "apprentices", records.get(db, "agreements", ready)["apprentice_id"])["name"]
    assert shown[1] == apprentice, shown  # a result names the person, not only the agreement's reference
    assert TODAY + timedelta(days=200) == records.get(db, "exams", exam)["held_on"]
