"""Export writes what a list shows, dates as date cells, and the file imports back unchanged."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from vetdesk.services import exporting, importing, records
from vetdesk.storage.engine import Database, connect

TODAY = date(2026, 11, 25)
HOSTILE = {"address": '=HYPERLINK("http://x","y")', "guardian_name": "@SUM(1+1)", "guardian2_name": "-2+3",
           "guardian_phone": "+52 55 1234 5678", "guardian_id_document": "'=already quoted",
           "second_surname": "=cmd|' /C calc'!A0"}


def _assert_no_live_formula(path: Path) -> None:
    """No cell of the exported file is one a spreadsheet program would evaluate."""
    if path.suffix == ".csv":
        import csv

        with path.open(encoding="utf-8-sig", newline="") as fh:
            cells = [c for row in csv.reader(fh) for c in row]
        assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
        assert "'=HYPERLINK(\"http://x\",\"y\")" in cells and "''=already quoted" in cells
        return
    wb = openpyxl.load_workbook(path)
    try:
        cells = [c for row in wb.worksheets[0].iter_rows() for c in row]
    finally:
        wb.close()
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    hyperlink = next(c for c in cells if c.value == HOSTILE["address"])
    assert hyperlink.data_type == "s" and hyperlink.quotePrefix


def _fill(db: Database, samples: Path) -> None:
    for kind, name in (("schools", "planteles.csv"), ("apprentices", "aprendices_conalep_qro.xlsx")):
        table = importing.read_table(samples / name)
        report = importing.run_import(db, kind, table, importing.propose_mapping(kind, table.headers),
                                      valid_only=True, today=TODAY)
        assert report.written > 0


def _comparable(rows: list[dict], schools: dict[int, str]) -> list[dict]:  # type: ignore[type-arg]
    skip = {"id", "version", "school_id"}
    return sorted(({k: v for k, v in r.items() if k not in skip} | {"cct": schools.get(r["school_id"])}
                   for r in rows), key=lambda r: r["curp"])


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_round_trip_export_then_import(db: Database, samples: Path, tmp_path: Path, cli,  # type: ignore[no-untyped-def]
                                       sqlite_template: Path, suffix: str) -> None:
    _fill(db, samples)
    # Values a spreadsheet program would run as formulas (OWASP's CSV injection) travel as text.
    first = records.list_records(db, "apprentices")[0]["id"]
    records.update(db, "apprentices", first, HOSTILE, accept_warnings=True, today=TODAY)
    before = records.list_records(db, "apprentices")
    out = tmp_path / f"aprendices{suffix}"
    code, _out, err = cli(db, "export", "apprentices", "-o", str(out))
    assert code == 0 and "11 rows" in err
    _assert_no_live_formula(out)

    # Into the same database with --update: every row matches, nothing changes.
    code, _out, err = cli(db, "import", "apprentices", str(out), "--update")
    assert code == 0 and "0 updated, 11 already up to date" in err
    assert records.list_records(db, "apprentices") == before

    # Into a fresh database: the same records come back.
    shutil.copyfile(sqlite_template, tmp_path / "fresh.sqlite3")
    fresh = connect(tmp_path / "fresh.sqlite3")
    try:
        for school in records.list_records(db, "schools"):
            records.create(fresh, "schools", {"name": school["name"], "cct": school["cct"]})
        report = importing.import_file(fresh, "apprentices", out)
        assert (report.errors, report.written, report.unmapped_columns) == ([], 11, [])
        old_schools = {s["id"]: s["cct"] for s in records.list_records(db, "schools")}
        new_schools = {s["id"]: s["cct"] for s in records.list_records(fresh, "schools")}
        assert _comparable(records.list_records(fresh, "apprentices"), new_schools) == _comparable(before,
                                                                                                   old_schools)
    finally:
        fresh.dispose()


def test_xlsx_has_date_cells_and_natural_keys(db: Database, samples: Path, tmp_path: Path) -> None:
    _fill(db, samples)
    out = tmp_path / "a.xlsx"
    assert exporting.export_records(db, "apprentices", out) == 11
    ws = openpyxl.load_workbook(out).active
    assert ws is not None
    headers = [c.value for c in ws[1]]
    birth = ws.cell(row=2, column=headers.index("Birth date") + 1)
    assert birth.is_date and isinstance(birth.value, datetime)
    cct = ws.cell(row=2, column=headers.index("School code (CCT)") + 1).value
    assert cct in ("22DPT0004Q", "11ETC0012K")


def test_export_follows_the_list_filter(db: Database, samples: Path, tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    _fill(db, samples)
    out = tmp_path / "garcia.csv"
    code, _out, _err = cli(db, "export", "apprentices", "-o", str(out), "--search", "garcia")
    assert code == 0
    table = importing.read_table(out)
    assert [table.cell(r, "CURP") for r in table.rows] == ["GALM090314MASRPRA2"]


def test_export_rows_for_the_window_and_refusals(tmp_path: Path, cli, sqlite_db: Database) -> None:  # type: ignore[no-untyped-def]
    path = exporting.export_rows(tmp_path / "vista.csv", ["Nombre", "Inicio", "Beca"],
                                 [["Ana Núñez", date(2026, 8, 24), 4500]])
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert path.read_text(encoding="utf-8-sig").splitlines() == ["Nombre,Inicio,Beca", "Ana Núñez,2026-08-24,4500"]
    with pytest.raises(exporting.ExportError):
        exporting.export_rows(tmp_path / "vista.pdf", ["a"], [])
    code, _out, err = cli(sqlite_db, "export", "apprentices", "-o", str(tmp_path / "x.ods"))
    assert code == 2 and ".xlsx or .csv" in err
    assert not (tmp_path / "x.ods").exists()
    assert not list(tmp_path.glob(".*.part"))


@pytest.mark.parametrize("kind", importing.IMPORT_KINDS)
def test_template_headers_are_all_recognised(kind: str, tmp_path: Path, cli, sqlite_db: Database) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / f"{kind}.xlsx"
    code, _out, _err = cli(sqlite_db, "template", kind, "-o", str(out))
    assert code == 0
    table = importing.read_table(out)
    mapping = importing.propose_mapping(kind, table.headers)
    assert None not in mapping.values()
    assert sorted(v for v in mapping.values() if v) == sorted(f.name for f in importing.import_fields(kind))
    assert table.rows == []
