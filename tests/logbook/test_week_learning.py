"""A weekly report names the learning position (one of the agreement's rotation plan) and the competencies
practised there (migration 0022), kept, refused when they do not belong, locked once countersigned, and taken down
and up again by the migration on both backends."""

from __future__ import annotations

from sqlalchemy import inspect

from tests.factories import migration_step
from tests.logbook.conftest import World, add_catalogue
from vetdesk.domain.problems import RuleViolation
from vetdesk.services import logbook, records
from vetdesk.storage.migrate import current_revision
from vetdesk.storage.revision import SCHEMA_HEAD


def _plan_positions(w: World, agreement: int) -> list[int]:
    plan = records.get(w.db, "agreements", agreement)["rotation_plan_id"]
    return [s["position_id"] for s in records.get(w.db, "rotation_plans", plan)["steps"]]


def _refused(write) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    try:
        write()
    except RuleViolation as refused:
        return [(p.field, p.message) for p in refused.problems]
    raise AssertionError("not refused")


def test_a_week_keeps_its_position_and_competencies(world: World) -> None:
    w = world
    codes = add_catalogue(w)
    first = _plan_positions(w, w.mine)[0]
    week = logbook.write_week(w.db, agreement_id=w.mine, week=w.week(0), values={
        "activities": "Torneado", "position_id": first,
        "competency_ids": f"{codes['MAN-1']}, {codes['CAL-1']}"}).id
    got = records.get(w.db, "logbook", week)
    assert got["position_id"] == first
    assert got["competency_ids"] == sorted([codes["MAN-1"], codes["CAL-1"]])
    records.update(w.db, "logbook", week, {"competency_ids": [codes["MAN-2"]]})
    assert records.get(w.db, "logbook", week)["competency_ids"] == [codes["MAN-2"]]
    # The change is audited with its before and after.
    history = records.history(w.db, "logbook", week)
    assert any("competency_ids" in str(entry) for entry in history)


def test_a_position_outside_the_plan_and_a_foreign_competency_are_refused(world: World) -> None:
    from tests import factories as f

    w = world
    add_catalogue(w)
    stranger = records.create(w.db, "positions", {"company_id": w.company, "name": "Almacén"},
                              accept_warnings=True).id
    other_programme = f.make_programme(w.db)
    foreign = records.create(w.db, "competencies", {"programme_id": other_programme, "area": "X", "code": "X-1",
                                                    "title": "Ajena"}).id
    problems = _refused(lambda: logbook.write_week(w.db, agreement_id=w.mine, week=w.week(0), values={
        "activities": "x", "position_id": stranger}))
    assert problems[0][0] == "position_id" and "rotation plan" in problems[0][1]
    problems = _refused(lambda: logbook.write_week(w.db, agreement_id=w.mine, week=w.week(0), values={
        "activities": "x", "competency_ids": [foreign]}))
    assert problems[0][0] == "competency_ids" and "X-1" in problems[0][1]
    assert records.list_records(w.db, "logbook") == []  # refused: nothing written


def test_the_position_and_competencies_stay_as_countersigned(world: World) -> None:
    w = world
    codes = add_catalogue(w)
    week = logbook.write_week(w.db, agreement_id=w.mine, week=w.week(0), values={
        "activities": "Torneado", "status": "submitted", "competency_ids": [codes["MAN-1"]]}).id
    logbook.review(w.db, week, decision="approve")
    problems = _refused(lambda: records.update(w.db, "logbook", week, {"competency_ids": [codes["MAN-2"]]}))
    assert problems[0][0] == "competency_ids"
    assert records.get(w.db, "logbook", week)["competency_ids"] == [codes["MAN-1"]]


def test_migration_0022_adds_and_drops_the_week_learning_on_both_backends(world: World) -> None:
    from alembic import command

    db = world.db
    codes = add_catalogue(world)
    logbook.write_week(db, agreement_id=world.mine, week=world.week(0), values={
        "activities": "Torneado", "competency_ids": [codes["MAN-1"]]})

    def schema() -> tuple[set[str], set[str]]:
        with db.engine.connect() as conn:
            found = inspect(conn)
            return {c["name"] for c in found.get_columns("logbook_weeks")}, set(found.get_table_names())

    def alembic(step, revision: str) -> None:  # type: ignore[no-untyped-def]
        migration_step(db, step, revision)

    alembic(command.downgrade, "0021")
    columns, tables = schema()
    assert current_revision(db) == "0021" and "position_id" not in columns
    assert "logbook_week_competencies" not in tables
    alembic(command.upgrade, "head")
    columns, tables = schema()
    assert current_revision(db) == SCHEMA_HEAD and "position_id" in columns and "logbook_week_competencies" in tables
    assert [r["activities"] for r in records.list_records(db, "logbook")] == ["Torneado"]


def test_the_weekly_form_and_the_progress_report_show_the_position_and_competencies(world: World) -> None:
    from tests.reports.conftest import pdf_text
    from vetdesk.reports import render
    from vetdesk.reports.weekly_form import week_pdf

    w = world
    codes = add_catalogue(w)
    first, second = _plan_positions(w, w.mine)
    names = {p: records.get(w.db, "positions", p)["name"] for p in (first, second)}
    for n, position, practised in ((0, first, ["MAN-1"]), (1, second, ["MAN-1", "CAL-1"])):
        logbook.write_week(w.db, agreement_id=w.mine, week=w.week(n), values={
            "activities": "Torneado", "position_id": position, "competency_ids": [codes[c] for c in practised]})
    shown = " ".join(pdf_text(week_pdf(w.db, w.mine, w.week(1), lang="en")).split())
    assert f"Learning position {names[second]}" in shown  # the recorded one, not the plan's for the week
    assert "Competencies practised" in shown and "CAL-1 Inspecciona lotes" in shown
    assert "MAN-2" not in shown
    # A week not yet written prints the plan's position's competencies to tick by hand.
    blank = " ".join(pdf_text(week_pdf(w.db, w.mine, w.week(3), lang="en")).split())
    assert "MAN-2 Lubrica maquinaria" in blank
    text = " ".join(pdf_text(render.progress_pdf(w.db, agreement_id=w.mine, lang="en")).split())
    assert f"Learning positions (weeks): {names[first]} 1; {names[second]} 1." in text
    assert "Competencies practised (weeks): MAN-1 Mide piezas con calibrador 2; CAL-1 Inspecciona lotes 1." in text


def test_the_command_line_adds_sets_and_shows_the_weeks_learning(world: World, cli) -> None:  # type: ignore[no-untyped-def]
    import json

    w = world
    codes = add_catalogue(w)
    first, second = _plan_positions(w, w.mine)
    name = records.get(w.db, "positions", second)["name"]
    code, out, err = cli(w.db, "add", "logbook", f"agreement_id={w.mine}", f"week_start={w.week(0).isoformat()}",
                         "activities=Torneado", f"position_id={first}", f"competency_ids={codes['MAN-1']}")
    assert code == 0, err
    week = records.list_records(w.db, "logbook")[0]["id"]
    code, _out, err = cli(w.db, "set", "logbook", str(week), f"position_id={second}",
                          f"competency_ids={codes['MAN-1']},{codes['CAL-1']}")
    assert code == 0, err
    code, out, err = cli(w.db, "logbook", "show", str(w.mine))
    assert code == 0 and f"{name}  MAN-1, CAL-1" in out, out
    code, out, _err = cli(w.db, "logbook", "show", str(w.mine), "--json")
    first_week = json.loads(out)["weeks"][0]
    assert first_week["position"] == name and first_week["competencies"] == ["MAN-1", "CAL-1"]
    # One report shown in the user's words: its position by name, its competencies by code (issue 25, trial 9).
    code, out, _err = cli(w.db, "show", "logbook", str(week))
    assert code == 0 and f"Learning position: {name}\n" in out and "Competencies practised: MAN-1, CAL-1\n" in out
    assert "position_id" not in out and "competency_ids" not in out and "Status: being written\n" in out, out
    # A competency of no position of the plan, by the command line too: refused naming the field, exit 1.
    stranger = records.create(w.db, "positions", {"company_id": w.company, "name": "Almacén"},
                              accept_warnings=True).id
    code, _out, err = cli(w.db, "set", "logbook", str(week), f"position_id={stranger}")
    assert code == 1 and "Learning position:" in err and "rotation plan" in err, err  # named by its label
    assert "position_id" not in err, err
    assert records.get(w.db, "logbook", week)["position_id"] == second
