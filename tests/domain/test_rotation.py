"""An agreement's rotation: one definition (``domain.training.rotation``) for the annex, the rating grid, the
progress report and figures, the logbook and ``vetdesk rotation``."""

from __future__ import annotations

from datetime import date

from vetdesk.domain import training as T

STEPS = [T.Step(1, 4, "Almacén", "Logística"), T.Step(2, 6, "Torno CNC", "Producción"), T.Step(3, 2, "Calidad")]
START = date(2026, 1, 5)  # a Monday


def test_the_plan_alone_puts_each_position_after_the_one_before() -> None:
    rows = T.rotation(START, STEPS, [])
    assert [(r.sequence, r.name, r.department, r.weeks) for r in rows] == [
        (1, "Almacén", "Logística", 4), (2, "Torno CNC", "Producción", 6), (3, "Calidad", "", 2)]
    assert rows[0].planned_start == START and rows[0].planned_end == date(2026, 2, 1)
    assert rows[1].planned_start == date(2026, 2, 2) and rows[2].planned_start == date(2026, 3, 16)
    assert all(r.actual_start is None and r.weeks_spent(date(2026, 6, 1)) is None for r in rows)


def test_actual_dates_move_the_positions_after_them_and_count_the_time_spent() -> None:
    periods = [(1, date(2026, 1, 12), date(2026, 2, 15)),  # a week late, five weeks
               (2, date(2026, 2, 16), None)]               # still there
    rows = T.rotation(START, STEPS, periods)
    assert (rows[0].actual_start, rows[0].actual_end) == (date(2026, 1, 12), date(2026, 2, 15))
    # The planned dates are the plan's (the signed annex), whatever happened; the expected ones move.
    assert [(r.planned_start, r.planned_end) for r in rows] == [(r.planned_start, r.planned_end)
                                                                for r in T.rotation(START, STEPS, [])]
    assert T.expected_start(rows[1]) == date(2026, 2, 16)  # the day after the first really ended
    assert T.expected_start(rows[2]) == date(2026, 3, 30)  # six weeks from when the second really started
    assert rows[0].weeks_spent(date(2026, 6, 1)) == 5.0  # the days from the first day to the last, both (35)
    assert rows[1].weeks_spent(date(2026, 3, 1)) == 2.0  # an open period runs until the day asked (14 days)
    assert rows[0].weeks_spent(date(2026, 1, 25)) == 2.0  # and nothing after that day counts
    assert rows[1].weeks_spent(date(2026, 2, 1)) is None  # not started by then


def test_a_position_visited_twice_counts_both_periods_and_spans_from_the_first_to_the_last() -> None:
    periods = [(1, date(2026, 1, 5), date(2026, 1, 19)), (2, date(2026, 1, 19), date(2026, 3, 2)),
               (1, date(2026, 3, 2), date(2026, 3, 16))]
    first = T.rotation(START, STEPS, periods)[0]
    assert (first.actual_start, first.actual_end) == (date(2026, 1, 5), date(2026, 3, 16))
    assert first.spans == ((date(2026, 1, 5), date(2026, 1, 19)), (date(2026, 3, 2), date(2026, 3, 16)))
    assert first.weeks_spent(date(2026, 6, 1)) == 4.3  # 15 days each time (both ends), not the ten weeks between
    reopened = T.rotation(START, STEPS, [*periods[:2], (1, date(2026, 3, 2), None)])[0]
    assert reopened.actual_end is None  # while one period is open, the position has no last day
