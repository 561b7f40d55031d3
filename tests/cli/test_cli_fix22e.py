"""What a new user's trial of the office's set-up (issue 22) found on the command line, each refused or said in
the user's words at its cause: the school's liaison as an agreement's academic tutor, programme levels out of
range, an agreement's status in its code inside a Spanish message, a collaboration's status in the user's word."""

from __future__ import annotations

from sqlalchemy import func, select, update

from tests import factories as f
from tests.services.test_training_setup import Office
from vetdesk.services import records
from vetdesk.storage.models import CollaborationAgreement, LearningAgreement


def test_the_school_s_liaison_is_not_taken_as_the_academic_tutor(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    office = Office(db, tmp_path)
    values = office.agreement_values(tutor_id=office.liaison)
    args = [f"{k}={v}" for k, v in values.items() if v is not None]
    code, out, err = cli(db, "add", "agreements", *args)
    assert code != 0
    assert "Ing. Pablo Soto is not an academic tutor of the school but its liaison officer. Choose a person " \
           "recorded with the role academic tutor." in out + err, (out, err)
    with db.reader() as session:
        assert session.scalar(select(func.count()).select_from(LearningAgreement)) == 0
    assert records.create(db, "agreements", values | {"tutor_id": office.tutor}, accept_warnings=True).id


def test_programme_levels_are_refused_out_of_range_on_every_path(cli, db) -> None:  # type: ignore[no-untyped-def]
    programme = f.make_programme(db, code="MECA")
    for field, value, words in (("nqf_level", "99", "National qualification level must be from 1 to 8"),
                                ("isced_level", "-1", "ISCED level must be from 0 to 8"),
                                ("isced_level", "42", "ISCED level must be from 0 to 8"),
                                ("nqf_level", "MMFD nivel 9", "National qualification level must be from 1 to 8"),
                                ("nqf_level", "alto", "does not give one level")):
        code, out, err = cli(db, "set", "programmes", str(programme), f"{field}={value}")
        # the command line names the field once, in the user's words (never "Level (nqf_level) must be…")
        assert code != 0 and words in out + err and f"({field})" not in out + err, (field, value, out, err)
        assert records.get(db, "programmes", programme)[field] is None
    code, out, err = cli(db, "set", "programmes", str(programme), "nqf_level=MMFD nivel 3", "isced_level=354")
    assert code == 0, (out, err)
    saved = records.get(db, "programmes", programme)
    assert (saved["nqf_level"], saved["isced_level"]) == ("MMFD nivel 3", "354")


def test_an_assessment_on_a_signed_agreement_names_its_status_in_the_user_s_words(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    office = Office(db, tmp_path)
    agreement = records.create(db, "agreements", office.agreement_values(), accept_warnings=True).id
    records.update(db, "agreements", agreement, {"status": "printed"}, accept_warnings=True)
    records.update(db, "agreements", agreement, f.signature_values(db, agreement) | {"status": "signed"},
                   accept_warnings=True)
    code, out, err = cli(db, "--lang", "es", "assess", str(agreement), "MEC-01", "3")
    assert code != 0
    assert "está en estado “firmado”" in out + err and "“signed”" not in out + err, (out, err)


def test_a_collaboration_s_status_is_taken_and_listed_in_the_user_s_words(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    office = Office(db, tmp_path, collaboration=False)
    code, out, err = cli(db, "--lang", "es", "set", "collaborations", str(office.collaboration), "status=pendiente")
    assert code != 0
    assert "use uno de: borrador" in out + err and "draft, printed" not in out + err, (out, err)
    code, out, err = cli(db, "--lang", "es", "set", "collaborations", str(office.collaboration),
                         "status=impreso", "printed_on=2026-01-05")
    assert code == 0, (out, err)
    assert records.get(db, "collaborations", office.collaboration)["status"] == "printed"


def test_a_signed_agreement_keeps_its_signatures_and_in_force_date(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """``set collaborations 1 activated_on=`` and ``chamber_signed_on=`` were accepted: an agreement in force
    without them. Blanking is refused for both kinds (nothing written); correcting to another day is taken."""
    office = Office(db, tmp_path)
    collaboration = records.get(db, "collaborations", office.collaboration)
    for field in ("activated_on", "chamber_signed_on"):
        code, out, err = cli(db, "set", "collaborations", str(office.collaboration), f"{field}=")
        assert code != 0 and "This date is recorded on a signed agreement and is kept" in out + err, (out, err)
        assert records.get(db, "collaborations", office.collaboration)[field] == collaboration[field]
    agreement = records.create(db, "agreements", office.agreement_values(), accept_warnings=True).id
    records.update(db, "agreements", agreement, {"status": "printed"}, accept_warnings=True)
    records.update(db, "agreements", agreement, f.signature_values(db, agreement) | {"status": "signed"},
                   accept_warnings=True)
    signed = records.get(db, "agreements", agreement)["chamber_signed_on"]
    code, out, err = cli(db, "set", "agreements", str(agreement), "chamber_signed_on=")
    assert code != 0 and "do not leave it empty" in out + err, (out, err)
    assert records.get(db, "agreements", agreement)["chamber_signed_on"] == signed
    code, out, err = cli(db, "set", "agreements", str(agreement), f"chamber_signed_on={signed.isoformat()}")
    assert code == 0, (out, err)


def test_check_reports_a_signed_record_lacking_its_dates(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Old data, blanked before the rule: ``vetdesk check`` was silent about an agreement in force without a
    signature or in-force date."""
    office = Office(db, tmp_path)
    code, out, err = cli(db, "check")
    from tests.cli.test_cli_check_words import named

    assert f"{named(db, 'collaborations', office.collaboration)}:" not in out + err
    with db.writer.begin() as session:
        session.execute(update(CollaborationAgreement).where(CollaborationAgreement.id == office.collaboration)
                        .values(activated_on=None, chamber_signed_on=None))
    code, out, err = cli(db, "check")
    lines = [line for line in (out + err).splitlines() if line.startswith(
        f"{named(db, 'collaborations', office.collaboration)}:")]
    assert len(lines) == 2 and all("recorded as signed but this date is missing" in line for line in lines), out


def test_the_last_party_s_signature_makes_a_collaboration_signed(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """With all three signature dates recorded the collaboration agreement stayed "printed" until a separate
    status=signed; now the last one recorded signs it, as a learning agreement's signatures do. Until then it
    waits; the refusal to sign early names each party with its article agreeing ("del plantel")."""
    office = Office(db, tmp_path, collaboration=False)
    cid = str(office.collaboration)
    assert cli(db, "set", "collaborations", cid, "status=printed", "printed_on=2026-01-05")[0] == 0
    code, out, err = cli(db, "--lang", "es", "set", "collaborations", cid, "status=signed",
                         "company_signed_on=2026-01-10")
    assert code != 0 and "falta la fecha de firma del plantel, de la cámara" in out + err, (out, err)
    assert cli(db, "set", "collaborations", cid, "school_signed_on=2026-01-08", "company_signed_on=2026-01-10")[0] == 0
    assert records.get(db, "collaborations", office.collaboration)["status"] == "printed"
    code, out, err = cli(db, "set", "collaborations", cid, "chamber_signed_on=2026-01-12")
    assert code == 0, (out, err)
    assert records.get(db, "collaborations", office.collaboration)["status"] == "signed"


def test_companies_import_takes_the_templates_company_rfc_header(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The positions', instructors' and collaborations' templates head the company column "RFC de la empresa";
    ``import companies`` refused that header until --map. It is the companies' RFC too."""
    from openpyxl import Workbook

    rfc = f.company_rfc()
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["RFC de la empresa", "Razón social"])
    ws.append([rfc, "Frenos del Bajío"])
    path = tmp_path / "empresas.xlsx"
    wb.save(path)
    code, out, err = cli(db, "import", "companies", str(path))
    assert code == 0, (out, err)
    code, out, err = cli(db, "list", "companies")
    assert rfc in out and "Frenos del Bajío" in out, out
