"""The rules of an office's own training set-up: competency catalogues, learning positions, rotation plans, the
apprentice's rotation, and the school–company collaboration agreements with their life cycle.

Plain values in, problems out (services gather the facts, ``services.records`` registers the kinds that apply
these rules). Where practice varies between offices, the strictness is an office setting (:class:`Strictness`):
an error refuses, a warning asks for a confirmation, ``off`` says nothing.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from vetdesk.domain import bounds
from vetdesk.domain.dates import days_in, overlaps
from vetdesk.domain.identifiers import apprentice_in_sentence as in_sentence
from vetdesk.domain.identifiers import apprentice_role as role
from vetdesk.domain.problems import Problem, Severity, error, warning
from vetdesk.i18n import N_, _, ngettext, pgettext, shown_day, weeks_and_days

#: The roles of a school's staff: an academic tutor, the liaison officer (gestor de vinculación), the director
#: (the school's legal representative, who signs the school–company collaboration agreement).
STAFF_ROLES = ("tutor", "liaison", "director")
#: The role whose holder signs a collaboration agreement for the school.
SCHOOL_SIGNER_ROLE = "director"
COMPETENCY_KINDS = ("technical", "socioemotional")
#: How strictly a rule is applied: refused, warned about, or not checked.
SEVERITIES = ("error", "warning", "off")
_CONOCER = re.compile(r"^EC\d{4}(\.\d{2})?$")


# -- the office's strictness ------------------------------------------------------------------------

@dataclass(frozen=True)
class Strictness:
    """Office settings saying how strictly the set-up rules apply (kept in the settings table)."""

    #: A learning agreement without an active collaboration agreement between its school and company.
    collaboration_rule: str = "warning"
    #: A rotation plan whose weeks differ from the agreement's term by more than the tolerance.
    plan_term_rule: str = "warning"
    plan_term_tolerance_weeks: int = 4
    #: A rotation plan whose positions leave competencies of the programme untaught.
    plan_coverage_rule: str = "warning"

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]

    @classmethod
    def from_settings(cls, values: Mapping[str, Any]) -> Strictness:
        out: dict[str, Any] = {}
        for f in fields(cls):
            value = values.get(f.name)
            if value is None:
                continue
            out[f.name] = int(value) if f.type in ("int", int) else str(value)
        return cls(**out)


def setting_problems(values: Mapping[str, Any]) -> list[Problem]:
    """What is wrong with strictness settings about to be saved (only the keys given are looked at)."""
    problems: list[Problem] = []
    for name in ("collaboration_rule", "plan_term_rule", "plan_coverage_rule"):
        if name in values and values[name] not in SEVERITIES:
            problems.append(error(name, _("{value} is not a strictness; use error, warning or off.")
                                  .format(value=values[name]), "setting.severity"))
    if "plan_term_tolerance_weeks" in values:
        weeks = values["plan_term_tolerance_weeks"]
        low, high = bounds.PLAN_TERM_TOLERANCE_WEEKS
        if not isinstance(weeks, int) or isinstance(weeks, bool) or not low <= weeks <= high:
            problems.append(error("plan_term_tolerance_weeks", _(
                "The tolerance is a number of weeks from {low} to {high}.").format(low=low, high=high),
                "setting.tolerance"))
    return problems


def _at(severity: str, field: str, message: str, code: str) -> list[Problem]:
    """The problem at the office's strictness (nothing when the office switched the rule off)."""
    if severity == "off":
        return []
    if severity == "error":
        return [error(field, message, code)]
    return [warning(field, message, code)]


def on_change(problems: Sequence[Problem], codes: frozenset[str], *, concerned: bool,
              worse: bool = True) -> list[Problem]:
    """How a rule (its problems' ``codes``) judges a change of a record that may already break it, as an office
    expects: a change that does not touch what the rule looks at (renaming a plan that misses a competency)
    is not held up by it; a change that touches it without making it worse is warned of, not refused; one that
    makes it worse meets the office's strictness. ``vetdesk check`` keeps reporting the record meanwhile."""
    out: list[Problem] = []
    for p in problems:
        if p.code in codes:
            if not concerned:
                continue
            if not worse and p.is_error:
                p = warning(p.field, p.message, p.code)
        out.append(p)
    return out


def changed_fields(values: Mapping[str, Any], existing: Any, names: Sequence[str]) -> set[str]:
    """Which of ``names`` a change gives other values than the record holds (all of them for a new record)."""
    if existing is None:
        return set(names)
    return {n for n in names if n in values and values[n] != getattr(existing, n, None)}


# -- competencies -----------------------------------------------------------------------------------

#: The area of a competency whose catalogue has none (a plain list of competencies), by its kind.
_KIND_AREAS = {"technical": N_("Technical competencies"), "socioemotional": N_("Socio-emotional skills")}


def default_area(kind: str | None) -> str:
    """The area a competency takes when none is given, in the reader's language: its kind's."""
    return _(_KIND_AREAS.get(kind or "technical", _KIND_AREAS["technical"]))


#: The six socio-emotional skills of SEP's *Construye T* (domain.md §5): code, title.
SOCIOEMOTIONAL_AREA = _KIND_AREAS["socioemotional"]
SOCIOEMOTIONAL_SKILLS: tuple[tuple[str, str], ...] = (
    ("SE-1", N_("Self-awareness")),
    ("SE-2", N_("Self-regulation")),
    ("SE-3", N_("Social awareness")),
    ("SE-4", N_("Collaboration")),
    ("SE-5", N_("Responsible decision-making")),
    ("SE-6", N_("Perseverance")),
)


def catalogue_words(text: str, gettext: Callable[[str], str] = _) -> str:
    """A word of a catalogue that vetdesk wrote itself — a kind's area (:func:`default_area`), a socio-emotional
    skill's title — in the reader's language: it is recorded in the language of whoever created it
    ("Competencias técnicas" in an English report). An office's own words as recorded."""
    msgid = _builtin_spellings().get(text)
    return gettext(msgid) if msgid is not None else text


@functools.cache
def _builtin_spellings() -> dict[str, str]:
    from vetdesk.i18n import LANGUAGES, translator

    msgids = [*_KIND_AREAS.values(), *(title for _code, title in SOCIOEMOTIONAL_SKILLS)]
    return {spelling: msgid for msgid in msgids
            for spelling in {msgid, *(translator(language).gettext(msgid) for language in LANGUAGES)}}


def check_competency(values: Mapping[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    conocer = values.get("conocer_code")
    if isinstance(conocer, str) and not _CONOCER.fullmatch(conocer):
        problems.append(error("conocer_code", _(
            "{value} is not a CONOCER standard code; write EC, four digits and optionally the version, e.g. "
            "EC0217.01.").format(value=conocer), "conocer.format"))
    kind = values.get("kind")
    if kind is not None and kind not in COMPETENCY_KINDS:
        problems.append(error("kind", _("A competency is technical or socio-emotional."), "competency.kind"))
    position = values.get("position")
    if isinstance(position, int) and position < 0:
        problems.append(error("position", _("The order in the catalogue is a number from 0 up."),
                              "competency.position"))
    return problems


# -- learning positions -----------------------------------------------------------------------------

def check_position(values: Mapping[str, Any], *, instructor_company_id: int | None,
                   competencies_found: int | None = None) -> list[Problem]:
    """A learning position: its instructor works for its company; its competencies exist."""
    problems: list[Problem] = []
    if values.get("instructor_id") is not None and instructor_company_id is not None \
            and instructor_company_id != values.get("company_id"):
        problems.append(error("instructor_id", _(
            "The instructor responsible works for another company. Choose an instructor of this company, or "
            "register the person as an instructor of this company first."), "position.instructor"))
    wanted = values.get("competency_ids") or []
    if competencies_found is not None and competencies_found < len(wanted):
        problems.append(error("competency_ids", _(
            "Some of the competencies named do not exist. Choose them from the programme's catalogue "
            "(vetdesk list competencies)."), "position.competencies"))
    return problems


# -- rotation plans ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class CatalogueEntry:
    """One competency of a programme as the coverage rules see it."""

    id: int
    code: str
    title: str
    retired: bool = False


def missing_competencies(catalogue: Sequence[CatalogueEntry], taught: set[int]) -> list[CatalogueEntry]:
    """The programme's competencies (not retired) that no position of the plan teaches."""
    return [c for c in catalogue if not c.retired and c.id not in taught]


def coverage_problem(missing: Sequence[CatalogueEntry], severity: str, field: str) -> list[Problem]:
    if not missing:
        return []
    codes = ", ".join(c.code for c in missing)
    return _at(severity, field, ngettext(
        "The plan's learning positions do not teach {n} competency of the programme: {codes}. Add it to a "
        "position of the plan, or add a position that teaches it.",
        "The plan's learning positions do not teach {n} competencies of the programme: {codes}. Add them to "
        "positions of the plan, or add positions that teach them.", len(missing)).format(n=len(missing),
                                                                                        codes=codes),
        "plan.coverage")


def check_plan(values: Mapping[str, Any], *, position_companies: Mapping[int, int], catalogue: Sequence[CatalogueEntry],
               taught: set[int], strictness: Strictness) -> list[Problem]:
    """A rotation plan: its steps name the company's positions, with whole weeks (a position may come back later
    in the plan: Warehouse, Production, Warehouse); its validity dates are in order; together its positions
    teach the programme's competencies (office's strictness)."""
    problems: list[Problem] = []
    steps = values.get("steps") or []
    for number, step in enumerate(steps, start=1):
        position_id, weeks = step["position_id"], step["weeks"]
        company = position_companies.get(position_id)
        if company is None:
            problems.append(error("steps", _("Step {n}: there is no learning position with number {id}. Choose "
                                             "one of the company's positions (vetdesk list positions).")
                                  .format(n=number, id=position_id), "plan.position_missing"))
        elif company != values.get("company_id"):
            problems.append(error("steps", _("Step {n}: learning position {id} belongs to another company. A plan "
                                             "lists the positions of its own company.")
                                  .format(n=number, id=position_id), "plan.position_company"))
        low, high = bounds.STEP_WEEKS
        if not low <= weeks <= high:
            problems.append(error("steps", _("Step {n}: {weeks} weeks is not a duration; give whole weeks from "
                                             "{low} to {high}.").format(n=number, weeks=weeks, low=low, high=high),
                                  "plan.weeks"))
    start, until = values.get("valid_from"), values.get("valid_until")
    if isinstance(start, date) and isinstance(until, date) and until < start:
        problems.append(error("valid_until", _("The plan is valid until {until}, before it is valid from {start}. "
                                               "Correct one of the dates.").format(until=shown_day(until),
                                                                                   start=shown_day(start)),
                              "plan.validity"))
    if not steps:
        problems.append(warning("steps", _("The plan has no learning positions yet. Add the positions in their "
                                           "order with their weeks."), "plan.empty"))
    elif not any(p.is_error for p in problems):
        problems += coverage_problem(missing_competencies(catalogue, taught), strictness.plan_coverage_rule,
                                     "steps")
    return problems


def plan_weeks(steps: Sequence[Mapping[str, int]]) -> int:
    return sum(int(s["weeks"]) for s in steps)


def term_weeks(start: date, end: date) -> float:
    return ((end - start).days + 1) / 7


#: The weeks a contract's rotation plan may leave without a learning position (holidays, examinations): at least
#: this many, or this share of the term when more (a three-year term leaves some 16 weeks).
PLAN_SLACK_WEEKS = 4
PLAN_SLACK_SHARE = 0.10


def plan_slack_weeks(term: float, tolerance_weeks: int) -> float:
    """The one tolerance between a rotation plan's weeks and the agreement's term, which saving an agreement
    (an amendment too) and printing it for signature both apply and both state: the contract's room for holidays
    and examinations, or the office's setting (plan_term_tolerance_weeks) when it accepts more."""
    return max(PLAN_SLACK_WEEKS, term * PLAN_SLACK_SHARE, tolerance_weeks)


#: The office's setting (plan_term_tolerance_weeks) as the settings say it: what :func:`plan_slack_weeks` does
#: with it, a floor the rule never goes under, not a maximum.
PLAN_TOLERANCE_LABEL = N_("Weeks a rotation plan may always differ from the agreement's term")
PLAN_TOLERANCE_HELP = N_("A rotation plan may differ from the agreement's term by the largest of {floor} weeks, a "
                         "tenth of the term (about 16 weeks for three years) and this number of weeks. Raise it to "
                         "accept larger differences; a smaller number never makes the rule stricter.")


def plan_tolerance_help() -> str:
    """The help of the office's setting, with the rule's own figures."""
    return _(PLAN_TOLERANCE_HELP).format(floor=PLAN_SLACK_WEEKS)


def plan_slack_words(term: float, tolerance_weeks: int) -> str:
    """How many weeks' difference :func:`plan_slack_weeks` accepts, and why, as the refusals say it: the larger
    of the contract's room and the office's setting, never "at most" the setting."""
    slack = round(plan_slack_weeks(term, tolerance_weeks))
    return ngettext("up to {slack} week's difference is accepted for holidays and examinations (the largest of "
                    "{floor} weeks, a tenth of the term and the office's setting of {setting})",
                    "up to {slack} weeks' difference is accepted for holidays and examinations (the largest of "
                    "{floor} weeks, a tenth of the term and the office's setting of {setting})", slack).format(
        slack=slack, floor=PLAN_SLACK_WEEKS, setting=ngettext("{n} week", "{n} weeks", tolerance_weeks).format(
            n=tolerance_weeks))


def check_plan_term(*, plan_weeks: int, start: date, end: date, strictness: Strictness) -> list[Problem]:
    """The plan's weeks cover the agreement's term, within :func:`plan_slack_weeks`."""
    term = term_weeks(start, end)
    slack = plan_slack_weeks(term, strictness.plan_term_tolerance_weeks)
    if abs(plan_weeks - term) <= slack:
        return []
    return _at(strictness.plan_term_rule, "rotation_plan_id", _(
        "The rotation plan lasts {plan} weeks but the agreement runs {term} weeks; {allowed}. Choose a plan that "
        "fits the term, or change the plan's weeks.").format(
            plan=plan_weeks, term=round(term),
            allowed=plan_slack_words(term, strictness.plan_term_tolerance_weeks)), "plan.term")


# -- the apprentice's rotation ----------------------------------------------------------------------

@dataclass(frozen=True)
class Step:
    """One position of a rotation plan: its weeks, and its name and department as documents show them."""

    position_id: int
    weeks: int
    name: str = ""
    department: str = ""


@dataclass(frozen=True)
class ScheduledStep:
    """One position of an agreement's rotation: when the plan puts it (the signed annex: the plan's weeks one
    after the other from the agreement's start, never overlapping, never moved by what happened), when it really
    happened (the first day of its periods and the last, none while one is still open), and when it is now
    expected (:func:`expected_start`, :func:`expected_end`: moved by the actual dates before it). The rotation
    as every part of vetdesk reads it: the agreement's annex, the rating grid, the progress report and figures,
    the logbook and ``vetdesk rotation``."""

    sequence: int
    position_id: int
    weeks: int
    planned_start: date
    planned_end: date
    actual_start: date | None
    actual_end: date | None
    name: str = ""
    department: str = ""
    #: The actual periods at the position, (first day, last day or None while open), in order.
    spans: tuple[tuple[date | None, date | None], ...] = ()
    #: When the position is expected to start and end with the actual dates before it (None: as planned).
    expected_from: date | None = None
    expected_until: date | None = None
    #: False for time recorded at a position the plan (a later version, by an amendment) no longer lists
    #: (:func:`dropped_stays`): shown with its actual dates, no planned ones, never offered for rating.
    in_plan: bool = True

    def days_spent(self, until: date) -> int | None:
        """Days at the position up to ``until`` (an open period runs until then); None when the apprentice had
        not started there by then."""
        if self.actual_start is None or self.actual_start > until:
            return None
        return sum(days_in(begin, end, until) for begin, end in self.spans if begin is not None)

    def weeks_spent(self, until: date) -> float | None:
        """:meth:`days_spent` in weeks, to one decimal (for figures; people read weeks and days)."""
        days = self.days_spent(until)
        return None if days is None else round(days / 7, 1)


def schedule(start: date, steps: Sequence[Step],
             actual: Mapping[int, tuple[date | None, date | None]]) -> list[ScheduledStep]:
    """The planned dates of each position of the plan, moved when training moves: a position is planned to
    start the day after the previous one really ended (or was planned to end, or really started plus its
    weeks), and to last its weeks. ``actual``: by position (each step of a position the plan returns to
    reads the same; :func:`rotation` tells its stays apart)."""
    return schedule_by_step(start, steps, {i: actual[s.position_id] for i, s in enumerate(steps)
                                           if s.position_id in actual})


def step_of_periods(positions: Sequence[int], periods: Sequence[tuple[int, date | None, date | None]]
                    ) -> list[int | None]:
    """The step (index into ``positions``, the plan's positions in order) each actual period belongs to. A
    position may come back later in the plan (Warehouse, Production, Warehouse): in date order, a stay at a
    position is its periods one after the other with no other position's between them (a stay interrupted
    and resumed stays one); the position's first stay is its first step, the next stay its next step, and
    stays beyond its steps count for its last. None: a position not in the plan."""
    occurrences: dict[int, list[int]] = {}
    for index, position_id in enumerate(positions):
        occurrences.setdefault(position_id, []).append(index)
    order = sorted(range(len(periods)), key=lambda i: (periods[i][1] or date.max, i))
    stays: dict[int, int] = {}
    previous: int | None = None
    out: list[int | None] = [None] * len(periods)
    for i in order:
        position_id = periods[i][0]
        steps = occurrences.get(position_id)
        if not steps:
            continue
        if position_id != previous:
            stays[position_id] = stays.get(position_id, -1) + 1
        previous = position_id
        out[i] = steps[min(stays[position_id], len(steps) - 1)]
    return out


def schedule_by_step(start: date, steps: Sequence[Step],
                     actual: Mapping[int, tuple[date | None, date | None]]) -> list[ScheduledStep]:
    """:func:`schedule` with the actual dates given per step (index), not per position. The planned dates are
    the plan's (the signed annex), whatever happened; the expected ones move with the actual dates: a position
    is expected to start the day after the previous one really ended (or was expected to end), and to last its
    weeks."""
    out: list[ScheduledStep] = []
    planned_start = cursor = start
    for sequence, step in enumerate(steps, start=1):
        a_start, a_end = actual.get(sequence - 1, (None, None))
        planned_end = planned_start + timedelta(weeks=step.weeks) - timedelta(days=1)
        expected_from = a_start or cursor
        expected_until = a_end or expected_from + timedelta(weeks=step.weeks) - timedelta(days=1)
        out.append(ScheduledStep(sequence, step.position_id, step.weeks, planned_start, planned_end, a_start, a_end,
                                 step.name, step.department, expected_from=expected_from,
                                 expected_until=expected_until))
        cursor = expected_until + timedelta(days=1)
        planned_start = planned_end + timedelta(days=1)
    return out


def rotation(start: date, steps: Sequence[Step],
             periods: Iterable[tuple[int, date | None, date | None]]) -> list[ScheduledStep]:
    """An agreement's rotation from its plan's steps and its actual periods ``(position, first day, last day or
    None)``: :func:`schedule` with, per step (:func:`step_of_periods`: a position the plan returns to has a
    step per stay), the first day of its periods and the last (none while one is open), and the periods
    themselves for the time spent there."""
    found_periods = list(periods)
    assigned = step_of_periods([s.position_id for s in steps], found_periods)
    spans: dict[int, list[tuple[date | None, date | None]]] = {}
    for (_position_id, begin, end), index in zip(found_periods, assigned, strict=True):
        if index is not None:
            spans.setdefault(index, []).append((begin, end))
    actual: dict[int, tuple[date | None, date | None]] = {}
    for index, found in spans.items():
        begins = [b for b, _e in found if b is not None]
        ends = [e for _b, e in found if e is not None]
        still_open = any(b is not None and e is None for b, e in found)
        actual[index] = (min(begins) if begins else None, None if still_open or not ends else max(ends))
    return [replace(row, spans=tuple(sorted(spans.get(row.sequence - 1, []), key=lambda s: s[0] or date.min)))
            for row in schedule_by_step(start, steps, actual)]


def dropped_stays(steps: Sequence[Step], periods: Iterable[tuple[int, date | None, date | None]],
                  names: Mapping[int, tuple[str, str]]) -> list[ScheduledStep]:
    """The time recorded at positions the plan no longer lists (a new version of the plan dropped them): one
    row per position, its actual periods, marked ``in_plan=False``, in the order the apprentice was there.
    ``names``: each position's (name, department). The rotation itself (:func:`rotation`) is the plan's; these
    rows are shown beside it so that time already spent does not disappear from the agreement's view."""
    listed = {s.position_id for s in steps}
    spans: dict[int, list[tuple[date | None, date | None]]] = {}
    for position_id, begin, end in periods:
        if position_id not in listed and begin is not None:
            spans.setdefault(position_id, []).append((begin, end))
    out: list[ScheduledStep] = []
    for position_id, found in sorted(spans.items(), key=lambda item: min(b or date.max for b, _e in item[1])):
        found.sort(key=lambda s: s[0] or date.min)
        first = min(b for b, _e in found if b is not None)
        still_open = any(e is None for _b, e in found)
        last = None if still_open else max(e for _b, e in found if e is not None)
        name, department = names.get(position_id, ("", ""))
        out.append(ScheduledStep(0, position_id, 0, first, last or first, first, last, name, department,
                                 spans=tuple(found), in_plan=False))
    return out


def expected_end(step: ScheduledStep) -> date:
    """The day the apprentice leaves (or left) a position of the rotation: the actual day when recorded, else
    its weeks from the day they really started, else the plan's day."""
    if step.actual_end is not None:
        return step.actual_end
    if step.actual_start is not None:
        return step.actual_start + timedelta(weeks=step.weeks) - timedelta(days=1)
    return step.expected_until or step.planned_end


def expected_start(step: ScheduledStep) -> date:
    return step.actual_start or step.expected_from or step.planned_start


def position_on(steps: Sequence[ScheduledStep], day: date) -> ScheduledStep | None:
    """The step of the rotation the apprentice is at on ``day``: the one whose actual periods hold it, else the
    one whose dates (actual where recorded, else planned, :func:`expected_start`, :func:`expected_end`) hold it;
    after the rotation's end the last (the apprentice stays there, as ``current_position`` has it); None on a
    day between two positions' actual dates, or before the first (what a rating without a position counts for)."""
    for step in steps:
        if any(begin is not None and begin <= day and (end is None or day <= end) for begin, end in step.spans):
            return step
    for step in steps:
        if step.spans and any(begin is not None for begin, _end in step.spans):
            continue  # its actual periods said above where the apprentice was
        if expected_start(step) <= day <= expected_end(step):
            return step
    if steps and day > expected_end(steps[-1]) and all(expected_end(s) < day for s in steps):
        return steps[-1]
    return None


def rotation_past_end(start: date, steps: Sequence[Step], periods: Iterable[tuple[int, date | None, date | None]],
                      *, agreement_end: date, strictness: Strictness, field: str,
                      running: bool = True) -> list[Problem]:
    """The apprentice's rotation, moved by the actual periods recorded (:func:`rotation`), runs past the
    agreement's end (beyond where the plan itself ended): the first position that would then lie after the end,
    with its dates, at the office's strictness for the plan's term; or, while the agreement is ``running``, ends
    short of it (:func:`_short_of_end`). One rule for saving actual dates, an import and ``vetdesk check``."""
    if not steps:
        return []
    moved = rotation(start, steps, periods)
    planned_last = schedule(start, steps, {})[-1].planned_end
    if expected_end(moved[-1]) <= max(agreement_end, planned_last):
        # an agreement terminated or completed has no end to fall short of
        return _short_of_end(moved, planned_last, agreement_end, strictness, field) if running else []
    first = next(s for s in moved if expected_end(s) > agreement_end)
    return _at(strictness.plan_term_rule, field, _(
        "With the actual dates recorded, the rotation runs past the agreement's end ({end}): {position} is now "
        "due from {start} to {until}. Shorten the time at the positions still to come (a new version of the plan), "
        "or extend the agreement.").format(end=shown_day(agreement_end), position=first.name,
                                           start=shown_day(expected_start(first)),
                                           until=shown_day(expected_end(first))), "rotation.past_end")


def _short_of_end(moved: Sequence[ScheduledStep], planned_last: date, agreement_end: date,
                  strictness: Strictness, field: str) -> list[Problem]:
    """The rotation, moved earlier by the actual dates (a position left before its planned end), now ends a week
    or more before the plan does while the agreement runs on: the apprentice would be at no position at the end.
    Said while the rotation is still going (its last position not left yet)."""
    last = moved[-1]
    ends = expected_end(last)
    until = min(planned_last, agreement_end)
    if last.actual_end is not None or (until - ends).days < 7:
        return []
    return _at(strictness.plan_term_rule, field, _(
        "With the actual dates recorded, the rotation now ends on {ends} ({position}), {time} before the plan "
        "({planned}), while the agreement runs until {end}. Lengthen the time at a position still to come (a new "
        "version of the plan), or record an amendment to the agreement.").format(
            ends=shown_day(ends), position=last.name, time=weeks_and_days((until - ends).days),
            planned=shown_day(planned_last), end=shown_day(agreement_end)), "rotation.short_of_end")


@dataclass(frozen=True)
class OtherPeriod:
    id: int
    position_name: str
    start: date | None
    end: date | None


def in_order(values: Mapping[str, Any]) -> bool:
    """A period's actual dates can be measured: a start, and an end (if any) not before it."""
    start, end = values.get("actual_start"), values.get("actual_end")
    return isinstance(start, date) and (end is None or (isinstance(end, date) and end >= start))


def check_period(values: Mapping[str, Any], *, agreement_start: date, agreement_end: date,
                 in_plan: bool | None, others: Sequence[OtherPeriod], today: date | None = None,
                 position_name: str = "", sex: str = "") -> list[Problem]:
    """The actual dates at a position: inside the agreement, in order, not overlapping the other positions';
    a day after ``today`` is not yet actual (a warning: the plan shows what lies ahead, and the progress report
    and rating grid read actual dates as what happened). ``in_plan``: whether the position is one of the
    agreement's plan (None: the agreement has no plan)."""
    problems: list[Problem] = []
    if in_plan is None:
        problems.append(error("agreement_id", _(
            "The agreement has no rotation plan. Choose the company's plan on the agreement first."),
            "rotation.no_plan"))
    elif not in_plan:
        problems.append(error("position_id", _(
            "This learning position is not in the agreement's rotation plan. Choose one of the plan's positions."),
            "rotation.position"))
    start, end = values.get("actual_start"), values.get("actual_end")
    for name, day in (("actual_start", start), ("actual_end", end)):
        if isinstance(day, date) and not agreement_start <= day <= agreement_end:
            problems.append(error(name, _(
                "{date} lies outside the agreement, which runs from {start} to {end}. Give a date inside it.")
                .format(date=shown_day(day), start=shown_day(agreement_start), end=shown_day(agreement_end)),
                "rotation.outside"))
    if end is not None and start is None:
        problems.append(error("actual_start", _("Give the day {apprentice} started at the position before the "
                                                "day they left it.").format(apprentice=in_sentence(sex)),
                              "rotation.no_start"))
    if isinstance(start, date) and isinstance(end, date) and end < start:
        problems.append(error("actual_end", _("{apprentice} left the position ({end}) before starting there "
                                              "({start}). Correct one of the dates.")
                              .format(apprentice=role(sex), end=shown_day(end), start=shown_day(start)),
                              "rotation.order"))
    # Every rule the dates break is said at once (as a plan's are): an overlap with each other position, and a
    # day still to come, beside a date outside the agreement; only dates in the wrong order measure nothing.
    if in_order(values):
        assert isinstance(start, date)
        until = end if isinstance(end, date) else date.max
        for other in others:
            if other.start is None:
                continue
            other_end = other.end or date.max
            if overlaps(start, until, other.start, other_end):
                problems.append(error("actual_start", _(
                    "These dates overlap the time recorded at {position} ({start} to {end}). No one is at two "
                    "learning positions at a time: correct the dates here or there.").format(
                        position=other.position_name, start=shown_day(other.start),
                        end=shown_day(other.end) if other.end else _("today")), "rotation.overlap"))
        if not any(p.code == "rotation.overlap" for p in problems):
            problems += _gaps(start, end if isinstance(end, date) else None, others, position_name, sex)
    if today is not None:
        for name, day in (("actual_start", start), ("actual_end", end)):
            if isinstance(day, date) and day > today:
                problems.append(warning(name, _(
                    "{date} is still to come: actual dates say where {apprentice} has been, and the progress "
                    "report and the rating grid read them so. Record the move on the day it happens; the plan "
                    "already shows what lies ahead.").format(date=shown_day(day), apprentice=in_sentence(sex)),
                    "rotation.future"))
                break
    return problems


def _working_days_between(last: date, first: date) -> int:
    """The working days (Monday to Friday) after ``last`` and before ``first``: a weekend between leaving one
    position and starting the next is no gap."""
    return sum(1 for n in range(1, (first - last).days) if (last + timedelta(days=n)).weekday() < 5)


def _gaps(start: date, end: date | None, others: Sequence[OtherPeriod], name: str,
          sex: str = "") -> list[Problem]:
    """Working days at no position between these dates and the periods just before and after them (an
    apprentice is always somewhere: a gap is mostly a mistyped date), each named with its dates."""
    problems: list[Problem] = []
    here = name or _("this learning position")
    before = [o for o in others if o.end is not None and o.end < start]
    if before:
        previous = max(before, key=lambda o: o.end or date.min)
        assert previous.end is not None
        days = _working_days_between(previous.end, start)
        if days and not any(o.start is not None and previous.end < o.start < start for o in others):
            problems.append(warning("actual_start", ngettext(
                "{apprentice} left {previous} on {left} and starts at {position} on {start}: {n} working day "
                "at no learning position. Check both dates; if they were elsewhere, record it.",
                "{apprentice} left {previous} on {left} and starts at {position} on {start}: {n} working "
                "days at no learning position. Check both dates; if they were elsewhere, record it.", days)
                .format(apprentice=role(sex), previous=previous.position_name, left=shown_day(previous.end),
                        position=here, start=shown_day(start), n=days), "rotation.gap"))
    if end is not None:
        after = [o for o in others if o.start is not None and o.start > end]
        if after:
            following = min(after, key=lambda o: o.start or date.max)
            assert following.start is not None
            days = _working_days_between(end, following.start)
            if days:
                problems.append(warning("actual_end", ngettext(
                    "{apprentice} leaves {position} on {end} and starts at {next} on {start}: {n} working day "
                    "at no learning position. Check both dates; if they were elsewhere, record it.",
                    "{apprentice} leaves {position} on {end} and starts at {next} on {start}: {n} working days "
                    "at no learning position. Check both dates; if they were elsewhere, record it.", days)
                    .format(apprentice=role(sex), position=here, end=shown_day(end), next=following.position_name,
                            start=shown_day(following.start), n=days), "rotation.gap"))
    return problems


# -- the agreement's set-up --------------------------------------------------------------------------

@dataclass(frozen=True)
class CollaborationFacts:
    """The collaboration agreement between a learning agreement's school and company that the rule names: the
    one in force on the start date, or else the latest of the pair."""

    reference: str
    school: str
    company: str
    status: str
    start: date
    #: The day it ends: its end date, or the day it was ended.
    end: date | None


@dataclass(frozen=True)
class AgreementSetup:
    """What the set-up rules look at on a learning agreement."""

    has_school: bool
    #: An active collaboration agreement between the school and the company covers the start date.
    collaboration_in_force: bool
    #: The agreement is new, not yet active, or becoming active (agreements in force are not re-judged).
    judged: bool
    start: date | None
    end: date | None
    plan_weeks: int | None
    missing: tuple[CatalogueEntry, ...] = ()
    collaboration: CollaborationFacts | None = None


def _collaboration_problems(facts: AgreementSetup, severity: str) -> list[Problem]:
    """The collaboration rule: an active collaboration agreement between the school and the company covers the
    learning agreement, from its start to its end; the one there is is named, with what to do."""
    c = facts.collaboration
    if not facts.collaboration_in_force:
        if c is None or not isinstance(facts.start, date):
            return _at(severity, "school_id", _(
                "There is no active collaboration agreement between the school and the company on the start date. "
                "Record the collaboration agreement (Collaboration agreements) and bring it into force first."),
                "agreement.collaboration")
        named = _("The collaboration agreement {reference} between {school} and {company}").format(
            reference=c.reference, school=c.school, company=c.company)
        if c.status == CollaborationStatus.ENDED and c.end is not None and c.end >= facts.start:
            text = _("{collaboration} was ended on {end}, while this learning agreement runs ({start} to "
                     "{agreement_end}): the training goes on without one. Record a new collaboration agreement "
                     "between them from {next_day} (Collaboration agreements), print it, have it signed and bring it "
                     "into force, or end the learning agreement.").format(
                collaboration=named, end=shown_day(c.end), start=shown_day(facts.start),
                agreement_end=shown_day(facts.end) if facts.end else "—",
                next_day=shown_day(c.end + timedelta(days=1)))
        elif c.status == CollaborationStatus.ENDED or (c.end is not None and c.end < facts.start):
            text = _("{collaboration} ended on {end}, before this learning agreement starts ({start}). Record a "
                     "new collaboration agreement between them from {start} (Collaboration agreements), print it, "
                     "have it signed and bring it into force first.").format(
                collaboration=named, end=shown_day(c.end) if c.end else "—", start=shown_day(facts.start))
        elif c.start > facts.start:
            text = _("{collaboration} starts on {from_}, after this learning agreement ({start}). Start the "
                     "learning agreement on {from_} or later, or record the collaboration from {start}.").format(
                collaboration=named, from_=shown_day(c.start), start=shown_day(facts.start))
        else:
            text = _("{collaboration} is {status}, not yet in force. Have it signed and bring it into force "
                     "(status active) first.").format(collaboration=named, status=collaboration_status_label(c.status))
        return _at(severity, "school_id", text, "agreement.collaboration")
    if c is not None and c.end is not None and isinstance(facts.end, date) and c.end < facts.end:
        return _at(severity, "end_date", _(
            "The collaboration agreement {reference} between {school} and {company} ends on {end}, before this "
            "learning agreement ends ({agreement_end}). Record a new collaboration agreement between them from "
            "{next_day} before then, or end the learning agreement by {end}.").format(
                reference=c.reference, school=c.school, company=c.company, end=shown_day(c.end),
                agreement_end=shown_day(facts.end), next_day=shown_day(c.end + timedelta(days=1))),
            "agreement.collaboration_ends")
    return []


def check_agreement_setup(facts: AgreementSetup, strictness: Strictness) -> list[Problem]:
    problems: list[Problem] = []
    if facts.judged and facts.has_school:
        problems += _collaboration_problems(facts, strictness.collaboration_rule)
    if facts.plan_weeks is not None and isinstance(facts.start, date) and isinstance(facts.end, date) \
            and facts.end >= facts.start:
        problems += check_plan_term(plan_weeks=facts.plan_weeks, start=facts.start, end=facts.end,
                                    strictness=strictness)
        problems += coverage_problem(facts.missing, strictness.plan_coverage_rule, "rotation_plan_id")
    return problems


# -- collaboration agreements ------------------------------------------------------------------------

class CollaborationStatus(StrEnum):
    DRAFT = "draft"
    PRINTED = "printed"
    SIGNED = "signed"
    ACTIVE = "active"
    ENDED = "ended"


_COLLABORATION_LABELS = {
    CollaborationStatus.DRAFT: N_("draft"), CollaborationStatus.PRINTED: N_("printed"),
    CollaborationStatus.SIGNED: N_("signed"), CollaborationStatus.ACTIVE: N_("active"),
    CollaborationStatus.ENDED: N_("ended"),
}

COLLABORATION_TRANSITIONS: dict[CollaborationStatus, frozenset[CollaborationStatus]] = {
    CollaborationStatus.DRAFT: frozenset({CollaborationStatus.PRINTED}),
    CollaborationStatus.PRINTED: frozenset({CollaborationStatus.DRAFT, CollaborationStatus.SIGNED}),
    CollaborationStatus.SIGNED: frozenset({CollaborationStatus.ACTIVE, CollaborationStatus.ENDED}),
    CollaborationStatus.ACTIVE: frozenset({CollaborationStatus.ENDED}),
    CollaborationStatus.ENDED: frozenset(),
}
#: Statuses in which the terms may still change (the parties sign the printed terms).
COLLABORATION_EDITABLE = frozenset({CollaborationStatus.DRAFT})
#: Statuses of a collaboration agreement not yet ended: one such per school and company.
COLLABORATION_OPEN = frozenset(set(CollaborationStatus) - {CollaborationStatus.ENDED})
#: The signatures a collaboration agreement needs before it is signed.
COLLABORATION_SIGNATURES = ("school_signed_on", "company_signed_on", "chamber_signed_on")
COLLABORATION_LIFECYCLE_FIELDS = frozenset({
    "status", "printed_on", *COLLABORATION_SIGNATURES, "activated_on", "ended_on", "end_reason", "notes"})


def collaboration_status_label(status: str) -> str:
    return _(_COLLABORATION_LABELS[CollaborationStatus(status)])


def parse_collaboration_status(value: str) -> CollaborationStatus | Problem:
    from vetdesk.domain.normalize import fold
    from vetdesk.i18n import LANGUAGES, translator

    def key(text: str) -> str:  # no case or accents, and Spanish/Portuguese masculine and feminine forms meet
        word = fold(text).strip()
        return word[:-1] if len(word) > 4 and word[-1] in "aoe" else word

    word = key(str(value))
    for status in CollaborationStatus:  # its code, or its word in any of vetdesk's languages (an export's)
        label = _COLLABORATION_LABELS[status]
        if word in {key(status.value), *(key(translator(language).gettext(label)) for language in LANGUAGES)}:
            return status
    return error("status", _("{value} is not a status of a collaboration agreement; use one of: {names}.")
                 .format(value=value, names=", ".join(collaboration_status_label(s) for s in CollaborationStatus)),
                 "status.unknown")


def check_collaboration(values: Mapping[str, Any], *, signatory_school_id: int | None,
                        open_elsewhere: Sequence[str]) -> list[Problem]:
    """A collaboration agreement's own values: its dates in order, the school's signatory from the school, one
    open agreement per school and company (``open_elsewhere``: the references of the others)."""
    problems: list[Problem] = []
    start, end = values.get("start_date"), values.get("end_date")
    if isinstance(start, date) and isinstance(end, date) and end < start:
        problems.append(error("end_date", _("The agreement would end ({end}) before it comes into force ({start}). "
                                            "Correct one of the dates.").format(end=shown_day(end),
                                                                                start=shown_day(start)),
                              "collaboration.dates"))
    if values.get("school_signatory_id") is not None and signatory_school_id is not None \
            and signatory_school_id != values.get("school_id"):
        problems.append(error("school_signatory_id", _(
            "The person signing for the school works at another school. Choose a person of this school's "
            "staff."), "collaboration.signatory"))
    if open_elsewhere and values.get("status", "draft") != CollaborationStatus.ENDED:
        problems.append(error("company_id", _(
            "The school and the company already have a collaboration agreement that has not ended ({refs}). "
            "End it before drawing up a new one, or open that one.").format(refs=", ".join(open_elsewhere)),
            "collaboration.duplicate"))
    return problems


def check_collaboration_status(current: str, new: str, values: Mapping[str, Any], *, today: date) -> list[Problem]:
    """A step of the collaboration agreement's life cycle."""
    old, target = CollaborationStatus(current), CollaborationStatus(new)
    if old == target:
        return []
    if target not in COLLABORATION_TRANSITIONS[old]:
        allowed = ", ".join(collaboration_status_label(s) for s in sorted(COLLABORATION_TRANSITIONS[old]))
        if not allowed:
            return [error("status", _("The collaboration agreement has ended; its status does not change any "
                                      "more. Draw up a new one."), "collaboration.ended")]
        return [error("status", _("A collaboration agreement that is {old} can become: {allowed}.").format(
            old=collaboration_status_label(old), allowed=allowed), "collaboration.transition")]
    problems: list[Problem] = []
    if target == CollaborationStatus.SIGNED:
        # Each party with its preposition, so that articles agree ("del plantel", "da escola").
        labels = {"school_signed_on": pgettext("signature missing", "for the school"),
                  "company_signed_on": pgettext("signature missing", "for the company"),
                  "chamber_signed_on": pgettext("signature missing", "for the chamber")}
        missing = [labels[n] for n in COLLABORATION_SIGNATURES if not values.get(n)]
        if missing:
            problems.append(error("status", _("Signed by every party: the date of signature is missing {parties}. "
                                              "Record each party's date.").format(parties=", ".join(missing)),
                                  "collaboration.signatures"))
        # each date itself (not in the future, not before printing): check_collaboration_dates
    if target == CollaborationStatus.ENDED and not values.get("end_reason"):
        problems.append(warning("end_reason", _("Record why the collaboration agreement ended."),
                                "collaboration.reason"))
    return problems


#: The order of the life cycle's steps (an agreement recorded at a step has passed the earlier ones).
_COLLABORATION_ORDER = (CollaborationStatus.DRAFT, CollaborationStatus.PRINTED, CollaborationStatus.SIGNED,
                        CollaborationStatus.ACTIVE, CollaborationStatus.ENDED)


def check_recorded_collaboration(status: CollaborationStatus, values: Mapping[str, Any], *,
                                 today: date) -> list[Problem]:
    """A collaboration agreement recorded at a step of its life cycle (an import of the agreements an office
    already has, or of an export): the dates of the steps it passed are given, in order, as the steps
    themselves would have recorded them."""
    if status == CollaborationStatus.DRAFT:
        return []
    problems: list[Problem] = []
    reached = _COLLABORATION_ORDER.index(status)
    label = collaboration_status_label(status)
    needed = [("printed_on", CollaborationStatus.PRINTED), ("activated_on", CollaborationStatus.ACTIVE),
              ("ended_on", CollaborationStatus.ENDED)]
    for name, step in needed:
        if _COLLABORATION_ORDER.index(step) <= reached and not isinstance(values.get(name), date) \
                and not (name == "activated_on" and status == CollaborationStatus.ENDED):
            problems.append(error(name, _("A collaboration agreement recorded as {status} needs this date; give it, "
                                          "or record the agreement as a draft and take its steps in vetdesk.")
                                  .format(status=label), "collaboration.recorded"))
    if reached >= _COLLABORATION_ORDER.index(CollaborationStatus.SIGNED):
        problems += check_collaboration_status(CollaborationStatus.PRINTED, CollaborationStatus.SIGNED, values,
                                               today=today)
    problems += check_collaboration_dates(values, today=today)
    return problems


def check_collaboration_dates(values: Mapping[str, Any], *, today: date) -> list[Problem]:
    """The life cycle's dates agree with each other, as a learning agreement's do: a party signs the printed copy
    (not a draft, not before it was printed, not in the future), and the agreement comes into force once signed."""
    problems: list[Problem] = []
    status = CollaborationStatus(values.get("status") or CollaborationStatus.DRAFT)
    printed = values.get("printed_on")
    signed = [(n, values[n]) for n in COLLABORATION_SIGNATURES if isinstance(values.get(n), date)]
    for name, day in signed:
        if status == CollaborationStatus.DRAFT:
            problems.append(error(name, _("A draft is not signed yet: print the collaboration agreement for "
                                          "signature first, then record the dates the parties signed it."),
                                  "collaboration.signed_draft"))
        elif day > today:
            problems.append(error(name, _("The date of signature {date} lies in the future.")
                                  .format(date=shown_day(day)), "collaboration.future"))
        elif isinstance(printed, date) and day < printed:
            problems.append(error(name, _("The date of signature {date} comes before the collaboration agreement "
                                          "was printed ({printed}); record the day the party signed the printed "
                                          "copy.").format(date=shown_day(day), printed=shown_day(printed)),
                                  "collaboration.before_print"))
    active = values.get("activated_on")
    if isinstance(active, date) and signed:
        last = max(day for _n, day in signed)
        if active < last:
            problems.append(error("activated_on", _("It cannot be in force from {date}, before the last party "
                                                    "signed ({signed}); choose that day or a later one.")
                                  .format(date=shown_day(active), signed=shown_day(last)),
                                  "collaboration.force_before_signed"))
    return problems


def in_force(status: str, start: date, end: date | None, on: date) -> bool:
    """A collaboration agreement is in force on ``on``: active, and ``on`` lies inside its dates."""
    return status == CollaborationStatus.ACTIVE and start <= on and (end is None or on <= end)


def severity_label(severity: str) -> str:
    return {"error": _("refuse"), "warning": _("warn"), "off": _("do not check")}.get(severity, severity)


__all__ = [
    "COLLABORATION_EDITABLE", "COLLABORATION_LIFECYCLE_FIELDS", "COLLABORATION_OPEN", "COLLABORATION_SIGNATURES",
    "COLLABORATION_TRANSITIONS", "COMPETENCY_KINDS", "SEVERITIES", "STAFF_ROLES", "AgreementSetup",
    "CatalogueEntry", "CollaborationFacts", "CollaborationStatus", "OtherPeriod", "ScheduledStep", "Severity",
    "Step", "Strictness",
    "changed_fields", "check_agreement_setup", "check_collaboration", "check_collaboration_dates",
    "check_collaboration_status", "check_competency", "check_period", "check_plan", "check_plan_term",
    "check_position", "check_recorded_collaboration", "collaboration_status_label", "coverage_problem",
    "default_area", "expected_end", "in_force", "missing_competencies", "on_change", "parse_collaboration_status",
    "in_order", "plan_weeks", "position_on", "rotation", "rotation_past_end", "schedule", "schedule_by_step",
    "setting_problems", "severity_label", "step_of_periods", "term_weeks",
]
