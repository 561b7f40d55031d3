"""Recording assessments, the position grid, feedback, the timeline and the progress flags, on both backends."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, func, select

from tests.progress.conftest import TODAY, Placement, add_period, make_placement
from vetdesk import i18n
from vetdesk.domain.problems import RuleViolation
from vetdesk.services import assessments, progress
from vetdesk.services.settings import save_office_settings
from vetdesk.storage.models import Assessment, AuditEntry


def _count(db, model=Assessment) -> int:  # type: ignore[no-untyped-def]
    with db.reader() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_record_assessment_resolves_the_code_and_counts_in_progress(placement: Placement):
    db = placement.db
    out = assessments.record_assessment(db, agreement_id=placement.agreement_id, competency_code="man-1",
                                        level=3, role="tutor", on=TODAY - timedelta(days=3), evidence="product",
                                        comment="Buen trabajo")
    assert out.record["competency_id"] == placement.codes["MAN-1"]
    assert out.record["rater_role"] == "tutor" and out.record["evidence_kind"] == "product"
    assessments.recognise_prior_learning(db, agreement_id=placement.agreement_id, competency_code="CAL-1",
                                         on=TODAY - timedelta(days=2), evidence="Certificado CONOCER EC0217.01")
    result = progress.apprentice_progress(db, placement.apprentice_id)
    assert (result.progress.overall.reached, result.progress.overall.total) == (2, 5)
    areas = {a.area: (a.share.reached, a.share.total) for a in result.progress.areas}
    assert areas == {"Mantenimiento": (1, 3), "Calidad": (1, 2)}
    assert result.last_assessed == TODAY - timedelta(days=2)


def test_recognition_needs_evidence(placement: Placement):
    with pytest.raises(RuleViolation) as caught:
        assessments.recognise_prior_learning(placement.db, agreement_id=placement.agreement_id,
                                             competency_code="CAL-1", on=TODAY, evidence=" ")
    assert caught.value.problems[0].field == "evidence"
    assert _count(placement.db) == 0


def test_unknown_evidence_kind_is_refused_naming_the_field(placement: Placement):
    with pytest.raises(RuleViolation) as caught:
        assessments.record_assessment(placement.db, agreement_id=placement.agreement_id, competency_code="MAN-1",
                                      level=3, evidence="photo")
    assert caught.value.problems[0].field == "evidence_kind"


def test_rate_position_writes_the_whole_grid_in_one_unit_of_work(placement: Placement):
    db = placement.db
    grid = assessments.position_grid(db, agreement_id=placement.agreement_id, position_id=placement.positions[0])
    assert [row.code for row in grid.rows] == ["MAN-1", "MAN-2", "MAN-3"]
    ratings = {grid.rows[0].competency_id: 3, grid.rows[1].competency_id: 4, grid.rows[2].competency_id: None}
    ids = assessments.rate_position(db, agreement_id=placement.agreement_id, position_id=placement.positions[0],
                                    ratings=ratings, on=TODAY, rater="Ing. Herrera")
    assert len(ids) == 2 and _count(db) == 2
    with db.reader() as session:
        audited = session.scalars(select(AuditEntry.operation).where(AuditEntry.kind == "assessments")).all()
    assert audited == ["Rate a learning position"] * 2
    again = assessments.position_grid(db, agreement_id=placement.agreement_id, position_id=placement.positions[0])
    assert [row.latest_level for row in again.rows] == [3, 4, None]


def test_rate_position_refuses_everything_when_one_level_is_off_the_scale(placement: Placement):
    db = placement.db
    man1, man2 = placement.codes["MAN-1"], placement.codes["MAN-2"]
    with pytest.raises(RuleViolation) as caught:
        assessments.rate_position(db, agreement_id=placement.agreement_id, position_id=placement.positions[0],
                                  ratings={man1: 3, man2: 7}, on=TODAY)
    problems = caught.value.problems
    assert [p.field for p in problems] == ["level"] and problems[0].message.startswith("MAN-2:")
    assert _count(db) == 0


def test_rate_position_refuses_a_position_of_another_plan(db):
    first = make_placement(db)
    other = make_placement(db, programme_id=first.programme_id, codes=first.codes, surname="López")
    with pytest.raises(RuleViolation) as caught:
        assessments.rate_position(db, agreement_id=first.agreement_id, position_id=other.positions[0],
                                  ratings={first.codes["MAN-1"]: 3}, on=TODAY)
    assert caught.value.problems[0].field == "position_id"
    assert _count(db) == 0


def test_rate_position_on_an_inactive_agreement_says_so_once(db):
    draft = make_placement(db, active=False)
    with pytest.raises(RuleViolation) as caught:
        assessments.rate_position(db, agreement_id=draft.agreement_id, position_id=draft.positions[0],
                                  ratings={draft.codes["MAN-1"]: 3, draft.codes["MAN-2"]: 3}, on=TODAY)
    assert [p.code for p in caught.value.problems] == ["assessment.inactive"]
    # The status in words and the agreement by its reference, not "Agreement 12 is draft" (issue 25's trial:
    # 'El convenio 129 está en estado “terminated”').
    i18n.set_language("es_MX")  # the suite's fixture sets English back
    with pytest.raises(RuleViolation) as caught:
        assessments.rate_position(db, agreement_id=draft.agreement_id, position_id=draft.positions[0],
                                  ratings={draft.codes["MAN-1"]: 3}, on=TODAY)
    message = caught.value.problems[0].message
    assert "“borrador”" in message and "“draft”" not in message and "CA-" in message, message


def test_feedback_is_kept_apart_and_shows_on_the_timeline(placement: Placement):
    db = placement.db
    assessments.record_assessment(db, agreement_id=placement.agreement_id, competency_code="MAN-2", level=2,
                                  on=TODAY - timedelta(days=10))
    note = assessments.add_feedback(db, agreement_id=placement.agreement_id, text="Revisa el torque",
                                    on=TODAY - timedelta(days=5), author="Ing. Herrera")
    assert _count(db) == 1  # the note is not an assessment
    assert [n.id for n in assessments.list_feedback(db, placement.agreement_id)] == [note]
    entries = assessments.timeline(db, placement.apprentice_id)
    assert [e.kind for e in entries] == ["assessment", "feedback"]
    assert "developing" in entries[0].summary and entries[1].summary == "Revisa el torque"
    with pytest.raises(RuleViolation) as caught:
        assessments.add_feedback(db, agreement_id=placement.agreement_id, text="x", on=TODAY + timedelta(days=1))
    assert caught.value.problems[0].field == "written_on"


def _codes(findings) -> set[str]:  # type: ignore[no-untyped-def]
    return {p.code for _kind, _id, p in findings}


def test_no_assessment_flag_follows_the_office_setting(placement: Placement):
    db = placement.db
    assessments.record_assessment(db, agreement_id=placement.agreement_id, competency_code="MAN-1", level=3,
                                  on=TODAY - timedelta(days=30))
    assert "progress.no_assessment" not in _codes(progress.progress_findings(db, TODAY))  # 6 weeks by default
    save_office_settings(db, {"weeks_without_assessment": 4})
    findings = progress.progress_findings(db, TODAY)
    assert ("agreements", placement.agreement_id) in {(k, i) for k, i, p in findings
                                                      if p.code == "progress.no_assessment"}


def test_overrun_flag_from_actual_position_periods(placement: Placement):
    db = placement.db
    workshop, lab = placement.positions  # planned 8 and 10 weeks
    # Left the workshop the day before starting at the lab: an apprentice is at one position at a time.
    add_period(db, placement.agreement_id, workshop, placement.start, TODAY - timedelta(weeks=12, days=2))
    assert "progress.overrun" not in _codes(progress.progress_findings(db, TODAY))
    add_period(db, placement.agreement_id, lab, TODAY - timedelta(weeks=12, days=1), None)  # ongoing
    findings = [p for _k, _i, p in progress.progress_findings(db, TODAY) if p.code == "progress.overrun"]
    assert len(findings) == 1 and "Laboratorio de calidad" in findings[0].message
    result = progress.apprentice_progress(db, placement.apprentice_id)
    rotation = result.as_dict()["rotation"]
    assert rotation["planned_weeks_so_far"] == 18
    assert rotation["actual_weeks_so_far"] == pytest.approx((35 + 86) / 7, abs=0.11)  # first and last days counted


def test_falling_flag_from_recorded_ratings(placement: Placement):
    db = placement.db
    for days, level in ((20, 4), (10, 3)):
        assessments.record_assessment(db, agreement_id=placement.agreement_id, competency_code="CAL-2",
                                      level=level, on=TODAY - timedelta(days=days))
    falling = [p for _k, _i, p in progress.progress_findings(db, TODAY) if p.code == "progress.falling"]
    assert len(falling) == 1 and "CAL-2" in falling[0].message
    assessments.record_assessment(db, agreement_id=placement.agreement_id, competency_code="CAL-2", level=4,
                                  on=TODAY - timedelta(days=1))
    assert "progress.falling" not in _codes(progress.progress_findings(db, TODAY))


def test_ending_behind_flag_for_an_agreement_close_to_its_end(db):
    ending = make_placement(db, start=TODAY - timedelta(days=300), end=TODAY + timedelta(days=45))
    assessments.record_assessment(db, agreement_id=ending.agreement_id, competency_code="MAN-1", level=4,
                                  on=TODAY - timedelta(days=2))
    flags = {p.code for _k, i, p in progress.progress_findings(db, TODAY) if i == ending.agreement_id}
    assert "progress.ending_behind" in flags
    for code in ("MAN-2", "MAN-3", "CAL-1"):
        assessments.record_assessment(db, agreement_id=ending.agreement_id, competency_code=code, level=3,
                                      on=TODAY - timedelta(days=1))
    flags = {p.code for _k, i, p in progress.progress_findings(db, TODAY) if i == ending.agreement_id}
    assert "progress.ending_behind" not in flags  # 4 of 5 = 80 %


def test_flags_only_for_active_agreements(db):
    draft = make_placement(db, active=False)
    assert all(i != draft.agreement_id for _k, i, _p in progress.progress_findings(db, TODAY))


def test_progress_takes_a_constant_number_of_queries_however_many_agreements(db):
    first = make_placement(db)
    placements = [first] + [make_placement(db, programme_id=first.programme_id, codes=first.codes,
                                           surname=f"Apellido{i}") for i in range(5)]
    for p in placements:
        assessments.record_assessment(db, agreement_id=p.agreement_id, competency_code="MAN-1", level=3,
                                      on=TODAY - timedelta(days=1))
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        with db.reader() as session:
            session.execute(select(1))  # the connection's own setup is not the service's
            statements.clear()
            progress.gather(session, [placements[0].agreement_id], today=TODAY)
            one = len(statements)
            statements.clear()
            found = progress.gather(session, [p.agreement_id for p in placements], today=TODAY)
            many = len(statements)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert many == one
    assert all(found[p.agreement_id].progress.overall.reached == 1 for p in placements)


def test_a_competency_code_of_another_programme_is_refused(placement: Placement):
    with pytest.raises(RuleViolation) as caught:
        assessments.record_assessment(placement.db, agreement_id=placement.agreement_id,
                                      competency_code="XYZ-9", level=3)
    assert caught.value.problems[0].field == "competency_code"
    assert "MAN-1" in caught.value.problems[0].message


def test_progress_of_an_apprentice_without_agreement_is_refused(db):
    from tests import factories as f

    apprentice = f.make_apprentice(db)
    with pytest.raises(RuleViolation) as caught:
        progress.apprentice_progress(db, apprentice)
    assert caught.value.problems[0].code == "progress.no_agreement"


def test_points_scale_placement(db):
    ihk = make_placement(db, scale="ihk100")
    for code, points in (("MAN-1", 49), ("MAN-2", 50), ("CAL-1", 92)):
        assessments.record_assessment(db, agreement_id=ihk.agreement_id, competency_code=code, level=points,
                                      on=TODAY - timedelta(days=1))
    data = progress.apprentice_progress(db, ihk.apprentice_id).as_dict()
    assert data["overall"]["reached"] == 2
    assert data["scale"]["reached"] == {"kind": "points", "reached_from": 50, "min": 0, "max": 100}



def test_a_paper_form_reference_leads_to_its_grid(placement: Placement):
    db = placement.db
    from vetdesk.services import records

    reference = records.get(db, "agreements", placement.agreement_id)["reference"]
    position = placement.positions[1]
    expected = (placement.agreement_id, position)
    assert assessments.find_form(db, f"vetdesk:form:{reference}:{position}") == expected
    assert assessments.find_form(db, f" {reference.lower()} {position} ") == expected
    for wrong in (f"{reference}", f"{reference} 999999", f"CA-1999-000001 {position}"):
        with pytest.raises(RuleViolation) as caught:
            assessments.find_form(db, wrong)
        assert caught.value.problems[0].field == "reference"


def test_no_assessment_flag_agrees_with_the_dashboard(db):
    from vetdesk.services.dashboard import dashboard

    window_start = TODAY - timedelta(weeks=6)
    cases = {  # apprentice surname -> last assessment date (None: never)
        "Antes": window_start - timedelta(days=1),
        "Justo": window_start,
        "Nunca": None,
    }
    first = make_placement(db, start=TODAY - timedelta(days=200), surname="Primera")
    placements = {"Primera": first}
    for surname, last in cases.items():
        p = make_placement(db, programme_id=first.programme_id, codes=first.codes,
                           start=TODAY - timedelta(days=200), surname=surname)
        placements[surname] = p
        if last is not None:
            assessments.record_assessment(db, agreement_id=p.agreement_id, competency_code="MAN-1", level=3,
                                          on=last)
    assessments.record_assessment(db, agreement_id=first.agreement_id, competency_code="MAN-1", level=3,
                                  on=TODAY)
    flagged = {i for _k, i, p in progress.progress_findings(db, TODAY) if p.code == "progress.no_assessment"}
    by_agreement = {p.agreement_id: p.apprentice_id for p in placements.values()}
    mine = {by_agreement[i] for i in flagged}
    board = next(item for item in dashboard(db, TODAY).items if item.key == "no_assessment")
    assert mine == set(board.filters["ids"])
    assert mine == {placements["Antes"].apprentice_id, placements["Nunca"].apprentice_id}
