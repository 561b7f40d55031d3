from __future__ import annotations

import logging
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.factories import activate, make_agreement, make_apprentice, make_company
from vetdesk import logs
from vetdesk.domain.problems import RuleViolation
from vetdesk.services import privacy, records, statistics
from vetdesk.services.uow import Actor
from vetdesk.storage.models import Apprentice, Attachment, AuditEntry


def _old_completed(db, start: date, end: date) -> tuple[int, int]:
    apprentice = make_apprentice(db, birth_date=date(start.year - 17, 3, 1), guardian=True)
    agreement = make_agreement(db, apprentice_id=apprentice, start_date=start, end_date=end)
    activate(db, agreement)
    records.update(db, "agreements", agreement, {"status": "completed", "completed_on": end.isoformat()},
                   accept_warnings=True)
    return apprentice, agreement


def test_anonymise_ended_records(db):
    old_app, old_agr = _old_completed(db, date(2015, 9, 1), date(2016, 8, 31))
    recent_app, _ = _old_completed(db, date(2024, 9, 1), date(2025, 8, 31))
    with db.writer() as s:
        s.add(Attachment(agreement_id=old_agr, filename="firmado.pdf", media_type="application/pdf",
                         content=b"%PDF-1.4", added_at=date(2016, 9, 1)))
        s.commit()
    assert privacy.candidates(db, years=5, today=date(2026, 11, 25)) == [old_app]
    assert privacy.anonymise_ended(db, years=5, today=date(2026, 11, 25)) == 1
    old = records.get(db, "apprentices", old_app)
    assert old["given_names"] == "Anonymised" and old["guardian_name"] is None
    assert old["curp"].startswith("ANON") and old["birth_date"] == date(old["birth_date"].year, 1, 1)
    assert records.get(db, "apprentices", recent_app)["first_surname"] == "García"
    with db.reader() as s:
        assert s.scalar(select(func.count()).select_from(Attachment)) == 0
        entries = s.scalars(select(AuditEntry).where(AuditEntry.kind == "apprentices",
                                                     AuditEntry.record_id == old_app)).all()
        assert entries and all("García" not in str(e.changes) for e in entries)
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "anonymise")) == 1
        assert s.get(Apprentice, old_app).anonymised
    # a second run finds nothing more to do
    assert privacy.anonymise_ended(db, years=5, today=date(2026, 11, 25)) == 0


def test_only_administrators_anonymise(db):
    with pytest.raises(RuleViolation):
        privacy.anonymise_ended(db, years=5, actor=Actor("ana", "officer"))


def test_statistics_have_no_personal_data(db, tmp_path):
    company = make_company(db, name="Metalúrgica del Bajío", state="Querétaro")
    for i in range(6):
        make_agreement(db, company_id=company, apprentice_id=make_apprentice(
            db, birth_date=date(2009, 1, 1 + i), sex="M" if i % 2 else "H"))
    rows = statistics.statistics(db)
    dims = {r["dimension"] for r in rows}
    assert dims == {"programme", "company", "state", "sex", "age_band"}
    by_company = [r for r in rows if r["dimension"] == "company"]
    assert by_company == [{"dimension": "company", "value": "Metalúrgica del Bajío", "status": "draft", "count": 6}]
    sexes = {r["value"]: r["count"] for r in rows if r["dimension"] == "sex"}
    assert sexes == {"H": "<5", "M": "<5"}  # small groups are masked
    out = tmp_path / "stats.csv"
    statistics.export_statistics(db, out)
    text = out.read_text(encoding="utf-8")
    assert "García" not in text and "Metalúrgica del Bajío" in text
    for apprentice in records.list_records(db, "apprentices"):
        assert apprentice["curp"] not in text


def test_log_redacts_identifiers(tmp_path):
    path = logs.configure(tmp_path)
    log = logging.getLogger("vetdesk.test")
    try:
        raise ValueError("bad row for GALM090301MDFRPR09, RFC MBA850925AB1, NSS 12345678903, ana@example.mx")
    except ValueError:
        log.exception("import failed")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert "import failed" in text and "ValueError" in text
    for secret in ("GALM090301MDFRPR09", "MBA850925AB1", "12345678903", "ana@example.mx"):
        assert secret not in text
    assert "[CURP]" in text and "[EMAIL]" in text
    for handler in list(logging.getLogger().handlers):
        if getattr(handler, "baseFilename", "").startswith(str(tmp_path)):
            logging.getLogger().removeHandler(handler)
            handler.close()


def test_cli_export_statistics(db, cli, tmp_path):
    make_agreement(db)
    out = tmp_path / "stats.xlsx"
    code, _, err = cli(db, "export", "statistics", "-o", str(out))
    assert code == 0, err
    from openpyxl import load_workbook

    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0] == ("Grouped by", "Group", "Agreement status", "Agreements")
    assert {r[0] for r in rows[1:] if r[0] and r[3] is not None} == {"Programme", "Company", "State", "Sex",
                                                                     "Age group"}
    machine = tmp_path / "stats.csv"
    code, _, err = cli(db, "export", "statistics", "--codes", "-o", str(machine))
    assert code == 0, err
    lines = machine.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "dimension,value,status,count"
    assert {line.split(",")[0] for line in lines[1:]} == {"programme", "company", "state", "sex", "age_band"}


def test_cli_log_holds_no_identifiers_after_an_import(db, cli, tmp_path):
    """An import full of CURPs (some refused) leaves a log without any of them."""
    from pathlib import Path

    from vetdesk.logs import log_path

    samples = Path(__file__).resolve().parents[1] / "io" / "samples"
    assert cli(db, "import", "schools", str(samples / "planteles.csv"))[0] == 0
    code, out, err = cli(db, "import", "apprentices", str(samples / "aprendices_conalep_qro.xlsx"))
    assert code == 1 and "CURP" in out  # refused: the report names CURPs to the user...
    text = log_path().read_text(encoding="utf-8")
    assert "import refused a row: row 7, field curp: curp.checksum" in text  # ...the log records the refusals...
    from openpyxl import load_workbook

    sheet = load_workbook(samples / "aprendices_conalep_qro.xlsx").active
    header = next(i for i, row in enumerate(sheet.iter_rows(values_only=True)) if "CURP" in row)
    rows = list(sheet.iter_rows(min_row=header + 2, values_only=True))
    columns = [c for c in next(sheet.iter_rows(min_row=header + 1, max_row=header + 1, values_only=True))]
    wanted = ("CURP", "Apellido paterno", "Correo electrónico")
    personal = [str(r[columns.index(name)]).strip() for r in rows for name in wanted
                if name in columns and r[columns.index(name)]]
    assert len(personal) > 20
    for value in personal:  # ...but no CURP, name or e-mail of any row
        assert value.upper() not in text.upper()
