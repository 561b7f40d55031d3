"""No agreement gets past draft without passing the print-for-signature rules (issues 21 and 23; found by a new
user's re-trial): "Mark as printed" on a draft whose company has no legal representative is refused in the
officer's words, naming what to record and where; the form and the list still say *draft* and nothing is
written; ``vetdesk set agreements N status=printed`` on the same draft says the same message (issue 20). Once the
officer records the representative on the company (and the probation on the agreement), marking it printed
succeeds and the list row says *printed*."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QTableView, QWidget
from sqlalchemy import func, select

from tests import factories as f
from tests.scenarios.person import Person
from vetdesk.domain.lifecycle import status_label
from vetdesk.i18n import _
from vetdesk.storage.models import AuditEntry


def _status_cell(page: Any, agreement_id: int) -> str:
    row = page.model.row_of(agreement_id)
    column = next(i for i, c in enumerate(page.model.columns) if c.key == "status")
    return str(page.model.data(page.model.index(row, column)))


def _audit_entries(db: Any) -> int:
    with db.reader() as session:
        return int(session.scalar(select(func.count()).select_from(AuditEntry)))


def _open_found(person: Person, qtbot: Any, window: Any, page_name: str, search: str, record_id: int) -> Any:
    """Go to a list page, search for ``search`` and open the one row found with the keyboard; its form."""
    person.nav(page_name)
    page = window.current_list()
    qtbot.waitUntil(lambda: not page.loading, timeout=10000)
    person.type(_("Search"), search)
    qtbot.waitUntil(lambda: not page.loading and person.rows(page.table) == 1, timeout=10000)
    table: QTableView = page.table
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(page.model.index(0, 0)).center())
    QTest.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.form is not None and page.form.record_id == record_id, timeout=5000)
    return page


def _set_printed_by_command(db: Any, agreement: int, language: str, capsys: Any) -> str:
    """What ``vetdesk set agreements N status=printed`` says (in the window's language) on the same database; it
    is refused and writes nothing."""
    from vetdesk.commands import main

    before = _audit_entries(db)
    capsys.readouterr()
    code = main(["--db", db.url, "--lang", language, "set", "agreements", str(agreement), "status=printed"])
    out, err = capsys.readouterr()
    assert code == 1 and out == "" and _audit_entries(db) == before, (code, out, err)
    assert db.get("agreements", agreement)["status"] == "draft"
    return err


def test_a_draft_the_contract_cannot_print_is_not_marked_printed(qtbot, window, language, capsys) -> None:  # type: ignore[no-untyped-def]
    db = window.db
    company = f.make_company(db, name="Frenos del Bajío", legal_representative=None)
    programme = f.make_programme(db, templates="both")  # the AHK layout too: § 20 BBiG's probation is needed
    agreement = f.make_agreement(db, company_id=company, programme_id=programme, probation_months=None)
    reference = db.get("agreements", agreement)["reference"]
    person = Person(qtbot, window, f"print-gate-{language}")
    page = _open_found(person, qtbot, window, _("Agreements"), reference, agreement)
    form = page.form
    draft, printed = status_label("draft"), status_label("printed")
    assert form.title.text().endswith(draft) and _status_cell(page, agreement) == draft
    before = _audit_entries(db)

    # -- Mark as printed: refused, naming the field in the officer's words and what to fill ----------------
    refusals: list[str] = []

    def read_refusal(box: QWidget) -> None:
        refusals.append(box.text())  # type: ignore[attr-defined]
        person.shot("refused", box)
        person.press(box, QMessageBox.StandardButton.Ok)

    person.when_dialog(read_refusal, of=QMessageBox, title=_("Mark agreement as printed"))
    person.click(_("Mark as printed"), form)
    qtbot.waitUntil(lambda: bool(refusals), timeout=10000)
    text = refusals[0]
    assert _("Record it on the company (Legal representative).") in text
    # Worded as printing words it (vetdesk print, Ctrl+P): which agreement, that it stays a draft, what to do.
    check = db.print_checks([agreement])[agreement]
    assert text == check.refusal()
    assert text.startswith(_("Agreement {agreement} cannot go out for signature:").format(agreement=check.name))
    assert _("It stays a draft: nothing was printed, saved or marked. Correct what is listed above, then print "
             "it for signature again.") in text
    assert "legal_representative" not in text and "company." not in text  # no internal name
    if language == "es":
        assert "representante legal de la empresa" in text and "Representante legal" in text
    # The probation the AHK layout of a programme printed in both layouts needs: named by its label, in a bullet.
    assert "• " + _("Probation (months)") + ":" in text and "probation_months" not in text
    # vetdesk set agreements N status=printed on the same draft says the same message, built once in the core.
    said = _set_printed_by_command(db, agreement, language, capsys)
    assert text in said and "probation_months" not in said and "legal_representative" not in said, said
    qtbot.wait(300)
    assert db.get("agreements", agreement)["status"] == "draft" and _audit_entries(db) == before
    assert form.title.text().endswith(draft) and _status_cell(page, agreement) == draft
    assert form._steps["printed"].isVisible()  # still a draft's step to take
    person.shot("still-draft")

    # -- the officer records the representative on the company ----------------------------------------------
    companies = _open_found(person, qtbot, window, _("Companies"), "Frenos", company)
    person.type(_("Legal representative"), "María Fernández Ruiz", companies.form)
    person.click(_("&Save"), companies.form)
    qtbot.waitUntil(lambda: db.get("companies", company)["legal_representative"] == "María Fernández Ruiz",
                    timeout=5000)

    # -- back at the agreement: marking it printed succeeds, the list row says printed ------------------------
    page = _open_found(person, qtbot, window, _("Agreements"), reference, agreement)
    form = page.form
    person.type(_("Probation (months)"), "1", form)  # and the probation, on the agreement
    person.click(_("&Save"), form)
    qtbot.waitUntil(lambda: db.get("agreements", agreement)["probation_months"] == 1, timeout=5000)
    asked: list[str] = []

    def answer(box: QWidget) -> None:  # warnings would ask first; a refusal would fail the step
        asked.append(box.text())  # type: ignore[attr-defined]
        person.press(box, QMessageBox.StandardButton.Yes)

    warnings = person.when_dialog(answer, of=QMessageBox, title=_("Mark agreement as printed"), wait_ms=3000)
    person.click(_("Mark as printed"), form)
    qtbot.waitUntil(lambda: db.get("agreements", agreement)["status"] == "printed", timeout=10000)
    warnings.stop()
    qtbot.waitUntil(lambda: _status_cell(page, agreement) == printed, timeout=5000)
    qtbot.waitUntil(lambda: form.title.text().endswith(printed), timeout=5000)
    person.shot("printed")


def test_printing_to_a_printer_says_what_was_printed_and_the_status(qtbot, window, language, tmp_path,  # type: ignore[no-untyped-def]
                                                                     monkeypatch) -> None:
    """The preview's Print… to a printer (here the print dialog's printer writes a PDF file, as "Print to
    file" does): the officer is told which agreement went out, how many pages, and that it is now printed;
    printed again, that its status stays. The form and the list say printed."""
    from pypdf import PdfReader
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    db = window.db
    agreement = f.make_agreement(db)
    reference = db.get("agreements", agreement)["reference"]
    person = Person(qtbot, window, f"print-to-printer-{language}")
    page = _open_found(person, qtbot, window, _("Agreements"), reference, agreement)
    form = page.form
    paper = tmp_path / "printer.pdf"

    def printer_chosen(dialog: QPrintDialog) -> int:  # the system's print dialog: the officer clicks Print
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(paper))
        return int(QPrintDialog.DialogCode.Accepted)

    monkeypatch.setattr(QPrintDialog, "exec", printer_chosen)
    printed = status_label("printed")
    for time in ("first", "again"):
        pages, told = _print_to_the_printer(person, qtbot, form, time)
        assert len(PdfReader(str(paper)).pages) == pages  # what the printer received
        assert reference in told and f"“{printed}”" in told and str(pages) in told
        if language == "es":
            assert "impreso" in told and "impresora" in told
        if time == "first":
            assert _("Record signatures…").rstrip("…") in told
        else:
            assert "again" in told or "de nuevo" in told
        assert db.get("agreements", agreement)["status"] == "printed"
        qtbot.waitUntil(lambda: _status_cell(page, agreement) == printed, timeout=5000)
        qtbot.waitUntil(lambda: form.title.text().endswith(printed), timeout=5000)
        paper.unlink()


def _print_to_the_printer(person: Person, qtbot: Any, form: Any, time: str) -> tuple[int, str]:
    """Print for signature… then the preview's Print…: the pages the preview showed, the message told."""
    from vetdesk.ui.printing import PdfPreview

    pages: list[int] = []
    told: list[str] = []

    def print_preview(preview: QWidget) -> None:
        pages.append(preview.page_count)  # type: ignore[attr-defined]
        person.click(_("&Print…"), preview)

    def read_message(box: QWidget) -> None:
        told.append(box.text())  # type: ignore[attr-defined]
        person.shot(f"told-{time}", box)
        person.press(box, QMessageBox.StandardButton.Ok)

    person.when_dialog(print_preview, of=PdfPreview, wait_ms=30000)
    person.when_dialog(read_message, of=QMessageBox, title=_("Sent to the printer"), wait_ms=30000)
    person.click(_("Print for signature…"), form)
    qtbot.waitUntil(lambda: bool(told), timeout=40000)
    assert pages
    return pages[0], told[0]
