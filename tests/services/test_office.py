"""The office: one write path whose changes announce themselves.

Every unit of work announces what it changed (built from its own audit entries); a record made by hand and
the same record imported from a spreadsheet are written by the same code, so their rows and audit entries
are the same; printing for signature marks a draft printed the same way whichever path printed it.
"""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests import factories as f
from vetdesk.services import records
from vetdesk.services.changes import ChangeSet
from vetdesk.services.office import Office
from vetdesk.services.uow import reading
from vetdesk.storage.models import AuditEntry, Company

#: Columns that differ between any two writes (when, and the database's own numbering).
VOLATILE = {"id", "created_at", "updated_at"}


def _heard(office: Office) -> list[ChangeSet]:
    heard: list[ChangeSet] = []
    office.listen(heard.append)
    return heard


def test_every_write_announces_what_it_changed(db: Office) -> None:
    heard = _heard(db)
    company = db.create("companies", {"name": "Herramientas del Bajío", "rfc": f.company_rfc(),
                                     "legal_representative": "Luis Pérez"})
    assert company.changes.records == {"companies": {company.id}}
    assert company.changes.created == {"companies": {company.id}} and heard == [company.changes]
    assert company.changes.label == "Create company"

    changed = db.update("companies", company.id, {"sector": "Metalmecánica"})
    assert changed.changes.records == {"companies": {company.id}} and not changed.changes.created
    assert heard[-1] is changed.changes and len(heard) == 2

    unchanged = db.update("companies", company.id, {"sector": "Metalmecánica"})  # the same value again
    assert unchanged.changes.empty and len(heard) == 2  # nothing written, nothing announced
    assert db.history("companies", company.id)[-1]["action"] == "update" and len(
        db.history("companies", company.id)) == 2


def test_a_refused_write_announces_nothing(db: Office) -> None:
    heard = _heard(db)
    with pytest.raises(records.RuleViolation):
        db.create("companies", {"name": "Sin RFC"})
    assert heard == []


def test_a_listener_that_fails_neither_undoes_the_change_nor_silences_the_others(db: Office) -> None:
    def broken(_changes: ChangeSet) -> None:
        raise RuntimeError("a view's bug")

    db.listen(broken)
    heard = _heard(db)
    company = db.create("companies", {"name": "Aceros del Norte", "rfc": f.company_rfc()}, accept_warnings=True)
    assert db.get("companies", company.id)["name"] == "Aceros del Norte"
    assert heard and heard[0].ids("companies") == {company.id}


def test_every_handle_of_one_database_hears_the_others(db: Office) -> None:
    """A background job writes through its own handle (another user's, a copy): the window still hears it."""
    heard = _heard(db)
    other = db.as_user(db.actor)
    school = other.create("schools", {"name": "CONALEP Querétaro", "cct": f.cct()})
    assert [c.ids("schools") for c in heard] == [{school.id}]


def _row(db: Office, company_id: int) -> dict[str, Any]:
    with reading(db) as session:
        obj = session.get(Company, company_id)
        assert obj is not None
        return {c.name: getattr(obj, c.name) for c in Company.__table__.c if c.name not in VOLATILE}


def _audit(db: Office, company_id: int) -> list[tuple[Any, ...]]:
    with reading(db) as session:
        return [(e.kind, e.action, e.username, {side: {k: v for k, v in values.items() if k not in VOLATILE}
                                                for side, values in e.changes.items()})
                for e in session.scalars(select(AuditEntry).where(AuditEntry.kind == "companies",
                                                                  AuditEntry.record_id == company_id))]


def test_a_company_imported_and_one_created_by_hand_are_written_alike(db: Office, tmp_path: Path) -> None:
    values = {"name": "  Tornillería   Hernández ", "rfc": f.company_rfc().lower(), "sector": "Metalmecánica",
              "state": "Querétaro", "legal_representative": "Ana María Hernández", "contact_email": "ANA@EXAMPLE.MX",
              "contact_phone": "442 123 4567", "address": "Av. 5 de Febrero 100, Querétaro"}
    by_hand = db.create("companies", values).id
    first = _row(db, by_hand)
    first_audit = _audit(db, by_hand)
    # The same company again, from a spreadsheet, once the first is gone from the natural key's way.
    db.update("companies", by_hand, {"rfc": f.company_rfc()})
    sheet = tmp_path / "empresas.csv"
    with sheet.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Razón social", "RFC", "Sector", "Estado", "Representante legal", "Correo", "Teléfono",
                         "Domicilio"])
        writer.writerow([values[k] for k in ("name", "rfc", "sector", "state", "legal_representative",
                                             "contact_email", "contact_phone", "address")])
    report = db.import_file("companies", sheet)
    assert report.ok and report.created == 1, report.as_dict()
    imported = max(r["id"] for r in db.list_records("companies"))

    assert _row(db, imported) == first
    assert _row(db, imported)["name"] == "Tornillería Hernández"  # normalised the one way
    assert _audit(db, imported) == first_audit


def test_printing_for_signature_moves_only_drafts_once(db: Office) -> None:
    draft, signed = f.make_agreement(db), f.make_agreement(db)
    f.activate(db, signed)
    heard = _heard(db)
    changes = db.print_for_signature([draft, signed], today=date(2026, 8, 3))
    # every printing is recorded in the agreement's history (issue 23), the reprint of the signed one too
    assert changes.records == {"agreements": {draft, signed}} and heard == [changes]
    assert db.get("agreements", draft)["status"] == "printed"
    assert db.get("agreements", draft)["printed_on"] == date(2026, 8, 3)
    assert db.get("agreements", signed)["status"] == "active"
    status, printing = db.history("agreements", draft)[-2:]
    assert (status["operation"], status["action"]) == ("Print agreement for signature", "status")
    assert status["changes"]["after"]["status"] == "printed"
    assert printing["action"] == "print" and printing["changes"]["after"]["printed_on"] == "2026-08-03"
    again = db.print_for_signature([draft])  # printed again: no status change, one more printing recorded
    assert db.get("agreements", draft)["status"] == "printed"
    assert [e["action"] for e in db.history("agreements", draft)][-1] == "print" and again.ids("agreements") == {
        draft}


def test_the_weekly_report_operations_act_for_the_office_s_user_and_announce(db: Office) -> None:
    """The logbook's named operations (write, hand in, review, attendance) run as the office's signed-in user:
    an instructor's office reaches their own apprentices' weeks only, each step is audited in their name and
    announced; a refused step writes and announces nothing."""
    from tests.logbook.conftest import VIEWER, make_world

    w = make_world(db)
    mine, theirs = db.as_user(w.me), db.as_user(w.them)
    heard = _heard(db)  # every handle of the database hears every other's changes
    week = mine.write_week(agreement_id=w.mine, week=w.week(0), values={"activities": "Torno", "hours": "36"})
    assert week.changes.records == {"logbook": {week.id}} and heard == [week.changes]
    assert week.changes.user == "ivan" and week.record["status"] == "draft"
    handed_in = mine.hand_in_week(week.id, expected_version=week.record["version"])
    assert handed_in.record["status"] == "submitted" and heard[-1] is handed_in.changes

    before = len(heard)
    with pytest.raises(records.RuleViolation):  # not her apprentice's week: the core refuses, as for a stranger
        theirs.review_week(week.id, decision="approve")
    with pytest.raises(records.RuleViolation, match="record attendance"):  # a viewer only reads
        db.as_user(VIEWER).record_attendance(agreement_id=w.mine, days={w.week(1): "present"})
    assert len(heard) == before and db.get("logbook", week.id)["status"] == "submitted"

    approved = mine.review_week(week.id, decision="approve")
    assert approved.record["status"] == "approved" and approved.changes.user == "ivan"
    day = w.week(1)  # a Monday within the training
    days = {day: "present", day + timedelta(days=1): None}  # None: the day left as it is
    assert mine.record_attendance(agreement_id=w.mine, days=days) == 1
    assert heard[-1].touches("attendance") and heard[-1].user == "ivan"
    assert [e["operation"] for e in db.history("logbook", week.id)][-1] == approved.changes.label
