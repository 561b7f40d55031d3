"""Files attached to a weekly report through the window (issue 25: "optional attachments such as a photo of a part
or a drawing"): an officer opens a weekly report, attaches a photo and a drawing through the file dialog, is told
which file is refused when a text file was renamed to .png (nothing attached), opens one with the system's viewer,
saves a copy, removes one after confirming; once the week is countersigned, its files can no longer change."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QTreeWidget,
    QWidget,
)
from sqlalchemy import select

from tests.logbook.conftest import OFFICER, World, make_world
from tests.logbook.test_week_files import jpeg, pdf
from tests.scenarios.person import Person, type_text
from tests.scenarios.test_logbook import _close, _open_row, _window
from vetdesk.i18n import _
from vetdesk.services import logbook
from vetdesk.storage.models import WeekAttachment


def _stored(w: World) -> list[tuple[str, str]]:
    with w.db.reader() as session:
        return [tuple(r) for r in session.execute(select(WeekAttachment.filename, WeekAttachment.media_type)
                                                  .where(WeekAttachment.removed_at.is_(None))
                                                  .order_by(WeekAttachment.id))]  # type: ignore[misc]


def _answer_files(person: Person, folder: Path, names: list[str]) -> Any:
    """Answer the next file dialog as a person does: go to the folder, type the files' names, press Open."""
    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, QFileDialog)
        dialog.setDirectory(str(folder))
        person.qtbot.waitUntil(lambda: dialog.directory().absolutePath() == str(folder), timeout=5000)
        person.qtbot.wait(300)  # the folder's listing arrives (a person sees the files before typing)
        typed = dialog.findChild(QLineEdit, "fileNameEdit")
        typed.setFocus()
        type_text(typed, " ".join(f'"{n}"' for n in names) if len(names) > 1 else names[0])
        person.shot("file-dialog", dialog)
        QTest.keyClick(typed, Qt.Key.Key_Return)

    return person.when_dialog(answer, of=QFileDialog)


def test_an_officer_attaches_opens_saves_and_removes_files(qtbot, sqlite_db, qsettings, monkeypatch, tmp_path: Path,
                                                           language) -> None:  # type: ignore[no-untyped-def]
    w = make_world(sqlite_db)
    week = logbook.write_week(w.db, agreement_id=w.mine, week=w.week(2),
                              values={"activities": "Torneado de un eje; plano de la pieza.", "hours": "36"}).id
    folder = tmp_path / "fotos"
    folder.mkdir()
    (folder / "eje torneado.jpg").write_bytes(jpeg(640, 480))
    (folder / "plano del eje.pdf").write_bytes(pdf())
    (folder / "notas.png").write_bytes(b"Solo texto, no es una imagen.\n" * 20)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", _non_native(QFileDialog.getOpenFileNames))
    window = _window(qtbot, w.db.as_user(OFFICER), qsettings, monkeypatch)
    person = Person(qtbot, window, f"week-attachments-{language}")
    try:
        person.nav(_("Weekly reports"))
        page = window.current_list()
        form = _open_row(person, page, week)
        files: QListWidget = person.find(_("Attachments"), QListWidget, form)
        assert files.count() == 0

        # A photo and a drawing, chosen in the file dialog.
        answered = _answer_files(person, folder, ["eje torneado.jpg", "plano del eje.pdf"])
        person.click(_("Attach files"), form)
        qtbot.waitUntil(lambda: bool(answered) and files.count() == 2, timeout=10000)
        form.fields_area.ensureWidgetVisible(form.files_box)
        person.shot("two-files-attached")
        assert _stored(w) == [("eje torneado.jpg", "image/jpeg"), ("plano del eje.pdf", "application/pdf")]
        assert files.item(0).text().startswith("eje torneado.jpg  (JPEG,")
        assert not files.item(0).icon().isNull()  # the photo's thumbnail

        # A text file renamed to .png: refused, named, nothing attached.
        told: list[str] = []

        def read_refusal(box: QWidget) -> None:
            told.append(box.text())  # type: ignore[attr-defined]
            person.shot("renamed-file-refused", box)
            person.press(box, QMessageBox.StandardButton.Ok)

        answered = _answer_files(person, folder, ["notas.png"])
        refused = person.when_dialog(read_refusal, of=QMessageBox, title=_("Attach files"))
        person.click(_("Attach files"), form)
        qtbot.waitUntil(lambda: bool(refused), timeout=10000)
        assert "notas.png" in told[0] and "PNG" in told[0], told
        if language == "es":
            assert "no es un archivo PNG" in told[0], told
        assert len(_stored(w)) == 2 and files.count() == 2

        # Open: a copy in a private temporary folder, handed to the system's viewer.
        opened: list[Path] = []  # handed to the system's program (ui.files.open_path: xdg-open, or Qt's)
        monkeypatch.setattr("vetdesk.ui.files.open_path", lambda path: opened.append(Path(path)) or True)
        files.setCurrentRow(1)
        person.click(_("Open the attached file"), form)
        assert opened and opened[0].name == "plano del eje.pdf"
        assert opened[0].read_bytes() == pdf()

        # Save as…: where the officer chooses, then told where it went.
        target = tmp_path / "copia.pdf"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
        saved = person.when_dialog(lambda box: box.close(), of=QMessageBox, title=_("File saved"))
        person.click(_("Save a copy of the attached file"), form)
        qtbot.waitUntil(lambda: bool(saved), timeout=10000)
        assert target.read_bytes() == pdf()

        # Remove, after saying yes.
        asked: list[str] = []

        def confirm(box: QWidget) -> None:
            asked.append(box.text())  # type: ignore[attr-defined]
            person.press(box, QMessageBox.StandardButton.Yes)

        person.when_dialog(confirm, of=QMessageBox, title=_("Remove the attached file"))
        person.click(_("Remove the attached file"), form)
        qtbot.waitUntil(lambda: files.count() == 1, timeout=10000)
        assert "plano del eje.pdf" in asked[0]
        assert _stored(w) == [("eje torneado.jpg", "image/jpeg")]

        # The week's history says what was attached and removed, by whom.
        seen: list[str] = []

        def look(dialog: QWidget) -> None:
            tree = dialog.findChild(QTreeWidget)
            for i in range(tree.topLevelItemCount()):
                item = tree.topLevelItem(i)
                seen.append(" | ".join(item.text(c) for c in range(tree.columnCount())))
                seen.extend(" | ".join(item.child(j).text(c) for c in range(tree.columnCount()))
                            for j in range(item.childCount()))
            person.shot("history", dialog)
            dialog.reject()

        looked = person.when_dialog(look, of=QDialog)
        person.click(_("History…"), form)
        qtbot.waitUntil(lambda: bool(looked) and QApplication.activeModalWidget() is None, timeout=10000)
        said = "\n".join(seen)
        assert _("Attach files to a weekly report") in said and _("Remove a file from a weekly report") in said, said
        assert "plano del eje.pdf" in said and _("File name") in said and "filename" not in said, said

        # Attached again by mistake, and taken back with Undo (Edit menu, Ctrl+Z).
        answered = _answer_files(person, folder, ["plano del eje.pdf"])
        person.click(_("Attach files"), form)
        qtbot.waitUntil(lambda: bool(answered) and files.count() == 2, timeout=10000)
        person.menu(_("&Edit"), _("&Undo last change"))
        qtbot.waitUntil(lambda: files.count() == 1, timeout=10000)
        assert _stored(w) == [("eje torneado.jpg", "image/jpeg")]
        # Undo once more: the drawing removed before comes back, its bytes as they were (fix25l: the removal
        # could not be undone and its bytes were deleted).
        person.menu(_("&Edit"), _("&Undo last change"))
        qtbot.waitUntil(lambda: files.count() == 2, timeout=10000)
        assert _stored(w) == [("eje torneado.jpg", "image/jpeg"), ("plano del eje.pdf", "application/pdf")]
        assert files.item(1).text().startswith("plano del eje.pdf  (PDF,")
        with w.db.reader() as session:
            assert session.scalar(select(WeekAttachment.content).where(
                WeekAttachment.filename == "plano del eje.pdf", WeekAttachment.removed_at.is_(None))) == pdf()
        form.fields_area.ensureWidgetVisible(form.files_box)
        person.shot("removed-file-undone")

        # Handed in and countersigned: the files stay as approved (no Add…, no Remove).
        person.click(_("Mark as handed in"), form)
        qtbot.waitUntil(lambda: form.record.get("status") == "submitted", timeout=5000)
        assert person.find(_("Attach files"), QWidget, form).isVisible()
        person.when_dialog(lambda box: person.press(box, QMessageBox.StandardButton.Yes), of=QMessageBox)  # signing
        person.click(_("Approve (countersign)"), form)
        qtbot.waitUntil(lambda: form.record.get("status") == "approved", timeout=5000)
        assert not form.files_box.add_button.isVisible() and not form.files_box.remove_button.isVisible()
        assert form.files_box.open_button.isVisible() and files.count() == 2
        form.fields_area.ensureWidgetVisible(form.files_box)
        person.shot("countersigned-files-stay")
    finally:
        _close(qtbot, window, monkeypatch)


def _non_native(original: Any) -> Any:
    """The file dialog as Qt draws it (a desktop's own dialog is another program, out of a test's reach)."""
    def call(parent: Any = None, caption: str = "", directory: str = "", filter: str = "", *args: Any,  # noqa: A002
             **kwargs: Any) -> Any:
        return original(parent, caption, directory, filter, "",
                        QFileDialog.Option.DontUseNativeDialog)

    return call
