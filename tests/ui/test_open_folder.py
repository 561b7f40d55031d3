"""An open-file dialog starts in an existing folder (trial 21e, item 9): the week's attachments dialog started
in a Pictures folder that does not exist, and Qt put "Pictures" in its file name box."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QStandardPaths

from vetdesk.ui.folders import open_folder


def test_a_missing_system_folder_starts_the_dialog_at_home(monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "Pictures"
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda _location: str(missing))
    start = open_folder(QStandardPaths.StandardLocation.PicturesLocation)
    assert start == os.path.join(str(Path.home()), "") and "Pictures" not in start


def test_an_existing_system_folder_is_the_start_and_names_no_file(monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pictures = tmp_path / "Imágenes"
    pictures.mkdir()
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda _location: str(pictures))
    start = open_folder(QStandardPaths.StandardLocation.PicturesLocation)
    assert start == str(pictures) + os.sep  # a folder, ended: the dialog's file name box stays empty
