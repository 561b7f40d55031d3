"""Work for the crash test: mark every draft agreement printed, one unit of work each, as fast as possible."""

from __future__ import annotations

import sys

from vetdesk.services import records
from vetdesk.storage.engine import connect


def main() -> None:
    db = connect(sys.argv[1])
    print("ready", flush=True)
    for row in records.list_records(db, "agreements", records.ListQuery(status="draft")):
        records.update(db, "agreements", row["id"], {"status": "printed"}, accept_warnings=True)


if __name__ == "__main__":
    main()
