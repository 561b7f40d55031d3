"""A new user's trial of issue 25 met the instructors' exchange file (fix25h): an export after a returned week, the
countersignature's day and more."""

from __future__ import annotations

import json
from pathlib import Path

from tests.logbook.conftest import OFFICER, World, fill
from tests.logbook.test_exchange import ACTIVITIES, DECISION, HOURS, row_of
from vetdesk.services import exchange, logbook, records


def test_the_file_is_written_after_a_week_was_returned_and_reads_its_day(world: World, tmp_path: Path, cli) -> None:
    """A week returned (``reviewed_on`` set) no longer stops the export, for an instructor or a company; what the
    export stores holds no date or number object (its JSON is plain); a week countersigned after the export is
    still said with its day when the file differs."""
    from datetime import date

    w = world
    returned = logbook.write_week(w.db, agreement_id=w.mine, week=w.week(0),
                                  values={"activities": "Tornos", "status": "submitted"}).id
    logbook.review(w.db, returned, decision="return", note="corrija")
    code, _out, err = cli(w.db, "logbook", "export", "--instructor", str(w.instructor), "-o",
                          str(tmp_path / "i.xlsx"))
    assert code == 0 and "Traceback" not in err, err
    code, _out, err = cli(w.db, "logbook", "export", "--company", str(w.company), "-o", str(tmp_path / "c.xlsx"))
    assert code == 0 and "Traceback" not in err, err
    written = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "ivan.xlsx", instructor_id=w.instructor)
    from sqlalchemy import select

    from vetdesk.storage.models import LogbookExchange

    with w.db.reader() as session:
        content = session.scalar(select(LogbookExchange.content).where(LogbookExchange.token == written.token))
    json.dumps(content)  # plain JSON, no default
    first = next(r for r in content["rows"] if r["week"] == w.week(0).isoformat())
    assert first["values"]["reviewed_on"] == date.today().isoformat() and first["values"]["status"] == "returned"
    # The office countersigns week 1 meanwhile; the file's differing text is not taken, said with the day.
    second = logbook.write_week(w.db, agreement_id=w.mine, week=w.week(1),
                                values={"activities": "Soldadura", "status": "submitted"}).id
    logbook.review(w.db, second, decision="approve")
    filled = fill(written.path, tmp_path / "f.xlsx", {
        (row_of(1), ACTIVITIES): "Soldadura TIG", (row_of(0), ACTIVITIES): "Tornos y fresas",
        (row_of(0), HOURS): 30, (row_of(0), DECISION): "approve (countersign)"})
    report = exchange.import_workbook(w.db.as_user(OFFICER), filled)
    notes = " ".join(report.rows[1].notes)
    from vetdesk import i18n

    assert f"countersigned on {i18n.shown_day(date.today())}" in notes, notes
    assert records.get(w.db, "logbook", returned)["status"] == "approved"
    assert records.get(w.db, "logbook", second)["activities"] == "Soldadura"
