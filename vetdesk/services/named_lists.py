"""Lists of records written as people write them: a learning position's competencies by their codes (``M10, M11``)
and a rotation plan's steps by the positions' names (``Almacén:26, Taller:26``), in a spreadsheet, on the command
line or in a form. They are read to the records' numbers before the values are checked; numbers are taken as they
are. Both the record services and the import call :func:`resolve`, so every path reads them the same way."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from vetdesk.domain import normalize
from vetdesk.domain.problems import Problem, error
from vetdesk.i18n import _, upper_first
from vetdesk.services.fields import Field, quoted
from vetdesk.storage.models import Competency, LearningPosition

_SPLIT = re.compile(r"[,;\n]+")


def _names(text: str) -> list[str]:
    return [p.strip() for p in _SPLIT.split(text) if p.strip()]


def key_field(kind: str) -> str | None:
    """The field that names one record of ``kind`` to people, beside its id: the natural key (a programme's
    code, a company's RFC, a school's CCT, a CURP, an e-mail) or a document's reference (an agreement's
    CA-2027-000012); None for a kind that has none (its records are named by id, or within another's:
    :func:`_key_within`)."""
    from vetdesk.services.kinds import KINDS

    k = KINDS[kind]
    if k.natural_key:
        return k.natural_key
    return "reference" if k.field("reference") is not None else None


def _key_within(k: Any) -> tuple[str, str] | None:
    """(the field of the record it belongs to, the field that names it there) for a kind whose records are named
    within another's: a competency by its code within its programme, a learning position by its name within its
    company (the kind's unique key of a reference and one field); None for any other."""
    for names in k.unique:
        if len(names) == 2:
            owner = k.field(names[0])
            if owner is not None and owner.ref_kind:
                return names[0], names[1]
    return None


def id_named(session: Session, kind: str, given: str, *, within: int | None = None,
             also: Any = None) -> tuple[int | None, str | None]:
    """The id of the record of ``kind`` that ``given`` names: its id (digits), else its code or number
    (:func:`key_field`, without case or surrounding spaces), or, for a kind named within another's
    (:func:`_key_within`), ``OWNER/NAME`` (``MECA/MEC-03``) or the name alone where one record has it (among
    those of ``within``, the owner's id, when given; without case or accents), among the records the
    session's user may see (:func:`visible`; ``also``: a statement of the ids of more records of ``kind`` to
    look among). (id, None), or (None, what to do) when none or several match: a record outside the
    user's scope reads exactly like one that does not exist. The one place a record named on the command line
    or in FIELD=VALUE is read."""
    from vetdesk.domain.bounds import MAX_ID, whole_number_in
    from vetdesk.services.kinds import KINDS

    text = given.strip()
    if text.isdigit():
        number = whole_number_in(text, 1, MAX_ID)
        if number is not None:
            return number, None
    k = KINDS[kind]
    base: Any = visible(session, k, also)
    name = key_field(kind)
    if name is not None:
        column = getattr(k.model, name)
        stmt = base.with_only_columns(k.model.id).where(func.upper(func.trim(column)) == text.upper()).limit(6)
        return _one(k, k.field(name).title(), text, list(session.scalars(stmt)))  # type: ignore[union-attr]
    owned = _key_within(k)
    if owned is None:
        return None, _(
            "{kinds} are named by their number (id), not by a code: find it with vetdesk list {kind} --search "
            "{text}.").format(kinds=upper_first(_(k.plural)), kind=kind, text=text[:40])
    owner_field, name = owned
    owner_kind = str(k.field(owner_field).ref_kind)  # type: ignore[union-attr]
    title = k.field(name).title()  # type: ignore[union-attr]
    owner_text, slash, own = text.rpartition("/")
    stmt = base.with_only_columns(k.model.id, getattr(k.model, name), getattr(k.model, owner_field))
    if slash and owner_text.strip():
        # The owner among those the user may see, and those of the records they may see (an instructor names
        # their own company's position by the company's RFC, though companies are not theirs to read).
        owner, message = id_named(session, owner_kind, owner_text,
                                  also=base.with_only_columns(getattr(k.model, owner_field)))
        if owner is None:
            return None, message
        stmt = stmt.where(getattr(k.model, owner_field) == owner)
    elif within is not None:
        stmt = stmt.where(getattr(k.model, owner_field) == within)
    wanted = normalize.fold(own.strip())
    found = [(i, owner) for i, value, owner in session.execute(stmt) if normalize.fold(value or "") == wanted]
    if len(found) > 1:
        owner_key = key_field(owner_kind)
        example = own.strip()
        if owner_key is not None:
            first = session.get(KINDS[owner_kind].model, found[0][1])
            example = f"{getattr(first, owner_key, '')}/{own.strip()}"
        return None, _("Several {kinds} have {field} {value} (ids {ids}): write the code of the {owner} it "
                       "belongs to and a slash before it, e.g. {example}, or its number (id).").format(
            kinds=_(k.plural), field=title, value=own.strip()[:40], owner=_(KINDS[owner_kind].singular),
            example=example[:60], ids=", ".join(str(i) for i, _o in found[:5]) + (", …" if len(found) > 5 else ""))
    return _one(k, title, text, [i for i, _o in found])


def visible(session: Session, k: Any, also: Any = None) -> Any:
    """The statement of the records of kind ``k`` the user ``session`` works for may see (the role's scope,
    :meth:`~vetdesk.services.kinds.RecordKind.rows_for`; every record for a session working for no one), and
    those whose ids the statement ``also`` selects."""
    from vetdesk.services.scope import actor_of

    stmt = select(k.model)
    rows = k.rows_for(actor_of(session))
    if rows is None:
        return stmt
    return stmt.where(rows if also is None else or_(rows, k.model.id.in_(also)))


def _one(k: Any, title: str, text: str, found: list[int]) -> tuple[int | None, str | None]:
    if not found:
        return None, _(
            "No {kind} found for {field}: {value}. Check it, or find the record with vetdesk list {kinds} "
            "--search and give its number (id).").format(kind=_(k.singular), field=title, value=text[:40],
                                                         kinds=k.name)
    if len(found) > 1:
        shown = ", ".join(str(i) for i in found[:5]) + (", …" if len(found) > 5 else "")
        return None, _(
            "Several {kinds} found for {field}: {value} (ids {ids}). Give the number (id) of the one you mean.") \
            .format(kinds=_(k.plural), field=title, value=text[:40], ids=shown)
    return int(found[0]), None


def resolve(session: Session, fields: tuple[Field, ...], raw: Mapping[str, Any],
            company_id: int | None, agreement_id: int | None = None) -> tuple[dict[str, Any], list[Problem]]:
    """``raw`` with competency codes and position names replaced by record numbers (``company_id``: whose
    positions a plan's steps name), and why a code or name names no record or several."""
    out, problems = dict(raw), []
    # A record named by its code or number (programme_id=MECA, school_id=22DPT0004Q, agreement_id=CA-2026-000001),
    # read as the commands read one (lookups.id_named); a learning position by its name within the company (the
    # one given, else the agreement's), once the others are read.
    for f in sorted((f for f in fields if f.ref_kind), key=lambda f: f.name == "position_id"):
        value = out.get(f.name)
        if not isinstance(value, str) or not value.strip() or value.strip().isdigit():
            continue
        company = _company(session, out, company_id, agreement_id) if f.name == "position_id" else None
        number, message = id_named(session, str(f.ref_kind), value, within=company)
        if number is None:
            problems.append(error(f.name, f"{f.title()}: {message}", "ref.named"))
            out.pop(f.name)  # said once: not read again as a number
        else:
            out[f.name] = number
    if "company_id" in out and company_id is None:
        company_id = _company(session, out, None, None)
    for f in fields:
        value = raw.get(f.name)
        if not isinstance(value, str) or not value.strip():
            continue
        if f.type == "ids:competencies":
            out[f.name], found = _competencies(session, f, value)
        elif f.type == "steps":
            out[f.name], found = _steps(session, f, value, company_id)
        else:
            continue
        problems += found
    return out, problems


def _company(session: Session, values: Mapping[str, Any], company_id: int | None,
             agreement_id: int | None) -> int | None:
    """The company whose learning positions a name is looked up among: the one given, else the agreement's."""
    from vetdesk.storage.models import LearningAgreement

    given = values.get("company_id")
    if isinstance(given, int) and not isinstance(given, bool):
        return given
    if isinstance(given, str) and given.strip().isdigit():
        return int(given)
    if company_id is not None:
        return company_id
    agreement = values.get("agreement_id", agreement_id)
    if isinstance(agreement, str) and agreement.strip().isdigit():
        agreement = int(agreement)
    if isinstance(agreement, int) and not isinstance(agreement, bool):
        return session.scalar(select(LearningAgreement.company_id).where(LearningAgreement.id == agreement))
    return None


def _competencies(session: Session, f: Field, value: str) -> tuple[str, list[Problem]]:
    parts = re.split(r"[\s,;]+", value.strip())
    codes = {normalize.fold(p) for p in parts if p and not p.isdigit()}
    if not codes:
        return value, []
    found: dict[str, list[int]] = {}
    for cid, code in session.execute(select(Competency.id, Competency.code)):
        if normalize.fold(code) in codes:
            found.setdefault(normalize.fold(code), []).append(cid)
    ids: list[str] = []
    problems: list[Problem] = []
    for part in (p for p in parts if p):
        if part.isdigit():
            ids.append(part)
            continue
        if "/" in part:  # PROGRAMME/CODE, as a competency is named wherever one is taken
            number, message = id_named(session, "competencies", part)
            if number is None:
                problems.append(error(f.name, f"{f.title()}: {message}", "ids.unknown_code"))
            else:
                ids.append(str(number))
            continue
        matches = found.get(normalize.fold(part), [])
        if len(matches) == 1:
            ids.append(str(matches[0]))
        elif not matches:
            problems.append(error(f.name, _("{label}: no competency of the catalogue has the code {code}. Check "
                                            "the code, or write the competency's number.").format(
                label=f.title(), code=quoted(part)), "ids.unknown_code"))
        else:
            problems.append(error(f.name, _("{label}: the code {code} is used by competencies of several "
                                            "programmes (numbers {ids}); write the number of the one meant.").format(
                label=f.title(), code=quoted(part), ids=", ".join(map(str, matches))), "ids.ambiguous_code"))
    return ", ".join(ids), problems


def _steps(session: Session, f: Field, value: str, company_id: int | None) -> tuple[str, list[Problem]]:
    steps: list[tuple[str, str | None]] = []
    for part in _names(value):
        match = re.fullmatch(r"(.+?)\s*[:=x×]\s*(\d+)", part)
        if match is None or match.group(1).strip().isdigit():
            steps.append((part, None))  # a number, or not a step at all: the field's own check says so
            continue
        steps.append((match.group(2), match.group(1).strip()))
    if all(name is None for _weeks, name in steps):
        return value, []
    positions: dict[str, list[int]] = {}
    if company_id is not None:
        from vetdesk.services.kinds import KINDS

        among = visible(session, KINDS["positions"])  # the user's, as every record named here
        for pid, position in session.execute(among.with_only_columns(LearningPosition.id, LearningPosition.name)
                                             .where(LearningPosition.company_id == company_id)):
            positions.setdefault(normalize.fold(position), []).append(pid)
    out: list[str] = []
    problems: list[Problem] = []
    for weeks, name in steps:
        if name is None:
            out.append(weeks)
            continue
        matches = positions.get(normalize.fold(name), [])
        if len(matches) == 1:
            out.append(f"{matches[0]}:{weeks}")
        else:
            problems.append(error(f.name, _("{label}: the company has no learning position named {name}. Add the "
                                            "position first, or write its number.").format(
                label=f.title(), name=quoted(name)), "steps.unknown_position"))
    return ", ".join(out), problems
