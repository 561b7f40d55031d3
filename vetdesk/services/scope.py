"""A role's scope: the one rule of which rows a signed-in user may see or touch, applied to every session.

An instructor sees and writes only what concerns the apprentices they instruct: the agreements naming them
as instructor, those agreements' apprentices, assessments, feedback, rotation periods and attachments (the
weekly reports' files too), and the history of those records and of their own actions. Every other role sees
every row its role may read at all (``domain.permissions`` says which actions and kinds).

The rule is not applied by each query: :func:`bind` marks a session with its actor, and every ORM statement
that session runs (a ``select``, a ``Session.get``, a relationship's lazy load, an ORM ``update`` or
``delete``) has the instructor's criteria added by SQLAlchemy's ``with_loader_criteria``. A list, a document,
a figure, an export, a check or a history built by any service therefore holds only the instructor's rows,
and a service added later cannot forget it. A row outside the scope simply does not exist for the
instructor: "there is no apprentice with id 7", never its name.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, event, or_, select
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria

from vetdesk.services.actors import Actor
from vetdesk.storage.models import (
    Apprentice,
    Assessment,
    Attachment,
    AuditEntry,
    FeedbackNote,
    LearningAgreement,
    LogbookWeek,
    PositionPeriod,
    User,
    WeekAttachment,
)

_KEY = "vetdesk.actor"


def bind(session: Session, actor: Actor) -> Session:
    """Mark ``session`` as working for ``actor``: its statements keep to the actor's scope."""
    session.info[_KEY] = actor
    return session


def actor_of(session: Session) -> Actor | None:
    return session.info.get(_KEY)


def scoped(actor: Actor | None) -> bool:
    """Whether ``actor`` sees only part of the rows (an instructor)."""
    return actor is not None and actor.role == "instructor"


def _criteria(actor: Actor) -> list[Any]:
    me = actor.instructor_id if actor.instructor_id is not None else -1
    own_agreements = select(LearningAgreement.id).where(LearningAgreement.instructor_id == me)
    own_apprentices = select(LearningAgreement.apprentice_id).where(LearningAgreement.instructor_id == me)
    own_assessments = select(Assessment.id).where(Assessment.agreement_id.in_(own_agreements))
    own_feedback = select(FeedbackNote.id).where(FeedbackNote.agreement_id.in_(own_agreements))
    return [
        with_loader_criteria(LearningAgreement, LearningAgreement.instructor_id == me, include_aliases=True),
        with_loader_criteria(Apprentice, Apprentice.id.in_(own_apprentices), include_aliases=True),
        with_loader_criteria(Assessment, Assessment.agreement_id.in_(own_agreements), include_aliases=True),
        with_loader_criteria(FeedbackNote, FeedbackNote.agreement_id.in_(own_agreements), include_aliases=True),
        with_loader_criteria(PositionPeriod, PositionPeriod.agreement_id.in_(own_agreements),
                             include_aliases=True),
        with_loader_criteria(Attachment, Attachment.agreement_id.in_(own_agreements), include_aliases=True),
        with_loader_criteria(WeekAttachment, WeekAttachment.week_id.in_(
            select(LogbookWeek.id).where(LogbookWeek.agreement_id.in_(own_agreements))), include_aliases=True),
        with_loader_criteria(User, User.username == (actor.username or ""), include_aliases=True),
        with_loader_criteria(AuditEntry, or_(
            AuditEntry.username == (actor.username or ""),
            and_(AuditEntry.kind == "agreements", AuditEntry.record_id.in_(own_agreements)),
            and_(AuditEntry.kind == "apprentices", AuditEntry.record_id.in_(own_apprentices)),
            and_(AuditEntry.kind == "assessments", AuditEntry.record_id.in_(own_assessments)),
            and_(AuditEntry.kind == "feedback", AuditEntry.record_id.in_(own_feedback)),
        ), include_aliases=True),
    ]


@event.listens_for(Session, "do_orm_execute")
def _keep_to_scope(state: ORMExecuteState) -> None:
    actor = actor_of(state.session)
    if not scoped(actor) or state.is_column_load:
        return
    if state.is_select or state.is_update or state.is_delete:
        assert actor is not None
        state.statement = state.statement.options(*_criteria(actor))
