"""The dashboard's counts against a database built through the real services, on both backends."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests import factories as f
from vetdesk.domain.dates import add_months
from vetdesk.services import records
from vetdesk.services.dashboard import dashboard
from vetdesk.services.settings import save_office_settings
from vetdesk.storage.models import Apprentice, Competency

TODAY = f.TODAY


def _competency(db, programme_id: int) -> int:
    # The catalogue has no record service yet: the test writes its competency directly.
    with db.writer() as session:
        c = Competency(programme_id=programme_id, area="Mantenimiento", code="C1", title="Mide piezas",
                       kind="technical", position=1)
        session.add(c)
        session.commit()
        return c.id


def _forget_guardian_phone(db, apprentice_id: int) -> None:
    # The services refuse to break an open agreement this way; data imported or recorded before that
    # rule can still hold it, which is what the dashboard is there to find.
    with db.writer() as session:
        session.get(Apprentice, apprentice_id).guardian_phone = None
        session.commit()


def _active(db, **kw) -> int:
    start = kw.pop("start_date", TODAY - timedelta(days=100))
    end = kw.pop("end_date", add_months(start, 12))
    agreement_id = f.make_agreement(db, start_date=start, end_date=end, **kw)
    f.activate(db, agreement_id)
    return agreement_id


@pytest.fixture
def office(db):
    """A small office: one company and programme, agreements in every state the dashboard looks at."""
    company = f.make_company(db, name="Autopartes Puebla")
    other_company = f.make_company(db, name="Vidrios del Bajío")
    programme = f.make_programme(db, name="Mecatrónica")
    second_programme = f.make_programme(db, name="Logística")
    busy = f.make_instructor(db, company_id=company, capacity=1)
    unqualified = f.make_instructor(db, company_id=other_company, qualification=None, qualification_date=None)
    ids: dict[str, int] = {"company": company, "programme": programme, "busy": busy,
                           "unqualified": unqualified}
    common = {"company_id": company, "programme_id": programme, "instructor_id": busy}

    # Drafts and printed ones: to print / to sign; the draft also starts within 30 days.
    ids["draft"] = f.make_agreement(db, start_date=TODAY + timedelta(days=10), **common)
    ids["printed"] = f.make_agreement(db, start_date=TODAY + timedelta(days=60), **common)
    records.update(db, "agreements", ids["printed"], {"status": "printed"}, accept_warnings=True)

    # Active, ends within 30 days, never assessed: "ending soon" and "without assessment".
    ids["ending_apprentice"] = f.make_apprentice(db, sex="M")
    ids["ending"] = _active(db, apprentice_id=ids["ending_apprentice"],
                            start_date=TODAY - timedelta(days=340), end_date=TODAY + timedelta(days=20),
                            **common)
    # Active and assessed last week: not silent; insurance expires in 10 days (before the end).
    ids["assessed_apprentice"] = f.make_apprentice(db, sex="X")
    ids["assessed"] = _active(db, apprentice_id=ids["assessed_apprentice"], company_id=company,
                              programme_id=second_programme, instructor_id=busy)
    records.update(db, "agreements", ids["assessed"],
                   {"insurance_expiry": (TODAY + timedelta(days=10)).isoformat()}, accept_warnings=True)
    records.create(db, "assessments", {"agreement_id": ids["assessed"],
                                       "competency_id": _competency(db, second_programme),
                                       "assessed_on": (TODAY - timedelta(days=7)).isoformat(), "level": 3})
    # Active, with the unqualified instructor of the other company, started only a week ago (not silent yet).
    ids["recent"] = _active(db, company_id=other_company, programme_id=programme, instructor_id=unqualified,
                            start_date=TODAY - timedelta(days=7))
    # A minor's open agreement (guardian given), then the guardian is removed; no STPS permit either.
    ids["minor"] = f.make_apprentice(db, birth_date=f.minor_birth_date(16), sex="M")
    ids["minor_agreement"] = f.make_agreement(db, apprentice_id=ids["minor"],
                                              start_date=TODAY + timedelta(days=90), company_id=other_company,
                                              programme_id=programme, instructor_id=unqualified,
                                              stps_permit_number=None)
    _forget_guardian_phone(db, ids["minor"])
    # A minor with guardian and permit: on no list.
    ids["good_minor"] = f.make_apprentice(db, birth_date=f.minor_birth_date(16))
    f.make_agreement(db, apprentice_id=ids["good_minor"], start_date=TODAY + timedelta(days=90),
                     company_id=other_company, programme_id=programme, instructor_id=unqualified,
                     stps_permit_number="STPS-1", stps_permit_date=TODAY.isoformat())
    # Ended agreements for the outcome figure: one completed, one terminated.
    ids["completed"] = _active(db, start_date=TODAY - timedelta(days=400),
                               end_date=TODAY - timedelta(days=35), company_id=other_company,
                               programme_id=programme, instructor_id=unqualified)
    records.update(db, "agreements", ids["completed"], {"status": "completed"}, accept_warnings=True)
    ids["terminated"] = _active(db, start_date=TODAY - timedelta(days=200), company_id=other_company,
                                programme_id=programme, instructor_id=unqualified)
    records.update(db, "agreements", ids["terminated"],
                   {"status": "terminated", "termination_reason": "Mudanza"}, accept_warnings=True)
    return ids


def _counted(db, status: str) -> int:
    return records.count_records(db, "agreements", records.ListQuery(status=status))


def test_items_match_the_database(db, office):
    dash = dashboard(db, today=TODAY)
    item = dash.item

    assert item("to_print").count == _counted(db, "draft") == 3
    assert item("to_print").filters["status"] == "draft" and item("to_print").kind == "agreements"
    assert item("to_sign").count == _counted(db, "printed") == 1
    assert item("starting_soon").filters["ids"] == [office["draft"]]
    assert item("ending_soon").filters["ids"] == [office["ending"]]
    assert item("insurance").filters["ids"] == [office["assessed"]]
    assert item("no_assessment").kind == "apprentices"
    assert item("no_assessment").filters["ids"] == [office["ending_apprentice"]]
    # busy has capacity 1 and 3 current agreements (printed, ending, assessed).
    assert item("over_capacity").filters["ids"] == [office["busy"]]
    assert item("unqualified").filters["ids"] == [office["unqualified"]]
    assert item("minor_guardian").filters["ids"] == [office["minor"]]
    assert item("minor_permit").filters["ids"] == [office["minor_agreement"]]
    for i in dash.items:
        assert i.count == len(i.filters.get("ids", [])) or "ids" not in i.filters
        assert i.title and i.filters["title"] and i.description

    assert dash.active_total == _counted(db, "active") == 3
    assert {b.label: b.value for b in dash.by_programme} == {"Mecatrónica": 2, "Logística": 1}
    assert dash.by_programme[0].filters == {"programme_id": office["programme"], "status": "active",
                                            "title": "Mecatrónica"}
    assert {b.label: b.value for b in dash.by_company} == {"Autopartes Puebla": 2, "Vidrios del Bajío": 1}
    # ending and recent (default sex H in the factory for recent), assessed is X, ending is M.
    assert {b.label: b.value for b in dash.by_sex} == {"Women": 1, "Men": 1, "Non-binary": 1}
    years = {o.year: (o.completed, o.terminated) for o in dash.outcomes}
    completed_year = (TODAY - timedelta(days=35)).year
    terminated_year = TODAY.year  # terminated today
    assert sum(c for c, _t in years.values()) == 1 and sum(t for _c, t in years.values()) == 1
    assert years[completed_year][0] == 1 and years[terminated_year][1] == 1


def test_thresholds_come_from_the_office_settings(db, office):
    save_office_settings(db, {"instructor_capacity": 5, "weeks_without_assessment": 60})
    dash = dashboard(db, today=TODAY)
    # busy's own capacity (1) wins over the office's; an office threshold of 60 weeks silences everyone.
    assert dash.item("over_capacity").filters["ids"] == [office["busy"]]
    assert dash.item("no_assessment").count == 0
    assert "60 weeks" in dash.item("no_assessment").title
    records.update(db, "instructors", office["busy"], {"capacity": None})
    assert dashboard(db, today=TODAY).item("over_capacity").count == 0
    # Under a stricter office (2), busy's three apprentices are over it, unless busy's own capacity is larger.
    save_office_settings(db, {"instructor_capacity": 2})
    assert dashboard(db, today=TODAY).item("over_capacity").filters["ids"] == [office["busy"]]
    records.update(db, "instructors", office["busy"], {"capacity": 3})
    assert dashboard(db, today=TODAY).item("over_capacity").count == 0


def test_insurance_expiring_soon_or_before_the_end(db):
    """Each way onto the insurance list, and the ways off it (two index ranges since migration 0011)."""
    def insured(expiry_days: int, end_days: int, **kw) -> int:
        agreement = _active(db, end_date=TODAY + timedelta(days=end_days), **kw)
        records.update(db, "agreements", agreement,
                       {"insurance_expiry": (TODAY + timedelta(days=expiry_days)).isoformat()}, accept_warnings=True)
        return agreement

    soon = insured(10, 200)  # within the 30 days' notice, and before the end
    soon_after_end = insured(10, 5)  # within the notice, after the end
    gap = insured(120, 200)  # far off, but the agreement outlives it
    insured(120, 60)  # far off and after the end: covered
    insured(-5, 200)  # already expired: expiring "soon" in the past still needs the renewed policy
    ended = insured(5, -3, start_date=TODAY - timedelta(days=300))  # ended already: no longer current
    # Printed with the whole term covered; the policy recorded since expires before the end.
    printed = f.make_agreement(db, start_date=TODAY + timedelta(days=40), end_date=TODAY + timedelta(days=400))
    records.update(db, "agreements", printed, {"status": "printed"}, accept_warnings=True)
    records.update(db, "agreements", printed, {"insurance_expiry": (TODAY + timedelta(days=100)).isoformat()},
                   accept_warnings=True)
    draft = f.make_agreement(db, start_date=TODAY + timedelta(days=40), end_date=TODAY + timedelta(days=400),
                             insurance_expiry=(TODAY + timedelta(days=100)).isoformat())

    listed = dashboard(db, today=TODAY).item("insurance").filters["ids"]
    assert soon in listed and soon_after_end in listed and gap in listed and printed in listed
    assert ended not in listed and draft not in listed
    assert len(listed) == 5


def test_an_adult_on_the_start_date_is_no_minor(db):
    # 17 today, 18 by the start date: no guardian needed, nothing to report.
    birth = date(TODAY.year - 18, TODAY.month, 1) + timedelta(days=40)
    apprentice = f.make_apprentice(db, birth_date=birth, guardian=False)
    start = birth.replace(year=birth.year + 18) + timedelta(days=1)
    f.make_agreement(db, apprentice_id=apprentice, start_date=start)
    dash = dashboard(db, today=TODAY)
    assert dash.item("minor_guardian").count == 0 and dash.item("minor_permit").count == 0


def test_top_ten_companies_and_the_rest(db):
    programme = f.make_programme(db)
    for n in range(12):
        company = f.make_company(db, name=f"Empresa {n:02d}")
        for _i in range(1 if n < 11 else 2):
            _active(db, company_id=company, programme_id=programme)
    bars = dashboard(db, today=TODAY).by_company
    assert len(bars) == 11
    assert bars[0].label == "Empresa 11" and bars[0].value == 2
    assert bars[-1].label == "Other companies (2)" and bars[-1].value == 2 and bars[-1].filters == {}
    assert sum(b.value for b in bars) == 13


def test_the_first_screen_reads_the_same_figures_on_a_bare_sqlite_connection(sqlite_db):
    """The window's first screen counts on a read-only sqlite3 connection before SQLAlchemy is loaded; it runs
    the service's own SQL, so both must agree on every item, id, bar and outcome (office settings included)."""
    from vetdesk.services.dashboard import first_screen

    db = sqlite_db
    ids = office.__wrapped__(db)
    save_office_settings(db, {"instructor_capacity": 2, "weeks_without_assessment": 1})
    plain = first_screen(db.url, today=TODAY)
    assert plain == dashboard(db, today=TODAY)
    assert plain.item("minor_guardian").filters["ids"] == [ids["minor"]]
    assert "1 week" in plain.item("no_assessment").title and plain.item("over_capacity").count == 1
    assert plain.active_total == 3 and sum(b.value for b in plain.by_company) == 3
    # The window's start reads the thresholds with its first look and counts with them.
    from vetdesk.services.firststart import first_look

    look = first_look(db.url)
    assert look is not None and look.thresholds.instructor_capacity == 2
    assert look.thresholds.weeks_without_assessment == 1
    assert first_screen(db.url, today=TODAY, limits=look.thresholds) == plain


def test_a_first_screen_count_that_fails_on_its_thread_reports_that_failure(sqlite_db):
    """The statement runs on a thread of its own; its failure is the result's, and a URL that is no SQLite
    file is refused before any thread starts."""
    import sqlite3

    from vetdesk.services.dashboard import start_first_screen
    from vetdesk.storage.plain import sqlite_file

    db = sqlite_db
    office.__wrapped__(db)
    path = sqlite_file(db.url)
    db.dispose()
    with sqlite3.connect(path) as broken:  # a table the count reads
        broken.execute("DROP TABLE instructors")
    counted = start_first_screen(db.url, today=TODAY)
    with pytest.raises(sqlite3.OperationalError, match="instructors"):
        counted.result(timeout=30)
    with pytest.raises(ValueError, match="not a SQLite file"):
        start_first_screen("postgresql+psycopg://nobody@localhost/none", today=TODAY)


def test_wizard_lookups_list_the_company_s_plans_and_instructors(db):
    from vetdesk.services import lookups

    company, other = f.make_company(db), f.make_company(db)
    programme = f.make_programme(db)
    store = records.create(db, "positions", {"company_id": company, "name": "Almacén"}).id
    workshop = records.create(db, "positions", {"company_id": company, "name": "Mantenimiento"}).id
    plan_id = records.create(db, "rotation_plans", {
        "company_id": company, "programme_id": programme, "name": "Plan MECA",
        "steps": [{"position_id": store, "weeks": 12}, {"position_id": workshop, "weeks": 20}]}).id
    records.create(db, "rotation_plans", {"company_id": other, "programme_id": programme, "name": "Ajeno"},
                   accept_warnings=True)
    assert lookups.rotation_plans(db, company_id=company, programme_id=programme) == [
        lookups.Choice(plan_id, "Plan MECA", "2 learning positions · 32 weeks")]
    assert lookups.rotation_plans(db, company_id=company, programme_id=f.make_programme(db)) == []

    mine = f.make_instructor(db, company_id=company, name="Ing. Marta Ríos", capacity=2)
    f.make_instructor(db, company_id=other, name="Ing. Marta Ruiz")
    found = lookups.choices(db, "instructors", search="marta", company_id=company)
    assert [(c.id, c.label, c.detail) for c in found] == [(mine, "Ing. Marta Ríos", "AdA-International · capacity 2")]


def test_a_sex_outside_the_known_letters_still_counts(office, db):
    """The rules refuse other letters; one written past them (by hand, an old import) still shows."""
    from sqlalchemy import text

    with db.engine.begin() as conn:
        conn.execute(text("UPDATE apprentices SET sex = 'Q' WHERE sex = 'X'"))
    by_sex = {b.label: b.value for b in dashboard(db, today=TODAY).by_sex}
    assert by_sex == {"Women": 1, "Men": 1, "Non-binary": 0, "Q": 1}


def test_ids_kept_as_text_are_counted_and_read_as_the_list_they_stand_for() -> None:
    from vetdesk.services.dashboard import IdText

    ids = IdText("7,3,12")
    assert len(ids) == 3 and list(ids) == [7, 3, 12] and ids[1] == 3 and ids == [7, 3, 12] and ids != [7, 3]
    assert len(IdText("")) == 0 and list(IdText("")) == [] and len(IdText("5")) == 1
