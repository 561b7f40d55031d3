"""The office text's save check never depends on the office's data: vetdesk's built-in sample documents give the
text every name a real document gives it (compared here with real agreements, a minor's and an adult's), and a
text using any other name is refused, with its line, in every language, with or without a real sample."""

from __future__ import annotations

from typing import Any

import pytest

from tests.reports.conftest import make_world
from vetdesk.domain.problems import RuleViolation
from vetdesk.reports.preview import clause_context
from vetdesk.services import clauses
from vetdesk.services.office import Office
from vetdesk.storage.engine import Database


def _shape(value: Any) -> Any:
    """The names a template can reach in a value (a mapping's keys, recursively), not the values themselves."""
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    return "leaf"


@pytest.mark.parametrize("minor", [True, False])
def test_the_built_in_samples_give_every_name_a_real_document_gives(sqlite_db: Database, minor: bool) -> None:
    w = make_world(sqlite_db, minor=minor, positions=1, rated=False, status="draft")
    office = Office.of(sqlite_db)
    from tests import factories as f
    from vetdesk.services import records

    records.create(sqlite_db, "tutors", {"school_id": w.school_id, "name": "Mtra. Laura Campos", "role": "director"})
    collaboration = f.make_collaboration(sqlite_db, school_id=w.school_id, company_id=w.company_id,
                                         active=False)
    for document in clauses.DOCUMENTS:
        for language in clauses.LANGUAGES:
            record = collaboration if document == "collaboration" else w.agreement_id
            real = _shape(clause_context(office, document, record, language))
            for sample in clauses.samples(document, language):
                shaped = _shape(sample)
                if document == "agreement" and sample["school"] is None:
                    shaped["school"] = real["school"]  # the variant without a school (None), checked on its own
                assert shaped == real, (document, language)
            # the shipped text renders with each of them
            for sample in clauses.samples(document, language):
                if document in ("agreement", "collaboration"):
                    assert clauses.render(clauses.shipped(document, language), sample)
                else:
                    assert clauses.mail_parts(clauses.shipped(document, language), sample)[0]


@pytest.mark.parametrize("language", clauses.LANGUAGES)
def test_a_name_no_document_gives_is_refused_without_a_real_sample(sqlite_db: Database, language: str) -> None:
    body = clauses.shipped("agreement", language) + "\n{% if minor %}{{ apprentice_nickname }}{% endif %}\n"
    line = len(body.split("\n")) - 1
    with pytest.raises(RuleViolation) as refused:
        clauses.save(sqlite_db, "agreement", language, body)  # no sample: the built-in ones are used
    assert str(line) in refused.value.problems[0].message and "apprentice_nickname" in refused.value.problems[0].message
    with pytest.raises(RuleViolation):
        clauses.save(sqlite_db, "mail", language, clauses.shipped("mail", language) + "{{ recipient_nickname }}\n")
    assert clauses.versions(sqlite_db, "agreement", language)[0].version == 0  # nothing written
    assert clauses.versions(sqlite_db, "mail", language)[0].version == 0
    saved = clauses.save(sqlite_db, "agreement", language,
                         clauses.shipped("agreement", language) + "\n{{ company.representative }}\n")
    assert saved.version == 1
