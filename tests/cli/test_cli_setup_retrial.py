"""What a new user's re-trial of the office's set-up still found on the command line (issue 22), each at its
cause: competencies updated from a file by programme and code; kind names in the user's language for print;
argparse's own messages in the user's language."""

from __future__ import annotations

from openpyxl import load_workbook
from sqlalchemy import select

from tests import factories as f
from vetdesk.services import records
from vetdesk.storage.models import AuditEntry


def test_competencies_are_updated_from_a_file_by_programme_and_code(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Two programmes share the code M1: the exported file, with one title changed and a new row, imports with
    --update into the one competency of that programme (audited), adds the new one, and leaves the other
    programme's M1 alone; it was refused (as duplicates, then as a kind no column identifies)."""
    meca = f.make_programme(db, code="MECA", name="Mecatrónica")
    log = f.make_programme(db, code="LOG", name="Logística")
    first = records.create(db, "competencies", {"programme_id": meca, "code": "M1", "title": "Mantener"}).id
    other = records.create(db, "competencies", {"programme_id": log, "code": "M1", "title": "Planear"}).id
    path = tmp_path / "competencias.xlsx"
    assert cli(db, "export", "competencies", "-o", str(path))[0] == 0
    wb = load_workbook(path)
    ws = wb.active
    assert ws is not None
    header = [c.value for c in ws[1]]
    title, code = header.index("Competency") + 1, header.index("Competency code") + 1
    for row in range(2, ws.max_row + 1):
        if ws.cell(row, title).value == "Mantener":
            ws.cell(row, title).value = "Mantener equipos"
    ws.append(["MECA", None, "M2", "Soldar"])
    ws.cell(ws.max_row, code).value = "M2"
    wb.save(path)
    code_, out, err = cli(db, "import", "competencies", str(path), "--update")
    assert code_ == 0, (out, err)
    assert "1 new, 1 updated, 1 already up to date" in err, err
    assert records.get(db, "competencies", first)["title"] == "Mantener equipos"
    assert records.get(db, "competencies", other)["title"] == "Planear"
    assert [c["code"] for c in records.get(db, "programmes", meca)["competencies"]] == ["M1", "M2"]
    with db.reader() as session:
        audited = session.scalars(select(AuditEntry).where(AuditEntry.kind == "competencies",
                                                           AuditEntry.record_id == first,
                                                           AuditEntry.action == "update")).all()
    assert len(audited) == 1
    # Without the programme column, --update cannot tell which programme's M1 is meant: said, nothing written.
    ws.delete_cols(header.index("Programme code") + 1)
    wb.save(path)
    code_, out, err = cli(db, "import", "competencies", str(path), "--update")
    assert code_ != 0 and "No column holds Programme code (programme_code), which --update needs" in out, out
    assert records.get(db, "competencies", first)["title"] == "Mantener equipos"


def test_a_cct_of_another_state_than_the_school_s_is_warned_of_on_import_and_entry(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The CCT's first two digits are the INEGI number of the school's state: a SEP file's row whose ENTIDAD is
    another state is imported with a warning naming both; so is a school added by hand. A matching one is not."""
    from tests.io.test_setup_io import write_csv

    path = write_csv(tmp_path / "sep.csv", ["CLAVECCT", "NOMBRECT", "ENTIDAD", "MUNICIPIO"], [
        ["22DPT0004Q", "CONALEP QUERÉTARO II", "22", "QUERÉTARO"],
        ["14DPT0001K", "CONALEP GUADALAJARA", "11", "GUADALAJARA"]], "latin-1")
    code, out, err = cli(db, "import", "schools", str(path))
    assert code == 0, (out, err)
    assert "warning: row 3, CLAVECCT (14DPT0001K): The CCT 14DPT0001K begins with 14, the number of Jalisco, but " \
           "the school's state is Guanajuato. Check both: correct the CCT or the state, whichever is mistyped." \
           in out, out
    assert "row 2" not in out
    code, out, err = cli(db, "add", "schools", "name=CECyTEQ 5", "cct=22ECT0005B", "state=Jalisco")
    assert code == 0 and "warning: School code (CCT): The CCT 22ECT0005B begins with 22, the number of " \
        "Querétaro, but the " \
                         "school's state is Jalisco." in err, err


def test_print_takes_the_document_in_the_user_s_words(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """``vetdesk print convenio 12`` and ``print colaboracion 3`` were refused as no choice: the document is
    named as the other commands take a kind (commands.base.kind_of, one definition of the short words)."""
    from tests.services.test_training_setup import Office

    office = Office(db, tmp_path)
    records.update(db, "schools", office.school, {"address": "Av. Tecnológico 100, 76000 Querétaro, Qro."})
    agreement = records.create(db, "agreements", office.agreement_values()).id
    for word, number in (("convenio", agreement), ("Convenio de aprendizaje", agreement),
                         ("colaboracion", office.collaboration), ("colaboración", office.collaboration)):
        target = tmp_path / f"{word}.pdf"
        code, out, err = cli(db, "print", word, str(number), "-o", str(target))
        assert code == 0, (word, err)
        assert target.read_bytes().startswith(b"%PDF"), word
    code, out, err = cli(db, "print", "nada", "1", "-o", str(tmp_path / "x.pdf"))
    assert code == 2 and "nada is not a choice here" in err


def test_time_at_the_positions_is_said_in_weeks_and_days(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """``vetdesk progress`` said "Rotación: 17.3 semanas…": the time spent is said in whole weeks and days, in
    the command line and in the progress report, as the office counts it."""
    import io
    from datetime import timedelta

    import pypdf

    from tests.services.test_training_setup import START, Office
    from vetdesk.reports import render

    office = Office(db, tmp_path)
    agreement = records.create(db, "agreements", office.agreement_values()).id
    f.activate(db, agreement)
    records.create(db, "rotations", {"agreement_id": agreement, "position_id": office.positions[0],
                                     "actual_start": START, "actual_end": START + timedelta(days=37)},
                   accept_warnings=True)
    apprentice = records.get(db, "agreements", agreement)["apprentice_id"]
    code, out, err = cli(db, "progress", str(apprentice))
    assert code == 0, err
    assert "Rotation: 5 weeks and 3 days spent at the positions begun, where 13 weeks were planned" in out, out
    assert "5.3" not in out and "5.4" not in out  # 38 days, the first and last counted
    pdf = render.progress_pdf(db, agreement_id=agreement, lang="es")
    text = " ".join(" ".join(p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(pdf)).pages).split())
    assert "5 semanas y 3 días" in text and "5,4" not in text


def test_a_curp_a_century_off_is_refused(cli, db) -> None:  # type: ignore[no-untyped-def]
    """The 17th character of a CURP says the century: a letter with 30 for the year is a birth in 2030, a digit
    with 20 one in 1920; both are refused naming the character, and nothing is written."""
    from datetime import date

    for born, said in ((date(2030, 1, 5), "which lies in the future: its 17th character"),
                       (date(1920, 1, 5), "years ago: its 17th character")):
        curp = f.curp_for(born, "M")
        code, out, err = cli(db, "add", "apprentices", f"curp={curp}", "given_names=Ana", "first_surname=Ruiz")
        assert code == 1 and f"error: CURP: The CURP {curp} says born on" in err and said in err, err
        assert "birth date lies in the future" not in err  # said once, as the CURP's
    assert records.count_records(db, "apprentices") == 0
    assert records.create(db, "apprentices", {"curp": f.curp_for(date(2008, 3, 15), "H"), "given_names": "Luis",
                                               "first_surname": "Gómez"}, accept_warnings=True).id


def test_argparse_s_own_messages_are_said_in_the_user_s_language(capsys, db) -> None:  # type: ignore[no-untyped-def]
    """A missing argument was said in English inside Spanish output ("the following arguments are required");
    argparse's messages and help headings come from vetdesk's catalogues (commands.argparse_words)."""
    import pytest

    from vetdesk.commands import main

    for language, said, english in (
            ("es", "faltan estos argumentos obligatorios: kind, FIELD=VALUE", "the following arguments"),
            ("de", "diese Argumente fehlen: kind, FIELD=VALUE", "the following arguments"),
            ("en", "the following arguments are required: kind, FIELD=VALUE", "faltan")):
        capsys.readouterr()
        with pytest.raises(SystemExit) as stopped:
            main(["--db", db.url, "--lang", language, "add"])
        assert stopped.value.code == 2
        err = capsys.readouterr().err
        assert said in err and english not in err, err
    capsys.readouterr()
    with pytest.raises(SystemExit):
        main(["--db", db.url, "--lang", "es", "list", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("uso: vetdesk list") and "argumentos posicionales" in out and "usage:" not in out


def test_an_export_says_choices_and_statuses_in_the_user_s_words_and_reads_back(  # type: ignore[no-untyped-def]
        capsys, cli, db, tmp_path, sqlite_template) -> None:
    """A Spanish export wrote "technical" and "active" among Spanish headers: a competency's kind and a
    collaboration's status are written in the user's words, and the import
    (in any language) reads them back to the same codes."""
    import csv
    import shutil

    import pytest

    from tests.services.test_training_setup import Office
    from vetdesk.commands import main
    from vetdesk.services.office import Office as Database

    Office(db, tmp_path)  # a catalogue, a collaboration agreement in force and its parties

    def spanish(*args: str) -> None:
        capsys.readouterr()
        with pytest.raises(SystemExit) as done:
            raise SystemExit(main(["--db", db.url, "--lang", "es", *args]))
        assert done.value.code == 0, capsys.readouterr().err

    spanish("export", "competencias", "-o", str(tmp_path / "competencias.csv"))
    with open(tmp_path / "competencias.csv", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["Técnica o socioemocional"] for r in rows} == {"técnica", "socioemocional"}
    assert "technical" not in {r["Técnica o socioemocional"] for r in rows}
    for kind in ("schools", "companies", "tutors", "coordinators", "collaborations"):
        spanish("export", kind, "-o", str(tmp_path / f"{kind}.xlsx"))
    shutil.copyfile(sqlite_template, tmp_path / "empty.sqlite3")
    empty = Database.open(str(tmp_path / "empty.sqlite3"))
    try:
        for kind in ("schools", "companies", "tutors", "coordinators", "collaborations"):
            code, out, err = cli(empty, "import", kind, str(tmp_path / f"{kind}.xlsx"))
            assert code == 0, (kind, out, err)
        assert [r["status"] for r in records.list_records(empty, "collaborations")] == ["active"]
    finally:
        empty.dispose()


def test_show_says_a_programme_s_scale_and_catalogue_in_the_user_s_words(capsys, db) -> None:  # type: ignore[no-untyped-def]
    """``vetdesk show programmes`` printed "scale: {'kind': 'levels', … 'not yet shown'…}" and the catalogue as
    Python dictionaries ('kind': 'technical') inside Spanish output; each is said in words, one a line."""
    from vetdesk.commands import main

    programme = f.make_programme(db, code="MECA", name="Mecatrónica")
    records.create(db, "competencies", {"programme_id": programme, "code": "M1", "title": "Mantener equipos"})
    capsys.readouterr()
    assert main(["--db", db.url, "--lang", "es", "show", "programmes", str(programme)]) == 0
    out = capsys.readouterr().out
    assert "Escala de evaluación: \n  1 – aún no demostrada\n" in out, out
    assert "Catálogo de competencias: \n  M1  Mantener equipos (Competencias técnicas, técnica)" in out, out
    assert "{" not in out and "technical" not in out and "scale" not in out
    assert main(["--db", db.url, "--lang", "es", "show", "competencies", "1"]) == 0
    assert "Área de competencia: Competencias técnicas" in capsys.readouterr().out


def test_a_missing_column_is_named_the_command_line_s_way_only_on_the_command_line(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The import's own report (which the window's import wizard shows) says to name the column without a
    command-line option; the command line adds its way, --map."""
    from tests.io.test_setup_io import write_csv
    from vetdesk.services import importing

    path = write_csv(tmp_path / "escuelas.csv", ["Clave", "Plantel"], [["22DPT0004Q", "CONALEP"]], "utf-8")
    table = importing.read_table(path)
    report = importing.validate_import(db, "schools", table, importing.propose_mapping("schools", table.headers))
    missing = [i for i in report.errors if i.code == "column.missing"]
    assert missing and all("--map" not in i.message for i in missing)
    assert all(i.message.endswith("Add the column, or say which column holds it.") for i in missing)
    code, out, err = cli(db, "import", "schools", str(path))
    assert code != 0
    assert f'Or name the column with --map "Column header={missing[0].field}".' in out, out
