"""The dashboard: what needs the officer today, and the figures the chamber reports on.

One read transaction and a handful of aggregate queries (GROUP BY, EXISTS) over indexed columns, so the
first screen stays quick on a national operator's database (10⁵ apprentices, 10⁶ assessments). Each
item carries the filters of the list it opens: a :class:`~vetdesk.services.records.ListQuery` key where
one expresses it, otherwise the exact ``ids``.

The queries are SQL text, run through :mod:`vetdesk.storage.plain`: by :func:`dashboard` in a SQLAlchemy
session, and by :func:`start_first_screen` on a bare read-only ``sqlite3`` connection, so the window's first
screen is counted while Qt loads, before SQLAlchemy is imported. Every query returns one row (lists of ids
as one comma-separated value, other rows as one JSON value): each row is one pass through the database
driver, so the count does not wait for Python's lock between rows while the window is being built.
This module imports no SQLAlchemy.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from vetdesk.domain import lifecycle, limits
from vetdesk.domain.lifecycle import Status
from vetdesk.domain.limits import ADULT_AGE, Thresholds
from vetdesk.i18n import _, current, ngettext
from vetdesk.storage import revision
from vetdesk.storage.plain import PlainReads, SqliteReads, in_list

if TYPE_CHECKING:
    from vetdesk.storage.engine import Database


#: How far ahead "starting soon" and "ending soon" look.
UPCOMING_DAYS = 30


def starting_title() -> str:
    """The figure of agreements starting within :data:`UPCOMING_DAYS` (the message states the constant)."""
    return ngettext("Agreements starting in the next {n} day", "Agreements starting in the next {n} days",
                    UPCOMING_DAYS).format(n=UPCOMING_DAYS)


def ending_title() -> str:
    """The figure of agreements ending within :data:`UPCOMING_DAYS`."""
    return ngettext("Agreements ending in the next {n} day", "Agreements ending in the next {n} days",
                    UPCOMING_DAYS).format(n=UPCOMING_DAYS)
#: How many companies the "by company" figure names before it sums the rest as "others".
TOP_COMPANIES = 10

_CURRENT = in_list(sorted(s.value for s in lifecycle.CURRENT))
#: Agreements still being prepared or running (not completed or terminated).
_OPEN = in_list(sorted([Status.DRAFT.value, *(s.value for s in lifecycle.CURRENT)]))


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


#: The sexes of the figure, in its order (the CURP's letters: women, men, non-binary).
SEXES = ("M", "H", "X")


def sex_label(sex: str) -> str:
    return {"H": _("Men"), "M": _("Women"), "X": _("Non-binary")}.get(sex, sex)


class _Sql:
    """The few spellings SQLite and PostgreSQL do not share."""

    def __init__(self, dialect: str) -> None:
        self.sqlite = dialect == "sqlite"

    def plain(self, column: str) -> str:
        """``column`` as an expression SQLite will not look up through an index.

        Without statistics SQLite's planner takes any usable index, even for a condition most rows meet
        (status is active, started before a date): one random row lookup per agreement, several times slower
        than one pass over the table. ``+column`` keeps the value and hides the index. Small selections (the
        next 30 days) keep their indexes; PostgreSQL plans by its own statistics.
        """
        return f"+{column}" if self.sqlite else column

    def in_order(self) -> str:
        """A join SQLite must take in the written order (its planner, without statistics, may start from the
        larger table); PostgreSQL plans by its own statistics."""
        return "CROSS JOIN" if self.sqlite else "JOIN"

    def indexed_by(self, index: str) -> str:
        """Read this table through ``index`` on SQLite (a narrow index holding every column the query needs,
        where SQLite would look each row up in the wide table by its id); nothing on PostgreSQL."""
        return f"INDEXED BY {index}" if self.sqlite else ""

    def packed(self, query: str, columns: Sequence[str]) -> str:
        """All rows of ``query`` (its output columns named ``columns``) as one JSON array of arrays, in one row
        through the driver (see :func:`_table`)."""
        values = ", ".join(f"q.{c}" for c in columns)
        if self.sqlite:
            return f"SELECT json_group_array(json_array({values})) FROM ({query}) q"
        return f"SELECT coalesce(json_agg(json_build_array({values})), '[]'::json) FROM ({query}) q"

    def ids(self, column: str) -> str:
        """Every value of ``column`` (ids) as one comma-separated text, NULLs left out."""
        return f"group_concat({column})" if self.sqlite else f"string_agg(CAST({column} AS TEXT), ',')"

    def years_before(self, column: str, years: int, days: int) -> str:
        """``column`` minus years and days, computed by the database."""
        if self.sqlite:
            return f"date({column}, '-{years} years', '-{days} days')"
        return f"CAST({column} - make_interval({years}, 0, 0, {days}) AS DATE)"


def _table(reads: PlainReads, query: str, columns: Sequence[str],
           params: Mapping[str, Any] | None = None) -> list[list[Any]]:
    """The rows of ``query``, fetched as one value. Each row a driver returns takes Python's lock back once;
    while the window is being built on the other thread that can wait several milliseconds per row (a query
    of a hundred rows took 60 ms for 10 ms of work), one JSON value waits once."""
    ((value,),) = reads.rows(_Sql(reads.dialect).packed(query, columns), params)
    return _unpacked(value)


#: Counts the database keeps as the agreements change (migration 0010): the figures that do not depend on
#: today's date are read there instead of grouping every agreement.
TALLIES = "agreement_tallies"


def _tally(dimension: str, code: str) -> str:
    """One tally with no ref (a status's, a sex's), 0 when nothing was ever counted there."""
    return (f"coalesce((SELECT n FROM {TALLIES} WHERE dimension IN {in_list([dimension])} AND ref = 0 "
            f"AND code IN {in_list([code])}), 0)")


class _Batch:
    """One-row, one-column queries sent as one statement, ``SELECT (q1), (q2), …``.

    When a statement's result comes back, its thread waits for Python's lock; while the window is being built
    on the GUI thread that wait lasts up to a switch interval (5 ms). The first screen's count once made
    fourteen statements and waited each time (at 100,000 apprentices 33 ms of SQL took 75-85 ms beside the
    window); as one statement it waits once. :meth:`value` and :meth:`table` queue a query and return how to
    read its result once :meth:`run` has run.
    """

    def __init__(self, reads: PlainReads) -> None:
        self._reads = reads
        #: For the few values read before the statement is made (they shape it).
        self.reads = reads
        self.sql = _Sql(reads.dialect)
        self._queries: list[str] = []
        self._params: dict[str, Any] = {}
        self._values: list[Any] = []

    def value(self, query: str, params: Mapping[str, Any] | None = None) -> Callable[[], Any]:
        for name, value in (params or {}).items():
            if self._params.setdefault(name, value) != value:
                raise ValueError(f"parameter {name} given two values")
        index = len(self._queries)
        self._queries.append(query)
        return lambda: self._values[index]

    def table(self, query: str, columns: Sequence[str],
              params: Mapping[str, Any] | None = None) -> Callable[[], list[list[Any]]]:
        """Every row of ``query`` (see :func:`_table`)."""
        packed = self.value(self.sql.packed(query, columns), params)
        return lambda: _unpacked(packed())

    def statement(self) -> tuple[str, dict[str, Any]]:
        """The queued queries as one statement, and its parameters."""
        return "SELECT " + ", ".join(f"({q})" for q in self._queries), self._params

    def run(self) -> None:
        (row,) = self._reads.rows(*self.statement())
        self.take(row)

    def take(self, row: Sequence[Any]) -> None:
        """The statement's row, run elsewhere (see :func:`start_first_screen`)."""
        self._values = list(row)


def _unpacked(value: Any) -> list[list[Any]]:
    return value if isinstance(value, list) else json.loads(value)


def _id_list(value: Any) -> list[int]:
    return sorted({int(i) for i in str(value).split(",")}) if value else []


class IdText(Sequence[int]):
    """Distinct ids as one comma-separated value ("3,1,2"), counted at once and read only when asked for (the list
    opens, a reminder compares): an item that holds most active agreements — the overdue weekly reports of an
    office that has not kept them yet — cost the first screen 20-40 ms of reading ids nobody had asked for."""

    __slots__ = ("_ids", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._ids: list[int] | None = None

    def _read(self) -> list[int]:
        if self._ids is None:
            self._ids = [int(i) for i in self._text.split(",")] if self._text else []
        return self._ids

    def __len__(self) -> int:
        return self._text.count(",") + 1 if self._text else 0

    def __getitem__(self, index: Any) -> Any:
        return self._read()[index]

    def __iter__(self) -> Any:
        return iter(self._read())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and not isinstance(other, str) and self._read() == list(other)

    __hash__ = None  # type: ignore[assignment]  # compared by value, like the list it stands for

    def __repr__(self) -> str:
        return f"IdText({self._text!r})"


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _listed(key: str, title: str, kind: str, ids: Sequence[int], list_title: str, description: str) -> Item:
    """An item whose list is an exact set of records; ``"item"`` names it, so that the list can ask for the set
    again after a change (:func:`listed_now`)."""
    return Item(key, title, len(ids), kind, {"ids": ids, "title": list_title, "item": key}, description)


def listed_now(db: Database, key: str, today: date | None = None) -> list[int]:
    """The records the dashboard's item ``key`` counts now, in the signed-in person's scope: its list, opened from
    its card, follows the changes made meanwhile (a weekly report returned leaves "not yet reviewed" at once,
    not when the list is opened again). Empty when the person's dashboard has no such item."""
    now = dashboard(db, today)
    item = next((i for i in now.items if i.key == key), None)
    return sorted(int(i) for i in item.filters.get("ids") or []) if item is not None else []


def dashboard(db: Database, today: date | None = None) -> Dashboard:
    """Everything the first screen shows, read in one consistent snapshot; an instructor's counts only the
    agreements of the apprentices they instruct (the role's scope, applied here for every caller)."""
    from vetdesk.services.uow import acting, reading
    from vetdesk.storage.plain import SessionReads

    today = today or date.today()
    actor = acting(db)
    if actor.role == "instructor":
        return _instructor_dashboard(db, actor.instructor_id or -1, today)
    with reading(db) as session:
        reads = SessionReads(session)
        batch = _Batch(reads)
        make = _assemble(batch, today, read_thresholds(reads))
        batch.run()
        return make()


def _instructor_dashboard(db: Database, instructor_id: int, today: date) -> Dashboard:
    """The dashboard of one instructor: their agreements' items and figures (a handful of rows, read whole)."""
    from sqlalchemy import select, text

    from vetdesk.services.uow import reading
    from vetdesk.storage.models import Apprentice, Company, LearningAgreement, Programme
    from vetdesk.storage.plain import SessionReads

    with reading(db) as session:
        limits_ = read_thresholds(SessionReads(session))
        rows = session.execute(
            select(LearningAgreement.id, LearningAgreement.apprentice_id, LearningAgreement.status,
                   LearningAgreement.start_date, LearningAgreement.end_date, LearningAgreement.insurance_expiry,
                   LearningAgreement.completed_on, LearningAgreement.terminated_on,
                   Programme.id, Programme.name, Company.id, Company.name, Apprentice.sex)
            .join(Programme, Programme.id == LearningAgreement.programme_id)
            .join(Company, Company.id == LearningAgreement.company_id)
            .join(Apprentice, Apprentice.id == LearningAgreement.apprentice_id)
            .where(LearningAgreement.instructor_id == instructor_id)).all()
        ids = [r[0] for r in rows]
        from vetdesk.storage.models import LogbookWeek

        # The weekly reports' two items, for this instructor's agreements (the office's are in _logbook_gaps).
        waiting = sorted(session.scalars(select(LogbookWeek.id).where(
            LogbookWeek.status == "submitted", LogbookWeek.agreement_id.in_(ids)))) if ids else []
        overdue = [agreement_id for agreement_id, _due in overdue_in(session, today, limits_)]
        absent = sorted(int(i) for i in session.scalars(text(_absent(
            _Sql(session.get_bind().dialect.name), scope="AND l.instructor_id = :i ")), {
            "i": instructor_id, "today": today, "absence_since": _absence_since(today, limits_),
            "absence_days": limits_.absence_days}))
        assessed: dict[int, date | None] = {}
        if ids:
            for agreement_id, last in session.execute(
                    text("SELECT id, last_assessed_on FROM learning_agreements WHERE instructor_id = :i"),
                    {"i": instructor_id}):
                assessed[int(agreement_id)] = _day(last) if last else None
    horizon = today + timedelta(days=UPCOMING_DAYS)
    running = {s.value for s in lifecycle.CURRENT}
    open_ = {Status.DRAFT.value, *running}
    by_status: dict[str, int] = {}
    for r in rows:
        by_status[r[2]] = by_status.get(r[2], 0) + 1
    starting = sorted(r[0] for r in rows if today <= r[3] <= horizon and r[2] in open_)
    ending = sorted(r[0] for r in rows if today <= r[4] <= horizon and r[2] in running)
    notice = today + timedelta(days=limits_.expiry_notice_days)
    insurance = sorted(r[0] for r in rows if r[2] in running and r[4] >= today and r[5] is not None
                       and (r[5] <= notice or r[5] < r[4]))
    since = today - timedelta(weeks=limits_.weeks_without_assessment)
    silent = sorted({r[1] for r in rows if r[2] == Status.ACTIVE.value and r[3] <= since
                     and (assessed.get(r[0]) is None or assessed[r[0]] < since)})  # type: ignore[operator]
    weeks = limits_.weeks_without_assessment
    silent_title = ngettext("Apprentices without an assessment for more than {n} week",
                            "Apprentices without an assessment for more than {n} weeks", weeks).format(n=weeks)
    items = [
        # An instructor prints nothing: the item says the office has them to print (the trial's instructor
        # read "waiting for printing" as their own task).
        _listed("to_print", _("Agreements the office has yet to print"), "agreements",
                sorted(r[0] for r in rows if r[2] == Status.DRAFT.value), _("Agreements the office has yet to print"),
                _("Draft agreements: the office prints them for signing.")),
        _listed("starting_soon", starting_title(), "agreements", starting, starting_title(),
                ngettext("Your apprentices whose agreement starts within {n} day.",
                         "Your apprentices whose agreement starts within {n} days.",
                         UPCOMING_DAYS).format(n=UPCOMING_DAYS)),
        _listed("ending_soon", ending_title(), "agreements", ending, ending_title(),
                ngettext("Running agreements that end within {n} day: prepare the final assessment.",
                         "Running agreements that end within {n} days: prepare the final assessment.",
                         UPCOMING_DAYS).format(n=UPCOMING_DAYS)),
        _listed("insurance", _("Accident insurance expiring"), "agreements", insurance,
                _("Agreements whose accident insurance expires soon"),
                _("The accident insurance expires within {days} days or before the agreement ends: "
                  "tell the office.").format(days=limits_.expiry_notice_days)),
        _listed("no_assessment", silent_title, "apprentices", silent, silent_title,
                _("Your apprentices with no assessment recorded in the last {n} weeks: rate them.")
                .format(n=weeks)),
        _listed("logbook_review", _("Weekly reports waiting for review"), "logbook", waiting,
                _("Weekly reports handed in and not yet reviewed"),
                _("Weekly reports the apprentices handed in: the instructor approves (countersigns), "
                  "comments on or returns each one.")),
        _listed("logbook_overdue", _("Agreements with overdue weekly reports"), "agreements", overdue,
                _("Active agreements with overdue weekly reports"),
                _("Active agreements with a week that ended more than {n} days ago and whose weekly "
                  "report is missing or not countersigned: remind the apprentice and the instructor.")
                .format(n=limits_.logbook_overdue_days)),
        _absence_item(absent, limits_),
    ]
    active = [r for r in rows if r[2] == Status.ACTIVE.value]

    def bars(index: int, name: int, key: str) -> list[Bar]:
        counted: dict[tuple[int, str], int] = {}
        for r in active:
            ref: tuple[int, str] = (int(r[index] or 0), str(r[name]))  # type: ignore[arg-type]
            counted[ref] = counted.get(ref, 0) + 1
        return [Bar(label, n, {key: ref, "status": "active", "title": label})
                for (ref, label), n in sorted(counted.items(), key=lambda kv: (-kv[1], kv[0][1]))]

    sexes = {s: sum(1 for r in active if r[12] == s) for s in SEXES}
    per_year: dict[int, dict[str, int]] = {}
    for r in rows:
        ended = r[6] if r[2] == Status.COMPLETED.value else r[7] if r[2] == Status.TERMINATED.value else None
        if ended is not None:
            per_year.setdefault(ended.year, {}).setdefault(r[2], 0)
            per_year[ended.year][r[2]] += 1
    outcomes = [YearOutcome(y, per_year[y].get("completed", 0), per_year[y].get("terminated", 0))
                for y in sorted(per_year)]
    return Dashboard(today=today, items=items, active_total=len(active), by_programme=bars(8, 9, "programme_id"),
                     by_company=bars(10, 11, "company_id"), by_sex=[Bar(sex_label(s), n) for s, n in sexes.items()],
                     outcomes=outcomes)


class Counted:
    """The dashboard's counts, taken on threads of their own; :meth:`dashboard` words and formats them.

    The window's first screen is counted while the window is being built: the count's threads only count, and
    the thread that shows the figures makes them (once), so that no Python work of theirs holds Python's lock
    against the window.
    """

    def __init__(self, make: Callable[[], Dashboard]) -> None:
        self._make: Callable[[], Dashboard] | None = make
        self._made: Dashboard | None = None

    @classmethod
    def ready(cls, dash: Dashboard) -> Counted:
        return cls(lambda: dash)

    def dashboard(self) -> Dashboard:
        if self._make is not None:
            self._made, self._make = self._make(), None
        assert self._made is not None
        return self._made


def first_screen(url: str, today: date | None = None, limits: Thresholds | None = None) -> Dashboard:
    """The same figures for the window's first screen, before SQLAlchemy is loaded (see :func:`start_first_screen`)."""
    return start_first_screen(url, today, limits).result().dashboard()


def start_first_screen(url: str, today: date | None = None, limits: Thresholds | None = None) -> Future[Counted]:
    """Start counting the first screen on a read-only ``sqlite3`` connection of its own to the SQLite file of
    ``url`` (one that :func:`~vetdesk.services.firststart.first_look` found up to date), before SQLAlchemy is
    loaded; the result comes when it is counted.

    The count is one statement (one snapshot), run on a thread of its own: SQLite works outside Python's lock,
    on the PC's second core, while the window is built on the first. Everything in Python is done here, on the
    calling thread: the statement, the connection, and later (in :meth:`Counted.dashboard`) reading the row.
    A thread that needs Python's lock while the window is being built waits up to a switch interval (5 ms)
    each time; the count's thread takes it only to start, to run the statement and to hand over its cursor.
    One thread, not two for two halves: a third busy thread on two cores slowed the window's build more than it
    shortened the count, which ends before the window is built.
    ``limits``: the office's thresholds, when the first look has read them (otherwise they are read here first).
    """
    import threading

    today = today or date.today()
    reads = _open_sqlite(url)
    try:
        batch = _Batch(reads)
        make = _assemble(batch, today, read_thresholds(reads) if limits is None else limits)
        statement = batch.statement()
    except BaseException:
        reads.close()
        raise
    counted: Future[Counted] = Future()
    cursor: sqlite3.Cursor

    def read() -> Dashboard:
        try:
            batch.take(cursor.fetchone())
        finally:
            reads.close()
        return make()

    def count() -> None:
        nonlocal cursor
        try:
            cursor = reads.started(*statement)
        except BaseException as exc:  # noqa: BLE001 - raised again by the result's reader
            reads.close()
            counted.set_exception(exc)
        else:
            counted.set_result(Counted(read))

    threading.Thread(target=count, name="vetdesk-first-screen", daemon=True).start()
    return counted


def _open_sqlite(url: str) -> SqliteReads:
    from vetdesk.storage.engine import BUSY_TIMEOUT_MS
    from vetdesk.storage.plain import open_sqlite_reads, sqlite_file

    path = sqlite_file(url)
    if path is None:
        raise ValueError(f"not a SQLite file: {url}")
    return open_sqlite_reads(path, busy_timeout_ms=BUSY_TIMEOUT_MS)


def _assemble(batch: _Batch, today: date, limits: Thresholds) -> Callable[[], Dashboard]:
    """Queue every query of the dashboard; the returned function makes it once ``batch`` has run."""
    minors = _minor_gaps(batch, today)
    active = _active_figures(batch)
    items = _items(batch, today, limits)
    outcomes = _outcomes(batch)

    def made() -> Dashboard:
        listed, active_total = items(*minors())
        by_programme, by_company, by_sex = active()
        return Dashboard(today=today, items=listed, active_total=active_total, by_programme=by_programme,
                         by_company=by_company, by_sex=by_sex, outcomes=outcomes())

    return made


def read_thresholds(reads: PlainReads) -> Thresholds:
    """The office's thresholds (stored settings; defaults for those never set)."""
    stored = {key: json.loads(value) for key, value in _table(
        reads, f"SELECT key AS k, value AS v FROM settings WHERE key IN {in_list(Thresholds.names())}", ["k", "v"])}
    return Thresholds.from_settings(stored)


def _items(batch: _Batch, today: date,
           limits: Thresholds) -> Callable[[list[int], list[int]], tuple[list[Item], int]]:
    """Queue the items' queries; the returned function makes the items (with the minors' gaps, apprentices
    without a guardian and agreements without a permit, queued by :func:`_minor_gaps`) and gives the number of
    active agreements."""
    sql = batch.sql
    counted = (Status.DRAFT.value, Status.PRINTED.value, Status.ACTIVE.value)
    statuses = {s: batch.value(f"SELECT {_tally('status', s)}") for s in counted}
    horizon = today + timedelta(days=UPCOMING_DAYS)
    dates = {"today": today, "horizon": horizon}
    starting = batch.value(
        f"SELECT {sql.ids('id')} FROM learning_agreements WHERE start_date >= :today AND start_date <= :horizon "
        f"AND {sql.plain('status')} IN {_OPEN}", dates)
    ending = batch.value(
        f"SELECT {sql.ids('id')} FROM learning_agreements WHERE end_date >= :today AND end_date <= :horizon "
        f"AND {sql.plain('status')} IN {_CURRENT}", dates)
    running = _running_gaps(batch, today, limits)
    instructors = _instructor_gaps(batch, limits)
    logbook = _logbook_gaps(batch, today, limits)
    absences = _absence_flags(batch, today, limits)

    def made(no_guardian: list[int], no_permit: list[int]) -> tuple[list[Item], int]:
        by_status = {s: int(n()) for s, n in statuses.items()}
        items = [
            Item("to_print", _("Agreements waiting for printing"), by_status["draft"], "agreements",
                 {"status": "draft", "title": _("Drafts waiting for printing")},
                 _("Draft agreements: review and print them for signing.")),
            Item("to_sign", _("Agreements waiting for signatures"), by_status["printed"], "agreements",
                 {"status": "printed", "title": _("Printed agreements waiting for signatures")},
                 _("Printed agreements: record each party's signature date when the signed copy comes back.")),
        ]
        title = starting_title()
        items.append(_listed("starting_soon", title, "agreements", _id_list(starting()), title,
                             ngettext("Agreements that start within {n} day and are not completed or terminated: "
                                      "make sure they are signed in time.",
                                      "Agreements that start within {n} days and are not completed or terminated: "
                                      "make sure they are signed in time.", UPCOMING_DAYS).format(n=UPCOMING_DAYS)))
        items.append(_listed("ending_soon", ending_title(), "agreements", _id_list(ending()), ending_title(),
                             ngettext("Running agreements that end within {n} day: prepare the final assessment "
                                      "and the certificate.",
                                      "Running agreements that end within {n} days: prepare the final assessment "
                                      "and the certificate.", UPCOMING_DAYS).format(n=UPCOMING_DAYS)))
        insurance, silent = running()
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
        over, unqualified = instructors()
        items.append(_listed("over_capacity", _("Instructors over capacity"), "instructors", over,
                             _("Instructors over capacity"),
                             _("Instructors with more current apprentices than their capacity (or the office's "
                               "{n}): spread the apprentices or record a higher capacity.")
                             .format(n=limits.instructor_capacity)))
        items.append(_listed("unqualified", _("Instructors without qualification"), "instructors", unqualified,
                             _("Instructors with apprentices but no qualification"),
                             _("Instructors training apprentices with no recorded qualification "
                               "(AdA-International or CONOCER EC0217.01).")))
        items.append(_listed("minor_guardian", _("Minors without a guardian"), "apprentices", no_guardian,
                             _("Minors without a recorded guardian"),
                             _("Apprentices under {adult} on the start date of an open agreement with no "
                               "guardian's name, relation or phone: record the guardian on the apprentice.")
                             .format(adult=ADULT_AGE)))
        items.append(_listed("minor_permit", _("Minors without STPS permit"), "agreements", no_permit,
                             _("Agreements of minors without STPS permit"),
                             _("Open agreements of apprentices under {adult} whose programme needs the labour "
                               "ministry's (STPS) work permit and none is recorded.").format(adult=ADULT_AGE)))
        waiting, overdue = logbook()
        items.append(_listed("logbook_review", _("Weekly reports waiting for review"), "logbook", waiting,
                             _("Weekly reports handed in and not yet reviewed"),
                             _("Weekly reports the apprentices handed in: the instructor approves (countersigns), "
                               "comments on or returns each one.")))
        items.append(_listed("logbook_overdue", _("Agreements with overdue weekly reports"), "agreements", overdue,
                             _("Active agreements with overdue weekly reports"),
                             _("Active agreements with a week that ended more than {n} days ago and whose weekly "
                               "report is missing or not countersigned: remind the apprentice and the instructor.")
                             .format(n=limits.logbook_overdue_days)))
        items.append(_absence_item(absences(), limits))
        return items, by_status["active"]

    return made


def _running_gaps(batch: _Batch, today: date, limits: Thresholds) -> Callable[[], tuple[list[int], list[int]]]:
    """Agreement ids whose insurance runs out (within the notice period or before the agreement ends), and
    apprentice ids with an active agreement but no assessment for the set number of weeks."""
    sql = batch.sql
    notice = today + timedelta(days=limits.expiry_notice_days)
    # Two ranges (migration 0011): expiring within the notice period, by (status, insurance_expiry), and
    # expiring before the agreement's end, the rows of a partial index (its condition written as the index's).
    insurance = batch.value(
        f"SELECT {sql.ids('id')} FROM ("
        f"SELECT id FROM learning_agreements WHERE status IN {_CURRENT} AND insurance_expiry <= :notice "
        "AND end_date >= :today "
        f"UNION SELECT id FROM learning_agreements {sql.indexed_by('ix_agreements_insurance_gap')} "
        f"WHERE status IN {_CURRENT} AND end_date >= :today AND insurance_expiry < end_date) expiring",
        {"today": today, "notice": notice})
    since = today - timedelta(weeks=limits.weeks_without_assessment)
    # "No assessment since" is "the last one before, or none": two ranges of the active agreements' partial
    # index on (last_assessed_on, start_date, apprentice_id), the date the database keeps per agreement
    # (migrations 0006, 0011; ``status = 'active'`` as the index's condition is written).
    silent_since = (f"SELECT apprentice_id FROM learning_agreements {sql.indexed_by('ix_agreements_active_assessed')} "
                    f"WHERE status = '{Status.ACTIVE.value}' AND last_assessed_on {{}} AND start_date <= :since")
    silent = batch.value(
        f"SELECT {sql.ids('apprentice_id')} FROM ({silent_since.format('IS NULL')} "
        f"UNION ALL {silent_since.format('< :since')}) silent", {"since": since})
    return lambda: (_id_list(insurance()), _id_list(silent()))


def _instructor_gaps(batch: _Batch, limits: Thresholds) -> Callable[[], tuple[list[int], list[int]]]:
    """Instructor ids over capacity, and those without qualification who train someone now (each one's
    current apprentices: its tally).

    Each question starts from the few rows that can answer it (migration 0026), not from every instructor who
    trains someone (26,000 tallies at 100,000 apprentices, 16 ms): over capacity, the tallies above the office's
    capacity (an index on each tally's count) and the few instructors with a capacity of their own; without
    qualification, the partial index of those instructors."""
    sql = batch.sql
    tally = (f"{sql.in_order()} {TALLIES} load ON load.dimension = 'instructor' AND load.ref = i.id "
             "AND load.code = ''")
    over = batch.value(
        f"SELECT {sql.ids('i.id')} FROM (SELECT ref AS id FROM {TALLIES} {sql.indexed_by('ix_tallies_dimension_n')} "
        "WHERE dimension = 'instructor' AND n > :capacity "
        f"UNION SELECT id FROM instructors {sql.indexed_by('ix_instructors_capacity')} WHERE capacity IS NOT NULL) c "
        f"{sql.in_order()} instructors i ON i.id = c.id {tally} WHERE load.n > coalesce(i.capacity, :capacity)",
        {"capacity": limits.instructor_capacity})
    unqualified = batch.value(
        f"SELECT {sql.ids('i.id')} FROM instructors i {sql.indexed_by('ix_instructors_unqualified')} {tally} "
        f"WHERE {revision.blank('i.qualification')} AND load.n > 0")
    return lambda: (_id_list(over()), _id_list(unqualified()))


def _absence_since(today: date, limits: Thresholds) -> date:
    """The first day of the period whose unexcused absences are counted (the last weeks up to today)."""
    return today - timedelta(weeks=limits.absence_weeks) + timedelta(days=1)


def _absent(sql: _Sql, scope: str = "") -> str:
    """Active agreements with at least :absence_days unexcused absences from :absence_since to :today: from the
    unexcused days of the period (the partial index of migration 0026), not from every active agreement."""
    return (f"SELECT d.agreement_id FROM attendance_days d {sql.indexed_by('ix_attendance_unexcused')} "
            f"{sql.in_order()} learning_agreements l ON l.id = d.agreement_id "
            f"WHERE {revision.unexcused('d')} "
            f"AND d.day >= :absence_since AND d.day <= :today AND l.status = '{Status.ACTIVE.value}' "
            f"{scope}GROUP BY d.agreement_id HAVING COUNT(*) >= :absence_days")


def _absence_flags(batch: _Batch, today: date, limits: Thresholds) -> Callable[[], list[int]]:
    """Active agreements over the office's threshold of unexcused absences in the last weeks."""
    found = batch.value(f"SELECT {batch.sql.ids('agreement_id')} FROM ({_absent(batch.sql)}) absent",
                        {"today": today, "absence_since": _absence_since(today, limits),
                         "absence_days": limits.absence_days})
    return lambda: _id_list(found())


def _absence_item(ids: list[int], limits: Thresholds) -> Item:
    days, weeks = limits.absence_days, limits.absence_weeks
    title = ngettext("Agreements with unexcused absences in the last {weeks} week",
                     "Agreements with unexcused absences in the last {weeks} weeks", weeks).format(weeks=weeks)
    return _listed("attendance_flag", title, "agreements", ids, title,
                   ngettext("Active agreements whose apprentice was absent without excuse on {days} day or more "
                            "in the last {weeks} weeks (the office's threshold): talk to the apprentice and the "
                            "instructor.",
                            "Active agreements whose apprentice was absent without excuse on {days} days or more "
                            "in the last {weeks} weeks (the office's threshold): talk to the apprentice and the "
                            "instructor.", days).format(days=days, weeks=weeks))


def _kept_in_vetdesk(paper_owed: bool) -> str:
    """Agreements whose weekly reports are owed in vetdesk (domain.logbook.kept_in_vetdesk), as SQL and a
    trailing AND: every one when the office keys its paper weeks back, else those not kept on paper."""
    return "" if paper_owed else "(training_record_form IS NULL OR training_record_form <> 'paper') AND "


def overdue_params(today: date, limits: Thresholds, kept_since: date | None) -> dict[str, date]:
    """The overdue rule (domain.logbook.logbook_state) as the dashboard asks it of ``logbook_due``: an active
    agreement owed in vetdesk (domain.logbook.kept_in_vetdesk) is overdue when its first week due (counted from
    the week the office keeps weekly reports since, domain.logbook.owed_from) ended more than the office's days
    ago, inside its training. One without a week countersigned (NULL) owes from its first week or the office's,
    whichever is later."""
    from vetdesk.domain.logbook import last_start_owing, monday, overdue_before

    last_overdue = overdue_before(today, limits.logbook_overdue_days)
    kept = monday(kept_since) if kept_since is not None else date.min
    # No week from the office's first is over yet: nothing is owed (a start no agreement has).
    first = last_start_owing(last_overdue) if kept <= last_overdue else date.min
    return {"logbook_due": last_overdue, "logbook_first": first, "logbook_kept": kept}


def overdue_in(session: Any, today: date, limits: Thresholds) -> list[tuple[int, date]]:
    """The active agreements with an overdue weekly report, each with its first week due, in a caller's session:
    the dashboard's rule (:func:`overdue_params`), for an instructor's dashboard and ``vetdesk check``. The
    session's role keeps to its scope here (the SQL is plain text, which the session's scope does not reach): an
    instructor's session sees the agreements they instruct only, whoever calls."""
    from sqlalchemy import text

    from vetdesk.domain.logbook import owed_from
    from vetdesk.services.logbook_since import kept_since_in, paper_owed_in
    from vetdesk.services.scope import actor_of, scoped

    actor = actor_of(session)
    instructor_id = None
    if scoped(actor):
        assert actor is not None
        instructor_id = actor.instructor_id if actor.instructor_id is not None else -1
    kept_since = kept_since_in(session)
    rule = overdue_params(today, limits, kept_since)
    mine = "instructor_id = :i AND " if instructor_id is not None else ""
    out = []
    for agreement_id, due, start, end in session.execute(
            text("SELECT id, logbook_due, start_date, end_date FROM learning_agreements "
                 f"WHERE {mine}{_kept_in_vetdesk(paper_owed_in(session))}status = :active ORDER BY id"),
            {"i": instructor_id, "active": Status.ACTIVE.value}):
        if due is None and _day(start) <= rule["logbook_first"] and _day(end) >= rule["logbook_kept"]:
            out.append((int(agreement_id), owed_from(_day(start), kept_since)))
        elif due is not None and _day(due) <= rule["logbook_due"] and _day(due) <= _day(end):
            out.append((int(agreement_id), _day(due)))
    return out


def _logbook_gaps(batch: _Batch, today: date, limits: Thresholds) -> Callable[[], tuple[list[int], Sequence[int]]]:
    """Weekly reports handed in and waiting for review; active agreements whose record is not countersigned up to
    the last week that is overdue (the week ended more than the office's days ago).

    Each agreement keeps the Monday of its first week not countersigned (``logbook_due``, migration 0015; NULL
    while none is: its first week), so the question is two ranges of a partial index of the active agreements."""
    from vetdesk.domain.logbook import WeekStatus
    from vetdesk.services.logbook_since import logbook_kept_since, paper_owed

    sql = batch.sql
    waiting = batch.value(f"SELECT {sql.ids('id')} FROM logbook_weeks WHERE status = '{WeekStatus.SUBMITTED.value}'")
    due = (f"SELECT id FROM learning_agreements {sql.indexed_by('ix_agreements_active_logbook')} "
           f"WHERE {_kept_in_vetdesk(paper_owed(batch.reads))}status = '{Status.ACTIVE.value}' AND ")
    overdue = batch.value(
        f"SELECT {sql.ids('id')} FROM ({due}logbook_due IS NULL AND start_date <= :logbook_first "
        f"AND end_date >= :logbook_kept UNION ALL {due}logbook_due <= :logbook_due AND logbook_due <= end_date) "
        "overdue", overdue_params(today, limits, logbook_kept_since(batch.reads)))

    def gaps() -> tuple[list[int], Sequence[int]]:
        # The two ranges hold different agreements: their ids are kept as they come and read when asked for (an
        # office that has not kept weekly reports yet has every active agreement here).
        found = overdue()
        return _id_list(waiting()), IdText(str(found) if found else "")

    return gaps


def _minor_gaps(batch: _Batch, today: date) -> Callable[[], tuple[list[int], list[int]]]:
    """Apprentice ids of minors without guardian, agreement ids of minors without STPS permit.

    Each starts from the few records lacking the guardian or the permit (the partial indexes of migration
    0007) and reaches the other table through a narrow index. The SQL keeps a generous cut (born less than 18
    years and a few days before the start); the exact age rule is applied to the few rows that remain.
    """
    sql = batch.sql
    minor = f"a.birth_date > {sql.years_before('la.start_date', limits.ADULT_AGE, 3)}"
    open_now = f"la.status IN {_OPEN} AND la.end_date >= :today"
    dated = ["k", "b", "s"]
    guardian_rows = batch.table(
        "SELECT a.id AS k, a.birth_date AS b, la.start_date AS s "
        f"FROM apprentices a {sql.in_order()} learning_agreements la "
        f"{sql.indexed_by('ix_agreements_apprentice_dates')} ON la.apprentice_id = a.id "
        f"WHERE ({revision.no_guardian('a')}) AND {open_now} AND {minor}", dated, {"today": today})
    # The permit's own index answers status and dates; "+" keeps SQLite from taking another one for them.
    permit_rows = batch.table(
        f"SELECT la.id AS k, a.birth_date AS b, la.start_date AS s FROM learning_agreements la "
        f"{sql.indexed_by('ix_agreements_without_permit')} {sql.in_order()} apprentices a "
        f"{sql.indexed_by('ix_apprentices_birth_sex')} ON a.id = la.apprentice_id "
        f"WHERE ({revision.no_permit('la')}) AND {sql.plain('la.status')} IN {_OPEN} "
        f"AND {sql.plain('la.end_date')} >= :today AND {minor} "
        f"AND {sql.plain('la.programme_id')} IN (SELECT id FROM programmes WHERE stps_permit_required IS TRUE)",
        dated, {"today": today})

    def minors(rows: list[list[Any]]) -> list[int]:
        return sorted({int(key) for key, birth, start in rows if limits.minor_on_start(_day(birth), _day(start))})

    return lambda: (minors(guardian_rows()), minors(permit_rows()))


def _active_figures(batch: _Batch) -> Callable[[], tuple[list[Bar], list[Bar], list[Bar]]]:
    """Active apprentices by programme, by company (top ten and the rest) and by sex: their tallies."""
    programmes = batch.table(
        f"SELECT p.id AS k, p.name AS name, t.n AS n FROM {TALLIES} t JOIN programmes p ON p.id = t.ref "
        "WHERE t.dimension = 'programme' AND t.n > 0", ["k", "name", "n"])
    # Each company's tally, and (window functions over them) how many companies and apprentices in all.
    companies_top = batch.table(
        "SELECT c.ref AS k, co.name AS name, c.n AS n, c.companies AS companies, c.active AS active "
        f"FROM (SELECT ref, n, count(*) OVER () AS companies, sum(n) OVER () AS active FROM {TALLIES} "
        "WHERE dimension = 'company' AND n > 0) c "
        f"JOIN companies co ON co.id = c.ref ORDER BY c.n DESC, c.ref LIMIT {TOP_COMPANIES}",
        ["k", "name", "n", "companies", "active"])
    sexes_counted = batch.table(
        f"SELECT code AS s, n FROM {TALLIES} WHERE dimension = 'sex' AND n > 0", ["s", "n"])

    def bars() -> tuple[list[Bar], list[Bar], list[Bar]]:
        top = sorted(companies_top(), key=lambda r: (-int(r[2]), int(r[0])))
        sexes = {str(s): int(n) for s, n in sexes_counted()}
        by_programme = [Bar(name, int(n), {"programme_id": p, "status": "active", "title": name})
                        for p, name, n in sorted(programmes(), key=lambda r: (-r[2], r[1]))]
        by_company = [Bar(name, int(n), {"company_id": c, "status": "active", "title": name})
                      for c, name, n, _companies, _active in top]
        companies, active = (top[0][3], top[0][4]) if top else (0, 0)
        rest = int(companies) - len(top)
        if rest > 0:
            others = _("Other companies ({n})").format(n=current().format_decimal(rest))
            by_company.append(Bar(others, int(active) - sum(bar.value for bar in by_company)))
        order = [*SEXES, *sorted(s for s in sexes if s not in SEXES)]
        by_sex = [Bar(sex_label(s), sexes.get(s, 0)) for s in order]
        return by_programme, by_company, by_sex

    return bars


def _outcomes(batch: _Batch) -> Callable[[], list[YearOutcome]]:
    """Completed and terminated agreements by the year they ended (their tallies)."""
    rows = batch.table(f"SELECT ref AS y, code AS s, n FROM {TALLIES} WHERE dimension = 'outcome' AND n > 0",
                       ["y", "s", "n"])

    def outcomes() -> list[YearOutcome]:
        per_year: dict[int, dict[str, int]] = {}
        for y, status, n in rows():
            per_year.setdefault(int(y), {})[status] = int(n)
        return [YearOutcome(y, per_year[y].get("completed", 0), per_year[y].get("terminated", 0))
                for y in sorted(per_year)]

    return outcomes


def counts(dash: Dashboard) -> dict[str, int]:
    """The items' counts by key (for the command line and tests)."""
    return {i.key: i.count for i in dash.items}
