"""Export what a list shows — its current filter, search, order and visible columns — to XLSX or CSV."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from vetdesk.i18n import _, safe_file_name, upper_first
from vetdesk.services import records
from vetdesk.services.exporting import write_list
from vetdesk.ui.files import show_saved
from vetdesk.ui.formatting import format_value
from vetdesk.ui.tasks import Cancelled, Progress, run_with_progress

CHUNK = 500


def list_rows(page: Any, columns: list[Any], progress: Progress | None = None) -> list[list[Any]]:
    """The rows of ``page``'s list for ``columns``: dates and amounts stay values (real cells in XLSX),
    references become names. Runs off the GUI thread: only services are called."""
    model = page.model
    ids = page.result_ids()
    rows: list[list[Any]] = []
    for start in range(0, len(ids), CHUNK):
        if progress is not None:
            progress.check()
            progress.report(start, len(ids))
        chunk = ids[start:start + CHUNK]
        found = records.get_many(page.db, page.kind, chunk)
        names = model.reader.names(found.values())  # the same names the list shows
        for record_id in chunk:
            record = found.get(record_id)
            if record is None:
                continue
            row: list[Any] = []
            for col in columns:
                if col.key == "apprentice":  # a record of an agreement: its apprentice, as the list shows it
                    row.append(names.get("apprentice_of_agreement", {}).get(record["agreement_id"], ""))
                    continue
                value = record.get(col.key)
                if col.ref_kind and value is not None:
                    row.append(names.get(col.ref_kind, {}).get(value) or value)
                elif isinstance(value, date | Decimal | int | float) and not isinstance(value, bool):
                    row.append(value)
                else:
                    row.append(format_value(col.type, value, page.kind))
            rows.append(row)
    return rows


def visible_columns(page: Any) -> list[Any]:
    return [c for i, c in enumerate(page.model.columns) if not page.table.isColumnHidden(i)]


def export_list(parent: QWidget, page: Any, path: str | None = None) -> None:
    """Ask where (unless ``path`` is given), then write the list in the background with a progress dialog. A role
    that may not export lists (``exporting.may_export``) is told so before anything is asked."""
    from vetdesk.domain.problems import RuleViolation
    from vetdesk.services.exporting import may_export

    try:
        may_export(page.db)
    except RuleViolation as refused:
        QMessageBox.warning(parent, _("Export the list"), "\n".join(p.message for p in refused.problems))
        return
    if path is None:
        from vetdesk.ui.folders import remember_folder, start_path

        chosen, _filter = QFileDialog.getSaveFileName(
            parent, _("Export the list"),
            start_path(parent, f"{safe_file_name(_(records.kind(page.kind).plural).lower())}.xlsx"),
            _("Excel workbook (*.xlsx);;Comma-separated values (*.csv)"))
        if not chosen:
            return
        remember_folder(parent, chosen)  # the next save is proposed in the same folder
        path = chosen
    target = Path(path)
    if target.suffix.lower() not in (".xlsx", ".csv"):
        target = target.with_suffix(".xlsx")
    columns = visible_columns(page)
    headers = [c.title() for c in columns]

    def work(progress: Progress) -> Path:
        return write_list(page.db, target, headers, lambda: list_rows(page, columns, progress),
                           sheet_title=upper_first(_(records.kind(page.kind).plural)))

    def done(written: Path) -> None:
        if hasattr(parent, "statusBar"):
            parent.statusBar().showMessage(_("List exported to {path}").format(path=written), 8000)
        show_saved(parent, written, title=_("Export the list"),
                   text=_("List exported to {path}").format(path=written))

    def failed(exc: BaseException) -> None:
        if not isinstance(exc, Cancelled):
            QMessageBox.warning(parent, _("Export the list"), str(exc))

    run_with_progress(parent, _("Exporting the list…"), work, done, failed)
