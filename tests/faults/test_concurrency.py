"""Two OS processes writing the same SQLite file: no error reaches the user and no write is lost."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from vetdesk.services import records
from vetdesk.storage.models import AuditEntry, Company

WRITER = Path(__file__).with_name("writer.py")


def test_two_processes_write_one_sqlite_file(sqlite_db):
    shared = records.create(sqlite_db, "companies", {"name": "Compartida", "rfc": "COM850925AB1",
                                                      "legal_representative": "Rep"})
    count = 40
    procs = [subprocess.Popen([sys.executable, str(WRITER), sqlite_db.url, str(w), str(count), str(shared.id)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for w in (1, 2)]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        assert "locked" not in err
        results.append(json.loads(out))
    with sqlite_db.reader() as s:
        assert s.scalar(select(func.count()).select_from(Company)) == 1 + 2 * count
        contacts = s.scalar(select(func.count()).select_from(Company).where(Company.contact_name.is_not(None)))
        assert contacts == 2 * count  # every edit landed
        shared_row = s.get(Company, shared.id)
        successful_shared_edits = 2 * count - sum(r["conflicts"] for r in results)
        assert shared_row.version == 1 + successful_shared_edits  # no lost update on the shared record
        audits = s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.record_id == shared.id,
                                                                              AuditEntry.kind == "companies"))
        assert audits == 1 + successful_shared_edits


def test_stale_edit_is_refused(db):
    c = records.create(db, "companies", {"name": "Uno", "rfc": "UNO850925AB1", "legal_representative": "Rep"})
    records.update(db, "companies", c.id, {"sector": "automotive"}, expected_version=1)
    try:
        records.update(db, "companies", c.id, {"sector": "food"}, expected_version=1)
    except records.VersionConflict as exc:
        assert exc.problems[0].field == "version"
        assert "changed this record" in exc.problems[0].message
    else:
        raise AssertionError("a stale edit was accepted")
    assert records.get(db, "companies", c.id)["sector"] == "automotive"
