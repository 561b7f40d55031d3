"""The 100-point table at every band edge, the pass rule and the admission checks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vetdesk.domain import exams as E
from vetdesk.i18n import translator

# The table, written out independently of the code: (lowest points, grade).
TABLE = [(Decimal(92), 1), (Decimal(81), 2), (Decimal(67), 3), (Decimal(50), 4), (Decimal(30), 5), (Decimal(0), 6)]


def expected_grade(points: Decimal) -> int:
    return next(g for low, g in TABLE if points >= low)


def test_every_half_point_from_0_to_100():
    for half in range(0, 201):
        points = Decimal(half) / 2
        assert E.band(points).grade == expected_grade(points), points


@pytest.mark.parametrize("edge,below,at", [(92, 2, 1), (81, 3, 2), (67, 4, 3), (50, 5, 4), (30, 6, 5)])
def test_band_edges(edge, below, at):
    assert E.band(Decimal(edge)).grade == at
    assert E.band(Decimal(edge) - Decimal("0.1")).grade == below
    assert E.band(Decimal(edge) - Decimal("0.01")).grade == below


@given(st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False))
def test_property_any_score(points):
    assert E.band(points).grade == expected_grade(points)


@pytest.mark.parametrize("bad", [Decimal("-0.1"), Decimal("100.1")])
def test_outside_the_scale_is_refused(bad):
    with pytest.raises(ValueError):
        E.band(bad)


def test_band_names_in_the_documents_language():
    de, es = translator("de"), translator("es_MX")
    assert E.band(95).label(de.gettext) == "sehr gut"
    assert E.band(49.9).label(de.gettext) == "mangelhaft"
    assert E.band(95).label(es.gettext) == "muy bueno"


W = {"written": 40, "practical": 60, "oral": 0}


def test_pass_rule_component_below_minimum_fails_despite_overall():
    rule = E.PassRule()
    result = E.outcome({"written": Decimal(29), "practical": Decimal(90)}, W, rule)
    assert result is not None and result.score == Decimal("65.6") and not result.passed
    assert E.outcome({"written": Decimal(30), "practical": Decimal(90)}, W, rule).passed
    assert E.outcome({"written": Decimal(30), "practical": None}, W, rule) is None
    stricter = E.PassRule(overall=Decimal(60), component=Decimal(0))
    assert not E.outcome({"written": Decimal(50), "practical": Decimal(55)}, W, stricter).passed


def test_weights_must_add_up():
    assert E.check_weights({"written": 40, "practical": 60, "oral": 0}) == []
    assert E.check_weights({"written": 40, "practical": 50, "oral": 0})[0].code == "exam.weights"


def candidate(**kw):
    base = dict(agreement_status="active", start=date(2025, 8, 1), end=date(2027, 7, 31), completed_on=None,
                fee_paid=True, first_part_taken=True)
    base.update(kw)
    return E.Candidate(**base)


def test_admission_checks_each_with_its_message():
    rules = E.AdmissionRules(part="part1", held_on=date(2026, 3, 1), min_term_share=25, fee_required=True)
    assert [p.code for p in E.admission_problems(rules, candidate(start=date(2025, 8, 1)))] == []
    codes = [p.code for p in E.admission_problems(rules, candidate(start=date(2026, 1, 1), end=date(2028, 1, 1)))]
    assert codes == ["admission.term"]
    assert [p.code for p in E.admission_problems(rules, candidate(agreement_status="draft", fee_paid=False))] == [
        "admission.agreement", "admission.fee"]
    late = E.AdmissionRules(part="part2", held_on=date(2027, 3, 1))
    assert [p.code for p in E.admission_problems(late, candidate(first_part_taken=False))] == ["admission.part1"]
    done = candidate(agreement_status="completed", completed_on=date(2026, 6, 1))
    assert E.admission_problems(E.AdmissionRules(part="part2", held_on=date(2026, 11, 30)), done) == []
    assert E.admission_problems(E.AdmissionRules(part="part2", held_on=date(2026, 12, 1)), done)[0].code == \
        "admission.completed_long_ago"
