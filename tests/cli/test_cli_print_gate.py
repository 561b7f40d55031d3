"""`vetdesk set agreements ID status=printed` takes a draft no further than printing it for signature would: a
contract that would leave a party blank or contradict itself is refused with printing's words, nothing written
(``refused``: exit 1, "Nothing was written", the agreements and the audit log as they were)."""

from __future__ import annotations

from datetime import timedelta

from tests import factories as f
from tests.cli.test_cli_contract import refused, rows
from vetdesk.services import records


def test_set_status_printed_on_a_draft_without_the_companys_representative_is_refused(cli, db) -> None:
    company = f.make_company(db, legal_representative=None)
    ag = f.make_agreement(db, company_id=company)
    err = refused(cli, db, "set", "agreements", str(ag), "status=printed")
    assert "the company's legal representative" in err and "Record it on the company (Legal representative)." in err
    assert "legal_representative" not in err  # the field in the user's words, no internal name
    assert records.get(db, "agreements", ag)["status"] == "draft"
    # signed or active straight from draft: the step is refused, the contract's gap said too
    err = refused(cli, db, "set", "agreements", str(ag), "status=signed")
    assert "from draft it can go to: printed" in err and "Legal representative" in err
    records.update(db, "companies", company, {"legal_representative": "Ana Ruiz"})
    code, out, err = cli(db, "set", "agreements", str(ag), "status=printed")
    assert code == 0, err
    assert records.get(db, "agreements", ag)["status"] == "printed"


def test_set_status_printed_is_refused_in_spanish_naming_the_insurance_expiry(db, capsys) -> None:
    from vetdesk.commands import main

    ag = f.make_agreement(db)
    end = records.get(db, "agreements", ag)["end_date"]
    records.update(db, "agreements", ag, {"insurance_expiry": (end - timedelta(days=1)).isoformat()},
                   accept_warnings=True)
    before = rows(db)
    capsys.readouterr()
    code = main(["--db", db.url, "--lang", "es", "set", "agreements", str(ag), "status=printed"])
    out, err = capsys.readouterr()
    assert code == 1 and out == "" and rows(db) == before
    assert "Vencimiento del seguro" in err and "No se guardó nada." in err
    assert records.get(db, "agreements", ag)["status"] == "draft"


def test_printing_in_the_layout_asked_for_marks_it_printed(cli, db, tmp_path) -> None:
    """A programme printed in the AHK and MMFD layouts ("both") needs a probation period; printed in the MMFD
    layout alone it does not: `vetdesk print agreement --template mmfd` prints and marks the draft printed, as
    the layout printed is the one checked."""
    programme = f.make_programme(db, templates="both")
    ag = f.make_agreement(db, programme_id=programme, probation_months=None)
    refused(cli, db, "set", "agreements", str(ag), "status=printed")  # the programme's layout cites § 20 BBiG
    code, out, err = cli(db, "print", "agreement", str(ag), "--template", "mmfd", "--output",
                         str(tmp_path / "a.pdf"))
    assert code == 0, err
    assert records.get(db, "agreements", ag)["status"] == "printed"
