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
    assert {menu, page, title} <= texts, texts
    # Qt's own standard buttons follow the language too.
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "") == cancel
