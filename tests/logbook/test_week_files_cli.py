"""``vetdesk logbook attach|attachments|detach|extract``: the files of a weekly report from the command line, with
the core's messages (a hostile file named, nothing attached when one is refused) and the instructor's scope."""

from __future__ import annotations

import json
from pathlib import Path

from tests.logbook.conftest import World
from tests.logbook.test_week_files import pdf, png, stored, week_of
from vetdesk.services import users


def test_attach_list_extract_and_detach(world: World, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    w = world
    week = week_of(w)
    photo = tmp_path / "pieza torneada.png"
    photo.write_bytes(png())
    drawing = tmp_path / "plano.pdf"
    drawing.write_bytes(pdf())
    code, out, err = cli(w.db, "logbook", "attach", str(week), str(photo), str(drawing))
    assert code == 0, err
    assert f"Attached to weekly report {week}: #" in err and "pieza torneada.png  (PNG," in err and "plano.pdf" in err
    code, out, err = cli(w.db, "logbook", "attachments", str(week), "--json")
    listed = json.loads(out)
    assert [(f["filename"], f["media_type"], f["size"]) for f in listed] == [
        ("pieza torneada.png", "image/png", len(png())), ("plano.pdf", "application/pdf", len(pdf()))]
    code, out, err = cli(w.db, "logbook", "attachments", str(week))
    assert code == 0 and out.count("\n") == 2 and "plano.pdf  (PDF, 1 KB;" in out, out
    folder = tmp_path / "out"
    folder.mkdir()
    code, out, err = cli(w.db, "logbook", "extract", str(listed[0]["id"]), "-o", str(folder))
    assert code == 0, err
    assert (folder / "pieza torneada.png").read_bytes() == png()
    code, out, err = cli(w.db, "logbook", "detach", str(listed[1]["id"]))
    assert code == 0 and f"Removed from weekly report {week}: plano.pdf." in err
    assert stored(w) == 1
    # Taken back with vetdesk undo (fix25l: "cannot be undone here", the bytes deleted).
    code, out, err = cli(w.db, "undo")
    assert code == 0 and stored(w) == 2, err
    code, out, err = cli(w.db, "logbook", "extract", str(listed[1]["id"]), "-o", str(folder))
    assert code == 0 and (folder / "plano.pdf").read_bytes() == pdf(), err


def test_a_hostile_file_is_named_and_nothing_is_attached(world: World, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    w = world
    week = week_of(w)
    good = tmp_path / "bien.png"
    good.write_bytes(png())
    fake = tmp_path / "foto.png"
    fake.write_bytes(b"<html>not a picture</html>")
    code, out, err = cli(w.db, "logbook", "attach", str(week), str(good), str(fake))
    assert code == 1
    assert "foto.png is not a PNG file" in err and "Traceback" not in err and "error:" not in err, err
    code, out, err = cli(w.db, "logbook", "attach", str(week), str(tmp_path / "missing.png"))
    assert code == 1 and "missing.png: there is no such file or folder" in err and "Errno" not in err, err
    assert stored(w) == 0


def test_an_instructor_cannot_reach_another_instructors_week(world: World, cli, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                             monkeypatch) -> None:
    w = world
    theirs = week_of(w, agreement=w.other)
    users.create_user(w.db, username="ivan", password="a good password", role="instructor",
                      instructor_id=w.instructor)
    monkeypatch.setenv("VETDESK_PASSWORD", "a good password")
    photo = tmp_path / "x.png"
    photo.write_bytes(png())
    code, out, err = cli(w.db, "--user", "ivan", "logbook", "attach", str(theirs), str(photo))
    assert code == 1 and f"There is no weekly report with id {theirs}." in err, err
    code, out, err = cli(w.db, "--user", "ivan", "logbook", "attachments", str(theirs))
    assert code == 1 and f"There is no weekly report with id {theirs}." in err
    assert stored(w) == 0


def test_an_attachment_number_is_asked_for_in_our_words(world: World, cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli(world.db, "logbook", "extract", "abc", "-o", "x")
    assert code == 2 and "abc is not the number of an attached file" in err, err
    code, out, err = cli(world.db, "logbook", "detach", "#4242")
    assert code == 1 and "There is no attached file with id 4242." in err, err


def test_the_plain_history_names_a_removed_file_by_its_name_kind_and_size(world: World, cli,  # type: ignore[no-untyped-def]
                                                                          tmp_path: Path) -> None:
    """fix25l: ``vetdesk history logbook N`` said "attachment_id, bytes, filename, media_type, sha256" for a file
    removed; it says the file as the window's list does."""
    w = world
    week = week_of(w)
    drawing = tmp_path / "plano.pdf"
    drawing.write_bytes(pdf())
    cli(w.db, "logbook", "attach", str(week), str(drawing))
    code, out, err = cli(w.db, "logbook", "attachments", str(week), "--json")
    cli(w.db, "logbook", "detach", str(json.loads(out)[0]["id"]))
    code, out, err = cli(w.db, "history", "logbook", str(week))
    assert code == 0, err
    lines = [line for line in out.splitlines() if "\tdetach\t" in line or "\tattach\t" in line]
    assert len(lines) == 2 and all(line.endswith("plano.pdf  (PDF, 1 KB)") for line in lines), out
    assert "sha256" not in out and "media_type" not in out
