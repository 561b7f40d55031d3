"""Search through the trigram index (SQLite FTS5 / PostgreSQL pg_trgm) finds the same as a plain scan."""

from __future__ import annotations

import pytest

from tests import factories as f
from vetdesk.services import records


@pytest.fixture
def people(db):  # type: ignore[no-untyped-def]
    names = [("José Ángel", "García", "Núñez"), ("María", "Peña", "Ibarra"), ("Ana", "O'Connor", None),
             ("Luis", "Gómez", "García"), ("Iñaki", "Zúñiga", "Ruiz")]
    ids = [f.make_apprentice(db, given_names=g, first_surname=a, second_surname=b) for g, a, b in names]
    return db, ids


@pytest.mark.parametrize(("term", "expected"), [
    ("garcia", {0, 3}), ("GARCÍA", {0, 3}), ("nunez", {0}), ("zuñiga", {4}), ("zú", {4}),  # short: LIKE
    ("o'connor", {2}), ('"garcia', {0, 3}), ("jose garcia", {0}), ("luis garcia", {3}), ("xyz", set()),
    ("a%", set()), ("i_", set()),
])
def test_search_terms(people, term, expected):
    db, ids = people
    query = records.ListQuery(search=term)
    found = set(records.list_ids(db, "apprentices", query))
    assert found == {ids[i] for i in expected}
    # the count (read from the trigram index alone where it can be) agrees with the list
    assert records.count_records(db, "apprentices", query) == len(found)


def test_counts_with_filters_and_scopes_agree_with_the_lists(people):
    db, ids = people
    other_school = f.make_school(db, name="CONALEP Puebla")
    records.update(db, "apprentices", ids[3], {"school_id": other_school})
    for query in (records.ListQuery(search="garcia", school_id=other_school),
                  records.ListQuery(search="garcia luis"), records.ListQuery(search="ga rcia"),
                  records.ListQuery(search="garcia", status="active")):  # status does not apply to apprentices
        assert records.count_records(db, "apprentices", query) == len(records.list_ids(db, "apprentices", query))
    assert records.count_records(db, "apprentices", records.ListQuery(search="garcia", school_id=other_school)) == 1
    assert records.count_records(db, "apprentices", records.ListQuery(search="garcia", status="active")) == 2


def test_index_follows_changes(people):
    db, ids = people
    records.update(db, "apprentices", ids[1], {"first_surname": "Garcilaso"})
    assert ids[1] in records.list_ids(db, "apprentices", records.ListQuery(search="garcilaso"))
    assert ids[1] not in records.list_ids(db, "apprentices", records.ListQuery(search="peña"))


def test_agreements_found_by_apprentice_or_company(db):
    company = f.make_company(db, name="Metalúrgica del Bajío")
    ag = f.make_agreement(db, company_id=company)
    assert records.list_ids(db, "agreements", records.ListQuery(search="metalurgica")) == [ag]
    assert records.list_ids(db, "agreements", records.ListQuery(search="garcia")) == [ag]
    reference = records.get(db, "agreements", ag)["reference"]
    assert records.list_ids(db, "agreements", records.ListQuery(search=reference.lower())) == [ag]
