"""Fixtures for the window's tests: a private QSettings file and helpers to wait for lists to load."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings


@pytest.fixture
def qsettings(tmp_path: Path) -> QSettings:
    """Settings in a file of this test only (never the user's own)."""
    return QSettings(str(tmp_path / "vetdesk-ui.ini"), QSettings.Format.IniFormat)


def wait_loaded(qtbot, page, timeout: int = 5000) -> None:  # type: ignore[no-untyped-def]
    """Wait until a list page has received its ids from the background query."""
    qtbot.waitUntil(lambda: not page.loading, timeout=timeout)


@pytest.fixture
def no_dialogs(monkeypatch: pytest.MonkeyPatch, qtbot) -> Iterator[list[str]]:  # type: ignore[no-untyped-def]
    """A message box a test did not expect fails the test instead of waiting for a click forever.

    Tests that expect a question replace ``QMessageBox.question`` with their own answer afterwards.
    At the end the test waits for its background jobs, so none reports to a window already gone.
    """
    from PySide6.QtWidgets import QMessageBox

    from vetdesk.ui import tasks

    shown: list[str] = []

    def unexpected(name: str):  # type: ignore[no-untyped-def]
        def box(parent, title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
            shown.append(text)
            raise AssertionError(f"unexpected QMessageBox.{name}: {text}")
        return box

    for name in ("question", "warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, unexpected(name))
    yield shown
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=10000)
