"""Open Badges 3.0: an achievement an apprentice can show anywhere, as a signed W3C Verifiable Credential.

A badge is an ``OpenBadgeCredential`` (VC data model v2, JSON-LD, 1EdTech's context 3.0.3) for a completed
programme (the final exam passed: ``ApprenticeshipCertificate``), a passed exam part (``Assessment``) or a
recognised competency (``Competency``). The office is the issuer; the apprentice is identified by a salted
SHA-256 of the CURP (``IdentityObject``, as the specification describes), never the CURP in clear, and by name
only when the office chooses to include it. The credential is signed as a JSON Web Token (VC-JOSE-COSE,
``typ: vc+jwt``) with the office's Ed25519 key (``services.signing``, the key the certificates' QR codes use):
``vetdesk verify FILE`` checks it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from vetdesk.domain.problems import RuleViolation, error
from vetdesk.i18n import _, translator
from vetdesk.services import exams, signing
from vetdesk.services.outputs import write_atomically
from vetdesk.services.uow import SYSTEM, Actor, acting, authorize
from vetdesk.storage.engine import Database

CONTEXTS = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
MEDIA_TYPE = "vc+jwt"
#: Where an achievement's identifier lives when the office has no web address of its own.
URN = "urn:vetdesk"


def identity_hash(identity: str, salt: str) -> str:
    """The OB 3.0 hashed identity: ``sha256$`` and the hex SHA-256 of the identity followed by the salt."""
    return "sha256$" + hashlib.sha256((identity.strip().upper() + salt).encode("utf-8")).hexdigest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class Options:
    """What the office chooses to put in a badge."""

    include_name: bool = False
    #: The ISCED 2011 level to align the achievement to (e.g. "35", upper-secondary vocational), if any.
    isced_level: str | None = None
    language: str = "es_MX"


def credential(db: Database, agreement_id: int, *, options: Options = Options(), today: date | None = None,
               actor: Actor = SYSTEM) -> dict[str, Any]:
    """The unsigned ``OpenBadgeCredential`` for a programme completed with the final exam passed."""
    who = acting(db, actor)
    authorize(who, "print")
    found = exams.results(db, agreement_id, actor=who)
    if found.final is None or not found.final.passed:
        raise RuleViolation([error("agreement", _(
            "{name} has not passed the final exam of {programme}; a badge for the programme is exported only "
            "after a pass.").format(name=found.full_name, programme=found.programme), "badge.not_passed")])
    key_id, _private = signing.office_key(db, actor=who)
    with_head = exams.final_certificate(db, agreement_id, today=today, actor=who)
    t = translator(options.language)
    salt = secrets.token_hex(8)
    identifiers: list[dict[str, Any]] = [{
        "type": "IdentityObject", "identityType": "nationalIdentityNumber", "hashed": True,
        "identityHash": identity_hash(found.curp, salt), "salt": salt}]
    if options.include_name:
        identifiers.append({"type": "IdentityObject", "identityType": "name", "hashed": False,
                            "identityHash": found.full_name})
    alignments: list[dict[str, Any]] = []
    if options.isced_level:
        alignments.append({"type": ["Alignment"], "targetName": f"ISCED 2011 level {options.isced_level}",
                           "targetCode": options.isced_level, "targetFramework": "ISCED 2011",
                           "targetUrl": "https://uis.unesco.org/en/topic/international-standard-classification-"
                                        "education-isced"})
    for standard, verdict, _on, _number in found.conocer:
        if verdict == "competent":
            alignments.append({"type": ["Alignment"], "targetName": standard, "targetCode": standard,
                               "targetFramework": "CONOCER", "targetType": "ceasn:Competency",
                               "targetUrl": "https://conocer.gob.mx/"})
    issued = datetime.combine(today or date.today(), time(0), tzinfo=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    name = t.gettext("Apprenticeship certificate: {programme}").format(programme=found.programme)
    achievement: dict[str, Any] = {
        "id": f"{URN}:{key_id}:programme:{found.programme_code}",
        "type": ["Achievement"],
        "achievementType": "ApprenticeshipCertificate",
        "name": name,
        "description": t.gettext("Dual training in {programme} completed with the chamber's final exam passed.")
        .format(programme=found.programme),
        "criteria": {"narrative": t.gettext("Pass the chamber's final exam (Part 1 and Part 2 on the 100-point "
                                            "scale) after the training term at a company.")},
    }
    if alignments:
        achievement["alignment"] = alignments
    return {
        "@context": list(CONTEXTS),
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": f"{URN}:office:{key_id}", "type": ["Profile"], "name": with_head.letterhead.chamber_name},
        "validFrom": issued,
        "name": name,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": identifiers,
            "achievement": achievement,
        },
    }


def sign(db: Database, vc: dict[str, Any], *, actor: Actor = SYSTEM) -> str:
    """The credential as a compact JWS (VC-JOSE-COSE): header ``alg EdDSA``, ``typ vc+jwt``, the key's id."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key_id, private = signing.office_key(db, actor=acting(db, actor))
    header = {"alg": "EdDSA", "typ": MEDIA_TYPE, "cty": "vc", "kid": f"{URN}:office:{key_id}#{key_id}"}
    signing_input = (_b64(json.dumps(header, separators=(",", ":")).encode()) + "."
                     + _b64(json.dumps(vc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")))
    signature = Ed25519PrivateKey.from_private_bytes(private).sign(signing_input.encode("ascii"))
    return signing_input + "." + _b64(signature)


def _refused(message: str, code: str) -> RuleViolation:
    return RuleViolation([error("badge", message, code)])


def looks_like_badge(text: str) -> bool:
    parts = text.strip().split(".")
    return len(parts) == 3 and parts[0].startswith("eyJ")


def issued_to(credential: dict[str, Any], curp: str) -> bool:
    """Whether a verified badge was issued to this CURP: its hashed national identity matches it."""
    subject = credential.get("credentialSubject") or {}
    for found in subject.get("identifier") or []:
        if (isinstance(found, dict) and found.get("identityType") == "nationalIdentityNumber" and found.get("hashed")
                and isinstance(found.get("salt"), str)
                and hmac.compare_digest(str(found.get("identityHash")), identity_hash(curp, found["salt"]))):
            return True
    return False


def verify(db: Database, token: str) -> dict[str, Any]:
    """The credential a badge carries, after checking that this office's key signed exactly it."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    parts = token.strip().split(".")
    try:
        header = json.loads(_unb64(parts[0]))
        payload: dict[str, Any] = json.loads(_unb64(parts[1]).decode("utf-8"))
        signature = _unb64(parts[2])
    except (ValueError, IndexError, UnicodeDecodeError) as exc:
        raise _refused(_("The badge is damaged; it cannot be read."), "verify.format") from exc
    if not isinstance(header, dict) or header.get("alg") != "EdDSA" or header.get("typ") != MEDIA_TYPE:
        raise _refused(_("This is not a badge vetdesk signed (a vc+jwt signed with EdDSA)."), "verify.format")
    key_id = str(header.get("kid", "")).rpartition("#")[2]
    public = signing.public_keys(db).get(key_id)
    if public is None:
        raise _refused(_("The badge was signed with key {key}, which is not this office's. Ask the issuer to "
                         "verify it.").format(key=key_id), "verify.key")
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, (parts[0] + "." + parts[1]).encode("ascii"))
    except InvalidSignature as exc:
        raise _refused(_("The signature does not match: the badge was altered after it was issued, or was not "
                         "issued by this office."), "verify.signature") from exc
    if "OpenBadgeCredential" not in payload.get("type", []):
        raise _refused(_("The signature is valid, but the file is not an Open Badge."), "verify.type")
    return payload


@dataclass(frozen=True)
class Exported:
    agreement_id: int
    path: Path


def export_programme(db: Database, programme_id: int, folder: str | Path, *, options: Options = Options(),
                     today: date | None = None, actor: Actor = SYSTEM) -> list[Exported]:
    """A badge for every apprentice of a programme who passed the final exam, one ``.jwt`` file each."""
    who = acting(db, actor)
    out: list[Exported] = []
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    for agreement_id in exams.passed_agreements(db, programme_id, actor=who):
        token = sign(db, credential(db, agreement_id, options=options, today=today, actor=who), actor=who)
        def write(p: Path, text: str = token) -> None:
            p.write_text(text, encoding="ascii")

        path = write_atomically(target / f"badge-{agreement_id:06d}.jwt", write)
        out.append(Exported(agreement_id, Path(path)))
    return out
