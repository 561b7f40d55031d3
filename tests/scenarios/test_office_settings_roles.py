"""Tools › Settings… for a role that may not change the office's settings (found by a new user's trial of issue
21: an officer changed the place of signing and was refused only on Save). The office's section is shown
read-only with a line saying who may change it; this computer's settings stay the officer's to change, and Save
saves them without a refusal. An administrator gets the office's section to edit."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QToolButton,
    QWidget,
)

from tests.scenarios.person import SIZE, Person
from vetdesk.i18n import _
from vetdesk.services.actors import Actor
from vetdesk.services.settings import office_settings
from vetdesk.ui.main_window import MainWindow
from vetdesk.ui.settings_dialog import SettingsDialog


@pytest.mark.parametrize("role", ["officer", "administrator"])
def test_office_settings_read_only_for_a_role_that_may_not_change_them(  # type: ignore[no-untyped-def]
        qtbot, sqlite_db, qsettings, language, monkeypatch, role: str) -> None:
    from vetdesk.ui import tasks

    window = MainWindow(sqlite_db.as_user(Actor(username="mgarcia", role=role)), settings=qsettings)
    window.resize(*SIZE)
    window.show()
    qtbot.waitExposed(window)
    person = Person(qtbot, window, f"settings-{role}-{language}")
    before = office_settings(sqlite_db)
    refusals: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: refusals.append(text))
    seen: dict[str, Any] = {}

    def look(dialog: QWidget) -> None:
        title = _("The office (shared by everyone using this database)")
        office = next(b for b in dialog.findChildren(QGroupBox) if b.title() == title)
        place = person.find(_("Place of signing"), QLineEdit, dialog)
        paper = person.find(_("Paper size"), QWidget, office)
        seen["office enabled"] = not place.isReadOnly() and paper.isEnabled()
        seen["note"] = [w.text() for w in office.findChildren(QLabel)
                        if w.isVisible() and w.accessibleName() == _("Who may change the office's settings")]
        # What looks like a field to type in or a choice to open (found on the re-trial: the read-only values
        # still had a field's frame and white ground, so the officer took them for fields that did not work).
        seen["fields"] = [w.accessibleName() for w in office.findChildren(QLineEdit) if w.isVisible() and
                          (w.hasFrame() or not w.isReadOnly())]
        seen["choices"] = [w.accessibleName() for w in office.findChildren(QComboBox) + office.findChildren(QSpinBox)
                           + office.findChildren(QToolButton) if w.isVisible()]
        seen["paper"] = paper.text() if isinstance(paper, QLineEdit) else paper.currentText()
        person.shot("settings", dialog)
        person.type(_("Place of signing"), "Celaya, Guanajuato", dialog)  # read-only for an officer: nothing goes in
        person.press(dialog.findChild(QDialogButtonBox), QDialogButtonBox.StandardButton.Save)

    try:
        answered = person.when_dialog(look, of=SettingsDialog)
        person.menu(_("&Tools"), _("&Settings…"))
        qtbot.waitUntil(lambda: bool(answered) and QApplication.activeModalWidget() is None, timeout=10000)
        assert not refusals  # never refused on Save
        after = office_settings(sqlite_db)["chamber_place"]
        if role == "officer":
            assert seen["office enabled"] is False  # nothing there takes a change
            assert len(seen["note"]) == 1 and _("administrator") in seen["note"][0] and _("officer") in seen["note"][0]
            assert after == before["chamber_place"]
            assert seen["fields"] == [] and seen["choices"] == []  # values to read, nothing that looks editable
            assert seen["paper"] == _("Letter (Mexico)")  # the value said in words
        else:
            assert seen["office enabled"] is True and seen["note"] == []
            assert _("Place of signing") in seen["fields"] and _("Paper size") in seen["choices"]
            assert after == "Celaya, Guanajuato"
    finally:
        qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=20000)
        window.close()
        window.deleteLater()
