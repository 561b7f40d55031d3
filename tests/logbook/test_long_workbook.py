"""Re-trial item 9: the exchange workbook of a long agreement — three years, 156 weeks, a plan of twelve learning
positions, forty competencies — is written, taken back and opened in instructor mode in reasonable time, and stays
usable in a spreadsheet program: the headings and whose week it is stay in sight (frozen), every sheet filters by
any column (one apprentice, one position), and the codes' sheet lists what each position takes.

Measured on the development machine (two cores shared with other work), three such agreements for one
instructor (471 weeks, 1,560 code rows): written in 2.6 s, checked (dry run) in 3.3 s, taken back with every week
written in 3.1 s, opened in instructor mode in 1.1 s. The bounds below are generous so that a loaded machine does
not fail them; they catch a change that makes it quadratic."""

from __future__ import annotations

import time
from datetime import date, timedelta
from pathlib import Path

import openpyxl

from tests import factories as f
from tests.logbook.conftest import OFFICER, fill
from vetdesk.domain import logbook as L
from vetdesk.services import catalogue, exchange
from vetdesk.services import exchange_file as XF
from vetdesk.services.office import Office

COMPETENCIES = 40
POSITIONS = 12


def _long_agreement(db: Office) -> int:
    from vetdesk.services.settings import save_office_settings

    today = date.today()
    # The office keeps its weekly reports in vetdesk since before the agreement began: all its weeks are owed (the
    # exchange file holds the weeks from that day on, domain.logbook.owed_from).
    save_office_settings(db, {"logbook_kept_since": (today - timedelta(days=4 * 365)).isoformat()})
    company = f.make_company(db)
    instructor = f.make_instructor(db, company_id=company, name="Ing. Largo Plazo")
    programme = f.make_programme(db, duration_months=36)
    catalogue.save_catalogue(db, programme, [catalogue.CatalogueRow(f"Área {i % 6}", f"C-{i:02d}",
                                                                    f"Competencia número {i}")
                                             for i in range(COMPETENCIES)])
    start = L.monday(today) - timedelta(weeks=156) + timedelta(days=2)
    plan = f.make_plan(db, company_id=company, programme_id=programme, weeks=156, positions=POSITIONS)
    agreement = f.make_agreement(db, company_id=company, instructor_id=instructor, programme_id=programme,
                                 apprentice_id=f.make_apprentice(db, birth_date=date(today.year - 22, 3, 1)),
                                 start_date=start, end_date=start + timedelta(days=3 * 365 - 5),
                                 rotation_plan_id=plan, modality_years=3)
    f.activate(db, agreement)
    return instructor


def test_a_three_year_agreement_s_workbook_is_quick_and_usable(db: Office, tmp_path: Path) -> None:
    instructor = _long_agreement(db)
    began = time.perf_counter()
    done = exchange.export_workbook(db.as_user(OFFICER), tmp_path / "long.xlsx", instructor_id=instructor,
                                    language="es")
    written = time.perf_counter() - began
    assert done.rows >= 156
    wb = openpyxl.load_workbook(done.path)
    weekly, ratings, codes = wb.worksheets[:3]
    last = exchange.FIRST_ROW + done.rows - 1
    assert weekly.freeze_panes == f"G{exchange.FIRST_ROW}"  # the headings and the apprentice's week in sight
    assert weekly.auto_filter.ref == f"A{exchange.HEADER_ROW}:T{last}"
    assert ratings.auto_filter.ref and codes.auto_filter.ref and codes.freeze_panes == f"A{exchange.FIRST_ROW}"
    for ws in (weekly, ratings, codes):
        assert ws.protection.sheet and not ws.protection.autoFilter  # locked, yet filterable
    assert codes.max_row - exchange.HEADER_ROW == (POSITIONS + 1) * COMPETENCIES  # each position, and none
    # Twelve positions' codes do not fit a cell's prompt: it sends the instructor to the codes' sheet.
    prompts = {dv.prompt for dv in weekly.data_validations.dataValidation if dv.prompt}
    assert prompts and all(f"“{codes.title}”" in p for p in prompts), prompts

    filled = fill(done.path, tmp_path / "filled.xlsx",
                  {(r, exchange.ACTIVITIES + 1): f"Semana {r}" for r in range(exchange.FIRST_ROW, last + 1)})
    began = time.perf_counter()
    report = exchange.import_workbook(db.as_user(OFFICER), filled)
    taken = time.perf_counter() - began
    assert report.count("write") == done.rows
    began = time.perf_counter()
    assert len(XF.open_file(done.path).weeks) == done.rows
    opened = time.perf_counter() - began
    assert written < 20 and taken < 40 and opened < 10, (written, taken, opened)
