"""What a new user's trial of issue 21 found in the window (branch fix21h), each driven as a person drives it:
the wheel turned over a record, asserted on screen and in the database."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QWidget

from tests import factories as f
from tests.scenarios.person import Person
from vetdesk.i18n import _
from vetdesk.services import records
from vetdesk.ui.main_window import MainWindow


def _wheel(widget: QWidget, notches: int = -1) -> None:
    """One turn of the mouse wheel (down for a negative ``notches``) with the pointer over ``widget``."""
    local = QPointF(widget.rect().center())
    event = QWheelEvent(local, QPointF(widget.mapToGlobal(local.toPoint())), QPoint(0, 0), QPoint(0, 120 * notches),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_the_wheel_scrolls_a_record_and_changes_no_drop_down(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                             language: str) -> None:
    """Scrolling an apprentice's record with the wheel, the pointer passing over the sex and school drop-downs,
    changed them unclicked (and the change was saved). The wheel now scrolls the record; a drop-down clicked
    into still takes the wheel."""
    db = window.db
    school = f.make_school(db)
    apprentice = f.make_apprentice(db, school_id=school, sex="M")
    person = Person(qtbot, window, f"fix21h-wheel-{language}")
    window.open_record("apprentices", apprentice)
    page = window.current_list()
    qtbot.waitUntil(lambda: page.form is not None and page.form.record_id == apprentice, timeout=5000)
    form = page.form
    bar = form.fields_area.verticalScrollBar()
    combos = [c for c in form.fields_area.widget().findChildren(QComboBox) if c.isVisible() and c.isEnabled()]
    sex = person.find(records.kind("apprentices").field("sex").title(), QComboBox, form)  # type: ignore[union-attr]
    assert sex in combos and len(combos) >= 2
    for combo in combos:
        assert combo.focusPolicy() == Qt.FocusPolicy.StrongFocus, combo.accessibleName()
    assert all(s.focusPolicy() != Qt.FocusPolicy.WheelFocus
               for s in form.findChildren(QAbstractSpinBox) if s.isVisible())
    shown = {c.accessibleName(): c.currentText() for c in combos}
    assert bar.maximum() > 0, "the record fits the window: nothing to scroll"
    bar.setValue(0)
    for combo in combos:
        form.fields_area.ensureWidgetVisible(combo)
        top = bar.value()
        _wheel(combo)
        assert bar.value() > top or bar.value() == bar.maximum(), combo.accessibleName()
    person.shot("scrolled")
    assert {c.accessibleName(): c.currentText() for c in combos} == shown
    assert not form.is_dirty()
    assert records.get(db, "apprentices", apprentice)["sex"] == "M"

    # Clicked into (its list closed again with Escape), the drop-down takes the wheel as before.
    form.fields_area.ensureWidgetVisible(sex)
    QTest.mouseClick(sex, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(sex.view().isVisible, timeout=3000)
    QTest.keyClick(sex.view(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not sex.view().isVisible(), timeout=3000)
    assert sex.hasFocus()
    before = sex.currentIndex()
    _wheel(sex, -1 if before < sex.count() - 1 else 1)
    assert sex.currentIndex() != before
    assert form.is_dirty()


def test_tab_out_of_the_agreement_field_takes_the_one_match_and_never_clears_unsaid(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str) -> None:
    """A new assessment: the officer typed the agreement's reference, the offers showed exactly that one, and Tab
    left the field empty, unsaid. Tab now takes the one match (as Enter does); text matching several agreements,
    or none, stays typed, with a note under the field."""
    from PySide6.QtWidgets import QLabel, QLineEdit

    db = window.db
    first = f.make_agreement(db)
    f.make_agreement(db)
    reference = records.get(db, "agreements", first)["reference"]
    surname = records.get(db, "apprentices", records.get(db, "agreements", first)["apprentice_id"])["first_surname"]
    person = Person(qtbot, window, f"fix21h-picker-tab-{language}")
    person.nav(_("Assessments"))
    page = window.current_list()
    qtbot.waitUntil(lambda: not page.loading, timeout=10000)
    person.click(_("New {kind}").format(kind=_(records.kind("assessments").singular)), page)
    qtbot.waitUntil(lambda: page.form is not None, timeout=5000)
    form = page.form
    title = records.kind("assessments").field("agreement_id").title()  # type: ignore[union-attr]
    picker = form.editors["agreement_id"]
    line = person.find(title, QLineEdit, form)
    note_name = _("{field}: note").format(field=title)

    # Several match the apprentice's surname: the text stays, the note says to choose.
    person.type(title, surname, form)
    qtbot.waitUntil(picker.completer.popup().isVisible, timeout=5000)
    QTest.keyClick(picker.completer.popup(), Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: not line.hasFocus(), timeout=3000)
    note = person.find(note_name, QLabel, form)
    assert line.text() == surname and picker.value() is None
    assert note.text() == _("Several match “{text}”: choose one from the list.").format(text=surname)
    person.shot("several")

    # None matches: the text stays, the note says so.
    person.type(title, "Zzyzx", form)
    QTest.keyClick(line, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: not line.hasFocus(), timeout=3000)
    assert line.text() == "Zzyzx" and picker.value() is None
    assert note.isVisible() and "Zzyzx" in note.text() and note.text() != \
        _("Several match “{text}”: choose one from the list.").format(text="Zzyzx")

    # The reference, offered alone: Tab takes it, and the note goes.
    person.type(title, reference, form)
    qtbot.waitUntil(picker.completer.popup().isVisible, timeout=5000)
    QTest.keyClick(picker.completer.popup(), Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: picker.value() == first, timeout=3000)
    assert line.text().startswith(reference) and not note.isVisible()
    person.shot("taken")


def test_a_refused_save_puts_the_cursor_in_the_first_field_in_error(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str) -> None:
    """A new apprentice with a CURP one character short and no name: Save put the cursor in the given names
    (further down), not in the CURP at the top. The first field in error, in the form's order, takes the cursor,
    and the status bar says what stopped the save."""
    from PySide6.QtWidgets import QLineEdit

    person = Person(qtbot, window, f"fix21h-refused-{language}")
    person.nav(_("Apprentices"))
    page = window.current_list()
    qtbot.waitUntil(lambda: not page.loading, timeout=10000)
    person.click(_("New {kind}").format(kind=_(records.kind("apprentices").singular)), page)
    qtbot.waitUntil(lambda: page.form is not None, timeout=5000)
    form = page.form
    curp_title = records.kind("apprentices").field("curp").title()  # type: ignore[union-attr]
    person.type(curp_title, "GOMA0803XXHDFRRN0", form)
    person.click(_("&Save"), form)
    curp = person.find(curp_title, QLineEdit, form)
    qtbot.waitUntil(lambda: form.problem_text("curp") != "", timeout=3000)
    assert form.problem_text("given_names") != ""  # the name, further down, is refused too
    assert QApplication.focusWidget() is curp
    said = window.statusBar().currentMessage()
    assert said.startswith(_("Not saved: {problem}").split("{problem}")[0]) and curp_title in said, said
    person.shot("refused")
    assert records.list_records(window.db, "apprentices", records.ListQuery()) == []


def test_a_signature_date_corrected_loses_its_refusal(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                      language: str) -> None:
    """*Record signatures*: the refusal "… is in the future" stayed under the company's date after the officer
    corrected it. Typing another date takes the message away (OK says again what still does not hold)."""
    from datetime import date, timedelta

    from PySide6.QtWidgets import QCheckBox, QDialog, QLabel, QLineEdit

    from tests.scenarios.test_new_user_retrial import open_printed_agreement
    from vetdesk import i18n

    person, form, agreement = open_printed_agreement(qtbot, window, f"fix21h-signatures-{language}")
    db = window.db
    today = date.today()
    future = today + timedelta(days=30)
    company = records.kind("agreements").field("company_signed_on").title()  # type: ignore[union-attr]
    seen: dict[str, list[str]] = {}

    def shown(dialog: QWidget) -> list[str]:
        return [label.text() for label in dialog.findChildren(QLabel) if label.isVisible() and "✖" in label.text()]

    def sign(dialog: QWidget) -> None:
        from vetdesk.ui.agreement_form import signed_box_name

        QTest.mouseClick(person.find(signed_box_name("company_signed_on", company), QCheckBox, dialog),
                         Qt.MouseButton.LeftButton)
        person.type_date(company, future, dialog)
        person.ok(dialog)
        qtbot.wait(100)
        seen["refused"] = shown(dialog)
        person.type_date(company, today, dialog)
        seen["corrected"] = shown(dialog)
        seen["typed"] = [person.find(company, QLineEdit, dialog).text()]
        person.shot("corrected", dialog)
        dialog.reject()

    answered = person.when_dialog(sign, of=QDialog, title=_("Record signatures"))
    person.click(_("Record signatures…"), form)
    qtbot.waitUntil(lambda: "corrected" in seen, timeout=8000)
    assert answered
    assert len(seen["refused"]) == 1 and i18n.shown_day(future) in seen["refused"][0], seen
    assert seen["corrected"] == [] and seen["typed"] == [i18n.shown_day(today)], seen
    assert records.get(db, "agreements", agreement)["company_signed_on"] is None
