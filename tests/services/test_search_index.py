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


def test_several_words_find_agreements_by_any_mix_of_apprentice_company_and_reference(db):
    """Each word may name the apprentice, the company or the reference; an agreement is found when every word
    names one of them (SQLite asks its indexes for the few candidates first, then checks them word by word)."""
    # CURPs and RFCs of their own: made from the session's counter, one could hold "XI" or "ZU" (a CURP's
    # consonants and homoclave) and be found by the short words below, depending on the tests run before.
    metal = f.make_company(db, name="Metalúrgica del Bajío", rfc=f.company_rfc(1))
    vidrio = f.make_company(db, name="Vidrios Zúñiga", rfc=f.company_rfc(2))
    born = f.TODAY.replace(year=f.TODAY.year - 19, month=5, day=17)
    people = {
        "ximena": f.make_apprentice(db, given_names="Ximena", first_surname="Zúñiga", second_surname="Ruiz",
                                    curp=f.curp_for(born, "H", n=1)),
        "ximena_other": f.make_apprentice(db, given_names="Ximena", first_surname="Peña", second_surname="Ruiz",
                                          curp=f.curp_for(born, "H", n=2)),
        "luis": f.make_apprentice(db, given_names="Luis", first_surname="Zúñiga", second_surname="Ortega",
                                  curp=f.curp_for(born, "H", n=3)),
    }
    ag = {
        "ximena_metal": f.make_agreement(db, apprentice_id=people["ximena"], company_id=metal),
        "other_vidrio": f.make_agreement(db, apprentice_id=people["ximena_other"], company_id=vidrio),
        "luis_metal": f.make_agreement(db, apprentice_id=people["luis"], company_id=metal),
    }
    reference = records.get(db, "agreements", ag["luis_metal"])["reference"].lower()

    def found(search: str) -> set[str]:
        query = records.ListQuery(search=search)
        ids = set(records.list_ids(db, "agreements", query))
        assert records.count_records(db, "agreements", query) == len(ids)
        return {name for name, i in ag.items() if i in ids}

    assert found("zúñiga ximena") == {"ximena_metal", "other_vidrio"}  # the apprentice; the company and the name
    assert found("ximena metalurgica") == {"ximena_metal"}  # apprentice and company
    assert found("ruiz vidrios") == {"other_vidrio"}
    assert found(f"luis {reference}") == {"luis_metal"}  # apprentice and reference
    assert found(f"{reference} metalurgica") == {"luis_metal"}  # reference and company
    assert found("zu xi") == {"ximena_metal", "other_vidrio"}  # short words: no index, the same answer
    assert found("ortega vidrios") == set()  # each word matches, but never the same agreement
    assert found("ximena luis") == set()
    assert found("50% ximena") == set()  # LIKE's wildcards are plain characters


def test_a_common_words_first_page_of_agreements_is_the_lists_own_first_page(sqlite_db):
    """A word held by many apprentices (or references) has its first page read by walking the agreements in id
    order; the page is the same as the start of the whole list, which is read through the indexes."""
    from vetdesk.services.records import COMMON_SHARE, KINDS, _walks
    from vetdesk.services.uow import reading

    db = sqlite_db
    metal = f.make_company(db, name="García Metalúrgica")
    agreements = []
    for n in range(2 * COMMON_SHARE):
        surname = "García" if n % 3 == 0 else "Núñez"  # one in three: common
        apprentice = f.make_apprentice(db, given_names=f"Persona {n}", first_surname=surname)
        agreements.append(f.make_agreement(db, apprentice_id=apprentice, company_id=metal if n == 5 else None))
    reference = records.get(db, "agreements", agreements[0])["reference"].lower()[:7]  # e.g. "ca-2026"

    def walks(query: records.ListQuery) -> bool:
        with reading(db) as session:
            return _walks(session, KINDS["agreements"], query, 5, None)

    for word in ("garcia", reference, "nunez"):
        query = records.ListQuery(search=word)
        assert walks(query)
        whole = records.list_ids(db, "agreements", query)
        assert len(whole) > 5
        assert records.list_ids(db, "agreements", query, limit=5) == whole[:5]
    garcia = records.list_ids(db, "agreements", records.ListQuery(search="garcia"))
    assert agreements[5] in garcia  # through its company, though its apprentice is a Núñez
    # A rare word, two words, another order or a filter: through the indexes, as before.
    assert not walks(records.ListQuery(search="persona 7"))
    assert not walks(records.ListQuery(search="xyz"))
    assert not walks(records.ListQuery(search="garcia", order_by="start_date"))
    assert not walks(records.ListQuery(search="garcia", status="draft"))
    with reading(db) as session:
        assert not _walks(session, KINDS["agreements"], records.ListQuery(search="garcia"), None, None)


def test_a_common_words_first_page_of_apprentices_is_the_lists_own_first_page_in_name_order(sqlite_db):
    """The apprentices list is in name order: a common word's first page is read by walking that order (the
    sort key's index) and checking each apprentice's own names, and is the start of the whole list read
    through the trigram index, accents folded ("Álvarez" before "Zúñiga")."""
    from vetdesk.services.records import COMMON_SHARE, KINDS, _walks
    from vetdesk.services.uow import reading

    db = sqlite_db
    surnames = ["Zúñiga", "Álvarez", "Núñez", "Ortega"]
    for n in range(2 * COMMON_SHARE):
        given = "García" if n % 3 == 0 else "Luis"  # one in three: common
        f.make_apprentice(db, given_names=f"{given} {n}", first_surname=surnames[n % 4])

    def walks(query: records.ListQuery) -> bool:
        with reading(db) as session:
            return _walks(session, KINDS["apprentices"], query, 5, None)

    query = records.ListQuery(search="garcia")
    assert walks(query)
    whole = records.list_ids(db, "apprentices", query)
    first = records.list_ids(db, "apprentices", query, limit=5)
    assert len(whole) > 5 and first == whole[:5]
    names = [records.get(db, "apprentices", i)["first_surname"] for i in first]
    assert names[0] == "Álvarez" and names == sorted(names, key=lambda s: s.replace("Á", "A").replace("Ú", "U"))
    assert not walks(records.ListQuery(search="xyz"))
    assert not walks(records.ListQuery(search="garcia", order_by="birth_date"))
    assert not walks(records.ListQuery(search="garcia", descending=True))
