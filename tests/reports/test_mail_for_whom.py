"""An e-mail draft is worded for whom it goes to (a new user's trial: the draft to an adult apprentice read
"Estimado Sr. Núñez Ibáñez: Le enviamos adjunto el documento … de José Ángel Núñez Ibáñez", speaking of the
addressee as of someone else): the apprentice reads of their own training, the company of an apprentice at the
company, the school of its student; a group draft and the family speak of the apprentice by name. A document is
named in the subject as its PDF is titled (German: "Ausbildungsvertrag (AHK-Standard)" for the AHK contract, not
"Ausbildungsvereinbarung")."""

from __future__ import annotations

import email
from email import policy
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.reports.conftest import make_world
from vetdesk.reports import render
from vetdesk.services import mail, records


def _read(path: Path) -> tuple[str, str]:
    msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    return str(msg["Subject"]), " ".join(msg.get_body(("plain",)).get_content().split())  # type: ignore[union-attr]


@pytest.mark.parametrize("lang", ["es", "en", "de", "pt"])
def test_each_recipient_reads_a_text_worded_for_them(sqlite_db, tmp_path: Path, lang: str) -> None:  # type: ignore[no-untyped-def]
    db = sqlite_db
    w = make_world(db, minor=False, positions=2)
    records.update(db, "apprentices", w.apprentice_id, {"email": "jose@example.mx"}, accept_warnings=True)
    records.update(db, "schools", w.school_id, {"email": "vinculacion@conalep.example.mx"}, accept_warnings=True)
    pdf = render.progress_pdf(db, apprentice_id=w.apprentice_id, lang=lang)
    kind = mail.document_name(db, "progress", lang)
    done = mail.batch_drafts(db, [mail.attachment(db, w.agreement_id, "p.pdf", pdf)], tmp_path, document=kind,
                             language=lang)
    drafts = {p.name: _read(p)[1] for p in done.written}
    apprentice = drafts["jose_example.mx.eml"]
    company = drafts["rh_schaefer.example.mx.eml"]
    school = drafts["vinculacion_conalep.example.mx.eml"]
    name = w.full_name
    # the apprentice is not told of themself in the third person
    assert name not in apprentice.split(":", 1)[-1].split(",", 1)[-1], apprentice
    own = {"es": "de su formación dual en", "en": "of your dual training at", "de": "zu Ihrer dualen Ausbildung bei",
           "pt": "da sua formação dual na empresa"}[lang]
    assert own in apprentice, apprentice
    at_company = {"es": "en formación dual en su empresa", "en": "in dual training at your company",
                  "de": "in dualer Ausbildung in Ihrem Unternehmen", "pt": "em formação dual na sua empresa"}[lang]
    assert name in company and at_company in company, company
    student = {"es": "de su plantel", "en": "from your school", "de": "aus Ihrer Schule", "pt": "da sua escola"}[lang]
    assert name in school and student in school, school
    # one form of salutation: a man by his surnames after the courtesy word, in every language
    greeting = {"es": "Estimado Sr. Núñez Ibáñez:", "en": "Dear Mr Núñez Ibáñez,",
                "de": "Sehr geehrter Herr Núñez Ibáñez,", "pt": "Prezado Sr. Núñez Ibáñez,"}[lang]
    assert apprentice.startswith(greeting), apprentice
    # the school's liaison is "Mtra. Sofía Ibáñez": a woman, greeted with her title
    liaison = {"es": "Estimada Mtra. Ibáñez:", "en": "Dear Mtra. Ibáñez,", "de": "Sehr geehrte Frau Ibáñez,",
               "pt": "Prezada Mtra. Ibáñez,"}[lang]
    assert school.startswith(liaison), school


def test_the_subject_names_the_document_as_its_title_does(sqlite_db, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = sqlite_db
    w = make_world(db, minor=False, positions=2, status="draft")
    records.update(db, "apprentices", w.apprentice_id, {"email": "jose@example.mx"}, accept_warnings=True)
    for layout, lang, words in (("bbig", "de", "Ausbildungsvertrag (AHK-Standard)"),
                                ("mmfd", "de", "Ausbildungsvereinbarung"),
                                ("bbig", "es", "Contrato de formación (estándar AHK)")):
        pdf, eml = tmp_path / f"{layout}-{lang}.pdf", tmp_path / f"{layout}-{lang}.eml"
        code, _out, err = cli(db, "print", "agreement", str(w.agreement_id), "--template", layout, "--lang", lang,
                              "-o", str(pdf), "--email-draft", str(eml))
        assert code == 0, err
        title = str(PdfReader(str(pdf)).metadata.title)
        subject, body = _read(eml)
        assert title.startswith(words) and subject.startswith(words + " " + w.reference), (title, subject)
        assert f"„{words}“" in body or f"«{words}»" in body, body


def test_a_draft_of_agreements_in_both_layouts_names_each_and_a_familys_its_own(sqlite_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A batch of agreements printed in both layouts (a trial: every draft said "learning agreement"): the
    contact who receives both reads both titles; each apprentice's draft, only the title of their own."""
    db = sqlite_db
    ours = make_world(db, minor=False, positions=2, templates="mmfd")
    theirs = make_world(db, minor=False, positions=2, templates="bbig")
    records.update(db, "apprentices", ours.apprentice_id, {"email": "jose@example.mx"}, accept_warnings=True)
    records.update(db, "apprentices", theirs.apprentice_id, {"email": "otro@example.mx"}, accept_warnings=True)
    items = [mail.attachment(db, w.agreement_id, f"{w.reference}.pdf", render.agreement_pdf(db, w.agreement_id,
                                                                                           lang="en"))
             for w in (ours, theirs)]
    done = mail.batch_drafts(db, items, tmp_path, language="en", document=lambda ids: mail.document_name(
        db, "agreement", "en", agreement_ids=ids))
    subjects = {p.name: _read(p)[0] for p in done.written}
    assert subjects["jose_example.mx.eml"].startswith(f"Learning agreement {ours.reference}"), subjects
    assert subjects["otro_example.mx.eml"].startswith(
        f"Apprenticeship contract (AHK standard) {theirs.reference}"), subjects
    both = subjects["rh_schaefer.example.mx.eml"]  # one company contact's address on both
    assert both.startswith("Apprenticeship contract (AHK standard) and Learning agreement "), both
