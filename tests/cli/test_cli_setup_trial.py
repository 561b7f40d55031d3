"""What a new user's trial of the office's set-up found on the command line (issue 22): the same rules and
messages as the window, every failing rule at once, words instead of codes."""

from __future__ import annotations

from datetime import timedelta

from tests import factories as f
from tests.cli.test_cli_contract import assignments, refused
from tests.services.test_training_setup import START, Office
from tests.services.test_training_setup import office as office  # noqa: F401 - the fixture
from vetdesk.services import records


def test_actual_dates_that_move_the_rotation_past_the_end_are_warned_of_and_checked(cli, office: Office) -> None:  # type: ignore[no-untyped-def]
    db = office.db
    agreement = records.create(db, "agreements", office.agreement_values()).id
    late = START + timedelta(weeks=13, days=10)
    code, out, err = cli(db, "add", "rotations", f"agreement_id={agreement}", f"position_id={office.positions[0]}",
                         f"actual_start={START}", f"actual_end={late - timedelta(days=1)}")
    assert code == 0, err
    period = out.strip()
    assert "warning: actual_end: With the actual dates recorded, the rotation runs past the agreement's end" in err
    assert "Ensamble is now due from" in err
    code, out, err = cli(db, "check")
    assert f"agreements {agreement}: warning: rotation_plan_id: With the actual dates recorded" in out
    code, out, err = cli(db, "settings", "plan_term_rule=error")
    assert code == 0, err
    code, out, err = cli(db, "set", "rotations", period, f"actual_end={late}")
    assert code == 1 and "error: actual_end: With the actual dates recorded" in err and "Nothing was written." in err


def test_every_failing_set_up_rule_is_said_at_once(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    office = Office(db, tmp_path, collaboration=False)
    other = f.make_programme(db, code="LOG", name="Logística")
    assert cli(db, "settings", "collaboration_rule=error")[0] == 0
    values = office.agreement_values(programme_id=other)
    err = refused(cli, db, "add", "agreements", *assignments(values))
    assert "error: rotation_plan_id: The rotation plan belongs to another company or programme" in err
    assert "error: school_id: There is no active collaboration agreement between the school and the company" in err


def test_renaming_a_plan_that_misses_a_competency_passes_under_a_strict_office(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    office = Office(db, tmp_path)
    short = records.create(db, "rotation_plans", {
        "company_id": office.company, "programme_id": office.programme, "name": "Plan corto",
        "steps": [{"position_id": p, "weeks": 13} for p in office.positions[:3]]}, accept_warnings=True).id
    assert cli(db, "settings", "plan_coverage_rule=error")[0] == 0
    code, out, err = cli(db, "set", "rotation_plans", str(short), "name=Plan corto 2026")
    assert code == 0 and err == "", err
    assert records.get(db, "rotation_plans", short)["name"] == "Plan corto 2026"
    err = refused(cli, db, "set", "rotation_plans", str(short), f"steps={office.positions[0]}:40")
    assert "error: steps: The plan's learning positions do not teach 9 competencies" in err
