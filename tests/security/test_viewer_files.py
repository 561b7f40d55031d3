"""A viewer reads records and exports the anonymised statistics, never a file of an apprentice's records (README,
``permissions``): the progress matrix written to XLSX, a progress report, an assessment form or a weekly report
form are refused by the core, before anything is written, with the same words wherever asked; on screen and as
JSON the viewer still reads them. A viewer's attempt to set another user's password is refused before a new
password is asked for."""

from __future__ import annotations

import getpass
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests import factories as f
from vetdesk.domain.problems import RuleViolation
from vetdesk.services import references, users
from vetdesk.services.actors import Actor
from vetdesk.storage.models import Competency

PASSWORD = "a good password"


@pytest.fixture
def office(db, monkeypatch):  # type: ignore[no-untyped-def]
    company = f.make_company(db)
    instructor = f.make_instructor(db, company_id=company)
    programme = f.make_programme(db)
    with db.writer() as s:
        s.add(Competency(programme_id=programme, area="Área", code="C1", title="Medir", position=1))
        s.commit()
    start = date.today() - timedelta(days=60)
    agreement = f.make_agreement(db, company_id=company, instructor_id=instructor, programme_id=programme,
                                 start_date=start, end_date=start + timedelta(days=400))
    f.activate(db, agreement)
    users.create_user(db, username="admin", password=PASSWORD, role="administrator")
    users.create_user(db, username="olga", password=PASSWORD, role="officer")
    users.create_user(db, username="ivan", password=PASSWORD, role="instructor", instructor_id=instructor)
    users.create_user(db, username="visor", password=PASSWORD, role="viewer")
    monkeypatch.setenv("VETDESK_PASSWORD", PASSWORD)
    return {"db": db, "programme": programme, "agreement": agreement, "start": start,
            "apprentice": db.get("agreements", agreement)["apprentice_id"]}


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_viewer_writes_no_file_of_an_apprentices_records(office, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, out = office["db"], tmp_path / "out"
    out.mkdir()
    p, a, o = str(office["programme"]), str(office["apprentice"]), str(office["agreement"])
    week = (office["start"] + timedelta(days=7)).isoformat()
    refused = {("matrix", "--programme", p, "-o", str(out / "x.xlsx")): "export lists of records",
               ("print", "progress", a, "-o", str(out / "p.pdf")): "print a progress report",
               ("print", "form", a, "-o", str(out / "f.pdf")): "print an assessment form",
               ("logbook", "print", o, week, "-o", str(out / "w.pdf")): "print a weekly report form"}
    for argv, doing in refused.items():
        code, stdout, err = cli(db, "--user", "visor", *argv)
        assert code == 1, (argv, stdout, err)
        assert f"Your role (viewer) does not allow this ({doing}). Ask an administrator." in err, err
        assert _files(out) == [], argv
    # Read, not written: the matrix on screen as JSON, the progress as JSON.
    code, stdout, err = cli(db, "--user", "visor", "matrix", "--programme", p, "--json")
    assert code == 0 and '"rows"' in stdout, err
    code, stdout, err = cli(db, "--user", "visor", "progress", a, "--json")
    assert code == 0, err
    # An officer writes every one of them; an instructor their own apprentice's.
    for login in ("olga", "ivan"):
        for argv in refused:
            code, stdout, err = cli(db, "--user", login, *argv)
            assert code == 0, (login, argv, err)
        assert _files(out) == ["f.pdf", "p.pdf", "w.pdf", "x.xlsx"], login
        for name in _files(out):
            (out / name).unlink()


def test_the_core_refuses_and_the_window_is_told_the_same(office) -> None:  # type: ignore[no-untyped-def]
    from vetdesk.reports import render
    from vetdesk.services.progress import write_matrix

    viewer = office["db"].as_user(Actor(username="visor", role="viewer"))
    for document in ("progress", "form", "week"):
        assert not references.may_print(viewer, document)
    assert references.may_print(office["db"].as_user(Actor(username="ivan", role="instructor")), "progress")
    with pytest.raises(RuleViolation, match="print a progress report"):
        render.progress_pdf(viewer, apprentice_id=office["apprentice"])
    with pytest.raises(RuleViolation, match="export lists of records"):
        write_matrix(viewer, "never.xlsx", programme_id=office["programme"])
    assert not Path("never.xlsx").exists()


def test_a_viewer_is_refused_before_a_new_password_is_asked(office, cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("VETDESK_NEW_PASSWORD", raising=False)
    asked: list[str] = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": asked.append(prompt) or "a new password 1")
    db = office["db"]
    for argv in (("user", "passwd", "admin"), ("user", "add", "mallory", "--role", "administrator")):
        code, out, err = cli(db, "--user", "visor", *argv)
        assert code == 1 and "Your role (viewer) does not allow this (manage users)." in err, err
        assert asked == [], argv
    # Their own password a viewer changes (asked twice).
    code, out, err = cli(db, "--user", "visor", "user", "passwd", "visor")
    assert code == 0, err
    assert len(asked) == 2
