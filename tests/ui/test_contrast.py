"""Every colour of text reads at WCAG AA (4.5:1) against the ground it is drawn on (issue 21 item 8, a new user's
re-trial at 1366×768, measured): a form's errors (#e5533d on #efefef, 3.24:1) and warnings (#d4900a, 2.34:1), a
list's statuses (*borrador* #8e8e8e, *vigente* #27ae60, *impreso* #2e86de on white: 3.28, 2.87, 3.76), the list's
"Double-click a row…" hint and the settings' help lines. The colours come from one place (ui.style); the hint is
measured as the tester measured it, on the pixels drawn."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QLabel, QWidget

from tests import factories as f
from tests.scenarios.person import SIZE
from tests.ui.conftest import wait_loaded
from vetdesk.domain.problems import Problem, Severity
from vetdesk.ui.style import (
    AA_CONTRAST,
    ERROR_HUE,
    STATUS_HUES,
    UNUSED_HUE,
    WARNING_HUE,
    contrast,
    readable_palette,
    status_colour,
    text_colour,
)

GROUNDS = (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.AlternateBase)


def _dark() -> QPalette:
    palette = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#2b2b2b"), (QPalette.ColorRole.Base, "#1e1e1e"),
                         (QPalette.ColorRole.AlternateBase, "#262626")):
        palette.setColor(role, QColor(colour))
    return palette


@pytest.mark.parametrize("hue", [ERROR_HUE, WARNING_HUE, UNUSED_HUE, *sorted(set(STATUS_HUES.values()))])
def test_every_text_hue_reads_at_aa_on_light_and_dark_palettes(qapp, hue: str) -> None:  # type: ignore[no-untyped-def]
    readable_palette(qapp)
    for palette in (qapp.palette(), _dark()):
        shade = text_colour(hue, palette)
        for ground in GROUNDS:
            assert contrast(shade, palette.color(ground)) >= AA_CONTRAST, (hue, shade.name(), ground)
        # the hue stays recognisable: a shade of it, not grey or black (greys stay grey)
        if QColor(hue).hsvSaturation() > 60:
            assert abs(shade.hsvHue() - QColor(hue).hsvHue()) <= 12, (hue, shade.name())


def test_a_forms_errors_and_warnings_read_at_aa(qapp) -> None:  # type: ignore[no-untyped-def]
    from vetdesk.ui.forms import problem_html

    readable_palette(qapp)
    html = problem_html([Problem("curp", "La CURP no es válida."),
                          Problem("email", "Revise el correo.", Severity.WARNING)])
    colours = re.findall(r"color:\s*(#[0-9a-fA-F]{6})", html)
    assert len(colours) == 2
    window = qapp.palette().color(QPalette.ColorRole.Window)
    for colour in colours:
        assert contrast(QColor(colour), window) >= AA_CONTRAST, colour


def _darkest_and_ground(image: QImage) -> tuple[QColor, QColor]:
    """The darkest pixel drawn (the text's colour where a stroke covers a whole pixel) and the commonest (its
    ground), as a colour picker on a screenshot finds them."""
    counts: Counter[int] = Counter()
    for y in range(image.height()):
        for x in range(image.width()):
            counts[image.pixel(x, y) & 0xFFFFFF] += 1
    ground = QColor.fromRgb(counts.most_common(1)[0][0])
    darkest = min((QColor.fromRgb(rgb) for rgb in counts), key=lambda c: c.lightnessF())
    return darkest, ground


def test_the_lists_statuses_and_hint_read_at_aa(qtbot, qapp, sqlite_db, qsettings,  # type: ignore[no-untyped-def]
                                                 tmp_path: Path) -> None:
    from PySide6.QtCore import Qt

    from vetdesk.ui.main_window import MainWindow

    draft = f.make_agreement(sqlite_db)
    printed = f.make_agreement(sqlite_db)
    sqlite_db.print_for_signature([printed])
    f.activate(sqlite_db, f.make_agreement(sqlite_db))
    window = MainWindow(sqlite_db, settings=qsettings)
    qtbot.addWidget(window)
    window.resize(*SIZE)
    window.show()
    qtbot.waitExposed(window)
    page = window.navigate("agreements")
    wait_loaded(qtbot, page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=10000)
    column = next(i for i, c in enumerate(page.model.columns) if c.key == "status")
    palette = page.table.palette()
    seen = set()
    for row in range(3):
        index = page.model.index(row, column)
        qtbot.waitUntil(lambda index=index: index.data(Qt.ItemDataRole.ForegroundRole) is not None, timeout=5000)
        colour = index.data(Qt.ItemDataRole.ForegroundRole)
        seen.add(colour.name())
        for ground in (QPalette.ColorRole.Base, QPalette.ColorRole.AlternateBase):
            assert contrast(colour, palette.color(ground)) >= AA_CONTRAST, (index.data(), colour.name())
    assert len(seen) == 3 and status_colour("draft").name() in seen
    assert draft in page.model.ids()

    hint: QLabel = page.open_hint
    assert hint.isVisible() and hint.text()
    image = hint.grab().toImage()
    image.save(str(tmp_path / "hint.png"))
    darkest, ground = _darkest_and_ground(image)
    assert contrast(darkest, ground) >= AA_CONTRAST, (darkest.name(), ground.name())


def test_the_settings_help_lines_read_at_aa(qtbot, qapp, sqlite_db, qsettings) -> None:  # type: ignore[no-untyped-def]
    """The settings' muted lines (a placeholder on a value shown for reading, a hint), drawn: their darkest
    pixels against their ground."""
    from PySide6.QtWidgets import QLineEdit

    from vetdesk.ui.settings_dialog import SettingsDialog

    readable_palette(qapp)
    dialog = SettingsDialog(sqlite_db, qsettings)
    qtbot.addWidget(dialog)
    dialog.resize(1000, 700)
    dialog.show()
    qtbot.waitExposed(dialog)
    muted: list[QWidget] = [e for e in dialog.findChildren(QLineEdit)
                            if e.isVisible() and not e.text() and e.placeholderText()]
    muted += [label for label in dialog.findChildren(QLabel) if label.isVisible() and label.text().strip()
              and label.foregroundRole() == QPalette.ColorRole.PlaceholderText]
    assert muted
    for widget in muted:
        darkest, ground = _darkest_and_ground(widget.grab().toImage())
        assert contrast(darkest, ground) >= AA_CONTRAST, (widget.accessibleName() or widget.objectName(),
                                                         darkest.name(), ground.name())
