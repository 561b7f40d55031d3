"""Gathering what each printed document shows, as plain frozen dataclasses.

The report builders in :mod:`vetdesk.reports` never query the database: they receive one of the
``*Document`` values built here. Refusals (an agreement for a minor without a guardian, a certificate
for an agreement that is not completed) are raised here as :class:`RuleViolation`, before any file is
opened.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from vetdesk.domain import contract
from vetdesk.domain import progress as P
from vetdesk.domain import scales as scale_rules
from vetdesk.domain.dates import add_months
from vetdesk.domain.identifiers import municipality_name
from vetdesk.domain.lifecycle import Status, status_label
from vetdesk.domain.problems import Problem, RuleViolation, error
from vetdesk.domain.rules import Thresholds
from vetdesk.domain.signing_place import default_place_of_signing
from vetdesk.domain.training import SCHOOL_SIGNER_ROLE, CollaborationStatus, expected_end, expected_start
from vetdesk.i18n import _, shown_day
from vetdesk.services import agreement_sheet as sheet
from vetdesk.services.agreement_sheet import FOR_SIGNATURE as FOR_SIGNATURE
from vetdesk.services.agreement_sheet import PLACEHOLDER_LOGO as PLACEHOLDER_LOGO
from vetdesk.services.agreement_sheet import TEMPLATES as TEMPLATES
from vetdesk.services.agreement_sheet import (  # the agreement's pieces, defined once there (re-exported)
    AgreementDocument,
    ApprenticeParty,
    CompanyParty,
    Letterhead,
    PersonLine,
    PositionLine,
    ProgrammeInfo,
    SchoolParty,
    _s,
    chamber_signatory,
    full_name,
    letterhead_of,
)
from vetdesk.services.agreement_sheet import CompetencyLine as CompetencyLine
from vetdesk.services.agreement_sheet import GuardianParty as GuardianParty
from vetdesk.services.agreement_sheet import PlanInfo as PlanInfo
from vetdesk.services.agreement_sheet import apprentice_party as _apprentice
from vetdesk.services.agreement_sheet import company_party as _company
from vetdesk.services.agreement_sheet import person_line as _person
from vetdesk.services.agreement_sheet import position_line as _position_line
from vetdesk.services.agreement_sheet import programme_info as _programme
from vetdesk.services.agreement_sheet import school_party as _school
from vetdesk.services.agreement_sheet import template_of as template_of
from vetdesk.services.changes import NOTHING, ChangeSet
from vetdesk.services.exam_results import result_rows, results_in
from vetdesk.services.kinds import contract_facts as contract_facts
from vetdesk.services.kinds import contract_problems_of
from vetdesk.services.logbook_record import LogbookSummary, logbook_rows, summary_in
from vetdesk.services.records import ListQuery, list_statement
from vetdesk.services.records import kind as record_kind
from vetdesk.services.settings import _load as load_settings
from vetdesk.services.training_rules import competency_in_force, current_position, dropped_of, rotation_of
from vetdesk.services.uow import acting, authorize, reading
from vetdesk.storage.engine import Database
from vetdesk.storage.models import (
    Apprentice,
    Assessment,
    CollaborationAgreement,
    Company,
    Competency,
    FeedbackNote,
    LearningAgreement,
    Programme,
    RotationPlan,
    RotationStep,
)
from vetdesk.storage.plain import SessionReads

# -- the pieces -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PositionProgress:
    sequence: int
    name: str
    department: str
    planned_weeks: int
    actual_start: date | None
    actual_end: date | None
    #: Days spent up to the end of the period; None when the position has not started by then.
    actual_days: int | None
    #: When the plan puts the position, moved by the actual dates of the positions before it.
    planned_start: date | None = None
    planned_end: date | None = None
    #: False: time recorded at a position the plan no longer lists (no number, no planned weeks).
    in_plan: bool = True


@dataclass(frozen=True)
class CompetencyProgress:
    code: str
    title: str
    area: str
    #: The latest proving rating (the instructor's or tutor's) up to the end of the period; None when not yet rated.
    level: int | None
    recognised: bool
    assessed_on: date | None
    reached: bool
    #: Socio-emotional competencies are shown but counted apart from the technical share.
    socioemotional: bool = False
    #: Who gave the rating shown: instructor or tutor ("" when not rated).
    rater_role: str = ""
    #: Their name as recorded with the rating ("" when not rated or not recorded).
    rater_name: str = ""
    #: The comment given with the rating shown ("" when none).
    comment: str = ""
    #: The apprentice's latest self-assessment (shown beside the rating, never counted).
    self_level: int | None = None
    self_assessed_on: date | None = None


@dataclass(frozen=True)
class ProgressPoint:
    on: date
    reached: int
    total: int

    @property
    def share(self) -> float:
        return self.reached / self.total if self.total else 0.0


@dataclass(frozen=True)
class FeedbackLine:
    written_on: date
    author: str
    author_role: str
    text: str


@dataclass(frozen=True)
class ProgressDocument:
    """A progress report for one apprentice's agreement over a period."""

    letterhead: Letterhead
    reference: str
    status: str
    apprentice: ApprenticeParty
    company_name: str
    school_name: str
    programme: ProgrammeInfo
    instructor_name: str
    tutor_name: str
    start_date: date
    end_date: date
    period_start: date
    period_end: date
    positions: tuple[PositionProgress, ...]
    competencies: tuple[CompetencyProgress, ...]
    reached: int
    total: int
    timeline: tuple[ProgressPoint, ...]
    feedback: tuple[FeedbackLine, ...]
    #: When and why the agreement ended early (the report says so, and runs no further).
    terminated_on: date | None = None
    termination_reason: str = ""
    completed_on: date | None = None
    #: The weekly reports and attendance of the period (issue 25).
    logbook: LogbookSummary | None = None
    #: The exam results, CONOCER verdicts and the school's certificate (issue 26): an
    #: ``exams.ApprenticeResults``.
    exams: Any = None

    @property
    def share(self) -> float:
        return self.reached / self.total if self.total else 0.0

    @property
    def qr_reference(self) -> str:
        return f"vetdesk:progress:{self.reference}:{self.period_start.isoformat()}:{self.period_end.isoformat()}"


@dataclass(frozen=True)
class AssessmentFormDocument:
    """A paper assessment form: the competencies of the apprentice's current learning position."""

    letterhead: Letterhead
    reference: str
    apprentice_name: str
    curp: str
    company_name: str
    programme: ProgrammeInfo
    instructor_name: str
    position: PositionLine
    position_start: date | None
    position_end: date | None
    #: The apprentice's recorded sex (H, M, X): the form's words for "the apprentice" follow it.
    apprentice_sex: str = "X"
    #: The country of the apprentice's personal identifier: its label (CURP, CPF…) follows it.
    id_country: str = "MX"

    @property
    def qr_reference(self) -> str:
        return f"vetdesk:form:{self.reference}:{self.position.id}"


@dataclass(frozen=True)
class CertificateDocument:
    letterhead: Letterhead
    reference: str
    apprentice: ApprenticeParty
    company: CompanyParty
    school: SchoolParty | None
    programme: ProgrammeInfo
    start_date: date
    end_date: date
    completed_on: date
    #: The learning positions the apprentice actually went through, with the weeks spent there (a position of
    #: the plan never started is not "completed", and the planned weeks are not what was done).
    positions: tuple[PositionProgress, ...]
    reached: int
    total: int
    place: str
    #: The day the certificate is issued: its date line and its signature's "issued" (None: today).
    issued_on: date | None = None
    #: The office's signature over what the certificate says (``services.signing``), printed as a QR code.
    signed: str = ""

    @property
    def qr_reference(self) -> str:
        return f"vetdesk:certificate:{self.reference}"


# -- gathering ----------------------------------------------------------------------------------------

def letterhead(session: Session) -> Letterhead:
    return letterhead_of(load_settings(session))


def place_of_signing(db: Database, *, typed: str | None, company_id: int | None) -> str:
    """The place an agreement's contract names as where it is signed (and whose courts it submits to), as it will
    print (``domain.signing_place``): what the wizard's review and the agreement's form show beside the field."""
    with reading(db) as session:
        company = session.get(Company, company_id) if company_id else None
        return default_place_of_signing(typed, company_address=company.address if company else None,
                                        company_state=company.state if company else None,
                                        office_place=letterhead(session).chamber_place)


def _missing(field: str, kind: str, record_id: int) -> RuleViolation:
    return RuleViolation([error(field, _("There is no {kind} with id {id}. Check the number (vetdesk list "
                                         "{plural}).").format(kind=_(record_kind(kind).singular), id=record_id,
                                                              plural=kind), "record.missing")])


def may_print(db: Database, document: str) -> None:
    """Refuse, before anything is read or written, a document the signed-in user's role may not print
    (``permissions.print_needs``): agreements, certificates and collaboration agreements need the right to print
    documents; a progress report, an assessment form and a weekly report form the right to read the apprentice
    and to write records to a file (an instructor prints them for the apprentices they instruct: the session's
    scope hides the others; a viewer reads them on screen and prints none)."""
    from vetdesk.domain.permissions import Action, print_needs

    who = acting(db)
    doing = {"progress": _("print a progress report"), "form": _("print an assessment form"),
             "week": _("print a weekly report form")}.get(document)
    for action in print_needs(document):
        if action is Action.READ:
            authorize(who, "read", "apprentices")
        else:
            authorize(who, str(action), doing=doing if action is Action.EXPORT else None)


def record_printings(db: Database, references: Sequence[str], document: str,
                     language: str | None = None) -> ChangeSet:
    """Record in each agreement's history that ``document`` (a progress report, an assessment form, a
    certificate, an amendment) was produced from it, by whom and in which language, in one unit of work: who
    printed an apprentice's personal data is never unknown. The signed-in user must be allowed to print the
    document (:func:`may_print`) and to see each agreement (an instructor's own apprentices'): an agreement
    outside their scope is refused as one that does not exist, and nothing is written. (Printing an agreement
    for signature is recorded by ``records.print_for_signature``.) Called through
    :meth:`vetdesk.services.office.Office.record_printings`."""
    from vetdesk.services.uow import unit_of_work

    if not references:
        return NOTHING
    may_print(db, document)
    with unit_of_work(db, _("Print a document"), permission=None) as uow:
        ids = dict(uow.session.execute(select(LearningAgreement.reference, LearningAgreement.id)
                                       .where(LearningAgreement.reference.in_(list(references)))).all())
        for reference in references:
            if reference not in ids:  # not there, or not the user's to see (the session keeps to their scope)
                raise RuleViolation([error("reference", _("There is no learning agreement with reference {ref}.")
                                           .format(ref=reference[:40]), "record.missing")])
            uow.audit(kind="agreements", record_id=ids[reference], action="print",
                      after={"document": document, "language": language or "es"})
    return uow.changes


def _agreement(session: Session, agreement_id: int) -> LearningAgreement:
    agreement = session.get(LearningAgreement, agreement_id)
    if agreement is None:
        raise _missing("id", "agreements", agreement_id)
    return agreement


def agreement_document(db: Database, agreement_id: int, *, template: str | None = None,
                       language: str | None = None, for_signature: bool = True,
                       translation: bool = False) -> AgreementDocument:
    """The learning agreement as printed (:func:`vetdesk.services.agreement_sheet.gather`, in a read session of
    the signed-in user, who must have the right to print); ``translation``: a copy to read in another language
    than the one it went out for signature in."""
    may_print(db, "agreement")
    with reading(db) as session:
        try:
            return sheet.gather(SessionReads(session), agreement_id, template=template, language=language,
                                for_signature=for_signature, translation=translation)
        except sheet.AgreementMissing:
            raise _missing("id", "agreements", agreement_id) from None


def print_layout(db: Database, agreement_id: int) -> str:
    """The layout the agreement prints in unless another is chosen (the window's preview, ``vetdesk print``
    without --template): the one it went out for signature in, else its programme's."""
    with reading(db) as session:
        ag = session.get(LearningAgreement, agreement_id)
        if ag is None:
            raise _missing("id", "agreements", agreement_id)
        went_out = sheet.printed_layout(SessionReads(session), agreement_id) \
            if ag.status != Status.DRAFT.value else None
        return went_out or template_of(ag.programme.templates if ag.programme else None)


# -- the contract's consistency --------------------------------------------------------------------------

def _agreement_values(ag: LearningAgreement) -> dict[str, Any]:
    return {c.key: getattr(ag, c.key) for c in LearningAgreement.__table__.columns if hasattr(ag, c.key)}


# What the contract would say, read in a session, is defined beside the rule that a draft goes no further than
# printing would take it (``kinds``), and read from here by the wizard, ``vetdesk check`` and printing.
_contract_problems = contract_problems_of


def contract_problems(db: Database, values: dict[str, Any], *, template: str | None = None) -> list[Problem]:
    """What would stop an agreement with these values (the wizard's, before saving) from being printed for
    signature: the same messages printing gives."""
    from vetdesk.services.records import parse_values

    typed, _unreadable = parse_values(record_kind("agreements"), {k: v for k, v in values.items()
                                                                  if record_kind("agreements").field(k)})
    with reading(db) as session:
        return _contract_problems(session, typed, template)


def holiday_proposal(db: Database, values: dict[str, Any]) -> contract.HolidayMinimum | None:
    """The least paid holiday a year the contract with these values (the wizard's, before saving) may state, by
    the law its layout cites for the apprentice's age (``contract.holiday_minimum``, the rule printing checks):
    what the wizard proposes. None until the apprentice, company, programme and dates are chosen."""
    from vetdesk.services.records import parse_values

    typed, _unreadable = parse_values(record_kind("agreements"), {k: v for k, v in values.items()
                                                                  if record_kind("agreements").field(k)})
    with reading(db) as session:
        facts = contract_facts(session, typed, None)
    if facts is None:
        return None
    return contract.holiday_minimum(minor=facts.minor, birth_date=facts.birth_date, start=facts.start,
                                    cites_jarbschg=facts.cites_bbig, days_a_week=facts.days_a_week)


def contract_problems_in(session: Session, agreement: LearningAgreement) -> list[Problem]:
    """:func:`contract_problems` of a stored agreement, inside a caller's read session (``vetdesk check``): one
    that went out for signature is judged in the layout it went out in (``agreement_sheet.printed_layout``), as
    signing judges it; a draft in its programme's."""
    layout = None
    if agreement.status != Status.DRAFT:
        from vetdesk.services.agreement_sheet import printed_layout
        from vetdesk.storage.plain import SessionReads

        layout = printed_layout(SessionReads(session), agreement.id)
    return _contract_problems(session, _agreement_values(agreement), layout)


# -- progress -----------------------------------------------------------------------------------------

def current_agreement(session: Session, apprentice_id: int, today: date | None = None) -> LearningAgreement:
    """The apprentice's agreement a report or form is about: the active one, else the most recent."""
    apprentice = session.get(Apprentice, apprentice_id)
    if apprentice is None:
        raise _missing("apprentice_id", "apprentices", apprentice_id)
    rows = list(session.scalars(select(LearningAgreement).where(LearningAgreement.apprentice_id == apprentice_id)))
    if not rows:
        raise RuleViolation([error("apprentice_id", _(
            "{name} has no learning agreement yet; draw one up before printing reports or forms.")
            .format(name=full_name(apprentice)), "print.no_agreement")])
    order = {Status.ACTIVE: 0, Status.SIGNED: 1, Status.PRINTED: 2, Status.DRAFT: 3, Status.COMPLETED: 4,
             Status.TERMINATED: 5}
    rows.sort(key=lambda ag: (order.get(Status(ag.status), 9), -ag.start_date.toordinal(), -ag.id))
    return rows[0]


def current_agreement_id(db: Database, apprentice_id: int) -> int:
    """The id of the agreement an apprentice's report or form is about (:func:`current_agreement`)."""
    with reading(db) as session:
        return current_agreement(session, apprentice_id).id


def month_points(start: date, end: date) -> list[date]:
    """Month ends from ``start`` to ``end``, and ``end`` itself (the chart's x axis)."""
    points = []
    month = date(start.year, start.month, 1)
    while True:
        nxt = add_months(month, 1)
        last = nxt - timedelta(days=1)
        if last >= end:
            break
        points.append(last)
        month = nxt
    points.append(end)
    return points


def progress_document(db: Database, *, apprentice_id: int | None = None, agreement_id: int | None = None,
                      period_start: date | None = None, period_end: date | None = None,
                      today: date | None = None) -> ProgressDocument:
    """The progress report of an apprentice's current agreement (or of ``agreement_id``) over a period.

    The period defaults to the agreement's start up to today (or its end, whichever is earlier).
    """
    today = today or date.today()
    may_print(db, "progress")
    with reading(db) as session:
        if agreement_id is not None:
            ag = session.get(LearningAgreement, agreement_id, options=_PROGRESS_LOADS)
            if ag is None:
                raise _missing("id", "agreements", agreement_id)
        elif apprentice_id is not None:
            ag = current_agreement(session, apprentice_id, today)
        else:
            raise ValueError("apprentice_id or agreement_id")
        return _progress_document(session, ag, period_start, period_end, today)


def progress_documents(db: Database, agreement_ids: Sequence[int], *,
                       today: date | None = None) -> list[ProgressDocument | RuleViolation]:
    """The progress reports of many agreements (a batch), each over its default period, in the order of
    ``agreement_ids``; an agreement that cannot have one gets its refusal in its place.

    They are gathered in one read, a handful of queries for all of them (the agreements with their parties and
    plans, their ratings, their feedback, the office's settings, each programme's catalogue once) instead of
    each report's own; each report is then made by the same code as a single one (:func:`progress_document`).
    """
    today = today or date.today()
    may_print(db, "progress")
    ids = list(agreement_ids)
    with reading(db) as session:
        found = {ag.id: ag for ag in session.scalars(
            select(LearningAgreement).where(LearningAgreement.id.in_(ids)).options(*_PROGRESS_LOADS)).unique()}
        reads = _ProgressReads(session, list(found.values()))
        out: list[ProgressDocument | RuleViolation] = []
        for agreement_id in ids:
            ag = found.get(agreement_id)
            if ag is None:
                out.append(_missing("id", "agreements", agreement_id))
                continue
            try:
                out.append(_progress_document(session, ag, None, None, today, reads))
            except RuleViolation as exc:
                out.append(exc)
        return out


class _ProgressReads:
    """What the progress reports of some agreements read besides each agreement, read once for all of them:
    the office's settings, each programme's catalogue in force on a day, every rating and feedback note (in
    the order a report lists them)."""

    def __init__(self, session: Session, agreements: Sequence[LearningAgreement]):
        self.session = session
        settings = load_settings(session)
        self.letterhead = letterhead_of(settings)
        self.overdue_days = Thresholds.from_settings(settings).logbook_overdue_days
        self._catalogues: dict[tuple[int, date], list[Competency]] = {}
        ids = [ag.id for ag in agreements]
        self.ratings: dict[int, list[Any]] = {i: [] for i in ids}
        self.notes: dict[int, list[FeedbackNote]] = {i: [] for i in ids}
        for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
            for row in session.execute(
                    select(Assessment.agreement_id, Assessment.id, Assessment.competency_id, Assessment.assessed_on,
                           Assessment.level, Assessment.recognised, Assessment.rater_role, Assessment.rater_name,
                           Assessment.comment)
                    .where(Assessment.agreement_id.in_(chunk)).order_by(Assessment.assessed_on, Assessment.id)):
                self.ratings[row[0]].append(row[1:])
            for note in session.scalars(select(FeedbackNote).where(FeedbackNote.agreement_id.in_(chunk))
                                        .order_by(FeedbackNote.written_on, FeedbackNote.id)):
                self.notes[note.agreement_id].append(note)

        self.logbook = logbook_rows(session, ids)
        self.exams = result_rows(session, agreements)

    def competencies(self, programme_id: int, on: date) -> list[Competency]:
        """The programme's competencies in force on ``on``, in the catalogue's order."""
        key = (programme_id, on)
        if key not in self._catalogues:
            self._catalogues[key] = list(self.session.scalars(
                select(Competency).where(Competency.programme_id == programme_id, competency_in_force(on))
                .order_by(Competency.position, Competency.id)))
        return self._catalogues[key]


#: What a progress report reads of its agreement, loaded with it in three queries instead of one per party and
#: per learning position as each is touched (a batch prints thousands).
_PROGRESS_LOADS = (
    joinedload(LearningAgreement.programme), joinedload(LearningAgreement.apprentice),
    joinedload(LearningAgreement.company), joinedload(LearningAgreement.school),
    joinedload(LearningAgreement.instructor), joinedload(LearningAgreement.tutor),
    joinedload(LearningAgreement.rotation_plan).selectinload(RotationPlan.plan_steps)
    .joinedload(RotationStep.position),
    selectinload(LearningAgreement.position_periods),
)


def _progress_document(session: Session, ag: LearningAgreement, period_start: date | None,
                       period_end: date | None, today: date, reads: _ProgressReads | None = None
                       ) -> ProgressDocument:
    """The progress report of ``ag`` (what the report's other reads, ``reads``, hold for it: by default read for
    it alone)."""
    reads = reads or _ProgressReads(session, [ag])
    if ag.status in (Status.DRAFT, Status.PRINTED) or ag.start_date > today:  # one activated early, too
        raise RuleViolation([error("status", _(
            "Agreement {ref} is {status} and starts on {start}: it is not in force yet, so there is no progress "
            "to report. Print the report once the training has started.").format(
                ref=ag.reference, status=status_label(ag.status), start=shown_day(ag.start_date)),
            "print.not_started")])
    # The agreement's own end: the day it was terminated or completed, else its planned end.
    last_day = ag.terminated_on or ag.completed_on or ag.end_date
    start = period_start or ag.start_date
    end = period_end or max(min(today, last_day), ag.start_date)
    if ag.terminated_on is not None and end > ag.terminated_on:
        end = max(ag.terminated_on, start)
    if end < start:
        raise RuleViolation([error("to", _("The period ends ({end}) before it starts ({start}). Give a later "
                                           "end date.").format(end=shown_day(end), start=shown_day(start)),
                                   "print.period")])
    programme = ag.programme
    scale = dict(programme.scale or scale_rules.FOUR_LEVELS)
    competencies = reads.competencies(programme.id, end)
    items = [P.CompetencyItem(c.id, c.code, c.area, c.kind or P.TECHNICAL, c.title) for c in competencies]
    # The ratings up to the period's end, oldest first (the order they were read in).
    found = [row for row in reads.ratings[ag.id] if row[2] <= end]
    ratings = [P.Rating(rid, cid, on, level, bool(rec), role or "instructor")
               for rid, cid, on, level, rec, role, _name, _comment in found]
    raters = {row[0]: row[6] or "" for row in found}
    comments = {row[0]: row[7] or "" for row in found}
    # The figures come from the progress arithmetic every other view uses (vetdesk.domain.progress),
    # taken as of each point in time: the latest rating on or before it counts.
    progress = P.compute_progress(scale, items, ratings)
    timeline = []
    for point in month_points(max(ag.start_date, min(start, end)), end):
        share = P.compute_progress(scale, items, [r for r in ratings if r.on <= point]).overall
        timeline.append(ProgressPoint(point, share.reached, share.total))
    comp_rows = []
    for c in competencies:
        r = progress.latest.get(c.id)
        own = progress.self_assessed.get(c.id)
        comp_rows.append(CompetencyProgress(code=c.code, title=c.title, area=c.area,
                                            level=r.level if r else None, recognised=bool(r and r.recognised),
                                            assessed_on=r.on if r else None, reached=c.id in progress.reached_ids,
                                            socioemotional=c.kind == P.SOCIOEMOTIONAL,
                                            rater_role=r.role if r else "",
                                            rater_name=raters.get(r.id, "") if r else "",
                                            comment=comments.get(r.id, "") if r else "",
                                            self_level=own.level if own else None,
                                            self_assessed_on=own.on if own else None))
    positions = []
    for step in rotation_of(ag):  # the actual dates, and the planned ones moved by them
        positions.append(PositionProgress(step.sequence, step.name, step.department, step.weeks, step.actual_start,
                                          step.actual_end, step.days_spent(end), step.planned_start,
                                          step.planned_end))
    for step in dropped_of(ag):  # time already spent at positions a new version of the plan dropped
        positions.append(PositionProgress(0, step.name, step.department, 0, step.actual_start,
                                          step.actual_end, step.days_spent(end), in_plan=False))
    notes = [n for n in reads.notes[ag.id] if start <= n.written_on <= end]
    feedback = tuple(FeedbackLine(n.written_on, _s(n.author), n.author_role, n.text) for n in notes)
    return ProgressDocument(
        letterhead=reads.letterhead, reference=ag.reference, status=ag.status,
        apprentice=_apprentice(ag.apprentice), company_name=ag.company.name,
        school_name=ag.school.name if ag.school else "", programme=_programme(programme),
        instructor_name=ag.instructor.name if ag.instructor else "",
        tutor_name=ag.tutor.name if ag.tutor else "", start_date=ag.start_date, end_date=ag.end_date,
        period_start=start, period_end=end, positions=tuple(positions), competencies=tuple(comp_rows),
        reached=progress.overall.reached, total=progress.overall.total, timeline=tuple(timeline),
        feedback=feedback, terminated_on=ag.terminated_on if ag.status == Status.TERMINATED else None,
        termination_reason=_s(ag.termination_reason) if ag.status == Status.TERMINATED else "",
        completed_on=ag.completed_on if ag.status == Status.COMPLETED else None,
        logbook=summary_in(session, ag, start=start, end=end, today=today,
                           overdue_days=reads.overdue_days, rows=reads.logbook[ag.id]),
        exams=results_in(session, ag, reads.exams[ag.id]))


# -- assessment form ----------------------------------------------------------------------------------

def assessment_form_document(db: Database, *, apprentice_id: int, today: date | None = None
                             ) -> AssessmentFormDocument:
    """The form for the apprentice's current learning position (by its actual dates, else by the plan)."""
    today = today or date.today()
    may_print(db, "form")
    with reading(db) as session:
        ag = current_agreement(session, apprentice_id, today)
        rotation = rotation_of(ag)
        if not rotation:
            raise RuleViolation([error("rotation_plan_id", _(
                "Agreement {ref} has no rotation plan with learning positions, so there is no current position "
                "to assess. Attach the company's rotation plan to the agreement.").format(ref=ag.reference),
                "print.no_plan")])
        current = current_position(rotation, today)
        assert ag.rotation_plan is not None  # it has a rotation
        step = ag.rotation_plan.plan_steps[current.sequence - 1]
        return AssessmentFormDocument(
            letterhead=letterhead(session), reference=ag.reference, apprentice_name=full_name(ag.apprentice),
            curp=ag.apprentice.curp, id_country=ag.apprentice.id_country or "MX", company_name=ag.company.name,
            programme=_programme(ag.programme),
            instructor_name=ag.instructor.name if ag.instructor else "",
            position=_position_line(step, ag.programme_id),
            position_start=expected_start(current),
            position_end=expected_end(current),
            apprentice_sex=ag.apprentice.sex or "X")


# -- certificate ---------------------------------------------------------------------------------------

def certificate_document(db: Database, agreement_id: int) -> CertificateDocument:
    """The completion certificate; refused unless the agreement is completed."""
    may_print(db, "certificate")
    with reading(db) as session:
        ag = _agreement(session, agreement_id)
        if ag.status != Status.COMPLETED:
            raise RuleViolation([error("status", _(
                "Agreement {ref} is {status}; a completion certificate is printed only for a completed "
                "agreement. Mark it completed first (status=completed).").format(
                    ref=ag.reference, status=status_label(ag.status)), "print.not_completed")])
        progress = _progress_document(session, ag, ag.start_date, ag.completed_on or ag.end_date,
                                      ag.completed_on or ag.end_date)
        missing = [c.code for c in progress.competencies if not c.reached and not c.socioemotional]
        if missing:
            # A completion certificate states that the training was completed: it would misstate an agreement
            # whose competencies are not all proven by the instructor's or tutor's rating.
            raise RuleViolation([error("status", _(
                "Agreement {ref}: {reached} of {total} technical competencies are proven by the instructor's or "
                "academic tutor's rating; a completion certificate needs all of them. Not yet proven: {codes}. "
                "Record the final ratings, or print a progress report instead.").format(
                    ref=ag.reference, reached=progress.reached, total=progress.total,
                    codes=", ".join(missing[:12]) + (" …" if len(missing) > 12 else "")),
                "print.not_proven")])
        head = letterhead(session)
        return CertificateDocument(
            letterhead=head, reference=ag.reference, apprentice=_apprentice(ag.apprentice), company=_company(ag),
            school=_school(ag), programme=_programme(ag.programme), start_date=ag.start_date,
            end_date=ag.end_date, completed_on=ag.completed_on or ag.end_date,
            positions=tuple(p for p in progress.positions if p.actual_days is not None),
            reached=progress.reached, total=progress.total,
            # the chamber issues the certificate: dated at the office's own place (its city setting, as the final
            # certificate is), not where the agreement was signed; blank for the hand when none is set
            place=head.chamber_place)


# -- batches -------------------------------------------------------------------------------------------

def batch_agreement_ids(db: Database, *, company_id: int | None = None, programme_id: int | None = None,
                        status: str | None = None) -> list[int]:
    """The agreements a batch prints, in the list's order (filters as on the agreements list)."""
    query = ListQuery(status=status, company_id=company_id, programme_id=programme_id)
    stmt = list_statement(record_kind("agreements"), query).with_only_columns(LearningAgreement.id)
    with reading(db) as session:
        return list(session.scalars(stmt))


def batch_left_out(db: Database, *, company_id: int | None = None, programme_id: int | None = None,
                   statuses: Sequence[str]) -> dict[str, int]:
    """How many agreements in each of ``statuses`` the batch's other filters (company, programme) match: those a
    batch of another status leaves out (progress reports print active agreements unless told), to be said."""
    counts = {status: len(batch_agreement_ids(db, company_id=company_id, programme_id=programme_id, status=status))
              for status in statuses}
    return {status: n for status, n in counts.items() if n}


def references(db: Database, agreement_ids: Sequence[int]) -> dict[int, str]:
    """The printed reference of each agreement (for file names of a batch)."""
    out: dict[int, str] = {}
    ids = list(agreement_ids)
    with reading(db) as session:
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            for agreement_id, reference in session.execute(
                    select(LearningAgreement.id, LearningAgreement.reference)
                    .where(LearningAgreement.id.in_(chunk))):
                out[agreement_id] = reference
    return out


def drafts_among(db: Database, agreement_ids: Sequence[int]) -> set[int]:
    """The agreements among these that are still drafts: printing their documents for signature makes them
    "printed" (``records.print_for_signature``), which the command line then says."""
    ids = list(agreement_ids)
    out: set[int] = set()
    with reading(db) as session:
        for i in range(0, len(ids), 500):
            out.update(session.scalars(select(LearningAgreement.id).where(
                LearningAgreement.id.in_(ids[i:i + 500]), LearningAgreement.status == Status.DRAFT.value)))
    return out


# -- collaboration agreement ----------------------------------------------------------------------------

@dataclass(frozen=True)
class CollaborationDocument:
    """A school–company collaboration agreement (convenio de colaboración) as printed."""

    letterhead: Letterhead
    reference: str
    status: str
    school: SchoolParty
    company: CompanyParty
    start_date: date
    end_date: date | None
    #: Who signs for the school (its director, :func:`school_signer`), for the company and for the chamber (the
    #: coordinator).
    school_signatory: PersonLine | None
    company_signatory: str
    coordinator: PersonLine | None
    place_of_signing: str
    #: The programmes the company trains in (its rotation plans), shown as the agreement's scope.
    programmes: tuple[str, ...]
    #: The day the last party signed (None before all have).
    signed_on: date | None = None
    #: Each party's recorded signing date: ("school", day), ("company", …), ("chamber", …).
    signed_dates: tuple[tuple[str, date], ...] = ()
    #: The version of the office's clauses each language printed when it went out for signature (None for a draft,
    #: and for one printed before vetdesk kept it: its reprint prints the text in force and says so).
    printed_clauses: Mapping[str, int] | None = None

    @property
    def qr_reference(self) -> str:
        return f"vetdesk:collaboration:{self.reference}"

    @property
    def signed_copy(self) -> bool:
        """A reprint of an agreement already signed: a copy of it, never a document to sign."""
        return self.status not in (CollaborationStatus.DRAFT, CollaborationStatus.PRINTED)


def school_signer(session: Session, c: CollaborationAgreement) -> Any:
    """Who signs a collaboration agreement for the school: the person chosen under *Signs for the school*, else
    the school's director (its legal representative) on its staff; never its liaison officer in the director's
    place (``domain.contract`` refuses a signer who is not the director on a document going out for signature).
    None when neither is recorded."""
    from vetdesk.storage.models import AcademicTutor

    if c.school_signatory is not None:
        return c.school_signatory
    return session.scalars(select(AcademicTutor).where(
        AcademicTutor.school_id == c.school_id, AcademicTutor.role == SCHOOL_SIGNER_ROLE)
        .order_by(AcademicTutor.id).limit(1)).first()


def collaboration_document(db: Database, collaboration_id: int) -> CollaborationDocument:
    """The collaboration agreement as printed."""
    from vetdesk.storage.models import RotationPlan

    may_print(db, "collaboration")
    with reading(db) as session:
        c = session.get(CollaborationAgreement, collaboration_id)
        if c is None:
            raise _missing("id", "collaborations", collaboration_id)
        s = c.school
        school = SchoolParty(name=s.name, cct=s.cct,
                             address=_s(s.address) or ", ".join(
                                 p for p in (municipality_name(s.municipality), s.state) if p),
                             liaison_name=_s(s.liaison_name))
        co = c.company
        signer = school_signer(session, c)
        if c.status in (CollaborationStatus.DRAFT, CollaborationStatus.PRINTED):  # going out for signature
            found = contract.collaboration_parties(company_address=_s(co.address),
                                                   company_representative=_s(co.legal_representative),
                                                   school_address=school.address,
                                                   company_signatory=_s(c.company_signatory),
                                                   school_signer=(signer.name, signer.role) if signer
                                                   else ("", ""))
            if found:
                heading = _("Collaboration agreement {ref} cannot be printed for signature: {problem}")
                raise RuleViolation([error(p.field, heading.format(ref=c.reference, problem=p.message) if i == 0
                                           else p.message, p.code) for i, p in enumerate(found)])
        company = CompanyParty(name=co.name, rfc=co.rfc, address=_s(co.address), state=_s(co.state),
                               legal_representative=_s(co.legal_representative), contact_name=_s(co.contact_name),
                               contact_email=_s(co.contact_email), contact_phone=_s(co.contact_phone))
        coordinator = None
        if c.coordinator is not None:
            k = c.coordinator
            coordinator = PersonLine(k.name, _s(k.job_title), _s(k.email), _s(k.phone))
        coordinator = chamber_signatory(coordinator, load_settings(session))
        programmes = tuple(session.scalars(
            select(Programme.name).join(RotationPlan, RotationPlan.programme_id == Programme.id)
            .where(RotationPlan.company_id == co.id).distinct().order_by(Programme.name)))
        head = letterhead(session)
        signatory = _person(signer)
        return CollaborationDocument(
            letterhead=head, reference=c.reference, status=c.status, school=school, company=company,
            start_date=c.start_date, end_date=c.end_date, school_signatory=signatory,
            company_signatory=_s(c.company_signatory) or _s(co.legal_representative), coordinator=coordinator,
            place_of_signing=default_place_of_signing(c.place_of_signing, company_address=co.address,
                                                      company_state=co.state, office_place=head.chamber_place),
            programmes=programmes,
            signed_on=max((d for d in (c.school_signed_on, c.company_signed_on, c.chamber_signed_on) if d),
                          default=None),
            signed_dates=tuple((party, d) for party, d in (("school", c.school_signed_on),
                                                           ("company", c.company_signed_on),
                                                           ("chamber", c.chamber_signed_on)) if d is not None),
            printed_clauses=dict(c.printed_clauses) if c.printed_clauses and c.status != CollaborationStatus.DRAFT
            else None)
