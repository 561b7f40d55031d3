"""The workplace assessment form: the competencies of the current learning position with empty boxes,
for an instructor who rates by hand. Its QR code names the agreement and the position, so a filled form
can be matched to its record when it comes back.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer

from vetdesk.domain.training import catalogue_words
from vetdesk.i18n import Translator
from vetdesk.reports import words as w
from vetdesk.reports.page import (
    CONTENT_WIDTH,
    DocumentKind,
    PageInfo,
    Signatory,
    build_pdf,
    esc,
    facts,
    footnote,
    heading,
    keep,
    page_count,
    para,
    signature_block,
    writing_lines,
)
from vetdesk.reports.styles import INK, DocTable, Paragraph, grid, stylesheet, word_width
from vetdesk.services.documents import AssessmentFormDocument

BOX = "☐"


def kind_label(t: Translator) -> str:
    return t.gettext("Workplace assessment form")


#: How the form's last part is set: as it is, or (a form whose facts run long: a company's 120-character name, a
#: long position) tighter, so that the comments and the signatures stay on the form's one page: (the facts' label
#: column, the comments' ruled lines and their height, the room above a signature line, the least room left on a
#: page for the comments and signatures together, the least width of a level's column).
ROOMY = (52 * mm, 4, 7 * mm, 16 * mm, 70 * mm, 23 * mm)
TIGHT = (40 * mm, 3, 6 * mm, 12 * mm, 58 * mm, 17 * mm)


def flowables(doc: AssessmentFormDocument, t: Translator,
              layout: tuple[float, int, float, float, float, float] = ROOMY) -> list[Flowable]:
    label_width, comment_lines, line, room, last_part, level_least = layout
    s = stylesheet()
    p = doc.position
    out: list[Flowable] = [DocumentKind(kind_label(t), doc.reference, doc.qr_reference),
                           Paragraph(esc(kind_label(t)), s["title"]),
                           Paragraph(esc(t.gettext("Learning position {sequence}: {name}").format(
                               sequence=p.sequence, name=p.name)), s["subtitle"]),
                           Paragraph(esc(t.gettext("Agreement {reference}").format(reference=doc.reference)),
                                     s["reference"])]
    out.append(facts([
        (w.apprentice_label(t, doc.apprentice_sex), doc.apprentice_name),
        (w.id_name(t, doc.id_country), w.id_value(doc.id_country, doc.curp)),
        (t.gettext("Company"), doc.company_name),
        (t.gettext("Programme (career)"), f"{doc.programme.name} ({doc.programme.code})"),
        (t.gettext("Learning position"), p.name + (f" – {p.department}" if p.department else "")),
        (t.gettext("Time at the position"), t.ngettext(
            "{start} to {end} (planned: {weeks} week)", "{start} to {end} (planned: {weeks} weeks)",
            p.planned_weeks).format(start=w.day(t, doc.position_start), end=w.day(t, doc.position_end),
                                    weeks=p.planned_weeks)),
        (w.company_instructor(t), w.or_missing(t, doc.instructor_name)),
    ], label_width))
    out.append(Spacer(1, 3 * mm))
    scale = doc.programme.scale
    if scale.get("kind") == "points":
        out.append(para(t.gettext("Write the points (0 to 100) for each competency and tick the grade band they "
                                  "fall in. Leave a competency blank if it could not be observed.")))
    else:
        out.append(para(t.gettext("Tick one box per competency for the level observed at the workplace. Leave a "
                                  "competency blank if it could not be observed.")))
    levels = w.scale_levels(t, scale)
    if scale.get("kind") == "points":
        out.append(para(t.gettext("Grades: {bands}.").format(bands=w.grade_legend(t, scale)), "small"))
        out.append(Spacer(1, 2 * mm))
    points = scale.get("kind") == "points"
    head: list[Flowable] = [Paragraph(esc(t.gettext("Code")), s["head"]),
                            Paragraph(esc(t.gettext("Competency")), s["head"])]
    if points:
        head.append(Paragraph(esc(t.gettext("Points")), s["head_center"]))
    head += [Paragraph(esc(level), s["head_center"]) for level in levels]
    # Wide enough for each level's longest word ("herausragend", "desenvolvimento"): headers wrap between
    # words, never inside one.
    level_width = max([level_least, *(word_width(level, s["head_center"], 12 * mm) for level in levels)]) \
        if not points else 12 * mm
    fixed = 18 * mm + level_width * len(levels) + (14 * mm if points else 0)
    widths = [18 * mm, CONTENT_WIDTH - fixed] + ([14 * mm] if points else []) + [level_width] * len(levels)
    rows: list[list[Flowable]] = [head]
    box = s["cell_center"].clone("box", fontSize=15, leading=17, textColor=INK)
    for c in p.competencies:
        row: list[Flowable] = [Paragraph(esc(c.code), s["cell"]),
                               Paragraph(esc(catalogue_words(c.title, t.gettext)) + f"<br/><font size=7>"
                                         f"{esc(catalogue_words(c.area, t.gettext))}</font>", s["cell"])]
        if points:
            row.append(Paragraph("", s["cell"]))
        row += [Paragraph(BOX, box) for _level in levels]
        rows.append(row)
    if not p.competencies:
        out.append(para(t.gettext("No competencies are assigned to this learning position in the rotation plan.")))
    else:
        table = DocTable(rows, colWidths=widths, repeatRows=1, splitByRow=1)
        style = grid()
        style.add("VALIGN", (2, 1), (-1, -1), "MIDDLE")
        table.setStyle(style)
        out.append(table)
    out.append(Spacer(1, 3 * mm))
    out.append(para(w.own_account(t, doc.apprentice_sex).format(box=BOX)))
    out.append(CondPageBreak(last_part))
    out.append(writing_lines(comment_lines, t.gettext("Comments and agreed next steps"), line=line))
    # (set tight, the boxes without their heading: the role under each line says who signs)
    titled = [heading(t.gettext("Signatures")), Spacer(1, 3 * mm)] if layout != TIGHT else [Spacer(1, 2 * mm)]
    out.append(keep(*titled, signature_block([
        Signatory(w.company_instructor(t), doc.instructor_name),
        Signatory(w.apprentice_role(t, doc.apprentice_sex), doc.apprentice_name),
    ], t, room=room)))
    return out


def build(doc: AssessmentFormDocument, t: Translator, *, paper: str | None = None) -> bytes:
    info = PageInfo(letterhead=doc.letterhead,
                    title=t.gettext("Workplace assessment form {reference} – {name}").format(
                        reference=doc.reference, name=doc.apprentice_name),
                    subject=t.gettext("Learning position {sequence}: {name}").format(
                        sequence=doc.position.sequence, name=doc.position.name),
                    kind=kind_label(t), reference=f"{doc.reference} / {doc.position.id}",
                    qr_text=doc.qr_reference, lang=t.locale, paper=paper or doc.letterhead.paper,
                    footnote=footnote(t))
    content = build_pdf(flowables(doc, t), info, t)
    if page_count(content) > 1:  # the signatures went past the page: tighter, when that keeps them on fewer pages
        tight = build_pdf(flowables(doc, t, TIGHT), info, t)
        if page_count(tight) < page_count(content):
            return tight
    return content
