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
from sqlalchemy.sql.elements import UnaryExpression
from sqlalchemy.sql.operators import custom_op

from vetdesk.domain import lifecycle, rules
from vetdesk.domain.lifecycle import Status
from vetdesk.domain.rules import Thresholds
from vetdesk.i18n import _, current, ngettext
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


def _plain(session: Session, column: Any) -> Any:
    """``column`` as an expression SQLite will not look up through an index.

    Without statistics SQLite's planner takes any usable index, even for a condition most rows meet
    (status is active, started before a date, GROUP BY company): one random row lookup per agreement,
    several times slower than one pass over the table. ``+column`` keeps the value and hides the index.
    Small selections (the next 30 days) keep their indexes; PostgreSQL plans by its own statistics.
    """
    if session.get_bind().dialect.name != "sqlite":
        return column
    return UnaryExpression(column, operator=custom_op("+"), type_=column.type)


def _status_in(session: Session, statuses: Sequence[str]) -> ColumnElement[bool]:
    """The status among ``statuses``, without the status indexes (for the few conditions narrower than a
    status: the next 30 days)."""
    return _plain(session, LearningAgreement.status).in_(list(statuses))  # type: ignore[no-any-return]


def _counted_by_status(statuses: Sequence[str]) -> ColumnElement[bool]:
    """The status among ``statuses``, through the (status, …) indexes of migration 0004: a count over a status
    reads that status's range of an index holding only the columns the count needs."""
    return LearningAgreement.status.in_(list(statuses))


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
        by_programme, by_company, by_sex = _active_figures(session)
        return Dashboard(today=today, items=items, active_total=active_total, by_programme=by_programme,
                         by_company=by_company, by_sex=by_sex, outcomes=_outcomes(session))


def _items(session: Session, today: date) -> tuple[list[Item], int]:
    limits = thresholds(session)
    LA = LearningAgreement
    # Counting by status reads only the status index.
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
                                                 _status_in(session, _OPEN)).order_by(LA.start_date, LA.id))
    title = _("Agreements starting in the next 30 days")
    items.append(_listed("starting_soon", title, "agreements", starting, title,
                         _("Agreements that start within 30 days and are not completed or terminated: make "
                           "sure they are signed in time.")))
    ending = _ids(session, select(LA.id).where(LA.end_date >= today, LA.end_date <= horizon,
                                               _status_in(session, _CURRENT)).order_by(LA.end_date, LA.id))
    items.append(_listed("ending_soon", _("Agreements ending in the next 30 days"), "agreements", ending,
                         _("Agreements ending in the next 30 days"),
                         _("Running agreements that end within 30 days: prepare the final assessment and the "
                           "certificate.")))

    insurance, silent = _running_gaps(session, today, limits)
    items.append(_listed("insurance", _("Accident insurance expiring"), "agreements", insurance,
                         _("Agreements whose accident insurance expires soon"),
                         _("The accident insurance expires within {days} days or before the agreement ends: "
                           "ask the company for the renewed policy.").format(days=limits.expiry_notice_days)))
    weeks = limits.weeks_without_assessment
    title = ngettext("Apprentices without an assessment for more than {n} week",
                     "Apprentices without an assessment for more than {n} weeks", weeks).format(n=weeks)
    items.append(_listed("no_assessment", title, "apprentices", silent, title,
                         _("Active agreements with no assessment recorded in the last {n} weeks: remind the "
                           "instructor.").format(n=weeks)))

    over, unqualified = _instructor_gaps(session, limits)
    items.append(_listed("over_capacity", _("Instructors over capacity"), "instructors", over,
                         _("Instructors over capacity"),
                         _("Instructors with more current apprentices than their capacity (or the office's "
                           "{n}): spread the apprentices or record a higher capacity.")
                         .format(n=limits.instructor_capacity)))
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


def _ids(session: Session, stmt: Any) -> list[int]:
    return [int(i) for i in session.scalars(stmt)]


def _running_gaps(session: Session, today: date, limits: Thresholds) -> tuple[list[int], list[int]]:
    """Agreement ids whose insurance runs out (within the notice period or before the agreement ends), and
    apprentice ids with an active agreement but no assessment for the set number of weeks."""
    LA = LearningAgreement
    notice = today + timedelta(days=limits.expiry_notice_days)
    insurance = _ids(session, select(LA.id).where(
        _counted_by_status(_CURRENT), LA.end_date >= today, _plain(session, LA.insurance_expiry).is_not(None),
        or_(LA.insurance_expiry <= notice, LA.insurance_expiry < LA.end_date))
        .order_by(_plain(session, LA.insurance_expiry), LA.id))
    since = today - timedelta(weeks=limits.weeks_without_assessment)
    # The index on (agreement_id, assessed_on) answers each EXISTS with one probe.
    recent = select(Assessment.id).where(Assessment.agreement_id == LA.id, Assessment.assessed_on >= since)
    silent = _ids(session, select(LA.apprentice_id).where(
        _status_in(session, [Status.ACTIVE.value]), _plain(session, LA.start_date) <= since,
        ~recent.exists()))
    return insurance, sorted(set(silent))


def _instructor_gaps(session: Session, limits: Thresholds) -> tuple[list[int], list[int]]:
    """Instructor ids over capacity, and those without qualification who train someone now."""
    LA = LearningAgreement
    load = (select(LA.instructor_id.label("instructor_id"), func.count().label("n"))
            .where(_counted_by_status(_CURRENT), LA.instructor_id.is_not(None))
            .group_by(LA.instructor_id).subquery())
    over = load.c.n > func.coalesce(Instructor.capacity, limits.instructor_capacity)
    unqualified = _blank(Instructor.qualification)
    rows = session.execute(select(Instructor.id, case((over, True), else_=False),
                                  case((unqualified, True), else_=False))
                           .join(load, load.c.instructor_id == Instructor.id).where(or_(over, unqualified))
                           .order_by(Instructor.id)).all()
    return [int(i) for i, is_over, _u in rows if is_over], [int(i) for i, _o, is_unq in rows if is_unq]


def _minor_gaps(session: Session, today: date) -> tuple[list[int], list[int]]:
    """Apprentice ids of minors without guardian, agreement ids of minors without STPS permit."""
    LA = LearningAgreement
    no_guardian = or_(_blank(Apprentice.guardian_name), _blank(Apprentice.guardian_relation),
                      _blank(Apprentice.guardian_phone))
    requires_permit = select(Programme.id).where(Programme.stps_permit_required.is_(True))
    no_permit = and_(_blank(LA.stps_permit_number), LA.programme_id.in_(requires_permit.scalar_subquery()))
    # A generous cut in SQL (born less than 18 years and a few days before the start), after the cheap
    # tests; the exact age rule is applied below to the few rows that remain.
    born_after = _date_before(session, LA.start_date, years=rules.ADULT_AGE, days=3)
    rows = session.execute(
        select(LA.id, LA.apprentice_id, Apprentice.birth_date, LA.start_date,
               case((no_guardian, True), else_=False), case((no_permit, True), else_=False))
        .join(Apprentice, Apprentice.id == LA.apprentice_id)
        .where(_status_in(session, _OPEN), _plain(session, LA.end_date) >= today, or_(no_guardian, no_permit),
               Apprentice.birth_date > born_after)
        .order_by(LA.id)).all()
    guardians: set[int] = set()
    permits: list[int] = []
    for agreement_id, apprentice_id, birth, start, lacks_guardian, lacks_permit in rows:
        if not rules.minor_on_start(birth, start):
            continue
        if lacks_guardian:
            guardians.add(int(apprentice_id))
        if lacks_permit:
            permits.append(int(agreement_id))
    return sorted(guardians), permits


def _active_figures(session: Session) -> tuple[list[Bar], list[Bar], list[Bar]]:
    """Active apprentices by programme, by company (top ten and the rest) and by sex."""
    LA = LearningAgreement
    active = _counted_by_status([Status.ACTIVE.value])
    programmes = session.execute(select(LA.programme_id, func.count()).where(active)
                                 .group_by(LA.programme_id)).all()
    programme_names = dict(session.execute(select(Programme.id, Programme.name)).all())
    by_programme = [Bar(programme_names[p], int(n), {"programme_id": p, "status": "active",
                                                     "title": programme_names[p]})
                    for p, n in sorted(programmes, key=lambda r: (-r[1], programme_names[r[0]]))]
    companies = session.execute(select(LA.company_id, func.count()).where(active)
                                .group_by(LA.company_id)
                                .order_by(func.count().desc(), LA.company_id)).all()
    top, rest = companies[:TOP_COMPANIES], companies[TOP_COMPANIES:]
    names = dict(session.execute(select(Company.id, Company.name)
                                 .where(Company.id.in_([c for c, _n in top]))).all()) if top else {}
    by_company = [Bar(names[c], int(n), {"company_id": c, "status": "active", "title": names[c]})
                  for c, n in top]
    if rest:
        others = _("Other companies ({n})").format(n=current().format_decimal(len(rest)))
        by_company.append(Bar(others, sum(int(n) for _c, n in rest)))
    sexes = {s: int(n) for s, n in session.execute(
        select(Apprentice.sex, func.count()).join(LA, LA.apprentice_id == Apprentice.id).where(active)
        .group_by(Apprentice.sex))}
    order = ["M", "H", "X"] + sorted(s for s in sexes if s not in ("M", "H", "X"))
    by_sex = [Bar(sex_label(s), sexes.get(s, 0)) for s in order]
    return by_programme, by_company, by_sex


def _outcomes(session: Session) -> list[YearOutcome]:
    LA = LearningAgreement
    ended = func.coalesce(LA.completed_on, LA.terminated_on, LA.end_date)
    year = extract("year", ended)
    rows = session.execute(select(year, LA.status, func.count())
                           .where(_counted_by_status([Status.COMPLETED.value, Status.TERMINATED.value]))
                           .group_by(year, LA.status)).all()
    per_year: dict[int, dict[str, int]] = {}
    for y, status, n in rows:
        per_year.setdefault(int(y), {})[status] = int(n)
    return [YearOutcome(y, per_year[y].get("completed", 0), per_year[y].get("terminated", 0))
            for y in sorted(per_year)]


def counts(dash: Dashboard) -> dict[str, int]:
    """The items' counts by key (for the command line and tests)."""
    return {i.key: i.count for i in dash.items}
