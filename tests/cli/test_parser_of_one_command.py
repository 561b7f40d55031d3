"""A command line naming a command is read by a parser of that command alone: the same values, the same
messages; anything else (help, a mistake in the command's name) by the whole parser."""

from __future__ import annotations

import argparse

import pytest

from vetdesk.commands import _command_named, build_parser, load_commands

LINES = [
    ["print", "agreement", "4", "-o", "a.pdf"],
    ["--db", "office.sqlite3", "--lang", "de", "print", "agreement", "4", "-o", "a.pdf", "--template", "bbig"],
    ["--db=office.sqlite3", "print", "progress", "7", "-o", "p.pdf", "--from", "2026-01-01", "--lang", "en"],
    ["print", "batch", "agreements", "-o", "folder", "--processes", "1", "--db", "x.sqlite3"],
    ["list", "apprentices", "--limit", "5"],
    ["--user", "ana", "exam", "day", "3", "-o", "day.pdf", "--db", "x.sqlite3"],
]


def _read(parser: argparse.ArgumentParser, argv: list[str]) -> dict[str, object]:
    values = vars(parser.parse_args(argv))
    values.pop("parser")
    return values


@pytest.mark.parametrize("argv", LINES)
def test_the_command_alone_reads_what_the_whole_parser_reads(argv: list[str]) -> None:
    load_commands()
    named = _command_named(argv)
    assert named == next(a for a in argv if a in ("print", "list", "exam"))
    whole, alone = _read(build_parser(), argv), _read(build_parser(named), argv)
    assert whole == alone


def test_help_and_unknown_commands_take_the_whole_parser(capsys: pytest.CaptureFixture[str]) -> None:
    load_commands()
    assert _command_named(["print", "--help"]) is None
    assert _command_named(["prnt", "agreement"]) is None
    assert _command_named(["--db", "print"]) is None  # "print" is the database here; no command named
    with pytest.raises(SystemExit):
        build_parser(_command_named(["print", "agreemen", "4"])).parse_args(["print", "agreemen", "4"])
    assert "agreemen is not a choice here; write agreement, agreements, progress" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        build_parser(_command_named(["print", "agreement", "4"])).parse_args(["print", "agreement", "4"])
    assert "the following arguments are required: -o/--output" in capsys.readouterr().err
