"""Icons: the application's own (an SVG in resources/icons) and Qt's standard ones for everything else."""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

from vetdesk.paths import resource_path

#: The navigation bar's icons, from the platform style (they follow light and dark themes).
NAV_ICONS = {
    "dashboard": QStyle.StandardPixmap.SP_DesktopIcon,
    "agreements": QStyle.StandardPixmap.SP_FileDialogDetailedView,
    "apprentices": QStyle.StandardPixmap.SP_DirHomeIcon,
    "companies": QStyle.StandardPixmap.SP_ComputerIcon,
    "instructors": QStyle.StandardPixmap.SP_FileDialogInfoView,
    "schools": QStyle.StandardPixmap.SP_DirIcon,
    "programmes": QStyle.StandardPixmap.SP_FileDialogListView,
    "assessments": QStyle.StandardPixmap.SP_DialogApplyButton,
    "collaborations": QStyle.StandardPixmap.SP_DialogOkButton,
    "positions": QStyle.StandardPixmap.SP_DirLinkIcon,
    "rotation_plans": QStyle.StandardPixmap.SP_BrowserReload,
    "rotations": QStyle.StandardPixmap.SP_ArrowForward,
    "competencies": QStyle.StandardPixmap.SP_FileDialogContentsView,
    "tutors": QStyle.StandardPixmap.SP_DirOpenIcon,
    "coordinators": QStyle.StandardPixmap.SP_MessageBoxInformation,
    "exams": QStyle.StandardPixmap.SP_FileDialogStart,
    "exam_registrations": QStyle.StandardPixmap.SP_DialogYesButton,
    "conocer_verdicts": QStyle.StandardPixmap.SP_DialogSaveButton,
    "school_certificates": QStyle.StandardPixmap.SP_FileIcon,
    "logbook": QStyle.StandardPixmap.SP_FileDialogStart,
    "attendance": QStyle.StandardPixmap.SP_DialogYesButton,
}


#: The application's icon drawn at these sizes (from ``vetdesk.svg``; ``vetdesk.png`` is the 256-pixel one the
#: bundle's build also uses). PNG files are read only when a size is first shown; an SVG icon would load Qt's
#: SVG plugin at every start (≈15 ms of the window's start-up).
ICON_SIZES = (16, 24, 32, 48, 64, 128)


def app_icon() -> QIcon:
    icon = QIcon()
    for size in ICON_SIZES:
        path = resource_path("icons", f"vetdesk-{size}.png")
        if path.exists():
            icon.addFile(str(path))
    large = resource_path("icons", "vetdesk.png")
    if large.exists():
        icon.addFile(str(large))
    return icon


def standard(pixmap: QStyle.StandardPixmap) -> QIcon:
    style = QApplication.style()
    return style.standardIcon(pixmap) if style is not None else QIcon()
