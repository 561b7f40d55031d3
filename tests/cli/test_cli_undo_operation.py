"""``vetdesk undo`` takes back the last operation whole or refuses it by name (issue 21, the trial of 4 December:
undo after loading the demonstration data removed one assessment and said it had undone the demonstration)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from vetdesk.services import records, users
from vetdesk.storage.models import AuditEntry

PASSWORD = "a good password 1"


@pytest.fixture
def office(db, monkeypatch):  # type: ignore[no-untyped-def]
    users.create_user(db, username="olga", password=PASSWORD, role="officer")
    monkeypatch.setenv("VETDESK_PASSWORD", PASSWORD)
    return db


def _entries(db) -> int:  # type: ignore[no-untyped-def]
    with db.reader() as s:
        return int(s.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def _schools(db) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {r["cct"]: r["name"] for r in records.list_records(db, "schools")}


def test_undo_after_an_import_takes_back_every_row(office, cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.io.test_setup_io import write_csv

    db = office
    code, out, err = cli(db, "--user", "olga", "add", "schools", "name=CECyTEQ 5", "cct=22ECT0005B")
    assert code == 0, err
    path = write_csv(tmp_path / "sep.csv", ["CLAVECCT", "NOMBRECT", "ENTIDAD"], [
        ["22DPT0004Q", "CONALEP QUERÉTARO II", "22"], ["22DPT0005P", "CONALEP QUERÉTARO III", "22"],
        ["22DPT0006O", "CONALEP QUERÉTARO IV", "22"]], "utf-8")
    code, out, err = cli(db, "--user", "olga", "import", "schools", str(path))
    assert code == 0, (out, err)
    assert len(_schools(db)) == 4
    code, out, err = cli(db, "--user", "olga", "undo")
    assert code == 0 and "Undone:" in err, err
    assert _schools(db) == {"22ECT0005B": "CECyTEQ 5"}  # all three imported rows went, the one typed stayed
    code, out, err = cli(db, "--user", "olga", "undo")  # the next undo takes back the school typed by hand
    assert code == 0, err
    assert _schools(db) == {}


def test_undo_after_the_demonstration_data_is_refused_by_name(office, cli) -> None:  # type: ignore[no-untyped-def]
    db = office
    code, out, err = cli(db, "--user", "olga", "demo", "--apprentices", "20")
    assert code == 0, err
    apprentices = records.count_records(db, "apprentices")
    assessments = records.count_records(db, "assessments")
    written = _entries(db)
    code, out, err = cli(db, "--user", "olga", "undo")
    assert code == 1, err
    assert "Undone" not in out + err and "Traceback" not in err
    assert "cannot be undone record by record" in err and "start again" in err, err
    assert records.count_records(db, "apprentices") == apprentices
    assert records.count_records(db, "assessments") == assessments and _entries(db) == written


def test_undo_after_an_import_that_updated_a_row_restores_it(office, cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.io.test_setup_io import write_csv

    db = office
    code, out, err = cli(db, "--user", "olga", "add", "schools", "name=CONALEP QUERÉTARO II", "cct=22DPT0004Q")
    assert code == 0, err
    path = write_csv(tmp_path / "sep.csv", ["CLAVECCT", "NOMBRECT", "ENTIDAD"], [
        ["22DPT0004Q", "CONALEP QUERÉTARO 2", "22"], ["22DPT0005P", "CONALEP QUERÉTARO III", "22"]], "utf-8")
    code, out, err = cli(db, "--user", "olga", "import", "schools", str(path), "--update")
    assert code == 0, (out, err)
    assert _schools(db) == {"22DPT0004Q": "CONALEP QUERÉTARO 2", "22DPT0005P": "CONALEP QUERÉTARO III"}
    code, out, err = cli(db, "--user", "olga", "undo")
    assert code == 0 and "Undone:" in err, err
    assert _schools(db) == {"22DPT0004Q": "CONALEP QUERÉTARO II"}  # the row updated is as it was, the new one gone
