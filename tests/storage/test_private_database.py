"""The default database and its -wal and -shm files are the user's alone, as its backups are (they hold every CURP);
one put elsewhere on purpose keeps its folder's permissions. The log says one line per event, no empty ending."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest

from tests import factories as f
from vetdesk import logs
from vetdesk.services.session import open_database

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX's")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_default_database_is_private(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("VETDESK_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    old = os.umask(0o022)
    try:
        db = open_database(None)
        try:
            f.make_company(db)  # written: the -wal and -shm are there
            path = Path(db.display_location)
            assert path.is_relative_to(tmp_path / "data")
            files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
            assert all(p.exists() for p in files), files
            assert {p.name: _mode(p) for p in files} == {p.name: 0o600 for p in files}
            assert _mode(path.parent) == 0o700
        finally:
            db.dispose()
        # One made readable by others before is made private when next opened.
        path.chmod(0o644)
        db = open_database(None)
        db.dispose()
        assert _mode(path) == 0o600
    finally:
        os.umask(old)


def test_a_database_put_elsewhere_keeps_its_folders_permissions(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("VETDESK_DB", raising=False)
    old = os.umask(0o022)
    try:
        db = open_database(str(tmp_path / "shared.sqlite3"))
        f.make_company(db)
        db.dispose()
        assert _mode(tmp_path / "shared.sqlite3") == 0o644
    finally:
        os.umask(old)


def test_the_log_says_one_line_per_event(tmp_path: Path) -> None:
    handler = logging.FileHandler(tmp_path / "v.log", encoding="utf-8")
    handler.setFormatter(logs.RedactingFormatter("%(levelname)s %(name)s: %(message)s"))
    log = logging.getLogger("vetdesk.test_one_line")
    log.addHandler(handler)
    log.propagate = False
    try:
        log.warning("Running upgrade 0001 -> 0002, %s", "Instructors' capacity.\n\n    Each instructor's own.\n")
    finally:
        log.removeHandler(handler)
        handler.close()
    assert (tmp_path / "v.log").read_text(encoding="utf-8").splitlines() == [
        "WARNING vetdesk.test_one_line: Running upgrade 0001 -> 0002, Instructors' capacity. Each instructor's own."]


def test_a_command_stopped_by_the_environment_says_what_stopped_it(sqlite_db, cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from vetdesk.services import faults

    monkeypatch.setattr(faults, "explain", lambda exc: "stopped")
    said: list[str] = []
    monkeypatch.setattr(logging.getLogger("vetdesk.commands"), "warning",
                        lambda message, *args: said.append(message % args))

    def stopped(*_a, **_k):  # type: ignore[no-untyped-def]
        raise EOFError()

    from vetdesk.commands import records as listing

    monkeypatch.setattr(listing, "open_db", stopped)  # where vetdesk list takes it from
    code, out, err = cli(sqlite_db, "list", "companies")
    assert code == 1, (code, out, err)
    said = [m for m in said if "stopped by the environment" in m]
    assert said == ["list stopped by the environment: EOFError"], said
