"""What an apprentice's record lists beside its fields (its agreements, the assessments and feedback, the files,
exams, verdicts and certificates) is declared once (``belongings.shown_beside``): the window refreshes an open
record when a committed change touches one of those kinds. Every write that changes what the lists say must
therefore announce a kind declared there, or an open record would go stale (issue 20: an agreement printed
elsewhere stayed "draft" on the apprentice's record)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.exams.pipeline import passed_apprentice
from tests.factories import TODAY, make_programme
from vetdesk.services import assessments, attachments, belongings, records

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _lists(db: Any, apprentice: int | None) -> tuple[Any, ...] | None:
    if apprentice is None:
        return None
    found = belongings.of_apprentice(db, apprentice)
    return (tuple(found.agreements), tuple(found.events), tuple(found.documents),
            tuple(belongings.outcomes_of_apprentice(db, apprentice)))


def test_every_write_that_changes_an_apprentices_lists_touches_a_kind_shown_beside(db) -> None:  # type: ignore[no-untyped-def]
    shown = belongings.shown_beside("apprentices") | {"apprentices"}
    seen: list[Any] = []
    stop = db.listen(seen.append)
    try:
        agreement = passed_apprentice(db, make_programme(db))
        apprentice = records.get(db, "agreements", agreement)["apprentice_id"]
        start = records.get(db, "agreements", agreement)["start_date"]
        steps = [
            lambda: assessments.add_feedback(db, agreement_id=agreement, text="Buen avance en el taller",
                                             on=start + timedelta(days=7), today=start + timedelta(days=30)),
            lambda: attachments.attach(db, agreement_id=agreement, filename="firmado.pdf", content=PDF),
            lambda: records.create(db, "conocer_verdicts", {
                "apprentice_id": apprentice, "standard": "EC0123", "verdict": "competent",
                "assessed_on": (TODAY - timedelta(days=10)).isoformat()}),
            lambda: records.create(db, "school_certificates", {
                "apprentice_id": apprentice, "number": "SC-9", "average": "9.25",
                "issued_on": (TODAY - timedelta(days=5)).isoformat()}),
            lambda: records.update(db, "companies", records.get(db, "agreements", agreement)["company_id"],
                                   {"name": "Frenos del Norte"}, accept_warnings=True),
            lambda: records.update(db, "agreements", agreement, {
                "status": "terminated", "terminated_on": TODAY.isoformat(),
                "termination_reason": "Cambio de domicilio"}, accept_warnings=True),
        ]
        changed = 0
        for step in steps:
            before = _lists(db, apprentice)
            seen.clear()
            step()
            after = _lists(db, apprentice)
            assert seen, step
            if after != before:
                changed += 1
                assert any(c.touches(*shown) for c in seen), [c.kinds() for c in seen]
        assert changed == len(steps)  # each step really changed what the record lists
    finally:
        stop()
