"""The training record as an admission check: where the programme's exam asks for the weekly reports up to a day,
an apprentice whose weeks up to that day are not all handed in and approved is refused, the message naming how
many weeks are missing; the same message from the core's registering (the window) and the command line; nothing
written for the refused."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.exams.pipeline import make_exam
from tests.logbook.conftest import World, make_world
from vetdesk import i18n
from vetdesk.domain import exams as E
from vetdesk.domain.problems import RuleViolation
from vetdesk.services import exams, logbook, records


@pytest.fixture
def world(db) -> World:  # type: ignore[no-untyped-def]
    i18n.set_language("en")
    w = make_world(db)
    # Iván's apprentice: weeks 0-2 handed in and approved. Irma's: week 0 approved, week 1 handed in but not yet
    # approved, week 2 never handed in.
    for n in range(3):
        week = logbook.write_week(w.db, agreement_id=w.mine, week=w.week(n),
                                  values={"activities": f"Semana {n}", "hours": "36", "status": "submitted"}).id
        logbook.review(w.db, week, decision="approve")
    week = logbook.write_week(w.db, agreement_id=w.other, week=w.week(0),
                              values={"activities": "Semana 0", "hours": "36", "status": "submitted"}).id
    logbook.review(w.db, week, decision="approve")
    logbook.write_week(w.db, agreement_id=w.other, week=w.week(1),
                       values={"activities": "Semana 1", "hours": "36", "status": "submitted"})
    return w


def _exam(w: World, **kw) -> int:  # type: ignore[no-untyped-def]
    programme = records.get(w.db, "agreements", w.mine)["programme_id"]
    # Up to the Sunday of week 2: weeks 0, 1 and 2 are asked for.
    return make_exam(w.db, programme, "part1", 200, logbook_until=(w.week(3) - timedelta(days=1)).isoformat(), **kw)


def test_missing_weeks_refuse_with_their_count_and_write_nothing(world: World) -> None:
    exam = _exam(world)
    until = world.week(3) - timedelta(days=1)
    done = exams.register(world.db, exam, [world.mine, world.other])
    assert list(done.registrations) == [world.mine]
    [refusal] = done.refused
    expected = E.logbook_message(2, until)
    assert refusal.agreement_id == world.other and expected in refusal.messages
    assert "2 weekly reports up to " + until.strftime("%d/%m/%Y") in expected
    assert records.count_records(world.db, "exam_registrations") == 1
    with pytest.raises(RuleViolation) as refused:
        records.create(world.db, "exam_registrations", {"exam_id": exam, "agreement_id": world.other})
    assert [p.code for p in refused.value.problems] == ["admission.logbook"]
    assert refused.value.problems[0].field == "agreement_id"


def test_approving_the_weeks_admits(world: World) -> None:
    exam = _exam(world)
    reports = {w["week_start"]: w["id"] for w in records.list_records(world.db, "logbook")
               if w["agreement_id"] == world.other}
    logbook.review(world.db, reports[world.week(1)], decision="approve")
    done = exams.register(world.db, exam, [world.other])
    [refusal] = done.refused
    assert refusal.messages == (E.logbook_message(1, world.week(3) - timedelta(days=1)),)
    week = logbook.write_week(world.db, agreement_id=world.other, week=world.week(2),
                              values={"activities": "Semana 2", "hours": "36", "status": "submitted"}).id
    logbook.review(world.db, week, decision="approve")
    assert list(exams.register(world.db, exam, [world.other]).registrations) == [world.other]


def test_an_exam_that_does_not_ask_for_the_record_admits(world: World) -> None:
    programme = records.get(world.db, "agreements", world.mine)["programme_id"]
    exam = make_exam(world.db, programme, "part1", 200)
    assert sorted(exams.register(world.db, exam, [world.mine, world.other]).registrations) == sorted(
        [world.mine, world.other])


def test_the_command_line_says_the_same(world: World, cli) -> None:  # type: ignore[no-untyped-def]
    exam = _exam(world)
    code, _out, err = cli(world.db, "add", "exam_registrations", f"exam_id={exam}", f"agreement_id={world.other}")
    assert code == 1
    assert E.logbook_message(2, world.week(3) - timedelta(days=1)) in " ".join(err.split())
    assert "Traceback" not in err
    assert records.count_records(world.db, "exam_registrations") == 0


def test_the_command_lines_register_names_the_refused(world: World, cli) -> None:  # type: ignore[no-untyped-def]
    import json

    exam = _exam(world)
    code, out, err = cli(world.db, "exam", "register", str(exam), str(world.mine), str(world.other), "--json")
    assert code == 1 and "Traceback" not in err
    done = json.loads(out)
    assert list(done["registered"]) == [str(world.mine)] and [r["agreement_id"] for r in done["refused"]] == [
        world.other]
    assert "1 apprentice registered." in err and "Not admitted: " in err
    assert E.logbook_message(2, world.week(3) - timedelta(days=1)) in " ".join(err.split())
    assert records.count_records(world.db, "exam_registrations") == 1
