"""Issue 20: the numbers a rule's message states are the constants its check applies (one definition each).
Each test changes the constant and reads the message: a number typed twice would not follow."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from vetdesk.domain import bounds, training
from vetdesk.domain.problems import RuleViolation
from vetdesk.services import catalogue, dashboard, settings


def test_the_dashboard_s_days_ahead_are_the_constant(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dashboard, "UPCOMING_DAYS", 45)
    assert dashboard.starting_title() == "Agreements starting in the next 45 days"
    assert dashboard.ending_title() == "Agreements ending in the next 45 days"


def test_the_dashboard_lists_say_the_constant(db, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(dashboard, "UPCOMING_DAYS", 45)
    items = {i.key: i for i in dashboard.dashboard(db, today=date(2026, 12, 3)).items}
    assert items["starting_soon"].title == "Agreements starting in the next 45 days"
    assert "within 45 days" in items["ending_soon"].description


def test_the_absence_settings_state_their_ranges(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bounds, "ABSENCE_DAYS", (2, 30))
    monkeypatch.setattr(bounds, "ABSENCE_WEEKS", (1, 9))
    found = {p.field: p.message for p in settings.office_problems({"absence_days": 31, "absence_weeks": 10})}
    assert found["absence_days"].endswith("from 2 to 30.")
    assert found["absence_weeks"].endswith("from 1 to 9.")
    assert settings.office_problems({"absence_days": 30, "absence_weeks": 9}) == []  # the check moved too


def test_the_tolerance_and_a_step_s_weeks_state_their_ranges(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bounds, "PLAN_TERM_TOLERANCE_WEEKS", (1, 12))
    [problem] = training.setting_problems({"plan_term_tolerance_weeks": 13})
    assert problem.message == "The tolerance is a number of weeks from 1 to 12."
    assert training.setting_problems({"plan_term_tolerance_weeks": 12}) == []
    monkeypatch.setattr(bounds, "STEP_WEEKS", (1, 100))
    found = training.check_plan({"company_id": 1, "steps": [{"position_id": 7, "weeks": 101}]},
                                position_companies={7: 1}, catalogue=[], taught=set(),
                                strictness=training.Strictness())
    assert [p.message for p in found if p.code == "plan.weeks"] == [
        "Step 1: 101 weeks is not a duration; give whole weeks from 1 to 100."]


def test_a_catalogue_code_s_length_is_the_field_s(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from vetdesk.services.fields import COMPETENCY_FIELDS

    assert catalogue.CODE_LENGTH == next(f.max_length for f in COMPETENCY_FIELDS if f.name == "code")
    monkeypatch.setattr(catalogue, "CODE_LENGTH", 5)
    path = tmp_path / "catalogue.csv"
    path.write_text("code,title\nABCDEF,Soldar\nABCDE,Medir\n", encoding="utf-8")
    with pytest.raises(RuleViolation) as refused:
        catalogue.read_catalogue(path)
    [problem] = refused.value.problems
    assert problem.message.endswith("ABCDEF is longer than 5 characters.")
