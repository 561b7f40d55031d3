"""The training set-up in and out of spreadsheets: schools from the SEP's catalogue of work centres as downloaded,
a template per new kind that an import reads back, and exports that import again."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests import factories as f
from vetdesk.services import exporting, importing, records

STATES = {"22": "QUERÉTARO", "11": "GUANAJUATO", "09": "CIUDAD DE MÉXICO"}
SEP_HEADER = ["CLAVECCT", "TURNO", "N_TURNO", "NOMBRECT", "ENTIDAD", "NOMBREENT", "MUNICIPIO", "NOMBREMUN",
              "LOCALIDAD", "NOMBRELOC", "DOMICILIO", "CODPOST", "TELEFONO", "CORREOELE", "NIVEL"]


def sep_rows(n: int) -> list[list[str]]:
    """``n`` work centres as the SEP's catalogue lists them, the first tenth twice (morning and evening shift)."""
    rows = []
    for i in range(n):
        state = list(STATES)[i % 3]
        cct = f.cct(i + 1, state=int(state))
        name = f"CENTRO DE BACHILLERATO TECNOLÓGICO INDUSTRIAL Y DE SERVICIOS NÚM. {i + 1}"
        base = [cct, "100", "MATUTINO", name, state, STATES[state], "014", "QUERÉTARO", "0001", "SANTIAGO DE "
                "QUERÉTARO", f"AV. DEL ESTUDIANTE {i + 1}, COL. CENTRO", "76000", "4422123456", "", "BACHILLERATO"]
        rows.append(base)
        if i < n // 10:
            rows.append([cct, "200", "VESPERTINO", *base[3:]])
    return rows


def write_csv(path: Path, header: list[str], rows: list[list[str]], encoding: str) -> Path:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["latin-1", "utf-8"])
def test_schools_load_from_the_sep_catalogue_as_downloaded(db, cli, tmp_path, encoding) -> None:  # type: ignore[no-untyped-def]
    rows = sep_rows(2000)
    path = write_csv(tmp_path / "catalogo_ct.csv", SEP_HEADER, rows, encoding)
    started = time.perf_counter()
    code, out, err = cli(db, "import", "schools", str(path), "--json")
    elapsed = time.perf_counter() - started
    assert code == 0, err
    report = json.loads(out)
    assert report["created"] == 2000 and not report["errors"]
    assert len(report["warnings"]) == 200  # the evening shift of 200 centres: imported once
    assert {w["code"] for w in report["warnings"]} == {"duplicate.same"}
    assert elapsed < 60
    first = records.list_records(db, "schools", records.ListQuery(search=f.cct(1, state=22)))[0]
    assert first["name"] == "CENTRO DE BACHILLERATO TECNOLÓGICO INDUSTRIAL Y DE SERVICIOS NÚM. 1"
    assert first["state"] == "Querétaro"  # the state's name (NOMBREENT, its canonical form), not its number
    assert first["municipality"] == "QUERÉTARO" and first["address"].startswith("AV. DEL ESTUDIANTE 1,")
    assert first["phone"] == "4422123456"


def test_states_are_stored_by_their_one_name_and_bad_rows_are_said_briefly_with_both_rows(  # type: ignore[no-untyped-def]
        db, cli, tmp_path) -> None:
    """QUERÉTARO, Querétaro de Arteaga and Queretaro are one state, as are DISTRITO FEDERAL and Ciudad de México;
    a 5,000-character name is quoted back cut short; a key on two rows names both rows."""
    long_name = "ESCUELA " + "X" * 5000
    path = write_csv(tmp_path / "sep.csv", ["CLAVECCT", "NOMBRECT", "ENTIDAD", "NOMBREENT", "MUNICIPIO"], [
        [f.cct(1, state=22), "CONALEP QUERÉTARO II", "22", "QUERÉTARO", "QUERÉTARO"],
        [f.cct(2, state=22), "CECYTEQ 1", "22", "QUERETARO DE ARTEAGA", "QUERÉTARO"],
        [f.cct(3, state=9), "CETIS 2", "09", "DISTRITO FEDERAL", "CUAUHTÉMOC"],
        [f.cct(4, state=11), long_name, "11", "GUANAJUATO", "CELAYA"],
        [f.cct(1, state=22), "CONALEP QUERÉTARO DOS", "22", "Queretaro", "QUERÉTARO"]], "latin-1")
    code, out, err = cli(db, "import", "schools", str(path), "--valid-only")
    assert code == 0, err
    assert [r["state"] for r in records.list_records(db, "schools", records.ListQuery(order_by="id"))] == [
        "Querétaro", "Querétaro", "Ciudad de México"]
    long_line = next(line for line in out.splitlines() if "row 5" in line)
    assert len(long_line) < 200 and "ESCUELA XXXXXXXXXXXXXXXXXXXXX…" in long_line, long_line
    assert f"error: row 6, CLAVECCT ({f.cct(1, state=22)}): School code (CCT) {f.cct(1, state=22)} appears twice " \
           "in this file: rows 2 and 6. Remove one of the two rows, or correct its value." in out, out
    assert records.update(db, "companies", f.make_company(db), {"state": "NUEVO LEON"}).record["state"] == \
        "Nuevo León"  # one list of states for every record


def test_lower_case_headers_and_a_state_by_its_number(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "planteles.csv", ["clavecct", "nombrect", "entidad", "municipio", "localidad",
                                                  "domicilio"],
                     [["22DCT0004Q", "CONALEP QUERÉTARO II", "22", "Querétaro", "Santiago", "Av. 5 de Febrero 35"]],
                     "latin-1")
    table = importing.read_table(path)
    mapping = importing.propose_mapping("schools", table.headers)
    assert {h: mapping[h] for h in ("clavecct", "nombrect", "entidad", "municipio", "domicilio")} == {
        "clavecct": "cct", "nombrect": "name", "entidad": "state", "municipio": "municipality",
        "domicilio": "address"}
    report = importing.run_import(db, "schools", table, mapping)
    assert report.created == 1 and not report.errors
    assert records.list_records(db, "schools")[0]["state"] == "Querétaro"  # number 22, written out


@pytest.mark.parametrize("kind", ["competencies", "tutors", "coordinators", "positions", "rotation_plans",
                                  "collaborations"])
def test_a_template_per_kind_is_read_back_by_the_import(kind, tmp_path, cli, sqlite_db) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / f"{kind}.xlsx"
    code, _out, err = cli(sqlite_db, "template", kind, "-o", str(target))
    assert code == 0, err
    headers = [c.value for c in load_workbook(target).worksheets[0][1]]
    mapping = importing.propose_mapping(kind, headers)
    assert all(mapping[h] is not None for h in headers), mapping
    required = {s.name for s in importing.import_fields(kind) if s.required}
    assert required <= set(mapping.values())


def test_the_set_up_exports_and_imports_again(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    programme = f.make_programme(db, code="MECA")
    for i in range(1, 4):
        records.create(db, "competencies", {"programme_id": programme, "area": "Mantenimiento",
                                            "code": f"MEC-{i}", "title": f"Competencia {i}", "kind": "técnica"})
    school = f.make_school(db, name="CONALEP Querétaro II")
    records.create(db, "tutors", {"school_id": school, "name": "Ing. Pablo Soto", "role": "Gestor de vinculación",
                                  "email": "pablo@conalep.mx"})
    company = f.make_company(db)
    positions = [records.create(db, "positions", {"company_id": company, "name": n}).id for n in ("A", "B")]
    records.create(db, "rotation_plans", {"company_id": company, "programme_id": programme, "name": "Plan",
                                          "steps": f"{positions[0]}:20, {positions[1]}:32"}, accept_warnings=True)
    assert records.get(db, "tutors", records.list_ids(db, "tutors")[0])["role"] == "liaison"  # a word, in Spanish
    files = {}
    for kind in ("competencies", "tutors", "rotation_plans"):
        files[kind] = tmp_path / f"{kind}.xlsx"
        exporting.export_records(db, kind, files[kind])
    ws = load_workbook(files["rotation_plans"]).worksheets[0]
    header = [c.value for c in ws[1]]
    # The positions by their names, as the office writes them (and reads them back).
    assert ws.cell(row=2, column=header.index("Learning positions and weeks") + 1).value == "A:20, B:32"
    # Imported again, every row is recognised as already there: nothing is written twice.
    for kind in ("competencies", "tutors", "rotation_plans"):
        report = importing.import_file(db, kind, files[kind])
        assert report.written == 0 and report.errors, kind
        assert {i.code for i in report.errors} <= {"duplicate", "duplicate.db"}, (kind, report.as_dict())
    assert records.count_records(db, "competencies") == 3


def test_collaborations_export_their_status_and_dates_and_import_again_the_same(db, tmp_path,  # type: ignore[no-untyped-def]
                                                                                sqlite_template) -> None:
    """An office's collaboration agreements (one in force, one ended, one a draft) exported, then imported into
    an empty database after their schools, companies, staff and coordinators: the same records, status, dates
    and signatories; a file that says 'active' without the dates it needs is refused naming them."""
    import shutil
    from datetime import date, timedelta

    from vetdesk.services.session import Office

    def empty_database(name: str) -> Office:
        shutil.copyfile(sqlite_template, tmp_path / name)
        return Office.open(str(tmp_path / name))

    today = date.today()
    schools = [f.make_school(db, name=f"CONALEP {n}") for n in ("Querétaro II", "Celaya", "Irapuato")]
    companies = [f.make_company(db, name=f"Empresa {n}") for n in "ABC"]
    liaison = records.create(db, "tutors", {"school_id": schools[0], "name": "Ing. Pablo Soto", "role": "liaison",
                                            "email": "pablo@conalep.mx"}).id
    coordinator = records.create(db, "coordinators", {"name": "Lic. Karla Méndez", "email": "karla@camexa.mx"}).id
    active = f.make_collaboration(db, school_id=schools[0], company_id=companies[0],
                                  start_date=today - timedelta(days=200), school_signatory_id=liaison,
                                  coordinator_id=coordinator, company_signatory="Ana Ruiz",
                                  place_of_signing="Querétaro", end_date=today + timedelta(days=800))
    ended = f.make_collaboration(db, school_id=schools[1], company_id=companies[1],
                                 start_date=today - timedelta(days=100))
    records.update(db, "collaborations", ended, {"status": "ended", "end_reason": "La empresa cerró la planta"})
    records.create(db, "collaborations", {"school_id": schools[2], "company_id": companies[2],
                                          "start_date": today.isoformat(), "notes": "Por firmar"})
    files = {}
    for kind in ("schools", "companies", "tutors", "coordinators", "collaborations"):
        files[kind] = tmp_path / f"{kind}.xlsx"
        exporting.export_records(db, kind, files[kind])
    header = [c.value for c in load_workbook(files["collaborations"]).worksheets[0][1]]
    for field in ("status", "printed_on", "school_signed_on", "company_signed_on", "chamber_signed_on",
                  "activated_on", "ended_on", "end_reason"):
        assert records.kind("collaborations").field(field).title() in header, field
    empty = empty_database("empty.sqlite3")
    for kind in ("schools", "companies", "tutors", "coordinators", "collaborations"):
        report = importing.import_file(empty, kind, files[kind])
        assert not report.errors, (kind, report.as_dict())

    # The same records: every column, the schools, companies and signatories by their keys (CCT, RFC, e-mail).
    assert exporting.record_rows(empty, "collaborations") == exporting.record_rows(db, "collaborations")
    again = records.list_records(empty, "collaborations", records.ListQuery(order_by="id"))
    before = records.list_records(db, "collaborations", records.ListQuery(order_by="id"))
    assert [r["status"] for r in again] == ["active", "ended", "draft"]
    dates = ("start_date", "end_date", "printed_on", "school_signed_on", "company_signed_on", "chamber_signed_on",
             "activated_on", "ended_on", "end_reason", "notes", "company_signatory", "place_of_signing")
    assert [{k: r[k] for k in dates} for r in again] == [{k: r[k] for k in dates} for r in before]
    assert records.get(empty, "collaborations", active)["reference"] == records.get(db, "collaborations",
                                                                                     active)["reference"]
    ws = load_workbook(files["collaborations"])
    sheet = ws.worksheets[0]
    column = header.index(records.kind("collaborations").field("activated_on").title()) + 1
    sheet.cell(row=2, column=column).value = None
    broken = tmp_path / "broken.xlsx"
    ws.save(broken)
    other = empty_database("other.sqlite3")
    for kind in ("schools", "companies", "tutors", "coordinators"):
        importing.import_file(other, kind, files[kind])
    report = importing.import_file(other, "collaborations", broken)
    assert [(i.row, i.code) for i in report.errors] == [(2, "collaboration.recorded")], report.as_dict()
    empty.dispose()
    other.dispose()
