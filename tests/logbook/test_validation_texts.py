"""The exchange workbook's data validations fit what a spreadsheet program holds (issue 25, a new user's trial: the
German refusal of a minor's hours was cut at 255 characters in mid-word). Excel keeps at most 32 characters of a
prompt's or an error's title and 255 of its message, and refuses a file with longer ones; every validation of the
workbook, in each of the four languages, fits whole (a complete sentence, not a cut one)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest

import tests.factories as f
from tests.logbook.conftest import OFFICER, START
from vetdesk.services import exchange


def _minors(db) -> int:  # type: ignore[no-untyped-def]
    """An instructor with three minors: 15 under the Federal Labour Law's limit (its long words), 16 under the
    agreement's own hours, 17 under an AHK contract citing JArbSchG."""
    from vetdesk.services.settings import save_office_settings

    save_office_settings(db, {"logbook_kept_since": (START - timedelta(weeks=10)).isoformat()})
    company = f.make_company(db)
    instructor = f.make_instructor(db, company_id=company, name="Ing. Iván Robles")
    for templates, age, daily in (("mmfd", 15, "6"), ("both", 16, "5"), ("bbig", 17, "8")):
        apprentice = f.make_apprentice(db, birth_date=date(START.year - age, START.month, 1))
        agreement = f.make_agreement(db, company_id=company, instructor_id=instructor,
                                     programme_id=f.make_programme(db, templates=templates), apprentice_id=apprentice,
                                     start_date=START, end_date=START + timedelta(days=364), daily_hours=daily)
        f.activate(db, agreement)
    return instructor


@pytest.mark.parametrize("language", ["es", "en", "de", "pt"])
def test_every_validation_s_title_and_message_fit_whole(  # type: ignore[no-untyped-def]
        db, tmp_path: Path, language: str) -> None:
    instructor = _minors(db)
    path = exchange.export_workbook(db.as_user(OFFICER), tmp_path / f"{language}.xlsx", instructor_id=instructor,
                                    language=language).path
    texts: list[tuple[str, str]] = []
    for sheet in openpyxl.load_workbook(path).worksheets:
        for dv in sheet.data_validations.dataValidation:
            texts += [(name, str(getattr(dv, name) or ""))
                      for name in ("errorTitle", "error", "promptTitle", "prompt")]
    limited = [text for name, text in texts if name == "error" and any(f" {age} " in text for age in (15, 16, 17))]
    assert len(limited) >= 3, texts  # the three minors' weeks are limited, each with its words
    for name, text in texts:
        most = exchange.DV_TITLE if name.endswith("Title") else exchange.DV_MESSAGE
        assert len(text) <= most, (language, name, len(text), text)
        if name in ("error", "prompt") and text:
            assert text.rstrip().endswith((".", ")", ":", "»", "”")), (language, name, text)  # a whole sentence
