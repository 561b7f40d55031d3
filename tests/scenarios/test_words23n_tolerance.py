"""Issue 23 (words23n): the office's setting plan_term_tolerance_weeks works as a floor (the rule accepts the
largest of 4 weeks, a tenth of the term and the setting), but its label said "Weeks a rotation plan may differ"
and the refusal "se permiten como máximo 21". The settings dialog's label and help and both refusals (saving an
agreement, printing it for signature) say what the rule does, in one wording built where the rule is."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import QLabel, QSpinBox

from tests.scenarios.person import SIZE
from vetdesk import i18n
from vetdesk.domain import contract, training
from vetdesk.i18n import _
from vetdesk.ui.settings_dialog import SettingsDialog

START = date(2026, 8, 3)
END = START + timedelta(weeks=156) - timedelta(days=1)  # three years: a tenth is 16 weeks


def test_the_setting_says_it_is_a_floor_in_the_dialog(qtbot, sqlite_db, qsettings, language) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(sqlite_db, qsettings)
    qtbot.addWidget(dialog)
    dialog.resize(*SIZE)
    dialog.show()
    qtbot.waitExposed(dialog)
    label = _("Weeks a rotation plan may always differ from the agreement's term")
    spins = [s for s in dialog.findChildren(QSpinBox) if s.accessibleName() == label]
    assert len(spins) == 1, [s.accessibleName() for s in dialog.findChildren(QSpinBox)]
    assert any(q.text() == label for q in dialog.findChildren(QLabel)), label  # the row's label reads the same
    help_text = spins[0].toolTip()
    assert help_text == spins[0].accessibleDescription() and "4" in help_text, help_text
    assert ("la mayor" if language == "es" else "the largest") in help_text, help_text
    assert ("como máximo" if language == "es" else "at most") not in help_text + label


def test_the_refusals_state_the_rule_not_a_maximum() -> None:
    for lang, words, never in (("es", ("hasta 16 semanas", "la mayor de 4 semanas", "2 semanas)"), "como máximo"),
                               ("en", ("up to 16 weeks'", "the largest of 4 weeks", "setting of 2 weeks"), "at most")):
        i18n.set_language(lang)
        try:
            printed = contract.rotation_plan(contract.ContractFacts(
                template="mmfd", start=START, end=END, minor=False, plan_weeks=(70, 60), plan_tolerance_weeks=2))
            saved = training.check_plan_term(plan_weeks=130, start=START, end=END,
                                             strictness=training.Strictness(plan_term_tolerance_weeks=2))
        finally:
            i18n.set_language("en")
        assert printed and saved, (printed, saved)
        for message in (printed[0].message, saved[0].message):
            assert all(w in message for w in words) and never not in message, message
