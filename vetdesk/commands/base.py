"""What every command shares: exit codes, output, the database it opens, and the registry of commands.

Exit codes: 0 done, 1 refused by a rule (nothing written), 2 usage error. Messages go to stderr, data to stdout.
"""

from __future__ import annotations

import argparse
import json
import math
import re
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
        return _finite(float(value)) if value.is_finite() else None
    raise TypeError(type(value))


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


def _plain(data: Any) -> Any:
    """``data`` with every number JSON can write: a value stored before the ranges held (infinity, not a
    number) is written as null, never as the ``Infinity`` or ``NaN`` that JSON readers refuse."""
    if isinstance(data, float):
        return _finite(data)
    if isinstance(data, dict):
        return {k: _plain(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [_plain(v) for v in data]
    return data


def print_json(data: Any) -> None:
    text = json.dumps(_plain(data), default=_json_default, ensure_ascii=False, indent=2, allow_nan=False)
    sys.stdout.write(text + "\n")


def whole_number(minimum: int, maximum: int) -> Callable[[str], int]:
    """An argparse type: a whole number from ``minimum`` to ``maximum``, refused with the range otherwise."""
    from vetdesk.domain.bounds import whole_number_in

    def parse(text: str) -> int:
        value = whole_number_in(text, minimum, maximum)
        if value is None:
            raise argparse.ArgumentTypeError(_("{value} is not a whole number from {minimum} to {maximum}.")
                                             .format(value=text[:30], minimum=minimum, maximum=maximum))
        return value

    parse.__name__ = "whole number"  # argparse names the type in its message
    return parse


def say(message: str) -> None:
    sys.stderr.write(message + "\n")


def report_problems(problems: Sequence[Problem]) -> None:
    """Each problem on its line: ``error: FIELD: message`` when it is about a field the user names on the
    command line (FIELD=VALUE); the message alone when it is about a file or a row of one, whose message says
    which (no "error: row 6: Row 6 …")."""
    for p in problems:
        say(p.describe() if _typed_field(p.field) else p.message)


def _typed_field(name: str) -> bool:
    return bool(re.fullmatch(r"[a-z][a-z0-9_]*", name or "")) and name != "file"


#: Commands (and a command's actions) that only read: a refusal of theirs leaves nothing unsaved, so it is not
#: followed by "Nothing was written".
READ_ONLY = frozenset({"list", "show", "history", "verify", "check", "coverage", "logbook show", "remind list"})


def reads_only(args: argparse.Namespace) -> bool:
    command = getattr(args, "command", None) or ""
    return command in READ_ONLY or f"{command} {getattr(args, 'action', '')}" in READ_ONLY


def open_db(args: argparse.Namespace) -> Office:
    """Open the database named on the command line (``services.session.open_database``); it is closed when
    the command ends."""
    from vetdesk.services.session import open_database

    return opened(open_database(getattr(args, "db", None), getattr(args, "user", None)))


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
