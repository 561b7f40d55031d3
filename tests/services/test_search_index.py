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
    found = set(records.list_ids(db, "apprentices", records.ListQuery(search=term)))
    assert found == {ids[i] for i in expected}


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
