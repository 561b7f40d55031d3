"""The completion certificate (constancia de conclusión) for a completed agreement."""

from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from vetdesk.i18n import Translator, weeks_and_days
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
    signature_block,
)
from vetdesk.reports.styles import DocTable, Paragraph, fitting_width, grid, stylesheet
from vetdesk.services.documents import CertificateDocument


def kind_label(t: Translator) -> str:
    return t.gettext("Completion certificate")


def _sentence(t: Translator, sex: str) -> str:
    """The certificate's sentence, worded for the apprentice's recorded sex (neutral for X)."""
    if sex == "M":
        return t.pgettext("certificate, a woman", "The chamber office certifies that\n{name}\nholder of "
                          "{id_name} {curp}, born on {birth}, completed the dual training in the programme "
                          "{programme} at {company} (RFC {rfc}) from {start} to {end}.")
    if sex == "H":
        return t.pgettext("certificate, a man", "The chamber office certifies that\n{name}\nholder of "
                          "{id_name} {curp}, born on {birth}, completed the dual training in the programme "
                          "{programme} at {company} (RFC {rfc}) from {start} to {end}.")
    return t.pgettext("certificate, non-binary or unknown", "The chamber office certifies that\n{name}\nholder of "
                      "{id_name} {curp}, born on {birth}, completed the dual training in the programme {programme} at "
                      "{company} (RFC {rfc}) from {start} to {end}.")


def flowables(doc: CertificateDocument, t: Translator, *, draft_qr: bool = False) -> list[Flowable]:
    s = dict(stylesheet())
    # A little tighter than the certificate style's 18-point lines: with its closing kept on the page of its
    # last sentence, a certificate for a long company name and several positions stays on one page.
    s["certificate"] = s["certificate"].clone("certificate_tight", leading=16, spaceAfter=6)
    a = doc.apprentice
    out: list[Flowable] = [DocumentKind(kind_label(t), doc.reference, doc.qr_reference), Spacer(1, 3 * mm),
                           Paragraph(esc(kind_label(t)), s["title"].clone("cert_title", fontSize=22, leading=28)),
                           Paragraph(esc(t.gettext("Dual training")), s["subtitle"]), Spacer(1, 4 * mm)]
    # One sentence for the translators, so each language orders it as its grammar wants; the line with
    # {name} alone is set large, as certificates do (a translation without the line breaks still works).
    sentence = _sentence(t, a.sex)
    values = {"id_name": w.id_name(t, a.id_country), "curp": w.id_value(a.id_country, a.curp),
              "birth": w.day(t, a.birth_date),
              "programme": doc.programme.name, "company": doc.company.name, "rfc": doc.company.rfc,
              "start": w.day(t, doc.start_date), "end": w.day(t, doc.completed_on)}
    for line in sentence.split("\n"):
        if line.strip() == "{name}":
            out.append(Paragraph(esc(a.full_name), s["certificate_name"]))
        elif line.strip():
            out.append(Paragraph(esc(line).format(name=f"<b>{esc(a.full_name)}</b>",
                                                  **{k: esc(str(v or "")) for k, v in values.items()}),
                                 s["certificate"]))
    if doc.school is not None:
        out.append(Paragraph(esc(t.gettext("The theory part was taught at {school} (CCT {cct}).").format(
            school=doc.school.name, cct=doc.school.cct)), s["certificate"]))
    if doc.positions:
        out.append(heading(t.gettext("Learning positions completed")))
        rows: list[list[Flowable]] = [[Paragraph(esc(x), s["head"]) for x in (
            t.gettext("No."), t.gettext("Learning position"), t.gettext("Time spent"))]]
        for p in doc.positions:
            rows.append([Paragraph(str(p.sequence), s["cell"]),
                         Paragraph(esc(p.name) + (f" – {esc(p.department)}" if p.department else ""), s["cell"]),
                         Paragraph(esc(weeks_and_days(p.actual_days or 0, t)), s["cell_center"])])
        number = fitting_width(t.gettext("No."), s["head"], 8 * mm)
        # The column as wide as its widest time, "34 Wochen und 4 Tage" on one line.
        weeks = max([fitting_width(t.gettext("Time spent"), s["head"], 20 * mm)]
                    + [fitting_width(weeks_and_days(p.actual_days or 0, t), s["cell_center"], 0)
                       for p in doc.positions])
        table = DocTable(rows, colWidths=[number, CONTENT_WIDTH - number - weeks, weeks], repeatRows=1,
                         splitByRow=1)
        table.setStyle(grid())
        out += [table, Spacer(1, 2 * mm)]
    # The closing sentence, the place and issue date, the office's signed QR code and the signatures are kept on
    # one page together: the signatures never stand alone on a page of their own. The date is stated once
    # (the issue date, which the signature also carries): no date line in the boxes, none in the footer.
    issued = doc.issued_on or date.today()
    dated = Paragraph(esc(t.gettext("{place}, {date}").format(place=doc.place or "______________",
                                                             date=w.day(t, issued))), s["body"])
    closing: list[Flowable] = [Paragraph(esc(t.ngettext(
        "The {total} competency of the programme was proven by a rating of the company instructor or the academic "
        "tutor.",
        "All {total} competencies of the programme were each proven by a rating of the company instructor or the "
        "academic tutor.", doc.total).format(total=doc.total)), s["certificate"]), Spacer(1, 2 * mm)]
    signatures = [Signatory(t.gettext("For the chamber office"), doc.letterhead.signatory, doc.letterhead.chamber_name),
                  Signatory(t.gettext("For the company"), doc.company.legal_representative or doc.company.name,
                            doc.company.name)]
    if doc.signed:
        # The office's signed QR code beside the date line and the signatures (not on a row of its own), its
        # note under them.
        qr = 28 * mm
        left = CONTENT_WIDTH - qr - 3 * mm
        row = DocTable([[[dated, signature_block(signatures, t, dated=False, total_width=left, room=13 * mm)],
                         QrCode(doc.signed, qr, image=True, blank=draft_qr)]], colWidths=[left, qr + 3 * mm])
        row.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                      ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("ALIGN", (-1, 0), (-1, 0), "RIGHT"),
                      ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)])
        closing += [row, Paragraph(esc(t.gettext(
            "This certificate carries the chamber office's digital signature in the QR code beside this text: it "
            "names the office, the person (the CURP only as a protected code), the programme, the company and the "
            "dates. The office verifies it with \u201cvetdesk verify\u201d; any change to the certificate makes "
            "the check fail.")), s["small"])]
    else:
        closing += [dated, signature_block(signatures, t, dated=False, room=13 * mm)]
    out.append(KeepTogether(closing))
    return out


def build(doc: CertificateDocument, t: Translator, *, paper: str | None = None,
          draft_qr: bool = False) -> bytes:
    """The certificate's PDF; ``draft_qr``: its signed QR code as a light square of the same size (the first
    layout, whose pages' digest the signature carries: services.signing.page_digest)."""
    from vetdesk.services.signing import CERTIFICATE_TITLES

    info = PageInfo(letterhead=doc.letterhead,
                    title=t.gettext(CERTIFICATE_TITLES[0]).format(
                        reference=doc.reference, name=doc.apprentice.full_name),
                    subject=doc.programme.name, kind=kind_label(t), reference=doc.reference, keywords=doc.signed,
                    qr_text=doc.qr_reference, lang=t.locale, paper=paper or doc.letterhead.paper,
                    footnote=footnote(t, printed=False))
    return build_pdf(flowables(doc, t, draft_qr=draft_qr), info, t)
