"""A new user's trial of issue 22 on the command line: a record is taken by its code or number wherever an id is
(one look-up, ``services.lookups``), and a refusal names its field in the user's words."""

from __future__ import annotations

import pypdf

from tests.cli.test_cli_contract import refused
from tests.services.test_training_setup import Office
from tests.services.test_training_setup import office as office  # noqa: F401 - the fixture
from vetdesk.services import records


def test_commands_take_a_record_s_code_or_reference_where_they_take_its_id(cli, office: Office, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = office.db
    agreement = records.create(db, "agreements", office.agreement_values()).id
    reference = records.get(db, "agreements", agreement)["reference"]
    curp = records.get(db, "apprentices", records.get(db, "agreements", agreement)["apprentice_id"])["curp"]
    collaboration = records.get(db, "collaborations", office.collaboration)["reference"]

    code, _out, err = cli(db, "print", "agreement", reference.lower(), "-o", str(tmp_path / "a.pdf"))
    assert code == 0, err
    assert reference in pypdf.PdfReader(tmp_path / "a.pdf").pages[0].extract_text()
    code, _out, err = cli(db, "print", "progress", curp, "-o", str(tmp_path / "p.pdf"))
    assert code == 1 and "not in force yet" in err and reference in err, err  # the apprentice found by CURP
    code, out, err = cli(db, "rotation", reference)
    assert code == 0 and "Almacén" in out, err
    code, out, err = cli(db, "history", "collaborations", collaboration)
    assert code == 0 and out.count("\n") >= 1, err
    code, out, err = cli(db, "set", "agreements", reference, "notes=Firmado en Querétaro")
    assert code == 0 and out.strip() == str(agreement), err
    assert records.get(db, "agreements", agreement)["notes"] == "Firmado en Querétaro"
    code, out, err = cli(db, "coverage", "meca")
    assert code == 0 and "Plan MECA" in out, err
    # A competency by PROGRAMME/CODE or by its code alone, unique here.
    code_3 = records.get(db, "competencies", office.competencies[2])["code"]
    for given in (f"MECA/{code_3}", code_3):
        code, out, err = cli(db, "show", "competencies", given, "--json")
        assert code == 0 and f'"id": {office.competencies[2]}' in out, err

    err = refused(cli, db, "set", "agreements", "CA-1999-000009", "notes=x")
    assert "No learning agreement found for Reference: CA-1999-000009" in err and "whole number" not in err
    code, _out, err = cli(db, "show", "competencies", "XX/" + code_3)
    assert code == 1 and "No programme found for Programme code: XX." in err, err


def test_id_fields_take_codes_and_names_and_say_which_is_unknown_in_the_user_s_words(cli, office: Office) -> None:  # type: ignore[no-untyped-def]
    db = office.db
    agreement = office.printed_agreement()
    reference = records.get(db, "agreements", agreement)["reference"]
    rfc = records.get(db, "companies", office.company)["rfc"]
    code, out, err = cli(db, "add", "rotation_plans", f"company_id={rfc}", "programme_id=MECA", "name=Plan B",
                         "steps=Almacén:26, Taller:26")
    assert code == 0, err
    plan = records.get(db, "rotation_plans", int(out))
    assert plan["company_id"] == office.company and plan["programme_id"] == office.programme
    assert [s["position_id"] for s in plan["steps"]] == office.positions[:2]

    code, out, err = cli(db, "add", "rotations", f"agreement_id={reference}", "position_id=almacén",
                         "actual_start=" + records.get(db, "agreements", agreement)["start_date"].isoformat())
    assert code == 0, err
    assert records.get(db, "rotations", int(out))["position_id"] == office.positions[0]

    codes = [records.get(db, "competencies", c)["code"] for c in office.competencies[:2]]
    code, out, err = cli(db, "add", "positions", f"company_id={rfc}", "name=Pintura",
                         f"competency_ids=MECA/{codes[0].lower()}, {codes[1]}")
    assert code == 0, err
    assert records.get(db, "positions", int(out))["competency_ids"] == sorted(office.competencies[:2])

    err = refused(cli, db, "add", "rotation_plans", f"company_id={rfc}", "programme_id=XYZ", "name=Plan C",
                  "steps=Almacén:52")
    # The field by its label, the key typed after it; said once, never as "not a whole number".
    assert "error: Programme: No programme found for Programme code: XYZ." in err, err
    assert "whole number" not in err and "error: programme_id:" not in err
    err = refused(cli, db, "add", "rotations", f"agreement_id={reference}", "position_id=Soldadura",
                  "actual_start=2030-01-01")
    assert "error: Learning position: No learning position found" in err, err


def test_a_refusal_names_the_field_by_its_label_in_spanish(cli, office: Office) -> None:  # type: ignore[no-untyped-def]
    db = office.db
    agreement = records.create(db, "agreements", office.agreement_values()).id
    code, _out, err = cli(db, "--lang", "es", "set", "agreements", str(agreement), "status=signed")
    assert code == 1 and "No se guardó nada." in err
    assert "error: Estado:" in err and "error: status:" not in err, err


def test_sign_takes_the_parties_in_the_user_s_words_and_lists_them_so(cli, db) -> None:  # type: ignore[no-untyped-def]
    from datetime import date, timedelta

    from tests import factories as f

    school, company = f.make_school(db), f.make_company(db)
    collaboration = f.make_collaboration(db, school_id=school, company_id=company, active=False,
                                         start_date=date.today() + timedelta(days=30))
    records.update(db, "collaborations", collaboration, {"status": "printed",
                                                         "printed_on": date.today().isoformat()})
    reference = records.get(db, "collaborations", collaboration)["reference"]
    day = date.today().isoformat()
    code, _out, err = cli(db, "--lang", "es", "sign", "colaboración", reference, f"Empresa={day}", f"plantel={day}")
    assert code == 0, err
    signed = records.get(db, "collaborations", collaboration)
    assert str(signed["company_signed_on"]) == day and str(signed["school_signed_on"]) == day
    assert signed["chamber_signed_on"] is None and "cámara" in err.lower()
    code, _out, err = cli(db, "--lang", "es", "sign", "colaboración", reference, f"firma={day}")
    assert code == 2 and "use una de: plantel, empresa, cámara." in err, err
    code, _out, err = cli(db, "sign", "collaboration", reference, f"chamber={day}")  # English always
    assert code == 0 and records.get(db, "collaborations", collaboration)["status"] == "signed", err


def test_wording_catalogue_kinds_delete_rotation_days_and_list_header(cli, office: Office, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import Workbook

    db = office.db
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["code", "title", "kind"])
    ws.append(["MEC-20", "Soldar", "blanda"])
    wb.save(tmp_path / "malo.xlsx")
    code, _out, err = cli(db, "--lang", "es", "catalogue", "import", "MECA", str(tmp_path / "malo.xlsx"))
    assert code == 1 and "escriba técnica o socioemocional." in err and "technical" not in err, err
    assert "error: Técnica o socioemocional: " in err

    code, _out, err = cli(db, "--lang", "es", "delete", "collaborations", str(office.collaboration))
    assert code == 1 and "Dar por terminado" in err and "Rescínd" not in err, err

    agreement = records.create(db, "agreements", office.agreement_values()).id
    start = records.get(db, "agreements", agreement)["start_date"]
    code, out, err = cli(db, "--lang", "es", "rotation", str(agreement))
    assert code == 0 and out.splitlines()[1].split("\t")[4] == start.strftime("%d/%m/%Y"), out

    code, out, err = cli(db, "--lang", "es", "list", "agreements", "--header")
    header, line = out.splitlines()
    assert header.split("\t")[:3] == ["Núm.", "Referencia", "Estado"] and line.startswith(f"{agreement}\t")
    code, out, err = cli(db, "list", "agreements")  # a pipe, as a script reads it: the lines alone
    assert out.splitlines()[0].startswith(f"{agreement}\t"), out


def test_status_words_are_taken_and_listed_in_the_user_s_language(cli, office: Office) -> None:  # type: ignore[no-untyped-def]
    db = office.db
    agreement = records.create(db, "agreements", office.agreement_values()).id
    code, out, err = cli(db, "--lang", "es", "list", "agreements", "--status", "Borrador")
    assert code == 0 and out.startswith(f"{agreement}\t"), err
    code, _out, err = cli(db, "--lang", "es", "list", "agreements", "--status", "vigentes")
    assert code == 2 and "use uno de estos: borrador, impreso, firmado, vigente" in err, err
    code, _out, err = cli(db, "--lang", "es", "set", "agreements", str(agreement), "status=impreso")
    assert code == 0 and records.get(db, "agreements", agreement)["status"] == "printed", err
