"""The PostgreSQL roles of a shared office (issue 24, item 9), on a real server: a PC's login can work on the
records but cannot change the schema, change or delete audit entries, or promote a user."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from vetdesk.services import pgroles, records, users
from vetdesk.services.office import Office

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg(db):  # type: ignore[no-untyped-def]
    if db.is_sqlite:
        pytest.skip("PostgreSQL roles")
    return db


def _as(db, login: str) -> str:  # type: ignore[no-untyped-def]
    return make_url(db.url).set(username=login, password=None).render_as_string(hide_password=False)


def test_each_login_has_least_privilege(pg, cli) -> None:  # type: ignore[no-untyped-def]
    users.create_user(pg, username="root", password="a good password", role="administrator")
    users.create_user(pg, username="olga", password="a good password", role="officer")
    logins = {r.username: r for r in pgroles.setup_roles(pg)}
    assert set(logins) == {"root", "olga"} and all(r.password for r in logins.values())
    officer = Office.open(_as(pg, logins["olga"].login))
    try:
        # The officer's PC works: sign in, create a record (audited), read it back.
        who = officer.as_user(users.authenticate(officer, "olga", "a good password"))
        made = records.create(who, "companies", {"name": "Taller Sur", "rfc": "TSU900101AB1",
                                                 "legal_representative": "A"})
        assert records.get(who, "companies", made.id)["name"] == "Taller Sur"
        engine = create_engine(officer.url)
        try:
            for sql in ("UPDATE audit_entries SET username = 'nobody'", "DELETE FROM audit_entries",
                        "UPDATE users SET role = 'administrator'", "ALTER TABLE companies ADD COLUMN x TEXT",
                        "DROP TABLE audit_entries", "TRUNCATE audit_entries",
                        "CREATE TABLE mine (id int)"):
                with engine.connect() as conn, pytest.raises(ProgrammingError) as refused:
                    conn.execute(text(sql))
                assert "permission denied" in str(refused.value) or "must be owner" in str(refused.value), sql
        finally:
            engine.dispose()
    finally:
        officer.dispose()
    # The administrator's login adds users (the users table is theirs to write).
    admin = Office.open(_as(pg, logins["root"].login))
    try:
        who = admin.as_user(users.authenticate(admin, "root", "a good password"))
        users.create_user(who, username="vera", password="a good password", role="viewer")
    finally:
        admin.dispose()
    # Run again: existing logins keep their passwords, the new user gets one.
    again = {r.username: r for r in pgroles.setup_roles(pg)}
    assert again["olga"].password is None and again["vera"].password


def test_the_command_refuses_a_sqlite_file(sqlite_db, cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli(sqlite_db, "admin", "pg-setup")
    assert code == 1 and "SQLite" in err
