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
    bullets,
    esc,
    facts,
    footnote,
    heading,
    para,
    signatures_section,
)
from vetdesk.reports.styles import Paragraph, stylesheet
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


def flowables(doc: CollaborationDocument, t: Translator) -> list[Flowable]:
    s = stylesheet()
    out: list[Flowable] = [
        DocumentKind(kind_label(t), doc.reference, doc.qr_reference),
        Paragraph(esc(t.gettext("Collaboration agreement for dual training")), s["title"]),
        Paragraph(esc(t.gettext("between a school, a company and the chamber office")), s["subtitle"]),
        Paragraph(esc(t.gettext("Reference {reference}").format(reference=doc.reference)), s["reference"]),
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
        heading(t.gettext("2. Purpose")),
        para(t.gettext("This agreement sets the frame in which the company offers learning positions to students "
                       "of the school. Each student's placement is agreed in an individual learning agreement, "
                       "signed under this agreement by the student (and, for a minor, a parent or legal "
                       "guardian), the company, the school and the chamber office.")),
    ]
    if doc.programmes:
        out.append(facts([(t.gettext("Programmes"), ", ".join(doc.programmes))]))
    out += [
        heading(t.gettext("3. What each party undertakes")),
        Paragraph(esc(t.gettext("The school")), s["subheading"]),
        *bullets([t.gettext("proposes students who meet the programme's entry requirements;"),
                  t.gettext("names an academic tutor for each student and a liaison for the company;"),
                  t.gettext("adjusts the timetable so that students can spend their company days in the company;"),
                  t.gettext("recognises what students learn in the company in their assessment.")]),
        Paragraph(esc(t.gettext("The company")), s["subheading"]),
        *bullets([t.gettext("offers learning positions with a rotation plan that covers the programme's "
                            "competencies;"),
                  t.gettext("names a qualified instructor for each student and gives them time to train;"),
                  t.gettext("keeps students safe, insured against accidents, and away from work a minor may not "
                            "do;"),
                  t.gettext("rates students' progress at each learning position and tells the school and the "
                            "chamber office.")]),
        Paragraph(esc(t.gettext("The chamber office")), s["subheading"]),
        *bullets([t.gettext("advises the school and the company and checks the learning positions;"),
                  t.gettext("certifies the individual learning agreements and follows each student's "
                            "progress;"),
                  t.gettext("trains and certifies the company's instructors.")]),
        heading(t.gettext("4. Term and ending")),
        facts([(t.gettext("In force"), _term(doc, t))]),
        para(t.gettext("Any party may end this agreement by telling the others in writing thirty days in advance. "
                       "Learning agreements signed under it continue until their own end, unless the parties agree "
                       "otherwise for each student.")),
        heading(t.gettext("5. Staff and personal data")),
        para(t.gettext("Each party remains solely responsible for its own staff; this agreement creates no "
                       "employment relationship between a party and the staff of another.")),
        para(t.gettext("The parties process personal data only to carry out this agreement, in accordance with the "
                       "Federal Law on the Protection of Personal Data Held by Private Parties (LFPDPPP) and the "
                       "privacy notice of each party.")),
    ]
    signatories = [
        Signatory(t.gettext("For the school"), doc.school_signatory.name if doc.school_signatory else "",
                  ", ".join(x for x in (doc.school_signatory.detail if doc.school_signatory else "",
                                        doc.school.name) if x)),
        Signatory(t.gettext("For the company"), doc.company_signatory, doc.company.name),
        Signatory(t.gettext("For the chamber office"), doc.coordinator.name if doc.coordinator else "",
                  ", ".join(x for x in (doc.coordinator.detail if doc.coordinator else "",
                                        doc.letterhead.chamber_name) if x)),
    ]
    place = para(t.gettext("Signed in {place} on ______________________, in one original for each party.")
                 .format(place=doc.place_of_signing or "______________________"))
    out.append(signatures_section(t.gettext("Signatures"), signatories, t, [place]))
    return out


def build(doc: CollaborationDocument, t: Translator, *, paper: str | None = None) -> bytes:
    info = PageInfo(letterhead=doc.letterhead, paper=paper or doc.letterhead.paper,
                    title=t.gettext("{kind} {reference} – {school} and {company}").format(
                        kind=kind_label(t), reference=doc.reference, school=doc.school.name,
                        company=doc.company.name),
                    subject=t.gettext("Dual training"), kind=kind_label(t), reference=doc.reference,
                    qr_text=doc.qr_reference, lang=t.locale, footnote=footnote(t))
    return build_pdf(flowables(doc, t), info, t)


def collaboration_pdf(db: Office, collaboration_id: int, *, lang: str | None = None,
                      paper: str | None = None) -> bytes:
    """The collaboration agreement's PDF in ``lang`` (default: the interface's language), on ``paper`` (default:
    the office's)."""
    return build(collaboration_document(db, collaboration_id), translator(lang), paper=paper)
