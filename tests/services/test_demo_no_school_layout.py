"""Issue 23 (trial 23d): demo agreements printed without a school (demo 6, 12) had no print history, so signing
and ``vetdesk check`` judged them as their programme's Mexican agreement, which needs a school ("sign 6" was
refused on demo data). An agreement no school is party to goes out as the AHK contract: its history says so,
``vetdesk check`` judges it in that layout (as signing does), and it is signed."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from vetdesk.services import records
from vetdesk.services.agreement_sheet import printed_layout
from vetdesk.services.checks import check_database
from vetdesk.services.demo import fill_demo
from vetdesk.services.uow import reading
from vetdesk.storage.models import LearningAgreement
from vetdesk.storage.plain import SessionReads


def test_demo_agreements_without_a_school_went_out_as_the_ahk_contract(db, cli) -> None:  # type: ignore[no-untyped-def]
    fill_demo(db, apprentices=120, seed=1)
    with reading(db) as session:
        found = [(a.id, a.status, a.programme.templates, printed_layout(SessionReads(session), a.id))
                 for a in session.scalars(select(LearningAgreement).where(LearningAgreement.school_id.is_(None),
                                                                          LearningAgreement.status != "draft"))]
    assert found, "the demo has agreements without a school that went out for signature"
    assert all(layout == "bbig" for _id, _status, templates, layout in found if templates != "bbig"), found
    unsigned = [i for i, status, templates, _layout in found if status == "printed"]
    refused = {f.record_id for f in check_database(db)
               if f.problem.code == "contract.school" and f.kind == "agreements"}
    assert not refused & {i for i, *_rest in found}, refused
    assert unsigned  # the trial's "sign 6"
    if unsigned:
        today = date.today().isoformat()
        code, out, err = cli(db, "sign", str(unsigned[0]), *(f"{p}={today}" for p in (
            "company", "apprentice", "guardian", "chamber")))
        assert code == 0, err
        assert records.get(db, "agreements", unsigned[0])["status"] == "signed"
