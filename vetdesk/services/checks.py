"""``vetdesk check``: every error and warning over the whole database, one finding per line.

The same rules as saving (so a record that breaks a rule added later is found), plus the alerts that
depend on today's date: insurance about to expire, agreements starting or ending soon.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vetdesk.domain import lifecycle, limits, rules
from vetdesk.domain.problems import Problem, not_said_yet, warning
from vetdesk.domain.training import COLLABORATION_SIGNATURES, CollaborationStatus
from vetdesk.i18n import _, shown_day, upper_first
from vetdesk.services import documents, progress
from vetdesk.services.kinds import agreements_naming
from vetdesk.services.records import KINDS, to_dict
from vetdesk.services.settings import thresholds
from vetdesk.services.training_rules import setup_findings
from vetdesk.services.uow import reading
from vetdesk.storage.engine import Database
from vetdesk.storage.models import (
    Apprentice,
    CollaborationAgreement,
    Company,
    Instructor,
    LearningAgreement,
    Programme,
    School,
)


@dataclass(frozen=True)
class Finding:
    kind: str
    record_id: int
    problem: Problem

    def line(self) -> str:
        return f"{self.kind} {self.record_id}: {self.problem.describe()}"

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.record_id, "severity": self.problem.severity.value,
                "field": self.problem.field, "message": self.problem.message, "code": self.problem.code}


@dataclass(frozen=True)
class Described:
    """A finding in the user's words: which record (its kind and name), which field (its label), how grave."""

    finding: Finding
    record: str
    field: str
    severity: str

    @property
    def message(self) -> str:
        return self.finding.problem.message


#: A party a document names, as a finding's field names it ("company.legal_representative" on an agreement): the
#: kind whose field it is.
_PARTIES = {"company": "companies", "apprentice": "apprentices", "school": "schools", "instructor": "instructors",
            "programme": "programmes"}


def field_label(kind: str, field: str) -> str:
    """The words the window's check list and ``vetdesk check`` give a finding's field: the label a form gives
    ``field`` of ``kind`` ("Legal representative"); for a field of another record, that record's kind and the
    label ("Company: Legal representative", for ``company.legal_representative`` on an agreement; "Assessment:
    Date" for ``assessed_on``); empty when the finding is about the record as a whole. Never the internal name."""
    if not field:
        return ""
    own = KINDS[kind].field(field) if kind in KINDS else None
    if own is not None:
        return own.title()
    party, dot, name = field.partition(".")
    if dot:
        owner = _PARTIES.get(party)
    else:
        name = field
        owner = next((k for k, spec in KINDS.items() if spec.field(field) is not None), None)
    spec = KINDS[owner].field(name) if owner in KINDS else None
    if owner is None or spec is None:
        return ""
    return _("{record}: {field}").format(record=upper_first(_(KINDS[owner].singular)), field=spec.title())


def own_field(kind: str, field: str) -> bool:
    """Is ``field`` one of ``kind``'s own (one ``vetdesk set KIND ID FIELD=VALUE`` changes)?"""
    return kind in KINDS and bool(field) and KINDS[kind].field(field) is not None


def record_names(db: Database, findings: list[Finding]) -> dict[tuple[str, int], str]:
    """Each finding's record as ``vetdesk check`` names it: its kind and its name in the user's words
    ("Learning agreement CA-2026-000066 (Name)", "Company Name"), never the internal table name; its id when
    it has no name the user may read."""
    from vetdesk.services import references

    ids: dict[str, set[int]] = defaultdict(set)
    for f in findings:
        ids[f.kind].add(f.record_id)
    names = {kind: references.display_names(db, kind, sorted(found)) for kind, found in ids.items()
             if kind in KINDS}
    if ids.get("agreements"):  # an agreement by its reference and its apprentice, as printing names it
        from vetdesk.domain.normalize import full_name

        wanted = sorted(ids["agreements"])
        with reading(db) as session:
            for i in range(0, len(wanted), 500):
                for agreement_id, reference, given, first, second in session.execute(
                        select(LearningAgreement.id, LearningAgreement.reference, Apprentice.given_names,
                               Apprentice.first_surname, Apprentice.second_surname)
                        .join(Apprentice, Apprentice.id == LearningAgreement.apprentice_id)
                        .where(LearningAgreement.id.in_(wanted[i:i + 500]))):
                    if agreement_id in names.get("agreements", {}):
                        names["agreements"][agreement_id] = _("{reference} ({apprentice})").format(
                            reference=reference or agreement_id, apprentice=full_name(given, first, second))
    out = {}
    for f in findings:
        singular = upper_first(_(KINDS[f.kind].singular)) if f.kind in KINDS else f.kind
        out[(f.kind, f.record_id)] = _("{kind} {name}").format(
            kind=singular, name=names.get(f.kind, {}).get(f.record_id) or f"#{f.record_id}")
    return out


def described(db: Database, findings: list[Finding]) -> list[Described]:
    """The findings as the window shows them: each record named as its list names it."""
    from vetdesk.services import references

    ids: dict[str, set[int]] = defaultdict(set)
    for f in findings:
        ids[f.kind].add(f.record_id)
    names = {kind: references.display_names(db, kind, sorted(found)) for kind, found in ids.items()}
    if ids.get("agreements"):  # an agreement by its reference and whose it is: "CA-2026-000115 · Ana López"
        whose = _apprentice_names(db, sorted(ids["agreements"]))
        names["agreements"] = {i: " · ".join(filter(None, (name, whose.get(i))))
                               for i, name in names.get("agreements", {}).items()}
    out = []
    for f in findings:
        singular = _(KINDS[f.kind].singular) if f.kind in KINDS else f.kind
        name = names.get(f.kind, {}).get(f.record_id) or f"#{f.record_id}"
        out.append(Described(f, f"{upper_first(singular)}: {name}", field_label(f.kind, f.problem.field),
                             _("error") if f.problem.is_error else _("warning")))
    return out


def _apprentice_names(db: Database, agreement_ids: list[int]) -> dict[int, str]:
    """The full names of the apprentices of these agreements (those the user may see), by agreement."""
    from vetdesk.domain.normalize import full_name

    with reading(db) as session:
        return {row[0]: full_name(*row[1:]) for row in session.execute(
            select(LearningAgreement.id, Apprentice.given_names, Apprentice.first_surname, Apprentice.second_surname)
            .join(Apprentice, Apprentice.id == LearningAgreement.apprentice_id)
            .where(LearningAgreement.id.in_(agreement_ids)))}


def _simple(session: Session, kind: str, model: type[Any], check: Any) -> list[Finding]:
    k = KINDS[kind]
    out: list[Finding] = []
    for obj in session.scalars(select(model).execution_options(yield_per=2000)):
        for p in check(to_dict(k, obj)):
            out.append(Finding(kind, obj.id, p))
    return out


def _retired_in_use(session: Session) -> list[Finding]:
    """Companies, schools and instructors retired while agreements not ended still name them (retired before
    saving refused it: ``rules.check_retiring``)."""
    out: list[Finding] = []
    for kind, model in (("companies", Company), ("schools", School), ("instructors", Instructor)):
        retired: dict[int, date] = {record_id: day for record_id, day in session.execute(
            select(model.id, model.retired_on).where(model.retired_on.is_not(None))) if day is not None}
        for record_id, naming in agreements_naming(session, kind, list(retired)).items():
            out += [Finding(kind, record_id, p) for p in rules.check_retired(kind, retired[record_id], naming)]
    return out


def check_database(db: Database, *, today: date | None = None) -> list[Finding]:
    today = today or date.today()
    findings: list[Finding] = []
    with reading(db) as session:
        th = thresholds(session)
        findings += _simple(session, "companies", Company, rules.check_company)
        findings += _simple(session, "schools", School, rules.check_school)
        findings += _simple(session, "programmes", Programme, rules.check_programme)
        findings += _simple(session, "instructors", Instructor, lambda v: rules.check_instructor(v, today=today))
        findings += _simple(session, "apprentices", Apprentice, lambda v: rules.check_apprentice(v, today=today))
        findings += _retired_in_use(session)
        findings += _agreements(session, th, today)
        findings += _collaborations(session)
        findings += _logbook_weeks(session)
        findings += _logbook_overdue(session, th, today)
        # The training set-up: positions, plans, each open agreement's plan, the actual dates at positions.
        findings += [Finding(kind, record_id, p) for kind, record_id, p in setup_findings(session, today)]
        # Progress flags (no recent assessment, position overrun, falling ratings, ending behind).
        findings += [Finding(kind, record_id, p) for kind, record_id, p in progress.findings_in(session, today)]
        return _in_scope(session, _said_once(findings))


#: A set-up finding that a refusal of printing says of the same thing in its own words: the plan's weeks against
#: the term (``plan.term``, as saving warns) and the annex that leaves weeks without a position or plans too
#: many (what printing refuses). A record with the refusal is not also warned of it.
_SAID_BY: dict[str, frozenset[str]] = {"plan.term": frozenset({"contract.plan_short", "contract.plan_long"})}


def _said_once(findings: list[Finding]) -> list[Finding]:
    """The findings with each thing said once per record: a warning dropped where :data:`_SAID_BY` names a finding
    of the same record that says it (a draft's plan shortfall: printing's refusal, not a warning as well)."""
    codes: dict[tuple[str, int], set[str]] = defaultdict(set)
    for f in findings:
        codes[(f.kind, f.record_id)].add(f.problem.code)
    return [f for f in findings
            if not _SAID_BY.get(f.problem.code, frozenset()) & codes[(f.kind, f.record_id)]]


#: The kinds an instructor's check shows findings of: the records of the apprentices they instruct. Their
#: company's learning positions and rotation plans (which they may read) are the office's set-up to put right.
_APPRENTICES_RECORDS = frozenset({"agreements", "apprentices", "assessments", "rotations", "logbook", "attendance",
                                  "exam_registrations", "conocer_verdicts", "school_certificates"})


def _in_scope(session: Session, findings: list[Finding]) -> list[Finding]:
    """The findings the signed-in role is shown: all of them for the office; for an instructor only those on the
    records of the apprentices they instruct (their agreements, those apprentices, their assessments, weekly
    reports, rotations…). A company's, a school's or another instructor's finding is the office's to put right,
    and an instructor could not open it."""
    from vetdesk.services.scope import actor_of, scoped

    actor = actor_of(session)
    if not scoped(actor):
        return findings
    wanted: dict[str, set[int]] = defaultdict(set)
    for f in findings:
        wanted[f.kind].add(f.record_id)
    inside: dict[str, set[int]] = {}
    for kind, ids in wanted.items():
        k = KINDS.get(kind)
        rows = k.rows_for(actor) if k is not None and kind in _APPRENTICES_RECORDS else None
        if k is None or rows is None:
            inside[kind] = set()  # a kind every instructor sees whole (companies, schools): not theirs to fix
            continue
        inside[kind] = set(session.scalars(select(k.model.id).where(k.model.id.in_(sorted(ids)), rows)))
    return [f for f in findings if f.record_id in inside.get(f.kind, set())]


def _logbook_weeks(session: Session) -> list[Finding]:
    """Weekly reports of agreements still open whose hours at the company break the weekly hours rule
    (``domain.working_time.week_hours``, as the weekly report's form applies it): stored before the rule, through an
    import, or by a change of the apprentice's birth date or the agreement's hours later."""
    from vetdesk.services.logbook_kinds import week_hours_of
    from vetdesk.storage.models import LogbookWeek

    out: list[Finding] = []
    for week_id, monday, hours, birth, daily, days, templates, sex in session.execute(
            select(LogbookWeek.id, LogbookWeek.week_start, LogbookWeek.hours, Apprentice.birth_date,
                   LearningAgreement.daily_hours, LearningAgreement.company_days, Programme.templates, Apprentice.sex)
            .join(LearningAgreement, LearningAgreement.id == LogbookWeek.agreement_id)
            .join(Apprentice, Apprentice.id == LearningAgreement.apprentice_id)
            .join(Programme, Programme.id == LearningAgreement.programme_id)
            .where(LogbookWeek.hours.is_not(None),
                   LearningAgreement.status.in_([s.value for s in lifecycle.CURRENT]))
            .order_by(LearningAgreement.id, LogbookWeek.week_start).execution_options(yield_per=2000)):
        out += [Finding("logbook", week_id, p)
                for p in week_hours_of(birth, monday, hours, daily, days, templates, sex or "")]
    return out + _logbook_attendance(session)


def _logbook_attendance(session: Session) -> list[Finding]:
    """Weekly reports of agreements still open whose hours claim more than the week's recorded attendance allows
    (``domain.logbook.hours_attendance_problems``, as saving the report applies it)."""

    from vetdesk.domain import logbook as L
    from vetdesk.storage.models import AttendanceDay, LogbookWeek

    current = [s.value for s in lifecycle.CURRENT]
    days: dict[tuple[int, date], list[str]] = defaultdict(list)
    for agreement_id, day, presence in session.execute(
            select(AttendanceDay.agreement_id, AttendanceDay.day, AttendanceDay.presence)
            .join(LearningAgreement, LearningAgreement.id == AttendanceDay.agreement_id)
            .where(LearningAgreement.status.in_(current)).execution_options(yield_per=5000)):
        days[(agreement_id, L.monday(day))].append(presence)
    out: list[Finding] = []
    if not days:
        return out
    for week_id, agreement_id, monday, hours, school_hours, daily in session.execute(
            select(LogbookWeek.id, LogbookWeek.agreement_id, LogbookWeek.week_start, LogbookWeek.hours,
                   LogbookWeek.school_hours, LearningAgreement.daily_hours)
            .join(LearningAgreement, LearningAgreement.id == LogbookWeek.agreement_id)
            .where(LearningAgreement.status.in_(current))
            .order_by(LearningAgreement.id, LogbookWeek.week_start).execution_options(yield_per=2000)):
        found = days.get((agreement_id, monday))
        if found:
            out += [Finding("logbook", week_id, p)
                    for p in L.hours_attendance_problems(hours, school_hours, found, daily)]
    return out


def _logbook_overdue(session: Session, th: rules.Thresholds, today: date) -> list[Finding]:
    """Active agreements whose weekly reports are overdue, by the dashboard's rule (from the day the office keeps
    them in vetdesk, not for a record kept on paper): a warning each, naming the first week due."""
    from vetdesk.domain.normalize import full_name
    from vetdesk.i18n import shown_day
    from vetdesk.services.dashboard import overdue_in

    overdue = list(overdue_in(session, today, th))
    names = {row.id: full_name(row.given_names, row.first_surname, row.second_surname) for row in session.execute(
        select(LearningAgreement.id, Apprentice.given_names, Apprentice.first_surname, Apprentice.second_surname)
        .join(Apprentice, Apprentice.id == LearningAgreement.apprentice_id)
        .where(LearningAgreement.id.in_([agreement_id for agreement_id, _due in overdue])))} if overdue else {}
    # the apprentice by name: "Recuérdeselo a Itzel Ortiz", never "al aprendiz" of a woman
    return [Finding("agreements", agreement_id, warning("", _(
        "Weekly reports overdue: the report of the week of {date} (and of the weeks after it not countersigned) is "
        "missing or not countersigned more than {days} days after the week ended. Remind {name} and the "
        "instructor.").format(date=shown_day(due), days=th.logbook_overdue_days, name=names.get(agreement_id, "")),
        "logbook.overdue"))
            for agreement_id, due in overdue]


def _collaborations(session: Session) -> list[Finding]:
    """Collaboration agreements kept as signed or in force without a party's signature or their in-force date."""
    k = KINDS["collaborations"]
    out: list[Finding] = []
    kept = (CollaborationStatus.SIGNED.value, CollaborationStatus.ACTIVE.value)
    for obj in session.scalars(select(CollaborationAgreement).where(CollaborationAgreement.status.in_(kept))):
        out += [Finding("collaborations", obj.id, p) for p in rules.check_signed_dates_present(
            to_dict(k, obj), signatures=COLLABORATION_SIGNATURES,
            in_force=obj.status == CollaborationStatus.ACTIVE.value)]
    return out


def _agreements(session: Session, th: rules.Thresholds, today: date) -> list[Finding]:
    k = KINDS["agreements"]
    apprentices = {row.id: rules.ApprenticeFacts(row.birth_date, row.guardian_name, row.guardian_relation,
                                                 row.guardian_phone, row.semester, row.school_id, row.sex or "")
                   for row in session.execute(select(Apprentice.id, Apprentice.birth_date, Apprentice.guardian_name,
                                                     Apprentice.guardian_relation, Apprentice.guardian_phone,
                                                     Apprentice.semester, Apprentice.school_id, Apprentice.sex))}
    # A minor's contract has a line for the second guardian when one is named: the agreement waits for it too.
    second_guardian = set(session.scalars(select(Apprentice.id).where(
        func.length(func.trim(func.coalesce(Apprentice.guardian2_name, ""))) > 0)))
    programmes = {row.id: row for row in session.execute(
        select(Programme.id, Programme.duration_months, Programme.min_semester, Programme.stps_permit_required))}
    load: dict[int | None, int] = dict(session.execute(
        select(LearningAgreement.instructor_id, func.count()).where(
            LearningAgreement.status.in_([s.value for s in lifecycle.CURRENT]),
            LearningAgreement.instructor_id.is_not(None)).group_by(LearningAgreement.instructor_id)).all())
    instructors = {row.id: row for row in session.execute(
        select(Instructor.id, Instructor.company_id, Instructor.qualification, Instructor.capacity))}
    periods: dict[int, list[rules.OtherAgreement]] = defaultdict(list)
    for row in session.execute(select(LearningAgreement.apprentice_id, LearningAgreement.id,
                                      LearningAgreement.status, LearningAgreement.start_date,
                                      LearningAgreement.end_date, LearningAgreement.reference)):
        periods[row[0]].append(rules.OtherAgreement(*row[1:]))

    out: list[Finding] = []
    open_statuses = {s.value for s in lifecycle.CURRENT} | {lifecycle.Status.DRAFT.value}
    notice = timedelta(days=th.expiry_notice_days)
    for obj in session.scalars(select(LearningAgreement).execution_options(yield_per=2000)):
        if obj.status not in open_statuses:
            continue  # completed and terminated agreements are history
        values = to_dict(k, obj)
        ins = instructors.get(obj.instructor_id) if obj.instructor_id else None
        ins_facts = None
        if ins is not None:
            current = load.get(ins.id, 0) - (1 if obj.status in lifecycle.CURRENT else 0)
            ins_facts = rules.InstructorFacts(ins.company_id, ins.qualification, ins.capacity, current)
        prog = programmes.get(obj.programme_id)
        facts = rules.AgreementFacts(
            values=values, apprentice=apprentices.get(obj.apprentice_id),
            programme_months=prog.duration_months if prog else None,
            programme_min_semester=prog.min_semester if prog else None,
            programme_requires_permit=bool(prog.stps_permit_required) if prog else True,
            instructor=ins_facts, others=periods.get(obj.apprentice_id, []), thresholds=th)
        problems = rules.check_agreement(facts)
        if obj.status in (lifecycle.Status.SIGNED, lifecycle.Status.ACTIVE):
            person = apprentices.get(obj.apprentice_id)
            minor = person is not None and limits.minor_on_start(person.birth_date, obj.start_date)
            needed = rules.signatures_needed(minor=minor, has_school=bool(obj.school_id),
                                             second_guardian=obj.apprentice_id in second_guardian)
            if any(p.code == "guardian.required" for p in problems):  # said already: no guardian named at all
                needed = [n for n in needed if n not in rules.GUARDIAN_SIGNATURES]
            problems += rules.check_signed_dates_present(values, signatures=needed,
                                                         in_force=obj.status == lifecycle.Status.ACTIVE)
        if obj.status in documents.FOR_SIGNATURE:
            # What printing it for signature would refuse (the same messages as printing).
            refusals = documents.contract_problems_in(session, obj)
            codes = {p.code for p in refusals}
            if "contract.insurance_term" in codes:
                problems = [p for p in problems if p.code != "insurance.expiry"]
            problems += not_said_yet(problems, refusals)  # a rule both apply (a minor's hours) is said once
        # The insurance's expiry is said once: soon (or past) says more than "before the agreement ends".
        lapse = None
        if obj.insurance_expiry and today <= obj.insurance_expiry <= today + notice \
                and obj.status in lifecycle.CURRENT:
            lapse = warning("insurance_expiry", _(
                "The accident insurance expires on {expiry}, within {days} days. Ask the company for the "
                "renewed policy.").format(expiry=shown_day(obj.insurance_expiry), days=th.expiry_notice_days),
                "insurance.expiring")
        elif obj.insurance_expiry and obj.insurance_expiry < today and obj.status in lifecycle.CURRENT:
            lapse = warning("insurance_expiry", _(
                "The accident insurance expired on {expiry}. Ask the company for the renewed policy.")
                .format(expiry=shown_day(obj.insurance_expiry)), "insurance.expired")
        if lapse is not None:
            problems = [p for p in problems if p.code != "insurance.expiry"] + [lapse]
        if obj.status == lifecycle.Status.ACTIVE and obj.end_date < today:
            problems.append(warning("status", _("The agreement ended on {end} but is still active. Mark it "
                                                "completed or terminated.").format(end=shown_day(obj.end_date)),
                                    "status.overdue"))
        out += [Finding("agreements", obj.id, p) for p in problems]
    return out
