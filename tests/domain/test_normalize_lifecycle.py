"""Normalisation before the rules, and the agreement's life cycle as data."""

from __future__ import annotations

import pytest

from vetdesk.domain import lifecycle, normalize
from vetdesk.domain.dates import add_months, age_on
from vetdesk.domain.problems import Problem


@pytest.mark.parametrize(("raw", "clean"), [("  José   Ángel ", "José Ángel"), ("\tA\nB ", "A B"),
                                            ("   ", None), (None, None)])
def test_text_is_trimmed_and_spaces_collapsed(raw: str | None, clean: str | None) -> None:
    assert normalize.text(raw) == clean


@pytest.mark.parametrize(("raw", "clean"), [(" gaxj 800101-hdf.ner01 ", "GAXJ800101HDFNER01"), ("", None)])
def test_identifiers_are_upper_cased_without_separators(raw: str, clean: str | None) -> None:
    assert normalize.identifier(raw) == clean


def test_fold_ignores_case_and_accents() -> None:
    assert normalize.fold("  GARCÍA  Núñez ") == normalize.fold("garcia nunez") == "garcia nunez"


def test_age_counts_whole_years() -> None:
    from datetime import date

    assert age_on(date(2011, 3, 1), date(2026, 2, 28)) == 14
    assert age_on(date(2011, 3, 1), date(2026, 3, 1)) == 15
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)


def test_the_life_cycle_is_linear_with_termination_from_signed_and_active() -> None:
    S = lifecycle.Status
    assert lifecycle.TRANSITIONS[S.DRAFT] == {S.PRINTED}
    assert S.SIGNED in lifecycle.TRANSITIONS[S.PRINTED]
    assert lifecycle.TRANSITIONS[S.SIGNED] == {S.ACTIVE, S.TERMINATED}
    assert lifecycle.TRANSITIONS[S.ACTIVE] == {S.COMPLETED, S.TERMINATED}
    assert not lifecycle.TRANSITIONS[S.COMPLETED] and not lifecycle.TRANSITIONS[S.TERMINATED]
    terminable = {s for s, targets in lifecycle.TRANSITIONS.items() if S.TERMINATED in targets}
    assert terminable == {S.SIGNED, S.ACTIVE}


def test_unknown_status_is_refused_with_the_known_ones() -> None:
    p = lifecycle.parse_status("finished")
    assert isinstance(p, Problem) and p.field == "status" and "draft" in p.message
    assert lifecycle.parse_status(" Signed ") is lifecycle.Status.SIGNED
