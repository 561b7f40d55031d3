"""What a new user's trial of the office's set-up (issue 22, fix22g) found on the command line: ``vetdesk show``
took only an id (``vetdesk show programmes MECA`` was a usage error), and a collaboration agreement could not be
signed from the command line."""

from __future__ import annotations

from tests import factories as f
from vetdesk.services import records


def test_show_takes_a_record_s_code_or_number(cli, db) -> None:  # type: ignore[no-untyped-def]
    """A programme by its code, a company by its RFC, a school by its CCT, an agreement by its reference (in
    any case, with spaces around), and still by id."""
    programme = f.make_programme(db, code="MECA", name="Mecatrónica industrial")
    company = f.make_company(db, name="Frenos del Bajío S.A. de C.V.")
    rfc = records.get(db, "companies", company)["rfc"]
    school = f.make_school(db, name="CONALEP Puebla II")
    cct = records.get(db, "schools", school)["cct"]
    agreement = f.make_agreement(db, programme_id=programme, company_id=company, school_id=school)
    reference = records.get(db, "agreements", agreement)["reference"]
    for kind, given, shown in (("programmes", "MECA", "Mecatrónica industrial"),
                               ("programme", " meca ", "Mecatrónica industrial"),
                               ("companies", rfc.lower(), "Frenos del Bajío"),
                               ("schools", cct, "CONALEP Puebla II"),
                               ("agreements", reference, reference),
                               ("programmes", str(programme), "Mecatrónica industrial")):
        code, out, err = cli(db, "show", kind, given)
        assert code == 0, (kind, given, err)
        assert shown in out, (kind, given, out)
    code, out, err = cli(db, "show", "agreements", reference, "--json")
    assert code == 0 and f'"id": {agreement}' in out, (out, err)


def test_show_by_code_says_when_none_or_several_match(cli, db) -> None:  # type: ignore[no-untyped-def]
    f.make_programme(db, code="MECA")
    code, out, err = cli(db, "show", "programmes", "MEKA")
    assert code == 1, (out, err)
    assert err.startswith("No programme found for Programme code: MEKA. Check it, or find the record with vetdesk "
                          "list programmes --search and give its number (id)."), err
    assert "Traceback" not in err and out == ""
    # Two instructors of a company may share its training department's address.
    first = f.make_instructor(db, email="formacion@frenos.mx")
    second = f.make_instructor(db, email="formacion@frenos.mx")
    code, out, err = cli(db, "show", "instructors", "Formacion@Frenos.mx")
    assert code == 1, (out, err)
    assert f"Several instructors found for E-mail: Formacion@Frenos.mx (ids {first}, {second}). Give the number " \
           "(id) of the one you mean." in err, err
    code, out, err = cli(db, "show", "rotations", "ALMACEN")
    assert code == 1 and "Rotation periods are named by their number (id), not by a code" in err, err


def _printed_collaboration(db):  # type: ignore[no-untyped-def]
    school, company = f.make_school(db), f.make_company(db)
    collaboration = f.make_collaboration(db, school_id=school, company_id=company, active=False)
    records.update(db, "collaborations", collaboration, {"status": "printed"}, accept_warnings=True)
    return collaboration


def test_a_collaboration_agreement_is_signed_on_the_command_line_as_in_the_window(cli, db) -> None:  # type: ignore[no-untyped-def]
    """``vetdesk sign collaboration ID PARTY=DATE…``: the same operation as the window's *Record signatures*
    (Office.record_signatures): the signatures come in over days, the parties still to sign are listed, the last
    one makes it signed; named by its reference too."""
    from datetime import date

    from vetdesk.services.audit_words import shown
    from vetdesk.storage.models import AuditEntry

    collaboration = _printed_collaboration(db)
    reference = records.get(db, "collaborations", collaboration)["reference"]
    today = date.today().isoformat()
    code, out, err = cli(db, "sign", "collaboration", str(collaboration), f"school={today}", f"company={today}")
    assert code == 0, err
    stored = records.get(db, "collaborations", collaboration)
    assert (stored["status"], stored["school_signed_on"], stored["chamber_signed_on"]) == (
        "printed", date.today(), None)
    assert "✖ The chamber: not signed yet" in err and "The school" not in err, err
    assert "Its status is now: printed." in err, err
    code, out, err = cli(db, "sign", "convenio de colaboración", reference, f"chamber={today}")
    assert code == 0, err
    assert records.get(db, "collaborations", collaboration)["status"] == "signed"
    assert "not signed yet" not in err and "Its status is now: signed." in err, err
    with db.reader() as session:
        operations = [shown(e.operation) for e in session.query(AuditEntry).filter(
            AuditEntry.kind == "collaborations", AuditEntry.record_id == collaboration).order_by(AuditEntry.id)]
    assert operations[-2:] == ["Record signatures", "Sign collaboration agreement"], operations


def test_signing_a_collaboration_agreement_is_refused_in_words(cli, db) -> None:  # type: ignore[no-untyped-def]
    from datetime import date, timedelta

    collaboration = _printed_collaboration(db)
    code, out, err = cli(db, "sign", "collaboration", str(collaboration), "apprentice=2026-01-01")
    assert code == 2
    assert "apprentice is not a party that signs a collaboration agreement; use one of: school, company, " \
           "chamber." in err, err
    draft = f.make_collaboration(db, school_id=f.make_school(db), company_id=f.make_company(db), active=False)
    code, out, err = cli(db, "sign", "collaboration", str(draft), "school=2026-01-01")
    assert code == 1
    assert "Signatures are recorded on a printed collaboration agreement: print it for signature first." in err
    assert "Nothing was written." in err
    later = (date.today() + timedelta(days=3)).isoformat()
    code, out, err = cli(db, "sign", "collaboration", str(collaboration), f"school={later}")
    assert code == 1 and "error: Signed by the school on: The date of signature" in err, err
    assert "lies in the future" in err
    assert "school_signed_on" not in err
    assert records.get(db, "collaborations", collaboration)["school_signed_on"] is None


def _rated_office(db, tmp_path):  # type: ignore[no-untyped-def]
    """The set-up office with a running agreement: Almacén lists MEC-01 to MEC-03, Taller MEC-04 to MEC-06."""
    from tests.cli.test_cli_setup22 import _office

    return _office(db, tmp_path)


NOT_TAUGHT = ("The learning position Almacén does not list competency MEC-04 ({title}) among those learned there. "
              "Check the competency and the position; if it is learned there, add it to the position's "
              "competencies (Learning positions).")


def test_a_rating_at_a_position_that_does_not_teach_the_competency_is_warned(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """``vetdesk assess`` and ``vetdesk add assessments`` rating MEC-04 at Almacén (which lists MEC-01 to MEC-03):
    recorded, with a warning naming the position, the competency and what to do; rated where it is taught, no
    warning."""
    from datetime import timedelta

    office, agreement, start = _rated_office(db, tmp_path)
    almacen, taller = office.positions[0], office.positions[1]
    title = records.get(db, "competencies", office.competencies[3])["title"]
    day = (start + timedelta(days=3)).isoformat()
    code, out, err = cli(db, "assess", str(agreement), "MEC-04", "2", "--date", day, "--position", str(almacen))
    assert code == 0, err
    assert NOT_TAUGHT.format(title=title) in err, err
    assert records.count_records(db, "assessments") == 1  # a warning, not a refusal
    code, out, err = cli(db, "add", "assessments", f"agreement_id={agreement}",
                         f"competency_id={office.competencies[3]}", f"position_id={almacen}", f"assessed_on={day}",
                         "level=3")
    assert code == 0, err
    assert NOT_TAUGHT.format(title=title) in err, err
    code, out, err = cli(db, "assess", str(agreement), "MEC-04", "3", "--date", day, "--position", str(taller))
    assert code == 0 and "does not list competency" not in err, err


def test_the_rule_is_the_core_s_for_every_way_a_rating_is_recorded(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The assessment kind's own check warns (the form and the import show its warnings); a position that lists
    no competency teaches all of them."""
    from datetime import timedelta

    from vetdesk.services import assessments

    office, agreement, start = _rated_office(db, tmp_path)
    values = {"agreement_id": agreement, "competency_id": office.competencies[3], "position_id": office.positions[0],
              "assessed_on": start + timedelta(days=3), "level": 2}
    problems = records.validate(db, "assessments", values)
    assert [(p.field, p.code, p.is_error) for p in problems] == [("competency_id", "assessment.not_taught", False)]
    from vetdesk.services.training_rules import check_competency_taught
    from vetdesk.storage.models import Competency

    open_position = records.create(db, "positions", {"company_id": office.company, "name": "Oficina"}).id
    with db.reader() as session:
        competency = session.get(Competency, office.competencies[3])
        assert check_competency_taught(session, open_position, competency) == []  # it lists none: teaches all
        assert check_competency_taught(session, office.positions[1], competency) == []  # Taller lists it
    outcome = assessments.record_assessment(db, agreement_id=agreement, competency_code="MEC-01", level=2,
                                            on=start + timedelta(days=3), position_id=office.positions[1])
    assert [p.code for p in outcome.warnings] == ["assessment.not_taught"]


def test_an_agreement_is_signed_by_its_reference_too(cli, db) -> None:  # type: ignore[no-untyped-def]
    """``vetdesk sign agreement CA-… PARTY=DATE`` as ``vetdesk sign ID …`` always did."""
    from datetime import date

    agreement = f.make_agreement(db)
    records.update(db, "agreements", agreement, {"status": "printed"}, accept_warnings=True)
    reference = records.get(db, "agreements", agreement)["reference"]
    code, out, err = cli(db, "sign", "agreement", reference, f"company={date.today().isoformat()}")
    assert code == 0, err
    assert records.get(db, "agreements", agreement)["company_signed_on"] == date.today()
    code, out, err = cli(db, "sign", "collaboration")
    assert code == 2 and "Give the agreement's number (id) or reference after collaboration." in err, err
