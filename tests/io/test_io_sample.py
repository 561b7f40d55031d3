"""The office's sample file gives exactly the problems its README lists, by spreadsheet row and column."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from vetdesk.services import importing, records
from vetdesk.storage.engine import Database

TODAY = date(2026, 11, 25)  # row 11's apprentice is 16 on this day


def _import_schools(db: Database, samples: Path) -> None:
    table = importing.read_table(samples / "planteles.csv")
    report = importing.run_import(db, "schools", table, importing.propose_mapping("schools", table.headers))
    assert (report.written, report.errors) == (2, [])


def test_sample_table_is_found_below_the_title_and_above_the_note(samples: Path) -> None:
    table = importing.read_table(samples / "aprendices_conalep_qro.xlsx")
    assert table.header_row == 3
    assert [r.number for r in table.rows] == list(range(4, 20))
    assert [n for n, _text in table.notes] == [21]
    mapping = importing.propose_mapping("apprentices", table.headers)
    assert mapping["Padre o tutor"] == "guardian_name"
    assert mapping["Teléfono del tutor"] == "guardian_phone"
    assert mapping["Teléfono"] == "phone"
    assert mapping["CCT"] == "school_cct"


def test_sample_reports_exactly_the_listed_problems(db: Database, samples: Path) -> None:
    expected = json.loads((samples / "aprendices_conalep_qro.expected.json").read_text(encoding="utf-8"))
    _import_schools(db, samples)
    table = importing.read_table(samples / "aprendices_conalep_qro.xlsx")
    mapping = importing.propose_mapping("apprentices", table.headers)
    report = importing.run_import(db, "apprentices", table, mapping, today=TODAY)

    assert report.rows == 16
    assert report.error_rows == sorted(int(r) for r in expected["errors"])
    assert sorted({w.row for w in report.warnings}) == sorted(int(r) for r in expected["warnings"])
    assert report.unmapped_columns == expected["unmapped_columns"]
    by_row = {i.row: i for i in report.errors}
    assert len(report.errors) == 5  # one problem per bad row, nothing else
    assert (by_row[7].column, by_row[7].code) == ("CURP", "curp.checksum")
    assert (by_row[9].column, by_row[9].code, by_row[9].value) == ("Fecha de nacimiento", "birth_date.curp",
                                                                   "10/09/2009")
    assert (by_row[13].column, by_row[13].code) == ("CURP", "duplicate.file")
    assert "rows 4 and 13" in by_row[13].message
    assert (by_row[14].column, by_row[14].code, by_row[14].value) == ("Correo electrónico", "email.format",
                                                                      "regina.morales@")
    assert (by_row[17].column, by_row[17].code, by_row[17].value) == ("CCT", "cct.format", "22-DPT-04")
    (warn,) = report.warnings
    assert (warn.row, warn.column, warn.code) == (11, "Padre o tutor", "guardian.missing")
    # All or nothing: the errors stopped the whole file.
    assert report.written == 0
    assert records.count_records(db, "apprentices") == 0


def test_sample_valid_rows_import_with_normalised_values(db: Database, samples: Path, cli) -> None:  # type: ignore[no-untyped-def]
    _import_schools(db, samples)
    code, out, _err = cli(db, "import", "apprentices", str(samples / "aprendices_conalep_qro.xlsx"),
                          "--valid-only", "--json")
    assert code == 0
    report = json.loads(out)
    assert (report["rows"], report["written"]) == (16, 11)
    assert sorted({e["row"] for e in report["errors"]}) == [7, 9, 13, 14, 17]
    assert report["unmapped_columns"] == ["No.", "Observaciones"]
    assert set(report["errors"][0]) >= {"row", "column", "value", "message"}
    rows = {r["curp"]: r for r in records.list_records(db, "apprentices")}
    assert "HERJ081102HBCRZNA0" in rows  # row 5: lower case with stray spaces, normalised
    assert rows["JIRI081031HVZMYKA3"]["birth_date"] == date(2008, 10, 31)  # Excel serial number
    assert rows["CAIP081212MCHSBLA6"]["birth_date"] == date(2008, 12, 12)  # real date cell
    assert rows["DOCC090106MASMRMA9"]["sex"] == "M"  # "Mujer"
    schools = {s["cct"]: s["id"] for s in records.list_records(db, "schools")}
    assert rows["OESA090621HDFRLNA6"]["school_id"] == schools["11ETC0012K"]
    assert rows["GALM090314MASRPRA2"]["given_names"] == "María José"


def test_sample_without_valid_only_exits_1_and_lists_rows(db: Database, samples: Path, cli) -> None:  # type: ignore[no-untyped-def]
    _import_schools(db, samples)
    code, out, err = cli(db, "import", "apprentices", str(samples / "aprendices_conalep_qro.xlsx"))
    assert code == 1
    assert "row 7, CURP" in out and "row 17, CCT (22-DPT-04)" in out
    assert "not imported: column Observaciones" in out
    assert "Nothing was written" in err
    assert records.count_records(db, "apprentices") == 0


def test_wizard_preview_equals_the_import(sqlite_db: Database, samples: Path) -> None:
    """The wizard previews with validate_import, then imports: both see the same problems."""
    _import_schools(sqlite_db, samples)
    table = importing.read_table(samples / "aprendices_conalep_qro.xlsx")
    mapping = importing.propose_mapping("apprentices", table.headers)
    preview = importing.validate_import(sqlite_db, "apprentices", table, mapping, today=TODAY)
    assert records.count_records(sqlite_db, "apprentices") == 0
    done = importing.run_import(sqlite_db, "apprentices", table, mapping, valid_only=True, today=TODAY)
    assert [i.as_dict() for i in preview.errors] == [i.as_dict() for i in done.errors]
    assert preview.valid_rows == done.valid_rows and done.written == len(preview.valid_rows) == 11
    assert [i.code for i in preview.issues_for(11)] == ["guardian.missing"]
    assert preview.issues_for(4) == []
