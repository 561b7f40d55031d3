"""A new user's trials of issue 25 (fix25g): the printed week lists only the agreement's working days."""

from __future__ import annotations

from datetime import timedelta

from tests import factories as f
from tests.logbook.conftest import START, World
from tests.reports.conftest import pdf_text
from vetdesk.domain import logbook as L
from vetdesk.services import logbook, records


def test_the_printed_week_lists_only_the_agreement_s_working_days(world: World) -> None:
    """A five-day week (4 at the company, 1 at school, the factory's) prints Monday to Friday; a Saturday recorded
    all the same still shows; a six-day agreement prints its Saturday."""
    from vetdesk.reports.weekly_form import week_pdf

    w = world
    assert L.working_days(4, 1) == 5 and L.working_days(5, 1) == 6 and L.working_days(None, None) == 6
    week = w.week(2)
    for lang, saturday, friday in (("en", "Saturday", "Friday"), ("es", "Sábado", "Viernes"),
                                   ("de", "Samstag", "Freitag")):
        shown = pdf_text(week_pdf(w.db, w.mine, week, lang=lang))
        assert friday in shown and saturday not in shown, lang
    logbook.record_attendance(w.db, agreement_id=w.mine, days={week + timedelta(days=5): "present"})
    assert "Saturday" in pdf_text(week_pdf(w.db, w.mine, week, lang="en"))
    six = f.make_agreement(w.db, company_id=w.company, instructor_id=w.instructor, programme_id=records.get(
        w.db, "agreements", w.mine)["programme_id"], start_date=START, end_date=START + timedelta(days=364),
        company_days=5, school_days=1)
    f.activate(w.db, six)
    assert "Saturday" in pdf_text(week_pdf(w.db, six, week, lang="en"))


def test_vetdesk_progress_says_the_weekly_reports_and_attendance_as_the_progress_report(world: World, cli) -> None:
    """``vetdesk progress`` says, for the apprentice's agreement, the weeks countersigned of those due, the
    missing ones and the attendance by kind, in the progress report's words (one count and one wording)."""
    import json

    from vetdesk.reports import render

    w = world
    first = logbook.write_week(w.db, agreement_id=w.mine, week=w.week(0),
                               values={"activities": "Montaje de tableros", "hours": "24", "status": "submitted"}).id
    logbook.review(w.db, first, decision="approve", actor=w.me)
    logbook.write_week(w.db, agreement_id=w.mine, week=w.week(1),
                       values={"activities": "Soldadura", "hours": "24", "status": "submitted"})
    days = w.week(1)
    logbook.record_attendance(w.db, agreement_id=w.mine, days={
        days: "present", days + timedelta(days=1): "present", days + timedelta(days=2): "excused",
        days + timedelta(days=3): "unexcused", days + timedelta(days=4): "school"})
    apprentice = records.get(w.db, "agreements", w.mine)["apprentice_id"]
    code, out, _err = cli(w.db, "progress", str(apprentice))
    assert code == 0
    shown = " ".join(out.split())
    pdf = " ".join(pdf_text(render.progress_pdf(w.db, agreement_id=w.mine, lang="en")).split())
    for said in ("1 of 6 weekly reports countersigned.", "Waiting for review: 1; returned for correction: 0; "
                 "missing: 4;", "Attendance: 5 days recorded, 2 of them absent",
                 "At the company: present 2, absent excused 1, absent unexcused 1. At school: present 1"):
        assert said in shown and said in pdf, said
    code, out, _err = cli(w.db, "progress", str(apprentice), "--json")
    data = json.loads(out)["logbook"]
    assert (data["weeks_due"], data["approved"], data["missing"], data["by_instructor"]) == (6, 1, 4, 1)
    assert (data["attendance"]["present"], data["attendance"]["excused"], data["attendance"]["unexcused"]) == (2, 1, 1)


def test_the_overdue_rule_counts_from_the_office_s_day_and_not_for_paper_records() -> None:
    """domain.logbook: weeks before the day the office keeps weekly reports in vetdesk are neither missing nor
    overdue; an agreement whose training record is kept on paper has no overdue week; the first week due (the
    dashboard's) counts from the office's day too."""
    from datetime import date

    start, today = date(2026, 1, 7), date(2026, 6, 3)
    every = L.logbook_state(start=start, last=date(2026, 12, 31), today=today, reports={}, overdue_days=14)
    kept = L.logbook_state(start=start, last=date(2026, 12, 31), today=today, reports={}, overdue_days=14,
                           kept_since=date(2026, 5, 6), record_form="electronic")
    paper = L.logbook_state(start=start, last=date(2026, 12, 31), today=today, reports={}, overdue_days=14,
                            kept_since=date(2026, 5, 6), record_form="paper")
    assert len(every.overdue) == 19 and every.weeks[0].overdue
    assert [w.monday for w in kept.overdue] == [date(2026, 5, 4), date(2026, 5, 11)]
    # Issue 25 (paper25i): the weeks before the office's day are not missing either, and a paper record owes none.
    assert kept.count(L.Gap.MISSING) == 4 and kept.count(L.Gap.BEFORE) == every.count(L.Gap.MISSING) - 4
    assert kept.expected == 4 and kept.kept_since == date(2026, 5, 6) and every.kept_since is None
    assert paper.on_paper and paper.expected == 0 and paper.count(L.Gap.ON_PAPER) == len(paper.weeks)
    assert paper.overdue == [] and L.kept_in_vetdesk(None) and not L.kept_in_vetdesk("paper")
    assert L.first_due(start, [], date(2026, 5, 6)) == date(2026, 5, 4)
    assert L.first_due(start, [date(2026, 5, 4)], date(2026, 5, 6)) == date(2026, 5, 11)
    assert L.first_due(start, [], date(2025, 5, 6)) == L.first_week(start)


def test_vetdesk_check_warns_of_overdue_weekly_reports_by_the_dashboard_s_rule(world: World, cli) -> None:
    """``vetdesk check`` names the agreements the dashboard counts overdue (the one rule: from the office's day,
    not for a record kept on paper), with their first week due."""
    from vetdesk.services import dashboard
    from vetdesk.services.checks import check_database

    w = world
    paper = f.make_agreement(w.db, company_id=w.company, instructor_id=w.instructor, programme_id=records.get(
        w.db, "agreements", w.mine)["programme_id"], start_date=START, end_date=START + timedelta(days=364),
        training_record_form="paper")
    f.activate(w.db, paper)
    overdue = sorted(dashboard.dashboard(w.db).item("logbook_overdue").filters["ids"])
    assert overdue == sorted([w.mine, w.other])  # not the one kept on paper
    found = [x for x in check_database(w.db) if x.problem.code == "logbook.overdue"]
    assert sorted(x.record_id for x in found) == overdue
    assert all(x.problem.severity.value == "warning" for x in found)
    assert sorted(dashboard.dashboard(w.db.as_user(w.me)).item("logbook_overdue").filters["ids"]) == [w.mine]
    code, out, _err = cli(w.db, "check")
    from tests.cli.test_cli_check_words import named

    assert f"{named(w.db, 'agreements', w.mine)}: " in out and "Weekly reports overdue" in out


def test_the_office_s_day_is_set_on_the_command_line_and_refused_when_no_date(db, cli) -> None:
    """``vetdesk settings logbook_kept_since=…`` takes a date as the user writes one; what is no date is refused at
    the setting, in the user's words, and nothing changes."""
    from vetdesk.services.settings import office_settings

    code, _out, _err = cli(db, "settings", "logbook_kept_since=9/14/2026")
    assert code == 0 and office_settings(db)["logbook_kept_since"] == "2026-09-14"
    code, _out, err = cli(db, "settings", "logbook_kept_since=someday")
    assert code != 0 and "Weekly reports kept in vetdesk since: someday is not a date" in err
    assert "Traceback" not in err and office_settings(db)["logbook_kept_since"] == "2026-09-14"
    code, _out, _err = cli(db, "settings", "logbook_kept_since=")
    assert code == 0 and office_settings(db)["logbook_kept_since"] == ""


def test_instructor_mode_knows_the_file_s_language(world: World, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The workbook written in the instructor's language opens instructor mode in it (unless --lang says
    otherwise): the file's language is known by its decisions' drop-down."""
    from tests.logbook.conftest import OFFICER
    from vetdesk.services import exchange
    from vetdesk.services import exchange_file as XF

    w = world
    for language in ("de", "es", "pt", "en"):
        book = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / f"{language}.xlsx",
                                        instructor_id=w.instructor, language=language).path
        assert XF.file_language(XF.open_file(book)) == language
