"""The first pages: what to import and from which file, then which sheet of a workbook."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from vetdesk.i18n import _, pgettext, safe_file_name
from vetdesk.services import exporting, faults, importing
from vetdesk.ui.files import show_saved
from vetdesk.ui.folders import ask_save_file, open_start, remember_folder
from vetdesk.ui.import_wizard.steps import (
    PAGE_MAPPING,
    PAGE_SHEET,
    WIZARD_KINDS,
    ImportSteps,
    busy_bar,
    kind_title,
    plain_message,
)
from vetdesk.ui.tasks import run_in_background


class FilePage(QWizardPage):
    """What to import and from which file."""

    def __init__(self, wizard: ImportSteps) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(_("Import from a spreadsheet"))
        self.setSubTitle(_("Choose what the file holds and the file itself (.xlsx or .csv). Import schools "
                           "and companies before the apprentices and agreements that refer to them."))
        self.kind = QComboBox()
        self.kind.setAccessibleName(_("Records to import"))
        for kind in WIZARD_KINDS:
            self.kind.addItem(kind_title(kind), kind)
        self.path = QLineEdit()
        self.path.setAccessibleName(_("Spreadsheet file"))
        self.path.setPlaceholderText(_("No file chosen"))
        self.path.setClearButtonEnabled(True)
        self.browse = QPushButton(_("Choose file…"))
        self.browse.clicked.connect(self.choose_file)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a40000")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        form = QFormLayout()
        form.addRow(_("Records to import:"), self.kind)
        form.addRow(_("File:"), row)
        self.template = QPushButton(_("Save an empty template…"))
        self.template.setToolTip(_("A spreadsheet with the columns vetdesk recognises, to fill in and import."))
        self.template.clicked.connect(self.save_template)
        template_row = QHBoxLayout()
        template_row.addWidget(self.template)
        template_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addLayout(template_row)
        self.path.textChanged.connect(self.completeChanged)
        self.path.textChanged.connect(lambda _text: self.message.clear())
        self.kind.currentIndexChanged.connect(self._show_hint)
        self._show_hint()

    def chosen_kind(self) -> str:
        return str(self.kind.currentData())

    def chosen_path(self) -> Path:
        return Path(self.path.text().strip()).expanduser()

    def _show_hint(self) -> None:
        required = [s.title() for s in importing.import_fields(self.chosen_kind()) if s.required]
        self.hint.setText(_("Columns a file of {kind} must have: {columns}.").format(
            kind=kind_title(self.chosen_kind()).lower(), columns=", ".join(required)))

    def choose_file(self) -> None:
        """The file dialog starts at the file typed, else in the folder last used (else Documents)."""
        typed = self.path.text().strip()
        start = str(Path(typed).expanduser().absolute()) if typed else open_start(self)
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the spreadsheet"), start,
            _("Spreadsheets (*.xlsx *.csv)") + ";;" + _("All files (*)"))
        if name:
            remember_folder(self, name)
            self.path.setText(name)

    def save_template(self) -> Path | None:
        """Write an empty XLSX with the recognised headers of the chosen kind (for offices starting fresh)."""
        kind = self.chosen_kind()
        stem = safe_file_name(pgettext("file name", "vetdesk-{kind}").format(kind=kind_title(kind).lower()))
        name = ask_save_file(self, _("Save an empty template"), f"{stem}.xlsx", _("Excel workbooks (*.xlsx)"))
        if not name:
            return None
        path = Path(name) if name.lower().endswith(".xlsx") else Path(name + ".xlsx")
        try:
            written = exporting.write_template(kind, path)
        except OSError as exc:
            self.message.setText(faults.explain(exc) or str(exc))
            return None
        self.message.clear()
        self.hint.setText(self.hint.text() + "\n" + _("Template saved: {path}").format(path=written))
        show_saved(self, written)
        return written

    def isComplete(self) -> bool:  # noqa: N802
        return bool(self.path.text().strip())

    def validatePage(self) -> bool:  # noqa: N802
        path = self.chosen_path()
        if not path.is_file():
            self.message.setText(_("{name} does not exist. Choose the file again.").format(name=path))
            return False
        if path.suffix.lower() not in (".xlsx", ".xlsm", ".csv", ".txt"):
            self.message.setText(_("{name}: vetdesk reads .xlsx and .csv files; save the spreadsheet in one "
                                   "of these formats.").format(name=path.name))
            return False
        self.wiz.choose_file(self.chosen_kind(), path)
        return True

    def nextId(self) -> int:  # noqa: N802
        path = self.chosen_path()
        return PAGE_SHEET if path.suffix.lower() in (".xlsx", ".xlsm") else PAGE_MAPPING


class SheetPage(QWizardPage):
    """Which sheet of a workbook holds the table (the sheet names are read off the GUI thread)."""

    def __init__(self, wizard: ImportSteps) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(_("Sheet"))
        self.setSubTitle(_("Choose the sheet that holds the table. Title rows above the header and a notes "
                           "row below the table are recognised and left out."))
        self.sheet = QComboBox()
        self.sheet.setMinimumWidth(320)
        self.bar = busy_bar()
        self.message = QLabel()
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.sheet)
        row.addStretch(1)
        form = QFormLayout()
        form.addRow(_("Sheet:"), row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.bar)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.loading = False
        self._loaded_for: Path | None = None
        self._generation = 0

    def initializePage(self) -> None:  # noqa: N802
        path = self.wiz.path
        assert path is not None
        if path == self._loaded_for:
            return
        self._loaded_for = None
        self._generation += 1
        generation = self._generation
        self.loading = True
        self.sheet.clear()
        self.bar.show()
        self.message.setText(_("Reading {name}…").format(name=path.name))
        self.completeChanged.emit()
        run_in_background(lambda: importing.sheet_names(path), lambda names: self._listed(generation, path, names),
                          lambda exc: self._failed(generation, exc), owner=self)

    def _listed(self, generation: int, path: Path, names: list[str]) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return
        self.loading = False
        self.bar.hide()
        self.message.clear()
        self._loaded_for = path
        self.sheet.addItems(names)
        if self.wiz.sheet in names:
            self.sheet.setCurrentText(self.wiz.sheet)
        self.completeChanged.emit()

    def _failed(self, generation: int, exc: BaseException) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return
        self.loading = False
        self.bar.hide()
        self.message.setText(plain_message(exc) + " " + _("Go back and choose another file."))
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        return not self.loading and self.sheet.count() > 0

    def validatePage(self) -> bool:  # noqa: N802
        if not self.isComplete():
            return False
        self.wiz.sheet = self.sheet.currentText() or None
        return True
