"""What a new user's re-trial of the office's own set-up still found in the window (issue 22), driven as an
officer does it: another programme's catalogue is not poured into the chosen programme; a missing column is said
the window's way (its import's Columns step), not with a command-line option."""

from __future__ import annotations

from typing import Any

from tests.scenarios.person import Person
from tests.scenarios.test_setup_trial import _open_first
from vetdesk.i18n import _
from vetdesk.services import records


def _workbook(path: Any, header: list[str], rows: list[list[Any]]) -> str:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return str(path)


def test_another_programme_s_catalogue_is_refused_in_the_programme_s_form_naming_it(  # type: ignore[no-untyped-def]
        qtbot, window, language, tmp_path, monkeypatch) -> None:
    """The officer opens Mecatrónica and imports, by mistake, the Logística catalogue (its Carrera column names
    Logística on every row): refused, naming both programmes and what to do, and nothing is added. A file whose
    code column is headed otherwise is refused naming the window's Columns step, never --map."""
    from PySide6.QtWidgets import QFileDialog

    from tests import factories as f

    db = window.db
    meca = f.make_programme(db, code="MECA", name="Mecatrónica")
    files = {"logistica": _workbook(tmp_path / "logistica.xlsx", ["Carrera", "Clave", "Competencia"],
                                    [["Logística", "LOG-01", "Planear rutas"], ["LOG", "LOG-02", "Cargar"]]),
             "mal": _workbook(tmp_path / "mal.xlsx", ["Núm", "Competencia"], [["MEC-01", "Mantener equipos"]])}
    chosen = ["logistica"]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (files[chosen[0]], ""))
    person = Person(qtbot, window, f"setup-retrial/catalogue/{language}")
    form = _open_first(person, _("Programmes"))
    person.click(_("Import competencies…"), form)
    message = form.catalogue_message.text()
    person.shot("other-programme-refused", form)
    assert "MECA Mecatrónica" in message and "Carrera" in message and "Logística" in message, message
    assert records.get(db, "programmes", meca)["competencies"] == []
    assert form.catalogue_table.rowCount() == 0
    chosen[0] = "mal"
    person.click(_("Import competencies…"), form)
    message = form.catalogue_message.text()
    person.shot("missing-column", form)
    assert "--map" not in message, message
    assert _("Columns") in message and _("&Import from a spreadsheet…").replace("&", "") in message, message
    assert records.get(db, "programmes", meca)["competencies"] == []
