"""Roles over the training set-up: officers write it; instructors read their own company's learning positions, rotation
plans and their apprentices' rotation, nothing of other companies, and change nothing; viewers only read."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests import factories as f
from vetdesk.domain.problems import RuleViolation
from vetdesk.services import attachments, records, training
from vetdesk.services.uow import Actor

VIEWER = Actor("vera", "viewer")
OFFICER = Actor("olga", "officer")


@pytest.fixture
def world(db):  # type: ignore[no-untyped-def]
    """Two companies, each with a learning position and a plan; an instructor of the first with an active
    agreement on its plan, and that agreement's first period at its position."""
    programme = f.make_programme(db)
    out = {"db": db, "programme": programme}
    for key in ("mine", "other"):
        company = f.make_company(db)
        instructor = f.make_instructor(db, company_id=company)
        position = records.create(db, "positions", {"company_id": company, "name": "Taller",
                                                    "instructor_id": instructor}).id
        plan = records.create(db, "rotation_plans", {"company_id": company, "programme_id": programme,
                                                     "name": "Plan", "steps": [{"position_id": position,
                                                                                "weeks": 52}]}).id
        out[key] = {"company": company, "instructor": instructor, "position": position, "plan": plan}
    start = date.today() - timedelta(days=30)
    agreement = f.make_agreement(db, company_id=out["mine"]["company"], instructor_id=out["mine"]["instructor"],
                                 programme_id=programme, rotation_plan_id=out["mine"]["plan"], start_date=start,
                                 end_date=start + timedelta(days=365))
    f.activate(db, agreement)
    out["period"] = records.create(db, "rotations", {"agreement_id": agreement, "position_id": out["mine"]["position"],
                                                     "actual_start": start}).id
    out["agreement"] = agreement
    school = f.make_school(db)
    out["collaboration"] = f.make_collaboration(db, school_id=school, company_id=out["mine"]["company"], active=False)
    out["instructor"] = Actor("ivan", "instructor", out["mine"]["instructor"])
    return out


def _refused(call) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleViolation) as refused:
        call()
    assert refused.value.problems[0].code.startswith("permission"), refused.value.problems


@pytest.mark.parametrize("role", ["viewer", "instructor"])
def test_the_set_up_is_written_by_officers_only(world, role) -> None:  # type: ignore[no-untyped-def]
    db = world["db"]
    who = db.as_user(VIEWER if role == "viewer" else world["instructor"])
    mine = world["mine"]
    _refused(lambda: records.create(who, "positions", {"company_id": mine["company"], "name": "Almacén"}))
    _refused(lambda: records.update(who, "positions", mine["position"], {"name": "Taller 2"}))
    _refused(lambda: records.update(who, "rotation_plans", mine["plan"], {"name": "Plan 2"}))
    _refused(lambda: training.new_plan_version(who, mine["plan"]))
    _refused(lambda: records.create(who, "competencies", {"programme_id": world["programme"], "area": "A",
                                                          "code": "X1", "title": "Medir"}))
    _refused(lambda: records.update(who, "rotations", world["period"], {"notes": "cambio"}))
    _refused(lambda: records.create(who, "coordinators", {"name": "Karla"}))
    _refused(lambda: records.update(who, "collaborations", world["collaboration"], {"status": "printed"}))
    _refused(lambda: training.print_collaborations_for_signature(who, [world["collaboration"]]))
    _refused(lambda: attachments.attach(who, collaboration_id=world["collaboration"], filename="scan.pdf",
                                        content=b"%PDF-1.4"))
    officer = db.as_user(OFFICER)
    changed = records.update(officer, "positions", mine["position"], {"department": "Taller 2"}).record
    assert changed["department"] == "Taller 2"  # (its name is printed in an agreement's annex: kept)


def test_an_instructor_reads_their_own_company_s_plans_only(world) -> None:  # type: ignore[no-untyped-def]
    who = world["db"].as_user(world["instructor"])
    mine, other = world["mine"], world["other"]
    assert records.list_ids(who, "positions") == [mine["position"]]
    assert records.list_ids(who, "rotation_plans") == [mine["plan"]]
    assert records.list_ids(who, "rotations") == [world["period"]]
    assert records.get(who, "rotation_plans", mine["plan"])["steps"] == [{"position_id": mine["position"],
                                                                          "weeks": 52}]
    with pytest.raises(RuleViolation):
        records.get(who, "rotation_plans", other["plan"])
    assert [line.row.name for line in training.agreement_rotation(who, world["agreement"])] == ["Taller"]
    _refused(lambda: records.list_ids(who, "collaborations"))  # the school–company frame is the office's
    _refused(lambda: records.list_ids(who, "coordinators"))


def test_a_viewer_reads_the_whole_set_up(world) -> None:  # type: ignore[no-untyped-def]
    who = world["db"].as_user(VIEWER)
    assert len(records.list_ids(who, "rotation_plans")) == 2
    # (the agreement's school has its own collaboration with the company, tests.factories.agreement_values)
    assert world["collaboration"] in records.list_ids(who, "collaborations")
    assert records.list_ids(who, "collaborations") == records.list_ids(world["db"], "collaborations")
    assert len(records.list_ids(who, "collaborations")) == 2
    assert training.coverage(who, world["programme"]).plans
