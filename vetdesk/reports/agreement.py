"""The learning agreement: the MMFD layout (convenio de aprendizaje) and the AHK-standard contract laid
out on the minimum contents of § 11 BBiG, with the rotation plan as an annex.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from vetdesk.domain import contract, working_time
from vetdesk.domain.limits import ADULT_AGE
from vetdesk.domain.training import catalogue_words
from vetdesk.i18n import Translator
from vetdesk.reports import words as w
from vetdesk.reports.page import (
    CONTENT_WIDTH,
    DocumentKind,
    PageInfo,
    Signatory,
    build_pdf,
    bullets,
    clause_flowables,
    esc,
    facts,
    footnote,
    heading,
    office_blocks,
    para,
    signatures_section,
)
from vetdesk.reports.styles import DocTable, Paragraph, fitting_width, grid, stylesheet
from vetdesk.services import clauses
from vetdesk.services.agreement_sheet import AgreementDocument, PositionLine, template_of

TEMPLATES = ("mmfd", "bbig", "both")


def kind_label(t: Translator, template: str) -> str:
    """The words the document is titled with (an e-mail draft of it names it so)."""
    from vetdesk.domain.contract import document_kind

    return document_kind(t, template)


# -- shared parts ------------------------------------------------------------------------------------

def _joined(*parts: str) -> str:
    return " · ".join(x for x in parts if x)


def _phone(number: str) -> str:
    """A phone number kept on one line (its groups joined by no-break spaces: "442 730 975" never wraps)."""
    return number.replace(" ", "\u00a0")


def _parties(doc: AgreementDocument, t: Translator) -> list[Flowable]:
    """Every party with what identifies it. A contract for signature has them complete (domain.contract), so
    optional contact details are left out when absent instead of printing "not recorded"."""
    c, a, s = doc.company, doc.apprentice, doc.school
    company: list[tuple[str, object]] = [
        (t.gettext("Company name"), c.name),
        (t.gettext("RFC (tax ID)"), c.rfc),
        (t.gettext("Address"), w.or_missing(t, c.address)),
    ]
    if c.in_own_name:  # a natural person who signs in their own name is not their own legal representative
        company.append((t.gettext("Legal form"), t.gettext("Natural person with business activity")))
    else:
        company.append((t.gettext("Legal representative"), w.or_missing(t, c.legal_representative)))
    if _joined(c.contact_name, c.contact_email, _phone(c.contact_phone)):
        company.append((t.gettext("Contact"), _joined(c.contact_name, c.contact_email, _phone(c.contact_phone))))
    out: list[Flowable] = [Paragraph(esc(t.gettext("The company (training company)")), stylesheet()["subheading"]),
                           facts(company)]
    person: list[tuple[str, object]] = [
        (t.gettext("Full name"), a.full_name),
        (w.id_name(t, a.id_country), w.id_value(a.id_country, a.curp)),
        (t.gettext("Birth date"), w.day(t, a.birth_date)),
        (t.gettext("Age on the start date"), t.gettext("{age} years").format(age=doc.age_on_start)),
        (t.gettext("Address"), w.or_missing(t, a.address)),
    ]
    if _joined(a.email, _phone(a.phone)):
        person.append((t.gettext("E-mail and phone"), _joined(a.email, _phone(a.phone))))
    out += [Paragraph(esc(w.apprentice_role(t, a.sex)), stylesheet()["subheading"]), facts(person)]
    if doc.guardians:
        out.append(Paragraph(esc(t.ngettext("Parent or legal guardian of the minor apprentice",
                                            "Parents or legal guardians of the minor apprentice",
                                            len(doc.guardians))), stylesheet()["subheading"]))
        for g in doc.guardians:
            rows: list[tuple[str, object]] = [
                (t.gettext("Name"), g.name),
                (t.gettext("Relation to the apprentice"), w.or_missing(t, w.choice(t, "guardian_relation",
                                                                                  g.relation))),
                (t.gettext("Address"), w.or_missing(t, g.address)),
                (t.gettext("Identity document"), w.or_missing(t, g.id_document)),
            ]
            if _joined(_phone(g.phone), g.email):
                rows.append((t.gettext("Phone and e-mail"), _joined(_phone(g.phone), g.email)))
            out.append(facts(rows))
    if s is not None:
        school: list[tuple[str, object]] = [
            (t.gettext("School name"), s.name),
            (t.gettext("School code (CCT)"), s.cct),
            (t.gettext("Address"), w.or_missing(t, s.address)),
        ]
        signer = _school_signer(doc, t)
        if signer.name:  # who signs for it, as the signature block names them
            school.append((t.gettext("Signs for the school"), ", ".join(x for x in (signer.name, signer.detail) if x)))
        if doc.tutor is not None:
            school.append((t.gettext("Academic tutor"), doc.tutor.name))
        if doc.collaboration_reference:
            school.append((t.gettext("Collaboration agreement"), doc.collaboration_reference))
        out += [Paragraph(esc(t.gettext("The school")), stylesheet()["subheading"]), facts(school)]
    out += [Paragraph(esc(t.gettext("The chamber office")), stylesheet()["subheading"]),
            facts([(t.gettext("Name"), doc.letterhead.chamber_name),
                   (t.gettext("Address"), w.or_missing(t, doc.letterhead.chamber_address))])]
    return out


def _weekly_pattern(doc: AgreementDocument, t: Translator) -> str:
    """One sentence in the document's language: the days a week, or blocks of weeks; words stored before the
    pattern was a choice are shown as typed on a draft (printing for signature refuses them)."""
    days = ""
    if doc.school is None:  # no school is a party: no day is "at school" (a contract for signature has none)
        if doc.company_days is not None:
            days = t.gettext("Days a week at the company: {company}.").format(company=doc.company_days)
            if doc.school_days:
                days += " " + t.gettext("Days a week of theory: {days}.").format(days=doc.school_days)
    elif doc.company_days is not None and doc.school_days is not None:
        days = t.gettext("Days a week at the company: {company}. Days a week at school: {school}.").format(
            company=doc.company_days, school=doc.school_days)
    pattern = doc.weekly_pattern
    if pattern in ("", "days"):
        return days or t.gettext(w.NOT_RECORDED)
    if pattern == "blocks":  # whole weeks at each place: days a week (kept from "fixed days") would contradict it
        return t.gettext("The training alternates between blocks of weeks at the company and blocks of weeks "
                         "at school.") if doc.school is not None else t.gettext(
            "The training alternates between blocks of weeks at the company and blocks of weeks of theory.")
    return " ".join(x for x in (days, pattern) if x)


def _stipend(doc: AgreementDocument, t: Translator) -> str:
    if doc.stipend_amount is None:
        return t.gettext("No stipend amount is recorded.")
    if doc.stipend_amount == 0:
        return t.gettext("The apprentice receives no stipend.")
    if doc.stipend_steps:  # each training year's amount once, the first year's among them (issue 23)
        period = w.period(t, doc.stipend_period) if doc.stipend_period else ""
        years = [(t.gettext("training year {n}: {amount} {period}") if period else
                  t.gettext("training year {n}: {amount}")).format(
            n=n, amount=_in_figures_and_words(t, a, doc.stipend_currency), period=period)
            for n, a in enumerate((doc.stipend_amount, *doc.stipend_steps), start=1)]
        return t.gettext("The stipend, paid by {payer}, rises with each training year: {years}.").format(
            payer=w.payer(t, doc.stipend_payer), years="; ".join(years))
    amount = _in_figures_and_words(t, doc.stipend_amount, doc.stipend_currency)
    if doc.stipend_period:
        return t.gettext("{amount} {period}, paid by {payer}.").format(
            amount=amount, period=w.period(t, doc.stipend_period), payer=w.payer(t, doc.stipend_payer))
    return t.gettext("{amount}, paid by {payer}.").format(amount=amount, payer=w.payer(t, doc.stipend_payer))


def _in_figures_and_words(t: Translator, amount: Decimal, currency: str) -> str:
    """An amount as a contract states it: in figures, then in words in the document's language
    ("$4,500.00 (cuatro mil quinientos pesos 00/100 M.N.)"), for every training year's amount alike."""
    return f"{w.money(t, amount, currency)} ({w.amount_in_words(t, amount, currency)})"


def _insurance_rows(doc: AgreementDocument, t: Translator) -> list[tuple[str, object]]:
    return [
        (t.gettext("Social-security number (NSS)"), w.or_missing(t, doc.apprentice.nss)),
        (t.gettext("Accident insurer"), w.or_missing(t, doc.insurance_insurer)),
        (t.gettext("Accident-insurance policy"), w.or_missing(t, doc.insurance_policy)),
        (t.gettext("Policy valid until"), w.day(t, doc.insurance_expiry)),
    ]


def _insurance_cover(doc: AgreementDocument, t: Translator, *, is_contract: bool = False) -> str:
    """The insurance clause on one basis, stated precisely (domain.md, "insurance"; the words of
    ``identifiers.IMSS_COVER``): the IMSS covers the apprentice through the student insurance (seguro facultativo)
    under the NSS printed above (a contract for signature has it: domain.contract refuses one without), and the
    company's accident policy covers the training: for the whole term only when it runs to its end; a policy that
    lapses before (an agreement in force, reprinted) is stated with its expiry and the company's duty to renew it.
    ``is_contract``: the AHK contract, which names itself a contract."""
    name = doc.apprentice.full_name
    registered = t.gettext("{name} is covered by the student insurance (seguro facultativo) of the Mexican Social "
                           "Security Institute (IMSS) under the social-security number (NSS) {nss}.").format(
        name=name, nss=doc.apprentice.nss) if doc.apprentice.nss.strip() else ""
    if contract.cover_lapses(doc.insurance_expiry, doc.end_date):
        values = {"name": name, "expiry": w.day(t, doc.insurance_expiry), "end": w.day(t, doc.end_date)}
        cover = (t.gettext("The accident insurance above also covers {name} until {expiry}, before the contract "
                           "ends on {end}. The company renews it or takes out a new policy before {expiry}, so "
                           "that the cover lasts until the end of the contract.") if is_contract else
                 t.gettext("The accident insurance above also covers {name} until {expiry}, before the agreement "
                           "ends on {end}. The company renews it or takes out a new policy before {expiry}, so "
                           "that the cover lasts until the end of the agreement.")).format(**values)
    else:
        cover = (t.gettext("The accident insurance above also covers {name} during the whole contract.")
                 if is_contract else
                 t.gettext("The accident insurance above also covers {name} during the whole agreement.")
                 ).format(name=name)
    return " ".join(x for x in (registered, cover) if x)


def upper(text: str) -> str:
    """A sentence that starts with a placeholder ("{apprentice} has…") starts with a capital."""
    return text[:1].upper() + text[1:]


def _minor_clause(doc: AgreementDocument, t: Translator, *, jarbschg: bool = False) -> list[Flowable]:
    """What protects a minor, citing the law: the Federal Labour Law's (arts. 175-179) always, the short day of
    art. 177 only while the apprentice is under 16 (until the 16th birthday), and in the AHK contract the German
    Youth Employment Protection Act's limits (the limits the rules apply: domain.working_time)."""
    who = w.apprentice_in_sentence(t, doc.apprentice.sex)
    if not doc.minor:
        return [para(upper(t.gettext("{apprentice} is of age on the start date; the special protections for "
                                     "minors do not apply.").format(apprentice=who)))]
    out: list[Flowable] = []
    # A minor who comes of age within the term: what follows applies until the day before the 18th birthday
    # (named), the adult's rules from that day; the guardian still consents, as the apprentice signs as a minor.
    adult_on = doc.comes_of_age
    until = w.day(t, adult_on - timedelta(days=1)) if adult_on else ""
    name = doc.apprentice.full_name
    if doc.stps_permit_number:
        values = {"name": name, "number": doc.stps_permit_number, "date": w.day(t, doc.stps_permit_date),
                  "until": until}
        out.append(para((t.gettext("The labour ministry (STPS) issued the work permit for {name}, a minor, under "
                                   "number {number} on {date}; it covers the training while {name} is a minor, "
                                   "until {until}.") if adult_on else
                         t.gettext("The labour ministry (STPS) issued the work permit for {name}, a minor, under "
                                   "number {number} on {date}.")).format(**values)))
    elif doc.stps_permit_required:
        out.append(para((t.gettext("The labour ministry's (STPS) work permit for {name}, a minor, has not been "
                                   "recorded yet; the training at the company may start only once it is issued. "
                                   "It is needed while {name} is a minor, until {until}.") if adult_on else
                         t.gettext("The labour ministry's (STPS) work permit for {name}, a minor, has not been "
                                   "recorded yet; the training at the company may start only once it is issued."))
                        .format(name=name, until=until)))
    if adult_on and jarbschg:
        protections = t.gettext("While {apprentice} is under {adult}, until {until}, the company assigns no overtime "
                                "and no work on Sundays or public holidays (art. 178 of the Federal Labour Law), no "
                                "night work and no hazardous or unhealthy work (arts. 175 and 176). From {birthday}, "
                                "when {apprentice} turns {adult}, these protections for minors and the limits of the "
                                "German Youth Employment Protection Act below no longer apply: the rules of this "
                                "contract for adults apply, and the paid holiday is that of § 8, at least that of the "
                                "German Federal Holidays Act (BUrlG).")
    elif adult_on and _unpaid(doc):
        protections = t.gettext("While {apprentice} is under {adult}, until {until}, the company assigns no overtime "
                                "and no work on Sundays or public holidays (art. 178 of the Federal Labour Law), no "
                                "night work and no hazardous or unhealthy work (arts. 175 and 176), and grants at "
                                "least {days} working days of holiday a year (art. 179). From {birthday}, when "
                                "{apprentice} turns {adult}, these protections for minors no longer apply: the rules "
                                "of this agreement for adults apply, and the holidays are those of the Holidays "
                                "clause, at least those of art. 76 of the Federal Labour Law.")
    elif adult_on:
        protections = t.gettext("While {apprentice} is under {adult}, until {until}, the company assigns no overtime "
                                "and no work on Sundays or public holidays (art. 178 of the Federal Labour Law), no "
                                "night work and no hazardous or unhealthy work (arts. 175 and 176), and grants at "
                                "least {days} working days of paid holiday a year (art. 179). From {birthday}, when "
                                "{apprentice} turns {adult}, these protections for minors no longer apply: the rules "
                                "of this agreement for adults apply, and the paid holidays are those of the Holidays "
                                "clause, at least those of art. 76 of the Federal Labour Law.")
    elif jarbschg:  # the holidays follow § 19 JArbSchG, which grants more than art. 179 LFT: said below
        protections = t.gettext("As {apprentice} is under {adult}, the company assigns no overtime and no work "
                                "on Sundays or public holidays (art. 178 of the Federal Labour Law), no night work "
                                "and no hazardous or unhealthy work (arts. 175 and 176).")
    elif _unpaid(doc):
        protections = t.gettext("As {apprentice} is under {adult}, the company assigns no overtime and no work on "
                                "Sundays or public holidays (art. 178 of the Federal Labour Law), no night work and "
                                "no hazardous or unhealthy work (arts. 175 and 176), and grants at least {days} "
                                "working days of holiday a year (art. 179).")
    else:
        protections = t.gettext("As {apprentice} is under {adult}, the company assigns no overtime and no work on "
                                "Sundays or public holidays (art. 178 of the Federal Labour Law), no night work and "
                                "no hazardous or unhealthy work (arts. 175 and 176), and grants at least {days} "
                                "working days of paid holiday a year (art. 179).")
    out.append(para(upper(protections.format(apprentice=who, adult=ADULT_AGE, days=contract.MINOR_HOLIDAY_DAYS,
                                             until=until, birthday=w.day(t, adult_on) if adult_on else ""))
                    + " "
                    + (t.ngettext("The parent or legal guardian consents to this contract by signing it.",
                                  "Both parents or legal guardians consent to this contract by signing it.",
                                  len(doc.guardians)) if jarbschg else  # the AHK contract names itself so
                       t.ngettext("The parent or legal guardian consents to this agreement by signing it.",
                                  "Both parents or legal guardians consent to this agreement by signing it.",
                                  len(doc.guardians)))))
    limits = working_time.minor_hours(doc.apprentice.birth_date, doc.start_date, doc.end_date)
    numbers = {"apprentice": who, "max": w.hours(t, working_time.MAX_HOURS_UNDER_16),
               "period": w.hours(t, working_time.MAX_PERIOD_HOURS_UNDER_16),
               "short_age": working_time.SHORT_DAY_AGE}
    if limits.turns_16_during_term:
        out.append(para(t.gettext("While {apprentice} is under {short_age}, until {date}, the training day does "
                                  "not exceed {max} hours, divided into periods of at most {period} hours with "
                                  "at least one hour's rest between them (art. 177 of the Federal Labour Law).").format(
                                      date=w.day(t, limits.short_day_until), **numbers)))
    elif limits.short_day:
        out.append(para(upper((t.gettext("As {apprentice} is under {short_age} during the whole contract, the "
                                         "training day does not exceed {max} hours, divided into periods of at "
                                         "most {period} hours with at least one hour's rest between them (art. "
                                         "177 of the Federal Labour Law).") if jarbschg else
                               t.gettext("As {apprentice} is under {short_age} during the whole agreement, the "
                                         "training day does not exceed {max} hours, divided into periods of at "
                                         "most {period} hours with at least one hour's rest between them (art. "
                                         "177 of the Federal Labour Law).")).format(**numbers))))
    if jarbschg:
        out.append(para((t.gettext("Under the German Youth Employment Protection Act (JArbSchG), which this "
                                  "contract follows, the training time of {apprentice} while a minor, until {until}, "
                                  "does not exceed {day} hours a day and {week} hours a week (§ 8); a working day "
                                  "spans at most 10 hours including breaks (§ 12) and is followed by at least 12 "
                                  "hours of rest (§ 13), and no training takes place between 8 p.m. and 6 a.m. "
                                  "(§ 14).") if adult_on else
                        t.gettext("Under the German Youth Employment Protection Act (JArbSchG), which this "
                                  "contract follows, the training time of {apprentice} while a minor does not "
                                  "exceed {day} hours a day and {week} hours a week (§ 8); a working day spans at "
                                  "most 10 hours including breaks (§ 12) and is followed by at least 12 hours of "
                                  "rest (§ 13), and no training takes place between 8 p.m. and 6 a.m. (§ 14).")
                        ).format(apprentice=who, day=w.hours(t, working_time.JARBSCHG_DAILY_HOURS),
                                 week=w.hours(t, working_time.JARBSCHG_WEEKLY_HOURS), until=until)))
        out.append(para(_jarbschg_holidays(doc, t)))
    return out


def _jarbschg_holidays(doc: AgreementDocument, t: Translator) -> str:
    """§ 19 JArbSchG: the least paid holiday of each calendar year of the term that begins while the apprentice is
    a minor, by the age at its start (the figures the rule refusing too few applies: domain.contract)."""
    years = [t.ngettext("{year}: at least {days} working day (under {under} on 1 January)",
                        "{year}: at least {days} working days (under {under} on 1 January)", days).format(
        year=year, days=days, under=under)
        for year, days, under in contract.jarbschg_holiday_years(doc.apprentice.birth_date, doc.start_date,
                                                                 doc.end_date)]
    return t.gettext("While a minor, {apprentice} has at least the paid holiday § 19 JArbSchG grants by the age at "
                     "the start of each calendar year: {years}.").format(
        apprentice=w.apprentice_in_sentence(t, doc.apprentice.sex), years="; ".join(years))


def _tutor_row(doc: AgreementDocument, t: Translator) -> list[tuple[str, object]]:
    """The academic tutor: named, else to be named by the school (its obligation in this agreement); no row when
    no school is a party (a contract for signature never says "not recorded" there)."""
    if doc.tutor is not None:
        return [(t.gettext("Academic tutor"), doc.tutor.name)]
    if doc.school is not None:
        return [(t.gettext("Academic tutor"), t.gettext("to be named by the school"))]
    return []


def _unpaid(doc: AgreementDocument, *, contract: bool = False) -> bool:
    """The Mexican agreement states that no stipend is paid (0): its holidays are not called paid (the AHK
    contract is refused without pay, § 17 BBiG)."""
    return not contract and doc.stipend_amount == 0


def _holidays(doc: AgreementDocument, t: Translator, *, contract: bool = False) -> str:
    """The holidays a year; "during the school holidays" only when a school is party to the agreement. With no
    figure recorded, the law the layout cites grants them: the Federal Labour Law in the Mexican agreement; in the
    AHK contract (``contract``) § 19 JArbSchG while a minor (set out year by year in § 12) and the German Federal
    Holidays Act (BUrlG) for an adult."""
    who = w.apprentice_in_sentence(t, doc.apprentice.sex)
    school = doc.school is not None
    unpaid = _unpaid(doc, contract=contract)
    if contract and not doc.holiday_days:
        return " ".join(_contract_holidays(doc, t, who))
    if doc.holiday_days:
        if unpaid and school:
            text = t.ngettext("{apprentice} has {n} working day of holiday a year, taken where possible during the "
                              "school holidays.",
                              "{apprentice} has {n} working days of holiday a year, taken where possible during the "
                              "school holidays.", doc.holiday_days)
        elif unpaid:
            text = t.ngettext("{apprentice} has {n} working day of holiday a year.",
                              "{apprentice} has {n} working days of holiday a year.", doc.holiday_days)
        elif school:
            text = t.ngettext("{apprentice} has {n} working day of paid holiday a year, taken where possible during "
                              "the school holidays.",
                              "{apprentice} has {n} working days of paid holiday a year, taken where possible during "
                              "the school holidays.", doc.holiday_days)
        else:
            text = t.ngettext("{apprentice} has {n} working day of paid holiday a year.",
                              "{apprentice} has {n} working days of paid holiday a year.", doc.holiday_days)
        if contract and not doc.minor:  # the AHK contract follows the BUrlG for an adult, not art. 76 LFT
            return " ".join((upper(text.format(n=doc.holiday_days, apprentice=who)), _burlg(doc, t)))
        return " ".join((upper(text.format(n=doc.holiday_days, apprentice=who)), *_holidays_rising(doc, t)))
    if unpaid:
        return upper((t.gettext("{apprentice} has the holidays the Federal Labour Law grants, taken where possible "
                                "during the school holidays.") if school else
                      t.gettext("{apprentice} has the holidays the Federal Labour Law grants."))
                     .format(apprentice=who))
    if not school:
        return upper(t.gettext("{apprentice} has the paid holidays the Federal Labour Law grants.")
                     .format(apprentice=who))
    return upper(t.gettext("{apprentice} has the paid holidays the Federal Labour Law grants, taken where possible "
                           "during the school holidays.").format(apprentice=who))


def _contract_holidays(doc: AgreementDocument, t: Translator, who: str) -> list[str]:
    """The AHK contract's holidays when it states no figure: the law it follows grants them (JArbSchG, BUrlG)."""
    if doc.minor:
        out = [upper(t.gettext("While a minor, {apprentice} has the paid holiday § 19 of the German Youth "
                               "Employment Protection Act (JArbSchG) grants by age, set out year by year in § 12.")
                     .format(apprentice=who))]
        if doc.comes_of_age:  # of age before the contract ends
            out.append(t.gettext("Once of age, {apprentice} has the paid holiday of the German Federal Holidays "
                                 "Act (BUrlG).").format(apprentice=who))
    else:
        out = [upper(t.gettext("{apprentice} has the paid holiday of the German Federal Holidays Act (BUrlG).")
                     .format(apprentice=who))]
    if doc.school is not None:
        out.append(t.gettext("Holidays are taken where possible during the school holidays."))
    return out


def _burlg(doc: AgreementDocument, t: Translator) -> str:
    """The law the AHK contract's holidays follow for an adult, with the least it grants on the contract's week
    (``contract.holiday_minimum``: the rule refusing fewer reads the same figure)."""
    days = (doc.company_days + doc.school_days) if doc.company_days is not None and doc.school_days is not None \
        else None
    least = contract.holiday_minimum(minor=False, birth_date=doc.apprentice.birth_date, start=doc.start_date,
                                     cites_jarbschg=True, days_a_week=days)
    if least.week is not None:
        return t.gettext("They are at least the paid holiday of the German Federal Holidays Act (§ 3 BUrlG): "
                         "{werktage} working days a year counted Monday to Saturday, {min} on this contract's week "
                         "of {week} training days.").format(min=least.days, week=least.week,
                                                            werktage=contract.BURLG_WERKTAGE)
    return t.gettext("They are at least the paid holiday of the German Federal Holidays Act (§ 3 BUrlG): {min} "
                     "working days a year.").format(min=least.days)


def _holidays_rising(doc: AgreementDocument, t: Translator) -> list[str]:
    """An adult's holidays over a term of several years: art. 76 LFT grants two more days each further year of
    service, so a flat figure below it would state less than the law from the second year on."""
    if doc.minor or not doc.holiday_days:
        return []
    years = [(n, contract.lft_holiday_days(n)) for n in range(2, contract.training_years(doc.start_date,
                                                                                      doc.end_date) + 1)]
    rising = [(n, days) for n, days in years if days > doc.holiday_days]
    if not rising:
        return []
    return [t.gettext("As art. 76 of the Federal Labour Law provides, the holidays rise with each further year "
                      "of service ({years}).").format(years="; ".join(
                          t.ngettext("training year {n}: {days} working day", "training year {n}: {days} working days",
                                     days).format(n=n, days=days) for n, days in rising))]


def _obligations(doc: AgreementDocument, t: Translator) -> list[Flowable]:
    who = w.apprentice_in_sentence(t, doc.apprentice.sex)
    s = stylesheet()
    out: list[Flowable] = [Paragraph(esc(t.gettext("The company undertakes to:")), s["subheading"])]
    out += bullets([
        t.gettext("train the apprentice along the rotation plan in the annex, through a named instructor;"),
        t.gettext("release the apprentice for the days at school and for examinations;"),
        # no stipend (none is paid, or none recorded on a draft): no duty to pay one
        t.gettext("pay the stipend on time and keep the accident insurance in force for the whole agreement;")
        if doc.stipend_amount else t.gettext("keep the accident insurance in force for the whole agreement;"),
        t.gettext("rate the apprentice's competencies regularly and discuss the ratings with the apprentice;"),
        t.gettext("assign only tasks that serve the training and are safe for the apprentice's age."),
    ])
    out.append(Paragraph(esc(upper(t.gettext("{apprentice} undertakes to:").format(apprentice=who))),
                         s["subheading"]))
    out += bullets([
        t.gettext("take part in the training at the company and at school, on time and with care;"),
        t.gettext("follow the instructions of the instructor and the company's safety and conduct rules;"),
        t.gettext("keep the weekly report (training record) and present it for countersignature;"),
        t.gettext("keep the company's confidential information confidential."),
    ])
    if doc.guardians:
        n = len(doc.guardians)
        out.append(Paragraph(esc(t.ngettext("The parent or legal guardian undertakes to:",
                                            "The parents or legal guardians undertake to:", n)), s["subheading"]))
        out += bullets([
            t.gettext("support the apprentice in meeting this agreement and attend meetings when asked;"),
            t.gettext("inform the school and the chamber office of anything that affects the training."),
        ])
        if doc.comes_of_age:  # the guardians' duties end when the apprentice comes of age
            out.append(para(t.ngettext(
                "These obligations of the parent or legal guardian apply while {apprentice} is a minor, until "
                "{date}.",
                "These obligations of the parents or legal guardians apply while {apprentice} is a minor, until "
                "{date}.", n).format(apprentice=who, date=w.day(t, doc.comes_of_age - timedelta(days=1)))))
    if doc.school is not None:
        out.append(Paragraph(esc(t.gettext("The school undertakes to:")), s["subheading"]))
        out += bullets([
            t.gettext("teach the theory part of the programme and name an academic tutor;"),
            t.gettext("coordinate the school calendar with the company and recognise the learning achieved "
                      "there."),
        ])
    out.append(Paragraph(esc(t.gettext("The chamber office undertakes to:")), s["subheading"]))
    out += bullets([
        t.gettext("register this agreement and follow the apprentice's progress;"),
        t.gettext("advise the parties and mediate when problems arise;"),
        t.gettext("organise the assessments and issue the certificate on completion."),
    ])
    return out


def _termination(doc: AgreementDocument, t: Translator, *, contract: bool = False) -> str:
    # Reasons are owed after the probation period only (§ 22 BBiG); no school is told when none is a party. The
    # AHK contract (``contract``) names itself a contract, as its office text does (kind("este convenio", …)).
    if contract:
        return t.gettext("During the probation period either party may end this contract at any time without "
                         "giving reasons. Afterwards it may be ended for a serious reason without notice, or by the "
                         "apprentice with four weeks' notice to give up the training or change occupation. Any "
                         "termination is made in writing and, after the probation period, states its reasons; it "
                         "is reported to the chamber office.") if doc.school is None else \
            t.gettext("During the probation period either party may end this contract at any time without "
                      "giving reasons. Afterwards it may be ended for a serious reason without notice, or by the "
                      "apprentice with four weeks' notice to give up the training or change occupation. Any "
                      "termination is made in writing and, after the probation period, states its reasons; it is "
                      "reported to the school and the chamber office.")
    if doc.probation_months == 0:  # the MMFD agreement may have none (the AHK contract is refused without)
        return t.gettext("This agreement has no probation period: it may be ended for a serious reason without "
                         "notice, or by the apprentice with four weeks' notice to give up the training or change "
                         "occupation. Any termination is made in writing and states its reasons; it is reported to "
                         "the chamber office.") if doc.school is None else \
            t.gettext("This agreement has no probation period: it may be ended for a serious reason without "
                      "notice, or by the apprentice with four weeks' notice to give up the training or change "
                      "occupation. Any termination is made in writing and states its reasons; it is reported to the "
                      "school and the chamber office.")
    if doc.school is None:
        return t.gettext("During the probation period either party may end this agreement at any time without "
                         "giving reasons. Afterwards it may be ended for a serious reason without notice, or by the "
                         "apprentice with four weeks' notice to give up the training or change occupation. Any "
                         "termination is made in writing and, after the probation period, states its reasons; it "
                         "is reported to the chamber office.")
    return t.gettext("During the probation period either party may end this agreement at any time without "
                     "giving reasons. Afterwards it may be ended for a serious reason without notice, or by the "
                     "apprentice with four weeks' notice to give up the training or change occupation. Any "
                     "termination is made in writing and, after the probation period, states its reasons; it is "
                     "reported to the school and the chamber office.")


def _data_protection(t: Translator, *, contract: bool = False) -> str:
    if contract:  # the AHK contract names itself a contract
        return t.gettext("The parties process the personal data in this contract only to carry it out and to "
                         "follow the training, in accordance with the Federal Law on the Protection of Personal "
                         "Data Held by Private Parties (LFPDPPP) and the privacy notice of each party. The data "
                         "holder may exercise the rights of access, rectification, cancellation and opposition "
                         "(ARCO rights) before the party holding the data. Data are kept no longer than required "
                         "by law.")
    return t.gettext("The parties process the personal data in this agreement only to carry it out and to "
                     "follow the training, in accordance with the Federal Law on the Protection of Personal "
                     "Data Held by Private Parties (LFPDPPP) and the privacy notice of each party. The data "
                     "holder may exercise the rights of access, rectification, cancellation and opposition "
                     "(ARCO rights) before the party holding the data. Data are kept no longer than required "
                     "by law.")


def signature_parties(doc: AgreementDocument, t: Translator) -> list[Signatory]:
    """Who signs the agreement's amendments, with what identifies them: the agreement's parties, each with a line
    to date (an amendment is signed on days of its own, not on the agreement's)."""
    from dataclasses import replace

    return [replace(who, signed_on="") for who in _signature_parties(doc, t)]


def _signature_parties(doc: AgreementDocument, t: Translator) -> list[Signatory]:
    """Every party's signature box, the parties whose signatures the agreement records (``records.signatures``):
    on a signed copy each dated as recorded (any party without a date keeps a line)."""
    dates = dict(doc.signed_dates) if doc.signed_copy else {}

    def on(party: str) -> str:
        return w.day(t, dates[party]) if party in dates else ""

    company = doc.company
    out = [
        # a natural person (persona física) signs in their own name, not as their own legal representative
        Signatory(t.gettext("For the company"), company.name,
                  t.gettext("In their own name, natural person with business activity"), on("company"),
                  short=t.pgettext("initials line", "Company")) if company.in_own_name else
        Signatory(t.gettext("For the company"), company.legal_representative,
                  t.gettext("Legal representative of {company}").format(company=company.name), on("company"),
                  short=t.pgettext("initials line", "Company")),
        Signatory(w.apprentice_role(t, doc.apprentice.sex), doc.apprentice.full_name, signed_on=on("apprentice")),
    ]
    # Two guardians are told apart (first, second), in their boxes and under their initials lines, as the
    # signatures dialog and the agreement's form name them.
    two = len(doc.guardians) > 1
    for party, g in zip(("guardian", "guardian2"), doc.guardians, strict=False):
        role = (t.gettext("First parent or guardian") if party == "guardian" else
                t.gettext("Second parent or guardian")) if two else t.gettext("Parent or legal guardian")
        short = (t.pgettext("initials line", "Parent or guardian 1") if party == "guardian" else
                 t.pgettext("initials line", "Parent or guardian 2")) if two \
            else t.pgettext("initials line", "Parent or guardian")
        out.append(Signatory(role, g.name, w.choice(t, "guardian_relation", g.relation), on(party), short=short))
    if doc.school is not None:
        # The school signs through its liaison officer. The academic tutor is named among the parties' people
        # (not a party: domain, "a signature block for every party"), and has no signature or initials box.
        signer = _school_signer(doc, t)
        out.append(Signatory(t.gettext("For the school"), signer.name,
                             ", ".join(x for x in (signer.detail, doc.school.name) if x), on("school"),
                             short=t.pgettext("initials line", "School")))
    coordinator = doc.coordinator
    out.append(Signatory(t.gettext("For the chamber office"), coordinator.name if coordinator else "",
                         ", ".join(x for x in (coordinator.detail if coordinator else "",
                                               doc.letterhead.chamber_name) if x), on("chamber"),
                         short=t.pgettext("initials line", "Chamber")))
    return out


def _school_signer(doc: AgreementDocument, t: Translator) -> Signatory:
    """Who signs the learning agreement for the school: its liaison officer (gestor de vinculación), under the
    collaboration agreement the school's director signed (``domain.contract`` refuses one for signature without
    them); named with their job title, else their role."""
    assert doc.school is not None
    liaison = doc.liaison
    name = liaison.name if liaison is not None else doc.school.liaison_name
    detail = (liaison.detail if liaison is not None else "") or (t.gettext("Liaison officer") if name else "")
    return Signatory(t.gettext("For the school"), name, detail)


def _training_record(doc: AgreementDocument, t: Translator) -> str:
    who = w.apprentice_in_sentence(t, doc.apprentice.sex)
    form = doc.training_record_form
    if form in ("paper", "electronic"):
        how = w.choice(t, "training_record_form", form)
        return upper(t.gettext("{apprentice} keeps a weekly training record (Ausbildungsnachweis) {how}, which "
                               "the instructor countersigns; it is a condition for admission to the final "
                               "examination.").format(how=how, apprentice=who))
    return upper(t.gettext("{apprentice} keeps a weekly training record (Ausbildungsnachweis), in writing or "
                           "electronically, which the instructor countersigns; it is a condition for admission to "
                           "the final examination.").format(apprentice=who))


@dataclass(frozen=True)
class OfficeText:
    """The office's text of an agreement in its places, in the conventional order of a Mexican contract: the
    declarations (the text up to its second "# " heading) after the parties and before every numbered clause; the
    final clauses (each "## " title after that heading) numbered on after the layout's own clauses, the heading
    itself only marking where they start; and the bodies of the layout's own clauses it gives (``#= name``
    sections: :data:`clauses.AGREEMENT_SECTIONS`). A text with one "# " heading only (as vetdesk shipped it
    before) prints whole after the clauses."""

    declarations: list[Flowable]
    final_clauses: list[tuple[str, list[Flowable]]]
    sections: dict[str, list[Flowable]]

    def section(self, name: str, built_in: Callable[[], list[Flowable]]) -> list[Flowable]:
        """The body of the clause ``name``: the office's words when its text gives them, else vetdesk's."""
        return self.sections[name] if name in self.sections else built_in()

    def numbered_finals(self, number: Callable[[str], str]) -> list[Flowable]:
        """The final clauses, each under its title numbered by the layout (``number("Jurisdiction")`` gives
        "12. Jurisdiction" or "§ 13 Jurisdiction"); words before the first title print unnumbered."""
        out: list[Flowable] = []
        for title, body in self.final_clauses:
            if title:
                out.append(heading(number(title)))
            out += body
        return out


def office_text(doc: AgreementDocument, t: Translator, *, contract: bool = False) -> OfficeText:
    """The office's text rendered for the layout: ``contract`` for the AHK contract, which names itself a
    contract (the text's ``kind("este convenio", "este contrato")``), else the learning agreement."""
    found: list[clauses.Block] = []
    sections: dict[str, list[clauses.Block]] = {}
    current: list[clauses.Block] | None = None
    for block in _office_blocks(doc, t, contract=contract):
        if block.kind == "section":
            current = sections.setdefault(block.text, [])
        elif block.kind == "heading" or current is None:
            current = None
            found.append(block)
        else:
            current.append(block)
    given = {name: clause_flowables(blocks) for name, blocks in sections.items()}
    tops = [i for i, block in enumerate(found) if block.kind == "heading"]
    if len(tops) < 2:
        return OfficeText([], [("", clause_flowables(found))] if found else [], given)
    finals: list[tuple[str, list[clauses.Block]]] = []
    for block in found[tops[1] + 1:]:
        if block.kind in ("heading", "subheading"):
            finals.append((block.text, []))
        elif finals:
            finals[-1][1].append(block)
        else:
            finals.append(("", [block]))
    return OfficeText(clause_flowables(found[:tops[1]]),
                      [(title, clause_flowables(body)) for title, body in finals], given)


def _office_blocks(doc: AgreementDocument, t: Translator, *, contract: bool = False) -> list[clauses.Block]:
    """The office's text (its own, per language, versioned: services.clauses) rendered for this agreement. A
    text that fails to render refuses the document with its line: nothing is half printed."""
    if doc.clauses is None:
        return []
    return office_blocks(doc.clauses, clause_context(doc, t, contract=contract))


def clause_context(doc: AgreementDocument, t: Translator, *, contract: bool = False) -> dict[str, object]:
    """What the office's text may use, every value as the document's language writes it; ``contract`` and
    ``kind(agreement_words, contract_words)`` let one text name itself as the layout does (the MMFD learning
    agreement, the AHK contract)."""
    c, a = doc.company, doc.apprentice
    amount = doc.stipend_amount
    return {
        "reference": doc.reference, "chamber": doc.letterhead.chamber_name, "place": doc.place_of_signing,
        # natural_person: a person's RFC (persona física con actividad empresarial), not a company legally
        # constituted; in_own_name: such a person declares and signs themself, no representative between
        "company": {"name": c.name, "rfc": c.rfc, "address": c.address, "representative": c.legal_representative,
                    "natural_person": c.natural_person, "in_own_name": c.in_own_name},
        "apprentice": {"name": a.full_name, "sex": a.sex, "curp": a.curp},
        "minor": doc.minor, "guardians": [g.name for g in doc.guardians],
        # a minor who turns 18 within the term: the last day as a minor (the minor's clauses apply until then)
        "minor_until": w.day(t, doc.comes_of_age - timedelta(days=1)) if doc.comes_of_age else "",
        "school": {"name": doc.school.name, "cct": doc.school.cct} if doc.school else None,
        "stipend": {"paid": bool(amount), "amount": w.money(t, amount, doc.stipend_currency) if amount else "",
                    "words": w.amount_in_words(t, amount, doc.stipend_currency) if amount else "",
                    "period": w.period(t, doc.stipend_period) if doc.stipend_period else "",
                    # every training year's amount (one when the stipend does not rise), in figures and words
                    "years": [{"year": n, "amount": w.money(t, a, doc.stipend_currency),
                               "words": w.amount_in_words(t, a, doc.stipend_currency)}
                              for n, a in enumerate((amount, *doc.stipend_steps), start=1)] if amount else []},
        # False when the agreement states it has no probation period (0 months): the termination clause then
        # speaks of none
        "probation": doc.probation_months != 0,
        "record_form": w.choice(t, "training_record_form", doc.training_record_form) or
                       t.gettext("on paper or electronically"),
        "start": w.day(t, doc.start_date), "end": w.day(t, doc.end_date),
        "g": clauses.by_sex(a.sex),
        "contract": contract, "kind": clauses.by_layout(contract),
        # the language of record: the one the parties sign (this document's), or, on a signed agreement's copy in
        # another language, the one they signed in; named in the document's language ("español", "Deutsch")
        "language": t.gettext(clauses.LANGUAGE_NAMES[doc.translation_of or clauses.language_of(t.locale)]),
    }


def _place_and_date(doc: AgreementDocument, t: Translator) -> Paragraph:
    """Where and when: on a signed copy, the recorded day(s) (words.place_and_date)."""
    signed = [d for _party, d in doc.signed_dates] if doc.signed_copy else []
    return para(w.place_and_date(t, doc.place_of_signing, signed))


def _signatures(doc: AgreementDocument, t: Translator, title: str) -> list[Flowable]:
    return [signatures_section(title, _signature_parties(doc, t), t, [_place_and_date(doc, t)])]


def annex(doc: AgreementDocument, t: Translator, *, contract: bool = False) -> list[Flowable]:
    """Annex: the rotation plan (learning positions, weeks, competencies); rows flow across pages. ``contract``:
    the annex of the AHK contract alone, which it names as the contract it belongs to."""
    s = stylesheet()
    out: list[Flowable] = [PageBreak(), DocumentKind(t.gettext("Annex: rotation plan"), doc.reference,
                                                     doc.qr_reference),
                           Paragraph(esc(t.gettext("Annex: rotation plan")), s["title"]),
                           Paragraph(esc((t.gettext("Contract {reference} · {programme}") if contract else
                                          t.gettext("Agreement {reference} · {programme}"))
                                         .format(reference=doc.reference, programme=doc.programme.name)),
                                     s["reference"])]
    if doc.plan is not None:
        validity = t.gettext("valid from {date}").format(date=w.day(t, doc.plan.valid_from)) \
            if doc.plan.valid_from else ""
        out.append(para(", ".join(x for x in (t.gettext("{name}, version {version}").format(
            name=doc.plan.name, version=doc.plan.version), validity) if x) + "."))
    if not doc.positions:
        out.append(para(t.gettext("No rotation plan is attached to this contract yet. The company hands it to "
                                  "the chamber office before the training starts.") if contract else
                        t.gettext("No rotation plan is attached to this agreement yet. The company hands it to "
                                  "the chamber office before the training starts.")))
        return out + _annex_signatures(doc, t, contract=contract)
    out.append(plan_table(doc.positions, t))
    out += _annex_signatures(doc, t, contract=contract)
    return out


def plan_table(positions: Sequence[PositionLine], t: Translator) -> DocTable:
    """The rotation plan as a table: each learning position with its weeks and competencies, and the total
    (the agreement's annex, an amendment's plan)."""
    s = stylesheet()
    head = [Paragraph(esc(t.gettext("No.")), s["head"]), Paragraph(esc(t.gettext("Learning position")), s["head"]),
            Paragraph(esc(t.gettext("Weeks")), s["head"]), Paragraph(esc(t.gettext("Competencies")), s["head"])]
    rows: list[list[Flowable]] = [head]
    for p in positions:
        name = f"<b>{esc(p.name)}</b>" + (f"<br/>{esc(p.department)}" if p.department else "")
        comps = "<br/>".join(f"{esc(c.code)} – {esc(catalogue_words(c.title, t.gettext))}"
                             for c in p.competencies) or "—"
        rows.append([Paragraph(str(p.sequence), s["cell"]), Paragraph(name, s["cell"]),
                     Paragraph(str(p.planned_weeks), s["cell_center"]), Paragraph(comps, s["cell"])])
    total = sum(p.planned_weeks for p in positions)
    rows.append([Paragraph("", s["cell"]), Paragraph(esc(t.gettext("Total")), s["cell_bold"]),
                 Paragraph(str(total), s["cell_center"]), Paragraph("", s["cell"])])
    number = fitting_width(t.gettext("No."), s["head"], 8 * mm)
    weeks = fitting_width(t.gettext("Weeks"), s["head"], 15 * mm)
    table = DocTable(rows, colWidths=[number, 55 * mm, weeks, CONTENT_WIDTH - 55 * mm - number - weeks],
                     repeatRows=1, splitByRow=1)
    # The total never stands alone after a page break: the last position goes over with it.
    table.setStyle(grid())
    table.setStyle([("NOSPLIT", (0, len(rows) - 2), (-1, len(rows) - 1))])
    return table


def _annex_signatures(doc: AgreementDocument, t: Translator, *, contract: bool = False) -> list[Flowable]:
    """Every party signs under the annex too: it is part of the agreement and binds them as the clauses do."""
    return [Spacer(1, 4 * mm), signatures_section(
        t.gettext("Signatures of the parties to the annex"), _signature_parties(doc, t), t,
        [para((t.gettext("The parties sign this annex as part of contract {reference}.") if contract else
               t.gettext("The parties sign this annex as part of agreement {reference}."))
              .format(reference=doc.reference))])]


def _title(doc: AgreementDocument, t: Translator, title: str, subtitle: str, *,
           contract: bool = False) -> list[Flowable]:
    s = stylesheet()
    return [Paragraph(esc(title), s["title"]), Paragraph(esc(subtitle), s["subtitle"]),
            Paragraph(esc(t.gettext("Reference {reference}").format(reference=doc.reference)), s["reference"]),
            *_copy_banner(doc, t, contract=contract)]


def _copy_banner(doc: AgreementDocument, t: Translator, *, contract: bool = False) -> list[Flowable]:
    """Under the title of a reprint of a signed agreement: that it is a copy of what was signed, not a document to
    sign, and (signed before vetdesk kept the text printed) that its clauses are today's, not the signed ones. Under
    the title of a translation to read before signing: that it is one, and which language's text the parties sign."""
    if not doc.signed_copy:
        if not doc.translation_of:
            return []
        banner = t.gettext("Translation for reading, not for signature: agreement {reference} goes out for signature "
                           "in {language}, and the {language} text is the one the parties sign.").format(
            reference=doc.reference, language=t.gettext(clauses.LANGUAGE_NAMES[doc.translation_of]))
        return [Paragraph(f"<b>{esc(banner)}</b>", stylesheet()["note"])]
    banner, _note = w.signed_copy_words(t, doc.signed_on, text_as_signed=doc.text_as_signed, contract=contract)
    if doc.translation_of:  # a copy in another language than the one signed
        signed_in = t.gettext(clauses.LANGUAGE_NAMES[doc.translation_of])
        banner += " " + t.gettext("This is a translation: the agreement was signed in {language}, and that text is "
                                  "the one that binds.").format(language=signed_in)
    return [Paragraph(f"<b>{esc(banner)}</b>", stylesheet()["note"])]


def copy_note(doc: AgreementDocument, t: Translator, *, contract: bool = False) -> str:
    """What the footer of every page of a signed agreement's reprint says ("Copy — signed on 5 Mar 2026"), and of
    one in another language than the one signed, that it is a translation not valid for signature; "" for a
    document that goes out for signature (a translation of one to read before signing: that it is a translation).
    ``contract``: the AHK contract, which calls itself a contract."""
    if not doc.signed_copy:
        return t.gettext("Translation — not valid for signature") if doc.translation_of else ""
    note = w.signed_copy_words(t, doc.signed_on, text_as_signed=doc.text_as_signed, contract=contract)[1]
    return (t.gettext("Translation — not valid for signature") + " · " + note) if doc.translation_of else note


# -- MMFD ------------------------------------------------------------------------------------------------

def mmfd(doc: AgreementDocument, t: Translator) -> list[Flowable]:
    """The learning agreement (convenio de aprendizaje) of the Mexican Dual Training Model."""
    p = doc.programme
    out: list[Flowable] = [DocumentKind(kind_label(t, "mmfd"), doc.reference, doc.qr_reference)]
    out += _title(doc, t, t.gettext("Learning agreement"), t.gettext("Mexican Dual Training Model (MMFD)"))
    out.append(para(t.gettext("The parties named below enter into this learning agreement for the dual training "
                              "of {name}, under the following clauses.").format(name=doc.apprentice.full_name)))
    office = office_text(doc, t)
    clause = _counter(lambda n, title: t.gettext("{number}. {title}").format(number=n, title=title))
    # the conventional order: the parties, their declarations, then the clauses numbered in one sequence
    out.append(heading(t.gettext("The parties")))
    out += _parties(doc, t)
    out += office.declarations
    out.append(heading(clause(t.gettext("Programme, modality and duration"))))
    modality = (t.ngettext("{n} year in the company", "{n} years in the company", doc.modality_years)
                .format(n=doc.modality_years) if doc.modality_years else w.or_missing(t, ""))
    out.append(facts([
        (t.gettext("Programme (career)"), f"{p.name} ({p.code})"),
        *([(t.gettext("CONOCER standards"), p.conocer_codes)] if p.conocer_codes else []),
        (t.gettext("Modality"), modality),
        (t.gettext("Start date"), w.day(t, doc.start_date)),
        (t.gettext("End date"), w.day(t, doc.end_date)),
        (t.gettext("Probation period"), t.ngettext("{n} month", "{n} months", doc.probation_months)
         .format(n=doc.probation_months) if doc.probation_months else
         t.gettext("No probation period") if doc.probation_months == 0 else w.or_missing(t, "")),
    ]))
    out.append(heading(clause(t.gettext("Place and time of training"))))
    instructor = doc.instructor
    out.append(facts([
        (t.gettext("Training site"), w.or_missing(t, doc.training_site or doc.company.address)),
        (t.gettext("Weekly pattern"), _weekly_pattern(doc, t)),
        (t.gettext("Daily training hours"), w.hours(t, doc.daily_hours)),
        (w.company_instructor(t), (f"{instructor.name}" + (f" ({instructor.detail})"
                                                                  if instructor.detail else ""))
         if instructor else w.or_missing(t, "")),
        *_tutor_row(doc, t),
    ]))
    out.append(para(t.gettext("The learning positions, their duration in weeks and the competencies learned at "
                              "each are set out in the rotation plan in the annex, which forms part of this "
                              "agreement.")))
    out.append(heading(clause(t.gettext("Stipend"))))
    out.append(para(_stipend(doc, t)))
    out.append(heading(clause(t.gettext("Insurance"))))
    out.append(facts(_insurance_rows(doc, t)))
    out.append(para(_insurance_cover(doc, t)))
    out.append(heading(clause(t.gettext("Minor apprentices and the STPS work permit"))))
    out += _minor_clause(doc, t)
    out.append(heading(clause(t.gettext("Obligations of the parties"))))
    out += office.section("obligations", lambda: _obligations(doc, t))
    out.append(heading(clause(t.gettext("Holidays"))))
    out.append(para(_holidays(doc, t)))
    out.append(heading(clause(t.gettext("Termination"))))
    out += office.section("termination", lambda: [para(_termination(doc, t))])
    out.append(heading(clause(t.gettext("Data protection"))))
    out += office.section("data_protection", lambda: [para(_data_protection(t))])
    out += office.numbered_finals(clause)
    out += _signatures(doc, t, t.gettext("Signatures"))
    return out


def _counter(number: Callable[[int, str], str]) -> Callable[[str], str]:
    """Numbers clause titles in sequence (1, 2, 3…) as the layout writes a number."""
    count = 0

    def numbered(title: str) -> str:
        nonlocal count
        count += 1
        return number(count, title)
    return numbered


# -- § 11 BBiG --------------------------------------------------------------------------------------------

def bbig(doc: AgreementDocument, t: Translator) -> list[Flowable]:
    """The AHK-standard apprenticeship contract, numbered along the minimum contents of § 11 BBiG."""
    p = doc.programme
    out: list[Flowable] = [DocumentKind(kind_label(t, "bbig"), doc.reference, doc.qr_reference)]
    out += _title(doc, t, t.gettext("Apprenticeship contract"),
                  t.gettext("AHK standard, with the minimum contents of § 11 of the German Vocational Training "
                            "Act (BBiG)"), contract=True)
    office = office_text(doc, t, contract=True)
    out.append(heading(t.gettext("Parties to the contract")))
    out += _parties(doc, t)
    out += office.declarations
    out.append(heading(t.gettext("§ 1 Type, structure and goal of the training")))
    out.append(para(upper(t.gettext("{apprentice} is trained in the occupation {programme} ({code}), leading to "
                                    "the chamber's (AHK) final examination and certificate. The training follows "
                                    "the rotation plan in the annex, which sets out its structure in time and "
                                    "content.").format(programme=p.name, code=p.code,
                                                       apprentice=w.apprentice_in_sentence(t, doc.apprentice.sex)))))
    out.append(heading(t.gettext("§ 2 Start and duration")))
    out.append(para(t.gettext("The training starts on {start} and ends on {end}.").format(
        start=w.day(t, doc.start_date), end=w.day(t, doc.end_date))))
    out.append(heading(t.gettext("§ 3 Training site and measures outside it")))
    site = doc.training_site or doc.company.address or doc.company.name
    if doc.school is not None:
        out.append(para(t.gettext("The training takes place at {site}. The theory part is taught at {school}.")
                        .format(site=site, school=doc.school.name)))
    else:  # no school is a party: not "taught at not recorded"
        out.append(para(t.gettext("The training takes place at {site}. No school is party to this contract; the "
                                  "theory part is taught as the rotation plan in the annex sets out.")
                        .format(site=site)))
    out.append(para(_weekly_pattern(doc, t)))
    out.append(heading(t.gettext("§ 4 Regular daily training time")))
    out.append(para(t.gettext("The regular daily training time is {hours} hours.").format(
        hours=w.hours(t, doc.daily_hours))))
    out.append(heading(t.gettext("§ 5 Probation period")))
    out.append(para(t.ngettext("The probation period is {n} month.", "The probation period is {n} months.",
                               doc.probation_months or 0).format(n=doc.probation_months)
                    if doc.probation_months else t.gettext("No probation period is recorded.")))
    out.append(heading(t.gettext("§ 6 Pay and its components")))
    out.append(para(_stipend(doc, t)))
    out.append(heading(t.gettext("§ 7 Overtime compensation")))
    out.append(para(w.choice(t, "overtime_compensation", doc.overtime_compensation, sentence=True) or t.gettext(
        "Training beyond the regular daily training time is compensated with time off or paid extra; "
        "minors do no overtime.")))
    out.append(heading(t.gettext("§ 8 Holidays")))
    out.append(para(_holidays(doc, t, contract=True)))
    out.append(heading(t.gettext("§ 9 Termination")))
    out += office.section("termination", lambda: [para(_termination(doc, t, contract=True))])
    out.append(heading(t.gettext("§ 10 Collective agreements and works agreements")))
    out.append(para(doc.collective_agreement or t.gettext("No collective agreement or works agreement applies.")))
    out.append(heading(t.gettext("§ 11 Training record")))
    out.append(para(_training_record(doc, t)))
    out.append(heading(t.gettext("§ 12 Further provisions")))
    out.append(facts(_insurance_rows(doc, t)))
    out.append(para(_insurance_cover(doc, t, is_contract=True)))
    out += _minor_clause(doc, t, jarbschg=True)
    out += office.section("data_protection", lambda: [para(_data_protection(t, contract=True))])
    # the office's final clauses go on from § 13, as the contract's own sections are numbered
    out += office.numbered_finals(_counter(lambda n, title: t.gettext("§ {number} {title}").format(
        number=n + 12, title=title)))
    out += _signatures(doc, t, t.gettext("Signatures"))
    return out


def build(doc: AgreementDocument, t: Translator, template: str, *, paper: str | None = None) -> bytes:
    """The agreement as a PDF: one template, or both as one pack with a single annex at the end."""
    if template not in TEMPLATES:
        raise ValueError(template)
    flowables: list[Flowable] = []
    if template in ("mmfd", "both"):
        flowables += mmfd(doc, t)
    if template == "both":
        flowables.append(PageBreak())
    if template in ("bbig", "both"):
        flowables += bbig(doc, t)
    flowables += annex(doc, t, contract=template == "bbig")  # a pack of both: the agreement's annex
    title = t.gettext("{kind} {reference} – {name}").format(kind=kind_label(t, template), reference=doc.reference,
                                                          name=doc.apprentice.full_name)
    info = PageInfo(letterhead=doc.letterhead, title=title,
                    subject=t.gettext("{programme} at {company}").format(programme=doc.programme.name,
                                                                         company=doc.company.name),
                    kind=kind_label(t, template), reference=doc.reference, qr_text=doc.qr_reference,
                    lang=t.locale, paper=paper or doc.letterhead.paper,
                    footnote=" · ".join(x for x in (footnote(t, doc.clauses),
                                                    copy_note(doc, t, contract=template == "bbig")) if x),
                    watermark=t.gettext("TRANSLATION") if doc.translation_of
                    else t.gettext("COPY") if doc.signed_copy else "",
                    initials=tuple(who.initials_label for who in _signature_parties(doc, t)))
    return build_pdf(flowables, info, t)


def document_pdf(doc: AgreementDocument, t: Translator, template: str | None = None, *,
                 paper: str | None = None) -> bytes:
    """The agreement as a PDF in the layout chosen, else the one it went out for signature in, else the
    programme's (anything unknown: MMFD)."""
    return build(doc, t, template or doc.layout or template_of(doc.programme.templates), paper=paper)
