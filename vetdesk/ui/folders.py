"""Where a save dialog opens: the folder the officer last saved a document in (kept in the window's settings),
else the Documents folder, else the home folder — always one that exists (a batch proposed a "Documents" folder
that was not there, and the dialog opened somewhere else with that name typed in)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QWidget

#: The settings key of the folder last saved into.
LAST_FOLDER = "files/last_folder"


def settings_of(widget: QWidget | None) -> QSettings:
    """The settings of the main window ``widget`` belongs to (a test's own file), else the application's."""
    seen = widget
    while seen is not None:
        settings = getattr(seen, "settings", None)
        if isinstance(settings, QSettings):
            return settings
        seen = seen.parentWidget()
    return QSettings()


def start_folder(widget: QWidget | None) -> str:
    """The folder a save dialog opens in: the last one saved into, while it exists; else Documents, else home."""
    remembered = settings_of(widget).value(LAST_FOLDER)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    for folder in (str(remembered) if remembered else "", documents, str(Path.home())):
        if folder and os.path.isdir(folder):
            return folder
    return os.getcwd()


def start_path(widget: QWidget | None, file_name: str) -> str:
    """``file_name`` in :func:`start_folder`: what a save dialog proposes."""
    return str(Path(start_folder(widget)) / file_name)


def remember_folder(widget: QWidget | None, path: str | Path, *, is_folder: bool = False) -> None:
    """Keep the folder of ``path`` (``path`` itself when ``is_folder``) for the next save dialog."""
    folder = Path(path) if is_folder else Path(path).parent
    settings = settings_of(widget)
    settings.setValue(LAST_FOLDER, str(folder))
    settings.sync()


def open_folder(location: QStandardPaths.StandardLocation) -> str:
    """The folder an open-file dialog starts in: the system's folder for ``location`` (Pictures, Documents) when
    it exists, else the home folder; ended by a separator, so that the dialog never takes a missing folder's
    name ("Pictures") for the file name it proposes."""
    folder = QStandardPaths.writableLocation(location)
    chosen = folder if folder and os.path.isdir(folder) else str(Path.home())
    return os.path.join(chosen, "")
