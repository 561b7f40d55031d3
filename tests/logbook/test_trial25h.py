"""A new user's trial of issue 25 met the instructors' exchange file (fix25h): an export after a returned week, the
countersignature's day and more."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from tests.logbook.conftest import OFFICER, World, fill
from tests.logbook.test_exchange import ACTIVITIES, DECISION, HOURS, row_of
from vetdesk.services import exchange, logbook, records


def test_the_file_is_written_after_a_week_was_returned_and_reads_its_day(world: World, tmp_path: Path, cli) -> None:
    """A week returned (``reviewed_on`` set) no longer stops the export, for an instructor or a company; what the
    export stores holds no date or number object (its JSON is plain); a week countersigned after the export is
    still said with its day when the file differs."""
    w = world
    returned = logbook.write_week(w.db, agreement_id=w.mine, week=w.week(0),
                                  values={"activities": "Tornos", "status": "submitted"}).id
    logbook.review(w.db, returned, decision="return", note="corrija")
    code, _out, err = cli(w.db, "logbook", "export", "--instructor", str(w.instructor), "-o",
                          str(tmp_path / "i.xlsx"))
    assert code == 0 and "Traceback" not in err, err
    code, _out, err = cli(w.db, "logbook", "export", "--company", str(w.company), "-o", str(tmp_path / "c.xlsx"))
    assert code == 0 and "Traceback" not in err, err
    written = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "ivan.xlsx", instructor_id=w.instructor)
    from sqlalchemy import select

    from vetdesk.storage.models import LogbookExchange

    with w.db.reader() as session:
        content = session.scalar(select(LogbookExchange.content).where(LogbookExchange.token == written.token))
    json.dumps(content)  # plain JSON, no default
    first = next(r for r in content["rows"] if r["week"] == w.week(0).isoformat())
    assert first["values"]["reviewed_on"] == date.today().isoformat() and first["values"]["status"] == "returned"
    # The office countersigns week 1 meanwhile; the file's differing text is not taken, said with the day.
    second = logbook.write_week(w.db, agreement_id=w.mine, week=w.week(1),
                                values={"activities": "Soldadura", "status": "submitted"}).id
    logbook.review(w.db, second, decision="approve")
    filled = fill(written.path, tmp_path / "f.xlsx", {
        (row_of(1), ACTIVITIES): "Soldadura TIG", (row_of(0), ACTIVITIES): "Tornos y fresas",
        (row_of(0), HOURS): 30, (row_of(0), DECISION): "approve (countersign)"})
    report = exchange.import_workbook(w.db.as_user(OFFICER), filled)
    notes = " ".join(report.rows[1].notes)
    from vetdesk import i18n

    assert f"countersigned on {i18n.shown_day(date.today())}" in notes, notes
    assert records.get(w.db, "logbook", returned)["status"] == "approved"
    assert records.get(w.db, "logbook", second)["activities"] == "Soldadura"


def _saved_on(path: Path, day: date) -> Path:
    """The workbook with its document properties saying it was saved on ``day`` (not covered by the signature)."""
    from tests.scenarios.test_exchange_countersigned import _saved_on as saved

    return saved(path, day)


def _written_on(w: World, token: str, day: date) -> None:
    """The export as if the office had written the file on ``day``."""
    from datetime import datetime

    from sqlalchemy import update

    from vetdesk.storage.models import LogbookExchange

    with w.db.writer.begin() as session:
        session.execute(update(LogbookExchange).where(LogbookExchange.token == token).values(
            created_at=datetime(day.year, day.month, day.day, 9)))


def test_a_saved_day_before_the_export_is_not_the_countersignature_s(world: World, tmp_path: Path) -> None:
    """The saved day in the workbook's properties is not signed by the office: a day before the file was written
    is not taken — the approval and the file's ratings are dated the import's day, and the report says why; a
    saved day after the export dates both the approval and the ratings."""
    from sqlalchemy import select

    from tests.logbook.conftest import add_catalogue
    from tests.logbook.test_exchange_ratings import LEVEL, RATINGS, _rows
    from vetdesk.storage.models import Assessment

    w = world
    codes = add_catalogue(w)
    week = logbook.write_week(w.db, agreement_id=w.mine, week=w.week(1),
                              values={"activities": "Soldadura", "status": "submitted"}).id
    today = date.today()
    for n, (written, saved, dated) in enumerate((
            (today, w.week(3) + timedelta(days=5), today),  # backdated: before the export
            (w.week(3), w.week(3) + timedelta(days=5), w.week(3) + timedelta(days=5)))):
        if n:
            logbook.write_week(w.db, agreement_id=w.mine, week=w.week(2),
                               values={"activities": "Torneado", "status": "submitted"})
            week = next(r["id"] for r in records.list_records(w.db, "logbook")
                        if r["agreement_id"] == w.mine and r["week_start"] == w.week(2))
        out = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / f"ivan{n}.xlsx", instructor_id=w.instructor)
        _written_on(w, out.token, written)
        row = next(r for r in range(exchange.FIRST_ROW, exchange.FIRST_ROW + 20)
                   if _week_of(out.path, r) == records.get(w.db, "logbook", week)["week_start"])
        filled = fill(out.path, tmp_path / f"f{n}.xlsx", {(row, DECISION): "approve (countersign)"})
        rows = _rows(filled)
        filled = fill(filled, tmp_path / f"g{n}.xlsx", {(rows["MAN-1"], LEVEL): 2 + n}, sheet=RATINGS)
        report = exchange.import_workbook(w.db.as_user(OFFICER), _saved_on(filled, saved))
        assert records.get(w.db, "logbook", week)["reviewed_on"] == dated
        with w.db.reader() as session:
            rating_day = session.scalar(select(Assessment.assessed_on).where(
                Assessment.agreement_id == w.mine, Assessment.competency_id == codes["MAN-1"],
                Assessment.level == 2 + n))
        assert rating_day == dated, n
        notes = " ".join(" ".join(r.notes) for r in report.rows)
        from vetdesk import i18n

        said = f"The file says it was saved on {i18n.shown_day(saved)}"
        assert (said in notes) == (n == 0), notes


def _week_of(path: Path, row: int) -> date | None:
    import openpyxl

    key = openpyxl.load_workbook(path).worksheets[0].cell(row, 1).value
    return date.fromisoformat(str(key).split(":")[1]) if key and ":" in str(key) else None


def _minor(w: World) -> int:
    """A 16-year-old apprentice of Iván's, on an agreement like the others (4 days of 8 hours at the company)."""
    from tests import factories as f
    from tests.logbook.conftest import START

    birth = date.today().replace(day=1) - timedelta(days=16 * 365 + 120)
    apprentice = f.make_apprentice(w.db, birth_date=birth, first_surname="Benítez")
    agreement = f.make_agreement(w.db, company_id=w.company, instructor_id=w.instructor, programme_id=records.get(
        w.db, "agreements", w.mine)["programme_id"], apprentice_id=apprentice, start_date=START,
        end_date=START + timedelta(days=364), training_record_form="electronic", daily_hours="8", company_days=4)
    f.activate(w.db, agreement)
    return agreement


def test_a_minor_s_week_is_limited_in_the_file_as_the_import_limits_it(world: World, tmp_path: Path) -> None:
    """The workbook limits a minor's Hours at the company per row to the weekly hours rule's most (the rule's
    words as the cell's error); an adult's rows keep the field's own range; instructor mode reads the limit and
    refuses 40 hours with the rule's words, as the import does."""
    import openpyxl

    from vetdesk.domain import logbook as L
    from vetdesk.domain.problems import RuleViolation
    from vetdesk.services import exchange_file as XF

    w = world
    _minor(w)
    out = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "ivan.xlsx", instructor_id=w.instructor,
                                   language="es")
    sheet = openpyxl.load_workbook(out.path).worksheets[0]
    limited = [dv for dv in sheet.data_validations.dataValidation
               if dv.type == "decimal" and dv.formula2 in ("32", "32.00")]
    assert limited, [(dv.type, dv.formula2, dv.error) for dv in sheet.data_validations.dataValidation]
    assert all("16 años" in dv.error and "32" in dv.error for dv in limited)  # one per row: its week named
    opened = XF.open_file(out.path)
    mine = [wk for wk in opened.weeks if wk.hours_limit is not None]
    assert len(mine) == len(limited) and all("Benítez" in wk.apprentice for wk in mine)
    assert all(wk.hours_limit is None for wk in opened.weeks if "Benítez" not in wk.apprentice)
    week = mine[0]
    assert XF.hours_problem("32", "hours", week.hours_limit) is None
    problem = XF.hours_problem("40", "hours", week.hours_limit)
    assert problem is not None and problem.field == "hours" and "32" in problem.message
    import pytest

    filled = XF.replace(week, activities="Torneado", hours="40")
    with pytest.raises(RuleViolation) as refused:
        XF.with_review(filled, opened, L.Review.APPROVE, today=date.today() + timedelta(days=400))
    assert any(p.code == "hours.minor_week" for p in refused.value.problems)


def test_instructor_mode_opens_a_file_with_an_over_long_cell_keeping_the_rest(world: World, tmp_path: Path) -> None:
    """A 200,000-character text pasted into one cell: instructor mode opens the file, that cell empty and named
    with the field's limit, the other cells as typed; saved, the office takes the file."""
    from vetdesk.services import exchange_file as XF

    w = world
    out = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "ivan.xlsx", instructor_id=w.instructor,
                                   language="en")
    filled = fill(out.path, tmp_path / "f.xlsx", {(row_of(1), ACTIVITIES): "x" * 200_000,
                                                  (row_of(2), ACTIVITIES): "Torneado de ejes"})
    opened = XF.open_file(filled)
    assert len(opened.refused) == 1 and "at most" in opened.refused[0] and "What" in opened.refused[0], opened.refused
    by_row = {wk.row: wk for wk in opened.weeks}
    assert by_row[row_of(1)].activities == "" and by_row[row_of(2)].activities == "Torneado de ejes"
    XF.save_file(opened, opened.weeks, opened.ratings)
    report = exchange.import_workbook(w.db.as_user(OFFICER), filled)
    assert report.written


def test_the_export_week_s_later_days_are_open_and_the_import_refuses_days_still_to_come(
        world: World, tmp_path: Path) -> None:
    """Written on a Thursday, the file leaves that week's Friday open (filled at the week's end; a six-day
    agreement's Saturday too); taken back on the Thursday, a Friday given is refused, named with its day; on the
    Friday it is taken."""
    import openpyxl
    import pytest

    from tests.logbook.test_exchange import FRI, SAT
    from vetdesk.domain import logbook as L
    from vetdesk.storage.models import AttendanceDay

    w = world
    thursday = L.monday(date.today()) - timedelta(days=4)
    out = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "ivan.xlsx", instructor_id=w.instructor,
                                   language="en", today=thursday)
    sheet = openpyxl.load_workbook(out.path).worksheets[0]
    last = next(r for r in range(exchange.FIRST_ROW, sheet.max_row + 1)
                if str(sheet.cell(r, 1).value or "").endswith(L.monday(thursday).isoformat())
                and str(sheet.cell(r, 1).value).startswith(f"{w.mine}:"))
    assert sheet.cell(last, FRI).value != exchange.CLOSED and not sheet.cell(last, FRI).protection.locked
    assert sheet.cell(last, SAT).value == exchange.CLOSED  # a five-day agreement: no Saturday (ex25c)
    filled = fill(out.path, tmp_path / "f.xlsx", {(last, FRI): "present"})
    with pytest.raises(exchange.ExchangeRefused) as refused:
        exchange.import_workbook(w.db.as_user(OFFICER), filled, today=thursday)
    from vetdesk import i18n

    assert f"{i18n.shown_day(thursday + timedelta(days=1))} is in the future" in str(
        [p.message for p in refused.value.problems])
    exchange.import_workbook(w.db.as_user(OFFICER), filled, today=thursday + timedelta(days=1))
    from sqlalchemy import select

    with w.db.reader() as session:
        assert session.scalar(select(AttendanceDay.presence).where(
            AttendanceDay.agreement_id == w.mine, AttendanceDay.day == thursday + timedelta(days=1))) == "present"


def test_a_week_countersigned_since_is_counted_as_kept_not_as_up_to_date(world: World, tmp_path: Path,
                                                                         cli) -> None:
    """An older file taken back after the office countersigned its week: the row says why its values are not
    taken, and the summary counts it as a week countersigned since, not as a row already up to date; taking
    "all" does not take it."""
    w = world
    week = logbook.write_week(w.db, agreement_id=w.mine, week=w.week(1),
                              values={"activities": "Soldadura", "status": "submitted"}).id
    out = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "ivan.xlsx", instructor_id=w.instructor)
    logbook.review(w.db, week, decision="approve")
    filled = fill(out.path, tmp_path / "f.xlsx", {(row_of(1), ACTIVITIES): "Soldadura MIG",
                                                  (row_of(1), DECISION): "return for correction",
                                                  (row_of(1), 18): "más detalle"})
    report = exchange.import_workbook(w.db.as_user(OFFICER), filled, take="all")
    row = report.rows[1]
    assert row.settled and row.outcome == "conflict" and not row.taken and row.notes
    summary = report.summary()
    assert "1 week countersigned at the office since the file was written (kept as signed)" in summary, summary
    assert "0 rows already up to date" in summary and "0 conflicts kept" in summary, summary
    assert records.get(w.db, "logbook", week)["status"] == "approved"
    assert records.get(w.db, "logbook", week)["activities"] == "Soldadura"


def test_another_instructor_s_week_is_not_found(world: World) -> None:
    """Reviewing (or reading the weeks of) another instructor's apprentice says "not found", as the README
    promises, never that the week or agreement exists."""
    import pytest

    from vetdesk.domain.problems import RuleViolation

    w = world
    theirs = logbook.write_week(w.db, agreement_id=w.other, week=w.week(0),
                                values={"activities": "Tornos", "status": "submitted"}).id
    with pytest.raises(RuleViolation) as refused:
        logbook.review(w.db, theirs, decision="approve", actor=w.me)
    assert refused.value.problems[0].message == f"There is no weekly report with id {theirs}."
    with pytest.raises(RuleViolation) as refused:
        logbook.agreement_logbook(w.db, w.other, actor=w.me)
    assert refused.value.problems[0].message.startswith(f"There is no learning agreement with id {w.other}.")
    assert "instruct" not in refused.value.problems[0].message
