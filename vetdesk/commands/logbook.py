"""``vetdesk logbook …`` and ``vetdesk remind …``: the apprentices' weekly reports and attendance, the exchange file
for instructors outside the office's database, and the dashboard's reminders.

The reports and attendance days themselves are also records: ``vetdesk list|show|add|set|history logbook`` and
``… attendance`` work on them like on any kind. Exit codes as for every command: 0 done, 1 refused by a rule
(nothing written), 2 usage error.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from vetdesk import i18n
from vetdesk.commands.base import (
    COMMANDS,
    EXIT_OK,
    EXIT_REFUSED,
    UsageError,
    open_db,
    print_json,
    record,
    report_problems,
    say,
)
from vetdesk.i18n import _

if TYPE_CHECKING:
    from vetdesk.services.week_files import WeekFile


def _date(text: str) -> date:
    from vetdesk.services.fields import date_refusal, parse_date

    value = parse_date(text)
    if value is None:
        raise argparse.ArgumentTypeError(date_refusal(text))
    return value


def _number_of(kind: str) -> Callable[[str], int]:
    """An argparse type: the number of a record of ``kind`` as ``vetdesk list KIND`` shows it, refused in those
    words (not "a whole number from 0 to 2147483647", the database's own limit)."""
    from vetdesk.domain.bounds import MAX_ID, whole_number_in

    def parse(text: str) -> int:
        value = whole_number_in(text, 1, MAX_ID)
        if value is None:
            raise argparse.ArgumentTypeError(_("{value} is not the number of a record: give the number that "
                                               "vetdesk list {kind} shows.").format(value=text[:30], kind=kind))
        return value

    parse.__name__ = "record number"  # argparse names the type in its message
    return parse


def _attachment_number(text: str) -> int:
    """An argparse type: the number of an attached file as ``vetdesk logbook attachments WEEK_ID`` shows it."""
    from vetdesk.domain.bounds import MAX_ID, whole_number_in

    value = whole_number_in(text.lstrip("#"), 1, MAX_ID)
    if value is None:
        raise argparse.ArgumentTypeError(_("{value} is not the number of an attached file: give the number (#) that "
                                           "vetdesk logbook attachments WEEK_ID shows.").format(value=text[:30]))
    return value


_attachment_number.__name__ = "attachment number"


def _rows(text: str) -> list[str] | str:
    """Rows of the weekly sheet by number, of the ratings sheet as R and its number (7,12,R5), or all."""
    if text.strip().lower() == "all":
        return "all"
    parts = [part.upper() for part in text.replace(",", " ").split()]
    if not parts or not all(re.fullmatch(r"R?\d{1,7}", part) for part in parts):
        raise argparse.ArgumentTypeError(_("{value}: give the rows' numbers (e.g. 7,12, or R5 on the ratings "
                                           "sheet) or all.").format(value=text[:40]))
    return parts


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = sub.add_parser("show", help=_("an agreement's weekly reports week by week: gaps, overdue weeks, attendance"))
    p.add_argument("id", type=record("agreements"), metavar="AGREEMENT_ID")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("review", help=_("approve (countersign), comment on or return a handed-in weekly report"))
    p.add_argument("id", type=_number_of("logbook"), metavar="WEEK_ID")
    p.add_argument("decision", choices=["approve", "comment", "return"])
    p.add_argument("--note", help=_("the comment, or what to correct (a returned report needs one)"))

    p = sub.add_parser("key", help=_("a printed weekly report form keyed back by its reference: show the week, or "
                                     "write what the form says (FIELD=VALUE)"))
    p.add_argument("words", nargs="+", metavar="REFERENCE [FIELD=VALUE …]",
                   help=_("the reference printed under the form's QR code (CA-2026-000123 / 2027-03-08 / K7QA) or "
                          "the code's text; then the report's fields, e.g. activities=\"…\" hours=32 "
                          "status=submitted"))
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("export", help=_("write the exchange workbook for one instructor or company"))
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--instructor", type=record("instructors"), metavar="INSTRUCTOR_ID")
    who.add_argument("--company", type=record("companies"), metavar="COMPANY_ID")
    p.add_argument("-o", "--output", required=True, type=Path, help=_("the .xlsx file to write"))
    p.add_argument("--lang", dest="doc_lang", choices=sorted(i18n.LANGUAGES), default=None,
                   help=_("language of the workbook: es, en, de or pt (default: the messages' language)"))

    p = sub.add_parser("import", help=_("take back a filled exchange workbook: all rows or none"))
    p.add_argument("file", type=Path)
    p.add_argument("--dry-run", action="store_true", help=_("check and report, write nothing"))
    p.add_argument("--approved-by", type=record("instructors"), default=None, metavar="INSTRUCTOR_ID",
                   help=_("the instructor who filled in and approved a company's file (one of its instructors)"))
    p.add_argument("--take", type=_rows, default=(), metavar="ROWS",
                   help=_("rows (e.g. 7,12,R5, or all) whose conflicts take the file's values over the office's"))
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("print", help=_("the weekly report form of one week (PDF), blank or as recorded"))
    p.add_argument("id", type=record("agreements"), metavar="AGREEMENT_ID")
    p.add_argument("week", type=_date, metavar="DATE", help=_("any day of the week"))
    p.add_argument("-o", "--output", required=True, help=_("the PDF file to write"))
    p.add_argument("--lang", dest="doc_lang", choices=sorted(i18n.LANGUAGES), default=None,
                   help=_("language of the document: es, en, de or pt (default: es)"))
    p.add_argument("--paper", choices=["letter", "a4"], default=None)

    p = sub.add_parser("attach", help=_("attach files (photos, drawings as PNG, JPEG, WebP or PDF) to a weekly "
                                        "report: all of them or none"))
    p.add_argument("id", type=_number_of("logbook"), metavar="WEEK_ID")
    p.add_argument("files", type=Path, nargs="+", metavar="FILE")
    p = sub.add_parser("attachments", help=_("the files attached to a weekly report"))
    p.add_argument("id", type=_number_of("logbook"), metavar="WEEK_ID")
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("detach", help=_("remove a file from its weekly report"))
    p.add_argument("id", type=_attachment_number, metavar="ATTACHMENT_ID")
    p = sub.add_parser("extract", help=_("save a copy of a file attached to a weekly report"))
    p.add_argument("id", type=_attachment_number, metavar="ATTACHMENT_ID")
    p.add_argument("-o", "--output", required=True, type=Path,
                   help=_("the file to write, or a folder to write it into under its own name"))


def run(args: argparse.Namespace) -> int:
    return {"show": _show, "review": _review, "key": _key, "export": _export, "import": _import, "print": _print,
            "attach": _attach, "attachments": _attachments, "detach": _detach, "extract": _extract}[args.action](args)


def _show(args: argparse.Namespace) -> int:
    from vetdesk.domain import logbook as L
    from vetdesk.services.logbook import agreement_logbook

    db = open_db(args)
    found = agreement_logbook(db, args.id)
    if args.json:
        print_json(found.as_dict())
        return EXIT_OK
    out = sys.stdout
    data = found.as_dict()
    out.write(_("{name} — agreement {reference}").format(name=found.apprentice, reference=found.reference) + "\n")
    if found.state.on_paper:
        out.write(_(L.ON_PAPER_NOTE) + "\n")
    elif found.state.kept_since is not None:
        out.write(_(L.KEPT_SINCE_NOTE).format(date=i18n.shown_day(found.state.kept_since)) + "\n")
    out.write(_("Weeks due: {due}; countersigned: {approved}; waiting for review: {waiting}; returned: {returned}; "
                "missing: {missing}; overdue: {overdue}.").format(
        due=data["weeks_due"], approved=data["approved"], waiting=data["waiting"], returned=data["returned"],
        missing=data["missing"], overdue=data["overdue"]) + "\n")
    for line in found.lines:
        s = line.state
        if s.state in L.NOT_OWED:  # said once above, not week by week
            continue
        mark = "!" if s.overdue else " "
        learnt = "  ".join(part for part in (line.position, ", ".join(line.competencies)) if part)
        out.write(f"{mark} {i18n.shown_day(s.monday)}  {line.label}" + (f"  #{s.week_id}" if s.week_id else "")
                  + (f"  {learnt}" if learnt else "") + "\n")
    absences = found.attendance
    out.write(_("Attendance: days recorded {days}, days absent {absent}.").format(days=absences.recorded,
                                                                           absent=absences.absent) + "\n")
    for code, n in sorted(absences.days.items()):
        out.write(f"  {L.presence_label(code)}: {n}\n")
    return EXIT_OK


def _key(args: argparse.Namespace) -> int:
    """A paper weekly form found by its reference (as *Key in a paper form* in the window): the week as recorded,
    or, with FIELD=VALUE, what the form says written as the week's report (new, or a change of the recorded one)."""
    from vetdesk.commands.base import parse_assignments
    from vetdesk.domain.logbook import status_label
    from vetdesk.services.logbook import find_paper_week

    reference = " ".join(word for word in args.words if "=" not in word)
    values = parse_assignments([word for word in args.words if "=" in word])
    db = open_db(args)
    found = find_paper_week(db, reference)
    if values:
        outcome = db.write_week(agreement_id=found.agreement_id, week=found.monday, values=values)
        report_problems(outcome.warnings, kind="logbook")
        say(_("Weekly report {id} of {name}, week of {date}: {status}.").format(
            id=outcome.id, name=found.apprentice, date=i18n.shown_day(found.monday),
            status=status_label(outcome.record["status"])))
        if args.json:
            print_json(outcome.record)
        else:
            sys.stdout.write(f"{outcome.id}\n")
        return EXIT_OK
    if args.json:
        print_json({"agreement_id": found.agreement_id, "reference": found.reference, "apprentice": found.apprentice,
                    "week": found.monday.isoformat(), "week_id": found.week_id, "status": found.status})
        return EXIT_OK
    status = status_label(found.status) if found.status else _("nothing recorded yet")
    sys.stdout.write(_("{name} — agreement {reference}, week of {date}: {status}").format(
        name=found.apprentice, reference=found.reference, date=i18n.shown_day(found.monday), status=status)
        + (f"  #{found.week_id}" if found.week_id else "") + "\n")
    say(_("To key in the form, add its fields: vetdesk logbook key {reference} activities=\"…\" hours=… "
          "status=submitted").format(reference=reference))
    return EXIT_OK


def _review(args: argparse.Namespace) -> int:
    db = open_db(args)
    outcome = db.review_week(args.id, decision=args.decision, note=args.note)
    from vetdesk.domain.logbook import status_label

    say(_("Weekly report {id}: {status}.").format(id=outcome.id, status=status_label(outcome.record["status"])))
    report_problems(outcome.warnings, kind="logbook")  # countersigned with its warnings said (hours, attendance)
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    if args.output.suffix.lower() != ".xlsx":
        raise UsageError(_("{name}: write the exchange file to a .xlsx file.").format(name=args.output.name))
    db = open_db(args)
    done = db.export_weeks(args.output, instructor_id=args.instructor, company_id=args.company,
                           language=args.doc_lang or getattr(args, "lang", None))
    say(i18n.end_sentence(i18n.ngettext("{n} week written to {file} for {name}.",
                                        "{n} weeks written to {file} for {name}.",
                                        done.rows).format(n=done.rows, file=done.path, name=done.scope.name)))
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from vetdesk.services.exchange import ExchangeRefused

    db = open_db(args)
    try:
        report = db.import_weeks(args.file, take=args.take, dry_run=args.dry_run, approved_by=args.approved_by)
    except ExchangeRefused as refused:
        if args.json and refused.report is not None:
            print_json(refused.report.as_dict())
        raise
    if args.json:
        print_json(report.as_dict())
    for row in report.rows:
        if row.outcome == "conflict":
            kept = (_("taken from the file") if row.taken else
                    _("kept as the office countersigned it: a countersigned week no longer changes") if row.settled
                    else _("kept as the office has it"))
            say(_("Row {row} ({name}, {what}): changed at the office since the file was written; {kept}.")
                .format(row=row.ref, name=row.apprentice, what=row.subject, kept=kept))
            for label, office, file in row.conflicts:
                say("  " + _("{field}: office {office} / file {file}").format(field=label, office=office, file=file))
        elif row.outcome == "write" and not args.json:
            sys.stdout.write(_("Row {row} ({name}, {what}): {changes}").format(
                row=row.ref, name=row.apprentice, what=row.subject, changes=", ".join(row.changes)) + "\n")
        elif row.outcome == "refused":
            say(_("Row {row} ({name}, {what}): not taken. {problems}").format(
                row=row.ref, name=row.apprentice, what=row.subject, problems=" ".join(row.problems)))
        elif row.outcome == "current" and row.notes:
            say(_("Row {row} ({name}, {what}): {changes}").format(
                row=row.ref, name=row.apprentice, what=row.subject, changes=""))
        if row.notes and row.outcome in ("conflict", "write", "current"):
            for note in row.notes:
                say("  " + note)
    say(report.summary())
    if report.written or report.dry_run:
        say(_("Recorded as given by {instructor}, who approved the file.").format(instructor=report.approved_by))
    if report.dry_run:
        say(_("Dry run: nothing was written."))
    elif any(not r.taken for r in report.takeable):
        say(_("To take the file's values for a conflict, import again with --take and its rows."))
    return EXIT_OK


def _print(args: argparse.Namespace) -> int:
    from vetdesk.reports import render
    from vetdesk.reports.weekly_form import week_pdf

    db = open_db(args)
    lang = args.doc_lang or getattr(args, "lang", None) or i18n.DEFAULT_LANGUAGE
    path = render.save(args.output, lambda: week_pdf(db, args.id, args.week, lang=lang, paper=args.paper))
    say(_("Written: {path}").format(path=path))
    return EXIT_OK


# -- the files attached to a weekly report ------------------------------------------------------------------

def _file_line(found: WeekFile) -> str:
    from vetdesk.domain.week_files import kind_words, size_text

    return _("#{id}  {name}  ({kind}, {size}; added {when} by {who})").format(
        id=found.id, name=found.filename, kind=kind_words(found.media_type), size=size_text(found.size),
        when=i18n.shown_day(found.added_at.date()), who=found.added_by or "?")


def _attach(args: argparse.Namespace) -> int:
    from vetdesk.services.outputs import file_reason

    files = []
    for path in args.files:
        try:
            files.append((path.name, path.read_bytes()))
        except OSError as exc:  # nothing attached: every file or none
            say(_("{name}: {reason}").format(name=path.name, reason=file_reason(exc)))
            say(_("Nothing was attached."))
            return EXIT_REFUSED
    done = open_db(args).attach_to_week(args.id, files)
    for found in done.files:
        say(_("Attached to weekly report {week}: {line}").format(week=done.week_id, line=_file_line(found)))
    return EXIT_OK


def _attachments(args: argparse.Namespace) -> int:
    found = open_db(args).week_files(args.id)
    if args.json:
        print_json([f.as_dict() for f in found])
        return EXIT_OK
    if not found:
        say(_("Weekly report {week} has no files attached.").format(week=args.id))
    for f in found:
        sys.stdout.write(_file_line(f) + "\n")
    return EXIT_OK


def _detach(args: argparse.Namespace) -> int:
    done = open_db(args).remove_week_file(args.id)
    say(_("Removed from weekly report {week}: {name}.").format(week=done.week_id, name=done.files[0].filename))
    return EXIT_OK


def _extract(args: argparse.Namespace) -> int:
    from vetdesk.services.outputs import file_reason

    found, content = open_db(args).read_week_file(args.id)
    target = args.output / found.filename if args.output.is_dir() else args.output
    try:
        target.write_bytes(content)
    except OSError as exc:
        say(_("{name}: {reason}").format(name=str(target), reason=file_reason(exc)))
        return EXIT_REFUSED
    say(_("Written: {path}").format(path=target))
    return EXIT_OK


COMMANDS["logbook"] = (_("weekly reports: an agreement's record, review, attached files, the instructors' exchange "
                         "workbook, the weekly form"), (configure, run))


# -- reminders -----------------------------------------------------------------------------------------------

def configure_remind(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = sub.add_parser("list", help=_("the dashboard's items as you see them, with your reminders"))
    p.add_argument("--json", action="store_true")
    for action, text in (("done", _("mark a dashboard item done: quiet until it holds something new")),
                         ("reopen", _("forget your reminder of a dashboard item"))):
        p = sub.add_parser(action, help=text)
        p.add_argument("item", metavar="ITEM")
    p = sub.add_parser("snooze", help=_("quiet a dashboard item until a day"))
    p.add_argument("item", metavar="ITEM")
    p.add_argument("--until", required=True, type=_date, metavar="DATE")


def run_remind(args: argparse.Namespace) -> int:
    from vetdesk.services import reminders
    from vetdesk.services.dashboard import dashboard

    db = open_db(args)
    dash = dashboard(db)
    keys = [i.key for i in dash.items]
    if args.action != "list" and args.item not in keys:
        raise UsageError(_("{item} is not a dashboard item; use one of: {items}.").format(
            item=args.item[:40], items=", ".join(keys)))
    if args.action == "done":
        db.mark_done(dash.item(args.item))
    elif args.action == "snooze":
        db.snooze(args.item, args.until)
    elif args.action == "reopen":
        db.reopen(args.item)
    seen = reminders.shown(dash, reminders.kept(db), dash.today)
    if getattr(args, "json", False):
        print_json([{"item": s.item.key, "title": s.item.title, "count": s.item.count, "quiet": s.quiet,
                     "note": s.note} for s in seen])
        return EXIT_OK
    if args.action == "list":
        for s in seen:
            sys.stdout.write(f"{s.item.key}\t{s.item.count}\t{s.item.title}" + (f"\t({s.note})" if s.quiet else "")
                             + "\n")
    else:
        s = next(s for s in seen if s.item.key == args.item)
        if s.quiet:
            say(f"{s.item.title}: {s.note}")
        else:  # reopened (or snoozed to a day already past): the item counts on the dashboard as before
            say(_("{title}: shown on your dashboard again ({count}).").format(
                title=s.item.title, count=i18n.current().format_decimal(s.item.count)))
    return EXIT_OK


COMMANDS["remind"] = (_("your dashboard reminders: mark an item done, snooze it until a day, or reopen it"),
                      (configure_remind, run_remind))
