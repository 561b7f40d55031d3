"""``vetdesk plan-version | rotation | coverage | settings | clauses | attach``: an office's own training set-up on the
command line.

The records themselves (competencies, learning positions, rotation plans, rotations, school staff, coordinators,
collaboration agreements) are added, changed, listed and shown with ``add/set/list/show`` like any other kind.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from vetdesk.commands.base import (
    COMMANDS,
    EXIT_OK,
    UsageError,
    described,
    kind_argument,
    open_db,
    print_json,
    record,
    say,
)
from vetdesk.domain.problems import Problem, RuleViolation, error
from vetdesk.i18n import _, ngettext
from vetdesk.services.outputs import file_reason


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{value} is not a date; write YYYY-MM-DD.").format(value=text)) from None


# -- plan-version -------------------------------------------------------------------------------------

def _configure_plan_version(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", type=int, metavar="PLAN_ID")
    p.add_argument("--from", dest="valid_from", type=_date,
                   help=_("the day the new version is valid from (default: today)"))
    p.add_argument("--json", action="store_true")


def _run_plan_version(args: argparse.Namespace) -> int:
    db = open_db(args)
    outcome = db.new_plan_version(args.id, valid_from=args.valid_from)
    if args.json:
        print_json(outcome.record)
    else:
        sys.stdout.write(f"{outcome.id}\n")
    say(_("Version {version} of the plan is number {id}; change its positions and weeks with vetdesk set "
          "rotation_plans {id} steps=….").format(version=outcome.record["plan_version"], id=outcome.id))
    return EXIT_OK


# -- rotation -----------------------------------------------------------------------------------------

def _configure_rotation(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", type=record("agreements"), metavar="AGREEMENT_ID")
    p.add_argument("--json", action="store_true")


def _day(value: date | None) -> str:
    """A day as every other screen and message shows it: the language's day/month/year (``--json``: ISO)."""
    from vetdesk.i18n import shown_day

    return shown_day(value) if value else ""


def _run_rotation(args: argparse.Namespace) -> int:
    from vetdesk.services.training import agreement_rotation, dropped_name

    db = open_db(args)
    lines = agreement_rotation(db, args.id, with_dropped=True)
    if args.json:
        print_json([line.as_dict() for line in lines])
        return EXIT_OK
    if lines:  # a header line, as the coverage grid has
        sys.stdout.write("\t".join((_("No."), _("Position id"), _("Learning position"), _("Weeks"), _("Planned from"),
                                    _("Planned until"), _("Started there on"), _("Left on"),
                                    _("Rotation period id"))) + "\n")
    for line in lines:
        r = line.row
        if not r.in_plan:  # time recorded at a position a new version of the plan dropped: no planned dates
            sys.stdout.write("\t".join(("-", str(r.position_id), dropped_name(r.name), "", "", "",
                                        _day(r.actual_start), _day(r.actual_end), str(line.period_id or "")))
                             + "\n")
            continue
        sys.stdout.write("\t".join((str(r.sequence), str(r.position_id), r.name, str(r.weeks), _day(r.planned_start),
                                    _day(r.planned_end), _day(r.actual_start), _day(r.actual_end),
                                    str(line.period_id or ""))) + "\n")
    if not lines:
        say(_("The agreement has no rotation plan."))
    return EXIT_OK


# -- coverage ------------------------------------------------------------------------------------------

def _configure_coverage(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", type=record("programmes"), metavar="PROGRAMME_ID")
    p.add_argument("-o", "--output", type=Path, help=_("write the grid to an .xlsx or .csv file"))
    p.add_argument("--json", action="store_true")


def _run_coverage(args: argparse.Namespace) -> int:
    from vetdesk.services.training import coverage, coverage_table, export_coverage

    db = open_db(args)
    if args.output is not None:
        if args.output.suffix.lower() not in (".xlsx", ".csv"):
            raise UsageError(_("{name}: write to a .xlsx or .csv file.").format(name=args.output.name))
        n = export_coverage(db, args.id, args.output)
        say(ngettext("{n} row written to {file}.", "{n} rows written to {file}.", n).format(n=n, file=args.output))
        return EXIT_OK
    cov = coverage(db, args.id)
    if args.json:
        print_json({"programme_id": cov.programme_id, "programme": cov.programme,
                    "plans": [vars(p) for p in cov.plans],
                    "competencies": [{"id": r.competency_id, "code": r.code, "title": r.title,
                                      "taught_at": {str(k): list(v) for k, v in r.taught_at.items()}}
                                     for r in cov.rows]})
        return EXIT_OK
    headers, rows = coverage_table(cov)
    sys.stdout.write("\t".join(headers) + "\n")
    for row in rows:
        sys.stdout.write("\t".join(str(v) for v in row) + "\n")
    return EXIT_OK


# -- settings -----------------------------------------------------------------------------------------

def _configure_settings(p: argparse.ArgumentParser) -> None:
    p.add_argument("values", nargs="*", metavar="KEY=VALUE",
                   help=_("settings to change; without any, the office's settings are shown"))
    p.add_argument("--json", action="store_true")


def _typed(key: str, text: str, default: Any) -> Any:
    if isinstance(default, bool):
        # yes or no, in the words of the interface's language or in English
        words = {w.casefold(): True for w in (_("yes"), "yes", "true", "1")} | {
            w.casefold(): False for w in (_("no"), "no", "false", "0")}
        if text.casefold() not in words:
            raise UsageError(_("{key}: {value} is neither yes nor no.").format(key=key, value=text))
        return words[text.casefold()]
    if isinstance(default, int) and not isinstance(default, bool):
        try:
            return int(text)
        except ValueError:
            raise UsageError(_("{key}: {value} is not a whole number.").format(key=key, value=text)) from None
    return text


def _run_settings(args: argparse.Namespace) -> int:
    from vetdesk.services.settings import DEFAULTS, office_settings

    db = open_db(args)
    if args.values:
        changes: dict[str, Any] = {}
        for item in args.values:
            if "=" not in item:
                raise UsageError(_("{item}: write each setting as KEY=VALUE.").format(item=item))
            key, text = (part.strip() for part in item.split("=", 1))
            if key not in DEFAULTS or key == "chamber_logo" and text.startswith("data:"):
                raise UsageError(_("{key} is not an office setting; use one of: {keys}.").format(
                    key=key, keys=", ".join(DEFAULTS)))
            changes[key] = _typed(key, text, DEFAULTS[key])
        db.save_settings(changes)
    shown = {k: ("…" if k == "chamber_logo" and v else v) for k, v in office_settings(db).items()}
    if args.json:
        print_json(shown)
    else:
        for key, value in shown.items():
            sys.stdout.write(f"{key}: {value}\n")
    return EXIT_OK


# -- clauses -----------------------------------------------------------------------------------------

def _configure_clauses(p: argparse.ArgumentParser) -> None:
    from vetdesk.services.clauses import DOCUMENTS, LANGUAGES

    p.add_argument("action", choices=["show", "save", "reset"],
                   help=_("show (the text printed now, and the languages behind it), save (a file's text as the "
                          "next version), reset (to the shipped text)"))
    p.add_argument("document", choices=list(DOCUMENTS), help=_("which text: {names}").format(
        names=", ".join(DOCUMENTS)))
    p.add_argument("language", choices=list(LANGUAGES), help=_("its language: {codes}").format(
        codes=", ".join(LANGUAGES)))
    p.add_argument("file", nargs="?", type=Path, help=_("save: the file holding the new text (UTF-8)"))


def _run_clauses(args: argparse.Namespace) -> int:
    from vetdesk.services import clauses

    db = open_db(args)
    if args.action == "show":
        text = clauses.current(db, args.document, args.language)
        sys.stdout.write(text.body if text.body.endswith("\n") else text.body + "\n")
        say(_("Printed now: {label}").format(label=text.label))
        found = clauses.behind_when_printing(db, args.document, args.language, printing=False)  # no copy: a text
        say_warnings([found] if found else [])
        return EXIT_OK
    if args.action == "save":
        if args.file is None:
            raise UsageError(_("Give the file holding the new text."))
        try:
            body = args.file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = file_reason(exc) if isinstance(exc, OSError) else _("it is not UTF-8 text")
            raise UsageError(_("{name} cannot be read: {reason}").format(name=args.file, reason=reason)) from None
        try:
            saved = db.save_text(args.document, args.language, body)
        except RuleViolation as exc:  # each message names what it is about: no internal field name before it
            raise RuleViolation([replace(p, field="") for p in exc.problems]) from None
    else:
        saved = db.reset_text(args.document, args.language)
    say(_("Saved as {label}; documents printed from now on use it.").format(label=saved.label))
    say_warnings(saved.warnings)
    return EXIT_OK


def say_warnings(problems: Sequence[Problem]) -> None:
    """``warning: …`` on its line for each (the message names what it is about in the user's words)."""
    for problem in problems:
        say(described(replace(problem, field="")))


# -- attach ------------------------------------------------------------------------------------------

def _configure_attach(p: argparse.ArgumentParser) -> None:
    p.add_argument("kind", type=kind_argument(("agreements", "collaborations")), metavar="KIND",
                   help=_("agreement or collaboration (singular or plural)"))
    p.add_argument("id", type=record(""))
    p.add_argument("file", type=Path, help=_("the scanned signed copy: a PDF or an image"))


def _run_attach(args: argparse.Namespace) -> int:
    try:
        content = args.file.read_bytes()
    except OSError as exc:
        raise UsageError(_("{name} cannot be read: {reason}").format(name=args.file, reason=file_reason(exc))) \
            from None
    db = open_db(args)
    from vetdesk.services.kinds import KINDS

    owner = {str(KINDS[args.kind].attachment_owner): args.id}  # the field that names the file's record
    new_id = db.attach(filename=args.file.name, content=content, **owner)
    sys.stdout.write(f"{new_id}\n")
    return EXIT_OK


# -- amend ------------------------------------------------------------------------------------------------

#: The words ``vetdesk amend`` takes for the amendment's values (FIELD=VALUE), and the value each one is.
AMEND_FIELDS = {"plan": "rotation_plan_id", "rotation_plan_id": "rotation_plan_id", "end": "end_date",
                "end_date": "end_date", "from": "effective_on", "effective_on": "effective_on", "reason": "reason",
                "stipends": "stipend_steps", "stipend_steps": "stipend_steps", "policy": "insurance_policy",
                "insurance_policy": "insurance_policy", "insurance": "insurance_expiry",
                "insurance_expiry": "insurance_expiry", "years": "modality_years", "modality": "modality_years",
                "modality_years": "modality_years", "effective": "effective_on"}


def _configure_amend(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", type=int, metavar="AGREEMENT_ID")
    p.add_argument("values", nargs="*", metavar="FIELD=VALUE",
                   help=_("plan=PLAN_ID (the plan from then on, e.g. a new version), end=YYYY-MM-DD (the new end), "
                          "effective=YYYY-MM-DD (the day it takes effect, not before it is signed; default: the "
                          "day the last party signs it), reason=TEXT; with a longer term: stipends=\"5000.00; "
                          "5500.00\" (the stipend of each training year after the first, as on the agreement), "
                          "insurance=YYYY-MM-DD (the day the accident insurance now expires), policy=NUMBER (its "
                          "renewed policy), years=N (the years in the company, the modality)"))


def _run_amend(args: argparse.Namespace) -> int:
    from vetdesk.commands.base import parse_assignments, report_problems

    given = parse_assignments(args.values)
    values: dict[str, Any] = {}
    for name, value in given.items():
        field = AMEND_FIELDS.get(name.strip().lower())
        if field is None:
            raise UsageError(_("{name} is not a value of an amendment; use plan=, end=, effective=, reason=, "
                               "stipends=, insurance=, policy= and years=.")
                             .format(name=name))
        values[field] = value
    db = open_db(args)
    try:
        outcome = db.amend_agreement(args.id, values, accept_warnings=True)
    except RuleViolation as exc:
        from vetdesk.services.amendments import TERMS

        if any(p.field in TERMS for p in exc.errors):  # said in the window's words: the options that give them
            raise RuleViolation([*exc.problems, error("", _(
                "On the command line the amendment gives them as stipends=\"5000.00; 5500.00\" (the stipend of "
                "each training year after the first), insurance=YYYY-MM-DD (the day the accident insurance now "
                "expires), policy=NUMBER and years=N (the years in the company)."), "amendment.terms_options")]) \
                from None
        raise
    report_problems(outcome.warnings, frozenset())
    sys.stdout.write(f"{outcome.reference}\n")
    from vetdesk.services.amendment_words import effect_words

    say(_("Amendment {reference} is recorded; the agreement does not change until the parties sign it. "
          "{effect} Print it for them to sign (vetdesk print amendment {id} -o FILE.pdf), then record their "
          "signatures (vetdesk sign amendment {id} PARTY=DATE).").format(
              reference=outcome.reference, id=args.id, effect=effect_words(outcome.effective_on)))
    return EXIT_OK


COMMANDS["amend"] = (_("record an amendment to a signed agreement: another rotation plan or end from a day on, "
                       "with its reason"), (_configure_amend, _run_amend))
COMMANDS["plan-version"] = (_("make a new version of a rotation plan (a plan in use is not changed)"),
                            (_configure_plan_version, _run_plan_version))
COMMANDS["rotation"] = (_("show an agreement's rotation: each learning position with its planned and actual "
                          "dates"), (_configure_rotation, _run_rotation))
COMMANDS["coverage"] = (_("show which competencies of a programme each company's rotation plan teaches"),
                        (_configure_coverage, _run_coverage))
COMMANDS["settings"] = (_("show or change the office's settings (rules' strictness, thresholds, letterhead)"),
                        (_configure_settings, _run_settings))
COMMANDS["clauses"] = (_("show, change or reset the office's own text of a document's clauses, per language"),
                       (_configure_clauses, _run_clauses))
COMMANDS["attach"] = (_("store a scanned signed copy with a learning or collaboration agreement"),
                      (_configure_attach, _run_attach))
