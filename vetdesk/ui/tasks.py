"""Running work off the GUI thread: a callback when it is done, or a cancellable progress dialog.

Workers receive plain values and return plain values (records' dicts, ids); ORM objects never cross a
thread. Results come back to the GUI thread through a queued signal on a relay that lives there.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from vetdesk.i18n import _

_alive: set[_Relay] = set()


class Cancelled(Exception):
    """The person pressed Cancel; the work stopped without finishing."""


class Progress:
    """Handed to a worker: report progress and ask whether the person cancelled."""

    def __init__(self, relay: _Relay) -> None:
        self._relay = relay
        self._cancel = threading.Event()

    def report(self, done: int, total: int, text: str | None = None) -> None:
        self._relay.progressed.emit(done, total, text or "")

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise :class:`Cancelled` if the person cancelled (call between steps)."""
        if self._cancel.is_set():
            raise Cancelled()

    def cancel(self) -> None:
        self._cancel.set()


class _Relay(QObject):
    """Lives in the GUI thread; the worker emits, the slots run in the GUI thread."""

    finished_ok = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int, str)

    def __init__(self, on_done: Callable[[Any], None] | None,
                 on_error: Callable[[BaseException], None] | None,
                 on_progress: Callable[[int, int, str], None] | None = None) -> None:
        super().__init__()
        self._on_done = on_done
        self._on_error = on_error
        self._on_progress = on_progress
        self.finished_ok.connect(self._done)
        self.failed.connect(self._fail)
        self.progressed.connect(self._progress)
        _alive.add(self)

    @Slot(int, int, str)
    def _progress(self, done: int, total: int, text: str) -> None:
        if self._on_progress is not None:
            self._on_progress(done, total, text)

    @Slot(object)
    def _done(self, result: Any) -> None:
        _alive.discard(self)
        if self._on_done is not None:
            self._on_done(result)

    @Slot(object)
    def _fail(self, exc: BaseException) -> None:
        _alive.discard(self)
        if self._on_error is not None:
            self._on_error(exc)
        elif not isinstance(exc, Cancelled):
            raise exc  # reaches the application's excepthook


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # handed to the GUI thread, which decides
            self._relay.failed.emit(exc)
        else:
            self._relay.finished_ok.emit(result)


def run_in_background(fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
                      on_error: Callable[[BaseException], None] | None = None) -> None:
    """Run ``fn()`` on the thread pool; ``on_done(result)`` / ``on_error(exc)`` run in the GUI thread."""
    relay = _Relay(on_done, on_error)
    QThreadPool.globalInstance().start(_Job(fn, relay))


def run_with_progress(parent: QWidget | None, title: str, fn: Callable[[Progress], Any],
                      on_done: Callable[[Any], None] | None = None,
                      on_error: Callable[[BaseException], None] | None = None,
                      *, delay_ms: int = 300) -> Progress:
    """Run ``fn(progress)`` off the GUI thread behind a cancellable progress dialog.

    The dialog appears only if the work takes longer than ``delay_ms``; Cancel asks the worker to stop
    (it checks ``progress.check()`` between steps) and ``on_error`` then receives :class:`Cancelled`.
    """
    dialog = QProgressDialog(title, _("Cancel"), 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(delay_ms)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)

    def finish_ok(result: Any) -> None:
        dialog.close()
        dialog.deleteLater()
        if on_done is not None:
            on_done(result)

    def finish_error(exc: BaseException) -> None:
        dialog.close()
        dialog.deleteLater()
        if on_error is not None:
            on_error(exc)
        elif not isinstance(exc, Cancelled):
            raise exc

    def show_progress(done: int, total: int, text: str) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(done)
        if text:
            dialog.setLabelText(text)

    relay = _Relay(finish_ok, finish_error, show_progress)
    progress = Progress(relay)
    dialog.canceled.connect(progress.cancel)
    QTimer.singleShot(0, lambda: QThreadPool.globalInstance().start(_Job(lambda: fn(progress), relay)))
    return progress
