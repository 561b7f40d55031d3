"""A batch that prints nothing says so and fails (a new user's trial: progress reports of draft agreements
wrote 0 files, exited 0, named each refused one "convenio 11" and left an empty folder behind): each document
not printed is named by its agreement's reference, "No document was written.", a non-zero exit, and no folder
(nor drafts folder) made."""

from __future__ import annotations

from pathlib import Path

from tests import factories as f
from vetdesk.services import records


def test_a_batch_of_nothing_fails_names_references_and_makes_no_folder(db, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    draft = f.make_agreement(db)  # a draft: no progress to report
    reference = records.get(db, "agreements", draft)["reference"]
    out, drafts = tmp_path / "lote", tmp_path / "correo"
    code, _out, err = cli(db, "print", "batch", "progress", "--status", "draft", "-o", str(out),
                          "--email-drafts", str(drafts), "--processes", "1")
    assert code != 0, err
    assert f"Not printed: {reference}: " in err and f"agreement {draft}:" not in err, err
    assert "No document was written." in err and "0 documents written" not in err, err
    assert not out.exists() and not drafts.exists(), list(tmp_path.iterdir())

    # nothing matching at all: said, and a failure too
    code, _out, err = cli(db, "print", "batch", "progress", "--status", "terminated", "-o", str(out),
                          "--processes", "1")
    assert code != 0 and "nothing was printed" in err and not out.exists(), err

    # a folder that was there stays (only one the batch made is taken away again)
    out.mkdir()
    code, _out, err = cli(db, "print", "batch", "progress", "--status", "draft", "-o", str(out), "--processes", "1")
    assert code != 0 and out.is_dir()


def test_check_says_a_drafts_plan_shortfall_once_and_its_missing_collaboration(db, cli) -> None:  # type: ignore[no-untyped-def]
    """``vetdesk check`` said a draft's plan shortfall twice (printing's refusal and saving's warning) and not its
    missing collaboration agreement, which saving, printing and signing it say: one finding each, in their
    words."""
    company, programme, school = f.make_company(db), f.make_programme(db), f.make_school(db)  # no collaboration
    plan = f.make_plan(db, company_id=company, programme_id=programme, weeks=30)  # of a year's term
    saved = records.create(db, "agreements", f.agreement_values(db, company_id=company, programme_id=programme,
                                                                 school_id=school, rotation_plan_id=plan),
                           accept_warnings=True)
    said_on_save = {p.code: p.message for p in saved.warnings}
    assert "agreement.collaboration" in said_on_save, said_on_save
    reference = records.get(db, "agreements", saved.id)["reference"]
    code, out, err = cli(db, "check")
    assert code != 0, err
    mine = [line for line in out.splitlines() if reference in line]
    assert sum("Rotation plan:" in line for line in mine) == 1, mine  # once: printing's refusal
    assert any("error: Rotation plan:" in line and "without a learning position" in line for line in mine), mine
    assert any(said_on_save["agreement.collaboration"] in line for line in mine), mine
