"""A draft the change to "printed" refuses is refused before its document is written (issue 20, a new user's
trial): ``vetdesk print agreement`` leaves no file, no print entry, the agreement a draft, and says why with the
field in the user's words; ``vetdesk print batch agreements`` prints and marks the others, each its own unit,
and names the refused one (reference and apprentice) with its reasons, exit code 3 (done in part)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from tests import factories as f
from vetdesk.domain.dates import add_months
from vetdesk.services import records
from vetdesk.storage.models import AuditEntry


def _prints(db, agreement_id: int) -> int:  # type: ignore[no-untyped-def]
    with db.reader() as session:
        return int(session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.kind == "agreements", AuditEntry.record_id == agreement_id, AuditEntry.action == "print")))


def _short_plan_draft(db) -> int:  # type: ignore[no-untyped-def]
    """A draft whose rotation plan is eight weeks shorter than its one-year term, beyond the contract's room of
    four weeks for holidays and examinations (doc23l: the one tolerance, training.plan_slack_weeks): a strict
    office refuses its printing."""
    company, programme = f.make_company(db), f.make_programme(db)
    start = add_months(f.TODAY.replace(day=1), 1)
    weeks = ((add_months(start, 12) - start).days + 1) // 7 - 8
    plan = f.make_plan(db, company_id=company, programme_id=programme, weeks=weeks)
    return f.make_agreement(db, apprentice_id=f.make_apprentice(db, given_names="Rosa Elena",
                                                               first_surname="Quintero"),
                            company_id=company, programme_id=programme, rotation_plan_id=plan)


def test_a_refused_draft_leaves_no_file_and_stays_a_draft(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    agreement = _short_plan_draft(db)
    reference = records.get(db, "agreements", agreement)["reference"]
    assert cli(db, "settings", "plan_term_rule=error", "plan_term_tolerance_weeks=0")[0] == 0
    out_file = tmp_path / "k.pdf"
    code, out, err = cli(db, "print", "agreement", str(agreement), "-o", str(out_file))
    assert code == 1 and not out_file.exists()
    assert f"Agreement {reference} (Rosa Elena Quintero" in err and "cannot go out for signature:" in err
    assert "• Rotation plan: The rotation plan lasts" in err  # a bullet naming the field in the user's words
    assert "rotation_plan_id" not in err and "It stays a draft" in err
    assert records.get(db, "agreements", agreement)["status"] == "draft" and _prints(db, agreement) == 0
    # within the tolerance, it prints and is marked
    assert cli(db, "settings", "plan_term_tolerance_weeks=9")[0] == 0
    code, out, err = cli(db, "print", "agreement", str(agreement), "-o", str(out_file))
    assert code == 0 and out_file.exists(), err
    assert records.get(db, "agreements", agreement)["status"] == "printed" and _prints(db, agreement) == 1


def test_a_batch_prints_the_printable_and_names_the_refused(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    refused = _short_plan_draft(db)
    company = f.make_company(db)
    programme = f.make_programme(db)
    # A plan as long as the term passes the strict rule.
    start = add_months(f.TODAY.replace(day=1), 1)
    weeks = ((add_months(start, 12) - start).days + 1) // 7
    plan = f.make_plan(db, company_id=company, programme_id=programme, weeks=weeks)
    good = f.make_agreement(db, company_id=company, programme_id=programme, rotation_plan_id=plan)
    reference = records.get(db, "agreements", refused)["reference"]
    good_reference = records.get(db, "agreements", good)["reference"]
    assert cli(db, "settings", "plan_term_rule=error", "plan_term_tolerance_weeks=1")[0] == 0
    assert not any(p.is_error for p in records.signature_problems(db, [good]).get(good, [])), \
        records.signature_problems(db, [good])
    assert any(p.is_error for p in records.signature_problems(db, [refused])[refused])
    folder = tmp_path / "out"
    code, out, err = cli(db, "print", "batch", "agreements", "--status", "draft", "-o", str(folder),
                         "--processes", "1")
    assert code == 3, err
    files = sorted(p.name for p in folder.iterdir())
    assert len(files) == 1 and good_reference in files[0] and not any(reference in n for n in files)
    assert records.get(db, "agreements", good)["status"] == "printed" and _prints(db, good) == 1
    assert records.get(db, "agreements", refused)["status"] == "draft" and _prints(db, refused) == 0
    assert "1 agreement was not printed:" in err
    assert f"Agreement {reference} (Rosa Elena Quintero" in err and "• Rotation plan:" in err


def test_shortening_a_programme_warns_how_many_agreements_it_leaves_too_long(cli, db) -> None:  # type: ignore[no-untyped-def]
    """``vetdesk set programmes 1 duration_months=12`` was accepted silently while its agreements then ran
    beyond it: the change is made and warned of, with how many agreements and the rule that will refuse them."""
    programme = f.make_programme(db, duration_months=36)
    start = add_months(f.TODAY.replace(day=1), 1)
    for _ in range(2):  # two years each: beyond 12 months, within 24
        f.make_agreement(db, programme_id=programme, end_date=add_months(start, 24) - timedelta(days=1))
    code, out, err = cli(db, "set", "programmes", str(programme), "duration_months=24")
    assert code == 0 and err == "", err  # still within: nothing to warn of
    code, out, err = cli(db, "set", "programmes", str(programme), "duration_months=12")
    assert code == 0, err
    assert "2 agreements of this programme (drafts or in force) run longer than 12 months" in err
    assert "An agreement may not run beyond its programme's duration" in err
    assert records.get(db, "programmes", programme)["duration_months"] == 12
