"""Child process of the benchmark: times the real window (offscreen) and prints one JSON line.

    python -m vetdesk.bench.gui_probe bare|app DB_URL [--repeat N]

``bare`` shows an empty QMainWindow (the yardstick); ``app`` starts vetdesk's main window, waits for the
dashboard to be filled, then opens lists, types in the search box, sorts and browses every list.
The start time is the parent's clock at launch (VETDESK_BENCH_T0), so interpreter start-up counts.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time


def _peak_mb() -> float:
    """This process's own peak resident memory. On Linux from the kernel's high-water mark of its address space
    (``VmHWM``): ``ru_maxrss`` keeps the largest of the parent's memory at the fork that started this process,
    so a probe started by a benchmark that had just built a 100,000-apprentice demo reported the builder's peak
    (706 MB) as the window's."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _since_launch() -> float:
    return time.time() - float(os.environ.get("VETDESK_BENCH_T0", time.time()))


def _cpu() -> float:
    """The CPU time (user + system) of this process so far, every thread's: the interpreter's start included. A
    loaded machine stretches a start's wall time by the time it waits for a core, its CPU time much less."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _wait(app, predicate, timeout: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while not predicate():
        app.processEvents()
        if time.monotonic() > end:
            raise TimeoutError("the window did not finish in time")
        time.sleep(0.0005)


def bare() -> dict[str, float]:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    return {"startup": _since_launch(), "startup_cpu": _cpu()}


def run_app(url: str, repeat: int, terms: list[str]) -> dict[str, object]:
    """vetdesk started as an officer starts it (``vetdesk --db URL``: language, database, sign-in, window),
    with a fresh settings folder and no automatic backup; measured from inside its own event loop.

    The window starts as the ``vetdesk`` command starts it once its command line is read (``--db URL --lang
    es``: the language set, then :func:`vetdesk.ui.launch.run_window`, which ``commands.cmd_app`` calls), without
    loading the command line itself (nothing but ``vetdesk.__main__`` imports ``commands``): Qt's core (the
    language and the database are looked up, the first screen's count starts), then the widgets.
    """
    import atexit
    import shutil
    import tempfile

    os.environ["VETDESK_NO_AUTOBACKUP"] = "1"
    os.environ["VETDESK_AUTO_ADMIN"] = "1"  # the demo database has no users: no sign-in dialog
    config = tempfile.mkdtemp(prefix="vetdesk-bench-config-")
    atexit.register(shutil.rmtree, config, True)  # each run's settings folder goes with it (they piled up in /tmp)
    os.environ["XDG_CONFIG_HOME"] = config
    import argparse

    from vetdesk import i18n
    from vetdesk.ui import launch, start

    out: dict[str, object] = {}
    failures: list[BaseException] = []

    def measure(window) -> None:  # type: ignore[no-untyped-def]
        shown = _since_launch()  # the first turn of the event loop: the window is on screen
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        assert app is not None  # called by the window, in the application's event loop
        out["window_shown"] = shown
        try:
            dashboard = window.pages["dashboard"]
            _wait(app, lambda: dashboard.data() is not None)
            app.processEvents()  # painted, as the bare window is
            out["startup"] = _since_launch()
            out["startup_cpu"] = _cpu()  # the first screen's count on its own thread included
            # The services and the lists' code load after the first screen (off the GUI thread); an officer's
            # first click rarely comes sooner. "ready" is when they are in, and the list figures start there.
            _wait(app, lambda: "vetdesk.ui.lists" in sys.modules)
            out["ready"] = _since_launch()
            out.update(_browse(app, window, repeat, terms))
        except BaseException as exc:  # noqa: BLE001 - reported by the parent
            failures.append(exc)
        window.close()
        app.quit()

    start.WINDOW_SHOWN.append(measure)
    i18n.set_language("es")  # as the command sets it, before anything is said
    launch.run_window(argparse.Namespace(db=url, lang="es"))  # what `vetdesk --db URL --lang es` reads
    if failures:
        raise failures[0]
    return out


def _browse(app, window, repeat: int, terms: list[str]) -> dict[str, object]:  # type: ignore[no-untyped-def]
    out: dict[str, object] = {}

    def timed_list_open() -> float:
        t = time.perf_counter()
        page = window.navigate("apprentices")
        _wait(app, lambda: not page.loading and page.model.rowCount() > 0)
        app.processEvents()
        return time.perf_counter() - t

    out["list_open"] = timed_list_open()
    out["rss_after_start_mb"] = _peak_mb()
    page = window.pages["apprentices"]

    def keystroke(term: str, page=page) -> tuple[float, float, float]:  # type: ignore[no-untyped-def]
        """Until the model holds the first page of new rows (what the list shows), and until it holds every
        id of the result (the second, background step of a long result); and the CPU time of this process (its
        every thread) until the first page is shown, which a loaded machine distorts less than the wall time."""
        page.search.setText(term)
        for _ in range(3):  # the list settled: the previous keystroke's rest painted (≈8-10 ms of CPU at 100,000
            app.processEvents()  # apprentices, which the next keystroke's figure counted as its own)
        t, cpu = time.perf_counter(), time.process_time()
        page.refresh()  # what the debounce timer fires; the user's typing pause is not the app's cost
        _wait(app, lambda: not page.loading)
        page.model.data(page.model.index(0, 0)) if page.model.rowCount() else None
        app.processEvents()
        shown, used = time.perf_counter() - t, time.process_time() - cpu
        _wait(app, lambda: page.model.complete)
        return shown, time.perf_counter() - t, used

    for term in terms:
        times = [keystroke(term) for _ in range(repeat)]
        out[f"keystroke:{term}"] = [shown for shown, _all, _cpu in times]
        out[f"keystroke_all_ids:{term}"] = [every for _shown, every, _cpu in times]
        out[f"keystroke_cpu:{term}"] = [cpu for _shown, _all, cpu in times]
    agreements = window.navigate("agreements")  # searched by apprentice, company and reference
    _wait(app, lambda: not agreements.loading)
    for term in terms:
        times = [keystroke(term, agreements) for _ in range(repeat)]
        out[f"agreements_keystroke:{term}"] = [shown for shown, _all, _cpu in times]
        out[f"agreements_keystroke_cpu:{term}"] = [cpu for _shown, _all, cpu in times]
    agreements.search.setText("")
    agreements.refresh()
    _wait(app, lambda: not agreements.loading)
    window.navigate("apprentices")
    out["rss_after_search_mb"] = _peak_mb()
    page.search.setText("")
    page.refresh()
    _wait(app, lambda: not page.loading)
    sorts = []
    for i in range(repeat):
        t = time.perf_counter()
        page._sort(1, bool(i % 2 == 0))
        _wait(app, lambda: not page.loading)
        page.model.data(page.model.index(0, 0))
        app.processEvents()
        sorts.append(time.perf_counter() - t)
    out["sort"] = sorts
    out["rss_after_sort_mb"] = _peak_mb()
    out.update(_scroll_figures(app, window, page, repeat))
    for key in ("agreements", "companies", "instructors", "schools", "programmes", "assessments", "apprentices"):
        p = window.navigate(key)
        _wait(app, lambda p=p: not p.loading)
        rows = p.model.rowCount()
        for row in [*range(0, min(rows, 1000), 50), *range(max(rows - 200, 0), rows, 50)]:
            p.model.data(p.model.index(row, 0))  # scroll: the first pages of rows, then the last one
        app.processEvents()
    out["rss_mb"] = _peak_mb()
    return out


def _scroll(app, page, notches: int) -> tuple[list[float], list[float]]:  # type: ignore[no-untyped-def]
    """The wheel turned over the list, one notch at a time (down, then back up): the wall and CPU time of each
    notch until the list is repainted. Every event of the window goes through Qt's dispatch, so a filter of
    Python's on the whole application is paid on each (the paint, the scroll bar's, the hover's)."""
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent

    viewport = page.table.viewport()
    local = QPointF(viewport.rect().center())
    walls, cpus = [], []
    for step in (-1, 1):
        for _ in range(notches):
            event = QWheelEvent(local, QPointF(viewport.mapToGlobal(local.toPoint())), QPoint(0, 0),
                                QPoint(0, 120 * step), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                                Qt.ScrollPhase.NoScrollPhase, False)
            t, cpu = time.perf_counter(), time.process_time()
            app.sendEvent(viewport, event)
            viewport.repaint()  # what the next turn of the event loop paints, painted now
            app.processEvents()
            walls.append(time.perf_counter() - t)
            cpus.append(time.process_time() - cpu)
    return walls, cpus


def _scroll_figures(app, window, page, repeat: int) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Scrolling the apprentices list with the wheel before any record was opened, and again after one was
    opened and closed: a record's form puts the wheel guard on its drop-downs and date fields
    (``ui.editors``), which must cost the list nothing."""
    window.navigate("apprentices")
    _wait(app, lambda: not page.loading and page.model.rowCount() > 0)
    notches = max(repeat, 10) * 3
    _scroll(app, page, notches)  # the rows read once: the figures below are the scrolling's own
    before = _scroll(app, page, notches)
    form = page.open_record(page.model.id_at(0))
    _wait(app, lambda: form is not None and not getattr(form, "loading", False))
    app.processEvents()
    page.close_form()
    app.processEvents()
    _wait(app, lambda: page.form is None)
    _scroll(app, page, notches)
    after = _scroll(app, page, notches)
    return {"scroll": before[0], "scroll_cpu": before[1], "scroll_after_form": after[0],
            "scroll_after_form_cpu": after[1]}


def main() -> None:
    mode = sys.argv[1]
    if mode == "bare":
        result: dict[str, object] = dict(bare())
    else:
        url = sys.argv[2]
        repeat = int(sys.argv[3]) if len(sys.argv) > 3 else 10
        terms = sys.argv[4].split(",") if len(sys.argv) > 4 else ["garcia", "zzq"]
        try:
            result = run_app(url, repeat, terms)
        except BaseException:  # noqa: BLE001 - reported to the parent; vetdesk's own handler would open a dialog
            import traceback

            traceback.print_exc()
            sys.stderr.flush()
            os._exit(1)
    sys.stdout.write("BENCH " + json.dumps(result) + "\n")
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown; it is not part of what is measured


if __name__ == "__main__":
    main()
