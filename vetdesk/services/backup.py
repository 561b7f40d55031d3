"""Backups and restore of the database (an administrator's work: a copy holds every record and password hash).

A SQLite database is copied with SQLite's online backup API, which gives a consistent copy while the app
(or anyone else) keeps writing. A PostgreSQL database is dumped with ``pg_dump`` when it is installed.
A restore checks the file first (a SQLite file, integrity check, a vetdesk schema no newer than this
version), rebuilds a new database from vetdesk's migrations holding only the file's data (checked row by row;
no trigger, view or index of the file crosses), brings an older schema up to date there, audits the restore
in it, keeps a copy of the database it replaces, and then writes the whole database in one step through the
same backup API, so other connections never see half a database and nothing is changed when a check fails.
A restore killed part-way leaves a ``.restore-*`` folder that the next restore or command clears.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import make_url

from vetdesk.i18n import _
from vetdesk.services import outputs
from vetdesk.services.uow import SYSTEM, Actor, UnitOfWork, acting, authorize, unit_of_work
from vetdesk.storage.engine import Database, connect
from vetdesk.storage.migrate import alembic_config, head_revision, upgrade
from vetdesk.storage.models import AuditEntry

#: Names of backups written before a backup's name carried its database's name (the folder was shared by every
#: database in it): which database they belong to cannot be told from the name.
LEGACY_PATTERN = re.compile(r"^vetdesk-(auto-|before-restore-)?\d{4}-\d{2}-\d{2}-\d{4,6}\.sqlite3$")
NO_AUTOBACKUP_ENV = "VETDESK_NO_AUTOBACKUP"
SQLITE_MAGIC = b"SQLite format 3\x00"


class BackupRefused(Exception):
    """A backup or restore cannot be done as asked; the message says why and what to do. Nothing changed."""


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did."""

    restored_from: Path
    #: The copy of the database as it was before the restore (None when there was no database yet).
    previous_copy: Path | None
    #: The schema revision of the restored file, and whether it was brought up to date.
    revision: str
    migrated: bool


def sqlite_path(db: Database) -> Path | None:
    """The file of a SQLite database (``None`` for PostgreSQL or an in-memory database)."""
    url = make_url(db.url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def _sqlite_copy(source: Path | sqlite3.Connection, target: Path) -> None:
    """Copy a SQLite database with the online backup API into ``target`` (written whole, then renamed), its
    owner's alone (mode 0600): a copy holds every record and the users' password hashes."""

    def write(tmp: Path) -> None:
        src = sqlite3.connect(source.as_uri() + "?mode=ro", uri=True) if isinstance(source, Path) else source
        try:
            dst = sqlite3.connect(tmp)
            try:
                # All pages in one step: one consistent snapshot even while others write (WAL readers do not
                # block writers, and a step never sees a half-committed transaction).
                src.backup(dst, pages=-1)
                dst.execute("PRAGMA journal_mode = DELETE")  # a single self-contained file
            finally:
                dst.close()
        finally:
            if isinstance(source, Path):
                src.close()

    outputs.write_atomically(target, write, private=True)


def backup_database(db: Database, target: str | Path, *, actor: Actor = SYSTEM) -> Path:
    """Write a consistent copy of ``db`` to ``target`` (a SQLite file, or a pg_dump archive). A full copy holds
    every record and the users' password hashes: only an administrator takes one."""
    authorize(acting(db, actor), "backup")
    target = Path(os.path.abspath(Path(target).expanduser()))  # as given: a link to a device stays named so
    path = sqlite_path(db)
    try:
        if path is not None:
            if target.resolve() == path.resolve():
                raise BackupRefused(_("The backup cannot overwrite the database itself; choose another file."))
            _sqlite_copy(path, target)  # it holds every CURP and password hash: its owner's alone
            return target
        if db.is_sqlite:
            raise BackupRefused(_("An in-memory database cannot be backed up."))
        return _pg_dump(db, target)
    except outputs.OutputRefused as exc:
        raise BackupRefused(str(exc)) from exc


def _pg_dump(db: Database, target: Path) -> Path:
    exe = shutil.which("pg_dump")
    if exe is None:
        raise BackupRefused(_(
            "A PostgreSQL database is backed up with pg_dump, which is not installed here (not on PATH). "
            "Install the PostgreSQL client tools, or ask the server's administrator for a backup."))
    url = make_url(db.url)
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    libpq = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)

    def write(tmp: Path) -> None:
        result = subprocess.run([exe, "--format=custom", "--no-owner", f"--file={tmp}", f"--dbname={libpq}"],
                                env=env, capture_output=True, text=True, check=False)
        if result.returncode != 0 and "permission denied" in result.stderr:
            # The office's logins may not read the whole database (the password hashes: services.pgroles).
            from vetdesk.services.pgroles import role_names

            raise BackupRefused(_(
                "This database login may not read everything a backup holds (the users' passwords stay on the "
                "server). Back up the shared database with its owner login ({owner}) or the server's own tools; "
                "nothing was written.").format(owner=role_names(url.database or "")[0]))
        if result.returncode != 0:
            raise BackupRefused(_("pg_dump failed: {message}").format(message=result.stderr.strip()))

    return outputs.write_atomically(target, write, private=True)


# -- automatic backups ----------------------------------------------------------------------------

def backup_folder(db: Database) -> Path | None:
    path = sqlite_path(db)
    return None if path is None else path.parent / "backups"


#: The kinds of backup a name tells: the daily automatic one, the copy kept before a restore, one made from the
#: menu (no kind word).
AUTO = "auto"
BEFORE_RESTORE = "before-restore"
MANUAL = ""


def backup_name(db: Database, kind: str, now: datetime | None = None) -> str:
    """The file name of a backup of ``db``: its database's name first, so the databases sharing a folder (and so a
    backups folder) each find their own: ``demo-auto-2026-12-03-082841.sqlite3``, ``demo-2026-12-03-0828.sqlite3``.
    """
    path = sqlite_path(db)
    stem = path.stem if path is not None else (make_url(db.url).database or "vetdesk")
    now = now or datetime.now()
    if kind == MANUAL:
        return f"{stem}-{now:%Y-%m-%d-%H%M}.sqlite3"
    return f"{stem}-{kind}-{now:%Y-%m-%d-%H%M%S}.sqlite3"


def _own_pattern(path: Path) -> re.Pattern[str]:
    """A name :func:`backup_name` gives a backup of the database file ``path``; group 1 the kind, group 2 the day."""
    return re.compile(rf"^{re.escape(path.stem)}-(?:({AUTO}|{BEFORE_RESTORE})-)?(\d{{4}}-\d{{2}}-\d{{2}})-"
                      r"(?:\d{4}|\d{6})\.sqlite3$")


def backup_kind(db: Database, backup: Path) -> str | None:
    """:data:`AUTO`, :data:`BEFORE_RESTORE` or :data:`MANUAL` for a backup of ``db`` named as vetdesk names them,
    else ``None`` (another database's backup, an old-style name, or a name the person chose)."""
    path = sqlite_path(db)
    match = _own_pattern(path).match(backup.name) if path is not None else None
    return None if match is None else (match.group(1) or MANUAL)


def _folder_files(db: Database) -> list[Path]:
    folder = backup_folder(db)
    if folder is None or not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir()
                   if p.suffix == ".sqlite3" and not p.name.startswith(".") and p.is_file()),
                  key=lambda p: (p.stat().st_mtime, p.name), reverse=True)


def list_backups(db: Database) -> list[Path]:
    """The backups of ``db`` in its backups folder (automatic, from the menu, pre-restore copies), newest first:
    those whose name carries this database's name. Another database's backups in the same folder are not
    among them."""
    return [p for p in _folder_files(db) if backup_kind(db, p) is not None]


def other_backups(db: Database) -> list[Path]:
    """The files of the backups folder whose name does not say which database they are of, newest first: backups
    named before a name carried its database's (``vetdesk-auto-…``, :data:`LEGACY_PATTERN`) and files the person
    named. A backup named for another database file of the same folder is not among them."""
    path = sqlite_path(db)
    if path is None:
        return []
    return [p for p in _folder_files(db) if backup_kind(db, p) is None and not _named_for_another(p, path)]


def _named_for_another(backup: Path, database: Path) -> bool:
    """Whether ``backup`` is named as vetdesk names the backups of another database file in the same folder."""
    for sibling in database.parent.glob("*.sqlite3"):
        if sibling.name != database.name and _own_pattern(sibling).match(backup.name):
            return True
    return False


def auto_backup(db: Database, keep: int = 10, *, now: datetime | None = None) -> Path | None:
    """The daily backup the app makes on start: at most one a day for each database, in the ``backups`` folder
    beside it, ``keep`` of this database's kept.

    Returns the new file, or ``None`` when none was due (this database already backed up today, PostgreSQL, an
    empty new database, or ``VETDESK_NO_AUTOBACKUP=1``).
    """
    if os.environ.get(NO_AUTOBACKUP_ENV) == "1":
        return None
    path = sqlite_path(db)
    folder = backup_folder(db)
    if path is None or folder is None or not path.exists():
        return None
    now = now or datetime.now()
    day = now.strftime("%Y-%m-%d")
    pattern = _own_pattern(path)
    existing = sorted(p for p in folder.glob("*.sqlite3") if (m := pattern.match(p.name)) and m.group(1) == AUTO) \
        if folder.is_dir() else []
    if any(pattern.match(p.name).group(2) == day for p in existing):  # type: ignore[union-attr]
        return None
    target = folder / backup_name(db, AUTO, now)
    folder.mkdir(exist_ok=True)
    outputs.clear_leftovers(folder)
    _sqlite_copy(path, target)
    existing.append(target)
    for old in sorted(existing)[:-keep] if keep > 0 else []:
        old.unlink(missing_ok=True)
    return target


# -- restore --------------------------------------------------------------------------------------
#
# A backup file is never put in place as it is: a crafted file could bring triggers (suppressing audit entries,
# raising a user's role on the next write), views standing where a table belongs, or a schema that only claims
# its revision. Restore builds a new database from vetdesk's own migrations at the file's revision, copies the
# rows of vetdesk's data tables into it (each value checked against its column), brings it up to date with the
# migrations, records the restore in its audit trail, and only then writes it over the database in one step.

#: Tables kept by the database itself from the data tables (search indexes, tallies): rebuilt, never copied.
_DERIVED_TABLES = {"agreement_tallies"}
#: Columns kept by the database's own triggers (migration 0006): recomputed as the assessments are copied.
_DERIVED_COLUMNS = {("learning_agreements", "last_assessed_on")}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _open_read_only(source: Path) -> sqlite3.Connection:
    """The file itself, read-only, named so that ``#`` or ``?`` in its path are part of the name: every step
    reads this very file. Its schema is not trusted (no function of it runs while it is read)."""
    conn = sqlite3.connect(source.as_uri() + "?mode=ro", uri=True)
    conn.execute("PRAGMA trusted_schema = OFF")
    return conn


def check_backup_file(source: str | Path) -> str:
    """Refuse a file that is not a sound vetdesk database this version can open; return its revision."""
    source = Path(source).expanduser().resolve()
    if not source.is_file():
        raise BackupRefused(_("{name} does not exist or is not a file.").format(name=source))
    with source.open("rb") as fh:
        if fh.read(16) != SQLITE_MAGIC:
            raise BackupRefused(_("{name} is not a vetdesk database (not a SQLite file). Choose a backup "
                                  "made by vetdesk (.sqlite3).").format(name=source.name))
    try:
        conn = _open_read_only(source)
        try:
            return _checked_revision(conn, source.name)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupRefused(_("{name} is damaged or not a database ({reason}). Choose an older backup.")
                            .format(name=source.name, reason=exc)) from exc


def _checked_revision(conn: sqlite3.Connection, name: str) -> str:
    result = conn.execute("PRAGMA integrity_check").fetchall()
    if [r[0] for r in result] != ["ok"]:
        raise BackupRefused(_("{name} is damaged (the integrity check failed: {detail}). Choose an "
                              "older backup.").format(name=name, detail=result[0][0]))
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "alembic_version" not in tables or "apprentices" not in tables:
        raise BackupRefused(_("{name} is a SQLite file but not a vetdesk database. Choose a backup "
                              "made by vetdesk.").format(name=name))
    rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    if len(rows) != 1 or not isinstance(rows[0][0], str):
        raise BackupRefused(_("{name} has no schema version; it is not a complete vetdesk database.")
                            .format(name=name))
    revision = rows[0][0]
    from alembic.script import ScriptDirectory

    known = {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    if revision not in known:
        raise BackupRefused(_("{name} was written by a newer version of vetdesk (schema {revision}). Install "
                              "the newer version to restore it; nothing was changed.")
                            .format(name=name, revision=revision[:40]))
    return revision


def _data_tables(conn: sqlite3.Connection) -> list[str]:
    """vetdesk's data tables in a database built by its migrations, parents before the rows pointing at them."""
    from vetdesk.storage.models import Base

    virtual = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND "
                                          "sql LIKE 'CREATE VIRTUAL TABLE%'")]
    present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    order = [t.name for t in Base.metadata.sorted_tables]
    names = [n for n in order if n in present] + sorted(present - set(order))
    return [n for n in names if n not in _DERIVED_TABLES and n != "alembic_version" and not n.startswith("sqlite_")
            and n not in virtual and not any(n.startswith(v + "_") for v in virtual)]


def _columns(conn: sqlite3.Connection, table: str) -> list[tuple[str, str, int]]:
    """(name, declared type, hidden) of each column; ``hidden`` is not 0 for generated columns."""
    return [(r[1], str(r[2]).upper(), int(r[6])) for r in conn.execute(f'PRAGMA table_xinfo("{table}")')]


def _refuse_schema(name: str, detail: str) -> BackupRefused:
    return BackupRefused(_("{name} claims to be a vetdesk backup, but its tables do not match its schema version "
                           "({detail}). It may have been altered; nothing was changed. Choose a backup made by "
                           "vetdesk.").format(name=name, detail=detail))


def _value_fits(declared: str, value: object) -> bool:
    """A value as SQLAlchemy writes it into a column of this declared type on SQLite."""
    if value is None:
        return True
    if declared.startswith(("INTEGER", "BIGINT", "SMALLINT")):
        return isinstance(value, int) and not isinstance(value, bool)
    if declared.startswith("BOOLEAN"):
        return value in (0, 1)
    if declared.startswith(("VARCHAR", "TEXT", "CHAR")):
        return isinstance(value, str)
    if declared.startswith("DATETIME"):
        if not isinstance(value, str):
            return False
        try:
            datetime.fromisoformat(value)
        except ValueError:
            return False
        return True
    if declared.startswith("DATE"):
        if not isinstance(value, str) or not _DATE.fullmatch(value):
            return False
        try:
            date.fromisoformat(value)
        except ValueError:
            return False
        return True
    if declared.startswith(("NUMERIC", "DECIMAL", "FLOAT", "REAL")):
        return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    if declared.startswith("JSON"):
        if not isinstance(value, str):
            return False
        try:
            json.loads(value)
        except ValueError:
            return False
        return True
    if declared.startswith("BLOB"):
        return isinstance(value, bytes)
    return False


def _copy_rows(old: sqlite3.Connection, conn: sqlite3.Connection, name: str,
               progress: Callable[[str], None] | None) -> None:
    """Copy every data table of the file (read through ``old``) into the new database (``conn``), checking each
    table's columns and each value; the new database's own triggers keep its search indexes and tallies."""
    for table in _data_tables(conn):
        kinds = {r[0] for r in old.execute("SELECT type FROM sqlite_master WHERE name = ?", (table,))}
        if not kinds:
            raise _refuse_schema(name, _("the table {table} is missing").format(table=table))
        if kinds != {"table"}:
            raise _refuse_schema(name, _("{table} is not a table").format(table=table))
        theirs = _columns(old, table)
        ours = [c for c in _columns(conn, table) if (table, c[0]) not in _DERIVED_COLUMNS]
        own_names = {c[0] for c in _columns(conn, table)}
        if {c[0] for c in theirs} != own_names or any(c[2] for c in theirs):
            raise _refuse_schema(name, _("the columns of {table} differ").format(table=table))
        if progress:
            progress(_("Restoring {table}…").format(table=table))
        names = ", ".join(f'"{c[0]}"' for c in ours)
        marks = ", ".join("?" for _c in ours)
        insert = f'INSERT INTO "{table}" ({names}) VALUES ({marks})'
        cursor = old.execute(f'SELECT rowid, {names} FROM "{table}"')
        while batch := cursor.fetchmany(2000):
            for row in batch:
                for (column, declared, _hidden), value in zip(ours, row[1:], strict=True):
                    if not _value_fits(declared, value):
                        raise BackupRefused(_(
                            "{name}: row {row} of {table} holds a value that does not fit the column {column}. "
                            "The file is not a sound vetdesk backup; nothing was changed.").format(
                            name=name, row=row[0], table=table, column=column))
            try:
                conn.executemany(insert, [row[1:] for row in batch])
            except sqlite3.IntegrityError as exc:
                raise BackupRefused(_("{name}: the rows of {table} break a rule of the database ({reason}); "
                                      "nothing was changed.").format(name=name, table=table,
                                                                     reason=str(exc).split(":")[0])) from exc


def _rebuild(source_copy: Path, target: Path, revision: str, name: str,
             progress: Callable[[str], None] | None) -> None:
    """Build ``target`` from vetdesk's migrations at ``revision`` and copy the data of ``source_copy`` into it."""
    fresh = connect(target)
    try:
        upgrade(fresh, revision)
    finally:
        fresh.dispose()
    old = _open_read_only(source_copy)
    conn = sqlite3.connect(target, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = OFF")  # checked as a whole below, once every table is there
        conn.execute("BEGIN")
        _copy_rows(old, conn, name, progress)
        broken = conn.execute("PRAGMA foreign_key_check").fetchone()
        if broken is not None:
            raise BackupRefused(_("{name}: a row of {table} points at a record that is not there; the file is not "
                                  "a sound vetdesk backup. Nothing was changed.").format(name=name, table=broken[0]))
        conn.execute("COMMIT")
    finally:
        conn.close()
        old.close()


_AUDIT_KEY = ("at", "username", "operation", "kind", "record_id", "action")


def _carry_audit(live: Path, uow: UnitOfWork) -> int:
    """Copy into the restored database the audit entries of the database being replaced that the backup does
    not hold (what was done since the backup was taken, and earlier restores): restoring an old copy must not
    erase the trace of what happened. Returns how many were kept. A live file that cannot be read (the damaged
    database being replaced) keeps nothing more."""
    if not live.exists():
        return 0
    try:
        conn = _open_read_only(live)
        try:
            rows = conn.execute("SELECT at, username, operation, kind, record_id, action, changes "
                                "FROM audit_entries ORDER BY id").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return 0
    present = {tuple(str(v) if v is not None else None for v in r)
               for r in uow.session.execute(select(*(getattr(AuditEntry, c) for c in _AUDIT_KEY)))}
    kept = 0
    for at, username, operation, kind, record_id, action, changes in rows:
        moment = datetime.fromisoformat(at) if isinstance(at, str) else at
        key = (str(moment), username, operation, kind, str(record_id) if record_id is not None else None, action)
        if key in present:
            continue
        try:
            values = json.loads(changes) if isinstance(changes, str) else (changes or {})
        except ValueError:
            values = {}
        uow.session.add(AuditEntry(at=moment, username=username, operation=operation, kind=kind,
                                   record_id=record_id, action=action, changes=values))
        kept += 1
    return kept


def restore_database(db: Database, source: str | Path, *, actor: Actor = SYSTEM,
                     progress: Callable[[str], None] | None = None) -> RestoreResult:
    """Replace the SQLite database ``db`` with the data of the backup ``source``, rebuilt by vetdesk.

    Only an administrator restores. The database as it was is kept in the ``backups`` folder beside it, and
    stays in place until the new one is complete. Close the app's other windows on this database first: their
    connections are left to the caller (the app reopens after a restore).
    """
    who = acting(db, actor)
    authorize(who, "backup")
    path = sqlite_path(db)
    if path is None:
        raise BackupRefused(_("Restore works on a SQLite database file. For PostgreSQL use pg_restore with the "
                              "pg_dump archive (ask the server's administrator)."))
    source = Path(source).expanduser().resolve()
    if source == path.resolve():
        raise BackupRefused(_("{name} is the database itself; choose a backup file.").format(name=source.name))
    outputs.clear_leftovers(path.parent)
    check_backup_file(source)
    folder = path.parent / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    outputs.clear_leftovers(folder)
    keep = folder / backup_name(db, BEFORE_RESTORE)
    previous: Path | None = keep
    scratch = Path(tempfile.mkdtemp(dir=path.parent, prefix=outputs.RESTORE_PREFIX))
    lock = scratch / outputs.RESTORE_LOCK
    lock.touch()
    try:
        with outputs.held(lock):
            work = scratch / "source.sqlite3"
            _sqlite_copy(source, work)  # the chosen file is read once, never touched
            conn = _open_read_only(work)
            try:
                revision = _checked_revision(conn, source.name)  # what was copied is what is restored
            finally:
                conn.close()
            if progress:
                progress(_("Rebuilding the database from the backup's data…"))
            rebuilt = scratch / "restored.sqlite3"
            try:
                _rebuild(work, rebuilt, revision, source.name, progress)
            except sqlite3.DatabaseError as exc:
                raise BackupRefused(_("{name} cannot be read as a vetdesk backup ({reason}); nothing was changed.")
                                    .format(name=source.name, reason=exc)) from exc
            migrated = revision != head_revision()
            new_db = connect(rebuilt)
            try:
                if migrated:
                    if progress:
                        progress(_("Bringing the backup's schema up to date…"))
                    upgrade(new_db)
                with unit_of_work(new_db, _("Restore a backup"), who, permission="backup") as uow:
                    carried = _carry_audit(path, uow)
                    uow.audit(kind="database", record_id=None, action="restore",
                              after={"file": source.name, "revision": revision, "migrated": migrated}
                              | ({"audit_entries_kept": carried} if carried else {}))
                with new_db.engine.connect() as c:
                    c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                new_db.dispose()
            if path.exists():
                if progress:
                    progress(_("Keeping a copy of the current database…"))
                _sqlite_copy(path, keep)
            else:
                previous = None
            db.dispose()
            if progress:
                progress(_("Restoring…"))
            src = sqlite3.connect(rebuilt)
            try:
                dst = sqlite3.connect(path, timeout=30)
                try:
                    # One step into the live file: other connections see the old or the new database, never a
                    # mix; a process killed during this step leaves the old one (SQLite rolls the step back).
                    src.backup(dst, pages=-1)
                finally:
                    dst.close()
            finally:
                src.close()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return RestoreResult(source, previous, revision, migrated)
