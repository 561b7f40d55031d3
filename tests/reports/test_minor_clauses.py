"""The contract of a minor read back from the PDF (issue 23): the short working day of LFT art. 177 stated while
the apprentice is under 16, until the 16th birthday, and only then; the AHK contract's JArbSchG limits; a hard
case (15 years old, two guardians, a three-year term, long names with Ñ/ü/é) in Spanish, English, German and
Portuguese, read as the parties would."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests import factories as f
from tests.reports.conftest import START, World, make_world, pdf_text
from vetdesk.domain.dates import add_months
from vetdesk.domain.problems import RuleViolation
from vetdesk.i18n import translator
from vetdesk.reports import render
from vetdesk.services import records
from vetdesk.storage.engine import Database

END3 = add_months(START, 36) - timedelta(days=1)
#: 15 on the start date, 16 three months later (within the term).
BIRTH_15 = add_months(START, -(15 * 12 + 9))
TURNS_16 = add_months(BIRTH_15, 16 * 12)


def hard_case(db: Database, *, templates: str = "both") -> World:
    """A 15-year-old woman with two guardians, a three-year term, long names with Ñ/ü/é."""
    w = make_world(db, minor=True, positions=3, rated=False, status="draft", long_names=True, templates=templates)
    records.update(db, "programmes", w.programme_id, {"duration_months": 36}, accept_warnings=True)
    records.update(db, "apprentices", w.apprentice_id, {
        "birth_date": BIRTH_15.isoformat(), "curp": f.curp_for(BIRTH_15, "M"), "second_surname": "Müller Ibáñez",
        "guardian_name": "Rosa Elena Núñez Pérez de Schäfer", "guardian2_name": "Jürgen Ibáñez Müller",
        "guardian2_relation": "father", "guardian2_address": "Av. Juárez 5, Querétaro",
        "guardian2_id_document": "Pasaporte G12345678"}, accept_warnings=True)
    agreement = records.get(db, "agreements", w.agreement_id)
    plan = records.get(db, "rotation_plans", agreement["rotation_plan_id"])
    total = ((END3 - START).days + 1) // 7 - 2
    n = len(plan["steps"])
    records.update(db, "rotation_plans", agreement["rotation_plan_id"], {"steps": [
        {"position_id": s["position_id"], "weeks": total // n + (1 if i < total % n else 0)}
        for i, s in enumerate(plan["steps"])]}, accept_warnings=True)
    records.update(db, "agreements", w.agreement_id, {
        "end_date": END3.isoformat(), "insurance_expiry": (END3 + timedelta(days=30)).isoformat(),
        "stipend_steps": "5000.00; 5500.00", "modality_years": 3}, accept_warnings=True)
    return w


@pytest.fixture
def fifteen(sqlite_db: Database) -> World:
    return hard_case(sqlite_db)


def test_the_short_day_is_stated_until_the_sixteenth_birthday_in_spanish_and_english(fifteen: World) -> None:
    db = fifteen.db
    es = pdf_text(render.agreement_pdf(db, fifteen.agreement_id, lang="es", template="mmfd"))
    day_es = translator("es").format_date(TURNS_16, "long")
    assert (f"Mientras la aprendiz sea menor de 16 años, hasta el {day_es}, su jornada no excederá de 6 horas "
            "diarias, dividida en periodos de no más de 3 horas con un reposo de al menos una hora entre ellos "
            "(art. 177 de la Ley Federal del Trabajo).") in es
    assert "Horas diarias de formación 6" in es  # the hours printed elsewhere say the same
    assert "domingos o días de descanso obligatorio (art. 178 de la Ley Federal del Trabajo)" in es
    en = pdf_text(render.agreement_pdf(db, fifteen.agreement_id, lang="en", template="mmfd"))
    day_en = translator("en").format_date(TURNS_16, "long")
    assert (f"While the apprentice is under 16, until {day_en}, the training day does not exceed 6 hours, divided "
            "into periods of at most 3 hours with at least one hour's rest between them (art. 177 of the Federal "
            "Labour Law).") in en
    assert "JArbSchG" not in en  # the Mexican layout cites Mexican law only


def test_the_german_ahk_contract_states_both_laws(fifteen: World) -> None:
    de = pdf_text(render.agreement_pdf(fifteen.db, fifteen.agreement_id, lang="de", template="bbig"))
    day = translator("de").format_date(TURNS_16, "long")
    assert (f"Solange die Auszubildende unter 16 Jahre alt ist, bis zum {day}, beträgt die tägliche "
            "Ausbildungszeit höchstens 6 Stunden") in de
    assert "höchstens 8 Stunden täglich und 40 Stunden wöchentlich (§ 8)" in de
    assert "Die regelmäßige tägliche Ausbildungszeit beträgt 6 Stunden." in de  # § 4 agrees


def test_eight_hours_for_a_fifteen_year_old_are_refused_with_the_field_and_the_law(fifteen: World) -> None:
    records.update(fifteen.db, "agreements", fifteen.agreement_id, {"daily_hours": "6"}, accept_warnings=True)
    with pytest.raises(RuleViolation):  # saving 8 hours is refused by the same rule
        records.update(fifteen.db, "agreements", fifteen.agreement_id, {"daily_hours": "8"}, accept_warnings=True)


def test_no_short_day_clause_from_the_sixteenth_birthday(sqlite_db: Database) -> None:
    w = make_world(sqlite_db, minor=True, positions=2, rated=False, status="draft")  # 16 on the start date
    es = pdf_text(render.agreement_pdf(sqlite_db, w.agreement_id, lang="es", template="mmfd"))
    assert "menor de 16 años" not in es and "art. 177" not in es
    # the minor's protections still apply, until the day before the 18th birthday (within this term)
    assert "Mientras el aprendiz sea menor de 18 años, hasta el" in es


def test_an_adult_has_no_minor_clause(sqlite_db: Database) -> None:
    w = make_world(sqlite_db, minor=False, positions=2, rated=False, status="draft", templates="bbig")
    en = pdf_text(render.agreement_pdf(sqlite_db, w.agreement_id, lang="en"))
    assert "JArbSchG" not in en and "under 16" not in en and "of age on the start date" in en




def test_vetdesk_check_says_it_once_in_the_words_printing_uses(fifteen: World) -> None:
    """Saving and printing apply the one rule: ``vetdesk check`` lists it once for a draft, not twice."""
    from vetdesk.services import checks

    db = fifteen.db
    older = add_months(START, -(16 * 12 + 1))
    records.update(db, "apprentices", fifteen.apprentice_id, {"birth_date": older.isoformat(),
                                                              "curp": f.curp_for(older, "M")}, accept_warnings=True)
    records.update(db, "agreements", fifteen.agreement_id, {"daily_hours": "8"}, accept_warnings=True)
    records.update(db, "apprentices", fifteen.apprentice_id, {"birth_date": BIRTH_15.isoformat(),
                                                              "curp": f.curp_for(BIRTH_15, "M")},
                   accept_warnings=True)  # the birth date corrected after the draft was saved
    found = [x.problem for x in checks.check_database(db)
             if x.kind == "agreements" and x.record_id == fifteen.agreement_id and x.problem.field == "daily_hours"]
    assert [p.code for p in found] == ["hours.under16"]
    with pytest.raises(RuleViolation) as refused:
        render.agreement_pdf(db, fifteen.agreement_id, lang="es")
    assert found[0].message in refused.value.errors[0].message  # the same words


def test_the_printed_short_day_states_the_age_the_rule_applies(fifteen: World, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Issue 20: the clause wrote "under 16" as a literal; it states ``SHORT_DAY_AGE``: change it, the clause
    follows (the age and the birthday it runs until)."""
    from vetdesk.domain import working_time

    monkeypatch.setattr(working_time, "SHORT_DAY_AGE", 17)
    en = pdf_text(render.agreement_pdf(fifteen.db, fifteen.agreement_id, lang="en", template="mmfd"))
    day = translator("en").format_date(add_months(BIRTH_15, 17 * 12), "long")
    assert f"While the apprentice is under 17, until {day}, the training day does not exceed 6 hours" in en
