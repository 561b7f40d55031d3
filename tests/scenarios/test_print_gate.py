"""No agreement gets past draft without passing the print-for-signature rules (issues 21 and 23; found by a new
user's re-trial): "Mark as printed" on a draft whose company has no legal representative is refused in the
officer's words, naming what to record and where; the form and the list still say *draft* and nothing is
written. Once the officer records the representative on the company, marking it printed succeeds and the list
row says *printed*."""

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


def test_a_draft_the_contract_cannot_print_is_not_marked_printed(qtbot, window, language) -> None:  # type: ignore[no-untyped-def]
    db = window.db
    company = f.make_company(db, name="Frenos del Bajío", legal_representative=None)
    agreement = f.make_agreement(db, company_id=company)
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
    assert "legal_representative" not in text and "company." not in text  # no internal name
    if language == "es":
        assert "representante legal de la empresa" in text and "Representante legal" in text
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
