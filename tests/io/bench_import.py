"""Benchmark (not part of the test suite): validate and import a 10,000-row apprentice XLSX.

    python3 tests/io/bench_import.py [--rows 10000] [--db URL]

Generates the file with valid, distinct CURPs (and a few dirty values: text dates, serial dates, sex as
words, lower-case CURPs), imports the schools it refers to, then times reading, validating and writing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from vetdesk.bench.xlsx import create_schools, write_file
from vetdesk.services import importing
from vetdesk.storage.engine import connect
from vetdesk.storage.migrate import upgrade


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--db")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        xlsx = folder / "aprendices.xlsx"
        started = time.perf_counter()
        write_file(xlsx, args.rows)
        print(f"generated {args.rows} rows in {time.perf_counter() - started:.2f} s")
        db = connect(args.db or folder / "bench.sqlite3")
        upgrade(db)
        create_schools(db)
        t0 = time.perf_counter()
        table = importing.read_table(xlsx)
        t1 = time.perf_counter()
        mapping = importing.propose_mapping("apprentices", table.headers)
        report = importing.validate_import(db, "apprentices", table, mapping)
        t2 = time.perf_counter()
        written = importing.run_import(db, "apprentices", table, mapping)
        t3 = time.perf_counter()
        print(f"read {len(table.rows)} rows: {t1 - t0:.2f} s")
        print(f"validate: {t2 - t1:.2f} s ({len(report.errors)} errors, {len(report.warnings)} warnings)")
        print(f"validate + write (run_import): {t3 - t2:.2f} s, written {written.written}")
        print(f"total read + validate + import: {t3 - t0:.2f} s")
        print(f"read + import (what `vetdesk import` does): {(t1 - t0) + (t3 - t2):.2f} s")
        db.dispose()
        return 0 if written.written == args.rows else 1


if __name__ == "__main__":
    sys.exit(main())
