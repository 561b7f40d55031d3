"""An unreadable value (a date that is not one) does not hide the rules' other problems: the core runs them on what
it could read (tests/scenarios/test_form_retrial.py shows it in the window)."""

from __future__ import annotations

from tests import factories as f
from vetdesk.services import records


def test_an_unreadable_date_is_said_with_the_rules_messages(db) -> None:  # type: ignore[no-untyped-def]
    """One place for the rule: the command line and an import get every problem too; the unreadable field is
    said once, as unreadable (not also as missing)."""
    from vetdesk.domain.problems import RuleViolation

    apprentice = f.make_apprentice(db)
    before = db.get("apprentices", apprentice)
    try:
        records.update(db, "apprentices", apprentice, {"birth_date": "mañana", "curp": "PELJ0805",
                                                       "given_names": ""})
    except RuleViolation as refusal:
        by_field = {p.field: p.code for p in refusal.problems}
    else:
        raise AssertionError("saved")
    assert by_field == {"birth_date": "date.format", "curp": by_field["curp"], "given_names": "required"}, by_field
    assert by_field["curp"].startswith("curp.")
    assert db.get("apprentices", apprentice) == before
    fresh = records.validate(db, "apprentices", {"birth_date": "mañana"})
    assert [p.code for p in fresh if p.field == "birth_date"] == ["date.format"]
    assert {p.field for p in fresh} > {"birth_date"}  # the required fields are said too
