"""The main window: navigation bar, one page per list (plus the dashboard), menus and shortcuts."""

from __future__ import annotations

import gc
import importlib
import sys
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, TypeGuard

from PySide6.QtCore import QByteArray, QSettings, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from vetdesk import __version__
from vetdesk.i18n import N_, _, current
from vetdesk.services.office import Office
from vetdesk.ui.changes import OfficeChanges
from vetdesk.ui.icons import NAV_ICONS, app_icon, standard

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from vetdesk.services.changes import ChangeSet
    from vetdesk.ui.lists import ListPage

#: The navigation bar: page key and its label.
PAGES: tuple[tuple[str, str], ...] = (
    ("dashboard", N_("Dashboard")), ("agreements", N_("Agreements")), ("apprentices", N_("Apprentices")),
    ("companies", N_("Companies")), ("instructors", N_("Instructors")), ("schools", N_("Schools")),
    ("programmes", N_("Programmes")), ("assessments", N_("Assessments")),
    ("logbook", N_("Weekly reports")), ("attendance", N_("Attendance")),
    ("collaborations", N_("Collaboration agreements")), ("positions", N_("Learning positions")),
    ("rotation_plans", N_("Rotation plans")), ("rotations", N_("Rotations")), ("competencies", N_("Competencies")),
    ("tutors", N_("School staff")), ("coordinators", N_("Coordinators")),
)


#: How long after the dashboard is filled the lists' code starts loading (it is painted by then).
PRELOAD_DELAY_MS = 100
#: Lists the import wizard can fill.
_IMPORTABLE = ("schools", "companies", "programmes", "instructors", "apprentices", "agreements")


def _is_list(widget: object) -> TypeGuard[ListPage]:
    """``widget`` is a list page. The lists module loads with the first list opened (not at start-up), so
    until then no widget can be one."""
    lists = sys.modules.get("vetdesk.ui.lists")
    return lists is not None and isinstance(widget, lists.ListPage)


def _lists_loaded() -> None:
    """Import the lists' code, then set what the start loaded aside from Python's garbage collector.

    The modules, SQLAlchemy's mappers and the caches built so far live as long as the window; left in the
    collector's oldest generation, every full collection walked them all, a 40-60 ms pause that landed in
    the middle of a keystroke's search at 100,000 apprentices (8-20 ms once frozen).
    """
    importlib.import_module("vetdesk.ui.lists")
    gc.freeze()


def _load_list_services() -> None:
    """What the lists' code needs below the window (no Qt: it loads off the GUI thread), and Babel's data for
    the lists' dates (the first screen's numbers and date did without it)."""
    for name in ("vetdesk.services.records", "vetdesk.services.lookups", "vetdesk.services.faults"):
        importlib.import_module(name)
    current().load_formats()


class MainWindow(QMainWindow):
    """An officer's working day: dashboard and lists on the left, the open record beside its list."""

    def __init__(self, db: Office, *, settings: QSettings | None = None, parent: QWidget | None = None,
                 early_dashboard: Future[Any] | None = None, empty: bool | None = None) -> None:
        """``early_dashboard``: the figures, already being counted while this window is built (see ui.app);
        ``empty``: whether the database holds no work yet, when a first look found out (the welcome page)."""
        super().__init__(parent)
        self.db = db
        self._listen()
        self._early_dashboard = early_dashboard
        self._known_empty = empty
        self.settings = settings if settings is not None else QSettings()
        #: Set by the settings dialog: run_app builds the window again (new language or database).
        self.restart_requested = False
        #: The restart opens the database the settings name now (else the one this window has open).
        self.database_changed = False
        self.pages: dict[str, QWidget] = {}
        self._welcomed = False
        user = getattr(getattr(db, "principal", None), "username", None)
        title = _("vetdesk — dual training")
        self.setWindowTitle(f"{title} — {user}" if user else title)
        self.setWindowIcon(app_icon())
        self._build()
        self._build_actions()
        self._restore_geometry()
        self.statusBar().showMessage(_("Database: {location}").format(location=db.display_location))
        self.navigate("dashboard")

    def _listen(self) -> None:
        """Hear every change committed to this window's database, on the GUI thread (see ui.changes)."""
        self.changes = OfficeChanges(self.db, self)
        self.changes.changed.connect(self._changed_soon)

    def _changed_soon(self, changes: ChangeSet) -> None:
        # On the GUI thread (Qt queues a worker thread's announcement here); then once more through the event
        # loop, so that views refresh after the operation that changed the data has returned, never inside it.
        QTimer.singleShot(0, self, lambda: self._changed(changes))

    # -- building ----------------------------------------------------------------------------------

    def _build(self) -> None:
        splitter = QSplitter(parent=self)  # side by side (by keyword: see vetdesk.ui)
        self.nav = QListWidget(splitter)
        self.nav.setAccessibleName(_("Navigation"))
        self.nav.setMinimumWidth(150)
        self.nav.setMaximumWidth(240)
        for key, label in PAGES:
            self.nav.addItem(QListWidgetItem(standard(NAV_ICONS[key]), _(label)))
        self.nav.currentRowChanged.connect(lambda row: self.navigate(PAGES[row][0]) if row >= 0 else None)
        self.stack = QStackedWidget(splitter)
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([170, 1100])
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        self.setCentralWidget(splitter)

    def _action(self, text: str, slot: Any, shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
                tip: str | None = None, icon: Any = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            # For the whole window (an action's default). setShortcuts, not setShortcut, whose overloads load the
            # Qt namespace (see vetdesk.ui); a standard key gets each of the platform's bindings.
            if isinstance(shortcut, QKeySequence.StandardKey):
                action.setShortcuts(QKeySequence.keyBindings(shortcut))
            else:
                action.setShortcuts([QKeySequence(shortcut)])
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        if icon is not None:
            action.setIcon(standard(icon))
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        from PySide6.QtWidgets import QStyle

        sp = QStyle.StandardPixmap
        self.new_action = self._action(_("&New record"), self.new_record, QKeySequence.StandardKey.New,
                                       _("Start a new record in the current list"), sp.SP_FileIcon)
        self.save_action = self._action(_("&Save"), self.save_record, QKeySequence.StandardKey.Save,
                                        _("Save the open record"), sp.SP_DialogSaveButton)
        self.print_action = self._action(_("&Print…"), self.print_current, QKeySequence.StandardKey.Print,
                                         _("Print the open agreement"))
        self.batch_action = self._action(_("Print the &listed agreements…"), lambda: self.print_listed("agreements"),
                                         None, _("One PDF per agreement of the current list, into a folder"))
        self.batch_progress_action = self._action(_("Print pro&gress reports of the listed agreements…"),
                                                  lambda: self.print_listed("progress"), None,
                                                  _("One progress report per agreement of the current list"))
        self.export_action = self._action(_("&Export this list…"), self.export_list, "Ctrl+E",
                                          _("Write the list as shown (filter, order, visible columns) to XLSX or CSV"))
        self.quit_action = self._action(_("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        self.find_action = self._action(_("&Find"), self.focus_search, QKeySequence.StandardKey.Find,
                                        _("Search the current list"))
        self.cancel_action = self._action(_("&Cancel"), self.cancel, "Esc",
                                          _("Close the open record"))
        self.refresh_action = self._action(_("&Refresh"), self.refresh, "F5",
                                           _("Read the current page again"), sp.SP_BrowserReload)
        self.columns_action = self._action(_("&Columns…"), self.choose_columns, None,
                                           _("Choose the columns of the current list"))
        self.wizard_action = self._action(_("New learning &agreement…"), self.new_agreement, "Ctrl+Shift+N",
                                          _("Draw up a learning agreement step by step"))
        self.settings_action = self._action(_("&Settings…"), self.open_settings, QKeySequence.StandardKey.Preferences)
        self.check_action = self._action(_("&Check the database…"), self.check_database, None,
                                         _("List every rule that records break"))
        self.about_action = self._action(_("&About vetdesk"), self.about)
        self.import_action = self._action(_("&Import from a spreadsheet…"), self.import_records, None,
                                          _("Bring in companies, schools, apprentices or agreements from Excel or CSV"))
        self.exchange_out_action = self._action(
            _("&Weekly reports for an instructor…"), self.export_weekly_reports, None,
            _("Write the workbook an instructor outside the office fills in: attendance, weekly reports, review"))
        self.exchange_in_action = self._action(_("&Take back a weekly-report workbook…"), self.take_back_weekly_reports,
                                               None, _("Check a filled workbook, settle its conflicts, import it"))
        self.users_action = self._action(_("&Users…"), self.manage_users, None, _("Who may sign in, with which role"))
        self.texts_action = self._action(_("Office &texts…"), self.edit_texts, None,
                                         _("The clauses and e-mail texts the office prints, per language"))
        self.backup_action = self._action(_("&Back up the database…"), self.back_up, None,
                                          _("Save a copy of the whole database"))
        self.restore_action = self._action(_("&Restore a backup…"), self.restore, None,
                                           _("Replace the database with one of its backups"))
        self.history_action = self._action(_("&History of this record…"), self.show_history, "Ctrl+H",
                                           _("Who changed the open record, when, and from what"))
        self.weeks_action = self._action(_("&Weekly reports of this agreement…"), self.show_weeks, None,
                                         _("The open agreement's weeks: reports missing, waiting, overdue; attendance"))

        bar = self.menuBar()
        file_menu = bar.addMenu(_("&File"))
        for a in (self.new_action, self.save_action, self.print_action, self.batch_action,
                  self.batch_progress_action):
            file_menu.addAction(a)
        file_menu.addSeparator()
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.exchange_out_action)
        file_menu.addAction(self.exchange_in_action)
        file_menu.addAction(self.backup_action)
        file_menu.addAction(self.restore_action)
        file_menu.addSeparator()
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu(_("&Edit"))
        edit_menu.addAction(self.find_action)
        edit_menu.addAction(self.cancel_action)
        view_menu = bar.addMenu(_("&View"))
        self.nav_actions = []
        for i, (key, label) in enumerate(PAGES):
            action = self._action(_(label), lambda key=key: self.navigate(key), f"Ctrl+{i + 1}")
            view_menu.addAction(action)
            self.nav_actions.append(action)
        view_menu.addSeparator()
        view_menu.addAction(self.refresh_action)
        view_menu.addAction(self.columns_action)
        records_menu = bar.addMenu(_("&Records"))
        records_menu.addAction(self.wizard_action)
        records_menu.addAction(self.history_action)
        records_menu.addAction(self.weeks_action)
        records_menu.addSeparator()
        for key, label in PAGES[1:]:
            records_menu.addAction(self._action(_("New in {list}").format(list=_(label)),
                                                lambda key=key: self.new_record(key)))
        tools_menu = bar.addMenu(_("&Tools"))
        tools_menu.addAction(self.check_action)
        tools_menu.addAction(self.users_action)
        tools_menu.addAction(self.texts_action)
        tools_menu.addSeparator()
        tools_menu.addAction(self.settings_action)
        help_menu = bar.addMenu(_("&Help"))
        help_menu.addAction(self.about_action)

    # -- pages -------------------------------------------------------------------------------------

    def page(self, key: str) -> QWidget:
        """The page for ``key``, built on first use."""
        if key in self.pages:
            return self.pages[key]
        widget: QWidget
        if key == "dashboard":
            widget = self._dashboard()
        else:
            from vetdesk.ui.lists import ListPage

            page = ListPage(self.db, key, self.stack, settings=self.settings)
            page.restore_state(self.settings)
            page.status.connect(lambda text: self.statusBar().showMessage(text, 5000))
            page.printRequested.connect(self.print_agreement)
            page.formChanged.connect(self._update_actions)
            page.refresh()
            widget = page
        self.pages[key] = widget
        self.stack.addWidget(widget)
        return widget

    def _dashboard(self) -> QWidget:
        if not self._welcomed and self._is_empty():
            # The figures counted at the start are an empty office's: the dashboard that follows the welcome
            # counts what was set up or imported meanwhile (and the count's connection is let go).
            self._early_dashboard = None
            from vetdesk.ui.welcome import WelcomePage

            page = WelcomePage(self.db, self.stack)
            page.import_requested.connect(self.import_records)
            page.finished.connect(self._welcome_finished)
            return page
        from vetdesk.ui.dashboard import DashboardPage

        early, self._early_dashboard = self._early_dashboard, None  # counted once: later pages count anew
        dashboard = DashboardPage(self.db, self.stack, early=early)
        dashboard.openList.connect(self.show_list)
        # A moment later, not at once: the filled dashboard is painted first, and only then do the services
        # start loading beside the GUI thread (their imports would hold Python's lock while it paints).
        dashboard.loaded.connect(self._preload_lists)
        if dashboard.data() is not None:  # counted before the window was built: shown before this connection
            self._preload_lists()
        return dashboard

    def _preload_lists(self) -> None:
        QTimer.singleShot(PRELOAD_DELAY_MS, self, self._load_lists_module)

    def _is_empty(self) -> bool:
        """No company, apprentice or agreement yet: the welcome page instead of the dashboard."""
        known, self._known_empty = self._known_empty, None  # true at the start only: ask anew afterwards
        if known is not None:
            return known
        from vetdesk.services.firststart import database_is_empty

        return database_is_empty(self.db)

    def _load_lists_module(self) -> None:
        """Once the first screen is filled, load the lists' code the start-up did without, so that the first
        list opens as fast as the others."""
        if "vetdesk.ui.lists" in sys.modules:
            return
        from vetdesk.ui.tasks import run_in_background

        # The services (SQLAlchemy, the models) load on the thread pool, so the first screen stays responsive;
        # the lists' widgets code, quick once they are there, in the GUI thread afterwards.
        run_in_background(_load_list_services, lambda _none: _lists_loaded(), lambda _exc: None, owner=self)

    def _welcome_finished(self, _how: str) -> None:
        """The welcome page is done: the dashboard takes its place (and the lists show the new data)."""
        self._welcomed = True
        self._drop_pages()
        self.navigate("dashboard")  # after "import" the wizard opened on import_requested is still open

    def _drop_pages(self) -> None:
        for widget in self.pages.values():
            self.stack.removeWidget(widget)
            widget.deleteLater()
        self.pages = {}

    def navigate(self, key: str) -> QWidget:
        widget = self.page(key)
        self.stack.setCurrentWidget(widget)
        row = next(i for i, (k, _label) in enumerate(PAGES) if k == key)
        if self.nav.currentRow() != row:
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(row)
            self.nav.blockSignals(False)
        self._update_actions()
        return widget

    def current_key(self) -> str:
        widget = self.stack.currentWidget()
        return next((k for k, w in self.pages.items() if w is widget), "dashboard")

    def current_list(self) -> ListPage | None:
        widget = self.stack.currentWidget()
        return widget if _is_list(widget) else None

    def export_list(self, path: str | None = None) -> None:
        page = self.current_list()
        if page is None:
            self.statusBar().showMessage(_("Choose a list first: the dashboard cannot be exported."), 5000)
            return
        from vetdesk.ui.list_export import export_list

        export_list(self, page, path)

    def show_list(self, kind: str, filters: dict[str, Any] | None = None) -> ListPage | None:
        """Open the list of ``kind`` filtered as given (the dashboard's links land here)."""
        if kind not in dict(PAGES) or kind == "dashboard":
            return None
        page = self.navigate(kind)
        assert _is_list(page)
        page.set_filters(dict(filters or {}))
        return page

    def _update_actions(self) -> None:
        page = self.current_list()
        self.history_action.setEnabled(page is not None and page.form is not None
                                       and page.form.record_id is not None)
        self.new_action.setEnabled(page is not None or self.current_key() == "dashboard")
        self.columns_action.setEnabled(page is not None)
        self.find_action.setEnabled(page is not None)
        self.print_action.setEnabled(self._print_target() is not None)
        listed = page is not None and page.kind == "agreements"
        self.weeks_action.setEnabled(listed and page is not None and page.form is not None
                                     and page.form.record_id is not None)
        self.batch_action.setEnabled(listed)
        self.batch_progress_action.setEnabled(listed)

    def _changed(self, changes: ChangeSet) -> None:
        """Something was written (here, by a dialog, a background job or a batch): each page that shows it
        refreshes itself; the actions follow the open record's new state."""
        for page in list(self.pages.values()):
            on_changed = getattr(page, "on_changed", None)
            if on_changed is not None:
                on_changed(changes)
        self._update_actions()

    # -- actions -----------------------------------------------------------------------------------

    def new_record(self, kind: str | None = None) -> None:
        if kind is None:
            kind = self.current_key()
            if kind in ("dashboard", "agreements"):
                self.new_agreement()
                return
        page = self.navigate(kind)
        if _is_list(page):
            page.new_record()

    def new_agreement(self) -> None:
        from vetdesk.ui.wizard import AgreementWizard

        wizard = AgreementWizard(self.db, self)
        wizard.agreementCreated.connect(self._agreement_created)
        wizard.open()

    def _agreement_created(self, agreement_id: int) -> None:
        page = self.navigate("agreements")
        if _is_list(page):
            page.clear_filters()
            page.open_record(agreement_id)

    def save_record(self) -> None:
        page = self.current_list()
        if page is not None and page.form is not None:
            page.form.save()

    def focus_search(self) -> None:
        page = self.current_list()
        if page is not None:
            page.focus_search()

    def cancel(self) -> None:
        page = self.current_list()
        if page is not None and page.form is not None:
            page.close_form()

    def refresh(self) -> None:
        widget = self.stack.currentWidget()
        if _is_list(widget):
            if widget.form is not None and widget.form.record_id is not None and not widget.form.is_dirty():
                widget.form.reload()
            widget.model.invalidate()
            widget.refresh()
        elif widget is not None and hasattr(widget, "refresh"):
            widget.refresh()

    def choose_columns(self) -> None:
        page = self.current_list()
        if page is not None:
            menu = page.column_menu()
            menu.exec(page.table.mapToGlobal(page.table.rect().topLeft()))

    def _print_target(self) -> tuple[str, int] | None:
        """What Ctrl+P prints: the open agreement, or the open apprentice's progress report."""
        page = self.current_list()
        if page is None or page.form is None or page.form.record_id is None:
            return None

        if page.kind in ("agreements", "apprentices"):
            return (page.kind, page.form.record_id)
        return None

    def print_current(self) -> None:
        target = self._print_target()
        if target is None:
            return
        if target[0] == "agreements":
            self.print_agreement(target[1])
        else:
            from vetdesk.ui import printing

            printing.print_progress(self, self.db, target[1])

    def print_listed(self, what: str) -> None:
        page = self.current_list()
        if page is None or page.kind != "agreements":
            return
        from vetdesk.ui import printing

        ids = page.result_ids()
        if not ids:
            self.statusBar().showMessage(_("The list is empty: nothing to print."), 5000)
            return
        printing.print_batch(self, self.db, what, ids)

    def print_agreement(self, agreement_id: int) -> None:
        from vetdesk.ui import printing

        printing.print_agreement(self, self.db, agreement_id)

    def import_records(self) -> None:
        from vetdesk.ui.import_wizard import ImportWizard

        kind = self.current_key()
        wizard = ImportWizard(self.db, self, kind=kind if kind in _IMPORTABLE else None)
        wizard.imported.connect(self._imported)
        wizard.open()

    def show_weeks(self) -> None:
        page = self.current_list()
        if page is None or page.kind != "agreements" or page.form is None or page.form.record_id is None:
            return
        from vetdesk.domain.problems import RuleViolation
        from vetdesk.ui.logbook_dialogs import AgreementRecordDialog

        try:
            AgreementRecordDialog(self.db, page.form.record_id, self).open()
        except RuleViolation as exc:
            self.statusBar().showMessage(" ".join(p.message for p in exc.problems), 8000)

    def export_weekly_reports(self) -> None:
        from vetdesk.ui.logbook_dialogs import ExportDialog

        ExportDialog(self.db, self).open()

    def take_back_weekly_reports(self) -> None:
        from vetdesk.ui.logbook_dialogs import ImportDialog

        ImportDialog(self.db, None, self).open()

    def _imported(self, kind: str, rows: int) -> None:
        self.statusBar().showMessage(_("Imported: {n} rows.").format(n=rows), 8000)

    def edit_texts(self) -> None:
        from vetdesk.ui.clauses_dialog import ClausesDialog

        ClausesDialog(self.db, self).open()

    def manage_users(self) -> None:
        from vetdesk.ui.users_dialog import UsersDialog

        UsersDialog(self.db, self).open()

    def show_history(self) -> None:
        page = self.current_list()
        if page is None or page.form is None or page.form.record_id is None:
            return
        page.form.show_history()

    def back_up(self) -> None:
        from vetdesk.ui.backup_dialogs import make_backup

        written = make_backup(self, self.db)
        if written is not None:
            self.statusBar().showMessage(_("Backup written: {path}").format(path=written), 10000)

    def restore(self) -> None:
        from vetdesk.ui.backup_dialogs import RestoreDialog

        for page in self.pages.values():
            if _is_list(page) and page.form is not None and not page.close_form():
                return
        dialog = RestoreDialog(self.db, self)
        dialog.restored.connect(self.reopen_database)
        dialog.open()

    def reopen_database(self, path: Any) -> None:
        """After a restore: open the restored file afresh and rebuild every page from it."""
        key = self.current_key()
        self._drop_pages()
        self.changes.stop()
        self.db.dispose()
        self.db = Office.open(str(path), actor=self.db.actor)  # the restore has migrated it already
        self._listen()
        self.navigate(key)
        self.statusBar().showMessage(_("Restored from {path}.").format(path=path), 10000)

    def open_settings(self) -> None:
        from vetdesk.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.db, self.settings, self)
        if dialog.exec() and dialog.restart_needed:
            from PySide6.QtWidgets import QMessageBox  # a dialog's types load when one is shown

            answer = QMessageBox.question(
                self, _("Restart vetdesk?"),
                _("The new language or database takes effect when vetdesk starts again. Restart now?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
            if answer == QMessageBox.StandardButton.Yes:
                self.restart_requested = True
                self.database_changed = dialog.database_changed
                if not self.close():
                    self.restart_requested = False

    def check_database(self) -> None:
        from vetdesk.services.checks import check_database
        from vetdesk.ui.tasks import run_with_progress

        def show(findings: list[Any]) -> None:
            from vetdesk.ui.text_dialog import TextDialog

            text = "\n".join(f.line() for f in findings) or _("No record breaks a rule.")
            TextDialog(_("Database check"), text, self).open()

        run_with_progress(self, _("Checking every record…"), lambda _progress: check_database(self.db), show)

    def about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self, _("About vetdesk"),
            "<h3>vetdesk {version}</h3><p>{what}</p><p>{licence}</p><p>{database}</p>".format(
                version=__version__,
                what=_("Dual-training coordination for chamber offices: agreements, apprentices, assessments, "
                       "reports."),
                licence=_("Free software under the GNU General Public License, version 3 or later."),
                database=_("Database: {location}").format(location=self.db.display_location)))

    # -- closing and state -------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray | bytes) and geometry:
            self.restoreGeometry(QByteArray(geometry))
        else:
            self.resize(1280, 740)
        splitter = self.settings.value("window/splitter")
        if isinstance(splitter, QByteArray | bytes) and splitter:
            self.splitter.restoreState(QByteArray(splitter))

    def save_state(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        for page in self.pages.values():
            if _is_list(page):
                page.save_state(self.settings)
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        for key, page in self.pages.items():
            if _is_list(page) and page.form is not None and page.form.is_dirty():
                self.navigate(key)
                if not page.form.confirm_discard():
                    event.ignore()
                    return
        self.save_state()
        event.accept()
