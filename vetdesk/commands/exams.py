"""``vetdesk exam …`` and ``vetdesk badges …``: the exam's papers, results and statistics, and Open Badges.

Exams, registrations (with their results), CONOCER verdicts and school certificates are records: ``vetdesk add
exams …``, ``vetdesk add exam_registrations exam_id=… agreement_id=…``, ``vetdesk set exam_registrations ID
written=… practical=…`` (the admission checks and the resit rule run on that one write path).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict

from vetdesk import i18n
from vetdesk.commands.base import COMMANDS, EXIT_OK, EXIT_REFUSED, UsageError, open_db, print_json, say, whole_number
from vetdesk.domain.bounds import MAX_ID
from vetdesk.i18n import _
from vetdesk.services.outputs import file_reason

_ID = whole_number(1, MAX_ID)


def _signatory(text: str) -> tuple[str, str]:
    name, sep, role = text.partition("=")
    if not sep or not name.strip() or not role.strip() or len(text) > 300:
        raise argparse.ArgumentTypeError(_("{value}: write NAME=ROLE, e.g. \"Ana Ruiz=Chair of the examination "
                                           "board\".").format(value=text[:80]))
    return name.strip(), role.strip()


def _configure_exam(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="what", metavar="WHAT", required=True)
    lang_help = _("language of the document: es, en, de or pt (default: es)")

    def document(p: argparse.ArgumentParser) -> None:
        p.add_argument("-o", "--output", required=True, help=_("the PDF file to write"))
        p.add_argument("--lang", dest="doc_lang", choices=sorted(i18n.LANGUAGES), default=None, help=lang_help)
        p.add_argument("--paper", choices=["letter", "a4"], default=None, help=_("paper size"))

    p = sub.add_parser("day", help=_("the list of candidates an officer prints for the exam day"))
    p.add_argument("id", type=_ID, metavar="EXAM_ID")
    document(p)
    p = sub.add_parser("letter", help=_("the result letter of an apprentice"))
    p.add_argument("id", type=_ID, metavar="AGREEMENT_ID")
    document(p)
    p = sub.add_parser("certificate", help=_("the final certificate, once the final exam is passed"))
    p.add_argument("id", type=_ID, metavar="AGREEMENT_ID")
    document(p)
    p.add_argument("--signatory", action="append", type=_signatory, default=[], metavar="NAME=ROLE",
                   help=_("a person who signs (repeat for each; default: the office and the board's chair)"))
    p = sub.add_parser("register", help=_("register apprentices (by their agreements) for an exam; each one not "
                                          "admitted is named with the reason"))
    p.add_argument("id", type=_ID, metavar="EXAM_ID")
    p.add_argument("agreements", type=_ID, nargs="+", metavar="AGREEMENT_ID")
    p.add_argument("--fee-paid", action="store_true", help=_("record the exam fee as paid"))
    p.add_argument("--json", action="store_true", help=_("print the registrations and refusals as JSON"))
    p = sub.add_parser("resit", help=_("register the apprentice of a failed attempt for a later exam as its resit"))
    p.add_argument("id", type=_ID, metavar="REGISTRATION_ID")
    p.add_argument("--exam", type=_ID, required=True, metavar="EXAM_ID", help=_("the exam of the resit"))
    p.add_argument("--fee-paid", action="store_true", help=_("record the exam fee as paid"))
    p.add_argument("--json", action="store_true", help=_("print the new registration as JSON"))
    p = sub.add_parser("results", help=_("an apprentice's results per part and the final grade, as JSON"))
    p.add_argument("id", type=_ID, metavar="AGREEMENT_ID")
    p = sub.add_parser("stats", help=_("pass rates by programme, company or sex, as JSON"))
    p.add_argument("--by", choices=["programme", "company", "sex"], default="programme")


def _run_exam(args: argparse.Namespace) -> int:
    from vetdesk.reports import exam_documents as docs
    from vetdesk.reports.render import save
    from vetdesk.services import exams

    db = open_db(args)
    if args.what == "results":
        print_json(asdict(exams.results(db, args.id)))
        return EXIT_OK
    if args.what == "register":
        done = db.register_for_exam(args.id, list(dict.fromkeys(args.agreements)), fee_paid=args.fee_paid)
        if args.json:
            print_json({"registered": done.registrations, "refused": [asdict(r) for r in done.refused]})
        else:  # as vetdesk add: each new registration's number on its line (the words go to the terminal)
            from vetdesk.services.documents import references

            named = references(db, list(done.registrations))
            for agreement_id, registration_id in done.registrations.items():
                sys.stdout.write(f"{registration_id}\n")
                say(_("Registered: {reference} (registration no. {id})").format(
                    reference=named.get(agreement_id) or agreement_id, id=registration_id))
        say(i18n.ngettext("{n} apprentice registered.", "{n} apprentices registered.",
                          len(done.registrations)).format(n=len(done.registrations)))
        for r in done.refused:
            say(_("Not admitted: {name} ({reference})").format(name=r.full_name, reference=r.reference)
                if r.full_name else _("Not admitted: {reference}").format(reference=r.reference))
            for message in r.messages:
                say("  " + message)
        return EXIT_REFUSED if done.refused else EXIT_OK
    if args.what == "resit":
        new_id = db.record_resit(args.id, args.exam, fee_paid=args.fee_paid)
        if args.json:
            print_json({"id": new_id, "replaces_id": args.id, "exam_id": args.exam})
        else:
            sys.stdout.write(f"{new_id}\n")
            say(_("Resit registered: registration no. {id} at exam {exam}, in place of the failed attempt "
                  "(registration no. {replaced}).").format(id=new_id, exam=args.exam, replaced=args.id))
        return EXIT_OK
    if args.what == "stats":
        print_json([asdict(r) for r in exams.statistics(db, by=args.by)])
        return EXIT_OK
    lang = args.doc_lang or "es"
    if args.what == "day":
        path = save(args.output, lambda: docs.exam_day_pdf(db, args.id, lang=lang, paper=args.paper))
    elif args.what == "letter":
        path = save(args.output, lambda: docs.result_letter_pdf(db, args.id, lang=lang, paper=args.paper))
    else:
        path = save(args.output, lambda: docs.final_certificate_pdf(db, args.id, lang=lang, paper=args.paper,
                                                                    signatories=tuple(args.signatory)))
    say(_("Written: {path}").format(path=path))
    return EXIT_OK


def _configure_badges(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="what", metavar="WHAT", required=True)
    p = sub.add_parser("export", help=_("an Open Badge (signed .jwt) for every apprentice of a programme who "
                                        "passed the final exam"))
    p.add_argument("--programme", type=_ID, required=True, metavar="PROGRAMME_ID")
    p.add_argument("-o", "--output", required=True, metavar="FOLDER", help=_("the folder to write the badges to"))
    p.add_argument("--with-name", action="store_true",
                   help=_("put the apprentice's name in the badge (by default only a protected code of the CURP)"))
    p.add_argument("--isced", metavar="LEVEL", choices=["24", "25", "34", "35", "44", "45", "54", "55"],
                   help=_("align the achievement to this ISCED 2011 level"))
    p.add_argument("--lang", dest="doc_lang", choices=sorted(i18n.LANGUAGES), default=None,
                   help=_("language of the badge's texts (default: es)"))


def _run_badges(args: argparse.Namespace) -> int:
    from vetdesk.services import badges

    db = open_db(args)
    options = badges.Options(include_name=args.with_name, isced_level=args.isced,
                             language=args.doc_lang or "es")
    try:
        written = db.export_badges(args.programme, args.output, options=options)
    except OSError as exc:
        raise UsageError(_("Cannot write to {path}: {reason}").format(path=args.output, reason=file_reason(exc))) \
            from exc
    say(i18n.ngettext("{n} badge written to {folder}.", "{n} badges written to {folder}.", len(written)).format(
        n=len(written), folder=args.output))
    return EXIT_OK


COMMANDS["exam"] = (_("exam papers: the exam-day list, result letters, final certificates; results and pass rates"),
                    (_configure_exam, _run_exam))
COMMANDS["badges"] = (_("export Open Badges 3.0 for the apprentices of a programme who passed"),
                      (_configure_badges, _run_badges))
