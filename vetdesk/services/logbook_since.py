"""The day from which the office keeps weekly reports in vetdesk, and each agreement's first week due counted from
it (``learning_agreements.logbook_due``, migration 0015): weeks before that day were kept elsewhere (on paper) and
are never overdue (domain.logbook.owed_from). Reads with plain SQL (the dashboard's first screen has no session);
the writes in a caller's unit of work."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from vetdesk.domain import logbook as L
from vetdesk.storage.plain import PlainReads

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: The office setting (services.settings.DEFAULTS): an ISO date, or "" for the default.
LOGBOOK_SINCE = "logbook_kept_since"
#: The office setting whether paper weekly reports are keyed into vetdesk, and so owed there
#: (domain.logbook.kept_in_vetdesk): true or false.
PAPER_OWED = "logbook_paper_owed"


def _as_day(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def logbook_kept_since(reads: PlainReads) -> date | None:
    """The day from which the office keeps weekly reports in vetdesk. The office's setting; unset, the day the
    first weekly report was recorded (stored as the setting on that day, :func:`keeping_begins`), and before any
    was, the office's set-up day (its first recorded change). None: a database with nothing recorded at all."""
    rows = reads.rows(f"SELECT value FROM settings WHERE key = '{LOGBOOK_SINCE}'")
    stored = json.loads(rows[0][0]) if rows else ""
    if stored:
        return _as_day(stored)
    if reads.rows("SELECT id FROM logbook_weeks LIMIT 1"):  # recorded before the setting was kept
        rows = reads.rows("SELECT MIN(at) FROM audit_entries WHERE kind = 'logbook' AND action = 'create'")
    else:
        rows = reads.rows("SELECT MIN(at) FROM audit_entries")
    return _as_day(rows[0][0]) if rows and rows[0][0] is not None else None


def paper_owed(reads: PlainReads) -> bool:
    """Whether the office keys its paper weekly reports into vetdesk (the office's setting; by default not)."""
    rows = reads.rows(f"SELECT value FROM settings WHERE key = '{PAPER_OWED}'")
    return bool(json.loads(rows[0][0])) if rows else False


def paper_owed_in(session: Session) -> bool:
    """:func:`paper_owed` in a session, read once per session."""
    from vetdesk.storage.plain import SessionReads

    if PAPER_OWED not in session.info:
        session.info[PAPER_OWED] = paper_owed(SessionReads(session))
    return bool(session.info[PAPER_OWED])


def kept_since_in(session: Session) -> date | None:
    """:func:`logbook_kept_since` in a session, read once per session (a write that changes it forgets it)."""
    from vetdesk.storage.plain import SessionReads

    if LOGBOOK_SINCE not in session.info:
        session.info[LOGBOOK_SINCE] = logbook_kept_since(SessionReads(session))
    return session.info[LOGBOOK_SINCE]  # type: ignore[no-any-return]


def refresh_due(session: Session, agreement_ids: list[int]) -> None:
    """Keep each agreement's first week not countersigned, from the office's day on, in this transaction."""
    import sqlalchemy as sa

    from vetdesk.storage.models import LearningAgreement, LogbookWeek

    due = sa.table("learning_agreements", sa.column("id", sa.Integer), sa.column("logbook_due", sa.Date))
    session.flush()
    kept_since = kept_since_in(session)
    for agreement_id in agreement_ids:
        start = session.scalar(sa.select(LearningAgreement.start_date).where(LearningAgreement.id == agreement_id))
        if start is None:
            continue
        approved = session.scalars(sa.select(LogbookWeek.week_start).where(
            LogbookWeek.agreement_id == agreement_id, LogbookWeek.status == L.WeekStatus.APPROVED.value))
        session.execute(sa.update(due).where(due.c.id == agreement_id)
                        .values(logbook_due=L.first_due(start, approved, kept_since)))


def recount_due(session: Session) -> None:
    """Recount every agreement's first week due when the office's day changes (agreements with no week
    countersigned keep none: the dashboard counts them from the day itself)."""
    from sqlalchemy import text

    session.flush()
    session.info.pop(LOGBOOK_SINCE, None)
    ids = [int(i) for (i,) in session.execute(text("SELECT id FROM learning_agreements WHERE logbook_due IS NOT NULL"))]
    refresh_due(session, ids)


def keeping_begins(session: Session, new_ids: list[int]) -> None:
    """Store the day the office began keeping weekly reports in vetdesk when it is not stored yet: today, with the
    office's first report; with reports recorded before the setting was kept, the day the first of them was (and
    each agreement's first week due is recounted from it)."""
    from sqlalchemy import select

    from vetdesk.storage.models import LogbookWeek, Setting
    from vetdesk.storage.plain import SessionReads

    found = session.get(Setting, LOGBOOK_SINCE)
    if found is not None and json.loads(found.value or '""'):
        return
    earlier = session.scalar(select(LogbookWeek.id).where(LogbookWeek.id.not_in(new_ids)).limit(1)) \
        if new_ids else None
    since = (logbook_kept_since(SessionReads(session)) if earlier is not None else None) or date.today()
    if found is None:
        session.add(Setting(key=LOGBOOK_SINCE, value=json.dumps(since.isoformat())))
    else:
        found.value = json.dumps(since.isoformat())
    if earlier is not None:
        recount_due(session)
    session.info.pop(LOGBOOK_SINCE, None)
