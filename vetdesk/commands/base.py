"""What every command shares: exit codes, output, the database it opens, and the registry of commands.

Exit codes: 0 done, 1 refused by a rule (nothing written), 2 usage error. Messages go to stderr, data to stdout.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from vetdesk.domain.problems import Problem
from vetdesk.i18n import _
from vetdesk.services.office import Office

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2
#: A batch done in part: what the rules allow was done, the rest refused (each named with its reasons).
EXIT_PARTIAL = 3

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


def _kind_key(text: str) -> str:
    import re

    from vetdesk.domain.normalize import fold

    return re.sub(r"[\s_-]+", "_", fold(text)).strip("_")


def _singular(name: str) -> str:
    """An English kind name in the singular: competencies -> competency, rotation_plans -> rotation_plan."""
    if name.endswith("ies"):
        return name[:-3] + "y"
    return name[:-1] if name.endswith("s") else name


def short_words(t: Any) -> dict[str, tuple[str, ...]]:
    """The short words people use for a kind or a document besides its label ("convenio" for a learning
    agreement, "colaboración" for a collaboration agreement, "constancia" for the completion certificate), in
    the language of the translator ``t``: one definition, for every command that takes a kind or a document."""
    return {
        "agreements": (t.pgettext("short name on the command line", "agreement"),
                       t.pgettext("short name on the command line", "agreements")),
        "collaborations": (t.pgettext("short name on the command line", "collaboration"),
                           t.pgettext("short name on the command line", "collaborations")),
        "progress": (t.pgettext("short name on the command line", "progress report"),),
        "form": (t.pgettext("short name on the command line", "assessment form"),),
        "certificate": (t.pgettext("short name on the command line", "completion certificate"),
                        t.pgettext("short name on the command line", "certificate")),
    }


def kind_of(word: str, kinds: Sequence[str], *, same: Mapping[str, str] | None = None) -> str | None:
    """The kind among ``kinds`` a word on the command line names: its name in the plural or the singular
    ("collaborations", "collaboration"), with spaces, hyphens or underscores ("rotation-plans"), its label
    or its short word (:func:`short_words`) in any of vetdesk's languages ("convenios de colaboración",
    "planteles", "convenio", "colaboración"). ``same``: a name of ``kinds`` -> the kind whose words name it too
    (the document "agreement" is named as the kind "agreements")."""
    from vetdesk import i18n
    from vetdesk.services.kinds import KINDS

    wanted = _kind_key(word)
    translators = [i18n.translator(language) for language in i18n.LANGUAGES]
    for name in kinds:
        kind = (same or {}).get(name, name)
        forms = {name, _singular(name), kind, _singular(kind)}
        k = KINDS.get(kind)
        for t in translators:
            if k is not None:
                forms |= {t.gettext(k.singular), t.gettext(k.plural)}
            forms |= set(short_words(t).get(kind, ()))
        if wanted in {_kind_key(f) for f in forms}:
            return name
    return None


def kind_argument(kinds: Sequence[str]) -> Callable[[str], str]:
    """An argparse type: one of ``kinds``, named in the singular or the plural (:func:`kind_of`)."""
    def parse(text: str) -> str:
        found = kind_of(text, kinds)
        if found is None:
            raise argparse.ArgumentTypeError(invalid_choice(text, kinds))
        return found

    parse.__name__ = "kind"
    return parse


def invalid_choice(value: str, choices: Sequence[str]) -> str:
    """The message for a word that is none of a command's choices, listing them as the language lists
    alternatives."""
    from vetdesk.i18n import format_list

    return _("{value} is not a choice here; write {choices}.").format(
        value=str(value)[:30], choices=format_list([str(c) for c in choices], "or"))


def _argparse_in_the_user_s_language() -> None:
    from vetdesk.commands.argparse_words import install

    install()


_argparse_in_the_user_s_language()


class Parser(argparse.ArgumentParser):
    """argparse's parser with its refusals in the user's language: a word that is none of the choices is
    named with the choices listed (argparse says it in English only)."""

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        choices = action.choices
        if choices is not None and value not in choices:
            raise argparse.ArgumentError(action, invalid_choice(value, list(choices)))

    def error(self, message: str) -> Any:
        import re

        message = re.sub(r"^argument ([^:]+): ", r"\1: ", message)  # argparse's English word left out
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, _("{prog}: error: {message}").format(prog=self.prog, message=message) + "\n")


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
    from vetdesk.i18n import end_sentence

    sys.stderr.write(end_sentence(message) + "\n")


def report_problems(problems: Sequence[Problem], typed: Collection[str] | None = None,
                    kind: str | None = None) -> None:
    """Each problem on its line: ``error: Label: message`` when it is about a field the user names on the
    command line (FIELD=VALUE): the field's label in the user's language (never the key); the
    message alone when it is about a file or a row of one, whose message says which (no "error: row 6: Row 6
    …"). ``typed``: the fields the user typed, when the command knows them (the message alone for any other: it
    names its field in the user's words, not "error: until:"). ``kind``: the kind of record the command writes,
    whose fields' labels are looked up first."""
    for p in problems:
        named = _typed_field(p.field) and (typed is None or p.field in typed)
        as_typed = typed is not None and p.field in typed  # "colour=red": the user's own word for it
        say(described(p, kind, as_typed=as_typed) if named else p.message)


def described(problem: Problem, kind: str | None = None, *, as_typed: bool = False) -> str:
    """``error: Plan de rotación: …``: the severity and the field in the user's words (never its internal key,
    such as ``rotation_plan_id``); the label is not said twice when the message begins with it. A field no kind
    has (a party of ``vetdesk sign``, already in the user's words) is named as it is; an internal name that no
    kind labels (``instructor_id`` of ``vetdesk sign``) is left out, the message naming its field, unless the user
    typed it (``as_typed``: ``colour=red``)."""
    message = problem.message
    severity = _("error") if problem.is_error else _("warning")
    label = field_label(problem.field, kind) if problem.field else None
    if label is None and problem.field and (as_typed or not _typed_field(problem.field)):
        label = problem.field  # already in the user's words: a signing party, or a FIELD the user typed
    if not label:  # about the record as a whole, or a key no kind labels: the message alone says it
        return _("{severity}: {message}").format(severity=severity, message=message)
    if message.startswith(label + ":"):
        message = message[len(label) + 1:].lstrip()
    elif message.startswith(label + " "):  # "Daily hours must be…": the field named once
        return _("{severity}: {message}").format(severity=severity, message=message)
    return _("{severity}: {field}: {message}").format(severity=severity, field=label, message=message)


def field_label(name: str, kind: str | None = None) -> str | None:
    """The label of the field ``name`` in the user's language: of ``kind``'s field, else of the first kind that
    has a field of that name; None when none has."""
    from vetdesk.services.kinds import KINDS

    if kind in KINDS:
        f = KINDS[kind].field(name)
        if f is not None:
            return f.title()
    labels = {f.label for k in KINDS.values() if (f := k.field(name)) is not None}
    return _(labels.pop()) if len(labels) == 1 else None  # a name two kinds label differently: as it is


#: Commands whose refusals are said in their messages' own words alone: they take no FIELD=VALUE (a field of
#: theirs is an internal name, e.g. "until" for --until), and, for ``add`` and ``set`` of these kinds, only the
#: fields typed are named before the message.
_OWN_WORDS = frozenset({"logbook", "remind", "amend"})
_OWN_WORDS_KINDS = ("logbook", "attendance")


def typed_fields(args: argparse.Namespace) -> Collection[str] | None:
    """The fields a refusal of this command may name by the user's FIELD (``report_problems``), or None for
    any."""
    command = getattr(args, "command", None) or ""
    if command in _OWN_WORDS:
        return frozenset()
    if command == "sign":  # the parties as the user typed them ("guardian2=…", "escuela=…")
        return frozenset(str(v).split("=", 1)[0].strip() for v in getattr(args, "values", None) or [] if "=" in v)
    if command in ("add", "set") and kind_of(str(getattr(args, "kind", "")), _OWN_WORDS_KINDS) is not None:
        return frozenset(str(v).split("=", 1)[0].strip() for v in getattr(args, "values", None) or [] if "=" in v)
    return None


def _typed_field(name: str) -> bool:
    return bool(re.fullmatch(r"[a-z][a-z0-9_]*", name or "")) and name != "file"


#: Commands (and a command's actions) that only read: a refusal of theirs leaves nothing unsaved, so it is not
#: followed by "Nothing was written".
READ_ONLY = frozenset({"list", "show", "history", "verify", "check", "coverage", "logbook show", "remind list",
                       "logbook attachments", "logbook extract"})


def reads_only(args: argparse.Namespace) -> bool:
    command = getattr(args, "command", None) or ""
    return command in READ_ONLY or f"{command} {getattr(args, 'action', '')}" in READ_ONLY


def open_db(args: argparse.Namespace) -> Office:
    """Open the database named on the command line (``services.session.open_database``); it is closed when
    the command ends. Every record the command line names by its code or number (:func:`record`) is read to
    its id here, among the records the signed-in user may see."""
    from vetdesk.services.session import open_database

    db = opened(open_database(getattr(args, "db", None), getattr(args, "user", None)))
    resolve_records(db, args)
    return db


class Named(str):
    """A record named on the command line by its code or number (``CA-2026-000001``, ``MECA``, a CURP), read to
    its id once the database is open (:func:`resolve_records`)."""

    kind: str


def record(kind: str) -> Callable[[str], int | Named]:
    """An argparse type: a record of ``kind`` by its number (id) or by its code or number where the kind has one
    (an agreement's reference, a programme's code, a company's RFC, a school's CCT, an apprentice's CURP, a
    competency's ``PROGRAMME/CODE``), as ``vetdesk show`` takes it (``services.lookups.record_id_of``)."""
    from vetdesk.domain.bounds import MAX_ID, whole_number_in

    def parse(text: str) -> int | Named:
        if text.strip().isdigit():  # a number: a record's, or none (no code is digits alone)
            number = whole_number_in(text.strip(), 1, MAX_ID)
            if number is None:
                if not kind:  # set, delete, history KIND ID: the kind is the word before (not a literal "KIND")
                    raise argparse.ArgumentTypeError(_(
                        "{value} is not the number of a record: give the number that vetdesk list shows for its "
                        "kind.").format(value=text[:30]))
                raise argparse.ArgumentTypeError(_(
                    "{value} is not the number of a record: give the number that vetdesk list {kind} shows.")
                    .format(value=text[:30], kind=kind))
            return number
        named = Named(text)
        named.kind = kind
        return named

    parse.__name__ = "record"
    return parse


def resolve_records(db: Office, args: argparse.Namespace) -> None:
    """Each record ``args`` names by its code (:func:`record`) replaced by its id."""
    from vetdesk.services.kinds import KINDS
    from vetdesk.services.lookups import record_id_of

    def within(value: object) -> str | None:
        kind = getattr(value, "kind", None)
        return KINDS[kind].named_within if kind in KINDS else None

    def read(value: Named) -> int:
        kind = value.kind or kind_named(args)
        if kind is None:
            raise UsageError(_("{value} is not a number: give the record's number (id).").format(value=value[:40]))
        field = KINDS[kind].named_within
        return record_id_of(db, kind, value, **({field: _within(db, args, field)} if field else {}))

    # A record named within another (a learning position, assess --position Almacén: by its name within the
    # agreement's company) last.
    for name, value in sorted(vars(args).items(), key=lambda item: within(item[1]) is not None):
        if isinstance(value, Named):
            setattr(args, name, read(value))
        elif isinstance(value, list) and any(isinstance(v, Named) for v in value):
            setattr(args, name, [read(v) if isinstance(v, Named) else v for v in value])


def _within(db: Office, args: argparse.Namespace, field: str) -> int | None:
    """The record another's name is looked up within (``RecordKind.named_within``: a learning position's
    company): given as an option (--company), else the agreement's."""
    given = getattr(args, field.removesuffix("_id"), None)
    if isinstance(given, int):
        return given
    agreement = getattr(args, "agreement_id", None)
    if isinstance(agreement, int):
        from vetdesk.services.records import get

        value = get(db, "agreements", agreement).get(field)
        return value if isinstance(value, int) else None
    return None


#: The kind of record a command without a KIND argument writes or reads, whose fields its refusals name.
_COMMAND_KINDS = {"catalogue": "competencies", "sign": "agreements", "rotation": "agreements",
                  "assess": "assessments", "coverage": "programmes", "plan-version": "rotation_plans"}


def kind_named(args: argparse.Namespace) -> str | None:
    """The kind of record the command's KIND argument names (``set``, ``delete``, ``history``, ``attach``), or
    the one the command is about (``catalogue``: competencies)."""
    from vetdesk.services.kinds import KINDS

    word = getattr(args, "kind", None)
    if word:
        return kind_of(str(word), list(KINDS))
    return _COMMAND_KINDS.get(str(getattr(args, "command", "") or ""))


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
