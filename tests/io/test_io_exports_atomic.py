"""Every spreadsheet vetdesk writes (lists, catalogues, matrices) goes through one atomic writer."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from vetdesk.services.exporting import write_atomically


def test_a_failed_write_leaves_the_earlier_file_and_no_leftovers(tmp_path: Path) -> None:
    target = tmp_path / "matriz.xlsx"
    target.write_bytes(b"the earlier export")

    def fails(tmp: Path) -> None:
        tmp.write_bytes(b"half a spreadsheet")
        raise OSError("disk full")

    with pytest.raises(OSError):
        write_atomically(target, fails)
    assert target.read_bytes() == b"the earlier export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["matriz.xlsx"]


def test_a_written_file_is_readable_like_any_file_the_person_saves(tmp_path: Path) -> None:
    mask = os.umask(0o022)
    (tmp_path / "sub").mkdir()
    try:
        path = write_atomically(tmp_path / "sub" / "catalogo.xlsx", lambda tmp: tmp.write_bytes(b"x"))
    finally:
        os.umask(mask)
    assert path.read_bytes() == b"x"
    assert path.stat().st_mode & 0o777 == 0o644  # not mkstemp's private 0600
