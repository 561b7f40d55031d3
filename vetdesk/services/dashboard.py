"""The dashboard: what needs the officer today, and the figures the chamber reports on.

One read transaction and a handful of aggregate queries (GROUP BY, EXISTS) over indexed columns, so the
first screen stays quick on a national operator's database (10⁵ apprentices, 10⁶ assessments). Each
item carries the filters of the list it opens: a :class:`~vetdesk.services.records.ListQuery` key where
one expresses it, otherwise the exact ``ids``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Date, and_, case, cast, extract, func, or_, select
from sqlalchemy.orm import Session

from vetdesk.domain import lifecycle, rules
from vetdesk.domain.lifecycle import Status
from vetdesk.i18n import _
from vetdesk.services.settings import thresholds
from vetdesk.services.uow import reading
from vetdesk.storage.engine import Database
from vetdesk.storage.models import (
    Apprentice,
    Assessment,
    Company,
    Instructor,
    LearningAgreement,
    Programme,
)

#: How far ahead "starting soon" and "ending soon" look.
UPCOMING_DAYS = 30
#: How many companies the "by company" figure names before it sums the rest as "others".
TOP_COMPANIES = 10

_CURRENT = sorted(s.value for s in lifecycle.CURRENT)
#: Agreements still being prepared or running (not completed or terminated).
_OPEN = sorted([Status.DRAFT.value, *_CURRENT])


@dataclass(frozen=True)
class Item:
    """One thing that needs the officer, with the list that shows it."""

    key: str
    title: str
    count: int
    #: The kind of list that opens (records.KINDS name): agreements, apprentices or instructors.
    kind: str
    #: ListQuery keys (search, status, company_id, programme_id, school_id) or "ids" for an exact set,
    #: plus "title" describing the list.
    filters: dict[str, Any]
    #: One sentence saying what is counted and what to do about it (the tooltip).
    description: str = ""


@dataclass(frozen=True)
class Bar:
    """One bar of a figure; ``filters`` open the agreements it counts (empty when none apply)."""

    label: str
    value: int
    filters: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class YearOutcome:
    year: int
    completed: int
    terminated: int

    @property
    def total(self) -> int:
        return self.completed + self.terminated

    @property
    def completion_rate(self) -> float:
        return self.completed / self.total if self.total else 0.0


@dataclass(frozen=True)
class Dashboard:
    today: date
    items: list[Item]
    active_total: int
    by_programme: list[Bar]
    by_company: list[Bar]
    by_sex: list[Bar]
    outcomes: list[YearOutcome]

    def item(self, key: str) -> Item:
        return next(i for i in self.items if i.key == key)


def sex_label(sex: str) -> str:
    return {"H": _("Men"), "M": _("Women"), "X": _("Non-binary")}.get(sex, sex)


def _blank(column: Any) -> ColumnElement[bool]:
    return or_(column.is_(None), column == "")


def _date_before(session: Session, column: Any, *, years: int, days: int) -> Any:
    """``column`` minus years and days, computed by the database (the dialects spell it differently)."""
    if session.get_bind().dialect.name == "sqlite":
        return func.date(column, f"-{years} years", f"-{days} days")
    return cast(column - func.make_interval(years, 0, 0, days), Date)


def _listed(key: str, title: str, kind: str, ids: list[int], list_title: str, description: str) -> Item:
    return Item(key, title, len(ids), kind, {"ids": ids, "title": list_title}, description)


def dashboard(db: Database, today: date | None = None) -> Dashboard:
    """Everything the first screen shows, read in one consistent snapshot."""
    today = today or date.today()
    with reading(db) as session:
        items, active_total = _items(session, today)
        return Dashboard(today=today, items=items, active_total=active_total,
                         by_programme=_by_programme(session), by_company=_by_company(session),
                         by_sex=_by_sex(session), outcomes=_outcomes(session))


def _items(session: Session, today: date) -> tuple[list[Item], int]:
    limits = thresholds(session)
    LA = LearningAgreement
    by_status = {s: int(n) for s, n in session.execute(select(LA.status, func.count()).group_by(LA.status))}
    items = [
        Item("to_print", _("Agreements waiting for printing"), by_status.get("draft", 0), "agreements",
             {"status": "draft", "title": _("Drafts waiting for printing")},
             _("Draft agreements: review and print them for signing.")),
        Item("to_sign", _("Agreements waiting for signatures"), by_status.get("printed", 0), "agreements",
             {"status": "printed", "title": _("Printed agreements waiting for signatures")},
             _("Printed agreements: record each party's signature date when the signed copy comes back.")),
    ]
    horizon = today + timedelta(days=UPCOMING_DAYS)
    starting = _ids(session, select(LA.id).where(LA.start_date >= today, LA.start_date <= horizon,
                                                 LA.status.in_(_OPEN)).order_by(LA.start_date, LA.id))
    title = _("Agreements starting in the next 30 days")
    items.append(_listed("starting_soon", title, "agreements", starting, title,
                         _("Agreements that start within 30 days and are not completed or terminated: make "
                           "sure they are signed in time.")))
    ending = _ids(session, select(LA.id).where(LA.end_date >= today, LA.end_date <= horizon,
                                               LA.status.in_(_CURRENT)).order_by(LA.end_date, LA.id))
    items.append(_listed("ending_soon", _("Agreements ending in the next 30 days"), "agreements", ending,
                         _("Agreements ending in the next 30 days"),
                         _("Running agreements that end within 30 days: prepare the final assessment and the "
                           "certificate.")))
    notice = today + timedelta(days=limits.expiry_notice_days)
    insurance = _ids(session, select(LA.id).where(
        LA.status.in_(_CURRENT), LA.end_date >= today, LA.insurance_expiry.is_not(None),
        or_(LA.insurance_expiry <= notice, LA.insurance_expiry < LA.end_date))
        .order_by(LA.insurance_expiry, LA.id))
    items.append(_listed("insurance", _("Accident insurance expiring"), "agreements", insurance,
                         _("Agreements whose accident insurance expires soon"),
                         _("The accident insurance expires within {days} days or before the agreement ends: "
                           "ask the company for the renewed policy.").format(days=limits.expiry_notice_days)))

    weeks = limits.weeks_without_assessment
    since = today - timedelta(weeks=weeks)
    recent = select(Assessment.id).where(Assessment.agreement_id == LA.id, Assessment.assessed_on >= since)
    silent = _ids(session, select(LA.apprentice_id).where(
        LA.status == Status.ACTIVE.value, LA.start_date <= since, ~recent.exists()).distinct()
        .order_by(LA.apprentice_id))
    title = _("Apprentices without an assessment for more than {n} weeks").format(n=weeks)
    items.append(_listed("no_assessment", title, "apprentices", silent, title,
                         _("Active agreements with no assessment recorded in the last {n} weeks: remind the "
                           "instructor.").format(n=weeks)))

    load = (select(LA.instructor_id.label("instructor_id"), func.count().label("n"))
            .where(LA.status.in_(_CURRENT), LA.instructor_id.is_not(None))
            .group_by(LA.instructor_id).subquery())
    capacity = func.coalesce(Instructor.capacity, limits.instructor_capacity)
    busy = select(Instructor.id).join(load, load.c.instructor_id == Instructor.id).order_by(Instructor.id)
    over = _ids(session, busy.where(load.c.n > capacity))
    items.append(_listed("over_capacity", _("Instructors over capacity"), "instructors", over,
                         _("Instructors over capacity"),
                         _("Instructors with more current apprentices than their capacity (or the office's "
                           "{n}): spread the apprentices or record a higher capacity.")
                         .format(n=limits.instructor_capacity)))
    unqualified = _ids(session, busy.where(_blank(Instructor.qualification)))
    items.append(_listed("unqualified", _("Instructors without qualification"), "instructors", unqualified,
                         _("Instructors with apprentices but no qualification"),
                         _("Instructors training apprentices with no recorded qualification "
                           "(AdA-International or CONOCER EC0217.01).")))

    no_guardian, no_permit = _minor_gaps(session, today)
    items.append(_listed("minor_guardian", _("Minors without a guardian"), "apprentices", no_guardian,
                         _("Minors without a recorded guardian"),
                         _("Apprentices under 18 on the start date of an open agreement with no guardian's "
                           "name, relation or phone: record the guardian on the apprentice.")))
    items.append(_listed("minor_permit", _("Minors without STPS permit"), "agreements", no_permit,
                         _("Agreements of minors without STPS permit"),
                         _("Open agreements of apprentices under 18 whose programme needs the labour "
                           "ministry's (STPS) work permit and none is recorded.")))
    return items, by_status.get("active", 0)


def _by_programme(session: Session) -> list[Bar]:
    LA = LearningAgreement
    rows = session.execute(
        select(Programme.id, Programme.name, func.count()).join(LA, LA.programme_id == Programme.id)
        .where(LA.status == Status.ACTIVE.value).group_by(Programme.id, Programme.name)
        .order_by(func.count().desc(), Programme.name)).all()
    return [Bar(name, int(n), {"programme_id": pid, "status": "active", "title": name})
            for pid, name, n in rows]


def _by_sex(session: Session) -> list[Bar]:
    LA = LearningAgreement
    rows = {s: int(n) for s, n in session.execute(
        select(Apprentice.sex, func.count()).join(LA, LA.apprentice_id == Apprentice.id)
        .where(LA.status == Status.ACTIVE.value).group_by(Apprentice.sex))}
    order = ["M", "H", "X"] + sorted(s for s in rows if s not in ("M", "H", "X"))
    return [Bar(sex_label(s), rows.get(s, 0)) for s in order]


def _ids(session: Session, stmt: Any) -> list[int]:
    return [int(i) for i in session.scalars(stmt)]


def _minor_gaps(session: Session, today: date) -> tuple[list[int], list[int]]:
    """Apprentice ids of minors without guardian, agreement ids of minors without STPS permit."""
    LA = LearningAgreement
    no_guardian = or_(_blank(Apprentice.guardian_name), _blank(Apprentice.guardian_relation),
                      _blank(Apprentice.guardian_phone))
    no_permit = and_(Programme.stps_permit_required.is_(True), _blank(LA.stps_permit_number))
    # A generous cut in SQL (born less than 18 years and a few days before the start); the exact age
    # rule is applied below to the few rows that remain.
    born_after = _date_before(session, LA.start_date, years=rules.ADULT_AGE, days=3)
    rows = session.execute(
        select(LA.id, LA.apprentice_id, Apprentice.birth_date, LA.start_date,
               case((no_guardian, True), else_=False), case((no_permit, True), else_=False))
        .join(Apprentice, Apprentice.id == LA.apprentice_id).join(Programme, Programme.id == LA.programme_id)
        .where(LA.status.in_(_OPEN), LA.end_date >= today, Apprentice.birth_date > born_after,
               or_(no_guardian, no_permit))
        .order_by(LA.id)).all()
    guardians: list[int] = []
    permits: list[int] = []
    for agreement_id, apprentice_id, birth, start, lacks_guardian, lacks_permit in rows:
        if not rules.minor_on_start(birth, start):
            continue
        if lacks_guardian and apprentice_id not in guardians:
            guardians.append(int(apprentice_id))
        if lacks_permit:
            permits.append(int(agreement_id))
    return sorted(guardians), permits


def _by_company(session: Session) -> list[Bar]:
    LA = LearningAgreement
    counts = session.execute(select(LA.company_id, func.count()).where(LA.status == Status.ACTIVE.value)
                             .group_by(LA.company_id).order_by(func.count().desc(), LA.company_id)).all()
    top, rest = counts[:TOP_COMPANIES], counts[TOP_COMPANIES:]
    names = dict(session.execute(select(Company.id, Company.name)
                                 .where(Company.id.in_([c for c, _n in top]))).all()) if top else {}
    bars = [Bar(names.get(cid, str(cid)), int(n), {"company_id": cid, "status": "active",
                                                   "title": names.get(cid, str(cid))}) for cid, n in top]
    if rest:
        bars.append(Bar(_("Other companies ({n})").format(n=len(rest)), sum(int(n) for _c, n in rest)))
    return bars


def _outcomes(session: Session) -> list[YearOutcome]:
    LA = LearningAgreement
    ended = func.coalesce(LA.completed_on, LA.terminated_on, LA.end_date)
    year = extract("year", ended)
    rows = session.execute(select(year, LA.status, func.count())
                           .where(LA.status.in_([Status.COMPLETED.value, Status.TERMINATED.value]))
                           .group_by(year, LA.status)).all()
    per_year: dict[int, dict[str, int]] = {}
    for y, status, n in rows:
        per_year.setdefault(int(y), {})[status] = int(n)
    return [YearOutcome(y, per_year[y].get("completed", 0), per_year[y].get("terminated", 0))
            for y in sorted(per_year)]


def counts(dash: Dashboard) -> dict[str, int]:
    """The items' counts by key (for the command line and tests)."""
    return {i.key: i.count for i in dash.items}


def total(bars: Sequence[Bar]) -> int:
    return sum(b.value for b in bars)
