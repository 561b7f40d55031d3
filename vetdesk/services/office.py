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

from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vetdesk.services.actors import SYSTEM, Actor
from vetdesk.storage.engine import Database, connect

if TYPE_CHECKING:
    from vetdesk.domain.problems import Problem
    from vetdesk.services import badges
    from vetdesk.services.amendments import AmendmentOutcome
    from vetdesk.services.backup import RestoreResult
    from vetdesk.services.catalogue import CatalogueRow, ImportSummary
    from vetdesk.services.changes import ChangeSet
    from vetdesk.services.clauses import Saved
    from vetdesk.services.dashboard import Item
    from vetdesk.services.exams import Registered
    from vetdesk.services.exchange import ExchangeReport
    from vetdesk.services.exchange import Exported as ExchangeExported
    from vetdesk.services.importing import ImportReport, Table
    from vetdesk.services.pgroles import LoginRole
    from vetdesk.services.print_check import PrintCheck
    from vetdesk.services.records import ListQuery, Outcome
    from vetdesk.services.users import UserInfo
    from vetdesk.services.week_files import FilesChanged, WeekFile

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

    def create(self, kind: str, values: Mapping[str, Any], *, accept_warnings: bool = False,
               today: date | None = None) -> Outcome:
        from vetdesk.services import records

        return records.create(self, kind, values, accept_warnings=accept_warnings, today=today)

    def update(self, kind: str, record_id: int, values: Mapping[str, Any], *, accept_warnings: bool = False,
               expected_version: int | None = None, label: str | None = None) -> Outcome:
        from vetdesk.services import records

        return records.update(self, kind, record_id, values, accept_warnings=accept_warnings,
                              expected_version=expected_version, label=label)

    def record_signatures(self, agreement_id: int, dates: Mapping[str, Any], *, accept_warnings: bool = False,
                          expected_version: int | None = None, kind: str = "agreements") -> Outcome:
        """The signatures of a printed agreement (``kind``: a learning agreement, or "collaborations" for a
        school–company collaboration agreement) as they come in; once every party has signed it is "signed"."""
        from vetdesk.services import records

        return records.record_signatures(self, agreement_id, dates, accept_warnings=accept_warnings,
                                         expected_version=expected_version, kind_name=kind)

    def amend_agreement(self, agreement_id: int, values: Mapping[str, Any], *, accept_warnings: bool = False,
                        today: date | None = None) -> AmendmentOutcome:
        """Record an amendment to a signed agreement: from a day on, another rotation plan or end, for a reason
        (``values``: rotation_plan_id, end_date, effective_on, reason); the first signed annex stays as it was."""
        from vetdesk.services import amendments

        return amendments.record_amendment(self, agreement_id, values, accept_warnings=accept_warnings,
                                           today=today)

    def sign_amendment(self, agreement_id: int, dates: Mapping[str, Any], *, number: int | None = None,
                       accept_warnings: bool = False, today: date | None = None) -> AmendmentOutcome:
        """The parties' signatures of the agreement's amendment awaiting them, as they come in; once every party
        has signed, the agreement takes its terms, in effect from the day it states, else from that signing."""
        from vetdesk.services import amendments

        return amendments.sign_amendment(self, agreement_id, dates, number=number,
                                         accept_warnings=accept_warnings, today=today)

    def amendment_printed(self, agreement_id: int, number: int | None = None, *,
                          language: str | None = None) -> ChangeSet:
        """The agreement's amendment (the latest, or ``number``) was printed for signature: its first printing
        is the day it went out (signatures are recorded on it from then on), each one in the history."""
        from vetdesk.services import amendments

        return amendments.printed(self, agreement_id, number, language=language)

    def language_of_record(self, agreement_id: int) -> str | None:
        """The language the agreement went out for signature in (and was signed in): what it and its amendments
        print in unless another is asked (None: a draft, or unknown)."""
        from vetdesk.services import amendments

        return amendments.language_of_record(self, agreement_id)

    def amendment_translation_notice(self, agreement_id: int, language: str | None,
                                     number: int | None = None) -> str:
        """Amendment ``number`` (the latest) printed in ``language``, another than the agreement was signed in: that
        it is a translation, not valid for signature ("" in the language signed)."""
        from vetdesk.services import amendments

        return amendments.translation_notice(self, agreement_id, language, number)

    def delete(self, kind: str, record_id: int, *, label: str | None = None) -> ChangeSet:
        """A record entered by mistake; refused, with the reason, while anything depends on it."""
        from vetdesk.services import undo

        return undo.delete_record(self, kind, record_id, label=label)

    def deletion_refused(self, kind: str, record_id: int) -> list[Problem]:
        """Why :meth:`delete` would refuse this record (nothing when it may go), to say before asking."""
        from vetdesk.services import undo

        return undo.deletion_refused(self, kind, record_id)

    def undo_last(self, *, today: date | None = None) -> ChangeSet:
        """Take back the signed-in person's last change (Ctrl+Z, ``vetdesk undo``)."""
        from vetdesk.services import undo

        return undo.undo_last(self, today=today)

    def print_for_signature(self, agreement_ids: Sequence[int], *, today: date | None = None,
                            language: str | None = None, template: str | None = None,
                            translation: bool = False) -> ChangeSet:
        """The agreements' documents went out for signature: drafts among them become "printed", and each
        printing (day, layout, language, text version) is recorded in the agreement's history (``translation``:
        a copy to read in another language than the one to sign, recorded as one)."""
        from vetdesk.services import records

        return records.print_for_signature(self, agreement_ids, today=today, language=language, template=template,
                                           translation=translation)

    def record_printings(self, references: Sequence[str], document: str, *,
                         language: str | None = None) -> ChangeSet:
        """A progress report, an assessment form, a certificate or an amendment was produced from each of these
        agreements (by their references): each printing in its agreement's history, in one unit of work, for the
        agreements the signed-in user may print and see."""
        from vetdesk.services import documents

        return documents.record_printings(self, references, document, language)

    def sign_certificate(self, fields: Mapping[str, str], *, curp: str, digest: str | None = None) -> str:
        """The signed text a certificate's QR code carries (``services.signing.sign``), for a user who may print
        certificates; the office's signing key is made, as a unit of work of its own, the first time one is
        signed."""
        from vetdesk.services import documents, signing

        documents.may_print(self, "certificate")
        return signing.sign(self, dict(fields), curp=curp, actor=self.actor, digest=digest)

    def print_checks(self, agreement_ids: Sequence[int], *, today: date | None = None,
                     template: str | None = None, alternatives: bool = False,
                     language: str | None = None, translation: bool = False) -> dict[int, PrintCheck]:
        """May these drafts go out for signature? Asked before their documents are rendered, saved or sent to a
        printer: the drafts the change to "printed" would refuse or warn about, nothing written (``alternatives``:
        a refused one names another layout it may go out in)."""
        from vetdesk.services import print_check

        return print_check.print_checks(self, agreement_ids, actor=self.actor, today=today, template=template,
                                        alternatives=alternatives, language=language, translation=translation)

    def kept_text_note(self, agreement_id: int, language: str | None) -> str:
        """What a reprint says of its office text when the office edited it since the agreement went out for
        signature: it prints the version kept with the printing ("" when there is nothing to say)."""
        from vetdesk.services import print_check

        return print_check.kept_text_note(self, agreement_id, language, actor=self.actor)

    def office_text_notes(self, agreement_ids: Sequence[int], language: str) -> dict[int, Problem]:
        """The agreements whose document in ``language`` prints an office text behind another language's change
        (``clauses.agreement_text_notes``): the warning each is printed with, by id."""
        from vetdesk.services import clauses
        from vetdesk.services.uow import reading
        from vetdesk.storage.plain import SessionReads

        with reading(self, self.actor) as session:
            return clauses.agreement_text_notes(SessionReads(session), agreement_ids, language)

    def import_rows(self, kind: str, table: Table, mapping: Mapping[str, str | None],
                    **options: Any) -> ImportReport:
        from vetdesk.services import importing

        return importing.run_import(self, kind, table, mapping, **options)

    def import_file(self, kind: str, path: str | Path, **options: Any) -> ImportReport:
        from vetdesk.services import importing

        return importing.import_file(self, kind, path, **options)

    # -- the weekly reports (logbook) ------------------------------------------------------------------------

    def write_week(self, *, agreement_id: int, week: date, values: Mapping[str, Any],
                   today: date | None = None) -> Outcome:
        """What the apprentice wrote for the week holding ``week``; with ``status: submitted`` it is handed in."""
        from vetdesk.services import logbook

        return logbook.write_week(self, agreement_id=agreement_id, week=week, values=values, today=today)

    def hand_in_week(self, week_id: int, *, expected_version: int | None = None) -> Outcome:
        """A report on paper, keyed in by an officer, is handed in: it waits for the instructor's review."""
        from vetdesk.domain.logbook import WeekStatus
        from vetdesk.services import records

        return records.update(self, "logbook", week_id, {"status": WeekStatus.SUBMITTED.value},
                              expected_version=expected_version)

    def review_week(self, week_id: int, *, decision: str, note: str | None = None,
                    expected_version: int | None = None, today: date | None = None) -> Outcome:
        """The instructor's review of a handed-in report: ``approve`` (countersign), ``return`` with a note, or
        ``comment``."""
        from vetdesk.services import logbook

        return logbook.review(self, week_id, decision=decision, note=note, expected_version=expected_version,
                              today=today)

    def record_attendance(self, *, agreement_id: int, days: Mapping[date, str | None],
                          today: date | None = None) -> int:
        """Where the apprentice was on these days; how many days changed."""
        from vetdesk.services import logbook

        return logbook.record_attendance(self, agreement_id=agreement_id, days=days, today=today)

    def attach_to_week(self, week_id: int, files: Sequence[tuple[str, bytes]]) -> FilesChanged:
        """Attach files (name as given, content) to a weekly report: all or none."""
        from vetdesk.services import week_files

        return week_files.add_files(self, week_id, files)

    def remove_week_file(self, attachment_id: int) -> FilesChanged:
        from vetdesk.services import week_files

        return week_files.remove_file(self, attachment_id)

    def week_files(self, week_id: int) -> list[WeekFile]:
        from vetdesk.services import week_files

        return week_files.list_files(self, week_id)

    def read_week_file(self, attachment_id: int) -> tuple[WeekFile, bytes]:
        from vetdesk.services import week_files

        return week_files.read_file(self, attachment_id)

    def export_weeks(self, path: str | Path, *, instructor_id: int | None = None, company_id: int | None = None,
                     language: str | None = None, today: date | None = None) -> ExchangeExported:
        """The weekly-report exchange file of an instructor's or a company's apprentices (its writing audited)."""
        from vetdesk.services import exchange

        return exchange.export_workbook(self, path, instructor_id=instructor_id, company_id=company_id,
                                        language=language, today=today)

    def import_weeks(self, path: str | Path, *, take: Collection[int | str] | str = (), dry_run: bool = False,
                     approved_by: int | None = None, today: date | None = None) -> ExchangeReport:
        """An exchange file filled in by an instructor, taken back (``dry_run``: only checked); ``approved_by``:
        the instructor who filled in and approved a company's file."""
        from vetdesk.services import exchange

        return exchange.import_workbook(self, path, take=take, dry_run=dry_run, approved_by=approved_by,
                                        today=today)

    # -- progress: assessments, feedback, catalogue ------------------------------------------------------------

    def record_assessment(self, *, agreement_id: int, competency_code: str, level: int | str | None,
                          role: str | None = "instructor", on: date | None = None, comment: str | None = None,
                          evidence: str | None = None, rater: str | None = None, position_id: int | None = None,
                          today: date | None = None) -> Outcome:
        from vetdesk.services import assessments

        return assessments.record_assessment(self, agreement_id=agreement_id, competency_code=competency_code,
                                             level=level, role=role, on=on, comment=comment, evidence=evidence,
                                             rater=rater, position_id=position_id, today=today)

    def recognise_prior_learning(self, *, agreement_id: int, competency_code: str, on: date, evidence: str,
                                 rater: str | None = None, today: date | None = None) -> Outcome:
        from vetdesk.services import assessments

        return assessments.recognise_prior_learning(self, agreement_id=agreement_id, competency_code=competency_code,
                                                    on=on, evidence=evidence, rater=rater, today=today)

    def rate_position(self, *, agreement_id: int, position_id: int, ratings: Mapping[int, int | None],
                      on: date | None = None, rater: str | None = None, role: str | None = "instructor",
                      evidence: str | None = None, today: date | None = None) -> list[int]:
        from vetdesk.services import assessments

        return assessments.rate_position(self, agreement_id=agreement_id, position_id=position_id, ratings=ratings,
                                         on=on, rater=rater, role=role, evidence=evidence, today=today)

    def add_feedback(self, *, agreement_id: int, text: str, on: date | None = None, author: str | None = None,
                     role: str = "instructor", today: date | None = None) -> int:
        from vetdesk.services import assessments

        return assessments.add_feedback(self, agreement_id=agreement_id, text=text, on=on, author=author, role=role,
                                        today=today)

    def import_catalogue(self, programme_id: int, path: str | Path, *,
                         overrides: Mapping[str, str] | None = None) -> ImportSummary:
        from vetdesk.services import catalogue

        return catalogue.import_catalogue(self, programme_id, path, overrides=overrides)

    def save_catalogue(self, programme_id: int, rows: list[CatalogueRow], *, label: str | None = None,
                       start_position: int | None = None) -> ImportSummary:
        from vetdesk.services import catalogue

        return catalogue.save_catalogue(self, programme_id, rows, label=label, start_position=start_position)

    def enable_socioemotional(self, programme_id: int) -> int:
        from vetdesk.services import catalogue

        return catalogue.enable_socioemotional(self, programme_id)

    def set_scale(self, programme_id: int, scale: str | dict[str, Any]) -> None:
        from vetdesk.services import catalogue

        catalogue.set_scale(self, programme_id, scale)

    # -- agreements' and collaborations' papers ----------------------------------------------------------------

    def attach(self, *, agreement_id: int | None = None, collaboration_id: int | None = None, filename: str,
               content: bytes) -> int:
        """A scanned or signed file kept with an agreement or a collaboration agreement; its id."""
        from vetdesk.services import attachments

        return attachments.attach(self, agreement_id=agreement_id, collaboration_id=collaboration_id,
                                  filename=filename, content=content)

    def print_collaborations_for_signature(self, ids: Sequence[int], *, today: date | None = None,
                                           language: str | None = None) -> ChangeSet:
        from vetdesk.services import training

        return training.print_collaborations_for_signature(self, ids, today=today, language=language)

    def new_plan_version(self, plan_id: int, *, valid_from: date | None = None,
                         today: date | None = None) -> Outcome:
        from vetdesk.services import training

        return training.new_plan_version(self, plan_id, valid_from=valid_from, today=today)

    def register_for_exam(self, exam_id: int, agreement_ids: list[int], *, fee_paid: bool = False) -> Registered:
        from vetdesk.services import exams

        return exams.register(self, exam_id, agreement_ids, fee_paid=fee_paid)

    def record_resit(self, registration_id: int, exam_id: int, *, fee_paid: bool = False) -> int:
        from vetdesk.services import exams

        return exams.record_resit(self, registration_id, exam_id, fee_paid=fee_paid)

    def export_badges(self, programme_id: int, folder: str | Path, *, options: badges.Options | None = None,
                      today: date | None = None) -> list[badges.Exported]:
        """A signed badge for each apprentice of the programme who passed (the office's key made on first use)."""
        from vetdesk.services import badges

        return badges.export_programme(self, programme_id, folder, options=options or badges.Options(),
                                       today=today)

    # -- the dashboard's reminders ---------------------------------------------------------------------------

    def mark_done(self, item: Item) -> None:
        from vetdesk.services import reminders

        reminders.mark_done(self, item)

    def snooze(self, item_key: str, until: date, *, today: date | None = None) -> None:
        from vetdesk.services import reminders

        reminders.snooze(self, item_key, until, today=today)

    def reopen(self, item_key: str) -> None:
        from vetdesk.services import reminders

        reminders.reopen(self, item_key)

    # -- the office's set-up -----------------------------------------------------------------------------------

    def save_settings(self, changes: dict[str, Any]) -> None:
        from vetdesk.services import settings

        settings.save_office_settings(self, changes)

    def save_text(self, document: str, language: str, body: str, *,
                  sample: Mapping[str, Any] | None = None) -> Saved:
        """The office's own wording of a document's clauses (checked against every sample first), with the other
        languages it leaves behind (``Saved.warnings``)."""
        from vetdesk.services import clauses

        return clauses.save(self, document, language, body, sample=sample)

    def reset_text(self, document: str, language: str) -> Saved:
        from vetdesk.services import clauses

        return clauses.reset(self, document, language)

    def fill_demo(self, *, apprentices: int = 300, seed: int = 1, into_existing: bool = False,
                  today: date | None = None) -> dict[str, int]:
        from vetdesk.services import demo

        return demo.fill_demo(self, apprentices=apprentices, seed=seed, into_existing=into_existing, today=today)

    def anonymise_ended(self, *, years: int, today: date | None = None) -> int:
        from vetdesk.services import privacy

        return privacy.anonymise_ended(self, years=years, today=today)

    def restore(self, source: str | Path, *, progress: Callable[[str], None] | None = None) -> RestoreResult:
        """Replace the database by a backup (an administrator's; the database as it was is kept)."""
        from vetdesk.services import backup

        return backup.restore_database(self, source, progress=progress)

    # -- users -------------------------------------------------------------------------------------------------

    def create_user(self, *, username: str, password: str, role: str, full_name: str | None = None,
                    instructor_id: int | None = None) -> UserInfo:
        from vetdesk.services import users

        return users.create_user(self, username=username, password=password, role=role, full_name=full_name,
                                 instructor_id=instructor_id)

    def set_user_active(self, *, username: str, active: bool) -> UserInfo:
        from vetdesk.services import users

        return users.set_active(self, username=username, active=active)

    def change_role(self, *, username: str, role: str, instructor_id: int | None = None) -> UserInfo:
        from vetdesk.services import users

        return users.change_role(self, username=username, role=role, instructor_id=instructor_id)

    def may_change_password(self, username: str) -> None:
        """Refused (before a new password is asked for) when the signed-in user may not set ``username``'s."""
        from vetdesk.services import users

        users.may_change_password(self, username)

    def may_manage_users(self) -> None:
        """Refused (before anything is asked for) when the signed-in user's role may not manage users."""
        from vetdesk.services import users

        users.may_manage_users(self)

    def change_password(self, *, username: str, password: str) -> None:
        from vetdesk.services import users

        users.change_password(self, username=username, password=password)

    def setup_pg_roles(self, *, owner_password: str | None = None) -> tuple[tuple[str, str, str], list[LoginRole]]:
        """``vetdesk admin pg-setup``: this PostgreSQL database's roles (owner, office users, administrators, by
        name) made or brought up to date, and a login per active user (``pgroles.setup_roles``)."""
        from vetdesk.services import pgroles

        logins = pgroles.setup_roles(self, owner_password=owner_password)
        return pgroles.role_names(pgroles.database_name(self)), logins

