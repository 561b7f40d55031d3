"""Undo puts back the exact state before (trial 21e, item 2): a deleted draft of a minor whose guardian is not
recorded came back refused ("cannot be undone: The apprentice is under 18… guardian's name is required"). A rule
about completeness does not block it; a real conflict (a key taken since) still does, and writes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests import factories as f
from vetdesk.domain.problems import RuleViolation
from vetdesk.services import records, undo, users
from vetdesk.services.actors import Actor

PASSWORD = "a good password 1"


def _officer(db):  # type: ignore[no-untyped-def]
    return db.for_principal(Actor(username="olga", role="officer"))


def _minor_draft_without_guardian(db):  # type: ignore[no-untyped-def]
    minor = f.make_apprentice(db, birth_date=f.minor_birth_date(16), first_surname="Zamora")
    agreement = f.make_agreement(db, apprentice_id=minor)
    with db.engine.begin() as conn:  # the guardian's details gone (typed before the rule, or removed since)
        conn.execute(text("UPDATE apprentices SET guardian_name = NULL, guardian_relation = NULL, "
                          "guardian_phone = NULL WHERE id = :id"), {"id": minor})
    return agreement


def test_a_deleted_draft_of_a_minor_without_guardian_comes_back_as_it_was(db) -> None:  # type: ignore[no-untyped-def]
    officer = _officer(db)
    agreement = _minor_draft_without_guardian(db)
    before = records.get(db, "agreements", agreement)
    undo.delete_record(officer, "agreements", agreement)
    assert not any(r["id"] == agreement for r in records.list_records(db, "agreements"))
    undo.undo_last(officer)
    back = records.get(db, "agreements", agreement)
    assert {k: back[k] for k in before if k not in ("updated_at",)} == \
        {k: before[k] for k in before if k not in ("updated_at",)}


def test_a_change_is_undone_even_where_the_record_became_incomplete(db) -> None:  # type: ignore[no-untyped-def]
    officer = _officer(db)
    minor = f.make_apprentice(db, birth_date=f.minor_birth_date(16), first_surname="Zamora")
    agreement = f.make_agreement(db, apprentice_id=minor)
    kept = records.get(db, "agreements", agreement)["holiday_days"]
    records.update(officer, "agreements", agreement, {"holiday_days": (kept or 12) + 2}, accept_warnings=True)
    with db.engine.begin() as conn:  # the guardian's name removed meanwhile
        conn.execute(text("UPDATE apprentices SET guardian_name = NULL WHERE id = :id"), {"id": minor})
    undo.undo_last(officer)
    assert records.get(db, "agreements", agreement)["holiday_days"] == kept


def test_a_name_taken_since_still_refuses_and_writes_nothing(db) -> None:  # type: ignore[no-untyped-def]
    officer = _officer(db)
    school = records.create(officer, "schools", {"name": "CONALEP Uno", "cct": "22DPT0004Q"}).id
    undo.delete_record(officer, "schools", school)
    records.create(db, "schools", {"name": "CONALEP Otro", "cct": "22DPT0004Q"})  # someone else, meanwhile
    with pytest.raises(RuleViolation):
        undo.undo_last(officer)
    assert [r["name"] for r in records.list_records(db, "schools")] == ["CONALEP Otro"]


def test_vetdesk_undo_brings_the_deleted_draft_back(db, cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    users.create_user(db, username="olga", password=PASSWORD, role="officer")
    monkeypatch.setenv("VETDESK_PASSWORD", PASSWORD)
    agreement = _minor_draft_without_guardian(db)
    code, out, err = cli(db, "--user", "olga", "delete", "agreements", str(agreement))
    assert code == 0, err
    code, out, err = cli(db, "--user", "olga", "undo")
    assert code == 0 and "Undone:" in err, err
    assert records.get(db, "agreements", agreement)["status"] == "draft"
    assert records.get(db, "agreements", agreement)["reference"] in err  # which agreement came back
