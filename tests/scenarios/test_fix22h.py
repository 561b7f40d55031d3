"""What a new user's trial of issue 22 found in the window (branch fix22h), as an officer meets it."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QWidget

from tests import factories as f
from tests.scenarios.person import Person
from tests.scenarios.test_fix22g import _open
from vetdesk.i18n import _
from vetdesk.services import records
from vetdesk.ui.main_window import MainWindow


def test_a_screen_reader_names_each_signature_tick_by_its_party(qtbot, window: MainWindow, language: str) -> None:  # type: ignore[no-untyped-def]
    """The ticks of the signatures dialog read "Firmado por el plantel" / "Signed by the school", not the date
    field's label with "signed" after it ("Firmado por el plantel el firmó")."""
    db = window.db
    school, company = f.make_school(db, name="CONALEP Querétaro II"), f.make_company(db, name="Frenos del Bajío")
    collaboration = f.make_collaboration(db, school_id=school, company_id=company, active=False)
    records.update(db, "collaborations", collaboration, {"status": "printed"}, accept_warnings=True)
    reference = records.get(db, "collaborations", collaboration)["reference"]
    person = Person(qtbot, window, f"fix22h-signature-ticks-{language}")
    form = _open(person, _("Collaboration agreements"), reference, collaboration)
    names: list[str] = []

    def read(dialog: QWidget) -> None:
        names.extend(b.accessibleName() for b in dialog.findChildren(QCheckBox) if b.isVisible())
        person.shot("signature-ticks", dialog)
        from PySide6.QtWidgets import QDialogButtonBox

        person.press(dialog.findChild(QDialogButtonBox), QDialogButtonBox.StandardButton.Cancel)

    seen = person.when_dialog(read, of=QDialog, title=_("Record signatures"))
    person.click(_("Record signatures…"), form)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    expected = {"es": ["Firmado por el plantel", "Firmado por la empresa", "Firmado por la cámara"],
                "en": ["Signed by the school", "Signed by the company", "Signed by the chamber"]}[language]
    assert names == expected
    assert records.get(db, "collaborations", collaboration)["school_signed_on"] is None  # cancelled: nothing written
