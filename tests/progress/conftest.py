"""An active agreement with a two-area catalogue and a rotation plan, built through the real services.

Competencies go in through :func:`vetdesk.services.catalogue.save_catalogue`; the learning positions, the
rotation plan and the actual position periods through ``records.create``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from tests import factories as f
from vetdesk.services import catalogue, records
from vetdesk.storage.engine import Database

TODAY = date.today()

CATALOGUE = [
    catalogue.CatalogueRow("Mantenimiento", "MAN-1", "Mide piezas con calibrador", "EC0217.01"),
    catalogue.CatalogueRow("Mantenimiento", "MAN-2", "Lubrica maquinaria"),
    catalogue.CatalogueRow("Mantenimiento", "MAN-3", "Cambia rodamientos"),
    catalogue.CatalogueRow("Calidad", "CAL-1", "Inspecciona lotes"),
    catalogue.CatalogueRow("Calidad", "CAL-2", "Documenta no conformidades"),
]


@dataclass
class Placement:
    db: Database
    programme_id: int
    company_id: int
    apprentice_id: int
    agreement_id: int
    plan_id: int
    positions: list[int]
    codes: dict[str, int]
    start: date
    end: date


def make_programme_with_catalogue(db: Database, scale: str = "four_levels") -> tuple[int, dict[str, int]]:
    programme_id = f.make_programme(db)
    catalogue.save_catalogue(db, programme_id, CATALOGUE)
    if scale != "four_levels":
        catalogue.set_scale(db, programme_id, scale)
    return programme_id, {r.code: r.id for r in _rows(db, programme_id)}


def _rows(db: Database, programme_id: int):  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from vetdesk.storage.models import Competency

    with db.reader() as session:
        return list(session.execute(select(Competency.id, Competency.code)
                                    .where(Competency.programme_id == programme_id)))


def make_plan(db: Database, company_id: int, programme_id: int, codes: dict[str, int],
              weeks: tuple[int, int] = (8, 10), rest: int = 0) -> tuple[int, list[int]]:
    """Two learning positions of the company (maintenance and quality competencies) and a plan of them; with
    ``rest`` weeks, a third position after them (the warehouse, teaching none of the catalogue) that completes
    the plan to the agreement's term, as the contract for signature needs."""
    positions = []
    for name, prefix in (("Taller de mantenimiento", "MAN"), ("Laboratorio de calidad", "CAL")):
        positions.append(records.create(db, "positions", {
            "company_id": company_id, "name": name,
            "competency_ids": [cid for code, cid in codes.items() if code.startswith(prefix)]},
            accept_warnings=True).id)
    steps = [{"position_id": pid, "weeks": w} for pid, w in zip(positions, weeks, strict=True)]
    if rest > 0:
        warehouse = records.create(db, "positions", {"company_id": company_id, "name": "Almacén"},
                                   accept_warnings=True).id
        steps.append({"position_id": warehouse, "weeks": rest})
    plan = records.create(db, "rotation_plans", {
        "company_id": company_id, "programme_id": programme_id, "name": "Plan 2026", "steps": steps},
        accept_warnings=True)
    return plan.id, positions


def add_period(db: Database, agreement_id: int, position_id: int, start: date, end: date | None) -> None:
    records.create(db, "rotations", {"agreement_id": agreement_id, "position_id": position_id,
                                     "actual_start": start, "actual_end": end}, accept_warnings=True)


def make_placement(db: Database, *, scale: str = "four_levels", start: date | None = None,
                   end: date | None = None, programme_id: int | None = None,
                   codes: dict[str, int] | None = None, company_id: int | None = None,
                   plan: tuple[int, list[int]] | None = None, active: bool = True,
                   surname: str = "García") -> Placement:
    if programme_id is None or codes is None:
        programme_id, codes = make_programme_with_catalogue(db, scale)
    company_id = company_id or f.make_company(db)
    start = start or TODAY - timedelta(days=120)
    end = end or start + timedelta(days=364)
    # The plan fills the term but for a week (printing for signature refuses a plan that leaves it unplanned).
    plan_id, positions = plan or make_plan(db, company_id, programme_id, codes,
                                           rest=((end - start).days + 1) // 7 - 18 - 1)
    apprentice_id = f.make_apprentice(db, first_surname=surname)
    agreement_id = f.make_agreement(db, apprentice_id=apprentice_id, company_id=company_id,
                                    programme_id=programme_id, start_date=start, end_date=end,
                                    rotation_plan_id=plan_id)
    if active:
        f.activate(db, agreement_id)
    return Placement(db, programme_id, company_id, apprentice_id, agreement_id, plan_id, positions, codes,
                     start, end)


@pytest.fixture
def placement(db: Database) -> Placement:
    return make_placement(db)
