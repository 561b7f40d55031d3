"""An amendment to a signed learning agreement (convenio modificatorio, Änderungsvereinbarung, aditivo): when the
training slips past what the plan allows (a position dropped, weeks changed, the term extended), the parties
agree from a day on to another rotation plan or another end, for a reason, and sign that; what they signed
first stays as it was.

Pure rules: the service gathers the facts (``services.amendments``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from vetdesk.domain.lifecycle import Status, status_label
from vetdesk.domain.problems import Problem, error, warning
from vetdesk.i18n import N_, _, shown_day

#: The statuses an amendment is recorded in: signed, and not ended. A draft or a printed agreement is changed
#: and printed again instead.
AMENDABLE = frozenset({Status.SIGNED, Status.ACTIVE})

#: The operation's name in the history and its audit action.
LABEL = N_("Record amendment")
ACTION = "amend"
#: The audit actions of its signatures: some recorded, and the last one (the agreement takes its terms).
SIGNING_ACTION = "amend_sign"
SIGNED_ACTION = "amend_signed"


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
    #: Whether the amendment changes the later years' stipends, the accident insurance or the years in the company.
    terms_changed: bool = False
    #: The day it is recorded: it takes effect once signed, so a day of effect it states is not before this one
    #: (None: judged again at its signing, when the day of effect is the signing's or the one stated).
    today: date | None = None


def reference(agreement_reference: str, number: int) -> str:
    """The amendment's printed reference: the agreement's, numbered (CA-2026-000012-M1)."""
    return f"{agreement_reference}-M{number}"


def effective_range(start: date, end: date) -> tuple[date, date]:
    """The days an amendment may take effect on: within the agreement as it runs (its start to its end)."""
    return start, end


def default_effective_on(start: date, end: date, today: date) -> date:
    """The day of effect offered first when the officer states one, one :func:`check_amendment` accepts: today
    while the agreement runs, its start while it has not started yet, its end once that is past."""
    first, last = effective_range(start, end)
    return min(max(today, first), last)


def effect_words(day: str | None, t: Any = None) -> str:
    """When the amendment takes effect, as the printed amendment, the window and ``vetdesk amend`` say it:
    from its signing by all the parties, or from the day it states (``day``, written out) once they signed it.
    ``t``: the document's translator (default: the user's language)."""
    gettext = t.gettext if t is not None else _
    if day is None:
        return gettext("It takes effect from its signing by all the parties.")
    return gettext("It takes effect from {day}, once signed by all the parties.").format(day=day)


def in_effect_from(stated: date | None, signed_on: date) -> date:
    """The day a signed amendment takes effect: the day it states, else the day the last party signed; never
    before that signing (a day stated that the signatures came after gives way to the signing)."""
    return max(stated, signed_on) if stated is not None else signed_on


def late_signing(stated: date, signed_on: date) -> Problem:
    """The last party signed after the day the amendment states it takes effect: it takes effect on the signing."""
    return warning("effective_on", _(
        "The amendment states it takes effect on {day}, and the last party signed it on {signed}: it takes "
        "effect on {signed}, once signed by all the parties.").format(day=shown_day(stated),
                                                                       signed=shown_day(signed_on)),
        "amendment.late_signing")


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
        pass  # it takes effect on the day the last party signs it
    elif facts.today is not None and facts.effective_on < facts.today:
        problems.append(error("effective_on", _(
            "The amendment would take effect on {day}, before today: an amendment takes effect once all the "
            "parties have signed it. Give today or a later day, or leave Effective from empty for it to take "
            "effect on the day the last party signs.").format(day=shown_day(facts.effective_on)),
            "amendment.effective_past"))
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


# -- what a recorded amendment holds (its row, read as it is stored) ------------------------------------------

#: The agreement's terms an amendment may change besides its plan and end; absent from the values: unchanged.
TERMS = ("stipend_steps", "insurance_policy", "insurance_expiry", "modality_years")


def read_terms(stored: Mapping[str, Any] | None) -> dict[str, Any]:
    """The terms as an amendment keeps them (JSON), a day as a date."""
    out = dict(stored or {})
    if isinstance(out.get("insurance_expiry"), str):
        out["insurance_expiry"] = date.fromisoformat(out["insurance_expiry"])
    return out


def changes_of(found: Any) -> dict[str, list[Any]]:
    """What the amendment changes, field by field (the agreement's fields): [as it stood, as it becomes]."""
    terms = found.annex.get("terms") or {}
    t_before, t_after = read_terms(terms.get("before")), read_terms(terms.get("after"))
    out: dict[str, list[Any]] = {}
    if found.rotation_plan_id != found.previous_plan_id:
        out["rotation_plan_id"] = [found.previous_plan_id, found.rotation_plan_id]
    if found.end_date != found.previous_end_date:
        out["end_date"] = [found.previous_end_date, found.end_date]
    for name in TERMS:
        if name in t_after and t_after.get(name) != t_before.get(name):
            out[name] = [t_before.get(name), t_after[name]]
    return out


def state(found: Any, today: date) -> str:
    """Where an amendment is in its life: "recorded", "printed" (awaiting signatures), "signed" (signed by all,
    taking effect on a later day) or "in_effect"."""
    if found.signed_on is None:
        return "printed" if found.printed_on is not None else "recorded"
    return "in_effect" if (found.in_effect_from or found.signed_on) <= today else "signed"
