"""Users of an office: accounts, passwords (argon2), sign-in with slow-down after failures."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select, text

from vetdesk.domain import bounds, permissions
from vetdesk.domain.problems import Problem, RuleViolation, error
from vetdesk.i18n import _, ngettext
from vetdesk.services.firststart import has_accounts
from vetdesk.services.uow import SYSTEM, Actor, acting, reading, unit_of_work, utcnow
from vetdesk.storage.engine import Database
from vetdesk.storage.models import AuditEntry, Instructor, User
from vetdesk.storage.plain import SessionReads

_hasher = PasswordHasher()
MIN_PASSWORD = 8
#: After this many failures in a row, each further attempt must wait (doubling, capped).
FREE_ATTEMPTS = 3
MAX_WAIT_SECONDS = 300


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    full_name: str | None
    role: str
    instructor_id: int | None
    active: bool


def _info(u: User) -> UserInfo:
    return UserInfo(u.id, u.username, u.full_name, u.role, u.instructor_id, u.active)


def has_users(db: Database) -> bool:
    with reading(db) as session:
        return has_accounts(SessionReads(session))


def _require(db: Database, actor: Actor, action: permissions.Action) -> None:
    problems = permissions.check(acting(db, actor).role, action)
    if problems:
        raise RuleViolation(problems)


def repeat_problems(password: str, repeat: str, *, field: str = "repeat") -> list[Problem]:
    """A new password is typed twice; the two must agree (every dialog and the command line ask this)."""
    if password == repeat:
        return []
    return [Problem(field, _("The two passwords differ; type the same password twice."), code="password.repeat")]


#: The user table's text columns' sizes.
_USER_LENGTHS = {"username": 80, "full_name": 200}


def _password_problems(password: str) -> list[Problem]:
    if len(password) < MIN_PASSWORD:
        return [error("password", _("The password must have at least {n} characters.").format(n=MIN_PASSWORD),
                      "password.short")]
    return []


def _instructor_problems(session: Any, instructor_id: int | None) -> list[Problem]:
    """An instructor account names the instructor it belongs to (required, never guessed: the account sees that
    instructor's apprentices)."""
    if instructor_id is None:
        return [error("instructor_id", _("Instructor: choose the instructor this account belongs to; it will see "
                                         "only that instructor's apprentices."), "user.instructor")]
    if session.get(Instructor, instructor_id) is None:
        return [error("instructor_id", _("There is no instructor with id {id}.").format(id=instructor_id),
                      "ref.missing")]
    return []


def create_user(db: Database, *, username: str, password: str, role: str, full_name: str | None = None,
                instructor_id: int | None = None, actor: Actor = SYSTEM) -> UserInfo:
    _require(db, actor, permissions.Action.USERS)
    problems: list[Problem] = []
    name = username.strip().lower()
    if not name or any(c.isspace() for c in name):
        problems.append(error("username", _("Give a user name without spaces."), "username.format"))
    for field, label, value in (("username", _("User name"), name), ("full_name", _("Full name"), full_name)):
        problem = bounds.text_problem(field, label, value or "", max_length=_USER_LENGTHS[field])
        if problem is not None:
            problems.append(problem)
    parsed = permissions.parse_role(role)
    if isinstance(parsed, Problem):
        problems.append(parsed)
    problems += _password_problems(password)
    with unit_of_work(db, _("Add user"), actor, permission="users") as uow:
        if name and uow.session.scalar(select(User.id).where(User.username == name)):
            problems.append(error("username", _("The user name {name} is taken; choose another.").format(name=name),
                                  "username.taken"))
        if parsed == permissions.Role.INSTRUCTOR:
            problems += _instructor_problems(uow.session, instructor_id)
        if problems:
            raise RuleViolation(problems)
        user = User(username=name, full_name=full_name, role=str(parsed), password_hash=_hasher.hash(password),
                    instructor_id=instructor_id, active=True, failed_logins=0, version=1,
                    created_at=utcnow(), updated_at=utcnow())
        uow.session.add(user)
        uow.session.flush()
        uow.audit(kind="users", record_id=user.id, action="create",
                  after={"username": name, "role": str(parsed), "instructor_id": instructor_id})
        return _info(user)


def list_users(db: Database, *, active_only: bool = False, actor: Actor = SYSTEM) -> list[UserInfo]:
    """The office's users by name; ``active_only``: those who may sign in (the deactivated left out, as the
    window's "Show deactivated users" box unticked asks)."""
    _require(db, actor, permissions.Action.USERS)
    stmt = select(User).order_by(User.username)
    if active_only:
        stmt = stmt.where(User.active.is_(True))
    with reading(db) as session:
        return [_info(u) for u in session.scalars(stmt)]


def _user_or_refuse(session: Any, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        raise RuleViolation([error("username", _("There is no user {name}.").format(name=username),
                                   "user.missing")])
    return user


def _keeps_an_administrator(session: Any, user: User) -> list[Problem]:
    """Refusal when ``user`` is the last active administrator (nobody could manage users any more)."""
    if user.role != permissions.Role.ADMINISTRATOR.value or not user.active:
        return []
    others = session.scalar(select(func.count(User.id)).where(
        User.role == permissions.Role.ADMINISTRATOR.value, User.active.is_(True), User.id != user.id))
    if others:
        return []
    return [error("role", _("{name} is the only active administrator: make someone else an administrator "
                            "first.").format(name=user.username), "user.last_administrator")]


def set_active(db: Database, *, username: str, active: bool, actor: Actor = SYSTEM) -> UserInfo:
    """Deactivate a user (they can no longer sign in; their name stays in the history) or activate them again.
    Nobody deactivates themselves or the last active administrator."""
    _require(db, actor, permissions.Action.USERS)
    label = _("Activate user") if active else _("Deactivate user")
    with unit_of_work(db, label, actor, permission="users") as uow:
        user = _user_or_refuse(uow.session, username)
        if user.active == active:
            return _info(user)
        if not active:
            if user.username == uow.actor.username:
                raise RuleViolation([error("username", _("You cannot deactivate yourself; ask another "
                                                         "administrator."), "user.self")])
            problems = _keeps_an_administrator(uow.session, user)
            if problems:
                raise RuleViolation(problems)
        user.active = active
        user.failed_logins = 0
        user.version += 1
        user.updated_at = utcnow()
        uow.audit(kind="users", record_id=user.id, action="update", before={"active": not active},
                  after={"active": active})
        return _info(user)


def change_role(db: Database, *, username: str, role: str, instructor_id: int | None = None,
                actor: Actor = SYSTEM) -> UserInfo:
    """Give a user another role (an instructor account names its instructor record); the last active
    administrator keeps the role."""
    _require(db, actor, permissions.Action.USERS)
    parsed = permissions.parse_role(role)
    if isinstance(parsed, Problem):
        raise RuleViolation([parsed])
    with unit_of_work(db, _("Change role"), actor, permission="users") as uow:
        user = _user_or_refuse(uow.session, username)
        problems: list[Problem] = []
        if parsed != permissions.Role.ADMINISTRATOR:
            problems += _keeps_an_administrator(uow.session, user)
        if parsed == permissions.Role.INSTRUCTOR:
            problems += _instructor_problems(uow.session, instructor_id)
        if problems:
            raise RuleViolation(problems)
        before = {"role": user.role, "instructor_id": user.instructor_id}
        user.role = str(parsed)
        user.instructor_id = instructor_id if parsed == permissions.Role.INSTRUCTOR else None
        user.version += 1
        user.updated_at = utcnow()
        uow.audit(kind="users", record_id=user.id, action="update", before=before,
                  after={"role": user.role, "instructor_id": user.instructor_id})
        return _info(user)


def may_change_password(db: Database, username: str, actor: Actor = SYSTEM) -> None:
    """Refuse, before a new password is asked for, a change of another user's password by a user whose role may
    not manage users (their own password every user may change)."""
    if acting(db, actor).username != username.strip().lower():
        _require(db, actor, permissions.Action.USERS)


def may_manage_users(db: Database, actor: Actor = SYSTEM) -> None:
    """Refuse, before anything is asked for, adding or changing users by a user whose role may not."""
    _require(db, actor, permissions.Action.USERS)


def change_password(db: Database, *, username: str, password: str, actor: Actor = SYSTEM) -> None:
    may_change_password(db, username, actor)
    problems = _password_problems(password)
    if problems:
        raise RuleViolation(problems)
    with unit_of_work(db, _("Change password"), actor, permission=None) as uow:
        user = uow.session.scalar(select(User).where(User.username == username.strip().lower()))
        if user is None:
            raise RuleViolation([error("username", _("There is no user {name}.").format(name=username),
                                       "user.missing")])
        _store_hash(uow.session, user, _hasher.hash(password))
        user.failed_logins = 0
        user.version += 1
        user.updated_at = utcnow()
        uow.audit(kind="users", record_id=user.id, action="update", before={"password": "***"},
                  after={"password": "***"})


def wait_seconds(failed: int) -> int:
    """How long a user must wait after ``failed`` failures in a row before the next attempt."""
    if failed < FREE_ATTEMPTS:
        return 0
    return min(2 ** (failed - FREE_ATTEMPTS + 1), MAX_WAIT_SECONDS)


def _unknown_name_key(name: str) -> str:
    import hashlib

    return "sign-in:" + hashlib.sha256(name.encode()).hexdigest()[:24]


def _refuse_if_waiting(failed: int, last_failed_at: datetime | None, now: datetime) -> None:
    wait = wait_seconds(failed)
    if wait and last_failed_at and now < last_failed_at + timedelta(seconds=wait):
        left = int((last_failed_at + timedelta(seconds=wait) - now).total_seconds()) + 1
        message = ngettext("Too many failed attempts. Wait {n} second before trying again.",
                           "Too many failed attempts. Wait {n} seconds before trying again.", left)
        raise RuleViolation([error("password", message.format(n=left), "login.throttled")])


def authenticate(db: Database, username: str, password: str) -> Actor:
    """Sign in; refuses a wrong password, an inactive user, or an attempt made too soon after failures."""
    name = username.strip().lower()
    wrong = RuleViolation([error("password", _("The user name or the password is wrong. Check both and try "
                                               "again."), "login.failed")])
    if bounds.forbidden_character(name) is not None or len(name) > _USER_LENGTHS["username"]:
        name = name[:_USER_LENGTHS["username"]]  # no such user can exist; answered as any unknown name below
    # The attempt is counted before the password is checked, in a transaction holding the user's row (FOR
    # UPDATE on PostgreSQL, the write lock on SQLite): attempts made in parallel are counted one after the
    # other, so no more than FREE_ATTEMPTS of them are ever checked before the wait applies.
    with unit_of_work(db, _("Sign in"), SYSTEM, permission=None) as uow:
        user = uow.session.scalar(select(User).where(User.username == name).with_for_update())
        now = utcnow()
        if user is None or not user.active:
            # Answered exactly as a real user's wrong password, throttle included: the failures of a name that
            # is no account are counted in the audit trail (under a digest of the name, never the name), so
            # "too many attempts" does not tell that a name exists.
            unknown = _unknown_name_key(name)
            failures = list(uow.session.scalars(select(AuditEntry.at).where(
                AuditEntry.kind == "login", AuditEntry.action == "login",
                AuditEntry.operation == unknown).order_by(AuditEntry.id)))
            _refuse_if_waiting(len(failures), failures[-1] if failures else None, now)
            uow.audit(kind="login", record_id=None, action="login", after={"result": "failed"})
            uow.entries[-1].operation = unknown
            failure = True
        else:
            _refuse_if_waiting(user.failed_logins, user.last_failed_at, now)
            failure = False
            user.failed_logins = User.failed_logins + 1  # in the database itself: never a stale count
            user.last_failed_at = now
            user_id = user.id
            stored_hash = user.password_hash if db.is_sqlite else None
            actor = Actor(username=user.username, role=user.role, instructor_id=user.instructor_id)
    if failure:
        _hasher.hash(password)  # same cost as a real check
        raise wrong
    if not _password_matches(db, name, stored_hash, password):
        with unit_of_work(db, _("Sign in"), SYSTEM, permission=None) as uow:
            uow.audit(kind="users", record_id=user_id, action="login", after={"result": "failed"})
        raise wrong from None
    with unit_of_work(db, _("Sign in"), SYSTEM, permission=None) as uow:
        user = uow.session.get(User, user_id, with_for_update=True)
        if user is not None:
            user.failed_logins = 0
            user.last_failed_at = None
            if stored_hash is not None and _hasher.check_needs_rehash(stored_hash):
                user.password_hash = _hasher.hash(password)
    return actor


# -- where the password hash is read and written ------------------------------------------------------
# A SQLite file holds its hashes like its other data, and vetdesk verifies a password against the hash it
# reads. On PostgreSQL a PC's login role may not read users.password_hash (services.pgroles): the server's
# sign-in functions (migration 0019) give the hash's argon2 settings and salt, vetdesk hashes the password
# typed with them, and the server compares the result with the stored hash.

def _password_matches(db: Database, name: str, stored_hash: str | None, password: str) -> bool:
    if db.is_sqlite:
        try:
            return stored_hash is not None and _hasher.verify(stored_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False
    with db.engine.begin() as conn:
        row = conn.execute(text("SELECT settings, digest_chars FROM vetdesk_password_settings(:n)"),
                           {"n": name}).first()
        candidate = _hash_with(row[0], row[1], password) if row is not None and row[0] and row[1] else None
        if candidate is None:
            return False
        rehash = _hasher.hash(password) if _hasher.check_needs_rehash(candidate) else None
        return bool(conn.execute(text("SELECT vetdesk_password_matches(:n, :c, :r)"),
                                 {"n": name, "c": candidate, "r": rehash}).scalar())


def _hash_with(settings: str, digest_chars: int, password: str) -> str | None:
    """The argon2 hash of ``password`` made with a stored hash's settings and salt
    (``$argon2id$v=19$m=65536,t=3,p=4$<salt>``) and digest length, encoded as the stored one is; None when the
    settings are not argon2's."""
    import base64

    from argon2 import Type
    from argon2.exceptions import HashingError
    from argon2.low_level import hash_secret

    parts = settings.split("$")
    types = {"argon2id": Type.ID, "argon2i": Type.I, "argon2d": Type.D}
    try:
        if len(parts) != 5 or parts[1] not in types or not parts[2].startswith("v="):
            return None
        cost = dict(item.split("=", 1) for item in parts[3].split(","))
        salt = base64.b64decode(parts[4] + "=" * (-len(parts[4]) % 4))
        return hash_secret(password.encode(), salt, time_cost=int(cost["t"]), memory_cost=int(cost["m"]),
                           parallelism=int(cost["p"]), hash_len=digest_chars * 3 // 4, type=types[parts[1]],
                           version=int(parts[2][2:])).decode()
    except (KeyError, ValueError, HashingError):
        return None


def _store_hash(session: Any, user: User, new_hash: str) -> None:
    """Store a new password hash: on PostgreSQL through the server's function, which allows it to an
    administrator's login and to the user's own."""
    if session.get_bind().dialect.name == "sqlite":
        user.password_hash = new_hash
        return
    if not session.scalar(text("SELECT vetdesk_set_password(:n, :h)"), {"n": user.username, "h": new_hash}):
        raise RuleViolation([error("username", _(
            "This computer connects to the database as another user, so it cannot change {name}'s password. "
            "Change it at {name}'s own computer, or ask an administrator.").format(name=user.username),
            "password.login")])


def password_from_environment(username: str) -> str:
    value = os.environ.get("VETDESK_PASSWORD")
    if value is not None:
        return value
    return getpass.getpass(_("Password for {name}: ").format(name=username))
