"""The apprentice's record of learning as people work on it: writing and handing in a weekly report, the
instructor's review (approve — the countersignature —, comment, return with a note), attendance, and where an
agreement's record has gaps (for the window, the command line, the progress report and the weekly form).

The reports and attendance days are records (``services.logbook_kinds``): every write here goes through the
core's write path (``records.insert_new`` / ``records.change_in``), with its rules, audit entry and the
instructor's scope.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vetdesk.domain import logbook as L
from vetdesk.domain.problems import RuleViolation, error
from vetdesk.i18n import _, shown_day
from vetdesk.services import records
from vetdesk.services.logbook_kinds import countersignatures, training_days
from vetdesk.services.logbook_record import LogbookSummary, WeekLine, apprentice_name, summary_in, week_lines
from vetdesk.services.settings import thresholds
from vetdesk.services.uow import SYSTEM, Actor, UnitOfWork, acting, authorize, reading, unit_of_work
from vetdesk.storage.engine import Database
from vetdesk.storage.models import AttendanceDay, LearningAgreement, LearningPosition, LogbookWeek

#: The status each review moves a report to.
_STATUS_OF = {L.Review.APPROVE: "approved", L.Review.RETURN: "returned"}


def _refused(field_: str, message: str, code: str) -> RuleViolation:
    return RuleViolation([error(field_, message, code)])


def require_own(session: Session, actor: Actor, agreement_id: int) -> LearningAgreement:
    """The agreement, when ``actor`` may see its reports: an instructor only their own apprentices'."""
    agreement = session.get(LearningAgreement, agreement_id)
    if agreement is None or (actor.role == "instructor" and agreement.instructor_id != actor.instructor_id):
        # An instructor learns nothing about another's apprentices, not even that the agreement exists.
        raise _refused("agreement_id", _("There is no learning agreement with id {id}. Check the number (vetdesk "
                                         "list agreements).").format(id=agreement_id), "ref.missing")
    return agreement


# -- writing and reviewing ---------------------------------------------------------------------------------

def week_id_of(session: Session, agreement_id: int, week: date) -> int | None:
    return session.scalar(select(LogbookWeek.id).where(LogbookWeek.agreement_id == agreement_id,
                                                       LogbookWeek.week_start == week))


def save_week_in(uow: UnitOfWork, *, agreement_id: int, week: date, values: Mapping[str, Any],
                 today: date) -> records.Outcome:
    """Write the report of ``week`` (its Monday) in the caller's unit of work: a new one, or a change of the one
    recorded. Refused (RuleViolation) by the reports' rules; the instructor's scope is the core's."""
    k = records.kind("logbook")
    found = week_id_of(uow.session, agreement_id, week)
    if found is None:
        merged, problems = records.problems_for(uow.session, "logbook", {
            "agreement_id": agreement_id, "week_start": week, **values}, today=today)
        if any(p.is_error for p in problems):
            raise RuleViolation(problems)
        (record,) = records.insert_new(uow, k, [merged])
        return records.Outcome(record["id"], record, [p for p in problems if not p.is_error])
    return records.change_in(uow, k, found, values, accept_warnings=True, today=today)


def write_week(db: Database, *, agreement_id: int, week: date, values: Mapping[str, Any],
               actor: Actor = SYSTEM, today: date | None = None) -> records.Outcome:
    """Record what an apprentice wrote for the week holding ``week`` (``values`` of the report's fields; with
    ``status: submitted`` it is handed in), as one operation."""
    today = today or date.today()
    authorize(acting(db, actor), "assess", doing=_("write a weekly report"))
    with unit_of_work(db, _("Write weekly report"), actor, permission="assess") as uow:
        require_own(uow.session, uow.actor, agreement_id)
        outcome = save_week_in(uow, agreement_id=agreement_id, week=L.monday(week), values=values, today=today)
    outcome.changes = uow.changes
    return outcome


def review(db: Database, week_id: int, *, decision: str, note: str | None = None, actor: Actor = SYSTEM,
           expected_version: int | None = None, today: date | None = None) -> records.Outcome:
    """The instructor's review of a handed-in report: approve it (its countersignature, audited as such),
    comment on it, or return it with a note for correction."""
    try:
        chosen = L.Review(decision)
    except ValueError:
        raise _refused("decision", _("{value} is not a review; use approve, comment or return.").format(
            value=decision), "logbook.review") from None
    today = today or date.today()
    values: dict[str, Any] = {}
    if note is not None:
        values["review_note"] = note
    if chosen is L.Review.COMMENT:
        if not (note or "").strip():
            raise _refused("review_note", _("Write the comment."), "logbook.comment")
        label = _("Comment on weekly report")
    else:
        values["status"] = _STATUS_OF[chosen]
        label = _(records.kind("logbook").status_labels[values["status"]])
    # The refusal says what was being done (the permission's own name, recording assessments, would mislead).
    authorize(acting(db, actor), "assess", doing=_("review a weekly report"))
    with unit_of_work(db, label, actor, permission="assess") as uow:
        week = uow.session.get(LogbookWeek, week_id)
        if week is None or (uow.actor.role == "instructor" and (
                week.agreement is None or week.agreement.instructor_id != uow.actor.instructor_id)):
            # Another instructor's apprentice's week is not found: nothing says it exists (the README's promise).
            raise _refused("id", _("There is no weekly report with id {id}.").format(id=week_id), "record.missing")
        require_own(uow.session, uow.actor, week.agreement_id)
        if chosen is L.Review.APPROVE and week.status != L.WeekStatus.SUBMITTED:
            raise _refused("status", _("Only a report that was handed in is countersigned; this one is “{status}”.")
                           .format(status=L.status_label(week.status)), "logbook.transition")
        outcome = records.change_in(uow, records.kind("logbook"), week_id, values, accept_warnings=True,
                                    expected_version=expected_version, today=today)
    outcome.changes = uow.changes
    return outcome


def record_attendance(db: Database, *, agreement_id: int, days: Mapping[date, str | None],
                      actor: Actor = SYSTEM, today: date | None = None) -> int:
    """Record where the apprentice was on these days (a presence code or label each; None leaves a day as it
    is), as one operation; returns how many days changed."""
    today = today or date.today()
    authorize(acting(db, actor), "assess", doing=_("record attendance"))
    with unit_of_work(db, _("Record attendance"), actor, permission="assess") as uow:
        require_own(uow.session, uow.actor, agreement_id)
        return sum(save_attendance_in(uow, agreement_id=agreement_id, day=day, presence=presence, today=today)
                   for day, presence in days.items() if presence is not None)


_KEEP: Any = object()


def save_attendance_in(uow: UnitOfWork, *, agreement_id: int, day: date, presence: str, today: date,
                       note: Any = _KEEP) -> bool:
    """Record one day in the caller's unit of work; True when it changed something. ``note`` given (None: none),
    the day's note is set with its presence (a presence taken from elsewhere brings its own note)."""
    k = records.kind("attendance")
    found = uow.session.scalar(select(AttendanceDay.id).where(AttendanceDay.agreement_id == agreement_id,
                                                              AttendanceDay.day == day))
    if found is None:
        merged, problems = records.problems_for(uow.session, "attendance", {
            "agreement_id": agreement_id, "day": day, "presence": presence}, today=today)
        if any(p.is_error for p in problems):
            raise RuleViolation(problems)
        records.insert_new(uow, k, [merged])
        return True
    before = len(uow.entries)
    values: dict[str, Any] = {"presence": presence}
    if note is not _KEEP:
        values["note"] = note
    records.change_in(uow, k, found, values, accept_warnings=True, today=today)
    return len(uow.entries) > before


# -- the week's learning position and competencies --------------------------------------------------------

@dataclass(frozen=True)
class LearningChoices:
    """What a week of an agreement may name: the positions of its rotation plan (in the plan's order), the one
    the plan puts the week at, and the competencies of the chosen position (the programme's without one)."""

    positions: tuple[tuple[str, int], ...]
    planned: int | None
    competencies: tuple[tuple[str, int], ...]
    #: The rotation's position of the week by name (its dates, else the plan), "" without one.
    rotation: str = ""


def learning_choices(db: Database, *, agreement_id: int, week: date | None = None, position_id: int | None = None,
                     actor: Actor = SYSTEM) -> LearningChoices:
    """The choices of a week's learning position and competencies practised, as the rules accept them."""
    from vetdesk.services.logbook_kinds import plan_positions, practised_choices
    from vetdesk.storage.models import Competency

    who = acting(db, actor)
    authorize(who, "read", "logbook")
    with reading(db) as session:
        agreement = require_own(session, who, agreement_id)
        ids = plan_positions(session, agreement)
        names = dict(session.execute(select(LearningPosition.id, LearningPosition.name)
                                     .where(LearningPosition.id.in_(ids))).all()) if ids else {}
        planned = _planned_position(agreement, L.monday(week)) if week is not None and ids else None
        wanted = practised_choices(session, agreement, position_id if position_id in ids else None)
        found = {c.id: c for c in session.scalars(select(Competency).where(Competency.id.in_(wanted)))} \
            if wanted else {}
        return LearningChoices(tuple((f"{i + 1}. {names.get(p, '')}", p) for i, p in enumerate(ids)), planned,
                               tuple((f"{found[c].code} {found[c].title}", c) for c in wanted if c in found),
                               _position_of(agreement, L.monday(week)) if week is not None and ids else "")


def _planned_position(agreement: LearningAgreement, monday: date) -> int | None:
    from vetdesk.services.training_rules import current_position, rotation_of

    rotation = rotation_of(agreement)
    return current_position(rotation, L.week_end(monday)).position_id if rotation else None


# -- the record of an agreement ----------------------------------------------------------------------------

@dataclass(frozen=True)
class AgreementLogbook:
    agreement_id: int
    reference: str
    apprentice: str
    instructor: str
    state: L.LogbookState
    lines: tuple[WeekLine, ...]
    attendance: L.Attendance

    def as_dict(self) -> dict[str, Any]:
        st = self.state
        return {"agreement_id": self.agreement_id, "reference": self.reference, "apprentice": self.apprentice,
                "instructor": self.instructor, "on_paper": st.on_paper,
                "kept_since": st.kept_since.isoformat() if st.kept_since else None, "weeks_due": st.expected,
                "approved": st.count(L.Gap.APPROVED), "waiting": st.count(L.Gap.SUBMITTED),
                "returned": st.count(L.Gap.RETURNED), "missing": st.count(L.Gap.MISSING, L.Gap.DRAFT),
                "overdue": len(st.overdue), "attendance": dict(self.attendance.days),
                "weeks": [line.as_dict() for line in self.lines]}


def agreement_logbook(db: Database, agreement_id: int, *, today: date | None = None,
                      actor: Actor = SYSTEM) -> AgreementLogbook:
    """Every week of the agreement up to today with its report's state (gaps and overdue weeks marked), and
    the attendance recorded."""
    today = today or date.today()
    who = acting(db, actor)
    authorize(who, "read", "logbook")
    with reading(db) as session:
        agreement = require_own(session, who, agreement_id)
        state, lines, attendance = week_lines(session, agreement, today, thresholds(session).logbook_overdue_days,
                                              learning=True)
        instructor = agreement.instructor.name if agreement.instructor is not None else ""
        return AgreementLogbook(agreement.id, agreement.reference, apprentice_name(agreement), instructor, state,
                                tuple(lines), attendance)


def logbook_summary(db: Database, agreement_id: int, *, today: date | None = None,
                    actor: Actor = SYSTEM) -> LogbookSummary:
    """What the progress report says of the agreement's weekly reports and attendance, over its whole training up
    to ``today`` (``logbook_record.summary_in``: the one count of both)."""
    today = today or date.today()
    who = acting(db, actor)
    authorize(who, "read", "logbook")
    with reading(db) as session:
        agreement = require_own(session, who, agreement_id)
        start, last = training_days(agreement)
        return summary_in(session, agreement, start=start, end=last, today=today)


# -- the weekly report form ---------------------------------------------------------------------------------

_WEEK_PREFIX = "vetdesk:week:"


@dataclass(frozen=True)
class WeekFormDocument:
    """A weekly report as printed for signatures: empty to be filled in by hand, or as recorded."""

    letterhead: Any
    reference: str
    apprentice: str
    curp: str
    company: str
    programme: str
    instructor: str
    monday: date
    status: str | None
    activities: str
    school_topics: str
    hours: Decimal | None
    review_note: str
    reviewed_on: date | None
    #: Who approved the week in vetdesk, by name (the audit entry of the approval), when approved.
    countersigned_by: str | None
    #: Day (0 = Monday) -> presence code.
    attendance: Mapping[int, str]
    #: The days (0 = Monday) of the week inside the agreement's training.
    open_days: frozenset[int] = frozenset(range(L.WORKDAYS))
    #: The hours at school, and the learning position the agreement's rotation puts the week at ("" without one).
    school_hours: Decimal | None = None
    position: str = ""
    #: ``position`` is the rotation's for a recorded week that names none (said so: domain.logbook.BY_ROTATION).
    position_by_rotation: bool = False
    #: The competencies practised as recorded ("code title"); on a form printed to be filled in, those of the
    #: week's position to tick (``practised`` False).
    competencies: tuple[str, ...] = ()
    #: The country of the apprentice's personal identifier: its label (CURP, CPF…) follows it.
    id_country: str = "MX"
    #: The apprentice's recorded sex (H, M, X): the form's words for "the apprentice" follow it.
    apprentice_sex: str = "X"
    practised: bool = False
    #: The approval was keyed in at the office from the instructor's countersignature on paper (not given by the
    #: instructor in vetdesk or in the exchange file).
    approved_at_office: bool = False
    #: An approval taken from the instructor's exchange file: the officer who took it, and the day.
    imported_by: str = ""
    imported_on: date | None = None
    #: The days of the week the agreement trains (Monday on; domain.logbook.working_days): a five-day week's
    #: printed form has no Saturday.
    working_days: int = L.WORKDAYS
    #: The names of the files attached to the week's report (services.week_files), oldest first.
    attachments: tuple[str, ...] = ()

    @property
    def sunday(self) -> date:
        return L.week_end(self.monday)

    #: The check printed after the reference (:func:`week_mark`): keying the form back refuses another office's.
    mark: str = ""

    @property
    def qr_reference(self) -> str:
        return f"{_WEEK_PREFIX}{self.reference}:{self.monday.isoformat()}" + (f":{self.mark}" if self.mark else "")


def _position_of(agreement: LearningAgreement, monday: date) -> str:
    """The learning position the agreement's rotation puts the week at (by the actual dates, else the plan)."""
    from vetdesk.services.training_rules import current_position, rotation_of

    rotation = rotation_of(agreement)
    return current_position(rotation, L.week_end(monday)).name if rotation else ""


def week_form_document(db: Database, *, agreement_id: int, week: date, actor: Actor = SYSTEM) -> WeekFormDocument:
    """The weekly report of ``week`` as the printed form shows it (blank lines where nothing is recorded)."""
    from vetdesk.services.documents import letterhead, may_print
    from vetdesk.services.week_files import names_by_week

    monday = L.monday(week)
    who = acting(db, actor)
    authorize(who, "read", "logbook")
    may_print(db, "week")  # a viewer reads the week on screen and prints no form of it
    with reading(db) as session:
        agreement = require_own(session, who, agreement_id)
        start, last = training_days(agreement)
        if monday > last or monday < L.first_week(start):
            raise _refused("week", _("The week of {date} lies outside the agreement's training ({start} to {end}).")
                           .format(date=shown_day(monday), start=shown_day(start), end=shown_day(last)),
                           "logbook.week")
        w = session.scalars(select(LogbookWeek).where(LogbookWeek.agreement_id == agreement_id,
                                                      LogbookWeek.week_start == monday)).first()
        signed = countersignatures(session, [w.id]).get(w.id) \
            if w is not None and w.status == L.WeekStatus.APPROVED else None
        days = dict(session.execute(select(AttendanceDay.day, AttendanceDay.presence).where(
            AttendanceDay.agreement_id == agreement_id, AttendanceDay.day >= monday,
            AttendanceDay.day <= L.week_end(monday))).all())
        position, competencies = _position_of(agreement, monday), []
        by_rotation = False
        if w is not None:
            competencies = list(w.competencies)
            if w.position_id is not None:
                position = session.get(LearningPosition, w.position_id).name  # type: ignore[union-attr]
            else:
                by_rotation = bool(position)
        elif agreement.rotation_plan_id is not None:
            from vetdesk.services.training_rules import position_competencies_in

            planned = _planned_position(agreement, monday)
            competencies = position_competencies_in(session, agreement.programme_id, planned) if planned else []
        return WeekFormDocument(
            letterhead=letterhead(session), reference=agreement.reference, apprentice=apprentice_name(agreement),
            curp=agreement.apprentice.curp, id_country=agreement.apprentice.id_country or "MX",
            apprentice_sex=agreement.apprentice.sex or "X", company=agreement.company.name,
            programme=f"{agreement.programme.name} ({agreement.programme.code})",
            instructor=agreement.instructor.name if agreement.instructor else "", monday=monday,
            status=w.status if w else None, activities=(w.activities or "") if w else "",
            school_topics=(w.school_topics or "") if w else "", hours=w.hours if w else None,
            review_note=(w.review_note or "") if w else "", reviewed_on=w.reviewed_on if w else None,
            countersigned_by=signed.who if signed else None,
            approved_at_office=signed is not None and not signed.by_instructor,
            imported_by=signed.imported_by if signed else "", imported_on=signed.imported_on if signed else None,
            attendance={d.weekday(): p for d, p in days.items()},
            school_hours=w.school_hours if w else None, position=position, position_by_rotation=by_rotation,
            competencies=tuple(f"{c.code} {c.title}" for c in competencies), practised=w is not None,
            open_days=frozenset(i for i in range(L.WORKDAYS) if start <= monday + timedelta(days=i) <= last),
            working_days=L.working_days(agreement.company_days, agreement.school_days),
            mark=week_mark(agreement.reference, agreement.apprentice.curp),
            attachments=tuple(names_by_week(session, [w.id]).get(w.id, ())) if w is not None else ())


def week_mark(reference: str, curp: str) -> str:
    """The check printed after a weekly form's reference (four letters and digits): the agreement's reference
    with its apprentice's personal identifier. Another office numbers its agreements the same way
    (CA-<year>-<id>); its form carries another apprentice, so its mark differs, and keying it back is refused
    instead of filling in the week of whoever bears that number here."""
    digest = hashlib.sha256(f"{reference.strip().upper()}|{(curp or '').strip().upper()}".encode()).digest()
    return base64.b32encode(digest).decode()[:4]


@dataclass(frozen=True)
class PaperWeek:
    """A printed weekly form found by its reference: the agreement and week, and what is recorded for it."""

    agreement_id: int
    monday: date
    reference: str
    apprentice: str
    #: The report recorded for the week (None: nothing yet; the form is keyed in as a new report).
    week_id: int | None
    status: str | None


#: A weekly report form's reference as printed under its QR code: the example the window's hint and the refusal
#: both give.
PAPER_WEEK_EXAMPLE = "CA-2026-000123 / 2027-03-08 / K7QA"


def _week_reference_refused(text: str) -> RuleViolation:
    return _refused("reference", _("{text} is not a weekly report's reference. Type the agreement reference and "
                                   "the week's Monday printed under the QR code, e.g. {example}, or scan the "
                                   "code.").format(text="".join(c for c in text[:60] if c.isprintable()),
                                                   example=PAPER_WEEK_EXAMPLE), "week.reference")


def _typed_week(value: str) -> tuple[str, date, str] | None:
    """A reference typed with the Monday as the reader writes dates ("CA-2026-000025 30/11/2026", the mark
    optional after it): the reference, the day and the mark."""
    from vetdesk.services.fields import parse_date

    parts = value.replace(" / ", " ").split()
    if len(parts) not in (2, 3) or not re.fullmatch(r"[A-Za-z0-9-]+", parts[0].rstrip(":")):
        return None
    day = parse_date(parts[1])
    if day is None or (len(parts) == 3 and not re.fullmatch(r"[A-Za-z0-9]{4}", parts[2])):
        return None
    return parts[0].rstrip(":"), day, parts[2] if len(parts) == 3 else ""


def find_paper_week(db: Database, text: str, *, actor: Actor = SYSTEM) -> PaperWeek:
    """The week of a printed weekly form, from its scanned QR text (``vetdesk:week:CA-2026-000123:2027-03-08:K7QA``)
    or its reference typed as printed under the code (``CA-2026-000123 / 2027-03-08 / K7QA``; the mark may be
    left out, as on forms printed before it). A reference this office's records do not hold for the user — another
    office's form, an agreement that is not theirs (an instructor's scope) — is unknown, whichever it is."""
    who = acting(db, actor)
    authorize(who, "read", "logbook")
    value = (text or "").strip()
    lowered = value.lower()
    if lowered.startswith("vetdesk:") and not lowered.startswith(_WEEK_PREFIX):
        raise _refused("reference", _("That QR code is another document's, not a weekly report form's. Scan the "
                                      "code at the top of the weekly report form."), "week.other_document")
    if lowered.startswith(_WEEK_PREFIX):
        value = value[len(_WEEK_PREFIX):]
    match = re.fullmatch(r"([A-Za-z0-9-]+?)[\s:/]+(\d{4}-\d{2}-\d{2})(?:[\s:/]+([A-Za-z0-9]{4}))?", value.strip())
    typed = _typed_week(value.strip()) if match is None else None
    if match is None and typed is None:
        raise _week_reference_refused(text)
    if match is not None:
        try:
            day = date.fromisoformat(match.group(2))
        except ValueError:
            raise _week_reference_refused(text) from None
        typed = (match.group(1), day, match.group(3) or "")
    assert typed is not None
    reference, mark, monday = typed[0].upper(), typed[2].upper(), L.monday(typed[1])
    with reading(db, actor) as session:
        agreement = session.scalars(select(LearningAgreement).where(LearningAgreement.reference == reference)).first()
        if agreement is None or (mark and mark != week_mark(agreement.reference, agreement.apprentice.curp)):
            raise _refused("reference", _(
                "The reference {ref} is unknown here: no learning agreement of yours bears it. Check the reference "
                "printed under the form's QR code (a form another office printed is keyed in at that office).")
                .format(ref=" / ".join(part for part in (reference, mark) if part)), "week.unknown")
        start, last = training_days(agreement)
        if monday > last or monday < L.first_week(start):
            raise _refused("week", _("The week of {date} lies outside the agreement's training ({start} to {end}).")
                           .format(date=shown_day(monday), start=shown_day(start), end=shown_day(last)),
                           "logbook.week")
        row = session.execute(select(LogbookWeek.id, LogbookWeek.status).where(
            LogbookWeek.agreement_id == agreement.id, LogbookWeek.week_start == monday)).first()
        return PaperWeek(int(agreement.id), monday, agreement.reference, apprentice_name(agreement),
                         int(row.id) if row is not None else None, row.status if row is not None else None)


def find_week(db: Database, text: str, *, actor: Actor = SYSTEM) -> tuple[int, date]:
    """The agreement and week of a printed weekly form (:func:`find_paper_week`)."""
    found = find_paper_week(db, text, actor=actor)
    return found.agreement_id, found.monday


#: An assessment form's typed reference: the agreement's and the position's number ("CA-2026-000123 45").
_FORM_TYPED = re.compile(r"[A-Za-z0-9-]+[\s:/]+\d{1,9}")


def find_paper_form(db: Database, text: str, *, actor: Actor = SYSTEM) -> PaperWeek | tuple[int, int]:
    """Which printed form a scanned or typed reference keys back: a weekly report form's week
    (:class:`PaperWeek`) or an assessment form's agreement and learning position (``assessments.find_form``)."""
    from vetdesk.services import assessments

    value = (text or "").strip()
    if value.lower().startswith("vetdesk:form:") or _FORM_TYPED.fullmatch(value):
        return assessments.find_form(db, value)
    return find_paper_week(db, value, actor=actor)
