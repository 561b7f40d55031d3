"""Record an amendment to a signed agreement (*Registrar modificación…*): the rotation plan and the end from a
day on, and the reason; the core's rules refuse or warn with their own words (``Office.amend_agreement``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from vetdesk.domain import amendments as rules
from vetdesk.domain.problems import RuleViolation, WarningsNotAccepted
from vetdesk.i18n import _
from vetdesk.services import amendments
from vetdesk.services.amendment_words import effect_words
from vetdesk.services.office import Office
from vetdesk.ui.editors import DateEditor, TextEditor
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
        self.setMinimumWidth(680)
        self._start = record.get("start_date") if isinstance(record.get("start_date"), date) else None
        self._end = record.get("end_date") if isinstance(record.get("end_date"), date) else None
        layout = QVBoxLayout(self)
        intro = QLabel(_("When the training no longer fits the signed agreement (a position is dropped, weeks "
                         "change, the term is extended), the parties sign an amendment. Agreement {reference} "
                         "stays as it is until every party has signed the amendment; from the day it takes "
                         "effect, the training follows it.").format(reference=record.get("reference") or ""), self)
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
        # It takes effect once every party signed it: from that signing, unless a later day is stated (ticked).
        self.effective_stated = QCheckBox(_("on a stated day"), self)
        self.effective_stated.setAccessibleName(_("Takes effect on a stated day"))
        self.effective = DateEditor(_SPEC["effective_on"], self)
        # Offered: a day the rules accept (today while the agreement runs, else its start), its range beside it.
        self.effective.set_value(rules.default_effective_on(self._start, self._end, date.today())
                                 if self._start and self._end else date.today())
        self.effective.setEnabled(False)
        self.effective_range = QLabel(self)
        self.effective_range.setAccessibleName(_("Days the amendment may take effect"))
        self.effective_range.setWordWrap(True)
        effective_row = QWidget(self)
        row = QHBoxLayout(effective_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.effective_stated)
        row.addWidget(self.effective)
        row.addStretch(1)
        form.addRow(_SPEC["effective_on"].title(), effective_row)
        form.addRow("", self.effective_range)
        #: When it takes effect, in the words of its printout and of vetdesk amend.
        self.effect = QLabel(self)
        self.effect.setAccessibleName(_("When the amendment takes effect"))
        self.effect.setWordWrap(True)
        form.addRow("", self.effect)
        self.effective_stated.toggled.connect(self._stated)
        self._show_range()
        self._show_effect()
        self.reason = QPlainTextEdit(self)
        self.reason.setAccessibleName(_SPEC["reason"].title())
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText(_("Why the training changes (printed on the amendment)"))
        self.reason.setFixedHeight(self.reason.fontMetrics().lineSpacing() * 4 + 12)
        form.addRow(_SPEC["reason"].title(), self.reason)
        # A longer term needs its terms with it: the stipend of a training year more (§ 17 BBiG) and an accident
        # insurance that covers the new end; they start as the agreement states them now.
        terms = QLabel(_("A longer term: give the stipend of each training year it adds and the accident "
                         "insurance that covers its new end."), self)
        terms.setWordWrap(True)
        form.addRow(terms)
        self.stipend_steps = TextEditor(_SPEC["stipend_steps"], self)
        self.stipend_steps.line.setPlaceholderText(_("One amount for each further training year, separated by "
                                                     "semicolons"))
        self.stipend_steps.set_value(record.get("stipend_steps"))
        form.addRow(_SPEC["stipend_steps"].title(), self.stipend_steps)
        self.policy = TextEditor(_SPEC["insurance_policy"], self)
        self.policy.set_value(record.get("insurance_policy"))
        form.addRow(_SPEC["insurance_policy"].title(), self.policy)
        self.insurance_expiry = DateEditor(_SPEC["insurance_expiry"], self)
        self.insurance_expiry.set_value(record.get("insurance_expiry"))
        form.addRow(_SPEC["insurance_expiry"].title(), self.insurance_expiry)
        # A whole training year more (or less) changes the modality the agreement states with its term.
        self.modality = QSpinBox(self)
        self.modality.setRange(int(_SPEC["modality_years"].minimum or 1), int(_SPEC["modality_years"].maximum or 4))
        self.modality.setAccessibleName(_SPEC["modality_years"].title())
        self._modality = record.get("modality_years") if isinstance(record.get("modality_years"), int) else None
        self.modality.setSpecialValueText("—")
        if self._modality is None:
            self.modality.setMinimum(0)
        self.modality.setValue(self._modality or 0)
        form.addRow(_SPEC["modality_years"].title(), self.modality)
        layout.addLayout(form)
        hint = QLabel(_("Signed on: {date}. Current end: {end}.").format(
            date=format_date(record.get("chamber_signed_on") or record.get("company_signed_on")) or "—",
            end=format_date(record.get("end_date"))), self)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        # What was refused shows in an area of its own, of a fixed height (scrolled when longer): showing or
        # clearing it moves no field, so what the officer types next lands where they look.
        self.message = QLabel(self)
        self.message.setAccessibleName(_("Why the amendment is not recorded"))
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.message.hide()
        self.message_area = QScrollArea(self)
        self.message_area.setWidgetResizable(True)
        self.message_area.setFrameShape(QFrame.Shape.NoFrame)
        self.message_area.setWidget(self.message)
        self.message_area.setFixedHeight(self.message.fontMetrics().lineSpacing() * 7 + 8)
        layout.addWidget(self.message_area)
        layout.addStretch(1)  # room the dialog gains goes below, never between the fields
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
        self.end.changed.connect(self._show_range)
        self.effective.changed.connect(self._show_effect)
        for editor in (self.stipend_steps, self.policy, self.insurance_expiry):
            editor.changed.connect(self.message.hide)
        self.reason.setFocus()
        self.resize(self.sizeHint())  # every row its room, none laid over another

    def _show_range(self) -> None:
        """The days the amendment may take effect on, beside the field: the agreement's start to its end (the
        new end when that is earlier)."""
        if self._start is None or self._end is None:
            self.effective_range.clear()
            return
        new_end = self.end.value()
        last = min(new_end, self._end) if isinstance(new_end, date) and new_end > self._start else self._end
        first, last = rules.effective_range(self._start, last)
        self.effective_range.setText(_("from {start} to {end}").format(start=format_date(first),
                                                                       end=format_date(last)))

    def _stated(self, on: bool) -> None:
        self.effective.setEnabled(on)
        self.message.hide()
        self._show_effect()

    def _show_effect(self) -> None:
        stated = self.effective.value() if self.effective_stated.isChecked() else None
        self.effect.setText(effect_words(stated if isinstance(stated, date) else None))

    def values(self) -> dict[str, Any]:
        out = {"rotation_plan_id": self.plan.currentData(), "end_date": self.end.value(),
               "effective_on": self.effective.value() if self.effective_stated.isChecked() else None,
               "reason": self.reason.toPlainText(),
               "stipend_steps": self.stipend_steps.value(), "insurance_policy": self.policy.value(),
               "insurance_expiry": self.insurance_expiry.value()}
        if self.modality.value() and self.modality.value() != self._modality:
            out["modality_years"] = self.modality.value()
        return out

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
                self.message_area.verticalScrollBar().setValue(0)
                return
            self.accept()
            return
