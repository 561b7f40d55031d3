"""Who approved a returned exchange file (re-trial of issue 25, ex25c): a company's file is recorded as given by the
instructor the officer names as having filled it in and approved it — one of the company's instructors — never by
each apprentice's instructor unasked; an agreement instructed by someone else (reassigned since the export, or
another instructor's apprentice) is not taken, agreement by agreement, with why and what to do, while the other
agreements' weeks are; a refused part writes nothing."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import func, select

from tests import factories as f
from tests.logbook.conftest import OFFICER, START, World, fill
from tests.logbook.test_exchange import ACTIVITIES, DECISION, FIRST, HOURS, WED
from vetdesk.domain.problems import RuleViolation
from vetdesk.services import exchange, records
from vetdesk.services.logbook_kinds import countersignatures
from vetdesk.storage.models import AttendanceDay, AuditEntry, LogbookWeek


def _rows_of(path: Path) -> dict[int, list[int]]:
    """The sheet rows of each agreement in the file."""
    ws = openpyxl.load_workbook(path).worksheets[0]
    found: dict[int, list[int]] = {}
    for r in range(FIRST, ws.max_row + 1):
        key = str(ws.cell(r, 1).value or "")
        if ":" in key:
            found.setdefault(int(key.split(":")[0]), []).append(r)
    return found


def _approve_first(rows: dict[int, list[int]], *agreements: int) -> dict[tuple[int, int], Any]:
    cells: dict[tuple[int, int], Any] = {}
    for a in agreements:
        first = rows[a][0]
        cells |= {(first, WED): "present", (first, HOURS): 6, (first, ACTIVITIES): f"Tornos {a}",
                  (first, DECISION): "approve (countersign)"}
    return cells


def _written(w: World, agreement: int) -> tuple[int, int]:
    with w.db.reader() as session:
        return (int(session.scalar(select(func.count()).select_from(LogbookWeek)
                                   .where(LogbookWeek.agreement_id == agreement)) or 0),
                int(session.scalar(select(func.count()).select_from(AttendanceDay)
                                   .where(AttendanceDay.agreement_id == agreement)) or 0))


def _signed_by(w: World, agreement: int) -> list[str]:
    with w.db.reader() as session:
        ids = list(session.scalars(select(LogbookWeek.id).where(LogbookWeek.agreement_id == agreement,
                                                                LogbookWeek.status == "approved")))
        return [c.sentence for c in countersignatures(session, ids).values()]


def _take(w: World, path: Path, **options: Any) -> exchange.ExchangeReport:
    return exchange.import_workbook(w.db.as_user(OFFICER), path, **options)


def _company_file(w: World, tmp_path: Path) -> tuple[Path, dict[int, list[int]]]:
    path = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "company.xlsx", company_id=w.company).path
    rows = _rows_of(path)
    return fill(path, tmp_path / "company-filled.xlsx", _approve_first(rows, w.mine, w.other)), rows


def test_a_company_s_file_is_refused_until_the_officer_says_who_approved_it(world: World, tmp_path: Path) -> None:
    w = world
    filled, _rows = _company_file(w, tmp_path)
    for options, words in (({}, "say which of its instructors filled it in"),
                           ({"dry_run": True}, "say which of its instructors filled it in"),
                           ({"approved_by": 999_999}, "is not an instructor of")):
        with pytest.raises(RuleViolation) as refused:
            _take(w, filled, **options)
        message = refused.value.problems[0].message
        assert refused.value.problems[0].code == "exchange.approver" and words in message
        # The company's instructors are offered, with the ids the command line takes.
        assert f"Ing. Iván Robles (id {w.instructor})" in message and f"Ing. Irma Salas (id {w.other_instructor})" \
            in message
    assert _written(w, w.mine) == _written(w, w.other) == (0, 0)
    # An instructor of another company is not one of this company's.
    elsewhere = f.make_instructor(w.db, company_id=f.make_company(w.db), name="Ing. Otro Lado")
    with pytest.raises(RuleViolation) as refused:
        _take(w, filled, approved_by=elsewhere)
    assert "is not an instructor of" in refused.value.problems[0].message
    assert _written(w, w.mine) == _written(w, w.other) == (0, 0)


def test_a_company_s_file_is_recorded_as_given_by_who_approved_it_never_by_another_instructor(
        world: World, tmp_path: Path) -> None:
    w = world
    filled, rows = _company_file(w, tmp_path)
    report = _take(w, filled, approved_by=w.instructor)
    assert report.written and report.approved_by == "Ing. Iván Robles"
    outcomes = {r.row: r.outcome for r in report.rows if r.week is not None}
    assert outcomes[rows[w.mine][0]] == "write" and outcomes[rows[w.other][0]] == "refused"
    # Irma's apprentice: not countersigned in Iván's name, and nothing of it written (its rows a unit).
    refused = next(r for r in report.rows if r.row == rows[w.other][0])
    assert "is instructed by Ing. Irma Salas, not by Ing. Iván Robles" in refused.problems[0]
    assert "naming Ing. Irma Salas as who approved it" in refused.problems[0]
    assert _written(w, w.other) == (0, 0)
    assert "1 row not taken" in report.summary()
    assert _signed_by(w, w.mine) == [s for s in _signed_by(w, w.mine) if "Iván Robles" in s] and _signed_by(w, w.mine)
    with w.db.reader() as session:
        took = session.scalars(select(AuditEntry).where(AuditEntry.kind == "logbook_exchanges",
                                                        AuditEntry.action == "import")).one()
    assert took.changes["after"]["approved_by"] == "Ing. Iván Robles"
    assert took.changes["after"]["rows_refused"] == [rows[w.other][0]]
    # Irma filled in her apprentice's week: the officer takes the file again naming her; Iván's week is current.
    again = _take(w, filled, approved_by=w.other_instructor)
    outcomes = {r.row: r.outcome for r in again.rows if r.week is not None}
    assert outcomes[rows[w.mine][0]] == "current" and outcomes[rows[w.other][0]] == "write"
    signed = _signed_by(w, w.other)
    assert len(signed) == 1 and "Irma Salas" in signed[0] and "Iván" not in signed[0]
    with w.db.reader() as session:
        who = set(session.scalars(select(AuditEntry.username).where(
            AuditEntry.kind == "attendance", AuditEntry.record_id.in_(
                select(AttendanceDay.id).where(AttendanceDay.agreement_id == w.other)))))
    assert who == {f"Ing. Irma Salas [instructor {w.other_instructor}]"}


def test_an_instructor_s_file_is_theirs_to_approve(world: World, tmp_path: Path) -> None:
    w = world
    path = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "ivan.xlsx", instructor_id=w.instructor).path
    filled = fill(path, tmp_path / "f.xlsx", _approve_first(_rows_of(path), w.mine))
    with pytest.raises(RuleViolation) as refused:
        _take(w, filled, approved_by=w.other_instructor)
    assert refused.value.problems[0].code == "exchange.approver" and "Ing. Iván Robles" in \
        refused.value.problems[0].message
    assert _written(w, w.mine) == (0, 0)
    report = _take(w, filled, approved_by=w.instructor)
    assert report.written and report.approved_by == "Ing. Iván Robles"


def _second_agreement(w: World) -> int:
    programme = records.get(w.db, "agreements", w.mine)["programme_id"]
    second = f.make_agreement(w.db, company_id=w.company, instructor_id=w.instructor, programme_id=programme,
                              apprentice_id=f.make_apprentice(w.db, first_surname="Zamora"), start_date=START,
                              end_date=START + timedelta(days=364), training_record_form="electronic")
    f.activate(w.db, second)
    return second


@pytest.mark.parametrize("moved", ["instructor", "company"])
def test_an_agreement_reassigned_after_the_export_is_refused_by_name_and_the_others_are_taken(
        world: World, tmp_path: Path, moved: str) -> None:
    w = world
    second = _second_agreement(w)
    path = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "ivan.xlsx", instructor_id=w.instructor).path
    rows = _rows_of(path)
    filled = fill(path, tmp_path / "f.xlsx", _approve_first(rows, w.mine, second))
    if moved == "instructor":
        records.update(w.db, "agreements", second, {"instructor_id": w.other_instructor}, accept_warnings=True)
    else:
        company = f.make_company(w.db)
        elsewhere = f.make_instructor(w.db, company_id=company, name="Ing. Nuevo Lugar")
        # As an amendment moving the apprentice to another company leaves it (the terms are the amendment's).
        from sqlalchemy import update

        from vetdesk.storage.models import LearningAgreement

        with w.db.writer() as session, session.begin():
            session.execute(update(LearningAgreement).where(LearningAgreement.id == second).values(
                company_id=company, instructor_id=elsewhere))
    dry = _take(w, filled, dry_run=True)
    assert not dry.written and _written(w, w.mine) == (0, 0)
    report = _take(w, filled)
    by_row = {r.row: r for r in report.rows if r.week is not None}
    assert by_row[rows[w.mine][0]].outcome == "write"
    assert by_row[rows[second][0]].outcome == "refused"
    reference = records.get(w.db, "agreements", second)["reference"]
    now = "Ing. Irma Salas" if moved == "instructor" else "Ing. Nuevo Lugar"
    said = by_row[rows[second][0]].problems[0]
    assert said.startswith(f"Agreement {reference} (") and now in said and "Export a file for" in said
    # What was taken and what was not: the valid agreement's week written and countersigned, none of the other's.
    assert _written(w, w.mine) == (1, 1) and len(_signed_by(w, w.mine)) == 1
    assert _written(w, second) == (0, 0)
    assert "1 row written" in report.summary() and "1 row not taken" in report.summary()


def test_the_command_line_asks_who_approved_a_company_s_file_and_says_what_was_not_taken(
        world: World, tmp_path: Path, cli: Any) -> None:
    w = world
    filled, rows = _company_file(w, tmp_path)
    code, _out, err = cli(w.db, "logbook", "import", str(filled))
    assert code == 1 and "--approved-by" in err and f"(id {w.instructor})" in err and "Traceback" not in err
    assert _written(w, w.mine) == (0, 0)
    code, _out, err = cli(w.db, "logbook", "import", str(filled), "--approved-by", str(w.other_instructor))
    assert code == 0 and "1 row written" in err and "1 row not taken" in err
    assert f"Row {rows[w.mine][0]} (" in err and "not taken" in err and "is instructed by Ing. Iván Robles" in err
    assert "Recorded as given by Ing. Irma Salas" in err
    assert _written(w, w.mine) == (0, 0) and _written(w, w.other) == (1, 1)


def test_a_company_s_file_made_to_look_like_an_instructor_s_is_refused(world: World, tmp_path: Path) -> None:
    """Hostile: the hidden sheet's scope rewritten to name one instructor, so that nobody is asked who approved
    it — the signature no longer holds; refused, nothing written."""
    import json

    w = world
    filled, _rows = _company_file(w, tmp_path)
    wb = openpyxl.load_workbook(filled)
    wb[exchange.MARKER_SHEET].cell(exchange.MARKER_SCOPE, 1).value = json.dumps(
        {"id": w.instructor, "kind": "instructor", "name": "Ing. Iván Robles"}, ensure_ascii=False, sort_keys=True)
    wb.save(tmp_path / "scope.xlsx")
    with pytest.raises(RuleViolation) as refused:
        _take(w, tmp_path / "scope.xlsx", approved_by=w.instructor)
    assert refused.value.problems[0].code == "exchange.altered"
    assert _written(w, w.mine) == _written(w, w.other) == (0, 0)


def test_the_hours_a_day_the_file_carries_are_signed(world: World, tmp_path: Path) -> None:
    """Hostile: the agreements' hours a day in the hidden sheet (instructor mode's warning reads them) raised so
    that no warning comes — the file no longer opens in instructor mode, nor is it taken back."""
    import json

    from vetdesk.services import exchange_file as XF

    w = world
    path = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "ivan.xlsx", instructor_id=w.instructor).path
    opened = XF.open_file(path)
    reference = records.get(w.db, "agreements", w.mine)["reference"]
    assert {str(k): str(v) for k, v in opened.day_hours.items()} == {reference: "6.00"}
    wb = openpyxl.load_workbook(path)
    wb[exchange.MARKER_SHEET].cell(exchange.MARKER_DAY_HOURS, 1).value = json.dumps({reference: "24.00"})
    wb.save(tmp_path / "hours.xlsx")
    with pytest.raises(exchange.ExchangeRefused):
        XF.open_file(tmp_path / "hours.xlsx")
    with pytest.raises(exchange.ExchangeRefused) as refused:
        _take(w, tmp_path / "hours.xlsx")
    assert refused.value.problems[0].code == "exchange.altered"


def test_a_company_s_agreement_reassigned_within_the_company_names_whom_it_left(world: World,
                                                                               tmp_path: Path) -> None:
    w = world
    filled, rows = _company_file(w, tmp_path)
    third = f.make_instructor(w.db, company_id=w.company, name="Ing. Tomás Vega")
    records.update(w.db, "agreements", w.other, {"instructor_id": third}, accept_warnings=True)
    report = _take(w, filled, approved_by=w.instructor)
    refused = next(r for r in report.rows if r.row == rows[w.other][0])
    assert refused.outcome == "refused"
    assert "is instructed by Ing. Tomás Vega since the file was written, no longer by Ing. Irma Salas" in \
        refused.problems[0]
    assert _written(w, w.other) == (0, 0) and _written(w, w.mine) == (1, 1)
