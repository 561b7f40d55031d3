"""The record form: every field of a record, each rule's message at its field, save with confirmation.

The form never decides whether a value is right: it hands the typed values to ``records.validate``
(as the person types) and ``records.create``/``update`` (on save), and shows the Problems they return
next to the fields they name. Errors block saving; warnings are shown and need a confirmation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from vetdesk.domain.problems import Problem, RuleViolation, WarningsNotAccepted, with_label
from vetdesk.i18n import N_, _
from vetdesk.services import records
from vetdesk.services.fields import Field
from vetdesk.services.office import Office
from vetdesk.ui.editors import (
    NAME_KEY,
    WEEK_ACCOUNT_LINES,
    ChoiceEditor,
    FieldEditor,
    Pick,
    fill_from_curp,
    make_editor,
    note_held,
    record_namer,
    set_note,
)
from vetdesk.ui.formatting import format_value
from vetdesk.ui.messages import WrappedLabel, problem_html

#: Sections of the longer forms: first field of a section -> its heading.
SECTIONS: dict[str, dict[str, str]] = {
    "apprentices": {"id_country": N_("Person"), "school_id": N_("School and insurance"),
                    "guardian_name": N_("Guardian (for minors)")},
    "agreements": {"reference": N_("Parties"), "start_date": N_("Term and weekly pattern"),
                   "stipend_amount": N_("Stipend, insurance and permit"), "holiday_days": N_("Other terms"),
                   "printed_on": N_("Life cycle"), "notes": N_("Notes")},
    "companies": {"name": N_("Company"), "legal_representative": N_("People")},
}


#: The field an officer types first, where it is not the form's first (an apprentice's CURP: it fills the birth
#: date and sex; the country above it is Mexico for nearly everyone).
FIRST_TYPED: dict[str, str] = {"apprentices": "curp"}
#: The long free texts typed as a paragraph (line breaks kept; Tab moves on), with the lines each keeps in sight: a
#: weekly report's account of the week (eight: a week's paragraph read without scrolling, win21p), its school
#: topics and the instructor's note (issue 21: a one-line box).
PARAGRAPHS = {("logbook", "activities"): WEEK_ACCOUNT_LINES, ("logbook", "school_topics"): 4,
              ("logbook", "review_note"): 4}
#: The lines in sight of a record's Notes (a multi-line text: pasted lines stay lines, Enter starts a new one).
NOTES_LINES = 3


#: The widest a field's label is, in average characters: a longer one wraps (the field keeps the room).
LABEL_CHARACTERS = 24
#: After a required field's label: an asterisk joined to its last word by a no-break space.
REQUIRED_MARK = "\u00a0*"


def record_title(db: Office, kind: str, record: dict[str, Any]) -> str:
    """A record's name, or (a kind without one: an assessment) who it is about, where and when, never its id."""
    key = NAME_KEY.get(kind)
    if key and record.get(key):
        return str(record[key])
    return records.record_title(db, kind, record)


class FollowWidth(QObject):
    """Calls ``fit`` whenever a table's viewport changes width (a stretched column gives no signal of its own),
    once the layout has settled: its rows then grow with their wrapped text (a long learning position's name)."""

    def __init__(self, table: QWidget, fit: Callable[[], None]) -> None:
        super().__init__(table)
        self._fit = fit
        self._width = -1
        viewport = getattr(table, "viewport", lambda: table)()
        viewport.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget) and watched.width() != self._width:
            self._width = watched.width()
            QTimer.singleShot(0, self._fit)
        return False


class _ReadOnly(FieldEditor):
    """Fields nobody edits here (the agreement's reference, its status): shown, never sent."""

    def __init__(self, spec: Field, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.label = QLabel(self)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._layout.addWidget(self.label)
        self._value: Any = None

    def value(self) -> Any:
        return self._value

    def set_value(self, value: Any) -> None:
        self._value = value
        self.label.setText(format_value(self.spec.type, value))


class RecordForm(QWidget):
    """One record of one kind, new (``record_id`` None) or existing."""

    saved = Signal(int)
    closeRequested = Signal()
    #: Open another record (kind, id): what belongs to this one (an apprentice's agreement, an assessment).
    openRecord = Signal(str, int)

    def __init__(self, db: Office, kind: str, record_id: int | None = None, parent: QWidget | None = None,
                 *, initial: dict[str, Any] | None = None, pick: Pick | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.kind = kind
        self.pick = pick
        self.spec = records.kind(kind)
        self.record_id = record_id
        self.record: dict[str, Any] = {}
        self.version: int | None = None
        self.editors: dict[str, FieldEditor] = {}
        self.messages: dict[str, QLabel] = {}
        #: The label beside each field (a kind may word one by its record: the apprentice's signature by sex).
        self.field_labels: dict[str, QLabel] = {}
        self._snapshot: dict[str, Any] = {}
        self._touched: set[str] = set()
        #: The fields the person has been in and left: a problem about a new record's empty field waits until
        #: then (or until saving), so a fresh form shows no error about what nobody has had a chance to fill in.
        self._visited: set[str] = set()
        self._save_attempted = False
        self._loading = False
        self._validate_timer = QTimer(self)
        self._validate_timer.setSingleShot(True)
        self._validate_timer.setInterval(400)
        self._validate_timer.timeout.connect(lambda: self.validate_now(typing=self._typing_in()))
        #: The problems last shown (laid out again under the fields once the field typed in is left).
        self._shown_problems: list[Problem] = []
        #: A message waits, unshown, for the field typed in to be left.
        self._waiting = False
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_moved)
        self._build()
        if record_id is not None:
            self.load(records.get(db, kind, record_id))
        else:
            # A new record starts from its kind's defaults, the same the services apply to a value left out.
            self._fill({f.name: None for f in self.spec.fields} | records.defaults(self.spec) | (initial or {}))

    # -- building ----------------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        self.title = QLabel(self)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        outer.addWidget(self.title)
        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.RichText)
        self.banner.hide()
        outer.addWidget(self.banner)
        scroll = QScrollArea(self)
        #: The fields' scroll area (a refusal scrolls its field and message into view).
        self.fields_area = scroll
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget(scroll)
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 6, 0)
        #: Room above the fields for what a kind adds (the agreement's life cycle and files).
        self.extra_area = QVBoxLayout()
        body_layout.addLayout(self.extra_area)
        form = QFormLayout()
        body_layout.addLayout(form)
        body_layout.addStretch(1)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        sections = SECTIONS.get(self.kind, {})
        for spec in self.spec.fields:
            if spec.name in sections:
                heading = QLabel(_(sections[spec.name]), body)
                hfont = QFont(heading.font())
                hfont.setBold(True)
                heading.setFont(hfont)
                heading.setContentsMargins(0, 8, 0, 0)
                form.addRow(heading)
            editor: FieldEditor
            if not spec.editable or spec.type == "status":
                editor = _ReadOnly(spec, body)
            elif spec.follows:  # its choices follow other fields (a company's instructors): offered by the core
                editor = ChoiceEditor(spec, [], body,
                                      name_of=record_namer(self.db, spec.ref_kind) if spec.ref_kind else None)
                editor.changed.connect(lambda name=spec.name: self._changed(name))
            else:
                editor = make_editor(spec, self.db, body, pick=self.pick,
                                     paragraph=PARAGRAPHS.get((self.kind, spec.name),
                                                                NOTES_LINES if spec.name == "notes" else 0))
                editor.changed.connect(lambda name=spec.name: self._changed(name))
            cell = QWidget(body)
            message = WrappedLabel(cell)
            message.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            message.setTextFormat(Qt.TextFormat.RichText)
            message.hide()
            column = QVBoxLayout(cell)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(editor)
            column.addWidget(message)
            # A required field's asterisk stays with its last word (a no-break space), never alone on a line.
            label = QLabel(spec.title() + (REQUIRED_MARK if spec.required else ""), body)
            self.field_labels[spec.name] = label
            # The fields have the room: a long label ("Country of the personal ID") wraps onto a second line
            # rather than taking half the pane from every field.
            widest = self._label_width(label)
            if label.fontMetrics().horizontalAdvance(label.text()) > widest:
                label.setWordWrap(True)
                label.setFixedWidth(widest)
                # As tall as its lines: the form's row took one line's height and the second line overlapped the
                # section's heading above it (trial 24c, German: "Land des Personalausweises").
                label.setMinimumHeight(label.heightForWidth(widest))
            label.setBuddy(editor.focusProxy() or editor)
            if spec.required:
                label.setToolTip(_("Required"))
            form.addRow(label, cell)
            if spec.type == "status":  # shown in the title, changed through the life-cycle steps
                form.setRowVisible(cell, False)
            self.editors[spec.name] = editor
            self.messages[spec.name] = message
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        buttons = QHBoxLayout()
        self.save_button = QPushButton(_("&Save"), self)
        self.save_button.setToolTip(_("Save the record (Ctrl+S)"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.close_button = QPushButton(_("Close"), self)
        self.close_button.setToolTip(_("Close the form (Esc)"))
        self.close_button.clicked.connect(self.request_close)
        self.history_button = QPushButton(_("History…"), self)
        self.history_button.setToolTip(_("Who changed this record, when, and from what (Ctrl+H)"))
        self.history_button.clicked.connect(self.show_history)
        self.delete_button = QPushButton(_("Delete…"), self)
        self.delete_button.setToolTip(_("Delete a record entered by mistake (only when nothing depends on it)"))
        self.delete_button.clicked.connect(self.delete_record)
        buttons.addWidget(self.history_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        outer.addLayout(buttons)
        from vetdesk.services import references

        #: Whether the signed-in user may change this kind of record (the core says); else the form only shows.
        self.writable = references.may_create(self.db, self.kind)
        from vetdesk.services import undo

        #: Whether the signed-in user's role may delete records of this kind (the core's rule: an instructor
        #: records weekly reports and assessments but deletes none, and is not offered "Delete…").
        self.deletable = undo.may_delete(self.db, self.kind)
        if not self.writable:
            for editor in self.editors.values():
                editor.setEnabled(False)
            self.save_button.hide()
        self.delete_button.setVisible(self.deletable and self.record_id is not None)

        from vetdesk.services import offered

        #: Each field others' choices follow -> those fields (``Field.follows``), offered anew when it changes.
        self._followers = {name: tuple(n for n in names if n in self.editors)
                           for name, names in offered.followers(self.kind).items() if name in self.editors}
        for name, names in self._followers.items():
            self.editors[name].changed.connect(lambda names=names: self._offer(*names))

    @staticmethod
    def _label_width(label: QLabel) -> int:
        """The widest a field's label is (about 24 average characters besides a required field's asterisk; the
        longest word, with the asterisk after it, always whole)."""
        metrics = label.fontMetrics()
        text = label.text()
        mark = metrics.horizontalAdvance(REQUIRED_MARK) if text.endswith(REQUIRED_MARK) else 0
        words = text.removesuffix(REQUIRED_MARK).split() or [""]
        widths = [metrics.horizontalAdvance(w) for w in words]
        widths[-1] += mark
        longest_word = max(widths)
        return max(metrics.averageCharWidth() * LABEL_CHARACTERS + mark, longest_word + 4)

    # -- values ------------------------------------------------------------------------------------

    def _fill(self, values: dict[str, Any]) -> None:
        self._loading = True
        try:
            for name, editor in self.editors.items():
                if name in values:
                    editor.set_value(values[name])
            following = self._following()
            self._offer(*following)
            for name in following:  # once their choices are known
                if name in values:
                    self.editors[name].set_value(values[name])
        finally:
            self._loading = False
        self._snapshot = self.values()
        self._touched.clear()
        self._visited.clear()
        self._update_title()
        self._update_save_button()

    def load(self, record: dict[str, Any]) -> None:
        """Show ``record`` as stored (after opening, saving or reloading)."""
        self.record = dict(record)
        self.record_id = record.get("id")
        self.version = record.get("version")
        self._save_attempted = False
        self._fill(record)
        self.show_problems([])
        self._hold_dates()

    def _hold_dates(self) -> None:
        """A signed agreement's signature dates are shown read-only, with how they are recorded, where the core
        would refuse to change them (``records.held_dates``): not offered for typing only to be refused."""
        if not any(name.endswith("_signed_on") for name in self.editors):
            return
        held = records.held_dates(self.db, self.kind, self.record_id) if self.record_id is not None else {}
        self._held = held
        if not hasattr(self, "_hints"):
            self._hints: dict[str, QLabel] = {}
        said: set[str] = set()  # a note is written once, under the first date it is about (each says it to a reader)
        for name, editor in self.editors.items():
            if not (name.endswith("_signed_on") or name == "activated_on") or isinstance(editor, _ReadOnly):
                continue
            hint = held.get(name)
            line = editor.focusProxy()
            if isinstance(line, QLineEdit):
                line.setReadOnly(hint is not None)
            for button in editor.findChildren(QAbstractButton):  # the calendar's button
                button.setVisible(hint is None)
            label = self._hints.get(name)
            if label is None and hint is not None and hint not in said:
                cell = editor.parentWidget()
                column = cell.layout() if cell is not None else None
                if column is None:  # (every field sits in its cell's column: built in _build)
                    continue
                label = QLabel(cell)
                label.setWordWrap(True)
                label.setObjectName("hint")
                column.addWidget(label)
                self._hints[name] = label
            if label is not None:
                label.setText(hint or "")
                label.setVisible(hint is not None and hint not in said)
            if hint is not None and label is not None and label.isVisibleTo(self):
                said.add(hint)
            (line or editor).setAccessibleDescription(hint or "")
            editor.setToolTip(hint or "")

    def values(self) -> dict[str, Any]:
        """What the editable fields hold now."""
        return {name: e.value() for name, e in self.editors.items() if not isinstance(e, _ReadOnly)}

    def changes(self) -> dict[str, Any]:
        now = self.values()
        return {n: v for n, v in now.items() if v != self._snapshot.get(n)}

    def is_dirty(self) -> bool:
        return bool(self.changes())

    def set_values(self, values: dict[str, Any]) -> None:
        """Put values into the fields as if typed (they count as changes)."""
        for name, value in values.items():
            if name in self.editors:
                self.editors[name].set_value(value)
                self._touched.add(name)
        self._update_save_button()

    def _raw(self) -> dict[str, Any]:
        if self.record_id is None:
            return {n: v for n, v in self.values().items() if v is not None}
        return self.changes()

    def _changed(self, name: str) -> None:
        if self._loading:
            return
        self._touched.add(name)
        if name in self.spec.derived_from:  # an apprentice's birth date and sex from the CURP
            self._curp_changed()
        self._update_save_button()
        self._update_title()
        self._validate_timer.start()  # checked once typing pauses, moving no field (show_problems); a field left
        # at once is checked on leaving it (_focus_moved)

    def _curp_changed(self) -> None:
        self._touched.update(fill_from_curp(self.editors))

    def _following(self) -> tuple[str, ...]:
        """The fields whose choices follow others, in the form's order."""
        return tuple(spec.name for spec in self.spec.fields if spec.follows and spec.name in self.editors)

    def _offer(self, *names: str) -> None:
        """Offer in each of the fields ``names`` what the core offers given the fields it follows as they are now
        (``offered.offered``: an agreement's instructors are its company's); what is chosen stays chosen."""
        from vetdesk.services import offered

        for name in names:
            editor, spec = self.editors.get(name), self.spec.field(name)
            if isinstance(editor, ChoiceEditor) and spec is not None:
                now = {f: self.editors[f].value() for f in spec.follows if f in self.editors}
                editor.set_choices(offered.offered(self.db, self.kind, name, now))

    def shows(self) -> frozenset[str]:
        """The kinds whose changes this open record shows: its own, those its fields name (a reference, a list of
        ids) and those the lists beside its fields read (an apprentice's agreements, assessments and exams: the
        core's ``belongings.shown_beside``)."""
        from vetdesk.services import belongings

        named = {k for f in self.spec.fields for k in (f.ref_kind, f.refs_kind) if k}
        return frozenset({self.kind} | named | belongings.shown_beside(self.kind))

    def related_changed(self, changes: Any) -> None:
        """Records this form offers or reports on changed elsewhere (another page, a dialog, the command line):
        show them as stored now, keeping what is typed and chosen. (The record itself, changed, is reloaded by
        its page, which knows whether an edit in progress keeps it.)"""
        if not changes.touches(*self.shows()):
            return
        if changes.touches(*self._offered_kinds()):
            self.refresh_staff_choices()
        if self.record_id is not None and changes.touches(*(k for k in self.shows() if k != self.kind)):
            self._title_key: tuple[int, str] | None = None  # a kind without a name is titled by those it names
            self._update_title()

    def _offered_kinds(self) -> tuple[str, ...]:
        """The kinds the fields whose choices follow others offer (a company's instructors and rotation plans, a
        school's tutors): a change to one of them, made in another page while the form is open, offers anew."""
        return tuple(sorted({spec.ref_kind for spec in self.spec.fields
                      if spec.follows and spec.ref_kind and spec.name in self.editors}))

    def refresh_staff_choices(self) -> None:
        """Offer the school's staff and the company's instructors and plans as stored now (a director added on
        the school staff page while this form was open was not offered until it was closed and opened again);
        what is chosen stays chosen."""
        self._offer(*self._following())

    def _update_title(self) -> None:
        if self.record_id is None:
            text = _("New {kind}").format(kind=_(self.spec.singular))
        else:
            # Named once per version of the record (a kind without a name asks the database who and where).
            key = (self.record_id, repr(self.record))
            if getattr(self, "_title_key", None) != key:
                self._title_key, self._title = key, record_title(self.db, self.kind, self.record)
            text = self._title
            if self.record.get("status"):
                text += " — " + format_value("status", self.record["status"], self.kind)
        self.title.setText(text + (" •" if self.is_dirty() else ""))
        self.title.setToolTip(_("Unsaved changes") if self.is_dirty() else "")

    def _update_save_button(self) -> None:
        self.save_button.setEnabled(self.record_id is None or self.is_dirty())
        self.history_button.setVisible(self.record_id is not None)
        if hasattr(self, "deletable"):
            self.delete_button.setVisible(self.deletable and self.record_id is not None)

    def delete_record(self) -> bool:
        """Delete this record after asking; the core refuses, saying why, when anything depends on it."""

        if self.record_id is None:
            return False
        refused = self.db.deletion_refused(self.kind, self.record_id)
        if refused:  # said at once: not asked "Delete …?" first and refused after
            QMessageBox.information(self, _("Delete"), "\n".join(p.message for p in refused))
            return False
        answer = QMessageBox.question(
            self, _("Delete"), _("Delete {name}? Only a record entered by mistake, that nothing depends on, can be "
                                 "deleted; the deletion stays in the history.").format(name=self.title.text()),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            self.db.delete(self.kind, self.record_id)
        except RuleViolation as refusal:
            QMessageBox.information(self, _("Delete"), "\n".join(p.message for p in refusal.problems))
            return False
        self._snapshot = self.values()  # nothing left to save
        self.closeRequested.emit()
        return True

    def show_history(self) -> None:
        from vetdesk.ui.history import HistoryDialog

        if self.record_id is not None:
            HistoryDialog(self.db, self.kind, self.record_id, self,
                          title=record_title(self.db, self.kind, self.record)).open()

    # -- problems ----------------------------------------------------------------------------------

    def validate_now(self, *, typing: str | None = None) -> list[Problem]:
        """Ask the services what saving would meet, and show it at the fields (``typing``: while the person types
        in a field, without moving any field: :meth:`show_problems`)."""
        try:
            problems = records.validate(self.db, self.kind, self._raw(), record_id=self.record_id)
        except RuleViolation as exc:
            problems = exc.problems
        self.show_problems(problems, typing=typing)
        return problems

    def _typing_in(self) -> str | None:
        """The field the keyboard is in (its name), if it is one of this form's."""
        focused = QApplication.focusWidget()
        if focused is None or not self.isAncestorOf(focused):
            return None
        return next((name for name, editor in self.editors.items()
                     if editor is focused or editor.isAncestorOf(focused)), None)

    def _focus_moved(self, old: QWidget | None, new: QWidget | None) -> None:
        """The field typed in is left: the messages held while typing are laid out under their fields."""
        if not shiboken6.isValid(self) or old is None or not shiboken6.isValid(old) or not self.isAncestorOf(old):
            return
        left = next((name for name, editor in self.editors.items() if editor is old or editor.isAncestorOf(old)),
                    None)
        moved_on = new is not None and shiboken6.isValid(new) and new.window() is self.window() \
            and (left is None or not self.editors[left].isAncestorOf(new))  # not into its own list or a dialog
        if left is not None and left not in self._visited and moved_on:
            self._visited.add(left)
            if self._empty(left):  # left empty: what it lacks is said now
                self._validate_timer.stop()
                self.validate_now()
                return
        if self._validate_timer.isActive():  # typed and left at once: checked now, said under the field
            self._validate_timer.stop()
            self.validate_now()
        elif any(note_held(label) for label in self.messages.values()) or self._waiting:
            self.show_problems(self._shown_problems)

    def show_problems(self, problems: list[Problem], *, typing: str | None = None) -> None:
        """Each problem under its field (the rest above the fields). While the person types in a field
        (``typing``: its name), no field moves: a message shown keeps its room, a new one waits until the field is
        left and is said meanwhile in the field's tooltip and the window's status bar (issue 21: the CURP note
        pushed the fields below down and up as the CURP was typed)."""
        self._shown_problems = list(problems)
        by_field: dict[str, list[Problem]] = {}
        general: list[Problem] = []
        for p in problems:
            if p.field in self.messages and not isinstance(self.editors[p.field], _ReadOnly):
                if p.code == "required" and not (self._save_attempted or p.field in self._touched):
                    continue
                if self.record_id is None and self._empty(p.field) \
                        and not (self._save_attempted or p.field in self._touched or p.field in self._visited):
                    continue  # a new record's field not been to yet (a level asked for once the competency is
                    # chosen): said on leaving the field or on saving; a stored record's gaps are said at once
                by_field.setdefault(p.field, []).append(p)
            elif p.code != "required" or self._save_attempted:
                general.append(p)
        self._waiting = False
        for name, label in self.messages.items():
            found = by_field.get(name, [])
            set_note(label, problem_html(found), typing=typing is not None)
            self._waiting = self._waiting or (bool(found) and label.isHidden())
            editor = self.editors[name]
            said = "\n".join(p.message for p in found) or getattr(self, "_held", {}).get(name, "")
            editor.setToolTip(said)
            (editor.focusProxy() or editor).setAccessibleDescription(said)
        if typing is not None:
            self._say_in_status_bar(by_field.get(typing, []))
            return  # the banner above the fields waits too
        self._say_in_status_bar([])  # said under the fields now
        self.banner.setText(problem_html(general))
        self.banner.setVisible(bool(general))

    def _empty(self, field: str) -> bool:
        """Whether ``field`` holds nothing (as a new form has it)."""
        return self.editors[field].value() in (None, "", [])

    def _say_in_status_bar(self, found: list[Problem]) -> None:
        """The messages about the field being typed in, where nothing moves: the window's status bar."""
        window = self.window()
        if not isinstance(window, QMainWindow):
            return
        if found:
            said = "  ".join(self.labelled(p) for p in found)
            window.statusBar().showMessage(said)
            self._status_said = said
        elif getattr(self, "_status_said", "") and window.statusBar().currentMessage() == self._status_said:
            window.statusBar().clearMessage()
            self._status_said = ""

    def first_field(self) -> QWidget:
        """Where the cursor starts when the form opens: the field typed first (:data:`FIRST_TYPED`), else the
        first field that takes typing; the form itself when none does."""
        first = self.editors.get(FIRST_TYPED.get(self.kind, ""))
        if first is None or not first.isEnabled() or first.focusProxy() is None:
            first = next((e for e in self.editors.values() if e.focusProxy() is not None), None)
        return first if first is not None else self

    def problem_text(self, field: str) -> str:
        """The message shown at ``field`` (empty when none), as plain text."""
        label = self.messages[field]
        return "" if label.isHidden() else label.text()

    # -- saving ------------------------------------------------------------------------------------

    def save(self) -> bool:
        """Save; errors stay at their fields, warnings ask first. True when saved (or nothing to save)."""
        self._validate_timer.stop()
        self._save_attempted = True
        raw = self._raw()
        if self.record_id is not None and not raw:
            return True
        try:
            outcome = self._write(raw, accept_warnings=False)
        except records.VersionConflict as exc:
            self._conflict(exc)
            return False
        except WarningsNotAccepted as exc:
            self.show_problems(exc.problems)
            # A field of another record (an agreement's apprentice's guardian) is named by the message itself.
            text = "\n\n".join(f"• {self.labelled(p)}" for p in exc.warnings)
            answer = QMessageBox.question(
                self, _("Save despite warnings?"),
                _("Saving meets these warnings:\n\n{warnings}\n\nSave anyway?").format(warnings=text),
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Save:
                return False
            try:
                outcome = self._write(raw, accept_warnings=True)
            except RuleViolation as again:
                self._refused(again)
                return False
        except RuleViolation as exc:
            self._refused(exc)
            return False
        self.load(outcome.record)
        self.saved.emit(outcome.id)
        return True

    def _write(self, raw: dict[str, Any], *, accept_warnings: bool) -> records.Outcome:
        if self.record_id is None:
            return self.db.create(self.kind, raw, accept_warnings=accept_warnings)
        return self.db.update(self.kind, self.record_id, raw, accept_warnings=accept_warnings,
                              expected_version=self.version)

    def _refused(self, exc: RuleViolation) -> None:
        """Show the refusal: every message at its field; the cursor goes to the first field (in the form's
        order) with an error, not a warning, and the status bar says what stopped the save."""
        self._visited.update(p.field for p in exc.problems)  # an empty field that stopped it is said too
        self.show_problems(exc.problems)
        order = {name: i for i, name in enumerate(self.editors)}
        at_fields = sorted((p for p in exc.problems if p.field in self.editors and self.editors[p.field].isEnabled()),
                           key=lambda p: (not p.is_error, order[p.field]))
        if not at_fields:
            return
        first = at_fields[0]
        self.show_field(first.field)
        window = self.window()
        if isinstance(window, QMainWindow) and first.is_error:
            said = _("Not saved: {problem}").format(problem=self.labelled(first))
            window.statusBar().showMessage(said, 20000)
            self._status_said = said

    def withdraw_status(self) -> None:
        """Take back what this form said in the window's status bar, if it still says it (the form is closing or
        another record takes its place: a refusal about this record must not stand beside the next)."""
        window = self.window()
        said = getattr(self, "_status_said", "")
        if isinstance(window, QMainWindow) and said and window.statusBar().currentMessage() == said:
            window.statusBar().clearMessage()

    def show_field(self, field: str) -> None:
        """Scroll ``field`` and the message under it into view and put the cursor in it: a refusal is said where
        the user looks, not below the pane's fold."""
        self.fields_area.ensureWidgetVisible(self.messages[field])
        self.fields_area.ensureWidgetVisible(self.editors[field])
        self.editors[field].setFocus()

    def _label(self, field: str) -> str:
        spec = self.spec.field(field)
        return spec.title() if spec else field

    def labelled(self, problem: Problem) -> str:
        """A problem beside its field's label, the label said once (a message may begin with it: "Retired on: 3
        is not a date"); a field of another record (an agreement's apprentice's guardian) is named by the message
        itself."""
        spec = self.spec.field(problem.field)
        return with_label(spec.title(), problem.message) if spec else problem.message

    def _conflict(self, exc: RuleViolation) -> None:
        self.show_problems(exc.problems)
        answer = QMessageBox.question(
            self, _("Changed by someone else"),
            "\n\n".join(p.message for p in exc.problems)
            + "\n\n" + _("Load the stored record now? The values you typed stay in the form, so you can "
                         "check them and save again."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
        if answer == QMessageBox.StandardButton.Yes:
            self.reload(keep_typed=True)

    def reload(self, *, keep_typed: bool = False) -> bool:
        """Read the record again; with ``keep_typed`` the values typed since opening are put back. False when
        the record is no more (deleted, or its creation undone): the caller closes the form."""
        if self.record_id is None:
            return True
        typed = self.changes() if keep_typed else {}
        try:
            record = records.get(self.db, self.kind, self.record_id)
        except RuleViolation as refusal:
            if any(p.code == "record.missing" for p in refusal.problems):
                return False
            raise
        if not typed and record.get("version") == self.version and record == self.record:
            return True  # the form shows it as stored (its own save, announced back): refilling would only flicker
        self.load(record)
        if typed:
            self.set_values(typed)
            self._update_title()
            self.banner.setText(problem_html([]) + _("The stored record was loaded; your typed values are "
                                                      "kept in the fields. Check them and save again."))
            self.banner.setVisible(True)
        return True

    # -- closing -----------------------------------------------------------------------------------

    def in_sentence(self) -> str:
        """The open record as a question's subject: "The record CA-2027-000006 (printed)", never the title's
        "CA-2027-000006 — printed" (a heading, not words a sentence can start with)."""
        if self.record_id is None:
            return _("The new record ({kind})").format(kind=_(self.spec.singular))
        name = record_title(self.db, self.kind, self.record)
        if self.record.get("status"):
            return _("The record {name} ({status})").format(
                name=name, status=format_value("status", self.record["status"], self.kind))
        return _("The record {name}").format(name=name)

    def confirm_discard(self) -> bool:
        """True when the form may close: nothing unsaved, saved now, or changes discarded."""
        if not self.is_dirty():
            return True
        answer = QMessageBox.question(
            self, _("Unsaved changes"),
            _("{title} has unsaved changes. Save them before closing?").format(title=self.in_sentence()),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def confirm_saved_before_printing(self) -> bool:
        """True when what is printed may be read from the database: nothing unsaved, saved now, or the changes
        discarded (the form shows the stored record again). A document shows what is stored, so with unsaved
        changes it would not show what is on screen, and the form, left with its edits, would no longer know the
        record's version after the print changed it."""
        if not self.is_dirty():
            return True
        answer = QMessageBox.question(
            self, _("Unsaved changes"),
            _("{title} has unsaved changes. Save them before printing, so the document shows what is on "
              "screen?").format(title=self.in_sentence()),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard and self.record_id is not None:
            self.load(records.get(self.db, self.kind, self.record_id))
            return True
        return False

    def request_close(self) -> None:
        self.closeRequested.emit()
