"""Opening a file with the system's program (``ui.files.open_path``): ``xdg-open``'s answer is read, and the
window keeps painting while it is awaited (it froze for up to 1.5 s when the program started held ``xdg-open``)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from vetdesk.ui import files


def _opener(folder: Path, script: str) -> str:
    folder.mkdir()
    opener = folder / "xdg-open"
    opener.write_text("#!/bin/sh\n" + script)
    opener.chmod(0o755)
    return f"{folder}{os.pathsep}{os.environ.get('PATH', '')}"


@pytest.mark.parametrize(("script", "opened"), [("exit 0\n", True), ("exit 3\n", False), ("sleep 5\n", True)])
def test_the_answer_is_read_and_the_window_lives_while_it_is_awaited(qtbot, monkeypatch, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                    script: str, opened: bool) -> None:
    monkeypatch.setenv("PATH", _opener(tmp_path / "bin", script))
    monkeypatch.setattr(files.sys, "platform", "linux")
    fired: list[float] = []
    QTimer.singleShot(50, lambda: fired.append(time.monotonic()))
    began = time.monotonic()
    assert files.open_path(tmp_path / "convenio.pdf") is opened
    took = time.monotonic() - began
    assert took < files._XDG_ANSWER_SECONDS + 1
    if script.startswith("sleep"):  # a program holding xdg-open: the wait is spent with the window alive
        assert took >= files._XDG_ANSWER_SECONDS - 0.1
        assert fired and fired[0] - began < 0.5, "the window's events waited for xdg-open"
