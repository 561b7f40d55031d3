"""The History view: an update's fields before and after, in words and local formats, latest first."""

from __future__ import annotations

from datetime import date

from vetdesk.services import records, users
from vetdesk.services.uow import Actor
from vetdesk.ui.formatting import format_date
from vetdesk.ui.history import HistoryDialog, HistoryView

from ..factories import make_company, make_instructor


def test_history_shows_an_updates_before_and_after(qtbot, sqlite_db):
    first_company = make_company(sqlite_db, name="Industrias Técnicas 1 S.A. de C.V.")
    instructor = make_instructor(sqlite_db, company_id=first_company, name="Luis Herrera",
                                 qualification_date="2020-03-01")
    other_company = make_company(sqlite_db, name="Frenos del Bajío")
    officer = sqlite_db.for_principal(Actor(username="bruno", role="officer"))
    records.update(officer, "instructors", instructor,
                   {"name": "Luis Herrera Soto", "qualification_date": "2021-04-15", "company_id": other_company},
                   accept_warnings=True)
    view = HistoryView(sqlite_db, "instructors", instructor)
    qtbot.addWidget(view)
    rows = view.rows()
    assert [e["action"] for e in view.entries] == ["create", "update"]
    latest = rows[0]
    assert latest[1] == "bruno"  # who
    assert latest[2] == "Change instructor"  # what
    assert latest[3] == "3 fields"
    assert rows[1:4] == [
        ("", "", "", "Company", "Industrias Técnicas 1 S.A. de C.V.", "Frenos del Bajío"),  # by name, not id
        ("", "", "", "Name", "Luis Herrera", "Luis Herrera Soto"),
        ("", "", "", "Qualification date", format_date(date(2020, 3, 1)), format_date(date(2021, 4, 15))),
    ]
    assert format_date(date(2021, 4, 15)) != "2021-04-15"  # the interface's format, not the stored text
    created = rows[4]
    assert created[2] == "Create instructor" and created[1] == "(system)"
    assert all(r[3] not in ("id", "version") for r in rows)  # bookkeeping is left out
    assert "2 changes recorded" in view.summary.text()


def test_history_of_a_record_without_changes_and_of_an_account(qtbot, sqlite_db):
    users.create_user(sqlite_db, username="ana", password="correct horse", role="officer")
    account = users.list_users(sqlite_db)[0].id
    dialog = HistoryDialog(sqlite_db, "users", account, title="ana")
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "History: ana"
    rows = dialog.view.rows()
    assert rows[0][2].lower().startswith("add user")
    assert ("User name", "—", "ana") in {r[3:] for r in rows}
    assert ("Role", "—", "officer") in {r[3:] for r in rows}


def test_history_refused_to_an_instructor_is_said_plainly(qtbot, sqlite_db):
    company = make_company(sqlite_db)
    db = sqlite_db.for_principal(Actor(username="otto", role="instructor", instructor_id=1))
    view = HistoryView(db, "companies", company)
    qtbot.addWidget(view)
    assert view.rows() == []
    assert "Instructors see only" in view.summary.text()


def test_history_names_a_computed_key_in_words(qtbot, sqlite_db):
    """An apprentice's name is computed from the names typed: its change reads "Name", never ``name``."""
    from ..factories import make_apprentice

    apprentice = make_apprentice(sqlite_db, given_names="Pedro")
    records.update(sqlite_db, "apprentices", apprentice, {"given_names": "Pedro Pablo"}, accept_warnings=True)
    view = HistoryView(sqlite_db, "apprentices", apprentice)
    qtbot.addWidget(view)
    labels = {r[3] for r in view.rows() if r[3]}
    assert "Name" in labels and "Given names" in labels
    internal = {f.name for f in records.kind("apprentices").fields} | {"name"}
    assert not labels & internal, labels & internal


def test_every_computed_key_has_words() -> None:
    """What each kind computes besides its fields is named for people (the history shows it)."""
    from vetdesk.services import exam_rules

    keys = {"apprentices": {"name"}, "programmes": {"scale"}, "rotation_plans": {"total_weeks"},
            "exam_registrations": set(exam_rules.registration_extra(object()))}  # type: ignore[arg-type]
    for kind, extra in keys.items():
        assert set(records.kind(kind).extra_labels) >= extra, kind
    assert {k.name for k in records.KINDS.values() if k.extra is not None} <= set(keys)


def test_a_curp_changed_reads_whole_before_and_after(qtbot, sqlite_db):
    """The history of an apprentice cut the CURP column: before and after show a CURP whole."""
    from datetime import date

    from vetdesk.ui.app import use_language

    from ..factories import curp_for, make_apprentice

    use_language("es")
    try:
        born = date(2008, 3, 15)
        apprentice = make_apprentice(sqlite_db, curp=curp_for(born, "H", n=1), birth_date=born, sex="H")
        records.update(sqlite_db, "apprentices", apprentice, {"curp": curp_for(date(2008, 3, 15), "H", n=2)},
                       accept_warnings=True,  # a long operation's name (an import's) took the values' room
                       label="Importar aprendices desde la hoja de cálculo aprendices-2026-correcciones.xlsx")
        dialog = HistoryDialog(sqlite_db, "apprentices", apprentice, title="Pedro")
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        tree = dialog.view.tree
        tree.expandAll()
        from PySide6.QtWidgets import QTreeWidgetItemIterator

        items = []
        iterator = QTreeWidgetItemIterator(tree)
        while iterator.value():
            items.append(iterator.value())
            iterator += 1
        curp_row = next(item for item in items if item.text(3) == "CURP" and item.text(4) not in ("", "—"))
        metrics = tree.fontMetrics()
        for column in (4, 5):
            assert tree.header().sectionSize(column) >= metrics.horizontalAdvance(curp_row.text(column)) + 8, column
        assert dialog.width() <= 1366
    finally:
        use_language("en")
