"""How a record of each kind describes itself in a line: the command line's line per record and a picker's second
line. Each kind names its own functions in the registry (``services.kinds``); nothing here asks which kind it is
handling."""

from __future__ import annotations

from datetime import date
from typing import Any

from vetdesk.domain.lifecycle import status_label
from vetdesk.domain.training import collaboration_status_label
from vetdesk.i18n import N_, _, ngettext, shown_day

Record = dict[str, Any]


def _day(value: date | None) -> str:
    """A day in the command line's tab-separated lines: ISO, so scripts read it back."""
    return value.isoformat() if value else ""


def _field_text(field: Any, value: Any) -> str:
    """A field's stored value in a list's line as the other lines say theirs: a choice in the reader's words, yes
    or no for a tick (never Python's "True"), a day as YYYY-MM-DD for scripts, the rest as stored."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, date):
        return value.isoformat()
    if field.choices:
        return next((_(label) for code, label in field.choices if code == value), str(value))
    if str(field.type).startswith("choice:"):
        from vetdesk.domain.choices import choice

        option = choice(field.type[7:]).option(str(value))
        return _(option.label) if option is not None else str(value)
    return str(value)


def fields_line(fields: tuple[Any, ...], r: Record) -> str:
    """A kind without a line of its own: its id and its first fields (a choice in words, a tick as yes or no,
    dates as YYYY-MM-DD, long text cut short), so a list says more than the numbers."""
    cells = [str(r["id"])]
    for f in fields[:7]:
        text = " ".join(_field_text(f, r.get(f.name)).split())
        cells.append(text if len(text) <= 40 else text[:39] + "…")
    return "\t".join(cells)


# -- the command line's line per record (``vetdesk list``) -------------------------------------------------

def apprentice_line(r: Record) -> str:
    return f"{r['id']}\t{r['curp']}\t{r['name']}\t{_day(r['birth_date'])}\t{r['sex']}"


def company_line(r: Record) -> str:
    return f"{r['id']}\t{r['rfc']}\t{r['name']}\t{r.get('state') or ''}"


def school_line(r: Record) -> str:
    return f"{r['id']}\t{r['cct']}\t{r['name']}"


def programme_line(r: Record) -> str:
    return f"{r['id']}\t{r['code']}\t{r['name']}\t{r['duration_months']}"


def instructor_line(r: Record) -> str:
    return f"{r['id']}\t{r['company_id']}\t{r['name']}\t{r.get('email') or ''}\t{r.get('qualification') or ''}"


def agreement_line(r: Record) -> str:
    return (f"{r['id']}\t{r['reference']}\t{status_label(r['status'])}\t{r['apprentice_id']}\t"
            f"{r['company_id']}\t{_day(r['start_date'])}\t{_day(r['end_date'])}")


def assessment_line(r: Record) -> str:
    return (f"{r['id']}\t{r['agreement_id']}\t{r['competency_id']}\t{_day(r['assessed_on'])}\t"
            f"{r.get('level') if r.get('level') is not None else ''}\t{r.get('rater_role') or ''}")


def _word(code: str | None) -> str:
    """A choice's stored code (technical, liaison) in the reader's words."""
    from vetdesk.services.fields import choice_label

    return choice_label(code) if code else ""


def competency_line(r: Record) -> str:
    retired = f"\t{_day(r['retired_on'])}" if r.get("retired_on") else ""
    return f"{r['id']}\t{r['programme_id']}\t{r['code']}\t{r['title']}\t{_word(r.get('kind'))}{retired}"


def tutor_line(r: Record) -> str:
    return f"{r['id']}\t{r['school_id']}\t{r['name']}\t{_word(r.get('role'))}\t{r.get('email') or ''}"


def coordinator_line(r: Record) -> str:
    return f"{r['id']}\t{r['name']}\t{r.get('job_title') or ''}\t{r.get('email') or ''}"


def position_line(r: Record) -> str:
    return f"{r['id']}\t{r['company_id']}\t{r['name']}\t{r.get('department') or ''}"


def plan_line(r: Record) -> str:
    steps = ", ".join(f"{s['position_id']}:{s['weeks']}" for s in r.get("steps") or [])
    return f"{r['id']}\t{r['company_id']}\t{r['programme_id']}\t{r['name']}\tv{r['plan_version']}\t{steps}"


def rotation_line(r: Record) -> str:
    return f"{r['id']}\t{r['agreement_id']}\t{r['position_id']}\t{_day(r.get('actual_start'))}\t" \
           f"{_day(r.get('actual_end'))}"


def collaboration_line(r: Record) -> str:
    return (f"{r['id']}\t{r['reference']}\t{collaboration_status_label(r['status'])}\t{r['school_id']}\t"
            f"{r['company_id']}\t{_day(r['start_date'])}\t{_day(r.get('end_date'))}")


#: The columns of each kind's line above, named for the header ``vetdesk list`` prints above them (the user's
#: language). A kind without a line of its own is headed by its id and its first fields' labels.
LINE_HEADERS: dict[str, tuple[str, ...]] = {
    "apprentices": (N_("No."), N_("CURP"), N_("Name"), N_("Birth date"), N_("Sex")),
    "companies": (N_("No."), N_("RFC"), N_("Name"), N_("State")),
    "schools": (N_("No."), N_("CCT"), N_("Name")),
    "programmes": (N_("No."), N_("Code"), N_("Name"), N_("Duration (months)")),
    "instructors": (N_("No."), N_("Company no."), N_("Name"), N_("E-mail"), N_("Qualification")),
    "agreements": (N_("No."), N_("Reference"), N_("Status"), N_("Apprentice no."), N_("Company no."),
                   N_("Start date"), N_("End date")),
    "assessments": (N_("No."), N_("Agreement no."), N_("Competency no."), N_("Assessed on"), N_("Level"),
                    N_("Rated by")),
    "competencies": (N_("No."), N_("Programme no."), N_("Code"), N_("Competency"), N_("Kind"), N_("Retired on")),
    "tutors": (N_("No."), N_("School no."), N_("Name"), N_("Role"), N_("E-mail")),
    "coordinators": (N_("No."), N_("Name"), N_("Job title"), N_("E-mail")),
    "positions": (N_("No."), N_("Company no."), N_("Name"), N_("Department")),
    "rotation_plans": (N_("No."), N_("Company no."), N_("Programme no."), N_("Name"), N_("Version"),
                       N_("Positions and weeks (position no.:weeks)")),
    "rotations": (N_("No."), N_("Agreement no."), N_("Position no."), N_("Started there on"), N_("Left on")),
    "collaborations": (N_("No."), N_("Reference"), N_("Status"), N_("School no."), N_("Company no."),
                       N_("Start date"), N_("End date")),
}


def line_header(kind: str, fields: tuple[Any, ...] | None) -> str | None:
    """The header line above ``vetdesk list``'s lines of ``kind``, in the user's language: its columns named
    (:data:`LINE_HEADERS`), or, for a kind without a line of its own, ``fields``'s (its id and first fields, as
    :func:`fields_line` writes them); None for a line no header names yet."""
    names = LINE_HEADERS.get(kind)
    if names is not None:
        return "\t".join(_(n) for n in names)
    return "\t".join([_("No."), *(f.title() for f in fields[:7])]) if fields is not None else None


# -- a picker's second line (the agreement wizard) ---------------------------------------------------------

def apprentice_detail(r: Record) -> str:
    born = shown_day(r["birth_date"]) if r.get("birth_date") else ""
    return " · ".join(p for p in (r.get("curp") or "", _("born {date}").format(date=born) if born else "") if p)


def company_detail(r: Record) -> str:
    return " · ".join(p for p in (r.get("rfc"), r.get("state")) if p)


def instructor_detail(r: Record) -> str:
    qualification = r.get("qualification") or _("no qualification recorded")
    capacity = r.get("capacity")
    if capacity:
        return " · ".join((qualification, _("capacity {n}").format(n=capacity)))
    return qualification


def school_detail(r: Record) -> str:
    return " · ".join(p for p in (r.get("cct"), r.get("subsystem"), r.get("state")) if p)


def tutor_detail(r: Record) -> str:
    return " · ".join(p for p in (r.get("email"), r.get("phone")) if p)


def programme_detail(r: Record) -> str:
    return " · ".join((r.get("code") or "", ngettext("{n} month", "{n} months", r["duration_months"])
                       .format(n=r["duration_months"])))
