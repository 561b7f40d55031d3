"""Fixtures for the window's tests: a private QSettings file and helpers to wait for lists to load."""

from __future__ import annotations

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
def no_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A message box a test did not expect fails the test instead of waiting for a click forever.

    Tests that expect a question replace ``QMessageBox.question`` with their own answer afterwards.
    """
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []

    def unexpected(name: str):  # type: ignore[no-untyped-def]
        def box(parent, title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
            shown.append(text)
            raise AssertionError(f"unexpected QMessageBox.{name}: {text}")
        return box

    for name in ("question", "warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, unexpected(name))
    return shown
