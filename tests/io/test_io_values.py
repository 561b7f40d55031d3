"""Files and values as offices type them: encodings, delimiters, headers, dates, money and sex."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from vetdesk.services import fields as F
from vetdesk.services import importing, records
from vetdesk.storage.engine import Database

SCHOOLS = ("Nombre del plantel{d}CCT{d}Municipio\n"
           "CONALEP Querétaro II{d}22DPT0004Q{d}Querétaro\n"
           "CECyTE Plantel Apaseo{d}11ETC0012K{d}Apaseo el Grande\n")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("delimiter", [",", ";"])
def test_csv_encoding_and_delimiter_are_detected(write_csv: Callable[..., Path], encoding: str,
                                                 delimiter: str) -> None:
    path = write_csv(SCHOOLS.format(d=delimiter), encoding=encoding)
    table = importing.read_table(path)
    assert table.headers == ["Nombre del plantel", "CCT", "Municipio"]
    assert [r.values for r in table.rows] == [("CONALEP Querétaro II", "22DPT0004Q", "Querétaro"),
                                              ("CECyTE Plantel Apaseo", "11ETC0012K", "Apaseo el Grande")]
    assert [r.number for r in table.rows] == [2, 3]


def test_cp1252_is_not_mistaken_for_utf8() -> None:
    assert importing.decode_text("Año;Señal\n".encode("cp1252")) == "Año;Señal\n"
    assert importing.decode_text("\ufeffAño".encode()) == "Año"


def test_quoted_commas_and_semicolon_files_with_decimal_commas(write_csv: Callable[..., Path]) -> None:
    path = write_csv('Título del listado\n\nRazón social;RFC;Beca\n"Maquinados, S.A.";MBA010101AB1;4.500,00\n')
    table = importing.read_table(path)
    assert table.header_row == 3
    assert table.rows[0].values == ("Maquinados, S.A.", "MBA010101AB1", "4.500,00")


def test_title_rows_blank_rows_and_trailing_note_in_xlsx(write_xlsx: Callable[..., Path]) -> None:
    path = write_xlsx([["Listado de empresas 2026"], [], ["Empresa", "RFC", "Giro"],
                       ["Maquinados del Bajío", "MBA010101AB1", "Metalmecánica"], [None, None, None],
                       ["Aceros del Norte", "ANO010101AB2", "Acero"], [],
                       ["Nota: fuente directorio de la cámara, 2026."]], sheet="Empresas")
    table = importing.read_table(path, "Empresas")
    assert (table.header_row, [r.number for r in table.rows]) == (3, [4, 6])
    assert table.notes == [(8, "Nota: fuente directorio de la cámara, 2026.")]
    with pytest.raises(importing.ImportFileError, match="no sheet Hoja9"):
        importing.read_table(path, "Hoja9")


def test_a_trailing_row_with_one_value_that_is_data_stays_a_row(write_xlsx: Callable[..., Path]) -> None:
    path = write_xlsx([["Empresa", "RFC", "Giro"], ["Maquinados", "MBA010101AB1", "Metal"], [None, "ANO010101AB2"]])
    assert [r.number for r in importing.read_table(path).rows] == [2, 3]


@pytest.mark.parametrize(("kind", "header", "field"), [
    ("apprentices", "NOMBRE(S)", "given_names"), ("apprentices", "Nombre", "given_names"),
    ("apprentices", "Given names", "given_names"), ("apprentices", "Vorname", "given_names"),
    ("apprentices", "apellido  paterno", "first_surname"), ("apprentices", "First surname", "first_surname"),
    ("apprentices", "Apellido Materno", "second_surname"), ("apprentices", "Second surname", "second_surname"),
    ("apprentices", "Fecha de Nacimiento", "birth_date"), ("apprentices", "Birth date", "birth_date"),
    ("apprentices", "Geburtsdatum", "birth_date"), ("apprentices", "SEXO", "sex"),
    ("apprentices", "Geschlecht", "sex"), ("apprentices", "Correo electronico", "email"),
    ("apprentices", "E-Mail", "email"), ("apprentices", "Teléfono", "phone"), ("apprentices", "Telefon", "phone"),
    ("apprentices", "Clave del Centro de Trabajo", "school_cct"), ("apprentices", "Semestre", "semester"),
    ("apprentices", "N.S.S.", "nss"), ("apprentices", "Tutor", "guardian_name"),
    ("apprentices", "Padre o tutor", "guardian_name"), ("apprentices", "Guardian", "guardian_name"),
    ("apprentices", "Teléfono del tutor", "guardian_phone"), ("apprentices", "Guardian phone", "guardian_phone"),
    ("companies", "Razón social", "name"), ("companies", "Empresa", "name"), ("companies", "Firma", "name"),
    ("companies", "R.F.C.", "rfc"), ("schools", "CCT", "cct"), ("agreements", "Fecha de inicio", "start_date"),
    ("agreements", "Beginn", "start_date"), ("agreements", "Fecha de término", "end_date"),
    ("agreements", "Fecha fin", "end_date"), ("agreements", "End date", "end_date"), ("agreements", "Ende", "end_date"),
    ("agreements", "Apoyo económico", "stipend_amount"), ("agreements", "Vergütung", "stipend_amount"),
    ("agreements", "Stipend", "stipend_amount"), ("agreements", "CURP", "apprentice_curp"),
])
def test_header_variants(kind: str, header: str, field: str) -> None:
    assert importing.propose_mapping(kind, [header, "Observaciones"]) == {header: field, "Observaciones": None}


def test_each_field_is_mapped_once_and_overrides_move_it() -> None:
    mapping = importing.propose_mapping("apprentices", ["Nombre", "Nombre(s)", "Correo"])
    assert list(mapping.values()).count("given_names") == 1
    moved = importing.apply_overrides("apprentices", mapping, {"nombre": "first_surname"})
    assert moved["Nombre"] == "first_surname"
    with pytest.raises(KeyError, match="no column Apellido"):
        importing.apply_overrides("apprentices", mapping, {"Apellido": "first_surname"})


DATE = F.Field("birth_date", "date", "Birth date")


@pytest.mark.parametrize("cell", ["14/03/2009", "14/3/09", "2009-03-14", 39886, 39886.0, "39886",
                                  datetime(2009, 3, 14), date(2009, 3, 14), "2009-03-14 00:00:00", "14.03.2009",
                                  " 14/03/2009 "])
def test_date_forms(cell: Any) -> None:
    assert F.parse_value(DATE, importing.prepare_value("date", cell)) == (date(2009, 3, 14), None)


@pytest.mark.parametrize("cell", ["$4,500.00", "4500", "4.500,00", 4500, 4500.0, "4,500", "$ 4 500.00", "4500,00"])
def test_money_forms(cell: Any) -> None:
    amount = F.Field("stipend_amount", "decimal", "Stipend")
    value, problem = F.parse_value(amount, importing.prepare_value("decimal", cell))
    assert problem is None and value == Decimal("4500")


@pytest.mark.parametrize(("cell", "letter"), [("H", "H"), ("m", "M"), ("X", "X"), ("Hombre", "H"), ("MUJER", "M"),
                                              ("Masculino", "H"), ("Femenino", "M"), ("male", "H"),
                                              ("Female", "M"), ("weiblich", "M")])
def test_sex_forms(cell: str, letter: str) -> None:
    sex = F.Field("sex", "sex", "Sex")
    assert F.parse_value(sex, importing.prepare_value("sex", cell)) == (letter, None)


def test_numbers_typed_in_text_and_int_columns() -> None:
    assert importing.prepare_value("text", 4422215279) == "4422215279"
    assert importing.prepare_value("text", 4422215279.0) == "4422215279"
    assert importing.prepare_value("int", 4.0) == 4
    assert importing.prepare_value("int", "5to") == "5"
    assert importing.prepare_value("int", "3°") == "3"


def test_every_form_in_one_file_imports(db: Database, write_xlsx: Callable[..., Path],
                                        curps: dict[str, tuple[str, str]]) -> None:
    records.create(db, "schools", {"name": "CONALEP Querétaro II", "cct": "22DPT0004Q"})
    forms: list[tuple[str, Any, Any]] = [
        ("GALM090314MASRPRA2", "14/03/2009", "Mujer"), ("HERJ081102HBCRZNA0", "2/11/08", "Masculino"),
        ("MANX090730MCHRNMA2", "2009-07-30", "female"), ("SAOF080505MGTNRRA0", 39573, "F"),
        ("JIRI081031HVZMYKA3", datetime(2008, 10, 31), "male"), ("DOCC090106MASMRMA9", "39819", "M"),
    ]
    rows: list[list[Any]] = [["CURP", "Nombre(s)", "Apellido paterno", "Fecha de nacimiento", "Sexo", "CCT",
                              "Semestre", "Tutor"]]
    for curp, birth, sex in forms:
        rows.append([f"  {curp[:9].lower()} {curp[9:]} ", "  María   José ", "García", birth, sex,
                     "22dpt0004q", 4.0, "Rosa García"])
    table = importing.read_table(write_xlsx(rows))
    report = importing.run_import(db, "apprentices", table, importing.propose_mapping("apprentices", table.headers))
    assert report.errors == [] and report.written == len(forms)
    saved = {r["curp"]: r for r in records.list_records(db, "apprentices")}
    for curp, _birth, _sex in forms:
        birth, sex = curps[curp]
        assert (saved[curp]["birth_date"].isoformat(), saved[curp]["sex"]) == (birth, sex)
        assert saved[curp]["given_names"] == "María José" and saved[curp]["semester"] == 4
