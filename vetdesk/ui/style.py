"""Readable text for every user: help text, hints, read-only fields and coloured text (a form's errors and
warnings, a list's statuses) meet WCAG AA (4.5:1) against the ground they are drawn on, instead of the
platform's pale grey for disabled text (about 1.6:1 on Fusion's light grey) or mid-tone accents (#27ae60 green
on white, 2.9:1). Every colour of text is defined here, once: a hue chosen for its meaning, shown through
:func:`text_colour` as the shade of it that reads on the palette in use."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

#: WCAG 2's level AA for normal text.
AA_CONTRAST = 4.5
#: What text is given, above AA: anti-aliased small text shows lighter than its colour (a tester measured the
#: muted grey's darkest pixels at about 4.1:1 where the colour itself read 4.8:1).
TEXT_CONTRAST = 5.5
MUTED_CONTRAST = 6.0

#: The hues that carry a meaning in text; shown only through :func:`text_colour` (a darker shade of each on a
#: light palette, a lighter one on a dark palette).
ERROR_HUE = "#e5533d"
WARNING_HUE = "#d4900a"
#: Text that is there but not in use (an import's column not mapped to a field).
UNUSED_HUE = "#8a8a8a"
STATUS_HUES = {"draft": "#8e8e8e", "printed": "#2e86de", "signed": "#9b59b6", "active": "#27ae60",
               "completed": "#16a085", "terminated": "#e74c3c", "ended": "#7f8c8d",
               "submitted": "#2e86de", "returned": "#e67e22", "approved": "#27ae60"}


def luminance(colour: QColor) -> float:
    """WCAG 2's relative luminance of a colour."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast(a: QColor, b: QColor) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def muted_for(background: QColor) -> QColor:
    """The grey nearest to the background that still reads at AA on it (a muted look, never a faint one)."""
    # From the strongest grey towards the background, keeping a margin above AA for anti-aliased text.
    greys = range(0, 256, 4) if luminance(background) >= 0.5 else range(255, -1, -4)
    best = QColor(greys[0], greys[0], greys[0])
    for grey in greys:
        candidate = QColor(grey, grey, grey)
        if contrast(candidate, background) < MUTED_CONTRAST:
            break
        best = candidate
    return best


def readable_accent(colour: QColor, *backgrounds: QColor, target: float = AA_CONTRAST + 0.3) -> QColor:
    """``colour`` (the highlight's blue, say) darkened, or lightened on a dark background, just enough to read at
    ``target`` (AA and a margin) on each of ``backgrounds``; unchanged when it already does."""
    dark = sum(luminance(b) for b in backgrounds) / max(len(backgrounds), 1) < 0.5
    candidate = colour  # never changed in place: darker() and lighter() make new colours (no QColor(QColor)
    # copy either: that overload's resolution builds PySide6's Qt namespace, which the first screen goes without)
    for _step in range(60):
        if all(contrast(candidate, b) >= target for b in backgrounds):
            break
        candidate = candidate.lighter(108) if dark else candidate.darker(108)
    return candidate


def text_colour(hue: str, palette: QPalette | None = None) -> QColor:
    """The shade of ``hue`` (:data:`ERROR_HUE`, a status's) that reads at AA, with a margin for anti-aliasing, on
    every ground text is drawn on in ``palette`` (default: the application's): the window (forms, dialogs), the
    fields and lists, and a list's alternate rows."""
    palette = palette if palette is not None else QApplication.palette()
    grounds = tuple(palette.color(role).rgb() for role in (
        QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.AlternateBase))
    return QColor(_readable(hue, grounds))


def status_colour(status: str, palette: QPalette | None = None) -> QColor:
    return text_colour(STATUS_HUES.get(status, STATUS_HUES["draft"]), palette)


@lru_cache(maxsize=512)
def _readable(hue: str, grounds: tuple[int, ...]) -> str:
    return readable_accent(QColor(hue), *(QColor.fromRgb(g) for g in grounds), target=TEXT_CONTRAST).name()


def readable_palette(app: QApplication | None = None) -> None:
    """Give disabled text and placeholders a grey that reads at AA on the window and on fields (once per
    application; a second call changes nothing)."""
    app = app or QApplication.instance()  # type: ignore[assignment]
    if not isinstance(app, QApplication) or app.property("vetdesk_readable_palette"):
        return
    palette = app.palette()
    on_window = muted_for(palette.color(QPalette.ColorRole.Window))
    on_base = muted_for(palette.color(QPalette.ColorRole.Base))
    darker = on_window if luminance(on_window) < luminance(on_base) else on_base
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, darker)
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive, QPalette.ColorGroup.Disabled):
        palette.setColor(group, QPalette.ColorRole.PlaceholderText, darker)
    app.setPalette(palette)
    app.setProperty("vetdesk_readable_palette", True)
