"""The issue's "done when" through the window, as an officer works it (Spanish and English): three apprentices
registered for Part 1 from the exam's form (the one who has not served enough of the term refused, its admission
message on screen, nothing written for it), the points typed on each result's form (grade and band shown), the
two admitted registered for Part 2, one failed and resat, and the final certificates printed in Spanish and
German, read back from the PDFs: the name, the final grade and its band's word in the document's language."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal
from typing import Any

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QListWidget

from tests.exams.pipeline import make_exam
from tests.factories import TODAY, activate, make_agreement, make_apprentice, make_company, make_programme
from tests.scenarios.person import Person
from vetdesk import i18n
from vetdesk.i18n import _, pgettext, translator
from vetdesk.services import exams, records
from vetdesk.ui.exam_forms import RegisterDialog, ResitDialog
from vetdesk.ui.main_window import MainWindow
from vetdesk.ui.printing import PdfPreview


def _open_row(person: Person, page: Any, record_id: int) -> Any:
    """Click the record's row in the list, then press Enter: the record opens beside the list."""
    person.qtbot.waitUntil(lambda: record_id in page.model.ids(), timeout=5000)
    index = page.model.index(page.model.ids().index(record_id), 0)
    page.table.scrollTo(index)
    QTest.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=page.table.visualRect(index).center())
    QTest.keyClick(page.table, Qt.Key.Key_Return)
    person.qtbot.waitUntil(lambda: page.form is not None and page.form.record_id == record_id, timeout=5000)
    return page.form


def _safely(act: Any, errors: list[BaseException]) -> Any:
    """An answer to a dialog that closes it when it fails (a modal dialog left open would block the test)."""

    def answer(dialog: Any) -> None:
        try:
            act(dialog)
        except BaseException as exc:  # noqa: BLE001 - raised again by the test body
            errors.append(exc)
            dialog.reject()
    return answer


def _raise(errors: list[BaseException]) -> None:
    if errors:
        raise errors[0]


def _register(person: Person, window: MainWindow, exam_id: int, names: list[str]) -> dict[str, Any]:
    """On the exam's form: Register apprentices…, tick ``names``, register; what the dialog said and did."""
    person.nav(_("Exams"))
    page = window.current_list()
    form = _open_row(person, page, exam_id)
    person.shot("exam-form", window)
    seen: dict[str, Any] = {}

    def work(dialog: Any) -> None:
        person.qtbot.waitExposed(dialog)
        for name in names:
            person.tick(_("Apprentices"), name, dialog)
        person.click(_("&Register the ticked apprentices"), dialog)
        person.qtbot.waitUntil(lambda: dialog.outcome.isVisible(), timeout=10000)
        seen["result"] = dialog.outcome.text()
        seen["list"] = [dialog.listing.item(i).text() for i in range(dialog.listing.count())]
        seen["registered"] = dict(dialog.registered)
        person.shot("registered", dialog)
        person.click(_("Close"), dialog)

    errors: list[BaseException] = []
    answered = person.when_dialog(_safely(work, errors), of=RegisterDialog)
    person.click(_("Register apprentices…"), form)
    person.qtbot.waitUntil(lambda: bool(answered), timeout=15000)
    _raise(errors)
    return seen


def _points(person: Person, window: MainWindow, registration: int, written: str, practical: str) -> Any:
    """On the result's form: type the points and save; the form shows the grade and band."""
    person.nav(_("Exam results"))
    page = window.current_list()
    form = _open_row(person, page, registration)
    person.type(_("Written points"), written, form)
    person.type(_("Practical points"), practical, form)
    person.click(_("&Save"), form)
    person.qtbot.waitUntil(lambda: not form.is_dirty() and form.record.get("score") is not None, timeout=5000)
    return form


def _print(person: Person, form: Any, button: str, language_name: str) -> bytes:
    person.choose(_("Language of the printout"), language_name, form)
    got: list[bytes] = []

    def take(preview: Any) -> None:
        got.append(preview.pdf)
        person.shot("preview-" + language_name, preview)
        preview.reject()

    errors: list[BaseException] = []
    person.when_dialog(_safely(take, errors), of=PdfPreview, wait_ms=30000)
    person.click(button, form)
    person.qtbot.waitUntil(lambda: bool(got) or bool(errors), timeout=30000)
    _raise(errors)
    return got[0]


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages).split())


def test_an_officer_runs_the_exams_from_part1_to_final_certificates(qtbot, window, language):  # type: ignore[no-untyped-def]
    db = window.db
    programme = make_programme(db, name="Mecatrónica industrial")
    company = make_company(db)
    from vetdesk.domain.dates import add_months

    start = add_months(TODAY.replace(day=1), 1)
    people = {who: make_apprentice(db, given_names=given, first_surname=surname, second_surname="Ruiz")
              for who, given, surname in (("ana", "Ana Sofía", "Beltrán"), ("beto", "Alberto", "Ortega"),
                                          ("late", "Carla", "Zamora"))}
    ana, beto = (make_agreement(db, programme_id=programme, company_id=company, start_date=start,
                                apprentice_id=people[who]) for who in ("ana", "beto"))
    # (activated, it starts today at the latest: the late one has served little of its longer term by the exam)
    late = make_agreement(db, programme_id=programme, company_id=company, start_date=TODAY,
                          end_date=add_months(TODAY, 24) - timedelta(days=1), apprentice_id=people["late"])
    for agreement in (ana, beto, late):
        activate(db, agreement)
    name = {a: exams.results(db, a).full_name for a in (ana, beto, late)}
    part1 = make_exam(db, programme, "part1", 200, name="Parte 1 junio", min_term_share=40)
    part2 = make_exam(db, programme, "part2", 330, name="Parte 2 noviembre")
    resit = make_exam(db, programme, "part2", 400, name="Parte 2 repetición")
    person = Person(qtbot, window, f"exams-{language}")

    # Part 1: three ticked, the one late in the term refused with its admission message.
    seen = _register(person, window, part1, [name[late], name[ana], name[beto]])
    assert set(seen["registered"]) == {ana, beto}
    refused = _("Not admitted: {name} ({reference})").format(
        name=name[late], reference=records.get(db, "agreements", late)["reference"])
    assert refused in seen["result"], seen["result"]
    term = "examen posterior" if language == "es" else "later exam"
    assert term in seen["result"] and "40" in seen["result"]
    assert any(line.startswith(name[late]) and term in line for line in seen["list"]), seen["list"]
    rows = records.list_records(db, "exam_registrations")
    assert sorted(r["agreement_id"] for r in rows) == sorted([ana, beto])
    # The exam-day list, in German whatever the window speaks: the two admitted, not the refused.
    day = _text(_print(person, window.current_list().form, _("Print the exam-day list…"), "Deutsch"))
    de = translator("de")
    assert de.gettext("Exam-day list") in day and de.ngettext("{n} candidate", "{n} candidates", 2).format(n=2) in day
    assert name[ana] in day and name[beto] in day and name[late] not in day

    form = _points(person, window, seen["registered"][ana], "78", "84")
    shown = form.result.text()
    assert "81" in shown and ("bueno" if language == "es" else "good") in shown, shown
    person.shot("part1-result", window)
    _points(person, window, seen["registered"][beto], "55", "61")

    # Part 2: the two admitted; Beto fails the practical part and resits it.
    seen2 = _register(person, window, part2, [name[ana], name[beto]])
    assert set(seen2["registered"]) == {ana, beto} and "✖" not in seen2["result"]
    _points(person, window, seen2["registered"][ana], "85", "95")
    failed = _points(person, window, seen2["registered"][beto], "70", "25")
    assert failed.record["passed"] is False
    assert _("not passed") in failed.result.text()
    why = _("the {component} part scored {score}, below {minimum} points").split("{score}")[0].format(
        component=pgettext("exam component", "practical"))
    assert why in failed.result.text(), failed.result.text()

    letter = _text(_print(person, failed, _("Print result letter…"), "Español"))
    es = translator("es")
    assert name[beto] in letter and es.gettext("not passed") in letter and es.gettext("passed") in letter

    def choose_resit(dialog: Any) -> None:
        person.choose(_("Exam of the resit"), "Parte 2 repetición", dialog)
        person.ok(dialog)

    page = window.current_list()
    errors: list[BaseException] = []
    person.when_dialog(_safely(choose_resit, errors), of=ResitDialog)
    person.click(_("Record a resit…"), failed)
    _raise(errors)
    qtbot.waitUntil(lambda: page.form is not None and page.form.record_id not in (None, seen2["registered"][beto]),
                    timeout=10000)
    resit_id = page.form.record_id
    stored = records.get(db, "exam_registrations", resit_id)
    assert (stored["exam_id"], stored["agreement_id"], stored["replaces_id"]) == (
        resit, beto, seen2["registered"][beto])
    resat = _points(person, window, resit_id, "72", "68")
    assert resat.record["passed"] is True
    person.shot("resit", window)

    final = {a: exams.results(db, a).final for a in (ana, beto)}
    assert final[ana] is not None and final[ana].passed and final[ana].grade == 2  # 81.6 x 35 + 91 x 65
    assert final[beto] is not None and final[beto].passed and final[beto].grade == 4  # 58.6 x 35 + 69.6 x 65
    assert exams.results(db, beto).parts[-1].attempt.resit

    # Final certificates in Spanish and German from each one's Part 2 result.
    for agreement, registration in ((ana, seen2["registered"][ana]), (beto, resit_id)):
        form = _open_row(person, window.current_list(), registration)
        result = final[agreement]
        assert result is not None
        for code, language_name in (("es", "Español"), ("de", "Deutsch")):
            t = translator(code)
            text = _text(_print(person, form, _("Print final certificate…"), language_name))
            assert name[agreement] in text
            assert t.gettext("Final certificate") in text
            band = t.gettext(result.band_word)
            assert t.gettext("{grade} ({band})").format(grade=result.grade, band=band) in text, (band, text)
            assert t.format_decimal(result.score, "0.0") in text
    assert (final[ana].band_word, final[beto].band_word) == ("good", "sufficient")

    # Beto's record lists his attempts, the failed one and its resit, with their grades and verdicts.
    person.nav(_("Apprentices"))
    form = _open_row(person, window.current_list(), people["beto"])
    listing = person.find(_("Exams and certificates"), QListWidget, form)
    lines = [listing.item(i).text() for i in range(listing.count())]
    person.shot("apprentice-record", window)
    assert len(lines) == 3 and "Parte 2 repetición" in lines[0], lines
    assert _("passed") in lines[0] and _("not passed") in lines[1] and _("resit") in lines[0], lines
    score = i18n.current().format_decimal(Decimal("69.6"), "0.0")
    assert _("{score} points, grade {grade} ({band})").format(score=score, grade=3, band=_("satisfactory")) \
        in lines[0], lines
    assert records.count_records(db, "exam_registrations") == 5
    assert Decimal(str(final[ana].score)) >= 81
    assert TODAY + timedelta(days=400) == records.get(db, "exams", resit)["held_on"]
