"""Hostile spreadsheets (issue 24, item 14): each is refused quickly with a message naming the file and the limit,
before it can take the PC's memory or time; ordinary files in other encodings are read right.
"""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from vetdesk.services import importing
from vetdesk.services.importing import ImportFileError


def _workbook_parts(path: Path) -> dict[str, bytes]:
    wb = Workbook()
    ws = wb.active
    ws.append(["CURP", "Nombre(s)", "Apellido paterno"])
    ws.append(["PELJ080101HDFRRN09", "Ana", "Ruiz"])
    buffer = io.BytesIO()
    wb.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _xlsx(path: Path, replace: dict[str, bytes]) -> Path:
    """A real workbook with some parts replaced (written packed, as spreadsheet programs do)."""
    parts = _workbook_parts(path) | replace
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def _sheet(rows: bytes) -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main"><sheetData>' + rows + b"</sheetData></worksheet>")


def _refused(path: Path, *fragments: str) -> str:
    started = time.monotonic()
    with pytest.raises(ImportFileError) as refusal:
        importing.read_table(path)
    assert time.monotonic() - started < 20
    message = str(refusal.value)
    assert path.name in message
    for fragment in fragments:
        assert fragment in message, message
    return message


SHEET = "xl/worksheets/sheet1.xml"


def test_a_200_million_character_cell_packed_small_is_refused_before_unpacking(tmp_path: Path, monkeypatch) -> None:
    huge = b'<row r="1"><c r="A1" t="inlineStr"><is><t>' + b"A" * 200_000_000 + b"</t></is></c></row>"
    path = _xlsx(tmp_path / "bomba.xlsx", {SHEET: _sheet(huge)})
    assert path.stat().st_size < 1_000_000
    _refused(path, f"more than the {importing.MAX_PACKING_RATIO} times")
    # Packed no tighter than a spreadsheet, it is still more than vetdesk unpacks.
    monkeypatch.setattr(importing.reading, "MAX_PACKING_RATIO", 10_000)
    monkeypatch.setattr(importing.reading, "MAX_UNPACKED_BYTES", 150 * 1024 * 1024)
    _refused(path, "up to 150 MB unpacked")


def test_a_part_packed_far_more_than_a_spreadsheet_is_refused(tmp_path: Path) -> None:
    cell = b'<row r="1"><c r="A1" t="inlineStr"><is><t>' + b"A" * 30_000_000 + b"</t></is></c></row>"
    path = _xlsx(tmp_path / "comprimido.xlsx", {SHEET: _sheet(cell)})
    _refused(path, f"more than the {importing.MAX_PACKING_RATIO} times")


def test_a_long_cell_within_the_size_limits_is_refused_by_its_length(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(importing.reading, "MAX_PACKING_RATIO", 10_000)  # this one packs well; its length is the point
    cell = (b'<row r="1"><c r="A1" t="inlineStr"><is><t>CURP</t></is></c><c r="B1" t="inlineStr"><is><t>Nombre'
            b'</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>' + b"A" * 40_000 + b"</t></is></c></row>")
    path = _xlsx(tmp_path / "celda.xlsx", {SHEET: _sheet(cell)})
    _refused(path, "row 2, column A", f"up to {importing.MAX_CELL_LENGTH:,}")  # as English writes numbers


def test_millions_of_empty_rows_are_refused_quickly(tmp_path: Path) -> None:
    rows = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>' % (i, i)
                    for i in range(1, 3_000_001, 1000))  # three million rows, nearly all of them empty
    path = _xlsx(tmp_path / "filas.xlsx", {SHEET: _sheet(rows)})
    _refused(path, f"more than {importing.MAX_SHEET_ROWS} rows")


def test_more_rows_with_data_than_an_import_takes_are_refused(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(importing.reading, "MAX_ROWS", 500)
    rows = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>' % (i, i)
                    for i in range(1, 1002))
    path = _xlsx(tmp_path / "datos.xlsx", {SHEET: _sheet(rows)})
    _refused(path, "more than 500 rows")


def test_rows_beyond_what_a_sheet_holds_are_refused(tmp_path: Path) -> None:
    rows = b'<row r="1"><c r="A1" t="inlineStr"><is><t>CURP</t></is></c></row>' \
           b'<row r="1048577"><c r="A1048577" t="inlineStr"><is><t>x</t></is></c></row>'
    path = _xlsx(tmp_path / "larga.xlsx", {SHEET: _sheet(rows)})
    _refused(path, f"more than {importing.MAX_SHEET_ROWS} rows")


@pytest.mark.parametrize(("name", "xml"), [
    ("entidad.xlsx", b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                     b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                     b'<row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t></is></c></row></sheetData></worksheet>'),
    ("risas.xlsx", b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
                   b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
                   b'<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]>'
                   b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                   b'<row r="1"><c r="A1" t="inlineStr"><is><t>&f;&f;&f;&f;</t></is></c></row></sheetData>'
                   b'</worksheet>'),
    ("roto.xlsx", b'<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1"'),
])
def test_entities_billion_laughs_and_broken_xml_are_refused(tmp_path: Path, name: str, xml: bytes) -> None:
    path = _xlsx(tmp_path / name, {SHEET: xml})
    message = _refused(path, "not a readable .xlsx file")
    assert "root:" not in message  # nothing of /etc/passwd


def test_an_entity_in_the_workbook_part_is_refused_when_listing_sheets(tmp_path: Path) -> None:
    parts = _workbook_parts(tmp_path / "x.xlsx")
    workbook = parts["xl/workbook.xml"].replace(b"<workbook", b'<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                                                              b"<workbook", 1)
    path = _xlsx(tmp_path / "libro.xlsx", {"xl/workbook.xml": workbook})
    with pytest.raises(ImportFileError) as refusal:
        importing.sheet_names(path)
    assert "libro.xlsx is not a readable .xlsx file" in str(refusal.value)


def test_a_csv_field_of_200000_characters_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "campo.csv"
    path.write_text("CURP,Nombre(s)\nPELJ080101HDFRRN09," + "A" * 200_000 + "\n", encoding="utf-8")
    _refused(path, f"more than {importing.MAX_CELL_LENGTH:,} characters")


def test_a_csv_with_too_many_rows_or_bytes_is_refused(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "muchas.csv"
    path.write_text("CURP,Nombre(s)\n" + "X,Y\n" * (importing.MAX_ROWS + 1), encoding="utf-8")
    _refused(path, f"more than {importing.MAX_ROWS} rows")
    monkeypatch.setattr(importing.reading, "MAX_FILE_BYTES", 1024)
    _refused(path, "up to 0 MB")


def test_a_csv_with_a_nul_byte_is_read_and_its_row_refused_by_the_field(tmp_path: Path, sqlite_db) -> None:
    path = tmp_path / "nulo.csv"
    path.write_bytes(b"Nombre del plantel,CCT\nCONALEP\x00 Norte,22DPT0001K\n")
    table = importing.read_table(path)
    report = importing.run_import(sqlite_db, "schools", table, importing.propose_mapping("schools", table.headers),
                                  dry_run=True)
    assert [(e.row, e.code) for e in report.errors] == [(2, "text.control")]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-8-sig", "cp1252"])
def test_csv_in_the_encodings_offices_use_is_read_right(tmp_path: Path, encoding: str) -> None:
    text = ("Nombre del plantel;CCT;Municipio\r\nCONALEP Querétaro;22DPT0001K;Santiago de Querétaro\r\n"
            "CECyTE Peñuelas;22ETC0002B;El Marqués\r\n")
    data = text.encode(encoding)
    if encoding == "utf-16-le":
        assert not data.startswith(b"\xff\xfe")  # no BOM: charset-normalizer tells
    path = tmp_path / f"planteles-{encoding}.csv"
    path.write_bytes(data)
    table = importing.read_table(path)
    assert table.headers == ["Nombre del plantel", "CCT", "Municipio"]
    assert [row.values for row in table.rows] == [("CONALEP Querétaro", "22DPT0001K", "Santiago de Querétaro"),
                                                  ("CECyTE Peñuelas", "22ETC0002B", "El Marqués")]


def test_the_limits_are_far_above_an_office_list() -> None:
    assert importing.MAX_ROWS >= 100_000 and importing.MAX_COLUMNS >= 100
    assert importing.MAX_CELL_LENGTH == 32_767  # what a spreadsheet program itself lets a cell hold
