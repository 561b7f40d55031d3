"""Issue 20: the command line asks the kind, not its name — the statuses ``list --status`` reads, the parties
``sign`` takes, the record a learning position's name is looked up within, where ``attach`` keeps a file."""

from __future__ import annotations

import json

from tests import factories as f
from vetdesk.services import records


def test_list_status_reads_the_kind_s_own_statuses(cli, db) -> None:  # type: ignore[no-untyped-def]
    school, company = f.make_school(db), f.make_company(db)
    collaboration = f.make_collaboration(db, school_id=school, company_id=company)
    status = records.get(db, "collaborations", collaboration)["status"]
    code, out, err = cli(db, "list", "collaborations", "--status", status, "--json")
    assert code == 0, err
    assert collaboration in [r["id"] for r in json.loads(out)]
    code, _out, err = cli(db, "list", "schools", "--status", "active")
    assert code != 0 and "--status filters records that have a status; schools have none." in err, err


def test_sign_names_the_parties_of_the_kind_signed(cli, db) -> None:  # type: ignore[no-untyped-def]
    school, company = f.make_school(db), f.make_company(db)
    collaboration = f.make_collaboration(db, school_id=school, company_id=company)
    code, _out, err = cli(db, "sign", "collaboration", str(collaboration), "apprentice=2026-01-05")
    assert code != 0
    assert "apprentice is not a party that signs a collaboration agreement; use one of: " in err, err
    assert "school" in err and "guardian" not in err
