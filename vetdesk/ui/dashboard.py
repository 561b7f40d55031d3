"""The first screen: what needs the officer today, as cards that open the filtered list, and the figures.

The figures are computed off the GUI thread (``vetdesk.services.dashboard`` in the thread pool); the
page shows the previous figures, or "Loading…", until they arrive, so opening never freezes.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from vetdesk.i18n import _, current
from vetdesk.services import faults
from vetdesk.services.dashboard import Counted, Dashboard, Item, dashboard
from vetdesk.services.office import Office
from vetdesk.ui.charts import BarChart, StackedBarChart, StackRow, number
from vetdesk.ui.logbook_reminders import CardReminders
from vetdesk.ui.tasks import run_in_background

if TYPE_CHECKING:
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QContextMenuEvent, QEnterEvent, QKeyEvent

_CARD_STYLE = """
QPushButton#dashboardCard {
    text-align: left; border: 1px solid palette(mid); border-radius: 6px; background: palette(base);
    padding: 0px;
}
QPushButton#dashboardCard:hover { border: 1px solid palette(highlight); }
QPushButton#dashboardCard:focus { border: 2px solid palette(highlight); }
QPushButton#dashboardCard:pressed { background: palette(alternate-base); }
QLabel#dashboardCount { qproperty-alignment: 'AlignRight | AlignVCenter'; }
"""


class ItemCard(QPushButton):
    """A clickable card: the count in large type and what it counts; Enter, Return or Space opens it.

    Built without PySide6's ``Qt`` namespace (see :mod:`vetdesk.ui`): a push button takes the keyboard focus
    (tab and click) by default, the labels pass mouse clicks on to it, the count's alignment is in the style
    sheet and the pointing hand is set each time the mouse comes over the card.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardCard")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(12)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("dashboardCount")
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 1.9)
        big.setBold(True)
        self.count_label.setFont(big)
        self.count_label.setMinimumWidth(self.count_label.fontMetrics().horizontalAdvance("0000"))
        self.title_label = QLabel(self)
        self.title_label.setWordWrap(True)
        layout.addWidget(self.count_label)
        layout.addWidget(self.title_label, 1)
        self.setMinimumHeight(max(64, big.pointSize() * 3))
        self.item: Item | None = None
        #: Opens the card's menu at a point on the screen (the person's reminders set it), or None.
        self.open_menu: Callable[[QPoint], None] | None = None

    def show_item(self, item: Item) -> None:
        self.item = item
        self.count_label.setText(number(item.count))
        self.title_label.setText(item.title)
        role = QPalette.ColorRole.Highlight if item.count else QPalette.ColorRole.PlaceholderText
        palette = self.count_label.palette()
        colour = palette.color(role)
        if item.count:  # the highlight's blue reads at about 3:1 on the card: darkened to AA (4.5:1)
            from vetdesk.ui.style import readable_accent

            colour = readable_accent(colour, palette.color(QPalette.ColorRole.Base),
                                     palette.color(QPalette.ColorRole.Window))
        palette.setColor(QPalette.ColorRole.WindowText, colour)
        self.count_label.setPalette(palette)
        self.count_label.setForegroundRole(QPalette.ColorRole.WindowText)
        self.setToolTip(f"{item.title}: {number(item.count)}\n{item.description}\n"
                        + _("Click to open the list."))
        self.setAccessibleName(f"{item.title}: {number(item.count)}")
        self.setAccessibleDescription(item.description)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """A right click, the menu key or Shift+F10."""
        if self.open_menu is None:
            super().contextMenuEvent(event)
            return
        self.open_menu(event.globalPos())
        event.accept()

    def enterEvent(self, event: QEnterEvent) -> None:
        from PySide6.QtCore import Qt

        self.setCursor(Qt.CursorShape.PointingHandCursor)
        super().enterEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        from PySide6.QtCore import Qt

        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.animateClick()
            return
        super().keyPressEvent(event)


class DashboardPage(QWidget):
    """What needs the officer today and the chamber's figures; each item opens its filtered list."""

    #: (kind, filters): a records.KINDS name and ListQuery keys, or "ids", plus "title".
    openList = Signal(str, dict)
    #: Emitted each time fresh figures are shown (tests and the status bar wait on it).
    loaded = Signal()

    COLUMNS = 3

    def __init__(self, db: Office, parent: QWidget | None = None, *, early: Future[Counted] | None = None) -> None:
        """``early``: figures already being counted (started before the window was built); shown instead of
        counting again for the first display."""
        super().__init__(parent)
        self._db = db
        self._early = early
        self._recount_pending = False
        self._generation = 0
        self._data: Dashboard | None = None
        self._cards: dict[str, ItemCard] = {}
        #: The signed-in person's reminders over the cards (done, snoozed).
        self.reminders = CardReminders(self, db)
        self.setAccessibleName(_("Dashboard"))

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        self._layout = QVBoxLayout(body)
        self._layout.setContentsMargins(16, 12, 16, 16)
        self._layout.setSpacing(10)

        header = QHBoxLayout()
        self.heading = QLabel(_("What needs you today"))
        heading_font = QFont(self.heading.font())
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.35)
        heading_font.setBold(True)
        self.heading.setFont(heading_font)
        header.addWidget(self.heading)
        header.addStretch(1)
        self.status = QLabel(_("Loading…"))
        self.status.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        header.addWidget(self.status)
        self.refresh_button = QToolButton()
        self.refresh_button.setText(_("Refresh"))
        self.refresh_button.setToolTip(_("Count again (F5)"))
        self.refresh_button.setAccessibleName(_("Refresh the dashboard"))
        self.refresh_button.clicked.connect(self.refresh)
        header.addWidget(self.refresh_button)
        self._layout.addLayout(header)

        # The cards' style sheet is set once, on the box that holds them: each card's own took a parse of
        # its own, ten times over while the first screen is shown.
        cards = QWidget()
        cards.setStyleSheet(_CARD_STYLE)
        self._grid = QGridLayout(cards)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(8)
        self._layout.addWidget(cards)

        self.figures_heading = QLabel(_("Figures"))
        self.figures_heading.setFont(heading_font)
        self._layout.addWidget(self.figures_heading)
        self.active_label = QLabel()
        self._layout.addWidget(self.active_label)
        charts = QGridLayout()
        charts.setSpacing(12)
        self.programme_chart = BarChart(_("Active apprentices by programme"))
        self.company_chart = BarChart(_("Active apprentices by company"))
        self.sex_chart = BarChart(_("Active apprentices by sex"), show_share=True)
        self.outcome_chart = StackedBarChart(_("Completed and terminated agreements by year of end"),
                                             [_("Completed"), _("Terminated")])
        charts.addWidget(self.programme_chart, 0, 0)
        charts.addWidget(self.company_chart, 0, 1)
        charts.addWidget(self.sex_chart, 1, 0)
        charts.addWidget(self.outcome_chart, 1, 1)
        charts.setColumnStretch(0, 1)
        charts.setColumnStretch(1, 1)
        self._layout.addLayout(charts)
        self._layout.addStretch(1)
        self.programme_chart.rowClicked.connect(lambda row: self._open_bar(self._data.by_programme, row)
                                                if self._data else None)
        self.company_chart.rowClicked.connect(lambda row: self._open_bar(self._data.by_company, row)
                                              if self._data else None)
        self.refresh()

    # -- loading --------------------------------------------------------------------------------------

    def on_changed(self, changes: Any) -> None:
        """Any committed change may move a figure: count again once the event loop is free (a batch that
        announces many changes in a row is counted once)."""
        if not self._recount_pending:
            self._recount_pending = True
            QTimer.singleShot(0, self._recount)

    def _recount(self) -> None:
        self._recount_pending = False
        if shiboken6.isValid(self):
            self.refresh()

    def refresh(self) -> None:
        """Count again in the background; the current figures stay visible meanwhile."""
        self._generation += 1
        generation = self._generation
        self.status.setText(_("Loading…"))
        self.refresh_button.setEnabled(False)
        db, early, self._early = self._db, self._early, None
        if early is not None and early.done() and early.exception() is None:
            self._show(generation, early.result().dashboard())  # counted already: shown with the first paint
            return
        run_in_background((lambda: Counted.ready(dashboard(db))) if early is None else early.result,
                          lambda counted: self._show(generation, counted.dashboard()),
                          lambda exc: self._failed(generation, exc), owner=self)  # not once the page is gone

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self.refresh_button.setEnabled(True)
        message = faults.explain(exc)
        if message is None:
            raise exc
        self.status.setText(_("The figures could not be read: {reason}").format(reason=message))

    def _show(self, generation: int, data: Dashboard) -> None:
        if generation != self._generation:
            return  # an older count finished after a newer one started
        self._data = data
        self.refresh_button.setEnabled(True)
        self.status.setText(_("As of {date}").format(date=current().format_date(data.today)))
        for index, item in enumerate(data.items):
            card = self._cards.get(item.key)
            if card is None:
                card = ItemCard()
                card.clicked.connect(lambda _checked=False, key=item.key: self.open_item(key))
                self.reminders.attach(card, item.key)
                self._cards[item.key] = card
                self._grid.addWidget(card, index // self.COLUMNS, index % self.COLUMNS)
            card.show_item(item)
        self.reminders.apply(data)
        self.active_label.setText(_("Active apprentices: {n}").format(n=number(data.active_total)))
        self.programme_chart.set_bars([(b.label, b.value) for b in data.by_programme],
                                      [bool(b.filters) for b in data.by_programme])
        self.company_chart.set_bars([(b.label, b.value) for b in data.by_company],
                                    [bool(b.filters) for b in data.by_company],
                                    [i for i, b in enumerate(data.by_company) if not b.filters])
        self.sex_chart.set_bars([(b.label, b.value) for b in data.by_sex])
        self.outcome_chart.set_rows([StackRow(str(o.year), (o.completed, o.terminated)) for o in data.outcomes])
        self._set_tab_order()
        self.loaded.emit()

    def _set_tab_order(self) -> None:
        cards = [self._cards[i.key] for i in self._data.items] if self._data else []
        chain = [self.refresh_button, *cards]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    # -- opening lists --------------------------------------------------------------------------------

    def data(self) -> Dashboard | None:
        return self._data

    def card(self, key: str) -> ItemCard:
        return self._cards[key]

    def open_item(self, key: str) -> None:
        if self._data is None:
            return
        item = self._data.item(key)
        self.openList.emit(item.kind, dict(item.filters))

    def _open_bar(self, bars: list[Any], row: int) -> None:
        if 0 <= row < len(bars) and bars[row].filters:
            self.openList.emit("agreements", dict(bars[row].filters))
