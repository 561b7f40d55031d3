"""Small things a new user's first hour (trial 24c) saw in the forms and dialogs, in Spanish and in German (whose
longer words wrap where Spanish ones fit): a form label of two lines overlapping the heading above it, a horizontal
scroll bar in the apprentice's form once saved, a refusal's last line cut in the signatures dialog. Driven as a
person drives the window; screenshots in ``screenshots/scenarios/setup24c-forms/``."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QDialog, QLabel, QScrollArea, QWidget

from tests import factories as f
from tests.scenarios.person import Person
from tests.scenarios.test_new_user_retrial import office_for_a_year
from tests.scenarios.test_office_setup import _new
from vetdesk.i18n import _
from vetdesk.services import records
from vetdesk.services.settings import save_office_settings
from vetdesk.ui.main_window import MainWindow


@pytest.fixture(params=["es", "de"])
def language(request, qapp):  # type: ignore[no-untyped-def]
    """Spanish, as the office works, and German, whose labels are the longest."""
    from vetdesk.ui.app import use_language

    use_language(request.param, qapp)
    yield str(request.param)
    use_language("en", qapp)


def _shown_whole(label: QLabel) -> bool:
    """A word-wrapped label is as tall as its lines at the width it has."""
    return label.height() >= label.heightForWidth(label.width())


def test_the_apprentice_form_s_labels_fit_their_rows_and_it_never_scrolls_sideways(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str) -> None:
    """German: "Land des Personalausweises" wrapped onto two lines in a one-line row, over the heading "Person".
    Saved, the form grew a horizontal scroll bar (the box of the apprentice's agreements had a title wider than the
    pane). Every wrapped label is as tall as its lines, below the heading; saved, nothing scrolls sideways."""
    person = Person(qtbot, window, f"setup24c-forms/apprentice-{language}")
    person.nav(_("Apprentices"))
    form = _new(person, "apprentices")
    person.shot("new")
    label = next(w for w in form.findChildren(QLabel) if w.buddy() is not None
                 and w.text().startswith(records.kind("apprentices").field("id_country").title()))  # type: ignore[union-attr]
    heading = next(w for w in form.findChildren(QLabel) if w.text() == _("Person"))
    assert _shown_whole(label), (label.height(), label.heightForWidth(label.width()))
    assert label.geometry().top() >= heading.geometry().bottom(), (label.geometry(), heading.geometry())
    for wrapped in (w for w in form.findChildren(QLabel) if w.buddy() is not None and w.wordWrap()):
        assert _shown_whole(wrapped), wrapped.text()
    person.type(_("CURP"), f.curp_for(date(2008, 5, 17), "H"), form)
    person.type(_("Given names"), "José", form)
    person.type(_("First surname"), "García", form)
    person.click(_("&Save"), form)
    qtbot.waitUntil(lambda: form.record_id is not None and not form.is_dirty(), timeout=5000)
    qtbot.wait(200)
    person.shot("saved")
    scroll = next(s for s in form.findChildren(QScrollArea) if s.isVisible())
    assert not scroll.horizontalScrollBar().isVisible(), (scroll.widget().minimumSizeHint().width(),
                                                          scroll.viewport().width())


def test_a_refusal_in_the_signatures_dialog_is_shown_to_its_last_line(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str) -> None:
    """An office whose collaboration rule refuses: the signatures of an agreement with no collaboration agreement in
    force are refused in the dialog, beside its buttons; the message's last line was cut (it was measured at the
    dialog's whole width). It is shown whole."""
    db = window.db
    ids = office_for_a_year(db)
    school = f.make_school(db, name="CBTIS 118")  # no collaboration agreement with the company
    agreement = f.make_agreement(db, apprentice_id=ids["apprentice"], company_id=ids["company"],
                                 programme_id=ids["programme"], instructor_id=ids["instructor"],
                                 school_id=school, rotation_plan_id=ids["plan"])
    records.update(db, "agreements", agreement, {"status": "printed"}, accept_warnings=True)
    save_office_settings(db, {"collaboration_rule": "error"})
    reference = records.get(db, "agreements", agreement)["reference"]
    person = Person(qtbot, window, f"setup24c-forms/signatures-{language}")
    person.nav(_("Agreements"))
    page = window.current_list()
    person.type(page.search.accessibleName(), reference, page)
    person.key(Qt.Key.Key_Return, widget=page.search)
    qtbot.waitUntil(lambda: page.form is not None and page.form.record_id == agreement, timeout=10000)
    seen: dict[str, bool] = {}

    def sign(dialog: QWidget) -> None:
        for box in dialog.findChildren(QCheckBox):
            QTest.mouseClick(box, Qt.MouseButton.LeftButton)
        person.ok(dialog)
        message = dialog.general  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: message.text() != "", timeout=5000)
        qtbot.wait(200)
        person.shot("refused", dialog)
        seen["whole"] = _shown_whole(message) and message.geometry().bottom() <= dialog.contentsRect().bottom()
        seen["collaboration"] = _("Collaboration agreements") in message.accessibleDescription()
        dialog.reject()  # type: ignore[attr-defined]

    answered = person.when_dialog(sign, of=QDialog, title=_("Record signatures"))
    person.click(_("Record signatures…"), page.form)
    qtbot.waitUntil(lambda: bool(answered) and "whole" in seen, timeout=10000)
    assert seen == {"whole": True, "collaboration": True}, seen
