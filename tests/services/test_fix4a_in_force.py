"""Trial 4 (fix4a, item 4): an agreement signed by all in December was started "in force since" its start date in
August without a word: an agreement is in force once every party has signed it, not before. The rule refuses it,
the same for the window (which now offers the first day it may take) and ``vetdesk set``. And the warning of a
signature after the start named a woman apprentice "el aprendiz"."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests import factories as f
from vetdesk.domain.problems import RuleViolation
from vetdesk.i18n import set_language, shown_day, translator
from vetdesk.services import records
from vetdesk.services.office import Office

TODAY = date.today()


def _signed_after_the_start(db: Office) -> tuple[int, date]:
    apprentice = f.make_apprentice(db, sex="M")
    start = TODAY - timedelta(days=90)
    agreement = f.make_agreement(db, apprentice_id=apprentice, start_date=start)
    records.print_for_signature(db, [agreement], language="es", today=TODAY - timedelta(days=10))
    return agreement, start


def test_a_signature_after_the_start_names_the_apprentice_by_sex(db: Office) -> None:
    agreement, start = _signed_after_the_start(db)
    set_language("es")
    try:
        out = records.record_signatures(db, agreement, f.signature_values(db, agreement, TODAY), accept_warnings=True)
        said = " ".join(p.message for p in out.warnings)
        assert f"La aprendiz firmó el {shown_day(TODAY)}" in said, said
        assert "El aprendiz" not in said
    finally:
        set_language("en")


def test_an_agreement_is_not_in_force_before_every_party_signed(db: Office, cli) -> None:  # type: ignore[no-untyped-def]
    agreement, start = _signed_after_the_start(db)
    signed_on = TODAY - timedelta(days=3)
    records.record_signatures(db, agreement, f.signature_values(db, agreement, signed_on), accept_warnings=True)
    assert records.get(db, "agreements", agreement)["status"] == "signed"
    # What starting it offers: the day the last party signed, not the start months before.
    assert records.starting(db, agreement)[1] == signed_on
    for day in (start, signed_on - timedelta(days=1)):
        with pytest.raises(RuleViolation) as refused:
            records.update(db, "agreements", agreement, {"status": "active", "activated_on": day.isoformat()},
                           accept_warnings=True)
        (problem,) = refused.value.errors
        assert problem.code == "activate.before_signed" and problem.field == "activated_on"
        assert shown_day(signed_on) in problem.message and shown_day(day) in problem.message
    assert records.get(db, "agreements", agreement)["status"] == "signed"
    # The command line meets the same rule, in the same words.
    code, _out, err = cli(db, "set", "agreements", str(agreement), "status=active", f"activated_on={start.isoformat()}")
    assert code != 0 and translator("en").gettext("before every party had signed it") in " ".join(err.split()), err
    # From the day the last party signed it, it comes into force; moving that day back before it is refused too.
    out = records.update(db, "agreements", agreement, {"status": "active", "activated_on": signed_on.isoformat()},
                         accept_warnings=True)
    assert out.record["status"] == "active" and out.record["activated_on"] == signed_on
    with pytest.raises(RuleViolation) as refused:
        records.update(db, "agreements", agreement, {"activated_on": start.isoformat()}, accept_warnings=True)
    assert [p.code for p in refused.value.errors] == ["activate.before_signed"]
