"""Issue 25 (paper25i): a training record kept on paper, and weeks before the office's "kept in vetdesk since" day,
read as "all missing" on the progress report and in ``vetdesk logbook show``; moving the day past weeks waiting
for review took them out of the instructor's exchange workbook while the dashboard still counted them."""

from __future__ import annotations

from datetime import timedelta

from tests import factories as f
from tests.logbook.conftest import OFFICER, START, World
from tests.reports.conftest import pdf_text
from vetdesk.services import logbook, records


def _paper(w: World) -> int:
    paper = f.make_agreement(w.db, company_id=w.company, instructor_id=w.instructor, programme_id=records.get(
        w.db, "agreements", w.mine)["programme_id"], start_date=START, end_date=START + timedelta(days=364),
        training_record_form="paper")
    f.activate(w.db, paper)
    return paper


def _progress(w: World, agreement: int, lang: str) -> str:
    from vetdesk.reports import render

    return " ".join(pdf_text(render.progress_pdf(w.db, agreement_id=agreement, lang=lang)).split())


def test_a_paper_record_is_said_kept_on_paper_not_all_missing_unless_the_office_keys_paper_in(world: World,
                                                                                              cli) -> None:
    w = world
    paper = _paper(w)
    # One paper week keyed in and countersigned at the office: listed, and counted as keyed in.
    week = logbook.write_week(w.db, agreement_id=paper, week=w.week(2),
                              values={"activities": "Montaje", "hours": "32", "status": "submitted"})
    logbook.review(w.db, week.id, decision="approve", actor=w.me)
    en, es = _progress(w, paper, "en"), _progress(w, paper, "es")
    assert "The training record is kept on paper, checked and signed by the instructor" in en, en
    assert "1 of 1 weekly report countersigned." in en and "missing: 0" in en, en
    assert "Weeks not countersigned" not in en, en
    assert "papel" in es and "faltantes: 0" in es, es
    code, out, err = cli(w.db, "logbook", "show", str(paper))
    assert code == 0, err
    shown = " ".join(out.split())
    assert "kept on paper" in shown and "Weeks due: 1; countersigned: 1;" in shown and "missing: 0" in shown, out
    assert "missing" not in out.split("missing: 0", 1)[1], out  # no week listed as missing
    data = logbook.agreement_logbook(w.db, paper).as_dict()
    assert data["on_paper"] is True and data["missing"] == 0 and data["weeks_due"] == 1
    # An office that keys its paper weeks back: they are owed, and counted missing.
    code, _out, err = cli(w.db, "settings", "logbook_paper_owed=yes")
    assert code == 0, err
    en = _progress(w, paper, "en")
    assert "kept on paper" not in en and "1 of 6 weekly reports countersigned." in en and "missing: 5" in en, en
    code, out, _err = cli(w.db, "logbook", "show", str(paper))
    assert "kept on paper" not in out and "Weeks due: 6; countersigned: 1;" in " ".join(out.split()), out


def test_weeks_before_the_office_s_day_are_not_listed_as_missing(world: World, cli) -> None:
    w = world
    code, _out, err = cli(w.db, "settings", f"logbook_kept_since={w.week(4).isoformat()}")
    assert code == 0, err
    en, de = _progress(w, w.mine, "en"), _progress(w, w.mine, "de")
    assert "Weekly reports are kept in vetdesk since" in en, en
    # Weeks 4 and 5 are owed (week 6 is this week): weeks 0 to 3 are neither due nor missing.
    assert "0 of 2 weekly reports countersigned." in en and "missing: 2" in en, en
    not_signed = en.split("Weeks not countersigned:", 1)[1].split(".", 1)[0]
    assert not_signed.count("(missing)") == 2, not_signed
    assert "vetdesk" in de and "0 von 2" in de, de
    code, out, _err = cli(w.db, "logbook", "show", str(w.mine))
    shown = " ".join(out.split())
    assert "Weeks due: 2;" in shown and "kept in vetdesk since" in shown, out
    assert [line.split()[0] for line in out.splitlines() if line.endswith("  missing")] == [
        w.week(4).strftime("%d/%m/%Y"), w.week(5).strftime("%d/%m/%Y")], out


def test_weeks_waiting_before_a_later_day_stay_in_the_workbook_and_the_counts(world: World, tmp_path, cli) -> None:
    import openpyxl

    from vetdesk.services import dashboard, exchange

    w = world
    waiting = [logbook.write_week(w.db, agreement_id=w.mine, week=w.week(n),
                                  values={"activities": "Tableros", "hours": "32", "status": "submitted"}).id
               for n in (1, 2)]
    code, _out, err = cli(w.db, "settings", f"logbook_kept_since={w.week(4).isoformat()}")
    assert code == 0, err
    path = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "x.xlsx", instructor_id=w.instructor,
                                    language="en").path
    sheet = openpyxl.load_workbook(path).worksheets[0]
    weeks = {str(row[0]).split(":")[1] for row in sheet.iter_rows(min_row=exchange.FIRST_ROW, values_only=True)
             if row[0] and str(row[0]).startswith(f"{w.mine}:")}
    assert weeks == {w.week(n).isoformat() for n in (1, 2, 4, 5, 6)}, weeks
    assert set(waiting) <= set(dashboard.dashboard(w.db).item("logbook_review").filters["ids"])
    summary = logbook.logbook_summary(w.db, w.mine)
    assert summary.waiting == 2 and summary.weeks_due == 4 and summary.missing == 2, summary
    en = _progress(w, w.mine, "en")
    assert "0 of 4 weekly reports countersigned." in en and "Waiting for review: 2;" in en, en
