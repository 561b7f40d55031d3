"""The office's committed changes as one Qt signal on the GUI thread.

Every unit of work announces what it changed (``services.changes.ChangeSet``) to the database's listeners,
from whichever thread wrote it; :class:`OfficeChanges` turns that into ``changed``, which Qt delivers on the
GUI thread. Each page decides from the change set whether what it shows is touched, and refreshes itself.

Changes committed by someone else — ``vetdesk`` run in a terminal, a colleague's PC on a shared PostgreSQL
database — reach the same signal: every few seconds, and when the window comes back to the front, the audit
trail is asked what was committed since (``services.elsewhere``).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from vetdesk.services.office import Office

#: How often the audit trail is asked for changes made elsewhere (milliseconds).
LOOK_EVERY_MS = 5000


class OfficeChanges(QObject):
    """Listens to an office for as long as it lives (or until :meth:`stop`)."""

    #: A ``ChangeSet``: what one committed operation changed.
    changed = Signal(object)

    def __init__(self, office: Office, parent: QObject | None = None, *, elsewhere: bool = False) -> None:
        """``elsewhere``: also look for changes made elsewhere (the main window's listener does, for all that
        listen to the office: what it finds is announced to them as their own changes are)."""
        super().__init__(parent)
        self.office = office
        self._watch: Any = None  # services.elsewhere.Watch, made at the first look (after the first screen)
        #: What others committed from (about) now on is theirs to show; this program's own announced entries until
        #: the watch is made are not.
        self._opened = datetime.now(UTC).replace(tzinfo=None) - timedelta(seconds=1)
        self._own: set[int] = set()
        self._stop = office.listen(self._announced)
        self.destroyed.connect(lambda *_a, stop=self._stop: stop())
        self._timer = QTimer(self)
        if elsewhere:
            self._timer.setInterval(LOOK_EVERY_MS)
            self._timer.timeout.connect(self.look_elsewhere)
            self._timer.start()

    def _announced(self, change_set: Any) -> None:
        watch = self._watch
        if watch is not None:
            watch.announced(change_set)
        else:
            self._own.update(getattr(change_set, "entries", ()))
        self.changed.emit(change_set)  # queued to the GUI thread when a worker thread committed

    def _focus_moved(self, window: Any) -> None:
        if window is not None:  # back in one of vetdesk's windows (from a terminal, another program, a dialog)
            self.look_elsewhere()

    def look_elsewhere(self) -> None:
        """Announce what was committed to the database elsewhere since the last look (the first: since the
        window opened). A failed look (the server out of reach) is skipped: the next one tries again."""
        from vetdesk.services.elsewhere import Watch

        try:
            if self._watch is None:
                self._watch = Watch.of(self.office, since=self._opened, known=self._own)
                self._follow_focus()
            found = self._watch.look(self.office)
        except Exception as exc:  # noqa: BLE001 - a look is a courtesy; the window's own work goes on
            logging.getLogger(__name__).warning("could not look for changes made elsewhere (%s)",
                                                type(exc).__name__)
            return
        if not found.empty:
            self.office.announce(found)  # to every listener of the office, this one included

    def _follow_focus(self) -> None:
        """From the first look on, also look when vetdesk comes back to the front (connected here, not at start:
        the first screen is built without it)."""
        from PySide6.QtGui import QGuiApplication

        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.focusWindowChanged.connect(self._focus_moved)

    def stop(self) -> None:
        self._timer.stop()
        self._stop()
        if self._watch is not None:
            from PySide6.QtGui import QGuiApplication

            app = QGuiApplication.instance()
            if isinstance(app, QGuiApplication):
                try:
                    app.focusWindowChanged.disconnect(self._focus_moved)
                except (RuntimeError, TypeError):  # not connected (no application when it looked)
                    pass
