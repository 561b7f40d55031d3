"""Issue 23 (trial 23d): agreement 47 went out for signature in both layouts, the company signed, and
``vetdesk print agreement 47 --template bbig`` then wrote an AHK-only contract that became the layout of record.
Once a signature is recorded, another layout is refused (naming the one it went out in, and that putting it back
to draft voids the signatures); before any, printing another layout warns that the copies handed out are void."""

from __future__ import annotations

from datetime import date

from tests import factories as f
from vetdesk.services import records
from vetdesk.services.agreement_sheet import printed_layout
from vetdesk.services.uow import reading
from vetdesk.storage.plain import SessionReads


def _layout(db, agreement: int) -> str | None:  # type: ignore[no-untyped-def]
    with reading(db) as session:
        return printed_layout(SessionReads(session), agreement)


def test_another_layout_is_refused_once_a_party_signed(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    agreement = f.make_agreement(db)
    code, out, err = cli(db, "print", "agreement", str(agreement), "--lang", "en", "--template", "mmfd",
                         "-o", str(tmp_path / "first.pdf"))
    assert code == 0, err
    # Before any signature: printed in the other layout, with the warning that the copies handed out are void.
    code, out, err = cli(db, "print", "agreement", str(agreement), "--lang", "en", "--template", "both",
                         "-o", str(tmp_path / "both.pdf"))
    assert code == 0 and (tmp_path / "both.pdf").exists(), err
    assert "went out for signature in the layout “Mexican Dual Training Model (MMFD)”" in err, err
    assert "the copies already handed out are void" in err, err
    assert _layout(db, agreement) == "both"
    # The company signs; another layout is refused now, and nothing is written.
    records.update(db, "agreements", agreement, {"company_signed_on": date.today()}, accept_warnings=True)
    out_path = tmp_path / "bbig.pdf"
    code, out, err = cli(db, "print", "agreement", str(agreement), "--lang", "en", "--template", "bbig",
                         "-o", str(out_path))
    assert code == 1 and not out_path.exists(), err
    assert "went out for signature in the layout “Both layouts in one pack” and signatures are recorded" in err, err
    assert "put the agreement back to draft (this voids the signatures recorded)" in err and "Traceback" not in err
    assert _layout(db, agreement) == "both"
    # The layout it went out in is still printed (a copy for a party), and one without a layout chosen too.
    code, out, err = cli(db, "print", "agreement", str(agreement), "--lang", "en", "--template", "both",
                         "-o", str(out_path))
    assert code == 0 and out_path.exists() and "void" not in err, err
    code, out, err = cli(db, "print", "agreement", str(agreement), "--lang", "en", "-o", str(tmp_path / "c.pdf"))
    assert code == 0 and _layout(db, agreement) == "both", err


def test_the_core_refuses_it_whatever_calls_it(db) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from vetdesk.domain.problems import RuleViolation

    agreement = f.make_agreement(db)
    records.print_for_signature(db, [agreement], template="mmfd")
    records.update(db, "agreements", agreement, {"company_signed_on": date.today()}, accept_warnings=True)
    with pytest.raises(RuleViolation) as refused:
        records.print_for_signature(db, [agreement], template="bbig")
    assert refused.value.problems[0].code == "print.layout_signed"
    assert _layout(db, agreement) == "mmfd"


def test_marked_as_printed_by_hand_its_programme_s_layout_is_the_one_of_record(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Found by a new user's trial of issue 20: an agreement marked as printed by hand ("Mark as printed",
    ``vetdesk set status=printed``) has no printing in its history; once the company signed, printing it in another
    layout was accepted and became the layout of record. Its programme's layout is the one its parties sign."""
    agreement = f.make_agreement(db)
    code, _out, err = cli(db, "set", "agreements", str(agreement), "status=printed")
    assert code == 0, err
    assert _layout(db, agreement) is None  # the history names no layout
    records.update(db, "agreements", agreement, {"company_signed_on": date.today()}, accept_warnings=True)
    programme_layout = records.get(db, "programmes", records.get(db, "agreements", agreement)["programme_id"])
    other = "bbig" if (programme_layout.get("templates") or "mmfd") != "bbig" else "mmfd"
    out_path = tmp_path / "other.pdf"
    code, _out, err = cli(db, "print", "agreement", str(agreement), "--lang", "en", "--template", other,
                          "-o", str(out_path))
    assert code == 1 and not out_path.exists(), err
    assert "signatures are recorded on it: it cannot be printed in the layout" in err, err
