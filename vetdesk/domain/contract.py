"""What would make a printed contract contradict itself or the law it cites: checked before it goes out for signature.

A learning agreement printed for signature states that the accident insurance covers the whole term, cites the
legal minimum of holidays, cites § 11 BBiG (and so § 17 and § 20) in the AHK layout, attaches the rotation plan
as part of the agreement, and names every party. Each rule here compares what the contract would say with the
values behind it and returns the problems as errors naming the field in the officer's words and the fix. Pure
functions on plain values: the service gathers :class:`ContractFacts`; printing for signature refuses on any
error, and ``vetdesk check`` and the agreement wizard's review show the same messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from vetdesk.domain import working_time
from vetdesk.domain.choices import WEEKLY_PATTERN
from vetdesk.domain.dates import add_months, age_on
from vetdesk.domain.identifiers import IMSS_COVER, apprentice_in_sentence, apprentice_role, by_sex
from vetdesk.domain.limits import ADULT_AGE
from vetdesk.domain.normalize import fold
from vetdesk.domain.problems import Problem, error, warning
from vetdesk.domain.training import plan_slack_weeks, plan_slack_words
from vetdesk.i18n import Translator, _, ngettext, pgettext, shown_day

#: § 20 BBiG: the probation period lasts at least one month and at most four.
PROBATION_MONTHS = (1, 4)
#: Art. 179 of the Federal Labour Law (the Mexican layout's minor clause): at least 18 working days of paid holiday
#: a year for an apprentice under 18.
MINOR_HOLIDAY_DAYS = 18
#: § 19 (2) JArbSchG (the AHK contract's minor clause): a minor's paid holiday by age at the start of the calendar
#: year: (under this age, at least these days). The law counts Werktage (Monday to Saturday); the contract's
#: figure must reach it as it stands, never less.
JARBSCHG_HOLIDAY_DAYS = ((16, 30), (17, 27), (18, 25))
#: Art. 76 of the Federal Labour Law (as reformed in 2023): at least 12 days of holiday in the first year.
ADULT_HOLIDAY_DAYS = 12
#: § 3 BUrlG (the AHK contract's law for an adult): at least 24 Werktage (Monday to Saturday) of paid holiday a
#: year; on a shorter training week the same share of it in the contract's working days (20 on five days a week).
BURLG_WERKTAGE = 24
BURLG_WEEK = 6
#: Weeks of the term a rotation plan may leave unplanned: PLAN_SLACK_WEEKS, PLAN_SLACK_SHARE and
#: plan_slack_weeks live in domain.training, the one definition the save rule and the printing rule share.
#: The most training days in a week (company and school together).
MAX_DAYS_A_WEEK = 6
#: What the weekly pattern may hold: one of its choices' codes ("days", "blocks"), or nothing (a week of days).
WEEKLY_PATTERN_CODES = (None, "", *WEEKLY_PATTERN.codes)


@dataclass(frozen=True)
class GuardianFacts:
    number: int
    name: str
    relation: str
    address: str
    id_document: str


@dataclass(frozen=True)
class ContractFacts:
    """What the printed agreement would say, as plain values."""

    #: mmfd, bbig or both: the layout(s) printed; bbig cites § 11 BBiG.
    template: str
    start: date
    end: date
    minor: bool
    #: The apprentice's birth date: the age-dependent hours (domain.working_time) follow from it.
    birth_date: date | None = None
    apprentice_address: str = ""
    apprentice_nss: str = ""
    #: H, M or X: the messages word the apprentice by it ("La aprendiz"); "" (not known): neutral words.
    apprentice_sex: str = ""
    guardians: tuple[GuardianFacts, ...] = ()
    company_address: str = ""
    company_representative: str = ""
    #: The company's name, and whether it is a natural person (a person's RFC: identifiers.natural_person_rfc),
    #: who signs in their own name when no other representative is recorded (:func:`signs_in_own_name`).
    company_name: str = ""
    company_natural_person: bool = False
    has_school: bool = False
    school_address: str = ""
    #: Who signs the learning agreement for the school: its liaison officer (gestor de vinculación), who links
    #: school and companies under the collaboration agreement its director signed.
    school_signatory: str = ""
    has_instructor: bool = False
    probation_months: int | None = None
    modality_years: int | None = None
    daily_hours: Decimal | None = None
    weekly_pattern: str | None = None
    company_days: int | None = None
    school_days: int | None = None
    stipend_amount: Decimal | None = None
    stipend_steps: tuple[Decimal, ...] = ()
    stipend_period: str | None = None
    stipend_payer: str | None = None
    insurance_policy: str = ""
    insurance_insurer: str = ""
    insurance_expiry: date | None = None
    holiday_days: int | None = None
    overtime: str | None = None
    training_record_form: str | None = None
    #: The planned weeks of each learning position of the attached rotation plan (None: no plan attached).
    plan_weeks: tuple[int, ...] | None = None
    #: The weeks the office accepts between the plan and the term (its setting; the save rule's tolerance).
    plan_tolerance_weeks: int = 0

    @property
    def cites_bbig(self) -> bool:
        return self.template in ("bbig", "both")

    @property
    def days_a_week(self) -> int | None:
        """Training days a week, at the company and at school (None while either is not recorded)."""
        if self.company_days is None or self.school_days is None:
            return None
        return self.company_days + self.school_days

    @property
    def term_weeks(self) -> float:
        return ((self.end - self.start).days + 1) / 7

    @property
    def training_years(self) -> int:
        return training_years(self.start, self.end)


def training_years(start: date, end: date) -> int:
    """Training years a term spans (a part year counts as a year: it has its own pay)."""
    years = 1
    while add_months(start, 12 * years) <= end:
        years += 1
    return years


def term_months(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end`` inclusive (a term of a year ends the day before its anniversary)."""
    months = 0
    while add_months(start, months + 1) - timedelta(days=1) <= end:
        months += 1
    return months


def modality_years_for(start: date, end: date) -> tuple[int, ...]:
    """The years in the company (the MMFD modality) a term may state: its whole years, or its training years
    when a part year is left over (18 months may be stated as one year or two)."""
    whole = max(1, term_months(start, end) // 12)
    return tuple(sorted({whole, training_years(start, end)}))


def lft_holiday_days(year: int) -> int:
    """Art. 76 LFT (2023): 12 working days of holiday in the first year of service, two more for each further
    year, up to 20."""
    return min(ADULT_HOLIDAY_DAYS + 2 * (year - 1), 20)


def jarbschg_holiday_days(birth_date: date, year: int) -> tuple[int, int] | None:
    """§ 19 (2) JArbSchG: (the least paid holiday, the age it is granted under) in the calendar ``year``, by the
    apprentice's age at its start; None when they are of age by then."""
    age = age_on(birth_date, date(year, 1, 1))
    return next(((days, below) for below, days in JARBSCHG_HOLIDAY_DAYS if age < below), None)


def burlg_holiday_days(days_a_week: int | None) -> int:
    """§ 3 BUrlG's 24 Werktage as working days of a week of ``days_a_week`` training days (20 on five days, 24
    on six); 24, the figure as the law counts it, when the week is not known."""
    if not days_a_week or days_a_week >= BURLG_WEEK:
        return BURLG_WERKTAGE
    return -(-BURLG_WERKTAGE * days_a_week // BURLG_WEEK)


def jarbschg_holiday_years(birth_date: date, start: date, end: date) -> list[tuple[int, int, int]]:
    """(calendar year, least days, under age) of every calendar year of the term that begins while the
    apprentice is a minor (§ 19 JArbSchG), the first year of the term included."""
    out = []
    for year in range(start.year, end.year + 1):
        found = jarbschg_holiday_days(birth_date, year)
        if found is not None:
            out.append((year, *found))
    return out


@dataclass(frozen=True)
class HolidayMinimum:
    """The least paid holiday a year the printed contract may state, and the law it follows: ``lft76`` (an
    adult under the Mexican layout, art. 76 LFT, first year), ``burlg3`` (an adult under the AHK contract, whose
    holiday clause cites the German Federal Holidays Act: § 3 BUrlG), ``lft179`` (a minor, art. 179 LFT: the
    Mexican layout) or ``jarbschg19`` (a minor under the AHK contract, § 19 JArbSchG, for the age at the start of
    the term's first calendar year; later years need no more, as the apprentice is older)."""

    days: int
    law: str
    #: jarbschg19: the calendar year and the age the apprentice is under at its start.
    year: int | None = None
    under: int | None = None
    #: burlg3: the training days a week the 24 Werktage were counted on (None: not known, 24 as they stand).
    week: int | None = None


def holiday_minimum(*, minor: bool, birth_date: date | None, start: date, cites_jarbschg: bool,
                    days_a_week: int | None = None) -> HolidayMinimum:
    """The one rule for a contract's holidays: the rule refusing too few (:func:`holidays`), the printed holiday
    and minor clauses (``reports.agreement``), the wizard's proposal and the demo's figures read it.
    ``cites_jarbschg``: the AHK contract (German law: JArbSchG for a minor, BUrlG for an adult);
    ``days_a_week``: its training days a week (company and school), which the BUrlG's Werktage are counted on."""
    if not minor:
        if cites_jarbschg:
            week = days_a_week if days_a_week and days_a_week < BURLG_WEEK else None
            return HolidayMinimum(burlg_holiday_days(days_a_week), "burlg3", week=week)
        return HolidayMinimum(ADULT_HOLIDAY_DAYS, "lft76")
    if cites_jarbschg and birth_date is not None:
        found = jarbschg_holiday_days(birth_date, start.year)
        if found is not None and found[0] > MINOR_HOLIDAY_DAYS:
            return HolidayMinimum(found[0], "jarbschg19", start.year, found[1])
    return HolidayMinimum(MINOR_HOLIDAY_DAYS, "lft179")


def parse_steps(text: str | None) -> tuple[Decimal, ...]:
    """The stored later years' stipends ("5000.00; 5500.00") as amounts."""
    out = []
    for part in (text or "").split(";"):
        part = part.strip()
        if part:
            try:
                out.append(Decimal(part))
            except ArithmeticError:
                continue
    return tuple(out)


def signs_in_own_name(*, natural_person: bool, name: str, representative: str) -> bool:
    """Whether the company of a learning agreement declares and signs in its own name: a natural person
    (persona física con actividad empresarial) with no representative recorded, or recorded as their own; a legal
    entity always acts through its legal representative."""
    return natural_person and (not representative.strip() or fold(representative) == fold(name))


def collaboration_parties(*, company_address: str, company_representative: str,
                          school_address: str | None, company_signatory: str | None = None,
                          school_signer: tuple[str, str] | None = None) -> list[Problem]:
    """The company and the school as a document for signature names them — a collaboration agreement, and a
    learning agreement among its parties (``school_address`` None: no school signs). ``company_signatory``: who
    signs for the company as the document itself names them (a collaboration agreement's company signatory),
    which is enough without the company's legal representative; None: the document names no one of its own.
    ``school_signer``: (name, role at the school) of whoever would sign for the school — its director (legal
    representative) on a collaboration agreement; ("", "") when the school records none; None: not checked."""
    out: list[Problem] = []
    if company_signatory is not None and not company_signatory.strip() and not company_representative.strip():
        out.append(missing_for_signature("company_signatory", _(
            "the name of whoever signs for the company"),
            _("Record the company's signatory on the collaboration agreement, or the legal representative on "
              "the company."), "contract.representative"))
    elif company_signatory is None and not company_representative.strip():
        out.append(missing_for_signature("company.legal_representative", _(
            "the name of the company's legal representative, who signs for the company"),
            _("Record it on the company (Legal representative)."), "contract.representative"))
    if not company_address.strip():
        out.append(missing_for_signature("company.address", _("the company's address"),
                                         _("Record it on the company (Address)."), "contract.company_address"))
    if school_address is not None and not school_address.strip():
        out.append(missing_for_signature("school.address", _("the school's address"),
                                         _("Record it on the school (Address, or its municipality and state)."),
                                         "contract.school_address"))
    if school_signer is not None:
        out += _school_signer(*school_signer)
    return out


def _school_signer(name: str, role: str) -> list[Problem]:
    """A collaboration agreement binds the school: its director (legal representative) signs it, not the liaison
    officer or a tutor."""
    from vetdesk.domain.training import SCHOOL_SIGNER_ROLE

    if not name.strip():
        return [missing_for_signature("school_signatory_id", _(
            "the name of the school's director (its legal representative), who signs for the school"),
            _("Record the director on the school's staff (Role at the school: director (legal representative)), "
              "or choose them under Signs for the school."), "contract.school_director")]
    if role != SCHOOL_SIGNER_ROLE:
        return [error("school_signatory_id", _(
            "{name} is not the school's director: the collaboration agreement is signed for the school by its "
            "director (legal representative). Choose the director under Signs for the school, or record them on "
            "the school's staff (Role at the school: director (legal representative)).").format(name=name),
            "contract.school_director")]
    return []


def check_contract(facts: ContractFacts) -> list[Problem]:
    """Every error that would make the printed agreement contradict itself or the law it cites, or leave a
    party or term blank ("not recorded") in a contract for signature."""
    return [*parties(facts), *terms(facts), *hours(facts), *insurance(facts), *holidays(facts),
            *probation(facts), *stipend(facts), *rotation_plan(facts), *choices_stored(facts)]


def choices_stored(f: ContractFacts) -> list[Problem]:
    """A choice clause holding a word that is none of its choices (typed before choices were closed) would print
    that word into the contract ("lleva su bitácora de formación pa."): refused, the choices listed."""
    from vetdesk.domain.choices import refusal

    found = (refusal("training_record_form", _("Training record kept"), f.training_record_form),
             refusal("overtime_compensation", _("Overtime compensation"), f.overtime),
             refusal("stipend_period", _("Stipend period"), f.stipend_period),
             refusal("stipend_payer", _("Stipend paid by"), f.stipend_payer))
    return [p for p in found if p is not None]


def missing_for_signature(field_name: str, what: str, fix: str, code: str) -> Problem:
    """A party's detail a document for signature needs and the record lacks (it would print "not recorded")."""
    return error(field_name, _("The contract for signature needs {what}, which is not recorded. {fix}")
                 .format(what=what, fix=fix), code)


def parties(f: ContractFacts) -> list[Problem]:
    out: list[Problem] = []
    if not f.apprentice_address.strip():
        out.append(missing_for_signature("apprentice.address", by_sex(
            f.apprentice_sex, pgettext("apprentice, a woman", "the apprentice's address"),
            pgettext("apprentice, a man", "the apprentice's address"),
            pgettext("apprentice, non-binary or unknown", "the apprentice's address")),
            _("Record it on the Apprentices page (Address)."), "contract.apprentice_address"))
    if not f.apprentice_nss.strip():
        # The insurance clause states the apprentice's IMSS student insurance under this number.
        out.append(missing_for_signature(
            "apprentice.nss", by_sex(
                f.apprentice_sex, pgettext("apprentice, a woman", "the apprentice's social-security number (NSS)"),
                pgettext("apprentice, a man", "the apprentice's social-security number (NSS)"),
                pgettext("apprentice, non-binary or unknown", "the apprentice's social-security number (NSS)")),
            _(IMSS_COVER) + " " + _("The contract states this number; record it on the Apprentices page ({field}): "
                                    "the IMSS assigns it online with the CURP.").format(
                field=_("Social-security number (NSS)")), "contract.nss"))
    if f.template in ("mmfd", "both") and not f.has_school:
        # The MMFD agreement is signed by the school too: it states the days at school and the school's duties.
        out.append(error("school_id", _(
            "The learning agreement of the Mexican Dual Training Model (MMFD) is made with the school where the "
            "apprentice studies, and no school is chosen. Choose the school on the agreement (School), or print "
            "the AHK contract (§ 11 BBiG) if no school takes part."), "contract.school"))
    # a natural person signs in their own name: no legal representative is needed for them to sign
    representative = f.company_name if signs_in_own_name(natural_person=f.company_natural_person,
                                                           name=f.company_name,
                                                           representative=f.company_representative) \
        else f.company_representative
    out += collaboration_parties(company_address=f.company_address, company_representative=representative,
                                 school_address=f.school_address if f.has_school else None)
    if f.has_school and not f.school_signatory.strip():
        # The signature block and the parties name who signs for the school: never a blank line to sign on.
        out.append(missing_for_signature("liaison_name", _(
            "the name of the school's liaison officer, who signs it for the school"),
            _("Record it on the school (Liaison officer), or add the liaison officer on the School staff page "
              "(Role at the school: liaison officer)."), "contract.school_signatory"))
    if not f.has_instructor:
        out.append(missing_for_signature("instructor_id", _("the company instructor"),
                                         _("Name the instructor on the agreement (Instructor)."),
                                         "contract.instructor"))
    if f.minor:
        if not f.guardians:
            out.append(error("guardian_name", _(
                "{apprentice} is under {adult} on the start date: the contract names the parent or legal guardian "
                "who signs it (§ 11 BBiG asks for the legal representatives' names and addresses). Record the "
                "guardian on the Apprentices page: name, relation, address and identity document.").format(
                    apprentice=apprentice_role(f.apprentice_sex), adult=ADULT_AGE),
                "contract.guardian"))
            # Said with the guardian's name, relation and phone the agreement's own rule asks: all at once.
            out += [error(name, _("The contract names the parent or legal guardian with their {what}: record it on "
                                  "the Apprentices page.").format(what=what), "contract.guardian_" + name[9:])
                    for name, what in (("guardian_address", _("address")),
                                       ("guardian_id_document", _("identity document")))]
        for g in f.guardians:
            prefix = "guardian_" if g.number == 1 else "guardian2_"
            who = _("the first guardian") if g.number == 1 else _("the second guardian")
            for attribute, value, label in (("relation", g.relation, pgettext("guardian's", "relation")),
                                            ("address", g.address, _("address")),
                                            ("id_document", g.id_document, _("identity document"))):
                if not value.strip():
                    out.append(error(prefix + attribute, _(
                        "The contract names {who} ({name}) as a signing party, but their {what} is not recorded. "
                        "Record it on the Apprentices page.").format(who=who, name=g.name, what=label),
                        "contract.guardian_" + attribute))
    return out


#: The longest working day Mexican law allows (art. 61 LFT, the day shift): no contract states a longer training day.
LFT_DAY_HOURS = 8


def _pattern_label(code: str) -> str:
    option = WEEKLY_PATTERN.option(code)
    assert option is not None, code
    return option.label


def terms(f: ContractFacts) -> list[Problem]:
    out: list[Problem] = []
    if f.daily_hours is None:
        out.append(missing_for_signature("daily_hours", _("the regular daily training time"),
                            _("Enter the daily hours on the agreement (Daily hours)."), "contract.hours"))
    elif f.daily_hours > LFT_DAY_HOURS:
        out.append(error("daily_hours", _(
            "The contract would state {hours} hours of training a day; Mexican labour law limits a day's work to "
            "{max} hours (art. 61 of the Ley Federal del Trabajo), and the contract cannot agree to more. Enter at "
            "most {max} daily hours.").format(hours=f"{f.daily_hours:g}", max=LFT_DAY_HOURS), "contract.day_hours"))
    if f.weekly_pattern not in WEEKLY_PATTERN_CODES:
        # Free words (a sentence typed before the field was a choice) say nothing the rules can read: the
        # contract would print them beside the days. The days are checked all the same, as a week of days.
        out.append(error("weekly_pattern", _(
            "The weekly pattern reads \u201c{words}\u201d, which is none of its choices, so the contract cannot "
            "state how the week is split. Choose \u201c{days}\u201d or \u201c{blocks}\u201d under Weekly pattern "
            "on the agreement, and enter the days under Days a week at the company and Days a week at "
            "school.").format(words=f.weekly_pattern, days=_(_pattern_label("days")),
                              blocks=_(_pattern_label("blocks"))), "contract.weekly_pattern"))
    if f.weekly_pattern != "blocks":
        if f.company_days is None or f.school_days is None:
            out.append(missing_for_signature("company_days", _("the days a week at the company and at school"),
                                _("Enter both on the agreement (Days a week at the company, Days a week at "
                                  "school)."), "contract.days"))
        elif f.company_days + f.school_days > MAX_DAYS_A_WEEK:
            out.append(error("school_days", _(
                "The agreement has {company} days a week at the company and {school} at school, more than the "
                "{max} training days a week allow. Correct the days.").format(
                    company=f.company_days, school=f.school_days, max=MAX_DAYS_A_WEEK), "contract.days_total"))
        elif f.minor and f.cites_bbig and f.company_days + f.school_days > working_time.JARBSCHG_DAYS_A_WEEK:
            out.append(error("company_days", _(
                "The AHK contract follows the German Youth Employment Protection Act: § 15 JArbSchG allows a minor "
                "a five-day week (school days count as training days), and the agreement has {company} days at "
                "the company and {school} at school. Reduce the days a week to {max} in all.").format(
                    company=f.company_days, school=f.school_days, max=working_time.JARBSCHG_DAYS_A_WEEK),
                "contract.days_jarbschg"))
        if not f.has_school and f.school_days:
            out.append(error("school_days", ngettext(
                "No school is party to the contract, and the agreement has {n} day a week at school. Choose the "
                "school on the agreement (School), or enter 0 days a week at school and count every training day "
                "at the company (Days a week at the company).",
                "No school is party to the contract, and the agreement has {n} days a week at school. Choose the "
                "school on the agreement (School), or enter 0 days a week at school and count every training day "
                "at the company (Days a week at the company).", f.school_days).format(n=f.school_days),
                "contract.days_no_school"))
        if f.has_school and f.company_days is not None and f.school_days == 0:
            out.append(error("school_days", _(
                "The contract says the theory is taught at the school, and the agreement has no day a week at "
                "school: dual training alternates between both. Enter the days at school (Days a week at "
                "school)."), "contract.no_school_day"))
    if f.weekly_pattern == "blocks" and not f.has_school:
        out.append(error("weekly_pattern", _(
            "The weekly pattern alternates blocks of weeks at the company and at school, and no school is party "
            "to the contract. Choose the school on the agreement (School), or choose days a week as the weekly "
            "pattern, with every training day at the company."), "contract.blocks_no_school"))
    if f.template in ("mmfd", "both") and not f.modality_years:
        out.append(missing_for_signature("modality_years", _("the modality (years in the company)"),
                            _("Enter it on the agreement (Years in the company)."), "contract.modality"))
    elif f.template in ("mmfd", "both") and f.modality_years not in modality_years_for(f.start, f.end):
        stated = f.modality_years or 0
        out.append(error("modality_years", ngettext(
            "The agreement states {years} year in the company (the modality), and its term from {start} to {end} "
            "is {term} months. Correct the years in the company or the end date so that they agree.",
            "The agreement states {years} years in the company (the modality), and its term from {start} to "
            "{end} is {term} months. Correct the years in the company or the end date so that they agree.",
            stated).format(years=stated, start=shown_day(f.start), end=shown_day(f.end),
                                     term=term_months(f.start, f.end)), "contract.modality_term"))
    if f.minor and f.overtime not in (None, "", "none"):
        out.append(error("overtime_compensation", _(
            "The contract says {apprentice}, a minor, does no overtime, while the overtime rule allows it. Choose "
            "\u201cno overtime\u201d as the overtime compensation.").format(
                apprentice=apprentice_in_sentence(f.apprentice_sex)), "contract.overtime_minor"))
    if f.cites_bbig and not f.overtime:
        out.append(missing_for_signature("overtime_compensation", _("the overtime compensation (§ 11 BBiG)"),
                            _("Choose it on the agreement (Overtime compensation)."), "contract.overtime"))
    if not f.training_record_form:
        out.append(missing_for_signature("training_record_form", _("the form of the training record (on paper or "
                                                      "electronically)"),
                            _("Choose it on the agreement (Training record kept)."), "contract.record_form"))
    return out


def hours(f: ContractFacts) -> list[Problem]:
    """The daily hours the contract prints against what the law it cites allows at the apprentice's age: LFT
    art. 177 under 16 (until the 16th birthday), and under the AHK contract JArbSchG § 8 for a minor."""
    if f.birth_date is None or f.daily_hours is None:
        return []
    days = f.company_days + f.school_days if f.company_days is not None and f.school_days is not None else None
    return working_time.check_hours(f.birth_date, f.start, f.end, f.daily_hours, days, cites_jarbschg=f.cites_bbig,
                                    sex=f.apprentice_sex)


def insurance(f: ContractFacts) -> list[Problem]:
    out: list[Problem] = []
    if not f.insurance_policy.strip():
        out.append(missing_for_signature("insurance_policy", _("the accident-insurance policy number"),
                            _("Record the policy on the agreement (Accident-insurance policy)."),
                            "contract.policy"))
    if not f.insurance_insurer.strip():
        out.append(missing_for_signature("insurance_insurer", _("the accident insurer"),
                            _("Record it on the agreement (Insurer)."), "contract.insurer"))
    if f.insurance_expiry is None:
        out.append(missing_for_signature("insurance_expiry", _("the date the accident insurance expires"),
                            _("Record it on the agreement (Insurance expiry)."), "contract.expiry_missing"))
    elif cover_lapses(f.insurance_expiry, f.end):
        out.append(error("insurance_expiry", _(
            "The contract says the accident insurance covers {apprentice} during the whole agreement, but the "
            "policy expires on {expiry}, before the agreement ends on {end}. Record the renewed policy and its "
            "expiry (on or after {end}) under Insurance expiry.").format(
                apprentice=apprentice_in_sentence(f.apprentice_sex), expiry=shown_day(f.insurance_expiry),
                end=shown_day(f.end)), "contract.insurance_term"))
    return out


def cover_lapses(insurance_expiry: date | None, end: date) -> bool:
    """The accident-insurance policy expires before the agreement ends: a contract for signature cannot say it
    covers the whole agreement (refused), and a signed agreement's copy states the expiry instead (warned)."""
    return insurance_expiry is not None and insurance_expiry < end


def reprint_warnings(insurance_expiry: date | None, end: date) -> list[Problem]:
    """What printing a copy of a signed agreement (in force, or further along) warns about: the copy is printed
    as it stands, and says so."""
    if not cover_lapses(insurance_expiry, end):
        return []
    assert insurance_expiry is not None
    return [warning("insurance_expiry", _(
        "The accident insurance expires on {expiry}, before the agreement ends on {end}: the copy states that "
        "expiry, not a cover for the whole agreement. Record the renewed policy and its new expiry under "
        "Insurance expiry.").format(expiry=shown_day(insurance_expiry), end=shown_day(end)),
        "contract.insurance_lapses")]


def holidays(f: ContractFacts) -> list[Problem]:
    if f.holiday_days is None:
        return []
    least = holiday_minimum(minor=f.minor, birth_date=f.birth_date, start=f.start, cites_jarbschg=f.cites_bbig,
                            days_a_week=f.days_a_week)
    if f.holiday_days >= least.days:
        return []
    if least.law == "burlg3" and least.week is not None:
        message = ngettext(
            "The AHK contract follows the German Federal Holidays Act for an adult: § 3 BUrlG grants at least "
            "{werktage} working days of paid holiday a year counted Monday to Saturday, that is {min} on the "
            "contract's week of {week} training days, and the agreement gives {n} day. Enter {min} or more under "
            "Holiday days a year.",
            "The AHK contract follows the German Federal Holidays Act for an adult: § 3 BUrlG grants at least "
            "{werktage} working days of paid holiday a year counted Monday to Saturday, that is {min} on the "
            "contract's week of {week} training days, and the agreement gives {n} days. Enter {min} or more under "
            "Holiday days a year.", f.holiday_days)
    elif least.law == "burlg3":
        message = ngettext(
            "The AHK contract follows the German Federal Holidays Act for an adult: § 3 BUrlG grants at least {min} "
            "working days of paid holiday a year, and the agreement gives {n} day. Enter {min} or more under "
            "Holiday days a year.",
            "The AHK contract follows the German Federal Holidays Act for an adult: § 3 BUrlG grants at least {min} "
            "working days of paid holiday a year, and the agreement gives {n} days. Enter {min} or more under "
            "Holiday days a year.", f.holiday_days)
    elif least.law == "jarbschg19":
        message = ngettext(
            "The AHK contract follows the German Youth Employment Protection Act: under § 19 JArbSchG, "
            "{apprentice}, under {under} at the start of the calendar year, has at least {min} working days of paid "
            "holiday in {year}, and the agreement gives {n} day. Enter {min} or more under Holiday days a year.",
            "The AHK contract follows the German Youth Employment Protection Act: under § 19 JArbSchG, "
            "{apprentice}, under {under} at the start of the calendar year, has at least {min} working days of paid "
            "holiday in {year}, and the agreement gives {n} days. Enter {min} or more under Holiday days a year.",
            f.holiday_days)
    elif least.law == "lft179":
        message = ngettext(
            "Under the Federal Labour Law (art. 179), {apprentice}, under {adult}, has at least {min} working days "
            "of paid holiday a year, and the agreement gives {n} day. Enter {min} or more under Holiday days a year.",
            "Under the Federal Labour Law (art. 179), {apprentice}, under {adult}, has at least {min} working days "
            "of paid holiday a year, and the agreement gives {n} days. Enter {min} or more under Holiday days a year.",
            f.holiday_days)
    else:
        message = ngettext(
            "The Federal Labour Law (art. 76) grants at least {min} days of paid holiday a year, and the "
            "agreement gives {n} day. Enter {min} or more under Holiday days a year.",
            "The Federal Labour Law (art. 76) grants at least {min} days of paid holiday a year, and the "
            "agreement gives {n} days. Enter {min} or more under Holiday days a year.", f.holiday_days)
    return [error("holiday_days", message.format(
        min=least.days, n=f.holiday_days, adult=ADULT_AGE, under=least.under, year=least.year, week=least.week,
        werktage=BURLG_WERKTAGE,
        apprentice=apprentice_in_sentence(f.apprentice_sex)), "contract.holidays")]


def probation(f: ContractFacts) -> list[Problem]:
    low, high = PROBATION_MONTHS
    months = f.probation_months
    if months is None or months == 0:
        if f.cites_bbig:
            return [error("probation_months", _(
                "The AHK contract cites § 11 BBiG, and § 20 BBiG requires a probation period of at least {low} "
                "and at most {high} months. Enter it under Probation (months).").format(low=low, high=high),
                "contract.probation_missing")]
        return []
    if low <= months <= high:
        return []
    if f.cites_bbig:  # the AHK contract's § 5 follows § 20 BBiG, which it cites
        return [error("probation_months", _(
            "A probation period of {n} months is outside the {low} to {high} months § 20 BBiG allows (the AHK "
            "standard the agreement follows). Enter {low} to {high} under Probation (months).").format(
                n=months, low=low, high=high), "contract.probation")]
    # The Mexican agreement (MMFD) states its probation period and cites no law that limits it: no refusal, but a
    # figure beyond what dual training usually agrees is worth a second look.
    return [warning("probation_months", _(
        "A probation period of {n} months is longer than the {low} to {high} months dual training usually agrees. "
        "The Mexican agreement cites no legal limit for it: check the figure with the parties.").format(
            n=months, low=low, high=high), "contract.probation_long")]


def stipend(f: ContractFacts) -> list[Problem]:
    if f.stipend_amount is None:
        return [missing_for_signature("stipend_amount", _("the stipend amount (enter 0 when no stipend is paid)"),
                         _("Enter it on the agreement (Stipend)."), "contract.stipend")]
    out: list[Problem] = []
    if f.stipend_amount > 0 and not f.stipend_period:
        out.append(missing_for_signature("stipend_period", _("how often the stipend is paid"),
                            _("Choose it on the agreement (Stipend period)."), "contract.stipend_period"))
    years = f.training_years
    if f.stipend_steps and 1 + len(f.stipend_steps) > years:
        out.append(error("stipend_steps", ngettext(
            "The contract lists the stipend of each training year, and the term from {start} to {end} spans {years} "
            "training year, but {n} amounts are recorded. Remove the amounts beyond year {years} under Stipend in "
            "later training years.",
            "The contract lists the stipend of each training year, and the term from {start} to {end} spans {years} "
            "training years, but {n} amounts are recorded. Remove the amounts beyond year {years} under Stipend in "
            "later training years.", years).format(
                start=shown_day(f.start), end=shown_day(f.end), years=years, n=1 + len(f.stipend_steps)),
            "contract.stipend_years"))
    if not f.cites_bbig:
        return out
    if f.stipend_amount <= 0:
        out.append(error("stipend_amount", _(
            "The AHK contract cites § 11 BBiG, and § 17 BBiG requires an appropriate pay: a stipend of 0 "
            "contradicts it. Enter the monthly stipend under Stipend."), "contract.stipend_zero"))
        return out
    if years < 2:
        return out
    amounts = (f.stipend_amount, *f.stipend_steps)
    if len(amounts) < years:
        out.append(error("stipend_steps", ngettext(
            "The training spans {years} years and § 17 BBiG requires the pay to rise with each training year, "
            "but only {n} amount is recorded. Enter the stipend of each further year under Stipend in later "
            "training years, e.g. {example}.",
            "The training spans {years} years and § 17 BBiG requires the pay to rise with each training year, "
            "but only {n} amounts are recorded. Enter the stipend of each further year under Stipend in later "
            "training years, e.g. {example}.", len(amounts)).format(
                years=years, n=len(amounts),
                example="; ".join(f"{f.stipend_amount * (1 + Decimal('0.1') * k):.2f}" for k in range(1, years))),
            "contract.stipend_rise"))
    elif any(b <= a for a, b in zip(amounts, amounts[1:years], strict=False)):
        out.append(error("stipend_steps", _(
            "§ 17 BBiG requires the pay to rise with each training year, but the stipends recorded ({amounts}) do "
            "not rise every year. Correct them under Stipend and Stipend in later training years.").format(
                amounts="; ".join(f"{a:.2f}" for a in amounts[:years])), "contract.stipend_flat"))
    return out


def rotation_plan(f: ContractFacts) -> list[Problem]:
    if f.plan_weeks is None or not f.plan_weeks:
        return [error("rotation_plan_id", _(
            "The contract attaches the rotation plan as part of the agreement, and none with learning positions "
            "is attached. Choose the company's rotation plan on the agreement (Rotation plan); a company without "
            "one gets it under Records › New rotation plan, made of its learning positions."),
            "contract.plan_missing")]
    planned = sum(f.plan_weeks)
    term = f.term_weeks
    # The contract's own room for holidays and examinations, or more when the office accepts more (its setting,
    # which the agreement's save applies: printing never refuses what the office accepted).
    slack = plan_slack_weeks(term, f.plan_tolerance_weeks)
    if planned > term + 0.5:
        return [error("rotation_plan_id", _(
            "The rotation plan in the annex plans {planned} weeks, more than the {term} weeks from {start} to "
            "{end}. Shorten the plan's positions or choose a plan for this term.").format(
                planned=planned, term=round(term), start=shown_day(f.start), end=shown_day(f.end)),
            "contract.plan_long")]
    if planned < term - slack:
        return [error("rotation_plan_id", _(
            "The rotation plan in the annex plans {planned} weeks of the {term} weeks from {start} to {end}, "
            "leaving {gap} weeks without a learning position; {allowed}. Complete the plan or choose a plan for "
            "this term.").format(
                planned=planned, term=round(term), start=shown_day(f.start), end=shown_day(f.end),
                gap=round(term - planned), allowed=plan_slack_words(term, f.plan_tolerance_weeks)),
            "contract.plan_short")]
    return []


def document_kind(t: Translator, layout: str | None) -> str:
    """The words a learning agreement's document is titled with in ``layout``, in ``t``'s language: the
    AHK-standard contract's ("Ausbildungsvertrag (AHK-Standard)"), else the learning agreement's
    ("Ausbildungsvereinbarung"). Its PDF and an e-mail draft of it name it so."""
    if layout == "bbig":
        return t.gettext("Apprenticeship contract (AHK standard)")
    return t.gettext("Learning agreement")
