"""Signing in: the first administrator on a database without users, the login dialog on every later start.

The dialogs only collect what the person types; accounts, password rules, hashing and the slow-down after
failed attempts all live in :mod:`vetdesk.services.users`, and each refusal it returns is shown at the
field it names.

The application calls :func:`~vetdesk.ui.signin.sign_in` once the database is open (it shows these
dialogs when someone must be asked) and works on ``db.for_principal(actor)`` afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from vetdesk.domain.problems import Problem, RuleViolation
from vetdesk.i18n import _
from vetdesk.services.actors import Actor
from vetdesk.services.office import Office
from vetdesk.ui.style import ERROR_HUE, text_colour


def _users():  # type: ignore[no-untyped-def]
    """The accounts service, loaded when first needed: the sign-in dialog shows before SQLAlchemy is loaded
    (it loads on another thread while the person types, see :func:`sign_in`)."""
    from vetdesk.services import users

    return users


@contextmanager
def busy() -> Iterator[None]:
    """A wait cursor while a password is checked (argon2 takes a noticeable fraction of a second)."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()


def heading(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.3)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def paragraph(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return label


class FieldMessages:
    """A message line under each field of a form; a refusal naming no known field goes to ``general``."""

    def __init__(self, general: QLabel) -> None:
        self.general = general
        self.labels: dict[str, QLabel] = {}
        self.style_message(general)

    @staticmethod
    def style_message(label: QLabel) -> None:
        label.setWordWrap(True)
        label.setStyleSheet(f"color: {text_colour(ERROR_HUE).name()};")  # ui.style: reads at AA
        label.hide()

    def cell(self, name: str, editor: QWidget, parent: QWidget) -> QWidget:
        """``editor`` with its message line below it, for a form row."""
        message = QLabel(parent)
        self.style_message(message)
        message.setAccessibleName(_("Message"))
        self.labels[name] = message
        cell = QWidget(parent)
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(editor)
        column.addWidget(message)
        return cell

    def clear(self) -> None:
        for label in (*self.labels.values(), self.general):
            label.clear()
            label.hide()

    def show(self, problems: Iterable[Problem]) -> str | None:
        """Show each problem at its field; return the first field named (to put the cursor there)."""
        self.clear()
        first: str | None = None
        texts: dict[QLabel, list[str]] = {}
        for p in problems:
            label = self.labels.get(p.field, self.general)
            texts.setdefault(label, []).append(p.message)
            if first is None and p.field in self.labels:
                first = p.field
        for label, lines in texts.items():
            label.setText("\n".join(lines))
            label.show()
        for label in texts:  # a dialog grows to show the whole message (a wrapped line must not be cut)
            window = label.window()
            layout = window.layout()
            if layout is not None:
                layout.activate()
            needed = window.sizeHint().height()
            if window.isWindow() and window.height() < needed:
                window.resize(window.width(), needed)
            break
        return first

    def text(self, name: str) -> str:
        """What the message line of ``name`` says now (empty when hidden)."""
        label = self.labels.get(name, self.general)
        return "" if label.isHidden() else label.text()


def password_edit(parent: QWidget, accessible: str) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(accessible)
    return edit


def new_password_pair(parent: QWidget, label: str) -> tuple[QLineEdit, QLineEdit]:
    """A new password and its repetition (checked by users.repeat_problems)."""
    password = password_edit(parent, label)
    password.setPlaceholderText(_("at least {n} characters").format(n=_users().MIN_PASSWORD))
    return password, password_edit(parent, _("Repeat the password"))


def labelled_rows(form: QFormLayout, messages: FieldMessages, parent: QWidget,
                  rows: Iterable[tuple[str, str, QWidget]]) -> dict[str, QLabel]:
    """One form row per (field, label, widget), the field's message under its widget; the captions by field
    (Alt+letter in a caption reaches its widget)."""
    captions: dict[str, QLabel] = {}
    for name, label, widget in rows:
        caption = QLabel(label, parent)
        caption.setBuddy(widget.focusProxy() or widget)
        captions[name] = caption
        form.addRow(caption, messages.cell(name, widget, parent))
    return captions


#: The dialogs' result when the person chose *Back to …* (the database open before): neither signed in nor quit.
WENT_BACK = 2


def back_button(dialog: QDialog, buttons: QDialogButtonBox, back_to: str) -> QPushButton | None:
    """With ``back_to`` (the database that was open before *File › Open/New database*): a button that returns to
    it, its user still signed in (the dialog's result :data:`WENT_BACK`), beside Quit."""
    if not back_to:
        return None
    button = buttons.addButton(_("Back to {database}").format(database=back_to),
                               QDialogButtonBox.ButtonRole.ResetRole)
    button.setAccessibleName(_("Back to the database open before"))
    button.setToolTip(_("Return to {database}, still signed in there").format(database=back_to))
    button.setAutoDefault(False)
    button.clicked.connect(lambda: dialog.done(WENT_BACK))
    return button


class FirstAdministratorDialog(QDialog):
    """On a database without users: create the administrator's account and sign in with it.

    ``actor`` holds the signed-in administrator once the dialog was accepted.
    """

    def __init__(self, db: Office, parent: QWidget | None = None, *, username: str = "",
                 back_to: str = "") -> None:
        super().__init__(parent)
        self.db = db
        self.actor: Actor | None = None
        self.setWindowTitle(_("Welcome to vetdesk"))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Create the administrator"), self))
        layout.addWidget(paragraph(_(
            "This database has no users yet. Create the first account now: the administrator manages the "
            "users and the office settings and may do everything else. You can add the other officers "
            "and the instructors afterwards."), self))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.messages = FieldMessages(QLabel(self))
        self.username = QLineEdit(username, self)  # the user named at the start (--user), proposed
        self.username.setAccessibleName(_("User name"))
        self.username.setPlaceholderText(_("for example: mgarcia"))
        self.full_name = QLineEdit(self)
        self.full_name.setAccessibleName(_("Full name"))
        self.password, self.repeat = new_password_pair(self, _("Password"))
        labelled_rows(form, self.messages, self, (("username", _("User name"), self.username),
                                                  ("full_name", _("Full name"), self.full_name),
                                                  ("password", _("Password"), self.password),
                                                  ("repeat", _("Repeat the password"), self.repeat)))
        layout.addLayout(form)
        layout.addWidget(self.messages.general)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Create and sign in"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Quit"))
        buttons.accepted.connect(self.create_account)
        buttons.rejected.connect(self.reject)
        self.back_button = back_button(self, buttons, back_to)
        layout.addWidget(buttons)
        self.username.setFocus()

    def create_account(self) -> None:
        self.messages.clear()
        password = self.password.text()
        mismatch = _users().repeat_problems(password, self.repeat.text())
        if mismatch:
            self.messages.show(mismatch)
            self.repeat.selectAll()
            self.repeat.setFocus()
            return
        username = self.username.text()
        try:
            with busy():
                if _users().has_users(self.db):
                    raise RuleViolation([Problem("username", _(
                        "Someone has just created the first user of this database. Close this window and "
                        "sign in with your account."), code="users.exist")])
                _users().create_user(self.db, username=username, password=password, role="administrator",
                                  full_name=self.full_name.text().strip() or None)
                self.actor = _users().authenticate(self.db, username, password)
        except RuleViolation as refusal:
            field = self.messages.show(refusal.problems)
            edit = {"username": self.username, "password": self.password}.get(field or "")
            if edit is not None:
                edit.selectAll()
                edit.setFocus()
            return
        self.accept()


class LoginDialog(QDialog):
    """Every later start: user name and password. ``actor`` holds the signed-in user once accepted;
    Cancel (Quit) rejects, and the application ends."""

    def __init__(self, db: Office, parent: QWidget | None = None, *, username: str = "",
                 back_to: str = "") -> None:
        super().__init__(parent)
        self.db = db
        self.actor: Actor | None = None
        self.setWindowTitle(_("Sign in to vetdesk"))
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Sign in"), self))
        where = paragraph(_("Database: {location}").format(location=db.display_location), self)
        where.setEnabled(False)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(where)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.messages = FieldMessages(QLabel(self))
        self.username = QLineEdit(username, self)
        self.username.setAccessibleName(_("User name"))
        self.password = password_edit(self, _("Password"))
        for name, label, edit in (("username", _("User name"), self.username),
                                  ("password", _("Password"), self.password)):
            caption = QLabel(label, self)
            caption.setBuddy(edit)
            form.addRow(caption, self.messages.cell(name, edit, self))
        layout.addLayout(form)
        layout.addWidget(self.messages.general)
        hint = paragraph(_("Forgot your password? An administrator can set a new one under Users."), self)
        hint.setEnabled(False)
        layout.addWidget(hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Sign in"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Quit"))
        buttons.accepted.connect(self.sign_in)
        buttons.rejected.connect(self.reject)
        self.back_button = back_button(self, buttons, back_to)
        layout.addWidget(buttons)
        self._release = QTimer(self)
        self._release.setSingleShot(True)
        self._release.setTimerType(Qt.TimerType.PreciseTimer)  # a coarse timer may fire 5 % early
        self._release.timeout.connect(self._release_button)
        self.username.textEdited.connect(self._release_button)
        (self.password if username else self.username).setFocus()

    def sign_in(self) -> None:
        self.messages.clear()
        if not self.username.text().strip():
            self.messages.show([Problem("username", _("Type your user name."), code="username.missing")])
            self.username.setFocus()
            return
        try:
            with busy():
                self.actor = _users().authenticate(self.db, self.username.text(), self.password.text())
        except RuleViolation as refusal:
            self.messages.show(refusal.problems)
            self.password.clear()
            self.password.setFocus()
            self._hold_back(refusal.problems)
            return
        self.accept()

    def _hold_back(self, problems: list[Problem]) -> None:
        """After "wait N seconds", the Sign in button rests that long (another user name frees it)."""
        throttled = next((p for p in problems if p.code == "login.throttled"), None)
        seconds = re.search(r"\d+", throttled.message) if throttled is not None else None
        if seconds is None:
            return
        self.ok_button.setEnabled(False)
        self._release.start(int(seconds.group()) * 1000 + 250)  # a little past the service's own clock

    def _release_button(self) -> None:
        self._release.stop()
        self.ok_button.setEnabled(True)


__all__ = ["WENT_BACK", "FieldMessages", "FirstAdministratorDialog", "LoginDialog", "busy", "heading", "labelled_rows",
           "new_password_pair", "paragraph"]
