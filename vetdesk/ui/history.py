"""A record's history: every change the audit trail holds for it — when, who, what, each field before and
after — so a form can answer "who changed this, and from what?".

The entries come from :func:`vetdesk.services.records.history` (which applies the same right as reading
the record); this module only formats them for people: local time, field labels, dates and statuses in
the interface language, referenced records by name.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QLocale, QTime
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vetdesk.domain.problems import RuleViolation
from vetdesk.i18n import N_, _, ngettext, upper_first
from vetdesk.services import records
from vetdesk.services.fields import Field
from vetdesk.services.office import Office
from vetdesk.ui.formatting import format_date, format_value, qlocale

#: The width of the "what was done" column (pixels): two lines of a long operation's name.
WHAT_WIDTH = 220


COLUMNS = (N_("When"), N_("Who"), N_("What"), N_("Field"), N_("Before"), N_("After"))
ACTION_LABELS = {
    "create": N_("created"), "update": N_("changed"), "status": N_("status changed"), "delete": N_("deleted"),
    "login": N_("sign-in"), "anonymise": N_("anonymised"), "attach": N_("file attached"),
    "detach": N_("file removed"),
    "append": N_("added"), "print": N_("printed (day, layout, language, text version)"),
    "amend": N_("amendment recorded (takes effect once signed)"),
    "amend_sign": N_("amendment: signatures recorded"),
    "amend_signed": N_("amendment signed by all the parties: its terms apply"),
}
#: Fields of kinds that have no field list of their own (user accounts).
EXTRA_LABELS = {"username": N_("User name"), "role": N_("Role"), "instructor_id": N_("Instructor"),
                "password": N_("Password"), "result": N_("Result"), "full_name": N_("Full name"),
                # what a printing records (services.records.print_for_signature)
                "template": N_("Layout"), "language": N_("Language"), "text_version": N_("Text version"),
                "copy": N_("Copy of the signed agreement"), "translation": N_("Translation of the signed text"),
                "document": N_("Document printed"),
                # what an amendment records (services.amendments.record_amendment)
                "amendment": N_("Amendment"), "effective_on": N_("Effective from"),
                "reason": N_("Reason for the amendment"),
                # what attaching a file records (services.attachments, services.week_files)
                "attachment_id": N_("File number"), "filename": N_("File name"), "media_type": N_("Kind of file"),
                "bytes": N_("Size in bytes"), "sha256": N_("SHA-256 digest")}
RESULT_LABELS = {"failed": N_("failed")}
EMPTY = "—"


def when(at: str) -> str:
    """An audit time (UTC, ISO) in the computer's time zone and the interface's date format."""
    moment = datetime.fromisoformat(at)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone()
    clock = qlocale().toString(QTime(local.hour, local.minute), QLocale.FormatType.ShortFormat)
    return f"{format_date(local.date())} {clock}"


def _spec(kind: str, name: str) -> Field | None:
    if kind in records.KINDS:
        return records.kind(kind).field(name)
    return None


def field_label(kind: str, name: str) -> str:
    """The user's word for a changed key: the field's label, a computed key's (an apprentice's name), or an
    account's or a printing's key; never the internal name, unless nothing knows it."""
    spec = _spec(kind, name)
    if spec is not None:
        return spec.title()
    extra_labels = records.kind(kind).extra_labels if kind in records.KINDS else {}
    if name in extra_labels:
        return _(extra_labels[name])
    return _(EXTRA_LABELS[name]) if name in EXTRA_LABELS else name


def _typed(field_type: str, value: Any) -> Any:
    """The audit trail stores JSON: dates and amounts come back as text."""
    if isinstance(value, str) and field_type == "date":
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, str) and field_type == "decimal":
        try:
            return Decimal(value)
        except InvalidOperation:
            return value
    return value


class HistoryFormatter:
    """Turns audit values into text; names referenced records (one query per referenced kind)."""

    def __init__(self, db: Office, kind: str, entries: list[dict[str, Any]]) -> None:
        self.kind = kind
        self.names: dict[tuple[str, int], str] = {}
        wanted: dict[str, set[int]] = {}
        for entry in entries:
            for side in ("before", "after"):
                for name, value in (entry.get("changes") or {}).get(side, {}).items():
                    spec = _spec(kind, name)
                    ref = spec.ref_kind if spec is not None else ("instructors" if name == "instructor_id"
                                                                  else None)
                    if ref and isinstance(value, int):
                        wanted.setdefault(ref, set()).add(value)
        for ref, ids in wanted.items():
            try:
                found = records.get_many(db, ref, sorted(ids))
            except (RuleViolation, KeyError):
                continue  # not readable for this user (or not a record kind): ids are shown instead
            for record_id, record in found.items():
                name = record.get("name") or record.get("reference")
                if name:
                    self.names[(ref, record_id)] = str(name)

    def value(self, name: str, value: Any) -> str:
        if value is None or value == "":
            return EMPTY
        spec = _spec(self.kind, name)
        if spec is not None and spec.ref_kind:
            return self.names.get((spec.ref_kind, value), f"#{value}")
        if name == "instructor_id" and spec is None:
            return self.names.get(("instructors", value), f"#{value}")
        if name == "role" and spec is None:
            return _(str(value))
        if name == "result":
            return _(RESULT_LABELS.get(str(value), str(value)))
        if isinstance(value, list):
            return ", ".join(str(v) for v in value) or EMPTY
        if spec is not None:
            return format_value(spec.type, _typed(spec.type, value), self.kind) or EMPTY
        return str(value)


#: Bookkeeping columns nobody needs to read in a history.
HIDDEN_FIELDS = frozenset({"id", "version", "search_text", "created_at", "updated_at"})


def what(entry: dict[str, Any]) -> str:
    """The operation's own label (in the reader's language, as the core's history gives it), else the kind of
    change."""
    operation = str(entry.get("operation") or "").strip()
    if operation:
        return operation
    action = str(entry.get("action") or "")
    return upper_first(_(ACTION_LABELS[action]) if action in ACTION_LABELS else action)


def changed_fields(kind: str, before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """The fields worth a line: in the form's order, without bookkeeping or empty-to-empty changes."""
    names = [n for n in dict.fromkeys([*after, *before])
             if n not in HIDDEN_FIELDS and (before.get(n) not in (None, "") or after.get(n) not in (None, ""))]
    if kind in records.KINDS:
        order = {n: i for i, n in enumerate(records.kind(kind).field_names)}
        names.sort(key=lambda n: order.get(n, len(order)))
    return names


class HistoryView(QWidget):
    """The history of one record: an entry per change, with one line per field changed beneath it."""

    def __init__(self, db: Office, kind: str, record_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.kind = kind
        self.record_id = record_id
        self.entries: list[dict[str, Any]] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels([_(c) for c in COLUMNS])
        self.tree.setAccessibleName(_("History"))
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        self.tree.setRootIsDecorated(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        for column in (0, 1, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # What was done: a long operation's name wraps in its own width, so the values keep theirs.
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, WHAT_WIDTH)
        for column in (4, 5):  # values share what is left; the full text is in the tooltip
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.tree, 1)
        self.refresh()

    def refresh(self) -> None:
        self.tree.clear()
        try:
            self.entries = records.history(self.db, self.kind, self.record_id)
        except RuleViolation as refusal:
            self.entries = []
            self.summary.setText("\n".join(p.message for p in refusal.problems))
            return
        fmt = HistoryFormatter(self.db, self.kind, self.entries)
        for entry in reversed(self.entries):  # the latest change first
            changes = entry.get("changes") or {}
            before, after = changes.get("before") or {}, changes.get("after") or {}
            names = changed_fields(self.kind, before, after)
            item = QTreeWidgetItem([when(entry["at"]), entry.get("user") or _("(system)"), what(entry)])
            item.setToolTip(0, entry["at"] + " UTC")
            if len(names) == 1:  # a single field: on the same line
                self._fill(item, fmt, names[0], before, after)
            elif names:
                item.setText(3, ngettext("{n} field", "{n} fields", len(names)).format(n=len(names)))
                for name in names:
                    child = QTreeWidgetItem(["", "", ""])
                    self._fill(child, fmt, name, before, after)
                    item.addChild(child)
            self.tree.addTopLevelItem(item)
            item.setExpanded(True)
        n = len(self.entries)
        self.summary.setText(ngettext("{n} change recorded. The latest comes first.",
                                      "{n} changes recorded. The latest comes first.", n).format(n=n)
                             if n else _("No change of this record has been recorded."))

    @staticmethod
    def _fill(item: QTreeWidgetItem, fmt: HistoryFormatter, name: str, before: dict[str, Any],
              after: dict[str, Any]) -> None:
        item.setText(3, field_label(fmt.kind, name))
        item.setText(4, fmt.value(name, before.get(name)) if name in before else EMPTY)
        item.setText(5, fmt.value(name, after.get(name)) if name in after else EMPTY)
        for column in (4, 5):
            item.setToolTip(column, item.text(column))

    def rows(self) -> list[tuple[str, ...]]:
        """Every line as shown (entries and their field lines), for tests and copying."""
        out: list[tuple[str, ...]] = []
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            assert item is not None  # i < topLevelItemCount()
            out.append(tuple(item.text(c) for c in range(len(COLUMNS))))
            for j in range(item.childCount()):
                child = item.child(j)
                assert child is not None  # j < childCount()
                out.append(tuple(child.text(c) for c in range(len(COLUMNS))))
        return out


class HistoryDialog(QDialog):
    """The History window of a record form: ``HistoryDialog(db, kind, id, parent, title=…).exec()``."""

    def __init__(self, db: Office, kind: str, record_id: int, parent: QWidget | None = None, *,
                 title: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("History: {record}").format(record=title) if title else _("History"))
        self.resize(1100, 520)  # a CURP before and after, whole, at 1366×768
        layout = QVBoxLayout(self)
        self.view = HistoryView(db, kind, record_id, self)
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).clicked.connect(self.reject)
        layout.addWidget(buttons)
