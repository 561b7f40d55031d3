"""Migration 0025: the lists that open newest first by date read their first page from an index, not by
sorting every row (the assessments list took 533 ms for its first page at a million assessments without it)."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy.dialects import sqlite

from vetdesk.services import records
from vetdesk.services.kinds import KINDS
from vetdesk.storage.engine import Database


@pytest.mark.parametrize(("kind", "column"), [("assessments", "assessed_on"), ("rotations", "actual_start")])
def test_the_first_page_newest_first_is_read_from_an_index(sqlite_db: Database, kind: str, column: str) -> None:
    query = records.ListQuery(order_by=column, descending=True)
    statement = records.list_statement(KINDS[kind], query).with_only_columns(KINDS[kind].model.id).limit(201)
    sql = str(statement.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
    path = sqlite_db.url.split("///", 1)[1]
    conn = sqlite3.connect(path)
    try:
        plan = " | ".join(str(row[-1]) for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
    finally:
        conn.close()
    assert "TEMP B-TREE" not in plan, plan  # no sort of the whole table
    assert "_start_id" in plan or "_date_id" in plan, plan
