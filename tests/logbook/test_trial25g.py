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
