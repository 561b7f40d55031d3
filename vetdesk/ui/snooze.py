"""The day a dashboard item comes back, asked from its card's context menu (``ui.logbook_reminders``)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from vetdesk.i18n import N_, _


class SnoozeDialog(QDialog):
    """Ask for the day a dashboard item comes back (typed as the reader writes dates, or from the calendar)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        from vetdesk.services.fields import Field
        from vetdesk.ui.editors import DateEditor

        super().__init__(parent)
        self.setWindowTitle(_("Snooze until…"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("{item}: hide it from your dashboard until this day.").format(item=title), self))
        self.until = DateEditor(Field("until", "date", N_("Snooze until")), self)
        self.until.set_value(date.today() + timedelta(days=7))
        layout.addWidget(self.until)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.until.setFocus()

    def day(self) -> date | None:
        value = self.until.value()
        return value if isinstance(value, date) else None
