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
