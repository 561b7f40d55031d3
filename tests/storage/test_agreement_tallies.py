"""The agreements' tallies, kept by the database's own triggers (migration 0010).

Whoever writes the agreements (vetdesk's services, an import, SQL typed by hand), every tally equals what
counting the agreements gives: here counted again in Python from the rows themselves after each change.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

from sqlalchemy import text

from tests import factories as f
from vetdesk.domain.lifecycle import CURRENT, Status
from vetdesk.storage.migrate import upgrade

STATUSES = [s.value for s in Status]


def _tallies(db) -> dict[tuple[str, int, str], int]:  # type: ignore[no-untyped-def]
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT dimension, ref, code, n FROM agreement_tallies WHERE n <> 0")).all()
    return {(d, int(r), c): int(n) for d, r, c, n in rows}


def _counted(db) -> dict[tuple[str, int, str], int]:  # type: ignore[no-untyped-def]
    """The same figures, counted in Python from every agreement and its apprentice's sex."""
    with db.engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT la.status, la.programme_id, la.company_id, la.instructor_id, a.sex, la.completed_on, "
            "la.terminated_on, la.end_date FROM learning_agreements la JOIN apprentices a ON a.id = la.apprentice_id"
        )).all()
    tally: Counter[tuple[str, int, str]] = Counter()
    for status, programme, company, instructor, sex, completed, terminated, end in rows:
        tally["status", 0, status] += 1
        if status == "active":
            tally["programme", programme, ""] += 1
            tally["company", company, ""] += 1
            tally["sex", 0, sex] += 1
        if status in CURRENT and instructor is not None:
            tally["instructor", instructor, ""] += 1
        if status in ("completed", "terminated"):
            tally["outcome", int(str(completed or terminated or end)[:4]), status] += 1
    return dict(tally)


def test_every_change_of_agreements_keeps_the_tallies(db) -> None:
    apprentices = [f.make_apprentice(db, sex=s) for s in ("H", "M", "X", "M")]
    companies = [f.make_company(db) for _ in range(3)]
    programmes = [f.make_programme(db) for _ in range(2)]
    instructors = [f.make_instructor(db, company_id=c) for c in companies]
    agreements: list[int] = []
    if not db.is_sqlite:  # the walk writes what the rules forbid (overlapping agreements in force): the tallies
        with db.engine.begin() as conn:  # must follow any row, so PostgreSQL's own overlap guard is set aside
            conn.execute(text("ALTER TABLE learning_agreements DROP CONSTRAINT ex_learning_agreements_current_overlap"))
    rng = random.Random(10)
    day = date(2024, 1, 1)
    assert _tallies(db) == {}
    for step in range(80):
        action = rng.choice(["insert", "status", "status", "move", "sex", "end", "delete", "many"]) \
            if agreements else "insert"
        with db.engine.begin() as conn:
            if action == "insert":
                company = rng.choice(companies)
                values = f.agreement_values(db, apprentice_id=rng.choice(apprentices), company_id=company,
                                            programme_id=rng.choice(programmes),
                                            instructor_id=rng.choice([*instructors, None]))
                agreements.append(int(conn.execute(text(
                    "INSERT INTO learning_agreements (reference, apprentice_id, company_id, programme_id, "
                    "instructor_id, status, start_date, end_date, stipend_currency, version) VALUES (:ref, :a, :c, "
                    ":p, :i, :s, :start, :end, 'MXN', 1) RETURNING id"),
                    {"ref": f"T-{step}", "a": values["apprentice_id"], "c": company, "p": values["programme_id"],
                     "i": values["instructor_id"], "s": rng.choice(STATUSES), "start": values["start_date"],
                     "end": values["end_date"]}).scalar_one()))
            elif action == "status":
                conn.execute(text("UPDATE learning_agreements SET status = :s WHERE id = :i"),
                             {"s": rng.choice(STATUSES), "i": rng.choice(agreements)})
            elif action == "move":
                column, choices = rng.choice([("programme_id", programmes), ("company_id", companies),
                                              ("instructor_id", [*instructors, None]),
                                              ("apprentice_id", apprentices)])
                conn.execute(text(f"UPDATE learning_agreements SET {column} = :v WHERE id = :i"),
                             {"v": rng.choice(choices), "i": rng.choice(agreements)})
            elif action == "sex":
                conn.execute(text("UPDATE apprentices SET sex = :s WHERE id = :i"),
                             {"s": rng.choice("HMX"), "i": rng.choice(apprentices)})
            elif action == "end":  # the year of an outcome: completed_on, else terminated_on, else end_date
                column = rng.choice(["completed_on", "terminated_on", "end_date"])
                cleared = column != "end_date" and rng.random() < 0.3
                value = None if cleared else day + timedelta(days=rng.randint(0, 900))
                conn.execute(text(f"UPDATE learning_agreements SET {column} = :d WHERE id = :i"),
                             {"d": value, "i": rng.choice(agreements)})
            elif action == "many":  # one statement over many rows, then one that changes nothing counted
                chosen = rng.sample(agreements, k=min(len(agreements), 3))
                conn.execute(text("UPDATE learning_agreements SET status = :s WHERE id IN "
                                  f"({', '.join(str(a) for a in chosen)})"), {"s": rng.choice(STATUSES)})
                conn.execute(text("UPDATE learning_agreements SET notes = 'seen' WHERE id IN "
                                  f"({', '.join(str(a) for a in chosen)})"))
            else:
                conn.execute(text("DELETE FROM learning_agreements WHERE id = :i"),
                             {"i": agreements.pop(rng.randrange(len(agreements)))})
        assert _tallies(db) == _counted(db), (step, action)
    assert {d for d, _r, _c in _tallies(db)} >= {"status", "instructor"}  # the walk reached several figures
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM learning_agreements"))
    assert _tallies(db) == {}


def test_the_services_changes_are_tallied(db) -> None:
    agreement = f.make_agreement(db)
    assert _tallies(db) == _counted(db) and _tallies(db)[("status", 0, "draft")] == 1
    f.activate(db, agreement)
    tallies = _tallies(db)
    assert tallies == _counted(db)
    assert tallies[("status", 0, "active")] == 1 and ("status", 0, "draft") not in tallies
    assert tallies[("sex", 0, "H")] == 1


def test_an_upgrade_counts_the_agreements_made_before(tmp_path) -> None:
    from vetdesk.storage.engine import connect

    db = connect(tmp_path / "before-0010.sqlite3")
    f.made_before(db, "0009", lambda: [f.make_agreement(db) for _ in range(3)])
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE learning_agreements SET status = 'active' WHERE id = (SELECT min(id) "
                          "FROM learning_agreements)"))
    upgrade(db)
    assert _tallies(db) == _counted(db)
    assert _tallies(db)[("status", 0, "draft")] == 2 and _tallies(db)[("status", 0, "active")] == 1
    db.dispose()
