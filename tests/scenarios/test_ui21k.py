"""What the last trial of issue 21 left in the officer's day, each driven as a person drives it (typed, clicked,
answered) and asserted on screen and in the database; screenshots go to ``screenshots/scenarios/``."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from tests import factories as f
from tests.scenarios.person import Person
from vetdesk import i18n
from vetdesk.i18n import _
from vetdesk.services import records
from vetdesk.ui.main_window import MainWindow


def _click_header(page: Any, column: int) -> None:
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def test_the_agreements_apprentice_and_company_columns_sort_by_name(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                                    language: str) -> None:
    """Clicking the agreements list's *Apprentice* or *Company* header did nothing. Each sorts the list by the
    name it shows, accents folded (Álvarez before Ortiz before Zúñiga), the header's arrow on it; a second click
    reverses it."""
    db = window.db
    for surname, company in (("Zúñiga", "Óptica Zamora"), ("Álvarez", "énfasis Textil"), ("Ortiz", "Aceros Beta")):
        apprentice = f.make_apprentice(db, first_surname=surname)
        f.make_agreement(db, apprentice_id=apprentice, company_id=f.make_company(db, name=company))
    person = Person(qtbot, window, f"ui21k-sort-agreements-{language}")
    person.nav(_("Agreements"))
    page = window.current_list()
    qtbot.waitUntil(lambda: not page.loading and page.model.complete, timeout=10000)
    header = page.table.horizontalHeader()

    def shown(key: str) -> list[str]:
        column = next(i for i, c in enumerate(page.model.columns) if c.key == key)
        return [str(page.model.index(row, column).data()) for row in range(page.model.rowCount())]

    for key, first in (("apprentice_id", ["Álvarez", "Ortiz", "Zúñiga"]),
                       ("company_id", ["Aceros Beta", "énfasis Textil", "Óptica Zamora"])):
        column = next(i for i, c in enumerate(page.model.columns) if c.key == key)
        for descending in (False, True):
            _click_header(page, column)
            qtbot.waitUntil(lambda: (page.query.order_by, page.query.descending) == (key, descending)
                            and not page.loading, timeout=5000)
            qtbot.waitUntil(lambda: all(shown(key)), timeout=5000)
            person.shot(f"sorted-{key}-{'down' if descending else 'up'}")
            assert header.isSortIndicatorShown() and header.sortIndicatorSection() == column
            assert header.sortIndicatorOrder() == (Qt.SortOrder.DescendingOrder if descending
                                                   else Qt.SortOrder.AscendingOrder)
            expected = list(reversed(first)) if descending else first
            names = shown(key)
            assert [next(word for word in expected if word in name) for name in names] == expected, names
