"""The office's committed changes as one Qt signal on the GUI thread.

Every unit of work announces what it changed (``services.changes.ChangeSet``) to the database's listeners,
from whichever thread wrote it; :class:`OfficeChanges` turns that into ``changed``, which Qt delivers on the
GUI thread. Each page decides from the change set whether what it shows is touched, and refreshes itself.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from vetdesk.services.office import Office


class OfficeChanges(QObject):
    """Listens to an office for as long as it lives (or until :meth:`stop`)."""

    #: A ``ChangeSet``: what one committed operation changed.
    changed = Signal(object)

    def __init__(self, office: Office, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stop = office.listen(self._announced)
        self.destroyed.connect(lambda *_a, stop=self._stop: stop())

    def _announced(self, change_set: Any) -> None:
        self.changed.emit(change_set)  # queued to the GUI thread when a worker thread committed

    def stop(self) -> None:
        self._stop()
