"""Where a file dialog opens: the folder the officer last saved a file in or chose one from (kept in the window's
settings), else the Documents folder, else the home folder — always one that exists (a batch proposed a
"Documents" folder that was not there, and the dialog opened somewhere else with that name typed in), never the
process's working folder (issue 21's re-trial: save PDF, export, import and the logo started there).
:func:`ask_save_file` and :func:`ask_open_file` ask with that rule and remember the folder chosen."""

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
            return os.path.abspath(folder)
    return os.path.abspath(str(Path.home()))  # never the process's working folder


def start_path(widget: QWidget | None, file_name: str) -> str:
    """``file_name`` in :func:`start_folder`: what a save dialog proposes."""
    return str(Path(start_folder(widget)) / file_name)


def remember_folder(widget: QWidget | None, path: str | Path, *, is_folder: bool = False) -> None:
    """Keep the folder of ``path`` (``path`` itself when ``is_folder``) for the next save dialog."""
    folder = Path(path).absolute() if is_folder else Path(path).absolute().parent
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


def open_start(widget: QWidget | None,
               location: QStandardPaths.StandardLocation = QStandardPaths.StandardLocation.DocumentsLocation) -> str:
    """The folder an open-file dialog starts in: the last one a file was saved into or chosen from (kept in the
    window's settings), while it exists; else the system's folder for ``location`` (:func:`open_folder`). Ended by
    a separator (no folder's name taken for a file name)."""
    remembered = settings_of(widget).value(LAST_FOLDER)
    if remembered and os.path.isdir(str(remembered)):
        return os.path.join(os.path.abspath(str(remembered)), "")
    return open_folder(location)


def ask_save_file(widget: QWidget | None, title: str, file_name: str, filters: str, *,
                  confirm_overwrite: bool = True) -> str:
    """Ask where to save ``file_name`` (proposed in :func:`start_folder`: the folder last used, else Documents,
    never the process's working folder); the path chosen ("" when cancelled), its folder remembered for the next
    dialog."""
    from PySide6.QtWidgets import QFileDialog

    start = start_path(widget, file_name)
    if confirm_overwrite:
        path, _filter = QFileDialog.getSaveFileName(widget, title, start, filters)
    else:  # a file to open or make (a database's): no "replace it?" question
        path, _filter = QFileDialog.getSaveFileName(widget, title, start, filters,
                                                    options=QFileDialog.Option.DontConfirmOverwrite)
    if path:
        remember_folder(widget, path)
    return str(path or "")


def ask_open_file(widget: QWidget | None, title: str, filters: str,
                  location: QStandardPaths.StandardLocation = QStandardPaths.StandardLocation.DocumentsLocation) -> str:
    """Ask for a file to open, starting in :func:`open_start`; the path chosen ("" when cancelled), its folder
    remembered."""
    from PySide6.QtWidgets import QFileDialog

    path, _filter = QFileDialog.getOpenFileName(widget, title, open_start(widget, location), filters)
    if path:
        remember_folder(widget, path)
    return str(path or "")


def ask_open_files(widget: QWidget | None, title: str, filters: str,
                   location: QStandardPaths.StandardLocation = QStandardPaths.StandardLocation.DocumentsLocation
                   ) -> list[str]:
    """Ask for files to open (several), as :func:`ask_open_file`."""
    from PySide6.QtWidgets import QFileDialog

    paths, _filter = QFileDialog.getOpenFileNames(widget, title, open_start(widget, location), filters)
    if paths:
        remember_folder(widget, paths[0])
    return [str(p) for p in paths]
