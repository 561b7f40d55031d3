"""The learning agreement wizard: apprentice → company → instructor → school → programme → terms → review.

The wizard gathers values and asks the services about them; it never checks a rule itself. Pickers list
records through :mod:`vetdesk.services.lookups` (the same search as the lists), the instructor page and
the review show the messages of ``records.validate(db, "agreements", …)``, and the agreement is saved as
a draft through ``records.create``. A message on the review names the page where its field lives and
takes the officer there. For a minor, the guardian is recorded on the apprentice page
(``records.update`` on the apprentice): until then the review shows the guardian error and nothing can be
saved.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QTreeView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from vetdesk.domain import limits, rules
from vetdesk.domain.dates import add_months, age_on
from vetdesk.domain.problems import Problem, RuleViolation, Severity
from vetdesk.i18n import N_, _, ngettext
from vetdesk.services import fields as F
from vetdesk.services import lookups, records
from vetdesk.services.lookups import Choice
from vetdesk.services.office import Office
from vetdesk.ui.charts import is_dark, number
from vetdesk.ui.editors import FieldEditor, editor_for, fill_from_curp, make_editor
from vetdesk.ui.formatting import format_date
from vetdesk.ui.tasks import run_in_background

if TYPE_CHECKING:
    from PySide6.QtGui import QValidator

# Page ids, in the order the officer meets them.
APPRENTICE, NEW_APPRENTICE, COMPANY, INSTRUCTOR, SCHOOL, PROGRAMME, TERMS, COVER, REVIEW, DONE = range(10)

_GUARDIAN_FIELDS = ("guardian_name", "guardian_relation", "guardian_phone", "guardian_email",
                    "guardian_id_document")
_DEBOUNCE_MS = 250


def error_colour(widget: QWidget) -> str:
    return "#ff8a80" if is_dark(widget.palette()) else "#b71c1c"


def field_label(name: str) -> str:
    """The label of an agreement or apprentice field, as the forms show it."""
    for spec in (*F.AGREEMENT_FIELDS, *F.APPRENTICE_FIELDS):
        if spec.name == name:
            return spec.title()
    return name


def problem_text(p: Problem) -> str:
    prefix = _("Error") if p.severity == Severity.ERROR else _("Warning")
    return f"{prefix} – {field_label(p.field)}: {p.message}"


def _problems_html(widget: QWidget, problems: list[Problem]) -> str:
    red = error_colour(widget)
    lines = []
    for p in problems:
        text = problem_text(p).replace("&", "&amp;").replace("<", "&lt;")
        lines.append(f"<span style='color:{red}'>{text}</span>" if p.severity == Severity.ERROR else text)
    return "<br>".join(lines)


def _first_of_next_month(today: date) -> date:
    return add_months(today.replace(day=1), 1)


# -- small widgets ------------------------------------------------------------------------------------


_PERIOD_WORDS = {"monthly": N_("monthly"), "fortnightly": N_("fortnightly"), "weekly": N_("weekly")}


def _stipend_words(v: dict[str, Any]) -> str:
    period = v.get("stipend_period")
    words = [str(v[k]) for k in ("stipend_amount", "stipend_currency") if v.get(k)]
    if period:
        words.append(_(_PERIOD_WORDS[period]) if period in _PERIOD_WORDS else str(period))
    return " ".join(words) or "—"


def _choice_code(combo: QComboBox) -> str | None:
    """The code behind an editable combo's chosen word, or the text the officer typed in."""
    text = combo.currentText().strip()
    index = combo.findText(text)
    if index >= 0 and combo.itemData(index):
        return str(combo.itemData(index))
    return text or None

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
                          lambda found: self._show(found) if generation == self._generation else None)

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
        self.view.resizeColumnToContents(0)
        self._highlight()
        if not self._choices:
            self.hint.setText(_("Nothing matches; change the search."))
        elif len(self._choices) >= lookups.LIMIT:
            self.hint.setText(_("Showing the first {n}; type more of the name to narrow the list.")
                              .format(n=lookups.LIMIT))
        else:
            self.hint.setText("")

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


def _upper_as_typed(edit: QLineEdit) -> None:
    def upper(text: str) -> None:
        if text != text.upper():
            pos = edit.cursorPosition()
            edit.setText(text.upper())
            edit.setCursorPosition(pos)
    edit.textEdited.connect(upper)


# -- pages --------------------------------------------------------------------------------------------

class MonthsSpinBox(QSpinBox):
    """A number of months shown as a whole phrase ("1 mes", "3 meses"): each language words its own plural."""

    def textFromValue(self, value: int) -> str:
        return ngettext("{n} month", "{n} months", value).format(n=value)

    def valueFromText(self, text: str) -> int:
        digits = "".join(ch for ch in text if ch.isdigit())
        return int(digits) if digits else self.minimum()

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        from PySide6.QtGui import QValidator

        digits = "".join(ch for ch in text if ch.isdigit())
        if not digits:
            return QValidator.State.Intermediate, text, pos
        value = int(digits)
        state = QValidator.State.Acceptable if self.minimum() <= value <= self.maximum() else \
            QValidator.State.Invalid
        return state, text, pos


class _Page(QWizardPage):
    """A wizard page that contributes values to the agreement and shows the messages about its fields."""

    #: The agreement (or apprentice) fields this page sets: a message on one of them sends the officer here.
    FIELDS: tuple[str, ...] = ()

    def __init__(self, agreement_wizard: AgreementWizard) -> None:
        super().__init__()
        self.w = agreement_wizard
        self.db = agreement_wizard.db
        self.problems_label = QLabel()
        self.problems_label.setWordWrap(True)
        self.problems_label.setTextFormat(Qt.TextFormat.RichText)
        self.problems_label.setVisible(False)

    def values(self) -> dict[str, Any]:
        return {}

    def show_problems(self, problems: list[Problem]) -> None:
        mine = [p for p in problems if p.field in self.FIELDS]
        self.problems_label.setText(_problems_html(self, mine))
        self.problems_label.setVisible(bool(mine))


class ApprenticePage(_Page):
    FIELDS = ("apprentice_id", "semester", *_GUARDIAN_FIELDS)

    def __init__(self, w: AgreementWizard) -> None:
        super().__init__(w)
        self.setTitle(_("Apprentice"))
        self.setSubTitle(_("Choose the apprentice, or register a new one. For a minor, record the parent or "
                           "legal guardian here."))
        layout = QVBoxLayout(self)
        choose_row = QHBoxLayout()
        self.existing = QRadioButton(_("A registered apprentice"))
        self.new = QRadioButton(_("Register a new apprentice"))
        self.existing.setChecked(True)
        choose_row.addWidget(self.existing)
        choose_row.addWidget(self.new)
        choose_row.addStretch(1)
        layout.addLayout(choose_row)
        body = QHBoxLayout()
        self.picker = ChoiceList(lambda text: lookups.choices(self.db, "apprentices", search=text),
                                 _("Apprentices"))
        body.addWidget(self.picker, 5)
        self.guardian_box = QGroupBox(_("Parent or legal guardian"))
        form = QFormLayout(self.guardian_box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.age_note = QLabel()
        self.age_note.setWordWrap(True)
        form.addRow(self.age_note)
        self.guardian: dict[str, QLineEdit] = {}
        for name in _GUARDIAN_FIELDS:
            edit = QLineEdit()
            edit.setAccessibleName(field_label(name))
            edit.textChanged.connect(self.completeChanged)
            self.guardian[name] = edit
            form.addRow(field_label(name), edit)
        body.addWidget(self.guardian_box, 4)
        layout.addLayout(body, 1)
        layout.addWidget(self.problems_label)
        self._record: dict[str, Any] | None = None
        self.picker.chosenChanged.connect(self._chosen)
        self.new.toggled.connect(self._mode)
        self._mode()

    def initializePage(self) -> None:
        if not self.picker.choices():
            self.picker.reload()
        self.picker.focus_search_soon()

    def _mode(self) -> None:
        existing = self.existing.isChecked()
        self.picker.setEnabled(existing)
        self.guardian_box.setEnabled(existing and self._record is not None)
        self.completeChanged.emit()

    def _chosen(self) -> None:
        chosen = self.picker.chosen_id()
        self._record = records.get(self.db, "apprentices", chosen) if chosen else None
        for name, edit in self.guardian.items():
            edit.setText((self._record or {}).get(name) or "")
        self._update_age_note()
        self.w.apprentice_changed()
        self._mode()

    def _update_age_note(self) -> None:
        record = self.apprentice()
        if record is None:
            self.age_note.setText(_("Choose an apprentice first."))
            return
        start = self.w.start_date()
        if limits.minor_on_start(record["birth_date"], start):
            self.age_note.setText(_("Under 18 on the start date ({start}): the guardian's name, relation and "
                                    "phone are required.").format(start=start.isoformat()))
        else:
            self.age_note.setText(_("Of age on the start date ({start}): a guardian is optional.")
                                  .format(start=start.isoformat()))

    def apprentice(self) -> dict[str, Any] | None:
        if self.new.isChecked():
            return self.w.new_apprentice_page.record
        return self._record

    def isComplete(self) -> bool:
        return self.new.isChecked() or self.picker.chosen_id() is not None

    def nextId(self) -> int:
        return NEW_APPRENTICE if self.new.isChecked() else COMPANY

    def guardian_changes(self) -> dict[str, Any]:
        if self._record is None:
            return {}
        return {name: edit.text().strip() or None for name, edit in self.guardian.items()
                if (edit.text().strip() or None) != (self._record.get(name) or None)}

    def validatePage(self) -> bool:
        changes = self.guardian_changes()
        if self.new.isChecked() or not changes or self._record is None:
            return True
        try:
            outcome = records.update(self.db, "apprentices", self._record["id"], changes, accept_warnings=True,
                                     expected_version=self._record.get("version"),
                                     label=_("Record the apprentice's guardian"))
        except RuleViolation as exc:
            self.show_problems(exc.problems)
            return False
        self._record = outcome.record
        self.show_problems([])
        return True

    def values(self) -> dict[str, Any]:
        record = self.apprentice()
        return {"apprentice_id": record["id"]} if record else {}


class NewApprenticePage(_Page):
    FIELDS = tuple(f.name for f in F.APPRENTICE_FIELDS)

    def __init__(self, w: AgreementWizard) -> None:
        super().__init__(w)
        self.setTitle(_("New apprentice"))
        self.setSubTitle(_("Typing a valid CURP fills in the birth date and sex. For a minor, record the "
                           "guardian."))
        self.record: dict[str, Any] | None = None
        self._warned: list[str] = []
        outer = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        inner = QWidget()
        form = QFormLayout(inner)
        scroll.setWidget(inner)
        outer.addWidget(scroll, 1)
        outer.addWidget(self.problems_label)
        self.editors: dict[str, FieldEditor] = {}
        for spec in F.APPRENTICE_FIELDS:  # the form's own editors, one per field
            editor = make_editor(spec, self.db, inner)
            self.editors[spec.name] = editor
            label = spec.title() + (" *" if spec.required else "")
            form.addRow(label, editor)
        self.editors["id_country"].set_value("MX")
        self.editors["curp"].changed.connect(lambda: fill_from_curp(self.editors))

    def raw_values(self) -> dict[str, Any]:
        out = {name: editor.value() for name, editor in self.editors.items()}
        return {k: v for k, v in out.items() if v not in (None, "")}

    def set_raw(self, values: dict[str, Any]) -> None:
        for name, value in values.items():
            self.editors[name].set_value(value)

    def validatePage(self) -> bool:
        raw = self.raw_values()
        record_id = self.record["id"] if self.record else None
        problems = records.validate(self.db, "apprentices", raw, record_id=record_id)
        self.show_problems(problems)
        errors = [p for p in problems if p.severity == Severity.ERROR]
        if errors:
            self.editors.get(errors[0].field, self).setFocus()
            return False
        messages = sorted(p.message for p in problems)
        if messages and messages != self._warned:
            # Warnings are shown once; pressing Next again accepts them.
            self._warned = messages
            self.problems_label.setText(self.problems_label.text() + "<br>"
                                        + _("Press Next again to save the apprentice with these warnings."))
            return False
        try:
            if self.record is None:
                self.record = records.create(self.db, "apprentices", raw, accept_warnings=True).record
            else:
                self.record = records.update(self.db, "apprentices", self.record["id"], raw, accept_warnings=True,
                                             expected_version=self.record.get("version")).record
        except RuleViolation as exc:
            self.show_problems(exc.problems)
            return False
        self.w.apprentice_changed()
        return True

    def nextId(self) -> int:
        return COMPANY


class CompanyPage(_Page):
    FIELDS = ("company_id",)

    def __init__(self, w: AgreementWizard) -> None:
        super().__init__(w)
        self.setTitle(_("Company"))
        self.setSubTitle(_("The company where the apprentice trains."))
        layout = QVBoxLayout(self)
        self.picker = ChoiceList(lambda text: lookups.choices(self.db, "companies", search=text), _("Companies"))
        self.picker.chosenChanged.connect(self.completeChanged)
        layout.addWidget(self.picker, 1)
        layout.addWidget(self.problems_label)

    def initializePage(self) -> None:
        if not self.picker.choices():
            self.picker.reload()
        self.picker.focus_search_soon()

    def isComplete(self) -> bool:
        return self.picker.chosen_id() is not None

    def values(self) -> dict[str, Any]:
        return {"company_id": self.picker.chosen_id()}


class InstructorPage(_Page):
    FIELDS = ("instructor_id",)

    def __init__(self, w: AgreementWizard) -> None:
        super().__init__(w)
        self.setTitle(_("Instructor"))
        self.setSubTitle(_("The company instructor who guides the apprentice. Only the chosen company's "
                           "instructors are listed."))
        layout = QVBoxLayout(self)
        self.picker = ChoiceList(
            lambda text: lookups.choices(self.db, "instructors", search=text, company_id=self.w.company_id()),
            _("Instructors"))
        layout.addWidget(self.picker, 1)
        none_row = QHBoxLayout()
        self.none_button = QPushButton(_("No instructor yet"))
        self.none_button.setToolTip(_("Leave the instructor open; it must be named before printing."))
        self.none_button.clicked.connect(lambda: self.picker.choose(None))
        none_row.addWidget(self.none_button)
        none_row.addStretch(1)
        layout.addLayout(none_row)
        layout.addWidget(self.problems_label)
        self.picker.chosenChanged.connect(self.check)
        self._company: int | None = None

    def initializePage(self) -> None:
        if self._company != self.w.company_id():
            self._company = self.w.company_id()
            self.picker.choose(None)
            self.picker.reload()
        self.check()

    def check(self) -> None:
        """Show the rules' messages about the chosen instructor (capacity, qualification)."""
        self.show_problems(self.w.validate(provisional=True))

    def values(self) -> dict[str, Any]:
        return {"instructor_id": self.picker.chosen_id()}


class SchoolPage(_Page):
    FIELDS = ("school_id", "tutor_id")

    def __init__(self, w: AgreementWizard) -> None:
        super().__init__(w)
        self.setTitle(_("School and academic tutor"))
        self.setSubTitle(_("The school that teaches the theory part, and the teacher who follows the "
                           "apprentice there. Both may be left open."))
        layout = QVBoxLayout(self)
        self.picker = ChoiceList(lambda text: lookups.choices(self.db, "schools", search=text), _("Schools"))
        layout.addWidget(self.picker, 1)
        row = QFormLayout()
        self.tutor = QComboBox()
        self.tutor.setAccessibleName(_("Academic tutor"))
        row.addRow(_("Academic tutor"), self.tutor)
        layout.addLayout(row)
        clear = QPushButton(_("No school"))
        clear.clicked.connect(lambda: self.picker.choose(None))
        layout.addWidget(clear, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.problems_label)
        self.picker.chosenChanged.connect(self._tutors)
        self._tutors()

    def initializePage(self) -> None:
        if not self.picker.choices():
            self.picker.reload()
        self.picker.focus_search_soon()
        if self.picker.chosen_id() is None:
            record = self.w.apprentice()
            if record and record.get("school_id") and not self.picker.choose_id(record["school_id"]):
                found = lookups.choices(self.db, "schools", search=None, limit=1000)
                match = next((c for c in found if c.id == record["school_id"]), None)
                self.picker.choose(match)

    def _tutors(self) -> None:
        current = self.tutor.currentData()
        self.tutor.clear()
        self.tutor.addItem(_("(none yet)"), None)
        school = self.picker.chosen_id()
        if school is not None:
            for choice in lookups.choices(self.db, "tutors", school_id=school, limit=500):
                self.tutor.addItem(choice.label, choice.id)
        self.tutor.setCurrentIndex(max(self.tutor.findData(current), 0))

    def values(self) -> dict[str, Any]:
        return {"school_id": self.picker.chosen_id(), "tutor_id": self.tutor.currentData()}


class ProgrammePage(_Page):
    FIELDS = ("programme_id", "rotation_plan_id")

    def __init__(self, w: AgreementWizard) -> None:
        super().__init__(w)
        self.setTitle(_("Programme and rotation plan"))
        self.setSubTitle(_("The occupation or career, and the company's rotation plan for it."))
        layout = QVBoxLayout(self)
        self.picker = ChoiceList(lambda text: lookups.choices(self.db, "programmes", search=text),
                                 _("Programmes"))
        layout.addWidget(self.picker, 1)
        row = QFormLayout()
        self.plan = QComboBox()
        self.plan.setAccessibleName(_("Rotation plan"))
        row.addRow(_("Rotation plan"), self.plan)
        layout.addLayout(row)
        layout.addWidget(self.problems_label)
        self.picker.chosenChanged.connect(self._plans)
        self.picker.chosenChanged.connect(self.completeChanged)
        self.months: int | None = None

    def initializePage(self) -> None:
        if not self.picker.choices():
            self.picker.reload()
        self.picker.focus_search_soon()
        self._plans()

    def _plans(self) -> None:
        current = self.plan.currentData()
        self.plan.clear()
        programme, company = self.picker.chosen_id(), self.w.company_id()
        self.months = records.get(self.db, "programmes", programme)["duration_months"] if programme else None
        plans = lookups.rotation_plans(self.db, company_id=company, programme_id=programme) \
            if programme and company else []
        self.plan.addItem(_("(none yet)") if plans else _("(the company has no plan for this programme)"), None)
        for choice in plans:
            self.plan.addItem(f"{choice.label} ({choice.detail})", choice.id)
        index = self.plan.findData(current)
        self.plan.setCurrentIndex(index if index > 0 else (1 if plans else 0))

    def isComplete(self) -> bool:
        return self.picker.chosen_id() is not None

    def values(self) -> dict[str, Any]:
        return {"programme_id": self.picker.chosen_id(), "rotation_plan_id": self.plan.currentData()}


class TermsPage(_Page):
    FIELDS = ("start_date", "end_date", "probation_months", "modality_years", "training_site", "company_days",
              "school_days", "weekly_pattern", "daily_hours", "holiday_days")

    def __init__(self, w: AgreementWizard) -> None:
        super().__init__(w)
        self.setTitle(_("Dates and working time"))
        self.setSubTitle(_("When the agreement runs, how the week is split between company and school, and "
                           "the daily hours."))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.start = editor_for("agreements", "start_date", w.db)
        self.end = editor_for("agreements", "end_date", w.db)
        self.start.set_value(_first_of_next_month(w.today))
        self.end.set_value(add_months(_first_of_next_month(w.today), rules.MIN_COMPANY_MONTHS) - timedelta(days=1))
        self._end_touched = False
        self.start.changed.connect(self._start_moved)
        # set_value does not signal: any change seen here is the officer's.
        self.end.changed.connect(lambda: setattr(self, "_end_touched", True))
        self.probation = MonthsSpinBox()
        self.probation.setRange(0, 4)
        self.probation.setSpecialValueText(_("none"))
        self.company_days = QSpinBox()
        self.company_days.setRange(0, 7)
        self.company_days.setValue(rules.TYPICAL_COMPANY_DAYS)
        self.school_days = QSpinBox()
        self.school_days.setRange(0, 7)
        self.school_days.setValue(rules.TYPICAL_SCHOOL_DAYS)
        self.pattern = QLineEdit()
        self._pattern_touched = False
        self.pattern.textEdited.connect(lambda _t: setattr(self, "_pattern_touched", True))
        self.company_days.valueChanged.connect(self._fill_pattern)
        self.school_days.valueChanged.connect(self._fill_pattern)
        self.hours = QDoubleSpinBox()
        self.hours.setRange(0.5, 12)
        self.hours.setSingleStep(0.5)
        self.hours.setDecimals(1)
        self.hours.setValue(float(rules.TYPICAL_DAILY_HOURS))
        self._hours_set = False
        self.site = QLineEdit()
        self.holidays = QSpinBox()
        self.holidays.setRange(0, 60)
        self.holidays.setSpecialValueText(_("not stated"))
        form.addRow(_("Start date"), self.start)
        form.addRow(_("End date"), self.end)
        for label, widget in ((_("Probation (months)"), self.probation),
                              (_("Days a week at the company"), self.company_days),
                              (_("Days a week at school"), self.school_days), (_("Weekly pattern"), self.pattern),
                              (_("Daily hours"), self.hours), (_("Training site"), self.site),
                              (_("Holiday days a year"), self.holidays)):
            widget.setAccessibleName(label)
            if not isinstance(widget, QLineEdit):
                widget.setMaximumWidth(260)
            form.addRow(label, widget)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.problems_label)
        self._fill_pattern()

    def initializePage(self) -> None:
        if not self._end_touched:
            self._start_moved()
        record = self.w.apprentice()
        if record and not self._hours_set:
            # A suggestion only: the rules decide, on the review, what is allowed.
            self._hours_set = True
            under16 = age_on(record["birth_date"], self.start_date()) < rules.SHORT_DAY_AGE
            self.hours.setValue(float(rules.MAX_HOURS_UNDER_16 if under16 else rules.TYPICAL_DAILY_HOURS))
        self.show_problems(self.w.validate(provisional=True))

    def _start_moved(self) -> None:
        months = self.w.programme_page.months or rules.MIN_COMPANY_MONTHS
        if not self._end_touched and isinstance(self.start.value(), date):
            self.end.set_value(add_months(self.start_date(), months) - timedelta(days=1))

    def _fill_pattern(self) -> None:
        if not self._pattern_touched:
            self.pattern.setText(_("{company} days at the company, {school} at school")
                                 .format(company=self.company_days.value(), school=self.school_days.value()))

    def start_date(self) -> date:
        """The start typed, or (while what is typed is no date) the first of next month: for the suggestions."""
        value = self.start.value()
        return value if isinstance(value, date) else _first_of_next_month(self.w.today)

    def values(self) -> dict[str, Any]:
        return {
            "start_date": self.start.value(), "end_date": self.end.value(),
            "probation_months": self.probation.value() or None, "company_days": self.company_days.value(),
            "school_days": self.school_days.value(), "weekly_pattern": self.pattern.text().strip() or None,
            "daily_hours": Decimal(str(self.hours.value())), "training_site": self.site.text().strip() or None,
            "holiday_days": self.holidays.value() or None,
        }


class CoverPage(_Page):
    FIELDS = ("stipend_amount", "stipend_currency", "stipend_payer", "stipend_period", "insurance_insurer",
              "insurance_policy", "insurance_expiry", "stps_permit_number", "stps_permit_date")

    def __init__(self, w: AgreementWizard) -> None:
        super().__init__(w)
        self.setTitle(_("Stipend, insurance and permit"))
        self.setSubTitle(_("The stipend, the accident insurance, and the labour ministry's (STPS) work permit "
                           "for a minor."))
        layout = QVBoxLayout(self)
        stipend = QGroupBox(_("Stipend"))
        form = QFormLayout(stipend)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("4500.00")
        self.currency = QLineEdit("MXN")
        _upper_as_typed(self.currency)
        self.payer = QComboBox()
        self.payer.setEditable(True)
        # The displayed words are translated; the codes behind them are what is stored (and what a printed
        # document translates again into its own language). A typed-in payer is kept as typed.
        for code, label in (("company", _("the company")), ("sep", _("SEP")), ("state", _("the state government"))):
            self.payer.addItem(label, code)
        self.period = QComboBox()
        self.period.setEditable(True)
        for code, word in _PERIOD_WORDS.items():
            self.period.addItem(_(word), code)
        widget: QWidget
        for label, widget in ((_("Stipend"), self.amount), (_("Stipend currency"), self.currency),
                              (_("Stipend paid by"), self.payer), (_("Stipend period"), self.period)):
            widget.setAccessibleName(label)
            form.addRow(label, widget)
        layout.addWidget(stipend)
        insurance = QGroupBox(_("Accident insurance"))
        form = QFormLayout(insurance)
        self.insurer = QLineEdit()
        self.policy = QLineEdit()
        self.expiry = editor_for("agreements", "insurance_expiry", w.db)
        for label, widget in ((_("Insurer"), self.insurer), (_("Accident-insurance policy"), self.policy)):
            widget.setAccessibleName(label)
            form.addRow(label, widget)
        form.addRow(_("Insurance expiry"), self.expiry)
        layout.addWidget(insurance)
        self.permit_box = QGroupBox(_("Work permit for a minor (STPS)"))
        form = QFormLayout(self.permit_box)
        self.minor_note = QLabel()
        self.minor_note.setWordWrap(True)
        form.addRow(self.minor_note)
        self.permit = QLineEdit()
        self.permit_date = editor_for("agreements", "stps_permit_date", w.db)
        self.permit.setAccessibleName(_("STPS permit number"))
        form.addRow(_("STPS permit number"), self.permit)
        form.addRow(_("STPS permit date"), self.permit_date)
        layout.addWidget(self.permit_box)
        layout.addStretch(1)
        layout.addWidget(self.problems_label)

    def initializePage(self) -> None:
        record = self.w.apprentice()
        minor = bool(record and limits.minor_on_start(record["birth_date"], self.w.start_date()))
        self.minor_note.setText(_("The apprentice is under 18 on the start date: record the permit when it is "
                                  "issued.") if minor else _("The apprentice is of age on the start date: no "
                                                             "permit is needed."))
        end = self.w.terms_page.values()["end_date"]
        if self.expiry.value() is None and isinstance(end, date):
            self.expiry.set_value(end)
        self.show_problems(self.w.validate(provisional=True))

    def values(self) -> dict[str, Any]:
        return {
            "stipend_amount": self.amount.text().strip() or None, "stipend_currency": self.currency.text() or None,
            "stipend_payer": _choice_code(self.payer),
            "stipend_period": _choice_code(self.period),
            "insurance_insurer": self.insurer.text().strip() or None,
            "insurance_policy": self.policy.text().strip() or None,
            "insurance_expiry": self.expiry.value() if self.policy.text().strip() else None,
            "stps_permit_number": self.permit.text().strip() or None, "stps_permit_date": self.permit_date.value(),
        }


class ReviewPage(_Page):
    """Every message of the rules about the agreement; errors block saving, warnings need a tick."""

    def __init__(self, w: AgreementWizard) -> None:
        super().__init__(w)
        self.setTitle(_("Review"))
        self.setSubTitle(_("Check the agreement. Errors must be corrected on their page (double-click a "
                           "message to go there); warnings may be accepted."))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _("Save as draft"))
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.heading = QLabel()
        layout.addWidget(self.heading)
        self.messages = QListWidget()
        self.messages.setWordWrap(True)
        self.messages.setAccessibleName(_("Messages about the agreement"))
        self.messages.itemActivated.connect(self._go)
        layout.addWidget(self.messages, 1)
        self.accept = QCheckBox(_("I have read the warnings and want to save the agreement as it is."))
        self.accept.toggled.connect(self.completeChanged)
        layout.addWidget(self.accept)
        self.problems: list[Problem] = []

    def initializePage(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        self.problems = self.w.validate()
        self.summary.setText(self.w.summary_html())
        self.messages.clear()
        red = error_colour(self)
        errors = [p for p in self.problems if p.severity == Severity.ERROR]
        warnings = [p for p in self.problems if p.severity != Severity.ERROR]
        for p in [*errors, *warnings]:
            page = self.w.page_for(p.field)
            text = problem_text(p)
            if page != REVIEW:
                text += " " + _("(page “{page}”)").format(page=self.w.page(page).title())
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, page)
            item.setToolTip(_("Double-click or press Enter to go to the page."))
            if p.severity == Severity.ERROR:
                item.setForeground(Qt.GlobalColor.red if red.startswith("#ff") else Qt.GlobalColor.darkRed)
            self.messages.addItem(item)
        # What printing for signature would refuse (domain.contract): shown here, not blocking a draft.
        from vetdesk.services.documents import contract_problems

        before_print = [p for p in contract_problems(self.db, self.w.agreement_values())
                        if p.field not in {q.field for q in self.problems}]
        for p in before_print:
            page = self.w.page_for(p.field)
            item = QListWidgetItem(_("Before printing for signature: {message}").format(message=p.message))
            item.setData(Qt.ItemDataRole.UserRole, page)
            item.setToolTip(_("The draft can be saved; printing it for signature is refused until this is "
                              "corrected."))
            self.messages.addItem(item)
        self.before_print = before_print
        if errors:
            self.heading.setText(_("Correct the errors before saving:"))
        elif warnings:
            self.heading.setText(_("No errors. Read the warnings:"))
        else:
            self.heading.setText(_("No errors and no warnings: the agreement can be saved."))
        self.accept.setVisible(bool(warnings) and not errors)
        self.accept.setChecked(False)
        self.completeChanged.emit()

    def _go(self, item: QListWidgetItem) -> None:
        self.w.go_to(int(item.data(Qt.ItemDataRole.UserRole)))

    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == Severity.ERROR]

    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != Severity.ERROR]

    def isComplete(self) -> bool:
        return not self.errors() and (not self.warnings() or self.accept.isChecked())

    def validatePage(self) -> bool:
        try:
            outcome = records.create(self.db, "agreements", self.w.agreement_values(), accept_warnings=True,
                                     actor=self.w.actor, today=self.w.today)
        except RuleViolation:
            self.refresh()  # something changed meanwhile: show the new messages
            return False
        self.w.created(outcome.id, outcome.record)
        return True


class DonePage(_Page):
    def __init__(self, w: AgreementWizard) -> None:
        super().__init__(w)
        self.setTitle(_("Agreement saved"))
        self.setSubTitle(_("The draft is in the list of agreements."))
        self.setFinalPage(True)
        layout = QVBoxLayout(self)
        self.text = QLabel()
        self.text.setWordWrap(True)
        layout.addWidget(self.text)
        self.print_button = QPushButton(_("Print now…"))
        self.print_button.setToolTip(_("Preview and print the agreement for signing"))
        self.print_button.clicked.connect(self.w.print_now)
        layout.addWidget(self.print_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

    def initializePage(self) -> None:
        record = self.w.created_record or {}
        self.text.setText(_("The agreement {reference} was saved as a draft. Print it for signing now, or "
                            "later from the list of agreements.").format(reference=record.get("reference", "")))


# -- the wizard ---------------------------------------------------------------------------------------

class AgreementWizard(QWizard):
    """Draw up a learning agreement step by step and save it as a draft."""

    agreementCreated = Signal(int)

    def __init__(self, db: Office, parent: QWidget | None = None, *, actor: Any = None,
                 today: date | None = None) -> None:
        super().__init__(parent)
        from vetdesk.services.uow import SYSTEM

        self.db = db
        self.actor = actor or SYSTEM
        self.today = today or date.today()
        self.created_id: int | None = None
        self.created_record: dict[str, Any] | None = None
        self.setWindowTitle(_("New learning agreement"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.HaveHelpButton, False)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.resize(920, 640)
        self.apprentice_page = ApprenticePage(self)
        self.new_apprentice_page = NewApprenticePage(self)
        self.company_page = CompanyPage(self)
        self.instructor_page = InstructorPage(self)
        self.school_page = SchoolPage(self)
        self.programme_page = ProgrammePage(self)
        self.terms_page = TermsPage(self)
        self.cover_page = CoverPage(self)
        self.review_page = ReviewPage(self)
        self.done_page = DonePage(self)
        for page_id, page in ((APPRENTICE, self.apprentice_page), (NEW_APPRENTICE, self.new_apprentice_page),
                              (COMPANY, self.company_page), (INSTRUCTOR, self.instructor_page),
                              (SCHOOL, self.school_page), (PROGRAMME, self.programme_page),
                              (TERMS, self.terms_page), (COVER, self.cover_page), (REVIEW, self.review_page),
                              (DONE, self.done_page)):
            self.setPage(page_id, page)
        self.setStartId(APPRENTICE)
        # After the review sent the officer back to correct something, one click returns to it.
        self._reviewed = False
        self.setButtonText(QWizard.WizardButton.CustomButton1, _("Back to the review"))
        self.button(QWizard.WizardButton.CustomButton1).setToolTip(
            _("Go forward through the pages to the review, keeping everything entered"))
        self.button(QWizard.WizardButton.CustomButton1).clicked.connect(self.return_to_review)
        self.currentIdChanged.connect(self._page_changed)

    # -- what the pages share ---------------------------------------------------------------------------

    def data_pages(self) -> list[_Page]:
        return [self.apprentice_page, self.company_page, self.instructor_page, self.school_page,
                self.programme_page, self.terms_page, self.cover_page]

    def apprentice(self) -> dict[str, Any] | None:
        return self.apprentice_page.apprentice()

    def apprentice_changed(self) -> None:
        self.apprentice_page._update_age_note()

    def company_id(self) -> int | None:
        return self.company_page.picker.chosen_id()

    def start_date(self) -> date:
        return self.terms_page.start_date()

    def agreement_values(self) -> dict[str, Any]:
        """The agreement as the pages have it now (empty values left out)."""
        values: dict[str, Any] = {}
        for page in self.data_pages():
            values |= page.values()
        return {k: v for k, v in values.items() if v not in (None, "")}

    def validate(self, *, provisional: bool = False) -> list[Problem]:
        """``records.validate`` on the agreement. ``provisional`` fills a programme not chosen yet with the
        first one, so that an earlier page sees the rules about its own fields (e.g. the instructor's)."""
        values = self.agreement_values()
        if provisional and "programme_id" not in values:
            first = lookups.choices(self.db, "programmes", limit=1)
            if not first:
                return []
            values["programme_id"] = first[0].id
        if provisional and ("apprentice_id" not in values or "company_id" not in values):
            return []
        problems = records.validate(self.db, "agreements", values, today=self.today)
        if provisional:
            # Only messages about what has been chosen so far are meaningful.
            shown = {f for page in self.data_pages()[: self._data_page_index() + 1] for f in page.FIELDS}
            problems = [p for p in problems if p.field in shown]
        return problems

    def _data_page_index(self) -> int:
        current = self.currentPage()
        pages = self.data_pages()
        return pages.index(current) if current in pages else len(pages) - 1

    def page_for(self, field: str) -> int:
        """The page where the officer changes ``field`` (the review page for anything else)."""
        if field in self.apprentice_page.FIELDS:
            return APPRENTICE
        for page_id in (COMPANY, INSTRUCTOR, SCHOOL, PROGRAMME, TERMS, COVER):
            page = self.page(page_id)
            if isinstance(page, _Page) and field in page.FIELDS:
                return page_id
        return REVIEW

    def go_to(self, page_id: int) -> None:
        """Go back to ``page_id`` (a page already visited), keeping everything entered."""
        if page_id == APPRENTICE and self.apprentice_page.new.isChecked() and NEW_APPRENTICE in self.visitedIds():
            page_id = NEW_APPRENTICE
        if page_id not in self.visitedIds():
            return
        while self.currentId() != page_id:
            before = self.currentId()
            self.back()
            if self.currentId() == before:
                break
        page = self.currentPage()
        if isinstance(page, _Page):
            page.show_problems(self.review_page.problems)

    def _page_changed(self, page_id: int) -> None:
        if page_id == REVIEW:
            self._reviewed = True
        show = self._reviewed and page_id not in (REVIEW, DONE) and self.created_id is None
        self.setOption(QWizard.WizardOption.HaveCustomButton1, show)
        B = QWizard.WizardButton
        middle = [B.CustomButton1] if show else []
        self.setButtonLayout([B.Stretch, *middle, B.BackButton, B.NextButton, B.CommitButton, B.FinishButton,
                              B.CancelButton])

    def return_to_review(self) -> None:
        """Go forward to the review; stops at a page that is not complete or refuses its values."""
        while self.currentId() != REVIEW:
            before = self.currentId()
            self.next()
            if self.currentId() == before:
                break

    def summary_html(self) -> str:
        v = self.agreement_values()

        def name(kind: str, key: str) -> str:
            if not v.get(key):
                return "—"
            record = records.get(self.db, kind, v[key])
            return str(record.get("name") or record.get("reference") or v[key])

        rows = [(_("Apprentice"), name("apprentices", "apprentice_id")),
                (_("Company"), name("companies", "company_id")), (_("Instructor"), name("instructors",
                                                                                     "instructor_id")),
                (_("School"), name("schools", "school_id")), (_("Academic tutor"), name("tutors", "tutor_id")),
                (_("Programme"), name("programmes", "programme_id")),
                (_("Dates"), f"{format_date(v.get('start_date'))} – {format_date(v.get('end_date'))}"),
                (_("Weekly pattern"), str(v.get("weekly_pattern") or "—")),
                (_("Daily hours"), number(v["daily_hours"]) if v.get("daily_hours") else "—"),
                (_("Stipend"), _stipend_words(v)),
                (_("Accident-insurance policy"), str(v.get("insurance_policy") or "—"))]
        cells = "".join(f"<tr><td><b>{label}</b></td><td>{value}</td></tr>" for label, value in rows)
        return f"<table cellspacing='2'>{cells}</table>"

    # -- the end ----------------------------------------------------------------------------------------

    def created(self, agreement_id: int, record: dict[str, Any]) -> None:
        self.created_id = agreement_id
        self.created_record = record
        self.agreementCreated.emit(agreement_id)


    def print_now(self) -> None:
        from vetdesk.ui import printing

        if self.created_id is not None:
            printing.print_agreement(self, self.db, self.created_id)
