"""Ctrl+Z takes back the person's last operation, never an older one behind it (issue 21's re-trial: undo after
returning a weekly report went for the week's creation): an operation undo cannot take back is refused by its
name and nothing is written; a printing that changed nothing is looked past."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests import factories as f
from vetdesk.domain.problems import RuleViolation
from vetdesk.services import documents, records, undo
from vetdesk.services.actors import Actor
from vetdesk.services.uow import reading
from vetdesk.storage.models import AuditEntry


def _officer(db):  # type: ignore[no-untyped-def]
    return db.for_principal(Actor(username="olga", role="officer"))


def _audited(db) -> int:  # type: ignore[no-untyped-def]
    with reading(db) as session:
        return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def test_an_operation_undo_cannot_take_back_is_refused_not_stepped_past(db) -> None:  # type: ignore[no-untyped-def]
    officer = _officer(db)
    company = records.create(officer, "companies", {"name": "Troqueles del Bajío S.A. de C.V.",
                                                    "rfc": f.company_rfc(9101), "state": "Puebla"},
                             accept_warnings=True).id
    agreement = f.make_agreement(db, company_id=company)
    officer.attach(agreement_id=agreement, filename="firmado.pdf", content=b"%PDF-1.4\n%%EOF\n")
    last = undo.last_undoable(officer)
    assert last is not None and last.action == "attach"
    before = _audited(db)
    with pytest.raises(RuleViolation) as refused:
        undo.undo_last(officer)
    assert refused.value.errors[0].code == "undo.unsupported"
    assert _audited(db) == before and records.get(db, "companies", company)  # the creation was not undone


def test_a_document_printed_is_looked_past(db) -> None:  # type: ignore[no-untyped-def]
    officer = _officer(db)
    company = records.create(officer, "companies", {"name": "Forjas del Norte S.A. de C.V.",
                                                    "rfc": f.company_rfc(9102), "state": "Puebla"},
                             accept_warnings=True).id
    records.update(officer, "companies", company, {"state": "Jalisco"}, accept_warnings=True)
    agreement = f.make_agreement(db, company_id=company)
    documents.record_printings(officer, [records.get(db, "agreements", agreement)["reference"]], "progress")
    last = undo.last_undoable(officer)
    assert last is not None and last.action == "update" and last.record_id == company
    undo.undo_last(officer)
    assert records.get(db, "companies", company)["state"] == "Puebla"
