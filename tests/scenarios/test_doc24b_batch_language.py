"""Trial 24b: File › Print progress reports of the listed agreements printed in the window's language with no
choice, so an officer working in an English window sent English reports to Mexican families. The batch's dialog
now offers the document language, as ``vetdesk print batch --lang`` does: the office's (Spanish, vetdesk's
default) unless chosen; the e-mail drafts are written in it too."""

from __future__ import annotations

from email import message_from_bytes, policy
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QFileDialog, QMessageBox, QWidget

from tests.reports.conftest import make_world, pdf_text
from tests.scenarios.person import Person
from vetdesk.i18n import _
from vetdesk.ui.main_window import MainWindow
from vetdesk.ui.printing import BatchPrintDialog
from vetdesk.ui.text_dialog import TextDialog


def _print_reports(person: Person, window: MainWindow, folder: Path, monkeypatch,  # type: ignore[no-untyped-def]
                   language: str | None) -> str:
    """Print the listed agreements' progress reports with e-mail drafts into ``folder``, in ``language`` chosen
    by its name in the dialog (None: as proposed); the language the dialog proposed."""
    qtbot = person.qtbot
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    proposed: list[str] = []

    def answer(dialog: QWidget) -> None:
        proposed.append(person.find(_("Document language"), QComboBox, dialog).currentText())
        person.click(_("Choose the folder"), dialog)
        if language is not None:
            person.choose(_("Document language"), language, dialog)
        box = person.find(_("Also write e-mail drafts"), QCheckBox, dialog)
        QTest.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))  # on its box
        assert box.isChecked()
        person.shot(f"dialog-{language or 'proposed'}", dialog)
        person.click(_("&Print"), dialog)

    answered = person.when_dialog(answer, of=BatchPrintDialog)
    person.menu(_("&File"), _("Print pro&gress reports of the listed agreements…"))
    qtbot.waitUntil(lambda: bool(answered), timeout=20000)

    def finished() -> QWidget | None:
        shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()
                 and (isinstance(w, TextDialog) or (isinstance(w, QMessageBox)
                                                    and w.objectName() == "saved-file-message"))]
        return shown[-1] if shown else None

    qtbot.waitUntil(lambda: finished() is not None, timeout=90000)
    box = finished()
    assert box is not None
    person.shot(f"finished-{language or 'proposed'}", box)
    box.close()
    return proposed[0]


def test_the_batch_of_progress_reports_is_printed_in_the_language_chosen(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str, tmp_path: Path, monkeypatch) -> None:
    db = window.db
    make_world(db, minor=False, positions=2, status="active")
    person = Person(qtbot, window, f"doc24b-batch-language-{language}")
    person.nav(_("Agreements"))
    page = window.current_list()
    qtbot.waitUntil(lambda: not page.loading and person.rows(page.table) == 1, timeout=10000)

    # proposed: the office's language (Spanish), whatever the window's
    spanish = tmp_path / "es"
    assert _print_reports(person, window, spanish, monkeypatch, None) == "Español (México)"
    [report] = list(spanish.glob("*.pdf"))
    text = pdf_text(report)
    assert "Reporte de avance" in text and "Progress report" not in text, text[:400]
    drafts = list((spanish / "borradores-de-correo").glob("*.eml"))  # the folder named in the language too
    assert drafts, list(spanish.rglob("*"))
    mail = message_from_bytes(drafts[0].read_bytes(), policy=policy.default)
    assert "Reporte de avance" in str(mail["Subject"]) + mail.get_body(("plain",)).get_content(), mail["Subject"]

    # chosen: English, for an English-speaking company
    english = tmp_path / "en"
    _print_reports(person, window, english, monkeypatch, "English")
    [report] = list(english.glob("*.pdf"))
    text = pdf_text(report)
    assert "Progress report" in text and "Reporte de avance" not in text, text[:400]
    mail = message_from_bytes(next((english / "e-mail-drafts").glob("*.eml")).read_bytes(), policy=policy.default)
    assert "Progress report" in str(mail["Subject"]) + mail.get_body(("plain",)).get_content(), mail["Subject"]
