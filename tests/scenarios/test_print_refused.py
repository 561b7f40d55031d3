"""A draft the change to "printed" refuses is refused before anything is rendered, saved or sent to a printer
(issue 20, a new user's trial): "Print for signature…" on such a draft shows no preview, says every reason as a
bullet naming the field in the officer's words and that the agreement stays a draft, and writes nothing. "Print
the listed agreements…" prints and marks the others, leaves no file of the refused one, and names it (reference
and apprentice) with its reasons."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QMessageBox, QTableView, QWidget
from sqlalchemy import func, select

from tests import factories as f
from tests.scenarios.person import Person
from vetdesk import i18n
from vetdesk.domain.dates import add_months
from vetdesk.domain.lifecycle import status_label
from vetdesk.i18n import _
from vetdesk.services.settings import save_office_settings
from vetdesk.storage.models import AuditEntry
from vetdesk.ui import printing
from vetdesk.ui.printing import PdfPreview
from vetdesk.ui.text_dialog import TextDialog


def _audit_entries(db: Any) -> int:
    with db.reader() as session:
        return int(session.scalar(select(func.count()).select_from(AuditEntry)))


def _status_cell(page: Any, agreement_id: int) -> str:
    row = page.model.row_of(agreement_id)
    column = next(i for i, c in enumerate(page.model.columns) if c.key == "status")
    return str(page.model.data(page.model.index(row, column)))


def _drafts(db: Any) -> tuple[int, int]:
    """A draft whose rotation plan is ten weeks short of its term (refused: more than the contract's slack of
    4 weeks or 10 % of the term, which the office's tolerance does not narrow), and one whose plan fits it."""
    company, programme = f.make_company(db), f.make_programme(db)
    start = add_months(f.TODAY.replace(day=1), 1)
    short_plan = f.make_plan(db, company_id=company, programme_id=programme,
                             weeks=((add_months(start, 12) - start).days + 1) // 7 - 10)
    short = f.make_agreement(db, company_id=company, programme_id=programme, rotation_plan_id=short_plan,
                             apprentice_id=f.make_apprentice(db, given_names="Rosa Elena", first_surname="Quintero"))
    plan = f.make_plan(db, company_id=company, programme_id=programme,
                       weeks=((add_months(start, 12) - start).days + 1) // 7)
    fits = f.make_agreement(db, company_id=company, programme_id=programme, rotation_plan_id=plan)
    save_office_settings(db, {"plan_term_rule": "error", "plan_term_tolerance_weeks": 1})
    return short, fits


def test_a_refused_draft_is_not_printed_and_a_batch_prints_the_others(qtbot, window, language,  # type: ignore[no-untyped-def]
                                                                       tmp_path: Path, monkeypatch) -> None:
    db = window.db
    short, fits = _drafts(db)
    reference = db.get("agreements", short)["reference"]
    person = Person(qtbot, window, f"print-refused-{language}")
    person.nav(_("Agreements"))
    page = window.current_list()
    qtbot.waitUntil(lambda: not page.loading and person.rows(page.table) == 2, timeout=10000)
    table: QTableView = page.table
    row = page.model.row_of(short)
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(page.model.index(row, 0)).center())
    QTest.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.form is not None and page.form.record_id == short, timeout=5000)
    form = page.form
    before = _audit_entries(db)

    # -- one draft: refused before any preview, the reasons as bullets, still a draft ------------------------
    previews: list[str] = []
    never = person.when_dialog(lambda dialog: previews.append(dialog.windowTitle()), of=PdfPreview, wait_ms=3000)
    refusals: list[str] = []

    def read_refusal(box: QWidget) -> None:
        refusals.append(box.text())  # type: ignore[attr-defined]
        person.shot("refused", box)
        person.press(box, QMessageBox.StandardButton.Ok)

    person.when_dialog(read_refusal, of=QMessageBox, title=_("Print"))
    person.click(_("Print for signature…"), form)
    qtbot.waitUntil(lambda: bool(refusals), timeout=10000)
    qtbot.wait(500)
    never.stop()
    text = refusals[0]
    assert not previews
    assert _("Agreement {agreement} cannot go out for signature:").format(
        agreement=f"{reference} (Rosa Elena Quintero Núñez)") in text
    assert "• " + _("Rotation plan") + ":" in text and "rotation_plan_id" not in text
    assert _("It stays a draft: nothing was printed, saved or marked. Correct what is listed above, then print "
             "it for signature again.") in text
    assert db.get("agreements", short)["status"] == "draft" and _audit_entries(db) == before
    draft = status_label("draft")
    assert form.title.text().endswith(draft) and _status_cell(page, short) == draft

    # -- the listed agreements: the one that fits is printed and marked, the refused one named --------------
    folder = tmp_path / "batch"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    summaries: list[str] = []

    def read_summary(dialog: QWidget) -> None:
        summaries.append(dialog.text.toPlainText())  # type: ignore[attr-defined]
        person.shot("batch-summary", dialog)
        dialog.close()

    person.when_dialog(read_summary, of=TextDialog, wait_ms=60000)
    person.answer_batch_print()
    person.menu(_("&File"), _("Print the &listed agreements…"))
    qtbot.waitUntil(lambda: bool(summaries), timeout=60000)
    summary = summaries[0]
    assert _("Not printed:") in summary and f"{reference} (Rosa Elena Quintero" in summary
    assert "• " + _("Rotation plan") + ":" in summary
    # the draft printed went out for signature, and the window says so (as vetdesk print batch does)
    assert i18n.ngettext("{n} of them was a draft and is now “{status}”: it went out for signature.",
                         "{n} of them were drafts and are now “{status}”: they went out for signature.", 1).format(
        n=1, status=status_label("printed")) in summary, summary
    files = sorted(p.name for p in folder.glob("*.pdf"))
    fits_reference = db.get("agreements", fits)["reference"]
    assert len(files) == 1 and fits_reference in files[0]
    printed = status_label("printed")
    assert db.get("agreements", fits)["status"] == "printed" and db.get("agreements", short)["status"] == "draft"
    qtbot.waitUntil(lambda: _status_cell(page, fits) == printed, timeout=5000)
    assert _status_cell(page, short) == draft
    assert printing.may_go_out(window, db, fits)  # a reprint is not asked


def test_shortening_a_programme_is_warned_of_with_its_agreements(qtbot, window, language) -> None:  # type: ignore[no-untyped-def]
    """Issue 20: a programme's duration shortened below its agreements' terms was saved silently; it is warned of
    with how many agreements run longer and the rule that will refuse them, and saved once the officer accepts."""
    from datetime import timedelta

    db = window.db
    programme = f.make_programme(db, code="MEC-CORTO", duration_months=36)
    start = add_months(f.TODAY.replace(day=1), 1)
    for _n in range(2):
        f.make_agreement(db, programme_id=programme, end_date=add_months(start, 24) - timedelta(days=1))
    person = Person(qtbot, window, f"programme-shortened-{language}")
    person.nav(_("Programmes"))
    page = window.current_list()
    qtbot.waitUntil(lambda: not page.loading, timeout=10000)
    person.type(_("Search"), "MEC-CORTO")
    qtbot.waitUntil(lambda: not page.loading and person.rows(page.table) == 1, timeout=10000)
    table: QTableView = page.table
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(page.model.index(0, 0)).center())
    QTest.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.form is not None and page.form.record_id == programme, timeout=5000)
    form = page.form
    person.type(_("Duration (months)"), "12", form)
    told: list[str] = []

    def read(box: Any) -> None:
        told.append(box.text())
        person.shot("warned", box)
        person.press(box, QMessageBox.StandardButton.Save)

    asked = person.when_dialog(read, of=QMessageBox, title=_("Save despite warnings?"))
    person.click(_("&Save"), form)
    qtbot.waitUntil(lambda: bool(asked), timeout=5000)
    from vetdesk.i18n import ngettext

    assert ngettext("{n} agreement of this programme (a draft or in force) runs longer than {months} months. An "
                    "agreement may not run beyond its programme's duration: it will be refused when it is next "
                    "saved or printed for signature. Check its end date, or keep the programme's duration.",
                    "{n} agreements of this programme (drafts or in force) run longer than {months} months. An "
                    "agreement may not run beyond its programme's duration: each will be refused when it is next "
                    "saved or printed for signature. Check their end dates, or keep the programme's duration.",
                    2).format(n=2, months=12) in " ".join(told[0].split())
    qtbot.waitUntil(lambda: db.get("programmes", programme)["duration_months"] == 12, timeout=5000)
