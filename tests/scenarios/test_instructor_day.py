"""An instructor's day, through the window only: signs in, sees only the apprentices they instruct (and their
own figures on the dashboard), rates a learning position in the grid (an out-of-scale level is refused with a
message), writes feedback, and cannot open another instructor's apprentice.

Each step fails on the window before issue 21's first item was fixed: opening *Aprendices* as an instructor
raised "Ocurrió un error interno" (the school filter asked for every school), the dashboard counted the whole
office, and nothing let an instructor write feedback.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QInputDialog, QLabel, QTableView, QWidget
from sqlalchemy import func, select

from tests.scenarios.person import SIZE, Person
from vetdesk import i18n
from vetdesk.domain import scales
from vetdesk.i18n import _
from vetdesk.services import demo, records, users
from vetdesk.services.office import Office
from vetdesk.services.uow import reading
from vetdesk.storage.models import Assessment, FeedbackNote, LearningAgreement
from vetdesk.ui.login import LoginDialog
from vetdesk.ui.main_window import MainWindow

PASSWORD = "Ausbilder-2026!"



def _instructor_with_work(db: Office) -> tuple[int, dict[str, Any]]:
    """An instructor with an active agreement on a programme rated in levels (not points), and that agreement."""
    for agreement in records.list_records(db, "agreements", records.ListQuery(status="active")):
        programme = records.get(db, "programmes", agreement["programme_id"])
        if agreement["instructor_id"] and agreement["rotation_plan_id"] and programme["scale"].get("kind") != "points":
            return int(agreement["instructor_id"]), agreement
    raise AssertionError("the demonstration data has no such agreement")


@pytest.fixture
def office(sqlite_db: Office) -> Iterator[tuple[Office, int, dict[str, Any]]]:
    demo.fill_demo(sqlite_db, apprentices=40, seed=3)
    instructor_id, agreement = _instructor_with_work(sqlite_db)
    users.create_user(sqlite_db, username="ausbilder", password=PASSWORD, role="instructor",
                      instructor_id=instructor_id)
    yield sqlite_db, instructor_id, agreement


def _sign_in(qtbot: Any, db: Office, person_folder: str) -> Any:
    """The sign-in dialog as every later start shows it: the instructor types name and password, presses Enter."""
    dialog = LoginDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    person = Person(qtbot, dialog, person_folder)
    person.type(_("User name"), "ausbilder")
    person.type(_("Password"), PASSWORD)
    person.shot("sign-in")
    QTest.keyClick(person.find(_("Password")), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.actor is not None, timeout=10000)
    return dialog.actor


def test_an_instructors_day(qtbot, office, qsettings, language, monkeypatch):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from vetdesk.ui import tasks

    db, instructor_id, agreement = office
    folder = f"instructor-day-{language}"
    actor = _sign_in(qtbot, db, f"{folder}-sign-in")
    assert actor.role == "instructor" and actor.instructor_id == instructor_id

    window = MainWindow(db.as_user(actor), settings=qsettings)
    window.resize(*SIZE)
    window.show()
    qtbot.waitExposed(window)
    person = Person(qtbot, window, folder)
    try:
        _day(person, db, instructor_id, agreement)
    finally:
        qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=20000)
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
        window.close()
        window.deleteLater()


def _day(person: Person, db: Office, instructor_id: int, agreement: dict[str, Any]) -> None:
    qtbot, window = person.qtbot, person.window
    own_name = records.get(db, "instructors", instructor_id)["name"]  # ratings and notes are signed with it
    with reading(db) as session:
        own = session.execute(select(LearningAgreement.apprentice_id, LearningAgreement.school_id,
                                     LearningAgreement.status)
                              .where(LearningAgreement.instructor_id == instructor_id)).all()
        others = session.scalars(select(LearningAgreement.apprentice_id)
                                 .where(LearningAgreement.instructor_id != instructor_id)).all()
    own_apprentices = {a for a, _s, _st in own}
    own_active = sum(1 for _a, _s, st in own if st == "active")
    stranger = next(a for a in others if a not in own_apprentices)

    # -- the dashboard counts their apprentices only -------------------------------------------------------
    dashboard = window.pages["dashboard"]
    qtbot.waitUntil(lambda: dashboard.data() is not None, timeout=10000)
    active = _("Active apprentices: {n}").format(n=i18n.current().format_decimal(own_active))
    qtbot.waitUntil(lambda: any(label.text() == active for label in dashboard.findChildren(QLabel)),
                    timeout=5000)
    office_active = records.count_records(db, "agreements", records.ListQuery(status="active"))
    assert office_active > own_active  # the office's own figure would differ
    person.shot("dashboard")

    # -- only the pages an instructor may read; companies are not offered -----------------------------------
    nav = person.find_nav()
    shown = {nav.item(i).text() for i in range(nav.count()) if not nav.item(i).isHidden()}
    assert _("Apprentices") in shown and _("Assessments") in shown
    assert _("Companies") not in shown and _("Schools") not in shown

    # -- the apprentices: only theirs, the school filter offers their schools --------------------------------
    person.nav(_("Apprentices"))
    page = window.current_list()
    qtbot.waitUntil(lambda: not page.loading, timeout=10000)
    assert person.rows(page.table) == len(own_apprentices)
    school_filter = person.find(_("All schools"), QComboBox)
    offered = {school_filter.itemData(i) for i in range(1, school_filter.count())}
    assert offered == {s for _a, s, _st in own if s is not None}
    person.shot("apprentices")

    # -- another instructor's apprentice cannot be found or opened -------------------------------------------
    stranger_name = records.get(db, "apprentices", stranger)["curp"]
    person.type(_("Search"), stranger_name)
    qtbot.wait(600)
    qtbot.waitUntil(lambda: not page.loading, timeout=10000)
    assert person.rows(page.table) == 0
    person.shot("stranger-not-found")
    search = person.find(_("Search"))
    QTest.keyClick(search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(search, Qt.Key.Key_Delete)
    qtbot.wait(600)
    qtbot.waitUntil(lambda: not page.loading and person.rows(page.table) == len(own_apprentices), timeout=10000)

    # -- their active agreement: rate the current position in the grid ---------------------------------------
    person.nav(_("Agreements"))
    page = window.current_list()
    qtbot.waitUntil(lambda: not page.loading, timeout=10000)
    row = page.model.row_of(agreement["id"])
    assert row is not None
    table: QTableView = page.table
    table.scrollTo(page.model.index(row, 0))
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(page.model.index(row, 0)).center())
    QTest.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.form is not None and page.form.record_id == agreement["id"], timeout=5000)
    form = page.form
    assert not form.save_button.isVisible()  # an instructor changes no agreement
    person.shot("agreement")

    programme = records.get(db, "programmes", agreement["programme_id"])
    allowed = {str(v) for v in scales.allowed_values(programme["scale"])}
    wrong = next(str(d) for d in range(1, 10) if not any(a.startswith(str(d)) for a in allowed))
    good = sorted(allowed)[-1]
    apprentice = records.get(db, "apprentices", agreement["apprentice_id"])["name"]
    with reading(db) as session:
        before = session.scalar(select(func.count(Assessment.id)).where(Assessment.agreement_id == agreement["id"]))
    rated: list[str] = []

    def rate(grid_dialog: QWidget) -> None:
        ratings = person.find(_("Ratings"), QTableView, grid_dialog)
        person.shot("rating-grid", grid_dialog)
        QTest.keyClicks(ratings, wrong)
        refusal = _("{value} is not a level of this scale: type one of {levels}.").split("{value}")[1][:12]
        message = [w for w in grid_dialog.findChildren(QLabel) if w.isVisible() and refusal in w.text()]
        assert message, "the out-of-scale level was ignored without a word"
        person.shot("rating-refused", grid_dialog)
        QTest.keyClicks(QApplication.focusWidget(), good)
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        rated.append(good)
        person.click(_("Save ratings"), grid_dialog)

    def choose_position(dialog: QWidget) -> None:
        position = dialog.findChild(QComboBox).currentText().split(". ", 1)[1]
        title = _("Rate {position} — {apprentice}").format(position=position, apprentice=apprentice)
        person.when_dialog(rate, of=QDialog, title=title)
        person.ok(dialog)

    chosen = person.when_dialog(choose_position, of=QInputDialog)
    person.click(_("Rate a learning position…"), form)
    qtbot.waitUntil(lambda: bool(rated), timeout=10000)
    assert chosen
    with reading(db) as session:
        after = session.execute(select(Assessment.level, Assessment.rater_name).where(
            Assessment.agreement_id == agreement["id"]).order_by(Assessment.id.desc())).first()
        count = session.scalar(select(func.count(Assessment.id)).where(Assessment.agreement_id == agreement["id"]))
    assert count == before + 1 and after is not None and str(after[0]) == good and after[1] == own_name

    # -- feedback --------------------------------------------------------------------------------------------
    note = "Trabaja con cuidado; practicar la lectura de planos."

    def write(dialog: QWidget) -> None:
        person.type(_("Feedback"), note, dialog)
        person.shot("feedback", dialog)
        person.click(_("Save feedback"), dialog)

    wrote = person.when_dialog(write, of=QDialog, title=_("Write feedback"))
    person.click(_("Write feedback…"), page.form)
    qtbot.waitUntil(lambda: bool(wrote), timeout=5000)
    with reading(db) as session:
        notes = session.execute(select(FeedbackNote.text, FeedbackNote.author).where(
            FeedbackNote.agreement_id == agreement["id"])).all()
    assert (note, own_name) in [tuple(n) for n in notes]  # signed with the instructor's name, not the login
    person.shot("after-feedback")

    # -- a new assessment's agreement picker offers only their agreements -------------------------------------
    person.nav(_("Assessments"))
    page = window.current_list()
    qtbot.waitUntil(lambda: not page.loading, timeout=10000)
    assert person.rows(page.table) >= 1
    person.shot("assessments")
