"""Files stored with a learning agreement or a collaboration agreement, e.g. the scanned signed copy (PDF or
image)."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

from sqlalchemy import select

from vetdesk.domain.problems import RuleViolation, error
from vetdesk.i18n import _
from vetdesk.services.uow import SYSTEM, Actor, reading, unit_of_work, utcnow
from vetdesk.storage.engine import Database
from vetdesk.storage.models import Attachment, CollaborationAgreement, LearningAgreement

#: Scans larger than this are refused (a signed contract scanned at 300 dpi is a few MB).
MAX_BYTES = 25 * 1024 * 1024
MEDIA_TYPES = {".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".tif": "image/tiff", ".tiff": "image/tiff", ".webp": "image/webp"}


#: How each kind of file begins (its signature): a file whose content is not what its name says is refused,
#: so a renamed document, a truncated download or a 1-byte placeholder never stands as the signed copy.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/tiff": (b"II*\x00", b"MM\x00*"),
    "image/webp": (b"RIFF",),
}


def content_matches(media_type: str, content: bytes) -> bool:
    """Whether ``content`` begins as a file of ``media_type`` does (a PDF may carry a few bytes before its
    header, as some scanners write)."""
    if media_type == "application/pdf":
        return b"%PDF-" in content[:1024]
    if media_type == "image/webp":
        return content.startswith(b"RIFF") and content[8:12] == b"WEBP"
    return content.startswith(SIGNATURES.get(media_type, (b"",)))


def media_type_of(filename: str) -> str | None:
    suffix = Path(filename).suffix.lower()
    return MEDIA_TYPES.get(suffix) or (mimetypes.guess_type(filename)[0] if suffix in MEDIA_TYPES else None)


def attach(db: Database, *, agreement_id: int | None = None, collaboration_id: int | None = None, filename: str,
           content: bytes, actor: Actor = SYSTEM) -> int:
    """Store ``content`` with the learning agreement (or the collaboration agreement); returns the attachment's
    id. One unit of work, audited on the agreement it belongs to."""
    if (agreement_id is None) == (collaboration_id is None):
        raise ValueError("attach to a learning agreement or a collaboration agreement")
    media_type = media_type_of(filename)
    if media_type is None:
        raise RuleViolation([error("file", _("{name} is neither a PDF nor an image. Scan the signed copy as "
                                             "PDF, PNG, JPEG or TIFF.").format(name=filename),
                                   "attachment.type")])
    if not content:
        raise RuleViolation([error("file", _("{name} is empty. Choose the scanned file again.")
                                   .format(name=filename), "attachment.empty")])
    if not content_matches(media_type, content):
        raise RuleViolation([error("file", _("{name} is not a readable {kind} file: its content does not begin as "
                                             "one does (renamed, damaged or incomplete). Scan or save the signed "
                                             "copy again and attach that file.").format(
            name=filename, kind=Path(filename).suffix.lstrip(".").upper()), "attachment.content")])
    if len(content) > MAX_BYTES:
        raise RuleViolation([error("file", _("{name} is larger than {mb} MB. Scan it at a lower resolution.")
                                   .format(name=filename, mb=MAX_BYTES // (1024 * 1024)), "attachment.size")])
    with unit_of_work(db, _("Attach a file to an agreement"), actor) as uow:
        if agreement_id is not None and uow.session.get(LearningAgreement, agreement_id) is None:
            raise RuleViolation([error("agreement_id", _("There is no learning agreement with id {id}.")
                                       .format(id=agreement_id), "record.missing")])
        if collaboration_id is not None and uow.session.get(CollaborationAgreement, collaboration_id) is None:
            raise RuleViolation([error("collaboration_id", _("There is no collaboration agreement with id {id}.")
                                       .format(id=collaboration_id), "record.missing")])
        row = Attachment(agreement_id=agreement_id, collaboration_id=collaboration_id,
                         filename=Path(filename).name[:250], media_type=media_type, content=content,
                         added_at=utcnow())
        uow.session.add(row)
        uow.session.flush()
        kind, record_id = ("agreements", agreement_id) if agreement_id is not None else ("collaborations",
                                                                                          collaboration_id)
        uow.audit(kind=kind, record_id=record_id, action="attach",
                  after={"attachment_id": row.id, "filename": row.filename, "media_type": media_type,
                         "bytes": len(content)})
        return row.id


def list_attachments(db: Database, agreement_id: int | None = None, *,
                     collaboration_id: int | None = None) -> list[dict[str, Any]]:
    """The agreement's (or collaboration agreement's) files without their content, oldest first (an agreement
    outside the user's scope is not found)."""
    _readable_owner(db, agreement_id, collaboration_id)
    owner = Attachment.agreement_id == agreement_id if agreement_id is not None else \
        Attachment.collaboration_id == collaboration_id
    with reading(db) as session:
        rows = session.execute(select(Attachment.id, Attachment.filename, Attachment.media_type,
                                      Attachment.added_at)
                               .where(owner).order_by(Attachment.id)).all()
        return [{"id": r.id, "filename": r.filename, "media_type": r.media_type, "added_at": r.added_at}
                for r in rows]


def read_attachment(db: Database, attachment_id: int) -> tuple[str, str, bytes]:
    """(filename, media type, content) of one attachment."""
    with reading(db) as session:
        row = session.get(Attachment, attachment_id)
        if row is None:
            raise RuleViolation([error("attachment", _("There is no attachment with id {id}.")
                                       .format(id=attachment_id), "record.missing")])
        owner = row.agreement_id, row.collaboration_id
        found = row.filename, row.media_type, bytes(row.content)
    try:
        _readable_owner(db, *owner)
    except RuleViolation:  # out of scope: as if it did not exist
        raise RuleViolation([error("attachment", _("There is no attachment with id {id}.")
                                   .format(id=attachment_id), "record.missing")]) from None
    return found


def of_agreements(db: Database, agreement_ids: list[int]) -> list[dict[str, Any]]:
    """The files of several agreements (the user's scope applies), oldest first, each with its agreement_id."""
    from vetdesk.services import records

    readable = sorted(records.get_many(db, "agreements", agreement_ids)) if agreement_ids else []
    if not readable:
        return []
    with reading(db) as session:
        rows = session.execute(select(Attachment.id, Attachment.agreement_id, Attachment.filename,
                                      Attachment.media_type, Attachment.added_at)
                               .where(Attachment.agreement_id.in_(readable)).order_by(Attachment.id)).all()
    return [{"id": r.id, "agreement_id": r.agreement_id, "filename": r.filename, "media_type": r.media_type,
             "added_at": r.added_at} for r in rows]


def _readable_owner(db: Database, agreement_id: int | None, collaboration_id: int | None) -> None:
    """Refuse (as not found) an owner the signed-in user may not read: the scope is the core's."""
    from vetdesk.services import records

    if agreement_id is not None:
        records.get(db, "agreements", agreement_id)
    elif collaboration_id is not None:
        records.get(db, "collaborations", collaboration_id)
