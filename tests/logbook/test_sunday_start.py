"""Issue 25, trial item 1: an agreement that starts on a Sunday begins its training on the Monday after, so the week
holding that Sunday is not one of its weeks — not in its record, not on the dashboard, not in the first week due
stored with it, not writable, not in the exchange file. One definition (domain.logbook.training_weeks)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from tests import factories as f
from tests.logbook.conftest import OFFICER, TODAY
from vetdesk.domain import logbook as L
from vetdesk.domain.problems import RuleViolation
from vetdesk.services import dashboard, exchange, logbook
from vetdesk.services.office import Office
from vetdesk.services.uow import Actor

#: The latest Monday whose week is overdue today (the office's 14 days).
LAST_OVERDUE = L.overdue_before(TODAY, 14)
#: A Sunday: the week it ends is overdue; the week after it, its first week of training, is not yet.
SUNDAY = LAST_OVERDUE + timedelta(days=6)


def test_first_training_day_and_weeks() -> None:
    assert SUNDAY.weekday() == 6
    assert L.first_training_day(SUNDAY) == SUNDAY + timedelta(days=1)
    assert L.first_week(SUNDAY) == SUNDAY + timedelta(days=1)
    saturday = SUNDAY - timedelta(days=1)
    assert L.first_training_day(saturday) == saturday and L.first_week(saturday) == LAST_OVERDUE
    assert L.training_weeks(SUNDAY, SUNDAY + timedelta(days=7)) == [SUNDAY + timedelta(days=1)]
    assert L.training_weeks(SUNDAY, SUNDAY) == []
    assert L.first_due(SUNDAY, []) == SUNDAY + timedelta(days=1)
    assert L.last_start_owing(LAST_OVERDUE) == saturday


def _sunday_agreement(db: Office) -> tuple[int, int]:
    from vetdesk.services.settings import save_office_settings

    # The office keeps weekly reports in vetdesk since long before (from today on, no week here would be owed).
    save_office_settings(db, {"logbook_kept_since": (SUNDAY - timedelta(weeks=8)).isoformat()})
    company = f.make_company(db)
    instructor = f.make_instructor(db, company_id=company, name="Ing. Sofía Domínguez")
    agreement = f.make_agreement(db, company_id=company, instructor_id=instructor,
                                 programme_id=f.make_programme(db), apprentice_id=f.make_apprentice(db),
                                 start_date=SUNDAY, end_date=SUNDAY + timedelta(days=364),
                                 training_record_form="electronic")
    f.activate(db, agreement)
    return agreement, instructor


def _overdue(db: Office) -> list[int]:
    dash = dashboard.dashboard(db)
    first = dashboard.first_screen(db.url) if db.is_sqlite else dash
    assert sorted(first.item("logbook_overdue").filters["ids"]) == sorted(dash.item("logbook_overdue").filters["ids"])
    return sorted(dash.item("logbook_overdue").filters["ids"])


def test_the_week_before_a_sunday_start_is_owed_nowhere(db: Office, tmp_path: Path) -> None:
    agreement, instructor = _sunday_agreement(db)
    before = L.monday(SUNDAY)
    # The record's weeks start with the Monday after the Sunday.
    found = logbook.agreement_logbook(db, agreement)
    assert found.lines[0].state.monday == SUNDAY + timedelta(days=1)
    assert before not in [line.state.monday for line in found.lines]
    # Nothing is overdue: the first week ended less than the office's 14 days ago.
    assert not found.state.overdue
    assert agreement not in _overdue(db)
    mine = dashboard.dashboard(db.as_user(Actor("sofia", "instructor", instructor)))
    assert agreement not in mine.item("logbook_overdue").filters["ids"]
    # The week before cannot be written (nor countersigned).
    with pytest.raises(RuleViolation) as refused:
        logbook.write_week(db, agreement_id=agreement, week=before,
                           values={"activities": "Inducción", "status": "submitted"})
    assert [p.code for p in refused.value.problems] == ["logbook.week"]
    # The exchange file holds the weeks from the Monday after.
    book = exchange.export_workbook(db.as_user(OFFICER), tmp_path / "s.xlsx", instructor_id=instructor)
    with db.reader() as session:
        from vetdesk.storage.models import LogbookExchange

        content = session.query(LogbookExchange).one().content
    weeks = [date.fromisoformat(r["week"]) for r in content["rows"]]
    assert book.rows == len(weeks) and weeks[0] == SUNDAY + timedelta(days=1) and before not in weeks
    # Countersigning the first week moves the first week due to the next one.
    week = logbook.write_week(db, agreement_id=agreement, week=SUNDAY + timedelta(days=1),
                              values={"activities": "Inducción y seguridad", "hours": "30", "status": "submitted"}).id
    logbook.review(db, week, decision="approve")
    with db.reader() as session:
        due = session.execute(text("SELECT logbook_due FROM learning_agreements WHERE id = :id"),
                              {"id": agreement}).scalar()
    assert str(due)[:10] == (SUNDAY + timedelta(days=8)).isoformat()
    assert agreement not in _overdue(db)
