"""Who may do what with weekly reports, enumerated: every operation of the services and every ``vetdesk logbook`` /
``vetdesk remind`` command, for every role (an instructor on their own apprentice; another's is refused by the
scope, see test_weeks)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.logbook.conftest import START, World, fill
from vetdesk.domain.problems import RuleViolation
from vetdesk.services import dashboard, exchange, logbook, records, reminders, users
from vetdesk.services.uow import Actor

ROLES = ("administrator", "officer", "instructor", "viewer")
#: The operations each role may not do (all others it may).
DENIED = {
    "administrator": set(),
    "officer": set(),
    "instructor": {"export", "import"},
    # A viewer reads a week on screen and prints no form of it (a file of an apprentice's records, t5c).
    "viewer": {"create", "write", "review", "attendance", "form", "export", "import"},
}


def _operations(w: World, tmp_path: Path) -> dict[str, Callable[[Actor], Any]]:
    week = logbook.write_week(w.db, agreement_id=w.mine, week=w.week(0),
                              values={"activities": "Tornos", "status": "submitted"}).id
    book = exchange.export_workbook(w.db, tmp_path / "book.xlsx", instructor_id=w.instructor).path
    filled = fill(book, tmp_path / "filled.xlsx", {(exchange.FIRST_ROW + 2, 9): "present"})

    def on(who: Actor) -> Any:
        return w.db.as_user(who)

    return {
        "list": lambda who: records.list_ids(on(who), "logbook"),
        "list attendance": lambda who: records.list_ids(on(who), "attendance"),
        "create": lambda who: records.create(on(who), "logbook", {"agreement_id": w.mine, "week_start": w.week(1)}),
        "write": lambda who: logbook.write_week(on(who), agreement_id=w.mine, week=w.week(2),
                                                values={"hours": "20"}),
        "review": lambda who: logbook.review(on(who), week, decision="comment", note=f"Nota de {who.role}"),
        "attendance": lambda who: logbook.record_attendance(on(who), agreement_id=w.mine,
                                                            days={START: "present"}),
        "record": lambda who: logbook.agreement_logbook(on(who), w.mine),
        "form": lambda who: logbook.week_form_document(on(who), agreement_id=w.mine, week=w.week(0)),
        "export": lambda who: exchange.export_workbook(on(who), tmp_path / f"{who.role}.xlsx",
                                                       instructor_id=w.instructor),
        "import": lambda who: exchange.import_workbook(on(who), filled, dry_run=True),
        "remind": lambda who: reminders.mark_done(on(who), dashboard.dashboard(on(who)).item("logbook_overdue")),
    }


@pytest.mark.parametrize("role", ROLES)
def test_every_operation_for_every_role(world: World, tmp_path: Path, role: str) -> None:
    w = world
    who = w.me if role == "instructor" else Actor(f"someone-{role}", role)
    for name, call in _operations(w, tmp_path).items():
        if name in DENIED[role]:
            with pytest.raises(RuleViolation) as refused:
                call(who)
            assert refused.value.problems[0].code == "permission.denied", (role, name)
        else:
            call(who)
    assert not (tmp_path / "viewer.xlsx").exists() and not (tmp_path / "instructor.xlsx").exists()


COMMANDS: list[tuple[str, list[str], set[str]]] = [
    # (name, arguments ({agreement}, {week}, {instructor}, {file}, {out} filled in), roles refused)
    ("show", ["logbook", "show", "{agreement}"], set()),
    ("review", ["logbook", "review", "{week}", "comment", "--note", "Bien"], {"viewer"}),
    ("print", ["logbook", "print", "{agreement}", "{start}", "-o", "{out}.pdf"], {"viewer"}),
    ("export", ["logbook", "export", "--instructor", "{instructor}", "-o", "{out}.xlsx"], {"instructor", "viewer"}),
    ("import", ["logbook", "import", "{file}", "--dry-run"], {"instructor", "viewer"}),
    ("remind", ["remind", "snooze", "logbook_overdue", "--until", "{later}"], set()),  # a day soon
    ("list", ["list", "logbook", "--json"], set()),
    ("add", ["add", "attendance", "agreement_id={agreement}", "day={start}", "presence=present"], {"viewer"}),
]


def test_every_command_for_every_role(world: World, tmp_path: Path, cli: Any, monkeypatch: Any) -> None:
    from datetime import date, timedelta

    w = world
    week = logbook.write_week(w.db, agreement_id=w.mine, week=w.week(0),
                              values={"activities": "Tornos", "status": "submitted"}).id
    book = exchange.export_workbook(w.db, tmp_path / "book.xlsx", instructor_id=w.instructor).path
    users.create_user(w.db, username="root", password="a good password", role="administrator")
    for role in ("officer", "viewer"):
        users.create_user(w.db, username=role, password="a good password", role=role)
    users.create_user(w.db, username="instructor", password="a good password", role="instructor",
                      instructor_id=w.instructor)
    monkeypatch.setenv("VETDESK_PASSWORD", "a good password")
    names = {"administrator": "root", "officer": "officer", "viewer": "viewer", "instructor": "instructor"}
    for role in ROLES:
        for name, template, refused in COMMANDS:
            values = {"agreement": w.mine, "week": week, "instructor": w.instructor, "file": book,
                      "out": tmp_path / f"{role}-{name}", "start": START.isoformat(),
                      "later": (date.today() + timedelta(days=3)).isoformat()}
            args = [part.format(**values) for part in template]
            code, out, err = cli(w.db, "--user", names[role], *args)
            assert "Traceback" not in err
            if role in refused:
                assert code == 1 and ("role" in err or "rol" in err), (role, name, err)
            elif name == "add" and role != "viewer" and code == 1:
                assert "already registered" in err, (role, name, err)  # the first role added the day
            else:
                assert code == 0, (role, name, err)
