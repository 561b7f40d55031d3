"""An agreement without a rotation plan still has its weeks and a grid in the exchange workbook: the position
cells empty (no drop-down to choose from), the programme's competencies to rate; its ratings come back without a
position, and a position typed for it is refused."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import update

from tests import factories as f
from tests.logbook.conftest import OFFICER, START, World, add_catalogue, fill
from vetdesk.domain.problems import RuleViolation
from vetdesk.services import exchange, logbook, records
from vetdesk.storage.models import Assessment, LearningAgreement


@pytest.fixture
def planless(world: World) -> tuple[World, int, dict[str, int]]:
    """A third apprentice of Iván's, on an agreement of the same programme without a rotation plan."""
    w = world
    codes = add_catalogue(w)
    programme = records.get(w.db, "agreements", w.mine)["programme_id"]
    agreement = f.make_agreement(w.db, company_id=w.company, instructor_id=w.instructor, programme_id=programme,
                                 apprentice_id=f.make_apprentice(w.db, first_surname="Ávila"), start_date=START,
                                 end_date=START + timedelta(days=364))
    f.activate(w.db, agreement)
    # Signed before vetdesk asked for a plan (printing for signature now attaches one): an older database's
    # agreement, as an upgrade brings it.
    with w.db.writer() as session:
        session.execute(update(LearningAgreement).where(LearningAgreement.id == agreement)
                        .values(rotation_plan_id=None))
        session.commit()
    assert records.get(w.db, "agreements", agreement)["rotation_plan_id"] is None
    return w, agreement, codes


def test_the_planless_agreement_has_weeks_and_a_grid(planless, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    w, agreement, codes = planless
    path = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "ivan.xlsx", instructor_id=w.instructor,
                                    language="en").path
    wb = openpyxl.load_workbook(path)
    weekly, ratings = wb.worksheets[0], wb.worksheets[1]
    mine = [r for r in range(exchange.FIRST_ROW, weekly.max_row + 1)
            if str(weekly.cell(r, 1).value).startswith(f"{agreement}:")]
    assert len(mine) == 7  # its weeks, like the others'
    assert all(weekly.cell(r, exchange.POSITION + 1).value is None for r in mine)
    grid = {ratings.cell(r, exchange.R_CODE + 1).value: r for r in range(exchange.FIRST_ROW, ratings.max_row + 1)
            if str(ratings.cell(r, 1).value).startswith(f"{agreement}:")}
    assert set(grid) == {"MAN-1", "MAN-2", "CAL-1"}
    assert all(ratings.cell(r, exchange.R_POSITION + 1).value is None for r in grid.values())
    row = mine[0]
    filled = fill(path, tmp_path / "f.xlsx", {(row, exchange.ACTIVITIES + 1): "Inducción",
                                              (row, exchange.PRACTISED + 1): "CAL-1"})
    filled = fill(filled, filled, {(grid["CAL-1"], exchange.R_LEVEL + 1): "2 = guided"}, sheet=1)
    assert exchange.import_workbook(w.db.as_user(OFFICER), filled).written
    week = next(r for r in records.list_records(w.db, "logbook") if r["agreement_id"] == agreement)
    assert week["position_id"] is None and week["competency_ids"] == [codes["CAL-1"]]
    with w.db.reader() as session:
        rating = session.query(Assessment).filter(Assessment.agreement_id == agreement).one()
        assert (rating.level, rating.position_id, rating.rater_name) == (2, None, "Ing. Iván Robles")
    # A position typed for it: the agreement has none to choose from.
    refused = fill(path, tmp_path / "bad.xlsx", {(mine[1], exchange.ACTIVITIES + 1): "x",
                                                 (mine[1], exchange.POSITION + 1): "1. Torno"})
    with pytest.raises(RuleViolation) as caught:
        exchange.import_workbook(w.db.as_user(OFFICER), refused)
    assert "has no rotation plan" in caught.value.problems[0].message


def test_a_week_of_a_planless_agreement_names_no_position(planless) -> None:  # type: ignore[no-untyped-def]
    w, agreement, codes = planless
    choices = logbook.learning_choices(w.db, agreement_id=agreement, week=w.week(0))
    assert choices.positions == () and choices.planned is None
    assert [c for _label, c in choices.competencies] == [codes["MAN-1"], codes["MAN-2"], codes["CAL-1"]]
