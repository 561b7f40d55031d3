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
