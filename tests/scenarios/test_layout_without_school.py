"""An agreement no school is party to, whose programme prints both layouts, goes out from the window as the AHK
contract, as ``vetdesk print --template bbig`` lets it (issue 23: the window asked the programme's layout only,
refused the Mexican agreement for the missing school, told the officer to "print the AHK contract", and offered no
way to; only the command line could). One check in the core (``Office.print_checks``) says both: the refusal names
the layout the draft may go out in, the window offers it, and the preview's layout is asked the same check."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from sqlalchemy import select

from tests import factories as f
from tests.reports.conftest import pdf_text
from tests.scenarios.person import Person
from tests.scenarios.test_print_gate import _open_found
from vetdesk.i18n import _
from vetdesk.storage.models import AuditEntry
from vetdesk.ui.printing import PdfPreview


def _school_less(db: Any) -> int:
    """A complete draft of a programme printing both layouts, with no school: every day at the company."""
    programme = f.make_programme(db, templates="both")
    return f.make_agreement(db, programme_id=programme, school_id=None, company_days=5, school_days=0,
                            probation_months=3, stipend_steps="", holiday_days=25)


def test_the_window_offers_the_ahk_contract_when_no_school_is_party(qtbot, window, language,  # type: ignore[no-untyped-def]
                                                                    tmp_path: Path, monkeypatch) -> None:
    db = window.db
    agreement = _school_less(db)
    reference = db.get("agreements", agreement)["reference"]
    person = Person(qtbot, window, f"layout-no-school-{language}")
    page = _open_found(person, qtbot, window, _("Agreements"), reference, agreement)
    saved = tmp_path / "contrato.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(saved), ""))
    refusals: list[str] = []
    shown: dict[str, Any] = {}
    offer = _("Print as \u201c{layout}\u201d…").format(layout=_("AHK standard (§ 11 BBiG)"))

    def read_refusal(box: QWidget) -> None:
        refusals.append(box.text())  # type: ignore[attr-defined]
        person.shot("refused-mmfd", box)
        person.click(offer, box)

    def in_preview(preview: QWidget) -> None:
        shown["layout"] = preview.choices.layout  # type: ignore[attr-defined]
        person.shot("preview-ahk", preview)
        person.click(_("&Save as PDF…"), preview)

    told: list[str] = []
    person.when_dialog(read_refusal, of=QMessageBox, title=_("Print"), wait_ms=30000)
    person.when_dialog(in_preview, of=PdfPreview, wait_ms=40000)
    person.when_dialog(lambda box: (told.append(box.text()), box.close()),  # type: ignore[attr-defined]
                       of=QMessageBox, title=_("File saved"), wait_ms=50000)
    check = db.print_checks([agreement], alternatives=True)[agreement]  # what the core says, before
    person.click(_("Print for signature…"), page.form)
    qtbot.waitUntil(lambda: saved.exists() and bool(told), timeout=60000)

    # the refusal names the missing school for the Mexican agreement, and the layout it may go out in
    assert refusals == [check.refusal()], refusals
    assert check.other_layout == "bbig"
    assert _("AHK standard (§ 11 BBiG)") in refusals[0] and reference in refusals[0]
    # the preview showed the AHK contract, which was saved; the draft went out in that layout
    assert shown["layout"] == "bbig"
    reader = PdfReader(io.BytesIO(saved.read_bytes()))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert "BBiG" in text and _("Learning agreement") not in text.split("BBiG")[0][:200], text[:300]
    assert db.get("agreements", agreement)["status"] == "printed"
    with db.reader() as session:
        changes = [json.loads(c) if isinstance(c, str) else c for c in session.scalars(select(AuditEntry.changes).where(
            AuditEntry.kind == "agreements", AuditEntry.record_id == agreement, AuditEntry.action == "print"))]
    assert changes and changes[-1].get("after", changes[-1])["template"] == "bbig", changes


def test_closing_the_refusal_prints_nothing(qtbot, window, language) -> None:  # type: ignore[no-untyped-def]
    db = window.db
    agreement = _school_less(db)
    reference = db.get("agreements", agreement)["reference"]
    person = Person(qtbot, window, f"layout-no-school-close-{language}")
    page = _open_found(person, qtbot, window, _("Agreements"), reference, agreement)
    answered = person.when_dialog(lambda box: person.press(box, QMessageBox.StandardButton.Close),
                                  of=QMessageBox, title=_("Print"), wait_ms=30000)
    previews = person.when_dialog(lambda p: p.reject(), of=PdfPreview, wait_ms=3000)  # type: ignore[attr-defined]
    person.click(_("Print for signature…"), page.form)
    qtbot.waitUntil(lambda: bool(answered), timeout=30000)
    qtbot.wait(3500)
    assert not previews
    assert db.get("agreements", agreement)["status"] == "draft"


def test_the_command_line_says_the_same_and_prints_the_layout_it_names(sqlite_db, cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    agreement = _school_less(sqlite_db)
    out = tmp_path / "a.pdf"
    code, said, told = cli(sqlite_db, "print", "agreement", str(agreement), "-o", str(out))
    check = sqlite_db.print_checks([agreement], alternatives=True)[agreement]
    assert code != 0 and not out.exists()
    assert check.refusal() in said + told and "--template bbig" in said + told, (said, told)
    code, said, told = cli(sqlite_db, "print", "agreement", str(agreement), "-o", str(out), "--template", "bbig")
    assert code == 0 and out.exists(), (said, told)
    assert sqlite_db.get("agreements", agreement)["status"] == "printed"
    # printed as the AHK contract, it is reprinted and signed as that, not as the programme's Mexican agreement
    again = tmp_path / "again.pdf"
    code, said, told = cli(sqlite_db, "print", "agreement", str(agreement), "-o", str(again))
    assert code == 0, (said, told)
    text = pdf_text(again)
    assert "BBiG" in text and "Mexican Dual Training Model (MMFD)" not in text, text[:400]
    dates = {k: v for k, v in f.signature_values(sqlite_db, agreement).items()}
    code, said, told = cli(sqlite_db, "sign", str(agreement), *(f"{k.removesuffix('_signed_on')}={v}"
                                                                  for k, v in dates.items()))
    assert code == 0, (said, told)
    assert sqlite_db.get("agreements", agreement)["status"] == "signed"
