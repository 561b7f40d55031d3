"""The exchange workbook: written locked and signed for one instructor or company, filled in by a spreadsheet program
writing only the editable cells, taken back row by row — all or nothing, attributed to the instructor, conflicts
reported and not overwritten unless the officer takes them, twice the same file writes nothing — and every kind of
file that is not the office's, or was changed where it is locked, refused with nothing written."""

from __future__ import annotations

import zipfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import func, select

from tests.logbook.conftest import OFFICER, START, World, fill
from vetdesk.domain import logbook as L
from vetdesk.domain.problems import RuleViolation
from vetdesk.services import exchange, logbook, records, users
from vetdesk.services.exchange_file import list_choices
from vetdesk.storage.models import AttendanceDay, AuditEntry, LogbookExchange, LogbookWeek

# The columns of the sheet (1-based, as a spreadsheet program counts them).
KEY, REFERENCE, APPRENTICE, FROM, TO, STATUS = 1, 2, 3, 4, 5, 6
MON, TUE, WED, THU, FRI, SAT = 7, 8, 9, 10, 11, 12
HOURS, SCHOOL_HOURS, ACTIVITIES, SCHOOL, DECISION, NOTE = 13, 14, 15, 16, 17, 18
FIRST = exchange.FIRST_ROW


def row_of(n: int) -> int:
    """The sheet row of the ``n``-th week of an instructor's single agreement (no week countersigned)."""
    return FIRST + n


def _count(w: World, model: Any) -> int:
    with w.db.reader() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _audits(w: World) -> int:
    return _count(w, AuditEntry)


def _export(w: World, tmp_path: Path, name: str = "ivan.xlsx", **who: int) -> Path:
    done = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / name, **(who or {"instructor_id": w.instructor}))
    return done.path


def _take(w: World, path: Path, **options: Any) -> exchange.ExchangeReport:
    return exchange.import_workbook(w.db.as_user(OFFICER), path, **options)


def _refused(w: World, path: Path, code: str, **options: Any) -> str:
    before = (_count(w, LogbookWeek), _count(w, AttendanceDay), _audits(w))
    with pytest.raises(RuleViolation) as refused:
        _take(w, path, **options)
    problems = refused.value.problems
    assert {p.code for p in problems} == {code}, problems
    assert (_count(w, LogbookWeek), _count(w, AttendanceDay), _audits(w)) == before  # nothing written
    return " ".join(p.message for p in problems)


# -- the workbook as written ----------------------------------------------------------------------------------

def test_the_workbook_is_locked_signed_and_offers_drop_downs(world: World, tmp_path: Path) -> None:
    w = world
    approved = logbook.write_week(w.db, agreement_id=w.mine, week=w.week(1),
                                  values={"activities": "Tornos", "status": "submitted"}).id
    logbook.review(w.db, approved, decision="approve")
    path = _export(w, tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    assert wb.security is not None and wb.security.lockStructure
    assert ws.protection.sheet and wb["vetdesk"].sheet_state == "veryHidden"
    # One row per week not countersigned, of this instructor's apprentice only; the countersigned week is left out.
    keys = [ws.cell(r, KEY).value for r in range(FIRST, ws.max_row + 1)]
    assert keys == [f"{w.mine}:{(w.week(n)).isoformat()}" for n in (0, 2, 3, 4, 5, 6)]
    names = {ws.cell(r, APPRENTICE).value for r in range(FIRST, ws.max_row + 1)}
    assert names == {records.get(w.db, "apprentices", records.get(w.db, "agreements", w.mine)["apprentice_id"])[
        "name"]}
    # Locked: the row's identity and the days outside the training (before the Wednesday it began); open: the rest.
    for col in (KEY, REFERENCE, APPRENTICE, FROM, TO, STATUS, MON, TUE):
        assert ws.cell(FIRST, col).protection.locked, col
    assert ws.cell(FIRST, MON).value == exchange.CLOSED
    for col in (WED, THU, FRI, HOURS, ACTIVITIES, SCHOOL, DECISION, NOTE):
        assert not ws.cell(FIRST, col).protection.locked, col
    # A five-day agreement (the factory's 4 days at the company, 1 at school): no Saturday to fill (ex25c).
    assert ws.cell(FIRST, SAT).value == exchange.CLOSED and ws.cell(FIRST, SAT).protection.locked
    assert ws.column_dimensions["L"].hidden
    assert ws.cell(ws.max_row + 1, ACTIVITIES).protection.locked  # nothing below the table can be typed in
    kinds = {dv.type: str(dv.sqref) for dv in ws.data_validations.dataValidation}
    assert set(kinds) == {"list", "decimal", "textLength"}
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    offered = {",".join(list_choices(ws, dv.formula1)) for dv in lists}
    assert any("present" in f and "unexcused absence" in f for f in offered)
    assert any("approve (countersign)" in f and "return for correction" in f for f in offered)
    with w.db.reader() as session:
        exported = session.scalars(select(AuditEntry).where(AuditEntry.kind == "logbook_exchanges")).one()
    assert exported.username == "olga" and exported.action == "create"


def test_the_workbook_speaks_the_office_s_language(world: World, tmp_path: Path) -> None:
    w = world
    done = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "es.xlsx", instructor_id=w.instructor,
                                    language="es")
    ws = openpyxl.load_workbook(done.path).worksheets[0]
    assert ws.title == "Reportes semanales"
    assert ws.cell(exchange.HEADER_ROW, ACTIVITIES).value == "Qué hizo y aprendió en la empresa"


# -- taking it back ------------------------------------------------------------------------------------------

def test_a_filled_workbook_is_taken_back_as_the_instructor_did_it(world: World, tmp_path: Path) -> None:
    w = world
    path = _export(w, tmp_path)
    filled = fill(path, tmp_path / "filled.xlsx", {
        (row_of(0), WED): "present", (row_of(0), THU): "present", (row_of(0), FRI): "at school",
        (row_of(0), HOURS): 24, (row_of(0), ACTIVITIES): "Mantenimiento preventivo de tornos",
        (row_of(0), DECISION): "approve (countersign)",
        (row_of(1), ACTIVITIES): "Almacén", (row_of(1), DECISION): "return for correction",
        (row_of(1), NOTE): "Describe qué material registraste.",
        (row_of(2), MON): "sick", (row_of(2), TUE): "excused absence",
    })
    report = _take(w, filled)
    assert [(r.row, r.outcome) for r in report.rows][:4] == [
        (row_of(0), "write"), (row_of(1), "write"), (row_of(2), "write"), (row_of(3), "unchanged")]
    assert report.written and report.rows[0].decision == "approve"
    weeks = {r["week_start"]: r for r in records.list_records(w.db, "logbook")}
    assert weeks[w.week(0)]["status"] == "approved" and weeks[w.week(0)]["hours"] == 24
    assert weeks[w.week(1)]["status"] == "returned"
    assert weeks[w.week(1)]["review_note"] == "Describe qué material registraste."
    assert w.week(2) not in weeks  # attendance only
    days = {r["day"]: r["presence"] for r in records.list_records(w.db, "attendance")}
    assert days == {START: "present", START + timedelta(days=1): "present", START + timedelta(days=2): "school",
                    w.week(2): "sick", w.week(2) + timedelta(days=1): "excused"}
    # Every change is the instructor's, who has no user account: their name; the take-back itself the officer's.
    with w.db.reader() as session:
        entries = list(session.scalars(select(AuditEntry).where(AuditEntry.kind.in_(("logbook", "attendance")))))
        took = session.scalars(select(AuditEntry).where(AuditEntry.kind == "logbook_exchanges",
                                                        AuditEntry.action == "import")).one()
        record = session.scalars(select(LogbookExchange)).one()
    assert {e.username for e in entries if e.action != "import"} == {f"Ing. Iván Robles [instructor {w.instructor}]"}
    # The officer who took each decision into the office's record is beside it in the week's history (fix25g).
    assert {(e.username, e.changes["after"]["status"]) for e in entries if e.action == "import"} == {
        ("olga", "approved"), ("olga", "returned")}
    countersigned = [e for e in entries if e.changes["after"].get("status") == "approved" and e.action == "status"]
    assert len(countersigned) == 1 and countersigned[0].operation == "Countersign weekly report"
    assert took.username == "olga" and took.changes["after"]["rows_written"] == [row_of(0), row_of(1), row_of(2)]
    assert record.imports == 1 and record.imported_by == "olga"
    # The same file again: everything is as the file says already; nothing is written, not even the take-back.
    before = _audits(w)
    again = _take(w, filled)
    assert not again.written and {r.outcome for r in again.rows} <= {"current", "unchanged"}
    assert again.count("current") == 3 and _audits(w) == before


def test_an_instructor_with_a_user_account_is_named_by_it(world: World, tmp_path: Path) -> None:
    w = world
    users.create_user(w.db, username="irobles", password="a good password", role="instructor",
                      instructor_id=w.instructor)
    filled = fill(_export(w, tmp_path), tmp_path / "f.xlsx", {(row_of(0), WED): "present"})
    _take(w, filled)
    with w.db.reader() as session:
        who = session.scalars(select(AuditEntry.username).where(AuditEntry.kind == "attendance")).one()
    assert who == "irobles"


def test_a_dry_run_reports_and_writes_nothing(world: World, tmp_path: Path) -> None:
    w = world
    filled = fill(_export(w, tmp_path), tmp_path / "f.xlsx", {(row_of(0), ACTIVITIES): "Soldadura"})
    before = _audits(w)
    report = _take(w, filled, dry_run=True)
    assert report.dry_run and report.rows[0].outcome == "write" and not report.written
    assert _audits(w) == before and _count(w, LogbookWeek) == 0


def test_what_the_office_changed_meanwhile_is_a_conflict_kept_unless_the_officer_takes_the_file(
        world: World, tmp_path: Path) -> None:
    w = world
    path = _export(w, tmp_path)
    # Meanwhile at the office: week 0's text keyed in from paper, week 2's hours.
    logbook.write_week(w.db, agreement_id=w.mine, week=w.week(0), values={"activities": "Texto de la oficina"})
    logbook.write_week(w.db, agreement_id=w.mine, week=w.week(2), values={"hours": "30"})
    filled = fill(path, tmp_path / "f.xlsx", {
        (row_of(0), ACTIVITIES): "Texto del instructor", (row_of(0), WED): "present",
        (row_of(1), ACTIVITIES): "Sin conflicto",
        (row_of(2), THU): "sick",  # another field than the office changed: no conflict
    })
    report = _take(w, filled)
    conflict = report.rows[0]
    assert conflict.outcome == "conflict" and not conflict.taken
    assert conflict.conflicts == [("What was done and learnt at the company", "Texto de la oficina",
                                   "Texto del instructor")]
    assert [r.outcome for r in report.rows[1:3]] == ["write", "write"]
    assert "1 conflict kept as the office has it," in report.summary()
    weeks = {r["week_start"]: r for r in records.list_records(w.db, "logbook")}
    assert weeks[w.week(0)]["activities"] == "Texto de la oficina"  # not overwritten
    assert weeks[w.week(2)]["hours"] == 30
    # The report's text is kept as the office has it; Wednesday, which the office had not recorded, is added all
    # the same (a day's attendance is a fact of its own) and the row says so.
    assert START in {r["day"] for r in records.list_records(w.db, "attendance")}
    assert any("Wed" in n for n in conflict.notes), conflict.notes
    # The officer chooses the file's row.
    taken = _take(w, filled, take=[row_of(0)])
    assert taken.rows[0].taken and taken.rows[0].outcome == "conflict"
    assert records.get(w.db, "logbook", weeks[w.week(0)]["id"])["activities"] == "Texto del instructor"
    assert START in {r["day"] for r in records.list_records(w.db, "attendance")}
    assert [r.outcome for r in taken.rows[1:3]] == ["current", "current"]


def test_a_conflict_says_the_instructor_s_decision_and_days_in_the_office_s_language(world: World,
                                                                                      tmp_path: Path) -> None:
    from vetdesk import i18n

    w = world
    handed_in = logbook.write_week(w.db, agreement_id=w.mine, week=w.week(1),
                                   values={"activities": "Texto del aprendiz", "status": "submitted"}).id
    path = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "es.xlsx", instructor_id=w.instructor,
                                    language="es").path
    logbook.write_week(w.db, agreement_id=w.mine, week=w.week(1), values={"activities": "Texto de la oficina"})
    logbook.record_attendance(w.db, agreement_id=w.mine, days={w.week(2): "present"})
    filled = fill(path, tmp_path / "f.xlsx", {
        (row_of(1), ACTIVITIES): "Texto del instructor", (row_of(1), DECISION): "devolver para corrección",
        (row_of(1), NOTE): "Corrige el horario.", (row_of(2), MON): "enfermo"})
    i18n.set_language("es")
    try:
        report = _take(w, filled)
        waiting = L.status_label("submitted")
    finally:
        i18n.set_language("en")
    returned = report.rows[1]
    assert returned.outcome == "conflict" and returned.decision == "return"
    assert returned.conflicts[-1] == ("Decisión", waiting, "devolver para corrección")
    days = report.rows[2].conflicts
    assert days == [("Lun", "presente", "enfermo")], days
    assert records.get(w.db, "logbook", handed_in)["status"] == "submitted"  # kept as the office has it


def test_a_review_meanwhile_at_the_office_is_a_conflict(world: World, tmp_path: Path) -> None:
    w = world
    week = logbook.write_week(w.db, agreement_id=w.mine, week=w.week(0),
                              values={"activities": "Tornos", "status": "submitted"}).id
    path = _export(w, tmp_path)
    logbook.review(w.db, week, decision="return", note="Falta detalle")
    filled = fill(path, tmp_path / "f.xlsx", {(row_of(0), DECISION): "approve (countersign)"})
    report = _take(w, filled)
    assert report.rows[0].outcome == "conflict"
    assert report.rows[0].conflicts[0][0] == "Decision"
    assert records.get(w.db, "logbook", week)["status"] == "returned"


def test_one_row_that_cannot_be_stored_refuses_the_whole_file(world: World, tmp_path: Path) -> None:
    w = world
    filled = fill(_export(w, tmp_path), tmp_path / "f.xlsx", {
        (row_of(0), ACTIVITIES): "Bien", (row_of(0), WED): "present",
        (row_of(3), HOURS): 999, (row_of(4), THU): "dormido", (row_of(5), DECISION): "approve (countersign)",
    })
    message = _refused(w, filled, "exchange.row")
    assert f"Row {row_of(3)}" in message and "Hours at the company must be from 0 to 80" in message
    assert f"Row {row_of(4)}" in message and "dormido" in message
    # An approval of an empty week: the review's own rule, in its words (issue 25, trial item 2).
    assert f"Row {row_of(5)}" in message and "An empty week is not countersigned" in message
    assert "cannot become" not in message  # the report's internal states are not the user's words
    with pytest.raises(exchange.ExchangeRefused) as refused:
        _take(w, filled)
    report = refused.value.report
    assert report is not None and [r.row for r in report.rows if r.outcome == "error"] == [
        row_of(3), row_of(4), row_of(5)]


@pytest.mark.parametrize(("value", "words"), [
    (float("inf"), ""), ("NaN", "not infinity"), ("1e308", "from 0 to 80"), (-3, "from 0 to 80"),
    ("x" * 5000, "not a number of hours; write it like 36"), (True, "not a number of hours"),
])
def test_hostile_numbers_are_refused_by_their_row(world: World, tmp_path: Path, value: Any, words: str) -> None:
    w = world
    filled = fill(_export(w, tmp_path), tmp_path / "f.xlsx", {(row_of(1), HOURS): value})
    if not words:  # what the file holds is no number a spreadsheet shows: nothing is read from the cell
        assert _take(w, filled).rows[1].outcome == "unchanged"
        return
    assert words in _refused(w, filled, "exchange.row")


@pytest.mark.parametrize("value", ["x" * 4001, "Línea\u202eoculta", "a" * 40000])
def test_hostile_texts_are_refused(world: World, tmp_path: Path, value: str) -> None:
    """Too long, a character that is not text (XML itself holds no NUL or other control character: such a file is
    not read at all, see below)."""
    w = world
    filled = fill(_export(w, tmp_path), tmp_path / "f.xlsx", {(row_of(1), ACTIVITIES): value})
    message = _refused(w, filled, "exchange.row")
    assert "What was done and learnt at the company" in message
    assert value[:40] not in message  # the text itself is not echoed back


def test_a_formula_is_refused_naming_its_cell(world: World, tmp_path: Path) -> None:
    w = world
    # A spreadsheet program's formula arrives without a value: refused with its row and column, not dropped.
    filled = fill(_export(w, tmp_path), tmp_path / "f.xlsx", {(row_of(1), ACTIVITIES): '=HYPERLINK("http://x","y")',
                                                              (row_of(2), HOURS): "=20+20"})
    message = _refused(w, filled, "exchange.formula")
    assert f"row {row_of(1)}, column O" in message and f"row {row_of(2)}, column M" in message
    assert "HYPERLINK" not in message  # the cell's content is not echoed


# -- files that are not the office's, or were changed where they are locked ----------------------------------

def _cells(changes: dict[tuple[int, int], Any]) -> Any:
    def change(wb: Any) -> None:
        ws = wb.worksheets[0]
        for (row, col), value in changes.items():
            ws.cell(row, col).value = value
    return change


def _sheet(wb: Any) -> Any:
    return wb.worksheets[0]


ALTERED = {
    "apprentice's name": _cells({(FIRST, APPRENTICE): "Otra Persona"}),
    "another agreement's key": _cells({(FIRST, KEY): "999:2026-01-05"}),
    "the week's dates": _cells({(FIRST + 1, FROM): "2020-01-06"}),
    "a closed day opened": _cells({(FIRST, MON): "present"}),
    "the status when written": _cells({(FIRST, STATUS): "countersigned"}),
    "a heading": _cells({(exchange.HEADER_ROW, ACTIVITIES): "Notas"}),
    "a row added": _cells({(FIRST + 40, ACTIVITIES): "una semana más"}),
    "a cell right of the table": _cells({(FIRST, NOTE + 3): "algo"}),
    "a row deleted": lambda wb: _sheet(wb).delete_rows(FIRST + 1),
    "rows swapped": lambda wb: _swap(_sheet(wb)),
    "the sheet renamed": lambda wb: setattr(_sheet(wb), "title", "Hoja1"),
    "a sheet added": lambda wb: wb.create_sheet("Notas"),
    "the signature": lambda wb: setattr(wb["vetdesk"].cell(4, 1), "value", "QUJD"),
}


def _swap(ws: Any) -> None:
    for col in range(1, exchange.COLUMNS + 1):
        a, b = ws.cell(FIRST, col), ws.cell(FIRST + 1, col)
        a.value, b.value = b.value, a.value


@pytest.mark.parametrize("what", sorted(ALTERED))
def test_a_file_changed_where_it_is_locked_is_refused(world: World, tmp_path: Path, what: str) -> None:
    w = world
    wb = openpyxl.load_workbook(_export(w, tmp_path))
    wb.worksheets[0].cell(FIRST + 2, ACTIVITIES).value = "Un cambio permitido"
    ALTERED[what](wb)
    wb.save(tmp_path / "altered.xlsx")
    code = "exchange.altered"
    message = _refused(w, tmp_path / "altered.xlsx", code)
    assert "not taken" in message


def test_files_that_are_not_the_office_s_are_refused(world: World, tmp_path: Path, sqlite_template: Path) -> None:
    import shutil

    from vetdesk.services.office import Office

    w = world
    plain = tmp_path / "plain.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Semana", "Actividades"])  # type: ignore[union-attr]
    wb.save(plain)
    assert "not a weekly-report exchange file" in _refused(w, plain, "exchange.foreign")
    csv = tmp_path / "weeks.csv"
    csv.write_text("a,b\n1,2\n", encoding="utf-8")
    assert ".xlsx" in _refused(w, csv, "exchange.foreign")
    noise = tmp_path / "noise.xlsx"
    noise.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 10)
    _refused(w, noise, "exchange.unreadable")
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * 300_000_000 + b"</a>")
    assert "unpacks to" in _refused(w, bomb, "exchange.unreadable")
    # A marker that names no export of this office.
    forged = openpyxl.load_workbook(_export(w, tmp_path))
    forged["vetdesk"].cell(2, 1).value = "0" * 32
    forged.save(tmp_path / "forged.xlsx")
    assert "not written by this office" in _refused(w, tmp_path / "forged.xlsx", "exchange.unknown")
    # A genuine file of another office's vetdesk (another database, its own key).
    shutil.copyfile(sqlite_template, tmp_path / "other.sqlite3")
    other = Office.open(str(tmp_path / "other.sqlite3"))
    try:
        from tests.logbook.conftest import make_world

        elsewhere = make_world(other)
        foreign = exchange.export_workbook(other, tmp_path / "foreign.xlsx", instructor_id=elsewhere.instructor).path
    finally:
        other.dispose()
    foreign = fill(foreign, tmp_path / "foreign-filled.xlsx", {(row_of(0), ACTIVITIES): "x"})
    assert "not written by this office" in _refused(w, foreign, "exchange.unknown")


def test_a_row_of_an_apprentice_now_instructed_by_someone_else_is_refused(world: World, tmp_path: Path) -> None:
    w = world
    path = _export(w, tmp_path)
    records.update(w.db, "agreements", w.mine, {"instructor_id": w.other_instructor}, accept_warnings=True)
    filled = fill(path, tmp_path / "f.xlsx", {(row_of(0), ACTIVITIES): "Tornos"})
    # Its agreement is not taken (ex25c: agreement by agreement, said by name with what to do); nothing written.
    before = (_count(w, LogbookWeek), _count(w, AttendanceDay), _audits(w))
    report = _take(w, filled)
    assert not report.written and report.rows[0].outcome == "refused"
    assert "is instructed by Ing. Irma Salas since the file was written" in report.rows[0].problems[0]
    assert (_count(w, LogbookWeek), _count(w, AttendanceDay), _audits(w)) == before


def test_a_company_s_file_holds_each_instructor_s_apprentices_and_names_them(world: World, tmp_path: Path) -> None:
    w = world
    path = _export(w, tmp_path, "company.xlsx", company_id=w.company)
    ws = openpyxl.load_workbook(path).worksheets[0]
    agreements = {int(str(ws.cell(r, KEY).value).split(":")[0]): r for r in range(ws.max_row, FIRST - 1, -1)}
    assert set(agreements) == {w.mine, w.other}
    first_of = {a: min(r for r in range(FIRST, ws.max_row + 1)
                       if str(ws.cell(r, KEY).value).startswith(f"{a}:")) for a in agreements}
    filled = fill(path, tmp_path / "f.xlsx", {(first_of[w.mine], WED): "present",
                                              (first_of[w.other], WED): "sick"})
    # Recorded as given by who approved the file (ex25c), each apprentice's weeks by their own instructor only:
    # two takes, each naming who filled in their apprentice's week.
    _take(w, filled, approved_by=w.instructor)
    _take(w, filled, approved_by=w.other_instructor)
    with w.db.reader() as session:
        who = dict(session.execute(select(AttendanceDay.agreement_id, AuditEntry.username).join(
            AuditEntry, (AuditEntry.kind == "attendance") & (AuditEntry.record_id == AttendanceDay.id))).all())
    assert who == {w.mine: f"Ing. Iván Robles [instructor {w.instructor}]",
                   w.other: f"Ing. Irma Salas [instructor {w.other_instructor}]"}


def test_nobody_but_an_officer_exchanges_files(world: World, tmp_path: Path) -> None:
    from tests.logbook.conftest import VIEWER

    w = world
    path = _export(w, tmp_path)
    for who in (VIEWER, w.me):
        with pytest.raises(RuleViolation) as refused:
            exchange.export_workbook(w.db.as_user(who), tmp_path / "x.xlsx", instructor_id=w.instructor)
        assert refused.value.problems[0].code == "permission.denied"
        with pytest.raises(RuleViolation) as refused:
            exchange.import_workbook(w.db.as_user(who), path)
        assert refused.value.problems[0].code == "permission.denied"
    assert not (tmp_path / "x.xlsx").exists()


def test_the_command_line_exports_and_takes_back(world: World, tmp_path: Path, cli: Any) -> None:
    import json

    w = world
    out = tmp_path / "cli.xlsx"
    code, _out, err = cli(w.db, "logbook", "export", "--instructor", str(w.instructor), "-o", str(out))
    assert code == 0 and "7 weeks written" in err
    code, _out, err = cli(w.db, "logbook", "export", "--instructor", str(w.instructor), "-o", str(tmp_path / "x.csv"))
    assert code == 2 and ".xlsx" in err
    filled = fill(out, tmp_path / "filled.xlsx", {(row_of(0), ACTIVITIES): "Tornos", (row_of(1), HOURS): 999})
    code, _out, err = cli(w.db, "logbook", "import", str(filled))
    assert code == 1 and f"Row {row_of(1)}" in err and "Nothing was written." in err and "Traceback" not in err
    filled = fill(out, tmp_path / "filled.xlsx", {(row_of(0), ACTIVITIES): "Tornos", (row_of(0), WED): "present"})
    code, shown, err = cli(w.db, "logbook", "import", str(filled), "--dry-run", "--json")
    assert code == 0 and json.loads(shown)["rows"][0]["outcome"] == "write" and "Dry run" in err
    assert "1 row would be written," in err and "rows written" not in err
    assert records.count_records(w.db, "logbook") == 0
    code, _out, err = cli(w.db, "logbook", "import", str(filled))
    assert code == 0 and "1 row written," in err
    code, shown, err = cli(w.db, "logbook", "show", str(w.mine), "--json")
    assert code == 0 and json.loads(shown)["waiting"] == 1
    week = records.list_ids(w.db, "logbook")[0]
    code, _out, err = cli(w.db, "logbook", "review", str(week), "return")
    assert code == 1 and "returned with a note" in err
    code, _out, err = cli(w.db, "logbook", "review", str(week), "approve")
    assert code == 0 and records.get(w.db, "logbook", week)["status"] == L.WeekStatus.APPROVED
    pdf = tmp_path / "week.pdf"
    code, _out, err = cli(w.db, "logbook", "print", str(w.mine), START.isoformat(), "-o", str(pdf))
    assert code == 0 and pdf.read_bytes().startswith(b"%PDF")
    code, _out, err = cli(w.db, "logbook", "import", str(tmp_path / "missing.xlsx"))
    assert code == 1 and "Traceback" not in err
