"""The window's batch printing says the warnings of the agreements it printed (found by a new developer's trial of
issue 20): ``vetdesk print batch`` said "Agreement … may go out for signature, but note: • Instructor: … no
recorded qualification", the window's summary said nothing of it. The summary lists them in the core's words,
grouped under each agreement, in one scrollable text, beside what was written."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QPlainTextEdit, QWidget

from tests import factories as f
from tests.scenarios.person import Person
from vetdesk.i18n import _
from vetdesk.ui.text_dialog import TextDialog


def test_the_batch_summary_says_the_warnings_of_what_it_printed(qtbot, window, language,  # type: ignore[no-untyped-def]
                                                                 tmp_path: Path, monkeypatch) -> None:
    db = window.db
    company = f.make_company(db)
    unqualified = f.make_instructor(db, company_id=company, qualification=None, qualification_date=None)
    warned = [f.make_agreement(db, company_id=company, instructor_id=unqualified) for _n in range(2)]
    clean = f.make_agreement(db)
    checks = db.print_checks([*warned, clean])
    assert clean not in checks and all(checks[i].warned and not checks[i].refused for i in warned)
    expected = [checks[i].warning() for i in warned]  # the core's words, as vetdesk print batch says them
    assert all("• " + _("Instructor") + ":" in w for w in expected), expected
    person = Person(qtbot, window, f"batch-warnings-{language}")
    person.nav(_("Agreements"))
    page = window.current_list()
    qtbot.waitUntil(lambda: not page.loading and person.rows(page.table) == 3, timeout=10000)
    folder = tmp_path / "lote"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    summaries: list[str] = []

    def read_summary(dialog: QWidget) -> None:
        shown = dialog.findChild(QPlainTextEdit)
        assert shown is not None and shown.isReadOnly()
        summaries.append(shown.toPlainText())
        person.shot("batch-summary", dialog)
        dialog.close()

    person.when_dialog(read_summary, of=TextDialog, wait_ms=60000)
    person.answer_batch_print()
    person.menu(_("&File"), _("Print the &listed agreements…"))
    qtbot.waitUntil(lambda: bool(summaries), timeout=60000)
    summary = summaries[0]
    assert len(list(folder.glob("*.pdf"))) == 3
    assert _("Printed, with warnings to note:") in summary and _("Not printed:") not in summary
    for text in expected:  # each agreement's warnings together, under its name
        assert text in summary, summary
    assert db.get("agreements", clean)["reference"] not in summary.split(_("Printed, with warnings to note:"))[1]
    assert all(db.get("agreements", i)["status"] == "printed" for i in [*warned, clean])
