"""The date of each agreement's last assessment, kept by the database's own triggers (migration 0006).

Whoever writes the assessments (vetdesk's services, an import, SQL typed by hand), ``last_assessed_on`` of
every agreement equals the latest ``assessed_on`` of its assessments, NULL when it has none.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import text

from tests import factories as f
from vetdesk.services import assessments
from vetdesk.storage.migrate import upgrade


def _kept(db) -> dict[int, object]:  # type: ignore[no-untyped-def]
    """Per agreement: (kept date, latest assessment date), as the database gives them."""
    with db.engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT la.id, la.last_assessed_on, (SELECT max(a.assessed_on) FROM assessments a "
            "WHERE a.agreement_id = la.id) FROM learning_agreements la")).all()
    return {agreement: (str(kept) if kept else None, str(latest) if latest else None)
            for agreement, kept, latest in rows}


def _competency(db, agreement: int) -> int:  # type: ignore[no-untyped-def]
    with db.engine.begin() as conn:
        programme = conn.execute(text("SELECT programme_id FROM learning_agreements WHERE id = :a"),
                                 {"a": agreement}).scalar_one()
        return int(conn.execute(text(
            "INSERT INTO competencies (programme_id, area, code, title, kind, position) "
            "VALUES (:p, 'Área', :code, 'Competencia', 'technical', 0) RETURNING id"),
            {"p": programme, "code": f"T{agreement}"}).scalar_one())


def test_every_insert_change_and_delete_of_assessments_keeps_the_date(db) -> None:
    agreements = [f.make_agreement(db) for _ in range(3)]
    competency = {a: _competency(db, a) for a in agreements}
    assert set(_kept(db).values()) == {(None, None)}

    rng = random.Random(6)
    start = date(2026, 1, 5)
    ids: list[int] = []
    for step in range(60):
        action = rng.choice(["insert", "insert", "move", "redate", "delete"]) if ids else "insert"
        with db.engine.begin() as conn:
            if action == "insert":
                agreement = rng.choice(agreements)
                ids.append(int(conn.execute(text(
                    "INSERT INTO assessments (agreement_id, competency_id, assessed_on, rater_role, recognised) "
                    "VALUES (:a, :c, :d, 'instructor', :r) RETURNING id"),
                    {"a": agreement, "c": competency[agreement], "d": start + timedelta(days=rng.randint(0, 90)),
                     "r": False}).scalar_one()))
            elif action == "move":
                target = rng.choice(agreements)
                conn.execute(text("UPDATE assessments SET agreement_id = :a, competency_id = :c WHERE id = :i"),
                             {"a": target, "c": competency[target], "i": rng.choice(ids)})
            elif action == "redate":
                conn.execute(text("UPDATE assessments SET assessed_on = :d WHERE id = :i"),
                             {"d": start + timedelta(days=rng.randint(0, 90)), "i": rng.choice(ids)})
            else:
                gone = ids.pop(rng.randrange(len(ids)))
                conn.execute(text("DELETE FROM assessments WHERE id = :i"), {"i": gone})
        kept = _kept(db)
        assert all(mine == latest for mine, latest in kept.values()), (step, action, kept)
    # Deleting them all leaves no date behind.
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM assessments"))
    assert set(_kept(db).values()) == {(None, None)}


def test_statements_of_many_assessments_are_kept(db) -> None:
    """One INSERT of many rows (a position's grid), one UPDATE or DELETE of many: each agreement dated once."""
    agreements = [f.make_agreement(db) for _ in range(3)]
    competency = {a: _competency(db, a) for a in agreements}
    days = ["2026-03-02", "2026-05-04", "2026-04-06", "2026-01-12"]
    rows = ", ".join(f"({a}, {competency[a]}, '{d}', 'instructor', false)" for a in agreements[:2] for d in days)
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO assessments (agreement_id, competency_id, assessed_on, rater_role, "
                          f"recognised) VALUES {rows}"))
    kept = _kept(db)
    assert kept[agreements[0]] == kept[agreements[1]] == ("2026-05-04", "2026-05-04")
    assert kept[agreements[2]] == (None, None)
    with db.engine.begin() as conn:  # every May rating moves to June; those of the second go to the third
        conn.execute(text("UPDATE assessments SET assessed_on = '2026-06-01' WHERE assessed_on = '2026-05-04'"))
        conn.execute(text("UPDATE assessments SET agreement_id = :c, competency_id = :k WHERE agreement_id = :b"),
                     {"b": agreements[1], "c": agreements[2], "k": competency[agreements[2]]})
    assert all(mine == latest for mine, latest in _kept(db).values())
    assert _kept(db)[agreements[1]] == (None, None) and _kept(db)[agreements[2]] == ("2026-06-01", "2026-06-01")
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM assessments WHERE assessed_on >= '2026-04-01'"))
    assert _kept(db) == {agreements[0]: ("2026-03-02", "2026-03-02"), agreements[1]: (None, None),
                         agreements[2]: ("2026-03-02", "2026-03-02")}


def test_the_services_assessments_are_kept_too(db) -> None:
    from tests.progress.conftest import TODAY, make_placement

    placement = make_placement(db)
    days = [TODAY - timedelta(days=n) for n in (9, 2, 5)]
    for day in days:
        assessments.record_assessment(db, agreement_id=placement.agreement_id, competency_code="MAN-1", level=3,
                                      on=day)
    latest = max(days).isoformat()
    assert _kept(db)[placement.agreement_id] == (latest, latest)


def test_an_upgrade_dates_the_assessments_recorded_before(tmp_path) -> None:
    from vetdesk.storage.engine import connect

    db = connect(tmp_path / "before-0006.sqlite3")
    agreements, competency = f.made_before(db, "0005", lambda: (
        (made := [f.make_agreement(db) for _ in range(2)]), _competency(db, made[0])))
    with db.engine.begin() as conn:
        for day in ("2026-02-02", "2026-03-09", "2026-01-12"):
            conn.execute(text("INSERT INTO assessments (agreement_id, competency_id, assessed_on, rater_role, "
                              "recognised) VALUES (:a, :c, :d, 'instructor', 0)"),
                         {"a": agreements[0], "c": competency, "d": day})
    upgrade(db)
    assert _kept(db) == {agreements[0]: ("2026-03-09", "2026-03-09"), agreements[1]: (None, None)}
    db.dispose()
