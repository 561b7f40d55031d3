"""The wheel guard (``ui.editors``) sits on the drop-downs, spin boxes and date boxes alone: the events of every
other widget never pass through it (it used to be a filter on the whole application, which every event of the
window went through once a form had been opened), and a drop-down in any dialog, made after the guard was put
in, is guarded as one in a record's form is."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from vetdesk.services import fields as F
from vetdesk.ui import editors


def _wheel(widget: QWidget, notches: int = -1) -> None:
    local = QPointF(widget.rect().center())
    event = QWheelEvent(local, QPointF(widget.mapToGlobal(local.toPoint())), QPoint(0, 0), QPoint(0, 120 * notches),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_the_guard_sees_the_value_widgets_events_only(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    seen: list[tuple[str, QEvent.Type]] = []
    original = editors.wheel_guarded

    def counting(watched: QObject, event: QEvent) -> bool:
        seen.append((type(watched).__name__, event.type()))
        return original(watched, event)

    monkeypatch.setattr(editors, "wheel_guarded", counting)
    qtbot.addWidget(editors.TextEditor(F.Field("name", "text", "Name")))  # a form's first editor puts the guard in

    # A dialog made afterwards, with a long list of fields to scroll: not a record's form.
    dialog = QDialog()
    qtbot.addWidget(dialog)
    area = QScrollArea(dialog)
    QVBoxLayout(dialog).addWidget(area)
    inner = QWidget()
    column = QVBoxLayout(inner)
    labels = [QLabel(f"Fila {i}") for i in range(40)]
    combo, spin = QComboBox(), QSpinBox()
    combo.addItems(["uno", "dos", "tres"])
    combo.setAccessibleName("Opción")
    for i, label in enumerate(labels):
        column.addWidget(label)
        if i == 5:
            column.addWidget(combo)
            column.addWidget(spin)
    area.setWidget(inner)
    area.setWidgetResizable(True)
    dialog.resize(400, 300)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert combo.focusPolicy() == Qt.FocusPolicy.StrongFocus and spin.focusPolicy() == Qt.FocusPolicy.StrongFocus

    seen.clear()
    for _ in range(3):  # the labels' and the area's own events: wheeled over, painted, resized
        _wheel(area.viewport())
        labels[2].repaint()
        area.viewport().repaint()
        QApplication.processEvents()
    dialog.resize(420, 320)
    QApplication.processEvents()
    assert area.verticalScrollBar().value() > 0  # the wheel scrolled the area, without the guard
    others = [(name, kind) for name, kind in seen if name not in ("QComboBox", "QSpinBox")]
    assert others == [], others[:10]

    # Over the drop-down and the spin box the guard takes the wheel: the area scrolls, the values stay.
    area.verticalScrollBar().setValue(0)
    area.ensureWidgetVisible(combo)
    top = area.verticalScrollBar().value()
    _wheel(combo)
    _wheel(spin)
    assert ("QComboBox", QEvent.Type.Wheel) in seen and ("QSpinBox", QEvent.Type.Wheel) in seen
    assert combo.currentIndex() == 0 and spin.value() == 0
    assert area.verticalScrollBar().value() > top

    # Clicked into, the drop-down takes the wheel as before.
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus, timeout=3000)
    _wheel(combo)
    assert combo.currentIndex() == 1
