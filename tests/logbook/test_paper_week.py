"""A printed weekly form keyed back by its reference (issue 25): the core finds the week from the QR code's text or
the reference typed as printed, refuses a malformed one, another document's code, another office's form (the same
agreement number with another mark) and, for an instructor, a form of an apprentice he does not instruct, as
unknown; ``vetdesk logbook key`` shows the week and writes what the form says."""

from __future__ import annotations

import pytest

from tests.logbook.conftest import VIEWER, World
from vetdesk.domain.problems import RuleViolation
from vetdesk.services import logbook, records


def _printed(w: World, agreement: int, n: int) -> tuple[str, str]:
    document = logbook.week_form_document(w.db, agreement_id=agreement, week=w.week(n))
    return document.qr_reference, f"{document.reference} / {document.monday.isoformat()} / {document.mark}"


def _refusal(w: World, text: str, **kwargs) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleViolation) as refused:
        logbook.find_paper_week(w.db, text, **kwargs)
    return " ".join(p.message for p in refused.value.problems)


def test_the_week_is_found_by_its_code_or_its_printed_reference(world: World) -> None:
    w = world
    qr, typed = _printed(w, w.mine, 2)
    for text in (qr, typed, typed.lower(), typed.rsplit(" / ", 1)[0], f"  {qr}  "):
        found = logbook.find_paper_week(w.db, text)
        assert (found.agreement_id, found.monday, found.week_id) == (w.mine, w.week(2), None), text
    week = logbook.write_week(w.db, agreement_id=w.mine, week=w.week(2), values={"activities": "Torno"}).id
    found = logbook.find_paper_week(w.db.as_user(VIEWER), qr)  # a viewer reads it
    assert found.week_id == week and found.status == "draft"
    # An assessment form's reference keys back its grid, the weekly form's its week.
    assert logbook.find_paper_form(w.db, qr).week_id == week  # type: ignore[union-attr]


def test_another_office_s_form_another_document_and_a_malformed_reference_are_refused(world: World) -> None:
    w = world
    qr, typed = _printed(w, w.mine, 2)
    mark = typed.rsplit(" / ", 1)[1]
    other = "ZZZZ" if mark != "ZZZZ" else "YYYY"
    assert "is unknown here" in _refusal(w, qr[: -len(mark)] + other)
    assert "is unknown here" in _refusal(w, "CA-2026-999999 / 2026-01-05")
    assert "another document" in _refusal(w, qr.replace("vetdesk:week:", "vetdesk:agreement:"))
    for wrong in ("CA-1", "CA-2026-000001 2027-02-31", "\x00" * 500, ""):
        assert "is not a weekly report's reference" in _refusal(w, wrong)
        assert "\x00" not in _refusal(w, wrong)
    assert "outside the agreement's training" in _refusal(w, typed.replace(w.week(2).isoformat(), "2001-01-01"))


def test_an_instructor_is_told_another_s_form_is_unknown(world: World) -> None:
    w = world
    theirs, _typed = _printed(w, w.other, 1)
    mine, _typed = _printed(w, w.mine, 1)
    said = _refusal(w, theirs, actor=w.me)
    assert "is unknown here" in said
    assert logbook.find_paper_week(w.db, theirs, actor=w.them).agreement_id == w.other
    assert logbook.find_paper_week(w.db.as_user(w.me), mine).agreement_id == w.mine


def test_vetdesk_logbook_key_shows_the_week_and_writes_the_form(world: World, cli) -> None:  # type: ignore[no-untyped-def]
    w = world
    qr, typed = _printed(w, w.mine, 3)
    code, out, err = cli(w.db, "logbook", "key", *typed.split())
    assert code == 0 and "week of" in out and "nothing recorded yet" in out
    code, out, err = cli(w.db, "logbook", "key", qr, "activities=Fresado de engranes", "hours=30",
                         "status=submitted")
    assert code == 0, err
    week = int(out.strip())
    saved = records.get(w.db, "logbook", week)
    assert (saved["agreement_id"], saved["week_start"], saved["status"]) == (w.mine, w.week(3), "submitted")
    code, out, err = cli(w.db, "logbook", "key", qr)
    assert code == 0 and f"#{week}" in out
    code, out, err = cli(w.db, "logbook", "key", qr[:-4] + ("ZZZZ" if not qr.endswith("ZZZZ") else "YYYY"),
                         "hours=10")
    assert code == 1 and "is unknown here" in err and records.get(w.db, "logbook", week)["hours"] == 30
    code, out, err = cli(w.db, "logbook", "key", "CA-1")
    assert code == 1 and "is not a weekly report's reference" in err
    code, out, err = cli(w.db, "logbook", "key", typed.split()[0], typed.split()[2], "hours=abc")
    assert code == 1 and "Hours at the company" in err and "hours=" not in err
