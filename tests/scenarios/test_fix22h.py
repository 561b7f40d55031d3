"""What a new user's trial of issue 22 found in the window (branch fix22h), as an officer meets it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QLabel, QWidget

from tests import factories as f
from tests.scenarios.person import Person
from tests.scenarios.test_fix22g import _open
from vetdesk import i18n
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


def test_the_rotations_page_says_when_leaving_early_leaves_the_end_without_a_position(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str, tmp_path) -> None:
    """Issue 22's trial: leaving Almacén early moved the later positions' planned dates (overlapping planned
    windows on the form) and the rotation then ended 8 weeks before the agreement, unsaid. The officer sees the
    plan as signed, the actual dates, and a warning under the rotation saying what to do."""
    from datetime import timedelta

    from PySide6.QtWidgets import QLabel

    from tests.services.test_training_setup import START, Office

    db = window.db
    office = Office(db, tmp_path)
    agreement = records.create(db, "agreements", office.agreement_values()).id
    f.activate(db, agreement)
    records.create(db, "rotations", {"agreement_id": agreement, "position_id": office.positions[0],
                                     "actual_start": START, "actual_end": START + timedelta(days=34)},
                   accept_warnings=True)
    person = Person(qtbot, window, f"fix22h-rotation-early-{language}")
    person.nav(_("Rotations"))
    page = window.current_list()
    assert page is not None
    table = page.table
    qtbot.waitUntil(lambda: table.model().rowCount() == 1, timeout=10000)
    qtbot.wait(200)
    person.type(page.search.accessibleName(), records.get(db, "agreements", agreement)["reference"], page)
    qtbot.waitUntil(lambda: table.model().rowCount() == 1, timeout=5000)
    person.key(Qt.Key.Key_Return, widget=page.search)
    qtbot.waitUntil(lambda: page.form is not None and page.form.record_id is not None, timeout=10000)
    form = page.form
    schedule = person.find(_("The agreement's rotation"), root=form)
    qtbot.waitUntil(lambda: schedule.rowCount() == 4, timeout=5000)
    notice = person.find(_("Rotation warning"), QLabel, form)
    form.fields_area.ensureWidgetVisible(notice)
    qtbot.wait(200)
    person.shot("rotation-early")
    said = {"es": "la rotación ahora termina el", "en": "the rotation now ends on"}[language]
    assert said in notice.text() and notice.isVisible(), notice.text()
    planned = [schedule.item(row, 4).text().replace("\n", " ") for row in range(4)]
    fmt = i18n.current().format_numeric_date
    assert planned[1].startswith(fmt(START + timedelta(weeks=13)))  # as signed, not moved earlier
    actual = schedule.item(0, 5).text().replace("\n", " ")
    assert fmt(START + timedelta(days=34)) in actual


def test_the_agreed_start_and_the_day_in_force_read_apart_on_both_kinds(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str) -> None:
    """A collaboration agreement's form said "Vigente desde" for its start and "En vigor desde" for the day it came
    into force; a learning agreement's said "Vigente desde" for the latter. Both kinds now say "Fecha de inicio"
    for the agreed start and "En vigor desde" for the day in force, in the forms and the lists."""
    from PySide6.QtWidgets import QLabel, QLineEdit

    db = window.db
    school, company = f.make_school(db, name="CONALEP Querétaro II"), f.make_company(db, name="Frenos del Bajío")
    collaboration = f.make_collaboration(db, school_id=school, company_id=company)
    agreement = f.make_agreement(db, company_id=company, school_id=school)
    f.activate(db, agreement)
    person = Person(qtbot, window, f"fix22h-in-force-labels-{language}")
    start, in_force = {"es": ("Fecha de inicio", "En vigor desde"), "en": ("Start date", "In force since")}[language]
    for page_label, kind, record_id in ((_("Collaboration agreements"), "collaborations", collaboration),
                                        (_("Agreements"), "agreements", agreement)):
        form = _open(person, page_label, records.get(db, kind, record_id)["reference"], record_id)
        person.shot(f"{kind}-form")
        labels = [label.text().rstrip(" \u00a0*:") for label in form.findChildren(QLabel) if label.isVisible()]
        assert start in labels and in_force in labels, labels
        assert "Vigente desde" not in labels and "Active since" not in labels
        assert person.find(in_force, QLineEdit, form).text()  # the day it came into force, shown
        page = window.current_list()
        titles = [page.table.model().headerData(i, Qt.Orientation.Horizontal)
                  for i in range(page.table.model().columnCount())]
        assert "Vigente desde" not in titles and "In force from" not in titles, titles


def test_the_programme_form_offers_the_scale_and_the_template_in_words(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str) -> None:
    """The programme form showed "Plantilla de convenio: mmfd" as a free-text code and no way to set the rating
    scale (only ``vetdesk catalogue scale``). Both are chosen in words now, by the command line's rules."""
    from PySide6.QtWidgets import QComboBox

    from vetdesk.domain import scales

    db = window.db
    programme = f.make_programme(db, code="MECA", name="Mecatrónica")
    person = Person(qtbot, window, f"fix22h-programme-choices-{language}")
    form = _open(person, _("Programmes"), "MECA", programme)
    template = person.find(_("Agreement template"), QComboBox, form)
    assert template.currentText() == "MMFD"
    person.choose(_("Agreement template"), _("contract § 11 BBiG"), form)
    person.click(_("&Save"), form)
    qtbot.waitUntil(lambda: records.get(db, "programmes", programme)["templates"] == "bbig", timeout=5000)
    scale = person.find(_("Rating scale"), QComboBox, form)
    form.fields_area.ensureWidgetVisible(scale)
    assert scale.currentText() == _(scales.SCALE_NAMES["four_levels"])
    # Trial 3: the long name beside its label widened the form past its pane (a horizontal scroll bar); it sits
    # under its label now, within the pane. Trial 4: the name with its levels was cut in the choice ("…,
    # competente, sobr"): the choice says a short name, whole, and the levels are spelt out in a line under it.
    assert not form.fields_area.horizontalScrollBar().isVisible()
    assert scale.mapTo(form, scale.rect().topRight()).x() <= form.width()
    _assert_whole_in_its_choice(scale)
    levels = person.find(_("The scale's levels"), QLabel, form)
    assert levels.text() == {"es": "1 = aún no demostrada, 2 = en desarrollo, 3 = competente, 4 = sobresaliente",
                             "en": "1 = not yet shown, 2 = developing, 3 = competent, 4 = outstanding"}[language]
    assert levels.wordWrap() and levels.mapTo(form, levels.rect().topRight()).x() <= form.width()
    person.shot("programme-scale")
    person.choose(_("Rating scale"), _(scales.SCALE_NAMES["pass_fail"]), form)
    qtbot.waitUntil(lambda: records.get(db, "programmes", programme)["scale"] == scales.PASS_FAIL, timeout=5000)
    person.shot("programme-choices")
    assert scale.currentText() == {"es": "Competente o aún no competente",
                                   "en": "Competent or not yet competent"}[language]
    _assert_whole_in_its_choice(scale)
    assert levels.text() == {"es": "0 = todavía no competente, 1 = competente",
                             "en": "0 = not yet competent, 1 = competent"}[language]


def _assert_whole_in_its_choice(combo: Any) -> None:
    """The chosen entry's words fit in the closed combo box beside its arrow (nothing elided)."""
    from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    room = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                        QStyle.SubControl.SC_ComboBoxEditField, combo).width()
    needed = combo.fontMetrics().horizontalAdvance(combo.currentText())
    assert needed <= room, (combo.currentText(), needed, room)
