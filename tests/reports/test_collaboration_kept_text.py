"""Issue 23: a signed collaboration agreement's reprint printed the office's text of the print date (only labelled
a copy). What went out for signature is kept (the version of the office's clauses per language, as a learning
agreement keeps its own) and its reprint prints those words, read back from the PDF."""

from __future__ import annotations

import io

import pypdf
from sqlalchemy import text

from tests import factories as f
from vetdesk.reports.collaboration import collaboration_pdf
from vetdesk.services import clauses, records
from vetdesk.storage.engine import Database

OLD = "treinta días de anticipación"
NEW = "noventa días de anticipación"


def _pdf_text(db: Database, record_id: int, lang: str) -> str:
    reader = pypdf.PdfReader(io.BytesIO(collaboration_pdf(db, record_id, lang=lang)))
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


def _edit_spanish_clauses(db: Database) -> clauses.ClauseText:
    body = clauses.current(db, "collaboration", "es").body
    assert OLD in body
    return clauses.save(db, "collaboration", "es", body.replace(OLD, NEW))


def test_a_signed_collaboration_agreement_reprints_the_text_it_was_signed_with(sqlite_db: Database) -> None:
    db = sqlite_db
    school, company = f.make_school(db), f.make_company(db)
    signed = f.make_collaboration(db, school_id=school, company_id=company)  # printed, signed, in force
    assert records.get(db, "collaborations", signed)["status"] == "active"
    saved = _edit_spanish_clauses(db)  # the office edits its text after the signature
    assert saved.version == 1

    reprint = _pdf_text(db, signed, "es")
    assert OLD in reprint and NEW not in reprint  # the words signed, not today's
    v0 = clauses.ClauseText("collaboration", "es", 0, clauses.shipped("collaboration", "es"))
    assert f"Texto: versión de fábrica ({v0.digest})" in reprint  # the footer names the version signed
    assert "no el firmado" not in reprint and "Copia" in reprint  # a copy, of the text signed
    # in English (no office edit) it is the shipped text, also without the "not the text signed" note
    assert "not the text signed" not in _pdf_text(db, signed, "en")

    # A draft prints the office's text of today, and keeps it when it goes out for signature.
    draft = f.make_collaboration(db, school_id=f.make_school(db), company_id=company, active=False)
    records.create(db, "tutors", {"school_id": records.get(db, "collaborations", draft)["school_id"],
                                  "name": "Mtra. Laura Campos", "role": "director"})
    assert NEW in _pdf_text(db, draft, "es")
    db.print_collaborations_for_signature([draft], language="es")  # type: ignore[attr-defined]
    clauses.save(db, "collaboration", "es", clauses.current(db, "collaboration", "es").body.replace(NEW, OLD))
    printed = _pdf_text(db, draft, "es")
    assert NEW in printed and OLD not in printed and "Texto: versión 1 de la oficina, del" in printed


def test_back_to_draft_forgets_the_kept_text_and_one_printed_before_says_so(sqlite_db: Database) -> None:
    db = sqlite_db
    school, company = f.make_school(db), f.make_company(db)
    signed = f.make_collaboration(db, school_id=school, company_id=company)
    _edit_spanish_clauses(db)
    # Printed before vetdesk kept the text (migration 0028): the reprint is today's text, and says so.
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE collaboration_agreements SET printed_clauses = NULL WHERE id = :id"),
                     {"id": signed})
    legacy = _pdf_text(db, signed, "es")
    assert NEW in legacy and "no el firmado" in legacy
    # Printed for signature, then put back to draft: the kept text goes; printed again, it keeps that day's.
    other = f.make_school(db)
    draft = f.make_collaboration(db, school_id=other, company_id=company, active=False)
    records.create(db, "tutors", {"school_id": other, "name": "Mtra. Laura Campos", "role": "director"})
    db.print_collaborations_for_signature([draft], language="es")  # type: ignore[attr-defined]

    def kept() -> object:
        with db.engine.begin() as conn:
            return conn.execute(text("SELECT printed_clauses FROM collaboration_agreements WHERE id = :id"),
                                {"id": draft}).scalar()

    assert kept() is not None
    records.update(db, "collaborations", draft, {"status": "draft"}, accept_warnings=True)
    assert kept() is None
