"""Anonymised statistics: no count below five can be read or worked out from the totals, and ended records
are never erased sooner than the office keeps them."""

from __future__ import annotations

import pytest

from tests import factories as f
from vetdesk.domain.problems import RuleViolation
from vetdesk.services import privacy, settings, statistics


def _tables(rows: list[dict]) -> dict[str, dict[tuple[str, str], object]]:  # type: ignore[type-arg]
    out: dict[str, dict[tuple[str, str], object]] = {}
    for r in rows:
        out.setdefault(r["dimension"], {})[(str(r["value"]), r["status"])] = r["count"]
    return out


def _no_line_gives_a_hidden_cell_away(tables: dict[str, dict[tuple[str, str], object]]) -> None:
    for dimension, cells in tables.items():
        for axis in (0, 1):
            lines: dict[str, list[object]] = {}
            for key, count in cells.items():
                lines.setdefault(key[axis], []).append(count)
            for line, counts in lines.items():
                hidden = [c for c in counts if not isinstance(c, int)]
                assert len(hidden) != 1 or len(counts) == 1, (dimension, line, counts)


def test_a_small_count_cannot_be_worked_out_from_the_totals(db) -> None:  # type: ignore[no-untyped-def]
    """Three women and seven men at one company: the company's total (10) is shown, so showing the men's 7
    would give the women's 3 away; both are hidden."""
    company = f.make_company(db)
    programme = f.make_programme(db)
    for i in range(10):
        f.make_agreement(db, company_id=company, programme_id=programme,
                         apprentice_id=f.make_apprentice(db, sex="M" if i < 3 else "H"))
    tables = _tables(statistics.statistics(db))
    assert list(tables["company"].values()) == [10]
    assert tables["sex"][("M", "draft")] == "<5"
    assert tables["sex"][("H", "draft")] == statistics.MASKED  # 7, hidden beside the 3
    _no_line_gives_a_hidden_cell_away(tables)


def test_suppression_reaches_every_line() -> None:
    """A hidden cell forces a second one into its row and its column, and so on, until no row or column has
    exactly one: the standard condition that no hidden cell is a total minus visible cells."""
    cells = [("sex", "M", "active", 3), ("sex", "H", "active", 40), ("sex", "M", "draft", 12),
             ("sex", "H", "draft", 9), ("sex", "M", "completed", 20), ("sex", "H", "completed", 30),
             ("company", "A", "active", 43), ("company", "A", "draft", 21), ("company", "A", "completed", 50)]
    hidden = statistics.suppressed(cells)
    assert ("sex", "M", "active") in hidden and ("sex", "H", "active") in hidden
    assert ("sex", "M", "draft") in hidden or ("sex", "M", "completed") in hidden
    tables: dict[str, dict[tuple[str, str], object]] = {}
    for d, v, st, n in cells:
        tables.setdefault(d, {})[(v, st)] = "x" if (d, v, st) in hidden else n
    _no_line_gives_a_hidden_cell_away(tables)
    assert not any(d == "company" for d, _v, _s in hidden)  # large single cells stay visible


@pytest.mark.parametrize("years", [0, -5])
def test_anonymise_refuses_no_years(db, years) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleViolation) as refused:
        privacy.anonymise_ended(db, years=years)
    assert refused.value.problems[0].field == "years"


def test_anonymise_keeps_the_offices_minimum(db) -> None:  # type: ignore[no-untyped-def]
    settings.save_office_settings(db, {"anonymise_after_years": 3})
    with pytest.raises(RuleViolation) as refused:
        privacy.anonymise_ended(db, years=1)
    assert refused.value.problems[0].code == "privacy.minimum"
    assert "3 years" in refused.value.problems[0].message
    assert privacy.anonymise_ended(db, years=3) == 0
