"""What a new user's re-trial of the office's own set-up still found in the core (issue 22), each at its cause:
the progress report says what its figure counts and speaks one language."""

from __future__ import annotations

import io

import pypdf

from tests import factories as f
from tests.services.test_training_setup import Office
from tests.services.test_training_setup import office as office  # noqa: F401 - the fixture
from vetdesk import i18n
from vetdesk.services import catalogue, records


def _pdf_text(pdf: bytes) -> str:
    """The PDF's words, lines joined by spaces (a sentence may wrap)."""
    return " ".join(" ".join(page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(pdf)).pages).split())


def test_the_progress_report_says_what_it_counts_and_names_the_kinds_areas_in_its_own_language(
        office: Office) -> None:
    """A catalogue set up by a Spanish-speaking officer (its default areas recorded as "Competencias
    técnicas", "Habilidades socioemocionales") printed in English: the figure says it counts the technical
    competencies, the socio-emotional skills are counted apart, and no Spanish area name is left."""
    from vetdesk.reports import render

    db = office.db
    i18n.set_language("es")
    try:
        programme = f.make_programme(db, code="ELEC", name="Electricidad")
        records.create(db, "competencies", {"programme_id": programme, "code": "E1", "title": "Cablear"})
        catalogue.enable_socioemotional(db, programme)
    finally:
        i18n.set_language("en")
    assert {c["area"] for c in records.get(db, "programmes", programme)["competencies"]} == \
        {"Competencias técnicas", "Habilidades socioemocionales"}
    agreement = records.create(db, "agreements", office.agreement_values()).id
    # The company's plan for this programme, which the contract for signature attaches.
    plan = f.make_plan(db, company_id=office.company, programme_id=programme, weeks=52)
    records.update(db, "agreements", agreement, {"programme_id": programme, "rotation_plan_id": plan},
                   accept_warnings=True)
    f.activate(db, agreement)
    english = _pdf_text(render.progress_pdf(db, agreement_id=agreement, lang="en"))
    assert "0 of 1 technical competency reached" in english
    assert "Socio-emotional skills, counted apart: 0 of 6 reached." in english
    assert "Competencias técnicas" not in english and "Habilidades socioemocionales" not in english
    assert "Technical competencies" in english and "Self-awareness" in english and "Autoconocimiento" not in english
    assert "Socio-emotional skills · socio-emotional" not in english
    spanish = _pdf_text(render.progress_pdf(db, agreement_id=agreement, lang="es"))
    assert "0 de 1 competencia técnica alcanzada" in spanish
    assert "Habilidades socioemocionales, contadas aparte: 0 de 6 alcanzadas." in spanish


def test_a_learning_agreement_that_outlasts_its_collaboration_agreement_is_told_which_and_what_to_do(
        db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The collaboration agreement between CONALEP Querétaro II and Frenos del Bajío ends half-way through the
    learning agreement: saving warns (refuses, under a strict office) naming it, its parties and its end, and
    says what to do; a draft collaboration is named with its status."""
    from datetime import date, timedelta

    from tests.services.test_training_setup import START
    from vetdesk.domain.problems import RuleViolation, WarningsNotAccepted
    from vetdesk.i18n import shown_day
    from vetdesk.services.settings import save_office_settings

    office = Office(db, tmp_path)
    ends = START + timedelta(days=180)
    f.make_collaboration(db, school_id=office.school, company_id=f.make_company(db, name="Otra"))  # not this pair
    reference = records.get(db, "collaborations", office.collaboration)["reference"]
    from vetdesk.storage.models import CollaborationAgreement

    with db.writer() as session:  # the collaboration's term, as it was signed
        session.get(CollaborationAgreement, office.collaboration).end_date = ends
        session.commit()
    values = office.agreement_values()
    agreement_end = date.fromisoformat(str(values["end_date"]))
    import pytest

    with pytest.raises(WarningsNotAccepted) as warned:
        records.create(db, "agreements", values)
    [problem] = [p for p in warned.value.problems if p.code == "agreement.collaboration_ends"]
    assert problem.field == "end_date"
    assert problem.message == (
        f"The collaboration agreement {reference} between CONALEP Querétaro II and Frenos del Bajío ends on "
        f"{shown_day(ends)}, before this learning agreement ends ({shown_day(agreement_end)}). Record a new "
        f"collaboration agreement between them from {shown_day(ends + timedelta(days=1))} before then, or end the "
        f"learning agreement by {shown_day(ends)}.")
    assert records.create(db, "agreements", values | {"end_date": ends}, accept_warnings=True).id  # inside: fine
    save_office_settings(db, {"collaboration_rule": "error"})
    with pytest.raises(RuleViolation) as refused:
        records.create(db, "agreements", values, accept_warnings=True)
    assert "agreement.collaboration_ends" in {p.code for p in refused.value.errors}
    # A collaboration still in draft is named with its status.
    school = f.make_school(db, name="CBTIS 118")
    f.make_collaboration(db, school_id=school, company_id=office.company, start_date=START, active=False)
    with pytest.raises(RuleViolation) as refused:
        records.create(db, "agreements", values | {"school_id": school, "tutor_id": None}, accept_warnings=True)
    [problem] = [p for p in refused.value.errors if p.code == "agreement.collaboration"]
    assert "between CBTIS 118 and Frenos del Bajío is draft, not yet in force" in problem.message


def test_every_rule_the_dates_at_a_position_break_is_said_at_once(office: Office) -> None:
    """Dates at a position that start before the agreement, overlap two positions already recorded and end on a
    day still to come: each is said in one refusal (only the first was), as a plan's rules are."""
    from datetime import date, timedelta

    import pytest

    from tests.services.test_training_setup import START
    from vetdesk.domain.problems import RuleViolation

    db = office.db
    agreement = office.printed_agreement()
    first, second, third = office.positions[:3]
    records.create(db, "rotations", {"agreement_id": agreement, "position_id": first, "actual_start": START,
                                     "actual_end": START + timedelta(days=9)}, accept_warnings=True)
    records.create(db, "rotations", {"agreement_id": agreement, "position_id": second,
                                     "actual_start": START + timedelta(days=10),
                                     "actual_end": START + timedelta(days=19)}, accept_warnings=True)
    with pytest.raises(RuleViolation) as refused:
        records.create(db, "rotations", {"agreement_id": agreement, "position_id": third,
                                         "actual_start": START - timedelta(days=3),
                                         "actual_end": date.today() + timedelta(days=5)})
    codes = [p.code for p in refused.value.problems]
    assert codes.count("rotation.outside") == 1 and codes.count("rotation.overlap") == 2, codes
    assert "rotation.future" in codes
    messages = " ".join(p.message for p in refused.value.problems)
    assert "Almacén" in messages and "Taller" in messages
    assert records.count_records(db, "rotations") == 2


def test_a_collaboration_s_own_company_signatory_is_enough_to_print_it(office: Office) -> None:
    """The company has no legal representative recorded, but the collaboration agreement names who signs for
    it: printed, with that person signing; without either, refused saying to record one of the two."""
    from datetime import timedelta

    import pytest

    from tests.services.test_training_setup import START
    from vetdesk.domain.problems import RuleViolation
    from vetdesk.reports.collaboration import collaboration_pdf

    db = office.db
    company = f.make_company(db, name="Troqueles del Centro", address="Av. 5 de Febrero 35, Querétaro",
                             legal_representative="")
    records.update(db, "schools", office.school, {"address": "Av. Tecnológico 100, 76000 Querétaro, Qro."})
    records.create(db, "tutors", {"school_id": office.school, "name": "Mtra. Laura Campos", "role": "director"})
    draft = records.create(db, "collaborations", {
        "school_id": office.school, "company_id": company, "start_date": START,
        "end_date": START + timedelta(days=700), "company_signatory": "Ing. Marta Ríos, directora de planta"},
        accept_warnings=True).id
    text = _pdf_text(collaboration_pdf(db, draft, lang="en"))
    assert "Ing. Marta Ríos, directora de planta" in text
    records.update(db, "collaborations", draft, {"company_signatory": None})
    with pytest.raises(RuleViolation) as refused:
        collaboration_pdf(db, draft, lang="en")
    assert [p.code for p in refused.value.problems] == ["contract.representative"]
    assert "Record the company's signatory on the collaboration agreement, or the legal representative on the " \
           "company." in refused.value.problems[0].message


def test_a_catalogue_exported_in_the_reader_s_words_reads_back(office: Office, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The programme form's export wrote a competency's kind as "technical" among German headings: it is in the
    reader's words, and the catalogue import reads them back in any language."""
    from openpyxl import load_workbook

    db = office.db
    path = tmp_path / "katalog.xlsx"
    i18n.set_language("de")
    try:
        catalogue.export_catalogue(db, office.programme, path)
    finally:
        i18n.set_language("en")
    ws = load_workbook(path).worksheets[0]
    kinds = {row[6] for row in ws.iter_rows(min_row=2, values_only=True)}
    german = {i18n.translator("de").gettext("technical"), i18n.translator("de").gettext("socio-emotional")}
    assert kinds == german and "technical" not in kinds, kinds
    for row in range(2, ws.max_row + 1):
        ws.cell(row=row, column=1).value = None  # copied into another programme
    ws.parent.save(path)
    copy = f.make_programme(db, code="MECA2", name="Mecatrónica 2")
    assert catalogue.import_catalogue(db, copy, path).added == ws.max_row - 1
    assert [c["kind"] for c in records.get(db, "programmes", copy)["competencies"]] == \
        [c["kind"] for c in records.get(db, "programmes", office.programme)["competencies"]]


def test_ending_a_collaboration_under_running_agreements_is_said_first(office: Office) -> None:
    """Ending the school–company collaboration agreement while a learning agreement signed under it still runs
    was silent; it warns, naming the agreement, and ends only when the officer confirms."""
    import pytest

    from vetdesk.domain.problems import WarningsNotAccepted

    db = office.db
    agreement = records.create(db, "agreements", office.agreement_values(), accept_warnings=True).id
    f.activate(db, agreement)
    reference = records.get(db, "agreements", agreement)["reference"]
    with pytest.raises(WarningsNotAccepted) as warned:
        records.update(db, "collaborations", office.collaboration, {"status": "ended", "end_reason": "fin"})
    [problem] = [p for p in warned.value.problems if p.code == "collaboration.ending_under_agreements"]
    assert reference in problem.message
    assert records.get(db, "collaborations", office.collaboration)["status"] == "active"  # nothing written
    records.update(db, "collaborations", office.collaboration, {"status": "ended", "end_reason": "fin"},
                   accept_warnings=True)
    assert records.get(db, "collaborations", office.collaboration)["status"] == "ended"


def test_a_catalogue_title_that_looks_like_a_formula_is_exported_as_text(office: Office, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A title imported from a CSV as ``=HYPERLINK(…)`` was written into the catalogue's export as a live formula."""
    from openpyxl import load_workbook

    db = office.db
    first = records.get(db, "programmes", office.programme)["competencies"][0]
    with office.db.writer() as session:  # as a CSV import could keep it (a text, not a formula cell)
        from vetdesk.storage.models import Competency

        session.get(Competency, first["id"]).title = '=HYPERLINK("http://x")'
        session.commit()
    path = tmp_path / "catalogue.xlsx"
    catalogue.export_catalogue(db, office.programme, path)
    cells = [c for row in load_workbook(path).worksheets[0].iter_rows(min_row=2) for c in row
             if c.value == '=HYPERLINK("http://x")']
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells), [(c.data_type, c.value) for c in cells]


def test_a_retired_competency_is_exported_as_retired(office: Office, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A new user's trial: ``vetdesk catalogue export`` wrote a retired competency like an active one. The file
    says when it was retired (as ``vetdesk export competencies`` does), and the catalogue import still takes the
    file back unchanged."""
    from datetime import date

    from openpyxl import load_workbook

    db = office.db
    first = records.get(db, "programmes", office.programme)["competencies"][0]
    records.update(db, "competencies", first["id"], {"retired_on": "2026-11-30"}, accept_warnings=True)
    path = tmp_path / "catalogue.xlsx"
    catalogue.export_catalogue(db, office.programme, path)
    ws = load_workbook(path).worksheets[0]
    header = [c.value for c in ws[1]]
    assert header[-1] == "Retired on", header
    retired = {row[2]: row[-1] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert retired[first["code"]].date() == date(2026, 11, 30)
    assert all(v is None for code, v in retired.items() if code != first["code"])
    summary = catalogue.import_catalogue(db, office.programme, path)
    assert summary.added == 0 and summary.updated == 0
