"""What every command shares: exit codes, output, the database it opens, and the registry of commands.

Exit codes: 0 done, 1 refused by a rule (nothing written), 2 usage error. Messages go to stderr, data to stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from vetdesk.domain.problems import Problem
from vetdesk.i18n import _
from vetdesk.services.office import Office

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2

#: How a sub-command is set up: (configure its parser, run it).
Command = tuple[Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]]
#: Every sub-command, in the order ``vetdesk --help`` lists them: name -> (help text, command). Each module of
#: this package registers its own; tests walk it to try every command.
COMMANDS: dict[str, tuple[str, Command]] = {}


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


def open_db(args: argparse.Namespace) -> Office:
    """Open the database named on the command line (``services.session.open_database``); it is closed when
    the command ends."""
    from vetdesk.services.session import open_database

    return opened(open_database(args))


#: Databases opened by this command, closed when it ends (a library caller may run many commands).
_OPENED: list[Any] = []


def opened(db: Any) -> Any:
    """Close ``db`` when the command ends; returns it."""
    _OPENED.append(db)
    return db


def close_opened() -> None:
    while _OPENED:
        _OPENED.pop().dispose()


def parse_assignments(items: Sequence[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for item in items:
        if "=" not in item:
            raise UsageError(_("{item}: write each value as FIELD=VALUE.").format(item=item))
        name, value = item.split("=", 1)
        values[name.strip()] = value
    return values
