"""Creating, changing, reading and listing records of every kind, through the domain rules.

The window, the command line and the import all call these functions; each write is one unit of work
that lands whole or not at all, and a refusal (:class:`RuleViolation`) writes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Integer, Select, and_, bindparam, column, func, or_, select, text
from sqlalchemy import update as sql_update
from sqlalchemy.orm import Session

from vetdesk.domain import lifecycle, limits, normalize, rules
from vetdesk.domain import scales as scale_rules
from vetdesk.domain.problems import Problem, RuleViolation, WarningsNotAccepted, error, errors, warnings
from vetdesk.i18n import N_, _, upper_first
from vetdesk.services import fields as F
from vetdesk.services.changes import NOTHING, ChangeSet
from vetdesk.services.settings import thresholds
from vetdesk.services.uow import SYSTEM, Actor, UnitOfWork, acting, authorize, reading, unit_of_work, utcnow
from vetdesk.storage.engine import Database
from vetdesk.storage.models import (
    AcademicTutor,
    Apprentice,
    Assessment,
    AuditEntry,
    Company,
    Competency,
    Instructor,
    LearningAgreement,
    LearningPosition,
    Programme,
    RotationPlan,
    School,
)

#: (session, the record's values with the change, the record before it or None, today) -> problems.
Checker = Callable[[Session, dict[str, Any], Any, date], list[Problem]]
#: (session, [(id, the columns written)]) after new records are inserted.
AfterInsert = Callable[[Session, list[tuple[int, dict[str, Any]]]], None]
#: (session, the record before the change or None for a new one, the values given, the merged values, today).
ChangeRules = Callable[[Session, Any, dict[str, Any], dict[str, Any], date], list[Problem]]
#: (the record as changed, its values before, today): what a change does besides setting the fields.
OnChange = Callable[[Any, dict[str, Any], date], None]


@dataclass(frozen=True)
class RecordKind:
    """One kind of record as the services, the command line, the import and the window see it: its fields and
    everything that differs from one kind to another (defaults, identifying key, rules, hooks, who sees which
    rows). Adding a field to a kind touches its model, a migration, its field list and the form's; nothing
    else asks which kind it is handling."""

    name: str
    model: type[Any]
    fields: tuple[F.Field, ...]
    singular: str
    plural: str
    #: Columns folded into ``search_text`` (accent- and case-insensitive search).
    search_columns: tuple[str, ...] = ()
    order: tuple[str, ...] = ("id",)
    check: Checker | None = None
    #: Natural key fields: a second record with the same values is refused.
    unique: tuple[tuple[str, ...], ...] = ()
    #: Extra read-only keys in the JSON form, computed from the object.
    extra: Callable[[Any], dict[str, Any]] | None = None
    #: Values a new record starts from; a field with a default that is emptied goes back to it.
    defaults: Mapping[str, Any] = field(default_factory=dict)
    #: Columns a new record gets besides its fields (given the columns so far): a programme's rating scale.
    initial: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    #: Run after new records are inserted (an agreement's reference needs its id).
    after_insert: AfterInsert | None = None
    #: Rules of creating or changing a record that look at the change itself (an agreement's life cycle).
    change_rules: ChangeRules | None = None
    #: What a change does besides setting the fields (an agreement's status dates).
    on_change: OnChange | None = None
    #: The permission a write needs (``domain.permissions.Action``).
    permission: str = "write"
    #: The field that identifies a record to people and spreadsheets (CURP, RFC, CCT, code, e-mail).
    natural_key: str | None = None
    #: The rows of this kind an instructor may see, given their instructor id (None: no rows are theirs to
    #: see beyond what the role allows: the kind is not restricted).
    instructor_rows: Callable[[int], Any] | None = None
    #: A search of several folded words, when the kind's search is not its own ``search_text``
    #: (``(terms, fts) -> clause``).
    search: Callable[[list[str], bool], Any] | None = None
    #: What ``get`` adds to the record (a programme's competencies).
    details: Callable[[Any], dict[str, Any]] | None = None

    def field(self, name: str) -> F.Field | None:
        return next((f for f in self.fields if f.name == name), None)

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]


# -- checks per kind (gathering what the pure rules need) ----------------------------------------

def _check_apprentice(session: Session, values: dict[str, Any], existing: Any, today: date) -> list[Problem]:
    # Changes that break an agreement in force (guardian removed, birth date moved) are not refused here:
    # other features rely on recording them; `vetdesk check` and the agreement's next change report them.
    return rules.check_apprentice(values, today=today)


def _check_company(session: Session, values: dict[str, Any], existing: Any, today: date) -> list[Problem]:
    return rules.check_company(values)


def _check_school(session: Session, values: dict[str, Any], existing: Any, today: date) -> list[Problem]:
    return rules.check_school(values)


def _check_instructor(session: Session, values: dict[str, Any], existing: Any, today: date) -> list[Problem]:
    problems = rules.check_instructor(values, today=today)
    if existing is not None and values.get("company_id") != existing.company_id:
        # The instructor belongs to the agreement's company: moving them would break agreements in force.
        open_statuses = [lifecycle.Status.DRAFT.value, *(s.value for s in lifecycle.CURRENT)]
        ids = list(session.scalars(select(LearningAgreement.id).where(
            LearningAgreement.instructor_id == existing.id, LearningAgreement.status.in_(open_statuses))
            .order_by(LearningAgreement.id)))
        if ids:
            problems.append(error("company_id", _(
                "The instructor is named on agreements {ids} of the current company. Name another instructor "
                "on those agreements first, or record the new company's instructor as a new person.")
                .format(ids=", ".join(map(str, ids))), "instructor.company"))
    return problems


def _check_programme(session: Session, values: dict[str, Any], existing: Any, today: date) -> list[Problem]:
    return rules.check_programme(values)


def agreement_facts(session: Session, values: dict[str, Any]) -> rules.AgreementFacts:
    """Gather from the database what the agreement rules look at."""
    apprentice = session.get(Apprentice, values["apprentice_id"]) if values.get("apprentice_id") else None
    programme = session.get(Programme, values["programme_id"]) if values.get("programme_id") else None
    instructor = session.get(Instructor, values["instructor_id"]) if values.get("instructor_id") else None
    app_facts = None
    others: list[rules.OtherAgreement] = []
    if apprentice is not None:
        app_facts = rules.ApprenticeFacts(
            birth_date=apprentice.birth_date, guardian_name=apprentice.guardian_name,
            guardian_relation=apprentice.guardian_relation, guardian_phone=apprentice.guardian_phone,
            semester=apprentice.semester, school_id=apprentice.school_id)
        rows = session.execute(select(LearningAgreement.id, LearningAgreement.status, LearningAgreement.start_date,
                                      LearningAgreement.end_date)
                               .where(LearningAgreement.apprentice_id == apprentice.id)).all()
        others = [rules.OtherAgreement(*row) for row in rows]
    ins_facts = None
    if instructor is not None:
        current = session.scalar(
            select(func.count()).select_from(LearningAgreement).where(
                LearningAgreement.instructor_id == instructor.id,
                LearningAgreement.status.in_([s.value for s in lifecycle.CURRENT]),
                LearningAgreement.id != (values.get("id") or 0)))
        ins_facts = rules.InstructorFacts(company_id=instructor.company_id, qualification=instructor.qualification,
                                          capacity=instructor.capacity, current_agreements=int(current or 0))
    return rules.AgreementFacts(
        values=values, apprentice=app_facts,
        programme_months=programme.duration_months if programme else None,
        programme_min_semester=programme.min_semester if programme else None,
        programme_requires_permit=bool(programme.stps_permit_required) if programme else True,
        instructor=ins_facts, others=others, thresholds=thresholds(session))


def _check_agreement(session: Session, values: dict[str, Any], existing: Any, today: date) -> list[Problem]:
    problems = rules.check_agreement(agreement_facts(session, values))
    tutor_id, school_id = values.get("tutor_id"), values.get("school_id")
    if tutor_id and school_id:
        tutor = session.get(AcademicTutor, tutor_id)
        if tutor is not None and tutor.school_id != school_id:
            problems.append(error("tutor_id", _("The academic tutor belongs to another school. Choose a tutor "
                                                "of the agreement's school."), "tutor.school"))
    plan_id = values.get("rotation_plan_id")
    if plan_id:
        plan = session.get(RotationPlan, plan_id)
        if plan is not None and (plan.company_id != values.get("company_id")
                                 or plan.programme_id != values.get("programme_id")):
            problems.append(error("rotation_plan_id", _("The rotation plan belongs to another company or "
                                                        "programme. Choose the company's plan for this "
                                                        "programme."), "plan.mismatch"))
    return problems


def _check_assessment(session: Session, values: dict[str, Any], existing: Any, today: date) -> list[Problem]:
    problems: list[Problem] = []
    agreement = session.get(LearningAgreement, values.get("agreement_id") or 0)
    competency = session.get(Competency, values.get("competency_id") or 0)
    if agreement is None or competency is None:
        return problems
    if agreement.status != lifecycle.Status.ACTIVE:
        problems.append(error("agreement_id", _("Agreement {id} is {status}; assessments are recorded only on "
                                                "an active agreement.").format(id=agreement.id,
                                                                               status=agreement.status),
                              "assessment.inactive"))
    if competency.programme_id != agreement.programme_id:
        problems.append(error("competency_id", _("Competency {code} is not part of the agreement's programme. "
                                                 "Choose one of the programme's competencies.")
                              .format(code=competency.code), "assessment.programme"))
    on = values.get("assessed_on")
    if isinstance(on, date) and not agreement.start_date <= on <= min(agreement.end_date, today):
        problems.append(error("assessed_on", _("The date {date} lies outside the agreement ({start} to {end}) or "
                                               "in the future.").format(date=on.isoformat(),
                                                                        start=agreement.start_date.isoformat(),
                                                                        end=agreement.end_date.isoformat()),
                              "assessment.date"))
    role = values.get("rater_role") or "instructor"
    if role not in ("instructor", "tutor", "self"):
        problems.append(error("rater_role", _("The rater's role must be instructor, tutor or self."),
                              "assessment.role"))
    evidence = values.get("evidence_kind")
    if evidence is not None and evidence not in ("product", "process", "account"):
        problems.append(error("evidence_kind", _(
            "{value} is not a kind of evidence; use product, process or account (the apprentice's own "
            "account).").format(value=evidence), "assessment.evidence"))
    position_id = values.get("position_id")
    if position_id is not None:
        plan_id = session.scalar(select(LearningPosition.plan_id).where(LearningPosition.id == position_id))
        if agreement.rotation_plan_id is not None and plan_id != agreement.rotation_plan_id:
            problems.append(error("position_id", _(
                "Learning position {id} is not part of the agreement's rotation plan. Choose one of its "
                "positions.").format(id=position_id), "assessment.position"))
    level = values.get("level")
    scale = agreement.programme.scale
    if values.get("recognised"):
        if level is not None:
            problems.append(error("level", _("A recognised competency has no level; leave the level empty."),
                                  "assessment.recognised"))
    elif level is None:
        problems.append(error("level", _("Give a level on the programme's scale ({scale}).")
                              .format(scale=scale_rules.describe(scale)), "assessment.level_missing"))
    elif not scale_rules.is_valid_level(scale, int(level)):
        problems.append(error("level", _("{level} is not on the programme's scale ({scale}).")
                              .format(level=level, scale=scale_rules.describe(scale)), "assessment.level"))
    return problems


# -- hooks per kind ---------------------------------------------------------------------------------

def _agreement_placeholder(values: dict[str, Any]) -> dict[str, Any]:
    return {"reference": f"new-{uuid.uuid4().hex}"}  # unique until the id is known (_agreement_references)


def _agreement_references(session: Session, written: list[tuple[int, dict[str, Any]]]) -> None:
    """The reference of new agreements, made from their id once it is known."""
    references = [{"id": i, "reference": agreement_reference(i, values["start_date"])} for i, values in written]
    session.execute(sql_update(LearningAgreement), references)
    for (_id, values), ref in zip(written, references, strict=True):
        values["reference"] = ref["reference"]


def _agreement_changed(obj: LearningAgreement, before: dict[str, Any], today: date) -> None:
    old_status = before["status"]
    if old_status == "printed" and obj.status == "printed" and any(
            n not in _LIFECYCLE_FIELDS and before.get(n) != getattr(obj, n) for n in before
            if n in _AGREEMENT_TERMS):
        obj.status = "draft"  # changed terms must be printed again
        obj.printed_on = None
    _apply_status_dates(obj, old_status, obj.status, today)


def _own_agreements(instructor_id: int) -> Any:
    return LearningAgreement.instructor_id == instructor_id


def _programme_details(programme: Programme) -> dict[str, Any]:
    return {"competencies": [{"id": c.id, "code": c.code, "title": c.title, "area": c.area,
                              "conocer_code": c.conocer_code, "kind": c.kind} for c in programme.competencies]}


KINDS: dict[str, RecordKind] = {}


def _register(kind: RecordKind) -> None:
    KINDS[kind.name] = kind


_register(RecordKind("companies", Company, F.COMPANY_FIELDS, N_("company"), N_("companies"),
                     search_columns=("name", "rfc", "state", "sector"), order=("name",),
                     check=_check_company, unique=(("id_country", "rfc"),), defaults={"id_country": "MX"},
                     natural_key="rfc"))
_register(RecordKind("schools", School, F.SCHOOL_FIELDS, N_("school"), N_("schools"),
                     search_columns=("name", "cct", "subsystem", "state", "municipality"), order=("name",),
                     check=_check_school, unique=(("cct",),), natural_key="cct"))
_register(RecordKind("tutors", AcademicTutor, F.TUTOR_FIELDS, N_("academic tutor"), N_("academic tutors"),
                     search_columns=("name", "email"), order=("name",)))
_register(RecordKind("programmes", Programme, F.PROGRAMME_FIELDS, N_("programme"), N_("programmes"),
                     search_columns=("code", "name"), order=("name",), check=_check_programme,
                     unique=(("code",),), natural_key="code",
                     defaults={"templates": "mmfd", "min_semester": rules.DEFAULT_MIN_SEMESTER,
                               "stps_permit_required": True},
                     initial=lambda _values: {"scale": scale_rules.FOUR_LEVELS},
                     extra=lambda p: {"scale": p.scale}, details=_programme_details))
_register(RecordKind("apprentices", Apprentice, F.APPRENTICE_FIELDS, N_("apprentice"), N_("apprentices"),
                     search_columns=("given_names", "first_surname", "second_surname", "curp", "email", "nss"),
                     order=("first_surname", "second_surname", "given_names"), check=_check_apprentice,
                     unique=(("id_country", "curp"),), defaults={"id_country": "MX"}, natural_key="curp",
                     extra=lambda a: {"name": normalize.full_name(a.given_names, a.first_surname,
                                                                        a.second_surname)},
                     instructor_rows=lambda i: Apprentice.id.in_(
                         select(LearningAgreement.apprentice_id).where(_own_agreements(i)))))
_register(RecordKind("instructors", Instructor, F.INSTRUCTOR_FIELDS, N_("instructor"), N_("instructors"),
                     search_columns=("name", "email", "qualification"), order=("name",),
                     check=_check_instructor, natural_key="email"))
_register(RecordKind("agreements", LearningAgreement, F.AGREEMENT_FIELDS, N_("learning agreement"),
                     N_("learning agreements"), order=("id",), check=_check_agreement,
                     defaults={"status": "draft", "stipend_currency": "MXN"},
                     initial=_agreement_placeholder, after_insert=_agreement_references,
                     change_rules=lambda session, obj, values, merged, today: _agreement_change_problems(
                         session, obj, values, merged, today),
                     on_change=_agreement_changed, instructor_rows=_own_agreements,
                     search=lambda terms, fts: _agreements_search(terms, fts)))
_register(RecordKind("assessments", Assessment, F.ASSESSMENT_FIELDS, N_("assessment"), N_("assessments"),
                     order=("id",), check=_check_assessment, permission="assess",
                     defaults={"rater_role": "instructor", "recognised": False},
                     instructor_rows=lambda i: Assessment.agreement_id.in_(
                         select(LearningAgreement.id).where(_own_agreements(i))),
                     search=lambda terms, fts: Assessment.agreement_id.in_(select(LearningAgreement.id).where(
                         LearningAgreement.apprentice_id.in_(
                             select(Apprentice.id).where(_matches(Apprentice, terms, fts))))),
                     ))

#: Kinds that the command line's KIND argument accepts.
PUBLIC_KINDS = ("companies", "schools", "programmes", "apprentices", "instructors", "agreements", "assessments")

_REF_MODELS: dict[str, type[Any]] = {
    "rotation_plans": RotationPlan, "competencies": Competency, "positions": LearningPosition,
}


def kind(name: str) -> RecordKind:
    return KINDS[name]


def ref_model(ref_kind: str) -> type[Any]:
    return KINDS[ref_kind].model if ref_kind in KINDS else _REF_MODELS[ref_kind]


# -- values ---------------------------------------------------------------------------------------

def to_dict(k: RecordKind, obj: Any) -> dict[str, Any]:
    """The record as plain values (the JSON keys of the command line)."""
    out: dict[str, Any] = {"id": obj.id}
    for f in k.fields:
        out[f.name] = getattr(obj, f.name)
    if hasattr(obj, "version"):
        out["version"] = obj.version
    if k.extra is not None:
        out.update(k.extra(obj))
    return out


def parse_values(k: RecordKind, raw: Mapping[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """Parse and normalise typed values; unknown field names are refused with the list of known ones."""
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for name, value in raw.items():
        f = k.field(name)
        if f is None or not f.editable:
            known = ", ".join(x.name for x in k.fields if x.editable)
            problems.append(error(name, _("{kind} have no field {field}; use one of: {known}.")
                                  .format(kind=upper_first(_(k.plural)), field=name, known=known), "field.unknown"))
            continue
        parsed, problem = F.parse_value(f, value)
        if problem is not None:
            problems.append(problem)
        else:
            values[name] = parsed
    return values, problems


def _check_required(k: RecordKind, merged: dict[str, Any]) -> list[Problem]:
    out = []
    for f in k.fields:
        if f.required and merged.get(f.name) in (None, ""):
            out.append(error(f.name, _("{label} is required; give {field}=… .").format(label=f.title(),
                                                                                    field=f.name), "required"))
    return out


def _check_refs(session: Session, k: RecordKind, merged: dict[str, Any]) -> list[Problem]:
    out = []
    for f in k.fields:
        ref = f.ref_kind
        value = merged.get(f.name)
        if ref and value is not None and session.get(ref_model(ref), value) is None:
            out.append(error(f.name, _("There is no {what} with id {id}. Check the number (vetdesk list {kind}).")
                             .format(what=_(KINDS[ref].singular) if ref in KINDS else ref, id=value,
                                     kind=ref), "ref.missing"))
    return out


def _check_unique(session: Session, k: RecordKind, merged: dict[str, Any], record_id: int | None) -> list[Problem]:
    out = []
    for names in k.unique:
        if any(merged.get(n) is None for n in names):
            continue
        stmt = select(k.model.id).where(*(getattr(k.model, n) == merged[n] for n in names))
        if record_id is not None:
            stmt = stmt.where(k.model.id != record_id)
        other = session.scalar(stmt.limit(1))
        if other is not None:
            name = names[-1]
            out.append(error(name, _("{value} is already registered ({kind} {id}). Open that record instead of "
                                     "creating it again.").format(value=merged[name], kind=_(k.singular), id=other),
                             "duplicate"))
    return out


def search_text(k: RecordKind, merged: Mapping[str, Any]) -> str:
    return " ".join(normalize.fold(str(merged[c])) for c in k.search_columns if merged.get(c))


def _current_values(k: RecordKind, obj: Any) -> dict[str, Any]:
    return {f.name: getattr(obj, f.name) for f in k.fields} | {"id": obj.id}


def defaults(k: RecordKind) -> dict[str, Any]:
    return dict(k.defaults)


# -- outcomes ---------------------------------------------------------------------------------------

@dataclass
class Outcome:
    """What a successful write did: the record as it is now, and the warnings that were accepted."""

    id: int
    record: dict[str, Any]
    warnings: list[Problem] = field(default_factory=list)
    #: What the operation changed (announced to the database's listeners as well).
    changes: ChangeSet = NOTHING


def _decide(problems: list[Problem], accept_warnings: bool) -> list[Problem]:
    if errors(problems):
        raise RuleViolation(problems)
    if warnings(problems) and not accept_warnings:
        raise WarningsNotAccepted(problems)
    return warnings(problems)


def validate(db: Database, kind_name: str, raw: Mapping[str, Any], *, record_id: int | None = None,
             today: date | None = None) -> list[Problem]:
    """Every problem saving ``raw`` would meet, without writing anything (for forms as the user types)."""
    k = KINDS[kind_name]
    with reading(db) as session:
        return _problems(session, k, raw, record_id, today or date.today())[1]


def problems_for(session: Session, kind_name: str, raw: Mapping[str, Any], *, record_id: int | None = None,
                 today: date | None = None) -> tuple[dict[str, Any], list[Problem]]:
    """Inside a caller's transaction: the merged values and every problem saving ``raw`` would meet.
    For services that write many records in one unit of work (imports, rating grids)."""
    merged, problems, _obj = _problems(session, KINDS[kind_name], raw, record_id, today or date.today())
    return merged, problems


def _problems(session: Session, k: RecordKind, raw: Mapping[str, Any], record_id: int | None,
              today: date) -> tuple[dict[str, Any], list[Problem], Any]:
    values, problems = parse_values(k, raw)
    obj = None
    if record_id is not None:
        obj = session.get(k.model, record_id)
        if obj is None:
            raise RuleViolation([error("id", _("There is no {kind} with id {id}.").format(kind=_(k.singular),
                                                                                    id=record_id), "record.missing")])
        merged = _current_values(k, obj) | values
    else:
        merged = defaults(k) | values
    for name, default in defaults(k).items():
        if merged.get(name) is None:  # a field with a default that was emptied goes back to its default
            merged[name] = default
    if problems:
        return merged, problems, obj
    problems += _check_required(k, merged)
    problems += _check_refs(session, k, merged)
    if errors(problems):
        return merged, problems, obj
    problems += _check_unique(session, k, merged, record_id)
    if k.check is not None:
        problems += k.check(session, merged, obj, today)
    if k.change_rules is not None:
        problems += k.change_rules(session, obj, values, merged, today)
    return merged, problems, obj


def _agreement_change_problems(session: Session, obj: LearningAgreement | None, values: dict[str, Any],
                               merged: dict[str, Any], today: date) -> list[Problem]:
    if obj is None:
        if merged.get("status", "draft") != "draft":
            return [error("status", _("A new agreement starts as a draft; move it along its life cycle "
                                      "afterwards (vetdesk set agreements ID status=printed)."), "status.new")]
        return []
    problems: list[Problem] = []
    current = lifecycle.Status(obj.status)
    target = current
    status = values.get("status")
    if status is not None:
        parsed = lifecycle.parse_status(status)
        if isinstance(parsed, Problem):
            return [parsed]
        target = parsed
        merged["status"] = parsed.value
        apprentice = session.get(Apprentice, merged["apprentice_id"])
        minor = apprentice is not None and limits.minor_on_start(apprentice.birth_date, merged["start_date"])
        problems += rules.check_status_change(current, parsed, merged, minor=minor,
                                              has_school=bool(merged.get("school_id")), today=today)
        if errors(problems):
            return problems
    if target == current:  # a status change checks the signature dates itself
        problems += rules.check_signature_changes(values, today=today)
    terms = {f.name for f in F.AGREEMENT_FIELDS if f.name not in _LIFECYCLE_FIELDS}
    changed_terms = [n for n in values if n in terms and values[n] != getattr(obj, n)]
    if changed_terms and current not in lifecycle.EDITABLE:
        problems.append(error(changed_terms[0], _(
            "The agreement is {status}: its terms can no longer change. Terminate it and draw up a new one, "
            "or record the change in its notes.").format(status=lifecycle.status_label(current)), "terms.locked"))
    elif changed_terms and target not in lifecycle.EDITABLE:
        problems.append(error(changed_terms[0], _(
            "The terms cannot change in the same step as the status moves to {status}: the parties sign the "
            "printed terms. Change the terms first, print again, then record the signatures.")
            .format(status=lifecycle.status_label(target)), "terms.locked"))
    return problems


#: The agreement's fields as the parties sign them (its terms) are the others.
_LIFECYCLE_FIELDS = {
    "status", "printed_on", "company_signed_on", "apprentice_signed_on", "guardian_signed_on", "school_signed_on",
    "chamber_signed_on", "activated_on", "completed_on", "terminated_on", "termination_reason", "notes",
    "insurance_policy", "insurance_expiry", "insurance_insurer", "stps_permit_number", "stps_permit_date",
    "instructor_id", "tutor_id",
}


_AGREEMENT_TERMS = {f.name for f in F.AGREEMENT_FIELDS} - _LIFECYCLE_FIELDS


def _apply_status_dates(obj: LearningAgreement, old: str, new: str, today: date) -> None:
    if old == new:
        return
    if new == "printed" and obj.printed_on is None:
        obj.printed_on = today
    elif new == "draft":
        obj.printed_on = None
    elif new == "active" and obj.activated_on is None:
        obj.activated_on = today
    elif new == "completed" and obj.completed_on is None:
        obj.completed_on = today
    elif new == "terminated" and obj.terminated_on is None:
        obj.terminated_on = today


# -- writes -----------------------------------------------------------------------------------------

def create(db: Database, kind_name: str, raw: Mapping[str, Any], *, actor: Actor = SYSTEM,
           accept_warnings: bool = False, today: date | None = None) -> Outcome:
    k = KINDS[kind_name]
    today = today or date.today()
    with unit_of_work(db, _("Create {kind}").format(kind=_(k.singular)), actor, permission=k.permission) as uow:
        merged, problems, _obj = _problems(uow.session, k, raw, None, today)
        accepted = _decide(problems, accept_warnings)
        (record,) = insert_new(uow, k, [merged])
        outcome = Outcome(record["id"], record, accepted)
    outcome.changes = uow.changes
    return outcome


def new_row(k: RecordKind, merged: Mapping[str, Any], now: datetime) -> dict[str, Any]:
    """The columns of a new record of ``k`` with these (checked) values: its fields (an empty one takes the
    column's default), its search text, version and timestamps, and what the kind adds (``initial``). The one
    definition of a new row, whoever writes it: a person, an import or the demonstration data."""
    table = k.model.__table__
    row: dict[str, Any] = {}
    for f in k.fields:
        if f.name in table.c and f.name != "id":
            value = merged.get(f.name)
            default = table.c[f.name].default
            if value is None and default is not None and getattr(default, "is_scalar", False):
                value = default.arg
            row[f.name] = value
    if "search_text" in table.c:
        row["search_text"] = search_text(k, merged)
    if "version" in table.c:
        row["version"] = 1
    if "created_at" in table.c:
        row["created_at"] = now
    if "updated_at" in table.c:
        row["updated_at"] = now
    if k.initial is not None:
        row |= {name: value for name, value in k.initial(row).items() if row.get(name) is None}
    return row


#: How many rows one INSERT … RETURNING carries (an import of 50,000 rows is 50 statements).
INSERT_BATCH = 1000


def insert_new(uow: UnitOfWork, k: RecordKind, rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Insert new records of ``k`` from their checked values, each with its audit entry, in the caller's unit
    of work; returns them as :func:`to_dict` shows them. The one way a record is created: a person's
    :func:`create` writes one, an import thousands (a multi-row INSERT … RETURNING per batch, without an ORM
    object per row)."""
    if not rows:
        return []
    from sqlalchemy import insert

    now = utcnow()
    payload = [new_row(k, merged, now) for merged in rows]
    ids: list[int] = []
    for start in range(0, len(payload), INSERT_BATCH):
        stmt = insert(k.model).returning(k.model.id, sort_by_parameter_order=True)
        ids.extend(uow.session.scalars(stmt, payload[start:start + INSERT_BATCH]).all())
    written = list(zip(ids, payload, strict=True))
    if k.after_insert is not None:
        k.after_insert(uow.session, written)
    _require_scope(uow.session, uow.actor, k, ids)
    out = []
    for record_id, values in written:
        record = to_dict(k, SimpleNamespace(id=record_id, **values))
        uow.audit(kind=k.name, record_id=record_id, action="create", after=record)
        out.append(record)
    return out


def agreement_reference(agreement_id: int, start: date) -> str:
    """A stable, unique reference for documents and QR codes: CA-<start year>-<id>."""
    return f"CA-{start.year}-{agreement_id:06d}"


class VersionConflict(RuleViolation):
    """Someone else saved the record since it was opened."""


def update(db: Database, kind_name: str, record_id: int, raw: Mapping[str, Any], *, actor: Actor = SYSTEM,
           accept_warnings: bool = False, expected_version: int | None = None,
           today: date | None = None, label: str | None = None) -> Outcome:
    k = KINDS[kind_name]
    with unit_of_work(db, label or _("Change {kind}").format(kind=_(k.singular)), actor,
                      permission=k.permission) as uow:
        outcome = change_in(uow, k, record_id, raw, accept_warnings=accept_warnings,
                            expected_version=expected_version, today=today or date.today())
    outcome.changes = uow.changes
    return outcome


def change_in(uow: UnitOfWork, k: RecordKind, record_id: int, raw: Mapping[str, Any], *, accept_warnings: bool,
              expected_version: int | None = None, today: date) -> Outcome:
    """Check a change of one record inside the caller's unit of work (the instructor's scope, every rule, the
    version the person saw), then make it (:func:`apply_change`)."""
    session = uow.session
    _require_scope(session, uow.actor, k, [record_id])  # the record as it is: theirs to change?
    merged, problems, obj = _problems(session, k, raw, record_id, today)
    if expected_version is not None and getattr(obj, "version", None) != expected_version:
        last = session.scalars(select(AuditEntry).where(AuditEntry.kind == k.name,
                                                        AuditEntry.record_id == record_id)
                               .order_by(AuditEntry.id.desc()).limit(1)).first()
        who = (last.username or _("another user")) if last else _("another user")
        when = last.at.strftime("%Y-%m-%d %H:%M UTC") if last else ""
        raise VersionConflict([error("version", _("{who} changed this record at {when} since you opened it. "
                                                  "Reload it and enter your changes again.")
                                     .format(who=who, when=when), "version.conflict")])
    accepted = _decide(problems, accept_warnings)
    return apply_change(uow, k, obj, merged, today=today, warnings=accepted)


def apply_change(uow: UnitOfWork, k: RecordKind, obj: Any, merged: Mapping[str, Any], *, today: date,
                 warnings: list[Problem] | None = None) -> Outcome:
    """Write checked values onto a record: its fields, what the kind does besides (``on_change``), its search
    text and version, the instructor's scope afterwards, and the audit entry of what changed. A change that
    changes nothing writes nothing. The one way a record changes: an edit, printing, an import's update."""
    session = uow.session
    before = to_dict(k, obj)
    for name, value in merged.items():
        if name != "id" and hasattr(obj, name) and name in k.field_names:
            setattr(obj, name, value)
    if k.on_change is not None:
        k.on_change(obj, before, today)
    after = to_dict(k, obj)
    changed = {n for n in after if before.get(n) != after[n] and n != "version"}
    if not changed:
        return Outcome(obj.id, before, warnings or [])
    if hasattr(obj, "search_text"):
        obj.search_text = search_text(k, merged)
    if hasattr(obj, "version"):
        obj.version = (obj.version or 0) + 1
        obj.updated_at = utcnow()
    session.flush()
    _require_scope(session, uow.actor, k, [obj.id])  # and as it is now: still theirs?
    after = to_dict(k, obj)
    action = "status" if before.get("status") != after.get("status") else "update"
    uow.audit(kind=k.name, record_id=obj.id, action=action,
              before={n: before.get(n) for n in changed}, after={n: after[n] for n in changed})
    return Outcome(obj.id, after, warnings or [])


def print_for_signature(db: Database, agreement_ids: Sequence[int], *, actor: Actor = SYSTEM,
                        today: date | None = None, language: str | None = None,
                        template: str | None = None) -> ChangeSet:
    """The documents of these agreements were printed (or saved) for the parties to sign: each draft among
    them becomes "printed", through the same rules and audit as any status change, in one unit of work.
    Agreements already printed, signed or further along are left as they are. Every printing is recorded in
    the agreement's history (action "print": the day, the layout, the language and the version of the office's
    text it used), a reprint too. The window, ``vetdesk print agreement`` and both batch printers call this
    once their files are written."""
    from vetdesk.services.clauses import current_in, language_of

    k = KINDS["agreements"]
    today = today or date.today()
    with unit_of_work(db, _("Print agreement for signature"), actor, permission="print") as uow:
        text = current_in(uow.session, "agreement", language_of(language or "es"))
        for agreement_id in agreement_ids:
            obj = uow.session.get(LearningAgreement, agreement_id)
            if obj is None:
                continue
            if obj.status == lifecycle.Status.DRAFT:
                change_in(uow, k, agreement_id, {"status": lifecycle.Status.PRINTED.value}, accept_warnings=True,
                          today=today)
            uow.audit(kind=k.name, record_id=agreement_id, action="print", after={
                "printed_on": today, "template": template or obj.programme.templates or "mmfd",
                "language": text.language, "text_version": text.label})
    return uow.changes


# -- who may see and change what --------------------------------------------------------------------

def _reader(db: Database, actor: Actor, k: RecordKind) -> Actor:
    who = acting(db, actor)
    authorize(who, "read", k.name)
    return who


def _scope(k: RecordKind, actor: Actor) -> Any:
    """The rows of ``k`` an instructor may see (the apprentices they instruct, those agreements and
    assessments); ``None`` for every other role, who see everything they may read at all."""
    if actor.role != "instructor" or k.instructor_rows is None:
        return None
    return k.instructor_rows(actor.instructor_id or -1)


def _require_scope(session: Session, actor: Actor, k: RecordKind, ids: Sequence[int]) -> None:
    """An instructor writes only rows inside their scope: checked on the record before a change and after it
    (an assessment cannot be moved onto, or off, another instructor's agreement), and on new records."""
    scope = _scope(k, actor)
    if scope is None or not ids:
        return
    inside = set(session.scalars(select(k.model.id).where(k.model.id.in_(ids), scope)))
    if any(i not in inside for i in ids):
        raise RuleViolation([error("agreement_id", _("You can record assessments only for the apprentices you "
                                                     "instruct."), "permission.scope")])


def require_own_agreement(session: Session, actor: Actor, agreement_id: int | None) -> None:
    """An instructor records assessments and feedback only for the apprentices they instruct."""
    if actor.role != "instructor":
        return
    agreement = session.get(LearningAgreement, agreement_id or 0)
    if agreement is None or agreement.instructor_id != actor.instructor_id:
        raise RuleViolation([error("agreement_id", _("You can record assessments only for the apprentices you "
                                                     "instruct."), "permission.scope")])


# -- reads ------------------------------------------------------------------------------------------

def get(db: Database, kind_name: str, record_id: int, *, actor: Actor = SYSTEM) -> dict[str, Any]:
    k = KINDS[kind_name]
    who = _reader(db, actor, k)
    with reading(db) as session:
        obj = session.get(k.model, record_id)
        if obj is not None and _scope(k, who) is not None:
            in_scope = session.scalar(select(k.model.id).where(k.model.id == record_id, _scope(k, who)))
            obj = obj if in_scope is not None else None
        if obj is None:
            raise RuleViolation([error("id", _("There is no {kind} with id {id}.").format(kind=_(k.singular),
                                                                                    id=record_id), "record.missing")])
        out = to_dict(k, obj)
        if k.details is not None:
            out |= k.details(obj)
        return out


@dataclass(frozen=True)
class ListQuery:
    """What a list shows: search text, filters and order. Shared by the window and the command line."""

    search: str | None = None
    status: str | None = None
    company_id: int | None = None
    programme_id: int | None = None
    school_id: int | None = None
    order_by: str | None = None
    descending: bool = False


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _holds(column: Any, term: str) -> Any:
    """``column`` contains ``term`` (LIKE, its wildcards taken as plain characters)."""
    return column.like(f"%{_escape_like(term)}%", escape="\\")


#: Tables with a trigram full-text index on SQLite (migration 0002): searched without a table scan.
_FTS_TABLES = {"apprentices", "companies", "schools", "instructors", "programmes", "academic_tutors"}
#: Narrow indexes holding a list's sort columns by id (migration 0003), and the columns they hold.
#: SQLite's planner has no statistics, so a searched list is told to look its hits' names up there.
_ORDER_BY_ID_INDEXES = {"apprentices": ("ix_apprentices_order_by_id",
                                        {"first_surname", "second_surname", "given_names"})}


def _search_terms(text_: str) -> list[str]:
    """The words of a search, accent-folded and lower-cased like the stored search text."""
    return [t for t in (w.strip("\"'") for w in normalize.fold(text_).split()) if t]


def _indexed(model: Any, terms: list[str], fts: bool) -> list[str]:
    """The terms the SQLite trigram index answers (three characters or more)."""
    return [t for t in terms if fts and model.__tablename__ in _FTS_TABLES and len(t) >= 3]


def _fts_phrases(terms: list[str]) -> str:
    """An FTS5 query finding rows holding every term (quoted phrases side by side mean AND)."""
    return " ".join('"' + t.replace('"', '""') + '"' for t in terms)


def _matches(model: Any, terms: list[str], fts: bool) -> Any:
    """``model.search_text`` contains every term (already folded). On SQLite, terms of three or more
    characters go through the FTS5 trigram index, all in one query of it; PostgreSQL's LIKE uses its pg_trgm
    index by itself."""
    table = model.__tablename__
    indexed = _indexed(model, terms, fts)
    clauses = [_holds(model.search_text, t) for t in terms if t not in indexed]
    if indexed:
        clauses.insert(0, model.id.in_(_fts_ids(table, indexed)))
    return and_(*clauses)


def _fts_ids(table: str, terms: list[str]) -> Any:
    """The ids of ``table``'s rows whose trigram index (``<table>_fts``) holds every term."""
    hits = text(f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH :phrase").bindparams(
        bindparam("phrase", _fts_phrases(terms), unique=True))
    return hits.columns(column("rowid", Integer))


def _reference_matches(term: str, fts: bool) -> Any:
    """The agreement's reference contains ``term``: through the references' trigram index on SQLite
    (migration 0005) for three characters or more, otherwise (and on PostgreSQL) by LIKE."""
    if fts and len(term) >= 3:
        return LearningAgreement.id.in_(_fts_ids(LearningAgreement.__tablename__, [term]))
    return _holds(func.lower(LearningAgreement.reference), term)


def _search_clause(k: RecordKind, text_: str, fts: bool = False) -> Any:
    terms = _search_terms(text_)
    if not terms:
        return None
    if k.search is not None:
        return k.search(terms, fts)
    return _matches(k.model, terms, fts)


def _agreements_search(terms: list[str], fts: bool) -> Any:
    """Agreements where each word names the apprentice, the company or the reference."""
    if fts and len(terms) > 1:
        return _agreements_of_words(terms)
    clauses = []
    for t in terms:
        clauses.append(or_(
            LearningAgreement.apprentice_id.in_(select(Apprentice.id).where(_matches(Apprentice, [t], fts))),
            LearningAgreement.company_id.in_(select(Company.id).where(_matches(Company, [t], fts))),
            _reference_matches(t, fts)))
    # SQLite answers the OR with one index lookup per branch ("MULTI-INDEX OR"); a UNION of the three
    # was measured slower on both databases for common words.
    return and_(*clauses)


def _agreements_of_words(terms: list[str]) -> Any:
    """Agreements where each of several words names the apprentice, the company or the reference (SQLite).

    Asked word by word through the trigram indexes, each word's hits were gathered whole: "zuñiga ximena"
    gathered 859 and 1,019 apprentices at 100,000 to find 7 agreements, and took 5 times as long as at 1,000.
    An agreement that matches every word either has an apprentice matching all of them (one question of the
    apprentices' index, 6 apprentices) or has a company or reference matching one; those few candidates are
    then checked word by word on their own rows.
    """
    la = LearningAgreement
    candidates = [la.apprentice_id.in_(select(Apprentice.id).where(_matches(Apprentice, terms, True)))]
    for t in terms:
        candidates.append(la.company_id.in_(select(Company.id).where(_matches(Company, [t], True))))
        candidates.append(_reference_matches(t, True))

    return and_(or_(*candidates), *(_agreement_names(t) for t in terms))


def _agreement_names(term: str) -> Any:
    """The agreement's own apprentice, company or reference holds ``term``: checked on its row (two lookups by
    id), for the few candidates of :func:`_agreements_of_words` or a common word's walk (:func:`_walks`)."""
    la = LearningAgreement
    return or_(
        select(Apprentice.id).where(Apprentice.id == la.apprentice_id, _holds(Apprentice.search_text, term)).exists(),
        select(Company.id).where(Company.id == la.company_id, _holds(Company.search_text, term)).exists(),
        _holds(func.lower(la.reference), term))


#: A word held by at least this share of the apprentices is common enough for :func:`_walks`.
COMMON_SHARE = 20


def _walks(session: Session, k: RecordKind, query: ListQuery, limit: int | None, scope: Any) -> bool:
    """Whether the first page of an agreements search for one common word is read by walking the agreements in
    id order, checking each one's own names, until the page is full.

    Through the indexes, "garcia" gathers the agreements of its 16,867 apprentices and sorts them to keep the
    first 201 (17 ms at 100,000); one apprentice in six holds it, so the walk finds them within ≈1,200 rows
    (1 ms). A rare word would walk the whole table, so the apprentices' index (then the references') is asked
    first how common the word is, counting no further than a twentieth of the rows (≤1 ms each). Only the
    list's own order (by id), without filters or an instructor's scope, which would thin out the hits.
    """
    if limit is None or k.name != "agreements" or scope is not None or not query.search:
        return False
    if query.order_by not in (None, "id") or query.descending:
        return False
    if any(v is not None for v in (query.status, query.company_id, query.programme_id, query.school_id)):
        return False
    terms = _search_terms(query.search)
    if len(terms) != 1 or len(terms[0]) < 3:
        return False
    for table in ("apprentices", "learning_agreements"):  # a name, or a reference being typed ("ca-2026")
        rows = session.execute(text(f"SELECT max(id) FROM {table}")).scalar() or 0
        enough = max(rows // COMMON_SHARE, 1)
        held = session.execute(text(f"SELECT count(*) FROM (SELECT rowid FROM {table}_fts "
                                    f"WHERE {table}_fts MATCH :phrase LIMIT :enough)"),
                               {"phrase": _fts_phrases(terms), "enough": enough}).scalar()
        if int(held or 0) >= enough:
            return True
    return False


def list_statement(k: RecordKind, query: ListQuery, actor: Actor = SYSTEM, *, fts: bool = False) -> Select[Any]:
    """The query of a list. ``fts``: the database is SQLite with its trigram search tables."""
    model = k.model
    stmt = select(model)
    scope = _scope(k, actor)
    if scope is not None:
        stmt = stmt.where(scope)
    if query.search:
        clause = _search_clause(k, query.search, fts)
        if clause is not None:
            stmt = stmt.where(clause)
    if query.status and hasattr(model, "status"):
        stmt = stmt.where(model.status == query.status)
    for name in ("company_id", "programme_id", "school_id"):
        value = getattr(query, name)
        if value is not None and hasattr(model, name):
            stmt = stmt.where(getattr(model, name) == value)
    if query.order_by and hasattr(model, query.order_by):
        column = getattr(model, query.order_by)
        stmt = stmt.order_by(column.desc() if query.descending else column.asc(), model.id)
        order = {query.order_by}
    else:
        stmt = stmt.order_by(*(getattr(model, c) for c in k.order), model.id)
        order = set(k.order)
    narrow = _ORDER_BY_ID_INDEXES.get(k.name)
    if fts and query.search and narrow is not None and order <= narrow[1]:
        stmt = stmt.with_hint(model.__table__, f"INDEXED BY {narrow[0]}", "sqlite")
    return stmt


def list_records(db: Database, kind_name: str, query: ListQuery = ListQuery(), *, offset: int = 0,
                 limit: int | None = None, actor: Actor = SYSTEM) -> list[dict[str, Any]]:
    k = KINDS[kind_name]
    stmt = list_statement(k, query, _reader(db, actor, k), fts=db.is_sqlite).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    with reading(db) as session:
        return [to_dict(k, obj) for obj in session.scalars(stmt)]


def count_records(db: Database, kind_name: str, query: ListQuery = ListQuery(), *, actor: Actor = SYSTEM) -> int:
    k = KINDS[kind_name]
    stmt = list_statement(k, query, _reader(db, actor, k), fts=db.is_sqlite).order_by(None)
    stmt = stmt.with_only_columns(func.count(k.model.id))
    with reading(db) as session:
        return int(session.scalar(stmt) or 0)


class Superseded(Exception):
    """A read stopped because whoever asked for it no longer wants it (a newer search replaced it)."""


#: How many ids a long read takes between two looks at whether it is still wanted.
_IDS_PER_LOOK = 2000


def list_ids(db: Database, kind_name: str, query: ListQuery = ListQuery(), *, limit: int | None = None,
             actor: Actor = SYSTEM, wanted: Callable[[], bool] | None = None) -> list[int]:
    """The ordered ids of a list (the first ``limit`` of them), for views that load rows page by page.

    ``wanted``: asked every few thousand ids; once it says no, the read stops and raises :class:`Superseded`
    (reading the 100,000 ids of a whole list takes 70 ms, which a search typed meanwhile should not share).
    """
    k = KINDS[kind_name]
    reader = _reader(db, actor, k)
    with reading(db) as session:
        if db.is_sqlite and _walks(session, k, query, limit, _scope(k, reader)):
            stmt = (select(LearningAgreement.id).where(_agreement_names(_search_terms(query.search or "")[0]))
                    .order_by(LearningAgreement.id).limit(limit))
        else:
            stmt = list_statement(k, query, reader, fts=db.is_sqlite).with_only_columns(k.model.id)
            if limit is not None:
                stmt = stmt.limit(limit)
        # Plain rows, read from the cursor as they come: no ORM identity work per id (half the time for
        # 17,000 ids), and a list of 700,000 assessments never holds all its driver rows at once.
        result = session.connection().execute(stmt).scalars()
        if wanted is None:
            return list(result)
        ids: list[int] = []
        for part in result.partitions(_IDS_PER_LOOK):
            if not wanted():
                raise Superseded()
            ids.extend(part)
        return ids


def get_many(db: Database, kind_name: str, ids: Sequence[int], *, actor: Actor = SYSTEM) -> dict[int, dict[str, Any]]:
    k = KINDS[kind_name]
    scope = _scope(k, _reader(db, actor, k))
    stmt = select(k.model).where(k.model.id.in_(ids))
    if scope is not None:
        stmt = stmt.where(scope)
    with reading(db) as session:
        return {obj.id: to_dict(k, obj) for obj in session.scalars(stmt)}


#: The columns a record is named by where another record points at it (a list's company, apprentice…).
_NAME_COLUMNS = {"apprentices": ("given_names", "first_surname", "second_surname"), "agreements": ("reference",)}


def display_names(db: Database, kind_name: str, ids: Sequence[int], *, actor: Actor = SYSTEM) -> dict[int, str]:
    """The names of records of ``kind_name`` (a full name for apprentices, the reference for agreements),
    read from their name columns alone: a list page shows 200 of them for each column that points there."""
    k = KINDS[kind_name]
    scope = _scope(k, _reader(db, actor, k))
    columns = [getattr(k.model, c) for c in _NAME_COLUMNS.get(kind_name, ("name",))]
    stmt = select(k.model.id, *columns).where(k.model.id.in_(ids))
    if scope is not None:
        stmt = stmt.where(scope)
    with reading(db) as session:
        return {row[0]: normalize.full_name(*row[1:]) for row in session.execute(stmt)}


def history(db: Database, kind_name: str, record_id: int, *, actor: Actor = SYSTEM) -> list[dict[str, Any]]:
    if kind_name in KINDS:
        get(db, kind_name, record_id, actor=actor)  # the same right as reading the record itself
    else:
        authorize(acting(db, actor), "users")
    with reading(db) as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.kind == kind_name,
                                                        AuditEntry.record_id == record_id)
                               .order_by(AuditEntry.id))
        return [{"at": r.at.isoformat(), "user": r.username, "operation": r.operation, "action": r.action,
                 "changes": r.changes} for r in rows]


def problem_list(problems: Iterable[Problem]) -> list[dict[str, str]]:
    return [{"field": p.field, "severity": p.severity.value, "message": p.message, "code": p.code}
            for p in problems]
