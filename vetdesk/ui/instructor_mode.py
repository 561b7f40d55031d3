"""Instructor mode: ``vetdesk --exchange FILE.xlsx`` opens the window on the exchange workbook alone — no office
database, no other records. The instructor sees their apprentices' open weeks and the ratings grid, writes the
attendance, hours and texts, approves or returns weeks, rates, and saves back into the same file (the core,
``services.exchange_file``, reads and writes it; this window only calls it)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, QStringListModel, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from vetdesk import i18n
from vetdesk.domain import logbook as L
from vetdesk.domain.problems import RuleViolation
from vetdesk.i18n import _, ngettext
from vetdesk.services import exchange_file as XF
from vetdesk.ui.editors import WEEK_ACCOUNT_LINES, paragraph_height
from vetdesk.ui.formatting import format_date
from vetdesk.ui.style import WARNING_HUE, text_colour

#: The ratings grid's columns.
R_APPRENTICE, R_POSITION, R_CODE, R_TITLE, R_LATEST, R_LEVEL, R_COMMENT = range(7)
#: The widest a column that is only read gets (the comment's column takes the rest).
READ_COLUMN_WIDTH = 220


def _combo(name: str, items: tuple[str, ...], parent: QWidget) -> QComboBox:
    box = QComboBox(parent)
    box.setAccessibleName(name)
    box.addItems(["", *items])
    return box


def _choose(box: QComboBox, value: str) -> None:
    if value and box.findText(value) < 0:  # a value the drop-down does not offer (typed in a spreadsheet): shown
        box.addItem(value)
    box.setCurrentIndex(max(0, box.findText(value)))


class CodesCompleter(QCompleter):
    """Offers the week's competency codes for the code being typed after the last comma, and puts the one chosen
    in its place (the codes before it stay)."""

    def __init__(self, edit: QLineEdit) -> None:
        super().__init__(QStringListModel([], edit), edit)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setFilterMode(Qt.MatchFlag.MatchStartsWith)
        self.edit = edit
        edit.setCompleter(self)

    def offer(self, codes: list[str]) -> None:
        model = self.model()
        assert isinstance(model, QStringListModel)
        model.setStringList(codes)

    def splitPath(self, path: str) -> list[str]:  # noqa: N802 - Qt's name
        return [path.rsplit(",", 1)[-1].strip()]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:  # noqa: N802 - Qt's name
        chosen = str(index.data())
        before = self.edit.text().rsplit(",", 1)[0] if "," in self.edit.text() else ""
        return f"{before.rstrip()}, {chosen}" if before.strip() else chosen


class _Paragraph(QPlainTextEdit):
    """A text box that asks for no more height than its minimum and takes the room the form has to spare: the
    week's form scrolls only when its minimum does not fit (a text box's own wish, ≈190 px, pushed the decision
    buttons below the window's edge)."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(super().sizeHint().width(), self.minimumHeight())


class InstructorWindow(QMainWindow):
    """The exchange workbook's weeks and ratings, filled in and saved into the same file."""

    def __init__(self, opened: XF.ExchangeFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.opened = opened
        self.weeks = list(opened.weeks)
        self.current: int | None = None
        self._saved = (tuple(self.weeks), opened.ratings)
        self.setWindowTitle(_("vetdesk — instructor mode — {file}").format(file=opened.path.name))
        central = QWidget(self)
        column = QVBoxLayout(central)
        # The file's title and whose it is; its third line tells a spreadsheet's user to fill the yellow cells,
        # which this window has none of: said here for the window.
        lines = [line for line in opened.head[:2] if line] + [_(
            "Choose a week in the list and fill in its attendance, hours, what the apprentice did and learnt, your "
            "decision and a note; rate on the “{ratings}” tab. Save, then send the file back to the office.").format(
            ratings=_("Ratings"))]
        self.head = head = QLabel("\n".join(lines), central)
        head.setWordWrap(True)
        column.addWidget(head)
        #: The cells that held a formula: opened empty, named here until the file is saved with their values.
        self._formulas_left = bool(opened.refused)
        self.refused = QLabel(central)
        self.refused.setWordWrap(True)
        self.refused.setStyleSheet("color: #b00020;")
        self.refused.setAccessibleName(_("Cells to fill in again"))
        self.refused.setText("\n".join([ngettext(
            "This cell could not be kept and is opened empty; the rest of your work is kept:",
            "These cells could not be kept and are opened empty; the rest of your work is kept:",
            len(opened.refused)), *opened.refused]) if opened.refused else "")
        self.refused.setVisible(bool(opened.refused))
        column.addWidget(self.refused)
        self.tabs = QTabWidget(central)
        self.tabs.addTab(self._weeks_page(), _("Weekly reports"))
        self.tabs.addTab(self._ratings_page(), _("Ratings"))
        column.addWidget(self.tabs, 1)
        row = QHBoxLayout()
        self.status = QLabel(central)
        self.status.setWordWrap(True)
        row.addWidget(self.status, 1)
        self.save_button = QPushButton(_("Save to the file"), central)
        self.save_button.clicked.connect(lambda _checked=False: self.save())
        row.addWidget(self.save_button)
        column.addLayout(row)
        self.setCentralWidget(central)
        save = QAction(_("Save to the file"), self)
        save.setShortcut(QKeySequence.StandardKey.Save)
        save.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)  # the process's only window
        save.triggered.connect(lambda _checked=False: self.save())
        self.addAction(save)
        if self.weeks:
            self.week_list.setCurrentRow(0)
        else:
            self.form_box.setEnabled(False)

    # -- building ----------------------------------------------------------------------------------------

    def _weeks_page(self) -> QWidget:
        page = QSplitter(Qt.Orientation.Horizontal, self)
        side = QWidget(page)
        side_column = QVBoxLayout(side)
        side_column.setContentsMargins(0, 0, 0, 0)
        # The weeks of one apprentice at a time, when the instructor wants (a file for a company holds many).
        self.apprentice_filter = QComboBox(side)
        self.apprentice_filter.setAccessibleName(_("Show the weeks of"))
        self.apprentice_filter.addItem(_("All apprentices"), "")
        for label, reference in XF.apprentice_choices(self.opened):  # by agreement: two of one name are two
            self.apprentice_filter.addItem(label, reference)
        self.apprentice_filter.currentIndexChanged.connect(lambda _index: self._filter_weeks())
        filter_row = QHBoxLayout()
        filter_label = QLabel(_("Show the weeks of"), side)
        filter_label.setBuddy(self.apprentice_filter)
        filter_row.addWidget(filter_label)
        filter_row.addWidget(self.apprentice_filter, 1)
        side_column.addLayout(filter_row)
        self.week_list = QListWidget(side)
        side_column.addWidget(self.week_list, 1)
        self.week_list.setAccessibleName(_("Open weeks"))
        for w in self.weeks:
            self.week_list.addItem(self._week_title(w))
        self.week_list.setSpacing(2)
        # As wide as its longest line (up to 560 px): the form beside it has room to spare at 1366×768.
        metrics = self.week_list.fontMetrics()
        widest = max((metrics.horizontalAdvance(line) for i in range(self.week_list.count())
                      for line in self.week_list.item(i).text().splitlines()), default=0)
        self.week_list.setMinimumWidth(min(560, widest + 48))
        self.week_list.currentRowChanged.connect(self._show_week)
        box = QWidget(page)
        form = QFormLayout(box)
        self.week_state = QLabel(box)
        self.week_state.setWordWrap(True)
        form.addRow(self.week_state)
        self.days = [_combo(_(name), self.opened.presence, box) for name in L.DAY_NAMES]
        for i, (name, combo) in enumerate(zip(L.DAY_NAMES, self.days, strict=True)):
            form.addRow(_(name), combo)
            # A day no week of the file trains on (a five-day agreement's Saturday) is not offered at all, as the
            # workbook hides its column.
            if self.weeks and all(w.days[i] is None for w in self.weeks) and i == L.WORKDAYS - 1:
                form.setRowVisible(combo, False)
        self.hours = QLineEdit(box)
        self.hours.setAccessibleName(_("Hours at the company"))
        self.school_hours = QLineEdit(box)
        self.school_hours.setAccessibleName(_("Hours at school"))
        self.activities = _Paragraph(box)
        self.activities.setAccessibleName(_("What was done and learnt at the company"))
        # A week's paragraph in sight (eight lines), never squeezed by the messages shown under the fields: the
        # form scrolls instead (win21p).
        self.activities.setMinimumHeight(paragraph_height(self.activities, WEEK_ACCOUNT_LINES))
        self.school_topics = QPlainTextEdit(box)
        self.school_topics.setAccessibleName(_("Topics at school"))
        self.school_topics.setMaximumHeight(60)
        self.position = _combo(_("Learning position"), (), box)
        self.practised = QLineEdit(box)
        self.practised.setAccessibleName(_("Competencies practised (codes)"))
        self.practised.setPlaceholderText(XF.codes_hint(self.opened))
        self.practised.setToolTip(_("Type the first letters of a code and choose it from the list; separate codes "
                                    "with commas."))
        self.codes = CodesCompleter(self.practised)
        self.note = QPlainTextEdit(box)
        self.note.setAccessibleName(_("Instructor's note"))
        self.note.setMaximumHeight(60)
        self.hours_problems: dict[str, QLabel] = {}
        self.hours_warnings: dict[str, QLabel] = {}
        for name, field_ in (("hours", self.hours), ("school_hours", self.school_hours)):
            problem = QLabel(box)
            problem.setWordWrap(True)
            problem.setStyleSheet("color: #b00020;")
            problem.setAccessibleName(_("Problem with {field}").format(field=field_.accessibleName()))
            problem.hide()
            self.hours_problems[name] = problem
            # The week's hours against the attendance chosen (the office form's warning, its words): said while the
            # instructor types the hours or chooses the days; it does not stop saving.
            warned = QLabel(box)
            warned.setWordWrap(True)
            warned.setAccessibleName(_("Warning about {field}").format(field=field_.accessibleName()))
            warned.hide()
            self.hours_warnings[name] = warned
            # Said on leaving the field (a half-typed number is not an error yet); gone as soon as it is right.
            field_.editingFinished.connect(lambda name=name: self._check_hours(name, show=True))
            field_.textEdited.connect(lambda _text, name=name: self._check_hours(name, show=False))
        # What the office's import would refuse in the texts and the codes, said under each field as the
        # instructor types (texts) or leaves the field (codes), by the import's own rules.
        self.field_problems: dict[str, QLabel] = {}
        checked: tuple[tuple[str, QWidget], ...] = (
            ("activities", self.activities), ("school_topics", self.school_topics), ("practised", self.practised),
            ("review_note", self.note))
        for name, widget in checked:
            problem = QLabel(box)
            problem.setWordWrap(True)
            problem.setStyleSheet("color: #b00020;")
            problem.setAccessibleName(_("Problem with {field}").format(field=widget.accessibleName()))
            problem.hide()
            self.field_problems[name] = problem
        for text_field in (self.activities, self.school_topics, self.note):
            text_field.textChanged.connect(self._check_texts)
        self.practised.editingFinished.connect(self._check_practised)
        # Gone as soon as they are right; said on leaving the field, or once the instructor stops typing (a
        # moment's pause: half-typed codes are not an error yet).
        self.practised_pause = QTimer(self)
        self.practised_pause.setSingleShot(True)
        self.practised_pause.setInterval(900)
        self.practised_pause.timeout.connect(self._check_practised)
        self.practised.textEdited.connect(self._typing_codes)
        self.position.activated.connect(lambda _index: self._check_practised())
        self.position.activated.connect(lambda _index: self._offer_codes())
        for combo in self.days:
            combo.currentIndexChanged.connect(lambda _index: self._check_attendance())
        for label, widget in ((_("Hours at the company"), self.hours),
                              ("", self.hours_problems["hours"]), ("", self.hours_warnings["hours"]),
                              (_("Hours at school"), self.school_hours),
                              ("", self.hours_problems["school_hours"]), ("", self.hours_warnings["school_hours"]),
                              (_("What was done and learnt at the company"), self.activities),
                              ("", self.field_problems["activities"]),
                              (_("Topics at school"), self.school_topics), ("", self.field_problems["school_topics"]),
                              (_("Learning position"), self.position),
                              (_("Competencies practised (codes)"), self.practised),
                              ("", self.field_problems["practised"]),
                              (_("Instructor's note"), self.note), ("", self.field_problems["review_note"])):
            if label:
                form.addRow(label, widget)
            else:
                form.addRow(widget)
        buttons = QHBoxLayout()
        self.review_buttons: dict[L.Review, QPushButton] = {}
        for text, review in ((_("Approve (countersign)"), L.Review.APPROVE), (_("Return with note"), L.Review.RETURN),
                             (_("Save the note as a comment"), L.Review.COMMENT)):
            button = QPushButton(text, box)
            button.setAccessibleName(text)
            button.clicked.connect(lambda _checked=False, review=review: self.review(review))
            buttons.addWidget(button)
            self.review_buttons[review] = button
        form.addRow(buttons)
        # Why a decision is not offered for the week shown (a week returned for correction is not approved).
        self.review_why = QLabel(box)
        self.review_why.setWordWrap(True)
        self.review_why.setAccessibleName(_("Why a decision is not offered"))
        self.review_why.hide()
        form.addRow(self.review_why)
        self.form_box = box
        # The week's form scrolls when what it shows (a six-day week, the messages under its fields) is taller than
        # the window at 1366×768: its fields and buttons are reached, never cut off at the window's edge.
        scroll = QScrollArea(page)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(box)
        self.form_area = scroll
        page.addWidget(side)
        page.addWidget(scroll)
        page.setStretchFactor(1, 2)
        page.setSizes([420, 900])  # the weeks' names whole beside the form
        return page

    def _ratings_page(self) -> QWidget:
        page = QWidget(self)
        column = QVBoxLayout(page)
        ratings = self.opened.ratings
        table = QTableWidget(len(ratings), 7, page)
        table.setAccessibleName(_("Ratings"))
        table.setHorizontalHeaderLabels([_("Apprentice"), _("Learning position"), _("Code"), _("Competency"),
                                         _("Latest rating when written"), _("Level"), _("Comment on the rating")])
        self.levels: list[QComboBox] = []
        self.comments: list[QLineEdit] = []
        for i, r in enumerate(ratings):
            apprentice = XF.apprentice_label(self.opened, r.reference, r.apprentice)
            for col, text in ((R_APPRENTICE, apprentice), (R_POSITION, r.position), (R_CODE, r.code),
                              (R_TITLE, r.title), (R_LATEST, r.latest)):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                table.setItem(i, col, item)
            level = _combo(_("Level of {code} ({apprentice})").format(code=r.code, apprentice=apprentice),
                           r.levels, table)
            _choose(level, r.level)
            table.setCellWidget(i, R_LEVEL, level)
            self.levels.append(level)
            comment = QLineEdit(r.comment, table)
            comment.setAccessibleName(_("Comment on {code} ({apprentice})").format(code=r.code,
                                                                                  apprentice=apprentice))
            table.setCellWidget(i, R_COMMENT, comment)
            self.comments.append(comment)
        table.resizeColumnsToContents()
        # The columns read are kept to a width that leaves the comment room to write in; a longer name or title
        # is elided and said whole in its tooltip.
        header = table.horizontalHeader()
        for col in (R_APPRENTICE, R_POSITION, R_TITLE, R_LATEST):
            title = table.horizontalHeaderItem(col)
            widest = max(READ_COLUMN_WIDTH, header.fontMetrics().horizontalAdvance(title.text() if title else "") + 24)
            if table.columnWidth(col) > widest:
                table.setColumnWidth(col, widest)
                for row in range(table.rowCount()):
                    cell = table.item(row, col)
                    if cell is not None:
                        cell.setToolTip(cell.text())
        table.horizontalHeader().setStretchLastSection(True)
        table.horizontalHeader().setMinimumSectionSize(60)
        self.ratings_table = table
        if not ratings:
            column.addWidget(QLabel(_("The file holds no ratings to give."), page))
        column.addWidget(table)
        return page

    # -- the weeks ----------------------------------------------------------------------------------------

    def _week_title(self, w: XF.FileWeek) -> str:
        """The week's item: the apprentice on one line, the week's dates and where it stands on the next (one line
        of both was wider than the list at 1366×768)."""
        dates = _("week from {start} to {end}").format(start=format_date(w.monday), end=format_date(w.sunday))
        return f"{XF.apprentice_label(self.opened, w.reference, w.apprentice)}\n{dates} — {w.decision or w.status}"

    def _show_week(self, index: int) -> None:
        self._keep_week()
        self.current = index if 0 <= index < len(self.weeks) else None
        if self.current is None:
            return
        w = self.weeks[self.current]
        for combo, day in zip(self.days, w.days, strict=True):
            combo.setEnabled(day is not None)
            _choose(combo, day or "")
        self.hours.setText(w.hours)
        self.school_hours.setText(w.school_hours)
        for name in self.hours_problems:
            self._check_hours(name, show=True)
        self.activities.setPlainText(w.activities)
        self.school_topics.setPlainText(w.school_topics)
        self.position.clear()
        self.position.addItems(["", *w.positions])
        _choose(self.position, w.position)
        self.position.setEnabled(bool(w.positions))
        self.practised.setText(w.practised)
        self._offer_codes()
        self.note.setPlainText(w.note)
        self._check_practised()
        self._check_texts()
        self._show_state(w)

    def _offer_codes(self) -> None:
        """The codes field's hint and choices: the codes of the position chosen (the week's own)."""
        if self.current is None:
            return
        week, position = self.weeks[self.current], self.position.currentText()
        self.practised.setPlaceholderText(XF.codes_hint(self.opened, week, position))
        self.codes.offer(XF.offered_codes(self.opened, week, position))

    def _filter_weeks(self) -> None:
        """Show only the chosen apprentice's weeks (all: every week); a week hidden is left for the first shown."""
        chosen = self.apprentice_filter.currentData() or ""
        for i, w in enumerate(self.weeks):
            self.week_list.item(i).setHidden(bool(chosen) and w.reference != chosen)
        current = self.week_list.currentItem()
        if current is None or current.isHidden():
            first = next((i for i in range(self.week_list.count()) if not self.week_list.item(i).isHidden()), -1)
            if first >= 0:
                self.week_list.setCurrentRow(first)

    def _check_hours(self, name: str, *, show: bool) -> bool:
        """The hours typed in ``name``'s field checked as the office's field reads them: the problem said under
        the field (with ``show``; otherwise only cleared once the value is right). True when they can be kept."""
        field_ = self.hours if name == "hours" else self.school_hours
        label = self.hours_problems[name]
        problem = XF.hours_problem(field_.text(), name,
                                   self.weeks[self.current].hours_limit if self.current is not None else None)
        if problem is None or show:
            label.setText(problem.message if problem is not None else "")
            label.setVisible(problem is not None)
            field_.setAccessibleDescription(problem.message if problem is not None else "")
        self._check_attendance()
        return problem is None

    def _check_attendance(self) -> None:
        """The hours typed against the attendance chosen in the form (the office's rule and words): a warning under
        each field, said as the instructor types, gone once they agree."""
        found: dict[str, str] = {}
        if self.current is not None:
            w = self.weeks[self.current]
            week = replace(w, days=tuple(None if day is None else combo.currentText()
                                         for combo, day in zip(self.days, w.days, strict=True)),
                           hours=self.hours.text().strip(), school_hours=self.school_hours.text().strip())
            found = {p.field: p.message for p in XF.attendance_warnings(self.opened, week)}
        for name, label in self.hours_warnings.items():
            text = found.get(name, "")
            label.setText(f"⚠ {text}" if text else "")
            label.setStyleSheet(f"color: {text_colour(WARNING_HUE).name()};")
            label.setVisible(bool(text))

    def _form_week(self) -> XF.FileWeek | None:
        """The week shown with what its form holds now (None when none is shown)."""
        if self.current is None:
            return None
        return replace(self.weeks[self.current], activities=self.activities.toPlainText(),
                       school_topics=self.school_topics.toPlainText(), note=self.note.toPlainText(),
                       position=self.position.currentText(), practised=self.practised.text().strip())

    def _say(self, name: str, message: str) -> None:
        label = self.field_problems[name]
        label.setText(message)
        label.setVisible(bool(message))

    def _check_texts(self) -> None:
        week = self._form_week()
        found = {p.field: p.message for p in XF.text_problems(week)} if week is not None else {}
        for name in ("activities", "school_topics", "review_note"):
            self._say(name, found.get(name, ""))

    def _typing_codes(self, _text: str) -> None:
        self._check_practised(show=False)
        self.practised_pause.start()

    def _check_practised(self, *, show: bool = True) -> None:
        week = self._form_week()
        problem = XF.practised_problem(self.opened, week) if week is not None else None
        if problem is not None and not show:
            return
        self._say("practised", problem.message if problem is not None else "")
        self.practised.setAccessibleDescription(problem.message if problem is not None else "")

    def _show_state(self, w: XF.FileWeek) -> None:
        text = _("Agreement {reference}. Status when the office wrote the file: {status}.").format(
            reference=w.reference, status=w.status)
        if w.decision:
            text += " " + _("Your decision: {decision}.").format(decision=w.decision)
        self.week_state.setText(text)
        reasons = []
        for review, button in self.review_buttons.items():
            why = XF.review_offered(self.opened, w, review)
            button.setEnabled(not why)
            button.setToolTip(why)
            button.setAccessibleDescription(why)
            if why and why not in reasons:
                reasons.append(why)
        self.review_why.setText("\n".join(reasons))
        self.review_why.setVisible(bool(reasons))

    def _keep_week(self) -> None:
        """What the form holds, into the week shown."""
        if self.current is None:
            return
        w = self.weeks[self.current]
        self.weeks[self.current] = replace(
            w, days=tuple(None if day is None else combo.currentText() for combo, day in zip(self.days, w.days,
                                                                                           strict=True)),
            hours=self.hours.text().strip(), school_hours=self.school_hours.text().strip(),
            activities=self.activities.toPlainText(), school_topics=self.school_topics.toPlainText(),
            position=self.position.currentText(), practised=self.practised.text().strip(),
            note=self.note.toPlainText())

    def review(self, decision: L.Review) -> None:
        """Approve, return or comment on the week shown (the file says so; the office writes it at import)."""
        if self.current is None:
            return
        self._keep_week()
        try:
            self.weeks[self.current] = XF.with_review(self.weeks[self.current], self.opened, decision)
        except RuleViolation as refusal:
            # Each problem under its field as well, and the first field to correct in focus.
            self._check_texts()
            self._check_practised()
            for name in self.hours_problems:
                self._check_hours(name, show=True)
            QMessageBox.warning(self, _("Weekly reports"), "\n".join(p.message for p in refusal.problems))
            fields: dict[str, QWidget] = {"hours": self.hours, "school_hours": self.school_hours,
                                          "activities": self.activities, "school_topics": self.school_topics,
                                          "competency_ids": self.practised}
            first = next((fields[p.field] for p in refusal.problems if p.field in fields), self.note)
            first.setFocus()
            return
        self.week_list.item(self.current).setText(self._week_title(self.weeks[self.current]))
        self._show_state(self.weeks[self.current])

    # -- the ratings and saving -------------------------------------------------------------------------

    def _ratings(self) -> list[XF.FileRating]:
        out = []
        for i, r in enumerate(self.opened.ratings):
            out.append(replace(r, level=self.levels[i].currentText(), comment=self.comments[i].text().strip()))
        return out

    def is_dirty(self) -> bool:
        self._keep_week()
        return self._formulas_left or (tuple(self.weeks), tuple(self._ratings())) != (self._saved[0],
                                                                                        tuple(self._saved[1]))

    def save(self) -> bool:
        """Write the weeks and ratings into the file; a refusal is shown and nothing is written."""
        self._keep_week()
        ratings = self._ratings()
        try:
            changed = XF.save_file(self.opened, self.weeks, ratings)
        except RuleViolation as refusal:
            QMessageBox.warning(self, _("Save to the file"), "\n".join(p.message for p in refusal.problems))
            return False
        except OSError as exc:
            from vetdesk.services.faults import explain

            QMessageBox.warning(self, _("Save to the file"), explain(exc) or str(exc))
            return False
        self._saved = (tuple(self.weeks), tuple(ratings))
        self._formulas_left = False  # the values typed (or nothing) are in the file in their place
        self.refused.hide()
        self.status.setText(ngettext("Saved into {file}: {n} cell changed. Send the file back to the office.",
                                     "Saved into {file}: {n} cells changed. Send the file back to the office.",
                                     changed).format(file=self.opened.path.name, n=changed))
        return True

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self.is_dirty():
            answer = QMessageBox.question(
                self, _("vetdesk"), _("Save your changes into the file before closing?"),
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel)
            if answer == QMessageBox.StandardButton.Cancel or (
                    answer == QMessageBox.StandardButton.Save and not self.save()):
                event.ignore()
                return
        event.accept()


def can_show_window() -> bool:
    """Whether a window (or a message box) can be shown: not on Qt's offscreen or minimal platform, and on X11 or
    Wayland only with a display to show it on."""
    import os
    import sys

    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform.startswith(("offscreen", "minimal")):
        return False
    if sys.platform.startswith(("win", "darwin")):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_exchange(path: str | Path, language: str | None) -> int:
    """Show instructor mode on ``path`` until its window is closed. A file that cannot be opened (no workbook, not
    the office's file as sent) is said once, before any window: on the console, and in a message box when one
    can be shown; then 1."""
    import sys

    try:
        opened = XF.open_file(path)
    except RuleViolation as refusal:
        message = "\n".join(p.message for p in refusal.problems)
        print(message, file=sys.stderr)
        if can_show_window():
            from vetdesk.ui.app import application, install_qt_translations

            install_qt_translations(application(), language or i18n.current().locale)
            QMessageBox.critical(None, _("vetdesk"), message)
        return 1
    from vetdesk.ui.app import application, install_excepthook, use_language

    app = application()
    install_excepthook()
    if language is None:  # not asked for (--lang): the file's language, which the office chose for the instructor
        language = XF.file_language(opened) or i18n.current().locale
        use_language(language, app)
        opened = XF.open_file(path)  # its words (a refused cell's) in that language
    else:
        use_language(language, app)
    window = InstructorWindow(opened)
    window.resize(1100, 720)
    window.show()
    return int(app.exec())


def open_window(path: str | Path) -> Any:
    """The window on ``path`` (for tests and the start): refused (RuleViolation) as :func:`run_exchange` says."""
    return InstructorWindow(XF.open_file(path))
