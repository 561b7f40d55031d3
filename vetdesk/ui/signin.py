"""Who works in the window: the choice between signing in from the environment, working as the local
operator, and asking the person (:mod:`vetdesk.ui.login`'s dialogs, loaded only when one is shown).

Kept apart from the dialogs so that a start that asks nobody (the environment, ``VETDESK_AUTO_ADMIN``) does
not build their widget types: that took ≈15 ms of the window's start, most of it Qt's enums.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QWidget

    from vetdesk.services.actors import Actor
    from vetdesk.services.office import Office

#: Non-interactive start (smoke test, benchmarks, scripted demos): sign in as this user with this password.
ENV_USER = "VETDESK_USER"
ENV_PASSWORD = "VETDESK_PASSWORD"
#: ``1``: on a database without users, skip creating the administrator and work as the local operator.
ENV_AUTO_ADMIN = "VETDESK_AUTO_ADMIN"
#: QSettings group: the user name last signed in on this PC to each database, offered again in its login dialog
#: (:func:`last_user_key`).
LAST_USER_GROUP = "login/last_user_of"
#: Where vetdesk kept one last user name for every database (another database's user offered on a new one).
_ONE_FOR_ALL_KEY = "login/last_user"


def last_user_key(db: Office) -> str:
    """The QSettings key of the user name last signed in to this database on this PC: kept per database (its file,
    or its server and login: the location shown to people, no password), since another database's accounts are
    not this one's (a new database offered the demo's user)."""
    import hashlib

    digest = hashlib.sha256(db.display_location.encode("utf-8")).hexdigest()[:20]
    return f"{LAST_USER_GROUP}/{digest}"


class WentBack(Exception):
    """The person chose to return to the database open before (its user still signed in there)."""


def sign_in(parent: QWidget | None, db: Office, *, settings: QSettings | None = None,
            has_users: bool | None = None, while_waiting: Callable[[], object] | None = None,
            username: str | None = None, ask_if_refused: bool = False, back_to: str = "") -> Actor | None:
    """Who works in this window: the signed-in user, or ``None`` when the person chose to quit.

    ``has_users`` may say already whether the database has accounts (the window's first look);
    ``while_waiting`` is called when a dialog is about to wait for the person (the window starts loading
    the services then, so that signing in does not wait for them).

    - ``username`` (``--user NAME``) or ``VETDESK_USER``, and ``VETDESK_PASSWORD``: signs in without a dialog
      (a wrong password raises the service's :class:`RuleViolation`, since nobody is there to type another);
      With ``ask_if_refused`` (another database opened from the File menu: the user named at the start may
      have no account there, or it may have no users yet), a refusal asks the person instead, as below;
    - a database without users: the first administrator is created (``FirstAdministratorDialog``),
      unless ``VETDESK_AUTO_ADMIN=1``, which works as the local operator without creating an account;
    - otherwise the login dialog, with ``username`` or the user name last signed in to this database on this PC
      (``settings``, :func:`last_user_key`) filled in.

    ``back_to`` (the name of the database open before *File › Open/New database*): the dialog offers to go back
    to it; choosing that raises :class:`WentBack`.
    """
    username, password = username or os.environ.get(ENV_USER), os.environ.get(ENV_PASSWORD)
    if username and password is not None:
        from vetdesk.domain.problems import RuleViolation
        from vetdesk.services import users

        try:
            return users.authenticate(db, username, password)
        except RuleViolation:
            if not ask_if_refused:
                raise
            has_users = None  # asked below: this database's own accounts decide which dialog
    if has_users is None:
        from vetdesk.services import users

        has_users = users.has_users(db)
    if not has_users and os.environ.get(ENV_AUTO_ADMIN) == "1":
        from vetdesk.services.session import local_operator

        return local_operator()
    from PySide6.QtWidgets import QDialog

    from vetdesk.ui.login import WENT_BACK, FirstAdministratorDialog, LoginDialog

    dialog: FirstAdministratorDialog | LoginDialog
    if not has_users:
        if while_waiting is not None:
            while_waiting()
        dialog = FirstAdministratorDialog(db, parent, username=username or "", back_to=back_to)
    else:
        last = username or (str(settings.value(last_user_key(db)) or "") if settings is not None else "")
        dialog = LoginDialog(db, parent, username=last, back_to=back_to)
        if while_waiting is not None:
            while_waiting()
    try:
        result = dialog.exec()
        if result == WENT_BACK:
            raise WentBack
        if result != QDialog.DialogCode.Accepted:
            return None
        actor = dialog.actor
    finally:
        dialog.deleteLater()
    if settings is not None and actor is not None and actor.username:
        settings.setValue(last_user_key(db), actor.username)
        settings.remove(_ONE_FOR_ALL_KEY)
    return actor
