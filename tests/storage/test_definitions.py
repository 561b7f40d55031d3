"""Definitions that must be copied (a migration is frozen history and may not import the living code) are
compared with their source, so that a change of the source cannot leave a copy behind unnoticed."""

from __future__ import annotations

import importlib
import re

from vetdesk.domain import lifecycle
from vetdesk.storage.migrate import head_revision
from vetdesk.storage.revision import SCHEMA_HEAD


def _migration(name: str):  # type: ignore[no-untyped-def]
    return importlib.import_module(f"vetdesk.storage.migrations.versions.{name}")


def test_the_current_statuses_of_the_tallies_migration_are_the_life_cycles() -> None:
    """Migration 0010's triggers count an instructor's current agreements by status."""
    copied = set(re.findall(r"'(\w+)'", _migration("0010_agreement_tallies").CURRENT))
    assert copied == {s.value for s in lifecycle.CURRENT}


def test_the_ended_statuses_of_the_tallies_migration_are_the_life_cycles() -> None:
    """Migration 0010's triggers count completed and terminated agreements per year by status."""
    copied = set(re.findall(r"'(\w+)'", _migration("0010_agreement_tallies").ENDED))
    assert copied == {s.value for s in lifecycle.ENDED} == {"completed", "terminated"}


def test_the_overlap_constraint_holds_the_current_statuses() -> None:
    """Migration 0019's PostgreSQL constraint keeps agreements in force (lifecycle.CURRENT) from overlapping."""
    copied = set(re.findall(r"'(\w+)'", _migration("0019_pg_overlap_and_sign_in").CURRENT))
    assert copied == {s.value for s in lifecycle.CURRENT}


def test_the_demo_derives_its_status_sets_from_the_life_cycle() -> None:
    from vetdesk.services import demo

    assert demo.OPEN == {"draft", "printed", "signed", "active"}
    assert demo.SIGNED == {"signed", "active", "completed", "terminated"}
    assert {s for s, _weight in demo.STATUS_WEIGHTS} == {s.value for s in lifecycle.Status}


def test_the_schema_head_known_without_alembic_is_alembics_head() -> None:
    assert SCHEMA_HEAD == head_revision()


def test_the_sort_keys_migration_folds_names_as_the_services_do() -> None:
    from vetdesk.domain import normalize
    from vetdesk.services import records

    migration = _migration("0012_core_sort_keys")
    for text_ in ("Álvarez", "ZÚÑIGA", "  de la  Garza ", "Müller-Lüdenscheidt", "ÇAĞLAR", "", None):
        assert migration.fold(text_) == normalize.fold(text_)
    assert migration.SEPARATOR == records.SORT_SEPARATOR
    kinds = {records.kind(k).model.__tablename__: records.kind(k).sort_columns for k in records.KINDS
             if records.kind(k).sort_columns}
    assert kinds == migration.SORTED


def test_an_upgrade_gives_the_names_made_before_their_sort_keys(db) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    from tests import factories as f
    from vetdesk.services import records
    from vetdesk.storage.migrate import upgrade

    surnames = ("Zúñiga", "Álvarez", "de la Garza")
    ids = f.made_before(db, "0011", lambda: [f.make_apprentice(db, first_surname=s) for s in surnames])
    upgrade(db)
    with db.engine.connect() as conn:
        keys = dict(conn.execute(text("SELECT id, sort_key FROM apprentices")).all())
    for apprentice_id in ids:
        record = records.get(db, "apprentices", apprentice_id)
        assert keys[apprentice_id] == records.sort_key(records.kind("apprentices"), record)
    assert [r["first_surname"] for r in records.list_records(db, "apprentices")] == [
        "Álvarez", "de la Garza", "Zúñiga"]


def test_the_unexcused_days_index_holds_the_domain_s_unexcused_codes() -> None:
    """Migration 0026's partial index, the model's copy of it and the first screen's query (``revision.unexcused``)
    hold the days ``domain.logbook.UNEXCUSED`` names, written alike (SQLite uses the index only then)."""
    from vetdesk.domain.logbook import UNEXCUSED
    from vetdesk.storage import revision
    from vetdesk.storage.models import AttendanceDay

    copied = _migration("0026_first_screen_gap_indexes").INDEXES["ix_attendance_unexcused"][2]
    assert set(re.findall(r"'(\w+)'", copied)) == set(UNEXCUSED)
    assert copied == revision.unexcused()
    (index,) = [i for i in AttendanceDay.__table__.indexes if i.name == "ix_attendance_unexcused"]
    assert str(index.dialect_options["sqlite"]["where"]) == revision.unexcused()
