"""File › New database / Open database / Recent databases, and the title bar naming the database open."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests import factories as f
from vetdesk.services import backup
from vetdesk.ui.main_window import RECENT_KEY, MainWindow
from vetdesk.ui.start import DATABASE_KEY


def _window(qtbot, db, qsettings) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(db, settings=qsettings)
    qtbot.addWidget(window)
    return window


def test_open_database_checks_the_file_then_starts_again_on_it(qtbot, no_dialogs, sqlite_db, qsettings,  # type: ignore[no-untyped-def]
                                                               tmp_path: Path, monkeypatch) -> None:
    f.make_company(sqlite_db, name="Autopartes Puebla")
    window = _window(qtbot, sqlite_db, qsettings)
    current = backup.sqlite_path(sqlite_db)
    assert current is not None and window.windowTitle().startswith(f"{current.name} — ")
    assert qsettings.value(RECENT_KEY) == [str(current)] or qsettings.value(RECENT_KEY) == str(current)

    not_a_database = tmp_path / "notas.sqlite3"
    not_a_database.write_text("no soy una base de datos")
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warned.append(text))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(not_a_database), ""))
    window.open_database()
    assert warned and not window.restart_requested and not qsettings.value(DATABASE_KEY)

    (tmp_path / "otra").mkdir()
    other = backup.backup_database(sqlite_db, tmp_path / "otra" / "sucursal.sqlite3")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(other), ""))
    window.open_database()
    assert window.restart_requested and window.database_changed
    assert qsettings.value(DATABASE_KEY) == str(other)
    assert [str(p) for p in qsettings.value(RECENT_KEY)][:2] == [str(other), str(current)]


def test_new_database_refuses_an_existing_file_and_starts_again_on_a_new_one(qtbot, no_dialogs, sqlite_db,  # type: ignore[no-untyped-def]
                                                                           qsettings, tmp_path: Path,
                                                                           monkeypatch) -> None:
    window = _window(qtbot, sqlite_db, qsettings)
    existing = tmp_path / "ya-existe.sqlite3"
    existing.write_bytes(b"")
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warned.append(text))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(existing), ""))
    window.new_database()
    assert warned and str(existing) in warned[0] and not window.restart_requested
    fresh = tmp_path / "nueva"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(fresh), ""))
    window.new_database()
    assert window.restart_requested and qsettings.value(DATABASE_KEY) == str(fresh.with_suffix(".sqlite3"))


def test_recent_databases_offer_the_others(qtbot, sqlite_db, qsettings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    gone = tmp_path / "borrada.sqlite3"
    kept = backup.backup_database(sqlite_db, tmp_path / "sucursal.sqlite3")
    qsettings.setValue(RECENT_KEY, [str(kept), str(gone)])
    window = _window(qtbot, sqlite_db, qsettings)
    window._fill_recent()
    entries = {a.data(): a.isEnabled() for a in window.recent_menu.actions()}
    assert entries == {str(kept): True, str(gone): False}  # the current database is not offered again
