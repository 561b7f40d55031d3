"""The agreement form: life-cycle steps through records.update, scanned copies, printing."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QMessageBox

from tests.factories import make_agreement, make_apprentice, minor_birth_date
from vetdesk.services import attachments, records
from vetdesk.ui import printing
from vetdesk.ui.agreement_form import AgreementForm, StepDialog

pytestmark = pytest.mark.usefixtures("no_dialogs")


def _visible_steps(form: AgreementForm) -> set[str]:
    return {status for status, button in form._steps.items() if not button.isHidden()}


def test_life_cycle_from_draft_to_active(qtbot, sqlite_db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    # training begins today: signed today, started today (the Start dialog proposes the start date; a future one
    # is refused, and signatures after the start are warned of)
    agreement = make_agreement(sqlite_db, start_date=date.today())
    form = AgreementForm(sqlite_db, "agreements", agreement)
    qtbot.addWidget(form)
    assert _visible_steps(form) == {"printed"}
    def tick_every_party(self):  # type: ignore[no-untyped-def]
        for box, _edit in self.dates.values():
            if box is not None:
                QTest.mouseClick(box, Qt.MouseButton.LeftButton)  # ticked, the date proposes today
        self._ok()  # OK: the dialog takes the step (and stays open on a refusal)
        return self.result()

    monkeypatch.setattr(StepDialog, "exec", tick_every_party)

    assert form.mark_printed()
    assert records.get(sqlite_db, "agreements", agreement)["status"] == "printed"
    assert _visible_steps(form) == {"signed", "draft"}

    assert form.record_signatures()  # the dates of the parties ticked default to today
    stored = records.get(sqlite_db, "agreements", agreement)
    assert stored["status"] == "signed"
    assert stored["company_signed_on"] is not None and stored["apprentice_signed_on"] is not None

    assert form.activate()
    assert records.get(sqlite_db, "agreements", agreement)["status"] == "active"
    assert form.title.text().endswith("active")


def test_signatures_come_in_over_days_and_a_refusal_keeps_what_was_entered(qtbot, sqlite_db,  # type: ignore[no-untyped-def]
                                                                             monkeypatch) -> None:
    agreement = make_agreement(sqlite_db, apprentice_id=make_apprentice(sqlite_db, birth_date=minor_birth_date(16)))
    records.update(sqlite_db, "agreements", agreement, {"status": "printed"}, accept_warnings=True)
    form = AgreementForm(sqlite_db, "agreements", agreement)
    qtbot.addWidget(form)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)  # warnings read

    def tick_all_but_the_guardian(self):  # type: ignore[no-untyped-def]
        for name, (box, _edit) in self.dates.items():
            if name != "guardian_signed_on" and not box.isChecked():
                QTest.mouseClick(box, Qt.MouseButton.LeftButton)
        self._ok()
        return self.result()

    monkeypatch.setattr(StepDialog, "exec", tick_all_but_the_guardian)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))

    assert form.record_signatures()  # those who signed are recorded; the guardian's is still to come
    stored = records.get(sqlite_db, "agreements", agreement)
    assert stored["status"] == "printed" and stored["company_signed_on"] is not None
    assert stored["guardian_signed_on"] is None and shown == []
    # the company, the apprentice, the school (the factories' agreement has one) and the chamber; not the guardian
    assert form.signatures_label.text().count("✔") == 4 and form.signatures_label.text().count("✖") == 1

    def guardian_tomorrow(self):  # type: ignore[no-untyped-def]
        box, edit = self.dates["guardian_signed_on"]
        QTest.mouseClick(box, Qt.MouseButton.LeftButton)
        edit.set_value(date.today() + timedelta(days=1))
        self._ok()
        # Refused: the dialog stays open, the message under the guardian's date (no message box).
        shown.append(self.messages["guardian_signed_on"].text())
        return self.result()

    monkeypatch.setattr(StepDialog, "exec", guardian_tomorrow)
    assert not form.record_signatures()
    assert records.get(sqlite_db, "agreements", agreement)["status"] == "printed"
    assert shown and "future" in shown[0]
    # The next try starts from what was entered: the parties ticked stay ticked, with their dates.
    remembered: dict[str, bool] = {}

    def look(self):  # type: ignore[no-untyped-def]
        remembered.update({name: box.isChecked() for name, (box, _edit) in self.dates.items()})
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(StepDialog, "exec", look)
    form.record_signatures()
    assert remembered["company_signed_on"] and remembered["apprentice_signed_on"]
    assert remembered["guardian_signed_on"]


def test_terminate_needs_a_reason(qtbot, sqlite_db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import activate

    agreement = make_agreement(sqlite_db)
    activate(sqlite_db, agreement)
    form = AgreementForm(sqlite_db, "agreements", agreement)
    qtbot.addWidget(form)
    assert _visible_steps(form) == {"completed", "terminated"}

    def give_reason(self):  # type: ignore[no-untyped-def]
        self.reason.setText("Cambio de residencia")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(StepDialog, "exec", give_reason)
    assert form.terminate()
    stored = records.get(sqlite_db, "agreements", agreement)
    assert (stored["status"], stored["termination_reason"]) == ("terminated", "Cambio de residencia")
    assert stored["terminated_on"] is not None


def test_attach_scanned_copy(qtbot, sqlite_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    agreement = make_agreement(sqlite_db)
    form = AgreementForm(sqlite_db, "agreements", agreement)
    qtbot.addWidget(form)
    scan = tmp_path / "convenio-firmado.pdf"
    scan.write_bytes(b"%PDF-1.4\n% a scan\n")

    new_id = form.attach_file(scan)

    assert new_id is not None
    assert [a["filename"] for a in attachments.list_attachments(sqlite_db, agreement)] == ["convenio-firmado.pdf"]
    assert attachments.read_attachment(sqlite_db, new_id)[2] == scan.read_bytes()
    assert form.attachment_list.count() == 1
    history = records.history(sqlite_db, "agreements", agreement)
    assert history[-1]["action"] == "attach"


def test_attach_refuses_other_files(qtbot, sqlite_db, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    agreement = make_agreement(sqlite_db)
    form = AgreementForm(sqlite_db, "agreements", agreement)
    qtbot.addWidget(form)
    notes = tmp_path / "notes.docx"
    notes.write_bytes(b"PK...")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))

    assert form.attach_file(notes) is None
    assert attachments.list_attachments(sqlite_db, agreement) == []
    assert shown and "PDF" in shown[0]


def test_printing_a_draft_previews_and_marks_it_printed(qtbot, sqlite_db, tmp_path: Path,
                                                        monkeypatch) -> None:  # type: ignore[no-untyped-def]
    agreement = make_agreement(sqlite_db)
    saved = tmp_path / "out.pdf"
    pages: list[int] = []

    def save_instead_of_showing(self):  # type: ignore[no-untyped-def]
        pages.append(self.page_count)
        self.write(str(saved))
        self.done_with = "saved"
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(printing.PdfPreview, "exec", save_instead_of_showing)
    printed: list[int] = []
    sqlite_db.listen(lambda changes: printed.extend(changes.ids("agreements")))
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    printing.print_agreement(parent, sqlite_db, agreement)

    qtbot.waitUntil(lambda: printed == [agreement], timeout=15000)  # announced to every view
    assert pages and pages[0] >= 1
    reference = records.get(sqlite_db, "agreements", agreement)["reference"]
    text = "".join(page.extract_text() for page in PdfReader(saved).pages)
    assert reference in text
    assert records.get(sqlite_db, "agreements", agreement)["status"] == "printed"


def test_batch_printing_writes_one_pdf_per_agreement(qtbot, sqlite_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QWidget

    ids = [make_agreement(sqlite_db), make_agreement(sqlite_db)]
    parent = QWidget()
    qtbot.addWidget(parent)
    results: list[tuple[int, list[str]]] = []

    printing.print_batch(parent, sqlite_db, "agreements", ids, str(tmp_path / "out"),
                         on_finished=lambda written, refused: results.append((written, refused)))

    qtbot.waitUntil(lambda: bool(results), timeout=20000)
    assert results == [(2, [])]
    files = sorted(p.name for p in (tmp_path / "out").glob("*.pdf"))
    references = sorted(records.get(sqlite_db, "agreements", i)["reference"] for i in ids)
    assert len(files) == 2 and all(any(r in f for f in files) for r in references)
