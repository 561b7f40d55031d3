"""The office's threshold of unexcused absences: a setting (command line and Settings dialog) and a dashboard item
of the agreements over it, scoped for an instructor, kept done or snoozed like the other reminders."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.logbook.conftest import OFFICER, TODAY, World
from vetdesk.domain.problems import RuleViolation
from vetdesk.services import dashboard, logbook, reminders
from vetdesk.services.settings import office_settings, save_office_settings


def _absent(w: World, agreement: int, days: int, *, week: int = 4) -> None:
    logbook.record_attendance(w.db, agreement_id=agreement, days={
        w.week(week) + timedelta(days=i): "unexcused" for i in range(days)})


def _flagged(w: World, who: Any, today: Any = TODAY) -> list[int]:
    return dashboard.dashboard(w.db.as_user(who), today=today).item("attendance_flag").filters["ids"]


def test_agreements_over_the_threshold_are_flagged_for_whom_they_concern(world: World) -> None:
    w = world
    _absent(w, w.mine, 3)
    _absent(w, w.other, 2)
    logbook.record_attendance(w.db, agreement_id=w.other, days={w.week(4) + timedelta(days=3): "sick"})
    assert _flagged(w, OFFICER) == [w.mine]  # an excused absence does not count
    assert _flagged(w, w.me) == [w.mine] and _flagged(w, w.them) == []
    item = dashboard.dashboard(w.db.as_user(OFFICER)).item("attendance_flag")
    assert item.title == "Agreements with unexcused absences in the last 4 weeks" and item.count == 1
    # Weeks later the absences are out of the period.
    assert _flagged(w, OFFICER, TODAY + timedelta(weeks=4)) == []
    # The office's threshold: 2 days in 4 weeks flags both; 3 in 1 week (this one) none.
    save_office_settings(w.db, {"absence_days": 2})
    assert _flagged(w, OFFICER) == sorted([w.mine, w.other])
    save_office_settings(w.db, {"absence_days": 3, "absence_weeks": 1})
    assert _flagged(w, OFFICER) == []


def test_the_threshold_refuses_what_is_no_number_of_days_or_weeks(world: World, cli: Any) -> None:
    w = world
    for wrong in ({"absence_days": 0}, {"absence_weeks": 27}, {"absence_days": "3"}):
        with pytest.raises(RuleViolation) as refused:
            save_office_settings(w.db, wrong)
        assert [p.field for p in refused.value.problems] == list(wrong)
    assert office_settings(w.db)["absence_days"] == 3  # nothing written
    code, out, err = cli(w.db, "settings", "absence_days=0")
    assert code == 1 and "Unexcused absences before a flag" in err and "Traceback" not in err
    code, out, err = cli(w.db, "settings", "absence_days=2", "absence_weeks=3")
    assert code == 0 and "absence_days: 2" in out and "absence_weeks: 3" in out


def test_the_flag_is_snoozed_and_comes_back_on_its_day(world: World) -> None:
    w = world
    _absent(w, w.mine, 3)
    db = w.db.as_user(OFFICER)
    reminders.snooze(db, "attendance_flag", TODAY + timedelta(days=3))
    shown = {s.item.key: s for s in reminders.shown(dashboard.dashboard(db), reminders.kept(db), TODAY)}
    assert shown["attendance_flag"].quiet
    later = TODAY + timedelta(days=3)
    shown = {s.item.key: s for s in reminders.shown(dashboard.dashboard(db, today=later), reminders.kept(db), later)}
    assert not shown["attendance_flag"].quiet and shown["attendance_flag"].item.count == 1


def test_the_settings_dialog_offers_the_threshold(world: World, qtbot, qsettings) -> None:  # type: ignore[no-untyped-def]
    from vetdesk.ui.settings_dialog import SettingsDialog

    w = world
    dialog = SettingsDialog(w.db.as_user(OFFICER), qsettings)
    qtbot.addWidget(dialog)
    assert dialog.thresholds["absence_days"].value() == 3 and dialog.thresholds["absence_weeks"].value() == 4
    assert dialog.thresholds["absence_days"].minimum() == 1
