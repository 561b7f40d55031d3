"""What the import wizard's pages share: the kinds it imports, the page ids, the messages and the busy bar,
and what a page asks of the wizard.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QProgressBar

from vetdesk.domain.problems import RuleViolation
from vetdesk.i18n import _, upper_first
from vetdesk.services import faults, importing, records
from vetdesk.services.office import Office

#: The kinds an officer imports from the window: those ``vetdesk import`` takes, in the order they depend on each
#: other (one definition: ``services.importing.IMPORT_KINDS``).
WIZARD_KINDS = importing.IMPORT_KINDS

PAGE_FILE, PAGE_SHEET, PAGE_MAPPING, PAGE_PREVIEW, PAGE_IMPORT, PAGE_RESULT = range(6)


def kind_title(kind: str) -> str:
    return upper_first(_(records.kind(kind).plural))


def plain_message(exc: BaseException) -> str:
    """What to tell the person about a failure while reading or writing."""
    if isinstance(exc, RuleViolation):  # e.g. the signed-in user may not import
        return "\n".join(p.message for p in exc.problems)
    if isinstance(exc, importing.ImportFileError | KeyError):
        return str(exc).strip("'\"")
    explained = faults.explain(exc)
    if explained:
        return explained
    return _("The file cannot be read ({reason}). Check that it is an .xlsx or .csv spreadsheet and that "
             "no other program has it open.").format(reason=exc)


def busy_bar() -> QProgressBar:
    bar = QProgressBar()
    bar.setRange(0, 0)
    bar.setTextVisible(False)
    bar.hide()
    return bar


class ImportSteps(Protocol):
    """What a page asks of the wizard it belongs to (:class:`vetdesk.ui.import_wizard.wizard.ImportWizard`):
    the choices so far and what came of them."""

    db: Office
    #: The day the rules measure ages and periods against (tests fix it).
    today: date | None
    kind: str
    path: Path | None
    sheet: str | None
    table: importing.Table | None
    mapping: dict[str, str | None]
    report: importing.ImportReport | None
    error: BaseException | None
    destroyed: SignalInstance

    def choose_file(self, kind: str, path: Path) -> None: ...
    def import_options(self) -> tuple[bool, bool]: ...
    def finish(self, report: importing.ImportReport | None, error: BaseException | None) -> None: ...
