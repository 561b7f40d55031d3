"""What re-trials of issue 23 left (branch doc23c), each read back from the printed PDF: a signed agreement's
reprint is a copy of what was signed (and says when its text is not the signed one), and the insurance clause
and the print check agree with the policy's expiry."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select, update

from tests import factories as f
from tests.reports.conftest import END, make_world, pdf_text
from vetdesk.i18n import translator
from vetdesk.reports import render
from vetdesk.services import records
from vetdesk.services.office import Office
from vetdesk.storage.models import AuditEntry, LearningAgreement

TODAY = date.today()


def _sign(db: Office, agreement_id: int, on: date) -> None:
    db.print_for_signature([agreement_id], language="es")
    records.update(db, "agreements", agreement_id,
                   {"status": "signed"} | f.signature_values(db, agreement_id, signed_on=on), accept_warnings=True)


def test_a_signed_agreements_reprint_is_a_copy_never_a_document_to_sign(db: Office) -> None:
    w = make_world(db, minor=False, positions=2, rated=False, status="draft")
    draft = pdf_text(render.agreement_pdf(db, w.agreement_id, lang="es"))
    assert "Copia" not in draft and "COPIA" not in draft  # a document for signature is not a copy
    signed_on = TODAY
    _sign(db, w.agreement_id, signed_on)
    es_day = translator("es").format_date(signed_on, "medium")
    es = pdf_text(render.agreement_pdf(db, w.agreement_id, lang="es"))
    assert f"Copia — firmado el {es_day}" in es  # the footer of every page
    assert es.count(f"Copia — firmado el {es_day}") == es.count("Impreso el")
    assert "No es un documento para firmar." in es and "COPIA" in es  # under the title, and the watermark
    assert "texto vigente a la fecha de impresión" not in es  # the signed text was kept
    de = pdf_text(render.agreement_pdf(db, w.agreement_id, lang="de", template="bbig"))
    assert f"Kopie — unterschrieben am {translator('de').format_date(signed_on, 'medium')}" in de
    assert "Sie ist kein Dokument zur Unterschrift." in de and "KOPIE" in de
    # Its printing is recorded as a copy's, not as a printing for signature.
    db.print_for_signature([w.agreement_id], language="es")
    with db.reader() as session:
        operations = list(session.scalars(select(AuditEntry.operation).where(
            AuditEntry.kind == "agreements", AuditEntry.record_id == w.agreement_id, AuditEntry.action == "print")
            .order_by(AuditEntry.id)))
    assert operations == ["Print agreement for signature", "Print a copy of the signed agreement"]


def test_a_legacy_signed_agreement_says_its_text_is_not_the_signed_one(db: Office) -> None:
    """Signed before vetdesk kept the text printed (migration 0027): its copy prints today's text and says so."""
    w = make_world(db, minor=False, positions=2, rated=False, status="active")
    with db.writer() as session:
        session.execute(update(LearningAgreement).where(LearningAgreement.id == w.agreement_id)
                        .values(printed_annex=None))
        session.commit()
    es = pdf_text(render.agreement_pdf(db, w.agreement_id, lang="es"))
    assert "(texto vigente a la fecha de impresión, no el firmado)" in es
    assert "El texto firmado no se conservó" in es and "No es un documento para firmar." in es
    pt = pdf_text(render.agreement_pdf(db, w.agreement_id, lang="pt_BR"))
    assert "(texto vigente na data de impressão, não o assinado)" in pt


def test_a_policy_lapsing_before_the_end_is_stated_and_warned_on_print(db: Office, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    w = make_world(db, minor=False, positions=2, rated=False, status="active")
    es = pdf_text(render.agreement_pdf(db, w.agreement_id, lang="es"))
    assert "durante todo el convenio" in es and not db.print_checks([w.agreement_id])
    expiry = END - timedelta(days=90)
    records.update(db, "agreements", w.agreement_id, {"insurance_expiry": expiry.isoformat()}, accept_warnings=True)
    es = pdf_text(render.agreement_pdf(db, w.agreement_id, lang="es"))
    t = translator("es")
    assert f"hasta el {t.format_date(expiry, 'long')}, antes de que el convenio termine el " \
           f"{t.format_date(END, 'long')}" in es
    assert "durante todo el convenio." not in es.split("5. Seguros")[1].split("6. ")[0]
    de = pdf_text(render.agreement_pdf(db, w.agreement_id, lang="de", template="mmfd"))
    assert "während der gesamten Vereinbarung" not in de and "bis zum" in de
    # The print check warns, naming the field in the user's words; the window and the command line say it.
    check = db.print_checks([w.agreement_id])[w.agreement_id]
    assert check.reprint and not check.refused
    assert "copy of the signed agreement" in check.warning()
    assert "• Insurance expiry: The accident insurance expires on" in check.warning()
    code, out, err = cli(db, "print", "agreement", str(w.agreement_id), "-o", str(tmp_path / "a.pdf"))
    assert code == 0, err
    assert "Insurance expiry: The accident insurance expires on" in out + err
    assert (tmp_path / "a.pdf").exists()
