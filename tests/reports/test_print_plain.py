"""``vetdesk print agreement`` on a local SQLite file takes the plain way (``services.plain_office``): the same
document, refusals and history as the window's printing, without importing SQLAlchemy."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.reports.conftest import make_world, pdf_text
from vetdesk.commands import main
from vetdesk.domain.problems import RuleViolation
from vetdesk.reports import render
from vetdesk.services import records
from vetdesk.services.office import Office
from vetdesk.services.session import local_operator


def _copy(source: Office, target: Path) -> Path:
    """The database file as it stands (its write-ahead log included), copied with SQLite's backup."""
    from vetdesk.storage.plain import sqlite_file

    path = sqlite_file(source.url)
    assert path is not None
    with sqlite3.connect(path) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as connection:
        return connection.execute(sql).fetchall()


#: What the history and the agreements hold, less the moments of writing (each run has its own).
AUDIT = "SELECT id, username, operation, kind, record_id, action, changes FROM audit_entries ORDER BY id"
AGREEMENTS = "SELECT * FROM learning_agreements ORDER BY id"


def test_print_command_leaves_the_rows_and_history_the_window_leaves(sqlite_db: Office, tmp_path: Path) -> None:
    w = make_world(sqlite_db, minor=True, positions=3, rated=False, status="draft")
    command_db = _copy(sqlite_db, tmp_path / "command.sqlite3")
    window_db = _copy(sqlite_db, tmp_path / "window.sqlite3")
    window = Office.open(str(window_db), actor=local_operator())
    texts: dict[str, list[str]] = {"command": [], "window": []}
    # A draft's first printing (its status changes: the full way), a reprint of the printed agreement going
    # out for signature again (the plain way, its contract checked), in Spanish and German.
    for n, lang in enumerate(("es", "de", "es")):
        target = tmp_path / f"command-{n}.pdf"
        assert main(["--db", str(command_db), "print", "agreement", str(w.agreement_id), "-o", str(target),
                     "--lang", lang]) == 0
        texts["command"].append(pdf_text(target))
        pdf = render.agreement_pdf(window, w.agreement_id, lang=lang)  # what the window's print dialog does
        window.print_for_signature([w.agreement_id], language=lang)
        shown = tmp_path / f"window-{n}.pdf"
        shown.write_bytes(pdf)
        texts["window"].append(pdf_text(shown))
    window.dispose()
    assert texts["command"] == texts["window"]
    assert "Vereinbarung" in texts["command"][1]
    history = _rows(command_db, AUDIT)
    assert history == _rows(window_db, AUDIT)
    assert [(r[3], r[5]) for r in history[-4:]] == [("agreements", "status"), ("agreements", "print"),
                                                      ("agreements", "print"), ("agreements", "print")]
    assert '"language": "de"' in str(history[-2][6]) and str(history[-1][1]).startswith("local:")
    updated = [c[1] for c in sqlite3.connect(command_db).execute("PRAGMA table_info(learning_agreements)")]
    moments = {updated.index("updated_at"), updated.index("created_at")}

    def without_moments(rows: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
        return [tuple(v for i, v in enumerate(r) if i not in moments) for r in rows]

    assert without_moments(_rows(command_db, AGREEMENTS)) == without_moments(_rows(window_db, AGREEMENTS))
    assert _rows(command_db, f"SELECT status FROM learning_agreements WHERE id = {w.agreement_id}") == [("printed",)]


def test_a_reprint_loads_no_sqlalchemy(sqlite_db: Office, tmp_path: Path) -> None:
    w = make_world(sqlite_db, minor=False, positions=2, rated=False, status="active")
    path = _copy(sqlite_db, tmp_path / "office.sqlite3")
    target = tmp_path / "agreement.pdf"
    script = ("import sys; from vetdesk.commands import main; "
              f"code = main(['--db', {str(path)!r}, 'print', 'agreement', '{w.agreement_id}', '-o', "
              f"{str(target)!r}]); print(code, 'sqlalchemy' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.stdout.split() == ["0", "False"], done.stderr
    assert w.full_name in pdf_text(target)
    assert _rows(path, "SELECT action, record_id FROM audit_entries ORDER BY id DESC LIMIT 1") == [
        ("print", w.agreement_id)]


def test_the_plain_way_refuses_with_the_windows_words(sqlite_db: Office, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    w = make_world(sqlite_db, minor=False, positions=2, rated=False, status="draft")
    records.print_for_signature(sqlite_db, [w.agreement_id])  # printed, not signed: it goes out for signature
    company = records.get(sqlite_db, "agreements", w.agreement_id)["company_id"]
    records.update(sqlite_db, "companies", company, {"address": None}, accept_warnings=True)
    with pytest.raises(RuleViolation) as refused:
        render.agreement_pdf(sqlite_db, w.agreement_id, lang="en")
    before = _rows(Path(sqlite_db.url.removeprefix("sqlite:///")), AUDIT)
    target = tmp_path / "agreement.pdf"
    code, _out, err = cli(sqlite_db, "print", "agreement", str(w.agreement_id), "-o", str(target), "--lang", "en")
    assert code == 1 and not target.exists()
    assert refused.value.problems[0].message in err and "address" in err
    assert _rows(Path(sqlite_db.url.removeprefix("sqlite:///")), AUDIT) == before


def test_an_agreement_not_there_is_said_as_always(sqlite_db: Office, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, _out, err = cli(sqlite_db, "print", "agreement", "999", "-o", str(tmp_path / "x.pdf"))
    assert code == 1 and "999" in err and not (tmp_path / "x.pdf").exists()


def test_printing_a_draft_says_it_is_now_printed(db: Office, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """An officer printing a draft to look at it must know it went out for signature: the command says the
    status changed (the plain way on SQLite, the full way on PostgreSQL), once; a reprint does not say it again."""
    w = make_world(db, minor=True, positions=3, rated=False, status="draft")
    reference = records.get(db, "agreements", w.agreement_id)["reference"]
    code, _out, err = cli(db, "print", "agreement", str(w.agreement_id), "-o", str(tmp_path / "a.pdf"))
    assert code == 0, err
    assert f"Agreement {reference} was a draft and is now “printed”" in err
    assert records.get(db, "agreements", w.agreement_id)["status"] == "printed"
    code, _out, err = cli(db, "print", "agreement", str(w.agreement_id), "-o", str(tmp_path / "b.pdf"))
    assert code == 0, err
    assert "Written:" in err and "was a draft" not in err


def test_a_batch_says_how_many_drafts_went_out(db: Office, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    w = make_world(db, minor=True, positions=3, rated=False, status="draft")
    code, _out, err = cli(db, "print", "batch", "agreements", "-o", str(tmp_path / "out"), "--processes", "1")
    assert code == 0, err
    assert "1 of them was a draft and is now “printed”" in err
    assert records.get(db, "agreements", w.agreement_id)["status"] == "printed"
    code, _out, err = cli(db, "print", "batch", "agreements", "-o", str(tmp_path / "again"), "--processes", "1")
    assert code == 0, err
    assert "was a draft" not in err and "were drafts" not in err
