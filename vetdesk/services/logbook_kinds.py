"""Weekly reports and attendance as kinds of record: their fields, rules and hooks (registered in
``services.kinds``), so that they are written, audited, scoped and listed through the core like every record.

The rules look at the database (the agreement a report belongs to); the life cycle itself is
``domain.logbook``'s. A report's countersignature is its change to ``approved``: the audit entry of that change
(who, when) is the countersignature, and ``reviewed_on`` its day.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from vetdesk.domain import bounds, lifecycle
from vetdesk.domain import logbook as L
from vetdesk.domain.problems import Problem, error
from vetdesk.i18n import N_, _, shown_day
from vetdesk.services import search as text_search
from vetdesk.services.fields import Field
from vetdesk.services.logbook_since import refresh_due
from vetdesk.services.training_rules import position_competencies_in
from vetdesk.storage.models import (
    AttendanceDay,
    AuditEntry,
    Competency,
    Instructor,
    LearningAgreement,
    LearningPosition,
    LogbookWeek,
    RotationStep,
    User,
    logbook_week_competencies,
)

_LONG: dict[str, Any] = {"max_length": bounds.LONG_TEXT, "multiline": True}

WEEK_FIELDS = (
    Field("agreement_id", "ref:agreements", N_("Agreement"), required=True),
    Field("week_start", "date", N_("Week of (Monday)"), required=True),
    Field("status", "status", N_("Status"), max_length=12),
    Field("activities", "text", N_("What was done and learnt at the company"), **_LONG),
    Field("school_topics", "text", N_("Topics at school"), **_LONG),
    Field("hours", "decimal", N_("Hours at the company"), minimum=L.WEEK_HOURS[0], maximum=L.WEEK_HOURS[1],
          places=L.HOURS_PLACES, unit="hours"),
    Field("school_hours", "decimal", N_("Hours at school"), minimum=L.WEEK_HOURS[0], maximum=L.WEEK_HOURS[1],
          places=L.HOURS_PLACES, unit="hours"),
    Field("position_id", "ref:positions", N_("Learning position")),
    Field("competency_ids", "ids:competencies", N_("Competencies practised")),
    Field("review_note", "text", N_("Instructor's note"), **_LONG),
    Field("reviewed_on", "date", N_("Reviewed on"), editable=False),
)

ATTENDANCE_FIELDS = (
    Field("agreement_id", "ref:agreements", N_("Agreement"), required=True),
    Field("day", "date", N_("Day"), required=True),
    Field("presence", "choice", N_("Attendance"), required=True, choices=L.PRESENCE),
    Field("hours", "decimal", N_("Hours"), minimum=L.DAY_HOURS[0], maximum=L.DAY_HOURS[1],
          places=L.HOURS_PLACES, unit="hours"),
    Field("note", "text", N_("Note"), max_length=500),
)

def week_line(r: dict[str, Any]) -> str:
    """``vetdesk list logbook``: the report's fields as stored, its status in the reader's words."""
    from vetdesk.services.display import fields_line

    return fields_line(WEEK_FIELDS, {**r, "status": L.status_label(r.get("status"))})


def attendance_line(r: dict[str, Any]) -> str:
    """``vetdesk list attendance``: the day's fields as stored, where the apprentice was in the reader's words."""
    from vetdesk.services.display import fields_line

    return fields_line(ATTENDANCE_FIELDS, {**r, "presence": L.presence_label(r.get("presence"))})


#: What a report says (locked once it is countersigned).
CONTENT = ("activities", "school_topics", "hours", "school_hours", "position_id", "competency_ids")
#: Statuses of an agreement whose training is or was under way: reports and attendance are kept for them.
IN_FORCE = (lifecycle.Status.ACTIVE.value, lifecycle.Status.COMPLETED.value, lifecycle.Status.TERMINATED.value)

#: Why a weekly report past its draft is not deleted (``undo.delete_record``).
#: One piece of advice per status: a report handed in is returned with a note; a countersigned one stays as approved.
KEPT_PAST_DRAFT = {
    "": N_("Only a weekly report still being written can be deleted; this one is “{status}” and part of the "
           "apprentice's record. If it needs correcting, return it with a note (the apprentice hands it in again)."),
    "approved": N_("This weekly report was countersigned and is part of the apprentice's record: it stays as it was "
                   "approved and cannot be deleted."),
}

STATUS_LABELS = {"submitted": N_("Hand in weekly report"), "approved": N_("Countersign weekly report"),
                 "returned": N_("Return weekly report for correction")}


def training_days(agreement: LearningAgreement) -> tuple[date, date]:
    """The first and last day of the agreement's training (its end, or the day it was terminated or completed)."""
    ended = agreement.terminated_on or agreement.completed_on
    return agreement.start_date, L.last_day(agreement.start_date, agreement.end_date, ended)


def _agreement_problems(agreement: LearningAgreement) -> list[Problem]:
    if agreement.status in IN_FORCE:
        return []
    return [error("agreement_id", _(
        "Agreement {ref} is {status}: weekly reports and attendance are kept once the agreement is in force.")
        .format(ref=agreement.reference, status=lifecycle.status_label(agreement.status)), "logbook.agreement")]


def _fixed(existing: Any, values: dict[str, Any], names: tuple[str, ...]) -> list[Problem]:
    """A report or an attendance day stays with its agreement and its week or day."""
    if existing is None:
        return []
    return [error(n, _("A recorded week or day stays with its agreement and date. Record the other week or day "
                       "as a new entry."), "logbook.fixed")
            for n in names if values.get(n) != getattr(existing, n)]


def check_week(session: Session, values: dict[str, Any], existing: Any, today: date) -> list[Problem]:
    agreement = session.get(LearningAgreement, values.get("agreement_id") or 0)
    week = values.get("week_start")
    if agreement is None or not isinstance(week, date):
        return []
    problems = _fixed(existing, values, ("agreement_id", "week_start")) + _agreement_problems(agreement)
    start, last = training_days(agreement)
    if week.weekday() != 0:
        problems.append(error("week_start", _(
            "A week is named by its Monday: give {monday} for the week of {date}.").format(
            monday=shown_day(L.monday(week)), date=shown_day(week)), "logbook.monday"))
    elif week > last or week < L.first_week(start):
        problems.append(error("week_start", _(
            "The week of {date} lies outside the agreement's training ({start} to {end}).").format(
            date=shown_day(week), start=shown_day(start), end=shown_day(last)), "logbook.week"))
    elif week > L.monday(today):
        problems.append(error("week_start", _(
            "The week of {date} has not begun yet: a report is written during its week or after it.").format(
            date=shown_day(week)), "logbook.future"))
    return problems + learning_problems(session, agreement, values.get("position_id"),
                                        values.get("competency_ids") or [])


def plan_positions(session: Session, agreement: LearningAgreement) -> list[int]:
    """The learning positions of the agreement's rotation plan, in the plan's order (none without a plan)."""
    if agreement.rotation_plan_id is None:
        return []
    return list(session.scalars(select(RotationStep.position_id).where(
        RotationStep.plan_id == agreement.rotation_plan_id).order_by(RotationStep.sequence)))


def practised_choices(session: Session, agreement: LearningAgreement, position_id: int | None) -> list[int]:
    """The competencies a week at ``position_id`` may name, in the catalogue's order: those the position's list
    holds (all of the programme's when none are mapped to it, as its ratings take them); without a position,
    the programme's catalogue. Retired competencies are no longer practised."""
    if position_id is not None:
        return [c.id for c in position_competencies_in(session, agreement.programme_id, position_id)]
    return list(session.scalars(select(Competency.id).where(
        Competency.programme_id == agreement.programme_id, Competency.retired_on.is_(None))
        .order_by(Competency.position, Competency.id)))


def learning_problems(session: Session, agreement: LearningAgreement, position_id: Any,
                      competency_ids: list[int]) -> list[Problem]:
    """A week's learning position is one of the agreement's rotation plan; its competencies are that position's
    (the programme's, without a position)."""
    problems: list[Problem] = []
    if position_id is not None:
        positions = plan_positions(session, agreement)
        if not positions:
            problems.append(error("position_id", _(
                "Agreement {ref} has no rotation plan, so a week names no learning position: leave the learning "
                "position empty, or give the agreement a rotation plan first.").format(ref=agreement.reference),
                "logbook.no_plan"))
            position_id = None
        elif position_id not in positions:
            problems.append(error("position_id", _(
                "This learning position is not in the rotation plan of agreement {ref}: choose one of the plan's "
                "positions.").format(ref=agreement.reference), "logbook.position"))
            position_id = None
    if competency_ids:
        allowed = set(practised_choices(session, agreement, position_id))
        strays = sorted(set(competency_ids) - allowed)
        if strays:
            codes = dict(session.execute(select(Competency.id, Competency.code).where(
                Competency.id.in_(strays))).all())
            shown = ", ".join(codes.get(i, f"#{i}") for i in strays[:10])
            problems.append(error("competency_ids", _(
                "Competencies practised: not learnt at this learning position: {codes}. Tick only the "
                "competencies of the week's position.").format(codes=shown) if position_id is not None else _(
                "Competencies practised: not in the agreement's programme: {codes}. Choose the programme's "
                "competencies.").format(codes=shown), "logbook.competency"))
    return problems


#: How the exchange file's import names an instructor without a user account in the audit trail.
_INSTRUCTOR_ACTOR = re.compile(r"^(.*) \[instructor \d+\]$")


@dataclass(frozen=True)
class Countersignature:
    """Who approved a week: the instructor (in vetdesk, or in the exchange file), or the office keying in the
    instructor's countersignature from paper."""

    user: str
    by_instructor: bool
    #: The person's name (the instructor's, or the user account's full name); "" when none is recorded.
    name: str = ""
    #: Taken from the instructor's exchange file: by whom at the office (their name), and on which day.
    imported_by: str = ""
    imported_on: date | None = None
    #: The day the import dated the approval by (services.exchange.decided_on: the day the file was saved, else
    #: the import's day); the file itself says no day of decision.
    decided_on: date | None = None

    @property
    def who(self) -> str:
        """The person who approved, by name (never the login, unless no name is recorded)."""
        if self.name:
            return self.name
        found = _INSTRUCTOR_ACTOR.match(self.user)
        return found.group(1) if found else (self.user or _("a user without a name"))

    @property
    def short(self) -> str:
        """For a list's status column."""
        return _("countersigned by the instructor") if self.by_instructor else _("approved at the office, from paper")

    @property
    def sentence(self) -> str:
        if self.by_instructor and self.imported_by:
            # The file says no day of decision: what is known of it (domain.logbook.file_approval), and who took it.
            return "{} {}".format(L.file_approval(self.who, self.decided_on, self.imported_on), _(
                "Taken into the office's record by {user}.").format(user=self.imported_by))
        if self.by_instructor:
            return _("Countersigned by the instructor ({user}).").format(user=self.who)
        return _("Approved at the office by {user}, from the instructor's countersignature on paper.").format(
            user=self.who)


def countersignatures(session: Session, week_ids: list[int]) -> dict[int, Countersignature]:
    """Who approved each of these weeks that is approved: the user of its last change of status (a countersigned
    week's status changes no more), an instructor by their role (or as the exchange file's import names them)."""
    last: dict[int, tuple[str, Any]] = {}
    imports: dict[int, tuple[str, date, date | None]] = {}
    for chunk in (week_ids[i:i + 500] for i in range(0, len(week_ids), 500)):
        for record_id, user, changes, action, at in session.execute(
                select(AuditEntry.record_id, AuditEntry.username, AuditEntry.changes, AuditEntry.action,
                       AuditEntry.at).where(
                    AuditEntry.kind == "logbook", AuditEntry.action.in_(("status", "import")),
                    AuditEntry.record_id.in_(chunk))
                .order_by(AuditEntry.id)):
            if action == "import":  # the officer who took an approval from the exchange file (after it)
                after = (changes or {}).get("after") or {}
                if after.get("status") == L.WeekStatus.APPROVED.value:
                    decided = str(after.get("reviewed_on") or "")[:10]
                    imports[int(record_id or 0)] = (user or "", at.date() if isinstance(at, datetime) else
                                                    date.fromisoformat(str(at)[:10]),
                                                    date.fromisoformat(decided) if decided else None)
                continue
            last[int(record_id or 0)] = (user or "", (changes or {}).get("role"))
    # The role the approval was made in (audited with it); for approvals audited before it was, the user's role.
    users = sorted({user for user, _role in last.values()} | {found[0] for found in imports.values()})
    roles: dict[str, str] = {}
    names: dict[str, str] = {}
    if users:
        for username, role, full_name, instructor in session.execute(
                select(User.username, User.role, User.full_name, Instructor.name)
                .outerjoin(Instructor, Instructor.id == User.instructor_id).where(User.username.in_(users))):
            roles[username] = role
            names[username] = instructor or full_name or ""
    out = {i: Countersignature(user, (role or roles.get(user)) == "instructor" or bool(_INSTRUCTOR_ACTOR.match(user)),
                               names.get(user, ""), *((names.get(imports[i][0]) or imports[i][0], imports[i][1],
                                                       imports[i][2]) if i in imports else ("", None, None)))
           for i, (user, role) in last.items()}
    # An instructor who approved with no user account of that name (the exchange file's, or a role's): the
    # agreement's instructor, who alone may approve its weeks.
    unnamed = [i for i, c in out.items() if c.by_instructor and not c.name]
    if unnamed:
        for week_id, name in session.execute(
                select(LogbookWeek.id, Instructor.name).join(LearningAgreement,
                                                              LearningAgreement.id == LogbookWeek.agreement_id)
                .join(Instructor, Instructor.id == LearningAgreement.instructor_id)
                .where(LogbookWeek.id.in_(unnamed))):
            out[week_id] = dataclasses.replace(out[week_id], name=name or "")
    return out


def week_details(obj: LogbookWeek) -> dict[str, Any]:
    """What a report's numbers name, in the user's words: its learning position's name and its competencies'
    codes; and who approved it (the instructor, or the office from paper), when it is approved."""
    session = object_session(obj)
    assert session is not None  # read inside its session
    position = session.get(LearningPosition, obj.position_id) if obj.position_id is not None else None
    signed = countersignatures(session, [obj.id]).get(obj.id) if obj.status == L.WeekStatus.APPROVED else None
    return {"position": position.name if position is not None else None,
            "competencies": [c.code for c in obj.competencies],
            "countersignature": signed.sentence if signed is not None else None,
            # Approved in the exchange file: the sentence says what is known of its day (the file says none).
            **({"countersigned_in_file": True} if signed is not None and signed.imported_by else {})}


def week_written(session: Session, written: list[tuple[int, dict[str, Any]]]) -> None:
    """The competencies practised in new reports (held in their own table); the office's first weekly report
    fixes the day it keeps them in vetdesk since, unless the office set it (:func:`keeping_begins`)."""
    rows = [{"week_id": record_id, "competency_id": cid}
            for record_id, values in written for cid in values.get("competency_ids") or []]
    if rows:
        session.execute(logbook_week_competencies.insert(), rows)
    from vetdesk.services.logbook_since import keeping_begins

    keeping_begins(session, [record_id for record_id, _values in written])



def week_change_rules(session: Session, obj: LogbookWeek | None, values: dict[str, Any], merged: dict[str, Any],
                      today: date) -> list[Problem]:
    """A report's life cycle (domain.logbook.TRANSITIONS): what a new report starts as, what handing in and
    returning need, a countersigned report's text stays as signed; a returned report whose text is corrected
    is handed in again; countersigning keeps an earlier note."""
    raw = merged.get("status") or L.WeekStatus.DRAFT.value
    try:
        target = L.WeekStatus(str(raw))
    except ValueError:
        return [error("status", _("{value} is not a status of a weekly report; use one of: {names}.").format(
            value=raw, names=", ".join(s.value for s in L.WeekStatus)), "logbook.status")]
    content_changed = obj is not None and any(n in values and values[n] != getattr(obj, n) for n in CONTENT)
    problems: list[Problem] = []
    if obj is None:
        if target not in L.NEW_STATUSES:
            problems.append(error("status", _(
                "A new weekly report is being written or handed in; it is reviewed once it is handed in."),
                "logbook.new"))
    else:
        current = L.WeekStatus(obj.status)
        if current is L.WeekStatus.APPROVED and content_changed:
            return [error(next(n for n in CONTENT if n in values and values[n] != getattr(obj, n)), _(
                "The report was countersigned on {date}: what it says can no longer change. Write a note "
                "instead.").format(date=shown_day(obj.reviewed_on) if obj.reviewed_on else "?"),
                "logbook.countersigned")]
        if current is L.WeekStatus.APPROVED and target is current and "review_note" in values \
                and (values["review_note"] or None) != (obj.review_note or None) and not _instructor_at_work(session):
            # The note is part of what the instructor approved: the office does not rewrite it (silently or not).
            signed = countersignatures(session, [obj.id]).get(obj.id)
            return [error("review_note", _(
                "This week was approved by {who} on {date} with this note, which the office cannot change. Only the "
                "instructor can add a remark to it.").format(
                who=signed.who if signed else "?", date=shown_day(obj.reviewed_on) if obj.reviewed_on else "?"),
                "logbook.countersigned_note")]
        if current is L.WeekStatus.RETURNED and content_changed and "status" not in values:
            target = L.WeekStatus.SUBMITTED  # corrected: handed in again
        if target is not current and target not in L.TRANSITIONS[current]:
            problems.append(error("status", _("A report that is “{current}” cannot become “{target}”.").format(
                current=L.status_label(current), target=L.status_label(target)), "logbook.transition"))
    merged["status"] = target.value
    if "hours" in values and (obj is None or values["hours"] != obj.hours) or (
            target is L.WeekStatus.APPROVED and obj is not None and obj.status != target):
        problems += week_hours_problems(session, merged)
    if any(n in values and (obj is None or values[n] != getattr(obj, n)) for n in ("hours", "school_hours")) or (
            target is L.WeekStatus.APPROVED and obj is not None and obj.status != target):
        problems += hours_attendance_in(session, merged.get("agreement_id"), merged.get("week_start"),
                                        merged.get("hours"), merged.get("school_hours"))
    if target is L.WeekStatus.APPROVED and (obj is None or obj.status != target):
        problems += L.approval_problems(merged.get("activities"))
        agreement = session.get(LearningAgreement, merged.get("agreement_id") or 0)
        if isinstance(merged.get("week_start"), date) and agreement is not None:
            problems += L.approval_day_problems(merged["week_start"], today, training_days(agreement)[1])
    elif target is L.WeekStatus.SUBMITTED and not (merged.get("activities") or "").strip():
        problems.append(error("activities", _(
            "Write what the apprentice did and learnt that week before the report is handed in."),
            "logbook.activities"))
    # An earlier note (the correction asked for, a comment) stays with the countersigned week: it is the
    # instructor's record of the review, not something the approval takes back.
    if target is L.WeekStatus.RETURNED and (obj is None or obj.status != target) \
            and not (values.get("review_note") or "").strip():
        problems.append(error("review_note", _(
            "Say what to correct: a report is returned with a note."), "logbook.note"))
    return problems


def week_hours_problems(session: Session, merged: dict[str, Any]) -> list[Problem]:
    """The week's hours at the company against the agreement's and the law's (domain.working_time.week_hours), as
    saving a report applies them."""
    from vetdesk.storage.models import Apprentice

    agreement = session.get(LearningAgreement, merged.get("agreement_id") or 0)
    monday, hours = merged.get("week_start"), merged.get("hours")
    if agreement is None or not isinstance(monday, date) or hours is None:
        return []
    birth, sex = session.execute(select(Apprentice.birth_date, Apprentice.sex)
                                 .where(Apprentice.id == agreement.apprentice_id)).one_or_none() or (None, "")
    return week_hours_of(birth, monday, hours, agreement.daily_hours, agreement.company_days,
                         agreement.programme.templates, sex or "")


def hours_attendance_in(session: Session, agreement_id: Any, monday: Any, hours: Any,
                        school_hours: Any) -> list[Problem]:
    """The week's hours against its recorded attendance (domain.logbook.hours_attendance_problems), read in the
    session: the attendance written before the report in the same unit of work (the exchange file's row) counts."""
    from vetdesk.storage.models import AttendanceDay

    agreement = session.get(LearningAgreement, agreement_id or 0)
    if agreement is None or not isinstance(monday, date) or (hours is None and school_hours is None):
        return []
    presences = session.scalars(select(AttendanceDay.presence).where(
        AttendanceDay.agreement_id == agreement.id, AttendanceDay.day >= monday,
        AttendanceDay.day <= L.week_end(monday)))
    return L.hours_attendance_problems(hours, school_hours, list(presences), agreement.daily_hours)


def week_hours_of(birth: date | None, monday: date, hours: Any, daily_hours: Any, company_days: int | None,
                  templates: str | None, sex: str = "") -> list[Problem]:
    """The weekly hours rule from the facts it needs: the one place saving a report and ``vetdesk check`` (over
    the stored reports) apply it."""
    from decimal import Decimal

    from vetdesk.domain import working_time

    if birth is None or hours is None:
        return []
    return working_time.week_hours(birth, monday, Decimal(str(hours)), daily_hours, company_days,
                                   cites_jarbschg=(templates or "") in ("bbig", "both"), sex=sex or "")


def minor_week_limit_of(session: Session, agreement: LearningAgreement, monday: date) -> Any:
    """The most hours the agreement's apprentice, a minor that week, may be at the company in it (and why: the
    weekly hours rule's own, domain.working_time.minor_week_limit); None for an adult or an unknown birth date."""
    from vetdesk.domain import working_time
    from vetdesk.storage.models import Apprentice

    birth = session.scalar(select(Apprentice.birth_date).where(Apprentice.id == agreement.apprentice_id))
    if birth is None:
        return None
    return working_time.minor_week_limit(birth, monday, agreement.daily_hours, agreement.company_days,
                                         cites_jarbschg=(agreement.programme.templates or "") in ("bbig", "both"))


def _instructor_at_work(session: Session) -> bool:
    """Whether the change is an instructor's (the session works for an instructor's role)."""
    from vetdesk.services.scope import actor_of

    actor = actor_of(session)
    return actor is not None and actor.role == "instructor"


def week_changed(obj: LogbookWeek, before: dict[str, Any], today: date) -> None:
    """A review dates itself; a countersignature moves the agreement's first week due."""
    if before.get("status") == obj.status:
        return
    if obj.status in (L.WeekStatus.APPROVED, L.WeekStatus.RETURNED):
        obj.reviewed_on = today
    if L.WeekStatus.APPROVED in (before.get("status"), obj.status):
        session = object_session(obj)
        assert session is not None  # a record is changed inside its unit of work
        refresh_due(session, [obj.agreement_id])


def check_attendance(session: Session, values: dict[str, Any], existing: Any, today: date) -> list[Problem]:
    agreement = session.get(LearningAgreement, values.get("agreement_id") or 0)
    day = values.get("day")
    if agreement is None or not isinstance(day, date):
        return []
    problems = _fixed(existing, values, ("agreement_id", "day")) + _agreement_problems(agreement)
    start, last = training_days(agreement)
    if not start <= day <= last:
        problems.append(error("day", _("{date} lies outside the agreement's training ({start} to {end}).").format(
            date=shown_day(day), start=shown_day(start), end=shown_day(last)), "attendance.day"))
    elif not L.is_kept_day(day):
        problems.append(error("day", _("{date} is a Sunday: the weekly report keeps attendance from Monday to "
                                       "Saturday. Record the day on the weekday it stands for, or leave it out.")
                              .format(date=shown_day(day)), "attendance.weekday"))
    elif day > today:
        problems.append(error("day", _("{date} is in the future: attendance is recorded on the day or after it.")
                              .format(date=shown_day(day)), "attendance.future"))
    return problems


def _own(instructor_id: int) -> Any:
    return select(LearningAgreement.id).where(LearningAgreement.instructor_id == instructor_id)


def week_rows(instructor_id: int) -> Any:
    return LogbookWeek.agreement_id.in_(_own(instructor_id))


def attendance_rows(instructor_id: int) -> Any:
    return AttendanceDay.agreement_id.in_(_own(instructor_id))


def search_weeks(terms: list[str], fts: bool) -> Any:
    """Reports of agreements whose apprentice, company or reference holds each word."""
    return LogbookWeek.agreement_id.in_(select(LearningAgreement.id).where(text_search.agreements_search(terms, fts)))


def search_attendance(terms: list[str], fts: bool) -> Any:
    return AttendanceDay.agreement_id.in_(
        select(LearningAgreement.id).where(text_search.agreements_search(terms, fts)))
