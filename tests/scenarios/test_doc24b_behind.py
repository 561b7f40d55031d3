"""Trial 24b: the office's agreement text was edited in Spanish only. The print preview of an agreement that went
out for signature (in Spanish, after the edit) shown in another language said only that the copies handed out
become void, not that this copy misses the office's change; the window's batch said nothing of it either. Both
say the core's note (``clauses.agreement_text_notes``), as ``vetdesk print --lang`` does."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QPlainTextEdit, QWidget

from tests import factories as f
from tests.scenarios.person import Person
from tests.scenarios.test_doc23m import _notices, _open
from vetdesk.i18n import _
from vetdesk.services import clauses, records
from vetdesk.ui.main_window import MainWindow
from vetdesk.ui.text_dialog import TextDialog


def _edited_in_spanish(db) -> None:  # type: ignore[no-untyped-def]
    clauses.save(db, "agreement", "es", clauses.shipped("agreement", "es") + "\nLas partes firman cada hoja.\n")


def test_the_preview_of_a_printed_agreement_says_its_copy_misses_the_office_change(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str) -> None:
    db = window.db
    _edited_in_spanish(db)
    agreement = f.make_agreement(db, start_date=date.today())
    db.print_for_signature([agreement], language="es")  # out for signature in Spanish, with the edit
    reference = records.get(db, "agreements", agreement)["reference"]
    person = Person(qtbot, window, f"doc24b-behind-preview-{language}")
    said = _notices(person, qtbot, _open(person, reference, agreement))
    assert said["es"] == ""  # the language edited, and the one it went out in
    german = said["de"]
    assert _("Learning agreement: clauses") in german and "(v0)" in german, german
    assert _("Spanish") in german and _("German") in german, german
    assert said["window"] == ""  # shown first in the language it went out in
    assert records.get(db, "agreements", agreement)["status"] == "printed"


def test_the_windows_batch_says_which_agreements_miss_the_office_change(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str, tmp_path: Path, monkeypatch) -> None:
    db = window.db
    other = {"es": "en", "en": "es"}[language]  # the text edited in another language than the window's
    clauses.save(db, "agreement", other, clauses.shipped("agreement", other) + "\nOne more sentence.\n")
    drafts = [f.make_agreement(db) for _n in range(2)]
    person = Person(qtbot, window, f"doc24b-behind-batch-{language}")
    person.nav(_("Agreements"))
    page = window.current_list()
    qtbot.waitUntil(lambda: not page.loading and person.rows(page.table) == 2, timeout=10000)
    folder = tmp_path / "lote"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    summaries: list[str] = []

    def read_summary(dialog: QWidget) -> None:
        shown = dialog.findChild(QPlainTextEdit)
        assert shown is not None
        summaries.append(shown.toPlainText())
        person.shot("batch-summary", dialog)
        dialog.close()

    person.when_dialog(read_summary, of=TextDialog, wait_ms=60000)
    person.answer_batch_print(language={"es": "Español", "en": "English"}[language])  # the window's
    person.menu(_("&File"), _("Print the &listed agreements…"))
    qtbot.waitUntil(lambda: bool(summaries), timeout=60000)
    summary = summaries[0]
    notes = db.office_text_notes(drafts, language)
    [message] = {n.message for n in notes.values()}
    assert "(v0)" in message and message in summary and summary.count(message) == 1, summary
    for agreement in drafts:
        assert records.get(db, "agreements", agreement)["reference"] in summary
