"""``vetdesk sign``: the signatures of a printed agreement recorded as they come in, as the window's *Record
signatures* does: the agreement stays printed, the parties still to sign are listed, and the last signature
makes it signed."""

from __future__ import annotations

from datetime import date

from tests import factories as f
from vetdesk.services import records


def test_signatures_come_in_over_days_on_the_command_line(cli, db) -> None:  # type: ignore[no-untyped-def]
    agreement = f.make_agreement(db)
    records.update(db, "agreements", agreement, {"status": "printed"}, accept_warnings=True)
    today = date.today().isoformat()
    code, out, err = cli(db, "sign", str(agreement), f"company={today}", f"apprentice={today}")
    assert code == 0, err
    stored = records.get(db, "agreements", agreement)
    assert (stored["status"], stored["company_signed_on"], stored["chamber_signed_on"]) == (
        "printed", date.today(), None)
    assert "✖ The chamber: not signed yet" in err and "The company" not in err
    code, out, err = cli(db, "sign", str(agreement), f"chamber={today}", f"school={today}")
    assert code == 0, err
    assert records.get(db, "agreements", agreement)["status"] == "signed"
    assert "not signed yet" not in err and "signed" in err


def test_a_party_that_does_not_sign_is_refused_in_words(cli, db) -> None:  # type: ignore[no-untyped-def]
    agreement = f.make_agreement(db)
    records.update(db, "agreements", agreement, {"status": "printed"}, accept_warnings=True)
    code, out, err = cli(db, "sign", str(agreement), "notary=2026-01-01")
    assert code != 0 and "notary is not a party that signs an agreement" in err, err
    assert records.get(db, "agreements", agreement)["company_signed_on"] is None


def _two_guardians(db):  # type: ignore[no-untyped-def]
    """A printed agreement of a minor with two guardians recorded: the contract has a line for each."""
    apprentice = f.make_apprentice(db, birth_date=f.minor_birth_date(16), guardian2_name="Juan García Ruiz",
                                   guardian2_relation="father", guardian2_address="Calle 5 de Mayo 12, Puebla",
                                   guardian2_id_document="INE 1122334455")
    agreement = f.make_agreement(db, apprentice_id=apprentice)
    records.update(db, "agreements", agreement, {"status": "printed"}, accept_warnings=True)
    return agreement


def test_the_second_guardian_signs_on_the_command_line(cli, db) -> None:  # type: ignore[no-untyped-def]
    """``sign N guardian2=DATE`` records the second guardian's date (it was a usage error); the agreement is signed
    only once both guardians signed, the second named in words while waiting."""
    agreement = _two_guardians(db)
    today = date.today().isoformat()
    code, out, err = cli(db, "sign", str(agreement), f"company={today}", f"apprentice={today}",
                         f"guardian={today}", f"school={today}", f"chamber={today}")
    assert code == 0, err
    assert records.get(db, "agreements", agreement)["status"] == "printed"  # the second guardian has not signed
    assert "✖ The second parent or guardian: not signed yet" in err, err
    code, out, err = cli(db, "sign", str(agreement), f"guardian2={today}")
    assert code == 0, err
    stored = records.get(db, "agreements", agreement)
    assert (stored["status"], stored["guardian2_signed_on"]) == ("signed", date.today())
    assert "not signed yet" not in err


def test_signing_without_the_second_guardian_is_refused_in_words(cli, db) -> None:  # type: ignore[no-untyped-def]
    """Marking the agreement signed without the second guardian's date is refused naming them in words, and
    writes nothing; a future date for them is refused under their signature date's label."""
    agreement = _two_guardians(db)
    today = date.today().isoformat()
    dates = [f"{n}={today}" for n in ("company_signed_on", "apprentice_signed_on", "guardian_signed_on",
                                      "school_signed_on", "chamber_signed_on")]
    code, out, err = cli(db, "set", "agreements", str(agreement), "status=signed", *dates)
    assert code != 0, err
    assert "Signed by the second guardian on" in err and "second guardian signed" in err, err
    assert "guardian2_signed_on=" not in err
    stored = records.get(db, "agreements", agreement)
    assert (stored["status"], stored["company_signed_on"]) == ("printed", None)
    code, out, err = cli(db, "sign", str(agreement), "guardian2=2099-01-01")
    assert code != 0 and "error: Signed by the second guardian on: " in err and "lies in the future" in err, err
    assert records.get(db, "agreements", agreement)["guardian2_signed_on"] is None


def test_an_adult_or_a_single_guardian_is_not_waited_for(cli, db) -> None:  # type: ignore[no-untyped-def]
    """Only a party with a line on the printed contract is waited for: a minor with one guardian is signed
    without a second guardian's date."""
    apprentice = f.make_apprentice(db, birth_date=f.minor_birth_date(16))
    agreement = f.make_agreement(db, apprentice_id=apprentice)
    records.update(db, "agreements", agreement, {"status": "printed"}, accept_warnings=True)
    assert "guardian2_signed_on" not in dict(records.signatures(db, agreement))
    today = date.today().isoformat()
    code, out, err = cli(db, "sign", str(agreement), *(f"{p}={today}" for p in (
        "company", "apprentice", "guardian", "school", "chamber")))
    assert code == 0 and records.get(db, "agreements", agreement)["status"] == "signed", err
