"""Issue 25's trial, item 8: the command line's messages about the weekly reports and their files in the user's
words — a row's refusal not prefixed "error: row 6:", no operating system's English, the export's refusal naming
what was being done, no "Nothing was written" after a command that only reads, a cell's limit written as the
language writes numbers, the snooze's last day as the language writes days."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from tests.logbook.conftest import OFFICER, TODAY, VIEWER, World, fill
from vetdesk import i18n
from vetdesk.services import exchange, users


def test_a_row_refused_is_said_once_in_the_user_s_words(world: World, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    w = world
    book = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "ivan.xlsx", instructor_id=w.instructor).path
    filled = fill(book, tmp_path / "f.xlsx", {(exchange.FIRST_ROW + 1, exchange.HOURS + 1): 999})
    code, out, err = cli(w.db, "logbook", "import", str(filled))
    assert code == 1, err
    assert f"Row {exchange.FIRST_ROW + 1} (" in err and "error: row" not in err and "Nothing was written." in err


def test_files_that_cannot_be_used_are_named_in_our_words(world: World, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    w = world
    code, out, err = cli(w.db, "logbook", "import", str(tmp_path / "missing.xlsx"))
    assert code == 1 and "missing.xlsx" in err and "there is no such file or folder" in err, err
    assert "No such file" not in err and "Errno" not in err


def test_read_only_refusals_say_nothing_of_saving_and_the_export_names_itself(world: World, cli,  # type: ignore[no-untyped-def]
                                                                             tmp_path: Path, monkeypatch) -> None:
    w = world
    code, out, err = cli(w.db, "show", "logbook", "4242")
    assert code == 1 and "There is no weekly report with id 4242" in err and "Nothing was written" not in err, err
    code, out, err = cli(w.db, "logbook", "show", "4242")
    assert code == 1 and "Nothing was written" not in err, err
    # A viewer may not write the exchange file: the refusal says so, not "(import data)".
    users.create_user(w.db, username="vera", password="a good password", role="viewer")
    monkeypatch.setenv("VETDESK_PASSWORD", "a good password")
    code, out, err = cli(w.db, "--user", VIEWER.username, "logbook", "export", "--instructor", str(w.instructor),
                         "--output", str(tmp_path / "x.xlsx"))
    assert code == 1 and "(write a weekly-report exchange file)" in err and "import data" not in err, err


def test_a_snooze_too_far_says_the_last_day_as_the_language_writes_it(world: World, cli) -> None:  # type: ignore[no-untyped-def]
    w = world
    code, out, err = cli(w.db, "remind", "snooze", "logbook_overdue", "--until",
                         (TODAY + timedelta(days=800)).isoformat())
    from vetdesk.services.reminders import MAX_SNOOZE_DAYS

    last = TODAY + timedelta(days=MAX_SNOOZE_DAYS)
    assert code == 1 and last.isoformat() not in err, err
    before = i18n.current()
    try:
        i18n.set_language("en")
        assert i18n.shown_day(last) in err
    finally:
        i18n.set_language(before.locale)


def test_a_cell_s_limit_is_written_as_the_language_writes_numbers() -> None:
    from vetdesk.services.importing.reading import MAX_CELL_LENGTH, _count

    before = i18n.current()
    try:
        i18n.set_language("en")
        assert _count(MAX_CELL_LENGTH) == "32,767"
        i18n.set_language("de")
        assert _count(MAX_CELL_LENGTH) == "32.767"
    finally:
        i18n.set_language(before.locale)


def test_an_import_of_a_file_that_cannot_be_opened_names_it_in_our_words(world: World, cli,  # type: ignore[no-untyped-def]
                                                                         tmp_path: Path) -> None:
    w = world
    (tmp_path / "folder.xlsx").mkdir()
    for command in (["import", "apprentices"], ["logbook", "import"]):
        for name, words in (("missing.xlsx", "there is no such file or folder"),
                            ("folder.xlsx", "it is a folder, not a file")):
            code, out, err = cli(w.db, *command, str(tmp_path / name))
            assert code == 1 and f"{name} cannot be read: {words}" in err, (command, err)
            assert "Errno" not in err and "No such file" not in err and "Is a directory" not in err


def test_refusals_fit_the_case_deleting_a_report_a_viewer_reviewing_a_system_folder(  # type: ignore[no-untyped-def]
        world: World, cli, tmp_path: Path, monkeypatch) -> None:
    """Issue 25's re-trial, item 7: deleting a handed-in weekly report says why a report is kept and what to do
    (not that it was printed and is to be terminated); a viewer's review says a weekly report's review was refused
    (not recording assessments); a file given in a system folder such as /proc says the folder takes no files
    (not that it does not exist)."""
    import os

    from vetdesk.services import logbook, records

    w = world
    week = logbook.write_week(w.db, agreement_id=w.mine, week=w.week(1), values={
        "activities": "Torneado", "status": "submitted"}).id
    code, out, err = cli(w.db, "delete", "logbook", str(week))
    assert code == 1 and "Only a weekly report still being written can be deleted" in err, err
    assert "printed" not in err and "Terminate" not in err and "handed in, waiting for review" in err, err
    assert records.get(w.db, "logbook", week)["status"] == "submitted"
    if os.path.isdir("/proc"):
        code, out, err = cli(w.db, "logbook", "export", "--instructor", str(w.instructor), "--output",
                             "/proc/vetdesk.xlsx")
        assert code == 1 and "/proc is a folder of the system that takes no new files" in err, err
        assert "does not exist" not in err

    users.create_user(w.db, username="vera", password="a good password", role="viewer")
    monkeypatch.setenv("VETDESK_PASSWORD", "a good password")
    code, out, err = cli(w.db, "--user", VIEWER.username, "logbook", "review", str(week), "approve")
    assert code == 1 and "(review a weekly report)" in err and "assessments" not in err, err


def test_list_logbook_and_attendance_say_status_words_in_the_user_s_language(world: World, cli) -> None:  # type: ignore[no-untyped-def]
    """Re-trial: `vetdesk list logbook` and `list attendance` printed the stored codes (draft, present) whatever
    the language."""
    w = world
    code, _out, err = cli(w.db, "add", "logbook", f"agreement_id={w.mine}", f"week_start={w.week(0).isoformat()}",
                          "activities=Torno")
    assert code == 0, err
    code, _out, err = cli(w.db, "add", "attendance", f"agreement_id={w.mine}", f"day={w.week(1).isoformat()}",
                          "presence=present")
    assert code == 0, err
    for lang, draft, present in (("es", "en redacción", "presente"), ("de", "in Arbeit", "anwesend")):
        code, out, err = cli(w.db, "--lang", lang, "list", "logbook")
        assert code == 0 and f"\t{draft}\t" in out and "draft" not in out, out
        code, out, err = cli(w.db, "--lang", lang, "list", "attendance")
        assert code == 0 and f"\t{present}\t" in out and "present\t" not in out, out


def test_logbook_and_reminder_refusals_name_no_internal_field(world: World, cli) -> None:  # type: ignore[no-untyped-def]
    """Re-trial: "error: until: …" and "error: review_note: …": the message names the field in the user's words,
    the internal name goes; a field the user typed as FIELD=VALUE is still named as typed."""
    w = world
    code, _out, err = cli(w.db, "--lang", "es", "remind", "snooze", "logbook_overdue", "--until",
                          (TODAY + timedelta(days=800)).isoformat())
    assert code == 1 and "until:" not in err and "error:" not in err and err.strip(), err
    code, _out, err = cli(w.db, "add", "logbook", f"agreement_id={w.mine}", f"week_start={w.week(0).isoformat()}",
                          "activities=Torno")
    week = int(_out.strip())
    code, _out, err = cli(w.db, "set", "logbook", str(week), "status=submitted")
    assert code == 0, err
    code, _out, err = cli(w.db, "logbook", "review", str(week), "return")
    assert code == 1 and "review_note" not in err and "error:" not in err and "Say what to correct" in err, err
    code, _out, err = cli(w.db, "add", "attendance", f"agreement_id={w.mine}", f"day={w.week(1).isoformat()}",
                          "presence=present", "hours=99")
    assert code == 1 and "error: Hours must be from 0 to 24" in err, err


def test_a_cell_cut_by_the_spreadsheet_is_said_with_its_field_s_own_limit(world: World, cli,  # type: ignore[no-untyped-def]
                                                                          tmp_path: Path) -> None:
    """Re-trial item 6: a text pasted far beyond its field's limit arrives cut at the program's 32,767 characters;
    the import said "at most 4,000 characters, 32,767 given" and instructor mode "sheet …, row 6, column T holds
    more than 4,000 characters" for a list of codes whose limit is 2,000. Both say the field in the user's words
    with the limit its rule uses, and not the program's number."""
    from vetdesk.services import exchange_file as XF

    w = world
    book = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "ivan.xlsx", instructor_id=w.instructor,
                                    language="en").path
    row = exchange.FIRST_ROW + 1
    for column, label, limit in ((exchange.ACTIVITIES, "What was done and learnt at the company", "4,000"),
                                 (exchange.PRACTISED, "Competencies practised", "2,000")):
        filled = fill(book, tmp_path / f"long{column}.xlsx", {(row, column + 1): "a" * 40_000})
        code, _out, err = cli(w.db, "logbook", "import", str(filled))
        assert code == 1 and f"{label} is too long: at most {limit} characters." in err, err
        assert "32,767" not in err and "32767" not in err, err
        # Instructor mode opens the file, that cell empty and named (fix25h).
        opened = XF.open_file(filled)
        assert len(opened.refused) == 1
        said = opened.refused[0]
        assert f"{label} is too long: at most {limit} characters." in said, said
        assert i18n.shown_day(w.week(1)) in said and "column" not in said and "32,767" not in said, said


def test_a_record_number_out_of_range_is_said_in_the_user_s_terms(world: World, cli) -> None:  # type: ignore[no-untyped-def]
    """Re-trial item 6: vetdesk logbook show 99999999999 said "not a whole number from 0 to 2147483647" (the
    database's limit); it says what the number is and where the user finds it."""
    w = world
    for args, kind in ((["logbook", "show", "99999999999"], "agreements"),
                       (["logbook", "review", "0", "approve"], "logbook"),
                       (["logbook", "export", "--instructor", "99999999999", "-o", "x.xlsx"], "instructors")):
        code, _out, err = cli(w.db, *args)
        assert code == 2 and f"is not the number of a record: give the number that vetdesk list {kind} shows" \
            in err, err
        assert "2147483647" not in err and "2,147,483,647" not in err, err


def test_history_takes_a_kind_in_the_singular_as_every_command_does(world: World, cli) -> None:  # type: ignore[no-untyped-def]
    """Issue 25's trial: ``vetdesk history assessment 2177`` was read as an administrator's history (users) and
    refused an officer "(manage users)"; the singular names the kind as ``print`` and ``show`` take it."""
    w = world
    code, plural, err = cli(w.db, "history", "agreements", str(w.mine), "--json")
    assert code == 0 and '"create"' in plural, err
    for word in ("agreement", "convenio", "Agreement"):
        code, out, err = cli(w.db, "history", word, str(w.mine), "--json")
        assert code == 0 and out == plural, (word, err)


def test_deleting_a_handed_in_or_countersigned_week_gives_one_piece_of_advice(world: World, cli) -> None:  # type: ignore[no-untyped-def]
    """Issue 25's trial: deleting an approved week said both "return it with a note" and "it stays as approved"."""
    from vetdesk.services import logbook

    w = world
    handed = logbook.write_week(w.db, agreement_id=w.mine, week=w.week(0),
                                values={"activities": "Tornos", "status": "submitted"}).id
    approved = logbook.write_week(w.db, agreement_id=w.mine, week=w.week(1),
                                  values={"activities": "Prensas", "status": "submitted"}).id
    logbook.review(w.db, approved, decision="approve")
    code, out, err = cli(w.db, "delete", "logbook", str(approved))
    assert code == 1 and "stays as it was approved and cannot be deleted" in err, err
    assert "return it with a note" not in err
    code, out, err = cli(w.db, "delete", "logbook", str(handed))
    assert code == 1 and "return it with a note" in err and "stays as it was approved" not in err, err
