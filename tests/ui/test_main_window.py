"""The main window: navigation, shortcuts, the dashboard's links, closing with unsaved changes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox

from tests.factories import make_agreement, make_company
from tests.ui.conftest import wait_loaded
from vetdesk.services import records
from vetdesk.ui.lists import ListPage
from vetdesk.ui.main_window import PAGES, MainWindow

pytestmark = pytest.mark.usefixtures("no_dialogs")


@pytest.fixture
def windows(qtbot):  # type: ignore[no-untyped-def]
    """Main windows closed only after their background jobs (the dashboard's counts) reported back.

    Not handed to ``qtbot.addWidget``: pytest-qt deletes those before fixtures end, and a count arriving
    after that would find its dashboard gone.
    """
    from vetdesk.ui import tasks

    made: list[MainWindow] = []
    yield made
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=10000)
    for w in made:
        w.close()
        w.deleteLater()


@pytest.fixture
def window(qtbot, sqlite_db, qsettings, windows):  # type: ignore[no-untyped-def]
    w = MainWindow(sqlite_db, settings=qsettings)
    windows.append(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_every_list_opens(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    make_agreement(window.db)
    for key, _label in PAGES[1:]:
        page = window.navigate(key)
        assert isinstance(page, ListPage) and window.stack.currentWidget() is page
        wait_loaded(qtbot, page)
        assert page.model.total() == records.count_records(window.db, key)
    assert window.nav.currentItem().text() == PAGES[-1][1]  # the last page, in English


def test_menus_carry_the_shortcuts(window) -> None:  # type: ignore[no-untyped-def]
    shortcuts = {a.shortcut().toString(QKeySequence.SequenceFormat.PortableText) for a in window.actions()}
    assert {"Ctrl+N", "Ctrl+F", "Ctrl+S", "Ctrl+P", "Esc", "F5"} <= shortcuts
    menus = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert menus == ["File", "Edit", "View", "Records", "Tools", "Help"]


@pytest.mark.parametrize("language", ["de", "es"])
def test_the_shortcuts_are_read_without_asking_qt_to_translate_each_key(qtbot, qapp, sqlite_db, qsettings, windows,  # type: ignore[no-untyped-def]
                                                                        monkeypatch, language) -> None:
    """The window's shortcuts are written in portable text ("Ctrl+E"): read as native text, Qt translated the
    name of every key it knows to compare each one (3,381 calls into vetdesk's Python translator at each start);
    they are the same shortcuts, shown in the language's words."""
    from vetdesk.ui import app as app_module

    asked: list[str] = []
    translate = app_module.QtWordGaps.translate
    monkeypatch.setattr(app_module.QtWordGaps, "translate",
                        lambda self, context, *rest: asked.append(context) or translate(self, context, *rest))
    try:
        app_module.use_language(language, qapp)
        w = MainWindow(sqlite_db, settings=qsettings)
        windows.append(w)
        assert asked.count("QShortcut") == 0
        for action, text in ((w.export_action, "Ctrl+E"), (w.cancel_action, "Esc"), (w.refresh_action, "F5"),
                             (w.wizard_action, "Ctrl+Shift+N"), (w.history_action, "Ctrl+H"),
                             (w.nav_actions[0], "Ctrl+1")):
            assert action.shortcuts() == [QKeySequence(text)], text  # as Qt reads it in the language
        native = w.export_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        assert native == {"de": "Strg+E", "es": "Control+E"}[language]
    finally:
        app_module.use_language("en", qapp)


def test_keyboard_new_save_cancel(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    page = window.navigate("companies")
    wait_loaded(qtbot, page)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.form is not None and page.form.record_id is None
    page.form.editors["name"].set_value("Teclado S.A.")
    page.form.editors["rfc"].set_value("TEC0101019A1")
    page.form.editors["legal_representative"].set_value("Ana Ruiz")
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert records.count_records(window.db, "companies") == 1
    assert page.form.record_id is not None and not page.form.is_dirty()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert page.form is None


def test_ctrl_f_focuses_the_search_box(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    page = window.navigate("apprentices")
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()


def test_show_list_applies_the_dashboard_filters(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    draft = make_agreement(window.db)
    printed = make_agreement(window.db)
    records.update(window.db, "agreements", printed, {"status": "printed"}, accept_warnings=True)

    page = window.show_list("agreements", {"status": "printed", "title": "Waiting for signatures"})
    wait_loaded(qtbot, page)
    assert page.model.ids() == [printed]
    assert page.banner_label.text() == "Waiting for signatures"

    page = window.show_list("agreements", {"ids": [draft]})
    wait_loaded(qtbot, page)
    assert page.model.ids() == [draft]


def test_closing_with_unsaved_changes_asks(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    company = make_company(window.db)
    page = window.navigate("companies")
    wait_loaded(qtbot, page)
    form = page.open_record(company)
    form.editors["sector"].set_value("textiles")
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda parent, title, text, *a: asked.append(text) or QMessageBox.StandardButton.Cancel)

    assert not window.close()
    assert window.isVisible() and asked

    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Save)
    assert window.close()
    assert records.get(window.db, "companies", company)["sector"] == "textiles"


def test_geometry_is_remembered(qtbot, sqlite_db, qsettings, windows) -> None:  # type: ignore[no-untyped-def]
    first = MainWindow(sqlite_db, settings=qsettings)
    windows.append(first)
    first.resize(700, 500)  # fits the offscreen screen (800×600)
    first.show()
    first.close()
    second = MainWindow(sqlite_db, settings=qsettings)
    windows.append(second)
    assert (second.width(), second.height()) == (700, 500)


def test_an_empty_database_starts_on_the_welcome_page(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from vetdesk.ui import welcome
    page = window.page("dashboard")
    assert isinstance(page, welcome.WelcomePage)

    page.finished.emit("empty")

    assert not isinstance(window.page("dashboard"), welcome.WelcomePage)
    # started empty: the first step is open, a new programme's form (the dashboard would show nothing to do; an
    # agreement needs the programme first, trial 24c)
    assert window.stack.currentWidget() is window.page("programmes")
    assert window.current_list().form is not None and window.current_list().form.record_id is None


def test_the_dashboard_after_the_welcome_counts_what_was_added_meanwhile(qtbot, sqlite_db, qsettings,  # type: ignore[no-untyped-def]
                                                                        windows):
    """The figures counted at the start of an empty office are not the ones shown once it has data."""
    from concurrent.futures import Future

    from vetdesk.services.dashboard import Counted, dashboard
    from vetdesk.ui import welcome

    counted: Future[Counted] = Future()
    counted.set_result(Counted.ready(dashboard(sqlite_db)))  # nothing yet
    w = MainWindow(sqlite_db, settings=qsettings, early_dashboard=counted)
    windows.append(w)
    w.show()
    page = w.page("dashboard")
    assert isinstance(page, welcome.WelcomePage)
    make_agreement(sqlite_db)  # as an import from the welcome page would

    page.finished.emit("import")

    figures = w.page("dashboard")
    qtbot.waitUntil(lambda: figures.data() is not None, timeout=5000)
    assert figures.data().item("to_print").count == 1


def test_history_and_import_open_from_the_menus(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from vetdesk.ui import history, import_wizard
    opened: list[tuple[str, object]] = []
    monkeypatch.setattr(history.HistoryDialog, "open", lambda self: opened.append(("history", self.windowTitle())))
    monkeypatch.setattr(import_wizard.ImportWizard, "open", lambda self: opened.append(("import", self.kind)))
    company = make_company(window.db)
    records.update(window.db, "companies", company, {"sector": "textiles"}, accept_warnings=True)
    page = window.navigate("companies")
    wait_loaded(qtbot, page)
    assert not window.history_action.isEnabled()
    page.open_record(company)
    assert window.history_action.isEnabled()

    window.history_action.trigger()
    window.import_action.trigger()

    assert [what for what, _detail in opened] == ["history", "import"]
    assert opened[1][1] == "companies"  # the import starts on the list being looked at


def test_the_lists_load_after_figures_counted_before_the_window(qtbot, sqlite_db, qsettings, windows,  # type: ignore[no-untyped-def]
                                                                monkeypatch):
    """Figures counted while the window was being built are shown at once, while the dashboard page is built;
    the lists' code still starts loading a moment later (it used to wait for a signal sent before anyone
    listened, and the first list then loaded its code on opening)."""
    from concurrent.futures import Future

    from vetdesk.services.dashboard import Counted, dashboard

    make_agreement(sqlite_db)
    counted: Future[Counted] = Future()
    counted.set_result(Counted.ready(dashboard(sqlite_db)))
    preloads: list[bool] = []
    monkeypatch.setattr(MainWindow, "_load_lists_module", lambda self: preloads.append(True))
    w = MainWindow(sqlite_db, settings=qsettings, early_dashboard=counted)
    windows.append(w)
    w.show()
    assert w.pages["dashboard"].data() is counted.result().dashboard()  # shown with the window, not counted again
    qtbot.waitUntil(lambda: preloads == [True], timeout=5000)
