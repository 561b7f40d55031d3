"""A choice field takes one of its choices, by its code or its word in any of vetdesk's languages, and nothing
else: typing "pa" in the training record's form saved it and printed "lleva su bitácora de formación pa." into
the contract (trial of issue 21, item 1). One rule where fields are read, for every choice field of every kind;
a word stored before is refused when the agreement is printed."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests import factories as f
from vetdesk import i18n
from vetdesk.domain.choices import CHOICES
from vetdesk.domain.problems import RuleViolation
from vetdesk.services import records
from vetdesk.services.fields import parse_value
from vetdesk.services.kinds import KINDS


def _choice_fields() -> list[tuple[str, object]]:
    return [(kind.name, field) for kind in KINDS.values() for field in kind.fields
            if field.type.startswith("choice:")]


def test_every_choice_field_refuses_a_word_that_names_none_of_its_choices() -> None:
    fields = _choice_fields()
    assert {field.name for _kind, field in fields} >= {"training_record_form", "stipend_period", "stipend_payer",
                                                       "overtime_compensation", "guardian_relation", "sector", "size",
                                                       "weekly_pattern"}
    i18n.set_language("es")
    try:
        for kind, field in fields:
            value, problem = parse_value(field, "lo que sea")  # type: ignore[arg-type]
            assert value is None and problem is not None, (kind, field)
            assert problem.message.startswith(field.title() + ":"), problem.message  # type: ignore[attr-defined]
            assert "lo que sea" in problem.message and "_" not in problem.message, problem.message
            first = CHOICES[field.type[7:]].options[0]  # type: ignore[attr-defined]
            assert i18n._(first.label) in problem.message, problem.message
            # the code, the label in Spanish and in German all give the code
            for typed in (first.code, i18n.translator("es").gettext(first.label),
                          i18n.translator("de").gettext(first.label)):
                assert parse_value(field, typed) == (first.code, None), (field, typed)  # type: ignore[arg-type]
    finally:
        i18n.set_language("en")


def test_the_command_line_refuses_a_free_word_and_takes_the_choice_in_spanish(db, cli) -> None:  # type: ignore[no-untyped-def]
    agreement = f.make_agreement(db)
    code, out, err = cli(db, "set", "agreement", str(agreement), "training_record_form=lo que sea")
    assert code == 1, (out, err)
    assert "Training record kept" in err and "on paper, electronically" in err and "Traceback" not in err, err
    assert records.get(db, "agreements", agreement)["training_record_form"] == "paper"  # nothing written
    code, out, err = cli(db, "set", "agreement", str(agreement), "training_record_form=en formato electrónico")
    assert code == 0, err
    assert records.get(db, "agreements", agreement)["training_record_form"] == "electronic"


def test_a_word_stored_before_choices_were_closed_refuses_the_print(db) -> None:  # type: ignore[no-untyped-def]
    from vetdesk.services.print_check import print_checks

    agreement = f.make_agreement(db)
    assert agreement not in print_checks(db, [agreement]) or not print_checks(db, [agreement])[agreement].refused
    with db.engine.begin() as session:  # as an older version let it be typed
        session.execute(text("UPDATE learning_agreements SET training_record_form = 'pa' WHERE id = :id"),
                        {"id": agreement})
    check = print_checks(db, [agreement])[agreement]
    assert check.refused, check
    assert any("Training record kept" in p.message and "pa" in p.message for p in check.problems), check.problems
    with pytest.raises(RuleViolation):
        records.update(db, "agreements", agreement, {"status": "printed"}, accept_warnings=True)
    assert records.get(db, "agreements", agreement)["status"] == "draft"


def test_the_weekly_pattern_takes_only_its_choices_now_the_wizard_stores_a_code(db, cli) -> None:  # type: ignore[no-untyped-def]
    """The weekly pattern was the one open list while the wizard wrote a sentence into it; the wizard stores the
    code now (``days``, ``blocks``), so a typed sentence is refused like any other word, naming the field."""
    agreement = f.make_agreement(db)
    before = records.get(db, "agreements", agreement)["weekly_pattern"]
    code, out, err = cli(db, "set", "agreement", str(agreement), "weekly_pattern=3 días en la empresa, 2 en el plantel")
    assert code == 1 and "Weekly pattern" in err and "fixed days each week" in err, (out, err)
    assert records.get(db, "agreements", agreement)["weekly_pattern"] == before
    code, out, err = cli(db, "set", "agreement", str(agreement), "weekly_pattern=bloques")
    assert code == 0, err
    assert records.get(db, "agreements", agreement)["weekly_pattern"] == "blocks"
