"""Recording assessments, recognitions of prior learning and feedback notes; the apprentice's timeline.

The rules of an assessment (active agreement, competency of the programme, date inside the agreement,
level on the scale) live in :mod:`vetdesk.services.records` (``_check_assessment``); these use cases
resolve what people type (a competency code, a role word) and call them, so a rule is never repeated.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from sqlalchemy import select

from vetdesk.domain import bounds, normalize, scales
from vetdesk.domain import progress as P
from vetdesk.domain.problems import Problem, RuleViolation, error, errors
from vetdesk.domain.training import catalogue_words
from vetdesk.i18n import _, shown_day
from vetdesk.services import fields as F
from vetdesk.services import records
from vetdesk.services.training_rules import position_competencies_in, position_in_plan
from vetdesk.services.uow import SYSTEM, Actor, UnitOfWork, acting, own_name, reading, unit_of_work, utcnow
from vetdesk.storage.engine import Database
from vetdesk.storage.models import (
    Assessment,
    Competency,
    FeedbackNote,
    LearningAgreement,
    LearningPosition,
    Programme,
)

ROLES = ("instructor", "tutor", "self")
ROLE_LABELS = dict(F.RATER_ROLE_CHOICES)
EVIDENCE_KINDS = ("product", "process", "account")
FEEDBACK_ROLES = ("instructor", "tutor", "self", "officer")

_ROLE_WORDS = {"instructor": "instructor", "formador": "instructor", "tutor": "tutor", "teacher": "tutor",
               "docente": "tutor", "self": "self", "auto": "self", "autoevaluacion": "self",
               "self-assessment": "self"}


def _role(value: str | None) -> str:
    word = (value or "instructor").strip().lower()
    role = _ROLE_WORDS.get(word)
    if role is None:
        raise RuleViolation([error("rater_role", _(
            "{value} is not a rater's role; use instructor, tutor or self.").format(value=value),
            "assessment.role")])
    return role


def _evidence(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    return value.strip().lower()  # records' assessment rule refuses anything but the known kinds


def _agreement_or_refuse(session: Any, agreement_id: int) -> LearningAgreement:
    agreement = session.get(LearningAgreement, agreement_id)
    if agreement is None:
        raise RuleViolation([error("agreement_id", _(
            "There is no learning agreement with id {id}. Check the number (vetdesk list agreements).")
            .format(id=agreement_id), "ref.missing")])
    return agreement


def resolve_competency(db: Database, *, agreement_id: int, competency_code: str) -> int:
    """The id of the competency ``competency_code`` in the agreement's programme (case-insensitive)."""
    code = competency_code.strip()
    with reading(db) as session:
        agreement = _agreement_or_refuse(session, agreement_id)
        found = session.execute(select(Competency.id, Competency.code)
                                .where(Competency.programme_id == agreement.programme_id)).all()
        for cid, c in found:
            if c == code:
                return int(cid)
        for cid, c in found:
            if c.lower() == code.lower():
                return int(cid)
        known = ", ".join(c for _i, c in found[:12]) + (" …" if len(found) > 12 else "")
        raise RuleViolation([error("competency_code", _(
            "Competency {code} is not part of the agreement's programme. Use one of its codes: {known} "
            "(vetdesk show programmes {programme}).").format(code=code, known=known or _("none yet"),
                                                             programme=agreement.programme_id),
            "assessment.programme")])


def record_assessment(db: Database, *, agreement_id: int, competency_code: str, level: int | str | None,
                      role: str | None = "instructor", on: date | None = None, comment: str | None = None,
                      evidence: str | None = None, rater: str | None = None, position_id: int | None = None,
                      actor: Actor = SYSTEM, today: date | None = None) -> records.Outcome:
    """Record one rating; refused (nothing written) by the assessment rules of :mod:`records`."""
    today = today or date.today()
    competency_id = resolve_competency(db, agreement_id=agreement_id, competency_code=competency_code)
    role_value = _role(role)
    day = on or today
    with reading(db, actor) as session:
        agreement = _agreement_or_refuse(session, agreement_id)
        rater_name = rater_of(session, acting(db, actor), agreement, role_value, rater)
        if position_id is None and agreement.rotation_plan_id is not None \
                and agreement.start_date <= day <= agreement.end_date:  # outside: the date's own rule says so
            position_id = _position_on(agreement, day)
    values = {"agreement_id": agreement_id, "competency_id": competency_id, "position_id": position_id,
              "assessed_on": day, "rater_name": rater_name, "rater_role": role_value,
              "level": level, "evidence_kind": _evidence(evidence), "recognised": False, "comment": comment}
    return records.create(db, "assessments", values, actor=actor, accept_warnings=True, today=today)


def rater_of(session: Any, actor: Actor, agreement: LearningAgreement, role: str, given: str | None) -> str | None:
    """The rater written on a rating recorded without a grid (the command line): an instructor rates in their
    own name; an office user names the rater, or else it is the person the agreement names for the role (its
    instructor, its academic tutor, the apprentice rating themselves) — as the rating grid proposes — and only
    without one the signed-in user, never the computer's login."""
    if actor.role == "instructor" or (given or "").strip():
        return own_name(actor, (given or "").strip() or None, session)
    if role == "instructor" and agreement.instructor is not None:
        return str(agreement.instructor.name)
    if role == "tutor" and agreement.tutor is not None:
        return str(agreement.tutor.name)
    if role == "self":
        a = agreement.apprentice
        return normalize.full_name(a.given_names, a.first_surname, a.second_surname)
    name = actor.username or ""
    if not name or name.startswith("local:"):
        return None
    from vetdesk.storage.models import User

    return str(session.scalar(select(User.full_name).where(User.username == name)) or name)


def _position_on(agreement: LearningAgreement, day: date) -> int:
    """The learning position a rating of ``day`` counts for: where the rotation has the apprentice that day;
    refused, naming the dates the rotation covers, when it has them nowhere."""
    from vetdesk.domain.training import expected_end, expected_start, position_on
    from vetdesk.services.training_rules import rotation_of

    steps = rotation_of(agreement)
    step = position_on(steps, day)
    if step is None:
        span = (_(" (it runs from {start} to {end})").format(start=shown_day(expected_start(steps[0])),
                                                             end=shown_day(expected_end(steps[-1])))
                if steps else "")
        raise RuleViolation([error("position_id", _(
            "The rotation does not place the apprentice at a learning position on {date}{span}. Name the learning "
            "position where the competency was assessed.").format(date=shown_day(day), span=span),
            "assessment.no_position")])
    return step.position_id


def recognise_prior_learning(db: Database, *, agreement_id: int, competency_code: str, on: date,
                             evidence: str, rater: str | None = None, actor: Actor = SYSTEM,
                             today: date | None = None) -> records.Outcome:
    """Mark a competency reached by prior learning: no level, but the evidence and the date."""
    if not (evidence or "").strip():
        raise RuleViolation([error("evidence", _(
            "Say what proves the prior learning (e.g. a CONOCER certificate and its date)."),
            "recognition.evidence")])
    competency_id = resolve_competency(db, agreement_id=agreement_id, competency_code=competency_code)
    with reading(db, actor) as session:
        rater_name = rater_of(session, acting(db, actor), _agreement_or_refuse(session, agreement_id),
                              "instructor", rater)
    values = {"agreement_id": agreement_id, "competency_id": competency_id, "assessed_on": on,
              "rater_name": rater_name, "rater_role": "instructor", "level": None,
              "recognised": True, "comment": evidence}
    return records.create(db, "assessments", values, actor=actor, accept_warnings=True, today=today)


# -- keying in a paper form ------------------------------------------------------------------------------

_FORM_PREFIX = "vetdesk:form:"


def find_form(db: Database, text: str) -> tuple[int, int]:
    """The agreement and learning position of a printed assessment form, from its scanned QR text
    (``vetdesk:form:CA-2026-000123:45``) or its typed reference (``CA-2026-000123 45``)."""
    value = (text or "").strip()
    if value.lower().startswith(_FORM_PREFIX):
        value = value[len(_FORM_PREFIX):]
    parts = re.split(r"[\s:/]+", value.strip())
    if len(parts) != 2 or not parts[1].isdigit():
        raise RuleViolation([error("reference", _(
            "{text} is not an assessment form's reference. Type the agreement reference and the position "
            "number printed under the QR code, e.g. CA-2026-000123 45, or scan the code.").format(text=text),
            "form.reference")])
    reference, position_id = parts[0].upper(), int(parts[1])
    with reading(db) as session:
        row = session.execute(select(LearningAgreement.id, LearningAgreement.rotation_plan_id)
                              .where(LearningAgreement.reference == reference)).first()
        if row is None:
            raise RuleViolation([error("reference", _("There is no learning agreement with reference {ref}.")
                                       .format(ref=reference), "form.agreement")])
        if row.rotation_plan_id is None or not position_in_plan(session, row.rotation_plan_id, position_id):
            raise RuleViolation([error("reference", _(
                "Position {position} is not part of the rotation plan of agreement {ref}. Check the number on "
                "the form.").format(position=position_id, ref=reference), "form.position")])
        return int(row.id), position_id


# -- the grid of one learning position ---------------------------------------------------------------

@dataclass(frozen=True)
class GridRow:
    """One competency of the position, with its latest rating (if any)."""

    competency_id: int
    code: str
    title: str
    area: str
    latest_level: int | None
    latest_on: date | None
    recognised: bool
    #: Who gave the latest rating, by role (instructor, tutor, self); None before any.
    latest_role: str | None = None


@dataclass(frozen=True)
class PositionGrid:
    agreement_id: int
    position_id: int
    position_name: str
    apprentice_name: str
    scale: dict[str, Any]
    rows: tuple[GridRow, ...]
    #: Who may have rated, by role, as the agreement names them (the instructor, the academic tutor, the
    #: apprentice rating themselves): a paper grid keyed in by the office names its rater by name, not the
    #: office user's login.
    raters: Mapping[str, str] = field(default_factory=dict)

    def allowed(self) -> list[int]:
        return scales.allowed_values(self.scale)


def position_grid(db: Database, *, agreement_id: int, position_id: int) -> PositionGrid:
    """What the rating grid shows: the position's competencies (all of the programme's if none are mapped)."""
    with reading(db) as session:
        agreement = _agreement_or_refuse(session, agreement_id)
        position = session.get(LearningPosition, position_id)
        if position is None:
            raise RuleViolation([error("position_id", _("There is no learning position with id {id}.")
                                       .format(id=position_id), "ref.missing")])
        competencies = position_competencies_in(session, agreement.programme_id, position_id)
        wanted = [c.id for c in competencies]
        stmt_r = select(Assessment.id, Assessment.competency_id, Assessment.assessed_on, Assessment.level,
                        Assessment.recognised, Assessment.rater_role).where(
            Assessment.agreement_id == agreement_id, Assessment.competency_id.in_(wanted))
        ratings = [P.Rating(r.id, r.competency_id, r.assessed_on, r.level, bool(r.recognised),
                            r.rater_role or "instructor") for r in session.execute(stmt_r)]
        latest = P.latest_ratings(ratings)
        rows = []
        for c in competencies:
            r = latest.get(c.id)
            rows.append(GridRow(c.id, c.code, catalogue_words(c.title), catalogue_words(c.area),
                                r.level if r else None, r.on if r else None, bool(r and r.recognised),
                                r.role if r else None))
        a = agreement.apprentice
        name = normalize.full_name(a.given_names, a.first_surname, a.second_surname)
        raters = {role: who for role, who in (
            ("instructor", agreement.instructor.name if agreement.instructor is not None else ""),
            ("tutor", agreement.tutor.name if agreement.tutor is not None else ""), ("self", name)) if who}
        return PositionGrid(agreement_id, position_id, position.name, name, dict(agreement.programme.scale),
                            tuple(rows), raters)


def rate_position(db: Database, *, agreement_id: int, position_id: int, ratings: Mapping[int, int | None],
                  on: date | None = None, rater: str | None = None, role: str | None = "instructor",
                  evidence: str | None = None, actor: Actor = SYSTEM, today: date | None = None) -> list[int]:
    """Rate several competencies of one learning position in one unit of work: all land or none.

    ``ratings`` maps competency id to level; empty cells (``None``) are skipped. Every rating is checked
    first by the assessment rules; one refusal refuses the whole grid and names the competency.
    """
    today = today or date.today()
    with unit_of_work(db, _("Rate a learning position"), actor, permission="assess") as uow:
        return rate_position_in(uow, agreement_id=agreement_id, position_id=position_id, ratings=ratings,
                                on=on or today, rater=rater, role=role, evidence=evidence, today=today)


def rate_position_in(uow: UnitOfWork, *, agreement_id: int, position_id: int | None,
                     ratings: Mapping[int, int | None],
                     on: date, rater: str | None = None, role: str | None = "instructor",
                     evidence: str | None = None, today: date, rater_name: str | None = None,
                     comments: Mapping[int, str] | None = None) -> list[int]:
    """:func:`rate_position` in the caller's unit of work (the exchange workbook's ratings land with its weeks),
    audited as ``uow``'s actor; refused (RuleViolation, nothing written) as it is. ``rater_name``: the name the
    core itself writes as the rater (an instructor without an account, named by the exchange file), never what
    a user typed. ``comments``: a comment to keep with a competency's rating."""
    role_value = _role(role)
    evidence_value = _evidence(evidence)
    kind = records.KINDS["assessments"]
    session = uow.session
    records.require_own_agreement(session, uow.actor, agreement_id)
    _agreement_or_refuse(session, agreement_id)
    position = session.get(LearningPosition, position_id) if position_id is not None else None
    problems: list[Problem] = []
    if position is None and position_id is not None:  # None: an agreement without a rotation plan
        problems.append(error("position_id", _("There is no learning position with id {id}.")
                              .format(id=position_id), "ref.missing"))
    filled = {int(cid): level for cid, level in ratings.items() if level is not None and level != ""}
    if not filled and not problems:
        problems.append(error("level", _("Enter at least one level before saving."), "grid.empty"))
    codes = dict(session.execute(select(Competency.id, Competency.code)
                                 .where(Competency.id.in_(list(filled)))).all())
    prepared: list[dict[str, Any]] = []
    for cid, level in filled.items():
        raw = {"agreement_id": agreement_id, "competency_id": cid, "position_id": position_id,
               "assessed_on": on, "rater_name": rater_name or own_name(uow.actor, rater, session),
               "rater_role": role_value, "level": level, "evidence_kind": evidence_value, "recognised": False}
        if (comments or {}).get(cid):
            raw["comment"] = (comments or {})[cid]
        # The same checks as records.create, inside this transaction.
        merged, found = records.problems_for(session, "assessments", raw, today=today)
        code = codes.get(cid, str(cid))
        problems += [Problem(p.field, f"{code}: {p.message}", p.severity, p.code) for p in errors(found)]
        prepared.append(merged)
    if errors(problems):
        raise RuleViolation(_unique(problems))
    ids = []
    for merged in prepared:
        obj = Assessment(**{n: v for n, v in merged.items() if n != "id"})
        obj.created_at = utcnow()
        session.add(obj)
        session.flush()
        uow.audit(kind="assessments", record_id=obj.id, action="create", after=records.to_dict(kind, obj))
        ids.append(obj.id)
    return ids


def _unique(problems: list[Problem]) -> list[Problem]:
    # The agreement-wide refusals (inactive, date) would repeat once per competency: say them once.
    seen: set[tuple[str, str]] = set()
    out = []
    for p in problems:
        once = p.code in ("assessment.inactive", "assessment.date")
        key = (p.field, p.code) if once else (p.field, p.message)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


# -- feedback and the timeline ---------------------------------------------------------------------

def add_feedback(db: Database, *, agreement_id: int, text: str, on: date | None = None,
                 author: str | None = None, role: str = "instructor", actor: Actor = SYSTEM,
                 today: date | None = None) -> int:
    """A feedback note guides learning; it is kept apart from assessments (which prove a competence)."""
    today = today or date.today()
    on = on or today
    with unit_of_work(db, _("Add feedback"), actor, permission="assess") as uow:
        agreement = _agreement_or_refuse(uow.session, agreement_id)
        records.require_own_agreement(uow.session, uow.actor, agreement_id)
        problems = []
        if not (text or "").strip():
            problems.append(error("text", _("Write the feedback itself."), "feedback.text"))
        else:
            problem = bounds.text_problem("text", _("Feedback"), text.strip(), max_length=bounds.LONG_TEXT,
                                          multiline=True)
            if problem is not None:
                problems.append(problem)
        if author is not None:
            problem = bounds.text_problem("author", _("Author"), author, max_length=200)
            if problem is not None:
                problems.append(problem)
        if role not in FEEDBACK_ROLES:
            problems.append(error("author_role", _(
                "The author's role must be instructor, tutor, self or officer."), "feedback.role"))
        if not agreement.start_date <= on <= min(agreement.end_date, today):
            problems.append(error("written_on", _(
                "The date {date} lies outside the agreement ({start} to {end}) or in the future.").format(
                date=shown_day(on), start=shown_day(agreement.start_date),
                end=shown_day(agreement.end_date)),
                "feedback.date"))
        if problems:
            raise RuleViolation(problems)
        (note_id,) = write_feedback_notes(uow, [{
            "agreement_id": agreement_id, "written_on": on, "author": own_name(uow.actor, author, uow.session),
            "author_role": role, "text": text.strip()}])
        return note_id


#: A feedback note's values, as written and as its audit entry keeps them.
FEEDBACK_COLUMNS = ("agreement_id", "written_on", "author", "author_role", "text")


def write_feedback_notes(uow: UnitOfWork, notes: Sequence[Mapping[str, Any]], *,
                         ids: Sequence[int] | None = None) -> list[int]:
    """Write checked feedback notes, each with its audit entry, in the caller's unit of work; return their ids.
    The one way a note is written: a person's (:func:`add_feedback`) or the demonstration's thousands (``ids``:
    the ids they take, made before writing)."""
    from sqlalchemy import Table, insert

    rows = [{name: note.get(name) for name in FEEDBACK_COLUMNS} for note in notes]
    if not rows:
        return []
    if ids is not None:  # numbered already: no need to ask the ids back (SQLite: a statement per row)
        written = list(ids)
        for row, note_id in zip(rows, written, strict=True):
            row["id"] = note_id
        uow.session.execute(insert(cast(Table, FeedbackNote.__table__)), rows)
    else:
        written = list(uow.session.scalars(
            insert(FeedbackNote).returning(FeedbackNote.id, sort_by_parameter_order=True), rows).all())
    uow.audit_many("feedback", "create", [(note_id, {n: row[n] for n in FEEDBACK_COLUMNS})
                                          for note_id, row in zip(written, rows, strict=True)])
    return written


@dataclass(frozen=True)
class FeedbackItem:
    id: int
    agreement_id: int
    on: date
    author: str | None
    role: str
    text: str


def list_feedback(db: Database, agreement_id: int) -> list[FeedbackItem]:
    with reading(db) as session:
        return [FeedbackItem(n.id, n.agreement_id, n.written_on, n.author, n.author_role, n.text)
                for n in session.scalars(select(FeedbackNote).where(FeedbackNote.agreement_id == agreement_id)
                                         .order_by(FeedbackNote.written_on, FeedbackNote.id))]


@dataclass(frozen=True)
class TimelineEntry:
    """One event on the apprentice's timeline: an assessment, a recognition or a feedback note."""

    on: date
    kind: str  # assessment, recognition, feedback
    record_id: int
    agreement_id: int
    who: str | None
    role: str
    summary: str

    def as_dict(self) -> dict[str, Any]:
        return {"date": self.on.isoformat(), "kind": self.kind, "id": self.record_id,
                "agreement_id": self.agreement_id, "who": self.who, "role": self.role,
                "summary": self.summary}


def timeline(db: Database, apprentice_id: int) -> list[TimelineEntry]:
    """Assessments and feedback of all the apprentice's agreements, oldest first."""
    entries: list[TimelineEntry] = []
    with reading(db) as session:
        agreements = dict(session.execute(
            select(LearningAgreement.id, LearningAgreement.programme_id)
            .where(LearningAgreement.apprentice_id == apprentice_id)).all())
        if not agreements:
            return []
        scale_of = {pid: dict(s) for pid, s in session.execute(
            select(Programme.id, Programme.scale).where(Programme.id.in_(set(agreements.values()))))}
        for row in session.execute(
                select(Assessment.id, Assessment.agreement_id, Assessment.assessed_on, Assessment.rater_name,
                       Assessment.rater_role, Assessment.level, Assessment.recognised, Assessment.comment,
                       Competency.code, Competency.title)
                .join(Competency, Competency.id == Assessment.competency_id)
                .where(Assessment.agreement_id.in_(list(agreements)))):
            if row.recognised:
                summary = _("{code} {title}: recognised prior learning ({evidence})").format(
                    code=row.code, title=row.title, evidence=row.comment or "")
            else:
                scale = scale_of[agreements[row.agreement_id]]
                summary = f"{row.code} {row.title}: {scales.level_label(scale, int(row.level))}" \
                    if row.level is not None else f"{row.code} {row.title}"
                if row.comment:
                    summary += f" — {row.comment}"
            entries.append(TimelineEntry(row.assessed_on, "recognition" if row.recognised else "assessment",
                                         row.id, row.agreement_id, row.rater_name, row.rater_role, summary))
        for n in session.scalars(select(FeedbackNote).where(FeedbackNote.agreement_id.in_(list(agreements)))):
            entries.append(TimelineEntry(n.written_on, "feedback", n.id, n.agreement_id, n.author,
                                         n.author_role, n.text))
    order = {"assessment": 0, "recognition": 0, "feedback": 1}
    entries.sort(key=lambda e: (e.on, order[e.kind], e.record_id))
    return entries
