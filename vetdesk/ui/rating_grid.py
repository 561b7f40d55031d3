"""Rate every competency of one learning position in one sitting, from the keyboard alone.

Type a level, Enter moves to the next competency; after the last one Enter reaches *Save*, which
writes the whole grid as one operation (:func:`vetdesk.services.assessments.rate_position`): every
rating lands, or none does and the refusal is shown above the grid.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QShortcut, QValidator
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vetdesk.domain import scales
from vetdesk.domain.problems import RuleViolation, error
from vetdesk.i18n import N_, _, ngettext
from vetdesk.services import assessments
from vetdesk.services import fields as F
from vetdesk.services.office import Office
from vetdesk.services.progress import level_fill
from vetdesk.services.uow import SYSTEM, Actor
from vetdesk.ui.editors import DateEditor
from vetdesk.ui.headers import wrap_header
from vetdesk.ui.messages import ReservedMessage, problem_html

ModelIndex = QModelIndex | QPersistentModelIndex

CODE, TITLE, LATEST, NEW = range(4)


class RatingModel(QAbstractTableModel):
    """The position's competencies with their latest rating and the level being entered now."""

    def __init__(self, grid: assessments.PositionGrid, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = grid
        self.pending: dict[int, int] = {}  # row -> level typed in this sitting

    def reset(self, grid: assessments.PositionGrid) -> None:
        self.beginResetModel()
        self.grid = grid
        self.pending.clear()
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.grid.rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (_("Code"), _("Competency"), _("Latest rating"), _("New level"))[section]
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == NEW else base

    def _latest_text(self, row: assessments.GridRow) -> str:
        if row.recognised:
            return _("recognised")
        if row.latest_level is None:
            return ""
        from vetdesk.services.belongings import rated_by

        level = scales.level_label(self.grid.scale, row.latest_level)
        return f"{row.latest_level} — {level} ({rated_by(row.latest_role)})"

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.grid.rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == CODE:
                return row.code
            if column == TITLE:
                return row.title
            if column == LATEST:
                return self._latest_text(row)
            level = self.pending.get(index.row())
            if role == Qt.ItemDataRole.EditRole:
                return "" if level is None else str(level)
            return "" if level is None else f"{level} — {scales.level_label(self.grid.scale, level)}"
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = None
            if column == LATEST:
                colour = level_fill(self.grid.scale, row.latest_level, row.recognised)
            elif column == NEW and index.row() in self.pending:
                colour = level_fill(self.grid.scale, self.pending[index.row()])
            return QColor(f"#{colour}") if colour else None
        if role == Qt.ItemDataRole.ForegroundRole and column in (LATEST, NEW):
            return QColor("black") if self.data(index, Qt.ItemDataRole.BackgroundRole) is not None else None
        if role == Qt.ItemDataRole.ToolTipRole and column == TITLE:
            return f"{row.area}: {row.title}"
        return None

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != NEW:
            return False
        text = str(value or "").strip()
        if not text:
            self.pending.pop(index.row(), None)
        elif text.isdigit() and scales.is_valid_level(self.grid.scale, int(text)):
            self.pending[index.row()] = int(text)
        else:
            return False
        self.dataChanged.emit(index, index)
        return True

    def ratings(self) -> dict[int, int]:
        """Competency id -> level, for the cells filled in this sitting."""
        return {self.grid.rows[r].competency_id: level for r, level in self.pending.items()}


class LevelValidator(QValidator):
    """Accepts exactly the scale's levels (and an empty cell); a digit that can lead nowhere is refused."""

    #: A key that makes no level was refused: the text it would have made.
    refused = Signal(str)
    #: What is typed is a level, or the start of one (a refusal said before is out of date).
    fits = Signal()

    def __init__(self, scale: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.allowed = {str(v) for v in scales.allowed_values(scale)}

    def validate(self, text: str, pos: int) -> Any:
        value = text.strip()
        if not value or value in self.allowed:
            if value:
                self.fits.emit()
            return QValidator.State.Acceptable, text, pos
        if value.isdigit() and any(a.startswith(value) for a in self.allowed):
            self.fits.emit()
            return QValidator.State.Intermediate, text, pos
        self.refused.emit(value)
        return QValidator.State.Invalid, text, pos


class LevelDelegate(QStyledItemDelegate):
    """A line editor that accepts only levels of the scale."""

    #: A level out of the scale was typed (the text typed).
    refused = Signal(str)
    #: A level of the scale (or the start of one) was typed.
    fits = Signal()

    def __init__(self, scale: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scale = scale

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: ModelIndex) -> QWidget:
        editor = QLineEdit(parent)
        validator = LevelValidator(self.scale, editor)
        validator.refused.connect(self.refused)
        validator.fits.connect(self.fits)
        editor.setValidator(validator)
        editor.setAccessibleName(_("New level"))
        return editor

    def setEditorData(self, editor: QWidget, index: ModelIndex) -> None:
        if isinstance(editor, QLineEdit):
            editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))

    def setModelData(self, editor: QWidget, model: Any, index: ModelIndex) -> None:
        if isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


class RatingTable(QTableView):
    """Enter moves to the next competency's level (and, after the last, to whatever comes next)."""

    finished = Signal()

    def _next(self) -> None:
        row = self.currentIndex().row()
        model = self.model()
        if row + 1 < model.rowCount():
            self.setCurrentIndex(model.index(row + 1, NEW))
        else:
            self.finished.emit()

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        super().closeEditor(editor, hint)
        # Enter moves on. A cell left by a click elsewhere (NoHint: it lost the focus) keeps its level and leaves
        # the keyboard where the click put it: moving on from the last row would send it to *Save*, and a date
        # typed into the field just clicked would go nowhere.
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            self._next()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.state() != QAbstractItemView.State.EditingState:
            self._next()
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.currentIndex().column() == NEW:
            self.model().setData(self.currentIndex(), "", Qt.ItemDataRole.EditRole)
            return
        super().keyPressEvent(event)


class RatingGrid(QWidget):
    """The rating grid of one apprentice (agreement) at one learning position."""

    #: The ids of the assessments written by *Save*.
    saved = Signal(list)
    #: *Cancel*: nothing is written.
    cancelled = Signal()

    def __init__(self, db: Office, agreement_id: int, position_id: int, parent: QWidget | None = None, *,
                 actor: Actor = SYSTEM, today: date | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.agreement_id = agreement_id
        self.position_id = position_id
        self.actor = actor
        self.today = today
        grid = assessments.position_grid(db, agreement_id=agreement_id, position_id=position_id)
        self.setWindowTitle(_("Rate {position} — {apprentice}").format(position=grid.position_name,
                                                                      apprentice=grid.apprentice_name))

        self.heading = QLabel(_("{apprentice} at {position}. Scale: {scale}").format(
            apprentice=grid.apprentice_name, position=grid.position_name, scale=scales.describe(grid.scale)))
        self.heading.setWordWrap(True)
        # Beside the buttons, its two lines' room kept whether it says something or not: a refusal appearing
        # moves neither the table nor the buttons (issue 21).
        self.message = ReservedMessage(self, lines=2)

        self.on = DateEditor(F.Field("assessed_on", "date", N_("Date")), self)
        self.on.set_value(today or date.today())
        # Who rated, as the agreement names them: the instructor by name first (the usual paper grid); choosing
        # another role proposes that person's name. Never the login of the user keying the grid in.
        self.raters = dict(grid.raters)
        self.role = QComboBox()
        self.role.setAccessibleName(_("Rater's role"))
        for value in assessments.ROLES:
            self.role.addItem(_(assessments.ROLE_LABELS[value]), value)
        self.rater = QLineEdit(self.raters.get("instructor", ""))
        self.rater.setAccessibleName(_("Rater"))
        self.role.currentIndexChanged.connect(self._role_chosen)
        top = QFormLayout()
        top.addRow(_("Date"), self.on)
        top.addRow(_("Rater's role"), self.role)
        top.addRow(_("Rater"), self.rater)

        self.model = RatingModel(grid, self)
        self.table = RatingTable()
        wrap_header(self.table)  # "Última / evaluación" on two lines rather than cut
        self.table.setModel(self.model)
        delegate = LevelDelegate(grid.scale, self.table)
        delegate.refused.connect(self._refused_level)
        delegate.fits.connect(self._level_fits)
        self._level_refused = False
        self.table.setItemDelegateForColumn(NEW, delegate)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                                   | QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        for column in (CODE, LATEST, NEW):  # "Latest rating" is read whole, whatever the language
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setAccessibleName(_("Ratings"))
        self.table.setTabKeyNavigation(False)
        self.table.finished.connect(self._to_save)

        self.save_button = QPushButton(_("Save ratings"))
        self.save_button.setAutoDefault(True)
        self.save_button.clicked.connect(self.save)
        # PySide6 connects a signal given by name as a keyword; its stubs do not list the signals' keywords.
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)  # type: ignore[call-overload]
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setToolTip(_("Close without saving the levels typed here"))
        self.cancel_button.clicked.connect(self.cancelled)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)
        buttons.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignTop)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.start()

    @classmethod
    def for_form(cls, db: Office, text: str, parent: QWidget | None = None, **kwargs: Any) -> RatingGrid:
        """The grid of a printed assessment form, from its scanned QR text or typed reference."""
        agreement_id, position_id = assessments.find_form(db, text)
        return cls(db, agreement_id, position_id, parent, **kwargs)

    def _role_chosen(self) -> None:
        """The rater's name follows the role chosen while it is one the agreement proposed (a name typed in
        by hand stays)."""
        if self.rater.text().strip() in ("", *self.raters.values()):
            self.rater.setText(self.raters.get(str(self.role.currentData()), ""))

    def start(self) -> None:
        """Put the cursor on the first competency's level, ready to type."""
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, NEW))
        self.table.setFocus()

    def _refused_level(self, typed: str) -> None:
        levels = ", ".join(str(v) for v in scales.allowed_values(self.model.grid.scale))
        self.show_problems([error("level", _("{value} is not a level of this scale: type one of {levels}.")
                                  .format(value=typed, levels=levels), "level.scale")])
        self._level_refused = True

    def _level_fits(self) -> None:
        """A level typed after a refused one: the refusal is no longer true."""
        if self._level_refused:
            self.show_problems([])

    def typed_count(self) -> int:
        """How many levels are typed in this sitting and not saved."""
        return len(self.model.pending)

    def _to_save(self) -> None:
        self.save_button.setFocus()

    def show_problems(self, problems: list[Any]) -> None:
        self._level_refused = False
        self.message.say(problem_html(problems), "\n".join(p.message for p in problems))

    def save(self) -> list[int]:
        """Write every level typed in this sitting as one operation; refusals are shown, nothing written."""
        if self.table.state() == QAbstractItemView.State.EditingState:
            editor = self.table.indexWidget(self.table.currentIndex()) or self.table.focusWidget()
            if editor is not None:
                self.table.commitData(editor)
        on = self.on.value()
        if not isinstance(on, date):  # empty, or typed text that is no date: the services' own message
            problem = F.parse_value(self.on.spec, on or "")[1] or error(
                "assessed_on", _("Give the date of the rating."), "required")
            self.show_problems([problem])
            self.on.setFocus()
            return []
        try:
            office = self.db if self.actor is SYSTEM else self.db.as_user(self.actor)
            ids = office.rate_position(
                agreement_id=self.agreement_id, position_id=self.position_id, ratings=self.model.ratings(), on=on,
                rater=self.rater.text().strip() or None, role=self.role.currentData(), today=self.today)
        except RuleViolation as exc:
            self.show_problems(exc.problems)
            return []
        self.show_problems([])
        self.model.reset(assessments.position_grid(self.db, agreement_id=self.agreement_id,
                                                   position_id=self.position_id))
        self.start()
        self.saved.emit(ids)
        return ids


def rate_agreement(parent: QWidget, db: Office, agreement_id: int) -> bool:
    """Ask which learning position of the agreement's rotation plan to rate (the current one first) and open
    its keyboard rating grid; True when ratings were saved. The agreement's form and the apprentice's record
    both offer it."""
    from datetime import date

    from PySide6.QtWidgets import QInputDialog, QMessageBox

    from vetdesk.services.training import agreement_rotation
    from vetdesk.services.training_rules import current_position

    rotation = [line.row for line in agreement_rotation(db, agreement_id)]
    if not rotation:
        QMessageBox.information(parent, _("Rate"), _("The agreement has no rotation plan with learning positions. "
                                                     "Choose a rotation plan in the form first."))
        return False
    # The position the apprentice is at today (the same rule as the printed rating form), not one whose actual
    # dates were entered ahead.
    current = current_position(rotation, date.today())
    names = [f"{r.sequence}. {r.name}" for r in rotation]
    ask = QInputDialog(parent)
    ask.setWindowTitle(_("Rate a learning position"))
    ask.setLabelText(_("Learning position"))
    ask.setComboBoxItems(names)
    ask.setComboBoxEditable(False)
    ask.setTextValue(names[rotation.index(current)])
    # Wide enough for its title and the longest position's name, whatever the language.
    ask.setMinimumWidth(max(420, ask.fontMetrics().horizontalAdvance(ask.windowTitle()) + 160,
                            *(ask.fontMetrics().horizontalAdvance(n) + 120 for n in names)))
    if ask.exec() != QDialog.DialogCode.Accepted:
        return False
    position = rotation[names.index(ask.textValue())]
    return open_rating_dialog(parent, db, agreement_id, position.position_id).exec() == QDialog.DialogCode.Accepted


def open_rating_dialog(parent: QWidget, db: Office, agreement_id: int, position_id: int) -> RatingDialog:
    """The rating grid of one learning position in its own window, shown (the caller may wait on it with exec()):
    the agreement's *Rate* and a paper assessment form keyed in (*Key in a paper form*)."""
    from PySide6.QtWidgets import QVBoxLayout

    dialog = RatingDialog(parent)
    layout = QVBoxLayout(dialog)
    grid = RatingGrid(db, agreement_id, position_id, dialog)
    dialog.grid = grid
    dialog.setWindowTitle(grid.windowTitle())
    layout.addWidget(grid)
    grid.saved.connect(lambda _ids: dialog.accept())
    grid.cancelled.connect(dialog.reject)
    dialog.resize(760, 520)
    dialog.setModal(True)
    dialog.show()
    return dialog


class RatingDialog(QDialog):
    """The rating grid in its own window; closing it (Esc, *Cancel*, the window's X) with levels typed and not
    saved asks first."""

    grid: RatingGrid | None = None

    def reject(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        typed = self.grid.typed_count() if self.grid is not None else 0
        if typed:
            answer = QMessageBox.question(
                self, _("Discard the levels typed?"),
                ngettext("{n} level is typed and not saved. Close the grid and discard it?",
                         "{n} levels are typed and not saved. Close the grid and discard them?", typed)
                .format(n=typed),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()
