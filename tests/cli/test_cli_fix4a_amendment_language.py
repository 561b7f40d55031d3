"""Trial 4 (fix4a, item 2): ``vetdesk print amendment`` prints an amendment in the language the agreement was
signed in unless --lang after it asks another; in another language it says, as the window's preview and the
document do, that it is a translation and the language signed binds."""

from __future__ import annotations

from pathlib import Path

from tests.reports.conftest import pdf_text
from tests.scenarios.test_fix4a_amendment_language import signed_in_german
from vetdesk.i18n import translator
from vetdesk.services.office import Office


def test_print_amendment_defaults_to_the_language_signed(sqlite_db: Office, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = sqlite_db
    agreement, reference = signed_in_german(db)
    de, es = translator("de"), translator("es_MX")
    target = tmp_path / "m1.pdf"
    code, _out, err = cli(db, "print", "amendment", str(agreement), "-o", str(target))
    assert code == 0, err
    text = " ".join(pdf_text(target).split())
    assert de.gettext("Amendment to the apprenticeship contract") in text
    assert de.gettext("Translation — not valid for signature") not in text
    assert "translation" not in err
    assert db.history("agreements", agreement)[-1]["changes"]["after"]["language"] == "de"
    # Asked in Spanish: a translation, said and printed as one, and not its printing for signature.
    target = tmp_path / "m1-es.pdf"
    code, _out, err = cli(db, "print", "amendment", str(agreement), "-o", str(target), "--lang", "es")
    assert code == 0, err
    assert db.amendment_translation_notice(agreement, "es_MX") in " ".join(err.split())
    assert f"{reference}-M1" in err and "-M1" in db.amendment_translation_notice(agreement, "es_MX")
    text = " ".join(pdf_text(target).split())
    assert es.gettext("Translation — not valid for signature") in text
    after = db.history("agreements", agreement)[-1]["changes"]["after"]
    assert after["language"] == "es_MX" and after["translation"] is True


def test_print_agreement_defaults_to_the_language_it_went_out_in(sqlite_db: Office, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """``vetdesk print agreement`` without --lang after it prints a signed agreement in the language signed, as the
    window's preview shows it first (it printed a Spanish translation, whatever the parties signed); --lang after
    it asks another, a translation said as one."""
    db = sqlite_db
    agreement, reference = signed_in_german(db)
    de, es = translator("de"), translator("es_MX")
    target = tmp_path / "copy.pdf"
    for before in ((), ("--lang", "en")):  # the messages' language (before "print") is not the document's
        code, _out, err = cli(db, *before, "print", "agreement", str(agreement), "-o", str(target))
        assert code == 0, err
        text = " ".join(pdf_text(target).split())
        assert de.gettext("Apprenticeship contract (AHK standard)") in text, text[:400]
        assert de.gettext("Translation — not valid for signature") not in text
    code, _out, err = cli(db, "print", "agreement", str(agreement), "-o", str(target), "--lang", "es")
    assert code == 0, err
    assert reference in " ".join(pdf_text(target).split())
    assert es.gettext("Apprenticeship contract (AHK standard)") in " ".join(pdf_text(target).split())
