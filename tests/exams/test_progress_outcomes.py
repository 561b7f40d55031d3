"""Exam results, CONOCER verdicts and the school's certificate belong to the apprentice: listed under the
apprentice's record (what the form shows) and on the progress report, in the document's language."""

from __future__ import annotations

import io
from datetime import timedelta

from pypdf import PdfReader

from tests.exams.pipeline import passed_apprentice
from tests.factories import TODAY, make_programme
from vetdesk import i18n
from vetdesk.i18n import translator
from vetdesk.reports import render
from vetdesk.services import belongings, records


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages).split())


def _apprentice_with_outcomes(db) -> int:  # type: ignore[no-untyped-def]
    agreement = passed_apprentice(db, make_programme(db))
    apprentice = records.get(db, "agreements", agreement)["apprentice_id"]
    records.create(db, "conocer_verdicts", {"apprentice_id": apprentice, "standard": "EC0123",
                                            "verdict": "competent", "certificate_number": "CNC-4711",
                                            "assessed_on": (TODAY - timedelta(days=10)).isoformat()})
    records.create(db, "school_certificates", {"apprentice_id": apprentice, "number": "SC-9", "average": "9.25",
                                               "issued_on": (TODAY - timedelta(days=5)).isoformat()})
    return apprentice


def test_the_apprentices_record_lists_exams_verdicts_and_certificates(db) -> None:  # type: ignore[no-untyped-def]
    i18n.set_language("es")
    apprentice = _apprentice_with_outcomes(db)
    found = belongings.outcomes_of_apprentice(db, apprentice)
    kinds = [b.kind for b in found]
    assert sorted(kinds) == ["conocer_verdicts", "exam_registrations", "exam_registrations", "school_certificates"]
    part2 = next(b for b in found if b.kind == "exam_registrations" and "Parte 2" in b.text)
    # 85 written x 40 % + 95 practical x 60 % = 91.0: good (2), one tenth below very good.
    assert "91.0 puntos, calificación 2 (bueno)" in part2.text and "aprobado" in part2.text, part2.text
    verdict = next(b for b in found if b.kind == "conocer_verdicts")
    assert "EC0123" in verdict.text and "competente" in verdict.text and "CNC-4711" in verdict.text
    assert found[0].on is not None and found[0].on >= found[-1].on  # newest first


def test_the_progress_report_shows_them_in_the_documents_language(db) -> None:  # type: ignore[no-untyped-def]
    apprentice = _apprentice_with_outcomes(db)
    for lang, words in (("es", ("Exámenes y certificados", "2 (bueno)", "competente", "9.25")),
                        ("de", ("Prüfungen und Zeugnisse", "2 (gut)", "kompetent", "9,25"))):
        text = _text(render.progress_pdf(db, apprentice_id=apprentice, lang=lang))
        t = translator(lang)
        for word in words:
            assert word in text, (lang, word, text[-1500:])
        assert t.gettext("Final result") in text and "EC0123" in text and "SC-9" in text


def test_the_result_letter_closes_with_place_date_greeting_and_the_offices_signature(db) -> None:  # type: ignore[no-untyped-def]
    from vetdesk.reports.exam_documents import result_letter_pdf
    from vetdesk.services.documents import letterhead
    from vetdesk.services.uow import reading

    agreement = passed_apprentice(db, make_programme(db))
    with reading(db) as session:
        head = letterhead(session)
    for lang, greeting in (("es", "Atentamente,"), ("de", "Mit freundlichen Grüßen")):
        text = _text(result_letter_pdf(db, agreement, lang=lang, today=TODAY))
        day = translator(lang).format_date(TODAY, "long")
        assert greeting in text and day in text, (lang, text[-400:])
        # the greeting comes after the results, and the office signs below it
        assert text.index(greeting) > text.index(translator(lang).gettext("Exam results"))
        closing = text[text.index(greeting):]
        assert head.chamber_name.split()[0] in closing and translator(lang).gettext("For the chamber office") in closing
