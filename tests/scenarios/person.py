"""A person at the main window: finds fields and buttons by their accessible names (as a screen reader, or the
eye, does), types into them, clicks, answers dialogs, and takes a screenshot at each step.

Nothing here sets a widget's value directly: text is typed with ``QTest.keyClicks``, choices are clicked in the
combo box's list, dates are typed in the user's locale (``type_date``), check boxes are clicked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QListWidget,
    QMenu,
    QSpinBox,
    QWidget,
)
from pytestqt.exceptions import TimeoutError as WaitedTooLong

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots" / "scenarios"
SIZE = (1366, 768)


@contextmanager
def main_window(qtbot: Any, db: Any, settings: Any, monkeypatch: Any) -> Iterator[Any]:
    """The main window on ``db`` (an office signed in as someone) at the person's screen size, shown; on leaving,
    its background tasks are waited for and it is closed, discarding what a scenario that failed half-way left
    typed in a form (unasked)."""
    from PySide6.QtWidgets import QMessageBox

    from vetdesk.ui import tasks
    from vetdesk.ui.main_window import MainWindow

    window = MainWindow(db, settings=settings)
    window.resize(*SIZE)
    window.show()
    qtbot.waitExposed(window)
    yield window
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=20000)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    window.close()
    window.deleteLater()


def _plain(text: str) -> str:
    return text.replace("&", "").strip()


def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` key by key; a letter beyond ASCII ("á", "ñ") arrives as a keyboard layout or input method
    delivers it, a key press carrying the character (QTest's own key table knows ASCII only)."""
    from PySide6.QtGui import QKeyEvent

    for char in text:
        if ord(char) < 128:
            QTest.keyClicks(widget, char)
            continue
        for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


class Answered(list[str]):
    """The titles of the dialogs answered; ``stop()`` ends the looking once the step is over (so it cannot answer
    a later step's dialog)."""

    tries = 0
    stopped = False

    def stop(self) -> None:
        self.stopped = True


#: Every answer still looking for its dialog: a test's unanswered one must not answer the next test's dialog.
LOOKING: list[Answered] = []


def stop_looking() -> None:
    """End every answer still looking (after each test: one left looking for up to its ``wait_ms`` answered a
    later test's message box, which then waited for its own answer forever)."""
    for seen in LOOKING:
        seen.stop()
    LOOKING.clear()


class Person:
    """Works the window like a person: ``person.type(_("Programme code"), "MECA")``."""

    def __init__(self, qtbot: Any, window: QWidget, folder: str) -> None:
        self.qtbot = qtbot
        self.window = window
        self.folder = SCREENSHOTS / folder
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*.png"):  # the pictures of this run only
            old.unlink()
        self.step = 0
        #: The dialogs an answer is dealing with right now (no other answer takes them meanwhile).
        self._claimed: list[QWidget] = []

    # -- looking -------------------------------------------------------------------------------------

    def shot(self, name: str, widget: QWidget | None = None) -> Path:
        self.qtbot.wait(60)
        self.step += 1
        path = self.folder / f"{self.step:02d}-{name}.png"
        (widget or self.window).grab().save(str(path))
        return path

    def find(self, name: str, kind: type[QWidget] = QWidget, root: QWidget | None = None) -> Any:
        """The visible widget of ``kind`` whose accessible name (or, for a button, text) is ``name``."""
        root = root or self.window

        def visible() -> list[QWidget]:
            return [w for w in root.findChildren(kind)
                    if w.isVisible() and (w.accessibleName() == name
                                          or (isinstance(w, QAbstractButton) and _plain(w.text()) == _plain(name)))]

        found = visible()
        if not found:  # a person waits for the page to appear: a loaded machine shows it a moment later
            try:
                self.qtbot.waitUntil(lambda: bool(visible()), timeout=3000)
            except WaitedTooLong:
                pass
            found = visible()
        assert found, f"no visible {kind.__name__} named {name!r}"
        return found[-1]

    def modal(self) -> QWidget:
        widget = QApplication.activeModalWidget()
        assert widget is not None, "no dialog is open"
        return widget

    # -- doing ---------------------------------------------------------------------------------------

    def click(self, name: str, root: QWidget | None = None) -> None:
        # A person's hand takes a moment to reach the button: what the last action set going (a list refreshing
        # after a save, a form reloading) has happened by then.
        self.qtbot.wait(150)
        button = self.find(name, QAbstractButton, root)
        assert button.isEnabled(), f"{name} is disabled"
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)

    def type(self, name: str, text: str, root: QWidget | None = None) -> None:
        """Click into a field, select what it holds and type ``text`` over it."""
        widget = self.find(name, QWidget, root)
        target = widget.focusProxy() or widget
        if isinstance(target, QSpinBox):
            target = target.findChild(QLineEdit) or target
        QTest.mouseClick(target, Qt.MouseButton.LeftButton)
        QTest.keyClick(target, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        type_text(target, text)

    def choose(self, name: str, text: str, root: QWidget | None = None) -> None:
        """Open a combo box's list with the mouse and click the entry that starts with ``text``."""
        combo = self.find(name, QComboBox, root)
        self.qtbot.waitExposed(combo.window())
        QTest.mouseClick(combo, Qt.MouseButton.LeftButton)
        view = combo.view()
        if not view.isVisible():  # the click reached it before its window was active: the keyboard opens it too
            QTest.keyClick(combo, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
        self.qtbot.waitUntil(view.isVisible, timeout=3000)
        model = view.model()
        rows = [r for r in range(model.rowCount()) if str(model.index(r, 0).data() or "").startswith(text)]
        assert rows, f"{name} offers no {text!r}: {[model.index(r, 0).data() for r in range(model.rowCount())]}"
        index = model.index(rows[0], 0)
        view.scrollTo(index)
        # A release right after the list opened is taken for the end of the click that opened it: a person's
        # hand takes longer than that to move to the entry.
        QTest.mouseMove(view.viewport(), view.visualRect(index).center())
        self.qtbot.wait(QApplication.doubleClickInterval() + 50)
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
        self.qtbot.waitUntil(lambda: not view.isVisible(), timeout=3000)
        assert combo.currentText().startswith(text), (combo.currentText(), text)

    def tick(self, name: str, text: str, root: QWidget | None = None) -> None:
        """Click an entry of a list of check boxes, then press Space to tick it."""
        checklist = self.find(name, QListWidget, root)
        item = next(checklist.item(i) for i in range(checklist.count()) if checklist.item(i).text().startswith(text))
        checklist.scrollToItem(item)
        QTest.mouseClick(checklist.viewport(), Qt.MouseButton.LeftButton,
                         pos=checklist.visualItemRect(item).center())
        QTest.keyClick(checklist, Qt.Key.Key_Space)
        assert item.checkState() == Qt.CheckState.Checked, text

    def type_date(self, name: str, day: date, root: QWidget | None = None) -> None:
        """Click into a date field and type the date as the language writes it (15/03/2026 in Spanish), then
        Tab out of it; the field shows it back in the same form."""
        from vetdesk import i18n

        written = i18n.current().format_numeric_date(day)
        self.type(name, written, root)
        line = self.find(name, QLineEdit, root)
        QTest.keyClick(line, Qt.Key.Key_Tab)
        assert line.text() == written, (line.text(), written)

    def key(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
            widget: QWidget | None = None) -> None:
        QTest.keyClick(widget or QApplication.focusWidget() or self.window, key, modifier)

    def nav(self, label: str) -> None:
        """Click a page in the navigation bar."""
        nav = self.find_nav()
        item = next(nav.item(i) for i in range(nav.count()) if nav.item(i).text() == label)
        nav.scrollToItem(item)
        QTest.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=nav.visualItemRect(item).center())
        self.qtbot.waitUntil(lambda: nav.currentItem() is item, timeout=3000)

    def open_found(self, page: str, reference: str, record_id: int) -> Any:
        """Find a record on its page (the navigation's ``page``) as a person does, its reference typed into the
        search and Enter (the one row found opens), and return its open form."""
        self.nav(page)
        listed = self.window.current_list()  # type: ignore[attr-defined]
        self.type(listed.search.accessibleName(), reference, listed)
        self.key(Qt.Key.Key_Return, widget=listed.search)
        self.qtbot.waitUntil(lambda: listed.form is not None and listed.form.record_id == record_id, timeout=10000)
        return listed.form

    def open_agreement(self, agreement: int) -> Any:
        """An agreement found in the Agreements list as a person finds it (its reference typed, Enter), open: its
        form."""
        from vetdesk.i18n import _
        from vetdesk.services import records

        reference = records.get(self.window.db, "agreements", agreement)["reference"]  # type: ignore[attr-defined]
        return self.open_found(_("Agreements"), reference, agreement)

    def find_nav(self) -> QListWidget:
        nav: QListWidget = self.find(self._navigation_name(), QListWidget)
        return nav

    def _navigation_name(self) -> str:
        from vetdesk.i18n import _

        return _("Navigation")

    def menu(self, title: str, entry: str) -> None:
        """Open a menu of the menu bar with the mouse and click one of its entries."""
        bar = self.window.menuBar()  # type: ignore[attr-defined]
        action = next(a for a in bar.actions() if _plain(a.text()) == _plain(title))
        QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(action).center())
        menu = action.menu()
        assert isinstance(menu, QMenu)
        self.qtbot.waitUntil(menu.isVisible, timeout=3000)
        item = next(a for a in menu.actions() if _plain(a.text()) == _plain(entry))
        QTest.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(item).center())

    def when_dialog(self, act: Callable[[QWidget], None], *, of: type[QWidget] = QWidget,
                    title: str | None = None, wait_ms: int = 15000,
                    holding: type[QWidget] | None = None) -> Answered:
        """Do ``act`` on the dialog (of this type, with this title, ``holding`` a widget of this type) that the next
        action opens: a modal dialog blocks until it is answered. Returns a list that holds the dialog's title once
        it was answered; after ``wait_ms`` without such a dialog it stops looking."""
        seen = Answered()

        def answer() -> None:
            if seen.stopped:
                return
            widget = QApplication.activeModalWidget()
            if widget is None or not isinstance(widget, of) or (title is not None and widget.windowTitle() != title) \
                    or (holding is not None and widget.findChild(holding) is None) \
                    or any(widget is w for w in self._claimed):  # another answer is already dealing with it
                seen.tries -= 1
                if seen.tries > 0:
                    QTimer.singleShot(50, answer)
                return
            seen.append(widget.windowTitle())
            self._claimed.append(widget)
            try:
                act(widget)
            except BaseException:
                # The answer failed (a button not found, an assertion): close the dialog so that the action
                # waiting on it returns and the test fails with this error, instead of hanging on a modal dialog.
                if isinstance(widget, QDialog):
                    widget.reject()
                else:
                    widget.close()
                raise
            finally:
                self._claimed.remove(widget)

        seen.tries = wait_ms // 50
        LOOKING.append(seen)
        QTimer.singleShot(50, answer)
        return seen

    def answer_batch_print(self, *, drafts: bool = False, language: str | None = None) -> Answered:
        """Answer the batch printing's dialog that the next action opens: the folder chosen with *Choose…* (the
        test's folder dialog answers), the document language chosen by its name when ``language`` (else the
        one proposed), *Also write e-mail drafts* ticked when ``drafts``, then *Print*."""
        from PySide6.QtWidgets import QCheckBox

        from vetdesk.i18n import _
        from vetdesk.ui.printing import BatchPrintDialog

        def answer(dialog: QWidget) -> None:
            self.click(_("Choose the folder"), dialog)
            if language is not None:
                self.choose(_("Document language"), language, dialog)
            if drafts:
                QTest.mouseClick(self.find(_("Also write e-mail drafts"), QCheckBox, dialog), Qt.MouseButton.LeftButton)
            self.click(_("&Print"), dialog)

        return self.when_dialog(answer, of=BatchPrintDialog)

    def ok(self, dialog: QWidget) -> None:
        """Click a dialog's OK button."""
        from PySide6.QtWidgets import QDialogButtonBox

        box = dialog.findChild(QDialogButtonBox)
        assert box is not None
        button = box.button(QDialogButtonBox.StandardButton.Ok)
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)

    def press(self, box: Any, button: Any) -> None:
        """Click one of a message box's or button box's standard buttons (its text is Qt's own, in the window's
        language: "Aceptar", "Cerrar")."""
        target = box.button(button)
        assert target is not None, f"no {button} in {box.windowTitle()!r}"
        QTest.mouseClick(target, Qt.MouseButton.LeftButton)

    def rows(self, view: QAbstractItemView) -> int:
        model = view.model()
        return model.rowCount() if model is not None else 0


#: What the start-up loop's answer has seen: ``windows`` (each main window opened, in order), ``dialogs`` (each
#: sign-in or create-administrator dialog answered), ``error`` (what went wrong while answering, reported by the
#: test once the application has stopped); the test's own answers add what they noticed.
StartUpSeen = dict[str, Any]


@contextmanager
def answering_start_up(qtbot: Any, folder: str, *, dialogs: tuple[type[QWidget], ...],
                       on_dialog: Callable[[Person, Any, StartUpSeen], None],
                       on_window: Callable[[Person, Any, StartUpSeen], None]) -> Iterator[StartUpSeen]:
    """A person at the screen while the application's start-up loop (``ui.app.run_app``) runs: every 150 ms each
    new modal dialog of ``dialogs`` (sign in, create the administrator) is answered once by ``on_dialog`` and each
    new main window, at 1366×768, by ``on_window`` (``len(seen["windows"])`` tells which). An answer that fails
    closes every window, so that the loop ends, and leaves its error in ``seen["error"]``."""
    from vetdesk.ui.main_window import MainWindow

    seen: StartUpSeen = {"windows": [], "dialogs": [], "error": None}
    people: list[Person] = []

    def person_at(widget: QWidget) -> Person:
        if not people:
            people.append(Person(qtbot, widget, folder))
        people[0].window = widget
        return people[0]

    def look() -> None:
        try:
            modal = QApplication.activeModalWidget()
            if isinstance(modal, dialogs) and modal not in seen["dialogs"]:
                seen["dialogs"].append(modal)
                on_dialog(person_at(modal), modal, seen)
                return
            window = next((w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)
                           and w.isVisible() and w not in seen["windows"]), None)
            if window is None or modal is not None:
                return
            seen["windows"].append(window)
            window.resize(*SIZE)
            on_window(person_at(window), window, seen)
        except BaseException as exc:  # noqa: BLE001 - reported after the application stopped
            seen["error"] = repr(exc)
            for w in QApplication.topLevelWidgets():
                w.close()

    timer = QTimer()
    timer.timeout.connect(look)
    timer.start(150)
    try:
        yield seen
    finally:
        timer.stop()
