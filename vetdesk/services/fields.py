"""The fields of each kind of record: names (the JSON keys), types, labels, and how typed text becomes
a value. The command line, the import and the window all read values through here, so a value is
parsed and normalised in exactly one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from vetdesk.domain import normalize
from vetdesk.domain.problems import Problem, error
from vetdesk.i18n import N_, _


@dataclass(frozen=True)
class Field:
    name: str
    #: text, id (identifier: upper-cased, no spaces, dashes or dots), code (upper-cased, spaces collapsed),
    #: codes (a list of codes), int, decimal, amounts (a list of amounts), date, bool, sex, country, currency,
    #: email, status, choice:<name> (a code of ``domain.choices``; other text kept as typed), or
    #: ref:<kind> (the id of another record)
    type: str
    label: str
    required: bool = False
    #: Can a person change it (id and computed fields cannot).
    editable: bool = True

    @property
    def ref_kind(self) -> str | None:
        return self.type[4:] if self.type.startswith("ref:") else None

    def title(self) -> str:
        return _(self.label)


_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y")


def parse_date(text: str) -> date | None:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_decimal(text: str) -> Decimal | None:
    cleaned = re.sub(r"[\s$€]|MXN|EUR|USD", "", text)
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", cleaned) or re.fullmatch(r"-?\d+,\d{1,2}", cleaned):
        cleaned = cleaned.replace(".", "").replace(",", ".")  # 4.500,00 (German / Brazilian style)
    else:
        cleaned = cleaned.replace(",", "")  # 4,500.00
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


_TRUE = {"1", "true", "yes", "si", "sí", "ja", "sim", "y", "x"}
_FALSE = {"0", "false", "no", "nein", "nao", "não", "n", ""}
_SEX_WORDS = {
    "h": "H", "hombre": "H", "masculino": "H", "male": "H", "m": "M", "mujer": "M", "femenino": "M",
    "female": "M", "x": "X", "no binario": "X", "non-binary": "X", "nonbinary": "X",
}


def parse_value(f: Field, raw: Any) -> tuple[Any, Problem | None]:
    """Turn ``raw`` (typed text, or an already typed value) into the field's value; normalises text."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, None
    label = f.title()
    kind = f.type
    if kind in ("text", "email"):
        value = normalize.text(str(raw))
        return (value.lower() if kind == "email" and value else value), None
    if kind == "code":
        return (normalize.text(str(raw)) or "").upper() or None, None
    if kind == "codes":
        codes = [c.upper() for c in re.split(r"[\s,;]+", str(raw)) if c]
        return (", ".join(codes) or None), None
    if kind in ("id", "country", "currency"):
        value = normalize.identifier(str(raw))
        if kind == "country" and value and not re.fullmatch(r"[A-Z]{2}", value):
            return None, error(f.name, _("{label}: write the two-letter country code, e.g. MX.").format(label=label),
                               "country.format")
        if kind == "currency" and value and not re.fullmatch(r"[A-Z]{3}", value):
            return None, error(f.name, _("{label}: write the three-letter currency code, e.g. MXN.")
                               .format(label=label), "currency.format")
        return value, None
    if kind == "sex":
        word = normalize.fold(str(raw))
        if word in _SEX_WORDS:
            return _SEX_WORDS[word], None
        return None, error(f.name, _("{label}: write H (man), M (woman) or X (non-binary).").format(label=label),
                           "sex.value")
    if kind == "date":
        if isinstance(raw, datetime):
            return raw.date(), None
        if isinstance(raw, date):
            return raw, None
        day = parse_date(str(raw).strip())
        if day is None:
            return None, error(f.name, _("{label}: {value} is not a date; write it as YYYY-MM-DD, e.g. "
                                         "2026-08-24.").format(label=label, value=raw), "date.format")
        return day, None
    if kind == "int" or kind.startswith("ref:"):
        if isinstance(raw, bool):
            raw = int(raw)
        if isinstance(raw, int):
            return raw, None
        text = str(raw).strip()
        if re.fullmatch(r"-?\d+", text):
            return int(text), None
        return None, error(f.name, _("{label}: {value} is not a whole number; write digits only.")
                           .format(label=label, value=raw), "int.format")
    if kind == "decimal":
        if isinstance(raw, Decimal):
            return raw, None
        if isinstance(raw, int | float):
            return Decimal(str(raw)), None
        amount = parse_decimal(str(raw).strip())
        if amount is None:
            return None, error(f.name, _("{label}: {value} is not an amount; write it like 4500.00.")
                               .format(label=label, value=raw), "decimal.format")
        return amount, None
    if kind == "bool":
        if isinstance(raw, bool):
            return raw, None
        word = normalize.fold(str(raw))
        if word in _TRUE:
            return True, None
        if word in _FALSE:
            return False, None
        return None, error(f.name, _("{label}: write yes or no.").format(label=label), "bool.format")
    if kind == "status":
        return str(raw).strip().lower(), None
    if kind.startswith("choice:"):
        from vetdesk.domain.choices import choice

        return choice(kind[7:]).parse(normalize.text(str(raw)) or ""), None
    if kind == "amounts":
        parts = [p for p in re.split(r"[;/|]+|\s{2,}", str(raw)) if p.strip()]
        amounts = [parse_decimal(p.strip()) for p in parts]
        if not amounts or any(a is None for a in amounts):
            return None, error(f.name, _("{label}: write one amount for each further training year, separated by "
                                         "semicolons, e.g. 5000.00; 5500.00.").format(label=label), "amounts.format")
        return "; ".join(f"{a:.2f}" for a in amounts if a is not None), None
    raise AssertionError(f"unknown field type {kind}")  # pragma: no cover - a programming error


# -- the fields of each kind ------------------------------------------------------------------------

COMPANY_FIELDS = (
    Field("name", "text", N_("Company name"), required=True),
    Field("id_country", "country", N_("Country of the tax ID")),
    Field("rfc", "id", N_("RFC (tax ID)"), required=True),
    Field("sector", "text", N_("Sector")),
    Field("size", "text", N_("Size")),
    Field("state", "text", N_("State")),
    Field("address", "text", N_("Address")),
    Field("legal_representative", "text", N_("Legal representative")),
    Field("contact_name", "text", N_("Contact person")),
    Field("contact_email", "email", N_("Contact e-mail")),
    Field("contact_phone", "text", N_("Contact phone")),
)

SCHOOL_FIELDS = (
    Field("name", "text", N_("School name"), required=True),
    Field("cct", "id", N_("School code (CCT)"), required=True),
    Field("subsystem", "text", N_("Subsystem")),
    Field("state", "text", N_("State")),
    Field("municipality", "text", N_("Municipality")),
    Field("address", "text", N_("Address")),
    Field("liaison_name", "text", N_("Liaison officer")),
    Field("email", "email", N_("E-mail")),
    Field("phone", "text", N_("Phone")),
)

PROGRAMME_FIELDS = (
    Field("code", "code", N_("Programme code"), required=True),
    Field("name", "text", N_("Programme name"), required=True),
    Field("duration_months", "int", N_("Duration (months)"), required=True),
    Field("nqf_level", "text", N_("National qualification level")),
    Field("isced_level", "text", N_("ISCED level")),
    Field("conocer_codes", "codes", N_("CONOCER standards")),
    Field("templates", "text", N_("Agreement template")),
    Field("min_semester", "int", N_("Entry semester")),
    Field("stps_permit_required", "bool", N_("STPS permit required for minors")),
)

APPRENTICE_FIELDS = (
    Field("id_country", "country", N_("Country of the personal ID")),
    Field("curp", "id", N_("CURP"), required=True),
    Field("given_names", "text", N_("Given names"), required=True),
    Field("first_surname", "text", N_("First surname"), required=True),
    Field("second_surname", "text", N_("Second surname")),
    Field("birth_date", "date", N_("Birth date"), required=True),
    Field("sex", "sex", N_("Sex"), required=True),
    Field("email", "email", N_("E-mail")),
    Field("phone", "text", N_("Phone")),
    Field("address", "text", N_("Address")),
    Field("school_id", "ref:schools", N_("School")),
    Field("semester", "int", N_("Semester")),
    Field("nss", "id", N_("Social-security number (NSS)")),
    Field("guardian_name", "text", N_("Guardian's name")),
    Field("guardian_relation", "choice:guardian_relation", N_("Guardian's relation")),
    Field("guardian_phone", "text", N_("Guardian's phone")),
    Field("guardian_email", "email", N_("Guardian's e-mail")),
    Field("guardian_id_document", "text", N_("Guardian's ID document")),
    Field("guardian_address", "text", N_("Guardian's address")),
    Field("guardian2_name", "text", N_("Second guardian's name")),
    Field("guardian2_relation", "choice:guardian2_relation", N_("Second guardian's relation")),
    Field("guardian2_phone", "text", N_("Second guardian's phone")),
    Field("guardian2_email", "email", N_("Second guardian's e-mail")),
    Field("guardian2_id_document", "text", N_("Second guardian's ID document")),
    Field("guardian2_address", "text", N_("Second guardian's address")),
    Field("medical_certificate_date", "date", N_("Medical certificate date")),
)

INSTRUCTOR_FIELDS = (
    Field("company_id", "ref:companies", N_("Company"), required=True),
    Field("name", "text", N_("Name"), required=True),
    Field("email", "email", N_("E-mail")),
    Field("phone", "text", N_("Phone")),
    Field("job_title", "text", N_("Job title")),
    Field("qualification", "text", N_("Qualification")),
    Field("qualification_date", "date", N_("Qualification date")),
    Field("capacity", "int", N_("Capacity (apprentices)")),
)

TUTOR_FIELDS = (
    Field("school_id", "ref:schools", N_("School"), required=True),
    Field("name", "text", N_("Name"), required=True),
    Field("email", "email", N_("E-mail")),
    Field("phone", "text", N_("Phone")),
)

AGREEMENT_FIELDS = (
    Field("reference", "id", N_("Reference"), editable=False),
    Field("apprentice_id", "ref:apprentices", N_("Apprentice"), required=True),
    Field("company_id", "ref:companies", N_("Company"), required=True),
    Field("school_id", "ref:schools", N_("School")),
    Field("programme_id", "ref:programmes", N_("Programme"), required=True),
    Field("instructor_id", "ref:instructors", N_("Instructor")),
    Field("tutor_id", "ref:tutors", N_("Academic tutor")),
    Field("rotation_plan_id", "ref:rotation_plans", N_("Rotation plan")),
    Field("status", "status", N_("Status")),
    Field("start_date", "date", N_("Start date"), required=True),
    Field("end_date", "date", N_("End date"), required=True),
    Field("probation_months", "int", N_("Probation (months)")),
    Field("modality_years", "int", N_("Years in the company")),
    Field("training_site", "text", N_("Training site")),
    Field("company_days", "int", N_("Days a week at the company")),
    Field("school_days", "int", N_("Days a week at school")),
    Field("weekly_pattern", "choice:weekly_pattern", N_("Weekly pattern")),
    Field("daily_hours", "decimal", N_("Daily hours")),
    Field("stipend_amount", "decimal", N_("Stipend")),
    Field("stipend_currency", "currency", N_("Stipend currency")),
    Field("stipend_payer", "choice:stipend_payer", N_("Stipend paid by")),
    Field("stipend_period", "choice:stipend_period", N_("Stipend period")),
    Field("stipend_steps", "amounts", N_("Stipend in later training years")),
    Field("insurance_insurer", "text", N_("Insurer")),
    Field("insurance_policy", "text", N_("Accident-insurance policy")),
    Field("insurance_expiry", "date", N_("Insurance expiry")),
    Field("stps_permit_number", "text", N_("STPS permit number")),
    Field("stps_permit_date", "date", N_("STPS permit date")),
    Field("holiday_days", "int", N_("Holiday days a year")),
    Field("overtime_compensation", "choice:overtime_compensation", N_("Overtime compensation")),
    Field("collective_agreement", "text", N_("Collective agreement")),
    Field("training_record_form", "choice:training_record_form", N_("Training record kept")),
    Field("place_of_signing", "text", N_("Place of signing")),
    Field("printed_on", "date", N_("Printed on")),
    Field("company_signed_on", "date", N_("Signed by the company on")),
    Field("apprentice_signed_on", "date", N_("Signed by the apprentice on")),
    Field("guardian_signed_on", "date", N_("Signed by the guardian on")),
    Field("school_signed_on", "date", N_("Signed by the school on")),
    Field("chamber_signed_on", "date", N_("Signed by the chamber on")),
    Field("activated_on", "date", N_("Active since")),
    Field("completed_on", "date", N_("Completed on")),
    Field("terminated_on", "date", N_("Terminated on")),
    Field("termination_reason", "text", N_("Termination reason")),
    Field("notes", "text", N_("Notes")),
)

ASSESSMENT_FIELDS = (
    Field("agreement_id", "ref:agreements", N_("Agreement"), required=True),
    Field("competency_id", "ref:competencies", N_("Competency"), required=True),
    Field("position_id", "ref:positions", N_("Learning position")),
    Field("assessed_on", "date", N_("Date"), required=True),
    Field("rater_name", "text", N_("Rater")),
    Field("rater_role", "text", N_("Rater's role")),
    Field("level", "int", N_("Level")),
    Field("evidence_kind", "text", N_("Evidence")),
    Field("recognised", "bool", N_("Recognised prior learning")),
    Field("comment", "text", N_("Comment")),
)
