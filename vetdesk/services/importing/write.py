"""Writing an import: the checked rows in one unit of work, through the records' own write path."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from vetdesk.i18n import _
from vetdesk.services import records
from vetdesk.services.importing.columns import apply_overrides, propose_mapping
from vetdesk.services.importing.plan import PlannedRow, Progress, plan_import
from vetdesk.services.importing.reading import Table, read_table
from vetdesk.services.importing.report import ImportReport
from vetdesk.services.uow import SYSTEM, Actor, UnitOfWork, acting, authorize, reading, unit_of_work
from vetdesk.storage.engine import Database
from vetdesk.storage.models import AuditEntry


def run_import(db: Database, kind: str, table: Table, mapping: Mapping[str, str | None], *,
               valid_only: bool = False, update: bool = False, dry_run: bool = False,
               progress: Progress | None = None, cancelled: Callable[[], bool] | None = None,
               actor: Actor = SYSTEM, today: date | None = None) -> ImportReport:
    """Validate and write ``table``: every row or none (``valid_only``: the rows without errors).

    ``progress(done, total)`` is called now and then from this thread (checking the rows, then writing
    them: ``total`` is twice the rows, or the rows for a dry run); ``cancelled()`` is asked between rows.

    One unit of work: a cancelled or refused import writes nothing. ``dry_run`` only validates.
    Warnings are accepted (they are in the report), as the command line's ``add`` does.
    """
    today = today or date.today()
    k = records.kind(kind)
    label = _("Import {kind}").format(kind=_(k.plural))
    steps = len(table.rows) * (1 if dry_run else 2)  # checking every row, then writing it

    def checked(done: int, _total: int) -> None:
        if progress is not None:
            progress(done, steps)

    # Reading and checking the rows takes most of an import (tens of seconds for 50,000 rows): it runs on a
    # read snapshot, holding no write lock, so colleagues keep saving meanwhile; a dry run never takes it.
    authorize(acting(db, actor), "import")
    with reading(db, actor) as session:
        mark = session.scalar(select(func.max(AuditEntry.id))) or 0
        plan = plan_import(session, kind, table, mapping, update=update, today=today, progress=checked,
                     cancelled=cancelled)
    report = plan.report
    report.dry_run = dry_run
    if report.cancelled or dry_run or _refused(report, valid_only):
        return report
    with unit_of_work(db, label, actor, permission="import") as uow:
        records.hold_for_rules(uow.session, k, (r.merged for r in plan.rows))  # as records.create holds them
        # Every write leaves an audit entry: if none was made since the rows were checked, the check still
        # holds; otherwise it runs again here, under the write lock, against what is now in the database.
        if uow.session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.id > mark)):
            plan = plan_import(uow.session, kind, table, mapping, update=update, today=today, progress=checked,
                         cancelled=cancelled)
            report = plan.report
            if report.cancelled or _refused(report, valid_only):
                uow.session.rollback()
                return report
        rows = [r for r in plan.rows if r.ok and not r.repeat]
        offset = len(table.rows)
        report.created, report.updated = _write(
            uow, k, rows, today, None if progress is None else lambda done: progress(offset + done, steps))
        if progress is not None:
            progress(steps, steps)
        report.unchanged = sum(1 for r in rows if r.existing_id is not None) - report.updated
        if cancelled is not None and cancelled():
            report.cancelled = True
            uow.session.rollback()
            report.created = report.updated = report.unchanged = 0
            return report
        report.written = report.created + report.updated
    return report


def _refused(report: ImportReport, valid_only: bool) -> bool:
    """Whether the checked rows refuse the whole import (a missing column; any error unless ``valid_only``)."""
    missing_columns = any(i.code == "column.missing" for i in report.errors)
    return missing_columns or bool(report.errors and not valid_only)


def _write(uow: UnitOfWork, k: records.RecordKind, rows: list[PlannedRow], today: date,
           progress: Callable[[int], None] | None = None) -> tuple[int, int]:
    """Create or update the rows' records through the records' own write path (each with its audit entry);
    return (created, updated)."""
    updated = 0
    new_rows: list[PlannedRow] = []
    for row in rows:
        if row.existing_id is None:
            new_rows.append(row)
            continue
        audited = len(uow.entries)
        records.apply_change(uow, k, uow.session.get(k.model, row.existing_id), row.merged, today=today)
        updated += len(uow.entries) > audited  # a row that changes nothing writes nothing
    if progress is not None:
        progress(len(rows) - len(new_rows))
    for start in range(0, len(new_rows), records.INSERT_BATCH):
        batch = new_rows[start:start + records.INSERT_BATCH]
        records.insert_new(uow, k, [r.merged for r in batch])
        if progress is not None:
            progress(len(rows) - len(new_rows) + start + len(batch))
    uow.session.flush()
    return len(new_rows), updated


# -- convenience for the command line and the wizard ----------------------------------------------

def import_file(db: Database, kind: str, path: str | Path, *, sheet: str | None = None,
                overrides: Mapping[str, str] | None = None, **options: Any) -> ImportReport:
    """Read, map (automatically, then ``overrides``) and import a file in one call."""
    table = read_table(path, sheet)
    mapping = propose_mapping(kind, table.headers)
    if overrides:
        mapping = apply_overrides(kind, mapping, overrides)
    return run_import(db, kind, table, mapping, **options)
