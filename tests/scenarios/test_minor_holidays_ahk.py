"""A minor's holidays in the AHK contract (issue 23): it printed 18 days (art. 179 LFT) while § 19 JArbSchG, which
the contract follows, grants a minor under 16 at the start of the calendar year at least 30. Printing the draft
for signature from its form is refused, naming Holiday days a year, the law and the 30 days; the officer types 30,
saves, prints, and the PDF states the holidays of § 19 JArbSchG year by year and no 18-day minimum."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from tests import factories as f
from tests.scenarios.person import Person
from tests.scenarios.test_print_gate import _open_found
from vetdesk.domain.dates import add_months
from vetdesk.i18n import _
from vetdesk.services.documents import contract_problems
from vetdesk.ui.printing import PdfPreview


def _close_file_saved() -> None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.isVisible():
            widget.close()


def test_the_ahk_contract_of_a_fifteen_year_old_needs_30_holidays(  # type: ignore[no-untyped-def]
        qtbot, window, language, tmp_path: Path, monkeypatch) -> None:
    db = window.db
    start = add_months(f.TODAY.replace(day=1), 1)
    birth = date(start.year - 16, 1, 2)  # 15 on 1 January of the start year: § 19 JArbSchG grants 30 days
    apprentice = f.make_apprentice(db, birth_date=birth, sex="M", given_names="Ximena Begoña",
                                   first_surname="Muñoz", second_surname="Schäfer")
    programme = f.make_programme(db, templates="bbig")
    agreement = f.make_agreement(db, apprentice_id=apprentice, programme_id=programme, start_date=start,
                                 holiday_days=18, probation_months=3, stipend_steps="")
    reference = db.get("agreements", agreement)["reference"]
    person = Person(qtbot, window, f"minor-holidays-ahk-{language}")
    page = _open_found(person, qtbot, window, _("Agreements"), reference, agreement)
    form = page.form
    # the words the wizard's review and vetdesk check show for it (the one rule)
    rule = [p.message for p in contract_problems(db, db.get("agreements", agreement)) if p.field == "holiday_days"]
    assert len(rule) == 1

    refusals: list[str] = []

    def read_refusal(box: QWidget) -> None:
        refusals.append(box.text())  # type: ignore[attr-defined]
        person.shot("refused", box)
        person.press(box, QMessageBox.StandardButton.Close if box.button(  # type: ignore[attr-defined]
            QMessageBox.StandardButton.Close) else QMessageBox.StandardButton.Ok)

    person.when_dialog(read_refusal, of=QMessageBox, title=_("Print"), wait_ms=30000)
    person.click(_("Print for signature…"), form)
    qtbot.waitUntil(lambda: bool(refusals), timeout=30000)
    said = refusals[0]
    for part in (reference, _("Holiday days a year"), "§ 19 JArbSchG", "30", "18", rule[0]):
        assert part in said, (part, said)
    assert db.get("agreements", agreement)["status"] == "draft"

    # -- the officer types 30 days, saves and prints ------------------------------------------------------
    person.type(_("Holiday days a year"), "30")
    warned = person.when_dialog(lambda box: person.press(box, QMessageBox.StandardButton.Save), of=QMessageBox,
                                title=_("Save despite warnings?"), wait_ms=3000)
    person.click(_("&Save"), form)
    qtbot.waitUntil(lambda: not form.is_dirty(), timeout=10000)
    warned.stop()
    assert db.get("agreements", agreement)["holiday_days"] == 30

    target = tmp_path / "vertrag.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))

    def save_as_pdf(preview: QWidget) -> None:
        person.shot("preview", preview)
        person.click(_("&Save as PDF…"), preview)

    saved = person.when_dialog(save_as_pdf, of=PdfPreview, wait_ms=30000)
    person.click(_("Print for signature…"), form)
    qtbot.waitUntil(lambda: bool(saved) and target.is_file(), timeout=30000)
    qtbot.waitUntil(lambda: db.get("agreements", agreement)["status"] == "printed", timeout=10000)
    _close_file_saved()
    text = " ".join(" ".join((p.extract_text() or "").split())
                    for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
    if language == "es":
        assert f"{start.year}: al menos 30 días hábiles (menor de 16 años al 1 de enero)" in text, text
        assert "tiene 30 días hábiles de vacaciones pagadas al año" in text
        assert "al menos 18 días" not in text
    else:
        assert f"{start.year}: at least 30 working days (under 16 on 1 January)" in text, text
        assert "has 30 working days of paid holiday a year" in text
        assert "at least 18 working days" not in text
