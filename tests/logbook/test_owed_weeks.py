"""A new user's trial of issue 25 (log25h): weeks owed, attendance by class, the printed week."""

from __future__ import annotations

from datetime import timedelta

from tests.logbook.conftest import World
from tests.reports.conftest import pdf_text
from vetdesk.domain import logbook as L
from vetdesk.services import logbook, records


def test_a_sick_day_is_an_excused_absence_at_the_company() -> None:
    a = L.Attendance.of(["present", "sick", "unexcused", "school", "school_unexc", "holiday"])
    assert a.in_class("company", "excused") == 1 and a.in_class("company", "unexcused") == 1
    assert a.in_class("company", "present") == 1 and a.in_class("school", "present") == 1
    assert a.in_class("school", "unexcused") == 1 and a.in_class("school", "excused") == 0
    # every code but the holiday is counted in exactly one class
    assert set(L.CLASS_OF) == set(L.PRESENCE_CODES) - {"holiday"}


def test_the_progress_report_counts_the_sick_day_as_excused(world: World, cli) -> None:
    from vetdesk.reports import render

    w = world
    days = w.week(1)
    logbook.record_attendance(w.db, agreement_id=w.mine, days={
        days: "present", days + timedelta(days=1): "sick", days + timedelta(days=2): "unexcused",
        days + timedelta(days=3): "present", days + timedelta(days=4): "school"})
    apprentice = records.get(w.db, "agreements", w.mine)["apprentice_id"]
    code, out, _err = cli(w.db, "progress", str(apprentice))
    assert code == 0
    shown = " ".join(out.split())
    pdf = " ".join(pdf_text(render.progress_pdf(w.db, agreement_id=w.mine, lang="en")).split())
    said = "At the company: present 2, absent excused 1, absent unexcused 1. At school: present 1"
    assert said in shown and said in pdf


def test_a_sentence_ending_in_a_company_s_name_keeps_one_period(world: World, tmp_path, cli) -> None:
    from vetdesk.i18n import end_sentence

    w = world
    code, _out, err = cli(w.db, "logbook", "export", "--company", str(w.company), "-o", str(tmp_path / "c.xlsx"))
    assert code == 0 and "S.A. de C.V." in err and "C.V.." not in err, err
    assert end_sentence("Espere...") == "Espere..." and end_sentence("Fin.") == "Fin."
    # Anywhere a sentence ends, not only at the end of the text; every refusal and every line said (fix25l: a
    # company's file refusing --approved-by 10 ended "…Bavaria S.A. de C.V..").
    assert end_sentence("of Acme S.A. de C.V.. Choose one (Acme S.A.. x)") == \
        "of Acme S.A. de C.V. Choose one (Acme S.A. x)"
    assert end_sentence("v1..v2 and … and ... . end") == "v1..v2 and … and ... . end"
    code, _out, err = cli(w.db, "logbook", "import", str(tmp_path / "c.xlsx"), "--approved-by", "10")
    assert code == 1 and "S.A. de C.V." in err and "C.V.." not in err, err


def test_vetdesk_check_names_no_empty_field_for_a_finding_about_the_whole_agreement(world: World, cli) -> None:
    code, out, _err = cli(world.db, "check")
    lines = [line for line in out.splitlines() if "Weekly reports overdue" in line]
    from tests.cli.test_cli_check_words import named

    assert lines and all(f"{named(world.db, 'agreements', world.mine)}: warning: Weekly reports overdue" in line
                         or f"{named(world.db, 'agreements', world.other)}: warning: Weekly reports overdue" in line
                         for line in lines), out
    assert ": : " not in out


def test_a_week_prints_on_one_page_and_a_countersigned_one_shows_its_countersignature(world: World, tmp_path) -> None:
    """A one-week printout ran to two pages (the second only the signature block), and a countersigned week
    still printed "Date: ____" lines to sign again."""
    import io

    from pypdf import PdfReader

    from vetdesk.reports.weekly_form import week_pdf

    w = world
    activities = "Línea 1\nMontaje de tableros de control, pruebas de continuidad y documentación del trabajo."
    ids = []
    for n, status in ((1, "submitted"), (2, "submitted")):
        ids.append(logbook.write_week(w.db, agreement_id=w.mine, week=w.week(n),
                           values={"activities": activities, "hours": "32", "school_hours": "8",
                                   "school_topics": "Electrónica", "status": status}).id)
        logbook.record_attendance(w.db, agreement_id=w.mine, days={
            w.week(n) + timedelta(days=d): ("school" if d == 4 else "present") for d in range(5)})
    logbook.review(w.db, ids[0], decision="approve", actor=w.me)
    for lang in ("es", "en", "de"):
        signed = week_pdf(w.db, w.mine, w.week(1), lang=lang)
        waiting = week_pdf(w.db, w.mine, w.week(2), lang=lang)
        assert len(PdfReader(io.BytesIO(signed)).pages) == 1, lang
        assert len(PdfReader(io.BytesIO(waiting)).pages) == 1, lang
        (tmp_path / f"signed-{lang}.pdf").write_bytes(signed)
        (tmp_path / f"waiting-{lang}.pdf").write_bytes(waiting)
    assert "____" not in pdf_text(week_pdf(w.db, w.mine, w.week(1), lang="en"))
    shown = " ".join(pdf_text(week_pdf(w.db, w.mine, w.week(1), lang="en")).split())
    assert "Countersigned in vetdesk by the company instructor" in shown, shown
    assert "Date: ____" in pdf_text(week_pdf(w.db, w.mine, w.week(2), lang="en"))


def test_hours_beyond_the_recorded_attendance_are_warned_of_on_saving_and_by_check(world: World, cli) -> None:
    """A week with 32 h at the company but 3 days present, and 8 h at school with an unexcused school absence,
    was approved and ``vetdesk check`` said nothing."""
    import pytest

    from vetdesk.domain.problems import WarningsNotAccepted
    from vetdesk.services.checks import check_database

    w = world
    week = w.week(2)
    logbook.record_attendance(w.db, agreement_id=w.mine, days={
        week: "present", week + timedelta(days=1): "present", week + timedelta(days=2): "present",
        week + timedelta(days=3): "holiday", week + timedelta(days=4): "school_unexc"})
    values = {"agreement_id": w.mine, "week_start": week, "activities": "Tornos", "hours": "32",
              "school_hours": "8", "status": "submitted"}
    with pytest.raises(WarningsNotAccepted) as refused:
        records.create(w.db, "logbook", values)
    found = {p.field: p.message for p in refused.value.problems if p.code == "logbook.hours_attendance"}
    assert set(found) == {"hours", "school_hours"}
    assert "3 days" in found["hours"] and "(18 h at 6 h a day)" in found["hours"] and "0 days" in found["school_hours"]
    week_id = records.create(w.db, "logbook", values, accept_warnings=True).id
    # Hours within the days present: no warning.
    fine = logbook.write_week(w.db, agreement_id=w.mine, week=w.week(3),
                              values={"activities": "Tornos", "hours": "40", "status": "submitted"})
    assert not [p for p in fine.warnings if p.code == "logbook.hours_attendance"]
    findings = [x for x in check_database(w.db) if x.problem.code == "logbook.hours_attendance"]
    assert sorted((x.record_id, x.problem.field) for x in findings) == [(week_id, "hours"), (week_id, "school_hours")]
    # The check window names the week as its form's title does (it crashed: a weekly report has no name column).
    from vetdesk.services.checks import described

    shown = described(w.db, findings)
    title = records.record_title(w.db, "logbook", records.get(w.db, "logbook", week_id))
    assert {d.record for d in shown} == {f"Weekly report: {title}"}, shown
    code, out, _err = cli(w.db, "check")
    assert f"Weekly report {title}: warning: Hours at the company: 32 h" in out, out
    # Countersigning it on the command line says the same warnings (it said nothing).
    code, out, err = cli(w.db, "logbook", "review", str(week_id), "approve")
    assert code == 0, err
    assert "Hours at the company" in err and "(18 h at 6 h a day)" in err, (out, err)


def test_the_exchange_file_s_import_says_the_hours_beyond_the_attendance(world: World, tmp_path) -> None:
    from tests.logbook.conftest import OFFICER, fill
    from tests.logbook.test_exchange import ACTIVITIES, DECISION, FRI, HOURS, MON, SCHOOL_HOURS, THU, TUE, WED, row_of
    from vetdesk.services import exchange

    w = world
    path = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "x.xlsx", instructor_id=w.instructor).path
    filled = fill(path, tmp_path / "filled.xlsx", {
        (row_of(2), MON): "present", (row_of(2), TUE): "present", (row_of(2), WED): "present",
        (row_of(2), THU): "holiday", (row_of(2), FRI): "unexcused absence from school",
        (row_of(2), HOURS): 32, (row_of(2), SCHOOL_HOURS): 8, (row_of(2), ACTIVITIES): "Tornos",
        (row_of(2), DECISION): "approve (countersign)"})
    report = exchange.import_workbook(w.db.as_user(OFFICER), filled)
    row = next(r for r in report.rows if r.row == row_of(2))
    assert row.outcome == "write" and report.written
    notes = " ".join(row.notes)
    assert "Hours at the company: 32 h" in notes and "Hours at school: 8 h" in notes, row.notes


def test_the_exchange_file_holds_only_the_weeks_vetdesk_owes_and_paper_is_owed_when_keyed(world: World, tmp_path,
                                                                                            cli) -> None:
    """The exchange file exported every week since the start (146 rows, 134 for one agreement since May 2024)
    even with the office's day set later; a day still to come was accepted and silenced everything; a paper
    record was never owed, even for an office that keys its paper weeks back."""
    import openpyxl
    import pytest

    from tests import factories as f
    from tests.logbook.conftest import OFFICER, START
    from vetdesk.domain.problems import RuleViolation
    from vetdesk.services import dashboard, exchange
    from vetdesk.services.settings import office_settings, save_office_settings

    w = world
    paper = f.make_agreement(w.db, company_id=w.company, instructor_id=w.instructor, programme_id=records.get(
        w.db, "agreements", w.mine)["programme_id"], start_date=START, end_date=START + timedelta(days=364),
        training_record_form="paper")
    f.activate(w.db, paper)

    def exported() -> dict[str, set[str]]:
        path = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "x.xlsx", instructor_id=w.instructor,
                                        language="en").path
        sheet = openpyxl.load_workbook(path).worksheets[0]
        out: dict[str, set[str]] = {}
        for row in sheet.iter_rows(min_row=exchange.FIRST_ROW, values_only=True):
            if row[0]:
                agreement, monday = str(row[0]).split(":")
                out.setdefault(agreement, set()).add(monday)
        return out

    def overdue() -> list[int]:
        return sorted(dashboard.dashboard(w.db).item("logbook_overdue").filters["ids"])

    assert overdue() == sorted([w.mine, w.other])  # paper: not keyed into vetdesk by default
    code, _out, err = cli(w.db, "settings", "logbook_paper_owed=yes")
    assert code == 0 and office_settings(w.db)["logbook_paper_owed"] is True, err
    assert overdue() == sorted([w.mine, w.other, paper])
    assert logbook.agreement_logbook(w.db, paper).state.overdue == logbook.agreement_logbook(w.db, w.mine).state.overdue
    every = exported()
    assert len(every[str(paper)]) == len(every[str(w.mine)]) == 7
    code, _out, err = cli(w.db, "settings", f"logbook_kept_since={w.week(4).isoformat()}")
    assert code == 0, err
    rows = exported()
    assert rows[str(w.mine)] == rows[str(paper)] == {w.week(n).isoformat() for n in range(4, 7)}
    # None of the weeks from the office's day is over by more than the office's 14 days yet.
    assert overdue() == []
    # A day still to come is refused, in the user's words, and nothing changes.
    later = w.week(6) + timedelta(weeks=200)
    code, _out, err = cli(w.db, "settings", f"logbook_kept_since={later.isoformat()}")
    assert code == 1 and "Weekly reports kept in vetdesk since" in err and "still to come" in err, err
    assert office_settings(w.db)["logbook_kept_since"] == w.week(4).isoformat()
    with pytest.raises(RuleViolation):
        save_office_settings(w.db, {"logbook_kept_since": later})
    code, _out, err = cli(w.db, "settings", "logbook_paper_owed=maybe")
    assert code == 2 and "neither yes nor no" in err, err
