"""What printing writes goes through the office's named operations: ``Office.record_printings`` (a document's
entry in its agreement's history) and ``Office.sign_certificate`` (the office's signing key, made the first
time). Each is one labelled unit of work that says what it changed, for the signed-in user's role and scope:
an instructor records the printing of their own apprentices' documents only, a viewer prints none, and a
refused recording writes nothing. The documents (``reports.render``) call these operations, as the AST layer
test (``tests/test_layers.py``) checks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests import factories as f
from vetdesk.domain.problems import RuleViolation
from vetdesk.reports import render
from vetdesk.services import records, users
from vetdesk.services.actors import Actor
from vetdesk.storage.models import AuditEntry, SigningKey


def _prints(db) -> list[tuple[int | None, str | None, dict]]:  # type: ignore[no-untyped-def, type-arg]
    with db.reader() as s:
        return [(e.record_id, e.username, e.changes) for e in s.query(AuditEntry).filter_by(action="print")
                .order_by(AuditEntry.id)]


@pytest.fixture
def two(db):  # type: ignore[no-untyped-def]
    company = f.make_company(db)
    mine_ins, other_ins = f.make_instructor(db, company_id=company), f.make_instructor(db, company_id=company)
    start = date.today() - timedelta(days=30)
    mine = f.make_agreement(db, company_id=company, instructor_id=mine_ins, start_date=start,
                            end_date=start + timedelta(days=400))
    other = f.make_agreement(db, company_id=company, instructor_id=other_ins, start_date=start,
                             end_date=start + timedelta(days=400))
    users.create_user(db, username="ivan", password="a good password", role="instructor", instructor_id=mine_ins)
    return {"mine": mine, "other": other, "mine_ins": mine_ins,
            "mine_ref": records.get(db, "agreements", mine)["reference"],
            "other_ref": records.get(db, "agreements", other)["reference"]}


def test_a_printing_is_recorded_by_the_offices_operation_and_says_what_changed(db, two) -> None:  # type: ignore[no-untyped-def]
    heard = []
    db.listen(heard.append)
    changes = db.record_printings([two["mine_ref"], two["other_ref"]], "progress", language="de")
    assert changes.ids("agreements") == {two["mine"], two["other"]}
    assert heard and heard[-1].ids("agreements") == {two["mine"], two["other"]}
    assert [(i, c["after"]) for i, _u, c in _prints(db)] == [
        (two["mine"], {"document": "progress", "language": "de"}),
        (two["other"], {"document": "progress", "language": "de"})]


def test_the_role_and_its_scope_are_applied(db, two) -> None:  # type: ignore[no-untyped-def]
    ivan = db.as_user(Actor("ivan", "instructor", two["mine_ins"]))
    # Another instructor's agreement reads as one that does not exist; nothing of the batch is written.
    with pytest.raises(RuleViolation) as refused:
        ivan.record_printings([two["mine_ref"], two["other_ref"]], "form", language="es_MX")
    assert refused.value.problems[0].code == "record.missing"
    assert two["other_ref"] in refused.value.problems[0].message
    assert _prints(db) == []
    # Their own apprentice's: recorded in their name.
    ivan.record_printings([two["mine_ref"]], "form", language="es_MX")
    assert [(i, u) for i, u, _c in _prints(db)] == [(two["mine"], "ivan")]
    # A certificate needs the right to print documents, which an instructor and a viewer lack.
    for actor in (Actor("ivan", "instructor", two["mine_ins"]), Actor("vera", "viewer")):
        with pytest.raises(RuleViolation):
            db.as_user(actor).record_printings([two["mine_ref"]], "certificate")
    assert len(_prints(db)) == 1


def test_a_progress_report_printed_is_recorded_through_the_office(db, two, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The document calls the office's operation (not the service beneath it): a window's or a command's
    office, whatever it is, hears of the printing."""
    called = []
    original = type(db).record_printings

    def spy(self, references, document, *, language=None):  # type: ignore[no-untyped-def]
        called.append((tuple(references), document))
        return original(self, references, document, language=language)

    monkeypatch.setattr(type(db), "record_printings", spy)
    apprentice = records.get(db, "agreements", two["mine"])["apprentice_id"]
    f.activate(db, two["mine"])
    pdf = render.progress_pdf(db, apprentice_id=apprentice, lang="es")
    assert pdf.startswith(b"%PDF")
    assert called == [((two["mine_ref"],), "progress")]
    assert [(i, c["after"]["document"]) for i, _u, c in _prints(db)] == [(two["mine"], "progress")]


def test_the_signing_key_is_made_by_the_offices_operation(db) -> None:  # type: ignore[no-untyped-def]
    fields = {"office": "CAMEXA", "reference": "CA-2026-000001", "name": "Ana", "programme": "MEC",
              "company": "ACME", "start": "2026-01-01", "end": "2027-01-01", "issued": "2027-01-02",
              "competencies": "3/3"}
    heard = []
    db.listen(heard.append)
    first = db.sign_certificate(fields, curp="GAAA000101HDFRRN09")
    second = db.sign_certificate(fields, curp="GAAA000101HDFRRN09")
    with db.reader() as s:
        assert s.query(SigningKey).count() == 1
    # one key; the same certificate signs to the same text (its CURP a keyed MAC, no random salt: issue 23)
    assert first == second
    assert [c.ids("signing_keys") for c in heard if c.touches("signing_keys")] != []
    with pytest.raises(RuleViolation):
        db.as_user(Actor("vera", "viewer")).sign_certificate(fields, curp="GAAA000101HDFRRN09")


def test_an_instructor_s_dashboard_says_the_office_has_their_drafts_to_print(db) -> None:  # type: ignore[no-untyped-def]
    """An instructor prints nothing: their dashboard's draft agreements are the office's to print, said so (the
    trial's instructor read "Agreements waiting for printing" as a task of their own)."""
    from tests import factories as f
    from vetdesk.services.actors import Actor
    from vetdesk.services.dashboard import dashboard

    draft = f.make_agreement(db, status="draft")
    instructor = db.get("agreements", draft)["instructor_id"]
    item = dashboard(db.as_user(Actor("ivan", "instructor", instructor))).item("to_print")
    assert item.title == "Agreements the office has yet to print" and item.count == 1
    assert dashboard(db).item("to_print").title == "Agreements waiting for printing"  # an officer's own task
