"""A new user's trial: ``vetdesk print batch progress --company 2`` wrote "2 documentos escritos" and said nothing
of the company's terminated and completed agreements it left out (active is the default status)."""

from __future__ import annotations

from pathlib import Path

from tests import factories as f
from vetdesk.services import records


def test_a_batch_of_progress_reports_says_the_ended_agreements_it_left_out(sqlite_db, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = sqlite_db
    company = f.make_company(db)
    active, terminated, other = (f.make_agreement(db, company_id=company) for _ in range(3))
    for agreement in (active, terminated, other):
        f.activate(db, agreement)
    records.update(db, "agreements", terminated, {"status": "terminated", "termination_reason": "cambio de ciudad"},
                   accept_warnings=True)
    records.update(db, "agreements", other, {"status": "terminated", "termination_reason": "cambio de ciudad"},
                   accept_warnings=True)
    f.activate(db, f.make_agreement(db))  # another company's: not left out of this batch, not counted
    code, _out, err = cli(db, "--lang", "es", "print", "batch", "progress", "--company", str(company),
                          "-o", str(tmp_path / "lote"), "--processes", "1")
    assert code == 0, err
    assert "1 documento escrito" in err, err
    assert ("Se omitieron 2 convenios que no están vigentes (rescindido: 2): los reportes de avance se imprimen "
            "para los convenios vigentes salvo que --status indique otro estado. Para imprimir sus reportes, "
            "ejecute de nuevo la orden con --status rescindido.") in err, err
    code, _out, err = cli(db, "--lang", "es", "print", "batch", "progress", "--company", str(company),
                          "--status", "rescindido", "-o", str(tmp_path / "rescindidos"), "--processes", "1")
    assert code == 0 and "2 documentos escritos" in err and "omitieron" not in err, err
