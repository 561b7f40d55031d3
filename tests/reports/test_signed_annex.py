"""What was signed stays what was signed (issue 22): an agreement keeps the annex it was printed for signature
with (``printed_annex``), and a reprint past draft prints it, whatever the catalogue, the positions or the plan
became; a draft prints today's catalogue."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from tests import factories as f
from tests.reports.conftest import make_world, pdf_text
from vetdesk.commands import main
from vetdesk.reports import render
from vetdesk.services import clauses, records
from vetdesk.services.office import Office

TODAY = date.today()
NEW_CLAUSE = "Cláusula añadida después de la firma."


def _comparable(text: str) -> str:
    """The document's text less what each printing has of its own: the page footer's printing moment, and what
    marks a signed agreement's reprint as a copy (its note under the title, its footer, its watermark)."""
    text = re.sub(r" ?Copia del convenio firmado el [^.]*\. No es un documento para firmar\.", "", text)
    text = re.sub(r" · Copia — firmado el \S+ \S+ \S+", "", text)
    text = text.replace(" COPIA", "")
    # and the signing dates a copy fills in where the document for signature left lines (issue 23)
    text = re.sub(r"Fecha: \d{1,2} de \w+ de \d{4}", "Fecha: ____________________", text)
    text = re.sub(r"(Firmado en [^,]+), el \d{1,2} de \w+ de \d{4},", r"\1, el ______________________,", text)
    return re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d", "<when>", text)


def _change_the_catalogue(db: Office, w) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """Retire a competency taught at the first position and rename that position; their printed words."""
    position = records.get(db, "positions", w.positions[0])
    code = next(c for c, cid in w.competency_ids.items() if cid == position["competency_ids"][0])
    title = records.get(db, "programmes", w.programme_id)["competencies"]
    retired = next(c for c in title if c["code"] == code)
    records.update(db, "competencies", retired["id"], {"retired_on": TODAY.isoformat()}, accept_warnings=True)
    records.update(db, "positions", w.positions[0], {"name": "Logística de entrada (renombrada)"},
                   accept_warnings=True)
    # And the office rewrites its clauses: the signed agreement keeps the words it was signed with.
    for lang in ("es", "de"):
        clauses.save(db, "agreement", lang, clauses.current(db, "agreement", lang).body + "\n\n" + NEW_CLAUSE)
    return position["name"], code


def test_a_reprint_of_a_signed_agreement_is_what_was_signed(db: Office) -> None:
    w = make_world(db, minor=False, positions=3, rated=False, status="draft")
    first = pdf_text(render.agreement_pdf(db, w.agreement_id, lang="es"))
    db.print_for_signature([w.agreement_id], language="es")
    records.update(db, "agreements", w.agreement_id, {"status": "signed"} | f.signature_values(db, w.agreement_id),
                   accept_warnings=True)
    name, code = _change_the_catalogue(db, w)
    assert f"{code} –" in first and name in first
    again = pdf_text(render.agreement_pdf(db, w.agreement_id, lang="es"))
    assert _comparable(again) == _comparable(first)
    assert "renombrada" not in again and NEW_CLAUSE not in again
    # Started, it still prints what was signed; and in another language the same annex.
    records.update(db, "agreements", w.agreement_id, {"status": "active"}, accept_warnings=True)
    assert _comparable(pdf_text(render.agreement_pdf(db, w.agreement_id, lang="es"))) == _comparable(first)
    german = pdf_text(render.agreement_pdf(db, w.agreement_id, lang="de"))
    assert name in german and f"{code} –" in german and "renombrada" not in german


def test_a_draft_prints_todays_catalogue_and_is_kept_anew(db: Office) -> None:
    w = make_world(db, minor=False, positions=3, rated=False, status="draft")
    db.print_for_signature([w.agreement_id], language="es")
    name, code = _change_the_catalogue(db, w)
    printed = pdf_text(render.agreement_pdf(db, w.agreement_id, lang="es"))
    assert name in printed and "renombrada" not in printed  # printed: what went out
    records.update(db, "agreements", w.agreement_id, {"status": "draft"}, accept_warnings=True)
    draft = pdf_text(render.agreement_pdf(db, w.agreement_id, lang="es"))
    assert "Logística de entrada (renombrada)" in draft and f"{code} –" not in draft and NEW_CLAUSE in draft
    assert NEW_CLAUSE not in printed
    db.print_for_signature([w.agreement_id], language="es")  # printed again: today's catalogue is kept
    records.update(db, "positions", w.positions[0], {"name": "Otra vez"}, accept_warnings=True)
    assert "Logística de entrada (renombrada)" in pdf_text(render.agreement_pdf(db, w.agreement_id, lang="es"))


def test_the_command_lines_plain_reprint_prints_what_was_signed(sqlite_db: Office, tmp_path: Path) -> None:
    """``vetdesk print agreement`` on a local file reads the agreement with plain SQL: the kept annex too."""
    w = make_world(sqlite_db, minor=False, positions=3, rated=False, status="active")
    before, after = tmp_path / "before.pdf", tmp_path / "after.pdf"
    assert main(["--db", sqlite_db.url, "print", "agreement", str(w.agreement_id), "-o", str(before)]) == 0
    name, _code = _change_the_catalogue(sqlite_db, w)
    assert main(["--db", sqlite_db.url, "print", "agreement", str(w.agreement_id), "-o", str(after)]) == 0
    assert _comparable(pdf_text(after)) == _comparable(pdf_text(before)) and name in pdf_text(after)
