"""Trial 24a, item 5: the German window showed an agreement's stipend and daily hours as 4500.00 and 8.00 (the
decimal point of the database) in the agreement's form. Its number fields write them as the window's language
does — 4.500,00 and 6,00 in German, 4,500.00 and 6.00 in Spanish (Mexico) — and read either mark typed; the
wizard proposes its hours in the same marks."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit

from tests import factories as f
from tests.scenarios.person import Person
from tests.scenarios.test_print_gate import _open_found
from vetdesk.i18n import _
from vetdesk.services import records

SHOWN = {"es": ("4,500.00", "6.00", "4,800.50"), "de": ("4.500,00", "6,00", "4.800,50")}


@pytest.fixture(params=["es", "de"])
def language(request, qapp):  # type: ignore[no-untyped-def]
    """Spanish, as the office works, and German (a comma for decimals, a point between thousands)."""
    from vetdesk.ui.app import use_language

    use_language(request.param, qapp)
    yield str(request.param)
    use_language("en", qapp)


def _label(field: str) -> str:
    spec = records.kind("agreements").field(field)
    assert spec is not None
    return spec.title()


def test_amounts_and_hours_are_written_in_the_window_s_language(qtbot, window, language) -> None:  # type: ignore[no-untyped-def]
    db = window.db
    agreement = f.make_agreement(db)  # a stipend of 4500.00 a month, 6 hours a day
    reference = db.get("agreements", agreement)["reference"]
    amount, hours, typed_back = SHOWN[language]
    person = Person(qtbot, window, f"fix24a-numbers-{language}")
    page = _open_found(person, qtbot, window, _("Agreements"), reference, agreement)
    form = page.form
    stipend = person.find(_label("stipend_amount"), QLineEdit, form)
    assert stipend.text() == amount
    assert person.find(_label("daily_hours"), QLineEdit, form).text() == hours
    person.shot("shown", form)
    # Typed with the other language's mark (a point for decimals in German), it is read as meant.
    person.type(_label("stipend_amount"), "4800.5", form)
    QTest.keyClick(stipend, Qt.Key.Key_Tab)
    person.key(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier, stipend)
    qtbot.waitUntil(lambda: db.get("agreements", agreement)["stipend_amount"] == Decimal("4800.50"), timeout=5000)
    qtbot.waitUntil(lambda: stipend.text() == typed_back, timeout=5000)
    # And with its own marks.
    person.type(_label("stipend_amount"), amount, form)
    person.key(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier, stipend)
    qtbot.waitUntil(lambda: db.get("agreements", agreement)["stipend_amount"] == Decimal("4500.00"), timeout=5000)
    qtbot.waitUntil(lambda: stipend.text() == amount, timeout=5000)
    person.shot("saved", form)


def test_later_years_amounts_are_written_in_the_window_s_language(qtbot, window, language) -> None:  # type: ignore[no-untyped-def]
    """Retrial 25: beside 7.850,00 the German form showed the later years' stipends as stored, 8250.00."""
    db = window.db
    agreement = f.make_agreement(db, modality_years=3, stipend_steps="8250.00; 8500.00")
    reference = db.get("agreements", agreement)["reference"]
    person = Person(qtbot, window, f"fix24a-steps-{language}")
    page = _open_found(person, qtbot, window, _("Agreements"), reference, agreement)
    steps = person.find(_label("stipend_steps"), QLineEdit, page.form)
    assert steps.text() == {"es": "8,250.00; 8,500.00", "de": "8.250,00; 8.500,00"}[language]
    person.type(_label("stipend_steps"), {"es": "8,300.00; 8,600.00", "de": "8.300,00; 8.600,00"}[language],
                page.form)
    person.key(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier, steps)
    qtbot.waitUntil(lambda: db.get("agreements", agreement)["stipend_steps"] == "8300.00; 8600.00", timeout=5000)
