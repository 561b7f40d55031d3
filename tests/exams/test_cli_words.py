"""``vetdesk exam register`` and ``resit`` speak as the other commands do (a new user's trial: raw JSON on the
terminal without --json): the new registrations' numbers on standard output, one a line, as ``vetdesk add``
prints a new record's; who was registered and who not, in words; JSON only with --json. ``vetdesk list
exam_registrations`` and ``list exams`` say a tick as yes or no and a choice in words ("True", "part1" before)."""

from __future__ import annotations

import json

from tests.exams.pipeline import make_exam
from tests.factories import activate, make_agreement, make_programme
from vetdesk.services import records


def test_register_and_resit_speak_in_words_and_json_only_when_asked(db, cli) -> None:  # type: ignore[no-untyped-def]
    programme = make_programme(db)
    agreement = make_agreement(db, programme_id=programme)
    activate(db, agreement)
    reference = records.get(db, "agreements", agreement)["reference"]
    exam = make_exam(db, programme, "part1", 200)
    code, out, err = cli(db, "exam", "register", str(exam), str(agreement), "99999")
    assert code == 1, err
    [registration] = records.list_records(db, "exam_registrations")
    assert out == f"{registration['id']}\n", out  # no JSON
    assert f"Registered: {reference} (registration no. {registration['id']})" in err, err
    assert "1 apprentice registered." in err and "Not admitted: #99999" in err and "Not admitted:  (" not in err

    records.update(db, "exam_registrations", registration["id"], {"written": "20", "practical": "30"})
    later = make_exam(db, programme, "part1", 260)
    code, out, err = cli(db, "exam", "resit", str(registration["id"]), "--exam", str(later))
    assert code == 0, err
    resit = records.get(db, "exam_registrations", int(out))
    assert resit["replaces_id"] == registration["id"] and "{" not in out
    assert f"Resit registered: registration no. {resit['id']} at exam {later}" in err, err
    code, out, err = cli(db, "exam", "resit", str(registration["id"]), "--exam", str(later), "--json")
    assert code != 0 or json.loads(out)  # (a second resit of the same attempt may be refused; JSON if not)

    code, out, err = cli(db, "list", "exam_registrations", "--header")
    assert code == 0, err
    lines = out.splitlines()
    assert "True" not in out and "False" not in out, out
    assert lines[1].split("\t")[3] == "no", lines  # fee paid
    code, out, err = cli(db, "list", "exams", "--header")
    assert [line.split("\t")[3] for line in out.splitlines()[1:]] == ["Part 1", "Part 1"], out


def test_register_with_json_prints_json(db, cli) -> None:  # type: ignore[no-untyped-def]
    programme = make_programme(db)
    agreement = make_agreement(db, programme_id=programme)
    activate(db, agreement)
    exam = make_exam(db, programme, "part1", 200)
    code, out, err = cli(db, "exam", "register", str(exam), str(agreement), "--json")
    assert code == 0, err
    done = json.loads(out)
    assert list(done["registered"]) == [str(agreement)] and done["refused"] == []
