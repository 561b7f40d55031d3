"""What a new user's trial of the office's set-up (issue 22, fix22g) still found in the window, each step driven
as a person drives it: typed, clicked and answered, asserted on screen and in the database. Screenshots go to
``screenshots/scenarios/``."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QDialog, QLabel, QLineEdit, QWidget

from tests import factories as f
from tests.scenarios.person import Person
from vetdesk import i18n
from vetdesk.i18n import _
from vetdesk.services import records
from vetdesk.ui.main_window import MainWindow

HINT = "Recorded with “Record signatures…” as the parties signed. A signed agreement keeps this date: it is not " \
       "changed here."

IN_FORCE = "Recorded when the agreement came into force. A signed agreement keeps this date: it is not changed here."


def _open(person: Person, page_label: str, reference: str, record_id: int) -> Any:
    """Find the record on its page by its reference and open it with Enter."""
    return person.open_found(page_label, reference, record_id)


def _tick(person: Person, dialog: QWidget, titles: list[str], on: date) -> None:
    from vetdesk.ui.agreement_form import signed_box_name

    fields = {records.kind("collaborations").field(n).title(): n  # type: ignore[union-attr]
              for n in ("school_signed_on", "company_signed_on", "chamber_signed_on")}
    for title in titles:
        QTest.mouseClick(person.find(signed_box_name(fields[title], title), QCheckBox, dialog),
                         Qt.MouseButton.LeftButton)
        person.type_date(title, on, dialog)
    person.ok(dialog)


def _held(person: Person, form: QWidget, title: str) -> bool:
    """Whether the date field ``title`` is shown read-only, saying how it is recorded to a screen reader."""
    line = person.find(title, QLineEdit, form)
    return line.isReadOnly() and line.accessibleDescription() == _(HINT)


def _notes(form: QWidget) -> list[str]:
    """The notes under the form's fields, as shown."""
    return [label.text() for label in form.findChildren(QLabel) if label.objectName() == "hint" and label.isVisible()]


def test_signature_dates_are_read_only_where_the_core_keeps_them(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str) -> None:
    """The collaboration agreement's form offered its signature dates for typing once signed, though saving an
    emptied one is refused. While it is printed they are open (the signatures come in: *Record signatures…*
    records the school's alone, the agreement stays printed); once every party has signed they are shown
    read-only with how they are recorded, and typing into one changes nothing. A signed learning agreement's
    form shows its dates the same way."""
    db = window.db
    school, company = f.make_school(db, name="CONALEP Querétaro II"), f.make_company(db, name="Frenos del Bajío")
    collaboration = f.make_collaboration(db, school_id=school, company_id=company, active=False)
    records.update(db, "collaborations", collaboration, {"status": "printed"}, accept_warnings=True)
    reference = records.get(db, "collaborations", collaboration)["reference"]
    today = date.today()
    titles = {name: records.kind("collaborations").field(name).title()  # type: ignore[union-attr]
              for name in ("school_signed_on", "company_signed_on", "chamber_signed_on")}
    person = Person(qtbot, window, f"fix22g-signature-dates-{language}")
    form = _open(person, _("Collaboration agreements"), reference, collaboration)
    assert not any(_held(person, form, t) for t in titles.values())  # printed: the signatures come in
    signed = person.when_dialog(lambda d: _tick(person, d, [titles["school_signed_on"]], today), of=QDialog,
                                title=_("Record signatures"))
    person.click(_("Record signatures…"), form)
    qtbot.waitUntil(lambda: records.get(db, "collaborations", collaboration)["school_signed_on"] == today,
                    timeout=5000)
    assert signed
    assert records.get(db, "collaborations", collaboration)["status"] == "printed"  # waiting for the others
    signed = person.when_dialog(lambda d: _tick(person, d, [titles["company_signed_on"],
                                                            titles["chamber_signed_on"]], today),
                                of=QDialog, title=_("Record signatures"))
    person.click(_("Record signatures…"), form)
    qtbot.waitUntil(lambda: records.get(db, "collaborations", collaboration)["status"] == "signed", timeout=5000)
    qtbot.waitUntil(lambda: form.record.get("status") == "signed", timeout=5000)
    form.fields_area.ensureWidgetVisible(person.find(titles["chamber_signed_on"], QLineEdit, form))
    person.shot("collaboration-signed")
    assert all(_held(person, form, t) for t in titles.values())
    assert _notes(form) == [_(HINT)]  # said once, under the first of them
    line = person.find(titles["school_signed_on"], QLineEdit, form)
    shown = line.text()
    person.type(titles["school_signed_on"], "", form)
    QTest.keyClick(line, Qt.Key.Key_Delete)
    QTest.keyClick(line, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)  # the calendar's key: none opens
    assert line.parentWidget().calendar_menu is None  # type: ignore[attr-defined]
    assert line.text() == shown == i18n.current().format_numeric_date(today)
    assert not form.save_button.isEnabled()  # nothing changed

    agreement = f.make_agreement(db, school_id=school, company_id=company)
    f.activate(db, agreement)
    agreement_ref = records.get(db, "agreements", agreement)["reference"]
    form = _open(person, _("Agreements"), agreement_ref, agreement)
    form.fields_area.ensureWidgetVisible(person.find(records.kind("agreements").field(  # type: ignore[union-attr]
        "chamber_signed_on").title(), QLineEdit, form))  # scrolled down to the signatures, as a person would
    person.shot("agreement-active")
    for name in ("company_signed_on", "apprentice_signed_on", "school_signed_on", "chamber_signed_on"):
        assert _held(person, form, records.kind("agreements").field(name).title()), name  # type: ignore[union-attr]
    assert _notes(form) == [_(HINT), _(IN_FORCE)]


LONG_POSITION = "Mantenimiento eléctrico y electrónico de líneas de ensamble automatizadas (turno matutino)"
LONG_INSTRUCTOR = "Ing. María Guadalupe Fernández de la Fuente Villaseñor"


def _rotations_office(db: Any) -> dict[str, Any]:
    """A company whose plan starts at a learning position with a long name, under an instructor with a long
    name, and two apprentices rotating there (Zamora since three months, Abarca since two)."""
    from datetime import timedelta

    company = f.make_company(db, name="Frenos del Bajío")
    school = f.make_school(db, name="CONALEP Querétaro II")
    f.make_collaboration(db, school_id=school, company_id=company)
    programme = f.make_programme(db, code="MECA", name="Mecatrónica", duration_months=24)
    codes = [records.create(db, "competencies", {"programme_id": programme, "code": f"MEC-{i}", "area": "Taller",
                                                 "title": f"Competencia {i}"}).id for i in (1, 2)]
    instructor = f.make_instructor(db, company_id=company, name=LONG_INSTRUCTOR)
    positions = [records.create(db, "positions", {"company_id": company, "name": name, "department": "Planta 2",
                                                  "instructor_id": instructor, "competency_ids": codes[i:i + 1]}).id
                 for i, name in enumerate((LONG_POSITION, "Almacén"))]
    plan = records.create(db, "rotation_plans", {
        "company_id": company, "programme_id": programme, "name": "Plan MECA",
        "steps": [{"position_id": positions[0], "weeks": 25}, {"position_id": positions[1], "weeks": 25}]},
        accept_warnings=True).id
    out: dict[str, Any] = {"positions": positions, "agreements": {}}
    for surname, months in (("Zamora", 3), ("Abarca", 2)):
        start = (date.today().replace(day=1) - timedelta(days=31 * months)).replace(day=1)
        apprentice = f.make_apprentice(db, school_id=school, first_surname=surname)
        agreement = f.make_agreement(db, apprentice_id=apprentice, company_id=company, programme_id=programme,
                                     school_id=school, rotation_plan_id=plan, start_date=start,
                                     instructor_id=instructor)
        f.activate(db, agreement)
        records.create(db, "rotations", {"agreement_id": agreement, "position_id": positions[0],
                                         "actual_start": start}, accept_warnings=True)
        out["agreements"][surname] = (agreement, records.get(db, "agreements", agreement)["reference"])
    return out


def _column(table: Any, title: str) -> int:
    model = table.model()
    return next(i for i in range(model.columnCount())
                if model.headerData(i, Qt.Orientation.Horizontal) == title)


def _shown_column(table: Any, title: str) -> list[str]:
    column = _column(table, title)
    return [table.model().index(row, column).data() for row in range(table.model().rowCount())]


def _click_header(header: Any, column: int) -> None:
    from PySide6.QtCore import QPoint

    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(column) + 10, header.height() // 2))


def test_the_rotations_page_says_whose_rotation_each_row_is(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str) -> None:
    """The Rotations page listed a period's agreement and position only: it shows the apprentice too, sorts by
    the apprentice when the column's header is clicked, and finds an apprentice's periods by name or by the
    agreement's number (the search box raised an internal error)."""
    db = window.db
    office = _rotations_office(db)
    person = Person(qtbot, window, f"fix22g-rotations-{language}")
    person.nav(_("Rotations"))
    page = window.current_list()
    assert page is not None
    table = page.table
    qtbot.waitUntil(lambda: table.model().rowCount() == 2, timeout=10000)
    apprentice = _("Apprentice")
    # Newest start first (the list's own order): Abarca started a month after Zamora.
    assert [name.split()[-2] for name in _shown_column(table, apprentice)] == ["Abarca", "Zamora"]
    assert _shown_column(table, _("Agreement")) == [office["agreements"][s][1] for s in ("Abarca", "Zamora")]
    header = table.horizontalHeader()
    _click_header(header, _column(table, apprentice))
    qtbot.waitUntil(lambda: page.query.order_by == "apprentice", timeout=5000)
    qtbot.waitUntil(lambda: [n.split()[-2] for n in _shown_column(table, apprentice)] == ["Abarca", "Zamora"],
                    timeout=5000)
    _click_header(header, _column(table, apprentice))
    qtbot.waitUntil(lambda: [n.split()[-2] for n in _shown_column(table, apprentice)] == ["Zamora", "Abarca"],
                    timeout=5000)
    person.shot("sorted-by-apprentice")
    # The long position's name is shown whole: the list has the room.
    position = _column(table, _("Learning position"))
    assert table.columnWidth(position) >= table.fontMetrics().horizontalAdvance(LONG_POSITION)
    person.type(page.search.accessibleName(), "zamora", page)
    qtbot.waitUntil(lambda: table.model().rowCount() == 1, timeout=5000)
    assert _shown_column(table, _("Agreement")) == [office["agreements"]["Zamora"][1]]
    person.type(page.search.accessibleName(), office["agreements"]["Abarca"][1], page)
    qtbot.waitUntil(lambda: _shown_column(table, _("Agreement")) == [office["agreements"]["Abarca"][1]],
                    timeout=5000)
    person.shot("found-by-number")


def test_the_rotation_table_shows_long_names_whole(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str) -> None:
    """The rotation table of a period's form cut a long learning position's name and pushed the weeks and dates
    out of sight at 1366x768. Every column fits the form's width; a long name (and the instructor's) wraps onto
    more lines, each cell says its whole text in its tooltip (the position with its department)."""
    from PySide6.QtCore import QRect

    db = window.db
    office = _rotations_office(db)
    agreement, reference = office["agreements"]["Zamora"]
    person = Person(qtbot, window, f"fix22g-rotation-table-{language}")
    person.nav(_("Rotations"))
    page = window.current_list()
    assert page is not None
    person.type(page.search.accessibleName(), "zamora", page)
    qtbot.waitUntil(lambda: page.table.model().rowCount() == 1, timeout=5000)
    person.key(Qt.Key.Key_Return, widget=page.search)
    qtbot.waitUntil(lambda: page.form is not None and page.form.record_id is not None, timeout=10000)
    form = page.form
    table = person.find(_("The agreement's rotation"), root=form)
    qtbot.waitUntil(lambda: table.rowCount() == 2, timeout=5000)
    qtbot.wait(200)
    person.shot("rotation-table")
    header = table.horizontalHeader()
    assert header.length() <= table.viewport().width()  # nothing out of sight to the right
    titles = [table.horizontalHeaderItem(i).text() for i in range(table.columnCount())]
    assert titles == [_("No."), _("Learning position"), _("Instructor"), _("Weeks"), _("Planned"), _("Actual")]
    first = [table.item(0, j).text() for j in range(table.columnCount())]
    assert first[1:4] == [LONG_POSITION, LONG_INSTRUCTOR, "25"]
    assert "\n" not in table.item(0, 4).toolTip()
    assert table.item(0, 1).toolTip() == f"{LONG_POSITION} — Planta 2"
    assert table.item(0, 2).toolTip() == LONG_INSTRUCTOR
    metrics = table.fontMetrics()
    for row in range(table.rowCount()):
        for column in range(table.columnCount()):
            item = table.item(row, column)
            rect = table.visualItemRect(item)
            room = rect.width() - 8  # the cell's margins
            needed = metrics.boundingRect(QRect(0, 0, room, 10000), int(Qt.TextFlag.TextWordWrap), item.text())
            longest = max((metrics.horizontalAdvance(word) for word in item.text().split()), default=0)
            assert longest <= room and needed.height() <= rect.height(), (row, column, item.text(), longest, room,
                                                                          needed.height(), rect.height())
    assert table.height() >= table.horizontalHeader().height() + sum(table.rowHeight(r) for r in range(2))


def test_a_rating_at_a_position_that_does_not_teach_it_is_warned_in_the_form(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str, tmp_path) -> None:
    """A new assessment of MEC-04 at Almacén, which lists MEC-01 to MEC-03: saving asks first, naming the
    position, the competency and what to do (the core's warning, as the command line says it); Cancel writes
    nothing, Save records it."""
    import html
    from datetime import timedelta

    from PySide6.QtWidgets import QMessageBox

    from tests.cli.test_cli_setup22 import _office
    from tests.scenarios.test_office_setup import _new

    db = window.db
    office, agreement, start = _office(db, tmp_path)
    reference = records.get(db, "agreements", agreement)["reference"]
    competency = records.get(db, "competencies", office.competencies[3])
    person = Person(qtbot, window, f"fix22g-not-taught-{language}")
    person.nav(_("Assessments"))
    form = _new(person, "assessments")

    def pick(picker: QWidget) -> None:
        person.type(_("Search"), reference, picker)
        person.key(Qt.Key.Key_Return, widget=picker.page.search)  # type: ignore[attr-defined]

    chosen = person.when_dialog(pick, of=QDialog)
    person.click(_("Choose {field}").format(field=_("Agreement")), form)
    qtbot.waitUntil(lambda: form.editors["agreement_id"].value() == agreement, timeout=10000)
    assert chosen
    person.choose(_("Competency"), "MEC-04", form)
    person.choose(_("Learning position"), "1. Almacén", form)
    person.type_date(_("Date"), start + timedelta(days=3), form)
    person.choose(_("Level"), "2", form)
    expected = _("The learning position {position} does not list competency {code} ({title}) among those learned "
                 "there. Check the competency and the position; if it is learned there, add it to the position's "
                 "competencies (Learning positions).").format(position="Almacén", code="MEC-04",
                                                             title=competency["title"])
    told: list[str] = []

    def read(box: Any) -> None:
        told.append(box.text())
        person.shot("warned", box)
        person.press(box, QMessageBox.StandardButton.Cancel)

    asked = person.when_dialog(read, of=QMessageBox, title=_("Save despite warnings?"))
    person.click(_("&Save"), form)
    try:
        qtbot.waitUntil(lambda: bool(asked), timeout=15000)
    except Exception:  # say what the form shows instead of the question (seen once in a full run, never alone)
        shown = {name: form.problem_text(name) for name in form.messages if form.problem_text(name)}
        raise AssertionError(f"no warning asked; the form holds {form.values()!r}, says {shown!r} and "
                             f"{form.banner.text()!r}; status bar {window.statusBar().currentMessage()!r}") from None
    assert expected in told[0], told
    assert records.count_records(db, "assessments") == 0  # Cancel: nothing written
    assert html.escape(expected) in form.problem_text("competency_id")  # and said at the field
    person.shot("at-the-field")
    asked = person.when_dialog(lambda box: person.press(box, QMessageBox.StandardButton.Save), of=QMessageBox,
                               title=_("Save despite warnings?"))
    person.click(_("&Save"), form)
    qtbot.waitUntil(lambda: form.record_id is not None, timeout=5000)
    assert asked
    stored = records.get(db, "assessments", form.record_id)
    assert (stored["competency_id"], stored["position_id"]) == (office.competencies[3], office.positions[0])


def test_the_agreement_s_rotation_shows_a_long_position_whole(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, language: str) -> None:
    """The agreement form's rotation cut a long learning position's name at the form's width: it wraps."""
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QTableWidget

    db = window.db
    office = _rotations_office(db)
    agreement, reference = office["agreements"]["Zamora"]
    person = Person(qtbot, window, f"fix22g-agreement-rotation-{language}")
    form = _open(person, _("Agreements"), reference, agreement)
    table = person.find(_("Rotation"), QTableWidget, form)
    qtbot.waitUntil(lambda: table.rowCount() == 2, timeout=5000)
    qtbot.wait(200)
    person.shot("agreement-rotation")
    item = table.item(0, 0)
    rect = table.visualItemRect(item)
    metrics = table.fontMetrics()
    needed = metrics.boundingRect(QRect(0, 0, rect.width() - 8, 10000), int(Qt.TextFlag.TextWordWrap), LONG_POSITION)
    assert item.text() == LONG_POSITION and needed.height() <= rect.height(), (needed, rect)
    assert table.height() >= table.horizontalHeader().height() + table.rowHeight(0) + table.rowHeight(1)
