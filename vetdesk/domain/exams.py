"""Chamber exams as pure rules: grades on the 100-point scale, the pass rule, admission to an exam.

The grade bands are the IHK table kept in :data:`vetdesk.domain.scales.IHK_100` (100–92 very good (1),
<92–81 good (2), <81–67 satisfactory (3), <67–50 sufficient (4), <50–30 poor (5), <30 insufficient (6)); a
band's word is translated with the document's translator, so a German certificate says "sehr gut" while the
window speaks Spanish. What counts as a pass is data (:class:`PassRule`), kept per exam of a programme.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from vetdesk.domain import scales
from vetdesk.domain.identifiers import apprentice_in_sentence, apprentice_role
from vetdesk.domain.lifecycle import Status, status_label
from vetdesk.domain.problems import Problem, error
from vetdesk.i18n import N_, _, ngettext, pgettext, shown_day

#: The parts of a chamber exam, and their labels.
PARTS: tuple[tuple[str, str], ...] = (("part1", N_("Part 1")), ("part2", N_("Part 2")),
                                      ("interim", N_("interim exam")), ("final", N_("final exam")))
#: The components an exam may have; each exam gives each a weight in per cent (0: not part of the exam).
COMPONENTS: tuple[tuple[str, str], ...] = (("written", N_("written")), ("practical", N_("practical")),
                                           ("oral", N_("oral")))
#: A CONOCER verdict on an EC standard, and its words.
VERDICTS: tuple[tuple[str, str], ...] = (("competent", N_("competent")), ("not_yet", N_("not yet competent")))
#: Parts that end the training (their result decides the final certificate).
FINAL_PARTS = frozenset({"part2", "final"})
#: Parts taken half-way (a Part 2 registration asks for one of them).
FIRST_PARTS = frozenset({"part1", "interim"})

POINTS_MAX = Decimal(100)
_TENTH = Decimal("0.1")


@dataclass(frozen=True)
class Band:
    """One grade band of the 100-point scale."""

    grade: int
    lowest: Decimal  # inclusive
    word: str  # marked for translation; translate with the document's translator

    def label(self, gettext: Callable[[str], str] = _) -> str:
        return gettext(self.word)


BANDS: tuple[Band, ...] = tuple(Band(int(b["grade"]), Decimal(b["from"]), str(b["label"]))
                                for b in scales.IHK_100["bands"])


def band(points: Decimal | int | float) -> Band:
    """The band of a score (0–100; a score between two bands belongs to the lower one: 91.9 is good)."""
    value = Decimal(str(points))
    if not Decimal(0) <= value <= POINTS_MAX:
        raise ValueError("points outside 0-100")
    return next(b for b in BANDS if value >= b.lowest)


def weighted(points: Mapping[str, Decimal | None], weights: Mapping[str, int]) -> Decimal | None:
    """The weighted score of an exam's components (weights in per cent, summing to 100), to one decimal,
    rounded half up; None while a weighted component has no points yet."""
    total = Decimal(0)
    for name, weight in weights.items():
        if not weight:
            continue
        value = points.get(name)
        if value is None:
            return None
        total += Decimal(value) * weight
    return (total / 100).quantize(_TENTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class PassRule:
    """What passing takes, configurable per programme's exam: the weighted score at least ``overall``, each
    weighted component at least ``component``; for the final certificate also the final part at least
    ``final_part``."""

    overall: Decimal = Decimal(50)
    component: Decimal = Decimal(30)
    final_part: Decimal = Decimal(50)


@dataclass(frozen=True)
class Outcome:
    score: Decimal
    band: Band
    passed: bool
    #: Why it was failed, in the interface language (empty when passed).
    reasons: tuple[str, ...] = ()


def outcome(points: Mapping[str, Decimal | None], weights: Mapping[str, int], rule: PassRule) -> Outcome | None:
    """The result of one attempt, or None while points are missing."""
    score = weighted(points, weights)
    if score is None:
        return None
    reasons: list[str] = []
    if score < rule.overall:
        reasons.append(_("the result {score} is below {minimum} points").format(score=score, minimum=rule.overall))
    for name, label in COMPONENTS:
        value = points.get(name)
        if weights.get(name) and value is not None and Decimal(value) < rule.component:
            reasons.append(_("the {component} part scored {score}, below {minimum} points").format(
                component=pgettext("exam component", label), score=value, minimum=rule.component))
    return Outcome(score, band(score), not reasons, tuple(reasons))


def final_score(parts: Sequence[tuple[Decimal, int]]) -> Decimal:
    """The final grade's score from each part's score and its weight in the final result (per cent)."""
    total_weight = sum(w for _s, w in parts)
    if total_weight <= 0:
        raise ValueError("no weights")
    total = sum((s * w for s, w in parts), Decimal(0))
    return (total / total_weight).quantize(_TENTH, rounding=ROUND_HALF_UP)


def check_weights(weights: Mapping[str, int]) -> list[Problem]:
    """An exam's component weights must add up to 100."""
    total = sum(int(w or 0) for w in weights.values())
    if total != 100:
        return [error("weight_written", _("The weights of the written, practical and oral parts add up to "
                                          "{total}%; make them add up to 100% (0 for a part the exam does not "
                                          "have).").format(total=total), "exam.weights")]
    return []


# -- admission --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AdmissionRules:
    """What an exam asks of a candidate (an exam's settings)."""

    part: str
    held_on: date
    #: The share of the agreement's term served by the exam day, in per cent (0: no minimum).
    min_term_share: int = 0
    #: A completed agreement still admits for this many months after it ended.
    months_after_end: int = 6
    #: The office charges a fee: it must be recorded as paid.
    fee_required: bool = False
    #: Where the programme asks for the training record: every weekly report up to this day handed in and
    #: approved (None: not asked).
    logbook_until: date | None = None


@dataclass(frozen=True)
class Candidate:
    """What the admission checks look at for one registration."""

    agreement_status: str
    start: date
    end: date
    completed_on: date | None
    fee_paid: bool
    #: For a final part: the earlier part was taken (a result recorded).
    first_part_taken: bool
    #: Already registered for this exam, or already passed this part.
    already_registered: bool = False
    already_passed: bool = False
    #: The weeks up to the exam's ``logbook_until`` whose weekly report is not handed in and approved.
    logbook_missing: int = 0
    #: The apprentice's recorded sex (H, M, X): the reasons word them by it ("La aprendiz ya…").
    sex: str = ""


def _months_between(a: date, b: date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month - (1 if b.day < a.day else 0)


def term_share(candidate: Candidate, on: date) -> int:
    """The per cent of the agreement's term served on a day (0–100)."""
    days = (candidate.end - candidate.start).days
    if days <= 0:
        return 100
    served = min(max((on - candidate.start).days, 0), days)
    return int(served * 100 // days)


def admission_problems(rules: AdmissionRules, c: Candidate) -> list[Problem]:
    """Why a candidate may not sit the exam, each reason with what to do; empty when admitted."""
    out: list[Problem] = []
    if c.already_registered:
        out.append(error("agreement_id", _("{apprentice} already has a registration for this exam. Open that "
                                           "registration instead.").format(apprentice=apprentice_role(c.sex)),
                         "admission.twice"))
    if c.already_passed:
        out.append(error("agreement_id", _("{apprentice} has already passed this part of the exam; a passed "
                                           "exam is not repeated.").format(apprentice=apprentice_role(c.sex)),
                         "admission.passed"))
    if c.agreement_status == "active":
        pass
    elif c.agreement_status == "completed" and c.completed_on is not None:
        if _months_between(c.completed_on, rules.held_on) >= rules.months_after_end:
            out.append(error("agreement_id", _(
                "The learning agreement was completed on {date}, more than {months} months before the exam; "
                "an exam admits apprentices whose agreement is active or recently completed.").format(
                date=shown_day(c.completed_on), months=rules.months_after_end), "admission.completed_long_ago"))
    else:
        out.append(error("agreement_id", _(
            "The learning agreement is not active (it is {status}). Only apprentices with an active agreement, or "
            "one completed in the last {months} months, are admitted.").format(
            status=status_label(c.agreement_status) if c.agreement_status in {s.value for s in Status}
            else c.agreement_status, months=rules.months_after_end), "admission.agreement"))
    if rules.min_term_share:
        share = term_share(c, rules.held_on)
        if share < rules.min_term_share:
            out.append(error("agreement_id", _(
                "By the exam day {apprentice} will have served {share}% of the training term; this exam asks "
                "for at least {minimum}%. Make the registration for a later exam.").format(
                apprentice=apprentice_in_sentence(c.sex), share=share, minimum=rules.min_term_share), "admission.term"))
    if rules.fee_required and not c.fee_paid:
        out.append(error("fee_paid", _("The exam fee is not recorded as paid. Record the payment (tick “Fee "
                                       "paid”) before registering."), "admission.fee"))
    if rules.logbook_until is not None and c.logbook_missing:
        out.append(error("agreement_id", logbook_message(c.logbook_missing, rules.logbook_until),
                         "admission.logbook"))
    if rules.part in FINAL_PARTS and not c.first_part_taken:
        out.append(error("agreement_id", _("{apprentice} has no result in Part 1 (or the interim exam) of this "
                                           "programme. Record that result first.").format(
            apprentice=apprentice_role(c.sex)), "admission.part1"))
    return out


def logbook_message(missing: int, until: date) -> str:
    """Why a training record that is not complete up to ``until`` keeps an apprentice from the exam."""
    return ngettext(
        "The training record is not complete: {n} weekly report up to {date} is not handed in and approved. "
        "Have it handed in and countersigned, then register the apprentice.",
        "The training record is not complete: {n} weekly reports up to {date} are not handed in and approved. "
        "Have them handed in and countersigned, then register the apprentice.", missing).format(
        n=missing, date=shown_day(until))
