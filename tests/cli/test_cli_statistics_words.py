"""``vetdesk export statistics`` writes what an officer sends to a school or the chamber: headers and values in the
user's language ("Grupo de edad", "vigente", "mujer"), counts as numbers, and a note on the cells not shown; the
internal codes (``age_band``, ``active``, ``company``) only with ``--codes``, for a program."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests import factories as f
from vetdesk import i18n
from vetdesk.commands import main

CODES = {"programme", "company", "state", "sex", "age_band", "draft", "active", "printed", "signed", "H", "M",
         "<15", "18-20", "21+"}


@pytest.fixture
def office(db):  # type: ignore[no-untyped-def]
    company = f.make_company(db, name="Frenos del Bajío", state="Querétaro")
    programme = f.make_programme(db)
    for i in range(7):
        f.make_agreement(db, company_id=company, programme_id=programme,
                         apprentice_id=f.make_apprentice(db, sex="M" if i < 5 else "H"))
    return db


def _run(db, language: str, *args: str) -> None:  # type: ignore[no-untyped-def]
    try:
        assert main(["--db", db.url, "--lang", language, "export", "statistics", *args]) == 0
    finally:
        i18n.set_language("en")


@pytest.mark.parametrize(("language", "words"), [
    ("es", {"header": ("Agrupado por", "Grupo", "Estado del convenio", "Convenios"), "company": "Empresa",
            "draft": "borrador", "age": "Grupo de edad", "years": "años", "women": "mujer",
            "state": "Entidad federativa"}),
    ("de", {"header": ("Gruppiert nach", "Gruppe", "Status des Vertrags", "Vereinbarungen"),
            "company": "Unternehmen",
            "draft": "Entwurf", "age": "Altersgruppe", "years": "Jahre", "women": "weiblich", "state": "Bundesstaat"}),
])
def test_the_exported_figures_read_in_the_users_language(office, tmp_path: Path, language: str,  # type: ignore[no-untyped-def]
                                                         words: dict) -> None:  # type: ignore[type-arg]
    target = tmp_path / "estadisticas.xlsx"
    _run(office, language, "-o", str(target))
    rows = list(load_workbook(target).active.iter_rows(values_only=True))
    assert rows[0] == words["header"]
    figures = [r for r in rows[1:] if r[3] is not None]
    assert (words["company"], "Frenos del Bajío", words["draft"], 7) in figures  # a count is a number
    assert all(isinstance(r[3], int) or r[3] in ("<5", "x") for r in figures)
    assert {r[0] for r in figures} >= {words["company"], words["age"], words["state"]}
    assert all(words["years"] in r[1] for r in figures if r[0] == words["age"])
    assert (words["women"] in {r[1] for r in figures if r[3] is not None})
    cells = {str(c) for r in rows for c in r if c is not None}
    assert not cells & CODES, cells & CODES
    notes = [r[0] for r in rows[1:] if r[3] is None and r[0]]
    assert len(notes) == 3 and notes[0].startswith("<5:") and notes[1].startswith("x:")

    text = tmp_path / "estadisticas.csv"
    _run(office, language, "-o", str(text))
    lines = list(csv.reader(text.read_text(encoding="utf-8-sig").splitlines()))
    assert tuple(lines[0]) == words["header"]
    assert [words["company"], "Frenos del Bajío", words["draft"], "7"] in lines


def test_codes_only_when_asked(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "figures.csv"
    _run(office, "es", "--codes", "-o", str(target))
    lines = list(csv.reader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert lines[0] == ["dimension", "value", "status", "count"]
    assert ["company", "Frenos del Bajío", "draft", "7"] in lines
    assert all(len(line) == 4 for line in lines)  # no note: a program reads every line
