"""Valid test records built through the real services (``records.create``), with overridable fields.

Identifiers are generated from their own rules, so every record passes the checks unless a test
overrides a field on purpose: ``make_apprentice(db, birth_date=date(2011, 3, 1))`` gives a 15-year-old
with a CURP that agrees with the birth date and sex, and guardian fields (filled for a minor).
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

from stdnum.mx import curp as stdnum_curp
from stdnum.mx import rfc as stdnum_rfc

from vetdesk.domain.contract import training_years
from vetdesk.domain.dates import add_months
from vetdesk.domain.identifiers import nss_check_digit
from vetdesk.domain.rules import ADULT_AGE
from vetdesk.services import records
from vetdesk.storage.engine import Database

CONSONANTS = "BCDFGHJKLMNPQRSTVWXZ"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_counter = itertools.count(1)

#: The day the factories treat as "today" for ages; tests pass ``today=`` to services where it matters.
TODAY = date.today()


def _seq() -> int:
    return next(_counter)


def curp_for(birth: date, sex: str, *, n: int | None = None, state: str = "DF", prefix: str = "PELJ") -> str:
    """A valid CURP for ``birth`` and ``sex`` (H, M or X); ``n`` varies the consonants and homoclave."""
    n = _seq() if n is None else n
    consonants = "".join(CONSONANTS[(n // 20 ** i) % 20] for i in range(3))
    homoclave = str(n % 10) if birth.year < 2000 else LETTERS[n % 26]
    body = f"{prefix}{birth:%y%m%d}{sex}{state}{consonants}{homoclave}"
    return body + stdnum_curp.calc_check_digit(body)


def company_rfc(n: int | None = None) -> str:
    """A valid company RFC (12 characters)."""
    n = _seq() if n is None else n
    founded = date(1980 + n % 40, 1 + n % 12, 1 + n % 28)
    letters = LETTERS[n % 26] + LETTERS[(n // 26) % 26] + LETTERS[(n // 676) % 26]
    value = f"{letters}{founded:%y%m%d}A{n % 10}{n % 7}"
    stdnum_rfc.validate(value)
    return value


def person_rfc(n: int | None = None) -> str:
    """A valid person's RFC (13 characters)."""
    n = _seq() if n is None else n
    born = date(1970 + n % 30, 1 + n % 12, 1 + n % 28)
    return f"LU{LETTERS[n % 26]}{LETTERS[(n // 26) % 26]}{born:%y%m%d}B{n % 10}{n % 9}"


def nss(n: int | None = None) -> str:
    n = _seq() if n is None else n
    first_ten = f"{n:010d}"[-10:]
    return first_ten + nss_check_digit(first_ten)


def cct(n: int | None = None, state: int = 9) -> str:
    n = _seq() if n is None else n
    return f"{state:02d}ETC{n % 10000:04d}{LETTERS[n % 26]}"


def _create(db: Database, kind: str, values: dict[str, Any], today: date | None = None) -> int:
    columns = _columns(db, kind)
    if columns is None:
        return records.create(db, kind, values, accept_warnings=True, today=today).id
    return _insert_at_older_schema(db, kind, values, columns)


def _columns(db: Database, kind: str) -> set[str] | None:
    """The columns of the kind's table when the database is at an older schema revision than the models (a test
    of a migration builds its "before" records there); None when it is current."""
    from sqlalchemy import inspect

    model = records.kind(kind).model
    with db.engine.connect() as conn:
        found = {c["name"] for c in inspect(conn).get_columns(model.__tablename__)}
    return None if set(model.__table__.c.keys()) <= found else found


def _insert_at_older_schema(db: Database, kind: str, values: dict[str, Any], columns: set[str]) -> int:
    """A record written as the services would, but only into the columns an older schema has (the ORM reads
    every column of today's models, so the services cannot run there)."""
    from sqlalchemy import insert, update

    from vetdesk.services.uow import utcnow

    k = records.kind(kind)
    typed, problems = records.parse_values(k, values)
    assert not problems, problems
    row = records.new_row(k, records.defaults(k) | typed, utcnow())
    with db.engine.begin() as conn:
        new_id = conn.execute(insert(k.model).values({n: v for n, v in row.items() if n in columns})
                              .returning(k.model.id)).scalar_one()
        if kind == "agreements":
            conn.execute(update(k.model).where(k.model.id == new_id).values(
                reference=records.agreement_reference(new_id, typed["start_date"])))
    return int(new_id)


def make_company(db: Database, **overrides: Any) -> int:
    n = _seq()
    values = {"name": f"Industrias Técnicas {n} S.A. de C.V.", "rfc": company_rfc(n), "sector": "automotive",
              "state": "Puebla", "legal_representative": "María Fernández Ruiz",
              "address": "Av. Industria 10, Puebla"} | overrides
    return _create(db, "companies", values)


def make_school(db: Database, **overrides: Any) -> int:
    n = _seq()
    values = {"name": f"CONALEP Plantel {n}", "cct": cct(n), "subsystem": "CONALEP",
              "address": f"Calle Tecnológico {n}, 72000 Puebla, Pue.",
              # who signs the learning agreement for the school (domain.contract refuses one without)
              "liaison_name": f"Lic. Gestora Vinculación {n}"} | overrides
    return _create(db, "schools", values)


def make_programme(db: Database, **overrides: Any) -> int:
    n = _seq()
    values = {"code": f"MEC-{n}", "name": f"Mecatrónica {n}", "duration_months": 24} | overrides
    return _create(db, "programmes", values)


def minor_birth_date(age: int = 16, on: date | None = None) -> date:
    """A birth date giving ``age`` (whole years) on ``on`` (default: today)."""
    on = on or TODAY
    return date(on.year - age - 1, on.month, 1) if on.month != 12 else date(on.year - age, 1, 1)


def make_apprentice(db: Database, *, birth_date: date | None = None, sex: str = "H",
                    guardian: bool | None = None, **overrides: Any) -> int:
    """An apprentice with a valid CURP agreeing with ``birth_date`` and ``sex``. A minor gets a guardian
    (name, relation, phone) unless ``guardian=False``; an adult gets none unless ``guardian=True``."""
    birth = birth_date or date(TODAY.year - 19, 5, 17)
    n = _seq()
    values: dict[str, Any] = {
        "curp": curp_for(birth, sex, n=n), "given_names": "José Ángel", "first_surname": "García",
        "second_surname": "Núñez", "birth_date": birth.isoformat(), "sex": sex,
        "address": "Calle 5 de Mayo 12, Col. Centro, 72000 Puebla, Pue.", "nss": nss(n),
    }
    is_minor = (TODAY.year - birth.year - ((TODAY.month, TODAY.day) < (birth.month, birth.day))) < ADULT_AGE
    if guardian or (guardian is None and is_minor):
        values |= {"guardian_name": "Rosa Núñez Pérez", "guardian_relation": "mother",
                   "guardian_phone": "222 555 0101", "guardian_id_document": "INE 4455667788",
                   "guardian_address": "Calle 5 de Mayo 12, Col. Centro, 72000 Puebla, Pue."}
    return _create(db, "apprentices", values | overrides)


def make_instructor(db: Database, *, company_id: int | None = None, **overrides: Any) -> int:
    company_id = company_id or make_company(db)
    values = {"company_id": company_id, "name": f"Ing. Luis Herrera {_seq()}", "email": "luis@example.mx",
              "qualification": "AdA-International", "qualification_date": "2020-03-01"} | overrides
    return _create(db, "instructors", values)


def agreement_values(db: Database, *, apprentice_id: int | None = None, company_id: int | None = None,
                     programme_id: int | None = None, instructor_id: int | None = None,
                     start_date: date | None = None, end_date: date | None = None,
                     **overrides: Any) -> dict[str, Any]:
    """The values of a valid agreement, creating the records it refers to (so a test can create the
    agreement itself and count exactly what that one write did)."""
    company_id = company_id or make_company(db)
    apprentice_id = apprentice_id or make_apprentice(db)
    programme_id = programme_id or make_programme(db)
    if instructor_id is None:
        instructor_id = make_instructor(db, company_id=company_id)
    start = start_date or add_months(TODAY.replace(day=1), 1)
    end = end_date or add_months(start, 12) - timedelta(days=1)
    if "school_id" not in overrides:
        # An MMFD agreement is made with the school (domain.contract refuses printing one without): the school
        # and its collaboration agreement with the company, in force from before the start.
        overrides["school_id"] = make_school(db)
        make_collaboration(db, school_id=overrides["school_id"], company_id=company_id,
                           start_date=min(start, TODAY) - timedelta(days=365))
    plan = overrides.pop("rotation_plan_id", None)
    if plan is None:
        plan = make_plan(db, company_id=company_id, programme_id=programme_id,
                         weeks=max(1, ((end - start).days + 1) // 7 - 2))
    return {
        "apprentice_id": apprentice_id, "company_id": company_id, "programme_id": programme_id,
        "instructor_id": instructor_id, "start_date": start.isoformat(), "end_date": end.isoformat(),
        "daily_hours": "6", "stipend_amount": "4500.00", "stipend_period": "monthly", "insurance_policy": "POL-1",
        "insurance_insurer": "Seguros Atlas", "insurance_expiry": (end + timedelta(days=30)).isoformat(),
        "stps_permit_number": "STPS-1", "probation_months": 2, "modality_years": training_years(start, end),
        "company_days": 4, "school_days": 1, "weekly_pattern": "days", "overtime_compensation": "none",
        "training_record_form": "paper", "rotation_plan_id": plan,
    } | overrides


def make_plan(db: Database, *, company_id: int, programme_id: int, weeks: int = 50, positions: int = 2) -> int:
    """A rotation plan of ``positions`` new learning positions of the company planning ``weeks`` weeks in all."""
    share = weeks // positions
    steps = []
    for i in range(positions):
        position_id = records.create(db, "positions", {"company_id": company_id, "name": f"Estación {_seq()}"},
                                     accept_warnings=True).id
        steps.append({"position_id": position_id,
                      "weeks": share if i < positions - 1 else weeks - share * i})
    return records.create(db, "rotation_plans", {
        "company_id": company_id, "programme_id": programme_id, "name": f"Plan {_seq()}", "steps": steps},
        accept_warnings=True).id


def make_agreement(db: Database, **kwargs: Any) -> int:
    """A draft agreement, 12 months from ``start_date`` (default: the first of next month); keyword
    arguments as :func:`agreement_values`."""
    return _create(db, "agreements", agreement_values(db, **kwargs))


def signature_values(db: Database, agreement_id: int, signed_on: date | None = None) -> dict[str, str]:
    """Signature dates for every party the agreement needs (the guardian's included)."""
    record = records.get(db, "agreements", agreement_id)
    on = (signed_on or record["printed_on"] or TODAY).isoformat()
    values = {"company_signed_on": on, "apprentice_signed_on": on, "chamber_signed_on": on,
              "guardian_signed_on": on}
    if record["school_id"]:
        values["school_signed_on"] = on
    if "guardian2_signed_on" in dict(records.signatures(db, agreement_id)):  # a minor's second guardian
        values["guardian2_signed_on"] = on
    return values


def activate(db: Database, agreement_id: int) -> dict[str, Any]:
    """Walk a draft agreement along its life cycle to active: printed, signed (dates), active. An agreement comes
    into force on the day its training starts, not before: one starting later is made to start today first (its
    term kept: its end moves as much)."""
    record = records.get(db, "agreements", agreement_id)
    if record["status"] == "draft" and record["start_date"] > TODAY:
        shift = record["start_date"] - TODAY  # the same term, starting today
        records.update(db, "agreements", agreement_id, {"start_date": TODAY, "end_date": record["end_date"] - shift},
                       accept_warnings=True)
    records.update(db, "agreements", agreement_id, {"status": "printed"}, accept_warnings=True)
    records.update(db, "agreements", agreement_id, {"status": "signed"} | signature_values(db, agreement_id),
                   accept_warnings=True)
    return records.update(db, "agreements", agreement_id, {"status": "active"}, accept_warnings=True).record


def migration_step(db: Database, step: Any, revision: str) -> None:
    """Run one of Alembic's commands (``command.upgrade``/``downgrade``) to ``revision`` on ``db``, in one
    transaction of its writer."""
    from vetdesk.storage.migrate import alembic_config

    cfg = alembic_config(db)
    with db.writer() as session:
        cfg.attributes["connection"] = session.connection()
        step(cfg, revision)
        session.commit()


def made_before(db: Database, revision: str, make: Any) -> Any:
    """Records as a database of an older schema holds them: made now through the services (which write the
    current schema), then the schema taken back to ``revision`` (the records stay, what later migrations
    derive from them goes), so that a test can upgrade it again. Returns what ``make()`` returned."""
    from alembic import command

    from vetdesk.storage.migrate import upgrade

    upgrade(db)
    made = make()
    migration_step(db, command.downgrade, revision)
    return made


def make_collaboration(db: Database, *, school_id: int, company_id: int, start_date: date | None = None,
                       active: bool = True, **overrides: Any) -> int:
    """A collaboration agreement between the school and the company, printed, signed and in force (from a
    year ago, by default) unless ``active=False`` (then a draft)."""
    start = start_date or TODAY - timedelta(days=365)
    record_id = _create(db, "collaborations", {"school_id": school_id, "company_id": company_id,
                                               "start_date": start.isoformat()} | overrides)
    if active:
        signed = (start - timedelta(days=7)).isoformat()
        records.update(db, "collaborations", record_id, {
            "status": "printed", "printed_on": (start - timedelta(days=10)).isoformat()}, accept_warnings=True)
        records.update(db, "collaborations", record_id, {
            "status": "signed", "school_signed_on": signed, "company_signed_on": signed,
            "chamber_signed_on": signed}, accept_warnings=True)
        records.update(db, "collaborations", record_id, {"status": "active"}, accept_warnings=True)
    return record_id
