"""The school–company collaboration agreement (convenio de colaboración): the frame under which the learning
agreements of the school's students with the company are signed, with the chamber office as the third party.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from vetdesk.i18n import Translator, translator
from vetdesk.reports import words as w
from vetdesk.reports.page import (
    DocumentKind,
    PageInfo,
    Signatory,
    build_pdf,
    clause_flowables,
    esc,
    facts,
    footnote,
    heading,
    office_blocks,
    para,
    signatures_section,
)
from vetdesk.reports.styles import Paragraph, stylesheet
from vetdesk.services import clauses
from vetdesk.services.clauses import ClauseText
from vetdesk.services.documents import CollaborationDocument, PersonLine, collaboration_document
from vetdesk.services.office import Office


def kind_label(t: Translator) -> str:
    return t.gettext("Collaboration agreement")


def _person(person: PersonLine | None, t: Translator) -> str:
    if person is None:
        return w.or_missing(t, "")
    return person.name + (f" ({person.detail})" if person.detail else "")


def _represented(person: PersonLine | None, t: Translator) -> list[tuple[str, object]]:
    """Who signs for the school or the chamber, when named on the agreement; otherwise the row is left out and
    the signature block's name line is written by hand (as the learning agreement's chamber block), instead of
    a document for signature saying "Represented by: not recorded"."""
    return [(t.gettext("Represented by"), _person(person, t))] if person is not None else []


def _term(doc: CollaborationDocument, t: Translator) -> str:
    if doc.end_date is None:
        return t.gettext("From {start}, for an indefinite period.").format(start=w.day(t, doc.start_date))
    return t.gettext("From {start} to {end}.").format(start=w.day(t, doc.start_date), end=w.day(t, doc.end_date))


def _copy_banner(doc: CollaborationDocument, t: Translator) -> list[Flowable]:
    """Under the title of a signed collaboration agreement's reprint: a copy, not a document to sign; its clauses
    are the text signed (kept when it went out for signature), or, for one printed before vetdesk kept it, the
    office's text in force on the print date, said so."""
    if not doc.signed_copy:
        return []
    banner, _note = w.signed_copy_words(t, doc.signed_on, text_as_signed=doc.printed_clauses is not None)
    return [Paragraph(f"<b>{esc(banner)}</b>", stylesheet()["note"])]


def _copy_note(doc: CollaborationDocument, t: Translator) -> str:
    """The footer's note on every page of a signed collaboration agreement's reprint."""
    return w.signed_copy_words(t, doc.signed_on, text_as_signed=doc.printed_clauses is not None)[1] \
        if doc.signed_copy else ""


def clause_context(doc: CollaborationDocument, t: Translator) -> dict[str, object]:
    """What the office's text of the collaboration agreement may use, as the document's language writes it."""
    return {
        "reference": doc.reference, "chamber": doc.letterhead.chamber_name, "place": doc.place_of_signing,
        "school": {"name": doc.school.name, "cct": doc.school.cct, "address": doc.school.address},
        "company": {"name": doc.company.name, "rfc": doc.company.rfc, "address": doc.company.address},
        "programmes": list(doc.programmes),
        "start": w.day(t, doc.start_date), "end": w.day(t, doc.end_date) if doc.end_date else "",
        "term": _term(doc, t),
    }


def flowables(doc: CollaborationDocument, t: Translator, text: ClauseText) -> list[Flowable]:
    """The agreement: its title and parties (clause 1) from the records, then the office's text (clauses 2
    on, editable in the window per language), then the signatures."""
    s = stylesheet()
    out: list[Flowable] = [
        DocumentKind(kind_label(t), doc.reference, doc.qr_reference),
        Paragraph(esc(t.gettext("Collaboration agreement for dual training")), s["title"]),
        Paragraph(esc(t.gettext("between a school, a company and the chamber office")), s["subtitle"]),
        Paragraph(esc(t.gettext("Reference {reference}").format(reference=doc.reference)), s["reference"]),
        *_copy_banner(doc, t),
        para(t.gettext("The school, the company and the chamber office named below agree to work together so that "
                       "students of the school can train in the company under the dual training model, under the "
                       "following clauses.")),
        heading(t.gettext("1. The parties")),
        Paragraph(esc(t.gettext("The school")), s["subheading"]),
        facts([(t.gettext("School name"), doc.school.name), (t.gettext("School code (CCT)"), doc.school.cct),
               (t.gettext("Address"), w.or_missing(t, doc.school.address)),
               *_represented(doc.school_signatory, t)]),
        Paragraph(esc(t.gettext("The company (training company)")), s["subheading"]),
        facts([(t.gettext("Company name"), doc.company.name), (t.gettext("RFC (tax ID)"), doc.company.rfc),
               (t.gettext("Address"), w.or_missing(t, doc.company.address)),
               *_represented(PersonLine(doc.company_signatory, "", "", "") if doc.company_signatory else None,
                             t)]),
        Paragraph(esc(t.gettext("The chamber office")), s["subheading"]),
        facts([(t.gettext("Name"), doc.letterhead.chamber_name),
               (t.gettext("Address"), w.or_missing(t, doc.letterhead.chamber_address)),
               *_represented(doc.coordinator, t)]),
    ]
    out += clause_flowables(office_blocks(text, clause_context(doc, t)))
    # a signed copy: each party's box dated as recorded, and the day above them (words.place_and_date)
    dates = dict(doc.signed_dates) if doc.signed_copy else {}

    def on(party: str) -> str:
        return w.day(t, dates[party]) if party in dates else ""

    signatories = [
        Signatory(t.gettext("For the school"), doc.school_signatory.name if doc.school_signatory else "",
                  ", ".join(x for x in (doc.school_signatory.detail if doc.school_signatory else "",
                                        doc.school.name) if x), on("school")),
        Signatory(t.gettext("For the company"), doc.company_signatory, doc.company.name, on("company")),
        Signatory(t.gettext("For the chamber office"), doc.coordinator.name if doc.coordinator else "",
                  ", ".join(x for x in (doc.coordinator.detail if doc.coordinator else "",
                                        doc.letterhead.chamber_name) if x), on("chamber")),
    ]
    place = para(w.place_and_date(t, doc.place_of_signing, list(dates.values())))
    out.append(signatures_section(t.gettext("Signatures"), signatories, t, [place]))
    return out


def build(doc: CollaborationDocument, t: Translator, text: ClauseText, *, paper: str | None = None) -> bytes:
    """The PDF with ``text`` as the office's clauses; its footer names the text's version (a preview's: not
    saved)."""
    info = PageInfo(letterhead=doc.letterhead, paper=paper or doc.letterhead.paper,
                    title=t.gettext("{kind} {reference} – {school} and {company}").format(
                        kind=kind_label(t), reference=doc.reference, school=doc.school.name,
                        company=doc.company.name),
                    subject=t.gettext("Dual training"), kind=kind_label(t), reference=doc.reference,
                    qr_text=doc.qr_reference, lang=t.locale,
                    footnote=" · ".join(x for x in (footnote(t, text), _copy_note(doc, t)) if x),
                    watermark=t.gettext("COPY") if doc.signed_copy else "")
    return build_pdf(flowables(doc, t, text), info, t)


def collaboration_pdf(db: Office, collaboration_id: int, *, lang: str | None = None,
                      paper: str | None = None) -> bytes:
    """The collaboration agreement's PDF in ``lang`` (default: the interface's language), on ``paper`` (default:
    the office's); once it went out for signature, with the office's text it was printed with then."""
    t = translator(lang)
    doc = collaboration_document(db, collaboration_id)
    return build(doc, t, clauses.kept(db, "collaboration", clauses.language_of(t.locale), doc.printed_clauses),
                 paper=paper)
