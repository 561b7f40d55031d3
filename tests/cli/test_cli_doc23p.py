"""Issue 23 (trial 23p) on the command line: a signed agreement's copy after the office edited its text says
that it prints the text it was signed with."""

from __future__ import annotations

from pathlib import Path

import pypdf

from tests import factories as f
from vetdesk.services import clauses, records


def _text(path: Path) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in pypdf.PdfReader(path).pages)


def test_a_signed_copy_says_it_prints_the_text_it_was_signed_with(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Signed under the shipped text (v0), reprinted after the office saved its own (v1): the copy prints v0 (its
    footer says so) and ``vetdesk print`` says the copy uses the text it was signed with, not the new edit."""
    agreement = f.make_agreement(db)
    code, _out, err = cli(db, "print", "agreement", str(agreement), "--lang", "es", "-o",
                          str(tmp_path / "for-signature.pdf"))
    assert code == 0, err
    records.update(db, "agreements", agreement, {"status": "signed"} | f.signature_values(db, agreement),
                   accept_warnings=True)
    shipped = clauses.current(db, "agreement", "es")
    clauses.save(db, "agreement", "es", shipped.body.replace("por su propia voluntad", "por su libre voluntad", 1))
    copy = tmp_path / "copy.pdf"
    code, out, err = cli(db, "print", "agreement", str(agreement), "--lang", "es", "-o", str(copy))
    assert code == 0, err
    text = _text(copy)
    assert f"Texto: versión de fábrica ({shipped.digest})" in text and "versión 1 de la oficina" not in text, \
        text[-400:]
    said = out + err
    assert "v0" in said and "v1" in said, said


def test_a_signed_copy_names_the_company_and_school_that_signed(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Renaming the company, its legal representative, the school and its liaison after the signatures changed
    the copy of what was signed (they were read from today's records, as the guardians once were). The copy names
    the parties as they went out for signature, in Spanish and German; a new draft printed again names them as
    recorded today."""
    agreement = f.make_agreement(db)
    record = records.get(db, "agreements", agreement)
    company, school = record["company_id"], record["school_id"]
    records.update(db, "companies", company, {"name": "Frenos del Bajío S.A. de C.V.",
                                              "legal_representative": "Ana Ruiz Ortega"}, accept_warnings=True)
    records.update(db, "schools", school, {"name": "CONALEP Querétaro II", "liaison_name": "Ing. Pablo Soto"},
                   accept_warnings=True)
    code, _out, err = cli(db, "print", "agreement", str(agreement), "--lang", "es", "-o",
                          str(tmp_path / "for-signature.pdf"))
    assert code == 0, err
    records.update(db, "agreements", agreement, {"status": "signed"} | f.signature_values(db, agreement),
                   accept_warnings=True)
    records.update(db, "companies", company, {"name": "Frenos Nuevos S.A.", "legal_representative": "Otro Señor"},
                   accept_warnings=True)
    records.update(db, "schools", school, {"name": "CECyTE Nuevo", "liaison_name": "Otra Persona"},
                   accept_warnings=True)
    for lang in ("es", "de"):
        copy = tmp_path / f"copy-{lang}.pdf"
        code, _out, err = cli(db, "print", "agreement", str(agreement), "--lang", lang, "-o", str(copy))
        assert code == 0, err
        text = _text(copy)
        for then in ("Frenos del Bajío S.A. de C.V.", "Ana Ruiz Ortega", "CONALEP Querétaro II", "Ing. Pablo Soto"):
            assert then in text, (lang, then)
        for now in ("Frenos Nuevos", "Otro Señor", "CECyTE Nuevo", "Otra Persona"):
            assert now not in text, (lang, now)
    # The records say what they say today, and an agreement going out for signature names them so.
    other = f.make_agreement(db, company_id=company, school_id=school)
    again = tmp_path / "again.pdf"
    code, _out, err = cli(db, "print", "agreement", str(other), "--lang", "es", "-o", str(again))
    assert code == 0, err
    text = _text(again)
    assert "Frenos Nuevos S.A." in text and "Otro Señor" in text and "CECyTE Nuevo" in text, text[:600]
    assert "Frenos del Bajío" not in text


def test_the_learning_agreement_is_signed_for_the_school_by_its_liaison_officer(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The school signs the learning agreement by its liaison officer (the gestor de vinculación links school and
    companies, under the collaboration agreement its director signed): the parties name them and the signature
    block has their line. With none recorded the block had a blank line and nothing refused it: printing for
    signature is refused, naming the field to fill, and nothing is written; ``vetdesk check`` says the same."""
    agreement = f.make_agreement(db)
    school = records.get(db, "agreements", agreement)["school_id"]
    records.update(db, "schools", school, {"liaison_name": ""}, accept_warnings=True)
    target = tmp_path / "for-signature.pdf"
    for lang, field in (("es", "Gestor de vinculación"), ("en", "Liaison officer")):
        code, _out, err = cli(db, "--lang", lang, "print", "agreement", str(agreement), "--lang", lang, "-o",
                              str(target))
        assert code == 1 and not target.exists(), err
        assert f"• {field}: " in err and "liaison_name" not in err, err
        assert records.get(db, "agreements", agreement)["status"] == "draft"
    code, out, err = cli(db, "check")
    assert "Liaison officer" in out + err, out + err
    records.update(db, "schools", school, {"liaison_name": "Ing. Pablo Soto"}, accept_warnings=True)
    for lang, role, signs in (("es", "Gestor de vinculación", "Firma por el plantel"),
                              ("de", "Ansprechperson für Betriebe", "Unterschreibt für die Schule")):
        target = tmp_path / f"agreement-{lang}.pdf"
        code, _out, err = cli(db, "print", "agreement", str(agreement), "--lang", lang, "-o", str(target))
        assert code == 0, err
        text = _text(target)
        assert text.count("Ing. Pablo Soto") >= 2, text  # the parties and the signature block
        assert f"Ing. Pablo Soto, {role}" in text and signs in text, (lang, text[:1500])


def test_an_amendments_stated_day_of_effect_is_said_alike_by_its_printout_the_record_and_show(  # type: ignore[no-untyped-def]
        sqlite_db, cli, tmp_path) -> None:
    """An amendment states a day of effect a month away and every party signs it today. The agreement's record
    takes its terms at the last signature (the design); the printout says they take effect from that day, and
    ``vetdesk show`` said the new end date and plan with no word of when they apply. It now says, beside each
    term the amendment changes and under the amendment, that they apply from that day and the terms before it
    until then."""
    from datetime import date, timedelta

    from tests.reports.conftest import END, make_world
    from tests.services.test_amendments import _slipped_plan
    from vetdesk.i18n import shown_day, translator
    from vetdesk.reports.amendment import effect_sentence

    db = sqlite_db
    today = date.today()
    w = make_world(db, minor=False, positions=3, rated=False, status="active")
    new_plan, new_end, on = _slipped_plan(db, w.agreement_id), END + timedelta(weeks=8), today + timedelta(days=30)
    code, _out, err = cli(db, "amend", str(w.agreement_id), f"plan={new_plan}", f"end={new_end.isoformat()}",
                          f"effective={on.isoformat()}", "reason=Paro técnico")
    assert code == 0, err
    for lang in ("es", "de"):
        target = tmp_path / f"amendment-{lang}.pdf"
        code, _out, err = cli(db, "print", "amendment", str(w.agreement_id), "-o", str(target), "--lang", lang)
        assert code == 0, err
        # the printout: from the day it states, once signed by all the parties
        assert effect_sentence(translator(lang), on) in _text(target), lang
    code, _out, err = cli(db, "sign", "amendment", str(w.agreement_id), *(f"{party}={today.isoformat()}" for party
                                                                          in ("company", "apprentice", "school",
                                                                              "chamber")))
    assert code == 0, err
    assert records.get(db, "agreements", w.agreement_id)["end_date"] == new_end  # recorded at the last signature
    for lang, words in (("es", "a partir del"), ("en", "from")):
        code, out, err = cli(db, "--lang", lang, "show", "agreements", str(w.agreement_id))
        assert code == 0, err
        ends = next(line for line in out.splitlines() if line.startswith(("Fecha de término:", "End date:")))
        assert shown_day(new_end) in ends and shown_day(on) in ends and f"{w.reference}-M1" in ends, ends
        assert words in ends, ends
        assert out.count(shown_day(on)) >= 3, out  # the end date, the plan, and the amendment itself


def test_a_signed_copy_says_the_place_it_was_signed_at(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """An agreement whose place of signing was left empty goes out saying the office's place (its setting);
    the office moves its setting after the signatures: the copy of what was signed still says the place the
    signed copies say, in its signing line and its jurisdiction clause, while a new draft says the new place."""
    agreement = f.make_agreement(db, place_of_signing="")
    code, _out, err = cli(db, "settings", "chamber_place=Monterrey")
    assert code == 0, err
    code, _out, err = cli(db, "print", "agreement", str(agreement), "--lang", "es", "-o",
                          str(tmp_path / "for-signature.pdf"))
    assert code == 0, err
    assert "Monterrey" in _text(tmp_path / "for-signature.pdf")
    records.update(db, "agreements", agreement, {"status": "signed"} | f.signature_values(db, agreement),
                   accept_warnings=True)
    code, _out, err = cli(db, "settings", "chamber_place=Mérida")
    assert code == 0, err
    copy = tmp_path / "copy.pdf"
    code, _out, err = cli(db, "print", "agreement", str(agreement), "--lang", "es", "-o", str(copy))
    assert code == 0, err
    text = _text(copy)
    assert text.count("Monterrey") >= 2 and "Mérida" not in text, text[-800:]
    other = f.make_agreement(db, place_of_signing="")
    code, _out, err = cli(db, "print", "agreement", str(other), "--lang", "es", "-o", str(tmp_path / "new.pdf"))
    assert code == 0, err
    assert "Mérida" in _text(tmp_path / "new.pdf")
