"""The scenarios' shared fixtures: the window's private QSettings file, the window's language (Spanish, as the
office works, and English), and the main window on a local database file as its local operator."""

import pytest

from tests.ui.conftest import qsettings  # noqa: F401 - a fixture


@pytest.fixture(params=["es", "en"])
def language(request) -> str:  # type: ignore[no-untyped-def]
    """The window's language: Spanish, as the office works, and English."""
    from vetdesk import i18n

    i18n.set_language(request.param)
    return str(request.param)


@pytest.fixture
def window(qtbot, sqlite_db, qsettings, language, monkeypatch):  # type: ignore[no-untyped-def]  # noqa: F811
    from PySide6.QtWidgets import QMessageBox

    from tests.scenarios.person import SIZE
    from vetdesk.services.session import local_operator
    from vetdesk.ui import tasks
    from vetdesk.ui.main_window import MainWindow

    # As the window starts on a local database file: its local operator is at work (as on the command line).
    w = MainWindow(sqlite_db.as_user(local_operator()), settings=qsettings)
    w.resize(*SIZE)
    w.show()
    qtbot.waitExposed(w)
    yield w
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=20000)
    # A scenario that failed half-way may leave a form with typed values: closing discards them unasked.
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    w.close()
    w.deleteLater()
