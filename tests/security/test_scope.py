"""Every command of the registry, for every role, aimed at another instructor's apprentice: the role's scope is
applied by the core, so nothing of that apprentice reaches the console or a file, and nothing is written.

The table below must name every command in ``COMMANDS``: a command added later fails
``test_every_command_is_in_the_table`` until someone says how it is tried here.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests import factories as f
from vetdesk.commands import load_commands
from vetdesk.services import records, users
from vetdesk.storage.models import Assessment, AuditEntry, Competency, FeedbackNote

PASSWORD = "a good password"
#: The other instructor's apprentice: these must never be shown to anyone outside the scope.
SECRET_SURNAME = "Otrolado"
ROLES = ("administrator", "officer", "instructor", "viewer")


@pytest.fixture
def world(db, monkeypatch):  # type: ignore[no-untyped-def]
    company = f.make_company(db)
    mine_ins = f.make_instructor(db, company_id=company)
    other_ins = f.make_instructor(db, company_id=company)
    programme = f.make_programme(db)
    with db.writer() as s:
        s.add(Competency(programme_id=programme, area="Área", code="C1", title="Medir", position=1))
        s.commit()
    start = date.today() - timedelta(days=60)
    other_app = f.make_apprentice(db, first_surname=SECRET_SURNAME, given_names="Zacarías")
    mine = f.make_agreement(db, company_id=company, instructor_id=mine_ins, programme_id=programme,
                            start_date=start, end_date=start + timedelta(days=400))
    other = f.make_agreement(db, company_id=company, instructor_id=other_ins, programme_id=programme,
                             apprentice_id=other_app, start_date=start, end_date=start + timedelta(days=400))
    f.activate(db, mine)
    f.activate(db, other)
    from vetdesk.services import assessments

    other_assessment = assessments.record_assessment(db, agreement_id=other, competency_code="C1", level=2).id
    from vetdesk.services import logbook

    other_week = logbook.write_week(db, agreement_id=other, week=start + timedelta(days=7),
                                    values={"activities": "Torno", "hours": 30, "status": "submitted"}).id
    curp = records.get(db, "apprentices", other_app)["curp"]
    users.create_user(db, username="root", password=PASSWORD, role="administrator")
    users.create_user(db, username="olga", password=PASSWORD, role="officer")
    users.create_user(db, username="ivan", password=PASSWORD, role="instructor", instructor_id=mine_ins)
    users.create_user(db, username="vera", password=PASSWORD, role="viewer")
    monkeypatch.setenv("VETDESK_PASSWORD", PASSWORD)
    monkeypatch.setenv("VETDESK_NEW_PASSWORD", PASSWORD + " 2")
    return {"db": db, "company": company, "programme": programme, "mine": mine, "other": other,
            "other_app": other_app, "other_assessment": other_assessment, "other_week": other_week, "curp": curp,
            "mine_ins": mine_ins, "other_ins": other_ins}


def _arguments(w: dict, tmp: Path) -> dict[str, list[list[str]]]:  # type: ignore[type-arg]
    """Each command with arguments that reach for the other instructor's records (or the whole office)."""
    o, a, p, c = str(w["other"]), str(w["other_app"]), str(w["programme"]), str(w["company"])
    csv = tmp / "in.csv"
    csv.write_text("Nombre del plantel,CCT\nCONALEP Querétaro II,22DPT0004Q\n", encoding="utf-8")
    pdf = tmp / "scan.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    return {
        "demo": [["demo", "--apprentices", "1"]],
        "db": [["db", "upgrade"]],
        "list": [["list", kind, "--json"] for kind in ("apprentices", "agreements", "assessments", "feedback")]
        + [["list", "apprentices", "--search", SECRET_SURNAME]],
        "show": [["show", "apprentices", a, "--json"], ["show", "agreements", o, "--json"],
                 ["show", "assessments", str(w["other_assessment"]), "--json"]],
        "add": [["add", "assessments", f"agreement_id={o}", "competency_id=1", "level=3",
                 f"assessed_on={date.today().isoformat()}", "rater_role=instructor"]],
        "set": [["set", "assessments", str(w["other_assessment"]), f"agreement_id={w['mine']}"],
                ["set", "apprentices", a, "given_names=Pedro"]],
        "check": [["check", "--json"]],
        "print": [["print", "progress", a, "-o", str(tmp / "p.pdf")], ["print", "form", a, "-o", str(tmp / "f.pdf")],
                  ["print", "agreement", o, "-o", str(tmp / "a.pdf")],
                  ["print", "amendment", o, "-o", str(tmp / "m.pdf")],
                  ["print", "batch", "progress", "-o", str(tmp / "batch"), "--processes", "1"]],
        "verify": [["verify", "VDC1.nothing"]],
        "import": [["import", "schools", str(csv)]],
        "export": [["export", "apprentices", "-o", str(tmp / "e.csv")],
                   ["export", "statistics", "-o", str(tmp / "s.csv")],
                   ["export", "assessments", "-o", str(tmp / "as.csv")]],
        "template": [["template", "apprentices", "-o", str(tmp / "t.xlsx")]],
        "backup": [["backup", "-o", str(tmp / "copy.vetdesk")]],
        "restore": [["restore", str(tmp / "copy.vetdesk")]],
        "user": [["user", "list", "--json"], ["user", "add", "mallory", "--role", "administrator"]],
        "history": [["history", "apprentices", a, "--json"], ["history", "agreements", o, "--json"]],
        "anonymise": [["anonymise", "--dry-run"]],
        "assess": [["assess", o, "C1", "3"]],
        "progress": [["progress", a, "--json", "--timeline"]],
        "feedback": [["feedback", o, "una nota"]],
        "matrix": [["matrix", "--programme", p, "--json"], ["matrix", "--company", c, "--json"],
                   ["matrix", "--programme", p, "-o", str(tmp / "m.xlsx")]],
        "catalogue": [["catalogue", "export", p, "-o", str(tmp / "cat.xlsx")]],
        "plan-version": [["plan-version", "1", "--json"]],
        "rotation": [["rotation", o, "--json"]],
        "coverage": [["coverage", p, "--json"]],
        "settings": [["settings", "--json"], ["settings", "anonymise_after_years=1"]],
        "attach": [["attach", "agreements", o, str(pdf)]],
        "clauses": [["clauses", "show", "agreement", "es"], ["clauses", "reset", "collaboration", "es"]],
        "admin": [["admin", "pg-setup"]],
        "exam": [["exam", "results", o], ["exam", "letter", o, "-o", str(tmp / "letter.pdf")],
                 ["exam", "certificate", o, "-o", str(tmp / "cert.pdf")], ["exam", "stats", "--by", "company"],
                 ["exam", "day", "1", "-o", str(tmp / "day.pdf")], ["exam", "register", "1", o],
                 ["exam", "resit", "1", "--exam", "1"]],
        "badges": [["badges", "export", "--programme", p, "-o", str(tmp / "badges")]],
        "logbook": [["logbook", "show", o, "--json"], ["logbook", "review", str(w["other_week"]), "approve"],
                    ["logbook", "export", "--instructor", str(w["other_ins"]), "-o", str(tmp / "x.xlsx")],
                    ["logbook", "export", "--company", c, "-o", str(tmp / "y.xlsx")],
                    ["logbook", "print", o, date.today().isoformat(), "-o", str(tmp / "week.pdf")]],
        "remind": [["remind", "list", "--json"]],
        "delete": [["delete", "assessments", str(w["other_assessment"])], ["delete", "apprentices", a]],
        "undo": [["undo"]],
        "sign": [["sign", o, f"company={date.today().isoformat()}"]],
        "amend": [["amend", o, f"end={(date.today() + timedelta(days=380)).isoformat()}", "reason=Paro técnico"]],
    }


def test_every_command_is_in_the_table(world, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert set(_arguments(world, tmp_path)) == set(load_commands())


def _written_text(tmp: Path) -> str:
    """The text of every file a command wrote (PDFs and spreadsheets read back)."""
    out = []
    for path in tmp.rglob("*"):
        if not path.is_file() or path.name in ("in.csv", "scan.pdf"):
            continue
        if path.suffix == ".pdf":
            from pypdf import PdfReader

            try:
                out += [page.extract_text() or "" for page in PdfReader(path).pages]
            except Exception:  # noqa: BLE001 - not a PDF of ours
                out.append(path.read_bytes().decode("latin-1"))
        elif path.suffix == ".xlsx":
            from openpyxl import load_workbook

            wb = load_workbook(path, read_only=True)
            out += [str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row]
        elif path.suffix in (".csv", ".eml", ".json"):
            out.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(out)


def _state(db) -> tuple:  # type: ignore[no-untyped-def, type-arg]
    with db.reader() as s:
        return (s.query(AuditEntry).count(), s.query(Assessment).count(), s.query(FeedbackNote).count())


LOGIN = {"administrator": "root", "officer": "olga", "instructor": "ivan", "viewer": "vera"}


@pytest.mark.parametrize("role", ROLES)
def test_no_command_shows_or_changes_another_instructors_apprentice(world, cli, tmp_path, role) -> None:  # type: ignore[no-untyped-def]
    """For the instructor, every command either refuses (exit 1, nothing written) or answers without the
    other instructor's apprentice; the other roles are tried too, so the table itself is known to reach the
    apprentice where the role may (else the instructor's silence would prove nothing)."""
    db = world["db"]
    secret = (SECRET_SURNAME, world["curp"])
    reached: set[str] = set()
    work = tmp_path / "work"
    work.mkdir()
    table = _arguments(world, work)
    for command, variants in table.items():
        if command in ("demo", "restore", "db"):
            continue  # tried on their own below (they replace or fill the whole database)
        for argv in variants:
            before = _state(db)
            code, out, err = cli(db, "--user", LOGIN[role], *argv)
            shown = out + err + _written_text(work)
            assert "Traceback" not in shown, (argv, shown[-2000:])
            if any(s.lower() in shown.lower() for s in secret):
                reached.add(" ".join(argv[:2]))
                assert role != "instructor", (argv, code, shown[-2000:])
            if role == "instructor" and code != 0:
                assert _state(db) == before, argv
            if role == "instructor" and argv[0] in ("add", "set", "assess", "feedback", "attach", "delete",
                                                    "sign", "amend"):
                assert code == 1, (argv, out, err)
                assert _state(db) == before, argv
            for path in list(work.rglob("*")):
                if path.is_file() and path.name not in ("in.csv", "scan.pdf"):
                    path.unlink()
    if role in ("administrator", "officer"):
        # the table does reach the apprentice: a silent instructor proves the scope, not a blind table
        assert {"show apprentices", "progress " + str(world["other_app"]), "list apprentices",
                "print progress", "export apprentices", "history apprentices"} <= reached, reached


def test_instructor_cannot_move_an_assessment_between_agreements(world, cli) -> None:  # type: ignore[no-untyped-def]
    """The scope holds on the old and the new value of a write: neither another instructor's assessment onto
    one's own agreement, nor one's own onto another's."""
    db = world["db"]
    code, out, err = cli(db, "--user", "ivan", "set", "assessments", str(world["other_assessment"]),
                         f"agreement_id={world['mine']}")
    assert code == 1 and SECRET_SURNAME not in err
    code, out, err = cli(db, "--user", "ivan", "assess", str(world["mine"]), "C1", "2", "--json")
    assert code == 0, err
    own = max(r["id"] for r in records.list_records(db, "assessments"))
    before = records.get(db, "assessments", own)["agreement_id"]
    code, out, err = cli(db, "--user", "ivan", "set", "assessments", str(own), f"agreement_id={world['other']}")
    assert code == 1, (out, err)
    assert records.get(db, "assessments", own)["agreement_id"] == before


def test_restore_and_demo_need_an_administrator(world, cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = world["db"]
    copy = tmp_path / "copy.vetdesk"
    code, out, err = cli(db, "--user", "root", "backup", "-o", str(copy))
    assert code == 0, err
    for login in ("olga", "ivan", "vera"):
        before = _state(db)
        code, out, err = cli(db, "--user", login, "restore", str(copy))
        assert code == 1, (login, out, err)
        assert _state(db) == before
        code, out, err = cli(db, "--user", login, "backup", "-o", str(tmp_path / f"{login}.vetdesk"))
        assert code == 1 and not (tmp_path / f"{login}.vetdesk").exists(), (login, err)


def test_the_instructors_json_progress_of_own_apprentice_works(world, cli) -> None:  # type: ignore[no-untyped-def]
    """The scope hides the others, not one's own: the instructor's own apprentice is shown."""
    db = world["db"]
    mine_app = records.get(db, "agreements", world["mine"])["apprentice_id"]
    code, out, err = cli(db, "--user", "ivan", "progress", str(mine_app), "--json")
    assert code == 0, err
    assert json.loads(out)


def test_printing_is_audited_under_the_instructors_name(world, cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A progress report and a form printed by the instructor are in the agreement's history, in their name."""
    db = world["db"]
    mine_app = records.get(db, "agreements", world["mine"])["apprentice_id"]
    for document in ("progress", "form"):
        code, out, err = cli(db, "--user", "ivan", "print", document, str(mine_app), "-o",
                             str(tmp_path / f"{document}.pdf"))
        assert code == 0 or document == "form", err  # a form needs a current position (refused otherwise)
        if code == 0:
            history = records.history(db, "agreements", world["mine"])
            printed = [h for h in history if h["action"] == "print" and h["changes"]["after"]["document"] == document]
            assert printed and printed[-1]["user"] == "ivan", history


def test_an_instructors_rating_and_note_are_in_their_own_name(world, cli) -> None:  # type: ignore[no-untyped-def]
    db = world["db"]
    code, out, err = cli(db, "--user", "ivan", "assess", str(world["mine"]), "C1", "2", "--rater", "Olga Officer")
    assert code == 0, err
    code, out, err = cli(db, "--user", "ivan", "feedback", str(world["mine"]), "Buen avance", "--author", "Olga")
    assert code == 0, err
    with db.reader() as s:
        raters = {r.rater_name for r in s.query(Assessment).filter_by(agreement_id=world["mine"])}
        authors = {n.author for n in s.query(FeedbackNote).filter_by(agreement_id=world["mine"])}
        audited = {e.username for e in s.query(AuditEntry).filter(AuditEntry.kind.in_(["assessments", "feedback"]))
                   .order_by(AuditEntry.id.desc()).limit(2)}
    # in the instructor's name as the office records it (not the login); the audit names the login
    name = records.get(db, "instructors", world["mine_ins"])["name"]
    assert raters == {name} and authors == {name} and audited == {"ivan"}, (raters, authors, audited)
