"""Issue 25, the trial of the exchange file (fix25i): a week returned for correction is offered no approval — not
in the workbook's drop-down, not in instructor mode (Approve disabled, with the rule's words) — and a file that
approves one all the same loses only that agreement's rows, said by name, the rest being taken."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from PySide6.QtWidgets import QAbstractButton, QLabel, QListWidget
from sqlalchemy import select, update

from tests.logbook.conftest import OFFICER, World, fill
from tests.scenarios import test_logbook as scenes
from tests.scenarios.person import Person
from tests.scenarios.test_logbook_trial import _close_instructor_mode, _instructor_mode, _open_week
from vetdesk import i18n
from vetdesk.domain import logbook as L
from vetdesk.i18n import _
from vetdesk.services import exchange, exchange_file, logbook
from vetdesk.storage.models import LearningAgreement, LogbookWeek

world = scenes.world

DECISION, KEY = 17, 1


def _return_week(w: World, agreement: int, n: int) -> None:
    with w.db.reader() as session:
        week = session.scalar(select(LogbookWeek.id).where(LogbookWeek.agreement_id == agreement,
                                                           LogbookWeek.week_start == w.week(n)))
    assert week is not None
    logbook.review(w.db, week, decision="return", note="corrija las horas")


def _status(w: World, agreement: int, n: int) -> str | None:
    with w.db.reader() as session:
        return session.scalar(select(LogbookWeek.status).where(LogbookWeek.agreement_id == agreement,
                                                               LogbookWeek.week_start == w.week(n)))


def test_a_returned_week_offers_no_approval_in_the_workbook_nor_in_instructor_mode(
        qtbot, world, qsettings, monkeypatch, tmp_path: Path, language) -> None:  # type: ignore[no-untyped-def]
    w: World = world
    _return_week(w, w.mine, 3)
    book, window = _instructor_mode(qtbot, w, tmp_path, language)
    person = Person(qtbot, window, f"fix25i-returned-{language}")
    try:
        # The workbook's drop-down: the returned week's row has no approval; the next week's has.
        t = i18n.translator(language)
        approve = t.gettext(L.REVIEW_LABELS[L.Review.APPROVE])
        ws = openpyxl.load_workbook(book).worksheets[0]
        lists = exchange_file._lists_by_cell(ws)
        row_of = {str(ws.cell(r, KEY).value): r for r in range(exchange.FIRST_ROW, ws.max_row + 1)}
        returned = lists[f"Q{row_of[f'{w.mine}:{w.week(3).isoformat()}']}"]
        handed_in = lists[f"Q{row_of[f'{w.mine}:{w.week(4).isoformat()}']}"]
        assert approve not in returned and t.gettext(L.REVIEW_LABELS[L.Review.COMMENT]) in returned
        assert approve in handed_in
        # Instructor mode: Approve is disabled on the returned week, with the rule's words on screen.
        weeks = person.find(_("Open weeks"), QListWidget)
        _open_week(person, weeks, 0)  # week 3, returned
        button = person.find(_("Approve (countersign)"), QAbstractButton)
        why = person.find(_("Why a decision is not offered"), QLabel)
        rule = L.review_problems(L.WeekStatus.RETURNED.value, L.Review.APPROVE)[0].message
        assert not button.isEnabled()
        assert why.isVisible() and why.text() == rule and button.toolTip() == rule
        person.shot("returned")
        _open_week(person, weeks, 1)  # week 4, handed in
        assert button.isEnabled() and not why.isVisible()
    finally:
        _close_instructor_mode(window, monkeypatch)
    # Approved past the drop-down in a spreadsheet program: instructor mode opens the decision empty, and says so.
    from vetdesk.ui.instructor_mode import open_window

    typed = fill(book, tmp_path / "typed.xlsx", {(row_of[f"{w.mine}:{w.week(3).isoformat()}"], DECISION): approve})
    window = open_window(typed)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    person = Person(qtbot, window, f"fix25i-returned-typed-{language}")
    try:
        assert window.weeks[0].decision == ""
        said = person.find(_("Cells to fill in again"), QLabel)
        assert said.isVisible() and rule in said.text() and exchange_file.week_name(window.weeks[0]) in said.text()
        person.shot("decision-opened-empty")
    finally:
        _close_instructor_mode(window, monkeypatch)


def test_a_file_approving_a_returned_week_loses_that_agreement_only(
        world, tmp_path: Path, language) -> None:  # type: ignore[no-untyped-def]
    """A file edited past its drop-down (a spreadsheet program that ignores it): the import takes the other
    agreement's approval and says by name why the returned week's agreement is not taken (the whole file was)."""
    w: World = world
    # Both apprentices instructed by Iván: his file holds both agreements.
    with w.db.writer() as session, session.begin():
        session.execute(update(LearningAgreement).where(LearningAgreement.id == w.other)
                        .values(instructor_id=w.instructor))
    _return_week(w, w.mine, 3)
    book = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "ivan.xlsx", instructor_id=w.instructor,
                                    language=language).path
    t = i18n.translator(language)
    approve = t.gettext(L.REVIEW_LABELS[L.Review.APPROVE])
    ws = openpyxl.load_workbook(book).worksheets[0]
    row_of = {str(ws.cell(r, KEY).value): r for r in range(exchange.FIRST_ROW, ws.max_row + 1)}
    mine, theirs = row_of[f"{w.mine}:{w.week(3).isoformat()}"], row_of[f"{w.other}:{w.week(4).isoformat()}"]
    filled = fill(book, tmp_path / "filled.xlsx", {(mine, DECISION): approve, (theirs, DECISION): approve})
    report = exchange.import_workbook(w.db.as_user(OFFICER), filled, today=w.week(30))
    by_row = {r.row: r for r in report.rows if r.week is not None}
    assert by_row[mine].outcome == "refused"
    said = by_row[mine].problems[0]
    assert "García" in said and _(L.REVIEW_LABELS[L.Review.APPROVE]) in said
    assert L.review_problems(L.WeekStatus.RETURNED.value, L.Review.APPROVE)[0].message in said
    assert _status(w, w.mine, 3) == L.WeekStatus.RETURNED  # nothing of it written
    assert _status(w, w.other, 4) == L.WeekStatus.APPROVED  # the rest taken
    assert report.written and report.count("refused") == 1


def test_instructor_mode_clears_the_approval_of_a_week_whose_formula_it_empties(
        qtbot, world, qsettings, monkeypatch, tmp_path: Path, language) -> None:  # type: ignore[no-untyped-def]
    """Iván began the file in a spreadsheet program: week 5's text is a formula and he chose to approve it. Instructor
    mode opens the text empty — and with it the approval, said beside the cell's name; saved, the office takes the
    file (it refused it whole: "An empty week is not countersigned")."""
    from vetdesk.ui.instructor_mode import open_window

    w: World = world
    book = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "ivan.xlsx", instructor_id=w.instructor,
                                    language=language).path
    approve = i18n.translator(language).gettext(L.REVIEW_LABELS[L.Review.APPROVE])
    row = exchange.FIRST_ROW + 2  # week 5: nothing written
    filled = fill(book, tmp_path / "ivan-begun.xlsx", {
        (row, exchange.ACTIVITIES + 1): '=CONCATENATE("Ajuste ","de ejes")', (row, DECISION): approve,
        (row + 1, exchange.ACTIVITIES + 1): "Torneado de ejes"})
    window = open_window(filled)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    person = Person(qtbot, window, f"fix25i-formula-approval-{language}")
    try:
        said = person.find(_("Cells to fill in again"), QLabel)
        week = window.weeks[2]
        assert week.decision == "" and week.activities == ""
        assert _("{week}: its approval is removed, as cells of it are opened empty: type their values, then approve "
                 "the week again.").format(week=exchange_file.week_name(week)) in said.text()
        weeks = person.find(_("Open weeks"), QListWidget)
        assert approve not in weeks.item(2).text()
        person.shot("approval-removed")
        person.click(_("Save to the file"))
        qtbot.waitUntil(lambda: not said.isVisible(), timeout=3000)
    finally:
        _close_instructor_mode(window, monkeypatch)
    report = exchange.import_workbook(w.db.as_user(OFFICER), filled)
    assert report.written
    assert _status(w, w.mine, 5) in (None, L.WeekStatus.DRAFT.value)  # not countersigned, not refused
    with w.db.reader() as session:
        assert session.scalar(select(LogbookWeek.activities).where(
            LogbookWeek.agreement_id == w.mine, LogbookWeek.week_start == w.week(6))) == "Torneado de ejes"


def test_a_week_approved_in_the_file_says_no_day_of_decision_it_does_not_know(
        world, tmp_path: Path, language) -> None:  # type: ignore[no-untyped-def]
    """The trial's printout said the instructor countersigned "on 3 December 2026 in the exchange file" — the day the
    office imported it; the file carries no day of decision. The printed form and the week's record say what is
    known: approved in the exchange file, received at the office on that day."""
    from datetime import date

    from tests.reports.conftest import pdf_text
    from vetdesk.reports import words
    from vetdesk.reports.weekly_form import week_pdf
    from vetdesk.services import records

    w: World = world
    book = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "ivan.xlsx", instructor_id=w.instructor,
                                    language=language).path
    approve = i18n.translator(language).gettext(L.REVIEW_LABELS[L.Review.APPROVE])
    filled = fill(book, tmp_path / "ivan-filled.xlsx", {(exchange.FIRST_ROW, DECISION): approve})  # saved today
    exchange.import_workbook(w.db.as_user(OFFICER), filled)
    assert _status(w, w.mine, 3) == L.WeekStatus.APPROVED
    for lang in ("es_MX", "de"):
        t = i18n.translator(lang)
        printed = " ".join(pdf_text(week_pdf(w.db, w.mine, w.week(3), lang=lang)).split())
        said = t.gettext(L.FILE_APPROVAL).format(user="Ing. Iván Robles", received=words.day(t, date.today()))
        assert said in printed, printed
        assert t.gettext(L.FILE_APPROVAL) != L.FILE_APPROVAL  # translated
    week = next(r for r in records.list_records(w.db, "logbook")
                if r["agreement_id"] == w.mine and r["week_start"] == w.week(3))
    shown = records.get(w.db, "logbook", week["id"])["countersignature"]
    assert shown.startswith(_(L.FILE_APPROVAL).format(user="Ing. Iván Robles", received=i18n.shown_day(date.today())))
    assert "olga" in shown
