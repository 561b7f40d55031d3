"""``vetdesk sign``: the signatures of a printed agreement recorded as they come in, as the window's *Record
signatures* does: the agreement stays printed, the parties still to sign are listed, and the last signature
makes it signed."""

from __future__ import annotations

from datetime import date

from tests import factories as f
from vetdesk.services import records


def test_signatures_come_in_over_days_on_the_command_line(cli, db) -> None:  # type: ignore[no-untyped-def]
    agreement = f.make_agreement(db)
    records.update(db, "agreements", agreement, {"status": "printed"}, accept_warnings=True)
    today = date.today().isoformat()
    code, out, err = cli(db, "sign", str(agreement), f"company={today}", f"apprentice={today}")
    assert code == 0, err
    stored = records.get(db, "agreements", agreement)
    assert (stored["status"], stored["company_signed_on"], stored["chamber_signed_on"]) == (
        "printed", date.today(), None)
    assert "✖ The chamber: not signed yet" in err and "The company" not in err
    code, out, err = cli(db, "sign", str(agreement), f"chamber={today}", f"school={today}")
    assert code == 0, err
    assert records.get(db, "agreements", agreement)["status"] == "signed"
    assert "not signed yet" not in err and "signed" in err


def test_a_party_that_does_not_sign_is_refused_in_words(cli, db) -> None:  # type: ignore[no-untyped-def]
    agreement = f.make_agreement(db)
    records.update(db, "agreements", agreement, {"status": "printed"}, accept_warnings=True)
    code, out, err = cli(db, "sign", str(agreement), "notary=2026-01-01")
    assert code != 0 and "notary is not a party that signs an agreement" in err, err
    assert records.get(db, "agreements", agreement)["company_signed_on"] is None
