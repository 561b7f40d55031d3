"""The wizard's own widgets: a search list that keeps its choice."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from vetdesk.i18n import _
from vetdesk.services import lookups
from vetdesk.services.lookups import Choice
from vetdesk.ui.tasks import run_in_background

_DEBOUNCE_MS = 250


#: Room around a name in the picker's list: the cell's margins and the focus frame.
NAME_PADDING = 24

class ChoiceList(QWidget):
    """A search box over a list of records; the chosen one stays chosen while the officer searches on."""

    chosenChanged = Signal()

    def __init__(self, fetch: Callable[[str], list[Choice]], name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._chosen: Choice | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search by name or identifier…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Search {what}").format(what=name))
        layout.addWidget(self.search)
        self.model = QStandardItemModel(self)
        self.view = QTreeView()
        self.view.setModel(self.model)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAllColumnsShowFocus(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setAccessibleName(name)
        layout.addWidget(self.view, 1)
        self.hint = QLabel()
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(self.hint)
        self.chosen_label = QLabel()
        self.chosen_label.setWordWrap(True)
        layout.addWidget(self.chosen_label)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(_DEBOUNCE_MS)
        self._timer.timeout.connect(self._reload_in_background)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self.reload)
        self.search.installEventFilter(self)
        self.view.selectionModel().currentChanged.connect(lambda current, _prev: self._pick(current.row()))
        self.view.activated.connect(lambda index: self._pick(index.row()))
        self._choices: list[Choice] = []
        self._generation = 0
        self._show_chosen()

    def focus_search_soon(self) -> None:
        """Put the cursor in the search box once the page is shown (the wizard focuses its own buttons first):
        the officer types at once."""
        QTimer.singleShot(0, self, lambda: self.search.setFocus() if self.isEnabled() else None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Down arrow in the search box moves into the list, as in a combo box.
        if watched is self.search and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() == Qt.Key.Key_Down and self.model.rowCount():
            self.view.setFocus()
            if not self.view.currentIndex().isValid():
                self.view.setCurrentIndex(self.model.index(0, 0))
            return True
        return super().eventFilter(watched, event)

    def reload(self) -> None:
        """Search now and wait for the result (opening a page, pressing Enter)."""
        self._timer.stop()
        self._generation += 1
        self._show(self._fetch(self.search.text().strip()))

    def _reload_in_background(self) -> None:
        # While the officer types, search in the thread pool: a rare name on a large database scans the
        # whole table, and typing must not stall meanwhile. Only the latest search is shown.
        self._generation += 1
        generation, text, fetch = self._generation, self.search.text().strip(), self._fetch
        run_in_background(lambda: fetch(text),
                          lambda found: self._show(found) if generation == self._generation else None,
                          owner=self)  # the wizard may be closed before the search returns

    def _show(self, found: list[Choice]) -> None:
        self._choices = found
        self.model.clear()
        self.model.setHorizontalHeaderLabels([_("Name"), _("Details")])
        for choice in self._choices:
            name = QStandardItem(choice.label)
            name.setData(choice.id, Qt.ItemDataRole.UserRole)
            detail = QStandardItem(choice.detail)
            detail.setForeground(self.palette().color(QPalette.ColorRole.PlaceholderText))
            detail.setToolTip(choice.detail)
            self.model.appendRow([name, detail])
        self._fit_names()
        self._highlight()
        if not self._choices:
            self.hint.setText(_("Nothing matches; change the search."))
        elif len(self._choices) >= lookups.LIMIT:
            self.hint.setText(_("Showing the first {n}; type more of the name to narrow the list.")
                              .format(n=lookups.LIMIT))
        else:
            self.hint.setText("")

    def _fit_names(self) -> None:
        """The name column as wide as its longest name (a tree view measures only the rows it shows, so a name
        further down, or every name while the page is hidden, was cut), up to two thirds of the view; a name
        cut even so says itself in a tooltip."""
        metrics = self.view.fontMetrics()
        widest = max([metrics.horizontalAdvance(c.label) for c in self._choices]
                     + [self.view.header().fontMetrics().horizontalAdvance(_("Name"))]) + NAME_PADDING
        room = max(self.view.viewport().width() * 2 // 3, 240)
        self.view.setColumnWidth(0, min(widest, room))
        if widest > room:
            for row, choice in enumerate(self._choices):
                item = self.model.item(row, 0)
                if item is not None:
                    item.setToolTip(choice.label)

    def _pick(self, row: int) -> None:
        if 0 <= row < len(self._choices):
            self.choose(self._choices[row])

    def choose(self, choice: Choice | None) -> None:
        if choice == self._chosen:
            return
        self._chosen = choice
        self._show_chosen()
        self._highlight()
        self.chosenChanged.emit()

    def _highlight(self) -> None:
        """Select the chosen record's row when it is listed (without choosing it again)."""
        row = next((i for i, c in enumerate(self._choices) if self._chosen and c.id == self._chosen.id), None)
        selection = self.view.selectionModel()
        selection.blockSignals(True)
        if row is None:
            selection.clearSelection()
        else:
            self.view.setCurrentIndex(self.model.index(row, 0))
        selection.blockSignals(False)
        self.view.viewport().update()

    def choose_id(self, record_id: int | None) -> bool:
        """Choose the record with ``record_id`` among the listed ones; False if it is not listed."""
        if record_id is None:
            self.choose(None)
            return True
        for choice in self._choices:
            if choice.id == record_id:
                self.choose(choice)
                return True
        return False

    def chosen(self) -> Choice | None:
        return self._chosen

    def chosen_id(self) -> int | None:
        return self._chosen.id if self._chosen else None

    def choices(self) -> list[Choice]:
        return list(self._choices)

    def _show_chosen(self) -> None:
        if self._chosen is None:
            self.chosen_label.setText(_("Nothing chosen yet."))
        else:
            self.chosen_label.setText(_("Chosen: {name}").format(name=self._chosen.label))
