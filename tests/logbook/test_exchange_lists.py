"""The exchange workbook's hidden ``lists`` sheet (the choices behind its drop-downs) was outside the file's
signature and never read, so a choice list edited in a spreadsheet program went unnoticed (issue 25, doc23m). The
export keeps the lists it wrote; the import compares the file's sheet with them and refuses a changed one, saying
so, writing nothing. An untouched file is taken."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from tests.logbook.conftest import OFFICER, World
from tests.logbook.test_exchange_learning import _export, _refused
from vetdesk.services import exchange


def _edited(path: Path, out: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    """Open the workbook with openpyxl as a spreadsheet program would, edit it, save it as ``out``."""
    wb = openpyxl.load_workbook(path)
    edit(wb)
    wb.save(out)
    return out


def test_a_changed_choice_list_is_refused_and_said(world: World, tmp_path: Path) -> None:
    w = world
    path = _export(w, tmp_path)
    wb = openpyxl.load_workbook(path)
    lists = wb[exchange.LISTS_SHEET]
    assert lists.sheet_state == "hidden" and lists.cell(1, 1).value  # the choices are there, hidden
    first = lists.cell(1, 1).value

    def choice_changed(book) -> None:  # type: ignore[no-untyped-def]
        book[exchange.LISTS_SHEET].cell(1, 1).value = first + " (edited)"

    def choice_added(book) -> None:  # type: ignore[no-untyped-def]
        ws = book[exchange.LISTS_SHEET]
        ws.cell(ws.max_row + 1, 1).value = "present twice"

    def sheet_removed(book) -> None:  # type: ignore[no-untyped-def]
        del book[exchange.LISTS_SHEET]

    for name, edit in (("changed", choice_changed), ("added", choice_added), ("removed", sheet_removed)):
        message = _refused(w, _edited(path, tmp_path / f"{name}.xlsx", edit))
        assert "was changed where it is locked" in message and "drop-down lists' choices was changed" in message \
            and exchange.LISTS_SHEET in message, (name, message)
    # The file as exported is taken (nothing filled in: nothing to write, and no refusal).
    assert exchange.import_workbook(w.db.as_user(OFFICER), path, dry_run=True) is not None
