"""An e-mail draft written from a document's preview is said at once, over the preview still open, and as it
went (a new user's trial: the message came only after the preview was closed, and said the draft "se abrió en su
programa de correo" though ``xdg-open`` had answered "no method available"): the draft was written to the file;
when no mail program opened it, the officer is told to open the file with theirs. Once the preview is closed,
where the agreement now stands."""

from __future__ import annotations

import email
import os
from email import policy
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox, QWidget

from tests import factories as f
from tests.scenarios.person import Person
from tests.scenarios.test_print_gate import _open_found
from vetdesk.i18n import _
from vetdesk.services import records
from vetdesk.ui.printing import PdfPreview


def _opener(folder: Path, exit_code: int) -> str:
    """A folder holding an ``xdg-open`` that answers as the real one does with no mail program (or opens)."""
    folder.mkdir()
    script = folder / "xdg-open"
    script.write_text("#!/bin/sh\n" + ('echo "xdg-open: no method available for opening \'$1\'" >&2\n'
                                       if exit_code else "") + f"exit {exit_code}\n")
    script.chmod(0o755)
    return f"{folder}{os.pathsep}{os.environ.get('PATH', '')}"


@pytest.mark.parametrize("mail_program", [False, True])
def test_the_draft_is_told_in_the_preview_as_it_went(qtbot, window, language, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                     monkeypatch, mail_program: bool) -> None:
    db = window.db
    agreement = f.make_agreement(db, probation_months=3, stipend_steps="")
    record = db.get("agreements", agreement)
    records.update(db, "companies", record["company_id"], {"contact_name": "Lucía Ortiz",
                                                            "contact_email": "rh@frenos.example.mx"},
                   accept_warnings=True)
    monkeypatch.setenv("PATH", _opener(tmp_path / "bin", 0 if mail_program else 3))
    target = tmp_path / "convenio.eml"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    person = Person(qtbot, window, f"mail-draft-told-{language}-{mail_program}")
    page = _open_found(person, qtbot, window, _("Agreements"), record["reference"], agreement)
    seen: dict[str, Any] = {}

    def in_preview(preview: QWidget) -> None:
        def read_message(box: QWidget) -> None:
            seen["draft"] = (box.windowTitle(), box.text(), preview.isVisible())  # type: ignore[attr-defined]
            person.shot("preview-open", preview)
            person.shot("draft-written", box)
            QTest.mouseClick(box.button(QMessageBox.StandardButton.Close),  # type: ignore[attr-defined]
                             Qt.MouseButton.LeftButton)

        person.when_dialog(read_message, of=QMessageBox, title=_("E-mail draft"))
        person.click(_("&E-mail draft…"), preview)
        qtbot.waitUntil(lambda: "draft" in seen, timeout=20000)
        person.when_dialog(lambda box: (seen.__setitem__("after", box.text()),  # type: ignore[attr-defined]
                                        box.close()), of=QMessageBox, title=_("E-mail draft"), wait_ms=20000)
        close = preview.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)  # type: ignore[union-attr]
        QTest.mouseClick(close, Qt.MouseButton.LeftButton)

    person.when_dialog(in_preview, of=PdfPreview, wait_ms=60000)
    person.click(_("Print for signature…"), page.form)
    qtbot.waitUntil(lambda: "after" in seen, timeout=60000)

    title, text, preview_open = seen["draft"]
    assert preview_open, "the draft was said only after the preview closed"
    assert str(target) in text and target.exists()
    opened = _("The e-mail draft was written to {path} and opened in your mail program to check and send.")
    not_opened = _("The e-mail draft was written to {path}. It could not be opened here: open the file with your "
                   "mail program to check and send it.")
    assert text.startswith((opened if mail_program else not_opened).format(path=target)), text
    if not mail_program:
        assert {"en": "opened in your mail program", "es": "se abrió en su programa de correo"}[language] not in text
    # once the preview is closed: where the agreement stands (it went out for signature)
    assert record["reference"] in seen["after"] and str(target) not in seen["after"], seen["after"]
    assert db.get("agreements", agreement)["status"] == "printed"
    msg = email.message_from_bytes(target.read_bytes(), policy=policy.default)
    assert [a.addr_spec for a in msg["To"].addresses] == ["rh@frenos.example.mx"] or \
        "rh@frenos.example.mx" in [a.addr_spec for a in msg["To"].addresses]
