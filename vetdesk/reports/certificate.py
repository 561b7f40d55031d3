"""The completion certificate (constancia de conclusión) for a completed agreement."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from vetdesk.i18n import Translator
from vetdesk.reports import words as w
from vetdesk.reports.page import (
    CONTENT_WIDTH,
    DocumentKind,
    PageInfo,
    Signatory,
    build_pdf,
    esc,
    footnote,
    heading,
    para,
    signature_block,
)
from vetdesk.reports.styles import DocTable, fitting_width, grid, stylesheet
from vetdesk.services.documents import CertificateDocument


def kind_label(t: Translator) -> str:
    return t.gettext("Completion certificate")


def flowables(doc: CertificateDocument, t: Translator) -> list[Flowable]:
    s = stylesheet()
    a = doc.apprentice
    out: list[Flowable] = [DocumentKind(kind_label(t), doc.reference, doc.qr_reference), Spacer(1, 8 * mm),
                           Paragraph(esc(kind_label(t)), s["title"].clone("cert_title", fontSize=22, leading=28)),
                           Paragraph(esc(t.gettext("Dual training")), s["subtitle"]), Spacer(1, 10 * mm)]
    # One sentence for the translators, so each language orders it as its grammar wants; the line with
    # {name} alone is set large, as certificates do (a translation without the line breaks still works).
    sentence = t.gettext("The chamber office certifies that\n{name}\nCURP {curp}, born on {birth}, completed the "
                         "dual training in the programme {programme} at {company} (RFC {rfc}) from {start} to {end}.")
    values = {"curp": a.curp, "birth": w.day(t, a.birth_date), "programme": doc.programme.name,
              "company": doc.company.name, "rfc": doc.company.rfc, "start": w.day(t, doc.start_date),
              "end": w.day(t, doc.completed_on)}
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
    out.append(Paragraph(esc(t.ngettext("{reached} of {total} competency of the programme was reached.",
                                        "{reached} of {total} competencies of the programme were reached.",
                                        doc.total).format(reached=doc.reached, total=doc.total)),
                         s["certificate"]))
    if doc.positions:
        out.append(heading(t.gettext("Learning positions completed")))
        rows: list[list[Flowable]] = [[Paragraph(esc(x), s["head"]) for x in (
            t.gettext("No."), t.gettext("Learning position"), t.gettext("Weeks"))]]
        for p in doc.positions:
            rows.append([Paragraph(str(p.sequence), s["cell"]),
                         Paragraph(esc(p.name) + (f" – {esc(p.department)}" if p.department else ""), s["cell"]),
                         Paragraph(str(p.planned_weeks), s["cell_center"])])
        number = fitting_width(t.gettext("No."), s["head"], 8 * mm)
        weeks = fitting_width(t.gettext("Weeks"), s["head"], 15 * mm)
        table = DocTable(rows, colWidths=[number, CONTENT_WIDTH - number - weeks, weeks], repeatRows=1,
                         splitByRow=1)
        table.setStyle(grid())
        out.append(table)
    out.append(Spacer(1, 8 * mm))
    out.append(KeepTogether([
        para(t.gettext("{place}, {date}").format(place=doc.place or "______________", date=w.day(t, doc.completed_on))),
        Spacer(1, 4 * mm),
        signature_block([
            Signatory(t.gettext("For the chamber office"), "", doc.letterhead.chamber_name),
            Signatory(t.gettext("For the company"), doc.company.legal_representative or doc.company.name,
                      doc.company.name),
        ], t),
    ]))
    return out


def build(doc: CertificateDocument, t: Translator, *, paper: str | None = None, version: str = "") -> bytes:
    info = PageInfo(letterhead=doc.letterhead,
                    title=t.gettext("Completion certificate {reference} – {name}").format(
                        reference=doc.reference, name=doc.apprentice.full_name),
                    subject=doc.programme.name, kind=kind_label(t), reference=doc.reference,
                    qr_text=doc.qr_reference, lang=t.locale, paper=paper or doc.letterhead.paper,
                    footnote=footnote(t, version))
    return build_pdf(flowables(doc, t), info, t)
