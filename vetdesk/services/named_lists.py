"""Lists of records written as people write them: a learning position's competencies by their codes (``M10, M11``)
and a rotation plan's steps by the positions' names (``Almacén:26, Taller:26``), in a spreadsheet, on the command
line or in a form. They are read to the records' numbers before the values are checked; numbers are taken as they
are. Both the record services and the import call :func:`resolve`, so every path reads them the same way."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vetdesk.domain import normalize
from vetdesk.domain.problems import Problem, error
from vetdesk.i18n import _
from vetdesk.services.fields import Field, quoted
from vetdesk.storage.models import Competency, LearningPosition

_SPLIT = re.compile(r"[,;\n]+")


def _names(text: str) -> list[str]:
    return [p.strip() for p in _SPLIT.split(text) if p.strip()]


def resolve(session: Session, fields: tuple[Field, ...], raw: Mapping[str, Any],
            company_id: int | None) -> tuple[dict[str, Any], list[Problem]]:
    """``raw`` with competency codes and position names replaced by record numbers (``company_id``: whose
    positions a plan's steps name), and why a code or name names no record or several."""
    out, problems = dict(raw), []
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
        for pid, position in session.execute(select(LearningPosition.id, LearningPosition.name)
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
