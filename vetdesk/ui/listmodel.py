"""The table model behind every list: it holds the ordered ids of the whole list and reads the rows the view
shows, page by page (Anki's browser holds its cards' ids the same way).

``rowCount`` is the list's length, so the scroll bar is true and any row is one jump away (Ctrl+End, a drag
of the scroll bar to any point): 100,000 ids are 100,000 integers. The rows of a page are read when the view
first asks for one of them, with one ``records.get_many`` call plus one batch per foreign key (to show names,
not ids), then kept as frozen :class:`CellRow` values in a small cache.

The ids may arrive in two steps: the first page (what the view shows at once), then all of them
(:meth:`RecordTableModel.complete_ids`). A search matching 17,000 apprentices shows its first rows without
waiting for the other 16,800 ids to be read, ordered and counted.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from vetdesk.i18n import N_, _
from vetdesk.services import records, references
from vetdesk.services.office import Office
from vetdesk.ui.formatting import format_value
from vetdesk.ui.style import status_colour

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


@dataclass(frozen=True)
class Column:
    """One column of a list: the record key it shows, how it sorts, and which names it looks up."""

    key: str
    label: str
    type: str = "text"
    #: The record column ListQuery.order_by sorts on; None when the column cannot sort.
    sort_key: str | None = None
    visible: bool = True

    @property
    def ref_kind(self) -> str | None:
        return self.type[4:] if self.type.startswith("ref:") else None

    def title(self) -> str:
        return _(self.label)


def _from_field(kind: str, name: str, *, visible: bool = True, sortable: bool = True) -> Column:
    k = records.kind(kind)
    f = k.field(name)
    assert f is not None, (kind, name)
    ref = f.ref_kind is not None
    order = "sort_key" if k.sort_columns == (name,) else name  # a name sorts in the reader's order
    # A reference sorts when the core knows how: by the name it shows (an agreement's apprentice and company).
    by_name = name in k.sort_by
    return Column(name, f.label, f.type, None if ((ref and not by_name) or not sortable) else order, visible)


_LIST_COLUMNS: dict[str, tuple[Any, ...]] = {
    "apprentices": (Column("name", N_("Name"), "text", "sort_key"), "curp", "birth_date", "sex",
                    "school_id", "semester", ("email", False), ("phone", False), ("nss", False),
                    ("guardian_name", False)),
    "companies": ("name", "rfc", "sector", "size", "state", "contact_name", ("contact_email", False),
                  ("contact_phone", False), ("legal_representative", False)),
    "instructors": ("name", "company_id", "job_title", "qualification", "qualification_date", "capacity",
                    ("email", False), ("phone", False)),
    "schools": ("name", "cct", "subsystem", "state", "municipality", "liaison_name", ("email", False),
                ("phone", False)),
    "programmes": ("code", "name", "duration_months", "min_semester", "nqf_level",
                   ("stps_permit_required", False), ("conocer_codes", False)),
    "agreements": ("reference", "status", "apprentice_id", "company_id", "programme_id", "start_date",
                   "end_date", ("school_id", False), ("instructor_id", False), ("insurance_expiry", False),
                   ("printed_on", False)),
    "assessments": ("assessed_on", "agreement_id", Column("apprentice", N_("Apprentice"), "text"),
                    "competency_id", "level", "rater_role", ("rater_name", False), ("recognised", False),
                    ("evidence_kind", False)),
    "competencies": ("code", "title", "area", "programme_id", "kind", "conocer_code", "position", "retired_on",
                     ("description", False)),
    "positions": ("name", "company_id", "department", "instructor_id", ("description", False)),
    "rotation_plans": ("name", "company_id", "programme_id", "plan_version", "valid_from", "valid_until",
                       Column("total_weeks", N_("Weeks"), "int")),
    # Whose rotation each row is: the apprentice and the agreement's number, both sortable (a period's own
    # columns; the apprentice by the core's expression, RecordKind.sort_by).
    "rotations": (Column("apprentice", N_("Apprentice"), "text", "apprentice"),
                  Column("agreement_id", N_("Agreement"), "ref:agreements", "agreement_id"), "position_id",
                  "actual_start", "actual_end", ("notes", False)),
    "tutors": ("name", "school_id", "role", "job_title", "email", ("phone", False)),
    "coordinators": ("name", "job_title", "email", "phone", ("username", False)),
    "collaborations": ("reference", "status", "school_id", "company_id", "start_date", "end_date",
                       "coordinator_id", ("printed_on", False), ("activated_on", False)),
    "exams": ("name", "held_on", "part", "programme_id", "place", "examiners", ("weight_written", False),
              ("weight_practical", False), ("weight_oral", False), ("min_term_share", False)),
    "exam_registrations": ("exam_id", Column("apprentice", N_("Apprentice"), "text"), "agreement_id", "written",
                           "practical", "oral",
                           Column("score", N_("Points"), "decimal"), Column("band", N_("Grade"), "text"),
                           Column("passed", N_("Passed"), "bool"), ("replaces_id", False), ("fee_paid", False)),
    "conocer_verdicts": ("apprentice_id", "standard", "verdict", "assessed_on", "evaluator", "certificate_number"),
    "school_certificates": ("apprentice_id", "school_id", "issued_on", "number", "average"),
    "logbook": ("week_start", "status", Column("apprentice", N_("Apprentice"), "text"), "agreement_id", "hours",
                "reviewed_on", ("activities", False), ("review_note", False)),
    "attendance": ("day", "presence", Column("apprentice", N_("Apprentice"), "text"), "agreement_id", "hours",
                   ("note", False)),
}


#: How each list opens: the column whose order it is in, and whether the newest (the last) come first. The
#: header's arrow shows it; a list whose kind's own order (``RecordKind.order``) is a column's opens in that order
#: (apprentices by name, agreements by their reference's number: the walk of a common word needs it). Records of
#: a day (assessments, weekly reports, attendance, verdicts, certificates, periods) open newest first.
LIST_ORDER: dict[str, tuple[str, bool]] = {
    "apprentices": ("name", False), "companies": ("name", False), "instructors": ("name", False),
    "schools": ("name", False), "programmes": ("name", False), "agreements": ("reference", False),
    "assessments": ("assessed_on", True), "competencies": ("code", False), "positions": ("name", False),
    "rotation_plans": ("name", False), "rotations": ("actual_start", True), "tutors": ("name", False),
    "coordinators": ("name", False), "collaborations": ("reference", False), "exams": ("held_on", True),
    "exam_registrations": ("written", True), "conocer_verdicts": ("assessed_on", True),
    "school_certificates": ("issued_on", True), "logbook": ("week_start", True), "attendance": ("day", True),
}


def columns_for(kind: str) -> list[Column]:
    out: list[Column] = []
    for item in _LIST_COLUMNS[kind]:
        if isinstance(item, Column):
            out.append(item)
        elif isinstance(item, tuple):
            out.append(_from_field(kind, item[0], visible=item[1]))
        else:
            out.append(_from_field(kind, item))
    # A reference (CA-2027-000306) sorts by its number, the record's id: the list's own order.
    return [replace(c, sort_key="id") if c.key == "reference" and c.sort_key else c for c in out]


def list_order(kind: str) -> records.ListQuery:
    """The query a list opens with (:data:`LIST_ORDER`): sorted on a column, so its arrow shows the order."""
    key, descending = LIST_ORDER[kind]
    column = next(c for c in columns_for(kind) if c.key == key)
    assert column.sort_key is not None and column.visible, (kind, key)
    return records.ListQuery(order_by=column.sort_key, descending=descending)


#: The kinds a list shows by name where a record points at one of them (records.display_names).
_NAMED = frozenset({"apprentices", "companies", "schools", "programmes", "instructors", "tutors", "agreements",
                    "coordinators", "positions", "rotation_plans", "competencies", "exams"})


@dataclass(frozen=True)
class CellRow:
    """A row as the view shows it: display texts, plus the status for its accent colour."""

    id: int
    cells: tuple[str, ...]
    status: str | None = None
    #: A record retired (a company, school or instructor no longer active): greyed, its first cell marked.
    retired: bool = False
    #: What the first cell's tooltip says instead of its text (a retired record: since when).
    tip: str | None = None


#: A page as read from the database: the ids asked for, the records found by id, and the names they point at
#: (see PageReader.names).
Fetched = tuple[tuple[int, ...], dict[int, dict[str, Any]], dict[str, dict[int, str]]]

#: The roles a list answers; the view asks each visible cell for a dozen (font, alignment, decoration…), so the
#: others are refused before anything else is looked at.
_ANSWERED = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole,
                       Qt.ItemDataRole.UserRole})
_SHOWN = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole})


class _Page:
    """One page's records as read, each put in words when the view first shows it: a keystroke in the search
    puts the ≈25 rows on screen in words, not the page's 200 (at 100,000 agreements their dates alone took a
    third of a keystroke). ``asked``: the ids it was read for; a search's first read asks for the rows on screen
    alone, and the page is read whole when a row beyond them is shown."""

    __slots__ = ("asked", "found", "names", "shown")

    def __init__(self, fetched: Fetched) -> None:
        asked, self.found, self.names = fetched
        self.asked = frozenset(asked)
        self.shown: dict[int, CellRow] = {}


class PageReader:
    """Reads the records of a page and the names they point at. Plain Python calling only services (no Qt),
    so a worker thread may use it while the model lives in the GUI thread."""

    def __init__(self, db: Office, kind: str, columns: list[Column]) -> None:
        self.db = db
        self.kind = kind
        self.columns = columns
        self._competency_titles: dict[int, str] = {}
        self._programmes_read: set[int] = set()

    def fetch(self, ids: Sequence[int]) -> Fetched:
        found = records.get_many(self.db, self.kind, ids) if ids else {}
        return tuple(ids), found, self.names(found.values())

    def names(self, found: Any) -> dict[str, dict[int, str]]:
        """Names of every record the page points at: one query per foreign-key kind, in one session."""
        wanted: dict[str, set[int]] = {}
        found = list(found)
        for col in self.columns:
            ref = col.ref_kind
            if ref in _NAMED:
                wanted.setdefault(ref, set()).update(r[col.key] for r in found if r.get(col.key))
        names = references.display_names_of(self.db, {ref: sorted(ids) for ref, ids in wanted.items() if ids})
        names.update((ref, {}) for ref, ids in wanted.items() if not ids)
        agreements: dict[int, dict[str, Any]] = {}
        if any(c.key == "apprentice" for c in self.columns):  # a record of an agreement: its apprentice
            agreements = records.get_many(self.db, "agreements", sorted({r["agreement_id"] for r in found}))
            people = records.display_names(self.db, "apprentices",
                                           sorted({a["apprentice_id"] for a in agreements.values()}))
            names["apprentice_of_agreement"] = {
                aid: people.get(a["apprentice_id"], "") for aid, a in agreements.items()}
        if any(c.key == "competency_id" for c in self.columns):  # titled by their agreements' programmes
            programmes = {a["programme_id"] for a in agreements.values()} - self._programmes_read
            for programme_id in sorted(programmes):
                programme = records.get(self.db, "programmes", programme_id)
                self._programmes_read.add(programme_id)
                for c in programme.get("competencies", []):
                    self._competency_titles[c["id"]] = f"{c['code']} {c['title']}"
            names["competencies"] = dict(self._competency_titles)
        return names


class RecordTableModel(QAbstractTableModel):
    """Ordered ids of one query, rows loaded lazily in pages."""

    #: The view asked to sort by a column: (column index, descending).
    sortRequested = Signal(int, bool)

    def __init__(self, db: Office, kind: str, *, page_size: int = 200, cached_pages: int = 16,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self.db = db
        self.kind = kind
        self.columns = columns_for(kind)
        self.page_size = page_size
        self._cached_pages = cached_pages
        self._ids: list[int] = []
        self._rows_of: dict[int, int] | None = None
        self._more = False
        self._pages: OrderedDict[int, _Page] = OrderedDict()
        self.reader = PageReader(db, kind, self.columns)
        #: How many pages were read from the database (for tests and diagnostics).
        self.pages_loaded = 0

    # -- the ids -----------------------------------------------------------------------------------

    def set_ids(self, ids: Sequence[int], *, more: bool = False, first_page: Fetched | None = None) -> None:
        """Show ``ids``: all of the list's ids, or its first ones when ``more`` follow (through
        :meth:`complete_ids`). ``first_page``: the records of the first of them (those on screen), already read
        off the GUI thread by ``reader.fetch``."""
        self.beginResetModel()
        self._ids = list(ids)
        self._rows_of = None
        self._more = more
        self._pages.clear()
        if first_page is not None and self._ids:
            self._pages[0] = _Page(first_page)
        self.endResetModel()

    def complete_ids(self, ids: Sequence[int]) -> None:
        """All the ids of the list whose first ones are shown. The rows on screen stay where they are when
        the new list begins with them (the others are added below them); otherwise (the data changed in
        between) the list starts again."""
        ids = list(ids)
        if ids[:len(self._ids)] == self._ids:
            self._more = False
            if len(ids) > len(self._ids):
                self.beginInsertRows(QModelIndex(), len(self._ids), len(ids) - 1)
                self._ids = ids
                self._rows_of = None
                self.endInsertRows()
        else:
            self.set_ids(ids)

    @property
    def complete(self) -> bool:
        """Every id of the list is here (not only its first page)."""
        return not self._more

    def ids(self) -> list[int]:
        """The ids held so far: all of them once :attr:`complete`."""
        return list(self._ids)

    def total(self) -> int:
        """How many ids are here: the list's count once :attr:`complete`, its first page before."""
        return len(self._ids)

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, record_id: int) -> int | None:
        if self._rows_of is None:
            self._rows_of = {rid: i for i, rid in enumerate(self._ids)}
        return self._rows_of.get(record_id)

    def invalidate(self, record_id: int | None = None) -> None:
        """Forget cached rows (one record's page, or all) and repaint: after a save."""
        if record_id is None:
            self._pages.clear()
        else:
            self._pages = OrderedDict((n, page) for n, page in self._pages.items() if record_id not in page.found)
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(self.columns) - 1))

    # -- Qt model interface ------------------------------------------------------------------------

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.columns[section].title()
            if role == Qt.ItemDataRole.ToolTipRole:  # the title whole, even when the header cuts it
                if self.columns[section].sort_key is None:
                    return _("{column} (this column cannot sort)").format(column=self.columns[section].title())
                return self.columns[section].title()
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ANSWERED:
            return None
        row_number = index.row()  # -1 for an invalid index
        if not 0 <= row_number < len(self._ids):
            return None
        return self._answer(self.row(row_number), index.column(), role)

    def multiData(self, index: _Index, roleDataSpan: Any) -> None:  # noqa: N802, N803 - Qt's names
        """Every role the view asks of a cell in one call: painting a cell asks seven (font, alignment,
        colours, check state, decoration, text), each a call from C++ into Python through :meth:`data` — ≈2,500
        of them when a search keystroke repaints the list."""
        row_number = index.row()
        row = self.row(row_number) if 0 <= row_number < len(self._ids) else None
        for role_data in roleDataSpan:
            role = role_data.role()
            value = self._answer(row, index.column(), role) if row is not None and role in _ANSWERED else None
            if value is None:
                role_data.clearData()
            else:
                role_data.setData(value)

    def _answer(self, row: CellRow, column: int, role: int) -> Any:
        """What ``row``'s cell in ``column`` shows for ``role`` (one of :data:`_ANSWERED`)."""
        if role in _SHOWN:
            if row.tip is not None and column == 0 and role == Qt.ItemDataRole.ToolTipRole:
                return row.tip
            return row.cells[column]
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if row.retired:  # the foreground of a retired record's row: the grey of the retired (still AA)
            return status_colour("ended")
        if row.status and self.columns[column].key == "status":  # the foreground
            return status_colour(row.status)  # ui.style: a shade that reads at AA on the list's rows
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sortRequested.emit(column, order == Qt.SortOrder.DescendingOrder)

    # -- rows --------------------------------------------------------------------------------------

    def row(self, row_number: int) -> CellRow:
        page_number = row_number // self.page_size
        page = self._pages.get(page_number)
        record_id = self._ids[row_number]
        if page is None or record_id not in page.asked:  # not read yet, or beyond a first read's rows
            page = self._load_page(page_number)
        else:
            self._pages.move_to_end(page_number)
        row = page.shown.get(record_id)
        if row is None:
            record = page.found.get(record_id)
            row = (self._cell_row(record, page.names) if record is not None
                   else CellRow(record_id, tuple("" for _c in self.columns)))
            page.shown[record_id] = row
        return row

    def _load_page(self, page_number: int) -> _Page:
        ids = self._ids[page_number * self.page_size:(page_number + 1) * self.page_size]
        page = _Page(self.reader.fetch(ids))
        self._pages[page_number] = page
        self.pages_loaded += 1
        while len(self._pages) > self._cached_pages:
            self._pages.popitem(last=False)
        return page

    def _cell_row(self, record: dict[str, Any], names: dict[str, dict[int, str]]) -> CellRow:
        cells = []
        for col in self.columns:
            if col.key == "apprentice":
                cells.append(names.get("apprentice_of_agreement", {}).get(record["agreement_id"], ""))
                continue
            value = record.get(col.key)
            ref = col.ref_kind
            if ref and value is not None:
                cells.append(names.get(ref, {}).get(value) or f"#{value}")
            else:
                cells.append(format_value(col.type, value, self.kind))
        gone = records.is_retired(record)
        tip = None
        if gone and cells:  # kept in the list for its history, but said to be retired: the mark first, where a
            # cell of the list's width still shows it (after a long name it was cut off, win21p)
            tip = _("{name}, retired on {date}").format(name=cells[0],
                                                        date=format_value("date", record["retired_on"]))
            cells[0] = records.retired_mark(cells[0])
        return CellRow(record["id"], tuple(cells), record.get("status"), gone, tip)

