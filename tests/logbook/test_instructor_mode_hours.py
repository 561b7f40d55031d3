"""Instructor mode's warning of hours beyond the attendance chosen (ex25c): the office's rule
(domain.logbook.hours_attendance_problems) with the agreement's hours a day the file carries, for the hours at the
company and at school; nothing said for a file that does not carry them (written before) or hours not a number."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from tests.logbook.conftest import OFFICER, World
from vetdesk.domain import logbook as L
from vetdesk.services import exchange
from vetdesk.services import exchange_file as XF


def test_the_hours_beyond_the_attendance_chosen_are_warned_of_in_the_office_s_words(world: World,
                                                                                   tmp_path: Path) -> None:
    w = world
    path = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "ivan.xlsx", instructor_id=w.instructor,
                                    language="en").path
    opened = XF.open_file(path)
    week = next(x for x in opened.weeks if all(d is not None for d in x.days[:5]))
    words = dict(L.PRESENCE)
    days = (words["present"], words["present"], words["school"], "", "", None)
    typed = replace(week, days=days, hours="20", school_hours="9")
    found = XF.attendance_warnings(opened, typed)
    expected = L.hours_attendance_problems(Decimal(20), Decimal(9), ["present", "present", "school"], Decimal(6))
    assert [(p.field, p.message) for p in found] == [(p.field, p.message) for p in expected]
    assert [p.field for p in found] == ["hours", "school_hours"] and not any(p.is_error for p in found)
    assert XF.attendance_warnings(opened, replace(typed, hours="12", school_hours="6")) == []
    assert XF.attendance_warnings(opened, replace(typed, hours="doce")) == []  # the field's own refusal says it
    assert XF.attendance_warnings(opened, replace(typed, days=("",) * 5 + (None,))) == []  # no attendance yet
    assert XF.attendance_warnings(replace(opened, day_hours={}), typed) == []  # a file written before
