"""When PostgreSQL breaks a deadlock (or a serialization failure) by rolling one computer's write back, that
write is run again from the start, and only if it keeps losing is the user told to try again — never an
internal error, never half a write."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from tests import factories as f
from vetdesk.domain.problems import RuleViolation
from vetdesk.services import records
from vetdesk.services.uow import RACE_ATTEMPTS, WriteRaced, retried, unit_of_work
from vetdesk.storage.models import Company


@pytest.fixture
def pg(db):  # type: ignore[no-untyped-def]
    if db.is_sqlite:
        pytest.skip("SQLite writes one at a time: it never breaks a deadlock")
    return db


def _lose_the_race(session, state: str) -> None:  # type: ignore[no-untyped-def]
    """What the server does to the transaction it picks to break a deadlock: fail it with that SQLSTATE."""
    session.execute(text(f"DO $$ BEGIN RAISE EXCEPTION 'lost' USING ERRCODE = '{state}'; END $$"))


@pytest.mark.parametrize("state", ["40P01", "40001"])
def test_a_write_the_database_rolled_back_runs_again_and_lands_once(pg, state: str) -> None:  # type: ignore[no-untyped-def]
    company = f.make_company(pg)
    runs: list[int] = []

    @retried
    def rename() -> None:
        with unit_of_work(pg, "rename") as uow:
            uow.session.get(Company, company).name = f"Renamed {len(runs)}"
            uow.session.flush()
            runs.append(1)
            if len(runs) == 1:
                _lose_the_race(uow.session, state)

    rename()
    assert len(runs) == 2
    assert records.get(pg, "companies", company)["name"] == "Renamed 1"


def test_a_write_that_keeps_losing_says_try_again_and_writes_nothing(pg) -> None:  # type: ignore[no-untyped-def]
    company = f.make_company(pg)
    before = records.get(pg, "companies", company)["name"]
    runs: list[int] = []

    @retried
    def rename() -> None:
        with unit_of_work(pg, "rename") as uow:
            uow.session.get(Company, company).name = "Never"
            runs.append(1)
            _lose_the_race(uow.session, "40P01")

    with pytest.raises(RuleViolation) as caught:
        rename()
    assert len(runs) == RACE_ATTEMPTS
    assert isinstance(caught.value, WriteRaced)
    problem = caught.value.problems[0]
    assert problem.code == "write.conflict" and "try again" in problem.message
    assert "40P01" not in problem.message and "DO $$" not in problem.message
    assert records.get(pg, "companies", company)["name"] == before


def test_other_database_errors_are_not_run_again(pg) -> None:  # type: ignore[no-untyped-def]
    """A failure that is not a lost race (here: a division by zero) is not retried: it surfaces once."""
    runs: list[int] = []

    @retried
    def broken() -> None:
        with unit_of_work(pg, "broken") as uow:
            runs.append(1)
            uow.session.execute(text("SELECT 1 / 0"))

    with pytest.raises(Exception) as caught:
        broken()
    assert not isinstance(caught.value, RuleViolation)
    assert len(runs) == 1
    with pg.reader() as s:
        assert s.scalar(select(func.count()).select_from(Company)) == 0
