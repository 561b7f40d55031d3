"""A list page: search box, filters, the lazy table, and the record form beside it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QMouseEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QStyle,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from vetdesk.domain.lifecycle import Status, status_label
from vetdesk.domain.problems import RuleViolation
from vetdesk.i18n import N_, _, current, ngettext, upper_first
from vetdesk.services import records, references
from vetdesk.services.changes import ChangeSet
from vetdesk.services.faults import explain
from vetdesk.services.office import Office
from vetdesk.ui.editors import reference_choices
from vetdesk.ui.forms import RecordForm
from vetdesk.ui.headers import title_floor, wrap_header
from vetdesk.ui.listmodel import RecordTableModel, list_order
from vetdesk.ui.tasks import run_in_background

#: The record pane's narrowest width, and its width when it first opens: a field beside its label still shows a
#: whole CURP or e-mail address (a longer value widens the pane: ``_fit_form_to_values``), and the list beside it
#: at 1366×768 keeps five whole columns (issue 21: an agreement open beside the list left ≈3½).
FORM_MIN_WIDTH = 470
#: Fields whose value must be read whole (no scrolling inside the field): identifiers and e-mail addresses.
WHOLE_VALUE_TYPES = ("id", "email")
#: A line edit's frame and text margins around its text.
LINE_EDIT_PADDING = 14

#: Which filters each list offers (the model must have the column).
FILTERS = {
    "agreements": ("status", "company_id", "programme_id", "school_id"),
    "apprentices": ("school_id",),
    "instructors": ("company_id",),
    "tutors": ("school_id",),
    "competencies": ("programme_id",),
    "positions": ("company_id",),
    "rotation_plans": ("company_id", "programme_id"),
    "collaborations": ("school_id", "company_id"),
}
#: Forms of kinds that add to the record form (a life cycle, a catalogue…): kind -> (module, class).
FORMS = {
    "agreements": ("vetdesk.ui.agreement_form", "AgreementForm"),
    "apprentices": ("vetdesk.ui.apprentice_form", "ApprenticeForm"),
    "programmes": ("vetdesk.ui.setup_forms", "ProgrammeForm"),
    "rotation_plans": ("vetdesk.ui.setup_forms", "PlanForm"),
    "rotations": ("vetdesk.ui.setup_forms", "RotationForm"),
    "collaborations": ("vetdesk.ui.setup_forms", "CollaborationForm"),
    "logbook": ("vetdesk.ui.logbook_form", "WeekForm"),
    "exams": ("vetdesk.ui.exam_forms", "ExamForm"),
    "exam_registrations": ("vetdesk.ui.exam_forms", "RegistrationForm"),
}
_FILTER_KINDS = {"company_id": "companies", "programme_id": "programmes", "school_id": "schools"}
#: The widest a column is made to show its values (pixels); the officer may drag it wider.
MAX_FITTED_COLUMN = 340
#: The narrowest a name column is made so that the columns right of it stay in sight beside an open record.
NARROWEST_TEXT_COLUMN = 120
#: The fewest rows a query reads first (ListPage._first_rows): a window on a tall screen shows about as many.
FIRST_ROWS = 40
_FILTER_LABELS = {"status": N_("All statuses"), "company_id": N_("All companies"),
                  "programme_id": N_("All programmes"), "school_id": N_("All schools")}
SEARCH_DELAY_MS = 250


class RecordTable(QTableView):
    """The list's table; Enter opens the current record like a double-click."""

    openRequested = Signal(int)
    #: The person moved to a row by a plain click or a key (not a selection extended with Shift or Ctrl): its id.
    rowChosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: Whether the rows a jump goes to are still being read (to the end: the list's last ids; to the top: a new
        #: order's first rows), set by the list page.
        self.reading: Callable[[bool], bool] = lambda _to_end: False
        #: A Ctrl+End (True) or Ctrl+Home (False) pressed while they were read: done once they are here.
        self.pending_jump: bool | None = None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        super().mousePressEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not event.modifiers() & (
                Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier):
            self._chosen(self.indexAt(event.position().toPoint()).row())

    def _chosen(self, row: int) -> None:
        record_id = self.model().data(self.model().index(row, 0), Qt.ItemDataRole.UserRole) if row >= 0 else None
        if record_id is not None:
            self.rowChosen.emit(int(record_id))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        before = self.currentIndex().row()
        self._key_press(event)
        row = self.currentIndex().row()
        if row != before and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self._chosen(row)

    def _key_press(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            record_id = self.model().data(self.currentIndex(), Qt.ItemDataRole.UserRole)
            if record_id is not None:
                self.openRequested.emit(int(record_id))
                return
        if event.key() in (Qt.Key.Key_End, Qt.Key.Key_Home) \
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            # Right after a click on a column's header the list is read again in its new order: Qt moved within
            # the old rows (or, with no current row, to the first) and the first Ctrl+End seemed lost.
            to_end = event.key() == Qt.Key.Key_End
            if self.reading(to_end):
                self.pending_jump = to_end
            else:
                self.jump(to_end)
            event.accept()
            return
        super().keyPressEvent(event)

    def jump(self, to_end: bool) -> None:
        """Select the last (or first) row, in the current row's column, and show it."""
        self.pending_jump = None
        model = self.model()
        rows = model.rowCount() if model is not None else 0
        if not rows:
            return
        header = self.horizontalHeader()
        shown = (header.logicalIndex(v) for v in range(header.count()))
        column = self.currentIndex().column() if self.currentIndex().isValid() else next(
            (i for i in shown if not header.isSectionHidden(i)), 0)
        index = model.index(rows - 1 if to_end else 0, column)
        self.setCurrentIndex(index)
        self.scrollTo(index)


class ListPage(QWidget):
    """One kind of record: the list and, beside it, the open record's form."""

    #: A record was chosen (picker mode: double-click or Enter).
    recordChosen = Signal(int)
    #: Something for the status bar.
    status = Signal(str)
    #: The open form asks to print its agreement.
    printRequested = Signal(int)
    #: A form was opened or closed.
    formChanged = Signal()
    #: Open a record of another list (kind, id): what belongs to the open record.
    openRecord = Signal(str, int)

    def __init__(self, db: Office, kind: str, parent: QWidget | None = None, *, picker: bool = False,
                 settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.kind = kind
        self.picker = picker
        self.settings = settings
        self.form: RecordForm | None = None
        self.model = RecordTableModel(db, kind, parent=self)
        self.query = list_order(kind)
        self.only_ids: set[int] | None = None
        #: The dashboard item whose exact set of records the list shows (``only_ids``), asked again at each
        #: refresh: a change (a report reviewed, an agreement started) moves records in or out of it.
        self.dashboard_item: str | None = None
        self.loading = False
        self._generation = 0
        #: Set when a newer query replaces the current one (the background reads of the old one stop).
        self._superseded = threading.Event()
        #: The query whose other ids are read once its first rows are painted (:meth:`_read_rest`).
        self._rest_after_paint: int | None = None
        self._started = 0.0
        self._pending_select: int | None = None
        self._state_restored = False
        self._form_width = 0
        self._build()

    # -- building ----------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_("Search {kinds}… (Ctrl+F)").format(kinds=_(records.kind(self.kind).plural)))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(_("Search"))
        self.search.setMinimumWidth(220)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        bar.addWidget(self.search, 2)
        self.filters: dict[str, QComboBox] = {}
        for name in FILTERS.get(self.kind, ()):
            combo = QComboBox(self)
            combo.setAccessibleName(_(_FILTER_LABELS[name]))
            combo.setToolTip(_(_FILTER_LABELS[name]))
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            # Never narrower than its "all" entry ("Todas las empresas"): a picker's narrow bar cut it. Measured
            # in the combo's font (a count of average characters asked ~50 % more: the four filters and the
            # search box then needed 1,144 px and pushed the window past a 1366 px screen).
            combo.setMinimumContentsLength(0)
            combo.setMinimumWidth(combo.minimumSizeHint().width() + 12
                                  + combo.fontMetrics().horizontalAdvance(_(_FILTER_LABELS[name])))
            combo.addItem(_(_FILTER_LABELS[name]), None)
            if name == "status":
                for s in Status:
                    combo.addItem(status_label(s.value), s.value)
            else:
                for label, record_id in reference_choices(self.db, _FILTER_KINDS[name]):
                    combo.addItem(label, record_id)
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
            self.filters[name] = combo
            bar.addWidget(combo, 1)
        #: "Show retired": whether the records retired by today are listed (greyed and marked); unticked, the list
        #: holds the active ones only. Kept with the list's view (save_state); a picker never offers them.
        self.show_retired: QCheckBox | None = None
        if not self.picker and any(f.name == "retired_on" for f in records.kind(self.kind).fields):
            self.show_retired = QCheckBox(_("Show retired"), self)
            self.show_retired.setAccessibleName(_("Show retired"))
            self.show_retired.setToolTip(_("List the records retired (Retired on) too, greyed and marked; "
                                           "untick to list the active ones only."))
            self.show_retired.setChecked(True)
            self.show_retired.toggled.connect(lambda _on: self.refresh())
            bar.addWidget(self.show_retired)
        if not self.picker:
            singular = _(records.kind(self.kind).singular)
            self.new_button = self._tool_button(QStyle.StandardPixmap.SP_FileIcon,
                                                _("New {kind} (Ctrl+N)").format(kind=singular),
                                                _("New {kind}").format(kind=singular), self.new_record)
            bar.addWidget(self.new_button)
            self.new_button.setVisible(references.may_create(self.db, self.kind))
        self.refresh_button = self._tool_button(QStyle.StandardPixmap.SP_BrowserReload, _("Refresh (F5)"),
                                                _("Refresh"), self.refresh)
        bar.addWidget(self.refresh_button)
        layout.addLayout(bar)

        self.banner = QWidget(self)
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.setContentsMargins(4, 0, 4, 0)
        self.banner_label = QLabel(self.banner)
        self.banner_label.setWordWrap(True)
        font = self.banner_label.font()
        font.setBold(True)
        self.banner_label.setFont(font)
        clear = self._tool_button(QStyle.StandardPixmap.SP_DialogCloseButton, _("Show the whole list"),
                                  _("Show the whole list"), self.clear_filters)
        banner_layout.addWidget(self.banner_label, 1)
        banner_layout.addWidget(clear)
        self.banner.hide()
        layout.addWidget(self.banner)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        left = QWidget(self.splitter)
        #: The list's side of the splitter (the record pane never takes the width its footer's count needs).
        self.list_pane = left
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.table = RecordTable(left)
        wrap_header(self.table)  # a title wraps onto a second line rather than being cut (issue 21)
        self.table.setModel(self.model)
        self.table.reading = self._reading
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.setAccessibleName(upper_first(_(records.kind(self.kind).plural)))
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        # No column is stretched over empty space: each is as wide as what it shows (_fit_columns).
        header.setStretchLastSection(False)
        header.setResizeContentsPrecision(0)  # the rows in sight only: the rest may not be read yet
        self._columns_fitted = False
        #: The columns' fitted widths and the widths their values and titles want (``_fill_width``).
        self._fitted: dict[int, int] = {}
        #: The widths the columns' values in sight want (a date column gives up no more than that).
        self._content: dict[int, int] = {}
        self._wanted: dict[int, int] = {}
        self._filling = False
        #: The columns (by key) the officer dragged wider or narrower: theirs, kept in any language.
        self._dragged: set[str] = set()
        #: The header is held down by the mouse: a section resized now is the officer's drag (a list made while
        #: the navigation's click is held, or fitted meanwhile, is not).
        self._header_held = False
        header.sectionResized.connect(self._section_dragged)
        #: Enter was pressed in the search box while it searched: open the one row it finds.
        self._open_single = False
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        metrics = header.fontMetrics()
        k = records.kind(self.kind)
        # A status is read whole: its column as wide as the kind's longest status word ("entregado, en espera de
        # revisión"), which the table's font draws.
        statuses = {*k.status_labels, k.defaults.get("status")} - {None}
        status_width = max((self.table.fontMetrics().horizontalAdvance(k.status_text(str(st))) + 20
                            for st in statuses), default=96)
        for i, col in enumerate(self.model.columns):
            base = 96 if col.type in ("date", "int", "sex", "bool") else status_width if col.type == "status" \
                else 200 if i == 0 else 150
            if col.key in ("curp", "rfc", "nss"):  # an identifier is read whole
                base = metrics.horizontalAdvance("MMMM000000MMMMMM00"[: 18 if col.key == "curp" else 13]) + 16
            header.resizeSection(i, max(base, metrics.horizontalAdvance(col.title()) + 28))
            self.table.setColumnHidden(i, not col.visible)
        self.model.sortRequested.connect(self._sort)
        self.table.doubleClicked.connect(lambda index: self._activated(self.model.id_at(index.row())))
        self.table.openRequested.connect(self._activated)
        self.table.rowChosen.connect(self._row_chosen)
        left_layout.addWidget(self.table, 1)
        self.count_label = QLabel(left)
        footer = QHBoxLayout()
        footer.addWidget(self.count_label)
        footer.addStretch(1)
        # The record pane opens only with a record: until then the list has the whole width, and this line
        # says how to open one (in the palette's muted text, which reads at WCAG AA: see ui.style).
        # Ctrl+N is told only where it works: where the role may add records of this kind (the core says).
        self.open_hint = QLabel(_("Double-click a row (or press Enter) to open it. Ctrl+N starts a new record.")
                                if references.may_create(self.db, self.kind) else
                                _("Double-click a row (or press Enter) to open it."), left)
        self.open_hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        footer.addWidget(self.open_hint)
        left_layout.addLayout(footer)
        self.splitter.addWidget(left)

        self.form_stack = QStackedWidget(self.splitter)
        hint = QLabel("", self.form_stack)
        self.form_stack.addWidget(hint)
        self.form_stack.setMinimumWidth(FORM_MIN_WIDTH)
        self.splitter.addWidget(self.form_stack)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        # A handle that can be seen (and grabbed) between the list and the record.
        self.splitter.setHandleWidth(7)
        self.splitter.setStyleSheet("QSplitter::handle:horizontal { background: palette(mid); margin: 0 2px; }"
                                    "QSplitter::handle:horizontal:hover { background: palette(highlight); }")
        self.splitter.handle(1).setToolTip(_("Drag to share the width between the list and the record"))
        self.form_stack.hide()
        self.open_hint.setVisible(not self.picker)
        self.splitter.splitterMoved.connect(self._remember_form_width)
        layout.addWidget(self.splitter, 1)
        self.setTabOrder(self.search, self.table)
        self.search.installEventFilter(self)
        self.table.viewport().installEventFilter(self)
        self.table.horizontalHeader().viewport().installEventFilter(self)

    def _tool_button(self, icon: QStyle.StandardPixmap, tip: str, name: str, slot: Any) -> QToolButton:
        button = QToolButton(self)
        button.setIcon(self.style().standardIcon(icon))
        button.setToolTip(tip)
        button.setAccessibleName(name)
        button.clicked.connect(slot)
        return button

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.horizontalHeader().viewport() and event.type() in (
                QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease):
            self._header_held = event.type() == QEvent.Type.MouseButtonPress
            if not self._header_held:  # a column dragged: the others share out what it gave up or took
                QTimer.singleShot(0, self._fill_width)
        if event.type() == QEvent.Type.Resize and watched is self.table.viewport() and self._fitted:
            QTimer.singleShot(0, self._fill_width)  # the list's room changed (a record opened beside it)
        if event.type() == QEvent.Type.Paint and self._rest_after_paint is not None \
                and watched is self.table.viewport():
            generation = self._rest_after_paint
            QTimer.singleShot(0, lambda: self._read_rest(generation))  # once this paint is done
            return False
        # Down from the search box moves into the list: search, arrow down, Enter opens.
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            # PySide6 hands a key press over as its QKeyEvent (QKeyEvent(event) of a plain QEvent would raise).
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key == Qt.Key.Key_Down and self.model.rowCount():
                self.table.setFocus()
                self.table.selectRow(0)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                # Enter searches now; when the search leaves one row, Enter opens (a picker: chooses) it.
                if self._search_timer.isActive() or self.loading:
                    self._open_single = True
                    if self._search_timer.isActive():
                        self.refresh()
                else:
                    self._open_if_single()
                return True
        return super().eventFilter(watched, event)

    def _open_if_single(self) -> None:
        self._open_single = False
        if self.model.complete and self.model.rowCount() == 1:
            self._activated(self.model.id_at(0))

    # -- the query ---------------------------------------------------------------------------------

    def current_query(self) -> records.ListQuery:
        filters = {name: combo.currentData() for name, combo in self.filters.items()}
        text = self.search.text().strip() or None
        retired = self.show_retired.isChecked() if self.show_retired is not None else not self.picker
        return records.ListQuery(search=text, order_by=self.query.order_by, descending=self.query.descending,
                                 retired=retired, **{k: v for k, v in filters.items() if v is not None})

    def refresh(self) -> None:
        """Run the query again (off the GUI thread) and show its ids; keeps the open record selected.

        The first page comes first: a search matching thousands shows its first rows at once, and the rest of
        the ids (and so their count) follow from a second background read (:meth:`_rest_arrived`)."""
        self._search_timer.stop()
        self.query = self.current_query()
        self._generation += 1
        generation = self._generation
        self._superseded.set()  # a read of the previous query still going stops at its next look
        self._superseded = threading.Event()
        query, db, kind, only, item = self.query, self.db, self.kind, self.only_ids, self.dashboard_item
        reader, first_rows = self.model.reader, self._first_rows()
        self.loading = True
        self._started = time.monotonic()
        QTimer.singleShot(100, lambda: self._show_busy(generation))

        def first() -> tuple[list[int], bool, Any, set[int] | None]:
            chosen = only
            if item is not None:  # a dashboard item's records as they are now, not as the card counted them
                from vetdesk.services.dashboard import listed_now

                chosen = set(listed_now(db, item))
            if chosen is not None:  # a dashboard figure's own records: a short list, read whole
                ids = [i for i in records.list_ids(db, kind, query) if i in chosen]
                return ids, False, reader.fetch(ids[:first_rows]), chosen
            ids = records.list_ids(db, kind, query, limit=first_rows + 1)  # one more says whether more follow
            return ids[:first_rows], len(ids) > first_rows, reader.fetch(ids[:first_rows]), None

        def arrived(found: tuple[list[int], bool, Any, set[int] | None]) -> None:
            if shiboken6.isValid(self) and generation == self._generation and self.dashboard_item == item:
                self.only_ids = found[3]
            self._ids_arrived(generation, *found[:3])

        run_in_background(first, arrived, lambda exc: self._failed(generation, exc), owner=self)

    def _first_rows(self) -> int:
        """How many rows a query reads first: those the table shows (and a few), at least :data:`FIRST_ROWS`,
        at most a page. A search for a common word (17,000 apprentices hold "garcia") shows them without
        reading and naming a page of 200: the walk, the records and their names took ≈3× as long."""
        rows = self.table.viewport().height() // max(self.table.verticalHeader().defaultSectionSize(), 1) + 2
        return min(self.model.page_size, max(FIRST_ROWS, rows))

    def _fit_columns(self) -> None:
        """Each shown column as wide as its title and the values in sight, within reason (a long name is cut at
        a third of a 1366-pixel screen rather than pushing every other column out of sight), once the first
        rows are here; widths the officer left (restored with the list) are kept."""
        if not shiboken6.isValid(self):
            return
        header = self.table.horizontalHeader()
        metrics = header.fontMetrics()
        for i, col in enumerate(self.model.columns):
            if self.table.isColumnHidden(i) or col.key in self._dragged:  # the officer's width stays
                continue
            title = metrics.horizontalAdvance(col.title()) + 28
            content = self.table.sizeHintForColumn(i) + 12
            header.resizeSection(i, max(title, min(content, MAX_FITTED_COLUMN)))
            self._wanted[i] = max(title, content)
            self._content[i] = content
        self._fitted = {i: header.sectionSize(i) for i in self._wanted}
        self._fill_width()

    def _fill_width(self) -> None:
        """No empty space right of the last column while a column is cut or the room is there: the room left
        goes first to the columns cut at :data:`MAX_FITTED_COLUMN` (a long company name), then to the widest
        text column (the names the list is read by). Widths the officer dragged are left alone."""
        if not self._fitted or self._filling or not shiboken6.isValid(self):
            return
        header = self.table.horizontalHeader()
        shown = [i for i in self._fitted if not self.table.isColumnHidden(i)]
        if not shown:
            return
        widths = {i: self._fitted[i] for i in shown}
        kept = sum(header.sectionSize(i) for i in range(len(self.model.columns))  # the officer's own widths
                   if i not in self._fitted and not self.table.isColumnHidden(i))
        room = self.table.viewport().width() - sum(widths.values()) - kept
        for i in sorted(shown, key=lambda i: self._wanted[i] - widths[i], reverse=True):
            grow = min(max(room, 0), self._wanted[i] - widths[i])
            if grow > 0:
                widths[i] += grow
                room -= grow
        if room > 0:
            texts = [i for i in shown if self.model.columns[i].type == "text" or self.model.columns[i].ref_kind] \
                or shown
            widths[max(texts, key=lambda i: self._wanted[i])] += room
        elif room < 0:
            self._share_shortage(shown, widths, -room)
        self._filling = True
        try:
            for i, width in widths.items():
                if header.sectionSize(i) != width:
                    header.resizeSection(i, width)
        finally:
            self._filling = False

    def _share_shortage(self, shown: list[int], widths: dict[int, int], short: int) -> None:
        """Too narrow for every column (a record open beside the list at 1366 px): when that brings every column
        into sight, the widest name columns give up width, down to their title's or :data:`NARROWEST_TEXT_COLUMN`
        (a cut name shows whole in its tooltip), so that the dates at the right are not past the list's edge."""
        metrics = self.table.horizontalHeader().fontMetrics()
        # A name column gives up width down to NARROWEST_TEXT_COLUMN, any other down to its values (a date
        # whole); none narrower than its title on two lines (the header wraps it, issue 21).
        floors = {i: max(title_floor(metrics, self.model.columns[i].title()),
                         NARROWEST_TEXT_COLUMN if self.model.columns[i].type == "text"
                         or self.model.columns[i].ref_kind else self._content.get(i, 0))
                  for i in shown}
        if sum(max(widths[i] - floor, 0) for i, floor in floors.items()) < short:
            self._most_whole(widths, floors, short)
            return
        while short > 0:
            giving = [i for i in floors if widths[i] > floors[i]]
            if not giving:
                return
            widest = max(giving, key=lambda i: widths[i])
            next_width = max((widths[i] for i in giving if i != widest), default=0)
            take = min(short, widths[widest] - floors[widest], max(widths[widest] - next_width, 1))
            widths[widest] -= take
            short -= take

    def _most_whole(self, widths: dict[int, int], floors: dict[int, int], short: int) -> None:
        """Not every column can be in sight (the list scrolls sideways anyway): as many whole columns as the room
        holds, from the left, their names narrowed no further than needed (at most to their floors); the columns
        past the list's edge keep their widths for when it is scrolled to them."""
        header = self.table.horizontalHeader()
        fixed = {i: header.sectionSize(i) for i in range(len(self.model.columns))
                 if i not in widths and not self.table.isColumnHidden(i)}  # the officer's own widths
        viewport = sum(widths.values()) - short + sum(fixed.values())
        used = 0
        narrowed: list[int] = []
        for i in sorted([*widths, *fixed], key=header.visualIndex):
            need = fixed[i] if i in fixed else min(widths[i], floors[i])
            if used + need > viewport:
                break
            used += need
            if i in widths:
                narrowed.append(i)
        spare = viewport - used
        wanted = {i: widths[i] for i in narrowed}
        for i in narrowed:
            widths[i] = min(widths[i], floors[i])
        # What the whole columns leave goes back to their names, shared alike.
        while spare > 0:
            growing = [i for i in narrowed if widths[i] < wanted[i]]
            if not growing:
                break
            share = max(spare // len(growing), 1)
            for i in growing:
                grow = min(share, wanted[i] - widths[i], spare)
                widths[i] += grow
                spare -= grow

    def _section_dragged(self, index: int, _old: int, _new: int) -> None:
        """A column the officer drags wider or narrower keeps that width; the other columns go on sharing out the
        list's room once the mouse is released (the drag left an empty strip at the list's right, issue 21's
        re-trial)."""
        if not self._filling and self._header_held and QApplication.mouseButtons() != Qt.MouseButton.NoButton:
            if 0 <= index < len(self.model.columns):
                self._dragged.add(self.model.columns[index].key)
                for shared in (self._fitted, self._wanted, self._content):
                    shared.pop(index, None)

    def result_ids(self) -> list[int]:
        """Every id of the list as shown (search, filters, order), even while its first page alone is here.
        Callable off the GUI thread (printing and exporting the list run there)."""
        if self.model.complete:
            return self.model.ids()
        ids = records.list_ids(self.db, self.kind, self.query)
        only = self.only_ids
        return [i for i in ids if i in only] if only is not None else ids

    def _show_busy(self, generation: int) -> None:
        if shiboken6.isValid(self) and self.loading and generation == self._generation:
            self.count_label.setText(_("Loading…"))

    def _failed(self, generation: int, exc: BaseException) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return
        self.loading = False
        if isinstance(exc, RuleViolation):  # e.g. the signed-in user's role may not see this list
            self.model.set_ids([])
            self.count_label.setText(" ".join(p.message for p in exc.problems))
            return
        plain = explain(exc)
        if plain is None:
            raise exc
        self.count_label.setText(plain)

    def _ids_arrived(self, generation: int, ids: list[int], more: bool, first_page: Any) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return  # a newer query is on its way
        keep = self._pending_select if self._pending_select is not None else self.current_id()
        self._pending_select = None
        self.model.set_ids(ids, more=more, first_page=first_page)
        self.loading = False
        self._show_count()
        if self._open_single:
            self._open_if_single()
        if ids and not self._columns_fitted:
            self._columns_fitted = True
            QTimer.singleShot(0, self._fit_columns)
        if keep is not None and not self.select_id(keep) and not self.model.complete:
            self._pending_select = keep  # further down the list: selected when the rest arrives
        self._jump_if_asked()
        if not self.model.complete:
            # The other ids are read once the first rows are painted: read meanwhile, they took the processor and
            # the interpreter from the paint (17,000 agreements' ids: ≈37 ms of CPU). Not shown, or no paint
            # within 100 ms (a window out of sight): read anyway.
            self._rest_after_paint = generation
            if self.table.viewport().isVisible():
                QTimer.singleShot(100, lambda: self._read_rest(generation))
            else:
                self._read_rest(generation)

    def _read_rest(self, generation: int) -> None:
        """Read every id of the query whose first rows are shown (once, whichever asks first)."""
        if not shiboken6.isValid(self) or self._rest_after_paint != generation or generation != self._generation:
            return
        self._rest_after_paint = None
        query, db, kind, superseded = self.query, self.db, self.kind, self._superseded
        run_in_background(lambda: records.list_ids(db, kind, query, wanted=lambda: not superseded.is_set()),
                          lambda all_ids: self._rest_arrived(generation, all_ids),
                          lambda exc: self._failed(generation, exc), owner=self)

    def _rest_arrived(self, generation: int, ids: list[int]) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return
        self.model.complete_ids(ids)
        self._show_count()
        keep, self._pending_select = self._pending_select, None
        if keep is not None:
            self.select_id(keep)
        self._jump_if_asked()

    def _reading(self, to_end: bool) -> bool:
        """Whether the rows a Ctrl+End (``to_end``) or Ctrl+Home goes to are still being read."""
        return self.loading or (to_end and not self.model.complete)

    def _jump_if_asked(self) -> None:
        """Do the Ctrl+End or Ctrl+Home pressed while the list was being read, once its rows are here."""
        to_end = self.table.pending_jump
        if to_end is not None and not self._reading(to_end):
            self.table.jump(to_end)

    def _show_count(self) -> None:
        n = self.model.total()
        plural = records.kind(self.kind)
        reading = _("{n}+ {kinds}").format(n=current().format_decimal(n), kinds=_(plural.plural))
        # The count's room holds the "still counting" form too ("69" and, at the next refresh, "40+"): a refresh
        # flipping the text to the wider form found the label laid out for the narrower one, cut until the next
        # layout pass ("40+ periodos de rotaci", in a test of a list beside an open record).
        metrics = self.count_label.fontMetrics()
        self.count_label.setMinimumWidth(max(self.count_label.minimumWidth(), metrics.horizontalAdvance(reading) + 2))
        if not self.model.complete:  # the first page is shown; the others are being read and counted
            self.count_label.setText(reading)
            return
        self.count_label.setText(ngettext("{n} {kind}", "{n} {kinds}", n).format(
            n=current().format_decimal(n), kind=_(plural.singular), kinds=_(plural.plural)))

    def _sort(self, column: int, descending: bool) -> None:
        col = self.model.columns[column]
        if col.sort_key is None:
            self.status.emit(_("The column {column} cannot sort.").format(column=col.title()))
            self._show_sort_indicator()
            return
        if self.query.order_by == col.sort_key and self.query.descending == descending:
            return
        self.query = records.ListQuery(order_by=col.sort_key, descending=descending)
        self.refresh()

    def set_filters(self, filters: dict[str, Any]) -> None:
        """Show the list as the dashboard asks: ListQuery keys, or "ids" (an exact set), and a "title"."""
        for name, combo in self.filters.items():
            combo.blockSignals(True)
            index = combo.findData(filters.get(name)) if filters.get(name) is not None else 0
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.setText(filters.get("search") or "")
        self.search.blockSignals(False)
        ids = filters.get("ids")
        self.only_ids = set(int(i) for i in ids) if ids is not None else None
        self.dashboard_item = filters.get("item") if ids is not None else None
        title = filters.get("title")
        self.banner_label.setText(title or (_("A chosen set of {n} records").format(n=len(ids))
                                            if ids is not None else ""))
        self.banner.setVisible(bool(self.banner_label.text()))
        self.refresh()

    def clear_filters(self) -> None:
        self.set_filters({})

    # -- rows and the form --------------------------------------------------------------------------

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def select_id(self, record_id: int) -> bool:
        row = self.model.row_of(record_id)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def select_when_listed(self, record_id: int) -> None:
        """Select ``record_id`` now, or when the list next shows it (a record just brought back by an undo)."""
        if not self.select_id(record_id):
            self._pending_select = record_id

    def _activated(self, record_id: int | None) -> None:
        if record_id is None:
            return
        if self.picker:
            self.recordChosen.emit(record_id)
        else:
            self.open_record(record_id)

    def _row_chosen(self, record_id: int) -> None:
        """A row clicked or moved to while a record is open beside the list opens in its place: the row highlighted
        and the record shown never differ (a single click once highlighted another company while the form, still
        showing the first, saved what was typed into it). Unsaved changes are asked about first; kept, their
        record's row is highlighted again. The list keeps the keyboard, so the arrows go on moving through it."""
        if self.picker or self.form is None or self.form.record_id == record_id:
            return
        if self.open_record(record_id) is None:
            if self.form is not None and self.form.record_id is not None:
                self.select_id(self.form.record_id)
            return
        self.table.setFocus()

    def pick_record(self, kind: str, title: str, parent: QWidget) -> int | None:
        """Choose a record of ``kind`` in a searchable list (a form's reference to an apprentice, an agreement)."""
        dialog = PickerDialog(self.db, kind, title, parent)
        return dialog.chosen_id if dialog.exec() == QDialog.DialogCode.Accepted else None

    def form_class(self) -> type[RecordForm]:
        return form_class_for(self.kind)

    def open_record(self, record_id: int | None, *, initial: dict[str, Any] | None = None) -> RecordForm | None:
        """Open a record (or a new one when ``record_id`` is None) in the form beside the list."""
        if self.form is not None:
            if self.form.record_id == record_id and record_id is not None:
                self.form.setFocus()
                return self.form
            if not self.form.confirm_discard():
                return None
            # The pane stays as it is, where the officer put its handle: hiding it and opening it again moved
            # the handle at each record (issue 21's re-trial).
            self._drop_form(keep_pane=True)
        form = self.form_class()(self.db, self.kind, record_id, self.form_stack, initial=initial,
                                 pick=self.pick_record)
        form.saved.connect(self._saved)
        form.closeRequested.connect(self.close_form)
        form.openRecord.connect(self.openRecord)
        if hasattr(form, "printRequested"):
            form.printRequested.connect(self.printRequested)
        self.form_stack.addWidget(form)
        self.form_stack.setCurrentWidget(form)
        self._show_form_pane()
        self.form = form
        QTimer.singleShot(0, self._fit_form_to_values)  # once the pane's layout has given the fields their width
        if record_id is not None and not self.select_id(record_id):
            # Not listed yet (a record just made in the wizard, the list still reading): no other row stays
            # highlighted beside it, and it is selected and scrolled to once the list shows it (issue 21).
            self.table.clearSelection()
            self._pending_select = record_id
        form.first_field().setFocus()
        self.formChanged.emit()
        return form

    def new_record(self) -> RecordForm | None:
        return self.open_record(None)

    def _drop_form(self, *, keep_pane: bool = False) -> None:
        """Take the open form away; the pane closes too unless another record takes its place (``keep_pane``)."""
        if self.form is not None:
            self.form.withdraw_status()
            self.form_stack.removeWidget(self.form)
            self.form.deleteLater()
            self.form = None
        if keep_pane:
            return
        self.form_stack.setCurrentIndex(0)
        self.form_stack.hide()
        self.open_hint.setVisible(not self.picker)
        self.formChanged.emit()

    def _show_form_pane(self) -> None:
        """Open the record pane beside the list: wide enough for a CURP, an e-mail address and a school's
        name in its fields (the person can drag the handle; that width is kept, also for the next start)."""
        if self.form_stack.isVisible():
            return
        self.open_hint.hide()
        # The handle appears with the pane: the two share what is left beside it.
        total = (sum(self.splitter.sizes()) or self.splitter.width()) - self.splitter.handleWidth()
        floor = self._list_floor()
        wanted = min(self._form_width or FORM_MIN_WIDTH, max(total - floor, FORM_MIN_WIDTH))
        self.form_stack.show()
        self.splitter.setSizes([max(total - wanted, floor), wanted])

    def _list_floor(self) -> int:
        """The least width the list keeps beside an open record: 200 px, and no less than its own narrowest (its
        footer's count whole: "40+ periodos de rotación")."""
        return max(200, self.list_pane.minimumSizeHint().width())

    def _fit_form_to_values(self) -> None:
        """Widen the record pane until the values that must be read whole (a CURP, an RFC, an e-mail address)
        fit their fields and the form is not cut at the pane's edge, up to three fifths of the page; the person's own
        width stays theirs to drag."""
        from vetdesk.ui.editors import TextEditor

        if self.form is None or not self.form_stack.isVisible():
            return
        # No field cut at the pane's edge: the form's own narrowest (its rows of buttons in a longer language).
        area = self.form.fields_area
        body = area.widget()
        cut = max(body.minimumSizeHint().width() - area.viewport().width(), 0) if body is not None else 0
        short = 0
        for editor in self.form.editors.values():
            if not isinstance(editor, TextEditor) or editor.spec.type not in WHOLE_VALUE_TYPES \
                    or not editor.isVisible() or not editor.line.text():
                continue
            line = editor.line
            short = max(short, line.fontMetrics().horizontalAdvance(line.text()) + LINE_EDIT_PADDING - line.width())
        # A form cut at the edge has its fields at their narrowest: the pane first takes what the form lacks, then
        # what a value lacks beyond that. A width the officer dragged stays theirs, record after record (a longer
        # CURP moved the handle they had set, issue 21's re-trial): only a form cut at its edge widens it.
        short = cut + (0 if self._form_width else max(short, 0))
        total = sum(self.splitter.sizes()) or self.splitter.width()
        left, right = self.splitter.sizes()
        # The width the officer gave the pane (kept across starts) comes back if a layout pass since it opened
        # moved the handle; the pane widens from there only as far as the form needs.
        floor = self._list_floor()
        wanted = min(self._form_width, max(total - floor, FORM_MIN_WIDTH)) if self._form_width else right
        if short > 0:
            wanted = max(wanted, min(right + short, int(total * 0.6), total - floor))
        if wanted != right:
            self.splitter.setSizes([total - wanted, wanted])

    def _remember_form_width(self, _pos: int = 0, _index: int = 0) -> None:
        if self.form_stack.isVisible():
            self._form_width = self.splitter.sizes()[1]

    def close_form(self) -> bool:
        """Close the open form (asks first when it has unsaved changes). True when closed."""
        if self.form is None:
            return True
        if not self.form.confirm_discard():
            return False
        self._drop_form()
        self.table.setFocus()
        return True

    def _saved(self, record_id: int) -> None:
        self.status.emit(_("Saved."))
        self._pending_select = record_id  # the list refreshes from the change the save announced

    def listed(self) -> set[str]:
        """The kinds whose changes the list shows: its own, and those its columns name (an agreement's company…;
        the apprentice of a record of an agreement is named through its agreement)."""
        return {self.kind} | {c.ref_kind for c in self.model.columns if c.ref_kind} | (
            {"agreements", "apprentices"} if any(c.key == "apprentice" for c in self.model.columns) else set())

    def shows(self) -> set[str]:
        """The kinds whose changes this page shows: the list's (:meth:`listed`) and the open record's (its own,
        those it names and those listed beside its fields: ``RecordForm.shows``)."""
        form = self.form
        return self.listed() | (set(form.shows()) if form is not None else set())

    def on_changed(self, changes: ChangeSet) -> None:
        """A committed change: the open record shows what it names and lists beside its fields as stored now;
        the list is refreshed when the change touches what it shows, and the open record reloaded when it
        changed and holds no unsaved edits (an edit in progress is kept; saving it meets the version check)."""
        if not changes.touches(*self.shows()):
            return
        form = self.form
        if form is not None:
            form.related_changed(changes)
        if not changes.touches(*self.listed()):
            return
        self.model.invalidate()
        self.refresh()
        form = self.form
        if form is not None and form.record_id in changes.ids(self.kind) and not form.is_dirty():
            self.reload_form()

    def reload_form(self) -> None:
        """Show the open record as stored now; close its form when it is no more (deleted elsewhere, or its
        creation undone), saying so, instead of leaving a form whose save can only fail."""
        form = self.form
        if form is None or form.reload():
            return
        self.close_form()
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(
                _("The record that was open no longer exists (deleted, or its creation undone)."), 8000)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # -- view state --------------------------------------------------------------------------------

    def _column_menu(self, pos: Any) -> None:
        menu = self.column_menu()
        menu.exec(self.table.horizontalHeader().mapToGlobal(pos))

    def column_menu(self) -> QMenu:
        menu = QMenu(_("Columns"), self)
        for i, col in enumerate(self.model.columns):
            action = QAction(col.title(), menu)
            action.setCheckable(True)
            action.setChecked(not self.table.isColumnHidden(i))
            action.toggled.connect(lambda on, i=i: self._show_column(i, on))
            menu.addAction(action)
        return menu

    def _show_column(self, index: int, on: bool) -> None:
        visible = [i for i in range(len(self.model.columns)) if not self.table.isColumnHidden(i)]
        if not on and visible == [index]:
            return  # keep at least one column
        self.table.setColumnHidden(index, not on)
        if on and self.table.columnWidth(index) < 30:
            self.table.setColumnWidth(index, 120)
        if not on and self.model.columns[index].sort_key == self.query.order_by and self.query.order_by:
            self.query = list_order(self.kind)  # a list is never sorted by a column nobody sees
            self._show_sort_indicator()
            self.refresh()

    def _show_sort_indicator(self) -> None:
        """The header's arrow on the column the list is sorted by (a list opens sorted on a column:
        :func:`listmodel.list_order`)."""
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        column = next((i for i, c in enumerate(self.model.columns) if c.sort_key == self.query.order_by), -1)
        header.setSortIndicator(column, Qt.SortOrder.DescendingOrder if self.query.descending
                                else Qt.SortOrder.AscendingOrder)
        header.blockSignals(False)

    def _columns_signature(self) -> str:
        return ",".join(c.key for c in self.model.columns)

    def save_state(self, settings: QSettings) -> None:
        prefix = f"lists/{self.kind}"
        settings.setValue(f"{prefix}/columns", self._columns_signature())
        settings.setValue(f"{prefix}/header", self.table.horizontalHeader().saveState())
        # The widths were fitted to the titles in this language; the ones the officer dragged are theirs.
        settings.setValue(f"{prefix}/language", current().locale)
        settings.setValue(f"{prefix}/dragged", ",".join(sorted(self._dragged)))
        settings.setValue(f"{prefix}/splitter", self.splitter.saveState())
        settings.setValue(f"{prefix}/form_width", self._form_width)  # the record pane as the officer dragged it
        settings.setValue(f"{prefix}/order_by", self.query.order_by or "")
        settings.setValue(f"{prefix}/descending", bool(self.query.descending))
        if self.show_retired is not None:
            settings.setValue(f"{prefix}/show_retired", self.show_retired.isChecked())

    def restore_state(self, settings: QSettings) -> None:
        """The columns, widths and order the officer left. A header saved when the list had other columns (an
        older vetdesk) is ignored: its sections would name other columns now. The order is kept by the name of
        its column, and only when that column is shown; the header's arrow always says how the list is sorted."""
        prefix = f"lists/{self.kind}"
        header = self.table.horizontalHeader()
        header_state = settings.value(f"{prefix}/header")
        same_columns = settings.value(f"{prefix}/columns") == self._columns_signature()
        if same_columns and isinstance(header_state, QByteArray | bytes) and header_state:
            header.blockSignals(True)  # its saved arrow must not sort the list by itself
            header.restoreState(QByteArray(header_state))
            header.blockSignals(False)
            header.setStretchLastSection(False)  # a header saved by an older vetdesk stretched its last column
            keys = {c.key for c in self.model.columns}
            self._dragged = {k for k in str(settings.value(f"{prefix}/dragged") or "").split(",") if k in keys}
            # The columns are fitted again once the rows are here (to this language's titles, and to the list's
            # room: widths saved while a record was open beside the list left an empty strip where the record
            # pane had been once it closed, issue 21); the columns the officer dragged keep their widths.
            self._columns_fitted = False
        splitter_state = settings.value(f"{prefix}/splitter")
        if isinstance(splitter_state, QByteArray | bytes) and splitter_state:
            self.splitter.restoreState(QByteArray(splitter_state))
        try:  # the record pane opens as wide as the officer last dragged it (0: never dragged)
            self._form_width = max(int(settings.value(f"{prefix}/form_width") or 0), 0)
        except (TypeError, ValueError):
            self._form_width = 0
        if self.show_retired is not None:  # as the officer left it (shown until they untick it)
            self.show_retired.blockSignals(True)
            self.show_retired.setChecked(str(settings.value(f"{prefix}/show_retired", "true")).lower() != "false")
            self.show_retired.blockSignals(False)
        order_by = settings.value(f"{prefix}/order_by") or None
        descending = str(settings.value(f"{prefix}/descending", "false")).lower() == "true"
        column = next((i for i, c in enumerate(self.model.columns) if order_by and c.sort_key == order_by), None)
        if column is not None and not self.table.isColumnHidden(column):
            self.query = records.ListQuery(order_by=str(order_by), descending=descending)
        else:
            self.query = list_order(self.kind)
        self._show_sort_indicator()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)


class PickerDialog(QDialog):
    """Search a large list and choose one record (the same list page as the main window)."""

    def __init__(self, db: Office, kind: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(760, 480)
        self.chosen_id: int | None = None
        self.page = ListPage(db, kind, self, picker=True)
        self.page.recordChosen.connect(self._choose)
        ok_cancel = QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        buttons = QDialogButtonBox(ok_cancel)
        buttons.accepted.connect(lambda: self._choose(self.page.current_id()))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Search, then double-click a row or press Enter."), self))
        layout.addWidget(self.page, 1)
        layout.addWidget(buttons)
        self.page.refresh()
        self.page.focus_search()

    def _choose(self, record_id: int | None) -> None:
        if record_id is not None:
            self.chosen_id = record_id
            self.accept()


def form_class_for(kind: str) -> type[RecordForm]:
    """The form a record of ``kind`` opens in (its list's, a dialog's): the kind's own (:data:`FORMS`) or the plain
    one."""
    if kind in FORMS:
        import importlib

        module, name = FORMS[kind]
        form: type[RecordForm] = getattr(importlib.import_module(module), name)
        return form
    return RecordForm
