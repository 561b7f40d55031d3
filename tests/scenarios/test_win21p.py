"""The last window defects of issue 21's new-user trial at 1366×768 (win21p), each driven as a person drives the
window: typed, clicked, answered, asserted on screen and in the database. Screenshots go to
``screenshots/scenarios/``."""

from __future__ import annotations

from typing import Any

from tests import factories as f
from tests.scenarios.person import Person, main_window
from tests.scenarios.test_ui21m import _open_first_row
from vetdesk.i18n import _
from vetdesk.ui.main_window import MainWindow


def _empty_right_of_columns(page: Any) -> int:
    """The pixels of the list's width right of its last column (a strip of nothing)."""
    table, header = page.table, page.table.horizontalHeader()
    shown = [i for i in range(header.count()) if not table.isColumnHidden(i)]
    right = max(header.sectionViewportPosition(i) + header.sectionSize(i) for i in shown)
    return table.viewport().width() - right


def test_a_closed_record_pane_gives_the_list_its_whole_width_again_after_a_restart(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, qsettings, monkeypatch, language: str) -> None:
    """Item 3: the window closed with a record open beside the list; started again, a record opened and closed
    left an empty strip where the pane had been (the columns kept the narrow widths saved beside the pane). Now
    the columns share out the list's room as on the first start, beside the pane and without it."""
    f.make_agreement(window.db)
    person = Person(qtbot, window, f"win21p-pane-closed-{language}")
    _open_first_row(qtbot, person, window, _("Companies"))
    person.shot("company-open")
    window.close()  # the officer's day ends with the company open: the list's state is saved as it is
    with main_window(qtbot, window.db, qsettings, monkeypatch) as again:
        other = Person(qtbot, again, f"win21p-pane-closed-again-{language}")
        page = _open_first_row(qtbot, other, again, _("Companies"))
        other.shot("company-open-after-restart")
        other.click(_("Close"), page.form)
        qtbot.waitUntil(lambda: page.form is None and not page.form_stack.isVisible(), timeout=3000)
        qtbot.wait(200)
        other.shot("company-closed")
        assert _empty_right_of_columns(page) <= 2, _empty_right_of_columns(page)
        assert sum(page.splitter.sizes()) - page.splitter.sizes()[0] <= 0
