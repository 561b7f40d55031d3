"""The first start: an empty database is recognised, the office is set up, and each path finishes."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage

from vetdesk.services import records, users
from vetdesk.services.firststart import database_is_empty as service_is_empty
from vetdesk.services.settings import logo_image, office_settings
from vetdesk.services.uow import Actor
from vetdesk.ui.welcome import WelcomePage

from ..factories import make_apprentice, make_company, make_school


def test_empty_database_detection(sqlite_db):
    assert service_is_empty(sqlite_db)
    make_school(sqlite_db)  # schools alone are not work yet
    assert service_is_empty(sqlite_db)
    make_company(sqlite_db)
    assert not service_is_empty(sqlite_db)


def test_an_apprentice_alone_makes_the_database_non_empty(sqlite_db):
    make_apprentice(sqlite_db)
    assert not service_is_empty(sqlite_db)


def _logo(tmp_path) -> str:  # type: ignore[no-untyped-def]
    image = QImage(QSize(300, 100), QImage.Format.Format_RGB32)
    image.fill(QColor("#1f5fa8"))
    path = tmp_path / "logo.png"
    assert image.save(str(path))
    return str(path)


def test_office_details_are_saved_with_a_logo_preview(qtbot, sqlite_db, tmp_path):
    page = WelcomePage(sqlite_db)
    qtbot.addWidget(page)
    assert page.step == 1
    page.office["chamber_name"].setText("Cámara Alemana de Prueba")
    page.office["chamber_address"].setText("Calle 1, Monterrey")
    page.office["chamber_place"].setText("Monterrey")
    logo = _logo(tmp_path)
    page.office["chamber_logo"].setText(logo)
    assert page.logo_preview.pixmap() is not None and not page.logo_preview.pixmap().isNull()
    page.next_button.click()
    assert page.step == 2
    saved = office_settings(sqlite_db)
    assert (saved["chamber_name"], saved["chamber_address"], saved["chamber_place"]) == \
        ("Cámara Alemana de Prueba", "Calle 1, Monterrey", "Monterrey")
    assert logo_image(saved["chamber_logo"]) == Path(logo).read_bytes()  # the picture, not its path


def test_office_refusals_are_shown_at_the_field(qtbot, sqlite_db, tmp_path):
    page = WelcomePage(sqlite_db)
    qtbot.addWidget(page)
    page.office["chamber_name"].setText("  ")
    page.office["chamber_logo"].setText(str(tmp_path / "missing.png"))
    assert page.logo_preview.text() == "Not a picture"
    assert not page.save_office()
    assert page.step == 1
    assert "chamber's name" in page.messages.text("chamber_name")
    assert "There is no file" in page.messages.text("chamber_logo")
    not_a_picture = tmp_path / "notes.png"
    not_a_picture.write_text("hello")
    page.office["chamber_name"].setText("Cámara")
    page.office["chamber_logo"].setText(str(not_a_picture))
    assert not page.save_office()
    assert "not a picture" in page.messages.text("chamber_logo")
    assert page.messages.text("chamber_name") == ""
    assert office_settings(sqlite_db)["chamber_name"] != "Cámara"  # nothing saved


def test_demo_path_fills_the_database_and_finishes(qtbot, sqlite_db):
    page = WelcomePage(sqlite_db, demo_apprentices=4)
    qtbot.addWidget(page)
    page.show_step(2)
    with qtbot.waitSignal(page.finished, timeout=20000) as finished:
        page.demo_button.click()
        assert page.loading and not page.demo_button.isEnabled()  # busy while the worker runs
    assert finished.args == ["demo"]
    assert not page.loading
    assert records.count_records(sqlite_db, "apprentices") == 4
    assert page.demo_counts is not None and page.demo_counts.get("apprentices") == 4
    assert not service_is_empty(sqlite_db)


def test_import_and_empty_paths(qtbot, sqlite_db):
    page = WelcomePage(sqlite_db)
    qtbot.addWidget(page)
    order: list[str] = []
    page.import_requested.connect(lambda: order.append("wizard"))
    page.finished.connect(order.append)
    page.import_button.click()
    page.empty_button.click()
    assert order == ["wizard", "import", "empty"]


@pytest.mark.parametrize("role", ["officer", "viewer"])
def test_without_the_settings_right_the_page_starts_at_the_choice(qtbot, sqlite_db, role):
    db = sqlite_db.for_principal(Actor(username="ana", role=role))
    page = WelcomePage(db, demo_apprentices=2)
    qtbot.addWidget(page)
    assert page.step == 2 and page.back_button.isHidden()
    if role == "viewer":  # the service refuses; the page says why and stays
        finished: list[str] = []
        page.finished.connect(finished.append)
        page.demo_button.click()
        qtbot.waitUntil(lambda: not page.loading, timeout=10000)
        assert finished == []
        assert "does not allow" in page.start_message.text()
        assert service_is_empty(db)
    assert not users.has_users(sqlite_db)


def test_browsing_for_a_logo_offers_the_image_formats_and_fills_the_field(qtbot, sqlite_db, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    page = WelcomePage(sqlite_db)
    qtbot.addWidget(page)
    logo = _logo(tmp_path)
    offered: list[str] = []

    def choose(_parent, _title, _folder, filter_text):  # type: ignore[no-untyped-def]
        offered.append(filter_text)
        return logo, ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", choose)
    page._browse_logo()
    assert "*.png" in offered[0] and "*.jpg" in offered[0] and "*.svg" not in offered[0]
    assert page.office["chamber_logo"].text() == logo
