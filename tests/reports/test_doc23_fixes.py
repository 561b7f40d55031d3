"""Issue 23, new users' re-trials of the documents an office signs and sends: each defect read back from the
printed PDF or the written e-mail."""

from __future__ import annotations

import email
import re
from datetime import date
from email import policy
from pathlib import Path

import pytest

from tests import factories as f
from tests.reports.conftest import make_world, pdf_text
from vetdesk.i18n import translator
from vetdesk.reports import render
from vetdesk.services import mail, records
from vetdesk.storage.engine import Database


def _footers(pdf: bytes) -> list[str]:
    """The footer of each page (the strip under its rule: kind and reference, page X of Y, the printing's
    record), read from the page's bottom."""
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [page.crop((0, page.height - 14 * 72 / 25.4, page.width, page.height)).extract_text() or ""
                for page in doc.pages]


# -- 9: the footer's date with its full year ----------------------------------------------------------------

@pytest.mark.parametrize("lang", ["es", "de", "en"])
def test_every_footer_prints_the_date_with_its_full_year(sqlite_db: Database, lang: str) -> None:
    w = make_world(sqlite_db, status="completed", positions=2)
    t = translator(lang)
    today = date.today()
    # "03/12/26", "03.12.26" (what the footers printed); international English's short date has the full year
    two_digits = t.format_date(today, "short")
    assert (str(today.year) in two_digits) == (lang == "en")
    pdfs = {"agreement": render.agreement_pdf(sqlite_db, w.agreement_id, lang=lang),
            "progress": render.progress_pdf(sqlite_db, agreement_id=w.agreement_id, lang=lang),
            "form": render.form_pdf(sqlite_db, w.apprentice_id, lang=lang)}
    for name, pdf in pdfs.items():
        for footer in _footers(pdf):
            assert t.gettext("Printed on {date}").format(date=t.format_date(today, "medium")) in footer, (
                name, footer)
            assert lang == "en" or two_digits not in footer, (name, footer)
            assert re.search(rf"\b{today.year}\b", footer), (name, footer)


# -- 7: a name ending in "C.V." ends the sentence with one period --------------------------------------------

@pytest.mark.parametrize("lang", ["es", "de", "en", "pt"])
def test_a_name_ending_in_an_abbreviation_takes_no_second_period(sqlite_db: Database, tmp_path: Path,
                                                                  lang: str) -> None:
    # (named so before it goes out for signature: a signed copy names the school as it signed, trial 23p)
    w = make_world(sqlite_db, minor=False, positions=2, status="draft")
    records.update(sqlite_db, "schools", w.school_id, {"name": "Instituto Técnico del Bajío, A.C."},
                   accept_warnings=True)
    records.update(sqlite_db, "apprentices", w.apprentice_id, {"email": "jose@example.mx"}, accept_warnings=True)
    # the BBiG contract ends a sentence with the school's name ("… is taught at {school}.")
    text = pdf_text(render.agreement_pdf(sqlite_db, w.agreement_id, lang=lang, template="bbig"))
    assert "A.C." in text and "C.V." in text
    assert ".." not in text.replace("...", "")
    f.activate(sqlite_db, w.agreement_id)
    # the e-mail ends its first sentence with the company's name ("… in dual training at {company}.")
    pdf = render.progress_pdf(sqlite_db, agreement_id=w.agreement_id, lang=lang)
    draft = mail.Draft(mail.recipients(sqlite_db, w.agreement_id),
                       [mail.attachment(sqlite_db, w.agreement_id, "p.pdf", pdf)])
    target = mail.write_draft(sqlite_db, tmp_path / "d.eml", draft, document="Progress report", language=lang)
    body = email.message_from_bytes(target.read_bytes(), policy=policy.default).get_body(("plain",))
    words = body.get_content()  # type: ignore[union-attr]
    assert "S.A. de C.V." in words and "C.V.." not in words, words


# -- 6: the certificate's signatures stay with its closing text; one page stays one page --------------------

def _pages(pdf: bytes) -> list[str]:
    import io

    import pypdf

    return [" ".join((p.extract_text() or "").split()) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize("lang", ["de", "es"])
def test_a_certificate_for_a_long_company_name_stays_on_one_page(sqlite_db: Database, lang: str) -> None:
    w = make_world(sqlite_db, status="completed", long_names=True, positions=4)
    pages = _pages(render.certificate_pdf(sqlite_db, w.agreement_id, lang=lang))
    t = translator(lang)
    assert len(pages) == 1, pages
    for words in (t.gettext("For the company"), t.gettext("For the chamber office"), "Jürgen Müller Peña",
                  t.gettext("Completion certificate")):
        assert words in pages[0]


def test_a_long_certificate_keeps_its_signatures_with_its_closing_lines(sqlite_db: Database) -> None:
    from dataclasses import replace

    from vetdesk.reports import certificate
    from vetdesk.services import documents

    w = make_world(sqlite_db, status="completed", long_names=True, positions=2)
    doc = documents.certificate_document(sqlite_db, w.agreement_id)
    # nine positions gone through (the world's apprentice went through two): more than one page holds
    first = doc.positions[0]
    doc = replace(doc, positions=tuple(replace(first, sequence=n, name=f"Estación {n}: " + first.name.split(": ")[1])
                                       for n in range(1, 10)))
    t = translator("de")
    pages = _pages(certificate.build(doc, t))
    assert len(pages) == 2
    signatures = [i for i, page in enumerate(pages) if t.gettext("For the company") in page]
    closing = t.ngettext("The {total} competency of the programme was proven by a rating of the company "
                         "instructor or the academic tutor.", "All {total} competencies of the programme were "
                         "each proven by a rating of the company instructor or the academic tutor.", doc.total
                         ).format(total=doc.total)[:30]
    assert closing.startswith("Alle")
    said = [i for i, page in enumerate(pages) if closing in page]
    dated = [i for i, page in enumerate(pages) if "Ciudad de México, den" in page]
    assert signatures == said == dated == [1], (signatures, said, dated)
    assert "Estación 9" in pages[0]


# -- 8: the certificate's date is its issue date, stated once ------------------------------------------------

@pytest.mark.parametrize("lang", ["de", "es"])
def test_the_certificate_states_its_issue_date_once(sqlite_db: Database, tmp_path: Path, lang: str) -> None:
    from datetime import timedelta

    from vetdesk.services import signing

    w = make_world(sqlite_db, status="completed", positions=2)
    completed = records.get(sqlite_db, "agreements", w.agreement_id)["completed_on"]
    completed = date.fromisoformat(str(completed)) if completed else None
    issued = date.today() + timedelta(days=9)  # printed another day than the training ended
    pdf = render.certificate_pdf(sqlite_db, w.agreement_id, lang=lang, today=issued)
    (text,) = _pages(pdf)
    t = translator(lang)
    place_and_date = t.gettext("{place}, {date}").format(place="Ciudad de México", date=t.format_date(issued, "long"))
    assert place_and_date in text
    # no second date: none beside each signature, no day of printing in the footer
    assert t.gettext("Date: ____________________").split(":")[0] + ":" not in text
    assert t.gettext("Printed on {date}").split("{")[0].strip() not in text
    assert text.count(t.format_date(issued, "long")) == 1
    assert completed is None or t.format_date(completed, "long") in text  # the end of training, in the sentence
    # the office's signature carries the same issue date
    import io

    import pypdf

    signed = str(pypdf.PdfReader(io.BytesIO(pdf)).metadata["/Keywords"])  # type: ignore[index]
    assert signing.verify_text(sqlite_db, signed).issued == issued.isoformat()


# -- 4: a broken office text is reported with its line, in the user's language -----------------------------

def test_a_broken_office_text_is_refused_with_its_line_in_the_users_language(sqlite_db: Database,
                                                                           tmp_path: Path,
                                                                           capsys: pytest.CaptureFixture[str]
                                                                           ) -> None:
    from vetdesk import i18n
    from vetdesk.commands import main
    from vetdesk.domain.problems import RuleViolation
    from vetdesk.services import clauses
    from vetdesk.storage.models import ClauseTemplate

    w = make_world(sqlite_db, minor=False, positions=2, rated=False, status="draft")
    i18n.set_language("es_MX")
    try:
        with pytest.raises(RuleViolation) as caught:  # saved in the window: refused with its line, in Spanish
            clauses.save(sqlite_db, "agreement", "es", "# Declaraciones\n\nI. {{ compania.name }} declara…\n",
                         sample={"company": {"name": "X"}, "place": "Querétaro"})
        message = caught.value.errors[0].message
        assert message.startswith("Línea 3 del texto de la oficina:"), message
        # The name, and the names it can use (those of the built-in samples every text is checked against).
        assert "«compania»" in message and "company, contract, end" in message and "place" in message
        assert "is undefined" not in message and "undefined" not in message
        with pytest.raises(RuleViolation) as caught:
            clauses.save(sqlite_db, "agreement", "es", "Uno\n{% if minor %}\nDos\n")
        message = caught.value.errors[0].message
        assert message.startswith("Línea 2 del texto de la oficina:") and "{% endif %}" in message, message
        assert "Unexpected end of template" not in message and "Jinja" not in message
    finally:
        i18n.set_language("en")
    assert clauses.current(sqlite_db, "agreement", "es").version == 0  # nothing saved
    # a text saved before (or by hand) that fails when printed: refused at print time, its line, in German
    with sqlite_db.writer() as session:
        session.add(ClauseTemplate(document="agreement", language="de", version=1, saved_at=date(2026, 1, 5),
                                   saved_by="x", body="# Erklärungen\n\nDer Betrieb\n{{ company.nombre }} erklärt"))
        session.commit()
    target = tmp_path / "a.pdf"
    capsys.readouterr()
    assert main(["--db", sqlite_db.url, "--lang", "de", "print", "agreement", str(w.agreement_id), "-o",
                 str(target)]) == 1
    said = capsys.readouterr().err
    assert not target.exists()
    assert "Zeile 4 des Bürotexts" in said and "„nombre“" in said, said
    assert "has no attribute" not in said and "clauses:" not in said and "dict object" not in said, said


# -- 2: German documents word a person by the recorded sex, neutrally where none is recorded ------------------

#: Forms no German document prints: slashes and brackets, and the masculine for everyone.
_SLASHED = re.compile(r"\((?:r|n|in|e)\)|der/des|die/den|zur/zum|ihr/ihm|sie/er|/in\b|in / |Ausbilder\b|"
                      r"Ausbilders\b|Berufsbildungsreferent\(in\)")


def test_german_documents_word_a_woman_apprentice_as_a_woman_and_the_others_neutrally(sqlite_db: Database) -> None:
    w = make_world(sqlite_db, status="completed", long_names=True, positions=2)  # María Guadalupe …, sex M
    assert records.get(sqlite_db, "apprentices", w.apprentice_id)["sex"] == "M"
    texts = {"mmfd": pdf_text(render.agreement_pdf(sqlite_db, w.agreement_id, lang="de", template="mmfd")),
             "bbig": pdf_text(render.agreement_pdf(sqlite_db, w.agreement_id, lang="de", template="bbig")),
             "progress": pdf_text(render.progress_pdf(sqlite_db, agreement_id=w.agreement_id, lang="de")),
             "form": pdf_text(render.form_pdf(sqlite_db, w.apprentice_id, lang="de")),
             "certificate": pdf_text(render.certificate_pdf(sqlite_db, w.agreement_id, lang="de"))}
    for name, text in texts.items():
        found = _SLASHED.findall(text)
        assert not found, (name, found)
        assert "Auszubildender" not in text and "Der Auszubildende" not in text, name
    assert "Die Auszubildende und die Vereinbarung" in texts["progress"]
    assert f"Auszubildende {w.full_name}" in texts["progress"]
    assert "Die Auszubildende verpflichtet sich" in texts["mmfd"]
    # the instructor's sex is not recorded: the neutral form, not "Ausbilderin / Ausbilder"
    assert "Betriebliche Ausbildungsperson Ing. Beatriz Köhler" in texts["progress"]
    assert "Betriebliche Ausbildungsperson" in texts["form"]
    # the office's text (Jinja, by the recorded sex) ends the agreement on loss of student status, unslashed
    assert "nicht mehr an der Schule eingeschrieben ist" in texts["mmfd"]


@pytest.mark.parametrize(("sex", "label", "heading"), [
    ("H", "Auszubildender", "Der Auszubildende und die Vereinbarung"),
    ("X", "Auszubildende Person", "Die auszubildende Person und die Vereinbarung")])
def test_the_progress_report_labels_the_apprentice_by_the_recorded_sex(sqlite_db: Database, sex: str, label: str,
                                                                       heading: str) -> None:
    from dataclasses import replace

    from vetdesk.reports import progress
    from vetdesk.services import documents

    w = make_world(sqlite_db, positions=2)  # a man (sex H), whose CURP says H
    doc = documents.progress_document(sqlite_db, agreement_id=w.agreement_id)
    doc = replace(doc, apprentice=replace(doc.apprentice, sex=sex))  # (X: as recorded for a non-binary person)
    text = pdf_text(progress.build(doc, translator("de")))
    assert heading in text and f"{label} {w.full_name}" in text
    assert not _SLASHED.findall(text)
    es = pdf_text(progress.build(doc, translator("es")))
    assert ("El aprendiz y el convenio" if sex == "H" else "La persona aprendiz y el convenio") in es
