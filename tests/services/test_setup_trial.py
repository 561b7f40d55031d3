"""What a new user's trial of the office's own set-up found (issue 22), each at its cause: a rotation moved past
the agreement's end, every failing set-up rule said at once, a rule that blocks only what it concerns."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests import factories as f
from tests.services.test_training_setup import START, Office, _spanish
from tests.services.test_training_setup import office as office  # noqa: F401 - the fixture
from vetdesk.domain.problems import RuleViolation, WarningsNotAccepted
from vetdesk.i18n import shown_day
from vetdesk.services import catalogue, records
from vetdesk.services.checks import check_database
from vetdesk.services.settings import save_office_settings


def test_a_rotation_moved_past_the_agreement_s_end_is_warned_of_with_the_position_and_dates(office: Office) -> None:
    """The apprentice stayed ten days longer at the first position: the rest of the rotation moves, and the
    last position now lies past the agreement's end. Saving says so (with the office's strictness for the plan's
    term), and so does vetdesk check."""
    db = office.db
    agreement = office.printed_agreement()
    end = records.get(db, "agreements", agreement)["end_date"]
    late = START + timedelta(weeks=13, days=10)
    first = {"agreement_id": agreement, "position_id": office.positions[0], "actual_start": START,
             "actual_end": late - timedelta(days=1)}
    with pytest.raises(WarningsNotAccepted) as warned:
        records.create(db, "rotations", first)
    (problem,) = [p for p in warned.value.problems if p.code == "rotation.past_end"]
    last_start = late + timedelta(weeks=26)  # after Taller and Calidad, 13 weeks each
    assert problem.field == "actual_end"
    assert f"runs past the agreement's end ({shown_day(end)}): Ensamble is now due from " \
           f"{shown_day(last_start)} to {shown_day(last_start + timedelta(weeks=13, days=-1))}" in problem.message
    period = records.create(db, "rotations", first, accept_warnings=True).id
    found = [x for x in check_database(db) if x.problem.code == "rotation.past_end"]
    assert [(x.kind, x.record_id, x.problem.message) for x in found] == [("agreements", agreement, problem.message)]
    save_office_settings(db, {"plan_term_rule": "error"})
    es = _spanish(lambda: records.update(db, "rotations", period, {"actual_end": late}, accept_warnings=True))
    assert [p.code for p in es.errors] == ["rotation.past_end"] and "Ensamble" in es.errors[0].message
    assert "la rotación se extiende más allá del término del convenio" in es.errors[0].message
    save_office_settings(db, {"plan_term_rule": "off"})
    assert not [x for x in check_database(db) if x.problem.code == "rotation.past_end"]


def test_a_rotation_on_time_or_that_ends_where_the_plan_did_is_not_warned_of(office: Office) -> None:
    db = office.db
    agreement = office.printed_agreement()
    on_time = START + timedelta(weeks=13)
    records.create(db, "rotations", {"agreement_id": agreement, "position_id": office.positions[0],
                                     "actual_start": START, "actual_end": on_time - timedelta(days=1)},
                   accept_warnings=True)
    records.create(db, "rotations", {"agreement_id": agreement, "position_id": office.positions[1],
                                     "actual_start": on_time + timedelta(days=1)},
                   accept_warnings=True)  # a day later: still inside the agreement (only "still to come")
    assert not [x for x in check_database(db) if x.problem.code == "rotation.past_end"]


def test_refused_dates_are_not_also_judged_for_the_end(office: Office) -> None:
    db = office.db
    agreement = office.printed_agreement()
    with pytest.raises(RuleViolation) as refused:
        records.create(db, "rotations", {"agreement_id": agreement, "position_id": office.positions[0],
                                         "actual_start": START + timedelta(days=200), "actual_end": START})
    # Dates in the wrong order measure no rotation (no past-end warning); a day still to come is said beside.
    assert [p.code for p in refused.value.errors] == ["rotation.order"]
    assert "rotation.past_end" not in {p.code for p in refused.value.problems}


def test_every_failing_set_up_rule_is_said_at_once(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A plan of another programme and no collaboration agreement in force (the office refuses both): the
    officer reads both refusals together, and fixes both in one go; nothing is written."""
    office = Office(db, tmp_path, collaboration=False)
    other = f.make_programme(db, code="LOG", name="Logística")
    save_office_settings(db, {"collaboration_rule": "error"})
    with pytest.raises(RuleViolation) as refused:
        records.create(db, "agreements", office.agreement_values(programme_id=other))
    assert {"plan.mismatch", "agreement.collaboration"} <= {p.code for p in refused.value.errors}
    assert "plan.term" not in {p.code for p in refused.value.problems}  # another's plan is not measured here
    with pytest.raises(RuleViolation) as refused:  # and beside an agreement's own rule
        records.create(db, "agreements", office.agreement_values(daily_hours="0"))
    assert {"agreement.collaboration"} <= {p.code for p in refused.value.errors}
    assert any(p.field == "daily_hours" for p in refused.value.errors)
    assert records.count_records(db, "agreements") == 0


def test_a_rule_holds_up_only_the_changes_that_concern_it(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """An office refusing plans that miss competencies, and agreements without a collaboration agreement, still
    renames a plan that missed one before the setting, and changes a draft's stipend; a change that makes the
    plan miss more is refused, one of its steps that misses no more is warned of."""
    from sqlalchemy import update

    from vetdesk.storage.models import Instructor

    office = Office(db, tmp_path, collaboration=False)
    short = records.create(db, "rotation_plans", {
        "company_id": office.company, "programme_id": office.programme, "name": "Plan corto",
        "steps": [{"position_id": p, "weeks": 13} for p in office.positions[:3]]}, accept_warnings=True).id
    agreement = records.create(db, "agreements", office.agreement_values(), accept_warnings=True).id
    save_office_settings(db, {"plan_coverage_rule": "error", "collaboration_rule": "error"})
    assert records.update(db, "rotation_plans", short, {"name": "Plan corto 2026"}).warnings == []
    with pytest.raises(RuleViolation) as refused:  # now MEC-07 to MEC-09 are untaught too
        records.update(db, "rotation_plans", short, {"steps": f"{office.positions[0]}:20,{office.positions[1]}:20"})
    assert [p.code for p in refused.value.errors] == ["plan.coverage"]
    assert "MEC-07" in refused.value.errors[0].message
    with pytest.raises(WarningsNotAccepted):  # the same competencies missing: said, not refused
        records.update(db, "rotation_plans", short, {"steps": ",".join(f"{p}:17" for p in office.positions[:3])})
    assert records.update(db, "agreements", agreement, {"stipend_amount": "5000.00"}).warnings == []
    with pytest.raises(RuleViolation) as refused:  # a step of its life cycle is judged by the rule
        records.update(db, "agreements", agreement, {"status": "printed"}, accept_warnings=True)
    assert "agreement.collaboration" in {p.code for p in refused.value.errors}
    other = f.make_company(db, name="Vidrios del Bajío")
    with db.writer() as s:  # the instructor went to work for another company
        s.execute(update(Instructor).where(Instructor.id == office.instructor).values(company_id=other))
        s.commit()
    records.update(db, "positions", office.positions[0], {"description": "Recepción de materiales"})
    with pytest.raises(RuleViolation) as refused:
        records.update(db, "positions", office.positions[0],
                       {"instructor_id": f.make_instructor(db, company_id=other)})
    assert [p.code for p in refused.value.errors] == ["position.instructor"]


# -- the catalogue's spreadsheet ----------------------------------------------------------------------------

def _sheet(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_a_catalogue_headed_as_an_office_heads_it_without_areas_is_imported(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Carrera (by name or code), Clave, Nombre de la competencia, Tipo de competencia, no Área: the programme's
    rows are imported, each taking its kind's area; another programme's rows are left out and counted; an
    existing competency keeps its area when the file has none."""
    meca = f.make_programme(db, code="MECA", name="Mecatrónica")
    path = _sheet(tmp_path / "catalogo.xlsx", ["Carrera", "Clave", "Nombre de la competencia", "Tipo de competencia"],
                  [["Mecatrónica", "MEC-01", "Mantener equipos", "técnica"],
                   ["MECA", "MEC-02", "Trabajar en equipo", "socioemocional"],
                   ["Logística", "LOG-01", "Planear rutas", "técnica"]])
    summary = catalogue.import_catalogue(db, meca, path)
    assert (summary.added, summary.other_programmes) == (2, 1)
    shown = records.get(db, "programmes", meca)["competencies"]
    assert [(c["code"], c["area"]) for c in shown] == [("MEC-01", "Technical competencies"),
                                                       ("MEC-02", "Socio-emotional skills")]
    records.update(db, "competencies", shown[0]["id"], {"area": "Mantenimiento"})
    catalogue.import_catalogue(db, meca, path)
    assert records.get(db, "competencies", shown[0]["id"])["area"] == "Mantenimiento"
    # Another programme's catalogue alone is refused, naming it (the re-trial's finding: it was poured into the
    # chosen programme); with the programme column emptied it is copied into the chosen one.
    logistics = _sheet(tmp_path / "log.xlsx", ["Carrera", "Clave", "Competencia"], [["Logística", "LOG-01", "x"]])
    with pytest.raises(RuleViolation) as refused:
        catalogue.import_catalogue(db, meca, logistics)
    assert [p.code for p in refused.value.problems] == ["catalogue.other_programme"]
    assert "not of the programme MECA Mecatrónica: its column Carrera names Logística" in \
        refused.value.problems[0].message
    assert [c["code"] for c in records.get(db, "programmes", meca)["competencies"]] == ["MEC-01", "MEC-02"]
    copied = _sheet(tmp_path / "copy.xlsx", ["Carrera", "Clave", "Competencia"], [[None, "LOG-01", "x"]])
    assert catalogue.import_catalogue(db, meca, copied).added == 1


def test_a_catalogue_s_missing_columns_are_listed_as_the_language_lists(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    meca = f.make_programme(db, code="MECA", name="Mecatrónica")
    path = _sheet(tmp_path / "catalogo.xlsx", ["Carrera", "Núm", "Descripción"], [["MECA", "1", "Algo"]])
    es = _spanish(lambda: catalogue.import_catalogue(db, meca, path))
    assert [p.code for p in es.problems] == ["catalogue.header"]
    assert "Clave de la competencia y Competencia" in es.problems[0].message
    assert ", Competencia" not in es.problems[0].message and "faltan" in es.problems[0].message
    with pytest.raises(RuleViolation) as refused:
        catalogue.import_catalogue(db, meca, path)
    assert "Competency code and Competency are missing" in refused.value.problems[0].message
    with pytest.raises(RuleViolation) as refused:  # --map names one: the other is still missing
        catalogue.import_catalogue(db, meca, path, overrides={"Núm": "code"})
    assert "; Competency is missing" in refused.value.problems[0].message
    assert catalogue.import_catalogue(db, meca, path, overrides={"Núm": "code", "Descripción": "title"}).added == 1


def test_progress_counts_the_programme_s_competencies_in_force_as_the_certificate_does(office: Office) -> None:
    """Twelve competencies, one socio-emotional (counted apart) and two retired: the progress figures, the
    printed progress report and the completion certificate all count the nine technical ones in force, and a
    retired one left unrated does not hold up the certificate."""
    import io
    from datetime import date

    import pypdf

    from vetdesk.reports import render
    from vetdesk.services import documents, progress

    db = office.db
    agreement = records.create(db, "agreements", office.agreement_values()).id
    f.activate(db, agreement)
    yesterday = date.today() - timedelta(days=1)
    for retired in office.competencies[:2]:
        records.update(db, "competencies", retired, {"retired_on": yesterday})
    figures = progress.agreement_progress(db, agreement)
    assert (figures.progress.overall.reached, figures.progress.overall.total) == (0, 9)
    report = documents.progress_document(db, agreement_id=agreement)
    assert (report.reached, report.total) == (0, 9)
    assert [c.code for c in report.competencies][:1] == ["MEC-03"]
    pdf = render.progress_pdf(db, agreement_id=agreement, lang="en")
    text = "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "0 of 9 technical competencies reached" in text
    assert "MEC-01" not in text
    for competency in office.competencies[2:]:
        records.create(db, "assessments", {"agreement_id": agreement, "competency_id": competency, "level": 3,
                                           "assessed_on": date.today()})
    records.update(db, "agreements", agreement, {"status": "completed", "completed_on": date.today()},
                   accept_warnings=True)
    certificate = documents.certificate_document(db, agreement)
    assert (certificate.reached, certificate.total) == (9, 9)


def test_a_catalogue_file_of_codes_and_titles_erases_nothing_it_does_not_say(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A catalogue re-imported from a file with only Carrera, Clave and Competencia emptied the descriptions and
    CONOCER standards recorded (found by a new user's re-trial of issue 22), and would have made a
    socio-emotional skill technical: what a file leaves unsaid keeps what is recorded; what it says changes."""
    meca = f.make_programme(db, code="MECA", name="Mecatrónica")
    full = _sheet(tmp_path / "completo.xlsx",
                  ["Carrera", "Clave", "Competencia", "Descripción", "Norma CONOCER", "Tipo de competencia"],
                  [["MECA", "MEC-01", "Interpretar planos", "Interpreta dibujos técnicos", "EC0001.01", "técnica"],
                   ["MECA", "MEC-02", "Trabajar en equipo", "Colabora con su equipo", "", "socioemocional"]])
    catalogue.import_catalogue(db, meca, full)
    short = _sheet(tmp_path / "corto.xlsx", ["Carrera", "Clave", "Competencia"],
                   [["MECA", "MEC-01", "Interpretar planos mecánicos"], ["MECA", "MEC-02", "Trabajar en equipo"],
                    ["MECA", "MEC-03", "Medir piezas"]])
    summary = catalogue.import_catalogue(db, meca, short)
    assert (summary.added, summary.updated) == (1, 1)
    shown = {c["code"]: c for c in records.get(db, "programmes", meca)["competencies"]}
    assert shown["MEC-01"]["title"] == "Interpretar planos mecánicos"  # said: changed
    assert (shown["MEC-01"]["description"], shown["MEC-01"]["conocer_code"]) == ("Interpreta dibujos técnicos",
                                                                                 "EC0001.01")
    assert (shown["MEC-02"]["description"], shown["MEC-02"]["kind"]) == ("Colabora con su equipo", "socioemotional")
    assert shown["MEC-03"]["kind"] == "technical"  # a new one takes the default
