"""What a new user's trial of the window found (issue 21, items 3, 4, 6, 7 and 10), each step driven as a person
drives the window: typed, clicked and answered, asserted on screen and in the database. Screenshots go to
``screenshots/scenarios/``."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from tests import factories as f
from tests.scenarios.person import Person
from vetdesk.domain.permissions import ROLE_LABELS, Role
from vetdesk.i18n import _, upper_first
from vetdesk.services import users
from vetdesk.ui.main_window import MainWindow


def test_an_instructor_account_names_its_instructor_never_a_preset_one(qtbot, window: MainWindow, sqlite_db,  # type: ignore[no-untyped-def]
                                                                         language: str) -> None:
    """Users › Add user, role Instructor: the instructor picker starts empty (the first of 26,361 instructors was
    preset: an administrator who did not notice tied the login to a stranger's apprentices) and is required."""
    f.make_instructor(sqlite_db, name="Aarón Aguilar García")
    chosen = f.make_instructor(sqlite_db, name="Rosa Villanueva")
    person = Person(qtbot, window, f"trial21-add-instructor-{language}")
    seen: dict[str, Any] = {}

    def add(dialog: QWidget) -> None:
        person.type(_("User name"), "rosa", dialog)
        person.type(_("Full name"), "Rosa Villanueva", dialog)
        person.choose(_("Role"), upper_first(_(ROLE_LABELS[Role.INSTRUCTOR])), dialog)
        combo = person.find(_("Instructor"), QComboBox, dialog)
        seen["start"] = (combo.currentIndex(), combo.currentText())
        person.type(_("Password"), "Lehrling-2026!", dialog)
        person.type(_("Repeat the password"), "Lehrling-2026!", dialog)
        person.shot("empty-instructor", dialog)
        person.click(_("Add user"), dialog)
        qtbot.wait(100)
        messages = [w.text() for w in dialog.findChildren(QLabel) if w.accessibleName() == _("Message")
                    and w.isVisible() and w.text()]
        seen["refusal"] = messages
        seen["accounts"] = [u.username for u in users.list_users(sqlite_db)]
        person.shot("instructor-required", dialog)
        person.type(_("Search instructors"), "Villanueva", dialog)
        person.choose(_("Instructor"), "Rosa Villanueva", dialog)
        person.click(_("Add user"), dialog)

    def users_dialog(dialog: QWidget) -> None:
        person.when_dialog(add, title=_("Add a user"))
        person.click(_("&Add user…"), dialog)
        qtbot.waitUntil(lambda: "rosa" in dialog.usernames(), timeout=5000)  # type: ignore[attr-defined]
        person.shot("users", dialog)
        dialog.accept()  # type: ignore[attr-defined]

    answered = person.when_dialog(users_dialog, title=_("Users"))
    person.menu(_("&Tools"), _("&Users…"))
    qtbot.waitUntil(lambda: len(answered) == 1, timeout=15000)
    assert seen["start"] == (-1, ""), seen["start"]
    assert any(_("Instructor") in m for m in seen["refusal"]), seen["refusal"]
    assert "rosa" not in seen["accounts"]  # refused: nothing written
    account = next(u for u in users.list_users(sqlite_db) if u.username == "rosa")
    assert (account.role, account.instructor_id) == ("instructor", chosen)
