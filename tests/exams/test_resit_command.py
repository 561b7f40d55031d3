"""A resit recorded through the core's one operation from the command line: the failed attempt named, a later exam
of the same part; refused (nothing written) for an attempt that was passed."""

from __future__ import annotations

import json

from tests.exams.pipeline import make_exam, sit
from tests.factories import activate, make_agreement, make_programme
from vetdesk.services import exams, records


def test_resit_replaces_the_failed_attempt(db, cli) -> None:  # type: ignore[no-untyped-def]
    programme = make_programme(db)
    agreement = make_agreement(db, programme_id=programme)
    activate(db, agreement)
    failed = sit(db, make_exam(db, programme, "part1", 200), agreement, "40", "20")
    assert failed["passed"] is False
    later = make_exam(db, programme, "part1", 260)
    assert [c.exam_id for c in exams.resit_exams(db, failed["id"])] == [later]
    code, out, err = cli(db, "exam", "resit", str(failed["id"]), "--exam", str(later), "--json")
    assert code == 0, err
    resit = json.loads(out)["id"]
    assert records.get(db, "exam_registrations", resit)["replaces_id"] == failed["id"]
    records.update(db, "exam_registrations", resit, {"written": "70", "practical": "75"})
    [part] = exams.results(db, agreement).parts
    assert part.attempt.registration_id == resit and part.attempt.resit and part.attempts == 2

    passed = sit(db, make_exam(db, programme, "part2", 330), agreement, "80", "80")
    code, _out, err = cli(db, "exam", "resit", str(passed["id"]), "--exam", str(make_exam(db, programme, "part2", 400)))
    assert code == 1 and "Traceback" not in err and "not failed" in err
    assert records.count_records(db, "exam_registrations") == 3
