"""Issue 23 (trial 23e): changing the probation of an agreement printed and signed by the company, then Ctrl+S,
said "Saved." and made it a draft without its signature. Now the core refuses the change; the form asks, naming
the signature the change would void: No keeps the agreement printed and signed (the refusal stays at the field),
Yes saves it with the explicit way back to draft, and the signature is void."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from tests import factories as f
from tests.scenarios.person import Person
from tests.scenarios.test_print_gate import _open_found
from vetdesk.domain.lifecycle import status_label
from vetdesk.i18n import _, shown_day
from vetdesk.services import records


def test_a_printed_term_saved_asks_before_voiding_the_signatures(qtbot, window, language) -> None:  # type: ignore[no-untyped-def]
    db = window.db
    agreement = f.make_agreement(db)
    records.print_for_signature(db, [agreement], language="es")
    on = records.get(db, "agreements", agreement)["printed_on"]
    records.update(db, "agreements", agreement, {"company_signed_on": on}, accept_warnings=True)
    before = records.get(db, "agreements", agreement)
    wanted = 5 if before["holiday_days"] != 5 else 6
    reference = before["reference"]
    person = Person(qtbot, window, f"sig23n-printed-terms-{language}")
    page = _open_found(person, qtbot, window, _("Agreements"), reference, agreement)
    form = page.form
    asked: list[str] = []

    def answer(button: Any) -> Any:
        def act(box: QWidget) -> None:
            asked.append(box.text())  # type: ignore[attr-defined]
            person.shot("asked", box)
            person.press(box, button)
        return act

    # -- No: nothing written, the refusal at the field ------------------------------------------------------
    person.type(_("Holiday days a year"), str(wanted))
    person.when_dialog(answer(QMessageBox.StandardButton.No), of=QMessageBox, title=_("Back to draft"))
    person.key(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier, form)
    qtbot.waitUntil(lambda: len(asked) == 1, timeout=10000)
    qtbot.wait(300)
    assert _("Signed by the company on") in asked[0] and shown_day(on) in asked[0], asked
    assert reference in asked[0]
    kept = records.get(db, "agreements", agreement)
    assert kept["status"] == "printed" and kept["company_signed_on"] == on and kept["holiday_days"] == \
        before["holiday_days"]
    assert form.problem_text("holiday_days"), "the refusal is shown at the field"
    person.shot("refused")
    # -- Yes: saved, back to draft, the signature void --------------------------------------------------------
    person.when_dialog(answer(QMessageBox.StandardButton.Yes), of=QMessageBox, title=_("Back to draft"))
    person.click(_("&Save"), form)
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=10000)
    qtbot.waitUntil(lambda: records.get(db, "agreements", agreement)["status"] == "draft", timeout=10000)
    saved = records.get(db, "agreements", agreement)
    assert saved["holiday_days"] == wanted and saved["company_signed_on"] is None and saved["printed_on"] is None
    qtbot.waitUntil(lambda: form.title.text().endswith(status_label("draft")), timeout=5000)
    person.shot("saved-as-draft")
