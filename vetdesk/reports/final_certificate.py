"""The final certificate (AHK-style): the occupation, the term, each exam part's points and grade, the final
grade with its band's word in the document's language, CONOCER verdicts and the school's certificate, the
signatures the office names, and the office's signature in a QR code (``vetdesk verify`` checks it)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from vetdesk.domain import exams as E
from vetdesk.i18n import Translator
from vetdesk.reports import words as w
from vetdesk.reports.page import (
    CONTENT_WIDTH,
    DocumentKind,
    PageInfo,
    QrCode,
    Signatory,
    build_pdf,
    esc,
    footnote,
    heading,
    para,
    signature_block,
)
from vetdesk.reports.styles import DocTable, Paragraph, fitting_width, grid, stylesheet
from vetdesk.services.exams import FinalCertificate


def kind_label(t: Translator) -> str:
    return t.gettext("Final certificate")


def reference(doc: FinalCertificate) -> str:
    return f"{doc.results.reference}-FC"


def points(t: Translator, value: Decimal | int | float | None) -> str:
    return "–" if value is None else t.format_decimal(value, "0.0")


def part_label(t: Translator, part: str) -> str:
    word = dict(E.PARTS)[part]
    return t.gettext(word)


def grade_text(t: Translator, grade: int | None, word: str | None) -> str:
    if grade is None or word is None:
        return "–"
    return t.gettext("{grade} ({band})").format(grade=grade, band=t.gettext(word))


def flowables(doc: FinalCertificate, t: Translator, *, draft_qr: bool = False) -> list[Flowable]:
    s = stylesheet()
    r = doc.results
    assert r.final is not None
    out: list[Flowable] = [
        DocumentKind(kind_label(t), reference(doc), reference(doc)), Spacer(1, 3 * mm),
        Paragraph(esc(kind_label(t)), s["title"].clone("final_title", fontSize=22, leading=28)),
        Paragraph(esc(t.gettext("Dual training – chamber examination")), s["subtitle"]), Spacer(1, 5 * mm),
        Paragraph(esc(r.full_name), s["certificate_name"]),
        Paragraph(esc(t.gettext(
            "has passed the chamber's final examination in the occupation {programme} after training at {company} "
            "from {start} to {end}.").format(programme=r.programme, company=r.company, start=w.day(t, r.start_date),
                                             end=w.day(t, r.end_date))), s["certificate"]),
        Spacer(1, 3 * mm),
        heading(t.gettext("Results")),
    ]
    head = [t.gettext("Exam"), t.gettext("Date"), t.pgettext("exam component", "written"),
            t.pgettext("exam component", "practical"), t.pgettext("exam component", "oral"), t.gettext("Points"),
            t.gettext("Grade")]
    rows: list[list[Flowable]] = [[Paragraph(esc(x), s["head"]) for x in head]]
    for p in r.parts:
        a = p.attempt
        label = part_label(t, p.part) + (" " + t.gettext("(resit)") if a.resit else "")
        cells = [label, w.short_day(t, a.held_on)]
        cells += [points(t, a.points[n]) if a.weights[n] else "–" for n, _l in E.COMPONENTS]
        cells += [points(t, a.score), grade_text(t, a.grade, a.band_word)]
        rows.append([Paragraph(esc(c), s["cell"]) for c in cells])
    rows.append([Paragraph(esc(x), s["label"]) for x in (
        t.gettext("Final result"), "", "", "", "", points(t, r.final.score),
        grade_text(t, r.final.grade, r.final.band_word))])
    # The date's column as wide as a date with its four-digit year (16.05.2024), taken from the exam's name.
    dated = fitting_width(w.short_day(t, date(2026, 12, 28)), s["cell"], 20 * mm)
    widths = [56 * mm - dated, dated, 22 * mm, 20 * mm, 20 * mm, 18 * mm]
    table = DocTable(rows, colWidths=[*widths, CONTENT_WIDTH - sum(widths)], repeatRows=1)
    table.setStyle(grid())
    out.append(table)
    out.append(Paragraph(esc(t.gettext(
        "Points on the 100-point scale: 100–92 very good (1), below 92–81 good (2), below 81–67 satisfactory (3), "
        "below 67–50 sufficient (4), below 50–30 poor (5), below 30 insufficient (6).")), s["small"]))
    # A certificate names the certificates obtained: a "not yet competent" CONOCER verdict is on the apprentice's
    # record and progress report, not here.
    earned = [v for v in r.conocer if v[1] == "competent"]
    if earned or r.school_certificate:
        out.append(heading(t.gettext("Further certificates")))
        for standard, _verdict, on, number in earned:
            out.append(para(t.gettext("CONOCER standard {standard}: {verdict} ({date}{number})").format(
                standard=standard, verdict=t.gettext("competent"), date=w.day(t, on),
                number=f", {number}" if number else "")))
        if r.school_certificate:
            issued, number, average = r.school_certificate
            out.append(para(t.gettext("School's academic certificate issued on {date}{number}{average}").format(
                date=w.day(t, issued), number=f", {number}" if number else "",
                average=(", " + t.gettext("average {value}").format(value=t.format_decimal(average, "0.00")))
                if average is not None else "")))
    signatories = [Signatory(role, name) for name, role in doc.signatories] or [
        Signatory(t.gettext("For the chamber office"), doc.letterhead.signatory, doc.letterhead.chamber_name),
        Signatory(t.gettext("Chair of the examination board"), "")]
    # The date is stated once: the issue date on the place-and-date line (the signature's "issued" too), no date
    # line in each signature box and no day of printing in the footer. The closing is kept with the lines before
    # it, so the signatures never stand alone on a page.
    closing: list[Flowable] = [
        out.pop(),
        Spacer(1, 4 * mm),
        para(t.gettext("{place}, {date}").format(place=doc.place or "______________", date=w.day(t, doc.issued_on))),
        Spacer(1, 3 * mm), signature_block(signatories, t, dated=False)]
    if doc.signed:
        note = Paragraph(esc(t.gettext(
            "This certificate carries the chamber office's digital signature in the QR code beside this text. The "
            "office verifies it with \u201cvetdesk verify\u201d; any change to the certificate makes the check "
            "fail.")), s["small"])
        qr = QrCode(doc.signed, 28 * mm, image=True, blank=draft_qr)
        box = DocTable([[qr, note]], colWidths=[32 * mm, CONTENT_WIDTH - 32 * mm])
        box.setStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (0, 0), 0)])
        closing += [Spacer(1, 2 * mm), box]
    out.append(KeepTogether(closing))
    return out


def build(doc: FinalCertificate, t: Translator, *, paper: str | None = None, draft_qr: bool = False) -> bytes:
    """The final certificate's PDF; ``draft_qr``: its signed QR code as a light square of the same size (the
    first layout, whose pages' digest the signature carries: services.signing.page_digest)."""
    from vetdesk.services.signing import CERTIFICATE_TITLES

    info = PageInfo(letterhead=doc.letterhead,
                    title=t.gettext(CERTIFICATE_TITLES[1]).format(
                        reference=reference(doc), name=doc.results.full_name),
                    subject=doc.results.programme, kind=kind_label(t), reference=reference(doc),
                    keywords=doc.signed, qr_text=reference(doc), lang=t.locale,
                    paper=paper or doc.letterhead.paper, footnote=footnote(t, printed=False))
    return build_pdf(flowables(doc, t, draft_qr=draft_qr), info, t)


def signed_fields(doc: FinalCertificate, t: Translator) -> dict[str, str]:
    """What the office's signature covers (``services.signing``): the final grade takes the place of the
    competencies a completion certificate names."""
    r = doc.results
    assert r.final is not None
    return {"office": doc.letterhead.chamber_name, "reference": reference(doc), "name": r.full_name,
            "programme": r.programme, "company": r.company, "start": r.start_date.isoformat(),
            "end": r.end_date.isoformat(), "issued": doc.issued_on.isoformat(),
            "competencies": f"{r.final.grade} ({r.final.score})"}


def with_signature(doc: FinalCertificate, signed: str) -> FinalCertificate:
    return replace(doc, signed=signed)

