"""Progress of apprentices: what they have reached, how the rotation goes, and the flags an officer sees.

Everything here gathers plain data in a few batched queries (per chunk of agreements: the agreements,
their programmes' catalogues, the latest two ratings per competency through a window function, the
position periods) and hands it to :mod:`vetdesk.domain.progress`. The progress command, the matrix and
its XLSX export, and ``vetdesk check`` all go through :func:`gather` — one place computes the figures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from vetdesk.domain import lifecycle, normalize, scales
from vetdesk.domain import progress as P
from vetdesk.domain import training as T
from vetdesk.domain.problems import Problem, RuleViolation, error
from vetdesk.i18n import _
from vetdesk.services.exporting import write_atomically
from vetdesk.services.settings import thresholds
from vetdesk.services.training_rules import competency_in_force
from vetdesk.services.uow import reading
from vetdesk.storage.engine import Database
from vetdesk.storage.models import (
    Apprentice,
    Assessment,
    Company,
    Competency,
    LearningAgreement,
    LearningPosition,
    PositionPeriod,
    Programme,
    RotationStep,
)

#: Agreements per batch of queries (keeps IN lists well below every backend's parameter limit).
CHUNK = 500


@dataclass(frozen=True)
class AgreementProgress:
    """The progress of the apprentice on one agreement, with the flags of an active agreement."""

    agreement_id: int
    reference: str
    status: str
    start: date
    end: date
    apprentice_id: int
    apprentice_name: str
    company_id: int
    programme_id: int
    programme_code: str
    scale: dict[str, Any]
    competencies: tuple[P.CompetencyItem, ...]
    progress: P.Progress
    rotation: tuple[T.ScheduledStep, ...]
    last_assessed: date | None
    flags: tuple[Problem, ...] = field(default=())
    #: The day the figures are taken (the time spent at the position still open runs until it).
    as_of: date = field(default_factory=date.today)

    def as_dict(self) -> dict[str, Any]:
        planned, actual, days = 0, 0.0, 0
        for r in self.rotation:
            if r.actual_start is not None:
                planned += r.weeks
                actual += r.weeks_spent(self.as_of) or 0.0
                days += r.days_spent(self.as_of) or 0
        prog = self.progress
        return {
            "apprentice_id": self.apprentice_id,
            "apprentice": self.apprentice_name,
            "agreement_id": self.agreement_id,
            "reference": self.reference,
            "status": self.status,
            "start_date": self.start.isoformat(),
            "end_date": self.end.isoformat(),
            "programme_id": self.programme_id,
            "programme": self.programme_code,
            "scale": self.scale | {"reached": P.reached_levels(self.scale)},
            "overall": prog.overall.as_dict(),
            "areas": [{"area": a.area} | a.share.as_dict() for a in prog.areas],
            "socioemotional": prog.socioemotional.as_dict() if prog.socioemotional else None,
            "competencies": [self._competency(c) for c in self.competencies],
            "rotation": {"planned_weeks_so_far": planned, "actual_weeks_so_far": round(actual, 1),
                         "actual_days_so_far": days,
                         "positions": [self._position(r) for r in self.rotation]},
            "last_assessed": self.last_assessed.isoformat() if self.last_assessed else None,
            "flags": [{"code": f.code, "field": f.field, "message": f.message} for f in self.flags],
        }

    def _position(self, r: T.ScheduledStep) -> dict[str, Any]:
        return {"position_id": r.position_id, "sequence": r.sequence, "name": r.name, "planned_weeks": r.weeks,
                "actual_start": r.actual_start.isoformat() if r.actual_start else None,
                "actual_end": r.actual_end.isoformat() if r.actual_end else None,
                "actual_weeks": r.weeks_spent(self.as_of) or 0.0, "actual_days": r.days_spent(self.as_of) or 0}

    def _competency(self, c: P.CompetencyItem) -> dict[str, Any]:
        r = self.progress.latest.get(c.id)
        return {"id": c.id, "code": c.code, "area": c.area, "kind": c.kind, "title": c.title,
                "level": r.level if r else None, "recognised": bool(r and r.recognised),
                "assessed_on": r.on.isoformat() if r else None, "reached": c.id in self.progress.reached_ids}


def _chunks(ids: Sequence[int], size: int = CHUNK) -> Iterable[Sequence[int]]:
    for i in range(0, len(ids), size):
        yield ids[i:i + size]


def gather(session: Session, agreement_ids: Sequence[int], *, today: date,
           weeks_without_assessment: int | None = None) -> dict[int, AgreementProgress]:
    """Progress of many agreements in batched queries (a handful of queries per 500 agreements)."""
    weeks = weeks_without_assessment
    if weeks is None:
        weeks = thresholds(session).weeks_without_assessment
    out: dict[int, AgreementProgress] = {}
    catalogues: dict[int, tuple[str, dict[str, Any], tuple[P.CompetencyItem, ...]]] = {}
    plans: dict[int, list[T.Step]] = {}
    for chunk in _chunks(list(agreement_ids)):
        rows = session.execute(
            select(LearningAgreement.id, LearningAgreement.reference, LearningAgreement.status,
                   LearningAgreement.start_date, LearningAgreement.end_date, LearningAgreement.apprentice_id,
                   LearningAgreement.company_id, LearningAgreement.programme_id,
                   LearningAgreement.rotation_plan_id, Apprentice.given_names, Apprentice.first_surname,
                   Apprentice.second_surname)
            .join(Apprentice, Apprentice.id == LearningAgreement.apprentice_id)
            .where(LearningAgreement.id.in_(chunk))).all()
        _load_catalogues(session, {r.programme_id for r in rows} - catalogues.keys(), catalogues, today)
        _load_plans(session, {r.rotation_plan_id for r in rows if r.rotation_plan_id} - plans.keys(), plans)
        ratings = _latest_two(session, chunk)
        periods: dict[int, list[tuple[int, date | None, date | None]]] = defaultdict(list)
        for p in session.execute(select(PositionPeriod.agreement_id, PositionPeriod.position_id,
                                        PositionPeriod.actual_start, PositionPeriod.actual_end)
                                 .where(PositionPeriod.agreement_id.in_(chunk))
                                 .order_by(PositionPeriod.agreement_id, PositionPeriod.actual_start)):
            periods[p.agreement_id].append((p.position_id, p.actual_start, p.actual_end))
        for r in rows:
            code, scale, items = catalogues[r.programme_id]
            mine = ratings.get(r.id, [])
            prog = P.compute_progress(scale, items, mine)
            rotation = tuple(T.rotation(r.start_date, plans.get(r.rotation_plan_id or 0, []), periods.get(r.id, [])))
            last = max((x.on for x in mine), default=None)
            flags: list[Problem] = []
            if r.status == lifecycle.Status.ACTIVE:
                flags += _flags(r, prog, rotation, mine, items, last, today, weeks)
            out[r.id] = AgreementProgress(
                agreement_id=r.id, reference=r.reference, status=r.status, start=r.start_date, end=r.end_date,
                apprentice_id=r.apprentice_id,
                apprentice_name=normalize.full_name(r.given_names, r.first_surname, r.second_surname),
                company_id=r.company_id, programme_id=r.programme_id, programme_code=code, scale=scale,
                competencies=items, progress=prog, rotation=rotation, last_assessed=last, flags=tuple(flags),
                as_of=today)
    return out


def _load_catalogues(session: Session, programme_ids: set[int],
                     into: dict[int, tuple[str, dict[str, Any], tuple[P.CompetencyItem, ...]]], today: date) -> None:
    """The programmes' competencies in force (``training_rules.competency_in_force``), in catalogue order."""
    if not programme_ids:
        return
    items: dict[int, list[P.CompetencyItem]] = defaultdict(list)
    for c in session.execute(select(Competency.id, Competency.programme_id, Competency.code, Competency.area,
                                    Competency.kind, Competency.title)
                             .where(Competency.programme_id.in_(programme_ids), competency_in_force(today))
                             .order_by(Competency.programme_id, Competency.position, Competency.id)):
        items[c.programme_id].append(P.CompetencyItem(c.id, c.code, c.area, c.kind or P.TECHNICAL, c.title))
    for p in session.execute(select(Programme.id, Programme.code, Programme.scale)
                             .where(Programme.id.in_(programme_ids))):
        into[p.id] = (p.code, dict(p.scale or scales.FOUR_LEVELS), tuple(items.get(p.id, [])))


def _load_plans(session: Session, plan_ids: set[int],
                into: dict[int, list[T.Step]]) -> None:
    if not plan_ids:
        return
    for plan_id in plan_ids:
        into[plan_id] = []
    for step in session.execute(select(RotationStep.position_id, RotationStep.plan_id, LearningPosition.name,
                                       LearningPosition.department, RotationStep.weeks)
                                .join(LearningPosition, LearningPosition.id == RotationStep.position_id)
                                .where(RotationStep.plan_id.in_(plan_ids))
                                .order_by(RotationStep.plan_id, RotationStep.sequence)):
        into[step.plan_id].append(T.Step(step.position_id, step.weeks, step.name, step.department or ""))


def _latest_two(session: Session, agreement_ids: Sequence[int]) -> dict[int, list[P.Rating]]:
    """The latest two ratings per agreement and competency (the rest are superseded for every figure)."""
    # Proving ratings (instructor, tutor, recognition) and self-assessments are ranked apart: a self-assessment
    # never supersedes the instructor's rating (domain.progress).
    proving = or_(Assessment.recognised.is_(True), Assessment.rater_role.in_(sorted(P.PROVING_ROLES)))
    rank = func.row_number().over(
        partition_by=(Assessment.agreement_id, Assessment.competency_id, proving),
        order_by=(Assessment.assessed_on.desc(), Assessment.id.desc())).label("rank")
    inner = (select(Assessment.id, Assessment.agreement_id, Assessment.competency_id, Assessment.assessed_on,
                    Assessment.level, Assessment.recognised, Assessment.rater_role, rank)
             .where(Assessment.agreement_id.in_(agreement_ids)).subquery())
    out: dict[int, list[P.Rating]] = defaultdict(list)
    outer = select(inner.c.id, inner.c.agreement_id, inner.c.competency_id, inner.c.assessed_on,
                   inner.c.level, inner.c.recognised, inner.c.rater_role).where(inner.c.rank <= 2)
    for r in session.execute(outer):
        out[r.agreement_id].append(
            P.Rating(r.id, r.competency_id, r.assessed_on, r.level, bool(r.recognised), r.rater_role or "instructor"))
    return out


def _flags(r: Any, prog: P.Progress, rotation: tuple[T.ScheduledStep, ...], ratings: list[P.Rating],
           items: tuple[P.CompetencyItem, ...], last: date | None, today: date, weeks: int) -> list[Problem]:
    flags: list[Problem] = []
    stale = P.flag_no_recent_assessment(last_assessed=last, start=r.start_date, today=today, weeks=weeks)
    if stale is not None:
        flags.append(stale)
    flags += P.flag_overruns([P.PeriodFacts(x.position_id, x.name, x.weeks, x.actual_start,
                                            x.actual_end) for x in rotation], today)
    flags += P.flag_falling(ratings, {c.id: c.code for c in items})
    behind = P.flag_ending_behind(end=r.end_date, today=today, overall=prog.overall)
    if behind is not None:
        flags.append(behind)
    return flags


# -- what the command line, the window and ``vetdesk check`` call -------------------------------

_PREFERENCE = {lifecycle.Status.ACTIVE.value: 0, lifecycle.Status.SIGNED.value: 1,
               lifecycle.Status.PRINTED.value: 2, lifecycle.Status.COMPLETED.value: 3,
               lifecycle.Status.DRAFT.value: 4, lifecycle.Status.TERMINATED.value: 5}


def apprentice_progress(db: Database, apprentice_id: int, *, today: date | None = None) -> AgreementProgress:
    """The progress on the apprentice's current agreement (the active one, else the latest)."""
    today = today or date.today()
    with reading(db) as session:
        if session.get(Apprentice, apprentice_id) is None:
            raise RuleViolation([error("apprentice_id", _(
                "There is no apprentice with id {id}. Check the number (vetdesk list apprentices).")
                .format(id=apprentice_id), "record.missing")])
        agreements = session.execute(select(LearningAgreement.id, LearningAgreement.status,
                                            LearningAgreement.start_date)
                                     .where(LearningAgreement.apprentice_id == apprentice_id)).all()
        if not agreements:
            raise RuleViolation([error("apprentice_id", _(
                "Apprentice {id} has no learning agreement yet, so there is no progress to show.")
                .format(id=apprentice_id), "progress.no_agreement")])
        chosen = min(agreements,
                     key=lambda a: (_PREFERENCE.get(a.status, 9), -a.start_date.toordinal(), -a.id))
        return gather(session, [chosen.id], today=today)[chosen.id]


def agreement_progress(db: Database, agreement_id: int, *, today: date | None = None) -> AgreementProgress:
    with reading(db) as session:
        found = gather(session, [agreement_id], today=today or date.today())
    if agreement_id not in found:
        raise RuleViolation([error("agreement_id", _("There is no learning agreement with id {id}.")
                                   .format(id=agreement_id), "record.missing")])
    return found[agreement_id]


def progress_findings(db: Database, today: date | None = None) -> list[tuple[str, int, Problem]]:
    """The progress flags of every active agreement, for ``vetdesk check`` and the dashboard."""
    with reading(db) as session:
        return findings_in(session, today or date.today())


def findings_in(session: Session, today: date) -> list[tuple[str, int, Problem]]:
    """:func:`progress_findings` inside a caller's read session (one snapshot with its other checks)."""
    out: list[tuple[str, int, Problem]] = []
    ids = list(session.scalars(select(LearningAgreement.id)
                               .where(LearningAgreement.status == lifecycle.Status.ACTIVE.value)
                               .order_by(LearningAgreement.id)))
    weeks = thresholds(session).weeks_without_assessment
    for chunk in _chunks(ids):
        found = gather(session, chunk, today=today, weeks_without_assessment=weeks)
        for agreement_id in chunk:
            out += [("agreements", agreement_id, p) for p in found[agreement_id].flags]
    return out


# -- the matrix ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class MatrixColumn:
    competency_id: int
    programme_id: int
    code: str
    area: str
    title: str
    kind: str


@dataclass(frozen=True)
class Matrix:
    """Apprentices × competencies, each cell the latest rating; rows carry the same figures as progress."""

    title: str
    columns: tuple[MatrixColumn, ...]
    rows: tuple[AgreementProgress, ...]
    scales: dict[int, dict[str, Any]]


def progress_matrix(db: Database, *, programme_id: int | None = None, company_id: int | None = None,
                    statuses: Sequence[str] = (lifecycle.Status.ACTIVE.value,),
                    today: date | None = None) -> Matrix:
    """The matrix of a programme or of a company (its agreements in ``statuses``, active by default)."""
    if programme_id is None and company_id is None:
        raise RuleViolation([error("programme_id", _("Choose a programme or a company for the matrix."),
                                   "matrix.scope")])
    today = today or date.today()
    with reading(db) as session:
        stmt = (select(LearningAgreement.id)
                .join(Apprentice, Apprentice.id == LearningAgreement.apprentice_id)
                .where(LearningAgreement.status.in_(list(statuses)))
                .order_by(Apprentice.sort_key,
                          LearningAgreement.id))
        parts = []
        if programme_id is not None:
            programme = session.get(Programme, programme_id)
            if programme is None:
                raise RuleViolation([error("programme_id", _("There is no programme with id {id}.")
                                           .format(id=programme_id), "record.missing")])
            stmt = stmt.where(LearningAgreement.programme_id == programme_id)
            parts.append(f"{programme.code} {programme.name}")
        if company_id is not None:
            company = session.get(Company, company_id)
            if company is None:
                raise RuleViolation([error("company_id", _("There is no company with id {id}.")
                                           .format(id=company_id), "record.missing")])
            stmt = stmt.where(LearningAgreement.company_id == company_id)
            parts.append(company.name)
        ids = list(session.scalars(stmt))
        found = gather(session, ids, today=today)
        rows = tuple(found[i] for i in ids)
        programme_ids = [programme_id] if programme_id is not None else sorted({r.programme_id for r in rows})
        catalogues: dict[int, tuple[str, dict[str, Any], tuple[P.CompetencyItem, ...]]] = {}
        _load_catalogues(session, set(programme_ids), catalogues, today)
    columns = tuple(MatrixColumn(c.id, pid, c.code, T.catalogue_words(c.area), T.catalogue_words(c.title),
                                 c.kind)
                    for pid in programme_ids for c in catalogues[pid][2])
    return Matrix(" — ".join(parts), columns, rows, {pid: catalogues[pid][1] for pid in programme_ids})


# Fills: not reached from red to amber, reached from light to dark green, recognised blue.
_NOT_REACHED = ["F4B6B6", "F8CBAD", "FFE699"]
_REACHED = ["C6EFCE", "A9D08E", "70AD47"]
RECOGNISED_FILL = "9BC2E6"


def level_fill(scale: dict[str, Any], level: int | None, recognised: bool = False) -> str | None:
    """The cell colour (RGB hex) of a rating: the same in the window and in the XLSX."""
    if recognised:
        return RECOGNISED_FILL
    if level is None:
        return None
    if scale.get("kind") == "points":
        lo, hi, mark = int(scale["min"]), int(scale["max"]), int(scale["reached_from"])
        if level >= mark:
            step = (level - mark) * len(_REACHED) // max(1, hi - mark + 1)
            return _REACHED[min(step, len(_REACHED) - 1)]
        step = (level - lo) * len(_NOT_REACHED) // max(1, mark - lo)
        return _NOT_REACHED[min(step, len(_NOT_REACHED) - 1)]
    levels = [int(lv["value"]) for lv in scale["levels"]]
    reached = [v for v in levels if scales.is_reached(scale, v)]
    not_reached = [v for v in levels if v not in reached]
    if level in reached:
        i = reached.index(level)
        return _REACHED[min(len(_REACHED) - 1, i + (len(_REACHED) - len(reached) if len(reached) < 3 else 0))]
    if level in not_reached:
        i = not_reached.index(level)
        return _NOT_REACHED[min(i, len(_NOT_REACHED) - 1)]
    return None


def write_matrix(db: Database, path: str | Path, *, programme_id: int | None = None, company_id: int | None = None,
                 today: date | None = None) -> tuple[Matrix, Path]:
    """The progress matrix (:func:`progress_matrix`) written to an XLSX file: a list of apprentices with their
    agreements and progress, refused before anything is read to a user whose role may not export lists of
    records (``exporting.may_export``: a viewer)."""
    from vetdesk.services.exporting import may_export

    may_export(db)
    matrix = progress_matrix(db, programme_id=programme_id, company_id=company_id, today=today)
    return matrix, export_matrix_xlsx(matrix, path)


def export_matrix_xlsx(matrix: Matrix, path: str | Path) -> Path:
    """Write the matrix to an XLSX file (atomically: a half-written file never replaces a good one)."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = _("Progress")[:31]
    headers = [_("Apprentice ID"), _("Apprentice"), _("Agreement"), _("Programme"), _("Reached"), _("Total"),
               _("Reached (%)")]
    ws.append(headers + [c.code for c in matrix.columns])
    ws.append([""] * len(headers) + [c.area for c in matrix.columns])
    bold = Font(bold=True)
    for cell in ws[1]:
        cell.font = bold
    for i, col in enumerate(matrix.columns, start=len(headers) + 1):
        ws.cell(row=1, column=i).comment = Comment(col.title or col.code, "vetdesk")
        ws.cell(row=2, column=i).alignment = Alignment(text_rotation=90)
    fills: dict[str, PatternFill] = {}
    for row in matrix.rows:
        overall = row.progress.overall
        values: list[Any] = [row.apprentice_id, row.apprentice_name, row.reference, row.programme_code,
                             overall.reached, overall.total, overall.percent]
        cells_fill: list[str | None] = []
        for col in matrix.columns:
            mine = col.programme_id == row.programme_id
            rating = row.progress.latest.get(col.competency_id) if mine else None
            if rating is None:
                values.append(None)
                cells_fill.append(None)
            elif rating.recognised:
                values.append(_("R"))
                cells_fill.append(RECOGNISED_FILL)
            else:
                values.append(rating.level)
                cells_fill.append(level_fill(row.scale, rating.level))
        ws.append(values)
        r = ws.max_row
        for i, colour in enumerate(cells_fill, start=len(headers) + 1):
            if colour:
                fill = fills.setdefault(colour, PatternFill("solid", start_color=colour, end_color=colour))
                ws.cell(row=r, column=i).fill = fill
    ws.freeze_panes = ws.cell(row=3, column=len(headers) + 1)
    legend = wb.create_sheet(_("Legend")[:31])
    legend.append([_("Matrix"), matrix.title])
    legend.append([_("R"), _("recognised prior learning")])
    legend.cell(row=2, column=1).fill = PatternFill("solid", start_color=RECOGNISED_FILL,
                                                    end_color=RECOGNISED_FILL)
    for scale in matrix.scales.values():
        legend.append([_("Scale"), scales.describe(scale)])
        if scale.get("kind") != "points":
            for lv in scale["levels"]:
                legend.append([int(lv["value"]), scales.label_of(lv)])
                colour = level_fill(scale, int(lv["value"]))
                if colour:
                    legend.cell(row=legend.max_row, column=1).fill = PatternFill(
                        "solid", start_color=colour, end_color=colour)
    return write_atomically(path, wb.save)
