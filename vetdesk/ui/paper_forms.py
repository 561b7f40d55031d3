"""*Key in a paper form*: the reference under a printed form's QR code, scanned (a scanner types the code's text
and Enter) or typed, opens what the form is keyed into — a weekly report form's week in the weekly reports' form
(the recorded report, or a new one for that agreement and week), an assessment form's position in the rating grid.
Which form a reference is, and whether the user may see it, is the core's (``services.logbook.find_paper_form``):
a reference this office's records do not hold for the user is refused in the dialog, which stays open to correct
it."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from vetdesk.domain.problems import RuleViolation
from vetdesk.i18n import _
from vetdesk.services import logbook
from vetdesk.services.office import Office


class KeyInDialog(QDialog):
    """Ask for a printed form's reference; ``found`` is what it keys back once accepted."""

    def __init__(self, db: Office, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.found: logbook.PaperWeek | tuple[int, int] | None = None
        self.setWindowTitle(_("Key in a paper form"))
        layout = QVBoxLayout(self)
        about = QLabel(_("Scan the QR code of a weekly report form or an assessment form, or type the reference "
                         "printed under it (e.g. {example}).").format(example=logbook.PAPER_WEEK_EXAMPLE), self)
        about.setWordWrap(True)
        layout.addWidget(about)
        self.reference = QLineEdit(self)
        self.reference.setAccessibleName(_("Reference on the form"))
        self.reference.setPlaceholderText(logbook.PAPER_WEEK_EXAMPLE)
        layout.addWidget(self.reference)
        self.message = QLabel(self)
        self.message.setAccessibleName(_("Problem"))
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()
        self.reference.textEdited.connect(lambda _text: self.message.hide())
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.open_button = buttons.addButton(_("&Open"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(max(480, self.fontMetrics().horizontalAdvance(about.text()) // 2))
        self.reference.setFocus()

    def accept(self) -> None:
        try:
            self.found = logbook.find_paper_form(self.db, self.reference.text())
        except RuleViolation as exc:
            self.message.setText("\n".join(p.message for p in exc.problems))
            self.message.show()
            self.adjustSize()  # the whole refusal, on as many lines as it takes
            self.reference.setFocus()
            self.reference.selectAll()
            return
        super().accept()
