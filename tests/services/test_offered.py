"""Issue 20: what a field offers when its choices follow other fields of its record is declared on the field
(``Field.follows``) and answered by the core for every kind alike (``services.offered``), as the window's forms
offer it: an agreement's instructors are its company's, its rotation plans the company's for its programme; an
assessment's competencies, positions and levels are its agreement's."""

from __future__ import annotations

from tests import factories as f
from vetdesk.services import offered, records


def test_an_agreement_offers_its_company_s_instructors_and_plans(db) -> None:  # type: ignore[no-untyped-def]
    company, other = f.make_company(db), f.make_company(db)
    programme = f.make_programme(db)
    ours, theirs = f.make_instructor(db, company_id=company), f.make_instructor(db, company_id=other)
    plan = f.make_plan(db, company_id=company, programme_id=programme)
    assert offered.offered(db, "agreements", "instructor_id", {"company_id": None}) == []  # nothing chosen yet
    instructors = [value for _label, value in offered.offered(db, "agreements", "instructor_id",
                                                              {"company_id": company})]
    assert ours in instructors and theirs not in instructors
    plans = offered.offered(db, "agreements", "rotation_plan_id", {"company_id": company, "programme_id": programme})
    assert [value for _label, value in plans] == [plan]
    assert "(" in plans[0][0]  # named with its positions and weeks
    assert offered.offered(db, "agreements", "rotation_plan_id", {"company_id": company}) == []  # no programme
    assert offered.offered(db, "agreements", "apprentice_id", {"company_id": company}) == []  # follows nothing


def test_an_assessment_offers_its_agreement_s_competencies_positions_and_levels(db) -> None:  # type: ignore[no-untyped-def]
    agreement = f.make_agreement(db)
    record = records.get(db, "agreements", agreement)
    for code in ("C-01", "C-02"):
        records.create(db, "competencies", {"programme_id": record["programme_id"], "code": code,
                                            "title": f"Competency {code}"}, accept_warnings=True)
    programme = records.get(db, "programmes", record["programme_id"])
    given = {"agreement_id": agreement}
    competencies = [value for _label, value in offered.offered(db, "assessments", "competency_id", given)]
    assert competencies == [c["id"] for c in programme["competencies"]] and competencies
    positions = [value for _label, value in offered.offered(db, "assessments", "position_id", given)]
    assert positions == [r["position_id"] for r in record.get("rotation") or []]
    assert [value for _label, value in offered.offered(db, "assessments", "level", given)]
    assert offered.offered(db, "assessments", "level", {"agreement_id": None}) == []
