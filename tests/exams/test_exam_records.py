"""Exams written through the records' one write path: admission refused with its message, results, resits."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from tests.factories import TODAY, activate, make_agreement, make_programme
from vetdesk.domain.problems import RuleViolation
from vetdesk.services import records


def _exam(db, programme_id, part, days, **kw):
    values = {"name": f"{part} +{days}", "programme_id": programme_id, "part": part,
              "held_on": (TODAY + timedelta(days=days)).isoformat(),
              "place": "CAMEXA CDMX", "weight_written": 40, "weight_practical": 60} | kw
    return records.create(db, "exams", values).id


def test_registration_results_and_resit(db):
    programme = make_programme(db)
    agreement = make_agreement(db, programme_id=programme)
    activate(db, agreement)
    part1 = _exam(db, programme, "part1", 200, min_term_share=40)
    reg = records.create(db, "exam_registrations", {"exam_id": part1, "agreement_id": agreement}).id
    done = records.update(db, "exam_registrations", reg, {"written": "72", "practical": "88.5"}).record
    assert done["score"] == Decimal("81.9") and done["grade"] == 2 and done["band"] == "good" and done["passed"]

    part2 = _exam(db, programme, "part2", 330)
    first = records.create(db, "exam_registrations", {"exam_id": part2, "agreement_id": agreement}).id
    failed = records.update(db, "exam_registrations", first, {"written": "25", "practical": "70"}).record
    assert failed["passed"] is False and failed["grade"] == 4  # 52 points, but the written part is below 30

    resit_exam = _exam(db, programme, "part2", 360)
    with pytest.raises(RuleViolation) as refused:
        records.create(db, "exam_registrations", {"exam_id": resit_exam, "agreement_id": agreement})
    assert [p.code for p in refused.value.problems] == ["resit.missing"]
    assert f"attempt {first}" in refused.value.problems[0].message
    resit = records.create(db, "exam_registrations", {"exam_id": resit_exam, "agreement_id": agreement,
                                                       "replaces_id": first}).id
    again = records.update(db, "exam_registrations", resit, {"written": "60", "practical": "70"}).record
    assert again["passed"] is True


def test_admission_refused_writes_nothing(db):
    programme = make_programme(db)
    draft = make_agreement(db, programme_id=programme)
    exam = _exam(db, programme, "part1", 30, min_term_share=40, fee_required=True)
    before = records.count_records(db, "exam_registrations")
    with pytest.raises(RuleViolation) as refused:
        records.create(db, "exam_registrations", {"exam_id": exam, "agreement_id": draft})
    codes = [p.code for p in refused.value.problems]
    assert codes == ["admission.agreement", "admission.term", "admission.fee"]
    assert "not active" in refused.value.problems[0].message
    assert records.count_records(db, "exam_registrations") == before


def test_weights_must_add_up_and_part2_needs_part1(db):
    programme = make_programme(db)
    with pytest.raises(RuleViolation) as refused:
        _exam(db, programme, "part1", 10, weight_written=30)
    assert refused.value.problems[0].code == "exam.weights"
    agreement = make_agreement(db, programme_id=programme)
    activate(db, agreement)
    part2 = _exam(db, programme, "part2", 300)
    with pytest.raises(RuleViolation) as refused:
        records.create(db, "exam_registrations", {"exam_id": part2, "agreement_id": agreement})
    assert [p.code for p in refused.value.problems] == ["admission.part1"]
