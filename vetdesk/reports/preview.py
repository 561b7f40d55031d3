"""The administrator's preview of an office text: a real agreement (learning or collaboration agreement)
printed with the text being edited.

Nothing is saved and nothing goes out for signature: the agreement is gathered without the signature checks
and its text replaced by the editor's (``ui.clauses_dialog``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from vetdesk.domain.normalize import surnames
from vetdesk.i18n import locale_for, translator
from vetdesk.reports import agreement as agreement_report
from vetdesk.reports import collaboration as collaboration_report
from vetdesk.services import clauses, documents
from vetdesk.services.office import Office


def _document(db: Office, agreement_id: int, language: str) -> documents.AgreementDocument:
    return documents.agreement_document(db, agreement_id, language=locale_for(language), for_signature=False)


def clause_context(db: Office, document: str, agreement_id: int, language: str) -> dict[str, Any]:
    """The values the text ``document`` is rendered with, taken from this agreement in ``language`` (for the
    collaboration agreement's text, ``agreement_id`` is a collaboration agreement's)."""
    t = translator(language)
    if document == "collaboration":
        return collaboration_report.clause_context(documents.collaboration_document(db, agreement_id), t)
    doc = _document(db, agreement_id, language)
    if document == "agreement":
        return agreement_report.clause_context(doc, t)
    return {"document": t.gettext("Progress report"), "reference": doc.reference,
            "apprentice": doc.apprentice.full_name, "company": doc.company.name, "chamber": doc.letterhead.chamber_name,
            "school": doc.school.name if doc.school else "",
            "recipient": doc.company.contact_name, "recipient_sex": "",
            "recipient_surname": surnames(doc.company.contact_name), "recipient_title": "", "count": 1,
            "references": doc.reference, "apprentices": doc.apprentice.full_name, "several": False, "family": False,
            "recipient_role": "company"}


def agreement_with_text(db: Office, agreement_id: int, language: str, body: str) -> bytes:
    """The agreement as it would print with ``body`` as its office text (refused, with the line, if it fails)."""
    t = translator(language)
    doc = _document(db, agreement_id, language)
    text = clauses.ClauseText("agreement", clauses.language_of(t.locale), -1, body)
    doc = replace(doc, clauses=text)
    return agreement_report.build(doc, t, documents.template_of(doc.programme.templates))


def collaboration_with_text(db: Office, collaboration_id: int, language: str, body: str) -> bytes:
    """The collaboration agreement as it would print with ``body`` as its clauses (refused, with the line, if
    the text fails)."""
    t = translator(language)
    text = clauses.ClauseText("collaboration", clauses.language_of(t.locale), -1, body)
    return collaboration_report.build(documents.collaboration_document(db, collaboration_id), t, text)
