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


def test_add_warns_of_an_nss_another_apprentice_holds(cli, sqlite_db) -> None:  # type: ignore[no-untyped-def]
    """The same NSS for two apprentices was accepted without a word."""
    from vetdesk.services import records

    first = f.make_apprentice(sqlite_db, given_names="Ana", first_surname="Ruiz", second_surname="Paz")
    nss = records.get(sqlite_db, "apprentices", first)["nss"]
    curp = f.curp_for(f.TODAY.replace(year=f.TODAY.year - 20, month=3, day=3), "M")
    code, out, err = cli(sqlite_db, "add", "apprentices", f"curp={curp}", "given_names=Eva", "first_surname=Sol",
                         f"nss={nss}")
    assert code == 0, err  # a warning: the record is written, the other apprentice named
    assert f"warning: Social-security number (NSS): The NSS {nss} is already recorded for Ana Ruiz Paz " \
           f"(apprentice {first})" in err, err


def test_an_unverifiable_country_says_a_resident_has_a_curp(cli, sqlite_db) -> None:  # type: ignore[no-untyped-def]
    """An apprentice from Guatemala was refused ("choose MX, AR, …"), with no way to register them but a false
    country: the identifier is recorded as typed with a warning naming the country in words and saying that a
    foreign apprentice living in Mexico as a resident has a CURP, to record with the country MX. A code that
    names no country is still refused, with the countries whose documents vetdesk checks."""
    from vetdesk.services import records

    code, out, err = cli(sqlite_db, "--lang", "es", "add", "apprentices", "id_country=GT", "curp=2547 12345 0101",
                         "given_names=Ana", "first_surname=López", "birth_date=2005-05-17", "sex=M")
    assert code == 0, err
    assert err.startswith("advertencia: CURP: vetdesk no puede verificar los documentos de identidad de Guatemala "
                          "(GT)"), err
    assert "tiene CURP: registre mejor la CURP, con MX como país" in err, err
    [stored] = records.list_records(sqlite_db, "apprentices")
    assert (stored["id_country"], stored["curp"]) == ("GT", "2547123450101")
    code, out, err = cli(sqlite_db, "--lang", "es", "add", "apprentices", "id_country=ZZ", "curp=1234",
                         "given_names=Eva", "first_surname=Sol", "birth_date=2005-05-17", "sex=M")
    assert code == 1 and "tiene CURP: registre la CURP, con MX como país" in err and "Brasil (BR)" in err, err
