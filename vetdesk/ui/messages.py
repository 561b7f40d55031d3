"""Messages in the window's forms and dialogs: a word-wrapped label as tall as its lines, a message line that
keeps its room whether it says something or not (so a message appearing moves no field and no button), and the
problems said in their colours (✖ an error, ⚠ a warning)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from vetdesk.domain.problems import Problem
from vetdesk.i18n import _
from vetdesk.ui.style import ERROR_HUE, WARNING_HUE, text_colour


class WrappedLabel(QLabel):
    """A word-wrapped label that is as tall as its lines at the width it is given: a form layout asks a row's
    height before its width is known, so a two-line message at a field was cut through its second line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

    def _fit(self) -> None:
        # The width of the cell it spans: a hidden label's own width is not yet the one it will have.
        cell = self.parentWidget()
        width = cell.contentsRect().width() if cell is not None and cell.width() > 0 else self.width()
        needed = self.heightForWidth(width) if width > 0 else -1
        if needed > 0 and needed != self.minimumHeight():
            self.setMinimumHeight(needed)
            self.updateGeometry()

    def hasHeightForWidth(self) -> bool:
        # Its height is its minimum height, set for the width it has (a form layout took the height-for-width
        # at another width and cut the second line).
        return False

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()  # a word-wrapped label's guess: a narrow width, so too many lines
        if self.minimumHeight() > 0:
            hint.setHeight(self.minimumHeight())
        return hint

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit()


class ReservedMessage(WrappedLabel):
    """A message line that keeps its room, said or not: ``lines`` lines tall even when empty, so that a message
    appearing (a refusal after OK, a level out of the scale) moves no field and no button, the form's rule for
    messages (:func:`~vetdesk.ui.editors.set_note`) where a dialog has no field being typed in. A message longer
    than the room takes what it needs; the whole of it is also the label's tooltip and accessible description."""

    def __init__(self, parent: QWidget | None = None, *, lines: int = 1) -> None:
        super().__init__(parent)
        self._lines = lines
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setAccessibleName(_("Message"))
        self._reserve()

    def reserved_height(self) -> int:
        return self.fontMetrics().lineSpacing() * self._lines + self.contentsMargins().top() \
            + self.contentsMargins().bottom()

    def _reserve(self) -> None:
        if self.minimumHeight() < self.reserved_height():
            self.setMinimumHeight(self.reserved_height())

    def _fit(self) -> None:
        super()._fit()
        if self.minimumHeight() < self.reserved_height():  # an empty or one-line message keeps the room
            self.setMinimumHeight(self.reserved_height())
            self.updateGeometry()

    def say(self, html: str, plain: str = "") -> None:
        """Show ``html`` (empty: nothing, the room kept); ``plain``: the same words for the tooltip."""
        self.setText(html)
        self.setToolTip(plain)
        self.setAccessibleDescription(plain)




def problem_html(problems: list[Problem]) -> str:
    from html import escape

    parts = []
    for p in problems:
        colour = text_colour(ERROR_HUE if p.is_error else WARNING_HUE).name()  # ui.style: reads at AA
        sign = "✖" if p.is_error else "⚠"
        parts.append(f'<span style="color:{colour}">{sign} {escape(p.message)}</span>')
    return "<br>".join(parts)
