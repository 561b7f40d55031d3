"""What an officer reads after printing (issue 21 items 5 and 6, a new user's re-trial at 1366×768): the files a
batch writes are named in the window's language ("convenio-CA-….pdf" in Spanish), of safe characters only, and the
batch's summary offers "Open the folder" even when some agreements were refused; *Print for signature… → Save as
PDF* on a draft offers the file under its translated name and says, besides where the file went, that the
agreement is now *printed* (out for signature) and that the signatures come next."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QPlainTextEdit, QWidget

from tests import factories as f
from tests.scenarios.person import Person
from tests.scenarios.test_print_gate import _open_found, _status_cell
from vetdesk.domain.lifecycle import status_label
from vetdesk.i18n import _
from vetdesk.ui import files

#: The file-name stem of an agreement in each window language (what the translators chose).
AGREEMENT_STEM = {"es": "convenio-", "en": "agreement-"}


def _safe(name: str) -> bool:
    return all(c.isascii() and (c.isalnum() or c in "-_.") for c in name)


def test_a_batch_names_its_files_in_the_windows_language_and_offers_their_folder(  # type: ignore[no-untyped-def]
        qtbot, window, language, tmp_path: Path, monkeypatch) -> None:
    db = window.db
    printable = [f.make_agreement(db) for _i in range(2)]
    refused = f.make_agreement(db, company_id=f.make_company(db, name="Frenos del Bajío", legal_representative=None))
    references = {i: db.get("agreements", i)["reference"] for i in [*printable, refused]}
    folder = tmp_path / "impresos"
    folder.mkdir()
    opened: list[str] = []
    monkeypatch.setattr(files, "open_path", lambda path: opened.append(str(path)) or True)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    person = Person(qtbot, window, f"officer-reads-batch-{language}")
    person.nav(_("Agreements"))
    page = window.current_list()
    qtbot.waitUntil(lambda: page is not None and not page.loading and person.rows(page.table) == 3, timeout=10000)

    # the documents in the window's language, chosen (the office's, Spanish, is proposed): their file names too
    person.answer_batch_print(language={"es": "Español", "en": "English"}[language])
    person.menu(_("&File"), _("Print the &listed agreements…"))
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None
                    and QApplication.activeModalWidget().windowTitle() == _("Printing finished"), timeout=60000)
    summary: QWidget = QApplication.activeModalWidget()
    text = summary.findChild(QPlainTextEdit).toPlainText()
    assert str(folder) in text and references[refused] in text
    person.shot("batch-summary", summary)
    QTest.mouseClick(person.find(_("Open the folder"), root=summary), Qt.MouseButton.LeftButton)
    assert opened == [str(folder)]
    if language == "es":
        assert person.find(_("Open the folder"), root=summary).text().replace("&", "").startswith("Abrir")

    written = sorted(p.name for p in folder.glob("*.pdf"))
    assert written == sorted(f"{AGREEMENT_STEM[language]}{references[i]}.pdf" for i in printable), written
    assert all(_safe(name) for name in written)
    summary.close()


def test_save_as_pdf_says_the_draft_is_now_printed_and_what_comes_next(  # type: ignore[no-untyped-def]
        qtbot, window, language, tmp_path: Path, monkeypatch) -> None:
    from vetdesk.ui.printing import PdfPreview

    db = window.db
    agreement = f.make_agreement(db)
    reference = db.get("agreements", agreement)["reference"]
    person = Person(qtbot, window, f"officer-reads-save-{language}")
    page = _open_found(person, qtbot, window, _("Agreements"), reference, agreement)
    form = page.form
    offered: list[str] = []
    target = tmp_path / "firmar.pdf"

    def save_dialog(_parent: Any, _title: str, start: str, *_a: Any, **_k: Any) -> tuple[str, str]:
        offered.append(Path(start).name)  # the name the officer is offered
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    person.when_dialog(lambda preview: person.click(_("&Save as PDF…"), preview), of=PdfPreview, wait_ms=30000)
    person.click(_("Print for signature…"), form)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QMessageBox)
                    or isinstance(QApplication.activeWindow(), QMessageBox)
                    or bool(window.findChildren(QMessageBox, "saved-file-message")), timeout=40000)
    boxes = [b for b in window.findChildren(QMessageBox, "saved-file-message") if b.isVisible()]
    assert len(boxes) == 1
    box = boxes[0]
    told = box.text()
    person.shot("saved-and-printed", box)
    printed = status_label("printed")
    assert offered == [f"{AGREEMENT_STEM[language]}{reference}.pdf"]
    assert target.exists() and str(target) in told
    assert reference in told and f"“{printed}”" in told
    assert _("Record signatures…") in told
    if language == "es":
        assert "impreso" in told and "firma" in told
    assert db.get("agreements", agreement)["status"] == "printed"
    qtbot.waitUntil(lambda: _status_cell(page, agreement) == printed, timeout=5000)
    opened: list[str] = []
    monkeypatch.setattr(files, "open_path", lambda path: opened.append(str(path)) or True)
    QTest.mouseClick(person.find(_("Open the folder"), root=box), Qt.MouseButton.LeftButton)
    assert opened == [str(tmp_path)]
    box.close()
