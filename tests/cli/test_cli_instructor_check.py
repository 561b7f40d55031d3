"""``vetdesk --user INSTRUCTOR check`` keeps to the records of the apprentices the instructor instructs, as the
window's check does (issue 21, the trial of 4 December: an instructor's check listed the whole office)."""

from __future__ import annotations

import json

from vetdesk.services import records, users
from vetdesk.services.demo import fill_demo

PASSWORD = "a good password 1"


def test_an_instructors_check_keeps_to_their_apprentices(db, cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    fill_demo(db, apprentices=30, seed=1)
    agreements = records.list_records(db, "agreements")
    instructor = next(a["instructor_id"] for a in agreements if a["instructor_id"])
    own = {a["id"] for a in agreements if a["instructor_id"] == instructor}
    users.create_user(db, username="olga", password=PASSWORD, role="officer")
    users.create_user(db, username="rosa", password=PASSWORD, role="instructor", instructor_id=instructor)
    monkeypatch.setenv("VETDESK_PASSWORD", PASSWORD)

    code, out, err = cli(db, "--user", "olga", "check", "--json")
    office = json.loads(out)
    assert {"companies", "instructors"} & {f["kind"] for f in office}, "the office's check names companies too"
    assert any(f["kind"] == "agreements" and f["id"] not in own for f in office)

    code, out, err = cli(db, "--user", "rosa", "check", "--json")
    theirs = json.loads(out)
    assert theirs and "Traceback" not in err, err
    assert {f["kind"] for f in theirs} <= {"agreements", "apprentices", "assessments", "logbook", "rotations",
                                         "attendance"}, theirs
    assert {f["id"] for f in theirs if f["kind"] == "agreements"} <= own
    assert len(theirs) < len(office)
