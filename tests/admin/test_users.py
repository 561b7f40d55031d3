from datetime import timedelta

import pytest
from sqlalchemy import select

from vetdesk.domain import permissions
from vetdesk.domain.problems import RuleViolation
from vetdesk.services import users
from vetdesk.services.uow import Actor
from vetdesk.storage.models import User


def test_create_and_authenticate(db):
    assert not users.has_users(db)
    users.create_user(db, username="Ana", password="correct horse", role="officer")
    assert users.has_users(db)
    actor = users.authenticate(db, "ana", "correct horse")
    assert actor.username == "ana" and actor.role == "officer"
    with db.reader() as s:
        stored = s.scalar(select(User.password_hash).where(User.username == "ana"))
    assert stored.startswith("$argon2") and "correct horse" not in stored


def test_wrong_password_is_refused_and_counted(db):
    users.create_user(db, username="ana", password="correct horse", role="officer")
    with pytest.raises(RuleViolation) as exc:
        users.authenticate(db, "ana", "wrong password")
    assert exc.value.problems[0].code == "login.failed"
    with db.reader() as s:
        assert s.scalar(select(User.failed_logins)) == 1


def test_repeated_failures_slow_down(db):
    users.create_user(db, username="ana", password="correct horse", role="officer")
    for _ in range(users.FREE_ATTEMPTS):
        with pytest.raises(RuleViolation):
            users.authenticate(db, "ana", "nope nope")
    with pytest.raises(RuleViolation) as exc:
        users.authenticate(db, "ana", "correct horse")  # even the right password must wait
    assert exc.value.problems[0].code == "login.throttled"
    with db.writer() as s:  # once the wait is over, the right password works again
        user = s.scalar(select(User))
        user.last_failed_at = user.last_failed_at - timedelta(seconds=users.MAX_WAIT_SECONDS + 1)
        s.commit()
    assert users.authenticate(db, "ana", "correct horse").role == "officer"


def test_wait_grows_and_is_capped():
    waits = [users.wait_seconds(n) for n in range(0, 20)]
    assert waits[: users.FREE_ATTEMPTS] == [0] * users.FREE_ATTEMPTS
    assert waits == sorted(waits) and waits[-1] == users.MAX_WAIT_SECONDS


@pytest.mark.parametrize("role", ["officer", "instructor", "viewer"])
def test_only_administrators_manage_users(db, role):
    with pytest.raises(RuleViolation) as exc:
        users.create_user(db, username="bob", password="12345678", role="viewer", actor=Actor("x", role))
    assert exc.value.problems[0].code == "permission.denied"
    assert not users.has_users(db)


def test_refusals_name_the_field(db):
    with pytest.raises(RuleViolation) as exc:
        users.create_user(db, username="bob", password="short", role="chief")
    fields = {p.field for p in exc.value.problems}
    assert {"password", "role"} <= fields
    with pytest.raises(RuleViolation) as exc:
        users.create_user(db, username="inst", password="12345678", role="instructor")
    assert exc.value.problems[0].field == "instructor_id"


@pytest.mark.parametrize(("role", "action", "allowed"), [
    ("administrator", permissions.Action.USERS, True),
    ("officer", permissions.Action.WRITE, True),
    ("officer", permissions.Action.USERS, False),
    ("officer", permissions.Action.SETTINGS, False),
    ("instructor", permissions.Action.ASSESS, True),
    ("instructor", permissions.Action.WRITE, False),
    ("instructor", permissions.Action.PRINT, False),
    ("viewer", permissions.Action.READ, True),
    ("viewer", permissions.Action.STATISTICS, True),
    ("viewer", permissions.Action.WRITE, False),
    ("viewer", permissions.Action.ASSESS, False),
])
def test_role_matrix(role, action, allowed):
    assert (permissions.check(role, action) == []) is allowed


def test_instructor_cannot_read_companies_list():
    assert permissions.check("instructor", permissions.Action.READ, "companies")
    assert not permissions.check("instructor", permissions.Action.READ, "apprentices")


def test_cli_user_commands(db, cli, monkeypatch):
    monkeypatch.setenv("VETDESK_NEW_PASSWORD", "a good password")
    code, out, err = cli(db, "user", "add", "root", "--role", "administrator")
    assert code == 0, err  # no users yet: the first administrator is created without signing in
    monkeypatch.setenv("VETDESK_PASSWORD", "a good password")
    code, out, err = cli(db, "user", "add", "maria", "--role", "officer", "--user", "root")
    assert code == 0, err
    code, out, err = cli(db, "user", "list", "--json", "--user", "root")
    assert code == 0 and '"maria"' in out and '"root"' in out
    code, out, err = cli(db, "user", "list", "--user", "maria")  # an officer does not manage users
    assert code == 1 and "administrator" in err
    monkeypatch.setenv("VETDESK_PASSWORD", "wrong wrong")
    code, out, err = cli(db, "history", "companies", "1", "--user", "maria")
    assert code == 1 and "password" in err


def test_shared_database_requires_sign_in(db, cli, monkeypatch):
    from tests.factories import make_company

    make_company(db)
    users.create_user(db, username="root", password="a good password", role="administrator")
    code, out, err = cli(db, "history", "companies", "1")
    if db.is_sqlite:  # a local file: its operator can read it anyway, and works as local administrator
        assert code == 0, err
    else:
        assert code == 1 and "--user" in err


def test_a_new_password_typed_twice_must_agree():
    assert users.repeat_problems("Geheim-2026", "Geheim-2026") == []
    (problem,) = users.repeat_problems("Geheim-2026", "Geheim-2025")
    assert (problem.field, problem.code) == ("repeat", "password.repeat") and problem.message
    assert users.repeat_problems("a", "b", field="password")[0].field == "password"  # the command line's field
