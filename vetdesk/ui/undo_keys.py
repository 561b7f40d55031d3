"""Ctrl+Z in the main window: the focused field's own undo while it holds typing it can take back, else the
window's *Undo last change*.

A text field (a line edit, a spin box's or an editable combo box's line, a multi-line text) claims Ctrl+Z for its
own undo even when it has nothing to undo, and then nothing at all happened: right after deleting a record or
returning an agreement to draft, the focus in the list's search field or a form's field, the key did nothing while
the menu's item worked. Every such field of the window, once it takes the focus, lets the key go to the window's
action when it has no typing of its own to take back (a field shown again after saving or loading has none:
setting its text clears it)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

_TEXT = (QLineEdit, QAbstractSpinBox, QComboBox, QPlainTextEdit, QTextEdit)


def has_own_undo(widget: QWidget) -> bool:
    """Whether ``widget`` holds typing of its own that Ctrl+Z takes back (an editable field with something to
    undo)."""
    line: QWidget | None = widget
    if isinstance(widget, QAbstractSpinBox):
        line = widget.findChild(QLineEdit)
    elif isinstance(widget, QComboBox):
        line = widget.lineEdit() if widget.isEditable() else None
    if isinstance(line, QLineEdit):
        return not line.isReadOnly() and line.isUndoAvailable()
    if isinstance(line, (QPlainTextEdit, QTextEdit)):
        return not line.isReadOnly() and line.document().isUndoAvailable()
    return False


class UndoKeys(QObject):
    """Watches the text field that has the focus in ``window`` (installed as each takes it)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focused)

    def _focused(self, _old: QWidget | None, new: QWidget | None) -> None:
        if isinstance(new, _TEXT) and new.window() is self._window:
            new.installEventFilter(self)  # once: installing it again moves it to the front, never twice

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) \
                and event.matches(QKeySequence.StandardKey.Undo) and isinstance(watched, QWidget) \
                and not has_own_undo(watched):
            event.ignore()  # not the field's: the shortcut goes to the window's Undo last change
            return True
        return super().eventFilter(watched, event)
