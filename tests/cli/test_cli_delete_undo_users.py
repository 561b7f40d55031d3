"""What the window's Delete…, Ctrl+Z and Users dialog do, from the command line: the same operations of the core
with the same refusals (issue 21, item 9)."""

from __future__ import annotations

import pytest

from tests import factories as f
from vetdesk.services import records, users
from vetdesk.storage.models import AuditEntry

PASSWORD = "a good password 1"


@pytest.fixture
def office(db, monkeypatch):  # type: ignore[no-untyped-def]
    users.create_user(db, username="root", password=PASSWORD, role="administrator")
    users.create_user(db, username="olga", password=PASSWORD, role="officer")
    monkeypatch.setenv("VETDESK_PASSWORD", PASSWORD)
    return db


def _audited(db, operation: str) -> int:  # type: ignore[no-untyped-def]
    with db.reader() as s:
        return s.query(AuditEntry).filter(AuditEntry.operation == operation).count()


def test_delete_a_mistake_and_refuse_what_others_depend_on(office, cli) -> None:  # type: ignore[no-untyped-def]
    db = office
    company = f.make_company(db)
    f.make_instructor(db, company_id=company)
    mistake = f.make_school(db) if hasattr(f, "make_school") else records.create(
        db, "schools", {"name": "CONALEP Uno", "cct": "22DPT0004Q"}).id
    code, out, err = cli(db, "--user", "olga", "delete", "schools", str(mistake))
    assert code == 0 and "Deleted." in err, err
    assert not any(r["id"] == mistake for r in records.list_records(db, "schools"))
    assert _audited(db, "Delete school") == 1
    # a company with an instructor is refused, with the way out, and nothing is written
    code, out, err = cli(db, "--user", "olga", "delete", "companies", str(company))
    assert code == 1 and "cannot be deleted" in err and "Retire it instead" in err, err
    assert "Traceback" not in err and records.get(db, "companies", company)
    assert _audited(db, "Delete company") == 0


def test_undo_takes_back_ones_own_last_change_only(office, cli) -> None:  # type: ignore[no-untyped-def]
    db = office
    code, out, err = cli(db, "--user", "olga", "add", "schools", "name=CONALEP Dos", "cct=22DPT0005P")
    assert code == 0, err
    school = int(out.split()[0])
    code, out, err = cli(db, "--user", "olga", "set", "schools", str(school), "name=CONALEP Tres")
    assert code == 0, err
    code, out, err = cli(db, "--user", "olga", "undo")
    assert code == 0 and "Undone:" in err, err
    assert records.get(db, "schools", school)["name"] == "CONALEP Dos"
    code, out, err = cli(db, "--user", "olga", "undo")
    assert code == 0, err
    assert not any(r["id"] == school for r in records.list_records(db, "schools"))
    code, out, err = cli(db, "--user", "root", "undo")  # root changed nothing
    assert code == 1 and "nothing of yours to undo" in err, err


def test_users_are_deactivated_reactivated_and_given_another_role(office, cli) -> None:  # type: ignore[no-untyped-def]
    db = office
    code, out, err = cli(db, "--user", "root", "user", "deactivate", "olga")
    assert code == 0 and "can no longer sign in" in err, err
    code, out, err = cli(db, "--user", "olga", "list", "schools")
    assert code == 1 and "Traceback" not in err
    code, out, err = cli(db, "--user", "root", "user", "activate", "olga")
    assert code == 0 and "can sign in again" in err, err
    code, out, err = cli(db, "--user", "root", "user", "role", "olga", "--role", "viewer")
    assert code == 0 and "olga is now: viewer." in err, err
    code, out, err = cli(db, "--user", "olga", "add", "schools", "name=CONALEP Dos", "cct=22DPT0005P")
    assert code == 1, (out, err)  # a viewer changes nothing
    code, out, err = cli(db, "--user", "olga", "user", "deactivate", "root")
    assert code == 1 and "Traceback" not in err  # a viewer manages no users
    code, out, err = cli(db, "--user", "root", "user", "deactivate", "root")
    assert code == 1 and "yourself" in err, err  # nobody deactivates themselves
    code, out, err = cli(db, "--user", "root", "user", "role", "olga")
    assert code == 2 and "--role" in err
