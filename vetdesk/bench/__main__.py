"""Benchmark at national size: ``python -m vetdesk.bench [--apprentices 100000] [--repeat 5]``.

Builds (or reuses) demo databases of 100,000, 10,000 and 1,000 apprentices under --workdir, measures each
figure of issue 10 as median and 95th percentile over repeated runs, prints a table and writes JSON.
Not part of the test run: it takes minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

TARGETS = {
    "startup_ratio": ("≤ 2× bare", 2.0),
    "list_open": ("< 300 ms", 0.300),
    "keystroke_common": ("p95 < 50 ms", 0.050),
    "keystroke_rare": ("p95 < 50 ms", 0.050),
    "dashboard": ("< 500 ms", 0.500),
    "agreement_pdf": ("< 100 ms", 0.100),
    "progress_reports_1000": ("< 60 s", 60.0),
    "import_10000": ("< 10 s", 10.0),
    "rss_mb": ("< 300 MB", 300.0),
    "search_growth": ("≤ 3× (100k vs 1k)", 3.0),
    "print_command_vs_libreoffice": ("≥ 2× faster", 2.0),
    "progress_1000_vs_libreoffice": ("≥ 5× faster", 5.0),
}


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summary(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "p95": pct(values, 0.95), "n": len(values)}


def child_cpu() -> float:
    """CPU time (user + system) of every finished child process of this one, in seconds."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_run(command: list[str], **kwargs: Any) -> tuple[float, float, subprocess.CompletedProcess[Any]]:
    """Run ``command`` to its end: (wall seconds, CPU seconds of it and its children, the finished process).

    CPU time is what a loaded machine distorts least: the wall time of a process that waits for a core grows
    with the other work, its CPU time much less (both sides of a comparison are measured the same way)."""
    cpu, t = child_cpu(), time.perf_counter()
    done = subprocess.run(command, **kwargs)
    return time.perf_counter() - t, child_cpu() - cpu, done


def repeat(fn: Callable[[], Any], n: int, warm: int = 1) -> list[float]:
    for _ in range(warm):
        fn()
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def ensure_demo(path: Path, apprentices: int) -> str:
    from vetdesk.services.demo import fill_demo
    from vetdesk.storage.engine import connect
    from vetdesk.storage.migrate import upgrade

    url = f"sqlite:///{path}"
    if path.exists():  # built by an earlier run: bring its schema up to date now, not inside a timed start-up
        db = connect(path)
        upgrade(db)
        db.dispose()
        return url
    tmp = path.with_name(path.name + ".building")
    for suffix in ("", "-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    db = connect(tmp)
    upgrade(db)
    t = time.perf_counter()
    fill_demo(db, apprentices=apprentices, seed=1)
    print(f"  demo with {apprentices:,} apprentices built in {time.perf_counter() - t:.1f} s", flush=True)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    tmp.rename(path)
    return url


def probe(args: list[str]) -> dict[str, Any]:
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen", "VETDESK_BENCH_T0": repr(time.time())}
    done = subprocess.run([sys.executable, "-m", "vetdesk.bench.gui_probe", *args], capture_output=True, text=True,
                          env=env, timeout=900)
    for line in done.stdout.splitlines():
        if line.startswith("BENCH "):
            return json.loads(line[6:])
    raise RuntimeError(f"probe {args[0]} failed:\n{done.stderr[-3000:]}")


def compile_bytecode() -> None:
    """Compile vetdesk's modules to bytecode, as an installed vetdesk has them (pip compiles what it installs,
    the PyInstaller bundle ships bytecode, and an editable install caches it at its first start).

    Without this, a machine that sets ``PYTHONDONTWRITEBYTECODE`` (this development machine does) compiles
    every vetdesk module from source at every start of the window probe — 20-25 ms of each start-up that no
    officer's second start pays. The bare window's PySide6 is compiled already (site-packages).
    """
    import compileall

    import vetdesk

    compileall.compile_dir(Path(vetdesk.__file__).parent, quiet=1)


def gui_figures(url: str, runs: int, terms: list[str]) -> dict[str, Any]:
    startups, shown, ready, bares, opens, rss = [], [], [], [], [], []
    startup_cpu: list[float] = []
    bare_cpu: list[float] = []
    keystrokes: dict[str, list[float]] = {t: [] for t in terms}
    all_ids: dict[str, list[float]] = {t: [] for t in terms}
    agreements: dict[str, list[float]] = {t: [] for t in terms}
    cpu: dict[str, list[float]] = {f"{where}keystroke_cpu:{t}": [] for t in terms for where in ("", "agreements_")}
    sorts: list[float] = []
    scrolls: dict[str, list[float]] = {k: [] for k in ("scroll", "scroll_cpu", "scroll_after_form",
                                                      "scroll_after_form_cpu")}
    for _ in range(runs):
        bare = probe(["bare"])
        bares.append(bare["startup"])
        bare_cpu.append(bare["startup_cpu"])
        result = probe(["app", url, "10", ",".join(terms)])
        startups.append(result["startup"])
        startup_cpu.append(result["startup_cpu"])
        shown.append(result["window_shown"])
        ready.append(result["ready"])
        opens.append(result["list_open"])
        rss.append(result["rss_mb"])
        sorts += result["sort"]
        for key in scrolls:
            scrolls[key] += result[key]
        for t in terms:
            keystrokes[t] += result[f"keystroke:{t}"]
            all_ids[t] += result[f"keystroke_all_ids:{t}"]
            agreements[t] += result[f"agreements_keystroke:{t}"]
        for key in cpu:
            cpu[key] += result[key]
    return {"startup": summary(startups), "window_shown": summary(shown), "ready": summary(ready),
            "bare_startup": summary(bares),
            "startup_cpu": summary(startup_cpu), "bare_startup_cpu": summary(bare_cpu),
            "list_open": summary(opens),
            "sort": summary(sorts), "rss_mb": summary(rss),
            **{key: summary(v) for key, v in scrolls.items()},
            **{f"keystroke:{t}": summary(v) for t, v in keystrokes.items()},
            **{f"keystroke_all_ids:{t}": summary(v) for t, v in all_ids.items()},
            **{f"agreements_keystroke:{t}": summary(v) for t, v in agreements.items()},
            **{key: summary(v) for key, v in cpu.items()}}


def service_figures(url: str, runs: int, workdir: Path) -> dict[str, Any]:
    from vetdesk.services import records
    from vetdesk.services.dashboard import dashboard
    from vetdesk.services.office import Office
    from vetdesk.services.progress import apprentice_progress, progress_matrix

    db = Office.open(url)
    out: dict[str, Any] = {}
    out["dashboard"] = summary(repeat(lambda: dashboard(db), runs))
    active = records.list_records(db, "agreements", records.ListQuery(status="active"), limit=1000)
    from vetdesk.domain.problems import RuleViolation
    from vetdesk.reports import render

    for first in active:  # the demo holds a few deliberately flawed agreements that refuse to print
        try:
            render.agreement_pdf(db, first["id"], lang="es")
            break
        except RuleViolation:
            continue

    out["agreement_pdf"] = summary(repeat(lambda: render.agreement_pdf(db, first["id"], lang="es"), runs * 4))
    out["progress_one"] = summary(repeat(lambda: apprentice_progress(db, first["apprentice_id"]), runs * 4))
    out["matrix_programme"] = summary(repeat(lambda: progress_matrix(db, programme_id=first["programme_id"]), runs))
    out["progress_reports_1000"] = progress_batch_figure(url, [a["id"] for a in active[:1000]], workdir)
    db.dispose()
    return out


_BATCH = """
import json, sys, tempfile, time
from vetdesk.reports import render
from vetdesk.services.office import Office
url, ids, workdir = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
db = Office.open(url)
with tempfile.TemporaryDirectory(dir=workdir) as folder:
    t = time.perf_counter()
    results = list(render.print_batch(db, "progress", ids, folder))
    elapsed = time.perf_counter() - t
db.dispose()
print("BENCH " + json.dumps({"elapsed": elapsed, "documents": len(results)}))
"""


def progress_batch_figure(url: str, ids: list[int], workdir: Path) -> dict[str, Any]:
    """A thousand progress reports printed with ``render.print_batch`` (2 worker processes), in a child process
    so that the CPU time of the whole batch — the child, its forkserver and the workers — can be read: this
    process becomes the Linux "child subreaper" of its descendants, so the forkserver (orphaned when the child
    ends) is reaped here with its workers' time in it. The wall time is the batch's alone, as before."""
    subreaper = _become_subreaper()
    cpu = child_cpu()
    done = subprocess.run([sys.executable, "-c", _BATCH, url, json.dumps(ids), str(workdir)], capture_output=True,
                          text=True, timeout=3600)
    if done.returncode != 0:
        raise RuntimeError(f"progress batch failed:\n{done.stderr[-2000:]}")
    if subreaper:
        _reap_orphans()
    used = child_cpu() - cpu
    found = json.loads(next(line[6:] for line in done.stdout.splitlines() if line.startswith("BENCH ")))
    elapsed = found["elapsed"]
    figure = {"median": elapsed, "p95": elapsed, "n": 1, "documents": found["documents"]}
    if subreaper:
        figure["cpu"] = {"median": used, "p95": used, "n": 1}
    return figure


def _become_subreaper() -> bool:
    """Make this process the reaper of its orphaned descendants (Linux prctl PR_SET_CHILD_SUBREAPER)."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        return False


def _reap_orphans(timeout: float = 30.0) -> None:
    """Wait for the descendants handed to this process (the batch's forkserver ends when its parent has)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            time.sleep(0.05)


def print_command_figure(url: str, runs: int, workdir: Path) -> dict[str, Any]:
    """``vetdesk print agreement ID -o F.pdf`` as an officer runs it: a whole new process each time (start-up,
    database, the document, the file), on an agreement already signed (its reprint is what repeats)."""
    from vetdesk.domain.problems import RuleViolation
    from vetdesk.reports import render
    from vetdesk.services import records
    from vetdesk.services.office import Office

    db = Office.open(url)
    chosen = None
    candidates = records.list_records(db, "agreements", records.ListQuery(status="active"), limit=100)
    # the demo holds a few deliberately flawed agreements: a copy that warns (an insurance lapsing before the
    # end: 4 of 1,878 at 4,000 apprentices) is said the full way, a rare case; the figure is the usual reprint
    warned = db.print_checks([record["id"] for record in candidates])
    for record in candidates:
        if record["id"] in warned:
            continue
        try:  # and a few that refuse to print
            render.agreement_pdf(db, record["id"], lang="es")
        except RuleViolation:
            continue
        chosen = record["id"]
        break
    db.dispose()
    assert chosen is not None
    target = workdir / "print-command.pdf"
    command = [sys.executable, "-m", "vetdesk", "--db", url, "print", "agreement", str(chosen), "-o", str(target)]
    times, cpu = [], []
    for i in range(runs + 1):
        elapsed, used, done = timed_run(command, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"vetdesk print failed:\n{done.stderr[-2000:]}")
        if i:  # the first run warms the disk cache, as the officer's machine is warm
            times.append(elapsed)
            cpu.append(used)
    return summary(times) | {"pages": _pages(target), "cpu": summary(cpu)}


def _pages(path: Path) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


def libreoffice() -> str | None:
    """LibreOffice's command, when installed (Debian: libreoffice-writer-nogui)."""
    import shutil

    return shutil.which("soffice") or shutil.which("libreoffice")


def _contract_fodt(n: int) -> str:
    """A contract as a flat OpenDocument text: headings, paragraphs, a parties table, as many words as
    vetdesk's agreement (the comparison converts what vetdesk lays out)."""
    from xml.sax.saxutils import escape

    clause = ("Las partes que se indican a continuación celebran el presente convenio de aprendizaje para la formación "
              "dual del aprendiz, al tenor de las siguientes cláusulas, y se obligan a cumplirlas en sus términos. ")
    rows = "".join(f"<table:table-row><table:table-cell><text:p>Dato {i}</text:p></table:table-cell>"
                   f"<table:table-cell><text:p>Valor {i} del contrato {n}</text:p></table:table-cell>"
                   "</table:table-row>" for i in range(24))
    body = []
    for section in range(14):
        body.append(f'<text:h text:outline-level="1">{section + 1}. Cláusula {section + 1}</text:h>')
        body.append(f"<text:p>{escape(clause * 5)}</text:p>")
        if section % 5 == 0:
            body.append(f'<table:table table:name="T{section}"><table:table-column '
                        f'table:number-columns-repeated="2"/>{rows}</table:table>')
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            '<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
            'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.3" '
            'office:mimetype="application/vnd.oasis.opendocument.text"><office:body><office:text>'
            + "".join(body) + "</office:text></office:body></office:document>")


def libreoffice_figures(workdir: Path, runs: int = 3) -> dict[str, Any] | None:
    """LibreOffice converting a comparable contract to PDF: one file in one call (as a command an officer runs),
    and twenty in one warm call, from which the cost of each further document (and of a thousand) follows."""
    soffice = libreoffice()
    if soffice is None:
        return None
    folder = workdir / "libreoffice"
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for n in range(20):
        path = folder / f"contract-{n}.fodt"
        path.write_text(_contract_fodt(n), encoding="utf-8")
        files.append(str(path))
    profile = (folder / "profile").as_uri()  # its own profile: no lock shared with a running LibreOffice

    def convert(paths: list[str]) -> tuple[float, float]:
        out = folder / "out"
        elapsed, used, _done = timed_run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                                          "pdf", "--outdir", str(out), *paths], capture_output=True, timeout=600,
                                         check=True)
        return elapsed, used

    convert(files[:1])  # the first start builds the profile
    ones = [convert(files[:1]) for _ in range(runs)]
    twenties = [convert(files) for _ in range(runs)]  # as many as single calls: each further one is their difference
    one, one_cpu = [o[0] for o in ones], [o[1] for o in ones]
    twenty, twenty_cpu = [o[0] for o in twenties], [o[1] for o in twenties]

    def further(twenty_s: list[float], one_s: list[float]) -> float:
        return (statistics.median(twenty_s) - statistics.median(one_s)) / 19

    each, each_cpu = further(twenty, one), further(twenty_cpu, one_cpu)
    return {"one": summary(one), "twenty": summary(twenty),
            "each_further": {"median": each, "p95": each, "n": 1},
            "thousand_estimate": {"median": statistics.median(one) + 999 * each, "p95": 0, "n": 0},
            "cpu": {"one": summary(one_cpu), "twenty": summary(twenty_cpu),
                    "each_further": {"median": each_cpu, "p95": each_cpu, "n": 1},
                    "thousand_estimate": {"median": statistics.median(one_cpu) + 999 * each_cpu, "p95": 0,
                                          "n": 0}},
            "pages": _pages(folder / "out" / "contract-0.pdf")}


def import_figure(workdir: Path) -> dict[str, Any]:
    """A 10,000-row apprentice XLSX validated and imported into a fresh database."""
    from vetdesk.bench.xlsx import create_schools, write_file
    from vetdesk.services import importing
    from vetdesk.storage.engine import connect
    from vetdesk.storage.migrate import upgrade

    times = []
    for run in range(2):
        path = workdir / f"import-{run}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        db = connect(path)
        upgrade(db)
        xlsx = workdir / "apprentices-10000.xlsx"
        if not xlsx.exists():
            write_file(xlsx, 10_000)
        create_schools(db)
        t = time.perf_counter()
        report = importing.import_file(db, "apprentices", xlsx)
        times.append(time.perf_counter() - t)
        assert report.written == 10_000, report
        db.dispose()
    return summary(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m vetdesk.bench")
    parser.add_argument("--apprentices", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3, help="repeated runs per figure")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "vetdesk-bench")
    parser.add_argument("--output", type=Path, default=Path("bench-results") / "latest.json")
    parser.add_argument("--skip", nargs="*", default=[],
                        choices=["gui", "services", "documents", "import", "scale"])
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    terms = ["garcia", "zuñiga ximena"]
    results: dict[str, Any] = {"date": datetime.now().isoformat(timespec="seconds"),
                               "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
                               "apprentices": args.apprentices}
    print(f"vetdesk benchmark — {results['machine']}", flush=True)
    url = ensure_demo(args.workdir / f"demo-{args.apprentices}.sqlite3", args.apprentices)
    compile_bytecode()
    if "gui" not in args.skip:
        print("  window: start-up, lists, search, sort, memory…", flush=True)
        results["gui"] = gui_figures(url, args.runs, terms)
    if "services" not in args.skip:
        print("  services: dashboard, PDFs, progress…", flush=True)
        results["services"] = service_figures(url, args.runs, args.workdir)
    if "documents" not in args.skip:
        print("  documents: 'vetdesk print agreement' as a command, LibreOffice beside it…", flush=True)
        results["documents"] = {"print_command": print_command_figure(url, args.runs, args.workdir),
                                "libreoffice": libreoffice_figures(args.workdir, max(3, args.runs))}
    if "import" not in args.skip:
        print("  import of 10,000 rows…", flush=True)
        results["import_10000"] = import_figure(args.workdir)
    if "scale" not in args.skip:
        results["scale"] = {}
        for n in (1_000, 10_000):
            small = ensure_demo(args.workdir / f"demo-{n}.sqlite3", n)
            print(f"  window at {n:,} apprentices…", flush=True)
            results["scale"][n] = gui_figures(small, 1, terms)
    report(results)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    print(f"\nJSON written to {args.output}")
    return 0


def report(r: dict[str, Any]) -> None:
    rows: list[tuple[str, str, str, str]] = []

    def ms(x: float) -> str:
        return f"{x * 1000:.0f} ms" if x < 10 else f"{x:.1f} s"

    def add(name: str, fig: dict[str, float] | None, target: str = "", unit: Callable[[float], str] = ms) -> None:
        if fig:
            rows.append((name, unit(fig["median"]), unit(fig["p95"]), target))

    g, s = r.get("gui", {}), r.get("services", {})
    if g:
        ratio = g["startup"]["median"] / g["bare_startup"]["median"]
        add("start-up to dashboard filled", g["startup"])
        add("  … window shown (the figures are painted on the next turn)", g.get("window_shown"))
        add("  … services and lists loaded (the list figures start here)", g.get("ready"))
        add("bare PySide6 window", g["bare_startup"])
        rows.append(("start-up ratio (app / bare)", f"{ratio:.2f}×", "", TARGETS["startup_ratio"][0]))
        if g.get("startup_cpu") and g.get("bare_startup_cpu"):  # results written before it had none
            add("  … CPU time of the start-up (every thread)", g["startup_cpu"])
            add("  … CPU time of the bare window", g["bare_startup_cpu"])
            cpu_ratio = g["startup_cpu"]["median"] / g["bare_startup_cpu"]["median"]
            rows.append(("  … start-up ratio by CPU time (less distorted by a loaded machine)", f"{cpu_ratio:.2f}×",
                         "", ""))
        add("open apprentices list", g["list_open"], TARGETS["list_open"][0])
        keys = [k for k in g if k.startswith("keystroke:")]
        for k in keys:
            term = k.split(':', 1)[1]
            add(f"search keystroke '{term}' (first page shown)", g[k], "p95 < 50 ms")
            add("  … its CPU time (every thread)", g.get(f"keystroke_cpu:{term}"))
            add(f"  … every id of '{term}' held", g.get(f"keystroke_all_ids:{term}"))
            add("  … in the agreements list", g.get(f"agreements_keystroke:{term}"), "p95 < 50 ms")
            add("  … its CPU time (every thread)", g.get(f"agreements_keystroke_cpu:{term}"))
        add("sort by a column", g["sort"])
        add("list scrolled, one wheel notch repainted", g.get("scroll"))
        add("  … its CPU time", g.get("scroll_cpu"))
        add("  … after a record's form was opened and closed", g.get("scroll_after_form"))
        add("  … its CPU time", g.get("scroll_after_form_cpu"))
        add("peak RSS after every list", g["rss_mb"], TARGETS["rss_mb"][0], unit=lambda x: f"{x:.0f} MB")
    if s:
        add("dashboard figures", s["dashboard"], TARGETS["dashboard"][0])
        add("one agreement PDF", s["agreement_pdf"], TARGETS["agreement_pdf"][0])
        add("1,000 progress reports (2 processes), wall", s["progress_reports_1000"],
            TARGETS["progress_reports_1000"][0])
        add("vetdesk progress (one apprentice)", s["progress_one"])
        add("programme matrix", s["matrix_programme"])
    d = r.get("documents")
    if d:
        command = d["print_command"]
        add(f"'vetdesk print agreement' as a command ({command['pages']} pages), wall", command)
        add("  … its CPU time (user + system)", command.get("cpu"))
        batch = s.get("progress_reports_1000") if s else None
        if batch and batch.get("cpu"):
            add("1,000 progress reports, CPU time of the whole batch (all processes)", batch["cpu"])
        lo = d.get("libreoffice")
        if lo is None:
            rows.append(("LibreOffice: not installed (apt-get install libreoffice-writer-nogui)", "", "", ""))
        else:
            lo_cpu = lo.get("cpu", {})
            add(f"LibreOffice: one contract ({lo['pages']} pages) to PDF, one call, wall", lo["one"])
            add("  … its CPU time", lo_cpu.get("one"))
            add("LibreOffice: twenty contracts in one warm call, wall", lo["twenty"])
            add("  … its CPU time", lo_cpu.get("twenty"))
            add("LibreOffice: each further contract, wall", lo["each_further"])
            add("  … CPU time", lo_cpu.get("each_further"))
            target = TARGETS["print_command_vs_libreoffice"][0]
            ratio = lo["one"]["median"] / command["median"]
            rows.append(("print command: LibreOffice / vetdesk, wall time", f"{ratio:.2f}×", "", target))
            if lo_cpu and command.get("cpu"):
                ratio = lo_cpu["one"]["median"] / command["cpu"]["median"]
                rows.append(("print command: LibreOffice / vetdesk, CPU time", f"{ratio:.2f}×", "", target))
            if batch:
                target = TARGETS["progress_1000_vs_libreoffice"][0]
                ratio = lo["thousand_estimate"]["median"] / batch["median"]
                rows.append(("1,000 documents: LibreOffice (estimated) / vetdesk's 1,000 progress reports, wall",
                             f"{ratio:.2f}×", "", target))
                if lo_cpu and batch.get("cpu"):
                    ratio = lo_cpu["thousand_estimate"]["median"] / batch["cpu"]["median"]
                    rows.append(("1,000 documents: the same, CPU time (vetdesk: every process)",
                                 f"{ratio:.2f}×", "", target))
    add("import 10,000-row XLSX", r.get("import_10000"), TARGETS["import_10000"][0])
    for n, fig in r.get("scale", {}).items():
        add(f"open list at {int(n):,}", fig["list_open"])
        for k in [k for k in fig if k.startswith("keystroke:")]:
            add(f"keystroke '{k.split(':', 1)[1]}' at {int(n):,}", fig[k])
        for k in [k for k in fig if k.startswith("agreements_keystroke:")]:
            add(f"agreements keystroke '{k.split(':', 1)[1]}' at {int(n):,}", fig[k])
    if g and r.get("scale"):
        small = r["scale"].get(1000) or r["scale"].get("1000")
        for k in [k for k in g if k.startswith(("keystroke:", "agreements_keystroke:"))]:
            growth = g[k]["median"] / max(small[k]["median"], 1e-6)
            where = "agreements " if k.startswith("agreements") else ""
            rows.append((f"{where}search growth '{k.split(':', 1)[1]}' 100k / 1k", f"{growth:.2f}×", "",
                         TARGETS["search_growth"][0]))
    width = max(len(x[0]) for x in rows)
    print(f"\n{'figure'.ljust(width)}  {'median':>10}  {'p95':>10}  target")
    for name, med, p95, target in rows:
        print(f"{name.ljust(width)}  {med:>10}  {p95:>10}  {target}")
    print(f"\n{r['date']} · {r['machine']} · {date.today().isoformat()}")


if __name__ == "__main__":
    raise SystemExit(main())
