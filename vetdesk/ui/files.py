"""What the window says after it saved a file: where it went, with "Open file" and "Open folder" buttons.

Every save in the window (PDFs, list and statistics exports, templates, import reports, backups, e-mail drafts,
batch printing into a folder) ends here, so the officer always learns where the file is and can open it or the
folder holding it with one click.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from vetdesk.i18n import _

#: Messages shown without a parent window, kept alive until they are closed (Python would drop them at once).
_shown: list[QMessageBox] = []


#: How long :func:`open_path` waits for ``xdg-open`` to say it found no program: it says so at once, while one it
#: started may keep it waiting until that program is closed.
_XDG_ANSWER_SECONDS = 1.5

#: ``xdg-open`` runs still waiting on the program they started, kept until they end (Python would warn).
_opening: list[subprocess.Popen[bytes]] = []


def open_path(path: str | Path) -> bool:
    """Open a file or folder with the program the system associates with it (a PDF reader, a spreadsheet, a mail
    program, the file manager); whether it was opened. On Linux and the BSDs through ``xdg-open``, whose answer
    Qt does not pass on (it only starts it, and said yes where ``xdg-open`` found "no method available"): a
    non-zero exit within :data:`_XDG_ANSWER_SECONDS` is no; still running (the program it started holds it), yes."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    opener = shutil.which("xdg-open") if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")) \
        else None
    if opener is None:
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    _opening[:] = [run for run in _opening if run.poll() is None]
    try:
        run = subprocess.Popen([opener, str(path)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError:
        return False
    return _answer(run)


def _answer(run: subprocess.Popen[bytes]) -> bool:
    """Wait for ``xdg-open``'s answer up to :data:`_XDG_ANSWER_SECONDS`, the window still painting (the user's
    clicks and keys wait, under a busy cursor: a wait that froze the window looked like a hang)."""
    import time

    from PySide6.QtCore import QCoreApplication, QEventLoop, Qt
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + _XDG_ANSWER_SECONDS
    QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
    try:
        while time.monotonic() < deadline:
            code = run.poll()
            if code is not None:
                return code == 0
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents, 20)
            time.sleep(0.02)
    finally:
        QApplication.restoreOverrideCursor()
    _opening.append(run)
    return run.poll() in (None, 0)


def open_attachment(parent: QWidget, db: Any, attachment_id: int) -> bool:
    """Open a stored file (a scanned signed copy) with the system's program for its type, from a private
    temporary folder; a file the user may not read, or one gone meanwhile, is explained."""
    import tempfile

    from vetdesk.domain.problems import RuleViolation
    from vetdesk.services import attachments

    try:
        filename, _media, content = attachments.read_attachment(db, attachment_id)
    except RuleViolation as refusal:
        QMessageBox.information(parent, _("Open the file"), "\n".join(p.message for p in refusal.problems))
        return False
    target = Path(tempfile.mkdtemp(prefix="vetdesk-")) / Path(filename).name
    target.write_bytes(content)
    return open_path(target)


def show_saved(parent: QWidget | None, path: str | Path, *, title: str | None = None, text: str | None = None,
               folder_only: bool = False) -> QMessageBox:
    """Say where the file was saved (``text``, else "The file was saved as …"), with buttons to open the file and
    the folder it is in. ``folder_only``: ``path`` is a folder (a batch of files): only "Open folder".

    The message is window-modal and does not wait (``open``): the caller goes on; the box is returned so that a
    test can read it and click its buttons.
    """
    path = str(path)
    folder = path if folder_only else (os.path.dirname(path) or ".")
    message = text if text is not None else _("The file was saved as {path}.").format(path=path)
    box = QMessageBox(QMessageBox.Icon.Information, title or _("File saved"), message,
                      QMessageBox.StandardButton.Close, parent)
    box.setObjectName("saved-file-message")
    if not folder_only:
        open_file = box.addButton(_("Open the &file"), QMessageBox.ButtonRole.ActionRole)
        open_file.setAccessibleName(_("Open the file"))
        open_file.clicked.connect(lambda: open_path(path))
    open_folder = box.addButton(_("Open the f&older"), QMessageBox.ButtonRole.ActionRole)
    open_folder.setAccessibleName(_("Open the folder"))
    open_folder.clicked.connect(lambda: open_path(folder))
    box.button(QMessageBox.StandardButton.Close).setText(_("Close"))
    if parent is None:
        _shown.append(box)
        box.finished.connect(lambda _result: _shown.remove(box) if box in _shown else None)
    box.open()
    return box
