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
from vetdesk.services import clauses, records
from vetdesk.services.office import Office
from vetdesk.storage.models import AuditEntry, LearningAgreement

TODAY = date.today()


def _sign(db: Office, agreement_id: int, on: date) -> None:
    db.print_for_signature([agreement_id], language="es")
    records.update(db, "agreements", agreement_id,
                   {"status": "signed"} | f.signature_values(db, agreement_id, signed_on=on), accept_warnings=True)


def test_a_signed_agreements_reprint_is_a_copy_never_a_document_to_sign(db: Office, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
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
    assert "Sie ist kein Dokument zur Unterschrift." in de
    # Signed in Spanish, its German copy is a translation (issue 23, trial 23e): marked so on every page.
    assert "ÜBERSETZUNG" in de and de.count("Übersetzung — nicht gültig zur Unterschrift") == de.count("Gedruckt am")
    # Its printing is recorded as a copy's, not as a printing for signature.
    db.print_for_signature([w.agreement_id], language="es")
    with db.reader() as session:
        operations = list(session.scalars(select(AuditEntry.operation).where(
            AuditEntry.kind == "agreements", AuditEntry.record_id == w.agreement_id, AuditEntry.action == "print")
            .order_by(AuditEntry.id)))
    assert operations == ["Print agreement for signature", "Print a copy of the signed agreement"]
    # vetdesk print (on SQLite, its plain way) prints the copy alike, in the language signed (the messages' English
    # is not the document's), and records it alike.
    code, _out, err = cli(db, "print", "agreement", str(w.agreement_id), "-o", str(tmp_path / "c.pdf"))
    assert code == 0, err
    copy = pdf_text(tmp_path / "c.pdf")
    assert f"Copia — firmado el {es_day}" in copy and "Traducción" not in copy
    with db.reader() as session:
        last = session.scalars(select(AuditEntry.operation).where(
            AuditEntry.kind == "agreements", AuditEntry.record_id == w.agreement_id, AuditEntry.action == "print")
            .order_by(AuditEntry.id.desc())).first()
    assert last == "Print a copy of the signed agreement"


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
    assert "durante todo el convenio." not in es.split("4. Seguros")[1].split("5. ")[0]
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


def test_every_document_shows_its_print_date_and_text_version_and_a_collaboration_printing_is_recorded(
        db: Office, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The collaboration agreement printed no date or version, and its printing was not in its history; the
    documents whose text the office does not edit printed no text version."""
    from vetdesk import __version__

    school = f.make_school(db, name="CONALEP Querétaro II", address="Av. Universidad 250, Querétaro")
    liaison = records.create(db, "tutors", {"school_id": school, "name": "Ing. Pablo Soto", "role": "director"}).id
    company = f.make_company(db, name="Frenos del Bajío", legal_representative="Ana Ruiz Ortega")
    coordinator = records.create(db, "coordinators", {"name": "Lic. Karla Méndez"}).id
    collaboration = records.create(db, "collaborations", {
        "school_id": school, "company_id": company, "start_date": date(2026, 1, 10), "school_signatory_id": liaison,
        "coordinator_id": coordinator, "place_of_signing": "Querétaro"}).id
    for lang, printed, version in (("es", "Impreso el", "Texto: versión de fábrica"),
                                   ("en", "Printed on", "Text: shipped version")):
        target = tmp_path / f"c-{lang}.pdf"
        code, _out, err = cli(db, "print", "collaboration", str(collaboration), "-o", str(target), "--lang", lang)
        assert code == 0, err
        text = pdf_text(target)
        day = translator(lang).format_date(TODAY, "medium")
        pages = len(__import__("pypdf").PdfReader(target).pages)
        digest = clauses.current(db, "collaboration", lang).digest  # the office's text of its clauses
        assert text.count(f"{printed} {day} · {version} ({digest})") == pages >= 2, lang
    entries = [e for e in db.history("collaborations", collaboration) if e["action"] == "print"]
    assert [e["changes"]["after"]["language"] for e in entries] == ["es", "en"]
    assert [e["changes"]["after"]["text_version"] for e in entries] == [
        clauses.current(db, "collaboration", lang).label for lang in ("es", "en")]
    assert records.get(db, "collaborations", collaboration)["status"] == "printed"
    # A progress report (text the office does not edit) shows the version too, in Spanish and German.
    w = make_world(db, minor=False, positions=2, rated=True, status="active")
    for lang, version in (("es", "Texto de"), ("de", "Text von")):
        text = pdf_text(render.progress_pdf(db, agreement_id=w.agreement_id, lang=lang))
        assert f"{version} vetdesk {__version__}" in text, lang


def _mail_text(db: Office, agreement_id: int, language: str) -> tuple[str, list[str]]:
    from vetdesk.services import mail

    draft = mail.agreement_draft(db, agreement_id, "reporte.pdf", b"%PDF-1.4")
    msg = mail.message(db, draft, document="Reporte de avance", language=language)
    body = msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    return body, [r.email for r in draft.recipients]


def test_an_email_greets_by_the_recipients_sex_or_neutrally_and_speaks_to_several_in_the_plural(
        db: Office, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """"Estimado(a)" greeted everyone, and "Le enviamos" was written to three recipients at once."""
    import email
    from email import policy

    w = make_world(db, minor=True, positions=2, rated=True, status="active")  # the guardian is the mother
    records.update(db, "apprentices", w.apprentice_id, {"guardian_email": "rosa@example.mx"}, accept_warnings=True)
    records.update(db, "companies", w.company_id, {"contact_email": None}, accept_warnings=True)
    for language, greeting, sent in (("es", "Estimada Sra. Núñez Pérez:", "Le enviamos adjunto"),
                                     ("de", "Sehr geehrte Frau Núñez Pérez,", "anbei erhalten Sie"),
                                     ("pt", "Prezada Sra. Núñez Pérez,", "Segue em anexo"),
                                     ("en", "Dear Ms Núñez Pérez,", "Please find attached")):  # one form in all four
        body, to = _mail_text(db, w.agreement_id, language)
        assert to == ["rosa@example.mx"] and greeting in body and sent in body, (language, body)
        assert "(a)" not in body and "Les enviamos" not in body
    # A legal guardian (sex not known) and a second guardian: the family, neutrally, in the plural.
    records.update(db, "apprentices", w.apprentice_id, {
        "guardian_relation": "legal_guardian", "guardian2_name": "Pedro Núñez Ruiz", "guardian2_relation": "father",
        "guardian2_email": "pedro@example.mx", "guardian2_address": "Calle 5 de Mayo 12, Puebla",
        "guardian2_id_document": "INE 99887766"}, accept_warnings=True)
    apprentice = records.display_names(db, "apprentices", [w.apprentice_id])[w.apprentice_id]
    body, to = _mail_text(db, w.agreement_id, "es")
    assert to == ["rosa@example.mx", "pedro@example.mx"]
    assert "Estimada familia de " in body and "Les enviamos adjunto" in body and "Estimado" not in body
    assert apprentice.split()[0] in body.split("Estimada familia de ")[1].splitlines()[0]
    body, _to = _mail_text(db, w.agreement_id, "pt")
    assert "Prezada família de " in body
    # To the family, the school and the company at once (the command line's draft): neutral and plural.
    records.update(db, "companies", w.company_id, {"contact_email": "rh@schaefer.example.mx"}, accept_warnings=True)
    eml = tmp_path / "r.eml"
    code, _out, err = cli(db, "print", "progress", str(w.apprentice_id), "-o", str(tmp_path / "r.pdf"),
                          "--email-draft", str(eml), "--lang", "es")
    assert code == 0, err
    msg = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    body = msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert len(msg["To"].addresses) == 3 and "Buen día:" in body and "Les enviamos adjunto" in body, body
    # An adult apprentice who is a woman receives it alone: by her sex.
    adult = make_world(db, minor=False, positions=2, rated=True, status="active", long_names=True)  # sex M
    records.update(db, "apprentices", adult.apprentice_id, {"email": "ana@example.mx"}, accept_warnings=True)
    records.update(db, "companies", adult.company_id, {"contact_email": None}, accept_warnings=True)
    body, to = _mail_text(db, adult.agreement_id, "es")
    assert to == ["ana@example.mx"] and "Estimada Sra. Núñez Ibáñez:" in body, body  # the surnames recorded


def test_an_mmfd_agreement_without_a_school_is_not_printed_for_signature(db: Office, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """It printed the school's duties and days at school with no school to sign them (trial 23)."""
    agreement = f.make_agreement(db, school_id=None, company_days=5, school_days=0)
    target = tmp_path / "a.pdf"
    code, _out, err = cli(db, "print", "agreement", str(agreement), "-o", str(target))
    assert code != 0 and not target.exists()
    assert "School: The learning agreement of the Mexican Dual Training Model (MMFD) is made with the school" in err
    assert "Choose the school on the agreement (School)" in err and "school_id" not in err
    assert records.get(db, "agreements", agreement)["status"] == "draft"
    check = db.print_checks([agreement])[agreement]
    assert check.refused and "• School: The learning agreement of the Mexican Dual Training Model" in check.refusal()
    # The AHK contract needs no school: printed for signature.
    code, _out, err = cli(db, "print", "agreement", str(agreement), "-o", str(target), "--template", "bbig")
    assert code == 0, err
    assert "No school is party to this contract" in pdf_text(target)
