"""Attendance in the exchange file, decided per day as an office expects (issue 25, a new user's trial): a day the
office has not recorded is added from the file even when the row's report conflicts or is countersigned; a day both
recorded differently is a conflict listed with both values (the office's note with its presence), and taking it
takes the file's presence with its (empty) note; a countersigned report's text stays and taking its row is not
refused. No absence is lost silently."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from tests.logbook.conftest import OFFICER, World, fill
from tests.logbook.test_exchange import ACTIVITIES, DECISION, HOURS, MON, TUE, WED, _export, _take, row_of
from vetdesk.services import logbook, records


def _days(w: World) -> dict:
    return {r["day"]: (r["presence"], r["note"]) for r in records.list_records(w.db, "attendance")}


def test_absences_on_a_week_countersigned_at_the_office_are_added_and_its_report_stays(world: World,
                                                                                       tmp_path: Path) -> None:
    w = world
    path = _export(w, tmp_path)
    # Meanwhile the office keys the week in from paper and approves it (countersigned).
    week = logbook.write_week(w.db, agreement_id=w.mine, week=w.week(1),
                              values={"activities": "Del papel", "hours": "28", "status": "submitted"}).id
    logbook.review(w.db.as_user(OFFICER), week, decision="approve", note="Firmado en papel")
    monday = w.week(1)
    filled = fill(path, tmp_path / "f.xlsx", {
        (row_of(1), MON): "present", (row_of(1), TUE): "unexcused absence", (row_of(1), WED): "unexcused absence",
        (row_of(1), HOURS): 28, (row_of(1), ACTIVITIES): "Medición", (row_of(1), DECISION): "approve"})
    report = _take(w, filled)
    row = report.rows[1]
    days = _days(w)
    # The two absences are recorded, not dropped with the row.
    assert days[monday + timedelta(days=1)][0] == "unexcused"
    assert days[monday + timedelta(days=2)][0] == "unexcused"
    assert days[monday][0] == "present"
    # The countersigned report's text stays, and the row says both values and that days were added.
    assert records.get(w.db, "logbook", week)["activities"] == "Del papel"
    assert row.outcome == "write", row
    notes = " ".join(row.notes)
    assert "countersigned" in notes and "Del papel" in notes and "Medición" in notes, notes
    assert "Tue" in notes and "Wed" in notes, notes
    # Taking the row is not refused (the whole file is not blocked by it) and changes nothing more.
    again = _take(w, filled, take=[row_of(1)])
    # The file's text still differs from the countersigned report: counted as kept as signed (fix25h), not
    # as up to date, and not taken.
    assert again.rows[1].outcome == "conflict" and again.rows[1].settled and not again.rows[1].taken
    assert records.get(w.db, "logbook", week)["activities"] == "Del papel"
    assert _days(w) == days


def test_a_day_recorded_differently_is_a_conflict_with_both_values_and_taking_it_takes_presence_and_note(
        world: World, tmp_path: Path) -> None:
    w = world
    path = _export(w, tmp_path)
    wednesday = w.week(1) + timedelta(days=2)
    records.create(w.db, "attendance", {"agreement_id": w.mine, "day": wednesday, "presence": "sick",
                                        "note": "Incapacidad IMSS"})
    filled = fill(path, tmp_path / "f.xlsx", {
        (row_of(1), MON): "present", (row_of(1), WED): "present", (row_of(1), ACTIVITIES): "Medición"})
    report = _take(w, filled)
    row = report.rows[1]
    assert row.outcome == "conflict" and not row.taken
    assert [c[0] for c in row.conflicts] == ["Wed"]
    assert "Incapacidad IMSS" in row.conflicts[0][1] and row.conflicts[0][2] == "present", row.conflicts
    days = _days(w)
    assert days[wednesday] == ("sick", "Incapacidad IMSS")  # kept as the office has it
    assert days[w.week(1)][0] == "present"  # the day the office had not recorded is added
    # The officer takes the file's day: its presence with its (empty) note, not "present" noted as a sick leave.
    taken = _take(w, filled, take=[row_of(1)])
    assert taken.rows[1].taken
    assert _days(w)[wednesday] == ("present", None)
