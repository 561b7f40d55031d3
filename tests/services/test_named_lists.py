"""A learning position's competencies by their codes and a rotation plan's steps by the positions' names — as an
office writes them in a spreadsheet or on the command line — are read to the records' numbers; an unknown or
ambiguous one is refused naming the field; an export writes them the same way, so it reads back (found by a new
user's trial of issue 22: the templates took only internal record numbers)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import factories as f
from vetdesk.domain.problems import RuleViolation
from vetdesk.services import exporting, importing, records


def _catalogue(db, codes=("M10", "M11", "M12")):  # type: ignore[no-untyped-def]
    programme = f.make_programme(db)
    ids = {c: records.create(db, "competencies", {"programme_id": programme, "code": c, "title": f"Competencia {c}",
                                                  "area": "Mantenimiento"}).id for c in codes}
    return programme, ids


def test_codes_and_names_are_read_to_their_records(db) -> None:  # type: ignore[no-untyped-def]
    programme, comp = _catalogue(db)
    company = f.make_company(db)
    store = records.create(db, "positions", {"company_id": company, "name": "Almacén",
                                             "competency_ids": "m10, M11"}).id
    shop = records.create(db, "positions", {"company_id": company, "name": "Taller de mantenimiento",
                                            "competency_ids": f"M12, {comp['M10']}"}).id
    assert records.get(db, "positions", store)["competency_ids"] == [comp["M10"], comp["M11"]]
    assert records.get(db, "positions", shop)["competency_ids"] == [comp["M10"], comp["M12"]]
    plan = records.create(db, "rotation_plans", {
        "company_id": company, "programme_id": programme, "name": "Plan",
        "steps": "almacen:26, Taller de mantenimiento: 26"}, accept_warnings=True).id
    assert records.get(db, "rotation_plans", plan)["steps"] == [{"position_id": store, "weeks": 26},
                                                                 {"position_id": shop, "weeks": 26}]


def test_an_unknown_or_ambiguous_code_and_another_companys_position_are_refused(db) -> None:  # type: ignore[no-untyped-def]
    programme, _comp = _catalogue(db)
    _catalogue(db, codes=("M10",))  # a second programme uses M10 too
    company, other = f.make_company(db), f.make_company(db)
    records.create(db, "positions", {"company_id": other, "name": "Pintura"})
    with pytest.raises(RuleViolation) as refused:
        records.create(db, "positions", {"company_id": company, "name": "Almacén", "competency_ids": "M99, M10"})
    messages = [p.message for p in refused.value.problems]
    assert any("Competencies learned here: no competency of the catalogue has the code M99" in m for m in messages)
    assert any("the code M10 is used by competencies of several programmes" in m for m in messages), messages
    with pytest.raises(RuleViolation) as refused:
        records.create(db, "rotation_plans", {"company_id": company, "programme_id": programme, "name": "Plan",
                                              "steps": "Pintura:26"}, accept_warnings=True)
    assert "has no learning position named Pintura" in refused.value.problems[0].message
    huge = "Z" * 5000  # a hostile cell: refused, quoted short, nothing written
    with pytest.raises(RuleViolation) as refused:
        records.create(db, "positions", {"company_id": company, "name": "Almacén", "competency_ids": huge})
    assert refused.value.problems[0].code == "ids.unknown_code" and len(refused.value.problems[0].message) < 300
    assert records.count_records(db, "positions") == 1 and records.count_records(db, "rotation_plans") == 0


def test_a_spreadsheet_by_codes_and_names_imports_and_exports_the_same_way(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    programme, comp = _catalogue(db)
    company = f.make_company(db)
    rfc = records.get(db, "companies", company)["rfc"]
    code = records.get(db, "programmes", programme)["code"]
    positions = tmp_path / "puestos.csv"
    positions.write_text("RFC,Puesto de aprendizaje,Competencias\n"
                         f"{rfc},Almacén,\"M10, M11\"\n{rfc},Taller,M12\n", encoding="utf-8")
    report = importing.import_file(db, "positions", positions, overrides={"RFC": "company_rfc",
                                                                         "Puesto de aprendizaje": "name",
                                                                         "Competencias": "competency_ids"})
    assert report.written == 2 and not report.errors, report.errors
    plans = tmp_path / "planes.csv"
    plans.write_text("RFC,Carrera,Nombre del plan,Puestos y semanas\n"
                     f"{rfc},{code},Plan A,\"Almacén:20, Taller:32\"\n", encoding="utf-8")
    report = importing.import_file(db, "rotation_plans", plans, overrides={
        "RFC": "company_rfc", "Carrera": "programme_code", "Nombre del plan": "name", "Puestos y semanas": "steps"})
    assert report.written == 1 and not report.errors, report.errors
    headers, rows = exporting.record_rows(db, "positions")
    cells = {row[headers.index(records.kind("positions").field("name").title())]:
             row[headers.index(records.kind("positions").field("competency_ids").title())] for row in rows}
    assert cells == {"Almacén": "M10, M11", "Taller": "M12"}
    headers, rows = exporting.record_rows(db, "rotation_plans")
    assert rows[0][headers.index(records.kind("rotation_plans").field("steps").title())] == "Almacén:20, Taller:32"
    assert sorted(comp) == ["M10", "M11", "M12"]
