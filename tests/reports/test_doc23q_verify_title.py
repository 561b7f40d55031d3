"""Issue 23: ``vetdesk verify FILE.pdf`` checked the signed QR text and the pages but not the PDF's document
properties: a certificate whose title (what a file list, a mail program and a PDF reader's window show first)
named another apprentice passed. The title must be the one built from the signed reference and name, the author
the signing office, the subject the programme; verify says what it checked, and what not."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest

from tests.reports.conftest import make_world, prove_all
from vetdesk import i18n
from vetdesk.commands import main
from vetdesk.reports import render
from vetdesk.services import records
from vetdesk.storage.engine import Database


def _completed(db: Database) -> int:
    w = make_world(db, minor=False, positions=2)
    prove_all(db, w.agreement_id)
    records.update(db, "agreements", w.agreement_id, {"status": "completed"}, accept_warnings=True)
    return w.agreement_id


def _resaved(pdf: bytes, **changes: str) -> bytes:
    """The PDF written again by another program (pypdf), its pages untouched, its properties as given."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    writer = pypdf.PdfWriter()
    writer.append(reader)
    writer.add_metadata({**(reader.metadata or {}), **{f"/{k}": v for k, v in changes.items()}})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _verify(db: Database, path: Path, lang: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    try:
        code = main(["--db", db.url, "--lang", lang, "verify", str(path)])
    finally:
        i18n.set_language("en")
    said = capsys.readouterr()
    return code, said.out + said.err


@pytest.mark.parametrize(("lang", "title_word", "checked", "changed"), [
    ("es", "Constancia de conclusión", "Se comprobó", "su título de documento"),
    ("de", "Abschlussbescheinigung", "Geprüft", "Ihr Dokumenttitel"),
])
def test_a_changed_title_or_author_is_refused(sqlite_db: Database, tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
                                              lang: str, title_word: str, checked: str, changed: str) -> None:
    agreement = _completed(sqlite_db)
    pdf = render.certificate_pdf(sqlite_db, agreement, lang=lang)
    title = pypdf.PdfReader(io.BytesIO(pdf)).metadata.title
    assert title.startswith(title_word)
    name = records.get(sqlite_db, "apprentices", records.get(sqlite_db, "agreements", agreement)["apprentice_id"])
    assert name["first_surname"] in title

    good = tmp_path / "good.pdf"
    good.write_bytes(_resaved(pdf))  # written again by another program, nothing changed: still valid
    code, said = _verify(sqlite_db, good, lang, capsys)
    assert code == 0, said
    assert checked in said, said  # it says what it checked and what not

    renamed = tmp_path / "renamed.pdf"
    renamed.write_bytes(_resaved(pdf, Title=title.replace(name["first_surname"], "Pérez")))
    code, said = _verify(sqlite_db, renamed, lang, capsys)
    assert code == 1 and changed in said and "Pérez" in said and "Traceback" not in said, said

    # a title in an older wording of the kind's words (the catalogues change): the signed reference and name
    # that end it are what counts
    reworded = tmp_path / "reworded.pdf"
    reworded.write_bytes(_resaved(pdf, Title=title.replace(title_word, "Constancia")))
    code, said = _verify(sqlite_db, reworded, lang, capsys)
    assert code == 0, said
    appended = tmp_path / "appended.pdf"
    appended.write_bytes(_resaved(pdf, Title=title + " y Pérez"))
    code, said = _verify(sqlite_db, appended, lang, capsys)
    assert code == 1 and changed in said, said

    author = tmp_path / "author.pdf"
    author.write_bytes(_resaved(pdf, Author="Otra Cámara"))
    code, said = _verify(sqlite_db, author, lang, capsys)
    assert code == 1 and "Traceback" not in said, said
