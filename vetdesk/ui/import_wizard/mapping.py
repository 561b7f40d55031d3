"""The columns page: which field each column of the file fills."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from vetdesk.i18n import _, ngettext
from vetdesk.services import importing
from vetdesk.ui.import_wizard.steps import (
    ImportSteps,
    busy_bar,
    plain_message,
)
from vetdesk.ui.tasks import run_in_background


class MappingPage(QWizardPage):
    """Each column of the file and the field it fills (pre-filled; "not imported" leaves it out)."""

    HEADER, EXAMPLE, FIELD = range(3)

    def __init__(self, wizard: ImportSteps) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(_("Columns"))
        self.setSubTitle(_("Check which field each column of the file fills. Columns vetdesk recognised are "
                           "filled in; choose a field for the others or leave them out."))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.bar = busy_bar()
        self.grid = QTableWidget(0, 3)  # one row per column of the file: a few dozen at most
        self.grid.setHorizontalHeaderLabels([_("Column in the file"), _("First value"), _("Imported as")])
        self.grid.verticalHeader().hide()
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.grid.horizontalHeader()
        header.setSectionResizeMode(self.HEADER, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(self.EXAMPLE, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(self.FIELD, QHeaderView.ResizeMode.Stretch)
        self.grid.setColumnWidth(self.HEADER, 220)
        self.grid.setColumnWidth(self.EXAMPLE, 200)
        self.missing = QLabel()
        self.missing.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.bar)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.missing)
        self.combos: dict[str, QComboBox] = {}
        self._loaded_for: tuple[str, Path | None, str | None] | None = None
        self._generation = 0
        self.loading = False

    def initializePage(self) -> None:  # noqa: N802
        wanted = (self.wiz.kind, self.wiz.path, self.wiz.sheet)
        if wanted == self._loaded_for and self.wiz.table is not None:
            return  # back and forth: keep the person's choices
        self._loaded_for = None
        self.wiz.table = None
        self.grid.setRowCount(0)
        self.combos.clear()
        self.missing.clear()
        self._generation += 1
        generation = self._generation
        self.loading = True
        self.bar.show()
        path, sheet = self.wiz.path, self.wiz.sheet
        assert path is not None
        self.status.setText(_("Reading {name}…").format(name=path.name))
        self.completeChanged.emit()
        run_in_background(lambda: importing.read_table(path, sheet),
                          lambda table: self._read(generation, wanted, table),
                          lambda exc: self._failed(generation, exc), owner=self)

    def _read(self, generation: int, wanted: tuple[str, Path | None, str | None], table: importing.Table) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return
        self.loading = False
        self.bar.hide()
        self._loaded_for = wanted
        self.wiz.table = table
        kind = self.wiz.kind
        where = _("Sheet {sheet}: ").format(sheet=table.sheet) if table.sheet else ""
        self.status.setText(ngettext("{where}header on row {header}, {n} data row.",
                                     "{where}header on row {header}, {n} data rows.", len(table.rows))
                            .format(where=where, header=table.header_row, n=len(table.rows)))
        proposed = importing.propose_mapping(kind, table.headers)
        fields = importing.import_fields(kind)
        self.grid.setRowCount(len(table.headers))
        first = table.rows[0] if table.rows else None
        for row, header in enumerate(table.headers):
            item = QTableWidgetItem(header)
            self.grid.setItem(row, self.HEADER, item)
            example = ""
            if first is not None:
                example = importing.display_value(table.cell(first, header))
            self.grid.setItem(row, self.EXAMPLE, QTableWidgetItem(example))
            combo = QComboBox()
            combo.addItem(_("— not imported —"), None)
            for spec in fields:
                combo.addItem(spec.title() + (" *" if spec.required else ""), spec.name)
            combo.setCurrentIndex(max(combo.findData(proposed.get(header)), 0))
            combo.currentIndexChanged.connect(lambda _i, h=header: self._changed(h))
            self.grid.setCellWidget(row, self.FIELD, combo)
            self.combos[header] = combo
        self._show_missing()
        self.completeChanged.emit()

    def _failed(self, generation: int, exc: BaseException) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return
        self.loading = False
        self.bar.hide()
        self.status.setText(plain_message(exc))
        self.completeChanged.emit()

    def _changed(self, header: str) -> None:
        """A field fills one column: choosing it here leaves it out of the column that had it."""
        name = self.combos[header].currentData()
        if name is not None:
            for other, combo in self.combos.items():
                if other != header and combo.currentData() == name:
                    combo.blockSignals(True)
                    combo.setCurrentIndex(0)
                    combo.blockSignals(False)
        self._show_missing()

    def _show_missing(self) -> None:
        chosen = set(self.mapping().values())
        missing = [s.title() for s in importing.import_fields(self.wiz.kind) if s.required and s.name not in chosen]
        self.missing.setText(_("Required fields no column fills: {fields}. Rows cannot be created without "
                               "them.").format(fields=", ".join(missing)) if missing
                             else _("* required: every row needs a value in this field."))

    def mapping(self) -> dict[str, str | None]:
        return {header: combo.currentData() for header, combo in self.combos.items()}

    def choose(self, header: str, name: str | None) -> None:
        """Map ``header`` to the field ``name`` (``None``: not imported), as picking it in the list does."""
        combo = self.combos[header]
        combo.setCurrentIndex(max(combo.findData(name), 0))

    def isComplete(self) -> bool:  # noqa: N802
        return not self.loading and self.wiz.table is not None

    def validatePage(self) -> bool:  # noqa: N802
        self.wiz.mapping = self.mapping()
        return self.isComplete()
