"""Rating a learning position starts on the one the apprentice is at today: actual dates entered ahead for the
next position (a planned move) do not make it the current one (found by a new user's trial of issue 22)."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QWidget

from tests import factories as f
from vetdesk.services import records
from vetdesk.ui import rating_grid


def test_the_position_asked_first_is_where_the_apprentice_is_today(qtbot, sqlite_db) -> None:  # type: ignore[no-untyped-def]
    db = sqlite_db
    company, programme = f.make_company(db), f.make_programme(db)
    plan = f.make_plan(db, company_id=company, programme_id=programme, weeks=52, positions=2)
    start = f.TODAY - timedelta(days=70)
    agreement = f.make_agreement(db, company_id=company, programme_id=programme, rotation_plan_id=plan,
                                 instructor_id=f.make_instructor(db, company_id=company), start_date=start)
    f.activate(db, agreement)
    first, second = [s["position_id"] for s in records.get(db, "rotation_plans", plan)["steps"]]
    moves_on = f.TODAY + timedelta(days=30)
    records.create(db, "rotations", {"agreement_id": agreement, "position_id": first, "actual_start": start,
                                     "actual_end": moves_on - timedelta(days=1)}, accept_warnings=True)
    records.create(db, "rotations", {"agreement_id": agreement, "position_id": second,
                                     "actual_start": moves_on}, accept_warnings=True)
    names = {p: records.get(db, "positions", p)["name"] for p in (first, second)}
    asked: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QInputDialog):
            asked.append(dialog.textValue())
            dialog.reject()
        else:
            QTimer.singleShot(50, answer)

    parent = QWidget()
    qtbot.addWidget(parent)
    QTimer.singleShot(50, answer)
    assert rating_grid.rate_agreement(parent, db, agreement) is False
    assert asked == [f"1. {names[first]}"], asked
