"""Telling "the environment is at fault" (read-only file, full disk, newer schema) apart from a bug."""

from __future__ import annotations

import errno
import sqlite3
import sys

from vetdesk.i18n import _
from vetdesk.storage.revision import NotAVetdeskDatabase, SchemaTooNew, UpgradeBlocked


def explain(exc: BaseException) -> str | None:
    """A plain message with what to do, or ``None`` when the error is a bug (to be logged as such)."""
    if isinstance(exc, SchemaTooNew | NotAVetdeskDatabase | UpgradeBlocked):
        return str(exc)
    if isinstance(exc, EOFError):  # a prompt (a password) met the end of the input: no terminal, no answer
        return _("The command asked for an answer (a password) and the input ended. Run it in a terminal, or "
                 "set VETDESK_PASSWORD (VETDESK_NEW_PASSWORD for a new password); nothing was written.")
    from vetdesk.services.outputs import OutputRefused

    if isinstance(exc, OutputRefused):
        return str(exc)
    # SQLAlchemy's errors wrap the driver's; an error from before SQLAlchemy was loaded cannot be one of them.
    sa = sys.modules.get("sqlalchemy.exc")
    original = exc.orig if sa is not None and isinstance(exc, sa.DatabaseError) else exc
    text = str(original).lower()
    wrapped = sa is not None and isinstance(exc, sa.OperationalError)
    if isinstance(original, sqlite3.DatabaseError | OSError) or wrapped:
        if "readonly" in text or "read-only" in text or getattr(original, "errno", None) == errno.EROFS:
            return _("The database file is read-only. Ask your IT person for write access to it, or open "
                     "a copy; nothing was changed.")
        if "disk is full" in text or "no space" in text or getattr(original, "errno", None) == errno.ENOSPC:
            return _("The disk is full. Free some space and try again; nothing was changed.")
        if "unable to open database" in text:
            return _("The database file cannot be opened. Check that its folder exists and that you may "
                     "write there.")
        if "database is locked" in text:
            return _("Another program kept the database busy for too long. Try again in a moment; nothing "
                     "was changed.")
        if "file is not a database" in text or "malformed" in text:
            return _("The file is not a vetdesk database or it is damaged. Restore it from a backup.")
        if "connection" in text or "could not connect" in text:
            return _("The database server cannot be reached. Check the address, that the server runs, and "
                     "the network; nothing was changed.")
    return None
