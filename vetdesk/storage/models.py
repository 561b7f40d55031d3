"""The tables of vetdesk (SQLAlchemy 2 typed mappings).

Every field of a learning agreement listed in the domain (shared/domain.md §2) has a column here.
Editable records carry ``version`` (optimistic locking) and ``search_text`` (accent-folded names and
identifiers, kept by the services, for the accent- and case-insensitive search).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
    select,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

from vetdesk.storage.revision import no_guardian, no_permit, unexcused

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


#: The partial indexes whose PostgreSQL condition is still to be given (:func:`for_postgresql`).
_POSTGRESQL_WHERE: list[tuple[Index, str]] = []


def _partial(name: str, *columns: str, where: str) -> Index:
    """A partial index: the rows that meet ``where``, on both backends.

    SQLite's condition is given here; PostgreSQL's, the same text, by :func:`for_postgresql` once a PostgreSQL
    database is opened. Naming ``postgresql_where`` here would load SQLAlchemy's whole PostgreSQL dialect with
    all its drivers (≈50 ms) in every process that maps the models, a one-shot command on SQLite included."""
    index = Index(name, *columns, sqlite_where=text(where))
    _POSTGRESQL_WHERE.append((index, where))
    return index


def for_postgresql() -> None:
    """Give the partial indexes their PostgreSQL condition; called when a PostgreSQL database is opened
    (``storage.engine``) and by the migrations on PostgreSQL, before any DDL or schema comparison."""
    while _POSTGRESQL_WHERE:
        index, where = _POSTGRESQL_WHERE.pop()
        index.dialect_options["postgresql"]["where"] = text(where)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Versioned:
    """Mixin of editable records: optimistic-lock version and timestamps (UTC).

    The version is SQLAlchemy's ``version_id_col``: every UPDATE of a loaded record says ``WHERE version =
    <the version read>``, so of two PCs saving the same record the second changes nothing and gets
    ``StaleDataError`` (a clear conflict, ``services.uow``), never a lost update. The services set the next
    version themselves (``version_id_generator=False``)."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    created_at: Mapped[datetime | None] = mapped_column(DateTime)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 - SQLAlchemy's declared attribute
        return {"version_id_col": cls.__table__.c.version,  # type: ignore[attr-defined]
                "version_id_generator": False}



class Setting(Base):
    """An office-wide setting (letterhead, rule thresholds); PC settings live in QSettings."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)


class Company(Versioned, Base):
    __tablename__ = "companies"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(250))
    id_country: Mapped[str] = mapped_column(String(2), default="MX")
    rfc: Mapped[str] = mapped_column(String(20))
    sector: Mapped[str | None] = mapped_column(String(120))
    size: Mapped[str | None] = mapped_column(String(20))
    state: Mapped[str | None] = mapped_column(String(60))
    address: Mapped[str | None] = mapped_column(Text)
    legal_representative: Mapped[str | None] = mapped_column(String(200))
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_email: Mapped[str | None] = mapped_column(String(200))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    search_text: Mapped[str] = mapped_column(Text, default="")
    #: The name folded for sorting in the reader's order (migration 0012).
    sort_key: Mapped[str] = mapped_column(Text, default="")
    #: Retired on this day (left the programme, closed): offered in no picker, kept with its history (0018).
    retired_on: Mapped[date | None] = mapped_column(Date)

    instructors: Mapped[list[Instructor]] = relationship(back_populates="company")
    __table_args__ = (UniqueConstraint("id_country", "rfc"),)


class School(Versioned, Base):
    __tablename__ = "schools"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(250))
    cct: Mapped[str] = mapped_column(String(20), unique=True)
    subsystem: Mapped[str | None] = mapped_column(String(60))
    state: Mapped[str | None] = mapped_column(String(60))
    municipality: Mapped[str | None] = mapped_column(String(120))
    address: Mapped[str | None] = mapped_column(Text)
    liaison_name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    search_text: Mapped[str] = mapped_column(Text, default="")
    #: The name folded for sorting in the reader's order (migration 0012).
    sort_key: Mapped[str] = mapped_column(Text, default="")
    #: Retired on this day (left the programme, closed): offered in no picker, kept with its history (0018).
    retired_on: Mapped[date | None] = mapped_column(Date)

    tutors: Mapped[list[AcademicTutor]] = relationship(back_populates="school")


class AcademicTutor(Versioned, Base):
    """A person of a school's staff who signs or follows apprentices: an academic tutor (docente tutor) or the
    school's liaison with companies (gestor de vinculación)."""

    __tablename__ = "academic_tutors"
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    #: tutor, liaison or director (domain.training.STAFF_ROLES).
    role: Mapped[str] = mapped_column(String(12), default="tutor")
    job_title: Mapped[str | None] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    search_text: Mapped[str] = mapped_column(Text, default="")
    #: The name folded for sorting in the reader's order (migration 0012).
    sort_key: Mapped[str] = mapped_column(Text, default="")

    school: Mapped[School] = relationship(back_populates="tutors")


class Programme(Versioned, Base):
    """An occupation or career (carrera / Ausbildungsberuf) with its competency catalogue and scale."""

    __tablename__ = "programmes"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(250))
    duration_months: Mapped[int] = mapped_column(Integer)
    nqf_level: Mapped[str | None] = mapped_column(String(20))
    isced_level: Mapped[str | None] = mapped_column(String(20))
    conocer_codes: Mapped[str | None] = mapped_column(String(200))
    #: Which printed template(s) the programme uses: mmfd, bbig or both.
    templates: Mapped[str] = mapped_column(String(10), default="mmfd")
    #: The rating scale as data: {"kind": ..., "levels": [{"value", "label", "reached"}], ...}.
    scale: Mapped[dict[str, Any]] = mapped_column(JSON)
    min_semester: Mapped[int | None] = mapped_column(Integer)
    stps_permit_required: Mapped[bool] = mapped_column(Boolean, default=True)
    search_text: Mapped[str] = mapped_column(Text, default="")
    #: The name folded for sorting in the reader's order (migration 0012).
    sort_key: Mapped[str] = mapped_column(Text, default="")

    competencies: Mapped[list[Competency]] = relationship(
        back_populates="programme", order_by="Competency.position", cascade="all, delete-orphan")


class Competency(Base):
    __tablename__ = "competencies"
    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id"), index=True)
    area: Mapped[str] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    conocer_code: Mapped[str | None] = mapped_column(String(20))
    #: technical, or socioemotional (the optional second catalogue).
    kind: Mapped[str] = mapped_column(String(20), default="technical")
    #: The competency's place in the catalogue's order.
    position: Mapped[int] = mapped_column(Integer, default=0)
    #: Taken out of the catalogue on this day: kept for the ratings that name it, no longer taught or rated.
    retired_on: Mapped[date | None] = mapped_column(Date)
    search_text: Mapped[str] = mapped_column(Text, default="")

    programme: Mapped[Programme] = relationship(back_populates="competencies")
    __table_args__ = (UniqueConstraint("programme_id", "code"),)


position_competencies = Table(
    "position_competencies",
    Base.metadata,
    Column("position_id", ForeignKey("learning_positions.id", ondelete="CASCADE"), primary_key=True),
    Column("competency_id", ForeignKey("competencies.id", ondelete="CASCADE"), primary_key=True),
)


class RotationPlan(Versioned, Base):
    """A company's sequence of learning positions for one programme, in versions: a plan that agreements
    were printed with is not changed under them, a new version replaces it (``previous_id``)."""

    __tablename__ = "rotation_plans"
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    #: The plan's own version number as printed (``version`` is the record's edit counter).
    plan_version: Mapped[int] = mapped_column(Integer, default=1)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    #: The version this one replaces.
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("rotation_plans.id"))
    search_text: Mapped[str] = mapped_column(Text, default="")

    plan_steps: Mapped[list[RotationStep]] = relationship(
        back_populates="plan", order_by="RotationStep.sequence", cascade="all, delete-orphan")

    @property
    def steps(self) -> list[dict[str, int]]:
        """The ordered positions with their weeks, as the record's ``steps`` field holds them."""
        return [{"position_id": s.position_id, "weeks": s.weeks} for s in self.plan_steps]

    @steps.setter
    def steps(self, value: list[dict[str, int]] | None) -> None:
        # The steps in their places are changed where they stand (a new row for a place taken would clash with
        # the old one's sequence before it is deleted); places beyond the new end go.
        wanted = list(value or [])
        current = list(self.plan_steps)
        for i, step in enumerate(wanted, start=1):
            if i <= len(current):
                current[i - 1].position_id = int(step["position_id"])
                current[i - 1].weeks = int(step["weeks"])
            else:
                self.plan_steps.append(RotationStep(position_id=int(step["position_id"]), weeks=int(step["weeks"]),
                                                    sequence=i))
        del self.plan_steps[len(wanted):]

    @property
    def positions(self) -> list[LearningPosition]:
        """The plan's learning positions in their order."""
        return [s.position for s in self.plan_steps]


class RotationStep(Base):
    """One learning position of a rotation plan, in its place, with its weeks."""

    __tablename__ = "rotation_plan_steps"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("rotation_plans.id", ondelete="CASCADE"), index=True)
    position_id: Mapped[int] = mapped_column(ForeignKey("learning_positions.id"), index=True)
    sequence: Mapped[int] = mapped_column(Integer)
    weeks: Mapped[int] = mapped_column(Integer)

    plan: Mapped[RotationPlan] = relationship(back_populates="plan_steps")
    position: Mapped[LearningPosition] = relationship()
    __table_args__ = (UniqueConstraint("plan_id", "sequence"),)


def _competency_ids(doc: str) -> Any:
    """A record's ``competencies`` relationship read and written as the sorted ids its ``competency_ids`` field
    holds (a learning position's, a weekly report's)."""

    def read(self: Any) -> list[int]:
        return sorted(c.id for c in self.competencies)

    def write(self: Any, value: list[int] | None) -> None:
        from sqlalchemy.orm import object_session

        session = object_session(self)
        assert session is not None  # a record is changed inside its unit of work
        wanted = sorted(set(value or []))
        self.competencies = list(session.scalars(select(Competency).where(Competency.id.in_(wanted)))) \
            if wanted else []

    return property(read, write, doc=doc)


class LearningPosition(Versioned, Base):
    """A department or workstation of a company where apprentices learn some of a programme's competencies,
    under the instructor responsible for it."""

    __tablename__ = "learning_positions"
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    department: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    instructor_id: Mapped[int | None] = mapped_column(ForeignKey("instructors.id"), index=True)
    search_text: Mapped[str] = mapped_column(Text, default="")

    competencies: Mapped[list[Competency]] = relationship(secondary=position_competencies,
                                                          order_by="Competency.position")

    competency_ids = _competency_ids("The competencies learned here, as the record's ``competency_ids`` field "
                                     "holds them.")


class Apprentice(Versioned, Base):
    __tablename__ = "apprentices"
    id: Mapped[int] = mapped_column(primary_key=True)
    id_country: Mapped[str] = mapped_column(String(2), default="MX")
    #: The national personal identifier: the CURP in Mexico.
    curp: Mapped[str] = mapped_column(String(30))
    given_names: Mapped[str] = mapped_column(String(150))
    first_surname: Mapped[str] = mapped_column(String(100))
    second_surname: Mapped[str | None] = mapped_column(String(100))
    birth_date: Mapped[date] = mapped_column(Date)
    sex: Mapped[str] = mapped_column(String(1))
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    address: Mapped[str | None] = mapped_column(Text)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"), index=True)
    semester: Mapped[int | None] = mapped_column(Integer)
    nss: Mapped[str | None] = mapped_column(String(11))
    guardian_name: Mapped[str | None] = mapped_column(String(200))
    guardian_relation: Mapped[str | None] = mapped_column(String(60))
    guardian_phone: Mapped[str | None] = mapped_column(String(40))
    guardian_email: Mapped[str | None] = mapped_column(String(200))
    guardian_id_document: Mapped[str | None] = mapped_column(String(60))
    guardian_address: Mapped[str | None] = mapped_column(Text)
    #: A second parent or guardian (Mexican practice often has both parents sign); migration 0013.
    guardian2_name: Mapped[str | None] = mapped_column(String(200))
    guardian2_relation: Mapped[str | None] = mapped_column(String(60))
    guardian2_phone: Mapped[str | None] = mapped_column(String(40))
    guardian2_email: Mapped[str | None] = mapped_column(String(200))
    guardian2_id_document: Mapped[str | None] = mapped_column(String(60))
    guardian2_address: Mapped[str | None] = mapped_column(Text)
    medical_certificate_date: Mapped[date | None] = mapped_column(Date)
    search_text: Mapped[str] = mapped_column(Text, default="")
    #: The name folded for sorting in the reader's order (migration 0012).
    sort_key: Mapped[str] = mapped_column(Text, default="")
    anonymised: Mapped[bool] = mapped_column(Boolean, default=False)

    school: Mapped[School | None] = relationship()
    __table_args__ = (
        UniqueConstraint("id_country", "curp"),
        # The list's order (migration 0012), and the same looked up by id: a search hit's place without the
        # wide row.
        Index("ix_apprentices_sort_key", "sort_key", "id"),
        Index("ix_apprentices_sort_key_by_id", "id", "sort_key"),
        # The dashboard (migration 0007): the few without a guardian, and birth date and sex by id.
        _partial("ix_apprentices_without_guardian", "id", "birth_date", "guardian_name", "guardian_relation",
                 "guardian_phone", where=no_guardian()),
        Index("ix_apprentices_birth_sex", "id", "birth_date", "sex"),
        # Another apprentice with the same NSS, warned of when one is saved (migration 0033).
        Index("ix_apprentices_nss", "nss"),
    )


class Instructor(Versioned, Base):
    __tablename__ = "instructors"
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    job_title: Mapped[str | None] = mapped_column(String(120))
    #: e.g. "AdA-International" or "CONOCER EC0217.01"; empty when the instructor has none yet.
    qualification: Mapped[str | None] = mapped_column(String(120))
    qualification_date: Mapped[date | None] = mapped_column(Date)
    capacity: Mapped[int | None] = mapped_column(Integer)
    search_text: Mapped[str] = mapped_column(Text, default="")
    #: The name folded for sorting in the reader's order (migration 0012).
    sort_key: Mapped[str] = mapped_column(Text, default="")
    #: Retired on this day (left the programme, closed): offered in no picker, kept with its history (0018).
    retired_on: Mapped[date | None] = mapped_column(Date)

    company: Mapped[Company] = relationship(back_populates="instructors")
    __table_args__ = (
        # The first screen's instructors over a capacity of their own, and without qualification (migration 0026).
        _partial("ix_instructors_capacity", "id", "capacity", where="capacity IS NOT NULL"),
        _partial("ix_instructors_unqualified", "id", where="qualification IS NULL OR qualification = ''"),
    )


class LearningAgreement(Versioned, Base):
    """A learning agreement (convenio de aprendizaje): one apprentice placed with one company."""

    __tablename__ = "learning_agreements"
    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stable, unique reference printed on documents and in their QR code.
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    apprentice_id: Mapped[int] = mapped_column(ForeignKey("apprentices.id"), index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"), index=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id"), index=True)
    instructor_id: Mapped[int | None] = mapped_column(ForeignKey("instructors.id"), index=True)
    tutor_id: Mapped[int | None] = mapped_column(ForeignKey("academic_tutors.id"))
    rotation_plan_id: Mapped[int | None] = mapped_column(ForeignKey("rotation_plans.id"))
    status: Mapped[str] = mapped_column(String(12), default="draft", index=True)
    start_date: Mapped[date] = mapped_column(Date, index=True)
    end_date: Mapped[date] = mapped_column(Date, index=True)
    probation_months: Mapped[int | None] = mapped_column(Integer)
    modality_years: Mapped[int | None] = mapped_column(Integer)
    training_site: Mapped[str | None] = mapped_column(Text)
    company_days: Mapped[int | None] = mapped_column(Integer)
    school_days: Mapped[int | None] = mapped_column(Integer)
    weekly_pattern: Mapped[str | None] = mapped_column(String(120))
    daily_hours: Mapped[Decimal | None] = mapped_column(Numeric(4, 2))
    stipend_amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    stipend_currency: Mapped[str] = mapped_column(String(3), default="MXN")
    stipend_payer: Mapped[str | None] = mapped_column(String(40))
    stipend_period: Mapped[str | None] = mapped_column(String(20))
    #: The stipend of each further training year ("5000.00; 5500.00"): § 17 BBiG has it rise every year.
    stipend_steps: Mapped[str | None] = mapped_column(String(200))
    insurance_insurer: Mapped[str | None] = mapped_column(String(200))
    insurance_policy: Mapped[str | None] = mapped_column(String(60))
    insurance_expiry: Mapped[date | None] = mapped_column(Date, index=True)
    stps_permit_number: Mapped[str | None] = mapped_column(String(60))
    stps_permit_date: Mapped[date | None] = mapped_column(Date)
    holiday_days: Mapped[int | None] = mapped_column(Integer)
    overtime_compensation: Mapped[str | None] = mapped_column(Text)
    collective_agreement: Mapped[str | None] = mapped_column(Text)
    #: How the apprentice keeps the training record: paper or electronic (§ 11 BBiG asks the contract to say).
    training_record_form: Mapped[str | None] = mapped_column(String(20))
    place_of_signing: Mapped[str | None] = mapped_column(String(120))
    printed_on: Mapped[date | None] = mapped_column(Date)
    company_signed_on: Mapped[date | None] = mapped_column(Date)
    apprentice_signed_on: Mapped[date | None] = mapped_column(Date)
    guardian_signed_on: Mapped[date | None] = mapped_column(Date)
    #: The second parent or guardian's signature (a minor with two guardians recorded); migration 0030.
    guardian2_signed_on: Mapped[date | None] = mapped_column(Date)
    school_signed_on: Mapped[date | None] = mapped_column(Date)
    chamber_signed_on: Mapped[date | None] = mapped_column(Date)
    activated_on: Mapped[date | None] = mapped_column(Date)
    completed_on: Mapped[date | None] = mapped_column(Date)
    terminated_on: Mapped[date | None] = mapped_column(Date)
    termination_reason: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    #: What the agreement printed for signature states of its training, taken when it left draft (migration
    #: 0027): the programme, the rotation plan, each position with its weeks and competencies, the programme's
    #: competencies in force (``agreement_sheet.annex_of``). A reprint past draft prints this, not today's
    #: catalogue; None for a draft (and for an agreement printed before vetdesk kept it).
    printed_annex: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    # Not mapped: last_assessed_on, the latest assessment's date, belongs to the database, whose triggers on
    # assessments keep it (migration 0006); the dashboard reads it in SQL, and the ORM never writes it.

    apprentice: Mapped[Apprentice] = relationship()
    company: Mapped[Company] = relationship()
    school: Mapped[School | None] = relationship()
    programme: Mapped[Programme] = relationship()
    instructor: Mapped[Instructor | None] = relationship()
    tutor: Mapped[AcademicTutor | None] = relationship()
    rotation_plan: Mapped[RotationPlan | None] = relationship()
    position_periods: Mapped[list[PositionPeriod]] = relationship(
        back_populates="agreement", cascade="all, delete-orphan")
    __table_args__ = (
        # The dashboard's counts (migration 0004): each reads a range of one narrow index, not the wide table.
        Index("ix_agreements_status_programme", "status", "programme_id"),
        Index("ix_agreements_status_company", "status", "company_id"),
        Index("ix_agreements_status_instructor", "status", "instructor_id"),
        Index("ix_agreements_status_apprentice", "status", "apprentice_id"),
        Index("ix_agreements_status_ended", "status", "completed_on", "terminated_on", "end_date"),
        # Insurance expiring soon, or before the agreement's end (migration 0011 reordered the first).
        Index("ix_agreements_status_insurance", "status", "insurance_expiry", "end_date"),
        _partial("ix_agreements_insurance_gap", "status", "end_date", where="insurance_expiry < end_date"),
        # The minors' figures (migration 0007): an apprentice's agreements by end date, and those without
        # an STPS permit.
        Index("ix_agreements_apprentice_dates", "apprentice_id", "end_date", "status", "start_date"),
        # Agreements starting soon, with their status (migration 0008).
        Index("ix_agreements_start_status", "start_date", "status"),
        _partial("ix_agreements_without_permit", "apprentice_id", "end_date", "status", "start_date",
                 "programme_id", "stps_permit_number", where=no_permit()),
    )


class AgreementAmendment(Base):
    """An amendment to a signed learning agreement (convenio modificatorio, Änderungsvereinbarung, aditivo):
    from a day on, the training follows another rotation plan or ends on another day, for a reason. The
    agreement's ``printed_annex`` stays what was first signed; each amendment keeps what it changed, before and
    after, as printed for the parties' signature (migration 0027). Its terms never change once recorded;
    the agreement takes them on once every party signed it."""

    __tablename__ = "agreement_amendments"
    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("learning_agreements.id", ondelete="CASCADE"),
                                              index=True)
    #: 1, 2, … per agreement: printed in its reference (CA-2026-000012-M1).
    number: Mapped[int] = mapped_column(Integer)
    #: The day the amendment states it takes effect; None: from its signing by all the parties (migration 0031).
    effective_on: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    previous_plan_id: Mapped[int | None] = mapped_column(ForeignKey("rotation_plans.id"))
    rotation_plan_id: Mapped[int | None] = mapped_column(ForeignKey("rotation_plans.id"))
    previous_end_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    #: The training as it stood before and as it stands after: {"before": annex, "after": annex}, each as
    #: ``printed_annex`` holds one.
    annex: Mapped[dict[str, Any]] = mapped_column(JSON)
    recorded_on: Mapped[date] = mapped_column(Date)
    recorded_by: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime | None] = mapped_column(DateTime)
    #: Its life (migration 0031): the day it was first printed for signature, the day each party signed (a
    #: party's signature field, as on the agreement -> ISO day), the day the last of them signed (the agreement's
    #: terms change then, never before) and the day it took effect (the day stated, else that signing).
    printed_on: Mapped[date | None] = mapped_column(Date)
    signatures: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    signed_on: Mapped[date | None] = mapped_column(Date)
    in_effect_from: Mapped[date | None] = mapped_column(Date)

    agreement: Mapped[LearningAgreement] = relationship()
    __table_args__ = (UniqueConstraint("agreement_id", "number"),)


class AgreementTally(Base):
    """How many agreements count under one figure — by status; active ones by programme, company or sex;
    an instructor's current apprentices; the outcomes by year (migration 0010 lists them).

    The database's own: triggers on the agreements (and on an apprentice's sex) keep every tally in the
    transaction that changes what it counts, so the dashboard reads figures instead of grouping every
    agreement. vetdesk never writes a tally itself.
    """

    __tablename__ = "agreement_tallies"
    dimension: Mapped[str] = mapped_column(String(12), primary_key=True)
    ref: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, nullable=False)
    # The first screen's instructors over capacity: the tallies above a count (migration 0026).
    __table_args__ = (Index("ix_tallies_dimension_n", "dimension", "n", "ref"),)


class PositionPeriod(Versioned, Base):
    """The actual dates an apprentice spent at a learning position of the agreement's rotation plan (the
    planned dates follow from the plan's weeks: ``domain.training.schedule``)."""

    __tablename__ = "position_periods"
    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("learning_agreements.id", ondelete="CASCADE"),
                                              index=True)
    position_id: Mapped[int] = mapped_column(ForeignKey("learning_positions.id"))
    actual_start: Mapped[date | None] = mapped_column(Date)
    actual_end: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)

    agreement: Mapped[LearningAgreement] = relationship(back_populates="position_periods")
    position: Mapped[LearningPosition] = relationship()
    #: The list's order, latest start first (migration 0025).
    __table_args__ = (Index("ix_position_periods_start_id", "actual_start", "id"),)


class Coordinator(Versioned, Base):
    """A person of the chamber office who signs agreements for it (an office user or a contact)."""

    __tablename__ = "coordinators"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    job_title: Mapped[str | None] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    #: The office user this person signs in as, if they are one.
    username: Mapped[str | None] = mapped_column(String(80))
    search_text: Mapped[str] = mapped_column(Text, default="")


class CollaborationAgreement(Versioned, Base):
    """A school–company collaboration agreement (convenio de colaboración): the frame under which the
    learning agreements of the school's students with the company are signed."""

    __tablename__ = "collaboration_agreements"
    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stable, unique reference printed on the document and in its QR code.
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id"), index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    #: draft, printed, signed, active or ended (domain.training.CollaborationStatus).
    status: Mapped[str] = mapped_column(String(12), default="draft", index=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    #: Who signs for the school (its liaison, usually).
    school_signatory_id: Mapped[int | None] = mapped_column(ForeignKey("academic_tutors.id"))
    #: Who signs for the company (its legal representative when left empty).
    company_signatory: Mapped[str | None] = mapped_column(String(200))
    coordinator_id: Mapped[int | None] = mapped_column(ForeignKey("coordinators.id"))
    place_of_signing: Mapped[str | None] = mapped_column(String(120))
    printed_on: Mapped[date | None] = mapped_column(Date)
    school_signed_on: Mapped[date | None] = mapped_column(Date)
    company_signed_on: Mapped[date | None] = mapped_column(Date)
    chamber_signed_on: Mapped[date | None] = mapped_column(Date)
    activated_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    search_text: Mapped[str] = mapped_column(Text, default="")
    #: The version of the office's clauses each language printed when it went out for signature (migration 0028),
    #: ``{"es": 3, "en": 0, …}``: its reprint prints those words. NULL for a draft, and for one printed before.
    printed_clauses: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))

    school: Mapped[School] = relationship()
    company: Mapped[Company] = relationship()
    school_signatory: Mapped[AcademicTutor | None] = relationship()
    coordinator: Mapped[Coordinator | None] = relationship()
    __table_args__ = (Index("ix_collaborations_pair", "school_id", "company_id", "status"),)


class Attachment(Base):
    """A file stored with a learning agreement or a collaboration agreement, e.g. the scanned signed copy."""

    __tablename__ = "attachments"
    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int | None] = mapped_column(ForeignKey("learning_agreements.id", ondelete="CASCADE"),
                                                     index=True)
    collaboration_id: Mapped[int | None] = mapped_column(
        ForeignKey("collaboration_agreements.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(250))
    media_type: Mapped[str] = mapped_column(String(100))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    added_at: Mapped[datetime] = mapped_column(DateTime)


class Assessment(Base):
    __tablename__ = "assessments"
    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("learning_agreements.id", ondelete="CASCADE"))
    competency_id: Mapped[int] = mapped_column(ForeignKey("competencies.id"), index=True)
    position_id: Mapped[int | None] = mapped_column(ForeignKey("learning_positions.id"))
    assessed_on: Mapped[date] = mapped_column(Date)
    rater_name: Mapped[str | None] = mapped_column(String(200))
    #: instructor, tutor or self
    rater_role: Mapped[str] = mapped_column(String(12), default="instructor")
    #: The rating on the programme's scale; None when the competency is recognised instead.
    level: Mapped[int | None] = mapped_column(Integer)
    #: product, process or account (the apprentice's own account)
    evidence_kind: Mapped[str | None] = mapped_column(String(12))
    recognised: Mapped[bool] = mapped_column(Boolean, default=False)
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime | None] = mapped_column(DateTime)

    agreement: Mapped[LearningAgreement] = relationship()
    competency: Mapped[Competency] = relationship()
    __table_args__ = (Index("ix_assessments_agreement_date", "agreement_id", "assessed_on"),
                      # The list's order, newest first (migration 0025).
                      Index("ix_assessments_date_id", "assessed_on", "id"))


class FeedbackNote(Base):
    __tablename__ = "feedback_notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("learning_agreements.id", ondelete="CASCADE"),
                                              index=True)
    written_on: Mapped[date] = mapped_column(Date)
    author: Mapped[str | None] = mapped_column(String(200))
    author_role: Mapped[str] = mapped_column(String(12), default="instructor")
    text: Mapped[str] = mapped_column(Text)


class User(Versioned, Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str | None] = mapped_column(String(200))
    #: administrator, officer, instructor or viewer
    role: Mapped[str] = mapped_column(String(20))
    #: Loaded only when read: on PostgreSQL a PC's login role may not read it (``services.pgroles``).
    password_hash: Mapped[str] = mapped_column(String(200), deferred=True)
    instructor_id: Mapped[int | None] = mapped_column(ForeignKey("instructors.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    last_failed_at: Mapped[datetime | None] = mapped_column(DateTime)


class ClauseTemplate(Base):
    """One saved version of the clauses of a document in one language (the office's own text).

    Never updated: saving adds the next version, and the highest version is the one printed. The shipped text
    is version 0 and lives in the package, not here; a reset to it saves it as a new version.
    """

    __tablename__ = "clause_templates"
    id: Mapped[int] = mapped_column(primary_key=True)
    #: Which text: "agreement", "certificate", "mail-progress"…
    document: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(8))
    version: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    saved_at: Mapped[datetime] = mapped_column(DateTime)
    saved_by: Mapped[str | None] = mapped_column(String(80))
    __table_args__ = (UniqueConstraint("document", "language", "version"),)


class SigningKey(Base):
    """The office's Ed25519 key that signs certificates: created once, kept here, carried by every backup."""

    __tablename__ = "signing_keys"
    id: Mapped[int] = mapped_column(primary_key=True)
    #: The first 16 hex digits of the public key's SHA-256: printed in every signed QR code.
    key_id: Mapped[str] = mapped_column(String(16), unique=True)
    private_key: Mapped[bytes] = mapped_column(LargeBinary)
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class AuditEntry(Base):
    """One change, written in the same transaction as the change; never updated or deleted."""

    __tablename__ = "audit_entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    username: Mapped[str | None] = mapped_column(String(80))
    operation: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[int | None] = mapped_column(Integer)
    #: create, update, delete, status
    action: Mapped[str] = mapped_column(String(12))
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)
    __table_args__ = (Index("ix_audit_record", "kind", "record_id"),)


# -- exams and credentials (issue 26) ---------------------------------------------------------------

class ExamSession(Versioned, Base):
    """A chamber exam of a programme (Part 1/Part 2, interim/final) on a day: its components' weights, its pass
    rule and what it asks for admission."""

    __tablename__ = "exam_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id"), index=True)
    #: What the office calls it ("Parte 1 – junio 2027"): how lists and forms name it.
    name: Mapped[str] = mapped_column(String(200))
    #: part1, part2, interim or final
    part: Mapped[str] = mapped_column(String(10))
    held_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str | None] = mapped_column(String(250))
    examiners: Mapped[str | None] = mapped_column(String(500))
    weight_written: Mapped[int] = mapped_column(Integer, default=50)
    weight_practical: Mapped[int] = mapped_column(Integer, default=50)
    weight_oral: Mapped[int] = mapped_column(Integer, default=0)
    #: The part's weight in the final grade, in per cent.
    final_weight: Mapped[int] = mapped_column(Integer, default=50)
    pass_overall: Mapped[int] = mapped_column(Integer, default=50)
    pass_component: Mapped[int] = mapped_column(Integer, default=30)
    min_term_share: Mapped[int] = mapped_column(Integer, default=0)
    fee_required: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Where the programme asks for the training record: every weekly report up to this day handed in and
    #: approved (NULL: not asked; migration 0020).
    logbook_until: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)
    search_text: Mapped[str] = mapped_column(Text, default="")

    programme: Mapped[Programme] = relationship()


class ExamRegistration(Versioned, Base):
    """An apprentice's attempt at an exam (by their learning agreement): admission, fee and points per
    component. A resit names the failed attempt it replaces."""

    __tablename__ = "exam_registrations"
    id: Mapped[int] = mapped_column(primary_key=True)
    exam_id: Mapped[int] = mapped_column(ForeignKey("exam_sessions.id"), index=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("learning_agreements.id"), index=True)
    fee_paid: Mapped[bool] = mapped_column(Boolean, default=False)
    written: Mapped[Decimal | None] = mapped_column(Numeric(4, 1))
    practical: Mapped[Decimal | None] = mapped_column(Numeric(4, 1))
    oral: Mapped[Decimal | None] = mapped_column(Numeric(4, 1))
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("exam_registrations.id"))
    notes: Mapped[str | None] = mapped_column(Text)

    exam: Mapped[ExamSession] = relationship()
    agreement: Mapped[LearningAgreement] = relationship()
    __table_args__ = (UniqueConstraint("exam_id", "agreement_id"),)


class ConocerVerdict(Versioned, Base):
    """A CONOCER certification verdict on an EC standard for an apprentice."""

    __tablename__ = "conocer_verdicts"
    id: Mapped[int] = mapped_column(primary_key=True)
    apprentice_id: Mapped[int] = mapped_column(ForeignKey("apprentices.id"), index=True)
    standard: Mapped[str] = mapped_column(String(20))
    #: competent or not_yet
    verdict: Mapped[str] = mapped_column(String(12))
    assessed_on: Mapped[date] = mapped_column(Date)
    evaluator: Mapped[str | None] = mapped_column(String(200))
    certificate_number: Mapped[str | None] = mapped_column(String(60))


class SchoolCertificate(Versioned, Base):
    """The school's academic certificate of an apprentice (certificado de terminación de estudios)."""

    __tablename__ = "school_certificates"
    id: Mapped[int] = mapped_column(primary_key=True)
    apprentice_id: Mapped[int] = mapped_column(ForeignKey("apprentices.id"), index=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"))
    issued_on: Mapped[date] = mapped_column(Date)
    number: Mapped[str | None] = mapped_column(String(60))
    #: The school's final average on its 0–10 scale.
    average: Mapped[Decimal | None] = mapped_column(Numeric(4, 2))


# -- the apprentice's record of learning (issue 25; migration 0015) -------------------------------------------
# ``learning_agreements.logbook_due`` (the Monday of the first week not countersigned; NULL: none is yet) is the
# database's own like ``last_assessed_on``: not mapped, kept by the weekly reports' write path, read by the
# dashboard in SQL.

class LogbookWeek(Versioned, Base):
    """The apprentice's weekly report (reporte semanal, Berichtsheft) of one calendar week, and its review."""

    __tablename__ = "logbook_weeks"
    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("learning_agreements.id", ondelete="CASCADE"))
    #: The Monday of the week.
    week_start: Mapped[date] = mapped_column(Date)
    #: draft, submitted, returned or approved (domain.logbook.WeekStatus).
    status: Mapped[str] = mapped_column(String(12), default="draft", index=True)
    activities: Mapped[str | None] = mapped_column(Text)
    school_topics: Mapped[str | None] = mapped_column(Text)
    hours: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    #: The hours at school that week (migration 0021); ``hours`` are those at the company.
    school_hours: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    #: The instructor's comment, or the note a report is returned with.
    review_note: Mapped[str | None] = mapped_column(Text)
    #: The day of the last review (approval: the countersignature's day).
    reviewed_on: Mapped[date | None] = mapped_column(Date)
    #: The learning position the apprentice was at that week (migration 0022), one of the rotation plan's.
    position_id: Mapped[int | None] = mapped_column(ForeignKey("learning_positions.id"))

    agreement: Mapped[LearningAgreement] = relationship()
    competencies: Mapped[list[Competency]] = relationship(secondary="logbook_week_competencies",
                                                          order_by="Competency.position")
    __table_args__ = (UniqueConstraint("agreement_id", "week_start"),)

    competency_ids = _competency_ids("The competencies practised that week, as the record's ``competency_ids`` "
                                     "field holds them.")


logbook_week_competencies = Table(
    "logbook_week_competencies",
    Base.metadata,
    Column("week_id", ForeignKey("logbook_weeks.id", ondelete="CASCADE"), primary_key=True),
    Column("competency_id", ForeignKey("competencies.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class WeekAttachment(Base):
    """A file attached to a weekly report (a photo of a part, a drawing; domain.week_files), kept in the database
    so that every user of a shared office database sees it (migration 0028)."""

    __tablename__ = "week_attachments"
    id: Mapped[int] = mapped_column(primary_key=True)
    week_id: Mapped[int] = mapped_column(ForeignKey("logbook_weeks.id", ondelete="CASCADE"), index=True)
    #: The name as given, made safe (domain.week_files.safe_name).
    filename: Mapped[str] = mapped_column(String(250))
    media_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    #: Read when the file itself is asked for, not with its name (a list of a week's files reads no content).
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    added_at: Mapped[datetime] = mapped_column(DateTime)
    added_by: Mapped[str | None] = mapped_column(String(80))
    #: A file removed from its week: who removed it and when. Its row and content stay, so that undo brings it
    #: back; lists, prints and counts leave it out; anonymisation deletes it for good.
    removed_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    removed_by: Mapped[str | None] = mapped_column(String(80), default=None)


class AttendanceDay(Versioned, Base):
    """Where the apprentice was on one day of the agreement (domain.logbook.PRESENCE)."""

    __tablename__ = "attendance_days"
    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("learning_agreements.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    presence: Mapped[str] = mapped_column(String(12))
    hours: Mapped[Decimal | None] = mapped_column(Numeric(4, 2))
    note: Mapped[str | None] = mapped_column(String(500))

    agreement: Mapped[LearningAgreement] = relationship()
    __table_args__ = (UniqueConstraint("agreement_id", "day"),
                      # The first screen's attendance flag: the unexcused days by date (migration 0026).
                      _partial("ix_attendance_unexcused", "day", "agreement_id",
                               where=unexcused()))


class LogbookExchange(Base):
    """A weekly-report workbook sent to an instructor or a company outside the office's database: whom it is for,
    and what each of its rows held when it was written (the import compares with it)."""

    __tablename__ = "logbook_exchanges"
    id: Mapped[int] = mapped_column(primary_key=True)
    #: Random, printed in the workbook: names the export a returned file answers.
    token: Mapped[str] = mapped_column(String(32), unique=True)
    instructor_id: Mapped[int | None] = mapped_column(ForeignKey("instructors.id"))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str | None] = mapped_column(String(80))
    #: Each row as exported: {"rows": [{"key", "agreement_id", "week", "locked": [...], "values": {...}}…]}.
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    imported_at: Mapped[datetime | None] = mapped_column(DateTime)
    imported_by: Mapped[str | None] = mapped_column(String(80))
    imports: Mapped[int] = mapped_column(Integer, default=0)


class Reminder(Versioned, Base):
    """An item of the dashboard one person has dealt with: done (until it holds something new) or snoozed
    until a day."""

    __tablename__ = "reminders"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80))
    #: The dashboard item's key (services.dashboard.Item.key).
    item: Mapped[str] = mapped_column(String(40))
    #: done or snoozed.
    state: Mapped[str] = mapped_column(String(12))
    until: Mapped[date | None] = mapped_column(Date)
    #: What the item held when it was marked done: {"ids": [...]} or {"count": n}.
    covered: Mapped[dict[str, Any]] = mapped_column(JSON)
    __table_args__ = (UniqueConstraint("username", "item"),)
