"""What the last reading of issue 23's documents left (doc23p), as a person meets it in the window: a signed
agreement's preview, after the office edited its text, says the copy prints the text it was signed with.
Screenshots go to ``screenshots/scenarios/``."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from tests import factories as f
from tests.scenarios.person import Person
from vetdesk.i18n import _
from vetdesk.services import clauses, records
from vetdesk.ui.main_window import MainWindow


def _open(person: Person, reference: str, record_id: int) -> Any:
    """Find the agreement on its page by its reference and open it with Enter."""
    person.nav(_("Agreements"))
    page = person.window.current_list()  # type: ignore[attr-defined]
    person.type(page.search.accessibleName(), reference, page)
    person.key(Qt.Key.Key_Return, widget=page.search)
    person.qtbot.waitUntil(lambda: page.form is not None and page.form.record_id == record_id, timeout=10000)
    return page.form


def test_a_signed_copys_preview_says_it_prints_the_text_it_was_signed_with(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str) -> None:
    """Signed under the shipped text (v0); the office then saved its own Spanish text (v1). Ctrl+P on the open
    agreement previews its copy: the note above the pages says it prints v0, the text signed, not v1."""
    from vetdesk.ui.printing import PdfPreview

    db = window.db
    agreement = f.make_agreement(db, start_date=date.today())
    db.print_for_signature([agreement], language="es")
    records.update(db, "agreements", agreement, {"status": "signed"} | f.signature_values(db, agreement),
                   accept_warnings=True)
    clauses.save(db, "agreement", "es", clauses.shipped("agreement", "es") + "\nLas partes firman cada hoja.\n")
    reference = records.get(db, "agreements", agreement)["reference"]
    person = Person(qtbot, window, f"doc23p-kept-text-{language}")
    form = _open(person, reference, agreement)
    said: dict[str, str] = {}

    def look(preview: PdfPreview) -> None:
        notice = next(w for w in preview.findChildren(QLabel) if w.accessibleName() == _("Before printing"))
        said["window"] = notice.text() if notice.isVisible() else ""
        person.shot("preview-kept-text", preview)
        preview.reject()

    seen = person.when_dialog(look, of=PdfPreview, wait_ms=60000)
    person.key(Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier, widget=form)
    qtbot.waitUntil(lambda: "window" in said and bool(seen), timeout=60000)
    assert reference in said["window"] and "agreement/es v0" in said["window"], said
    assert "agreement/es v1" in said["window"], said
    assert records.get(db, "agreements", agreement)["status"] == "signed"


def test_the_agreement_form_says_when_a_signed_amendments_terms_apply(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str) -> None:
    """An amendment stating a day of effect a month away, signed by all today: the agreement's form (its end
    date already the amended one) says under the amendment that its terms apply from that day, as its printout
    and ``vetdesk show`` say."""
    from datetime import timedelta

    from tests.reports.conftest import END, make_world
    from tests.services.test_amendments import _slipped_plan, signed_by_all
    from vetdesk.i18n import shown_day

    db = window.db
    w = make_world(db, minor=False, positions=3, rated=False, status="active")
    on = date.today() + timedelta(days=30)
    db.amend_agreement(w.agreement_id, {"rotation_plan_id": _slipped_plan(db, w.agreement_id),
                                        "end_date": END + timedelta(weeks=8), "effective_on": on,
                                        "reason": "Paro técnico"}, accept_warnings=True)
    signed_by_all(db, w.agreement_id)
    person = Person(qtbot, window, f"doc23p-amendment-{language}")
    form = _open(person, w.reference, w.agreement_id)
    qtbot.waitUntil(lambda: form.amendments_label.isVisible(), timeout=5000)
    text = form.amendments_label.text()
    person.shot("amendment-pending", form)
    assert _("The agreement's terms shown are those of {reference}, recorded at its last signature; they apply "
             "from {date}, and until then the terms before it do.").format(
        reference=f"{w.reference}-M1", date=shown_day(on)) in " ".join(text.split()), text
