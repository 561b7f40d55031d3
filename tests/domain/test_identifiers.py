"""Identifier checks: valid numbers generated from their own rules pass, broken ones are refused with a
problem naming the field, and no text at all makes a check raise."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.mx import curp as stdnum_curp

from vetdesk.domain import identifiers as ids
from vetdesk.domain.problems import Problem, Severity

UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
DIGITS = "0123456789"
CURP_STATES = sorted("AS BC BS CC CH CL CM CS DF DG GR GT HG JC MC MN MS NE NL NT OC PL QR QT SL SP SR TC "
                     "TL TS VZ YN ZS".split())


def codes(problems: list[Problem]) -> set[str]:
    return {p.code for p in problems}


@st.composite
def curps(draw: st.DrawFn) -> tuple[str, date, str]:
    blacklist = stdnum_curp._name_blacklist
    prefix = draw(st.text(UPPER, min_size=4, max_size=4).filter(lambda p: p not in blacklist))
    birth = draw(st.dates(date(1930, 1, 1), date(2099, 12, 31)))
    sex = draw(st.sampled_from("HMX"))
    state = draw(st.sampled_from(CURP_STATES))
    consonants = draw(st.text("BCDFGHJKLMNPQRSTVWXYZ", min_size=3, max_size=3))
    homoclave = draw(st.sampled_from(DIGITS if birth.year < 2000 else UPPER))
    body = f"{prefix}{birth:%y%m%d}{sex}{state}{consonants}{homoclave}"
    return body + stdnum_curp.calc_check_digit(body), birth, sex


@settings(deadline=None)
@given(curps())
def test_valid_curps_pass_and_give_birth_date_and_sex(case: tuple[str, date, str]) -> None:
    curp, birth, sex = case
    assert ids.check_curp(curp) == []
    assert ids.curp_birth_date(curp) == birth
    assert ids.curp_sex(curp) == sex


@settings(deadline=None)
@given(curps(), st.sampled_from(DIGITS))
def test_a_wrong_check_digit_is_refused(case: tuple[str, date, str], digit: str) -> None:
    curp = case[0]
    if digit == curp[-1]:
        return
    problems = ids.check_curp(curp[:-1] + digit)
    assert codes(problems) == {"curp.checksum"}
    assert problems[0].field == "curp" and "check digit" in problems[0].message


def test_curp_with_sex_x_is_accepted_though_stdnum_rejects_it() -> None:
    body = "PELJ080517XDFBCD" + "A"
    curp = body + stdnum_curp.calc_check_digit(body)
    assert not stdnum_curp.is_valid(curp)
    assert ids.check_curp(curp) == []
    assert ids.curp_sex(curp) == "X"


@pytest.mark.parametrize(("value", "code"), [
    ("PELJ080517HDFBCDA", "curp.length"),
    ("PELJ0805171DFBCDA0", "curp.format"),
    ("PELJ081317HDFBCDA0", "curp.birth_date"),  # month 13
    ("PELJ080517HZZBCDA0", "curp.state"),  # no such state
    ("PELJ080517QDFBCDA0", "curp.sex"),  # Q is no sex letter
])
def test_malformed_curps_are_refused(value: str, code: str) -> None:
    problems = ids.check_curp(value)
    assert [p.code for p in problems] == [code]
    assert problems[0].field == "curp" and problems[0].is_error


def test_a_curp_starting_with_a_word_renapo_replaces_is_refused_for_that_reason() -> None:
    """FALO… (a word RENAPO writes FXLO…) with a valid date, sex and state: the refusal names the word and the
    X of the real CURP, not an impossible birth date, sex or state (a new user's trial)."""
    body = "FALO040517HDFCBB3"
    curp = body + stdnum_curp.calc_check_digit(body)
    problems = ids.check_curp(curp)
    assert [p.code for p in problems] == ["curp.word"]
    assert "FXLO" in problems[0].message and "RENAPO" in problems[0].message
    assert "birth date" not in problems[0].message


@st.composite
def company_rfcs(draw: st.DrawFn) -> str:
    letters = draw(st.text(UPPER + "&Ñ", min_size=3, max_size=3))
    founded = draw(st.dates(date(2000, 1, 1), date(2099, 12, 31)))
    tail = draw(st.text(UPPER + DIGITS, min_size=3, max_size=3))
    return f"{letters}{founded:%y%m%d}{tail}"


@st.composite
def person_rfcs(draw: st.DrawFn) -> str:
    from stdnum.mx import rfc

    letters = draw(st.text(UPPER, min_size=4, max_size=4).filter(lambda p: p not in rfc._name_blacklist))
    born = draw(st.dates(date(2000, 1, 1), date(2099, 12, 31)))
    tail = draw(st.text(UPPER + DIGITS, min_size=3, max_size=3))
    return f"{letters}{born:%y%m%d}{tail}"


@settings(deadline=None)
@given(company_rfcs())
def test_valid_company_rfcs_pass(rfc: str) -> None:
    assert ids.check_rfc(rfc, person=False) == []
    assert ids.check_company_tax_id("MX", rfc) == []


@settings(deadline=None)
@given(person_rfcs())
def test_valid_person_rfcs_pass(rfc: str) -> None:
    assert ids.check_rfc(rfc, person=True) == []
    assert ids.check_rfc(rfc) == []


def test_a_person_rfc_on_a_company_is_only_a_warning() -> None:
    problems = ids.check_company_tax_id("MX", "LUAB900101B12")
    assert codes(problems) == {"rfc.person_company"} and problems[0].severity is Severity.WARNING


@pytest.mark.parametrize("generic", sorted(ids.GENERIC_RFCS))
def test_generic_rfcs_are_a_warning(generic: str) -> None:
    problems = ids.check_company_tax_id("MX", generic)
    assert [(p.code, p.severity) for p in problems] == [("rfc.generic", Severity.WARNING)]
    assert "real RFC" in problems[0].message


@pytest.mark.parametrize(("value", "person", "code"), [
    ("LUAB900101", None, "rfc.length"),  # stdnum accepts 10 characters; the issue wants 12 or 13
    ("ABC90010", None, "rfc.length"),
    ("AB1900101A12", None, "rfc.format"),
    ("ABC901301A12", None, "rfc.format"),  # month 13
    ("ABC900101A12", True, "rfc.person_length"),
    ("LUAB900101B12", False, "rfc.company_length"),
])
def test_invalid_rfcs_are_refused(value: str, person: bool | None, code: str) -> None:
    problems = ids.check_rfc(value, person=person)
    assert codes(problems) == {code}
    assert problems[0].is_error and problems[0].field == "rfc"


@st.composite
def nsss(draw: st.DrawFn) -> str:
    first = draw(st.text(DIGITS, min_size=10, max_size=10))
    return first + ids.nss_check_digit(first)


@settings(deadline=None)
@given(nsss())
def test_valid_nss_pass(nss: str) -> None:
    assert ids.check_nss(nss) == []


@settings(deadline=None)
@given(nsss(), st.integers(1, 9))
def test_nss_with_a_changed_check_digit_is_refused(nss: str, delta: int) -> None:
    broken = nss[:-1] + str((int(nss[-1]) + delta) % 10)
    assert codes(ids.check_nss(broken)) == {"nss.checksum"}


@pytest.mark.parametrize("value", ["1234567890", "123456789012", "1234567890A", "١٢٣٤٥٦٧٨٩٠١"])
def test_nss_must_be_eleven_ascii_digits(value: str) -> None:
    problems = ids.check_nss(value)
    assert codes(problems) == {"nss.format"} and "11 digits" in problems[0].message


@st.composite
def ccts(draw: st.DrawFn) -> str:
    state = draw(st.integers(1, 32))
    return (f"{state:02d}" + draw(st.text(UPPER, min_size=3, max_size=3))
            + draw(st.text(DIGITS, min_size=4, max_size=4)) + draw(st.sampled_from(UPPER)))


@settings(deadline=None)
@given(ccts())
def test_valid_ccts_pass(cct: str) -> None:
    assert ids.check_cct(cct) == []


@pytest.mark.parametrize(("value", "code"), [
    ("00DPR1802X", "cct.state"), ("33DPR1802X", "cct.state"), ("09DP1802X", "cct.format"),
    ("09DPR18021", "cct.format"), ("9DPR1802XX", "cct.format"), ("09DPR1802X\n", "cct.format"),
])
def test_invalid_ccts_are_refused(value: str, code: str) -> None:
    problems = ids.check_cct(value)
    assert codes(problems) == {code} and problems[0].field == "cct"


@pytest.mark.parametrize(("country", "valid", "invalid"), [
    ("BR", "39053344705", "39053344704"),  # CPF
    ("AR", "20123456", "2012345A"),  # DNI
    ("CL", "125319092", "125319091"),  # RUT
    ("CO", "2131234321", "2131234322"),  # NIT
])
def test_foreign_personal_ids_use_stdnum(country: str, valid: str, invalid: str) -> None:
    assert ids.check_person_id(country, valid) == []
    problems = ids.check_person_id(country, invalid)
    assert codes(problems) == {"id.foreign"} and country in problems[0].message


@pytest.mark.parametrize("repeated", ["11111111111", "111.111.111-11", "00000000000", "99999999999"])
def test_a_cpf_of_one_repeated_digit_is_refused_though_its_check_digits_fit(repeated: str) -> None:
    """The Receita Federal never issues 111.111.111-11 and the like; python-stdnum's check digits accept them."""
    problems = ids.check_person_id("BR", repeated)
    assert codes(problems) == {"id.foreign"} and "CPF" in problems[0].message


def test_a_cpf_is_shown_as_brazil_writes_it_and_a_curp_as_stored() -> None:
    assert ids.person_id_shown("BR", "12345678909") == "123.456.789-09"
    assert ids.person_id_shown("MX", "PEMM080101MDFRRR09") == "PEMM080101MDFRRR09"
    assert ids.person_id_shown("BR", "1234") == "1234"  # not a CPF: as typed, never half formatted


@pytest.mark.parametrize(("country", "valid", "invalid"), [
    ("BR", "16727230000197", "16727230000198"),  # CNPJ
    ("AR", "20267565393", "20267565394"),  # CUIT
])
def test_foreign_company_ids_use_stdnum(country: str, valid: str, invalid: str) -> None:
    assert ids.check_company_tax_id(country, valid) == []
    assert codes(ids.check_company_tax_id(country, invalid)) == {"id.foreign"}


def test_an_unknown_country_is_refused_with_the_known_ones() -> None:
    problems = ids.check_person_id("ZZ", "123")
    assert codes(problems) == {"country.unknown"} and "MX" in problems[0].message
    assert problems[0].is_error and "has a CURP" in problems[0].message


def test_a_country_whose_documents_vetdesk_cannot_check_is_recorded_as_typed_with_a_warning() -> None:
    """Guatemala: no check of its documents; the identifier is recorded as typed, warned of, and the warning says
    that a foreign apprentice living in Mexico as a resident has a CURP (a new user's trial)."""
    problems = ids.check_person_id("GT", "2547 12345 0101")
    assert [(p.code, p.is_error) for p in problems] == [("id.unchecked", False)]
    assert "Guatemala (GT)" in problems[0].message and "has a CURP" in problems[0].message
    assert codes(ids.check_company_tax_id("GT", "123")) == {"country.unknown"}  # a company's tax ID: still refused


@settings(deadline=None)
@given(st.text(max_size=30), st.sampled_from(["MX", *sorted(ids.FOREIGN_PERSONAL_IDS), "ZZ"]))
def test_random_text_gives_problems_never_exceptions(value: str, country: str) -> None:
    for found in (ids.check_curp(value), ids.check_rfc(value), ids.check_nss(value), ids.check_cct(value),
                  ids.check_email(value, "email"), ids.check_person_id(country, value),
                  ids.check_company_tax_id(country, value)):
        assert isinstance(found, list)
        assert all(isinstance(p, Problem) and p.message for p in found)


@settings(deadline=None)
@given(st.text(UPPER + DIGITS + "-&Ñ ", min_size=8, max_size=20))
def test_identifier_shaped_text_gives_problems_never_exceptions(value: str) -> None:
    for found in (ids.check_curp(value), ids.check_rfc(value), ids.check_nss(value), ids.check_cct(value)):
        assert all(isinstance(p, Problem) for p in found)


@pytest.mark.parametrize(("value", "ok"), [("ana@escuela.mx", True), ("ana@escuela", False),
                                           ("ana escuela@x.mx", False), ("ana@x.mx\n", False)])
def test_email(value: str, ok: bool) -> None:
    assert (ids.check_email(value, "email") == []) is ok
