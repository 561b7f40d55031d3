"""Issue 23 (trial 23p) on the command line: a signed agreement's copy after the office edited its text says
that it prints the text it was signed with."""

from __future__ import annotations

from pathlib import Path

import pypdf

from tests import factories as f
from vetdesk.services import clauses, records


def _text(path: Path) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in pypdf.PdfReader(path).pages)


def test_a_signed_copy_says_it_prints_the_text_it_was_signed_with(cli, db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Signed under the shipped text (v0), reprinted after the office saved its own (v1): the copy prints v0 (its
    footer says so) and ``vetdesk print`` says the copy uses the text it was signed with, not the new edit."""
    agreement = f.make_agreement(db)
    code, _out, err = cli(db, "print", "agreement", str(agreement), "--lang", "es", "-o",
                          str(tmp_path / "for-signature.pdf"))
    assert code == 0, err
    records.update(db, "agreements", agreement, {"status": "signed"} | f.signature_values(db, agreement),
                   accept_warnings=True)
    body = clauses.current(db, "agreement", "es").body
    clauses.save(db, "agreement", "es", body.replace("por su propia voluntad", "por su libre voluntad", 1))
    copy = tmp_path / "copy.pdf"
    code, out, err = cli(db, "print", "agreement", str(agreement), "--lang", "es", "-o", str(copy))
    assert code == 0, err
    text = _text(copy)
    assert "agreement/es v0" in text and "agreement/es v1" not in text, text[-400:]
    said = out + err
    assert "v0" in said and "v1" in said, said
