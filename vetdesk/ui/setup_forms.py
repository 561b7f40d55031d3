"""The forms of an office's training set-up: a programme with its competency catalogue and coverage, a rotation
plan with its steps and versions, an apprentice's time at a position, and a school–company
collaboration agreement with its life cycle, printout and scanned copy.

Each is the record form (:class:`~vetdesk.ui.forms.RecordForm`) with what the kind adds; every rule and its
message comes from the services. (A learning position is the record form itself: its instructor, chosen among
its company's, follows the company as its field declares.)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vetdesk import i18n
from vetdesk.domain import training as T
from vetdesk.domain.problems import Problem, RuleViolation, WarningsNotAccepted
from vetdesk.i18n import _, ngettext, pgettext, safe_file_name, translator
from vetdesk.services import attachments, catalogue, records, training
from vetdesk.services.office import Office
from vetdesk.ui.agreement_form import StepDialog, confirm_back_to_draft
from vetdesk.ui.changes import OfficeChanges
from vetdesk.ui.editors import ChoiceEditor, Pick, StepsEditor, named_choices
from vetdesk.ui.files import show_saved
from vetdesk.ui.folders import ask_open_file, ask_save_file
from vetdesk.ui.formatting import format_date, format_value
from vetdesk.ui.forms import FollowWidth, RecordForm

GAP_FILL = QColor("#f6c9c9")


def _read_only(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


def _table(columns: list[str], name: str, parent: QWidget) -> QTableWidget:
    table = QTableWidget(0, len(columns), parent)
    table.setHorizontalHeaderLabels(columns)
    table.setAccessibleName(name)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _levels_words(scale: dict[str, Any]) -> str:
    """A rating scale's levels in a line of words ("1 = aún no demostrada, 2 = en desarrollo, …"), capitalised."""
    from vetdesk.domain import scales

    words = scales.describe(scale)
    return words[:1].upper() + words[1:]


# -- programmes: the competency catalogue -------------------------------------------------------------

class ProgrammeForm(RecordForm):
    """A programme with its competency catalogue: import and export it, add the socio-emotional skills, see which
    company teaches what (coverage)."""

    def __init__(self, db: Office, kind: str = "programmes", record_id: int | None = None,
                 parent: QWidget | None = None, *, initial: dict[str, Any] | None = None,
                 pick: Pick | None = None) -> None:
        self._catalogue_box: QGroupBox | None = None
        super().__init__(db, kind, record_id, parent, initial=initial, pick=pick)
        box = QGroupBox(_("Competency catalogue"), self)
        layout = QVBoxLayout(box)
        self.catalogue_table = _table([_("Code"), _("Competency"), _("Kind"), _("CONOCER"), _("Retired on")],
                                      _("Competency catalogue"), box)
        self.catalogue_table.setMinimumHeight(160)
        layout.addWidget(self.catalogue_table)
        self.catalogue_message = QLabel(box)
        self.catalogue_message.setWordWrap(True)
        layout.addWidget(self.catalogue_message)
        row = QGridLayout()
        self.import_button = QPushButton(_("Import competencies…"), box)
        self.import_button.setToolTip(_("Add or update the catalogue from a spreadsheet: code and title, and if "
                                        "the file has them area, description, CONOCER standard, kind and "
                                        "programme"))
        self.export_button = QPushButton(_("Export competencies…"), box)
        self.socioemotional_button = QPushButton(_("Add the socio-emotional skills"), box)
        self.coverage_button = QPushButton(_("Coverage…"), box)
        self.coverage_button.setToolTip(_("Which competencies each company's rotation plan teaches, and where"))
        self.import_button.clicked.connect(lambda: self.import_catalogue())
        self.export_button.clicked.connect(lambda: self.export_catalogue())
        self.socioemotional_button.clicked.connect(self.add_socioemotional)
        self.coverage_button.clicked.connect(self.show_coverage)
        for i, button in enumerate((self.import_button, self.export_button, self.socioemotional_button,
                                    self.coverage_button)):
            row.addWidget(button, i // 2, i % 2)
        layout.addLayout(row)
        # The rating scale, chosen in words (as ``vetdesk catalogue scale``, by the same operation and rule).
        # The label above its choice, the choice a short name ("Cuatro niveles") and its levels spelt out in a
        # wrapping line under it: the whole name with its levels in the choice was cut at 1366×768 ("…, competente,
        # sobr", trial 4), and beside the label it widened the form past the pane (trial 3).
        scale_row = QVBoxLayout()
        scale_row.setSpacing(2)
        scale_label = QLabel(_("Rating scale"), box)
        self.scale_choice = QComboBox(box)
        self.scale_choice.setAccessibleName(_("Rating scale"))
        self.scale_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.scale_choice.setMinimumContentsLength(16)
        scale_label.setBuddy(self.scale_choice)
        self.scale_levels = QLabel(box)
        self.scale_levels.setWordWrap(True)
        self.scale_levels.setAccessibleName(_("The scale's levels"))
        scale_row.addWidget(scale_label)
        scale_row.addWidget(self.scale_choice)
        scale_row.addWidget(self.scale_levels)
        layout.addLayout(scale_row)
        self.scale_choice.activated.connect(self._scale_chosen)
        self._catalogue_box = box
        self.extra_area.addWidget(box)
        self._changes = OfficeChanges(db, self)
        self._changes.changed.connect(self._changed_elsewhere)
        self.show_catalogue()

    def load(self, record: dict[str, Any]) -> None:
        super().load(record)
        if self._catalogue_box is not None:
            self.show_catalogue()

    def _changed_elsewhere(self, changes: Any) -> None:
        if self.record_id is not None and changes.touches("competencies"):
            self.show_catalogue()

    def show_catalogue(self) -> None:
        existing = self.record_id is not None
        assert self._catalogue_box is not None
        self._catalogue_box.setVisible(existing)
        if not existing:
            return
        assert self.record_id is not None
        self._show_scale()
        rows = records.get(self.db, "programmes", self.record_id).get("competencies", [])
        self.catalogue_table.setRowCount(len(rows))
        for i, c in enumerate(rows):
            title, area = T.catalogue_words(str(c["title"])), T.catalogue_words(str(c.get("area") or ""))
            values = (c["code"], title, format_value("choice", c.get("kind") or "technical"),
                      c.get("conocer_code") or "", format_value("date", c.get("retired_on")))
            for j, text in enumerate(values):
                item = _read_only(str(text))
                item.setToolTip(f"{area}: {title}" + (f"\n{c['description']}" if c.get("description")
                                                                 else ""))
                self.catalogue_table.setItem(i, j, item)
        self.catalogue_table.resizeColumnsToContents()
        self.catalogue_message.setText(ngettext("{n} competency", "{n} competencies", len(rows)).format(n=len(rows)))

    def import_catalogue(self, path: str | None = None) -> bool:
        if self.record_id is None:
            return False
        if path is None:
            path = ask_open_file(self, _("Import competencies"), _("Spreadsheets (*.xlsx)"))
            if not path:
                return False
        try:
            summary = self.db.import_catalogue(self.record_id, path)
        except RuleViolation as exc:
            # The window's way of naming a column the file heads otherwise: the import's Columns step.
            menu = f"{_('&File')} › {_('&Import from a spreadsheet…')}".replace("&", "")
            self.catalogue_message.setText("\n".join(p.message + (" " + _(
                "Or choose the column yourself in {menu}: its step {step} says which column holds what.")
                .format(menu=menu, step=_("Columns")) if p.code == catalogue.HEADER_MISSING else "")
                for p in exc.problems))
            return False
        self.show_catalogue()
        text = _("Imported: {added} new, {updated} changed, {unchanged} as before.").format(
            added=summary.added, updated=summary.updated, unchanged=summary.unchanged)
        if summary.other_programmes:
            text += " " + ngettext("{n} row of another programme left out.", "{n} rows of other programmes left out.",
                                   summary.other_programmes).format(n=summary.other_programmes)
        self.catalogue_message.setText(text)
        return True

    def export_catalogue(self, path: str | None = None) -> bool:
        if self.record_id is None:
            return False
        if path is None:
            stem = safe_file_name(self.record.get("code") or pgettext("file name", "catalogue"))
            path = ask_save_file(self, _("Export competencies"), f"{stem}.xlsx", _("Excel workbooks (*.xlsx)"))
            if not path:
                return False
        n = catalogue.export_catalogue(self.db, self.record_id, path)
        self.catalogue_message.setText(ngettext("{n} competency written to {file}.",
                                                "{n} competencies written to {file}.", n).format(n=n, file=path))
        show_saved(self, path)
        return True

    def _show_scale(self) -> None:
        """The programme's scale among the scales offered (a scale of its own, read from a file, shown too)."""
        from vetdesk.domain import scales

        if self.record_id is None:
            return
        # No scale of its own is the four levels (as the assessments and the progress report read it).
        current = records.get(self.db, "programmes", self.record_id).get("scale") or scales.FOUR_LEVELS
        preset = scales.preset_of(current)
        self.scale_choice.blockSignals(True)
        self.scale_choice.clear()
        for name, words in scales.SCALE_NAMES.items():
            self.scale_choice.addItem(_(words), name)
            self.scale_choice.setItemData(self.scale_choice.count() - 1, _levels_words(scales.SCALES[name]),
                                          Qt.ItemDataRole.ToolTipRole)
        if preset is None:
            self.scale_choice.addItem(_("A scale of its own"), None)
        self.scale_choice.setCurrentIndex(self.scale_choice.findData(preset) if preset is not None
                                          else self.scale_choice.count() - 1)
        self.scale_choice.blockSignals(False)
        self.scale_levels.setText(_levels_words(current))

    def _scale_chosen(self, index: int) -> None:
        from vetdesk.domain import scales

        name = self.scale_choice.itemData(index)
        if self.record_id is None or name is None \
                or name == scales.preset_of(records.get(self.db, "programmes", self.record_id).get("scale")):
            return
        try:
            self.db.set_scale(self.record_id, name)
        except RuleViolation as exc:
            QMessageBox.warning(self, _("Rating scale"), "\n".join(p.message for p in exc.problems))
        self._show_scale()

    def add_socioemotional(self) -> int:
        if self.record_id is None:
            return 0
        added = self.db.enable_socioemotional(self.record_id)
        self.show_catalogue()
        return added

    def show_coverage(self) -> CoverageDialog | None:
        if self.record_id is None:
            return None
        dialog = CoverageDialog(self.db, self.record_id, self)
        dialog.open()
        return dialog


class CoverageDialog(QDialog):
    """For a programme: which competencies each company's current rotation plan teaches and at which positions;
    an empty (red) cell is a gap. The grid can be exported."""

    def __init__(self, db: Office, programme_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.programme_id = programme_id
        self.coverage = training.coverage(db, programme_id)
        self.setWindowTitle(_("Coverage of {programme}").format(programme=self.coverage.programme))
        self.resize(960, 560)
        layout = QVBoxLayout(self)
        headers, rows = training.coverage_table(self.coverage)
        intro = QLabel(_("Each column is a company's current rotation plan; a cell names the learning positions where "
                         "the competency is taught. Red cells are gaps."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = _table(headers, _("Coverage"), self)
        self.table.setRowCount(len(rows))
        plan_columns = range(3, 3 + len(self.coverage.plans))
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                item = _read_only(str(value))
                if j in plan_columns and not value:
                    item.setBackground(GAP_FILL)
                    item.setToolTip(_("Not taught by this plan"))
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()
        layout.addWidget(self.table, 1)
        gaps = sum(1 for r in self.coverage.rows if r.gap(self.coverage.plans))
        if not self.coverage.plans:
            summary = _("No company has a rotation plan for this programme yet.")
        elif gaps:
            summary = ngettext("{n} competency is not taught by every plan.",
                               "{n} competencies are not taught by every plan.", gaps).format(n=gaps)
        else:
            summary = _("Every plan teaches every competency of the programme.")
        self.summary = QLabel(summary, self)
        layout.addWidget(self.summary)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.export_button = QPushButton(_("Export…"), self)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.clicked.connect(lambda: self.export())
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def export(self, path: str | None = None) -> Path | None:
        if path is None:
            stem = safe_file_name(pgettext("file name", "coverage"))
            path = ask_save_file(self, _("Export the coverage"), f"{stem}.xlsx",
                                 _("Excel workbooks (*.xlsx)") + ";;CSV (*.csv)")
            if not path:
                return None
        training.export_coverage(self.db, self.programme_id, path)
        self.summary.setText(_("Written: {path}").format(path=path))
        show_saved(self, path)
        return Path(path)


# -- rotation plans ---------------------------------------------------------------------------------------

class PlanForm(RecordForm):
    """A rotation plan: its steps are the company's positions; a plan agreements were printed with gets a new
    version instead of changes."""

    def __init__(self, db: Office, kind: str = "rotation_plans", record_id: int | None = None,
                 parent: QWidget | None = None, *, initial: dict[str, Any] | None = None,
                 pick: Pick | None = None) -> None:
        self._version_box: QGroupBox | None = None
        super().__init__(db, kind, record_id, parent, initial=initial, pick=pick)
        box = QGroupBox(_("Versions"), self)
        layout = QVBoxLayout(box)
        self.usage = QLabel(box)
        self.usage.setWordWrap(True)
        layout.addWidget(self.usage)
        row = QHBoxLayout()
        self.version_button = QPushButton(_("New version…"), box)
        self.version_button.setToolTip(_("A copy of this plan, valid from a day you choose; the agreements printed "
                                         "with this version keep it"))
        self.version_button.clicked.connect(self.new_version)
        row.addWidget(self.version_button)
        row.addStretch(1)
        layout.addLayout(row)
        self._version_box = box
        self.extra_area.addWidget(box)
        self.editors["company_id"].changed.connect(self._company_changed)
        self._company_changed()
        self._show_usage()

    def _company_changed(self) -> None:
        editor = self.editors.get("steps")
        company = self.editors["company_id"].value()
        if isinstance(editor, StepsEditor):
            editor.set_positions(named_choices(self.db, "positions", company_id=company) if company else [])

    def load(self, record: dict[str, Any]) -> None:
        super().load(record)
        if self._version_box is not None:
            self._company_changed()
            self._show_usage()

    def related_changed(self, changes: Any) -> None:
        super().related_changed(changes)
        if self._version_box is not None and changes.touches("agreements"):
            self._show_usage()  # an agreement drawn up (or changed) with this plan meanwhile is named

    def _show_usage(self) -> None:
        assert self._version_box is not None
        self._version_box.setVisible(self.record_id is not None)
        if self.record_id is None:
            return
        used = records.list_records(self.db, "agreements", records.ListQuery(
            company_id=self.record.get("company_id"), programme_id=self.record.get("programme_id")))
        mine = [a["reference"] for a in used if a.get("rotation_plan_id") == self.record_id]
        version = self.record.get("plan_version") or 1
        if mine:
            self.usage.setText(_("Version {version}, named on agreements {refs}.").format(
                version=version, refs=", ".join(mine[:8]) + (" …" if len(mine) > 8 else "")))
        else:
            self.usage.setText(_("Version {version}, named on no agreement yet.").format(version=version))

    def new_version(self) -> bool:
        if self.record_id is None or (self.is_dirty() and not self.confirm_discard()):
            return False
        dialog = StepDialog(_("New version of the plan"),
                            _("The new version has the same positions and weeks; change them once it is made. This "
                              "version stays valid until the day before."),
                            [("valid_from", _("Valid from"), date.today(), False)], parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        try:
            outcome = self.db.new_plan_version(self.record_id, valid_from=dialog.values()["valid_from"])
        except RuleViolation as exc:
            self.show_problems(exc.problems)
            return False
        self.load(outcome.record)
        self.saved.emit(outcome.id)
        return True


# -- the apprentice's rotation ------------------------------------------------------------------------

class RotationForm(RecordForm):
    """The dates an apprentice spent at a learning position: the position is one of the agreement's plan; the
    agreement's whole rotation, planned and actual, is shown below."""

    def __init__(self, db: Office, kind: str = "rotations", record_id: int | None = None,
                 parent: QWidget | None = None, *, initial: dict[str, Any] | None = None,
                 pick: Pick | None = None) -> None:
        self._schedule: QTableWidget | None = None
        super().__init__(db, kind, record_id, parent, initial=initial, pick=pick)
        box = QGroupBox(_("The agreement's rotation"), self)
        layout = QVBoxLayout(box)
        # Six columns that fit the form's width at 1366x768: a long position's or instructor's name and the dates
        # wrap onto more lines rather than being cut or pushing the other columns out of sight; each cell's tooltip
        # holds its whole text.
        self._schedule = _table([_("No."), _("Learning position"), _("Instructor"), _("Weeks"), _("Planned"),
                                 _("Actual")], _("The agreement's rotation"), box)
        self._schedule.setWordWrap(True)
        self._schedule.setTextElideMode(Qt.TextElideMode.ElideNone)
        self._schedule.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self._schedule.horizontalHeader()
        header.setStretchLastSection(False)
        # A title wraps too ("Learning / position") rather than being cut.
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag(Qt.TextFlag.TextWordWrap))
        for column in range(self._schedule.columnCount()):  # the names share what the number, weeks and dates leave
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch if column in (1, 2)
                                        else QHeaderView.ResizeMode.ResizeToContents)
            title = self._schedule.horizontalHeaderItem(column)
            if title is not None:
                title.setToolTip(title.text())
        FollowWidth(self._schedule, self._fit_schedule)
        layout.addWidget(self._schedule)
        # The rotation, with the actual dates recorded, runs past the agreement's end or ends well before it.
        self._notice = QLabel(box)
        self._notice.setWordWrap(True)
        self._notice.setAccessibleName(_("Rotation warning"))
        self._notice.setStyleSheet("color: #8a4b00;")
        self._notice.hide()
        layout.addWidget(self._notice)
        self.extra_area.addWidget(box)
        self.editors["agreement_id"].changed.connect(self._agreement_changed)
        self._agreement_changed()
        self._show_own_step()

    def _agreement_changed(self) -> None:
        agreement = self.editors["agreement_id"].value()
        lines = training.agreement_rotation(self.db, agreement) if agreement else []
        notices = training.rotation_notices(self.db, agreement) if agreement else []
        if hasattr(self, "_notice"):
            self._notice.setText("\n".join(notices))
            self._notice.setVisible(bool(notices))
        editor = self.editors.get("position_id")
        if isinstance(editor, ChoiceEditor):
            editor.set_choices([(f"{line.row.sequence}. {line.row.name}", line.row.position_id) for line in lines])
        if self._schedule is None:
            return
        self._schedule.setRowCount(len(lines))
        instructors = training.position_instructors(self.db, [line.row.position_id for line in lines])

        def period(start: date, end: date | None) -> str:  # on two lines: the column is one date wide
            text = _("{start} – {end}").format(start=format_date(start), end=format_date(end) if end else "…")
            cut = text.rfind(" ")
            return text if cut < 0 else f"{text[:cut]}\n{text[cut + 1:]}"

        for i, line in enumerate(lines):
            r = line.row
            cells = (str(r.sequence), r.name, instructors.get(r.position_id, ""), str(r.weeks),
                     period(r.planned_start, r.planned_end),
                     "" if r.actual_start is None else period(r.actual_start, r.actual_end))
            for j, text in enumerate(cells):
                item = _read_only(text)
                item.setToolTip(f"{r.name} — {r.department}" if j == 1 and r.department
                                else text.replace("\n", " "))
                self._schedule.setItem(i, j, item)
        self._fit_schedule()

    def _fit_schedule(self) -> None:
        """Each row as tall as its wrapped names, the table as tall as its rows (up to eight): nothing cut."""
        table = self._schedule
        if table is None or not shiboken6.isValid(self):
            return
        table.resizeRowsToContents()
        header = table.horizontalHeader()
        # No narrower than its longest words in the names' columns (the record pane widens to it: a long word of a
        # position, "electrónico", is not cut at a narrow pane).
        words = table.fontMetrics()
        titles = header.fontMetrics()
        fixed, longest = 2 * table.frameWidth() + 4, 0
        for column in range(table.columnCount()):
            if column not in (1, 2):
                fixed += header.sectionSize(column)
                continue
            cells = [table.item(row, column) for row in range(table.rowCount())]
            texts = [cell.text() for cell in cells if cell is not None]
            title = table.horizontalHeaderItem(column)
            longest = max([longest, *(words.horizontalAdvance(w) for t in texts for w in t.split()),
                           *(titles.horizontalAdvance(w) for w in (title.text() if title else "").split())])
        table.setMinimumWidth(fixed + 2 * (longest + 12))  # the two names' columns share alike
        # A title wrapped onto two lines needs a header two lines tall.
        header.setMinimumHeight(2 * header.fontMetrics().lineSpacing() + 8
                                if any(header.sectionSize(i) < header.sectionSizeFromContents(i).width()
                                       for i in range(table.columnCount())) else 0)
        rows = sum(table.rowHeight(i) for i in range(min(table.rowCount(), 8)))
        table.setFixedHeight(max(header.height(), header.minimumHeight()) + rows + 2 * table.frameWidth() + 4)

    def load(self, record: dict[str, Any]) -> None:
        super().load(record)
        if self._schedule is not None:
            self._agreement_changed()
            self._show_own_step()

    def _show_own_step(self) -> None:
        """A position the plan returns to is offered once per step ("1. Almacén", "3. Almacén"): the period
        shown is its own step's (the core tells which stay it is), not the position's first."""
        editor = self.editors.get("position_id")
        agreement = self.editors["agreement_id"].value()
        if not isinstance(editor, ChoiceEditor) or self.record_id is None or not agreement:
            return
        for line in training.agreement_rotation(self.db, agreement):
            if line.period_id == self.record_id:
                index = editor.combo.findText(f"{line.row.sequence}. {line.row.name}")
                if index >= 0:
                    editor.combo.blockSignals(True)
                    editor.combo.setCurrentIndex(index)
                    editor.combo.blockSignals(False)
                    editor.combo.setToolTip(editor.combo.currentText())
                return


# -- collaboration agreements ----------------------------------------------------------------------------

class CollaborationForm(RecordForm):
    """A school–company collaboration agreement with its life cycle, its printout and its scanned copies."""

    def __init__(self, db: Office, kind: str = "collaborations", record_id: int | None = None,
                 parent: QWidget | None = None, *, initial: dict[str, Any] | None = None,
                 pick: Pick | None = None) -> None:
        self._steps: dict[str, QPushButton] = {}
        super().__init__(db, kind, record_id, parent, initial=initial, pick=pick)
        self._build_extras()  # (its school's signatory is one of the school's own staff: the field follows it)
        self._refresh_extras()

    def _build_extras(self) -> None:
        box = QGroupBox(_("Life cycle"), self)
        grid = QGridLayout(box)
        self._grid = grid
        steps = [
            ("draft", _("Back to draft"), self.back_to_draft),
            ("signed", _("Record signatures…"), self.record_signatures),
            ("active", _("Bring into force…"), self.activate),
            ("ended", _("End…"), self.end),
        ]
        for status, text, slot in steps:
            button = QPushButton(text, box)
            button.clicked.connect(slot)
            self._steps[status] = button
        self.language = QComboBox(box)
        self.language.setAccessibleName(_("Language of the printout"))
        for code, name in (("es", "Español"), ("en", "English"), ("de", "Deutsch"), ("pt", "Português")):
            self.language.addItem(name, code)
        running = next((c for c, loc in i18n.LANGUAGES.items() if loc == i18n.current().locale), "es")
        self.language.setCurrentIndex(max(0, self.language.findData(running)))
        self.print_button = QPushButton(_("Print for signature…"), box)
        self.print_button.clicked.connect(self.print_document)
        self.lifecycle_box = box
        files = QGroupBox(_("Signed copies and attachments"), self)
        files_layout = QVBoxLayout(files)
        self.attachment_list = QListWidget(files)
        self.attachment_list.setMaximumHeight(56)
        self.attachment_list.setAccessibleName(_("Attachments"))
        self.attachment_list.itemActivated.connect(self._open_attachment)
        files_layout.addWidget(self.attachment_list)
        row = QHBoxLayout()
        self.attach_button = QPushButton(_("Attach scanned copy…"), files)
        self.attach_button.clicked.connect(lambda: self.choose_attachment())
        row.addWidget(self.attach_button)
        row.addStretch(1)
        files_layout.addLayout(row)
        self.files_box = files
        self.extra_area.addWidget(box)
        self.extra_area.addWidget(files)

    def load(self, record: dict[str, Any]) -> None:
        super().load(record)
        if self._steps:
            self._refresh_extras()

    def _refresh_extras(self) -> None:
        existing = self.record_id is not None
        self.lifecycle_box.setVisible(existing)
        self.files_box.setVisible(existing)
        if not existing:
            return
        current = T.CollaborationStatus(self.record.get("status") or "draft")
        allowed = T.COLLABORATION_TRANSITIONS[current]
        shown: list[QWidget] = [b for s, b in self._steps.items() if T.CollaborationStatus(s) in allowed]
        if current in (T.CollaborationStatus.DRAFT, T.CollaborationStatus.PRINTED):
            shown = [self.language, self.print_button, *shown]
        for widget in [*self._steps.values(), self.print_button, self.language]:
            self._grid.removeWidget(widget)
            widget.setVisible(widget in shown)
        for i, widget in enumerate(shown):
            self._grid.addWidget(widget, i // 2, i % 2)
        self.lifecycle_box.setVisible(bool(shown))
        assert self.record_id is not None
        self.attachment_list.clear()
        for a in attachments.list_attachments(self.db, collaboration_id=self.record_id):
            item = QListWidgetItem(f"{a['filename']} — {format_date(a['added_at'].date())}")
            item.setData(Qt.ItemDataRole.UserRole, a["id"])
            self.attachment_list.addItem(item)

    # -- steps -------------------------------------------------------------------------------------------

    def _ready(self) -> bool:
        if self.record_id is None:
            return False
        if self.is_dirty():
            answer = QMessageBox.question(
                self, _("Unsaved changes"), _("Save your changes before this step?"),
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
            return answer == QMessageBox.StandardButton.Save and self.save()
        return True

    def step(self, values: dict[str, Any], title: str | None, *,
             refused: Callable[[RuleViolation], None] | None = None) -> bool:
        """Move the collaboration agreement along its life cycle (warnings ask first). The operation is named by
        the status it moves to (``RecordKind.status_labels``), as on the command line."""
        labels = records.kind("collaborations").status_labels
        label = title or (_(labels[values["status"]]) if values.get("status") in labels else "")
        assert self.record_id is not None
        record_id = self.record_id
        return self._attempt(label, lambda accept: self.db.update(
            "collaborations", record_id, values, accept_warnings=accept, expected_version=self.version),
            refused=refused)

    def _attempt(self, label: str, operation: Callable[[bool], records.Outcome], *,
                 refused: Callable[[RuleViolation], None] | None = None) -> bool:
        """Run a step's operation of the core (``operation(accept_warnings)``): warnings ask first, refusals are
        shown at their fields and said (or handed to ``refused``: a dialog that shows them beside what the officer
        typed); the form shows the record as it is then."""
        accept = False
        while True:
            try:
                outcome = operation(accept)
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
                if refused is not None:  # shown by the dialog that asked the values, beside them
                    refused(exc)
                    return False
                self._save_attempted = True
                self.show_problems(exc.problems)
                text = "\n\n".join(f"• {p.message}" for p in exc.errors)
                QMessageBox.warning(self, label,
                                    _("This step cannot be taken yet:\n\n{problems}").format(problems=text))
                return False
            self.load(outcome.record)
            self.saved.emit(outcome.id)
            return True

    def back_to_draft(self) -> bool:
        return self._ready() and confirm_back_to_draft(self, str(self.record.get("reference") or "")) \
            and self.step({"status": "draft"}, None)

    def record_signatures(self) -> bool:
        if not self._ready():
            return False
        labels = {f.name: f.title() for f in records.kind("collaborations").fields}
        assert self.record_id is not None
        record_id = self.record_id
        # The parties as the core lists them; signatures come in over days: each is recorded as it arrives, and
        # the last one makes the agreement signed (Office.record_signatures, as ``vetdesk sign collaboration``).
        parties = records.signatures(self.db, record_id, kind_name="collaborations")

        def submit(values: dict[str, Any]) -> bool | list[Problem]:
            refusal: list[Problem] = []  # shown in the dialog, under its date, the dates typed kept
            done = self._attempt(_("Record signatures"), lambda accept: self.db.record_signatures(
                record_id, values, accept_warnings=accept, expected_version=self.version, kind="collaborations"),
                refused=lambda exc: refusal.extend(exc.problems))
            return refusal or done

        dialog = StepDialog(_("Record signatures"),
                            _("Tick each party that has signed and give the date of its signature. Signatures "
                              "still to come can be recorded later: the agreement counts as signed once every "
                              "party has signed."),
                            [(p, labels[p], signed, True) for p, signed in parties], parent=self, submit=submit)
        return dialog.exec() == QDialog.DialogCode.Accepted

    def activate(self) -> bool:
        if not self._ready():
            return False
        # Proposed: its start, or the day the last party signed if later (it is not in force before).
        days = [d for d in (self.record.get("start_date"), self.record.get("school_signed_on"),
                            self.record.get("company_signed_on"), self.record.get("chamber_signed_on")) if d]
        dialog = StepDialog(_("Bring into force"), _("The collaboration agreement is in force since:"),
                            [("activated_on", _("In force since"), max(days) if days else None, False)],
                            parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        return self.step({"status": "active", **dialog.values()}, None)

    def end(self) -> bool:
        if not self._ready():
            return False
        dialog = StepDialog(_("End the collaboration agreement"), _("Give the day it ended and the reason."),
                            [("ended_on", _("Ended on"), None, False)], reason=True, parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        values = dialog.values()
        values["end_reason"] = values.pop("termination_reason", None)
        return self.step({"status": "ended", **values}, None)

    # -- printing and files ---------------------------------------------------------------------------------

    def print_document(self) -> bool:
        """Preview the printout; printing or saving it sends it out for signature (a draft becomes printed)."""
        if not self._ready():
            return False
        from vetdesk.reports.collaboration import collaboration_pdf
        from vetdesk.ui.printing import PdfPreview, collaboration_mailer

        assert self.record_id is not None
        try:
            pdf = collaboration_pdf(self.db, self.record_id, lang=self.language.currentData())
        except RuleViolation as exc:
            QMessageBox.warning(self, _("Print"), "\n".join(p.message for p in exc.problems))
            return False
        if self.record.get("status") == "draft":  # it prints the office's text of today: is it behind?
            from vetdesk.services import clauses

            behind = clauses.behind_when_printing(self.db, "collaboration",
                                                  clauses.language_of(self.language.currentData() or "es"))
            if behind is not None:
                QMessageBox.warning(self, _("Print"), behind.message)
        reference = self.record.get("reference") or ""
        file_name = safe_file_name(translator(self.language.currentData()).pgettext(
            "file name", "collaboration-{reference}.pdf").format(reference=reference))
        # The e-mail button as on a learning agreement's preview: a draft with the PDF attached, to the school
        # and the company; a draft e-mailed goes out for signature as one printed or saved does.
        preview = PdfPreview(pdf, _("Collaboration agreement {reference}").format(reference=reference), file_name,
                             self, mail=collaboration_mailer(self.db, self.record_id, file_name, pdf,
                                                             self.language.currentData() or i18n.current().locale))
        preview.exec()
        if not preview.done_with:
            return False
        self.db.print_collaborations_for_signature([self.record_id], language=self.language.currentData())
        self.load(records.get(self.db, "collaborations", self.record_id))
        self.saved.emit(self.record_id)
        return True

    def choose_attachment(self, path: str | None = None) -> int | None:
        if self.record_id is None:
            return None
        if path is None:
            path = ask_open_file(self, _("Attach the scanned signed copy"),
                                 _("PDF or image") + " (*.pdf *.png *.jpg *.jpeg *.tif *.tiff *.webp)")
            if not path:
                return None
        file = Path(path)
        try:
            new_id = self.db.attach(collaboration_id=self.record_id, filename=file.name, content=file.read_bytes())
        except RuleViolation as exc:
            QMessageBox.warning(self, _("Attach file"), "\n".join(p.message for p in exc.problems))
            return None
        except OSError as exc:
            QMessageBox.warning(self, _("Attach file"), _("{name} cannot be read: {reason}")
                                .format(name=file.name, reason=exc.strerror or exc))
            return None
        self._refresh_extras()
        return new_id

    def _open_attachment(self, item: QListWidgetItem | None) -> None:
        from vetdesk.ui.files import open_attachment

        if item is not None:
            open_attachment(self, self.db, int(item.data(Qt.ItemDataRole.UserRole)))


__all__ = ["CollaborationForm", "CoverageDialog", "PlanForm", "ProgrammeForm", "RotationForm"]
