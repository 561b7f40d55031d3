"""Backup and restore from the menu: a save dialog for a backup, a dialog to choose and restore one.

Both run :mod:`vetdesk.services.backup` off the GUI thread behind a busy progress dialog (SQLite's backup
API copies the whole file in one step, so there is nothing to cancel half-way).

After a restore the database file holds different data, and :func:`backup.restore_database` has already
called ``db.dispose()`` (closing the pooled connections so that the file could be replaced). The main window
owns the engine and the views, so it must, on :attr:`RestoreDialog.restored`:

1. stop using what it shows: close record forms and wizards, drop the list caches (their ids and rows
   are from the old data);
2. call ``db.dispose()`` once more (a connection a view still held is returned to a pool that is thrown
   away) and open the office afresh with ``Office.open(path, actor=…)`` (the window reaches the database
   through the services only) — the restore has already migrated the schema;
3. reload every page (as on start-up) and say in the status bar what was restored.

Typical wiring::

    dialog = RestoreDialog(self.db, self)
    dialog.restored.connect(self.reopen_database)   # receives the database file's Path
    dialog.open()
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vetdesk.i18n import _
from vetdesk.services import backup, faults
from vetdesk.services.office import Office
from vetdesk.ui.files import show_saved
from vetdesk.ui.folders import ask_open_file, remember_folder, start_folder
from vetdesk.ui.formatting import format_date, qlocale
from vetdesk.ui.tasks import run_in_background


def explain(exc: BaseException) -> str:
    """The plain message for a refused or failed backup or restore."""
    if isinstance(exc, backup.BackupRefused):
        return str(exc)
    return faults.explain(exc) or _("It did not work ({reason}); nothing was changed.").format(reason=exc)


def run_and_wait(parent: QWidget | None, text: str, fn: Callable[[], Any]) -> Any:
    """Run ``fn`` off the GUI thread while the window keeps painting; return its result or raise its error.

    A busy progress dialog shows after half a second. The local event loop is window-modal for the
    person (the dialog blocks the window) but keeps repainting and lets the job report back.
    """
    loop = QEventLoop()
    outcome: dict[str, Any] = {}

    def done(result: Any) -> None:
        outcome["result"] = result
        loop.quit()

    def failed(exc: BaseException) -> None:
        outcome["error"] = exc
        loop.quit()

    busy = QProgressDialog(text, "", 0, 0, parent)
    busy.setWindowTitle(text)
    busy.setCancelButton(None)  # type: ignore[arg-type]  # one-step copy: nothing to cancel
    busy.setWindowModality(Qt.WindowModality.WindowModal)
    busy.setMinimumDuration(500)
    busy.setAutoClose(False)
    busy.setValue(0)
    run_in_background(fn, done, failed)
    if "result" not in outcome and "error" not in outcome:
        loop.exec()
    busy.reset()
    busy.deleteLater()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("result")


def suggested_backup_name(db: Office, now: datetime | None = None) -> str:
    """The name offered for a backup from the menu: its database's name and the time (see
    :func:`backup.backup_name`), so Restore of this database lists it and another database's does not."""
    name = backup.backup_name(db, backup.MANUAL, now)
    return name if backup.sqlite_path(db) is not None else name.removesuffix(".sqlite3") + ".dump"


def make_backup(parent: QWidget | None, db: Office) -> Path | None:
    """Ask where to save a backup of ``db`` and write it; the file written, or ``None``.

    ``None`` when the person cancelled or the backup was refused (the reason has been shown). A backup written
    is told in a message with "Open the folder" (:func:`vetdesk.ui.files.show_saved`).
    """
    database_file = backup.sqlite_path(db)
    if database_file is None and not db.is_sqlite and shutil.which("pg_dump") is None:
        # Say it before asking for a file name that could not be used (the service says the same).
        QMessageBox.warning(parent, _("Back up the database"), _(
            "A PostgreSQL database is backed up with pg_dump, which is not installed here (not on PATH). "
            "Install the PostgreSQL client tools, or ask the server's administrator for a backup."))
        return None
    # A SQLite database's backups go where Restore looks for them (the backups folder beside the database), so
    # the file just written is offered there; the person may still choose another place.
    folder = backup.backup_folder(db) if database_file is not None else None
    if folder is not None:
        try:
            folder.mkdir(exist_ok=True)
        except OSError:
            folder = database_file.parent if database_file is not None else None
    # The backups folder in full (a database named relatively, --db demo.sqlite3, gave a relative one); a
    # PostgreSQL archive in the folder last used, else Documents (never the process's working folder).
    start = str((folder.absolute() if folder is not None else Path(start_folder(parent))) / suggested_backup_name(db))
    pattern = _("vetdesk backups (*.sqlite3)") if database_file is not None else _("pg_dump archives (*.dump)")
    name, _filter = QFileDialog.getSaveFileName(parent, _("Back up the database"), start, pattern)
    if not name:
        return None
    if folder is None:
        remember_folder(parent, name)
    target = Path(name)
    if not target.suffix:
        target = target.with_suffix(".sqlite3" if database_file is not None else ".dump")
    try:
        written: Path = run_and_wait(parent, _("Backing up…"), lambda: backup.backup_database(db, target))
    except Exception as exc:  # noqa: BLE001 - every failure is told; nothing was changed
        QMessageBox.warning(parent, _("Back up the database"), explain(exc))
        return None
    listed = folder is not None and written.parent.resolve() == folder.resolve()
    show_saved(parent, written, title=_("Back up the database"), text=(
        _("The backup was saved as {path}. Restore a backup lists it.") if listed else
        _("The backup was saved as {path}. To restore it, choose it with \"Choose a file…\" in Restore a "
          "backup.")).format(path=written))
    return written


class RestoreDialog(QDialog):
    """Choose a backup and put it in place of the database (the current one is kept as a copy)."""

    #: The database was replaced: the window must reopen it (see the module's docstring). The database
    #: file's path.
    restored = Signal(object)

    def __init__(self, db: Office, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.result_info: backup.RestoreResult | None = None
        self.database_file = backup.sqlite_path(db)
        self.setWindowTitle(_("Restore a backup"))
        intro = QLabel()
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        # The backups folder: automatic backups (ten at most), those made from the menu, the pre-restore copies.
        self.backups = QListWidget()
        self.backups.setAccessibleName(_("Backups of this database"))
        self.backups.setAlternatingRowColors(True)
        self.backups.setWordWrap(True)  # the heading of the other backups in the folder is a sentence
        self.choose_button = QPushButton(_("Choose a file…"))
        self.choose_button.setToolTip(_("Restore a backup kept anywhere else (a USB stick, another folder)"))
        self.choose_button.clicked.connect(self.choose_file)
        self.chosen = QLabel()
        self.chosen.setWordWrap(True)
        self.chosen.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton(_("Restore…"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.restore_button.clicked.connect(self.restore)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.chosen, 1)
        row.addWidget(self.choose_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(QLabel(_("Backups of this database, newest first:")))
        layout.addWidget(self.backups, 1)
        layout.addLayout(row)
        layout.addWidget(self.buttons)
        self._other: Path | None = None
        if self.database_file is None:
            intro.setText(_("Restore works on a SQLite database file. For PostgreSQL use pg_restore with the "
                            "pg_dump archive (ask the server's administrator)."))
            for widget in (self.backups, self.choose_button, self.restore_button):
                widget.setEnabled(False)
        else:
            intro.setText(_(
                "The backup you choose replaces the whole database {name}. The database as it is now is kept "
                "as a copy in the folder {folder}, so you can go back to it with this same dialog. The "
                "backup is checked first (a vetdesk database, undamaged, not from a newer version); an older "
                "one is brought up to date. Afterwards vetdesk reopens the database: unsaved changes in open "
                "forms are lost.").format(name=self.database_file.name, folder=self.database_file.parent /
                                          "backups"))
            self.fill()
        self.backups.currentItemChanged.connect(lambda *_args: self._update())
        self.backups.itemDoubleClicked.connect(lambda _item: self.restore())
        self._update()
        self.resize(640, 460)

    def fill(self) -> None:
        self.backups.clear()
        own = backup.list_backups(self.db)
        for path in own:
            self._add(path, self._kind(path))
        if not own:
            item = QListWidgetItem(_("No backups of this database yet. Choose a backup file below."))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.backups.addItem(item)
        others = backup.other_backups(self.db)
        if others:
            # Files whose name does not say which database they are of (named before backups carried their
            # database's name, or named by the person): offered apart, saying so.
            text = _("Other backups in this folder. Their names do not say which database they are of: restore one "
                     "only if you know it is a backup of {name}.").format(
                name=self.database_file.name if self.database_file else "")
            first, _dot, rest = text.partition(". ")
            heading = QListWidgetItem(f"{first}.\n{rest}" if rest else text)
            heading.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading: read in full contrast, never chosen
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            self.backups.addItem(heading)
            for path in others:
                self._add(path, self._kind(path))
        if own:
            self.backups.setCurrentRow(0)

    def _kind(self, path: Path) -> str:
        kind = backup.backup_kind(self.db, path)
        legacy = backup.LEGACY_PATTERN.match(path.name)
        if kind == backup.BEFORE_RESTORE or (legacy and legacy.group(1) == "before-restore-"):
            return _("copy kept before a restore")
        if kind == backup.AUTO or (legacy and legacy.group(1) == "auto-"):
            return _("automatic backup")
        if kind == backup.MANUAL or legacy:
            return _("backup made from the menu")
        return _("a file in the backups folder")

    def _add(self, path: Path, kind: str) -> None:
        stat = path.stat()
        when = datetime.fromtimestamp(stat.st_mtime)
        size = qlocale().formattedDataSize(stat.st_size)
        text = "{when} · {kind} · {size}\n{name}".format(
            when=f"{format_date(when.date())} {when:%H:%M}", kind=kind, size=size, name=path.name)
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, str(path))
        item.setToolTip(str(path))
        self.backups.addItem(item)

    def choose_file(self) -> None:
        """A backup kept elsewhere: the dialog starts in the folder last used (a USB stick), else Documents."""
        name = ask_open_file(self, _("Choose a backup"), _("vetdesk backups (*.sqlite3)") + ";;" + _("All files (*)"))
        if name:
            self._other = Path(name)
            self.backups.setCurrentRow(-1)
            self.backups.clearSelection()
            self._update()

    def selected(self) -> Path | None:
        """The backup to restore: the file chosen with "Choose a file…", else the one selected in the list."""
        if self._other is not None:
            return self._other
        item = self.backups.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return Path(value) if value else None

    def _update(self) -> None:
        if self.backups.currentItem() is not None and self.backups.currentItem().data(Qt.ItemDataRole.UserRole):
            self._other = None
        source = self.selected()
        shown = source if self._other is not None else (source.name if source else None)
        self.chosen.setText(_("Chosen: {name}").format(name=shown) if shown else "")
        self.restore_button.setEnabled(self.database_file is not None and source is not None)

    def restore(self) -> bool:
        """Confirm, restore, and signal :attr:`restored`; ``True`` when the database was replaced."""
        source = self.selected()
        if source is None or self.database_file is None:
            return False
        answer = QMessageBox.question(
            self, _("Restore a backup"),
            _("Replace the database with the backup {name}? The current database is kept as a copy in the "
              "backups folder.").format(name=source.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        db = self.db
        try:
            result = run_and_wait(self, _("Restoring…"), lambda: db.restore(source))
        except Exception as exc:  # noqa: BLE001 - a refused or failed restore changed nothing; say why
            QMessageBox.warning(self, _("Restore a backup"), explain(exc))
            return False
        self.result_info = result
        self.restored.emit(self.database_file)
        self.accept()
        return True

    def needs_reopen(self) -> bool:
        """Whether the database was replaced (the window must reopen it)."""
        return self.result_info is not None
