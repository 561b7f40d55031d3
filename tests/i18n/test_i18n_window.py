"""The window speaks the chosen language: its own words from our catalogues, Qt's from qtbase_*.qm."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from vetdesk import i18n
from vetdesk.ui.app import install_qt_translations
from vetdesk.ui.main_window import MainWindow


@pytest.fixture
def qt_language(qapp: QApplication) -> Iterator[None]:
    yield
    install_qt_translations(qapp, "en")


def _texts(window: MainWindow) -> set[str]:
    texts = {window.windowTitle()}
    texts |= {a.text() for a in window.menuBar().actions()}
    texts |= {window.nav.item(i).text() for i in range(window.nav.count())}
    return texts


@pytest.mark.parametrize(("language", "menu", "page", "title", "cancel"), [
    ("es", "&Archivo", "Convenios", "vetdesk — formación dual", "Cancelar"),
    ("en", "&File", "Agreements", "vetdesk — dual training", "Cancel"),
    ("de", "&Datei", "Vereinbarungen", "vetdesk — duale Ausbildung", "Abbrechen"),
    ("pt", "&Arquivo", "Convênios", "vetdesk — formação dual", "Cancelar"),
])
def test_main_window_in_each_language(qtbot, qapp, qt_language, sqlite_db, tmp_path: Path,  # type: ignore[no-untyped-def]
                                      language: str, menu: str, page: str, title: str, cancel: str) -> None:
    i18n.set_language(language)
    install_qt_translations(qapp, language)
    window = MainWindow(sqlite_db, settings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    texts = _texts(window)
    assert {menu, page} <= texts, texts
    assert title in window.windowTitle()  # after the database's name, before the user's
    # Qt's own standard buttons follow the language too.
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "") == cancel


def _mnemonic(text: str) -> str | None:
    plain = text.replace("&&", "")
    at = plain.find("&")
    return plain[at + 1].lower() if 0 <= at < len(plain) - 1 else None


@pytest.mark.parametrize("language", ["es", "en", "de", "pt"])
def test_translated_menus_have_distinct_accelerators(qtbot, sqlite_db, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                     language: str) -> None:
    """Alt+letter reaches one item per menu: the translations choose their letters so none clash."""
    i18n.set_language(language)
    window = MainWindow(sqlite_db, settings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    menus = [a.menu() for a in window.menuBar().actions() if a.menu() is not None]
    letters = [_mnemonic(a.text()) for a in window.menuBar().actions()]
    assert len(set(letters)) == len(letters), letters
    for menu in menus:
        keys = [_mnemonic(a.text()) for a in menu.actions() if a.isVisible() and _mnemonic(a.text())]
        clashes = sorted({k for k in keys if keys.count(k) > 1})
        assert not clashes, (menu.title(), clashes, [a.text() for a in menu.actions()])
