"""``vetdesk print …``: agreements, progress reports, assessment forms, certificates, and batches.

Exit codes as for every command: 0 done, 1 refused by a rule (no file written), 2 usage error; a batch: 3 done
in part (what the rules allow was printed, the summary names what was refused).
"""

from __future__ import annotations

import argparse
import time
from datetime import date
from pathlib import Path
from typing import Any

from vetdesk import i18n
from vetdesk.commands.base import (
    COMMANDS,
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_REFUSED,
    Named,
    UsageError,
    open_db,
    record,
    say,
)
from vetdesk.i18n import _
from vetdesk.services.office import Office
from vetdesk.services.outputs import BATCH_PROCESSES, file_reason

DOCUMENTS = ("agreement", "progress", "form", "certificate", "batch")


def _date(text: str) -> date:
    from vetdesk.services.fields import parse_date

    value = parse_date(text)
    if value is None:
        raise argparse.ArgumentTypeError(_("{value} is not a date; write YYYY-MM-DD.").format(value=text))
    return value


#: The documents named as a kind is (``kind_of``: "convenio", "colaboración", "constancia"…).
_AS_KIND = {"agreement": "agreements", "collaboration": "collaborations"}


def _document_of(word: str) -> str | None:
    from vetdesk.commands.base import kind_of

    return kind_of(word, [*DOCUMENTS, "collaboration"], same=_AS_KIND)


class _Documents(dict):  # type: ignore[type-arg]
    """The documents' parsers by name, which also hold a document named in the user's words (argparse checks
    the word against them before choosing the parser)."""

    #: Whether a word is read (not while the parsers are added: argparse asks then whether a name is taken).
    words = True

    def __contains__(self, word: object) -> bool:
        return dict.__contains__(self, word) or (self.words and isinstance(word, str)
                                                  and _document_of(word) is not None)


class _DocumentWords(argparse._SubParsersAction):  # type: ignore[type-arg]
    """The document named in the user's words, as the other commands take a kind (``vetdesk print convenio 12``,
    ``vetdesk print colaboracion 3``): the word is read to the document's name before its parser is chosen."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._name_parser_map = self.choices = _Documents()

    def add_parser(self, *args: Any, **kwargs: Any) -> Any:
        documents = self._name_parser_map
        assert isinstance(documents, _Documents)
        documents.words = False
        try:
            return super().add_parser(*args, **kwargs)
        finally:
            documents.words = True

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        if values and not dict.__contains__(self._name_parser_map, values[0]):
            found = _document_of(values[0])
            if found is not None:
                values = [found, *values[1:]]
        super().__call__(parser, namespace, values, option_string)


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="document", metavar="DOCUMENT", required=True, action=_DocumentWords)
    lang_help = _("language of the document: es, en, de or pt (default: for an agreement or amendment that went "
                  "out for signature, the language it went out in; else es)")

    def common(p: argparse.ArgumentParser, output_help: str, *, batch: bool = False) -> None:
        p.add_argument("-o", "--output", required=True, help=output_help)
        p.add_argument("--lang", dest="doc_lang", choices=sorted(i18n.LANGUAGES), default=None, help=lang_help)
        p.add_argument("--paper", choices=["letter", "a4"], default=None,
                       help=_("paper size (default: the office's setting, Letter unless changed)"))
        if batch:
            p.add_argument("--email-drafts", metavar="FOLDER", default=None,
                           help=_("also write one e-mail draft (.eml) per recipient into FOLDER, with their "
                                  "documents attached"))
        else:
            p.add_argument("--email-draft", metavar="FILE.eml", default=None,
                           help=_("also write an e-mail draft (.eml) to the family, the school and the company, "
                                  "with the PDF attached, for your mail program to open"))

    p = sub.add_parser("agreement", aliases=["agreements"],
                       help=_("the learning agreement of an agreement, for signature"))
    p.add_argument("id", type=record("agreements"), metavar="AGREEMENT_ID")
    common(p, _("the PDF file to write"))
    p.add_argument("--template", choices=["mmfd", "bbig", "both"],
                   help=_("layout: MMFD agreement, § 11 BBiG contract, or both as one pack (default: the "
                          "programme's)"))
    p.add_argument("--translation", action="store_true",
                   help=_("a translation to read before signing, in the language of --lang: marked as one on every "
                          "page; the agreement stays to be signed in the language it went out in"))

    p = sub.add_parser("progress", help=_("the progress report of an apprentice"))
    p.add_argument("id", type=record("apprentices"), metavar="APPRENTICE_ID")
    common(p, _("the PDF file to write"))
    p.add_argument("--from", dest="start", type=_date, help=_("first day of the period (default: the "
                                                                 "agreement's start)"))
    p.add_argument("--to", dest="end", type=_date, help=_("last day of the period (default: today)"))

    p = sub.add_parser("form", aliases=["forms"],
                       help=_("a workplace assessment form for the apprentice's current position"))
    p.add_argument("id", type=record("apprentices"), metavar="APPRENTICE_ID")
    common(p, _("the PDF file to write"))

    p = sub.add_parser("certificate", aliases=["certificates"],
                       help=_("the completion certificate of a completed agreement"))
    p.add_argument("id", type=record("agreements"), metavar="AGREEMENT_ID")
    common(p, _("the PDF file to write"))

    p = sub.add_parser("collaboration", aliases=["collaborations"],
                       help=_("a school–company collaboration agreement, for signature"))
    p.add_argument("id", type=record("collaborations"), metavar="COLLABORATION_ID")
    common(p, _("the PDF file to write"))

    p = sub.add_parser("amendment", aliases=["amendments"],
                       help=_("an amendment to a signed agreement (vetdesk amend), for signature"))
    p.add_argument("id", type=int, metavar="AGREEMENT_ID")
    p.add_argument("--number", type=int, default=None, metavar="N",
                   help=_("which of the agreement's amendments (default: the latest)"))
    common(p, _("the PDF file to write"))

    p = sub.add_parser("batch", help=_("print many progress reports or agreements into a folder"))
    p.add_argument("what", type=lambda word: "agreements" if word in ("agreement", "agreements") else word,
                   choices=["progress", "agreements"], metavar="{progress,agreements}",
                   help=_("what to print: each agreement's progress report, or the agreements themselves (drafts go "
                          "out for signature)"))
    common(p, _("the folder to write the PDF files into"), batch=True)
    p.add_argument("--company", type=record("companies"), metavar="COMPANY",
                   help=_("only the agreements of this company (its number or RFC)"))
    p.add_argument("--programme", type=record("programmes"), metavar="PROGRAMME",
                   help=_("only the agreements of this programme (its number or code)"))
    p.add_argument("--status", help=_("only agreements in this status (progress reports: active by default)"))
    p.add_argument("--template", choices=["mmfd", "bbig", "both"],
                   help=_("layout of the agreements: MMFD agreement, § 11 BBiG contract, or both as one pack "
                          "(default: each programme's)"))
    p.add_argument("--processes", type=int, default=BATCH_PROCESSES,
                   help=_("worker processes (default: {n})").format(n=BATCH_PROCESSES))


#: A document named in the plural (``vetdesk print collaborations 3``) is the same document.
_DOCUMENTS = {"agreements": "agreement", "forms": "form", "certificates": "certificate",
              "collaborations": "collaboration", "amendments": "amendment"}


def run(args: argparse.Namespace) -> int:
    # The document's language: --lang after the document, else the one given before "print", else Spanish.
    lang = args.doc_lang or getattr(args, "lang", None) or i18n.DEFAULT_LANGUAGE
    translation = bool(getattr(args, "translation", False))
    if args.document == "agreement" and not args.email_draft and not isinstance(args.id, Named) and not translation:
        plainly = _agreement_plainly(args, lang)
        if plainly is not None:
            written, reference, note = plainly
            say(_("Written: {path}").format(path=written))
            if note:
                say(note)
            if reference:
                _say_printed(reference)
            return EXIT_OK
    from vetdesk.reports import render

    args.document = _DOCUMENTS.get(args.document, args.document)
    db = open_db(args)
    paper = args.paper
    printed_now: str | None = None  # the reference of a draft this printing made "printed"
    if args.document == "agreement":
        from vetdesk.services.documents import drafts_among, references

        if not args.doc_lang:  # one that went out for signature: in its language (--lang after it: another)
            went_out_in = db.language_of_record(args.id)
            lang = i18n.locale_for(went_out_in) if went_out_in else lang
        _refuse_unprintable(db, args.id, args.template, lang, translation)  # before anything is written
        path = render.save(args.output, lambda: render.agreement_pdf(db, args.id, lang=lang, template=args.template,
                                                                      paper=paper, translation=translation))
        if drafts_among(db, [args.id]):
            printed_now = references(db, [args.id]).get(args.id)
        else:  # a reprint prints the text it went out with: said when the office edited it since
            kept_note = db.kept_text_note(args.id, lang)
            if kept_note:
                say(kept_note)
        # a draft prints the office's text of today, a reprint the versions it kept: either may miss a change
        _say_note(db.office_text_notes([args.id], lang).get(args.id))
        db.print_for_signature([args.id], language=lang, template=args.template, translation=translation)
        agreement_id: int | None = args.id
    elif args.document == "progress":
        if args.start and args.end and args.end < args.start:
            raise UsageError(_("--to must not come before --from."))
        path = render.save(args.output, lambda: render.progress_pdf(
            db, apprentice_id=args.id, period_start=args.start, period_end=args.end, lang=lang, paper=paper))
        agreement_id = None
    elif args.document == "form":
        path = render.save(args.output, lambda: render.form_pdf(db, args.id, lang=lang, paper=paper))
        agreement_id = None
    elif args.document == "certificate":
        path = render.save(args.output, lambda: render.certificate_pdf(db, args.id, lang=lang, paper=paper))
        agreement_id = args.id
    elif args.document == "amendment":
        if not args.doc_lang:  # for signature in the language the agreement was signed in (--lang after it: another)
            signed_in = db.language_of_record(args.id)
            lang = i18n.locale_for(signed_in) if signed_in else lang
        path = render.save(args.output, lambda: render.amendment_pdf(db, args.id, args.number, lang=lang,
                                                                      paper=paper))
        notice = db.amendment_translation_notice(args.id, lang, args.number)
        if notice:  # another language than the one signed: a translation, as the document says
            say(notice)
        agreement_id = args.id
    elif args.document == "collaboration":
        from vetdesk.reports.collaboration import collaboration_pdf

        if args.email_draft:  # refused before anything is written
            raise UsageError(_("An e-mail draft is written for a learning agreement's documents (agreement, "
                               "progress report, form, certificate). Send the collaboration agreement's PDF from "
                               "your mail program."))
        path = render.save(args.output, lambda: collaboration_pdf(db, args.id, lang=lang, paper=paper))
        if db.get("collaborations", args.id)["status"] == "draft":  # it printed the office's text of today
            _warn_behind(db, "collaboration", lang)
        db.print_collaborations_for_signature([args.id], language=lang)
        agreement_id = None
    else:
        return _batch(args, db, lang)
    say(_("Written: {path}").format(path=path))
    if printed_now:
        _say_printed(printed_now)
    if args.email_draft:
        _email_draft(db, args, agreement_id, path, lang)
    return EXIT_OK


def _warn_behind(db: Office, document: str, lang: str) -> None:
    """A document going out for signature in a language whose office text was not edited with another language's
    last change: said as a warning (it is printed)."""
    from dataclasses import replace

    from vetdesk.commands.base import described
    from vetdesk.services import clauses

    found = clauses.behind_when_printing(db, document, clauses.language_of(lang))
    if found is not None:
        say(described(replace(found, field="")))


def _refuse_unprintable(db: Office, agreement_id: int, template: str | None, lang: str | None = None,
                        translation: bool = False) -> None:
    """A draft the change to "printed" would refuse is refused before its document is rendered: no file. Its
    warnings are said, and it is printed (the command line accepts them, as ``vetdesk sign`` does)."""
    from vetdesk.domain.problems import RuleViolation, error

    check = db.print_checks([agreement_id], template=template, alternatives=True, language=lang,
                            translation=translation).get(agreement_id)
    if check is None:
        return
    if check.refused:  # the same check, and the same other layout, the window offers (ui.printing.layout_to_print)
        other = (" " + _("(vetdesk print agreement {id} --template {layout} -o FILE.pdf)").format(
            id=agreement_id, layout=check.other_layout)) if check.other_layout else ""
        raise RuleViolation([error("", check.refusal() + other, "print.refused")])
    say(check.warning())
    if any(p.code == "print.language_changed" for p in check.problems):
        say(_("To print a translation to read instead, which leaves the language to sign as it was: vetdesk print "
              "agreement {id} --lang {language} --translation -o FILE.pdf").format(
            id=agreement_id, language=(lang or "es").split("_")[0]))


def _say_printed(reference: str) -> None:
    """A draft printed for signature is now "printed": said, so that no one prints a draft to look at it unaware."""
    from vetdesk.domain.lifecycle import status_label

    say(_("Agreement {reference} was a draft and is now “{status}”: it went out for signature. Record the "
          "signatures as they come in (vetdesk sign).").format(reference=reference,
                                                                status=status_label("printed")))


class _NoSuchAgreement(Exception):
    """The agreement asked for is not there, or is a draft, or its copy has something to warn about: the full
    way says so in its words, or asks the rules of its going out for signature before anything is written."""


def _agreement_plainly(args: argparse.Namespace, lang: str) -> tuple[Path, str | None, str] | None:
    """``vetdesk print agreement`` on a local SQLite file of the current schema, no one signing in: gathered,
    refused and recorded with plain SQL (``services.plain_office``) — the same SQL, rules and history entry
    as the full way, without importing SQLAlchemy. None (nothing written) when the full way must do it; else
    the file written, when the agreement was a draft that is now "printed", its reference, and what a reprint
    says of its office text (``kept_text_note``)."""
    from vetdesk.services.plain_office import open_plain

    office = open_plain(getattr(args, "db", None), getattr(args, "user", None))
    if office is None:
        return None
    from vetdesk.domain import contract
    from vetdesk.domain.lifecycle import Status
    from vetdesk.i18n import translator
    from vetdesk.reports.agreement import document_pdf
    from vetdesk.reports.page import write_atomically

    went_out_in = office.printed_language(args.id) if office.status(args.id) not in (None, Status.DRAFT.value) \
        else None
    if went_out_in is not None and not args.doc_lang:  # in the language it went out in (--lang after it: another)
        lang = i18n.locale_for(went_out_in)
    if office.status(args.id) in (None, Status.DRAFT.value) or args.template \
            or (went_out_in is not None and went_out_in != lang.split("_")[0]):
        # (another language than the one it went out in is asked the full way too: agreement_sheet.language_change)
        # A draft's going out for signature is asked of the rules the full way, before it is printed; so is a
        # layout chosen (another than the one it went out in is refused once signed: agreement_sheet.layout_change).
        return None
    t = translator(lang)
    reference: list[str] = []

    def produce() -> bytes:
        doc = office.agreement_document(args.id, template=args.template, language=t.locale)
        if doc is None:
            raise _NoSuchAgreement
        if doc.signed_copy and contract.reprint_warnings(doc.insurance_expiry, doc.end_date):
            raise _NoSuchAgreement  # the full way says what the copy warns about (Office.print_checks)
        reference.append(doc.reference)
        return document_pdf(doc, t, args.template, paper=args.paper)

    try:
        path = write_atomically(args.output, produce)
    except _NoSuchAgreement:
        return None
    note = office.kept_text_note(args.id, lang)
    _say_note(office.office_text_note(args.id, lang))
    printed_now = office.print_for_signature(args.id, language=lang, template=args.template)
    return path, (reference[0] if printed_now and reference else None), note


def _say_note(note: Any) -> None:
    """The core's warning that the office's text in the document's language misses another language's change
    (``clauses.agreement_text_notes``), said as a warning: the document is printed."""
    if note is not None:
        from dataclasses import replace

        from vetdesk.commands.base import described

        say(described(replace(note, field="")))


def _email_draft(db: Office, args: argparse.Namespace, agreement_id: int | None, pdf: object, lang: str) -> None:
    from pathlib import Path

    from vetdesk.services import mail
    from vetdesk.services.documents import current_agreement_id

    if agreement_id is None:  # progress reports and forms name the apprentice: their current agreement
        agreement_id = current_agreement_id(db, args.id)
    data = Path(str(pdf)).read_bytes()
    draft = mail.agreement_draft(db, agreement_id, Path(str(pdf)).name, data)
    written = mail.write_draft(db, args.email_draft, draft, language=lang, document=mail.document_name(
        db, args.document, lang, agreement_ids=[agreement_id], layout=getattr(args, "template", None)))
    say(_("E-mail draft written: {path} (open it in your mail program to check and send it)").format(path=written))
    if draft.left_out:  # none is dropped without a word: who gets no draft, and why
        say(_("Left out of the e-mail draft:"))
        for line in draft.left_out:
            say("  " + line)


def _batch(args: argparse.Namespace, db: Office, lang: str) -> int:
    from vetdesk.domain.lifecycle import ENDED, Status, parse_status
    from vetdesk.domain.problems import Problem, RuleViolation
    from vetdesk.reports import render
    from vetdesk.services.documents import batch_agreement_ids, batch_left_out, references
    from vetdesk.services.kinds import batch_document, batch_for_signature

    status = None
    if args.status:
        parsed = parse_status(args.status)
        if isinstance(parsed, Problem):
            raise RuleViolation([parsed])
        status = parsed.value
    left_out: dict[str, int] = {}
    if status is None and args.what == "progress":
        status = "active"  # a progress report is about training in progress (drafts have none to report)
        # ended agreements have progress to report too: how many were left out is said, and how to print them
        left_out = batch_left_out(db, company_id=args.company, programme_id=args.programme,
                                  statuses=[s.value for s in Status if s in ENDED])
    ids = batch_agreement_ids(db, company_id=args.company, programme_id=args.programme, status=status)
    document = batch_document(args.what)
    # agreements: each draft goes out for signature (checked first, then marked printed); else reports
    for_signature = batch_for_signature(args.what)
    started = time.perf_counter()
    done: list[int] = []
    printed_now: set[int] = set()  # drafts this batch made "printed"
    refused = 0
    written: dict[int, str] = {}
    not_printed: list[tuple[str, str]] = []
    refusals: list[str] = []  # each refused draft's refusal, said together at the end
    refs = references(db, ids)
    if for_signature:
        # Each agreement is its own unit: a draft the change to "printed" would refuse is left out before
        # anything is rendered (no file), the others are printed and marked.
        checks = db.print_checks(ids, template=args.template, language=lang)
        for agreement_id in ids:
            check = checks.get(agreement_id)
            if check is not None and check.refused:
                refused += 1
                refusals.append(check.refusal())
                not_printed.append((check.reference, "\n".join(check.reasons())))
            elif check is not None:
                say(check.warning())
        ids = [i for i in ids if not (i in checks and checks[i].refused)]
    for item in render.print_batch(db, args.what, ids, args.output, lang=lang, template=args.template,
                                   processes=max(1, args.processes), references=refs,
                                   paper=args.paper):
        if item.ok:
            done.append(item.agreement_id)
            written[item.agreement_id] = item.path
        else:
            refused += 1
            not_printed.append((refs.get(item.agreement_id, str(item.agreement_id)), item.message))
            say(_("Not printed: {reference}: {reason}").format(reference=refs.get(item.agreement_id, item.agreement_id),
                                                               reason=item.message))
    if for_signature:
        from vetdesk.domain.problems import RuleViolation
        from vetdesk.services.clauses import grouped_notes
        from vetdesk.services.documents import drafts_among

        for line in grouped_notes(db.office_text_notes(done, lang), refs):
            say(_("{severity}: {message}").format(severity=_("warning"), message=line))

        printed_now = drafts_among(db, done)
        for agreement_id in sorted(done):  # each its own unit of work: one refusal leaves the others marked
            try:
                db.print_for_signature([agreement_id], language=lang, template=args.template)
            except RuleViolation as exc:  # changed since it was asked (another user): its file is not for signing
                refused += 1
                printed_now.discard(agreement_id)
                reasons = "\n".join("• " + p.message for p in exc.problems)
                refusals.append(_("Agreement {agreement} was written but not marked printed; do not send it for "
                                  "signature:").format(agreement=refs.get(agreement_id, agreement_id)) + "\n"
                                + reasons)
    if not ids and not refused:
        say(_("No agreement matches what was asked (the company, programme and status given): nothing was printed."))
    elif not done:  # the folder was not made either (render.print_batch)
        say(_("No document was written."))
    else:
        say(i18n.ngettext("{n} document written to {folder} in {seconds} s.",
                          "{n} documents written to {folder} in {seconds} s.", len(done)).format(
            n=len(done), folder=args.output, seconds=round(time.perf_counter() - started, 1)))
    if left_out:
        _say_left_out(left_out)
    if printed_now:
        from vetdesk.domain.lifecycle import status_label

        say(i18n.ngettext("{n} of them was a draft and is now “{status}”: it went out for signature.",
                          "{n} of them were drafts and are now “{status}”: they went out for signature.",
                          len(printed_now)).format(n=len(printed_now), status=status_label("printed")))
    if refusals:
        say(i18n.ngettext("{n} agreement was not printed:", "{n} agreements were not printed:",
                          len(refusals)).format(n=len(refusals)))
        for text in refusals:
            say(text)
    if args.email_drafts and (written or not_printed):
        from pathlib import Path

        from vetdesk.services import mail

        items = [mail.attachment(db, i, Path(p).name, Path(p).read_bytes()) for i, p in sorted(written.items())]
        drafts = mail.batch_drafts(db, items, args.email_drafts,
                                   document=lambda ids: mail.document_name(db, document, lang, agreement_ids=ids,
                                                                           layout=args.template),
                                   language=lang, refused=not_printed)
        if drafts.written:
            say(i18n.ngettext("{n} e-mail draft written to {folder}.", "{n} e-mail drafts written to {folder}.",
                              len(drafts.written)).format(n=len(drafts.written), folder=args.email_drafts))
        else:
            say(_("No e-mail draft was written."))
        if drafts.left_out:  # none is skipped without a word: who gets no draft, and why
            say(_("Left out of the e-mail drafts:"))
            for line in drafts.left_out:
                say("  " + line)
    if not done:  # nothing printed: not a success, whatever the reason
        return EXIT_REFUSED
    return EXIT_PARTIAL if refused else EXIT_OK


def _say_left_out(left_out: dict[str, int]) -> None:
    """The ended agreements a batch of progress reports left out (it prints active ones unless told), by status,
    and the --status that prints them: "3 agreements that are not active were left out (terminated: 2, completed:
    1)…"."""
    from vetdesk.domain.lifecycle import status_label

    total = sum(left_out.values())
    statuses = i18n.format_list([_("{status}: {n}").format(status=status_label(s), n=n) for s, n in left_out.items()])
    options = i18n.format_list([f"--status {status_label(s)}" for s in left_out], style="or")
    say(i18n.ngettext(
        "{n} agreement that is not active was left out ({statuses}): progress reports are printed for active "
        "agreements unless --status names another status. To print its report, run the command again with "
        "{options}.",
        "{n} agreements that are not active were left out ({statuses}): progress reports are printed for active "
        "agreements unless --status names another status. To print their reports, run the command again with "
        "{options}.", total).format(n=total, statuses=statuses, options=options))


COMMANDS["print"] = (_("print agreements, progress reports, assessment forms and certificates (PDF)"),
                           (configure, run))


def configure_verify(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("certificate", metavar="FILE_OR_TEXT",
                        help=_("a certificate's PDF file, an Open Badge (.jwt), or the text a QR scanner read "
                               "from a certificate (VDC1.…)"))
    parser.add_argument("--curp", help=_("also check that the certificate was issued to this CURP"))


def run_verify(args: argparse.Namespace) -> int:
    from pathlib import Path

    from vetdesk.domain.problems import RuleViolation, error
    from vetdesk.services import signing

    db = open_db(args)
    given = args.certificate
    if given.startswith(signing.PREFIX + "."):
        found = signing.verify_text(db, given)
    else:
        try:
            data = Path(given).read_bytes()
        except OSError as exc:
            raise UsageError(_("Cannot read {path}: {reason}").format(path=given, reason=file_reason(exc))) from exc
        from vetdesk.services import badges

        if badges.looks_like_badge(data[:100_000].decode("ascii", "replace")):
            credential = badges.verify(db, data.decode("ascii", "replace"))
            if args.curp and not badges.issued_to(credential, args.curp):
                raise RuleViolation([error("curp", _("The signature is valid, but the badge was not issued to CURP "
                                                     "{curp}.").format(curp=args.curp.upper()[:40]), "verify.curp")])
            if args.curp:
                say(_("Issued to CURP {curp}.").format(curp=args.curp.upper()[:40]))
            return _say_badge(credential)
        found = signing.verify_pdf(db, data)
    if args.curp and not signing.issued_to(db, found, args.curp):
        raise RuleViolation([error("curp", _("The signature is valid, but the certificate was not issued to CURP "
                                             "{curp}.").format(curp=args.curp.upper()), "verify.curp")])
    say(_("Valid certificate, signed by {office} (key {key}).").format(office=found.office, key=found.key_id))
    say(_("Reference: {reference}").format(reference=found.reference))
    say(_("Issued to: {name}").format(name=found.name))
    say(_("Programme: {programme}, at {company}").format(programme=found.programme, company=found.company))
    say(_("Training: {start} to {end}; competencies proven: {competencies}; issued on {issued}").format(
        start=_day(found.start), end=_day(found.end), competencies=found.competencies, issued=_day(found.issued)))
    if found.curp_recoverable:
        say(_("This certificate keeps the CURP as an unkeyed code, which anyone can find again by trying the few "
              "CURPs its name and birth date leave. The office can print a new copy, which keeps it as a code only "
              "the office can check."))
    if found.older_kind and not given.startswith(signing.PREFIX + "."):
        say(_("This certificate is of the older kind: its signature covers the text above, not everything its "
              "pages show. Compare the page with the text above; the office can print a new copy that binds "
              "its pages."))
    elif given.startswith(signing.PREFIX + "."):
        say(_("Checked: the signed text of the QR code. Compare the certificate's page with the text above."))
    else:
        say(_("Checked: the office's signature, everything the pages show, and the file's title, author and "
              "subject. Not checked: the file's dates and the program named as its producer, which do not change "
              "what the certificate says."))
    return EXIT_OK


def _day(iso: str) -> str:
    """A signed ISO date in the reader's language ("15/03/2008"), as it was when it is not a date."""
    from datetime import date

    from vetdesk.i18n import shown_day

    try:
        return shown_day(date.fromisoformat(iso))
    except ValueError:
        return iso


def _say_badge(vc: dict[str, Any]) -> int:
    subject = vc.get("credentialSubject") or {}
    achievement = subject.get("achievement") or {}
    say(_("Valid Open Badge, signed by {office}.").format(office=(vc.get("issuer") or {}).get("name", "")))
    say(_("Achievement: {name} ({kind}), valid from {start}").format(
        name=achievement.get("name", ""), kind=achievement.get("achievementType", ""), start=vc.get("validFrom", "")))
    return EXIT_OK


COMMANDS["verify"] = (_("check a certificate's signature: its PDF, or the text of its QR code"),
                      (configure_verify, run_verify))
