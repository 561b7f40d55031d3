"""Migration 0031 on both backends: an amendment recorded before it changed the agreement when recorded, so it
counts as signed on the day it was recorded and in effect from the day it stated; the agreement keeps the terms
it took then, and a new amendment after it waits for its signatures."""

from __future__ import annotations

from datetime import date, timedelta

from tests.reports.conftest import END, make_world
from tests.services.test_amendments import signed_by_all
from vetdesk.services import amendments, records
from vetdesk.storage.engine import Database
from vetdesk.storage.migrate import current_revision, head_revision, upgrade

TODAY = date.today()


def test_an_amendment_recorded_before_0031_counts_as_signed_and_in_effect(db: Database) -> None:
    from tests import factories as f

    def make() -> int:
        w = make_world(db, minor=False, positions=3, rated=False, status="active")
        db.amend_agreement(w.agreement_id, {"end_date": (END + timedelta(weeks=1)).isoformat(),  # type: ignore[attr-defined]
                                            "effective_on": TODAY.isoformat(), "reason": "Una semana"},
                           accept_warnings=True)
        signed_by_all(db, w.agreement_id)  # type: ignore[arg-type]
        return w.agreement_id

    agreement = f.made_before(db, "0030", make)
    assert current_revision(db) == "0030"
    upgrade(db)
    assert current_revision(db) == head_revision()
    [amendment] = amendments.list_amendments(db, agreement)
    assert (amendment["state"], amendment["signed_on"], amendment["in_effect_from"]) == ("in_effect", TODAY, TODAY)
    assert records.get(db, "agreements", agreement)["end_date"] == END + timedelta(weeks=1)
    later = db.amend_agreement(agreement, {"end_date": (END + timedelta(weeks=2)).isoformat(),  # type: ignore[attr-defined]
                                           "reason": "Otra semana"}, accept_warnings=True)
    assert not later.signed and records.get(db, "agreements", agreement)["end_date"] == END + timedelta(weeks=1)
