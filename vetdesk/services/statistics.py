"""Anonymised figures for reporting (no personal data): counts by programme, company, state, sex, age band
and status."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from vetdesk.domain import permissions
from vetdesk.domain.dates import age_on
from vetdesk.domain.problems import RuleViolation
from vetdesk.i18n import _
from vetdesk.services.uow import SYSTEM, Actor, acting, reading
from vetdesk.storage.engine import Database
from vetdesk.storage.models import Apprentice, Company, LearningAgreement, Programme

AGE_BANDS = ((0, 15, "<15"), (15, 16, "15"), (16, 17, "16"), (17, 18, "17"), (18, 21, "18-20"),
             (21, 200, "21+"))
#: Groups smaller than this are shown as "<5" so no single apprentice can be singled out.
MIN_CELL = 5


def statistics(db: Database, *, actor: Actor = SYSTEM) -> list[dict[str, Any]]:
    """Rows of (dimension, value, status, count) over all agreements; counts below MIN_CELL are masked."""
    problems = permissions.check(acting(db, actor).role, permissions.Action.STATISTICS)
    if problems:
        raise RuleViolation(problems)
    dimensions = {
        "programme": Programme.name,
        "company": Company.name,
        "state": func.coalesce(Company.state, ""),
        "sex": Apprentice.sex,
    }
    rows: list[dict[str, Any]] = []
    with reading(db) as session:
        base = (select(LearningAgreement.status, func.count()).join(Apprentice, Apprentice.id ==
                LearningAgreement.apprentice_id).join(Company, Company.id == LearningAgreement.company_id)
                .join(Programme, Programme.id == LearningAgreement.programme_id))
        for name, column in dimensions.items():
            stmt = base.add_columns(column.label("value")).group_by(column, LearningAgreement.status)
            for status, count, value in session.execute(stmt):
                rows.append({"dimension": name, "value": value, "status": status, "count": count})
        bands: Counter[tuple[str, str]] = Counter()
        for status, birth, start in session.execute(
                select(LearningAgreement.status, Apprentice.birth_date, LearningAgreement.start_date)
                .join(Apprentice, Apprentice.id == LearningAgreement.apprentice_id)):
            age = age_on(birth, start)  # age on the agreement's start date
            bands[(next(label for lo, hi, label in AGE_BANDS if lo <= age < hi), status)] += 1
        rows += [{"dimension": "age_band", "value": b, "status": st, "count": n}
                 for (b, st), n in bands.items()]
    for r in rows:
        if r["count"] < MIN_CELL:
            r["count"] = f"<{MIN_CELL}"
    rows.sort(key=lambda r: (r["dimension"], str(r["value"]), r["status"]))
    return rows


def export_statistics(db: Database, path: Path, *, actor: Actor = SYSTEM) -> int:
    rows = statistics(db, actor=actor)
    from vetdesk.services.exporting import export_rows

    if path.suffix.lower() == ".xlsx":
        headers = [_("Dimension"), _("Value"), _("Status"), _("Count")]
    else:
        headers = ["dimension", "value", "status", "count"]
    export_rows(path, headers, [[r["dimension"], r["value"], r["status"], r["count"]] for r in rows],
                sheet_title=_("Statistics"))
    return len(rows)
