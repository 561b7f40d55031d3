"""A viewer reads records and exports statistics, never a list of records: ``vetdesk export`` refuses it in the
user's words before anything is read or written (the trial's viewer wrote 20,000 apprentices with their CURP, NSS,
addresses and guardians' documents to a file). An officer exports as before; the viewer's statistics still go out."""

from __future__ import annotations

from pathlib import Path

from tests import factories as f
from vetdesk.services import users

PASSWORD = "a good password 1"


def test_a_viewer_cannot_export_a_list_and_an_officer_can(db, cli, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    users.create_user(db, username="lector", password=PASSWORD, role="viewer")
    users.create_user(db, username="olga", password=PASSWORD, role="officer")
    monkeypatch.setenv("VETDESK_PASSWORD", PASSWORD)
    f.make_agreement(db)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "aprendices.xlsx"

    code, out, err = cli(db, "--user", "lector", "export", "apprentices", "-o", str(target))
    assert code == 1 and "Traceback" not in err, err
    assert "Your role (viewer) does not allow this (export lists of records)" in err, err
    assert not target.exists() and list(folder.iterdir()) == []

    statistics = folder / "estadisticas.csv"
    code, out, err = cli(db, "--user", "lector", "export", "statistics", "-o", str(statistics))
    assert code == 0, err
    assert statistics.exists()

    code, out, err = cli(db, "--user", "olga", "export", "apprentices", "-o", str(target))
    assert code == 0, err
    assert target.exists()


def test_an_instructor_exports_only_the_apprentices_they_instruct(db, cli, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    own = f.make_agreement(db)
    other = f.make_agreement(db)
    instructor = db.get("agreements", own)["instructor_id"]
    assert db.get("agreements", other)["instructor_id"] != instructor
    users.create_user(db, username="jweber", password=PASSWORD, role="instructor", instructor_id=instructor)
    monkeypatch.setenv("VETDESK_PASSWORD", PASSWORD)
    target = tmp_path / "mine.xlsx"
    code, out, err = cli(db, "--user", "jweber", "export", "apprentices", "-o", str(target))
    assert code == 0, err
    cells = {str(c) for r in load_workbook(target).active.iter_rows(values_only=True) for c in r}
    curp = {a: db.get("apprentices", db.get("agreements", a)["apprentice_id"])["curp"] for a in (own, other)}
    assert curp[own] in cells and curp[other] not in cells


def test_the_windows_list_export_is_the_cores_refusal_before_anything_is_read(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The window's *Export this list* writes through ``exporting.write_list``: a viewer is refused there, before
    the list's rows are read or a file is made, whatever the window offered; an officer's rows are written."""
    import pytest

    from vetdesk.domain.problems import RuleViolation
    from vetdesk.services import exporting
    from vetdesk.services.uow import Actor

    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "aprendices.xlsx"
    read: list[int] = []

    def rows() -> list[list[str]]:
        read.append(1)
        return [["Ana Ruiz"]]

    with pytest.raises(RuleViolation) as refused:
        exporting.write_list(db.as_user(Actor("vera", "viewer")), target, ["Nombre"], rows)
    assert "export lists of records" in refused.value.problems[0].message
    assert read == [] and list(folder.iterdir()) == []
    assert exporting.write_list(db.as_user(Actor("olga", "officer")), target, ["Nombre"], rows) == target
    assert read == [1] and target.exists()
