"""Issue 23: ``vetdesk clauses`` shows, saves and resets the office's text of a document per language, and says,
as the window does, which languages an edit left behind; printing in such a language warns (and prints)."""

from __future__ import annotations

import pytest

from tests import factories as f
from vetdesk.services import clauses, records


def test_saving_in_one_language_says_which_are_behind(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    body = clauses.shipped("collaboration", "es").replace("treinta días", "noventa días")
    path = tmp_path / "convenio.txt"
    path.write_text(body, encoding="utf-8")
    code, out, err = cli(db, "clauses", "save", "collaboration", "es", str(path))
    assert code == 0, err
    assert "Saved as collaboration/es v1" in err
    assert "warning: The text “Collaboration agreement: clauses” was changed in Spanish only: in English, German, " \
           "Portuguese it still has the earlier words" in err, err
    assert clauses.current(db, "collaboration", "es").body == body
    # The German text carried over: only English and Portuguese are still behind.
    path.write_text(clauses.shipped("collaboration", "de").replace("dreißig", "neunzig"), encoding="utf-8")
    code, out, err = cli(db, "clauses", "save", "collaboration", "de", str(path))
    assert code == 0 and "in English, Portuguese it still" in err, err
    code, out, err = cli(db, "clauses", "show", "collaboration", "en")
    assert code == 0 and out.startswith("{#-") and "Printed now: collaboration/en v0" in err
    assert ("warning: The office's text “Collaboration agreement: clauses” was changed in Spanish on" in err
            and "and not in English" in err), err
    # Reset in Spanish: the shipped words again, and the others not behind a change no one made in them.
    code, out, err = cli(db, "clauses", "reset", "collaboration", "es")
    assert code == 0 and "collaboration/es v2" in err and clauses.current(db, "collaboration", "es").version == 2


def test_a_refused_text_writes_nothing_and_names_its_line(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "roto.txt"
    path.write_text("# 2. Objeto\n{{ apprentice.name }}\n", encoding="utf-8")
    code, out, err = cli(db, "clauses", "save", "collaboration", "es", str(path))
    assert code == 1 and "Line 2" in err and "apprentice" in err and "Traceback" not in err, err
    assert clauses.current(db, "collaboration", "es").version == 0


@pytest.mark.parametrize(("lang", "warned"), [("de", True), ("es", False)])
def test_printing_a_collaboration_agreement_in_a_language_behind_warns(cli, db, tmp_path, lang, warned) -> None:  # type: ignore[no-untyped-def]
    clauses.save(db, "collaboration", "es", clauses.shipped("collaboration", "es") + "\nUna cláusula más.\n")
    school, company = f.make_school(db), f.make_company(db)
    draft = f.make_collaboration(db, school_id=school, company_id=company, active=False)
    records.create(db, "tutors", {"school_id": school, "name": "Mtra. Laura Campos", "role": "director"})
    out_path = tmp_path / "c.pdf"
    code, out, err = cli(db, "print", "collaboration", str(draft), "--lang", lang, "-o", str(out_path))
    assert code == 0 and out_path.exists(), err  # printed: a warning, not a refusal
    # (the command then speaks the document's language: the warning names the German text in German)
    assert ("Kooperationsvereinbarung: Klauseln" in err) is warned, err
    assert warned or "Convenio de colaboración: cláusulas" not in err, err
    assert records.get(db, "collaborations", draft)["status"] == "printed"


@pytest.mark.parametrize(("lang", "said", "not_said"), [
    ("en", "documents printed in English use vetdesk's own text in English (v0)", "this copy"),
    ("es", "los documentos impresos en inglés usan el texto propio de vetdesk en inglés (v0)", "esta copia"),
])
def test_showing_a_text_behind_speaks_of_the_documents_printed_not_of_a_copy(  # type: ignore[no-untyped-def]
        db, capsys, lang, said, not_said) -> None:
    """Issue 23: ``vetdesk clauses show`` said "this copy in English uses…" where no copy exists: it shows the
    text a document would print with. It says what documents printed in that language use."""
    from vetdesk import i18n
    from vetdesk.commands import main

    clauses.save(db, "collaboration", "es", clauses.shipped("collaboration", "es") + "\nUna cláusula más.\n")
    capsys.readouterr()
    try:
        assert main(["--db", db.url, "--lang", lang, "clauses", "show", "collaboration", "en"]) == 0
    finally:
        i18n.set_language("en")
    err = capsys.readouterr().err
    assert said in err and not_said not in err.lower(), err
