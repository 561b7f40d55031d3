"""Office settings kept in the database (letterhead, rule thresholds). PC settings live in QSettings."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vetdesk.domain.rules import DEFAULT_INSTRUCTOR_CAPACITY, Thresholds
from vetdesk.i18n import _
from vetdesk.services.uow import SYSTEM, Actor, reading, unit_of_work
from vetdesk.storage.engine import Database
from vetdesk.storage.models import Setting

DEFAULTS: dict[str, Any] = {
    "chamber_name": "Cámara Mexicano-Alemana de Comercio e Industria (CAMEXA)",
    "chamber_address": "Av. Santa Fe 170, Lomas de Santa Fe, 01219 Ciudad de México",
    "chamber_logo": "",
    "chamber_place": "Ciudad de México",
    "instructor_capacity": DEFAULT_INSTRUCTOR_CAPACITY,
    "weeks_without_assessment": 6,
    "expiry_notice_days": 30,
    "anonymise_after_years": 5,
}


def _load(session: Session) -> dict[str, Any]:
    stored = {row.key: json.loads(row.value) for row in session.scalars(select(Setting))}
    return DEFAULTS | stored


def thresholds(session: Session) -> Thresholds:
    s = _load(session)
    return Thresholds(instructor_capacity=int(s["instructor_capacity"]),
                      weeks_without_assessment=int(s["weeks_without_assessment"]),
                      expiry_notice_days=int(s["expiry_notice_days"]))


def office_settings(db: Database) -> dict[str, Any]:
    with reading(db) as session:
        return _load(session)


def save_office_settings(db: Database, changes: dict[str, Any], *, actor: Actor = SYSTEM) -> None:
    with unit_of_work(db, _("Change office settings"), actor, permission="settings") as uow:
        before = _load(uow.session)
        for key, value in changes.items():
            if key not in DEFAULTS:
                raise KeyError(key)
            row = uow.session.get(Setting, key)
            if row is None:
                uow.session.add(Setting(key=key, value=json.dumps(value)))
            else:
                row.value = json.dumps(value)
        uow.audit(kind="settings", record_id=None, action="update",
                  before={k: before.get(k) for k in changes}, after=dict(changes))
