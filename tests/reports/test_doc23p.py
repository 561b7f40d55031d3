"""The last document defects of issue 23 (trial 23p), each read back from the printed PDF."""

from __future__ import annotations

import dataclasses
import io

import pdfplumber
import pytest
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from tests.reports.conftest import make_world
from vetdesk.i18n import translator
from vetdesk.reports import cells
from vetdesk.reports import progress as progress_report
from vetdesk.reports.page import PageInfo, build_pdf, heading, writing_lines
from vetdesk.services import documents
from vetdesk.services.agreement_sheet import letterhead_of
from vetdesk.storage.engine import Database


def _pages(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [" ".join((page.extract_text() or "").split()) for page in doc.pages]


def _page_of(pages: list[str], text: str) -> int:
    return next(i for i, page in enumerate(pages) if text in page)


@pytest.mark.parametrize("lang", ["es", "de"])
def test_a_progress_reports_heading_stays_with_its_table_wherever_it_falls(
        sqlite_db: Database, lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The competencies' heading, pushed down the page step by step, always stands on the page where its table
    starts: the first row (a rating with its rater, a long comment and a self-assessment) is taller than the
    fixed room a heading used to ask for, so the heading was left alone at the foot of page 1."""
    w = make_world(sqlite_db, minor=False, positions=3)
    doc = documents.progress_document(sqlite_db, agreement_id=w.agreement_id)
    first = dataclasses.replace(
        doc.competencies[0], rater_name="Ing. Beatriz Köhler", self_level=2, self_assessed_on=doc.period_start,
        comment="Ajusta los equipos con seguridad, documenta cada paso en su bitácora y pide ayuda cuando hace "
                "falta; debe practicar más la lectura de planos eléctricos y neumáticos de la línea.")
    doc = dataclasses.replace(doc, competencies=(first, *doc.competencies[1:]))
    t = translator(lang)
    title = t.gettext("Competencies: latest rating")
    original = progress_report.flowables
    moved = 0
    for push in range(0, 200, 5):
        monkeypatch.setattr(progress_report, "flowables",
                            lambda d, tr, push=push: [*original(d, tr)[:1], Spacer(1, push * mm),
                                                      *original(d, tr)[1:]])
        pages = _pages(progress_report.build(doc, t))
        at = _page_of(pages, title)
        page = pages[at]
        assert first.code in page[page.index(title):], (push, page[-200:])
        moved += at > _page_of(pages, t.gettext("Learning positions: planned and actual weeks"))
    assert moved  # some pushes did bring the heading to a page's foot


def test_a_heading_and_its_subheading_move_on_together_with_the_first_rows() -> None:
    """Two headings in a row and a table: neither heading ends a page, whatever the table's first row."""
    t = translator("es")
    tall = cells.text("\n".join(f"línea {i}" for i in range(9)))
    table = cells.CellTable([cells.head_cells(("A", "B")), [tall, cells.text("primera fila")],
                             [cells.text("x"), cells.text("segunda fila")]], [40 * mm, 100 * mm])
    info = PageInfo(letterhead=letterhead_of({"chamber_name": "CAMEXA"}), title="t", subject="s", kind="k",
                    reference="R", qr_text="", lang="es", paper="letter")
    for push in range(100, 222, 3):
        pages = _pages(build_pdf([Spacer(1, push * mm), heading("Título principal"),
                                  heading("Segundo título"), table], info, t))
        at = _page_of(pages, "Título principal")
        assert "Segundo título" in pages[at] and "primera fila" in pages[at], push


def test_writing_lines_keep_their_label_with_a_line() -> None:
    table = writing_lines(4, "Comentarios")
    parts = table.split(160 * mm, 12 * mm)  # room for the label only
    assert not parts or len(parts[0]._cellvalues) != 1


def _adult_world(db: Database, *, templates: str, holidays: int):  # type: ignore[no-untyped-def]
    from vetdesk.services import records

    w = make_world(db, minor=False, positions=2, rated=False, status="draft", templates=templates)
    records.update(db, "agreements", w.agreement_id, {"holiday_days": holidays}, accept_warnings=True)
    return w


@pytest.mark.parametrize("lang", ["es", "de"])
def test_an_adults_ahk_contract_gives_at_least_what_the_burlg_it_cites_grants(sqlite_db: Database,
                                                                              lang: str) -> None:
    """The AHK contract's holiday clause for an adult cites the German Federal Holidays Act: 12 days (art. 76
    LFT's first year) went out for signature under it. § 3 BUrlG's 24 Werktage are 20 days on its week of five
    training days: fewer are refused, in print, in ``vetdesk check`` and the wizard (one rule); 20 print, and the
    clause says which law and figure they meet."""
    from vetdesk.domain.problems import RuleViolation
    from vetdesk.reports import render
    from vetdesk.services import records

    w = _adult_world(sqlite_db, templates="bbig", holidays=12)
    t = translator(lang)
    with pytest.raises(RuleViolation) as refused:
        render.agreement_pdf(sqlite_db, w.agreement_id, lang=lang)
    message = " ".join(p.message for p in refused.value.errors)
    assert "§ 3 BUrlG" in message and "20" in message and "12" in message, message
    assert records.get(sqlite_db, "agreements", w.agreement_id)["status"] == "draft"  # nothing written
    problems = documents.contract_problems(sqlite_db, {**records.get(sqlite_db, "agreements", w.agreement_id)})
    assert any(p.code == "contract.holidays" and "BUrlG" in p.message for p in problems)
    records.update(sqlite_db, "agreements", w.agreement_id, {"holiday_days": 20}, accept_warnings=True)
    pages = _pages(render.agreement_pdf(sqlite_db, w.agreement_id, lang=lang))
    text = " ".join(pages)
    assert t.gettext("They are at least the paid holiday of the German Federal Holidays Act (§ 3 BUrlG): "
                     "{werktage} working days a year counted Monday to Saturday, {min} on this contract's week "
                     "of {week} training days.").format(min=20, week=5, werktage=24) in text
    assert "art. 76" not in text  # the Mexican law's figure is not what this contract cites


@pytest.mark.parametrize("lang", ["es", "pt"])
def test_an_adults_mexican_agreement_still_follows_art_76_lft(sqlite_db: Database, lang: str) -> None:
    from vetdesk.reports import render

    w = _adult_world(sqlite_db, templates="mmfd", holidays=12)
    text = " ".join(_pages(render.agreement_pdf(sqlite_db, w.agreement_id, lang=lang)))
    assert "BUrlG" not in text and "76" in text
