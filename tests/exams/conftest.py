"""The exam tests use the window's fixtures (a private QSettings file)."""

from tests.ui.conftest import qsettings  # noqa: F401 - a fixture
