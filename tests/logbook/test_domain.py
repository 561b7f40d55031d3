"""The weeks an agreement owes a report for, and where its record has gaps: pure rules."""

from __future__ import annotations

from datetime import date, timedelta

from vetdesk.domain import logbook as L

WED = date(2027, 3, 10)  # a Wednesday


def test_a_week_is_named_by_its_monday_and_ends_on_sunday() -> None:
    assert L.monday(WED) == date(2027, 3, 8)
    assert L.monday(date(2027, 3, 8)) == date(2027, 3, 8)
    assert L.monday(date(2027, 3, 14)) == date(2027, 3, 8)
    assert L.week_end(date(2027, 3, 8)) == date(2027, 3, 14)
    assert L.weeks_between(WED, date(2027, 3, 22)) == [date(2027, 3, 8), date(2027, 3, 15), date(2027, 3, 22)]
    assert L.weeks_between(WED, date(2027, 3, 1)) == []


def test_a_week_is_overdue_once_it_ended_more_than_the_office_s_days_ago() -> None:
    # The week of 8 March ends on Sunday the 14th; with 14 days it is overdue from the 29th on.
    assert L.overdue_before(date(2027, 3, 28), 14) < date(2027, 3, 8)
    assert L.overdue_before(date(2027, 3, 29), 14) == date(2027, 3, 8)
    assert L.overdue_before(date(2027, 3, 15), 0) == date(2027, 3, 8)


def test_the_first_week_due_is_the_first_not_countersigned_from_the_start() -> None:
    first = date(2027, 3, 8)
    assert L.first_due(WED, []) == first
    assert L.first_due(WED, [first, first + timedelta(weeks=1)]) == first + timedelta(weeks=2)
    # A later week countersigned does not close an earlier gap.
    assert L.first_due(WED, [first + timedelta(weeks=1)]) == first


def test_the_state_of_each_week_up_to_today() -> None:
    first = date(2027, 3, 8)
    reports = {first: (1, "approved"), first + timedelta(weeks=1): (2, "returned"),
               first + timedelta(weeks=3): (3, "submitted")}
    today = first + timedelta(weeks=4, days=2)  # the Wednesday of the fifth week
    state = L.logbook_state(start=WED, last=date(2028, 3, 9), today=today, reports=reports, overdue_days=14)
    assert [w.state for w in state.weeks] == [L.Gap.APPROVED, L.Gap.RETURNED, L.Gap.MISSING, L.Gap.SUBMITTED,
                                              L.Gap.OPEN]
    assert [w.week_id for w in state.weeks] == [1, 2, None, 3, None]
    assert state.expected == 4
    assert [w.monday for w in state.overdue] == [first + timedelta(weeks=1)]  # ended on the 21st, 14 days before
    assert [w.state for w in state.gaps] == [L.Gap.RETURNED, L.Gap.MISSING, L.Gap.SUBMITTED]


def test_an_ended_agreement_owes_no_week_after_its_last_day() -> None:
    state = L.logbook_state(start=WED, last=date(2027, 3, 16), today=date(2027, 6, 1), reports={}, overdue_days=14)
    assert [w.monday for w in state.weeks] == [date(2027, 3, 8), date(2027, 3, 15)]
    assert all(w.overdue for w in state.weeks)


def test_attendance_counts_days_by_kind_and_absences() -> None:
    a = L.Attendance.of(["present", "present", "sick", "unexcused", "school", "holiday"])
    assert a.recorded == 6 and a.absent == 2 and a.count("present") == 2 and a.count("excused") == 0


def test_a_countersigned_report_is_final_and_a_new_one_is_not_reviewed_yet() -> None:
    assert L.TRANSITIONS[L.WeekStatus.APPROVED] == frozenset()
    assert L.WeekStatus.APPROVED not in L.NEW_STATUSES and L.WeekStatus.RETURNED not in L.NEW_STATUSES
    assert L.WeekStatus.SUBMITTED in L.TRANSITIONS[L.WeekStatus.RETURNED]
