"""Command line of assessments and progress: ``assess``, ``progress``, ``matrix`` and ``catalogue``."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

from vetdesk.commands.base import (
    COMMANDS,
    EXIT_OK,
    UsageError,
    open_db,
    print_json,
    record,
    report_problems,
    say,
)
from vetdesk.domain.lifecycle import status_label
from vetdesk.domain.problems import RuleViolation, error
from vetdesk.domain.training import catalogue_words
from vetdesk.i18n import _, ngettext, weeks_and_days
from vetdesk.services.fields import parse_date


def _date(text: str | None, field: str):  # type: ignore[no-untyped-def]
    if text is None:
        return None
    value = parse_date(text.strip())
    if value is None:
        raise RuleViolation([error(field, _("{value} is not a date; write it as YYYY-MM-DD, e.g. 2026-08-24.")
                                   .format(value=text), "date.format")])
    return value


# -- assess ---------------------------------------------------------------------------------------

def _configure_assess(p: argparse.ArgumentParser) -> None:
    p.add_argument("agreement_id", type=record("agreements"), metavar="AGREEMENT_ID")
    p.add_argument("competency_code", metavar="COMPETENCY_CODE")
    p.add_argument("level", metavar="LEVEL", nargs="?",
                   help=_("level on the programme's scale (leave out with --recognised)"))
    p.add_argument("--role", default="instructor", help=_("instructor, tutor or self"))
    p.add_argument("--date", help=_("date of the assessment (default: today)"))
    p.add_argument("--comment")
    p.add_argument("--evidence", help=_("product, process or account"))
    p.add_argument("--rater", help=_("the rater's name"))
    p.add_argument("--position", type=record("positions"),
                   help=_("the learning position where it was assessed (its id, or its name at the company)"))
    p.add_argument("--recognised", metavar="EVIDENCE",
                   help=_("recognise prior learning instead of rating, saying what proves it"))
    p.add_argument("--json", action="store_true")


def _run_assess(args: argparse.Namespace) -> int:
    on = _date(args.date, "assessed_on")
    db = open_db(args)
    if args.recognised is not None:
        if args.level is not None:
            raise UsageError(_("Give either a LEVEL or --recognised, not both."))
        from datetime import date

        outcome = db.recognise_prior_learning(
            agreement_id=args.agreement_id, competency_code=args.competency_code, on=on or date.today(),
            evidence=args.recognised, rater=args.rater)
    else:
        if args.level is None:
            raise UsageError(_("Give the LEVEL on the programme's scale (or --recognised EVIDENCE)."))
        try:
            outcome = db.record_assessment(
                agreement_id=args.agreement_id, competency_code=args.competency_code, level=args.level,
                role=args.role, on=on, comment=args.comment, evidence=args.evidence, rater=args.rater,
                position_id=args.position)
        except RuleViolation as exc:  # the position named the command line's way, with where to find its id
            hint = _("Give it with --position ID (vetdesk rotation {id} lists the positions).").format(
                id=args.agreement_id)
            raise RuleViolation([replace(p, field="", message=f"{p.message} {hint}")
                                 if p.code == "assessment.no_position" else p for p in exc.problems]) from None
        report_problems(outcome.warnings, kind="assessments")  # rated at a position that does not list it
        position_id = outcome.record.get("position_id")
        if args.position is None and isinstance(position_id, int):  # taken from the rotation: said which
            from vetdesk.i18n import shown_day
            from vetdesk.services.records import display_names

            name = display_names(db, "positions", [position_id]).get(position_id, str(position_id))
            say(_("Counted for the learning position {position}, where the rotation has the apprentice on {date} "
                  "(name another with --position).").format(position=name,
                                                            date=shown_day(outcome.record["assessed_on"])))
        if outcome.record.get("rater_name"):
            say(_("Rater: {name}.").format(name=outcome.record["rater_name"]))
    if args.json:
        print_json(outcome.record)
    else:
        sys.stdout.write(f"{outcome.id}\n")
    return EXIT_OK


# -- progress -------------------------------------------------------------------------------------

def _configure_progress(p: argparse.ArgumentParser) -> None:
    p.add_argument("apprentice_id", type=record("apprentices"), metavar="APPRENTICE_ID")
    p.add_argument("--json", action="store_true")
    p.add_argument("--timeline", action="store_true", help=_("also list assessments and feedback by date"))
    p.add_argument("--today", help=argparse.SUPPRESS)


def _run_progress(args: argparse.Namespace) -> int:
    from vetdesk.services.assessments import timeline
    from vetdesk.services.logbook import logbook_summary
    from vetdesk.services.progress import apprentice_progress

    today = _date(args.today, "today")
    db = open_db(args)
    result = apprentice_progress(db, args.apprentice_id, today=today)
    data = result.as_dict()
    # The agreement's weekly reports and attendance, counted and worded as the progress report prints them.
    summary = logbook_summary(db, result.agreement_id, today=today)
    data["logbook"] = summary.as_dict()
    entries = timeline(db, args.apprentice_id) if args.timeline else []
    if args.timeline:
        data["timeline"] = [e.as_dict() for e in entries]
    if args.json:
        print_json(data)
        return EXIT_OK
    out = sys.stdout
    overall = result.progress.overall
    out.write(_("{name} — agreement {reference} ({status}), programme {programme}").format(
        name=result.apprentice_name, reference=result.reference, status=status_label(result.status),
        programme=result.programme_code) + "\n")
    out.write(_("Technical competencies reached: {percent} % ({reached} of {total})").format(
        percent=overall.percent, reached=overall.reached, total=overall.total) + "\n")
    for area in result.progress.areas:
        out.write(f"  {catalogue_words(area.area)}: {area.share.percent} % ({area.share.reached}/{area.share.total})\n")
    social = result.progress.socioemotional
    if social is not None:
        out.write(_("Socio-emotional skills reached, counted apart: {percent} % ({reached} of {total})").format(
            percent=social.percent, reached=social.reached, total=social.total) + "\n")
    rot = data["rotation"]
    out.write(_("Rotation: {actual} spent at the positions begun, where {planned} were planned").format(
        actual=weeks_and_days(rot["actual_days_so_far"]), planned=ngettext(
            "{n} week", "{n} weeks", rot["planned_weeks_so_far"]).format(n=rot["planned_weeks_so_far"])) + "\n")
    from vetdesk.i18n import current
    from vetdesk.reports.weekly_form import summary_paragraphs

    out.write(_("Weekly reports and attendance") + ":\n")
    for headline, text in summary_paragraphs(summary, current()):
        out.write("  " + " ".join(part for part in (headline, text) if part) + "\n")
    for f in result.flags:
        out.write(_("flag") + f": {f.message}\n")
    for e in entries:
        out.write(f"{e.on.isoformat()}  {e.summary}  ({e.who or ''}, {e.role})\n")
    return EXIT_OK


# -- feedback -------------------------------------------------------------------------------------

def _configure_feedback(p: argparse.ArgumentParser) -> None:
    p.add_argument("agreement_id", type=record("agreements"), metavar="AGREEMENT_ID")
    p.add_argument("text", metavar="TEXT")
    p.add_argument("--date", help=_("date of the note (default: today)"))
    p.add_argument("--author")
    p.add_argument("--role", default="instructor", help=_("instructor, tutor, self or officer"))


def _run_feedback(args: argparse.Namespace) -> int:
    on = _date(args.date, "written_on")
    db = open_db(args)
    note = db.add_feedback(agreement_id=args.agreement_id, text=args.text, on=on, author=args.author,
                           role=args.role)
    sys.stdout.write(f"{note}\n")
    return EXIT_OK


# -- matrix ---------------------------------------------------------------------------------------

def _configure_matrix(p: argparse.ArgumentParser) -> None:
    p.add_argument("--programme", type=record("programmes"))
    p.add_argument("--company", type=record("companies"))
    p.add_argument("-o", "--output", help=_("write the matrix to this XLSX file"))
    p.add_argument("--json", action="store_true")
    p.add_argument("--today", help=argparse.SUPPRESS)


def _run_matrix(args: argparse.Namespace) -> int:
    from vetdesk.services.progress import progress_matrix, write_matrix

    if args.programme is None and args.company is None:
        raise UsageError(_("Give --programme ID or --company ID."))
    today = _date(args.today, "today")
    db = open_db(args)
    if args.output:
        matrix, path = write_matrix(db, args.output, programme_id=args.programme, company_id=args.company,
                                    today=today)
        say(ngettext("{n} apprentice written to {path}.", "{n} apprentices written to {path}.",
                     len(matrix.rows)).format(n=len(matrix.rows), path=path))
    else:
        matrix = progress_matrix(db, programme_id=args.programme, company_id=args.company, today=today)
    if args.json or not args.output:
        print_json({"title": matrix.title,
                    "competencies": [{"id": c.competency_id, "code": c.code, "area": c.area}
                                     for c in matrix.columns],
                    "rows": [{"apprentice_id": r.apprentice_id, "apprentice": r.apprentice_name,
                              "agreement_id": r.agreement_id, "overall": r.progress.overall.as_dict(),
                              "levels": {str(cid): ("R" if x.recognised else x.level)
                                         for cid, x in r.progress.latest.items()}}
                             for r in matrix.rows]})
    return EXIT_OK


# -- catalogue ------------------------------------------------------------------------------------

def _configure_catalogue(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    e = sub.add_parser("export", help=_("write a programme's competencies to an XLSX file"))
    e.add_argument("programme_id", type=record("programmes"), metavar="PROGRAMME_ID")
    e.add_argument("-o", "--output", required=True)
    i = sub.add_parser("import", help=_("add or update a programme's competencies from an XLSX file"))
    i.add_argument("programme_id", type=record("programmes"), metavar="PROGRAMME_ID")
    i.add_argument("file", metavar="FILE")
    i.add_argument("--map", action="append", default=[], metavar="HEADER=FIELD",
                   help=_("map a column to a field (FIELD - ignores the column); may be repeated"))
    s = sub.add_parser("socioemotional", help=_("add the six socio-emotional skills to a programme"))
    s.add_argument("programme_id", type=record("programmes"), metavar="PROGRAMME_ID")
    c = sub.add_parser("scale", help=_("choose a programme's rating scale"))
    c.add_argument("programme_id", type=record("programmes"), metavar="PROGRAMME_ID")
    c.add_argument("scale", choices=["four_levels", "pass_fail", "ihk100"])


def _run_catalogue(args: argparse.Namespace) -> int:
    from vetdesk.services import catalogue

    db = open_db(args)
    if args.action == "export":
        n = catalogue.export_catalogue(db, args.programme_id, args.output)
        say(ngettext("{n} competency written to {path}.", "{n} competencies written to {path}.", n).format(
            n=n, path=args.output))
    elif args.action == "import":
        from vetdesk.commands.io import overrides_of

        try:
            summary = db.import_catalogue(args.programme_id, args.file, overrides=overrides_of(args.map))
        except RuleViolation as exc:  # the command line's way of naming a column the file heads otherwise
            raise RuleViolation([replace(p, message=p.message + " " + _(
                "Or name the column with --map \"Column header={field}\".").format(field=p.field))
                if p.code == catalogue.HEADER_MISSING else p for p in exc.problems]) from None
        say(_("{added} added, {updated} updated, {unchanged} unchanged.").format(
            added=summary.added, updated=summary.updated, unchanged=summary.unchanged))
        if summary.other_programmes:
            say(ngettext("{n} row of another programme left out.", "{n} rows of other programmes left out.",
                         summary.other_programmes).format(n=summary.other_programmes))
        if summary.kept:
            say(_("Kept, though not in the file: {codes}.").format(codes=", ".join(summary.kept)))
    elif args.action == "socioemotional":
        n = db.enable_socioemotional(args.programme_id)
        say(ngettext("{n} socio-emotional skill added.", "{n} socio-emotional skills added.", n).format(n=n))
    else:
        db.set_scale(args.programme_id, args.scale)
        say(_("Scale of programme {id} set to {scale}.").format(id=args.programme_id, scale=args.scale))
    return EXIT_OK


COMMANDS["assess"] = (_("record an assessment of a competency"), (_configure_assess, _run_assess))
COMMANDS["progress"] = (_("show an apprentice's progress"), (_configure_progress, _run_progress))
COMMANDS["feedback"] = (_("add a feedback note to an agreement (kept apart from assessments)"),
                              (_configure_feedback, _run_feedback))
COMMANDS["matrix"] = (_("apprentices × competencies of a programme or company, as JSON or XLSX"),
                            (_configure_matrix, _run_matrix))
COMMANDS["catalogue"] = (_("import, export or extend a programme's competency catalogue"),
                               (_configure_catalogue, _run_catalogue))
