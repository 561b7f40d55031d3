"""How a batch starts its workers (``render.start_method``): the command line, a plain process, forks them from
what it has loaded; the window, whose Qt runs threads of its own, starts them from a forkserver. A forked batch
prints what a single report prints, and the database the printing process holds open stays whole and usable."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.reports.conftest import make_world, pdf_text
from vetdesk.reports import render
from vetdesk.services.office import Office

ROOT = Path(__file__).resolve().parents[2]


def _python(code: str, *args: str) -> str:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=300,
                          cwd=ROOT, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_a_plain_process_forks_its_workers_and_the_window_does_not() -> None:
    ask = "from vetdesk.reports.render import start_method; print(start_method())"
    assert _python(ask).split() == ["fork"]
    assert _python("import PySide6.QtCore; " + ask).split() == ["forkserver"]
    assert _python("import threading, time; threading.Thread(target=time.sleep, args=(2,)).start(); "
                   + ask).split() == ["forkserver"]


_BATCH = """
import json, sys
from vetdesk.reports import render
from vetdesk.services.office import Office
db = Office.open(sys.argv[1])
assert render.start_method() == "fork"
ids = json.loads(sys.argv[2])
before = db.get("agreements", ids[0])["reference"]
items = list(render.print_batch(db, "progress", ids, sys.argv[3], lang="es", processes=2))
after = db.get("agreements", ids[0])["reference"]  # the process's own connection, still usable
print(json.dumps({"items": [[i.agreement_id, i.ok, i.path] for i in items], "same": before == after}))
db.dispose()
"""


def test_a_forked_batch_prints_the_single_reports_and_leaves_the_database_whole(sqlite_db: Office,
                                                                              tmp_path: Path) -> None:
    worlds = [make_world(sqlite_db) for _ in range(5)]
    ids = [w.agreement_id for w in worlds]
    url = sqlite_db.url
    entries = {i: len(sqlite_db.history("agreements", i)) for i in ids}
    sqlite_db.dispose()
    out = json.loads(_python(_BATCH, url, json.dumps(ids), str(tmp_path / "out")))
    assert out["same"] is True
    assert sorted(i for i, ok, _p in out["items"] if ok) == sorted(ids)
    db = Office.open(url)
    try:  # each report printed is in its agreement's history, written by the workers
        assert {i: len(db.history("agreements", i)) for i in ids} == {i: n + 1 for i, n in entries.items()}
        for agreement_id, _ok, path in out["items"]:
            alone = render.progress_pdf(db, agreement_id=agreement_id, lang="es")
            assert pdf_text(Path(path).read_bytes()) == pdf_text(alone)
    finally:
        db.dispose()
    file = url.split("///", 1)[1]
    with sqlite3.connect(file) as check:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
