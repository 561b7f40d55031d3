"""An instructor who countersigned a weekly report by mistake takes it back (Ctrl+Z, ``vetdesk undo``) while
nothing was built on it: the report is handed in again, unreviewed (trial 21e, item 3). For anyone but the
signer, and by an edit, it stays countersigned."""

from __future__ import annotations

import pytest

from tests.logbook.conftest import OFFICER, World
from vetdesk.domain.problems import RuleViolation
from vetdesk.services import logbook, records, undo


def _approved(w: World) -> int:
    week = logbook.write_week(w.db, agreement_id=w.mine, week=w.week(1),
                              values={"activities": "Semana 1: tornos", "hours": "36", "status": "submitted"}).id
    logbook.review(w.db, week, decision="approve", actor=w.me)
    assert records.get(w.db, "logbook", week)["status"] == "approved"
    return week


def test_the_signer_takes_a_countersignature_back_with_undo(world: World) -> None:
    w = world
    week = _approved(w)
    undo.undo_last(w.db.for_principal(w.me))
    back = records.get(w.db, "logbook", week)
    assert (back["status"], back["reviewed_on"]) == ("submitted", None)
    logbook.review(w.db, week, decision="approve", actor=w.me)  # and it can be countersigned again
    assert records.get(w.db, "logbook", week)["status"] == "approved"


def test_only_the_signer_takes_a_countersignature_back(world: World) -> None:
    """The office keyed in the instructor's countersignature from paper: the instructor's Ctrl+Z has nothing of
    his to take back, and the week stays countersigned."""
    w = world
    week = logbook.write_week(w.db, agreement_id=w.mine, week=w.week(1),
                              values={"activities": "Semana 1: tornos", "hours": "36", "status": "submitted"}).id
    logbook.review(w.db, week, decision="approve", actor=OFFICER)
    with pytest.raises(RuleViolation):
        undo.undo_last(w.db.for_principal(w.me))
    assert records.get(w.db, "logbook", week)["status"] == "approved"


def test_no_one_but_the_signer_takes_it_back_by_an_edit(world: World) -> None:
    w = world
    week = _approved(w)
    with pytest.raises(RuleViolation) as refused:
        records.update(w.db.for_principal(OFFICER), "logbook", week, {"status": "submitted"}, accept_warnings=True)
    assert refused.value.problems[0].code in ("logbook.transition", "logbook.take_back")
    assert records.get(w.db, "logbook", week)["status"] == "approved"
