"""Shared fixtures: real SQLite files and a real PostgreSQL server, the real Qt widgets offscreen.

``db`` runs a test on both backends. PostgreSQL comes from ``VETDESK_TEST_PG_URL`` (``.ci/run`` starts
a server and sets it); without it the PostgreSQL variants are skipped locally and fail under CI, so a
green CI always means both backends ran.
"""

from __future__ import annotations

import os
import shutil
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("VETDESK_NO_AUTOBACKUP", "1")

from vetdesk import i18n  # noqa: E402
from vetdesk.services.office import Office  # noqa: E402
from vetdesk.storage.engine import Database, connect  # noqa: E402
from vetdesk.storage.migrate import upgrade  # noqa: E402

PG_URL = os.environ.get("VETDESK_TEST_PG_URL")


def require_program(name: str, package: str) -> str:
    """The path of a program a test runs (``msgfmt``…). Missing, it skips a local run but fails under CI,
    which installs it (``.ci/run``): a green CI never means a test quietly did not run."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} (Debian package {package}) is missing under CI; .ci/run installs it")
        pytest.skip(f"{name} is not installed (Debian package {package})")
    return path


@pytest.fixture(autouse=True)
def _english_and_isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests read messages in English (the source language) and never touch the user's real data."""
    i18n.set_language("en")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.delenv("VETDESK_DB", raising=False)
    yield
    i18n.set_language("en")
    person = sys.modules.get("tests.scenarios.person")
    if person is not None:  # a scenario's answers still looking end with it
        person.stop_looking()  # type: ignore[attr-defined]


MODAL_LIMIT_S = float(os.environ.get("VETDESK_TEST_MODAL_LIMIT", "240"))


@pytest.fixture(autouse=True)
def _no_dialog_waits_forever(request: pytest.FixtureRequest) -> Iterator[None]:
    """A window test that opens a dialog nobody answers fails with that dialog's words instead of waiting
    until pytest-timeout ends the whole run (its thread method stops every test after it). A dialog modal for
    longer than ``MODAL_LIMIT_S`` seconds is read, closed, and the test fails saying what it said."""
    if "qtbot" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("qapp")
    import time

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    seen: dict[str, object] = {}
    stuck: list[str] = []

    def look() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None or modal is not seen.get("widget"):
            seen.update(widget=modal, since=time.monotonic())
            return
        if time.monotonic() - float(seen["since"]) < MODAL_LIMIT_S:  # type: ignore[arg-type]
            return
        words = modal.windowTitle()
        if isinstance(modal, QMessageBox):
            words += ": " + modal.text()
        stuck.append(f"{type(modal).__name__} left open {MODAL_LIMIT_S:.0f} s, unanswered: {words}")
        seen.clear()
        modal.close()

    timer = QTimer()
    timer.setInterval(1000)
    timer.timeout.connect(look)
    timer.start()
    yield
    timer.stop()
    # A dialog a test left open, not waiting on anyone (the "File saved" message of a backup made without a
    # window), closed with its test: the next test's dialogs would find it as the active modal widget.
    from PySide6.QtWidgets import QDialog

    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.close()
    if stuck:
        pytest.fail("\n".join(stuck), pytrace=False)


def _name_the_chamber_signatory(db) -> None:  # type: ignore[no-untyped-def]
    """Every test office names who signs for the chamber (an agreement for signature is refused without one:
    tests/reports/test_fix23g.py clears it to see the refusal)."""
    import json

    from sqlalchemy import text

    from vetdesk.services.demo import DEMO_SIGNATORY

    with db.engine.begin() as conn:
        for key, value in DEMO_SIGNATORY.items():
            conn.execute(text("INSERT INTO settings (key, value) VALUES (:key, :value)"),
                         {"key": key, "value": json.dumps(value)})


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated empty database, built once per session and copied for each test."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    db = connect(path)
    upgrade(db)
    _name_the_chamber_signatory(db)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    return path


def _sqlite_db(template: Path, tmp_path: Path) -> Iterator[Office]:
    path = tmp_path / "vetdesk.sqlite3"
    shutil.copyfile(template, path)
    db = Office.open(str(path))
    yield db
    db.dispose()


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    """A migrated PostgreSQL database used as the template of each test's own database."""
    if not PG_URL:
        if os.environ.get("CI"):
            pytest.fail("VETDESK_TEST_PG_URL is not set under CI: the PostgreSQL tests must run")
        pytest.skip("PostgreSQL tests need VETDESK_TEST_PG_URL (see .ci/postgres.sh)")
    from sqlalchemy import create_engine, text

    name = f"vetdesk_tpl_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_URL.rsplit("/", 1)[0] + "/" + name
    db = connect(url)
    upgrade(db)
    _name_the_chamber_signatory(db)
    db.dispose()
    yield name
    try:
        _drop_database(admin, name)
    finally:
        admin.dispose()


def _drop_database(admin, name: str) -> None:  # type: ignore[no-untyped-def]
    """Drop a test database; a background worker still attached gets a moment to leave."""
    import time

    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    for attempt in range(10):
        try:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            return
        except DBAPIError:
            if attempt == 9:
                raise
            time.sleep(0.2)


def _pg_db(template: str) -> Iterator[Office]:
    from sqlalchemy import create_engine, text

    assert PG_URL
    name = f"vetdesk_t_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
        db = Office.open(PG_URL.rsplit("/", 1)[0] + "/" + name)
        try:
            yield db
        finally:
            db.dispose()
            _drop_database(admin, name)
    finally:
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Office]:
    """An empty, migrated database on each backend."""
    if request.param == "sqlite":
        yield from _sqlite_db(request.getfixturevalue("sqlite_template"), tmp_path)
    else:
        yield from _pg_db(request.getfixturevalue("pg_template"))


@pytest.fixture
def sqlite_db(sqlite_template: Path, tmp_path: Path) -> Iterator[Office]:
    """An empty, migrated SQLite database (for tests about SQLite itself or the window)."""
    yield from _sqlite_db(sqlite_template, tmp_path)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run ``vetdesk`` in-process: ``cli(db, "list", "apprentices", "--json") -> (code, out, err)``."""
    from vetdesk.commands import main

    def run(database: Database, *args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        try:
            code = main(["--db", database.url, "--lang", "en", *args])
        except SystemExit as exc:  # argparse usage errors
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return run
