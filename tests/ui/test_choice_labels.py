"""Stored codes (a company's sector and size, a guardian's relation, a sex) read in the reader's words in lists,
forms and the history; the list sorts and searches by the code, and finds it by its label in any language."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.factories import make_company
from tests.ui.conftest import wait_loaded
from vetdesk import i18n
from vetdesk.domain.normalize import fold
from vetdesk.services import records
from vetdesk.services.uow import Actor
from vetdesk.ui.history import HistoryView
from vetdesk.ui.lists import SEARCH_DELAY_MS, ListPage

pytestmark = pytest.mark.usefixtures("no_dialogs")


@pytest.fixture(params=[("es", "Automotriz", "Logística", "Pequeña"), ("en", "Automotive", "Logistics", "Small")])
def words(request):  # type: ignore[no-untyped-def]
    i18n.set_language(request.param[0])
    yield request.param
    i18n.set_language("en")


def _column(page: ListPage, key: str) -> list[str]:
    column = next(i for i, c in enumerate(page.model.columns) if c.key == key)
    return [page.model.data(page.model.index(r, column)) for r in range(page.model.rowCount())]


def test_a_list_shows_sector_and_size_in_the_readers_words_and_searches_them(qtbot, sqlite_db, words) -> None:  # type: ignore[no-untyped-def]
    _language, automotive, logistics, small = words
    make_company(sqlite_db, name="Frenos del Bajío", sector="Automotriz", size="pequeña")  # typed as people do
    make_company(sqlite_db, name="Transportes Rhein", sector="logistics", size="Large")
    stored = {c["name"]: (c["sector"], c["size"]) for c in records.list_records(sqlite_db, "companies",
                                                                                  records.ListQuery())}
    assert stored == {"Frenos del Bajío": ("automotive", "small"), "Transportes Rhein": ("logistics", "large")}
    page = ListPage(sqlite_db, "companies")
    qtbot.addWidget(page)
    page.refresh()
    wait_loaded(qtbot, page)
    assert sorted(zip(_column(page, "name"), _column(page, "sector"), _column(page, "size"), strict=True)) == [
        ("Frenos del Bajío", automotive, small),
        ("Transportes Rhein", logistics, i18n.gettext("Large")),
    ]
    # sorted by the code: automotive before logistics whatever the labels say
    sector = next(i for i, c in enumerate(page.model.columns) if c.key == "sector")
    page.table.sortByColumn(sector, Qt.SortOrder.DescendingOrder)
    wait_loaded(qtbot, page)
    assert _column(page, "sector") == [logistics, automotive]
    # found by the label in the reader's language (and in another)
    qtbot.keyClicks(page.search, fold(logistics))  # as typed without accents (QTest types ASCII)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and not page.loading, timeout=SEARCH_DELAY_MS + 3000)
    assert _column(page, "name") == ["Transportes Rhein"]
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2 and not page.loading, timeout=SEARCH_DELAY_MS + 3000)
    qtbot.keyClicks(page.search, "automobil")  # the German word
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and not page.loading, timeout=SEARCH_DELAY_MS + 3000)
    assert _column(page, "name") == ["Frenos del Bajío"]


def test_the_history_shows_a_changed_sector_in_the_readers_words(qtbot, sqlite_db, words) -> None:  # type: ignore[no-untyped-def]
    _language, automotive, logistics, _small = words
    company = make_company(sqlite_db, sector="automotive")
    officer = sqlite_db.for_principal(Actor(username="bruno", role="officer"))
    records.update(officer, "companies", company, {"sector": "logística"}, accept_warnings=True)
    assert records.get(sqlite_db, "companies", company)["sector"] == "logistics"
    view = HistoryView(sqlite_db, "companies", company)
    qtbot.addWidget(view)
    assert (i18n.gettext("Sector"), automotive, logistics) in {r[3:] for r in view.rows()}


def test_a_word_stored_before_sectors_were_closed_is_shown_as_typed(qtbot, sqlite_db) -> None:  # type: ignore[no-untyped-def]
    """A sector is one of the choices now ("Minería" is mining); a word an older version kept still shows."""
    from sqlalchemy import text

    company = make_company(sqlite_db, sector="Minería")
    assert records.get(sqlite_db, "companies", company)["sector"] == "mining"
    with sqlite_db.engine.begin() as conn:
        conn.execute(text("UPDATE companies SET sector = 'Minería de plata' WHERE id = :id"), {"id": company})
    assert records.get(sqlite_db, "companies", company)["sector"] == "Minería de plata"
    page = ListPage(sqlite_db, "companies")
    qtbot.addWidget(page)
    page.refresh()
    wait_loaded(qtbot, page)
    assert _column(page, "sector") == ["Minería de plata"]


@pytest.mark.parametrize("kind", ["agreements", "collaborations", "logbook"])
def test_a_status_reads_in_the_words_of_its_own_kind(kind: str) -> None:
    """The window asks the record's kind for its status words instead of guessing the life cycle from the value:
    a weekly report being written is "en redacción", an agreement being drafted "borrador"."""
    from vetdesk.ui.formatting import format_value

    i18n.set_language("es")
    try:
        shown = format_value("status", "draft", kind)
        assert shown == records.kind(kind).status_text("draft")
        assert shown == ("en redacción" if kind == "logbook" else "borrador")
        assert format_value("status", "draft") == "draft"  # no kind given: the stored value, not a guess
    finally:
        i18n.set_language("en")


def test_an_assessment_s_rater_role_and_evidence_read_in_words(words) -> None:  # type: ignore[no-untyped-def]
    """The assessments list showed the stored ``self`` and ``tutor``; it shows what the form offers."""
    from vetdesk.i18n import _
    from vetdesk.ui.formatting import format_value

    language = words[0]
    kind = records.kind("assessments")
    shown = {code: format_value(kind.field("rater_role").type, code, "assessments")  # type: ignore[union-attr]
             for code in ("instructor", "tutor", "self")}
    assert shown == {"instructor": _("instructor"), "tutor": _("academic tutor"), "self": _("self-assessment")}
    assert format_value(kind.field("evidence_kind").type, "process", "assessments") == _("observed work")  # type: ignore[union-attr]
    if language == "es":
        assert shown["self"] == "autoevaluación" and shown["tutor"] == "tutor académico", shown
