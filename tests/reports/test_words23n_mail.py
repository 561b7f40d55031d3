"""Issue 23 (words23n): a batch's e-mail said "Le enviamos adjunto el documento «Convenio de aprendizaje»
(CA-…47, …70, …130 y 3 más) de Itzel Ortiz, … y 3 más" for six attachments, and greeted a company contact
"Buen día, Alondra Ruiz López:" whatever their title. The text says "los documentos" when several, names every
document and apprentice in full (up to ten), and greets a contact whose recorded name has a title by title and
surnames ("Estimada Mtra. Ibáñez:"), a contact without one neutrally by the full name."""

from __future__ import annotations

import email
from email import policy
from pathlib import Path

import pytest

from tests.reports.conftest import make_world
from vetdesk.services import mail, records
from vetdesk.storage.engine import Database


def _cli(db: Database, *args: str) -> int:
    from vetdesk.commands import main

    return main(["--db", db.url, *args])


def _body(path: Path) -> str:
    msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    return " ".join(msg.get_body(("plain",)).get_content().split())  # type: ignore[union-attr]


def test_a_batch_draft_names_every_document_and_apprentice(sqlite_db: Database, tmp_path: Path) -> None:
    worlds = [make_world(sqlite_db, minor=False, positions=1, rated=False) for _ in range(4)]
    names = []
    for i, w in enumerate(worlds):  # one contact, with her title, at every company (the batch's draft goes to her)
        records.update(sqlite_db, "companies", w.company_id, {"contact_name": "Mtra. Lucía Ortiz Vega"},
                       accept_warnings=True)
        records.update(sqlite_db, "apprentices", w.apprentice_id, {"second_surname": f"Ibáñez{'z' * i}"},
                       accept_warnings=True)
        names.append(w.full_name.replace("Ibáñez", f"Ibáñez{'z' * i}"))
    drafts = tmp_path / "drafts"
    assert _cli(sqlite_db, "--lang", "es", "print", "batch", "progress", "-o", str(tmp_path / "pdf"),
                "--processes", "1", "--email-drafts", str(drafts)) == 0
    body = _body(drafts / "rh_schaefer.example.mx.eml")
    assert "Estimada Mtra. Ortiz Vega:" in body, body
    assert "enviamos adjuntos los documentos «" in body and "el documento" not in body, body
    for w, name in zip(worlds, names, strict=True):
        assert w.reference in body and name in body, (name, body)
    assert " más" not in body, body  # four documents: every one named, none summed up as "y 1 más"


@pytest.mark.parametrize(("name", "es", "de"), [
    ("Mtra. Sofía Ibáñez", "Estimada Mtra. Ibáñez:", "Sehr geehrte Frau Ibáñez,"),
    ("Dr. Jorge Fuentes Salas", "Estimado Dr. Fuentes Salas:", "Sehr geehrter Herr Fuentes Salas,"),
    ("Lic. Alondra Ruiz López", "Buen día, Lic. Ruiz López:", "Guten Tag Lic. Alondra Ruiz López,"),
    ("Alondra Ruiz López", "Buen día, Alondra Ruiz López:", "Guten Tag Alondra Ruiz López,")])
def test_a_contact_is_greeted_by_title_and_surnames_when_the_title_says_how(sqlite_db: Database, name: str,
                                                                           es: str, de: str) -> None:
    w = make_world(sqlite_db, minor=False, positions=1, rated=False)
    one = mail.Attachment("a.pdf", b"%PDF-1.4", w.agreement_id, w.reference, w.full_name, "Frenos S.A.")
    for language, greeting in (("es", es), ("de", de)):
        msg = mail.message(sqlite_db, mail.Draft([mail.contact(name, "rh@frenos.example.mx", "company")], [one]),
                           document="Convenio de aprendizaje", language=language)
        body = msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        assert greeting in body, body
    es_body = mail.message(sqlite_db, mail.Draft([mail.contact(name, "rh@frenos.example.mx", "company")], [one]),
                           document="Convenio de aprendizaje", language="es").get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "enviamos adjunto el documento «Convenio de aprendizaje»" in es_body, es_body  # one: singular
