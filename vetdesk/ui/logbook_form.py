"""A weekly report in the record form, with the instructor's review beside it: approve (the countersignature),
comment, return with a note; the week's form printed; the agreement's whole record week by week."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from vetdesk.domain import logbook as L
from vetdesk.domain.problems import RuleViolation
from vetdesk.i18n import _, pgettext, safe_file_name
from vetdesk.services import logbook, records, references
from vetdesk.services.office import Office
from vetdesk.ui.editors import ChecklistEditor, ChoiceEditor, DateEditor, Pick
from vetdesk.ui.forms import RecordForm


class WeekForm(RecordForm):
    """A weekly report: what the apprentice wrote, and the instructor's review of it."""

    def __init__(self, db: Office, kind: str = "logbook", record_id: int | None = None,
                 parent: QWidget | None = None, *, initial: dict[str, Any] | None = None,
                 pick: Pick | None = None) -> None:
        self._reviews: dict[str, QPushButton] = {}
        super().__init__(db, kind, record_id, parent, initial=initial, pick=pick)
        for name in ("agreement_id", "week_start"):
            self.editors[name].changed.connect(lambda: self._learning_changed(plan=True))
        self.editors["position_id"].changed.connect(lambda: self._learning_changed(plan=False))
        self._build_review()
        from vetdesk.ui.week_files import WeekFilesBox

        self.files_box = WeekFilesBox(db, self)
        body = self.extra_area.parent()  # below the fields (what the apprentice wrote first, then its files)
        if isinstance(body, QVBoxLayout):
            body.insertWidget(body.count() - 1, self.files_box)
        else:
            self.extra_area.addWidget(self.files_box)
        self._refresh_review()

    # -- the week's learning position and competencies ---------------------------------------------------

    def _fill(self, values: dict[str, Any]) -> None:
        super()._fill(values)
        # The choices of the record shown: its agreement's plan positions, its position's competencies.
        self._loading = self._offering = True
        try:
            self._offer_learning(plan=False)
        finally:
            self._loading = self._offering = False
        self._snapshot = self.values()
        self._update_save_button()

    def _learning_changed(self, *, plan: bool) -> None:
        if self._loading or getattr(self, "_offering", False):
            return
        self._offering = True  # offering choices changes the combo box, which would ask again
        try:
            self._offer_learning(plan=plan)
        finally:
            self._offering = False

    def _offer_learning(self, *, plan: bool) -> None:
        """Offer the agreement's plan positions and the chosen position's competencies; a new week takes the
        position the plan puts it at (``plan``) while none is chosen."""
        positions, competencies = self.editors["position_id"], self.editors["competency_ids"]
        if not isinstance(positions, ChoiceEditor) or not isinstance(competencies, ChecklistEditor):
            return
        agreement_id = self.editors["agreement_id"].value()
        if not agreement_id:
            positions.set_choices([])
            competencies.set_choices([])
            return
        week = self.editors["week_start"]
        try:
            # A week still being typed ("2", "23/1") or no date at all is no week yet: the plan's position waits.
            offered = logbook.learning_choices(self.db, agreement_id=agreement_id,
                                               week=week.typed_date() if isinstance(week, DateEditor) else None,
                                               position_id=positions.value())
        except RuleViolation:
            return
        positions.set_choices(list(offered.positions))
        if plan and self.record_id is None and positions.value() is None and offered.planned is not None:
            positions.set_value(offered.planned)
            offered = logbook.learning_choices(self.db, agreement_id=agreement_id, position_id=offered.planned)
        if self.record_id is not None and positions.value() is None and offered.rotation:
            # A recorded week naming no position: its empty choice says the rotation's, as the printed form does.
            positions.combo.setItemText(0, _(L.BY_ROTATION).format(position=offered.rotation))
        positions.setEnabled(bool(offered.positions) and self.writable)
        competencies.set_choices(list(offered.competencies))

    def _build_review(self) -> None:
        box = QGroupBox(pgettext("weekly report", "Review"), self)
        grid = QGridLayout(box)
        self.review_state = QLabel(box)
        self.review_state.setWordWrap(True)
        grid.addWidget(self.review_state, 0, 0, 1, 2)
        steps = [
            ("hand_in", _("Mark as handed in"), self.hand_in),
            (L.Review.APPROVE.value, _("Approve (countersign)"), lambda: self.review(L.Review.APPROVE)),
            (L.Review.RETURN.value, _("Return with note"), lambda: self.review(L.Review.RETURN)),
            (L.Review.COMMENT.value, _("Save the note as a comment"), lambda: self.review(L.Review.COMMENT)),
            ("print", _("Print the weekly form…"), self.print_week),
            ("record", _("The agreement's record…"), self.show_record),
        ]
        for key, text, slot in steps:
            button = QPushButton(text, box)
            button.clicked.connect(lambda _checked=False, slot=slot: slot())
            self._reviews[key] = button
        self._grid = grid
        self.review_box = box
        self.extra_area.addWidget(box)

    def reload(self, *, keep_typed: bool = False) -> bool:
        """Read the report again, and its files (added or removed elsewhere, or undone, without changing the
        report itself)."""
        kept = super().reload(keep_typed=keep_typed)
        if kept and hasattr(self, "files_box"):
            self.files_box.refresh()
        return kept

    def load(self, record: dict[str, Any]) -> None:
        super().load(record)
        if self._reviews:
            self._refresh_review()

    def _refresh_review(self) -> None:
        existing = self.record_id is not None
        self.review_box.setVisible(existing)
        if hasattr(self, "files_box"):
            self.files_box.show_week(self.record_id, status=self.record.get("status"), may_write=self.writable)
        if not existing:
            return
        status = L.WeekStatus(self.record.get("status") or "draft")
        text = f"{_('Status')}: {L.status_label(status)}."
        if status is L.WeekStatus.APPROVED and self.record.get("reviewed_on"):
            from vetdesk.ui.formatting import format_date

            text = _("Countersigned on {date}.").format(date=format_date(self.record["reviewed_on"]))
            if self.record.get("countersigned_in_file"):  # no day of decision known: the sentence says what is
                text = self.record["countersignature"]
            elif self.record.get("countersignature"):
                text += " " + self.record["countersignature"]
        elif status is L.WeekStatus.SUBMITTED:
            text += " " + _("To return it or to comment on it, write in \u201c{field}\u201d.").format(
                field=_("Instructor's note"))
        self.review_state.setText(text)
        shown = {"hand_in": status is L.WeekStatus.DRAFT,
                 L.Review.APPROVE.value: status is L.WeekStatus.SUBMITTED,
                 L.Review.RETURN.value: status is L.WeekStatus.SUBMITTED,
                 L.Review.COMMENT.value: True, "print": references.may_print(self.db, "week"), "record": True}
        visible = [button for key, button in self._reviews.items() if shown[key]]
        for button in self._reviews.values():  # the buttons of this status, two a row without gaps
            self._grid.removeWidget(button)
            button.setVisible(button in visible)
        for i, button in enumerate(visible):
            self._grid.addWidget(button, 1 + i // 2, i % 2)
        # A recorded week stays with its agreement and Monday (the rules say so; the form does not offer it).
        for name in ("agreement_id", "week_start"):
            self.editors[name].setEnabled(False)

    # -- the review --------------------------------------------------------------------------------------

    def _save_other_changes(self) -> bool:
        """Save what was typed besides the note first (a corrected text is handed in again)."""
        others = {n for n in self.changes() if n != "review_note"}
        return not others or self.save()

    def review(self, decision: L.Review) -> bool:
        """Approve, return or comment on the open report; the note is the instructor's note field's. Approving
        is a signature: asked first, saying what it means and how it is taken back."""
        note = self.editors["review_note"].value()
        if decision is L.Review.APPROVE and QMessageBox.question(
                self, _("Approve (countersign)"), L.countersign_question(),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel) != QMessageBox.StandardButton.Yes:
            return False
        return self._step(lambda record_id: self.db.review_week(
            record_id, decision=decision.value,
            note=note if decision is not L.Review.APPROVE or note else None, expected_version=self.version))

    def hand_in(self) -> bool:
        """An officer keying a paper report marks it handed in (it then waits for the instructor's review)."""
        return self._step(lambda record_id: self.db.hand_in_week(record_id, expected_version=self.version))

    def _step(self, write: Any) -> bool:
        """Save what was typed besides the note, then write the review step; refusals stay at their fields."""
        if self.record_id is None or not self._save_other_changes():
            return False
        try:
            outcome = write(self.record_id)
        except records.VersionConflict as exc:
            self._conflict(exc)
            return False
        except RuleViolation as exc:
            self._refused(exc)  # at its field (the note), scrolled into view and focused
            return False
        self.load(outcome.record)
        self.saved.emit(outcome.id)
        return True

    # -- printing and the whole record -------------------------------------------------------------------

    def print_week(self) -> None:
        from vetdesk import i18n
        from vetdesk.reports.weekly_form import week_pdf
        from vetdesk.ui.printing import PdfPreview, _failed
        from vetdesk.ui.tasks import run_with_progress

        if self.record_id is None:
            return
        agreement_id, week = self.record["agreement_id"], self.record["week_start"]
        lang = i18n.current().locale

        def shown(pdf: bytes) -> None:
            name = pgettext("file name", "weekly-report-{number}-{week}.pdf").format(number=agreement_id,
                                                                                       week=week.isoformat())
            PdfPreview(pdf, _("Weekly report"), safe_file_name(name), self).exec()

        run_with_progress(self, _("Preparing the weekly report…"),
                          lambda _p: week_pdf(self.db, agreement_id, week, lang=lang), shown,
                          lambda exc: _failed(self, exc))

    def show_record(self) -> None:
        from vetdesk.ui.logbook_dialogs import AgreementRecordDialog

        if self.record_id is not None:
            try:
                AgreementRecordDialog(self.db, self.record["agreement_id"], self).open()
            except RuleViolation as exc:
                QMessageBox.warning(self, _("Weekly reports"), "\n".join(p.message for p in exc.problems))
