"""PostgreSQL roles for a shared office: the connection string of a PC no longer opens the whole database.

Run once by the server's administrator (``vetdesk admin pg-setup``), connected as the server's superuser (it
creates roles and changes owners, which the database's owner alone may not do). It creates, per database
(names start with the database's name, roles being server-wide):

- ``<db>_owner`` — owns the tables; the only role that migrates (``vetdesk db upgrade``). Not used by PCs.
- ``<db>_app`` — a group for every office user: reads and writes the records, adds audit entries but never
  changes or deletes one, cannot change the schema, cannot change a user's role or add users.
- ``<db>_admin`` — a group for administrators: ``<db>_app`` and the users table, the office's texts and the
  redaction of audit entries that anonymising requires.
- ``<db>_<user>`` — one login role per vetdesk user, member of the group of its role, with its own password:
  each PC connects with its user's login, and the server's log names who connected.

No login reads ``users.password_hash``: signing in asks the server for the hash's argon2 settings and salt,
hashes the password typed with them and lets the server compare (SECURITY DEFINER functions of migration 0019,
owned by ``<db>_owner``); a new password is stored through a function that allows it to administrators and to
the user's own login. What this does not do: a login may still write the failure count of a sign-in, and the
instructors' scope is applied by vetdesk's services, not by row-level security in the server.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import make_url

from vetdesk.domain.problems import RuleViolation, error
from vetdesk.i18n import _
from vetdesk.services.uow import SYSTEM, Actor, acting, authorize
from vetdesk.storage.engine import Database
from vetdesk.storage.models import Base

#: Tables of the records: the office's users read and write them.
_RECORD_TABLES = tuple(t.name for t in Base.metadata.sorted_tables
                       if t.name not in ("audit_entries", "users", "clause_templates", "signing_keys", "settings"))
#: Columns of ``users`` a sign-in (the failure count) or a change of one's own password writes; the new hash
#: itself goes through the server's function (migration 0019).
_SIGN_IN_COLUMNS = ("failed_logins", "last_failed_at", "version", "updated_at")
#: Columns of ``users`` the office's logins read: all but the password hash, which only the sign-in functions
#: (running with the owner's rights) compare.
_READABLE_USER_COLUMNS = tuple(c.name for c in Base.metadata.tables["users"].columns if c.name != "password_hash")
#: The sign-in functions of migration 0019, run with their owner's rights (SECURITY DEFINER).
_SIGN_IN_FUNCTIONS = ("vetdesk_password_settings(text)", "vetdesk_password_matches(text, text, text)",
                      "vetdesk_set_password(text, text)")


@dataclass(frozen=True)
class LoginRole:
    username: str
    role: str
    login: str
    password: str | None  # None: the login existed; its password was left as it was


def _ident(name: str) -> str:
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
        raise RuleViolation([error("user", _("{name} cannot be a PostgreSQL role name: use lower-case letters, "
                                             "digits and underscores.").format(name=name), "pg.name")])
    return f'"{name}"'


def database_name(db: Database) -> str:
    """The name of the PostgreSQL database ``db`` is (its roles are named after it)."""
    return make_url(db.url).database or ""


def role_names(database: str) -> tuple[str, str, str]:
    base = re.sub(r"[^a-z0-9_]", "_", database.lower())[:40]
    return f"{base}_owner", f"{base}_app", f"{base}_admin"


def login_name(conn, username: str) -> str:  # type: ignore[no-untyped-def]
    """The login role of ``username`` in this database, as the server's own function names it (migration 0019:
    the function that lets a user's login store their new password uses the same name)."""
    return str(conn.execute(text("SELECT vetdesk_login_name(:u)"), {"u": username}).scalar_one())


def setup_roles(db: Database, *, actor: Actor = SYSTEM, owner_password: str | None = None) -> list[LoginRole]:
    """Create (or bring up to date) the roles of this database and one login per active vetdesk user; returns
    the logins, with the password of each login created now (shown once; existing logins keep theirs)."""
    authorize(acting(db, actor), "users")
    if db.is_sqlite:
        raise RuleViolation([error("db", _("PostgreSQL roles apply to a shared PostgreSQL database; a SQLite file is "
                                           "protected by the folder's permissions."), "pg.sqlite")])
    database = database_name(db)
    owner, app, admin = role_names(database)
    created: list[LoginRole] = []
    with db.engine.begin() as conn:
        if not conn.execute(text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).scalar():
            raise RuleViolation([error("db", _(
                "Setting up the roles needs the PostgreSQL server's superuser (usually postgres): connect as that "
                "user for this once. It creates roles on the server and hands the tables to {owner}, which the "
                "database's owner alone may not do; nothing was changed.").format(owner=owner), "pg.superuser")])

        def run(sql: str) -> None:
            conn.execute(text(sql))

        def ensure(role: str, login: bool, password: str | None = None) -> bool:
            exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": role}).first()
            if exists is None:
                run(f"CREATE ROLE {_ident(role)} {'LOGIN' if login else 'NOLOGIN'}")
            if password is not None:
                conn.execute(text(f"ALTER ROLE {_ident(role)} PASSWORD " + _literal(conn, password)))
            return exists is None

        ensure(owner, True, owner_password)
        ensure(app, False)
        ensure(admin, False)
        q = _ident
        run(f"GRANT {q(app)} TO {q(admin)}")
        run(f"ALTER DATABASE {q(database)} OWNER TO {q(owner)}")
        run(f"ALTER SCHEMA public OWNER TO {q(owner)}")
        for (table,) in conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")):
            run(f"ALTER TABLE public.{q(table)} OWNER TO {q(owner)}")
        for (seq,) in conn.execute(text("SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'")):
            run(f"ALTER SEQUENCE public.{q(seq)} OWNER TO {q(owner)}")
        run(f"REVOKE ALL ON DATABASE {q(database)} FROM PUBLIC")
        run("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
        run(f"GRANT CONNECT ON DATABASE {q(database)} TO {q(app)}")
        run(f"GRANT USAGE ON SCHEMA public TO {q(app)}")
        run(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {q(app)}")
        run(f"GRANT SELECT ON public.alembic_version TO {q(app)}")
        for table in _RECORD_TABLES:
            run(f"GRANT SELECT, INSERT, UPDATE, DELETE ON public.{q(table)} TO {q(app)}")
        run(f"GRANT SELECT ON public.settings, public.clause_templates, public.signing_keys TO {q(app)}")
        run(f"GRANT SELECT, INSERT ON public.audit_entries TO {q(app)}")
        run(f"REVOKE ALL ON public.users FROM {q(app)}")  # a table-wide SELECT granted before included the hash
        run(f"GRANT SELECT ({', '.join(_READABLE_USER_COLUMNS)}) ON public.users TO {q(app)}")
        run(f"GRANT UPDATE ({', '.join(_SIGN_IN_COLUMNS)}) ON public.users TO {q(app)}")
        for function in _SIGN_IN_FUNCTIONS + ("vetdesk_login_name(text)",):
            run(f"ALTER FUNCTION public.{function} OWNER TO {q(owner)}")
            run(f"REVOKE ALL ON FUNCTION public.{function} FROM PUBLIC")
        for function in _SIGN_IN_FUNCTIONS:
            run(f"GRANT EXECUTE ON FUNCTION public.{function} TO {q(app)}")
        # What only administrators do: users, the office's settings and texts, the signing key, and the
        # redaction of personal data inside audit entries when anonymising.
        run(f"REVOKE ALL ON public.users FROM {q(admin)}")
        run(f"GRANT INSERT, UPDATE ON public.users TO {q(admin)}")  # new users and reset passwords, never read
        run(f"GRANT INSERT, UPDATE, DELETE ON public.settings, public.clause_templates TO {q(admin)}")
        run(f"GRANT INSERT ON public.signing_keys TO {q(admin)}")
        run(f"GRANT UPDATE (changes) ON public.audit_entries TO {q(admin)}")
        for username, role in conn.execute(text("SELECT username, role FROM users WHERE active ORDER BY username")):
            login = login_name(conn, username)
            password = secrets.token_urlsafe(18)
            made = not _exists(conn, login)
            ensure(login, True, password if made else None)
            run(f"REVOKE {q(admin)} FROM {q(login)}")
            run(f"GRANT {q(admin if role == 'administrator' else app)} TO {q(login)}")
            created.append(LoginRole(username, role, login, password if made else None))
    return created


def _exists(conn, role: str) -> bool:  # type: ignore[no-untyped-def]
    return conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": role}).first() is not None


def _literal(conn, value: str) -> str:  # type: ignore[no-untyped-def]
    """A string literal for ALTER ROLE … PASSWORD (which takes no bound parameter), quoted by the server."""
    return str(conn.execute(text("SELECT quote_literal(:v)"), {"v": value}).scalar_one())
