"""Trial 24b: what the office texts' checks and printing say about an office text."""

from __future__ import annotations

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
