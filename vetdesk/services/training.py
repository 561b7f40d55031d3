"""An office's own training set-up, beyond creating and changing its records: a rotation plan's new version,
an agreement's rotation with its planned and actual dates, which company teaches which competency of a
programme (the coverage an officer checks before approving a company), and collaboration agreements printed
for signature.

Every write is one unit of work through :mod:`vetdesk.services.records` (``insert_new``, ``change_in``), so the
rules, the audit trail and the announcements are those of any record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from vetdesk.domain import training as T
from vetdesk.domain.problems import RuleViolation, error
from vetdesk.i18n import _, shown_day
from vetdesk.services import records
from vetdesk.services.changes import ChangeSet
from vetdesk.services.training_rules import RotationRow, dropped_of, rotation_of
from vetdesk.services.uow import SYSTEM, Actor, reading, unit_of_work
from vetdesk.storage.engine import Database
from vetdesk.storage.models import (
    CollaborationAgreement,
    Company,
    Competency,
    LearningAgreement,
    LearningPosition,
    PositionPeriod,
    Programme,
    RotationPlan,
    RotationStep,
    position_competencies,
)

# -- a rotation plan's new version --------------------------------------------------------------------

def new_plan_version(db: Database, plan_id: int, *, valid_from: date | None = None, actor: Actor = SYSTEM,
                     today: date | None = None) -> records.Outcome:
    """A new version of a plan, with the same positions and weeks, valid from ``valid_from`` (default today);
    the version it replaces stays as the agreements printed with it know it, valid until the day before."""
    today = today or date.today()
    start = valid_from or today
    k = records.kind("rotation_plans")
    with unit_of_work(db, _("New version of a rotation plan"), actor, permission=k.permission) as uow:
        session = uow.session
        old = session.get(RotationPlan, plan_id)
        if old is None:
            raise RuleViolation([error("id", _("There is no rotation plan with id {id}.").format(id=plan_id),
                                       "record.missing")])
        newest = session.scalar(select(RotationPlan.plan_version).where(
            RotationPlan.company_id == old.company_id, RotationPlan.programme_id == old.programme_id,
            RotationPlan.name == old.name).order_by(RotationPlan.plan_version.desc()).limit(1)) or old.plan_version
        if old.valid_from is not None and start <= old.valid_from:
            raise RuleViolation([error("valid_from", _(
                "The new version must start after the one it replaces, which is valid from {date}. Give a later "
                "date.").format(date=shown_day(old.valid_from)), "plan.version_start")])
        values = {"company_id": old.company_id, "programme_id": old.programme_id, "name": old.name,
                  "plan_version": newest + 1, "valid_from": start, "valid_until": None, "previous_id": old.id,
                  "steps": old.steps}
        (record,) = records.insert_new(uow, k, [values])
        if old.valid_until is None or old.valid_until >= start:
            records.apply_change(uow, k, old, {"valid_until": start - timedelta(days=1)}, today=today)
        outcome = records.Outcome(record["id"], record)
    outcome.changes = uow.changes
    return outcome


# -- an agreement's rotation ------------------------------------------------------------------------

@dataclass(frozen=True)
class RotationLine:
    """One position of an agreement's rotation, with the id of its actual period when one is recorded."""

    row: RotationRow
    period_id: int | None

    def as_dict(self) -> dict[str, Any]:
        r = self.row
        return {"sequence": r.sequence, "position_id": r.position_id, "position": r.name,
                "department": r.department, "weeks": r.weeks, "planned_start": r.planned_start,
                "planned_end": r.planned_end, "actual_start": r.actual_start, "actual_end": r.actual_end,
                "period_id": self.period_id, "in_plan": r.in_plan}


def position_instructors(db: Database, position_ids: Sequence[int], *, actor: Actor = SYSTEM) -> dict[int, str]:
    """The name of the instructor responsible for each learning position (a position without one: left out)."""
    positions = records.get_many(db, "positions", sorted(set(position_ids)), actor=actor)
    names = records.display_names(db, "instructors", sorted({p["instructor_id"] for p in positions.values()
                                                              if p.get("instructor_id")}), actor=actor)
    return {pid: names[p["instructor_id"]] for pid, p in positions.items() if p.get("instructor_id") in names}


def dropped_name(position: str) -> str:
    """A position the plan no longer lists, as the agreement's rotation and progress name it."""
    return _("{position} (no longer in the plan)").format(position=position)


def agreement_rotation(db: Database, agreement_id: int, *, actor: Actor = SYSTEM, with_dropped: bool = False
                       ) -> list[RotationLine]:
    """The agreement's rotation plan, each position with its planned and actual dates; ``with_dropped``: then
    the time recorded at positions the plan no longer lists (a new version dropped them), marked
    ``in_plan=False`` (what the agreement's view and ``vetdesk rotation`` show; the rating grid offers only the
    plan's positions)."""
    records.get(db, "agreements", agreement_id, actor=actor)  # the same right as reading the agreement
    with reading(db) as session:
        agreement = session.get(LearningAgreement, agreement_id)
        assert agreement is not None  # read just above
        rows = rotation_of(agreement)
        found = session.execute(select(PositionPeriod.id, PositionPeriod.position_id, PositionPeriod.actual_start,
                                       PositionPeriod.actual_end)
                                .where(PositionPeriod.agreement_id == agreement_id)
                                .order_by(PositionPeriod.id)).all()
        # Each step's own period (a position the plan returns to has one per stay): the latest of its stay.
        steps = T.step_of_periods([r.position_id for r in rows],
                                  [(p.position_id, p.actual_start, p.actual_end) for p in found])
        periods = {index: p.id for p, index in sorted(zip(found, steps, strict=True),
                                                      key=lambda pair: pair[0].actual_start or date.min)
                   if index is not None}
        out = [RotationLine(r, periods.get(r.sequence - 1)) for r in rows]
        if with_dropped:
            latest = {p.position_id: p.id for p in sorted(found, key=lambda p: p.actual_start or date.min)}
            out += [RotationLine(r, latest.get(r.position_id)) for r in dropped_of(agreement)]
        return out


def rotation_notices(db: Database, agreement_id: int, *, actor: Actor = SYSTEM) -> list[str]:
    """What the rotation page says under an agreement's rotation: it runs past the agreement's end, or now
    ends well before it (a position left early), with what to do."""
    from vetdesk.services.training_rules import rotation_end_problems

    records.get(db, "agreements", agreement_id, actor=actor)  # the same right as reading the agreement
    with reading(db) as session:
        agreement = session.get(LearningAgreement, agreement_id)
        assert agreement is not None  # read just above
        return [p.message for p in rotation_end_problems(session, agreement)]


# -- competencies as a position's checklist names them -------------------------------------------------

def competency_choices(db: Database, *, actor: Actor = SYSTEM) -> list[tuple[str, int]]:
    """Every competency a learning position may teach, as (label, id), programme by programme in the
    catalogue's order, each labelled with its programme: two programmes' "M1 Mantener" are told apart."""
    ids = records.list_ids(db, "competencies", actor=actor)
    if not ids:
        return []
    with reading(db, actor) as session:
        rows = session.execute(
            select(Competency.id, Competency.code, Competency.title, Programme.code.label("programme_code"),
                   Programme.name.label("programme"))
            .join(Programme, Programme.id == Competency.programme_id).where(Competency.id.in_(ids))
            .order_by(Programme.name, Programme.id, Competency.position, Competency.id)).all()
    return [(competency_label(r.code, r.title, r.programme_code, r.programme), int(r.id)) for r in rows]


def competency_label(code: str, title: str, programme_code: str, programme: str) -> str:
    """A competency named with its programme ("M1 Mantener — MECA Mecatrónica")."""
    return _("{competency} — {programme}").format(
        competency=f"{code} {T.catalogue_words(title)}".strip(),
        programme=f"{programme_code} {programme}".strip() if programme_code != programme else programme)


# -- coverage ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CoveragePlan:
    """A company's current plan for the programme (a column of the coverage grid)."""

    plan_id: int
    company_id: int
    company: str
    name: str
    version: int


@dataclass(frozen=True)
class CoverageRow:
    """One competency of the programme: where each company's plan teaches it (position names by plan id)."""

    competency_id: int
    code: str
    title: str
    area: str
    kind: str
    taught_at: dict[int, tuple[str, ...]]

    def gap(self, plans: Sequence[CoveragePlan]) -> list[CoveragePlan]:
        return [p for p in plans if not self.taught_at.get(p.plan_id)]


@dataclass(frozen=True)
class Coverage:
    programme_id: int
    programme: str
    plans: tuple[CoveragePlan, ...]
    rows: tuple[CoverageRow, ...]

    def missing(self, plan_id: int) -> list[CoverageRow]:
        """The competencies a plan does not teach."""
        return [r for r in self.rows if not r.taught_at.get(plan_id)]


def current_plans(session: Any, programme_id: int, on: date) -> list[RotationPlan]:
    """Each company's plan for the programme as it stands on ``on``: of each plan (company and name), the newest
    version valid then (or, when none is yet, the newest)."""
    plans = list(session.scalars(select(RotationPlan).where(RotationPlan.programme_id == programme_id)
                                 .order_by(RotationPlan.company_id, RotationPlan.name,
                                           RotationPlan.plan_version.desc())))
    chosen: dict[tuple[int, str], RotationPlan] = {}
    for plan in plans:
        key = (plan.company_id, plan.name)
        valid = (plan.valid_from is None or plan.valid_from <= on) and (plan.valid_until is None
                                                                        or on <= plan.valid_until)
        if key not in chosen or (valid and not _valid(chosen[key], on)):
            chosen[key] = plan
    return list(chosen.values())


def _valid(plan: RotationPlan, on: date) -> bool:
    return (plan.valid_from is None or plan.valid_from <= on) and (plan.valid_until is None or on <= plan.valid_until)


def coverage(db: Database, programme_id: int, *, today: date | None = None) -> Coverage:
    """For a programme: which competencies each company's current plan teaches, and at which positions."""
    today = today or date.today()
    records.get(db, "programmes", programme_id)  # refused like reading the programme
    with reading(db) as session:
        programme = session.get(Programme, programme_id)
        assert programme is not None
        plans = current_plans(session, programme_id, today)
        # An instructor sees their own company's plans only: the plans' scope, as listing them applies it.
        readable = records.get_many(db, "rotation_plans", [p.id for p in plans]) if plans else {}
        plans = [p for p in plans if p.id in readable]
        names = dict(session.execute(select(Company.id, Company.name)
                                     .where(Company.id.in_({p.company_id for p in plans}))).all())
        plans.sort(key=lambda p: (names.get(p.company_id, ""), p.name))
        columns = tuple(CoveragePlan(p.id, p.company_id, names.get(p.company_id, ""), p.name, p.plan_version)
                        for p in plans)
        taught: dict[tuple[int, int], list[str]] = {}
        for plan_id, competency_id, position in session.execute(
                select(RotationStep.plan_id, position_competencies.c.competency_id, LearningPosition.name)
                .join(LearningPosition, LearningPosition.id == RotationStep.position_id)
                .join(position_competencies, position_competencies.c.position_id == RotationStep.position_id)
                .where(RotationStep.plan_id.in_([p.id for p in plans]))
                .order_by(RotationStep.plan_id, RotationStep.sequence)):
            taught.setdefault((competency_id, plan_id), []).append(position)
        rows = tuple(
            CoverageRow(c.id, c.code, T.catalogue_words(c.title), T.catalogue_words(c.area), c.kind,
                        {p.plan_id: tuple(taught.get((c.id, p.plan_id), ())) for p in columns})
            for c in session.scalars(select(Competency).where(Competency.programme_id == programme_id,
                                                              Competency.retired_on.is_(None))
                                     .order_by(Competency.position, Competency.id)))
        return Coverage(programme_id, programme.name, columns, rows)


def coverage_table(cov: Coverage) -> tuple[list[str], list[list[Any]]]:
    """The coverage grid as a spreadsheet's headers and rows: a competency per row, a company's plan per column,
    the positions teaching it in each cell (empty: a gap)."""
    headers = [_("Competency code"), _("Competency"), _("Competency area")]
    headers += [_("{company}: {plan} (version {version})").format(company=p.company, plan=p.name,
                                                                  version=p.version) for p in cov.plans]
    headers.append(_("Plans that do not teach it"))
    rows = []
    for r in cov.rows:
        cells: list[Any] = [r.code, r.title, r.area]
        cells += [", ".join(r.taught_at.get(p.plan_id, ())) for p in cov.plans]
        cells.append(len(r.gap(cov.plans)))
        rows.append(cells)
    return headers, rows


def export_coverage(db: Database, programme_id: int, path: str | Path, *, today: date | None = None) -> int:
    """Write the coverage grid to an XLSX or CSV file; returns the number of competencies."""
    from vetdesk.services.exporting import export_rows

    cov = coverage(db, programme_id, today=today)
    headers, rows = coverage_table(cov)
    export_rows(path, headers, rows, sheet_title=_("Coverage"))
    return len(rows)


# -- collaboration agreements ------------------------------------------------------------------------

def print_collaborations_for_signature(db: Database, ids: Sequence[int], *, actor: Actor = SYSTEM,
                                       today: date | None = None, language: str | None = None) -> ChangeSet:
    """The collaboration agreements' documents went out for signature: drafts among them become "printed",
    through the same rules and audit as any status change, in one unit of work. Every printing is recorded in
    the collaboration agreement's history (action "print": the day, the language and the text's version), a
    reprint too, as a learning agreement's is (``records.print_for_signature``)."""
    from vetdesk.services import clauses
    from vetdesk.storage.plain import SessionReads

    k = records.kind("collaborations")
    today = today or date.today()
    label = _(k.status_labels[T.CollaborationStatus.PRINTED.value])
    with unit_of_work(db, label, actor, permission="print") as uow:
        for record_id in ids:
            obj = uow.session.get(CollaborationAgreement, record_id)
            if obj is None:
                continue
            if obj.status == T.CollaborationStatus.DRAFT:
                records.change_in(uow, k, record_id, {"status": T.CollaborationStatus.PRINTED.value},
                                  accept_warnings=True, today=today)
            if obj.status not in (T.CollaborationStatus.DRAFT, T.CollaborationStatus.PRINTED):
                uow.label = _("Print a copy of the signed collaboration agreement")  # not one to sign
            # the version of the office's clauses printed (the one kept when it went out for signature)
            text = clauses.kept_or_current(SessionReads(uow.session), "collaboration",
                                           clauses.language_of(language or "es"), obj.printed_clauses)
            uow.audit(kind=k.name, record_id=record_id, action="print",
                      after={"printed_on": today, "language": language or "es", "text_version": text.label})
            uow.label = label
    return uow.changes
