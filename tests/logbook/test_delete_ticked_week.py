"""A draft weekly report entered by mistake is deleted with the competencies ticked on it (a trial was refused:
"This weekly report cannot be deleted: 1 other record refers to it", not saying which nor what to do — the
competencies ticked are the report's own list); undo brings it back with them."""

from __future__ import annotations

from tests.logbook.conftest import World, add_catalogue
from vetdesk.services import records, undo


def test_a_draft_week_with_a_ticked_competency_is_deleted_and_undone_whole(world: World) -> None:
    w = world
    codes = add_catalogue(w)
    week = records.create(w.db, "logbook", {"agreement_id": w.mine, "week_start": w.week(2), "activities": "Tornos",
                                            "competency_ids": [codes["MAN-1"]]}, accept_warnings=True).id
    assert records.get(w.db, "logbook", week)["competency_ids"] == [codes["MAN-1"]]
    undo.delete_record(w.db, "logbook", week)
    assert week not in {r["id"] for r in records.list_records(w.db, "logbook")}
    undo.undo_last(w.db)
    assert records.get(w.db, "logbook", week)["competency_ids"] == [codes["MAN-1"]]
