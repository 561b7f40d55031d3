"""Migration 0027 on both backends: an agreement printed before it keeps no annex (NULL) and prints from the
catalogue as before; its positions keep the old rule (not renamed under it); the amendments' table comes and
goes with the revision; an agreement printed after it keeps its annex."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from tests import factories as f
from vetdesk.domain.problems import RuleViolation
from vetdesk.services import documents, records
from vetdesk.storage.engine import Database
from vetdesk.storage.migrate import current_revision, head_revision, upgrade


def test_an_agreement_printed_before_0027_prints_from_the_catalogue(db: Database) -> None:
    agreement = f.made_before(db, "0026", lambda: f.make_agreement(db))
    assert current_revision(db) == "0026"
    with db.engine.begin() as conn:
        assert "agreement_amendments" not in inspect(conn).get_table_names()
        conn.execute(text("UPDATE learning_agreements SET status = 'printed', printed_on = start_date "
                          "WHERE id = :id"), {"id": agreement})
    upgrade(db)
    assert current_revision(db) == head_revision()
    with db.engine.begin() as conn:
        assert "agreement_amendments" in inspect(conn).get_table_names()
        assert conn.execute(text("SELECT printed_annex FROM learning_agreements WHERE id = :id"),
                            {"id": agreement}).scalar() is None
    record = records.get(db, "agreements", agreement)
    plan = records.get(db, "rotation_plans", record["rotation_plan_id"])
    first = plan["steps"][0]["position_id"]
    name = records.get(db, "positions", first)["name"]
    assert documents.agreement_document(db, agreement).positions[0].name == name
    with pytest.raises(RuleViolation) as refused:  # its reprint reads the catalogue: the name stays
        records.update(db, "positions", first, {"name": "Otro nombre"})
    assert {p.code for p in refused.value.problems} == {"position.in_use"}
    # Printed again after a return to draft, it keeps its annex from then on.
    records.update(db, "agreements", agreement, {"status": "draft"})
    db.print_for_signature([agreement])  # type: ignore[attr-defined]
    records.update(db, "positions", first, {"name": "Otro nombre"})
    assert documents.agreement_document(db, agreement).positions[0].name == name
