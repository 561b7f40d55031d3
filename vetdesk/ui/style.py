"""Readable text for every user: help text, hints and read-only fields meet WCAG AA (4.5:1) against their
background, instead of the platform's pale grey for disabled text (about 1.6:1 on Fusion's light grey)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

#: WCAG 2's level AA for normal text.
AA_CONTRAST = 4.5


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
        if contrast(candidate, background) < AA_CONTRAST + 0.3:
            break
        best = candidate
    return best


def readable_accent(colour: QColor, *backgrounds: QColor) -> QColor:
    """``colour`` (the highlight's blue, say) darkened, or lightened on a dark background, just enough to read at
    AA on each of ``backgrounds``; unchanged when it already does."""
    dark = sum(luminance(b) for b in backgrounds) / max(len(backgrounds), 1) < 0.5
    candidate = colour  # never changed in place: darker() and lighter() make new colours (no QColor(QColor)
    # copy either: that overload's resolution builds PySide6's Qt namespace, which the first screen goes without)
    for _step in range(40):
        if all(contrast(candidate, b) >= AA_CONTRAST + 0.3 for b in backgrounds):
            break
        candidate = candidate.lighter(108) if dark else candidate.darker(108)
    return candidate


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
