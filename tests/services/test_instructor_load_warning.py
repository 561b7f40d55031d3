"""The instructor's load, worded truly and asked only of a change it is about (t5c, item 3): an agreement of an
instructor with three others (maximum three) said "already trains 3; the maximum is 3", which reads as within the
limit, and returning it to draft asked it again, though returning to draft does not add to the load."""

from __future__ import annotations

import pytest

from tests import factories as f
from vetdesk.domain.problems import WarningsNotAccepted
from vetdesk.i18n import set_language
from vetdesk.services import records


@pytest.fixture
def load(db):  # type: ignore[no-untyped-def]
    company = f.make_company(db)
    instructor = f.make_instructor(db, company_id=company, capacity=3)
    for _n in range(3):
        records.update(db, "agreements", f.make_agreement(db, company_id=company, instructor_id=instructor),
                       {"status": "printed"}, accept_warnings=True)
    agreement = f.make_agreement(db, company_id=company, instructor_id=instructor)
    return db, agreement, company


def test_the_load_counts_this_agreement_and_is_asked_when_it_comes_to_count(load) -> None:  # type: ignore[no-untyped-def]
    db, agreement, _company = load
    set_language("en")
    with pytest.raises(WarningsNotAccepted) as asked:
        records.update(db, "agreements", agreement, {"status": "printed"})
    said = [p.message for p in asked.value.problems if p.code == "instructor.capacity"]
    assert said == ["Counting this agreement, the instructor has 4 apprentices, more than the recommended maximum "
                    "of 3. Choose another instructor or accept the extra load."], said
    records.update(db, "agreements", agreement, {"status": "printed"}, accept_warnings=True)
    # Back to draft, or a note: not about the load; asked nothing.
    records.update(db, "agreements", agreement, {"status": "draft"})
    records.update(db, "agreements", agreement, {"notes": "Llamar a la empresa"})
    assert records.get(db, "agreements", agreement)["status"] == "draft"


def test_another_instructor_at_capacity_is_asked(load) -> None:  # type: ignore[no-untyped-def]
    db, agreement, company = load
    other = f.make_instructor(db, company_id=company, capacity=1)
    records.update(db, "agreements", f.make_agreement(db, company_id=company, instructor_id=other),
                   {"status": "printed"}, accept_warnings=True)
    fresh = f.make_agreement(db, company_id=company)
    with pytest.raises(WarningsNotAccepted) as asked:
        records.update(db, "agreements", fresh, {"instructor_id": other})
    assert any(p.code == "instructor.capacity" for p in asked.value.problems)
