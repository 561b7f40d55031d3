"""The learning agreement's form: its fields plus its life cycle, attachments and printing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vetdesk.domain import lifecycle
from vetdesk.domain.amendments import AMENDABLE
from vetdesk.domain.identifiers import signature_label
from vetdesk.domain.lifecycle import Status
from vetdesk.domain.problems import Problem, RuleViolation, WarningsNotAccepted
from vetdesk.i18n import N_, _
from vetdesk.services import attachments, records
from vetdesk.services import fields as F
from vetdesk.services.office import Office
from vetdesk.ui import apprentice_words as words
from vetdesk.ui.editors import DateEditor, Pick
from vetdesk.ui.formatting import format_date, format_value
from vetdesk.ui.forms import FollowWidth, RecordForm
from vetdesk.ui.headers import title_floor, two_line_width, wrap_header
from vetdesk.ui.messages import ReservedMessage, problem_html


def confirm_back_to_draft(parent: QWidget, reference: str) -> bool:
    """Ask before a printed document goes back to draft: the copies out for signature no longer count."""
    answer = QMessageBox.question(
        parent, _("Back to draft"),
        _("Return {reference} to draft? The printed copies out for signature no longer count: print it again "
          "for signature once it is corrected.").format(reference=reference),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes

#: The tick of a party's signature, as a screen reader names it ("Signed by the school"; its date field reads
#: "Signed by the school on").
_SIGNED_BY = {"school_signed_on": N_("Signed by the school"), "company_signed_on": N_("Signed by the company"),
              "chamber_signed_on": N_("Signed by the chamber"), "apprentice_signed_on": N_("Signed by the apprentice"),
              "guardian_signed_on": N_("Signed by the guardian"),
              "guardian2_signed_on": N_("Signed by the second guardian")}


def signed_box_name(field: str, label: str, apprentice_sex: str | None = None) -> str:
    """The accessible name of the tick beside the date field ``field`` (labelled ``label``) of a signatures
    dialog: the party's signature in words, never the date's label with "signed" after it; the apprentice's by
    the recorded sex (H, M, X, "" unknown: neutral), in general words where no apprentice is at hand (None)."""
    if field == "apprentice_signed_on" and apprentice_sex is not None:
        return words.signed_by(apprentice_sex)
    return _(_SIGNED_BY[field]) if field in _SIGNED_BY else _("{party}: signed").format(party=label)


class StepDialog(QDialog):
    """Asks the dates (and for a termination, the reason) that a life-cycle step records.

    ``dates``: (field, label, value, optional). An optional date has a tick ("signed"): unticked it is no
    date; ticking it proposes today. Nothing is ticked that the officer did not tick (or that was recorded)."""

    def __init__(self, title: str, intro: str, dates: list[tuple[str, str, Any, bool]],
                 reason: bool = False, parent: QWidget | None = None, reason_text: str = "",
                 submit: Callable[[dict[str, Any]], bool | list[Problem]] | None = None,
                 apprentice_sex: str | None = None) -> None:
        super().__init__(parent)
        #: Takes the step with the values entered (``submit(values)``): True once done, False when the officer
        #: gave up (a warning declined, a conflict), else the core's refusal, shown here with the dates kept.
        self._submit = submit
        self.messages: dict[str, ReservedMessage] = {}
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        # Never smaller than its layout: a message that grows (a refusal of two lines, warnings beside the buttons)
        # grows the dialog. A minimum width set on the dialog itself kept the layout from setting its height, and
        # at 1366×768 a refusal was cut at the bottom (trial 4).
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        text = QLabel(intro, self)
        text.setWordWrap(True)
        # Wide enough that a date's refusal ("La fecha de firma … está en el futuro; …") fits its two lines.
        text.setMinimumWidth(740)
        layout.addWidget(text)
        form = QFormLayout()
        self._form = form
        self.dates: dict[str, tuple[QCheckBox | None, DateEditor]] = {}
        for name, label, value, optional in dates:
            edit = DateEditor(F.Field(name, "date", label), self)
            edit.set_value(value)
            box: QCheckBox | None = None
            row = QWidget(self)
            row_layout = QHBoxLayout(row)
            row_layout.setContentsMargins(0, 0, 0, 0)
            if optional:
                box = QCheckBox(_("signed"), self)
                box.setAccessibleName(signed_box_name(name, label, apprentice_sex))
                box.setChecked(value is not None)
                box.toggled.connect(lambda on, edit=edit: self._ticked(edit, on))
                # A date typed into an unticked row ticks it: the trial's officer typed the day a party signed
                # into a field that stayed disabled until its box was ticked, and the typing was lost.
                edit.changed.connect(lambda box=box, edit=edit: self._typed(box, edit))
                row_layout.addWidget(box)
            row_layout.addWidget(edit, 1)
            form.addRow(label, row)
            # Its room kept, said or not: a refusal after OK moves no date and no button (issue 21). Under the
            # whole row, the label's column too: two lines there hold a refusal whole ("… is in the future;
            # record the day the party really signed"), which the date's column alone cut off at a third line.
            cell = QWidget(self)
            column = QVBoxLayout(cell)
            column.setContentsMargins(0, 0, 0, 0)
            message = ReservedMessage(cell, lines=2)
            column.addWidget(message)
            form.addRow(cell)
            self.dates[name] = (box, edit)
            self.messages[name] = message
            # A refusal's message is about the date refused: changed (or unticked), it no longer holds.
            edit.changed.connect(lambda name=name: self._changed(name))
            if box is not None:
                box.toggled.connect(lambda _on, name=name: self._changed(name))
        self.reason: QLineEdit | None = None
        if reason:
            self.reason = QLineEdit(reason_text, self)
            self.reason.setAccessibleName(_("Termination reason"))
            form.addRow(_("Termination reason"), self.reason)
        layout.addLayout(form)
        #: A refusal not about one of the dates (the agreement's status). In a cell of its own beside the buttons: a
        #: message measures its lines at its parent's width, and the dialog's whole width gave one line too few
        #: (trial 24c: the collaboration warning's last line was cut).
        room = QWidget(self)
        room_layout = QVBoxLayout(room)
        room_layout.setContentsMargins(0, 0, 0, 0)
        self.general = ReservedMessage(room, lines=2)
        room_layout.addWidget(self.general)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()  # the general message beside the buttons, in a room of its own
        bottom.addWidget(room, 1)
        bottom.addWidget(buttons, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(bottom)

    def _ok(self) -> None:
        if self._submit is None:
            self.accept()
            return
        result = self._submit(self.values())
        if result is True:
            self.accept()
        elif result is False:
            self.reject()
        else:  # refused: the dialog stays, each message under its date, what was typed kept
            self.show_problems(result)

    def show_problems(self, problems: list[Problem]) -> None:
        general = [p for p in problems if p.field not in self.messages]
        focused = False
        for name, message in self.messages.items():
            found = [p for p in problems if p.field == name]
            message.say(problem_html(found), "\n".join(p.message for p in found))
            box, edit = self.dates[name]
            edit.setAccessibleDescription("\n".join(p.message for p in found))
            if found and not focused:
                focused = True
                if box is not None and not box.isChecked():
                    box.setFocus()
                else:
                    edit.setFocus()
        self.general.say(problem_html(general), "\n".join(p.message for p in general))
        layout = self.layout()
        if layout is not None:  # a message longer than its room: the dialog grows to show it whole
            # Each message's cell, the form and the dialog measured again: the form kept the rows' heights it
            # had before the messages (a line with "✖" is taller than the room reserved), and cut them (trial 4).
            for message in (*self.messages.values(), self.general):
                cell = message.parentWidget()
                if cell is not None:
                    cell.setMinimumHeight(message.minimumHeight())
            self._form.invalidate()
            layout.invalidate()
            layout.activate()
            if self.height() < self.minimumSizeHint().height():
                self.resize(self.width(), self.minimumSizeHint().height())

    def _changed(self, name: str) -> None:
        """The date (or tick) the officer changed since a refusal: its message, and the general one, go; the
        core says again on OK what still does not hold."""
        message = self.messages[name]
        if message.text() or self.general.text():
            message.say("")
            self.dates[name][1].setAccessibleDescription("")
            self.general.say("")

    @staticmethod
    def _ticked(edit: DateEditor, on: bool) -> None:
        if on:
            if edit.value() is None:
                edit.set_value(date.today())
            # The date proposed is selected: a date typed next replaces it instead of being added to it.
            edit.setFocus()
            edit.line.selectAll()
        else:  # not signed: no date shown for it
            edit.set_value(None)

    @staticmethod
    def _typed(box: QCheckBox, edit: DateEditor) -> None:
        if edit.value() is not None and not box.isChecked():
            box.blockSignals(True)  # ticked as it is: the date typed stays, nothing selected under the typing
            box.setChecked(True)
            box.blockSignals(False)

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, (box, edit) in self.dates.items():
            out[name] = None if box is not None and not box.isChecked() else edit.value()
        if self.reason is not None:
            out["termination_reason"] = self.reason.text().strip() or None
        return out


class FeedbackDialog(QDialog):
    """A feedback note for one agreement: the text, written today."""

    def __init__(self, db: Office, agreement_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.agreement_id = agreement_id
        self.note_id: int | None = None
        self.setWindowTitle(_("Write feedback"))
        self.resize(560, 320)
        layout = QVBoxLayout(self)
        caption = QLabel(words.feedback_caption(records.apprentice_sex(db, agreement_id)), self)
        caption.setWordWrap(True)
        self.text = QPlainTextEdit(self)
        self.text.setAccessibleName(_("Feedback"))
        self.text.setTabChangesFocus(True)
        caption.setBuddy(self.text)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Save feedback"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(caption)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.text.setFocus()

    def save(self) -> None:

        try:
            self.note_id = self.db.add_feedback(agreement_id=self.agreement_id, text=self.text.toPlainText())
        except RuleViolation as refusal:
            self.message.setText("\n".join(p.message for p in refusal.problems))
            self.message.show()
            self.text.setFocus()
            return
        self.accept()


class AgreementForm(RecordForm):
    """A learning agreement with its life-cycle steps, its scanned copies and its printout."""

    #: Ask the window to print this agreement (the window owns the print preview).
    printRequested = Signal(int)

    def __init__(self, db: Office, kind: str = "agreements", record_id: int | None = None,
                 parent: QWidget | None = None, *, initial: dict[str, Any] | None = None,
                 pick: Pick | None = None) -> None:
        self._steps: dict[str, QPushButton] = {}
        self._entered: dict[str, Any] = {}
        super().__init__(db, kind, record_id, parent, initial=initial, pick=pick)
        self._build_extras()
        self._refresh_extras()
        company = self.editors.get("company_id")
        if company is not None:  # the place printed for an empty field follows the company (and the office)
            company.changed.connect(self._show_default_place)
        self._show_default_place()

    def _show_default_place(self) -> None:
        """An empty place of signing prints the office's place of signing (else the company's city): said in the
        empty field, as the wizard's review and the contract say it (``documents.place_of_signing``)."""
        from vetdesk.services.documents import place_of_signing
        from vetdesk.ui.editors import TextEditor

        editor = self.editors.get("place_of_signing")
        if not isinstance(editor, TextEditor) or "company_id" not in self.editors:
            return
        place = place_of_signing(self.db, typed=None, company_id=self.editors["company_id"].value())
        editor.line.setPlaceholderText(_("Left empty, the contract says: {place}").format(place=place)
                                       if place else "")

    def _build_extras(self) -> None:
        box = QGroupBox(_("Life cycle"), self)
        grid = QGridLayout(box)
        self._grid = grid
        steps = [
            ("printed", _("Mark as printed"), self.mark_printed),
            ("draft", _("Back to draft"), self.back_to_draft),
            ("signed", _("Record signatures…"), self.record_signatures),
            ("active", _("Start (active)…"), self.activate),
            ("completed", _("Complete…"), self.complete),
            ("terminated", _("Terminate…"), self.terminate),
        ]
        #: Who has signed a printed agreement and who has not yet.
        self.signatures_label = QLabel(box)
        self.signatures_label.setAccessibleName(_("Signatures"))
        self.signatures_label.setWordWrap(True)
        grid.addWidget(self.signatures_label, 0, 0, 1, 2)
        for status, text, slot in steps:
            button = QPushButton(text, box)
            button.clicked.connect(slot)
            self._steps[status] = button
        self.print_button = QPushButton(_("Print for signature…"), box)
        self.print_button.setToolTip(_("Print the agreement (Ctrl+P)"))
        self.print_button.clicked.connect(self._request_print)
        self.rate_button = QPushButton(_("Rate a learning position…"), box)
        self.rate_button.setToolTip(_("Rate every competency of one learning position, from the keyboard"))
        self.rate_button.clicked.connect(self.rate_position)
        self.feedback_button = QPushButton(_("Write feedback…"), box)
        self.feedback_button.setToolTip(_("A note that guides the apprentice's learning (kept apart from the "
                                          "assessments)"))
        self.feedback_button.clicked.connect(self.write_feedback)
        # Training that slips on a signed agreement: an amendment from a day on (its own printout to sign).
        self.amend_button = QPushButton(_("Record amendment…"), box)
        self.amend_button.setToolTip(_("Another rotation plan or end date from a day on, with its reason, for the "
                                       "parties to sign; the agreement as signed stays as it is"))
        self.amend_button.clicked.connect(self.record_amendment)
        self.print_amendment_button = QPushButton(_("Print amendment…"), box)
        self.print_amendment_button.setToolTip(_("Print the latest amendment for the parties to sign"))
        self.print_amendment_button.clicked.connect(self.print_amendment)
        # Its signatures, as the agreement's are recorded (the same dialog, the agreement's parties).
        self.sign_amendment_button = QPushButton(_("Record amendment signatures…"), box)
        self.sign_amendment_button.setToolTip(_("The day each party signed the amendment; the agreement takes its "
                                                "terms once every party has signed"))
        self.sign_amendment_button.clicked.connect(self.record_amendment_signatures)
        #: The amendments recorded (number, day of effect, reason).
        self.amendments_label = QLabel(box)
        self.amendments_label.setAccessibleName(_("Amendments"))
        self.amendments_label.setWordWrap(True)
        self.lifecycle_box = box
        from vetdesk.services import references

        #: What the signed-in user's role allows here (the core says): instructors rate and write feedback.
        self._may = {action: references.may(self.db, action, "agreements")
                     for action in ("write", "print", "assess")}

        files = QGroupBox(_("Signed copies and attachments"), self)
        files_layout = QVBoxLayout(files)
        self.attachment_list = QListWidget(files)
        self.attachment_list.setMaximumHeight(56)
        self.attachment_list.setAccessibleName(_("Attachments"))
        self.attachment_list.itemActivated.connect(self._open_attachment)
        files_layout.addWidget(self.attachment_list)
        row = QHBoxLayout()
        self.attach_button = QPushButton(_("Attach scanned copy…"), files)
        self.attach_button.clicked.connect(self.choose_attachment)
        self.open_button = QPushButton(_("Open"), files)
        self.open_button.clicked.connect(lambda: self._open_attachment(self.attachment_list.currentItem()))
        row.addWidget(self.attach_button)
        row.addWidget(self.open_button)
        row.addStretch(1)
        files_layout.addLayout(row)
        self.files_box = files
        self.extra_area.addWidget(box)
        self.extra_area.addWidget(files)
        self._build_rotation()

    def _build_rotation(self) -> None:
        """The apprentice's rotation, read-only: each position of the plan with its planned and actual dates
        (the actual ones are recorded on the Rotations page)."""
        box = QGroupBox(_("Rotation"), self)
        layout = QVBoxLayout(box)
        # Four columns that fit the form's width at 1366x768: the rows are numbered in the plan's order.
        headers = [_("Learning position"), _("Weeks"), _("Planned"), _("Actual")]
        self.rotation_table = QTableWidget(0, len(headers), box)
        self.rotation_table.setAccessibleName(_("Rotation"))
        wrap_header(self.rotation_table)  # "Puesto de / aprendizaje" on two lines rather than cut (issue 21)
        for column, title in enumerate(headers):  # narrow by design (the position's column gives way to the
            item = QTableWidgetItem(title)          # dates): each title whole in its tooltip
            item.setToolTip(title)
            self.rotation_table.setHorizontalHeaderItem(column, item)
        self.rotation_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.rotation_table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        # A long position's name wraps onto more lines (its whole text also in its tooltip) rather than being cut.
        self.rotation_table.setWordWrap(True)
        self.rotation_table.setTextElideMode(Qt.TextElideMode.ElideNone)
        FollowWidth(self.rotation_table, self._fit_rotation_rows)
        layout.addWidget(self.rotation_table)
        self.rotation_hint = QLabel(_("The actual dates are recorded on the Rotations page."), box)
        self.rotation_hint.setWordWrap(True)
        layout.addWidget(self.rotation_hint)
        self.rotation_box = box
        self.extra_area.addWidget(box)

    def _refresh_rotation(self) -> None:
        from vetdesk.services.training import agreement_rotation, dropped_name

        lines = agreement_rotation(self.db, self.record_id, with_dropped=True) if self.record_id is not None else []
        self.rotation_box.setVisible(bool(lines))
        self.rotation_table.setRowCount(len(lines))
        for i, line in enumerate(lines):
            r = line.row
            actual = "" if r.actual_start is None else _("{start} – {end}").format(
                start=format_date(r.actual_start), end=format_date(r.actual_end) if r.actual_end else "…")
            cells = (r.name, str(r.weeks), _("{start} – {end}").format(start=format_date(r.planned_start),
                                                                       end=format_date(r.planned_end)), actual) \
                if r.in_plan else (dropped_name(r.name), "", "—", actual)  # time recorded before a new version
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(f"{r.name} — {r.department}" if j == 0 and r.department else text)
                self.rotation_table.setItem(i, j, item)
            self.rotation_table.setVerticalHeaderItem(i, QTableWidgetItem(str(r.sequence) if r.in_plan else "–"))
        header_view = self.rotation_table.horizontalHeader()
        self.rotation_table.resizeColumnsToContents()
        header_view.setSectionResizeMode(0, header_view.ResizeMode.Stretch)
        self._fit_rotation_rows()

    def _fit_rotation_rows(self) -> None:
        """Each row as tall as its position's wrapped name, the table as tall as its rows (up to eight)."""
        if not shiboken6.isValid(self):  # (called once the layout settled: the form may be closed by then)
            return
        table = self.rotation_table
        self._keep_position_title_whole()
        table.resizeRowsToContents()
        rows = sum(table.rowHeight(i) for i in range(min(table.rowCount(), 8)))
        table.setFixedHeight(table.horizontalHeader().height() + rows + 2 * table.frameWidth() + 18)

    def _keep_position_title_whole(self) -> None:
        """The position's column (stretched into the room the dates leave) never narrower than its title on two
        lines: when the dates' one-line widths leave less, each date range wraps after its dash instead (issue
        21: "Puesto de aprendi" was cut at 1366×768 beside the list)."""
        table = self.rotation_table
        header = table.horizontalHeader()
        title = table.horizontalHeaderItem(0)
        if title is None or not table.rowCount():
            return
        floor = title_floor(header.fontMetrics(), title.text())
        for column in (2, 3):
            table.resizeColumnToContents(column)
        if table.viewport().width() - sum(header.sectionSize(i) for i in (1, 2, 3)) >= floor:
            return
        metrics = table.fontMetrics()
        for column in (2, 3):
            heading = table.horizontalHeaderItem(column)
            texts = [item.text() for row in range(table.rowCount()) if (item := table.item(row, column)) is not None]
            wrapped = max((two_line_width(metrics, text) for text in texts), default=0) + 12
            header.resizeSection(column, max(wrapped, title_floor(header.fontMetrics(), heading.text())
                                             if heading is not None else 0))

    def _request_print(self) -> None:
        if self.record_id:
            self.printRequested.emit(self.record_id)

    def load(self, record: dict[str, Any]) -> None:
        super().load(record)
        if self._steps:
            self._refresh_extras()
            self._show_default_place()

    def _refresh_extras(self) -> None:
        existing = self.record_id is not None
        self.lifecycle_box.setVisible(existing)
        self.files_box.setVisible(existing)
        self._refresh_rotation()
        if not existing:
            return
        assert self.record_id is not None  # existing
        current = Status(self.record.get("status") or "draft")
        allowed = lifecycle.TRANSITIONS[current]
        # Only the steps possible from here, packed two to a row.
        buttons = [b for s, b in self._steps.items() if Status(s) in allowed] if self._may["write"] else []
        if current in (Status.DRAFT, Status.PRINTED) and self._may["print"]:
            buttons.append(self.print_button)
        if current == Status.ACTIVE and self._may["assess"]:
            buttons.extend((self.rate_button, self.feedback_button))
        amended, pending = self._show_amendments()
        if current in AMENDABLE and self._may["write"] and not pending:
            buttons.append(self.amend_button)
        if amended and self._may["print"]:
            buttons.append(self.print_amendment_button)
        if pending and self._may["write"]:
            buttons.append(self.sign_amendment_button)
        self.attach_button.setVisible(self._may["write"])
        for button in [*self._steps.values(), self.print_button, self.rate_button, self.feedback_button,
                       self.amend_button, self.print_amendment_button, self.sign_amendment_button]:
            self._grid.removeWidget(button)
            button.setVisible(button in buttons)
        self._show_signatures(current)
        self._word_the_apprentice()
        for i, button in enumerate(buttons):
            self._grid.addWidget(button, 1 + i // 2, i % 2)
        self._grid.removeWidget(self.amendments_label)
        self._grid.addWidget(self.amendments_label, 2 + (len(buttons) - 1) // 2, 0, 1, 2)
        self.lifecycle_box.setVisible(bool(buttons))  # completed and terminated agreements stay as they are
        self.attachment_list.clear()
        for a in attachments.list_attachments(self.db, self.record_id):
            item = QListWidgetItem(f"{a['filename']} — {format_date(a['added_at'].date())}")
            item.setData(Qt.ItemDataRole.UserRole, a["id"])
            self.attachment_list.addItem(item)
        self.open_button.setEnabled(self.attachment_list.count() > 0)

    # -- saving ------------------------------------------------------------------------------------

    def save(self) -> bool:
        self._to_draft = False  # asked anew at each save (the core refuses changed terms of a printed agreement)
        return super().save()

    def _write(self, raw: dict[str, Any], *, accept_warnings: bool) -> records.Outcome:
        """A field the printed contract states, changed on an agreement out for signature, is refused by the
        core ("terms.printed"), whose message names the signatures it would void: the officer is asked, and only
        on yes is it saved with the explicit way back to draft (status=draft in the same change)."""
        if getattr(self, "_to_draft", False):
            return super()._write(raw | {"status": "draft"}, accept_warnings=accept_warnings)
        try:
            return super()._write(raw, accept_warnings=accept_warnings)
        except RuleViolation as refusal:
            printed = [p for p in refusal.errors if p.code == "terms.printed"]
            if not printed or len(refusal.errors) > 1 or not self._confirm_to_draft(printed[0]):
                raise
        self._to_draft = True
        return super()._write(raw | {"status": "draft"}, accept_warnings=accept_warnings)

    def _confirm_to_draft(self, problem: Problem) -> bool:
        answer = QMessageBox.question(
            self, _("Back to draft"),
            _("{field}: {message}\n\nPut the agreement back to draft and save the change?").format(
                field=self._label(problem.field), message=problem.message),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    # -- steps -------------------------------------------------------------------------------------

    def _ready(self) -> bool:
        if self.record_id is None:
            return False
        if self.is_dirty():
            answer = QMessageBox.question(
                self, _("Unsaved changes"), _("Save your changes before this step?"),
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
            return answer == QMessageBox.StandardButton.Save and self.save()
        return True

    def step(self, values: dict[str, Any], label: str) -> bool:
        """Move the agreement along its life cycle through ``records.update`` (warnings ask first)."""
        assert self.record_id is not None
        record_id = self.record_id
        return self._attempt(lambda accept: self.db.update(
            "agreements", record_id, values, accept_warnings=accept, expected_version=self.version, label=label),
            label)

    def _attempt(self, write: Callable[[bool], records.Outcome], label: str, *,
                 refused: Callable[[RuleViolation], None] | None = None) -> bool:
        """Do ``write`` (given whether the warnings are accepted): warnings ask first, a refusal is shown (or
        handed to ``refused``: a dialog that shows it beside what the officer typed)."""
        accept = False
        while True:
            try:
                outcome = write(accept)
            except records.VersionConflict as exc:
                self._conflict(exc)
                return False
            except WarningsNotAccepted as exc:
                text = "\n\n".join(f"• {p.message}" for p in exc.warnings)
                answer = QMessageBox.question(self, label, _("{warnings}\n\nContinue anyway?").format(warnings=text),
                                              QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                              QMessageBox.StandardButton.No)
                if answer != QMessageBox.StandardButton.Yes:
                    return False
                accept = True
                continue
            except RuleViolation as exc:
                if refused is not None:
                    refused(exc)
                    return False
                self._save_attempted = True
                self.show_problems(exc.problems)
                if exc.said:  # worded as a whole by the core (a draft refused going out for signature, met by
                    # ``step`` when something changed after ``may_go_out`` passed): said as printing says it
                    QMessageBox.warning(self, label, exc.said)
                    return False
                # A field of the form is named by its label; another record's (the company's legal
                # representative) by the message itself, which says where to record it.
                text = "\n\n".join(f"• {self.labelled(p)}" for p in exc.errors)
                QMessageBox.warning(self, label,
                                    _("This step cannot be taken yet:\n\n{problems}").format(problems=text))
                return False
            self.load(outcome.record)
            self.saved.emit(outcome.id)
            return True

    def mark_printed(self) -> bool:
        """Draft to printed by hand: a refusal is said as printing says it (``printing.may_go_out``: which
        agreement, each reason naming its field, that it stays a draft); warnings are asked by the step."""
        from vetdesk.ui.printing import may_go_out

        label = _("Mark agreement as printed")
        if not self._ready():
            return False
        assert self.record_id is not None
        return may_go_out(self, self.db, self.record_id, ask_warnings=False, title=label) \
            and self.step({"status": "printed"}, label)

    def back_to_draft(self) -> bool:
        return self._ready() and confirm_back_to_draft(self, str(self.record.get("reference") or "")) \
            and self.step({"status": "draft"}, _("Return agreement to draft"))

    def record_signatures(self) -> bool:
        """Record the signatures that came in (signatures arrive over days): the parties this agreement needs
        (the core says which), each ticked once it has signed, with its date. The agreement stays printed until
        every one has signed, then becomes signed (``records.record_signatures``)."""
        if not self._ready():
            return False
        assert self.record_id is not None
        record_id = self.record_id
        sex = records.apprentice_sex(self.db, record_id)  # "Firmado por la aprendiz el" of a woman
        labels = {f.name: signature_label(f.name, f.label, sex) for f in records.kind("agreements").fields}
        # Ticked: what is recorded, nothing else. What the officer entered before a refusal comes back, so it is
        # corrected rather than typed again.
        entered = self._entered if self._entered.get("agreement") == record_id else {}
        parties = records.signatures(self.db, record_id)
        def submit(values: dict[str, Any]) -> bool | list[Problem]:
            # A refusal stays in the dialog, under the date it is about, the dates typed kept for correcting.
            refusal: list[Problem] = []
            done = self._attempt(lambda accept: self.db.record_signatures(
                record_id, values, accept_warnings=accept, expected_version=self.version),
                _("Sign agreement"), refused=lambda exc: refusal.extend(exc.problems))
            self._entered = {} if done else {"agreement": record_id, **values}
            return refusal or done

        dialog = StepDialog(_("Record signatures"),
                            _("Tick each party that has signed and give the date of its signature. Signatures "
                              "still to come can be recorded later: the agreement counts as signed once every "
                              "party has signed."),
                            [(p, labels[p], entered.get(p, signed), True) for p, signed in parties], parent=self,
                            submit=submit, apprentice_sex=sex)
        return dialog.exec() == QDialog.DialogCode.Accepted

    def _word_the_apprentice(self) -> None:
        """The form's words about the apprentice follow the recorded sex: the apprentice's signature date
        ("Firmado por la aprendiz el"), the feedback button's note."""
        assert self.record_id is not None
        sex = records.apprentice_sex(self.db, self.record_id)
        spec = self.spec.field("apprentice_signed_on")
        label, editor = self.field_labels.get("apprentice_signed_on"), self.editors.get("apprentice_signed_on")
        if spec is not None and label is not None and editor is not None:
            said = signature_label(spec.name, spec.label, sex)
            label.setText(said)
            (editor.focusProxy() or editor).setAccessibleName(said)
        self.feedback_button.setToolTip(words.feedback_tooltip(sex))

    def _show_signatures(self, status: Status) -> None:
        """On a printed agreement: who has signed (and when) and who has not yet."""
        shown = status == Status.PRINTED and self.record_id is not None
        self.signatures_label.setVisible(shown)
        if not shown:
            return
        assert self.record_id is not None
        parties = records.signatures(self.db, self.record_id)
        done = sum(1 for _p, signed in parties if signed is not None)
        lines = [_("Signatures: {signed} of {needed}").format(signed=done, needed=len(parties))]
        words = records.party_words(self.db, self.record_id)  # "La aprendiz" for a woman
        for name, signed in parties:
            party = words[name]
            lines.append(_("✔ {party}: signed on {date}").format(party=party, date=format_date(signed))
                         if signed is not None else _("✖ {party}: not signed yet").format(party=party))
        self.signatures_label.setText("\n".join(lines))

    def activate(self) -> bool:
        if not self._ready():
            return False
        assert self.record_id is not None
        # No day it may come into force has come yet (not before its start, not in the future): said before the
        # dialog, in the rule's own words, instead of offering its start date and refusing it (trial 3).
        refusal, first_day = records.starting(self.db, self.record_id)
        if refusal:
            QMessageBox.information(self, _("Start the agreement"), refusal)
            return False
        dialog = StepDialog(_("Start the agreement"), words.starts_training(records.apprentice_sex(self.db,
                                                                                                 self.record_id)),
                            [("activated_on", _("In force since"), first_day, False)], parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        return self.step({"status": "active", **dialog.values()}, _("Start agreement"))

    def complete(self) -> bool:
        if not self._ready():
            return False
        dialog = StepDialog(_("Complete the agreement"), _("The training was completed on:"),
                            [("completed_on", _("Completed on"), self.record.get("end_date"), False)], parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        return self.step({"status": "completed", **dialog.values()}, _("Complete agreement"))

    def terminate(self) -> bool:
        if not self._ready():
            return False
        dialog = StepDialog(_("Terminate the agreement"),
                            _("Give the date the agreement ended early and the reason."),
                            [("terminated_on", _("Terminated on"), None, False)], reason=True, parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        return self.step({"status": "terminated", **dialog.values()}, _("Terminate agreement"))

    # -- amendments --------------------------------------------------------------------------------

    def _show_amendments(self) -> tuple[bool, bool]:
        """The amendments recorded on this agreement, where each is in its life and from when it takes effect
        (as ``vetdesk show`` says it); whether there is any, and whether one awaits signatures."""
        from vetdesk.services import amendment_words, amendments

        found = amendments.list_amendments(self.db, self.record_id) if self.record_id is not None else []
        self.amendments_label.setVisible(bool(found))
        lines = [_("Amendments:")]
        for a in found:
            if a["state"] in ("recorded", "printed"):
                lines.append(_("{reference}: {state}. {effect}").format(
                    reference=a["reference"], state=_(amendment_words.STATES[a["state"]]),
                    effect=amendment_words.effect_words(a["effective_on"])))
            else:
                lines.append(_("{reference}: in effect since {date}").format(
                    reference=a["reference"], date=format_date(a["in_effect_from"])) if a["state"] == "in_effect"
                    else _("{reference}: signed by all the parties, takes effect on {date}").format(
                        reference=a["reference"], date=format_date(a["in_effect_from"])))
            if a["state"] == "signed" and a["in_effect_from"] is not None:  # as vetdesk show says it
                lines.append("    " + amendment_words.pending_words(a["reference"], a["in_effect_from"]))
            lines.append("    " + _("Reason: {reason}").format(reason=a["reason"]))
        self.amendments_label.setText("\n".join(lines))
        return bool(found), any(a["state"] in ("recorded", "printed") for a in found)

    def record_amendment_signatures(self) -> bool:
        """Record the signatures of the amendment awaiting them, in the dialog the agreement's signatures are
        recorded in (its parties, a tick and a date each); the agreement takes its terms once all have signed
        (``amendments.sign_amendment``)."""
        from types import SimpleNamespace

        from vetdesk.services import amendments

        if not self._ready() or self.record_id is None:
            return False
        record_id = self.record_id
        sex = records.apprentice_sex(self.db, record_id)  # "Firmado por la aprendiz el" of a woman
        labels = {f.name: signature_label(f.name, f.label, sex) for f in records.kind("agreements").fields}
        try:
            parties = amendments.signatures(self.db, record_id)
        except RuleViolation as exc:
            QMessageBox.warning(self, _("Record amendment signatures"), "\n\n".join(p.message for p in exc.errors))
            return False

        def signed(accept: bool) -> Any:
            outcome = self.db.sign_amendment(record_id, values_entered, accept_warnings=accept)
            return SimpleNamespace(record=self.db.get("agreements", record_id), id=record_id, outcome=outcome)

        values_entered: dict[str, Any] = {}

        def submit(values: dict[str, Any]) -> bool | list[Problem]:
            refusal: list[Problem] = []
            values_entered.clear()
            values_entered.update(values)
            done = self._attempt(signed, _("Record amendment signatures"),
                                 refused=lambda exc: refusal.extend(exc.problems))
            return refusal or done

        dialog = StepDialog(_("Record amendment signatures"),
                            _("Tick each party that has signed the amendment and give the date of its signature. "
                              "The agreement's terms change once every party has signed it."),
                            [(p, labels[p], day, True) for p, day in parties], parent=self, submit=submit,
                            apprentice_sex=sex)
        done = dialog.exec() == QDialog.DialogCode.Accepted
        self._refresh_extras()
        return done

    def record_amendment(self) -> bool:
        """Record an amendment (another plan or end from a day on, with its reason), then offer to print it for
        the parties to sign."""
        from vetdesk.services.amendment_words import effect_words
        from vetdesk.ui.amendment_dialog import AmendmentDialog

        if not self._ready() or self.record_id is None:
            return False
        dialog = AmendmentDialog(self.db, self.record, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.outcome is None:
            return False
        self.load(self.db.get("agreements", self.record_id))
        self.saved.emit(self.record_id)
        answer = QMessageBox.question(
            self, _("Record amendment"),
            _("Amendment {reference} is recorded; the agreement does not change until the parties sign it. "
              "{effect} Print it now for them to sign?").format(
                  reference=dialog.outcome.reference,
                  effect=effect_words(dialog.outcome.effective_on)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
        if answer == QMessageBox.StandardButton.Yes:
            self.print_amendment()
        return True

    def print_amendment(self) -> None:
        from vetdesk.ui.printing import print_amendment

        if self.record_id is not None:
            print_amendment(self, self.db, self.record_id)

    # -- rating ------------------------------------------------------------------------------------

    def rate_position(self) -> bool:
        """Open the keyboard rating grid for one position of the rotation plan (the current one first)."""
        from vetdesk.ui.rating_grid import rate_agreement

        if self.record_id is None or not rate_agreement(self, self.db, self.record_id):
            return False
        self.saved.emit(self.record_id)
        return True

    def write_feedback(self) -> bool:
        """Write a feedback note on this agreement (dated today); a refusal is shown in the dialog."""
        if self.record_id is None:
            return False
        dialog = FeedbackDialog(self.db, self.record_id, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.saved.emit(self.record_id)
            return True
        return False

    # -- attachments -------------------------------------------------------------------------------

    def choose_attachment(self) -> None:
        if self.record_id is None:
            return
        from vetdesk.ui.folders import ask_open_file

        path = ask_open_file(self, _("Attach the scanned signed copy"),
                             _("PDF or image") + " (*.pdf *.png *.jpg *.jpeg *.tif *.tiff *.webp)")
        if path:
            self.attach_file(Path(path))

    def attach_file(self, path: Path) -> int | None:
        assert self.record_id is not None
        try:
            content = path.read_bytes()
            new_id = self.db.attach(agreement_id=self.record_id, filename=path.name, content=content)
        except RuleViolation as exc:
            QMessageBox.warning(self, _("Attach file"), "\n".join(p.message for p in exc.problems))
            return None
        except OSError as exc:
            QMessageBox.warning(self, _("Attach file"), _("{name} cannot be read: {reason}")
                                .format(name=path.name, reason=exc.strerror or exc))
            return None
        self._refresh_extras()
        return new_id

    def _open_attachment(self, item: QListWidgetItem | None) -> None:
        from vetdesk.ui.files import open_attachment

        if item is not None:
            open_attachment(self, self.db, int(item.data(Qt.ItemDataRole.UserRole)))


def describe_status(record: dict[str, Any]) -> str:
    return format_value("status", record.get("status"), "agreements")

