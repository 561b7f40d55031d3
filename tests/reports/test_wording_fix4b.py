"""Wording a new user's trial found: the guardians' duty agrees with its subject ("se les solicite" for the
parents, "se le" for one); the German certificate's sentence is whole ("dass Nayeli García mit CURP …, geboren
am"); the German result letter keeps one form of address ("Sehr geehrter Herr …, dies sind Ihre Ergebnisse", not
"Lieber … Ihre"); dates in tables have four-digit years in every language (Spanish printed 16/05/24); ``vetdesk demo
--help`` and ``print batch --help`` explain every option; the demo's summary counts records in words, not tables."""

from __future__ import annotations

import re

import pytest

from tests.exams.pipeline import passed_apprentice
from tests.factories import make_programme
from tests.reports.conftest import make_world, pdf_text
from vetdesk.reports import render
from vetdesk.services import records


def test_the_guardians_duty_agrees_with_its_subject(sqlite_db) -> None:  # type: ignore[no-untyped-def]
    w = make_world(sqlite_db, minor=True, positions=2, status="draft")
    one = pdf_text(render.agreement_pdf(sqlite_db, w.agreement_id, lang="es"))
    assert "El padre, madre o tutor legal se obliga a:" in one and "cuando se le solicite" in one, one
    records.update(sqlite_db, "apprentices", w.apprentice_id, {
        "guardian2_name": "Pedro Núñez Ruiz", "guardian2_relation": "father", "guardian2_phone": "2221234567",
        "guardian2_address": "Calle 5 de Mayo 12, Puebla", "guardian2_id_document": "INE 99887766"},
        accept_warnings=True)
    two = pdf_text(render.agreement_pdf(sqlite_db, w.agreement_id, lang="es"))
    assert "Los padres o tutores legales se obligan a:" in two and "cuando se les solicite" in two, two
    assert "se le solicite" not in two
    portuguese = pdf_text(render.agreement_pdf(sqlite_db, w.agreement_id, lang="pt"))
    assert "quando solicitados" in portuguese, portuguese


def test_the_certificate_names_the_curp_in_a_whole_sentence(sqlite_db) -> None:  # type: ignore[no-untyped-def]
    w = make_world(sqlite_db, status="completed", positions=2)
    text = pdf_text(render.certificate_pdf(sqlite_db, w.agreement_id, lang="de"))
    assert f"dass {w.full_name} mit CURP {w.curp}, geboren am" in text, text[:600]
    portuguese = pdf_text(render.certificate_pdf(sqlite_db, w.agreement_id, lang="pt"))
    assert f"{w.full_name} com CURP {w.curp}," in portuguese, portuguese[:600]
    english = pdf_text(render.certificate_pdf(sqlite_db, w.agreement_id, lang="en"))
    assert f"{w.full_name} holder of CURP {w.curp}, born on" in english, english[:600]


def test_the_german_result_letter_keeps_one_form_of_address(sqlite_db) -> None:  # type: ignore[no-untyped-def]
    from vetdesk.reports.exam_documents import result_letter_pdf

    agreement = passed_apprentice(sqlite_db, make_programme(sqlite_db))
    record = records.get(sqlite_db, "apprentices", records.get(sqlite_db, "agreements", agreement)["apprentice_id"])
    text = pdf_text(result_letter_pdf(sqlite_db, agreement, lang="de"))
    courtesy = {"H": "Sehr geehrter Herr ", "M": "Sehr geehrte Frau "}.get(record["sex"], "Guten Tag ")
    assert courtesy in text and "dies sind Ihre Ergebnisse" in text, text[:500]
    assert "Lieber" not in text and "Liebe " not in text


@pytest.mark.parametrize("lang", ["es", "de", "pt", "en"])
def test_dates_in_tables_have_four_digit_years(sqlite_db, lang: str) -> None:  # type: ignore[no-untyped-def]
    w = make_world(sqlite_db, minor=False, positions=2, status="active")
    text = pdf_text(render.progress_pdf(sqlite_db, agreement_id=w.agreement_id, lang=lang))
    numeric = re.findall(r"\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b", text)
    assert numeric, text[:800]
    assert all(re.search(r"[./]\d{4}$", d) for d in numeric), (lang, numeric)


def _options_without_help(text: str) -> list[str]:
    """The options of an argparse help whose entry says nothing: the option alone on its line (no two spaces
    before a help text), and no help text on the line below."""
    lines = text.splitlines()
    bare = []
    for i, line in enumerate(lines):
        entry = line.strip()
        if not line.startswith("  ") or line.startswith("   ") or not entry.startswith(("-", "{")) or "  " in entry:
            continue
        if i + 1 >= len(lines) or not lines[i + 1].startswith(" " * 10):
            bare.append(entry)
    return bare


def test_demo_and_batch_help_explain_every_option(cli, sqlite_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    for words in (("demo", "--help"), ("print", "batch", "--help")):
        code, out, _err = cli(sqlite_db, *words)
        assert code == 0
        assert _options_without_help(out) == [], (words, out)




def test_the_demo_summary_names_no_table(capsys, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from vetdesk.commands import main

    capsys.readouterr()
    for lang, words in (("en", ("apprentices", "learning agreements", "weekly reports", "days of attendance")),
                        ("es", ("aprendices", "convenios de aprendizaje", "reportes semanales"))):
        assert main(["--db", str(tmp_path / f"demo-{lang}.sqlite3"), "--lang", lang, "demo", "--apprentices",
                     "3"]) == 0
        err = capsys.readouterr().err
        assert "_" not in err.split(":", 1)[1] or "sqlite3" in err, err
        summary = err.split(".sqlite3:", 1)[1]
        assert "_" not in summary and all(w in summary for w in words), summary
