"""The office's logo is stored in the database (not as a path on one PC), checked before it is taken."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from vetdesk.domain.problems import RuleViolation
from vetdesk.services.settings import LOGO_MAX_BYTES, logo_image, office_settings, save_office_settings
from vetdesk.storage.models import AuditEntry


def _picture(path: Path, fmt: str = "PNG") -> Path:
    Image.new("RGB", (60, 30), (30, 60, 160)).save(path, fmt)
    return path


@pytest.mark.parametrize(("name", "fmt", "kind"), [("logo.png", "PNG", "image/png"),
                                                   ("logo.jpg", "JPEG", "image/jpeg")])
def test_a_chosen_picture_is_stored_itself(db, tmp_path: Path, name: str, fmt: str, kind: str) -> None:  # type: ignore[no-untyped-def]
    path = _picture(tmp_path / name, fmt)
    save_office_settings(db, {"chamber_logo": str(path)})
    stored = office_settings(db)["chamber_logo"]
    assert stored.startswith(f"data:{kind};base64,")
    assert logo_image(stored) == path.read_bytes()
    with Image.open(io.BytesIO(logo_image(stored) or b"")) as back:
        assert back.size == (60, 30)
    # the audit trail names the change without copying the picture into it
    with db.reader() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.kind == "settings")
                                .order_by(AuditEntry.id.desc())).first()
    assert entry is not None and "base64" not in str(entry.changes) and "KB" in str(entry.changes)
    # saving the stored value again (a dialog that did not touch the logo) keeps it as it is
    save_office_settings(db, {"chamber_logo": stored, "chamber_place": "Puebla"})
    assert office_settings(db)["chamber_logo"] == stored
    save_office_settings(db, {"chamber_logo": ""})  # removed: printouts carry the placeholder
    assert logo_image(office_settings(db)["chamber_logo"]) is None


@pytest.mark.parametrize(("content", "code"), [
    (None, "logo.missing"), (b"hello, not a picture", "logo.format"),
    (b"\x89PNG\r\n\x1a\n" + b"broken", "logo.format"), (b"\x89PNG" + b"0" * (LOGO_MAX_BYTES + 1), "logo.size"),
])
def test_refused_logos_name_the_field_and_change_nothing(sqlite_db, tmp_path: Path, content: bytes | None,  # type: ignore[no-untyped-def]
                                                         code: str) -> None:
    path = tmp_path / "logo.png"
    if content is not None:
        path.write_bytes(content)
    before = office_settings(sqlite_db)
    with pytest.raises(RuleViolation) as refused:
        save_office_settings(sqlite_db, {"chamber_logo": str(path), "chamber_name": "Otra cámara"})
    assert [(p.field, p.code) for p in refused.value.problems] == [("chamber_logo", code)]
    assert refused.value.problems[0].message
    assert office_settings(sqlite_db) == before


def test_the_chamber_name_may_not_be_emptied(db) -> None:  # type: ignore[no-untyped-def]
    """The rule lives in the service: the settings dialog, the welcome page and any caller get it."""
    before = office_settings(db)
    with pytest.raises(RuleViolation) as refused:
        save_office_settings(db, {"chamber_name": "   ", "instructor_capacity": 9})
    assert [(p.field, p.code) for p in refused.value.problems] == [("chamber_name", "chamber_name.missing")]
    assert office_settings(db) == before
