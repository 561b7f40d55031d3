"""The weekly report form's Attachments box, unit by unit: files dropped onto the list are attached (a drop of a
hostile file is refused with its name, nothing attached); a viewer's box offers no Add or Remove and takes no drop;
Open writes a copy whose extension is its content's kind."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.logbook.conftest import OFFICER, VIEWER, World
from tests.logbook.test_week_files import png, stored, week_of
from vetdesk.services import week_files
from vetdesk.ui.week_files import WeekFilesBox


def _drop(box: WeekFilesBox, paths: list[Path]) -> None:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    target = box.list.viewport()
    point = QPointF(10, 10)
    enter = QDragEnterEvent(point.toPoint(), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, enter)
    if not enter.isAccepted():
        return  # refused at the door, as a file manager shows it
    event = QDropEvent(point, Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, event)


def test_files_dropped_on_the_list_are_attached(qtbot, world: World, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    w = world
    week = week_of(w)
    box = WeekFilesBox(w.db.as_user(OFFICER))
    qtbot.addWidget(box)
    box.show_week(week, status="draft", may_write=True)
    box.show()
    photo = tmp_path / "pieza.png"
    photo.write_bytes(png())
    _drop(box, [photo])
    assert box.list.count() == 1 and stored(w) == 1
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warned.append(text))
    fake = tmp_path / "virus.png"
    fake.write_bytes(b"MZ" + b"\0" * 200)
    _drop(box, [fake])
    assert warned and "virus.png" in warned[0] and stored(w) == 1
    # a PNG stored under a PDF's name opens as the picture it is
    week_files.add_files(w.db, week, [("plano.pdf", png(color="green"))])
    box.refresh()
    box.list.setCurrentRow(1)
    opened: list[Path] = []
    monkeypatch.setattr("vetdesk.ui.files.open_path", lambda path: opened.append(Path(path)) or True)
    assert box.open_selected()
    assert opened[0].name == "plano.pdf.png"


def test_a_viewer_reads_but_attaches_nothing(qtbot, world: World, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    w = world
    week = week_of(w)
    week_files.add_files(w.db, week, [("pieza.png", png())])
    box = WeekFilesBox(w.db.as_user(VIEWER))
    qtbot.addWidget(box)
    box.show_week(week, status="draft", may_write=False)
    box.show()
    assert box.list.count() == 1 and box.open_button.isVisible() and box.save_button.isVisible()
    assert not box.add_button.isVisible() and not box.remove_button.isVisible()
    photo = tmp_path / "otra.png"
    photo.write_bytes(png(color="blue"))
    _drop(box, [photo])
    assert stored(w) == 1
