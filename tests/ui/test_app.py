"""Start-up, the last-resort error handler, Qt's translations and the settings dialog."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from vetdesk import i18n
from vetdesk.services.settings import office_settings
from vetdesk.ui import app as app_module
from vetdesk.ui import start as start_module
from vetdesk.ui.settings_dialog import SettingsDialog


def test_excepthook_shows_a_plain_message_and_logs_without_curps(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text()) or 0)
    try:
        raise ValueError("broken while saving PELJ090714MDFBCDA1")
    except ValueError:
        app_module.handle_exception(*sys.exc_info())

    assert shown and "log file" in shown[0] and "PELJ" not in shown[0]
    log = app_module.log_file().read_text(encoding="utf-8")
    assert "ValueError" in log and "[CURP]" in log
    assert "PELJ090714MDFBCDA1" not in log


def test_environment_faults_get_their_own_message(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import errno

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text()) or 0)
    error = OSError(errno.ENOSPC, "No space left on device")
    app_module.handle_exception(OSError, error, None)
    assert shown == ["The disk is full. Free some space and try again; nothing was changed."]


def test_qt_translations_follow_the_language(qapp) -> None:  # type: ignore[no-untyped-def]
    try:
        app_module.install_qt_translations(qapp, "de")
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Abbrechen"
        app_module.install_qt_translations(qapp, "es")
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancelar"
    finally:
        app_module.install_qt_translations(qapp, "en")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def _run_app_while(qapp, database: Path, check, *, every_ms: int, **given: str) -> int:  # type: ignore[no-untyped-def]
    """``run_app`` on ``database`` in English (and the command line's ``given`` options, e.g. user), calling
    ``check`` every ``every_ms`` (it closes the window)."""
    timer = QTimer()
    timer.timeout.connect(check)
    timer.start(every_ms)
    try:
        return int(app_module.run_app(argparse.Namespace(db=str(database), lang="en", **given)))
    finally:
        timer.stop()
        i18n.set_language("en")
        app_module.install_qt_translations(qapp, "en")


def test_run_app_opens_the_database_and_the_window(qtbot, qapp, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from vetdesk.ui.main_window import MainWindow

    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "config"))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "config"))
    seen: list[tuple[str, str]] = []
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_app installs its own; put it back after
    monkeypatch.setenv("VETDESK_AUTO_ADMIN", "1")  # a new database has no users: no sign-in dialog

    def close_window() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                seen.append((widget.db.display_location, widget.windowTitle()))
                widget.close()

    database = tmp_path / "office.sqlite3"
    code = _run_app_while(qapp, database, close_window, every_ms=200)
    assert code == 0
    assert database.exists()
    assert seen and seen[0][0] == str(database)


def test_run_app_shows_the_dashboard_counted_while_the_window_was_built(qtbot, qapp, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                         monkeypatch) -> None:
    from tests import factories as f
    from vetdesk.services.dashboard import counts
    from vetdesk.storage.engine import connect
    from vetdesk.storage.migrate import upgrade
    from vetdesk.ui.main_window import MainWindow

    database = tmp_path / "office.sqlite3"
    db = connect(database)
    upgrade(db)
    f.make_agreement(db)
    db.dispose()
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "config"))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "config"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setenv("VETDESK_AUTO_ADMIN", "1")
    monkeypatch.setenv("VETDESK_NO_AUTOBACKUP", "1")
    early: list[object] = []
    original = start_module.count_dashboard

    plain: list[bool] = []

    def spy(opened, look=None):  # type: ignore[no-untyped-def]
        future = original(opened, look)
        early.append(future)
        plain.append(look is not None)
        return future

    monkeypatch.setattr(start_module, "count_dashboard", spy)
    shown: list[dict[str, int]] = []
    same: list[bool] = []

    def close_when_filled() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                data = widget.pages["dashboard"].data()
                if data is not None:
                    same.append(bool(early) and data is early[0].result().dashboard())  # counted at start
                    shown.append(counts(data))
                    widget.close()

    code = _run_app_while(qapp, database, close_when_filled, every_ms=50)
    assert code == 0
    assert shown and shown[0]["to_print"] == 1
    assert same == [True]
    assert plain == [True]  # an up-to-date SQLite file: counted on a bare sqlite3 connection


def test_an_instructor_started_with_user_sees_only_their_figures_from_the_first_screen(  # type: ignore[no-untyped-def]
        qtbot, qapp, tmp_path: Path, monkeypatch) -> None:
    """``vetdesk --user ivan`` (password from VETDESK_PASSWORD) signs in without a dialog, and the dashboard's
    first figures are the instructor's own: the office's plain first count is not shown to them."""
    from tests import factories as f
    from vetdesk.services import users
    from vetdesk.services.dashboard import counts
    from vetdesk.storage.engine import connect
    from vetdesk.storage.migrate import upgrade
    from vetdesk.ui.main_window import MainWindow

    database = tmp_path / "office.sqlite3"
    db = connect(database)
    upgrade(db)
    company = f.make_company(db)
    mine, theirs = f.make_instructor(db, company_id=company), f.make_instructor(db, company_id=company)
    for instructor in (mine, theirs, theirs):
        f.make_agreement(db, company_id=company, instructor_id=instructor)
    users.create_user(db, username="ivan", password="Ausbilder-2026!", role="instructor", instructor_id=mine)
    db.dispose()
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "config"))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "config"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setenv("VETDESK_PASSWORD", "Ausbilder-2026!")
    monkeypatch.delenv("VETDESK_USER", raising=False)
    monkeypatch.setenv("VETDESK_NO_AUTOBACKUP", "1")
    shown: list[tuple[str, int]] = []

    def close_when_filled() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                data = widget.pages["dashboard"].data()
                if data is not None:
                    shown.append((widget.db.actor.username, counts(data)["to_print"]))
                    widget.close()

    code = _run_app_while(qapp, database, close_when_filled, every_ms=50, user="ivan")
    assert code == 0
    assert shown == [("ivan", 1)]  # the office has three drafts to print; one is his


_FIRST_SCREEN_PROBE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from vetdesk.services import dashboard

seen = {}
counted = dashboard.start_first_screen

def start_first_screen(*args, **kwargs):
    result = counted(*args, **kwargs).result()
    seen["sqlalchemy_when_counted"] = "sqlalchemy" in sys.modules
    seen["figures"] = result.dashboard().item("to_print").count
    return _done(result)

def _done(value):
    done = dashboard.Future()
    done.set_result(value)
    return done

dashboard.start_first_screen = start_first_screen

def look():
    window = next((w for w in QApplication.topLevelWidgets() if type(w).__name__ == "MainWindow"), None)
    if window is None or not window.isVisible():  # an upgrade turns the event loop before the window exists
        QTimer.singleShot(0, look)
        return
    seen["sqlalchemy_when_shown"] = "sqlalchemy" in sys.modules
    page = window.pages["dashboard"]
    while page.data() is None:
        app.processEvents()
    seen["shown"] = page.data().item("to_print").count
    window.close()

app = QApplication(sys.argv[:1])
QTimer.singleShot(0, look)
from vetdesk.commands import main
code = main(["--db", sys.argv[1], "--lang", "es"])
print(seen)
raise SystemExit(code)
"""


@pytest.mark.parametrize("schema", ["current", "older"])
def test_the_window_and_its_figures_need_no_sqlalchemy_on_an_up_to_date_file(tmp_path: Path, schema: str) -> None:
    """Loading SQLAlchemy and mapping the models costs more than showing a window: on an up-to-date SQLite
    file the window is shown and its first screen counted before SQLAlchemy is imported. An older schema is
    upgraded first (Alembic, so SQLAlchemy), and the service counts its figures as always."""
    import ast
    import os
    import subprocess

    from tests import factories as f
    from vetdesk.storage.engine import connect

    database = tmp_path / "office.sqlite3"
    db = connect(database)
    f.made_before(db, "head" if schema == "current" else "0004", lambda: [f.make_agreement(db) for _ in range(2)])
    db.dispose()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", VETDESK_AUTO_ADMIN="1", VETDESK_NO_AUTOBACKUP="1",
               XDG_CONFIG_HOME=str(tmp_path / "config"), HOME=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", _FIRST_SCREEN_PROBE, str(database)], capture_output=True,
                          text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    seen = ast.literal_eval(done.stdout.strip().splitlines()[-1])
    assert seen["shown"] == 2  # two drafts waiting for printing
    if schema == "current":
        assert seen["figures"] == 2  # counted on the bare sqlite3 connection
        assert seen["sqlalchemy_when_shown"] is False and seen["sqlalchemy_when_counted"] is False
    else:
        assert seen["sqlalchemy_when_shown"] is True and "figures" not in seen  # the upgrade needed it


@pytest.mark.parametrize("stay_open", [True, False])
def test_the_daily_backup_waits_for_the_window(qtbot, qapp, tmp_path: Path, monkeypatch,  # type: ignore[no-untyped-def]
                                               stay_open: bool) -> None:
    from vetdesk.ui.main_window import MainWindow

    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "config"))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "config"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setenv("VETDESK_AUTO_ADMIN", "1")
    monkeypatch.delenv("VETDESK_NO_AUTOBACKUP", raising=False)
    monkeypatch.setattr(app_module, "AUTO_BACKUP_DELAY_MS", 300)
    database = tmp_path / "office.sqlite3"
    backups = tmp_path / "backups"

    def close() -> None:
        if stay_open and not any(backups.glob("*.sqlite3")):
            return  # the backup is due 300 ms after the window appeared
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                widget.close()

    assert _run_app_while(qapp, database, close, every_ms=20) == 0
    qtbot.wait(500)  # past the delay: a backup dropped with its window never starts
    assert any(backups.glob("*.sqlite3")) is stay_open


def test_settings_dialog_saves_office_and_pc_settings(qtbot, sqlite_db, qsettings) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(sqlite_db, qsettings)
    qtbot.addWidget(dialog)
    dialog.office["chamber_name"].setText("AHK Brasil")
    dialog.thresholds["instructor_capacity"].setValue(5)
    dialog.language.setCurrentIndex(dialog.language.findData("pt"))

    dialog.save()

    stored = office_settings(sqlite_db)
    assert (stored["chamber_name"], stored["instructor_capacity"]) == ("AHK Brasil", 5)
    assert qsettings.value(start_module.LANGUAGE_KEY) == "pt"
    assert dialog.restart_needed


def test_settings_dialog_refuses_an_empty_chamber_name(qtbot, sqlite_db, qsettings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(sqlite_db, qsettings)
    qtbot.addWidget(dialog)
    before = office_settings(sqlite_db)["chamber_name"]
    dialog.office["chamber_name"].setText("  ")
    dialog.thresholds["instructor_capacity"].setValue(9)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    dialog.save()
    assert shown and office_settings(sqlite_db)["chamber_name"] == before
    assert office_settings(sqlite_db)["instructor_capacity"] != 9


def test_settings_dialog_stores_replaces_and_removes_the_logo(qtbot, sqlite_db, qsettings, tmp_path,  # type: ignore[no-untyped-def]
                                                              monkeypatch) -> None:
    from PIL import Image

    from vetdesk.services.settings import logo_image

    logo = tmp_path / "camexa.png"
    Image.new("RGB", (80, 40), (10, 80, 160)).save(logo)
    dialog = SettingsDialog(sqlite_db, qsettings)
    qtbot.addWidget(dialog)
    assert not dialog.remove_logo.isEnabled()  # nothing stored yet
    dialog.office["chamber_logo"].setText(str(logo))
    dialog.save()
    assert logo_image(office_settings(sqlite_db)["chamber_logo"]) == logo.read_bytes()

    again = SettingsDialog(sqlite_db, qsettings)  # the stored picture is named, not a path on this PC
    qtbot.addWidget(again)
    assert again.office["chamber_logo"].text() == ""
    assert "Stored in the database" in again.office["chamber_logo"].placeholderText()
    assert again.remove_logo.isEnabled()
    again.office["chamber_place"].setText("Puebla")
    again.save()  # the logo untouched stays
    assert logo_image(office_settings(sqlite_db)["chamber_logo"]) == logo.read_bytes()

    bad = tmp_path / "notes.png"
    bad.write_text("hello")
    third = SettingsDialog(sqlite_db, qsettings)
    qtbot.addWidget(third)
    third.office["chamber_logo"].setText(str(bad))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    third.save()
    assert shown and "not a picture" in shown[0] and third.result() != QDialog.DialogCode.Accepted
    assert logo_image(office_settings(sqlite_db)["chamber_logo"]) == logo.read_bytes()

    third.remove_logo.click()
    assert third.office["chamber_logo"].text() == "" and not third.remove_logo.isEnabled()
    third.save()
    assert office_settings(sqlite_db)["chamber_logo"] == ""


@pytest.mark.parametrize("language", ["es", "en", "de", "pt"])
def test_chosen_language_prefers_the_command_line(qsettings, language) -> None:  # type: ignore[no-untyped-def]
    qsettings.setValue(start_module.LANGUAGE_KEY, "de")
    assert start_module.chosen_language(argparse.Namespace(lang=language), qsettings) == language
    assert start_module.chosen_language(argparse.Namespace(), qsettings) == "de"


def test_the_log_file_is_set_up_once_the_window_is_up(qtbot, qapp, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The log's handler (``logging.handlers`` takes milliseconds to load) is added a moment after the window
    appears, not before it; an error before then sets it up itself (the excepthook test)."""
    import logging
    from logging.handlers import RotatingFileHandler

    from vetdesk.logs import log_path
    from vetdesk.ui.main_window import MainWindow

    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "config"))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "config"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setenv("VETDESK_AUTO_ADMIN", "1")
    monkeypatch.setattr(app_module, "LOG_SETUP_DELAY_MS", 200)
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", [h for h in root.handlers if not isinstance(h, RotatingFileHandler)])

    def ours() -> bool:
        return any(isinstance(h, RotatingFileHandler) and Path(h.baseFilename) == log_path() for h in root.handlers)

    seen: list[bool] = []

    def check() -> None:
        window = next((w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()),
                      None)
        if window is None:
            return
        seen.append(ours())
        if ours():
            window.close()

    try:
        assert _run_app_while(qapp, tmp_path / "office.sqlite3", check, every_ms=20) == 0
    finally:
        for handler in root.handlers:
            if isinstance(handler, RotatingFileHandler):
                handler.close()
    assert seen[0] is False and seen[-1] is True


@pytest.mark.parametrize("language", ["es", "de", "pt_BR"])
def test_qts_file_dialog_speaks_the_windows_language(qtbot, qapp, tmp_path: Path, language: str) -> None:  # type: ignore[no-untyped-def]
    """Qt's own file dialog (where the platform has no native one) showed "Look in:", "Files of type:" and
    "Folder" in English in a Spanish window, and Spain's "fichero": every word it shows is the language's."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractButton, QFileDialog, QLabel, QTreeView

    (tmp_path / "respaldos").mkdir()
    (tmp_path / "convenio.pdf").write_bytes(b"%PDF-1.4")
    try:
        app_module.use_language(language, qapp)
        dialog = QFileDialog(None, "", str(tmp_path), "PDF (*.pdf)")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        qtbot.addWidget(dialog)
        dialog.show()
        view = next(v for v in dialog.findChildren(QTreeView) if v.isVisible())
        qtbot.waitUntil(lambda: view.model().rowCount(view.rootIndex()) == 2, timeout=5000)
        words = [w.text() for w in dialog.findChildren(QLabel) if w.isVisible()]
        buttons = [b.text() for b in dialog.findChildren(QAbstractButton) if b.text()]
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") in buttons, buttons  # qtbase's words still
        words += buttons
        model = view.model()
        words += [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())]
        words += [str(model.index(r, 2, view.rootIndex()).data()) for r in range(2)]  # the types: a folder
        shown = " | ".join(words)
        assert all(words), words  # nothing blank
        for english in ("Look in", "Files of", "File name", "Folder", "Date Modified"):
            assert english not in shown, (english, shown)
        assert "fichero" not in shown.lower(), shown
        if language == "es":
            assert i18n.pgettext("Qt file dialog", "Folder") in shown and "Carpeta" in shown, shown
    finally:
        app_module.use_language("en", qapp)


def test_the_application_icon_has_each_drawing_at_its_own_size(qapp) -> None:  # type: ignore[no-untyped-def]
    """The icon's files are added with their sizes (Qt then reads a file only when that size is drawn): each
    size named must be the size drawn in its file, and the icon draws each size as the icon Qt makes from the
    files alone (each opened at once to find its size) does."""
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QIcon, QImage

    from vetdesk.paths import resource_path
    from vetdesk.ui.icons import ICON_SIZES, LARGE_ICON_SIZE, app_icon

    files = [*((s, f"vetdesk-{s}.png") for s in ICON_SIZES), (LARGE_ICON_SIZE, "vetdesk.png")]
    icon, found = app_icon(), QIcon()
    for _size, name in files:
        found.addFile(str(resource_path("icons", name)))
    assert sorted(s.width() for s in icon.availableSizes()) == sorted(size for size, _name in files)
    for size, name in files:
        drawn = QImage(str(resource_path("icons", name)))
        assert (drawn.width(), drawn.height()) == (size, size), name
        for asked in (size, size + 4):  # its own size, and one Qt scales to
            assert icon.pixmap(QSize(asked, asked)).toImage() == found.pixmap(QSize(asked, asked)).toImage(), name
