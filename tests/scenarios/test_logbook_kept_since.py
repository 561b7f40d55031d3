"""An office that starts using vetdesk mid-year (a new user's trial of issue 25): its agreements began months ago,
their weekly reports were kept on paper until now, and the dashboard must not count hundreds of weeks as overdue.
Weeks are owed in vetdesk from the day the office keeps them there ("Weekly reports kept in vetdesk since": by
default the day the first weekly report was recorded, before that the office's set-up day), and an agreement whose
training record is kept on paper is never overdue in vetdesk. The administrator sets the day in Tools › Settings;
the dashboard, the agreement's record and the progress report follow the one rule."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QMessageBox

from tests import factories as f
from tests.scenarios.person import SIZE, Person
from vetdesk.domain import logbook as L
from vetdesk.i18n import _, shown_day
from vetdesk.services import dashboard, logbook
from vetdesk.services.actors import Actor
from vetdesk.services.settings import office_settings
from vetdesk.ui.main_window import MainWindow
from vetdesk.ui.settings_dialog import SettingsDialog

TODAY = date.today()
#: The agreements began about half a year ago.
START = L.monday(TODAY) - timedelta(weeks=26)
#: The day the office says it keeps weekly reports in vetdesk since: eight weeks ago.
SINCE = L.monday(TODAY) - timedelta(weeks=8)


def _office(db):  # type: ignore[no-untyped-def]
    company = f.make_company(db)
    instructor = f.make_instructor(db, company_id=company)
    programme = f.make_programme(db)
    made = {}
    for form, surname in (("electronic", "García"), ("paper", "Zúñiga")):
        agreement = f.make_agreement(db, company_id=company, instructor_id=instructor, programme_id=programme,
                                     apprentice_id=f.make_apprentice(db, first_surname=surname), start_date=START,
                                     end_date=START + timedelta(days=364), training_record_form=form)
        f.activate(db, agreement)
        made[form] = agreement
    return made


def _overdue(db) -> list[int]:  # type: ignore[no-untyped-def]
    counted = dashboard.dashboard(db)
    first = dashboard.first_screen(db.url)  # the window's first screen counts the same
    found = sorted(counted.item("logbook_overdue").filters["ids"])
    assert sorted(first.item("logbook_overdue").filters["ids"]) == found
    return found


def test_an_office_new_to_vetdesk_owes_weeks_from_the_day_it_keeps_them(  # type: ignore[no-untyped-def]
        qtbot, sqlite_db, qsettings, language, monkeypatch) -> None:
    from vetdesk.ui import tasks

    made = _office(sqlite_db)
    # Set up today, nothing recorded yet: none of the 26 weeks before is overdue (they were kept on paper).
    assert _overdue(sqlite_db) == []
    # The first weekly report is recorded: the office keeps them in vetdesk since today.
    logbook.write_week(sqlite_db, agreement_id=made["electronic"], week=L.monday(TODAY),
                       values={"activities": "Montaje de tableros", "status": "draft"})
    assert office_settings(sqlite_db)["logbook_kept_since"] == TODAY.isoformat()
    record = logbook.agreement_logbook(sqlite_db, made["electronic"])
    # The 26 weeks before were kept elsewhere: neither missing nor overdue (issue 25, paper25i).
    assert record.state.count(L.Gap.BEFORE) == 26 and record.state.count(L.Gap.MISSING) == 0
    assert record.state.overdue == []
    assert _overdue(sqlite_db) == []

    window = MainWindow(sqlite_db.as_user(Actor(username="admin", role="administrator")), settings=qsettings)
    window.resize(*SIZE)
    window.show()
    qtbot.waitExposed(window)
    person = Person(qtbot, window, f"logbook-kept-since-{language}")
    refusals: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: refusals.append(text))
    label = _("Weekly reports kept in vetdesk since")

    def settle(dialog) -> None:  # type: ignore[no-untyped-def]
        field = person.find(label, QLineEdit, dialog)
        from vetdesk import i18n

        assert field.text() == i18n.current().format_numeric_date(TODAY)  # the first report's day, kept
        person.type_date(label, SINCE, dialog)
        person.shot("settings-kept-since", dialog)
        person.press(dialog.findChild(QDialogButtonBox), QDialogButtonBox.StandardButton.Save)

    try:
        answered = person.when_dialog(settle, of=SettingsDialog)
        person.menu(_("&Tools"), _("&Settings…"))
        qtbot.waitUntil(lambda: bool(answered) and QApplication.activeModalWidget() is None, timeout=10000)
        assert not refusals
        assert office_settings(sqlite_db)["logbook_kept_since"] == SINCE.isoformat()
        # The electronic agreement owes the weeks from eight weeks ago: those over for more than 14 days are
        # overdue; the one kept on paper owes none in vetdesk.
        assert _overdue(sqlite_db) == [made["electronic"]]
        record = logbook.agreement_logbook(sqlite_db, made["electronic"])
        assert [w.monday for w in record.state.overdue] == [
            SINCE + timedelta(weeks=n) for n in range(6) if SINCE + timedelta(weeks=n) <= L.overdue_before(TODAY, 14)]
        assert logbook.agreement_logbook(sqlite_db, made["paper"]).state.overdue == []
        assert logbook.logbook_summary(sqlite_db, made["electronic"]).overdue == len(record.state.overdue)
        # The paper record is said kept on paper: none of its weeks missing (issue 25, paper25i).
        on_paper = logbook.logbook_summary(sqlite_db, made["paper"])
        assert on_paper.on_paper and on_paper.missing == 0 and on_paper.weeks_due == 0
        # From SINCE, not the start: its eight weeks, and this week's draft.
        assert logbook.logbook_summary(sqlite_db, made["electronic"]).missing == 9
        # A date that is none is refused at the field, in the user's words, and nothing changes.
        answered = person.when_dialog(lambda dialog: (person.type(label, "31/31/2026", dialog), person.press(
            dialog.findChild(QDialogButtonBox), QDialogButtonBox.StandardButton.Save), dialog.reject()),
            of=SettingsDialog)
        person.menu(_("&Tools"), _("&Settings…"))
        qtbot.waitUntil(lambda: bool(answered) and QApplication.activeModalWidget() is None, timeout=10000)
        assert len(refusals) == 1 and label in refusals[0] and "31/31/2026" in refusals[0]
        assert office_settings(sqlite_db)["logbook_kept_since"] == SINCE.isoformat()
        # A day still to come (it would silence every reminder until then) is refused too (log25h).
        later = TODAY + timedelta(days=400)
        answered = person.when_dialog(lambda dialog: (person.type_date(label, later, dialog), person.press(
            dialog.findChild(QDialogButtonBox), QDialogButtonBox.StandardButton.Save), dialog.reject()),
            of=SettingsDialog)
        person.menu(_("&Tools"), _("&Settings…"))
        qtbot.waitUntil(lambda: bool(answered) and QApplication.activeModalWidget() is None, timeout=10000)
        assert len(refusals) == 2 and label in refusals[1] and shown_day(later) in refusals[1], refusals
        assert office_settings(sqlite_db)["logbook_kept_since"] == SINCE.isoformat()
        # The office keys its paper weeks back into vetdesk (Tools › Settings): the paper agreement owes its weeks
        # from the same day, by the same rule.
        paper_label = _("Paper weekly reports are keyed into vetdesk (owed there too)")
        answered = person.when_dialog(lambda dialog: (person.click(paper_label, dialog), person.press(
            dialog.findChild(QDialogButtonBox), QDialogButtonBox.StandardButton.Save)), of=SettingsDialog)
        person.menu(_("&Tools"), _("&Settings…"))
        qtbot.waitUntil(lambda: bool(answered) and QApplication.activeModalWidget() is None, timeout=10000)
        assert office_settings(sqlite_db)["logbook_paper_owed"] is True and len(refusals) == 2
        assert _overdue(sqlite_db) == sorted(made.values())
        assert logbook.agreement_logbook(sqlite_db, made["paper"]).state.overdue == record.state.overdue
        assert logbook.logbook_summary(sqlite_db, made["paper"]).missing == 8  # owed from SINCE, counted
        person.nav(_("Dashboard"))
        page = window.page("dashboard")
        qtbot.waitUntil(lambda: page.data() is not None and page.card("logbook_overdue").count_label.text() == "2",
                        timeout=10000)
        person.shot("dashboard-two-overdue")
    finally:
        qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=20000)
        window.close()
        window.deleteLater()
