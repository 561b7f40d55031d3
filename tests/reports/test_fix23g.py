"""Issue 23, new users' trials of the documents an office signs as printed: each read back from the PDF, in
Spanish and one other language (the stipend of every year in words, two guardians in the plural, a foreign
apprentice's identifier by its own name, a named chamber signatory, the declarations before the clauses)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from tests import factories as f
from tests.reports.conftest import make_world, no_chamber_signatory, pdf_text
from vetdesk.domain.problems import RuleViolation
from vetdesk.i18n import translator
from vetdesk.reports import render
from vetdesk.reports import words as w
from vetdesk.services import records
from vetdesk.storage.engine import Database

# -- 2: every training year's stipend in figures and in words ---------------------------------------------


@pytest.mark.parametrize("lang", ["es", "de"])
def test_every_years_stipend_is_stated_in_figures_and_words(sqlite_db: Database, lang: str) -> None:
    world = make_world(sqlite_db, positions=2, status="draft")  # a two-year term from 4,500.50 a month
    records.update(sqlite_db, "agreements", world.agreement_id, {"stipend_steps": "5600.00"},
                   accept_warnings=True)
    t = translator(lang)
    text = pdf_text(render.agreement_pdf(sqlite_db, world.agreement_id, lang=lang))
    for amount in ("4500.50", "5600.00"):
        words = w.amount_in_words(t, Decimal(amount), "MXN")
        figures = " ".join(t.format_currency(Decimal(amount), "MXN").split())  # (pdf_text folds the spaces)
        # the clause on the stipend states it, in figures followed by words, once: the office's text does not
        # repeat it (doc23l), nor does the list of years name the first year's amount twice (words23n)
        assert text.count(f"{figures} ({words})") == 1, (amount, figures, text)
    assert "cinco mil seiscientos pesos 00/100 M.N." in text if lang == "es" else \
        "fünftausendsechshundert mexikanische Pesos 00/100" in text


# -- 3: two guardians are spoken of in the plural, and each signs ------------------------------------------

def _second_guardian(db: Database, apprentice_id: int) -> None:
    records.update(db, "apprentices", apprentice_id, {
        "guardian2_name": "Tomás Núñez Ortega", "guardian2_relation": "father", "guardian2_phone": "4421234567",
        "guardian2_address": "Calle Ñoño 12, Col. Centro, Querétaro", "guardian2_id_document": "INE 654321"},
        accept_warnings=True)


@pytest.mark.parametrize("lang", ["es", "de"])
def test_two_guardians_are_spoken_of_in_the_plural_and_each_signs(sqlite_db: Database, lang: str) -> None:
    # a draft: a signed agreement's copy names the guardians it was signed with, not one added since
    world = make_world(sqlite_db, positions=2, status="draft")
    t = translator(lang)
    one = pdf_text(render.agreement_pdf(sqlite_db, world.agreement_id, lang=lang))
    _second_guardian(sqlite_db, world.apprentice_id)
    two = pdf_text(render.agreement_pdf(sqlite_db, world.agreement_id, lang=lang))
    consent = ("The parent or legal guardian consents to this agreement by signing it.",
               "Both parents or legal guardians consent to this agreement by signing it.")
    undertake = ("The parent or legal guardian undertakes to:", "The parents or legal guardians undertake to:")
    for n, text in ((1, one), (2, two)):
        other = 2 if n == 1 else 1
        assert t.ngettext(*consent, n) in text and t.ngettext(*consent, other) not in text, (n, text)
        assert t.ngettext(*undertake, n) in text and t.ngettext(*undertake, other) not in text, (n, text)
    assert t.ngettext(*consent, 2) != t.ngettext(*consent, 1)
    # each guardian has a signature block of their own (their name under the "parent or guardian" role), on
    # the agreement and again on its annex; two are told apart, first and second (trial 4)
    role = t.gettext("Parent or legal guardian")
    first, second = t.gettext("First parent or guardian"), t.gettext("Second parent or guardian")
    assert one.count(role) >= 2 and first not in one
    assert two.count(first) >= 2 and two.count(second) >= 2, (two.count(first), two.count(second))
    assert len(re.findall("Tomás Núñez Ortega", two)) >= 3  # the parties, the agreement's and the annex's blocks


# -- 4: the identity document's label follows the country stored -----------------------------------------------

@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_brazilian_apprentices_cpf_is_labelled_cpf_in_every_document(sqlite_db: Database, lang: str) -> None:
    world = make_world(sqlite_db, minor=False, positions=2)
    records.update(sqlite_db, "apprentices", world.apprentice_id, {"id_country": "BR", "curp": "39053344705"},
                   accept_warnings=True)
    cpf = "390.533.447-05"  # printed as Brazil writes a CPF (doc23l)
    documents = {"agreement": render.agreement_pdf(sqlite_db, world.agreement_id, lang=lang),
                 "progress": render.progress_pdf(sqlite_db, agreement_id=world.agreement_id, lang=lang),
                 "form": render.form_pdf(sqlite_db, world.apprentice_id, lang=lang)}
    for name, pdf in documents.items():
        text = pdf_text(pdf)
        assert f"CPF {cpf}" in text, (name, text)
        assert "CURP" not in text, (name, text)
    # a Mexican apprentice's stays "CURP"
    mexican = make_world(sqlite_db, minor=False, positions=2)
    assert f"CURP {mexican.curp}" in pdf_text(render.agreement_pdf(sqlite_db, mexican.agreement_id, lang=lang))


def test_the_certificate_names_the_identifier_by_its_country(sqlite_db: Database) -> None:
    world = make_world(sqlite_db, minor=False, positions=2, status="completed")
    records.update(sqlite_db, "apprentices", world.apprentice_id, {"id_country": "BR", "curp": "39053344705"},
                   accept_warnings=True)
    for lang in ("es", "de"):
        text = pdf_text(render.certificate_pdf(sqlite_db, world.agreement_id, lang=lang))
        assert "CPF 390.533.447-05" in text and "CURP 390" not in text, (lang, text)


# -- 5: the chamber's signature block names who signs -----------------------------------------------------------

@pytest.mark.parametrize("lang", ["es", "de"])
def test_the_chamber_signs_by_name_and_title(sqlite_db: Database, lang: str) -> None:
    world = make_world(sqlite_db, positions=2, status="draft")
    t = translator(lang)
    # the office's setting (the test databases name one: tests/conftest.py)
    text = pdf_text(render.agreement_pdf(sqlite_db, world.agreement_id, lang=lang))
    role = t.gettext("For the chamber office")
    # the block reads name, role, title (and the chamber); on the agreement and on its annex
    assert text.count(f"Lic. Andrea Vogel Ramírez {role} Coordinadora de Formación Dual, ") == 2, text
    # the coordinator named on the collaboration agreement comes first
    coordinator = records.create(sqlite_db, "coordinators", {"name": "Mtro. Ernesto Salas Kühn",
                                                              "job_title": "Coordinador regional"}).id
    f.make_collaboration(sqlite_db, school_id=world.school_id, company_id=world.company_id,
                         coordinator_id=coordinator)
    text = pdf_text(render.agreement_pdf(sqlite_db, world.agreement_id, lang=lang))
    assert text.count(f"Mtro. Ernesto Salas Kühn {role} Coordinador regional, ") == 2, text
    assert "Andrea Vogel" not in text


def test_no_chamber_signatory_refuses_printing_for_signature_and_says_what_to_fill(sqlite_db: Database) -> None:
    world = make_world(sqlite_db, positions=2, status="draft")
    # (an agreement that went into force while someone was named: marking one printed without is refused too)
    active = make_world(sqlite_db, positions=2)
    no_chamber_signatory(sqlite_db)
    with pytest.raises(RuleViolation) as refused:
        render.agreement_pdf(sqlite_db, world.agreement_id, lang="es")
    problem = refused.value.problems[0]
    assert problem.message.startswith(f"Agreement {world.reference} cannot be printed for signature")
    assert "Who signs for the chamber" in problem.message and "collaboration agreement" in problem.message
    assert records.get(sqlite_db, "agreements", world.agreement_id)["status"] == "draft"  # nothing changed
    # an agreement in force (reprinted, not for signature) still prints, the name left for the hand
    assert "Por la cámara" in pdf_text(render.agreement_pdf(sqlite_db, active.agreement_id, lang="es"))


# -- 6: the declarations come before the clauses ----------------------------------------------------------------

@pytest.mark.parametrize(("lang", "template", "declarations", "first_clause", "last_clause", "final"), [
    ("es", "mmfd", "Declaraciones I.", "1. Carrera", "9. Protección de datos", "12. Jurisdicción"),
    ("de", "bbig", "Erklärungen I.", "§ 1 Art", "§ 11 Ausbildungsnachweis", "§ 14 Gerichtsstand"),
    ("en", "mmfd", "Declarations I.", "1. Programme", "9. Data protection", "12. Jurisdiction"),
])
def test_the_declarations_print_before_the_clauses(sqlite_db: Database, lang: str, template: str,
                                                    declarations: str, first_clause: str, last_clause: str,
                                                    final: str) -> None:
    world = make_world(sqlite_db, positions=2, templates=template)
    text = pdf_text(render.agreement_pdf(sqlite_db, world.agreement_id, lang=lang, template=template))
    body = text[:text.index(translator(lang).gettext("Annex: rotation plan"))]
    assert body.index(declarations) < body.index(first_clause) < body.index(last_clause) < body.index(final), body
    # the declarations name the parties after their facts, and the jurisdiction stays among the final clauses
    assert body.index("I. ") > body.index(world.full_name)
