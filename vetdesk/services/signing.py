"""A certificate anyone can check: its QR code carries what it certifies, signed with the office's Ed25519 key.

The office's key is created once, the first time a certificate is printed, and kept in the database (so every
backup carries it and every PC of the office signs with the same key). The signed text is compact enough for
a QR code: ``VDC1.<payload>.<signature>`` in base64url, the payload a small JSON object naming the office and
its key, the certificate's reference, the person (by name; the CURP only as a salted hash), the programme, the
company, the dates and the competencies proven. ``vetdesk verify`` checks the signature against the office's
key and, for a PDF, that the page still says what the signature covers.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vetdesk.domain.normalize import fold
from vetdesk.domain.problems import RuleViolation, error
from vetdesk.i18n import _
from vetdesk.services.uow import SYSTEM, Actor, reading, unit_of_work, utcnow
from vetdesk.storage.engine import Database
from vetdesk.storage.models import SigningKey

PREFIX = "VDC1"


@dataclass(frozen=True)
class Verified:
    """What a valid signature says."""

    office: str
    key_id: str
    reference: str
    name: str
    curp_hash: str
    salt: str
    programme: str
    company: str
    start: str
    end: str
    issued: str
    competencies: str

    def curp_matches(self, curp: str) -> bool:
        return curp_hash(curp, self.salt) == self.curp_hash


def curp_hash(curp: str, salt: str) -> str:
    """The CURP as the certificate carries it: never in clear, a salted SHA-256 (the first 32 hex digits)."""
    return hashlib.sha256(f"{salt}:{curp.strip().upper()}".encode()).hexdigest()[:32]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _key_id(public: bytes) -> str:
    return hashlib.sha256(public).hexdigest()[:16]


def office_key(db: Database, *, actor: Actor = SYSTEM) -> tuple[str, bytes]:
    """The office's signing key (its id and private bytes), created the first time it is needed."""
    with reading(db) as session:
        row = _latest(session)
        if row is not None:
            return row.key_id, row.private_key
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                serialization.NoEncryption())
    public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    with unit_of_work(db, _("Create the office's signing key"), actor, permission="print") as uow:
        if _latest(uow.session) is None:  # another PC may have made it meanwhile
            row = SigningKey(key_id=_key_id(public), private_key=private, public_key=public, created_at=utcnow())
            uow.session.add(row)
            uow.session.flush()
            uow.audit(kind="signing_keys", record_id=row.id, action="create", after={"key_id": row.key_id})
    with reading(db) as session:
        found = _latest(session)
        assert found is not None
        return found.key_id, found.private_key


def _latest(session: Session) -> SigningKey | None:
    return session.scalars(select(SigningKey).order_by(SigningKey.id.desc()).limit(1)).first()


def public_keys(db: Database) -> dict[str, bytes]:
    with reading(db) as session:
        return {row.key_id: row.public_key for row in session.scalars(select(SigningKey))}


def sign(db: Database, fields: dict[str, str], *, curp: str, actor: Actor = SYSTEM) -> str:
    """The signed text of a certificate with these fields (office, reference, name, programme, company, start,
    end, issued, competencies); the CURP goes in only as a salted hash."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key_id, private = office_key(db, actor=actor)
    salt = secrets.token_hex(4)
    payload = {"k": key_id, "o": fields["office"], "r": fields["reference"], "n": fields["name"],
               "h": curp_hash(curp, salt), "s": salt, "p": fields["programme"], "c": fields["company"],
               "f": fields["start"], "t": fields["end"], "i": fields["issued"], "x": fields["competencies"]}
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    signature = Ed25519PrivateKey.from_private_bytes(private).sign(body)
    return f"{PREFIX}.{_b64(body)}.{_b64(signature)}"


def _refused(message: str, code: str) -> RuleViolation:
    return RuleViolation([error("certificate", message, code)])


def verify_text(db: Database, text: str) -> Verified:
    """Check a signed certificate text (as a QR scanner reads it): refused unless the office's key signed
    exactly this text."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    parts = text.strip().split(".")
    if len(parts) != 3 or parts[0] != PREFIX:
        raise _refused(_("This is not a vetdesk certificate's signed text (it starts with {prefix}.)."
                         ).format(prefix=PREFIX), "verify.format")
    try:
        body, signature = _unb64(parts[1]), _unb64(parts[2])
        payload: dict[str, Any] = json.loads(body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise _refused(_("The signed text is damaged; it cannot be read."), "verify.format") from exc
    keys = public_keys(db)
    public = keys.get(str(payload.get("k")))
    if public is None:
        raise _refused(_("The certificate was signed with key {key}, which is not this office's. Ask the office "
                         "named on it ({office}) to verify it.").format(key=payload.get("k"),
                                                                        office=payload.get("o")), "verify.key")
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, body)
    except InvalidSignature as exc:
        raise _refused(_("The signature does not match: the certificate was altered after it was issued, or was "
                         "not issued by this office."), "verify.signature") from exc
    return Verified(office=str(payload["o"]), key_id=str(payload["k"]), reference=str(payload["r"]),
                    name=str(payload["n"]), curp_hash=str(payload["h"]), salt=str(payload["s"]),
                    programme=str(payload["p"]), company=str(payload["c"]), start=str(payload["f"]),
                    end=str(payload["t"]), issued=str(payload["i"]), competencies=str(payload["x"]))


def verify_pdf(db: Database, pdf: bytes) -> Verified:
    """Check a printed certificate's PDF: its signed text (kept in the PDF as the QR code's text) must carry the
    office's signature, and its pages must still say what was signed (a changed name is refused)."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as exc:
        raise _refused(_("This file is not a PDF vetdesk can read."), "verify.pdf") from exc
    try:
        keywords = str(document.get_metadata_dict().get("Keywords") or "")
        texts = []
        for i in range(len(document)):
            page = document[i]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        page_text = " ".join(" ".join(texts).split())
    finally:
        document.close()
    signed = next((w for w in keywords.split() if w.startswith(PREFIX + ".")), "")
    if not signed:
        raise _refused(_("This PDF carries no signed certificate text: it is not a certificate printed by "
                         "vetdesk, or it was re-saved without it."), "verify.unsigned")
    found = verify_text(db, signed)
    folded = fold(page_text)
    for label, value in ((_("the name"), found.name), (_("the reference"), found.reference),
                         (_("the programme"), found.programme)):
        if fold(" ".join(value.split())) not in folded:
            raise _refused(_("The signature is valid, but the page no longer shows {what} it was issued with "
                             "({value}): the certificate's text was altered.").format(what=label, value=value),
                           "verify.altered")
    return found
