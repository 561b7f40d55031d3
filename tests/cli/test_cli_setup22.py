"""What new users' re-trials of the office's set-up found on the command line (issue 22, setup22): a rating
recorded without a position counts for the one the rotation has the apprentice at, and names its rater as the
agreement does; an agreement's rotation is shown in words, not as Python."""

from __future__ import annotations

from datetime import timedelta

from tests import factories as f
from vetdesk.domain.dates import add_months
from vetdesk.services import records


def _office(db, tmp_path, *, start=None):  # type: ignore[no-untyped-def]
    from tests.services.test_training_setup import START, Office

    office = Office(db, tmp_path)
    begin = start or START
    agreement = records.create(db, "agreements", office.agreement_values(
        start_date=begin, end_date=add_months(begin, 12) - timedelta(days=1)), accept_warnings=True).id
    f.activate(db, agreement)
    return office, agreement, begin


def test_a_rating_without_a_position_counts_for_where_the_rotation_has_the_apprentice(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """``vetdesk assess`` without --position stored no position (the rating counted for none) and named the
    computer's login as the rater: it takes the position of the rotation on that day, says so, and names the
    agreement's instructor (or tutor) as the rater."""
    office, agreement, start = _office(db, tmp_path)
    records.create(db, "rotations", {"agreement_id": agreement, "position_id": office.positions[0],
                                     "actual_start": start, "actual_end": start + timedelta(days=20)},
                   accept_warnings=True)
    # The apprentice left Almacén early: on day 25 the plan (moved by the actual dates) has them at Taller.
    day = (start + timedelta(days=25)).isoformat()
    code, out, err = cli(db, "assess", str(agreement), "MEC-04", "2", "--date", day, "--json")
    assert code == 0, err
    assert f'"position_id": {office.positions[1]}' in out, out
    assert '"rater_name": "Luis Herrera"' in out, out
    assert "Counted for the learning position Taller, where the rotation has the apprentice on" in err, err
    code, out, err = cli(db, "assess", str(agreement), "MEC-01", "3", "--date", start.isoformat(),
                         "--role", "tutor")
    assert code == 0, err
    rating = records.get(db, "assessments", int(out.split()[0]))
    assert rating["position_id"] == office.positions[0] and rating["rater_name"] == "Mtra. Elena Ruiz"
    assert "local:" not in (rating["rater_name"] or "")
    # A position named is kept as named.
    code, out, err = cli(db, "assess", str(agreement), "MEC-07", "2", "--date", day, "--position",
                         str(office.positions[2]))
    assert code == 0, err
    assert records.get(db, "assessments", int(out.split()[0]))["position_id"] == office.positions[2]
    assert "Counted for" not in err


def test_a_rating_on_a_day_between_two_positions_is_refused_in_words(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The apprentice left Almacén on day 20 and began at Taller on day 30: a rating of day 25 without
    --position lies at no position; it is refused naming the position in words and how to give it, nothing
    written. After the rotation's last day a rating counts for the last position."""
    office, agreement, start = _office(db, tmp_path)
    for position, begin, end in ((0, 0, 20), (1, 30, None)):
        records.create(db, "rotations", {"agreement_id": agreement, "position_id": office.positions[position],
                                         "actual_start": start + timedelta(days=begin),
                                         "actual_end": None if end is None else start + timedelta(days=end)},
                       accept_warnings=True)
    before = records.count_records(db, "assessments")
    code, out, err = cli(db, "assess", str(agreement), "MEC-01", "2", "--date",
                         (start + timedelta(days=25)).isoformat())
    assert code != 0
    text = out + err
    assert "The rotation does not place the apprentice at a learning position on" in text, text
    assert f"Give it with --position ID (vetdesk rotation {agreement} lists the positions)." in text, text
    assert "position_id" not in text
    assert records.count_records(db, "assessments") == before
    code, out, err = cli(db, "assess", str(agreement), "MEC-04", "2", "--date",
                         (start + timedelta(days=35)).isoformat())
    assert code == 0 and "Counted for the learning position Taller" in err, err


def test_show_says_an_agreement_s_rotation_in_words(capsys, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """``vetdesk show agreements`` printed the rotation as Python (``{'sequence': 1, … datetime.date(…)}``):
    each position is a line in the user's language, with its weeks and planned and actual dates."""
    from vetdesk.commands import main
    from vetdesk.i18n import shown_day

    office, agreement, start = _office(db, tmp_path)
    records.create(db, "rotations", {"agreement_id": agreement, "position_id": office.positions[0],
                                     "actual_start": start}, accept_warnings=True)
    capsys.readouterr()
    assert main(["--db", db.url, "--lang", "en", "show", "agreements", str(agreement)]) == 0
    out = capsys.readouterr().out
    assert "datetime" not in out and "{" not in out and "'sequence'" not in out, out
    planned_end = start + timedelta(weeks=13) - timedelta(days=1)
    assert f"Rotation: \n  1. Almacén, 13 weeks: planned {shown_day(start)} – {shown_day(planned_end)}; " \
           f"actual {shown_day(start)} – …\n  2. Taller, 13 weeks:" in out, out
    assert "4. Ensamble, 13 weeks:" in out and out.count("not started yet") == 3
    assert main(["--db", db.url, "--lang", "es", "show", "agreements", str(agreement)]) == 0
    out = capsys.readouterr().out
    assert "Rotación: \n  1. Almacén, 13 semanas: planeado" in out, out


def test_a_weekend_between_two_positions_is_no_gap_and_a_week_is(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Left on a Friday, started on the Monday: no word. Started a week later: warned, naming both positions and
    dates, on the command line as in the window; ``vetdesk check`` reports it once."""
    from datetime import date

    from vetdesk.domain import training as T

    friday = date(2026, 3, 6)
    others = [T.OtherPeriod(1, "Almacén", date(2026, 2, 2), friday)]
    values = {"agreement_id": 1, "position_id": 2, "actual_start": date(2026, 3, 9)}
    found = T.check_period(values, agreement_start=date(2026, 1, 1), agreement_end=date(2027, 1, 1), in_plan=True,
                           others=others, position_name="Taller")
    assert not [p for p in found if p.code == "rotation.gap"], found
    values["actual_start"] = date(2026, 3, 16)
    found = T.check_period(values, agreement_start=date(2026, 1, 1), agreement_end=date(2027, 1, 1), in_plan=True,
                           others=others, position_name="Taller")
    assert [p.message for p in found if p.code == "rotation.gap"] == [
        "The apprentice left Almacén on 06/03/2026 and starts at Taller on 16/03/2026: 5 working days at no learning "
        "position. Check both dates; if they were elsewhere, record it."], found
    office, agreement, start = _office(db, tmp_path)
    code, out, err = cli(db, "add", "rotations", f"agreement_id={agreement}", f"position_id={office.positions[0]}",
                         f"actual_start={start.isoformat()}", f"actual_end={(start + timedelta(days=9)).isoformat()}")
    assert code == 0, (out, err)
    code, out, err = cli(db, "add", "rotations", f"agreement_id={agreement}", f"position_id={office.positions[1]}",
                         f"actual_start={(start + timedelta(days=19)).isoformat()}")
    text = out + err
    assert "The apprentice left Almacén on" in text and "starts at Taller on" in text, text
    code, out, err = cli(db, "check")
    assert (out + err).count("working days at no learning position") == 1, out + err


def test_a_plan_returns_to_a_position(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Almacén → Taller → Almacén was refused ("already in the plan"): a plan may return to a position. Each stay
    has its own step: the actual dates of the second stay at Almacén are its third step's, the first stay's stay
    the first step's, and the steps after them move by them."""
    from datetime import date

    from tests.services.test_training_setup import START, Office
    from vetdesk.domain import training as T
    from vetdesk.services import training

    office = Office(db, tmp_path)
    almacen, taller = office.positions[0], office.positions[1]
    code, out, err = cli(db, "add", "rotation_plans", f"company_id={office.company}",
                         f"programme_id={office.programme}", "name=Plan de ida y vuelta",
                         f"steps={almacen}:10,{taller}:10,{almacen}:10,{office.positions[2]}:11,"
                         f"{office.positions[3]}:11")
    assert code == 0, (out, err)
    plan = int(out.split()[0])
    assert [s["position_id"] for s in records.get(db, "rotation_plans", plan)["steps"]] == \
        [almacen, taller, almacen, office.positions[2], office.positions[3]]
    agreement = records.create(db, "agreements", office.agreement_values(rotation_plan_id=plan),
                               accept_warnings=True).id
    f.activate(db, agreement)
    stays = [(almacen, START, START + timedelta(days=69)),
             (taller, START + timedelta(days=70), START + timedelta(days=139)),
             (almacen, START + timedelta(days=140), None)]
    for position, begin, end in stays:
        records.create(db, "rotations", {"agreement_id": agreement, "position_id": position, "actual_start": begin,
                                         "actual_end": end}, accept_warnings=True)
    rows = [line.row for line in training.agreement_rotation(db, agreement)]
    assert [(r.name, r.actual_start, r.actual_end) for r in rows[:3]] == [
        ("Almacén", START, START + timedelta(days=69)), ("Taller", START + timedelta(days=70),
                                                         START + timedelta(days=139)),
        ("Almacén", START + timedelta(days=140), None)], rows
    assert rows[3].planned_start == START + timedelta(days=140) + timedelta(weeks=10)
    lines = training.agreement_rotation(db, agreement)
    assert lines[0].period_id != lines[2].period_id and None not in (lines[0].period_id, lines[2].period_id)
    # The rotation's rule, on its own: a stay interrupted and resumed stays one step.
    steps = [T.Step(1, 4), T.Step(2, 4), T.Step(1, 4)]
    got = T.rotation(date(2026, 1, 5), steps, [(1, date(2026, 1, 5), date(2026, 1, 9)),
                                               (1, date(2026, 1, 12), date(2026, 1, 30)),
                                               (2, date(2026, 2, 2), date(2026, 2, 27)),
                                               (1, date(2026, 3, 2), None)])
    assert [(r.actual_start, r.actual_end) for r in got] == [
        (date(2026, 1, 5), date(2026, 1, 30)), (date(2026, 2, 2), date(2026, 2, 27)), (date(2026, 3, 2), None)]
    # A third stay at Almacén, which the plan has twice, is the same period recorded again: refused, nothing
    # written.
    code, out, err = cli(db, "add", "rotations", f"agreement_id={agreement}", f"position_id={almacen}",
                         f"actual_start={(START + timedelta(days=1)).isoformat()}")
    assert code != 0 and "already recorded" in out + err and "the plan has it 2 times" in out + err, out + err
    assert records.count_records(db, "rotations") == 3
    # The progress report reads each stay: Almacén twice, each with its own actual start.
    import io

    import pypdf

    from vetdesk.reports import render

    pdf = render.progress_pdf(db, agreement_id=agreement, lang="en")
    text = " ".join(page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    section = text[text.index("Learning positions: planned and actual weeks"):]
    assert section.count("Almacén") >= 2 and section.index("Almacén") < section.index("Taller") \
        < section.rindex("Almacén"), section[:600]
    # Shown in words with both stays.
    code, out, err = cli(db, "show", "agreements", str(agreement))
    assert "1. Almacén, 10 weeks" in out and "3. Almacén, 10 weeks" in out, out


def test_a_municipality_is_kept_by_its_name_never_its_inegi_number(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A SEP file whose MUNICIPIO holds the INEGI number (014) put "Municipality: 014" in the school's form,
    lists and documents. With NOMBREMUN beside it, the name is taken; with the number alone, it is left out with
    a warning saying which column holds the name; typed by hand, the same."""
    from tests.io.test_setup_io import write_csv
    from vetdesk.domain.identifiers import municipality_name

    path = write_csv(tmp_path / "sep.csv", ["CLAVECCT", "NOMBRECT", "ENTIDAD", "MUNICIPIO", "NOMBREMUN"], [
        ["22DPT0004Q", "CONALEP QUERÉTARO II", "22", "014", "QUERÉTARO"]], "latin-1")
    code, out, err = cli(db, "import", "schools", str(path))
    assert code == 0, (out, err)
    only_number = write_csv(tmp_path / "sep2.csv", ["CLAVECCT", "NOMBRECT", "ENTIDAD", "MUNICIPIO"], [
        ["22DPT0005P", "CONALEP QUERÉTARO III", "22", "014"]], "latin-1")
    code, out, err = cli(db, "import", "schools", str(only_number))
    assert code == 0, (out, err)
    assert "014 is the INEGI number of a municipality, not its name: it is left out." in out + err, out + err
    assert "NOMBREMUN" in out + err
    schools = {s["cct"]: s for s in records.list_records(db, "schools")}
    assert schools["22DPT0004Q"]["municipality"] == "QUERÉTARO"
    assert schools["22DPT0005P"]["municipality"] is None
    code, out, err = cli(db, "add", "schools", "name=CECyTEQ 5", "cct=22ECT0005B", "municipality=14")
    assert "14 is the INEGI number of a municipality" in out + err, out + err
    # A number recorded before is not printed as the school's place, and vetdesk check names it.
    assert municipality_name("014") == "" and municipality_name("Querétaro") == "Querétaro"
    from vetdesk.storage.models import School

    with db.writer() as session:
        session.get(School, schools["22DPT0005P"]["id"]).municipality = "014"
        session.commit()
    code, out, err = cli(db, "check")
    assert "The municipality is recorded as 014, the INEGI number of a municipality, not its name." in out + err, \
        out + err
