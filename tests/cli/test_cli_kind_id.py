"""Every verb taking KIND ID refuses a word that names no kind and a number that names no record, with the kinds
it knows or the record it could not find, and a non-zero exit status (issue 25, a new user's trial: ``vetdesk
history foo 3`` printed nothing and exited 0, as if the record had no history)."""

from __future__ import annotations

import pytest

import tests.factories as f

KINDS_SAID = ("apprentices", "agreements", "users")


def test_history_of_an_unknown_kind_is_refused_with_the_kinds(db, cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli(db, "history", "foo", "3")
    assert code == 2 and out == ""
    assert "foo is not a kind of record" in err and all(k in err for k in KINDS_SAID)


def test_history_of_a_record_that_is_not_there_is_refused(db, cli) -> None:  # type: ignore[no-untyped-def]
    apprentice = f.make_apprentice(db)
    code, out, err = cli(db, "history", "apprentices", str(apprentice + 1000))
    assert code == 1 and out == "" and f"There is no apprentice with id {apprentice + 1000}" in err
    code, out, err = cli(db, "history", "users", "999")  # no row of its own: the history is asked
    assert code == 1 and out == "" and "no record 999" in err
    code, out, err = cli(db, "history", "apprentice", str(apprentice))  # singular, as every verb takes it
    assert code == 0 and "create" in out and err == ""


def test_history_of_a_record_without_changes_says_so(db, cli) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import delete

    from vetdesk.storage.models import AuditEntry

    apprentice = f.make_apprentice(db)
    with db.engine.begin() as conn:  # entered before its history was kept (as the demonstration data)
        conn.execute(delete(AuditEntry).where(AuditEntry.kind == "apprentices"))
    code, out, err = cli(db, "history", "apprentices", str(apprentice))
    assert code == 0 and out == "" and "No change of this record is in its history." in err


@pytest.mark.parametrize("verb", [("show",), ("delete",), ("set", "name=X"), ("history",)])
def test_every_kind_id_verb_refuses_an_unknown_kind(  # type: ignore[no-untyped-def]
        db, cli, verb: tuple[str, ...]) -> None:
    code, out, err = cli(db, verb[0], "foo", "3", *verb[1:])
    assert code == 2 and out == "" and "foo is not a kind of record" in err and "apprentices" in err


@pytest.mark.parametrize("verb", [("show",), ("delete",), ("set", "first_surname=X"), ("history",)])
def test_every_kind_id_verb_refuses_a_number_of_no_record(  # type: ignore[no-untyped-def]
        db, cli, verb: tuple[str, ...]) -> None:
    code, out, err = cli(db, verb[0], "apprentices", "424242", *verb[1:])
    assert code == 1 and out == "" and "There is no apprentice with id 424242" in err


def test_sign_refuses_a_kind_it_does_not_sign(db, cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli(db, "sign", "foo", "3", "company=2026-01-01")
    assert code == 2 and "foo is not a kind of record that is signed" in err
    code, out, err = cli(db, "attach", "foo", "3", "x.pdf")
    assert code == 2 and "agreements or collaborations" in err


@pytest.mark.parametrize("verb", [("delete",), ("set", "first_surname=X"), ("history",)])
def test_a_number_out_of_range_names_no_placeholder(  # type: ignore[no-untyped-def]
        db, cli, verb: tuple[str, ...]) -> None:
    code, out, err = cli(db, verb[0], "apprentices", "0", *verb[1:])
    assert code == 2 and "0 is not the number of a record" in err and "KIND" not in err.split("\n")[-2]
