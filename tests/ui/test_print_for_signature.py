"""Printing an agreement for signature marks a draft printed the same way from the window's preview, the
window's batch printing, ``vetdesk print agreement`` and ``vetdesk print batch agreements``; the list and
the open form show the new status by themselves (no refresh pressed), because the change announces itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QFileDialog

from tests.factories import make_agreement, make_company
from tests.ui.conftest import wait_loaded
from vetdesk.domain.lifecycle import status_label
from vetdesk.ui import printing
from vetdesk.ui.changes import LOOK_EVERY_MS
from vetdesk.ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("no_dialogs")


@pytest.fixture
def window(qtbot, sqlite_db, qsettings):  # type: ignore[no-untyped-def]
    from vetdesk.ui import tasks

    w = MainWindow(sqlite_db, settings=qsettings)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    yield w
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=20000)
    w.close()
    w.deleteLater()


def _status_cell(page, agreement_id: int) -> str:  # type: ignore[no-untyped-def]
    row = page.model.row_of(agreement_id)
    column = next(i for i, c in enumerate(page.model.columns) if c.key == "status")
    return str(page.model.data(page.model.index(row, column)))


def _printing_entries(db, agreement_id: int):  # type: ignore[no-untyped-def]
    return [(e["operation"], e["action"], e["changes"]) for e in db.history("agreements", agreement_id)
            if e["action"] == "status"]


def test_every_printer_marks_a_draft_printed_alike(qtbot, window, cli, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    db = window.db
    in_window, by_command = make_agreement(db), make_agreement(db)
    in_window_batch = make_agreement(db)
    apart = make_company(db)
    by_command_batch = make_agreement(db, company_id=apart)
    printed_label = status_label("printed")

    # The window: the agreement open beside its list, Ctrl+P, the preview saved as a PDF.
    def save_instead_of_showing(self):  # type: ignore[no-untyped-def]
        self.write(str(tmp_path / "preview.pdf"))
        self.done_with = "saved"
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(printing.PdfPreview, "exec", save_instead_of_showing)
    page = window.navigate("agreements")
    wait_loaded(qtbot, page)
    form = page.open_record(in_window)
    assert form is not None and _status_cell(page, in_window) == status_label("draft")
    QTest.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: _status_cell(page, in_window) == printed_label, timeout=20000)
    status = form.editors["status"]
    qtbot.waitUntil(lambda: status.label.text() == printed_label, timeout=5000)  # the open form shows it too

    # The window's batch: the listed agreements (searched down to one) into a folder.
    folder = tmp_path / "batch"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    finished: list[str] = []
    # The message that says where the files went (with "Open the folder").
    monkeypatch.setattr(printing, "show_saved", lambda _p, _folder, *a, text, **k: finished.append(text))
    reference = db.get("agreements", in_window_batch)["reference"]
    page.search.clear()
    QTest.keyClicks(page.search, reference)
    qtbot.waitUntil(lambda: not page.loading and page.model.ids() == [in_window_batch], timeout=5000)
    from tests.scenarios.person import Person

    Person(qtbot, window, "print-for-signature-batch").answer_batch_print()
    window.print_listed("agreements")
    qtbot.waitUntil(lambda: bool(finished), timeout=30000)
    qtbot.waitUntil(lambda: _status_cell(page, in_window_batch) == printed_label, timeout=5000)

    # The command line, one agreement and a batch, while the window shows the first one's record (as an officer
    # with the window open who prints from a terminal, or a colleague on the shared database).
    page.search.clear()
    qtbot.waitUntil(lambda: not page.loading and by_command in page.model.ids(), timeout=5000)
    command_form = page.open_record(by_command)
    assert command_form is not None
    assert command_form.editors["status"].label.text() == status_label("draft")
    code, _out, err = cli(db, "print", "agreement", str(by_command), "-o", str(tmp_path / "one.pdf"))
    assert code == 0, err
    code, _out, err = cli(db, "print", "batch", "agreements", "--company", str(apart), "-o", str(tmp_path / "cli"))
    assert code == 0, err

    entries = [_printing_entries(db, i) for i in (in_window, in_window_batch, by_command, by_command_batch)]
    assert all(len(e) == 1 for e in entries), entries
    assert all(e == entries[0] for e in entries)  # the same operation, the same change, whoever printed
    operation, action, changes = entries[0][0]
    assert operation == "Print agreement for signature"
    assert changes["before"]["status"] == "draft" and changes["after"]["status"] == "printed"
    # The command line's change reaches the open window by itself (it looks every few seconds): the list row
    # and the open form show it, nothing clicked.
    qtbot.waitUntil(lambda: _status_cell(page, by_command) == printed_label, timeout=3 * LOOK_EVERY_MS)
    qtbot.waitUntil(lambda: command_form.editors["status"].label.text() == printed_label, timeout=5000)
