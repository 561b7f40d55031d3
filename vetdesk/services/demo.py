"""``vetdesk demo``: fill a database with realistic synthetic data for a Mexican chamber office.

Everything is generated in Python (ids included, so rows link without round trips) and written in batches
through the records' own write path (``records.insert_new``: each kind's defaults and hooks, and an audit entry
per record, as a person's create and an import leave them) inside one labelled unit of work: the whole
demonstration lands or nothing does. An agreement (and a school–company collaboration agreement) is drawn up as
a draft and then takes each step of its life cycle as the office's operations take it, through the records' one
way of changing a record (``records.change_other``: printed for signature, signed, started, ended), so that its
history reads as one kept by hand (:func:`life_cycles`).
The records are valid under the domain rules, except a handful of deliberately flawed ones (minors
without a guardian in draft agreements only, insurance about to expire, instructors without qualification, a
company without legal representative) so that ``vetdesk check`` has something to report. Dates are relative to today,
so statuses make sense; the same seed gives the same data.
"""

from __future__ import annotations

import functools
import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, selectinload
from stdnum.mx import curp as stdnum_curp
from stdnum.mx import rfc as stdnum_rfc

from vetdesk.domain import lifecycle, scales
from vetdesk.domain import logbook as L
from vetdesk.domain.bounds import DEMO_APPRENTICES, number_problem
from vetdesk.domain.contract import holiday_minimum, training_years
from vetdesk.domain.dates import add_months, age_on
from vetdesk.domain.identifiers import nss_check_digit
from vetdesk.domain.normalize import fold
from vetdesk.domain.problems import RuleViolation, error
from vetdesk.domain.rules import GUARDIAN_SIGNATURES, SIGNATURE_FIELDS
from vetdesk.i18n import _, ngettext
from vetdesk.services import demo_names as W
from vetdesk.services import records
from vetdesk.services.assessments import write_feedback_notes
from vetdesk.services.catalogue import change_scale
from vetdesk.services.records import agreement_reference
from vetdesk.services.training_rules import collaboration_reference
from vetdesk.services.uow import UnitOfWork, reading, unit_of_work
from vetdesk.storage.engine import Database
from vetdesk.storage.models import (
    AcademicTutor,
    Apprentice,
    Assessment,
    AttendanceDay,
    CollaborationAgreement,
    Company,
    Competency,
    FeedbackNote,
    Instructor,
    LearningAgreement,
    LearningPosition,
    LogbookWeek,
    PositionPeriod,
    Programme,
    RotationPlan,
    RotationStep,
    School,
    position_competencies,
)

#: Rows of one kind gathered before they are written (assessments: a flush per so many).
BATCH = 5000
#: The agreements in force whose weekly reports the demo keeps electronically, with their weeks and attendance
#: (the most recently begun; the rest are kept on paper with nothing keyed in yet): bounded, so that a bench's
#: 10⁵ apprentices cost no more than a small demo's.
LOGBOOK_AGREEMENTS = 24
#: The demo office keeps weekly reports in vetdesk since so many weeks before today (its "kept since" day).
LOGBOOK_WEEKS = 16
#: Status mix of first agreements (weights).
STATUS_WEIGHTS = (("active", 45), ("completed", 20), ("terminated", 7), ("signed", 8), ("printed", 8),
                  ("draft", 12))
#: Age on the start date (weights): mostly 15–17, some adults.
AGE_WEIGHTS = ((15, 30), (16, 34), (17, 20), (18, 8), (19, 5), (20, 2), (21, 1))
#: Agreements still open (not ended), and those the parties have signed (signed and every status after it).
OPEN = frozenset(s.value for s in lifecycle.Status if s not in lifecycle.ENDED)
SIGNED = frozenset(s.value for s in lifecycle.reachable(lifecycle.Status.SIGNED))
INSTRUCTOR_LOAD = 3  # never more open agreements per instructor than the default capacity

_PARTICLES = frozenset("DA DAS DE DEL DER DI DIE DD EL LA LOS LAS LE LES MAC MC VAN VON Y".split())
_COMMON_GIVEN = frozenset({"MARIA", "MA", "JOSE", "J"})
_VOWELS = frozenset("AEIOU")

_TABLES: tuple[type, ...] = (School, AcademicTutor, Programme, Competency, Company, Instructor, RotationPlan,
                             LearningPosition, CollaborationAgreement, Apprentice, LearningAgreement,
                             PositionPeriod, Assessment, FeedbackNote, LogbookWeek, AttendanceDay)


class _Random(random.Random):
    """random.Random with a randint several times faster (millions of calls at 10⁵ apprentices)."""

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))


# -- identifiers --------------------------------------------------------------------------------------

#: The years in the company of a three-year career spent two years there (months), with a rotation plan for them.
SHORTER_MONTHS = 24


def _curp_word(name: str) -> str:
    plain = fold(name.replace("ñ", "x").replace("Ñ", "X")).upper()
    parts = [p for p in plain.split() if p not in _PARTICLES] or plain.split()
    return parts[0] if parts else "X"


def _given_word(names: str) -> str:
    plain = fold(names.replace("ñ", "x").replace("Ñ", "X")).upper().split()
    if len(plain) > 1 and plain[0] in _COMMON_GIVEN:
        return plain[1]
    return plain[0] if plain else "X"


def _internal(word: str, vowel: bool) -> str:
    for ch in word[1:]:
        if (ch in _VOWELS) == vowel and ch.isalpha():
            return ch
    return "X"


@functools.lru_cache(maxsize=4096)
def _inconvenient(head: str) -> bool:
    return not stdnum_curp.is_valid(head + "000101HDFXXXA0", validate_check_digits=False)


def curp_stem(given: str, first: str, second: str | None, birth: date, sex: str, state: str) -> str:
    """The first 16 characters of a CURP, built as RENAPO does from name, birth date, sex and state."""
    f, s, g = _curp_word(first), _curp_word(second) if second else "", _given_word(given)
    head = f[0] + _internal(f, True) + (s[0] if s else "X") + g[0]
    # RENAPO replaces the second letter of an inconvenient word with X (stdnum keeps the list).
    if _inconvenient(head):
        head = head[0] + "X" + head[2:]
    tail = _internal(f, False) + (_internal(s, False) if s else "X") + _internal(g, False)
    return f"{head}{birth:%y%m%d}{sex}{state}{tail}"


def make_curp(stem: str, homoclave: str) -> str:
    body = stem + homoclave
    return body + stdnum_curp.calc_check_digit(body)


def company_rfc(letters: str, founded: date, rng: random.Random) -> str:
    """A company RFC: 3 letters, founding date YYMMDD, homoclave with its real check digit."""
    homo = rng.choice("123456789ABCDEFGHIJKLMNPRSTUV") + rng.choice("123456789ABCDEFGHIJKLMNPRSTUVWXYZ")
    body = f"{letters}{founded:%y%m%d}{homo}"
    return body + stdnum_rfc.calc_check_digit(body)


def make_nss(rng: random.Random, birth: date, serial: int) -> str:
    # subdelegation, year of registration, birth year, serial; then the Luhn check digit
    first_ten = (f"{rng.randint(1, 99):02d}{(birth.year + 16) % 100:02d}{birth.year % 100:02d}"
                 f"{serial % 10000:04d}")
    return first_ten + nss_check_digit(first_ten)


# -- what the generator keeps while it works ----------------------------------------------------------

@dataclass
class _ProgrammeInfo:
    id: int
    code: str
    months: int
    scale: dict[str, Any]
    competency_ids: dict[str, int]
    positions: Sequence[tuple[str, str, int, Sequence[str]]]
    #: The layout(s) its agreements print: mmfd, bbig or both.
    templates: str = "mmfd"


@dataclass
class _PlanInfo:
    id: int
    #: (position id, planned weeks, competency ids)
    positions: list[tuple[int, int, list[int]]]


@dataclass
class _CompanyInfo:
    id: int
    state: tuple[str, str, str, tuple[str, ...], int]
    city: str
    domain: str
    programmes: list[str]
    #: Instructors: [id, name, open agreements].
    instructors: list[list[Any]] = field(default_factory=list)


class _Generator:
    """Builds the rows of one demonstration run."""

    def __init__(self, uow: UnitOfWork, *, seed: int, today: date) -> None:
        self.uow = uow
        self.session: Session = uow.session
        session = uow.session
        self.rng = _Random(seed)
        self.today = today
        self.next_id: dict[str, int] = {}
        for model in _TABLES:
            table = model.__table__  # type: ignore[attr-defined]
            self.next_id[table.name] = int(session.scalar(select(func.max(table.c.id))) or 0) + 1
        self.curps: set[str] = set(session.scalars(select(Apprentice.curp)))
        self.rfcs: set[str] = set(session.scalars(select(Company.rfc)))
        self.ccts: set[str] = set(session.scalars(select(School.cct)))
        self.rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        #: table -> the kind of record its rows are, written as that kind's records are.
        self.kinds = {k.model.__table__.name: k for k in records.KINDS.values()}
        #: Programmes made here whose rating scale is not the one a new programme starts with.
        self.scales: dict[int, dict[str, Any]] = {}
        self.company_positions: dict[tuple[int, str], int] = {
            (c, n): i for i, c, n in session.execute(select(LearningPosition.id, LearningPosition.company_id,
                                                            LearningPosition.name))}
        #: (position, competency) pairs already written: a position shared by plans is written once per pair.
        self.taught: set[tuple[int, int]] = {(int(p), int(c)) for p, c in session.execute(
            select(position_competencies.c.position_id, position_competencies.c.competency_id))}
        self.collaborations: dict[tuple[int, int], int] = {}
        #: The collaboration agreements made here, as they stand at the end of their life cycle so far.
        self.collaboration_rows: list[dict[str, Any]] = []
        #: Positions made here, by id: their values until they are written.
        self.position_rows: dict[int, dict[str, Any]] = {}
        self.counts: dict[str, int] = defaultdict(int)
        names, weights = zip(*W.SURNAMES, strict=True)
        self._surnames: tuple[str, ...] = names
        self._surname_cum = list(_cumulative(weights))
        states_w = [s[4] for s in W.STATES]
        self._state_cum = list(_cumulative(states_w))

    # ids and helpers
    def new_id(self, table: str) -> int:
        value = self.next_id[table]
        self.next_id[table] = value + 1
        return value

    def surname(self) -> str:
        return self.rng.choices(self._surnames, cum_weights=self._surname_cum)[0]

    def state(self) -> tuple[str, str, str, tuple[str, ...], int]:
        return self.rng.choices(W.STATES, cum_weights=self._state_cum)[0]

    def person(self, sex: str | None = None) -> str:
        sex = sex or self.rng.choice("HM")
        given = self.rng.choice(W.MALE_NAMES if sex == "H" else W.FEMALE_NAMES)
        return f"{given} {self.surname()} {self.surname()}"

    def phone(self) -> str:
        return f"{self.rng.randint(222, 999)} {self.rng.randint(100, 999)} {self.rng.randint(1000, 9999)}"

    def _home(self, state_code: str) -> str:
        state = next((s for s in W.STATES if s[2] == state_code), W.STATES[0])
        return self.address(self.rng.choice(state[3]), state[1])

    def address(self, city: str, state: str) -> str:
        return (f"{self.rng.choice(W.STREETS)} {self.rng.randint(1, 2500)}, "
                f"Col. {self.rng.choice(W.COLONIES)}, C.P. {self.rng.randint(20000, 99999)}, {city}, {state}")

    def logbook_since(self, default: date) -> date:
        """The day the office keeps weekly reports in vetdesk since: the office's setting, else ``default``,
        stored as the setting (services.logbook_since)."""
        import json

        from vetdesk.services.logbook_since import LOGBOOK_SINCE
        from vetdesk.storage.models import Setting

        found = self.session.get(Setting, LOGBOOK_SINCE)
        stored = json.loads(found.value or '""') if found is not None else ""
        if stored:
            return date.fromisoformat(str(stored)[:10])
        if found is None:
            self.session.add(Setting(key=LOGBOOK_SINCE, value=json.dumps(default.isoformat())))
        else:
            found.value = json.dumps(default.isoformat())
        self.session.info.pop(LOGBOOK_SINCE, None)
        return default

    def add(self, table: str, row: dict[str, Any], kind: str | None = None) -> dict[str, Any]:
        """Gather a new record's values (``kind``: a record of that kind, written as :func:`records.insert_new`
        writes every new one); returns them, to be completed until they are written (a plan's steps)."""
        self.rows[table].append(row)
        self.counts[table] += 1
        return row

    # -- organisations --------------------------------------------------------------------------------

    def programmes(self) -> dict[str, _ProgrammeInfo]:
        out: dict[str, _ProgrammeInfo] = {}
        existing = {p.code: p for p in self.session.scalars(select(Programme))}
        for spec in W.PROGRAMMES:
            code = spec["code"]
            known = existing.get(code)
            if known is not None:
                comp_ids = {c.code: c.id for c in self.session.scalars(
                    select(Competency).where(Competency.programme_id == known.id))}
                info = _ProgrammeInfo(known.id, code, known.duration_months,
                                      known.scale or scales.FOUR_LEVELS, comp_ids, spec["positions"],
                                      known.templates or "mmfd")
                if not comp_ids:
                    self._competencies(info, spec)
            else:
                pid = self.new_id("programmes")
                self.add("programmes", {
                    "id": pid, "code": code, "name": spec["name"], "duration_months": spec["duration_months"],
                    "nqf_level": spec["nqf_level"], "isced_level": spec["isced_level"],
                    "conocer_codes": spec["conocer_codes"], "templates": spec["templates"],
                    "min_semester": 3, "stps_permit_required": True}, "programmes")
                if scales.SCALES[spec["scale"]] != scales.FOUR_LEVELS:  # chosen as an office would (set_scale)
                    self.scales[pid] = scales.SCALES[spec["scale"]]
                info = _ProgrammeInfo(pid, code, spec["duration_months"], scales.SCALES[spec["scale"]], {},
                                      spec["positions"], spec["templates"])
                self._competencies(info, spec)
            out[code] = info
        return out

    def _competencies(self, info: _ProgrammeInfo, spec: dict[str, Any]) -> None:
        position = 0
        for area, items in spec["areas"]:
            for code, title, conocer in items:
                cid = self.new_id("competencies")
                position += 1
                self.add("competencies", {"id": cid, "programme_id": info.id, "area": area, "code": code,
                                          "title": title, "conocer_code": conocer, "kind": "technical",
                                          "position": position})
                info.competency_ids[code] = cid

    def schools(self, n: int) -> dict[str, list[tuple[int, list[tuple[int, str]]]]]:
        """Schools with their tutors, by state number."""
        by_state: dict[str, list[tuple[int, list[tuple[int, str]]]]] = defaultdict(list)
        for _i in range(n):
            st = self.state()
            subsystem, prefix, letters = self.rng.choice(W.SCHOOL_KINDS)
            city = self.rng.choice(st[3])
            cct = ""
            while not cct or cct in self.ccts:
                serial, check = self.rng.randint(1, 999), self.rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ")
                cct = f"{st[0]}{letters}{serial:04d}{check}"
            self.ccts.add(cct)
            if prefix.endswith("No."):
                name = f"{prefix} {self.rng.randint(1, 300)} {city}"
            else:
                name = f"{prefix} {city} {self.rng.choice(('I', 'II', 'III', 'IV'))}"
            sid = self.new_id("schools")
            self.add("schools", {
                "id": sid, "name": name, "cct": cct, "subsystem": subsystem, "state": st[1],
                "municipality": city, "address": self.address(city, st[1]), "liaison_name": self.person(),
                "email": f"vinculacion.{cct.lower()}@plantel.edu.mx", "phone": self.phone()},
                "schools")
            tutors = []
            for _t in range(self.rng.randint(2, 4)):
                tid = self.new_id("academic_tutors")
                tname = self.person()
                self.add("academic_tutors", {
                    "id": tid, "school_id": sid, "name": tname, "phone": self.phone(),
                    "email": f"{_mail_part(tname)}.{tid}@plantel.edu.mx"}, "tutors")
                tutors.append((tid, tname))
            by_state[st[0]].append((sid, tutors))
        return by_state

    def companies(self, n: int, programmes: dict[str, _ProgrammeInfo], flawed: int
                  ) -> tuple[list[_CompanyInfo], dict[tuple[int, str], _PlanInfo]]:
        companies: list[_CompanyInfo] = []
        plans: dict[tuple[int, str], _PlanInfo] = {}
        for i in range(n):
            sector, words, codes = self.rng.choice(W.SECTORS)
            st = self.state()
            city = self.rng.choice(st[3])
            word = self.rng.choice(words)
            qualifier = self.rng.choice(W.COMPANY_QUALIFIERS)
            name = f"{word} {qualifier} {self.rng.choice(W.COMPANY_FORMS)}"
            initials = [w for w in fold(f"{word} {qualifier}").upper().split() if w not in _PARTICLES]
            # SAT: the initials of the first three words; with fewer words, more letters of the last.
            letters = ("".join(w[0] for w in initials[:-1]) + initials[-1])[:3].ljust(3, "X")
            rfc = ""
            while not rfc or rfc in self.rfcs:
                founded = date(self.rng.randint(1965, 2019), self.rng.randint(1, 12), self.rng.randint(1, 28))
                rfc = company_rfc(letters, founded, self.rng)
            self.rfcs.add(rfc)
            cid = self.new_id("companies")
            domain = _mail_part(word).replace(".", "") + _mail_part(qualifier).replace(".", "") + ".com.mx"
            contact = self.person()
            self.add("companies", {
                "id": cid, "name": name, "id_country": "MX", "rfc": rfc, "sector": sector,
                "size": self.rng.choice(W.COMPANY_SIZES), "state": st[1],
                "address": self.address(city, st[1]),
                "legal_representative": None if i < flawed else self.person(),
                "contact_name": contact, "contact_email": f"{_mail_part(contact)}@{domain}",
                "contact_phone": self.phone()}, "companies")
            offered = [c for c in codes if c in programmes]
            if len(offered) > 1 and self.rng.random() < 0.5:
                offered = offered[:1]
            info = _CompanyInfo(cid, st, city, domain, offered)
            companies.append(info)
            for code in offered:
                plans[(cid, code)] = self.rotation_plan(cid, programmes[code])
                if programmes[code].months >= 36:  # the two years in the company have a plan of their own
                    plans[(cid, f"{code}/{SHORTER_MONTHS}")] = self.rotation_plan(cid, programmes[code],
                                                                                  SHORTER_MONTHS)
            for _k in range(2):
                self.instructor(info)
        return companies, plans

    def rotation_plan(self, company_id: int, programme: _ProgrammeInfo, months: int | None = None) -> _PlanInfo:
        """The company's plan for the programme, over the programme's term (or ``months``: the two years in the
        company of a three-year career, a plan of its own)."""
        pid = self.new_id("rotation_plans")
        name = f"Plan de rotación {programme.code}" + (f" ({months} meses)" if months else "")
        plan = self.add("rotation_plans", {
            "id": pid, "company_id": company_id, "programme_id": programme.id, "name": name,
            "valid_from": self.today.replace(month=1, day=1) - timedelta(days=3 * 365), "steps": []},
            "rotation_plans")
        templates = list(programme.positions)
        k = self.rng.randint(min(4, len(templates)), min(8, len(templates)))
        chosen = sorted(self.rng.sample(range(len(templates)), k))
        positions: list[tuple[int, int, list[int]]] = []
        all_comp = list(programme.competency_ids.values())
        # The plan fills the programme's term but for two weeks (holidays, exams): an agreement over the whole
        # programme prints a rotation plan that agrees with its dates (domain.contract checks it).
        drawn = [max(2.0, templates[i][2] * self.rng.uniform(0.75, 1.25)) for i in chosen]
        target = max(len(chosen) * 2, round((months or programme.months) * 52 / 12) - 2)
        planned = [max(1, round(w * target / sum(drawn))) for w in drawn]
        planned[-1] = max(1, planned[-1] + target - sum(planned))
        # Together the plan's positions teach every competency of the programme (vetdesk check warns of a plan
        # that leaves some untaught): a competency none of the chosen positions teaches goes to one of them.
        teaches = [[programme.competency_ids[c] for c in templates[i][3] if c in programme.competency_ids]
                   for i in chosen]
        for n, competency_id in enumerate(c for c in all_comp if not any(c in t for t in teaches)):
            teaches[n % len(teaches)].append(competency_id)
        for seq, (index, weeks) in enumerate(zip(chosen, planned, strict=True), start=1):
            name, department, _weeks, _codes = templates[index]
            lid = self.company_positions.get((company_id, name))
            if lid is None:  # the company's position, shared by its plans for several programmes
                lid = self.new_id("learning_positions")
                self.company_positions[(company_id, name)] = lid
                self.position_rows[lid] = self.add("learning_positions", {
                    "id": lid, "company_id": company_id, "name": name, "department": department,
                    "competency_ids": []}, "positions")
            plan["steps"].append({"position_id": lid, "weeks": weeks})
            comp = teaches[seq - 1]
            if not comp and all_comp:
                comp = self.rng.sample(all_comp, min(2, len(all_comp)))
            for competency_id in comp:
                if (lid, competency_id) not in self.taught:
                    self.taught.add((lid, competency_id))
                    # what the position teaches: its own list while it is new, else the table it is held in
                    if lid in self.position_rows:
                        self.position_rows[lid]["competency_ids"].append(competency_id)
                    else:
                        self.rows["position_competencies"].append({"position_id": lid,
                                                                   "competency_id": competency_id})
            positions.append((lid, weeks, comp))
        return _PlanInfo(pid, positions)

    def collaboration(self, school_id: int, company_id: int, signatory_id: int | None, since: date) -> None:
        """The school and company's collaboration agreement, in force since before their first agreement."""
        if (school_id, company_id) in self.collaborations:
            return
        cid = self.new_id("collaboration_agreements")
        self.collaborations[(school_id, company_id)] = cid
        start = since - timedelta(days=self.rng.randint(30, 180))
        signed = start - timedelta(days=self.rng.randint(5, 20))
        self.collaboration_rows.append(self.add("collaboration_agreements", {
            "id": cid, "reference": collaboration_reference(cid, start), "school_id": school_id,
            "company_id": company_id, "status": "active", "start_date": start, "end_date": None,
            "school_signatory_id": signatory_id, "place_of_signing": None, "printed_on": signed,
            "school_signed_on": signed, "company_signed_on": signed, "chamber_signed_on": signed,
            "activated_on": start}, "collaborations"))

    def instructor(self, company: _CompanyInfo) -> list[Any]:
        iid = self.new_id("instructors")
        name = self.person()
        roll = self.rng.random()
        if roll < 0.12:
            qualification, qdate = None, None
        else:
            qualification = "AdA-International" if roll < 0.6 else "CONOCER EC0217.01"
            qdate = self.today - timedelta(days=self.rng.randint(60, 3000))
        self.add("instructors", {
            "id": iid, "company_id": company.id, "name": name,
            "email": f"{_mail_part(name)}.{iid}@{company.domain}", "phone": self.phone(),
            "job_title": self.rng.choice(W.JOB_TITLES), "qualification": qualification,
            "qualification_date": qdate, "capacity": None}, "instructors")
        entry = [iid, name, 0]
        company.instructors.append(entry)
        return entry

    def pick_instructor(self, company: _CompanyInfo, open_agreement: bool) -> list[Any]:
        if not open_agreement:
            return self.rng.choice(company.instructors)
        free = [e for e in company.instructors if e[2] < INSTRUCTOR_LOAD]
        entry = self.rng.choice(free) if free else self.instructor(company)
        entry[2] += 1
        return entry

    # -- apprentices and agreements ----------------------------------------------------------------------

    def dates_for(self, status: str, months: int) -> tuple[date, date, date | None]:
        """Start, end and (for terminated agreements) the termination date."""
        today, rng = self.today, self.rng
        if status == "active":
            span = (add_months(today, months) - today).days
            start = today - timedelta(days=rng.randint(0, max(0, span - 60)))
        elif status == "completed":
            start = add_months(today, -months) - timedelta(days=rng.randint(20, 900))
        elif status == "terminated":
            start = today - timedelta(days=rng.randint(60, months * 30))
        elif status == "signed":
            start = today + timedelta(days=rng.randint(3, 75))
        elif status == "printed":
            start = today + timedelta(days=rng.randint(14, 150))
        else:
            start = today + timedelta(days=rng.randint(20, 200))
        end = add_months(start, months) - timedelta(days=1)
        terminated = None
        if status == "terminated":
            last = min(end, today - timedelta(days=1))
            terminated = start + timedelta(days=rng.randint(20, max(21, (last - start).days)))
            terminated = min(terminated, last)
        return start, end, terminated

    def apprentice(self, first_start: date, age: int, state_code: str, school_id: int | None,
                   omit_guardian: bool) -> dict[str, Any]:
        rng = self.rng
        anchor = date(first_start.year - age, first_start.month, min(first_start.day, 28))
        birth = anchor - timedelta(days=rng.randint(1, 360))
        if age_on(birth, first_start) != age:  # pragma: no cover - guards the arithmetic above
            birth = anchor - timedelta(days=1)
        roll = rng.random()
        sex = "X" if roll < 0.01 else ("H" if roll < 0.55 else "M")
        if sex == "H":
            given = rng.choice(W.MALE_NAMES)
        elif sex == "M":
            given = rng.choice(W.FEMALE_NAMES)
        else:
            given = rng.choice(W.NEUTRAL_NAMES)
        first, second = self.surname(), self.surname() if rng.random() < 0.97 else None
        stem = curp_stem(given, first, second, birth, sex, state_code)
        letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if birth.year >= 2000 else "0123456789"
        start = rng.randrange(len(letters))
        curp = ""
        for k in range(len(letters)):
            candidate = make_curp(stem, letters[(start + k) % len(letters)])
            if candidate not in self.curps:
                curp = candidate
                break
        if not curp:
            return {}
        self.curps.add(curp)
        aid = self.new_id("apprentices")
        row: dict[str, Any] = {
            "id": aid, "id_country": "MX", "curp": curp, "given_names": given, "first_surname": first,
            "second_surname": second, "birth_date": birth, "sex": sex,
            "email": f"{_mail_part(given.split()[0])}.{_mail_part(first).replace('.', '')}{aid}"
                     "@alumnos.edu.mx",
            "phone": self.phone(), "address": self._home(state_code), "school_id": school_id,
            "semester": rng.randint(3, 6),
            "nss": make_nss(rng, birth, aid), "guardian_name": None, "guardian_relation": None,
            "guardian_phone": None, "guardian_email": None, "guardian_id_document": None,
            "guardian_address": None, "guardian2_name": None, "guardian2_relation": None, "guardian2_phone": None,
            "guardian2_email": None, "guardian2_id_document": None, "guardian2_address": None,
            "medical_certificate_date": None, "anonymised": False}
        minor = age_on(birth, first_start) < 18 or age_on(birth, self.today) < 18
        if minor and not omit_guardian:
            relation = rng.choice(W.GUARDIAN_RELATIONS)
            g_given = rng.choice(W.MALE_NAMES if relation in ("father", "legal_guardian") else W.FEMALE_NAMES)
            g_first = first if relation == "father" else (second or self.surname())
            row.update(guardian_name=f"{g_given} {g_first} {self.surname()}", guardian_relation=relation,
                       guardian_phone=self.phone(), guardian_address=row["address"],
                       guardian_id_document=f"INE {rng.randint(10**9, 10**10 - 1)}",
                       medical_certificate_date=first_start - timedelta(days=rng.randint(10, 60)))
        return row

    def agreement(self, *, apprentice: dict[str, Any], company: _CompanyInfo, programme: _ProgrammeInfo,
                  plan: _PlanInfo, school: tuple[int, list[tuple[int, str]]] | None, status: str,
                  start: date, end: date, terminated: date | None, expiring: bool) -> dict[str, Any]:
        rng, today = self.rng, self.today
        birth = apprentice["birth_date"]
        age = age_on(birth, start)
        minor = age < 18
        instructor = self.pick_instructor(company, status in OPEN)
        tutor = rng.choice(school[1]) if school else None
        agid = self.new_id("learning_agreements")
        hours = Decimal(rng.choice(("5", "6"))) if age < 16 else Decimal(rng.choice(("6", "7", "8")))
        insurer, insurer_code = rng.choice(W.INSURERS)
        if expiring:
            expiry = today + timedelta(days=rng.randint(3, 25))
        else:
            expiry = max(end, today) + timedelta(days=rng.randint(31, 200))
        row: dict[str, Any] = {
            "id": agid, "reference": agreement_reference(agid, start), "apprentice_id": apprentice["id"],
            "company_id": company.id, "school_id": school[0] if school else None,
            "programme_id": programme.id, "instructor_id": instructor[0],
            "tutor_id": tutor[0] if tutor else None, "rotation_plan_id": plan.id,
            "status": status, "start_date": start, "end_date": end, "probation_months": rng.randint(1, 3),
            "modality_years": training_years(start, end),
            "training_site": f"Planta {company.city}, {company.state[1]}",
            # without a school every training day is at the company (domain.contract refuses days at no school)
            "company_days": 4 if school else 5, "school_days": 1 if school else 0,
            "weekly_pattern": "days",
            "daily_hours": hours, "stipend_amount": Decimal(rng.randrange(2500, 8001, 50)),
            "stipend_currency": "MXN", "stipend_payer": "company", "stipend_period": "monthly",
            "stipend_steps": None, "training_record_form": "paper",
            "insurance_insurer": insurer,
            "insurance_policy": f"{insurer_code}-AP-{rng.randint(10**5, 10**6 - 1)}",
            "insurance_expiry": expiry, "stps_permit_number": None, "stps_permit_date": None,
            # the least the law the layout cites grants (§ 19 JArbSchG for a minor under the AHK contract, the
            # layout an agreement without a school goes out in: see life_cycles)
            "holiday_days": holiday_minimum(minor=minor, birth_date=birth, start=start,
                                            cites_jarbschg=layout_of(programme.templates, school is not None)
                                            in ("bbig", "both"), days_a_week=5).days,  # 4 + 1, or 5 + 0
            "overtime_compensation": "none" if minor else "time_off",
            "collective_agreement": None, "place_of_signing": company.city, "printed_on": None,
            "company_signed_on": None, "apprentice_signed_on": None, "guardian_signed_on": None,
            "school_signed_on": None, "chamber_signed_on": None, "activated_on": None, "completed_on": None,
            "terminated_on": None, "termination_reason": None, "notes": None}
        years = -(-(end - start).days // 365)
        if years > 1:  # § 17 BBiG: the stipend rises with each training year
            row["stipend_steps"] = "; ".join(f"{row['stipend_amount'] + 400 * k:.2f}" for k in range(1, years))
        if minor:
            row["stps_permit_number"] = f"STPS/{company.state[2]}/{start.year}/{rng.randint(1, 99999):05d}"
            row["stps_permit_date"] = min(start, today) - timedelta(days=rng.randint(5, 40))
        if status in SIGNED:
            latest = min(start, today) - timedelta(days=1)
            signed = {"company_signed_on": latest - timedelta(days=rng.randint(0, 20)),
                      "apprentice_signed_on": latest - timedelta(days=rng.randint(0, 20))}
            if minor and apprentice["guardian_name"]:
                signed["guardian_signed_on"] = signed["apprentice_signed_on"]
            if school:
                signed["school_signed_on"] = latest - timedelta(days=rng.randint(0, 20))
            chamber = max(signed.values()) + timedelta(days=rng.randint(0, 5))
            signed["chamber_signed_on"] = min(latest, chamber)
            row.update(signed)
            row["printed_on"] = min(signed.values()) - timedelta(days=rng.randint(2, 15))
        elif status == "printed":
            row["printed_on"] = today - timedelta(days=rng.randint(1, 30))
        if status in ("active", "completed", "terminated"):
            row["activated_on"] = start
        if status == "completed":
            row["completed_on"] = end
        if status == "terminated":
            row["terminated_on"] = terminated
            row["termination_reason"] = rng.choice(W.TERMINATION_REASONS)
        self.add("learning_agreements", row, "agreements")
        return self.rows["learning_agreements"][-1]

    # -- what happened during training ----------------------------------------------------------------

    def training_history(self, agreement: dict[str, Any], plan: _PlanInfo, scale: dict[str, Any],
                         raters: tuple[str, str | None, str], catalogue: Sequence[int] = ()) -> None:
        rng, today = self.rng, self.today
        start, end = agreement["start_date"], agreement["end_date"]
        if agreement["status"] == "terminated":
            end = agreement["terminated_on"]
        total_weeks = sum(p[1] for p in plan.positions) or 1
        span = (end - start).days + 1
        cursor = start
        instructor_name, tutor_name, own_name = raters
        last_note = start
        for index, (position_id, weeks, competencies) in enumerate(plan.positions):
            if cursor > today or cursor > end:
                break
            days = max(7, span * weeks // total_weeks)
            p_end = end if index == len(plan.positions) - 1 else min(end, cursor + timedelta(days=days - 1))
            open_period = p_end >= today and agreement["status"] == "active"
            self.add("position_periods", {
                "id": self.new_id("position_periods"), "agreement_id": agreement["id"],
                "position_id": position_id, "actual_start": cursor,
                "actual_end": None if open_period else p_end}, "rotations")
            seen_until = min(p_end, today)
            elapsed = (seen_until - cursor).days
            if elapsed >= 10:
                for competency_id in competencies:
                    for role, chance in (("instructor", 0.75), ("tutor", 0.12), ("self", 0.18)):
                        if rng.random() >= chance:
                            continue
                        on = cursor + timedelta(days=rng.randint(elapsed // 2, elapsed))
                        progress = (on - start).days / span
                        self.add("assessments", {
                            "id": self.new_id("assessments"), "agreement_id": agreement["id"],
                            "competency_id": competency_id, "position_id": position_id, "assessed_on": on,
                            "rater_name": {"instructor": instructor_name, "tutor": tutor_name,
                                           "self": own_name}[role],
                            "rater_role": role, "level": self.level(scale, progress),
                            "evidence_kind": rng.choice(("product", "process", "account")),
                            "recognised": False,
                            "comment": rng.choice(W.ASSESSMENT_COMMENTS) if rng.random() < 0.3 else None},
                            "assessments")
                        # (two draws that once gave the rating's time of day: the same seed keeps its data)
                        rng.randint(8, 17), rng.randint(0, 59)
                if rng.random() < 0.35 and cursor + timedelta(days=7) <= seen_until:
                    last_note = max(last_note, cursor + timedelta(days=rng.randint(7, elapsed)))
                    self.add("feedback_notes", {
                        "id": self.new_id("feedback_notes"), "agreement_id": agreement["id"],
                        "written_on": min(last_note, seen_until), "author": instructor_name,
                        "author_role": "instructor", "text": rng.choice(W.FEEDBACK)})
            cursor = p_end + timedelta(days=1)
        if agreement["status"] == "completed":
            # The final assessment: the instructor rates every competency of the programme before the
            # certificate (which states what the instructor's and tutor's ratings prove).
            for competency_id in catalogue:
                on = end - timedelta(days=rng.randint(3, 20))
                self.add("assessments", {
                    "id": self.new_id("assessments"), "agreement_id": agreement["id"],
                    "competency_id": competency_id, "position_id": None, "assessed_on": on,
                    "rater_name": instructor_name, "rater_role": "instructor", "level": self.level(scale, 1.0),
                    "evidence_kind": "product", "recognised": False, "comment": None}, "assessments")

    def logbook(self, agreement: dict[str, Any], since: date) -> None:
        """An electronic record of learning for an agreement in force: its weeks from the office's day (or its
        start) to last week, most countersigned, a few waiting for review, returned or missing (the latest ones
        more often, as an office's are), with each day's attendance (its first week due is kept once they are
        written, logbook_since.refresh_due)."""
        rng, today = self.rng, self.today
        agreement["training_record_form"] = "electronic"
        start, last = agreement["start_date"], min(agreement["end_date"], today)
        daily = Decimal(agreement["daily_hours"])
        this_week = L.monday(today)
        weeks = [m for m in L.training_weeks(start, last) if m >= L.owed_from(start, since) and m < this_week]
        for n, monday in enumerate(weeks):
            recent = len(weeks) - n  # 1: last week
            roll = rng.random()
            if roll < (0.35 if recent <= 2 else 0.06):
                continue  # missing: not handed in (yet)
            status = "approved"
            if recent <= 3 and roll < 0.6:
                status = "submitted"
            elif roll > 0.94:
                status = "returned"
            days: list[str] = []
            for i in range(5):
                day = monday + timedelta(days=i)
                if day < start or day > last:
                    continue
                code = "school" if i == 4 else "present"
                chance = rng.random()
                if chance < 0.03:
                    code = "sick"
                elif chance < 0.045:
                    code = "excused" if i < 4 else "school_exc"
                elif chance < 0.055:
                    code = "unexcused" if i < 4 else "school_unexc"
                days.append(code)
                self.add("attendance_days", {"id": self.new_id("attendance_days"), "agreement_id": agreement["id"],
                                             "day": day, "presence": code, "hours": None, "note": None},
                         "attendance")
            attendance = L.Attendance.of(days)
            friday = monday + timedelta(days=L.LAST_WORKING_DAY)
            self.add("logbook_weeks", {
                "id": self.new_id("logbook_weeks"), "agreement_id": agreement["id"], "week_start": monday,
                "status": status, "activities": rng.choice(W.WEEK_ACTIVITIES),
                "school_topics": rng.choice(W.SCHOOL_TOPICS) if attendance.in_class("school", "present") else None,
                "hours": daily * attendance.in_class("company", "present"),
                "school_hours": daily * attendance.in_class("school", "present"),
                "review_note": rng.choice(W.RETURN_NOTES) if status == "returned" else None,
                "reviewed_on": min(today, friday + timedelta(days=rng.randint(0, 6)))
                if status in ("approved", "returned") else None,
                "position_id": None}, "logbook")

    def level(self, scale: dict[str, Any], progress: float) -> int:
        if scale.get("kind") == "points":
            low, high = int(scale["min"]), int(scale["max"])
            return max(low, min(high, round(45 + 50 * progress + self.rng.gauss(0, 9))))
        values = sorted(scales.allowed_values(scale))
        index = round(progress * (len(values) - 1) + self.rng.gauss(0.3, 0.7))
        return values[max(0, min(len(values) - 1, index))]

    # -- writing ----------------------------------------------------------------------------------------

    def flush(self, names: Iterable[str]) -> None:
        """Write the gathered rows of these tables, in this order: each kind's records through the records' own
        write path (``records.insert_new``: defaults, hooks, an audit entry per record; a position written before
        that teaches more, ``records.change_other``), feedback notes through their own
        (``assessments.write_feedback_notes``)."""
        for name in names:
            rows = self.rows.get(name)
            if not rows:
                continue
            if name == "feedback_notes":
                write_feedback_notes(self.uow, rows, ids=[r["id"] for r in rows])
            elif name == "position_competencies":
                # What positions written earlier (into_existing) teach more: each changed as a person changes a
                # position's competencies (records' own change, audited).
                more: dict[int, set[int]] = defaultdict(set)
                for row in rows:
                    more[row["position_id"]].add(row["competency_id"])
                for position_id, added in sorted(more.items()):
                    position = self.session.get(LearningPosition, position_id)
                    assert position is not None  # read when the generator began
                    records.change_other(self.uow, "positions", position_id,
                                         {"competency_ids": sorted({*position.competency_ids, *added})})
            else:
                kind = self.kinds[name]
                if kind.name in _DRAWN_UP:  # drawn up as a draft, as a person creates one; its life cycle later
                    rows = [row | _DRAWN_UP[kind.name] for row in rows]
                for start in range(0, len(rows), records.INSERT_BATCH):
                    batch = rows[start:start + records.INSERT_BATCH]
                    records.insert_new(self.uow, kind, batch, ids=[r["id"] for r in batch])
            if name == "learning_positions":
                self.position_rows.clear()
            if name == "programmes":
                for programme_id, scale in self.scales.items():
                    change_scale(self.uow, programme_id, scale)
            self.rows[name] = []


def _cumulative(weights: Iterable[int]) -> Iterable[int]:
    total = 0
    for w in weights:
        total += w
        yield total


def _mail_part(name: str) -> str:
    return ".".join(fold(name).replace("'", "").split())[:40] or "persona"


def _weighted(rng: random.Random, pairs: Sequence[tuple[Any, int]]) -> Any:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


#: Who signs the demo office's documents for the chamber (settings ``chamber_signatory``, ``…_title``).
DEMO_SIGNATORY = {"chamber_signatory": "Lic. Andrea Vogel Ramírez",
                  "chamber_signatory_title": "Coordinadora de Formación Dual"}


def refuse_unless_empty(db: Database) -> None:
    """Demonstration data is written only into a database without records of an office."""
    with reading(db) as session:
        held = any(session.scalar(select(model.id).limit(1)) is not None
                   for model in (Apprentice, Company, School, Programme, LearningAgreement))
    if held:
        raise RuleViolation([error("database", _(
            "{location} already holds records, so no demonstration data was added. Try the demonstration in a "
            "new file: vetdesk demo --db demo.sqlite3").format(location=db.display_location), "demo.not_empty")])


def summary_words(counts: dict[str, int]) -> str:
    """What :func:`fill_demo` wrote, in the user's words ("3 programmes, 40 competencies, …"), never its tables'
    names; a count this function does not know is left out rather than said by its key."""
    def words(key: str, n: int) -> str | None:
        said = {
            "programmes": ngettext("{n} programme", "{n} programmes", n),
            "competencies": ngettext("{n} competency", "{n} competencies", n),
            "schools": ngettext("{n} school", "{n} schools", n),
            "tutors": ngettext("{n} academic tutor", "{n} academic tutors", n),
            "companies": ngettext("{n} company", "{n} companies", n),
            "rotation_plans": ngettext("{n} rotation plan", "{n} rotation plans", n),
            "learning_positions": ngettext("{n} learning position", "{n} learning positions", n),
            "instructors": ngettext("{n} instructor", "{n} instructors", n),
            "collaborations": ngettext("{n} collaboration agreement", "{n} collaboration agreements", n),
            "apprentices": ngettext("{n} apprentice", "{n} apprentices", n),
            "agreements": ngettext("{n} learning agreement", "{n} learning agreements", n),
            "position_periods": ngettext("{n} period at a learning position", "{n} periods at learning positions",
                                         n),
            "assessments": ngettext("{n} assessment", "{n} assessments", n),
            "feedback_notes": ngettext("{n} feedback note", "{n} feedback notes", n),
            "logbook_weeks": ngettext("{n} weekly report", "{n} weekly reports", n),
            "attendance_days": ngettext("{n} day of attendance", "{n} days of attendance", n),
        }.get(key)
        return said.format(n=n) if said is not None else None

    return ", ".join(filter(None, (words(key, n) for key, n in counts.items())))


def fill_demo(db: Database, *, apprentices: int = 300, seed: int = 1, into_existing: bool = False,
              today: date | None = None) -> dict[str, int]:
    """Add ``apprentices`` synthetic apprentices with everything around them; return counts per kind.

    Demonstration data goes into an empty database: an office's records never get invented neighbours. With
    ``into_existing`` (benchmarks, tests) existing data stays: identifiers never clash, programmes that
    already exist (by code) are reused.
    """
    problem = number_problem("apprentices", _("Number of apprentices"), apprentices,
                             minimum=DEMO_APPRENTICES[0], maximum=DEMO_APPRENTICES[1])
    if problem is not None:
        raise RuleViolation([problem])
    if not into_existing:
        refuse_unless_empty(db)
    today = today or date.today()
    with unit_of_work(db, _("Fill demonstration data")) as uow:
        gen = _Generator(uow, seed=seed, today=today)
        if not into_existing:  # the demo office names who signs for the chamber, as a real one must
            import json

            from vetdesk.storage.models import Setting

            for key, value in DEMO_SIGNATORY.items():
                if uow.session.get(Setting, key) is None:
                    uow.session.add(Setting(key=key, value=json.dumps(value)))
        rng = gen.rng
        flawed = max(2, apprentices // 1000) if apprentices >= 20 else 0
        programmes = gen.programmes()
        schools_by_state = gen.schools(max(5, apprentices // 120))
        all_schools = [s for group in schools_by_state.values() for s in group]
        companies, plans = gen.companies(max(8, apprentices // 40), programmes, min(1, flawed))
        gen.flush(("programmes", "competencies", "schools", "academic_tutors", "companies", "learning_positions",
                   "position_competencies", "rotation_plans"))

        minors_without_guardian = expiring = flawed
        agreements: list[tuple[dict[str, Any], _PlanInfo, _ProgrammeInfo, tuple[str, str | None, str]]] = []
        made = 0
        while made < apprentices:
            # The first few cycle through every status, so even a small demo shows them all.
            status = STATUS_WEIGHTS[made][0] if made < len(STATUS_WEIGHTS) else _weighted(rng, STATUS_WEIGHTS)
            company = rng.choice(companies)
            code = rng.choice(company.programmes)
            programme, plan = programmes[code], plans[(company.id, code)]
            months = programme.months
            if months >= 36 and rng.random() < 0.25:
                months = SHORTER_MONTHS  # two years in the company within a three-year career, with their plan
                plan = plans[(company.id, f"{code}/{months}")]
            start, end, terminated = gen.dates_for(status, months)
            age = _weighted(rng, AGE_WEIGHTS)
            nearby = schools_by_state.get(company.state[0]) or all_schools
            school = rng.choice(nearby) if rng.random() < 0.95 else None
            birth_state = company.state if rng.random() < 0.8 else gen.state()
            # Only a draft lacks its minor's guardian, as an office's data can while an agreement is being
            # prepared: an agreement printed, signed or in force passed the rules printing for signature applies
            # (a demo agreement in force without one refused every change and every print).
            flaw_guardian = minors_without_guardian > 0 and age < 18 and status == "draft"
            app = gen.apprentice(start, age, birth_state[2], school[0] if school else None,
                                 omit_guardian=flaw_guardian)
            if not app:
                continue
            if flaw_guardian:
                minors_without_guardian -= 1
            gen.add("apprentices", app, "apprentices")
            made += 1
            flaw_expiry = expiring > 0 and status == "active" and not flaw_guardian
            if flaw_expiry:
                expiring -= 1
            own_name = f"{app['given_names']} {app['first_surname']}"
            ag = gen.agreement(apprentice=app, company=company, programme=programme, plan=plan,
                               school=school, status=status, start=start, end=end, terminated=terminated,
                               expiring=flaw_expiry)
            tutor_name = next((t[1] for t in school[1] if t[0] == ag["tutor_id"]), None) if school else None
            instructor_name = next(e[1] for e in company.instructors if e[0] == ag["instructor_id"])
            agreements.append((ag, plan, programme, (instructor_name, tutor_name, own_name)))
            if status == "terminated" and rng.random() < 0.5:
                # A second placement after the first one ended early.
                assert terminated is not None
                second = terminated + timedelta(days=rng.randint(30, 150))
                months2 = programme.months
                end2 = add_months(second, months2) - timedelta(days=1)
                if second > today:
                    status2 = rng.choice(("draft", "printed"))
                elif end2 >= today:
                    status2 = "active"
                else:
                    status2 = "completed"
                plan2 = plans[(company.id, code)]  # over the programme's whole term, as the second placement is
                ag2 = gen.agreement(apprentice=app, company=company, programme=programme, plan=plan2,
                                    school=school, status=status2, start=second, end=end2, terminated=None,
                                    expiring=False)
                instructor_name = next(e[1] for e in company.instructors if e[0] == ag2["instructor_id"])
                agreements.append((ag2, plan2, programme, (instructor_name, tutor_name, own_name)))
        first_start: dict[tuple[int, int], date] = {}
        for ag, _plan, _programme, _raters in agreements:
            if ag["school_id"] is not None:
                pair = (ag["school_id"], ag["company_id"])
                first_start[pair] = min(first_start.get(pair, ag["start_date"]), ag["start_date"])
        for (school_id, company_id), since in sorted(first_start.items()):
            gen.collaboration(school_id, company_id, None, since)
        # The office keeps weekly reports in vetdesk since some weeks ago (unless it says otherwise already): the
        # agreements in force begun most recently before that day keep theirs electronically, with every week since
        # and its attendance (the most recently begun of all had begun only days ago: a large demo's 24 gave four
        # weeks, and the dashboard's weekly reports to review stayed empty); a small demo tops them up with
        # agreements begun since.
        since = gen.logbook_since(L.monday(today) - timedelta(weeks=LOGBOOK_WEEKS))
        in_force = sorted((ag for ag, _plan, _programme, _raters in agreements
                           if ag["status"] == "active" and ag["start_date"] < L.monday(today)),
                          key=lambda ag: (ag["start_date"] <= since, ag["start_date"], ag["id"]), reverse=True)
        for ag in in_force[:LOGBOOK_AGREEMENTS]:
            gen.logbook(ag, since)
        gen.flush(("instructors", "apprentices", "collaboration_agreements", "learning_agreements"))
        life_cycles(uow, [(ag, programme.templates) for ag, _plan, programme, _raters in agreements],
                    gen.collaboration_rows)
        gen.flush(("logbook_weeks", "attendance_days"))
        from vetdesk.services.logbook_since import refresh_due

        refresh_due(uow.session, [ag["id"] for ag in in_force[:LOGBOOK_AGREEMENTS]])

        for ag, plan, programme, raters in agreements:
            if ag["status"] in ("active", "completed", "terminated") and ag["start_date"] <= today:
                gen.training_history(ag, plan, programme.scale, raters,
                                     list(programme.competency_ids.values()))
            if len(gen.rows["assessments"]) >= 4 * BATCH:
                gen.flush(("position_periods", "assessments", "feedback_notes"))
        gen.flush(("position_periods", "assessments", "feedback_notes"))

        if not db.is_sqlite:  # the ids were given: each table's numbering goes on after them
            for table in (m.__table__ for m in _TABLES):  # type: ignore[attr-defined]
                if "id" in table.c:
                    uow.session.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"(SELECT max(id) FROM {table.name}))"))
        counts = {
            "programmes": gen.counts["programmes"], "competencies": gen.counts["competencies"],
            "schools": gen.counts["schools"], "tutors": gen.counts["academic_tutors"],
            "companies": gen.counts["companies"], "rotation_plans": gen.counts["rotation_plans"],
            "learning_positions": gen.counts["learning_positions"], "instructors": gen.counts["instructors"],
            "collaborations": gen.counts["collaboration_agreements"],
            "apprentices": gen.counts["apprentices"], "agreements": gen.counts["learning_agreements"],
            "position_periods": gen.counts["position_periods"], "assessments": gen.counts["assessments"],
            "feedback_notes": gen.counts["feedback_notes"], "logbook_weeks": gen.counts["logbook_weeks"],
            "attendance_days": gen.counts["attendance_days"],
        }
        uow.audit(kind="demo", record_id=None, action="create", after={"seed": seed, **counts})
    if not db.is_sqlite:
        # A bulk load leaves PostgreSQL without statistics, and the assessments' triggers (migration 0006) an
        # old version of each agreement they dated: tidy up now, as autovacuum would within the day.
        with db.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
    return counts


def layout_of(programme_templates: str, has_school: bool) -> str:
    """The layout a demo agreement goes out in: its programme's; the AHK contract when no school is party to it
    (the Mexican agreement is made with a school: domain.contract refuses it without one)."""
    return programme_templates if has_school or programme_templates == "bbig" else "bbig"


#: What a record with a life cycle holds when it is drawn up (a draft, nothing printed, signed or begun), by kind:
#: the demonstration writes it so, then takes it through the steps its final values record (:func:`life_cycles`).
_DRAWN_UP: dict[str, dict[str, Any]] = {
    "agreements": {"status": "draft", **dict.fromkeys(
        ("printed_on", *SIGNATURE_FIELDS, *GUARDIAN_SIGNATURES, "activated_on", "completed_on", "terminated_on",
         "termination_reason"))},
    "collaborations": {"status": "draft", **dict.fromkeys(
        ("printed_on", "school_signed_on", "company_signed_on", "chamber_signed_on", "activated_on", "ended_on",
         "end_reason", "printed_clauses"))},
}
#: A learning agreement's steps after printing, in the order it takes them: the status reached, the fields the
#: step records (``vetdesk sign`` records the signatures, ``kinds._apply_status_dates`` the other dates), and the
#: statuses that took it (an agreement active, completed or terminated was signed and started first).
_STEPS = (("signed", (*SIGNATURE_FIELDS, *GUARDIAN_SIGNATURES), {"signed", "active", "completed", "terminated"}),
          ("active", ("activated_on",), {"active", "completed", "terminated"}),
          ("completed", ("completed_on",), {"completed"}),
          ("terminated", ("terminated_on", "termination_reason"), {"terminated"}))
#: A collaboration agreement's, likewise.
_COLLABORATION_STEPS = (("signed", ("school_signed_on", "company_signed_on", "chamber_signed_on"),
                         {"signed", "active", "ended"}),
                        ("active", ("activated_on",), {"active", "ended"}),
                        ("ended", ("ended_on", "end_reason"), {"ended"}))


def life_cycles(uow: Any, agreements: Sequence[tuple[dict[str, Any], str]],
                collaborations: Sequence[dict[str, Any]]) -> None:
    """Take each demonstration agreement, written as a draft, through the steps of its life cycle that its
    values record, on the days they record, as the office's own operations take one: printed for signature
    (the status change, with what goes out kept as printed, and the printing's entry with its layout, language
    and text, as ``records.print_for_signature`` writes them: an agreement without a school went out as the AHK
    contract, which ``agreement_sheet.printed_layout`` reads), signed by every party (``records.record_signatures``),
    then started, completed or terminated (the life-cycle steps of ``records.update``), each under the name its
    operation has (the kind's ``status_labels``). Each step is written as every change is
    (``records.change_other``: the kind's hooks, the version, the audit entry); its rules are not asked again,
    the demonstration's values being made to pass them, and the steps are sent to the database together. The
    school–company collaboration agreements likewise (``training.print_collaborations_for_signature``,
    signatures, in force)."""
    with uow.session.no_autoflush:
        _life_cycles(uow, agreements, collaborations)
        uow.session.flush()


def _life_cycles(uow: Any, agreements: Sequence[tuple[dict[str, Any], str]],
                 collaborations: Sequence[dict[str, Any]]) -> None:
    """Each collaboration and learning agreement's steps (:func:`life_cycles`)."""
    from vetdesk.services import clauses
    from vetdesk.services.agreement_sheet import print_label, printing_entry
    from vetdesk.storage.plain import SessionReads

    session, label = uow.session, uow.label
    reads = SessionReads(session)
    k = records.kind("collaborations")
    went_out = [c for c in collaborations if c["printed_on"] is not None]
    held = _load(session, CollaborationAgreement, [c["id"] for c in went_out])
    for row in went_out:
        uow.label = _(k.status_labels["printed"])
        records.change_other(uow, k.name, row["id"], {"status": "printed", "printed_on": row["printed_on"]},
                             today=row["printed_on"], flush=False)
        obj = session.get(CollaborationAgreement, row["id"])
        text = clauses.kept_or_current(reads, "collaboration", clauses.language_of("es"), obj.printed_clauses)
        uow.audit(kind=k.name, record_id=row["id"], action="print",
                  after={"printed_on": row["printed_on"], "language": "es", "text_version": text.label})
        _steps(uow, k, row, _COLLABORATION_STEPS)
    k = records.kind("agreements")
    went_out_agreements = [(ag, templates) for ag, templates in agreements if ag["printed_on"] is not None]
    # What printing keeps of each (its plan's positions with their competencies, its programme's catalogue, its
    # apprentice's guardians: kinds._agreement_changed), read once for all of them and held while they are
    # printed (the session holds unchanged records only as long as someone else does).
    held = [*session.scalars(select(RotationPlan).options(selectinload(RotationPlan.plan_steps).selectinload(
        RotationStep.position).selectinload(LearningPosition.competencies))),
        *session.scalars(select(Programme).options(selectinload(Programme.competencies))),
        *_load(session, LearningAgreement, [ag["id"] for ag, _t in went_out_agreements],
               selectinload(LearningAgreement.apprentice))]
    for ag, templates in went_out_agreements:
        uow.label = print_label()  # printed for signature: the status changes, and the printing is recorded
        records.change_other(uow, k.name, ag["id"], {"status": "printed", "printed_on": ag["printed_on"]},
                             today=ag["printed_on"], flush=False)
        obj = session.get(LearningAgreement, ag["id"])
        text = clauses.kept_or_current(reads, "agreement", clauses.language_of("es"),
                                       (obj.printed_annex or {}).get("clauses"))
        uow.label = print_label(obj.status)
        uow.audit(kind=k.name, record_id=ag["id"], action="print", after=printing_entry(
            ag["printed_on"], layout_of(templates, ag["school_id"] is not None), templates, text))
        _steps(uow, k, ag, _STEPS)
    uow.label = label
    held.clear()


def _steps(uow: Any, k: Any, row: dict[str, Any],
           steps: Sequence[tuple[str, tuple[str, ...], set[str]]]) -> None:
    """The steps after printing a record's final values record, each on the last day it records."""
    for status, fields, past in steps:
        if row["status"] not in past:
            continue
        values = {n: row[n] for n in fields if row.get(n) is not None}
        days = [v for v in values.values() if isinstance(v, date)]
        uow.label = _(k.status_labels[status])
        records.change_other(uow, k.name, row["id"], {"status": status, **values},
                             today=max(days) if days else None, flush=False)


def _load(session: Session, model: Any, ids: Sequence[int], *options: Any) -> list[Any]:
    """Read these records into the session at once (each step then finds its record without a query, while the
    list returned holds them)."""
    return [obj for start in range(0, len(ids), 500) for obj in session.scalars(
        select(model).where(model.id.in_(ids[start:start + 500])).options(*options))]
