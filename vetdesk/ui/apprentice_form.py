"""An apprentice's record: above its fields, what belongs to the apprentice (their agreements, the assessments and
feedback on them, their exams and certificates, the agreements' files) with the record's actions (the progress
report, rating the current learning position)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout

from vetdesk.i18n import _
from vetdesk.ui.forms import RecordForm


class ApprenticeForm(RecordForm):
    """An apprentice with what belongs to them listed above the fields (a double click or Enter opens one)."""

    def load(self, record: dict[str, Any]) -> None:
        super().load(record)
        self._show_belongings()

    def related_changed(self, changes: Any) -> None:
        from vetdesk.services import belongings

        super().related_changed(changes)
        if self.record_id is not None and hasattr(self, "_belongings_box") \
                and changes.touches(*belongings.shown_beside(self.kind)):
            self._show_belongings()  # an agreement printed, signed or ended on another page

    def _show_belongings(self) -> None:
        """An apprentice's agreements, the assessments and feedback on them, their exams and certificates and the
        agreements' files, above the fields
        (a double click or Enter opens one), with the record's actions: the progress report and rating."""
        from PySide6.QtWidgets import QGroupBox, QListWidget, QListWidgetItem, QPushButton

        from vetdesk.services import belongings, references
        from vetdesk.ui.formatting import format_date

        if not hasattr(self, "_belongings_box"):
            # Its heading wraps inside the box: as the box's title it did not, and the form grew a horizontal
            # scroll bar once a record was saved and the box shown (trial 24c).
            title = _("Agreements, assessments, feedback, exams and documents")
            box = QGroupBox(self)
            box.setAccessibleName(title)
            column = QVBoxLayout(box)
            heading = QLabel(title, box)
            heading.setWordWrap(True)
            bold = QFont(heading.font())
            bold.setBold(True)
            heading.setFont(bold)
            column.addWidget(heading)
            self._belonging_lists: list[QListWidget] = []
            for name in (_("Learning agreements"), _("Assessments and feedback"), _("Exams and certificates"),
                         _("Documents")):
                caption = QLabel(name, box)
                listing = QListWidget(box)
                listing.setAccessibleName(name)
                listing.setMaximumHeight(96)
                listing.setWordWrap(True)  # a result's line is longer than the pane is wide
                listing.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
                listing.itemActivated.connect(self._open_belonging)
                caption.setBuddy(listing)
                column.addWidget(caption)
                column.addWidget(listing)
                self._belonging_lists.append(listing)
            actions = QHBoxLayout()
            self.progress_button = QPushButton(_("Progress report…"), box)
            self.progress_button.setToolTip(_("Preview and print the apprentice's progress report (Ctrl+P)"))
            self.progress_button.clicked.connect(self._print_progress)
            self.rate_button = QPushButton(_("Rate a learning position…"), box)
            self.rate_button.setToolTip(_("Rate every competency of one learning position of the current "
                                          "agreement, from the keyboard"))
            self.rate_button.clicked.connect(self._rate_current)
            # A viewer reads the apprentice's progress on screen and prints no report of it: not offered.
            self.progress_button.setVisible(references.may_print(self.db, "progress"))
            actions.addWidget(self.progress_button)
            actions.addWidget(self.rate_button)
            actions.addStretch(1)
            column.addLayout(actions)
            self._belongings_box = box
            self.extra_area.addWidget(box)
        self._belongings_box.setVisible(self.record_id is not None)
        if self.record_id is None:
            return
        found = belongings.of_apprentice(self.db, self.record_id)
        self._current_agreement = found.current_agreement
        self.rate_button.setEnabled(found.current_agreement is not None
                                    and references.may_create(self.db, "assessments"))
        outcomes = belongings.outcomes_of_apprentice(self.db, self.record_id)
        lists = (found.agreements, found.events, outcomes, found.documents)
        for listing, items in zip(self._belonging_lists, lists, strict=True):
            listing.clear()
            for b in items:
                item = QListWidgetItem(f"{format_date(b.on) if b.on else ''}  {b.text}".strip())
                item.setData(Qt.ItemDataRole.UserRole, (b.kind, b.record_id))
                item.setToolTip(b.text)
                listing.addItem(item)
            if not items:
                listing.addItem(QListWidgetItem(_("None yet.")))
            # As tall as its lines, up to five (the rest scroll): one agreement does not take a screenful.
            rows = min(max(listing.count(), 1), 5)
            listing.setFixedHeight(rows * listing.sizeHintForRow(0) + 2 * listing.frameWidth()
                                   + listing.horizontalScrollBar().sizeHint().height())

    def _open_belonging(self, item: Any) -> None:
        target = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if not target:
            return
        if target[0] == "attachments":
            from vetdesk.ui.files import open_attachment

            open_attachment(self, self.db, int(target[1]))
            return
        self.openRecord.emit(str(target[0]), int(target[1]))

    def _print_progress(self) -> None:
        from vetdesk.ui import printing

        if self.record_id is not None and self.confirm_saved_before_printing():
            printing.print_progress(self, self.db, self.record_id)

    def _rate_current(self) -> None:
        from vetdesk.ui.rating_grid import rate_agreement

        if self._current_agreement is not None and rate_agreement(self, self.db, self._current_agreement):
            self._show_belongings()
