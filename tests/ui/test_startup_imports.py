"""The first screen is built, shown and painted without PySide6's ``Qt`` namespace (see :mod:`vetdesk.ui`) and
without its ``QStyle`` class; the standard icons are set a moment later.

Importing ``Qt`` builds its 94 Python enums at once (13 ms, a sixth of a bare window's start); ``QStyle`` nine
(4-8 ms). The window is
started as the ``vetdesk`` command starts it, in a process of its own (this one has loaded ``Qt`` long ago),
with a demonstration database whose charts have bars to paint and labels long enough to be shortened.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

_PROBE = """
import sys, time
import vetdesk.commands
from vetdesk.ui import start

seen = {"shown": False}

def shown(window):
    from PySide6.QtWidgets import QApplication
    import PySide6.QtCore, PySide6.QtWidgets, gc

    app = QApplication.instance()
    seen["shown"] = True
    seen["qt_when_shown"] = "Qt" in PySide6.QtCore.__dict__
    seen["qstyle_when_shown"] = "QStyle" in PySide6.QtWidgets.__dict__
    seen["dialog_when_shown"] = "QDialog" in PySide6.QtWidgets.__dict__
    seen["collector_when_shown"] = gc.isenabled()
    try:  # Qt's SVG icon plugin (an SVG window icon loads it: ~15 ms of every start)
        seen["svg_plugin"] = "libqsvgicon" in open("/proc/self/maps").read()
    except OSError:
        seen["svg_plugin"] = None
    page = window.pages["dashboard"]
    end = time.monotonic() + 60
    while page.data() is None and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.001)
    for chart in (page.programme_chart, page.company_chart, page.sex_chart, page.outcome_chart):
        chart.repaint()  # painted now, with the figures
    app.processEvents()
    seen["qt_when_painted"] = "Qt" in PySide6.QtCore.__dict__
    seen["qstyle_when_painted"] = "QStyle" in PySide6.QtWidgets.__dict__
    seen["dialog_when_painted"] = "QDialog" in PySide6.QtWidgets.__dict__
    seen["icons_when_painted"] = sum(not window.nav.item(row).icon().isNull() for row in range(window.nav.count()))
    while time.monotonic() < end and (window.nav.item(0).icon().isNull() or not gc.isenabled()):
        app.processEvents()  # the icons are set, and the collector resumes, a moment later
        time.sleep(0.001)
    seen["nav_icons"] = [not window.nav.item(row).icon().isNull() for row in range(window.nav.count())]
    seen["action_icons"] = [not a.icon().isNull() for a in (window.new_action, window.save_action,
                                                            window.refresh_action)]
    seen["collector_later"] = gc.isenabled()
    seen["company_bars"] = len(page.company_chart.bars())
    seen["cards"] = len(page.data().items)
    window.close()

start.WINDOW_SHOWN.append(shown)
# A machine as loaded as the tests' can take longer than the window's 100 ms to paint its first screen: the
# icons and the collector wait longer here, so what is seen before them does not depend on the machine's speed.
from vetdesk.ui import main_window
main_window.ICONS_DELAY_MS = start.COLLECTOR_REST_MS = 3000
code = vetdesk.commands.main(["--db", sys.argv[1], "--lang", "es"])
print(seen)
raise SystemExit(code)
"""


def test_the_first_screen_is_painted_without_the_qt_namespace(tmp_path: Path) -> None:
    from vetdesk.services import demo
    from vetdesk.storage.engine import connect
    from vetdesk.storage.migrate import upgrade

    database = tmp_path / "office.sqlite3"
    db = connect(database)
    upgrade(db, "head")
    demo.fill_demo(db, apprentices=150)
    db.dispose()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", VETDESK_AUTO_ADMIN="1", VETDESK_NO_AUTOBACKUP="1",
               XDG_CONFIG_HOME=str(tmp_path / "config"), HOME=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", _PROBE, str(database)], capture_output=True, text=True, env=env,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    seen = ast.literal_eval(done.stdout.strip().splitlines()[-1])
    assert seen["shown"] and seen["cards"] >= 8 and seen["company_bars"] > 1
    assert seen["qt_when_shown"] is False
    assert seen["svg_plugin"] in (False, None)  # the window's icon is read from PNG files
    assert seen["qt_when_painted"] is False
    assert seen["qstyle_when_shown"] is False and seen["qstyle_when_painted"] is False
    assert seen["dialog_when_shown"] is False and seen["dialog_when_painted"] is False  # no dialog's class yet
    assert seen["icons_when_painted"] == 0  # set after the first screen...
    assert len(seen["nav_icons"]) > 10 and all(seen["nav_icons"]) and all(seen["action_icons"])  # ...but set
    assert seen["collector_when_shown"] is False and seen["collector_later"] is True


def test_the_charts_alignments_are_qts_own_values() -> None:
    from PySide6.QtCore import Qt

    from vetdesk.ui import charts

    flag = Qt.AlignmentFlag
    assert charts.LEFT == (flag.AlignLeft | flag.AlignVCenter).value
    assert charts.RIGHT == (flag.AlignRight | flag.AlignVCenter).value
    assert charts.CENTRE == (flag.AlignHCenter | flag.AlignVCenter).value


def test_a_long_label_is_shortened_as_qt_would(qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFont, QFontMetrics

    from vetdesk.ui.charts import elided

    fm = QFontMetrics(QFont())
    name = "Industrias Automotrices del Bajío, S.A. de C.V."
    assert elided(fm, name, fm.horizontalAdvance(name)) == name  # it fits: unchanged
    for width in (30, 60, 90, 120, 160, 200):
        ours = elided(fm, name, width)
        assert ours.endswith("…") and fm.horizontalAdvance(ours) <= width
        assert name.startswith(ours[:-1])
        qts = fm.elidedText(name, Qt.TextElideMode.ElideRight, width)
        assert abs(len(ours) - len(qts)) <= 2, (ours, qts)  # Qt may keep a space before the ellipsis


def test_the_modules_loaded_before_pyside_are_not_read_for_its_features(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """shiboken's import hook reads the source of each module named by an import after PySide6 has loaded, unless
    its table has the module already (PYSIDE-2029): the start enters those loaded before it and vetdesk's own by
    their names (the window's as using PySide6), leaves an entry already made alone, and does nothing with a
    PySide6 that has no such table."""
    import types

    from vetdesk.ui import start

    done = subprocess.run([sys.executable, "-c", "import shiboken6, sys; f = sys.modules['shibokensupport.feature'];"
                           "print(type(f.pyside_feature_dict).__name__, callable(f._mod_uses_pyside))"],
                          capture_output=True, text=True, check=True, timeout=60)
    assert done.stdout.split() == ["dict", "True"]  # the PySide6 in use has the hook this relies on
    table = {"vetdesk.commands": 0}
    monkeypatch.setitem(sys.modules, "shibokensupport.feature", types.SimpleNamespace(pyside_feature_dict=table))
    start.spare_the_source_scan()
    assert table["typing"] == table["vetdesk.i18n"] == -1
    # vetdesk's modules not loaded yet are entered by name: the window's use PySide6 (0), the others do not
    assert "vetdesk.ui.lists" not in sys.modules or table["vetdesk.ui.lists"] == 0
    assert table["vetdesk.ui.main_window"] == table["vetdesk.ui.dashboard"] == 0
    assert table["vetdesk.services.dashboard"] == table["vetdesk.reports.progress"] == -1
    assert table["vetdesk.commands"] == 0  # already entered: left as it was
    assert not any(name.startswith(("vetdesk.ui", "PySide6", "shiboken")) for name, v in table.items() if v == -1)
    monkeypatch.setitem(sys.modules, "shibokensupport.feature", types.SimpleNamespace())
    start.spare_the_source_scan()  # no table: nothing to do, no error
