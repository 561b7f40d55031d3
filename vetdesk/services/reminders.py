"""The dashboard's reminders, per person: an item marked done, or snoozed until a day.

The dashboard counts the same for everyone (``services.dashboard``); each person keeps their own reminders over
it. An item marked *done* stays quiet while it holds nothing new: the records it listed then (or no more records
than it counted, for the items that only count) — a new agreement waiting, a new apprentice without assessments
brings it back. An item *snoozed* stays quiet until its day. Each change is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from vetdesk.domain.problems import RuleViolation, error
from vetdesk.i18n import _, shown_day
from vetdesk.services.dashboard import Dashboard, Item
from vetdesk.services.uow import SYSTEM, Actor, UnitOfWork, acting, authorize, reading, unit_of_work, utcnow
from vetdesk.storage.engine import Database
from vetdesk.storage.models import Reminder

DONE, SNOOZED = "done", "snoozed"
#: The furthest a reminder may be snoozed.
MAX_SNOOZE_DAYS = 366


@dataclass(frozen=True)
class Kept:
    """One person's reminder over a dashboard item."""

    item: str
    state: str
    until: date | None
    covered: dict[str, Any]


@dataclass(frozen=True)
class Shown:
    """A dashboard item as one person sees it: quiet (done or snoozed) or not, and why."""

    item: Item
    quiet: bool = False
    note: str = ""
    reminder: Kept | None = None


def _person(actor: Actor) -> str:
    return actor.username or ""


def kept(db: Database, *, actor: Actor = SYSTEM) -> dict[str, Kept]:
    """The reminders of the person working (by item key)."""
    who = acting(db, actor)
    authorize(who, "read")
    with reading(db) as session:
        return {r.item: Kept(r.item, r.state, r.until, dict(r.covered or {}))
                for r in session.scalars(select(Reminder).where(Reminder.username == _person(who)))}


def _covered(item: Item) -> dict[str, Any]:
    ids = item.filters.get("ids")
    return {"ids": sorted(int(i) for i in ids)} if ids is not None else {"count": item.count}


def _keep(db: Database, label: str, item_key: str, state: str | None, *, until: date | None = None,
          covered: dict[str, Any] | None = None, actor: Actor) -> None:
    """Write (or, with ``state`` None, remove) the person's reminder of one item, audited."""
    with unit_of_work(db, label, actor, permission="read") as uow:
        row = uow.session.scalars(select(Reminder).where(Reminder.username == _person(uow.actor),
                                                         Reminder.item == item_key)).first()
        before = _audited(row)
        if state is None:
            if row is None:
                return
            uow.session.delete(row)
            uow.session.flush()
            uow.audit(kind="reminders", record_id=row.id, action="delete", before=before)
            return
        if row is None:
            row = Reminder(username=_person(uow.actor), item=item_key, version=1, created_at=utcnow())
            uow.session.add(row)
        row.state, row.until, row.covered, row.updated_at = state, until, covered or {}, utcnow()
        if before:
            row.version = (row.version or 0) + 1
        uow.session.flush()
        _audit(uow, row, before)


def _audited(row: Reminder | None) -> dict[str, Any]:
    if row is None:
        return {}
    return {"item": row.item, "state": row.state, "until": row.until,
            "covered": len(row.covered.get("ids", [])) if "ids" in row.covered else row.covered.get("count")}


def _audit(uow: UnitOfWork, row: Reminder, before: dict[str, Any]) -> None:
    uow.audit(kind="reminders", record_id=row.id, action="update" if before else "create", before=before,
              after=_audited(row))


def mark_done(db: Database, item: Item, *, actor: Actor = SYSTEM) -> None:
    """The person dealt with ``item`` as the dashboard shows it now: quiet until it holds something new. An item
    with nothing in it is refused: it is never quiet, so marking it would change nothing."""
    if not item.count:
        raise RuleViolation([error("item", _("“{title}” holds nothing now: there is nothing to mark done.").format(
            title=item.title), "reminder.empty")])
    _keep(db, _("Mark dashboard item done"), item.key, DONE, covered=_covered(item), actor=actor)


def snooze(db: Database, item_key: str, until: date, *, actor: Actor = SYSTEM, today: date | None = None) -> None:
    """Quiet ``item_key`` for the person until ``until`` (a day after today, within a year)."""
    today = today or date.today()
    if not today < until <= today + timedelta(days=MAX_SNOOZE_DAYS):
        last = shown_day(today + timedelta(days=MAX_SNOOZE_DAYS))
        raise RuleViolation([error("until", _("Snooze until a day after today and within a year (until {last} at "
                                              "the latest).").format(last=last), "reminder.until")])
    _keep(db, _("Snooze dashboard item"), item_key, SNOOZED, until=until, actor=actor)


def reopen(db: Database, item_key: str, *, actor: Actor = SYSTEM) -> None:
    """Forget the person's reminder of ``item_key``: it counts as before."""
    _keep(db, _("Reopen dashboard item"), item_key, None, actor=actor)


def holds_more(item: Item, covered: dict[str, Any]) -> bool:
    """``item`` holds something it did not when it was marked done."""
    if "ids" in covered:
        return bool(set(int(i) for i in item.filters.get("ids") or []) - set(covered["ids"]))
    return item.count > int(covered.get("count", 0))


def shown(dash: Dashboard, reminders: dict[str, Kept], today: date) -> list[Shown]:
    """The dashboard's items as the person sees them: done items stay quiet while they hold nothing new, snoozed
    ones until their day; an item with nothing in it is never quiet (there is nothing to be reminded of)."""
    from vetdesk import i18n

    out = []
    for item in dash.items:
        r = reminders.get(item.key)
        if r is not None and item.count:
            if r.state == SNOOZED and r.until is not None and today < r.until:
                out.append(Shown(item, True, _("Snoozed until {date}").format(
                    date=i18n.current().format_numeric_date(r.until)), r))
                continue
            if r.state == DONE and not holds_more(item, r.covered):
                out.append(Shown(item, True, _("Done"), r))
                continue
        out.append(Shown(item, reminder=r))
    return out
