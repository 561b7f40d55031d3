"""The apprentice's pages: choose a registered apprentice (and record a minor's guardian), or register a
new one with the form's own editors.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from vetdesk.domain import limits
from vetdesk.domain.problems import RuleViolation, Severity
from vetdesk.i18n import _, shown_day
from vetdesk.services import fields as F
from vetdesk.services import lookups, records
from vetdesk.ui.editors import FieldEditor, fill_from_curp, make_editor
from vetdesk.ui.wizard.page import (
    COMPANY,
    NEW_APPRENTICE,
    AgreementSteps,
    StepPage,
    field_label,
)
from vetdesk.ui.wizard.widgets import ChoiceList

#: A minor's guardian as the contract names them: printing for signature asks for the address too.
GUARDIAN_FIELDS = ("guardian_name", "guardian_relation", "guardian_phone", "guardian_email",
                    "guardian_id_document", "guardian_address")
#: The second parent or guardian, when the apprentice has one: the contract names them as a signing party too,
#: and printing refuses it without their address and identity document (trial 24c: only the first was shown).
GUARDIAN2_FIELDS = tuple("guardian2_" + name.removeprefix("guardian_") for name in GUARDIAN_FIELDS)


def _typed(editor: FieldEditor) -> Any:
    """What an editor holds, blank text as nothing."""
    value = editor.value()
    return (value.strip() or None) if isinstance(value, str) else value


class ApprenticePage(StepPage):
    FIELDS = ("apprentice_id", "semester", *GUARDIAN_FIELDS, *GUARDIAN2_FIELDS)

    def __init__(self, w: AgreementSteps) -> None:
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
        body.addWidget(self.picker, 3)
        # Both parents or guardians, as the contract names them: the second under the first, the column scrolls.
        guardians = QWidget()
        column = QVBoxLayout(guardians)
        column.setContentsMargins(0, 0, 0, 0)
        self.guardian_box = QGroupBox(_("Parent or legal guardian"))
        self.guardian2_box = QGroupBox(_("Second parent or guardian"))
        self.age_note = QLabel()
        self.age_note.setWordWrap(True)
        # The apprentice form's own editors: the relation is chosen in words ("madre"), stored as its code.
        self.guardian: dict[str, FieldEditor] = {}
        specs = {spec.name: spec for spec in F.APPRENTICE_FIELDS}
        for box, names in ((self.guardian_box, GUARDIAN_FIELDS), (self.guardian2_box, GUARDIAN2_FIELDS)):
            form = QFormLayout(box)
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
            if box is self.guardian_box:
                form.addRow(self.age_note)
            else:
                self.guardian2_note = QLabel(_("Only if the apprentice has a second parent or guardian: the "
                                               "contract names them too, and they sign it."))
                self.guardian2_note.setWordWrap(True)
                form.addRow(self.guardian2_note)
            for name in names:
                editor = make_editor(specs[name], self.db, box)
                editor.changed.connect(self.completeChanged)
                self.guardian[name] = editor
                form.addRow(field_label(name), editor)
            column.addWidget(box)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(guardians)
        body.addWidget(scroll, 2)
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
        for box in (self.guardian_box, self.guardian2_box):
            box.setEnabled(existing and self._record is not None)
        self.completeChanged.emit()

    def _chosen(self) -> None:
        chosen = self.picker.chosen_id()
        self._record = records.get(self.db, "apprentices", chosen) if chosen else None
        for name, editor in self.guardian.items():
            editor.set_value((self._record or {}).get(name))
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
            self.age_note.setText(_("Under {adult} on the start date ({start}): the guardian's name, relation and "
                                    "phone are required.").format(adult=limits.ADULT_AGE, start=shown_day(start)))
        else:
            self.age_note.setText(_("Of age on the start date ({start}): a guardian is optional.")
                                  .format(start=shown_day(start)))

    def apprentice(self) -> dict[str, Any] | None:
        if self.new.isChecked():
            return self.w.new_apprentice()
        return self._record

    def isComplete(self) -> bool:
        return self.new.isChecked() or self.picker.chosen_id() is not None

    def nextId(self) -> int:
        return NEW_APPRENTICE if self.new.isChecked() else COMPANY

    def guardian_changes(self) -> dict[str, Any]:
        if self._record is None:
            return {}
        typed = {name: _typed(editor) for name, editor in self.guardian.items()}
        return {name: value for name, value in typed.items() if value != (self._record.get(name) or None)}

    def validatePage(self) -> bool:
        changes = self.guardian_changes()
        if self.new.isChecked() or not changes or self._record is None:
            return True
        try:
            outcome = self.db.update("apprentices", self._record["id"], changes, accept_warnings=True,
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


class NewApprenticePage(StepPage):
    FIELDS = tuple(f.name for f in F.APPRENTICE_FIELDS)

    def __init__(self, w: AgreementSteps) -> None:
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
        for name, value in records.defaults(records.kind("apprentices")).items():  # as the form starts a new one
            if name in self.editors:
                self.editors[name].set_value(value)
        self.editors["curp"].changed.connect(lambda: fill_from_curp(self.editors))

    def initializePage(self) -> None:
        # The cursor in the first field to type, the CURP (it was on the page's scroll area: keys went nowhere).
        self.focus_field_soon("curp")

    def raw_values(self) -> dict[str, Any]:
        out = {name: editor.value() for name, editor in self.editors.items()}
        return {k: v for k, v in out.items() if v not in (None, "")}

    def set_raw(self, values: dict[str, Any]) -> None:
        for name, value in values.items():
            self.editors[name].set_value(value)

    def validatePage(self) -> bool:
        if not self.dates_readable():
            return False
        raw = self.raw_values()
        record_id = self.record["id"] if self.record else None
        problems = records.validate(self.db, "apprentices", raw, record_id=record_id)
        self.show_problems(problems)
        errors = [p for p in problems if p.severity == Severity.ERROR]
        if errors:
            self.focus_field(errors[0].field)
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
                self.record = self.db.create("apprentices", raw, accept_warnings=True).record
            else:
                self.record = self.db.update("apprentices", self.record["id"], raw, accept_warnings=True,
                                             expected_version=self.record.get("version")).record
        except RuleViolation as exc:
            self.show_problems(exc.problems)
            return False
        self.w.apprentice_changed()
        return True

    def nextId(self) -> int:
        return COMPANY
