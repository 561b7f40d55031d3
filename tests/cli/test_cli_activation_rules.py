"""Issue 23 (trial 23d): a minor's agreement came into force with no STPS work permit (blanked after it was
recorded) and with an activation date in the future ("vigente, en vigor desde 14/03/2027" on 04/12/2026).
Activating a minor's agreement without the permit is refused, quoting what the agreement itself says; a date
an agreement came into force, was completed or terminated may not lie in the future. Nothing is written."""

from __future__ import annotations

from datetime import date, timedelta

from tests import factories as f
from tests.cli.test_cli_contract import refused
from vetdesk.services import records

TODAY = date.today()


def _signed_minor(db, *, permit: bool) -> int:  # type: ignore[no-untyped-def]
    app = f.make_apprentice(db, birth_date=f.minor_birth_date(16))
    ag = f.make_agreement(db, apprentice_id=app, start_date=TODAY - timedelta(days=10),
                         end_date=TODAY + timedelta(days=355))
    if not permit:  # as the trial did: the permit blanked before printing (printing only warns)
        records.update(db, "agreements", ag, {"stps_permit_number": None, "stps_permit_date": None},
                       accept_warnings=True)
    records.update(db, "agreements", ag, {"status": "printed"}, accept_warnings=True)
    records.update(db, "agreements", ag, {"status": "signed"} | f.signature_values(db, ag), accept_warnings=True)
    return ag


def test_a_minor_s_agreement_without_the_stps_permit_is_not_activated(cli, db) -> None:  # type: ignore[no-untyped-def]
    ag = _signed_minor(db, permit=False)
    err = refused(cli, db, "set", "agreements", str(ag), "status=active")
    assert "error: STPS permit number:" in err, err
    assert err.count("STPS permit number:") == 1, err  # the refusal, not a warning too
    assert "“the training at the company may start only once it is issued”" in err, err
    assert "Record the permit's number and date when it is issued, then activate the agreement." in err, err
    assert records.get(db, "agreements", ag)["status"] == "signed"
    # Recorded, it comes into force.
    code, out, err = cli(db, "set", "agreements", str(ag), "stps_permit_number=STPS/DF/2026/00042",
                         f"stps_permit_date={(TODAY - timedelta(days=20)).isoformat()}")
    assert code == 0, err
    code, out, err = cli(db, "set", "agreements", str(ag), "status=active")
    assert code == 0 and records.get(db, "agreements", ag)["status"] == "active", err


def test_an_adult_s_agreement_needs_no_permit(cli, db) -> None:  # type: ignore[no-untyped-def]
    ag = f.make_agreement(db, stps_permit_number=None, start_date=TODAY)  # in force from the day it starts
    records.update(db, "agreements", ag, {"status": "printed"}, accept_warnings=True)
    records.update(db, "agreements", ag, {"status": "signed"} | f.signature_values(db, ag), accept_warnings=True)
    code, out, err = cli(db, "set", "agreements", str(ag), "status=active")
    assert code == 0 and records.get(db, "agreements", ag)["status"] == "active", err


def test_a_step_s_date_in_the_future_is_refused(cli, db) -> None:  # type: ignore[no-untyped-def]
    ag = _signed_minor(db, permit=True)
    later = TODAY + timedelta(days=100)
    err = refused(cli, db, "set", "agreements", str(ag), "status=active", f"activated_on={later.isoformat()}")
    assert "error: In force since:" in err, err
    assert "lies in the future; activate the agreement on the day training starts." in err, err
    assert records.get(db, "agreements", ag)["activated_on"] is None
    code, out, err = cli(db, "set", "agreements", str(ag), "status=active", f"activated_on={TODAY.isoformat()}")
    assert code == 0, err
    # Corrected later to a future day: refused too.
    err = refused(cli, db, "set", "agreements", str(ag), f"activated_on={later.isoformat()}")
    assert "activate the agreement on the day training starts" in err, err
    # Completed or terminated on a day to come: refused.
    err = refused(cli, db, "set", "agreements", str(ag), "status=completed", f"completed_on={later.isoformat()}")
    assert "error: Completed on:" in err and "mark the agreement completed on the day the training is over" in err, err
    err = refused(cli, db, "set", "agreements", str(ag), "status=terminated", "termination_reason=Cambio de carrera",
                  f"terminated_on={later.isoformat()}")
    assert "error: Terminated on:" in err and "terminate the agreement on the day it ends" in err, err
    assert records.get(db, "agreements", ag)["status"] == "active"
