"""What a committed operation changed, as the views that show those records need to know it.

A unit of work announces one :class:`ChangeSet` after it commits (``services.uow``), built from the audit
entries it wrote: the audit trail and the notification cannot disagree, and a write that forgot to announce
itself would also have forgotten its audit entry. The window listens (one "changed" signal) and each page
refreshes itself when a change touches what it shows (Anki's ``OpChanges``, Gramps' signals per table).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ChangeSet:
    """One committed operation: its label, who did it, and which records of which kinds it touched."""

    label: str
    user: str | None
    #: kind -> ids created, changed or deleted (records without an id, such as settings, appear with no ids).
    records: Mapping[str, frozenset[int]] = field(default_factory=dict)
    #: kind -> ids created.
    created: Mapping[str, frozenset[int]] = field(default_factory=dict)
    #: kind -> ids deleted.
    deleted: Mapping[str, frozenset[int]] = field(default_factory=dict)
    #: The audit entries the operation wrote (their ids): a window that also reads the audit trail for changes
    #: made elsewhere (``services.elsewhere``) knows these were announced already.
    entries: frozenset[int] = frozenset()

    @classmethod
    def of(cls, label: str, user: str | None, entries: Iterable[Any]) -> ChangeSet:
        """From audit entries (anything with ``kind``, ``record_id`` and ``action``, and ``id`` once written), or
        entries written in bulk (``kind``, ``action``, ``record_ids`` and their entries' ``ids``)."""
        touched: dict[str, set[int]] = {}
        created: dict[str, set[int]] = {}
        deleted: dict[str, set[int]] = {}
        seen: set[int] = set()
        for entry in _one_by_one(entries):
            if getattr(entry, "id", None) is not None:
                seen.add(entry.id)
            ids = touched.setdefault(entry.kind, set())
            if entry.record_id is not None:
                ids.add(entry.record_id)
                if entry.action == "create":
                    created.setdefault(entry.kind, set()).add(entry.record_id)
                elif entry.action == "delete":
                    deleted.setdefault(entry.kind, set()).add(entry.record_id)
        return cls(label, user, _frozen(touched), _frozen(created), _frozen(deleted), frozenset(seen))

    @property
    def empty(self) -> bool:
        return not self.records

    def touches(self, *kinds: str) -> bool:
        """Whether any record of these kinds changed."""
        return any(k in self.records for k in kinds)

    def ids(self, kind: str) -> frozenset[int]:
        return self.records.get(kind, frozenset())

    def kinds(self) -> frozenset[str]:
        return frozenset(self.records)


def _one_by_one(entries: Iterable[Any]) -> Iterable[Any]:
    """Each entry, those written in bulk one by one (their ids apart: not in their records' order)."""
    from types import SimpleNamespace

    for entry in entries:
        if hasattr(entry, "record_ids"):
            yield from (SimpleNamespace(kind=entry.kind, record_id=i, action=entry.action) for i in entry.record_ids)
            yield from (SimpleNamespace(id=i, kind=entry.kind, record_id=None, action=entry.action)
                        for i in entry.ids)
        else:
            yield entry


def _frozen(found: Mapping[str, set[int]]) -> dict[str, frozenset[int]]:
    return {k: frozenset(v) for k, v in found.items()}


NOTHING = ChangeSet("", None)
