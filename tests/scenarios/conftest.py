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
    """The main window as it starts on a local database file: its local operator is at work (as on the command
    line)."""
    from tests.scenarios.person import main_window
    from vetdesk.services.session import local_operator

    with main_window(qtbot, sqlite_db.as_user(local_operator()), qsettings, monkeypatch) as w:
        yield w
