"""The agreement's terms: dates and working time (proposed from the domain's typical values), then the
stipend, the accident insurance and a minor's work permit.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from vetdesk.domain import bounds, choices, contract, limits, rules
from vetdesk.domain.dates import add_months, age_on
from vetdesk.domain.identifiers import apprentice_role
from vetdesk.i18n import _, ngettext, shown_day, shown_number
from vetdesk.services import documents, records
from vetdesk.services.fields import parse_value
from vetdesk.ui.editors import DateEditor, FieldEditor, TextEditor, editor_for
from vetdesk.ui.wizard.page import (
    AgreementSteps,
    StepPage,
)

#: The terms' numbers, each edited by the record form's editor of its field.
NUMBERS = ("probation_months", "company_days", "school_days", "modality_years", "daily_hours", "holiday_days")


def _number(value: Decimal | int) -> str:
    """A proposed number as typed ("8", "6.5"; "6,5" in German): no trailing zeros, the language's mark."""
    return shown_number(Decimal(value))


def _line(editor: FieldEditor) -> QLineEdit:
    assert isinstance(editor, TextEditor)
    return editor.line


def _beside(first: QWidget, label: str, second: QWidget) -> QWidget:
    """Two fields on one line of a form, the second after its own label (its buddy: Alt+letter and a screen
    reader reach it): the cover page fits the wizard's height at 1366×768 this way."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(first, 1)
    title = QLabel(label, row)
    title.setBuddy(second)
    layout.addSpacing(12)
    layout.addWidget(title)
    layout.addWidget(second, 1)
    return row


def first_of_next_month(today: date) -> date:
    return add_months(today.replace(day=1), 1)


def stipend_words(v: dict[str, Any]) -> str:
    period = v.get("stipend_period")
    words = [str(v[k]) for k in ("stipend_amount", "stipend_currency") if v.get(k)]
    if period:
        option = choices.STIPEND_PERIOD.option(period)
        words.append(_(option.label) if option else str(period))
    if v.get("stipend_steps"):  # the later training years' (§ 17 BBiG)
        words.append(_("(later years: {amounts})").format(amounts=v["stipend_steps"]))
    return " ".join(words) or "—"


class TermsPage(StepPage):
    FIELDS = ("start_date", "end_date", "probation_months", "modality_years", "training_site", "company_days",
              "school_days", "weekly_pattern", "daily_hours", "holiday_days", "overtime_compensation",
              "training_record_form")
    REVALIDATE = True

    def __init__(self, w: AgreementSteps) -> None:
        super().__init__(w)
        self.setTitle(_("Dates and working time"))
        self.setSubTitle(_("When the agreement runs, how the week is split between company and school, and "
                           "the daily hours."))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        start = editor_for("agreements", "start_date", w.db)
        assert isinstance(start, DateEditor)
        self.start = start
        self.end = editor_for("agreements", "end_date", w.db)
        self.start.set_value(first_of_next_month(w.today))
        self.end.set_value(add_months(first_of_next_month(w.today), rules.MIN_COMPANY_MONTHS) - timedelta(days=1))
        self._end_touched = False
        # The end follows a whole start date (the field left, a calendar day), never a half-typed one: "15/03/2"
        # reads as a day of 2002 while the officer is still typing 2027.
        self.start.settled.connect(self._start_moved)
        # set_value does not signal: any change seen here is the officer's.
        self.end.changed.connect(lambda: setattr(self, "_end_touched", True))
        # The numbers are the record form's own editors (``make_editor`` from the agreement's field definitions):
        # one range, one refusal of a number out of it (the core's, under the field as the form says it). What
        # they propose comes from the domain: § 20 BBiG's shortest probation (as the print rules check it), the
        # typical week and day; an empty field is "not stated".
        self.numbers: dict[str, FieldEditor] = {name: editor_for("agreements", name, w.db) for name in NUMBERS}
        self.probation = self.numbers["probation_months"]
        self.company_days = self.numbers["company_days"]
        self.school_days = self.numbers["school_days"]
        self.years = self.numbers["modality_years"]  # the modality the MMFD contract states (years in the company)
        self.hours = self.numbers["daily_hours"]
        self.holidays = self.numbers["holiday_days"]
        self.probation.set_value(contract.PROBATION_MONTHS[0])
        self.company_days.set_value(rules.TYPICAL_COMPANY_DAYS)
        self.school_days.set_value(rules.TYPICAL_SCHOOL_DAYS)
        self.hours.set_value(_number(rules.TYPICAL_DAILY_HOURS))
        self._hours_set = False
        self._years_touched = False
        # The holidays are proposed as the least the law the contract cites gives at the apprentice's age (the
        # rule printing checks), said as a proposal beside them; the officer's own figure is kept.
        self._holidays_touched = False
        _line(self.holidays).textEdited.connect(lambda _t: setattr(self, "_holidays_touched", True))
        self.holiday_note = QLabel()
        self.holiday_note.setWordWrap(True)
        self.start.settled.connect(self._propose_holidays)
        # set_value does not signal an edit: any edit seen here is the officer's.
        _line(self.years).textEdited.connect(lambda _t: setattr(self, "_years_touched", True))
        # The weekly pattern is the form's choice (its code is stored: the contract's day rules read it, each
        # document words it in its own language), proposed as the domain's typical week of fixed days.
        self.pattern = editor_for("agreements", "weekly_pattern", w.db)
        self.pattern.set_value(rules.TYPICAL_WEEKLY_PATTERN)
        self.pattern.setMaximumWidth(360)
        self.site = editor_for("agreements", "training_site", w.db)
        # The contract states how the training record is kept: printing asks for it, so the wizard does too.
        self.record_form = editor_for("agreements", "training_record_form", w.db)
        self.record_form.setMaximumWidth(260)
        # So does the overtime compensation (§ 11 BBiG in the AHK layout; a minor does none): proposed "no
        # overtime", which fits every apprentice, shown chosen so that the officer sees it and may change it.
        self.overtime = editor_for("agreements", "overtime_compensation", w.db)
        self.overtime.set_value("none")
        self.overtime.setMaximumWidth(360)
        form.addRow(_("Start date"), self.start)
        form.addRow(_("End date"), self.end)
        for editor in (self.probation, self.company_days, self.school_days, self.pattern, self.years, self.hours,
                       self.site):  # named by its field, as on the form
            form.addRow(editor.spec.title(), editor)
        holidays = QWidget()  # the proposal's note right under the figure it explains
        column = QVBoxLayout(holidays)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.holidays)
        column.addWidget(self.holiday_note)
        form.addRow(self.holidays.spec.title(), holidays)
        form.addRow(self.overtime.spec.title(), self.overtime)
        form.addRow(self.record_form.spec.title(), self.record_form)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.problems_label)

    def initializePage(self) -> None:
        if not self._end_touched:
            self._start_moved()
        if not self._years_touched:  # proposed from the term: the years it spans, until the officer changes it
            self._propose_years()
        record = self.w.apprentice()
        if record and not self._hours_set:
            # A suggestion only: the rules decide, on the review, what is allowed.
            self._hours_set = True
            under16 = age_on(record["birth_date"], self.start_date()) < rules.SHORT_DAY_AGE
            self.hours.set_value(_number(rules.MAX_HOURS_UNDER_16 if under16 else rules.TYPICAL_DAILY_HOURS))
        self._propose_holidays()
        self.show_problems(self.w.validate(provisional=True))

    def _start_moved(self) -> None:
        months = self.w.programme_months() or rules.MIN_COMPANY_MONTHS
        if not self._end_touched and isinstance(self.start.value(), date):
            self.end.set_value(add_months(self.start_date(), months) - timedelta(days=1))

    def _propose_holidays(self) -> None:
        """Holiday days a year proposed as the least the contract may state (``documents.holiday_proposal``),
        until the officer types their own; the note says whence the figure comes."""
        if self._holidays_touched:
            return
        least = documents.holiday_proposal(self.db, self.w.agreement_values())
        if least is None:
            return
        self.holidays.set_value(least.days)
        if least.law == "jarbschg19":
            why = _("the least § 19 JArbSchG gives an apprentice under {under} at the start of {year}, as the "
                    "AHK contract follows it").format(under=least.under, year=least.year)
        elif least.law == "burlg3":
            why = _("the least § 3 BUrlG gives an adult ({werktage} working days counted Monday to Saturday, on "
                    "the contract's training week), as the AHK contract follows it").format(
                werktage=contract.BURLG_WERKTAGE)
        elif least.law == "lft179":
            why = _("the least the Federal Labour Law gives an apprentice under {adult} (art. 179 LFT)").format(
                adult=limits.ADULT_AGE)
        else:
            why = _("the least the Federal Labour Law gives in the first year (art. 76 LFT)")
        self.holiday_note.setText(ngettext(
            "Proposed: {n} day, {why}. Enter more if the company gives more.",
            "Proposed: {n} days, {why}. Enter more if the company gives more.", least.days).format(
                n=least.days, why=why))

    def _propose_years(self) -> None:
        end = self.end.value()
        if isinstance(end, date):
            months = (end.year - self.start_date().year) * 12 + end.month - self.start_date().month + 1
            years = min(max(round(months / 12), bounds.MODALITY_YEARS[0]), bounds.MODALITY_YEARS[1])
            self.years.set_value(years)

    def validatePage(self) -> bool:
        """Next passes the terms only with dates that are dates and numbers their fields can hold, as saving the
        form would: the core's refusal stays shown, the first such field takes the cursor."""
        if not self.dates_readable():
            return False
        wrong = [name for name in NUMBERS
                 if parse_value(self.numbers[name].spec, self.numbers[name].value())[1] is not None]
        if wrong:
            self.show_problems(self.w.validate(provisional=True))
            self.focus_field(wrong[0])
        return not wrong

    def number(self, name: str) -> Any:
        """What is typed in a number's field as the core reads it (an int, a Decimal; None when empty), or the text
        as typed when it reads no number in the field's range (saving then meets the core's refusal)."""
        editor = self.numbers[name]
        value, problem = parse_value(editor.spec, editor.value())
        return editor.value() if problem is not None else value

    def start_date(self) -> date:
        """The start typed, or (while what is typed is no date) the first of next month: for the suggestions."""
        value = self.start.value()
        return value if isinstance(value, date) else first_of_next_month(self.w.today)

    def values(self) -> dict[str, Any]:
        return {
            "start_date": self.start.value(), "end_date": self.end.value(),
            **{name: self.number(name) for name in NUMBERS},
            "weekly_pattern": self.pattern.value(), "training_site": self.site.value(),
            "overtime_compensation": self.overtime.value(), "training_record_form": self.record_form.value(),
        }


class CoverPage(StepPage):
    FIELDS = ("stipend_amount", "stipend_currency", "stipend_payer", "stipend_period", "stipend_steps",
              "insurance_insurer",
              "insurance_policy", "insurance_expiry", "stps_permit_number", "stps_permit_date")
    REVALIDATE = True

    def __init__(self, w: AgreementSteps) -> None:
        super().__init__(w)
        self.setTitle(_("Stipend, insurance and permit"))
        self.setSubTitle(_("The stipend, the accident insurance, and the labour ministry's (STPS) work permit "
                           "for a minor."))
        outer = QVBoxLayout(self)
        # The groups scroll, the messages stay below them: as messages appear the fields keep their height (they
        # were squeezed below a line of text on the wizard's own 640 pixels).
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        stipend = QGroupBox(_("Stipend"))
        form = QFormLayout(stipend)
        # The stipend's fields are the record form's own editors (one range, one list of choices: the payer's
        # words those of ``choices.STIPEND_PAYER``), proposed from the kind's defaults and the domain.
        self.amount = editor_for("agreements", "stipend_amount", w.db)
        # What to enter, in words: a grey number here was read as a value already entered.
        hint = _("Amount per period, e.g. what the company pays a month")
        _line(self.amount).setPlaceholderText(hint)
        # Wide enough to read the hint whole (a number's field is narrow: "Monto por period…", trial 24c).
        _line(self.amount).setMinimumWidth(_line(self.amount).fontMetrics().horizontalAdvance(hint) + 24)
        _line(self.amount).setMaximumWidth(_line(self.amount).minimumWidth())
        self.currency = editor_for("agreements", "stipend_currency", w.db)
        self.currency.set_value(records.defaults(records.kind("agreements"))["stipend_currency"])
        self.payer = editor_for("agreements", "stipend_payer", w.db)
        self.payer.set_value(rules.TYPICAL_STIPEND_PAYER)
        self.payer.setMaximumWidth(420)
        # The form's editor: its choices in the interface's language, nothing else (a word typed in another
        # language was kept and shown as typed: "Monthly" in a Spanish wizard).
        self.period = editor_for("agreements", "stipend_period", w.db)
        self.period.set_value("monthly")
        self.period.setMaximumWidth(420)
        # Two fields a line (amount and currency, payer and period), as on the insurance's and the permit's lines
        # below: one field a line hid the permit's date below the page's fold at 1366×768 (issue 21's re-trial).
        form.addRow(self.amount.spec.title(), _beside(self.amount, self.currency.spec.title(), self.currency))
        form.addRow(self.payer.spec.title(), _beside(self.payer, self.period.spec.title(), self.period))
        # § 17 BBiG: the pay rises with each training year; printing the AHK layout asks for every later year's.
        self.steps = editor_for("agreements", "stipend_steps", w.db)
        assert isinstance(self.steps, TextEditor)
        self.steps.line.setPlaceholderText(_("One amount for each further training year, separated by "
                                             "semicolons"))
        self.steps_note = QLabel()
        self.steps_note.setWordWrap(True)
        form.addRow(self.steps.spec.title(), self.steps)
        form.addRow(self.steps_note)
        layout.addWidget(stipend)
        insurance = QGroupBox(_("Accident insurance"))
        form = QFormLayout(insurance)
        self.insurer = editor_for("agreements", "insurance_insurer", w.db)
        self.policy = editor_for("agreements", "insurance_policy", w.db)
        self.expiry = editor_for("agreements", "insurance_expiry", w.db)
        form.addRow(self.insurer.spec.title(), self.insurer)
        self.expiry_note = QLabel()
        self.expiry_note.setWordWrap(True)
        form.addRow(self.policy.spec.title(), _beside(self.policy, _("Insurance expiry"), self.expiry))
        form.addRow(self.expiry_note)
        layout.addWidget(insurance)
        self.permit_box = QGroupBox(_("Work permit for a minor (STPS)"))
        form = QFormLayout(self.permit_box)
        self.minor_note = QLabel()
        self.minor_note.setWordWrap(True)
        form.addRow(self.minor_note)
        self.permit = editor_for("agreements", "stps_permit_number", w.db)
        self.permit_date = editor_for("agreements", "stps_permit_date", w.db)
        form.addRow(self.permit.spec.title(), _beside(self.permit, _("STPS permit date"), self.permit_date))
        layout.addWidget(self.permit_box)
        layout.addStretch(1)
        outer.addWidget(self.problems_label)

    def initializePage(self) -> None:
        record = self.w.apprentice()
        minor = bool(record and limits.minor_on_start(record["birth_date"], self.w.start_date()))
        who = apprentice_role(str((record or {}).get("sex") or ""))  # "La aprendiz" of a woman
        self.minor_note.setText(_("{apprentice} is under {adult} on the start date: record the permit when it is "
                                  "issued.").format(adult=limits.ADULT_AGE, apprentice=who) if minor
                                else _("{apprentice} is of age on the start date: no permit is needed.").format(
                                    apprentice=who))
        # What the officer types counts, nothing else: an expiry proposed from the end date looked entered.
        start, end = self.w.start_date(), self.w.end_date()
        self.expiry_note.setText(_("The contract says the insurance covers the whole agreement: the policy must "
                                   "run to {end} or later.").format(end=shown_day(end))
                                 if isinstance(end, date) else "")
        years = contract.training_years(start, end) if isinstance(end, date) else 1
        self.steps_note.setText(ngettext(
            "The training spans {n} year: no later years' stipend is needed.",
            "The training spans {n} years: enter the stipend of each year after the first, separated by "
            "semicolons (the AHK contract, under § 17 BBiG, requires it to rise every year).", years).format(n=years))
        self.steps_note.setVisible(years > 1)
        self.show_problems(self.w.validate(provisional=True))

    def values(self) -> dict[str, Any]:
        return {
            "stipend_amount": self.amount.value(), "stipend_currency": self.currency.value(),
            "stipend_payer": self.payer.value(),
            "stipend_period": self.period.value(), "stipend_steps": self.steps.value(),
            "insurance_insurer": self.insurer.value(), "insurance_policy": self.policy.value(),
            "insurance_expiry": self.expiry.value(),
            "stps_permit_number": self.permit.value(), "stps_permit_date": self.permit_date.value(),
        }
