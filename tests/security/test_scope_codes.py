"""A record named by its code in FIELD=VALUE (``vetdesk add assessments position_id=RFC/Taller``) is looked up
within the signed-in user's scope, by the one lookup the commands' own arguments use
(``services.named_lists.id_named``): an instructor who types another company's RFC, another company's learning
position or another instructor's agreement reference is told exactly what a code that exists nowhere is told,
so the refusal does not reveal what the office holds outside their scope. The same holds for a number (id).
The other roles see every record, so for them the two refusals differ: the probe below is a real one."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests import factories as f
from vetdesk.services import records, users
from vetdesk.storage.models import Assessment, AuditEntry, Competency

PASSWORD = "a good password"
UNKNOWN_RFC = "ZZZ991231ZZ9"


@pytest.fixture
def world(db, monkeypatch):  # type: ignore[no-untyped-def]
    mine_co = f.make_company(db)
    other_co = f.make_company(db)
    mine_ins = f.make_instructor(db, company_id=mine_co)
    other_ins = f.make_instructor(db, company_id=other_co)
    programme = f.make_programme(db)
    with db.writer() as s:
        s.add(Competency(programme_id=programme, area="Área", code="C1", title="Medir", position=1))
        s.commit()
    start = date.today() - timedelta(days=60)
    mine = f.make_agreement(db, company_id=mine_co, instructor_id=mine_ins, programme_id=programme,
                            start_date=start, end_date=start + timedelta(days=400))
    other = f.make_agreement(db, company_id=other_co, instructor_id=other_ins, programme_id=programme,
                             start_date=start, end_date=start + timedelta(days=400))
    f.activate(db, mine)
    f.activate(db, other)
    plan = records.get(db, "rotation_plans", records.get(db, "agreements", mine)["rotation_plan_id"])
    own_position = plan["steps"][0]["position_id"]  # a position of the agreement's rotation plan
    other_position = records.create(db, "positions", {"company_id": other_co, "name": "Taller de pintura"}).id
    users.create_user(db, username="ivan", password=PASSWORD, role="instructor", instructor_id=mine_ins)
    users.create_user(db, username="olga", password=PASSWORD, role="officer")
    monkeypatch.setenv("VETDESK_PASSWORD", PASSWORD)
    return {"db": db, "mine": mine, "other": other, "own_position": own_position,
            "own_position_name": records.get(db, "positions", own_position)["name"], "other_position": other_position,
            "mine_rfc": records.get(db, "companies", mine_co)["rfc"],
            "other_rfc": records.get(db, "companies", other_co)["rfc"],
            "other_reference": records.get(db, "agreements", other)["reference"]}


def _state(db) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    with db.reader() as s:
        return s.query(AuditEntry).count(), s.query(Assessment).count()


def _add(cli, w, login: str, assignment: str, agreement: int | str | None = None) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    before = _state(w["db"])
    code, out, err = cli(w["db"], "--user", login, "add", "assessments",
                         f"agreement_id={agreement if agreement is not None else w['mine']}", "competency_id=C1",
                         "level=3", f"assessed_on={date.today().isoformat()}", assignment)
    assert "Traceback" not in out + err
    if code != 0:
        assert _state(w["db"]) == before, (assignment, err)  # a refused write writes nothing
    return code, err


def _probes(w) -> list[tuple[str, str, int | str | None]]:  # type: ignore[no-untyped-def]
    """(what is probed, the other company's or instructor's value, a value of the same form that names no
    record, the agreement the assessment is for)."""
    return [
        # another company's RFC, naming a position within it
        (f"position_id={w['other_rfc']}/Taller de pintura", f"position_id={UNKNOWN_RFC}/Taller de pintura", None),
        # another company's learning position by its number
        (f"position_id={w['other_position']}", "position_id=987654", None),
        # another instructor's agreement by its reference
        (f"agreement_id={w['other_reference']}", "agreement_id=CA-2099-999999", "x"),
    ]


def _said(err: str, *values: str) -> str:
    """The refusal with the value typed left out (each says which value it could not find)."""
    for value in sorted(values, key=len, reverse=True):
        err = err.replace(value, "<value>")
    return err


def test_an_instructor_reads_another_companys_codes_as_unknown(world, cli) -> None:  # type: ignore[no-untyped-def]
    w = world
    for known, unknown, agreement in _probes(w):
        if agreement == "x":  # the agreement itself is what is named
            code_known, err_known = _add(cli, w, "ivan", "level=3", known.split("=", 1)[1])
            code_unknown, err_unknown = _add(cli, w, "ivan", "level=3", unknown.split("=", 1)[1])
        else:
            code_known, err_known = _add(cli, w, "ivan", known)
            code_unknown, err_unknown = _add(cli, w, "ivan", unknown)
        assert code_known == code_unknown == 1, (known, err_known)
        typed = [known.split("=", 1)[1], unknown.split("=", 1)[1], w["other_rfc"], UNKNOWN_RFC,
                 str(w["other_position"]), "987654"]
        assert _said(err_known, *typed) == _said(err_unknown, *typed), (err_known, err_unknown)
    # the instructor's own company's position, named by the company's RFC, is found and written
    code, err = _add(cli, w, "ivan", f"position_id={w['mine_rfc']}/{w['own_position_name']}")
    assert code == 0, err
    with w["db"].reader() as s:
        assert s.query(Assessment).filter_by(position_id=w["own_position"]).count() == 1


def test_for_an_officer_the_same_codes_are_found(world, cli) -> None:  # type: ignore[no-untyped-def]
    """The probes reach real records: an officer, who sees every company, gets past the lookup of the other
    company's position (refused then by the rule that a position is the agreement's company's), not told that
    no company has that RFC."""
    w = world
    known, unknown, _agreement = _probes(w)[0]
    code_known, err_known = _add(cli, w, "olga", known)
    code_unknown, err_unknown = _add(cli, w, "olga", unknown)
    typed = [w["other_rfc"], UNKNOWN_RFC]
    assert code_unknown == 1 and UNKNOWN_RFC in err_unknown
    assert _said(err_known, *typed) != _said(err_unknown, *typed), err_known
