"""Identifiers of people, companies and schools, checked with python-stdnum where it has them.

Each check takes a normalised value and returns a list of problems for ``field`` (empty when valid).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from datetime import date
from types import ModuleType

from vetdesk.domain.normalize import fold
from vetdesk.domain.problems import Problem, error, warning
from vetdesk.i18n import N_, _, country_name, format_list, pgettext, shown_day

GENERIC_RFCS = frozenset({"XAXX010101000", "XEXX010101000"})
CCT_PATTERN = re.compile(r"^([0-9]{2})([A-Z]{3})([0-9]{4})([A-Z])\Z")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}\Z")
CONOCER_PATTERN = re.compile(r"^EC[0-9]{4}(\.[0-9]{2})?\Z")
SEXES = ("H", "M", "X")


def sex_word(code: str) -> str:
    """A recorded sex as a form, a list of minors and a message say it: "Female", "Male" in English (as English
    forms ask for sex), "mujer", "hombre" in Spanish (as the CURP's registry, RENAPO, does); never the CURP's
    letter (H, M, X)."""
    words = {"H": pgettext("sex", "Male"), "M": pgettext("sex", "Female"), "X": pgettext("sex", "Non-binary")}
    return words.get(code, code)

def apprentice_role(sex: str, pgettext: Callable[[str, str], str] = pgettext) -> str:
    """"The apprentice" as a message or a document says it of this person: by the recorded sex (H, M), neutral
    for X or anything else ("La aprendiz", "Die Auszubildende"). One rule for the window, the command line and
    the documents (reports.words passes the document's language)."""
    if sex == "M":
        return pgettext("apprentice, a woman", "The apprentice")
    if sex == "H":
        return pgettext("apprentice, a man", "The apprentice")
    return pgettext("apprentice, non-binary or unknown", "The apprentice")


def apprentice_in_sentence(sex: str, pgettext: Callable[[str, str], str] = pgettext) -> str:
    """"the apprentice" inside a sentence ("… covers {apprentice} …"), by the recorded sex; neutral for X."""
    if sex == "M":
        return pgettext("apprentice inside a sentence, a woman", "the apprentice")
    if sex == "H":
        return pgettext("apprentice inside a sentence, a man", "the apprentice")
    return pgettext("apprentice inside a sentence, non-binary or unknown", "the apprentice")


def by_sex(sex: str, woman: str, man: str, neutral: str) -> str:
    """One of three wordings of a message about the apprentice (each translated with its own context), by the
    recorded sex: where a language's words agree with the apprentice beyond "the apprentice" itself."""
    return woman if sex == "M" else man if sex == "H" else neutral


def signing_party(field: str, label: str, apprentice_sex: str) -> str:
    """A signing party of an agreement in the user's words (``label``, translated), the apprentice's by sex."""
    return apprentice_role(apprentice_sex) if field == "apprentice_signed_on" else _(label)


def signature_label(field: str, label: str, apprentice_sex: str) -> str:
    """The label of a party's signature date (``label``: the field's, untranslated) in the user's words, the
    apprentice's by the recorded sex ("Firmado por la aprendiz el"; neutral for X): the signatures dialog and the
    agreement's form say it as the contract does."""
    if field != "apprentice_signed_on":
        return _(label)
    return by_sex(apprentice_sex, pgettext("apprentice, a woman", "Signed by the apprentice on"),
                  pgettext("apprentice, a man", "Signed by the apprentice on"),
                  pgettext("apprentice, non-binary or unknown", "Signed by the apprentice on"))


#: python-stdnum modules for the personal and tax identifiers of other AHK countries.
FOREIGN_PERSONAL_IDS: dict[str, str] = {
    "CO": "stdnum.co.nit", "AR": "stdnum.ar.dni", "UY": "stdnum.uy.rut", "EC": "stdnum.ec.ci",
    "CL": "stdnum.cl.rut", "PE": "stdnum.pe.cui", "BR": "stdnum.br.cpf", "DE": "stdnum.de.idnr",
}
#: What a printed document calls the personal identifier of each country (the one ``check_person_id`` checks):
#: a Brazilian apprentice's CPF is labelled CPF, never CURP.
PERSON_ID_NAMES: dict[str, str] = {
    "MX": N_("CURP"), "BR": N_("CPF"), "AR": N_("DNI"), "CL": N_("RUT"), "UY": N_("RUT"), "CO": N_("NIT"),
    "EC": N_("Identity card (CI)"), "PE": N_("Identity code (CUI)"), "DE": N_("Tax identification number (IdNr)"),
}
FOREIGN_TAX_IDS: dict[str, str] = {
    "CO": "stdnum.co.nit", "AR": "stdnum.ar.cuit", "UY": "stdnum.uy.rut", "EC": "stdnum.ec.ruc",
    "CL": "stdnum.cl.rut", "PE": "stdnum.pe.ruc", "BR": "stdnum.br.cnpj", "DE": "stdnum.de.stnr",
}


def _stdnum(name: str) -> ModuleType:
    """A python-stdnum module, loaded when first needed: importing stdnum costs more than a tenth of a bare
    window's start (it loads pydoc and ssl), and the first screen checks no identifier."""
    return importlib.import_module(f"stdnum.{name}")


def _curp_for_stdnum(value: str) -> str:
    # The registry issues CURPs with sex letter X (non-binary) since about 2022; stdnum only knows H/M.
    # The check digit is computed over the real letters, so it is checked separately below.
    value = _stdnum("mx.curp").compact(value)
    return value[:10] + "H" + value[11:] if len(value) == 18 and value[10] == "X" else value


def check_curp(value: str, field: str = "curp") -> list[Problem]:
    _curp, errors = _stdnum("mx.curp"), _stdnum("exceptions")
    probe = _curp_for_stdnum(value)
    try:
        _curp.validate(probe, validate_check_digits=False)
    except errors.InvalidLength:
        return [error(field, _("The CURP must have 18 characters; it has {n}. Copy it from the "
                               "apprentice's CURP document.").format(n=len(value)), "curp.length")]
    except errors.InvalidFormat:
        return [error(field, _("The CURP {value} does not have the form of a CURP (4 letters, 6 digits, "
                               "6 letters, 2 characters). Check for swapped letters and digits.")
                      .format(value=value), "curp.format")]
    except (errors.InvalidComponent, errors.ValidationError):
        return [_curp_component(_curp, probe, value, field)]
    real = _curp.compact(value)
    if real[-1] != _curp.calc_check_digit(real):
        return [error(field, _("The CURP {value} has a wrong check digit (the last character). "
                               "Check each character against the CURP document.").format(value=value),
                      "curp.checksum")]
    return []


def _curp_component(module: ModuleType, probe: str, value: str, field: str) -> Problem:
    """Which part of a CURP of the right form is impossible, said for what it is: the first four letters a word
    RENAPO replaces, the birth date, the sex letter or the state."""
    letters = probe[:4]
    if letters in module._name_blacklist:
        return error(field, _(
            "The first four letters of the CURP {value} form a word ({letters}) that RENAPO replaces: in a real "
            "CURP the second letter is an X ({replaced}), and the check digit differs. Copy the CURP from the "
            "apprentice's CURP document.").format(value=value, letters=letters,
                                                  replaced=letters[0] + "X" + letters[2:]), "curp.word")
    try:
        module.get_birth_date(probe)
    except ValueError:
        return error(field, _(
            "The CURP {value} holds an impossible birth date: characters 5 to 10 ({digits}) are the year, month "
            "and day of birth. Check them against the CURP document.").format(value=value, digits=probe[4:10]),
            "curp.birth_date")
    if probe[10] not in ("H", "M"):
        return error(field, _(
            "The CURP {value} holds {char} as the sex (its 11th character), where a CURP has H, M or X. Check it "
            "against the CURP document.").format(value=value, char=probe[10]), "curp.sex")
    return error(field, _(
        "The CURP {value} holds {state} as the state of birth (its 12th and 13th characters), which is no "
        "state's code (NE for born abroad). Check it against the CURP document.").format(
            value=value, state=probe[11:13]), "curp.state")


def curp_birth_date(value: str) -> date:
    return _stdnum("mx.curp").get_birth_date(_curp_for_stdnum(value))


#: The oldest a person a CURP names can be: beyond it, the century character was mistyped.
OLDEST_AGE = 100


def check_curp_century(value: str, *, today: date, field: str = "curp") -> list[Problem]:
    """A valid CURP's birth date is in the past and less than :data:`OLDEST_AGE` years ago: its 17th character
    says the century (a digit: born before 2000; a letter: from 2000 on), and a digit read as a letter or the
    other way round puts the person a century off."""
    born = curp_birth_date(value)
    char = _stdnum("mx.curp").compact(value)[16]
    if born > today:
        return [error(field, _(
            "The CURP {value} says born on {date}, which lies in the future: its 17th character ({char}), a "
            "letter, means born in 2000 or later. Check that character (a digit for births before 2000) and "
            "the birth date against the CURP document.").format(
                value=value, date=shown_day(born), char=char), "curp.century")]
    years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    if years > OLDEST_AGE:
        return [error(field, _(
            "The CURP {value} says born on {date}, {years} years ago: its 17th character ({char}), a digit, "
            "means born before 2000. Check that character (a letter for births from 2000 on) and the birth "
            "date against the CURP document.").format(
                value=value, date=shown_day(born), years=years, char=char), "curp.century")]
    return []


def curp_sex(value: str) -> str:
    """The sex letter of a valid CURP: H, M or X."""
    return _stdnum("mx.curp").compact(value)[10]


def from_curp(country: object, curp: object) -> dict[str, object]:
    """What a valid Mexican CURP says about its holder: the birth date and the sex (nothing for another
    country's identifier or a CURP that is not valid). The one reading of a CURP's parts: the window's forms
    fill their fields from it, and saving, ``vetdesk add``/``set`` and the import take the values missing."""
    if str(country or "MX") != "MX" or not isinstance(curp, str) or not curp.strip() or check_curp(curp):
        return {}
    return {"birth_date": curp_birth_date(curp), "sex": curp_sex(curp)}


def check_rfc(value: str, field: str = "rfc", *, person: bool | None = None) -> list[Problem]:
    """A company RFC has 12 characters, a person's 13; ``person`` says which one is expected
    (``None``: either)."""
    _rfc, errors = _stdnum("mx.rfc"), _stdnum("exceptions")
    value = _rfc.compact(value)
    if value in GENERIC_RFCS:
        return [warning(field, _("{value} is a generic RFC (public in general or foreigner), not the "
                                 "taxpayer's own. Ask for the real RFC if there is one.").format(value=value),
                        "rfc.generic")]
    try:
        if len(value) not in (12, 13):  # stdnum also accepts a person's 10-character RFC without homoclave
            raise errors.InvalidLength()
        _rfc.validate(value, validate_check_digits=False)
    except errors.InvalidLength:
        return [error(field, _("An RFC has 12 characters for a company or 13 for a person; this one has "
                               "{n}. Copy it from the tax certificate (constancia de situación fiscal).")
                      .format(n=len(value)), "rfc.length")]
    except (errors.InvalidFormat, errors.InvalidComponent, errors.InvalidChecksum, errors.ValidationError):
        return [error(field, _("The RFC {value} is not valid: it must be 3 or 4 letters, a date as "
                               "YYMMDD and 3 characters. Copy it from the tax certificate.")
                      .format(value=value), "rfc.format")]
    if person is False and len(value) != 12:
        return [error(field, _("A company's RFC has 12 characters; {value} has {n} (a person's RFC). "
                               "Enter the company's own RFC.").format(value=value, n=len(value)),
                      "rfc.company_length")]
    if person is True and len(value) != 13:
        return [error(field, _("A person's RFC has 13 characters; {value} has {n}. Enter the person's "
                               "own RFC.").format(value=value, n=len(value)), "rfc.person_length")]
    return []


#: Mexico's states in the order of their INEGI numbers (01 Aguascalientes … 32 Zacatecas), as recorded.
MX_STATES = (
    "Aguascalientes", "Baja California", "Baja California Sur", "Campeche", "Coahuila", "Colima", "Chiapas",
    "Chihuahua", "Ciudad de México", "Durango", "Guanajuato", "Guerrero", "Hidalgo", "Jalisco", "México",
    "Michoacán", "Morelos", "Nayarit", "Nuevo León", "Oaxaca", "Puebla", "Querétaro", "Quintana Roo",
    "San Luis Potosí", "Sinaloa", "Sonora", "Tabasco", "Tamaulipas", "Tlaxcala", "Veracruz", "Yucatán", "Zacatecas",
)


def check_cct_state(cct: str, state: str | None, field: str = "cct") -> list[Problem]:
    """A CCT's first two digits are the INEGI number of the school's state (SEP): a school recorded in another
    Mexican state is warned of, naming both, since one of the two is mistyped. A state outside Mexico's list
    (or none) is not judged."""
    match = CCT_PATTERN.match(cct)
    if not match or state not in MX_STATES or not 1 <= int(match.group(1)) <= len(MX_STATES):
        return []
    of_cct = MX_STATES[int(match.group(1)) - 1]
    if of_cct == state:
        return []
    return [warning(field, _(
        "The CCT {cct} begins with {digits}, the number of {cct_state}, but the school's state is {state}. Check "
        "both: correct the CCT or the state, whichever is mistyped.").format(
            cct=cct, digits=match.group(1), cct_state=of_cct, state=state), "cct.state_mismatch")]


#: A municipality's INEGI number as the SEP's catalogue gives it in MUNICIPIO (its name is in NOMBREMUN).
_MUNICIPALITY_NUMBER = re.compile(r"\d{1,3}")


def municipality_number(value: object, field: str = "municipality") -> Problem | None:
    """A municipality given as its INEGI number (014) instead of its name: vetdesk keeps names, as forms, lists
    and documents show them; the number is left out, with what to give instead (a warning: the rest of a
    school's row is good)."""
    if not isinstance(value, str) or not _MUNICIPALITY_NUMBER.fullmatch(value.strip()):
        return None
    return warning(field, _("{value} is the INEGI number of a municipality, not its name: it is left out. Write the "
                            "municipality's name (in the SEP's catalogue of work centres, the NOMBREMUN column).")
                   .format(value=value.strip()), "municipality.number")


def municipality_name(value: object) -> str:
    """A school's municipality as documents name it: nothing for an INEGI number recorded before vetdesk
    left numbers out (:func:`municipality_number`)."""
    text = str(value or "").strip()
    return "" if _MUNICIPALITY_NUMBER.fullmatch(text) else text


def check_cct(value: str, field: str = "cct") -> list[Problem]:
    match = CCT_PATTERN.match(value)
    if not match:
        return [error(field, _("The school code (CCT) {value} must be 2 digits, 3 letters, 4 digits and "
                               "a letter, e.g. 09DPR1802X. Copy it from the school's records.")
                      .format(value=value), "cct.format")]
    state = int(match.group(1))
    if not 1 <= state <= 32:
        return [error(field, _("The CCT {value} starts with state {state}, but Mexican states are "
                               "numbered 01 to 32. Check the first two digits.")
                      .format(value=value, state=match.group(1)), "cct.state")]
    return []


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def nss_check_digit(first_ten: str) -> str:
    for d in "0123456789":
        if _luhn_ok(first_ten + d):
            return d
    raise ValueError(first_ten)  # pragma: no cover - one digit always fits


#: What the NSS is and how an apprentice is insured (domain.md, "insurance"): said in the same words by the
#: refusal of a contract without an NSS (domain.contract) and the warning on an agreement without an accident
#: policy (domain.rules), as the contract's insurance clause states it (reports.agreement).
IMSS_COVER = N_("The IMSS covers an apprentice through the student insurance (seguro facultativo) under their "
                "social-security number (NSS); company trainees are generally outside compulsory IMSS cover, so "
                "the company's accident-insurance policy covers the training.")


def check_nss(value: str, field: str = "nss") -> list[Problem]:
    if not re.fullmatch(r"[0-9]{11}", value):
        return [error(field, _("The social-security number (NSS) must be 11 digits; {value} is not. "
                               "Copy it from the IMSS document.").format(value=value), "nss.format")]
    if not _luhn_ok(value):
        return [error(field, _("The NSS {value} has a wrong check digit (the last digit). "
                               "Check each digit against the IMSS document.").format(value=value),
                      "nss.checksum")]
    return []


def check_email(value: str, field: str = "email") -> list[Problem]:
    if not EMAIL_PATTERN.match(value):
        return [error(field, _("{value} is not an e-mail address. Write it as name@domain.mx.")
                      .format(value=value), "email.format")]
    return []


def check_conocer_code(value: str, field: str) -> list[Problem]:
    if not CONOCER_PATTERN.match(value):
        return [error(field, _("{value} is not a CONOCER standard code; write EC and 4 digits with an "
                               "optional version, e.g. EC0217.01.").format(value=value), "conocer.format")]
    return []


def _country(code: str) -> str:
    """A country in the user's words with its code, "Guatemala (GT)"; the code alone where it names none."""
    name = country_name(code)
    return f"{name} ({code})" if name else code


def _countries(modules: dict[str, str]) -> str:
    """The countries whose identifiers vetdesk checks, in the user's words: "Mexico (MX), Argentina (AR)… or
    Uruguay (UY)"."""
    return format_list(sorted((_country(c) for c in ("MX", *modules)), key=fold), style="or")


def _check_foreign(modules: dict[str, str], country: str, value: str, field: str) -> list[Problem]:
    name = modules.get(country)
    if name is None and modules is FOREIGN_PERSONAL_IDS and country_name(country) is not None:
        # A country whose documents vetdesk cannot check (Guatemala): the document recorded as typed, warned of.
        # A foreign apprentice living in Mexico as a resident has a CURP, which vetdesk checks: said first.
        return [warning(field, _(
            "vetdesk cannot check the identity documents of {country}: {value} is recorded as typed; check it "
            "against the document. An apprentice from abroad who lives in Mexico as a resident has a CURP: record "
            "the CURP instead, with MX as the country.").format(country=_country(country), value=value),
            "id.unchecked")]
    if name is None and modules is FOREIGN_PERSONAL_IDS:
        return [error(field, _(
            "vetdesk cannot check the identity documents of {country}. An apprentice from abroad who lives in "
            "Mexico as a resident has a CURP: record the CURP, with MX as the country. Otherwise choose a country "
            "whose documents vetdesk checks: {countries}.").format(
                country=_country(country), countries=_countries(modules)), "country.unknown")]
    if name is None:
        return [error(field, _("vetdesk cannot check the tax IDs of {country}; choose a country whose tax IDs it "
                               "checks: {countries}.").format(country=_country(country),
                                                             countries=_countries(modules)), "country.unknown")]
    module, errors = importlib.import_module(name), _stdnum("exceptions")
    # The first words of the module's description name the identifier, e.g. "CPF", "RUT".
    id_name = (module.__doc__ or name).split("(")[0].strip()
    try:
        module.validate(value)
        digits = [c for c in module.compact(value) if c.isdigit()]
        if len(set(digits)) == 1:  # 111.111.111-11 passes the check digits; the registries never issue it
            raise errors.InvalidChecksum()
    except errors.ValidationError:
        return [error(field, _("{value} is not a valid {id_name} (country {country}). Copy it from the "
                               "official document.").format(value=value, id_name=id_name, country=country),
                      "id.foreign")]
    return []


def person_id_shown(country: object, value: str) -> str:
    """A person's identifier as its country writes it (a CPF as 123.456.789-09, the module's own format); the
    CURP, an identifier vetdesk cannot check or one that is not valid, as stored."""
    name = FOREIGN_PERSONAL_IDS.get(str(country or "MX").upper())
    if name is None or not value:
        return value
    module = importlib.import_module(name)
    if not hasattr(module, "format") or not module.is_valid(value):
        return value
    return str(module.format(value))


def person_id_name(country: object) -> str:
    """The untranslated label of a person's identifier stored under ``country`` (translate it with the
    document's language); an unknown country's: "Identity document"."""
    return PERSON_ID_NAMES.get(str(country or "MX").upper(), N_("Identity document"))


def check_person_id(country: str, value: str, field: str = "curp") -> list[Problem]:
    """A person's national identifier: the CURP in Mexico, the country's own elsewhere."""
    if country == "MX":
        return check_curp(value, field)
    return _check_foreign(FOREIGN_PERSONAL_IDS, country, value, field)


def natural_person_rfc(country: object, value: object) -> bool:
    """Whether a company's tax ID is a person's: in Mexico a legal entity (persona moral) has an RFC of 12
    characters, and a sole trader (persona física con actividad empresarial) a person's RFC of 13. The one
    reading of it: the company's form warns of it, and the learning agreement names such a company a natural
    person who declares and signs in their own name. A generic RFC (public in general, foreigner) says nothing
    of who holds it; another country's tax ID is not judged."""
    if str(country or "MX").upper() != "MX" or not isinstance(value, str):
        return False
    compact = "".join(value.split()).replace("-", "").upper()
    return len(compact) == 13 and compact not in GENERIC_RFCS


def check_company_tax_id(country: str, value: str, field: str = "rfc") -> list[Problem]:
    """A company's tax ID. In Mexico a company is usually a legal entity (RFC of 12 characters); a sole
    trader (persona física con actividad empresarial) has a person's RFC of 13: allowed, with a warning."""
    if country == "MX":
        problems = check_rfc(value, field)
        if not problems and natural_person_rfc(country, value):
            problems.append(warning(field, _(
                "{value} is a person's RFC (13 characters). Keep it only if the company is a sole trader "
                "(persona física); a legal entity's RFC has 12 characters.").format(value=value),
                "rfc.person_company"))
        return problems
    return _check_foreign(FOREIGN_TAX_IDS, country, value, field)
