"""``vetdesk print …``: agreements, progress reports, assessment forms, certificates, and batches.

Exit codes as for every command: 0 done, 1 refused by a rule (no file written), 2 usage error.
"""

from __future__ import annotations

import argparse
import time
from datetime import date

from vetdesk import i18n
from vetdesk.commands.base import COMMANDS, EXIT_OK, EXIT_REFUSED, UsageError, open_db, say
from vetdesk.i18n import _
from vetdesk.services.office import Office

DOCUMENTS = ("agreement", "progress", "form", "certificate", "batch")


def _date(text: str) -> date:
    from vetdesk.services.fields import parse_date

    value = parse_date(text)
    if value is None:
        raise argparse.ArgumentTypeError(_("{value} is not a date; write YYYY-MM-DD.").format(value=text))
    return value


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="document", metavar="DOCUMENT", required=True)
    lang_help = _("language of the document: es, en, de or pt (default: es)")

    def common(p: argparse.ArgumentParser, output_help: str) -> None:
        p.add_argument("-o", "--output", required=True, help=output_help)
        p.add_argument("--lang", dest="doc_lang", choices=sorted(i18n.LANGUAGES), default=None, help=lang_help)
        p.add_argument("--db", default=argparse.SUPPRESS, help=_("database: a file path or a SQLAlchemy URL"))

    p = sub.add_parser("agreement", help=_("the learning agreement of an agreement, for signature"))
    p.add_argument("id", type=int, metavar="AGREEMENT_ID")
    common(p, _("the PDF file to write"))
    p.add_argument("--template", choices=["mmfd", "bbig", "both"],
                   help=_("layout: MMFD agreement, § 11 BBiG contract, or both as one pack (default: the "
                          "programme's)"))

    p = sub.add_parser("progress", help=_("the progress report of an apprentice"))
    p.add_argument("id", type=int, metavar="APPRENTICE_ID")
    common(p, _("the PDF file to write"))
    p.add_argument("--from", dest="start", type=_date, help=_("first day of the period (default: the "
                                                                 "agreement's start)"))
    p.add_argument("--to", dest="end", type=_date, help=_("last day of the period (default: today)"))

    p = sub.add_parser("form", help=_("a workplace assessment form for the apprentice's current position"))
    p.add_argument("id", type=int, metavar="APPRENTICE_ID")
    common(p, _("the PDF file to write"))

    p = sub.add_parser("certificate", help=_("the completion certificate of a completed agreement"))
    p.add_argument("id", type=int, metavar="AGREEMENT_ID")
    common(p, _("the PDF file to write"))

    p = sub.add_parser("batch", help=_("print many progress reports or agreements into a folder"))
    p.add_argument("what", choices=["progress", "agreements"])
    common(p, _("the folder to write the PDF files into"))
    p.add_argument("--company", type=int)
    p.add_argument("--programme", type=int)
    p.add_argument("--status")
    p.add_argument("--template", choices=["mmfd", "bbig", "both"])
    p.add_argument("--processes", type=int, default=2, help=_("worker processes (default: 2)"))


def run(args: argparse.Namespace) -> int:
    from vetdesk.reports import render

    db = open_db(args)
    # The document's language: --lang after the document, else the one given before "print", else Spanish.
    lang = args.doc_lang or getattr(args, "lang", None) or i18n.DEFAULT_LANGUAGE
    if args.document == "agreement":
        path = render.save(args.output, lambda: render.agreement_pdf(db, args.id, lang=lang,
                                                                      template=args.template))
        db.print_for_signature([args.id])
    elif args.document == "progress":
        if args.start and args.end and args.end < args.start:
            raise UsageError(_("--to must not come before --from."))
        path = render.save(args.output, lambda: render.progress_pdf(
            db, apprentice_id=args.id, period_start=args.start, period_end=args.end, lang=lang))
    elif args.document == "form":
        path = render.save(args.output, lambda: render.form_pdf(db, args.id, lang=lang))
    elif args.document == "certificate":
        path = render.save(args.output, lambda: render.certificate_pdf(db, args.id, lang=lang))
    else:
        return _batch(args, db, lang)
    say(_("Written: {path}").format(path=path))
    return EXIT_OK


def _batch(args: argparse.Namespace, db: Office, lang: str) -> int:
    from vetdesk.domain.lifecycle import parse_status
    from vetdesk.domain.problems import Problem, RuleViolation
    from vetdesk.reports import render
    from vetdesk.services.documents import batch_agreement_ids, references

    status = None
    if args.status:
        parsed = parse_status(args.status)
        if isinstance(parsed, Problem):
            raise RuleViolation([parsed])
        status = parsed.value
    ids = batch_agreement_ids(db, company_id=args.company, programme_id=args.programme, status=status)
    started = time.perf_counter()
    done: list[int] = []
    refused = 0
    for item in render.print_batch(db, args.what, ids, args.output, lang=lang, template=args.template,
                                   processes=max(1, args.processes), references=references(db, ids)):
        if item.ok:
            done.append(item.agreement_id)
        else:
            refused += 1
            say(_("Not printed: agreement {id}: {reason}").format(id=item.agreement_id, reason=item.message))
    if args.what == "agreements":
        db.print_for_signature(done)
    say(i18n.ngettext("{n} document written to {folder} in {seconds} s.",
                      "{n} documents written to {folder} in {seconds} s.", len(done)).format(
        n=len(done), folder=args.output, seconds=round(time.perf_counter() - started, 1)))
    return EXIT_REFUSED if refused else EXIT_OK


COMMANDS["print"] = (_("print agreements, progress reports, assessment forms and certificates (PDF)"),
                           (configure, run))
