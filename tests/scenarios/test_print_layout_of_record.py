"""Issue 23 (trial 23d): after a party signed, another layout could be printed and became the layout of record.
In the print preview, choosing another layout than the one the agreement went out in is refused once a signature
is recorded, in the core's words (``agreement_sheet.layout_change``), as ``vetdesk print --template`` says it;
nothing is printed and the history keeps the layout it went out in."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QComboBox, QMessageBox, QWidget

from tests import factories as f
from tests.scenarios.person import Person
from tests.scenarios.test_print_choices import _choose_refused, _printings
from tests.scenarios.test_print_gate import _open_found
from vetdesk.i18n import _
from vetdesk.services import records
from vetdesk.ui.printing import PdfPreview


def test_another_layout_is_refused_in_the_preview_once_a_party_signed(  # type: ignore[no-untyped-def]
        qtbot, window, language, tmp_path: Path) -> None:
    db = window.db
    programme = f.make_programme(db, templates="mmfd")
    agreement = f.make_agreement(db, programme_id=programme)
    records.print_for_signature(db, [agreement], template="mmfd", language="es")
    records.update(db, "agreements", agreement, {"company_signed_on": date.today()}, accept_warnings=True)
    reference = db.get("agreements", agreement)["reference"]
    person = Person(qtbot, window, f"print-layout-of-record-{language}")
    page = _open_found(person, qtbot, window, _("Agreements"), reference, agreement)
    refused: list[str] = []
    shown: dict[str, Any] = {}

    def read_refusal(box: QWidget) -> None:
        refused.append(box.text())  # type: ignore[attr-defined]
        person.shot("refused", box)
        person.press(box, QMessageBox.StandardButton.Ok)

    def in_preview(preview: QWidget) -> None:
        layout = person.find(_("Layout"), QComboBox, preview)
        shown["default"] = layout.currentData()
        person.when_dialog(read_refusal, of=QMessageBox, title=_("Print"), wait_ms=30000)
        _choose_refused(person, qtbot, layout, _("AHK standard (§ 11 BBiG)"))
        qtbot.waitUntil(lambda: bool(refused), timeout=30000)
        shown["after"] = layout.currentData()
        preview.reject()

    person.when_dialog(in_preview, of=PdfPreview, wait_ms=30000)
    person.click(_("Print for signature…"), page.form)
    qtbot.waitUntil(lambda: "after" in shown, timeout=60000)
    assert shown == {"default": "mmfd", "after": "mmfd"}, shown
    assert reference in refused[0] and _("Mexican Dual Training Model (MMFD)") in refused[0], refused
    assert {"es": "regrese el convenio a borrador", "en": "put the agreement back to draft"}[language] in refused[0], \
        refused
    assert [p["template"] for p in _printings(db, agreement)] == ["mmfd"]  # nothing printed, the layout kept
