"""The PostgreSQL roles of a shared office (issue 24, item 9), on a real server: a PC's login can work on the
records but cannot change the schema, change or delete audit entries, or promote a user."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from vetdesk.domain.problems import RuleViolation
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


def test_a_login_cannot_read_password_hashes_and_still_signs_in(pg) -> None:  # type: ignore[no-untyped-def]
    """An officer's login role cannot read or write any password hash — not even their own — nor store one for
    someone else; signing in (the server compares the hash) and changing one's own password still work, and the
    audit trail stays append-only. The administrator's login resets another's password."""
    users.create_user(pg, username="root", password="a good password", role="administrator")
    users.create_user(pg, username="olga", password="a good password", role="officer")
    logins = {r.username: r for r in pgroles.setup_roles(pg)}
    officer = Office.open(_as(pg, logins["olga"].login))
    engine = create_engine(officer.url)
    try:
        for sql in ("SELECT password_hash FROM users", "SELECT * FROM users",
                    "SELECT count(*) FROM users WHERE password_hash LIKE '$argon2%'",
                    "UPDATE users SET password_hash = 'x' WHERE username = 'root'",
                    "UPDATE audit_entries SET changes = NULL", "DELETE FROM audit_entries WHERE id > 0"):
            with engine.connect() as conn, pytest.raises(ProgrammingError) as refused:
                conn.execute(text(sql))
            assert "permission denied" in str(refused.value), sql
        with engine.begin() as conn:
            assert conn.execute(text("SELECT username FROM users ORDER BY username")).scalars().all() == [
                "olga", "root"]
            settings, chars = conn.execute(text("SELECT * FROM vetdesk_password_settings('root')")).one()
            assert settings.startswith("$argon2id$") and settings.count("$") == 4 and chars == 43  # no digest
            assert conn.execute(text("SELECT vetdesk_password_matches('root', :s)"), {"s": settings + "$x"}) \
                .scalar() is False
            assert conn.execute(text("SELECT vetdesk_set_password('root', 'x')")).scalar() is False
        # Signing in works through the server's comparison; a wrong password is still refused.
        who = officer.as_user(users.authenticate(officer, "olga", "a good password"))
        with pytest.raises(RuleViolation) as wrong:
            users.authenticate(officer, "olga", "not the password")
        assert wrong.value.problems[0].code == "login.failed"
        # One's own password changes; another's cannot, even if the core were bypassed (the function says no).
        users.change_password(who, username="olga", password="another good one")
        assert users.authenticate(officer, "olga", "another good one").username == "olga"
        with pytest.raises(RuleViolation):
            users.change_password(who, username="root", password="taken over!")
    finally:
        engine.dispose()
        officer.dispose()
    admin = Office.open(_as(pg, logins["root"].login))
    try:
        who = admin.as_user(users.authenticate(admin, "root", "a good password"))
        users.change_password(who, username="olga", password="reset by root")
        engine = create_engine(admin.url)
        with engine.connect() as conn, pytest.raises(ProgrammingError):
            conn.execute(text("SELECT password_hash FROM users"))
    finally:
        engine.dispose()
        admin.dispose()
    assert users.authenticate(pg, "olga", "reset by root").username == "olga"
    assert users.authenticate(pg, "root", "a good password").username == "root"


def test_an_outdated_hash_is_replaced_at_sign_in_through_the_server(pg) -> None:  # type: ignore[no-untyped-def]
    """A hash made with weaker argon2 settings is replaced by a current one when its owner signs in, though the
    PC never read it."""
    from argon2 import PasswordHasher

    users.create_user(pg, username="olga", password="a good password", role="officer")
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash("a good password")
    with pg.engine.begin() as conn:
        conn.execute(text("UPDATE users SET password_hash = :h"), {"h": weak})
    assert users.authenticate(pg, "olga", "a good password").username == "olga"
    with pg.engine.connect() as conn:
        stored = conn.execute(text("SELECT password_hash FROM users")).scalar_one()
    assert stored != weak and stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert users.authenticate(pg, "olga", "a good password").username == "olga"


def test_setting_up_needs_the_servers_superuser(pg, cli) -> None:  # type: ignore[no-untyped-def]
    """The database's owner alone cannot create roles: pg-setup says whom to connect as, no traceback, and
    nothing changes (the README's first role, the owner, is no superuser)."""
    users.create_user(pg, username="root", password="a good password", role="administrator")
    database = make_url(pg.url).database
    with pg.engine.begin() as conn:
        conn.execute(text("CREATE ROLE plain_owner_t LOGIN"))
        conn.execute(text(f'ALTER DATABASE "{database}" OWNER TO plain_owner_t'))
        conn.execute(text("GRANT ALL ON ALL TABLES IN SCHEMA public TO plain_owner_t"))
    try:
        owner = Office.open(_as(pg, "plain_owner_t"))
        try:
            with pytest.raises(RuleViolation) as refused:
                pgroles.setup_roles(owner)
            assert refused.value.problems[0].code == "pg.superuser"
        finally:
            owner.dispose()
        with pg.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM pg_roles WHERE rolname LIKE :n"),
                                {"n": f"{database}_%"}).scalar() == 0
    finally:
        with pg.engine.begin() as conn:
            conn.execute(text(f'ALTER DATABASE "{database}" OWNER TO CURRENT_USER'))
            conn.execute(text("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM plain_owner_t"))
            conn.execute(text("DROP ROLE plain_owner_t"))


def test_a_persons_login_cannot_take_a_full_backup(pg, cli, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A full copy holds the password hashes, which no person's login reads: even an administrator's login is
    told to back up with the owner login, and no file is left behind."""
    from tests.conftest import require_program

    require_program("pg_dump", "postgresql-client")
    users.create_user(pg, username="root", password="a good password", role="administrator")
    logins = {r.username: r for r in pgroles.setup_roles(pg)}
    admin = Office.open(_as(pg, logins["root"].login))
    folder = tmp_path / "backups"
    folder.mkdir()
    target = folder / "office.dump"
    monkeypatch.setenv("VETDESK_PASSWORD", "a good password")
    try:
        code, _out, err = cli(admin, "--user", "root", "backup", "-o", str(target))
    finally:
        admin.dispose()
    assert code == 1 and "owner login" in err and "Traceback" not in err, err
    assert list(folder.iterdir()) == []
