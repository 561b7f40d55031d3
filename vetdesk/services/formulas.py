"""Cells a spreadsheet program would run as formulas (OWASP: CSV injection), and how an export keeps them text.

A CSV cell starting with ``= + - @``, a tab or a carriage return is written with a leading apostrophe; the
import takes it off again. The rule is its own inverse: a text that already starts with an apostrophe before
such a character gets one more, so :func:`restore_neutralised` always gives back what :func:`neutralise` got.
"""

from __future__ import annotations

#: What makes a spreadsheet program read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value: str) -> bool:
    """A spreadsheet program would evaluate ``value`` (or it is such a text neutralised already)."""
    if value.startswith(FORMULA_STARTS):
        return True
    return value.startswith("'") and looks_like_formula(value[1:])


def neutralise(value: str) -> str:
    """Text for a CSV cell: a leading apostrophe before anything a spreadsheet would evaluate."""
    return "'" + value if looks_like_formula(value) else value


def restore_neutralised(value: str) -> str:
    """The text :func:`neutralise` was given."""
    return value[1:] if value.startswith("'") and looks_like_formula(value[1:]) else value
