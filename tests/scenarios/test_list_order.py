"""Every list opens with a visible sort arrow that matches its real order (found by a new user's trial of issue
21: the assessments list had no arrow and no visible order, and a new assessment appeared at the bottom). The
assessments open newest first by date; one recorded meanwhile appears where that order puts it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.scenarios.person import SIZE, Person
from vetdesk.i18n import _
from vetdesk.services import demo, records
from vetdesk.ui.listmodel import LIST_ORDER
from vetdesk.ui.main_window import PAGES, MainWindow


def _arrow(page: Any) -> tuple[str | None, bool]:
    header = page.table.horizontalHeader()
    section = header.sortIndicatorSection()
    if not header.isSortIndicatorShown() or not 0 <= section < len(page.model.columns):
        return None, False
    return page.model.columns[section].key, header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder


def _in_order(values: list[Any], descending: bool) -> bool:
    pairs = list(zip(values, values[1:], strict=False))
    known = [(a, b) for a, b in pairs if a is not None and b is not None]
    return all(a >= b for a, b in known) if descending else all(a <= b for a, b in known)


def test_every_list_opens_with_the_arrow_of_its_real_order(qtbot, sqlite_db, qsettings, language,  # type: ignore[no-untyped-def]
                                                           monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from vetdesk.ui import tasks

    demo.fill_demo(sqlite_db, apprentices=30, seed=5)
    window = MainWindow(sqlite_db, settings=qsettings)
    window.resize(*SIZE)
    window.show()
    qtbot.waitExposed(window)
    person = Person(qtbot, window, f"list-order-{language}")
    try:
        # -- the assessments: newest first by date, the arrow on the date -------------------------------------
        person.nav(_("Assessments"))
        page = window.current_list()
        qtbot.waitUntil(lambda: not page.loading and page.model.complete, timeout=10000)
        assert _arrow(page) == ("assessed_on", True)
        ids = page.model.ids()
        assert len(ids) > 5
        dated = [(records.get(sqlite_db, "assessments", i)["assessed_on"], i) for i in ids]
        assert dated == sorted(dated, reverse=True)  # newest first, then the later recorded first
        person.shot("assessments")

        # -- one recorded meanwhile (on another PC) appears where its date puts it ------------------------------
        source = next(a for a in (records.get(sqlite_db, "assessments", i) for _d, i in dated[len(dated) // 2:])
                      if records.get(sqlite_db, "agreements", a["agreement_id"])["status"] == "active")
        middle = source["assessed_on"]  # a day of the agreement's term, in the middle of the list
        new = records.create(sqlite_db, "assessments", {
            "agreement_id": source["agreement_id"], "competency_id": source["competency_id"],
            "level": source["level"], "assessed_on": middle, "rater_role": "instructor"},
            accept_warnings=True).id
        qtbot.waitUntil(lambda: new in page.model.ids(), timeout=10000)
        position = page.model.ids().index(new)
        assert position == [d for d, _i in dated].index(middle)  # first of its day, before the older ones
        assert position not in (0, len(ids))

        # -- every list: its arrow on the column its rows are really in ------------------------------------------
        for key, label in PAGES[1:]:
            person.nav(_(label))
            page = window.current_list()
            qtbot.waitUntil(lambda page=page: not page.loading and page.model.complete, timeout=10000)
            column, descending = _arrow(page)
            assert (column, descending) == LIST_ORDER[key], key
            sort_key = page.query.order_by
            ids = page.model.ids()[:60]
            if sort_key == "id":
                values: list[Any] = list(ids)
            elif sort_key == "sort_key":  # names in the reader's order (accents folded)
                values = [records.sort_key(records.kind(key), records.get(sqlite_db, key, i)) for i in ids]
            else:
                values = [records.get(sqlite_db, key, i)[sort_key] for i in ids]
            assert _in_order(values, descending), (key, values[:10])
        person.shot("last-list")
    finally:
        qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=20000)
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
        window.close()
        window.deleteLater()

