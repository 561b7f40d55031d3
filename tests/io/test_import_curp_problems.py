"""A new user's trial: an import row whose CURP begins with a word RENAPO replaces (FALO…) was reported only as a
missing birth date and sex, each with its label said twice ("Fecha de nacimiento: Fecha de nacimiento: este dato
es obligatorio"). The CURP's own problem is said, as ``vetdesk add`` says it, and a label once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from tests import factories as f
from vetdesk.storage.engine import Database


def test_a_curp_with_a_replaced_word_is_reported_as_the_curps_problem(
        sqlite_db: Database, write_csv: Callable[..., Path], cli) -> None:  # type: ignore[no-untyped-def]
    falo = f.curp_for(date(2004, 5, 17), "H", prefix="FALO")
    good = f.curp_for(date(2004, 6, 1), "M")
    path = write_csv(f"CURP,Nombre(s),Apellido paterno\n{falo},Ana,Falo\n{good},,Ruiz\n")
    code, out, err = cli(sqlite_db, "--lang", "es", "import", "apprentices", str(path))
    assert code == 1
    lines = [line for line in out.splitlines() if line.startswith("error:")]
    assert len(lines) == 2, out
    falo_line, missing_line = lines
    assert falo_line.startswith("error: fila 2, CURP") and "RENAPO" in falo_line and "FXLO" in falo_line, falo_line
    assert "Fecha de nacimiento" not in out and "Sexo" not in out  # the CURP that would give them is wrong
    # The field's label said once, before its message.
    assert missing_line == "error: fila 3, Nombre(s): este dato es obligatorio; llene la celda.", missing_line


def test_a_report_says_the_label_once_beside_its_column(sqlite_db: Database, write_csv: Callable[..., Path]) -> None:
    """The window's table of problems and a saved report put the column beside the message: the message is said
    without the label it begins with."""
    from vetdesk.i18n import set_language
    from vetdesk.services import importing
    from vetdesk.ui.import_wizard.result import report_rows

    set_language("es")
    try:
        path = write_csv(f"CURP,Nombre(s),Apellido paterno\n{f.curp_for(date(2004, 6, 1), 'M')},,Ruiz\n")
        table = importing.read_table(path)
        report = importing.run_import(sqlite_db, "apprentices", table,
                                      importing.propose_mapping("apprentices", table.headers))
        [issue] = report.errors
        assert (issue.column, issue.message) == ("Nombre(s)", "Nombre(s): este dato es obligatorio; llene la celda.")
        assert report_rows(report)[1][2:] == ["Nombre(s)", "", "Este dato es obligatorio; llene la celda."]
    finally:
        set_language("en")
