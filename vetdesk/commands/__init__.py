"""The command line: ``vetdesk …`` for batch work, scripting and tests. A stable contract (README).

Exit codes: 0 done, 1 refused by a rule (nothing written), 2 usage error. Messages go to stderr.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from vetdesk import __version__, i18n
from vetdesk.domain.problems import Problem, RuleViolation
from vetdesk.i18n import _

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2

#: Sub-commands added by other modules: name -> (configure parser, run). Keeps this file small.
Command = tuple[Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]]
EXTRA_COMMANDS: dict[str, tuple[str, Command]] = {}


class UsageError(Exception):
    """The command line itself is wrong (exit code 2)."""


def _json_default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(type(value))


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, default=_json_default, ensure_ascii=False, indent=2) + "\n")


def say(message: str) -> None:
    sys.stderr.write(message + "\n")


def report_problems(problems: Sequence[Problem]) -> None:
    for p in problems:
        say(p.describe())


def open_db(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """Open the database named on the command line (``services.session.open_database``); it is closed when
    the command ends."""
    from vetdesk.services.session import open_database

    db = open_database(args)
    _OPENED.append(db)
    return db


#: Databases opened by this command, closed when it ends (a library caller may run many commands).
_OPENED: list[Any] = []


def parse_assignments(items: Sequence[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for item in items:
        if "=" not in item:
            raise UsageError(_("{item}: write each value as FIELD=VALUE.").format(item=item))
        name, value = item.split("=", 1)
        values[name.strip()] = value
    return values


# -- commands ---------------------------------------------------------------------------------------

def cmd_demo(args: argparse.Namespace) -> int:
    from vetdesk.services.demo import fill_demo

    db = open_db(args)
    summary = fill_demo(db, apprentices=args.apprentices, seed=args.seed)
    say(_("Demonstration data written to {location}: {summary}").format(
        location=db.display_location, summary=", ".join(f"{k} {v}" for k, v in summary.items())))
    return EXIT_OK


def cmd_db(args: argparse.Namespace) -> int:
    from vetdesk.storage.engine import connect
    from vetdesk.storage.migrate import current_revision, upgrade

    db = connect(getattr(args, "db", None))
    _OPENED.append(db)
    changed = upgrade(db)
    say((_("Database {location} upgraded to schema {revision}.") if changed else
         _("Database {location} is up to date (schema {revision}).")).format(
        location=db.display_location, revision=current_revision(db)))
    return EXIT_OK


def _kind(name: str) -> str:
    from vetdesk.services.records import PUBLIC_KINDS

    if name not in PUBLIC_KINDS:
        raise UsageError(_("{kind} is not a kind of record; use one of: {kinds}.").format(
            kind=name, kinds=", ".join(PUBLIC_KINDS)))
    return name


def _line(kind: str, record: dict[str, Any]) -> str:
    from vetdesk.services.display import record_line

    return record_line(kind, record)


def cmd_list(args: argparse.Namespace) -> int:
    from vetdesk.services.records import ListQuery, list_records

    kind = _kind(args.kind)
    status = args.status
    if status is not None:
        from vetdesk.domain.lifecycle import parse_status

        parsed = parse_status(status)
        if kind != "agreements":
            raise UsageError(_("--status filters agreements only; {kind} have no status.").format(kind=kind))
        if isinstance(parsed, Problem):
            raise UsageError(parsed.message)
        status = parsed.value
    db = open_db(args)
    query = ListQuery(search=args.search, status=status, company_id=args.company,
                      programme_id=args.programme, school_id=args.school)
    rows = list_records(db, kind, query, limit=args.limit)
    if args.json:
        print_json(rows)
    else:
        for row in rows:
            sys.stdout.write(_line(kind, row) + "\n")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from vetdesk.services.records import get

    kind = _kind(args.kind)
    db = open_db(args)
    record = get(db, kind, args.id)
    if args.json:
        print_json(record)
    else:
        for key, value in record.items():
            if isinstance(value, list):
                sys.stdout.write(f"{key}:\n")
                for item in value:
                    sys.stdout.write(f"  {item}\n")
            else:
                sys.stdout.write(f"{key}: {'' if value is None else value}\n")
    return EXIT_OK


def _write(args: argparse.Namespace, record_id: int | None) -> int:
    from vetdesk.services import records

    kind = _kind(args.kind)
    values = parse_assignments(args.values)
    if not values:
        raise UsageError(_("Give at least one FIELD=VALUE."))
    db = open_db(args)
    if record_id is None:
        outcome = records.create(db, kind, values, accept_warnings=True)
    else:
        outcome = records.update(db, kind, record_id, values, accept_warnings=True)
    report_problems(outcome.warnings)
    if args.json:
        print_json(outcome.record)
    else:
        sys.stdout.write(f"{outcome.id}\n")
    return EXIT_OK


def cmd_add(args: argparse.Namespace) -> int:
    return _write(args, None)


def cmd_set(args: argparse.Namespace) -> int:
    return _write(args, args.id)


def cmd_check(args: argparse.Namespace) -> int:
    from vetdesk.services.checks import check_database

    db = open_db(args)
    findings = check_database(db)
    if args.json:
        print_json([f.as_dict() for f in findings])
    else:
        for f in findings:
            sys.stdout.write(f.line() + "\n")
    n_errors = sum(1 for f in findings if f.problem.is_error)
    say(i18n.ngettext("{n} error", "{n} errors", n_errors).format(n=n_errors) + ", "
        + i18n.ngettext("{n} warning", "{n} warnings", len(findings) - n_errors).format(n=len(findings) - n_errors))
    return EXIT_REFUSED if n_errors else EXIT_OK


def cmd_app(args: argparse.Namespace) -> int:
    try:
        from vetdesk.ui.start import begin
    except ImportError:  # the desktop window is not part of this build
        _load_extra_commands()
        (args.parser or build_parser()).print_help()
        return EXIT_OK
    # The language, the database and its first screen's count, before the window's modules load.
    begun = begin(args)
    from vetdesk.ui.app import run_app

    return run_app(args, begun)


# -- the parser -------------------------------------------------------------------------------------

def _common_options(common: argparse.ArgumentParser) -> None:
    """The options every command takes, the window's start included."""
    common.add_argument("--db", default=argparse.SUPPRESS,
                        help=_("database: a file path or a SQLAlchemy URL (default: VETDESK_DB or the user's "
                               "data folder)"))
    common.add_argument("--user", default=argparse.SUPPRESS,
                        help=_("sign in as this user (password from VETDESK_PASSWORD or asked for)"))
    common.add_argument("--lang", choices=sorted(i18n.LANGUAGES), default=argparse.SUPPRESS,
                        help=_("language of messages: es, en, de or pt"))


def _window_start(argv: Sequence[str]) -> argparse.Namespace | None:
    """The arguments of a plain start of the window (no command; only ``--db``, ``--user``, ``--lang``), read
    without loading every command's module and building the whole parser; None for anything else (a command,
    help, the version, a mistake), which the whole parser reads and reports as always."""
    if any(a in ("-h", "--help", "--version") for a in argv):
        return None
    light = argparse.ArgumentParser(prog="vetdesk", add_help=False, allow_abbrev=False, exit_on_error=False)
    _common_options(light)
    try:
        args, rest = light.parse_known_args(argv)
    except argparse.ArgumentError:
        return None
    if rest:
        return None
    args.func, args.command, args.parser = cmd_app, None, None
    return args


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    _common_options(common)

    parser = argparse.ArgumentParser(prog="vetdesk", parents=[common],
                                     description=_("Dual-training coordination for chamber offices."))
    parser.add_argument("--version", action="version", version=f"vetdesk {__version__}")
    parser.set_defaults(func=cmd_app, parser=parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("demo", parents=[common], help=_("fill the database with demonstration data"))
    p.add_argument("--apprentices", type=int, default=300)
    p.add_argument("--seed", type=int, default=1)
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("db", parents=[common], help=_("database maintenance"))
    p.add_argument("action", choices=["upgrade"])
    p.set_defaults(func=cmd_db)

    p = sub.add_parser("list", parents=[common], help=_("list records"))
    p.add_argument("kind")
    p.add_argument("--search")
    p.add_argument("--status")
    p.add_argument("--company", type=int)
    p.add_argument("--programme", type=int)
    p.add_argument("--school", type=int)
    p.add_argument("--limit", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("show", parents=[common], help=_("show one record"))
    p.add_argument("kind")
    p.add_argument("id", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)

    for name, func, helptext in (("add", cmd_add, _("create a record")), ("set", cmd_set, _("change a record"))):
        p = sub.add_parser(name, parents=[common], help=helptext)
        p.add_argument("kind")
        if name == "set":
            p.add_argument("id", type=int)
        p.add_argument("values", nargs="*", metavar="FIELD=VALUE")
        p.add_argument("--json", action="store_true")
        p.set_defaults(func=func)

    p = sub.add_parser("check", parents=[common], help=_("list every error and warning in the database"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_check)

    for name, (helptext, (configure, run)) in EXTRA_COMMANDS.items():
        p = sub.add_parser(name, parents=[common], help=helptext)
        configure(p)
        p.set_defaults(func=run)
    return parser


def _load_extra_commands() -> None:
    """Sub-commands that live beside their feature (printing, import, users…)."""
    import importlib

    for module in ("vetdesk.reports.cli", "vetdesk.services.io_cli", "vetdesk.services.admin_cli",
                   "vetdesk.services.progress_cli"):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # The language must be known before the parser's help texts are translated.
    lang = None
    for i, item in enumerate(argv):
        if item == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif item.startswith("--lang="):
            lang = item.split("=", 1)[1]
    try:
        i18n.set_language(lang)
    except ValueError:
        i18n.set_language(None)
    args = _window_start(argv)
    if args is None:
        _load_extra_commands()
        args = build_parser().parse_args(argv)
    if args.func is not cmd_app:  # the window configures the log once its first screen is being counted
        from vetdesk import logs

        logs.configure()
    log = logging.getLogger("vetdesk.cli")
    command = getattr(args, "command", None) or "app"
    try:
        return int(args.func(args))
    except UsageError as exc:
        (args.parser or build_parser()).print_usage(sys.stderr)
        say(str(exc))
        return EXIT_USAGE
    except RuleViolation as exc:
        # Fields and rule codes only: a message may quote a name or an address (vetdesk.logs also masks IDs).
        log.info("%s refused: %s", command, "; ".join(f"{p.field}: {p.code}" for p in exc.problems))
        report_problems(exc.problems)
        say(_("Nothing was written."))
        return EXIT_REFUSED
    except Exception as exc:  # noqa: BLE001 - the environment's faults get a plain message
        from vetdesk.services.faults import explain

        message = explain(exc)
        if message is None:
            log.exception("%s failed (a bug)", command)
            raise
        log.warning("%s stopped by the environment: %s", command, exc)
        say(message)
        return EXIT_REFUSED
    finally:
        while _OPENED:
            _OPENED.pop().dispose()


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
