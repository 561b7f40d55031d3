"""The exchange workbook carries which competency codes a week may name at each learning position (the rule the
office's import checks), so that instructor mode and the spreadsheet apply it as the instructor types; at the
office, a row naming a code of another position is reported on its week, and nothing is written (issue 25, the
re-trial's first finding)."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from tests.logbook.conftest import OFFICER, World, add_catalogue, fill
from tests.logbook.test_exchange_learning import _export, _positions, _refused
from vetdesk.i18n import shown_day
from vetdesk.services import exchange, records
from vetdesk.storage.models import position_competencies

POSITION, PRACTISED = exchange.POSITION + 1, exchange.PRACTISED + 1
ACTIVITIES = exchange.ACTIVITIES + 1
FIRST = exchange.FIRST_ROW


def map_first_position(w: World, codes: dict[str, int]) -> str:
    """The plan's first position learns MAN-1 and MAN-2 only; its label as the file's drop-down names it."""
    plan = records.get(w.db, "agreements", w.mine)["rotation_plan_id"]
    position = records.get(w.db, "rotation_plans", plan)["steps"][0]["position_id"]
    # As mapped before the plan was signed (a signed plan's positions keep what was printed).
    with w.db.engine.begin() as conn:
        conn.execute(position_competencies.insert(), [{"position_id": position, "competency_id": codes[c]}
                                                      for c in ("MAN-1", "MAN-2")])
    return f"1. {_positions(w)[0]}"


def test_the_file_says_which_codes_each_position_takes(world: World, tmp_path: Path) -> None:
    w = world
    first = map_first_position(w, add_catalogue(w))
    second = f"2. {_positions(w)[1]}"
    path = _export(w, tmp_path)
    wb = openpyxl.load_workbook(path)
    marker = wb["vetdesk"]
    listed = {(marker.cell(n, 1).value, marker.cell(n, 2).value or ""): marker.cell(n, 3).value
              for n in range(exchange.MARKER_CODES, marker.max_row + 1)}
    reference = records.get(w.db, "agreements", w.mine)["reference"]
    assert listed[(reference, first)] == "MAN-1,MAN-2"
    assert listed[(reference, second)] == "MAN-1,MAN-2,CAL-1"  # nothing mapped: the programme's
    assert listed[(reference, "")] == "MAN-1,MAN-2,CAL-1"
    # The spreadsheet's prompt on the codes' cell says it too.
    prompts = [dv.prompt for dv in wb.worksheets[0].data_validations.dataValidation if dv.prompt]
    assert any(f"{first}: MAN-1, MAN-2" in p for p in prompts), prompts


def test_a_code_of_another_position_is_refused_on_its_week(world: World, tmp_path: Path) -> None:
    w = world
    first = map_first_position(w, add_catalogue(w))
    filled = fill(_export(w, tmp_path), tmp_path / "bad.xlsx", {
        (FIRST, ACTIVITIES): "Torneado", (FIRST, POSITION): first, (FIRST, PRACTISED): "MAN-1, CAL-1",
        (FIRST + 1, ACTIVITIES): "Fresado", (FIRST + 1, PRACTISED): "CAL-1"})
    message = _refused(w, filled)
    # The bad row alone, named by its week; the good one is not blamed.
    assert f"Row {FIRST} " in message and f"Row {FIRST + 1} " not in message, message
    assert shown_day(w.week(0)) in message, message
    assert f"CAL-1 not learnt at the learning position {first}" in message, message
    assert "MAN-1, MAN-2" in message  # what to write instead


def test_a_file_of_codes_the_position_takes_is_taken(world: World, tmp_path: Path) -> None:
    w = world
    first = map_first_position(w, add_catalogue(w))
    filled = fill(_export(w, tmp_path), tmp_path / "good.xlsx", {
        (FIRST, ACTIVITIES): "Torneado", (FIRST, POSITION): first, (FIRST, PRACTISED): "man-2"})
    assert exchange.import_workbook(w.db.as_user(OFFICER), filled).written


def test_every_problem_of_a_row_is_reported_the_cells_and_the_rules(world: World, tmp_path: Path) -> None:
    """Re-trial item 10: a row whose hours are no number and whose week is approved before it is over reports
    both (before, the office's rules were not tried on a row whose cells failed, so only the first was said)."""
    from datetime import timedelta

    w = world
    add_catalogue(w)
    wednesday = w.week(6) + timedelta(days=2)
    path = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "ivan.xlsx", instructor_id=w.instructor,
                                    language="en", today=wednesday).path
    row = FIRST + 6
    filled = fill(path, tmp_path / "two.xlsx", {(row, ACTIVITIES): "Torneado", (row, exchange.HOURS + 1): "abc",
                                                (row, exchange.DECISION + 1): "approve (countersign)"})
    try:
        exchange.import_workbook(w.db.as_user(OFFICER), filled, today=wednesday)
    except exchange.ExchangeRefused as refused:
        assert refused.report is not None
        problems = next(r for r in refused.report.rows if r.row == row).problems
    else:
        raise AssertionError("taken")
    assert any("abc" in p for p in problems), problems
    assert any("is not over yet" in p for p in problems), problems
    assert records.list_records(w.db, "logbook") == []  # nothing written


def test_each_problem_of_a_row_is_said_once(world: World, tmp_path: Path) -> None:
    """Re-trial item 5: a code of another position was said twice (the cell's check and the week's rule, in other
    words), and an empty week approved twice (not countersigned; no report to review)."""
    w = world
    first = map_first_position(w, add_catalogue(w))
    filled = fill(_export(w, tmp_path), tmp_path / "twice.xlsx", {
        (FIRST, ACTIVITIES): "Torneado", (FIRST, POSITION): first, (FIRST, PRACTISED): "MAN-1, CAL-1",
        (FIRST + 1, exchange.DECISION + 1): "approve (countersign)",
        (FIRST + 2, exchange.HOURS + 1): 999, (FIRST + 2, exchange.SCHOOL_HOURS + 1): 999})
    try:
        exchange.import_workbook(w.db.as_user(OFFICER), filled)
    except exchange.ExchangeRefused as refused:
        assert refused.report is not None
        problems = {r.row: r.problems for r in refused.report.rows if r.week is not None}
    else:
        raise AssertionError("taken")
    assert len(problems[FIRST]) == 1 and "CAL-1 not learnt at the learning position" in problems[FIRST][0]
    assert problems[FIRST + 1] == ["An empty week is not countersigned: write what the apprentice did and learnt "
                                   "that week first."]
    assert len(problems[FIRST + 2]) == 2  # the two hours' cells: two problems, each once
    assert records.list_records(w.db, "logbook") == []
