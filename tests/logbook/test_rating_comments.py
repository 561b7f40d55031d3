"""A comment per rating on the exchange workbook's ratings sheet: an open cell beside the level, taken back into the
rating's comment (with a new level or with the level as it stood), shown on the progress report; a second import
writes nothing; a comment without a level, an over-long one and a formula refused with nothing written."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from tests.logbook.conftest import OFFICER, World, add_catalogue, fill
from tests.reports.conftest import pdf_text
from vetdesk.domain.bounds import LONG_TEXT
from vetdesk.domain.problems import RuleViolation
from vetdesk.reports import render
from vetdesk.services import assessments, exchange
from vetdesk.storage.models import Assessment, AuditEntry

RATINGS = 1
CODE, LEVEL, COMMENT = exchange.R_CODE + 1, exchange.R_LEVEL + 1, exchange.R_COMMENT + 1


def _export(w: World, tmp_path: Path) -> tuple[Path, dict[str, int]]:
    path = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "ivan.xlsx", instructor_id=w.instructor,
                                    language="en").path
    ws = openpyxl.load_workbook(path).worksheets[RATINGS]
    return path, {ws.cell(r, CODE).value: r for r in range(exchange.FIRST_ROW, ws.max_row + 1)}


def _kept(w: World) -> dict[int, tuple[int | None, str | None, str | None]]:
    with w.db.reader() as session:
        return {cid: (level, comment, rater) for cid, level, comment, rater in session.execute(
            select(Assessment.competency_id, Assessment.level, Assessment.comment, Assessment.rater_name)
            .where(Assessment.agreement_id == w.mine).order_by(Assessment.id))}


def _counts(w: World) -> tuple[int, int]:
    with w.db.reader() as session:
        return (int(session.scalar(select(func.count()).select_from(Assessment)) or 0),
                int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0))


def test_a_comment_goes_with_its_rating_and_onto_the_progress_report(world: World, tmp_path: Path) -> None:
    w = world
    codes = add_catalogue(w)
    assessments.record_assessment(w.db, agreement_id=w.mine, competency_code="MAN-2", level=3)
    path, rows = _export(w, tmp_path)
    ws = openpyxl.load_workbook(path).worksheets[RATINGS]
    assert ws.cell(exchange.HEADER_ROW, COMMENT).value == "Comment on the rating"
    assert not ws.cell(rows["MAN-1"], COMMENT).protection.locked
    filled = fill(path, tmp_path / "f.xlsx", {
        (rows["MAN-1"], LEVEL): "3 = competent", (rows["MAN-1"], COMMENT): "Mide con calibrador sin ayuda.",
        (rows["MAN-2"], COMMENT): "Sigue lubricando según el plan."}, sheet=RATINGS)  # level as it stood
    assert exchange.import_workbook(w.db.as_user(OFFICER), filled).written
    kept = _kept(w)
    assert kept[codes["MAN-1"]] == (3, "Mide con calibrador sin ayuda.", "Ing. Iván Robles")
    assert kept[codes["MAN-2"]] == (3, "Sigue lubricando según el plan.", "Ing. Iván Robles")
    text = " ".join(pdf_text(render.progress_pdf(w.db, agreement_id=w.mine, lang="en")).split())
    assert "Mide con calibrador sin ayuda." in text and "Sigue lubricando según el plan." in text
    before = _counts(w)
    assert not exchange.import_workbook(w.db.as_user(OFFICER), filled).written  # the same file again
    assert _counts(w) == before


@pytest.mark.parametrize("cells, expected", [
    ({COMMENT: "Bien."}, "choose the level the comment goes with"),
    ({LEVEL: "3 = competent", COMMENT: "x" * (LONG_TEXT + 1)}, f"{LONG_TEXT:,}"),  # as English writes numbers
    ({LEVEL: "3 = competent", COMMENT: '=HYPERLINK("http://example.com")'}, "formulas"),
])
def test_a_comment_that_cannot_be_kept_is_refused(world: World, tmp_path: Path, cells, expected) -> None:  # type: ignore[no-untyped-def]
    w = world
    add_catalogue(w)
    path, rows = _export(w, tmp_path)
    filled = fill(path, tmp_path / "bad.xlsx", {(rows["MAN-1"], col): v for col, v in cells.items()}, sheet=RATINGS)
    before = _counts(w)
    with pytest.raises(RuleViolation) as refused:
        exchange.import_workbook(w.db.as_user(OFFICER), filled)
    message = " ".join(p.message for p in refused.value.problems)
    assert expected in message, message
    assert _counts(w) == before


def test_a_comment_in_a_conflict_is_said_and_kept(world: World, tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    """Re-trial item 4: a rating recorded at the office since the export made the file's row a conflict, and its
    comment went without a word (the report named the levels only). It is said beside the level, on the command
    line too, kept in the import's record, and written when the officer takes the row."""
    import json

    w = world
    codes = add_catalogue(w)
    path, rows = _export(w, tmp_path)
    assessments.record_assessment(w.db, agreement_id=w.mine, competency_code="MAN-2", level=2, rater="Olga",
                                  comment="Visto en la oficina.")
    filled = fill(path, tmp_path / "f.xlsx", {(rows["MAN-2"], LEVEL): "4 = outstanding",
                                              (rows["MAN-2"], COMMENT): "Lubrica sin ayuda.",
                                              (rows["MAN-1"], LEVEL): "3 = competent"}, sheet=RATINGS)
    report = exchange.import_workbook(w.db.as_user(OFFICER), filled)
    conflict = next(r for r in report.rows if r.ref == f"R{rows['MAN-2']}")
    assert conflict.outcome == "conflict" and not conflict.taken
    assert conflict.conflicts == [("MAN-2", "2 = developing", "4 = outstanding"),
                                  ("MAN-2, comment on the rating", "Visto en la oficina.", "Lubrica sin ayuda.")]
    assert _kept(w)[codes["MAN-2"]][:2] == (2, "Visto en la oficina.")  # the office's rating stays
    with w.db.reader() as session:
        changes = session.scalars(select(AuditEntry.changes).where(AuditEntry.kind == "logbook_exchanges",
                                                                   AuditEntry.action == "import")).one()
    recorded = (changes if isinstance(changes, dict) else json.loads(changes))["after"]
    assert recorded["comments_kept"] == {f"R{rows['MAN-2']}": "Lubrica sin ayuda."}
    code, _out, err = cli(w.db, "logbook", "import", "--dry-run", str(filled))
    assert code == 0 and "office Visto en la oficina. / file Lubrica sin ayuda." in err, err
    taken = exchange.import_workbook(w.db.as_user(OFFICER), filled, take=[f"R{rows['MAN-2']}"])
    assert next(r for r in taken.rows if r.ref == f"R{rows['MAN-2']}").taken
    assert _kept(w)[codes["MAN-2"]][:2] == (4, "Lubrica sin ayuda.")
