"""Who is running a command: the signed-in user, or the local operator of a personal database."""

from __future__ import annotations

from vetdesk.domain.problems import RuleViolation, error
from vetdesk.i18n import _
from vetdesk.services.actors import Actor
from vetdesk.services.office import Office
from vetdesk.storage.engine import Database


def local_operator() -> Actor:
    """Someone working directly on a SQLite file they can already read and write: full rights, audited
    under their operating-system account name."""
    import getpass  # its terminal modules are not needed for the name: loaded when asked

    try:
        name = getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in some service environments
        name = "local"
    return Actor(username=f"local:{name}", role="administrator")


def resolve_actor(db: Database, username: str | None = None, *, sign_in: bool = False) -> Actor:
    """``username`` (``--user NAME``) signs in (password from VETDESK_PASSWORD or a prompt). Without it: a database with
    no users yet, or a local SQLite file, is worked on by the local operator; a shared (PostgreSQL) database
    with users requires signing in, and so does any database with users when ``sign_in`` (replacing the
    whole database: an administrator's credentials, not only access to the file's folder)."""
    if not username and db.is_sqlite and not sign_in:  # a local file: no accounts service to load
        return local_operator()
    from vetdesk.services import users

    if username:
        return users.authenticate(db, username, users.password_from_environment(username))
    try:
        nobody = not users.has_users(db)
    except Exception:  # noqa: BLE001 - a damaged file being replaced: no accounts can be read from it
        if not db.is_sqlite:
            raise
        nobody = True
    if nobody:
        return local_operator()
    if sign_in:
        raise RuleViolation([error("user", _("This database has users: replacing it needs an administrator to "
                                             "sign in with --user NAME (the password is read from "
                                             "VETDESK_PASSWORD or asked for)."), "login.required")])
    raise RuleViolation([error("user", _("This shared database has users: sign in with --user NAME (the password "
                                         "is read from VETDESK_PASSWORD or asked for)."), "login.required")])


def clear_leftovers(db: Database) -> None:
    """Remove what a killed restore or backup left beside a SQLite database (``.restore-*`` folders, ``.part``
    files), unless a running vetdesk still works on it."""
    from vetdesk.storage.plain import sqlite_file

    path = sqlite_file(db.url)
    if path is None:
        return
    from vetdesk.services import outputs

    for folder in (path.parent, path.parent / "backups"):
        outputs.clear_leftovers(folder)




def resolve_location(location: str | None) -> str:
    """The database URL a location names (a file path, a URL, or None: VETDESK_DB or the default file)."""
    from vetdesk.storage.engine import resolve_url

    return resolve_url(location)


def upgrade_database(location: str | None) -> tuple[Database, bool, str | None]:
    """``vetdesk db``: bring the schema of the database named by ``location`` up to date (nobody signs in: it is
    the server's or the file's administrator who runs it); returns the database (the caller closes it), whether
    anything was applied, and the schema's revision now."""
    from vetdesk.storage.engine import connect
    from vetdesk.storage.migrate import current_revision, upgrade

    db = connect(location)
    try:
        changed = upgrade(db)
        return db, changed, current_revision(db)
    except BaseException:
        db.dispose()
        raise


def open_as_is(location: str | None, username: str | None = None) -> Office:
    """The database named by ``location`` as it is, its schema not brought up to date (a restore replaces a
    database that may be the damaged one), worked on by whom signs in (:func:`resolve_actor`: a database with
    users is never replaced without an administrator's sign-in). Nothing stays open when that refuses."""
    from vetdesk.storage.engine import connect

    db = connect(location)
    try:
        return Office.of(db, resolve_actor(db, username, sign_in=True))
    except BaseException:
        db.dispose()
        raise


def open_database(location: str | None, username: str | None = None, *, up_to_date: bool = False) -> Office:
    """The database named by ``location`` (a path or URL; none: VETDESK_DB or the user's data folder), its
    schema brought up to date (``up_to_date``: a first look already found the current schema, so neither
    Alembic nor a query is needed), worked on by whom :func:`resolve_actor` says. Nothing stays open when
    that refuses."""
    from vetdesk.storage.engine import connect

    db = connect(location)
    try:
        clear_leftovers(db)
        if not up_to_date:
            from vetdesk.storage.migrate import upgrade

            upgrade(db)
        return Office.of(db, resolve_actor(db, username))
    except BaseException:
        db.dispose()
        raise
