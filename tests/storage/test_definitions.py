"""Definitions that must be copied (a migration is frozen history and may not import the living code) are
compared with their source, so that a change of the source cannot leave a copy behind unnoticed."""

from __future__ import annotations

import importlib
import re

from vetdesk.domain import lifecycle
from vetdesk.storage.migrate import head_revision
from vetdesk.storage.revision import SCHEMA_HEAD


def _migration(name: str):  # type: ignore[no-untyped-def]
    return importlib.import_module(f"vetdesk.storage.migrations.versions.{name}")


def test_the_current_statuses_of_the_tallies_migration_are_the_life_cycles() -> None:
    """Migration 0010's triggers count an instructor's current agreements by status."""
    copied = set(re.findall(r"'(\w+)'", _migration("0010_agreement_tallies").CURRENT))
    assert copied == {s.value for s in lifecycle.CURRENT}


def test_the_schema_head_known_without_alembic_is_alembics_head() -> None:
    assert SCHEMA_HEAD == head_revision()
