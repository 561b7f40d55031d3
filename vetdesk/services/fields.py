"""The fields of each kind of record: names (the JSON keys), types, labels, and how typed text becomes
a value. The command line, the import and the window all read values through here, so a value is
parsed and normalised in exactly one place.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from vetdesk.domain import bounds, normalize
from vetdesk.domain import identifiers as ids
from vetdesk.domain.dates import parse_typed_date
from vetdesk.domain.problems import Problem, error
from vetdesk.i18n import N_, _, current, shown_number


@dataclass(frozen=True)
class Field:
    name: str
    #: text, id (identifier: upper-cased, no spaces, dashes or dots), code (upper-cased, spaces collapsed),
    #: codes (a list of codes), int, decimal, amounts (a list of amounts), date, bool, sex, country, currency,
    #: email, status, state (a Mexican state, by name or INEGI number), choice (one of ``choices``, a closed
    #: list), choice:<name> (a code of ``domain.choices``, by its code or its word in any language; other text
    #: refused unless the list is open),
    #: ref:<kind> (the id of another record), ids:<kind> (the ids of several records, a list), or steps (a
    #: rotation plan's ordered learning positions with their weeks, a list)
    type: str
    label: str
    required: bool = False
    #: Can a person change it (id and computed fields cannot).
    editable: bool = True
    #: Text: the most characters it holds (its column's size); whether it may run over several lines.
    max_length: int | None = None
    multiline: bool = False
    #: Numbers: the smallest and largest value (inclusive) and, for amounts, the decimal places kept. A text field
    #: with both holds a level: text around one number in that range ("MMFD nivel 3"; a three-digit ISCED 2011
    #: programme code such as 354 counts by its first digit, its level).
    minimum: int | Decimal | None = None
    maximum: int | Decimal | None = None
    places: int | None = None
    #: A choice field's values and their labels (marked for translation).
    choices: tuple[tuple[str, str], ...] = ()
    #: What a decimal counts: "money" or "hours" (its refusal then speaks of an amount or of hours); else a number.
    unit: str | None = None
    #: Text vetdesk may have written itself (a competency kind's default area, a socio-emotional skill's title):
    #: shown and exported in the reader's language (``training.catalogue_words``); an office's own text as typed.
    catalogue_words: bool = False
    #: The other fields of its record whose values its choices follow (an agreement's instructor: one of its
    #: company's; an assessment's competency: one of its agreement's programme): nothing is offered while one of
    #: them is empty, and what is offered is the core's (``offered.offered``), asked again when one changes.
    follows: tuple[str, ...] = ()

    @property
    def ref_kind(self) -> str | None:
        return self.type[4:] if self.type.startswith("ref:") else None

    @property
    def refs_kind(self) -> str | None:
        """The kind a list of ids refers to (``ids:<kind>``)."""
        return self.type[4:] if self.type.startswith("ids:") else None

    @property
    def is_list(self) -> bool:
        """The value is a list, held in a table of its own (a plan's steps, a position's competencies)."""
        return self.type == "steps" or self.type.startswith("ids:")

    def title(self) -> str:
        return _(self.label)


#: Mexico's states in the order of their INEGI numbers (one definition, beside the CCT that begins with it).
MX_STATES = ids.MX_STATES



#: Other ways the Mexican states are written (the SEP's catalogue: "QUERETARO DE ARTEAGA", "DISTRITO FEDERAL").
_STATE_ALIASES = {
    "coahuila de zaragoza": "Coahuila", "michoacan de ocampo": "Michoacán", "queretaro de arteaga": "Querétaro",
    "veracruz de ignacio de la llave": "Veracruz", "veracruz llave": "Veracruz", "distrito federal": "Ciudad de México",
    "df": "Ciudad de México", "cdmx": "Ciudad de México", "mexico city": "Ciudad de México",
    "estado de mexico": "México", "edomex": "México", "edo de mexico": "México", "edo mex": "México",
}
_STATE_KEYS = {normalize.fold(name): name for name in MX_STATES} | _STATE_ALIASES


def canonical_state(text: str) -> str:
    """A Mexican state by its one canonical name however it is written ("QUERÉTARO", "Queretaro de Arteaga",
    "Distrito Federal"); anything else (another country's region) as typed."""
    key = re.sub(r"[.\s]+", " ", normalize.fold(text)).strip()
    return _STATE_KEYS.get(key, text)


def parse_date(text: str) -> date | None:
    """A date typed in the order of the reader's language (15/03/2008 in Spanish, 3/15/2008 in English, the
    parts run together or ISO too: ``domain.dates.parse_typed_date``). A date that cannot be read that way but
    can with day and month the other way round (17/05/2008 in English) is taken so: no month has 17 days' worth
    of doubt. The window's date fields and the command line read dates through this one function."""
    order = current().date_order()
    found = parse_typed_date(text, order)
    if found is None and order in ("DMY", "MDY"):
        found = parse_typed_date(text, "MDY" if order == "DMY" else "DMY")
    return found


def date_refusal(text: str) -> str:
    """Why ``text`` is not a date :func:`parse_date` takes, in the reader's words: a calendar date of a year outside
    the years a date may fall in says those years (2126-01-01 is a date, just not one this office keeps)."""
    import re

    from vetdesk.domain.dates import FIRST_YEAR, LAST_YEAR

    shown = text[:40]
    year = re.search(r"\d{4,}", text)
    if year is not None and not FIRST_YEAR <= int(year.group()) <= LAST_YEAR and parse_date(
            text[:year.start()] + "2000" + text[year.end():]) is not None:
        return _("{value} is outside the dates this office keeps: give a date from {first} to {last}.").format(
            value=shown, first=FIRST_YEAR, last=LAST_YEAR)
    return _("{value} is not a date; write YYYY-MM-DD.").format(value=shown)


def date_example() -> str:
    """A date as the reader writes one, for messages that say how (24/08/2026, 8/24/2026, 24.08.2026)."""
    return current().format_numeric_date(date(2026, 8, 24))


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


@functools.cache
def _sex_words() -> dict[str, str]:
    """Each sex as vetdesk's languages write it (``identifiers.sex_word``), folded: the letter it stands for."""
    from vetdesk.i18n import LANGUAGES, translator

    words = {"H": "Male", "M": "Female", "X": "Non-binary"}
    return {normalize.fold(translator(lang).pgettext("sex", word)): letter
            for lang in LANGUAGES for letter, word in words.items()}


def parse_value(f: Field, raw: Any) -> tuple[Any, Problem | None]:
    """Turn ``raw`` (typed text, or an already typed value) into the field's value; normalises text and
    refuses what the field cannot hold (:mod:`vetdesk.domain.bounds`)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, None
    value, problem = _parse(f, raw)
    if problem is None and value is not None:
        problem = _bounds_problem(f, value)
    return (None, problem) if problem is not None else (value, None)


TEXT_TYPES = ("text", "email", "code", "codes", "id", "country", "currency", "status", "state")


def _bounds_problem(f: Field, value: Any) -> Problem | None:
    if isinstance(value, str):
        return bounds.text_problem(f.name, f.title(), value, max_length=f.max_length, multiline=f.multiline)
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        minimum, maximum = f.minimum, f.maximum
        if f.ref_kind is not None:
            minimum, maximum = 1, bounds.MAX_ID
        return bounds.number_problem(f.name, f.title(), value, minimum=minimum, maximum=maximum, places=f.places)
    return None


def _parse(f: Field, raw: Any) -> tuple[Any, Problem | None]:
    label = f.title()
    kind = f.type
    if isinstance(raw, str) and kind in TEXT_TYPES:
        # Before normalising, which would turn a tab or line break into a space and hide it.
        problem = bounds.text_problem(f.name, label, raw.strip(), max_length=None, multiline=f.multiline)
        if problem is not None:
            return None, problem
    if f.name == "municipality" and kind == "text":  # a name, never the INEGI number (domain.identifiers)
        problem = ids.municipality_number(raw)
        if problem is not None:
            return None, problem
    if kind == "state":  # a Mexican state by its name, or by its INEGI number as the SEP's catalogue gives it
        state = normalize.text(str(raw)) or ""
        if re.fullmatch(r"\d{1,2}", state) and 1 <= int(state) <= len(MX_STATES):
            return MX_STATES[int(state) - 1], None
        return canonical_state(state) or None, None
    if kind == "text" and f.minimum is not None and f.maximum is not None:
        return _parse_level(f, raw)
    if kind in ("text", "email"):
        value = normalize.multiline_text(str(raw)) if f.multiline else normalize.text(str(raw))
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
        if kind == "currency" and value and not bounds.is_currency(value):
            return None, error(f.name, _("{label}: write the three-letter currency code, e.g. MXN.")
                               .format(label=label), "currency.format")
        return value, None
    if kind == "sex":
        word = normalize.fold(str(raw))
        if word in _SEX_WORDS:
            return _SEX_WORDS[word], None
        if word in _sex_words():  # "weiblich", "feminino": the word a list or an export in any language wrote
            return _sex_words()[word], None
        return None, error(f.name, _("{label}: write H (male), M (female) or X (non-binary).").format(label=label),
                           "sex.value")
    if kind == "date":
        if isinstance(raw, datetime):
            return raw.date(), None
        if isinstance(raw, date):
            return raw, None
        day = parse_date(str(raw).strip()[:40])
        if day is None:
            return None, error(f.name, _("{label}: {value} is not a date; write it like {example} ({hint}) or "
                                         "{iso}.").format(label=label, value=quoted(raw), example=date_example(),
                                                          hint=current().date_hint(), iso="2026-08-24"),
                               "date.format")
        return day, None
    if kind == "int" or kind.startswith("ref:"):
        if isinstance(raw, bool):
            raw = int(raw)
        if isinstance(raw, int):
            return raw, None
        if isinstance(raw, float) and raw.is_integer():
            return int(raw), None
        text = str(raw).strip()
        if re.fullmatch(r"[-+]?\d+", text):
            if len(text.lstrip("+-")) > bounds.MAX_DIGITS:  # Python refuses to read far longer ones
                return None, bounds.number_problem(f.name, label, 10 ** bounds.MAX_DIGITS * (-1 if text[0] == "-"
                                                                                            else 1),
                                                   minimum=f.minimum if f.ref_kind is None else 1,
                                                   maximum=f.maximum if f.ref_kind is None else bounds.MAX_ID)
            return int(text), None
        return None, error(f.name, _("{label}: {value} is not a whole number; write digits only.")
                           .format(label=label, value=quoted(raw)), "int.format")
    if kind == "decimal":
        if isinstance(raw, Decimal):
            return raw, None
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            return Decimal(str(raw)), None
        amount = parse_decimal(str(raw).strip()[:40])
        if amount is None and f.unit == "hours":
            return None, error(f.name, _("{label}: {value} is not a number of hours; write it like {whole} or "
                                         "{part}.").format(label=label, value=quoted(raw), whole=36,
                                                           part=shown_number(Decimal("7.5"))), "decimal.format")
        if amount is None and f.unit == "money":
            return None, error(f.name, _("{label}: {value} is not an amount; write it like {example}.")
                               .format(label=label, value=quoted(raw), example=current().format_decimal(
                                   Decimal("4500.00"), "0.00")), "decimal.format")
        if amount is None:  # points, an average, a share: a plain number
            return None, error(f.name, _("{label}: {value} is not a number; write digits, e.g. {example}.")
                               .format(label=label, value=quoted(raw), example=shown_number(Decimal("85.5"))),
                               "decimal.format")
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
    if kind.startswith("choice:"):  # a code, or the word naming it; other words refused
        from vetdesk.domain.choices import choice, refusal

        value = choice(kind[7:]).parse(normalize.text(str(raw)) or "")
        problem = refusal(kind[7:], label, value)
        return (None, problem) if problem is not None else (value, None)
    if kind == "amounts":
        parts = [p for p in re.split(r"[;/|]+|\s{2,}", str(raw)) if p.strip()]
        amounts = [parse_decimal(p.strip()) for p in parts]
        if not amounts or any(a is None for a in amounts):
            return None, error(f.name, _("{label}: write one amount for each further training year, separated by "
                                         "semicolons, e.g. 5000.00; 5500.00.").format(label=label), "amounts.format")
        return "; ".join(f"{a:.2f}" for a in amounts if a is not None), None
    if kind == "choice":
        return _parse_choice(f, raw)
    if kind.startswith("ids:"):
        return _parse_ids(f, raw)
    if kind == "steps":
        return _parse_steps(f, raw)
    raise AssertionError(f"unknown field type {kind}")  # pragma: no cover - a programming error


def _parse_level(f: Field, raw: Any) -> tuple[Any, Problem | None]:
    """A level (``Field.minimum``/``maximum`` on a text field): the text as typed, its one number in range."""
    text = normalize.text(str(raw)) or ""
    numbers = re.findall(r"[-+]?\d+", text)
    if len(numbers) != 1:
        return None, error(f.name, _("{label}: {value} does not give one level; write the level as a number from "
                                     "{minimum} to {maximum}, e.g. {maximum}.").format(
            label=f.title(), value=quoted(raw), minimum=f.minimum, maximum=f.maximum), "level.format")
    number = numbers[0]
    level = int(number[0]) if re.fullmatch(r"\d{3}", number) else int(number[:bounds.MAX_DIGITS])
    problem = bounds.number_problem(f.name, f.title(), level, minimum=f.minimum, maximum=f.maximum)
    return (None, problem) if problem is not None else (text, None)


def quoted(raw: Any) -> str:
    """A value quoted back in a message: short, and on one line."""
    text = " ".join(str(raw).split())
    return text if len(text) <= 30 else text[:29] + "…"


def _choice_key(text: str) -> str:
    """A choice's word as matched: no case, accents, spaces or hyphens, and without its last letter, so that
    Spanish and Portuguese masculine and feminine forms meet ("técnico", "técnica", "socio-emotional"). A final
    digit is kept: "Part 1" and "Part 2" are two choices."""
    key = re.sub(r"[^0-9a-z]", "", normalize.fold(text))
    return key[:-1] if len(key) > 4 and key[-1].isalpha() else key


def _parse_choice(f: Field, raw: Any) -> tuple[Any, Problem | None]:
    """A choice by its value or its label, in any of the app's languages ("técnica", "Enlace")."""
    from vetdesk import i18n

    word = _choice_key(str(raw))
    for value, label in f.choices:
        names = {value, label, *(i18n.translator(lang).gettext(label) for lang in i18n.LANGUAGES)}
        if word in {_choice_key(n) for n in names}:
            return value, None
    return None, error(f.name, _("{label}: {value} is not one of the choices; write {choices}.").format(
        label=f.title(), value=raw, choices=", ".join(_(label) for _value, label in f.choices)), "choice.value")


def _parse_ids(f: Field, raw: Any) -> tuple[Any, Problem | None]:
    """Record ids, from a list or from text such as ``3, 4 7``: kept sorted, each once."""
    items = raw if isinstance(raw, list | tuple | set) else re.split(r"[\s,;]+", str(raw).strip())
    out: set[int] = set()
    for item in items:
        text = str(item).strip()
        if not text:
            continue
        if not re.fullmatch(r"\d+", text):
            return None, error(f.name, _("{label}: {value} is neither a code nor a record number; list the codes "
                                         "(or numbers) separated by commas, e.g. M10, M11, M12.").format(
                label=f.title(), value=text),
                               "ids.format")
        out.add(int(text))
    return sorted(out), None


def _parse_steps(f: Field, raw: Any) -> tuple[Any, Problem | None]:
    """A plan's steps in their order: a list of {position_id, weeks}, or text such as ``12:8, 14:6`` (the
    learning position's number, a colon, its weeks)."""
    if isinstance(raw, list | tuple):
        try:
            return [{"position_id": int(s["position_id"]), "weeks": int(s["weeks"])} for s in raw], None
        except (KeyError, TypeError, ValueError):
            pass
    out = []
    for part in re.split(r"[,;\n]+", str(raw)):
        part = part.strip()
        if not part:
            continue
        match = re.fullmatch(r"(\d+)\s*[:=x×]\s*(\d+)", part)
        if match is None:
            return None, error(f.name, _("{label}: {value} is not a learning position with its weeks; write the "
                                         "position's name or number, a colon and the weeks, e.g. Almacén:8, "
                                         "Taller:6.")
                               .format(label=f.title(), value=part), "steps.format")
        out.append({"position_id": int(match.group(1)), "weeks": int(match.group(2))})
    return out, None


def steps_text(steps: list[dict[str, int]] | None) -> str:
    """A plan's steps as the command line and a spreadsheet write them (``12:8, 14:6``)."""
    return ", ".join(f"{s['position_id']}:{s['weeks']}" for s in steps or [])


# -- the fields of each kind ------------------------------------------------------------------------
# Text lengths are their columns' sizes (a test holds them together); ranges come from domain.bounds.

_ADDRESS: dict[str, Any] = {"max_length": bounds.ADDRESS, "multiline": True}
_LONG_TEXT: dict[str, Any] = {"max_length": bounds.LONG_TEXT, "multiline": True}


def _range(limits: tuple[Any, Any], places: int | None = None) -> dict[str, Any]:
    return {"minimum": limits[0], "maximum": limits[1], "places": places}


COMPANY_FIELDS = (
    Field("name", "text", N_("Company name"), required=True, max_length=250),
    Field("id_country", "country", N_("Country of the tax ID"), max_length=2),
    Field("rfc", "id", N_("RFC (tax ID)"), required=True, max_length=20),
    Field("sector", "choice:sector", N_("Sector"), max_length=120),
    Field("size", "choice:size", N_("Size"), max_length=20),
    Field("state", "state", N_("State"), max_length=60),
    Field("address", "text", N_("Address"), **_ADDRESS),
    Field("legal_representative", "text", N_("Legal representative"), max_length=200),
    Field("contact_name", "text", N_("Contact person"), max_length=200),
    Field("contact_email", "email", N_("Contact e-mail"), max_length=200),
    Field("contact_phone", "text", N_("Contact phone"), max_length=40),
    Field("retired_on", "date", N_("Retired on")),
)

SCHOOL_FIELDS = (
    Field("name", "text", N_("School name"), required=True, max_length=250),
    Field("cct", "id", N_("School code (CCT)"), required=True, max_length=20),
    Field("subsystem", "text", N_("Subsystem"), max_length=60),
    Field("state", "state", N_("State"), max_length=60),
    Field("municipality", "text", N_("Municipality"), max_length=120),
    Field("address", "text", N_("Address"), **_ADDRESS),
    Field("liaison_name", "text", N_("Liaison officer"), max_length=200),
    Field("email", "email", N_("E-mail"), max_length=200),
    Field("phone", "text", N_("Phone"), max_length=40),
    Field("retired_on", "date", N_("Retired on")),
)

#: The agreement a programme's apprentices sign (``agreement_sheet.TEMPLATES``), in words.
TEMPLATE_CHOICES = (("mmfd", N_("MMFD")), ("bbig", N_("contract § 11 BBiG")),
                    ("both", N_("both (MMFD and contract § 11 BBiG)")))

PROGRAMME_FIELDS = (
    Field("code", "code", N_("Programme code"), required=True, max_length=40),
    Field("name", "text", N_("Programme name"), required=True, max_length=250),
    Field("duration_months", "int", N_("Duration (months)"), required=True, **_range(bounds.DURATION_MONTHS)),
    Field("nqf_level", "text", N_("National qualification level"), max_length=20, **_range(bounds.NQF_LEVEL)),
    Field("isced_level", "text", N_("ISCED level"), max_length=20, **_range(bounds.ISCED_LEVEL)),
    Field("conocer_codes", "codes", N_("CONOCER standards"), max_length=200),
    Field("templates", "choice", N_("Agreement template"), choices=TEMPLATE_CHOICES),
    Field("min_semester", "int", N_("Entry semester"), **_range(bounds.SEMESTER)),
    Field("stps_permit_required", "bool", N_("STPS permit required for minors")),
)

APPRENTICE_FIELDS = (
    Field("id_country", "country", N_("Country of the personal ID"), max_length=2),
    Field("curp", "id", N_("CURP"), required=True, max_length=30),
    Field("given_names", "text", N_("Given names"), required=True, max_length=150),
    Field("first_surname", "text", N_("First surname"), required=True, max_length=100),
    Field("second_surname", "text", N_("Second surname"), max_length=100),
    Field("birth_date", "date", N_("Birth date"), required=True),
    Field("sex", "sex", N_("Sex"), required=True),
    Field("email", "email", N_("E-mail"), max_length=200),
    Field("phone", "text", N_("Phone"), max_length=40),
    Field("address", "text", N_("Address"), **_ADDRESS),
    Field("school_id", "ref:schools", N_("School")),
    Field("semester", "int", N_("Semester"), **_range(bounds.SEMESTER)),
    Field("nss", "id", N_("Social-security number (NSS)"), max_length=11),
    Field("guardian_name", "text", N_("Guardian's name"), max_length=200),
    Field("guardian_relation", "choice:guardian_relation", N_("Guardian's relation"), max_length=60),
    Field("guardian_phone", "text", N_("Guardian's phone"), max_length=40),
    Field("guardian_email", "email", N_("Guardian's e-mail"), max_length=200),
    Field("guardian_id_document", "text", N_("Guardian's ID document"), max_length=60),
    Field("guardian_address", "text", N_("Guardian's address"), **_ADDRESS),
    Field("guardian2_name", "text", N_("Second guardian's name"), max_length=200),
    Field("guardian2_relation", "choice:guardian2_relation", N_("Second guardian's relation"), max_length=60),
    Field("guardian2_phone", "text", N_("Second guardian's phone"), max_length=40),
    Field("guardian2_email", "email", N_("Second guardian's e-mail"), max_length=200),
    Field("guardian2_id_document", "text", N_("Second guardian's ID document"), max_length=60),
    Field("guardian2_address", "text", N_("Second guardian's address"), **_ADDRESS),
    Field("medical_certificate_date", "date", N_("Medical certificate date")),
)

INSTRUCTOR_FIELDS = (
    Field("company_id", "ref:companies", N_("Company"), required=True),
    Field("name", "text", N_("Name"), required=True, max_length=200),
    Field("email", "email", N_("E-mail"), max_length=200),
    Field("phone", "text", N_("Phone"), max_length=40),
    Field("job_title", "text", N_("Job title"), max_length=120),
    Field("qualification", "text", N_("Qualification"), max_length=120),
    Field("qualification_date", "date", N_("Qualification date")),
    Field("capacity", "int", N_("Capacity (apprentices)"), **_range(bounds.CAPACITY)),
    Field("retired_on", "date", N_("Retired on")),
)

#: What a person of a school's staff does for the apprentices (domain.training.STAFF_ROLES).
STAFF_ROLE_CHOICES = (("tutor", N_("academic tutor")), ("liaison", N_("liaison officer")),
                      ("director", N_("director (legal representative)")))

TUTOR_FIELDS = (
    Field("school_id", "ref:schools", N_("School"), required=True),
    Field("name", "text", N_("Name"), required=True, max_length=200),
    Field("role", "choice", N_("Role at the school"), choices=STAFF_ROLE_CHOICES),
    Field("job_title", "text", N_("Job title"), max_length=120),
    Field("email", "email", N_("E-mail"), max_length=200),
    Field("phone", "text", N_("Phone"), max_length=40),
)

COMPETENCY_KIND_CHOICES = (("technical", N_("technical")), ("socioemotional", N_("socio-emotional")))

COMPETENCY_FIELDS = (
    Field("programme_id", "ref:programmes", N_("Programme"), required=True),
    # Empty: its kind's (training.default_area).
    Field("area", "text", N_("Competency area"), max_length=200, catalogue_words=True),
    Field("code", "code", N_("Competency code"), required=True, max_length=40),
    Field("title", "text", N_("Competency"), required=True, max_length=bounds.ADDRESS, catalogue_words=True),
    Field("description", "text", N_("Description"), max_length=bounds.LONG_TEXT, multiline=True),
    Field("conocer_code", "code", N_("CONOCER standard"), max_length=20),
    Field("kind", "choice", N_("Technical or socio-emotional"), choices=COMPETENCY_KIND_CHOICES),
    Field("position", "int", N_("Order in the catalogue"), **_range((0, 9999))),
    Field("retired_on", "date", N_("Retired on")),
)

POSITION_FIELDS = (
    Field("company_id", "ref:companies", N_("Company"), required=True),
    Field("name", "text", N_("Learning position"), required=True, max_length=200),
    Field("department", "text", N_("Department or workstation"), max_length=200),
    Field("description", "text", N_("Description"), max_length=bounds.LONG_TEXT, multiline=True),
    Field("instructor_id", "ref:instructors", N_("Instructor responsible"), follows=("company_id",)),
    Field("competency_ids", "ids:competencies", N_("Competencies learned here")),
)

PLAN_FIELDS = (
    Field("company_id", "ref:companies", N_("Company"), required=True),
    Field("programme_id", "ref:programmes", N_("Programme"), required=True),
    Field("name", "text", N_("Plan name"), required=True, max_length=200),
    Field("plan_version", "int", N_("Version"), editable=False, **_range((1, 9999))),
    Field("valid_from", "date", N_("Valid from")),
    Field("valid_until", "date", N_("Valid until")),
    Field("steps", "steps", N_("Learning positions and weeks")),
    Field("previous_id", "ref:rotation_plans", N_("Replaces"), editable=False),
)

ROTATION_FIELDS = (
    Field("agreement_id", "ref:agreements", N_("Agreement"), required=True),
    Field("position_id", "ref:positions", N_("Learning position"), required=True),
    Field("actual_start", "date", N_("Started there on")),
    Field("actual_end", "date", N_("Left on")),
    Field("notes", "text", N_("Notes"), max_length=bounds.LONG_TEXT, multiline=True),
)

COORDINATOR_FIELDS = (
    Field("name", "text", N_("Name"), required=True, max_length=200),
    Field("job_title", "text", N_("Job title"), max_length=120),
    Field("email", "email", N_("E-mail"), max_length=200),
    Field("phone", "text", N_("Phone"), max_length=40),
    Field("username", "text", N_("Office user name"), max_length=80),
)

COLLABORATION_FIELDS = (
    Field("reference", "id", N_("Reference"), editable=False, max_length=40),
    Field("school_id", "ref:schools", N_("School"), required=True),
    Field("company_id", "ref:companies", N_("Company"), required=True),
    Field("status", "status", N_("Status"), max_length=12),
    # The agreed term ("Fecha de inicio", as a learning agreement's), apart from the day it came into force
    # ("En vigor desde", activated_on, as a learning agreement's): two dates that read alike no more.
    Field("start_date", "date", N_("Start date"), required=True),
    Field("end_date", "date", N_("End date")),
    Field("school_signatory_id", "ref:tutors", N_("Signs for the school"), follows=("school_id",)),
    Field("company_signatory", "text", N_("Signs for the company"), max_length=200),
    Field("coordinator_id", "ref:coordinators", N_("Signs for the chamber")),
    Field("place_of_signing", "text", N_("Place of signing"), max_length=120),
    Field("printed_on", "date", N_("Printed on")),
    Field("school_signed_on", "date", N_("Signed by the school on")),
    Field("company_signed_on", "date", N_("Signed by the company on")),
    Field("chamber_signed_on", "date", N_("Signed by the chamber on")),
    Field("activated_on", "date", N_("In force since")),
    Field("ended_on", "date", N_("Ended on")),
    Field("end_reason", "text", N_("Reason for ending"), max_length=bounds.LONG_TEXT, multiline=True),
    Field("notes", "text", N_("Notes"), max_length=bounds.LONG_TEXT, multiline=True),
)

AGREEMENT_FIELDS = (
    Field("reference", "id", N_("Reference"), editable=False, max_length=40),
    Field("apprentice_id", "ref:apprentices", N_("Apprentice"), required=True),
    Field("company_id", "ref:companies", N_("Company"), required=True),
    Field("school_id", "ref:schools", N_("School")),
    Field("programme_id", "ref:programmes", N_("Programme"), required=True),
    Field("instructor_id", "ref:instructors", N_("Instructor"), follows=("company_id",)),
    Field("tutor_id", "ref:tutors", N_("Academic tutor"), follows=("school_id",)),
    Field("rotation_plan_id", "ref:rotation_plans", N_("Rotation plan"), follows=("company_id", "programme_id")),
    Field("status", "status", N_("Status"), max_length=12),
    Field("start_date", "date", N_("Start date"), required=True),
    Field("end_date", "date", N_("End date"), required=True),
    Field("probation_months", "int", N_("Probation (months)"), **_range(bounds.PROBATION_MONTHS)),
    Field("modality_years", "int", N_("Years in the company"), **_range(bounds.MODALITY_YEARS)),
    Field("training_site", "text", N_("Training site"), **_ADDRESS),
    Field("company_days", "int", N_("Days a week at the company"), **_range(bounds.DAYS_A_WEEK)),
    Field("school_days", "int", N_("Days a week at school"), **_range(bounds.DAYS_A_WEEK)),
    Field("weekly_pattern", "choice:weekly_pattern", N_("Weekly pattern"), max_length=120),
    Field("daily_hours", "decimal", N_("Daily hours"), unit="hours", **_range(bounds.DAILY_HOURS, bounds.HOURS_PLACES)),
    Field("stipend_amount", "decimal", N_("Stipend"), unit="money", **_range(bounds.STIPEND, bounds.MONEY_PLACES)),
    Field("stipend_currency", "currency", N_("Stipend currency"), max_length=3),
    Field("stipend_payer", "choice:stipend_payer", N_("Stipend paid by"), max_length=40),
    Field("stipend_period", "choice:stipend_period", N_("Stipend period"), max_length=20),
    Field("stipend_steps", "amounts", N_("Stipend in later training years"), max_length=200),
    Field("insurance_insurer", "text", N_("Insurer"), max_length=200),
    Field("insurance_policy", "text", N_("Accident-insurance policy"), max_length=60),
    Field("insurance_expiry", "date", N_("Insurance expiry")),
    Field("stps_permit_number", "text", N_("STPS permit number"), max_length=60),
    Field("stps_permit_date", "date", N_("STPS permit date")),
    Field("holiday_days", "int", N_("Holiday days a year"), **_range(bounds.HOLIDAY_DAYS)),
    Field("overtime_compensation", "choice:overtime_compensation", N_("Overtime compensation"), **_LONG_TEXT),
    Field("collective_agreement", "text", N_("Collective agreement"), **_LONG_TEXT),
    Field("training_record_form", "choice:training_record_form", N_("Training record kept"), max_length=20),
    Field("place_of_signing", "text", N_("Place of signing"), max_length=120),
    Field("printed_on", "date", N_("Printed on")),
    Field("company_signed_on", "date", N_("Signed by the company on")),
    Field("apprentice_signed_on", "date", N_("Signed by the apprentice on")),
    Field("guardian_signed_on", "date", N_("Signed by the guardian on")),
    Field("guardian2_signed_on", "date", N_("Signed by the second guardian on")),
    Field("school_signed_on", "date", N_("Signed by the school on")),
    Field("chamber_signed_on", "date", N_("Signed by the chamber on")),
    Field("activated_on", "date", N_("In force since")),
    Field("completed_on", "date", N_("Completed on")),
    Field("terminated_on", "date", N_("Terminated on")),
    Field("termination_reason", "text", N_("Termination reason"), **_LONG_TEXT),
    Field("notes", "text", N_("Notes"), **_LONG_TEXT),
)

#: Who rated an assessment, and what the rating rests on: the codes stored, the words shown.
RATER_ROLE_CHOICES = (("instructor", N_("instructor")), ("tutor", N_("academic tutor")),
                      ("self", N_("self-assessment")))
EVIDENCE_CHOICES = (("product", N_("work product")), ("process", N_("observed work")),
                    ("account", N_("spoken account")))

ASSESSMENT_FIELDS = (
    Field("agreement_id", "ref:agreements", N_("Agreement"), required=True),
    Field("competency_id", "ref:competencies", N_("Competency"), required=True, follows=("agreement_id",)),
    Field("position_id", "ref:positions", N_("Learning position"), follows=("agreement_id",)),
    Field("assessed_on", "date", N_("Date"), required=True),
    Field("rater_name", "text", N_("Rater"), max_length=200),
    Field("rater_role", "choice", N_("Rater's role"), max_length=12, choices=RATER_ROLE_CHOICES),
    Field("level", "int", N_("Level"), follows=("agreement_id",), **_range(bounds.LEVEL)),
    Field("evidence_kind", "choice", N_("Evidence"), max_length=12, choices=EVIDENCE_CHOICES),
    Field("recognised", "bool", N_("Recognised prior learning")),
    Field("comment", "text", N_("Comment"), **_LONG_TEXT),
)


def choice_label(value: str) -> str:
    """A choice field's value as people read it, in the interface language."""
    from vetdesk.domain.exams import PARTS, VERDICTS
    from vetdesk.domain.logbook import PRESENCE

    for choice, label in (*(c for f in (*TUTOR_FIELDS, *COMPETENCY_FIELDS, *ASSESSMENT_FIELDS) for c in f.choices),
                          *PRESENCE, *PARTS, *VERDICTS):
        if choice == value:
            return _(label)
    return value
