"""A week's hours at the company against what the agreement and the law allow (issue 25, a new user's trial: a
15-year-old's 72 hours a week came in through the exchange file and were countersigned, 56 through ``vetdesk add
logbook``). One rule (domain.working_time.week_hours) in the reports' rules: a minor's week beyond the agreement's
or the law's hours is refused on every way in; an adult's beyond the agreement's is a warning."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

import tests.factories as f
from tests.logbook.conftest import OFFICER, START, fill
from tests.logbook.test_exchange import ACTIVITIES, HOURS, MON, row_of
from vetdesk.domain import working_time
from vetdesk.domain.problems import RuleViolation
from vetdesk.services import exchange, logbook, records


def _minor_agreement(db) -> tuple[int, int]:
    company = f.make_company(db)
    instructor = f.make_instructor(db, company_id=company, name="Ing. Iván Robles")
    apprentice = f.make_apprentice(db, birth_date=date(START.year - 15, START.month, 1))
    agreement = f.make_agreement(db, company_id=company, instructor_id=instructor, programme_id=f.make_programme(db),
                                 apprentice_id=apprentice, start_date=START, end_date=START + timedelta(days=364))
    f.activate(db, agreement)
    return agreement, instructor


def test_the_rule_names_the_least_limit_and_warns_an_adult_only() -> None:
    monday = date(2026, 11, 16)
    fifteen = date(2011, 6, 21)
    refused = working_time.week_hours(fifteen, monday, Decimal(37), None, None, cites_jarbschg=False)
    assert [(p.field, p.is_error) for p in refused] == [("hours", True)] and "36" in refused[0].message
    assert working_time.week_hours(fifteen, monday, Decimal(36), None, None, cites_jarbschg=False) == []
    # Sixteen, under the AHK contract: JArbSchG's 40 hours; the agreement's 4 days of 6 hours are less still.
    sixteen = date(2010, 1, 5)
    assert "40" in working_time.week_hours(sixteen, monday, Decimal(41), None, None, cites_jarbschg=True)[0].message
    assert "24" in working_time.week_hours(sixteen, monday, Decimal(30), Decimal(6), 4, cites_jarbschg=True)[0].message
    adult = working_time.week_hours(date(2000, 1, 1), monday, Decimal(56), Decimal(8), 5, cites_jarbschg=True)
    assert [(p.field, p.is_error) for p in adult] == [("hours", False)]


def test_a_minor_s_week_beyond_the_agreement_is_refused_when_added(db) -> None:
    agreement, _instructor = _minor_agreement(db)
    week = START - timedelta(days=START.weekday()) + timedelta(weeks=1)
    with pytest.raises(RuleViolation) as refused:
        records.create(db, "logbook", {"agreement_id": agreement, "week_start": week, "hours": "56",
                                       "activities": "Línea", "status": "submitted"})
    assert [p.field for p in refused.value.problems] == ["hours"]
    assert "15" in refused.value.problems[0].message and "56" in refused.value.problems[0].message
    assert records.list_records(db, "logbook") == []
    records.create(db, "logbook", {"agreement_id": agreement, "week_start": week, "hours": "24",
                                   "activities": "Línea", "status": "submitted"})


def test_a_minor_s_72_hours_in_the_exchange_file_are_refused(db, tmp_path: Path) -> None:
    agreement, instructor = _minor_agreement(db)
    path = exchange.export_workbook(db.as_user(OFFICER), tmp_path / "x.xlsx", instructor_id=instructor).path
    filled = fill(path, tmp_path / "f.xlsx", {(row_of(1), MON): "present", (row_of(1), HOURS): 72,
                                              (row_of(1), ACTIVITIES): "Turnos dobles"})
    with pytest.raises(RuleViolation) as refused:
        exchange.import_workbook(db.as_user(OFFICER), filled)
    assert "72" in " ".join(p.message for p in refused.value.problems)
    assert records.list_records(db, "logbook") == []
    assert logbook.agreement_logbook(db, agreement) is not None
