"""The progress arithmetic and the flags on plain data, for each scale kind."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from vetdesk.domain import progress as P
from vetdesk.domain.scales import FOUR_LEVELS, IHK_100, PASS_FAIL

D = date(2026, 3, 2)
CATALOGUE = (
    P.CompetencyItem(1, "MAN-1", "Mantenimiento"),
    P.CompetencyItem(2, "MAN-2", "Mantenimiento"),
    P.CompetencyItem(3, "CAL-1", "Calidad"),
    P.CompetencyItem(4, "CAL-2", "Calidad"),
)


def r(rid: int, cid: int, level: int | None, on: date = D, recognised: bool = False) -> P.Rating:
    return P.Rating(rid, cid, on, level, recognised)


def test_four_levels_counts_from_competent_and_per_area():
    ratings = [r(1, 1, 3), r(2, 2, 2), r(3, 3, 4), r(4, 4, 1)]
    result = P.compute_progress(FOUR_LEVELS, CATALOGUE, ratings)
    assert (result.overall.reached, result.overall.total) == (2, 4)
    assert result.overall.percent == 50
    assert [(a.area, a.share.reached, a.share.total) for a in result.areas] == [
        ("Mantenimiento", 1, 2), ("Calidad", 1, 2)]
    assert result.reached_ids == {1, 3}


def test_superseded_ratings_are_ignored_latest_by_date_then_id():
    ratings = [
        r(10, 1, 4, D),                       # superseded by a later, lower rating
        r(11, 1, 2, D + timedelta(days=7)),
        r(20, 2, 1, D + timedelta(days=3)),   # same day: the higher id is the later entry
        r(21, 2, 3, D + timedelta(days=3)),
        r(31, 3, 3, D + timedelta(days=9)),   # entered later (higher id) but dated earlier
        r(30, 3, 1, D + timedelta(days=10)),
    ]
    result = P.compute_progress(FOUR_LEVELS, CATALOGUE, ratings)
    assert result.latest[1].id == 11 and result.latest[2].id == 21 and result.latest[3].id == 30
    assert result.reached_ids == {2}
    assert result.overall.reached == 1


def test_recognised_prior_learning_counts_as_reached_on_every_scale():
    for scale in (FOUR_LEVELS, PASS_FAIL, IHK_100):
        result = P.compute_progress(scale, CATALOGUE, [r(1, 1, None, recognised=True)])
        assert result.reached_ids == {1}
        assert result.overall.reached == 1


def test_pass_fail_scale():
    result = P.compute_progress(PASS_FAIL, CATALOGUE, [r(1, 1, 1), r(2, 2, 0), r(3, 3, 1)])
    assert result.reached_ids == {1, 3}
    assert result.overall.percent == 50


def test_ihk_points_reached_from_fifty():
    result = P.compute_progress(IHK_100, CATALOGUE, [r(1, 1, 49), r(2, 2, 50), r(3, 3, 100), r(4, 4, 0)])
    assert result.reached_ids == {2, 3}
    assert P.reached_levels(IHK_100) == {"kind": "points", "reached_from": 50, "min": 0, "max": 100}
    assert P.reached_levels(FOUR_LEVELS)["reached_levels"] == [3, 4]


def test_socioemotional_skills_are_counted_apart():
    catalogue = CATALOGUE + (P.CompetencyItem(9, "SE-1", "Socio-emotional skills", P.SOCIOEMOTIONAL),)
    result = P.compute_progress(FOUR_LEVELS, catalogue, [r(1, 1, 4), r(9, 9, 4)])
    assert (result.overall.reached, result.overall.total) == (1, 4)
    assert result.socioemotional is not None and result.socioemotional.reached == 1
    assert "Socio-emotional skills" not in [a.area for a in result.areas]


def test_ratings_of_other_programmes_do_not_count():
    result = P.compute_progress(FOUR_LEVELS, CATALOGUE, [r(1, 99, 4)])
    assert result.overall.reached == 0 and 99 not in result.latest


def test_empty_catalogue_is_zero_not_a_division_error():
    result = P.compute_progress(FOUR_LEVELS, (), [])
    assert result.overall.ratio == 0.0 and result.overall.percent == 0


# -- flags ------------------------------------------------------------------------------------------

def test_no_recent_assessment_flag():
    start = date(2026, 1, 5)
    today = date(2026, 6, 1)
    window_start = today - timedelta(weeks=6)

    def flag(last, begin=start):  # type: ignore[no-untyped-def]
        return P.flag_no_recent_assessment(last_assessed=last, start=begin, today=today, weeks=6)

    stale = flag(window_start - timedelta(days=1))
    assert stale is not None and stale.code == "progress.no_assessment"
    assert flag(window_start) is None                       # on the window's first day still counts
    never = flag(None)
    assert never is not None and "since the agreement started" in never.message
    assert flag(None, window_start) is not None             # ran the whole window without one
    assert flag(None, window_start + timedelta(days=1)) is None  # started inside the window


def test_position_overrun_flag():
    today = date(2026, 6, 1)
    # exactly planned + 2 (70 days, the first and the last counted)
    limit = P.PeriodFacts(1, "Taller", 8, today - timedelta(weeks=10) + timedelta(days=1), today)
    over = P.PeriodFacts(2, "Almacén", 8, today - timedelta(weeks=10), today)
    ongoing = P.PeriodFacts(3, "Calidad", 4, today - timedelta(weeks=7), None)  # open period runs to today
    not_started = P.PeriodFacts(4, "Ventas", 1, None, None)
    flags = P.flag_overruns([limit, over, ongoing, not_started], today)
    assert [f.code for f in flags] == ["progress.overrun", "progress.overrun"]
    assert "Almacén" in flags[0].message and "Calidad" in flags[1].message


def test_falling_flag_compares_the_latest_two_ratings_only():
    codes = {1: "MAN-1", 2: "MAN-2", 3: "CAL-1"}
    ratings = [
        r(1, 1, 4, D), r(2, 1, 3, D + timedelta(days=7)),                       # falling
        r(3, 2, 4, D), r(4, 2, 2, D + timedelta(days=7)), r(5, 2, 3, D + timedelta(days=14)),  # rising now
        r(6, 3, 3, D),                                                            # one rating only
    ]
    flags = P.flag_falling(ratings, codes)
    assert len(flags) == 1 and "MAN-1" in flags[0].message and flags[0].code == "progress.falling"
    assert P.flag_falling([r(1, 1, 3, D), r(2, 1, 3, D + timedelta(days=1))], codes) == []


def test_recognition_is_no_rating_for_the_falling_flag():
    codes = {1: "MAN-1"}
    ratings = [r(1, 1, 3, D), r(2, 1, 2, D + timedelta(days=1)), r(3, 1, None, D + timedelta(days=2), True)]
    assert len(P.flag_falling(ratings, codes)) == 1  # the two levelled ratings still fell


@pytest.mark.parametrize(("days_left", "reached", "flagged"), [
    (60, 2, True),      # ends in 2 months, 2 of 4 reached (50 %)
    (60, 3, False),     # 75 % reached
    (120, 1, False),    # more than 3 months left
    (-1, 0, False),     # already ended
])
def test_ending_behind_flag(days_left: int, reached: int, flagged: bool):
    today = date(2026, 6, 1)
    flag = P.flag_ending_behind(end=today + timedelta(days=days_left), today=today, overall=P.Share(reached, 4))
    assert (flag is not None) is flagged


def test_ending_behind_boundary_is_seventy_percent():
    today = date(2026, 6, 1)
    assert P.flag_ending_behind(end=today + timedelta(days=30), today=today, overall=P.Share(7, 10)) is None
    assert P.flag_ending_behind(end=today + timedelta(days=30), today=today, overall=P.Share(69, 100)) is not None
