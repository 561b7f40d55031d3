"""The offline manual: Markdown files under ``resources/help/<language>/``, shown with Qt's own QTextBrowser.

F1 (Help › Manual) opens the manual at the topic of the page the officer is on; the links between topics, Back
and Contents work as in a web browser. The text is in the window's language (es_MX, en, de, pt_BR), English when
a language lacks a page. Nothing is converted at build time: QTextBrowser reads Markdown itself
(``setSource`` of a ``.md`` file), and build.spec ships ``resources/`` whole.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QKeySequence, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from vetdesk import i18n
from vetdesk.i18n import _
from vetdesk.paths import resource_path

CONTENTS = "index"
#: The manual's topic for each page of the window (its navigation keys); pages not named here open the contents.
PAGE_TOPICS: dict[str, str] = {
    "dashboard": "dashboard",
    "agreements": "agreements", "apprentices": "records", "companies": "records", "instructors": "records",
    "schools": "records", "programmes": "training", "assessments": "assessments",
    "collaborations": "training", "positions": "training", "rotation_plans": "training", "rotations": "training",
    "competencies": "training", "tutors": "records", "coordinators": "records",
    "logbook": "logbook", "attendance": "logbook",
    "exams": "exams", "exam_registrations": "exams", "conocer_verdicts": "exams", "school_certificates": "exams",
}
#: Topics of the window's own dialogs (``HelpWindow.show_topic``).
TOPICS = ("index", "dashboard", "records", "agreements", "assessments", "logbook", "exams", "training", "import",
          "backup", "viewer")


def topic_for(page_key: str) -> str:
    return PAGE_TOPICS.get(page_key, CONTENTS)


def help_folder(locale: str | None = None) -> Path:
    """The manual's folder in the language (a locale such as es_MX or pt_BR), English when it has none."""
    locale = locale or i18n.current().locale
    folder = resource_path("help", locale)
    return folder if folder.is_dir() else resource_path("help", "en")


def topic_file(topic: str, locale: str | None = None) -> Path:
    """The Markdown file of ``topic`` in the language, else in English."""
    path = help_folder(locale) / f"{topic}.md"
    return path if path.is_file() else resource_path("help", "en", f"{topic}.md")


class HelpWindow(QDialog):
    """The manual beside the main window (not modal: the officer follows the steps while reading)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("vetdesk manual"))
        self.browser = QTextBrowser(self)
        self.browser.setAccessibleName(_("The manual's text"))
        self.browser.setOpenExternalLinks(True)
        self.browser.setSearchPaths([str(help_folder()), str(resource_path("help", "en"))])
        self.back_button = QPushButton(_("Back"), self)
        self.back_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Back))
        self.back_button.clicked.connect(self.browser.backward)
        self.browser.backwardAvailable.connect(self.back_button.setEnabled)
        self.back_button.setEnabled(False)
        self.contents_button = QPushButton(_("Contents"), self)
        self.contents_button.clicked.connect(lambda: self.show_topic(CONTENTS))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.close)
        row = QHBoxLayout()
        row.addWidget(self.back_button)
        row.addWidget(self.contents_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addLayout(row)
        self.resize(760, 640)

    def show_topic(self, topic: str) -> None:
        """Show ``topic`` (a file name without ``.md``) and bring the manual to the front."""
        path = topic_file(topic)
        self.browser.setSource(QUrl.fromLocalFile(str(path)), QTextDocument.ResourceType.MarkdownResource)
        self.show()
        self.raise_()
        self.activateWindow()

    def topic(self) -> str:
        """The topic shown now (the file's name without ``.md``)."""
        return Path(self.browser.source().toLocalFile()).stem
