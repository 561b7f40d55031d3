"""The rules that protect officers from registering bad data or signing a bad agreement.

Each function takes plain values (gathered by a service) and returns the problems it finds; it never
touches the database. Errors block saving; warnings are shown and may be accepted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from vetdesk.domain import identifiers as ids
from vetdesk.domain import working_time
from vetdesk.domain.bounds import DAYS_A_WEEK
from vetdesk.domain.dates import add_months, age_on, overlaps
from vetdesk.domain.lifecycle import Status, check_transition, status_label
from vetdesk.domain.limits import ADULT_AGE, Thresholds
from vetdesk.domain.problems import Problem, error, warning
from vetdesk.domain.working_time import MAX_HOURS_UNDER_16, SHORT_DAY_AGE
from vetdesk.i18n import N_, _, ngettext, shown_day

MIN_AGE = 15
MAX_DAILY_HOURS = Decimal(8)
DEFAULT_MIN_SEMESTER = 3
MIN_COMPANY_MONTHS = 12
#: What a new agreement proposes until the officer says otherwise: the common week of the Mexican model
#: (four days at the company, one at school) and a full training day.
TYPICAL_COMPANY_DAYS, TYPICAL_SCHOOL_DAYS = 4, 1
TYPICAL_DAILY_HOURS = Decimal(8)
#: That week kept as fixed days each week (a code of ``choices.WEEKLY_PATTERN``: the contract's day rules read
#: it), and the stipend paid by the company (``choices.STIPEND_PAYER``).
TYPICAL_WEEKLY_PATTERN = "days"
TYPICAL_STIPEND_PAYER = "company"


def required(name: str, label: str) -> Problem:
    """A required field left empty, named in the user's words; worded so that no language has to agree with
    the field's gender ("Fecha de nacimiento: este dato es obligatorio")."""
    return error(name, _("{label} is required; fill it in.").format(label=label), "required")


def require(values: dict[str, object], names: Iterable[str], labels: dict[str, str]) -> list[Problem]:
    return [required(name, labels.get(name, name)) for name in names if values.get(name) in (None, "")]


# -- people and organisations ---------------------------------------------------------------------

def check_apprentice(values: dict[str, object], *, today: date) -> list[Problem]:
    """Rules on an apprentice record by itself (the agreement adds those that depend on its dates)."""
    problems: list[Problem] = []
    country = str(values.get("id_country") or "MX")
    curp = values.get("curp")
    birth = values.get("birth_date")
    sex = values.get("sex")
    if isinstance(sex, str) and sex not in ids.SEXES:
        problems.append(error("sex", _("Sex must be H (male), M (female) or X (non-binary), as on the CURP."),
                              "sex.value"))
    if isinstance(curp, str):
        curp_problems = ids.check_person_id(country, curp, "curp")
        problems += curp_problems
        if country == "MX" and not curp_problems:
            from_curp = ids.curp_birth_date(curp)
            century = ids.check_curp_century(curp, today=today)
            problems += century
            if century and birth == from_curp:
                birth = None  # the birth date read from the CURP: its problem is the CURP's, said once
            if isinstance(birth, date) and birth != from_curp:
                problems.append(error("birth_date", _(
                    "The birth date {birth} does not agree with the CURP, which says {curp_birth}. "
                    "Correct the date or the CURP.").format(birth=shown_day(birth),
                                                             curp_birth=shown_day(from_curp)),
                    "birth_date.curp"))
            curp_sex = ids.curp_sex(curp)
            if isinstance(sex, str) and sex in ids.SEXES and sex != curp_sex:
                problems.append(error("sex", _(
                    "The sex {sex} does not agree with the CURP, which says {curp_sex}. Correct the sex "
                    "or the CURP.").format(sex=ids.sex_word(sex), curp_sex=ids.sex_word(curp_sex)), "sex.curp"))
    if isinstance(birth, date):
        if birth > today:
            problems.append(error("birth_date", _("The birth date {birth} lies in the future; enter the "
                                                  "real birth date.").format(birth=shown_day(birth)),
                                  "birth_date.future"))
        elif age_on(birth, today) < ADULT_AGE and not values.get("guardian_name"):
            # Only a warning on the record itself: the guardian becomes mandatory (an error) on the
            # learning agreement, which may be drawn up later.
            problems.append(warning("guardian_name", _(
                "{apprentice} is under {adult}: record a parent or legal guardian (name, relation, phone) "
                "before drawing up a learning agreement.").format(
                    apprentice=ids.apprentice_role(str(values.get("sex") or "")), adult=ADULT_AGE),
                "guardian.missing"))
    for name in ("email", "guardian_email"):
        value = values.get(name)
        if isinstance(value, str):
            problems += ids.check_email(value, name)
    nss = values.get("nss")
    if isinstance(nss, str):
        problems += ids.check_nss(nss)
    # The semester's range (1 to 12) is the field's own: domain.bounds.SEMESTER.
    return problems


def check_company(values: dict[str, object]) -> list[Problem]:
    problems: list[Problem] = []
    rfc = values.get("rfc")
    if isinstance(rfc, str):
        problems += ids.check_company_tax_id(str(values.get("id_country") or "MX"), rfc, "rfc")
    email = values.get("contact_email")
    if isinstance(email, str):
        problems += ids.check_email(email, "contact_email")
    # a company that left signs none; a natural person (a person's RFC) signs the agreement in their own name
    if not values.get("legal_representative") and not values.get("retired_on") \
            and not ids.natural_person_rfc(values.get("id_country"), rfc):
        problems.append(warning("legal_representative", _(
            "No legal representative is recorded; the agreement needs the name of the person who signs "
            "for the company."), "company.representative"))
    return problems


def check_school(values: dict[str, object]) -> list[Problem]:
    problems: list[Problem] = []
    cct = values.get("cct")
    if isinstance(cct, str):
        problems += ids.check_cct(cct)
        state = values.get("state")
        problems += ids.check_cct_state(cct, state if isinstance(state, str) else None)
    email = values.get("email")
    if isinstance(email, str):
        problems += ids.check_email(email, "email")
    municipality = values.get("municipality")
    if isinstance(municipality, str) and not ids.municipality_name(municipality):
        # Recorded before numbers were left out (an import of the SEP's MUNICIPIO column): said by vetdesk check.
        problems.append(warning("municipality", _(
            "The municipality is recorded as {value}, the INEGI number of a municipality, not its name. Write the "
            "municipality's name.").format(value=municipality.strip()), "municipality.recorded_number"))
    return problems


def check_instructor(values: dict[str, object], *, today: date) -> list[Problem]:
    problems: list[Problem] = []
    email = values.get("email")
    if isinstance(email, str):
        problems += ids.check_email(email, "email")
    if not values.get("qualification"):
        problems.append(warning("qualification", _(
            "The instructor has no recorded qualification (e.g. AdA-International or CONOCER EC0217.01). "
            "Record it with its date when it is obtained."), "instructor.qualification"))
    qdate = values.get("qualification_date")
    if isinstance(qdate, date) and qdate > today:
        problems.append(error("qualification_date", _("The qualification date lies in the future; enter "
                                                      "the date it was obtained."), "qualification.future"))
    return problems


def check_programme(values: dict[str, object]) -> list[Problem]:
    problems: list[Problem] = []
    # The duration's range is the field's own: domain.bounds.DURATION_MONTHS.
    codes = values.get("conocer_codes")
    if isinstance(codes, str):
        for code in codes.replace(",", " ").split():
            problems += ids.check_conocer_code(code, "conocer_codes")
    templates = values.get("templates")
    if isinstance(templates, str) and templates not in ("mmfd", "bbig", "both"):
        problems.append(error("templates", _("The template must be mmfd, bbig or both; choose one of these."),
                              "programme.templates"))
    return problems


# -- retiring a company, school or instructor ---------------------------------------------------------

@dataclass(frozen=True)
class NamingAgreement:
    """An agreement not ended (a draft, or printed, signed or active) that names a company, school or instructor,
    as a message names it."""

    reference: str
    apprentice: str
    status: str


#: How many of the agreements naming a record a message about retiring it lists (the others are counted).
NAMED_AGREEMENTS = 3


def _naming_list(agreements: list[NamingAgreement]) -> str:
    shown = ", ".join(_("{reference} · {apprentice} ({status})").format(
        reference=a.reference, apprentice=a.apprentice, status=status_label(a.status))
        for a in agreements[:NAMED_AGREEMENTS])
    rest = len(agreements) - NAMED_AGREEMENTS
    if rest <= 0:
        return shown
    return ngettext("{names} and {n} more", "{names} and {n} more", rest).format(names=shown, n=rest)


def _retire_advice(kind: str, n: int) -> str:
    """What to do with the agreements that name a record being retired, in the record's own words."""
    if kind == "companies":
        return ngettext(
            "Complete or terminate it if it is in force; if it is not signed yet, choose another company on it or "
            "delete it (a printed one goes back to draft first).",
            "Complete or terminate those in force; on those not signed yet, choose another company or delete them "
            "(a printed one goes back to draft first).", n)
    if kind == "schools":
        return ngettext(
            "Complete or terminate it if it is in force; if it is not signed yet, choose another school on it or "
            "delete it (a printed one goes back to draft first).",
            "Complete or terminate those in force; on those not signed yet, choose another school or delete them "
            "(a printed one goes back to draft first).", n)
    return ngettext(
        "Complete or terminate it if it is in force; if it is not signed yet, choose another instructor on it or "
        "delete it (a printed one goes back to draft first).",
        "Complete or terminate those in force; on those not signed yet, choose another instructor or delete them "
        "(a printed one goes back to draft first).", n)


def check_retiring(kind: str, naming: list[NamingAgreement]) -> list[Problem]:
    """Retiring a company, school or instructor (``kind``) hides it from the pickers: refused while agreements
    not ended name it — in force, or drafts (a draft naming a retired record could not be printed as it is) —
    naming how many and the first few, and what to do with them first."""
    if not naming:
        return []
    n = len(naming)
    head = ngettext("It cannot be retired while an agreement still names it: {agreements}.",
                    "It cannot be retired while {n} agreements still name it: {agreements}.", n).format(
        n=n, agreements=_naming_list(naming))
    return [error("retired_on", f"{head} {_retire_advice(kind, n)}", "retired.in_use")]


def check_retired(kind: str, retired_on: date, naming: list[NamingAgreement]) -> list[Problem]:
    """A record retired while agreements not ended still name it (retired before :func:`check_retiring` refused
    it): what ``vetdesk check`` says of it."""
    if not naming:
        return []
    n = len(naming)
    head = ngettext("It was retired on {date}, yet an agreement still names it: {agreements}.",
                    "It was retired on {date}, yet {n} agreements still name it: {agreements}.", n).format(
        n=n, date=shown_day(retired_on), agreements=_naming_list(naming))
    meanwhile = _("Or clear its retirement date until then.")
    return [error("retired_on", f"{head} {_retire_advice(kind, n)} {meanwhile}", "retired.in_use")]


# -- the learning agreement -----------------------------------------------------------------------

@dataclass(frozen=True)
class ApprenticeFacts:
    birth_date: date
    guardian_name: str | None
    guardian_relation: str | None
    guardian_phone: str | None
    semester: int | None = None
    school_id: int | None = None
    #: H, M or X: messages about the apprentice say "La aprendiz" of a woman; "" (not read): neutral words.
    sex: str = ""


@dataclass(frozen=True)
class InstructorFacts:
    company_id: int
    qualification: str | None
    capacity: int | None
    #: Other printed, signed or active agreements the instructor already has.
    current_agreements: int


@dataclass(frozen=True)
class OtherAgreement:
    id: int
    status: str
    start_date: date
    end_date: date
    #: What people call it (the id is the database's, not a word a message may use).
    reference: str = ""


def overlap_problem(other: OtherAgreement, sex: str = "") -> Problem:
    """The apprentice's agreement ``other`` overlaps the one being written: what the rule check says, and what
    a PostgreSQL database that refuses the overlap itself (a race the check could not see) says too."""
    return error("start_date", _(
        "{apprentice} already has agreement {reference} ({status}) from {start} to {end}, which "
        "overlaps this one. Change the dates or terminate the other agreement first.").format(
            apprentice=ids.apprentice_role(sex), reference=other.reference, status=status_label(other.status),
            start=shown_day(other.start_date), end=shown_day(other.end_date)), "dates.overlap")


def beyond_programme(start: date, end: date, months: int) -> bool:
    """Whether an agreement from ``start`` to ``end`` runs beyond its programme's ``months`` (refused:
    "dates.programme")."""
    return end > add_months(start, months)


def check_programme_duration(before: int | None, after: object,
                             terms: Iterable[tuple[date, date]]) -> list[Problem]:
    """A programme's duration shortened to ``after`` months: its agreements (drafts and in force, ``terms``:
    their start and end) that would then run beyond it are counted in a warning, naming the rule that will
    refuse each when it is next saved or printed for signature."""
    if not isinstance(after, int) or (before is not None and after >= before):
        return []
    n = sum(1 for start, end in terms if beyond_programme(start, end, after))
    if not n:
        return []
    return [warning("duration_months", ngettext(
        "{n} agreement of this programme (a draft or in force) runs longer than {months} months. An agreement may "
        "not run beyond its programme's duration: it will be refused when it is next saved or printed for "
        "signature. Check its end date, or keep the programme's duration.",
        "{n} agreements of this programme (drafts or in force) run longer than {months} months. An agreement may "
        "not run beyond its programme's duration: each will be refused when it is next saved or printed for "
        "signature. Check their end dates, or keep the programme's duration.", n).format(n=n, months=after),
        "programme.shortened")]


@dataclass(frozen=True)
class AgreementFacts:
    """Everything the agreement rules look at, gathered by the service."""

    values: dict[str, object]
    apprentice: ApprenticeFacts | None
    programme_months: int | None
    programme_min_semester: int | None
    programme_requires_permit: bool
    instructor: InstructorFacts | None
    others: list[OtherAgreement] = field(default_factory=list)
    thresholds: Thresholds = Thresholds()


def check_agreement(facts: AgreementFacts) -> list[Problem]:
    v = facts.values
    problems: list[Problem] = []
    start, end = v.get("start_date"), v.get("end_date")
    have_dates = isinstance(start, date) and isinstance(end, date)
    if have_dates:
        assert isinstance(start, date) and isinstance(end, date)
        if end <= start:
            problems.append(error("end_date", _("The end date {end} must come after the start date {start}.")
                                  .format(end=shown_day(end), start=shown_day(start)), "dates.order"))
        elif facts.programme_months:
            latest = add_months(start, facts.programme_months)
            if beyond_programme(start, end, facts.programme_months):
                problems.append(error("end_date", _(
                    "The agreement runs beyond the programme's {months} months: it may end on {latest} at "
                    "the latest. Shorten it or choose another programme.").format(
                        months=facts.programme_months, latest=shown_day(latest)), "dates.programme"))
            if end < add_months(start, MIN_COMPANY_MONTHS) - timedelta(days=1):  # 1 Sep to 31 Aug is a year
                problems.append(warning("end_date", _(
                    "The agreement lasts less than a year; dual training normally spends at least one "
                    "year in the company."), "dates.short"))
        for other in facts.others:
            if v.get("status") == Status.TERMINATED:
                break  # a terminated agreement no longer holds the apprentice's time
            if other.status == Status.TERMINATED or other.id == v.get("id"):
                continue
            if overlaps(start, end, other.start_date, other.end_date):
                problems.append(overlap_problem(other, facts.apprentice.sex if facts.apprentice is not None else ""))

    hours = v.get("daily_hours")
    if isinstance(hours, Decimal | int | float):
        hours = Decimal(str(hours))
        if hours <= 0:
            problems.append(error("daily_hours", _("Daily hours must be more than 0; enter the hours trained per "
                                                   "day, e.g. 6."), "hours.positive"))
        elif hours > MAX_DAILY_HOURS:
            problems.append(warning("daily_hours", _("More than {max} training hours a day is unusual; check the "
                                                     "figure.").format(max=MAX_DAILY_HOURS), "hours.long"))

    app = facts.apprentice
    if app is not None and isinstance(start, date):
        age = age_on(app.birth_date, start)
        if age < MIN_AGE:
            problems.append(error("start_date", _(
                "{apprentice} is {age} on the start date; the minimum age is {min}. Start the agreement on "
                "or after the birthday on which they turn {min} ({birthday}).").format(
                    apprentice=ids.apprentice_role(app.sex), age=age, min=MIN_AGE,
                    birthday=shown_day(add_months(app.birth_date, 12 * MIN_AGE))),
                "age.minimum"))
        if age < ADULT_AGE:
            for name, label in (("guardian_name", _("the guardian's name")),
                                ("guardian_relation", _("the guardian's relation")),
                                ("guardian_phone", _("the guardian's phone"))):
                if not getattr(app, name):
                    problems.append(error(name, _(
                        "{apprentice} is under {adult} on the start date, so {what} is required. Record it on "
                        "the Apprentices page, then come back to the agreement.").format(
                            apprentice=ids.apprentice_role(app.sex), adult=ADULT_AGE, what=label),
                        "guardian.required"))
            if facts.programme_requires_permit and not v.get("stps_permit_number"):
                problems.append(warning("stps_permit_number", _(
                    "{apprentice} is a minor: record the labour ministry's (STPS) work permit number and date "
                    "when it is issued.").format(apprentice=ids.apprentice_role(app.sex)), "stps.permit"))
        if isinstance(end, date) and isinstance(hours, Decimal):
            problems += working_time.check_hours(app.birth_date, start, end, hours, None, cites_jarbschg=False,
                                                 sex=app.sex)
        elif age < SHORT_DAY_AGE and hours is None:
            problems.append(warning("daily_hours", _(
                "{apprentice} is under {age} on the start date: record the daily hours (at most {max}).")
                .format(apprentice=ids.apprentice_role(app.sex), age=SHORT_DAY_AGE, max=MAX_HOURS_UNDER_16),
                "hours.under16_missing"))
        min_semester = facts.programme_min_semester
        if min_semester and app.semester is not None and app.semester < min_semester:
            problems.append(warning("semester", _(
                "Dual training usually starts from semester {min}; {apprentice} is in semester {semester}.")
                .format(min=min_semester, apprentice=ids.apprentice_in_sentence(app.sex), semester=app.semester),
                "semester.early"))

    ins = facts.instructor
    if ins is not None:
        if ins.company_id != v.get("company_id"):
            problems.append(error("instructor_id", _(
                "The instructor works for another company. Choose an instructor of the agreement's company."),
                "instructor.company"))
        capacity = ins.capacity or facts.thresholds.instructor_capacity
        if ins.current_agreements >= capacity:
            # The count says this agreement too (the instructor's others are 3, the maximum 3: with it, 4).
            total = ins.current_agreements + 1
            problems.append(warning("instructor_id", ngettext(
                "Counting this agreement, the instructor has {n} apprentice, more than the recommended maximum "
                "of {cap}. Choose another instructor or accept the extra load.",
                "Counting this agreement, the instructor has {n} apprentices, more than the recommended maximum "
                "of {cap}. Choose another instructor or accept the extra load.",
                total).format(n=total, cap=capacity), "instructor.capacity"))
        if not ins.qualification:
            problems.append(warning("instructor_id", _(
                "The instructor has no recorded qualification (AdA-International or CONOCER EC0217.01)."),
                "instructor.qualification"))
    elif not v.get("instructor_id"):
        problems.append(warning("instructor_id", _("No instructor is named yet; the agreement must name the "
                                                   "company instructor before it is printed."),
                                "instructor.missing"))

    expiry = v.get("insurance_expiry")
    if not v.get("insurance_policy"):
        problems.append(warning("insurance_policy", _("No accident-insurance policy is recorded.") + " "
                                + _(ids.IMSS_COVER), "insurance.missing"))
    elif isinstance(expiry, date) and isinstance(end, date) and expiry < end:
        problems.append(warning("insurance_expiry", _(
            "The accident insurance expires on {expiry}, before the agreement ends on {end}. Renew it or "
            "record the new policy.").format(expiry=shown_day(expiry), end=shown_day(end)),
            "insurance.expiry"))

    # A stipend's range (never negative) is the field's own: domain.bounds.STIPEND.
    company_days, school_days = v.get("company_days"), v.get("school_days")
    if isinstance(company_days, int) and isinstance(school_days, int) and company_days + school_days > DAYS_A_WEEK[1]:
        problems.append(error("school_days", _(
            "{company} days at the company and {school} at school make more than the {week} days of a week; "
            "correct one of them.").format(company=company_days, school=school_days, week=DAYS_A_WEEK[1]),
            "days.week"))
    return problems


SIGNATURE_FIELDS = ("company_signed_on", "apprentice_signed_on", "school_signed_on", "chamber_signed_on")
GUARDIAN_SIGNATURE = "guardian_signed_on"
#: The second parent or guardian's signature: the printed contract has a line for them when the apprentice is a
#: minor and a second guardian is recorded (``services.agreement_sheet``), so the agreement waits for it too.
GUARDIAN2_SIGNATURE = "guardian2_signed_on"
GUARDIAN_SIGNATURES = (GUARDIAN_SIGNATURE, GUARDIAN2_SIGNATURE)
#: Who signs, for messages that stand without their field beside them (a list of warnings).
SIGNING_PARTIES = {"company_signed_on": N_("The company"), "apprentice_signed_on": N_("The apprentice"),
                   "school_signed_on": N_("The school"), "chamber_signed_on": N_("The chamber"),
                   GUARDIAN_SIGNATURE: N_("The parent or guardian"),
                   GUARDIAN2_SIGNATURE: N_("The second parent or guardian")}


def signatures_needed(*, minor: bool, has_school: bool, second_guardian: bool = False) -> list[str]:
    """The parties whose signature dates an agreement needs: every party the printed contract has a signature
    line for, so the guardian's too for a minor, and the second guardian's when one is recorded
    (``second_guardian``)."""
    needed = [f for f in SIGNATURE_FIELDS if has_school or f != "school_signed_on"]
    if minor:
        needed.append(GUARDIAN_SIGNATURE)
        if second_guardian:
            needed.append(GUARDIAN2_SIGNATURE)
    return needed


def check_signatures(values: dict[str, object], *, minor: bool, has_school: bool,
                     today: date | None = None, second_guardian: bool = False, sex: str = "") -> list[Problem]:
    """Before an agreement counts as signed, every party's signature date is recorded."""
    needed = signatures_needed(minor=minor, has_school=has_school, second_guardian=second_guardian)
    problems = []
    for name in needed:
        if not values.get(name):
            if name == GUARDIAN_SIGNATURE:
                message = _("{apprentice} is under {adult} on the start date, so the parent or guardian signs "
                            "too: record the date they signed.").format(apprentice=ids.apprentice_role(sex),
                                                                        adult=ADULT_AGE)
            elif name == GUARDIAN2_SIGNATURE:
                message = _("{apprentice} is under {adult} on the start date and a second parent or guardian "
                            "is recorded, so the printed contract has a line for them too: record the date the "
                            "second guardian signed.").format(apprentice=ids.apprentice_role(sex), adult=ADULT_AGE)
            else:
                message = _("To mark the agreement signed, record the date this party signed.")
            problems.append(error(name, message, "signature.missing"))
    start = values.get("start_date")
    printed = values.get("printed_on")
    for name in needed:
        signed = values.get(name)
        if not isinstance(signed, date):
            continue
        if today is not None and signed > today:
            problems.append(error(name, _("The signature date {date} lies in the future; record the day the "
                                          "party actually signed.").format(date=shown_day(signed)),
                                  "signature.future"))
        elif isinstance(printed, date) and signed < printed:
            problems.append(error(name, _("The signature date {date} comes before the agreement was printed "
                                          "({printed}); record the day the party signed the printed copy.")
                                  .format(date=shown_day(signed), printed=shown_day(printed)),
                                  "signature.before_print"))
        elif isinstance(start, date) and signed > start:
            problems.append(warning(name, _("{party} signed on {date}, after the agreement started on {start}.")
                                    .format(party=ids.signing_party(name, SIGNING_PARTIES[name], sex),
                                            date=shown_day(signed),
                                            start=shown_day(start)), "signature.late"))
    return problems


def check_signature_changes(changed: dict[str, object], *, today: date, printed: object = None) -> list[Problem]:
    """Signature dates typed in at any time (those that came in so far, a late guardian signature) may not lie
    in the future, nor before the agreement was printed (``printed``: its date, when known)."""
    problems = []
    for name in (*SIGNATURE_FIELDS, *GUARDIAN_SIGNATURES):
        signed = changed.get(name)
        if isinstance(signed, date) and signed > today:
            problems.append(error(name, _("The signature date {date} lies in the future; record the day the "
                                          "party actually signed.").format(date=shown_day(signed)),
                                  "signature.future"))
        elif isinstance(signed, date) and isinstance(printed, date) and signed < printed:
            problems.append(error(name, _("The signature date {date} comes before the agreement was printed "
                                          "({printed}); record the day the party signed the printed copy.")
                                  .format(date=shown_day(signed), printed=shown_day(printed)),
                                  "signature.before_print"))
    return problems


#: The dates an agreement's life cycle records after it was printed: none of them is true of a draft.
UNPRINTED_DATES = ("printed_on", *SIGNATURE_FIELDS, *GUARDIAN_SIGNATURES, "activated_on", "completed_on",
                   "terminated_on")


def check_draft_dates(changed: Mapping[str, object]) -> list[Problem]:
    """A draft (never printed, or put back to draft) has been signed by no one, nor come into force, ended or been
    terminated: a signature or life-cycle date typed on it is refused, saying what to do instead."""
    problems = []
    for name in UNPRINTED_DATES:
        if not isinstance(changed.get(name), date):
            continue
        if name == "printed_on":
            message = _("The agreement is a draft: it has not been printed for signature. Print it for signature "
                        "(the print date is recorded then); a date typed here would say it went out when it did "
                        "not.")
        elif name in (*SIGNATURE_FIELDS, *GUARDIAN_SIGNATURES):
            message = _("The agreement is a draft: it has not been printed for signature, so no one has signed it "
                        "yet. Print it for signature first, then record the day each party signed the printed "
                        "copy.")
        else:
            message = _("The agreement is a draft: it has not been printed and signed, so it has not come into "
                        "force, ended or been terminated. Print it for signature and record the signatures; this "
                        "date is recorded when the agreement takes that step.")
        problems.append(error(name, message, "signature.draft"))
    return problems


def check_signed_dates_kept(before: Mapping[str, object], changed: Mapping[str, object], *,
                            names: Iterable[str], signed: bool) -> list[Problem]:
    """A signed record (learning or collaboration agreement: signed, in force or ended) keeps each party's
    signature date and the day it came into force once recorded: corrected to another day (checked as any date
    is), never blanked, or it would read signed with nobody's signature."""
    if not signed:
        return []
    return [error(name, _("This date is recorded on a signed agreement and is kept: correct it to the right day "
                          "if it is wrong, but do not leave it empty."), "signature.kept")
            for name in names if name in changed and changed[name] is None and before.get(name) is not None]


def check_signed_dates_present(values: Mapping[str, object], *, signatures: Iterable[str],
                               in_force: bool) -> list[Problem]:
    """A record kept as signed (or in force) that lacks a party's signature date or the day it came into force:
    data from before :func:`check_signed_dates_kept`, found by ``vetdesk check``."""
    names = [*signatures, *(["activated_on"] if in_force else [])]
    return [error(name, _("The agreement is recorded as signed but this date is missing; record it from the "
                          "signed copy."), "signature.lacking") for name in names if not values.get(name)]


def signatures_missing(values: dict[str, object], *, minor: bool, has_school: bool,
                       second_guardian: bool = False) -> list[str]:
    """The parties (their signature fields) whose signature the agreement still waits for."""
    return [name for name in signatures_needed(minor=minor, has_school=has_school, second_guardian=second_guardian)
            if not values.get(name)]


#: What the agreement itself says of a minor's STPS work permit (``reports.agreement``), quoted when one is
#: refused activation without it.
PERMIT_CLAUSE = N_("the training at the company may start only once it is issued")


def check_permit_for_activation(values: Mapping[str, object], *, permit_required: bool,
                                sex: str = "") -> list[Problem]:
    """A minor's agreement comes into force only with the labour ministry's (STPS) work permit recorded (its
    number), as the agreement itself says: training may start only once the permit is issued."""
    if not permit_required or values.get("stps_permit_number"):  # no number is no permit (as the dashboard says)
        return []
    return [error("stps_permit_number", _(
        "{apprentice} is a minor and the labour ministry's (STPS) work permit is not recorded; the agreement "
        "itself says “{clause}”. Record the permit's number and date when it is issued, then activate the "
        "agreement.").format(apprentice=ids.apprentice_role(sex), clause=_(PERMIT_CLAUSE)), "stps.activation")]


#: The life-cycle dates that say a step was taken: none lies in the future.
STEP_DATES = ("activated_on", "completed_on", "terminated_on")
_STEP_CODES = {"activated_on": "activate.future", "completed_on": "complete.future",
               "terminated_on": "terminate.future"}


def check_step_dates(values: Mapping[str, object], today: date) -> list[Problem]:
    """The day an agreement came into force, was completed or was terminated is a day that has come: a future one
    is refused, saying to take the step on that day."""
    problems = []
    for name in STEP_DATES:
        day = values.get(name)
        if not isinstance(day, date) or day <= today:
            continue
        if name == "activated_on":
            message = _("The date it came into force, {date}, lies in the future; activate the agreement on the "
                        "day training starts.")
        elif name == "completed_on":
            message = _("The completion date {date} lies in the future; mark the agreement completed on the day "
                        "the training is over.")
        else:
            message = _("The termination date {date} lies in the future; terminate the agreement on the day it "
                        "ends.")
        problems.append(error(name, message.format(date=shown_day(day)), _STEP_CODES[name]))
    return problems


def last_signature(values: dict[str, object]) -> date | None:
    """The day the last party signed, of the signature dates in ``values`` (None: none recorded)."""
    days = [v for n in (*SIGNATURE_FIELDS, *GUARDIAN_SIGNATURES) if isinstance(v := values.get(n), date)]
    return max(days, default=None)


def earliest_in_force(values: dict[str, object]) -> date | None:
    """The first day a signed agreement may come into force: its start, or the day the last party signed when
    that came later (:func:`check_activation_signed`, :func:`check_activation_start`)."""
    days = [d for d in (values.get("start_date"), last_signature(values)) if isinstance(d, date)]
    return max(days, default=None)


def check_activation_signed(activated_on: object, values: dict[str, object]) -> list[Problem]:
    """An agreement is in force once every party has signed it, not before: an activation ("in force since")
    before the last signature recorded is refused, naming that day (trial 4: an agreement signed in December
    was started "in force since" August, its start date, without a word)."""
    signed = last_signature(values)
    if not isinstance(activated_on, date) or signed is None or activated_on >= signed:
        return []
    return [error("activated_on", _("The last party signed the agreement on {signed}; it cannot be in force from "
                                    "{date}, before every party had signed it. Give {signed} or a later day.")
                  .format(signed=shown_day(signed), date=shown_day(activated_on)), "activate.before_signed")]


def check_activation_start(activated_on: object, start: object) -> list[Problem]:
    """An agreement comes into force on the day its training starts, not before: an activation date before its
    start date is refused (its progress reports would run from a day the apprentice did not train)."""
    if not isinstance(activated_on, date) or not isinstance(start, date) or activated_on >= start:
        return []
    return [error("activated_on", _("The agreement starts on {start}; it cannot be in force from {date}, before "
                                    "that. Activate it on the day training starts, {start}, or later.")
                  .format(start=shown_day(start), date=shown_day(activated_on)), "activate.before_start")]


def check_status_change(current: str, new: str, values: dict[str, object], *, minor: bool,
                        has_school: bool, today: date, permit_required: bool = False,
                        second_guardian: bool = False, sex: str = "") -> list[Problem]:
    """What moving an agreement from ``current`` to ``new`` requires (``values`` as after the change).

    Signed and active need every party's signature date (the guardian's for a minor); active a minor's STPS
    work permit too (``permit_required``: a minor's agreement whose programme asks for it); terminated
    needs a reason and a date (the service fills in today when none is given); no step's date lies in the
    future. What printing needs (the instructor among the parties) is the contract's rule
    (:func:`vetdesk.domain.contract.check_contract`), which the service applies to a draft leaving draft.
    """
    problems = check_transition(current, new)
    if problems or current == new:
        return problems
    if new in (Status.SIGNED, Status.ACTIVE):
        found = check_signatures(values, minor=minor, has_school=has_school, today=today,
                                 second_guardian=second_guardian, sex=sex)
        problems += found if new == Status.SIGNED else [p for p in found if p.is_error]
    if new == Status.ACTIVE:
        problems += check_permit_for_activation(values, permit_required=permit_required, sex=sex)
        # Without a date it comes into force today (the service fills it in): today, too, is not before the start.
        problems += check_activation_start(values.get("activated_on") or today, values.get("start_date"))
        problems += check_activation_signed(values.get("activated_on") or today, values)
    if new == Status.TERMINATED:
        if not values.get("termination_reason"):
            problems.append(error("termination_reason", _(
                "Say why the agreement is terminated (Termination reason)."), "terminate.reason"))
    problems += check_step_dates(values, today)
    if new == Status.COMPLETED:
        end = values.get("end_date")
        if isinstance(end, date) and end > today:
            problems.append(warning("status", _(
                "The agreement is planned to end on {end}; mark it completed only when the training is over, "
                "or terminate it if it ends early.").format(end=shown_day(end)), "complete.early"))
    return problems
