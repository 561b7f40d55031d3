"""Assessment rules that live in records (one place): evidence kind and the position's rotation plan."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.progress.conftest import make_placement
from vetdesk.domain.problems import RuleViolation
from vetdesk.services import records


def _values(p, **extra):
    code, competency_id = next(iter(p.codes.items()))
    return {"agreement_id": p.agreement_id, "competency_id": competency_id,
            "assessed_on": (date.today() - timedelta(days=1)).isoformat(), "level": 3} | extra


def test_unknown_evidence_kind_is_refused(placement):
    with pytest.raises(RuleViolation) as exc:
        records.create(placement.db, "assessments", _values(placement, evidence_kind="gossip"))
    assert "evidence_kind" in {p.field for p in exc.value.problems}
    assert records.create(placement.db, "assessments", _values(placement, evidence_kind="product")).id


def test_position_of_another_plan_is_refused(placement):
    other = make_placement(placement.db, surname="Núñez")  # another company's plan
    with pytest.raises(RuleViolation) as exc:
        records.create(placement.db, "assessments", _values(placement, position_id=other.positions[0]))
    assert "position_id" in {p.field for p in exc.value.problems}
    # The position that teaches the competency rated (the workshop MAN-…, the laboratory CAL-…); at the other one
    # it is warned (fix22g).
    code = next(iter(placement.codes))
    teaching = placement.positions[0 if code.startswith("MAN") else 1]
    ok = records.create(placement.db, "assessments", _values(placement, position_id=teaching))
    assert ok.record["position_id"] == teaching
