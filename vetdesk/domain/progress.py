"""Progress arithmetic: how much of the programme an apprentice has reached, and what looks wrong.

Pure Python on plain data (no SQL, no Qt), so that the progress command, the matrix, the progress
report and ``vetdesk check`` all count the same way.

* Only an assessment proves a competency: the rating of the instructor or the academic tutor (or a
  recognition of prior learning). A self-assessment guides (the domain brief: assessment proves, feedback
  guides) and is shown beside it, never counted: an apprentice who rates themselves lower, or higher, after
  the instructor's rating changes nothing.
* The *latest* rating of a competency is the latest proving one, by date, ties broken by the higher id
  (the later entry); every earlier rating of that competency is superseded and ignored.
* A competency is *reached* when its latest rating is a recognition of prior learning, or its level
  counts as reached on the programme's scale (:func:`vetdesk.domain.scales.is_reached`: a level marked
  ``reached`` on a levels scale, or at least ``reached_from`` points on a points scale).
* The overall share and the shares per area count the technical catalogue; the optional
  socio-emotional catalogue is counted on its own, so enabling it never lowers a technical figure.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from vetdesk.domain import scales
from vetdesk.domain.dates import add_months, days_in
from vetdesk.domain.problems import Problem, warning
from vetdesk.i18n import _, shown_day

TECHNICAL = "technical"
#: The raters whose rating proves a competency.
PROVING_ROLES = frozenset({"instructor", "tutor"})
SOCIOEMOTIONAL = "socioemotional"

#: A position counts as overrun when the apprentice stays this many weeks beyond its planned weeks.
OVERRUN_WEEKS = 2
#: An agreement "ends soon" within this many months of its end date.
ENDING_MONTHS = 3
#: Share of competencies an apprentice should have reached when the agreement ends soon.
ENDING_MIN_SHARE = 0.70


@dataclass(frozen=True)
class CompetencyItem:
    """One competency of the programme's catalogue, as the arithmetic needs it."""

    id: int
    code: str
    area: str
    kind: str = TECHNICAL
    title: str = ""


@dataclass(frozen=True)
class Rating:
    """One assessment: a level on the scale, or a recognition of prior learning (no level)."""

    id: int
    competency_id: int
    on: date
    level: int | None
    recognised: bool = False
    #: instructor, tutor or self (who rated).
    role: str = "instructor"

    @property
    def proves(self) -> bool:
        """Whether this rating can prove the competency (an instructor's or tutor's, or a recognition)."""
        return self.recognised or self.role in PROVING_ROLES


@dataclass(frozen=True)
class Share:
    """How many of ``total`` competencies are reached."""

    reached: int
    total: int

    @property
    def ratio(self) -> float:
        return self.reached / self.total if self.total else 0.0

    @property
    def percent(self) -> int:
        """Whole percent, rounded half up (what people see)."""
        return int(self.ratio * 100 + 0.5) if self.total else 0

    def as_dict(self) -> dict[str, Any]:
        return {"reached": self.reached, "total": self.total, "share": round(self.ratio, 4),
                "percent": self.percent}


@dataclass(frozen=True)
class AreaShare:
    area: str
    share: Share


@dataclass(frozen=True)
class Progress:
    """The progress of one apprentice on one agreement."""

    overall: Share
    areas: tuple[AreaShare, ...]
    socioemotional: Share | None
    #: competency id -> the latest proving rating (superseded ones, and self-assessments, left out)
    latest: Mapping[int, Rating]
    #: competency ids counted as reached
    reached_ids: frozenset[int]
    #: competency id -> the latest self-assessment (shown, never counted)
    self_assessed: Mapping[int, Rating] = field(default_factory=dict)


def _order(rating: Rating) -> tuple[date, int]:
    return (rating.on, rating.id)


def latest_ratings(ratings: Iterable[Rating], *, proving: bool = True) -> dict[int, Rating]:
    """The latest rating per competency, by date, then by id: of the proving ratings (``proving``), else of
    the self-assessments."""
    latest: dict[int, Rating] = {}
    for r in ratings:
        if r.proves != proving:
            continue
        current = latest.get(r.competency_id)
        if current is None or _order(r) > _order(current):
            latest[r.competency_id] = r
    return latest


def counts_as_reached(scale: Mapping[str, Any], rating: Rating | None) -> bool:
    if rating is None:
        return False
    if rating.recognised:
        return True
    return rating.level is not None and scales.is_reached(dict(scale), int(rating.level))


def reached_levels(scale: Mapping[str, Any]) -> dict[str, Any]:
    """Which ratings count as reached, for people and programs reading the progress output."""
    if scale.get("kind") == "points":
        return {"kind": "points", "reached_from": int(scale["reached_from"]), "min": int(scale["min"]),
                "max": int(scale["max"])}
    return {"kind": scale.get("kind", "levels"),
            "reached_levels": [int(lv["value"]) for lv in scale["levels"] if lv.get("reached")]}


def compute_progress(scale: Mapping[str, Any], competencies: Sequence[CompetencyItem],
                     ratings: Iterable[Rating]) -> Progress:
    """Share of the catalogue reached, overall and per area (areas in catalogue order)."""
    wanted = {c.id for c in competencies}
    ratings = list(ratings)
    latest = {cid: r for cid, r in latest_ratings(ratings).items() if cid in wanted}
    self_assessed = {cid: r for cid, r in latest_ratings(ratings, proving=False).items() if cid in wanted}
    reached_ids = frozenset(cid for cid, r in latest.items() if counts_as_reached(scale, r))
    per_area: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    technical = [c for c in competencies if c.kind != SOCIOEMOTIONAL]
    social = [c for c in competencies if c.kind == SOCIOEMOTIONAL]
    for c in technical:
        counts = per_area[c.area]
        counts[1] += 1
        counts[0] += c.id in reached_ids
    overall = Share(sum(c.id in reached_ids for c in technical), len(technical))
    areas = tuple(AreaShare(area, Share(n[0], n[1])) for area, n in per_area.items())
    social_share = Share(sum(c.id in reached_ids for c in social), len(social)) if social else None
    return Progress(overall, areas, social_share, latest, reached_ids, self_assessed)


# -- flags ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PeriodFacts:
    """The actual time an apprentice spent (or is spending) at a learning position."""

    position_id: int
    position_name: str
    planned_weeks: int
    actual_start: date | None
    actual_end: date | None


def days_at(period: PeriodFacts, today: date) -> int:
    """Days spent at the position so far, its first and last day counted; an open period runs until today."""
    return days_in(period.actual_start, period.actual_end, today)


def flag_no_recent_assessment(*, last_assessed: date | None, start: date, today: date,
                              weeks: int) -> Problem | None:
    """No assessment in the last ``weeks`` weeks, while the agreement ran for all of that window.

    The window is ``[today - weeks, today]`` (the dashboard counts the same way): an assessment on its
    first day still counts; an agreement that started inside the window is not flagged yet.
    """
    window_start = today - timedelta(weeks=weeks)
    if start > window_start or (last_assessed is not None and last_assessed >= window_start):
        return None
    since = last_assessed or start
    if last_assessed is None:
        message = _("No assessment recorded since the agreement started on {start} ({weeks}+ weeks). Ask the "
                    "instructor to rate the current learning position.").format(start=shown_day(start),
                                                                                weeks=weeks)
    else:
        message = _("No assessment for {days} days (last on {last}; the office expects one every {weeks} "
                    "weeks). Ask the instructor to rate the current learning position.").format(
            days=(today - since).days, last=shown_day(since), weeks=weeks)
    return warning("assessed_on", message, "progress.no_assessment")


def flag_overruns(periods: Iterable[PeriodFacts], today: date) -> list[Problem]:
    """Positions where the apprentice stayed (or stays) more than planned weeks + 2 weeks."""
    out = []
    for p in periods:
        limit = (p.planned_weeks + OVERRUN_WEEKS) * 7
        spent = days_at(p, today)
        if spent > limit:
            out.append(warning("position_periods", _(
                "{weeks} weeks spent at {position}, planned for {planned}. Record the move to the next position "
                "or update the rotation plan.").format(weeks=round(spent / 7, 1), position=p.position_name,
                                                        planned=p.planned_weeks), "progress.overrun"))
    return out


def flag_falling(ratings: Iterable[Rating], codes: Mapping[int, str]) -> list[Problem]:
    """Competencies whose latest rating is lower than the one before it (recognitions have no level)."""
    by_competency: dict[int, list[Rating]] = defaultdict(list)
    for r in ratings:
        if r.level is not None and not r.recognised and r.proves:
            by_competency[r.competency_id].append(r)
    out = []
    for cid, items in by_competency.items():
        if len(items) < 2 or cid not in codes:
            continue
        items.sort(key=_order)
        before, last = items[-2], items[-1]
        assert before.level is not None and last.level is not None
        if last.level < before.level:
            out.append(warning("level", _(
                "Competency {code} fell from {before} to {after} (ratings of {d1} and {d2}). Talk with the "
                "instructor about what changed.").format(code=codes[cid], before=before.level,
                                                           after=last.level, d1=shown_day(before.on),
                                                           d2=shown_day(last.on)), "progress.falling"))
    return out


def flag_ending_behind(*, end: date, today: date, overall: Share) -> Problem | None:
    """The agreement ends within 3 months and less than 70 % of the competencies are reached."""
    if not today <= end < add_months(today, ENDING_MONTHS) or overall.total == 0:
        return None
    if overall.ratio >= ENDING_MIN_SHARE:
        return None
    return warning("end_date", _(
        "The agreement ends on {end} and only {percent} % of the competencies are reached ({reached} of "
        "{total}; {needed} % expected). Plan the remaining assessments or a catch-up.").format(
        end=shown_day(end), percent=overall.percent, reached=overall.reached, total=overall.total,
        needed=int(ENDING_MIN_SHARE * 100)), "progress.ending_behind")


def rotation_weeks(periods: Iterable[PeriodFacts], today: date) -> tuple[int, float]:
    """Planned weeks of the positions visited versus the weeks actually spent there."""
    planned, actual = 0, 0.0
    for p in periods:
        planned += p.planned_weeks
        actual += days_at(p, today) / 7
    return planned, round(actual, 1)
