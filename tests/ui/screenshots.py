"""Save a PNG of each main screen with demonstration data, in Spanish and English.

    python -m tests.ui.screenshots [--out screenshots] [--apprentices 300] [--size 1366x768]

Runs on the offscreen platform (no display needed). The pictures land in ``screenshots/<lang>/``
(gitignored) so anyone can look at the window without starting it.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from vetdesk import i18n  # noqa: E402
from vetdesk.services import records  # noqa: E402
from vetdesk.storage.engine import Database, connect  # noqa: E402
from vetdesk.storage.migrate import upgrade  # noqa: E402


def pump(ms: int = 300) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_for(condition: Callable[[], bool], timeout_ms: int = 10000) -> None:
    waited = 0
    while not condition() and waited < timeout_ms:
        pump(50)
        waited += 50


def fill(db: Database, apprentices: int) -> None:
    try:
        from vetdesk.services.demo import fill_demo
    except ImportError:  # before the demo module existed: a few records through the services
        from tests.factories import make_agreement

        for _ in range(12):
            make_agreement(db)
        return
    fill_demo(db, apprentices=apprentices, seed=1)


def first_with(db: Database, kind: str, **filters: object) -> int | None:
    ids = records.list_ids(db, kind, records.ListQuery(**filters))  # type: ignore[arg-type]
    return ids[0] if ids else None


def shoot(app: QApplication, db: Database, out: Path, language: str, size: tuple[int, int]) -> list[Path]:
    from vetdesk.ui.app import use_language
    from vetdesk.ui.lists import ListPage
    from vetdesk.ui.main_window import PAGES, MainWindow

    use_language(language, app)
    folder = out / language
    folder.mkdir(parents=True, exist_ok=True)
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    settings.clear()
    window = MainWindow(db, settings=settings)
    window.resize(*size)
    window.show()
    pump(600)
    saved: list[Path] = []

    def grab(name: str, widget: QWidget | None = None) -> None:
        pump(250)
        path = folder / f"{name}.png"
        (widget or window).grab().save(str(path))
        saved.append(path)

    wait_for(lambda: not getattr(window.page("dashboard"), "loading", False))
    grab("01-dashboard")
    opened = {"agreements": first_with(db, "agreements", status="active"),
              "apprentices": first_with(db, "apprentices")}
    for number, (key, _label) in enumerate(PAGES[1:], start=2):
        page = window.navigate(key)
        assert isinstance(page, ListPage)
        wait_for(lambda page=page: not page.loading)
        record_id = opened.get(key) or (page.model.ids()[0] if page.model.total() else None)
        if record_id is not None:
            page.open_record(record_id)
        grab(f"{number:02d}-{key}")

    page = window.navigate("companies")
    assert isinstance(page, ListPage)
    page.close_form()
    form = page.new_record()
    if form is not None:
        form.editors["name"].set_value("Maquinados Precisos del Bajío")
        form.editors["rfc"].set_value("MPB12")
        form.save()
        grab("10-company-form-refused")
        form.load({"id": None} | {f: None for f in form.editors})
        page.close_form()

    page = window.show_list("agreements", {"status": "printed", "title": i18n.gettext("Waiting for signatures")})
    if page is not None:
        wait_for(lambda: not page.loading)
        grab("11-agreements-filtered")

    from vetdesk.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(db, settings, window)
    dialog.show()
    grab("12-settings", dialog)
    dialog.close()

    try:
        from vetdesk.ui.wizard import AgreementWizard
    except ImportError:
        AgreementWizard = None  # type: ignore[assignment,misc]  # noqa: N806
    if AgreementWizard is not None:
        wizard = AgreementWizard(db, window)
        wizard.show()
        grab("13-agreement-wizard", wizard)
        wizard.reject()  # done with it: discarded without the question a person is asked

    agreement = first_with(db, "agreements", status="draft")
    from vetdesk.reports import render
    from vetdesk.ui import printing

    if agreement is not None:
        preview = printing.PdfPreview(render.agreement_pdf(db, agreement, lang=i18n.current().locale), "PDF",
                                      "agreement.pdf", window)
        preview.resize(820, 700)
        preview.show()
        grab("14-print-preview", preview)
        preview.close()

    for page_widget in window.pages.values():
        if isinstance(page_widget, ListPage) and page_widget.form is not None:
            page_widget.form.load(page_widget.form.record or {})
    window.close()
    window.deleteLater()
    pump(100)
    return saved


def shoot_empty(app: QApplication, db: Database, out: Path, language: str, size: tuple[int, int]) -> Path:
    """The first start on an empty database (the welcome page, where that module exists)."""
    from vetdesk.ui.app import use_language
    from vetdesk.ui.main_window import MainWindow

    use_language(language, app)
    folder = out / language
    folder.mkdir(parents=True, exist_ok=True)
    window = MainWindow(db, settings=QSettings(str(folder / "settings-empty.ini"), QSettings.Format.IniFormat))
    window.resize(*size)
    window.show()
    pump(500)
    path = folder / "00-first-start.png"
    window.grab().save(str(path))
    window.close()
    window.deleteLater()
    pump(100)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", default="screenshots")
    parser.add_argument("--apprentices", type=int, default=300)
    parser.add_argument("--size", default="1366x768")
    parser.add_argument("--lang", nargs="*", default=["es", "en"])
    args = parser.parse_args(argv)
    width, height = (int(x) for x in args.size.lower().split("x"))
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as tmp:
        empty = connect(Path(tmp) / "empty.sqlite3")
        upgrade(empty)
        for language in args.lang:
            print(shoot_empty(app, empty, Path(args.out), language, (width, height)))
        empty.dispose()
        db = connect(Path(tmp) / "demo.sqlite3")
        upgrade(db)
        fill(db, args.apprentices)
        for language in args.lang:
            for path in shoot(app, db, Path(args.out), language, (width, height)):
                print(path)
        db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
