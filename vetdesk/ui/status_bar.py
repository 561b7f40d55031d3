"""The main window's status bar, whose messages wrap: a long one ("Agreement CA-… cannot be printed for
signature: …", a backup's full path) is read whole on as many lines as it takes, not cut at the window's edge."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget


class WrappingStatusBar(QStatusBar):
    """A status bar that shows its message (``showMessage``, ``currentMessage`` as usual) in a word-wrapped label
    spanning the bar, instead of painting it on one line that is cut where the window ends."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName("status")
        self.message.setContentsMargins(4, 0, 4, 0)
        self.addPermanentWidget(self.message, 1)
        self.messageChanged.connect(self.message.setText)

    def let_select(self) -> None:
        """The message can be selected with the mouse (a backup's path copied); set once the first screen is up,
        as it takes PySide6's ``Qt`` namespace (see :mod:`vetdesk.ui`)."""
        from PySide6.QtCore import Qt

        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def paintEvent(self, event: Any) -> None:
        """The message is the label's; the bar itself paints only its background (no second, cut copy)."""
        if not self.currentMessage():
            super().paintEvent(event)
