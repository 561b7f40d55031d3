"""The print preview lets the officer choose the document's language, layout and paper, as ``vetdesk print
--lang/--template/--paper`` does (found by a new user's trial of issue 23: the window printed only in its own
language, the programme's layout and the office's paper). The gate judges the layout chosen: an agreement without
a probation period passes the Mexican layout but not the AHK contract citing § 20 BBiG (1 to 4 months), which is
refused in the preview with the fix; the history records the layout and language that went out."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from PySide6.QtWidgets import QComboBox, QFileDialog, QMessageBox, QWidget
from sqlalchemy import select

from tests import factories as f
from tests.scenarios.person import Person
from tests.scenarios.test_print_gate import _open_found
from vetdesk.i18n import _
from vetdesk.storage.models import AuditEntry
from vetdesk.ui.printing import PdfPreview


def _printings(db: Any, agreement_id: int) -> list[dict[str, Any]]:
    """What the agreement's history says of each printing for signature (layout, language, text version)."""
    with db.reader() as session:
        rows = session.scalars(select(AuditEntry.changes).where(
            AuditEntry.kind == "agreements", AuditEntry.record_id == agreement_id, AuditEntry.action == "print"))
        found = [json.loads(r) if isinstance(r, str) else r for r in rows]
    return [c.get("after", c) for c in found]


def _text(path: Path) -> tuple[str, tuple[float, float]]:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    box = reader.pages[0].mediabox
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages), (float(box.width),
                                                                                        float(box.height))


def _choose_refused(person: Person, qtbot: Any, combo: QComboBox, text: str) -> None:
    """As ``Person.choose``, for an entry the window refuses (the box then goes back to what it showed)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    QTest.mouseClick(combo, Qt.MouseButton.LeftButton)
    view = combo.view()
    if not view.isVisible():
        QTest.keyClick(combo, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(view.isVisible, timeout=3000)
    model = view.model()
    index = next(model.index(r, 0) for r in range(model.rowCount())
                 if str(model.index(r, 0).data() or "").startswith(text))
    QTest.mouseMove(view.viewport(), view.visualRect(index).center())
    qtbot.wait(QApplication.doubleClickInterval() + 50)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())


def test_the_officer_chooses_language_layout_and_paper_in_the_preview(qtbot, window, language,  # type: ignore[no-untyped-def]
                                                                      tmp_path: Path, monkeypatch, capsys) -> None:
    db = window.db
    programme = f.make_programme(db, templates="mmfd")
    # no probation period: the Mexican layout needs none, the AHK contract must state 1 to 4 months (§ 20 BBiG)
    agreement = f.make_agreement(db, programme_id=programme, probation_months=None)
    reference = db.get("agreements", agreement)["reference"]
    # what the command line says of the same choice (issue 20: the preview said it without the field's label)
    from vetdesk.commands import main

    capsys.readouterr()
    assert main(["--db", db.url, "--lang", language, "print", "agreement", str(agreement), "--template", "bbig",
                 "-o", str(tmp_path / "cli.pdf")]) != 0
    said_by_cli = capsys.readouterr().err
    person = Person(qtbot, window, f"print-choices-{language}")
    page = _open_found(person, qtbot, window, _("Agreements"), reference, agreement)
    saved = tmp_path / "vertrag.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(saved), ""))
    refused: list[str] = []
    shown: dict[str, Any] = {}

    def read_refusal(box: QWidget) -> None:
        refused.append(box.text())  # type: ignore[attr-defined]
        person.shot("refused", box)
        person.press(box, QMessageBox.StandardButton.Ok)

    def in_preview(preview: QWidget) -> None:
        boxes = {name: person.find(name, QComboBox, preview)
                 for name in (_("Document language"), _("Layout"), _("Paper size"))}
        shown["defaults"] = {name: box.currentData() for name, box in boxes.items()}
        shown["pages"] = preview.page_count  # type: ignore[attr-defined]
        person.when_dialog(read_refusal, of=QMessageBox, title=_("Print"), wait_ms=30000)
        _choose_refused(person, qtbot, boxes[_("Layout")], _("AHK standard (§ 11 BBiG)"))
        qtbot.waitUntil(lambda: bool(refused), timeout=30000)
        shown["layout after refusal"] = boxes[_("Layout")].currentData()
        person.choose(_("Document language"), "Deutsch", preview)
        person.choose(_("Paper size"), "A4", preview)
        person.shot("chosen", preview)
        person.click(_("&Save as PDF…"), preview)

    person.when_dialog(in_preview, of=PdfPreview, wait_ms=30000)
    told: list[str] = []
    person.when_dialog(lambda box: (told.append(box.text()), box.close()),  # type: ignore[attr-defined]
                       of=QMessageBox, title=_("File saved"), wait_ms=40000)
    person.click(_("Print for signature…"), page.form)
    qtbot.waitUntil(lambda: saved.exists() and bool(told), timeout=60000)

    # the window's language, the programme's layout and the office's paper were offered first
    assert shown["defaults"] == {_("Document language"): language, _("Layout"): "mmfd", _("Paper size"): "letter"}
    # the AHK layout was refused for the probation, naming it and what § 20 BBiG allows; the choice went back
    assert refused and "20" in refused[0] and reference in refused[0], refused
    # in the same words as vetdesk print --template bbig: the agreement, the field by its label, what to do
    assert refused[0] in said_by_cli and _("Probation (months)") + ":" in refused[0], (refused, said_by_cli)
    assert shown["layout after refusal"] == "mmfd"
    # what was saved: the Mexican agreement in German, on A4
    text, (width, height) = _text(saved)
    assert "Ausbildungsvereinbarung" in text, text[:300]
    assert "Convenio de aprendizaje" not in text and "Learning agreement" not in text
    assert (round(width), round(height)) == (595, 842)
    # the history records the layout and the language printed; the draft went out
    assert db.get("agreements", agreement)["status"] == "printed"
    printing = _printings(db, agreement)[-1]
    assert printing["template"] == "mmfd" and printing["language"] == "de", printing


def test_the_ahk_layout_chosen_is_what_the_history_records(qtbot, window, language,  # type: ignore[no-untyped-def]
                                                           tmp_path: Path, monkeypatch) -> None:
    db = window.db
    agreement = f.make_agreement(db, probation_months=3, stipend_steps="")
    reference = db.get("agreements", agreement)["reference"]
    person = Person(qtbot, window, f"print-ahk-{language}")
    page = _open_found(person, qtbot, window, _("Agreements"), reference, agreement)
    saved = tmp_path / "contract.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(saved), ""))

    def in_preview(preview: QWidget) -> None:
        person.choose(_("Layout"), _("AHK standard (§ 11 BBiG)"), preview)
        person.click(_("&Save as PDF…"), preview)

    told: list[str] = []
    person.when_dialog(in_preview, of=PdfPreview, wait_ms=30000)
    person.when_dialog(lambda box: (told.append(box.text()), box.close()),  # type: ignore[attr-defined]
                       of=QMessageBox, title=_("File saved"), wait_ms=40000)
    person.click(_("Print for signature…"), page.form)
    qtbot.waitUntil(lambda: saved.exists() and bool(told), timeout=60000)
    text, (width, height) = _text(saved)
    assert "§ 11" in text and "BBiG" in text, text[:300]
    assert (round(width), round(height)) == (612, 792)  # the office's Letter
    printing = _printings(db, agreement)[-1]
    assert printing["template"] == "bbig", printing
