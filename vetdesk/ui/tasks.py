"""Running work off the GUI thread: a callback when it is done, or a cancellable progress dialog.

Workers receive plain values and return plain values (records' dicts, ids); ORM objects never cross a
thread. Results come back to the GUI thread through a queued signal on a relay that lives there.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget

from vetdesk.i18n import _

_alive: set[_Relay] = set()


def pending() -> int:
    """How many background jobs have not reported back yet (tests wait for none before closing)."""
    return len(_alive)


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
                 on_progress: Callable[[int, int, str], None] | None = None, owner: QObject | None = None) -> None:
        # Owned by the application object (GUI thread), not by its Python references: the worker's
        # reference may be the last one and is dropped on the worker's thread, which must never delete a
        # QObject of the GUI thread (least of all while its slot runs there). It is deleted with
        # deleteLater once its slot has run.
        super().__init__(QCoreApplication.instance())
        self._owner = owner
        self._on_done = on_done
        self._on_error = on_error
        self._on_progress = on_progress
        self.finished_ok.connect(self._done)
        self.failed.connect(self._fail)
        self.progressed.connect(self._progress)
        _alive.add(self)

    def _owner_gone(self) -> bool:
        return self._owner is not None and not shiboken6.isValid(self._owner)

    @Slot(int, int, str)
    def _progress(self, done: int, total: int, text: str) -> None:
        if self._on_progress is not None and not self._owner_gone():
            self._on_progress(done, total, text)

    def _finished(self) -> None:
        _alive.discard(self)
        self.deleteLater()

    @Slot(object)
    def _done(self, result: Any) -> None:
        self._finished()
        if self._owner_gone():
            return  # the window that asked was closed meanwhile
        if self._on_done is not None:
            self._on_done(result)

    @Slot(object)
    def _fail(self, exc: BaseException) -> None:
        self._finished()
        if self._owner_gone():
            return
        if self._on_error is not None:
            self._on_error(exc)
        elif not isinstance(exc, Cancelled):
            raise exc  # reaches the application's excepthook


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay: _Relay | None = relay

    def run(self) -> None:
        relay, self._relay = self._relay, None
        if relay is None:  # run twice: the first run reported already
            return
        try:
            try:
                result = self._fn()
            except BaseException as exc:  # handed to the GUI thread, which decides
                relay.failed.emit(exc)
            else:
                relay.finished_ok.emit(result)
        except RuntimeError:  # the application closed while this ran: nobody is left to tell
            pass


def run_in_background(fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
                      on_error: Callable[[BaseException], None] | None = None, *,
                      owner: QObject | None = None) -> None:
    """Run ``fn()`` on the thread pool; ``on_done(result)`` / ``on_error(exc)`` run in the GUI thread.

    With ``owner`` (the widget that asked), nothing is called back once that widget has been deleted.
    """
    relay = _Relay(on_done, on_error, owner=owner)
    QThreadPool.globalInstance().start(_Job(fn, relay))


def run_with_progress(parent: QWidget | None, title: str, fn: Callable[[Progress], Any],
                      on_done: Callable[[Any], None] | None = None,
                      on_error: Callable[[BaseException], None] | None = None,
                      *, delay_ms: int = 300) -> Progress:
    """Run ``fn(progress)`` off the GUI thread behind a cancellable progress dialog.

    The dialog appears only if the work takes longer than ``delay_ms``; Cancel asks the worker to stop
    (it checks ``progress.check()`` between steps) and ``on_error`` then receives :class:`Cancelled`.
    """
    state: dict[str, Any] = {"dialog": None, "finished": False}

    def show_dialog() -> None:
        if state["finished"] or (parent is not None and not shiboken6.isValid(parent)):
            return
        # Not at start-up: Qt (see vetdesk.ui), nor the dialog's class (the first screen imports this module for
        # run_in_background, and QProgressDialog brings QDialog's enums: ≈1.3 ms of the start).
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QProgressDialog

        dialog = QProgressDialog(title, _("Cancel"), 0, 0, parent)
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(progress.cancel)
        state["dialog"] = dialog
        dialog.show()

    def hide_dialog() -> None:
        state["finished"] = True
        dialog = state["dialog"]
        if dialog is not None and shiboken6.isValid(dialog):
            dialog.canceled.disconnect(progress.cancel)
            dialog.hide()
            dialog.deleteLater()
        state["dialog"] = None

    def finish_ok(result: Any) -> None:
        hide_dialog()
        if on_done is not None:
            on_done(result)

    def finish_error(exc: BaseException) -> None:
        hide_dialog()
        if on_error is not None:
            on_error(exc)
        elif not isinstance(exc, Cancelled):
            raise exc

    def show_progress(done: int, total: int, text: str) -> None:
        dialog = state["dialog"]
        if dialog is None or not shiboken6.isValid(dialog):
            return
        dialog.setMaximum(max(total, 0))
        dialog.setValue(done)
        if text:
            dialog.setLabelText(text)

    relay = _Relay(finish_ok, finish_error, show_progress)
    progress = Progress(relay)
    QTimer.singleShot(delay_ms, show_dialog)
    QThreadPool.globalInstance().start(_Job(lambda: fn(progress), relay))
    return progress
