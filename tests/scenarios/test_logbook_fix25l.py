"""fix25l (issue 25's trial): a countersigned week that names no learning position showed an empty "Learning
position" in the window's weekly report form while its printed form said the rotation's ("Taller mecánico"). Both
say the rotation's position, as the rotation's."""

from __future__ import annotations

import io

from pypdf import PdfReader
from PySide6.QtWidgets import QComboBox

from tests.logbook.conftest import World
from tests.scenarios.person import Person
from tests.scenarios.test_logbook import _close, _open_row, _window, world  # noqa: F401 (the fixture)
from vetdesk.domain import logbook as L
from vetdesk.i18n import _
from vetdesk.reports.weekly_form import week_pdf
from vetdesk.services import logbook, records


def test_a_countersigned_week_without_a_position_shows_the_rotations_in_the_window_and_on_paper(
        qtbot, world, qsettings, monkeypatch, language) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    w: World = world
    week = next(r for r in records.list_records(w.db, "logbook")
                if r["agreement_id"] == w.mine and r["week_start"] == w.week(0))
    assert week["status"] == L.WeekStatus.APPROVED and week["position_id"] is None
    rotation = logbook.learning_choices(w.db, agreement_id=w.mine, week=w.week(0)).rotation
    assert rotation
    said = _(L.BY_ROTATION).format(position=rotation)
    window = _window(qtbot, w.db, qsettings, monkeypatch)
    person = Person(qtbot, window, f"logbook-rotation-{language}")
    try:
        person.nav(_("Weekly reports"))
        page = window.current_list()
        qtbot.waitUntil(lambda: not page.loading and page.model.rowCount() > 0, timeout=5000)
        form = _open_row(person, page, week["id"])
        combo = person.find(_("Learning position"), QComboBox, form)
        qtbot.waitUntil(lambda: combo.currentText() == said, timeout=5000)
        assert combo.currentData() is None  # nothing recorded: the week still names no position
        person.shot("week-by-rotation")
    finally:
        _close(qtbot, window, monkeypatch)
    content = week_pdf(w.db, w.mine, w.week(0), lang=language)
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(content)).pages)
    assert " ".join(said.split()) in text, text[:1500]
    assert records.get(w.db, "logbook", week["id"])["position_id"] is None
