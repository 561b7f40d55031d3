"""A certificate anyone can check: its QR code carries what it certifies, signed with the office's Ed25519 key.

The office's key is created once, the first time a certificate is printed, and kept in the database (so every
backup carries it and every PC of the office signs with the same key). The signed text is compact enough for
a QR code: ``VDC1.<payload>.<signature>`` in base64url, the payload a small JSON object naming the office and
its key, the certificate's reference, the person (by name; the CURP only as a keyed MAC, :func:`curp_mac`), the
programme, the
company, the dates and the competencies proven, and (since certificates of the second kind) ``d``, a digest of
what the certificate's pages show. ``vetdesk verify`` checks the signature against the office's key and, for a
PDF, that its pages still show exactly what was signed.

The page digest (:func:`page_digest`) is taken over the objects pdfium finds on each page, in order: every text
(its characters, font size, place, colours), path (its points), image (its decoded pixels) and form, except the
signed QR code itself, which is drawn as one image whose pixels must be the QR code of the signed text and counts
only by its place. The certificate is laid out twice: first with a placeholder signed text of the same length
(so the same QR size and layout), whose page digest goes into the payload that is then signed and printed. A white
box with a new name over the old one, an added image, an edited content stream or another certificate's QR code
all change what pdfium finds, and are refused. Certificates printed before (no ``d``) are still checked as they
were, by the signed name, reference and programme appearing on the page, and said to be of the older kind.

The CURP: an 18-character CURP has a known structure (letters of the names, the birth date, the sex, the state, a
check digit), so with the name and birth date printed on the certificate only a few thousand CURPs remain, and any
unkeyed hash of it (even salted, the salt being in the QR code) is found by trying them all. Certificates carry
instead ``h`` = HMAC-SHA256 of the CURP under a key only the office holds (``"m": 2``): derived from its signing
key's private half, which is created once, kept in the database and carried by every backup, so checking a CURP
(``vetdesk verify --curp``) needs the office's database, as it should. Certificates printed before carry a salted
SHA-256 (``s``, no ``m``): still verified, their CURP still checked, and said to be of the older kind.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vetdesk.domain.normalize import fold
from vetdesk.domain.problems import RuleViolation, error
from vetdesk.i18n import N_, _
from vetdesk.services.uow import SYSTEM, Actor, reading, unit_of_work, utcnow
from vetdesk.storage.engine import Database
from vetdesk.storage.models import SigningKey

PREFIX = "VDC1"
#: The document titles of the certificates vetdesk signs (the completion certificate's, the final certificate's):
#: the PDF's metadata, which a file list, a mail program and a PDF reader's window show before the page does.
#: ``vetdesk verify`` finds the title built from the signed reference and name in one of these, in one of
#: vetdesk's languages, and refuses any other (a changed name in the title).
CERTIFICATE_TITLES = (N_("Completion certificate {reference} – {name}"), N_("Final certificate {reference} – {name}"))


@dataclass(frozen=True)
class Verified:
    """What a valid signature says."""

    office: str
    key_id: str
    reference: str
    name: str
    curp_hash: str
    #: The salt of a certificate whose CURP is an unkeyed, salted hash (the older kind); empty for a keyed MAC.
    salt: str
    programme: str
    company: str
    start: str
    end: str
    issued: str
    competencies: str
    digest: str = ""  # the pages' digest; empty for a certificate of the older kind

    @property
    def older_kind(self) -> bool:
        """Printed before certificates carried their pages' digest: only the signed text is bound."""
        return not self.digest

    @property
    def curp_recoverable(self) -> bool:
        """Its CURP is a salted, unkeyed hash (printed before the keyed MAC): anyone can find it by trying CURPs."""
        return bool(self.salt)


def curp_hash(curp: str, salt: str) -> str:
    """The CURP as certificates of the older kind carry it: a salted SHA-256 (the first 32 hex digits). Kept to
    check them; recoverable by trying the few CURPs a name and birth date leave, so no longer written."""
    return hashlib.sha256(f"{salt}:{curp.strip().upper()}".encode()).hexdigest()[:32]


#: What the MAC key is derived for (another use of the signing key would derive another key).
_CURP_KEY_LABEL = b"vetdesk certificate CURP MAC v2"


def curp_mac(private_key: bytes, curp: str) -> str:
    """The CURP as a certificate carries it: HMAC-SHA256 (first 32 hex digits) under a key derived from the office's
    private signing key, so that no one without the office's database can test a CURP against it."""
    key = hmac.new(private_key, _CURP_KEY_LABEL, hashlib.sha256).digest()
    return hmac.new(key, curp.strip().upper().encode(), hashlib.sha256).hexdigest()[:32]


def issued_to(db: Database, found: Verified, curp: str) -> bool:
    """Was the verified certificate issued to this CURP? (The office's key checks a keyed MAC: a certificate of
    another office is refused before this.)"""
    if found.salt:
        return hmac.compare_digest(curp_hash(curp, found.salt), found.curp_hash)
    with reading(db) as session:
        row = session.scalars(select(SigningKey).where(SigningKey.key_id == found.key_id)).first()
        if row is None:
            return False
        return hmac.compare_digest(curp_mac(row.private_key, curp), found.curp_hash)


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


DIGEST_PLACEHOLDER = "0" * 32


def sign(db: Database, fields: dict[str, str], *, curp: str, actor: Actor = SYSTEM,
         digest: str | None = None) -> str:
    """The signed text of a certificate with these fields (office, reference, name, programme, company, start,
    end, issued, competencies); the CURP goes in only as the office's keyed MAC (:func:`curp_mac`, ``"m": 2``).
    ``digest`` is the pages' digest (:func:`page_digest`, 32 hex digits; :data:`DIGEST_PLACEHOLDER` for the first
    layout), left out by the certificates that do not bind their pages."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key_id, private = office_key(db, actor=actor)
    payload: dict[str, object] = {
        "k": key_id, "o": fields["office"], "r": fields["reference"], "n": fields["name"],
        "h": curp_mac(private, curp), "m": 2, "p": fields["programme"], "c": fields["company"],
        "f": fields["start"], "t": fields["end"], "i": fields["issued"], "x": fields["competencies"]}
    if digest is not None:
        payload["d"] = digest
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
                    name=str(payload["n"]), curp_hash=str(payload["h"]),
                    salt="" if payload.get("m") == 2 else str(payload.get("s") or ""),
                    programme=str(payload["p"]), company=str(payload["c"]), start=str(payload["f"]),
                    end=str(payload["t"]), issued=str(payload["i"]), competencies=str(payload["x"]),
                    digest=str(payload.get("d") or ""))


def page_digest(pdf: bytes, signed: str, *, blank: bool = False) -> tuple[str, int]:
    """The digest of what the PDF's pages show (32 hex digits) and how many times the QR code of ``signed``
    appears on them as an image (that image counted only by its place and size). ``blank``: the first layout's
    light square of the QR code's size stands for it (services.qr.qr_bitmap)."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    from vetdesk.services.qr import qr_bitmap

    side, pixels = qr_bitmap(signed, blank=blank)
    digest = hashlib.sha256()
    found = 0

    def number(value: float) -> str:
        return f"{value:.2f}"

    document = pdfium.PdfDocument(pdf)
    try:
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            digest.update(("page " + " ".join(number(v) for v in page.get_size())).encode())
            for obj in page.get_objects(max_depth=16):
                record = [str(obj.type), str(obj.level)] + [number(v) for v in obj.get_bounds()]
                record += [number(v) for v in obj.get_matrix().get()]
                colour = [ctypes.c_uint() for _ in range(4)]
                for getter in (raw.FPDFPageObj_GetFillColor, raw.FPDFPageObj_GetStrokeColor):
                    if getter(obj.raw, *(ctypes.byref(c) for c in colour)):
                        record += [str(c.value) for c in colour]
                if obj.type == raw.FPDF_PAGEOBJ_TEXT:
                    size = ctypes.c_float()
                    raw.FPDFTextObj_GetFontSize(obj.raw, ctypes.byref(size))
                    length = raw.FPDFTextObj_GetText(obj.raw, textpage.raw, None, 0)
                    buffer = ctypes.create_string_buffer(length)
                    raw.FPDFTextObj_GetText(obj.raw, textpage.raw, ctypes.cast(buffer, ctypes.POINTER(
                        raw.FPDF_WCHAR)), length)
                    record += [number(size.value), buffer.raw.decode("utf-16-le", "replace")]
                elif obj.type == raw.FPDF_PAGEOBJ_IMAGE:
                    data = bytes(obj.get_data(decode_simple=True))  # type: ignore[attr-defined]
                    if tuple(obj.get_px_size()) == (side, side) and data == pixels:  # type: ignore[attr-defined]
                        found += 1
                        record.append("the signed QR code")
                    else:
                        record += [str(v) for v in obj.get_px_size()]  # type: ignore[attr-defined]
                        record.append(hashlib.sha256(data).hexdigest())
                elif obj.type == raw.FPDF_PAGEOBJ_PATH:
                    mode, stroke = ctypes.c_int(), ctypes.c_int()
                    raw.FPDFPath_GetDrawMode(obj.raw, ctypes.byref(mode), ctypes.byref(stroke))
                    record += [str(mode.value), str(stroke.value)]
                    x, y = ctypes.c_float(), ctypes.c_float()
                    for i in range(raw.FPDFPath_CountSegments(obj.raw)):
                        segment = raw.FPDFPath_GetPathSegment(obj.raw, i)
                        raw.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
                        record += [str(raw.FPDFPathSegment_GetType(segment)), number(x.value), number(y.value),
                                   str(raw.FPDFPathSegment_GetClose(segment))]
                digest.update(("\x1e" + "\x1f".join(record)).encode("utf-8"))
            textpage.close()
            page.close()
    finally:
        document.close()
    return digest.hexdigest()[:32], found


def verify_pdf(db: Database, pdf: bytes) -> Verified:
    """Check a printed certificate's PDF: its signed text (kept in the PDF as the QR code's text) must carry the
    office's signature, and its pages must still say what was signed (a changed name is refused)."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as exc:
        raise _refused(_("This file is not a PDF vetdesk can read."), "verify.pdf") from exc
    try:
        properties = {key: " ".join(str(value or "").split())
                      for key, value in document.get_metadata_dict().items()}
        keywords = properties.get("Keywords", "")
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
    _check_properties(found, properties)
    if not found.older_kind:
        digest, qr_codes = page_digest(pdf, signed)
        if qr_codes != 1:
            raise _refused(_("The certificate was changed after it was signed: its QR code is not the one the "
                             "office signed for it (it was replaced or removed). Ask the office for a new copy."),
                           "verify.altered")
        if digest != found.digest:
            raise _refused(_("The certificate was changed after it was signed: something was added to, removed "
                             "from or changed on its pages. The office signed it for {name} ({reference}). Ask "
                             "the office for a new copy.").format(name=found.name, reference=found.reference),
                           "verify.altered")
        return found
    folded = fold(page_text)
    for label, value in ((_("the name"), found.name), (_("the reference"), found.reference),
                         (_("the programme"), found.programme)):
        if fold(" ".join(value.split())) not in folded:
            raise _refused(_("The signature is valid, but the page no longer shows {what} it was issued with "
                             "({value}): the certificate's text was altered.").format(what=label, value=value),
                           "verify.altered")
    return found


def certificate_titles(reference: str, name: str) -> set[str]:
    """Every title a certificate signed for this reference and name may carry: each kind's, in each of
    vetdesk's languages (the certificate is printed in one of them)."""
    from vetdesk import i18n

    return {" ".join(i18n.translator(locale).gettext(title).format(reference=reference, name=name).split())
            for title in CERTIFICATE_TITLES for locale in i18n.LANGUAGES.values()}


def _check_properties(found: Verified, properties: dict[str, str]) -> None:
    """The PDF's document properties say what was signed: its title the certificate's title for the signed
    reference and name (:func:`certificate_titles`), its author the signing office, its subject the programme.
    A changed one (the apprentice's name in the title, which a file list or a mail shows first) is refused."""
    title = properties.get("Title", "")
    name = " ".join(found.name.split())
    # The words before the reference name the kind of certificate in the language it was printed in: a later
    # wording of the catalogues must not refuse a certificate printed before it, so the signed reference and name
    # that end every title are what must be there.
    if title not in certificate_titles(found.reference, name) and not title.endswith(f"{found.reference} – {name}"):
        raise _refused(_("The certificate was changed after it was signed: its document title (which a PDF reader "
                         "and a file list show) reads \u201c{title}\u201d, not the title the office signed for "
                         "{name} ({reference}). Ask the office for a new copy.").format(
                             title=title, name=found.name, reference=found.reference), "verify.altered")
    if properties.get("Author", "") != " ".join(found.office.split()) or \
            properties.get("Subject", "") != " ".join(found.programme.split()):
        raise _refused(_("The certificate was changed after it was signed: its document properties no longer name "
                         "the office ({office}) and the programme ({programme}) it was signed with. Ask the office "
                         "for a new copy.").format(office=found.office, programme=found.programme),
                       "verify.altered")
