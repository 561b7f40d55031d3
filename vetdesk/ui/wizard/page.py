"""What every page of the agreement wizard shares: the page ids, the messages about its fields, and what
a page asks of the wizard.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QWidget,
    QWizardPage,
)

from vetdesk.domain.problems import Problem, Severity, with_label
from vetdesk.i18n import _
from vetdesk.services import fields as F
from vetdesk.services.office import Office
from vetdesk.ui.charts import is_dark
from vetdesk.ui.editors import DateEditor, FieldEditor

# Page ids, in the order the officer meets them.
APPRENTICE, NEW_APPRENTICE, COMPANY, INSTRUCTOR, SCHOOL, PROGRAMME, TERMS, COVER, REVIEW, DONE = range(10)


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
    # A message that names its field first ("Insurance expiry: 32/13/2030 is…") says it once.
    return f"{prefix} – {with_label(field_label(p.field), p.message)}"


def _problems_html(widget: QWidget, problems: list[Problem]) -> str:
    red = error_colour(widget)
    lines = []
    for p in problems:
        text = problem_text(p).replace("&", "&amp;").replace("<", "&lt;")
        lines.append(f"<span style='color:{red}'>{text}</span>" if p.severity == Severity.ERROR else text)
    return "<br>".join(lines)


class AgreementSteps(Protocol):
    """What a page asks of the wizard it belongs to (:class:`vetdesk.ui.wizard.agreement.AgreementWizard`)."""

    db: Office
    actor: Any
    today: date
    created_id: int | None
    created_record: dict[str, Any] | None

    def office(self) -> Office: ...
    def apprentice(self) -> dict[str, Any] | None: ...
    def new_apprentice(self) -> dict[str, Any] | None: ...
    def apprentice_changed(self) -> None: ...
    def company_id(self) -> int | None: ...
    def programme_months(self) -> int | None: ...
    def start_date(self) -> date: ...
    def end_date(self) -> Any: ...
    def agreement_values(self) -> dict[str, Any]: ...
    def validate(self, *, provisional: bool = False) -> list[Problem]: ...
    def page_for(self, field: str) -> int: ...
    def page(self, page_id: int, /) -> QWizardPage: ...
    def go_to(self, page_id: int, field: str | None = None) -> None: ...
    def summary_html(self) -> str: ...
    def created(self, agreement_id: int, record: dict[str, Any]) -> None: ...
    def print_now(self) -> None: ...
    def record_signatures(self) -> None: ...


class StepPage(QWizardPage):
    """A wizard page that contributes values to the agreement and shows the messages about its fields."""

    #: The agreement (or apprentice) fields this page sets: a message on one of them sends the officer here.
    FIELDS: tuple[str, ...] = ()
    #: Whether the page's messages are checked again as its values are edited (a message goes once the value it
    #: is about is put right, instead of staying until the page is left).
    REVALIDATE = False
    #: How long editing pauses before the page's messages are checked again (ms).
    REVALIDATE_MS = 300

    def __init__(self, agreement_wizard: AgreementSteps) -> None:
        super().__init__()
        self.w = agreement_wizard
        self.db = agreement_wizard.db
        self.problems_label = QLabel()
        self.problems_label.setWordWrap(True)
        self.problems_label.setTextFormat(Qt.TextFormat.RichText)
        self.problems_label.setVisible(False)
        #: The message under each date field of the page that holds text that is no date (made when first needed).
        self.date_messages: dict[DateEditor, QLabel] = {}
        self._revalidate = QTimer(self)
        self._revalidate.setSingleShot(True)
        self._revalidate.setInterval(self.REVALIDATE_MS)
        self._revalidate.timeout.connect(self.revalidate)
        self._edits_watched = False

    def values(self) -> dict[str, Any]:
        return {}

    # -- dates that are none ---------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        for editor in self.findChildren(DateEditor):
            if editor not in self.date_messages:
                self._watch_date(editor)
        if self.REVALIDATE and not self._edits_watched:
            self._edits_watched = True
            self._watch_edits()
        super().showEvent(event)

    # -- messages that go once put right -----------------------------------------------------------------

    def _watch_edits(self) -> None:
        """Every value of the page, edited, checks the page's messages again after a pause."""
        later = self._revalidate.start
        for editor in self.findChildren(FieldEditor):
            editor.changed.connect(later)
        for line in self.findChildren(QLineEdit):
            line.textEdited.connect(lambda _text: later())
        for combo in self.findChildren(QComboBox):
            combo.currentIndexChanged.connect(lambda _index: later())
        for button in self.findChildren(QAbstractButton):
            if button.isCheckable():
                button.toggled.connect(lambda _on: later())

    def revalidate(self) -> None:
        """The page's messages as its values stand now (the rules the review applies, for this page's fields)."""
        if self.isVisible():
            self.show_problems(self.w.validate(provisional=True))

    def _watch_date(self, editor: DateEditor) -> None:
        """A label under the date field, in the page's form; said on leaving the field, gone once it is a date."""
        label = QLabel(self)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setStyleSheet(f"color: {error_colour(self)}")
        label.setVisible(False)
        for form in self.findChildren(QFormLayout):
            position: Any = form.getWidgetPosition(editor)  # (row, role); the stubs say "object"
            row = int(position[0])
            if row >= 0:
                form.insertRow(row + 1, "", label)
                break
        self.date_messages[editor] = label
        editor.line.editingFinished.connect(lambda: self.date_problem(editor))
        editor.changed.connect(lambda: self._date_mended(editor))

    def _date_mended(self, editor: DateEditor) -> None:
        label = self.date_messages[editor]
        if label.isVisible() and (editor.typed_date() is not None or not editor.line.text().strip()):
            label.setVisible(False)
            editor.line.setAccessibleDescription("")

    def date_problem(self, editor: DateEditor) -> str:
        """What is wrong with the text typed in a date field, in words, shown under it ("" when it is a date or
        empty: whether one is needed is the rules' to say)."""
        if editor not in self.date_messages:
            self._watch_date(editor)
        text = editor.line.text().strip()
        problem = F.parse_value(editor.spec, text)[1] if text and editor.typed_date() is None else None
        message = problem.message if problem is not None else ""
        label = self.date_messages[editor]
        label.setText(message)
        label.setVisible(bool(message))
        editor.line.setAccessibleDescription(message)
        return message

    def dates_readable(self) -> bool:
        """Whether every date field of the page holds a date or nothing; the first that does not is focused."""
        wrong = [editor for editor in self.findChildren(DateEditor) if self.date_problem(editor)]
        if wrong:
            wrong[0].line.setFocus()
            wrong[0].line.selectAll()
        return not wrong

    def validatePage(self) -> bool:
        """Next (and *Back to the review*) passes a page only with dates that are dates."""
        return self.dates_readable()

    def focus_field(self, field: str) -> bool:
        """Put the cursor in the page's editor of ``field`` (its form's editor, or the widget named as the field is
        named), scrolled into view: the officer sent here by a message types the correction at once."""
        target: QWidget | None = next((e for e in self.findChildren(FieldEditor) if e.spec.name == field), None)
        if target is None:
            label = field_label(field)
            target = next((w for w in self.findChildren(QWidget) if w.accessibleName() == label), None)
        if target is None or not target.isEnabled():
            return False
        for scroll in self.findChildren(QScrollArea):
            if scroll.isAncestorOf(target):
                scroll.ensureWidgetVisible(target)
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        line = QApplication.focusWidget()
        if isinstance(line, QLineEdit):
            line.selectAll()
        return True

    def focus_field_soon(self, field: str) -> None:
        """:meth:`focus_field` once the page is shown (the wizard focuses its own buttons first)."""
        QTimer.singleShot(0, self, lambda: self.focus_field(field) if self.isVisible() else None)

    def show_problems(self, problems: list[Problem]) -> None:
        mine = [p for p in problems if p.field in self.FIELDS]
        self.problems_label.setText(_problems_html(self, mine))
        self.problems_label.setVisible(bool(mine))
