"""The files attached to a weekly report, in its form: a list with thumbnails of the pictures, Add… (a file dialog,
or files dropped onto the list), Open (with the system's viewer), Save as… and Remove. What a file may be, and who
may attach or remove one, is the core's (``services.week_files``): the window shows its messages."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QSize, QStandardPaths, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QIcon, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from vetdesk.domain import week_files as W
from vetdesk.domain.problems import RuleViolation
from vetdesk.i18n import _
from vetdesk.services.office import Office
from vetdesk.services.outputs import file_reason

THUMBNAIL = QSize(48, 48)


class DropList(QListWidget):
    """A list that takes files dropped onto it from the file manager."""

    dropped = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.accepting = True
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)

    def _files(self, event: Any) -> list[str]:
        data = event.mimeData()
        if not self.accepting or not data.hasUrls():
            return []
        return [url.toLocalFile() for url in data.urls() if url.isLocalFile()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        files = self._files(event)
        if files:
            event.acceptProposedAction()
            self.dropped.emit(files)


def thumbnail(content: bytes) -> QPixmap:
    """A small picture of an image file, read at that size (a large photo is not decoded whole)."""
    buffer = QBuffer()
    buffer.setData(QByteArray(content))
    reader = QImageReader(buffer)
    size = reader.size()
    if size.isValid():
        reader.setScaledSize(size.scaled(THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio))
    return QPixmap.fromImage(reader.read())


class WeekFilesBox(QGroupBox):
    """The "Attachments" of a weekly report's form."""

    changed = Signal()

    def __init__(self, db: Office, parent: QWidget | None = None) -> None:
        super().__init__(_("Attachments"), parent)
        self.db = db
        self.week_id: int | None = None
        self.frozen = False
        self.may_write = True
        layout = QVBoxLayout(self)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.list = DropList(self)
        self.list.setAccessibleName(_("Attachments"))
        self.list.setAccessibleDescription(_("Photos, drawings and documents kept with this weekly report; drop "
                                             "files here to attach them."))
        self.list.setIconSize(THUMBNAIL)
        self.list.setMaximumHeight(4 * THUMBNAIL.height())
        self.list.itemActivated.connect(lambda _item: self.open_selected())
        self.list.currentItemChanged.connect(lambda *_args: self._update_buttons())
        self.list.dropped.connect(lambda paths: self.attach_paths([Path(p) for p in paths]))
        layout.addWidget(self.list)
        row = QHBoxLayout()
        self.add_button = self._button(_("Add…"), _("Attach files"), self.choose_files, row)
        self.open_button = self._button(_("Open"), _("Open the attached file"), self.open_selected, row)
        self.save_button = self._button(_("Save as…"), _("Save a copy of the attached file"), self.save_selected,
                                        row)
        self.remove_button = self._button(_("Remove"), _("Remove the attached file"), self.remove_selected, row)
        row.addStretch(1)
        layout.addLayout(row)

    def _button(self, text: str, name: str, slot: Any, row: QHBoxLayout) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(name)
        button.setToolTip(name)
        button.clicked.connect(lambda _checked=False: slot())
        row.addWidget(button)
        return button

    # -- showing ---------------------------------------------------------------------------------------------

    def show_week(self, week_id: int | None, *, status: str | None, may_write: bool) -> None:
        """Show the files of the week (None: a report not saved yet, which takes files once it is)."""
        self.week_id, self.may_write = week_id, may_write
        self.frozen = status == "approved"
        self.setVisible(week_id is not None)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        if self.week_id is None:
            return
        try:
            found = self.db.week_files(self.week_id)
        except RuleViolation:
            found = []
        file_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        for f in found:
            item = QListWidgetItem(W.file_words(f.filename, f.media_type, f.size))
            item.setData(Qt.ItemDataRole.UserRole, f.id)
            item.setToolTip(_("Added by {who}").format(who=f.added_by or "?"))
            icon = file_icon
            if f.is_image:
                try:
                    picture = thumbnail(self.db.read_week_file(f.id)[1])
                    if not picture.isNull():
                        icon = QIcon(picture)
                except RuleViolation:
                    pass
            item.setIcon(icon)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        writable = self.may_write and not self.frozen
        self.list.accepting = writable
        if self.frozen:
            self.hint.setText(_("The report is countersigned: its files stay as they were approved."))
        elif writable:
            self.hint.setText(_("Attach photos of parts, drawings or documents (PNG, JPEG, WebP or PDF, up to {mb} "
                                "MB each, {n} per week): Add… or drop files onto the list.").format(
                mb=W.MAX_BYTES // (1024 * 1024), n=W.MAX_FILES))
        else:
            self.hint.setText("")
        self.hint.setVisible(bool(self.hint.text()))
        self._update_buttons()

    def _update_buttons(self) -> None:
        writable = self.may_write and not self.frozen
        chosen = self.selected_id() is not None
        self.add_button.setVisible(writable)
        self.remove_button.setVisible(writable)
        self.remove_button.setEnabled(chosen)
        self.open_button.setEnabled(chosen)
        self.save_button.setEnabled(chosen)

    def selected_id(self) -> int | None:
        item = self.list.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    # -- adding ----------------------------------------------------------------------------------------------

    def choose_files(self) -> None:
        from vetdesk.ui.folders import ask_open_files

        paths = ask_open_files(
            self, _("Attach files to the weekly report"),
            _("Pictures and PDF documents") + " (*.png *.jpg *.jpeg *.webp *.pdf);;" + _("All files") + " (*)",
            QStandardPaths.StandardLocation.PicturesLocation)
        if paths:
            self.attach_paths([Path(p) for p in paths])

    def attach_paths(self, paths: list[Path]) -> bool:
        """Attach the files at ``paths``: all of them, or (one refused) none, with the reasons said."""
        if self.week_id is None or not paths:
            return False
        files = []
        for path in paths:
            try:
                files.append((path.name, path.read_bytes()))
            except OSError as exc:
                QMessageBox.warning(self, _("Attach files"), _("{name}: {reason}").format(
                    name=path.name, reason=file_reason(exc)) + "\n\n" + _("Nothing was attached."))
                return False
        try:
            self.db.attach_to_week(self.week_id, files)
        except RuleViolation as refusal:
            messages = [p.message for p in refusal.problems]
            if len(files) > 1:
                messages.append(_("Nothing was attached."))
            QMessageBox.warning(self, _("Attach files"), "\n\n".join(messages))
            return False
        self.refresh()
        self.list.setCurrentRow(self.list.count() - 1)
        self.changed.emit()
        return True

    # -- the chosen file -------------------------------------------------------------------------------------

    def _read(self) -> tuple[Any, bytes] | None:
        chosen = self.selected_id()
        if chosen is None:
            return None
        try:
            return self.db.read_week_file(chosen)
        except RuleViolation as refusal:
            QMessageBox.information(self, _("Attachments"), "\n".join(p.message for p in refusal.problems))
            self.refresh()
            return None

    def open_selected(self) -> bool:
        """Open the file with the system's viewer, from a private temporary folder, under a safe name whose
        extension is its kind's."""
        from vetdesk.ui.files import open_path

        read = self._read()
        if read is None:
            return False
        found, content = read
        target = Path(tempfile.mkdtemp(prefix="vetdesk-")) / W.viewer_name(found.filename, found.media_type)
        target.write_bytes(content)
        self.last_opened = target
        return open_path(target)

    def save_selected(self) -> Path | None:
        from vetdesk.ui.files import show_saved

        read = self._read()
        if read is None:
            return None
        found, content = read
        from vetdesk.ui.folders import ask_save_file

        path = ask_save_file(self, _("Save a copy of the attached file"),
                             W.viewer_name(found.filename, found.media_type), "")
        if not path:
            return None
        try:
            Path(path).write_bytes(content)
        except OSError as exc:
            QMessageBox.warning(self, _("Save as…"), _("{name}: {reason}").format(name=path, reason=file_reason(exc)))
            return None
        show_saved(self, path)
        return Path(path)

    def remove_selected(self) -> bool:
        chosen, item = self.selected_id(), self.list.currentItem()
        if chosen is None or item is None:
            return False
        name = item.text().split("  (")[0]
        answer = QMessageBox.question(
            self, _("Remove the attached file"),
            _("Remove {name} from this weekly report? Save a copy first if you still need it.").format(name=name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            self.db.remove_week_file(chosen)
        except RuleViolation as refusal:
            QMessageBox.warning(self, _("Remove the attached file"), "\n".join(p.message for p in refusal.problems))
            return False
        self.refresh()
        self.changed.emit()
        return True
