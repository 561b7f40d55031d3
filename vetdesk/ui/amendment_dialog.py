"""Record an amendment to a signed agreement (*Registrar modificación…*): the rotation plan and the end from a
day on, and the reason; the core's rules refuse or warn with their own words (``Office.amend_agreement``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from vetdesk.domain.problems import RuleViolation, WarningsNotAccepted
from vetdesk.i18n import _
from vetdesk.services import amendments
from vetdesk.services.office import Office
from vetdesk.ui.editors import DateEditor
from vetdesk.ui.formatting import format_date

_SPEC = {f.name: f for f in amendments.AMENDMENT_FIELDS}


class AmendmentDialog(QDialog):
    """The amendment's values; OK records it, or shows why not (nothing is written then)."""

    def __init__(self, db: Office, record: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.agreement_id = int(record["id"])
        self.outcome: amendments.AmendmentOutcome | None = None
        self.setWindowTitle(_("Record amendment"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        intro = QLabel(_("When the training no longer fits the signed agreement (a position is dropped, weeks "
                         "change, the term is extended), the parties sign an amendment. Agreement {reference} "
                         "as signed stays as it is; from the day the amendment takes effect, the training follows "
                         "it.").format(reference=record.get("reference") or ""), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.plan = QComboBox(self)
        self.plan.setAccessibleName(_SPEC["rotation_plan_id"].title())
        for plan_id, label in amendments.plan_choices(db, self.agreement_id):
            self.plan.addItem(label, plan_id)
        current = self.plan.findData(record.get("rotation_plan_id"))
        if current >= 0:
            self.plan.setCurrentIndex(current)
        form.addRow(_SPEC["rotation_plan_id"].title(), self.plan)
        self.end = DateEditor(_SPEC["end_date"], self)
        self.end.set_value(record.get("end_date"))
        form.addRow(_SPEC["end_date"].title(), self.end)
        self.effective = DateEditor(_SPEC["effective_on"], self)
        self.effective.set_value(date.today())
        form.addRow(_SPEC["effective_on"].title(), self.effective)
        self.reason = QPlainTextEdit(self)
        self.reason.setAccessibleName(_SPEC["reason"].title())
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText(_("Why the training changes (printed on the amendment)"))
        self.reason.setFixedHeight(self.reason.fontMetrics().lineSpacing() * 4 + 12)
        form.addRow(_SPEC["reason"].title(), self.reason)
        layout.addLayout(form)
        hint = QLabel(_("Signed on: {date}. Current end: {end}.").format(
            date=format_date(record.get("chamber_signed_on") or record.get("company_signed_on")) or "—",
            end=format_date(record.get("end_date"))), self)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.message = QLabel(self)
        self.message.setAccessibleName(_("Why the amendment is not recorded"))
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Record amendment"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.record)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # What was refused goes once the officer changes what it was about (a stale refusal misleads).
        for signal in (self.plan.currentIndexChanged, self.end.changed, self.effective.changed,
                       self.reason.textChanged):
            signal.connect(self.message.hide)
        self.reason.setFocus()

    def values(self) -> dict[str, Any]:
        return {"rotation_plan_id": self.plan.currentData(), "end_date": self.end.value(),
                "effective_on": self.effective.value(), "reason": self.reason.toPlainText()}

    def record(self) -> None:
        accept = False
        while True:
            try:
                self.outcome = self.db.amend_agreement(self.agreement_id, self.values(), accept_warnings=accept)
            except WarningsNotAccepted as exc:
                text = "\n\n".join(f"• {p.message}" for p in exc.warnings)
                answer = QMessageBox.question(self, _("Record amendment"),
                                              _("{warnings}\n\nContinue anyway?").format(warnings=text),
                                              QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                              QMessageBox.StandardButton.No)
                if answer != QMessageBox.StandardButton.Yes:
                    return
                accept = True
                continue
            except RuleViolation as exc:
                self.message.setText("\n\n".join(f"• {p.message}" for p in exc.errors))
                self.message.show()
                self.adjustSize()  # the message takes room of its own: the fields keep theirs
                return
            self.accept()
            return
