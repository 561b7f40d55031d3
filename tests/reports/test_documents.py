"""What the document service gathers (no PDF involved), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.reports.conftest import START, make_world, prove_all
from vetdesk.domain.problems import RuleViolation
from vetdesk.services import documents, records
from vetdesk.services.progress import agreement_progress
from vetdesk.storage.engine import Database


def test_minor_agreement_carries_the_guardian_and_the_permit(db: Database) -> None:
    w = make_world(db, minor=True, positions=3)
    doc = documents.agreement_document(db, w.agreement_id)
    assert doc.minor and doc.age_on_start == 16
    assert doc.guardian is not None and doc.guardian.name == "Rosa Núñez Pérez"
    assert doc.guardian.relation == "mother"  # a code, printed in the document's language
    assert doc.stps_permit_number == "STPS-QRO-2026-0042"
    assert [p.sequence for p in doc.positions] == [1, 2, 3]
    assert all(len(p.competencies) == 2 for p in doc.positions)
    assert doc.qr_reference == f"vetdesk:agreement:{w.reference}"
    assert doc.school is not None and doc.school.cct == w.cct


def test_adult_agreement_has_no_guardian(db: Database) -> None:
    w = make_world(db, minor=False, positions=2, rated=False, status="draft")
    doc = documents.agreement_document(db, w.agreement_id)
    assert not doc.minor and doc.guardian is None


def test_minor_without_guardian_is_refused_naming_the_field(sqlite_db: Database) -> None:
    w = make_world(sqlite_db, minor=True, positions=2, rated=False, status="draft")
    records.update(sqlite_db, "apprentices", w.apprentice_id,
                   {"guardian_name": None, "guardian_relation": None, "guardian_phone": None},
                   accept_warnings=True)
    with pytest.raises(RuleViolation) as caught:
        documents.agreement_document(sqlite_db, w.agreement_id)
    # Everything the guardian lacks at once (issue 23, trial 23e: the refusals came in rounds).
    assert [p.field for p in caught.value.errors] == ["guardian_name", "guardian_address", "guardian_id_document"]
    assert "guardian" in caught.value.errors[0].message


def test_certificate_needs_a_completed_agreement(sqlite_db: Database) -> None:
    w = make_world(sqlite_db, minor=False, positions=2)
    with pytest.raises(RuleViolation) as caught:
        documents.certificate_document(sqlite_db, w.agreement_id)
    assert caught.value.errors[0].field == "status"
    prove_all(sqlite_db, w.agreement_id)
    records.update(sqlite_db, "agreements", w.agreement_id, {"status": "completed"}, accept_warnings=True)
    doc = documents.certificate_document(sqlite_db, w.agreement_id)
    assert doc.apprentice.curp == w.curp and doc.qr_reference == f"vetdesk:certificate:{w.reference}"


def test_progress_figures_agree_with_the_progress_service(db: Database) -> None:
    w = make_world(db, minor=False, positions=4)
    doc = documents.progress_document(db, apprentice_id=w.apprentice_id)
    service = agreement_progress(db, w.agreement_id)
    assert (doc.reached, doc.total) == (service.progress.overall.reached, service.progress.overall.total)
    assert doc.reached == 2  # C-01 and C-03 end on level 3 ("competent"); C-02 and C-04 on level 2
    rated = {c.code: c for c in doc.competencies if c.level is not None}
    assert set(rated) == {"C-01", "C-02", "C-03", "C-04"}
    assert rated["C-01"].reached and not rated["C-02"].reached
    assert rated["C-01"].assessed_on == START + timedelta(days=90)
    # The timeline rises from nothing to the final figure, one point per month end.
    assert doc.timeline[0].reached == 0 and doc.timeline[-1].reached == doc.reached
    assert [p.reached for p in doc.timeline] == sorted(p.reached for p in doc.timeline)
    assert doc.positions[0].actual_days == pytest.approx(42, abs=1)
    assert doc.positions[2].actual_days is None
    assert doc.feedback and doc.feedback[0].author == "Ing. Beatriz Köhler"


def test_progress_over_an_earlier_period_ignores_later_ratings(sqlite_db: Database) -> None:
    w = make_world(sqlite_db, minor=False, positions=4)
    early = documents.progress_document(sqlite_db, apprentice_id=w.apprentice_id,
                                        period_end=START + timedelta(days=60))
    assert early.reached == 0  # the level-3 ratings come after day 90
    assert all(c.level in (None, 2) for c in early.competencies)
    assert early.feedback and early.period_end == START + timedelta(days=60)


def test_form_is_for_the_current_position(sqlite_db: Database) -> None:
    w = make_world(sqlite_db, minor=False, positions=4)
    doc = documents.assessment_form_document(sqlite_db, apprentice_id=w.apprentice_id)
    # the second position's period is open (started six weeks after the start)
    assert doc.position.id == w.positions[1]
    assert [c.code for c in doc.position.competencies] == ["C-02", "C-03"]
    assert doc.qr_reference == f"vetdesk:form:{w.reference}:{w.positions[1]}"


def test_batch_ids_follow_the_filters(sqlite_db: Database) -> None:
    a = make_world(sqlite_db, minor=False, positions=1, rated=False)
    b = make_world(sqlite_db, minor=False, positions=1, rated=False, status="draft")
    assert documents.batch_agreement_ids(sqlite_db, status="active") == [a.agreement_id]
    assert documents.batch_agreement_ids(sqlite_db, company_id=b.company_id) == [b.agreement_id]
    assert documents.references(sqlite_db, [a.agreement_id]) == {a.agreement_id: a.reference}
