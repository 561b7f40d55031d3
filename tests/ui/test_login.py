"""Signing in: the first administrator, the login dialog's refusals, and sign_in's choices."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog

from vetdesk.domain.problems import RuleViolation
from vetdesk.services import users
from vetdesk.ui import signin as login
from vetdesk.ui.login import FirstAdministratorDialog, LoginDialog

PASSWORD = "correct horse"


@pytest.fixture(autouse=True)
def _no_sign_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (login.ENV_USER, login.ENV_PASSWORD, login.ENV_AUTO_ADMIN):
        monkeypatch.delenv(name, raising=False)


def test_first_administrator_is_created_and_signed_in(qtbot, sqlite_db):
    dialog = FirstAdministratorDialog(sqlite_db)
    qtbot.addWidget(dialog)
    dialog.username.setText("MGarcia")
    dialog.full_name.setText("María García")
    dialog.password.setText(PASSWORD)
    dialog.repeat.setText(PASSWORD)
    dialog.ok_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.actor is not None
    assert (dialog.actor.username, dialog.actor.role) == ("mgarcia", "administrator")
    [account] = users.list_users(sqlite_db)
    assert (account.username, account.full_name, account.role) == ("mgarcia", "María García", "administrator")


def test_first_administrator_refusals_stay_at_their_fields(qtbot, sqlite_db):
    dialog = FirstAdministratorDialog(sqlite_db)
    qtbot.addWidget(dialog)
    dialog.username.setText("ana")
    dialog.password.setText(PASSWORD)
    dialog.repeat.setText("something else")
    dialog.ok_button.click()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "differ" in dialog.messages.text("repeat")

    dialog.password.setText("short")
    dialog.repeat.setText("short")
    dialog.ok_button.click()
    assert "at least 8 characters" in dialog.messages.text("password")
    assert dialog.messages.text("repeat") == ""  # the earlier message is gone

    dialog.username.setText("ana garcia")
    dialog.password.setText(PASSWORD)
    dialog.repeat.setText(PASSWORD)
    dialog.ok_button.click()
    assert "without spaces" in dialog.messages.text("username")
    assert not users.has_users(sqlite_db)
    assert dialog.actor is None


def _with_user(db) -> None:  # type: ignore[no-untyped-def]
    users.create_user(db, username="ana", password=PASSWORD, role="officer")


def test_login_signs_in(qtbot, sqlite_db):
    _with_user(sqlite_db)
    dialog = LoginDialog(sqlite_db, username="ana")
    qtbot.addWidget(dialog)
    dialog.password.setText(PASSWORD)
    dialog.ok_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.actor is not None and (dialog.actor.username, dialog.actor.role) == ("ana", "officer")


def test_wrong_password_shows_a_message_and_stays(qtbot, sqlite_db):
    _with_user(sqlite_db)
    dialog = LoginDialog(sqlite_db)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.username.setText("ana")
    dialog.password.setText("not the password")
    dialog.ok_button.click()
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.actor is None
    assert "user name or the password is wrong" in dialog.messages.text("password")
    assert dialog.password.text() == ""  # ready for the next try
    assert dialog.username.text() == "ana"


def test_repeated_failures_show_the_wait(qtbot, sqlite_db):
    _with_user(sqlite_db)
    dialog = LoginDialog(sqlite_db, username="ana")
    qtbot.addWidget(dialog)
    for _ in range(users.FREE_ATTEMPTS):
        dialog.password.setText("not the password")
        dialog.ok_button.click()
    dialog.password.setText(PASSWORD)  # even the right password must wait now
    dialog.ok_button.click()
    assert dialog.actor is None
    message = dialog.messages.text("password")
    # The first wait is 2 seconds; on a loaded machine 1 may be left by the time the message is made.
    assert "Too many failed attempts" in message and re.search(r"Wait [12] seconds? before trying again", message)
    assert not dialog.ok_button.isEnabled()  # rests for the wait
    qtbot.waitUntil(dialog.ok_button.isEnabled, timeout=5000)  # the first wait is 2 seconds
    dialog.password.setText(PASSWORD)
    dialog.ok_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.actor is not None


def test_another_user_name_frees_the_button(qtbot, sqlite_db):
    _with_user(sqlite_db)
    dialog = LoginDialog(sqlite_db, username="ana")
    qtbot.addWidget(dialog)
    for _ in range(users.FREE_ATTEMPTS + 1):
        dialog.password.setText("not the password")
        dialog.ok_button.click()
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.username, "x")
    assert dialog.ok_button.isEnabled()


def test_empty_user_name_is_asked_for(qtbot, sqlite_db):
    _with_user(sqlite_db)
    dialog = LoginDialog(sqlite_db)
    qtbot.addWidget(dialog)
    dialog.password.setText(PASSWORD)
    dialog.ok_button.click()
    assert "user name" in dialog.messages.text("username")


def test_sign_in_without_users_creates_the_administrator(qtbot, sqlite_db, monkeypatch, tmp_path):
    shown: list[type] = []

    def answer(dialog: QDialog) -> int:
        shown.append(type(dialog))
        assert isinstance(dialog, FirstAdministratorDialog)
        dialog.username.setText("admin")
        dialog.password.setText(PASSWORD)
        dialog.repeat.setText(PASSWORD)
        dialog.create_account()
        return dialog.result()

    monkeypatch.setattr(FirstAdministratorDialog, "exec", answer)
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    actor = login.sign_in(None, sqlite_db, settings=settings)
    assert shown == [FirstAdministratorDialog]
    assert actor is not None and (actor.username, actor.role) == ("admin", "administrator")
    assert settings.value(login.last_user_key(sqlite_db)) == "admin"


def test_sign_in_with_users_asks_for_the_password_and_offers_the_last_name(qtbot, sqlite_db, monkeypatch,
                                                                          tmp_path):
    _with_user(sqlite_db)
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    settings.setValue(login.last_user_key(sqlite_db), "ana")
    offered: list[str] = []

    def answer(dialog: QDialog) -> int:
        assert isinstance(dialog, LoginDialog)
        offered.append(dialog.username.text())
        dialog.password.setText(PASSWORD)
        dialog.sign_in()
        return dialog.result()

    monkeypatch.setattr(LoginDialog, "exec", answer)
    actor = login.sign_in(None, sqlite_db, settings=settings)
    assert offered == ["ana"]
    assert actor is not None and actor.username == "ana"


def test_sign_in_cancelled_returns_none(qtbot, sqlite_db, monkeypatch):
    _with_user(sqlite_db)
    monkeypatch.setattr(LoginDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected)
    assert login.sign_in(None, sqlite_db) is None


def test_sign_in_from_the_environment(sqlite_db, monkeypatch):
    _with_user(sqlite_db)
    monkeypatch.setattr(LoginDialog, "exec", lambda dialog: pytest.fail("no dialog expected"))
    monkeypatch.setenv(login.ENV_USER, "ana")
    monkeypatch.setenv(login.ENV_PASSWORD, PASSWORD)
    actor = login.sign_in(None, sqlite_db)
    assert actor is not None and actor.username == "ana"
    monkeypatch.setenv(login.ENV_PASSWORD, "wrong wrong")
    with pytest.raises(RuleViolation):
        login.sign_in(None, sqlite_db)


def test_auto_admin_skips_the_first_administrator(sqlite_db, monkeypatch):
    monkeypatch.setattr(FirstAdministratorDialog, "exec", lambda dialog: pytest.fail("no dialog expected"))
    monkeypatch.setenv(login.ENV_AUTO_ADMIN, "1")
    actor = login.sign_in(None, sqlite_db)
    assert actor is not None and actor.role == "administrator"
    assert not users.has_users(sqlite_db)


def test_the_services_start_loading_only_when_a_dialog_waits_for_the_person(qtbot, sqlite_db, monkeypatch):
    """``while_waiting`` (the window loads SQLAlchemy and the services then) is called once a dialog is about to
    wait, and not when nobody is asked; ``has_users`` from the window's first look replaces the query."""
    waited: list[str] = []

    def answer(dialog: QDialog) -> int:
        waited.append(f"asked after {len(waited)} call(s)")
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(LoginDialog, "exec", answer)
    # The first look said there are accounts (there are none): the login dialog is what shows.
    assert login.sign_in(None, sqlite_db, has_users=True, while_waiting=lambda: waited.append("load")) is None
    assert waited == ["load", "asked after 1 call(s)"]
    waited.clear()
    monkeypatch.setenv(login.ENV_AUTO_ADMIN, "1")
    actor = login.sign_in(None, sqlite_db, has_users=False, while_waiting=lambda: waited.append("load"))
    assert actor is not None and actor.role == "administrator" and waited == []
