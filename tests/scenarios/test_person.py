"""The scenarios' person: an answer to a dialog that fails closes the dialog, so the test fails with the answer's
error instead of hanging on a modal dialog nobody answers (seen once when Qt's buttons became Spanish)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from tests.scenarios.person import Person


def test_a_failed_answer_closes_the_dialog_and_fails(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = QWidget()
    qtbot.addWidget(window)
    person = Person(qtbot, window, "person-helper")
    box = QMessageBox(QMessageBox.Icon.Question, "¿Guardar?", "¿Guardar los cambios?",
                      QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel, window)
    with qtbot.capture_exceptions() as caught:
        answered = person.when_dialog(lambda b: person.click("No such button", b), of=QMessageBox, wait_ms=3000)
        box.exec()  # returns: the failed answer closed the box
    assert answered == ["¿Guardar?"]
    assert caught and isinstance(caught[0][1], AssertionError), caught
    assert not box.isVisible()
