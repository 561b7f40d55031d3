"""The exam's other papers and how each PDF is made: the list an officer prints for the exam day, the result
letter per apprentice, and the final certificate signed with the office's key."""

from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from vetdesk.domain import exams as E
from vetdesk.i18n import Translator, translator
from vetdesk.reports import final_certificate as fc
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
    para,
    signature_block,
)
from vetdesk.reports.styles import DocTable, Paragraph, grid, stylesheet, word_width
from vetdesk.services import exams, signing
from vetdesk.services.documents import letterhead
from vetdesk.services.office import Office as Database
from vetdesk.services.uow import SYSTEM, Actor, acting, reading


def exam_day_flowables(day: exams.ExamDay, t: Translator) -> list[Flowable]:
    s = stylesheet()
    title = t.gettext("Exam-day list")
    out: list[Flowable] = [DocumentKind(title, f"EX-{day.exam_id}", f"EX-{day.exam_id}"),
                           Paragraph(esc(title), s["title"]), Spacer(1, 2 * mm)]
    weights = ", ".join(f"{t.pgettext('exam component', word)} {day.weights[n]} %"
                        for n, word in E.COMPONENTS if day.weights[n])
    out.append(facts([(t.gettext("Programme"), day.programme), (t.gettext("Exam part"), fc.part_label(t, day.part)),
                      (t.gettext("Exam date"), w.day(t, day.held_on)), (t.gettext("Place"), day.place or "–"),
                      (t.gettext("Examiners"), day.examiners or "–"), (t.gettext("Components"), weights)]))
    out.append(heading(t.ngettext("{n} candidate", "{n} candidates", len(day.lines)).format(n=len(day.lines))))
    head = [t.gettext("No."), t.gettext("Name"), t.gettext("CURP"), t.gettext("Company"), t.gettext("Present"),
            t.gettext("Signature")]
    rows: list[list[Flowable]] = [[Paragraph(esc(x), s["head"]) for x in head]]
    for i, line in enumerate(day.lines, 1):
        name = line.full_name + (" " + t.gettext("(resit)") if line.resit else "")
        rows.append([Paragraph(esc(x), s["cell"]) for x in (str(i), name, line.curp, line.company, "☐", "")])
    # The number's and the tick's columns as wide as their header's longest word ("Núm.", "Anwesend"): a header
    # wraps between words, never inside one; the signature takes what is left.
    widths = [word_width(head[0], s["head"], 10 * mm), 44 * mm, 42 * mm, 32 * mm,
              word_width(head[4], s["head"], 20 * mm)]
    table = DocTable(rows, colWidths=[*widths, CONTENT_WIDTH - sum(widths)], repeatRows=1, splitByRow=1)
    table.setStyle(grid())
    out.append(table)
    return out


def exam_day_pdf(db: Database, exam_id: int, *, lang: str | None = None, paper: str | None = None,
                 actor: Actor = SYSTEM) -> bytes:
    day = exams.exam_day(db, exam_id, actor=actor)
    t = translator(lang)
    info = PageInfo(letterhead=day.letterhead, title=t.gettext("Exam-day list"), subject=day.programme,
                    kind=t.gettext("Exam-day list"), reference=f"EX-{exam_id}", qr_text=f"EX-{exam_id}",
                    lang=t.locale, paper=paper or day.letterhead.paper, footnote=footnote(t))
    return build_pdf(exam_day_flowables(day, t), info, t)


def result_letter_pdf(db: Database, agreement_id: int, *, lang: str | None = None, paper: str | None = None,
                      actor: Actor = SYSTEM, today: date | None = None) -> bytes:
    """A letter telling the apprentice their results so far: each part's points, grade and whether it was
    passed, the final result when there is one, and what a failed part means."""
    who = acting(db, actor)
    r = exams.letter_results(db, agreement_id, actor=who)
    with reading(db) as session:
        head = letterhead(session)
    t = translator(lang)
    s = stylesheet()
    title = t.gettext("Exam results")
    out: list[Flowable] = [DocumentKind(title, r.reference, r.reference), Paragraph(esc(title), s["title"]),
                           Spacer(1, 2 * mm),
                           para(w.dear(t, r.sex, r.full_name)),
                           para(t.gettext("these are your results in the chamber's examination for {programme}:")
                                .format(programme=r.programme))]
    rows: list[list[Flowable]] = [[Paragraph(esc(x), s["head"]) for x in (
        t.gettext("Exam"), t.gettext("Date"), t.gettext("Points"), t.gettext("Grade"), t.gettext("Result"))]]
    for p in r.parts:
        a = p.attempt
        verdict = "–" if a.passed is None else (t.gettext("passed") if a.passed else t.gettext("not passed"))
        label = fc.part_label(t, p.part) + (" " + t.gettext("(resit)") if a.resit else "")
        rows.append([Paragraph(esc(x), s["cell"]) for x in (label, w.short_day(t, a.held_on), fc.points(t, a.score),
                                                             fc.grade_text(t, a.grade, a.band_word), verdict)])
    table = DocTable(rows, colWidths=[40 * mm, 30 * mm, 22 * mm, 40 * mm, CONTENT_WIDTH - 132 * mm], repeatRows=1)
    table.setStyle(grid())
    out.append(table)
    if r.final is not None:
        out.append(para(t.gettext("Final result: {points} points, grade {grade}.").format(
            points=fc.points(t, r.final.score), grade=fc.grade_text(t, r.final.grade, r.final.band_word))))
    if any(p.attempt.passed is False for p in r.parts):
        out.append(para(t.gettext("A part not passed may be taken again at the next exam (a resit); the office "
                                  "will register you on request.")))
    # The letter closes as a letter does: where and when, a greeting, and the office's signature.
    out.append(KeepTogether([
        Spacer(1, 4 * mm),
        para(t.gettext("{place}, {date}").format(place=head.chamber_place or "______________",
                                                 date=w.day(t, today or date.today()))),
        para(t.gettext("Kind regards,")), Spacer(1, 2 * mm),
        signature_block([Signatory(t.gettext("For the chamber office"), head.signatory, head.chamber_name)], t)]))
    info = PageInfo(letterhead=head, title=title, subject=r.programme, kind=title, reference=r.reference,
                    qr_text=r.reference, lang=t.locale, paper=paper or head.paper, footnote=footnote(t))
    return build_pdf(out, info, t)


def final_certificate_pdf(db: Database, agreement_id: int, *, lang: str | None = None, paper: str | None = None,
                          signatories: tuple[tuple[str, str], ...] = (), today: date | None = None,
                          actor: Actor = SYSTEM) -> bytes:
    """The final certificate, its QR code signed with the office's key (``vetdesk verify`` checks it)."""
    who = acting(db, actor)
    doc = exams.final_certificate(db, agreement_id, signatories=signatories, today=today, actor=who)
    t = translator(lang)
    fields = fc.signed_fields(doc, t)
    # Laid out twice, as the completion certificate (reports.render.certificate_pdf): the signature carries the
    # first layout's pages' digest, taken with a light square of the QR code's size.
    office = Database.of(db, who)  # an Office: the key is made by its own operation the first time it is needed
    draft = office.sign_certificate(fields, curp=doc.results.curp, digest=signing.DIGEST_PLACEHOLDER)
    first = fc.build(fc.with_signature(doc, draft), t, paper=paper, draft_qr=True)
    digest, _found = signing.page_digest(first, draft, blank=True)
    signed = office.sign_certificate(fields, curp=doc.results.curp, digest=digest)
    return fc.build(fc.with_signature(doc, signed), t, paper=paper)
