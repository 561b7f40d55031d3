"""Short lists to choose from (the agreement wizard's pickers): records matching a search, one line each.

Everything goes through :func:`vetdesk.services.records.list_records` and its :class:`ListQuery`, so a
search here matches exactly what ``vetdesk list --search`` matches; a company's rotation plans for a programme,
with their positions and weeks counted, are read here.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from vetdesk.i18n import _, ngettext, shown_day, upper_first
from vetdesk.services import records
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
    """The field that names one record of ``kind`` to people, beside its id: the natural key (a programme's
    code, a company's RFC, a school's CCT, a CURP, an e-mail) or a document's reference (an agreement's
    CA-2027-000012); None for a kind that has none (its records are named by id)."""
    k = records.kind(kind)
    if k.natural_key:
        return k.natural_key
    return "reference" if k.field("reference") is not None else None


def record_id_of(db: Database, kind: str, given: str) -> int:
    """The id of the record of ``kind`` that ``given`` names: its id (digits), else its code or number
    (:func:`key_field`: compared without case or surrounding spaces), among the records the signed-in user may
    see. Refused, saying what to do, when none or several match."""
    from vetdesk.domain.bounds import MAX_ID, whole_number_in
    from vetdesk.domain.problems import RuleViolation, error
    from vetdesk.services.records import _reader, list_statement

    text = given.strip()
    number = whole_number_in(text, 1, MAX_ID) if text.isdigit() else None
    if number is not None:
        return number
    k = records.kind(kind)
    name = key_field(kind)
    if name is None:
        raise RuleViolation([error("", _(
            "{kinds} are named by their number (id), not by a code: find it with vetdesk list {kind} --search "
            "{text}.").format(kinds=upper_first(_(k.plural)), kind=kind, text=text[:40]), "lookup.no_key")])
    title = k.field(name).title()  # type: ignore[union-attr]  # the key is one of the kind's fields
    column = getattr(k.model, name)
    reader = _reader(db, SYSTEM, k)  # the signed-in user, who may read the kind at all
    with reading(db) as session:
        stmt = list_statement(k, records.ListQuery(), reader).with_only_columns(k.model.id) \
            .where(func.upper(func.trim(column)) == text.upper()).limit(6)
        found = list(session.scalars(stmt))
    if not found:
        raise RuleViolation([error("", _(
            "No {kind} found for {field}: {value}. Check it, or find the record with vetdesk list {kinds} "
            "--search and give its number (id).").format(kind=_(k.singular), field=title, value=text[:40], kinds=kind),
            "lookup.none")])
    if len(found) > 1:
        shown = ", ".join(str(i) for i in found[:5]) + (", …" if len(found) > 5 else "")
        raise RuleViolation([error("", _(
            "Several {kinds} found for {field}: {value} (ids {ids}). Give the number (id) of the one you mean.")
            .format(kinds=_(k.plural), field=title, value=text[:40], ids=shown), "lookup.several")])
    return int(found[0])
