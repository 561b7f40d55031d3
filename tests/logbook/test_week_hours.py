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
    from vetdesk.services.settings import save_office_settings

    # Weekly reports kept in vetdesk since before the agreement began: its weeks are in the exchange file.
    save_office_settings(db, {"logbook_kept_since": (START - timedelta(weeks=10)).isoformat()})
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


def test_vetdesk_check_reports_a_stored_week_beyond_the_limit_with_the_form_s_words(db, cli) -> None:
    """A week stored before the rule (here: the apprentice's birth date corrected afterwards, making them 15 that
    week) is found by ``vetdesk check`` with the message the form gives on saving."""
    from sqlalchemy import update

    from vetdesk.services.checks import check_database
    from vetdesk.storage.models import Apprentice, LearningAgreement

    company = f.make_company(db)
    instructor = f.make_instructor(db, company_id=company)
    apprentice = f.make_apprentice(db, birth_date=date(START.year - 20, 1, 1))
    agreement = f.make_agreement(db, company_id=company, instructor_id=instructor, programme_id=f.make_programme(db),
                                 apprentice_id=apprentice, start_date=START, end_date=START + timedelta(days=364),
                                 company_days=5, daily_hours="8")
    f.activate(db, agreement)
    week = START - timedelta(days=START.weekday()) + timedelta(weeks=1)
    stored = records.create(db, "logbook", {"agreement_id": agreement, "week_start": week, "hours": "40",
                                            "activities": "Línea", "status": "submitted"},
                            accept_warnings=True).id
    assert [x for x in check_database(db) if x.kind == "logbook"] == []
    fifteen = date(START.year - 15, START.month, 1)
    with db.engine.begin() as conn:  # a correction made before the rule existed: no save rechecked the week
        conn.execute(update(Apprentice).where(Apprentice.id == apprentice).values(birth_date=fifteen))
    found = [x for x in check_database(db) if x.kind == "logbook"]
    assert [(x.record_id, x.problem.field, x.problem.code) for x in found] == [(stored, "hours", "hours.minor_week")]
    with db.engine.connect() as conn:
        row = conn.execute(select_agreement(LearningAgreement, agreement)).one()
    form = working_time.week_hours(fifteen, week, Decimal(40), row.daily_hours, row.company_days,
                                   cites_jarbschg=False)
    assert found[0].problem.message == form[0].message
    code, out, _err = cli(db, "check")
    from tests.cli.test_cli_check_words import named

    assert f"{named(db, 'logbook', stored)}: " in out and "40" in out and "15" in out


def select_agreement(model, agreement_id: int):  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    return select(model.daily_hours, model.company_days).where(model.id == agreement_id)
