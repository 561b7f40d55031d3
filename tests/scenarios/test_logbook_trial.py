"""Issue 25's new-user trial, in the windows where the user met each defect: the office's window (dashboard, the
weekly reports) and instructor mode (``vetdesk --exchange FILE.xlsx``)."""

from __future__ import annotations

from datetime import timedelta

from tests import factories as f
from tests.logbook.conftest import OFFICER, TODAY
from tests.scenarios.person import Person
from tests.scenarios.test_logbook import _card_count, _close, _window
from vetdesk.domain import logbook as L
from vetdesk.services import logbook
from vetdesk.services.uow import Actor


def test_an_agreement_starting_on_a_sunday_owes_no_week_before(qtbot, sqlite_db, qsettings, monkeypatch,
                                                                language) -> None:  # type: ignore[no-untyped-def]
    """The Sunday ends a week that is overdue today: the agreement owes its first week from the Monday after, so
    the instructor's dashboard counts no agreement overdue, and the agreement's record begins on that Monday."""
    sunday = L.overdue_before(TODAY, 14) + timedelta(days=6)
    db = sqlite_db
    company = f.make_company(db)
    instructor = f.make_instructor(db, company_id=company, name="Ing. Sofía Domínguez")
    agreement = f.make_agreement(db, company_id=company, instructor_id=instructor, programme_id=f.make_programme(db),
                                 apprentice_id=f.make_apprentice(db), start_date=sunday,
                                 end_date=sunday + timedelta(days=364))
    f.activate(db, agreement)
    window = _window(qtbot, db.as_user(Actor("sofia", "instructor", instructor)), qsettings, monkeypatch)
    person = Person(qtbot, window, f"logbook-sunday-start-{language}")
    try:
        assert _card_count(qtbot, window, "logbook_overdue") == "0"
        person.shot("dashboard-nothing-overdue")
    finally:
        _close(qtbot, window, monkeypatch)
    office = _window(qtbot, db.as_user(OFFICER), qsettings, monkeypatch)
    try:
        assert _card_count(qtbot, office, "logbook_overdue") == "0"
    finally:
        _close(qtbot, office, monkeypatch)
    assert logbook.agreement_logbook(db, agreement).lines[0].state.monday == sunday + timedelta(days=1)
