"""The welcome page: what a new office sees on an empty database instead of the dashboard.

Two short steps: (1) the office's letterhead — chamber name, address, place of signing and logo, used
on every printout — and who signs agreements for the chamber (optional here, but printing for signature needs
someone named); (2) how to start — demonstration data, the spreadsheet import, or an empty database.
Each path ends with :attr:`WelcomePage.finished` so the main window can show its dashboard.
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QSize, QStandardPaths, Qt, Signal
from PySide6.QtGui import QImageReader, QPixmap
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from vetdesk.domain import permissions
from vetdesk.domain.problems import Problem, RuleViolation
from vetdesk.i18n import N_, _
from vetdesk.services.office import Office
from vetdesk.services.settings import OWN_DETAILS, detail_example, office_problems, office_settings, own_details
from vetdesk.services.uow import acting
from vetdesk.ui import tasks
from vetdesk.ui.editors import with_file_button
from vetdesk.ui.folders import ask_open_file
from vetdesk.ui.login import FieldMessages, heading, paragraph

#: The office details asked for in step 1 (settings keys and their labels).
OFFICE_FIELDS = (("chamber_name", N_("Chamber name")), ("chamber_address", N_("Address")),
                 ("chamber_place", N_("Place of signing")),
                 # Printing an agreement for signature refuses one with no one to sign for the chamber: asked here.
                 ("chamber_signatory", N_("Who signs for the chamber")), ("chamber_signatory_title", N_("Their title")),
                 ("chamber_logo", N_("Logo file")))
LOGO_PREVIEW = QSize(220, 90)
#: How many invented apprentices "Load demonstration data" adds (with their companies, schools…).
DEMO_APPRENTICES = 300


class WelcomePage(QWidget):
    """Step 1: the office's letterhead; step 2: demonstration data, import, or start empty.

    Emits ``import_requested`` when the person chooses the spreadsheet import (the main window opens
    its import wizard), then ``finished`` with ``"demo"``, ``"import"`` or ``"empty"``.
    """

    finished = Signal(str)
    import_requested = Signal()

    def __init__(self, db: Office, parent: QWidget | None = None, *,
                 demo_apprentices: int = DEMO_APPRENTICES) -> None:
        super().__init__(parent)
        self.db = db
        self.demo_apprentices = demo_apprentices
        #: Counts per kind that the demonstration data added (once loaded).
        self.demo_counts: dict[str, int] | None = None
        self.loading = False
        self.may_change_office = not permissions.check(acting(db).role, permissions.Action.SETTINGS)
        self._build()
        self.show_step(1 if self.may_change_office else 2)

    # -- building ----------------------------------------------------------------------------------

    def _build(self) -> None:
        # The steps scroll on a short screen: the office step asks who signs for the chamber too, and the window
        # must not grow taller than the screen for it.
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        QVBoxLayout(self).addWidget(scroll)
        within = QWidget(scroll)
        scroll.setWidget(within)
        outer = QHBoxLayout(within)
        outer.addStretch(1)
        column = QWidget(within)
        column.setMaximumWidth(760)
        column.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        outer.addWidget(column, 4)
        outer.addStretch(1)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(12, 24, 12, 12)
        title = heading(_("Welcome to vetdesk"), column)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        title.setFont(font)
        layout.addWidget(title)
        layout.addWidget(paragraph(_("This database is still empty. Two short steps, and you are ready to "
                                     "follow your apprentices."), column))
        layout.addSpacing(8)
        self.steps = QStackedWidget(column)
        self.steps.addWidget(self._office_step())
        self.steps.addWidget(self._start_step())
        layout.addWidget(self.steps)
        layout.addStretch(1)

    def _office_step(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading(_("Step 1 of 2: your office"), page))
        layout.addWidget(paragraph(_("These details head every agreement, certificate and report vetdesk "
                                     "prints. You can change them later under Tools › Settings."), page))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.messages = FieldMessages(QLabel(page))
        office = office_settings(self.db) | own_details(self.db)  # never another office's name and address
        self.office: dict[str, QLineEdit] = {}
        for key, label in OFFICE_FIELDS:
            edit = QLineEdit(str(office.get(key) or ""), page)
            edit.setCursorPosition(0)
            if key in OWN_DETAILS:
                edit.setPlaceholderText(detail_example(key))
            edit.setAccessibleName(_(label))
            self.office[key] = edit
            widget: QWidget = edit
            if key == "chamber_logo":
                widget = self._logo_row(edit, page)
            caption = QLabel(_(label), page)
            caption.setBuddy(edit)
            form.addRow(caption, self.messages.cell(key, widget, page))
            if key == "chamber_signatory_title":
                self.signatory_note = paragraph(_(
                    "Optional now, but agreements cannot be printed for signature until someone is named to sign "
                    "for the chamber (here, or as the coordinator on a school and company's collaboration "
                    "agreement)."), page)
                self.signatory_note.setAccessibleName(_("About who signs for the chamber"))
                form.addRow("", self.signatory_note)
        self.office["chamber_signatory"].setPlaceholderText(_("e.g. {example}").format(
            example="Lic. Ana Pérez Gómez"))
        self.office["chamber_signatory_title"].setPlaceholderText(_("e.g. {example}").format(
            example=_("Head of vocational training")))
        self.office["chamber_logo"].setPlaceholderText(_("none: printouts carry a neutral placeholder"))
        self.logo_preview = QLabel(page)
        self.logo_preview.setFixedSize(LOGO_PREVIEW)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.logo_preview.setAccessibleName(_("Logo preview"))
        form.addRow("", self.logo_preview)
        self.office["chamber_logo"].textChanged.connect(self._preview_logo)
        self._preview_logo()
        layout.addLayout(form)
        layout.addWidget(self.messages.general)
        row = QHBoxLayout()
        row.addStretch(1)
        self.next_button = QPushButton(_("Save and continue"), page)
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.save_office)
        for edit in self.office.values():  # a page is no dialog: Enter in a field submits it, as in one
            edit.returnPressed.connect(self.save_office)
        row.addWidget(self.next_button)
        layout.addLayout(row)
        layout.addStretch(1)
        return page

    def _logo_row(self, edit: QLineEdit, parent: QWidget) -> QWidget:
        return with_file_button(edit, self._browse_logo, _("Choose the logo file"), parent)

    def _start_step(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading(_("Step 2 of 2: how do you want to start?") if self.may_change_office
                                 else _("How do you want to start?"), page))
        self.demo_button = QCommandLinkButton(
            _("Load demonstration data"),
            _("Invented companies, schools and apprentices with agreements in every stage: the quickest way "
              "to see what vetdesk does. Keep your real records in a separate database."), page)
        self.import_button = QCommandLinkButton(
            _("Import spreadsheets"),
            _("Bring in the lists you already keep — companies, schools, apprentices, agreements — from Excel "
              "or CSV files. vetdesk checks every row before anything is saved."), page)
        self.empty_button = QCommandLinkButton(
            _("Start empty"),
            # The whole order an agreement needs, from the programme on (trial 24c: only the company, the school and
            # the apprentice were named, and the first agreement met no programme and no rotation plan).
            _("Enter your records by hand, in the order an agreement needs them: programme (with its "
              "competencies) → company (with its learning positions and rotation plan) → school → instructor → "
              "apprentice → the learning agreement, drawn up with Records › New learning agreement."), page)
        for button in (self.demo_button, self.import_button, self.empty_button):
            layout.addWidget(button)
        self.demo_button.clicked.connect(self.load_demo)
        self.import_button.clicked.connect(self.choose_import)
        self.empty_button.clicked.connect(self.start_empty)
        busy_row = QHBoxLayout()
        self.busy_label = QLabel(_("Loading the demonstration data…"), page)
        self.busy_bar = QProgressBar(page)
        self.busy_bar.setRange(0, 0)  # no steps to count: one transaction
        self.busy_bar.setMaximumWidth(200)
        self.busy_bar.setAccessibleName(_("Loading"))
        busy_row.addWidget(self.busy_label, 1)
        busy_row.addWidget(self.busy_bar)
        layout.addLayout(busy_row)
        self.busy_label.hide()
        self.busy_bar.hide()
        self.start_message = QLabel(page)
        FieldMessages.style_message(self.start_message)
        layout.addWidget(self.start_message)
        row = QHBoxLayout()
        self.back_button = QPushButton(_("Back"), page)
        self.back_button.clicked.connect(lambda: self.show_step(1))
        self.back_button.setVisible(self.may_change_office)
        row.addWidget(self.back_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        return page

    # -- step 1: the office ------------------------------------------------------------------------

    def show_step(self, step: int) -> None:
        self.steps.setCurrentIndex(step - 1)
        focus = self.office["chamber_name"] if step == 1 else self.demo_button
        focus.setFocus()

    @property
    def step(self) -> int:
        return self.steps.currentIndex() + 1

    def _browse_logo(self) -> None:
        names = (f.toStdString() for f in QImageReader.supportedImageFormats())
        formats = " ".join(f"*.{name}" for name in names if name in ("png", "jpg", "jpeg", "gif", "bmp"))
        path = ask_open_file(self, _("Logo file"), _("Images") + f" ({formats})",
                             QStandardPaths.StandardLocation.PicturesLocation)
        if path:
            self.office["chamber_logo"].setText(path)

    def _preview_logo(self) -> None:
        path = self.office["chamber_logo"].text().strip()
        pixmap = QPixmap(path) if path else QPixmap()
        if pixmap.isNull():
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText(_("No logo chosen") if not path else _("Not a picture"))
            return
        size = LOGO_PREVIEW - QSize(8, 8)
        self.logo_preview.setPixmap(pixmap.scaled(size, Qt.AspectRatioMode.KeepAspectRatio,
                                                  Qt.TransformationMode.SmoothTransformation))

    def office_values(self) -> dict[str, Any]:
        return {key: edit.text().strip() for key, edit in self.office.items()}

    def _office_problems(self, values: dict[str, Any]) -> list[Problem]:
        return office_problems(values)  # the service's own checks, so that every problem shows at once

    def save_office(self) -> bool:
        """Save the office's details (step 1) and go on to step 2; False when something must be fixed."""
        values = self.office_values()
        problems = self._office_problems(values)
        if not problems:
            before = office_settings(self.db)
            changes = {k: v for k, v in values.items() if v != before.get(k)}
            try:
                if changes:
                    self.db.save_settings(changes)
            except RuleViolation as refusal:
                problems = refusal.problems
        field = self.messages.show(problems)
        if problems:
            if field is not None:
                self.office[field].setFocus()
            return False
        self.show_step(2)
        return True

    # -- step 2: how to start ----------------------------------------------------------------------

    def _set_busy(self, busy: bool) -> None:
        self.loading = busy
        for button in (self.demo_button, self.import_button, self.empty_button, self.back_button):
            button.setEnabled(not busy)
        self.busy_label.setVisible(busy)
        self.busy_bar.setVisible(busy)

    def load_demo(self) -> None:
        """Fill the database with demonstration data off the GUI thread, then finish with ``"demo"``."""
        self.start_message.hide()
        self._set_busy(True)
        db, count = self.db, self.demo_apprentices
        tasks.run_in_background(lambda: db.fill_demo(apprentices=count), self._demo_done, self._demo_failed)

    def _demo_done(self, counts: dict[str, int]) -> None:
        if not shiboken6.isValid(self):
            return  # the window closed while the data was loading
        self._set_busy(False)
        self.demo_counts = dict(counts)
        self.finished.emit("demo")

    def _demo_failed(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self._set_busy(False)
        if not isinstance(exc, RuleViolation):
            raise exc  # a fault nobody expected: the application's last-resort handler explains it
        self.start_message.setText("\n".join(p.message for p in exc.problems))
        self.start_message.show()

    def choose_import(self) -> None:
        self.import_requested.emit()
        self.finished.emit("import")

    def start_empty(self) -> None:
        self.finished.emit("empty")
