"""``vetdesk list`` says a retired record as the window's list does: marked "(retired)" before its name (it was
listed like any other), and ``--no-retired`` leaves it out as the window's "Show retired" box unticked does. Every
option of ``list`` says what it does in ``--help``."""

from __future__ import annotations

from datetime import date, timedelta

from tests import factories as f
from vetdesk.services import records


def test_a_retired_company_is_marked_in_the_list_and_left_out_on_request(db, cli) -> None:  # type: ignore[no-untyped-def]
    active = f.make_company(db, name="Frenos del Bajío S.A. de C.V.")
    gone = f.make_company(db, name="Troqueles Extintos S.A. de C.V.")
    later = f.make_company(db, name="Moldes Futuros S.A. de C.V.")
    records.update(db, "companies", gone, {"retired_on": date.today() - timedelta(days=3)})
    records.update(db, "companies", later, {"retired_on": date.today() + timedelta(days=30)})

    code, out, _err = cli(db, "list", "companies")
    assert code == 0
    lines = {int(line.split("\t")[0]): line for line in out.splitlines()}
    assert "(retired) Troqueles Extintos S.A. de C.V." in lines[gone]
    assert "(retired)" not in lines[active] and "(retired)" not in lines[later]  # not retired yet

    code, out, _err = cli(db, "list", "companies", "--no-retired")
    assert code == 0
    assert sorted(int(line.split("\t")[0]) for line in out.splitlines()) == sorted([active, later])

    code, out, _err = cli(db, "list", "companies", "--json")  # scripts read the stored values, unmarked
    assert code == 0 and '"name": "Troqueles Extintos S.A. de C.V."' in out


def test_every_option_of_list_says_what_it_does(db, cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _err = cli(db, "list", "--help")
    assert code == 0
    options = out.split("options:", 1)[1]
    for option in ("--search TEXT", "--status STATUS", "--company COMPANY", "--programme PROGRAMME",
                   "--school SCHOOL", "--retired, --no-retired", "--limit N", "--json"):
        block = options.split(option, 1)[1].split("\n  -", 1)[0]
        assert len(block.split()) >= 3, (option, block)  # a sentence, not the bare option
    assert "KIND" in out and "the kind of record" in out


def test_weekly_reports_and_attendance_list_under_a_header_naming_their_columns(db, cli) -> None:  # type: ignore[no-untyped-def]
    """``list logbook --header`` printed no header (trial 3) while every other kind has one."""
    from tests import factories as f

    agreement = f.make_agreement(db, start_date=date.today() - timedelta(days=60))
    f.activate(db, agreement)
    monday = date.today() - timedelta(days=date.today().weekday() + 14)
    records.create(db, "logbook", {"agreement_id": agreement, "week_start": monday, "activities": "Torno"})
    records.create(db, "attendance", {"agreement_id": agreement, "day": monday, "presence": "present"})
    for kind, first in (("logbook", ["No.", "Agreement"]), ("attendance", ["No.", "Agreement", "Day"])):
        code, out, err = cli(db, "list", kind, "--header")
        assert code == 0, err
        header, line = out.splitlines()[:2]
        assert header.split("\t")[:len(first)] == first, header
        assert len(header.split("\t")) == len(line.split("\t")), (header, line)
