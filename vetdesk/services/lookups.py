"""Short lists to choose from (the agreement wizard's pickers): records matching a search, one line each.

Everything goes through :func:`vetdesk.services.records.list_records` and its :class:`ListQuery`, so a
search here matches exactly what ``vetdesk list --search`` matches; a company's rotation plans for a programme,
with their positions and weeks counted, are read here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from vetdesk.i18n import _, ngettext, shown_day
from vetdesk.services import named_lists, records
from vetdesk.services.actors import SYSTEM
from vetdesk.services.uow import reading
from vetdesk.storage.engine import Database
from vetdesk.storage.models import RotationPlan, RotationStep

#: How many matches a picker shows; the officer narrows the search to see others.
LIMIT = 100


@dataclass(frozen=True)
class Choice:
    """One line of a picker: the record's id, its name and a second line that tells look-alikes apart."""

    id: int
    label: str
    detail: str = ""


def choices(db: Database, kind: str, *, search: str | None = None, company_id: int | None = None,
            school_id: int | None = None, limit: int = LIMIT) -> list[Choice]:
    """Up to ``limit`` records of ``kind`` matching ``search`` (and the company or school), in list order."""
    query = records.ListQuery(search=search or None, company_id=company_id, school_id=school_id)
    k = records.kind(kind)
    return [Choice(r["id"], k.picker_label(r), k.picker_line(r))
            for r in records.list_records(db, kind, query, limit=limit) if not r.get("retired_on")]


def told_apart(db: Database, kind: str, ids: list[int]) -> dict[int, str]:
    """Each record of a kind told apart by others (``RecordKind.told_apart_by``) as a person tells it apart: its
    name and theirs, "CA-2027-000047 · Itzel Ortiz · Sensores Bavaria S.A.P.I. de C.V." (an agreement: its
    reference, apprentice and company), as offered under a field and shown once chosen."""
    from vetdesk.services import references

    k = records.kind(kind)
    rows = records.get_many(db, kind, ids)
    refs = [(name, spec.ref_kind) for name in k.told_apart_by
            if (spec := k.field(name)) is not None and spec.ref_kind]
    names = references.display_names_of(db, {ref: [int(r[name]) for r in rows.values() if r.get(name)]
                                             for name, ref in refs})
    out = {}
    for record_id, row in rows.items():
        parts = [k.picker_label(row)] + [names[ref].get(int(row.get(name) or 0), "") for name, ref in refs]
        out[record_id] = " · ".join(p for p in parts if p)
    return out


def rotation_plans(db: Database, *, company_id: int, programme_id: int) -> list[Choice]:
    """The company's rotation plans for the programme (each version), with their number of positions and
    weeks; the newest version of a plan first."""
    with reading(db) as session:
        rows = session.execute(
            select(RotationPlan.id, RotationPlan.name, RotationPlan.plan_version, RotationPlan.valid_until,
                   func.count(RotationStep.id), func.coalesce(func.sum(RotationStep.weeks), 0))
            .outerjoin(RotationStep, RotationStep.plan_id == RotationPlan.id)
            .where(RotationPlan.company_id == company_id, RotationPlan.programme_id == programme_id)
            .group_by(RotationPlan.id, RotationPlan.name, RotationPlan.plan_version, RotationPlan.valid_until)
            .order_by(RotationPlan.name, RotationPlan.plan_version.desc(), RotationPlan.id)).all()
    out = []
    for plan_id, name, version, until, n, weeks in rows:
        parts = [ngettext("{n} learning position", "{n} learning positions", int(n)).format(n=n),
                 ngettext("{n} week", "{n} weeks", int(weeks)).format(n=weeks)]
        if until is not None:
            parts.append(_("valid until {date}").format(date=shown_day(until)))
        label = name if version == 1 else _("{name}, version {version}").format(name=name, version=version)
        out.append(Choice(int(plan_id), label, " · ".join(parts)))
    return out


def key_field(kind: str) -> str | None:
    """The field that names one record of ``kind`` to people, beside its id (:func:`named_lists.key_field`)."""
    return named_lists.key_field(kind)


def record_id_of(db: Database, kind: str, given: str | int, *, company_id: int | None = None) -> int:
    """The id of the record of ``kind`` that ``given`` names: its id (digits), else its code or number
    (:func:`key_field`: compared without case or surrounding spaces; a competency by ``PROGRAMME/CODE`` or its
    code alone where no other programme uses it; a learning position by its name within ``company_id``), among
    the records the signed-in user may see. Refused, saying what to do, when none or several match. The one
    place an id or code is read: every command, and the FIELD=VALUE of an id field (:func:`id_named`)."""
    from vetdesk.domain.problems import RuleViolation, error
    from vetdesk.services.records import _reader

    if isinstance(given, int) and not isinstance(given, bool):
        return given
    _reader(db, SYSTEM, records.kind(kind))  # the signed-in user, who may read the kind at all
    with reading(db) as session:  # working for the signed-in user: the records of their scope only
        found, message = id_named(session, kind, str(given), company_id=company_id)
    if found is None:
        raise RuleViolation([error("", message or "", "lookup.none")])
    return found


def id_named(session: Any, kind: str, given: str, *, company_id: int | None = None) -> tuple[int | None, str | None]:
    """The id of the record of ``kind`` that ``given`` names (as :func:`record_id_of`), read in ``session``
    among the records its user may see (:func:`named_lists.id_named`): (id, None), or (None, what to do)."""
    return named_lists.id_named(session, kind, given, within=company_id)
