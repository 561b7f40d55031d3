"""What the training set-up's rules look at, gathered from the database, and the hooks of its record kinds.

:mod:`vetdesk.services.records` registers the kinds (competencies, learning positions, rotation plans, the
apprentice's rotation, school staff, coordinators, collaboration agreements) with these checks and hooks; the
rules themselves are the pure functions of :mod:`vetdesk.domain.training`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, insert, or_, select
from sqlalchemy import update as sql_update
from sqlalchemy.orm import Session

from vetdesk.domain import lifecycle, rules
from vetdesk.domain import training as T
from vetdesk.domain.problems import Problem, error, warning
from vetdesk.i18n import _, ngettext, shown_day
from vetdesk.services.settings import strictness
from vetdesk.storage.models import (
    AcademicTutor,
    Apprentice,
    CollaborationAgreement,
    Company,
    Competency,
    Instructor,
    LearningAgreement,
    LearningPosition,
    PositionPeriod,
    RotationPlan,
    RotationStep,
    School,
    position_competencies,
)

# -- competencies -----------------------------------------------------------------------------------

def check_competency(session: Session, values: dict[str, Any], existing: Any, today: date) -> list[Problem]:
    return T.check_competency(values)


def competency_order(session: Session, written: list[tuple[int, dict[str, Any]]]) -> None:
    """A new competency without an order comes last in its programme's catalogue."""
    for record_id, values in written:
        if values.get("position"):
            continue
        last = session.scalar(select(func.max(Competency.position)).where(
            Competency.programme_id == values["programme_id"], Competency.id != record_id)) or 0
        values["position"] = int(last) + 1
        session.execute(sql_update(Competency).where(Competency.id == record_id).values(position=values["position"]))


def catalogue(session: Session, programme_id: int) -> list[T.CatalogueEntry]:
    """A programme's competencies in their order, retired ones marked."""
    return [T.CatalogueEntry(c.id, c.code, c.title, c.retired_on is not None) for c in session.execute(
        select(Competency.id, Competency.code, Competency.title, Competency.retired_on)
        .where(Competency.programme_id == programme_id).order_by(Competency.position, Competency.id))]


def taught_by(session: Session, position_ids: list[int]) -> set[int]:
    """The competencies learned at these positions."""
    if not position_ids:
        return set()
    return set(session.scalars(select(position_competencies.c.competency_id)
                               .where(position_competencies.c.position_id.in_(position_ids))))


# -- learning positions -----------------------------------------------------------------------------

def check_position(session: Session, values: dict[str, Any], existing: Any, today: date) -> list[Problem]:
    instructor_company = None
    if values.get("instructor_id") is not None:
        instructor_company = session.scalar(select(Instructor.company_id)
                                            .where(Instructor.id == values["instructor_id"]))
    wanted = values.get("competency_ids") or []
    found = session.scalar(select(func.count()).select_from(Competency).where(Competency.id.in_(wanted))) \
        if wanted else 0
    problems = T.check_position(values, instructor_company_id=instructor_company, competencies_found=found)
    problems = T.on_change(problems, frozenset({"position.instructor"}),
                           concerned=bool(T.changed_fields(values, existing, ("instructor_id", "company_id"))))
    if existing is not None and values.get("company_id") != existing.company_id:
        plans = _plans_of_position(session, existing.id)
        if plans:
            problems.append(error("company_id", _(
                "The position is part of rotation plans {ids} of its company; it cannot move to another company. "
                "Register it anew at the other company.").format(ids=", ".join(map(str, plans))),
                "position.moved"))
    if existing is not None:
        problems += _position_in_use(session, existing, values)
    return problems


def _position_in_use(session: Session, existing: Any, values: dict[str, Any]) -> list[Problem]:
    """A position of a plan that agreements were printed with before vetdesk kept their annex keeps its name
    and competencies: their reprint still reads them. An agreement printed since keeps what it printed
    (``printed_annex``), so the company may rename a position or change what is learned there."""
    changed = [name for name, now in (("name", existing.name),
                                      ("competency_ids", sorted(taught_by(session, [existing.id]))))
               if name in values and (sorted(values[name] or []) if name == "competency_ids" else values[name])
               != now]
    if not changed:
        return []
    used = [ref for plan_id in _plans_of_position(session, existing.id)
            for ref in plan_in_use(session, plan_id, unkept=True)]
    if not used:
        return []
    shown = ", ".join(used[:5]) + (" …" if len(used) > 5 else "")
    return [error(changed[0], _(
        "This learning position is part of a rotation plan that agreements were printed or signed with ({refs}): "
        "its name and competencies stay as they were printed. Register a new learning position and make a new "
        "version of the plan with it.").format(refs=shown), "position.in_use")]


def _plans_of_position(session: Session, position_id: int) -> list[int]:
    return list(session.scalars(select(RotationStep.plan_id).where(RotationStep.position_id == position_id)
                                .distinct().order_by(RotationStep.plan_id)))


def position_written(session: Session, written: list[tuple[int, dict[str, Any]]]) -> None:
    """The competencies of new positions (held in their own table)."""
    rows = [{"position_id": record_id, "competency_id": cid}
            for record_id, values in written for cid in values.get("competency_ids") or []]
    if rows:
        session.execute(position_competencies.insert(), rows)


# -- rotation plans ---------------------------------------------------------------------------------

def check_plan(session: Session, values: dict[str, Any], existing: Any, today: date) -> list[Problem]:
    steps = values.get("steps") or []
    ids = [s["position_id"] for s in steps]
    companies = dict(session.execute(select(LearningPosition.id, LearningPosition.company_id)
                                     .where(LearningPosition.id.in_(ids))).all()) if ids else {}
    entries = catalogue(session, values["programme_id"]) if values.get("programme_id") else []
    taught = taught_by(session, ids)
    problems = T.check_plan(values, position_companies=companies, catalogue=entries, taught=taught,
                            strictness=strictness(session))
    if existing is None:
        return problems
    # A plan already missing competencies is renamed, or given new dates, without the coverage rule holding it
    # up; a change of its steps or programme is refused (at the office's strictness) only when it leaves a
    # competency untaught that the plan taught before.
    missing = {c.id for c in T.missing_competencies(entries, taught)}
    before: set[int] = set()  # another programme's catalogue: every competency it misses is new
    if existing.programme_id == values.get("programme_id"):
        before = {c.id for c in T.missing_competencies(entries, taught_by(
            session, [s["position_id"] for s in existing.steps]))}
    return T.on_change(problems, frozenset({"plan.coverage"}),
                       concerned=bool(T.changed_fields(values, existing, ("steps", "programme_id"))),
                       worse=bool(missing - before))


#: A plan is in use once an agreement was printed with it: from then on it is versioned, not edited.
_PRINTED_WITH = [s.value for s in lifecycle.Status if s != lifecycle.Status.DRAFT]
#: What a plan in use keeps: the positions, their order and weeks, whose plan it is.
_PLAN_TERMS = ("company_id", "programme_id", "steps")


def plan_in_use(session: Session, plan_id: int, *, unkept: bool = False) -> list[str]:
    """The references of the agreements printed (or further along) with the plan; ``unkept``: only those
    printed before vetdesk kept what an agreement printed (``printed_annex``), whose reprint still reads the
    catalogue."""
    stmt = select(LearningAgreement.reference).where(
        LearningAgreement.rotation_plan_id == plan_id, LearningAgreement.status.in_(_PRINTED_WITH))
    if unkept:
        stmt = stmt.where(LearningAgreement.printed_annex.is_(None))
    return list(session.scalars(stmt.order_by(LearningAgreement.id)))


def plan_change_rules(session: Session, obj: RotationPlan | None, values: dict[str, Any], merged: dict[str, Any],
                      today: date) -> list[Problem]:
    if obj is None:
        return []
    changed = [n for n in _PLAN_TERMS if n in values and values[n] != getattr(obj, n)]
    if not changed:
        return []
    used = plan_in_use(session, obj.id)
    if not used:
        return []
    shown = ", ".join(used[:5]) + (" …" if len(used) > 5 else "")
    return [error(changed[0], _(
        "Version {version} of this plan is part of agreements printed or signed with it ({refs}); it is not "
        "changed under them. Make a new version of the plan (New version, or vetdesk plan-version {id}) and "
        "change that one.").format(version=obj.plan_version, refs=shown, id=obj.id), "plan.in_use")]


def plan_written(session: Session, written: list[tuple[int, dict[str, Any]]]) -> None:
    """The steps of new plans (held in their own table)."""
    rows = [{"plan_id": record_id, "position_id": step["position_id"], "weeks": step["weeks"], "sequence": i}
            for record_id, values in written for i, step in enumerate(values.get("steps") or [], start=1)]
    if rows:
        session.execute(insert(RotationStep), rows)


# -- the apprentice's rotation ----------------------------------------------------------------------

def check_period(session: Session, values: dict[str, Any], existing: Any, today: date) -> list[Problem]:
    agreement = session.get(LearningAgreement, values.get("agreement_id") or 0)
    if agreement is None:
        return []
    if agreement.status == lifecycle.Status.DRAFT and any(
            values.get(n) is not None for n in ("actual_start", "actual_end")):
        return [error("actual_start" if values.get("actual_start") is not None else "actual_end", _(
            "Agreement {reference} is a draft: it has not been printed and signed, so the apprentice has not "
            "trained under it yet. Print it for signature and record the signatures first; then record the days "
            "the apprentice spends at each learning position.").format(reference=agreement.reference),
            "rotation.draft")]
    in_plan: bool | None = None
    if agreement.rotation_plan_id is not None:
        in_plan = position_in_plan(session, agreement.rotation_plan_id, values.get("position_id") or 0)
    others = [T.OtherPeriod(p.id, p.name, p.actual_start, p.actual_end) for p in session.execute(
        select(PositionPeriod.id, LearningPosition.name, PositionPeriod.actual_start, PositionPeriod.actual_end)
        .join(LearningPosition, LearningPosition.id == PositionPeriod.position_id)
        .where(PositionPeriod.agreement_id == agreement.id, PositionPeriod.id != (values.get("id") or 0))
        .order_by(PositionPeriod.actual_start))]
    name = session.scalar(select(LearningPosition.name).where(LearningPosition.id == (values.get("position_id") or 0)))
    problems = T.check_period(values, agreement_start=agreement.start_date, agreement_end=agreement.end_date,
                              in_plan=in_plan, others=others, today=today, position_name=name or "",
                              sex=(agreement.apprentice.sex or "") if agreement.apprentice is not None else "")
    if in_plan:
        problems += _stays_left(session, agreement, values)
    if in_plan and T.in_order(values):  # said with the other rules the dates break, all at once
        problems += _past_end(session, agreement, values)
    return problems


def _stays_left(session: Session, agreement: LearningAgreement, values: dict[str, Any]) -> list[Problem]:
    """A position has as many periods on an agreement as its plan has steps at it (Warehouse, Production,
    Warehouse: two); one more is the same period recorded twice."""
    position_id = values.get("position_id") or 0
    steps = session.scalar(select(func.count()).select_from(RotationStep).where(
        RotationStep.plan_id == agreement.rotation_plan_id, RotationStep.position_id == position_id)) or 0
    recorded = list(session.scalars(select(PositionPeriod.id).where(
        PositionPeriod.agreement_id == agreement.id, PositionPeriod.position_id == position_id,
        PositionPeriod.id != (values.get("id") or 0)).order_by(PositionPeriod.id)))
    if len(recorded) < max(steps, 1):
        return []
    return [error("position_id", ngettext(
        "The apprentice's time at this learning position is already recorded (number {ids}), and the plan has it "
        "once. Open that record and change its dates instead of recording it again.",
        "The apprentice's times at this learning position are already recorded (numbers {ids}), and the plan has "
        "it {n} times. Open one of those records and change its dates instead of recording it again.", steps)
        .format(ids=", ".join(map(str, recorded)), n=steps), "rotation.recorded")]


def _past_end(session: Session, agreement: LearningAgreement, values: dict[str, Any] | None) -> list[Problem]:
    """The rotation with these actual dates in place of the position's stored ones (``values``: a period being
    saved; None: as stored) runs past the agreement's end, or now ends well before it
    (:func:`vetdesk.domain.training.rotation_past_end`)."""
    steps = [T.Step(s.position_id, s.weeks, s.name) for s in session.execute(
        select(RotationStep.position_id, RotationStep.weeks, LearningPosition.name)
        .join(LearningPosition, LearningPosition.id == RotationStep.position_id)
        .where(RotationStep.plan_id == agreement.rotation_plan_id).order_by(RotationStep.sequence))]
    periods = [(p.position_id, p.actual_start, p.actual_end) for p in session.execute(
        select(PositionPeriod.position_id, PositionPeriod.actual_start, PositionPeriod.actual_end)
        .where(PositionPeriod.agreement_id == agreement.id,
               PositionPeriod.id != ((values or {}).get("id") or 0)))]
    field = "rotation_plan_id"
    if values is not None:
        periods.append((values["position_id"], values.get("actual_start"), values.get("actual_end")))
        field = "actual_end" if values.get("actual_end") else "actual_start"
    return T.rotation_past_end(agreement.start_date, steps, periods, agreement_end=agreement.end_date,
                               strictness=strictness(session), field=field,
                               running=agreement.status not in lifecycle.ENDED)


def rotation_end_problems(session: Session, agreement: LearningAgreement) -> list[Problem]:
    """What the agreement's rotation page says under its rotation: the rotation, with the actual dates recorded,
    runs past the agreement's end or ends well before it (the rule saving a period and ``vetdesk check`` apply)."""
    if agreement.rotation_plan_id is None:
        return []
    return _past_end(session, agreement, None)


# -- people who sign -----------------------------------------------------------------------------------

def check_staff(session: Session, values: dict[str, Any], existing: Any, today: date) -> list[Problem]:
    from vetdesk.domain import identifiers

    problems: list[Problem] = []
    if isinstance(values.get("email"), str):
        problems += identifiers.check_email(values["email"], "email")
    if existing is not None and values.get("school_id") != existing.school_id:
        named = list(session.scalars(select(LearningAgreement.reference).where(
            LearningAgreement.tutor_id == existing.id).order_by(LearningAgreement.id).limit(5)))
        named += list(session.scalars(select(CollaborationAgreement.reference).where(
            CollaborationAgreement.school_signatory_id == existing.id).order_by(CollaborationAgreement.id).limit(5)))
        if named:
            problems.append(error("school_id", _(
                "This person is named on {refs} for the current school. Name someone else there first, or record "
                "the person anew at the other school.").format(refs=", ".join(named)), "staff.school"))
    return problems


def liaison_written(uow: Any, record: dict[str, Any], before: dict[str, Any] | None,
                    change: Callable[..., Any]) -> None:
    """A school's liaison officer recorded (or renamed, or moved to the role): the school's liaison is that
    person, as its documents and e-mails name it; changed through the school's own record (``change``), audited
    in the same unit of work."""
    if record.get("role") != "liaison":
        return
    if before is not None and all(before.get(n) == record.get(n) for n in ("role", "name", "school_id")):
        return
    school = uow.session.get(School, record.get("school_id") or 0)
    if school is None or school.liaison_name == record.get("name"):
        return
    change(uow, "schools", school.id, {"liaison_name": record.get("name")})


def check_coordinator(session: Session, values: dict[str, Any], existing: Any, today: date) -> list[Problem]:
    from vetdesk.domain import identifiers
    from vetdesk.domain.problems import warning
    from vetdesk.storage.models import User

    problems: list[Problem] = []
    if isinstance(values.get("email"), str):
        problems += identifiers.check_email(values["email"], "email")
    username = values.get("username")
    if isinstance(username, str) and session.scalar(select(User.id).where(User.username == username)) is None:
        problems.append(warning("username", _("No office user signs in as {name}. Check the name, or leave it "
                                              "empty for a coordinator who does not use vetdesk.")
                                .format(name=username), "coordinator.user"))
    return problems


# -- collaboration agreements ------------------------------------------------------------------------

def collaboration_reference(record_id: int, start: date) -> str:
    """A stable, unique reference for documents and QR codes: CC-<start year>-<id>."""
    return f"CC-{start.year}-{record_id:06d}"


def collaboration_placeholder(values: dict[str, Any]) -> dict[str, Any]:
    return {"reference": f"new-{uuid.uuid4().hex}"}  # unique until the id is known


def collaboration_references(session: Session, written: list[tuple[int, dict[str, Any]]]) -> None:
    for record_id, values in written:
        values["reference"] = collaboration_reference(record_id, values["start_date"])
        session.execute(sql_update(CollaborationAgreement).where(CollaborationAgreement.id == record_id)
                        .values(reference=values["reference"]))


def check_collaboration(session: Session, values: dict[str, Any], existing: Any, today: date) -> list[Problem]:
    signatory_school = None
    if values.get("school_signatory_id") is not None:
        signatory_school = session.scalar(select(AcademicTutor.school_id)
                                          .where(AcademicTutor.id == values["school_signatory_id"]))
    others: list[str] = []
    if values.get("school_id") and values.get("company_id"):
        others = list(session.scalars(select(CollaborationAgreement.reference).where(
            CollaborationAgreement.school_id == values["school_id"],
            CollaborationAgreement.company_id == values["company_id"],
            CollaborationAgreement.status.in_([s.value for s in T.COLLABORATION_OPEN]),
            CollaborationAgreement.id != (values.get("id") or 0)).order_by(CollaborationAgreement.id)))
    return T.check_collaboration(values, signatory_school_id=signatory_school, open_elsewhere=others)


def collaboration_change_rules(session: Session, obj: CollaborationAgreement | None, values: dict[str, Any],
                               merged: dict[str, Any], today: date) -> list[Problem]:
    if obj is None:
        # A new one starts as a draft; one recorded further along its life cycle (an import of the agreements
        # the office has, or of an export) brings the dates of the steps it passed.
        parsed = T.parse_collaboration_status(merged.get("status") or T.CollaborationStatus.DRAFT.value)
        if isinstance(parsed, Problem):
            return [parsed]
        merged["status"] = parsed.value
        return T.check_recorded_collaboration(parsed, merged, today=today)
    problems: list[Problem] = []
    current = T.CollaborationStatus(obj.status)
    target = current
    if values.get("status") is None and current == T.CollaborationStatus.PRINTED \
            and any(n in values for n in T.COLLABORATION_SIGNATURES) \
            and all(merged.get(n) for n in T.COLLABORATION_SIGNATURES):
        # The last party's signature recorded makes it signed in the same change, as a learning agreement's
        # signatures do (records.record_signatures): no separate step status=signed.
        values["status"] = T.CollaborationStatus.SIGNED.value
    if values.get("status") is not None:
        parsed = T.parse_collaboration_status(values["status"])
        if isinstance(parsed, Problem):
            return [parsed]
        target = parsed
        merged["status"] = parsed.value
        problems += T.check_collaboration_status(current, target, merged, today=today)
        if target == T.CollaborationStatus.ENDED and current != target:
            problems += _ending_under_agreements(session, obj, today)
    kept = (*T.COLLABORATION_SIGNATURES, "activated_on")
    unsigned = (T.CollaborationStatus.DRAFT, T.CollaborationStatus.PRINTED)
    problems += rules.check_signed_dates_kept({n: getattr(obj, n) for n in kept}, values, names=kept,
                                              signed=target not in unsigned)
    terms = [n for n in values if n not in T.COLLABORATION_LIFECYCLE_FIELDS and values[n] != getattr(obj, n)]
    if terms and current not in T.COLLABORATION_EDITABLE:
        label = T.collaboration_status_label(current)
        problems.append(error(terms[0], _(
            "The collaboration agreement is {status}: its terms were printed for signature and no longer change. "
            "Put it back to draft (while it is only printed), or end it and draw up a new one.")
            .format(status=label), "collaboration.locked"))
    dated = [n for n in values if n in (*T.COLLABORATION_SIGNATURES, "activated_on", "printed_on", "status")]
    if dated:
        problems += [p for p in T.check_collaboration_dates(merged, today=today)
                     if p.field in dated or p.field == "activated_on" and "status" in dated]
    return problems


def _ending_under_agreements(session: Session, obj: CollaborationAgreement, today: date) -> list[Problem]:
    """Ending a collaboration agreement leaves the learning agreements signed under it (same school and company,
    still running) without one: said before it happens, naming them, for the officer to confirm."""
    running = list(session.scalars(select(LearningAgreement.reference).where(
        LearningAgreement.school_id == obj.school_id, LearningAgreement.company_id == obj.company_id,
        LearningAgreement.status.in_([s.value for s in lifecycle.CURRENT]), LearningAgreement.end_date >= today)
        .order_by(LearningAgreement.reference).limit(6)))
    if not running:
        return []
    shown = ", ".join(running[:5]) + (", …" if len(running) > 5 else "")
    return [warning("status", _(
        "Learning agreements between this school and company are still running ({references}): ending this "
        "collaboration agreement leaves them without one. Draw up and sign the next collaboration agreement first, "
        "or end it anyway if the training there is ending.").format(references=shown),
        "collaboration.ending_under_agreements")]


def collaboration_changed(obj: CollaborationAgreement, before: dict[str, Any], today: date) -> None:
    """The dates a status step records by itself, and the office's text kept when it goes out for signature."""
    old, new = before["status"], obj.status
    if old == new:
        return
    if old == T.CollaborationStatus.DRAFT:
        # What goes out for signature is kept as printed: a reprint prints the clauses signed, whatever the office's
        # text becomes (as a learning agreement keeps its own, kinds._agreement_changed).
        from sqlalchemy.orm import object_session

        from vetdesk.services.clauses import printed_versions
        from vetdesk.storage.plain import SessionReads

        session = object_session(obj)
        assert session is not None  # changed inside its unit of work
        obj.printed_clauses = printed_versions(SessionReads(session), "collaboration")
    if new == T.CollaborationStatus.PRINTED and obj.printed_on is None:
        obj.printed_on = today
    elif new == T.CollaborationStatus.DRAFT:  # the copies out for signature, and their signatures, no longer count
        obj.printed_on = obj.school_signed_on = obj.company_signed_on = obj.chamber_signed_on = None
        obj.printed_clauses = None  # printed again, it keeps the text of that day
    elif new == T.CollaborationStatus.ACTIVE and obj.activated_on is None:
        obj.activated_on = today
    elif new == T.CollaborationStatus.ENDED and obj.ended_on is None:
        obj.ended_on = today


# -- the learning agreement's set-up -------------------------------------------------------------------

#: The collaboration agreements the collaboration rule looks at, in date order.
_COLLABORATIONS = select(
    CollaborationAgreement.school_id, CollaborationAgreement.company_id, CollaborationAgreement.reference,
    CollaborationAgreement.status, CollaborationAgreement.start_date, CollaborationAgreement.end_date,
    CollaborationAgreement.ended_on).order_by(CollaborationAgreement.start_date, CollaborationAgreement.id)


def _collaboration_on(pair: Sequence[Any], school: str, company: str, start: date
                      ) -> tuple[bool, T.CollaborationFacts | None]:
    """Of a school and company's collaboration agreements (in date order), the one in force on ``start``
    (True, it); else the latest (False, it, or None when there is none)."""
    named: T.CollaborationFacts | None = None
    for c in pair:
        ends = c.ended_on if c.status == T.CollaborationStatus.ENDED.value and c.ended_on else c.end_date
        pair_facts = T.CollaborationFacts(c.reference, school, company, c.status, c.start_date, ends)
        if T.in_force(c.status, c.start_date, c.end_date, start):
            return True, pair_facts
        named = pair_facts
    return False, named


def collaboration_findings(session: Session, rules: T.Strictness) -> list[tuple[str, int, Problem]]:
    """``vetdesk check``: each learning agreement with a school, a draft or printed, signed or in force, by the rule
    its save applies (:func:`vetdesk.domain.training.check_agreement_setup`): an active collaboration agreement
    between its school and company covers it, from its start to its end. Finds those recorded before the rule,
    imported, or left without one when their collaboration agreement was ended; and a draft without one, as saving,
    printing and signing it say."""
    if rules.collaboration_rule == "off":
        return []
    by_pair: dict[tuple[int, int], list[Any]] = {}
    for c in session.execute(_COLLABORATIONS):
        by_pair.setdefault((c.school_id, c.company_id), []).append(c)
    schools = dict(session.execute(select(School.id, School.name)).all())
    companies = dict(session.execute(select(Company.id, Company.name)).all())
    kept = [s.value for s in (*lifecycle.CURRENT, lifecycle.Status.DRAFT)]
    out: list[tuple[str, int, Problem]] = []
    for a in session.execute(select(LearningAgreement.id, LearningAgreement.school_id, LearningAgreement.company_id,
                                    LearningAgreement.start_date, LearningAgreement.end_date)
                             .where(LearningAgreement.status.in_(kept), LearningAgreement.school_id.is_not(None))
                             .order_by(LearningAgreement.id).execution_options(yield_per=5000)):
        in_force, named = _collaboration_on(by_pair.get((a.school_id, a.company_id), []),
                                            schools.get(a.school_id) or "", companies.get(a.company_id) or "",
                                            a.start_date)
        facts = T.AgreementSetup(has_school=True, collaboration_in_force=in_force, judged=True, start=a.start_date,
                                 end=a.end_date, plan_weeks=None, collaboration=named)
        out += [("agreements", a.id, p) for p in T.check_agreement_setup(facts, rules)]
    return out

def agreement_setup_problems(session: Session, values: dict[str, Any], existing: Any, today: date, *,
                             plan_fits: bool = True) -> list[Problem]:
    """The set-up rules of a learning agreement: its collaboration agreement, its plan's weeks and coverage
    (``plan_fits``: the plan is the company's for the programme; another's is not measured against them)."""
    start, end = values.get("start_date"), values.get("end_date")
    collaboration = False
    named: T.CollaborationFacts | None = None
    if values.get("school_id") and values.get("company_id") and isinstance(start, date):
        school, company = (session.scalar(select(School.name).where(School.id == values["school_id"])) or "",
                           session.scalar(select(Company.name).where(Company.id == values["company_id"])) or "")
        pair = session.execute(_COLLABORATIONS.where(
            CollaborationAgreement.school_id == values["school_id"],
            CollaborationAgreement.company_id == values["company_id"])).all()
        collaboration, named = _collaboration_on(pair, school, company, start)
    judged = existing is None or existing.status in (lifecycle.Status.DRAFT, lifecycle.Status.PRINTED,
                                                     lifecycle.Status.SIGNED)
    weeks: int | None = None
    missing: tuple[T.CatalogueEntry, ...] = ()
    plan_id = values.get("rotation_plan_id")
    if plan_id and plan_fits and (existing is None or judged or plan_id != existing.rotation_plan_id):
        weeks, missing = plan_coverage(session, plan_id, values.get("programme_id"))
    facts = T.AgreementSetup(has_school=bool(values.get("school_id")), collaboration_in_force=collaboration,
                             judged=judged, start=start if isinstance(start, date) else None,
                             end=end if isinstance(end, date) else None, plan_weeks=weeks, missing=missing,
                             collaboration=named)
    problems = T.check_agreement_setup(facts, strictness(session))
    # An agreement that already breaks a set-up rule is changed elsewhere (its stipend, a note) without the rule
    # holding it up; a change of what the rule looks at, or a step of its life cycle, is judged by it.
    for codes, names in ((frozenset({"agreement.collaboration"}), ("school_id", "company_id", "start_date", "status")),
                         (frozenset({"agreement.collaboration_ends"}),
                          ("school_id", "company_id", "start_date", "end_date", "status")),
                         (frozenset({"plan.term"}), ("rotation_plan_id", "start_date", "end_date", "status")),
                         (frozenset({"plan.coverage"}), ("rotation_plan_id", "programme_id", "status"))):
        problems = T.on_change(problems, codes, concerned=bool(T.changed_fields(values, existing, names)))
    if plan_id and isinstance(start, date) and (
            existing is None or T.changed_fields(values, existing, ("rotation_plan_id", "start_date"))):
        problems += _plan_out_of_validity(session, plan_id, start)
    return problems


def _plan_out_of_validity(session: Session, plan_id: int, start: date) -> list[Problem]:
    """A plan version not valid on the agreement's start (superseded by a newer version, or not valid yet)."""
    plan = session.get(RotationPlan, plan_id)
    if plan is None:
        return []
    if plan.valid_until is not None and start > plan.valid_until:
        newer = session.scalar(select(RotationPlan.plan_version).where(RotationPlan.previous_id == plan.id))
        return [warning("rotation_plan_id", _(
            "Version {version} of the rotation plan {name} is valid until {until}, before this agreement starts "
            "({start}). Choose the plan's current version{newer}.").format(
                version=plan.plan_version, name=plan.name, until=shown_day(plan.valid_until),
                start=shown_day(start),
                newer=_(" (version {n})").format(n=newer) if newer is not None else ""), "plan.superseded")]
    if plan.valid_from is not None and start < plan.valid_from:
        return [warning("rotation_plan_id", _(
            "Version {version} of the rotation plan {name} is valid from {since}, after this agreement starts "
            "({start}). Choose the version valid then, or move the start.").format(
                version=plan.plan_version, name=plan.name, since=shown_day(plan.valid_from),
                start=shown_day(start)), "plan.not_yet_valid")]
    return []


def plan_coverage(session: Session, plan_id: int, programme_id: int | None
                  ) -> tuple[int, tuple[T.CatalogueEntry, ...]]:
    """A plan's weeks in all, and the competencies of the programme (not retired) none of its positions teach."""
    steps = session.execute(select(RotationStep.position_id, RotationStep.weeks)
                            .where(RotationStep.plan_id == plan_id)).all()
    if not programme_id:
        return sum(s.weeks for s in steps), ()
    return sum(s.weeks for s in steps), tuple(T.missing_competencies(
        catalogue(session, programme_id), taught_by(session, [s.position_id for s in steps])))


def setup_findings(session: Session, today: date) -> list[tuple[str, int, Problem]]:
    """``vetdesk check``'s findings about the training set-up, by the same rules as saving: each learning
    position's instructor works for its company; each rotation plan names its company's positions and teaches the
    programme's competencies; each open learning agreement's plan is its company's for its programme, lasts the
    term (within the office's tolerance) and teaches every competency; the actual dates at each position lie
    inside the agreement and do not overlap. Each plan is looked at once, however many agreements use it."""
    out: list[tuple[str, int, Problem]] = []
    rules = strictness(session)
    instructor_company = dict(session.execute(select(Instructor.id, Instructor.company_id)).all())
    for position in session.execute(select(LearningPosition.id, LearningPosition.company_id,
                                            LearningPosition.instructor_id)):
        values = {"company_id": position.company_id, "instructor_id": position.instructor_id}
        out += [("positions", position.id, p) for p in T.check_position(
            values, instructor_company_id=instructor_company.get(position.instructor_id))]
    plans = {plan.id: plan for plan in session.execute(select(RotationPlan.id, RotationPlan.company_id,
                                                              RotationPlan.programme_id))}
    coverage: dict[int, tuple[int, tuple[T.CatalogueEntry, ...]]] = {}
    for plan in plans.values():
        steps = [{"position_id": s.position_id, "weeks": s.weeks} for s in session.execute(
            select(RotationStep.position_id, RotationStep.weeks).where(RotationStep.plan_id == plan.id)
            .order_by(RotationStep.sequence))]
        ids = [s["position_id"] for s in steps]
        companies = dict(session.execute(select(LearningPosition.id, LearningPosition.company_id)
                                         .where(LearningPosition.id.in_(ids))).all()) if ids else {}
        entries = catalogue(session, plan.programme_id)
        taught = taught_by(session, ids)
        coverage[plan.id] = (T.plan_weeks(steps), tuple(T.missing_competencies(entries, taught)))
        out += [("rotation_plans", plan.id, p) for p in T.check_plan(
            {"company_id": plan.company_id, "steps": steps}, position_companies=companies, catalogue=entries,
            taught=taught, strictness=rules)]
    open_statuses = [s.value for s in (*lifecycle.CURRENT, lifecycle.Status.DRAFT)]
    for agreement in session.execute(select(
            LearningAgreement.id, LearningAgreement.company_id, LearningAgreement.programme_id,
            LearningAgreement.rotation_plan_id, LearningAgreement.start_date, LearningAgreement.end_date)
            .where(LearningAgreement.status.in_(open_statuses), LearningAgreement.rotation_plan_id.is_not(None))):
        owner = plans.get(agreement.rotation_plan_id)
        if owner is None:
            continue
        if owner.company_id != agreement.company_id or owner.programme_id != agreement.programme_id:
            out.append(("agreements", agreement.id, plan_mismatch()))
            continue
        weeks, missing = coverage[owner.id]
        if agreement.end_date >= agreement.start_date:
            out += [("agreements", agreement.id, p) for p in T.check_plan_term(
                plan_weeks=weeks, start=agreement.start_date, end=agreement.end_date, strictness=rules)]
        out += [("agreements", agreement.id, p)
                for p in T.coverage_problem(missing, rules.plan_coverage_rule, "rotation_plan_id")]
    out += _period_findings(session, rules)
    out += collaboration_findings(session, rules)
    return out


def _period_findings(session: Session, rules: T.Strictness) -> list[tuple[str, int, Problem]]:
    """:func:`check_period` over every period, and whether the rotation they move runs past the agreement's
    end, read in a few queries (an office of 100,000 agreements has several periods each), not a few queries
    per period."""
    names = dict(session.execute(select(LearningPosition.id, LearningPosition.name)).all())
    steps_of: dict[int, list[T.Step]] = {}
    for plan_id, position_id, weeks in session.execute(
            select(RotationStep.plan_id, RotationStep.position_id, RotationStep.weeks)
            .order_by(RotationStep.plan_id, RotationStep.sequence)):
        steps_of.setdefault(plan_id, []).append(T.Step(position_id, weeks, names.get(position_id, "")))
    in_plans = {(plan_id, step.position_id) for plan_id, steps in steps_of.items() for step in steps}
    by_agreement: dict[int, list[Any]] = {}
    for row in session.execute(
            select(PositionPeriod.id, PositionPeriod.agreement_id, PositionPeriod.position_id,
                   PositionPeriod.actual_start, PositionPeriod.actual_end, LearningAgreement.start_date,
                   LearningAgreement.end_date, LearningAgreement.rotation_plan_id, LearningAgreement.status,
                   Apprentice.sex)
            .join(LearningAgreement, LearningAgreement.id == PositionPeriod.agreement_id)
            .join(Apprentice, Apprentice.id == LearningAgreement.apprentice_id)
            .order_by(PositionPeriod.agreement_id, PositionPeriod.actual_start, PositionPeriod.id)
            .execution_options(yield_per=5000)):
        by_agreement.setdefault(row.agreement_id, []).append(row)
    out: list[tuple[str, int, Problem]] = []
    for agreement_id, rows in by_agreement.items():
        found = len(out)
        for row in rows:
            plan = row.rotation_plan_id
            others = [T.OtherPeriod(o.id, names.get(o.position_id, ""), o.actual_start, o.actual_end)
                      for o in rows if o.id != row.id]
            values = {"id": row.id, "agreement_id": row.agreement_id, "position_id": row.position_id,
                      "actual_start": row.actual_start, "actual_end": row.actual_end}
            out += [("rotations", row.id, p) for p in T.check_period(
                values, agreement_start=row.start_date, agreement_end=row.end_date,
                in_plan=None if plan is None else (plan, row.position_id) in in_plans, others=others,
                position_name=names.get(row.position_id, ""), sex=row.sex or "")
                if p.code != "rotation.gap" or p.field == "actual_end"]  # each gap once, from its first side
        first = rows[0]
        if len(out) == found and first.rotation_plan_id in steps_of:
            out += [("agreements", agreement_id, p) for p in T.rotation_past_end(
                first.start_date, steps_of[first.rotation_plan_id],
                [(r.position_id, r.actual_start, r.actual_end) for r in rows],
                agreement_end=first.end_date, strictness=rules, field="rotation_plan_id",
                running=first.status not in lifecycle.ENDED)]
    return out


def plan_mismatch() -> Problem:
    """A learning agreement's rotation plan is another company's or another programme's."""
    return error("rotation_plan_id", _("The rotation plan belongs to another company or programme. Choose the "
                                       "company's plan for this programme."), "plan.mismatch")


def position_in_plan(session: Session, plan_id: int, position_id: int) -> bool:
    return (session.scalar(select(func.count()).select_from(RotationStep).where(
        RotationStep.plan_id == plan_id, RotationStep.position_id == position_id)) or 0) > 0


#: One position of an agreement's rotation (the domain's one definition).
RotationRow = T.ScheduledStep


def rotation_of(agreement: LearningAgreement) -> list[RotationRow]:
    """The agreement's rotation (read through its relationships, inside the caller's session)."""
    plan = agreement.rotation_plan
    if plan is None:
        return []
    steps = [T.Step(s.position_id, s.weeks, s.position.name, s.position.department or "") for s in plan.plan_steps]
    return T.rotation(agreement.start_date, steps,
                      [(p.position_id, p.actual_start, p.actual_end) for p in agreement.position_periods])


def dropped_of(agreement: LearningAgreement) -> list[RotationRow]:
    """The time recorded at positions the agreement's plan no longer lists (a new version dropped them), marked
    as no longer in the plan (:func:`vetdesk.domain.training.dropped_stays`)."""
    plan = agreement.rotation_plan
    steps = [T.Step(s.position_id, s.weeks) for s in plan.plan_steps] if plan is not None else []
    periods = list(agreement.position_periods)
    names = {p.position_id: (p.position.name, p.position.department or "") for p in periods}
    return T.dropped_stays(steps, [(p.position_id, p.actual_start, p.actual_end) for p in periods], names)


def current_position(rotation: list[RotationRow], today: date) -> RotationRow:
    """The position the apprentice is at: the last one started by its actual dates, else the one the plan
    puts today (or the last)."""
    started = [r for r in rotation if r.actual_start is not None and r.actual_start <= today]
    if started:
        return max(started, key=lambda r: (r.actual_start or date.min, r.sequence))
    for r in rotation:
        if today <= T.expected_end(r):
            return r
    return rotation[-1]


def competency_in_force(on: date) -> Any:
    """Which of a catalogue's competencies count on a day: those not retired by then. The one definition the
    progress figures, the progress report, the completion certificate and the rating grid count by (a retired
    competency is kept for the ratings it had, not counted)."""
    return or_(Competency.retired_on.is_(None), Competency.retired_on > on)


def check_competency_taught(session: Session, position_id: int | None, competency: Competency) -> list[Problem]:
    """A rating records a competency at a learning position: when the position lists the competencies learned
    there and this one is not among them, the officer is warned (not refused: a competency may be shown at a
    position before the office maps it there). A position that lists none teaches every competency
    (:func:`position_competencies_in`). The one rule of every way a rating is recorded: the assessment form,
    the rating grid, ``vetdesk add ratings`` / ``vetdesk assess``, an import."""
    if position_id is None:
        return []
    mapped = set(session.scalars(select(position_competencies.c.competency_id)
                                 .where(position_competencies.c.position_id == position_id)))
    if not mapped or competency.id in mapped:
        return []
    position = session.get(LearningPosition, position_id)
    if position is None:  # the reference's own rule says so
        return []
    return [warning("competency_id", _(
        "The learning position {position} does not list competency {code} ({title}) among those learned there. "
        "Check the competency and the position; if it is learned there, add it to the position's competencies "
        "(Learning positions).").format(position=position.name, code=competency.code, title=competency.title),
        "assessment.not_taught")]


def position_competencies_in(session: Session, programme_id: int, position_id: int) -> list[Competency]:
    """The competencies rated at a learning position: those mapped to it, else all the programme's (in force),
    in the catalogue's order."""
    stmt = select(Competency).where(Competency.programme_id == programme_id, competency_in_force(date.today()))
    mapped = select(position_competencies.c.competency_id).where(position_competencies.c.position_id == position_id)
    if session.scalar(select(mapped.exists())):
        stmt = stmt.where(Competency.id.in_(mapped))
    return list(session.scalars(stmt.order_by(Competency.position, Competency.id)))
