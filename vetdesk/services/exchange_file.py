"""Instructor mode: the exchange workbook opened on its own, with no office database and no other records.

An instructor outside the office's database gets the workbook the office wrote for them (``services.exchange``)
and works it in vetdesk's window instead of a spreadsheet program: their apprentices' open weeks and the ratings
grid as the file holds them. Here the file is read (within the import's limits, a formula or an over-long value
in an editable cell refused) and written back into the same file: only the cells the office left open change —
each day's attendance, the hours, the texts, the decision and its note, the learning position, the competencies
practised, each rating's level and comment — so the office's signature, which covers every locked cell, still
holds when the office takes the file back. Values are the file's own words (its language's drop-down items);
the office checks them when it imports the file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from vetdesk.domain import bounds
from vetdesk.domain import logbook as L
from vetdesk.domain.problems import Problem, RuleViolation, error
from vetdesk.i18n import _, shown_day
from vetdesk.services import exchange as X
from vetdesk.services import fields as F


@dataclass(frozen=True)
class FileWeek:
    """One open week of the file as the instructor sees and fills it (the texts as the cells hold them)."""

    row: int
    reference: str
    apprentice: str
    monday: date
    #: The report's status when the office wrote the file (its words).
    status: str
    #: Each day's cell (Monday to Saturday): the attendance chosen, "" when empty; None for a closed day.
    days: tuple[str | None, ...]
    hours: str = ""
    school_hours: str = ""
    activities: str = ""
    school_topics: str = ""
    #: The decision as the file words it ("" none).
    decision: str = ""
    note: str = ""
    position: str = ""
    practised: str = ""
    #: The positions the row's drop-down offers (none without a rotation plan).
    positions: tuple[str, ...] = ()
    #: A minor's week: the most hours at the company the weekly hours rule allows, and the rule's refusal (the
    #: hours cell's data validation, as the office wrote it).
    hours_limit: tuple[Decimal, str] | None = None

    @property
    def sunday(self) -> date:
        return L.week_end(self.monday)


@dataclass(frozen=True)
class FileRating:
    """One competency of the ratings grid: the level and comment the instructor gives."""

    row: int
    reference: str
    apprentice: str
    position: str
    code: str
    title: str
    latest: str
    level: str = ""
    comment: str = ""
    #: The levels the row's drop-down offers (the programme's scale).
    levels: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExchangeFile:
    """A workbook open in instructor mode."""

    path: Path
    #: The title lines of the weekly sheet (whom it is for, when it was written).
    head: tuple[str, ...]
    weeks: tuple[FileWeek, ...]
    ratings: tuple[FileRating, ...]
    #: The attendance items and the decisions (approve, comment, return, in this order) in the file's words.
    presence: tuple[str, ...] = ()
    decisions: tuple[str, ...] = ()
    sheets: tuple[str, ...] = field(default=())
    #: The codes a week may name at each position of each agreement (reference -> position label, "" for none ->
    #: codes), as the office's import checks them; empty for a file written before it carried them.
    codes: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)
    #: The cells that held a formula (a spreadsheet program's), each in the user's words: opened empty, for the
    #: instructor to type the value; saving writes the values over the formulas.
    refused: tuple[str, ...] = ()
    #: Each agreement's hours a day (reference -> hours, None when the agreement does not say), as the office's
    #: form reads them for the week's hours against its attendance; empty for a file written before it said them.
    day_hours: Mapping[str, Decimal | None] = field(default_factory=dict)

    def decision(self, review: L.Review) -> str:
        """The file's word for a review decision ("aprobar (firmar)")."""
        order = list(L.REVIEW_LABELS)
        return self.decisions[order.index(review)] if len(self.decisions) == len(order) else review.value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value)


def list_choices(ws: Any, formula: str | None) -> tuple[str, ...]:
    """A list validation's choices: an inline list ("a,b", files written before the lists sheet) or the cells of a
    range on the workbook's lists sheet ('lists'!$A$1:$A$8)."""
    text = (formula or "").strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return tuple(item for item in text[1:-1].split(",") if item)
    if "!" in text:
        title, cells = text.rsplit("!", 1)
        title = title.strip("'").replace("''", "'")
        wb = getattr(ws, "parent", None)
        if wb is None or title not in wb.sheetnames:
            return ()
        try:
            found = wb[title][cells.replace("$", "")]
        except (ValueError, KeyError):
            return ()
        rows = found if isinstance(found, tuple) else ((found,),)
        return tuple(_text(cell.value) for row in rows for cell in (row if isinstance(row, tuple) else (row,))
                     if _text(cell.value))
    return ()


def _lists_by_cell(ws: Any) -> dict[str, tuple[str, ...]]:
    """Each cell's drop-down items (cell name -> items), from the sheet's data validations."""
    out: dict[str, tuple[str, ...]] = {}
    for dv in ws.data_validations.dataValidation:
        if dv.type == "list":
            items = list_choices(ws, dv.formula1)
            for cells in dv.sqref.ranges:
                for row in cells.rows:
                    for _col, (r, c) in enumerate(row):
                        from openpyxl.utils import get_column_letter

                        out[f"{get_column_letter(c)}{r}"] = items
        elif dv.type == "whole" and dv.formula1 and dv.formula2:
            try:
                low, high = int(dv.formula1), int(dv.formula2)
            except ValueError:
                continue
            items = tuple(str(n) for n in range(low, high + 1)) if 0 <= high - low <= 1000 else ()
            for cells in dv.sqref.ranges:
                for row in cells.rows:
                    for r, c in row:
                        from openpyxl.utils import get_column_letter

                        out[f"{get_column_letter(c)}{r}"] = items
    return out


def _hours_limits(ws: Any) -> dict[int, tuple[Decimal, str]]:
    """The rows whose Hours at the company the office limited below the field's own range (a minor's week): row ->
    (the most hours, the rule's refusal)."""
    from openpyxl.utils import get_column_letter

    column = get_column_letter(X.HOURS + 1)
    out: dict[int, tuple[Decimal, str]] = {}
    for dv in ws.data_validations.dataValidation:
        if dv.type != "decimal" or not dv.formula2 or not dv.error:
            continue
        try:
            most = Decimal(str(dv.formula2))
        except ArithmeticError:
            continue
        if most >= L.WEEK_HOURS[1]:
            continue
        for cells in dv.sqref.ranges:
            for row in cells.rows:
                for r, c in row:
                    if get_column_letter(c) == column:
                        out[r] = (most, str(dv.error))
    return out


def _check(path: Path) -> tuple[list[str], dict[int, tuple[Any, ...]]]:
    """The file is an exchange workbook of the current layout, read within the import's limits, as the office
    signed it: its sheets and its marker's cells (ExchangeRefused otherwise, before any work is done in it)."""
    marker, tables = X._read(path)
    X.check_format(X._cell(marker.get(X.MARKER_FORMAT, ()), 0), path.name)
    if not signed_as_written(marker, tables):
        raise X._refuse(_("{name} is not the file as the office sent it: it was changed outside its yellow cells, "
                          "or it comes from elsewhere, so its signature does not match. The office would not take "
                          "it back, and nothing is written into it. Ask the office for a fresh copy.").format(
            name=path.name), "exchange.altered")
    return [title for title, _grid in tables], marker


def signed_as_written(marker: dict[int, tuple[Any, ...]],
                      tables: Sequence[tuple[str, Sequence[tuple[int, tuple[Any, ...]]]]]) -> bool:
    """Whether the file's signature verifies with the office's public key it carries: whom it is for and every
    locked cell as the office wrote them (the rows and sheets it holds, none added or removed; the codes' sheet and
    the hidden marker's list of codes, which this mode reads, whole). With no office
    database this cannot tell one office from another; the office's import checks its own key."""
    import base64
    import hashlib
    import json

    cells = [X._cell(marker.get(i, ()), 0) for i in range(X.MARKER_FORMAT, X.MARKER_SCOPE + 1)]
    if not all(isinstance(c, str) and c for c in cells):
        return False  # written before the file carried its key, or the marker was tampered with
    _format, token, key_id, signature, public_text, scope_text = cells
    try:
        public = base64.b64decode(public_text, validate=True)
        scope = json.loads(scope_text)
    except ValueError:
        return False
    if hashlib.sha256(public).hexdigest()[:16] != key_id or not isinstance(scope, dict):
        return False  # the key is not the one the file names

    def filled(grid: Sequence[tuple[int, tuple[Any, ...]]]) -> list[int]:
        return [n for n, values in grid if n > X.HEADER_ROW and any(X._plain(v) is not None for v in values)]

    digest, _ratings = X.file_digest(token, scope, key_id, tables, filled(tables[0][1]),
                                     filled(tables[1][1]) if len(tables) > 1 else None, marker, _format)
    return X.signature_verifies(public, signature, digest)


def _editable(wb: Any, titles: Sequence[str]) -> dict[str, set[tuple[int, int]]]:
    """The open cells of each sheet (sheet -> (row, 0-based column)), as the office left them unlocked."""
    out: dict[str, set[tuple[int, int]]] = {}
    for title in titles:
        ws = wb[title]
        found = out.setdefault(title, set())
        for row in ws.iter_rows(min_row=X.FIRST_ROW):
            for cell in row:
                if getattr(cell, "protection", None) is not None and not cell.protection.locked:
                    found.add((cell.row, cell.column - 1))
    return out


def open_file(path: str | Path) -> ExchangeFile:
    """Read an exchange workbook for instructor mode (ExchangeRefused when it is not one or is of an earlier layout;
    a formula's cell, and an over-long value in a cell the instructor fills, is opened empty and named in
    ``refused``)."""
    import openpyxl

    path = Path(path)
    titles, marker = _check(path)
    codes: dict[str, dict[str, tuple[str, ...]]] = {}
    for n, values in marker.items():
        if n >= X.MARKER_CODES and _text(X._cell(values, 0)):
            codes.setdefault(_text(X._cell(values, 0)), {})[_text(X._cell(values, 1))] = tuple(
                X.split_codes(_text(X._cell(values, 2))))
    day_hours: dict[str, Decimal | None] = {}
    said = X._cell(marker.get(X.MARKER_DAY_HOURS, ()), 0)
    if isinstance(said, str):
        import json

        try:
            found = json.loads(said)
            day_hours = {str(ref): Decimal(str(h)) if h else None for ref, h in found.items()}
        except (ValueError, AttributeError, ArithmeticError):
            day_hours = {}  # signed as written: cannot happen but for a file of another make
    wb = openpyxl.load_workbook(path)
    try:
        editable = _editable(wb, titles)
        # A formula (typed in a spreadsheet program) is refused cell by cell: the cell is opened empty and named,
        # so that the instructor types its value; the rest of their work stays (the office's import refuses the
        # file while a formula is in it).
        refused = []
        emptied: set[int] = set()  # the weekly sheet's rows a cell of which is opened empty
        for title, r, c, formula in X.formula_cells(path, editable):
            wb[title].cell(r, c + 1).value = None
            if title == titles[0]:
                emptied.add(r)
            refused.append(_("{where}: {field} held a formula ({formula}), which vetdesk does not take: type its "
                             "value.").format(where=_where(wb[title], title == titles[0], r), field=_limit(
                                 title == titles[0], c)[0], formula=formula[:40]))
        # A cell far beyond its field's limit (a pasted page) is refused the same way: opened empty and named with
        # the limit, the rest of the work kept (the office's import refuses the file while it is in it).
        for title in titles:
            for r, c in sorted(editable[title]):
                cell_ = wb[title].cell(r, c + 1)
                label, limit = _limit(title == titles[0], c)
                if len(_text(cell_.value)) > limit:
                    cell_.value = None
                    if title == titles[0]:
                        emptied.add(r)
                    refused.append(_("{where}: {problem} It is opened empty: type it again.").format(
                        where=_where(wb[title], title == titles[0], r),
                        problem=X.too_long("file", label, limit).message))
        ws = wb[titles[0]]
        lists = _lists_by_cell(ws)
        limits = _hours_limits(ws)
        from openpyxl.utils import get_column_letter

        weeks = []
        presence: tuple[str, ...] = ()
        decisions: tuple[str, ...] = ()
        for r in range(X.FIRST_ROW, ws.max_row + 1):
            key = _text(ws.cell(r, 1).value)
            if ":" not in key:
                continue
            monday = ws.cell(r, 4).value
            monday = monday.date() if isinstance(monday, datetime) else date.fromisoformat(_text(monday))

            def cell(col: int, r: int = r) -> str:
                return _text(ws.cell(r, col + 1).value)

            days = tuple(None if cell(c) == X.CLOSED else cell(c) for c in X.DAY_COLUMNS)
            presence = presence or next((lists[f"{get_column_letter(c + 1)}{r}"] for c in X.DAY_COLUMNS
                                         if f"{get_column_letter(c + 1)}{r}" in lists), ())
            # The row's own decisions (a week returned for correction offers no approval): the file's words for
            # all of them are the longest list.
            own = lists.get(f"{get_column_letter(X.DECISION + 1)}{r}", ())
            decisions = own if len(own) > len(decisions) else decisions
            weeks.append(FileWeek(
                r, cell(1), cell(2), monday, cell(5), days, cell(X.HOURS), cell(X.SCHOOL_HOURS), cell(X.ACTIVITIES),
                cell(X.SCHOOL), cell(X.DECISION), cell(X.NOTE), cell(X.POSITION), cell(X.PRACTISED),
                lists.get(f"{get_column_letter(X.POSITION + 1)}{r}", ()), limits.get(r)))
        ratings = []
        if len(titles) > 1:
            rs = wb[titles[1]]
            levels = _lists_by_cell(rs)
            for r in range(X.FIRST_ROW, rs.max_row + 1):
                if ":" not in _text(rs.cell(r, 1).value):
                    continue

                def rcell(col: int, r: int = r) -> str:
                    return _text(rs.cell(r, col + 1).value)

                ratings.append(FileRating(
                    r, rcell(X.R_REFERENCE), rcell(X.R_APPRENTICE), rcell(X.R_POSITION), rcell(X.R_CODE),
                    rcell(X.R_COMPETENCY), rcell(X.R_LATEST), rcell(X.R_LEVEL), rcell(X.R_COMMENT),
                    levels.get(f"{get_column_letter(X.R_LEVEL + 1)}{r}", ())))
        head = tuple(_text(ws.cell(i, 1).value) for i in range(1, X.HEADER_ROW))
        # A week approved on values that are opened empty is approved no longer: the approval is cleared (and said),
        # to be given again once its cells are typed (the office's import would refuse an empty week's approval).
        approve = decisions[0] if len(decisions) == len(L.REVIEW_LABELS) else L.Review.APPROVE.value
        for i, w in enumerate(weeks):
            if w.row in emptied and w.decision == approve:
                weeks[i] = replace(w, decision="")
                refused.append(_("{week}: its approval is removed, as cells of it are opened empty: type their "
                                 "values, then approve the week again.").format(week=week_name(w)))
    finally:
        wb.close()
    opened = ExchangeFile(path, head, tuple(weeks), tuple(ratings), presence, decisions, tuple(titles), codes,
                          tuple(refused), day_hours)
    # A decision the week's status does not allow (typed past the drop-down: a returned week approved) is opened
    # empty and said, as the office's import would refuse its agreement's rows.
    for i, w in enumerate(weeks):
        review = next((r for r in L.REVIEW_LABELS if w.decision and opened.decision(r) == w.decision), None)
        why = review_offered(opened, w, review) if review is not None else ""
        if why:
            weeks[i] = replace(w, decision="")
            refused.append(_("{week}: {problem} Its decision is opened empty: choose another, or leave it "
                             "empty.").format(week=week_name(w), problem=why))
    return replace(opened, weeks=tuple(weeks), refused=tuple(refused))


def _where(ws: Any, weekly: bool, r: int) -> str:
    """A row of the file in the user's words: the apprentice and the week, or the competency and the apprentice."""
    if weekly:
        monday = ws.cell(r, 4).value
        monday = monday.date() if isinstance(monday, datetime) else date.fromisoformat(_text(monday))
        return _("{apprentice}, week from {start} to {end}").format(
            apprentice=_text(ws.cell(r, 3).value), start=shown_day(monday), end=shown_day(L.week_end(monday)))
    return _("{code} ({apprentice})").format(code=_text(ws.cell(r, X.R_CODE + 1).value),
                                             apprentice=_text(ws.cell(r, X.R_APPRENTICE + 1).value))


def _limit(weekly: bool, column: int) -> tuple[str, int]:
    """An open cell's field (its label in the user's words) and the length its rule allows: the texts' and the
    comments' own limit, the codes' list's; a drop-down's or a number's cell at most a text's."""
    if weekly:
        name = {**X.TEXTS, X.PRACTISED: "competency_ids", X.HOURS: "hours", X.SCHOOL_HOURS: "school_hours",
                X.POSITION: "position_id"}.get(column)
        if column == X.PRACTISED:
            return X._WEEK["competency_ids"].title(), X.PRACTISED_LENGTH
        if name is not None:
            return X._WEEK[name].title(), bounds.LONG_TEXT
        if column == X.DECISION:
            return _(X._DECISION.label), bounds.LONG_TEXT
        return _(L.DAY_NAMES[column - X.DAY_COLUMNS[0]]) if column in X.DAY_COLUMNS else "", bounds.LONG_TEXT
    if column == X.R_COMMENT:
        return X._COMMENT.title(), bounds.LONG_TEXT
    return _("Level"), bounds.LONG_TEXT


def week_name(week: FileWeek) -> str:
    """How the window names a week of the file: the apprentice and the week's dates (never a sheet row)."""
    return _("{apprentice}, week from {start} to {end}").format(
        apprentice=week.apprentice, start=shown_day(week.monday), end=shown_day(week.sunday))


def hours_problem(text: str, name: str, limit: tuple[Decimal, str] | None = None) -> Problem | None:
    """What is wrong with hours typed for a week (``name``: hours or school_hours), in the words of the office's
    own field (not a number, out of range) and, for a minor's week (``limit``, FileWeek.hours_limit), of the weekly
    hours rule the import applies; None when they can be kept (or are empty)."""
    value, problem = F.parse_value(X._WEEK[name], text)
    if problem is None and name == "hours" and limit is not None and value is not None \
            and Decimal(str(value)) > limit[0]:
        return error("hours", limit[1], "hours.minor_week")
    return problem


def attendance_warnings(opened: ExchangeFile, week: FileWeek) -> list[Problem]:
    """The week's hours against the attendance chosen in it (domain.logbook.hours_attendance_problems, the rule of
    the office's form and import, in its words): warnings, said while the instructor types. None for a file that
    does not say the agreement's hours a day, or hours that are no number yet."""
    if week.reference not in opened.day_hours:
        return []
    words = dict(zip(opened.presence, (code for code, _label in L.PRESENCE), strict=False))
    codes = [words[d] for d in week.days if d and d in words]
    amounts: list[Decimal | None] = []
    for name in ("hours", "school_hours"):
        value, problem = F.parse_value(X._WEEK[name], getattr(week, name))
        if problem is not None:
            return []
        amounts.append(Decimal(str(value)) if value is not None else None)
    return L.hours_attendance_problems(amounts[0], amounts[1], codes, opened.day_hours[week.reference])


def practised_problem(opened: ExchangeFile, week: FileWeek) -> Problem | None:
    """What is wrong with the competency codes typed for a week, by the office import's own rule: codes of the
    week's learning position (the programme's without one); None when the import would take them."""
    allowed = opened.codes.get(week.reference)
    if allowed is None:
        return None
    return X.practised_problem(X.split_codes(week.practised), allowed.get(week.position, ()), week.position)


def text_problems(week: FileWeek) -> list[Problem]:
    """The week's texts the office's fields would refuse (too long, a character that is not text), in the words of
    the fields: refused here as the import would refuse them, never cut."""
    out = []
    for name in ("activities", "school_topics", "review_note"):
        text = getattr(week, "note" if name == "review_note" else name)
        problem = F.parse_value(X._WEEK[name], text)[1] if text.strip() else None
        if problem is not None:
            out.append(problem)
    return out


def _hours(week: FileWeek, name: str) -> float | None:
    value, problem = F.parse_value(X._WEEK[name], getattr(week, name))
    if problem is not None:
        raise X.ExchangeRefused([error(name, _("{week}: {problem}").format(week=week_name(week),
                                                                           problem=problem.message),
                                       "exchange.hours")])
    return float(value) if value is not None else None


def save_file(opened: ExchangeFile, weeks: Sequence[FileWeek], ratings: Sequence[FileRating]) -> int:
    """Write the instructor's weeks and ratings back into the same file, into its open cells only (the file on disk
    is replaced in one step); returns how many cells changed. Hours that are no number are refused (nothing
    written)."""
    import io

    import openpyxl

    from vetdesk.services.outputs import write_atomically

    path = opened.path
    _check(path)
    wb = openpyxl.load_workbook(path)
    changed = 0
    try:
        ws = wb[opened.sheets[0]]

        def put(sheet: Any, row: int, col: int, value: Any) -> None:
            nonlocal changed
            cell = sheet.cell(row, col + 1)
            assert cell.protection is not None and not cell.protection.locked, (row, col)  # the office's lock
            now = cell.value if cell.value != "" else None
            if isinstance(value, str):
                value = value if value.strip() else None
            if now == value or (isinstance(now, int | float) and isinstance(value, float) and float(now) == value):
                return
            changed += 1
            if isinstance(value, str):
                X._text(cell, value)  # its length checked above: never cut
            else:
                cell.value = value

        refused = [error(p.field, _("{week}: {problem}").format(week=week_name(w), problem=p.message), p.code)
                   for w in weeks for p in [*text_problems(w), practised_problem(opened, w)] if p is not None]
        refused += [error(p.field, _("{code} ({apprentice}): {problem}").format(
            code=r.code, apprentice=r.apprentice, problem=p.message), p.code)
            for r in ratings for p in [F.parse_value(X._COMMENT, r.comment)[1]] if p is not None and r.comment]
        if refused:
            raise X.ExchangeRefused(refused)
        for w in weeks:
            for i, day in enumerate(w.days):
                if day is not None:
                    put(ws, w.row, X.DAY_COLUMNS[i], day)
            put(ws, w.row, X.HOURS, _hours(w, "hours"))
            put(ws, w.row, X.SCHOOL_HOURS, _hours(w, "school_hours"))
            for col, text in ((X.ACTIVITIES, w.activities), (X.SCHOOL, w.school_topics), (X.DECISION, w.decision),
                              (X.NOTE, w.note), (X.POSITION, w.position), (X.PRACTISED, w.practised)):
                put(ws, w.row, col, text)
        if len(opened.sheets) > 1:
            rs = wb[opened.sheets[1]]
            for r in ratings:
                level: Any = r.level
                if r.level.strip().isdigit() and all(item.isdigit() for item in r.levels):  # a points scale
                    level = int(r.level)
                put(rs, r.row, X.R_LEVEL, level)
                put(rs, r.row, X.R_COMMENT, r.comment)
        if changed:
            buffer = io.BytesIO()
            wb.save(buffer)
            write_atomically(path, lambda tmp: tmp.write_bytes(buffer.getvalue()))
    finally:
        wb.close()
    return changed


def offered_codes(opened: ExchangeFile, week: FileWeek, position: str | None = None) -> list[str]:
    """The competency codes a week may name, offered as choices: those of its learning position (``position``,
    else the week's), else all of its agreement's (the import's rule, :func:`practised_problem`, says which)."""
    allowed = opened.codes.get(week.reference) or {}
    own = allowed.get(week.position if position is None else position, ())
    return list(own) or list(dict.fromkeys(c for listed in allowed.values() for c in listed))


def file_language(opened: ExchangeFile) -> str | None:
    """The language the office wrote the file in (chosen at export: the instructor's), known by its decisions'
    drop-down; None when they are no language's of vetdesk."""
    from vetdesk import i18n

    for code in i18n.LANGUAGES:
        t = i18n.translator(code)
        if opened.decisions and opened.decisions == tuple(t.gettext(label) for label in L.REVIEW_LABELS.values()):
            return code
    return None


def week_status(opened: ExchangeFile, week: FileWeek) -> str | None:
    """The week's status when the office wrote the file (domain.logbook.WeekStatus's value), read from the file's
    words for it; None when it is none of them (not handed in)."""
    from vetdesk import i18n

    language = file_language(opened)
    t = i18n.translator(language) if language else None
    for status, label in L.WEEK_STATUS_LABELS.items():
        if week.status in {label, t.gettext(label) if t else label}:
            return status.value
    return None


def review_offered(opened: ExchangeFile, week: FileWeek, review: L.Review) -> str:
    """Why ``review`` is not offered for the week (the rule's words), "" when it is."""
    return " ".join(p.message for p in L.review_problems(week_status(opened, week), review))


def apprentice_choices(opened: ExchangeFile) -> list[tuple[str, str]]:
    """The apprentices whose weeks the file holds, in the file's order, each once by their agreement's reference
    (two apprentices of the same name are two: issue 25, a new user's trial found them merged into one entry of
    the filter): (label, reference). The label is the name, with the agreement's reference when another of the
    file's apprentices bears the same name (:func:`apprentice_label`)."""
    references = dict.fromkeys((w.reference, w.apprentice) for w in opened.weeks)
    return [(apprentice_label(opened, reference, name), reference) for reference, name in references]


def apprentice_label(opened: ExchangeFile, reference: str, name: str) -> str:
    """How the file's apprentice of ``reference`` is named on screen: the name, and the agreement's reference when
    another apprentice of the file (weeks or ratings) bears the same name."""
    def key(text: str) -> str:
        return " ".join(text.casefold().split())

    others = {w.reference for w in opened.weeks} | {r.reference for r in opened.ratings}
    same = {ref for ref in others if ref != reference and any(
        key(n) == key(name) for n in _names_of(opened, ref))}
    return _("{name} ({reference})").format(name=name, reference=reference) if same else name


def _names_of(opened: ExchangeFile, reference: str) -> set[str]:
    return {w.apprentice for w in opened.weeks if w.reference == reference} | {
        r.apprentice for r in opened.ratings if r.reference == reference}


def apprentices(opened: ExchangeFile) -> list[str]:
    """The labels of :func:`apprentice_choices`."""
    return [label for label, _reference in apprentice_choices(opened)]


def codes_hint(opened: ExchangeFile, week: FileWeek | None = None, position: str | None = None) -> str:
    """The hint of the competencies' field: two codes of the week's learning position (``position``, else the
    week's; the file's codes sheet says them), else of its agreement, else of the file's ratings sheet; in words
    when it lists none."""
    codes: list[str] = []
    if week is not None:
        allowed = opened.codes.get(week.reference) or {}
        own = allowed.get(week.position if position is None else position, ())
        codes = list(own) or list(dict.fromkeys(c for listed in allowed.values() for c in listed))
        codes = codes or [r.code for r in opened.ratings if r.code and r.reference == week.reference]
    codes = list(dict.fromkeys(codes or [r.code for r in opened.ratings if r.code]))[:2]
    if len(codes) == 2:
        return _("e.g. {codes}").format(codes=", ".join(codes))
    return _("the codes, separated by commas")


def with_review(week: FileWeek, opened: ExchangeFile, review: L.Review, note: str | None = None,
                today: date | None = None) -> FileWeek:
    """The week with the instructor's decision (and note) as the file words them; a return or a comment without
    a note, and an approval of an empty week or of a week not over yet, are refused, as the office's review
    refuses them."""
    note = week.note if note is None else note
    if review is L.Review.RETURN and not note.strip():
        raise RuleViolation([error("review_note", _("Say what to correct: a report is returned with a note."),
                                   "logbook.note")])
    if review is L.Review.COMMENT and not note.strip():
        raise RuleViolation([error("review_note", _("Write the comment."), "logbook.comment")])
    refused = L.review_problems(week_status(opened, week), review)
    if refused:
        raise RuleViolation(refused)
    if review is L.Review.APPROVE:
        # The file does not say where the agreement's training ends (a day closed at the end of a week may only be
        # after the day the file was written): the week's last working day, then.
        problems = L.approval_problems(week.activities) + L.approval_day_problems(week.monday,
                                                                                 today or date.today())
        # What saving would refuse is not countersigned either: said now, on the field, not at save.
        problems += [p for p in (hours_problem(week.hours, "hours", week.hours_limit),
                                 hours_problem(week.school_hours, "school_hours"),
                                 *text_problems(week), practised_problem(opened, week)) if p is not None]
        if problems:
            raise RuleViolation(problems)
    return replace(week, decision=opened.decision(review), note=note)
