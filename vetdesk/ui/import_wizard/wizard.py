"""The import wizard itself: its pages in order and the outcome it tells the window."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import (
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QWidget,
    QWizard,
)

from vetdesk.i18n import _
from vetdesk.services import importing
from vetdesk.services.office import Office
from vetdesk.ui.import_wizard.file import FilePage, SheetPage
from vetdesk.ui.import_wizard.mapping import MappingPage
from vetdesk.ui.import_wizard.preview import PreviewPage
from vetdesk.ui.import_wizard.result import ImportPage, ResultPage
from vetdesk.ui.import_wizard.steps import PAGE_IMPORT


class ImportWizard(QWizard):
    """Bring a spreadsheet of companies, schools, instructors, apprentices or agreements into vetdesk."""

    #: The import wrote rows: (kind, rows written). Lists of that kind should reload.
    imported = Signal(str, int)

    def __init__(self, db: Office, parent: QWidget | None = None, *, kind: str | None = None,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self.db = db
        #: The day the rules measure ages and periods against (tests fix it).
        self.today = today
        self.kind = kind or "apprentices"
        self.path: Path | None = None
        self.sheet: str | None = None
        self.table: importing.Table | None = None
        self.mapping: dict[str, str | None] = {}
        self.report: importing.ImportReport | None = None
        self.error: BaseException | None = None
        self.setWindowTitle(_("Import from a spreadsheet"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setButtonText(QWizard.WizardButton.FinishButton, _("Close"))
        self.file_page = FilePage(self)
        self.sheet_page = SheetPage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.import_page = ImportPage(self)
        self.result_page = ResultPage(self)
        for page_id, page in enumerate((self.file_page, self.sheet_page, self.mapping_page, self.preview_page,
                                        self.import_page, self.result_page)):
            self.setPage(page_id, page)
        if kind is not None:
            self.file_page.kind.setCurrentIndex(max(self.file_page.kind.findData(kind), 0))
        self.setMinimumSize(760, 520)
        self.resize(980, 660)

    def choose_file(self, kind: str, path: Path) -> None:
        """The first page's choice; another file starts with its first sheet (a CSV file has none)."""
        if path != self.path:
            self.sheet = None
        self.kind, self.path = kind, path

    def import_options(self) -> tuple[bool, bool]:
        """The preview's options: (write only the rows without errors, update existing records)."""
        return self.preview_page.valid_only.isChecked(), self.preview_page.update_existing.isChecked()

    def finish(self, report: importing.ImportReport | None, error: BaseException | None) -> None:
        """The import's outcome: show the result page, tell the window what was written."""
        self.report, self.error = report, error
        if self.currentId() == PAGE_IMPORT:
            self.next()
        if report is not None and report.written > 0:
            self.imported.emit(self.kind, report.written)

    def busy(self) -> bool:
        """A background job the wizard waits for (reading, checking or importing)."""
        return (self.sheet_page.loading or self.mapping_page.loading or self.preview_page.checking
                or self.import_page.running)

    def reject(self) -> None:
        # Closing while the import runs asks it to stop; the wizard stays to show that nothing was written.
        if self.import_page.running:
            self.import_page.cancel()
            return
        super().reject()


def open_import_wizard(db: Office, parent: QWidget | None = None, *, kind: str | None = None,
                       on_imported: Callable[[str, int], None] | None = None) -> ImportWizard:
    """Show the wizard window-modal over ``parent`` (the main window's menu action)."""
    wizard = ImportWizard(db, parent, kind=kind)
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    if on_imported is not None:
        wizard.imported.connect(on_imported)
    wizard.open()
    return wizard
