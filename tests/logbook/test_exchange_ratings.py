"""The exchange workbook's ratings sheet: the instructor's apprentices' current learning position with its
competencies and the programme's scale as a drop-down, locked and signed with the weekly sheet; levels taken back
as the instructor's ratings through the assessment operation, a rating recorded at the office since the export a
conflict kept unless the officer takes the row, a second import writing nothing, an altered locked cell or a level
off the scale refused with nothing written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import func, select

from tests.logbook.conftest import OFFICER, World, add_catalogue, fill
from tests.reports.conftest import pdf_text
from vetdesk.domain.problems import RuleViolation
from vetdesk.reports import render
from vetdesk.services import assessments, exchange
from vetdesk.services.exchange_file import list_choices
from vetdesk.storage.models import Assessment, AuditEntry

RATINGS = 1  # the ratings sheet (the second)
LEVEL, LATEST, CODE, APPRENTICE = 8, 7, 5, 3  # 1-based columns


@pytest.fixture
def rated(world: World) -> tuple[World, dict[str, int]]:
    return world, add_catalogue(world)


def _export(w: World, tmp_path: Path, **options: Any) -> Path:
    return exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "ivan.xlsx", instructor_id=w.instructor,
                                    **options).path


def _rows(path: Path) -> dict[str, int]:
    """Sheet row of each competency code on the ratings sheet."""
    ws = openpyxl.load_workbook(path).worksheets[RATINGS]
    return {ws.cell(r, CODE).value: r for r in range(exchange.FIRST_ROW, ws.max_row + 1)}


def _count(w: World, model: Any) -> int:
    with w.db.reader() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _ratings(w: World) -> list[Any]:
    with w.db.reader() as session:
        return list(session.execute(select(Assessment.competency_id, Assessment.level, Assessment.rater_name,
                                           Assessment.rater_role).where(Assessment.agreement_id == w.mine)
                                    .order_by(Assessment.id)))


def test_the_ratings_sheet_offers_the_scale_for_the_current_position(rated, tmp_path: Path) -> None:
    w, codes = rated
    assessments.record_assessment(w.db, agreement_id=w.mine, competency_code="MAN-1", level=2)
    wb = openpyxl.load_workbook(_export(w, tmp_path))
    ws = wb.worksheets[RATINGS]
    assert ws.title == "Ratings" and ws.protection.sheet and wb.security.lockStructure
    rows = _rows(Path(tmp_path / "ivan.xlsx"))
    assert set(rows) == set(codes)  # only Iván's apprentice: one row per competency of the position
    man1 = rows["MAN-1"]
    assert ws.cell(man1, LATEST).value.startswith("2 = developing (")
    assert ws.cell(man1, LEVEL).value == "2 = developing" and ws.cell(rows["CAL-1"], LEVEL).value is None
    for col in range(1, LEVEL):
        assert ws.cell(man1, col).protection.locked, col
    assert not ws.cell(man1, LEVEL).protection.locked
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert len(lists) == 1 and "3 = competent" in list_choices(ws, lists[0].formula1)
    assert "4 = outstanding" in list_choices(ws, lists[0].formula1)


def test_levels_come_back_as_the_instructor_s_ratings_once(rated, tmp_path: Path) -> None:
    w, codes = rated
    path = _export(w, tmp_path)
    rows = _rows(path)
    filled = fill(path, tmp_path / "filled.xlsx", {(rows["MAN-1"], LEVEL): "3 = competent",
                                                  (rows["CAL-1"], LEVEL): 4}, sheet=RATINGS)
    report = exchange.import_workbook(w.db.as_user(OFFICER), filled)
    rater = "Ing. Iván Robles"  # no user account: the instructor's name (the audit adds their id)
    assert [(r.competency_id, r.level, r.rater_name, r.rater_role) for r in _ratings(w)] == [
        (codes["MAN-1"], 3, rater, "instructor"), (codes["CAL-1"], 4, rater, "instructor")]
    assert [r.outcome for r in report.rows if r.week is None] == ["write", "unchanged", "write"]
    with w.db.reader() as session:
        audited = {e.username for e in session.scalars(select(AuditEntry).where(AuditEntry.kind == "assessments"))}
    assert audited == {f"{rater} [instructor {w.instructor}]"}
    # The progress report names the instructor as the rater.
    text = pdf_text(render.progress_pdf(w.db, agreement_id=w.mine, lang="en"))
    flat = " ".join(text.split())
    assert f"by: {rater} (instructor)" in flat
    # The same file again: nothing written, not even an audit entry.
    before = (_count(w, Assessment), _count(w, AuditEntry))
    again = exchange.import_workbook(w.db.as_user(OFFICER), filled)
    assert not again.written and (_count(w, Assessment), _count(w, AuditEntry)) == before
    assert {r.outcome for r in again.rows if r.week is None} == {"current", "unchanged"}


def test_a_rating_recorded_at_the_office_since_is_a_conflict(rated, tmp_path: Path) -> None:
    w, codes = rated
    path = _export(w, tmp_path)
    rows = _rows(path)
    assessments.record_assessment(w.db, agreement_id=w.mine, competency_code="MAN-2", level=2, rater="Olga")
    filled = fill(path, tmp_path / "filled.xlsx", {(rows["MAN-2"], LEVEL): "4 = outstanding",
                                                  (rows["MAN-1"], LEVEL): "competent"}, sheet=RATINGS)
    report = exchange.import_workbook(w.db.as_user(OFFICER), filled)
    conflict = next(r for r in report.rows if r.ref == f"R{rows['MAN-2']}")
    assert conflict.outcome == "conflict" and not conflict.taken
    assert conflict.conflicts == [("MAN-2", "2 = developing", "4 = outstanding")]
    assert "1 conflict kept as the office has it" in report.summary()
    assert [(r.competency_id, r.level) for r in _ratings(w)] == [(codes["MAN-2"], 2), (codes["MAN-1"], 3)]
    # The officer takes the file's row.
    taken = exchange.import_workbook(w.db.as_user(OFFICER), filled, take=[f"r{rows['MAN-2']}"])
    assert next(r for r in taken.rows if r.ref == f"R{rows['MAN-2']}").taken
    assert [(r.competency_id, r.level) for r in _ratings(w)][-1] == (codes["MAN-2"], 4)


@pytest.mark.parametrize("change", ["locked", "level", "formula"])
def test_a_ratings_sheet_altered_or_wrong_is_refused(rated, tmp_path: Path, change: str) -> None:
    w, _codes = rated
    path = _export(w, tmp_path)
    rows = _rows(path)
    cells = {"locked": {(rows["MAN-1"], APPRENTICE): "Otra Persona"},
             "level": {(rows["MAN-1"], LEVEL): "7 = genial"},
             "formula": {(rows["MAN-1"], LEVEL): "=1+2"}}[change]
    filled = fill(path, tmp_path / "filled.xlsx", cells, sheet=RATINGS)
    before = (_count(w, Assessment), _count(w, AuditEntry))
    with pytest.raises(RuleViolation) as refused:
        exchange.import_workbook(w.db.as_user(OFFICER), filled)
    message = " ".join(p.message for p in refused.value.problems)
    code = {p.code for p in refused.value.problems}
    assert (_count(w, Assessment), _count(w, AuditEntry)) == before
    if change == "locked":
        assert code == {"exchange.altered"} and f"Ratings, row {rows['MAN-1']}: Apprentice was changed" in message
    elif change == "level":
        assert code == {"exchange.row"} and f"Row R{rows['MAN-1']}" in message and "7 = genial" in message
        assert "3 = competent" in message
    else:
        assert code == {"exchange.formula"} and f"sheet Ratings, row {rows['MAN-1']}, column H" in message


def test_an_instructor_with_a_user_account_rates_by_it_as_assess_does(rated, tmp_path: Path) -> None:
    from vetdesk.services import users

    w, codes = rated
    users.create_user(w.db, username="irobles", password="a good password", role="instructor",
                      instructor_id=w.instructor)
    path = _export(w, tmp_path)
    filled = fill(path, tmp_path / "filled.xlsx", {(_rows(path)["MAN-1"], LEVEL): 2}, sheet=RATINGS)
    report = exchange.import_workbook(w.db.as_user(OFFICER), filled, dry_run=True)
    assert "1 row would be written" in report.summary() and _ratings(w) == []
    exchange.import_workbook(w.db.as_user(OFFICER), filled)
    assert [(r.competency_id, r.level, r.rater_name) for r in _ratings(w)] == [(codes["MAN-1"], 2, "irobles")]
