"""Instructor mode's core: the exchange workbook opened with no office database, its open weeks and ratings grid
read, the instructor's review, attendance and ratings written back into the same file's open cells only — so that
the office's signature still holds when the office takes it back — and hostile files refused with a clear message."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from tests.logbook.conftest import OFFICER, World, add_catalogue, fill
from vetdesk.domain import logbook as L
from vetdesk.domain.problems import RuleViolation
from vetdesk.services import exchange, exchange_file, logbook, records
from vetdesk.storage.models import Assessment


def _export(w: World, tmp_path: Path, language: str = "en") -> Path:
    return exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "ivan.xlsx", instructor_id=w.instructor,
                                    language=language).path


def _locked_cells(path: Path) -> list[list[object]]:
    wb = openpyxl.load_workbook(path)
    out = []
    for ws in wb.worksheets:
        out += [[c.value for c in row if c.protection.locked] for row in ws.iter_rows()]
    return out


def test_an_instructor_reviews_rates_and_saves_and_the_office_takes_it(world: World, tmp_path: Path) -> None:
    w = world
    add_catalogue(w)
    logbook.write_week(w.db, agreement_id=w.mine, week=w.week(2), values={"activities": "Torneado",
                                                                          "status": "submitted"})
    path = _export(w, tmp_path)
    locked_before = _locked_cells(path)
    opened = exchange_file.open_file(path)
    # Only this instructor's apprentice's open weeks: the other instructor's are not in the file.
    assert {week.reference for week in opened.weeks} == {records.get(w.db, "agreements", w.mine)["reference"]}
    assert [week.monday for week in opened.weeks][:3] == [w.week(0), w.week(1), w.week(2)]
    assert opened.decisions == ("approve (countersign)", "comment only", "return for correction")
    assert "unexcused absence from school" in opened.presence
    assert {r.code for r in opened.ratings} == {"MAN-1", "MAN-2", "CAL-1"}
    assert opened.ratings[0].levels[0].startswith("1 = ")
    week2 = next(x for x in opened.weeks if x.monday == w.week(2))
    assert week2.activities == "Torneado"
    weeks = [exchange_file.with_review(replace(week2, hours="36", days=("present", *week2.days[1:])), opened,
                                       L.Review.APPROVE)]
    week3 = next(x for x in opened.weeks if x.monday == w.week(3))
    weeks.append(exchange_file.with_review(replace(week3, activities="Fresado"), opened, L.Review.RETURN,
                                           "Faltan las piezas."))
    man1 = next(r for r in opened.ratings if r.code == "MAN-1")
    ratings = [replace(man1, level=man1.levels[2], comment="Con calibrador, sin ayuda.")]
    assert exchange_file.save_file(opened, weeks, ratings) == 8
    assert _locked_cells(path) == locked_before  # only the open cells changed
    again = exchange_file.open_file(path)
    assert next(x for x in again.weeks if x.monday == w.week(3)).note == "Faltan las piezas."
    # The office takes the same file back: the signature holds; the instructor is the rater and the reviewer.
    report = exchange.import_workbook(w.db.as_user(OFFICER), path)
    assert report.written
    kept = {r["week_start"]: r for r in records.list_records(w.db, "logbook")}
    assert kept[w.week(2)]["status"] == "approved" and kept[w.week(2)]["hours"] == 36
    assert kept[w.week(3)]["status"] == "returned" and kept[w.week(3)]["review_note"] == "Faltan las piezas."
    with w.db.reader() as session:
        rating = session.query(Assessment).filter(Assessment.agreement_id == w.mine).one()
        assert (rating.level, rating.rater_name, rating.comment) == (3, "Ing. Iván Robles",
                                                                     "Con calibrador, sin ayuda.")


def test_a_return_without_a_note_is_refused(world: World, tmp_path: Path) -> None:
    opened = exchange_file.open_file(_export(world, tmp_path))
    with pytest.raises(RuleViolation) as refused:
        exchange_file.with_review(opened.weeks[0], opened, L.Review.RETURN)
    assert refused.value.problems[0].field == "review_note"


def test_nothing_changed_writes_nothing(world: World, tmp_path: Path) -> None:
    w = world
    path = _export(w, tmp_path)
    before = path.read_bytes()
    opened = exchange_file.open_file(path)
    assert exchange_file.save_file(opened, opened.weeks, opened.ratings) == 0
    assert path.read_bytes() == before


def test_hours_that_are_no_number_are_refused_and_the_file_stays(world: World, tmp_path: Path) -> None:
    w = world
    path = _export(w, tmp_path)
    before = path.read_bytes()
    opened = exchange_file.open_file(path)
    with pytest.raises(RuleViolation) as refused:
        exchange_file.save_file(opened, [replace(opened.weeks[0], hours="treinta")], [])
    assert "Hours at the company" in refused.value.problems[0].message
    assert path.read_bytes() == before


def test_hostile_files_are_refused_with_a_clear_message(world: World, tmp_path: Path) -> None:
    w = world
    path = _export(w, tmp_path)
    row = exchange.FIRST_ROW
    # A formula refuses its cell only (fix25g): the file opens with the cell empty and named; the office's import
    # still refuses the file while the formula is in it.
    opened = exchange_file.open_file(fill(path, tmp_path / "formula.xlsx", {(row, exchange.HOURS + 1): "=20+20"}))
    assert opened.weeks[0].hours == "" and len(opened.refused) == 1 and "=20+20" in opened.refused[0]
    # A huge value the same way (fix25h): its cell opened empty, named with the field's limit.
    opened = exchange_file.open_file(fill(path, tmp_path / "huge.xlsx", {(row, exchange.ACTIVITIES + 1): "x" * 30000}))
    assert opened.weeks[0].activities == "" and len(opened.refused) == 1
    assert "is too long: at most 4,000 characters" in opened.refused[0]
    # An earlier layout: refused saying to export again.
    wb = openpyxl.load_workbook(path)
    wb["vetdesk"].cell(1, 1).value = "vetdesk-logbook-2"
    wb.save(tmp_path / "old.xlsx")
    with pytest.raises(RuleViolation) as refused:
        exchange_file.open_file(tmp_path / "old.xlsx")
    assert "Export the file again" in refused.value.problems[0].message


def test_another_instructors_agreement_put_in_the_file_is_refused_at_the_office(world: World,
                                                                                tmp_path: Path) -> None:
    w = world
    path = _export(w, tmp_path)
    key = f"{w.other}:{w.week(0).isoformat()}"  # Irma's apprentice's week, in Iván's file
    bad = fill(path, tmp_path / "other.xlsx", {(exchange.FIRST_ROW, 1): key,
                                               (exchange.FIRST_ROW, exchange.ACTIVITIES + 1): "Ajeno"})
    # Instructor mode says so on opening it, before any work is done in it (issue 25, trial item 4) ...
    with pytest.raises(RuleViolation) as told:
        exchange_file.open_file(bad)
    assert told.value.problems[0].code == "exchange.altered" and "other.xlsx" in told.value.problems[0].message
    # ... and writes nothing into it: the file opened before it was altered is not saved into it either.
    opened = exchange_file.open_file(path)
    before = bad.read_bytes()
    with pytest.raises(RuleViolation):
        exchange_file.save_file(replace(opened, path=bad), [replace(opened.weeks[0], hours="30")], [])
    assert bad.read_bytes() == before
    with pytest.raises(RuleViolation) as refused:
        exchange.import_workbook(w.db.as_user(OFFICER), bad)
    assert "changed where it is locked" in refused.value.problems[0].message
    assert not [r for r in records.list_records(w.db, "logbook") if r["agreement_id"] == w.other]


def test_vetdesk_exchange_starts_instructor_mode_and_refuses_a_file_that_is_none(qtbot, tmp_path: Path, monkeypatch,
                                                                                 capsys) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from vetdesk.commands import _window_start, main

    assert _window_start(["--exchange", "ivan.xlsx"]).exchange == "ivan.xlsx"  # the window's start, no command
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text, *a, **k: shown.append(text))
    # Qt's own words and the excepthook stay as the other tests of this process expect them.
    monkeypatch.setattr("vetdesk.ui.app.install_qt_translations", lambda *_a: None)
    monkeypatch.setattr("vetdesk.ui.app.install_excepthook", lambda: None)
    from vetdesk import i18n

    monkeypatch.setattr(i18n, "_current", i18n.current())  # main() sets the language; put back afterwards
    (tmp_path / "notes.xlsx").write_text("no workbook")
    # No window can be shown (Qt's offscreen platform): said once on the console, no message box waiting for an
    # answer nobody can give (issue 25, trial item 4).
    assert main(["--exchange", str(tmp_path / "notes.xlsx")]) == 1
    told = capsys.readouterr().err
    assert not shown and "notes.xlsx" in told and "Traceback" not in told
    # With a display: the same message in a box as well.
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setenv("DISPLAY", ":0")
    assert main(["--exchange", str(tmp_path / "notes.xlsx")]) == 1
    assert len(shown) == 1 and "notes.xlsx" in shown[0] and shown[0] in capsys.readouterr().err


def test_vetdesk_exchange_on_a_bad_file_without_a_display_says_so_and_ends(world: World, tmp_path: Path) -> None:
    """As run from a terminal with no display: one clear message, in the user's words, and exit status 1 — no
    window, no message box to wait on."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["VETDESK_LANG"] = "en"
    (tmp_path / "notes.xlsx").write_text("no workbook")
    # The office's file with an apprentice's name changed (a locked cell): not the file as the office sent it.
    fill(_export(world, tmp_path), tmp_path / "altered.xlsx", {(exchange.FIRST_ROW, 3): "Otro Nombre"})
    for name, words in (("notes.xlsx", "notes.xlsx"), ("missing.xlsx", "there is no such file"),
                        ("altered.xlsx", "is not the file as the office sent it")):
        done = subprocess.run([sys.executable, "-m", "vetdesk", "--lang", "en", "--exchange", str(tmp_path / name)],
                              capture_output=True, text=True, timeout=60, env=env, check=False)
        assert done.returncode == 1, done.stderr
        assert words in done.stderr and name in done.stderr and "Traceback" not in done.stderr
        assert "No such file" not in done.stderr  # the system's own English words
