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
