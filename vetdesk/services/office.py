"""The office: one chamber office's database as one person works on it.

The window and the command line hold an :class:`Office` and nothing lower: they read and change records
through its named operations (create, update, print for signature, import…), each of which is one labelled,
audited unit of work that returns what it did. Whatever changes the database — an operation of this office,
another window's, a background job's — is announced to :meth:`Office.listen` as a
:class:`~vetdesk.services.changes.ChangeSet`, so views refresh themselves from what changed instead of
guessing (Anki's collection and its ``OpChanges``; Gramps' database signals).

The service modules stay the place of each rule and query; an ``Office`` is also the database handle they
take, so a service called with an office acts for its signed-in user.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vetdesk.services.actors import SYSTEM, Actor
from vetdesk.storage.engine import Database, connect

if TYPE_CHECKING:
    from vetdesk.domain.problems import Problem
    from vetdesk.services.amendments import AmendmentOutcome
    from vetdesk.services.changes import ChangeSet
    from vetdesk.services.importing import ImportReport, Table
    from vetdesk.services.records import ListQuery, Outcome

# The records' services (and SQLAlchemy under them) load with the first operation, not with this module: the
# window's start holds an Office before its first screen is painted.


class Office(Database):
    """The database of an office as its signed-in user (``actor``) works on it."""

    @classmethod
    def of(cls, db: Database, actor: Actor | None = None) -> Office:
        """The office of an open database handle (sharing its engine and listeners), worked on by ``actor``
        (by default the handle's own principal)."""
        return cls(db.url, actor if actor is not None else db.principal, _engines=db._engines)

    @classmethod
    def open(cls, location: str | None = None, *, actor: Actor | None = None) -> Office:
        """The office whose database is at ``location`` (a file path or URL; None: the default), not yet
        migrated (``storage.migrate.upgrade`` does that)."""
        return cls.of(connect(location), actor)

    @property
    def actor(self) -> Actor:
        return self.principal if isinstance(self.principal, Actor) else SYSTEM

    def as_user(self, actor: Actor) -> Office:
        return Office.of(self, actor)

    # -- reading ---------------------------------------------------------------------------------------------

    def get(self, kind: str, record_id: int) -> dict[str, Any]:
        from vetdesk.services import records

        return records.get(self, kind, record_id)

    def list_records(self, kind: str, query: ListQuery | None = None, *, offset: int = 0,
                     limit: int | None = None) -> list[dict[str, Any]]:
        from vetdesk.services import records

        return records.list_records(self, kind, query or records.ListQuery(), offset=offset, limit=limit)

    def list_ids(self, kind: str, query: ListQuery | None = None, *, limit: int | None = None,
                 wanted: Callable[[], bool] | None = None) -> list[int]:
        from vetdesk.services import records

        return records.list_ids(self, kind, query or records.ListQuery(), limit=limit, wanted=wanted)

    def count(self, kind: str, query: ListQuery | None = None) -> int:
        from vetdesk.services import records

        return records.count_records(self, kind, query or records.ListQuery())

    def get_many(self, kind: str, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
        from vetdesk.services import records

        return records.get_many(self, kind, ids)

    def names(self, kind: str, ids: Sequence[int]) -> dict[int, str]:
        from vetdesk.services import records

        return records.display_names(self, kind, ids)

    def history(self, kind: str, record_id: int) -> list[dict[str, Any]]:
        from vetdesk.services import records

        return records.history(self, kind, record_id)

    def validate(self, kind: str, values: Mapping[str, Any], *, record_id: int | None = None) -> list[Problem]:
        from vetdesk.services import records

        return records.validate(self, kind, values, record_id=record_id)

    # -- changing -------------------------------------------------------------------------------------------

    def create(self, kind: str, values: Mapping[str, Any], *, accept_warnings: bool = False) -> Outcome:
        from vetdesk.services import records

        return records.create(self, kind, values, accept_warnings=accept_warnings)

    def update(self, kind: str, record_id: int, values: Mapping[str, Any], *, accept_warnings: bool = False,
               expected_version: int | None = None, label: str | None = None) -> Outcome:
        from vetdesk.services import records

        return records.update(self, kind, record_id, values, accept_warnings=accept_warnings,
                              expected_version=expected_version, label=label)

    def record_signatures(self, agreement_id: int, dates: Mapping[str, Any], *, accept_warnings: bool = False,
                          expected_version: int | None = None) -> Outcome:
        """The signatures of a printed agreement as they come in; once every party has signed it is "signed"."""
        from vetdesk.services import records

        return records.record_signatures(self, agreement_id, dates, accept_warnings=accept_warnings,
                                         expected_version=expected_version)

    def amend_agreement(self, agreement_id: int, values: Mapping[str, Any], *, accept_warnings: bool = False,
                        today: date | None = None) -> AmendmentOutcome:
        """Record an amendment to a signed agreement: from a day on, another rotation plan or end, for a reason
        (``values``: rotation_plan_id, end_date, effective_on, reason); the first signed annex stays as it was."""
        from vetdesk.services import amendments

        return amendments.record_amendment(self, agreement_id, values, accept_warnings=accept_warnings,
                                           today=today)

    def delete(self, kind: str, record_id: int, *, label: str | None = None) -> ChangeSet:
        """A record entered by mistake; refused, with the reason, while anything depends on it."""
        from vetdesk.services import undo

        return undo.delete_record(self, kind, record_id, label=label)

    def undo_last(self, *, today: date | None = None) -> ChangeSet:
        """Take back the signed-in person's last change (Ctrl+Z, ``vetdesk undo``)."""
        from vetdesk.services import undo

        return undo.undo_last(self, today=today)

    def print_for_signature(self, agreement_ids: Sequence[int], *, today: date | None = None,
                            language: str | None = None, template: str | None = None) -> ChangeSet:
        """The agreements' documents went out for signature: drafts among them become "printed", and each
        printing (day, layout, language, text version) is recorded in the agreement's history."""
        from vetdesk.services import records

        return records.print_for_signature(self, agreement_ids, today=today, language=language, template=template)

    def import_rows(self, kind: str, table: Table, mapping: Mapping[str, str | None],
                    **options: Any) -> ImportReport:
        from vetdesk.services import importing

        return importing.run_import(self, kind, table, mapping, **options)

    def import_file(self, kind: str, path: str | Path, **options: Any) -> ImportReport:
        from vetdesk.services import importing

        return importing.import_file(self, kind, path, **options)
