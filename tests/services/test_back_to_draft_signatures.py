"""A printed agreement put back to draft loses the signatures recorded on its copies (a trial recorded two
signatures, put the agreement back to draft — "the copies out for signature no longer count" — marked it printed
again, and the form said "2 of 5 signed" with the old dates)."""

from __future__ import annotations

from tests import factories as f
from vetdesk.services import records


def test_back_to_draft_clears_the_signatures_of_the_void_copies(db) -> None:  # type: ignore[no-untyped-def]
    agreement = f.make_agreement(db)
    records.update(db, "agreements", agreement, {"status": "printed"}, accept_warnings=True)
    on = records.get(db, "agreements", agreement)["printed_on"]
    records.update(db, "agreements", agreement, {"company_signed_on": on, "apprentice_signed_on": on},
                   accept_warnings=True)
    records.update(db, "agreements", agreement, {"status": "draft"}, accept_warnings=True)
    back = records.get(db, "agreements", agreement)
    assert back["company_signed_on"] is None and back["apprentice_signed_on"] is None and back["printed_on"] is None
    records.update(db, "agreements", agreement, {"status": "printed"}, accept_warnings=True)
    again = records.get(db, "agreements", agreement)
    assert again["company_signed_on"] is None and again["apprentice_signed_on"] is None


def test_a_collaboration_back_to_draft_clears_its_signatures(db) -> None:  # type: ignore[no-untyped-def]
    school, company = f.make_school(db), f.make_company(db)
    collaboration = f.make_collaboration(db, school_id=school, company_id=company, active=False)
    records.update(db, "collaborations", collaboration, {"status": "printed"}, accept_warnings=True)
    on = records.get(db, "collaborations", collaboration)["printed_on"]
    records.update(db, "collaborations", collaboration, {"school_signed_on": on}, accept_warnings=True)
    records.update(db, "collaborations", collaboration, {"status": "draft"}, accept_warnings=True)
    assert records.get(db, "collaborations", collaboration)["school_signed_on"] is None
