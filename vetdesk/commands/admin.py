"""Command-line sub-commands for the shared office: ``user`` and ``history``."""

from __future__ import annotations

import argparse
import sys

from vetdesk.commands.base import COMMANDS, UsageError, kind_of, open_db, print_json, record, say, whole_number
from vetdesk.i18n import _, ngettext

# The services are imported inside each command: the window's start builds this parser and needs none of them.


def _configure_user(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=["add", "list", "passwd", "activate", "deactivate", "role"],
                   help=_("add, list, passwd (a new password), deactivate (can no longer sign in; kept in the "
                          "history), activate, role (give another role with --role)"))
    p.add_argument("name", nargs="?")
    p.add_argument("--role", choices=["administrator", "officer", "instructor", "viewer"])
    p.add_argument("--instructor-id", type=int)
    p.add_argument("--full-name")
    p.add_argument("--json", action="store_true")


def _new_password(name: str) -> str:
    import getpass
    import os

    value = os.environ.get("VETDESK_NEW_PASSWORD")
    if value is not None:
        return value
    first = getpass.getpass(_("New password for {name}: ").format(name=name))
    second = getpass.getpass(_("Repeat the new password: "))
    from vetdesk.services import users

    mismatch = users.repeat_problems(first, second, field="password")
    if mismatch:
        from vetdesk.domain.problems import RuleViolation

        raise RuleViolation(mismatch)
    return first


def _run_user(args: argparse.Namespace) -> int:
    from vetdesk.services import users

    db = open_db(args)
    if args.action == "list":
        rows = users.list_users(db)
        if args.json:
            print_json([u.__dict__ for u in rows])
        else:
            for u in rows:
                sys.stdout.write(f"{u.id}\t{u.username}\t{u.role}\t{u.full_name or ''}\n")
        return 0
    if not args.name:
        say(_("Give the user name."))
        return 2
    if args.action == "add":
        if not args.role:
            say(_("Give the role with --role administrator|officer|instructor|viewer."))
            return 2
        db.may_manage_users()  # refused before a password is asked for
        info = db.create_user(username=args.name, password=_new_password(args.name), role=args.role,
                              full_name=args.full_name, instructor_id=args.instructor_id)
        sys.stdout.write(f"{info.id}\n")
        return 0
    if args.action in ("activate", "deactivate"):
        db.set_user_active(username=args.name, active=args.action == "activate")
        done = (_("{name} can sign in again.") if args.action == "activate" else
                _("{name} can no longer sign in; their work stays in the history."))
        say(done.format(name=args.name))
        return 0
    if args.action == "role":
        if not args.role:
            say(_("Give the role with --role administrator|officer|instructor|viewer."))
            return 2
        info = db.change_role(username=args.name, role=args.role, instructor_id=args.instructor_id)
        from vetdesk.domain.permissions import ROLE_LABELS, Role

        say(_("{name} is now: {role}.").format(name=info.username, role=_(ROLE_LABELS[Role(info.role)])))
        return 0
    db.may_change_password(args.name)  # refused before a password is asked for
    db.change_password(username=args.name, password=_new_password(args.name))
    say(_("Password changed."))
    return 0


def _configure_history(p: argparse.ArgumentParser) -> None:
    p.add_argument("kind")
    p.add_argument("id", type=record(""))
    p.add_argument("--json", action="store_true")


def _run_history(args: argparse.Namespace) -> int:
    from vetdesk.services import records
    from vetdesk.services.kinds import KINDS

    # "assessment" or "assessments", "evaluación"…: the kind as every command names it (records' own kinds, or
    # what only an administrator reads, such as users); any other word is refused with the kinds, before the
    # database is opened (as vetdesk show does).
    kind = kind_of(args.kind, [*KINDS, *records.ADMIN_HISTORY])
    if kind is None:
        raise UsageError(_("{kind} is not a kind of record; use one of: {kinds}.").format(
            kind=str(args.kind)[:40], kinds=", ".join((*records.PUBLIC_KINDS, *records.ADMIN_HISTORY))))
    db = open_db(args)
    rows = records.history(db, kind, args.id)
    if args.json:
        print_json(rows)
    elif not rows:  # a record entered before its history was kept (the demonstration data): said, not silence
        say(_("No change of this record is in its history."))
    else:
        from vetdesk.domain.week_files import file_in_history

        for r in rows:
            # a file attached or removed: the file's name, kind and size (the window's words), not its keys
            changed = file_in_history(r["changes"].get("after") or r["changes"].get("before") or {}) or ", ".join(
                sorted(set(r["changes"].get("after", {})) | set(r["changes"].get("before", {}))))
            sys.stdout.write(f"{r['at']}\t{r['user'] or '-'}\t{r['action']}\t{r['operation']}\t{changed}\n")
    return 0


COMMANDS["user"] = (_("manage the office's users"), (_configure_user, _run_user))
COMMANDS["history"] = (_("show the change history of a record"), (_configure_history, _run_history))


def _configure_anonymise(p: argparse.ArgumentParser) -> None:
    from vetdesk.domain.bounds import ANONYMISE_YEARS

    p.add_argument("--years", type=whole_number(*ANONYMISE_YEARS),
                   help=_("anonymise apprentices whose agreements ended more than this many years ago (default: "
                          "the office setting)"))
    p.add_argument("--dry-run", action="store_true")


def _run_anonymise(args: argparse.Namespace) -> int:
    from vetdesk.services import privacy
    from vetdesk.services.settings import office_settings

    db = open_db(args)
    years = args.years if args.years is not None else int(office_settings(db)["anonymise_after_years"])
    if args.dry_run:
        n = len(privacy.candidates(db, years=years))
        say(ngettext("{n} apprentice record would be anonymised.", "{n} apprentice records would be anonymised.",
                     n).format(n=n))
        return 0
    n = db.anonymise_ended(years=years)
    say(ngettext("{n} apprentice record anonymised.", "{n} apprentice records anonymised.", n).format(n=n))
    return 0


COMMANDS["anonymise"] = (_("anonymise the records of apprentices whose training ended long ago"),
                               (_configure_anonymise, _run_anonymise))


def _configure_admin(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=["pg-setup"],
                   help=_("pg-setup: create the PostgreSQL roles of a shared office (run once by the server's "
                          "administrator, connected as the server's superuser)"))


def _run_admin(args: argparse.Namespace) -> int:
    import os

    db = open_db(args)
    (owner, app, admin), logins = db.setup_pg_roles(owner_password=os.environ.get("VETDESK_OWNER_PASSWORD"))
    say(_("Roles ready: {owner} (migrations only), {app} (office users), {admin} (administrators).")
        .format(owner=owner, app=app, admin=admin))
    for login in logins:
        secret = login.password if login.password is not None else _("(unchanged)")
        sys.stdout.write(f"{login.username}\t{login.role}\t{login.login}\t{secret}\n")
    return 0


COMMANDS["admin"] = (_("administer a shared PostgreSQL office (database roles)"), (_configure_admin, _run_admin))
