"""``vetdesk demo | db | list | show | add | set | check``: the records themselves on the command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Collection
from dataclasses import replace
from typing import Any

from vetdesk import i18n
from vetdesk.commands.base import (
    COMMANDS,
    EXIT_OK,
    EXIT_REFUSED,
    UsageError,
    described,
    kind_of,
    open_db,
    opened,
    parse_assignments,
    print_json,
    record,
    report_problems,
    say,
    typed_fields,
    whole_number,
)
from vetdesk.domain.problems import Problem, RuleViolation
from vetdesk.i18n import _


def cmd_demo(args: argparse.Namespace) -> int:
    db = open_db(args)
    from vetdesk.services.demo import summary_words

    summary = db.fill_demo(apprentices=args.apprentices, seed=args.seed)
    say(_("Demonstration data written to {location}: {summary}").format(
        location=db.display_location, summary=summary_words(summary)))
    return EXIT_OK


def cmd_db(args: argparse.Namespace) -> int:
    from vetdesk.services.session import upgrade_database

    db, changed, revision = upgrade_database(getattr(args, "db", None))
    opened(db)
    say((_("Database {location} upgraded to schema {revision}.") if changed else
         _("Database {location} is up to date (schema {revision}).")).format(
        location=db.display_location, revision=revision))
    return EXIT_OK


def _kind(word: str) -> str:
    from vetdesk.services.records import PUBLIC_KINDS

    name = kind_of(word, PUBLIC_KINDS)  # "collaboration" or "collaborations", "plan de rotación"…
    if name is None:
        raise UsageError(_("{kind} is not a kind of record; use one of: {kinds}.").format(
            kind=word, kinds=", ".join(PUBLIC_KINDS)))
    return name


def _line(kind: str, record: dict[str, Any]) -> str:
    from vetdesk.services.records import kind as record_kind

    return record_kind(kind).line_of(record)


def _marked(record: dict[str, Any]) -> dict[str, Any]:
    """A retired record (a company, school or instructor no longer active) as the window's list says it: marked
    before its name, in the same words."""
    from vetdesk.services.records import is_retired, retired_mark

    if "name" not in record or not is_retired(record):
        return record
    return {**record, "name": retired_mark(record["name"])}


def cmd_list(args: argparse.Namespace) -> int:
    from vetdesk.services.records import ListQuery, list_records

    kind = _kind(args.kind)
    status = args.status
    if status is not None:
        from vetdesk.services.kinds import KINDS

        parse_status = KINDS[kind].parse_status  # a kind with a life cycle reads its statuses
        if parse_status is None:
            raise UsageError(_("--status filters records that have a status; {kind} have none.").format(kind=kind))
        parsed = parse_status(status)
        if isinstance(parsed, Problem):
            raise UsageError(parsed.message)
        status = parsed.value
    db = open_db(args)
    query = ListQuery(search=args.search, status=status, company_id=args.company,
                      programme_id=args.programme, school_id=args.school, retired=args.retired)
    rows = list_records(db, kind, query, limit=args.limit)
    if args.json:
        print_json(rows)
    else:
        from vetdesk.services.records import kind as record_kind

        # A header for a person reading (a terminal, or --header); a script reading a pipe gets the lines alone,
        # as it always has (--no-header says so outright).
        header = record_kind(kind).line_header()
        wanted = args.header if args.header is not None else sys.stdout.isatty()
        if header and wanted:
            sys.stdout.write(header + "\n")
        for row in rows:
            sys.stdout.write(_line(kind, _marked(row)) + "\n")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from vetdesk.services.lookups import record_id_of
    from vetdesk.services.records import get

    kind = _kind(args.kind)
    db = open_db(args)
    record = get(db, kind, record_id_of(db, kind, args.id))
    if args.json:
        print_json(record)
    else:
        from vetdesk.services.records import shown_fields

        # In the user's words: each field by its label, references by name, competencies by code (scripts read
        # the stored values with --json).
        for label, text in shown_fields(db, kind, record):
            sys.stdout.write(f"{label}: {text}\n")
    return EXIT_OK


def _write(args: argparse.Namespace, record_id: int | None) -> int:
    from vetdesk.services import records

    kind = _kind(args.kind)
    values = parse_assignments(args.values)
    if not values:
        raise UsageError(_("Give at least one FIELD=VALUE."))
    db = open_db(args)
    record_id = None if record_id is None else args.id  # read to its id once the database is open
    before = None
    if record_id is None:
        outcome = db.create(kind, values, accept_warnings=True)
    else:
        stored = records.get(db, kind, record_id)
        before = stored.get("status")
        outcome = db.update(kind, record_id, values, accept_warnings=True,
                            expected_version=getattr(args, "if_version", None))
        _say_voided(kind, stored, outcome.record)
    report_problems(outcome.warnings, typed_fields(args), kind)
    after = outcome.record.get("status")
    if before is not None and after != before and "status" not in values:
        k = records.kind(kind)
        # e.g. a printed agreement whose terms changed is a draft again: it must be printed anew
        say(_("Its status is now: {status} (it was {before}).").format(
            status=k.status_text(after), before=k.status_text(before)))
    if args.json:
        print_json(outcome.record)
    else:
        sys.stdout.write(f"{outcome.id}\n")
    return EXIT_OK


def _say_voided(kind: str, before: dict[str, Any], after: dict[str, Any]) -> None:
    """An agreement put back to draft (``status=draft``): the signatures recorded on its copies are void, said
    by name so that no one counts them again."""
    from vetdesk.i18n import shown_day
    from vetdesk.services.kinds import KINDS, field_label

    parties = KINDS[kind].parties if kind in KINDS else None
    if not parties or before.get("status") == after.get("status") or after.get("status") != "draft":
        return
    voided = [_("{label} {date}").format(label=field_label(name, kind), date=shown_day(before[name]))
              for name in parties.values() if before.get(name) and not after.get(name)]
    if voided:
        say(_("Back to draft: the copies handed out and these signatures recorded on them no longer count: "
              "{signatures}.").format(signatures="; ".join(voided)))


def cmd_add(args: argparse.Namespace) -> int:
    return _write(args, None)


def cmd_set(args: argparse.Namespace) -> int:
    return _write(args, args.id)


def _signed(args: argparse.Namespace) -> tuple[str, str, list[str]]:
    """What ``vetdesk sign`` signs: the kind (a learning agreement unless the first word names a collaboration
    agreement: ``vetdesk sign collaboration 3 …``), the record as given (id or reference), and the PARTY=DATE."""
    from vetdesk.commands.base import kind_of

    words = [args.id, *args.values]
    if words[0].strip().lower() in ("amendment", "amendments", _("amendment").lower()):
        if len(words) < 2:
            raise UsageError(_("Give the agreement's number (id) or reference after {kind}.").format(kind=words[0]))
        return "amendments", words[1], words[2:]  # the agreement's amendment awaiting signatures
    kind = kind_of(words[0], ["agreements", "collaborations"])
    if kind is None:
        if len(words) > 1 and "=" not in words[1] and "=" not in words[0]:  # "sign foo 3 …": a kind it does not sign
            raise UsageError(_("{kind} is not a kind of record that is signed; write the agreement's number (id) or "
                               "reference, or collaboration and its number.").format(kind=words[0][:40]))
        return "agreements", words[0], words[1:]
    if len(words) < 2:
        raise UsageError(_("Give the agreement's number (id) or reference after {kind}.").format(kind=words[0]))
    return kind, words[1], words[2:]


def cmd_sign(args: argparse.Namespace) -> int:
    """Record the signatures of a printed learning or collaboration agreement as they come in (as *Record
    signatures* in the window): it becomes signed once every party has signed; until then the parties still to
    sign are listed."""
    from vetdesk.services import records
    from vetdesk.services.lookups import record_id_of

    kind, given, assignments = _signed(args)
    amendment = kind == "amendments"  # signed by the agreement's parties, as the agreement itself
    kind = "agreements" if amendment else kind
    signers = records.kind(kind).parties  # each party's word -> the field of its signature date
    values = parse_assignments(assignments)
    names = ", ".join(party_word(name) for name in signers)  # in the user's words
    if not values:
        raise UsageError(_("Give at least one PARTY=DATE; the parties: {names}.").format(names=names))
    dates: dict[str, str | None] = {}
    for party, day in values.items():
        field = signers.get(party_named(party, signers) or "", "")
        if not field:
            raise UsageError(_(records.kind(kind).not_a_party).format(party=party, names=names))
        dates[field] = day.strip() or None
    db = open_db(args)
    record_id = record_id_of(db, kind, given)
    said = _in_words(db, record_id, kind)
    if amendment:
        return _sign_amendment(db, record_id, dates, said)
    try:
        outcome = db.record_signatures(record_id, dates, accept_warnings=True, expected_version=args.if_version,
                                       kind=kind)
    except RuleViolation as exc:
        raise RuleViolation(exc.problems, said="\n".join(said(exc.problems))) from None
    for line in said(outcome.warnings):
        say(line)
    words = records.party_words(db, record_id, kind_name=kind)  # "La aprendiz" for a woman
    for name, signed in records.signatures(db, record_id, kind_name=kind):
        if signed is None:
            say(_("✖ {party}: not signed yet").format(party=words[name]))
    k = records.kind(kind)
    say(_("Its status is now: {status}.").format(status=k.status_text(outcome.record["status"])))
    sys.stdout.write(f"{outcome.id}\n")
    return EXIT_OK


def _in_words(db: Any, record_id: int, kind: str) -> Callable[[list[Problem]], list[str]]:
    """The lines that say a signing's problems, each naming its field in the user's words as every command does
    (``described``): a party's signature date by its label as the window's *Record signatures* shows it
    ("Firmado por el plantel el", "Firmado por la aprendiz el" of a woman), never the word typed ("school=…")."""
    from vetdesk.domain.identifiers import signature_label
    from vetdesk.services import records

    sex = records.apprentice_sex(db, record_id, kind_name=kind)
    labels = {f.name: signature_label(f.name, f.label, sex) for f in records.kind(kind).fields
              if f.name.endswith("_signed_on")}
    return lambda problems: [described(replace(p, field=labels.get(p.field, p.field)), kind) for p in problems]


def _sign_amendment(db: Any, agreement_id: int, dates: dict[str, str | None],
                    said: Callable[[list[Problem]], list[str]]) -> int:
    """``vetdesk sign amendment ID PARTY=DATE…``: the signatures of the agreement's amendment awaiting them; who
    has still to sign, or that the agreement's terms now change and from when."""
    from vetdesk.services import amendments, records

    try:
        outcome = db.sign_amendment(agreement_id, dates, accept_warnings=True)
    except RuleViolation as exc:
        raise RuleViolation(exc.problems, said="\n".join(said(exc.problems))) from None
    for line in said(outcome.warnings):
        say(line)
    if outcome.signed:
        say(_("Amendment {reference} is signed by all the parties: the agreement's terms change from {date}.")
            .format(reference=outcome.reference, date=i18n.shown_day(outcome.effective_on)))
    else:
        words = records.party_words(db, agreement_id)  # "La aprendiz" for a woman
        for name, signed in amendments.signatures(db, agreement_id, outcome.number):
            if signed is None:
                say(_("✖ {party}: not signed yet").format(party=words[name]))
        say(_("Amendment {reference} takes effect once every party has signed it; the agreement is unchanged "
              "until then.").format(reference=outcome.reference))
    sys.stdout.write(f"{outcome.reference}\n")
    return EXIT_OK


def party_word(name: str, t: Any = None) -> str:
    """A party that signs (``company``, ``school``…) in the words of the translator ``t`` (default: the user's)."""
    t = t or i18n.current()
    return {"company": t.pgettext("party that signs", "company"),
            "apprentice": t.pgettext("party that signs", "apprentice"),
            "guardian": t.pgettext("party that signs", "guardian"),
            "guardian2": t.pgettext("party that signs", "guardian2"),
            "school": t.pgettext("party that signs", "school"),
            "chamber": t.pgettext("party that signs", "chamber")}[name]


def party_named(word: str, parties: Collection[str]) -> str | None:
    """The party among ``parties`` a word names: its English name or its word in any of vetdesk's languages
    ("empresa", "escuela", "Kammer"), without case or accents."""
    from vetdesk.domain.normalize import fold

    wanted = fold(word.strip())
    translators = [i18n.translator(language) for language in i18n.LANGUAGES]
    for name in parties:
        if wanted in {fold(name), *(fold(party_word(name, t)) for t in translators)}:
            return name
    return None


def _configure_sign(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", metavar="[collaboration|amendment] ID",
                   help=_("the agreement (its id or reference); for a school–company collaboration agreement, "
                          "'collaboration' and its id or reference; for the agreement's amendment awaiting "
                          "signatures, 'amendment' and the agreement's id or reference"))
    p.add_argument("values", nargs="*", metavar="PARTY=DATE",
                   help=_("the day each party signed: company, apprentice, guardian, guardian2 (the second "
                          "guardian), school, chamber (a collaboration agreement: school, company, chamber)"))
    p.add_argument("--if-version", type=int, metavar="VERSION",
                   help=_("change the record only if it still has this version (as 'show' printed "
                          "it); refused if someone saved it since"))


def cmd_delete(args: argparse.Namespace) -> int:
    """Delete a record entered by mistake (refused, with the reason, when anything depends on it)."""

    kind = _kind(args.kind)
    db = open_db(args)
    db.delete(kind, args.id)
    say(_("Deleted."))
    return EXIT_OK


def cmd_undo(args: argparse.Namespace) -> int:
    """Take back the signed-in person's last change, as Ctrl+Z in the window does."""
    from vetdesk.services import undo

    db = open_db(args)
    last = undo.last_undoable(db)
    db.undo_last()
    if last is not None:
        say(undo.undone_words(db, last))
    return EXIT_OK


def _finding_words(finding: Any) -> str:
    """``error: Label (key): message`` for a field of the record's own kind (as a refusal names it: the key is what
    ``vetdesk set`` takes); ``error: Company: Legal representative: message`` for another record's field, and the
    message alone for the record as a whole: the window's check list's words (``checks.field_label``), never an
    internal name such as ``company.legal_representative``."""
    from dataclasses import replace

    from vetdesk.services.checks import field_label, own_field

    problem = finding.problem
    if own_field(finding.kind, problem.field):
        return described(problem, finding.kind)
    label = field_label(finding.kind, problem.field)
    if not label:
        return described(replace(problem, field=""))
    severity = _("error") if problem.is_error else _("warning")
    return _("{severity}: {field}: {message}").format(severity=severity, field=label, message=problem.message)


def cmd_check(args: argparse.Namespace) -> int:
    from vetdesk.services.checks import check_database

    db = open_db(args)
    findings = check_database(db)
    if args.json:
        print_json([f.as_dict() for f in findings])
    else:
        from vetdesk.services.checks import record_names

        names = record_names(db, findings)
        for f in findings:  # each record and field in the user's words, as the window's check list names them
            sys.stdout.write(f"{names[(f.kind, f.record_id)]}: {_finding_words(f)}\n")
    n_errors = sum(1 for f in findings if f.problem.is_error)
    say(i18n.ngettext("{n} error", "{n} errors", n_errors).format(n=n_errors) + ", "
        + i18n.ngettext("{n} warning", "{n} warnings", len(findings) - n_errors).format(n=len(findings) - n_errors))
    return EXIT_REFUSED if n_errors else EXIT_OK


# -- their parsers ------------------------------------------------------------------------------------

def _configure_demo(p: argparse.ArgumentParser) -> None:
    from vetdesk.domain.bounds import DEMO_APPRENTICES

    p.add_argument("--apprentices", type=whole_number(*DEMO_APPRENTICES), default=300, metavar="N",
                   help=_("how many apprentices to invent, each with an agreement and what goes with it ({low} to "
                          "{high}; default: 300)").format(low=DEMO_APPRENTICES[0], high=DEMO_APPRENTICES[1]))
    p.add_argument("--seed", type=int, default=1, metavar="N",
                   help=_("the number the invented data grows from: the same number, the same data (default: 1)"))


def _configure_db(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=["upgrade"])


def _configure_list(p: argparse.ArgumentParser) -> None:
    p.add_argument("kind", metavar="KIND", help=_("the kind of record: companies, schools, apprentices, "
                                                  "agreements… (a wrong one lists them all)"))
    p.add_argument("--search", metavar="TEXT", help=_("only the records found by this text, as the list's search "
                                                      "box finds them"))
    p.add_argument("--status", help=_("only the records in this status (an agreement's, an exam's…; a wrong one "
                                      "lists them all)"))
    p.add_argument("--company", type=record("companies"), metavar="COMPANY",
                   help=_("only the records of this company (its number or RFC)"))
    p.add_argument("--programme", type=record("programmes"), metavar="PROGRAMME",
                   help=_("only the records of this programme (its number or code)"))
    p.add_argument("--school", type=record("schools"), metavar="SCHOOL",
                   help=_("only the records of this school (its number or CCT)"))
    p.add_argument("--retired", action=argparse.BooleanOptionalAction, default=True,
                   help=_("list the records retired (Retired on) too, marked \u201c(retired)\u201d before their "
                          "name (default: yes; --no-retired leaves them out, as the window's \u201cShow "
                          "retired\u201d box unticked)"))
    p.add_argument("--limit", type=int, metavar="N", help=_("at most this many records"))
    p.add_argument("--json", action="store_true", help=_("every field's stored value, as JSON"))
    p.add_argument("--header", action=argparse.BooleanOptionalAction, default=None,
                   help=_("print a header line naming the columns (default: when the output is a terminal, not a "
                          "pipe or a file)"))


def _configure_show(p: argparse.ArgumentParser) -> None:
    p.add_argument("kind")
    p.add_argument("id", metavar="ID_OR_CODE",
                   help=_("the record's id, or its code or number where the kind has one (a programme's code, a "
                          "company's RFC, a school's CCT, an agreement's reference)"))
    p.add_argument("--json", action="store_true")


def _configure_write(with_id: bool) -> Callable[[argparse.ArgumentParser], None]:
    def configure(p: argparse.ArgumentParser) -> None:
        p.add_argument("kind")
        if with_id:
            p.add_argument("id", type=record(""))
            p.add_argument("--if-version", type=int, metavar="VERSION",
                           help=_("change the record only if it still has this version (as 'show' printed "
                                  "it); refused if someone saved it since"))
        p.add_argument("values", nargs="*", metavar="FIELD=VALUE")
        p.add_argument("--json", action="store_true")
    return configure


def _configure_delete(p: argparse.ArgumentParser) -> None:
    p.add_argument("kind")
    p.add_argument("id", type=record(""))


def _configure_undo(p: argparse.ArgumentParser) -> None:
    pass


def _configure_check(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true")


COMMANDS["demo"] = (_("fill the database with demonstration data"), (_configure_demo, cmd_demo))
COMMANDS["db"] = (_("database maintenance"), (_configure_db, cmd_db))
COMMANDS["list"] = (_("list records"), (_configure_list, cmd_list))
COMMANDS["show"] = (_("show one record"), (_configure_show, cmd_show))
COMMANDS["add"] = (_("create a record"), (_configure_write(False), cmd_add))
COMMANDS["set"] = (_("change a record"), (_configure_write(True), cmd_set))
COMMANDS["sign"] = (_("record the signatures of a printed learning or collaboration agreement as they come in"),
                    (_configure_sign, cmd_sign))
COMMANDS["delete"] = (_("delete a record entered by mistake (only when nothing depends on it)"),
                      (_configure_delete, cmd_delete))
COMMANDS["undo"] = (_("undo your last change of a record (as Ctrl+Z in the window)"), (_configure_undo, cmd_undo))
COMMANDS["check"] = (_("list every error and warning in the database"), (_configure_check, cmd_check))
