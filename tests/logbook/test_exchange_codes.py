"""The exchange workbook carries which competency codes a week may name at each learning position (the rule the
office's import checks), so that instructor mode and the spreadsheet apply it as the instructor types; at the
office, a row naming a code of another position is reported on its week, and nothing is written (issue 25, the
re-trial's first finding)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

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
    assert problems[FIRST + 1] == ["An empty week is not countersigned: first write what was done and learnt that "
                                   "week."]
    assert len(problems[FIRST + 2]) == 2  # the two hours' cells: two problems, each once
    assert records.list_records(w.db, "logbook") == []


def test_a_visible_sheet_lists_each_position_s_codes_in_the_workbook_s_language(world: World,
                                                                              tmp_path: Path) -> None:
    """Re-trial item 1: the codes each position takes were only in the hidden sheet; an instructor in a spreadsheet
    program sees them on a sheet of their own, locked, filterable, in the workbook's language."""
    w = world
    first = map_first_position(w, add_catalogue(w))
    second = f"2. {_positions(w)[1]}"
    reference = records.get(w.db, "agreements", w.mine)["reference"]
    for language, title, headers, none in (
            ("en", "Competency codes", ["Agreement", "Apprentice", "Learning position", "Code", "Competency"],
             "no learning position given"),
            ("es", "Claves de competencias", ["Convenio", "Aprendiz", "Puesto de aprendizaje", "Clave", "Competencia"],
             "sin puesto de aprendizaje")):
        path = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / f"{language}.xlsx",
                                        instructor_id=w.instructor, language=language).path
        wb = openpyxl.load_workbook(path)
        assert wb.sheetnames[2] == title and wb[title].sheet_state == "visible"
        ws = wb[title]
        assert [ws.cell(exchange.HEADER_ROW, c).value for c in range(1, 6)] == headers
        rows = [tuple(ws.cell(n, c).value for c in range(1, 6)) for n in range(exchange.FIRST_ROW, ws.max_row + 1)]
        listed = {(r[2], r[3]) for r in rows if r[0] == reference}
        assert {code for pos, code in listed if pos == first} == {"MAN-1", "MAN-2"}  # mapped: those only
        assert {code for pos, code in listed if pos == second} == {"MAN-1", "MAN-2", "CAL-1"}
        assert {code for pos, code in listed if pos.startswith(none)} == {"MAN-1", "MAN-2", "CAL-1"}
        assert ("1. " + _positions(w)[0], "MAN-1") in listed or (first, "MAN-1") in listed
        assert next(r for r in rows if r[3] == "CAL-1")[4] == "Inspecciona lotes"  # the competency's title
        assert ws.protection.sheet and ws.cell(exchange.FIRST_ROW, 4).protection.locked
        assert ws.auto_filter.ref and ws.freeze_panes == f"A{exchange.FIRST_ROW}"
        # The weekly sheet's heading of the codes' column is the one the codes' sheet names.
        assert wb.worksheets[0].cell(exchange.HEADER_ROW, PRACTISED).value in ws.cell(3, 1).value


def _tampered(path: Path, out: Path, sheet: str, cell: tuple[int, int], value: str) -> Path:
    wb = openpyxl.load_workbook(path)
    wb[sheet].cell(*cell).value = value
    wb.save(out)
    return out


def test_the_hidden_sheet_and_the_codes_sheet_are_signed(world: World, tmp_path: Path) -> None:
    """Re-trial item 3: the hidden sheet's list of codes (which instructor mode reads) was not signed, so a code
    could be added to a position undetected; it is, as is the visible codes' sheet: the office's import and
    instructor mode refuse a file altered in either, and nothing is written."""
    from vetdesk.services import exchange_file as XF

    w = world
    map_first_position(w, add_catalogue(w))
    path = _export(w, tmp_path)
    assert XF.open_file(path).codes  # as written: opened
    marker_codes = _tampered(path, tmp_path / "marker.xlsx", "vetdesk", (exchange.MARKER_CODES + 1, 3),
                             "MAN-1,MAN-2,CAL-1")
    listed = _tampered(path, tmp_path / "listed.xlsx", "Competency codes", (exchange.FIRST_ROW, 4), "CAL-9")
    added = _tampered(path, tmp_path / "added.xlsx", "vetdesk", (exchange.MARKER_CODES + 40, 1), "x")
    for altered in (marker_codes, listed, added):
        message = _refused(w, altered)
        assert "was changed where it is locked" in message, message
        try:
            XF.open_file(altered)
        except exchange.ExchangeRefused as refused:
            assert "signature does not match" in refused.problems[0].message
        else:
            raise AssertionError(f"{altered.name} opened in instructor mode")
    assert "Competency codes: the list of codes was changed" in _refused(w, listed)
    filled = fill(path, tmp_path / "good.xlsx", {(FIRST, ACTIVITIES): "Torneado"})
    assert exchange.import_workbook(w.db.as_user(OFFICER), filled).written  # the file as written is taken


def test_a_file_of_the_layout_before_the_codes_sheet_is_still_taken_and_opened(world: World,
                                                                                tmp_path: Path) -> None:
    """Files already with instructors when the office updates (layout 3: no codes' sheet, a signature covering
    neither it nor the marker) are taken back and opened as they were signed; relabelled as the new layout they
    are refused (the layout is signed)."""
    import base64

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from sqlalchemy import select

    from vetdesk.services import exchange_file as XF
    from vetdesk.services import signing
    from vetdesk.storage.models import LogbookExchange

    w = world
    add_catalogue(w)
    path = _export(w, tmp_path)
    # What vetdesk wrote before: the same file without the codes' sheet, signed by the layout 3's digest.
    with w.db.engine.begin() as conn:
        token, content = conn.execute(select(LogbookExchange.token, LogbookExchange.content)).one()
        content = dict(content)
        content.pop("codes_sheet")
        content["format"] = exchange.FORMAT_3
        conn.execute(LogbookExchange.__table__.update().values(content=content))
    key_id, private = signing.office_key(w.db)
    digest = exchange._digest(token, content["scope"], key_id, content["sheet"], content["head"], content["headers"],
                              [exchange._locked_of(r) for r in content["rows"]],
                              exchange._rating_locked(content["ratings"]), layout=exchange.FORMAT_3)
    wb = openpyxl.load_workbook(path)
    del wb[wb.sheetnames[2]]
    wb["vetdesk"].cell(exchange.MARKER_FORMAT, 1).value = exchange.FORMAT_3
    wb["vetdesk"].cell(exchange.MARKER_SIGNATURE, 1).value = base64.b64encode(
        Ed25519PrivateKey.from_private_bytes(private).sign(digest)).decode("ascii")
    wb.save(tmp_path / "old.xlsx")
    old = fill(tmp_path / "old.xlsx", tmp_path / "old-filled.xlsx", {(FIRST, ACTIVITIES): "Torneado"})
    assert XF.open_file(old).weeks[0].activities == "Torneado"
    relabelled = openpyxl.load_workbook(old)
    relabelled["vetdesk"].cell(exchange.MARKER_FORMAT, 1).value = exchange.FORMAT
    relabelled.save(tmp_path / "relabelled.xlsx")
    with pytest.raises(exchange.ExchangeRefused):
        XF.open_file(tmp_path / "relabelled.xlsx")
    assert exchange.import_workbook(w.db.as_user(OFFICER), old).written
