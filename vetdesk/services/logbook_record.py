"""An agreement's record of learning read week by week: which weeks it owes, what each report is, the attendance,
and the summary a progress report prints. Reads only (inside a caller's session), for ``services.logbook`` and
``services.documents``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vetdesk.domain import logbook as L
from vetdesk.domain import normalize
from vetdesk.services.logbook_kinds import Countersignature, countersignatures, training_days
from vetdesk.services.logbook_since import kept_since_in, paper_owed_in
from vetdesk.services.settings import thresholds
from vetdesk.storage.models import (
    AttendanceDay,
    Competency,
    LearningAgreement,
    LearningPosition,
    LogbookWeek,
    logbook_week_competencies,
)


@dataclass(frozen=True)
class WeekLine:
    """A week of the record as the window and the command line list it."""

    state: L.WeekState
    status: str | None
    hours: Decimal | None
    activities: str
    review_note: str
    #: Day (0 = Monday) -> presence code, for the days recorded.
    attendance: Mapping[int, str] = field(default_factory=dict)
    #: The learning position the report names, and the codes of the competencies practised.
    position: str = ""
    competencies: tuple[str, ...] = ()
    #: Who approved the week, when it is approved.
    countersignature: Countersignature | None = None

    @property
    def label(self) -> str:
        """The week's state in a list: an approved week says who approved it."""
        return self.countersignature.short if self.countersignature is not None else self.state.label

    def as_dict(self) -> dict[str, Any]:
        s = self.state
        return {"week": s.monday.isoformat(), "state": s.state.value, "overdue": s.overdue, "id": s.week_id,
                "hours": str(self.hours) if self.hours is not None else None, "activities": self.activities,
                "review_note": self.review_note, "position": self.position or None,
                "competencies": list(self.competencies),
                "countersigned_by": self.countersignature.who if self.countersignature else None,
                "approved_at_office": (not self.countersignature.by_instructor) if self.countersignature else None,
                "attendance": {(s.monday + timedelta(days=d)).isoformat(): p for d, p in self.attendance.items()}}


def apprentice_name(agreement: LearningAgreement) -> str:
    a = agreement.apprentice
    return normalize.full_name(a.given_names, a.first_surname, a.second_surname)


@dataclass(frozen=True)
class LogbookRows:
    """An agreement's weekly reports and attendance days, read beforehand (for many at once:
    :func:`logbook_rows`), oldest first."""

    weeks: list[LogbookWeek]
    days: list[tuple[date, str]]


def logbook_rows(session: Session, agreement_ids: Sequence[int]) -> dict[int, LogbookRows]:
    """Every weekly report and attendance day of each of these agreements, in two queries for all of them."""
    out = {i: LogbookRows([], []) for i in agreement_ids}
    ids = list(out)
    for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
        for w in session.scalars(select(LogbookWeek).where(LogbookWeek.agreement_id.in_(chunk))
                                 .order_by(LogbookWeek.week_start, LogbookWeek.id)):
            out[w.agreement_id].weeks.append(w)
        for agreement_id, day, presence in session.execute(
                select(AttendanceDay.agreement_id, AttendanceDay.day, AttendanceDay.presence)
                .where(AttendanceDay.agreement_id.in_(chunk)).order_by(AttendanceDay.day, AttendanceDay.id)):
            out[agreement_id].days.append((day, presence))
    return out


def week_lines(session: Session, agreement: LearningAgreement, today: date, overdue_days: int,
               first: date | None = None, last: date | None = None, *, learning: bool = False,
               rows: LogbookRows | None = None) -> tuple[L.LogbookState, list[WeekLine], L.Attendance]:
    """The weeks of the agreement's training from ``first`` to ``last`` (its whole training by default) up to
    ``today``, each with its report and attendance, and the attendance of those days (with ``learning``, each
    report's position and competencies practised too); from ``rows`` when they were read before."""
    start, end = training_days(agreement)
    first = max(first or start, start)
    last = min(last or end, end)
    rows = rows or logbook_rows(session, [agreement.id])[agreement.id]
    reports = {w.week_start: w for w in rows.weeks if L.first_week(first) <= w.week_start <= last}
    state = L.logbook_state(start=first, last=last, today=today, overdue_days=overdue_days,
                            reports={m: (w.id, w.status) for m, w in reports.items()},
                            kept_since=kept_since_in(session), record_form=agreement.training_record_form,
                            paper_owed=paper_owed_in(session), agreement_start=start)
    days = [(day, presence) for day, presence in rows.days if first <= day <= last]
    per_week: dict[date, dict[int, str]] = {}
    for day, presence in days:
        per_week.setdefault(L.monday(day), {})[day.weekday()] = presence
    positions: dict[int, str] = {}
    codes: dict[int, list[str]] = {}
    if learning and reports:
        ids = [w.id for w in reports.values()]
        positions = dict(session.execute(select(LogbookWeek.id, LearningPosition.name).join(
            LearningPosition, LearningPosition.id == LogbookWeek.position_id).where(LogbookWeek.id.in_(ids))).all())
        for week_id, code in session.execute(select(logbook_week_competencies.c.week_id, Competency.code).join(
                Competency, Competency.id == logbook_week_competencies.c.competency_id).where(
                logbook_week_competencies.c.week_id.in_(ids)).order_by(Competency.position, Competency.id)):
            codes.setdefault(week_id, []).append(code)
    signed = countersignatures(session, [w.id for w in reports.values() if w.status == L.WeekStatus.APPROVED])
    lines = []
    for s in state.weeks:
        w = reports.get(s.monday)
        lines.append(WeekLine(s, w.status if w else None, w.hours if w else None,
                              (w.activities or "") if w else "", (w.review_note or "") if w else "",
                              per_week.get(s.monday, {}), positions.get(w.id, "") if w else "",
                              tuple(codes.get(w.id, ())) if w else (), signed.get(w.id) if w else None))
    return state, lines, L.Attendance.of(p for _d, p in days)


@dataclass(frozen=True)
class LogbookSummary:
    """What the progress report says of the weekly reports and attendance of its period."""

    weeks_due: int
    approved: int
    waiting: int
    returned: int
    missing: int
    overdue: int
    #: The weeks over and not countersigned (their Mondays), with their state.
    gaps: tuple[tuple[date, str], ...]
    attendance: L.Attendance
    #: The learning positions the reports name, and the competencies practised ("code title"), each with its
    #: number of weeks, in the rotation's and the catalogue's order.
    positions: tuple[tuple[str, int], ...] = ()
    practised: tuple[tuple[str, int], ...] = ()
    #: The weeks countersigned by the instructor, and approved at the office from paper.
    by_instructor: int = 0
    at_office: int = 0
    #: The instructor's notes on the period's weeks (a returned week's correction, a comment): (Monday, note).
    notes: tuple[tuple[date, str], ...] = ()
    #: The record is kept on paper and its weeks are not owed in vetdesk (domain.logbook.LogbookState.on_paper).
    on_paper: bool = False
    #: The day weekly reports are kept in vetdesk since, when weeks of the period came before it.
    kept_since: date | None = None
    #: The weeks of the period with files attached (a photo of a part, a drawing): (Monday, the files' names).
    files: tuple[tuple[date, tuple[str, ...]], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        a = self.attendance
        return {"on_paper": self.on_paper, "kept_since": self.kept_since.isoformat() if self.kept_since else None,
                "weeks_due": self.weeks_due, "approved": self.approved, "waiting": self.waiting,
                "returned": self.returned, "missing": self.missing, "overdue": self.overdue,
                "by_instructor": self.by_instructor, "at_office": self.at_office,
                "gaps": [{"week": monday.isoformat(), "state": state} for monday, state in self.gaps],
                "attendance": {"recorded": a.recorded, "absent": a.absent, **{code: a.count(code)
                                                                               for code in L.PRESENCE_CODES}},
                "files": [{"week": monday.isoformat(), "names": list(names)} for monday, names in self.files]}


def learning_in(session: Session, agreement_id: int, start: date, end: date, rows: LogbookRows | None = None
                ) -> tuple[tuple[tuple[str, int], ...], tuple[tuple[str, int], ...]]:
    """The positions and competencies the agreement's reports of the weeks from ``start`` to ``end`` name, with
    how many weeks each (of its weekly reports in ``rows`` when they were read before)."""
    weeks: Any = select(LogbookWeek.id).where(LogbookWeek.agreement_id == agreement_id,
                                              LogbookWeek.week_start >= L.first_week(start),
                                              LogbookWeek.week_start <= end)
    if rows is not None:
        weeks = [w.id for w in rows.weeks if L.first_week(start) <= w.week_start <= end]
        if not weeks:
            return (), ()
    positions = session.execute(
        select(LearningPosition.name, func.count(LogbookWeek.id), func.min(LogbookWeek.week_start))
        .join(LogbookWeek, LogbookWeek.position_id == LearningPosition.id).where(LogbookWeek.id.in_(weeks))
        .group_by(LearningPosition.id, LearningPosition.name).order_by(func.min(LogbookWeek.week_start))).all()
    practised = session.execute(
        select(Competency.code, Competency.title, func.count(logbook_week_competencies.c.week_id))
        .join(logbook_week_competencies, logbook_week_competencies.c.competency_id == Competency.id)
        .where(logbook_week_competencies.c.week_id.in_(weeks))
        .group_by(Competency.id, Competency.code, Competency.title, Competency.position)
        .order_by(Competency.position, Competency.id)).all()
    return (tuple((name, n) for name, n, _first in positions),
            tuple((f"{code} {title}", n) for code, title, n in practised))


def summary_in(session: Session, agreement: LearningAgreement, *, start: date, end: date,
               today: date, overdue_days: int | None = None, rows: LogbookRows | None = None) -> LogbookSummary:
    """The weekly reports and attendance of ``agreement`` from ``start`` to ``end`` (inside a caller's read;
    ``overdue_days``, the office's threshold, and ``rows``, the agreement's, when the caller has read them)."""
    if overdue_days is None:
        overdue_days = thresholds(session).logbook_overdue_days
    rows = rows or logbook_rows(session, [agreement.id])[agreement.id]
    state, lines, attendance = week_lines(session, agreement, today, overdue_days, start, end, rows=rows)
    signed = [line.countersignature for line in lines if line.countersignature is not None]
    from vetdesk.services.week_files import names_by_week

    mondays = {line.state.week_id: line.state.monday for line in lines if line.state.week_id is not None}
    files = names_by_week(session, sorted(mondays))
    return LogbookSummary(
        files=tuple(sorted((mondays[week_id], tuple(names)) for week_id, names in files.items())),
        by_instructor=sum(1 for c in signed if c.by_instructor),
        at_office=sum(1 for c in signed if not c.by_instructor),
        notes=tuple((line.state.monday, " ".join(line.review_note.split())) for line in lines
                    if line.review_note.strip()),
        on_paper=state.on_paper, kept_since=state.kept_since,
        weeks_due=state.expected, approved=state.count(L.Gap.APPROVED), waiting=state.count(L.Gap.SUBMITTED),
        returned=state.count(L.Gap.RETURNED), missing=state.count(L.Gap.MISSING, L.Gap.DRAFT),
        overdue=len(state.overdue), gaps=tuple((w.monday, w.state.value) for w in state.gaps),
        attendance=attendance, **dict(zip(("positions", "practised"),
                                          learning_in(session, agreement.id, start, end, rows), strict=True)))
