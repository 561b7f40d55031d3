"""Anonymised figures for reporting (no personal data): counts by programme, company, state, sex, age band
and status.

:func:`statistics` gives the rows with vetdesk's codes (``age_band``, ``active``); :func:`export_statistics`
writes them as an officer sends them to a school or the chamber: headers and values in the user's language
("Grupo de edad", "vigente", "mujer"), counts as numbers, and a note on the masked cells. The codes go out only
when asked for (``vetdesk export statistics --codes``), for a program that reads the file."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from vetdesk.domain import permissions
from vetdesk.domain.dates import age_on
from vetdesk.domain.identifiers import sex_word
from vetdesk.domain.lifecycle import Status, status_label
from vetdesk.domain.problems import RuleViolation
from vetdesk.i18n import N_, _
from vetdesk.services.uow import SYSTEM, Actor, acting, reading
from vetdesk.storage.engine import Database
from vetdesk.storage.models import Apprentice, Company, LearningAgreement, Programme

AGE_BANDS = ((0, 15, "<15"), (15, 16, "15"), (16, 17, "16"), (17, 18, "17"), (18, 21, "18-20"),
             (21, 200, "21+"))
#: The dimensions in the order a reader goes through them, and what the exported file calls them.
DIMENSIONS = {"programme": N_("Programme"), "company": N_("Company"), "state": N_("State"), "sex": N_("Sex"),
              "age_band": N_("Age group")}
#: Groups smaller than this are shown as "<5" so no single apprentice can be singled out.
MIN_CELL = 5


#: A cell hidden only so that a small one beside it cannot be worked out from the totals.
MASKED = "x"


def suppressed(cells: list[tuple[str, str, str, int]]) -> set[tuple[str, str, str]]:
    """The cells (dimension, value, status) to hide: every count below :data:`MIN_CELL` (primary suppression)
    and, as statistical offices do, enough others that none of those can be derived by subtraction
    (complementary suppression). Each dimension is a table of values × statuses whose row and column totals a
    reader can know (a status's total is the sum of any dimension's column); a row or column holding exactly
    one hidden cell would give it away, so the smallest visible cell of that line is hidden too, until no line
    holds a single hidden cell. A combination that does not appear is known to be zero and hides nothing."""
    hidden = {(d, v, st) for d, v, st, n in cells if n < MIN_CELL}
    counts = {(d, v, st): n for d, v, st, n in cells}
    lines: dict[tuple[str, str, str], list[tuple[str, str, str]]] = {}
    for d, v, st, _n in cells:
        lines.setdefault((d, "value", v), []).append((d, v, st))
        lines.setdefault((d, "status", st), []).append((d, v, st))
    changed = True
    while changed:
        changed = False
        for members in lines.values():
            inside = [c for c in members if c in hidden]
            visible = [c for c in members if c not in hidden]
            if len(inside) == 1 and visible:
                hidden.add(min(visible, key=lambda c: (counts[c], c)))
                changed = True
    return hidden


def statistics(db: Database, *, actor: Actor = SYSTEM) -> list[dict[str, Any]]:
    """Rows of (dimension, value, status, count) over all agreements; counts below MIN_CELL are shown as
    "<5", and the counts that would let a reader work them out from the totals as "x" (:func:`suppressed`)."""
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
    hidden = suppressed([(r["dimension"], str(r["value"]), r["status"], r["count"]) for r in rows])
    for r in rows:
        if (r["dimension"], str(r["value"]), r["status"]) in hidden:
            r["count"] = f"<{MIN_CELL}" if r["count"] < MIN_CELL else MASKED
    rows.sort(key=_order)
    return rows


_BAND_ORDER = {label: i for i, (_lo, _hi, label) in enumerate(AGE_BANDS)}
_STATUS_ORDER = {s.value: i for i, s in enumerate(Status)}


def _order(row: dict[str, Any]) -> tuple[int, int, str, int]:
    """Dimension by dimension, as :data:`DIMENSIONS` lists them; age groups from the youngest, other values
    alphabetically; statuses in the agreement's life cycle."""
    value = str(row["value"])
    return (list(DIMENSIONS).index(row["dimension"]), _BAND_ORDER.get(value, 0) if row["dimension"] == "age_band"
            else 0, value, _STATUS_ORDER.get(row["status"], len(_STATUS_ORDER)))


def age_band_words(band: str) -> str:
    """An age group as the exported file says it: "menos de 15 años", "18 a 20 años"."""
    if band.startswith("<"):
        return _("under {age} years").format(age=band[1:])
    if band.endswith("+"):
        return _("{age} years or older").format(age=band[:-1])
    if "-" in band:
        low, high = band.split("-")
        return _("{low} to {high} years").format(low=low, high=high)
    return _("{age} years").format(age=band)


def value_words(dimension: str, value: object) -> str:
    """A row's value in the user's language: the sex and the age group in words, a state left blank as "not
    recorded"; a programme's, a company's or a state's name as it is recorded."""
    if dimension == "sex":
        return sex_word(str(value))
    if dimension == "age_band":
        return age_band_words(str(value))
    return str(value) if value else _("not recorded")


def notes() -> list[str]:
    """What the exported file says under its figures: the masked cells and the age groups explained."""
    return [_("<{n}: fewer than {n} agreements, not shown so that no apprentice can be recognised.").format(
                n=MIN_CELL),
            _("{x}: not shown so that a count below {n} cannot be worked out from the totals.").format(
                x=MASKED, n=MIN_CELL),
            _("Age group: the apprentice's age on the agreement's start date.")]


def export_statistics(db: Database, path: Path, *, actor: Actor = SYSTEM, codes: bool = False) -> int:
    """Write the figures to ``path`` (.xlsx or .csv) and return how many rows: in the user's language, with a note
    on the cells not shown; ``codes``: vetdesk's codes and English column names, nothing else, for a program."""
    rows = statistics(db, actor=actor)
    from vetdesk.services.exporting import export_rows

    if codes:
        export_rows(path, ["dimension", "value", "status", "count"],
                    [[r["dimension"], r["value"], r["status"], r["count"]] for r in rows], sheet_title="statistics")
        return len(rows)
    table: list[list[Any]] = [[_(DIMENSIONS[r["dimension"]]), value_words(r["dimension"], r["value"]),
                               status_label(r["status"]), r["count"]] for r in rows]
    table += [[]] + [[note] for note in notes()]
    export_rows(path, [_("Grouped by"), _("Group"), _("Agreement status"), _("Agreements")], table,
                sheet_title=_("Statistics"))
    return len(rows)
