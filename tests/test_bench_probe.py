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
