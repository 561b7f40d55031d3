"""Issue 23 (words23n): a rising stipend stated the first year's amount twice in one clause ("$7,850.00 … al mes…
(año de formación 1: $7,850.00 …)"). Each training year's amount is stated once, in both layouts."""

from __future__ import annotations

import re

import pytest

from tests.reports.conftest import make_world, pdf_text
from vetdesk.reports import render
from vetdesk.storage.engine import Database


@pytest.mark.parametrize(("lang", "year", "per"), [("es", "año de formación", "al mes"),
                                                    ("de", "Ausbildungsjahr", "monatlich")])
@pytest.mark.parametrize("template", ["mmfd", "bbig"])
def test_a_rising_stipend_states_each_year_once(sqlite_db: Database, lang: str, year: str, per: str,
                                                template: str) -> None:
    w = make_world(sqlite_db, minor=False, positions=2, rated=False, status="draft")  # 24 months, 4500.50 then 5000
    text = " ".join(pdf_text(render.agreement_pdf(sqlite_db, w.agreement_id, lang=lang, template=template)).split())
    first = re.findall(r"4[,.]500[,.]50", text)
    assert len(first) == 1, text  # the first year's amount once (it was stated before the years and among them)
    assert f"{year} 1: " in text and f"{year} 2: " in text, text
    clause = text[text.index(f"{year} 1: "):]
    clause = clause[:clause.index(f"{year} 2: ") + 200]
    assert clause.count(per) >= 1 and "5" in clause, clause


@pytest.mark.parametrize("lang", ["es", "de"])
def test_blocks_of_weeks_print_no_days_a_week(sqlite_db: Database, lang: str) -> None:
    """Trial 23f: "blocks" printed "alternates blocks of weeks … Days a week at the company: 3. Days a week at
    school: 2." — a week split into days beside whole weeks at each place. Blocks print the blocks alone."""
    from vetdesk.i18n import translator
    from vetdesk.services import records

    w = make_world(sqlite_db, minor=False, positions=2, rated=False, status="draft")
    records.update(sqlite_db, "agreements", w.agreement_id, {"weekly_pattern": "blocks"}, accept_warnings=True)
    t = translator(lang)
    text = " ".join(pdf_text(render.agreement_pdf(sqlite_db, w.agreement_id, lang=lang)).split())
    blocks = t.gettext("The training alternates between blocks of weeks at the company and blocks of weeks at "
                       "school.")
    days = t.gettext("Days a week at the company: {company}. Days a week at school: {school}.").split("{")[0]
    assert blocks in text and days not in text, text


def test_a_phone_number_is_never_split_across_lines(sqlite_db: Database) -> None:
    """Trial 23f: the company contact's phone wrapped mid-number ("730 975 / 2975")."""
    from vetdesk.services import records

    w = make_world(sqlite_db, minor=True, positions=2, rated=False, status="draft", long_names=True)
    company = records.get(sqlite_db, "agreements", w.agreement_id)["company_id"]
    records.update(sqlite_db, "companies", company, {"contact_phone": "442 730 975 2975"}, accept_warnings=True)
    import io

    import pypdf

    pages = pypdf.PdfReader(io.BytesIO(render.agreement_pdf(sqlite_db, w.agreement_id, lang="es"))).pages
    lines = [line for page in pages for line in (page.extract_text() or "").splitlines()]
    assert any("442\u00a0730\u00a0975\u00a02975" in line or "442 730 975 2975" in line for line in lines), lines
