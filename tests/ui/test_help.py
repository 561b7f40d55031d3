"""The offline manual: F1 opens the topic of the page the officer is on, in the window's language; links between
topics work; every language has every topic, and every link in it leads to a topic that exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from vetdesk import i18n
from vetdesk.paths import resource_path
from vetdesk.ui import help as manual
from vetdesk.ui.main_window import MainWindow

LOCALES = ("es_MX", "en", "de", "pt_BR")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots" / "help"


@pytest.mark.parametrize("locale", LOCALES)
def test_every_language_has_every_topic_and_its_links_lead_somewhere(locale: str) -> None:
    folder = resource_path("help", locale)
    assert sorted(p.stem for p in folder.glob("*.md")) == sorted(manual.TOPICS)
    for path in folder.glob("*.md"):
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# "), path
        for target in re.findall(r"\]\(([^)#]+\.md)\)", text):
            assert (folder / target).is_file(), (path, target)
    english = {p.stem: p.read_text(encoding="utf-8") for p in resource_path("help", "en").glob("*.md")}
    if locale != "en":  # translated, not copied
        assert all(english[p.stem] != p.read_text(encoding="utf-8") for p in folder.glob("*.md"))


def test_each_page_has_a_topic() -> None:
    from vetdesk.ui.main_window import PAGES

    assert {key for key, _label in PAGES} == set(manual.PAGE_TOPICS)
    assert set(manual.PAGE_TOPICS.values()) <= set(manual.TOPICS)


@pytest.mark.parametrize(("language", "contents_word"), [("es", "Contenido"), ("en", "Contents"),
                                                         ("de", "Inhalt"), ("pt", "Conteúdo")])
def test_f1_opens_the_topic_of_the_page_in_the_language(qtbot, sqlite_db, qsettings, language: str,  # type: ignore[no-untyped-def]
                                                        contents_word: str) -> None:
    from tests import factories as f

    i18n.set_language(language)
    try:
        f.make_company(sqlite_db, name="Autopartes Puebla")  # not empty: the dashboard, not the welcome page
        window = MainWindow(sqlite_db, settings=qsettings)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
        window.navigate("agreements")
        QTest.keyClick(window, Qt.Key.Key_F1)
        help_window = window.help_window
        qtbot.waitUntil(help_window.isVisible, timeout=3000)
        assert help_window.topic() == "agreements"
        shown = help_window.browser.toPlainText()
        expected = manual.topic_file("agreements").read_text(encoding="utf-8").splitlines()[0].lstrip("# ")
        assert shown.startswith(expected), shown[:80]
        assert str(resource_path("help", i18n.LANGUAGES[language])) in help_window.browser.source().toLocalFile()
        help_window.resize(760, 640)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        help_window.grab().save(str(SCREENSHOTS / f"agreements-{language}.png"))

        # The contents, then a link, then Back: as in a browser.
        QTest.mouseClick(help_window.contents_button, Qt.MouseButton.LeftButton)
        assert help_window.topic() == "index" and contents_word in help_window.browser.toPlainText()
        help_window.browser.setFocus()
        link_text = next(line for line in manual.topic_file("index").read_text(encoding="utf-8").splitlines()
                         if "(backup.md)" in line)
        anchor = re.search(r"\[([^\]]+)\]", link_text)
        assert anchor is not None
        assert help_window.browser.find(anchor.group(1))  # select the link's text, as a reader's eye finds it
        QTest.keyClick(help_window.browser, Qt.Key.Key_Enter)
        qtbot.waitUntil(lambda: help_window.topic() == "backup", timeout=3000)
        QTest.mouseClick(help_window.back_button, Qt.MouseButton.LeftButton)
        assert help_window.topic() == "index"

        # On the dashboard, F1 opens the dashboard's topic.
        window.navigate("dashboard")
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
        QTest.keyClick(window, Qt.Key.Key_F1)
        assert help_window.topic() == "dashboard"
        help_window.close()
    finally:
        i18n.set_language("en")


def test_a_language_without_a_page_falls_back_to_english(tmp_path: Path) -> None:
    assert manual.topic_file("index", "fr_FR") == resource_path("help", "en", "index.md")


@pytest.mark.parametrize("locale", ["es_MX", "en", "de", "pt_BR"])
def test_the_manual_names_the_wizard_s_last_button_as_it_reads(locale: str) -> None:
    """Trial 21e, item 9: the manual said "pulse **Finalizar**", the button says "Guardar como borrador"."""
    from vetdesk.i18n import translator

    text = (resource_path("help", locale) / "agreements.md").read_text(encoding="utf-8")
    button = translator(locale).gettext("Save as draft")
    assert f"**{button}**" in text, button
