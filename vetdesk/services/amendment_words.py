"""An agreement's amendments in the user's words (``vetdesk show``, the agreement form): where each is in its
life, when it takes effect (as its printout says it), and what it changes, old → new."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from vetdesk.domain import amendments as A
from vetdesk.i18n import N_, _, ngettext, shown_day
from vetdesk.services.uow import reading
from vetdesk.storage.engine import Database
from vetdesk.storage.models import RotationPlan


def effect_words(stated: date | None) -> str:
    """When an amendment takes effect, in the user's words (as its printout says it)."""
    return A.effect_words(shown_day(stated) if stated is not None else None)


def pending_words(reference: str, day: date) -> str:
    """A signed amendment whose stated day of effect is still to come: the agreement's record holds its terms
    from the last signature (``amendments.sign_amendment``), and they apply from that day, as its printout says
    (the window and ``vetdesk show`` say it alike)."""
    return _("The agreement's terms shown are those of {reference}, recorded at its last signature; they apply "
             "from {date}, and until then the terms before it do.").format(reference=reference,
                                                                            date=shown_day(day))


def pending_field_notes(items: list[Any], today: date | None = None) -> dict[str, str]:
    """The agreement's fields a signed amendment not yet in effect changes (as its details list them), each with
    what ``vetdesk show`` says beside its value: from when the value shown applies."""
    today = today or date.today()
    out: dict[str, str] = {}
    for a in items:
        since = a.get("in_effect_from") if isinstance(a, dict) else None
        if isinstance(since, date) and since > today and a.get("signed_on") is not None:
            for name in a.get("changes") or {}:
                out[name] = _("(from {date}, amendment {reference}; until then as before it)").format(
                    date=shown_day(since), reference=a.get("reference"))
    return out


#: Where an amendment is in its life, in the user's words.
STATES = {"recorded": N_("recorded, not yet printed for signature"),
          "printed": N_("printed for signature, awaiting signatures"),
          "signed": N_("signed by all the parties"), "in_effect": N_("in effect")}  # the last two: see shown_lines


def shown_lines(db: Database, items: list[Any]) -> str:
    """An agreement's amendments (as its details list them) as a person reads them, one block each: where it is
    in its life and from when it takes effect, its reason, and each change in the field's words, old → new
    (dates in the user's language, a plan by its name)."""
    from vetdesk.services.kinds import KINDS

    labels = {f.name: f.title() for f in KINDS["agreements"].fields}
    plans = {p for a in items if isinstance(a, dict) for p in (a.get("changes") or {}).get("rotation_plan_id", [])
             if isinstance(p, int)}
    names: dict[int, str] = {}
    if plans:  # a plan by its name and version (an amendment's new plan is often the next version of the same)
        with reading(db) as session:
            for p in session.scalars(select(RotationPlan).where(RotationPlan.id.in_(sorted(plans)))):
                weeks = sum(s["weeks"] for s in p.steps)
                names[p.id] = ngettext("{name}, version {version} ({weeks} week)",
                                       "{name}, version {version} ({weeks} weeks)", weeks).format(
                    name=p.name, version=p.plan_version, weeks=weeks)

    def shown(name: str, value: Any) -> str:
        if value is None or value == "":
            return "—"
        if name == "rotation_plan_id":
            return str(names.get(value, value))
        if isinstance(value, date):
            return shown_day(value)
        if name == "insurance_expiry" and isinstance(value, str):
            return shown_day(date.fromisoformat(value))
        return str(value)

    out = []
    for a in items:
        if not isinstance(a, dict):
            continue
        state_text = _(STATES.get(str(a.get("state")), str(a.get("state"))))
        since = a.get("in_effect_from")
        if a.get("state") == "in_effect" and isinstance(since, date):
            head = _("{reference}: in effect since {date}").format(reference=a.get("reference"),
                                                                   date=shown_day(since))
        elif a.get("state") == "signed" and isinstance(since, date):
            head = _("{reference}: signed by all the parties, takes effect on {date}").format(
                reference=a.get("reference"), date=shown_day(since)) + "\n    " + pending_words(
                str(a.get("reference")), since)
        else:
            head = _("{reference}: {state}. {effect}").format(
                reference=a.get("reference"), state=state_text,
                effect=effect_words(a.get("effective_on")))
        lines = [head, _("Reason: {reason}").format(reason=a.get("reason") or "")]
        if a.get("state") == "printed":
            signed = [shown_day(date.fromisoformat(d)) for d in (a.get("signatures") or {}).values() if d]
            lines.append(ngettext("{n} signature recorded", "{n} signatures recorded", len(signed)).format(
                n=len(signed)))
        changes = a.get("changes") or {}
        for name, (old, new) in changes.items():
            lines.append(_("{field}: {before} → {after}").format(field=labels.get(name, name),
                                                                  before=shown(name, old), after=shown(name, new)))
        out.append("\n  " + "\n    ".join(lines))
    return "".join(out)

