"""The import wizard: file → sheet → columns → preview with the problems in the grid → import → result.

The wizard only gathers choices and shows what :mod:`vetdesk.services.importing` finds; every rule is
the engine's (the same as the command line's ``vetdesk import``). Reading the file, checking the rows and
writing them run off the GUI thread, so a ten-thousand-row file never freezes the window; each of those
pages stays incomplete (Next disabled) until its result has arrived. Results from a job the person has
since left behind (went back, chose another file) are ignored by their generation number.

The main window opens it with ``ImportWizard(db, parent, kind="apprentices").open()`` and refreshes its
lists on ``imported(kind, rows_written)``.

The package by job: :mod:`.steps` (what the pages share, and what a page asks of the wizard), :mod:`.models`
(the preview's tables), a module per step — :mod:`.file`, :mod:`.mapping`, :mod:`.preview`, :mod:`.result` — and
:mod:`.wizard`, the wizard itself. Callers import from here.
"""

from __future__ import annotations

from vetdesk.ui.import_wizard.file import FilePage, SheetPage
from vetdesk.ui.import_wizard.mapping import MappingPage
from vetdesk.ui.import_wizard.models import (
    ERROR_FILL,
    WARNING_FILL,
    ProblemsModel,
    RowsModel,
    field_title,
    problems_view,
)
from vetdesk.ui.import_wizard.preview import PreviewPage
from vetdesk.ui.import_wizard.result import ImportPage, ResultPage, report_rows, write_report_csv
from vetdesk.ui.import_wizard.steps import (
    PAGE_FILE,
    PAGE_IMPORT,
    PAGE_MAPPING,
    PAGE_PREVIEW,
    PAGE_RESULT,
    PAGE_SHEET,
    WIZARD_KINDS,
    ImportSteps,
    busy_bar,
    kind_title,
    plain_message,
)
from vetdesk.ui.import_wizard.wizard import ImportWizard, open_import_wizard

__all__ = [
    "ERROR_FILL", "PAGE_FILE", "PAGE_IMPORT", "PAGE_MAPPING", "PAGE_PREVIEW", "PAGE_RESULT", "PAGE_SHEET",
    "WARNING_FILL", "WIZARD_KINDS", "FilePage", "ImportPage", "ImportSteps", "ImportWizard", "MappingPage",
    "PreviewPage", "ProblemsModel", "ResultPage", "RowsModel", "SheetPage", "busy_bar", "field_title",
    "kind_title", "open_import_wizard", "plain_message", "problems_view", "report_rows", "write_report_csv",
]
