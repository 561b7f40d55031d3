"""Output paths (issue 24, item 7): exports, printouts and backups refuse what is not a regular file, say when the
folder is missing or read-only or the disk is full, leave no temporary file behind and write files a colleague
on a shared folder can open.
"""

from __future__ import annotations

import contextlib
import os
import stat
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.factories import make_agreement, make_company
from vetdesk.services import exporting, outputs

#: (command line after the database, the file it writes) for each kind of output.
WRITERS = {
    "export": ("export", "companies", "-o"),
    "export-csv": ("export", "companies", "-o"),
    "print": ("print", "agreement", "{agreement}", "-o"),
    "backup": ("backup", "-o"),
}
SUFFIX = {"export": ".xlsx", "export-csv": ".csv", "print": ".pdf", "backup": ".sqlite3"}


def _run(cli, db, writer: str, target: Path, agreement: int) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    args = [a.format(agreement=agreement) for a in WRITERS[writer]]
    return cli(db, *args, str(target))


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") or p.name.endswith(("-journal", ".part")))


@contextlib.contextmanager
def _mounted(folder: Path, options: str) -> Iterator[Path]:
    """A small tmpfs at ``folder`` (root only; skipped where the machine does not allow mounting)."""
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, f"vetdesk-{uuid.uuid4().hex[:6]}", str(folder)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.fixture
def agreement(sqlite_db) -> int:  # type: ignore[no-untyped-def]
    make_company(sqlite_db, name="Taller Norte")
    return make_agreement(sqlite_db)


@pytest.mark.parametrize("writer", list(WRITERS))
def test_a_pipe_a_device_and_a_folder_are_refused_not_replaced(sqlite_db, cli, tmp_path: Path, agreement: int,
                                                              writer: str) -> None:
    fifo = tmp_path / f"pipe{SUFFIX[writer]}"
    os.mkfifo(fifo)
    device = tmp_path / f"device{SUFFIX[writer]}"
    device.symlink_to("/dev/null")
    folder = tmp_path / f"folder{SUFFIX[writer]}"
    folder.mkdir()
    for target, what in ((fifo, "is not a regular file"), (device, "is not a regular file"),
                         (folder, "is a folder")):
        code, out, err = _run(cli, sqlite_db, writer, target, agreement)
        assert code == 1, err
        assert "Traceback" not in err and what in err and str(target) in err
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and folder.is_dir() and not any(folder.iterdir())
    assert stat.S_ISCHR(os.stat(device).st_mode)
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("writer", list(WRITERS))
def test_a_missing_folder_is_named(sqlite_db, cli, tmp_path: Path, agreement: int, writer: str) -> None:
    target = tmp_path / "no-such-folder" / f"out{SUFFIX[writer]}"
    code, out, err = _run(cli, sqlite_db, writer, target, agreement)
    assert code == 1
    assert "Traceback" not in err
    assert f"The folder {target.parent} does not exist" in err
    assert not target.parent.exists()


@pytest.mark.parametrize("writer", list(WRITERS))
def test_a_read_only_folder_is_said_as_such(sqlite_db, cli, tmp_path: Path, agreement: int, writer: str) -> None:
    with _mounted(tmp_path / "readonly", "ro,size=64k") as folder:
        code, out, err = _run(cli, sqlite_db, writer, folder / f"out{SUFFIX[writer]}", agreement)
        assert code == 1
        assert "Traceback" not in err
        assert f"may not write in the folder {folder}" in err
        assert "database file is read-only" not in err  # the database is fine: the output folder is not


@pytest.mark.parametrize("writer", ["export", "backup"])
def test_a_full_disk_leaves_nothing_behind(sqlite_db, cli, tmp_path: Path, agreement: int, writer: str) -> None:
    for i in range(80):  # more than the small disk holds, even packed
        noise = "".join(uuid.uuid4().hex for _ in range(15))
        make_company(sqlite_db, name=f"Empresa {i:02d}", address=f"Calle {noise}")
    with _mounted(tmp_path / "small", "size=16k") as folder:
        target = folder / f"out{SUFFIX[writer]}"
        code, out, err = _run(cli, sqlite_db, writer, target, agreement)
        assert code == 1, err
        assert "Traceback" not in err
        assert f"The disk holding {folder} is full" in err
        assert list(folder.iterdir()) == []  # no .part, no -journal


@pytest.mark.parametrize("writer", list(WRITERS))
def test_files_get_the_usual_permissions(sqlite_db, cli, tmp_path: Path, agreement: int, writer: str) -> None:
    mask = os.umask(0o022)
    try:
        target = tmp_path / f"out{SUFFIX[writer]}"
        code, out, err = _run(cli, sqlite_db, writer, target, agreement)
    finally:
        os.umask(mask)
    assert code == 0, err
    # A backup holds every CURP and password hash: its owner's alone, whatever the umask (issue 21's trial).
    assert target.stat().st_mode & 0o777 == (0o600 if writer == "backup" else 0o644)
    assert _leftovers(tmp_path) == []


def test_an_existing_file_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "lista.csv"
    target.write_text("earlier", encoding="utf-8")
    exporting.export_rows(target, ["Nombre"], [["Ana"]])
    assert target.read_text(encoding="utf-8-sig").splitlines() == ["Nombre", "Ana"]


def test_leftovers_of_a_killed_write_are_cleared_but_not_a_live_one(tmp_path: Path) -> None:
    dead = tmp_path / ".lista.xlsx.abcd.part"
    dead.write_bytes(b"half")
    Path(f"{dead}-journal").write_bytes(b"j")
    live = tmp_path / ".other.xlsx.efgh.part"
    live.write_bytes(b"being written")
    kept = tmp_path / "lista.xlsx"
    kept.write_bytes(b"a real file")
    with outputs.held(live):
        removed = outputs.clear_leftovers(tmp_path)
    assert dead in removed and live not in removed
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.xlsx.efgh.part", "lista.xlsx"]
