"""argparse's own words in the user's language: "the following arguments are required", "usage:", "positional
arguments"… Python's argparse looks its messages up with gettext in a domain of its own, which no Mexican
office's PC has in Spanish; vetdesk's catalogues hold them (marked below for extraction) and :func:`install`
has argparse look them up there, so a missing argument is said in the language of the rest of the output."""

from __future__ import annotations

import argparse

from vetdesk import i18n
from vetdesk.i18n import N_

#: argparse's messages a person meets (Python 3.11 to 3.13), in argparse's own %-format.
MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("can't open '%(filename)s': %(error)s"),
)


def _plural_messages(n: int) -> str:
    """argparse's messages with a number (never called: marks them for extraction)."""
    return i18n.ngettext("expected %s argument", "expected %s arguments", n)


def install() -> None:
    """Have argparse look its messages up in vetdesk's catalogue of the current language (untranslated ones
    stay as argparse says them)."""
    setattr(argparse, "_", i18n.gettext)  # noqa: B010 - argparse's module-level name, read at each call
    setattr(argparse, "ngettext", i18n.ngettext)  # noqa: B010
