"""What a new user's trial of the command line found (trial 5): refusals and reports said in the user's words."""

from __future__ import annotations

from datetime import date

from tests import factories as f


def test_add_names_the_word_renapo_replaces_not_an_impossible_date(cli, sqlite_db) -> None:  # type: ignore[no-untyped-def]
    """A CURP FALO… with a valid date, sex and state: ``vetdesk add`` says its first four letters form a word
    RENAPO replaces (the real CURP has FXLO), and does not ask for the birth date and sex the CURP would give."""
    curp = f.curp_for(date(2004, 5, 17), "H", prefix="FALO")
    code, out, err = cli(sqlite_db, "add", "apprentices", f"curp={curp}", "given_names=Ana", "first_surname=Falo")
    assert code == 1
    assert "RENAPO" in err and "FXLO" in err, err
    assert "impossible" not in err and "Birth date" not in err and "Sex" not in err, err


def test_sign_refusals_name_the_party_by_its_label_not_the_word_typed(cli, db) -> None:  # type: ignore[no-untyped-def]
    """``vetdesk sign`` said "error: school: …" and "error: empresa: …" (the key typed); each refusal names the
    signature date as the window's *Record signatures* does, in the user's language."""
    from vetdesk.services import records

    agreement = f.make_agreement(db)
    records.update(db, "agreements", agreement, {"status": "printed"}, accept_warnings=True)
    code, out, err = cli(db, "--lang", "es", "sign", str(agreement), "school=2001-01-01", "empresa=2099-01-01")
    assert code == 1
    lines = sorted(line for line in err.splitlines() if line.startswith("error:"))
    assert len(lines) == 2, err
    assert lines[0].startswith("error: Firmado por el plantel el: La fecha de firma 01/01/2001"), err
    assert lines[1].startswith("error: Firmado por la empresa el: La fecha de firma 01/01/2099"), err
    assert records.get(db, "agreements", agreement)["school_signed_on"] is None
