"""Hours at school apart from the hours at the company (migration 0021), and the learning position the agreement's
rotation puts the week at, on the weekly report and its printed form."""

from __future__ import annotations

from sqlalchemy import inspect, text

from tests.factories import migration_step
from tests.logbook.conftest import START, World
from tests.reports.conftest import pdf_text
from vetdesk.domain.problems import RuleViolation
from vetdesk.reports.weekly_form import week_pdf
from vetdesk.services import logbook, records
from vetdesk.storage.migrate import current_revision
from vetdesk.storage.revision import SCHEMA_HEAD


def test_a_week_keeps_hours_at_school_and_prints_them_with_the_learning_position(world: World) -> None:
    w = world
    week = logbook.write_week(w.db, agreement_id=w.mine, week=w.week(0), values={
        "activities": "Torneado", "hours": "28", "school_hours": "8", "status": "submitted"}).id
    assert records.get(w.db, "logbook", week)["school_hours"] == 8
    for wrong in ("ocho", "81"):
        try:
            records.update(w.db, "logbook", week, {"school_hours": wrong})
        except RuleViolation as refused:
            assert [p.field for p in refused.problems] == ["school_hours"]
            assert "Hours at school" in refused.problems[0].message
        else:
            raise AssertionError(wrong)
    plan = records.get(w.db, "agreements", w.mine)["rotation_plan_id"]
    first = records.get(w.db, "rotation_plans", plan)["steps"][0]["position_id"]
    position = records.get(w.db, "positions", first)["name"]
    shown = " ".join(pdf_text(week_pdf(w.db, w.mine, START, lang="en")).split())
    assert "Hours at school 8" in shown and "Hours at the company 28" in shown
    assert f"Learning position {position}" in shown
    # Countersigned, the hours at school stay as signed too.
    logbook.review(w.db, week, decision="approve")
    try:
        records.update(w.db, "logbook", week, {"school_hours": "6"})
    except RuleViolation as refused:
        assert [p.code for p in refused.problems] == ["logbook.countersigned"]
    else:
        raise AssertionError("changed after countersigning")


def test_migration_0021_adds_and_drops_the_column_on_both_backends(world: World) -> None:
    from alembic import command

    db = world.db

    def columns() -> set[str]:
        with db.engine.connect() as conn:
            return {c["name"] for c in inspect(conn).get_columns("logbook_weeks")}

    def alembic(step, revision: str) -> None:  # type: ignore[no-untyped-def]
        migration_step(db, step, revision)

    logbook.write_week(db, agreement_id=world.mine, week=world.week(0), values={"activities": "Torneado",
                                                                                "school_hours": "8"})
    assert "school_hours" in columns()
    alembic(command.downgrade, "0018")
    assert current_revision(db) == "0018" and "school_hours" not in columns()
    # The report is kept (read without the models, which name the dropped column).
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT activities FROM logbook_weeks")).scalars().all() == ["Torneado"]
    alembic(command.upgrade, "head")
    assert current_revision(db) == SCHEMA_HEAD and "school_hours" in columns()


def test_the_exchange_workbook_carries_hours_at_school(world: World, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import openpyxl

    from tests.logbook.conftest import OFFICER, fill
    from vetdesk.services import exchange

    w = world
    path = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "x.xlsx", instructor_id=w.instructor).path
    ws = openpyxl.load_workbook(path).worksheets[0]
    row = exchange.FIRST_ROW + 1
    assert ws.cell(exchange.HEADER_ROW, exchange.SCHOOL_HOURS + 1).value == "Hours at school"
    assert not ws.cell(row, exchange.SCHOOL_HOURS + 1).protection.locked
    filled = fill(path, tmp_path / "f.xlsx", {(row, exchange.ACTIVITIES + 1): "Torneado",
                                              (row, exchange.HOURS + 1): 30, (row, exchange.SCHOOL_HOURS + 1): 8})
    exchange.import_workbook(w.db.as_user(OFFICER), filled)
    week = next(r for r in records.list_records(w.db, "logbook") if r["week_start"] == w.week(1))
    assert (week["hours"], week["school_hours"]) == (30, 8)
    # A file of the first layout (no hours at school) is refused with a word of its own, nothing written.
    wb = openpyxl.load_workbook(filled)
    wb["vetdesk"].cell(1, 1).value = "vetdesk-logbook-1"
    wb.save(tmp_path / "old.xlsx")
    try:
        exchange.import_workbook(w.db.as_user(OFFICER), tmp_path / "old.xlsx")
    except RuleViolation as refused:
        assert "earlier vetdesk" in refused.problems[0].message
    else:
        raise AssertionError("an old file was taken")
