"""The dashboard page: its cards show the service's counts and open the right filtered list."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests import factories as f
from vetdesk import i18n
from vetdesk.services import records
from vetdesk.services.dashboard import Counted, dashboard
from vetdesk.ui.dashboard import DashboardPage

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


def _page(qtbot, db) -> DashboardPage:
    page = DashboardPage(db)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.show()
    return page


@pytest.fixture
def office(sqlite_db):
    db = sqlite_db
    company = f.make_company(db, name="Autopartes Puebla")
    programme = f.make_programme(db, name="Mecatrónica")
    instructor = f.make_instructor(db, company_id=company, capacity=1)
    f.make_agreement(db, company_id=company, programme_id=programme, instructor_id=instructor,
                     start_date=f.TODAY + timedelta(days=5))
    active = f.make_agreement(db, company_id=company, programme_id=programme, instructor_id=instructor,
                              start_date=f.TODAY - timedelta(days=90), apprentice_id=f.make_apprentice(db, sex="M"))
    f.activate(db, active)
    return {"company": company, "programme": programme, "instructor": instructor, "active": active}


def test_cards_show_the_counts_of_the_database(qtbot, sqlite_db, office):
    page = _page(qtbot, sqlite_db)
    expected = dashboard(sqlite_db)
    for item in expected.items:
        card = page.card(item.key)
        assert card.count_label.text() == str(item.count)
        assert card.title_label.text() == item.title
        assert card.accessibleName() == f"{item.title}: {item.count}"
        assert card.toolTip() and card.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert page.card("to_print").count_label.text() == "1"
    assert records.count_records(sqlite_db, "agreements", records.ListQuery(status="draft")) == 1
    assert page.card("no_assessment").count_label.text() == "1"
    assert page.programme_chart.bars() == [("Mecatrónica", 1)]
    assert page.sex_chart.bars() == [("Women", 1), ("Men", 0), ("Non-binary", 0)]
    assert "Women: 1 (100%)" in page.sex_chart.accessibleDescription()


def test_clicking_a_card_opens_the_filtered_list(qtbot, sqlite_db, office):
    page = _page(qtbot, sqlite_db)
    with qtbot.waitSignal(page.openList) as opened:
        qtbot.mouseClick(page.card("to_print"), Qt.MouseButton.LeftButton)
    kind, filters = opened.args
    assert kind == "agreements" and filters["status"] == "draft" and filters["title"]

    apprentice = records.get(sqlite_db, "agreements", office["active"])["apprentice_id"]
    page.card("no_assessment").setFocus()
    with qtbot.waitSignal(page.openList) as opened:
        qtbot.keyClick(page.card("no_assessment"), Qt.Key.Key_Return)
    assert opened.args[0] == "apprentices" and opened.args[1]["ids"] == [apprentice]

    with qtbot.waitSignal(page.openList) as opened:
        page.programme_chart.rowClicked.emit(0)
    assert opened.args == ["agreements", {"programme_id": office["programme"], "status": "active",
                                          "title": "Mecatrónica"}]


def test_refresh_counts_again(qtbot, sqlite_db, office):
    page = _page(qtbot, sqlite_db)
    assert page.card("to_print").count_label.text() == "1"
    f.make_agreement(sqlite_db, start_date=f.TODAY + timedelta(days=200))
    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.refresh()
    assert page.card("to_print").count_label.text() == "2"


@pytest.mark.parametrize("language", ["es", "en"])
def test_screenshot_with_demo_data(qtbot, sqlite_db, language):
    from vetdesk.services import demo
    demo.fill_demo(sqlite_db, apprentices=300)
    i18n.set_language(language)
    page = DashboardPage(sqlite_db)
    qtbot.addWidget(page)
    page.resize(1366, 900)
    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.show()
    assert int(page.card("to_print").count_label.text().replace(",", "")) == dashboard(sqlite_db).item(
        "to_print").count
    qtbot.wait(100)  # let the layout place the new cards before grabbing
    SCREENSHOTS.mkdir(exist_ok=True)
    assert page.grab().save(str(SCREENSHOTS / f"dashboard-{language}.png"))


def test_the_page_opens_before_the_figures_are_counted(qtbot, sqlite_db, office):
    page = DashboardPage(sqlite_db)
    qtbot.addWidget(page)
    # The count runs in the thread pool: the page exists at once, saying it is loading.
    assert page.data() is None and page.status.text() == "Loading…"
    assert not page.refresh_button.isEnabled()
    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.show()
    assert page.data() is not None and page.refresh_button.isEnabled()
    assert page.status.text().startswith("As of")


def test_charts_keep_their_scale_and_say_their_figures(qtbot):
    from vetdesk.ui.charts import BarChart, StackedBarChart, StackRow

    bars = BarChart("By company")
    qtbot.addWidget(bars)
    bars.set_bars([("Bosch", 30), ("Vidrios", 10), ("Other companies (40)", 500)], [True, True, False], [2])
    bars.resize(500, bars.sizeHint().height())
    bars.show()
    assert bars.accessibleName() == "By company"
    assert bars.accessibleDescription().splitlines() == ["Bosch: 30", "Vidrios: 10", "Other companies (40): 500"]
    assert bars.clickable(0) and not bars.clickable(2)
    image = bars.grab().toImage()
    colour = bars.palette().highlight().color().rgb()
    y = bars.row_rect(0).center().y()
    bar_pixels = [x for x in range(image.width()) if image.pixel(x, y) == colour]
    # The largest named company spans most of the width: the summary row did not set the scale.
    assert len(bar_pixels) > image.width() // 3
    assert all(image.pixel(x, bars.row_rect(2).center().y()) != colour for x in range(image.width()))

    stacked = StackedBarChart("Outcomes", ["Completed", "Terminated"])
    qtbot.addWidget(stacked)
    stacked.set_rows([StackRow("2025", (3, 1))])
    assert stacked.accessibleDescription() == "2025: Completed 3 (75%), Terminated 1 (25%)"


def test_figures_counted_before_the_window_are_shown_without_counting_again(qtbot, sqlite_db, office):
    """ui.app starts the count before the window's modules load; the page shows that very result, and its
    Refresh counts anew."""
    from concurrent.futures import Future

    early: Future = Future()
    page = DashboardPage(sqlite_db, early=early)
    qtbot.addWidget(page)
    assert page.data() is None  # waiting for the count already under way
    counted = dashboard(sqlite_db)
    with qtbot.waitSignal(page.loaded, timeout=10000):
        early.set_result(Counted.ready(counted))
    assert page.data() is counted
    f.make_agreement(sqlite_db, start_date=f.TODAY + timedelta(days=200))
    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.refresh()
    assert page.data() is not counted and page.card("to_print").count_label.text() == "2"


def test_a_failed_early_count_is_reported_like_any_other(qtbot, sqlite_db, office):
    from concurrent.futures import Future

    from sqlalchemy.exc import OperationalError

    early: Future = Future()
    page = DashboardPage(sqlite_db, early=early)
    qtbot.addWidget(page)
    early.set_exception(OperationalError("SELECT", {}, Exception("database is locked")))
    qtbot.waitUntil(lambda: page.refresh_button.isEnabled(), timeout=10000)
    assert page.data() is None and "could not be read" in page.status.text()
