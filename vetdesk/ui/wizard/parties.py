"""The pages that choose what the agreement names: the company, its instructor, the school and its tutor,
the programme and the company's rotation plan for it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
)

from vetdesk.i18n import _
from vetdesk.services import lookups, records
from vetdesk.ui.wizard.missing import MissingPiece
from vetdesk.ui.wizard.page import (
    AgreementSteps,
    StepPage,
)
from vetdesk.ui.wizard.widgets import ChoiceList


class CompanyPage(StepPage):
    FIELDS = ("company_id",)

    def __init__(self, w: AgreementSteps) -> None:
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


class InstructorPage(StepPage):
    FIELDS = ("instructor_id",)

    def __init__(self, w: AgreementSteps) -> None:
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


class SchoolPage(StepPage):
    FIELDS = ("school_id", "tutor_id")

    def __init__(self, w: AgreementSteps) -> None:
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


class ProgrammePage(StepPage):
    FIELDS = ("programme_id", "rotation_plan_id")

    def __init__(self, w: AgreementSteps) -> None:
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
        # No programme yet, no plan of the company for it: said here, and made here (trial 24c).
        self.missing = MissingPiece(self.db, self)
        self.missing.programmeMade.connect(self._programme_made)
        self.missing.positionMade.connect(lambda _id: self._plans())
        self.missing.planMade.connect(self._plan_made)
        layout.addWidget(self.missing)
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
        self.missing.show_for(company_id=company, programme_id=programme, has_plans=bool(plans))

    def _programme_made(self, programme_id: int) -> None:
        """A programme just made from this page: chosen, and what is missing next said."""
        self.picker.reload()
        self.picker.choose_id(programme_id)
        self._plans()

    def _plan_made(self, plan_id: int) -> None:
        """The company's plan just made from this page: chosen."""
        self._plans()
        self.plan.setCurrentIndex(max(self.plan.findData(plan_id), 0))

    def isComplete(self) -> bool:
        return self.picker.chosen_id() is not None

    def values(self) -> dict[str, Any]:
        return {"programme_id": self.picker.chosen_id(), "rotation_plan_id": self.plan.currentData()}
