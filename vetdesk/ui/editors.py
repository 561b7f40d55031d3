"""One editor widget per field type of :mod:`vetdesk.services.fields`.

Editors hand back raw values (text, a date, a bool, an id) and leave parsing and every rule to the
services: the form passes the values to ``records.validate``/``create``/``update``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate, QEvent, QModelIndex, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QProxyStyle,
    QPushButton,
    QSpinBox,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from vetdesk import i18n
from vetdesk.domain import identifiers
from vetdesk.i18n import _
from vetdesk.services import fields as F
from vetdesk.services import records
from vetdesk.services.office import Office
from vetdesk.ui.formatting import SEXES, format_decimal, format_value, qlocale, sex_word

#: Kinds with few enough records to list in a combo box; others are chosen through a search dialog.
SMALL_KINDS = {"companies", "schools", "programmes", "instructors", "tutors", "coordinators", "positions", "exams"}
#: The key of the name shown for a record of each kind.
NAME_KEY = {"apprentices": "name", "companies": "name", "schools": "name", "programmes": "name",
            "instructors": "name", "tutors": "name", "agreements": "reference", "coordinators": "name",
            "positions": "name", "rotation_plans": "name", "collaborations": "reference", "competencies": "code",
            "exams": "name"}


def show_whole_in_tooltip(line: QLineEdit, fallback: str = "") -> None:
    """A text wider than its field (a company's 120-character name) said whole in the field's tooltip; else the
    field's own tooltip (``fallback``, or its range kept on the line)."""
    text = line.text()
    cut = bool(text) and line.fontMetrics().horizontalAdvance(text) + LINE_PADDING > line.width()
    own = line.property("own_tooltip")
    if own is None:
        own = fallback or line.toolTip()
        line.setProperty("own_tooltip", own)
    line.setToolTip(text if cut else str(own))


#: The room a line edit's frame and margins take around its text (pixels).
LINE_PADDING = 14


#: QWidget's largest size (QWIDGETSIZE_MAX): a height no longer held.
_ANY_HEIGHT = 16777215


def set_note(label: QLabel, text: str, *, typing: bool) -> None:
    """Say ``text`` in a note under a field (empty: no note). While the person is typing in the field, the
    fields around do not move: a note already shown keeps its room (its text changes, or goes, and its line stays),
    a new one waits until the field is left (the caller says it meanwhile where nothing moves: the field's tooltip,
    the window's status bar). Once the field is left, notes take the room they need and no more."""
    if typing:
        if label.isVisible():
            label.setFixedHeight(label.height())
            label.setText(text)
        return
    label.setMinimumHeight(0)
    label.setMaximumHeight(_ANY_HEIGHT)
    label.setText(text)
    label.setVisible(bool(text))


def note_held(label: QLabel) -> bool:
    """Whether a note keeps a room it no longer needs (:func:`set_note` while typing)."""
    return label.maximumHeight() != _ANY_HEIGHT


def upper_as_typed(edit: QLineEdit) -> None:
    """Upper-case what is typed into ``edit`` as it is typed (identifiers, country and currency codes)."""
    def upper(text: str) -> None:
        if text != text.upper():
            pos = edit.cursorPosition()
            edit.setText(text.upper())
            edit.setCursorPosition(pos)
    edit.textEdited.connect(upper)


class WheelGuard(QObject):
    """The mouse wheel scrolls the form, never a value: a drop-down, spin box or date box that does not have the
    keyboard focus passes the wheel to the scroll area around it (or lets it go), so scrolling a record over its
    fields changes none of them. Once clicked or tabbed into, the field takes the wheel as usual.

    It is an event filter on each such field alone (a wheel over an editable field's text reaches the field
    as Qt hands it up), put there as the field is polished (:class:`WheelGuardStyle`): every form, dialog and
    wizard is alike, and no other widget's events pass through Python for it."""

    VALUE_WIDGETS = (QComboBox, QAbstractSpinBox)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        return wheel_guarded(watched, event)


def wheel_guarded(watched: QObject, event: QEvent) -> bool:
    """The :class:`WheelGuard`'s decision for one event: True when it took the wheel from a value field. (A
    module function, so that a test can watch which events reach it: replacing a Qt virtual method on the
    class, as a test did, left a stale override that crashed the next window.)"""
    if event.type() != QEvent.Type.Wheel or not isinstance(watched, WheelGuard.VALUE_WIDGETS):
        return False
    if watched.hasFocus() or (watched.view().isVisible() if isinstance(watched, QComboBox) else False):
        return False
    focused = QApplication.focusWidget()
    if focused is not None and watched.isAncestorOf(focused):
        return False
    area = watched.parentWidget()
    while area is not None and not isinstance(area, QAbstractScrollArea):
        area = area.parentWidget()
    if area is not None:
        QApplication.sendEvent(area.viewport(), event)
    return True


class WheelGuardStyle(QProxyStyle):
    """The application's own style, unchanged, that puts the :class:`WheelGuard` on each drop-down, spin box and
    date box as Qt polishes it (once per widget, before it is first shown), and takes the wheel's focus away
    from it: the wheel would give it the focus first (and then the value); only a click or Tab does."""

    def __init__(self, base: QStyle) -> None:
        super().__init__(base)
        self.guard = WheelGuard(self)

    def polish(self, target: Any) -> None:  # the QWidget, QApplication and QPalette overloads alike
        super().polish(target)
        if isinstance(target, WheelGuard.VALUE_WIDGETS):
            if target.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                target.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            target.installEventFilter(self.guard)


_wheel_guard: WheelGuardStyle | None = None


def install_wheel_guard() -> None:
    """Make the application's style a :class:`WheelGuardStyle` (once): the first field editor made calls it, so
    the window's start does not build Qt's style class for it. The fields that exist already are polished
    again, and guarded, then."""
    global _wheel_guard
    app = QApplication.instance()
    if _wheel_guard is not None or not isinstance(app, QApplication):
        return
    _wheel_guard = WheelGuardStyle(app.style())
    app.setStyle(_wheel_guard)


class FieldEditor(QWidget):
    """Base: a widget for one field with ``value()``/``set_value()`` and a ``changed`` signal."""

    changed = Signal()

    def __init__(self, spec: F.Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        install_wheel_guard()
        self.spec = spec
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def value(self) -> Any:  # pragma: no cover - overridden
        raise NotImplementedError

    def set_value(self, value: Any) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def focus_widget(self) -> QWidget:
        return self


class TextEditor(FieldEditor):
    """Text, e-mail, numbers and identifiers; identifiers are upper-cased as they are typed."""

    def __init__(self, spec: F.Field, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.line = QLineEdit(self)
        self.line.setAccessibleName(spec.title())
        self._layout.addWidget(self.line)
        if spec.type in ("id", "country", "currency"):
            upper_as_typed(self.line)
        # No maxLength: Qt would cut a pasted text silently. The field's own limit (services.fields) is checked as
        # the form validates, and said under the field with the limit.
        if spec.minimum is not None and spec.maximum is not None:
            self.line.setToolTip(_("From {minimum} to {maximum}").format(minimum=spec.minimum, maximum=spec.maximum))
        if spec.type in ("int", "decimal", "country", "currency") or spec.type.startswith("ref:"):
            self.line.setMaximumWidth(160)
            self._layout.addStretch(1)
        self.line.textChanged.connect(self.changed)
        self.line.textChanged.connect(lambda _text: show_whole_in_tooltip(self.line))
        self.setFocusProxy(self.line)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        show_whole_in_tooltip(self.line)

    def value(self) -> Any:
        text = self.line.text().strip()
        return text or None

    def set_value(self, value: Any) -> None:
        if self.spec.type == "decimal" and isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            text = format_decimal(value, self.spec.places)  # the language's marks, not the database's point
        elif self.spec.type == "amounts" and isinstance(value, str):  # "8250.00; 8500.00" stored: each amount so
            text = "; ".join(_amount_shown(part.strip()) for part in value.split(";") if part.strip())
        else:
            text = "" if value is None else str(value)
        self.line.setText(text)
        self.line.setCursorPosition(0)


def _amount_shown(stored: str) -> str:
    """One stored amount of a list (the database's point) in the language's marks; as stored if it is none."""
    try:
        return format_decimal(Decimal(stored), 2)
    except ArithmeticError:
        return stored


#: The lines a weekly report's account of the week (what was done and learnt) keeps in sight, in the office's form
#: and in instructor mode: a week's paragraph read without scrolling (win21p: four lines read as a small box).
WEEK_ACCOUNT_LINES = 8


def paragraph_height(text: QPlainTextEdit, lines: int) -> int:
    """The height of a text box that shows ``lines`` lines of its font without scrolling."""
    margins = text.contentsMargins()
    document = text.document().documentMargin()
    return (text.fontMetrics().lineSpacing() * max(lines, 1) + int(2 * document) + 2
            + margins.top() + margins.bottom() + 2 * text.frameWidth())


class ParagraphEditor(FieldEditor):
    """A paragraph of free text (what an apprentice did and learnt in a week): several lines in sight, Enter starts
    a new line that is kept as typed, Tab moves on to the next field (a tab is not typed into the text)."""

    #: The lines in sight without scrolling, unless a form asks for more (what a week was: a paragraph).
    LINES = 4

    def __init__(self, spec: F.Field, parent: QWidget | None = None, *, lines: int = LINES) -> None:
        super().__init__(spec, parent)
        self.text = QPlainTextEdit(self)
        self.text.setAccessibleName(spec.title())
        self.text.setTabChangesFocus(True)
        # As tall as its lines (and no taller: the fields below stay near); a longer text scrolls.
        self.text.setFixedHeight(paragraph_height(self.text, lines))
        self._layout.addWidget(self.text)
        self.text.textChanged.connect(self.changed)
        self.setFocusProxy(self.text)

    def value(self) -> Any:
        text = self.text.toPlainText().strip()
        return text or None

    def set_value(self, value: Any) -> None:
        self.text.setPlainText("" if value is None else str(value))


class DateEditor(FieldEditor):
    """A date typed as the reader writes it — 15/03/2008, 15032008, 15-3-2008 (month first in US English) or
    ISO — or picked from a calendar (the button, or Alt+Down); shown in the language's numeric format with a
    four-digit year once the field is left. An empty field is no date.

    Text that is not a date stays as typed and is handed on as text, so that saving meets the services' own
    message at the field ("… is not a date; write it like 24/08/2026"), the same as on the command line.

    ``changed`` follows every key; ``settled`` says a whole date was given: the field left (or Enter) on a valid
    date, or a day taken from the calendar. What is computed from the date (an end date from a start) waits for
    ``settled``: "15/03/2" half-typed already reads as a date of the year 2002 (issue 21)."""

    settled = Signal()

    def __init__(self, spec: F.Field, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.line = QLineEdit(self)
        self.line.setAccessibleName(spec.title())
        self.line.setPlaceholderText(i18n.current().date_hint())
        self.line.setToolTip(_("Type the date ({hint}) or press Alt+Down for a calendar.").format(
            hint=i18n.current().date_hint()))
        self.line.setMaximumWidth(self.line.fontMetrics().horizontalAdvance("00/00/00000") + 24)
        self.button = QToolButton(self)
        self.button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView))
        self.button.setAccessibleName(_("Calendar for {field}").format(field=spec.title()))
        self.button.setToolTip(_("Choose {field} in a calendar").format(field=spec.title()))
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from field to field
        self.button.clicked.connect(self.open_calendar)
        self._layout.addWidget(self.line)
        self._layout.addWidget(self.button)
        self._layout.addStretch(1)
        self.line.textEdited.connect(lambda _text: self.changed.emit())
        self.line.editingFinished.connect(self._tidy)
        self.line.installEventFilter(self)
        #: The calendar popped up last (a test looks into it).
        self.calendar_menu: QMenu | None = None
        self.setFocusProxy(self.line)

    def value(self) -> Any:
        text = self.line.text().strip()
        if not text:
            return None
        parsed = F.parse_date(text)
        return parsed if parsed is not None else text

    def typed_date(self) -> date | None:
        """The date typed when it is a complete, valid one, else None (half-typed "23/1", an impossible
        "31/04/2027", an empty field): what a handler reacting to ``changed`` may compute with."""
        value = self.value()
        return value if isinstance(value, date) else None

    def set_value(self, value: Any) -> None:
        if isinstance(value, date):
            self.line.setText(i18n.current().format_numeric_date(value))
        else:
            self.line.setText("" if value is None else str(value))

    def _tidy(self) -> None:
        """Leaving the field shows a typed date the way the language writes it (15032008 -> 15/03/2008)."""
        value = self.value()
        if isinstance(value, date):
            tidy = i18n.current().format_numeric_date(value)
            if tidy != self.line.text():
                self.line.setText(tidy)
                self.changed.emit()
            self.settled.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.line and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_F4) and (
                    event.modifiers() & Qt.KeyboardModifier.AltModifier or event.key() == Qt.Key.Key_F4):
                self.open_calendar()
                return True
        return super().eventFilter(watched, event)

    def open_calendar(self) -> None:
        """A calendar under the field, on the date typed (or today's month); a click, or the arrows and Enter,
        take a day. It pops up without a modal loop of its own: Escape or a click elsewhere closes it. A field
        shown read-only (a signed agreement's signature date) opens none."""
        if self.line.isReadOnly():
            return
        menu = QMenu(self)
        calendar = QCalendarWidget(menu)
        calendar.setGridVisible(True)
        calendar.setLocale(qlocale())
        current = self.value()
        if isinstance(current, date):
            calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        action = QWidgetAction(menu)
        action.setDefaultWidget(calendar)
        menu.addAction(action)

        def chosen(day: QDate) -> None:
            self.set_value(date(day.year(), day.month(), day.day()))
            self.changed.emit()
            self.settled.emit()
            menu.close()
            self.line.setFocus()

        calendar.activated.connect(chosen)
        calendar.clicked.connect(chosen)
        menu.aboutToHide.connect(menu.deleteLater)
        self.calendar_menu = menu
        menu.popup(self.line.mapToGlobal(self.line.rect().bottomLeft()))
        calendar.setFocus()


class BoolEditor(FieldEditor):
    def __init__(self, spec: F.Field, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.box = QCheckBox(self)
        self.box.setAccessibleName(spec.title())
        self._layout.addWidget(self.box)
        self._layout.addStretch(1)
        self.box.toggled.connect(self.changed)
        self.setFocusProxy(self.box)

    def value(self) -> bool:
        return self.box.isChecked()

    def set_value(self, value: Any) -> None:
        self.box.setChecked(bool(value))


class ChoiceEditor(FieldEditor):
    """A fixed or database-filled list of choices; ``value()`` is the chosen item's data."""

    def __init__(self, spec: F.Field, choices: list[tuple[str, Any]], parent: QWidget | None = None, *,
                 name_of: Callable[[Any], str] | None = None) -> None:
        super().__init__(spec, parent)
        #: The name of a value no longer offered (a retired company chosen before), else "#id".
        self._name_of = name_of
        self.combo = QComboBox(self)
        self.combo.setAccessibleName(spec.title())
        self.combo.setMinimumContentsLength(12)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self._layout.addWidget(self.combo, 1)
        self.set_choices(choices)
        self.combo.currentIndexChanged.connect(self.changed)
        self.combo.currentIndexChanged.connect(self._show_whole)
        self.setFocusProxy(self.combo)

    def set_choices(self, choices: list[tuple[str, Any]]) -> None:
        keep = self.value() if self.combo.count() else None
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem("", None)
        for label, data in choices:
            self.combo.addItem(label, data)
        self.combo.blockSignals(False)
        self.set_value(keep)
        # The open list is as wide as its longest entry (a plan's name with its positions and weeks), however
        # narrow the form's column, up to most of a 1366-pixel screen.
        metrics = self.combo.fontMetrics()
        widest = max((metrics.horizontalAdvance(self.combo.itemText(i)) for i in range(self.combo.count())),
                     default=0)
        self.combo.view().setMinimumWidth(min(widest + 40, 1000))
        self._show_whole()

    def _show_whole(self) -> None:
        """The chosen entry in full as the box's tooltip (the box itself may cut a long one off)."""
        self.combo.setToolTip(self.combo.currentText())

    def value(self) -> Any:
        return self.combo.currentData()

    def set_value(self, value: Any) -> None:
        index = self.combo.findData(value) if value is not None else 0
        if index < 0:  # a value no longer offered (a retired company, another company's instructor): shown
            name = self._name_of(value) if self._name_of is not None else ""
            self.combo.addItem(name or f"#{value}", value)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(index)


def sex_editor(spec: F.Field, parent: QWidget | None = None) -> ChoiceEditor:
    return ChoiceEditor(spec, [(sex_word(code), code) for code in SEXES], parent)


def reference_choices(db: Office, kind: str, **filters: Any) -> list[tuple[str, int]]:
    """(name, id) of the records of a small kind the signed-in user may pick (the core decides which),
    optionally filtered (company_id=…, school_id=…)."""
    from vetdesk.services import references

    return references.reference_choices(db, kind, **filters)


def record_namer(db: Office, kind: str) -> Callable[[Any], str]:
    from vetdesk.services import references

    return lambda record_id: references.display_names(db, kind, [record_id]).get(record_id, "") \
        if isinstance(record_id, int) else ""


#: Choose one record of a large kind: (kind, title, parent) -> its id, or None when the person cancels.
Pick = Callable[[str, str, QWidget], "int | None"]


class RecordPicker(FieldEditor):
    """A reference to a record of a large kind (apprentices, agreements): typed, it offers the records matching
    what is typed (an agreement by its apprentice's name or its reference) to choose from; the button beside
    searches the whole list."""

    #: How long typing pauses before the records matching it are looked up (ms).
    SEARCH_DELAY_MS = 250
    #: How many matches the list under the field offers (the search button shows them all).
    OFFERED = 12

    def __init__(self, spec: F.Field, db: Office, parent: QWidget | None = None, *,
                 pick: Pick | None = None) -> None:
        super().__init__(spec, parent)
        self.db = db
        self.kind = spec.ref_kind or ""
        self._pick = pick
        self._id: int | None = None
        self._shown = ""  # the chosen record's name as the field shows it
        self._searching = 0  # the newest search (an older one's answer is dropped)
        self.line = QLineEdit(self)
        self.line.setAccessibleName(spec.title())
        self.line.setPlaceholderText(_PICKER_HINTS.get(self.kind, _PICKER_HINTS[""])())
        self.offers = QStandardItemModel(self)
        self.completer = QCompleter(self.offers, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(self.OFFERED)
        self.completer.setWidget(self.line)  # offers only: the line is not completed as it is typed
        self.completer.activated[QModelIndex].connect(self._offer_chosen)  # type: ignore[index]
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._search)
        self.line.textEdited.connect(lambda _text: self._timer.start())
        self.line.installEventFilter(self)
        self.button = QToolButton(self)
        self.button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogContentsView))
        self.button.setToolTip(_("Choose {field}…").format(field=spec.title()))
        self.button.setAccessibleName(_("Choose {field}").format(field=spec.title()))
        self.button.clicked.connect(self.choose)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.line, 1)
        row.addWidget(self.button)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(row)
        #: What leaving the field with text that chose nothing says (several match, or none).
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setAccessibleName(_("{field}: note").format(field=spec.title()))
        self.note.hide()
        column.addWidget(self.note)
        self._layout.addLayout(column, 1)
        self.setFocusProxy(self.line)
        self.button.setVisible(pick is not None)

    def choose(self) -> None:
        chosen = self._pick(self.kind, self.spec.title(), self) if self._pick is not None else None
        if chosen is not None:
            self.set_value(chosen)
            self.changed.emit()

    def _popup(self) -> QAbstractItemView:
        popup = self.completer.popup()
        assert popup is not None  # a completer always has its list
        return popup

    def value(self) -> int | None:
        return self._id

    def set_value(self, value: Any) -> None:
        self._say("")
        self._id = int(value) if value is not None else None
        if self._id is None:
            self._shown = ""
            self.line.clear()
            return
        if records.kind(self.kind).told_apart_by:
            from vetdesk.services import lookups

            # Told apart as the offers tell them: an agreement's reference with its apprentice and company (a
            # reference alone says nothing to a person checking they picked the right one).
            name = lookups.told_apart(self.db, self.kind, [self._id]).get(self._id, "")
        else:
            found = records.get_many(self.db, self.kind, [self._id]).get(self._id)
            name = str(found.get(NAME_KEY.get(self.kind, "id"), "")) if found else ""
        # The record's name as its list names it; the row id is the database's, not a word people use.
        self._shown = name or f"#{self._id}"
        self.line.setText(self._shown)
        self.line.setCursorPosition(0)
        show_whole_in_tooltip(self.line)

    # -- typing -------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.line and event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) \
                and event.key() == Qt.Key.Key_Escape and self._popup().isVisible():
            event.accept()  # Esc closes the offers, not the form (the window's Esc)
            return True
        if watched is self.line and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and not self._popup().isVisible() and self.line.text() != self._shown:
            self._search(choose_single=True)  # Enter: look now; one match is taken at once
            return True
        if watched is self.line and event.type() == QEvent.Type.FocusOut and isinstance(event, QFocusEvent) \
                and event.reason() != Qt.FocusReason.PopupFocusReason:
            self._left()
        return super().eventFilter(watched, event)

    def _left(self) -> None:
        """Leaving the field (Tab, a click elsewhere) is like Enter: a cleared field chooses nothing; text typed
        takes the record it names exactly (a reference) or the only one it matches; with several or none the
        typed text stays and the note under the field says so (never cleared unsaid)."""
        self._timer.stop()
        text = self.line.text().strip()
        if note_held(self.note):  # its room was kept while the person chose: gone now the field is left
            set_note(self.note, self.note.text(), typing=False)
        if not text:
            self._say("")
            if self._id is not None:
                self.set_value(None)
                self.changed.emit()
            return
        if self.line.text() == self._shown:
            self._say("")
            return
        found = picker_offers(self.db, self.kind, text, self.OFFERED)
        exact = [record_id for record_id, label in found if label.split(" · ")[0].casefold() == text.casefold()]
        if len(exact) == 1 or len(found) == 1:
            self._take(exact[0] if len(exact) == 1 else found[0][0])
        elif found:
            self._say(_("Several match “{text}”: choose one from the list.").format(text=text))
        else:
            self._say(_("Nothing matches “{text}”. Try part of a name, or the search button.").format(text=text))

    def _say(self, text: str) -> None:
        # Choosing from the offers while the cursor is in the field clears the note but keeps its line (the
        # fields below stay where they are); leaving the field lays the notes out again (_left).
        set_note(self.note, text, typing=self.line.hasFocus())
        self.line.setAccessibleDescription(text)

    def _search(self, choose_single: bool = False) -> None:
        from vetdesk.ui.tasks import run_in_background

        self._timer.stop()
        text = self.line.text().strip()
        if not text or text == self._shown:
            self._popup().hide()
            return
        self._searching += 1
        searching = self._searching
        db, kind, limit = self.db, self.kind, self.OFFERED
        if choose_single:  # Enter waits for the answer (a few milliseconds: the first matches only)
            self._offer(searching, text, picker_offers(db, kind, text, limit), choose_single=True)
            return
        run_in_background(lambda: picker_offers(db, kind, text, limit),
                          lambda found: self._offer(searching, text, found), owner=self)

    def _offer(self, searching: int, text: str, found: list[tuple[int, str]], *, choose_single: bool = False) -> None:
        if searching != self._searching or self.line.text().strip() != text:
            return  # typed on since
        if choose_single and len(found) == 1:
            self._popup().hide()
            self._take(found[0][0])
            return
        self.offers.clear()
        for record_id, label in found:
            item = QStandardItem(label)
            item.setData(record_id, Qt.ItemDataRole.UserRole)
            item.setToolTip(label)
            self.offers.appendRow(item)
        if not found:
            item = QStandardItem(_("Nothing matches “{text}”. Try part of a name, or the search button.")
                                 .format(text=text))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.offers.appendRow(item)
        popup = self._popup()
        # As wide as its longest offer, up to 900 px, but never past the screen's right edge: the list opens at
        # the line's left (each offer is whole in its tooltip).
        wanted = min(max(popup.sizeHintForColumn(0) + 30, self.line.width()), 900)
        screen = self.line.screen().availableGeometry()
        room = screen.right() - self.line.mapToGlobal(QPoint(0, 0)).x()
        popup.setMinimumWidth(max(self.line.width(), min(wanted, room)))
        popup.setMaximumWidth(max(self.line.width(), room))
        self.completer.complete()

    def _offer_chosen(self, index: QModelIndex) -> None:
        record_id = index.data(Qt.ItemDataRole.UserRole)
        if record_id is not None:
            self._take(int(record_id))

    def _take(self, record_id: int) -> None:
        self._say("")
        self.set_value(record_id)
        self.changed.emit()


def _agreement_hint() -> str:
    return _("Type the apprentice's name or the agreement's reference")


def _apprentice_hint() -> str:
    return _("Type the apprentice's name or CURP")


def _any_hint() -> str:
    return _("Type part of the name, or use the search button")


#: The field's placeholder: what may be typed into it.
_PICKER_HINTS: dict[str, Callable[[], str]] = {"agreements": _agreement_hint, "apprentices": _apprentice_hint,
                                                "": _any_hint}


def picker_offers(db: Office, kind: str, text: str, limit: int) -> list[tuple[int, str]]:
    """The records of ``kind`` matching ``text`` that the user may pick (the core's search and scope), each with a
    line that tells them apart: an agreement's reference with its apprentice and company."""
    from vetdesk.services import lookups

    found = lookups.choices(db, kind, search=text, limit=limit)
    if not records.kind(kind).told_apart_by or not found:
        return [(c.id, " · ".join(p for p in (c.label, c.detail) if p)) for c in found]
    labels = lookups.told_apart(db, kind, [c.id for c in found])
    return [(c.id, labels.get(c.id) or c.label) for c in found]


class WordChoiceEditor(ChoiceEditor):
    """A choice stored as a code (``domain.choices``), shown as its word in the interface's language; it takes
    only its choices (typing picks one, as in any drop-down)."""

    def __init__(self, spec: F.Field, parent: QWidget | None = None) -> None:
        from vetdesk.domain.choices import choice

        super().__init__(spec, [(_(o.label), o.code) for o in choice(spec.type[7:]).options], parent)

    def value(self) -> Any:
        return self.combo.currentData()

    def set_value(self, value: Any) -> None:
        index = self.combo.findData(value) if value is not None else 0
        if index >= 0:
            self.combo.setCurrentIndex(index)
        else:  # a word stored before the list was closed: shown as it is, until another choice is made
            self.combo.addItem(str(value), value)
            self.combo.setCurrentIndex(self.combo.count() - 1)


def make_editor(spec: F.Field, db: Office, parent: QWidget | None = None, *,
                pick: Pick | None = None, paragraph: int = 0) -> FieldEditor:
    """The editor of one field. ``pick``: how a reference to a large kind is chosen (the list page's picker);
    ``paragraph``: a long free text is typed as a paragraph of that many lines in sight (:class:`ParagraphEditor`)."""
    ref = spec.ref_kind
    if paragraph and spec.type == "text" and spec.multiline:
        return ParagraphEditor(spec, parent, lines=int(paragraph))
    if spec.type == "date":
        return DateEditor(spec, parent)
    if spec.type == "bool":
        return BoolEditor(spec, parent)
    if spec.type == "sex":
        return sex_editor(spec, parent)
    if spec.type.startswith("choice:"):
        return WordChoiceEditor(spec, parent)
    if spec.type == "choice":
        return ChoiceEditor(spec, [(_(label), value) for value, label in spec.choices], parent)
    if spec.refs_kind is not None:  # as the core offers them (competencies each with its programme)
        from vetdesk.services import offered

        return ChecklistEditor(spec, offered.ticked(db, spec.refs_kind), parent)
    if spec.type == "steps":
        return StepsEditor(spec, parent)
    if ref in SMALL_KINDS:
        return ChoiceEditor(spec, reference_choices(db, ref), parent, name_of=record_namer(db, ref))
    if ref in NAME_KEY:
        return RecordPicker(spec, db, parent, pick=pick)
    return TextEditor(spec, parent)


def describe(spec: F.Field, value: Any) -> str:
    return format_value(spec.type, value)


def with_file_button(edit: QLineEdit, slot: Any, accessible_name: str, parent: QWidget | None = None) -> QWidget:
    """A line edit with a folder button beside it that calls ``slot`` (choose a file)."""
    row = QWidget(parent)
    box = QHBoxLayout(row)
    box.setContentsMargins(0, 0, 0, 0)
    box.addWidget(edit, 1)
    button = QToolButton(row)
    button.setIcon(row.style().standardIcon(QStyle.StandardPixmap.SP_DirOpenIcon))
    button.setToolTip(_("Choose a file…"))
    button.setAccessibleName(accessible_name)
    button.clicked.connect(slot)
    box.addWidget(button)
    return row


def fill_from_curp(editors: dict[str, FieldEditor]) -> set[str]:
    """A valid Mexican CURP says the birth date and sex: put them in their fields; returns the fields filled.
    The form and the agreement wizard's new apprentice both call this (nothing else reads a CURP's parts)."""
    found = identifiers.from_curp(editors["id_country"].value() or "MX", editors["curp"].value() or "")
    for name, value in found.items():
        editors[name].set_value(value)
    return set(found)


def editor_for(kind: str, name: str, db: Office, parent: QWidget | None = None) -> FieldEditor:
    """The form's editor of one field of a kind (the wizard builds its pages from these too)."""
    spec = records.kind(kind).field(name)
    assert spec is not None, (kind, name)
    return make_editor(spec, db, parent)


def named_choices(db: Office, kind: str, **filters: Any) -> list[tuple[str, int]]:
    """(name, id) of the records of ``kind`` in list order, named as lists name them (a competency by its code
    and title)."""
    from vetdesk.services import offered

    return offered.named(db, kind, **filters)


class ChecklistEditor(FieldEditor):
    """Several records of a kind, ticked in a list (a learning position's competencies); a filter narrows the
    list. Space ticks the current item; ``value()`` is the ticked ids."""

    def __init__(self, spec: F.Field, choices: list[tuple[str, int]], parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(_("Filter…"))
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName(_("Filter {field}").format(field=spec.title()))
        self.filter.textChanged.connect(self._filter)
        self.list = QListWidget(self)
        self.list.setAccessibleName(spec.title())
        self.list.setMinimumHeight(120)
        self.list.itemChanged.connect(lambda _item: self.changed.emit())
        column.addWidget(self.filter)
        column.addWidget(self.list)
        self._layout.addLayout(column)
        self._wanted: list[int] = []
        self.setFocusProxy(self.list)
        self.set_choices(choices)

    def set_choices(self, choices: list[tuple[str, int]]) -> None:
        keep = self.value() if self.list.count() else list(self._wanted)
        self.list.blockSignals(True)
        self.list.clear()
        for label, record_id in choices:
            item = QListWidgetItem(label, self.list)
            item.setData(Qt.ItemDataRole.UserRole, record_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if record_id in keep else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self._wanted = [i for i in keep if i not in {d for _label, d in choices}]
        self._filter(self.filter.text())
        self._fit_height()

    #: The most choices in sight before the list scrolls.
    ROWS = 10

    def _fit_height(self) -> None:
        """No taller than its choices (up to :data:`ROWS` of them): three competencies took a box of ten, which
        pushed the fields below it out of a weekly report's pane at 1366×768 (win21p)."""
        rows = min(max(self.list.count(), 1), self.ROWS)
        row = self.list.sizeHintForRow(0) if self.list.count() else self.list.fontMetrics().height() + 4
        spacing = 2 * self.list.spacing()
        wanted = rows * (row + spacing) + 2 * self.list.frameWidth() + 4
        self.list.setMaximumHeight(max(wanted, self.list.minimumHeight()))

    def _filter(self, text: str) -> None:
        from vetdesk.domain.normalize import fold

        words = fold(text).split()
        for i in range(self.list.count()):
            item = self.list.item(i)
            label = fold(item.text())
            item.setHidden(bool(words) and not all(w in label for w in words))

    def value(self) -> list[int]:
        ticked = [int(self.list.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.list.count())
                  if self.list.item(i).checkState() == Qt.CheckState.Checked]
        return sorted(set(ticked) | set(self._wanted))

    def set_value(self, value: Any) -> None:
        wanted = set(value or [])
        self.list.blockSignals(True)
        offered = set()
        for i in range(self.list.count()):
            item = self.list.item(i)
            record_id = int(item.data(Qt.ItemDataRole.UserRole))
            offered.add(record_id)
            item.setCheckState(Qt.CheckState.Checked if record_id in wanted else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self._wanted = sorted(wanted - offered)  # kept until their choices arrive


class StepsEditor(FieldEditor):
    """A rotation plan's learning positions in their order, with their weeks: choose a position and its weeks,
    add it; move, remove, or type new weeks into the table."""

    def __init__(self, spec: F.Field, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        add_row = QHBoxLayout()
        self.position = QComboBox(self)
        self.position.setAccessibleName(_("Learning position to add"))
        self.position.setMinimumContentsLength(14)
        self.position.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.weeks = QSpinBox(self)
        self.weeks.setRange(1, 260)
        self.weeks.setValue(4)
        self.weeks.setSuffix(" " + _("weeks"))
        self.weeks.setAccessibleName(_("Weeks at the position"))
        self.add_button = QPushButton(_("Add"), self)
        self.add_button.setAccessibleName(_("Add to the plan"))
        self.add_button.setToolTip(_("Add the learning position with its weeks at the end of the plan"))
        self.add_button.clicked.connect(self.add_step)
        add_row.addWidget(self.position, 1)
        add_row.addWidget(self.weeks)
        add_row.addWidget(self.add_button)
        self.table = QTableWidget(0, 3, self)
        self.table.setAccessibleName(spec.title())
        self.table.setHorizontalHeaderLabels([_("No."), _("Learning position"), _("Weeks")])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setMinimumHeight(140)
        self.table.itemChanged.connect(self._weeks_typed)
        move_row = QHBoxLayout()
        self.up_button = QPushButton(_("Move up"), self)
        self.down_button = QPushButton(_("Move down"), self)
        self.remove_button = QPushButton(_("Remove"), self)
        self.remove_button.setAccessibleName(_("Remove from the plan"))
        self.up_button.clicked.connect(lambda: self.move_step(-1))
        self.down_button.clicked.connect(lambda: self.move_step(1))
        self.remove_button.clicked.connect(self.remove)
        self.total = QLabel(self)
        move_row.addWidget(self.up_button)
        move_row.addWidget(self.down_button)
        move_row.addWidget(self.remove_button)
        move_row.addStretch(1)
        column.addLayout(add_row)
        column.addWidget(self.table)
        column.addLayout(move_row)
        column.addWidget(self.total)
        self._layout.addLayout(column)
        self._steps: list[dict[str, int]] = []
        self._names: dict[int, str] = {}
        self.setFocusProxy(self.position)
        self._show()

    def set_positions(self, choices: list[tuple[str, int]]) -> None:
        """The learning positions that can be added (the plan's company's)."""
        self._names.update({record_id: label for label, record_id in choices})
        self.position.clear()
        for label, record_id in choices:
            self.position.addItem(label, record_id)
        self._show()

    def add_step(self) -> None:
        position_id = self.position.currentData()
        if position_id is None:
            return
        self._steps.append({"position_id": int(position_id), "weeks": self.weeks.value()})
        self._show()
        self.changed.emit()

    def move_step(self, by: int) -> None:
        row = self.table.currentRow()
        target = row + by
        if row < 0 or not 0 <= target < len(self._steps):
            return
        self._steps[row], self._steps[target] = self._steps[target], self._steps[row]
        self._show()
        self.table.selectRow(target)
        self.changed.emit()

    def remove(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self._steps):
            del self._steps[row]
            self._show()
            self.changed.emit()

    def _weeks_typed(self, item: QTableWidgetItem) -> None:
        if item.column() != 2 or not 0 <= item.row() < len(self._steps):
            return
        text = item.text().strip()
        if text.isdigit() and int(text) != self._steps[item.row()]["weeks"]:
            self._steps[item.row()]["weeks"] = int(text)
            self._show_total()
            self.changed.emit()

    def _show(self) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(len(self._steps))
        for row, step in enumerate(self._steps):
            number = QTableWidgetItem(str(row + 1))
            name = QTableWidgetItem(self._names.get(step["position_id"], f"#{step['position_id']}"))
            for item in (number, name):
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, 0, number)
            self.table.setItem(row, 1, name)
            self.table.setItem(row, 2, QTableWidgetItem(str(step["weeks"])))
        self.table.resizeColumnToContents(0)
        self.table.blockSignals(False)
        self._show_total()

    def _show_total(self) -> None:
        weeks = sum(s["weeks"] for s in self._steps)
        self.total.setText(_("Total: {weeks} weeks").format(weeks=weeks))

    def value(self) -> list[dict[str, int]]:
        return [dict(s) for s in self._steps]

    def set_value(self, value: Any) -> None:
        self._steps = [{"position_id": int(s["position_id"]), "weeks": int(s["weeks"])} for s in value or []]
        self._show()
