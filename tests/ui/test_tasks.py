"""Work off the GUI thread: results come back to the GUI thread; a progress dialog can cancel."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtWidgets import QWidget

from vetdesk.ui import tasks

pytestmark = pytest.mark.usefixtures("no_dialogs")


def test_results_arrive_in_the_gui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    seen: list[tuple[str, bool]] = []
    gui = threading.current_thread()
    worker_threads: list[threading.Thread] = []

    def work() -> str:
        worker_threads.append(threading.current_thread())
        return "done"

    tasks.run_in_background(work, lambda result: seen.append((result, threading.current_thread() is gui)))
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    assert seen == [("done", True)]
    assert worker_threads and worker_threads[0] is not gui


def test_errors_arrive_in_the_gui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    errors: list[BaseException] = []

    def work() -> None:
        raise OSError("disk gone")

    tasks.run_in_background(work, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=3000)
    assert isinstance(errors[0], OSError)


def test_nothing_is_called_back_once_the_owner_is_gone(qtbot) -> None:  # type: ignore[no-untyped-def]
    owner = QWidget()
    release = threading.Event()
    seen: list[str] = []
    tasks.run_in_background(lambda: release.wait(3) and "late", seen.append, owner=owner)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not __import__("shiboken6").isValid(owner), timeout=3000)
    release.set()
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=3000)
    assert seen == []


def test_progress_can_be_cancelled(qtbot) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    steps: list[int] = []
    outcome: list[object] = []

    def work(progress: tasks.Progress) -> str:
        for i in range(500):
            steps.append(i)
            progress.report(i, 500)
            progress.check()
            time.sleep(0.005)
        return "finished"

    progress = tasks.run_with_progress(parent, "Working", work, outcome.append, outcome.append, delay_ms=50)
    qtbot.waitUntil(lambda: len(steps) > 20, timeout=3000)
    progress.cancel()
    qtbot.waitUntil(lambda: bool(outcome), timeout=3000)
    assert isinstance(outcome[0], tasks.Cancelled)
    assert len(steps) < 500
