"""``vetdesk amend`` and ``vetdesk print amendment`` (issue 22, training that slips): the same operation, rules
and messages as the window's *Record amendment…*, and the amendment printed for signature, read back."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from tests.reports.conftest import END, START, make_world, pdf_text
from tests.services.test_amendments import _slipped_plan, signed_by_all
from vetdesk.domain.dates import add_months
from vetdesk.i18n import shown_day
from vetdesk.services import records
from vetdesk.services.office import Office

TODAY = date.today()


def test_amend_then_print_the_amendment_for_signature(sqlite_db: Office, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = sqlite_db
    w = make_world(db, minor=True, positions=3, rated=False, status="active")
    new_plan = _slipped_plan(db, w.agreement_id)
    new_end = END + timedelta(weeks=8)
    code, out, err = cli(db, "amend", str(w.agreement_id), f"plan={new_plan}", f"end={new_end.isoformat()}",
                         "reason=Paro técnico de la planta durante ocho semanas")
    assert code == 0, err
    assert out.strip() == f"{w.reference}-M1" and "vetdesk print amendment" in err
    assert "It takes effect from its signing by all the parties." in err and "vetdesk sign amendment" in err
    # Recorded, not signed: the agreement's terms stand as signed (issue 23).
    assert records.get(db, "agreements", w.agreement_id)["end_date"] == END
    code, out, _err = cli(db, "show", "agreements", str(w.agreement_id), "--json")
    shown = json.loads(out)
    assert code == 0 and [a["reference"] for a in shown["amendments"]] == [f"{w.reference}-M1"]
    assert shown["amendments"][0]["previous_end_date"] == END.isoformat()
    assert shown["amendments"][0]["state"] == "recorded" and shown["end_date"] == END.isoformat()
    code, _out, err = cli(db, "sign", "amendment", str(w.agreement_id), f"company={TODAY.isoformat()}")
    assert code == 1 and "print amendment" in err and "Nothing was written" in err
    for lang in ("es", "de", "en"):
        target = tmp_path / f"amendment-{lang}.pdf"
        code, _out, err = cli(db, "print", "amendment", str(w.agreement_id), "-o", str(target), "--lang", lang)
        assert code == 0, err
        text = pdf_text(target)
        # It names the original agreement, what changes and from when, and every party signs it.
        assert w.reference in text and f"{w.reference}-M1" in text and w.full_name in text
        assert "Paro técnico de la planta" in text
        assert "Jürgen Müller Peña" in text and "Sofía Ibáñez" in text
        assert "Estación 1" in text and "Estación 3" in text
    es, de = pdf_text(tmp_path / "amendment-es.pdf"), pdf_text(tmp_path / "amendment-de.pdf")
    assert "Convenio modificatorio" in es and "versión 1" in es and "versión 2" in es
    assert "Änderungsvereinbarung" in de and "Version 2" in de
    # It takes effect from its signing by all the parties, not from the day it was printed (issue 23).
    assert "Surte efectos a partir de su firma por todas las partes." in " ".join(es.split())
    assert "Sie wird mit ihrer Unterzeichnung durch alle Parteien wirksam." in " ".join(de.split())
    assert "con efectos a partir del" not in es and f"a partir del {TODAY.day} de" not in es
    history = db.history("agreements", w.agreement_id)
    assert [h["action"] for h in history[-4:]] == ["amend", "print", "print", "print"]
    # Its signatures come in over days, as the agreement's did; the terms change with the last one.
    code, out, err = cli(db, "--lang", "es", "sign", "amendment", str(w.agreement_id), f"empresa={TODAY.isoformat()}")
    assert code == 0 and out.strip() == f"{w.reference}-M1" and "aún no firma" in err, err
    assert records.get(db, "agreements", w.agreement_id)["end_date"] == END
    code, out, _err = cli(db, "--lang", "es", "show", "agreements", str(w.agreement_id))
    assert "impreso para firma, en espera de firmas" in out and f"{shown_day(END)} → {shown_day(new_end)}" in out
    code, _out, err = cli(db, "sign", "amendment", str(w.agreement_id), f"apprentice={TODAY.isoformat()}",
                          f"guardian={TODAY.isoformat()}", f"school={TODAY.isoformat()}",
                          f"chamber={TODAY.isoformat()}")
    assert code == 0 and "signed by all the parties" in err, err
    assert records.get(db, "agreements", w.agreement_id)["end_date"] == new_end
    code, out, _err = cli(db, "--lang", "es", "show", "agreements", str(w.agreement_id))
    assert f"{w.reference}-M1: en vigor desde el {shown_day(TODAY)}" in out and "datetime" not in out
    assert "Plan de rotación: Plan, versión 1 (" in out and "→ Plan, versión 2 (" in out
    assert f"Fecha de término: {shown_day(END)} → {shown_day(new_end)}" in out


def test_a_refused_amendment_says_why_in_the_users_words(sqlite_db: Office, cli) -> None:  # type: ignore[no-untyped-def]
    db = sqlite_db
    w = make_world(db, minor=False, positions=3, rated=False, status="active")
    code, _out, err = cli(db, "amend", str(w.agreement_id), f"end={(END + timedelta(days=7)).isoformat()}")
    assert code == 1 and "Give the reason for the amendment" in err and "reason:" not in err
    code, _out, err = cli(db, "--lang", "es", "amend", str(w.agreement_id), "reason=Nada")
    assert code == 1 and "no cambia nada" in err
    code, _out, err = cli(db, "amend", str(w.agreement_id), "weeks=3")
    assert code == 2 and "stipends=, insurance=, policy= and years=" in err
    code, _out, err = cli(db, "print", "amendment", str(w.agreement_id), "-o", "x.pdf")
    assert code == 1 and "has no amendment yet" in err
    assert records.get(db, "agreements", w.agreement_id)["end_date"] == END


def test_amend_a_longer_term_with_its_stipend_and_insurance(sqlite_db: Office, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A training year more: refused until the amendment gives that year's stipend and the insurance that covers
    the new end (the agreement's own rules and words), then printed with them."""
    db = sqlite_db
    w = make_world(db, minor=False, positions=3, rated=False, status="active", templates="both")
    new_plan = _slipped_plan(db, w.agreement_id, extra_weeks=52)
    new_end = add_months(START, 36) - timedelta(days=1)  # a whole training year more
    given = [f"plan={new_plan}", f"end={new_end.isoformat()}", "reason=Un año más de formación"]
    # Past the programme's 30 months: the agreement's own rule, its words (vetdesk check says the same).
    code, _out, err = cli(db, "--lang", "es", "amend", str(w.agreement_id), *given)
    assert code == 1 and "excede los 30 meses de la carrera" in err
    records.update(db, "programmes", w.programme_id, {"duration_months": 36}, accept_warnings=True)
    given.append("years=3")  # the modality follows the whole training year more
    code, _out, err = cli(db, "--lang", "es", "amend", str(w.agreement_id), *given)
    assert code == 1 and "Apoyo en los años siguientes" in err and "stipends=" in err and "insurance=" in err
    assert "stipend_steps" not in err
    assert records.get(db, "agreements", w.agreement_id)["end_date"] == END
    expiry = new_end + timedelta(days=31)
    code, out, err = cli(db, "amend", str(w.agreement_id), *given, "stipends=5000.00; 5700.00",
                         f"insurance={expiry.isoformat()}", "policy=POL-2029")
    assert code == 0, err
    signed_by_all(db, w.agreement_id)
    record = records.get(db, "agreements", w.agreement_id)
    assert (record["stipend_steps"], record["insurance_expiry"], record["insurance_policy"]) == \
        ("5000.00; 5700.00", expiry, "POL-2029")
    assert record["modality_years"] == 3
    target = tmp_path / "amendment-en.pdf"
    code, _out, err = cli(db, "print", "amendment", str(w.agreement_id), "-o", str(target), "--lang", "en")
    assert code == 0, err
    text = pdf_text(target)
    assert "training year 3: MX$5,700.00" in text and "POL-2029" in text and "whole agreement as amended" in text


def test_rotation_and_progress_keep_the_time_at_a_dropped_position(sqlite_db: Office, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Issue 22 (re-trial): the time spent at a position a new plan version drops stays in ``vetdesk rotation``
    and the progress report, marked as no longer in the plan."""
    from tests.services.test_amendments import _dropping_plan
    from vetdesk.reports import render

    db = sqlite_db
    w = make_world(db, minor=False, positions=3, rated=False, status="active")
    code, _out, err = cli(db, "amend", str(w.agreement_id), f"plan={_dropping_plan(db, w.agreement_id)}",
                          "reason=Estación 1 cerrada")
    assert code == 0, err
    signed_by_all(db, w.agreement_id)
    code, out, err = cli(db, "--lang", "es", "rotation", str(w.agreement_id))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[1].split("\t")[2] == "Estación 2"
    [dropped] = [line.split("\t") for line in lines if "Estación 1" in line]
    assert dropped[0] == "-" and "ya no está en el plan" in dropped[2] and dropped[6] and dropped[7]
    for lang, words in (("es", "Estación 1 (ya no está en el plan)"), ("en", "Estación 1 (no longer in the plan)")):
        text = pdf_text(render.progress_pdf(db, agreement_id=w.agreement_id, lang=lang))
        assert words in text and "Estación 2" in text


def test_an_amendment_is_not_printed_for_signature_without_the_companys_signer(  # type: ignore[no-untyped-def]
        sqlite_db: Office, cli, tmp_path: Path) -> None:
    """Trial 23f: an amendment printed for signature with a blank name in the company's block, where the agreement
    itself is refused. Refused alike, naming the field and the fix; no file written, nothing marked printed."""
    db = sqlite_db
    w = make_world(db, minor=False, positions=3, rated=False, status="active")
    new_plan = _slipped_plan(db, w.agreement_id)
    code, _out, err = cli(db, "amend", str(w.agreement_id), f"plan={new_plan}",
                          f"end={(END + timedelta(weeks=8)).isoformat()}", "reason=Paro técnico")
    assert code == 0, err
    company = records.get(db, "agreements", w.agreement_id)["company_id"]
    with db.engine.begin() as session:  # as a company recorded before the representative was asked for
        from sqlalchemy import text

        session.execute(text("UPDATE companies SET legal_representative = NULL WHERE id = :id"), {"id": company})
    target = tmp_path / "amendment.pdf"
    code, _out, err = cli(db, "--lang", "es", "print", "amendment", str(w.agreement_id), "-o", str(target))
    assert code == 1 and not target.exists(), err
    assert "representante legal" in err and "Representante legal" in err and "Traceback" not in err, err
    assert "legal_representative" not in err
    history = db.history("agreements", w.agreement_id)
    assert history[-1]["action"] == "amend"  # not recorded as printed
