"""Typed text becomes values in one place (fields.parse_value): normalised, or refused with a Problem."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vetdesk.domain import rules
from vetdesk.domain.problems import Problem
from vetdesk.services import fields as F
from vetdesk.services.records import KINDS, parse_values

ALL_FIELDS = sorted({(f.name, f.type): f for k in KINDS.values() for f in k.fields}.values(),
                    key=lambda f: (f.name, f.type))


@settings(deadline=None)
@given(st.sampled_from(ALL_FIELDS), st.text(max_size=40))
def test_any_text_in_any_field_gives_a_value_or_a_problem(field: F.Field, raw: str) -> None:
    value, problem = F.parse_value(field, raw)
    assert problem is None or (isinstance(problem, Problem) and problem.field == field.name and value is None)


@settings(deadline=None)
@given(st.text(max_size=30), st.text(max_size=30), st.text(max_size=12), st.text(max_size=12))
def test_random_apprentice_text_never_breaks_the_rules(curp: str, nss: str, birth: str, sex: str) -> None:
    values, problems = parse_values(KINDS["apprentices"], {"curp": curp, "nss": nss, "birth_date": birth,
                                                          "sex": sex, "email": curp})
    if not problems:
        problems = rules.check_apprentice(values, today=date(2026, 11, 25))
    assert all(isinstance(p, Problem) for p in problems)


@pytest.mark.parametrize(("kind", "name", "raw", "value"), [
    ("apprentices", "curp", " pelj-080517 hdf bcd a5 ", "PELJ080517HDFBCDA5"),
    ("apprentices", "given_names", "  José   Ángel ", "José Ángel"),
    ("apprentices", "email", " Ana@Escuela.MX ", "ana@escuela.mx"),
    ("apprentices", "sex", "Mujer", "M"),
    ("apprentices", "sex", "no binario", "X"),
    ("apprentices", "birth_date", "17/05/2008", date(2008, 5, 17)),
    ("apprentices", "nss", "1234-5678-903", "12345678903"),
    ("companies", "rfc", "abc-900101-a12", "ABC900101A12"),
    ("agreements", "daily_hours", "6,5", Decimal("6.5")),
    ("agreements", "stipend_amount", "$4,500.00", Decimal("4500.00")),
    ("agreements", "stipend_amount", "4.500,00", Decimal("4500.00")),
    ("programmes", "code", " mec-01 ", "MEC-01"),
    ("programmes", "conocer_codes", "ec0217.01,EC0301  ec0217", "EC0217.01, EC0301, EC0217"),
    ("programmes", "stps_permit_required", "sí", True),
])
def test_values_are_normalised_before_the_rules(kind: str, name: str, raw: str, value: object) -> None:
    values, problems = parse_values(KINDS[kind], {name: raw})
    assert problems == [] and values[name] == value


@pytest.mark.parametrize(("kind", "name", "raw", "words"), [
    ("apprentices", "birth_date", "2008-02-30", "2026-08-24"),
    ("apprentices", "sex", "F", "H (male), M (female) or X"),
    ("apprentices", "semester", "third", "whole number"),
    ("agreements", "daily_hours", "six", "number of hours"),
    ("agreements", "stipend_amount", "mucho", "not an amount"),
    ("exam_registrations", "written", "abc", "not a number"),
    ("companies", "id_country", "Mexico", "two-letter"),
    ("agreements", "reference", "CA-1", "no field reference"),
])
def test_unparseable_values_are_refused_naming_the_field(kind: str, name: str, raw: str, words: str) -> None:
    _values, problems = parse_values(KINDS[kind], {name: raw})
    assert [p.field for p in problems] == [name] and words in problems[0].message
