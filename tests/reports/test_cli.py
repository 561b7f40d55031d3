"""``vetdesk print …``: exit codes, files written (or not), batches."""

from __future__ import annotations

from pathlib import Path

from tests.reports.conftest import make_world, pdf_text, prove_all
from vetdesk.services import records
from vetdesk.storage.engine import Database


def test_print_each_document(sqlite_db: Database, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # an AHK programme: a signed agreement is reprinted in the layout of record (another is refused once signed)
    w = make_world(sqlite_db, minor=False, positions=3, templates="bbig")
    agreement = tmp_path / "agreement.pdf"
    code, _out, err = cli(sqlite_db, "print", "agreement", str(w.agreement_id), "-o", str(agreement),
                          "--template", "bbig")
    assert code == 0, err
    assert "Apprenticeship contract" in pdf_text(agreement) and "§ 5 Probation period" in pdf_text(agreement)
    progress = tmp_path / "progress.pdf"
    code, _out, err = cli(sqlite_db, "print", "progress", str(w.apprentice_id), "-o", str(progress),
                          "--from", "2020-01-01", "--to", "2030-12-31", "--lang", "en")
    assert code == 0, err
    text = pdf_text(progress)
    assert "Progress report" in text and w.curp in text
    form = tmp_path / "form.pdf"
    assert cli(sqlite_db, "print", "form", str(w.apprentice_id), "-o", str(form))[0] == 0
    assert "Workplace assessment form" in pdf_text(form)


def test_document_language_is_spanish_unless_asked(sqlite_db: Database, tmp_path: Path) -> None:
    from vetdesk.commands import main

    w = make_world(sqlite_db, minor=False, positions=1, rated=False, status="draft")
    target = tmp_path / "a.pdf"
    assert main(["--db", sqlite_db.url, "print", "agreement", str(w.agreement_id), "-o", str(target)]) == 0
    from tests.reports.conftest import START
    from vetdesk.i18n import translator
    assert translator("es").format_date(START, "long") in pdf_text(target)


def test_certificate_refused_until_completed(sqlite_db: Database, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    w = make_world(sqlite_db, minor=False, positions=2)
    target = tmp_path / "certificate.pdf"
    code, _out, err = cli(sqlite_db, "print", "certificate", str(w.agreement_id), "-o", str(target))
    assert code == 1
    assert "status" in err and "completed" in err
    assert not target.exists()
    prove_all(sqlite_db, w.agreement_id)
    records.update(sqlite_db, "agreements", w.agreement_id, {"status": "completed"}, accept_warnings=True)
    code, _out, err = cli(sqlite_db, "print", "certificate", str(w.agreement_id), "-o", str(target))
    assert code == 0, err
    assert w.full_name in pdf_text(target) and "Completion certificate" in pdf_text(target)


def test_minor_without_guardian_exits_1_and_writes_nothing(sqlite_db: Database, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    w = make_world(sqlite_db, minor=True, positions=1, rated=False, status="draft")
    records.update(sqlite_db, "apprentices", w.apprentice_id, {"guardian_name": None}, accept_warnings=True)
    target = tmp_path / "agreement.pdf"
    target.write_bytes(b"an older print")
    code, _out, err = cli(sqlite_db, "print", "agreement", str(w.agreement_id), "-o", str(target))
    assert code == 1
    assert "guardian_name" not in err and "It stays a draft" in err  # the field in the user's words (issue 20)
    assert target.read_bytes() == b"an older print"  # untouched


def test_usage_errors_exit_2(sqlite_db: Database, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli(sqlite_db, "print", "agreement", "1")[0] == 2  # no -o
    assert cli(sqlite_db, "print", "agreement", "1", "-o", str(tmp_path / "x.pdf"), "--template", "x")[0] == 2
    assert cli(sqlite_db, "print", "progress", "1", "-o", str(tmp_path / "x.pdf"), "--from", "soon")[0] == 2


def test_missing_record_exits_1(sqlite_db: Database, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, _out, err = cli(sqlite_db, "print", "agreement", "999", "-o", str(tmp_path / "x.pdf"))
    assert code == 1 and "999" in err
    assert not (tmp_path / "x.pdf").exists()


def test_batch_with_two_processes(sqlite_db: Database, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    worlds = [make_world(sqlite_db, minor=False, positions=2, rated=False) for _ in range(4)]
    refused = make_world(sqlite_db, minor=True, positions=1, rated=False, status="draft")
    records.update(sqlite_db, "apprentices", refused.apprentice_id, {"guardian_name": None}, accept_warnings=True)
    out = tmp_path / "batch"
    code, _out, err = cli(sqlite_db, "print", "batch", "progress", "--status", "active", "-o", str(out))
    assert code == 0, err
    files = sorted(p.name for p in out.iterdir())
    assert files == sorted(f"progress-{w.reference}.pdf" for w in worlds)
    assert worlds[0].curp in pdf_text(out / f"progress-{worlds[0].reference}.pdf")
    code, _out, err = cli(sqlite_db, "print", "batch", "agreements", "-o", str(tmp_path / "agreements"))
    assert code == 3  # done in part: one agreement was refused; the others are printed
    assert "guardian" in err
    assert len(list((tmp_path / "agreements").glob("agreement-*.pdf"))) == 4


def test_a_batchs_files_are_named_in_the_documents_language(sqlite_db: Database, cli,  # type: ignore[no-untyped-def]
                                                             tmp_path: Path) -> None:
    """Issue 21: a batch printed in Spanish wrote "agreement-CA-….pdf". The default file names follow the
    document's language (``--lang``), of safe characters only."""
    from vetdesk.i18n import safe_file_name
    from vetdesk.reports.render import batch_file_name

    worlds = [make_world(sqlite_db, minor=False, positions=1, rated=False) for _ in range(2)]
    for lang, stem in (("de", "fortschrittsbericht-"), ("es", "reporte-de-avance-"), ("pt", "relatorio-de-progresso-")):
        out = tmp_path / lang
        code, _out, err = cli(sqlite_db, "print", "batch", "progress", "--status", "active", "--lang", lang,
                              "-o", str(out))
        assert code == 0, err
        assert sorted(p.name for p in out.iterdir()) == sorted(f"{stem}{w.reference}.pdf" for w in worlds)
    assert batch_file_name("agreements", 7, "CA/2027 7", "de") == "ausbildungsvereinbarung-CA-2027-7.pdf"
    assert batch_file_name("agreements", 7, None, "es") == "convenio-7.pdf"
    assert safe_file_name("convênio de aprendizagem: Ñandú/1.pdf") == "convenio-de-aprendizagem-Nandu-1.pdf"
