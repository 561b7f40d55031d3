"""A learning agreement as printed, gathered with plain SQL written once (``storage.plain``).

The same SQL runs in a session of the window and the batch printer (``SessionReads``, on SQLite and PostgreSQL
alike) and, for the one-shot ``vetdesk print agreement`` on a local SQLite file, on a bare ``sqlite3`` connection
(``SqliteReads``, ``services.plain_office``) before SQLAlchemy is ever imported: importing SQLAlchemy and building
the mapped classes cost more than the whole document. The rows are read into plain objects with the models'
attribute names, so the pieces below (the parties, the plan, the contract's facts) are built by one definition
from either those objects or the models' own records (the wizard's check and ``vetdesk check`` pass records),
and the same domain checks
(:mod:`vetdesk.domain.contract`, the guardian of a minor) refuse what cannot go out for signature.

This module imports neither SQLAlchemy nor the models.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from vetdesk.domain import contract, identifiers, limits, normalize, rules
from vetdesk.domain import scales as scale_rules
from vetdesk.domain.dates import age_on
from vetdesk.domain.lifecycle import Status
from vetdesk.domain.problems import Problem, RuleViolation, error, errors, warning
from vetdesk.domain.signing_place import default_place_of_signing
from vetdesk.domain.training import Strictness
from vetdesk.i18n import N_, _
from vetdesk.paths import resource_path
from vetdesk.services.clauses import LANGUAGE_NAMES, ClauseText, kept_or_current, language_of
from vetdesk.services.settings import DEFAULTS as SETTING_DEFAULTS
from vetdesk.services.settings import logo_image, stored_settings
from vetdesk.storage.plain import PlainReads, day, decimal, flag, json_value

PLACEHOLDER_LOGO = "images/logo-placeholder.png"
TEMPLATES = ("mmfd", "bbig", "both")
#: Agreements printed in these states go out for signature: what would contradict itself is refused. A reprint
#: of a signed (or later) agreement is a copy of what the parties signed and is never refused.
FOR_SIGNATURE = (Status.DRAFT.value, Status.PRINTED.value)


# -- the pieces -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Letterhead:
    """The chamber office's name, address and logo at the top of every page."""

    chamber_name: str
    chamber_address: str
    chamber_place: str
    #: The shipped placeholder (or the file an older vetdesk stored the path of), used without ``logo_image``.
    logo_path: str
    #: The office's logo as stored in the database.
    logo_image: bytes | None = None
    #: The office's paper: letter (Mexico) or a4.
    paper: str = "letter"
    #: Who signs for the chamber office where no coordinator is named (certificates, reports): the office setting.
    signatory: str = ""


@dataclass(frozen=True)
class CompanyParty:
    name: str
    rfc: str
    address: str
    state: str
    legal_representative: str
    contact_name: str
    contact_email: str
    contact_phone: str
    #: The country of the tax ID (``rfc``): a Mexican RFC of 13 characters is a natural person's.
    id_country: str = "MX"

    @property
    def natural_person(self) -> bool:
        """A natural person with business activity (persona física), not a legally constituted company."""
        return identifiers.natural_person_rfc(self.id_country, self.rfc)

    @property
    def in_own_name(self) -> bool:
        """The company declares and signs in its own name: a natural person with no other representative."""
        return contract.signs_in_own_name(natural_person=self.natural_person, name=self.name,
                                          representative=self.legal_representative)


@dataclass(frozen=True)
class ApprenticeParty:
    full_name: str
    curp: str
    birth_date: date
    sex: str
    address: str
    email: str
    phone: str
    nss: str
    semester: int | None
    medical_certificate_date: date | None
    #: The country of the personal identifier (``curp``): its label follows it (domain.identifiers).
    id_country: str = "MX"


@dataclass(frozen=True)
class GuardianParty:
    name: str
    #: A code of ``domain.choices.GUARDIAN_RELATION`` (printed in the document's language), or text as typed.
    relation: str
    id_document: str
    phone: str
    email: str
    address: str = ""


@dataclass(frozen=True)
class SchoolParty:
    name: str
    cct: str
    address: str
    liaison_name: str


@dataclass(frozen=True)
class PersonLine:
    """A named person (instructor, academic tutor, liaison, coordinator) with what identifies their role."""

    name: str
    detail: str
    email: str
    phone: str


@dataclass(frozen=True)
class PlanInfo:
    """The rotation plan an agreement's annex prints: its name, version and validity."""

    name: str
    version: int
    valid_from: date | None
    valid_until: date | None


@dataclass(frozen=True)
class ProgrammeInfo:
    code: str
    name: str
    duration_months: int
    conocer_codes: str
    nqf_level: str
    templates: str
    scale: dict[str, Any]


@dataclass(frozen=True)
class CompetencyLine:
    id: int
    code: str
    title: str
    area: str
    conocer_code: str


@dataclass(frozen=True)
class PositionLine:
    id: int
    sequence: int
    name: str
    department: str
    planned_weeks: int
    competencies: tuple[CompetencyLine, ...]


@dataclass(frozen=True)
class AgreementDocument:
    """Everything a learning agreement (MMFD layout or § 11 BBiG layout) prints."""

    letterhead: Letterhead
    reference: str
    status: str
    company: CompanyParty
    apprentice: ApprenticeParty
    #: The parents or legal guardians who sign: present exactly when the apprentice is under 18 on the start date.
    guardians: tuple[GuardianParty, ...]
    minor: bool
    age_on_start: int
    school: SchoolParty | None
    tutor: PersonLine | None
    instructor: PersonLine | None
    programme: ProgrammeInfo
    start_date: date
    end_date: date
    probation_months: int | None
    modality_years: int | None
    training_site: str
    company_days: int | None
    school_days: int | None
    weekly_pattern: str
    daily_hours: Decimal | None
    stipend_amount: Decimal | None
    stipend_currency: str
    stipend_payer: str
    stipend_period: str
    #: The stipend of each further training year (§ 17 BBiG: it rises every year).
    stipend_steps: tuple[Decimal, ...]
    insurance_insurer: str
    insurance_policy: str
    insurance_expiry: date | None
    stps_permit_number: str
    stps_permit_date: date | None
    stps_permit_required: bool
    holiday_days: int | None
    overtime_compensation: str
    collective_agreement: str
    place_of_signing: str
    positions: tuple[PositionLine, ...]
    #: paper or electronic (a code of ``domain.choices.TRAINING_RECORD``), or text as typed; "" when not chosen.
    training_record_form: str = ""
    #: The office's declarations and final clauses in the document's language (the version printed).
    clauses: ClauseText | None = None
    #: Who signs for the school (its liaison) and for the chamber (the coordinator of the school and company's
    #: collaboration agreement), when recorded.
    liaison: PersonLine | None = None
    coordinator: PersonLine | None = None
    #: The rotation plan of the annex, and the collaboration agreement the agreement is signed under.
    plan: PlanInfo | None = None
    collaboration_reference: str = ""
    #: The day the last party signed (a signed agreement's reprint is a copy of what was signed on that day);
    #: None when no signature date is recorded.
    signed_on: date | None = None
    #: Each party's signing date as recorded, on a signed agreement's copy: ("company", day), ("apprentice", …),
    #: ("guardian", …), ("guardian2", …), ("school", …), ("chamber", …); a party without a recorded date is left
    #: out (its date line stays blank).
    signed_dates: tuple[tuple[str, date], ...] = ()
    #: False when the agreement went out for signature before vetdesk kept the office's text it was printed
    #: with (before migration 0027): its reprint then prints today's text, and says so.
    text_as_signed: bool = True
    #: The layout it went out for signature in (its last printing), printed again unless another is chosen;
    #: "" for a draft or one printed before vetdesk recorded it (the programme's layout then).
    layout: str = ""
    #: A copy printed in another language than the one the agreement went out for signature in (a signed
    #: agreement's, or one asked as a translation to read before signing): that language ("es"), whose text is
    #: the one signed; the copy says on every page that it is a translation, not valid for signature. "" otherwise.
    translation_of: str = ""

    @property
    def signed_copy(self) -> bool:
        """Printed past signature (signed, active, completed, terminated): a copy of the signed document, never
        a document to sign."""
        return self.status not in FOR_SIGNATURE

    @property
    def comes_of_age(self) -> date | None:
        """The day the apprentice, a minor on the start date, turns 18 within the term (the minor's clauses apply
        until the day before); None otherwise (``limits.comes_of_age``)."""
        return limits.comes_of_age(self.apprentice.birth_date, self.start_date, self.end_date)

    @property
    def guardian(self) -> GuardianParty | None:
        """The first guardian (None for an adult)."""
        return self.guardians[0] if self.guardians else None

    @property
    def qr_reference(self) -> str:
        return f"vetdesk:agreement:{self.reference}"



# -- what a record says, for the models' records and the plain rows alike -------------------------------------

def _s(value: Any) -> str:
    return "" if value is None else str(value)


def letterhead_of(settings: Mapping[str, Any]) -> Letterhead:
    """The letterhead the office's settings describe."""
    image = logo_image(settings.get("chamber_logo"))
    return Letterhead(chamber_name=_s(settings.get("chamber_name")) or SETTING_DEFAULTS["chamber_name"],
                      chamber_address=_s(settings.get("chamber_address")),
                      chamber_place=_s(settings.get("chamber_place")),
                      logo_path=str(resource_path(PLACEHOLDER_LOGO)), logo_image=image,
                      paper=_s(settings.get("paper_size")) or "letter",
                      signatory=_s(settings.get("chamber_signatory")).strip())


def full_name(a: Any) -> str:
    return normalize.full_name(a.given_names, a.first_surname, a.second_surname)


def apprentice_party(a: Any) -> ApprenticeParty:
    return ApprenticeParty(full_name=full_name(a), curp=a.curp, birth_date=a.birth_date, sex=a.sex,
                           address=_s(a.address), email=_s(a.email), phone=_s(a.phone), nss=_s(a.nss),
                           semester=a.semester, medical_certificate_date=a.medical_certificate_date,
                           id_country=_s(getattr(a, "id_country", None)) or "MX")


def company_party(agreement: Any) -> CompanyParty:
    c = agreement.company
    return CompanyParty(name=c.name, rfc=c.rfc, address=_s(c.address), state=_s(c.state),
                        legal_representative=_s(c.legal_representative), contact_name=_s(c.contact_name),
                        contact_email=_s(c.contact_email), contact_phone=_s(c.contact_phone),
                        id_country=_s(getattr(c, "id_country", None)) or "MX")


def _school_address(s: Any) -> str:
    from vetdesk.domain.identifiers import municipality_name

    return _s(s.address) or ", ".join(p for p in (municipality_name(s.municipality), s.state) if p)


def school_party(agreement: Any) -> SchoolParty | None:
    s = agreement.school
    if s is None:
        return None
    return SchoolParty(name=s.name, cct=s.cct, address=_school_address(s), liaison_name=_s(s.liaison_name))


def programme_info(p: Any) -> ProgrammeInfo:
    return ProgrammeInfo(code=p.code, name=p.name, duration_months=p.duration_months,
                         conocer_codes=_s(p.conocer_codes), nqf_level=_s(p.nqf_level),
                         templates=p.templates or "mmfd", scale=dict(p.scale or scale_rules.FOUR_LEVELS))


def position_lines(agreement: Any) -> tuple[PositionLine, ...]:
    plan = agreement.rotation_plan
    if plan is None:
        return ()
    return tuple(position_line(s, agreement.programme_id) for s in plan.plan_steps)


def position_line(step: Any, programme_id: int) -> PositionLine:
    """A step of the plan with the competencies of the agreement's programme learned there (a position may
    teach other programmes too)."""
    p = step.position
    comps = sorted((c for c in p.competencies if c.programme_id == programme_id and c.retired_on is None),
                   key=lambda c: (c.position, c.code))
    return PositionLine(id=p.id, sequence=step.sequence, name=p.name, department=_s(p.department),
                        planned_weeks=step.weeks,
                        competencies=tuple(CompetencyLine(c.id, c.code, c.title, c.area, _s(c.conocer_code))
                                           for c in comps))


# -- what was printed for signature, kept (``learning_agreements.printed_annex``) ----------------------------

def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _day_of(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def annex_of(agreement: Any, catalogue: Any = ()) -> dict[str, Any]:
    """What the agreement printed now states of its training, as plain JSON: the programme, the rotation plan,
    each position with its weeks and the competencies learned there, and ``catalogue`` (the programme's
    competencies, records or plain rows) as far as in force. Kept when it leaves draft, so that a reprint says
    what was signed whatever the catalogue becomes (:func:`from_annex`)."""
    p, plan = agreement.programme, agreement.rotation_plan
    return {
        "term": {"start": _iso(agreement.start_date), "end": _iso(agreement.end_date)},
        "programme": {"code": p.code, "name": p.name, "duration_months": p.duration_months,
                      "conocer_codes": _s(p.conocer_codes), "nqf_level": _s(p.nqf_level)},
        "plan": None if plan is None else {"id": plan.id, "name": plan.name, "version": plan.plan_version,
                                           "valid_from": _iso(plan.valid_from),
                                           "valid_until": _iso(plan.valid_until)},
        "positions": [{"id": line.id, "sequence": line.sequence, "name": line.name, "department": line.department,
                       "weeks": line.planned_weeks,
                       "competencies": [{"id": c.id, "code": c.code, "title": c.title, "area": c.area,
                                         "conocer_code": c.conocer_code} for c in line.competencies]}
                      for line in position_lines(agreement)],
        "competencies": [{"id": c.id, "code": c.code, "title": c.title, "area": c.area,
                          "conocer_code": _s(c.conocer_code), "kind": _s(getattr(c, "kind", ""))}
                         for c in sorted(catalogue, key=lambda c: (c.position, c.code)) if c.retired_on is None],
    }


@dataclass(frozen=True)
class Annex:
    """A kept annex read back: what the document prints of the training."""

    programme: dict[str, Any]
    #: The term as printed (an amendment moves the agreement's end; the agreement as signed keeps this one).
    start: date | None
    end: date | None
    plan: PlanInfo | None
    positions: tuple[PositionLine, ...]
    competencies: tuple[CompetencyLine, ...]

    @property
    def weeks(self) -> int:
        return sum(p.planned_weeks for p in self.positions)


def from_annex(annex: Mapping[str, Any]) -> Annex:
    """A kept annex (:func:`annex_of`) as the document's pieces."""
    plan = annex.get("plan")
    term = annex.get("term") or {}
    return Annex(
        programme=dict(annex.get("programme") or {}), start=_day_of(term.get("start")), end=_day_of(term.get("end")),
        plan=None if not plan else PlanInfo(plan["name"], int(plan["version"]), _day_of(plan.get("valid_from")),
                                            _day_of(plan.get("valid_until"))),
        positions=tuple(PositionLine(id=int(p["id"]), sequence=int(p["sequence"]), name=p["name"],
                                     department=p.get("department") or "", planned_weeks=int(p["weeks"]),
                                     competencies=tuple(CompetencyLine(int(c["id"]), c["code"], c["title"],
                                                                       c.get("area") or "",
                                                                       c.get("conocer_code") or "")
                                                        for c in p.get("competencies") or ()))
                        for p in annex.get("positions") or ()),
        competencies=tuple(CompetencyLine(int(c["id"]), c["code"], c["title"], c.get("area") or "",
                                          c.get("conocer_code") or "") for c in annex.get("competencies") or ()))


def kept_annex(agreement: Any) -> Annex | None:
    """The annex the agreement was printed for signature with, when it is past draft and one was kept."""
    kept = getattr(agreement, "printed_annex", None)
    if not kept or agreement.status == Status.DRAFT.value:
        return None
    return from_annex(kept)


def person_line(person: Any) -> PersonLine | None:
    if person is None:
        return None
    return PersonLine(person.name, _s(person.job_title), _s(person.email), _s(person.phone))


def chamber_signatory(coordinator: PersonLine | None, settings: Mapping[str, Any]) -> PersonLine | None:
    """Who signs for the chamber office: the coordinator named on the collaboration agreement, else the
    signatory of the office's settings (name and title); None when neither names anyone."""
    if coordinator is not None and coordinator.name.strip():
        return coordinator
    name = _s(settings.get("chamber_signatory")).strip()
    if not name:
        return None
    return PersonLine(name, _s(settings.get("chamber_signatory_title")).strip(), "", "")


def signature_printings(reads: PlainReads, agreement_id: int) -> list[dict[str, Any]]:
    """What the history records of the agreement's own printings for signature (``records.print_for_signature``
    while it was a draft or printed, not yet signed), newest first: each entry's day, layout and language. Left out
    are the other documents printed from it (an assessment form, a progress report, an amendment: entries naming
    their ``document``), and the copies of it once signed (its status then past "printed", or marked as a copy or a
    translation), which print what was signed and never change it."""
    import json

    rows = reads.rows("SELECT action, changes FROM audit_entries WHERE kind = 'agreements' AND record_id = :id "
                      "AND action IN ('create', 'status', 'update', 'print') ORDER BY id", {"id": agreement_id})
    found: list[dict[str, Any]] = []
    status: str | None = None  # as the history last set it; unknown (None) before any entry says
    for action, changes in rows:
        if isinstance(changes, str):
            try:
                changes = json.loads(changes)
            except ValueError:
                continue
        after = ((changes or {}).get("after") or {}) if isinstance(changes, dict) else {}
        if not isinstance(after, dict):
            continue
        if action != "print":
            status = after.get("status", status)
            continue
        if after.get("document") or after.get("copy") or after.get("translation"):
            continue
        if status is not None and status not in FOR_SIGNATURE:
            continue  # a copy of the signed agreement
        found.append(after)
    return found[::-1]


def printed_layout(reads: PlainReads, agreement_id: int) -> str | None:
    """The layout the agreement last went out for signature in (its latest printing for signature:
    :func:`signature_printings`); None when it never went out or the history does not say. A printed
    agreement is signed, and reprinted, as that layout: an agreement no school is party to, printed as the AHK
    contract, is not judged as the programme's Mexican agreement."""
    for after in signature_printings(reads, agreement_id):
        layout = after.get("template")
        return layout if layout in TEMPLATES else None
    return None


def printed_language(reads: PlainReads, agreement_id: int) -> str | None:
    """The language the agreement last went out for signature in (as :func:`printed_layout`): "es", "en", "de"
    or "pt"; None when it never went out or the history does not say."""
    for after in signature_printings(reads, agreement_id):
        language = after.get("language")
        return language if language in LANGUAGE_NAMES else None
    return None


def language_change(name: str, went_out: str | None, chosen: str | None, *, signed: bool) -> Problem | None:
    """Printing an agreement that went out for signature in the language ``went_out`` in another one (``chosen``),
    as :func:`layout_change` for a layout: refused once a party's signature is recorded (what was signed is that
    language's text), naming the language of record; before any, a warning that the copies handed out are void,
    as the new language becomes the one the parties sign. ``name``: the agreement in the user's words."""
    if not went_out or not chosen or chosen.split("_")[0] == went_out:
        return None
    chosen = chosen.split("_")[0]
    if signed:
        return error("", _("Agreement {agreement} went out for signature in {language} and signatures are recorded "
                           "on it: the text signed is the {language} one, and it cannot be printed in {other}. "
                           "Print it in {language}; to print another language, put the agreement back to draft "
                           "(this voids the signatures recorded) and print it for signature again.").format(
            agreement=name, language=_(LANGUAGE_NAMES[went_out]), other=_(LANGUAGE_NAMES.get(chosen, chosen))),
            "print.language_signed")
    return warning("", _("Agreement {agreement} went out for signature in {language}. Printed in {other}, this "
                         "becomes the language the parties sign, and the copies already handed out are void: collect "
                         "them and hand out the new ones.").format(
        agreement=name, language=_(LANGUAGE_NAMES[went_out]), other=_(LANGUAGE_NAMES.get(chosen, chosen))),
        "print.language_changed")


def translation_refusal(name: str, status: str, went_out: str | None, chosen: str | None) -> Problem | None:
    """Why this agreement cannot be printed as a translation in ``chosen`` (None: it can). A translation is a copy
    for reading, not for signature, in another language than the one the agreement went out for signature in (and
    is signed in): a draft has no such language yet (the language it is first printed in becomes it), and in that
    language itself a copy is the text to sign, not a translation. ``name``: the agreement in the user's words."""
    chosen = (chosen or "es").split("_")[0]
    if status == Status.DRAFT.value or not went_out:
        return error("", _("Agreement {agreement} has not gone out for signature yet: it is signed in the language "
                           "it is first printed in. Print it for signature in that language, then print a "
                           "translation in another.").format(agreement=name), "print.translation_draft")
    if chosen == went_out:
        return error("", _("Agreement {agreement} went out for signature in {language}: printed in {language}, it is "
                           "the text to sign, not a translation. Choose another language for a translation.").format(
            agreement=name, language=_(LANGUAGE_NAMES[went_out])), "print.translation_same")
    return None


def layout_of_record(reads: PlainReads, agreement_id: int, programme_templates: str | None) -> str:
    """The layout a printed agreement's parties sign: the one it last went out in (:func:`printed_layout`), else —
    marked as printed by hand ("Mark as printed", ``vetdesk set status=printed``) or printed before histories said
    the layout — its programme's, which is what such a copy was printed in."""
    return printed_layout(reads, agreement_id) or template_of(programme_templates)


def template_of(programme_templates: str | None, chosen: str | None = None) -> str:
    """The layout printed: the one chosen, else the programme's; anything unknown prints the MMFD layout."""
    value = (chosen or programme_templates or "mmfd").strip().lower()
    return value if value in TEMPLATES else "mmfd"


# -- the contract's consistency --------------------------------------------------------------------------

def facts_of(values: Mapping[str, Any], a: Any, c: Any, p: Any, school: Any, plan_weeks: tuple[int, ...] | None,
             template: str | None = None, *, plan_tolerance_weeks: int = 0) -> contract.ContractFacts | None:
    """What the printed agreement with these values (saved or still in the wizard) would say, from its
    apprentice, company, programme and school (records or plain rows) and its plan's weeks; None while the
    apprentice, company, programme or dates are not chosen yet."""
    start, end = values.get("start_date"), values.get("end_date")
    if a is None or c is None or p is None or not isinstance(start, date) or not isinstance(end, date):
        return None
    guardians = tuple(contract.GuardianFacts(n, _s(name), _s(relation), _s(address), _s(document))
                      for n, name, relation, address, document in (
                          (1, a.guardian_name, a.guardian_relation, a.guardian_address, a.guardian_id_document),
                          (2, a.guardian2_name, a.guardian2_relation, a.guardian2_address, a.guardian2_id_document))
                      if _s(name).strip())
    hours = values.get("daily_hours")
    amount = values.get("stipend_amount")
    return contract.ContractFacts(
        template=template_of(p.templates, template), start=start, end=end,
        minor=limits.minor_on_start(a.birth_date, start), birth_date=a.birth_date,
        apprentice_sex=_s(getattr(a, "sex", "")),
        apprentice_address=_s(a.address), apprentice_nss=_s(a.nss), guardians=guardians,
        company_address=_s(c.address), company_representative=_s(c.legal_representative), company_name=_s(c.name),
        company_natural_person=identifiers.natural_person_rfc(getattr(c, "id_country", None), c.rfc),
        has_school=school is not None,
        school_address=_school_address(school) if school else "",
        school_signatory=_s(getattr(school, "liaison_name", None)) if school else "",
        has_instructor=bool(values.get("instructor_id")), probation_months=values.get("probation_months"),
        modality_years=values.get("modality_years"),
        daily_hours=Decimal(str(hours)) if hours is not None else None,
        weekly_pattern=values.get("weekly_pattern"), company_days=values.get("company_days"),
        school_days=values.get("school_days"),
        stipend_amount=Decimal(str(amount)) if amount is not None else None,
        stipend_steps=contract.parse_steps(values.get("stipend_steps")), stipend_period=values.get("stipend_period"),
        stipend_payer=values.get("stipend_payer"), insurance_policy=_s(values.get("insurance_policy")),
        insurance_insurer=_s(values.get("insurance_insurer")),
        insurance_expiry=values.get("insurance_expiry"), holiday_days=values.get("holiday_days"),
        overtime=values.get("overtime_compensation"), training_record_form=values.get("training_record_form"),
        plan_weeks=plan_weeks, plan_tolerance_weeks=plan_tolerance_weeks)


def refuse_for_signature(reference: str, facts: contract.ContractFacts | None) -> None:
    """Refuse an agreement going out for signature whose contract would contradict itself or the law it cites,
    or leave a party or term blank (:mod:`vetdesk.domain.contract`); the agreement is named once, before its
    first problem."""
    found = errors(contract.check_contract(facts)) if facts is not None else []
    if found:
        heading = _("Agreement {ref} cannot be printed for signature: {problem}")
        raise RuleViolation([error(p.field, heading.format(ref=reference, problem=p.message) if i == 0
                                   else p.message, p.code) for i, p in enumerate(found)])


# -- the rows, read with plain SQL ----------------------------------------------------------------------

class AgreementMissing(LookupError):
    """No agreement has the id asked for (the caller says so in its own words)."""


_DATES = frozenset({"birth_date", "medical_certificate_date", "start_date", "end_date", "insurance_expiry",
                    "stps_permit_date", "valid_from", "valid_until", "retired_on"})
_DECIMALS = {"daily_hours": 2, "stipend_amount": 2}
_FLAGS = frozenset({"stps_permit_required"})
_JSON = frozenset({"scale", "printed_annex"})

_AGREEMENT = ("id, reference, apprentice_id, company_id, school_id, programme_id, instructor_id, tutor_id, "
              "rotation_plan_id, status, start_date, end_date, probation_months, modality_years, training_site, "
              "company_days, school_days, weekly_pattern, daily_hours, stipend_amount, stipend_currency, "
              "stipend_payer, stipend_period, stipend_steps, insurance_insurer, insurance_policy, insurance_expiry, "
              "stps_permit_number, stps_permit_date, holiday_days, overtime_compensation, collective_agreement, "
              "training_record_form, place_of_signing, printed_annex")
_APPRENTICE = ("id, id_country, curp, given_names, first_surname, second_surname, birth_date, sex, email, phone, "
               "address, semester, nss, guardian_name, guardian_relation, guardian_phone, guardian_email, "
               "guardian_id_document, guardian_address, guardian2_name, guardian2_relation, guardian2_phone, "
               "guardian2_email, guardian2_id_document, guardian2_address, medical_certificate_date")
_COMPANY = "id, name, id_country, rfc, state, address, legal_representative, contact_name, contact_email, contact_phone"
_SCHOOL = "id, name, cct, state, municipality, address, liaison_name, email, phone"
_PROGRAMME = "id, code, name, duration_months, nqf_level, conocer_codes, templates, scale, stps_permit_required"
_INSTRUCTOR = "id, name, email, phone, job_title, qualification"
_PERSON = "id, name, job_title, email, phone"
_PLAN = "id, name, plan_version, valid_from, valid_until"


def _record(names: str, row: tuple[Any, ...]) -> SimpleNamespace:
    """A row as an object with the model's attribute names and value types."""
    values: dict[str, Any] = {}
    for name, value in zip((n.strip() for n in names.split(",")), row, strict=True):
        if name in _DATES:
            value = day(value)
        elif name in _DECIMALS:
            value = decimal(value, _DECIMALS[name])
        elif name in _FLAGS:
            value = flag(value)
        elif name in _JSON:
            value = json_value(value)
        values[name] = value
    return SimpleNamespace(**values)


def _one(reads: PlainReads, names: str, table: str, record_id: int | None) -> SimpleNamespace | None:
    if record_id is None:
        return None
    rows = reads.rows(f"SELECT {names} FROM {table} WHERE id = :id", {"id": record_id})
    return _record(names, rows[0]) if rows else None


def _plan(reads: PlainReads, plan_id: int | None) -> SimpleNamespace | None:
    """The rotation plan with its steps in order, each step's position with its competencies."""
    plan = _one(reads, _PLAN, "rotation_plans", plan_id)
    if plan is None:
        return None
    steps = reads.rows("SELECT s.sequence, s.weeks, p.id, p.name, p.department FROM rotation_plan_steps s "
                       "JOIN learning_positions p ON p.id = s.position_id WHERE s.plan_id = :plan "
                       "ORDER BY s.sequence", {"plan": plan_id})
    taught: dict[int, list[SimpleNamespace]] = {}
    for position_id, *competency in reads.rows(
            "SELECT pc.position_id, c.id, c.code, c.title, c.area, c.conocer_code, c.position, c.programme_id, "
            "c.retired_on FROM position_competencies pc JOIN competencies c ON c.id = pc.competency_id "
            "WHERE pc.position_id IN (SELECT position_id FROM rotation_plan_steps WHERE plan_id = :plan) "
            "ORDER BY c.position, c.id", {"plan": plan_id}):
        taught.setdefault(position_id, []).append(
            _record("id, code, title, area, conocer_code, position, programme_id, retired_on", tuple(competency)))
    plan.plan_steps = [SimpleNamespace(sequence=sequence, weeks=weeks, position=SimpleNamespace(
        id=position_id, name=name, department=department, competencies=taught.get(position_id, [])))
        for sequence, weeks, position_id, name, department in steps]
    return plan


def _collaboration(reads: PlainReads, ag: Any) -> SimpleNamespace | None:
    """The collaboration agreement between the agreement's school and company: the one in force on its start
    date, else the latest one not ended; with its coordinator."""
    if ag.school_id is None:
        return None
    from vetdesk.domain.training import in_force

    names = "id, reference, status, start_date, end_date, coordinator_id"
    rows = [_record(names, r) for r in reads.rows(
        f"SELECT {names} FROM collaboration_agreements WHERE school_id = :school AND company_id = :company "
        "ORDER BY id DESC", {"school": ag.school_id, "company": ag.company_id})]
    current = [c for c in rows if in_force(c.status, c.start_date, c.end_date, ag.start_date)]
    candidates = current or [c for c in rows if c.status != "ended"]
    if not candidates:
        return None
    found = candidates[0]
    found.coordinator = _one(reads, _PERSON, "coordinators", found.coordinator_id)
    return found


def no_chamber_signatory(reads: PlainReads, ag: Any) -> Problem | None:
    """The refusal of an agreement going out for signature with no one to sign for the chamber (no coordinator
    on the school and company's collaboration agreement, no signatory in the office's settings): a rule of the
    change to "printed" (``kinds._contract_gate``), so that printing (asked before anything is printed:
    ``print_check.print_checks``), the window's *Mark as printed* and ``vetdesk set … status=printed`` give the
    one verdict in the one wording. ``ag``: the agreement's school, company and start date."""
    collaboration = _collaboration(reads, ag)
    if chamber_signatory(person_line(collaboration.coordinator) if collaboration is not None else None,
                         stored_settings(reads)) is not None:
        return None
    return error("", _("No one is named to sign for the chamber office. Choose the coordinator on the "
                       "collaboration agreement between the school and the company, or fill in \u201cWho signs for "
                       "the chamber\u201d in the office's settings."), "print.chamber_signatory")


def _liaison(reads: PlainReads, ag: Any) -> PersonLine | None:
    """Who signs for the school: its liaison on record (the first), else the liaison's name on the school."""
    if ag.school is None:
        return None
    staff = reads.rows(f"SELECT {_PERSON} FROM academic_tutors WHERE school_id = :school AND role = 'liaison' "
                       "ORDER BY id LIMIT 1", {"school": ag.school_id})
    if staff:
        return person_line(_record(_PERSON, staff[0]))
    name = _s(ag.school.liaison_name)
    return PersonLine(name, "", _s(ag.school.email), _s(ag.school.phone)) if name else None


def agreement_record(reads: PlainReads, agreement_id: int) -> SimpleNamespace:
    """The agreement with its apprentice, company, school, programme, instructor, tutor and plan, as the models'
    records name them (:class:`AgreementMissing` when there is none)."""
    ag = _one(reads, _AGREEMENT, "learning_agreements", agreement_id)
    if ag is None:
        raise AgreementMissing(agreement_id)
    ag.apprentice = _one(reads, _APPRENTICE, "apprentices", ag.apprentice_id)
    ag.company = _one(reads, _COMPANY, "companies", ag.company_id)
    ag.school = _one(reads, _SCHOOL, "schools", ag.school_id)
    ag.programme = _one(reads, _PROGRAMME, "programmes", ag.programme_id)
    ag.instructor = _one(reads, _INSTRUCTOR, "instructors", ag.instructor_id)
    ag.tutor = _one(reads, _PERSON, "academic_tutors", ag.tutor_id)
    ag.rotation_plan = _plan(reads, ag.rotation_plan_id)
    return ag


def agreement_values(ag: Any) -> dict[str, Any]:
    """The agreement's own columns (what the wizard's values name)."""
    return {name.strip(): getattr(ag, name.strip()) for name in _AGREEMENT.split(",")}


# -- the document -----------------------------------------------------------------------------------------

def gather(reads: PlainReads, agreement_id: int, *, template: str | None = None, language: str | None = None,
           for_signature: bool = True, parties_as_signed: bool = True,
           translation: bool = False) -> AgreementDocument:
    """The learning agreement as printed. An agreement that goes out for signature (a draft, or printed but
    not yet signed) is refused, before any file is opened, when the contract would contradict itself or the
    law it cites, or leave a party or term blank; a minor's agreement without a guardian is refused always.
    ``parties_as_signed``: a signed agreement names the company and the school as they signed it (False: as
    recorded today, for a new document its parties sign now, an amendment). ``translation``: a copy in another
    language than the one it went out for signature in, to read before signing, marked as such on every page
    (:func:`translation_refusal` says when there is none); a signed agreement's copy in another language is one
    always."""
    ag = agreement_record(reads, agreement_id)
    if translation and ag.status in FOR_SIGNATURE:
        refused = translation_refusal(ag.reference or str(agreement_id), ag.status,
                                      printed_language(reads, agreement_id), language)
        if refused is not None:
            raise RuleViolation([refused])
    went_out = printed_layout(reads, agreement_id) if ag.status != Status.DRAFT.value else None
    template = template or went_out
    if for_signature and ag.status in FOR_SIGNATURE:
        kept = kept_annex(ag)  # a printed agreement's reprint goes out as it was printed
        plan_weeks = (tuple(p.planned_weeks for p in kept.positions) if kept is not None and kept.plan is not None
                      else tuple(s.weeks for s in ag.rotation_plan.plan_steps) if ag.rotation_plan is not None
                      else None)
        tolerance = Strictness.from_settings(stored_settings(reads)).plan_term_tolerance_weeks
        refuse_for_signature(ag.reference, facts_of(agreement_values(ag), ag.apprentice, ag.company, ag.programme,
                                                    ag.school, plan_weeks, template, plan_tolerance_weeks=tolerance))
    doc = _document(reads, ag, parties_as_signed=parties_as_signed)
    if for_signature and ag.status in FOR_SIGNATURE and doc.coordinator is None:
        # (the message names the setting in the user's words: no internal field name before it)
        raise RuleViolation([error("", _(
            "Agreement {ref} cannot be printed for signature: no one is named to sign for the chamber office. "
            "Choose the coordinator on the collaboration agreement between the school and the company, or fill "
            "in \u201cWho signs for the chamber\u201d in the office's settings, then print again.").format(
                ref=ag.reference), "print.chamber_signatory")])
    kept = ag.printed_annex.get("clauses") if ag.printed_annex and ag.status != Status.DRAFT.value else None
    doc = replace(doc, clauses=kept_or_current(reads, "agreement", language_of(language or "es"), kept))
    if doc.signed_copy:
        dates = signing_dates(reads, agreement_id)
        doc = replace(doc, signed_on=max(dates.values(), default=None), signed_dates=tuple(dates.items()),
                      text_as_signed=bool(kept))
        signed_in = printed_language(reads, agreement_id)
        if signed_in is not None and signed_in != language_of(language or "es"):
            doc = replace(doc, translation_of=signed_in)
    elif translation:  # out for signature in another language: this copy is for reading
        doc = replace(doc, translation_of=printed_language(reads, agreement_id) or "")
    return replace(doc, layout=went_out or "")


#: The parties whose signing date an agreement records ("company", "apprentice", "guardian", …): the domain's
#: signing parties (:data:`vetdesk.domain.rules.SIGNING_PARTIES`), named without their field's "_signed_on".
SIGNING_PARTIES = tuple(field.removesuffix("_signed_on") for field in rules.SIGNING_PARTIES)
_SIGNED = ", ".join(f"{party}_signed_on" for party in SIGNING_PARTIES)


def signing_dates(reads: PlainReads, agreement_id: int) -> dict[str, date]:
    """Each party's recorded signing date, by party (:data:`SIGNING_PARTIES`); the last of them is the day the
    agreement was signed (its copy says so)."""
    rows = reads.rows(f"SELECT {_SIGNED} FROM learning_agreements WHERE id = :id", {"id": agreement_id})
    found = zip(SIGNING_PARTIES, (day(v) for v in (rows[0] if rows else ())), strict=False)
    return {party: d for party, d in found if d is not None}


def kept_text_note(reads: PlainReads, agreement_id: int, language: str | None) -> str:
    """What a reprint of an agreement past draft says of its office text when the office has saved another
    version since it went out for signature: the copy prints the version kept with the printing (the words
    signed), not the current one. "" when they are the same, or for a draft (it prints today's text)."""
    from vetdesk.services.clauses import current_from, version_from

    rows = reads.rows("SELECT reference, status, printed_annex FROM learning_agreements WHERE id = :id",
                      {"id": agreement_id})
    if not rows or rows[0][1] == Status.DRAFT.value:
        return ""
    reference, status, annex = rows[0][0], rows[0][1], json_value(rows[0][2])
    code = language_of(language or "es")
    version = ((annex or {}).get("clauses") or {}).get(code)
    if version is None:
        return ""
    current = current_from(reads, "agreement", code)
    if current.version == int(version):
        return ""
    kept = version_from(reads, "agreement", code, int(version))
    if status in FOR_SIGNATURE:
        return _("Agreement {ref} is printed with the office's text it went out for signature with ({kept}), not "
                 "the text edited since ({current}): the parties sign the words handed out.").format(
                     ref=reference, kept=kept.label, current=current.label)
    return _("This copy of agreement {ref} prints the office's text it was signed with ({kept}), not the text "
             "edited since ({current}).").format(ref=reference, kept=kept.label, current=current.label)


def guardian_parties(apprentice: Any) -> tuple[GuardianParty, ...]:
    """The apprentice's parents or legal guardians as recorded (the first, then a second when named)."""
    out: tuple[GuardianParty, ...] = ()
    for prefix in ("guardian_", "guardian2_"):
        name = _s(getattr(apprentice, prefix + "name"))
        if name.strip():
            out += (GuardianParty(name=name, relation=_s(getattr(apprentice, prefix + "relation")),
                                  id_document=_s(getattr(apprentice, prefix + "id_document")),
                                  phone=_s(getattr(apprentice, prefix + "phone")),
                                  email=_s(getattr(apprentice, prefix + "email")),
                                  address=_s(getattr(apprentice, prefix + "address"))),)
    return out


def parties_kept(reads: PlainReads, ag: Any) -> dict[str, Any]:
    """The company and the school as the agreement going out for signature names them (their names, addresses,
    the company's legal representative), with who signs for the school and for the chamber: kept with the
    printing (``printed_annex``), so that a signed agreement's copy names the parties who signed, whatever their
    records say later (:func:`_document`)."""
    school, liaison = school_party(ag), _liaison(reads, ag)
    collaboration = _collaboration(reads, ag)
    settings = stored_settings(reads)
    coordinator = chamber_signatory(person_line(collaboration.coordinator) if collaboration is not None else None,
                                    settings)
    company = company_party(ag)
    # the place the copies say they are signed at, and whose courts they name: an empty field's place follows the
    # office's setting, which may change after the signatures
    place = default_place_of_signing(ag.place_of_signing, company_address=company.address,
                                     company_state=company.state, office_place=letterhead_of(settings).chamber_place)
    return {"company": asdict(company), "school": asdict(school) if school is not None else None,
            "school_signatory": asdict(liaison) if liaison is not None else None,
            "chamber_signatory": asdict(coordinator) if coordinator is not None else None,
            "place_of_signing": place}


def _kept_parties(ag: Any) -> dict[str, Any] | None:
    """The parties kept when a signed agreement (or one further along) went out for signature; None for one
    going out for signature (it names them as recorded today) or printed before vetdesk kept them."""
    annex = ag.printed_annex or {}
    if ag.status in FOR_SIGNATURE or "company" not in annex:
        return None
    return annex


def _document(reads: PlainReads, ag: Any, *, parties_as_signed: bool = True) -> AgreementDocument:
    a = ag.apprentice
    minor = limits.minor_on_start(a.birth_date, ag.start_date)
    guardians: tuple[GuardianParty, ...] = ()
    if minor:
        if not (a.guardian_name or "").strip():
            raise RuleViolation([error("guardian_name", _(
                "{name} is under {adult} on the start date of agreement {ref}, and no parent or legal guardian is "
                "recorded. Record the guardian on the Apprentices page (name, relation, phone), then print again.")
                .format(name=full_name(a), ref=ag.reference, adult=limits.ADULT_AGE), "print.guardian")])
        guardians = guardian_parties(a)
        kept_guardians = (ag.printed_annex or {}).get("guardians") if ag.status not in FOR_SIGNATURE else None
        if kept_guardians is not None:
            # A signed agreement's copy names the guardians who signed it, as they were when it went out for
            # signature: one renamed or added since is not a party to what was signed.
            guardians = tuple(GuardianParty(**g) for g in kept_guardians)
    instructor = None
    if ag.instructor is not None:
        i = ag.instructor
        detail = ", ".join(p for p in (i.job_title, i.qualification) if p)
        instructor = PersonLine(i.name, detail, _s(i.email), _s(i.phone))
    tutor = person_line(ag.tutor)
    collaboration = _collaboration(reads, ag)
    head = letterhead_of(settings := stored_settings(reads))
    coordinator = chamber_signatory(person_line(collaboration.coordinator) if collaboration is not None else None,
                                    settings)
    plan = None
    if ag.rotation_plan is not None:
        rp = ag.rotation_plan
        plan = PlanInfo(rp.name, rp.plan_version, rp.valid_from, rp.valid_until)
    programme, positions = programme_info(ag.programme), position_lines(ag)
    kept = kept_annex(ag)
    if kept is not None:  # past draft: what was printed for signature, whatever the catalogue says today
        programme = replace(programme, **{k: v for k, v in kept.programme.items()
                                          if k in ("code", "name", "duration_months", "conocer_codes", "nqf_level")})
        plan, positions = kept.plan, kept.positions
    start, end = (kept.start or ag.start_date, kept.end or ag.end_date) if kept is not None else \
        (ag.start_date, ag.end_date)
    company, school, liaison = company_party(ag), school_party(ag), _liaison(reads, ag)
    signed = _kept_parties(ag) if parties_as_signed else None
    if signed is not None:
        # A signed agreement's copy names the parties as they went out for signature: a company or school
        # renamed since, or another representative, liaison or coordinator, did not sign it.
        company = CompanyParty(**signed["company"])
        school = SchoolParty(**signed["school"]) if signed.get("school") else None
        liaison = PersonLine(**signed["school_signatory"]) if signed.get("school_signatory") else None
        coordinator = PersonLine(**signed["chamber_signatory"]) if signed.get("chamber_signatory") else None
    place = default_place_of_signing(ag.place_of_signing, company_address=company.address,
                                     company_state=company.state, office_place=head.chamber_place)
    if signed is not None and signed.get("place_of_signing"):
        place = signed["place_of_signing"]  # where the signed copies say they were signed
    return AgreementDocument(
        letterhead=head, reference=ag.reference, status=ag.status, company=company,
        apprentice=apprentice_party(a), guardians=guardians, minor=minor,
        age_on_start=age_on(a.birth_date, ag.start_date),
        school=school, tutor=tutor, instructor=instructor, programme=programme,
        start_date=start, end_date=end, probation_months=ag.probation_months,
        modality_years=ag.modality_years, training_site=_s(ag.training_site), company_days=ag.company_days,
        school_days=ag.school_days, weekly_pattern=_s(ag.weekly_pattern), daily_hours=ag.daily_hours,
        stipend_amount=ag.stipend_amount, stipend_currency=ag.stipend_currency or "MXN",
        stipend_payer=_s(ag.stipend_payer), stipend_period=_s(ag.stipend_period),
        stipend_steps=contract.parse_steps(ag.stipend_steps), training_record_form=_s(ag.training_record_form),
        insurance_insurer=_s(ag.insurance_insurer), insurance_policy=_s(ag.insurance_policy),
        insurance_expiry=ag.insurance_expiry, stps_permit_number=_s(ag.stps_permit_number),
        stps_permit_date=ag.stps_permit_date, stps_permit_required=bool(ag.programme.stps_permit_required),
        holiday_days=ag.holiday_days, overtime_compensation=_s(ag.overtime_compensation),
        collective_agreement=_s(ag.collective_agreement),
        place_of_signing=place,
        positions=positions,
        liaison=liaison, coordinator=coordinator, plan=plan,
        collaboration_reference=collaboration.reference if collaboration is not None else "")


# -- the printing, as the agreement's history records it ---------------------------------------------------

def print_label(status: str | None = None) -> str:
    """The operation's name in the history: printing for signature, or (an agreement signed or further along,
    ``status``) printing a copy of the signed agreement."""
    if status is not None and status not in FOR_SIGNATURE:
        return _("Print a copy of the signed agreement")
    return _("Print agreement for signature")


def printing_entry(today: date, template: str | None, programme_templates: str | None,
                   text: ClauseText, *, translation: bool = False, copy: bool = False) -> dict[str, Any]:
    """What the history records of one printing: the day, the layout, the language and the office's text
    (``copy``: a copy of the agreement once signed, not a printing for signature; ``translation``: such a copy in
    another language than the one it went out in)."""
    return {"printed_on": today, "template": template or programme_templates or "mmfd",
            "language": text.language, "text_version": text.label} | ({"copy": True} if copy or translation else {}) \
        | ({"translation": True} if translation else {})


#: The layouts of a learning agreement, in the user's words (the preview's choice, a refusal naming another).
LAYOUT_NAMES = {"mmfd": N_("Mexican Dual Training Model (MMFD)"), "bbig": N_("AHK standard (§ 11 BBiG)"),
                "both": N_("Both layouts in one pack")}


def layout_name(layout: str) -> str:
    return _(LAYOUT_NAMES.get(layout, layout))


def agreement_name(reference: str, apprentice: str) -> str:
    """An agreement in the user's words: its reference and its apprentice."""
    return _("{reference} ({apprentice})").format(reference=reference, apprentice=apprentice) if apprentice \
        else reference


def print_refusal(agreement: str, reasons: Sequence[str], other_layout: str = "") -> str:
    """A draft refused going out for signature, in one wording wherever it was to go out (printed, saved, e-mailed,
    marked as printed in the window or by ``vetdesk set … status=printed``): which agreement (``agreement``: its
    :func:`agreement_name`), every reason as a bullet naming its field by its label, that it stays a draft and
    what to do; ``other_layout``: a layout it may go out in as it stands."""
    return "\n".join([
        _("Agreement {agreement} cannot go out for signature:").format(agreement=agreement),
        *reasons,
        "",
        _("It stays a draft: nothing was printed, saved or marked. Correct what is listed above, then print "
          "it for signature again."),
        *(["", _("In the layout \u201c{layout}\u201d it may go out for signature as it stands: choose that layout "
             "to print it.").format(layout=layout_name(other_layout))] if other_layout else []),
    ])


def layout_change(name: str, went_out: str | None, chosen: str | None, *, signed: bool) -> Problem | None:
    """Printing an agreement that went out for signature in the layout ``went_out`` in another one (``chosen``):
    refused once a party's signature is recorded (what was signed is that layout: to print another, the
    agreement is put back to draft, which voids the signatures); before any, a warning that the copies handed
    out are void, as the new layout becomes the one to sign. ``name``: the agreement in the user's words."""
    if not went_out or not chosen or chosen == went_out:
        return None
    if signed:
        return error("", _("Agreement {agreement} went out for signature in the layout “{layout}” and signatures "
                           "are recorded on it: it cannot be printed in the layout “{other}”. Print it in "
                           "“{layout}”; to print another layout, put the agreement back to draft (this voids the "
                           "signatures recorded) and print it for signature again.").format(
            agreement=name, layout=layout_name(went_out), other=layout_name(chosen)), "print.layout_signed")
    return warning("", _("Agreement {agreement} went out for signature in the layout “{layout}”. Printed in "
                         "“{other}”, this becomes the layout the parties sign, and the copies already handed out "
                         "are void: collect them and hand out the new ones.").format(
        agreement=name, layout=layout_name(went_out), other=layout_name(chosen)), "print.layout_changed")


def signatures_recorded(agreement: object) -> bool:
    """Whether any party's signature date is recorded on the agreement."""
    from vetdesk.domain.rules import GUARDIAN_SIGNATURES, SIGNATURE_FIELDS

    return any(getattr(agreement, name, None) for name in (*SIGNATURE_FIELDS, *GUARDIAN_SIGNATURES))
