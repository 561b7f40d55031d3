"""The signed-in person's reminders over the dashboard's cards: each card's context menu (right click, the menu key
or Shift+F10) marks it done, snoozes it until a day, or shows it again; a quiet card is shown dimmed with why
(``services.reminders``).

Built with the first screen: nothing here loads SQLAlchemy, PySide6's ``Qt`` namespace or the menu's and dialog's
classes until the reminders are read or a menu is opened; the card opens its menu from its own context-menu event
(no event filter, which would see every event of every card).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtGui import QPalette

from vetdesk.domain.problems import RuleViolation
from vetdesk.i18n import _
from vetdesk.services.dashboard import Dashboard
from vetdesk.services.office import Office
from vetdesk.ui.charts import number
from vetdesk.ui.tasks import run_in_background

if TYPE_CHECKING:
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QMenu, QWidget

    from vetdesk.services import reminders

#: A dashboard card (``ui.dashboard.ItemCard``, which builds this module's reminders: not imported back).
ItemCard = Any

#: How long after the figures are shown the reminders are read (the figures are painted first).
READ_DELAY_MS = 150


class CardReminders:
    """The reminders of the person signed in, over one dashboard page's cards."""

    def __init__(self, page: QWidget, db: Office) -> None:
        self.page = page
        self.db = db
        self.data: Dashboard | None = None
        self.kept: dict[str, reminders.Kept] = {}
        self.cards: dict[str, ItemCard] = {}
        #: Each card as shown after the last reminders were read (tests and the context menu look at it).
        self.shown: dict[str, reminders.Shown] = {}
        self._read_once = False

    def attach(self, card: ItemCard, key: str) -> None:
        self.cards[key] = card

        def open_menu(at: QPoint) -> None:
            self.menu(key).popup(at)

        card.open_menu = open_menu

    def apply(self, data: Dashboard) -> None:
        """Fresh figures: read the person's reminders off the GUI thread (a moment later: the figures are painted
        first), then mark the quiet cards."""
        self.data = data
        if self._read_once:  # marked at once with what was read last (no flicker), then read again
            self._mark(self.kept)
        QTimer.singleShot(READ_DELAY_MS, self.page, self._read)

    def _read(self) -> None:
        db = self.db

        def read() -> dict[str, reminders.Kept]:
            from vetdesk.services import reminders

            return reminders.kept(db)

        run_in_background(read, self._arrived, lambda _exc: None, owner=self.page)

    def _arrived(self, kept: dict[str, reminders.Kept]) -> None:
        if not shiboken6.isValid(self.page) or self.data is None:
            return
        self._read_once = True
        self._mark(kept)

    def _mark(self, kept: dict[str, reminders.Kept]) -> None:
        from vetdesk.services import reminders

        assert self.data is not None
        self.kept = kept
        self.shown = {s.item.key: s for s in reminders.shown(self.data, kept, self.data.today)}
        for key, seen in self.shown.items():
            card = self.cards.get(key)
            if card is not None:
                show_quiet(card, seen)

    def menu(self, key: str) -> QMenu:
        from PySide6.QtWidgets import QMenu


        menu = QMenu(self.page)
        seen = self.shown.get(key)
        item = seen.item if seen is not None else (self.data.item(key) if self.data else None)
        if item is None:
            return menu
        done = menu.addAction(_("Mark done"))
        done.setEnabled(bool(item.count))
        done.triggered.connect(lambda: self._do(lambda: self.db.mark_done(item)))
        snooze = menu.addAction(_("Snooze until…"))
        snooze.setEnabled(bool(item.count))
        snooze.triggered.connect(lambda: self.snooze(key, item.title))
        again = menu.addAction(_("Show again"))
        again.setEnabled(key in self.kept)
        again.triggered.connect(lambda: self._do(lambda: self.db.reopen(key)))
        return menu

    def snooze(self, key: str, title: str) -> None:
        from PySide6.QtWidgets import QDialog, QMessageBox

        from vetdesk.ui.snooze import SnoozeDialog

        dialog = SnoozeDialog(title, self.page)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        day = dialog.day()
        if day is None:
            QMessageBox.warning(self.page, dialog.windowTitle(), _("Type a day, e.g. {example}.").format(
                example=dialog.until.line.placeholderText()))
            return

        self._do(lambda: self.db.snooze(key, day))

    def _do(self, change: Any) -> None:
        """Write the reminder; the change is announced, and the dashboard counts again and marks its cards."""
        try:
            change()
        except RuleViolation as exc:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(self.page, _("Reminders"), "\n".join(p.message for p in exc.problems))


def show_quiet(card: ItemCard, seen: reminders.Shown) -> None:
    """A card as the person's reminder leaves it: quiet (dimmed, with why) or as counted."""
    item = seen.item
    card.show_item(item)
    if not seen.quiet:
        return
    card.title_label.setText(f"{item.title}\n({seen.note})")
    card.count_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    card.setAccessibleName(f"{item.title}: {number(item.count)} ({seen.note})")
