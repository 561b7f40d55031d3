"""Icons: the application's own (an SVG in resources/icons) and Qt's standard ones for everything else.

The standard icons are named here by their ``QStyle.StandardPixmap`` names and looked up when they are set, a
moment after the first screen is painted (:func:`standard`): importing ``QStyle`` makes PySide build the class
and its nine enums (≈4-8 ms of CPU), which the start-up does without (``tests/ui/test_startup_imports.py``).
"""

from __future__ import annotations

from PySide6.QtGui import QIcon

from vetdesk.paths import resource_path

#: The navigation bar's icons, from the platform style (they follow light and dark themes): the names of
#: ``QStyle.StandardPixmap`` members.
NAV_ICONS = {
    "dashboard": "SP_DesktopIcon",
    "agreements": "SP_FileDialogDetailedView",
    "apprentices": "SP_DirHomeIcon",
    "companies": "SP_ComputerIcon",
    "instructors": "SP_FileDialogInfoView",
    "schools": "SP_DirIcon",
    "programmes": "SP_FileDialogListView",
    "assessments": "SP_DialogApplyButton",
    "collaborations": "SP_DialogOkButton",
    "positions": "SP_DirLinkIcon",
    "rotation_plans": "SP_BrowserReload",
    "rotations": "SP_ArrowForward",
    "competencies": "SP_FileDialogContentsView",
    "tutors": "SP_DirOpenIcon",
    "coordinators": "SP_MessageBoxInformation",
    "exams": "SP_FileDialogStart",
    "exam_registrations": "SP_DialogYesButton",
    "conocer_verdicts": "SP_DialogSaveButton",
    "school_certificates": "SP_FileIcon",
    "logbook": "SP_FileDialogStart",
    "attendance": "SP_DialogYesButton",
}

#: The size of a list view's icons (``QStyle.PM_ListViewIconSize``: Fusion's 24, the Windows style's 16), for the
#: navigation bar's width before its icons are set: the largest, so that no label is cut.
LIST_ICON_SIZE = 24


#: The application's icon drawn at these sizes (from ``vetdesk.svg``; ``vetdesk.png`` is the 256-pixel one the
#: bundle's build also uses). PNG files are read only when a size is first shown; an SVG icon would load Qt's
#: SVG plugin at every start (≈15 ms of the window's start-up).
ICON_SIZES = (16, 24, 32, 48, 64, 128)


#: The size of ``vetdesk.png``, the largest drawing.
LARGE_ICON_SIZE = 256


def app_icon() -> QIcon:
    """The application's icon, its files named with their sizes: Qt reads a file when that size is first drawn
    (a file added without its size is opened at once to find it: ≈0.6 ms of the start for the seven)."""
    from PySide6.QtCore import QSize

    icon = QIcon()
    for size in ICON_SIZES:
        path = resource_path("icons", f"vetdesk-{size}.png")
        if path.exists():
            icon.addFile(str(path), QSize(size, size))
    large = resource_path("icons", "vetdesk.png")
    if large.exists():
        icon.addFile(str(large), QSize(LARGE_ICON_SIZE, LARGE_ICON_SIZE))
    return icon


def standard(name: str) -> QIcon:
    """The platform style's standard icon ``name`` (a ``QStyle.StandardPixmap`` member's name)."""
    from PySide6.QtWidgets import QApplication, QStyle

    style = QApplication.style()
    return style.standardIcon(getattr(QStyle.StandardPixmap, name)) if style is not None else QIcon()
