"""The kinds of record: their fields and everything that differs from one kind to another.

A :class:`RecordKind` carries its defaults, identifying key, rules, hooks and who sees which rows, so that
the services that create, change, list and import records never ask which kind they are handling.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy import update as sql_update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from vetdesk.domain import contract, lifecycle, limits, normalize, permissions, rules
from vetdesk.domain import identifiers as ids
from vetdesk.domain import scales as scale_rules
from vetdesk.domain import training as T
from vetdesk.domain.dates import overlaps
from vetdesk.domain.logbook import status_label as week_status_label
from vetdesk.domain.problems import (
    Problem,
    RuleViolation,
    Severity,
    error,
    errors,
    not_said_yet,
    warning,
    with_label,
)
from vetdesk.i18n import N_, _, shown_day
from vetdesk.services import agreement_sheet as sheet
from vetdesk.services import display as D
from vetdesk.services import exam_rules as XR
from vetdesk.services import fields as F
from vetdesk.services import logbook_kinds as LK
from vetdesk.services import search as text_search
from vetdesk.services import training_rules as TR
from vetdesk.services import uow
from vetdesk.services.settings import thresholds
from vetdesk.storage.models import (
    AcademicTutor,
    Apprentice,
    Assessment,
    AttendanceDay,
    CollaborationAgreement,
    Company,
    Competency,
    ConocerVerdict,
    Coordinator,
    ExamRegistration,
    ExamSession,
    Instructor,
    LearningAgreement,
    LearningPosition,
    LogbookWeek,
    PositionPeriod,
    Programme,
    RotationPlan,
    School,
    SchoolCertificate,
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
class Walk:
    """How a long list's first page for one common word is read (``records.list_ids``): walking the list in its
    own order and checking each row's own text until the page is full, instead of gathering every hit through
    the trigram index and sorting them all ("garcia": one apprentice in six, found within ≈1,200 rows)."""

    #: The row's own text holds the (folded) word: checked on each row walked.
    holds: Callable[[str], Any]
    #: The trigram-indexed tables asked how common the word is: common in any of them, the walk pays.
    tables: tuple[str, ...]


@dataclass(frozen=True)
class BatchRule:
    """A rule between records written together that are not in the database yet (the rows of one import):
    ``key`` says which records are compared (None: the record takes no part), ``check`` gives the problems of
    a record with the earlier ones of its key, as ``(row number, values)``."""

    key: Callable[[Mapping[str, Any]], Any]
    check: Callable[[Mapping[str, Any], list[tuple[int, Mapping[str, Any]]]], list[Problem]]


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
    #: Columns folded, in order, into ``sort_key``: the list's own order, names in the reader's order.
    sort_columns: tuple[str, ...] = ()
    order: tuple[str, ...] = ("id",)
    check: Checker | None = None
    #: Natural key fields: a second record with the same values is refused.
    unique: tuple[tuple[str, ...], ...] = ()
    #: Extra read-only keys in the JSON form, computed from the object.
    extra: Callable[[Any], dict[str, Any]] | None = None
    #: Whether :attr:`extra` reads only the record's own columns, so that a page of a list can be read as
    #: plain rows instead of objects (``records.get_many``).
    extra_from_columns: bool = False
    #: The user's words for the keys :attr:`extra` adds (gettext sources): a history names them like fields.
    extra_labels: Mapping[str, str] = field(default_factory=dict)
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
    #: How a refused change of a record is said as a whole, given its problems (``(record, merged values,
    #: problems) -> text``, None: as its problems): a draft agreement refused going out for signature is said as
    #: printing says it (``RuleViolation.said``).
    refusal: Callable[[Any, Mapping[str, Any], list[Problem]], str | None] | None = None
    #: The field that identifies a record to people and spreadsheets (CURP, RFC, CCT, code, e-mail).
    natural_key: str | None = None
    #: A field a spreadsheet's natural-key column may hold instead of the key, matched when no key matches (a
    #: programme's column "Carrera" holds its name as often as its code; an office has a few programmes).
    key_or: str | None = None
    #: Whether two records may share the natural key (two instructors, one office e-mail): an import adding a
    #: record whose key is taken is warned, not refused.
    key_shared: bool = False
    #: Whether a record's competencies may come from several programmes (a learning position teaches those of
    #: every programme trained at it): they are shown grouped by programme.
    competencies_across_programmes: bool = False
    #: For a kind signed by parties (a learning or collaboration agreement): the signature fields of the parties
    #: who sign a record (``(session, record) -> fields``), in the order its document lists them.
    signers: Callable[[Session, Any], list[str]] | None = None
    #: What recording signatures on such a record before it is printed is told.
    sign_unprinted: str = ""
    #: For a kind without a natural key, the fields that together identify a record in a spreadsheet, so that
    #: ``import --update`` changes it (a competency: its programme and its code).
    update_key: tuple[str, ...] = ()
    #: The rows of this kind an instructor may see, given their instructor id (None: no rows are theirs to
    #: see beyond what the role allows: the kind is not restricted).
    instructor_rows: Callable[[int], Any] | None = None
    #: A search of several folded words, when the kind's search is not its own ``search_text``
    #: (``(terms, fts) -> clause``).
    search: Callable[[list[str], bool], Any] | None = None
    #: A list's columns that are not the record's own (a rotation period's apprentice): the SQL expression each
    #: sorts by, built when asked (``ListQuery.order_by`` names the column).
    sort_by: Mapping[str, Callable[[], Any]] = field(default_factory=dict)
    #: What ``get`` adds to the record (a programme's competencies).
    details: Callable[[Any], dict[str, Any]] | None = None
    #: The name of a change that moves the record to a status (its audit entry's operation), whoever makes it:
    #: the window's life-cycle button and ``vetdesk set … status=…`` are the same operation.
    status_labels: Mapping[str, str] = field(default_factory=dict)
    #: A status of this kind in the user's words (kinds with a life cycle: agreements, collaborations, weeks).
    status_word: Callable[[str], str] | None = None
    #: A status typed in any form this kind takes (its code, or its word in one of vetdesk's languages) to its
    #: status, or a Problem when it names none.
    parse_status: Callable[[str], Any] | None = None
    #: The command line's line for a record (``vetdesk list``); None: its id and first fields.
    line: Callable[[dict[str, Any]], str] | None = None
    #: Whether :attr:`line` writes the kind's first fields as a line without one of its own would (its values put
    #: in words): its header then names them alike.
    line_of_fields: bool = False
    #: A picker's second line, telling look-alikes apart (a CURP and birth date, an RFC and state…).
    picker_detail: Callable[[dict[str, Any]], str] | None = None
    #: Values a record takes from its other values when they are missing (an apprentice's birth date and sex
    #: from the CURP), whoever writes it: a form, ``vetdesk add``/``set``, an import.
    derived: Callable[[Mapping[str, Any]], Mapping[str, Any]] | None = None
    #: The fields :attr:`derived` reads, and those it may give: a file with the first needs no column for the
    #: second (a list of apprentices by CURP, without birth dates).
    derived_from: tuple[str, ...] = ()
    derived_names: tuple[str, ...] = ()
    #: Whether a record's values hold what gives :attr:`derived_names` once it is right (a Mexican CURP typed):
    #: a derived value then missing is the source's problem, which the kind's rules say (a CURP FALO… is
    #: refused for its word), not a required value to fill in.
    derives: Callable[[Mapping[str, Any]], bool] | None = None
    #: The row whose lock orders the checks of rules that read across records, as (model, the field holding
    #: its id): two PCs writing agreements of one apprentice at once are checked one after the other.
    held_with: tuple[type[Any], str] | None = None
    #: A rule between the records of one import (see :class:`BatchRule`).
    batch_rule: BatchRule | None = None
    #: How a common word's first page is read in a list of tens of thousands (see :class:`Walk`).
    walk: Walk | None = None
    #: (field, header) an export writes before the columns an import reads: values the record gets from its life
    #: rather than from a file (an agreement's reference and status), kept in the spreadsheet for the reader.
    exported_first: tuple[tuple[str, str], ...] = ()
    #: What a new or changed record of this kind writes into others, in the same unit of work and audited
    #: (``(uow, the record now, the record before or None, change)``, ``change(uow, kind, id, values)`` being
    #: ``records``' own change of a record): a school's liaison from its liaison officer.
    after_write: Callable[[Any, dict[str, Any], dict[str, Any] | None, Callable[..., Any]], None] | None = None
    #: For a kind signed by parties: each party as ``vetdesk sign`` names it, and the field of its signature date.
    parties: Mapping[str, str] = field(default_factory=dict)
    #: What naming a party that does not sign this kind is told (``{party}``, and ``{names}``: those who do).
    not_a_party: str = ""
    #: The field a record named by its code is looked up within (a learning position: by its name within a
    #: company); None: its code names it in the whole office.
    named_within: str | None = None
    #: The fields whose records tell a record of this kind apart where it is picked, after its name (an
    #: agreement: its apprentice and company, "CA-2027-000047 · Itzel Ortiz · Sensores Bavaria"), as
    #: ``lookups.told_apart`` says it; empty: its name and :attr:`picker_detail`.
    told_apart_by: tuple[str, ...] = ()
    #: The field of a kept file (``attachments``) that names its record of this kind; None: no files are kept.
    attachment_owner: str | None = None
    #: Why a record of this kind past its draft is not deleted, and what to do instead (``{status}``: its status
    #: in words), or one per status ("" for the others); None: an agreement's words (it was printed: terminate it).
    kept_past_draft: str | Mapping[str, str] | None = None

    #: A new record is drawn up in the wizard of several steps (a learning agreement), not in a blank form.
    drawn_up_in_wizard: bool = False
    #: The document the window's Print (Ctrl+P) makes of an open record: "agreement" (a learning agreement for
    #: signature) or "progress" (an apprentice's progress report); empty: none.
    printed_as: str = ""
    #: Its records keep a record of learning, weekly reports (the window's *Weekly reports* of an open record).
    keeps_weekly_reports: bool = False
    #: A list of these records is printed in one batch (each one's document, or each one's progress report).
    batch_printed: bool = False
    #: The office texts' preview of a document on a record of this kind: the words of the field choosing the
    #: record (its label, with its mnemonic) and the field's accessible name.
    sample_words: tuple[str, ...] = ()

    def complete(self, merged: dict[str, Any]) -> None:
        """Fill what :attr:`derived` gives into ``merged`` where it holds nothing."""
        if self.derived is None:
            return
        for name, value in self.derived(merged).items():
            if merged.get(name) is None:
                merged[name] = value

    def missing(self, merged: Mapping[str, Any]) -> list[F.Field]:
        """The required fields ``merged`` leaves empty, but for a value :attr:`derived` would have given from
        a source that is given but wrong: that source's problem is said instead."""
        deriving = self.derives is not None and self.derives(merged)
        return [f for f in self.fields if f.required and merged.get(f.name) in (None, "")
                and not (deriving and f.name in self.derived_names)]

    def field(self, name: str) -> F.Field | None:
        return next((f for f in self.fields if f.name == name), None)

    def status_text(self, status: str | None) -> str:
        """A record's status in the user's words; the stored value for a kind without a life cycle."""
        if self.status_word is None or not status:
            return status or ""
        return self.status_word(status)

    def status_code(self, word: Any) -> str:
        """The status code ``word`` names (``vigente`` and ``active`` are both ``active``); the word as typed,
        without case or surrounding spaces, when it names none (its change is then refused by the kind's rules)."""
        typed = str(word or "").strip().lower()
        if self.parse_status is None or not typed:
            return typed
        parsed = self.parse_status(typed)
        return str(parsed.value) if hasattr(parsed, "value") and not isinstance(parsed, Problem) else typed

    def line_of(self, record: dict[str, Any]) -> str:
        return self.line(record) if self.line is not None else D.fields_line(self.fields, record)

    def line_header(self) -> str | None:
        """The header above the lines of :meth:`line_of`, in the user's language (None: none named yet)."""
        return D.line_header(self.name, self.fields if self.line is None or self.line_of_fields else None)

    def picker_label(self, record: dict[str, Any]) -> str:
        """The first line of a picker: the record's name (a reference, its natural key, its number)."""
        return str(record.get("name") or record.get("reference")
                   or (record.get(self.natural_key) if self.natural_key else None) or record["id"])

    def picker_line(self, record: dict[str, Any]) -> str:
        return self.picker_detail(record) if self.picker_detail is not None else ""

    def rows_for(self, actor: Any) -> Any:
        """The clause that keeps a statement on records of this kind to the rows ``actor`` may see (an
        instructor: :attr:`instructor_rows`; a role that may not read the kind at all: none), or None where the
        role sees every row. The one rule of a role's rows of a kind: lists, reads, writes and the lookup of a
        record named by its code (``named_lists.id_named``) all take it from here."""
        from sqlalchemy import false

        if actor is None:
            return None
        if not permissions.may(actor.role, permissions.Action.READ, self.name):
            return false()
        if actor.role != "instructor" or self.instructor_rows is None:
            return None
        return self.instructor_rows(actor.instructor_id or -1)

    @property
    def permission(self) -> str:
        """The permission a write needs (``domain.permissions.Action``), as the roles define it."""
        return permissions.write_action(self.name).value

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]


# -- checks per kind (gathering what the pure rules need) ----------------------------------------

def _check_apprentice(session: Session, values: dict[str, Any], existing: Any, today: date) -> list[Problem]:
    # Changes that break an agreement in force (guardian removed, birth date moved) are not refused here:
    # other features rely on recording them; `vetdesk check` and the agreement's next change report them.
    problems = rules.check_apprentice(values, today=today)
    nss = values.get("nss")
    if isinstance(nss, str) and nss and not any(p.field == "nss" for p in problems):
        problems += _same_nss(session, nss, getattr(existing, "id", None))
    return problems


def _same_nss(session: Session, nss: str, apprentice_id: int | None) -> list[Problem]:
    """Another apprentice recorded with this NSS: warned of, naming them (two people never share one, but a
    number copied into the wrong record happens), as a CURP already registered is said."""
    stmt = select(Apprentice.id, Apprentice.given_names, Apprentice.first_surname, Apprentice.second_surname) \
        .where(Apprentice.nss == nss).order_by(Apprentice.id).limit(1)
    if apprentice_id is not None:
        stmt = stmt.where(Apprentice.id != apprentice_id)
    other = session.execute(stmt).first()
    if other is None:
        return []
    return [warning("nss", _(
        "The NSS {value} is already recorded for {name} ({kind} {id}): two people never share one. Check it "
        "against the IMSS document, and correct whichever of the two records is wrong.").format(
            value=nss, name=normalize.full_name(*other[1:]), kind=_("apprentice"), id=other[0]), "nss.duplicate")]


#: The agreements' column that names each kind a record of which may be retired (``retired_on``).
RETIRING_NAMED_BY = {"companies": "company_id", "schools": "school_id", "instructors": "instructor_id"}


def agreements_naming(session: Session, kind: str, record_ids: Sequence[int]
                      ) -> dict[int, list[rules.NamingAgreement]]:
    """The agreements not ended (drafts, and those in force) that name each of these companies, schools or
    instructors, in the order they were drawn up: what retiring one of them waits for."""
    column = getattr(LearningAgreement, RETIRING_NAMED_BY[kind])
    found: dict[int, list[rules.NamingAgreement]] = {}
    ids_ = sorted(set(record_ids))
    for start in range(0, len(ids_), 500):
        for record_id, agreement_id, reference, status, *name in session.execute(
                select(column, LearningAgreement.id, LearningAgreement.reference, LearningAgreement.status,
                       Apprentice.given_names, Apprentice.first_surname, Apprentice.second_surname)
                .join(Apprentice, Apprentice.id == LearningAgreement.apprentice_id)
                .where(column.in_(ids_[start:start + 500]),
                       LearningAgreement.status.not_in([s.value for s in lifecycle.ENDED]))
                .order_by(LearningAgreement.id)):
            found.setdefault(record_id, []).append(rules.NamingAgreement(
                reference or str(agreement_id), normalize.full_name(*name), status))
    return found


def _retiring_problems(session: Session, kind: str, values: dict[str, Any], existing: Any) -> list[Problem]:
    """A company, school or instructor being retired (its "Retired on" filled in) while agreements not ended
    name it: refused (``rules.check_retiring``), in the window, the command line and an import alike."""
    if existing is None or existing.retired_on is not None or values.get("retired_on") is None:
        return []
    return rules.check_retiring(kind, agreements_naming(session, kind, [existing.id]).get(existing.id, []))


def _check_company(session: Session, values: dict[str, Any], existing: Any, today: date) -> list[Problem]:
    return rules.check_company(values) + _retiring_problems(session, "companies", values, existing)


def _check_school(session: Session, values: dict[str, Any], existing: Any, today: date) -> list[Problem]:
    return rules.check_school(values) + _retiring_problems(session, "schools", values, existing)


def _check_instructor(session: Session, values: dict[str, Any], existing: Any, today: date) -> list[Problem]:
    problems = rules.check_instructor(values, today=today) + _retiring_problems(session, "instructors", values,
                                                                                existing)
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


def _programme_change_problems(session: Session, obj: Any, values: dict[str, Any], merged: dict[str, Any],
                               today: date) -> list[Problem]:
    """A shortened duration is warned of with how many of the programme's open agreements it leaves running
    beyond it (``rules.check_programme_duration``)."""
    if obj is None or "duration_months" not in values:
        return []
    open_statuses = [s.value for s in lifecycle.CURRENT] + [lifecycle.Status.DRAFT.value]
    terms = session.execute(select(LearningAgreement.start_date, LearningAgreement.end_date).where(
        LearningAgreement.programme_id == obj.id, LearningAgreement.status.in_(open_statuses))).all()
    return rules.check_programme_duration(obj.duration_months, merged.get("duration_months"),
                                          [(start, end) for start, end in terms if start and end])


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
            semester=apprentice.semester, school_id=apprentice.school_id, sex=apprentice.sex or "")
        rows = session.execute(select(LearningAgreement.id, LearningAgreement.status, LearningAgreement.start_date,
                                      LearningAgreement.end_date, LearningAgreement.reference)
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


#: The PostgreSQL constraint that keeps an apprentice's agreements in force from overlapping (migration 0019).
OVERLAP_CONSTRAINT = "ex_learning_agreements_current_overlap"
_CONFLICTING_KEY = re.compile(r"conflicts with existing key \(.*?\)=\((\d+), \[(\d{4}-\d\d-\d\d),(\d{4}-\d\d-\d\d)\)\)")


def _overlap_refused(session: Session, exc: IntegrityError) -> RuleViolation:
    """The database refused an agreement that overlaps another in force of the same apprentice (two PCs wrote
    them at once, or a path without the rule check): the rule's own message, naming the agreement the database
    found, when the user's scope shows it; else the same rule without its details."""
    detail = getattr(getattr(exc.orig, "diag", None), "message_detail", None) or ""
    found = _CONFLICTING_KEY.search(detail)
    other, sex = None, ""
    if found:
        apprentice_id, start, after_end = int(found[1]), date.fromisoformat(found[2]), date.fromisoformat(found[3])
        row = session.execute(select(LearningAgreement.id, LearningAgreement.status, LearningAgreement.start_date,
                                     LearningAgreement.end_date, LearningAgreement.reference).where(
            LearningAgreement.apprentice_id == apprentice_id, LearningAgreement.start_date == start,
            LearningAgreement.end_date == after_end - timedelta(days=1),  # daterange '[]' reads as [start, end+1)
            LearningAgreement.status.in_([s.value for s in lifecycle.CURRENT])).order_by(LearningAgreement.id)
            .limit(1)).first()
        session.rollback()
        other = rules.OtherAgreement(*row) if row is not None else None
        apprentice = session.get(Apprentice, apprentice_id)
        sex = (apprentice.sex or "") if apprentice is not None else ""
    if other is not None:
        return RuleViolation([rules.overlap_problem(other, sex)])
    return RuleViolation([error("start_date", _(
        "{apprentice} already has an agreement in force whose dates overlap this one. Change the dates or "
        "terminate the other agreement first.").format(apprentice=ids.apprentice_role(sex)), "dates.overlap")])


uow.constraint_refusals[OVERLAP_CONSTRAINT] = _overlap_refused


def _agreement_period(values: Mapping[str, Any]) -> int | None:
    """The apprentice whose agreements are compared with this one, when it has both dates."""
    start, end = values.get("start_date"), values.get("end_date")
    return values.get("apprentice_id") if isinstance(start, date) and isinstance(end, date) else None


def _overlaps_earlier_rows(values: Mapping[str, Any], earlier: list[tuple[int, Mapping[str, Any]]]
                           ) -> list[Problem]:
    """An agreement overlapping one in an earlier row of the same file for the same apprentice."""
    start, end = values["start_date"], values["end_date"]
    return [error("start_date", _(
        "This agreement overlaps the one in row {row} of this file for the same apprentice "
        "({start} to {end}). Change the dates or remove one of the rows.").format(
            row=row, start=shown_day(other["start_date"]), end=shown_day(other["end_date"])), "dates.overlap")
        for row, other in earlier if overlaps(start, end, other["start_date"], other["end_date"])]


#: The agreement's warnings about its instructor, and what they are about: the instructor named, and the agreement
#: counting towards the instructor's load (a status among ``lifecycle.CURRENT``).
_INSTRUCTOR_WARNINGS = frozenset({"instructor.capacity", "instructor.qualification"})


def _check_agreement(session: Session, values: dict[str, Any], existing: Any, today: date) -> list[Problem]:
    problems = rules.check_agreement(agreement_facts(session, values))
    if existing is not None:
        # A change that does not touch what the instructor's warnings are about is not asked them again (returning
        # an agreement to draft, a note): another instructor, or the agreement coming to count towards their load
        # (printed for signature), is (``training.on_change``, the rule every kind's warnings follow).
        current = {s.value for s in lifecycle.CURRENT}
        counts_now = str(values.get("status") or "") in current and existing.status not in current
        problems = T.on_change(problems, _INSTRUCTOR_WARNINGS, concerned=counts_now or bool(
            T.changed_fields(values, existing, ("instructor_id",))))
    if existing is not None and existing.status != "active" and values.get("status") == "active":
        # Starting it without the minor's permit is refused by the status change (stps.activation): said once.
        problems = [p for p in problems if p.code != "stps.permit"]
    tutor_id, school_id = values.get("tutor_id"), values.get("school_id")
    if tutor_id and school_id:
        tutor = session.get(AcademicTutor, tutor_id)
        if tutor is not None and tutor.school_id != school_id:
            problems.append(error("tutor_id", _("The academic tutor belongs to another school. Choose a tutor "
                                                "of the agreement's school."), "tutor.school"))
        elif tutor is not None and tutor.role != "tutor":
            problems.append(error("tutor_id", _("{name} is not an academic tutor of the school but its {role}. "
                                                "Choose a person recorded with the role academic tutor.").format(
                name=tutor.name, role=_(dict(F.STAFF_ROLE_CHOICES).get(tutor.role, tutor.role))), "tutor.role"))
    plan_id = values.get("rotation_plan_id")
    plan_fits = True
    if plan_id:
        plan = session.get(RotationPlan, plan_id)
        if plan is not None and (plan.company_id != values.get("company_id")
                                 or plan.programme_id != values.get("programme_id")):
            problems.append(TR.plan_mismatch())
            plan_fits = False
    # Every set-up rule is said at once, beside the agreement's own (the officer fixes all in one go); only a
    # plan of another company or programme is not measured against this agreement's term and catalogue.
    problems += TR.agreement_setup_problems(session, values, existing, today, plan_fits=plan_fits)
    going = existing is not None and _goes_to_signature(existing.status, values.get("status"))
    if (existing is None or existing.status == lifecycle.Status.DRAFT) and not going:
        # Saving a draft refuses what is wrong, not what is missing: the parties' completeness (a minor's
        # guardian) is printing for signature's rule, where everything missing is refused at once.
        problems = [replace(p, severity=Severity.WARNING) if p.code == "guardian.required" else p for p in problems]
        if existing is not None and any(p.code == "guardian.required" for p in problems):
            # ... and said whole: what the contract also asks of the guardian (address, identity document).
            problems += [replace(p, severity=Severity.WARNING) for p in contract_problems_of(session, values, None)
                         if p.code in ("contract.guardian_address", "contract.guardian_id_document")]
    if going:
        gate = _contract_gate(session, values, problems, existing)
        # A warning about a field the contract refuses is said by the refusal (the insurance's gap, once).
        refused = {p.field for p in gate if p.is_error}
        problems = [p for p in problems if p.is_error or p.field not in refused] + gate
    return problems


#: The layout an agreement is being printed in, while ``records.print_for_signature`` marks it printed (the
#: command's --template); otherwise None, the programme's layout, as printing without a choice uses.
printing_template: ContextVar[str | None] = ContextVar("printing_template", default=None)


def _goes_to_signature(current: str, status: Any) -> bool:
    """A draft leaves draft, or a printed agreement is signed (or started): what the parties sign must still be
    a contract printing would accept (a printed agreement's insurance or instructor can change before it is
    signed, and the change must not make the signed contract contradict itself)."""
    parsed = lifecycle.parse_status(status) if isinstance(status, str) else None
    if not isinstance(parsed, lifecycle.Status) or parsed.value == current:
        return False
    if current == lifecycle.Status.DRAFT:
        return parsed != lifecycle.Status.DRAFT
    return current == lifecycle.Status.PRINTED and parsed in (lifecycle.Status.SIGNED, lifecycle.Status.ACTIVE)


def _contract_gate(session: Session, values: dict[str, Any], found: list[Problem], existing: Any) -> list[Problem]:
    """A draft goes no further (printed, and so signed and active) than printing it for signature would take
    it: the contract's errors (:func:`vetdesk.domain.contract.check_contract`, the messages printing refuses
    with), no one named to sign for the chamber (``agreement_sheet.no_chamber_signatory``) and the contract's
    warnings (asked, as printing asks them), whichever way the status is set: the window's "Mark
    as printed", ``vetdesk set``, printing itself (``records.print_for_signature``, in the layout printed). A
    new agreement starts as a draft (``_agreement_change_problems``), and undo takes back field changes only,
    so neither gets past it. What the agreement's own rules said already is not said twice. A printed
    agreement is signed as the layout it went out in (``agreement_sheet.printed_layout``), not as the
    programme's."""
    from vetdesk.storage.plain import SessionReads

    layout = printing_template.get()
    if layout is None and existing.status == lifecycle.Status.PRINTED:
        layout = sheet.printed_layout(SessionReads(session), existing.id)
    gate = contract_problems_of(session, values, layout)
    if existing.status == lifecycle.Status.DRAFT:  # someone signs for the chamber, named before it goes out
        from types import SimpleNamespace

        unsigned = sheet.no_chamber_signatory(SessionReads(session), SimpleNamespace(
            school_id=values.get("school_id"), company_id=values.get("company_id"),
            start_date=values.get("start_date")))
        gate = [*gate, unsigned] if unsigned is not None else gate
    # Its warnings are asked once, when the draft goes out; the signatures meet its refusals only.
    return not_said_yet(found, gate if existing.status == lifecycle.Status.DRAFT else errors(gate))


def contract_facts(session: Session, values: dict[str, Any], template: str | None = None
                   ) -> contract.ContractFacts | None:
    """What the printed agreement with these values (saved or still in the wizard) would say; None while the
    apprentice, company, programme or dates are not chosen yet (``agreement_sheet.facts_of``)."""
    a = session.get(Apprentice, values.get("apprentice_id") or 0)
    c = session.get(Company, values.get("company_id") or 0)
    p = session.get(Programme, values.get("programme_id") or 0)
    school = session.get(School, values["school_id"]) if values.get("school_id") else None
    plan = session.get(RotationPlan, values["rotation_plan_id"]) if values.get("rotation_plan_id") else None
    from vetdesk.services.settings import strictness

    return sheet.facts_of(values, a, c, p, school, tuple(s["weeks"] for s in plan.steps) if plan is not None
                          else None, template, plan_tolerance_weeks=strictness(session).plan_term_tolerance_weeks)


def contract_problems_of(session: Session, values: dict[str, Any], template: str | None) -> list[Problem]:
    """Every problem of the contract printed for signature with these values (:mod:`vetdesk.domain.contract`)."""
    facts = contract_facts(session, values, template)
    return contract.check_contract(facts) if facts is not None else []


def _check_assessment(session: Session, values: dict[str, Any], existing: Any, today: date) -> list[Problem]:
    problems: list[Problem] = []
    agreement = session.get(LearningAgreement, values.get("agreement_id") or 0)
    competency = session.get(Competency, values.get("competency_id") or 0)
    if agreement is None or competency is None:
        return problems
    if agreement.status != lifecycle.Status.ACTIVE:
        problems.append(error("agreement_id", _("Agreement {id} is {status}; assessments are recorded only on "
                                                "an active agreement.").format(
                                                    id=agreement.reference or agreement.id,
                                                    status=lifecycle.status_label(agreement.status)),
                              "assessment.inactive"))
    if competency.programme_id != agreement.programme_id:
        problems.append(error("competency_id", _("Competency {code} is not part of the agreement's programme. "
                                                 "Choose one of the programme's competencies.")
                              .format(code=competency.code), "assessment.programme"))
    on = values.get("assessed_on")
    if isinstance(on, date) and not agreement.start_date <= on <= min(agreement.end_date, today):
        problems.append(error("assessed_on", _("The date {date} lies outside the agreement ({start} to {end}) or "
                                               "in the future.").format(date=shown_day(on),
                                                                        start=shown_day(agreement.start_date),
                                                                        end=shown_day(agreement.end_date)),
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
    if position_id is not None and agreement.rotation_plan_id is not None \
            and not TR.position_in_plan(session, agreement.rotation_plan_id, position_id):
        problems.append(error("position_id", _(
            "Learning position {id} is not part of the agreement's rotation plan. Choose one of its "
            "positions.").format(id=position_id), "assessment.position"))
    elif position_id is not None:
        problems += TR.check_competency_taught(session, position_id, competency)
    if competency.retired_on is not None and isinstance(on, date) and on >= competency.retired_on:
        problems.append(error("competency_id", _(
            "Competency {code} was retired from the catalogue on {date}; it is no longer rated. Rate the "
            "competency that replaced it.").format(code=competency.code, date=shown_day(competency.retired_on)),
            "assessment.retired"))
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
    # The version too: an UPDATE by id checks it (version_id_col) and keeps it.
    references = [{"id": i, "reference": agreement_reference(i, values["start_date"]),
                   "version": values.get("version", 1)} for i, values in written]
    session.execute(sql_update(LearningAgreement), references)
    for (_id, values), ref in zip(written, references, strict=True):
        values["reference"] = ref["reference"]


def _agreement_changed(obj: LearningAgreement, before: dict[str, Any], today: date) -> None:
    old_status = before["status"]
    # Changed terms of a printed agreement are refused unless it is put back to draft in the same change
    # (_agreement_change_problems, "terms.printed"): nothing goes back to draft, nor loses its signatures, unasked.
    _apply_status_dates(obj, old_status, obj.status, today)
    if obj.status == lifecycle.Status.DRAFT:
        obj.printed_annex = None  # a draft prints today's catalogue, and is kept anew when printed again
    elif old_status == lifecycle.Status.DRAFT:
        # What goes out for signature is kept as printed: a reprint says what was signed, whatever the
        # catalogue, the positions or the plan become (agreement_sheet.kept_annex).
        from sqlalchemy.orm import object_session

        from vetdesk.services.clauses import printed_versions
        from vetdesk.storage.plain import SessionReads

        session = object_session(obj)
        assert session is not None  # changed inside its unit of work
        obj.printed_annex = sheet.annex_of(obj, obj.programme.competencies) | {
            "clauses": printed_versions(SessionReads(session), "agreement"),
            # the guardians named in what goes out: a signed copy names them, whatever the record says later
            "guardians": [asdict(g) for g in sheet.guardian_parties(obj.apprentice)]} | \
            sheet.parties_kept(SessionReads(session), obj)


def _own_agreements(instructor_id: int) -> Any:
    return LearningAgreement.instructor_id == instructor_id


def _programme_details(programme: Programme) -> dict[str, Any]:
    return {"competencies": [{"id": c.id, "code": c.code, "title": c.title, "area": c.area,
                              "conocer_code": c.conocer_code, "kind": c.kind, "description": c.description,
                              "retired_on": c.retired_on} for c in programme.competencies]}


def _company_of_instructor(instructor_id: int) -> Any:
    return select(Instructor.company_id).where(Instructor.id == instructor_id).scalar_subquery()


def _agreement_details(agreement: LearningAgreement) -> dict[str, Any]:
    """The apprentice's rotation: each position of the plan with its planned and actual dates; and the
    amendments recorded (``vetdesk amend``), first first."""
    from sqlalchemy.orm import object_session

    from vetdesk.domain.amendments import changes_of, state
    from vetdesk.domain.amendments import reference as amendment_reference
    from vetdesk.storage.models import AgreementAmendment

    session = object_session(agreement)
    today = date.today()
    amendments = [] if session is None else [
        {"number": a.number, "reference": amendment_reference(agreement.reference, a.number),
         "state": state(a, today), "effective_on": a.effective_on, "in_effect_from": a.in_effect_from,
         "printed_on": a.printed_on, "signed_on": a.signed_on, "signatures": dict(a.signatures or {}),
         "reason": a.reason, "previous_end_date": a.previous_end_date,
         "end_date": a.end_date, "previous_plan_id": a.previous_plan_id, "rotation_plan_id": a.rotation_plan_id,
         "changes": changes_of(a)}
        for a in session.scalars(select(AgreementAmendment).where(AgreementAmendment.agreement_id == agreement.id)
                                 .order_by(AgreementAmendment.number))]
    return {"rotation": [
        {"sequence": r.sequence, "position_id": r.position_id, "position": r.name, "weeks": r.weeks,
         "planned_start": r.planned_start, "planned_end": r.planned_end, "actual_start": r.actual_start,
         "actual_end": r.actual_end} for r in TR.rotation_of(agreement)], "amendments": amendments}


def _named(*columns: str) -> dict[str, Any]:
    """A kind listed by name: its sort key folds these columns, and the list's own order is the key."""
    return {"sort_columns": columns, "order": ("sort_key",)}


KINDS: dict[str, RecordKind] = {}


def _register(kind: RecordKind) -> None:
    KINDS[kind.name] = kind


_register(RecordKind("companies", Company, F.COMPANY_FIELDS, N_("company"), N_("companies"),
                     search_columns=("name", "rfc", "state", "sector"), **_named("name"),
                     check=_check_company, unique=(("id_country", "rfc"),), defaults={"id_country": "MX"},
                     natural_key="rfc", line=D.company_line, picker_detail=D.company_detail))
_register(RecordKind("schools", School, F.SCHOOL_FIELDS, N_("school"), N_("schools"),
                     search_columns=("name", "cct", "subsystem", "state", "municipality"), **_named("name"),
                     check=_check_school, unique=(("cct",),), natural_key="cct", line=D.school_line,
                     picker_detail=D.school_detail))
_register(RecordKind("tutors", AcademicTutor, F.TUTOR_FIELDS, N_("school staff member"), N_("school staff"),
                     search_columns=("name", "email", "job_title"), **_named("name"), check=TR.check_staff,
                     defaults={"role": "tutor"}, natural_key="email", line=D.tutor_line,
                     picker_detail=D.tutor_detail, after_write=TR.liaison_written))
_register(RecordKind("programmes", Programme, F.PROGRAMME_FIELDS, N_("programme"), N_("programmes"),
                     search_columns=("code", "name"), **_named("name"), check=_check_programme,
                     change_rules=_programme_change_problems,
                     unique=(("code",),), natural_key="code", key_or="name",
                     defaults={"templates": "mmfd", "min_semester": rules.DEFAULT_MIN_SEMESTER,
                               "stps_permit_required": True},
                     initial=lambda _values: {"scale": scale_rules.FOUR_LEVELS},
                     extra=lambda p: {"scale": p.scale}, extra_from_columns=True,
                     extra_labels={"scale": N_("Rating scale")}, details=_programme_details,
                     line=D.programme_line,
                     picker_detail=D.programme_detail))
_register(RecordKind("apprentices", Apprentice, F.APPRENTICE_FIELDS, N_("apprentice"), N_("apprentices"),
                     printed_as="progress",
                     search_columns=("given_names", "first_surname", "second_surname", "curp", "email", "nss"),
                     **_named("first_surname", "second_surname", "given_names"), check=_check_apprentice,
                     unique=(("id_country", "curp"),), defaults={"id_country": "MX"}, natural_key="curp",
                     derived=lambda v: ids.from_curp(v.get("id_country"), v.get("curp")),
                     derived_from=("curp",), derived_names=("birth_date", "sex"),
                     derives=lambda v: str(v.get("id_country") or "MX") == "MX" and bool(v.get("curp")),
                     extra=lambda a: {"name": normalize.full_name(a.given_names, a.first_surname,
                                                                        a.second_surname)},
                     extra_from_columns=True, extra_labels={"name": N_("Name")},
                     instructor_rows=lambda i: Apprentice.id.in_(
                         select(LearningAgreement.apprentice_id).where(_own_agreements(i))),
                     line=D.apprentice_line, picker_detail=D.apprentice_detail,
                     walk=Walk(lambda word: text_search.holds(Apprentice.search_text, word), ("apprentices",))))
_register(RecordKind("instructors", Instructor, F.INSTRUCTOR_FIELDS, N_("instructor"), N_("instructors"),
                     search_columns=("name", "email", "qualification"), **_named("name"),
                     check=_check_instructor, natural_key="email", key_shared=True, line=D.instructor_line,
                     picker_detail=D.instructor_detail))
def _apprentice_of_agreement() -> Any:
    """An agreement's apprentice, as the apprentices' list sorts them (its sort key: the reader's order)."""
    return select(Apprentice.sort_key).where(Apprentice.id == LearningAgreement.apprentice_id).scalar_subquery()


def _company_of_agreement() -> Any:
    """An agreement's company, as the companies' list sorts them (its sort key)."""
    return select(Company.sort_key).where(Company.id == LearningAgreement.company_id).scalar_subquery()


_register(RecordKind("agreements", LearningAgreement, F.AGREEMENT_FIELDS, N_("learning agreement"),
                     N_("learning agreements"), order=("id",), check=_check_agreement,
                     # The list's Apprentice and Company columns sort by the names shown (issue 21).
                     sort_by={"apprentice_id": _apprentice_of_agreement, "company_id": _company_of_agreement},
                     signers=lambda session, obj: signatures_needed(session, obj),
                     sign_unprinted=N_("Signatures are recorded on a printed agreement: print it for signature "
                                       "first."),
                     defaults={"status": "draft", "stipend_currency": "MXN"},
                     initial=_agreement_placeholder, after_insert=_agreement_references,
                     change_rules=lambda session, obj, values, merged, today: _agreement_change_problems(
                         session, obj, values, merged, today),
                     on_change=_agreement_changed, instructor_rows=_own_agreements,
                     drawn_up_in_wizard=True, printed_as="agreement", keeps_weekly_reports=True, batch_printed=True,
                     sample_words=(N_("Preview with agreement &id:"), N_("Agreement for the preview")),
                     refusal=lambda obj, merged, problems: _agreement_refusal(obj, merged, problems),
                     search=text_search.agreements_search, details=_agreement_details,
                     status_labels={"printed": N_("Mark agreement as printed"),
                                    "draft": N_("Return agreement to draft"),
                                    "signed": N_("Sign agreement"), "active": N_("Start agreement"),
                                    "completed": N_("Complete agreement"),
                                    "terminated": N_("Terminate agreement")},
                     status_word=lifecycle.status_label, parse_status=lifecycle.parse_status,
                     parties={"company": "company_signed_on", "apprentice": "apprentice_signed_on",
                              "guardian": "guardian_signed_on", "guardian2": "guardian2_signed_on",
                              "school": "school_signed_on", "chamber": "chamber_signed_on"},
                     not_a_party=N_("{party} is not a party that signs an agreement; use one of: {names}."),
                     attachment_owner="agreement_id", told_apart_by=("apprentice_id", "company_id"),
                     line=D.agreement_line,
                     held_with=(Apprentice, "apprentice_id"),
                     walk=Walk(text_search.agreement_names, ("apprentices", "learning_agreements")),
                     exported_first=(("reference", N_("Reference")), ("status", N_("Status"))),
                     batch_rule=BatchRule(_agreement_period, _overlaps_earlier_rows)))
_register(RecordKind("assessments", Assessment, F.ASSESSMENT_FIELDS, N_("assessment"), N_("assessments"),
                     order=("id",), check=_check_assessment,
                     defaults={"rater_role": "instructor", "recognised": False},
                     instructor_rows=lambda i: Assessment.agreement_id.in_(
                         select(LearningAgreement.id).where(_own_agreements(i))),
                     search=lambda terms, fts: Assessment.agreement_id.in_(select(LearningAgreement.id).where(
                         LearningAgreement.apprentice_id.in_(
                             select(Apprentice.id).where(text_search.matches(Apprentice, terms, fts))))),
                     line=D.assessment_line))

_register(RecordKind("competencies", Competency, F.COMPETENCY_FIELDS, N_("competency"), N_("competencies"),
                     search_columns=("code", "title", "area", "conocer_code"), order=("programme_id", "position"),
                     check=TR.check_competency, unique=(("programme_id", "code"),), update_key=("programme_id", "code"),
                     defaults={"kind": "technical"}, after_insert=TR.competency_order, line=D.competency_line,
                     derived=lambda v: {"area": T.default_area(v.get("kind"))}, derived_names=("area",)))
_register(RecordKind("positions", LearningPosition, F.POSITION_FIELDS, N_("learning position"),
                     N_("learning positions"), search_columns=("name", "department"), order=("company_id", "name"),
                     check=TR.check_position, unique=(("company_id", "name"),), after_insert=TR.position_written,
                     competencies_across_programmes=True, named_within="company_id",
                     instructor_rows=lambda i: LearningPosition.company_id == _company_of_instructor(i),
                     line=D.position_line))
_register(RecordKind("rotation_plans", RotationPlan, F.PLAN_FIELDS, N_("rotation plan"), N_("rotation plans"),
                     search_columns=("name",), order=("company_id", "programme_id", "name", "plan_version"),
                     check=TR.check_plan, unique=(("company_id", "programme_id", "plan_version", "name"),),
                     defaults={"plan_version": 1}, change_rules=TR.plan_change_rules, after_insert=TR.plan_written,
                     extra=lambda p: {"total_weeks": sum(s["weeks"] for s in p.steps or [])},
                     extra_labels={"total_weeks": N_("Total weeks")},
                     instructor_rows=lambda i: RotationPlan.company_id == _company_of_instructor(i),
                     line=D.plan_line))
def _apprentice_of_period() -> Any:
    """A rotation period's apprentice, as the apprentices' list sorts them (its sort key)."""
    return (select(Apprentice.sort_key).join(LearningAgreement, LearningAgreement.apprentice_id == Apprentice.id)
            .where(LearningAgreement.id == PositionPeriod.agreement_id).scalar_subquery())


_register(RecordKind("rotations", PositionPeriod, F.ROTATION_FIELDS, N_("rotation period"), N_("rotation periods"),
                     order=("agreement_id", "actual_start", "id"), check=TR.check_period,
                     search=text_search.rotations_search, sort_by={"apprentice": _apprentice_of_period},
                     instructor_rows=lambda i: PositionPeriod.agreement_id.in_(
                         select(LearningAgreement.id).where(_own_agreements(i))), line=D.rotation_line))
_register(RecordKind("coordinators", Coordinator, F.COORDINATOR_FIELDS, N_("chamber coordinator"),
                     N_("chamber coordinators"), search_columns=("name", "email", "job_title"), order=("name",),
                     check=TR.check_coordinator, natural_key="email", line=D.coordinator_line))
_register(RecordKind("collaborations", CollaborationAgreement, F.COLLABORATION_FIELDS,
                     N_("collaboration agreement"), N_("collaboration agreements"), search_columns=("reference",),
                     sample_words=(N_("Preview with collaboration agreement &id:"),
                                   N_("Collaboration agreement for the preview")),
                     order=("id",), check=TR.check_collaboration, defaults={"status": "draft"},
                     initial=TR.collaboration_placeholder, after_insert=TR.collaboration_references,
                     change_rules=TR.collaboration_change_rules, on_change=TR.collaboration_changed,
                     search=text_search.collaborations_search, natural_key="reference",
                     signers=lambda _session, _obj: list(T.COLLABORATION_SIGNATURES),
                     sign_unprinted=N_("Signatures are recorded on a printed collaboration agreement: print it "
                                       "for signature first."),
                     status_labels={"draft": N_("Return collaboration agreement to draft"),
                                    "printed": N_("Print collaboration agreement for signature"),
                                    "signed": N_("Sign collaboration agreement"),
                                    "active": N_("Bring collaboration agreement into force"),
                                    "ended": N_("End collaboration agreement")},
                     # The action the window names "End…" (not the learning agreement's "Terminate").
                     kept_past_draft=N_("Only a draft can be deleted; this collaboration agreement is {status}. "
                                        "End it instead (End… on its page, or status=ended on the command line), "
                                        "which keeps its history."),
                     status_word=T.collaboration_status_label, parse_status=T.parse_collaboration_status,
                     parties={"school": "school_signed_on", "company": "company_signed_on",
                              "chamber": "chamber_signed_on"},
                     not_a_party=N_("{party} is not a party that signs a collaboration agreement; use one of: "
                                    "{names}."),
                     attachment_owner="collaboration_id",
                     line=D.collaboration_line))

# Chamber exams (issue 26): the rules gathered in services.exam_rules, the pure ones in domain.exams.
_register(RecordKind("exams", ExamSession, XR.EXAM_FIELDS, N_("exam"), N_("exams"),
                     search_columns=("name", "place", "examiners"), order=("held_on", "id"), check=XR.check_exam,
                     defaults=XR.EXAM_DEFAULTS))
_register(RecordKind("exam_registrations", ExamRegistration, XR.REGISTRATION_FIELDS, N_("exam registration"),
                     N_("exam registrations"), order=("exam_id", "id"), check=XR.check_registration,
                     unique=(("exam_id", "agreement_id"),), defaults={"fee_paid": False},
                     extra=XR.registration_extra, extra_labels=XR.REGISTRATION_EXTRA_LABELS,
                     instructor_rows=XR.own_registrations))
_register(RecordKind("conocer_verdicts", ConocerVerdict, XR.VERDICT_FIELDS, N_("CONOCER verdict"),
                     N_("CONOCER verdicts"), order=("apprentice_id", "assessed_on", "id"), check=XR.check_verdict,
                     instructor_rows=XR.own_apprentice_rows(ConocerVerdict)))
_register(RecordKind("school_certificates", SchoolCertificate, XR.SCHOOL_CERTIFICATE_FIELDS,
                     N_("school certificate"), N_("school certificates"), order=("apprentice_id", "issued_on", "id"),
                     check=XR.check_school_certificate,
                     instructor_rows=XR.own_apprentice_rows(SchoolCertificate)))
_register(RecordKind("logbook", LogbookWeek, LK.WEEK_FIELDS, N_("weekly report"), N_("weekly reports"),
                     order=("week_start", "agreement_id"), check=LK.check_week,
                     unique=(("agreement_id", "week_start"),), defaults={"status": "draft"},
                     change_rules=LK.week_change_rules, on_change=LK.week_changed, instructor_rows=LK.week_rows,
                     after_insert=LK.week_written, details=LK.week_details,
                     search=LK.search_weeks, status_labels=LK.STATUS_LABELS, status_word=week_status_label,
                     kept_past_draft=LK.KEPT_PAST_DRAFT, line=LK.week_line, line_of_fields=True))
_register(RecordKind("attendance", AttendanceDay, LK.ATTENDANCE_FIELDS, N_("attendance day"), N_("attendance days"),
                     order=("day", "agreement_id"), check=LK.check_attendance,
                     unique=(("agreement_id", "day"),), instructor_rows=LK.attendance_rows,
                     search=LK.search_attendance, line=LK.attendance_line, line_of_fields=True))

#: Kinds that the command line's KIND argument accepts.
PUBLIC_KINDS = ("companies", "schools", "programmes", "competencies", "apprentices", "instructors", "tutors",
                "coordinators", "collaborations", "positions", "rotation_plans", "agreements", "rotations",
                "assessments", "exams", "exam_registrations", "conocer_verdicts", "school_certificates", "logbook",
                "attendance")

_REF_MODELS: dict[str, type[Any]] = {}


def kind(name: str) -> RecordKind:
    return KINDS[name]


def batch_document(what: str) -> str:
    """The document a batch of ``what`` prints, as the kind says it (``RecordKind.printed_as``): a kind printed in
    batches prints its own document (``"agreements"`` -> ``"agreement"``, each for signature); anything else is
    the document's own name (``"progress"``: each agreement's progress report)."""
    found = KINDS.get(what)
    return found.printed_as if found is not None and found.batch_printed and found.printed_as else what


def batch_for_signature(what: str) -> bool:
    """Whether a batch of ``what`` sends each document out for signature, as the kind says it (a kind printed in
    batches whose records the parties sign, :attr:`RecordKind.parties`: a learning agreement): each draft is
    checked first (one the rules refuse is left out before anything is written) and marked printed after
    (``Office.print_for_signature``). A batch of anything else (``"progress"``: each agreement's progress report)
    only writes its documents."""
    found = KINDS.get(what)
    return found is not None and found.batch_printed and bool(found.parties)


def field_label(name: str, kind_name: str | None = None) -> str:
    """The label a form gives the field ``name`` ("Guardian's name"), looked up in ``kind_name`` first, then in
    any kind that has such a field; empty when no kind has it (a problem about the record as a whole)."""
    order = ([KINDS[kind_name]] if kind_name in KINDS else []) + list(KINDS.values())
    spec = next((f for k in order for f in k.fields if f.name == name), None)
    return spec.title() if spec is not None else ""


def problem_bullets(problems: Sequence[Problem], kind_name: str | None = None) -> list[str]:
    """Each problem on its line as a bullet, its field named by its label ("• Rotation plan: …")."""
    lines = []
    for p in problems:
        label = field_label(p.field, kind_name) if p.field else ""
        lines.append("• " + with_label(label, p.message))
    return lines


def ref_model(ref_kind: str) -> type[Any]:
    return KINDS[ref_kind].model if ref_kind in KINDS else _REF_MODELS[ref_kind]


# -- an agreement's life cycle ----------------------------------------------------------------------

def agreement_reference(agreement_id: int, start: date) -> str:
    """A stable, unique reference for documents and QR codes: CA-<start year>-<id>."""
    return f"CA-{start.year}-{agreement_id:06d}"


def signatures_needed(session: Session, agreement: LearningAgreement) -> list[str]:
    """The signature fields of the parties who sign this agreement (the school's when it names one, the
    guardian's when the apprentice is a minor on the start date, the second guardian's too when one is recorded:
    each party the printed contract has a signature line for)."""
    apprentice = session.get(Apprentice, agreement.apprentice_id)
    minor = apprentice is not None and limits.minor_on_start(apprentice.birth_date, agreement.start_date)
    return rules.signatures_needed(minor=minor, has_school=bool(agreement.school_id),
                                   second_guardian=has_second_guardian(apprentice))


def has_second_guardian(apprentice: Apprentice | None) -> bool:
    """A second parent or guardian is recorded on the apprentice (named): a minor's contract prints their line."""
    return apprentice is not None and bool((apprentice.guardian2_name or "").strip())


def _agreement_refusal(obj: Any, merged: Mapping[str, Any], problems: list[Problem]) -> str | None:
    """A draft that the change to "printed" refuses (marked as printed in the window, ``vetdesk set …
    status=printed``) is refused in printing's words (``agreement_sheet.print_refusal``): one message, whichever
    way it was to go out."""
    if obj is None or obj.status != lifecycle.Status.DRAFT.value \
            or merged.get("status") != lifecycle.Status.PRINTED.value or not errors(problems):
        return None
    name = sheet.agreement_name(obj.reference or str(obj.id), sheet.full_name(obj.apprentice) if obj.apprentice
                                else "")
    return sheet.print_refusal(name, problem_bullets(errors(problems), "agreements"))


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
        programme = session.get(Programme, merged["programme_id"]) if merged.get("programme_id") else None
        problems += rules.check_status_change(
            current, parsed, merged, minor=minor, has_school=bool(merged.get("school_id")), today=today,
            permit_required=minor and (programme is None or bool(programme.stps_permit_required)),
            second_guardian=has_second_guardian(apprentice),
            sex=(apprentice.sex or "") if apprentice is not None else "")
        if errors(problems):
            return problems
    kept = (*rules.SIGNATURE_FIELDS, *rules.GUARDIAN_SIGNATURES, "activated_on")
    problems += rules.check_signed_dates_kept({n: getattr(obj, n) for n in kept}, values, names=kept,
                                              signed=target not in lifecycle.EDITABLE)
    if target == current == lifecycle.Status.DRAFT:  # never printed (or put back): nothing signed nor begun
        problems += rules.check_draft_dates(values)
    elif target == current:  # a status change checks the signature dates itself
        problems += rules.check_signature_changes(values, today=today, printed=merged.get("printed_on"))
        problems += rules.check_step_dates({n: values[n] for n in rules.STEP_DATES if n in values}, today)
        if "activated_on" in values:
            problems += rules.check_activation_start(values["activated_on"], merged.get("start_date"))
            problems += rules.check_activation_signed(values["activated_on"], merged)
    terms = {f.name for f in F.AGREEMENT_FIELDS if f.name not in _LIFECYCLE_FIELDS}
    changed_terms = [n for n in values if n in terms and values[n] != getattr(obj, n)]
    if changed_terms and current not in lifecycle.EDITABLE:
        from vetdesk.domain.amendments import AMENDABLE

        if lifecycle.Status(current) in AMENDABLE:
            message = _("The agreement is {status}: its terms can no longer change here. Record the change as an "
                        "amendment (“Record amendment…” on the agreement, or vetdesk amend), which the parties "
                        "sign.")
        else:
            message = _("The agreement is {status}: an ended agreement's terms no longer change. Record what "
                        "happened in its notes.")
        problems.append(error(changed_terms[0], message.format(status=lifecycle.status_label(current)),
                              "terms.locked"))
    elif changed_terms and current == target == lifecycle.Status.PRINTED:
        problems.append(error(changed_terms[0], printed_terms_message(obj), "terms.printed"))
    elif changed_terms and target not in lifecycle.EDITABLE:
        problems.append(error(changed_terms[0], _(
            "The terms cannot change in the same step as the status moves to {status}: the parties sign the "
            "printed terms. Change the terms first, print again, then record the signatures.")
            .format(status=lifecycle.status_label(target)), "terms.locked"))
    return problems


def voided_signatures(obj: LearningAgreement) -> list[str]:
    """The signatures recorded on a printed agreement's copies, in the user's words ("Signed by the company on
    04/12/2026"): what putting it back to draft voids."""
    return [_("{label} {date}").format(label=field_label(name, "agreements"), date=shown_day(getattr(obj, name)))
            for name in _SIGNATURE_DATES if getattr(obj, name, None)]


def printed_terms_message(obj: LearningAgreement) -> str:
    """Why a field the printed contract states does not change on an agreement out for signature, and the two
    ways: an amendment once signed, or back to draft (named explicitly: ``status=draft`` in the same change, the
    window's question), which voids the copies handed out and the signatures recorded on them."""
    signed = voided_signatures(obj)
    if signed:
        voids = _("the copies handed out and the signatures recorded on them ({signatures})").format(
            signatures="; ".join(signed))
    else:
        voids = _("the copies handed out")
    message = _("Agreement {reference} was printed for signature: the printed contract states this, and it does not "
                "change under the copies handed out. Either keep it as printed and, once every party has signed, "
                "record the change as an amendment; or put the agreement back to draft with the change (the window "
                "asks; on the command line add status=draft), which voids {voids}, and print it for signature again.")
    return message.format(reference=obj.reference, voids=voids)


#: The agreement's fields as the parties sign them (its terms) are the others.
_LIFECYCLE_FIELDS = {
    "status", "printed_on", "company_signed_on", "apprentice_signed_on", "guardian_signed_on", "guardian2_signed_on",
    "school_signed_on", "chamber_signed_on", "activated_on", "completed_on", "terminated_on", "termination_reason",
    "notes",
    "insurance_policy", "insurance_expiry", "insurance_insurer", "stps_permit_number", "stps_permit_date",
    "instructor_id", "tutor_id",
}


_SIGNATURE_DATES = ("company_signed_on", "apprentice_signed_on", "guardian_signed_on", "guardian2_signed_on",
                    "school_signed_on", "chamber_signed_on")


def _apply_status_dates(obj: LearningAgreement, old: str, new: str, today: date) -> None:
    if old == new:
        return
    if new == "printed" and obj.printed_on is None:
        obj.printed_on = today
    elif new == "draft":
        # The copies out for signature no longer count (the window says so before): neither do the signatures
        # recorded on them; the next printing is signed afresh.
        obj.printed_on = None
        for name in _SIGNATURE_DATES:
            setattr(obj, name, None)
    elif new == "active" and obj.activated_on is None:
        obj.activated_on = today
    elif new == "completed" and obj.completed_on is None:
        obj.completed_on = today
    elif new == "terminated" and obj.terminated_on is None:
        obj.terminated_on = today
