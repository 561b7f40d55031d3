"""What a spreadsheet program does on its own to a text cell (issue 25, a new user's trial): the workbook's text
cells are written as Text ("@") so "12/10" stays "12/10"; a file filled where the cells were "General" (an older
file, or another program) gives back a date as the workbook's language writes it and refuses a yes/no value naming
the cell — never "2026-10-12 00:00:00" or "True"."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
from sqlalchemy import select

from tests.logbook.conftest import OFFICER, World, fill
from tests.logbook.test_exchange import ACTIVITIES, DECISION, MON, NOTE, SCHOOL, _export, _refused, _take, row_of
from vetdesk.services import exchange, logbook
from vetdesk.storage.models import LogbookWeek


def test_the_text_cells_are_written_as_text(world: World, tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(_export(world, tmp_path)).worksheets[0]
    for col in (ACTIVITIES, SCHOOL, DECISION, NOTE):
        assert ws.cell(row_of(1), col).number_format == "@", col
    assert ws.cell(row_of(1), exchange.HOURS + 1).number_format != "@"  # hours stay numbers


def test_a_date_the_program_made_is_taken_as_the_workbook_writes_it(world: World, tmp_path: Path) -> None:
    w = world
    path = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "es.xlsx", instructor_id=w.instructor,
                                    language="es_MX").path
    filled = fill(path, tmp_path / "f.xlsx", {(row_of(1), ACTIVITIES): datetime(2026, 10, 12),
                                              (row_of(1), NOTE): 100})
    report = _take(w, filled)
    assert report.rows[1].outcome == "write", report.rows[1]
    with w.db.reader() as session:
        stored = session.scalars(select(LogbookWeek).where(LogbookWeek.agreement_id == w.mine,
                                                           LogbookWeek.week_start == w.week(1))).one()
        assert stored.activities == "12 oct 2026"  # unambiguous, as the Spanish workbook writes a date
        assert "00:00" not in stored.activities
        assert stored.review_note == "100"


def test_a_yes_no_value_in_a_text_cell_is_refused_naming_the_cell(world: World, tmp_path: Path) -> None:
    w = world
    filled = fill(_export(w, tmp_path), tmp_path / "f.xlsx", {(row_of(1), SCHOOL): True})
    message = _refused(w, filled, "exchange.row")
    assert f"Row {row_of(1)}" in message
    assert "Topics at school: the spreadsheet program took what was typed as a yes/no value" in message
    assert "yes/no value" in message and "apostrophe" in message
    assert "True" not in message


def test_a_date_in_a_day_s_attendance_is_refused_as_the_workbook_writes_it(world: World, tmp_path: Path) -> None:
    """evidence/huge_badvalues.log: "Asistencia: 2025-12-22 00:00:00 no es una de las opciones"."""
    w = world
    filled = fill(_export(w, tmp_path), tmp_path / "f.xlsx", {(row_of(1), MON): datetime(2025, 12, 22)})
    message = _refused(w, filled, "exchange.row")
    assert "22 Dec 2025 is not one of the choices" in message, message
    assert "00:00" not in message and "2025-12-22" not in message


def test_a_too_long_text_is_said_alone_not_as_an_empty_week(world: World, tmp_path: Path) -> None:
    """evidence/huge_badvalues.log: a 32,767-character activities cell with an approval also said "An empty week is
    not countersigned… A report that is “draft” cannot become “approved”"."""
    w = world
    filled = fill(_export(w, tmp_path), tmp_path / "f.xlsx", {(row_of(1), ACTIVITIES): "x" * 32767,
                                                              (row_of(1), DECISION): "approve (countersign)"})
    message = _refused(w, filled, "exchange.row")
    assert "too long" in message, message
    assert "empty week" not in message and "cannot become" not in message, message


def test_approving_an_empty_draft_week_says_the_rule_once(world: World, tmp_path: Path) -> None:
    """evidence/huge_badvalues.log (return_no_note): "An empty week is not countersigned…" followed by the
    internal "A report that is “draft” cannot become “approved”"."""
    w = world
    logbook.write_week(w.db, agreement_id=w.mine, week=w.week(1), values={"hours": 10})
    filled = fill(_export(w, tmp_path), tmp_path / "f.xlsx", {(row_of(1), DECISION): "approve (countersign)"})
    message = _refused(w, filled, "exchange.row")
    assert "An empty week is not countersigned" in message, message
    assert "cannot become" not in message, message


def test_a_damaged_file_is_refused_in_words_without_the_library_s(world: World, tmp_path: Path) -> None:
    """A workbook cut short (a mail attachment half downloaded): no "(File is not a zip file)"."""
    w = world
    damaged = tmp_path / "roto.xlsx"
    damaged.write_bytes(_export(w, tmp_path).read_bytes()[:3000])
    message = _refused(w, damaged, "exchange.unreadable")
    assert "roto.xlsx is not a readable .xlsx file: it is damaged" in message, message
    assert "zip" not in message.lower(), message


def test_a_german_workbook_names_its_ratings_with_one_word(world: World, tmp_path: Path) -> None:
    """The German tab said "Bewertungen", its heading "Beurteilungen" (issue 25 trial, item 5)."""
    from tests.logbook.conftest import add_catalogue

    w = world
    add_catalogue(w)
    path = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "de.xlsx", instructor_id=w.instructor,
                                    language="de").path
    wb = openpyxl.load_workbook(path)
    assert "Bewertungen" in wb.sheetnames, wb.sheetnames
    assert str(wb["Bewertungen"].cell(1, 1).value).startswith("Bewertungen — ")


def test_instructor_mode_s_codes_hint_is_the_week_s_own_position_s(world: World, tmp_path: Path) -> None:
    """The hint was two codes of the whole file's ratings sheet ("e.g. MHER-04, MHER-06") even for an apprentice of
    another programme: it is the codes the week's learning position takes, as the file's codes sheet says them."""
    from dataclasses import replace

    from vetdesk.services import exchange_file as XF

    w = world
    opened = XF.open_file(_export(w, tmp_path))
    week = opened.weeks[0]
    opened = replace(opened, codes={week.reference: {"1. Torno": ("MEC-7", "MEC-9"), "": ("MEC-1", "MEC-2")}},
                     ratings=())
    assert XF.codes_hint(opened, replace(week, position="1. Torno")) == "e.g. MEC-7, MEC-9"
    assert XF.codes_hint(opened, week, "1. Torno") == "e.g. MEC-7, MEC-9"  # the position just chosen
    assert XF.codes_hint(opened, replace(week, position="")) == "e.g. MEC-1, MEC-2"
    other = replace(week, reference="CA-OTHER")
    assert XF.codes_hint(opened, other) == "the codes, separated by commas"  # nothing of another agreement's


def test_the_workbook_writes_dates_as_its_language_does(world: World, tmp_path: Path) -> None:
    """The week columns were yyyy-mm-dd in every language (issue 25 trial, item 5)."""
    w = world
    for language, wanted in (("es_MX", "dd/mm/yyyy"), ("de", "dd.mm.yyyy")):
        path = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / f"{language}.xlsx",
                                        instructor_id=w.instructor, language=language).path
        ws = openpyxl.load_workbook(path).worksheets[0]
        assert ws.cell(row_of(1), 4).number_format == wanted
        assert ws.cell(row_of(1), 5).number_format == wanted
    # Taken back as before: the dates are the office's, signed.
    assert _take(w, fill(path, tmp_path / "f.xlsx", {(row_of(1), ACTIVITIES): "Tornos"})).rows[1].outcome == "write"
