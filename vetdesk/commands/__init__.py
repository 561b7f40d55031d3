"""The command line: ``vetdesk …`` for batch work, scripting and tests. A stable contract (README).

Exit codes: 0 done, 1 refused by a rule (nothing written), 2 usage error. Messages go to stderr.
Each module of this package registers its commands in :data:`~vetdesk.commands.base.COMMANDS`; this one
reads the command line, runs the command and turns refusals and the environment's faults into messages.
Nothing else in vetdesk imports this package: it sits on top, beside the window (which it starts).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from vetdesk import __version__, i18n
from vetdesk.commands.base import (
    COMMANDS,
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_USAGE,
    Parser,
    UsageError,
    close_opened,
    kind_named,
    reads_only,
    report_problems,
    say,
    typed_fields,
    whole_number,
)
from vetdesk.domain.problems import RuleViolation
from vetdesk.i18n import _

#: The modules that register commands, in the order ``vetdesk --help`` lists them.
COMMAND_MODULES = ("records", "printing", "io", "admin", "progress", "setup", "exams", "logbook")


def cmd_app(args: argparse.Namespace) -> int:
    if getattr(args, "exchange", None):  # instructor mode: the workbook alone, no office database
        from vetdesk.ui.instructor_mode import run_exchange

        # The file's language (the instructor's, chosen at export) unless --lang asks for another.
        return run_exchange(args.exchange, i18n.current().locale if hasattr(args, "lang") else None)
    from vetdesk.ui.launch import run_window

    return run_window(args)  # the window's start (the benchmark's probe starts the window the same way)


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


def _exchange_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--exchange", metavar="FILE.xlsx", default=None,
                        help=_("instructor mode: open the window on this weekly-report exchange file alone (no "
                               "office database), fill it in and save it for the office"))


def _window_start(argv: Sequence[str]) -> argparse.Namespace | None:
    """The arguments of a plain start of the window (no command; only ``--db``, ``--user``, ``--lang``), read
    without loading every command's module and building the whole parser; None for anything else (a command,
    help, the version, a mistake), which the whole parser reads and reports as always."""
    read = _light_read(argv)
    if read is None or read[1]:
        return None
    args = read[0]
    args.func, args.command, args.parser = cmd_app, None, None
    return args


def _light_read(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]] | None:
    """The common options (``--db``, ``--user``, ``--lang``, ``--exchange``) and what follows them, read by a parser
    of those alone; None when help or the version is asked for, or the options are mistyped (the whole parser
    reads such a line and reports as always)."""
    if any(a in ("-h", "--help", "--version") for a in argv):
        return None
    light = argparse.ArgumentParser(prog="vetdesk", add_help=False, allow_abbrev=False, exit_on_error=False)
    _common_options(light)
    _exchange_option(light)
    try:
        return light.parse_known_args(argv)
    except argparse.ArgumentError:
        return None


def _command_named(argv: Sequence[str]) -> str | None:
    """The command a command line runs (``vetdesk --db F print …`` -> print), when it is one vetdesk has and no
    help is asked for; None for anything else (the whole parser reads it and reports as always)."""
    read = _light_read(argv)
    rest = read[1] if read is not None else []
    return rest[0] if rest and rest[0] in COMMANDS else None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or of the command ``only`` alone (what a command line naming it needs: its
    arguments, usage and messages are the same; building the others' costs a one-shot command ≈20 ms)."""
    common = Parser(add_help=False)
    _common_options(common)

    parser = Parser(prog="vetdesk", parents=[common],
                    description=_("Dual-training coordination for chamber offices."))
    parser.add_argument("--version", action="version", version=f"vetdesk {__version__}")
    _exchange_option(parser)
    parser.set_defaults(func=cmd_app, parser=parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    for name, (helptext, (configure, run)) in COMMANDS.items():
        if only is not None and name != only:
            continue
        p = sub.add_parser(name, parents=[common], help=helptext)
        configure(p)
        _common_below(p)
        _bound_whole_numbers(p)
        p.set_defaults(func=run)
    return parser


def _common_below(parser: argparse.ArgumentParser) -> None:
    """A command's actions (``vetdesk exam day …``) take ``--db`` and ``--user`` after them too, as the command
    itself does (``--lang`` stays the command's: an action may have a document language of its own)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                taken = {o for a in sub._actions for o in a.option_strings}
                if "--db" not in taken:
                    sub.add_argument("--db", default=argparse.SUPPRESS, help=_(
                        "database: a file path or a SQLAlchemy URL (default: VETDESK_DB or the user's data folder)"))
                if "--user" not in taken:
                    sub.add_argument("--user", default=argparse.SUPPRESS, help=_(
                        "sign in as this user (password from VETDESK_PASSWORD or asked for)"))
                _common_below(sub)


def _bound_whole_numbers(parser: argparse.ArgumentParser) -> None:
    """Every option read as a plain ``int`` (an id, a limit, a seed) takes only what a database column holds:
    a number of a hundred digits is refused with a message instead of overflowing deep inside a query. A
    command that knows a narrower range names it itself (``whole_number``)."""
    from vetdesk.domain.bounds import MAX_ID

    for action in parser._actions:
        if action.type is int:
            action.type = whole_number(0, MAX_ID)
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                _bound_whole_numbers(child)


def load_commands() -> dict[str, tuple[str, tuple]]:  # type: ignore[type-arg]
    """Every command, its modules imported: the registry the parser is built from."""
    for module in COMMAND_MODULES:
        importlib.import_module(f"vetdesk.commands.{module}")
    return COMMANDS


def main(argv: Sequence[str] | None = None) -> int:
    argv_given = argv
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
        if argv_given is None:
            _collect_seldom()
        load_commands()
        args = build_parser(_command_named(argv)).parse_args(argv)
    if args.func is not cmd_app:  # the window configures the log once its first screen is being counted
        from vetdesk import logs

        logs.configure()
    log = logging.getLogger("vetdesk.commands")
    command = getattr(args, "command", None) or "app"
    try:
        code = int(args.func(args))
        sys.stdout.flush()  # here, where a closed pipe is caught, not in Python's flush at exit
        return code
    except BrokenPipeError:
        # The reader went away (``vetdesk list … | head``): what it wanted was written; say nothing more.
        _silence_stdout()
        return EXIT_OK
    except UsageError as exc:
        (args.parser or build_parser()).print_usage(sys.stderr)
        say(str(exc))
        return EXIT_USAGE
    except RuleViolation as exc:
        # Fields and rule codes only: a message may quote a name or an address (vetdesk.logs also masks IDs).
        log.info("%s refused: %s", command, "; ".join(f"{p.field}: {p.code}" for p in exc.problems))
        if exc.said:  # worded as a whole by the core, as the window says it
            say(exc.said)
        else:
            report_problems(exc.problems, typed_fields(args), kind_named(args))
        if not reads_only(args):
            say(_("Nothing was written."))
        return EXIT_REFUSED
    except Exception as exc:  # noqa: BLE001 - the environment's faults get a plain message
        from vetdesk.services.faults import explain

        message = explain(exc)
        if message is None:
            log.exception("%s failed (a bug)", command)
            raise
        # What stopped it, never an empty ending (an interruption or an end of input says no words of its own).
        log.warning("%s stopped by the environment: %s", command,
                    f"{type(exc).__name__}: {exc}" if str(exc).strip() else type(exc).__name__)
        say(message)
        return EXIT_REFUSED
    finally:
        close_opened()
        if argv_given is None and command != "app":
            _leave_objects_to_the_exit()


#: The allocations between two collections of the youngest generation for a one-shot command (Python's own:
#: 700). SQLAlchemy's mappers and reportlab's layout make hundreds of thousands of long-lived objects; with
#: the default every start walked them again and again.
SELDOM = 50_000


def _collect_seldom() -> None:
    """A one-shot command (vetdesk is the program, not the window): what it builds lives until it ends, so the
    collector runs seldom instead of every 700 allocations. Cycles are still collected, memory stays bounded."""
    import gc

    gc.set_threshold(SELDOM, 20, 20)


def _leave_objects_to_the_exit() -> None:
    """The process ends once this command has: the interpreter's last collection at exit would walk every
    object the command made (SQLAlchemy's mappers, reportlab's fonts and layout: ≈0.3-0.4 s of CPU of a
    ≈2.4 s ``vetdesk print agreement`` on the benchmark's loaded machine) to free memory the operating system
    takes back anyway. Frozen objects are left out of that collection; exit handlers still run. Only when
    vetdesk is the program (no argv given): a caller running many commands in one process keeps collecting."""
    import gc

    gc.freeze()


def _silence_stdout() -> None:
    """Point standard output at nothing, so that Python's own flush at exit meets no closed pipe either."""
    import os

    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (a test's capture)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
