"""Issue 23 (trial 23d): with no one named to sign for the chamber, one ``vetdesk print`` said both "may go out
for signature, but note…" and "error: chamber_signatory: … cannot be printed". The missing signatory is asked
with the other rules before anything is printed: one verdict, the refusal, with no internal field name."""

from __future__ import annotations

from tests import factories as f
from vetdesk.services import records


def test_a_draft_with_no_chamber_signatory_gets_one_verdict(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    programme = f.make_programme(db, templates="bbig")
    # No school (the AHK contract), so no collaboration agreement names a coordinator.
    agreement = f.make_agreement(db, programme_id=programme, school_id=None, company_days=5, school_days=0)
    reference = records.get(db, "agreements", agreement)["reference"]
    code, out, err = cli(db, "settings", "chamber_signatory=")  # nor is anyone named in the office's settings
    assert code == 0, err
    out_path = tmp_path / "a.pdf"
    code, out, err = cli(db, "print", "agreement", str(agreement), "--lang", "en", "-o", str(out_path))
    assert code == 1 and not out_path.exists(), err
    assert f"Agreement {reference}" in err and "cannot go out for signature" in err, err
    assert "No one is named to sign for the chamber office" in err and "Who signs for the chamber" in err, err
    assert "may go out for signature, but note" not in err and "chamber_signatory" not in err, err
    assert err.count("sign for the chamber office") == 1, err
    assert records.get(db, "agreements", agreement)["status"] == "draft"
    # Named in the office's settings, it goes out.
    code, out, err = cli(db, "settings", "chamber_signatory=Lic. Karla Méndez")
    assert code == 0, err
    code, out, err = cli(db, "print", "agreement", str(agreement), "--lang", "en", "-o", str(out_path))
    assert code == 0 and out_path.exists(), err


def test_marking_printed_by_hand_meets_the_same_verdict_in_the_same_words(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Issue 20: ``vetdesk set agreement ID status=printed`` (the window's *Mark as printed* is the same change)
    let a draft with no one to sign for the chamber go out that ``vetdesk print`` refused: the missing signatory
    is a rule of the change to "printed", so both refuse it, in the core's one wording."""
    from vetdesk.services import print_check

    programme = f.make_programme(db, templates="bbig")
    agreement = f.make_agreement(db, programme_id=programme, school_id=None, company_days=5, school_days=0)
    code, out, err = cli(db, "settings", "chamber_signatory=")
    assert code == 0, err
    code, out, printed = cli(db, "print", "agreement", str(agreement), "--lang", "en", "-o", str(tmp_path / "a.pdf"))
    assert code == 1, printed
    code, out, marked = cli(db, "set", "agreement", str(agreement), "status=printed", "--lang", "en")
    assert code == 1, marked
    assert marked == printed and "No one is named to sign for the chamber office" in marked, (marked, printed)
    assert records.get(db, "agreements", agreement)["status"] == "draft"
    # the core's check says it once (it is a rule of the change, no longer added beside it)
    check = print_check.print_checks(db, [agreement])[agreement]
    assert [p.code for p in check.problems].count("print.chamber_signatory") == 1
    assert check.refusal() in marked
