"""The columns a spreadsheet can fill, by kind, and which header of a file fills which: the kinds an import
brings in, their fields (natural keys standing for references), the header variants offices write, the
automatic mapping and the ``--map`` choices on top of it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from vetdesk.domain import normalize
from vetdesk.i18n import N_, _
from vetdesk.services import records

#: The kinds a spreadsheet can bring in, in the order they depend on each other.
IMPORT_KINDS = ("schools", "companies", "programmes", "competencies", "instructors", "tutors", "coordinators",
                "positions", "rotation_plans", "collaborations", "apprentices", "agreements")


def header_key(text: Any) -> str:
    """A header as matched: no case, accents, punctuation or spaces ('Correo electrónico' → 'correoelectronico')."""
    return re.sub(r"[^0-9a-z]", "", normalize.fold(str(text or "")))




@dataclass(frozen=True)
class ImportField:
    """A column an import understands: a record field, or a natural key that names another record."""

    name: str
    label: str
    #: The record field it fills (``school_id`` for the natural key ``school_cct``).
    target: str
    type: str
    required: bool = False
    #: For natural keys: the kind referred to and the column that identifies it.
    ref_kind: str | None = None
    ref_key: str | None = None

    def title(self) -> str:
        return _(self.label)


#: Natural keys standing for references: (field, name in the spreadsheet, kind, key column, label).
_REFS: dict[str, tuple[str, str, str, str]] = {
    "apprentice_id": ("apprentice_curp", "apprentices", "curp", N_("Apprentice's CURP")),
    "company_id": ("company_rfc", "companies", "rfc", N_("Company RFC")),
    "school_id": ("school_cct", "schools", "cct", N_("School code (CCT)")),
    "programme_id": ("programme_code", "programmes", "code", N_("Programme code")),
    "instructor_id": ("instructor_email", "instructors", "email", N_("Instructor's e-mail")),
    "school_signatory_id": ("school_signatory_email", "tutors", "email", N_("E-mail of who signs for the school")),
    "coordinator_id": ("coordinator_email", "coordinators", "email", N_("Coordinator's e-mail")),
}
_REF_TYPES = {"curp": "id", "rfc": "id", "cct": "id", "code": "code", "email": "email", "reference": "id"}

#: Agreement fields an import does not set: the life cycle starts at draft in the app.
_AGREEMENT_SKIPPED = {
    "reference", "tutor_id", "rotation_plan_id", "status", "printed_on", "company_signed_on",
    "apprentice_signed_on", "guardian_signed_on", "guardian2_signed_on", "school_signed_on", "chamber_signed_on",
    "activated_on", "completed_on", "terminated_on", "termination_reason",
}
#: Fields an import does not set, by kind: an agreement's life cycle starts at draft in the app; a plan's
#: version is made by ``plan-version``. A collaboration agreement is read with its status and dates (an office
#: brings the agreements it has signed; an export reads back whole): the dates each status needs are checked
#: (``domain.training.check_recorded_collaboration``).
_SKIPPED = {
    "agreements": _AGREEMENT_SKIPPED,
    "collaborations": {"reference"},
}


def import_fields(kind: str) -> list[ImportField]:
    """The columns a file of ``kind`` can hold, in the order a template shows them."""
    if kind not in IMPORT_KINDS:
        raise KeyError(kind)
    out = []
    for f in records.kind(kind).fields:
        if not f.editable or f.name in _SKIPPED.get(kind, ()):
            continue
        if f.ref_kind is not None:
            if f.name not in _REFS:
                continue
            name, ref_kind, key, label = _REFS[f.name]
            out.append(ImportField(name, label, f.name, _REF_TYPES[key], f.required, ref_kind, key))
        else:
            out.append(ImportField(f.name, f.label, f.name, f.type, f.required))
    return out


def _field_spec(kind: str, name: str) -> ImportField | None:
    return next((s for s in import_fields(kind) if s.name == name), None)


# Header variants seen in office spreadsheets (Spanish, English, German), beyond the field's own name and
# label. Kind-specific lists come first: "Tutor" is the guardian on an apprentice list.
_COMMON_SYNONYMS: dict[str, tuple[str, ...]] = {
    "id_country": ("País", "Pais del documento", "Country", "Land"),
    "email": ("Correo", "Correo electrónico", "Email", "E-mail", "Mail", "E-Mail-Adresse", "Correo-e"),
    "phone": ("Teléfono", "Tel", "Tel.", "Celular", "Móvil", "Phone", "Mobile", "Telefon", "Telefonnummer",
              "Handy"),
    "address": ("Domicilio", "Dirección", "Address", "Adresse", "Anschrift"),
    "state": ("Estado", "Entidad", "Entidad federativa", "State", "Bundesstaat"),
    "school_cct": ("CCT", "Clave del centro de trabajo", "Clave CCT", "Clave del plantel", "School code",
                   "Schulnummer", "CCT del plantel"),
    "company_rfc": ("RFC", "RFC de la empresa", "RFC empresa", "Company RFC", "Tax ID", "Steuernummer"),
    # The programme as offices head it (its code, or its name: the import finds a programme by either).
    "programme_code": ("Clave de la carrera", "Carrera", "Nombre de la carrera", "Programa", "Programme",
                       "Program", "Ausbildungsberuf", "Curso"),
}

_SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "apprentices": {
        "curp": ("CURP", "Clave CURP", "CURP del alumno", "CURP del aprendiz"),
        "given_names": ("Nombre(s)", "Nombre", "Nombres", "Given names", "Given name", "First name",
                        "Vorname", "Vornamen"),
        "first_surname": ("Apellido paterno", "Primer apellido", "Apellido", "First surname", "Surname",
                          "Last name", "Family name", "Nachname", "Familienname"),
        "second_surname": ("Apellido materno", "Segundo apellido", "Second surname", "Zweiter Nachname"),
        "birth_date": ("Fecha de nacimiento", "Fecha nacimiento", "F. nacimiento", "Fecha de nac.",
                       "Nacimiento", "Birth date", "Date of birth", "Birthdate", "DOB", "Geburtsdatum"),
        "sex": ("Sexo", "Sex", "Gender", "Género", "Genero", "Geschlecht"),
        "semester": ("Semestre", "Semester", "Sem."),
        "nss": ("NSS", "Número de seguridad social", "No. de seguridad social", "Seguro social", "IMSS",
                "Social security number", "Sozialversicherungsnummer"),
        "guardian_name": ("Tutor", "Padre o tutor", "Padre, madre o tutor", "Nombre del tutor", "Tutor legal",
                          "Guardian", "Guardian name", "Parent", "Parent or guardian", "Erziehungsberechtigte",
                          "Erziehungsberechtigter", "Gesetzlicher Vertreter"),
        "guardian_relation": ("Parentesco", "Relación con el tutor", "Relationship", "Guardian relation",
                              "Verwandtschaftsverhältnis"),
        "guardian_phone": ("Teléfono del tutor", "Tel. tutor", "Teléfono tutor", "Celular del tutor",
                           "Guardian phone", "Guardian's phone", "Telefon Erziehungsberechtigte"),
        "guardian_email": ("Correo del tutor", "Correo electrónico del tutor", "Guardian email",
                           "Guardian e-mail"),
        "guardian_id_document": ("INE del tutor", "Identificación del tutor", "Guardian ID"),
        "medical_certificate_date": ("Certificado médico", "Fecha del certificado médico",
                                     "Medical certificate", "Ärztliche Bescheinigung"),
    },
    "companies": {
        "name": ("Razón social", "Empresa", "Nombre de la empresa", "Company", "Company name", "Firma",
                 "Unternehmen", "Betrieb", "Nombre"),
        "rfc": ("RFC", "RFC de la empresa", "RFC empresa", "Company RFC", "Tax ID", "Steuernummer"),
        "sector": ("Sector", "Giro", "Rama", "Branche"),
        "size": ("Tamaño", "Size", "Größe", "Betriebsgröße"),
        "legal_representative": ("Representante legal", "Legal representative", "Gesetzlicher Vertreter",
                                 "Vertretungsberechtigte Person"),
        "contact_name": ("Contacto", "Persona de contacto", "Contact", "Contact person", "Ansprechpartner"),
        "contact_email": ("Correo", "Correo electrónico", "Email", "E-mail", "Correo de contacto"),
        "contact_phone": ("Teléfono", "Tel", "Phone", "Telefon", "Teléfono de contacto"),
    },
    "schools": {
        # The SEP's catalogue of work centres (Catálogo de Centros de Trabajo) names its columns CLAVECCT,
        # NOMBRECT, ENTIDAD (or the state's name in NOMBREENT / N_ENTIDAD), MUNICIPIO / NOMBREMUN, LOCALIDAD,
        # DOMICILIO, TELEFONO, CORREOELE… (upper or lower case, depending on the download).
        "name": ("Nombre del plantel", "Plantel", "Escuela", "Nombre de la escuela", "Nombre", "School",
                 "School name", "Schule", "Berufsschule", "NOMBRECT", "NOMBRE_CT", "Nombre del centro de trabajo",
                 "NOM_CT"),
        "cct": ("CCT", "Clave del centro de trabajo", "Clave CCT", "Clave del plantel", "School code",
                "Schulnummer", "CLAVECCT", "CLAVE_CCT", "CV_CCT", "CVE_CCT"),
        "subsystem": ("Subsistema", "Subsystem", "Schulträger", "NOMBRE_SUBSISTEMA"),
        "state": ("Entidad", "Estado", "Entidad federativa", "State", "Bundesstaat"),
        "municipality": ("Municipio", "Alcaldía", "Municipality", "Gemeinde", "Ort"),
        "address": ("DOMICILIO", "Domicilio", "Dirección", "Address", "Adresse", "Anschrift"),
        "liaison_name": ("Vinculación", "Gestor de vinculación", "Responsable de vinculación", "Liaison",
                         "Ansprechpartner"),
        "email": ("CORREOELE", "CORREO_ELECTRONICO", "Correo", "Correo electrónico", "Email", "E-mail"),
        "phone": ("TELEFONO", "Teléfono", "Tel", "Phone", "Telefon"),
    },
    "competencies": {
        "area": ("Área", "Área de competencia", "Bereich", "Kompetenzbereich", "Area"),
        "code": ("Clave", "Código", "Clave de la competencia", "Code", "Kode"),
        "title": ("Competencia", "Título", "Nombre", "Nombre de la competencia", "Competency", "Kompetenz",
                  "Title"),
        "description": ("Descripción", "Description", "Beschreibung"),
        "conocer_code": ("CONOCER", "Estándar CONOCER", "Código CONOCER", "Norma CONOCER", "Estándar de competencia",
                         "EC", "CONOCER code"),
        "kind": ("Tipo", "Tipo de competencia", "Type", "Art", "Kind"),
        "position": ("Orden", "Order", "Reihenfolge", "No.", "Núm."),
        "retired_on": ("Retirada el", "Baja", "Retired on"),
    },
    "tutors": {
        "name": ("Nombre", "Docente", "Tutor", "Tutor académico", "Nombre del tutor", "Name", "Lehrkraft"),
        "role": ("Función", "Rol", "Role", "Funktion"),
        "job_title": ("Cargo", "Puesto", "Job title", "Position"),
    },
    "coordinators": {
        "name": ("Nombre", "Coordinador", "Coordinadora", "Name", "Referent"),
        "job_title": ("Cargo", "Puesto", "Job title", "Funktion"),
        "username": ("Usuario", "User", "Benutzer"),
    },
    "positions": {
        "name": ("Puesto de aprendizaje", "Puesto", "Estación", "Learning position", "Ausbildungsstation",
                 "Nombre"),
        "department": ("Departamento", "Área", "Department", "Abteilung"),
        "description": ("Descripción", "Description", "Beschreibung"),
        "competency_ids": ("Competencias", "Competencies", "Kompetenzen"),
    },
    "rotation_plans": {
        "name": ("Plan", "Nombre del plan", "Plan de rotación", "Plan name", "Versetzungsplan"),
        "valid_from": ("Vigente desde", "Valid from", "Gültig ab"),
        "valid_until": ("Vigente hasta", "Valid until", "Gültig bis"),
        "steps": ("Puestos y semanas", "Puestos", "Steps", "Stationen"),
    },
    "collaborations": {
        "start_date": ("Fecha de inicio", "Vigente desde", "Inicio", "Start date", "Beginn"),
        "end_date": ("Fecha de término", "Vigente hasta", "Fin", "End date", "Ende"),
        "company_signatory": ("Firma por la empresa", "Representante de la empresa", "Signs for the company"),
        "place_of_signing": ("Lugar de firma", "Place of signing"),
        "notes": ("Notas", "Observaciones", "Notes"),
    },
    "programmes": {
        "code": ("Clave", "Clave de la carrera", "Código", "Code", "Programme code", "Program code",
                 "Kennung"),
        "name": ("Carrera", "Programa", "Nombre de la carrera", "Programme", "Program", "Name",
                 "Ausbildungsberuf"),
        "duration_months": ("Duración (meses)", "Meses", "Duración", "Duration", "Months", "Dauer (Monate)"),
        "min_semester": ("Semestre de ingreso", "Semestre mínimo", "Entry semester"),
        "conocer_codes": ("Estándares CONOCER", "CONOCER", "EC"),
    },
    "instructors": {
        "name": ("Nombre", "Instructor", "Formador", "Nombre del instructor", "Name", "Ausbilder",
                 "Ausbilderin"),
        "job_title": ("Puesto", "Cargo", "Job title", "Position", "Funktion"),
        "qualification": ("Cualificación", "Certificación", "Calificación", "Qualification", "Qualifikation"),
        "qualification_date": ("Fecha de certificación", "Qualification date"),
        "capacity": ("Capacidad", "Capacity", "Kapazität"),
    },
    "agreements": {
        "apprentice_curp": ("CURP", "CURP del aprendiz", "Apprentice CURP"),
        "programme_code": ("Clave de la carrera", "Carrera", "Programa", "Programme", "Program",
                           "Ausbildungsberuf"),
        "instructor_email": ("Correo del instructor", "Instructor", "Instructor email", "Ausbilder E-Mail"),
        "start_date": ("Fecha de inicio", "Inicio", "Start date", "Start", "Beginn", "Ausbildungsbeginn"),
        "end_date": ("Fecha de término", "Fecha de termino", "Fecha fin", "Fecha de fin", "Término", "Fin",
                     "End date", "End", "Ende", "Ausbildungsende"),
        "stipend_amount": ("Beca", "Apoyo económico", "Monto de la beca", "Stipend", "Vergütung",
                           "Ausbildungsvergütung"),
        "stipend_currency": ("Moneda", "Currency", "Währung"),
        "stipend_payer": ("Pagador de la beca", "Paga", "Stipend payer"),
        "stipend_period": ("Periodicidad", "Stipend period"),
        "probation_months": ("Periodo de prueba", "Periodo de prueba (meses)", "Probation", "Probezeit"),
        "modality_years": ("Modalidad", "Años en la empresa", "Modality"),
        "daily_hours": ("Horas diarias", "Horas por día", "Daily hours", "Tägliche Ausbildungszeit"),
        "insurance_policy": ("Póliza", "Póliza de seguro", "Seguro", "Insurance policy", "Versicherung"),
        "insurance_expiry": ("Vencimiento del seguro", "Vigencia del seguro", "Insurance expiry"),
        "insurance_insurer": ("Aseguradora", "Insurer", "Versicherer"),
        "stps_permit_number": ("Permiso STPS", "Número de permiso STPS", "STPS permit"),
        "stps_permit_date": ("Fecha del permiso STPS", "STPS permit date"),
        "training_site": ("Lugar de formación", "Sede", "Training site", "Ausbildungsstätte"),
        "holiday_days": ("Días de vacaciones", "Vacaciones", "Holiday days", "Urlaubstage"),
        "place_of_signing": ("Lugar de firma", "Place of signing"),
        "notes": ("Observaciones del convenio", "Notas", "Notes", "Bemerkungen"),
    },
}


#: Headers that win over the field's own name and labels: the SEP's catalogue has both ENTIDAD (the state's
#: number) and NOMBREENT (its name), MUNICIPIO and NOMBREMUN.
_PREFERRED: dict[str, dict[str, tuple[str, ...]]] = {
    "schools": {"state": ("NOMBREENT", "N_ENTIDAD", "NOMBRE_ENTIDAD", "NOM_ENT"),
                "municipality": ("NOMBREMUN", "N_MUNICIPIO", "NOMBRE_MUNICIPIO", "NOM_MUN")},
}


def _label_variants(spec: ImportField) -> list[str]:
    """The field's name and its label in every language of the app (an exported file's headers)."""
    from vetdesk import i18n

    return [spec.name, spec.label, spec.title(), *(i18n.translator(lang).gettext(spec.label)
                                                    for lang in i18n.LANGUAGES)]


def _synonyms(kind: str, spec: ImportField) -> list[str]:
    own = [*_PREFERRED.get(kind, {}).get(spec.name, ()), *_label_variants(spec)]
    return own + list(_SYNONYMS.get(kind, {}).get(spec.name, ())) + list(_COMMON_SYNONYMS.get(spec.name, ()))


def _synonym_keys(spec: ImportField, kind: str | None = None) -> set[str]:
    kinds = [kind] if kind else list(IMPORT_KINDS)
    out: set[str] = set()
    for k in kinds:
        out.update(header_key(s) for s in _synonyms(k, spec))
    out.discard("")
    return out


def propose_mapping(kind: str, headers: Sequence[str]) -> dict[str, str | None]:
    """Each header's field (or ``None``): the kind's own variants win, and among them the earlier one (the SEP's
    NOMBREENT, the state's name, before ENTIDAD, its number); each field is taken once."""
    specs = import_fields(kind)
    # Ranked: a kind-specific variant or the field's own name/label beats a common variant.
    ranked: dict[str, tuple[tuple[int, int], str]] = {}
    for spec in specs:
        own = [*_PREFERRED.get(kind, {}).get(spec.name, ()), *_label_variants(spec),
               *(_SYNONYMS.get(kind, {}).get(spec.name, ()))]
        for i, text in enumerate(own):
            ranked.setdefault(header_key(text), ((0, i), spec.name))
        for i, text in enumerate(_COMMON_SYNONYMS.get(spec.name, ())):
            ranked.setdefault(header_key(text), ((1, i), spec.name))
    mapping: dict[str, str | None] = {h: None for h in headers}
    candidates = sorted((hit[0], n, header, hit[1]) for n, header in enumerate(headers)
                        if (hit := ranked.get(header_key(header))) is not None)
    taken: set[str] = set()
    for _rank, _n, header, name in candidates:
        if mapping[header] is None and name not in taken:
            mapping[header] = name
            taken.add(name)
    return mapping


def apply_overrides(kind: str, mapping: Mapping[str, str | None], overrides: Mapping[str, str]) -> dict[
        str, str | None]:
    """Apply ``--map "Header=field"`` choices (header matched like the automatic mapping; field ``-`` skips)."""
    out = dict(mapping)
    names = {s.name for s in import_fields(kind)}
    by_key = {header_key(h): h for h in out}
    for header_text, name in overrides.items():
        header = header_text if header_text in out else by_key.get(header_key(header_text))
        if header is None:
            raise KeyError(_("The file has no column {header}; its columns are: {headers}.").format(
                header=header_text, headers=", ".join(out)))
        name = name.strip()
        if name in ("", "-"):
            out[header] = None
            continue
        if name not in names:
            raise KeyError(_("{field} is not a field of {kind}; use one of: {names}.").format(
                field=name, kind=kind, names=", ".join(sorted(names))))
        for other, value in out.items():
            if value == name:
                out[other] = None
        out[header] = name
    return out


def known_header_keys() -> set[str]:
    """Every header any kind's field is known by, as matched (finds the header row of a file)."""
    out: set[str] = set()
    for kind in IMPORT_KINDS:
        for spec in import_fields(kind):
            out.update(_synonym_keys(spec))
    return out
