"""The main window: navigation bar, one page per list (plus the dashboard), menus and shortcuts."""

from __future__ import annotations

import gc
import importlib
import sys
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeGuard, overload

import shiboken6
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
from vetdesk.i18n import N_, _, current, ngettext, pgettext, safe_file_name, shown_day
from vetdesk.services.office import Office
from vetdesk.ui.changes import OfficeChanges
from vetdesk.ui.icons import LIST_ICON_SIZE, NAV_ICONS, standard
from vetdesk.ui.status_bar import WrappingStatusBar

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from vetdesk.services.changes import ChangeSet
    from vetdesk.services.kinds import RecordKind
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
    ("exams", N_("Exams")), ("exam_registrations", N_("Exam results")), ("conocer_verdicts", N_("CONOCER verdicts")),
    ("school_certificates", N_("School certificates")),
)

#: The Records menu's "new" entries, one per list (a word of its own in each language: "Nueva empresa").
NEW_LABELS: dict[str, str] = {
    "agreements": N_("New learning agreement"), "apprentices": N_("New apprentice"),
    "companies": N_("New company"), "instructors": N_("New instructor"), "schools": N_("New school"),
    "programmes": N_("New programme"), "assessments": N_("New assessment"),
    "collaborations": N_("New collaboration agreement"), "positions": N_("New learning position"),
    "rotation_plans": N_("New rotation plan"), "rotations": N_("New rotation period"),
    "competencies": N_("New competency"), "tutors": N_("New school staff member"),
    "coordinators": N_("New coordinator"), "exams": N_("New exam"),
    "exam_registrations": N_("New exam registration"), "conocer_verdicts": N_("New CONOCER verdict"),
    "school_certificates": N_("New school certificate"), "logbook": N_("New weekly report"),
    "attendance": N_("New attendance day"),
}


#: How long after the dashboard is filled the lists' code starts loading (it is painted by then).
PRELOAD_DELAY_MS = 100
#: How long after the window is built its standard icons are set (the first screen is painted by then; see
#: vetdesk.ui.icons).
ICONS_DELAY_MS = 100
#: This PC's recently opened database files (QSettings), newest first, and how many are kept.
RECENT_KEY = "db/recent"
RECENT_COUNT = 8


def database_name(db: Office) -> str:
    """The database as the title bar names it: a file's name, or a server's address (no password)."""
    path = database_file(db)
    return path.name if path is not None else db.display_location


def database_file(db: Office) -> Path | None:
    """The file of a SQLite database (None for a server or an in-memory database), read from its location as
    shown to people, so the window's start needs no SQLAlchemy for it."""
    location = db.display_location
    return None if "://" in location or location == ":memory:" else Path(location)


def _is_list(widget: object) -> TypeGuard[ListPage]:
    """``widget`` is a list page. The lists module loads with the first list opened (not at start-up), so
    until then no widget can be one."""
    lists = sys.modules.get("vetdesk.ui.lists")
    return lists is not None and isinstance(widget, lists.ListPage)


@overload
def _kind_of(what: str | ListPage) -> RecordKind: ...
@overload
def _kind_of(what: None) -> None: ...
def _kind_of(what: str | ListPage | None) -> RecordKind | None:
    """The kind of record a list page shows (or a kind's name): the window asks it what differs between kinds
    (``RecordKind``) rather than its name. Read once a list exists (the core's kinds are not loaded at start)."""
    if what is None:
        return None
    from vetdesk.services import records

    return records.kind(what if isinstance(what, str) else what.kind)


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
        from vetdesk.ui.style import readable_palette

        readable_palette()  # help text and read-only fields at WCAG AA contrast
        self.db = db
        #: The last *Check the database* window (a window of its own, closed with this one).
        self.checks_dialog: QWidget | None = None
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
        #: Actions whose standard icon is set with the navigation's (:meth:`_set_icons`).
        self._action_icons: list[tuple[QAction, str]] = []
        self._show_title()
        self._build()
        self._build_actions()
        from vetdesk.ui.undo_keys import UndoKeys

        self._undo_keys = UndoKeys(self)  # Ctrl+Z: the field's own undo, else Undo last change
        self._restore_geometry()
        self.status_bar = WrappingStatusBar(self)
        self.setStatusBar(self.status_bar)  # a long message wraps instead of being cut
        self.statusBar().showMessage(_("Database: {location}").format(location=db.display_location))
        self.navigate("dashboard")
        QTimer.singleShot(ICONS_DELAY_MS, self, self._set_icons)

    def _set_icons(self) -> None:
        """The navigation's and the actions' standard icons, once the first screen is up (see vetdesk.ui.icons);
        the status bar's message selectable from then on."""
        self.status_bar.let_select()
        for row, (key, _label) in enumerate(PAGES):
            self.nav.item(row).setIcon(standard(NAV_ICONS[key]))
        for action, name in self._action_icons:
            action.setIcon(standard(name))

    def _show_title(self) -> None:
        """The title bar names the database open (its file name; a server's address) and who is signed in."""
        user = getattr(getattr(self.db, "principal", None), "username", None)
        parts = [database_name(self.db), _("vetdesk — dual training")]
        self.setWindowTitle(" — ".join(parts + ([user] if user else [])))

    def _listen(self) -> None:
        """Hear every change committed to this window's database, on the GUI thread (see ui.changes)."""
        self.changes = OfficeChanges(self.db, self, elsewhere=True)
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
        from vetdesk.services import references

        #: The pages the signed-in user's role may read (the core says which); the others are not shown.
        self.readable = {key for key, _label in PAGES if key == "dashboard" or references.may_read(self.db, key)}
        self.writable = {key for key, _label in PAGES[1:] if references.may_create(self.db, key)}
        for key, label in PAGES:
            item = QListWidgetItem(_(label))  # its icon a moment later (_set_icons)
            self.nav.addItem(item)
            item.setHidden(key not in self.readable)
        # As wide as its longest label (none is cut), within reason.
        widest = max(self.nav.fontMetrics().horizontalAdvance(_(label)) for _key, label in PAGES)
        icon = max(self.nav.iconSize().width(), LIST_ICON_SIZE)
        self.nav.setMinimumWidth(min(widest + icon + 40, 280))
        self.nav.setMaximumWidth(280)
        self.nav.currentRowChanged.connect(lambda row: self.navigate(PAGES[row][0]) if row >= 0 else None)
        self.stack = QStackedWidget(splitter)
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([self.nav.minimumWidth(), 1100])
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        self.setCentralWidget(splitter)

    def _action(self, text: str, slot: Any, shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
                tip: str | None = None, icon: str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            # For the whole window (an action's default). setShortcuts, not setShortcut, whose overloads load the
            # Qt namespace (see vetdesk.ui); a standard key gets each of the platform's bindings.
            # A shortcut written here is read as portable text ("Ctrl+E"): read as native text, Qt translated
            # every key's name to compare it (≈260 translations a shortcut, 2 ms of the start for the window's).
            if isinstance(shortcut, QKeySequence.StandardKey):
                action.setShortcuts(QKeySequence.keyBindings(shortcut))
            elif isinstance(shortcut, str):
                action.setShortcuts([QKeySequence(shortcut, QKeySequence.SequenceFormat.PortableText)])
            else:
                action.setShortcuts([shortcut])
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        if icon is not None:  # a QStyle.StandardPixmap name, set with the navigation's icons
            self._action_icons.append((action, icon))
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.new_action = self._action(_("&New record"), self.new_record, QKeySequence.StandardKey.New,
                                       _("Start a new record in the current list"), "SP_FileIcon")
        self.save_action = self._action(_("&Save"), self.save_record, QKeySequence.StandardKey.Save,
                                        _("Save the open record"), "SP_DialogSaveButton")
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
        self.undo_action = self._action(_("&Undo last change"), self.undo_last, QKeySequence.StandardKey.Undo,
                                        _("Take back your last change of a record (if nobody changed it since)"))
        self.cancel_action = self._action(_("&Cancel"), self.cancel, "Esc",
                                          _("Close the open record"))
        self.refresh_action = self._action(_("&Refresh"), self.refresh, "F5",
                                           _("Read the current page again"), "SP_BrowserReload")
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
        self.new_database_action = self._action(_("New &database…"), self.new_database, None,
                                                _("Start an empty database in a file you name, and open it"))
        self.open_database_action = self._action(_("&Open database…"), self.open_database,
                                                 QKeySequence.StandardKey.Open, _("Open another vetdesk database file"))
        self.statistics_action = self._action(_("E&xport statistics…"), self.export_statistics, None,
                                              _("Anonymised figures (no personal data) to XLSX or CSV"))
        self.manual_action = self._action(_("User &manual"), self.show_help, QKeySequence.StandardKey.HelpContents,
                                          _("The manual, opened at the page you are on"))
        self.weeks_action = self._action(_("&Weekly reports of this agreement…"), self.show_weeks, None,
                                         _("The open agreement's weeks: reports missing, waiting, overdue; attendance"))
        self.key_in_action = self._action(_("&Key in a paper form…"), self.key_in_paper_form, "Ctrl+K",
                                          _("Scan or type the reference of a printed weekly report or assessment "
                                            "form and open it to enter what it says"))

        bar = self.menuBar()
        file_menu = bar.addMenu(_("&File"))
        for a in (self.new_action, self.save_action, self.print_action, self.batch_action,
                  self.batch_progress_action):
            file_menu.addAction(a)
        file_menu.addSeparator()
        file_menu.addAction(self.new_database_action)
        file_menu.addAction(self.open_database_action)
        self.recent_menu = file_menu.addMenu(_("Re&cent databases"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._remember_database()
        file_menu.addSeparator()
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.exchange_out_action)
        file_menu.addAction(self.exchange_in_action)
        file_menu.addAction(self.backup_action)
        file_menu.addAction(self.restore_action)
        file_menu.addSeparator()
        file_menu.addAction(self.export_action)
        file_menu.addAction(self.statistics_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu(_("&Edit"))
        edit_menu.addAction(self.undo_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.find_action)
        edit_menu.addAction(self.cancel_action)
        view_menu = bar.addMenu(_("&View"))
        self.nav_actions = []
        for i, (key, label) in enumerate(PAGES):
            action = self._action(_(label), lambda key=key: self.navigate(key), f"Ctrl+{i + 1}")
            view_menu.addAction(action)
            action.setVisible(key in self.readable)
            self.nav_actions.append(action)
        view_menu.addSeparator()
        view_menu.addAction(self.refresh_action)
        view_menu.addAction(self.columns_action)
        records_menu = bar.addMenu(_("&Records"))
        records_menu.addAction(self.wizard_action)
        records_menu.addAction(self.history_action)
        records_menu.addAction(self.weeks_action)
        records_menu.addAction(self.key_in_action)
        self.key_in_action.setVisible("logbook" in self.readable)
        records_menu.addSeparator()
        self.new_in_actions: list[QAction] = []
        for key, _label in PAGES[1:]:
            if key in self.writable and key != "agreements":  # a learning agreement: the wizard's entry above
                # (one entry, one shortcut; a bare form named alike beside it was the same words twice)
                self.new_in_actions.append(self._action(_(NEW_LABELS[key]), lambda key=key: self.new_record(key)))
                records_menu.addAction(self.new_in_actions[-1])
        tools_menu = bar.addMenu(_("&Tools"))
        tools_menu.addAction(self.check_action)
        tools_menu.addAction(self.users_action)
        tools_menu.addAction(self.texts_action)
        tools_menu.addSeparator()
        tools_menu.addAction(self.settings_action)
        help_menu = bar.addMenu(_("&Help"))
        help_menu.addAction(self.manual_action)
        help_menu.addSeparator()
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
            page.openRecord.connect(self.open_record)
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

    def _welcome_finished(self, how: str) -> None:
        """The welcome page is done: the dashboard takes its place (and the lists show the new data). Started
        empty, the first step is open instead: a new programme's form (an empty dashboard said nothing to do)."""
        self._welcomed = True
        self._drop_pages()
        if how == "empty" and "programmes" in self.writable:
            page = self.navigate("programmes")  # the first piece an agreement needs (trial 24c)
            if _is_list(page) and page.new_record() is not None:
                self.statusBar().showMessage(_(
                    "First the programme with its competencies, then the company with its learning positions and "
                    "rotation plan, the school, the instructor and the apprentice; the agreement wizard brings them "
                    "together."), 30000)
                return
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
        self.new_action.setEnabled(self._new_kind() is not None)
        self.columns_action.setEnabled(page is not None)
        self.find_action.setEnabled(page is not None)
        self.print_action.setEnabled(self._print_target() is not None)
        kind = _kind_of(page)
        self.weeks_action.setEnabled(kind is not None and kind.keeps_weekly_reports and page is not None
                                     and page.form is not None and page.form.record_id is not None)
        listed = kind is not None and kind.batch_printed
        self.batch_action.setEnabled(listed)
        self.batch_progress_action.setEnabled(listed)
        self._follow_role()

    def _follow_role(self) -> None:
        """What the signed-in person's role does not allow is not offered (a viewer sees no New, Save, Print,
        Import, Back up…); the services refuse it anyway, whoever calls them."""
        from vetdesk.domain.permissions import Action, check

        role = self.db.actor.role  # the signed-in user (no SQLAlchemy needed: the first screen does without it)
        if check(role, Action.WRITE) and check(role, Action.ASSESS):  # Save: for whoever may write some kind
            self.save_action.setEnabled(False)
            self.save_action.setVisible(False)
        # New record (Ctrl+N) and "New …" of the Records menu follow the kinds the role may add records of (the
        # core's may_create: an instructor adds assessments and weekly reports), not the right to change records.
        self.new_action.setVisible(bool(self.writable))
        gated = {Action.WRITE: [self.wizard_action],
                 Action.PRINT: [self.print_action, self.batch_action, self.batch_progress_action],
                 Action.IMPORT: [self.import_action, self.exchange_out_action, self.exchange_in_action],
                 Action.BACKUP: [self.backup_action, self.restore_action],
                 Action.USERS: [self.users_action], Action.SETTINGS: [self.texts_action],
                 Action.STATISTICS: [self.statistics_action], Action.EXPORT: [self.export_action]}
        for permission, actions in gated.items():
            if check(role, permission):
                for action in actions:
                    action.setEnabled(False)
                    action.setVisible(False)

    def _changed(self, changes: ChangeSet) -> None:
        """Something was written (here, by a dialog, a background job or a batch): each page that shows it
        refreshes itself; the actions follow the open record's new state."""
        for page in list(self.pages.values()):
            on_changed = getattr(page, "on_changed", None)
            if on_changed is not None:
                on_changed(changes)
        self._update_actions()

    # -- actions -----------------------------------------------------------------------------------

    def _new_kind(self) -> str | None:
        """The kind New record (Ctrl+N) starts on the page shown: its list's kind, an agreement on the
        dashboard; ``None`` where the signed-in role may add no such record (the core's ``may_create``)."""
        key = self.current_key()
        kind = "agreements" if key == "dashboard" else key
        return kind if kind in self.writable and (key == "dashboard" or self.current_list() is not None) else None

    def new_record(self, kind: str | None = None) -> None:
        if kind is None:
            kind = self._new_kind()
            if kind is None:
                return
            if _kind_of(kind).drawn_up_in_wizard:  # not a blank form
                self.new_agreement()
                return
        if kind not in self.writable:
            return
        page = self.navigate(kind)
        if _is_list(page):
            page.new_record()

    def new_agreement(self) -> None:
        from vetdesk.ui.wizard import AgreementWizard

        wizard = AgreementWizard(self.db, self)
        wizard.agreementCreated.connect(self._agreement_created)
        wizard.signaturesRequested.connect(self._record_signatures)
        wizard.open()

    def _agreement_created(self, agreement_id: int) -> None:
        page = self.navigate("agreements")
        if _is_list(page):
            page.clear_filters()
            page.open_record(agreement_id)

    def _record_signatures(self, agreement_id: int) -> None:
        """The agreement's form, open at its *Record signatures* dialog (the wizard's next step after printing)."""
        from vetdesk.ui.agreement_form import AgreementForm

        self._agreement_created(agreement_id)
        page = self.current_list()
        form = page.form if page is not None else None
        if isinstance(form, AgreementForm) and form.record_id == agreement_id:
            form.record_signatures()

    def save_record(self) -> None:
        page = self.current_list()
        if page is not None and page.form is not None and page.form.writable:
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
                widget.reload_form()
            widget.model.invalidate()
            widget.refresh()
        elif widget is not None and hasattr(widget, "refresh"):
            widget.refresh()

    def choose_columns(self) -> None:
        page = self.current_list()
        if page is not None:
            menu = page.column_menu()
            menu.exec(page.table.mapToGlobal(page.table.rect().topLeft()))

    def _print_target(self) -> tuple[str, str, int] | None:
        """What Ctrl+P prints: the open record's document as its kind says (``RecordKind.printed_as``: the open
        agreement, or the open apprentice's progress report), as (document, kind, id)."""
        page = self.current_list()
        if page is None or page.form is None or page.form.record_id is None:
            return None
        document = _kind_of(page).printed_as
        return (document, page.kind, page.form.record_id) if document else None

    def print_current(self) -> None:
        target = self._print_target()
        if target is None:
            return
        document, kind, record_id = target
        if document == "agreement":  # the printing dialog of each document (window logic)
            self.print_agreement(record_id)
        elif self._settled_before_printing(kind, record_id):
            from vetdesk.ui import printing

            printing.print_progress(self, self.db, record_id)

    def _settled_before_printing(self, kind: str, record_id: int) -> bool:
        """Whether a document of the record may be printed now: when its form is open with unsaved changes, the
        person saves them (the document shows what is on screen), discards them, or cancels the printing."""
        page = self.current_list()
        form = page.form if page is not None and page.kind == kind else None
        return form is None or form.record_id != record_id or form.confirm_saved_before_printing()

    def print_listed(self, what: str) -> None:
        page = self.current_list()
        if page is None or not _kind_of(page).batch_printed:
            return
        from vetdesk.ui import printing

        ids = page.result_ids()
        if not ids:
            self.statusBar().showMessage(_("The list is empty: nothing to print."), 5000)
            return
        printing.print_batch(self, self.db, what, ids)

    def print_agreement(self, agreement_id: int) -> None:
        from vetdesk.ui import printing

        if self._settled_before_printing("agreements", agreement_id):
            printing.print_agreement(self, self.db, agreement_id)

    def import_records(self) -> None:
        from vetdesk.services.importing import IMPORT_KINDS
        from vetdesk.ui.import_wizard import ImportWizard

        # The kind of the list the officer is on (every kind the import takes, one list of them in the core).
        kind = self.current_key()
        wizard = ImportWizard(self.db, self, kind=kind if kind in IMPORT_KINDS else None)
        wizard.imported.connect(self._imported)
        wizard.open()

    def show_weeks(self) -> None:
        page = self.current_list()
        if page is None or not _kind_of(page).keeps_weekly_reports or page.form is None \
                or page.form.record_id is None:
            return
        from vetdesk.domain.problems import RuleViolation
        from vetdesk.ui.logbook_dialogs import AgreementRecordDialog

        try:
            AgreementRecordDialog(self.db, page.form.record_id, self).open()
        except RuleViolation as exc:
            self.statusBar().showMessage(" ".join(p.message for p in exc.problems), 8000)

    def key_in_paper_form(self) -> None:
        from vetdesk.ui.paper_forms import KeyInDialog

        dialog = KeyInDialog(self.db, self)
        dialog.accepted.connect(lambda: self._open_paper_form(dialog.found))
        dialog.open()

    def _open_paper_form(self, found: Any) -> None:
        """Open what a paper form keys back: its week in the weekly reports' form (the recorded report, or a new one
        for its agreement and week), or its learning position's rating grid."""
        from vetdesk.services.logbook import PaperWeek

        if isinstance(found, PaperWeek):
            page = self.navigate("logbook")
            if not _is_list(page):
                return
            if found.week_id is not None:
                page.clear_filters()
                page.open_record(found.week_id)
            elif "logbook" in self.writable:
                page.open_record(None, initial={"agreement_id": found.agreement_id, "week_start": found.monday})
            else:  # a viewer reads what is recorded; a week with nothing recorded is said so
                self.statusBar().showMessage(_("Nothing is recorded yet for the week of {date} of {name}.").format(
                    date=shown_day(found.monday), name=found.apprentice), 8000)
        elif found is not None:
            from vetdesk.ui.rating_grid import open_rating_dialog

            open_rating_dialog(self, self.db, *found)

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

        UsersDialog(self.db, self, settings=self.settings).open()

    def show_history(self) -> None:
        page = self.current_list()
        if page is None or page.form is None or page.form.record_id is None:
            return
        page.form.show_history()

    def back_up(self) -> None:
        from vetdesk.ui.backup_dialogs import make_backup

        written = make_backup(self, self.db)  # says where it went, with "Open the folder"
        if written is not None:
            self.statusBar().showMessage(_("Backup written: {path}").format(path=written), 10000)

    # -- databases ---------------------------------------------------------------------------------

    def _remember_database(self) -> None:
        """Put the database open first in this PC's recent databases (files only: a server is in Settings)."""
        path = database_file(self.db)
        if path is None:
            return
        recent = [str(path)] + [p for p in self._recent() if p != str(path)]
        self.settings.setValue(RECENT_KEY, recent[:RECENT_COUNT])

    def _recent(self) -> list[str]:
        value = self.settings.value(RECENT_KEY) or []
        return [str(v) for v in ([value] if isinstance(value, str) else value) if v]

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        current = database_file(self.db)
        shown = 0
        for path in self._recent():
            if current is not None and Path(path) == current:
                continue
            action = self.recent_menu.addAction(f"{Path(path).name} — {Path(path).parent}")
            action.setData(path)
            action.setEnabled(Path(path).is_file())
            action.triggered.connect(lambda _checked=False, path=path: self.switch_database(path))
            shown += 1
        if not shown:
            self.recent_menu.addAction(_("No other database opened yet")).setEnabled(False)

    def new_database(self) -> None:
        """Name a new file; vetdesk starts again on it (empty: the first administrator, then the welcome page)."""
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        start = self._database_folder() / _("new-office.sqlite3")
        name, _filter = QFileDialog.getSaveFileName(self, _("New database"), str(start),
                                                    _("vetdesk databases") + " (*.sqlite3 *.db)")
        if not name:
            return
        path = Path(name)
        if not path.suffix:
            path = path.with_suffix(".sqlite3")
        if path.exists():
            QMessageBox.warning(self, _("New database"), _(
                "{name} already exists. Choose another file name, or open it with File › Open database."
            ).format(name=path))
            return
        self.switch_database(str(path))

    def open_database(self) -> None:
        """Choose an existing vetdesk database file; vetdesk starts again on it."""
        from PySide6.QtWidgets import QFileDialog

        name, _filter = QFileDialog.getOpenFileName(self, _("Open database"), str(self._database_folder()),
                                                    _("vetdesk databases") + " (*.sqlite3 *.db);;"
                                                    + _("All files (*)"))
        if name:
            self.switch_database(name)

    def _database_folder(self) -> Any:
        from vetdesk.services.backup import sqlite_path

        path = sqlite_path(self.db)
        if path is not None:
            return path.absolute().parent  # a database named relatively (--db demo.sqlite3): its folder, in full
        from vetdesk.ui.folders import start_folder

        return Path(start_folder(self))

    def switch_database(self, location: str) -> bool:
        """Close this database and start again on ``location`` (as a new database named in Settings does): the
        sign-in of that database, then its dashboard. An existing file is checked first (a vetdesk database,
        undamaged, not from a newer version); one that is not stays unopened, with the reason."""

        from PySide6.QtWidgets import QMessageBox

        from vetdesk.services import backup
        from vetdesk.ui.start import DATABASE_KEY

        path = Path(location)
        current = backup.sqlite_path(self.db)
        if current is not None and path.exists() and path.resolve() == current.resolve():
            self.statusBar().showMessage(_("{name} is the database open now.").format(name=path.name), 8000)
            return False
        if path.exists():
            try:
                backup.check_backup_file(path)
            except backup.BackupRefused as refusal:
                QMessageBox.warning(self, _("Open database"), str(refusal))
                return False
        previous = self.settings.value(DATABASE_KEY)
        self.settings.setValue(DATABASE_KEY, str(path))
        recent = [str(path)] + [p for p in self._recent() if p != str(path)]
        self.settings.setValue(RECENT_KEY, recent[:RECENT_COUNT])
        self.settings.sync()
        self.restart_requested = True
        self.database_changed = True
        if not self.close():  # an unsaved form the officer chose to keep: nothing changes
            self.restart_requested = False
            self.database_changed = False
            self.settings.setValue(DATABASE_KEY, previous)
            return False
        return True

    def export_statistics(self) -> None:
        """Anonymised figures to a spreadsheet (every role that may see statistics, the viewer too)."""
        from PySide6.QtWidgets import QMessageBox

        from vetdesk.domain.problems import RuleViolation
        from vetdesk.services.statistics import export_statistics
        from vetdesk.ui.files import show_saved
        from vetdesk.ui.folders import ask_save_file

        stem = safe_file_name(pgettext("file name", "statistics"))
        name = ask_save_file(self, _("Export statistics"), f"{stem}.xlsx",
                             _("Excel workbook (*.xlsx);;Comma-separated values (*.csv)"))
        if not name:
            return
        target = Path(name)
        if target.suffix.lower() not in (".xlsx", ".csv"):
            target = target.with_suffix(".xlsx")
        try:
            rows = export_statistics(self.db, target)
        except RuleViolation as refusal:
            QMessageBox.warning(self, _("Export statistics"), "\n".join(p.message for p in refusal.problems))
            return
        except OSError as exc:
            from vetdesk.services import faults

            QMessageBox.warning(self, _("Export statistics"), faults.explain(exc) or str(exc))
            return
        show_saved(self, target, title=_("Export statistics"), text=ngettext(
            "{n} row of anonymised figures written to {path}.", "{n} rows of anonymised figures written to {path}.",
            rows).format(n=rows, path=target))

    # -- help --------------------------------------------------------------------------------------

    def show_help(self) -> None:
        """The manual, at the section of the page the officer is on (F1)."""
        from vetdesk.ui.help import HelpWindow, topic_for

        if getattr(self, "help_window", None) is None:
            self.help_window = HelpWindow(self)
        self.help_window.show_topic(topic_for(self.current_key()))

    def restore(self) -> None:
        from vetdesk.ui.backup_dialogs import RestoreDialog

        for page in self.pages.values():
            if _is_list(page) and page.form is not None and not page.close_form():
                return
        dialog = RestoreDialog(self.db, self)
        dialog.restored.connect(lambda path, d=dialog: self.reopen_database(path, source=d.selected()))
        dialog.open()

    def reopen_database(self, path: Any, *, source: Any = None) -> None:
        """After a restore: open the restored file afresh and rebuild every page from it."""
        key = self.current_key()
        self._drop_pages()
        self.changes.stop()
        self.db.dispose()
        self.db = Office.open(str(path), actor=self.db.actor)  # the restore has migrated it already
        self._listen()
        self._show_title()
        self.navigate(key)
        # Which backup came back (the database's own path is the one it replaced).
        self.statusBar().showMessage(
            _("Restored from the backup {name}.").format(name=Path(str(source)).name) if source is not None
            else _("Restored from {path}.").format(path=path), 10000)

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
        from vetdesk.services.checks import check_database, described
        from vetdesk.ui.tasks import run_with_progress

        def show(findings: list[Any]) -> None:
            from PySide6.QtCore import Qt

            from vetdesk.ui.checks_dialog import ChecksDialog

            # A window of its own, not one kept above the main window: a finding's record comes to the front,
            # the findings wait behind it (the officer fixes one record after the other).
            if self.checks_dialog is not None and shiboken6.isValid(self.checks_dialog):
                self.checks_dialog.close()
            dialog = ChecksDialog(findings)
            dialog.openFinding.connect(self.open_finding)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.show()
            self.checks_dialog = dialog

        run_with_progress(self, _("Checking every record…"),
                          lambda _progress: described(self.db, check_database(self.db)), show)

    def undo_last(self) -> None:
        """Ctrl+Z: the core takes back this person's last change; a refusal says why."""
        from PySide6.QtWidgets import QMessageBox

        from vetdesk.domain.problems import RuleViolation
        from vetdesk.services import undo

        page = self.current_list()
        if page is not None and page.form is not None and page.form.is_dirty():
            QMessageBox.information(self, _("Undo"), _("Save or discard the changes in the open form first."))
            return
        try:
            last = undo.last_undoable(self.db)
            self.db.undo_last()
        except RuleViolation as refusal:
            QMessageBox.information(self, _("Undo"), "\n".join(p.message for p in refusal.problems))
            return
        if last is not None:
            self.statusBar().showMessage(undo.undone_words(self.db, last), 8000)
            # The record brought back (or changed back) is selected in its list, not lost somewhere in it; an
            # undone creation has nothing to show.
            if last.action != "create" and last.kind in self.readable:
                shown: QWidget | None = self.current_list()
                if not _is_list(shown) or shown.kind != last.kind:
                    shown = self.navigate(last.kind) if any(k == last.kind for k, _label in PAGES) else None
                if _is_list(shown):
                    shown.select_when_listed(last.record_id)

    def open_record(self, kind: str, record_id: int) -> None:
        """Show the list of ``kind`` with the record open in its form (a check's finding, a record's links)."""
        if kind not in self.readable:
            return
        page = self.navigate(kind)
        if _is_list(page):
            page.clear_filters()
            page.open_record(record_id)

    def open_finding(self, kind: str, record_id: int, field: str) -> None:
        """A check's finding: its record open in front of the findings, the cursor in the field at fault."""
        self.open_record(kind, record_id)
        page = self.current_list()
        if page is not None and page.kind == kind and page.form is not None and page.form.record_id == record_id \
                and field in page.form.editors and page.form.editors[field].isEnabled():
            page.form.show_field(field)
        self.raise_()
        self.activateWindow()

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
        if self.checks_dialog is not None and shiboken6.isValid(self.checks_dialog):
            self.checks_dialog.close()  # a window of its own: it goes with the main window
        event.accept()
