"""Records an exam pipeline needs, made through the services (the records' write path)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.factories import TODAY, activate, make_agreement
from vetdesk.services import records


def make_exam(db: Any, programme_id: int, part: str, days: int, **kw: Any) -> int:
    values = {"name": f"{part} +{days}", "programme_id": programme_id, "part": part,
              "held_on": (TODAY + timedelta(days=days)).isoformat(),
              "place": "CAMEXA Ciudad de México", "examiners": "Ing. Ruth Lozano; Dipl.-Ing. Jan Becker",
              "weight_written": 40, "weight_practical": 60, "final_weight": 35 if part == "part1" else 65} | kw
    return records.create(db, "exams", values).id


def sit(db: Any, exam_id: int, agreement_id: int, written: str, practical: str, **kw: Any) -> dict[str, Any]:
    reg = records.create(db, "exam_registrations", {"exam_id": exam_id, "agreement_id": agreement_id} | kw).id
    return records.update(db, "exam_registrations", reg, {"written": written, "practical": practical}).record


def passed_apprentice(db: Any, programme_id: int, **agreement: Any) -> int:
    """An active agreement whose apprentice passed Part 1 and Part 2."""
    agreement_id = make_agreement(db, programme_id=programme_id, **agreement)
    activate(db, agreement_id)
    sit(db, make_exam(db, programme_id, "part1", 200), agreement_id, "70", "80")
    sit(db, make_exam(db, programme_id, "part2", 330), agreement_id, "85", "95")
    return agreement_id
