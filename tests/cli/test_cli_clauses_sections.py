"""Issue 23 (trial 23d): an empty or gutted office text was saved (``vetdesk clauses save collaboration es
empty.txt`` → v4) and a collaboration agreement then went out for signature with only "1. Las partes" and the
signatures. Saving refuses a text that is empty or lacks a section the shipped text has, naming it; printing
refuses a text saved without them before (defence in depth): nothing is written, no file is left."""

from __future__ import annotations

import pytest

from tests import factories as f
from vetdesk import i18n
from vetdesk.domain.problems import RuleViolation
from vetdesk.services import clauses, records
from vetdesk.storage.models import ClauseTemplate


def test_an_empty_text_is_refused_and_nothing_is_saved(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "vacio.txt"
    for body in ("", "\n  \n", "{# solo un comentario #}\n"):
        path.write_text(body, encoding="utf-8")
        code, out, err = cli(db, "clauses", "save", "collaboration", "es", str(path))
        assert code == 1 and "The text is empty" in err and "reset the text" in err, err
        assert "body" not in err and "Traceback" not in err, err  # no internal field name before it
    assert clauses.current(db, "collaboration", "es").version == 0


@pytest.mark.parametrize(("document", "language", "cut", "named"), [
    ("collaboration", "es", "# 4. Vigencia y terminación", ["«4. Vigencia y terminación»",
                                                           "«5. Personal y datos personales»"]),
    ("collaboration", "de", "# 3. Pflichten der Parteien", ["«3. Pflichten der Parteien»", "«Die Schule»"]),
    ("agreement", "es", "## Jurisdicción", ["«Jurisdicción»", "«Rúbricas y anexo»"]),
])
def test_a_text_without_a_required_section_is_refused_naming_it(  # type: ignore[no-untyped-def]
        cli, db, tmp_path, document, language, cut, named) -> None:
    shipped = clauses.shipped(document, language)
    start = shipped.index(cut)
    # The section cut out (the agreement's "#=" clauses after it stay: only the final clauses go).
    rest = shipped.index("{#", start) if document == "agreement" else len(shipped)
    path = tmp_path / "recortado.txt"
    path.write_text(shipped[:start] + shipped[rest:], encoding="utf-8")
    code, out, err = cli(db, "clauses", "save", document, language, str(path))
    assert code == 1 and "Traceback" not in err, err
    for heading in named:
        assert heading in err, err
    assert "«2." not in err and "«Declaraciones»" not in err, err  # the sections kept are not named
    assert clauses.current(db, document, language).version == 0


def test_a_heading_emptied_of_its_words_is_refused_and_one_renamed_with_its_number_is_kept(  # type: ignore[no-untyped-def]
        cli, db, tmp_path) -> None:
    shipped = clauses.shipped("collaboration", "es")
    start = shipped.index("# 5. Personal y datos personales")
    path = tmp_path / "sin-texto.txt"
    path.write_text(shipped[:start] + "# 5. Personal y datos personales\n", encoding="utf-8")
    code, out, err = cli(db, "clauses", "save", "collaboration", "es", str(path))
    assert code == 1 and "«5. Personal y datos personales»" in err, err
    path.write_text(shipped.replace("# 4. Vigencia y terminación", "# 4. Duración del convenio"), encoding="utf-8")
    code, out, err = cli(db, "clauses", "save", "collaboration", "es", str(path))
    assert code == 0 and "collaboration/es v1" in err, err


def test_the_refusal_is_in_the_user_s_language(db) -> None:  # type: ignore[no-untyped-def]
    i18n.set_language("es")
    try:
        with pytest.raises(RuleViolation) as refused:
            clauses.save(db, "collaboration", "es", "# 2. Objeto\nAlgo.\n")
        message = refused.value.problems[0].message
        assert message.startswith("El texto no tiene las secciones «3. Compromisos de cada parte»"), message
        with pytest.raises(RuleViolation) as refused:
            clauses.save(db, "collaboration", "es", "")
        assert refused.value.problems[0].message.startswith("El texto está vacío"), refused.value.problems[0]
    finally:
        i18n.set_language("en")


def test_printing_refuses_a_gutted_text_saved_before_the_check(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from vetdesk.services.uow import unit_of_work, utcnow

    with unit_of_work(db, "trial data") as uow:  # as the trial's database has it: saved before saving checked
        uow.session.add(ClauseTemplate(document="collaboration", language="es", version=1, body="",
                                       saved_at=utcnow(), saved_by="admin"))
    school, company = f.make_school(db), f.make_company(db)
    draft = f.make_collaboration(db, school_id=school, company_id=company, active=False)
    records.create(db, "tutors", {"school_id": school, "name": "Mtra. Laura Campos", "role": "director"})
    out_path = tmp_path / "c.pdf"
    code, out, err = cli(db, "print", "collaboration", str(draft), "--lang", "es", "-o", str(out_path))
    assert code == 1 and not out_path.exists(), err
    assert "El texto está vacío" in err and "collaboration/es v1" in err and "Traceback" not in err, err
    assert records.get(db, "collaborations", draft)["status"] == "draft"
    # (the command speaks the document's language.) In another language (the shipped text) it goes out.
    code, out, err = cli(db, "print", "collaboration", str(draft), "--lang", "en", "-o", str(out_path))
    assert code == 0 and out_path.exists(), err
