"""The users dialog: administrators list, add and re-password accounts through the users service."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from vetdesk import i18n
from vetdesk.services import users
from vetdesk.services.uow import Actor
from vetdesk.ui.users_dialog import AddUserDialog, PasswordDialog, UsersDialog

from ..factories import make_instructor

PASSWORD = "correct horse"
ADMIN = Actor(username="admin", role="administrator")


def _admin_db(db):  # type: ignore[no-untyped-def]
    users.create_user(db, username="admin", password=PASSWORD, role="administrator", full_name="Ana Admin")
    return db.for_principal(ADMIN)


def _fill(dialog: AddUserDialog, name: str, role: str, password: str = PASSWORD) -> None:
    dialog.username.setText(name)
    dialog.full_name.setText(name.title())
    dialog.set_role(role)
    dialog.password.setText(password)
    dialog.repeat.setText(password)


def test_users_dialog_adds_an_officer(qtbot, sqlite_db, monkeypatch):
    db = _admin_db(sqlite_db)
    dialog = UsersDialog(db)
    qtbot.addWidget(dialog)
    assert dialog.usernames() == ["admin"]

    def answer(add: AddUserDialog) -> int:
        assert not add.instructor_shown  # only for the instructor role
        _fill(add, "Bruno", "officer")
        add.create_account()
        return add.result()

    monkeypatch.setattr(AddUserDialog, "exec", answer)
    dialog.add_button.click()
    assert dialog.usernames() == ["admin", "bruno"]
    assert dialog.selected() == "bruno"
    assert dialog.table.currentItem().text(2) == "officer"
    assert "bruno may now sign in" in dialog.notice.text()
    assert users.authenticate(sqlite_db, "bruno", PASSWORD).role == "officer"


def test_add_user_refusals_at_the_fields(qtbot, sqlite_db):
    db = _admin_db(sqlite_db)
    add = AddUserDialog(db)
    qtbot.addWidget(add)
    _fill(add, "admin", "officer")
    add.create_account()
    assert add.result() != QDialog.DialogCode.Accepted
    assert "taken" in add.messages.text("username")
    _fill(add, "carla", "instructor")
    assert add.instructor_shown
    add.create_account()  # no instructor records yet
    assert "instructor" in add.messages.text("instructor_id")
    assert [u.username for u in users.list_users(db)] == ["admin"]


def test_an_instructor_account_is_tied_to_the_chosen_instructor(qtbot, sqlite_db):
    db = _admin_db(sqlite_db)
    make_instructor(sqlite_db, name="Otto Zeller")
    chosen = make_instructor(sqlite_db, name="Rosa Villanueva")
    add = AddUserDialog(db)
    qtbot.addWidget(add)
    _fill(add, "rosa", "instructor")
    add.instructor.search.setText("villanueva")
    assert add.instructor.combo.count() == 1
    assert add.instructor.value() == chosen
    add.create_account()
    assert add.result() == QDialog.DialogCode.Accepted
    actor = users.authenticate(sqlite_db, "rosa", PASSWORD)
    assert (actor.role, actor.instructor_id) == ("instructor", chosen)
    dialog = UsersDialog(db)
    qtbot.addWidget(dialog)
    row = dialog.table.topLevelItem(dialog.usernames().index("rosa"))
    assert row.text(3) == "Rosa Villanueva"


def test_change_password(qtbot, sqlite_db, monkeypatch):
    db = _admin_db(sqlite_db)
    users.create_user(sqlite_db, username="bruno", password=PASSWORD, role="officer")
    dialog = UsersDialog(db)
    qtbot.addWidget(dialog)
    assert not dialog.password_button.isEnabled()  # nothing selected yet
    dialog.table.setCurrentItem(dialog.table.topLevelItem(dialog.usernames().index("bruno")))
    assert dialog.password_button.isEnabled()

    def answer(change: PasswordDialog) -> int:
        change.password.setText("new secret 1")
        change.repeat.setText("new secret 2")
        change.change()
        assert "differ" in change.messages.text("repeat")
        change.password.setText("short")
        change.repeat.setText("short")
        change.change()
        assert "at least" in change.messages.text("password")
        change.password.setText("new secret 1")
        change.repeat.setText("new secret 1")
        change.change()
        return change.result()

    monkeypatch.setattr(PasswordDialog, "exec", answer)
    dialog.password_button.click()
    assert "bruno" in dialog.notice.text()
    assert users.authenticate(sqlite_db, "bruno", "new secret 1").username == "bruno"


def test_an_officer_is_told_plainly(qtbot, sqlite_db):
    _admin_db(sqlite_db)
    db = sqlite_db.for_principal(Actor(username="bruno", role="officer"))
    dialog = UsersDialog(db)
    qtbot.addWidget(dialog)
    assert dialog.usernames() == []
    assert "does not allow" in dialog.message.text()
    assert not dialog.add_button.isEnabled()


def test_a_dialog_grows_to_show_a_wrapped_message_whole(qtbot, sqlite_db) -> None:  # type: ignore[no-untyped-def]
    i18n.set_language("es")  # the Spanish message wraps onto a second line in this narrow dialog
    try:
        change = PasswordDialog(sqlite_db, "mgarcia")
        qtbot.addWidget(change)
        change.show()
        qtbot.waitExposed(change)
        before = change.height()
        change.password.setText("abc")
        change.repeat.setText("abd")
        change.change()
        assert change.messages.text("repeat")
        assert change.height() > before and change.height() >= change.sizeHint().height()
    finally:
        i18n.set_language("en")


def test_one_message_at_a_time(qtbot, sqlite_db) -> None:  # type: ignore[no-untyped-def]
    """Trial 21e, item 9: the Users dialog kept old messages stacked (a success above a later refusal, a note
    about one user under another's row). It says one thing, about what was just done."""
    db = _admin_db(sqlite_db)
    users.create_user(sqlite_db, username="bruno", password=PASSWORD, role="officer")
    dialog = UsersDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    names = dialog.usernames()

    def pick(name: str) -> None:
        dialog.table.setCurrentItem(dialog.table.topLevelItem(names.index(name)))

    pick("bruno")
    dialog.active_button.click()
    assert dialog.notice.isVisible() and "bruno" in dialog.notice.text()
    pick("admin")  # another user: what was said of bruno goes
    assert not dialog.notice.isVisible() and not dialog.message.isVisible()
    dialog.active_button.click()  # the administrator deactivating themselves: refused
    assert dialog.message.isVisible() and not dialog.notice.isVisible()
    assert users.authenticate(sqlite_db, "admin", PASSWORD).username == "admin"
