"""Changes committed to the database by someone else: the command line in another window, a colleague's PC on
the office's shared PostgreSQL database, a scheduled import.

Every write keeps its audit entries in the same transaction (``services.uow``), so the audit trail is where an
open window learns of them: :class:`Watch` remembers the last entry it has seen and, asked again, turns the
entries committed since into the same :class:`~vetdesk.services.changes.ChangeSet` the window's own operations
announce, so that each page refreshes what they touched (``ui.changes`` asks every few seconds and when the
window comes back to the front). The entries this program announced itself are left out.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, or_, select

from vetdesk.i18n import _
from vetdesk.services.changes import NOTHING, ChangeSet
from vetdesk.services.uow import reading
from vetdesk.storage.engine import Database
from vetdesk.storage.models import AuditEntry

#: PostgreSQL hands out an entry's id before its transaction commits, so an entry with a lower id can become
#: visible after a higher one was seen: each look reaches back this many ids (those seen are known).
OVERLAP = 200
#: At most this many entries are read in one look (a large import elsewhere: its kinds are what matter).
MOST = 20_000


@dataclass
class Watch:
    """What one window has seen of the audit trail."""

    #: The highest entry id seen (None: not looked yet; the first look only takes the place).
    last: int | None = None
    #: Ids of entries at most :data:`OVERLAP` below ``last`` that were seen or announced here.
    known: set[int] = field(default_factory=set)
    #: On PostgreSQL a lower id can commit after a higher one (see :data:`OVERLAP`); on SQLite one writer
    #: commits at a time, in id order, and nothing can appear below the latest entry.
    lags: bool = False
    #: When the window opened (UTC, as the audit trail writes it): the first look reports what others committed
    #: since then (None: the first look only takes its place in the trail).
    since: datetime | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @classmethod
    def of(cls, db: Database, *, since: datetime | None = None, known: Iterable[int] = ()) -> Watch:
        """``known``: the entries of this program's own changes announced before the watch was made."""
        return cls(lags=not db.is_sqlite, since=since, known=set(known))

    def announced(self, change_set: ChangeSet) -> None:
        """This program's own change (already announced to the window): not to be reported again. Called from
        whichever thread committed it."""
        with self._lock:
            self.known.update(change_set.entries)

    def look(self, db: Database) -> ChangeSet:
        """The changes committed since the last look (the first: since :attr:`since`) by anyone but this program
        (:data:`NOTHING` when none)."""
        first = self.last is None
        with reading(db) as session:
            latest = session.scalar(select(func.max(AuditEntry.id))) or 0
            if not first and latest <= (self.last or 0) and not self.lags:
                return NOTHING
            query = select(AuditEntry.id, AuditEntry.kind, AuditEntry.record_id, AuditEntry.action, AuditEntry.at) \
                .order_by(AuditEntry.id).limit(MOST)
            reach = OVERLAP if self.lags else 0
            if not first:
                rows = session.execute(query.where(AuditEntry.id > (self.last or 0) - reach)).all()
            else:  # the entries a later look reaches back to are known; those since the window opened, reported
                near = AuditEntry.id > latest - reach
                rows = session.execute(query.where(
                    or_(near, AuditEntry.at >= self.since) if self.since is not None else near)).all()
        with self._lock:
            fresh = [row for row in rows if row.id not in self.known
                     and (not first or (self.since is not None and row.at >= self.since))]
            self.last = max(self.last or 0, latest)
            self.known = {i for i in self.known | {row.id for row in rows} if i > self.last - OVERLAP}
        if not fresh:
            return NOTHING
        return ChangeSet.of(_("Changes made elsewhere"), None, fresh)
