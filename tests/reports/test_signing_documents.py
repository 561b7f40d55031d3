"""Documents an office signs and sends (issue 23), read back from the PDF in Spanish and another language:
refusals before any file is opened, values in the document's language, guardians, sex, paper, the print record,
the office's own text, e-mail drafts and the signed certificate."""

from __future__ import annotations

import email
import os
import stat
from datetime import timedelta
from email import policy
from pathlib import Path

import pdfplumber
import pypdf
import pytest

from tests.reports.conftest import END, START, make_world, pdf_text, prove_all
from vetdesk.domain.problems import RuleViolation
from vetdesk.i18n import translator
from vetdesk.reports import render
from vetdesk.reports.page import text_note
from vetdesk.services import checks, clauses, documents, records
from vetdesk.services.office import Office
from vetdesk.storage.engine import Database


def _cli(db: Database, *args: str) -> int:
    from vetdesk.commands import main

    return main(["--db", db.url, *args])


# -- 1, 2: refused before any file is opened; check and the print say the same -----------------------------

def test_printing_for_signature_refuses_a_contract_that_contradicts_itself(sqlite_db: Database, tmp_path: Path,
                                                                           capsys: pytest.CaptureFixture[str]
                                                                           ) -> None:
    w = make_world(sqlite_db, minor=True, positions=2, rated=False, status="draft")
    records.update(sqlite_db, "agreements", w.agreement_id, {
        "insurance_expiry": (END - timedelta(days=80)).isoformat(), "holiday_days": 2}, accept_warnings=True)
    records.update(sqlite_db, "companies", w.company_id, {"legal_representative": None}, accept_warnings=True)
    target = tmp_path / "agreement.pdf"
    assert _cli(sqlite_db, "print", "agreement", str(w.agreement_id), "-o", str(target)) == 1
    err = capsys.readouterr().err
    assert not [p for p in tmp_path.iterdir() if "agreement" in p.name]  # refused before any file was made
    # the agreement's fields in the officer's words (the print check names each by its form label, one bullet
    # each); the company's representative, not a field of this command, in words alone
    assert "company.legal_representative" not in err and err.count("\u2022") >= 3, err
    assert "Vencimiento del seguro" in err or "Insurance expiry" in err
    assert "representante legal de la empresa" in err or "company's legal representative" in err
    # vetdesk check reports the same problems, with the same words
    found = [f for f in checks.check_database(sqlite_db) if f.record_id == w.agreement_id and f.kind == "agreements"]
    assert {"contract.insurance_term", "contract.holidays", "contract.representative"} <= {
        f.problem.code for f in found}
    assert records.get(sqlite_db, "agreements", w.agreement_id)["status"] == "draft"


def test_a_signed_agreement_is_reprinted_as_signed(sqlite_db: Database) -> None:
    w = make_world(sqlite_db, minor=False, positions=2, rated=False)  # active
    records.update(sqlite_db, "apprentices", w.apprentice_id, {"address": None}, accept_warnings=True)
    assert pdf_text(render.agreement_pdf(sqlite_db, w.agreement_id, lang="es"))  # not refused


def test_missing_parties_are_refused_not_printed_as_not_recorded(sqlite_db: Database) -> None:
    w = make_world(sqlite_db, minor=False, positions=2, rated=False, status="draft")
    records.update(sqlite_db, "apprentices", w.apprentice_id, {"address": None}, accept_warnings=True)
    with pytest.raises(RuleViolation) as caught:
        render.agreement_pdf(sqlite_db, w.agreement_id, lang="es")
    assert [p.field for p in caught.value.errors] == ["apprentice.address"]
    records.update(sqlite_db, "apprentices", w.apprentice_id, {"address": "Calle 3"}, accept_warnings=True)
    text = pdf_text(render.agreement_pdf(sqlite_db, w.agreement_id, lang="es"))
    assert translator("es").gettext("not recorded") not in text


# -- 2, 3, 6: two guardians, values in the document's language, wording by sex ---------------------------

@pytest.fixture
def two_guardians(sqlite_db: Database) -> tuple[Database, int]:
    w = make_world(sqlite_db, minor=True, positions=2, rated=False, status="draft", long_names=True)  # a woman
    records.update(sqlite_db, "apprentices", w.apprentice_id, {
        "guardian2_name": "Luis Ibáñez Soto", "guardian2_relation": "padre", "guardian2_address": "Av. Juárez 5",
        "guardian2_id_document": "INE 998877"}, accept_warnings=True)
    return sqlite_db, w.agreement_id


def test_two_guardians_with_address_and_id_in_spanish_and_german(two_guardians: tuple[Database, int]) -> None:
    db, agreement_id = two_guardians
    es = pdf_text(render.agreement_pdf(db, agreement_id, lang="es", template="both"))
    de = pdf_text(render.agreement_pdf(db, agreement_id, lang="de", template="both"))
    for text in (es, de):
        for value in ("Rosa Núñez Pérez", "INE 123456", "Luis Ibáñez Soto", "Av. Juárez 5", "INE 998877"):
            assert value in text, value
    assert "madre" in es and "padre" in es
    assert "Mutter" in de and "Vater" in de
    # no Spanish inside the German contract: relation, weekly pattern, overtime
    for spanish in ("madre", "padre", "días en la empresa", "No se permiten horas extra", "al mes"):
        assert spanish not in de, spanish
    assert "Überstunden sind nicht zulässig" in de
    assert de.count("Tage pro Woche im Betrieb: 4") == 2  # once in each of the two layouts, not twice in one
    # the apprentice is a woman: never "El aprendiz" / "Der Auszubildende" as her role
    assert "La aprendiz" in es and "El aprendiz" not in es
    assert "Die Auszubildende" in de and "Der Auszubildende" not in de


def test_the_english_contract_states_the_pattern_once(two_guardians: tuple[Database, int]) -> None:
    db, agreement_id = two_guardians
    en = pdf_text(render.agreement_pdf(db, agreement_id, lang="en", template="mmfd"))
    assert en.count("Days a week at the company: 4") == 1 and "días" not in en


def test_the_stipend_in_words_and_by_training_year(sqlite_db: Database) -> None:
    w = make_world(sqlite_db, minor=False, positions=2, rated=False, status="draft", templates="bbig")
    es = pdf_text(render.agreement_pdf(sqlite_db, w.agreement_id, lang="es"))
    assert "cuatro mil quinientos pesos 50/100 M.N." in es
    assert "año de formación 2:" in es and "$5,000.00" in es
    de = pdf_text(render.agreement_pdf(sqlite_db, w.agreement_id, lang="de"))
    assert "viertausendfünfhundert mexikanische Pesos 50/100" in de


# -- 4: only the instructor's or tutor's rating proves -------------------------------------------------

def test_a_self_rating_after_the_instructor_proves_nothing(sqlite_db: Database) -> None:
    w = make_world(sqlite_db, minor=False, positions=2, rated=False)
    code = sorted(w.competency_ids)[0]
    on = START + timedelta(days=40)
    for role, level, day in (("instructor", 3, on), ("self", 1, on + timedelta(days=5))):
        records.create(sqlite_db, "assessments", {"agreement_id": w.agreement_id, "competency_id":
                                                   w.competency_ids[code], "assessed_on": day.isoformat(),
                                                   "level": level, "rater_role": role}, accept_warnings=True)
    doc = documents.progress_document(sqlite_db, agreement_id=w.agreement_id)
    row = next(c for c in doc.competencies if c.code == code)
    assert row.reached and row.level == 3 and row.rater_role == "instructor" and row.self_level == 1
    assert doc.reached == 1
    es = pdf_text(render.progress_pdf(sqlite_db, agreement_id=w.agreement_id, lang="es"))
    assert "por: instructor" in es and "autoevaluación: 1" in es
    de = pdf_text(render.progress_pdf(sqlite_db, agreement_id=w.agreement_id, lang="de"))
    assert "Selbsteinschätzung: 1" in de and "Verfasst von" in de  # the author column is no "Von"


# -- 5: reports say what the agreement is ----------------------------------------------------------------

def test_a_terminated_agreement_reports_up_to_its_termination(sqlite_db: Database) -> None:
    w = make_world(sqlite_db, minor=False, positions=2)
    ended = START + timedelta(days=60)
    records.update(sqlite_db, "agreements", w.agreement_id, {"status": "terminated", "terminated_on":
                                                            ended.isoformat(), "termination_reason": "Cambio de"
                                                            " ciudad"}, accept_warnings=True)
    doc = documents.progress_document(sqlite_db, agreement_id=w.agreement_id)
    assert doc.period_end == ended and doc.timeline[-1].on == ended
    es = pdf_text(render.progress_pdf(sqlite_db, agreement_id=w.agreement_id, lang="es"))
    assert "se rescindió el" in es and "Cambio de ciudad" in es


def test_a_draft_has_no_progress_report_and_batches_skip_it(sqlite_db: Database, tmp_path: Path) -> None:
    draft = make_world(sqlite_db, minor=False, positions=2, rated=False, status="draft")
    active = make_world(sqlite_db, minor=False, positions=2)
    with pytest.raises(RuleViolation) as caught:
        documents.progress_document(sqlite_db, agreement_id=draft.agreement_id)
    assert caught.value.errors[0].code == "print.not_started"
    assert _cli(sqlite_db, "print", "batch", "progress", "-o", str(tmp_path / "out")) == 0
    # Named in the document's language (Spanish, the batch's default).
    assert [p.name for p in (tmp_path / "out").iterdir()] == [f"reporte-de-avance-{active.reference}.pdf"]


def test_a_certificate_needs_every_competency_proven(sqlite_db: Database) -> None:
    w = make_world(sqlite_db, minor=False, positions=2)
    records.update(sqlite_db, "agreements", w.agreement_id, {"status": "completed"}, accept_warnings=True)
    with pytest.raises(RuleViolation) as caught:
        documents.certificate_document(sqlite_db, w.agreement_id)
    assert caught.value.errors[0].code == "print.not_proven"


# -- 7, 9, 10: paper, permissions, the print record ----------------------------------------------------------

def test_letter_by_default_a4_as_an_option_and_shared_permissions(sqlite_db: Database, tmp_path: Path) -> None:
    w = make_world(sqlite_db, minor=False, positions=2, rated=False, status="draft")
    letter, a4 = tmp_path / "letter.pdf", tmp_path / "a4.pdf"
    assert _cli(sqlite_db, "print", "agreement", str(w.agreement_id), "-o", str(letter)) == 0
    assert _cli(sqlite_db, "print", "agreement", str(w.agreement_id), "-o", str(a4), "--paper", "a4") == 0
    box = pypdf.PdfReader(letter).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    box = pypdf.PdfReader(a4).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    mask = os.umask(0o022)
    os.umask(mask)
    assert stat.S_IMODE(letter.stat().st_mode) == 0o666 & ~mask  # not mkstemp's 0600
    # nothing printed outside the page's content box, on Letter's shorter page
    with pdfplumber.open(letter) as pdf:
        for page in pdf.pages:
            assert all(0 < c["x0"] and c["x1"] < page.width and c["bottom"] < page.height for c in page.chars)


def test_every_printing_is_in_the_history_and_on_the_page(sqlite_db: Database, tmp_path: Path) -> None:
    w = make_world(sqlite_db, minor=False, positions=2, rated=False, status="draft")
    for _ in range(2):  # the first print and a reprint
        assert _cli(sqlite_db, "print", "agreement", str(w.agreement_id), "-o", str(tmp_path / "a.pdf")) == 0
    prints = [e for e in records.history(sqlite_db, "agreements", w.agreement_id) if e["action"] == "print"]
    assert len(prints) == 2 and prints[0]["changes"]["after"]["text_version"].startswith("agreement/es v0 (")
    reader = pypdf.PdfReader(tmp_path / "a.pdf")
    footer = reader.pages[0].extract_text()
    assert "Impreso el" in footer and "Texto: versión de fábrica (" in footer and "agreement/" not in footer


# -- the office's own text --------------------------------------------------------------------------------

def test_an_edited_clause_prints_with_its_version_and_a_broken_one_is_refused(sqlite_db: Database) -> None:
    w = make_world(sqlite_db, minor=False, positions=2, rated=False, status="draft")
    body = clauses.shipped("agreement", "es").replace(
        "## Jurisdicción", "## Jurisdicción\nCualquier controversia se resolverá primero por mediación de la cámara.")
    saved = clauses.save(sqlite_db, "agreement", "es", body)
    assert saved.version == 1
    es = pdf_text(render.agreement_pdf(sqlite_db, w.agreement_id, lang="es"))
    assert "primero por mediación de la cámara" in es and text_note(translator("es"), saved.text) in es
    de = pdf_text(render.agreement_pdf(sqlite_db, w.agreement_id, lang="de", template="mmfd"))
    assert "mediación" not in de and "Gerichtsstand" in de  # each language has its own text
    with pytest.raises(RuleViolation) as caught:
        clauses.save(sqlite_db, "agreement", "es", "# Título\n\n{{ place | sin_filtro }}\nmás texto\n")
    assert caught.value.errors[0].message.startswith(
        "Line 3 of the office's text: there is no filter named \u201csin_filtro\u201d")
    with pytest.raises(RuleViolation) as caught:
        clauses.save(sqlite_db, "agreement", "es", "# Título\n{{ apprentice.nombre }}", sample={"apprentice": {}})
    assert "2" in caught.value.errors[0].message
    assert clauses.current(sqlite_db, "agreement", "es").version == 1  # nothing written on refusal
    clauses.reset(sqlite_db, "agreement", "es")
    assert clauses.current(sqlite_db, "agreement", "es").body == clauses.shipped("agreement", "es")
    assert [v.version for v in clauses.versions(sqlite_db, "agreement", "es")] == [2, 1, 0]


def test_a_text_that_fails_at_print_time_prints_nothing(sqlite_db: Database, tmp_path: Path) -> None:
    from vetdesk.storage.models import ClauseTemplate

    w = make_world(sqlite_db, minor=False, positions=2, rated=False, status="draft")
    with sqlite_db.writer() as session:  # saved by an older vetdesk, or by hand: the name no longer exists
        session.add(ClauseTemplate(document="agreement", language="es", version=1, body="Hola\n{{ nadie.x }}",
                                   saved_at=START, saved_by="x"))
        session.commit()
    target = tmp_path / "a.pdf"
    assert _cli(sqlite_db, "print", "agreement", str(w.agreement_id), "-o", str(target)) == 1
    assert not target.exists()


def test_the_sandbox_keeps_python_out_of_reach() -> None:
    problems = clauses.template_problems("{{ g.__globals__ }}", {"g": clauses.by_sex("H")})
    assert problems and "\u201c__globals__\u201d is not allowed in an office text" in problems[0].message


# -- e-mail drafts --------------------------------------------------------------------------------------

def test_an_email_draft_opens_as_a_draft_with_the_pdf(sqlite_db: Database, tmp_path: Path) -> None:
    w = make_world(sqlite_db, minor=True, positions=2)
    records.update(sqlite_db, "apprentices", w.apprentice_id, {"guardian_email": "rosa@example.mx"},
                   accept_warnings=True)
    records.update(sqlite_db, "schools", w.school_id, {"email": "vinculacion@conalep.example.mx",
                                                       "liaison_name": "Isaac Sánchez Torres"}, accept_warnings=True)
    records.update(sqlite_db, "companies", w.company_id, {"contact_name": "Alondra Ruiz López"},
                   accept_warnings=True)
    records.update(sqlite_db, "apprentices", w.apprentice_id, {
        "given_names": "Joaquín", "first_surname": "González", "second_surname": "Pérez"}, accept_warnings=True)
    pdf, eml = tmp_path / "p.pdf", tmp_path / "p.eml"
    assert _cli(sqlite_db, "print", "progress", str(w.apprentice_id), "-o", str(pdf), "--email-draft",
                str(eml)) == 0
    msg = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert msg["X-Unsent"] == "1"
    # Three addresses a mail program reads as three (a separator encoded beside an accented name lost the last).
    assert [a.addr_spec for a in msg["To"].addresses] == [
        "rosa@example.mx", "vinculacion@conalep.example.mx", "rh@schaefer.example.mx"]
    assert not any("=?" in a.display_name for a in msg["To"].addresses)
    assert "Reporte de avance" in msg["Subject"] and w.reference in msg["Subject"]
    # The apprentice's name whole, spaces and accents kept (a folded subject once read "JoaquínGonzález").
    shown = records.display_names(sqlite_db, "apprentices", [w.apprentice_id])[w.apprentice_id]
    assert shown in msg["Subject"], (shown, msg["Subject"])
    (attachment,) = list(msg.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content() == pdf.read_bytes()
    # Three recipients: spoken to in the plural (doc23c), greeted neutrally.
    assert "Buen día:\r\n\r\nLes enviamos adjunto" in msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def test_a_batch_writes_one_draft_per_recipient(sqlite_db: Database, tmp_path: Path) -> None:
    first = make_world(sqlite_db, minor=False, positions=2)
    second = make_world(sqlite_db, minor=False, positions=2)
    for i, w in enumerate((first, second)):
        records.update(sqlite_db, "apprentices", w.apprentice_id, {"email": f"a{i}@example.mx"},
                       accept_warnings=True)
    drafts = tmp_path / "drafts"
    assert _cli(sqlite_db, "print", "batch", "progress", "-o", str(tmp_path / "pdf"), "--processes", "1",
                "--email-drafts", str(drafts)) == 0
    by_name = {p.name: email.message_from_bytes(p.read_bytes(), policy=policy.default)
               for p in drafts.iterdir()}
    assert set(by_name) == {"a0_example.mx.eml", "a1_example.mx.eml", "rh_schaefer.example.mx.eml"}
    # each family gets its own apprentice's report only; the company contact gets both
    assert len(list(by_name["a0_example.mx.eml"].iter_attachments())) == 1
    assert len(list(by_name["rh_schaefer.example.mx.eml"].iter_attachments())) == 2


# -- the signed certificate ------------------------------------------------------------------------------

def test_vetdesk_verify_accepts_a_printed_certificate_and_refuses_a_changed_name(
        sqlite_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from dataclasses import replace

    from vetdesk.reports import certificate as certificate_report
    from vetdesk.services import signing

    w = make_world(sqlite_db, minor=False, positions=2)
    prove_all(sqlite_db, w.agreement_id)
    records.update(sqlite_db, "agreements", w.agreement_id, {"status": "completed"}, accept_warnings=True)
    target = tmp_path / "certificate.pdf"
    assert _cli(sqlite_db, "print", "certificate", str(w.agreement_id), "-o", str(target)) == 0
    capsys.readouterr()
    assert _cli(sqlite_db, "verify", str(target), "--curp", w.curp) == 0
    out = capsys.readouterr().err  # what a command says goes to stderr (stdout is for --json)
    assert w.full_name in out and w.reference in out and w.curp not in out
    signed = str(pypdf.PdfReader(target).metadata["/Keywords"])  # type: ignore[index]
    assert w.curp not in signing._unb64(signed.split(".")[1]).decode()  # no CURP in clear
    assert _cli(sqlite_db, "verify", signed) == 0  # the text a QR scanner reads
    # the same signed text on a page with another name: refused
    doc = replace(documents.certificate_document(sqlite_db, w.agreement_id), signed=signed)
    forged = replace(doc, apprentice=replace(doc.apprentice, full_name="Juana Pérez López"))
    (tmp_path / "forged.pdf").write_bytes(certificate_report.build(forged, translator("es")))
    assert _cli(sqlite_db, "verify", str(tmp_path / "forged.pdf")) == 1
    err = capsys.readouterr().err
    assert "se modificó" in err or "was changed after it was signed" in err
    # a changed name inside the signed text: the signature no longer matches
    payload = signing._unb64(signed.split(".")[1]).decode().replace(w.full_name, "Juana Pérez López")
    tampered = ".".join((signing.PREFIX, signing._b64(payload.encode()), signed.split(".")[2]))
    with pytest.raises(RuleViolation) as caught:
        signing.verify_text(sqlite_db, tampered)
    assert caught.value.errors[0].code == "verify.signature"
    assert _cli(sqlite_db, "verify", str(target), "--curp", "XXXX000000HDFXXX00") == 1


def test_the_signing_key_is_created_once_and_kept(sqlite_db: Database) -> None:
    from vetdesk.services import signing

    first = signing.office_key(sqlite_db)
    assert signing.office_key(Office.of(sqlite_db)) == first
    assert list(signing.public_keys(sqlite_db)) == [first[0]]


def test_an_email_draft_s_recipients_and_subject_read_back_whole_at_any_length(sqlite_db: Database) -> None:
    """Python folds long headers between encoded words: at some lengths it dropped the space between two words of a
    name ("JoaquínGonzález") or encoded the comma between two addresses (the last one was lost). Every length of
    name reads back as written."""
    from email import message_from_bytes

    from vetdesk.services import mail

    w = make_world(sqlite_db, minor=False, positions=2)
    for extra in range(0, 60, 3):
        apprentice = "Joaquín " + ("Ñ" * extra + " " if extra else "") + "González Pérez"
        people = [mail.Recipient("Isaac Sánchez Torres" + " é" * (extra % 7), "vinculacion@conalep.example.mx",
                                 "school"),
                  mail.Recipient("Alondra Ruiz López", "rh@schaefer.example.mx", "company")]
        item = mail.Attachment("a.pdf", b"%PDF-1.4", w.agreement_id, "CA-2026-000008", apprentice, "Frenos S.A.")
        msg = mail.message(sqlite_db, mail.Draft(people, [item]), document="Convenio de aprendizaje", language="es")
        back = message_from_bytes(bytes(msg), policy=policy.default)
        assert [(a.display_name, a.addr_spec) for a in back["To"].addresses] == [(p.name, p.email) for p in people]
        assert apprentice in str(back["Subject"]), (extra, str(back["Subject"]))


def test_a_batch_names_at_the_end_who_got_no_draft_and_why(sqlite_db: Database, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 23, a new user's re-trial: a family without an e-mail address was skipped without a word."""
    first = make_world(sqlite_db, minor=False, positions=2)
    second = make_world(sqlite_db, minor=False, positions=2)
    records.update(sqlite_db, "apprentices", first.apprentice_id, {"email": "a0@example.mx"}, accept_warnings=True)
    drafts = tmp_path / "drafts"
    capsys.readouterr()
    assert _cli(sqlite_db, "--lang", "en", "print", "batch", "progress", "-o", str(tmp_path / "pdf"),
                "--processes", "1", "--email-drafts", str(drafts)) == 0
    said = capsys.readouterr().err
    assert {p.name for p in drafts.iterdir()} == {"a0_example.mx.eml", "rh_schaefer.example.mx.eml"}
    tail = said[said.index("Left out of the e-mail drafts:"):]  # at the end, after what was written
    assert "e-mail drafts written" not in tail
    lines = [line.strip() for line in tail.splitlines()[1:] if line.strip()]
    # the second family by name and reference, and why; the school (no e-mail) with both documents
    assert any(second.full_name in line and second.reference in line and "no e-mail address of the apprentice"
               in line for line in lines), lines
    assert not any(f"({first.reference})" in line for line in lines), lines  # the first family has its address
    assert any(line.startswith("School CONALEP Plantel Querétaro II") and first.reference in line
               and second.reference in line and "2 documents" in line for line in lines), lines
    # the family that has an address got its report
    (family,) = [p for p in drafts.iterdir() if p.name.startswith("a0")]
    msg = email.message_from_bytes(family.read_bytes(), policy=policy.default)
    assert [a.get_filename() for a in msg.iter_attachments()] and first.reference in msg["Subject"]


def test_a_batch_names_the_reports_refused_among_those_left_out(sqlite_db: Database, tmp_path: Path) -> None:
    from vetdesk.services import mail

    w = make_world(sqlite_db, minor=False, positions=2)
    pdf = render.progress_pdf(sqlite_db, agreement_id=w.agreement_id, lang="en")
    item = mail.attachment(sqlite_db, w.agreement_id, "p.pdf", pdf)
    done = mail.batch_drafts(sqlite_db, [item], tmp_path / "d", document="Progress report", language="en",
                             refused=[("LA-2026-999999", "Agreement LA-2026-999999 is a draft.")])
    assert [p.name for p in done.written] == ["rh_schaefer.example.mx.eml"]
    assert done.left_out[-1] == ("LA-2026-999999: not printed, so not e-mailed: Agreement LA-2026-999999 is a "
                                 "draft.")
