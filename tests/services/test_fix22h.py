"""What a new user's trial of issue 22 found in the rules (branch fix22h): ``vetdesk check`` applies the
collaboration rule a learning agreement's save applies; the audit entry of a status change does not depend on the
language the status was typed in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests import factories as f
from tests.services.test_training_setup import START, TODAY, Office
from vetdesk import i18n
from vetdesk.services import records
from vetdesk.services.checks import check_database
from vetdesk.services.settings import save_office_settings
from vetdesk.storage.models import AuditEntry


def _collaboration_findings(db, agreement: int) -> list:  # type: ignore[no-untyped-def,type-arg]
    return [x.problem for x in check_database(db) if x.kind == "agreements" and x.record_id == agreement
            and x.problem.code.startswith("agreement.collaboration")]


def test_check_reports_an_agreement_printed_without_a_collaboration_agreement(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    office = Office(db, tmp_path, collaboration=False)  # a draft collaboration agreement only
    save_office_settings(db, {"collaboration_rule": "off"})  # recorded while the office did not check it
    agreement = records.create(db, "agreements", office.agreement_values()).id
    records.update(db, "agreements", agreement, {"status": "printed"}, accept_warnings=True)
    assert _collaboration_findings(db, agreement) == []  # the office does not check the rule
    save_office_settings(db, {"collaboration_rule": "warning"})
    found = _collaboration_findings(db, agreement)
    assert [p.code for p in found] == ["agreement.collaboration"] and not found[0].is_error
    assert "between CONALEP Querétaro II and Frenos del Bajío is draft, not yet in force" in found[0].message
    save_office_settings(db, {"collaboration_rule": "error"})
    assert [p.is_error for p in _collaboration_findings(db, agreement)] == [True]
    i18n.set_language("es")
    try:
        assert "está en estado borrador, aún no vigente" in _collaboration_findings(db, agreement)[0].message
    finally:
        i18n.set_language("en")


def test_check_after_ending_the_collaboration_lists_the_agreements_left_without_one(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    office = Office(db, tmp_path)
    agreement = records.create(db, "agreements", office.agreement_values()).id
    f.activate(db, agreement)
    assert _collaboration_findings(db, agreement) == []  # covered from start to end
    records.update(db, "collaborations", office.collaboration, {"status": "ended"}, accept_warnings=True)
    found = _collaboration_findings(db, agreement)
    assert [p.code for p in found] == ["agreement.collaboration"]
    assert f"was ended on {TODAY.strftime('%d/%m/%Y')}" in found[0].message or "was ended on" in found[0].message
    assert "Record a new collaboration agreement between them from" in found[0].message
    assert START.strftime("%d/%m/%Y") not in found[0].message or "while this learning agreement runs" in \
        found[0].message


def _audited(db, kind: str, record_id: int) -> list[tuple[str, str, object]]:  # type: ignore[no-untyped-def]
    from vetdesk.services.uow import reading

    with reading(db) as session:
        return [(e.operation, e.action, e.changes) for e in session.scalars(
            select(AuditEntry).where(AuditEntry.kind == kind, AuditEntry.record_id == record_id)
            .order_by(AuditEntry.id))]


def test_the_same_status_change_typed_in_spanish_or_english_is_audited_alike(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    office = Office(db, tmp_path, collaboration=False)
    other_school = f.make_school(db, name="CBTIS 118")
    steps = [{"status": "printed"},
             {"status": "signed", "school_signed_on": START - timedelta(days=40),
              "company_signed_on": START - timedelta(days=40), "chamber_signed_on": START - timedelta(days=40)}]
    trails = []
    second = f.make_collaboration(db, school_id=other_school, company_id=office.company, active=False,
                                  start_date=START - timedelta(days=30))
    for cc, active_word in ((office.collaboration, "vigente"), (second, "ACTIVE ")):
        records.update(db, "collaborations", cc, {"status": "printed", "printed_on": START - timedelta(days=45)},
                       accept_warnings=True)
        records.update(db, "collaborations", cc, steps[1], accept_warnings=True)
        records.update(db, "collaborations", cc, {"status": active_word}, accept_warnings=True)
        assert records.get(db, "collaborations", cc)["status"] == "active"
        trails.append([(op, action, sorted(changes)) for op, action, changes in _audited(db, "collaborations", cc)
                       if action != "create"])
    assert trails[0] == trails[1]
    assert trails[0][-1][0] == "Bring collaboration agreement into force"


def test_leaving_a_position_early_keeps_the_plan_and_warns_of_the_gap_at_the_end(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Issue 22's trial: leaving Almacén after 5 of its 13 weeks moved the later positions' planned dates earlier
    (Almacén 24/09–23/12 and Taller 29/10–27/01 overlapped) and the plan ended 8 weeks before the agreement,
    unsaid. The planned dates are the signed annex's; the expected ones move; the gap is warned on save and in
    ``vetdesk check``, with what to do."""
    from vetdesk.domain import training as T
    from vetdesk.domain.problems import WarningsNotAccepted
    from vetdesk.services import training

    office = Office(db, tmp_path)
    agreement = records.create(db, "agreements", office.agreement_values()).id
    f.activate(db, agreement)
    left = START + timedelta(days=34)  # 5 weeks at Almacén, both ends counted, of the 13 planned
    with pytest.raises(WarningsNotAccepted) as warned:
        records.create(db, "rotations", {"agreement_id": agreement, "position_id": office.positions[0],
                                         "actual_start": START, "actual_end": left})
    gap = [p for p in warned.value.problems if p.code == "rotation.short_of_end"]
    assert len(gap) == 1 and "8 weeks before the plan" in gap[0].message, warned.value.problems
    assert "Lengthen the time at a position still to come" in gap[0].message
    assert records.count_records(db, "rotations") == 0  # not confirmed: nothing written
    records.create(db, "rotations", {"agreement_id": agreement, "position_id": office.positions[0],
                                     "actual_start": START, "actual_end": left}, accept_warnings=True)
    rows = [line.row for line in training.agreement_rotation(db, agreement)]
    windows = [(r.planned_start, r.planned_end) for r in rows]
    assert windows[1][0] == START + timedelta(weeks=13)  # as signed
    assert all(a[1] < b[0] for a, b in zip(windows, windows[1:], strict=False))  # never overlapping
    assert T.expected_start(rows[1]) == left + timedelta(days=1)  # expected the day after Almacén was left
    found = [x.problem for x in check_database(db) if x.problem.code == "rotation.short_of_end"]
    assert [(p.field, p.is_error) for p in found] == [("rotation_plan_id", False)]
    assert training.rotation_notices(db, agreement) == [found[0].message]
