"""Issue 23 (trial 23e) on the command line: ``vetdesk set`` of a printed contract's term is refused unless
``status=draft`` goes back in the same ``set``; an activation before the start date is refused; another language
is refused for signature once a party signed (a signed agreement's copy in another language is marked as a
translation on every page); a minor's draft without a guardian saves, and printing lists all that is missing."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pypdf

from tests import factories as f
from vetdesk.i18n import shown_day, translator
from vetdesk.services import records
from vetdesk.services.agreement_sheet import printed_language
from vetdesk.services.uow import reading
from vetdesk.storage.plain import SessionReads


def _pages(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in pypdf.PdfReader(path).pages]


def _language(db, agreement: int) -> str | None:  # type: ignore[no-untyped-def]
    with reading(db) as session:
        return printed_language(SessionReads(session), agreement)


def test_set_of_a_printed_term_is_refused_unless_back_to_draft(cli, db) -> None:  # type: ignore[no-untyped-def]
    agreement = f.make_agreement(db)
    records.print_for_signature(db, [agreement], language="es")
    on = records.get(db, "agreements", agreement)["printed_on"]
    records.update(db, "agreements", agreement, {"company_signed_on": on}, accept_warnings=True)
    code, out, err = cli(db, "set", "agreement", str(agreement), "holiday_days=28")
    assert code == 1, (out, err)
    assert "Holiday days a year: " in err and "holiday_days" not in err, err
    assert "status=draft" in err and "amendment" in err, err
    assert f"Signed by the company on {shown_day(on)}" in err and "Traceback" not in err, err
    kept = records.get(db, "agreements", agreement)
    assert kept["status"] == "printed" and kept["company_signed_on"] == on and kept["holiday_days"] != 28
    code, out, err = cli(db, "set", "agreement", str(agreement), "notes=hola")
    assert code == 0 and records.get(db, "agreements", agreement)["company_signed_on"] == on, err
    code, out, err = cli(db, "set", "agreement", str(agreement), "holiday_days=28", "status=draft")
    assert code == 0 and f"no longer count: Signed by the company on {shown_day(on)}." in err, err
    back = records.get(db, "agreements", agreement)
    assert back["status"] == "draft" and back["holiday_days"] == 28 and back["company_signed_on"] is None


def test_set_active_before_the_start_date_is_refused(cli, db) -> None:  # type: ignore[no-untyped-def]
    start = date.today() + timedelta(days=12)
    agreement = f.make_agreement(db, start_date=start)
    records.update(db, "agreements", agreement, {"status": "printed"}, accept_warnings=True)
    records.update(db, "agreements", agreement, {"status": "signed"} | f.signature_values(db, agreement),
                   accept_warnings=True)
    code, out, err = cli(db, "set", "agreement", str(agreement), "status=active",
                         f"activated_on={date.today().isoformat()}")
    assert code == 1 and "In force since: " in err and "activated_on" not in err and shown_day(start) in err, err
    assert "day training starts" in err and records.get(db, "agreements", agreement)["status"] == "signed"


def test_another_language_after_a_signature(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    agreement = f.make_agreement(db, start_date=date.today())
    code, out, err = cli(db, "print", "agreement", str(agreement), "--lang", "es", "-o", str(tmp_path / "es.pdf"))
    assert code == 0 and _language(db, agreement) == "es", err
    # Before any signature: printed, with the warning that the copies handed out are void; German is of record.
    code, out, err = cli(db, "print", "agreement", str(agreement), "--lang", "de", "-o", str(tmp_path / "de.pdf"))
    # (said in the document's language: "ging auf Spanisch zur Unterschrift hinaus … ungültig")
    assert code == 0 and "auf Spanisch zur Unterschrift" in err and "ungültig" in err, err
    assert _language(db, agreement) == "de"
    # The German text the parties would sign names German as its language of record, not Spanish (trial 23f).
    german = " ".join(" ".join(_pages(tmp_path / "de.pdf")).split())
    assert "wird auf Deutsch geschlossen" in german and "die Fassung auf Deutsch maßgeblich" in german, german
    assert "Spanisch" not in german.split("wird auf Deutsch geschlossen")[1][:200]
    code, out, err = cli(db, "print", "agreement", str(agreement), "--lang", "es", "-o", str(tmp_path / "es2.pdf"))
    assert code == 0 and _language(db, agreement) == "es", err
    # The company signs: another language for signature is refused, naming the language of record; nothing written.
    on = records.get(db, "agreements", agreement)["printed_on"]
    records.update(db, "agreements", agreement, {"company_signed_on": on}, accept_warnings=True)
    refused = tmp_path / "refused.pdf"
    code, out, err = cli(db, "print", "agreement", str(agreement), "--lang", "de", "-o", str(refused))
    assert code == 1 and not refused.exists(), err
    assert "auf Spanisch zur Unterschrift" in err and "Unterschriften erfasst" in err, err
    assert "Traceback" not in err and _language(db, agreement) == "es"
    # Signed by all and in force: a copy in German is printed, marked on every page as a translation.
    records.update(db, "agreements", agreement, {"status": "signed"} | f.signature_values(db, agreement),
                   accept_warnings=True)
    records.update(db, "agreements", agreement, {"status": "active"}, accept_warnings=True)
    copy = tmp_path / "copy-de.pdf"
    code, out, err = cli(db, "print", "agreement", str(agreement), "--lang", "de", "-o", str(copy))
    assert code == 0 and copy.exists(), err
    mark = translator("de").gettext("Translation — not valid for signature")
    assert mark != "Translation — not valid for signature"  # said in the document's language
    pages = _pages(copy)
    assert len(pages) > 1 and all(mark in " ".join(page.split()) for page in pages), pages[-1]
    assert _language(db, agreement) == "es"  # the translation does not change the language of record
    # ... and its clause names the Spanish text as the one that prevails, as its banner says.
    text = " ".join(" ".join(pages).split())
    assert "wird auf Spanisch geschlossen" in text and "die Fassung auf Spanisch maßgeblich" in text, text
    assert "auf Deutsch geschlossen" not in text
    same = tmp_path / "copy-es.pdf"
    code, out, err = cli(db, "print", "agreement", str(agreement), "--lang", "es", "-o", str(same))
    es_mark = translator("es").gettext("Translation — not valid for signature")
    assert code == 0 and not any(es_mark in " ".join(page.split()) for page in _pages(same)), err


def test_a_minors_draft_saves_and_printing_lists_everything_missing(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    apprentice = f.make_apprentice(db, birth_date=f.minor_birth_date(16), guardian=False)
    agreement = f.make_agreement(db, apprentice_id=apprentice)
    code, out, err = cli(db, "set", "agreement", str(agreement), "notes=hola")
    assert code == 0 and records.get(db, "agreements", agreement)["notes"] == "hola", err
    # The save's warning says all the guardian lacks, as printing will (trial 23f: name, relation and phone only).
    for label in ("the guardian's name", "the guardian's relation", "the guardian's phone", "address",
                  "identity document"):
        assert label in err, (label, err)
    out_path = tmp_path / "a.pdf"
    code, out, err = cli(db, "print", "agreement", str(agreement), "-o", str(out_path))
    assert code == 1 and not out_path.exists(), err
    for label in ("Guardian's name", "Guardian's relation", "Guardian's phone", "Guardian's address",
                  "Guardian's ID document"):
        assert label.lower() in err.lower(), (label, err)


def test_a_signed_copy_names_the_guardians_who_signed(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Trial 23f: after every party signed, the second guardian's name was changed on the apprentice, and the
    copy of the signed contract then named "Otro Nombre" in its parties, its declarations and a signature line:
    a person who signed nothing. The copy names the guardians it went out for signature with."""
    apprentice = f.make_apprentice(db, birth_date=f.minor_birth_date(16))
    records.update(db, "apprentices", apprentice, {
        "guardian_address": "Calle Hidalgo 21, Centro", "guardian_id_document": "INE 123456",
        "guardian2_name": "Tomás Núñez Ortega", "guardian2_relation": "father", "guardian2_phone": "4421234567",
        "guardian2_address": "Calle Ñoño 12, Centro", "guardian2_id_document": "INE 654321"}, accept_warnings=True)
    agreement = f.make_agreement(db, apprentice_id=apprentice, start_date=date.today())
    code, _out, err = cli(db, "print", "agreement", str(agreement), "-o", str(tmp_path / "for-signature.pdf"))
    assert code == 0, err
    on = records.get(db, "agreements", agreement)["printed_on"].isoformat()
    records.update(db, "agreements", agreement, {"status": "signed"} | f.signature_values(db, agreement)
                   | {"guardian2_signed_on": on}, accept_warnings=True)
    records.update(db, "apprentices", apprentice, {"guardian2_name": "Otro Nombre"}, accept_warnings=True)
    copy = tmp_path / "copy.pdf"
    code, _out, err = cli(db, "print", "agreement", str(agreement), "-o", str(copy))
    assert code == 0, err
    text = " ".join(" ".join(_pages(copy)).split())
    assert "Tomás Núñez Ortega" in text and "Otro Nombre" not in text, text
    # The record itself says what it says today: the change was not lost.
    assert records.get(db, "apprentices", apprentice)["guardian2_name"] == "Otro Nombre"
