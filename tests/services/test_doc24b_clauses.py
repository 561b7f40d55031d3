"""Trial 24b: what the office texts' checks and printing say about an office text."""

from __future__ import annotations

from datetime import date

from vetdesk.services import clauses


def test_an_unclosed_instruction_is_found_where_it_was_opened_as_typed() -> None:
    body = ("# Título\n\nUna línea.\n{% if minor %}Con permiso.\n\nMás texto.\n"
            "{% for g in guardians %}{{ g }}{% endfor %}\n")
    assert clauses.unclosed_instruction(body) == (4, "{% if minor %}", "endif")
    # an inner part left open inside a closed outer one: the inner one, at its own line
    nested = "{% for g in guardians %}\n{{ g }}\n{%- if minor -%}\nx\n{% endfor %}\n"
    assert clauses.unclosed_instruction(nested) == (3, "{%- if minor -%}", "endif")
    # instructions written inside comments and strings are not instructions
    assert clauses.unclosed_instruction("{# {% if minor %} #}\n{{ '{% if x %}' }}\n") is None
    assert clauses.unclosed_instruction(clauses.shipped("agreement", "es")) is None
    problems = clauses.template_problems(nested, {"guardians": ["A"], "minor": True})
    assert problems and "3" in problems[0].message and "{%- if minor -%}" in problems[0].message, problems


def _edit_in_spanish(db) -> None:  # type: ignore[no-untyped-def]
    clauses.save(db, "agreement", "es", clauses.shipped("agreement", "es") + "\nLas partes firman cada hoja.\n")


def test_an_agreement_printed_in_a_language_the_edit_left_behind_is_noted_with_the_change_and_version(
        db) -> None:  # type: ignore[no-untyped-def]
    """Trial 24b: the office's agreement text was edited in Spanish only; printing in English said nothing. The
    core's note names the change (language and day) and the text the copy uses. A draft prints today's texts; an
    agreement that went out before the edit kept the texts of then (no change among them: nothing to say)."""
    from tests.reports.conftest import make_world
    from vetdesk import i18n
    from vetdesk.i18n import shown_day
    from vetdesk.services import records

    before = make_world(db, minor=False, positions=2, rated=False, status="draft")
    records.print_for_signature(db, [before.agreement_id], language="es")  # out before the edit: texts kept
    _edit_in_spanish(db)
    after = make_world(db, minor=False, positions=2, rated=False, status="draft")
    draft = after.agreement_id
    i18n.set_language("es")
    try:
        notes = db.office_text_notes([before.agreement_id, draft], "en")
    finally:
        i18n.set_language("en")
    assert set(notes) == {draft}, notes
    message = notes[draft].message
    assert "español" in message and "inglés" in message and "(v0)" in message, message
    i18n.set_language("es")
    try:
        assert f"el {shown_day(date.today())} " in message, message
    finally:
        i18n.set_language("en")
    assert db.office_text_notes([draft], "es") == {}  # the language edited
    # printed now in Spanish, with the edit: its English copy misses it as well (the versions it kept)
    records.print_for_signature(db, [draft], language="es")
    assert set(db.office_text_notes([draft], "en_US")) == {draft}
    assert set(db.office_text_notes([draft, before.agreement_id], "de")) == {draft}


def test_the_print_command_says_it_the_plain_way_the_full_way_and_in_a_batch(  # type: ignore[no-untyped-def]
        db, cli, tmp_path) -> None:
    from tests.reports.conftest import make_world
    from vetdesk.services import records

    w = make_world(db, minor=False, positions=2, rated=False, status="draft")
    _edit_in_spanish(db)
    said = "this copy in English uses vetdesk's own text in English (v0)"
    code, _out, err = cli(db, "print", "agreement", str(w.agreement_id), "-o", str(tmp_path / "a.pdf"),
                          "--lang", "en")  # a draft: the full way
    assert code == 0 and said in err and "changed in Spanish on" in err, err
    code, _out, err = cli(db, "print", "agreement", str(w.agreement_id), "-o", str(tmp_path / "b.pdf"),
                          "--lang", "en")  # a reprint in the language it went out in: the plain way on SQLite
    assert code == 0 and said in err, err
    code, _out, err = cli(db, "print", "agreement", str(w.agreement_id), "-o", str(tmp_path / "c.pdf"),
                          "--lang", "es")
    assert code == 0 and "changed in Spanish" not in err, err
    reference = records.get(db, "agreements", w.agreement_id)["reference"]
    code, _out, err = cli(db, "print", "batch", "agreements", "-o", str(tmp_path / "out"), "--processes", "1",
                          "--lang", "en")
    assert code == 0 and f"{reference}: " in err and said in err and err.count(said) == 1, err
