"""A company with two instructors, each instructing one apprentice on an active agreement that began some weeks
ago (on a Wednesday), built through the real services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests import factories as f
from tests.ui.conftest import no_dialogs, qsettings  # noqa: F401 - the window's fixtures
from vetdesk.domain import logbook as L
from vetdesk.services.office import Office
from vetdesk.services.uow import Actor

TODAY = date.today()
#: The agreements began on the Wednesday six weeks before this week.
START = L.monday(TODAY) - timedelta(weeks=6) + timedelta(days=2)
FIRST_WEEK = L.monday(START)

OFFICER = Actor("olga", "officer")
VIEWER = Actor("vera", "viewer")


@dataclass
class World:
    db: Office
    company: int
    mine: int
    other: int
    instructor: int
    other_instructor: int

    @property
    def me(self) -> Actor:
        return Actor("ivan", "instructor", self.instructor)

    @property
    def them(self) -> Actor:
        return Actor("irma", "instructor", self.other_instructor)

    def week(self, n: int) -> date:
        """The Monday of the agreements' ``n``-th week (0: the week they began)."""
        return FIRST_WEEK + timedelta(weeks=n)


def make_world(db: Office) -> World:
    from vetdesk.services.settings import save_office_settings

    # The office keeps its weekly reports in vetdesk since before these agreements began (its set-up day, today,
    # would make none of their weeks overdue).
    save_office_settings(db, {"logbook_kept_since": (START - timedelta(weeks=10)).isoformat()})
    company = f.make_company(db)
    instructor = f.make_instructor(db, company_id=company, name="Ing. Iván Robles")
    other_instructor = f.make_instructor(db, company_id=company, name="Ing. Irma Salas")
    programme = f.make_programme(db)
    agreements = []
    for who, surname in ((instructor, "García"), (other_instructor, "Zúñiga")):
        apprentice = f.make_apprentice(db, first_surname=surname)
        agreement = f.make_agreement(db, company_id=company, instructor_id=who, programme_id=programme,
                                     apprentice_id=apprentice, start_date=START, end_date=START + timedelta(days=364),
                                     training_record_form="electronic")  # kept in vetdesk: a week can be overdue
        f.activate(db, agreement)
        agreements.append(agreement)
    return World(db, company, agreements[0], agreements[1], instructor, other_instructor)


@pytest.fixture
def world(db: Office) -> World:
    return make_world(db)


def fill(path: Path, out: Path, cells: dict[tuple[int, int], Any], *, sheet: int = 0) -> Path:
    """Open an exchange workbook with openpyxl as a spreadsheet program would, write only the given cells (sheet row,
    1-based column), save it as ``out``."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[sheet]
    for (row, col), value in cells.items():
        ws.cell(row, col).value = value
    wb.save(out)
    return out


#: The programme's competencies: none are mapped to the plan's positions, so each position rates all of them.
COMPETENCIES = (("Mantenimiento", "MAN-1", "Mide piezas con calibrador"),
                ("Mantenimiento", "MAN-2", "Lubrica maquinaria"),
                ("Calidad", "CAL-1", "Inspecciona lotes"))


def add_catalogue(w: World) -> dict[str, int]:
    """Give the agreements' programme its competencies (the four-level scale): code -> id."""
    from sqlalchemy import select

    from vetdesk.services import catalogue, records
    from vetdesk.storage.models import Competency

    programme = records.get(w.db, "agreements", w.mine)["programme_id"]
    catalogue.save_catalogue(w.db, programme, [catalogue.CatalogueRow(*c) for c in COMPETENCIES])
    with w.db.reader() as session:
        return {code: cid for cid, code in session.execute(
            select(Competency.id, Competency.code).where(Competency.programme_id == programme))}
