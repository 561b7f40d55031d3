"""One-line descriptions of records, for the command line and lists."""

from __future__ import annotations

from typing import Any

from vetdesk.domain.lifecycle import status_label
from vetdesk.domain.training import collaboration_status_label


def status_text(kind: str, status: str | None) -> str:
    """A record's status in the user's words (an agreement's, a collaboration agreement's)."""
    if kind == "collaborations":
        return collaboration_status_label(status or "")
    if kind == "agreements":
        return status_label(status or "")
    if kind == "logbook":
        from vetdesk.domain.logbook import status_label as week_status

        return week_status(status)
    return status or ""


def record_line(kind: str, r: dict[str, Any]) -> str:
    if kind == "apprentices":
        return f"{r['id']}\t{r['curp']}\t{r['name']}\t{r['birth_date'].isoformat()}\t{r['sex']}"
    if kind == "companies":
        return f"{r['id']}\t{r['rfc']}\t{r['name']}\t{r.get('state') or ''}"
    if kind == "schools":
        return f"{r['id']}\t{r['cct']}\t{r['name']}"
    if kind == "programmes":
        return f"{r['id']}\t{r['code']}\t{r['name']}\t{r['duration_months']}"
    if kind == "instructors":
        return f"{r['id']}\t{r['company_id']}\t{r['name']}\t{r.get('email') or ''}\t{r.get('qualification') or ''}"
    if kind == "agreements":
        return (f"{r['id']}\t{r['reference']}\t{status_label(r['status'])}\t{r['apprentice_id']}\t"
                f"{r['company_id']}\t{r['start_date'].isoformat()}\t{r['end_date'].isoformat()}")
    if kind == "assessments":
        return (f"{r['id']}\t{r['agreement_id']}\t{r['competency_id']}\t{r['assessed_on'].isoformat()}\t"
                f"{r.get('level') if r.get('level') is not None else ''}\t{r.get('rater_role') or ''}")
    if kind == "competencies":
        retired = f"\t{r['retired_on'].isoformat()}" if r.get("retired_on") else ""
        return f"{r['id']}\t{r['programme_id']}\t{r['code']}\t{r['title']}\t{r.get('kind') or ''}{retired}"
    if kind == "tutors":
        return f"{r['id']}\t{r['school_id']}\t{r['name']}\t{r.get('role') or ''}\t{r.get('email') or ''}"
    if kind == "coordinators":
        return f"{r['id']}\t{r['name']}\t{r.get('job_title') or ''}\t{r.get('email') or ''}"
    if kind == "positions":
        return f"{r['id']}\t{r['company_id']}\t{r['name']}\t{r.get('department') or ''}"
    if kind == "rotation_plans":
        steps = ", ".join(f"{s['position_id']}:{s['weeks']}" for s in r.get("steps") or [])
        return f"{r['id']}\t{r['company_id']}\t{r['programme_id']}\t{r['name']}\tv{r['plan_version']}\t{steps}"
    if kind == "rotations":
        start = r["actual_start"].isoformat() if r.get("actual_start") else ""
        end = r["actual_end"].isoformat() if r.get("actual_end") else ""
        return f"{r['id']}\t{r['agreement_id']}\t{r['position_id']}\t{start}\t{end}"
    if kind == "collaborations":
        end = r["end_date"].isoformat() if r.get("end_date") else ""
        return (f"{r['id']}\t{r['reference']}\t{collaboration_status_label(r['status'])}\t{r['school_id']}\t"
                f"{r['company_id']}\t{r['start_date'].isoformat()}\t{end}")
    return _fields_line(kind, r)


def _fields_line(kind: str, r: dict[str, Any]) -> str:
    """A kind without a line of its own: its id and its first fields as stored (dates as YYYY-MM-DD, long text
    cut short), so a list says more than the numbers."""
    from datetime import date

    from vetdesk.services.kinds import KINDS

    cells = [str(r["id"])]
    for f in KINDS[kind].fields[:7] if kind in KINDS else ():
        value = r.get(f.name)
        text = "" if value is None else value.isoformat() if isinstance(value, date) else str(value)
        text = " ".join(text.split())
        cells.append(text if len(text) <= 40 else text[:39] + "…")
    return "\t".join(cells)
