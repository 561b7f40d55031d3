"""Office settings kept in the database (letterhead, rule thresholds). PC settings live in QSettings."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vetdesk.domain import bounds
from vetdesk.domain.problems import Problem, RuleViolation, error
from vetdesk.domain.rules import Thresholds
from vetdesk.domain.training import Strictness, setting_problems
from vetdesk.i18n import _
from vetdesk.services.actors import SYSTEM, Actor
from vetdesk.storage.engine import Database
from vetdesk.storage.plain import PlainReads

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# SQLAlchemy, the models and the units of work load when a setting is saved, not with this module: the one-shot
# print command reads the settings with plain SQL (storage.plain) and never imports them.

DEFAULTS: dict[str, Any] = {
    "chamber_name": "Cámara Mexicano-Alemana de Comercio e Industria (CAMEXA)",
    "chamber_address": "Av. Santa Fe 170, Lomas de Santa Fe, 01219 Ciudad de México",
    #: The logo itself, as a ``data:`` URI: every PC of a shared office prints it, and backups carry it.
    #: (vetdesk before 2026-11-25 stored a path on the PC; such a path is still read while the file exists.)
    "chamber_logo": "",
    "chamber_place": "Ciudad de México",
    #: Who signs for the chamber office when the collaboration agreement names no coordinator, and their title.
    "chamber_signatory": "",
    "chamber_signatory_title": "",
    #: The paper every document is printed on: letter (Mexican offices) or a4; ``vetdesk print --paper`` overrides.
    "paper_size": "letter",
    # The thresholds' defaults are the domain's (Thresholds), read without the settings table too.
    "instructor_capacity": Thresholds.instructor_capacity,
    "weeks_without_assessment": Thresholds.weeks_without_assessment,
    "expiry_notice_days": Thresholds.expiry_notice_days,
    "logbook_overdue_days": Thresholds.logbook_overdue_days,
    #: The day the office began keeping weekly reports in vetdesk (ISO date): weeks before it are not overdue.
    #: Empty: the day the first weekly report was recorded (stored then), before that the office's set-up day.
    "logbook_kept_since": "",
    #: Whether the office keys its paper weekly reports into vetdesk (the printed week's QR code), so that an
    #: agreement whose record is kept on paper owes its weeks in vetdesk too (domain.logbook.kept_in_vetdesk).
    "logbook_paper_owed": False,
    "absence_days": Thresholds.absence_days,
    "absence_weeks": Thresholds.absence_weeks,
    "anonymise_after_years": 5,
    # How strictly the training set-up's rules apply (domain.training.Strictness): error, warning or off.
    "collaboration_rule": Strictness.collaboration_rule,
    "plan_term_rule": Strictness.plan_term_rule,
    "plan_term_tolerance_weeks": Strictness.plan_term_tolerance_weeks,
    "plan_coverage_rule": Strictness.plan_coverage_rule,
}


PAPER_SIZES = ("letter", "a4")

#: How wide the office's logo is printed on a document's letterhead (millimetres).
LOGO_WIDTH_MM = 17
#: The largest logo file taken in, in megabytes (it is printed LOGO_WIDTH_MM wide: a few hundred kilobytes is
#: plenty).
LOGO_MAX_MB = 2
LOGO_MAX_BYTES = LOGO_MAX_MB * 1024 * 1024
_LOGO_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


def logo_problems(path: str | Path) -> list[Problem]:
    """What is wrong with the file chosen as the office's logo (nothing: it can be stored and printed)."""
    file = Path(path)
    if not file.is_file():
        return [error("chamber_logo", _("There is no file {path}. Choose the logo with the folder button, or leave "
                                        "the field empty.").format(path=path), "logo.missing")]
    if file.stat().st_size > LOGO_MAX_BYTES:
        return [error("chamber_logo", _("The logo file is larger than {size} MB. Save the picture smaller (it is "
                                        "printed {width} mm wide) and choose it again.").format(
            size=LOGO_MAX_MB, width=LOGO_WIDTH_MM), "logo.size")]
    data = file.read_bytes()
    try:
        from PIL import Image

        with Image.open(file) as picture:
            picture.verify()
        readable = any(data.startswith(magic) for magic in _LOGO_TYPES)
    except Exception:  # noqa: BLE001 - any reason Pillow cannot read it means the same to the officer
        readable = False
    if not readable:
        return [error("chamber_logo", _("This file is not a picture vetdesk can read. Choose a PNG or JPEG file."),
                      "logo.format")]
    return []


def office_problems(values: dict[str, Any]) -> list[Problem]:
    """What is wrong with office settings about to be saved (only the keys given are looked at): the
    chamber's name heads every printed page; a logo named by its file must be a picture vetdesk can store."""
    problems: list[Problem] = []
    if "chamber_name" in values and not str(values["chamber_name"] or "").strip():
        problems.append(error("chamber_name", _("Give the chamber's name; it heads every printed page."),
                              "chamber_name.missing"))
    logo = str(values.get("chamber_logo") or "").strip()
    if logo and not logo.startswith("data:"):
        problems += logo_problems(logo)
    if "paper_size" in values and values["paper_size"] not in PAPER_SIZES:
        problems.append(error("paper_size", _("The paper size must be letter or a4; choose one of these."),
                              "paper_size.value"))
    problems += setting_problems(values)
    if LOGBOOK_SINCE in values:
        problems += kept_since_problems(values[LOGBOOK_SINCE])[0]
    if "logbook_paper_owed" in values and not isinstance(values["logbook_paper_owed"], bool):
        problems.append(error("logbook_paper_owed", _(
            "Paper weekly reports keyed into vetdesk: answer yes or no."), "setting.paper_owed"))
    for key, (low, high), message in (
            ("absence_days", bounds.ABSENCE_DAYS,
             _("Unexcused absences before a flag: give a whole number of days from {low} to {high}.")),
            ("absence_weeks", bounds.ABSENCE_WEEKS,
             _("Weeks the unexcused absences are counted over: give a whole number from {low} to {high}."))):
        value = values.get(key)
        if key in values and (not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high):
            problems.append(error(key, message.format(low=low, high=high), "setting.absence"))
    return problems


def logbook_since_in_effect(db: Database) -> date | None:
    """The day weekly reports are kept in vetdesk since (``logbook_since.logbook_kept_since``), for the settings
    to show."""
    from vetdesk.services.logbook_since import kept_since_in
    from vetdesk.services.uow import reading

    with reading(db) as session:
        return kept_since_in(session)


#: The day weekly reports are kept in vetdesk since (services.logbook_since).
LOGBOOK_SINCE = "logbook_kept_since"


def kept_since_problems(value: Any) -> tuple[list[Problem], str]:
    """The setting as stored (an ISO date, or "" for the default) and why it cannot be."""
    if value is None or isinstance(value, str) and not value.strip():
        return [], ""
    from vetdesk.services.fields import date_example, parse_date

    text = "" if isinstance(value, date) else str(value).strip()
    found = value if isinstance(value, date) else parse_date(text)
    if found is None:
        try:
            found = date.fromisoformat(text)
        except ValueError:
            return [error(LOGBOOK_SINCE, _("Weekly reports kept in vetdesk since: {value} is not a date; write it "
                                           "like {example}, or leave it empty (the day the first weekly report "
                                           "was recorded).").format(value=text[:40], example=date_example()),
                          "setting.kept_since")], ""
    if found > date.today():
        from vetdesk.i18n import shown_day

        # A day to come would make no week owed until then: every reminder silenced, nothing in the exchange file.
        return [error(LOGBOOK_SINCE, _("Weekly reports kept in vetdesk since: {value} is still to come. Write the day "
                                       "the office began keeping weekly reports in vetdesk, today or earlier, or "
                                       "leave it empty (the day the first weekly report was recorded).").format(
            value=shown_day(found)), "setting.kept_since_future")], ""
    return [], found.isoformat()


def logo_from_file(path: str | Path) -> str:
    """The picture at ``path`` as the value stored for ``chamber_logo``; refused with the reason otherwise."""
    problems = logo_problems(path)
    if problems:
        raise RuleViolation(problems)
    data = Path(path).read_bytes()
    kind = next(t for magic, t in _LOGO_TYPES.items() if data.startswith(magic))
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


def logo_image(value: object) -> bytes | None:
    """The bytes of a stored logo (None: there is none, or the older path's file is gone)."""
    text = str(value or "").strip()
    if not text:
        return None
    if text.startswith("data:"):
        try:
            return base64.b64decode(text.split(",", 1)[1], validate=True)
        except (IndexError, binascii.Error):
            return None
    try:
        return Path(text).read_bytes() if Path(text).is_file() else None
    except OSError:
        return None


def _audited(key: str, value: Any) -> Any:
    """A setting as the audit trail records it: a stored picture by its size, not its bytes."""
    if key == "chamber_logo" and isinstance(value, str) and value.startswith("data:"):
        return _("picture stored in the database ({size} KB)").format(size=max(1, len(value) * 3 // 4 // 1024))
    return value


def stored_settings(reads: PlainReads) -> dict[str, Any]:
    """The office's settings, the defaults for those never saved (plain SQL: a session's or a bare connection's)."""
    return DEFAULTS | {key: json.loads(value) for key, value in reads.rows("SELECT key, value FROM settings")}


def _load(session: Session) -> dict[str, Any]:
    from vetdesk.storage.plain import SessionReads

    return stored_settings(SessionReads(session))


def thresholds(session: Session) -> Thresholds:
    return Thresholds.from_settings(_load(session))


def strictness(session: Session) -> Strictness:
    """How strictly the office applies the training set-up's rules."""
    return Strictness.from_settings(_load(session))


#: The letterhead's details each office types itself: vetdesk's defaults for them are one office's (CAMEXA's), an
#: example to show, never to offer as a new office's own.
OWN_DETAILS = ("chamber_name", "chamber_address", "chamber_place")


def own_details(db: Database) -> dict[str, str]:
    """The letterhead's details (:data:`OWN_DETAILS`) as the office saved them; empty for those it never saved,
    so that a new office types its own instead of keeping another's address."""
    from vetdesk.services.uow import reading
    from vetdesk.storage.plain import SessionReads

    with reading(db) as session:
        saved = {key: json.loads(value) for key, value in SessionReads(session).rows(
            "SELECT key, value FROM settings WHERE key IN ('chamber_name', 'chamber_address', 'chamber_place')")}
    return {key: str(saved.get(key) or "") for key in OWN_DETAILS}


def detail_example(key: str) -> str:
    """What a letterhead's detail looks like (shown in its empty field): ``e.g. Av. Santa Fe 170, …``."""
    return _("e.g. {example}").format(example=DEFAULTS[key])


def office_settings(db: Database) -> dict[str, Any]:
    from vetdesk.services.uow import reading

    with reading(db) as session:
        return _load(session)


def save_office_settings(db: Database, changes: dict[str, Any], *, actor: Actor = SYSTEM) -> None:
    """Save office settings. ``chamber_logo`` may be given as the path of a picture: the picture itself is
    stored (checked first; a refusal writes nothing), so that every PC of the office prints it."""
    problems = office_problems(changes)
    if problems:
        raise RuleViolation(problems)
    changes = dict(changes)
    if LOGBOOK_SINCE in changes:
        changes[LOGBOOK_SINCE] = kept_since_problems(changes[LOGBOOK_SINCE])[1]
    logo = str(changes.get("chamber_logo") or "").strip()
    if logo and not logo.startswith("data:"):
        changes["chamber_logo"] = logo_from_file(logo)
    from vetdesk.services.uow import unit_of_work
    from vetdesk.storage.models import Setting

    with unit_of_work(db, _("Change office settings"), actor, permission="settings") as uow:
        before = _load(uow.session)
        for key, value in changes.items():
            if key not in DEFAULTS:
                raise KeyError(key)
            row = uow.session.get(Setting, key)
            if row is None:
                uow.session.add(Setting(key=key, value=json.dumps(value)))
            else:
                row.value = json.dumps(value)
        uow.audit(kind="settings", record_id=None, action="update",
                  before={k: _audited(k, before.get(k)) for k in changes},
                  after={k: _audited(k, v) for k, v in changes.items()})
        if LOGBOOK_SINCE in changes and changes[LOGBOOK_SINCE] != before.get(LOGBOOK_SINCE):
            from vetdesk.services.logbook_since import recount_due

            recount_due(uow.session)

