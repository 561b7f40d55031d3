"""The weekly-report exchange file: a workbook for an instructor (or a company) who does not work on the office's
database, and taking it back.

The office writes one XLSX workbook for one instructor or company: a row per open week of each of their
apprentices' active agreements. The instructor fills in only the unlocked (yellow) cells — the attendance of
each day from drop-down lists, the hours, what the apprentice did and learnt, the topics at school, a decision
(approve, comment, return for correction) and a note — and sends it back. Everything else is locked, and the
office signs it: the workbook carries an Ed25519 signature (the office's key, ``services.signing``) of a digest
of whom it is for and every locked cell, and the office keeps what each row held when it was written
(``LogbookExchange``). A second sheet holds the ratings: for each apprentice, the competencies of their current
learning position with the latest rating when written, and an open level cell offering the programme's scale as a
drop-down; the signature covers its locked cells as well. A third sheet, visible and read-only, lists the
competency codes each learning position of each agreement takes (the instructor writes them in the week's row),
and the hidden marker sheet names the export; the signature covers every cell of both (layout 4; files of layout
3, written before the codes' sheet, are taken as they were signed).

Taking it back checks the file before anything else — a file from elsewhere, a signature that does not match
(a locked cell was changed, a row added or moved) is refused with the cells that differ — then reads each row:
a value out of range or a text too long names its row. Each row is compared three ways, field by field:
what the file held when written, what the instructor wrote, what the office holds now. What only the instructor
changed is written; what the office changed meanwhile on the same row is a conflict, reported and not
overwritten unless the officer takes the file's row. A level the instructor changed is written through the
assessment operation as their rating; a rating recorded at the office since the export is a conflict in the same
way. Formulas in editable cells are refused (they arrive without a value). Everything lands in one unit of work,
or nothing does; each report's change and rating is audited as made by its instructor. A file taken back twice
writes nothing the second time.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, or_, select

from vetdesk import i18n
from vetdesk.domain import bounds, scales
from vetdesk.domain import logbook as L
from vetdesk.domain.identifiers import apprentice_role
from vetdesk.domain.problems import Problem, RuleViolation, error
from vetdesk.i18n import N_, _, ngettext
from vetdesk.services import fields as F
from vetdesk.services import logbook, records, signing
from vetdesk.services.logbook_kinds import ATTENDANCE_FIELDS, WEEK_FIELDS, training_days
from vetdesk.services.logbook_since import kept_since_in
from vetdesk.services.uow import SYSTEM, Actor, UnitOfWork, acting, authorize, reading, unit_of_work, utcnow
from vetdesk.storage.engine import Database
from vetdesk.storage.models import (
    Assessment,
    AttendanceDay,
    Company,
    Competency,
    Instructor,
    LearningAgreement,
    LearningPosition,
    LogbookExchange,
    LogbookWeek,
    User,
)

FORMAT = "vetdesk-logbook-4"
#: The layout before the codes' sheet: the same cells, its signature covering neither the marker's list of codes
#: nor a codes' sheet (it has none). Still taken back and opened, as it was signed.
FORMAT_3 = "vetdesk-logbook-3"
#: Files of earlier layouts (1: no hours at school; 2: no learning position or competencies practised): refused
#: with a word of their own.
OLD_FORMATS = ("vetdesk-logbook-1", "vetdesk-logbook-2")
#: The hidden sheet that names the export and carries the signature.
MARKER_SHEET = "vetdesk"
#: The marker's rows: the format, the export's token, the office's key id, the signature, the office's public key
#: (base64) and whom the file is for (JSON).
MARKER_FORMAT, MARKER_TOKEN, MARKER_KEY, MARKER_SIGNATURE, MARKER_PUBLIC, MARKER_SCOPE = range(1, 7)
#: Each agreement's hours a day (JSON: reference -> hours, null when the agreement does not say), for instructor
#: mode to warn of hours beyond the attendance as the office's form does (files written before it: not said).
MARKER_DAY_HOURS = 7
#: From this row on, the marker lists the codes each position of each agreement takes: reference, the position as
#: the drop-down names it ("" for none), the codes separated by commas.
MARKER_CODES = 8
HEADER_ROW = 4
FIRST_ROW = HEADER_ROW + 1
#: Locked columns: the row's key, the agreement, the apprentice, the week, the report's status at writing.
LOCKED = 6
DAY_COLUMNS = tuple(range(LOCKED, LOCKED + L.WORKDAYS))
HOURS, SCHOOL_HOURS, ACTIVITIES, SCHOOL, DECISION, NOTE, POSITION, PRACTISED = range(
    LOCKED + L.WORKDAYS, LOCKED + L.WORKDAYS + 8)
COLUMNS = PRACTISED + 1
#: The longest list of competency codes a cell may hold (longer: refused, not cut).
PRACTISED_LENGTH = 2000
#: A day outside the agreement's training: locked, shown as this.
CLOSED = "—"
#: The text fields of a row (the week's fields of the same name).
TEXTS = {ACTIVITIES: "activities", SCHOOL: "school_topics", NOTE: "review_note"}
#: The week's learning: its position (as the drop-down names it) and the codes of its competencies practised.
LEARNING = {POSITION: "position", PRACTISED: "practised"}

#: The ratings sheet: a row per competency of each apprentice's current learning position. Locked: the row's key,
#: the agreement, the apprentice, the position, the competency's code and title, the latest rating when written;
#: open: the level (a drop-down of the programme's scale).
R_KEY, R_REFERENCE, R_APPRENTICE, R_POSITION, R_CODE, R_COMPETENCY, R_LATEST, R_LEVEL, R_COMMENT = range(9)
R_LOCKED = R_LEVEL
R_COLUMNS = R_COMMENT + 1

#: The codes' sheet (visible, locked, read-only): a row per competency code each learning position of each
#: agreement takes — the agreement, the apprentice, the position, the code, the competency — so that an instructor
#: in a spreadsheet program sees which codes to write. Every cell of it, and of the hidden marker sheet, is signed.
C_REFERENCE, C_APPRENTICE, C_POSITION, C_CODE, C_COMPETENCY = range(5)
C_COLUMNS = C_COMPETENCY + 1

_DECISION = F.Field("decision", "choice", N_("Decision"), choices=tuple(
    (r.value, label) for r, label in L.REVIEW_LABELS.items()))
_WEEK = {f.name: f for f in WEEK_FIELDS}
_PRESENCE = next(f for f in ATTENDANCE_FIELDS if f.name == "presence")
_COMMENT = F.Field("comment", "text", N_("Comment on the rating"), max_length=bounds.LONG_TEXT, multiline=True)


class ExchangeRefused(RuleViolation):
    """The file is not taken (nothing written): it is not this office's, its locked cells changed, or rows hold
    values that cannot be stored. ``report`` holds the rows read so far."""

    def __init__(self, problems: list[Problem], report: ExchangeReport | None = None) -> None:
        super().__init__(problems)
        self.report = report


def _refuse(message: str, code: str) -> ExchangeRefused:
    return ExchangeRefused([error("file", message, code)])


# -- writing the workbook ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Scope:
    """Whom a workbook is for: one instructor, or one company (all its instructors' apprentices)."""

    kind: str  # instructor or company
    id: int
    name: str

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "name": self.name}


def _scope(session: Any, *, instructor_id: int | None, company_id: int | None) -> tuple[Scope, list[LearningAgreement]]:
    if (instructor_id is None) == (company_id is None):
        raise _refuse(_("Name one instructor or one company the file is for."), "exchange.scope")
    active = select(LearningAgreement).where(LearningAgreement.status == "active",
                                             LearningAgreement.instructor_id.is_not(None))
    if instructor_id is not None:
        instructor = session.get(Instructor, instructor_id)
        if instructor is None:
            raise _refuse(_("There is no instructor with id {id}. Check the number (vetdesk list instructors).")
                          .format(id=instructor_id), "ref.missing")
        agreements = session.scalars(active.where(LearningAgreement.instructor_id == instructor_id)
                                     .order_by(LearningAgreement.id))
        return Scope("instructor", instructor.id, instructor.name), list(agreements)
    company = session.get(Company, company_id)
    if company is None:
        raise _refuse(_("There is no company with id {id}. Check the number (vetdesk list companies).")
                      .format(id=company_id), "ref.missing")
    agreements = session.scalars(active.where(LearningAgreement.company_id == company_id)
                                 .order_by(LearningAgreement.id))
    return Scope("company", company.id, company.name), list(agreements)


def _hours(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(Decimal("0.01")))


def _state(session: Any, agreement_id: int, monday: date) -> dict[str, Any]:
    """What the office holds for one week: the report's fields and status, and each day's attendance."""
    w = session.scalars(select(LogbookWeek).where(LogbookWeek.agreement_id == agreement_id,
                                                  LogbookWeek.week_start == monday)).first()
    recorded = session.execute(select(AttendanceDay.day, AttendanceDay.presence, AttendanceDay.note).where(
        AttendanceDay.agreement_id == agreement_id, AttendanceDay.day >= monday,
        AttendanceDay.day <= L.week_end(monday))).all()
    days = {d: presence for d, presence, _note in recorded}
    notes = {d: note for d, _presence, note in recorded if note}
    position, practised = None, None
    if w is not None:
        if w.position_id is not None:
            position = _position_label(session, w.agreement, w.position_id)
        practised = ", ".join(c.code for c in sorted(w.competencies, key=lambda c: (c.position, c.id))) or None
    return {"status": w.status if w else None, "hours": _hours(w.hours) if w else None,
            "school_hours": _hours(w.school_hours) if w else None,
            "activities": w.activities if w else None, "school_topics": w.school_topics if w else None,
            "review_note": w.review_note if w else None, "position": position, "practised": practised,
            "attendance": [days.get(monday + timedelta(days=i)) for i in range(L.WORKDAYS)],
            # Stored in the export's JSON content: the day as ISO text, like the week's own key.
            "reviewed_on": w.reviewed_on.isoformat() if w is not None and w.reviewed_on is not None else None,
            "day_notes": [notes.get(monday + timedelta(days=i)) for i in range(L.WORKDAYS)]}


#: What a spreadsheet program holds of a data validation (Excel refuses, or cuts, longer ones): its error's and
#: prompt's message, and their titles (``tests/logbook/test_validation_texts.py`` checks every language's).
DV_MESSAGE = 255
DV_TITLE = 32


def _hours_limit(session: Any, agreement: LearningAgreement, monday: date,
                 t: i18n.Translator) -> dict[str, str] | None:
    """A minor's week: the most hours at the company the weekly hours rule allows, and its refusal in the file's
    language (the cell's data validation, which instructor mode applies too); None for an adult's week."""
    from vetdesk.domain.working_time import minor_week_problem
    from vetdesk.services.logbook_kinds import minor_week_limit_of

    before = i18n.current().locale
    i18n.set_language(t.locale)  # the rule's words in the workbook's language
    try:
        limit = minor_week_limit_of(session, agreement, monday)
        problem = minor_week_problem(limit, monday, None, agreement.apprentice.sex or "") if limit is not None \
            else None
        message = problem.message if problem is not None else ""
        if limit is not None and len(message) > DV_MESSAGE:
            # A spreadsheet's error message holds 255 characters (the German rule's words did not fit and were cut
            # in mid-word): the week's limit without naming the law; the import says the rule whole.
            most, _by, age = limit
            message = _("{apprentice} is {age} in the week of {week}: at most {max} hours at the company are "
                        "allowed. Enter {max} or fewer.").format(
                apprentice=apprentice_role(agreement.apprentice.sex or ""), age=age, week=i18n.shown_day(monday),
                max=f"{most.normalize():f}")
    finally:
        i18n.set_language(before)
    if limit is None or problem is None:
        return None
    return {"most": str(limit[0]), "message": message}


def _positions(session: Any, agreement: LearningAgreement) -> list[tuple[str, int]]:
    """The agreement's plan positions as the drop-down offers them ("2. Torno", on one line)."""
    from vetdesk.services.logbook_kinds import plan_positions

    ids = plan_positions(session, agreement)
    names = dict(session.execute(select(LearningPosition.id, LearningPosition.name)
                                 .where(LearningPosition.id.in_(ids))).all()) if ids else {}
    return [(f"{i + 1}. {' '.join(str(names.get(p, '')).split())}", p) for i, p in enumerate(ids)]


def _position_label(session: Any, agreement: LearningAgreement, position_id: int) -> str:
    found = dict((p, label) for label, p in _positions(session, agreement))
    return found.get(position_id) or str(session.scalar(select(LearningPosition.name).where(
        LearningPosition.id == position_id)) or f"#{position_id}")


def _learning(session: Any, agreement: LearningAgreement) -> dict[str, Any]:
    """What the file's position and competency cells of an agreement's rows may hold: the plan's positions, the
    programme's competency codes, and the codes a week may name at each position ("" without one) by the rule the
    report's own check applies (``logbook_kinds.practised_choices``); kept with the export to read the file back,
    and written into the file for instructor mode and the spreadsheet's prompt."""
    from vetdesk.services.logbook_kinds import practised_choices

    found = session.execute(select(Competency.code, Competency.id, Competency.title).where(
        Competency.programme_id == agreement.programme_id).order_by(Competency.position, Competency.id)).all()
    codes = {code: cid for code, cid, _title in found}
    positions = _positions(session, agreement)
    by_id = {i: c for c, i in codes.items()}
    allowed = {label: [by_id[i] for i in practised_choices(session, agreement, p) if i in by_id]
               for label, p in [("", None), *positions]}
    return {"positions": [[label, p] for label, p in positions], "codes": codes, "position_codes": allowed,
            "titles": {code: title for code, _cid, title in found}}


def practised_problem(wanted: Sequence[str], allowed: Sequence[str] | None, position: str) -> Problem | None:
    """Why the competency codes ``wanted`` cannot be a week's at ``position`` (the file's label, "" for none), given
    the codes the position takes (None: the file does not say, as files written before it did): the one rule the
    office's import, instructor mode and the spreadsheet's prompt apply, in these words."""
    if allowed is None:
        return None
    folded = {c.casefold() for c in allowed}
    strays = [w for w in wanted if w.casefold() not in folded]
    if not strays:
        return None
    shown = ", ".join(allowed[:20]) + (" …" if len(allowed) > 20 else "")
    if position:
        message = _("Competencies practised: {codes} not learnt at the learning position {position}. Write only "
                    "the codes of the week's position: {allowed}.")
    else:
        message = _("Competencies practised: {codes} not in the agreement's programme. Write only the programme's "
                    "codes: {allowed}.")
    return error("competency_ids", message.format(codes=_shown(", ".join(strays)), position=position,
                                                  allowed=shown or "—"), "exchange.practised")


#: The most a spreadsheet cell holds: a program cuts a longer text there, so a cell this long says nothing of
#: what the instructor typed (importing.reading.MAX_CELL_LENGTH).
_PROGRAM_CUT = 32_767


def too_long(name: str, label: str, limit: int) -> Problem:
    """A cell far beyond its field's limit (cut by the spreadsheet program): said with the limit the field's rule
    uses, in the user's words — not the program's own 32,767 as if it were the number of characters given."""
    return error(name, _("{label} is too long: at most {limit} characters. Shorten it.").format(
        label=label, limit=i18n.current().format_decimal(limit)), "text.length")


def split_codes(text: str) -> list[str]:
    """The competency codes a cell lists (separated by commas or semicolons, as people type them)."""
    return [w for w in (part.strip() for part in (text or "").replace(";", ",").split(",")) if w]


@dataclass(frozen=True)
class Exported:
    path: Path
    token: str
    scope: Scope
    rows: int


def export_workbook(db: Database, path: str | Path, *, instructor_id: int | None = None,
                    company_id: int | None = None, language: str | None = None, actor: Actor = SYSTEM,
                    today: date | None = None) -> Exported:
    """Write the exchange workbook for one instructor or company to ``path``: every week not yet countersigned
    of their apprentices' active agreements, up to this week. The export is recorded (and audited) so that the
    returned file can be checked and compared."""
    from vetdesk.services.outputs import check_target, write_atomically

    today = today or date.today()
    who = acting(db, actor)
    authorize(who, "import", doing=_("write a weekly-report exchange file"))
    target = check_target(path)
    t = i18n.translator(language) if language else i18n.current()
    key_id, private = signing.office_key(db, actor=who)
    token = secrets.token_hex(16)
    with unit_of_work(db, _("Write weekly-report exchange file"), who, permission="import") as uow:
        session = uow.session
        scope, agreements = _scope(session, instructor_id=instructor_id, company_id=company_id)
        rows: list[dict[str, Any]] = []
        learning = {str(a.id): _learning(session, a) for a in agreements}
        day_hours: dict[str, str | None] = {}
        for agreement in agreements:
            start, last = training_days(agreement)
            name = logbook.apprentice_name(agreement)
            day_hours[agreement.reference] = _hours(agreement.daily_hours)
            # The days of the week the agreement trains (Monday on): a five-day agreement's Saturday is closed.
            working = L.working_days(agreement.company_days, agreement.school_days)
            # The weeks from the office's day on (domain.logbook.owed_from): none from before it (kept elsewhere)
            # but those with a report in vetdesk (handed in, waiting): the day stops owing weeks, it hides none.
            # A record kept on paper keeps its rows: the file is one way of keying its weeks in, owed or not.
            owed = L.owed_from(start, kept_since_in(session))
            earlier = set(session.scalars(select(LogbookWeek.week_start).where(
                LogbookWeek.agreement_id == agreement.id, LogbookWeek.week_start < owed)))
            for monday in L.training_weeks(start, min(last, today)):
                if monday < owed and monday not in earlier:
                    continue
                state = _state(session, agreement.id, monday)
                if state["status"] == L.WeekStatus.APPROVED:
                    continue
                # Every training day of the week is open, the export week's later days too (the file is filled
                # at the week's end, and sent back after it); the import refuses a day after its own day.
                # A day beyond the agreement's working days is closed, unless the office recorded it all the same.
                days = [start <= monday + timedelta(days=i) <= last
                        and (i < working or state["attendance"][i] is not None) for i in range(L.WORKDAYS)]
                limit = _hours_limit(session, agreement, monday, t)
                rows.append({
                    "row": FIRST_ROW + len(rows), "key": f"{agreement.id}:{monday.isoformat()}",
                    "agreement_id": agreement.id, "instructor_id": agreement.instructor_id,
                    "week": monday.isoformat(), "reference": agreement.reference, "apprentice": name,
                    "status": t.gettext(L.WEEK_STATUS_LABELS[L.WeekStatus(state["status"])])
                    if state["status"] else t.gettext("not handed in"),
                    "days": days, "working_days": working, "values": state,
                    **({"hours_limit": limit} if limit else {})})
        ratings = _rating_rows(session, agreements, today, t)
        from vetdesk.services.documents import letterhead

        head = [t.gettext("Weekly reports — {office}").format(office=letterhead(session).chamber_name),
                t.gettext("For {name}; written on {date} (file {token})").format(
                    name=scope.name, date=t.format_numeric_date(today), token=token[:8]),
                t.gettext("Fill in the yellow cells only: each day's attendance, the hours, what the apprentice did "
                          "and learnt, the topics at school, your decision and a note, the learning position and "
                          "the codes of the competencies practised (separated by commas). Then send the file back "
                          "to the office.")]
        headers = _headers(t)
        sheet = t.gettext("Weekly reports")[:31]
        ratings_head = [t.gettext("Ratings — {office}").format(office=letterhead(session).chamber_name), head[1],
                        t.gettext("Choose a level in the yellow cells for what you have seen the apprentice do at "
                                  "the current learning position; leave the others as they are.")]
        rating_sheet = {"sheet": t.gettext("Ratings")[:31], "head": ratings_head, "headers": _rating_headers(t),
                        "rows": ratings}
        content = {"format": FORMAT, "scope": scope.as_dict(), "key_id": key_id, "sheet": sheet, "head": head,
                   "headers": headers, "language": t.locale, "rows": rows, "ratings": rating_sheet,
                   "learning": learning, "day_hours": day_hours}
        codes_sheet = _codes_sheet(content, letterhead(session).chamber_name, head[1], t)
        content["codes_sheet"] = codes_sheet
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        office = Ed25519PrivateKey.from_private_bytes(private)
        public = base64.b64encode(office.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw)).decode("ascii")
        digest = _digest(token, scope.as_dict(), key_id, sheet, head, headers, [_locked_of(r) for r in rows],
                         _rating_locked(rating_sheet), codes=_codes_signed(codes_sheet),
                         marker=_marker_rows(content, token, public))
        signature = base64.b64encode(office.sign(digest)).decode("ascii")
        record = LogbookExchange(token=token, instructor_id=instructor_id, company_id=company_id,
                                 created_at=utcnow(), created_by=uow.actor.username, content=content, imports=0)
        session.add(record)
        session.flush()
        uow.audit(kind="logbook_exchanges", record_id=record.id, action="create",
                  after={"scope": scope.as_dict(), "rows": len(rows), "file": target.name})
        lists: list[list[list[str]]] = []
        write_atomically(target, lambda tmp: lists.append(_write(tmp, content, token, signature, t, public)))
        # The drop-downs' choices as written on the lists sheet, kept with the export: the import compares the
        # file's sheet with them (the signature covers the cells a person sees; this sheet is the office's own).
        record.content = {**content, "lists": lists[0]}
    return Exported(target, token, scope, len(rows))


def _level_choice(scale: Mapping[str, Any], level: int, t: i18n.Translator) -> str:
    """A level as the drop-down offers it: "3 = competent" (a points scale: the number alone)."""
    if scale.get("kind") == "points":
        return str(level)
    word = next((lv["label"] for lv in scale["levels"] if int(lv["value"]) == level), "")
    return f"{level} = {t.gettext(word)}" if word else str(level)


def _level_choices(scale: Mapping[str, Any], t: i18n.Translator) -> list[str]:
    return [_level_choice(scale, v, t) for v in scales.allowed_values(dict(scale))]


def _latest_proving(session: Any, agreement_id: int, competency_ids: Sequence[int]) -> dict[int, tuple[int, Any]]:
    """Per competency: the id and row of its newest proving rating (the instructor's or tutor's, or a
    recognition; a self-assessment never supersedes one), as every progress figure takes it."""
    from vetdesk.domain import progress as P

    found = session.execute(select(Assessment.id, Assessment.competency_id, Assessment.assessed_on, Assessment.level,
                                   Assessment.recognised, Assessment.rater_role).where(
        Assessment.agreement_id == agreement_id, Assessment.competency_id.in_(list(competency_ids)))).all()
    ratings = [P.Rating(r.id, r.competency_id, r.assessed_on, r.level, bool(r.recognised),
                        r.rater_role or "instructor") for r in found]
    return {cid: (r.id, r) for cid, r in P.latest_ratings(ratings).items()}


def _newest_id(session: Any, agreement_id: int, competency_id: int) -> int | None:
    """The newest rating of a competency for an agreement other than a self-assessment: a rating recorded after
    the export makes the file's level a conflict."""
    return session.scalar(select(func.max(Assessment.id)).where(
        Assessment.agreement_id == agreement_id, Assessment.competency_id == competency_id,
        or_(Assessment.rater_role.is_(None), Assessment.rater_role != "self")))


def _rating_rows(session: Any, agreements: Sequence[LearningAgreement], today: date,
                 t: i18n.Translator) -> list[dict[str, Any]]:
    """A row per competency of each agreement's current learning position; an agreement without a rotation plan
    has its programme's competencies, with no position."""
    from vetdesk.services.training_rules import current_position, position_competencies_in, rotation_of

    rows: list[dict[str, Any]] = []
    for agreement in agreements:
        rotation = rotation_of(agreement)
        scale = dict(agreement.programme.scale or scales.FOUR_LEVELS)
        if rotation:
            position = current_position(rotation, today)
            position_id, position_name = position.position_id, position.name
            competencies = position_competencies_in(session, agreement.programme_id, position.position_id)
        else:
            position_id, position_name = None, ""
            competencies = list(session.scalars(select(Competency).where(
                Competency.programme_id == agreement.programme_id, Competency.retired_on.is_(None))
                .order_by(Competency.position, Competency.id)))
        latest = _latest_proving(session, agreement.id, [c.id for c in competencies])
        name = logbook.apprentice_name(agreement)
        for c in competencies:
            found = latest.get(c.id)
            rating = found[1] if found else None
            if rating is None:
                shown = "—"
            elif rating.recognised:
                shown = t.gettext("recognised ({date})").format(date=t.format_numeric_date(rating.on))
            else:
                shown = f"{_level_choice(scale, rating.level, t)} ({t.format_numeric_date(rating.on)})"
            level = rating.level if rating is not None and not rating.recognised else None
            rows.append({"row": FIRST_ROW + len(rows), "key": f"{agreement.id}:{c.id}", "agreement_id": agreement.id,
                         "instructor_id": agreement.instructor_id, "position_id": position_id,
                         "competency_id": c.id, "reference": agreement.reference, "apprentice": name,
                         "position": position_name, "code": c.code, "title": c.title, "latest": shown,
                         "level": level, "seen": _newest_id(session, agreement.id, c.id), "scale": scale,
                         "choice": _level_choice(scale, level, t) if level is not None else None})
    return rows


def _rating_headers(t: i18n.Translator) -> list[str]:
    return [t.gettext("Row key"), t.gettext("Agreement"), t.gettext("Apprentice"), t.gettext("Learning position"),
            t.gettext("Code"), t.gettext("Competency"), t.gettext("Latest rating when written"), t.gettext("Level"),
            t.gettext("Comment on the rating")]


def _rating_cells(row: Mapping[str, Any]) -> list[Any]:
    """A rating row's locked cells as written."""
    return [row["key"], row["reference"], row["apprentice"], row["position"], row["code"], row["title"],
            row["latest"]]


def _rating_locked(sheet: Mapping[str, Any]) -> dict[str, Any]:
    """What the digest covers of the ratings sheet."""
    return {"sheet": sheet["sheet"], "head": list(sheet["head"]), "headers": list(sheet["headers"]),
            "rows": [[r["row"], *(_plain(c) for c in _rating_cells(r))] for r in sheet["rows"]]}  # "" as read


def _headers(t: i18n.Translator) -> list[str]:
    return [t.gettext("Row key"), t.gettext("Agreement"), t.gettext("Apprentice"), t.gettext("Week from"),
            t.gettext("Week to"), t.gettext("Status when written"), *(t.gettext(d) for d in L.DAY_SHORT),
            t.gettext(_WEEK["hours"].label), t.gettext(_WEEK["school_hours"].label),
            t.gettext(_WEEK["activities"].label),
            t.gettext(_WEEK["school_topics"].label), t.gettext(_DECISION.label), t.gettext(_WEEK["review_note"].label),
            t.gettext(_WEEK["position_id"].label), t.gettext("Competencies practised (codes)")]


def _locked_of(row: Mapping[str, Any]) -> list[Any]:
    """The locked cells of a row as written (and as the digest covers them)."""
    monday = date.fromisoformat(row["week"])
    return [row["row"], row["key"], row["reference"], row["apprentice"], monday.isoformat(),
            L.week_end(monday).isoformat(), row["status"], [not open_ for open_ in row["days"]]]


def _digest(token: str, scope: Mapping[str, Any], key_id: str, sheet: str, head: Sequence[str],
            headers: Sequence[str], rows: Sequence[Sequence[Any]], ratings: Mapping[str, Any] | None = None, *,
            codes: Mapping[str, Any] | None = None, marker: Sequence[Sequence[Any]] | None = None,
            layout: str = FORMAT) -> bytes:
    """The SHA-256 of whom the file is for and every locked cell of every sheet (canonical JSON): what the office
    signs. ``ratings``: the ratings sheet's name, title, headings and locked cells (files written before it had
    none); ``codes``: the codes' sheet's name and every cell; ``marker``: every cell of the hidden marker sheet but
    the signature's (files of the layout ``FORMAT_3`` signed neither)."""
    signed: dict[str, Any] = {"format": layout, "token": token, "scope": dict(scope), "key": key_id, "sheet": sheet,
                              "head": list(head), "headers": list(headers), "rows": [list(r) for r in rows]}
    if ratings is not None:
        signed["ratings"] = ratings
    if codes is not None:
        signed["codes"] = dict(codes)
    if marker is not None:
        signed["marker"] = [list(r) for r in marker]
    canonical = json.dumps(signed, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).digest()


def _as_written(value: Any) -> Any:
    """A text cell's value as the workbook gives it back (what ``_text`` writes, compared as ``_plain``)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return _plain(ILLEGAL_CHARACTERS_RE.sub("\ufffd", value) if isinstance(value, str) else value)


def _trimmed(number: int, values: Iterable[Any]) -> list[Any]:
    """A row's cells as the signature covers them: its number, then its values up to the last filled one."""
    cells = [_plain(v) for v in values]
    while cells and cells[-1] is None:
        cells.pop()
    return [number, *cells]


def _grid_cells(grid: Iterable[tuple[int, Sequence[Any]]], skip: Collection[int] = ()) -> list[list[Any]]:
    """Every filled cell of a sheet as read (rows in ``skip`` left out)."""
    return [row for n, values in grid if n not in skip for row in [_trimmed(n, values)] if len(row) > 1]


def _codes_sheet(content: Mapping[str, Any], office: str, written: str, t: i18n.Translator) -> dict[str, Any]:
    """The codes' sheet as written: its name and every cell (row number, then the values), in the workbook's
    language. Each agreement's positions in the plan's order, then what a week without a position takes."""
    references = {str(r["agreement_id"]): (r["reference"], r["apprentice"]) for r in content["rows"]}
    headers = [t.gettext("Agreement"), t.gettext("Apprentice"), t.gettext("Learning position"), t.gettext("Code"),
               t.gettext("Competency")]
    lines = [[1, t.gettext("Competency codes — {office}").format(office=office)], [2, written],
             [3, t.gettext("The codes each learning position takes: write them in the column “{column}” of the "
                           "sheet “{sheet}”, separated by commas. Filter a column to see one apprentice or one "
                           "position.").format(column=content["headers"][PRACTISED], sheet=content["sheet"])],
             [HEADER_ROW, *headers]]
    for agreement_id, (reference, apprentice) in references.items():
        learning = content["learning"][agreement_id]
        titles = learning.get("titles", {})
        allowed = learning.get("position_codes", {})
        for label in [*(label for label in allowed if label), *([""] if "" in allowed else [])]:
            shown = label or t.gettext("no learning position given")
            for code in allowed[label]:
                lines.append([FIRST_ROW + len(lines) - HEADER_ROW, reference, apprentice, shown, code,
                              titles.get(code, "")])
    return {"sheet": t.gettext("Competency codes")[:31], "cells": lines}


def _codes_signed(sheet: Mapping[str, Any]) -> dict[str, Any]:
    """What the signature covers of the codes' sheet: its name and every cell as the workbook gives it back."""
    return {"sheet": sheet["sheet"], "cells": [_trimmed(row[0], (_as_written(v) for v in row[1:]))
                                              for row in sheet["cells"]]}


def _marker_rows(content: Mapping[str, Any], token: str, public: str) -> list[list[Any]]:
    """The hidden marker sheet's rows but the signature's: the format, the export's token, the office's key id,
    its public key and whom the file is for (MARKER_PUBLIC and MARKER_SCOPE let instructor mode check the
    signature with no office database), then which competency codes a week may name at each position of each
    agreement ("" without one), for instructor mode to apply the import's rule as the instructor types."""
    scope = json.dumps(content["scope"], ensure_ascii=False, sort_keys=True)
    rows = [[MARKER_FORMAT, FORMAT], [MARKER_TOKEN, token], [MARKER_KEY, content["key_id"]],
            [MARKER_PUBLIC, public], [MARKER_SCOPE, scope]]
    if content.get("day_hours") is not None:
        rows.append([MARKER_DAY_HOURS, json.dumps(content["day_hours"], ensure_ascii=False, sort_keys=True)])
    references = {str(r["agreement_id"]): r["reference"] for r in content["rows"]}
    n = MARKER_CODES
    for agreement_id, reference in references.items():
        for label, codes in content["learning"][agreement_id].get("position_codes", {}).items():
            rows.append([n, reference, label, ",".join(codes)])
            n += 1
    return [_trimmed(row[0], (_as_written(v) for v in row[1:])) for row in rows]


#: The hidden sheet holding the drop-downs' choices, one column a list: a list validation refers to its cells, as
#: an inline list ("a,b") breaks on a quote, a comma or a leading = in a choice a user typed (a learning position
#: named Taller "A") and holds at most 255 characters.
LISTS_SHEET = "lists"


class _Lists:
    """The drop-downs' choices on the workbook's hidden, locked lists sheet: ``formula`` keeps a list of choices
    (once for equal lists) and returns the range a list validation refers to; ``write`` adds the sheet after the
    others."""

    def __init__(self) -> None:
        self.written: dict[tuple[str, ...], str] = {}

    def formula(self, items: Sequence[str]) -> str:
        from openpyxl.utils import get_column_letter

        key = tuple(items)
        if key not in self.written:
            letter = get_column_letter(len(self.written) + 1)
            self.written[key] = f"'{LISTS_SHEET}'!${letter}$1:${letter}${max(len(key), 1)}"
        return self.written[key]

    def columns(self) -> list[list[str]]:
        """Each list's choices, in the order of the sheet's columns."""
        return [list(key) for key in self.written]

    def write(self, wb: Any, password: str) -> None:
        if not self.written:
            return
        ws = wb.create_sheet(LISTS_SHEET)
        for column, key in enumerate(self.written, start=1):
            for row, item in enumerate(key, start=1):
                _text(ws.cell(row, column), item)
        ws.sheet_state = "hidden"
        ws.protection.sheet = True
        ws.protection.password = password


def _write(path: Path, content: Mapping[str, Any], token: str, signature: str, t: i18n.Translator,
           public: str) -> list[list[str]]:
    """Write the workbook; returns the drop-downs' choices its lists sheet holds (each column's)."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.workbook.protection import WorkbookProtection
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = content["sheet"]
    choices = _Lists()
    for i, text in enumerate(content["head"], start=1):
        _text(ws.cell(i, 1), text)
    ws.cell(1, 1).font = Font(bold=True, size=13)
    ws.cell(3, 1).alignment = Alignment(wrap_text=False)
    bold = Font(bold=True)
    for col, text in enumerate(content["headers"], start=1):
        cell = ws.cell(HEADER_ROW, col)
        _text(cell, text)
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    editable = PatternFill("solid", fgColor="FFF7CC")
    closed = PatternFill("solid", fgColor="E6E6E6")
    open_ = Protection(locked=False)
    rows = content["rows"]
    last = FIRST_ROW + len(rows) - 1
    for r in rows:
        n = r["row"]
        locked = _locked_of(r)
        _text(ws.cell(n, 1), r["key"])
        _text(ws.cell(n, 2), r["reference"])
        _text(ws.cell(n, 3), r["apprentice"])
        for col, day in ((4, date.fromisoformat(locked[4])), (5, date.fromisoformat(locked[5]))):
            ws.cell(n, col).value = day
            ws.cell(n, col).number_format = _date_format(t)
        _text(ws.cell(n, 6), r["status"])
        values = r["values"]
        for i, is_open in enumerate(r["days"]):
            cell = ws.cell(n, DAY_COLUMNS[i] + 1)
            if is_open:
                code = values["attendance"][i]
                if code:
                    _text(cell, t.gettext(dict(L.PRESENCE)[code]))
                cell.protection, cell.fill = open_, editable
                cell.number_format = TEXT_FORMAT
            else:
                _text(cell, CLOSED)
                cell.fill = closed
        for col, name in ((HOURS, "hours"), (SCHOOL_HOURS, "school_hours")):
            amount = values.get(name)
            ws.cell(n, col + 1).value = float(amount) if amount is not None else None
        for col in (HOURS, SCHOOL_HOURS, ACTIVITIES, SCHOOL, DECISION, NOTE, POSITION, PRACTISED):
            cell = ws.cell(n, col + 1)
            if col in TEXTS and values.get(TEXTS[col]):
                _text(cell, values[TEXTS[col]])
            if col in LEARNING and values.get(LEARNING[col]):
                _text(cell, values[LEARNING[col]])
            cell.protection, cell.fill = open_, editable
            if col not in (HOURS, SCHOOL_HOURS):  # typed text stays text: "12/10" is no date, TRUE no yes/no
                cell.number_format = TEXT_FORMAT
            if col in TEXTS or col == PRACTISED:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    if rows:
        def validation(kind: str, **options: Any) -> DataValidation:
            dv = DataValidation(type=kind, allow_blank=True, showErrorMessage=True, errorTitle=t.gettext("vetdesk"),
                                **options)
            ws.add_data_validation(dv)
            return dv

        days = validation("list", formula1=choices.formula([t.gettext(label) for _code, label in L.PRESENCE]),
                          error=t.gettext("Choose where the apprentice was from the list."))
        days.add(f"{get_column_letter(DAY_COLUMNS[0] + 1)}{FIRST_ROW}:{get_column_letter(DAY_COLUMNS[-1] + 1)}{last}")
        # Each row offers the decisions its report's status allows (domain.logbook.offered_reviews): a week returned
        # for correction offers no approval.
        offers: dict[tuple[L.Review, ...], list[int]] = {}
        for r in rows:
            offers.setdefault(L.offered_reviews(r["values"]["status"]), []).append(r["row"])
        for reviews, numbers in offers.items():
            decision = validation("list", formula1=choices.formula([t.gettext(L.REVIEW_LABELS[review])
                                                                     for review in reviews]),
                                  error=t.gettext("Choose a decision from the list."))
            for number in numbers:
                decision.add(f"{get_column_letter(DECISION + 1)}{number}")
        low, high = L.WEEK_HOURS
        hours_rule = validation("decimal", operator="between", formula1=str(low), formula2=str(high),
                                error=t.gettext("Give the hours as a number from {low} to {high}.").format(
                                    low=low, high=high))
        hours_rule.add(f"{get_column_letter(SCHOOL_HOURS + 1)}{FIRST_ROW}:{get_column_letter(SCHOOL_HOURS + 1)}"
                       f"{last}")
        # A minor's week: at most the hours the weekly hours rule allows that week (the rule's words as the
        # error), as the office's import and instructor mode apply it.
        limited: dict[tuple[str, str], list[int]] = {}
        for r in rows:
            limit = r.get("hours_limit")
            if limit:
                limited.setdefault((limit["most"], limit["message"]), []).append(r["row"])
            else:
                hours_rule.add(f"{get_column_letter(HOURS + 1)}{r['row']}")
        for (most, message), numbers in limited.items():
            minor = validation("decimal", operator="between", formula1=str(low), formula2=most,
                               error=message)
            for number in numbers:
                minor.add(f"{get_column_letter(HOURS + 1)}{number}")
        from vetdesk.domain.bounds import LONG_TEXT

        texts = validation("textLength", operator="lessThanOrEqual", formula1=str(LONG_TEXT),
                           error=t.gettext("At most {n} characters.").format(n=t.format_decimal(LONG_TEXT)))
        for col in TEXTS:
            texts.add(f"{get_column_letter(col + 1)}{FIRST_ROW}:{get_column_letter(col + 1)}{last}")
        # The positions of each agreement's plan, as a drop-down on its rows (from the lists sheet: a position's
        # name may hold anything a user types, and a long plan's names more than an inline list's 255 characters).
        offered: dict[tuple[str, ...], list[int]] = {}
        for r in rows:
            labels = tuple(label for label, _id in content["learning"][str(r["agreement_id"])]["positions"])
            if labels:
                offered.setdefault(labels, []).append(r["row"])
        column = get_column_letter(POSITION + 1)
        for items, numbers in offered.items():
            dv = validation("list", formula1=choices.formula(items),
                            error=t.gettext("Choose a learning position of the agreement's rotation plan."))
            for number in numbers:
                dv.add(f"{column}{number}")
        # Too many positions for a prompt's 255 characters (a long agreement's plan): the codes' sheet says them.
        general = t.gettext("The codes of the competencies practised this week, separated by commas{example}: the "
                            "sheet “{sheet}” lists those of each learning position.").format(
            example=_codes_example(content, t), sheet=content["codes_sheet"]["sheet"]) if "codes_sheet" in content \
            else t.gettext("The codes of the competencies practised this week, separated by commas, as the ratings "
                           "sheet lists them{example}.").format(example=_codes_example(content, t))
        column = get_column_letter(PRACTISED + 1)
        prompts: dict[str, list[int]] = {}
        for r in rows:  # each agreement's rows say which codes each of its positions takes, when that fits
            prompts.setdefault(_codes_prompt(content["learning"][str(r["agreement_id"])], t) or general,
                               []).append(r["row"])
        for prompt, numbers in prompts.items():
            codes = validation("textLength", operator="lessThanOrEqual", formula1=str(PRACTISED_LENGTH),
                               error=t.gettext("At most {n} characters.").format(
                                   n=t.format_decimal(PRACTISED_LENGTH)),
                               showInputMessage=True, promptTitle=t.pgettext(
                                   "spreadsheet prompt's title, at most 32 characters",
                                   "Competencies practised (codes)"),
                               prompt=prompt)
            for number in numbers:
                codes.add(f"{column}{number}")
    widths = [14, 18, 28, 12, 12, 18, *([11] * L.WORKDAYS), 9, 9, 50, 30, 22, 36, 26, 24]
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.column_dimensions["A"].hidden = True
    # The columns follow the agreements' days: a day no agreement of the file trains on (a five-day week's
    # Saturday) is hidden, its cells closed and locked as any day outside the training.
    for i, column in enumerate(DAY_COLUMNS):
        if rows and not any(r["days"][i] for r in rows) and all(i >= r.get("working_days", L.WORKDAYS) for r in rows):
            ws.column_dimensions[get_column_letter(column + 1)].hidden = True
    # A long agreement's file runs to hundreds of rows (156 weeks for three years): the headings and whose week
    # it is stay in sight, and each column filters (one apprentice, the weeks still to do).
    ws.freeze_panes = ws.cell(FIRST_ROW, DAY_COLUMNS[0] + 1)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(COLUMNS)}{max(last, FIRST_ROW)}"
    password = secrets.token_hex(12)  # nobody needs it: the signature, not the password, protects the file
    ws.protection.sheet = True
    ws.protection.password = password
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.autoFilter = False  # filtering shows and hides rows; it changes no cell
    if "ratings" in content:
        _write_ratings(wb.create_sheet(content["ratings"]["sheet"]), content["ratings"], password, t, choices)
    if "codes_sheet" in content:
        _write_codes(wb.create_sheet(content["codes_sheet"]["sheet"]), content["codes_sheet"], password)
    marker = wb.create_sheet(MARKER_SHEET)
    # The office checks the signature with its own key; the signature covers every cell of this sheet but its own.
    for n, *values in _marker_rows(content, token, public):
        for col, value in enumerate(values, start=1):
            if value is not None:
                _text(marker.cell(n, col), value)
    marker.cell(MARKER_SIGNATURE, 1).value = signature
    marker.sheet_state = "veryHidden"
    choices.write(wb, password)
    marker.protection.sheet = True
    marker.protection.password = password
    wb.security = WorkbookProtection(workbookPassword=password, lockStructure=True)
    buffer = io.BytesIO()
    wb.save(buffer)
    path.write_bytes(buffer.getvalue())
    return choices.columns()


def _date_format(t: i18n.Translator) -> str:
    """A date cell's number format as the workbook's language writes a date (dd/mm/yyyy, dd.mm.yyyy, m/d/yyyy)."""
    import re

    from babel.dates import get_date_format

    pattern = get_date_format("short", locale=t.formats).pattern
    return re.sub(r"y+", "yyyy", pattern).replace("M", "m")


def _codes_prompt(learning: Mapping[str, Any], t: i18n.Translator) -> str | None:
    """The spreadsheet's prompt on a row's competencies: the codes each of the agreement's positions takes (the
    programme's without a plan), when that fits the 255 characters a prompt holds."""
    allowed = learning.get("position_codes") or {}
    if not allowed:
        return None
    if len(allowed) == 1:
        text = t.gettext("Codes of the competencies practised, separated by commas: {codes}.").format(
            codes=", ".join(allowed.get("", [])))
    else:
        text = t.gettext("Codes of the competencies practised at the week's learning position, separated by "
                         "commas: {lines}").format(lines="; ".join(
            f"{label}: {', '.join(codes)}" for label, codes in allowed.items() if label))
    return text if len(text) <= DV_MESSAGE else None


def _codes_example(content: Mapping[str, Any], t: i18n.Translator) -> str:
    """Two of the file's own competency codes as an example (", e.g. M10, M11"), or nothing."""
    codes = list(dict.fromkeys(c for spec in content["learning"].values() for c in spec.get("codes", {})))[:2]
    return t.gettext(" (e.g. {codes})").format(codes=", ".join(codes)) if len(codes) == 2 else ""


def _write_ratings(ws: Any, sheet: Mapping[str, Any], password: str, t: i18n.Translator, choices: _Lists) -> None:
    """The ratings sheet: locked like the weekly one, the level of each row open with the scale's drop-down."""
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    for i, text in enumerate(sheet["head"], start=1):
        _text(ws.cell(i, 1), text)
    ws.cell(1, 1).font = Font(bold=True, size=13)
    for col, text in enumerate(sheet["headers"], start=1):
        cell = ws.cell(HEADER_ROW, col)
        _text(cell, text)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    editable = PatternFill("solid", fgColor="FFF7CC")
    scales_seen: dict[str, list[int]] = {}
    for r in sheet["rows"]:
        n = r["row"]
        for col, value in enumerate(_rating_cells(r), start=1):
            _text(ws.cell(n, col), value)
        level = ws.cell(n, R_LEVEL + 1)
        if r["choice"] is not None:
            if r["scale"].get("kind") == "points":
                level.value = int(r["level"])
            else:
                _text(level, r["choice"])
        level.protection, level.fill = Protection(locked=False), editable
        comment = ws.cell(n, R_COMMENT + 1)
        comment.protection, comment.fill = Protection(locked=False), editable
        comment.number_format = TEXT_FORMAT
        comment.alignment = Alignment(wrap_text=True, vertical="top")
        scales_seen.setdefault(json.dumps(r["scale"], sort_keys=True), []).append(n)
    column = get_column_letter(R_LEVEL + 1)
    for key, numbers in scales_seen.items():
        scale = json.loads(key)
        if scale.get("kind") == "points":
            dv = DataValidation(type="whole", operator="between", formula1=str(scale["min"]),
                                formula2=str(scale["max"]), allow_blank=True, showErrorMessage=True,
                                errorTitle=t.gettext("vetdesk"),
                                error=t.gettext("Give the level as a whole number from {low} to {high}.").format(
                                    low=scale["min"], high=scale["max"]))
        else:
            dv = DataValidation(type="list", formula1=choices.formula(_level_choices(scale, t)),
                                allow_blank=True, showErrorMessage=True, errorTitle=t.gettext("vetdesk"),
                                error=t.gettext("Choose a level of the scale from the list."))
        ws.add_data_validation(dv)
        for n in numbers:
            dv.add(f"{column}{n}")
    if sheet["rows"]:
        from vetdesk.domain.bounds import LONG_TEXT

        texts = DataValidation(type="textLength", operator="lessThanOrEqual", formula1=str(LONG_TEXT),
                               allow_blank=True, showErrorMessage=True, errorTitle=t.gettext("vetdesk"),
                               error=t.gettext("At most {n} characters.").format(n=t.format_decimal(LONG_TEXT)))
        ws.add_data_validation(texts)
        comments = get_column_letter(R_COMMENT + 1)
        texts.add(f"{comments}{FIRST_ROW}:{comments}{FIRST_ROW + len(sheet['rows']) - 1}")
    for col, width in enumerate((14, 18, 28, 26, 12, 50, 26, 22, 40), start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.column_dimensions["A"].hidden = True
    ws.freeze_panes = ws.cell(FIRST_ROW, R_LEVEL + 1)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(R_COLUMNS)}{FIRST_ROW + max(len(sheet['rows']), 1) - 1}"
    ws.protection.sheet = True
    ws.protection.password = password
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.autoFilter = False


def _write_codes(ws: Any, sheet: Mapping[str, Any], password: str) -> None:
    """The codes' sheet: visible and read-only, its headings frozen and filterable."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    last = HEADER_ROW
    for n, *values in sheet["cells"]:
        for col, value in enumerate(values, start=1):
            _text(ws.cell(n, col), value)
        last = max(last, n)
    ws.cell(1, 1).font = Font(bold=True, size=13)
    for col in range(1, C_COLUMNS + 1):
        cell = ws.cell(HEADER_ROW, col)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for col, width in enumerate((18, 28, 36, 12, 60), start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(FIRST_ROW, 1)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(C_COLUMNS)}{last}"
    ws.protection.sheet = True
    ws.protection.password = password
    ws.protection.autoFilter = False  # the instructor may filter it, not change it


#: The number format of a cell that takes what is typed as text (a spreadsheet program turns "12/10" into a date
#: and TRUE into a yes/no value in a cell of the "General" format).
TEXT_FORMAT = "@"


def typed_text(raw: Any, title: str, language: str | None) -> tuple[str | None, str | None]:
    """A text cell's value as the person typed it, and the refusal when that cannot be told: a spreadsheet program
    may have turned the typing into a date (taken as the workbook's language writes a date), a number (as it writes
    a number) or a yes/no value (refused: TRUE could have been typed as a word or picked as a value)."""
    if raw is None or isinstance(raw, str):
        return raw, None
    t = i18n.translator(language) if language else i18n.current()
    if isinstance(raw, bool):
        return None, _("{field}: the spreadsheet program took what was typed as a yes/no value ({value}), not as "
                       "text. Type the text again, starting with an apostrophe (').").format(
            field=title, value=_("yes") if raw else _("no"))
    if isinstance(raw, datetime):
        if raw.time() != datetime.min.time():
            return None, _("{field}: the spreadsheet program took what was typed as a date and time, not as text. "
                           "Type the text again, starting with an apostrophe (').").format(field=title)
        return t.format_date(raw.date()), None
    if isinstance(raw, date):
        return t.format_date(raw), None
    if isinstance(raw, int | float | Decimal):
        return t.format_decimal(raw), None
    return str(raw), None


def _text(cell: Any, value: str) -> None:
    """A text cell that stays text (never a formula), as ``services.exporting`` writes them."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    from vetdesk.services.formulas import looks_like_formula

    cell.value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    cell.data_type = "s"
    if looks_like_formula(value):
        cell.quotePrefix = True


# -- reading it back -----------------------------------------------------------------------------------------

#: A row's fields that the file can change: each day's attendance, then the report's fields.
#: The fields a row corrects a report's text by (a returned report whose text changes is handed in again).
CORRECTIONS = ("hours", "school_hours", "activities", "school_topics", "position", "practised")
ROW_FIELDS = (*(f"day{i}" for i in range(L.WORKDAYS)), "hours", "school_hours", "activities", "school_topics",
              "review_note", "position", "practised")


@dataclass
class RowReport:
    """What taking back one row of the file does."""

    row: int
    key: str
    reference: str
    apprentice: str
    #: The week of a weekly-sheet row; None on the ratings sheet.
    week: date | None
    #: The competency (code and title) of a ratings-sheet row.
    competency: str = ""
    #: unchanged (the instructor changed nothing), current (the office holds it already), write, conflict, error,
    #: refused (its agreement is not taken: instructed by someone else than who approved the file)
    outcome: str = "unchanged"
    #: The fields the row changes (labels).
    changes: list[str] = field(default_factory=list)
    #: Conflicts: (field label, the office's value now, the file's value).
    conflicts: list[tuple[str, str, str]] = field(default_factory=list)
    #: The decision the row carries (approve, comment, return), if any.
    decision: str | None = None
    #: Why the row cannot be taken.
    problems: list[str] = field(default_factory=list)
    #: The officer chose the file's row over the office's changes.
    taken: bool = False
    #: The comment a ratings-sheet row brings ("" none): said with a conflict and kept in the import's record when
    #: the office's rating stays, never dropped unseen.
    comment: str = ""
    #: What else the officer is told about the row: days added to a countersigned week, the file's text that a
    #: countersigned report does not take (each with both values).
    notes: list[str] = field(default_factory=list)
    #: Something of the row was written (a conflict row's days the office had not recorded are written even when
    #: its conflicts are kept).
    wrote: bool = False
    #: A conflict on a week countersigned at the office since the export: kept as approved, it cannot be taken.
    settled: bool = False

    @property
    def ref(self) -> str:
        """How the officer names the row (to take it): its number on the weekly sheet, R and its number on the
        ratings sheet."""
        return str(self.row) if self.week is not None else f"R{self.row}"

    @property
    def subject(self) -> str:
        """What the row is about, in the officer's words: the week, or the competency rated."""
        if self.week is not None:
            return _("week of {week}").format(week=i18n.shown_day(self.week))
        return _("rating of {competency}").format(competency=self.competency)

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.ref, "key": self.key, "reference": self.reference, "apprentice": self.apprentice,
                "week": self.week.isoformat() if self.week else None, "competency": self.competency or None,
                "outcome": self.outcome, "changes": self.changes, **({"settled": True} if self.settled else {}),
                "decision": self.decision, "taken": self.taken,
                "conflicts": [{"field": f, "office": o, "file": v} for f, o, v in self.conflicts],
                "problems": self.problems, **({"comment": self.comment} if self.comment else {}),
                **({"notes": self.notes} if self.notes else {})}


@dataclass
class ExchangeReport:
    """What taking back a file did (or, refused or tried, would do), row by row."""

    token: str
    scope: str
    written_on: str
    rows: list[RowReport]
    #: Something was written.
    written: bool = False
    dry_run: bool = False
    #: Who filled in and approved the file: what was written is recorded as given by them.
    approved_by: str = ""

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.rows if r.outcome == outcome)

    @property
    def conflicts(self) -> list[RowReport]:
        return [r for r in self.rows if r.outcome == "conflict"]

    @property
    def takeable(self) -> list[RowReport]:
        """The conflicts the officer may still settle by taking the file's values."""
        return [r for r in self.conflicts if not r.settled]

    def as_dict(self) -> dict[str, Any]:
        return {"token": self.token, "for": self.scope, "written_on": self.written_on, "written": self.written,
                "approved_by": self.approved_by,
                "dry_run": self.dry_run, "rows": [r.as_dict() for r in self.rows]}

    def summary(self) -> str:
        written = sum(1 for r in self.rows if r.outcome == "write" or r.taken)
        kept = sum(1 for r in self.conflicts if not r.taken and not r.settled)
        signed = sum(1 for r in self.conflicts if r.settled)
        current, unchanged = self.count("current"), self.count("unchanged")
        parts = [
            ngettext("{n} row would be written", "{n} rows would be written", written) if self.dry_run else
            ngettext("{n} row written", "{n} rows written", written),
            # Checked, nothing is settled yet: the officer chooses each conflict before the import.
            ngettext("{n} conflict to settle (the office's values stay unless you take the file's)",
                     "{n} conflicts to settle (the office's values stay unless you take the file's)", kept)
            if self.dry_run else
            ngettext("{n} conflict kept as the office has it", "{n} conflicts kept as the office has them", kept),
            ngettext("{n} row already up to date", "{n} rows already up to date", current),
            ngettext("{n} row unchanged", "{n} rows unchanged", unchanged)]
        counts = [written, kept, current, unchanged]
        refused = self.count("refused")
        if refused:
            parts.insert(1, ngettext("{n} row not taken (its agreement is not taken: the row says why)",
                                     "{n} rows not taken (their agreement is not taken: each row says why)",
                                     refused))
            counts.insert(1, refused)
        if signed:
            parts.insert(2 + bool(refused), ngettext(
                "{n} week countersigned at the office since the file was written (kept as signed)",
                "{n} weeks countersigned at the office since the file was written (kept as signed)", signed))
            counts.insert(2 + bool(refused), signed)
        return _("{parts}.").format(parts=", ".join(p.format(n=n) for p, n in zip(parts, counts, strict=True)))


def _cell(values: Sequence[Any], col: int) -> Any:
    return values[col] if col < len(values) else None


def _plain(value: Any) -> Any:
    """A locked cell's value as the digest compares it (a date as ISO, blank as None)."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return value if value != "" else None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _read(path: Path) -> tuple[dict[int, tuple[Any, ...]], list[tuple[str, list[tuple[int, tuple[Any, ...]]]]]]:
    """The marker sheet's cells (by row) and each other sheet's rows (with its name, in the workbook's order),
    within the import's limits."""
    from vetdesk.services.importing import ImportFileError, read_grid, sheet_names

    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise _refuse(_("{name} is not an .xlsx workbook: a weekly-report exchange file is one.").format(
            name=path.name), "exchange.foreign")
    try:
        sheets = sheet_names(path)
        if MARKER_SHEET not in sheets:
            raise _refuse(_("{name} is not a weekly-report exchange file written by vetdesk. Import the file the "
                            "office sent, filled in.").format(name=path.name), "exchange.foreign")
        marker, _title = read_grid(path, MARKER_SHEET)
        # The lists sheet holds only the drop-downs' choices (the import takes a choice by the export's own list).
        others = [s for s in sheets if s not in (MARKER_SHEET, LISTS_SHEET)]
        if not 1 <= len(others) <= 3:
            raise _refuse(_("{name} has sheets that were added or removed: it is not taken.").format(
                name=path.name), "exchange.altered")
        tables = [(title, grid) for grid, title in (read_grid(path, s) for s in others)]
    except ImportFileError as exc:
        raise _refuse(str(exc), "exchange.unreadable") from exc
    except OSError as exc:
        from vetdesk.services.outputs import file_reason

        raise _refuse(_("{name} cannot be read: {reason}").format(name=path.name, reason=file_reason(exc)),
                      "exchange.unreadable") from exc
    return dict(marker), tables


def _trailing_empty_dropped(columns: Sequence[Sequence[Any]]) -> list[list[Any]]:
    out = [list(c) for c in columns]
    while out and not out[-1]:
        out.pop()
    return out


def _lists_of(path: Path) -> list[list[Any]]:
    """The choices the file's lists sheet holds, column by column (read as the export wrote them: each column's
    cells from the first row down); none when the sheet is gone."""
    from vetdesk.services.importing import ImportFileError, read_grid, sheet_names

    try:
        if LISTS_SHEET not in sheet_names(path):
            return []
        grid, _title = read_grid(path, LISTS_SHEET)
    except (ImportFileError, OSError) as exc:
        raise _refuse(_("{name} cannot be read: {reason}").format(name=path.name, reason=str(exc)),
                      "exchange.unreadable") from exc
    rows = dict(grid)
    width = max((len(v) for v in rows.values()), default=0)
    columns: list[list[Any]] = []
    for c in range(width):
        cells = [_cell(rows.get(n, ()), c) for n in range(1, max(rows, default=0) + 1)]
        while cells and cells[-1] in (None, ""):
            cells.pop()
        columns.append([_plain(v) if not isinstance(v, str) else v for v in cells])
    return _trailing_empty_dropped(columns)


def _formulas(path: Path, sheets: Mapping[str, Collection[tuple[int, int]]]) -> list[str]:
    """The editable cells (sheet -> (row, 0-based column)) holding a formula, named by sheet, row and column: read
    without the values a spreadsheet program caches, a formula such as =20+20 would arrive empty and be dropped
    unseen."""
    from openpyxl.utils import get_column_letter

    return [_("sheet {sheet}, row {row}, column {column}").format(sheet=title, row=number,
                                                                   column=get_column_letter(col + 1))
            for title, number, col, _formula in formula_cells(path, sheets)]


def formula_cells(path: Path, sheets: Mapping[str, Collection[tuple[int, int]]]) -> list[tuple[str, int, int, str]]:
    """The editable cells holding a formula: (sheet, row, 0-based column, the formula as written)."""
    import openpyxl

    found: list[tuple[str, int, int, str]] = []
    wb = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        for title, cells in sheets.items():
            if not cells or title not in wb.sheetnames:
                continue
            ws = wb[title]
            last = max(r for r, _c in cells)
            for number, row in enumerate(ws.iter_rows(min_row=1, max_row=last), start=1):
                for cell in row:
                    col = getattr(cell, "column", None)
                    if col is None or (number, col - 1) not in cells:
                        continue
                    if getattr(cell, "data_type", None) == "f" or (
                            isinstance(cell.value, str) and cell.value.startswith("=")
                            and getattr(cell, "data_type", None) != "s"):
                        found.append((title, number, col - 1, str(cell.value)))
    finally:
        wb.close()
    return found


def _differences(content: Mapping[str, Any], head: Sequence[Any], headers: Sequence[Any],
                 table: Mapping[int, tuple[Any, ...]], title: str) -> list[str]:
    """The locked cells of the file that differ from what was written, in the officer's words."""
    found: list[str] = []
    if title != content["sheet"]:
        found.append(_("the sheet was renamed"))
    if [_plain(h) for h in head] != [_plain(h) for h in content["head"]] or \
            [_plain(h) for h in headers] != [_plain(h) for h in content["headers"]]:
        found.append(_("the title or the column headings were changed"))
    names = content["headers"]
    for r in content["rows"]:
        values = table.get(r["row"], ())
        written = _locked_of(r)
        for col in range(LOCKED):
            if _plain(_cell(values, col)) != _plain(written[col + 1]):
                found.append(_("row {row}: {column} was changed").format(row=r["row"], column=names[col]))
        for i, closed in enumerate(written[7]):
            if closed and _plain(_cell(values, DAY_COLUMNS[i])) != CLOSED:
                found.append(_("row {row}: {column} was changed").format(row=r["row"], column=names[DAY_COLUMNS[i]]))
    return found


def _outside(content: Mapping[str, Any], table: Iterable[tuple[int, tuple[Any, ...]]]) -> list[str]:
    """Cells filled outside the table the file was written with (rows or columns added)."""
    rows = {r["row"] for r in content["rows"]}
    found = []
    for number, values in table:
        if number < HEADER_ROW:
            if any(_plain(v) is not None for v in values[1:]):
                found.append(_("row {row}: cells beside the title were filled").format(row=number))
        elif number > HEADER_ROW and number not in rows:
            found.append(_("row {row} was added").format(row=number))
        elif any(_plain(v) is not None for v in values[COLUMNS:]):
            found.append(_("row {row}: cells right of the table were filled").format(row=number))
    return found


def check_format(value: Any, name: str) -> None:
    """Refuse a file whose marker names another layout than this vetdesk's (an earlier one: export it again)."""
    if value in OLD_FORMATS:
        raise _refuse(_("{name} was written by an earlier vetdesk, in a layout without the columns this one reads "
                        "(hours at school, the learning position, the competencies practised): it is not taken. "
                        "Export the file again and ask the instructor to fill in the new one.")
                      .format(name=name), "exchange.foreign")
    if value not in (FORMAT, FORMAT_3):
        raise _refuse(_("{name} is not a weekly-report exchange file written by vetdesk, or it was written by a "
                        "newer vetdesk.").format(name=name), "exchange.foreign")


def _verify(db: Database, marker: Mapping[int, tuple[Any, ...]], name: str) -> LogbookExchange:
    """The export a returned file answers, once the file shows itself as one."""
    cells = [_cell(marker.get(i, ()), 0) for i in range(1, 5)]
    check_format(cells[0], name)
    if not all(isinstance(c, str) for c in cells):
        raise _refuse(_("{name} is not a weekly-report exchange file written by vetdesk, or it was written by a "
                        "newer vetdesk.").format(name=name), "exchange.foreign")
    with reading(db) as session:
        found = session.scalars(select(LogbookExchange).where(LogbookExchange.token == cells[1])).first()
        if found is None or found.content.get("key_id") != cells[2]:
            raise _refuse(_("{name} was not written by this office's vetdesk (or for another database): it is "
                            "not taken. Import only files the office sent.").format(name=name),
                          "exchange.unknown")
        session.expunge(found)
        return found


def file_digest(token: str, scope: Mapping[str, Any], key_id: str,
                tables: Sequence[tuple[str, Sequence[tuple[int, tuple[Any, ...]]]]], rows: Sequence[int],
                rating_rows: Sequence[int] | None, marker: Mapping[int, Sequence[Any]] | None = None,
                layout: str = FORMAT) -> tuple[bytes, dict[str, Any] | None]:
    """The digest of a file as read (what the office signed, if nothing locked was changed): its weekly sheet's
    title, headings and the locked cells of ``rows``, and its ratings sheet's of ``rating_rows`` (None: a file
    without one), and (``FORMAT``) every cell of its codes' sheet and of the hidden ``marker`` but the signature;
    with the ratings sheet's signed part, for the officer's list of what differs. The office's import (the rows it
    wrote) and instructor mode (the rows the file holds) read it alike."""
    title, table_rows = tables[0]
    table = dict(table_rows)
    head = [_plain(_cell(table.get(i, ()), 0)) for i in range(1, HEADER_ROW)]
    headers = [_plain(h) for h in list(table.get(HEADER_ROW, ()))[:COLUMNS]]
    locked = [[n, *(_plain(_cell(table.get(n, ()), c)) for c in range(LOCKED)),
               [_plain(_cell(table.get(n, ()), d)) == CLOSED for d in DAY_COLUMNS]] for n in rows]
    signed_ratings = None
    if rating_rows is not None and len(tables) > 1:
        rating_title, rating_grid = tables[1]
        rating_table = dict(rating_grid)
        signed_ratings = {"sheet": rating_title,
                          "head": [_plain(_cell(rating_table.get(i, ()), 0)) for i in range(1, HEADER_ROW)],
                          "headers": [_plain(h) for h in list(rating_table.get(HEADER_ROW, ()))[:R_COLUMNS]],
                          "rows": [[n, *(_plain(_cell(rating_table.get(n, ()), c)) for c in range(R_LOCKED))]
                                   for n in rating_rows]}
    codes: dict[str, Any] | None = None
    marker_cells: list[list[Any]] | None = None
    if layout != FORMAT_3:
        sheet, grid = tables[2] if len(tables) > 2 else ("", [])
        codes = {"sheet": sheet, "cells": _grid_cells(grid)}
        marker_cells = _grid_cells(sorted((marker or {}).items()), skip=(MARKER_SIGNATURE,))
    return _digest(token, scope, key_id, title, head, headers, locked, signed_ratings, codes=codes,
                   marker=marker_cells, layout=layout), signed_ratings


def signature_verifies(public: bytes, signature: str, digest: bytes) -> bool:
    """Whether ``signature`` (base64) is the Ed25519 signature of ``digest`` by the key ``public``."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(public).verify(base64.b64decode(signature, validate=True), digest)
    except (InvalidSignature, ValueError):
        return False
    return True


def _signature_holds(db: Database, exchange: LogbookExchange, signature: str, digest: bytes) -> bool:
    public = signing.public_keys(db).get(exchange.content["key_id"])
    if public is None:
        return False
    return signature_verifies(public, signature, digest)


@dataclass
class _Row:
    """A row of the file as read: its report, and the values it carries (or why they cannot be read)."""

    spec: Mapping[str, Any]
    report: RowReport
    file: dict[str, Any]
    decision: L.Review | None
    #: The fields whose problems the row's report already says: a rule's refusal about one of them is not said
    #: a second time in other words.
    said: set[str] = field(default_factory=set)
    #: What the row writes even when its conflicts are kept: the days the office has not recorded (and the
    #: report's changes when only days conflict).
    free: dict[str, Any] = field(default_factory=dict)


def _parse_learning(spec: Mapping[str, Any], learning: Mapping[str, Any], values: Sequence[Any],
                    problems: list[Problem], language: str | None = None) -> dict[str, Any]:
    """The row's learning position (one of its plan's, as the drop-down names it, or by its number or name) and
    competency codes (the programme's, separated by commas), written back in their canonical form."""
    out: dict[str, Any] = {"position": None, "practised": None}
    raw, typed = typed_text(_cell(values, POSITION), _WEEK["position_id"].title(), language)
    if typed is not None:
        problems.append(error("position_id", typed, "exchange.typed"))
    text = " ".join(str(raw).split()) if raw is not None else ""
    if text:
        options = [(str(label), int(p)) for label, p in learning.get("positions", [])]
        folded = text.casefold()
        found = next((label for label, _p in options if folded in (label.casefold(),
                                                                   label.split(". ", 1)[-1].casefold(),
                                                                   label.split(".", 1)[0])), None)
        if found is None:
            problems.append(error("position_id", _(
                "Learning position: {value} is not a position of the agreement's rotation plan; choose one from the "
                "list.").format(value=_shown(text)) if options else _(
                "Learning position: agreement {ref} has no rotation plan; leave the learning position empty.")
                .format(ref=spec["reference"]), "exchange.position"))
        out["position"] = found
    raw, typed = typed_text(_cell(values, PRACTISED), _WEEK["competency_ids"].title(), language)
    if typed is not None:
        problems.append(error("competency_ids", typed, "exchange.typed"))
    text = str(raw) if raw is not None else ""
    if len(text) >= _PROGRAM_CUT:
        problems.append(too_long("competency_ids", _WEEK["competency_ids"].title(), PRACTISED_LENGTH))
        return out
    if len(text) > PRACTISED_LENGTH:
        problems.append(error("competency_ids", _(
            "Competencies practised: the cell holds {n} characters, more than the {limit} a list of codes takes; "
            "write only the codes, separated by commas.").format(n=i18n.current().format_decimal(len(text)),
                                                              limit=i18n.current().format_decimal(PRACTISED_LENGTH)),
            "exchange.practised"))
        return out
    codes = {str(c).casefold(): (str(c), int(i)) for c, i in learning.get("codes", {}).items()}
    wanted = split_codes(text)
    unknown = [w for w in wanted if w.casefold() not in codes]
    if unknown:
        problems.append(error("competency_ids", _(
            "Competencies practised: not a code of the programme's competencies: {codes}. Write the codes the "
            "ratings sheet lists, separated by commas.").format(codes=_shown(", ".join(unknown))),
            "exchange.practised"))
    elif "position_codes" in learning and (out["position"] is not None or not _cell(values, POSITION)):
        # The codes of the week's position, as the report's own rule takes them: said here, on the row's week.
        problem = practised_problem(wanted, learning["position_codes"].get(out["position"] or ""),
                                    out["position"] or "")
        if problem is not None:
            problems.append(problem)
    order = {code: i for i, code in enumerate(learning.get("codes", {}))}  # the catalogue's order
    chosen = sorted({codes[w.casefold()][0] for w in wanted if w.casefold() in codes}, key=lambda c: order[c])
    out["practised"] = ", ".join(chosen) or None
    return out


def _parse_row(spec: Mapping[str, Any], values: Sequence[Any], learning: Mapping[str, Any],
               language: str | None = None) -> _Row:
    monday = date.fromisoformat(spec["week"])
    report = RowReport(spec["row"], spec["key"], spec["reference"], spec["apprentice"], monday)
    problems: list[Problem] = []
    out: dict[str, Any] = {}
    for i, is_open in enumerate(spec["days"]):
        name = f"day{i}"
        if not is_open:
            out[name] = spec["values"]["attendance"][i]
            continue
        raw, typed = typed_text(_cell(values, DAY_COLUMNS[i]), _PRESENCE.title(), language)
        if typed is not None:
            problems.append(error(name, typed, "exchange.typed"))
            out[name] = None
            continue
        parsed, problem = F.parse_value(_PRESENCE, raw)
        if problem is not None:
            problems.append(problem)
        out[name] = parsed
    for col, name in ((HOURS, "hours"), (SCHOOL_HOURS, "school_hours")):
        hours, problem = F.parse_value(_WEEK[name], _cell(values, col))
        if problem is not None:
            problems.append(problem)
        out[name] = _hours(hours)
    for col, name in TEXTS.items():
        raw, typed = typed_text(_cell(values, col), _WEEK[name].title(), language)
        if typed is not None:
            problems.append(error(name, typed, "exchange.typed"))
            out[name] = None
            continue
        if isinstance(raw, str) and len(raw) >= _PROGRAM_CUT:
            problems.append(too_long(name, _WEEK[name].title(), _WEEK[name].max_length or bounds.LONG_TEXT))
            out[name] = None
            continue
        text, problem = F.parse_value(_WEEK[name], raw if raw is None or isinstance(raw, str) else str(raw))
        if problem is not None:
            problems.append(problem)
        out[name] = text
    out.update(_parse_learning(spec, learning, values, problems, language))
    decision = None
    raw, typed = typed_text(_cell(values, DECISION), _DECISION.title(), language)
    if typed is not None:
        problems.append(error("decision", typed, "exchange.typed"))
    elif raw is not None and str(raw).strip():
        chosen, problem = F.parse_value(_DECISION, str(raw)[:80])
        if problem is not None:
            problems.append(problem)
        else:
            decision = L.Review(chosen)
            report.decision = decision.value
    report.problems = [p.message for p in problems]
    return _Row(spec, report, out, decision, {p.field for p in problems})


def _current(state: Mapping[str, Any]) -> dict[str, Any]:
    """The office's values of a row, in the file's fields."""
    out = {f"day{i}": code for i, code in enumerate(state["attendance"])}
    out.update({n: state.get(n) for n in ("hours", "school_hours", "activities", "school_topics", "review_note",
                                          "position", "practised")})
    return out


def _shown(value: Any) -> str:
    if value is None:
        return "—"
    text = " ".join(str(value).split())
    return text if len(text) <= 60 else text[:59] + "…"


def _value(name: str, value: Any) -> str:
    """A row's value as the report shows it: a day's attendance in the officer's language."""
    if name.startswith("day") and value is not None:
        return L.presence_label(value)
    return _shown(value)


def _label(name: str) -> str:
    if name.startswith("day"):
        return _(L.DAY_SHORT[int(name[3:])])
    return _WEEK[{"position": "position_id", "practised": "competency_ids"}.get(name, name)].title()


def _plan(row: _Row, base: Mapping[str, Any], now: Mapping[str, Any], status_then: str | None,
          status_now: str | None, state: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """What the row changes (field -> the file's value), and its conflicts (on ``row.report``).

    Decided per cell, as the office expects: each day's attendance is a fact of its own — a day the office has not
    recorded is added from the file (``row.free``, written even when the row's other conflicts are kept, and even
    to a countersigned week, which the row's notes say); a day both recorded differently is a conflict listed with
    both values (the office's note with its presence), and taking it takes the file's presence with its (empty)
    note. The report's fields conflict as a whole, with the instructor's decision; a countersigned report's text
    stays as the office has it (the file's differing text is listed in the row's notes, not taken)."""
    report = row.report
    state = state or {}
    changed = {n: row.file[n] for n in ROW_FIELDS if row.file[n] != base.get(n)}
    signed = status_now == L.WeekStatus.APPROVED
    days: dict[str, Any] = {}
    disputed: dict[str, Any] = {}
    added: list[str] = []
    day_conflicts: list[tuple[str, str, str]] = []
    fields: dict[str, Any] = {}
    field_conflicts: list[tuple[str, str, str]] = []
    unsigned: list[str] = []
    for name, value in changed.items():
        is_day = name.startswith("day")
        if value is None and is_day:
            report.problems.append(_("{day}: attendance already recorded cannot be emptied in the file; choose "
                                     "where the apprentice was.").format(day=_label(name)))
        elif now.get(name) == value:
            continue  # the office holds it already (taken before)
        elif is_day and now.get(name) is None:
            days[name] = value  # a day the office has not recorded: the file's fact is added
            added.append(_label(name))
        elif is_day and now.get(name) != base.get(name):
            office = _value(name, now.get(name))
            note = (state.get("day_notes") or [None] * L.WORKDAYS)[int(name[3:])]
            if note:
                office = _("{presence} (note: {note})").format(presence=office, note=_shown(note))
            day_conflicts.append((_label(name), office, _value(name, value)))
            disputed[name] = value
        elif is_day:
            days[name] = value
        elif signed:
            unsigned.append(_("{field}: office {office} / file {file}").format(
                field=_label(name), office=_value(name, now.get(name)), file=_value(name, value)))
        elif now.get(name) != base.get(name):
            field_conflicts.append((_label(name), _value(name, now.get(name)), _value(name, value)))
            fields[name] = value
        else:
            fields[name] = value
    decision = row.decision
    target = {L.Review.APPROVE: L.WeekStatus.APPROVED.value, L.Review.RETURN: L.WeekStatus.RETURNED.value}.get(
        decision) if decision is not None else None
    if target is not None and status_now != target and not signed:
        if status_now != status_then or field_conflicts:
            # The officer settles the report as a whole: the instructor's decision is part of what they choose.
            field_conflicts.append((_("Decision"), L.status_label(status_now) if status_now else "—",
                                    _(L.REVIEW_LABELS[decision]) if decision else "—"))
        fields["status"] = target
    elif target is not None and decision is not None and status_now != target:
        unsigned.append(_("{field}: office {office} / file {file}").format(
            field=_("Decision"), office=L.status_label(status_now), file=_(L.REVIEW_LABELS[decision])))
    if target == L.WeekStatus.APPROVED.value and status_now != target:
        # The week as it would be countersigned: the file's changes over the office's values.
        if "activities" in row.said:  # the cell's own problem is said: its approval waits on it, unsaid
            row.said.add("status")
        else:
            empty = L.approval_problems(fields.get("activities", now.get("activities")))
            report.problems += [p.message for p in empty]
            # An empty week stays unsubmitted: the review's refusal of its status says nothing more to the user.
            row.said.update({p.field for p in empty} | ({"status"} if empty else set()))
    elif decision is L.Review.COMMENT and not signed and not (row.file.get("review_note") or "").strip():
        report.problems.append(_("A comment needs a note: write it in the note's cell."))
    if signed and added:
        report.notes.append(_("{days}: attendance the office had not recorded, added to the week although its "
                              "report is countersigned (the report stays as signed).").format(days=", ".join(added)))
    if unsigned:
        signed_on = state.get("reviewed_on")
        report.notes.append((_("The report was countersigned on {date}: what it says stays as the office has it; "
                               "the file's differing values are not taken:").format(
                                   date=i18n.shown_day(date.fromisoformat(str(signed_on))))
                             if signed_on else _("The report is countersigned: what it says stays as the office "
                                                 "has it; the file's differing values are not taken:"))
                            + " " + "; ".join(unsigned))
    report.conflicts = day_conflicts + field_conflicts
    wanted = {**days, **disputed, **fields}  # what taking the row writes
    row.free = {**days, **({} if field_conflicts else fields)}
    report.changes = [_label(n) if n != "status" else _("Decision") for n in wanted]
    # The week was countersigned at the office since the file was written and the file says otherwise (and brings
    # nothing else to write): a conflict already settled (kept as signed), counted as such, not as up to date.
    report.settled = bool(unsigned) and not ({**days, **disputed, **fields} or report.conflicts)
    if report.problems:
        report.outcome = "error"
    elif report.conflicts or report.settled:
        report.outcome = "conflict"
    elif wanted:
        report.outcome = "write"
    elif changed or decision is not None:
        report.outcome = "current"
    return wanted


def _instructor_actor(session: Any, instructor_id: int) -> Actor:
    """The instructor a row's changes are audited as: their user name if they have one, else their name."""
    user = session.scalar(select(User.username).where(User.instructor_id == instructor_id, User.active.is_(True))
                          .order_by(User.id).limit(1))
    if user is None:
        name = session.scalar(select(Instructor.name).where(Instructor.id == instructor_id)) or ""
        user = f"{name} [instructor {instructor_id}]"[-80:]  # data, the same in every language
    return Actor(username=user, role="instructor", instructor_id=instructor_id)


def file_saved_on(path: Path) -> date | None:
    """The day the workbook was last saved (its document properties: a spreadsheet program and instructor mode set
    it on saving), in UTC; None when it does not say."""
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True)
    except Exception:  # noqa: BLE001 - read before: a file that cannot be opened was refused already
        return None
    try:
        modified = wb.properties.modified
    finally:
        wb.close()
    return modified.date() if isinstance(modified, datetime) else None


def file_day(saved_on: date | None, written_on: date | None, today: date) -> date:
    """The day the instructor's work in the file is dated: the day the file was saved, when it lies between the
    day the office wrote the file and the import's day; else the import's day. (The saved day is the file's
    document properties, which the office's signature does not cover: a day before the export is not taken.)"""
    if saved_on is None or saved_on > today or (written_on is not None and saved_on < written_on):
        return today
    return saved_on


def decided_on(saved_on: date | None, monday: date, today: date, status: str,
               last_training_day: date | None = None, written_on: date | None = None) -> date:
    """The day an instructor's decision in the file is dated: the day the file was saved (the decision was taken
    by then), when it is one the decision could have been taken on — from the week's Monday (an approval: from
    the day it may be countersigned, domain.logbook.countersignable_from) and from the day the office wrote the
    file, up to the import's day; else the import's day."""
    first = L.countersignable_from(monday, last_training_day) if status == L.WeekStatus.APPROVED else monday
    if written_on is not None:
        first = max(first, written_on)
    return saved_on if saved_on is not None and first <= saved_on <= today else today


def _apply(uow: UnitOfWork, session: Any, row: _Row, wanted: Mapping[str, Any], today: date, *, approver: int,
           saved_on: date | None = None, written_on: date | None = None) -> list[str]:
    """Write one row's changes as the instructor who filled in and approved the file (``approver``, the
    apprentice's instructor: :func:`_not_taken`) did them: the days, the report, then the review (dated the day
    the instructor decided in the file, :func:`decided_on`), with the officer's import of it beside it in the
    history."""
    spec = row.spec
    agreement_id, monday = int(spec["agreement_id"]), date.fromisoformat(spec["week"])
    agreement = session.get(LearningAgreement, agreement_id)
    assert agreement is not None and agreement.instructor_id == approver  # _not_taken said the others
    actor = _instructor_actor(session, approver)
    as_instructor = UnitOfWork(session, uow.label, actor, uow.entries)
    for i in range(L.WORKDAYS):
        code = wanted.get(f"day{i}")
        if code is not None:
            # The file's day is its presence with its note (the file has none): the office's note on another
            # presence does not stay behind on the file's.
            logbook.save_attendance_in(as_instructor, agreement_id=agreement_id, day=monday + timedelta(days=i),
                                       presence=code, today=today, note=None)
    content = {n: wanted[n] for n in ("hours", "school_hours", "activities", "school_topics", "review_note")
               if n in wanted}
    learning = spec.get("learning") or {}
    if "position" in wanted:
        content["position_id"] = dict((str(label), int(p)) for label, p in learning.get("positions", [])).get(
            wanted["position"]) if wanted["position"] else None
    if "practised" in wanted:
        codes = {str(c): int(i) for c, i in learning.get("codes", {}).items()}
        content["competency_ids"] = sorted(codes[c.strip()] for c in (wanted["practised"] or "").split(",")
                                           if c.strip() in codes)
    status = wanted.get("status")
    if any(n in content for n in ("hours", "school_hours", "activities", "school_topics", "position_id",
                                  "competency_ids")):
        week_now = session.scalar(select(LogbookWeek.status).where(LogbookWeek.agreement_id == agreement_id,
                                                                   LogbookWeek.week_start == monday))
        activities = content.get("activities", _state(session, agreement_id, monday)["activities"])
        if week_now in (None, L.WeekStatus.DRAFT) and activities:
            content["status"] = L.WeekStatus.SUBMITTED.value  # the apprentice handed it in to the instructor
    values = {k: v for k, v in content.items() if k != "review_note" or status is None}
    # The week's hours against its attendance (domain.logbook.hours_attendance_problems): said in the row's notes.
    warned: list[str] = []
    if values:
        warned += [p.message for p in logbook.save_week_in(as_instructor, agreement_id=agreement_id, week=monday,
                                                            values=values, today=today).warnings
                   if p.code == "logbook.hours_attendance"]
    if status is not None:
        week_id = logbook.week_id_of(session, agreement_id, monday)
        if week_id is None and status == L.WeekStatus.APPROVED:
            raise RuleViolation(L.approval_problems(None))  # the rule's own words, said once with the row's
        if week_id is None:
            raise RuleViolation([error("decision", _(
                "There is no report of this week to review: write what the apprentice did first."),
                "logbook.transition")])
        label = _(records.kind("logbook").status_labels[status])
        reviewing = UnitOfWork(session, label, actor, uow.entries)
        review: dict[str, Any] = {"status": status}
        if "review_note" in wanted:
            review["review_note"] = wanted["review_note"]
        elif status == L.WeekStatus.RETURNED:
            review["review_note"] = row.file.get("review_note")
        on = decided_on(saved_on, monday, today, status, training_days(agreement)[1], written_on) \
            if status in (L.WeekStatus.APPROVED, L.WeekStatus.RETURNED) else today
        if saved_on is not None and on != saved_on and status in (L.WeekStatus.APPROVED, L.WeekStatus.RETURNED):
            row.report.notes.append(_(
                "The file says it was saved on {saved}, a day this decision cannot have been taken on (before the "
                "office wrote the file on {written}, before the week could be countersigned, or after today): it "
                "is dated {today}, the day the file was taken back.").format(
                saved=i18n.shown_day(saved_on), written=i18n.shown_day(written_on or today),
                today=i18n.shown_day(today)))
        reviewed = records.change_in(reviewing, records.kind("logbook"), week_id, review, accept_warnings=True,
                                     today=on)
        warned += [p.message for p in reviewed.warnings
                   if p.code == "logbook.hours_attendance" and p.message not in warned]
        # The officer who took the decision into the office's record, and when (the history names both).
        uow.audit(kind="logbook", record_id=week_id, action="import",
                  after={"status": status, "reviewed_on": on if status != L.WeekStatus.SUBMITTED else None})
    return warned


# -- the ratings sheet ----------------------------------------------------------------------------------------

def _rating_differences(sheet: Mapping[str, Any], found: Mapping[str, Any],
                        grid: Iterable[tuple[int, tuple[Any, ...]]]) -> list[str]:
    """The ratings sheet's locked cells that differ from what was written, and cells filled outside its table."""
    out: list[str] = []
    if found["head"] != [_plain(h) for h in sheet["head"]] or found["headers"] != [_plain(h) for h in
                                                                                  sheet["headers"]]:
        out.append(_("{sheet}: the title or the column headings were changed").format(sheet=sheet["sheet"]))
    names = sheet["headers"]
    for r, cells in zip(sheet["rows"], found["rows"], strict=True):
        for col, (then, now) in enumerate(zip(_rating_cells(r), cells[1:], strict=True)):
            if _plain(then) != now:
                out.append(_("{sheet}, row {row}: {column} was changed").format(sheet=sheet["sheet"], row=r["row"],
                                                                                 column=names[col]))
    rows = {r["row"] for r in sheet["rows"]}
    for number, values in grid:
        if number < HEADER_ROW:
            if any(_plain(v) is not None for v in values[1:]):
                out.append(_("{sheet}, row {row}: cells beside the title were filled").format(
                    sheet=sheet["sheet"], row=number))
        elif number > HEADER_ROW and number not in rows:
            out.append(_("{sheet}: row {row} was added").format(sheet=sheet["sheet"], row=number))
        elif any(_plain(v) is not None for v in values[R_COLUMNS:]):
            out.append(_("{sheet}, row {row}: cells right of the table were filled").format(
                sheet=sheet["sheet"], row=number))
    return out


@dataclass
class _RatingRow:
    """A row of the ratings sheet as read: the level the instructor chose (None: left empty)."""

    spec: Mapping[str, Any]
    report: RowReport
    level: int | None
    #: The comment written beside the level ("" when none).
    comment: str = ""


def _parse_level(scale: Mapping[str, Any], raw: Any) -> tuple[int | None, str | None]:
    """A level as a spreadsheet cell holds it: the drop-down's "3 = competent", the number, or the word."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, None
    allowed = scales.allowed_values(dict(scale))
    value: int | None = None
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        value = int(raw) if float(raw).is_integer() else None
    else:
        text = " ".join(str(raw).split())[:80]
        head = text.split("=", 1)[0].strip()
        if head.lstrip("-").isdigit():
            value = int(head)
        elif scale.get("kind") != "points":
            words = {scales.label_of(lv).casefold(): int(lv["value"]) for lv in scale["levels"]}
            value = words.get(text.casefold())
    if value is None or value not in allowed:
        choices = ", ".join(_level_choice(scale, v, i18n.current()) for v in allowed) \
            if scale.get("kind") != "points" else f"{allowed[0]}–{allowed[-1]}"
        return None, _("Level: {value} is not a level of the programme's scale; choose one of {choices}.").format(
            value=_shown(raw), choices=choices)
    return value, None


def _parse_rating(spec: Mapping[str, Any], values: Sequence[Any], language: str | None = None) -> _RatingRow:
    report = RowReport(spec["row"], spec["key"], spec["reference"], spec["apprentice"], None,
                       competency=f"{spec['code']} {spec['title']}"[:120])
    level, problem = _parse_level(spec["scale"], _cell(values, R_LEVEL))
    if problem is not None:
        report.problems.append(problem)
    raw, typed = typed_text(_cell(values, R_COMMENT), _COMMENT.title(), language)
    comment, trouble = F.parse_value(_COMMENT, raw if raw is None or isinstance(raw, str) else str(raw))
    if typed is not None:
        report.problems.append(typed)
        trouble = None
    elif isinstance(raw, str) and len(raw) >= _PROGRAM_CUT:
        trouble = too_long("comment", _COMMENT.title(), bounds.LONG_TEXT)
    if trouble is not None:
        report.problems.append(trouble.message)
    elif comment and level is None and problem is None:
        report.problems.append(_("Level: choose the level the comment goes with, or leave the comment empty."))
    if report.problems:
        report.outcome = "error"
    report.comment = comment or ""
    return _RatingRow(spec, report, level, comment or "")


def _plan_rating(row: _RatingRow, now_level: int | None, newest: int | None, now_comment: str = "") -> bool:
    """Whether the row's level is to be written (its outcome and conflict on ``row.report``): the instructor
    changed the level or wrote a comment; a rating recorded at the office since the export is a conflict unless it
    holds the same level and comment (then the file is already taken)."""
    report, spec = row.report, row.spec
    if report.outcome == "error" or row.level is None or (row.level == spec["level"] and not row.comment):
        return False
    scale = spec["scale"]
    label = _level_choice(scale, row.level, i18n.current())
    if now_level == row.level and (not row.comment or now_comment == row.comment):
        report.outcome = "current"
        return False
    report.changes = [_("Level {level}").format(level=label)] + ([_("Comment")] if row.comment else [])
    if newest != spec["seen"]:
        report.conflicts.append((spec["code"], "—" if now_level is None else _level_choice(scale, now_level,
                                                                                           i18n.current()), label))
        if row.comment and row.comment != now_comment:
            # The comment is part of what the officer chooses: said beside the level, not dropped unseen.
            report.conflicts.append((_("{code}, comment on the rating").format(code=spec["code"]),
                                     _shown(now_comment or None), _shown(row.comment)))
        report.outcome = "conflict"
    else:
        report.outcome = "write"
    return True


def _rater_name(session: Any, actor: Actor) -> str:
    """The rater of the file's ratings: the instructor's user name if they have an account (as ``vetdesk assess``
    writes it), else their name as the office records it."""
    username = actor.username or ""
    if actor.instructor_id is not None and username.endswith(f"[instructor {actor.instructor_id}]"):
        return str(session.scalar(select(Instructor.name).where(Instructor.id == actor.instructor_id)) or username)
    return username


def _apply_ratings(uow: UnitOfWork, session: Any, rows: Sequence[_RatingRow], taken: Collection[str],
                   today: date, on: date | None = None, *, approver: int,
                   refused: Mapping[int, str] | None = None) -> None:
    """Write the ratings the file brings, per agreement and learning position, through the assessment operation,
    each as the instructor who approved the file gave it (the rater and the audit); those of an agreement not
    taken (``refused``: agreement -> why, :func:`_not_taken`) are reported as such and write nothing."""
    refused = refused or {}
    from vetdesk.services.assessments import rate_position_in

    batches: dict[tuple[int, int | None, int], dict[int, tuple[int, _RatingRow]]] = {}
    for row in rows:
        spec = row.spec
        agreement_id, competency_id = int(spec["agreement_id"]), int(spec["competency_id"])
        latest = _latest_proving(session, agreement_id, [competency_id]).get(competency_id)
        now_level = latest[1].level if latest and not latest[1].recognised else None
        now_comment = session.scalar(select(Assessment.comment).where(Assessment.id == latest[0])) if latest else None
        planned = _plan_rating(row, now_level, _newest_id(session, agreement_id, competency_id), now_comment or "")
        if agreement_id in refused and (planned or row.report.outcome == "error"):
            _refuse_row(row.report, refused[agreement_id])
            continue
        if not planned:
            continue
        if row.report.outcome == "conflict" and row.report.ref not in taken:
            continue
        row.report.taken = row.report.outcome == "conflict"
        assert row.level is not None
        position = spec["position_id"]
        key = (agreement_id, int(position) if position is not None else None, approver)
        batches.setdefault(key, {})[competency_id] = (row.level, row)
    for (agreement_id, position_id, instructor_id), ratings in batches.items():
        agreement = session.get(LearningAgreement, agreement_id)
        reports = [row.report for _level, row in ratings.values()]
        assert agreement is not None and agreement.instructor_id == instructor_id  # _not_taken said the others
        actor = _instructor_actor(session, instructor_id)
        as_instructor = UnitOfWork(session, _("Rate a learning position"), actor, uow.entries)
        try:
            rate_position_in(as_instructor, agreement_id=agreement_id, position_id=position_id,
                             ratings={cid: level for cid, (level, _row) in ratings.items()}, on=on or today,
                             role="instructor", today=today, rater_name=_rater_name(session, actor),
                             comments={cid: row.comment for cid, (_level, row) in ratings.items() if row.comment})
        except RuleViolation as refusal:
            for r in reports:
                r.outcome = "error"
                r.problems += [p.message for p in refusal.problems]


def _refuse_row(report: RowReport, why: str) -> None:
    """A row of an agreement not taken: reported with why, nothing of it written."""
    report.outcome, report.taken, report.wrote = "refused", False, False
    report.conflicts, report.notes = [], []
    report.problems = [why]


@dataclass(frozen=True)
class Approver:
    """Who filled in and approved a returned file: one instructor, by id and name."""

    id: int
    name: str


def _company_instructors(session: Any, company_id: int) -> list[Approver]:
    return [Approver(i, n) for i, n in session.execute(
        select(Instructor.id, Instructor.name).where(Instructor.company_id == company_id)
        .order_by(Instructor.name, Instructor.id)).all()]


def _approver(session: Any, scope: Mapping[str, Any], approved_by: int | None, name: str) -> Approver:
    """Who the file's weeks, decisions and ratings are recorded as given by. A file for one instructor: that
    instructor (naming another is refused). A file for a company: the one of its instructors who filled it in and
    approved it, which the officer must say — never guessed from each apprentice's instructor."""
    if scope["kind"] == "instructor":
        if approved_by is not None and approved_by != scope["id"]:
            raise _refuse(_("{name} was written for the instructor {instructor}: its weeks are approved by them. "
                            "Leave out who approved it, or name {instructor}.").format(
                name=name, instructor=scope["name"]), "exchange.approver")
        found = session.scalar(select(Instructor.name).where(Instructor.id == scope["id"]))
        return Approver(int(scope["id"]), str(found or scope["name"]))
    choices = _company_instructors(session, int(scope["id"]))
    listed = "; ".join(_("{name} (id {id})").format(name=c.name, id=c.id) for c in choices) or "—"
    if approved_by is None:
        raise _refuse(_("{name} was written for the company {company}: say which of its instructors filled it in "
                        "and approved its weeks (“Approved by”; on the command line --approved-by and the "
                        "instructor's id): {instructors}.").format(
            name=name, company=scope["name"], instructors=listed), "exchange.approver")
    chosen = next((c for c in choices if c.id == approved_by), None)
    if chosen is None:
        raise _refuse(_("Approved by: the instructor with id {id} is not an instructor of {company}. Choose one of "
                        "its instructors: {instructors}.").format(id=approved_by, company=scope["name"],
                                                                  instructors=listed), "exchange.approver")
    return chosen


def file_approvers(db: Database, path: str | Path) -> list[Approver]:
    """Whom the officer may name as having filled in and approved a returned company file (its company's
    instructors); empty for a file written for one instructor (they approve it). Refused (ExchangeRefused) like the
    import when the file is not one of this office's."""
    path = Path(path)
    marker, _tables = _read(path)
    exchange = _verify(db, marker, path.name)
    scope = exchange.content["scope"]
    if scope["kind"] != "company":
        return []
    with reading(db) as session:
        return _company_instructors(session, int(scope["id"]))


def _not_taken(session: Any, specs: Iterable[Mapping[str, Any]], scope: Mapping[str, Any],
               approver: Approver) -> dict[int, str]:
    """The file's agreements whose rows cannot be taken, each with why and what to do: those instructed now by
    someone else than the instructor who approved the file — reassigned since the export (to another instructor or
    company), or, in a company's file, another instructor's apprentice (only an apprentice's own instructor
    countersigns their weeks). Each agreement is a unit: its rows are all taken, or none is."""
    found: dict[int, str] = {}
    for spec in specs:
        agreement_id = int(spec["agreement_id"])
        if agreement_id in found:
            continue
        agreement = session.get(LearningAgreement, agreement_id)
        who = _("Agreement {ref} ({name})").format(ref=spec["reference"], name=spec["apprentice"])
        if agreement is None:
            found[agreement_id] = _("{agreement} is no longer in the office's records: its rows are not taken.") \
                .format(agreement=who)
            continue
        if agreement.instructor_id == approver.id:
            continue
        now = session.scalar(select(Instructor.name).where(Instructor.id == agreement.instructor_id)) or "—"
        if scope["kind"] == "company" and agreement.company_id != scope["id"]:
            company = session.scalar(select(Company.name).where(Company.id == agreement.company_id)) or "—"
            message = _("{agreement} was moved to {company} after the file was written: its rows are not taken. "
                        "Export a file for its instructor now, {instructor}, to record these weeks.").format(
                agreement=who, company=company, instructor=now)
        elif agreement.instructor_id != spec.get("instructor_id"):
            then = session.scalar(select(Instructor.name).where(Instructor.id == spec.get("instructor_id"))) or "—"
            message = _("{agreement} is instructed by {instructor} since the file was written, no longer by "
                        "{approver}: its rows are not taken. Export a file for {instructor} to record these "
                        "weeks.").format(agreement=who, instructor=now, approver=then)
        else:
            message = _("{agreement} is instructed by {instructor}, not by {approver}, who approved the file: only "
                        "an apprentice's own instructor countersigns their weeks, so its rows are not taken. If "
                        "{instructor} filled them in, import the file again naming {instructor} as who approved "
                        "it.").format(agreement=who, instructor=now, approver=approver.name)
        found[agreement_id] = message
    return found


def _not_reviewable(session: Any, rows: Iterable[_Row], refused: Collection[int],
                    taken: Collection[str]) -> dict[int, str]:
    """The file's agreements a row of which gives a decision the week's status does not allow now
    (domain.logbook.review_problems: a week returned for correction approved in the file, past the drop-down that
    offered no approval), each with why and what to do. Its agreement is not taken (as a unit, as
    :func:`_not_taken`'s); the rest of the file is. A week reviewed at the office since the file was written is a
    conflict (the office's review stays) unless the officer takes the file's decision; a returned week whose text
    the file corrects is handed in again and may be approved, as the office's form allows."""
    found: dict[int, str] = {}
    for row in rows:
        agreement_id = int(row.spec["agreement_id"])
        if row.decision is None or agreement_id in refused or agreement_id in found:
            continue
        monday = date.fromisoformat(row.spec["week"])
        status = session.scalar(select(LogbookWeek.status).where(LogbookWeek.agreement_id == agreement_id,
                                                                 LogbookWeek.week_start == monday))
        if status != row.spec["values"]["status"] and row.report.ref not in taken:
            continue
        problems = L.review_problems(status, row.decision)
        now = _current(_state(session, agreement_id, monday))
        if problems and any(row.file.get(n) != now.get(n) for n in CORRECTIONS):
            continue  # corrected in the file: handed in again, then approved (logbook_kinds.week_change_rules)
        if problems:
            found[agreement_id] = _(
                "Agreement {ref} ({name}): the week of {week} is “{status}” and the file says “{decision}”. {rule} "
                "None of this agreement's rows is taken; the file's other agreements are. Ask the instructor to "
                "choose another decision for that week (or none) and send the file again.").format(
                ref=row.spec["reference"], name=row.spec["apprentice"], week=i18n.shown_day(monday),
                status=L.status_label(status), decision=_(L.REVIEW_LABELS[row.decision]),
                rule=" ".join(p.message for p in problems))
    return found


class _DryRun(Exception):
    """Rolls back a trial import once its report is made."""


def import_workbook(db: Database, path: str | Path, *, take: Collection[int | str] | str = (),
                    dry_run: bool = False, approved_by: int | None = None, actor: Actor = SYSTEM,
                    today: date | None = None) -> ExchangeReport:
    """Take back a filled exchange workbook (see the module's description). ``take``: the rows (their numbers on
    the weekly sheet, R and the number on the ratings sheet, or "all") whose conflicts the officer settles with
    the file's values. ``approved_by``: the instructor who filled in and approved the file (a company's file needs
    one of its instructors; an instructor's file is theirs). Everything is recorded as given by them. The rows of an
    agreement instructed by someone else (reassigned since the export, or another instructor's apprentice in a
    company's file) are not taken, agreement by agreement, and reported as such (outcome "refused"); the rest is
    taken all or nothing. Refused (ExchangeRefused, with its report) when the file is not this office's, its
    locked cells changed, or a row cannot be stored."""
    today = today or date.today()
    path = Path(path)
    who = acting(db, actor)
    authorize(who, "import", doing=_("take back a weekly-report exchange file"))
    marker, tables = _read(path)
    saved_on = file_saved_on(path)
    exchange = _verify(db, marker, path.name)
    content = exchange.content
    rating_sheet = content.get("ratings")
    title, table_rows = tables[0]
    codes_sheet = content.get("codes_sheet")
    if len(tables) != 1 + (rating_sheet is not None) + (codes_sheet is not None) or (
            rating_sheet is not None and tables[1][0] != rating_sheet["sheet"]) or (
            codes_sheet is not None and tables[-1][0] != codes_sheet["sheet"]):
        raise _refuse(_("{name} has sheets that were added, removed or renamed: it is not taken. Ask the "
                        "instructor to fill in a fresh copy, or export the file again.").format(name=path.name),
                      "exchange.altered")
    table = dict(table_rows)
    rating_table = dict(tables[1][1]) if rating_sheet is not None else {}
    head = [_cell(table.get(i, ()), 0) for i in range(1, HEADER_ROW)]
    headers = list(table.get(HEADER_ROW, ()))[:COLUMNS]
    digest, signed_ratings = file_digest(
        exchange.token, content["scope"], content["key_id"], tables, [r["row"] for r in content["rows"]],
        [r["row"] for r in rating_sheet["rows"]] if rating_sheet is not None else None, marker,
        content.get("format", FORMAT_3))
    altered: list[str] = []
    if codes_sheet is not None and _grid_cells(tables[-1][1]) != _codes_signed(codes_sheet)["cells"]:
        altered.append(_("{sheet}: the list of codes was changed").format(sheet=codes_sheet["sheet"]))
    if "lists" in content and _lists_of(path) != _trailing_empty_dropped(content["lists"]):
        altered.append(_("the hidden sheet “{sheet}” of the drop-down lists' choices was changed").format(
            sheet=LISTS_SHEET))
    if rating_sheet is not None and signed_ratings is not None:
        altered += _rating_differences(rating_sheet, signed_ratings, tables[1][1])
    signature = _cell(marker.get(MARKER_SIGNATURE, ()), 0)
    altered = _differences(content, head, headers, table, title) + _outside(content, table_rows) + altered
    if altered or not isinstance(signature, str) or not _signature_holds(db, exchange, signature, digest):
        shown = "; ".join(altered[:12]) + (" …" if len(altered) > 12 else "")
        raise _refuse(_("{name} was changed where it is locked, so it is not taken: {what}. Ask the instructor to "
                        "fill in a fresh copy, or export the file again.").format(
            name=path.name, what=shown or _("its signature does not match its content")), "exchange.altered")
    editable = {title: {(r["row"], c) for r in content["rows"] for c in range(LOCKED, COLUMNS)}}
    if rating_sheet is not None:
        editable[rating_sheet["sheet"]] = {(r["row"], c) for r in rating_sheet["rows"] for c in (R_LEVEL, R_COMMENT)}
    formulas = _formulas(path, editable)
    if formulas:
        shown = "; ".join(formulas[:12]) + (" …" if len(formulas) > 12 else "")
        raise _refuse(_("{name} holds formulas where a value is expected ({cells}): vetdesk takes values only. Type "
                        "the value itself in these cells (e.g. 40, not =20+20) and import the file again.").format(
            name=path.name, cells=shown), "exchange.formula")
    written_on = exchange.created_at.date()
    report = ExchangeReport(exchange.token, content["scope"]["name"], written_on.isoformat(), [], dry_run=dry_run)
    learning = content.get("learning", {})
    language = content.get("language")
    rows = [_parse_row(r | {"learning": learning.get(str(r["agreement_id"]), {})}, table.get(r["row"], ()),
                       learning.get(str(r["agreement_id"]), {}), language) for r in content["rows"]]
    rated = [_parse_rating(r, rating_table.get(r["row"], ()), language)
             for r in (rating_sheet or {}).get("rows", [])]
    report.rows = [r.report for r in rows] + [r.report for r in rated]
    refs = {r.ref for r in report.rows}
    taken = refs if take == "all" else {str(n).strip().upper() for n in take}
    unknown = taken - refs
    if unknown:
        raise _refuse(_("The file has no row {rows} to take.").format(rows=", ".join(sorted(unknown))),
                      "exchange.take")
    with reading(db) as session:
        approver = _approver(session, content["scope"], approved_by, path.name)
    report.approved_by = approver.name
    label = _("Take back the weekly reports of {name} (file {token})").format(
        name=content["scope"]["name"], token=exchange.token[:8])[:200]
    try:
        with unit_of_work(db, label, who, permission="import") as uow:
            session = uow.session
            refused = _not_taken(session, [*content["rows"], *(rating_sheet or {}).get("rows", [])],
                                 content["scope"], approver)
            refused.update(_not_reviewable(session, rows, refused, taken))
            for row in rows:
                spec = row.spec
                state = _state(session, int(spec["agreement_id"]), date.fromisoformat(spec["week"]))
                base = _current(spec["values"])
                wanted = _plan(row, base, _current(state), spec["values"]["status"], state["status"], state)
                r = row.report
                if int(spec["agreement_id"]) in refused:
                    if r.outcome not in ("unchanged", "current"):
                        _refuse_row(r, refused[int(spec["agreement_id"])])
                    continue
                if r.outcome == "conflict" and r.ref not in taken:
                    wanted = row.free  # the conflicts stay as the office has them; the days it lacked are added
                    if wanted:
                        r.notes.append(_("Written from the file all the same (the office had not recorded them or "
                                         "they do not conflict): {fields}.").format(
                            fields=", ".join(_label(n) if n != "status" else _("Decision") for n in wanted)))
                if not wanted:
                    continue
                # A row that cannot be taken is still tried (the import is then refused and rolled back as a
                # whole): every problem of the row is reported at once, the office's rules' as well as the cells'.
                r.taken = r.outcome == "conflict" and r.ref in taken and not r.settled
                r.wrote = True
                try:
                    r.notes += _apply(uow, session, row, wanted, today, approver=approver.id, saved_on=saved_on,
                                      written_on=written_on)
                except RuleViolation as refusal:
                    r.outcome, r.taken, r.wrote = "error", False, False
                    r.problems += [p.message for p in refusal.problems
                                   if p.field not in row.said and p.message not in r.problems]
            # The ratings dated as the weeks' decisions: the day the file was saved, when it can be.
            _apply_ratings(uow, session, rated, taken, today, file_day(saved_on, written_on, today),
                           approver=approver.id, refused=refused)
            failed = [r for r in report.rows if r.outcome == "error"]
            if failed:
                raise ExchangeRefused([error(f"row {r.ref}", _("Row {row} ({name}, {what}): {problems}")
                                             .format(row=r.ref, name=r.apprentice, what=r.subject,
                                                     problems=" ".join(r.problems)), "exchange.row")
                                       for r in failed], report)
            if dry_run:
                raise _DryRun()
            written = [r.row if r.week is not None else r.ref for r in report.rows
                       if r.outcome == "write" or r.taken or r.wrote]
            if not written:
                return report  # taken back before: nothing to write, not even that it was taken back
            record = session.get(LogbookExchange, exchange.id)
            assert record is not None
            record.imported_at, record.imported_by = utcnow(), uow.actor.username
            record.imports = (record.imports or 0) + 1
            uow.audit(kind="logbook_exchanges", record_id=record.id, action="import",
                      after={"file": path.name, "rows_written": written, "approved_by": approver.name,
                             **({"rows_refused": not_taken} if (not_taken := [
                                 r.row if r.week is not None else r.ref for r in report.rows
                                 if r.outcome == "refused"]) else {}),
                             "conflicts_kept": [r.row if r.week is not None else r.ref
                                                for r in report.conflicts if not r.taken],
                             # The instructor's comments on ratings the office kept: recorded, not lost.
                             **({"comments_kept": kept} if (kept := {
                                 r.ref: r.comment for r in report.conflicts if not r.taken and r.comment}) else {})})
    except _DryRun:
        return report
    report.written = any(r.outcome == "write" or r.taken or r.wrote for r in report.rows)
    return report
