"""The audit trail's operation names are kept in no one's language and said in the reader's (issue 22, setup22):
a German officer reading a Spanish officer's changes saw Spanish. Entries stored before, in their writer's
language, are read the same way."""

from __future__ import annotations

from sqlalchemy import select

from tests import factories as f
from vetdesk import i18n
from vetdesk.services import records
from vetdesk.services.audit_words import shown, stored
from vetdesk.storage.models import AuditEntry


def _as(language: str):  # type: ignore[no-untyped-def]
    return i18n.set_language(language)


def test_a_spanish_officer_s_change_is_read_in_german_and_english(db) -> None:  # type: ignore[no-untyped-def]
    _as("es")
    try:
        company = f.make_company(db, name="Frenos del Bajío")
        records.update(db, "companies", company, {"name": "Frenos del Bajío S.A."}, accept_warnings=True)
        spanish = [e["operation"] for e in records.history(db, "companies", company)]
    finally:
        _as("en")
    with db.reader() as session:
        kept = session.scalars(select(AuditEntry.operation).where(AuditEntry.kind == "companies")
                               .order_by(AuditEntry.id)).all()
    assert kept[-1] == "Change company", kept  # vetdesk's own message, not "Modificar: empresa"
    english = [e["operation"] for e in records.history(db, "companies", company)]
    assert english[-1] == "Change company" and spanish[-1] != english[-1], (spanish, english)
    _as("de")
    try:
        german = [e["operation"] for e in records.history(db, "companies", company)]
        assert german[-1] == i18n._("Change {kind}").format(kind=i18n._("company")), german
        assert german[-1] not in (spanish[-1], english[-1])
    finally:
        _as("en")


def test_an_entry_stored_in_its_writer_s_language_is_read_in_the_reader_s(db) -> None:  # type: ignore[no-untyped-def]
    """Entries written before the names were kept neutral hold "Modificar: empresa", "Nueva versión de un plan de
    rotación": read in English; an office's own words (no message of vetdesk's) stay as written."""
    company = f.make_company(db, name="Frenos del Bajío")
    _as("es")
    try:
        written = [i18n._("Change {kind}").format(kind=i18n._("company")), i18n._("New version of a rotation plan"),
                   "↶ " + i18n._("Undo: {operation}").format(operation=i18n._("Change {kind}").format(
                       kind=i18n._("company"))), "Corrección manual de la oficina"]
    finally:
        _as("en")
    assert written[0] != "Change company"
    from vetdesk.services.audit_rows import utcnow

    with db.writer() as session:
        for text in written:
            session.add(AuditEntry(at=utcnow(), username="maria", operation=text, kind="companies",
                                   record_id=company, action="update", changes={"before": {}, "after": {}}))
        session.commit()
    read = [e["operation"] for e in records.history(db, "companies", company)][-4:]
    assert read == ["Change company", "New version of a rotation plan", "↶ Undo: Change company",
                    "Corrección manual de la oficina"], read
    assert shown(stored("Corrección manual de la oficina")) == "Corrección manual de la oficina"
