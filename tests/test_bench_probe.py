"""The benchmark's window probe measures its own memory, not the memory of the process that started it."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent's peak leaks into ru_maxrss on Linux")
def test_the_probes_peak_memory_is_its_own_not_its_parents() -> None:
    ballast = bytearray(400 * 1024 * 1024)
    for i in range(0, len(ballast), 4096):  # touch every page: resident, as a demo being built is
        ballast[i] = 1
    done = subprocess.run([sys.executable, "-c", "from vetdesk.bench.gui_probe import _peak_mb; print(_peak_mb())"],
                          capture_output=True, text=True, check=True)
    del ballast
    assert float(done.stdout) < 200, done.stdout  # a bare interpreter with the probe: tens of MB, not 400


def test_the_bare_windows_start_up_gives_its_cpu_time_from_the_interpreters_start() -> None:
    """The window's start-up is also given as CPU time (a loaded machine stretches its wall time by the waits for
    a core); the bare window's counts the interpreter and PySide6's import, as the app's does."""
    import json
    import os

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-m", "vetdesk.bench.gui_probe", "bare"], capture_output=True, text=True,
                          env=env, timeout=120, check=True)
    result = json.loads(next(line[6:] for line in done.stdout.splitlines() if line.startswith("BENCH ")))
    assert 0.02 < result["startup_cpu"] < 30  # PySide6's import alone takes tens of ms of CPU


def test_the_report_gives_the_start_up_ratio_by_cpu_time(capsys) -> None:  # type: ignore[no-untyped-def]
    from vetdesk.bench.__main__ import report

    def fig(x: float) -> dict[str, float]:
        return {"median": x, "p95": x, "n": 1}

    report({"gui": {"startup": fig(0.2), "bare_startup": fig(0.1), "startup_cpu": fig(0.23),
                    "bare_startup_cpu": fig(0.1), "list_open": fig(0.08), "sort": fig(0.04), "rss_mb": fig(180)},
            "date": "today", "machine": "here"})
    out = capsys.readouterr().out
    assert "start-up ratio by CPU time" in out and "2.30×" in out and "2.00×" in out
