"""What a field offers to choose where its choices are not every record of its kind: a choice that follows
other fields of its record (``Field.follows``: an agreement's instructors are its company's, its rotation plans
the company's for its programme, its academic tutors its school's; an assessment's competencies, learning
positions and levels are its agreement's), and a list of records to tick (a learning position's competencies,
each with its programme).

The window's forms ask here, whatever the kind of the record they show: a field declares what it follows, and
the form offers anew whenever one of those fields changes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from vetdesk.domain import scales
from vetdesk.services import lookups, records, references, training
from vetdesk.storage.engine import Database

#: (database, the values of the fields followed, none empty) -> (label, value) to choose from.
Chooser = Callable[[Database, Mapping[str, Any]], list[tuple[str, Any]]]


def offered(db: Database, kind: str, name: str, values: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """(label, value) the field ``name`` of a record of ``kind`` offers, given the record's values now (at least
    the fields it follows): nothing while one of them is empty. A reference that follows fields its referenced
    records hold too (an instructor's ``company_id``) offers those records the signed-in user may pick; the others
    are said below, by what they offer."""
    spec = records.kind(kind).field(name)
    if spec is None or not spec.follows:
        return []
    given = {f: values.get(f) for f in spec.follows}
    if any(v in (None, "") for v in given.values()):
        return []
    chooser = _CHOOSERS.get((kind, name))
    if chooser is not None:
        return chooser(db, given)
    assert spec.ref_kind is not None, (kind, name)
    return references.reference_choices(db, spec.ref_kind, **given)


def followers(kind: str) -> dict[str, tuple[str, ...]]:
    """Each field of ``kind`` that others follow -> those fields, in the kind's order."""
    out: dict[str, tuple[str, ...]] = {}
    for spec in records.kind(kind).fields:
        for followed in spec.follows:
            out[followed] = (*out.get(followed, ()), spec.name)
    return out


def ticked(db: Database, kind: str) -> list[tuple[str, int]]:
    """(label, id) of the records of ``kind`` a list of them offers to tick, in list order: competencies each with
    its programme (a learning position may teach several programmes' "M1": told apart), others as their lists
    name them."""
    chooser = _TICKED.get(kind)
    return chooser(db) if chooser is not None else named(db, kind)


def named(db: Database, kind: str, **filters: Any) -> list[tuple[str, int]]:
    """(name, id) of the records of ``kind`` in list order, named as lists name them (a competency by its code
    and title), optionally filtered (company_id=…)."""
    ids = records.list_ids(db, kind, records.ListQuery(**filters))
    names = records.display_names(db, kind, ids) if ids else {}
    return [(names.get(i) or f"#{i}", i) for i in ids]


def _plans(db: Database, given: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """The company's rotation plans for the programme, each version with its positions and weeks."""
    plans = lookups.rotation_plans(db, company_id=given["company_id"], programme_id=given["programme_id"])
    return [(f"{p.label} ({p.detail})" if p.detail else p.label, p.id) for p in plans]


def _programme_of(db: Database, agreement_id: int) -> dict[str, Any] | None:
    agreement = records.get_many(db, "agreements", [agreement_id]).get(agreement_id)
    return records.get(db, "programmes", agreement["programme_id"]) if agreement is not None else None


def _competencies(db: Database, given: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """The competencies of the agreement's programme, in its catalogue's order."""
    programme = _programme_of(db, given["agreement_id"])
    return [(f"{c['code']} {c['title']}", c["id"]) for c in (programme or {}).get("competencies", [])]


def _positions(db: Database, given: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """The learning positions of the agreement's plan, in its order."""
    if not records.get_many(db, "agreements", [given["agreement_id"]]):
        return []
    rotation = records.get(db, "agreements", given["agreement_id"]).get("rotation") or []
    return [(f"{r['sequence']}. {r['position']}", r["position_id"]) for r in rotation]


def _levels(db: Database, given: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """The levels of the agreement's programme's scale, each with its word."""
    programme = _programme_of(db, given["agreement_id"])
    if programme is None:
        return []
    scale = programme.get("scale") or scales.FOUR_LEVELS
    return [(scales.level_label(scale, v) if scale.get("kind") == "points"
             else f"{v} — {scales.level_label(scale, v)}", v) for v in scales.allowed_values(scale)]


#: The choices that follow fields their referenced records do not hold (kind, field) -> what they offer.
_CHOOSERS: dict[tuple[str, str], Chooser] = {
    ("agreements", "rotation_plan_id"): _plans,
    ("assessments", "competency_id"): _competencies,
    ("assessments", "position_id"): _positions,
    ("assessments", "level"): _levels,
}
#: Kinds a list to tick offers otherwise than by their names.
_TICKED: dict[str, Callable[[Database], list[tuple[str, int]]]] = {
    "competencies": lambda db: training.competency_choices(db),
}
