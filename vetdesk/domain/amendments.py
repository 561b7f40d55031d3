"""An amendment to a signed learning agreement (convenio modificatorio, Änderungsvereinbarung, aditivo): when the
training slips past what the plan allows (a position dropped, weeks changed, the term extended), the parties
agree from a day on to another rotation plan or another end, for a reason, and sign that; what they signed
first stays as it was.

Pure rules: the service gathers the facts (``services.amendments``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from vetdesk.domain.lifecycle import Status, status_label
from vetdesk.domain.problems import Problem, error
from vetdesk.i18n import N_, _, shown_day

#: The statuses an amendment is recorded in: signed, and not ended. A draft or a printed agreement is changed
#: and printed again instead.
AMENDABLE = frozenset({Status.SIGNED, Status.ACTIVE})

#: The operation's name in the history and its audit action.
LABEL = N_("Record amendment")
ACTION = "amend"


@dataclass(frozen=True)
class AmendmentFacts:
    """What the rules look at: the agreement as it stands and the change asked for."""

    reference: str
    status: str
    start: date
    end: date
    plan_id: int | None
    #: The change: the plan and the end from then on (the same as now where they do not change).
    new_plan_id: int | None
    new_end: date | None
    effective_on: date | None
    reason: str
    #: Whether the amendment changes the later years' stipends or the accident insurance.
    terms_changed: bool = False


def reference(agreement_reference: str, number: int) -> str:
    """The amendment's printed reference: the agreement's, numbered (CA-2026-000012-M1)."""
    return f"{agreement_reference}-M{number}"


def effective_range(start: date, end: date) -> tuple[date, date]:
    """The days an amendment may take effect on: within the agreement as it runs (its start to its end)."""
    return start, end


def default_effective_on(start: date, end: date, today: date) -> date:
    """The day of effect offered first, one :func:`check_amendment` accepts: today while the agreement runs,
    its start while it has not started yet, its end once that is past."""
    first, last = effective_range(start, end)
    return min(max(today, first), last)


def check_amendment(facts: AmendmentFacts) -> list[Problem]:
    """What stops the amendment: an agreement not signed or already ended, nothing to change, no reason, a day
    of effect or an end outside the agreement."""
    status = Status(facts.status)
    if status not in AMENDABLE:
        if status in (Status.DRAFT, Status.PRINTED):
            message = _("Agreement {ref} is {status}: it has not been signed, so there is nothing to amend. Change "
                        "its plan or dates on the agreement and print it again for signature.")
        else:
            message = _("Agreement {ref} is {status}: an ended agreement is not amended.")
        return [error("status", message.format(ref=facts.reference, status=status_label(status)),
                      "amendment.status")]
    problems: list[Problem] = []
    new_end = facts.new_end or facts.end
    if not facts.reason.strip():
        problems.append(error("reason", _(
            "Give the reason for the amendment (why the training changes); it is printed on the amendment the "
            "parties sign."), "amendment.reason"))
    if facts.new_plan_id == facts.plan_id and new_end == facts.end and not facts.terms_changed:
        problems.append(error("rotation_plan_id", _(
            "The amendment changes nothing: choose another rotation plan (a new version of the plan) or another "
            "end date."), "amendment.nothing"))
    if new_end <= facts.start:
        problems.append(error("end_date", _(
            "The new end date {end} is not after the agreement's start ({start}). Give a later end date.").format(
                end=shown_day(new_end), start=shown_day(facts.start)), "amendment.end"))
    if facts.effective_on is None:
        problems.append(error("effective_on", _(
            "Give the day the amendment takes effect (Effective from)."), "amendment.effective_missing"))
    elif not facts.start <= facts.effective_on <= min(new_end, facts.end):
        problems.append(error("effective_on", _(
            "The amendment takes effect on {day}, outside the agreement as it runs ({start} to {end}). Give a day "
            "within it.").format(day=shown_day(facts.effective_on), start=shown_day(facts.start),
                                 end=shown_day(min(new_end, facts.end))), "amendment.effective"))
    return problems


def past_new_end(position: str, until: date | None, new_end: date) -> Problem:
    """The apprentice's recorded time at a position runs past the amended end."""
    if until is None:
        return error("end_date", _(
            "The apprentice is still at {position} (no day of leaving is recorded) and the agreement would end on "
            "{end}. Record the day they left the position first (Rotations page), or give a later end date.")
            .format(position=position, end=shown_day(new_end)), "amendment.period_end")
    return error("end_date", _(
        "The apprentice's time at {position} is recorded until {until}, after the new end date {end}. Move those "
        "dates first (Rotations page), or give a later end date.").format(
            position=position, until=shown_day(until), end=shown_day(new_end)), "amendment.period_end")


def dropped_position(position: str, effective_on: date) -> Problem:
    """The apprentice is at a position on the day of effect that the new plan drops."""
    return error("rotation_plan_id", _(
        "The apprentice is at {position} on {day} by the recorded dates, and the new rotation plan drops that "
        "position. Record the day they left it (Rotations page), or let the amendment take effect once they "
        "have.").format(position=position, day=shown_day(effective_on)), "amendment.dropped")
