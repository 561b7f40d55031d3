"""Starting the desktop application: language, Qt's own translations, the database, the main window,
and the last-resort error handler.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication

from vetdesk import __version__, i18n
from vetdesk.domain.problems import RuleViolation
from vetdesk.i18n import _
from vetdesk.ui import start
from vetdesk.ui.start import APPLICATION, ORGANISATION, Begun, begin

if TYPE_CHECKING:

    pass

_log = logging.getLogger("vetdesk.ui")
#: How long after the window appears the daily automatic backup starts.
AUTO_BACKUP_DELAY_MS = 5000
#: How long after the window appears the log file is set up. Everything the window logs goes through
#: :func:`_logger`, which sets it up at once when needed; otherwise it waits until the first screen is up
#: (``logging.handlers`` alone takes 6-9 ms to load).
LOG_SETUP_DELAY_MS = 1000
_translators: list[QTranslator] = []


def scrub(text: str) -> str:
    """Logs never hold a CURP, RFC, NSS or e-mail address (personal data)."""
    from vetdesk import logs

    return logs.redact(text)


def log_file() -> Any:
    from vetdesk import logs

    return logs.log_path()


def _logger() -> logging.Logger:
    """vetdesk's log, set up on first use (or a moment after the window appears: see LOG_SETUP_DELAY_MS)."""
    from vetdesk import logs

    logs.configure()
    return _log


def handle_exception(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """The top-level excepthook: a plain message for people, the details in the log (without CURPs)."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    from vetdesk.services.faults import explain

    details = scrub("".join(traceback.format_exception(kind, exc, tb)))
    plain = explain(exc)
    _logger().error("vetdesk %s: %s\n%s", __version__, "environment" if plain else "bug", details)
    if plain is None:
        plain = _("Something went wrong inside vetdesk. Your saved work is safe; the last action may not have "
                  "finished. Please send the log file {path} to your IT person.").format(path=log_file())
    if QApplication.instance() is not None:
        from PySide6.QtWidgets import QMessageBox  # a dialog's types load when one is shown

        box = QMessageBox(QMessageBox.Icon.Critical, _("vetdesk"), plain)
        box.setDetailedText(details)
        box.exec()
    else:
        sys.stderr.write(plain + "\n")


def install_excepthook() -> None:
    sys.excepthook = handle_exception


def _qt_file_dialog_words() -> dict[tuple[str, str, str | None], str]:
    """Qt's file dialog words that qtbase's catalogues miss (Qt 6 added the accelerators to "&Look in:" and
    "Files of &type:", and the file types' "Folder" moved to another context, so they showed in English in a
    Spanish window) or word as Spain does ("fichero" where Mexico says "archivo"): here in the current language,
    from vetdesk's own catalogues. Qt's own dialog is used where the platform has no native one (Linux without
    a desktop's theme)."""
    from vetdesk.i18n import pgettext

    return {
        ("QFileDialog", "&Look in:", None): pgettext("Qt file dialog", "&Look in:"),
        ("QFileDialog", "Files of &type:", None): pgettext("Qt file dialog", "Files of &type:"),
        ("QFileDialog", "File &name:", None): pgettext("Qt file dialog", "File &name:"),
        ("QFileDialog", "All Files (*)", None): pgettext("Qt file dialog", "All Files (*)"),
        ("QFileDialog", "Show &hidden files", None): pgettext("Qt file dialog", "Show &hidden files"),
        ("QFileDialog", "Go to the parent directory", None): pgettext("Qt file dialog", "Go to the parent directory"),
        ("QFileDialog", "%1 already exists.\nDo you want to replace it?", None):
            pgettext("Qt file dialog", "%1 already exists.\nDo you want to replace it?"),
        ("QFileDialog", "%1\nFile not found.\nPlease verify the correct file name was given.", None):
            pgettext("Qt file dialog", "%1\nFile not found.\nPlease verify the correct file name was given."),
        ("QFileDialog", "List of places and bookmarks", None):
            pgettext("Qt file dialog", "List of places and bookmarks"),
        ("QAbstractFileIconProvider", "Folder", "All other platforms"): pgettext("Qt file dialog", "Folder"),
        ("QAbstractFileIconProvider", "Drive", None): pgettext("Qt file dialog", "Drive"),
        ("QAbstractFileIconProvider", "File", None): pgettext("Qt file dialog", "File"),
        ("QFileSystemModel", "Type", "All other platforms"): pgettext("Qt file dialog", "Type"),
    }


class QtWordGaps(QTranslator):
    """Qt's words qtbase's catalogue lacks or words as another country does (:func:`_qt_file_dialog_words`);
    installed after qtbase's, so asked first. A word vetdesk's catalogue does not translate is left to Qt."""

    def __init__(self, parent: QApplication) -> None:
        super().__init__(parent)
        self.words = {key: text for key, text in _qt_file_dialog_words().items() if text != key[1]}

    def translate(self, context: str, source: str, disambiguation: str | None = None,  # type: ignore[override]
                  n: int = -1) -> str | None:
        # None (a null string) passes the word on to qtbase's catalogue; "" would be taken as its translation.
        return self.words.get((context, source, disambiguation or None))

    def isEmpty(self) -> bool:
        return not self.words


def install_qt_translations(app: QApplication, language: str) -> None:
    """Qt's own words (dialog buttons, context menus, the file dialog) from PySide6's qtbase_<lang>.qm, with
    the gaps filled and Mexico's words for Spain's (:class:`QtWordGaps`)."""
    for old in _translators:
        app.removeTranslator(old)
    _translators.clear()
    locale = i18n.locale_for(language)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in (f"qtbase_{locale}", f"qtbase_{locale.split('_')[0]}"):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            _translators.append(translator)
            break
    gaps = QtWordGaps(app)  # after qtbase's: asked first
    if not gaps.isEmpty():
        app.installTranslator(gaps)
        _translators.append(gaps)
    QLocale.setDefault(QLocale(locale))


def use_language(language: str, app: QApplication | None = None) -> None:
    """Speak ``language`` in the window: vetdesk's own words (our catalogues) and Qt's (the wizard's
    Back/Next/Finish, the standard buttons' Close/Cancel/OK/Save, message boxes), both from one call.
    The application's start and the scenario tests' language fixtures call this one function."""
    i18n.set_language(language)
    instance = app if app is not None else QApplication.instance()
    if isinstance(instance, QApplication):
        install_qt_translations(instance, language)


def application() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(__version__)
    from vetdesk.ui.icons import app_icon

    app.setWindowIcon(app_icon())
    from vetdesk.ui.style import readable_palette

    readable_palette(app)
    # The wheel guard (ui.editors.install_wheel_guard) is put in by the first field editor made, not here: it is a
    # style of Qt's, whose class the start does not build (it puts a filter on each drop-down and date field).
    return app


def _automatic_backup(db: Any) -> None:
    """The daily automatic backup next to the database, on a thread of its own so a large database does not
    delay the window; a failure is logged and never blocks the start."""
    import threading

    def work() -> None:
        try:
            from vetdesk.services.backup import auto_backup

            auto_backup(db)
        except Exception:  # noqa: BLE001 - the office still works; the log tells the IT person
            _logger().exception("automatic backup failed")

    threading.Thread(target=work, name="vetdesk-auto-backup", daemon=False).start()


def _load_services(db: Any) -> None:
    """Load SQLAlchemy, the models and the services, and build the database's engine, on a thread of their
    own while a dialog waits for the person (signing in then needs no loading). A failure is only logged:
    whoever needs the services next loads them again and reports what goes wrong."""
    import threading

    def work() -> None:
        try:
            import vetdesk.services.records
            import vetdesk.services.users  # noqa: F401 - loaded for what follows the dialog

            db.engine  # noqa: B018 - built now rather than on the first click
        except Exception:  # noqa: BLE001
            _logger().exception("loading the services in advance failed")

    threading.Thread(target=work, name="vetdesk-load", daemon=True).start()


def _resume_collector() -> None:
    import gc

    gc.enable()  # paused by the vetdesk command for the window's start (see start.COLLECTOR_REST_MS)


def run_app(args: argparse.Namespace, begun: Begun | None = None) -> int:
    """``vetdesk`` without a sub-command: open the database and show the window until it is closed.

    ``begun``: what :func:`vetdesk.ui.start.begin` already did (language, database, the first screen's count)
    before this module and the widgets loaded; begun here otherwise. When the settings dialog asks for a
    restart (new language or database), the window is built again in this same process.
    """
    from vetdesk.services.faults import explain

    begun = begun or begin(args)
    settings = begun.settings
    app: QApplication | None = None
    actor: Any = None
    signed_in_at: Any = None
    signed_in_before = False
    #: The database open before *File › Open/New database* (its location, its user, its name, the PC's setting
    #: it replaced): the new database's sign-in offers to go back to it, still signed in (issue 21).
    back: tuple[Any, Any, str, Any] | None = None
    while True:
        begun = begun or begin(args, settings)
        language, location, look, db = begun.language, begun.location, begun.look, begun.db
        # The first screen's figures are being counted from the moment the database was open, while Qt's
        # translations and the window's own modules load and it is built: SQLite works outside Python's lock,
        # so most of the count costs no time the window would not spend anyway. If a sign-in dialog waits for
        # the person, they are counted anew once the person is in.
        figures, failure, begun = begun.figures, begun.error, None
        if app is None:
            app = application()
            install_excepthook()
        if failure is not None:
            plain = explain(failure)
            if plain is None:
                raise failure
            _logger().error("cannot open the database: %s", scrub(str(failure)))
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.critical(None, _("vetdesk"), plain)
            return 1
        assert db is not None  # begin() opened it, or said why not (above)
        from vetdesk.ui.start import DATABASE_KEY

        setting_before = settings.value(DATABASE_KEY)  # what File › Open database replaces, restored on Back
        waited: list[bool] = []

        def waiting(db: Any = db, waited: list[bool] = waited) -> None:
            waited.append(True)
            _load_services(db)

        use_language(language, app)
        from vetdesk.ui.signin import WentBack, sign_in

        # A restart on the same database keeps the user signed in, deliberately: it is the same person at the
        # same computer a moment after they chose the language in Settings (asking for the password again
        # would only punish the choice). Another database asks again: its accounts are its own.
        if actor is None or location != signed_in_at:
            try:
                # Another database opened from the File menu: the user named at the start (--user) is tried
                # there, and if it has no such account (a new database has none) the person is asked; vetdesk
                # quit at once (issue 21).
                actor = sign_in(None, db, settings=settings, has_users=look.has_users if look else None,
                                while_waiting=waiting, username=getattr(args, "user", None),
                                ask_if_refused=signed_in_before, back_to=back[2] if back else "")
            except WentBack:
                assert back is not None  # offered only then
                db.dispose()
                args.db, actor, _name, setting = back
                signed_in_at, back = args.db, None
                from vetdesk.ui.start import DATABASE_KEY

                if setting is None:  # the next start opens what it opened before the File menu was used
                    settings.remove(DATABASE_KEY)
                else:
                    settings.setValue(DATABASE_KEY, setting)
                settings.sync()
                continue
            except RuleViolation as refusal:
                from PySide6.QtWidgets import QMessageBox

                QMessageBox.critical(None, _("vetdesk"), "\n".join(p.message for p in refusal.problems))
                db.dispose()
                return 1
            signed_in_at, signed_in_before = location, True
        if actor is None:  # the person chose to quit at the sign-in
            db.dispose()
            return 0
        db = db.for_principal(actor)
        if getattr(actor, "role", None) == "instructor":  # an instructor's figures are their own: the core's
            figures = start.count_dashboard(db)           # scoped count, not the office's plain first look
        elif waited:
            figures = start.count_dashboard(db, look)
        from vetdesk.ui.main_window import MainWindow

        window = MainWindow(db, settings=settings, early_dashboard=figures, empty=look.empty if look else None)
        window.show()
        for hook in start.WINDOW_SHOWN:
            QTimer.singleShot(0, window, lambda hook=hook, window=window: hook(window))
        # The daily backup copies the whole database: it waits until the first screen is up (and is dropped
        # with this window if the officer quits or restarts before then).
        QTimer.singleShot(AUTO_BACKUP_DELAY_MS, window, lambda db=db: _automatic_backup(db))
        QTimer.singleShot(LOG_SETUP_DELAY_MS, window, _logger)
        QTimer.singleShot(start.COLLECTOR_REST_MS, window, _resume_collector)
        quit_after = os.environ.get("VETDESK_SMOKE_QUIT_AFTER_MS")
        if quit_after:  # the packaging smoke test: start, show, and close by itself
            QTimer.singleShot(int(quit_after), app.quit)
        code = app.exec()
        restart, database_changed = window.restart_requested, window.database_changed
        if restart and database_changed:
            from vetdesk.ui.main_window import database_name

            back = (location, actor, database_name(db), setting_before)
        else:
            back = None
        window.deleteLater()
        db.dispose()
        if not restart:
            return int(code)
        # The settings now decide the language; the database stays the one in use (opened with --db, say)
        # unless the officer named another in the settings.
        args.lang = None
        args.db = None if database_changed else location
