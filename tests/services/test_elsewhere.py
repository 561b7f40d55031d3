"""An open window learns of changes committed elsewhere (the command line, a colleague's PC) from the audit trail:
what another handle wrote is reported once, with its kinds and ids; what this program announced is not."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import insert

from tests.factories import make_company
from vetdesk.services import records
from vetdesk.services.elsewhere import Watch
from vetdesk.services.office import Office
from vetdesk.storage.models import AuditEntry


def test_a_change_made_elsewhere_is_reported_once_and_ones_own_never(db: Office) -> None:
    watch = Watch.of(db)
    make_company(db)  # before the first look: the look only takes its place
    assert watch.look(db).empty
    other = Office.open(db.url)  # another program on the same database
    try:
        elsewhere = make_company(other)
    finally:
        other.dispose()
    found = watch.look(db)
    assert found.ids("companies") == {elsewhere} and found.created["companies"] == {elsewhere}
    assert watch.look(db).empty  # said once
    heard: list[object] = []
    stop = db.listen(heard.append)
    try:
        own = records.create(db, "schools", {"name": "CONALEP Plantel Puebla", "cct": "21DPT0001A",
                                             "state": "Puebla"}).id
    finally:
        stop()
    for change in heard:
        watch.announced(change)  # type: ignore[arg-type]
    assert own and watch.look(db).empty  # this program's own change was announced already


@pytest.mark.postgres
def test_an_entry_committed_late_below_the_latest_is_not_missed(pg_template: str) -> None:
    """On PostgreSQL a transaction that took its id first can commit last: the look reaches back for it."""
    from tests.conftest import _pg_db

    for pg_db in _pg_db(pg_template):
        _late_entry(pg_db)


def _late_entry(pg_db: Office) -> None:
    watch = Watch.of(pg_db)
    assert watch.lags
    watch.look(pg_db)
    row = {"at": datetime(2026, 12, 3, 9, 0), "username": "x", "operation": "op", "kind": "companies",
           "action": "update", "changes": {}}
    with pg_db.engine.connect() as slow, pg_db.engine.connect() as fast:
        slow.execute(insert(AuditEntry).values(row | {"record_id": 1}))  # takes an id, does not commit yet
        fast.execute(insert(AuditEntry).values(row | {"record_id": 2}))
        fast.commit()
        assert watch.look(pg_db).ids("companies") == {2}
        slow.commit()
    assert watch.look(pg_db).ids("companies") == {1}


def test_the_first_look_reports_what_others_committed_since_the_window_opened(db: Office) -> None:
    """The window looks a few seconds after it opens: what a terminal printed meanwhile is not lost."""
    import time
    from datetime import UTC

    before = make_company(db)
    time.sleep(0.01)
    opened = datetime.now(UTC).replace(tzinfo=None)
    mine = records.create(db, "schools", {"name": "CONALEP Plantel Puebla", "cct": "21DPT0001A",
                                          "state": "Puebla"})
    theirs = make_company(db)
    watch = Watch.of(db, since=opened, known=mine.changes.entries)
    found = watch.look(db)
    assert found.ids("companies") == {theirs} and before not in found.ids("companies")
    assert not found.touches("schools")
