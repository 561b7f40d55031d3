"""``vetdesk assess``, ``progress``, ``matrix`` and ``catalogue``: the stable contract, refusals and the XLSX files."""

from __future__ import annotations

import json
from datetime import timedelta

from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from tests.progress.conftest import TODAY, Placement, make_placement
from vetdesk.storage.models import Assessment, Competency


def _assessments(db) -> int:  # type: ignore[no-untyped-def]
    with db.reader() as session:
        return int(session.scalar(select(func.count()).select_from(Assessment)) or 0)


def test_assess_records_and_progress_reports_it(cli, placement: Placement):
    db = placement.db
    code, out, err = cli(db, "assess", str(placement.agreement_id), "MAN-1", "3", "--role", "tutor",
                         "--date", (TODAY - timedelta(days=2)).isoformat(), "--comment", "Mide bien")
    assert code == 0, err
    assert int(out) > 0
    code, out, err = cli(db, "progress", str(placement.apprentice_id), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["agreement_id"] == placement.agreement_id
    assert data["overall"] == {"reached": 1, "total": 5, "share": 0.2, "percent": 20}
    assert {a["area"]: a["reached"] for a in data["areas"]} == {"Mantenimiento": 1, "Calidad": 0}
    assert data["scale"]["reached"] == {"kind": "levels", "reached_levels": [3, 4]}
    assert isinstance(data["flags"], list)
    code, out, _err = cli(db, "progress", str(placement.apprentice_id))
    assert code == 0 and "Technical competencies reached: 20 % (1 of 5)" in out


REFUSALS = [
    (["MAN-1", "5"], "level"),                      # the four-level scale ends at 4
    (["MAN-1", "tres"], "level"),                   # not a number
    (["XYZ-1", "3"], "competency_code"),            # not in the programme
    (["MAN-1", "3", "--date", "2001-01-01"], "assessed_on"),   # before the agreement
    (["MAN-1", "3", "--role", "boss"], "rater_role"),
]


def test_assess_refusals_exit_1_and_write_nothing(cli, placement: Placement):
    for args, field in REFUSALS:
        code, _out, err = cli(placement.db, "assess", str(placement.agreement_id), *args)
        assert code == 1, args
        # The field by its label or the message alone, never its key (issue 23: "Level (level)")
        assert "error: " in err and "Nothing was written." in err, (args, err)
        assert f"({field})" not in err and f"error: {field}:" not in err, (args, err)
    assert _assessments(placement.db) == 0


def test_assess_future_date_is_refused(cli, placement: Placement):
    code, _out, err = cli(placement.db, "assess", str(placement.agreement_id), "MAN-1", "3",
                          "--date", (TODAY + timedelta(days=1)).isoformat())
    assert code == 1 and "error: Date:" in err and "assessed_on" not in err
    assert _assessments(placement.db) == 0


def test_assess_on_an_agreement_that_is_not_active(cli, db):
    draft = make_placement(db, active=False)
    code, _out, err = cli(db, "assess", str(draft.agreement_id), "MAN-1", "3")
    assert code == 1 and "error: Agreement" in err and "active" in err
    assert _assessments(db) == 0


def test_assess_a_competency_of_another_programme(cli, db):
    first = make_placement(db)
    second = make_placement(db, surname="López")  # its own programme, same codes
    with db.reader() as session:
        foreign = session.scalar(select(Competency.code).where(Competency.programme_id == second.programme_id))
    # The same code exists in both programmes: the agreement's own one is meant, never the other's.
    code, out, _err = cli(db, "assess", str(first.agreement_id), str(foreign), "3", "--json")
    assert code == 0
    assert json.loads(out)["competency_id"] == first.codes[str(foreign)]


def test_recognition_through_the_command_line(cli, placement: Placement):
    code, out, err = cli(placement.db, "assess", str(placement.agreement_id), "CAL-2",
                         "--recognised", "Constancia CONOCER EC0301")
    assert code == 0, err
    record = json.loads(cli(placement.db, "show", "assessments", out.strip(), "--json")[1])
    assert record["recognised"] is True and record["level"] is None


def test_show_programme_has_competencies_and_scale(cli, placement: Placement):
    code, out, _err = cli(placement.db, "show", "programmes", str(placement.programme_id), "--json")
    assert code == 0
    data = json.loads(out)
    assert [c["code"] for c in data["competencies"]][:2] == ["MAN-1", "MAN-2"]
    assert {"code", "title", "area"} <= set(data["competencies"][0])
    assert [lv["value"] for lv in data["scale"]["levels"] if lv["reached"]] == [3, 4]


def test_matrix_xlsx_matches_progress_figures(cli, db, tmp_path):
    first = make_placement(db, surname="Álvarez")
    second = make_placement(db, programme_id=first.programme_id, codes=first.codes, surname="Zamora")
    day = (TODAY - timedelta(days=3)).isoformat()
    for placement, ratings in ((first, {"MAN-1": "4", "MAN-2": "2", "CAL-1": "3"}),
                               (second, {"MAN-1": "1", "CAL-2": "3"})):
        for comp, level in ratings.items():
            assert cli(db, "assess", str(placement.agreement_id), comp, level, "--date", day)[0] == 0
    assert cli(db, "assess", str(second.agreement_id), "MAN-1", "3", "--date", TODAY.isoformat())[0] == 0
    assert cli(db, "assess", str(second.agreement_id), "MAN-3", "--recognised", "Curso DC-3")[0] == 0
    target = tmp_path / "matrix.xlsx"
    code, _out, err = cli(db, "matrix", "--programme", str(first.programme_id), "-o", str(target))
    assert code == 0, err
    ws = load_workbook(target).worksheets[0]
    header = [c.value for c in ws[1]]
    rows = {row[0]: dict(zip(header, row, strict=False)) for row in ws.iter_rows(min_row=3, values_only=True)}
    assert set(rows) == {first.apprentice_id, second.apprentice_id}
    for placement in (first, second):
        figures = json.loads(cli(db, "progress", str(placement.apprentice_id), "--json")[1])
        row = rows[placement.apprentice_id]
        assert (row["Reached"], row["Total"], row["Reached (%)"]) == (
            figures["overall"]["reached"], figures["overall"]["total"], figures["overall"]["percent"])
        for comp in figures["competencies"]:
            expected = "R" if comp["recognised"] else comp["level"]
            assert row[comp["code"]] == expected
    assert rows[second.apprentice_id]["MAN-1"] == 3  # the later rating supersedes the 1
    # Fills by level: green for reached, red-amber below, blue for recognised.
    fills = {ws.cell(row=r, column=header.index(code) + 1).fill.start_color.rgb
             for r in range(3, ws.max_row + 1) for code in ("MAN-1", "MAN-2", "MAN-3")
             if ws.cell(row=r, column=header.index(code) + 1).value is not None}
    assert {"0070AD47", "00F8CBAD", "009BC2E6"} <= fills


def test_catalogue_round_trip_and_all_or_nothing_import(cli, placement: Placement, tmp_path):
    db = placement.db
    exported = tmp_path / "catalogue.xlsx"
    code, _out, err = cli(db, "catalogue", "export", str(placement.programme_id), "-o", str(exported))
    assert code == 0, err
    ws = load_workbook(exported).worksheets[0]
    # the layout of the competencies' import template, headed in the user's language
    template = tmp_path / "template.xlsx"
    assert cli(db, "template", "competencies", "-o", str(template))[0] == 0
    template_headers = [c.value for c in load_workbook(template).worksheets[0][1]]
    # The template's columns, in its order, then when a competency was retired (a template column too).
    assert [c.value for c in ws[1]][:7] == template_headers[:7] and ws[1][7].value in template_headers
    assert [c.value for c in ws[2]][1:] == ["Mantenimiento", "MAN-1", "Mide piezas con calibrador", None,
                                            "EC0217.01", "technical", None]  # not retired
    other = make_placement(db, surname="Ruiz", active=False)
    with db.writer() as session:  # an empty programme to import into
        session.query(Competency).filter(Competency.programme_id == other.programme_id).delete()
        session.commit()
    # Another programme's catalogue is refused (never poured into the chosen one unasked); with its programme
    # column emptied, it is copied.
    code, _out, err = cli(db, "catalogue", "import", str(other.programme_id), str(exported))
    assert code == 1 and "Import the file into that programme" in err, err
    copy = load_workbook(exported)
    for row in range(2, copy.worksheets[0].max_row + 1):
        copy.worksheets[0].cell(row=row, column=1).value = None
    copy.save(exported)
    code, _out, err = cli(db, "catalogue", "import", str(other.programme_id), str(exported))
    assert code == 0, err
    shown = json.loads(cli(db, "show", "programmes", str(other.programme_id), "--json")[1])
    assert [c["code"] for c in shown["competencies"]] == ["MAN-1", "MAN-2", "MAN-3", "CAL-1", "CAL-2"]
    # the template filled in as an office would: taken by the catalogue import too
    filled = load_workbook(template)
    sheet = filled.worksheets[0]
    header_row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(row=r, column=1).value)
    for i, (area, code_, title) in enumerate([("Seguridad", "SEG-1", "Usa el equipo de protección"),
                                              ("Seguridad", "SEG-2", "Reporta incidentes")], start=1):
        for column, value in enumerate([shown["code"], area, code_, title], start=1):
            sheet.cell(row=header_row + i, column=column, value=value)
    filled.save(template)
    code, _out, err = cli(db, "catalogue", "import", str(other.programme_id), str(template))
    assert code == 0, err
    shown = json.loads(cli(db, "show", "programmes", str(other.programme_id), "--json")[1])
    assert {"SEG-1", "SEG-2"} <= {c["code"] for c in shown["competencies"]}

    bad = tmp_path / "bad.xlsx"
    wb = Workbook()
    sheet = wb.active
    sheet.append(["Área", "Código", "Título", "Código CONOCER", "Tipo"])
    sheet.append(["Soldadura", "SOL-1", "Suelda en posición plana", "EC0217.01", "técnica"])
    sheet.append(["Soldadura", "SOL-2", None, None, None])
    sheet.append(["Soldadura", "SOL-1", "Suelda vertical", "EC12", "manual"])
    wb.save(bad)
    code, _out, err = cli(db, "catalogue", "import", str(other.programme_id), str(bad))
    assert code == 1
    assert "Row 3, column Título" in err
    assert "Row 4, column Código" in err and "row 2" in err
    assert "Row 4, column Código CONOCER" in err and "Row 4, column Tipo" in err
    shown = json.loads(cli(db, "show", "programmes", str(other.programme_id), "--json")[1])
    assert all(not c["code"].startswith("SOL") for c in shown["competencies"])


def test_socioemotional_catalogue_is_enabled_once_and_counted_apart(cli, placement: Placement):
    db = placement.db
    code, _out, err = cli(db, "catalogue", "socioemotional", str(placement.programme_id))
    assert code == 0 and "6 socio-emotional skills added" in err
    assert "0 socio-emotional" in cli(db, "catalogue", "socioemotional", str(placement.programme_id))[2]
    assert cli(db, "assess", str(placement.agreement_id), "SE-6", "4")[0] == 0
    data = json.loads(cli(db, "progress", str(placement.apprentice_id), "--json")[1])
    assert data["overall"]["total"] == 5
    assert data["socioemotional"] == {"reached": 1, "total": 6, "share": 0.1667, "percent": 17}


def test_scale_is_chosen_before_the_first_rating_and_then_kept(cli, placement: Placement):
    db = placement.db
    code, _out, err = cli(db, "catalogue", "scale", str(placement.programme_id), "ihk100")
    assert code == 0, err
    shown = json.loads(cli(db, "show", "programmes", str(placement.programme_id), "--json")[1])
    assert shown["scale"]["kind"] == "points" and shown["scale"]["reached_from"] == 50
    assert cli(db, "assess", str(placement.agreement_id), "MAN-1", "4")[0] == 0  # 4 points: a fail
    code, _out, err = cli(db, "catalogue", "scale", str(placement.programme_id), "four_levels")
    assert code == 1 and "error: scale:" not in err and "ratings are recorded on the programme's current scale" in err
    shown = json.loads(cli(db, "show", "programmes", str(placement.programme_id), "--json")[1])
    assert shown["scale"]["kind"] == "points"


def test_feedback_and_the_timeline_through_the_command_line(cli, placement: Placement):
    db = placement.db
    day = (TODAY - timedelta(days=4)).isoformat()
    # The agreement by its reference, the position by its name at the agreement's company (issue 22's trial).
    from vetdesk.services import records

    reference = records.get(db, "agreements", placement.agreement_id)["reference"]
    position = records.get(db, "positions", placement.positions[0])["name"]
    code, out, err = cli(db, "assess", reference, "MAN-1", "2", "--date", day, "--position", position.upper(),
                         "--json")
    assert code == 0 and json.loads(out)["position_id"] == placement.positions[0], err
    code, out, err = cli(db, "feedback", reference, "Practica el ajuste", "--date", day)
    assert code == 0, err
    data = json.loads(cli(db, "progress", str(placement.apprentice_id), "--json", "--timeline")[1])
    assert [e["kind"] for e in data["timeline"]] == ["assessment", "feedback"]
    assert data["overall"]["reached"] == 0  # feedback proves nothing
    code, _out, err = cli(db, "feedback", str(placement.agreement_id), "  ")
    assert code == 1 and "error: Write the feedback itself." in err
