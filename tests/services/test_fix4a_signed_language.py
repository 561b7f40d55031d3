"""Trial 4 (fix4a, item 1): an agreement printed for signature in German, in the AHK layout only, and signed kept
that language and layout only until another document of it was printed. An assessment form, a progress report or
an amendment printed from it (logged in its history with their own language and no layout) were read as the
agreement's latest printing: later copies said it was signed in Spanish, printed both layouts and lost the mark of
a translation. The language and layout of record are read from the agreement's own printings for signature only."""

from __future__ import annotations

from datetime import date, timedelta

from tests import factories as f
from vetdesk.services import amendments, documents, records
from vetdesk.services.agreement_sheet import printed_language, printed_layout
from vetdesk.services.office import Office
from vetdesk.storage.plain import SessionReads

TODAY = date.today()


def _of_record(db: Office, agreement_id: int) -> tuple[str | None, str | None]:
    with db.reader() as session:
        reads = SessionReads(session)
        return printed_language(reads, agreement_id), printed_layout(reads, agreement_id)


def test_other_documents_and_copies_do_not_change_the_language_and_layout_signed(db: Office) -> None:
    agreement = f.make_agreement(db, start_date=TODAY)
    reference = records.get(db, "agreements", agreement)["reference"]
    # Printed for signature in Spanish (both layouts), then again in German in the AHK layout only: that one is signed.
    records.print_for_signature(db, [agreement], language="es_MX", template="both")
    records.print_for_signature(db, [agreement], language="de", template="bbig")
    records.update(db, "agreements", agreement, {"status": "signed"} | f.signature_values(db, agreement),
                   accept_warnings=True)
    assert _of_record(db, agreement) == ("de", "bbig")
    # A copy in Spanish (a translation), a copy in German: neither is a printing for signature.
    records.print_for_signature(db, [agreement], language="es_MX")
    records.print_for_signature(db, [agreement], language="de")
    assert _of_record(db, agreement) == ("de", "bbig")
    # Other documents of the agreement, as the window and the command line record them.
    documents.record_printings(db, [reference], "form", "es_MX")
    documents.record_printings(db, [reference], "progress", "es_MX")
    assert _of_record(db, agreement) == ("de", "bbig")
    end = records.get(db, "agreements", agreement)["end_date"] + timedelta(weeks=2)
    amendments.record_amendment(db, agreement, {"reason": "Paro técnico", "end_date": end.isoformat()},
                                accept_warnings=True)
    amendments.printed(db, agreement, language="en")
    amendments.printed(db, agreement, language="es_MX")
    records.update(db, "agreements", agreement, {"status": "active"}, accept_warnings=True)
    assert _of_record(db, agreement) == ("de", "bbig")
    # A later copy in Spanish is a translation of the German text, in the AHK layout only.
    assert documents.print_layout(db, agreement) == "bbig"
    copy = documents.agreement_document(db, agreement, language="es_MX")
    assert copy.signed_copy and copy.translation_of == "de" and copy.layout == "bbig"
    assert documents.agreement_document(db, agreement, language="de").translation_of == ""
    # Its printing is recorded as a copy in the AHK layout, and changes nothing either.
    records.print_for_signature(db, [agreement], language="es_MX")
    assert _of_record(db, agreement) == ("de", "bbig")
    with db.reader() as session:
        from sqlalchemy import select

        from vetdesk.storage.models import AuditEntry
        last = session.scalars(select(AuditEntry).where(AuditEntry.kind == "agreements",
                                                        AuditEntry.record_id == agreement,
                                                        AuditEntry.action == "print")
                               .order_by(AuditEntry.id.desc())).first()
        assert last is not None
        after = (last.changes or {})["after"]
        assert after["template"] == "bbig" and after.get("copy") and after.get("translation")
