"""A programme's code is read the same way when it is typed and when an import refers to it: a hyphenated code
("MEC-2", as the factories and many offices write them) finds its programme."""

from __future__ import annotations

from tests import factories as f
from vetdesk.services import importing, records


def test_an_import_finds_a_programme_by_a_code_with_a_hyphen(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    company = f.make_company(db)
    programme = f.make_programme(db, code="mec-2")
    assert records.get(db, "programmes", programme)["code"] == "MEC-2"
    instructor = f.make_instructor(db, company_id=company)
    apprentice = records.get(db, "apprentices", f.make_apprentice(db))
    values = f.agreement_values(db, apprentice_id=apprentice["id"], company_id=company, programme_id=programme,
                                instructor_id=instructor)
    path = tmp_path / "convenios.csv"
    path.write_text("CURP,RFC,Clave de la carrera,Correo del instructor,Fecha de inicio,Fecha de término\n"
                    f"{apprentice['curp']},{records.get(db, 'companies', company)['rfc']},mec-2,"
                    f"{records.get(db, 'instructors', instructor)['email']},{values['start_date']},"
                    f"{values['end_date']}\n", encoding="utf-8")
    report = importing.import_file(db, "agreements", path)
    assert not report.errors and report.written == 1, [e.line() for e in report.errors]
    assert records.list_records(db, "agreements")[0]["programme_id"] == programme
