"""A password prompt with no one to answer it (a script, a scheduled task): a message, not an EOFError
traceback (issue 24: no traceback reaches the console for any input)."""

from __future__ import annotations

import os
import subprocess
import sys


def test_a_prompt_that_meets_the_end_of_the_input_says_what_to_do(tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {k: v for k, v in os.environ.items() if not k.startswith("VETDESK_")} | {"VETDESK_NO_AUTOBACKUP": "1"}
    done = subprocess.run([sys.executable, "-m", "vetdesk", "--db", str(tmp_path / "v.sqlite3"), "--lang", "en",
                           "user", "add", "root", "--role", "administrator"], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, env=env, timeout=120, start_new_session=True)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "VETDESK_NEW_PASSWORD" in done.stderr, done.stderr
