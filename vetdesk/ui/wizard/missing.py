"""What the programme page offers where a piece the agreement needs is missing: a programme at all, the company's
learning positions, the company's rotation plan for the programme. Each is made in its own record form, in a
dialog over the wizard, and picked up once saved (trial 24c: an office's first agreement met "the company has no
plan for this programme" and no way on but to cancel the wizard).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from vetdesk.i18n import _
from vetdesk.services import lookups, records, references
from vetdesk.services.office import Office


def create_record(parent: QWidget, db: Office, kind: str, initial: dict[str, Any]) -> int | None:
    """A new record of ``kind`` in its form (the one its list opens), in a dialog, started with ``initial``: its id
    once saved, None when the officer closes the dialog."""
    from vetdesk.ui.lists import form_class_for

    form_class = form_class_for(kind)
    dialog = QDialog(parent)
    dialog.setWindowTitle(_(records.kind(kind).singular).capitalize())
    dialog.resize(900, 640)
    layout = QVBoxLayout(dialog)
    form = form_class(db, kind, None, dialog, initial=initial)
    layout.addWidget(form)
    saved: list[int] = []

    def done(record_id: int) -> None:
        saved.append(record_id)
        dialog.accept()

    form.saved.connect(done)
    form.closeRequested.connect(dialog.reject)
    dialog.exec()
    return saved[-1] if saved else None


class MissingPiece(QWidget):
    """A note saying what is missing for the agreement and where it is made, and a button that makes it here;
    once it is saved, the signal of what was made gives its id. Hidden while nothing is missing."""

    programmeMade = Signal(int)
    positionMade = Signal(int)
    planMade = Signal(int)

    def __init__(self, db: Office, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setAccessibleName(_("What is missing"))
        layout.addWidget(self.note)
        row = QHBoxLayout()
        self.button = QPushButton(self)
        self.button.clicked.connect(self.make)
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        row.addStretch(1)
        layout.addLayout(row)
        self._kind = ""
        self._initial: dict[str, Any] = {}
        self._made: Any = self.programmeMade
        self.hide()

    def show_for(self, *, company_id: int | None, programme_id: int | None, has_plans: bool) -> None:
        """Say what the agreement misses with this company and programme, if anything: no programme recorded at
        all, no learning position at the company (a plan is made of them), no plan of the company for the
        programme."""
        if programme_id is None:
            if lookups.choices(self.db, "programmes", limit=1):
                self.hide()
                return
            self._offer("programmes", {}, _(
                "No programme is recorded yet. The agreement is for an occupation or career with its competencies "
                "(they are rated and printed): create it here, or under Records › New programme."),
                _("New programme…"), self.programmeMade)
            return
        if company_id is None or has_plans:
            self.hide()
            return
        company = str(records.get(self.db, "companies", company_id).get("name") or "")
        if not lookups.choices(self.db, "positions", company_id=company_id, limit=1):
            self._offer("positions", {"company_id": company_id}, _(
                "{company} has no learning positions yet, and a rotation plan is made of them. Record the "
                "company's learning positions (each with the competencies taught there), then create its plan; "
                "or later under Records › New learning position.").format(company=company),
                _("New learning position…"), self.positionMade)
            return
        programme = str(records.get(self.db, "programmes", programme_id).get("name") or "")
        self._offer("rotation_plans", {"company_id": company_id, "programme_id": programme_id}, _(
            "{company} has no rotation plan for {programme}. The contract attaches the plan, and it cannot be "
            "printed for signature without one: create it now from the company's learning positions, or later "
            "under Records › New rotation plan.").format(company=company, programme=programme),
            _("Create a rotation plan for this company…"), self.planMade)

    def _offer(self, kind: str, initial: dict[str, Any], note: str, button: str, made: Any) -> None:
        self._kind, self._initial, self._made = kind, initial, made
        self.note.setText(note)
        self.button.setText(button)
        self.button.setEnabled(references.may_create(self.db, kind))  # a role that may not: the note still says where
        self.show()

    def make(self) -> None:
        record_id = create_record(self, self.db, self._kind, dict(self._initial))
        if record_id is not None:
            self._made.emit(record_id)
