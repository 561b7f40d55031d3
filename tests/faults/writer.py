"""A worker process for the concurrency and crash tests: adds and edits records in a loop."""

from __future__ import annotations

import json
import sys

from vetdesk.domain.problems import RuleViolation
from vetdesk.services import records
from vetdesk.storage.engine import connect


def rfc(worker: int, n: int) -> str:
    # Company RFC: 3 letters, YYMMDD, 3 characters; unique per worker and iteration.
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    head = f"W{letters[worker % 24]}{letters[n // 576 % 24]}"
    return f"{head}{850101 + n % 28:06d}{letters[n // 24 % 24]}{letters[n % 24]}1"


def main() -> None:
    url, worker, count, shared_id = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    db = connect(url)
    created, conflicts = [], 0
    for n in range(count):
        out = records.create(db, "companies", {"name": f"Worker {worker} company {n}", "rfc": rfc(worker, n),
                                               "legal_representative": "Rep"})
        created.append(out.id)
        records.update(db, "companies", out.id, {"contact_name": f"contact {n}"})
        current = records.get(db, "companies", shared_id)
        try:
            records.update(db, "companies", shared_id, {"address": f"w{worker} n{n}"},
                           expected_version=current["version"])
        except RuleViolation as exc:
            assert exc.problems[0].code == "version.conflict", exc.problems
            conflicts += 1
    print(json.dumps({"created": created, "conflicts": conflicts}))


if __name__ == "__main__":
    main()
