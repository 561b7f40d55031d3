"""The first start: is there anything in this database yet?"""

from __future__ import annotations

from sqlalchemy import select

from vetdesk.services.uow import reading
from vetdesk.storage.engine import Database
from vetdesk.storage.models import Apprentice, Company, LearningAgreement

#: The records whose presence means an office has started working with this database.
_WORK = (Company, Apprentice, LearningAgreement)


def database_is_empty(db: Database) -> bool:
    """True when the database holds no company, apprentice or learning agreement at all.

    Only existence is asked (one indexed probe per table), so this stays instant on a large database and
    tells nothing about the records themselves: any signed-in role may ask it.
    """
    with reading(db) as session:
        return all(session.scalar(select(model.id).limit(1)) is None for model in _WORK)
