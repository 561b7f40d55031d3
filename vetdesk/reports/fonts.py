"""The one place that registers the shipped TrueType fonts (DejaVu Sans, Latin Extended) with reportlab."""

from __future__ import annotations

import threading

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from vetdesk.paths import resource_path

REGULAR = "VetdeskSans"
BOLD = "VetdeskSans-Bold"
ITALIC = "VetdeskSans-Oblique"

_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf", ITALIC: "DejaVuSans-Oblique.ttf"}
_lock = threading.Lock()
_done = False


def register_fonts() -> None:
    """Register the fonts once per process; they are embedded (subset) in every PDF."""
    global _done
    with _lock:
        if _done:
            return
        for name, filename in _FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", filename))))
        addMapping(REGULAR, 0, 0, REGULAR)
        addMapping(REGULAR, 1, 0, BOLD)
        addMapping(REGULAR, 0, 1, ITALIC)
        addMapping(REGULAR, 1, 1, BOLD)
        _done = True
