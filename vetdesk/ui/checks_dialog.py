"""*Check the database*: every finding in the user's words — which record, which field, what to do — and a
double click (or Enter) on a finding opens its record."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vetdesk.i18n import _, ngettext
from vetdesk.services.checks import Described


class ChecksDialog(QDialog):
    """The findings of one check, one row each."""

    #: Open this record (kind, id).
    openRecord = Signal(str, int)
    #: Open this record at the field at fault (kind, id, field; the field may be none the form has).
    openFinding = Signal(str, int, str)

    def __init__(self, findings: list[Described], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Database check"))
        self.resize(1000, 480)
        layout = QVBoxLayout(self)
        if findings:
            summary = ngettext("{n} finding. Double-click one (or press Enter) to open its record.",
                               "{n} findings. Double-click one (or press Enter) to open its record.",
                               len(findings)).format(n=len(findings))
        else:
            summary = _("No record breaks a rule.")
        self.summary = QLabel(summary, self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(len(findings), 4, self)
        self.table.setAccessibleName(_("Findings"))
        self.table.setHorizontalHeaderLabels([_("Record"), _("Field"), _("Severity"), _("What to do")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 260)
        self.findings = findings
        for row, d in enumerate(findings):
            for column, text in enumerate((d.record, d.field, d.severity, d.message)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        # Rows as tall as their wrapped text at the columns' final widths (known once shown or resized).
        header.sectionResized.connect(lambda *_args: self.table.resizeRowsToContents())
        self.table.cellActivated.connect(lambda row, _column: self._open(row))
        self.table.cellDoubleClicked.connect(lambda row, _column: self._open(row))
        self.table.installEventFilter(self)  # Home and End: the first and the last finding
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if findings:
            self.table.setCurrentCell(0, 0)
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.table.resizeRowsToContents()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Home and End (with or without Ctrl) go to the first and the last finding: a table's own End went to
        the row's last cell, which a table of whole rows does not show (nothing happened)."""
        if watched is self.table and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Home, Qt.Key.Key_End) and self.findings \
                and not event.modifiers() & ~(Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.KeypadModifier):
            row = 0 if event.key() == Qt.Key.Key_Home else len(self.findings) - 1
            self.table.setCurrentCell(row, max(self.table.currentColumn(), 0))
            item = self.table.item(row, 0)
            if item is not None:
                self.table.scrollToItem(item)
            return True
        return super().eventFilter(watched, event)

    def _open(self, row: int) -> None:
        if 0 <= row < len(self.findings):
            finding = self.findings[row].finding
            self.openRecord.emit(finding.kind, finding.record_id)
            self.openFinding.emit(finding.kind, finding.record_id, finding.problem.field or "")
