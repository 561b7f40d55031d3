"""Backups and restore of the database.

A SQLite database is copied with SQLite's online backup API, which gives a consistent copy while the app
(or anyone else) keeps writing. A PostgreSQL database is dumped with ``pg_dump`` when it is installed.
A restore checks the file first (a SQLite file, integrity check, a vetdesk schema no newer than this
version), keeps a copy of the database it replaces, migrates an older schema on a scratch copy, and then
writes the whole database in one step through the same backup API, so other connections never see half
a database and nothing is changed when a check fails.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from vetdesk.i18n import _
from vetdesk.storage.engine import Database, connect
from vetdesk.storage.migrate import alembic_config, head_revision, upgrade

AUTO_PREFIX = "vetdesk-auto-"
AUTO_PATTERN = re.compile(r"^vetdesk-auto-(\d{4}-\d{2}-\d{2})-\d{6}\.sqlite3$")
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
    """Copy a SQLite database with the online backup API into ``target`` (written whole, then renamed)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    src = sqlite3.connect(source) if isinstance(source, Path) else source
    try:
        dst = sqlite3.connect(tmp)
        try:
            # All pages in one step: one consistent snapshot even while others write (WAL readers do not
            # block writers, and a step never sees a half-committed transaction).
            src.backup(dst, pages=-1)
            dst.execute("PRAGMA journal_mode = DELETE")  # a single self-contained file
        finally:
            dst.close()
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    finally:
        if isinstance(source, Path):
            src.close()


def backup_database(db: Database, target: str | Path) -> Path:
    """Write a consistent copy of ``db`` to ``target`` (a SQLite file, or a pg_dump archive)."""
    target = Path(target).expanduser().resolve()
    path = sqlite_path(db)
    if path is not None:
        if target == path.resolve():
            raise BackupRefused(_("The backup cannot overwrite the database itself; choose another file."))
        _sqlite_copy(path, target)
        return target
    if db.is_sqlite:
        raise BackupRefused(_("An in-memory database cannot be backed up."))
    return _pg_dump(db, target)


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
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    try:
        result = subprocess.run([exe, "--format=custom", "--no-owner", f"--file={tmp}", f"--dbname={libpq}"],
                                env=env, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise BackupRefused(_("pg_dump failed: {message}").format(message=result.stderr.strip()))
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return target


# -- automatic backups ----------------------------------------------------------------------------

def backup_folder(db: Database) -> Path | None:
    path = sqlite_path(db)
    return None if path is None else path.parent / "backups"


def list_backups(db: Database) -> list[Path]:
    """The automatic backups and pre-restore copies of ``db``, newest first (for the restore menu)."""
    folder = backup_folder(db)
    if folder is None or not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir() if p.suffix == ".sqlite3" and not p.name.startswith(".")),
                  key=lambda p: p.stat().st_mtime, reverse=True)


def auto_backup(db: Database, keep: int = 10, *, now: datetime | None = None) -> Path | None:
    """The daily backup the app makes on start: at most one a day, next to the database, ``keep`` kept.

    Returns the new file, or ``None`` when none was due (already done today, PostgreSQL, an empty new
    database, or ``VETDESK_NO_AUTOBACKUP=1``).
    """
    if os.environ.get(NO_AUTOBACKUP_ENV) == "1":
        return None
    path = sqlite_path(db)
    folder = backup_folder(db)
    if path is None or folder is None or not path.exists():
        return None
    now = now or datetime.now()
    day = now.strftime("%Y-%m-%d")
    existing = sorted(p for p in folder.glob(f"{AUTO_PREFIX}*.sqlite3") if AUTO_PATTERN.match(p.name)) \
        if folder.is_dir() else []
    if any(AUTO_PATTERN.match(p.name).group(1) == day for p in existing):  # type: ignore[union-attr]
        return None
    target = folder / f"{AUTO_PREFIX}{day}-{now.strftime('%H%M%S')}.sqlite3"
    _sqlite_copy(path, target)
    existing.append(target)
    for old in sorted(existing)[:-keep] if keep > 0 else []:
        old.unlink(missing_ok=True)
    return target


# -- restore --------------------------------------------------------------------------------------

def check_backup_file(source: str | Path) -> str:
    """Refuse a file that is not a sound vetdesk database this version can open; return its revision."""
    source = Path(source)
    if not source.is_file():
        raise BackupRefused(_("{name} does not exist or is not a file.").format(name=source))
    with source.open("rb") as fh:
        if fh.read(16) != SQLITE_MAGIC:
            raise BackupRefused(_("{name} is not a vetdesk database (not a SQLite file). Choose a backup "
                                  "made by vetdesk (.sqlite3).").format(name=source.name))
    try:
        conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            result = conn.execute("PRAGMA integrity_check").fetchall()
            if [r[0] for r in result] != ["ok"]:
                raise BackupRefused(_("{name} is damaged (the integrity check failed: {detail}). Choose an "
                                      "older backup.").format(name=source.name, detail=result[0][0]))
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "alembic_version" not in tables or "apprentices" not in tables:
                raise BackupRefused(_("{name} is a SQLite file but not a vetdesk database. Choose a backup "
                                      "made by vetdesk.").format(name=source.name))
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupRefused(_("{name} is damaged or not a database ({reason}). Choose an older backup.")
                            .format(name=source.name, reason=exc)) from exc
    if row is None:
        raise BackupRefused(_("{name} has no schema version; it is not a complete vetdesk database.")
                            .format(name=source.name))
    revision = str(row[0])
    from alembic.script import ScriptDirectory

    known = {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    if revision not in known:
        raise BackupRefused(_("{name} was written by a newer version of vetdesk (schema {revision}). Install "
                              "the newer version to restore it; nothing was changed.")
                            .format(name=source.name, revision=revision))
    return revision


def restore_database(db: Database, source: str | Path, *,
                     progress: Callable[[str], None] | None = None) -> RestoreResult:
    """Replace the SQLite database ``db`` with the backup ``source``, after checking it.

    The database as it was is kept in the ``backups`` folder beside it. Close the app's other windows on
    this database first: their connections are left to the caller (the app reopens after a restore).
    """
    path = sqlite_path(db)
    if path is None:
        raise BackupRefused(_("Restore works on a SQLite database file. For PostgreSQL use pg_restore with the "
                              "pg_dump archive (ask the server's administrator)."))
    source = Path(source).expanduser().resolve()
    if source == path.resolve():
        raise BackupRefused(_("{name} is the database itself; choose a backup file.").format(name=source.name))
    revision = check_backup_file(source)
    folder = path.parent / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y-%m-%d-%H%M%S")
    keep = folder / f"vetdesk-before-restore-{stamp}.sqlite3"
    previous: Path | None = keep
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".restore-") as scratch:
        work = Path(scratch) / "restore.sqlite3"
        _sqlite_copy(source, work)  # never migrate or touch the chosen file itself
        migrated = revision != head_revision()
        if migrated:
            if progress:
                progress(_("Bringing the backup's schema up to date…"))
            scratch_db = connect(work)
            try:
                upgrade(scratch_db)
            finally:
                scratch_db.dispose()
        if path.exists():
            if progress:
                progress(_("Keeping a copy of the current database…"))
            _sqlite_copy(path, keep)
        else:
            previous = None
        db.dispose()
        if progress:
            progress(_("Restoring…"))
        src = sqlite3.connect(work)
        try:
            dst = sqlite3.connect(path, timeout=30)
            try:
                # One step into the live file: other connections see the old or the new database, never a mix.
                src.backup(dst, pages=-1)
            finally:
                dst.close()
        finally:
            src.close()
    return RestoreResult(source, previous, revision, migrated)
