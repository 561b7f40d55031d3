"""The apprentice's record of learning: weekly reports (reporte semanal, bitácora; Berichtsheft) and attendance.

An apprentice hands in one report for every calendar week (Monday to Sunday) of the agreement: what was done and
learnt at the company, the topics at school, the hours. The company instructor reviews it: approves it (the
countersignature), comments on it, or returns it with a note for correction; a corrected report is handed in
again. Attendance is kept per day. Here: the weeks an agreement owes, where its record has gaps, and the life
cycle of a report, as pure rules.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from vetdesk.domain.problems import Problem, error, warning
from vetdesk.i18n import N_, _, ngettext

#: A week's hours at the company (inclusive), and the decimal places kept.
WEEK_HOURS = (Decimal(0), Decimal(80))
#: A day's hours.
DAY_HOURS = (Decimal(0), Decimal(24))
HOURS_PLACES = 2


class WeekStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"


WEEK_STATUS_LABELS = {
    WeekStatus.DRAFT: N_("being written"),
    WeekStatus.SUBMITTED: N_("handed in, waiting for review"),
    WeekStatus.RETURNED: N_("returned for correction"),
    WeekStatus.APPROVED: N_("countersigned"),
}

#: A recorded week that names no learning position: the one the agreement's rotation puts it at, said as such
#: (the window's weekly report form and the printed form alike).
BY_ROTATION = N_("{position} (by the rotation)")

#: Where a report may go from each status. A countersigned report is final.
TRANSITIONS: dict[WeekStatus, frozenset[WeekStatus]] = {
    WeekStatus.DRAFT: frozenset({WeekStatus.SUBMITTED}),
    WeekStatus.SUBMITTED: frozenset({WeekStatus.APPROVED, WeekStatus.RETURNED}),
    WeekStatus.RETURNED: frozenset({WeekStatus.SUBMITTED}),
    WeekStatus.APPROVED: frozenset(),
}
# A review is taken back only by its reviewer's own undo (Ctrl+Z, ``vetdesk undo``: ``services.undo``), which puts
# the report back as it was, handed in, while nothing was built on the review (no one has acted on the week since;
# undo refuses otherwise). No edit goes back from "countersigned" (TRANSITIONS).


def countersign_question() -> str:
    """What countersigning a weekly report means, asked before it is done (the window's Approve)."""
    return _("Countersign this weekly report? Your countersignature confirms that what it says was done and "
             "learnt that week, and the report can then no longer change. Countersigned by mistake: Edit › Undo "
             "last change (Ctrl+Z) takes it back as long as no one else has acted on the week.")


#: The statuses a new report may start in.
NEW_STATUSES = frozenset({WeekStatus.DRAFT, WeekStatus.SUBMITTED})


def approval_problems(activities: str | None) -> list[Problem]:
    """Why a week cannot be countersigned as it stands: an approved week says what the apprentice did and learnt.
    The one rule the office's review, the import of the exchange file (per row) and instructor mode apply, with
    these words."""
    if (activities or "").strip():
        return []
    return [error("activities", _("An empty week is not countersigned: first write what was done and learnt that "
                                  "week."), "logbook.approve_empty")]


#: The last working day of a week (0 = Monday): a week's report may be countersigned from its Friday on.
LAST_WORKING_DAY = 4


def countersignable_from(monday: date, last_training_day: date | None = None) -> date:
    """The first day the report of the week of ``monday`` may be countersigned: its last working day (Friday),
    or the agreement's last day of training when that comes earlier in the week."""
    day = monday + timedelta(days=LAST_WORKING_DAY)
    return min(day, last_training_day) if last_training_day is not None and last_training_day >= monday else day


def approval_day_problems(monday: date, today: date, last_training_day: date | None = None) -> list[Problem]:
    """Why the week of ``monday`` cannot be countersigned on ``today``: it is not over yet. The one rule the
    office's review, instructor mode and the exchange file's import apply, with these words."""
    from vetdesk.i18n import shown_day

    first = countersignable_from(monday, last_training_day)
    if today >= first:
        return []
    return [error("status", _("The week from {start} to {end} is not over yet: it can be countersigned on its last "
                              "working day, {day}, or later.").format(start=shown_day(monday),
                                                                  end=shown_day(week_end(monday)),
                                                                  day=shown_day(first)), "logbook.too_early")]


#: How a week approved in the exchange file is told (the file carries no day of decision): the day the file was
#: saved, when the import dated the approval by it (it lies before the day the office received the file), and the
#: day the office received it. The one wording of the printed weekly form and of the week's view.
FILE_APPROVAL_SAVED = N_("Approved (countersigned) by the company instructor {user} in the exchange file, which "
                         "says no day of decision: the file was saved on {saved} and received at the office on "
                         "{received}.")
FILE_APPROVAL = N_("Approved (countersigned) by the company instructor {user} in the exchange file, which says no "
                   "day of decision: received at the office on {received}.")


def file_approval(user: str, decided_on: date | None, received_on: date | None,
                  gettext: Callable[[str], str] | None = None, day: Callable[[date], str] | None = None) -> str:
    """What is known of an approval taken from the exchange file (:data:`FILE_APPROVAL`), in ``gettext``'s language
    (the user's by default) with ``day``'s dates."""
    from vetdesk.i18n import shown_day

    gettext, day = gettext or _, day or shown_day
    received = day(received_on) if received_on is not None else "?"
    if decided_on is not None and received_on is not None and decided_on < received_on:
        return gettext(FILE_APPROVAL_SAVED).format(user=user, saved=day(decided_on), received=received)
    return gettext(FILE_APPROVAL).format(user=user, received=received)


def status_label(status: str | None) -> str:
    try:
        return _(WEEK_STATUS_LABELS[WeekStatus(status or "")])
    except ValueError:
        return status or ""


class Review(StrEnum):
    """What an instructor does with a handed-in report."""

    APPROVE = "approve"
    COMMENT = "comment"
    RETURN = "return"


REVIEW_LABELS = {Review.APPROVE: N_("approve (countersign)"), Review.COMMENT: N_("comment only"),
                 Review.RETURN: N_("return for correction")}


def review_problems(status: str | None, review: Review) -> list[Problem]:
    """Why an instructor cannot give ``review`` to a report in ``status`` (domain TRANSITIONS): a report returned
    for correction is not approved as it stands — the apprentice corrects it and hands it in again first. The one
    rule the workbook's drop-down, instructor mode and the exchange file's import apply, with these words."""
    if review is Review.APPROVE and status == WeekStatus.RETURNED and WeekStatus.APPROVED not in \
            TRANSITIONS[WeekStatus.RETURNED]:
        return [error("status", _("This week was returned for correction: it cannot be approved until the "
                                  "apprentice has corrected it and handed it in again. Comment on it, or leave "
                                  "the decision empty."), "logbook.approve_returned")]
    return []


def offered_reviews(status: str | None) -> tuple[Review, ...]:
    """The decisions offered for a report in ``status`` (:func:`review_problems`), in the order of REVIEW_LABELS."""
    return tuple(r for r in REVIEW_LABELS if not review_problems(status, r))


# -- attendance ---------------------------------------------------------------------------------------------

#: Where the apprentice was on a day: code and label.
PRESENCE: tuple[tuple[str, str], ...] = (
    ("present", N_("present")),
    ("school", N_("at school")),
    ("holiday", N_("holiday")),
    ("sick", N_("sick")),
    ("excused", N_("excused absence")),
    ("unexcused", N_("unexcused absence")),
    # A school day missed: the same codes as at the company (a label holds no comma: it is a drop-down's item).
    ("school_exc", N_("excused absence from school")),
    ("school_unexc", N_("unexcused absence from school")),
)
PRESENCE_CODES = tuple(code for code, _label in PRESENCE)
#: Days that count as absences on a report.
ABSENCES = ("sick", "excused", "unexcused", "school_exc", "school_unexc")
#: Unexcused absences, at the company or at school (the office's threshold counts both).
UNEXCUSED = ("unexcused", "school_unexc")
#: Where each code puts the day, and in which class it counts there: (place, class), place "company" or "school",
#: class "present", "excused" or "unexcused"; a holiday counts nowhere. A sick day is an excused absence (the
#: apprentice's employer receives the sick note: it is counted at the company). The one mapping of the progress
#: report, ``vetdesk progress`` and the week's hours check.
CLASS_OF: dict[str, tuple[str, str]] = {
    "present": ("company", "present"), "excused": ("company", "excused"), "unexcused": ("company", "unexcused"),
    "sick": ("company", "excused"),
    "school": ("school", "present"), "school_exc": ("school", "excused"), "school_unexc": ("school", "unexcused"),
}
AT_COMPANY = tuple(code for code, (place, _kind) in CLASS_OF.items() if place == "company")
AT_SCHOOL = tuple(code for code, (place, _kind) in CLASS_OF.items() if place == "school")
#: The days of a week a report's attendance is kept for (Monday = 0 … Saturday = 5), and their names.
WORKDAYS = 6
DAY_NAMES = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"), N_("Saturday"))
DAY_SHORT = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"))


#: Sunday's short name: no week keeps attendance on it, but a day recorded before the rule must still show.
SUNDAY_SHORT = N_("Sun")


def working_days(company_days: int | None, school_days: int | None) -> int:
    """How many days of the week (from Monday) the agreement trains: its days at the company and at school (a five
    day week: Monday to Friday); all the kept days (Monday to Saturday) when the agreement does not say. The days
    the printed week lists."""
    if company_days is None and school_days is None:
        return WORKDAYS
    return min(max((company_days or 0) + (school_days or 0), 1), WORKDAYS)


def is_kept_day(day: date) -> bool:
    """Whether the weekly report keeps attendance on ``day`` (Monday to Saturday)."""
    return day.weekday() < WORKDAYS


def day_short(weekday: int) -> str:
    """The short name of a weekday (0 = Monday), in the interface language; Sunday too."""
    return _(DAY_SHORT[weekday]) if 0 <= weekday < WORKDAYS else _(SUNDAY_SHORT)


def presence_label(code: str | None) -> str:
    return next((_(label) for c, label in PRESENCE if c == code), code or "")


@dataclass(frozen=True)
class Attendance:
    """Days by where the apprentice was, within a period."""

    days: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, presences: Iterable[str]) -> Attendance:
        return cls(dict(Counter(presences)))

    @property
    def recorded(self) -> int:
        return sum(self.days.values())

    @property
    def absent(self) -> int:
        return sum(self.days.get(code, 0) for code in ABSENCES)

    def count(self, code: str) -> int:
        return self.days.get(code, 0)

    def in_class(self, place: str, kind: str) -> int:
        """Days at ``place`` ("company", "school") counted as ``kind`` ("present", "excused", "unexcused"), by
        :data:`CLASS_OF`: a sick day is an excused absence at the company."""
        return sum(n for code, n in self.days.items() if CLASS_OF.get(code) == (place, kind))


#: A day's hours when the agreement does not say (a full working day).
DEFAULT_DAY_HOURS = Decimal(8)


def _hours_text(value: Decimal) -> str:
    from vetdesk.i18n import current

    return current().format_decimal(value.normalize() if value == value.to_integral() else value)


def hours_attendance_problems(hours: Decimal | None, school_hours: Decimal | None, presences: Iterable[str],
                              daily_hours: Decimal | None) -> list[Problem]:
    """Warnings when a week's hours claim more than its recorded attendance allows: hours at the company beyond
    the days present there (:data:`CLASS_OF`) times the agreement's hours a day, hours at school beyond the days at
    school times the same. Only for a week whose attendance is recorded at all (the days not yet kept say
    nothing). The one rule of the week's form, the exchange file's import, instructor mode and ``vetdesk check``."""
    codes = list(presences)
    if not codes:
        return []
    attendance = Attendance.of(codes)
    day = Decimal(str(daily_hours)) if daily_hours else DEFAULT_DAY_HOURS
    out: list[Problem] = []
    for name, value, place, label in (
            ("hours", hours, "company", N_("Hours at the company")),
            ("school_hours", school_hours, "school", N_("Hours at school"))):
        if value is None:
            continue
        value = Decimal(str(value))
        days = attendance.in_class(place, "present")
        most = day * days
        if value > most:
            if place == "company":
                text = ngettext(
                    "{field}: {hours} h, but the attendance recorded for the week counts {days} day at the company "
                    "({most} h at {day} h a day). Correct the hours or the attendance.",
                    "{field}: {hours} h, but the attendance recorded for the week counts {days} days at the company "
                    "({most} h at {day} h a day). Correct the hours or the attendance.", days)
            else:
                text = ngettext(
                    "{field}: {hours} h, but the attendance recorded for the week counts {days} day at school "
                    "({most} h at {day} h a day). Correct the hours or the attendance.",
                    "{field}: {hours} h, but the attendance recorded for the week counts {days} days at school "
                    "({most} h at {day} h a day). Correct the hours or the attendance.", days)
            out.append(warning(name, text.format(field=_(label), hours=_hours_text(value), days=days,
                                                 most=_hours_text(most), day=_hours_text(day)),
                               "logbook.hours_attendance"))
    return out


# -- weeks --------------------------------------------------------------------------------------------------

def monday(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def week_end(start: date) -> date:
    """The Sunday of the week starting on Monday ``start``."""
    return start + timedelta(days=6)


def last_day(start: date, end: date, ended_on: date | None = None) -> date:
    """The agreement's last day of training: the day it was terminated or completed, else its end."""
    return min(end, ended_on) if ended_on is not None else end


def first_training_day(start: date) -> date:
    """The first day the apprentice is actually kept from an agreement's (or a period's) ``start``: the first
    weekday that keeps attendance (Monday to Saturday) on or after it. A training that starts on a Sunday begins
    on the Monday after: the week before is not one of its weeks."""
    return start if is_kept_day(start) else start + timedelta(days=1)


def first_week(start: date) -> date:
    """The Monday of the first week the agreement owes a report for: the week of its first day of training."""
    return monday(first_training_day(start))


def last_start_owing(week: date) -> date:
    """The latest start whose first week is the week of Monday ``week`` or an earlier one: that week's Saturday."""
    return week + timedelta(days=WORKDAYS - 1)


def training_weeks(start: date, last: date) -> list[date]:
    """The Mondays of the weeks a training from ``start`` to ``last`` owes reports for, from the week of its first
    day of training (:func:`first_training_day`) to ``last``'s. The one definition the logbook list, the dashboard,
    the stored first week due, the weekly form and the exchange file use."""
    return weeks_between(first_training_day(start), last)


def weeks_between(first: date, last: date) -> list[date]:
    """The Mondays of the weeks from ``first``'s to ``last``'s (none when ``last`` is earlier)."""
    out = []
    week = monday(first)
    while week <= last:
        out.append(week)
        week += timedelta(days=7)
    return out


def overdue_before(today: date, overdue_days: int) -> date:
    """The latest Monday whose week's report is overdue on ``today``: the week ended more than ``overdue_days``
    days ago."""
    return monday(today - timedelta(days=7 + overdue_days))


def first_due(start: date, approved: Iterable[date], kept_since: date | None = None) -> date:
    """The Monday of the first week from the agreement's start (or from the week the office began keeping weekly
    reports in vetdesk, if later: :func:`owed_from`) whose report is not countersigned: the record is whole up to
    there (the date the dashboard counts from)."""
    done = set(approved)
    week = owed_from(start, kept_since)
    while week in done:
        week += timedelta(days=7)
    return week


#: The training record's form (the agreement's "Training record kept", the contract's clause) whose weeks are
#: written on paper: the paper, signed by the instructor, is the record (BBiG § 13: "schriftlich").
ON_PAPER = "paper"


def kept_in_vetdesk(record_form: str | None, paper_owed: bool = False) -> bool:
    """Whether the agreement's weekly reports are owed in vetdesk, so that a week without a countersigned report
    there is overdue. An electronic record is (and one that does not say: a draft before the clause). A record
    kept on paper is when the office keys its paper weeks back into vetdesk (the office setting
    ``logbook_paper_owed``: each paper week is printed with its QR code, filled in and signed by hand, and keyed
    back, so a week whose paper has not come back is worth a reminder); by default it is not: the paper is the
    record, the weeks keyed in are listed and the others said kept on paper (not missing), nobody is reminded of
    them, and an office new to vetdesk is not flooded with overdue weeks of records it never meant to key in."""
    return paper_owed or record_form != ON_PAPER


def owed_from(start: date, kept_since: date | None) -> date:
    """The Monday of the first week vetdesk owes: the later of the agreement's first week and the week the office
    began keeping weekly reports in vetdesk (the office's setting). Weeks before it were kept elsewhere: they are
    never missing (:attr:`Gap.BEFORE`, when nothing was keyed in) nor overdue, never in the exchange file (but
    for the weeks handed in there), never reminded of.
    The one start of the owed weeks of the agreement's record, the dashboard and its reminders, ``vetdesk check``,
    the progress report and the exchange file (and so instructor mode)."""
    first = first_week(start)
    return max(first, monday(kept_since)) if kept_since is not None else first


class Gap(StrEnum):
    """How a week of the agreement stands in the record."""

    MISSING = "missing"  # over, and no report handed in
    OPEN = "open"  # the week is not over yet
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"
    # No report in vetdesk, and none owed there (:func:`kept_in_vetdesk`, :func:`owed_from`): not missing.
    ON_PAPER = "on_paper"  # the agreement's record is kept on paper, and the office does not key it in
    BEFORE = "before"  # before the week the office keeps weekly reports in vetdesk since


GAP_LABELS = {
    Gap.MISSING: N_("missing"), Gap.OPEN: N_("this week"), Gap.DRAFT: N_("being written"),
    Gap.SUBMITTED: N_("waiting for review"), Gap.RETURNED: N_("returned for correction"),
    Gap.APPROVED: N_("countersigned"), Gap.ON_PAPER: N_("kept on paper"),
    Gap.BEFORE: N_("before the record in vetdesk"),
}
#: The states of a week vetdesk does not owe a report for: never counted as due or missing.
NOT_OWED = (Gap.ON_PAPER, Gap.BEFORE)
#: What the progress report, the agreement's weekly reports and ``vetdesk logbook show`` say of a record vetdesk
#: owes no week of (:attr:`LogbookState.on_paper`), and of weeks before the office's day (``kept_since``).
ON_PAPER_NOTE = N_("The training record is kept on paper, checked and signed by the instructor: no weekly report is "
                   "owed in vetdesk.")
KEPT_SINCE_NOTE = N_("Weekly reports are kept in vetdesk since {date}: the weeks before were kept elsewhere and are "
                     "not counted as missing.")


@dataclass(frozen=True)
class WeekState:
    """One week the agreement owes a report for."""

    monday: date
    state: Gap
    #: Over for longer than the office's days and not countersigned.
    overdue: bool
    #: The report's id, when one is recorded.
    week_id: int | None = None

    @property
    def sunday(self) -> date:
        return week_end(self.monday)

    @property
    def label(self) -> str:
        return _(GAP_LABELS[self.state])


@dataclass(frozen=True)
class LogbookState:
    """An agreement's record of learning week by week, up to a day."""

    weeks: tuple[WeekState, ...]
    #: The record is kept on paper and the office does not key its weeks into vetdesk (:func:`kept_in_vetdesk`):
    #: no week is owed there; the paper, checked by the instructor, is the record.
    on_paper: bool = False
    #: The day the office keeps weekly reports in vetdesk since, when weeks of this agreement came before it
    #: (those weeks are :attr:`Gap.BEFORE`, not missing).
    kept_since: date | None = None

    def count(self, *states: Gap) -> int:
        return sum(1 for w in self.weeks if w.state in states)

    @property
    def expected(self) -> int:
        """Weeks over by then and owed in vetdesk, or with a report there (the current week is not owed yet)."""
        return sum(1 for w in self.weeks if w.state is not Gap.OPEN and w.state not in NOT_OWED)

    @property
    def overdue(self) -> list[WeekState]:
        return [w for w in self.weeks if w.overdue]

    @property
    def gaps(self) -> list[WeekState]:
        """Weeks over, owed in vetdesk (or with a report there) and not countersigned."""
        return [w for w in self.weeks if w.state not in (Gap.APPROVED, Gap.OPEN, *NOT_OWED)]


def logbook_state(*, start: date, last: date, today: date, reports: Mapping[date, tuple[int, str]],
                  overdue_days: int, kept_since: date | None = None, record_form: str | None = None,
                  paper_owed: bool = False, agreement_start: date | None = None) -> LogbookState:
    """Every week of an agreement from its start up to ``today`` (or its last day of training, if earlier), with
    what its report is (``reports``: Monday -> (id, status)) and whether it is overdue: over for longer than the
    office's days, not countersigned, from the week the office keeps weekly reports in vetdesk on
    (:func:`owed_from`; ``agreement_start`` when ``start`` is a period's), and owed in vetdesk at all
    (:func:`kept_in_vetdesk`). The one rule of the logbook list, the progress report and the dashboard.

    A week without a report that vetdesk does not owe is not missing: :attr:`Gap.ON_PAPER` when the record is kept
    on paper and not keyed in, :attr:`Gap.BEFORE` before the office's day. A week with a report in vetdesk is
    listed by its report whatever the day (the day only stops owing weeks, it hides none)."""
    kept = kept_in_vetdesk(record_form, paper_owed)
    cutoff = overdue_before(today, overdue_days)
    owed = owed_from(agreement_start or start, kept_since)
    this_week = monday(today)
    weeks = []
    for week in training_weeks(start, min(last, today)):
        found = reports.get(week)
        if found is not None:
            state = Gap(found[1])
        elif not kept:
            state = Gap.ON_PAPER
        elif week < owed:
            state = Gap.BEFORE
        elif week >= this_week:
            state = Gap.OPEN
        else:
            state = Gap.MISSING
        overdue = kept and state is not Gap.APPROVED and owed <= week <= cutoff
        weeks.append(WeekState(week, state, overdue, found[0] if found else None))
    before = any(w.state is Gap.BEFORE for w in weeks)
    return LogbookState(tuple(weeks), on_paper=not kept, kept_since=kept_since if before else None)
