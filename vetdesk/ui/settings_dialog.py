"""Settings: the PC's (language, database location: QSettings) and the office's (in the database)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from vetdesk import i18n
from vetdesk.domain import bounds, training
from vetdesk.domain.problems import RuleViolation
from vetdesk.domain.training import SEVERITIES, severity_label
from vetdesk.i18n import N_, _
from vetdesk.services.office import Office
from vetdesk.services.settings import logo_image, office_settings
from vetdesk.ui.editors import DateEditor, with_file_button
from vetdesk.ui.folders import ask_open_file, ask_save_file
from vetdesk.ui.start import DATABASE_KEY, LANGUAGE_KEY

#: The interface languages, each named in its own language.
LANGUAGE_NAMES = (("es", "Español (México)"), ("en", "English"), ("de", "Deutsch"), ("pt", "Português (Brasil)"))
#: The widest an office field grows to show its value whole: the dialog stays within a 1366 px screen.
MAX_FIELD_WIDTH = 720
_THRESHOLDS = (
    ("instructor_capacity", N_("Apprentices per instructor before a warning"), 1, 50),
    ("weeks_without_assessment", N_("Weeks without an assessment before an alert"), 1, 52),
    ("expiry_notice_days", N_("Days of notice before insurance expires"), 1, 365),
    ("absence_days", N_("Unexcused absences (days) before an agreement is flagged"), *bounds.ABSENCE_DAYS),
    ("absence_weeks", N_("Weeks over which unexcused absences are counted"), *bounds.ABSENCE_WEEKS),
    ("plan_term_tolerance_weeks", training.PLAN_TOLERANCE_LABEL, *bounds.PLAN_TERM_TOLERANCE_WEEKS),
)
KEPT_SINCE_LABEL = N_("Weekly reports kept in vetdesk since")
PAPER_OWED_LABEL = N_("Paper weekly reports are keyed into vetdesk (owed there too)")
#: How strictly the training set-up's rules apply (domain.training.Strictness): error, warning or off.
_STRICTNESS = (
    ("collaboration_rule", N_("Agreement without an active collaboration agreement")),
    ("plan_term_rule", N_("Rotation plan longer or shorter than the agreement")),
    ("plan_coverage_rule", N_("Rotation plan that leaves competencies untaught")),
)


def _read_only_look(edit: QLineEdit, why: str) -> None:
    """A value to read, not a field to type in: read-only, without a field's frame and white ground (so it does
    not look as if it took typing), in full contrast (greyed-out text read poorly); still selectable, and
    reached with Tab by a screen reader."""
    from PySide6.QtGui import QColor, QPalette

    edit.setReadOnly(True)
    edit.setFrame(False)
    palette = edit.palette()
    palette.setColor(QPalette.ColorRole.Base, QColor(0, 0, 0, 0))  # the ground it sits on
    palette.setColor(QPalette.ColorRole.Text, palette.color(QPalette.ColorRole.WindowText))
    edit.setPalette(palette)
    edit.setToolTip(why)


def in_use_location(db: Office, named: str) -> str:
    """Where the database in use lives, as the settings' field shows it: its file, or its server address as the
    PC's settings name it when that is the same database (with its password), else as shown to people."""
    location = db.display_location
    if "://" not in location:  # a file (as the title bar tells files from servers)
        return location
    if named and re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", named) == db.display_location:
        return named
    return db.display_location


class SettingsDialog(QDialog):
    def __init__(self, db: Office, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.settings = settings
        self.restart_needed = False
        #: The officer named another database (a restart opens it; otherwise it keeps the one in use).
        self.database_changed = False
        self.setWindowTitle(_("Settings"))
        self.setMinimumWidth(860)  # the chamber name and address fit without scrolling, beside long labels
        office = office_settings(db)
        layout = QVBoxLayout(self)

        pc = QGroupBox(_("This computer"), self)
        pc_form = QFormLayout(pc)
        self.language = QComboBox(pc)
        for code, name in LANGUAGE_NAMES:
            self.language.addItem(name, code)
        running = next((code for code, loc in i18n.LANGUAGES.items() if loc == i18n.current().locale),
                       i18n.DEFAULT_LANGUAGE)
        current = str(settings.value(LANGUAGE_KEY) or running)
        self.language.setCurrentIndex(max(self.language.findData(current), 0))
        self._running_language = running
        self.language.setAccessibleName(_("Interface language"))
        pc_form.addRow(_("Interface language"), self.language)
        # The database in use (opened with --db, say), not the one the PC's settings name for the next start
        # (the last file opened elsewhere): a change here is one from what is open now.
        self._in_use = in_use_location(db, str(settings.value(DATABASE_KEY) or ""))
        self.database = QLineEdit(self._in_use, pc)
        self.database.setPlaceholderText(db.display_location)
        self.database.setToolTip(_("A database file, or a PostgreSQL address such as "
                                   "postgresql+psycopg://user@server/vetdesk. Empty: the default file."))
        self.database.setAccessibleName(_("Database location"))
        pc_form.addRow(_("Database location"), self._with_browse(self.database, self._browse_database))
        note = QLabel(_("Language and database take effect when vetdesk starts again."), pc)
        note.setWordWrap(True)
        note.setEnabled(False)
        pc_form.addRow(note)
        layout.addWidget(pc)

        from vetdesk.services import references

        #: Whether the signed-in user's role may change the office's settings (the core says): if not, they are
        #: shown as text to read (no field that looks as if it took typing), under a line saying who may change
        #: them, and only this computer's settings are saved.
        self.office_editable = references.may(db, "settings")
        office_box = QGroupBox(_("The office (shared by everyone using this database)"), self)
        office_column = QVBoxLayout(office_box)
        office_form = QFormLayout()
        if not self.office_editable:
            self.office_note = QLabel(_(
                "The office's settings below may be changed only by: {roles}. Your role ({role}) may read them; "
                "the settings of this computer above you may change.").format(
                roles=references.who_may("settings"), role=references.role_label(db)), office_box)
            self.office_note.setWordWrap(True)
            self.office_note.setAccessibleName(_("Who may change the office's settings"))
            office_column.addWidget(self.office_note)  # above the values it is about, whole (not a form row)
        office_column.addLayout(office_form)
        self.office: dict[str, QLineEdit] = {}
        #: The logo as stored (a picture in the database); the logo field names a file only to replace it.
        self._stored_logo = str(office.get("chamber_logo") or "")
        self._logo_removed = False
        for key, label in (("chamber_name", _("Chamber name")), ("chamber_address", _("Address")),
                           ("chamber_place", _("Place of signing")),
                           ("chamber_signatory", _("Who signs for the chamber")),
                           ("chamber_signatory_title", _("Their title")), ("chamber_logo", _("Logo file"))):
            shown = "" if key == "chamber_logo" and self._stored_logo.startswith("data:") else office.get(key)
            edit = QLineEdit(str(shown or ""), office_box)
            edit.setCursorPosition(0)  # show the beginning of long names and addresses
            if key != "chamber_logo":  # the name and address as recorded, whole (the name was cut at 860 px)
                edit.setMinimumWidth(min(edit.fontMetrics().horizontalAdvance(edit.text()) + 24, MAX_FIELD_WIDTH))
            edit.setAccessibleName(label)
            self.office[key] = edit
            widget: QWidget = edit
            if key == "chamber_logo":
                widget = self._logo_row(edit)
                if not self.office_editable:  # what is stored, in words (the buttons change it: not shown)
                    widget.hide()
                    widget = self._shown_as_text(label, edit.placeholderText(), office_box)
            office_form.addRow(label, widget)
        self.paper = QComboBox(office_box)
        self.paper.addItem(_("Letter (Mexico)"), "letter")
        self.paper.addItem(_("A4"), "a4")
        self.paper.setCurrentIndex(max(0, self.paper.findData(office.get("paper_size") or "letter")))
        self.paper.setAccessibleName(_("Paper size"))
        office_form.addRow(_("Paper size"), self._shown(self.paper, office_box))
        self.thresholds: dict[str, QSpinBox] = {}
        for key, label, low, high in _THRESHOLDS:
            spin = QSpinBox(office_box)
            spin.setRange(low, high)
            spin.setValue(int(office.get(key) or low))
            spin.setAccessibleName(_(label))
            self.thresholds[key] = spin
            if key == "plan_term_tolerance_weeks":  # a floor the rule never goes under, not a maximum
                spin.setToolTip(training.plan_tolerance_help())
                spin.setAccessibleDescription(training.plan_tolerance_help())
            office_form.addRow(_(label), self._shown(spin, office_box))
        self.kept_since = self._kept_since_row(office, office_box)
        office_form.addRow(_(KEPT_SINCE_LABEL), self.kept_since if self.office_editable else self._shown_as_text(
            _(KEPT_SINCE_LABEL), self.kept_since.line.text() or self.kept_since.line.placeholderText(), office_box))
        if not self.office_editable:
            self.kept_since.hide()
        # Whether an agreement whose record is kept on paper owes its weeks in vetdesk (domain.logbook.
        # kept_in_vetdesk): its weeks are printed with their QR code and keyed back.
        self.paper_owed = QCheckBox(_(PAPER_OWED_LABEL), office_box)
        self.paper_owed.setAccessibleName(_(PAPER_OWED_LABEL))
        self.paper_owed.setChecked(bool(office.get("logbook_paper_owed")))
        self.paper_owed.setToolTip(_("Tick it when the office keys the paper weekly reports back into vetdesk: the "
                                     "weeks of agreements kept on paper are then overdue and reminded of like "
                                     "electronic ones. Unticked, they are listed as missing but never overdue."))
        self.paper_owed.setEnabled(self.office_editable)
        office_form.addRow("", self.paper_owed)
        self.strictness: dict[str, QComboBox] = {}
        for key, label in _STRICTNESS:
            combo = QComboBox(office_box)
            for severity in SEVERITIES:
                combo.addItem(severity_label(severity), severity)
            combo.setCurrentIndex(max(0, combo.findData(office.get(key))))
            combo.setAccessibleName(_(label))
            self.strictness[key] = combo
            office_form.addRow(_(label), self._shown(combo, office_box))
        if not self.office_editable:
            for edit in self.office.values():
                _read_only_look(edit, self.office_note.text())
        layout.addWidget(office_box)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._office_before = self.office_values()
        # At least 860 px, and as wide as the fields need to show the name and address whole (the explicit
        # minimum above takes the place of the layout's own, which would have said so).
        self.setMinimumWidth(max(860, layout.totalMinimumSize().width()))

    def _kept_since_row(self, office: dict[str, Any], parent: QWidget) -> DateEditor:
        """The day the office keeps weekly reports in vetdesk since (weeks before it are never overdue); empty,
        what it is by default, in words."""
        from vetdesk.services.fields import Field
        from vetdesk.services.settings import LOGBOOK_SINCE, logbook_since_in_effect

        editor = DateEditor(Field(LOGBOOK_SINCE, "date", KEPT_SINCE_LABEL), parent)
        stored = str(office.get(LOGBOOK_SINCE) or "")
        editor.set_value(date.fromisoformat(stored) if stored else None)
        default = logbook_since_in_effect(self.db)
        editor.line.setPlaceholderText(
            _("{date} (the default)").format(date=i18n.current().format_numeric_date(default))
            if default is not None else _("the day the first weekly report is recorded"))
        editor.line.setMaximumWidth(16777215)
        editor.line.setMinimumWidth(editor.line.fontMetrics().horizontalAdvance(editor.line.placeholderText()) + 24)
        editor.line.setToolTip(_("Weeks before this day are not overdue: the office kept their weekly reports "
                                 "elsewhere (on paper). Left empty: the day the first weekly report was recorded "
                                 "(before one is, the day the office was set up). Agreements whose training record "
                                 "is kept on paper are never overdue in vetdesk."))
        return editor

    def _shown(self, widget: QComboBox | QSpinBox, parent: QWidget) -> QWidget:
        """The widget itself where the office may be changed; else its value as text to read."""
        if self.office_editable:
            return widget
        widget.hide()
        return self._shown_as_text(widget.accessibleName(), widget.currentText() if isinstance(widget, QComboBox)
                                   else widget.text(), parent)

    def _shown_as_text(self, name: str, text: str, parent: QWidget) -> QLineEdit:
        shown = QLineEdit(text, parent)
        shown.setAccessibleName(name)
        shown.setCursorPosition(0)
        _read_only_look(shown, self.office_note.text())
        return shown

    def _with_browse(self, edit: QLineEdit, slot: Any) -> QWidget:
        return with_file_button(edit, slot, _("Choose a file for {what}").format(what=edit.accessibleName()), self)

    def _browse_database(self) -> None:
        path = ask_save_file(self, _("Database file"), "", _("vetdesk databases") + " (*.sqlite3 *.db)",
                             confirm_overwrite=False)
        if path:
            self.database.setText(path)

    def _logo_row(self, edit: QLineEdit) -> QWidget:
        row = self._with_browse(edit, self._browse_logo)
        self.remove_logo = QToolButton(row)
        self.remove_logo.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DialogDiscardButton))
        self.remove_logo.setToolTip(_("Remove the logo (printouts carry a neutral placeholder)"))
        self.remove_logo.setAccessibleName(_("Remove the logo"))
        self.remove_logo.clicked.connect(self._remove_logo)
        layout = row.layout()
        if layout is not None:
            layout.addWidget(self.remove_logo)
        edit.textEdited.connect(lambda _text: self._show_logo_state())
        self._show_logo_state()
        return row

    def _show_logo_state(self) -> None:
        edit = self.office["chamber_logo"]
        image = None if self._logo_removed else logo_image(self._stored_logo)
        if image is not None:
            edit.setPlaceholderText(_("Stored in the database ({size} KB)").format(size=max(1, len(image) // 1024)))
            edit.setToolTip(_("Choose a file to replace the stored logo"))
        else:
            edit.setPlaceholderText(_("none: printouts carry a neutral placeholder"))
            edit.setToolTip("")
        self.remove_logo.setEnabled(image is not None or bool(edit.text().strip()))
        # What the field says when empty is read whole (it was cut at 1366×768).
        edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + 24)

    def _remove_logo(self) -> None:
        self._logo_removed = True
        self.office["chamber_logo"].clear()
        self._show_logo_state()

    def _browse_logo(self) -> None:
        path = ask_open_file(self, _("Logo file"), _("Images") + " (*.png *.jpg *.jpeg)",
                             QStandardPaths.StandardLocation.PicturesLocation)
        if path:
            self.office["chamber_logo"].setText(path)
            self._show_logo_state()

    def office_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {k: e.text().strip() for k, e in self.office.items()}
        if not values["chamber_logo"]:  # no new file: the stored logo stays, unless it was removed
            values["chamber_logo"] = "" if self._logo_removed else self._stored_logo
        values.update({k: s.value() for k, s in self.thresholds.items()})
        values["paper_size"] = self.paper.currentData()
        kept = self.kept_since.value()
        values["logbook_kept_since"] = kept.isoformat() if isinstance(kept, date) else (kept or "")
        values["logbook_paper_owed"] = self.paper_owed.isChecked()
        values.update({k: c.currentData() for k, c in self.strictness.items()})
        return values

    def save(self) -> None:
        language = self.language.currentData()
        database = self.database.text().strip()
        old_language = str(self.settings.value(LANGUAGE_KEY) or self._running_language)
        changes = {k: v for k, v in self.office_values().items() if v != self._office_before.get(k)}
        if changes and self.office_editable:
            try:
                self.db.save_settings(changes)
            except RuleViolation as refusal:  # an empty chamber name, a file that is no picture, a viewer…
                QMessageBox.warning(self, _("Settings"), "\n".join(p.message for p in refusal.problems))
                field = self.office.get(refusal.problems[0].field) if refusal.problems else None
                if refusal.problems and refusal.problems[0].field == "logbook_kept_since":
                    self.kept_since.line.setFocus()
                if field is not None:
                    field.setFocus()
                return
        self.settings.setValue(LANGUAGE_KEY, language)
        self.database_changed = database != self._in_use
        if self.database_changed:
            self.settings.setValue(DATABASE_KEY, database)
        self.settings.sync()
        self.restart_needed = language != old_language or self.database_changed
        self.accept()
