"""The window's start, as the ``vetdesk`` command runs it once it has read its command line (``--db``,
``--user``, ``--lang``): the collector rests, the language, the database and its first screen's count are looked
up (:func:`vetdesk.ui.start.begin`) before the window's modules load, then the window runs. Start-up, not
command line: the command line (``commands.cmd_app``) and the benchmark's window probe call it alike.

Nothing of Qt is imported here at load: the collector rests before Qt's modules come in.
"""

from __future__ import annotations

from typing import Any


def run_window(args: Any) -> int:
    """Start the window on ``args`` (an ``argparse.Namespace``: ``db``, ``user`` and ``lang`` each given or not)
    and run it until it closes; its exit code."""
    import gc

    # Python's collector rests while the window starts (everything the start makes lives as long as the window);
    # the window resumes it once its first screen is up (vetdesk.ui.start.COLLECTOR_REST_MS), this at the latest.
    gc.disable()
    try:
        from vetdesk.ui.start import begin

        # The language, the database and its first screen's count, before the window's modules load.
        begun = begin(args)
        from vetdesk.ui.app import run_app

        return run_app(args, begun)
    finally:
        gc.enable()
