"""A minor's working time: the daily and weekly hours the law allows at the apprentice's age.

One definition for saving an agreement (:func:`vetdesk.domain.rules.check_agreement`), printing it for signature
and ``vetdesk check`` (:mod:`vetdesk.domain.contract`), the wizard's review, and the printed clause
(``reports.agreement``), so that the contract states the limit the rules apply.

- Mexican Federal Labour Law (LFT), art. 177: a minor under 16 works at most 6 hours a day, in periods of at
  most 3 hours with at least one hour's rest between them. The age is taken on the agreement's start date; an
  apprentice who turns 16 during the term keeps the limit until that birthday: the agreement's one figure of
  daily hours must respect it (a longer day after the birthday needs an amendment).
- German Youth Employment Protection Act (JArbSchG), § 8: a minor (under 18) trains at most 8 hours a day and
  40 hours a week. The AHK-standard contract (§ 11 BBiG) follows it, as a German reader expects.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from vetdesk.domain.dates import add_months, age_on
from vetdesk.domain.identifiers import apprentice_in_sentence, apprentice_role
from vetdesk.domain.limits import ADULT_AGE, of_age_on
from vetdesk.domain.problems import Problem, error
from vetdesk.i18n import _, shown_day, shown_number

#: LFT art. 177: below this age the short working day applies.
SHORT_DAY_AGE = 16
#: LFT art. 177: the most hours a day under 16, and the longest period without an hour's rest.
MAX_HOURS_UNDER_16 = Decimal(6)
MAX_PERIOD_HOURS_UNDER_16 = Decimal(3)
#: JArbSchG § 8: the most hours a day and a week of a minor.
JARBSCHG_DAILY_HOURS = Decimal(8)
JARBSCHG_WEEKLY_HOURS = Decimal(40)
#: JArbSchG § 15: a minor is employed on at most five days a week (school days count, § 9).
JARBSCHG_DAYS_A_WEEK = 5


def birthday(birth: date, age: int) -> date:
    """The day the person turns ``age`` (29 February: 28 February in a common year)."""
    return add_months(birth, 12 * age)


@dataclass(frozen=True)
class MinorHours:
    """The limits on an agreement's hours at the apprentice's age on its start date."""

    age: int
    #: The 16th birthday when the apprentice is under 16 on the start date, else None.
    short_day_until: date | None
    #: The 18th birthday when the apprentice is a minor on the start date, else None.
    minor_until: date | None
    end: date

    @property
    def short_day(self) -> bool:
        return self.short_day_until is not None

    @property
    def turns_16_during_term(self) -> bool:
        return self.short_day_until is not None and self.short_day_until <= self.end


def minor_hours(birth: date, start: date, end: date) -> MinorHours:
    age = age_on(birth, start)
    return MinorHours(age=age, short_day_until=birthday(birth, SHORT_DAY_AGE) if age < SHORT_DAY_AGE else None,
                      minor_until=of_age_on(birth) if age < ADULT_AGE else None, end=end)


def _number(value: Decimal) -> str:
    """Hours in a message, with the reader's decimal mark (32.5 in Spanish, 32,5 in German)."""
    return shown_number(value)


def check_hours(birth: date, start: date, end: date, daily_hours: Decimal | None, days_a_week: int | None, *,
                cites_jarbschg: bool, sex: str = "") -> list[Problem]:
    """The age-dependent limits on the agreement's daily hours (and, under JArbSchG, its weekly hours: the daily
    hours times the training days a week), as errors on Daily hours naming the limit and the law."""
    if daily_hours is None:
        return []
    m = minor_hours(birth, start, end)
    out: list[Problem] = []
    if m.short_day_until is not None and daily_hours > MAX_HOURS_UNDER_16:
        if m.turns_16_during_term:
            message = _(
                "{apprentice} is {age} on the start date and turns {short_age} on {birthday}: until that day the "
                "Federal Labour Law (art. 177) allows at most {max} hours a day, in periods of at most {period} "
                "hours with at least one hour's rest between them, and Daily hours is {hours}. Enter {max} or fewer "
                "under Daily hours (the contract states that the limit applies until {birthday}).")
        else:
            message = _(
                "{apprentice} is {age} on the start date and under {short_age} for the whole agreement: the "
                "Federal Labour Law (art. 177) allows at most {max} hours a day, in periods of at most {period} "
                "hours with at least one hour's rest between them, and Daily hours is {hours}. Enter {max} or "
                "fewer under Daily hours.")
        out.append(error("daily_hours", message.format(
            apprentice=apprentice_role(sex), age=m.age, short_age=SHORT_DAY_AGE, birthday=shown_day(m.short_day_until),
            max=_number(MAX_HOURS_UNDER_16),
            period=_number(MAX_PERIOD_HOURS_UNDER_16), hours=_number(daily_hours)), "hours.under16"))
    if not cites_jarbschg or m.minor_until is None or out:
        return out
    if daily_hours > JARBSCHG_DAILY_HOURS:
        out.append(error("daily_hours", _(
            "The AHK contract follows the German Youth Employment Protection Act: § 8 JArbSchG allows a minor "
            "at most {max} hours a day, {apprentice} is under {adult} on the start date (until {birthday}), and "
            "Daily hours is {hours}. Enter {max} or fewer under Daily hours.").format(
                apprentice=apprentice_in_sentence(sex), max=_number(JARBSCHG_DAILY_HOURS),
                birthday=shown_day(m.minor_until), hours=_number(daily_hours), adult=ADULT_AGE), "hours.jarbschg_day"))
    elif days_a_week and daily_hours * days_a_week > JARBSCHG_WEEKLY_HOURS:
        out.append(error("daily_hours", _(
            "The AHK contract follows the German Youth Employment Protection Act: § 8 JArbSchG allows a minor "
            "at most {max} hours a week, and {days} training days a week of {hours} hours make {total}. Reduce "
            "Daily hours or the days a week at the company.").format(
                max=_number(JARBSCHG_WEEKLY_HOURS), days=days_a_week, hours=_number(daily_hours),
                total=_number(daily_hours * days_a_week)), "hours.jarbschg_week"))
    return out


#: LFT art. 69: a day of rest for every six days of work; art. 61: the ordinary day shift of 8 hours. With art. 177
#: (6 hours a day under 16) and art. 178 (no overtime under 18) they make a minor's most hours a week.
WORK_DAYS_A_WEEK = 6
LFT_DAILY_HOURS = Decimal(8)


def minor_week_limit(birth: date, monday: date, daily_hours: Decimal | None, days_a_week: int | None, *,
                     cites_jarbschg: bool) -> tuple[Decimal, str, int] | None:
    """The most hours a minor may be at the company in the week of ``monday`` (the age on its Monday), what sets
    it (in the user's words) and the age; None for an adult (see :func:`week_hours`)."""
    agreed = daily_hours * days_a_week if daily_hours is not None and days_a_week else None
    age = age_on(birth, monday)
    if age >= ADULT_AGE:
        return None
    limits: list[tuple[Decimal, str]] = []
    if agreed is not None:
        limits.append((agreed, _("the agreement ({days} days of {daily} hours; a minor does no overtime, LFT "
                                 "art. 178)").format(days=days_a_week, daily=_number(daily_hours or Decimal(0)))))
    if age < SHORT_DAY_AGE:
        limits.append((MAX_HOURS_UNDER_16 * WORK_DAYS_A_WEEK, _(
            "the Federal Labour Law (art. 177: {daily} hours a day under {short_age}, {days} days a "
            "week)").format(
                daily=_number(MAX_HOURS_UNDER_16), short_age=SHORT_DAY_AGE, days=WORK_DAYS_A_WEEK)))
    else:
        limits.append((LFT_DAILY_HOURS * WORK_DAYS_A_WEEK, _(
            "the Federal Labour Law (arts. 61 and 178: {daily} hours a day, no overtime under {adult}, {days} days "
            "a week)").format(daily=_number(LFT_DAILY_HOURS), adult=ADULT_AGE, days=WORK_DAYS_A_WEEK)))
    if cites_jarbschg:
        limits.append((JARBSCHG_WEEKLY_HOURS, _("the German Youth Employment Protection Act (§ 8 JArbSchG)")))
    most, by = min(limits, key=lambda limit: limit[0])
    return most, by, age


def minor_week_problem(limit: tuple[Decimal, str, int], monday: date, hours: Decimal | None,
                       sex: str = "") -> Problem | None:
    """A minor's week's hours beyond :func:`minor_week_limit`'s, refused on Hours at the company (``hours`` None:
    the rule as the exchange workbook's cell states it, before anything is typed)."""
    most, by, age = limit
    if hours is None:
        return error("hours", _(
            "{apprentice} is {age} in the week of {week}: {by} allows at most {max} hours a week. Enter {max} or "
            "fewer (the hours actually trained).").format(apprentice=apprentice_role(sex), age=age,
                                                         week=shown_day(monday), by=by, max=_number(most)),
            "hours.minor_week")
    if hours <= most:
        return None
    return error("hours", _(
        "{apprentice} is {age} in the week of {week}: {by} allows at most {max} hours a week, and Hours at the "
        "company is {hours}. Enter {max} or fewer (the hours actually trained).").format(
            apprentice=apprentice_role(sex), age=age, week=shown_day(monday), by=by, max=_number(most),
            hours=_number(hours)), "hours.minor_week")


def week_hours(birth: date, monday: date, hours: Decimal | None, daily_hours: Decimal | None,
               days_a_week: int | None, *, cites_jarbschg: bool, sex: str = "") -> list[Problem]:
    """A week's hours at the company against what the agreement and the law allow (on Hours at the company).

    A minor in that week (the age on its Monday): refused beyond the least of the agreement's hours (its daily
    hours times its days a week at the company: a minor does no overtime, LFT art. 178), the Federal Labour Law's
    (6 hours a day under 16, art. 177; 8 a day from 16, art. 61; six days a week, art. 69) and, under the AHK
    contract, JArbSchG § 8's 40 hours (:func:`minor_week_limit`). An adult: beyond the agreement's weekly hours is
    a warning (overtime is the agreement's and the law's matter, not the logbook's to refuse)."""
    from vetdesk.domain.problems import warning

    if hours is None:
        return []
    limit = minor_week_limit(birth, monday, daily_hours, days_a_week, cites_jarbschg=cites_jarbschg)
    if limit is None:
        agreed = daily_hours * days_a_week if daily_hours is not None and days_a_week else None
        if agreed is not None and hours > agreed:
            return [warning("hours", _(
                "Hours at the company is {hours}, more than the agreement's {agreed} hours a week ({days} days of "
                "{daily} hours): check the figure, or that the overtime was agreed and compensated.").format(
                    hours=_number(hours), agreed=_number(agreed), days=days_a_week,
                    daily=_number(daily_hours or Decimal(0))),
                "hours.week_agreed")]
        return []
    problem = minor_week_problem(limit, monday, hours, sex)
    return [problem] if problem is not None else []
