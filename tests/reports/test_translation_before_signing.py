"""A translation of an agreement to read before signing (a German company asks for the English text of a contract
that went out in German): printed in another language as a translation, marked so on every page, recorded as one,
and the language the parties sign stays the one it went out in. A draft has no such language yet, and in that
language a copy is the text to sign: both refused, naming why, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import factories as f
from tests.reports.conftest import pdf_text
from vetdesk.domain.problems import RuleViolation
from vetdesk.i18n import translator
from vetdesk.reports import render
from vetdesk.services import records
from vetdesk.services.office import Office


def _out_in_german(db: Office) -> tuple[int, str]:
    agreement = f.make_agreement(db)
    records.print_for_signature(db, [agreement], language="de", template="bbig")
    return agreement, records.get(db, "agreements", agreement)["reference"]


def _prints(db: Office, agreement: int) -> list[dict]:  # type: ignore[type-arg]
    return [e["changes"]["after"] for e in db.history("agreements", agreement) if e["action"] == "print"]


def test_a_translation_is_marked_recorded_and_leaves_the_language_to_sign(sqlite_db: Office) -> None:
    db = sqlite_db
    agreement, reference = _out_in_german(db)
    pdf = render.agreement_pdf(db, agreement, lang="en", translation=True)
    text = " ".join(pdf_text(pdf).split())
    assert (f"Translation for reading, not for signature: agreement {reference} goes out for signature in German, "
            "and the German text is the one the parties sign.") in text, text[:800]
    assert "Translation — not valid for signature" in text and "TRANSLATION" in text
    assert "Apprenticeship contract (AHK standard)" in text  # in the layout it went out in
    # Asked as a translation, the language is not a change of the language to sign: no warning about void copies.
    assert agreement not in db.print_checks([agreement], language="en", translation=True)
    assert any(p.code == "print.language_changed" for p in db.print_checks([agreement], language="en")[agreement]
               .problems)
    db.print_for_signature([agreement], language="en", translation=True)
    assert _prints(db, agreement)[-1]["translation"] is True and _prints(db, agreement)[-1]["language"] == "en"
    assert db.language_of_record(agreement) == "de"
    assert records.get(db, "agreements", agreement)["status"] == "printed"
    # Signed afterwards: the text signed is the German one, and a copy in English is still a translation.
    records.update(db, "agreements", agreement, {"status": "signed"} | f.signature_values(db, agreement),
                   accept_warnings=True)
    assert db.language_of_record(agreement) == "de"
    copy = " ".join(pdf_text(render.agreement_pdf(db, agreement, lang="en")).split())
    assert "This is a translation: the agreement was signed in German" in copy
    # The German text itself, the one to sign, carries no mark.
    german = " ".join(pdf_text(render.agreement_pdf(db, agreement, lang="de")).split())
    assert translator("de").gettext("Translation — not valid for signature") not in german


def test_no_translation_of_a_draft_nor_in_the_language_to_sign(sqlite_db: Office) -> None:
    db = sqlite_db
    draft = f.make_agreement(db)
    before = len(db.history("agreements", draft))
    with pytest.raises(RuleViolation) as refused:
        render.agreement_pdf(db, draft, lang="en", translation=True)
    assert [p.code for p in refused.value.problems] == ["print.translation_draft"]
    assert "has not gone out for signature yet" in refused.value.problems[0].message
    with pytest.raises(RuleViolation):
        db.print_for_signature([draft], language="en", translation=True)
    assert records.get(db, "agreements", draft)["status"] == "draft" and len(db.history("agreements", draft)) == before
    agreement, _reference = _out_in_german(db)
    with pytest.raises(RuleViolation) as same:
        render.agreement_pdf(db, agreement, lang="de", translation=True)
    assert [p.code for p in same.value.problems] == ["print.translation_same"]
    assert "Choose another language" in same.value.problems[0].message


def test_the_command_prints_a_translation_and_refuses_one_of_a_draft(sqlite_db: Office, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = sqlite_db
    agreement, reference = _out_in_german(db)
    target = tmp_path / "translation.pdf"
    code, _out, err = cli(db, "print", "agreement", str(agreement), "--lang", "es", "--translation", "-o",
                          str(target))
    assert code == 0, err
    es = translator("es_MX")
    text = " ".join(pdf_text(target).split())
    assert es.gettext("Translation — not valid for signature") in text
    assert "void" not in err and db.language_of_record(agreement) == "de"
    assert _prints(db, agreement)[-1]["translation"] is True
    draft = f.make_agreement(db)
    refused = tmp_path / "draft.pdf"
    code, _out, err = cli(db, "print", "agreement", str(draft), "--lang", "en", "--translation", "-o", str(refused))
    assert code != 0 and not refused.exists()
    assert "Traceback" not in err and "has not gone out for signature yet" in " ".join(err.split())


def test_the_command_that_changes_the_language_to_sign_says_how_to_print_a_translation(  # type: ignore[no-untyped-def]
        sqlite_db: Office, cli, tmp_path: Path) -> None:
    db = sqlite_db
    agreement, _reference = _out_in_german(db)
    code, _out, err = cli(db, "print", "agreement", str(agreement), "--lang", "pt", "-o", str(tmp_path / "pt.pdf"))
    assert code == 0, err
    said = " ".join(err.split())
    assert f"vetdesk print agreement {agreement} --lang pt --translation -o " in said, said
    assert db.language_of_record(agreement) == "pt"
