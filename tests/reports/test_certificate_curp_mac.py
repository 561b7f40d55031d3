"""Issue 23: the certificate's QR code carried the CURP as a salted SHA-256 with its salt beside it; with the name
and birth date printed, the few thousand CURPs they leave are tried in a moment and the CURP is found. It is now a
keyed MAC (HMAC-SHA256 under a key derived from the office's private signing key, kept in its database): the same
search finds nothing, ``vetdesk verify`` still accepts the printed certificate and checks ``--curp`` with the
office's database, refuses a changed name, and still verifies a certificate of the older kind (saying its CURP code
is recoverable)."""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import string
from dataclasses import replace
from pathlib import Path

import pytest

from tests.reports.test_certificate_binding import _cli, _completed
from vetdesk.i18n import translator
from vetdesk.reports import render
from vetdesk.services import documents, records, signing
from vetdesk.storage.engine import Database

STATES = ("AS BC BS CC CL CM CS CH DF DG GT GR HG JC MC MN MS NT NL OC PL QT QR SP SL SR TC TS TL VZ YN ZS NE"
          .split())


def _payload(signed: str) -> dict[str, object]:
    body = signed.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def _signed_text(pdf_path: Path) -> str:
    import pypdf

    keywords = str(pypdf.PdfReader(pdf_path).metadata.get("/Keywords") or "")
    return next(w for w in keywords.split() if w.startswith(signing.PREFIX + "."))


def _attack(payload: dict[str, object], curp: str) -> str | None:
    """What anyone holding the QR text and reading the page can do: the name's letters and the birth date give the
    CURP's first ten characters; try every sex, state, homoclave and check digit against the QR's hash, unkeyed
    (with the QR's salt when it has one, and with every other value it carries)."""
    salts = [str(payload.get("s", ""))] + [str(v) for v in payload.values()]
    target = str(payload["h"])
    for sex, state, homoclave, check in itertools.product("HMX", STATES, string.digits + string.ascii_uppercase,
                                                          string.digits):
        candidate = f"{curp[:10]}{sex}{state}{curp[13:16]}{homoclave}{check}"
        for salt in salts:
            if hashlib.sha256(f"{salt}:{candidate}".encode()).hexdigest()[:32] == target:
                return candidate
        if hashlib.sha256(candidate.encode()).hexdigest()[:32] == target:
            return candidate
    return None


def test_the_qr_code_s_curp_cannot_be_found_by_trying_curps_and_verify_still_checks_it(
        sqlite_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    agreement = _completed(sqlite_db)
    curp = documents.certificate_document(sqlite_db, agreement).apprentice.curp
    path = tmp_path / "certificate.pdf"
    path.write_bytes(render.certificate_pdf(sqlite_db, agreement, lang="es"))
    payload = _payload(_signed_text(path))
    assert payload["m"] == 2 and "s" not in payload and curp not in json.dumps(payload)
    assert _attack(payload, curp) is None  # the search that found the older kind's CURP finds nothing

    capsys.readouterr()
    assert _cli(sqlite_db, "--lang", "en", "verify", str(path), "--curp", curp.lower()) == 0
    out = capsys.readouterr().err
    assert "Valid certificate" in out and "unkeyed" not in out, out
    wrong = curp[:10] + ("M" if curp[10] == "H" else "H") + curp[11:]
    assert _cli(sqlite_db, "--lang", "en", "verify", str(path), "--curp", wrong) == 1
    assert "was not issued to CURP" in capsys.readouterr().err
    # The same CURP certified by the office again gives the same code (one key); a changed name is refused.
    apprentice = records.get(sqlite_db, "agreements", agreement)["apprentice_id"]
    records.update(sqlite_db, "apprentices", apprentice, {"given_names": "Juana"}, accept_warnings=True)
    renamed = render.certificate_pdf(sqlite_db, agreement, lang="es")
    assert _payload(_signed_text_of(renamed, tmp_path))["h"] == payload["h"]
    forged = tmp_path / "forged.pdf"
    from tests.reports.test_certificate_binding import _overlay

    def rename(c, height):  # type: ignore[no-untyped-def]
        c.setFillColorRGB(1, 1, 1)
        c.rect(0, 0, 600, height, fill=1, stroke=0)

    forged.write_bytes(_overlay(path.read_bytes(), rename))
    assert _cli(sqlite_db, "verify", str(forged)) == 1


def _signed_text_of(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "again.pdf"
    path.write_bytes(pdf)
    return _signed_text(path)


def test_another_office_s_key_gives_another_code_for_the_same_curp(sqlite_db: Database) -> None:
    from sqlalchemy import text

    fields = {"office": "CAMEXA", "reference": "R", "name": "N", "programme": "P", "company": "C", "start": "s",
              "end": "e", "issued": "i", "competencies": "1/1"}
    curp = "PEMM080101MDFRRR09"
    one = _payload(signing.sign(sqlite_db, fields, curp=curp))
    assert _payload(signing.sign(sqlite_db, fields, curp=curp))["h"] == one["h"]
    with sqlite_db.engine.begin() as conn:  # another office: its own key, made the first time it signs
        conn.execute(text("DELETE FROM signing_keys"))
    other = _payload(signing.sign(sqlite_db, fields, curp=curp))
    assert one["k"] != other["k"] and one["h"] != other["h"]  # keyed: the code depends on the office's secret


def test_a_certificate_of_the_older_kind_still_verifies_and_says_its_curp_code_is_recoverable(
        sqlite_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from vetdesk.reports import certificate as certificate_report

    agreement = _completed(sqlite_db)
    doc = documents.certificate_document(sqlite_db, agreement)
    key_id, private = signing.office_key(sqlite_db)
    salt = "1a2b3c4d"
    payload = {"k": key_id, "o": doc.letterhead.chamber_name, "r": doc.reference, "n": doc.apprentice.full_name,
               "h": signing.curp_hash(doc.apprentice.curp, salt), "s": salt, "p": doc.programme.name,
               "c": doc.company.name, "f": doc.start_date.isoformat(), "t": doc.completed_on.isoformat(),
               "i": doc.completed_on.isoformat(), "x": f"{doc.reached}/{doc.total}"}
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    signature = Ed25519PrivateKey.from_private_bytes(private).sign(body)
    old = ".".join([signing.PREFIX, base64.urlsafe_b64encode(body).rstrip(b"=").decode(),
                    base64.urlsafe_b64encode(signature).rstrip(b"=").decode()])
    assert _attack(payload, doc.apprentice.curp) == doc.apprentice.curp  # the flaw: found by trying CURPs
    path = tmp_path / "old.pdf"
    path.write_bytes(certificate_report.build(replace(doc, signed=old), translator("es")))
    capsys.readouterr()
    assert _cli(sqlite_db, "--lang", "en", "verify", str(path), "--curp", doc.apprentice.curp) == 0
    said = capsys.readouterr().err
    assert "Valid certificate" in said and "keeps the CURP as an unkeyed code" in said, said
    assert _cli(sqlite_db, "--lang", "en", "verify", old, "--curp", "XAXX010101HDFRRR01") == 1
