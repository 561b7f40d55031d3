"""The preview writes an e-mail draft of its document and opens it in the mail program; a saved PDF offers to
open the file or its folder."""

from __future__ import annotations

import email
from email import policy
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.reports.conftest import make_world
from vetdesk.reports import render
from vetdesk.services import records
from vetdesk.storage.engine import Database
from vetdesk.ui import files, printing


def test_the_preview_writes_the_draft_and_opens_it(sqlite_db: Database, qtbot, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    w = make_world(sqlite_db, minor=False, positions=2)
    records.update(sqlite_db, "apprentices", w.apprentice_id, {"email": "jose@example.mx"}, accept_warnings=True)
    pdf = render.progress_pdf(sqlite_db, apprentice_id=w.apprentice_id, lang="es")
    opened: list[str] = []
    monkeypatch.setattr(printing, "open_path", lambda path: opened.append(path) or True)
    target = tmp_path / "progress.eml"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    preview = printing.PdfPreview(pdf, "Reporte", "progress.pdf", None,
                                  mail=printing.mailer(sqlite_db, w.agreement_id, "progress.pdf", pdf, "progress",
                                                       "es"))
    qtbot.addWidget(preview)
    assert not preview.mail_button.isHidden() and preview.mail_draft()
    assert opened == [str(target)]
    msg = email.message_from_bytes(target.read_bytes(), policy=policy.default)
    assert msg["X-Unsent"] == "1" and "jose@example.mx" in msg["To"]
    assert [a.get_filename() for a in msg.iter_attachments()] == ["progress.pdf"]


def test_a_saved_pdf_offers_to_open_it_or_its_folder(qtbot, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    opened: list[str] = []
    monkeypatch.setattr(files, "open_path", lambda path: opened.append(path) or True)
    box = files.show_saved(parent, str(tmp_path / "agreement.pdf"))
    buttons = [b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.ActionRole]
    assert len(buttons) == 2
    for button in buttons:
        button.click()
    assert opened == [str(tmp_path / "agreement.pdf"), str(tmp_path)]
    box.close()


def test_a_batch_in_the_window_says_at_the_end_who_got_no_draft(sqlite_db: Database, qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                 monkeypatch) -> None:
    """Issue 23, a new user's re-trial: a family without an e-mail address was left out of the batch's drafts
    without a word; the closing message lists who got none and why."""
    from PySide6.QtWidgets import QWidget

    with_address = make_world(sqlite_db, minor=False, positions=2)
    without = make_world(sqlite_db, minor=False, positions=2)
    records.update(sqlite_db, "apprentices", with_address.apprentice_id, {"email": "a0@example.mx"},
                   accept_warnings=True)
    parent = QWidget()
    parent.resize(1366, 768)
    qtbot.addWidget(parent)
    shown: list[QMessageBox] = []
    real_show_saved = printing.show_saved

    def show_saved(*args, **kwargs):  # type: ignore[no-untyped-def]
        box = real_show_saved(*args, **kwargs)
        shown.append(box)
        return box

    monkeypatch.setattr(printing, "show_saved", show_saved)
    printing.print_batch(parent, sqlite_db, "progress", [with_address.agreement_id, without.agreement_id],
                         str(tmp_path / "out"), drafts=True)  # the officer asked for the drafts
    qtbot.waitUntil(lambda: bool(shown), timeout=30000)
    (box,) = shown
    text = box.text()
    box.grab().save(str(tmp_path / "batch-finished.png"))
    assert {p.name for p in (tmp_path / "out" / "e-mail-drafts").iterdir()} == {"a0_example.mx.eml",
                                                                         "rh_schaefer.example.mx.eml"}
    tail = text[text.index("Left out of the e-mail drafts:"):].splitlines()[1:]
    assert any(f"({without.reference})" in line and "no e-mail address of the apprentice" in line
               for line in tail), tail
    assert not any(f"({with_address.reference})" in line for line in tail), tail
    assert any(line.startswith("School ") and "2 documents" in line for line in tail), tail
    box.close()
