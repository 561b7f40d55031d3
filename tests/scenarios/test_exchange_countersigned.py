"""Who countersigned a week taken from an instructor's exchange file, and when (a new user's trial of issue 25,
fix25g): the approval is the instructor's, dated the day the instructor saved the file (the decision was taken by
then), not the day of the import; the officer who imported it, and that day, are kept beside it — in the history,
on the week's view and on its printout."""

from __future__ import annotations

import re
import zipfile
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialog, QTreeWidget

from tests.logbook.conftest import OFFICER, World, fill
from tests.reports.conftest import pdf_text
from tests.scenarios import test_logbook as scenes
from tests.scenarios.person import Person
from vetdesk import i18n
from vetdesk.domain import logbook as L
from vetdesk.i18n import _
from vetdesk.services import exchange, records

#: The weekly reports' world of the logbook scenarios.
world = scenes.world


def _saved_on(path: Path, day: date) -> Path:
    """The workbook as a spreadsheet program saved it on ``day`` (its document properties say so)."""
    out = path.with_name(path.stem + "-saved.xlsx")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>" + f"{day.isoformat()}T15:00:00Z".encode() + rb"\g<2>", data)
            dst.writestr(item, data)
    return out


def test_an_approval_from_the_file_keeps_the_instructor_s_day_and_the_officer_s_import(
        qtbot, world, qsettings, monkeypatch, tmp_path: Path, language) -> None:  # type: ignore[no-untyped-def]
    w: World = world
    from tests.logbook.test_trial25h import _written_on

    written = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "ivan.xlsx", instructor_id=w.instructor,
                                       language=language)
    book = written.path
    _written_on(w, written.token, w.week(4))  # the office wrote the file in week 4 (a saved day before is not taken)
    approve = _("approve (countersign)")
    # Week 3 (handed in) approved by Iván in the file, which he saved on the Saturday of week 4.
    filled = fill(book, tmp_path / "ivan-filled.xlsx", {(exchange.FIRST_ROW, exchange.DECISION + 1): approve})
    signed_day = w.week(4) + timedelta(days=5)
    assert L.countersignable_from(w.week(3)) <= signed_day < date.today()
    exchange.import_workbook(w.db.as_user(OFFICER), _saved_on(filled, signed_day))
    week = next(r for r in records.list_records(w.db, "logbook")
                if r["agreement_id"] == w.mine and r["week_start"] == w.week(3))
    assert week["status"] == "approved" and week["reviewed_on"] == signed_day  # not the import's day
    # The history: the instructor's countersignature, and the officer's import of it.
    entries = records.history(w.db, "logbook", week["id"])
    status = [e for e in entries if e["action"] == "status"][-1]
    imported = [e for e in entries if e["action"] == "import"][-1]
    assert "[instructor" in status["user"] or status["user"] != OFFICER.username
    assert imported["user"] == OFFICER.username

    window = scenes._window(qtbot, w.db.as_user(OFFICER), qsettings, monkeypatch)
    person = Person(qtbot, window, f"exchange-countersigned-{language}")
    try:
        person.nav(_("Weekly reports"))
        page = window.current_list()
        qtbot.waitUntil(lambda: not page.loading and page.model.rowCount() > 0, timeout=5000)
        form = scenes._open_row(person, page, week["id"])
        state = form.review_state.text()
        shown_signed = i18n.current().format_numeric_date(signed_day)
        assert shown_signed in state and "Ing. Iván Robles" in state, state
        assert OFFICER.username in state and i18n.current().format_numeric_date(date.today()) in state, state
        person.shot("week-view", form)
        seen: list[str] = []

        def look(dialog) -> None:  # type: ignore[no-untyped-def]
            tree = dialog.findChild(QTreeWidget)
            seen.extend(tree.topLevelItem(i).text(1) for i in range(tree.topLevelItemCount()))
            person.shot("history", dialog)
            dialog.reject()

        answered = person.when_dialog(look, of=QDialog)
        person.click(_("History…"), form)
        qtbot.waitUntil(lambda: bool(answered) and QApplication.activeModalWidget() is None, timeout=10000)
        assert OFFICER.username in seen and any("Robles" in who or "ivan" in who for who in seen), seen
    finally:
        scenes._close(qtbot, window, monkeypatch)
    from vetdesk.reports.weekly_form import week_pdf

    printed = " ".join(pdf_text(week_pdf(w.db, w.mine, w.week(3), lang="en")).split())
    # The file says no day of decision: the day it was saved and the day the office received it (fix25i).
    assert ("Approved (countersigned) by the company instructor Ing. Iván Robles in the exchange file, which says no "
            "day of decision: the file was saved on") in printed
    assert "Taken into the office's record from the exchange file by olga on" in printed
