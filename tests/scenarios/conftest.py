"""The scenarios' shared fixtures: the window's private QSettings file, the window's language (Spanish, as the
office works, and English), and the main window on a local database file as its local operator."""

import pytest

from tests.ui.conftest import qsettings  # noqa: F401 - a fixture


@pytest.fixture(params=["es", "en"])
def language(request, qapp):  # type: ignore[no-untyped-def]
    """The window's language: Spanish, as the office works, and English; vetdesk's words and Qt's own (the
    wizard's Next, a dialog's Close), set as the application's start sets them (``ui.app.use_language``)."""
    from vetdesk.ui.app import use_language

    use_language(request.param, qapp)
    yield str(request.param)
    use_language("en", qapp)


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
