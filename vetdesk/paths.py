"""Where vetdesk finds its shipped files and keeps the user's data.

Shipped files (fonts, icons, translations) are found the same way from a source checkout and from a
PyInstaller bundle; never through the working directory.
"""

from __future__ import annotations

import sys
from pathlib import Path

APP_NAME = "vetdesk"
APP_AUTHOR = "vetdesk"


def project_root() -> Path:
    """The folder holding `resources/` and `translations/` (the bundle's root when frozen)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    return Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    return project_root().joinpath("resources", *parts)


def translations_dir() -> Path:
    return project_root() / "translations"


# platformdirs loads when a folder is asked for: a window opened on a given database needs neither folder
# before its first screen.

def user_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def user_log_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))


def default_database_path() -> Path:
    return user_data_dir() / "vetdesk.sqlite3"
