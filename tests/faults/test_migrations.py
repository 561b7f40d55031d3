"""A database at the first schema revision, holding data, upgrades to head with every row intact."""

from __future__ import annotations

from datetime import date, timedelta

from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from tests.factories import migration_step
from vetdesk.storage.migrate import alembic_config, current_revision, head_revision, upgrade


def _first_revision() -> str:
    revisions = list(ScriptDirectory.from_config(alembic_config()).walk_revisions())
    return revisions[-1].revision


def test_upgrade_from_first_revision_keeps_every_row(tmp_path):
    from vetdesk.storage.engine import connect

    db = connect(tmp_path / "old.sqlite3")
    first = _first_revision()
    upgrade(db, first)
    assert current_revision(db) == first
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO companies (id, name, id_country, rfc, search_text, version) "
                          "VALUES (1, 'Metalúrgica', 'MX', 'MET850925AB1', 'metalurgica', 1)"))
        conn.execute(text("INSERT INTO schools (id, name, cct, search_text, version) "
                          "VALUES (1, 'CONALEP Querétaro II', '22DPT0004Q', 'conalep', 1)"))
        for i in range(1, 51):
            conn.execute(text("INSERT INTO apprentices (id, id_country, curp, given_names, first_surname, "
                              "birth_date, sex, school_id, search_text, anonymised, version) VALUES "
                              "(:id, 'MX', :curp, 'Ana', 'García', :birth, 'M', 1, 'ana garcia', 0, 1)"),
                         {"id": i, "curp": f"CURP{i:014d}", "birth": date(2009, 1, 1 + i % 28)})
    upgrade(db)
    assert current_revision(db) == head_revision()
    backup = tmp_path / f"old.sqlite3.before-{first}.bak"  # the copy taken before the schema changed
    assert backup.exists()
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM apprentices")).scalar() == 50
        assert conn.execute(text("SELECT name FROM companies")).scalar() == "Metalúrgica"
        assert conn.execute(text("SELECT count(*) FROM apprentices WHERE school_id = 1")).scalar() == 50
        assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        assert conn.execute(text("PRAGMA foreign_key_check")).fetchall() == []
    assert "learning_agreements" in inspect(db.engine).get_table_names()
    # the search index of migration 0002 holds the rows that were there before it
    from vetdesk.services import records

    assert len(records.list_ids(db, "apprentices", records.ListQuery(search="garcia"))) == 50
    db.dispose()


def test_schema_head_constant_matches_alembic():
    from vetdesk.storage.migrate import SCHEMA_HEAD

    assert SCHEMA_HEAD == head_revision()


def test_migrations_build_exactly_the_schema_the_models_describe(db):
    """Every table, column and index of storage.models is created by the migrations, and nothing else
    (the search indexes of 0002 and the trigger-kept date of 0006 aside: they are not models)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from vetdesk.storage.models import Base

    def ours(obj, name, kind, _reflected, _compare_to):  # type: ignore[no-untyped-def]
        if kind == "table" and (name or "").endswith(("_fts", "_fts_data", "_fts_idx", "_fts_docsize",
                                                      "_fts_config", "_fts_content")):
            return False
        if name in ("last_assessed_on", "ix_agreements_active_assessed",  # the database's own (0006, 0011)
                    "logbook_due", "ix_agreements_active_logbook"):  # kept by the weekly reports' writes (0015)
            return False
        return not (kind == "index" and (name or "").endswith("_search_trgm")) and name != "alembic_version"

    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": ours, "compare_type": False})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_agreements_made_before_the_reference_index_are_found_by_reference(tmp_path):
    """0005 indexes the references that were already there, and the triggers keep up with new ones."""
    from tests import factories as f
    from vetdesk.services import records
    from vetdesk.storage.engine import connect

    db = connect(tmp_path / "before-0005.sqlite3")
    older = f.made_before(db, "0004", lambda: f.make_agreement(db))
    upgrade(db)
    newer = f.make_agreement(db)
    for agreement in (older, newer):
        reference = records.get(db, "agreements", agreement)["reference"]
        middle = reference[3:-2].lower()  # a piece from inside, in lower case: "2026-0000"
        assert agreement in records.list_ids(db, "agreements", records.ListQuery(search=middle))
    assert records.list_ids(db, "agreements", records.ListQuery(search="zz-9999")) == []
    db.dispose()


def test_the_partial_indexes_are_written_as_the_dashboard_asks_for_them(tmp_path):
    """SQLite serves a query from a partial index only when the query repeats the index's condition as it
    was created: migration 0007's text and storage.revision's must stay the same, and the plan uses them."""
    import importlib
    import sqlite3

    from vetdesk.storage import revision
    from vetdesk.storage.engine import connect

    created = importlib.import_module("vetdesk.storage.migrations.versions.0007_minors_indexes")
    assert created.NO_GUARDIAN == revision.no_guardian() and created.NO_PERMIT == revision.no_permit()
    db = connect(tmp_path / "plans.sqlite3")
    upgrade(db)
    db.dispose()
    with sqlite3.connect(tmp_path / "plans.sqlite3") as conn:
        plan = " ".join(row[3] for row in conn.execute(
            f"EXPLAIN QUERY PLAN SELECT a.id FROM apprentices a WHERE {revision.no_guardian('a')}"))
        assert "ix_apprentices_without_guardian" in plan
        plan = " ".join(row[3] for row in conn.execute(
            f"EXPLAIN QUERY PLAN SELECT la.id FROM learning_agreements la WHERE {revision.no_permit('la')}"))
        assert "ix_agreements_without_permit" in plan


def test_the_gap_indexes_of_0011_go_back_to_those_of_0010_and_forward_again(db):
    """0011 reorders one index and replaces another with partial ones; its downgrade restores 0010's exactly
    (on both backends), and the dashboard counts the same figures before and after."""
    from alembic import command

    from tests import factories as f
    from vetdesk.services.dashboard import counts, dashboard

    def indexes() -> dict[str, list[str]]:
        with db.engine.connect() as conn:
            found = inspect(conn).get_indexes("learning_agreements")
        return {i["name"]: list(i["column_names"]) for i in found
                if i["name"] in ("ix_agreements_status_insurance", "ix_agreements_insurance_gap",
                                 "ix_agreements_active_assessed", "ix_agreements_status_last_assessed")}

    f.activate(db, f.make_agreement(db, start_date=date.today().replace(day=1)))
    at_head = indexes()
    assert at_head == {"ix_agreements_status_insurance": ["status", "insurance_expiry", "end_date"],
                       "ix_agreements_insurance_gap": ["status", "end_date"],
                       "ix_agreements_active_assessed": ["last_assessed_on", "start_date", "apprentice_id"]}
    figures = counts(dashboard(db))

    def alembic(step, revision: str) -> None:  # type: ignore[no-untyped-def]
        migration_step(db, step, revision)

    alembic(command.downgrade, "0010")
    assert current_revision(db) == "0010"
    assert indexes() == {"ix_agreements_status_insurance": ["status", "end_date", "insurance_expiry"],
                         "ix_agreements_status_last_assessed": ["status", "last_assessed_on"]}
    alembic(command.upgrade, "head")
    assert indexes() == at_head
    assert counts(dashboard(db)) == figures


def test_0032_puts_the_training_record_form_in_the_overdue_reports_index_and_back(db):
    """0032 adds the training record's form to the overdue weekly reports' index (the dashboard read every
    active agreement's row for it); its downgrade restores 0015's index, and the figures stay the same."""
    from alembic import command

    from tests import factories as f
    from vetdesk.services.dashboard import counts, dashboard

    def columns() -> list[str]:
        with db.engine.connect() as conn:
            found = inspect(conn).get_indexes("learning_agreements")
        return next(list(i["column_names"]) for i in found if i["name"] == "ix_agreements_active_logbook")

    f.activate(db, f.make_agreement(db, start_date=date.today().replace(day=1) - timedelta(days=120)))
    assert columns() == ["logbook_due", "start_date", "end_date", "training_record_form"]
    figures = counts(dashboard(db))
    migration_step(db, command.downgrade, "0031")
    assert current_revision(db) == "0031"
    assert columns() == ["logbook_due", "start_date", "end_date"]
    migration_step(db, command.upgrade, "head")
    assert columns() == ["logbook_due", "start_date", "end_date", "training_record_form"]
    assert counts(dashboard(db)) == figures


def test_0033_indexes_apprentices_by_nss_and_back(db):
    """0033 adds the index an NSS another apprentice holds is looked up by (a warning on saving); its downgrade
    drops it, and the records stay."""
    from alembic import command

    from tests import factories as f

    def names() -> set[str]:
        with db.engine.connect() as conn:
            return {i["name"] for i in inspect(conn).get_indexes("apprentices")}

    f.make_apprentice(db)
    assert "ix_apprentices_nss" in names()
    migration_step(db, command.downgrade, "0032")
    assert "ix_apprentices_nss" not in names()
    migration_step(db, command.upgrade, "head")
    assert "ix_apprentices_nss" in names() and current_revision(db) == head_revision()


def test_0014_moves_positions_into_plan_steps_and_back_with_their_ids(db):
    """0014 makes learning positions the company's and a plan's order and weeks its steps: a database at 0013
    (positions inside their plan) upgrades with every position keeping its id, its competencies, the periods and
    the ratings that name it; the downgrade puts them back in their plans (both backends)."""
    from alembic import command

    from tests import factories as f
    from vetdesk.services import records

    programme = f.make_programme(db)
    competencies = [records.create(db, "competencies", {"programme_id": programme, "area": "A", "code": f"C{i}",
                                                        "title": f"Competencia {i}"}).id for i in range(1, 5)]
    company = f.make_company(db)
    positions = [records.create(db, "positions", {"company_id": company, "name": name,
                                                  "competency_ids": competencies[i * 2:i * 2 + 2]}).id
                 for i, name in enumerate(("Almacén", "Taller"))]
    plan = records.create(db, "rotation_plans", {"company_id": company, "programme_id": programme, "name": "Plan",
                                                 "steps": [{"position_id": positions[0], "weeks": 20},
                                                           {"position_id": positions[1], "weeks": 32}]}).id
    start = date.today().replace(day=1)
    agreement = f.make_agreement(db, company_id=company, programme_id=programme, rotation_plan_id=plan,
                                 start_date=start)
    f.activate(db, agreement)
    records.create(db, "rotations", {"agreement_id": agreement, "position_id": positions[0], "actual_start": start})
    records.create(db, "assessments", {"agreement_id": agreement, "competency_id": competencies[0],
                                       "position_id": positions[0], "level": 3, "assessed_on": date.today()})

    def kept() -> dict[str, object]:
        return {kind: [records.get(db, kind, i) for i in records.list_ids(db, kind)]
                for kind in ("positions", "rotation_plans", "rotations", "assessments")}

    before = kept()

    def alembic(step, revision: str) -> None:  # type: ignore[no-untyped-def]
        migration_step(db, step, revision)

    alembic(command.downgrade, "0013")
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT id, plan_id, sequence, planned_weeks FROM learning_positions ORDER BY id"))
        assert [tuple(r) for r in rows] == [(positions[0], plan, 1, 20), (positions[1], plan, 2, 32)]
        assert conn.execute(text("SELECT count(*) FROM position_competencies")).scalar() == 4
    alembic(command.upgrade, "head")
    after = kept()
    # What a person may change since (the edit counters and timestamps) aside, the records are as they were.
    for kind, rows in before.items():
        assert [{k: v for k, v in r.items() if k != "version"} for r in after[kind]] == \
            [{k: v for k, v in r.items() if k != "version"} for r in rows], kind
    with db.engine.connect() as conn:
        if db.is_sqlite:
            assert conn.execute(text("PRAGMA foreign_key_check")).fetchall() == []


def test_the_partial_indexes_get_postgresqls_condition_without_loading_its_dialect_on_sqlite() -> None:
    """Mapping the models on SQLite loads no PostgreSQL dialect; a PostgreSQL database gives the partial indexes
    the same condition as SQLite's before any DDL."""
    import subprocess
    import sys

    probe = ("import sys; import vetdesk.storage.models; "
             "print(any(m.startswith('sqlalchemy.dialects.postgresql') for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True).stdout.strip() == "False"

    from sqlalchemy.dialects import postgresql
    from sqlalchemy.schema import CreateIndex

    from vetdesk.storage import models

    models.for_postgresql()
    partial = [i for t in models.Base.metadata.tables.values() for i in t.indexes
               if i.dialect_options["sqlite"]["where"] is not None]
    assert {i.name for i in partial} >= {"ix_agreements_insurance_gap", "ix_apprentices_without_guardian",
                                          "ix_agreements_without_permit"}
    for index in partial:
        ddl = str(CreateIndex(index).compile(dialect=postgresql.dialect()))
        assert ddl.endswith("WHERE " + str(index.dialect_options["sqlite"]["where"])), ddl


def test_0023_reads_recorded_sectors_and_sizes_to_their_codes(db):
    """A company's sector and size typed before 0023 ("Automotriz", "pequeña") become their codes and are found by
    their label in any language; text that names no code stays as typed (both backends)."""
    from alembic import command

    from tests import factories as f
    from vetdesk.services import records

    def alembic(step, revision: str) -> None:  # type: ignore[no-untyped-def]
        migration_step(db, step, revision)

    typed = f.make_company(db, name="Frenos del Bajío")
    free = f.make_company(db, name="Minera del Norte")
    alembic(command.downgrade, "0021")
    with db.writer() as session:  # as an older vetdesk stored them: the words typed
        session.execute(text("UPDATE companies SET sector = 'Automotriz', size = 'pequeña' WHERE id = :id"),
                        {"id": typed})
        session.execute(text("UPDATE companies SET sector = 'Minería de plata', size = NULL WHERE id = :id"),
                        {"id": free})
        session.commit()
    alembic(command.upgrade, "head")
    assert (records.get(db, "companies", typed)["sector"], records.get(db, "companies", typed)["size"]) == \
        ("automotive", "small")
    assert records.get(db, "companies", free)["sector"] == "Minería de plata"
    for word in ("automotriz", "automobil", "automotive"):
        assert records.list_ids(db, "companies", records.ListQuery(search=word)) == [typed], word
    assert records.list_ids(db, "companies", records.ListQuery(search="mineria")) == [free]


def test_0024_counts_a_sunday_start_s_first_week_due_from_the_monday_after(db):
    """An agreement starting on a Sunday whose first week due was stored as the week that Sunday ends (before
    issue 25's fix) gets the Monday after, or the first later week not countersigned (both backends)."""
    from datetime import timedelta

    from alembic import command

    from tests import factories as f
    from vetdesk.domain import logbook as L
    from vetdesk.services import logbook

    sunday = L.monday(date.today()) - timedelta(weeks=8) - timedelta(days=1)
    agreement = f.make_agreement(db, start_date=sunday, end_date=sunday + timedelta(days=364))
    f.activate(db, agreement)
    first = logbook.write_week(db, agreement_id=agreement, week=sunday + timedelta(days=1),
                               values={"activities": "Inducción", "status": "submitted"}).id
    logbook.review(db, first, decision="approve")
    migration_step(db, command.downgrade, "0023")
    with db.writer() as session:  # as the old count stored it: the week the Sunday ends
        session.execute(text("UPDATE learning_agreements SET logbook_due = :due WHERE id = :id"),
                        {"due": L.monday(sunday), "id": agreement})
        session.commit()
    migration_step(db, command.upgrade, "head")
    with db.reader() as session:
        due = session.execute(text("SELECT logbook_due FROM learning_agreements WHERE id = :id"),
                              {"id": agreement}).scalar()
    assert str(due)[:10] == (sunday + timedelta(days=8)).isoformat()  # week 1 countersigned: week 2 is due
