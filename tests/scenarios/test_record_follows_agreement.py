"""An apprentice's open record follows its agreements' status (found by a new developer's trial of issue 20): the
officer opened the apprentice, went to Agreements, printed the agreement for signature and came back, and the
record's *Learning agreements* still said "draft", though the agreement was printed. The record shows what it
lists beside its fields as stored now after printing, signing and terminating, without a manual refresh."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QListWidget, QMessageBox, QWidget

from tests import factories as f
from tests.scenarios.person import Person
from tests.scenarios.test_new_user_retrial import _sign, office_for_a_year
from vetdesk.domain.lifecycle import status_label
from vetdesk.i18n import _
from vetdesk.services import records
from vetdesk.ui.main_window import MainWindow
from vetdesk.ui.printing import PdfPreview


def _open(person: Person, qtbot: Any, window: MainWindow, page_name: str, search: str, record_id: int) -> Any:
    """The record found as a person finds it: the page chosen, its search typed, Enter."""
    person.nav(page_name)
    page = window.current_list()
    qtbot.waitUntil(lambda: not page.loading, timeout=10000)
    person.type(page.search.accessibleName(), search, page)
    person.key(Qt.Key.Key_Return, widget=page.search)
    qtbot.waitUntil(lambda: page.form is not None and page.form.record_id == record_id, timeout=10000)
    return page.form


def _agreements_line(person: Person, apprentice_form: QWidget) -> str:
    listing = person.find(_("Learning agreements"), QListWidget, apprentice_form)
    return "\n".join(listing.item(i).text() for i in range(listing.count()))


def test_an_open_apprentice_record_follows_its_agreement(qtbot, window: MainWindow, language: str,  # type: ignore[no-untyped-def]
                                                         tmp_path: Path, monkeypatch) -> None:
    db = window.db
    ids = office_for_a_year(db)
    agreement = f.make_agreement(db, apprentice_id=ids["apprentice"], company_id=ids["company"],
                                 programme_id=ids["programme"], instructor_id=ids["instructor"],
                                 school_id=ids["school"], rotation_plan_id=ids["plan"])
    reference = records.get(db, "agreements", agreement)["reference"]
    curp = records.get(db, "apprentices", ids["apprentice"])["curp"]
    person = Person(qtbot, window, f"record-follows-agreement-{language}")
    apprentice = _open(person, qtbot, window, _("Apprentices"), curp, ids["apprentice"])
    assert f"{reference} · {status_label('draft')}" in _agreements_line(person, apprentice)

    # -- printed for signature from the Agreements page --------------------------------------------------
    form = _open(person, qtbot, window, _("Agreements"), reference, agreement)
    target = tmp_path / "convenio.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    saved = person.when_dialog(lambda preview: person.click(_("&Save as PDF…"), preview), of=PdfPreview,
                               wait_ms=30000)
    warned = person.when_dialog(lambda box: person.press(box, QMessageBox.StandardButton.Yes), of=QMessageBox,
                                title=_("Print for signature"), wait_ms=5000)
    person.click(_("Print for signature…"), form)
    qtbot.waitUntil(lambda: bool(saved) and records.get(db, "agreements", agreement)["status"] == "printed",
                    timeout=30000)
    warned.stop()
    qtbot.wait(200)
    for box in (w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()):
        box.close()
    person.nav(_("Apprentices"))
    assert window.current_list().form is apprentice  # the same record, open all along
    qtbot.waitUntil(lambda: f"{reference} · {status_label('printed')}" in _agreements_line(person, apprentice),
                    timeout=3000)
    assert status_label("draft") not in _agreements_line(person, apprentice)
    person.shot("printed", apprentice)

    # -- signed by the four parties ----------------------------------------------------------------------
    person.nav(_("Agreements"))
    today = date.today()
    signed = person.when_dialog(lambda d: _sign(person, d, ("company_signed_on", "apprentice_signed_on",
                                                            "school_signed_on", "chamber_signed_on"), today, []),
                                of=QDialog, title=_("Record signatures"))
    warned = person.when_dialog(lambda box: person.press(box, QMessageBox.StandardButton.Yes), of=QMessageBox,
                                title=_("Sign agreement"), wait_ms=3000)
    person.click(_("Record signatures…"), form)
    qtbot.waitUntil(lambda: records.get(db, "agreements", agreement)["status"] == "signed", timeout=8000)
    warned.stop()
    assert signed
    person.nav(_("Apprentices"))
    qtbot.waitUntil(lambda: f"{reference} · {status_label('signed')}" in _agreements_line(person, apprentice),
                    timeout=3000)

    # -- terminated (a status change with its date and reason) --------------------------------------------
    person.nav(_("Agreements"))

    def terminate(dialog: QWidget) -> None:
        person.type_date(_("Terminated on"), today, dialog)
        person.type(_("Termination reason"), "Cambio de domicilio", dialog)
        person.ok(dialog)

    ended = person.when_dialog(terminate, of=QDialog, title=_("Terminate the agreement"))
    going = person.when_dialog(lambda box: person.press(box, QMessageBox.StandardButton.Yes), of=QMessageBox,
                               wait_ms=3000)
    person.click(_("Terminate…"), form)
    qtbot.waitUntil(lambda: records.get(db, "agreements", agreement)["status"] == "terminated", timeout=8000)
    going.stop()
    assert ended
    person.nav(_("Apprentices"))
    qtbot.waitUntil(lambda: f"{reference} · {status_label('terminated')}" in _agreements_line(person, apprentice),
                    timeout=3000)
    person.shot("terminated", apprentice)
