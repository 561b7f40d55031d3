"""Input that never breaks vetdesk (issue 24, items 12, 13 and 16): hostile numbers and text are refused with a
message naming the field in the user's words, the same on SQLite and PostgreSQL; no traceback and no personal
data reach the console or the log; ``show --json`` is always valid JSON; a closed pipe ends a command quietly.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from tests.factories import make_agreement, make_apprentice, make_company, make_instructor, make_programme
from vetdesk.commands.base import print_json
from vetdesk.domain import bounds
from vetdesk.domain.problems import RuleViolation
from vetdesk.services import fields as F
from vetdesk.services import privacy, records
from vetdesk.services.demo import fill_demo

PERSONAL = "Zoraida Quintanilla Uribe"


def _field(kind: str, name: str) -> F.Field:
    found = records.kind(kind).field(name)
    assert found is not None
    return found


def _no_traceback(out: str, err: str) -> None:
    assert "Traceback" not in out + err
    assert "Error:" not in err.replace("error:", "")  # no exception class names (DataError:, OverflowError:…)


# -- the definitions ----------------------------------------------------------------------------------------

def test_every_number_has_a_range_and_every_text_a_length_that_fits_its_column() -> None:
    for kind in records.KINDS.values():
        table = kind.model.__table__
        for f in kind.fields:
            if f.is_list:  # a list lives in a table of its own; its items are ids or a plan's steps
                continue
            column = table.c[f.name]
            if f.type in ("int", "decimal"):
                assert f.minimum is not None and f.maximum is not None, f"{kind.name}.{f.name} has no range"
            elif f.type in ("text", "email", "id", "code", "codes", "country", "currency", "status"):
                assert f.max_length is not None, f"{kind.name}.{f.name} has no length"
                length = getattr(column.type, "length", None)
                assert length is None or f.max_length <= length, f"{kind.name}.{f.name} is longer than its column"


def test_the_ranges_fit_the_columns_of_both_databases() -> None:
    # Numeric(p, s) holds p - s digits before the point: the ranges stay inside, so PostgreSQL never refuses.
    for kind in records.KINDS.values():
        for f in kind.fields:
            if f.type == "decimal":
                column = kind.model.__table__.c[f.name]
                assert f.maximum is not None and f.places == column.type.scale
                assert f.maximum < Decimal(10) ** (column.type.precision - column.type.scale)
            if f.type == "int":
                assert f.maximum is not None and f.maximum <= bounds.MAX_ID


@pytest.mark.parametrize(("kind", "name", "raw", "code"), [
    ("agreements", "daily_hours", "NaN", "number.finite"),
    ("agreements", "daily_hours", "Infinity", "number.finite"),
    ("agreements", "daily_hours", "-inf", "number.finite"),
    ("agreements", "daily_hours", "1e308", "number.range"),
    ("agreements", "daily_hours", float("nan"), "number.finite"),
    ("agreements", "daily_hours", "7.1234", "number.places"),
    ("agreements", "stipend_amount", "1e308", "number.range"),
    ("agreements", "stipend_amount", "-1", "number.range"),
    ("agreements", "holiday_days", "-5", "number.range"),
    ("agreements", "company_days", "9", "number.range"),
    ("agreements", "probation_months", "99999999999", "number.range"),
    ("agreements", "probation_months", "9" * 5000, "number.range"),
    ("agreements", "stipend_currency", "ZZZ", "currency.format"),
    ("agreements", "stipend_currency", "XAU", "currency.format"),
    ("agreements", "instructor_id", "99999999999", "number.range"),
    ("instructors", "capacity", "-3", "number.range"),
    ("programmes", "min_semester", "-99", "number.range"),
    ("programmes", "duration_months", "0", "number.range"),
    ("companies", "name", "x" * 251, "text.length"),
    ("companies", "name", "Taller\x00Norte", "text.control"),
    ("companies", "name", "Taller\x1bNorte", "text.control"),
    ("companies", "name", "Taller\nNorte", "text.line_break"),
    ("companies", "name", "Taller\u202eetroN", "text.control"),
    ("companies", "name", "Taller\udcffNorte", "text.control"),
    ("apprentices", "curp", "PELJ\x00", "text.control"),
    ("agreements", "notes", "x" * (bounds.LONG_TEXT + 1), "text.length"),
])
def test_a_hostile_value_is_refused_by_the_field_itself(kind: str, name: str, raw: object, code: str) -> None:
    f = _field(kind, name)
    value, problem = F.parse_value(f, raw)
    assert value is None and problem is not None
    assert problem.code == code and problem.field == name
    assert f.title() in problem.message  # the field in the user's words
    assert "\x00" not in problem.message and "x" * 40 not in problem.message  # the value is not echoed back


def test_the_numbers_in_a_range_message_are_the_constants() -> None:
    _value, problem = F.parse_value(_field("agreements", "holiday_days"), "-5")
    assert problem is not None
    low, high = bounds.HOLIDAY_DAYS
    assert f"from {low} to {high}" in problem.message


def test_values_inside_the_ranges_are_kept() -> None:
    assert F.parse_value(_field("agreements", "daily_hours"), "7.5") == (Decimal("7.5"), None)
    assert F.parse_value(_field("agreements", "company_days"), "4") == (4, None)
    assert F.parse_value(_field("agreements", "stipend_currency"), "eur") == ("EUR", None)
    assert F.parse_value(_field("companies", "name"), "x" * 250)[1] is None
    # Multi-line text keeps its lines (and may hold a tab); one-line text may not.
    assert F.parse_value(_field("agreements", "notes"), "Primera línea\r\n\tsegunda  línea") == (
        "Primera línea\nsegunda línea", None)


# -- through the command line, on both databases -------------------------------------------------------------

def _agreement(db) -> int:  # type: ignore[no-untyped-def]
    return make_agreement(db)


@pytest.mark.parametrize("assignment", [
    "daily_hours=NaN", "daily_hours=Infinity", "daily_hours=1e308", "holiday_days=-5", "company_days=9",
    "probation_months=99999999999", "stipend_currency=ZZZ", "stipend_amount=-3", "notes=" + "n" * 5000,
    "instructor_id=999999999999999999999999",
])
def test_set_refuses_hostile_numbers_alike_on_both_databases(db, cli, assignment: str) -> None:
    agreement = _agreement(db)
    before = records.get(db, "agreements", agreement)
    code, out, err = cli(db, "set", "agreements", str(agreement), assignment)
    assert code == 1, err
    _no_traceback(out, err)
    name = assignment.split("=", 1)[0]
    label = _field('agreements', name).title()
    # Named once, in the user's words: the field's label, never its internal key (issue 21).
    assert err.startswith(f"error: {label}") and err.count(label) == 1 and name not in err, err
    assert records.get(db, "agreements", agreement) == before


def test_a_long_name_is_refused_alike_on_both_databases_without_personal_data(db, cli, tmp_path: Path) -> None:
    company = make_company(db)
    code, out, err = cli(db, "add", "apprentices", f"given_names={'Zoraida ' * 40}", f"first_surname={PERSONAL}",
                         "curp=PEXJ080101HDFRRN09", "birth_date=2008-01-01", "sex=H",
                         "address=Calle Secreta 12, Colonia Escondida", "phone=5512345678")
    assert code == 1
    _no_traceback(out, err)
    assert "Given names is too long: at most 150 characters, 319 given" in err
    assert "Calle Secreta" not in err and PERSONAL not in err
    assert records.count_records(db, "apprentices") == 0
    log = Path(os.environ["XDG_STATE_HOME"])
    text = "".join(p.read_text(encoding="utf-8") for p in log.rglob("*.log"))
    assert "Calle Secreta" not in text and "Zoraida" not in text
    assert company  # the company exists; only the apprentice was refused


def test_control_characters_are_refused_alike_on_both_databases(db, cli) -> None:
    code, out, err = cli(db, "add", "companies", "name=Taller\x01Norte", "rfc=TNO900101AB1")
    assert code == 1
    _no_traceback(out, err)
    assert "Company name holds a character that is not text (U+0001)" in err
    assert records.count_records(db, "companies") == 0


def test_a_search_holding_a_nul_finds_nothing_instead_of_failing(db, cli) -> None:
    make_company(db, name="Taller Norte")
    code, out, err = cli(db, "list", "companies", "--search", "Nor\x00te")
    assert code == 0, err
    _no_traceback(out, err)


@pytest.mark.parametrize("args", [
    ("show", "apprentices", "99999999999999999999"),
    ("list", "agreements", "--company", "99999999999999999999"),
    ("list", "apprentices", "--limit", "-99999999999999999999"),
    ("history", "apprentices", "9" * 400),
    ("print", "agreement", "99999999999999999999", "-o", "x.pdf"),
])
def test_huge_whole_numbers_on_the_command_line_are_refused(db, cli, args: tuple[str, ...]) -> None:
    """A number too big for an id is refused in words, as any id or code that names no record (a record may be
    named by its code too: a CURP of digits only is looked for, and not found)."""
    code, out, err = cli(db, *args)
    assert code in (1, 2)
    _no_traceback(out, err)
    said = " ".join(err.split())
    assert ("is not a whole number from" in said or "is not the number of a record" in said
            or "No apprentice found" in said), said
    assert "99999999999999999999" in said.replace(" ", "") or "9" * 100 in said.replace(" ", "")


@pytest.mark.parametrize("years", ["-1", "0", "101"])
def test_anonymise_refuses_a_number_of_years_outside_the_range(db, cli, years: str) -> None:
    apprentice = make_apprentice(db)
    for dry in ((), ("--dry-run",)):
        code, out, err = cli(db, "anonymise", f"--years={years}", *dry)
        assert code == 2
        _no_traceback(out, err)
        assert f"{years} is not a whole number from {bounds.ANONYMISE_YEARS[0]} to {bounds.ANONYMISE_YEARS[1]}" in err
    # The service itself refuses too (the window calls it without the command line).
    for call in (privacy.candidates, privacy.anonymise_ended):
        with pytest.raises(RuleViolation) as refused:
            call(db, years=int(years))
        assert refused.value.problems[0].code == "number.range"
    assert records.get(db, "apprentices", apprentice)["given_names"] != "Anonymised"


def test_demo_refuses_a_negative_count_and_a_database_with_records(db, cli) -> None:
    code, out, err = cli(db, "demo", "--apprentices=-5")
    assert code == 2
    _no_traceback(out, err)
    assert f"-5 is not a whole number from {bounds.DEMO_APPRENTICES[0]} to {bounds.DEMO_APPRENTICES[1]}" in err
    with pytest.raises(RuleViolation):
        fill_demo(db, apprentices=-5)
    make_programme(db)
    code, out, err = cli(db, "demo", "--apprentices", "20")
    assert code == 1
    _no_traceback(out, err)
    assert "already holds records" in err and "vetdesk demo --db" in err
    assert records.count_records(db, "apprentices") == 0


# -- JSON and pipes -------------------------------------------------------------------------------------------

def test_show_json_is_valid_even_for_values_stored_before_the_ranges(sqlite_db, cli) -> None:
    agreement = make_agreement(sqlite_db)
    instructor = make_instructor(sqlite_db)
    with sqlite_db.engine.begin() as conn:  # as an older vetdesk could store them
        conn.exec_driver_sql("UPDATE learning_agreements SET daily_hours = 9e999, stipend_amount = 1e308 "
                             f"WHERE id = {agreement}")
    code, out, err = cli(sqlite_db, "show", "agreements", str(agreement), "--json")
    assert code == 0, err
    data = json.loads(out, parse_constant=lambda c: pytest.fail(f"invalid JSON constant {c}"))
    assert data["daily_hours"] is None
    assert instructor


def test_print_json_writes_null_for_what_json_cannot_hold(capsys: pytest.CaptureFixture[str]) -> None:
    print_json({"a": float("inf"), "b": [Decimal("NaN"), Decimal("1.5"), float("-inf")], "c": Decimal("Infinity")})
    data = json.loads(capsys.readouterr().out, parse_constant=lambda c: pytest.fail(c))
    assert data == {"a": None, "b": [None, 1.5, None], "c": None}


def test_a_closed_pipe_ends_a_listing_quietly(sqlite_db) -> None:
    fill_demo(sqlite_db, apprentices=300)  # thousands of assessments: more than a pipe's buffer holds
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    for extra in ((), ("--json",)):
        reader = subprocess.Popen([sys.executable, "-m", "vetdesk", "--db", str(sqlite_db.url), "--lang", "en",
                                   "list", "assessments", *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  env=env)
        assert reader.stdout is not None and reader.stderr is not None
        reader.stdout.readline()
        reader.stdout.close()  # as `| head -1` does
        err = reader.stderr.read().decode()
        reader.stderr.close()
        code = reader.wait(timeout=120)
        assert "Traceback" not in err and "BrokenPipe" not in err, err
        assert code == 0
