"""The office's texts: the administrator edits a document's clauses per language, previews them on a real
agreement, saves a new version, looks at earlier versions, or resets to the shipped text.

Nothing here checks a template: ``services.clauses`` refuses a text that does not compile or render (with its
line) when it is saved or previewed, and the message is shown as it comes.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from vetdesk.domain.problems import RuleViolation
from vetdesk.i18n import _, pgettext, safe_file_name
from vetdesk.services import clauses, records
from vetdesk.services.office import Office

_LANGUAGE_NAMES = {"es": "Español (México)", "en": "English", "de": "Deutsch", "pt": "Português (Brasil)"}


class ClausesDialog(QDialog):
    """Edit the office's text of one document in one language; preview, save, versions, reset."""

    def __init__(self, db: Office, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(_("Office texts"))
        self.resize(1000, 700)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.document = QComboBox(self)
        self.document.setAccessibleName(_("Text"))
        for key, label in clauses.DOCUMENTS.items():
            self.document.addItem(_(label), key)
        self.language = QComboBox(self)
        self.language.setAccessibleName(_("Language"))
        for code in clauses.LANGUAGES:
            self.language.addItem(_LANGUAGE_NAMES[code], code)
        top.addWidget(_buddy(_("&Text:"), self.document, self))
        top.addWidget(self.document, 1)
        top.addWidget(_buddy(_("&Language:"), self.language, self))
        top.addWidget(self.language)
        layout.addLayout(top)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        left = QWidget(splitter)
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        self.editor = QPlainTextEdit(left)
        self.editor.setAccessibleName(_("Template text"))
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        left_box.addWidget(self.editor, 1)
        self.status = QLabel(left)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        left_box.addWidget(self.status)
        right = QWidget(splitter)
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(0, 0, 0, 0)
        right_box.addWidget(QLabel(_("Versions (newest first):"), right))
        self.versions = QListWidget(right)
        self.versions.setAccessibleName(_("Versions"))
        right_box.addWidget(self.versions, 1)
        sample = QHBoxLayout()
        self.sample = QSpinBox(right)
        self.sample.setRange(1, 2_000_000_000)
        self.sample.setAccessibleName(_("Agreement for the preview"))
        self.sample_label = _buddy(_("Preview with agreement &id:"), self.sample, right)
        sample.addWidget(self.sample_label)
        sample.addWidget(self.sample)
        right_box.addLayout(sample)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        layout.addWidget(splitter, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))  # Qt's own stays English
        self.preview_button = QPushButton(_("&Preview…"), self)
        self.save_button = QPushButton(_("&Save as new version"), self)
        self.reset_button = QPushButton(_("&Reset to the shipped text"), self)
        self.load_button = QPushButton(_("&Load the chosen version"), self)
        for button in (self.load_button, self.reset_button, self.preview_button, self.save_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.document.currentIndexChanged.connect(lambda _i: self.load())
        self.language.currentIndexChanged.connect(lambda _i: self.load())
        self.save_button.clicked.connect(self.save)
        self.reset_button.clicked.connect(self.reset)
        self.preview_button.clicked.connect(self.preview)
        self.load_button.clicked.connect(self.load_version)
        #: The record each kind of text is previewed with (the first one of its kind until the user chooses).
        self._samples: dict[str, int] = {}
        self._sample_kind = ""
        self.load()

    # -- state ------------------------------------------------------------------------------------------

    @property
    def key(self) -> tuple[str, str]:
        return str(self.document.currentData()), str(self.language.currentData())

    def _preview_kind(self, document: str) -> str:
        return "collaborations" if document == "collaboration" else "agreements"

    def _show_sample(self, document: str) -> None:
        """The preview's record follows the text: a collaboration agreement's text is previewed on a collaboration
        agreement, the others on a learning agreement; each keeps the id chosen for it."""
        kind = self._preview_kind(document)
        if kind == self._sample_kind:
            return
        if self._sample_kind:
            self._samples[self._sample_kind] = self.sample.value()
        self._sample_kind = kind
        if kind not in self._samples:
            first = self.db.list_ids(kind, limit=1)
            self._samples[kind] = first[0] if first else 1
        self.sample.setValue(self._samples[kind])
        label, name = records.kind(kind).sample_words  # the kind names its record in the preview
        self.sample_label.setText(_(label))
        self.sample.setAccessibleName(_(name))

    def load(self) -> None:
        document, language = self.key
        self._show_sample(document)
        current = clauses.current(self.db, document, language)
        self.editor.setPlainText(current.body)
        self.versions.clear()
        for v in clauses.versions(self.db, document, language):
            when = v.saved_at.strftime("%Y-%m-%d %H:%M") if v.saved_at else ""
            label = (_("v{n} · shipped text").format(n=v.version) if v.version == 0 else
                     _("v{n} · {when} · {who}").format(n=v.version, when=when, who=v.saved_by or "—"))
            item = QListWidgetItem(f"{label}  ({v.digest})")
            item.setData(Qt.ItemDataRole.UserRole, v.body)
            self.versions.addItem(item)
        self.status.setText(_("Printed now: {label}").format(label=current.label))

    def load_version(self) -> None:
        item = self.versions.currentItem()
        if item is not None:
            body = str(item.data(Qt.ItemDataRole.UserRole))
            self.editor.setPlainText(body)
            document, language = self.key
            current = clauses.current(self.db, document, language)
            # the version chosen may be the one in force (the newest, or an older one with its very words):
            # saving it again would change nothing
            self.status.setText(_("This is the version in force: {label}.").format(label=current.label)
                                if body == current.body else
                                _("An earlier version is in the editor; save it to print it again."))

    def _show_problem(self, exc: RuleViolation) -> None:
        text = "\n".join(p.message for p in exc.problems)
        self.status.setText(text)
        QMessageBox.warning(self, _("Office texts"), text)

    # -- actions ----------------------------------------------------------------------------------------

    def save(self) -> bool:
        document, language = self.key
        try:
            saved = self.db.save_text(document, language, self.editor.toPlainText(),
                                      sample=self._sample(document, language))
        except RuleViolation as exc:
            self._show_problem(exc)
            return False
        self.load()
        self.status.setText(_("Saved as {label}; documents printed from now on use it.").format(label=saved.label))
        self._say_behind(saved)
        return True

    def _say_behind(self, saved: clauses.Saved) -> None:
        """The languages the text was not edited in (the core's warning), under the editor: the administrator goes
        on to those languages without a message box to close after each one."""
        for problem in saved.warnings:
            self.status.setText(self.status.text() + "\n" + _("Warning: {message}").format(message=problem.message))

    def reset(self) -> None:
        document, language = self.key
        answer = QMessageBox.question(self, _("Office texts"), _(
            "Print the shipped text again? It is saved as a new version; the office's versions stay in the list."))
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            saved = self.db.reset_text(document, language)
        except RuleViolation as exc:
            self._show_problem(exc)
            return
        self.load()
        self._say_behind(saved)

    def _sample(self, document: str, language: str) -> dict[str, Any] | None:
        """The values of the preview agreement, as the document would give them to the text (None when it cannot be
        gathered: the core still checks the text with its built-in samples)."""
        from vetdesk.reports.preview import clause_context

        try:
            return clause_context(self.db, document, self.sample.value(), language)
        except RuleViolation:
            return None

    def preview(self) -> None:
        """The agreement for the preview (learning or collaboration agreement, as the text), printed with the text in
        the editor (nothing is saved); an e-mail's subject and text."""
        from vetdesk.reports.preview import agreement_with_text, collaboration_with_text
        from vetdesk.ui.printing import PdfPreview

        document, language = self.key
        if document == "mail":
            context = self._sample(document, language) or {}
            try:
                subject, body = clauses.mail_parts(self.editor.toPlainText(), context)
            except clauses.ClauseError as exc:
                self._show_problem(RuleViolation([_problem(clauses.describe(exc))]))
                return
            QMessageBox.information(self, _("Preview"), _("Subject: {subject}").format(subject=subject) +
                                    "\n\n" + body)
            return
        try:
            printed = collaboration_with_text if document == "collaboration" else agreement_with_text
            pdf = printed(self.db, self.sample.value(), language, self.editor.toPlainText())
        except RuleViolation as exc:
            self._show_problem(exc)
            return
        dialog = PdfPreview(pdf, _("Preview of the office's text"),
                            safe_file_name(pgettext("file name", "preview.pdf")), self)
        dialog.print_button.setVisible(False)
        dialog.exec()


def _buddy(text: str, widget: QWidget, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setBuddy(widget)
    return label


def _problem(message: str) -> Any:
    from vetdesk.domain.problems import error

    return error("body", message, "clauses.template")

