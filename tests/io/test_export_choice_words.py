"""A new user's trial: a Spanish export of apprentices wrote the guardian's relation as the code "mother". Every
choice is written in the reader's words, as the window shows it (a guardian's relation "madre", a sex "mujer", a
company's size "Mediana"), and an import of that export reads them back, in any of vetdesk's languages."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from tests import factories as f
from vetdesk.services import records


def _cells(path: Path) -> list[dict[str, str]]:
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return list(csv.DictReader(fh))
    ws = openpyxl.load_workbook(path).active
    assert ws is not None
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip([str(h) for h in rows[0]], [str(v) if v is not None else "" for v in row], strict=True))
            for row in rows[1:]]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_apprentices_choices_are_exported_in_words_and_read_back(cli, sqlite_db, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                    suffix: str) -> None:
    apprentice = f.make_apprentice(sqlite_db, birth_date=f.minor_birth_date(16), sex="M",
                                   guardian2_name="Juan García Ruiz", guardian2_relation="grandfather")
    before = records.get(sqlite_db, "apprentices", apprentice)
    assert (before["guardian_relation"], before["sex"]) == ("mother", "M")
    for lang, words in (("es", {"Parentesco del tutor legal": "madre", "Sexo": "mujer"}),
                        ("de", {"Sexo": "weiblich"})):
        out = tmp_path / f"aprendices-{lang}{suffix}"
        code, _out, err = cli(sqlite_db, "--lang", lang, "export", "apprentices", "-o", str(out))
        assert code == 0, err
        [row] = _cells(out)
        if lang == "es":
            assert {h: row[h] for h in words} == words, row
            assert row["Parentesco del segundo tutor"] == "abuelo", row
            assert "mother" not in row.values() and "M" not in row.values(), row
        else:
            assert "weiblich" in row.values() and "Mutter" in row.values(), row
        code, _out, err = cli(sqlite_db, "import", "apprentices", str(out), "--update")
        assert code == 0 and "1 already up to date" in err, err
        assert records.get(sqlite_db, "apprentices", apprentice) == before


def test_a_companys_size_and_sector_are_exported_in_words(cli, sqlite_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    company = f.make_company(sqlite_db, size="medium", sector="automotive")
    before = records.get(sqlite_db, "companies", company)
    out = tmp_path / "empresas.csv"
    code, _out, err = cli(sqlite_db, "--lang", "es", "export", "companies", "-o", str(out))
    assert code == 0, err
    [row] = _cells(out)
    assert "medium" not in row.values() and "automotive" not in row.values(), row
    code, _out, err = cli(sqlite_db, "import", "companies", str(out), "--update")
    assert code == 0 and "1 already up to date" in err, err
    assert records.get(sqlite_db, "companies", company) == before
