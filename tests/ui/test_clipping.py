"""Nothing is cut at 1366×768, in Spanish and English: every page of the main window, a record form of each
kind, the agreement wizard's pages, the add-user dialog, the position question and the rating grid.

A text is cut when its width in the widget's own font (``fontMetrics().horizontalAdvance``) exceeds the room
the widget gives it: a label's contents, a button's or check box's size hint, a group box's title, a header
section (unless its column is narrow by design and says its whole title in a tooltip); a word-wrapped label by
its height. A field is too narrow when the value in it (a CURP, an e-mail address) does not fit. Help text
reads at WCAG AA (4.5:1) against its background, computed here from the palette's colours.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStyle,
    QToolButton,
    QTreeView,
    QWidget,
)

from tests.scenarios.person import SIZE
from vetdesk.services import records
from vetdesk.ui.app import use_language
from vetdesk.ui.style import AA_CONTRAST, contrast

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots" / "clipping"
#: A field holding one of these values must show it whole (its accessible name in English, as the form names it).
WHOLE_VALUES = ("CURP", "E-mail", "Contact e-mail", "RFC", "Social-security number (NSS)")


@pytest.fixture(params=["es", "en"])
def language(request, qapp) -> Iterator[str]:  # type: ignore[no-untyped-def]
    use_language(request.param, qapp)
    yield str(request.param)
    use_language("en", qapp)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Path:
    """A small demonstration office (every kind of record), built once for both languages."""
    import shutil

    from vetdesk.services.demo import fill_demo
    from vetdesk.services.office import Office

    path = tmp_path_factory.mktemp("clipping") / "demo.sqlite3"
    shutil.copy(sqlite_template, path)
    db = Office.open(str(path))
    fill_demo(db, apprentices=25, seed=4)
    db.dispose()
    return path


def _plain(text: str) -> str:
    text = re.sub(r"<[^>]+>", "", text) if "<" in text else text
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _shown(widget: QWidget) -> bool:
    return widget.isVisible() and widget.width() > 0


def cut_texts(root: QWidget) -> list[str]:
    """What is cut in ``root``'s visible widgets, one line each (empty when nothing is)."""
    found: list[str] = []
    where = root.windowTitle() or type(root).__name__
    for label in root.findChildren(QLabel):
        text = _plain(label.text())
        if not _shown(label) or not text.strip() or label.pixmap() is not None and not label.pixmap().isNull():
            continue
        room = label.contentsRect()
        if label.wordWrap():
            if label.heightForWidth(room.width()) > room.height() + 2:
                found.append(f"{where}: wrapped label {text[:60]!r} needs {label.heightForWidth(room.width())} px "
                             f"high, has {room.height()}")
            continue
        widest = max(label.fontMetrics().horizontalAdvance(line) for line in text.splitlines() or [""])
        if widest > room.width() + 1:
            found.append(f"{where}: label {text[:60]!r} needs {widest} px, has {room.width()}")
    for button in root.findChildren(QAbstractButton):
        text = _plain(button.text())
        if not _shown(button) or not text.strip() or isinstance(button, QToolButton) and button.autoRaise() \
                and not text:
            continue
        if isinstance(button, (QPushButton, QCheckBox, QRadioButton, QToolButton)):
            need = button.sizeHint().width() if isinstance(button, QPushButton) else (
                button.fontMetrics().horizontalAdvance(text) + (button.sizeHint().width() - button.fontMetrics()
                                                               .horizontalAdvance(text)))
            # A push button's hint has generous padding; the text itself must fit inside the frame.
            if isinstance(button, QPushButton):
                need = button.fontMetrics().horizontalAdvance(text) + (
                    button.iconSize().width() + 4 if not button.icon().isNull() else 0) + 8
            if need > button.width() + 1:
                found.append(f"{where}: button {text[:60]!r} needs {need} px, has {button.width()}")
    for box in root.findChildren(QGroupBox):
        title = _plain(box.title())
        if _shown(box) and title and box.fontMetrics().horizontalAdvance(title) + 16 > box.width():
            found.append(f"{where}: group {title[:60]!r} needs {box.fontMetrics().horizontalAdvance(title) + 16} "
                         f"px, has {box.width()}")
    for header in root.findChildren(QHeaderView):
        model = header.model()
        if not _shown(header) or model is None:
            continue
        for section in range(header.count()):
            if header.isSectionHidden(section) or header.sectionSize(section) <= 0:
                continue
            text = str(model.headerData(section, header.orientation(), Qt.ItemDataRole.DisplayRole) or "")
            tip = model.headerData(section, header.orientation(), Qt.ItemDataRole.ToolTipRole)
            if not text or (tip and _plain(str(tip)).startswith(text.rstrip("…"))):
                continue  # narrow by design: the tooltip says the whole title
            lines = text.splitlines()
            # The room Qt's header leaves around its text: its margin either side, and the sort arrow's.
            margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
            arrow = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header) \
                if header.isSortIndicatorShown() and header.sortIndicatorSection() == section else 0
            need = max(header.fontMetrics().horizontalAdvance(line) for line in lines) + 2 * margin + arrow
            if header.orientation() == Qt.Orientation.Horizontal and need > header.sectionSize(section) + 1:
                found.append(f"{where}: column {text[:60]!r} needs {need} px, has {header.sectionSize(section)}")
    for tree in root.findChildren(QTreeView):  # a picker's names (a list's cells are elided by design)
        model = tree.model()
        if not _shown(tree) or model is None or tree.isColumnHidden(0):
            continue
        for row in range(min(model.rowCount(), 200)):
            index = model.index(row, 0)
            text = str(index.data() or "")
            tip = index.data(Qt.ItemDataRole.ToolTipRole)
            need = tree.fontMetrics().horizontalAdvance(text) + 12
            if text and not tip and need > tree.columnWidth(0):
                found.append(f"{where}: {tree.accessibleName()!r} row {text[:60]!r} needs {need} px, "
                             f"has {tree.columnWidth(0)}")
    for field in root.findChildren(QLineEdit):
        owner = field.parentWidget()
        name = field.accessibleName() or (owner.accessibleName() if owner is not None else "")
        if not _shown(field) or not field.text() or not any(name == _tr(n) for n in WHOLE_VALUES):
            continue
        need = field.fontMetrics().horizontalAdvance(field.text()) + 14
        if need > field.width():
            found.append(f"{where}: field {name!r} holding {field.text()!r} needs {need} px, has {field.width()}")
    return found


def _tr(msgid: str) -> str:
    from vetdesk.i18n import _

    return _(msgid)


def help_contrast(root: QWidget) -> list[str]:
    """Help text (labels drawn in the palette's muted colours) below AA against its background."""
    low = []
    for label in root.findChildren(QLabel):
        if not _shown(label) or not label.text().strip():
            continue
        palette = label.palette()
        group = QPalette.ColorGroup.Active if label.isEnabled() else QPalette.ColorGroup.Disabled
        ratio = contrast(palette.color(group, label.foregroundRole()), palette.color(group, QPalette.ColorRole.Window))
        if ratio < AA_CONTRAST:
            low.append(f"{_plain(label.text())[:50]!r}: {ratio:.2f}:1")
    return low


class Look:
    """Visits widgets, keeps what is cut and a screenshot of each."""

    def __init__(self, qtbot: Any, language: str) -> None:
        self.qtbot = qtbot
        self.folder = SCREENSHOTS / language
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*.png"):
            old.unlink()
        self.cut: list[str] = []
        self.low: list[str] = []
        self.seen = 0

    def at(self, name: str, widget: QWidget) -> None:
        self.qtbot.wait(80)
        QApplication.processEvents()
        self.seen += 1
        widget.grab().save(str(self.folder / f"{self.seen:02d}-{name}.png"))
        self.cut += [f"[{name}] {line}" for line in cut_texts(widget)]
        self.low += [f"[{name}] {line}" for line in help_contrast(widget)]


def test_nothing_is_cut_at_1366_by_768(qtbot, qapp, demo_file: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
                                       language: str) -> None:
    from vetdesk.services.office import Office
    from vetdesk.ui.lists import ListPage
    from vetdesk.ui.main_window import PAGES, MainWindow
    from vetdesk.ui.users_dialog import AddUserDialog
    from vetdesk.ui.wizard.agreement import AgreementWizard

    db = Office.open(str(demo_file))
    look = Look(qtbot, language)
    window = MainWindow(db, settings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.resize(*SIZE)
    window.show()
    qtbot.waitExposed(window)
    # The figures counted and shown (its status line then reads "As of <date>", wider than "Loading…").
    qtbot.waitUntil(lambda: window.page("dashboard").data() is not None, timeout=20000)
    look.at("dashboard", window)
    #: The window's width with each kind's list, and with a record of it open: an agreement's page grew it to
    #: 1374 px, wider than the screen (its filter bar's minimum).
    wider: dict[str, int] = {}
    for key, _label in PAGES[1:]:
        page = window.navigate(key)
        assert isinstance(page, ListPage)
        qtbot.waitUntil(lambda page=page: not page.loading, timeout=20000)
        look.at(f"{key}-list", window)
        ids = records.list_ids(db, key, records.ListQuery())
        if ids:
            page.open_record(ids[0])
            qtbot.waitUntil(lambda page=page: page.form is not None and page.form.isVisible(), timeout=10000)
            look.at(f"{key}-form", window)
            if max(window.width(), window.minimumSizeHint().width()) > SIZE[0]:
                wider[key] = max(window.width(), window.minimumSizeHint().width())
            page.close_form()

    wizard = AgreementWizard(db, window)
    qtbot.addWidget(wizard, before_close_func=lambda w: w.reject())  # closed by the test, not asked
    for number, page_id in enumerate(wizard.pageIds()):
        wizard.setStartId(page_id)
        wizard.restart()
        wizard.show()
        qtbot.waitExposed(wizard)
        look.at(f"wizard-{number}", wizard)
    wizard.reject()  # done with it: discarded without the question a person is asked

    add_user = AddUserDialog(db, window)
    qtbot.addWidget(add_user)
    add_user.show()
    qtbot.waitExposed(add_user)
    look.at("add-user", add_user)
    add_user.close()

    _look_at_the_rating_grid(qtbot, db, window, look)

    window.close()
    db.dispose()
    assert look.seen >= 20
    assert wider == {}, wider
    assert not look.cut, "\n".join(look.cut)
    assert not look.low, "\n".join(look.low)


def _look_at_the_rating_grid(qtbot: Any, db: Any, window: QWidget, look: Look) -> None:
    """The position question and the grid, as rate_agreement opens them."""
    from PySide6.QtWidgets import QDialog, QInputDialog

    from vetdesk.ui import rating_grid

    agreement = next(a for a in records.list_records(db, "agreements", records.ListQuery(status="active"))
                     if a["rotation_plan_id"])
    seen: dict[str, bool] = {}

    def answer() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, QInputDialog) and "question" not in seen:
            seen["question"] = True
            look.at("position-question", widget)
            widget.accept()
        elif isinstance(widget, QDialog) and widget.findChild(rating_grid.RatingGrid) is not None:
            seen["grid"] = True
            look.at("rating-grid", widget)
            widget.reject()
            return
        qtbot.wait(0)
        from PySide6.QtCore import QTimer

        QTimer.singleShot(100, answer)

    from PySide6.QtCore import QTimer

    QTimer.singleShot(100, answer)
    rating_grid.rate_agreement(window, db, agreement["id"])
    assert seen == {"question": True, "grid": True}


def test_the_check_sees_a_cut_label_button_column_and_field(qtbot, language: str) -> None:  # type: ignore[no-untyped-def]
    """What the check above reports when something is cut (and nothing when it fits)."""
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QTableView, QVBoxLayout

    from vetdesk.i18n import _

    root = QWidget()
    qtbot.addWidget(root)
    column = QVBoxLayout(root)
    label = QLabel("Un texto de ayuda bastante largo para su lugar", root)
    label.setFixedWidth(60)
    wrapped = QLabel("Un texto de ayuda que ocupa varias líneas cuando se parte en un lugar estrecho", root)
    wrapped.setWordWrap(True)
    wrapped.setFixedSize(80, 18)
    button = QPushButton("Guardar y continuar", root)
    button.setFixedWidth(40)
    field = QLineEdit("AIPN100820MMCVRTN1", root)
    field.setAccessibleName(_("CURP"))
    field.setFixedWidth(60)
    table = QTableView(root)
    model = QStandardItemModel(1, 1, table)
    model.setHorizontalHeaderLabels(["Fecha de nacimiento del aprendiz"])
    table.setModel(model)
    table.horizontalHeader().resizeSection(0, 40)
    for widget in (label, wrapped, button, field, table):
        column.addWidget(widget)
    root.resize(400, 400)
    root.show()
    qtbot.waitExposed(root)
    cut = "\n".join(cut_texts(root))
    for what in ("label 'Un texto", "wrapped label", "button 'Guardar", "field", "column 'Fecha"):
        assert what in cut, cut
    for widget in (label, wrapped, button, field):
        widget.setMinimumSize(0, 0)
        widget.setMaximumSize(16777215, 16777215)
    wrapped.setWordWrap(False)
    table.horizontalHeader().resizeSection(0, 300)
    root.resize(900, 500)
    qtbot.wait(50)
    assert cut_texts(root) == []


def test_the_agreement_pickers_filters_show_their_all_entry_whole(qtbot, sqlite_db, language: str) -> None:  # type: ignore[no-untyped-def]
    """The agreement picker's filters read "Todas las empres", "Todos los plantele": each shows its "all" entry
    whole in the room its text field has."""
    from PySide6.QtWidgets import QComboBox, QStyleOptionComboBox

    from vetdesk.ui.lists import PickerDialog

    dialog = PickerDialog(sqlite_db, "agreements", "Agreement")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    combos = list(dialog.page.filters.values())
    assert len(combos) >= 3
    dialog.grab().save(str(SCREENSHOTS / f"agreement-picker-{language}.png"))
    for combo in combos:
        option = QStyleOptionComboBox()
        combo.initStyleOption(option)
        room = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                            QStyle.SubControl.SC_ComboBoxEditField, combo).width()
        text = combo.itemText(0)
        assert isinstance(combo, QComboBox) and combo.fontMetrics().horizontalAdvance(text) <= room, (text, room)


@pytest.mark.parametrize("kind", ["assessments", "apprentices"])
def test_a_list_beside_an_open_record_shows_its_names_not_empty_space(qtbot, qapp, demo_file: Path,  # type: ignore[no-untyped-def]
                                                                       tmp_path: Path, language: str,
                                                                       kind: str) -> None:
    """With a record open, the list showed names cut mid-word while its last column (Rater's role, Semester)
    stretched over empty space: each column is as wide as what it shows (within reason), none is stretched."""
    from vetdesk.services.office import Office
    from vetdesk.ui.lists import MAX_FITTED_COLUMN, ListPage
    from vetdesk.ui.main_window import MainWindow

    db = Office.open(str(demo_file))
    window = MainWindow(db, settings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.resize(*SIZE)
    window.show()
    qtbot.waitExposed(window)
    page = window.navigate(kind)
    assert isinstance(page, ListPage)
    qtbot.waitUntil(lambda: not page.loading and page.model.rowCount() > 0, timeout=20000)
    page.open_record(records.list_ids(db, kind, records.ListQuery())[0])
    qtbot.waitUntil(lambda: page.form is not None and page.form.isVisible(), timeout=10000)
    # The list fits its columns after the form has opened (a deferred layout pass): its widths are judged once
    # they have settled, however busy the machine (a fixed 100 ms wait failed under load).
    def fitted() -> None:
        table, header = page.table, page.table.horizontalHeader()
        metrics = table.fontMetrics()
        shown = [i for i in range(header.count()) if not table.isColumnHidden(i)]
        # The values in sight, as the list fits its columns (``ListPage._fit_columns``: the rows shown).
        last = table.rowAt(table.viewport().height() - 1)
        rows = range((last if last >= 0 else page.model.rowCount() - 1) + 1)
        # A list whose columns all come into sight by giving up some of its names' width does so (ui21c: Rotations'
        # "Left on" was past the edge); its names then show whole in their tooltips.
        all_in_sight = header.length() <= table.viewport().width()
        for i in shown:
            widest = max((metrics.horizontalAdvance(str(page.model.index(r, i).data() or "")) for r in rows), default=0)
            title = header.fontMetrics().horizontalAdvance(str(page.model.headerData(i, Qt.Orientation.Horizontal)))
            width = header.sectionSize(i)
            named = page.model.columns[i].type == "text" or page.model.columns[i].ref_kind
            # Not all in sight: the names in sight give up width so that more columns are whole (ui21m); the columns
            # past the list's edge keep their values whole for when it is scrolled to them.
            in_sight = header.sectionViewportPosition(i) + width <= table.viewport().width()
            if (all_in_sight or in_sight) and named:
                assert width >= min(widest, title + 28, 120), (i, width, widest)
            else:
                assert width >= min(widest, MAX_FITTED_COLUMN - 12), (i, width, widest)  # its values whole
            assert width <= max(widest, title) + 60, (i, width, widest, title)  # and not stretched over nothing

    qtbot.waitUntil(fitted, timeout=10000)
    window.grab().save(str(SCREENSHOTS / f"{kind}-beside-record-{language}.png"))
    db.dispose()


def test_the_settings_logo_field_says_its_placeholder_whole(qtbot, sqlite_db, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                          language: str) -> None:
    """Settings: the empty logo field's "none: printouts carry a neutral placeholder" was cut."""
    from vetdesk.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(sqlite_db, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.grab().save(str(SCREENSHOTS / f"settings-{language}.png"))
    edit = dialog.office["chamber_logo"]
    assert edit.text() == "" and edit.placeholderText()
    room = edit.width() - 12  # the frame and the text margins
    assert edit.fontMetrics().horizontalAdvance(edit.placeholderText()) <= room, (edit.placeholderText(), room)
    assert dialog.width() <= SIZE[0]
    # The chamber's name and address as recorded, whole ("Cámara Mexicano-Alemana de Comercio e Industria (CAME"
    # was cut beside the long labels).
    for key in ("chamber_name", "chamber_address"):
        field = dialog.office[key]
        assert field.text() and field.fontMetrics().horizontalAdvance(field.text()) <= field.width() - 12, (
            field.text(), field.width())
        right = field.mapTo(dialog, field.rect().topRight()).x()
        assert right < dialog.width(), (key, right, dialog.width())  # and inside the dialog, not past its edge


def list_items_cut(root: QWidget) -> list[str]:
    """The items of ``root``'s visible list widgets whose text is wider than the list shows (no tooltip saying it)."""
    from PySide6.QtWidgets import QListWidget

    found: list[str] = []
    for widget in root.findChildren(QListWidget):
        if not _shown(widget):
            continue
        room = widget.viewport().width()
        for row in range(widget.count()):
            item = widget.item(row)
            need = max(widget.fontMetrics().horizontalAdvance(line) for line in item.text().splitlines() or [""]) + 12
            if need > room and not item.toolTip():
                found.append(f"{widget.accessibleName()!r} item {item.text()[:60]!r} needs {need} px, has {room}")
    return found


def test_instructor_mode_is_not_cut_at_1366_by_768(qtbot, qapp, db, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                   language: str) -> None:
    """``vetdesk --exchange FILE``: the weeks' list, the week's form, the ratings grid (its comment column wide
    enough to write in) whole at 1366×768, in Spanish and English; the competencies' hint names the file's own
    codes."""
    from dataclasses import replace

    from PySide6.QtWidgets import QLineEdit, QTableWidget

    from tests.logbook.conftest import OFFICER, add_catalogue, make_world
    from vetdesk.services import exchange, logbook
    from vetdesk.ui.instructor_mode import open_window

    if not db.is_sqlite:
        pytest.skip("the window's layout does not depend on the database")
    w = make_world(db)
    add_catalogue(w)
    logbook.write_week(w.db, agreement_id=w.mine, week=w.week(1), values={
        "activities": "Cambio de rodamientos del torno 3: desmontaje, limpieza, montaje y prueba.",
        "status": "submitted"})
    book = exchange.export_workbook(w.db.as_user(OFFICER), tmp_path / "ivan.xlsx", instructor_id=w.instructor,
                                    language=language).path
    look = Look(qtbot, f"instructor-{language}")
    window = open_window(book)
    qtbot.addWidget(window)
    window.resize(*SIZE)
    window.show()
    qtbot.waitExposed(window)
    window.week_list.setCurrentRow(1)
    look.at("instructor-weeks", window)
    look.cut += [f"[instructor-weeks] {line}" for line in list_items_cut(window)]
    hint = window.findChild(QLineEdit, "practised") or next(
        f for f in window.findChildren(QLineEdit) if f.placeholderText())
    assert "MAN-1" in hint.placeholderText() and "CAL-2" not in hint.placeholderText()
    window.tabs.setCurrentIndex(1)
    look.at("instructor-ratings", window)
    table = window.findChild(QTableWidget)
    assert table is not None
    comment = table.columnWidth(table.columnCount() - 1)
    assert comment >= 240, f"the comment column is {comment} px wide"
    for col in range(table.columnCount() - 2):  # the columns read (not the level and comment written)
        for row in range(table.rowCount()):
            item = table.item(row, col)
            need = table.fontMetrics().horizontalAdvance(item.text()) + 6 if item is not None else 0
            if need > table.columnWidth(col) and not item.toolTip():  # type: ignore[union-attr]
                look.cut.append(f"[instructor-ratings] cell {item.text()[:40]!r} needs {need} px, has "  # type: ignore[union-attr]
                                f"{table.columnWidth(col)}")
    window.close()
    _ = replace
    assert not look.cut, "\n".join(look.cut)


def test_the_wizard_s_apprentice_picker_shows_names_and_details_whole(qtbot, demo_file: Path,  # type: ignore[no-untyped-def]
                                                                        language: str) -> None:
    """The agreement wizard's first step, as it opens: the apprentices' details (CURP, birth date) were cut
    ("nacido(a) el 16/09…") beside the guardian's box."""
    from vetdesk.services.office import Office
    from vetdesk.ui.wizard.agreement import AgreementWizard

    db = Office.open(str(demo_file))
    wizard = AgreementWizard(db)
    qtbot.addWidget(wizard, before_close_func=lambda w: w.reject())  # closed by the test, not asked
    wizard.show()
    qtbot.waitExposed(wizard)
    picker = wizard.apprentice_page.picker
    qtbot.waitUntil(lambda: picker.model.rowCount() > 0, timeout=10000)
    qtbot.wait(100)
    wizard.grab().save(str(SCREENSHOTS / f"wizard-apprentices-{language}.png"))
    view = picker.view
    assert wizard.width() <= SIZE[0] and wizard.height() <= SIZE[1]
    cut = []
    for row in range(picker.model.rowCount()):
        for column in (0, 1):
            text = str(picker.model.index(row, column).data() or "")
            need = view.fontMetrics().horizontalAdvance(text) + 12
            room = view.columnWidth(column) if column == 0 else view.viewport().width() - view.columnWidth(0)
            if need > room:
                cut.append((text, need, room))
    assert cut == [], cut[:3]
    wizard.reject()  # done with it: discarded without the question a person is asked
    db.dispose()


#: A company's name of 120 characters, as the tax register writes some.
LONG_COMPANY = ("Compañía Manufacturera de Componentes Automotrices y Sistemas de Frenado del Bajío "
                "Sociedad Anónima Promotora de Inversión")[:120]
LONG_PLAN = "Plan de rotación Mecatrónica: ensamble, mantenimiento, calidad y logística (generación 2026)"


def _whole_or_told(text: str, shown: int, metrics: Any, tip: str | None) -> bool:
    """A value is read: it fits, or its tooltip says it whole."""
    return metrics.horizontalAdvance(text) + 14 <= shown or (tip or "") == text


def test_a_long_company_name_and_plan_name_are_shown_whole_or_told(qtbot, qapp, sqlite_db, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                  language: str) -> None:
    """A 120-character company name and a long plan name, open beside their lists at 1366×768: each field shows
    its value whole or says it in its tooltip; the form's labels leave the fields the room (a third of the pane
    at most); the list leaves no empty space right of its columns while a column is cut."""
    from PySide6.QtWidgets import QComboBox

    from tests import factories as f
    from tests.scenarios import test_agreement_wizard_plan as plan_scenario
    from vetdesk.ui.lists import ListPage
    from vetdesk.ui.main_window import MainWindow

    db = sqlite_db
    ids = plan_scenario._set_up(db)
    records.update(db, "companies", ids["company"], {"name": LONG_COMPANY})
    records.update(db, "rotation_plans", ids["plan"], {"name": LONG_PLAN}, accept_warnings=True)
    agreement = f.make_agreement(db, apprentice_id=ids["apprentice"], company_id=ids["company"],
                                 programme_id=ids["programme"], instructor_id=ids["instructor"],
                                 school_id=ids["school"], rotation_plan_id=ids["plan"])
    window = MainWindow(db, settings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.resize(*SIZE)
    window.show()
    qtbot.waitExposed(window)
    told: list[str] = []
    for kind, record_id in (("companies", ids["company"]), ("agreements", agreement),
                            ("rotation_plans", ids["plan"])):
        page = window.navigate(kind)
        assert isinstance(page, ListPage)
        qtbot.waitUntil(lambda page=page: not page.loading and page.model.rowCount() > 0, timeout=20000)
        qtbot.wait(100)
        table, header = page.table, page.table.horizontalHeader()
        shown = [i for i in range(header.count()) if not table.isColumnHidden(i)]
        used = sum(header.sectionSize(i) for i in shown)
        if used < table.viewport().width() - 2:  # room left over: then nothing may be cut
            for i in shown:
                text = str(page.model.index(0, i).data() or "")
                if table.fontMetrics().horizontalAdvance(text) + 12 > header.sectionSize(i):
                    told.append(f"{kind} list: {text[:40]!r} cut beside {table.viewport().width() - used} px empty")
        page.open_record(record_id)
        qtbot.waitUntil(lambda page=page: page.form is not None and page.form.isVisible(), timeout=10000)
        qtbot.wait(100)
        window.grab().save(str(SCREENSHOTS / f"long-names-{kind}-{language}.png"))
        form = page.form
        assert form is not None
        for line in form.findChildren(QLineEdit):
            if line.isVisible() and line.text() in (LONG_COMPANY, LONG_PLAN) \
                    and not _whole_or_told(line.text(), line.width(), line.fontMetrics(), line.toolTip()):
                told.append(f"{kind} form: field {line.accessibleName()!r} cuts {line.text()[:40]!r}, no tooltip")
        for combo in form.findChildren(QComboBox):
            text = combo.currentText()
            if combo.isVisible() and (LONG_COMPANY in text or LONG_PLAN in text) \
                    and not _whole_or_told(text, combo.width() - 30, combo.fontMetrics(), combo.toolTip()):
                told.append(f"{kind} form: {combo.accessibleName()!r} cuts {text[:40]!r}, no tooltip")
        labels = [w for w in form.findChildren(QLabel) if w.isVisible() and w.buddy() is not None]
        widest = max(label.width() for label in labels)
        if widest > form.width() // 3:
            told.append(f"{kind} form: labels take {widest} px of {form.width()}")
        assert page.close_form()
    window.close()
    assert not told, "\n".join(told)
