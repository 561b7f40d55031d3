"""A dialog showing a long plain text (check results, error details) that can be copied."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout, QWidget

from vetdesk.i18n import _


class TextDialog(QDialog):
    """``folder``: the text is about files written there (a batch's PDFs): an "Open the folder" button, as the
    saved-file message has."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None, *, folder: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(720, 420)
        layout = QVBoxLayout(self)
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setPlainText(text)
        self.text.setAccessibleName(title)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        if folder is not None:
            from vetdesk.ui import files

            open_folder = buttons.addButton(_("Open the f&older"), QDialogButtonBox.ButtonRole.ActionRole)
            open_folder.setAccessibleName(_("Open the folder"))
            open_folder.clicked.connect(lambda: files.open_path(folder))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
