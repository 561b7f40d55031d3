"""A single e-mail draft says who it leaves out and why, as a batch does (found by a new user's trial of issue 23:
a minor's report went to the school and the company only, and the command said just "E-mail draft written"); a
batch's subject names at most three apprentices and how many more (it listed every one: some 350 characters)."""

from __future__ import annotations

import email
from email import policy
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from tests.reports.conftest import make_world
from vetdesk.reports import render
from vetdesk.services import mail, records
from vetdesk.storage.engine import Database
from vetdesk.ui import printing


def _cli(db: Database, *args: str) -> int:
    from vetdesk.commands import main

    return main(["--db", db.url, *args])


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_minor_s_draft_without_a_family_address_says_so(sqlite_db: Database, tmp_path: Path, lang: str,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    w = make_world(sqlite_db, minor=True, positions=2)
    records.update(sqlite_db, "schools", w.school_id, {"email": "vinculacion@conalep.example.mx"},
                   accept_warnings=True)
    pdf, eml = tmp_path / "p.pdf", tmp_path / "p.eml"
    capsys.readouterr()
    assert _cli(sqlite_db, "--lang", lang, "print", "progress", str(w.apprentice_id), "-o", str(pdf),
                "--email-draft", str(eml)) == 0
    said = capsys.readouterr().err
    msg = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert [a.addr_spec for a in msg["To"].addresses] == ["vinculacion@conalep.example.mx", "rh@schaefer.example.mx"]
    heading = {"es": "Quedó fuera del borrador de correo:", "en": "Left out of the e-mail draft:"}[lang]
    tail = said[said.index(heading):].splitlines()[1:]
    lines = [line.strip() for line in tail if line.strip()]
    assert len(lines) == 1, lines  # the family only: the school and the company have their addresses
    assert w.full_name in lines[0] and w.reference in lines[0]
    assert ("guardian" in lines[0]) if lang == "en" else ("tutor" in lines[0]), lines[0]


def test_the_preview_says_who_its_draft_leaves_out(sqlite_db: Database, qtbot, monkeypatch,  # type: ignore[no-untyped-def]
                                                   tmp_path: Path) -> None:
    w = make_world(sqlite_db, minor=True, positions=2)
    pdf = render.progress_pdf(sqlite_db, apprentice_id=w.apprentice_id, lang="en")
    monkeypatch.setattr(printing, "open_path", lambda path: True)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "p.eml"), ""))
    shown: list[QMessageBox] = []
    real_show_saved = printing.show_saved
    monkeypatch.setattr(printing, "show_saved", lambda *a, **k: shown.append(real_show_saved(*a, **k)) or shown[-1])
    parent = QWidget()
    qtbot.addWidget(parent)
    preview = printing.PdfPreview(pdf, "Report", "progress.pdf", parent,
                                  mail=printing.mailer(sqlite_db, w.agreement_id, "progress.pdf", pdf, "progress",
                                                       "en"))
    qtbot.addWidget(preview)
    assert preview.mail_draft()
    (box,) = shown
    text = box.text()
    tail = text[text.index("Left out of the e-mail draft:"):].splitlines()[1:]
    assert any(w.full_name in line and "parent or guardian" in line for line in tail), tail
    assert any(line.startswith("School ") for line in tail), tail  # the world's school has no e-mail address
    assert not any(line.startswith("Company ") for line in tail), tail
    box.close()


def test_a_batch_subject_names_three_apprentices_and_how_many_more(sqlite_db: Database) -> None:
    w = make_world(sqlite_db, minor=False, positions=1)
    names = [f"Aprendiz Número{i} Con Apellidos Largos" for i in range(10)]
    items = [mail.Attachment(f"{i}.pdf", b"%PDF-1.4", w.agreement_id, f"CA-2026-{i:06d}", name, "Frenos S.A.")
             for i, name in enumerate(names)]
    msg = mail.message(sqlite_db, mail.Draft([mail.Recipient("Rosa", "rh@schaefer.example.mx", "company")], items),
                       document="Progress report", language="en")
    subject = str(msg["Subject"])
    assert all(name in subject for name in names[:3]) and names[3] not in subject
    assert subject.count("and 7 more") == 2 and len(subject) < 210, subject  # every name listed: 450 characters
    single = mail.message(sqlite_db, mail.Draft([mail.Recipient("Rosa", "rh@schaefer.example.mx", "company")],
                                                items[:3]), document="Progress report", language="en")
    assert all(name in str(single["Subject"]) for name in names[:3]) and "more" not in str(single["Subject"])
