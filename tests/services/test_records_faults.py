"""Environment faults get a plain message with what to do; bugs are left to surface as bugs."""

from __future__ import annotations

import errno
import sqlite3

import pytest
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError

from vetdesk.services.faults import explain
from vetdesk.storage.migrate import NotAVetdeskDatabase, SchemaTooNew


@pytest.mark.parametrize(("exc", "words"), [
    (OperationalError("x", {}, sqlite3.OperationalError("attempt to write a readonly database")), "read-only"),
    (OperationalError("x", {}, sqlite3.OperationalError("database or disk is full")), "disk is full"),
    (OperationalError("x", {}, sqlite3.OperationalError("database is locked")), "Try again"),
    (OperationalError("x", {}, sqlite3.OperationalError("unable to open database file")), "cannot be opened"),
    (DatabaseError("x", {}, sqlite3.DatabaseError("file is not a database")), "not a vetdesk database"),
    (OSError(errno.ENOSPC, "No space left on device"), "disk is full"),
    (OSError(errno.EROFS, "Read-only file system"), "read-only"),
    (SchemaTooNew("newer version of vetdesk"), "newer version"),
    (NotAVetdeskDatabase("holds other data"), "other data"),
])
def test_environment_faults_are_explained(exc: BaseException, words: str) -> None:
    message = explain(exc)
    assert message is not None and words in message


@pytest.mark.parametrize("exc", [
    KeyError("x"), ValueError("bad"), IntegrityError("x", {}, sqlite3.IntegrityError("UNIQUE constraint")),
])
def test_bugs_are_not_explained_away(exc: BaseException) -> None:
    assert explain(exc) is None
