"""The first moment of the window's start: the language, the database and its first screen's count.

This runs before the widgets and the window's own modules load (it needs only Qt's core, for the PC's
settings), so that the dashboard's figures are counted on the PC's second core while the rest of the start
goes on: see :func:`begin`, used by :func:`vetdesk.ui.app.run_app`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import shiboken6  # noqa: F401 - its import hook first: see spare_the_source_scan


def spare_the_source_scan() -> None:
    """Tell PySide6 that the modules loaded before it do not use its features, so that it does not read their
    source to find out.

    Once PySide6 is loaded, shiboken's import hook reads the source of each module the first time an ``import``
    statement names it after that (``inspect.getsource``, looking for "PySide6": PYSIDE-2029, for its optional
    ``__feature__`` switches, which vetdesk does not use), modules loaded long before included (``typing``,
    ``argparse``, ``logging``, vetdesk's command line…): ≈75 modules and 8-9 ms of the window's start when run
    from source (a bundle holds no source: there the hook finds none at once). Those loaded before PySide6 are
    entered as shiboken's own scan enters a module without "PySide6" in its source (-1, "ignore this module in
    switching"), once shiboken6 is loaded and before PySide6's modules load (which import more of them); the
    window's own modules, which load later, are entered by their names as the scan would find them: the window's
    (``vetdesk.ui``) use PySide6 (0, "no feature"), the others do not. A PySide6 without the hook's table is
    left alone.
    """
    feature = sys.modules.get("shibokensupport.feature")
    table = getattr(feature, "pyside_feature_dict", None)
    if not isinstance(table, dict):
        return
    for name in list(sys.modules):
        if not name.startswith(("vetdesk.ui", "PySide6", "shiboken")):
            table.setdefault(name, -1)
    for name in _vetdesk_modules():
        table.setdefault(name, 0 if name == "vetdesk.ui" or name.startswith("vetdesk.ui.") else -1)


def _vetdesk_modules() -> list[str]:
    """The names of vetdesk's modules, from its folders (none in a bundle, whose modules have no files)."""
    import os

    vetdesk = sys.modules.get("vetdesk")
    names: list[str] = []
    folders = [(folder, "vetdesk") for folder in getattr(vetdesk, "__path__", ())]
    while folders:
        folder, package = folders.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith(".py") and entry.name != "__init__.py":
                names.append(f"{package}.{entry.name[:-3]}")
            elif entry.is_dir() and os.path.exists(os.path.join(entry.path, "__init__.py")):
                names.append(f"{package}.{entry.name}")
                folders.append((entry.path, f"{package}.{entry.name}"))
    return names


spare_the_source_scan()  # shiboken's hook is in place (above), PySide6's own modules are not loaded yet

from PySide6.QtCore import QCoreApplication, QSettings  # noqa: E402 - after the scan is spared

from vetdesk import i18n  # noqa: E402

if TYPE_CHECKING:  # typed, not loaded: the start loads each of them when it needs it
    from vetdesk.services.dashboard import Counted
    from vetdesk.services.firststart import FirstLook
    from vetdesk.services.office import Office

ORGANISATION = "vetdesk"
APPLICATION = "vetdesk"
#: QSettings keys of what belongs to the PC (office settings live in the database).
LANGUAGE_KEY = "ui/language"
DATABASE_KEY = "db/location"
#: How long after the main window is shown Python's collector resumes: the ``vetdesk`` command pauses it for the
#: window's start (``commands.cmd_app``), whose ≈10,000 new objects (modules, classes, Qt's enums, widgets) all
#: live as long as the window. With it running, the start walked them in ≈45 collections: 8-9 ms of the GUI
#: thread's CPU (a bare PySide6 window's start: ≈3 ms). By then the first screen is painted; the lists' services
#: load with the collector running, as before.
COLLECTOR_REST_MS = 100
#: Called with each main window on the first turn of the event loop after it is shown (the benchmark's probe
#: measures from there; registered before ``vetdesk.commands.main`` runs, without loading the widgets early).
WINDOW_SHOWN: list[Callable[[Any], None]] = []


@dataclass
class Begun:
    """What :func:`begin` found: the language in use, the database (or why it cannot be opened) and the
    first screen's figures being counted."""

    settings: QSettings
    language: str
    location: str | None
    #: The first look into an up-to-date SQLite file (None: it took the full way, or failed).
    look: FirstLook | None = None
    db: Office | None = None
    figures: Future[Counted] | None = None
    #: Opening the database failed: reported by the window's start (it has the message boxes).
    error: Exception | None = None


def settings() -> QSettings:
    """The PC's settings (the names say where they are kept; no application object is needed yet)."""
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    return QSettings()


def chosen_language(args: argparse.Namespace, settings: QSettings) -> str:
    value = getattr(args, "lang", None) or settings.value(LANGUAGE_KEY) or i18n.DEFAULT_LANGUAGE
    try:
        i18n.locale_for(str(value))
    except ValueError:
        return i18n.DEFAULT_LANGUAGE
    return str(value)


def begin(args: argparse.Namespace, pc: QSettings | None = None) -> Begun:
    """Set the language, open the database and start counting its first screen.

    An up-to-date SQLite file is looked into with plain sqlite3: the window and its first screen need no
    SQLAlchemy, which loads afterwards (or while a sign-in dialog waits for the person).
    """
    from vetdesk.services.firststart import first_look
    from vetdesk.services.session import open_database, resolve_location

    pc = pc or settings()
    language = chosen_language(args, pc)
    i18n.set_language(language)
    location = getattr(args, "db", None) or pc.value(DATABASE_KEY) or None
    begun = Begun(pc, language, location)
    try:
        begun.look = first_look(resolve_location(location))
        begun.db = open_database(location, up_to_date=begun.look is not None)
    except Exception as exc:  # noqa: BLE001 - the window's start explains it (or raises it as a bug)
        begun.error = exc
        return begun
    begun.figures = count_dashboard(begun.db, begun.look)
    return begun




def count_dashboard(db: Office, look: FirstLook | None = None) -> Future[Counted]:
    """Start counting the dashboard's figures on a thread of their own; the dashboard page takes the result (a
    ``services.dashboard.Counted``, which it makes into the figures on the GUI thread).

    ``look``: the first look into an up-to-date SQLite file (``services.firststart.first_look``): the figures
    are then counted on a bare ``sqlite3`` connection (the same SQL, ``services.dashboard.start_first_screen``)
    without waiting for SQLAlchemy, with the thresholds the look read.
    """
    import threading

    # Loaded here, not on the thread: the count then starts at once instead of sharing Python's lock with the
    # window's own imports, and its SQL runs beside them.
    from vetdesk.services.dashboard import Counted, dashboard, start_first_screen

    result: Future[Counted] = Future()
    if look is not None:
        try:
            return start_first_screen(db.url, limits=look.thresholds)
        except Exception as exc:  # noqa: BLE001 - handed to the page, which reports it as any failed count
            result.set_exception(exc)
            return result

    def work() -> None:
        try:
            result.set_result(Counted.ready(dashboard(db)))
        except BaseException as exc:  # noqa: BLE001 - handed to the page, which reports it as any failed count
            result.set_exception(exc)

    threading.Thread(target=work, name="vetdesk-dashboard", daemon=True).start()
    return result
