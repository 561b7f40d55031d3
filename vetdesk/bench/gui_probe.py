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
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _since_launch() -> float:
    return time.time() - float(os.environ.get("VETDESK_BENCH_T0", time.time()))


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
    return {"startup": _since_launch()}


def run_app(url: str, repeat: int, terms: list[str]) -> dict[str, object]:
    os.environ.setdefault("VETDESK_NO_AUTOBACKUP", "1")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from vetdesk import i18n
    from vetdesk.storage.engine import connect
    from vetdesk.storage.migrate import upgrade

    app = QApplication(sys.argv[:1])
    app.setOrganizationName("vetdesk-bench")
    i18n.set_language("es")
    from vetdesk.ui.main_window import MainWindow

    db = connect(url)
    upgrade(db)
    ini = os.path.join(os.environ.get("TMPDIR", "/tmp"), "vetdesk-bench.ini")
    settings = QSettings(ini, QSettings.Format.IniFormat)
    settings.clear()
    window = MainWindow(db, settings=settings)
    window.resize(1366, 768)
    window.show()
    dashboard = window.pages["dashboard"]
    done = {"loaded": False}
    if hasattr(dashboard, "loaded"):
        dashboard.loaded.connect(lambda: done.__setitem__("loaded", True))
        _wait(app, lambda: done["loaded"])
    app.processEvents()
    out: dict[str, object] = {"startup": _since_launch()}

    def timed_list_open() -> float:
        t = time.perf_counter()
        page = window.navigate("apprentices")
        _wait(app, lambda: not page.loading and page.model.rowCount() > 0)
        app.processEvents()
        return time.perf_counter() - t

    out["list_open"] = timed_list_open()
    out["rss_after_start_mb"] = _peak_mb()
    page = window.pages["apprentices"]

    def keystroke(term: str) -> float:
        page.search.setText(term)
        t = time.perf_counter()
        page.refresh()  # what the debounce timer fires; the user's typing pause is not the app's cost
        _wait(app, lambda: not page.loading)
        page.model.data(page.model.index(0, 0)) if page.model.rowCount() else None
        app.processEvents()
        return time.perf_counter() - t

    for term in terms:
        out[f"keystroke:{term}"] = [keystroke(term) for _ in range(repeat)]
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
    for key in ("agreements", "companies", "instructors", "schools", "programmes", "assessments", "apprentices"):
        p = window.navigate(key)
        _wait(app, lambda p=p: not p.loading)
        for _ in range(5):  # scroll: a few pages of rows
            if p.model.canFetchMore():
                p.model.fetchMore()
            for row in range(0, p.model.rowCount(), 50):
                p.model.data(p.model.index(row, 0))
        app.processEvents()
    out["rss_mb"] = _peak_mb()
    window.close()
    db.dispose()
    return out


def main() -> None:
    mode = sys.argv[1]
    if mode == "bare":
        result: dict[str, object] = dict(bare())
    else:
        url = sys.argv[2]
        repeat = int(sys.argv[3]) if len(sys.argv) > 3 else 10
        terms = sys.argv[4].split(",") if len(sys.argv) > 4 else ["garcia", "zzq"]
        result = run_app(url, repeat, terms)
    sys.stdout.write("BENCH " + json.dumps(result) + "\n")
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown; it is not part of what is measured


if __name__ == "__main__":
    main()
