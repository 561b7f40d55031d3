"""What a new user's trial of the office's set-up found on the command line (issue 22): the same rules and
messages as the window, every failing rule at once, words instead of codes."""

from __future__ import annotations

from datetime import timedelta

from tests import factories as f
from tests.cli.test_cli_contract import assignments, refused
from tests.services.test_training_setup import START, Office
from tests.services.test_training_setup import office as office  # noqa: F401 - the fixture
from vetdesk.services import records


def test_actual_dates_that_move_the_rotation_past_the_end_are_warned_of_and_checked(cli, office: Office) -> None:  # type: ignore[no-untyped-def]
    db = office.db
    agreement = office.printed_agreement()
    late = START + timedelta(weeks=13, days=10)
    code, out, err = cli(db, "add", "rotations", f"agreement_id={agreement}", f"position_id={office.positions[0]}",
                         f"actual_start={START}", f"actual_end={late - timedelta(days=1)}")
    assert code == 0, err
    period = out.strip()
    assert "warning: Left on: With the actual dates recorded, the rotation runs past the " \
        "agreement's end" in err
    assert "Ensamble is now due from" in err
    code, out, err = cli(db, "check")
    from tests.cli.test_cli_check_words import named

    assert f"{named(db, 'agreements', agreement)}: warning: Rotation plan: With the actual " \
        "dates recorded" in out
    code, out, err = cli(db, "settings", "plan_term_rule=error")
    assert code == 0, err
    code, out, err = cli(db, "set", "rotations", period, f"actual_end={late}")
    assert code == 1 and "error: Left on: With the actual dates recorded" in err
    assert "Nothing was written." in err


def test_every_failing_set_up_rule_is_said_at_once(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    office = Office(db, tmp_path, collaboration=False)
    other = f.make_programme(db, code="LOG", name="Logística")
    assert cli(db, "settings", "collaboration_rule=error")[0] == 0
    values = office.agreement_values(programme_id=other)
    err = refused(cli, db, "add", "agreements", *assignments(values))
    assert "error: Rotation plan: The rotation plan belongs to another company or programme" in err
    assert "error: School: The collaboration agreement" in err and "is draft, not yet in force" in err


def test_renaming_a_plan_that_misses_a_competency_passes_under_a_strict_office(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    office = Office(db, tmp_path)
    short = records.create(db, "rotation_plans", {
        "company_id": office.company, "programme_id": office.programme, "name": "Plan corto",
        "steps": [{"position_id": p, "weeks": 13} for p in office.positions[:3]]}, accept_warnings=True).id
    assert cli(db, "settings", "plan_coverage_rule=error")[0] == 0
    code, out, err = cli(db, "set", "rotation_plans", str(short), "name=Plan corto 2026")
    assert code == 0 and err == "", err
    assert records.get(db, "rotation_plans", short)["name"] == "Plan corto 2026"
    err = refused(cli, db, "set", "rotation_plans", str(short), f"steps={office.positions[0]}:40")
    assert "error: Learning positions and weeks: The plan's learning positions do not teach 9 " \
        "competencies" in err


def test_catalogue_import_takes_map_and_office_headings_and_a_dry_run_counts_missing_columns_apart(  # type: ignore[no-untyped-def]
        cli, db, tmp_path) -> None:
    from openpyxl import Workbook

    meca = f.make_programme(db, code="MECA", name="Mecatrónica")
    wb = Workbook()
    ws = wb.active
    ws.append(["Carrera", "Núm", "Nombre de la competencia", "Tipo"])
    ws.append(["Mecatrónica", "MEC-01", "Mantener equipos", "técnica"])
    ws.append(["Logística", "LOG-01", "Planear rutas", "técnica"])
    wb.save(tmp_path / "catalogo.xlsx")
    path = str(tmp_path / "catalogo.xlsx")
    code, out, err = cli(db, "import", "competencies", path, "--dry-run")
    assert code == 1
    assert "error: column headers (row 1): No column holds Competency code" in out
    assert "2 rows not checked: 1 required column is missing; nothing was written." in err
    assert "with errors" not in err
    code, out, err = cli(db, "import", "competencies", path, "--dry-run", "--map", "Núm=code")
    assert "Dry run: 2 rows, 1 with errors" in err, (out, err)  # Carrera found by the programme's name
    assert "row 2" not in out and "error: row 3, Carrera (Logística): There is no programme" in out
    code, out, err = cli(db, "catalogue", "import", str(meca), path)
    assert code == 1 and "Competency code is missing" in err
    assert 'Or name the column with --map "Column header=code".' in err  # the command line's way, not the window's
    code, out, err = cli(db, "catalogue", "import", str(meca), path, "--map", "Núm=code")
    assert code == 0, err
    assert "1 added, 0 updated, 0 unchanged." in err and "1 row of another programme left out." in err


def test_a_kind_is_taken_in_the_singular_or_the_plural_and_a_wrong_choice_is_said_in_the_user_s_language(  # type: ignore[no-untyped-def]
        cli, capsys, db, tmp_path) -> None:
    from vetdesk.commands import main

    office = Office(db, tmp_path)
    code, out, err = cli(db, "list", "collaboration")
    assert code == 0 and out.startswith(f"{office.collaboration}\t"), err
    assert cli(db, "list", "rotation-plan")[1] == cli(db, "list", "rotation_plans")[1] != ""
    assert cli(db, "list", "planes de rotación")[0] == 0  # the kind in the user's words
    scan = tmp_path / "firmado.pdf"
    scan.write_bytes(b"%PDF-1.4\n% signed\n%%EOF\n")
    code, out, err = cli(db, "attach", "collaboration", str(office.collaboration), str(scan))
    assert code == 0, err
    code, out, err = cli(db, "print", "collaborations", str(office.collaboration), "-o", str(tmp_path / "cc.pdf"))
    assert code == 0 and (tmp_path / "cc.pdf").read_bytes().startswith(b"%PDF"), err
    # On the paper asked for; an e-mail draft is refused in words before anything is written (it was a traceback).
    code, out, err = cli(db, "print", "collaboration", str(office.collaboration), "-o", str(tmp_path / "a4.pdf"),
                         "--paper", "a4")
    from pypdf import PdfReader
    assert code == 0 and round(float(PdfReader(tmp_path / "a4.pdf").pages[0].mediabox.height)) == 842, err
    code, out, err = cli(db, "print", "collaboration", str(office.collaboration), "-o", str(tmp_path / "m.pdf"),
                         "--email-draft", str(tmp_path / "m.eml"))
    assert code != 0 and "Traceback" not in err and not (tmp_path / "m.pdf").exists(), err
    assert not (tmp_path / "m.eml").exists()
    code, out, err = cli(db, "export", "competency", "-o", str(tmp_path / "c.xlsx"))
    assert code == 0, err
    capsys.readouterr()
    try:
        main(["--db", db.url, "--lang", "es", "catalogue", "scale", str(office.programme), "cien"])
    except SystemExit as exc:
        assert exc.code == 2
    err = capsys.readouterr().err
    assert "scale: cien no es una opción aquí; escriba four_levels, pass_fail o ihk100." in err, err
    assert "invalid choice" not in err and "argument" not in err


def test_rotation_prints_a_header_and_lists_show_words_not_codes(cli, capsys, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from vetdesk.commands import main

    office = Office(db, tmp_path)
    agreement = records.create(db, "agreements", office.agreement_values()).id
    code, out, err = cli(db, "rotation", str(agreement))
    lines = out.splitlines()
    assert lines[0].split("\t")[:4] == ["No.", "Position id", "Learning position", "Weeks"]
    assert len(lines) == 5 and lines[1].split("\t")[2] == "Almacén"
    capsys.readouterr()
    main(["--db", db.url, "--lang", "es", "list", "tutors"])
    main(["--db", db.url, "--lang", "es", "list", "competencies"])
    out = capsys.readouterr().out
    assert "\tgestor de vinculación\t" in out or "\tresponsable de vinculación\t" in out, out
    assert "técnica" in out and "socioemocional" in out.lower()
    assert "\ttechnical" not in out and "\tliaison\t" not in out


def test_a_liaison_officer_recorded_fills_the_school_s_liaison(cli, db) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from vetdesk.storage.models import AuditEntry

    school = f.make_school(db, name="CONALEP Celaya")
    code, out, err = cli(db, "add", "tutors", f"school_id={school}", "name=Ing. Pablo Soto", "role=liaison")
    assert code == 0, err
    assert records.get(db, "schools", school)["liaison_name"] == "Ing. Pablo Soto"
    cli(db, "set", "tutors", out.strip(), "name=Ing. Pablo Soto Ruiz")
    assert records.get(db, "schools", school)["liaison_name"] == "Ing. Pablo Soto Ruiz"
    cli(db, "add", "tutors", f"school_id={school}", "name=Mtra. Elena Ruiz", "role=tutor")
    assert records.get(db, "schools", school)["liaison_name"] == "Ing. Pablo Soto Ruiz"  # a tutor is no liaison
    with db.reader() as s:
        audited = [(e.kind, e.action, e.changes["after"].get("liaison_name")) for e in s.scalars(
            select(AuditEntry).where(AuditEntry.kind == "schools").order_by(AuditEntry.id))]
    assert audited[-2:] == [("schools", "update", "Ing. Pablo Soto"), ("schools", "update", "Ing. Pablo Soto Ruiz")]


def test_collaborations_exported_on_the_command_line_import_again_with_their_status(cli, db, tmp_path,  # type: ignore[no-untyped-def]
                                                                                     sqlite_template) -> None:
    import shutil

    from vetdesk.services.office import Office as Database

    office = Office(db, tmp_path)
    for kind in ("schools", "companies", "tutors", "coordinators", "collaboration"):
        code, out, err = cli(db, "export", kind, "-o", str(tmp_path / f"{kind}.xlsx"))
        assert code == 0, err
    shutil.copyfile(sqlite_template, tmp_path / "empty.sqlite3")
    empty = Database.open(str(tmp_path / "empty.sqlite3"))
    try:
        for kind in ("schools", "companies", "tutors", "coordinators", "collaboration"):
            code, out, err = cli(empty, "import", kind, str(tmp_path / f"{kind}.xlsx"))
            assert code == 0, (kind, out, err)
        before = records.get(db, "collaborations", office.collaboration)
        again = records.list_records(empty, "collaborations")
        assert [(r["status"], r["printed_on"], r["chamber_signed_on"], r["activated_on"], r["start_date"])
                for r in again] == [(before["status"], before["printed_on"], before["chamber_signed_on"],
                                     before["activated_on"], before["start_date"])]
        assert before["status"] == "active"
    finally:
        empty.dispose()


def test_update_from_a_file_of_a_kind_no_column_identifies_is_refused_in_words(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """``import collaborations FILE --update`` ended in a traceback (KeyError: 'reference'), and positions were
    refused row by row as already registered: a kind whose records no column of a file identifies cannot be
    updated from one, and the import says so, naming the kind, and writes nothing."""
    office = Office(db, tmp_path)
    before = records.get(db, "collaborations", office.collaboration)
    path = tmp_path / "colabs.xlsx"
    code, out, err = cli(db, "export", "collaborations", "-o", str(path))
    assert code == 0, err
    code, out, err = cli(db, "import", "collaborations", str(path), "--update")
    assert code != 0 and "Traceback" not in err and "KeyError" not in err
    assert "Collaboration agreements cannot be updated from a file" in out + err
    assert records.get(db, "collaborations", office.collaboration) == before
