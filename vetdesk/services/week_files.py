"""Files attached to a weekly report: adding, removing, listing and reading them, each one operation.

What a file may be is ``domain.week_files``'s rule. Here: who may attach what to which week — the writers of
weekly reports (an instructor only to their own apprentices' weeks; a viewer reads), a countersigned week's files
stay as they were approved like its text, and a week of an agreement not in force takes none —, the audit (on
the week: "file attached", "file removed") and the change set the window refreshes from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vetdesk.domain import logbook as L
from vetdesk.domain import week_files as W
from vetdesk.domain.problems import Problem, RuleViolation, error
from vetdesk.i18n import _, shown_day
from vetdesk.services.changes import NOTHING, ChangeSet
from vetdesk.services.uow import SYSTEM, Actor, acting, authorize, reading, unit_of_work, utcnow
from vetdesk.storage.engine import Database
from vetdesk.storage.models import LogbookWeek, WeekAttachment


@dataclass(frozen=True)
class WeekFile:
    """One attached file, without its content."""

    id: int
    week_id: int
    filename: str
    media_type: str
    size: int
    sha256: str
    added_at: datetime
    added_by: str | None

    @property
    def is_image(self) -> bool:
        return self.media_type in W.IMAGES

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "week_id": self.week_id, "filename": self.filename, "media_type": self.media_type,
                "size": self.size, "sha256": self.sha256, "added_at": self.added_at.isoformat(timespec="seconds"),
                "added_by": self.added_by}


@dataclass
class FilesChanged:
    """What an operation on a week's files did: the files added (or the one removed), and the change set."""

    week_id: int
    files: list[WeekFile] = field(default_factory=list)
    changes: ChangeSet = NOTHING


def _of(row: WeekAttachment) -> WeekFile:
    return WeekFile(row.id, row.week_id, row.filename, row.media_type, row.size, row.sha256, row.added_at,
                    row.added_by)


def _no_week(week_id: int) -> RuleViolation:
    return RuleViolation([error("id", _("There is no weekly report with id {id}.").format(id=week_id),
                                "record.missing")])


def _no_file(attachment_id: int) -> RuleViolation:
    return RuleViolation([error("attachment", _("There is no attached file with id {id}. Check the number "
                                                "(vetdesk logbook attachments WEEK_ID).").format(id=attachment_id),
                                "record.missing")])


def _week(session: Session, actor: Actor, week_id: int) -> LogbookWeek:
    """The week, when ``actor`` may see it: an instructor only their own apprentices' (another's is not found)."""
    week = session.get(LogbookWeek, week_id)
    if week is None or (actor.role == "instructor" and (
            week.agreement is None or week.agreement.instructor_id != actor.instructor_id)):
        raise _no_week(week_id)
    return week


def _frozen(week: LogbookWeek) -> list[Problem]:
    """A countersigned week's files stay as approved (its text does too); a week of an agreement not in force
    changes no more (the weekly report's own rules)."""
    from vetdesk.services.logbook_kinds import _agreement_problems

    if week.status == L.WeekStatus.APPROVED:
        return [error("file", _("The report was countersigned on {date}: its files can no longer change, like "
                                "what it says. Write a note instead.").format(
            date=shown_day(week.reviewed_on) if week.reviewed_on else "?"), "week_file.countersigned")]
    return _agreement_problems(week.agreement)


#: The files a week holds: not removed (a removed file's row stays for undo).
HELD = WeekAttachment.removed_at.is_(None)


def _held(session: Session, week_id: int) -> list[WeekAttachment]:
    return list(session.scalars(select(WeekAttachment).where(WeekAttachment.week_id == week_id, HELD)
                                .order_by(WeekAttachment.id)))


def _audited(row: WeekAttachment) -> dict[str, Any]:
    """What the audit records of a file attached or removed (the history's words: domain.week_files)."""
    return {"attachment_id": row.id, "filename": row.filename, "media_type": row.media_type, "bytes": row.size,
            "sha256": row.sha256}


def add_files(db: Database, week_id: int, files: Sequence[tuple[str, bytes]], *,
              actor: Actor = SYSTEM) -> FilesChanged:
    """Attach ``files`` (each its name as given and its content) to the weekly report, as one operation: all of
    them or, when one is refused, none (every refusal names its file)."""
    authorize(acting(db, actor), "assess", doing=_("attach a file to a weekly report"))
    checked: list[tuple[W.Checked, bytes]] = []
    problems: list[Problem] = []
    for name, content in files:
        found, refused = W.check_file(name, content)
        problems += refused
        if found is not None:
            checked.append((found, content))
    if problems:
        raise RuleViolation(problems)
    done = FilesChanged(week_id)
    label = _("Attach a file to a weekly report") if len(files) == 1 else _("Attach files to a weekly report")
    with unit_of_work(db, label, actor, permission="assess") as uow:
        week = _week(uow.session, uow.actor, week_id)
        problems = _frozen(week)
        held = _held(uow.session, week_id)
        problem = W.count_problem(len(held), len(checked))
        if problem is not None:
            problems.append(problem)
        digests = {row.sha256: row.filename for row in held}
        for found, _content in checked:
            if found.sha256 in digests:
                problems.append(error("file", _("{name} is attached to this week already, as {existing}.").format(
                    name=found.filename, existing=digests[found.sha256]), "week_file.duplicate"))
            digests[found.sha256] = found.filename
        if problems:
            raise RuleViolation(problems)
        now = utcnow()
        rows = [WeekAttachment(week_id=week_id, filename=found.filename, media_type=found.media_type,
                               size=found.size, sha256=found.sha256, content=content, added_at=now,
                               added_by=uow.actor.username) for found, content in checked]
        uow.session.add_all(rows)
        uow.session.flush()
        for row in rows:
            uow.audit(kind="logbook", record_id=week_id, action="attach", after=_audited(row))
        done.files = [_of(row) for row in rows]
    done.changes = uow.changes
    return done


def remove_file(db: Database, attachment_id: int, *, actor: Actor = SYSTEM) -> FilesChanged:
    """Remove one file from its weekly report (one operation, audited with what the file was). Its row is marked
    removed, not deleted: undo brings it back (:func:`undo_detach`)."""
    authorize(acting(db, actor), "assess", doing=_("remove a file from a weekly report"))
    with unit_of_work(db, _("Remove a file from a weekly report"), actor, permission="assess") as uow:
        row = uow.session.get(WeekAttachment, attachment_id)
        if row is None or row.removed_at is not None:
            raise _no_file(attachment_id)
        try:
            week = _week(uow.session, uow.actor, row.week_id)
        except RuleViolation:  # another instructor's apprentice's file: as if it did not exist
            raise _no_file(attachment_id) from None
        problems = _frozen(week)
        if problems:
            raise RuleViolation(problems)
        done = FilesChanged(row.week_id, [_of(row)])
        _remove(uow, row)
    done.changes = uow.changes
    return done


def _remove(uow: Any, row: WeekAttachment) -> None:
    """Mark ``row`` removed by the person acting, audited on its week."""
    row.removed_at, row.removed_by = utcnow(), uow.actor.username
    uow.session.flush()
    uow.audit(kind="logbook", record_id=row.week_id, action="detach", before=_audited(row))


def list_files(db: Database, week_id: int, *, actor: Actor = SYSTEM) -> list[WeekFile]:
    """The files of the weekly report, oldest first, without their content."""
    who = acting(db, actor)
    authorize(who, "read", "logbook")
    with reading(db, actor) as session:
        _week(session, who, week_id)
        return [_of(row) for row in _held(session, week_id)]


def read_file(db: Database, attachment_id: int, *, actor: Actor = SYSTEM) -> tuple[WeekFile, bytes]:
    """One file and its content."""
    who = acting(db, actor)
    authorize(who, "read", "logbook")
    with reading(db, actor) as session:
        row = session.get(WeekAttachment, attachment_id)
        if row is None or row.removed_at is not None:
            raise _no_file(attachment_id)
        try:
            _week(session, who, row.week_id)
        except RuleViolation:
            raise _no_file(attachment_id) from None
        return _of(row), bytes(row.content)


def names_by_week(session: Session, week_ids: Sequence[int]) -> dict[int, list[str]]:
    """The names of the files of these weeks, oldest first (for the printed weekly form and progress report)."""
    found: dict[int, list[str]] = {}
    if not week_ids:
        return found
    for week_id, name in session.execute(select(WeekAttachment.week_id, WeekAttachment.filename)
                                         .where(WeekAttachment.week_id.in_(list(week_ids)), HELD)
                                         .order_by(WeekAttachment.id)):
        found.setdefault(week_id, []).append(name)
    return found


def count_of_agreement(session: Session, agreement_id: int) -> tuple[int, int]:
    """(files, weeks holding files) of an agreement's weekly reports."""
    row = session.execute(select(func.count(WeekAttachment.id), func.count(func.distinct(WeekAttachment.week_id)))
                          .join(LogbookWeek, LogbookWeek.id == WeekAttachment.week_id)
                          .where(LogbookWeek.agreement_id == agreement_id, HELD)).one()
    return int(row[0] or 0), int(row[1] or 0)


def undo_attach(db: Database, entry_id: int, label: str) -> ChangeSet | None:
    """Take back the operation that attached files (its audit entries up to ``entry_id``): the files it attached
    are removed again, unless the week was countersigned since (its files stay as approved). None: the entry is
    not one of a weekly report's files (an agreement's scan, which undo does not take back)."""
    from vetdesk.storage.models import AuditEntry

    with reading(db) as session:
        found = session.get(AuditEntry, entry_id)
        if found is None or "sha256" not in (found.changes.get("after") or {}):
            return None
    with unit_of_work(db, label, permission="assess") as uow:
        last = uow.session.get(AuditEntry, entry_id)
        assert last is not None  # found just now; audit entries are never deleted
        entries = [last]
        for earlier in uow.session.scalars(select(AuditEntry).where(AuditEntry.id < entry_id)
                                           .order_by(AuditEntry.id.desc()).limit(W.MAX_FILES)):
            if (earlier.action, earlier.operation, earlier.record_id, earlier.username) != (
                    "attach", last.operation, last.record_id, last.username):
                break
            entries.append(earlier)
        week = _week(uow.session, uow.actor, int(last.record_id or 0))
        problems = _frozen(week)
        if problems:
            raise RuleViolation([error("undo", _("“{operation}” cannot be undone: {reason}").format(
                operation=_("Attach a file to a weekly report"), reason=p.message), p.code) for p in problems])
        for entry in reversed(entries):
            row = uow.session.get(WeekAttachment, int((entry.changes.get("after") or {}).get("attachment_id") or 0))
            if row is None or row.removed_at is not None:  # removed since: nothing to take back of it
                continue
            _remove(uow, row)
    return uow.changes


def undo_detach(db: Database, entry_id: int, label: str) -> ChangeSet | None:
    """Take back the removal of a weekly report's file (the audit entry ``entry_id``): the file is the week's again,
    unless the week was countersigned since, it holds as many files as it may, or the same file was attached again;
    refused in words when its content was deleted for good (the apprentice's records anonymised). None: the entry
    is not a weekly report's file's."""
    from vetdesk.storage.models import AuditEntry

    with reading(db) as session:
        found = session.get(AuditEntry, entry_id)
        if found is None or "sha256" not in (found.changes.get("before") or {}):
            return None
    operation = _("Remove a file from a weekly report")
    with unit_of_work(db, label, permission="assess") as uow:
        entry = uow.session.get(AuditEntry, entry_id)
        assert entry is not None  # found just now; audit entries are never deleted
        before = entry.changes.get("before") or {}
        week = _week(uow.session, uow.actor, int(entry.record_id or 0))
        row = uow.session.get(WeekAttachment, int(before.get("attachment_id") or 0))
        problems = _frozen(week)
        if row is None or row.week_id != week.id:
            problems = [error("file", _("The file was deleted for good since (the apprentice's records were "
                                        "anonymised): it cannot come back."), "week_file.gone")]
        elif row.removed_at is not None:
            held = _held(uow.session, week.id)
            problem = W.count_problem(len(held), 1)
            if problem is not None:
                problems.append(problem)
            again = next((h.filename for h in held if h.sha256 == row.sha256), None)
            if again is not None:
                problems.append(error("file", _("{name} is attached to this week already, as {existing}.").format(
                    name=row.filename, existing=again), "week_file.duplicate"))
        if problems:
            raise RuleViolation([error("undo", _("“{operation}” cannot be undone: {reason}").format(
                operation=operation, reason=p.message), p.code) for p in problems])
        if row is not None and row.removed_at is not None:
            row.removed_at, row.removed_by = None, None
            uow.session.flush()
            uow.audit(kind="logbook", record_id=week.id, action="attach", after=_audited(row))
    return uow.changes
