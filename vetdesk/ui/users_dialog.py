"""The office's users, for administrators: who may sign in, with which role; add accounts, set passwords.

Everything goes through :mod:`vetdesk.services.users`, which also refuses anyone who is not an
administrator; its refusals are shown at the field they name.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vetdesk.domain.permissions import ROLE_LABELS, Role
from vetdesk.domain.problems import RuleViolation
from vetdesk.i18n import N_, _, upper_first
from vetdesk.services import lookups, records, users
from vetdesk.services.office import Office
from vetdesk.ui.login import FieldMessages, busy, labelled_rows, new_password_pair, paragraph

#: What each role may do, in one line for the role picker.
ROLE_HINTS = {
    Role.ADMINISTRATOR: N_("Users, office settings and everything else."),
    Role.OFFICER: N_("All records, printing and imports."),
    Role.INSTRUCTOR: N_("Sees the apprentices they instruct and records their assessments and feedback."),
    Role.VIEWER: N_("Reads records and statistics; changes nothing."),
}
COLUMNS = (N_("User name"), N_("Full name"), N_("Role"), N_("Instructor"), N_("Active"))


class InstructorPicker(QWidget):
    """Search the instructors by name and pick one (an instructor account is tied to its record)."""

    def __init__(self, db: Office, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_("Search instructors by name…"))
        self.search.setAccessibleName(_("Search instructors"))
        self.search.setClearButtonEnabled(True)
        self.combo = QComboBox(self)
        self.combo.setAccessibleName(_("Instructor"))
        # Nothing is chosen until the administrator chooses: a preset first instructor would tie the account to a
        # stranger's apprentices unnoticed.
        self.combo.setPlaceholderText(_("Choose the instructor…"))
        layout.addWidget(self.search)
        layout.addWidget(self.combo)
        self.search.textChanged.connect(self.refresh)
        self.setFocusProxy(self.search)
        self.refresh()

    def refresh(self) -> None:
        current = self.value()
        choices = lookups.choices(self.db, "instructors", search=self.search.text().strip() or None)
        self.combo.clear()
        if not choices:
            self.combo.addItem(_("No instructor matches"), None)
        for c in choices:
            self.combo.addItem(f"{c.label} — {c.detail}" if c.detail else c.label, c.id)
        if current is None and self.search.text().strip() and len(choices) == 1:
            current = choices[0].id  # the name typed finds one instructor: the administrator named them
        self.combo.setCurrentIndex(self.combo.findData(current) if current is not None else -1)

    def value(self) -> int | None:
        data = self.combo.currentData()
        return int(data) if data is not None else None

    def set_value(self, instructor_id: int) -> None:
        index = self.combo.findData(instructor_id)
        if index < 0:
            record = records.get(self.db, "instructors", instructor_id)
            self.combo.addItem(str(record.get("name") or f"#{instructor_id}"), instructor_id)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(index)


class AddUserDialog(QDialog):
    """A new account: user name, full name, role (and instructor record), password twice."""

    def __init__(self, db: Office, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.created: users.UserInfo | None = None
        self.setWindowTitle(_("Add a user"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.messages = FieldMessages(QLabel(self))
        self.username = QLineEdit(self)
        self.username.setAccessibleName(_("User name"))
        self.full_name = QLineEdit(self)
        self.full_name.setAccessibleName(_("Full name"))
        self.role = QComboBox(self)
        self.role.setAccessibleName(_("Role"))
        for role in (Role.OFFICER, Role.INSTRUCTOR, Role.VIEWER, Role.ADMINISTRATOR):
            self.role.addItem(upper_first(_(ROLE_LABELS[role])), str(role))
        self.role_hint = QLabel(self)
        self.role_hint.setWordWrap(True)
        self.instructor = InstructorPicker(db, self)
        self.password, self.repeat = new_password_pair(self, _("Password"))
        self._rows = labelled_rows(form, self.messages, self, (
            ("username", _("User name"), self.username), ("full_name", _("Full name"), self.full_name),
            ("role", _("Role"), self.role)))
        # The role's description on a row of its own, the dialog's whole width: read whole, never clipped.
        self.role_hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.role_hint.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.MinimumExpanding)
        form.addRow(self.role_hint)
        self._rows |= labelled_rows(form, self.messages, self, (
            ("instructor_id", _("Instructor"), self.instructor),
            ("password", _("Password"), self.password), ("repeat", _("Repeat the password"), self.repeat)))
        self.form = form
        layout.addLayout(form)
        layout.addWidget(self.messages.general)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Add user"))
        buttons.accepted.connect(self.create_account)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.role.currentIndexChanged.connect(self._role_changed)
        self._role_changed()
        self.username.setFocus()

    def _role_changed(self) -> None:
        role = Role(self.role.currentData())
        self.role_hint.setText(_(ROLE_HINTS[role]))
        self.form.setRowVisible(self._rows["instructor_id"], role is Role.INSTRUCTOR)

    @property
    def instructor_shown(self) -> bool:
        """The instructor picker is offered (the instructor role is chosen)."""
        return self.form.isRowVisible(self._rows["instructor_id"])

    def set_role(self, role: str) -> None:
        self.role.setCurrentIndex(self.role.findData(role))

    def create_account(self) -> None:
        self.messages.clear()
        mismatch = users.repeat_problems(self.password.text(), self.repeat.text())
        if mismatch:
            self.messages.show(mismatch)
            self.repeat.setFocus()
            return
        role = self.role.currentData()
        try:
            with busy():
                self.created = self.db.create_user(
                    username=self.username.text(), password=self.password.text(), role=role,
                    full_name=self.full_name.text().strip() or None,
                    instructor_id=self.instructor.value() if role == Role.INSTRUCTOR else None)
        except RuleViolation as refusal:
            field = self.messages.show(refusal.problems)
            widget = {"username": self.username, "password": self.password,
                      "instructor_id": self.instructor}.get(field or "")
            if widget is not None:
                widget.setFocus()
            return
        self.accept()


class PasswordDialog(QDialog):
    """A new password for one user (an administrator resetting it, or someone changing their own)."""

    def __init__(self, db: Office, username: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.username = username
        self.setWindowTitle(_("Change password"))
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        layout.addWidget(paragraph(_("New password for {name}. Tell them in person, not by e-mail.")
                                   .format(name=username), self))
        form = QFormLayout()
        self.messages = FieldMessages(QLabel(self))
        self.password, self.repeat = new_password_pair(self, _("New password"))
        labelled_rows(form, self.messages, self, (("password", _("New password"), self.password),
                                                  ("repeat", _("Repeat the password"), self.repeat)))
        layout.addLayout(form)
        layout.addWidget(self.messages.general)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Change password"))
        buttons.accepted.connect(self.change)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.password.setFocus()

    def change(self) -> None:
        self.messages.clear()
        mismatch = users.repeat_problems(self.password.text(), self.repeat.text())
        if mismatch:
            self.messages.show(mismatch)
            self.repeat.setFocus()
            return
        try:
            with busy():
                self.db.change_password(username=self.username, password=self.password.text())
        except RuleViolation as refusal:
            self.messages.show(refusal.problems)
            self.password.setFocus()
            return
        self.accept()


class RoleDialog(QDialog):
    """Another role for one user (an instructor account names its instructor record)."""

    def __init__(self, db: Office, username: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.username = username
        self.setWindowTitle(_("Change role"))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        layout.addWidget(paragraph(_("New role for {name}:").format(name=username), self))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.messages = FieldMessages(QLabel(self))
        self.role = QComboBox(self)
        self.role.setAccessibleName(_("Role"))
        for role in (Role.OFFICER, Role.INSTRUCTOR, Role.VIEWER, Role.ADMINISTRATOR):
            self.role.addItem(upper_first(_(ROLE_LABELS[role])), str(role))
        self.role_hint = QLabel(self)
        self.role_hint.setWordWrap(True)
        self.role_hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.instructor = InstructorPicker(db, self)
        rows = labelled_rows(form, self.messages, self, (("role", _("Role"), self.role),))
        form.addRow(self.role_hint)
        rows |= labelled_rows(form, self.messages, self, (("instructor_id", _("Instructor"), self.instructor),))
        self._rows, self.form = rows, form
        layout.addLayout(form)
        layout.addWidget(self.messages.general)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Change role"))
        buttons.accepted.connect(self.change)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        current = next((u for u in users.list_users(db) if u.username == username), None)
        if current is not None:
            self.role.setCurrentIndex(self.role.findData(current.role))
            if current.instructor_id is not None:
                self.instructor.set_value(current.instructor_id)
        self.role.currentIndexChanged.connect(self._role_changed)
        self._role_changed()

    def _role_changed(self) -> None:
        role = Role(self.role.currentData())
        self.role_hint.setText(_(ROLE_HINTS[role]))
        self.form.setRowVisible(self._rows["instructor_id"], role is Role.INSTRUCTOR)

    def role_label(self) -> str:
        return _(ROLE_LABELS[Role(self.role.currentData())])

    def change(self) -> None:
        self.messages.clear()
        role = Role(self.role.currentData())
        try:
            self.db.change_role(username=self.username, role=str(role),
                                instructor_id=self.instructor.value() if role is Role.INSTRUCTOR else None)
        except RuleViolation as refusal:
            self.messages.show(refusal.problems)
            return
        self.accept()


class UsersDialog(QDialog):
    """The list of the office's users with Add and Change password (administrators only)."""

    #: Where the "Show deactivated users" box is kept (the window's settings), as the lists keep "Show retired".
    SHOW_DEACTIVATED_KEY = "users/show_deactivated"

    def __init__(self, db: Office, parent: QWidget | None = None, *, settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.settings = settings
        self.setWindowTitle(_("Users"))
        self.resize(760, 420)
        layout = QVBoxLayout(self)
        layout.addWidget(paragraph(_("Everyone who signs in to this database. Roles decide what each person "
                                     "may see and change."), self))
        self.table = QTreeWidget(self)
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setHeaderLabels([_(c) for c in COLUMNS])
        self.table.setAccessibleName(_("Users"))
        header = self.table.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.show_deactivated = QCheckBox(_("Show deactivated users"), self)
        self.show_deactivated.setAccessibleName(_("Show deactivated users"))
        self.show_deactivated.setToolTip(_("List the users who can no longer sign in too; untick to list those "
                                           "who may sign in only."))
        shown = settings.value(self.SHOW_DEACTIVATED_KEY, "true") if settings is not None else "true"
        self.show_deactivated.setChecked(str(shown).lower() != "false")
        self.show_deactivated.toggled.connect(self._show_deactivated_toggled)
        layout.addWidget(self.show_deactivated, 0, Qt.AlignmentFlag.AlignLeft)  # a click beside its words is no tick
        self.message = QLabel(self)
        FieldMessages.style_message(self.message)
        layout.addWidget(self.message)
        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        self.notice.hide()
        layout.addWidget(self.notice)
        row = QHBoxLayout()
        self.add_button = QPushButton(_("&Add user…"), self)
        self.add_button.clicked.connect(self.add_user)
        self.password_button = QPushButton(_("Change &password…"), self)
        self.password_button.clicked.connect(self.change_password)
        close = QPushButton(_("Close"), self)
        close.clicked.connect(self.accept)
        self.role_button = QPushButton(_("Change &role…"), self)
        self.role_button.clicked.connect(self.change_role)
        self.active_button = QPushButton(_("&Deactivate"), self)
        self.active_button.setToolTip(_("A deactivated user can no longer sign in; their name stays in the "
                                        "history"))
        self.active_button.clicked.connect(self.toggle_active)
        row.addWidget(self.add_button)
        row.addWidget(self.password_button)
        row.addWidget(self.role_button)
        row.addWidget(self.active_button)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.itemDoubleClicked.connect(lambda _item, _column: self.change_password())
        self._refreshing = False
        self.refresh()

    def refresh(self, select: str | None = None) -> None:
        """Read the users again (``select``: the user name to select afterwards)."""
        self._refreshing = True
        try:
            self._refresh(select)
        finally:
            self._refreshing = False

    def _refresh(self, select: str | None) -> None:
        self.table.clear()
        self.message.hide()
        self.notice.hide()
        try:
            rows = users.list_users(self.db, active_only=not self.show_deactivated.isChecked())
        except RuleViolation as refusal:
            self.message.setText("\n".join(p.message for p in refusal.problems))
            self.message.show()
            self.add_button.setEnabled(False)
            self.password_button.setEnabled(False)
            return
        instructor_ids = [u.instructor_id for u in rows if u.instructor_id is not None]
        names = {i: str(r.get("name") or f"#{i}")
                 for i, r in records.get_many(self.db, "instructors", instructor_ids).items()} if instructor_ids else {}
        for u in rows:
            role = Role(u.role)
            item = QTreeWidgetItem([u.username, u.full_name or "", _(ROLE_LABELS[role]),
                                    names.get(u.instructor_id, "") if u.instructor_id else "",
                                    _("yes") if u.active else _("no")])
            item.setData(0, Qt.ItemDataRole.UserRole, u.username)
            item.setData(1, Qt.ItemDataRole.UserRole, u.active)
            self.table.addTopLevelItem(item)
            if u.username == select:
                self.table.setCurrentItem(item)
        self._selection_changed()

    def _show_deactivated_toggled(self, shown: bool) -> None:
        if self.settings is not None:
            self.settings.setValue(self.SHOW_DEACTIVATED_KEY, shown)
        self.refresh(select=self.selected())

    def usernames(self) -> list[str]:
        names: list[str] = []
        for i in range(self.table.topLevelItemCount()):
            item = self.table.topLevelItem(i)
            assert item is not None  # i < topLevelItemCount()
            names.append(item.text(0))
        return names

    def selected(self) -> str | None:
        item = self.table.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def _selection_changed(self) -> None:
        # What was said was about the user chosen before: not left stacked under another's row.
        if not self._refreshing:
            self.message.hide()
            self.notice.hide()
        chosen = self.selected() is not None
        for button in (self.password_button, self.role_button, self.active_button):
            button.setEnabled(chosen)
        self.active_button.setText(_("&Activate") if chosen and not self._is_active() else _("&Deactivate"))

    def _is_active(self) -> bool:
        item = self.table.currentItem()
        return item is not None and bool(item.data(1, Qt.ItemDataRole.UserRole))

    def _refused(self, refusal: RuleViolation) -> None:
        self.notice.hide()  # one message at a time: the earlier success is not left above the refusal
        self.message.setText("\n".join(p.message for p in refusal.problems))
        self.message.show()

    def toggle_active(self) -> None:
        name = self.selected()
        if name is None:
            return
        active = not self._is_active()
        try:
            self.db.set_user_active(username=name, active=active)
        except RuleViolation as refusal:
            self._refused(refusal)
            return
        self.refresh(select=name)
        self.notice.setText((_("{name} may sign in again.") if active else
                             _("{name} can no longer sign in; their work stays in the history.")).format(name=name))
        self.notice.show()

    def change_role(self) -> None:
        name = self.selected()
        if name is None:
            return
        dialog = RoleDialog(self.db, name, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh(select=name)
            self.notice.setText(_("{name} is now {role}.").format(name=name, role=dialog.role_label()))
            self.notice.show()

    def add_user(self) -> None:
        dialog = AddUserDialog(self.db, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.created is not None:
            self.refresh(select=dialog.created.username)
            self.notice.setText(_("{name} may now sign in.").format(name=dialog.created.username))
            self.notice.show()

    def change_password(self) -> None:
        name = self.selected()
        if name is None:
            return
        dialog = PasswordDialog(self.db, name, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.notice.setText(_("The password of {name} was changed.").format(name=name))
            self.notice.show()
