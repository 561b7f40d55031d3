"""Backup and restore from the window, against a real SQLite database file."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests import factories as f
from vetdesk import i18n
from vetdesk.services import backup, records
from vetdesk.ui import backup_dialogs as B

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


def _count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM companies").fetchone()[0])
    finally:
        conn.close()


def _auto_backup(db) -> Path:  # type: ignore[no-untyped-def]
    """A backup where the app keeps its automatic ones (the tests switch the automatic ones off)."""
    folder = backup.backup_folder(db)
    assert folder is not None
    folder.mkdir(exist_ok=True)
    return backup.backup_database(db, folder / "vetdesk-auto-2026-11-24-080000.sqlite3")


def test_make_backup_writes_a_valid_backup(qtbot, no_dialogs, sqlite_db, tmp_path, monkeypatch):
    f.make_company(sqlite_db, name="Autopartes Puebla")
    target = tmp_path / "copias" / "respaldo"
    target.parent.mkdir()  # a save dialog only offers folders that exist
    asked: list[str] = []

    def save_dialog(parent, title, start, pattern):  # type: ignore[no-untyped-def]
        asked.append(start)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    written = B.make_backup(None, sqlite_db)
    assert written == (tmp_path / "copias" / "respaldo.sqlite3").resolve()
    assert asked and asked[0].endswith(".sqlite3")
    backup.check_backup_file(written)  # a vetdesk database that passes the integrity check
    assert _count(written) == 1


def test_make_backup_cancelled_or_refused_writes_nothing(qtbot, no_dialogs, sqlite_db, tmp_path, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    assert B.make_backup(None, sqlite_db) is None
    database = backup.sqlite_path(sqlite_db)
    assert database is not None
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(database), ""))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    assert B.make_backup(None, sqlite_db) is None
    assert shown and "cannot overwrite the database itself" in shown[0]


def test_restore_dialog_lists_backups_restores_and_signals(qtbot, no_dialogs, sqlite_db, monkeypatch):
    f.make_company(sqlite_db, name="Autopartes Puebla")
    older = _auto_backup(sqlite_db)
    assert older is not None
    os.utime(older, (time.time() - 3600, time.time() - 3600))
    f.make_company(sqlite_db, name="Vidrios del Bajío")
    assert records.count_records(sqlite_db, "companies") == 2
    database = backup.sqlite_path(sqlite_db)

    dialog = B.RestoreDialog(sqlite_db)
    qtbot.addWidget(dialog)
    assert dialog.backups.count() == 1
    assert dialog.selected() == older
    assert dialog.restore_button.isEnabled()

    # Saying no changes nothing.
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    assert dialog.restore() is False
    assert records.count_records(sqlite_db, "companies") == 2

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(dialog.restored, timeout=10000) as signal:
        assert dialog.restore() is True
    assert signal.args == [database]
    assert dialog.needs_reopen()
    assert dialog.result() == dialog.DialogCode.Accepted
    sqlite_db.dispose()
    assert records.count_records(sqlite_db, "companies") == 1
    # The database as it was is kept, and now listed with the backups.
    previous = dialog.result_info.previous_copy
    assert previous is not None and _count(previous) == 2
    again = B.RestoreDialog(sqlite_db)
    qtbot.addWidget(again)
    assert again.backups.count() == 2


def test_restore_dialog_refuses_a_file_that_is_no_backup(qtbot, no_dialogs, sqlite_db, tmp_path, monkeypatch):
    f.make_company(sqlite_db, name="Autopartes Puebla")
    text = tmp_path / "notas.sqlite3"
    text.write_text("no es una base de datos", encoding="utf-8")
    dialog = B.RestoreDialog(sqlite_db)
    qtbot.addWidget(dialog)
    assert dialog.backups.count() == 1 and not dialog.backups.item(0).data(0x0100)  # "no backups yet"
    assert not dialog.restore_button.isEnabled()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(text), ""))
    dialog.choose_button.click()
    assert dialog.selected() == text
    assert dialog.restore_button.isEnabled()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    received: list[object] = []
    dialog.restored.connect(received.append)
    assert dialog.restore() is False
    assert shown and "not a vetdesk database" in shown[0]
    assert received == [] and not dialog.needs_reopen()
    assert records.count_records(sqlite_db, "companies") == 1


@pytest.mark.parametrize("language", ["es", "en"])
def test_screenshot_of_the_restore_dialog(qtbot, no_dialogs, sqlite_db, language):
    f.make_company(sqlite_db, name="Autopartes Puebla")
    i18n.set_language(language)
    assert _auto_backup(sqlite_db) is not None
    dialog = B.RestoreDialog(sqlite_db)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.wait(30)
    SCREENSHOTS.mkdir(exist_ok=True)
    assert dialog.grab().save(str(SCREENSHOTS / f"restore-{language}.png"))


def test_postgresql_gets_the_pg_dump_advice_and_no_restore(qtbot, no_dialogs, monkeypatch):
    from vetdesk.storage.engine import connect

    db = connect("postgresql+psycopg://vetdesk@127.0.0.1:9/nowhere")  # never connected: no server needed
    try:
        monkeypatch.setattr(B.shutil, "which", lambda name: None)
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: pytest.fail("no file to ask for"))
        shown: list[str] = []
        monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
        assert B.make_backup(None, db) is None
        assert shown and "pg_dump" in shown[0] and "not installed" in shown[0]
        dialog = B.RestoreDialog(db)
        qtbot.addWidget(dialog)
        assert not dialog.restore_button.isEnabled()
        assert dialog.restore() is False
    finally:
        db.dispose()


def test_a_backup_from_the_menu_is_offered_where_restore_lists_it(qtbot, no_dialogs, sqlite_db, monkeypatch):
    """The save dialog starts in the backups folder; the message says where the file went and offers its folder;
    the Restore dialog lists the file just written, named as a backup made from the menu."""
    from vetdesk.ui import files

    f.make_company(sqlite_db, name="Autopartes Puebla")
    asked: list[str] = []

    def save_dialog(parent, title, start, pattern):  # type: ignore[no-untyped-def]
        asked.append(start)  # the person accepts the name offered
        return start, ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    opened: list[str] = []
    monkeypatch.setattr(files, "open_path", lambda path: opened.append(str(path)) or True)
    written = B.make_backup(None, sqlite_db)
    folder = backup.backup_folder(sqlite_db)
    assert folder is not None and written is not None and written.parent == folder
    assert Path(asked[0]).parent == folder
    told = [w for w in qtbot_top_levels() if isinstance(w, QMessageBox) and w.isVisible() and str(written) in w.text()]
    assert len(told) == 1
    box = told[0]
    assert box.text() == i18n.gettext("The backup was saved as {path}. Restore a backup lists it.").format(path=written)
    folder_button = next(b for b in box.buttons() if b.accessibleName() == i18n.gettext("Open the folder"))
    folder_button.click()
    assert opened == [str(folder)]
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=3000)
    dialog = B.RestoreDialog(sqlite_db)
    qtbot.addWidget(dialog)
    listed = [dialog.backups.item(i) for i in range(dialog.backups.count())]
    assert [Path(item.data(0x0100)) for item in listed] == [written]
    assert i18n.gettext("backup made from the menu") in listed[0].text()
    assert dialog.selected() == written and dialog.restore_button.isEnabled()


def qtbot_top_levels() -> list:  # type: ignore[type-arg]
    from PySide6.QtWidgets import QApplication

    return list(QApplication.topLevelWidgets())


@pytest.mark.parametrize("language", ["es", "en"])
def test_restore_dialog_lists_this_databases_backups_and_others_apart(qtbot, no_dialogs, sqlite_template,
                                                                       tmp_path, monkeypatch, language):
    """Two databases in one folder (the trial of issue 21): demo's Restore lists demo's backups, never big's; a
    backup with an old-style name is offered under its own heading that says it may be another database's."""
    import shutil
    from datetime import datetime

    from vetdesk.services.office import Office

    monkeypatch.delenv("VETDESK_NO_AUTOBACKUP", raising=False)
    i18n.set_language(language)
    dbs = []
    for name in ("demo", "big"):
        shutil.copyfile(sqlite_template, tmp_path / f"{name}.sqlite3")
        dbs.append(Office.open(str(tmp_path / f"{name}.sqlite3")))
    demo, big = dbs
    try:
        mine = backup.auto_backup(demo, now=datetime(2026, 12, 3, 8, 28, 41))
        theirs = backup.auto_backup(big, now=datetime(2026, 12, 3, 8, 32, 41))
        folder = backup.backup_folder(demo)
        assert mine is not None and theirs is not None and folder is not None
        old = backup.backup_database(demo, folder / "vetdesk-auto-2026-11-30-080000.sqlite3")
        dialog = B.RestoreDialog(demo)
        qtbot.addWidget(dialog)
        items = [dialog.backups.item(i) for i in range(dialog.backups.count())]
        paths = [item.data(0x0100) for item in items]
        assert paths[0] == str(mine) and str(theirs) not in paths
        heading = items[1]
        assert heading.data(0x0100) is None and not heading.flags() & Qt.ItemFlag.ItemIsSelectable  # not a choice
        assert "demo.sqlite3" in heading.text()
        assert paths[2] == str(old) and i18n.gettext("automatic backup") in items[2].text()
        assert dialog.selected() == mine
        dialog.show()
        qtbot.wait(30)
        SCREENSHOTS.mkdir(exist_ok=True)
        dialog.grab().save(str(SCREENSHOTS / f"restore-two-databases-{language}.png"))
        other = B.RestoreDialog(big)
        qtbot.addWidget(other)
        listed = [other.backups.item(i).data(0x0100) for i in range(other.backups.count())]
        assert listed[0] == str(theirs) and str(mine) not in listed
    finally:
        i18n.set_language("en")
        for db in dbs:
            db.dispose()


def test_the_window_says_which_backup_came_back(qtbot, no_dialogs, sqlite_db, tmp_path):  # type: ignore[no-untyped-def]
    """After a restore the status bar named the database it replaced ("Restored from …/demo.sqlite3."), not the
    backup the officer chose."""
    from PySide6.QtCore import QSettings

    from vetdesk.services.office import Office
    from vetdesk.ui.main_window import MainWindow

    path = Path(str(sqlite_db.engine.url.database))
    sqlite_db.dispose()
    db = Office.open(str(path))
    window = MainWindow(db, settings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.reopen_database(path, source=tmp_path / "backups" / "office-2026-12-03-1322.sqlite3")
    shown = window.statusBar().currentMessage()
    assert "office-2026-12-03-1322.sqlite3" in shown and str(path) not in shown, shown
    window.db.dispose()
