"""All or nothing, --valid-only, --dry-run, duplicates in the file and against the database, --update."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from vetdesk.services import importing, records
from vetdesk.storage.engine import Database

HEADER = ["CURP", "Nombre(s)", "Apellido paterno", "Fecha de nacimiento", "Sexo", "Correo", "Padre o tutor"]


def _rows(curps: dict[str, tuple[str, str]], names: list[str], bad: str | None = None) -> list[list[Any]]:
    out = [HEADER]
    for curp in names:
        birth, sex = curps[curp]
        email = "no-es-correo" if curp == bad else f"{curp.lower()}@example.mx"
        out.append([curp, "Ana", "Prueba", birth, sex, email, "Rosa Prueba"])
    return out


def _import(db: Database, path: Path, **options: Any) -> importing.ImportReport:
    table = importing.read_table(path)
    return importing.run_import(db, "apprentices", table, importing.propose_mapping("apprentices", table.headers),
                                **options)


THREE = ["GALM090314MASRPRA2", "HERJ081102HBCRZNA0", "MANX090730MCHRNMA2"]


def test_one_bad_row_writes_nothing(db: Database, write_csv: Callable[..., Path],
                                    curps: dict[str, tuple[str, str]]) -> None:
    text = "\n".join(",".join(r) for r in _rows(curps, THREE, bad=THREE[1]))
    report = _import(db, write_csv(text))
    assert report.error_rows == [3]
    assert report.errors[0].column == "Correo" and report.errors[0].value == "no-es-correo"
    assert report.written == 0
    assert records.count_records(db, "apprentices") == 0


def test_valid_only_writes_the_good_rows_in_one_go(db: Database, write_csv: Callable[..., Path],
                                                   curps: dict[str, tuple[str, str]]) -> None:
    text = "\n".join(",".join(r) for r in _rows(curps, THREE, bad=THREE[1]))
    report = _import(db, write_csv(text), valid_only=True)
    assert (report.written, report.created, report.error_rows) == (2, 2, [3])
    assert sorted(r["curp"] for r in records.list_records(db, "apprentices")) == sorted([THREE[0], THREE[2]])
    history = records.history(db, "apprentices", records.list_ids(db, "apprentices")[0])
    assert [h["action"] for h in history] == ["create"]
    assert history[0]["operation"] == "Import apprentices"


def test_dry_run_writes_nothing_and_exit_code_follows_errors(db: Database, write_csv: Callable[..., Path],
                                                             curps: dict[str, tuple[str, str]], cli) -> None:  # type: ignore[no-untyped-def]
    good = write_csv("\n".join(",".join(r) for r in _rows(curps, THREE)), name="good.csv")
    code, out, err = cli(db, "import", "apprentices", str(good), "--dry-run", "--json")
    assert code == 0
    assert json.loads(out)["written"] == 0 and "Dry run" in err
    assert records.count_records(db, "apprentices") == 0
    bad = write_csv("\n".join(",".join(r) for r in _rows(curps, THREE, bad=THREE[0])), name="bad.csv")
    code, out, _err = cli(db, "import", "apprentices", str(bad), "--dry-run", "--json")
    assert code == 1
    assert [e["row"] for e in json.loads(out)["errors"]] == [2]
    code, _out, _err = cli(db, "import", "apprentices", str(good))
    assert code == 0
    assert records.count_records(db, "apprentices") == 3


def test_duplicates_against_the_database_are_refused_then_updated(
        db: Database, write_xlsx: Callable[..., Path], curps: dict[str, tuple[str, str]],
        apprentice_values: Callable[..., dict[str, Any]]) -> None:
    existing = records.create(db, "apprentices", apprentice_values(THREE[0], email="old@example.mx",
                                                                   phone="4420000000"), accept_warnings=True)
    path = write_xlsx(_rows(curps, THREE))
    report = _import(db, path)
    assert [(e.row, e.code, e.column) for e in report.errors] == [(2, "duplicate.db", "CURP")]
    assert f"apprentice {existing.id}" in report.errors[0].message
    assert records.count_records(db, "apprentices") == 1

    report = _import(db, path, update=True)
    assert (report.errors, report.created, report.updated) == ([], 2, 1)
    after = records.get(db, "apprentices", existing.id)
    assert after["email"] == THREE[0].lower() + "@example.mx"
    assert after["phone"] == "4420000000"  # no column in the file: left as it was
    assert after["guardian_relation"] == "mother"  # a choice: stored as its code, printed in each language
    assert after["version"] == existing.record["version"] + 1
    changes = records.history(db, "apprentices", existing.id)[-1]["changes"]
    assert changes["before"]["email"] == "old@example.mx"

    report = _import(db, path, update=True)  # the same file again changes nothing
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert records.get(db, "apprentices", existing.id)["version"] == after["version"]


def test_update_needs_the_key_column_and_rules_still_apply(
        db: Database, write_xlsx: Callable[..., Path], apprentice_values: Callable[..., dict[str, Any]]) -> None:
    records.create(db, "apprentices", apprentice_values(THREE[0]), accept_warnings=True)
    path = write_xlsx([["CURP", "Fecha de nacimiento"], [THREE[0], "15/03/2009"]])
    report = _import(db, path, update=True)
    assert [(e.row, e.code, e.column) for e in report.errors] == [(2, "birth_date.curp", "Fecha de nacimiento")]
    assert records.list_records(db, "apprentices")[0]["birth_date"].isoformat() == "2009-03-14"


def test_missing_required_column_is_one_file_problem(sqlite_db: Database, write_csv: Callable[..., Path]) -> None:
    report = _import(sqlite_db, write_csv("CURP;Nombre\nGALM090314MASRPRA2;Ana\n"))
    fields = sorted(e.field for e in report.errors)
    assert fields == ["first_surname"]  # the birth date and sex come from the CURP (domain.identifiers.from_curp)
    assert all(e.row == 1 and e.code == "column.missing" for e in report.errors)
    # The import says it in the words both the window and the command line can use (the command line adds --map).
    assert "say which column holds it" in report.errors[0].message and "--map" not in report.errors[0].message


def test_map_option_names_an_unknown_column(sqlite_db: Database, write_csv: Callable[..., Path], cli,  # type: ignore[no-untyped-def]
                                            curps: dict[str, tuple[str, str]]) -> None:
    rows = _rows(curps, THREE[:1])
    rows[0] = ["Clave única", *rows[0][1:], "Folio"]
    rows[1] = [*rows[1], "A-17"]
    path = write_csv("\n".join(",".join(r) for r in rows))
    code, out, _err = cli(sqlite_db, "import", "apprentices", str(path), "--json")
    assert code == 1
    assert json.loads(out)["unmapped_columns"] == ["Clave única", "Folio"]
    code, out, _err = cli(sqlite_db, "import", "apprentices", str(path), "--json", "--map", "clave UNICA=curp")
    assert code == 0
    data = json.loads(out)
    assert (data["written"], data["unmapped_columns"]) == (1, ["Folio"])
    code, _out, err = cli(sqlite_db, "import", "apprentices", str(path), "--map", "Clave única=no_such_field")
    assert code == 2 and "no_such_field" in err


def test_cancel_and_progress(sqlite_db: Database, write_csv: Callable[..., Path],
                             curps: dict[str, tuple[str, str]]) -> None:
    path = write_csv("\n".join(",".join(r) for r in _rows(curps, THREE)))
    seen: list[tuple[int, int]] = []
    report = _import(sqlite_db, path, progress=lambda done, total: seen.append((done, total)),
                     cancelled=lambda: True)
    assert report.cancelled and report.written == 0
    assert records.count_records(sqlite_db, "apprentices") == 0
    assert seen == []  # cancelled before the first row
    seen.clear()
    report = _import(sqlite_db, path, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (6, 6) and report.written == 3
    assert [d for d, _t in seen] == sorted(d for d, _t in seen)  # the bar only moves forward


def test_agreements_refer_by_natural_keys_and_read_money_forms(
        db: Database, write_xlsx: Callable[..., Path], apprentice_values: Callable[..., dict[str, Any]]) -> None:
    header = "Fecha de término"
    school = records.create(db, "schools", {"name": "CONALEP", "cct": "22DPT0004Q"})
    company = records.create(db, "companies", {"name": "Maquinados del Bajío", "rfc": "MBA010101AB1",
                                               "legal_representative": "Ing. Ruiz"})
    programme = records.create(db, "programmes", {"code": "MECA", "name": "Mecatrónica", "duration_months": 24})
    instructor = records.create(db, "instructors", {"company_id": company.id, "name": "Pedro Ruiz",
                                                    "email": "pedro@mba.example.mx",
                                                    "qualification": "AdA-International", "capacity": 10})
    money = ["$4,500.00", "4500", "4.500,00", 4500]
    names = THREE + ["SAOF080505MGTNRRA0"]
    for curp in names:
        records.create(db, "apprentices", apprentice_values(curp, school_id=school.id, semester=4),
                       accept_warnings=True)
    rows: list[list[Any]] = [["CURP", "RFC", "CCT", "Clave de la carrera", "Correo del instructor",
                              "Fecha de inicio", header, "Beca"]]
    for curp, amount in zip(names, money, strict=True):
        rows.append([curp.lower(), "mba010101ab1", "22DPT0004Q", "meca", "Pedro@MBA.example.mx",
                     "24/08/2026", "2028-08-23", amount])
    rows.append([THREE[0], "MBA010101AB1", "22DPT0004Q", "MECA", "", "01/09/2026", "31/08/2027", ""])
    rows.append(["GALM090314MASRPRA2", "XXX010101XX1", "22DPT0004Q", "NOPE", "", "01/01/2029", "01/01/2030", ""])
    table = importing.read_table(write_xlsx(rows))
    mapping = importing.propose_mapping("agreements", table.headers)
    assert mapping[header] == "end_date"
    report = importing.run_import(db, "agreements", table, mapping, valid_only=True)
    problems = {(e.row, e.column, e.code) for e in report.errors}
    assert (6, "Fecha de inicio", "dates.overlap") in problems  # overlaps row 2 of the same file
    assert "row 2 of this file" in next(e.message for e in report.errors if e.code == "dates.overlap")
    assert (7, "RFC", "ref.missing") in problems and (7, "Clave de la carrera", "ref.missing") in problems
    assert report.written == 4
    listed = records.list_records(db, "agreements")
    assert {str(a["stipend_amount"]) for a in listed} == {"4500.00"}
    assert {(a["company_id"], a["programme_id"], a["instructor_id"], a["status"]) for a in listed} == {
        (company.id, programme.id, instructor.id, "draft")}
    assert all(a["reference"].startswith("CA-2026-") for a in listed)

    from vetdesk.services import exporting

    headers, rows = exporting.record_rows(db, "agreements")
    assert headers[:4] == ["Reference", "Status", "Apprentice's CURP", "Company RFC"]
    assert {(r[2], r[3], r[headers.index("Programme code")]) for r in rows} == {
        (c, "MBA010101AB1", "MECA") for c in names}


def test_companies_programmes_and_instructors(db: Database, write_csv: Callable[..., Path]) -> None:
    companies = write_csv("Razón social;RFC;País;Representante legal\n"
                          "Maquinados del Bajío;mba-010101-ab1;;Ing. Ruiz\n"
                          "Aceros del Norte;ANO010101AB2;MX;\n"
                          "Maquinados otra vez;MBA010101AB1;MX;Lic. Soto\n", encoding="cp1252", name="e.csv")
    table = importing.read_table(companies)
    report = importing.run_import(db, "companies", table, importing.propose_mapping("companies", table.headers),
                                  valid_only=True)
    assert [(e.row, e.code) for e in report.errors] == [(4, "duplicate.file")]
    assert [(w.row, w.code) for w in report.warnings] == [(3, "company.representative")]
    assert {c["rfc"]: c["id_country"] for c in records.list_records(db, "companies")} == {
        "MBA010101AB1": "MX", "ANO010101AB2": "MX"}

    programmes = write_csv("Clave,Carrera,Duración (meses)\nMECA,Mecatrónica,24\nLOG,Logística,99\n", name="p.csv")
    table = importing.read_table(programmes)
    report = importing.run_import(db, "programmes", table, importing.propose_mapping("programmes", table.headers))
    assert [(e.row, e.column, e.code) for e in report.errors] == [(3, "Duración (meses)", "number.range")]
    assert report.written == 0

    instructors = write_csv("Nombre,RFC de la empresa,Correo,Cualificación\n"
                            "Pedro Ruiz,MBA010101AB1,pedro@mba.example.mx,AdA-International\n"
                            "Luisa Gómez,ZZZ010101AB1,luisa@example.mx,\n", name="i.csv")
    table = importing.read_table(instructors)
    report = importing.run_import(db, "instructors", table, importing.propose_mapping("instructors", table.headers),
                                  valid_only=True)
    assert [(e.row, e.column, e.code) for e in report.errors] == [(3, "RFC de la empresa", "ref.missing")]
    (pedro,) = records.list_records(db, "instructors")
    assert pedro["company_id"] == records.list_records(db, "companies", records.ListQuery(search="bajio"))[0]["id"]
    # The same instructor again: a warning (e-mail already registered), or an update with --update.
    report = importing.run_import(db, "instructors", table, importing.propose_mapping("instructors", table.headers),
                                  dry_run=True)
    assert (2, "duplicate.db") in {(w.row, w.code) for w in report.warnings}


def test_imported_records_are_what_records_create_makes(db: Database, write_csv: Callable[..., Path],
                                                        apprentice_values: Callable[..., dict[str, Any]]) -> None:
    made = records.create(db, "apprentices", apprentice_values(THREE[0]), accept_warnings=True)
    path = write_csv("CURP,Nombre(s),Apellido paterno,Fecha de nacimiento,Sexo,Tutor,Parentesco,Teléfono del tutor\n"
                     f"{THREE[1]},Ana,Prueba,2008-11-02,H,Rosa Prueba,madre,4421234567\n")
    report = _import(db, path)
    assert report.written == 1
    imported_id = next(i for i in records.list_ids(db, "apprentices") if i != made.id)
    imported = records.get(db, "apprentices", imported_id)
    by_hand = records.get(db, "apprentices", made.id)
    assert set(imported) == set(by_hand)
    assert (imported["version"], imported["id_country"], imported["name"]) == (1, "MX", "Ana Prueba")
    after = records.history(db, "apprentices", imported_id)[0]["changes"]["after"]
    assert after == {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in imported.items()}
    found = records.list_records(db, "apprentices", records.ListQuery(search="PRUEBA ána"))  # search_text filled
    assert sorted(r["id"] for r in found) == sorted([made.id, imported_id])

    programmes = write_csv("Clave,Carrera,Duración (meses)\nMECA,Mecatrónica,24\n", name="p.csv")
    table = importing.read_table(programmes)
    report = importing.run_import(db, "programmes", table, importing.propose_mapping("programmes", table.headers))
    (programme,) = records.list_records(db, "programmes")
    assert records.get(db, "programmes", programme["id"])["scale"]["levels"]
    assert (programme["templates"], programme["min_semester"], programme["stps_permit_required"]) == ("mmfd", 3, True)
