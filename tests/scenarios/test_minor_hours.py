"""A minor's working day in the contract (issue 23): the apprentice's birth date was corrected after the draft was
saved, so she is 15 on the start date and the draft still says 8 hours a day. Printing it for signature from its
form is refused, naming Daily hours, the limit (6 hours), the law (LFT art. 177) and the day she turns 16; the
officer enters 6 hours, saves, prints, and the PDF states the limit and until when it applies."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QTableView, QWidget

from tests import factories as f
from tests.scenarios.person import Person
from vetdesk.domain.dates import add_months
from vetdesk.i18n import _, current, shown_day
from vetdesk.services import records
from vetdesk.ui.printing import PdfPreview


def _close_file_saved() -> None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.isVisible():
            widget.close()


def test_a_fifteen_year_old_at_eight_hours_is_refused_then_printed_at_six(  # type: ignore[no-untyped-def]
        qtbot, window, language, tmp_path: Path, monkeypatch) -> None:
    db = window.db
    start = add_months(f.TODAY.replace(day=1), 1)
    sixteen = add_months(start, -(16 * 12 + 2))  # as first recorded: 16 on the start date, 8 hours allowed
    apprentice = f.make_apprentice(db, birth_date=sixteen, sex="M", given_names="Ximena Begoña",
                                   first_surname="Muñoz", second_surname="Schäfer")
    agreement = f.make_agreement(db, apprentice_id=apprentice, start_date=start, daily_hours="8",
                                 holiday_days=18)
    fifteen = add_months(start, -(15 * 12 + 4))  # the CURP corrected: 15 on the start date, 16 four months later
    records.update(db, "apprentices", apprentice, {"birth_date": fifteen.isoformat(),
                                                   "curp": f.curp_for(fifteen, "M")}, accept_warnings=True)
    turns_16 = add_months(fifteen, 16 * 12)
    reference = db.get("agreements", agreement)["reference"]

    person = Person(qtbot, window, f"minor-hours-{language}")
    person.nav(_("Agreements"))
    page = window.current_list()
    qtbot.waitUntil(lambda: not page.loading, timeout=10000)
    person.type(_("Search"), reference)
    qtbot.waitUntil(lambda: not page.loading and person.rows(page.table) == 1, timeout=10000)
    table: QTableView = page.table
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(page.model.index(0, 0)).center())
    QTest.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.form is not None and page.form.record_id == agreement, timeout=5000)
    form = page.form

    # -- refused: the field, the limit, the law, until when -------------------------------------------------
    refusals: list[str] = []

    def read_refusal(box: QWidget) -> None:
        refusals.append(box.text())  # type: ignore[attr-defined]
        person.shot("refused", box)
        person.press(box, QMessageBox.StandardButton.Ok)

    person.when_dialog(read_refusal, of=QMessageBox, title=_("Print"), wait_ms=30000)
    person.click(_("Print for signature…"), form)
    qtbot.waitUntil(lambda: bool(refusals), timeout=30000)
    said = " ".join(refusals[0].split())
    t = current()
    for part in (reference, _("Daily hours"), "177", shown_day(turns_16)):
        assert part in said, (part, said)
    assert "6" in said and "8" in said
    assert db.get("agreements", agreement)["status"] == "draft"  # nothing was printed

    # -- the officer enters 6 hours, saves and prints -------------------------------------------------------
    person.type(_("Daily hours"), "6")
    warned = person.when_dialog(lambda box: person.press(box, QMessageBox.StandardButton.Save), of=QMessageBox,
                                title=_("Save despite warnings?"), wait_ms=3000)
    person.click(_("&Save"), form)
    qtbot.waitUntil(lambda: not form.is_dirty(), timeout=10000)
    warned.stop()
    assert str(db.get("agreements", agreement)["daily_hours"]).rstrip("0").rstrip(".") == "6"

    target = tmp_path / "convenio.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))

    def save_as_pdf(preview: QWidget) -> None:
        person.shot("preview", preview)
        person.click(_("&Save as PDF…"), preview)

    saved = person.when_dialog(save_as_pdf, of=PdfPreview, wait_ms=30000)
    person.click(_("Print for signature…"), form)
    qtbot.waitUntil(lambda: bool(saved) and target.is_file(), timeout=30000)
    qtbot.waitUntil(lambda: db.get("agreements", agreement)["status"] == "printed", timeout=10000)
    _close_file_saved()
    pages = PdfReader(io.BytesIO(target.read_bytes())).pages
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in pages)
    day = t.format_date(turns_16, "long")
    if language == "es":
        assert ("Mientras la aprendiz sea menor de 16 años, hasta el " + day + ", su jornada no excederá de 6 "
                "horas diarias") in text, text
        assert "art. 177 de la Ley Federal del Trabajo" in text
    else:
        assert ("While the apprentice is under 16, until " + day + ", the training day does not exceed 6 "
                "hours") in text, text
        assert "art. 177 of the Federal Labour Law" in text
    person.shot("printed")
