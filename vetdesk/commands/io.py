"""``vetdesk import | export | template | backup | restore``: data in and out on the command line.

The commands only call the services (importing, exporting, backup); they print a report and choose the
exit code: 0 done, 1 refused (nothing written), 2 usage.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from vetdesk.commands.base import (
    COMMANDS,
    EXIT_OK,
    EXIT_REFUSED,
    UsageError,
    kind_of,
    open_db,
    opened,
    print_json,
    record,
    say,
)
from vetdesk.i18n import _, ngettext


def _import_kind(word: str) -> str:
    from vetdesk.services.importing import IMPORT_KINDS

    name = kind_of(word, IMPORT_KINDS)  # singular or plural, in any of vetdesk's languages
    if name is None:
        raise UsageError(_("{kind} cannot be imported or exported; use one of: {kinds}.").format(
            kind=word, kinds=", ".join(IMPORT_KINDS)))
    return name


def overrides_of(items: list[str]) -> dict[str, str]:
    """``--map "Column header=field"`` choices, as every import takes them."""
    out: dict[str, str] = {}
    for item in items:
        if "=" not in item:
            raise UsageError(_("{item}: write each mapping as \"Column header=field\".").format(item=item))
        header, name = item.rsplit("=", 1)
        out[header.strip()] = name.strip()
    return out


# -- import -----------------------------------------------------------------------------------------

def configure_import(p: argparse.ArgumentParser) -> None:
    p.add_argument("kind", help=_("schools, companies, programmes, competencies, instructors, tutors, coordinators, "
                                  "positions, rotation_plans, collaborations, apprentices or agreements (singular "
                                  "or plural)"))
    p.add_argument("file", type=Path, help=_("an .xlsx or .csv file"))
    p.add_argument("--dry-run", action="store_true", help=_("check every row and write nothing"))
    p.add_argument("--valid-only", action="store_true",
                   help=_("write the rows without errors (in one transaction) and skip the others"))
    p.add_argument("--update", action="store_true",
                   help=_("update records that already exist (same CURP, RFC, CCT, code or e-mail)"))
    p.add_argument("--map", action="append", default=[], metavar="HEADER=FIELD",
                   help=_("map a column to a field (FIELD - ignores the column); may be repeated"))
    p.add_argument("--sheet", help=_("the sheet of an .xlsx file (default: the first)"))
    p.add_argument("--json", action="store_true", help=_("print the report as JSON"))


def run_import(args: argparse.Namespace) -> int:
    from vetdesk.services import importing

    kind = _import_kind(args.kind)
    overrides = overrides_of(args.map)
    try:
        table = importing.read_table(args.file, args.sheet)
    except importing.ImportFileError as exc:
        say(str(exc))
        return EXIT_REFUSED
    except OSError as exc:  # the system's own words are English: ours name the file
        from vetdesk.services.outputs import file_reason

        say(_("{name} cannot be read: {reason}").format(name=Path(args.file).name, reason=file_reason(exc)))
        return EXIT_REFUSED
    mapping = importing.propose_mapping(kind, table.headers)
    try:
        mapping = importing.apply_overrides(kind, mapping, overrides)
    except KeyError as exc:
        raise UsageError(exc.args[0]) from exc
    db = open_db(args)
    report = db.import_rows(kind, table, mapping, valid_only=args.valid_only, update=args.update,
                            dry_run=args.dry_run)
    log = logging.getLogger("vetdesk.import")
    log.info("import %s from %s: %d rows, %d written, %d errors", kind, Path(args.file).name, report.rows,
             report.written, len(report.errors))
    for issue in report.errors:  # where and which rule, never the value (it may be a name or an address)
        log.info("import refused a row: row %s, field %s: %s", issue.row, issue.field or "-", issue.code or "-")
    if args.json:
        data = report.as_dict()
        print_json(data)
    else:
        for issue in (*report.errors, *report.warnings):
            sys.stdout.write(issue.line() + ("" if issue.code != "column.missing" else " " + _(
                "Or name the column with --map \"Column header={field}\".").format(field=issue.field)) + "\n")
        for column in report.unmapped_columns:
            sys.stdout.write(_("not imported: column {column} (map it with --map \"{column}=field\")")
                             .format(column=column) + "\n")
        for row, text in report.notes:
            sys.stdout.write(_("not imported: row {row} is a note: {text}").format(row=row, text=text) + "\n")
    _summary(report)
    if report.dry_run:
        return EXIT_REFUSED if report.errors else EXIT_OK
    if report.written or report.unchanged:
        return EXIT_OK
    return EXIT_REFUSED if report.errors else EXIT_OK


def _summary(report) -> None:  # type: ignore[no-untyped-def]
    n_err, n_warn = len(report.error_rows), len(report.warnings)
    if report.header_errors:  # the rows were not checked: no row has errors yet
        n_header = len(report.header_errors)
        counts = ngettext("{n} row not checked", "{n} rows not checked", report.rows).format(n=report.rows) + ": " \
            + ngettext("{n} required column is missing", "{n} required columns are missing", n_header).format(
                n=n_header)
        say(_("{counts}; nothing was written. Add the columns or name them with --map.").format(counts=counts))
        return
    counts = (ngettext("{n} row", "{n} rows", report.rows).format(n=report.rows) + ", "
              + ngettext("{n} with errors", "{n} with errors", n_err).format(n=n_err) + ", "
              + ngettext("{n} warning", "{n} warnings", n_warn).format(n=n_warn))
    if report.dry_run:
        say(_("Dry run: {counts}; nothing was written.").format(counts=counts))
    elif report.written or report.unchanged:
        say(_("{counts}; written: {created} new, {updated} updated, {unchanged} already up to date.").format(
            counts=counts, created=report.created, updated=report.updated, unchanged=report.unchanged))
    elif report.errors:
        say(_("{counts}. Nothing was written: correct the rows, or use --valid-only to write the rows "
              "without errors.").format(counts=counts))
    else:
        say(_("{counts}; nothing to write.").format(counts=counts))


# -- export and template ------------------------------------------------------------------------------

def configure_export(p: argparse.ArgumentParser) -> None:
    p.add_argument("kind")
    p.add_argument("-o", "--output", type=Path, required=True, help=_("an .xlsx or .csv file"))
    p.add_argument("--search")
    p.add_argument("--status")
    p.add_argument("--company", type=record("companies"))
    p.add_argument("--programme", type=record("programmes"))
    p.add_argument("--school", type=record("schools"))
    p.add_argument("--codes", action="store_true",
                   help=_("statistics only: vetdesk's codes and English column names instead of words in your "
                          "language, for a program that reads the file"))


def run_export(args: argparse.Namespace) -> int:
    from vetdesk.services.exporting import ExportError, export_records
    from vetdesk.services.records import ListQuery

    if args.output.suffix.lower() not in (".xlsx", ".csv"):
        raise UsageError(_("{name}: write to a .xlsx or .csv file.").format(name=args.output.name))
    if args.kind == "statistics":  # anonymised figures, no personal data
        from vetdesk.services.statistics import export_statistics

        n = export_statistics(open_db(args), args.output, codes=args.codes)
        say(ngettext("{n} row written to {file}.", "{n} rows written to {file}.", n).format(n=n, file=args.output))
        return EXIT_OK
    if args.codes:
        raise UsageError(_("--codes is for vetdesk export statistics; a list of records is written with its "
                           "import's columns."))
    kind = _import_kind(args.kind)
    db = open_db(args)
    query = ListQuery(search=args.search, status=args.status, company_id=args.company,
                      programme_id=args.programme, school_id=args.school)
    try:
        n = export_records(db, kind, args.output, query)
    except ExportError as exc:
        raise UsageError(str(exc)) from exc
    say(ngettext("{n} row written to {file}.", "{n} rows written to {file}.", n).format(n=n, file=args.output))
    return EXIT_OK


def configure_template(p: argparse.ArgumentParser) -> None:
    p.add_argument("kind")
    p.add_argument("-o", "--output", type=Path, required=True, help=_("the .xlsx file to write"))


def run_template(args: argparse.Namespace) -> int:
    from vetdesk.services.exporting import write_template

    kind = _import_kind(args.kind)
    if args.output.suffix.lower() not in (".xlsx", ".csv"):
        raise UsageError(_("{name}: write to a .xlsx or .csv file.").format(name=args.output.name))
    write_template(kind, args.output)
    say(_("Template written to {file}.").format(file=args.output))
    return EXIT_OK


# -- backup and restore ---------------------------------------------------------------------------

def configure_backup(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", type=Path, required=True, help=_("the backup file to write"))


def run_backup(args: argparse.Namespace) -> int:
    from vetdesk.services.backup import BackupRefused, backup_database

    db = open_db(args)
    try:
        target = backup_database(db, args.output)
    except BackupRefused as exc:
        say(str(exc))
        return EXIT_REFUSED
    say(_("Backup written to {file}.").format(file=target))
    return EXIT_OK


def configure_restore(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, help=_("a backup made by vetdesk"))


def run_restore(args: argparse.Namespace) -> int:
    from vetdesk.services.backup import BackupRefused
    from vetdesk.services.session import open_as_is

    # Not open_db: the current database may be the damaged one being replaced, so it is not migrated. Who
    # restores is still asked: --user signs in (and must be an administrator); a database with users is never
    # replaced without an administrator's sign-in.
    db = opened(open_as_is(getattr(args, "db", None), getattr(args, "user", None)))
    try:
        result = db.restore(args.file)
    except BackupRefused as exc:
        say(str(exc))
        say(_("Nothing was changed."))
        return EXIT_REFUSED
    finally:
        db.dispose()
    if result.previous_copy is None:
        say(_("Restored {file}.").format(file=result.restored_from))
    else:
        say(_("Restored {file}; the database as it was is kept in {copy}.").format(
            file=result.restored_from, copy=result.previous_copy))
    if result.migrated:
        say(_("The backup's schema {revision} was brought up to date.").format(revision=result.revision))
    return EXIT_OK


COMMANDS["import"] = (_("import records from a spreadsheet (.xlsx or .csv)"),
                            (configure_import, run_import))
COMMANDS["export"] = (_("export a list to a spreadsheet (.xlsx or .csv)"), (configure_export, run_export))
COMMANDS["template"] = (_("write an empty spreadsheet with the columns an import recognises"),
                              (configure_template, run_template))
COMMANDS["backup"] = (_("make a consistent copy of the database (works while the app runs)"),
                            (configure_backup, run_backup))
COMMANDS["restore"] = (_("replace the database with a backup, after checking it"),
                             (configure_restore, run_restore))
