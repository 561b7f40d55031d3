"""What the last trial of issue 21 left in the officer's day, each driven as a person drives it (typed, clicked,
answered) and asserted on screen and in the database; screenshots go to ``screenshots/scenarios/``."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from tests import factories as f
from tests.scenarios.person import Person, answering_start_up
from vetdesk import i18n
from vetdesk.i18n import _
from vetdesk.services import records
from vetdesk.ui.main_window import MainWindow


@pytest.fixture(params=["es", "de"])
def language(request, qapp):  # type: ignore[no-untyped-def]
    """Spanish, as the office works, and German (its longer words are what gets cut at 1366×768)."""
    from vetdesk.ui.app import use_language

    use_language(request.param, qapp)
    yield str(request.param)
    use_language("en", qapp)


def _click_header(page: Any, column: int) -> None:
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def test_the_agreements_apprentice_and_company_columns_sort_by_name(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                    language: str) -> None:
    """Clicking the agreements list's *Apprentice* or *Company* header did nothing. Each sorts the list by the
    name it shows, accents folded (Álvarez before Ortiz before Zúñiga), the header's arrow on it; a second click
    reverses it."""
    db = window.db
    for surname, company in (("Zúñiga", "Óptica Zamora"), ("Álvarez", "énfasis Textil"), ("Ortiz", "Aceros Beta")):
        apprentice = f.make_apprentice(db, first_surname=surname)
        f.make_agreement(db, apprentice_id=apprentice, company_id=f.make_company(db, name=company))
    person = Person(qtbot, window, f"ui21k-sort-agreements-{language}")
    person.nav(_("Agreements"))
    page = window.current_list()
    qtbot.waitUntil(lambda: not page.loading and page.model.complete, timeout=10000)
    header = page.table.horizontalHeader()

    def shown(key: str) -> list[str]:
        column = next(i for i, c in enumerate(page.model.columns) if c.key == key)
        return [str(page.model.index(row, column).data()) for row in range(page.model.rowCount())]

    for key, first in (("apprentice_id", ["Álvarez", "Ortiz", "Zúñiga"]),
                       ("company_id", ["Aceros Beta", "énfasis Textil", "Óptica Zamora"])):
        column = next(i for i, c in enumerate(page.model.columns) if c.key == key)
        for descending in (False, True):
            _click_header(page, column)
            qtbot.waitUntil(lambda key=key, descending=descending: (page.query.order_by, page.query.descending)
                            == (key, descending) and not page.loading, timeout=5000)
            qtbot.waitUntil(lambda key=key: all(shown(key)), timeout=5000)
            person.shot(f"sorted-{key}-{'down' if descending else 'up'}")
            assert header.isSortIndicatorShown() and header.sortIndicatorSection() == column
            assert header.sortIndicatorOrder() == (Qt.SortOrder.DescendingOrder if descending
                                                   else Qt.SortOrder.AscendingOrder)
            expected = list(reversed(first)) if descending else first
            names = shown(key)
            assert [next(word for word in expected if word in name) for name in names] == expected, names


def test_a_new_apprentice_starts_at_the_curp_and_tab_follows_the_fields_down(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                           language: str) -> None:
    """A new apprentice's form put the cursor on *Country of the personal ID*, while the first thing an officer
    types is the CURP (it fills the birth date and sex). The cursor starts in the CURP; Tab goes down the fields
    in the order they are shown, Shift+Tab back up to the country."""
    person = Person(qtbot, window, f"ui21k-new-apprentice-focus-{language}")
    person.nav(_("Apprentices"))
    page = window.current_list()
    qtbot.waitUntil(lambda: not page.loading, timeout=10000)
    person.click(_("New {kind}").format(kind=_(records.kind("apprentices").singular)))
    qtbot.waitUntil(lambda: page.form is not None and page.form.isVisible(), timeout=5000)
    form = page.form
    curp = form.editors["curp"].focusProxy()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is curp, timeout=3000)
    person.shot("curp-focused")
    QTest.keyClicks(curp, "GOPE080315HQTNRD09")
    assert form.editors["curp"].value() == "GOPE080315HQTNRD09"

    def top(widget: Any) -> int:
        return widget.mapTo(form, QPoint(0, 0)).y()

    seen = [curp]
    for _press in range(5):
        person.key(Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    names = [w.accessibleName() for w in seen]
    assert len(set(map(id, seen))) == len(seen), names  # each Tab reaches another field
    assert all(form.isAncestorOf(w) for w in seen), names
    assert [top(w) for w in seen] == sorted(top(w) for w in seen), names  # down the form, never back up
    assert names[1] == form.editors["given_names"].focusProxy().accessibleName(), names
    for _press in range(5):
        person.key(Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is curp
    person.key(Qt.Key.Key_Backtab)
    country = form.editors["id_country"]
    assert QApplication.focusWidget() in (country, country.focusProxy()) or country.isAncestorOf(
        QApplication.focusWidget())
    assert top(QApplication.focusWidget()) < top(curp)
    person.shot("back-to-country")


def test_the_agreement_made_in_the_wizard_is_the_row_highlighted_and_in_view(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                             language: str) -> None:
    """After the wizard saved an agreement, its form opened beside the list while another row (the one
    selected before) stayed highlighted. The new agreement's row is the one selected, scrolled into view, and
    it is the record the form shows."""
    from PySide6.QtWidgets import QWizard

    from tests.scenarios import test_agreement_wizard_plan as plan_scenario
    from tests.scenarios.test_new_user_retrial import office_for_a_year, open_wizard, walk_to_terms

    db = window.db
    ids = office_for_a_year(db)
    for _n in range(40):  # a list longer than the screen: the new agreement is at its end
        f.make_agreement(db, company_id=ids["company"], programme_id=ids["programme"], school_id=ids["school"],
                         rotation_plan_id=ids["plan"])
    person = Person(qtbot, window, f"ui21k-wizard-selects-{language}")
    person.nav(_("Agreements"))
    page = window.current_list()
    qtbot.waitUntil(lambda: not page.loading and page.model.complete, timeout=10000)
    table = page.table
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(page.model.index(2, 1)).center())
    QTest.keyClick(table, Qt.Key.Key_Return)
    before = page.model.id_at(2)
    qtbot.waitUntil(lambda: page.form is not None and page.form.record_id == before, timeout=5000)
    person.shot("a-row-open")

    wizard = open_wizard(person)
    walk_to_terms(person, wizard, ids)
    plan_scenario._next(person, wizard)
    person.type(_("Accident-insurance policy"), "POL-2026-7", wizard)
    person.type(_("Stipend"), "4500", wizard)
    plan_scenario._next(person, wizard)
    review = wizard.review_page
    qtbot.waitUntil(lambda: wizard.currentPage() is review, timeout=5000)
    if review.accept.isVisible():
        QTest.mouseClick(review.accept, Qt.MouseButton.LeftButton, pos=QPoint(8, review.accept.height() // 2))
    with qtbot.waitSignal(wizard.agreementCreated, timeout=10000) as created:
        QTest.mouseClick(wizard.button(QWizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton)
    made = created.args[0]
    wizard.reject()  # done with it: discarded without the question a person is asked
    qtbot.waitUntil(lambda: page.form is not None and page.form.record_id == made, timeout=5000)
    qtbot.waitUntil(lambda: not page.loading and page.model.complete and page.current_id() == made, timeout=5000)
    qtbot.wait(200)
    person.shot("new-agreement-selected")
    selected = {page.model.id_at(i.row()) for i in table.selectionModel().selectedRows()}
    assert selected == {made}
    assert table.viewport().rect().contains(table.visualRect(table.currentIndex()).center())
    assert page.form.record_id == made and records.get(db, "agreements", made)["status"] == "draft"


def test_the_wizard_s_end_date_follows_a_whole_start_date_only(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                             language: str) -> None:
    """Typing the start date in the wizard changed the end date at every key: "15/03/2" already read as a day of
    the year 2002, and the end date jumped to 2004 while the officer was still typing 2027. The end date stays as
    it is while the start is typed and follows it once the field is left with a whole date."""
    from tests.scenarios.test_new_user_retrial import office_for_a_year, open_wizard, walk_to_terms

    ids = office_for_a_year(window.db)
    person = Person(qtbot, window, f"ui21k-wizard-start-typed-{language}")
    wizard = open_wizard(person)
    walk_to_terms(person, wizard, ids)
    terms = wizard.terms_page
    qtbot.waitUntil(lambda: wizard.currentPage() is terms, timeout=5000)
    start_title = records.kind("agreements").field("start_date").title()  # type: ignore[union-attr]
    end_line = terms.end.focusProxy()
    proposed = end_line.text()
    start = date(date.today().year + 1, 3, 15)
    written = i18n.current().format_numeric_date(start)
    line = person.find(start_title, QLineEdit, wizard)
    QTest.mouseClick(line, Qt.MouseButton.LeftButton)
    QTest.keyClick(line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    seen = []
    for char in written:
        QTest.keyClicks(line, char)
        qtbot.wait(5)
        seen.append((line.text(), end_line.text()))
    person.shot("start-typed-not-left", wizard)
    assert all(end == proposed for _typed, end in seen), seen  # "15/0", "15/03/2"… moved nothing
    QTest.keyClick(line, Qt.Key.Key_Tab)
    months = wizard.programme_months() or 12
    from vetdesk.domain.dates import add_months

    expected = i18n.current().format_numeric_date(add_months(start, months) - timedelta(days=1))
    qtbot.waitUntil(lambda: end_line.text() == expected, timeout=3000)
    person.shot("start-left-end-follows", wizard)
    wizard.reject()  # done with it: discarded without the question a person is asked


def _office_with_user(path: Any, username: str, password: str) -> None:
    from vetdesk.services import users
    from vetdesk.storage.engine import connect
    from vetdesk.storage.migrate import upgrade

    db = connect(path)
    upgrade(db)
    try:
        users.create_user(db, username=username, password=password, role="administrator", full_name="María García")
        f.make_company(db, name="Frenos del Bajío")
    finally:
        db.dispose()


@pytest.mark.parametrize("password_given", [True, False], ids=["password-from-environment", "password-asked"])
def test_file_new_database_started_with_user_asks_who_signs_in_there(  # type: ignore[no-untyped-def]
        qtbot, qapp, tmp_path, monkeypatch, language: str, password_given: bool) -> None:
    """``vetdesk --db oficina.sqlite3 --user mgarcia``, then *File › New database*: vetdesk quit instead of
    opening the new file (the user named at the start has no account in a new database). It opens the new
    database and asks who signs in (its first administrator, the start's user name proposed), then shows its
    dashboard with the new database in the title."""
    import argparse
    import sys

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from vetdesk.services import users
    from vetdesk.services.office import Office
    from vetdesk.ui import app as app_module
    from vetdesk.ui.login import FirstAdministratorDialog, LoginDialog
    from vetdesk.ui.start import LANGUAGE_KEY
    from vetdesk.ui.start import settings as pc_settings

    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "config"))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "config"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(app_module, "install_excepthook", lambda: None)
    monkeypatch.setenv("VETDESK_NO_AUTOBACKUP", "1")
    monkeypatch.delenv("VETDESK_USER", raising=False)
    monkeypatch.delenv("VETDESK_AUTO_ADMIN", raising=False)
    secret = "Camexa-2026!"
    if password_given:
        monkeypatch.setenv("VETDESK_PASSWORD", secret)
    else:
        monkeypatch.delenv("VETDESK_PASSWORD", raising=False)
    database, new = tmp_path / "oficina.sqlite3", tmp_path / "nueva.sqlite3"
    _office_with_user(database, "mgarcia", secret)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(new), ""))
    critical: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *a, **k: critical.append(text))

    def on_dialog(person: Person, modal: Any, seen: dict[str, Any]) -> None:
        if isinstance(modal, LoginDialog):  # the first database, its password asked
            person.type(_("Password"), secret, modal)
            person.shot("sign-in", modal)
            QTest.mouseClick(modal.ok_button, Qt.MouseButton.LeftButton)
            return
        seen["proposed"] = modal.username.text()
        person.shot("new-database-asks-who", modal)
        person.type(_("Full name"), "María García", modal)
        person.type(_("Password"), "Nueva-Oficina-26", modal)
        person.type(_("Repeat the password"), "Nueva-Oficina-26", modal)
        QTest.mouseClick(modal.ok_button, Qt.MouseButton.LeftButton)

    def on_window(person: Person, window: Any, seen: dict[str, Any]) -> None:
        if len(seen["windows"]) == 1:
            person.shot("first-database")
            person.menu(_("&File"), _("New &database…"))
        else:
            qtbot.wait(300)  # an empty database: the welcome page, to set the office up
            seen["title"] = window.windowTitle()
            seen["user"] = window.db.actor.username
            person.shot("new-database-open")
            window.close()

    pc = pc_settings()
    pc.setValue(LANGUAGE_KEY, language)
    pc.sync()
    with answering_start_up(qtbot, f"ui21k-new-database-{language}-{password_given}",
                            dialogs=(FirstAdministratorDialog, LoginDialog), on_dialog=on_dialog,
                            on_window=on_window) as seen:
        try:
            code = app_module.run_app(argparse.Namespace(db=str(database), lang=None, user="mgarcia"))
        finally:
            i18n.set_language("en")
            app_module.install_qt_translations(qapp, "en")
    assert seen["error"] is None, seen["error"]
    assert critical == []
    assert code == 0
    assert len(seen["windows"]) == 2, seen
    assert seen["proposed"] == "mgarcia"
    assert seen["title"].startswith("nueva.sqlite3")
    assert seen["user"] == "mgarcia"
    office = Office.open(str(new))
    try:
        assert users.has_users(office)
        assert users.authenticate(office, "mgarcia", "Nueva-Oficina-26").username == "mgarcia"
    finally:
        office.dispose()


def _places(dialog: Any, widgets: list[Any]) -> list[tuple[int, int, int, int]]:
    """Where each widget is in the dialog (x, y, width, height)."""
    out = []
    for widget in widgets:
        corner = widget.mapTo(dialog, QPoint(0, 0))
        out.append((corner.x(), corner.y(), widget.width(), widget.height()))
    return out


def test_a_refusal_in_the_signatures_dialog_moves_no_date_and_no_button(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                        language: str) -> None:
    """*Record signatures*: the refusal of a date in the future appeared under it and pushed the dates below and
    the OK and Cancel buttons down (the dialog grew under the officer's hand). Each date's message has its room
    from the start: the message is said, nothing moves, the dialog keeps its size."""
    from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QMessageBox

    from tests.scenarios.test_new_user_retrial import open_printed_agreement
    from vetdesk.domain.identifiers import signature_label
    from vetdesk.ui.agreement_form import signed_box_name

    person, form, agreement = open_printed_agreement(qtbot, window, f"ui21k-signatures-steady-{language}")
    title = records.kind("agreements").field("company_signed_on").title()  # type: ignore[union-attr]
    later = signature_label("apprentice_signed_on", "Signed by the apprentice on",  # as her or his sex says it
                            records.apprentice_sex(window.db, agreement))
    future = date.today() + timedelta(days=30)
    seen: dict[str, Any] = {}

    def sign(dialog: Any) -> None:
        box = person.find(signed_box_name("company_signed_on", title), QCheckBox, dialog)
        QTest.mouseClick(box, Qt.MouseButton.LeftButton)
        person.type_date(title, future, dialog)
        buttons = dialog.findChild(QDialogButtonBox)
        watched = [buttons.button(QDialogButtonBox.StandardButton.Ok), person.find(later, QLineEdit, dialog)]
        before, size = _places(dialog, watched), dialog.size()
        person.shot("before-ok", dialog)
        person.ok(dialog)
        qtbot.wait(200)
        seen["message"] = dialog.messages["company_signed_on"].text()
        seen["moved"] = (before, _places(dialog, watched), size, dialog.size())
        person.shot("refused", dialog)
        dialog.reject()

    answered = person.when_dialog(sign, of=QDialog, title=_("Record signatures"))
    warned = person.when_dialog(lambda box: person.press(box, QMessageBox.StandardButton.Yes), of=QMessageBox,
                                title=_("Sign agreement"), wait_ms=3000)
    person.click(_("Record signatures…"), form)
    qtbot.waitUntil(lambda: "moved" in seen, timeout=10000)
    warned.stop()
    assert answered
    assert i18n.shown_day(future) in seen["message"], seen
    before, after, size, size_after = seen["moved"]
    assert after == before and size_after == size, seen["moved"]
    assert records.get(window.db, "agreements", agreement)["company_signed_on"] is None


def test_a_level_out_of_the_scale_in_the_rating_grid_moves_nothing(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                  language: str) -> None:
    """The rating grid's message about a level outside the scale appeared above the table and pushed it and the
    buttons down, and back up once put right. The message has its room beside the buttons from the start."""
    from PySide6.QtWidgets import QDialog, QInputDialog, QTableView

    from tests.scenarios.test_new_user_retrial import office_for_a_year
    from vetdesk.domain import scales
    from vetdesk.ui.rating_grid import RatingGrid

    db = window.db
    ids = office_for_a_year(db)
    agreement = f.make_agreement(db, apprentice_id=ids["apprentice"], company_id=ids["company"],
                                 programme_id=ids["programme"], instructor_id=ids["instructor"],
                                 school_id=ids["school"], rotation_plan_id=ids["plan"],
                                 start_date=date.today().replace(day=1) - timedelta(days=61))
    f.activate(db, agreement)
    person = Person(qtbot, window, f"ui21k-grid-steady-{language}")
    form = person.open_agreement(agreement)
    seen: dict[str, Any] = {}

    def rate(dialog: Any) -> None:
        grid = dialog.findChild(RatingGrid)
        dialog.resize(1000, 600)
        qtbot.wait(100)
        ratings = person.find(_("Ratings"), QTableView, dialog)
        allowed = sorted(str(v) for v in scales.allowed_values(grid.model.grid.scale))
        wrong = next(str(d) for d in range(1, 10) if not any(a.startswith(str(d)) for a in allowed))
        watched = [ratings, grid.save_button, grid.cancel_button]
        before = _places(dialog, watched)
        qtbot.waitUntil(lambda: ratings.hasFocus(), timeout=5000)
        QTest.keyClicks(ratings, wrong)
        qtbot.wait(100)
        seen["said"] = grid.message.text()
        seen["refused"] = (before, _places(dialog, watched))
        person.shot("level-refused", dialog)
        QTest.keyClicks(QApplication.focusWidget(), allowed[-1])
        qtbot.wait(100)
        seen["righted"] = (grid.message.text(), _places(dialog, watched))
        person.shot("level-right", dialog)
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
        grid.model.pending.clear()
        dialog.reject()

    person.when_dialog(person.ok, of=QInputDialog)
    person.when_dialog(rate, of=QDialog, title=None, wait_ms=20000, holding=RatingGrid)
    person.click(_("Rate a learning position…"), form)
    qtbot.waitUntil(lambda: "righted" in seen, timeout=20000)
    before, refused = seen["refused"]
    assert seen["said"] and refused == before, seen
    said, righted = seen["righted"]
    assert not said and righted == before, seen


def _title_cut(header: Any, logical: int) -> bool:
    """Whether a header section's title is cut: it needs more lines than the header has, or a word is wider
    than the section."""
    from PySide6.QtCore import QRect

    from vetdesk.ui.headers import LINES

    title = str(header.model().headerData(logical, Qt.Orientation.Horizontal) or "")
    metrics = header.fontMetrics()
    # What a plain header leaves a title: its section less the margins and the arrow.
    width = header._text_rect_width(logical) if hasattr(header, "_text_rect_width") else header.sectionSize(
        logical) - 22
    needed = metrics.boundingRect(QRect(0, 0, width, 10000), int(Qt.TextFlag.TextWordWrap), title)
    lines = round(needed.height() / metrics.lineSpacing())
    return needed.width() > width or lines > min(LINES, getattr(header, "_lines", 1)) or header.height() < (
        metrics.lineSpacing() * lines)


def test_headers_and_dashboard_titles_are_whole_at_1366(qtbot, sqlite_db, qsettings,  # type: ignore[no-untyped-def]  # noqa: F811
                                                        language: str, monkeypatch) -> None:
    """At 1366×768 list headers such as *Fecha de inicio* / *Fecha de término* were cut beside an open record,
    and the agreement's rotation table cut *Puesto de aprendizaje*. A title wraps onto a second line instead
    (the header grows to show it), a column is never narrower than its title on two lines, every title is whole
    in its tooltip; the dashboard's tiles show their titles whole."""
    from tests.scenarios.person import main_window
    from tests.scenarios.test_new_user_retrial import office_for_a_year
    from vetdesk.services.session import local_operator

    db = sqlite_db.as_user(local_operator())
    ids = office_for_a_year(db)  # an office at work: the window opens on its dashboard
    start = date.today().replace(day=1) - timedelta(days=200)
    made = f.make_agreement(db, apprentice_id=ids["apprentice"], company_id=ids["company"],
                            programme_id=ids["programme"], instructor_id=ids["instructor"],
                            school_id=ids["school"], rotation_plan_id=ids["plan"], start_date=start)
    f.activate(db, made)
    first = records.get(db, "rotation_plans", ids["plan"])["steps"][0]["position_id"]
    records.create(db, "rotations", {"agreement_id": made, "position_id": first, "actual_start": start,
                                     "actual_end": start + timedelta(days=120)}, accept_warnings=True)
    with main_window(qtbot, db, qsettings, monkeypatch) as window:
        _headers_and_tiles(qtbot, window, language, made)


def _headers_and_tiles(qtbot: Any, window: MainWindow, language: str, made: int) -> None:
    person = Person(qtbot, window, f"ui21k-headers-whole-{language}")
    qtbot.waitUntil(lambda: window.pages["dashboard"].data() is not None, timeout=10000)
    qtbot.wait(200)
    person.shot("dashboard")
    from vetdesk.ui.dashboard import ItemCard

    cards = [c for c in window.pages["dashboard"].findChildren(ItemCard) if c.isVisible()]
    assert cards
    for card in cards:
        label = card.title_label
        assert label.heightForWidth(label.width()) <= label.height(), label.text()
        assert label.text() in card.toolTip()

    person.nav(_("Agreements"))
    page = window.current_list()
    qtbot.waitUntil(lambda: not page.loading and page.model.complete, timeout=10000)
    table = page.table
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(page.model.index(0, 1)).center())
    QTest.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.form is not None and page.form.record_id == made, timeout=5000)
    qtbot.wait(300)
    person.shot("record-open-beside-the-list")
    header = table.horizontalHeader()
    seen = 0
    for logical in range(header.count()):
        if header.isSectionHidden(logical):
            continue
        title = page.model.columns[logical].title()
        assert title in str(page.model.headerData(logical, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole))
        left = header.sectionViewportPosition(logical)
        if left < 0 or left + header.sectionSize(logical) > header.viewport().width():
            continue  # scrolled out of sight: the list scrolls sideways
        seen += 1
        assert not _title_cut(header, logical), (title, header.sectionSize(logical), header.height())
    assert seen >= 3
    rotation = page.form.rotation_table.horizontalHeader()
    qtbot.waitUntil(lambda: rotation.isVisible(), timeout=3000)
    assert not _title_cut(rotation, 0), (rotation.sectionSize(0), rotation.height())
    person.shot("rotation-headers", page.form.rotation_box)

    # Sorted by the start date: the header still shows its title whole beside the arrow.
    column = next(i for i, c in enumerate(page.model.columns) if c.key == "start_date")
    page.close_form()
    _click_header(page, column)
    qtbot.waitUntil(lambda: page.query.order_by == "start_date" and not page.loading, timeout=5000)
    assert not _title_cut(header, column)


def test_file_open_database_keeps_the_user_named_at_the_start_where_it_has_an_account(  # type: ignore[no-untyped-def]
        qtbot, qapp, tmp_path, monkeypatch, language: str) -> None:
    """``vetdesk --user mgarcia`` (password from VETDESK_PASSWORD), then *File › Open database…* on another
    office's file where mgarcia has an account: vetdesk opens it signed in as mgarcia, no dialog asked."""
    import argparse
    import sys

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from vetdesk.ui import app as app_module
    from vetdesk.ui.start import LANGUAGE_KEY
    from vetdesk.ui.start import settings as pc_settings

    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "config"))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "config"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(app_module, "install_excepthook", lambda: None)
    monkeypatch.setenv("VETDESK_NO_AUTOBACKUP", "1")
    monkeypatch.delenv("VETDESK_USER", raising=False)
    secret = "Camexa-2026!"
    monkeypatch.setenv("VETDESK_PASSWORD", secret)
    database, other = tmp_path / "oficina.sqlite3", tmp_path / "otra-oficina.sqlite3"
    _office_with_user(database, "mgarcia", secret)
    _office_with_user(other, "mgarcia", secret)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(other), ""))
    critical: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *a, **k: critical.append(text))
    def on_dialog(person: Person, modal: Any, seen: dict[str, Any]) -> None:  # none is expected: said, closed
        seen.setdefault("modal", []).append(modal.windowTitle())
        modal.close()

    def on_window(person: Person, window: Any, seen: dict[str, Any]) -> None:
        if len(seen["windows"]) == 1:
            person.menu(_("&File"), _("&Open database…"))
        else:
            qtbot.wait(300)
            seen["title"], seen["user"] = window.windowTitle(), window.db.actor.username
            person.shot("other-database-same-user")
            window.close()

    pc = pc_settings()
    pc.setValue(LANGUAGE_KEY, language)
    pc.sync()
    with answering_start_up(qtbot, f"ui21k-open-database-{language}", dialogs=(QWidget,), on_dialog=on_dialog,
                            on_window=on_window) as seen:
        try:
            code = app_module.run_app(argparse.Namespace(db=str(database), lang=None, user="mgarcia"))
        finally:
            i18n.set_language("en")
            app_module.install_qt_translations(qapp, "en")
    assert seen["error"] is None, seen["error"]
    assert (critical, seen.get("modal", []), code) == ([], [], 0)
    assert seen["title"].startswith("otra-oficina.sqlite3") and seen["user"] == "mgarcia", seen
