"""Migration 0013 on both backends: choice values typed before it become codes, free text stays as typed,
the first guardian stays where it was, and the new tables come and go with the revision."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, text

from tests import factories as f
from vetdesk.services import records
from vetdesk.storage.engine import Database
from vetdesk.storage.migrate import alembic_config, current_revision, head_revision, upgrade


def test_old_choice_values_become_codes_and_free_text_stays(db: Database) -> None:
    apprentice = f.make_apprentice(db)
    agreement = f.make_agreement(db, apprentice_id=apprentice)
    other = f.make_apprentice(db)
    cfg = alembic_config(db)
    with db.writer() as session:  # as storage.migrate runs Alembic: on the database's own connection
        cfg.attributes["connection"] = session.connection()
        command.downgrade(cfg, "0012")
        session.commit()
    assert current_revision(db) == "0012"
    with db.engine.begin() as conn:
        assert "clause_templates" not in inspect(conn).get_table_names()
        conn.execute(text("UPDATE apprentices SET guardian_name = 'Rosa', guardian_relation = 'madre' WHERE id = :id"),
                     {"id": apprentice})
        conn.execute(text("UPDATE apprentices SET guardian_name = 'Eva', guardian_relation = 'madrina' WHERE id = :id"),
                     {"id": other})
        conn.execute(text("UPDATE learning_agreements SET weekly_pattern = '4 días en la empresa, 1 día en el plantel',"
                          " stipend_period = 'mensual', stipend_payer = 'empresa', "
                          "overtime_compensation = 'No se permiten horas extra.' WHERE id = :id"), {"id": agreement})
    upgrade(db)
    assert current_revision(db) == head_revision()
    a = records.get(db, "apprentices", apprentice)
    assert (a["guardian_name"], a["guardian_relation"], a["guardian2_name"]) == ("Rosa", "mother", None)
    assert records.get(db, "apprentices", other)["guardian_relation"] == "madrina"  # no code: as typed
    ag = records.get(db, "agreements", agreement)
    assert (ag["weekly_pattern"], ag["stipend_period"], ag["stipend_payer"], ag["overtime_compensation"]) == (
        "days", "monthly", "company", "none")
    with db.engine.connect() as conn:
        assert {"clause_templates", "signing_keys"} <= set(inspect(conn).get_table_names())
