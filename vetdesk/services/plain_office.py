"""A local SQLite file worked on with plain SQL only: the one-shot ``vetdesk print agreement``'s way.

Importing SQLAlchemy and building the mapped classes costs a one-shot command more than printing its document
(≈0.5 s of CPU of ≈0.9 s). When the database is a SQLite file on this PC that holds vetdesk's current schema and
no one signs in (its local operator works on it, as :func:`services.session.resolve_actor` says), the agreement is
gathered by the very SQL the window runs (:mod:`vetdesk.services.agreement_sheet`) on a bare ``sqlite3``
connection, the same rules refuse what cannot go out for signature, and the printing is recorded in the
agreement's history with the same audit entry (``audit_rows``, ``agreement_sheet.printing_entry``). A draft
goes the full way (its going out for signature is asked of the records' rules before anything is written, and
its first printing changes its status through them: ``records.print_for_signature``), and so does anything
else (PostgreSQL, ``--user``, a schema to upgrade): then :func:`open_plain` answers None and the caller opens
the database as always.

Imports no SQLAlchemy.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from vetdesk.domain.lifecycle import Status
from vetdesk.domain.problems import Problem
from vetdesk.services import agreement_sheet as sheet
from vetdesk.services.actors import Actor, authorize
from vetdesk.services.audit_rows import audit_row
from vetdesk.services.clauses import agreement_text_notes, kept_or_current, language_of
from vetdesk.storage.engine import BUSY_TIMEOUT_MS, Database
from vetdesk.storage.plain import (
    json_value,
    open_sqlite_reads,
    open_sqlite_writes,
    sqlalchemy_datetime,
    sqlite_file,
)


@dataclass(frozen=True)
class PlainOffice:
    """An up-to-date local SQLite file and who works on it."""

    url: str
    path: Path
    actor: Actor

    def agreement_document(self, agreement_id: int, *, template: str | None = None,
                           language: str | None = None) -> sheet.AgreementDocument | None:
        """The agreement as printed, or its refusal (``agreement_sheet.gather``), in one read transaction;
        None when there is no such agreement (the full way says so in its words)."""
        authorize(self.actor, "print")
        reads = open_sqlite_reads(self.path, busy_timeout_ms=BUSY_TIMEOUT_MS)
        try:
            return sheet.gather(reads, agreement_id, template=template, language=language)
        except sheet.AgreementMissing:
            return None
        finally:
            reads.close()

    def status(self, agreement_id: int) -> str | None:
        """The agreement's status; None when there is no such agreement. A draft goes the full way: its
        going out for signature is asked of the records' rules before anything is printed."""
        authorize(self.actor, "print")
        reads = open_sqlite_reads(self.path, busy_timeout_ms=BUSY_TIMEOUT_MS)
        try:
            found = reads.rows("SELECT status FROM learning_agreements WHERE id = :id", {"id": agreement_id})
        finally:
            reads.close()
        return str(found[0][0]) if found else None

    def printed_language(self, agreement_id: int) -> str | None:
        """The language the agreement went out in for signature (``agreement_sheet.printed_language``)."""
        authorize(self.actor, "print")
        reads = open_sqlite_reads(self.path, busy_timeout_ms=BUSY_TIMEOUT_MS)
        try:
            return sheet.printed_language(reads, agreement_id)
        finally:
            reads.close()

    def kept_text_note(self, agreement_id: int, language: str | None) -> str:
        """What a reprint says of its office text (``agreement_sheet.kept_text_note``)."""
        authorize(self.actor, "print")
        reads = open_sqlite_reads(self.path, busy_timeout_ms=BUSY_TIMEOUT_MS)
        try:
            return sheet.kept_text_note(reads, agreement_id, language)
        finally:
            reads.close()

    def office_text_note(self, agreement_id: int, language: str) -> Problem | None:
        """The warning that the office's text in ``language`` is behind another language's change
        (``clauses.agreement_text_notes``), for the agreement printed; None when it is not."""
        authorize(self.actor, "print")
        reads = open_sqlite_reads(self.path, busy_timeout_ms=BUSY_TIMEOUT_MS)
        try:
            return agreement_text_notes(reads, [agreement_id], language).get(agreement_id)
        finally:
            reads.close()

    def print_for_signature(self, agreement_id: int, *, today: date | None = None, language: str | None = None,
                            template: str | None = None) -> bool:
        """Record that the agreement's document went out (``records.print_for_signature``): a reprint's entry
        in its history written here, a draft's first printing (its status changes) the full way. True when a
        draft became "printed"."""
        authorize(self.actor, "print")
        today = today or date.today()
        writes = open_sqlite_writes(self.path, busy_timeout_ms=BUSY_TIMEOUT_MS)
        try:
            found = writes.rows("SELECT a.status, p.templates, a.printed_annex FROM learning_agreements a JOIN "
                                "programmes p ON p.id = a.programme_id WHERE a.id = :id", {"id": agreement_id})
            if not found:
                return False
            status, programme_templates, annex = found[0]
            if status != Status.DRAFT.value:
                kept = (json_value(annex) or {}).get("clauses") if annex else None
                text = kept_or_current(writes, "agreement", language_of(language or "es"), kept)
                layout = template or sheet.printed_layout(writes, agreement_id)  # as it went out, unless chosen
                row = audit_row(self.actor, sheet.print_label(status), kind="agreements", record_id=agreement_id,
                                action="print", after=sheet.printing_entry(today, layout, programme_templates, text,
                                                                    copy=status not in sheet.FOR_SIGNATURE))
                writes.execute("INSERT INTO audit_entries (at, username, operation, kind, record_id, action, "
                               "changes) VALUES (:at, :username, :operation, :kind, :record_id, :action, :changes)",
                               row | {"at": sqlalchemy_datetime(row["at"]), "changes": json.dumps(row["changes"])})
                writes.commit()
                return False
        finally:
            writes.close()
        from vetdesk.services.office import Office

        office = Office.of(Database(self.url), self.actor)
        try:
            office.print_for_signature([agreement_id], today=today, language=language, template=template)
        finally:
            office.dispose()
        return True


def open_plain(location: str | None, username: str | None = None) -> PlainOffice | None:
    """The database ``location`` names (``--db``; None: VETDESK_DB or the default file) when plain SQL serves it:
    a SQLite file of vetdesk's current schema, no one signing in. None for anything else."""
    if username:
        return None
    from vetdesk.services.firststart import current_file_reads
    from vetdesk.services.session import clear_leftovers, local_operator, resolve_location

    url = resolve_location(location)
    reads = current_file_reads(url)
    if reads is None:
        return None
    reads.close()
    path = sqlite_file(url)
    assert path is not None  # a file current_file_reads opened
    clear_leftovers(Database(url))
    return PlainOffice(url, path, local_operator())
