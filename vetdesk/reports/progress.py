"""The progress report: what an officer sends to school, company and family each period."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer

from vetdesk.domain.training import SOCIOEMOTIONAL_AREA, catalogue_words
from vetdesk.i18n import Translator, weeks_and_days
from vetdesk.reports import cells, fonts
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
    signatures_section,
    writing_lines,
)
from vetdesk.reports.styles import ACCENT, INK, RULE, Paragraph, stylesheet, word_width
from vetdesk.reports.weekly_form import progress_section
from vetdesk.services.documents import ProgressDocument


def kind_label(t: Translator) -> str:
    return t.gettext("Progress report")


def month_labels(doc: ProgressDocument, t: Translator) -> list[str]:
    """The x axis's labels: every ``step``-th month end and the period's last day, never two closer than
    ``step`` points (the last label would overprint the one before it)."""
    points = doc.timeline or ()
    step = max(1, (len(points) + 11) // 12)
    shown = [i for i in range(len(points)) if i % step == 0]
    last = len(points) - 1
    if last >= 0 and last not in shown:
        if shown and last - shown[-1] < step:
            shown.pop()
        shown.append(last)
    return [t.format_date(p.on, "MMM yy") if i in shown else "" for i, p in enumerate(points)]


class ProgressChart(Flowable):
    """Share of competencies reached at the end of each month of the period: a line over a grid with a value
    axis (0–100 %) and a month axis, drawn straight on the canvas.

    It draws what reportlab.graphics' ``HorizontalLineChart`` drew here before, at the same places (points at
    the middle of each month's band, a tick between bands, labels 5 pt out from the axes), in a fraction of the
    time: building and rendering the chart's widget tree cost ≈7 ms of each report in a batch of thousands.
    """

    WIDTH, HEIGHT = CONTENT_WIDTH, 62 * mm
    #: The plot area inside the chart: 14 mm left for the value labels, 12 mm below for the months.
    X, Y = 14 * mm, 12 * mm
    PLOT_WIDTH, PLOT_HEIGHT = WIDTH - 20 * mm, HEIGHT - 20 * mm
    GRID = colors.HexColor("#dde3ea")

    def __init__(self, title: str, shares: Sequence[float], labels: Sequence[str]):
        super().__init__()
        self.title, self.shares, self.labels = title, list(shares) or [0.0], list(labels) or [""]
        self.width, self.height = self.WIDTH, self.HEIGHT

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        x0, y0, w, h = self.X, self.Y, self.PLOT_WIDTH, self.PLOT_HEIGHT
        n = max(len(self.shares), len(self.labels))
        band = w / n
        size = 7
        c.saveState()
        # the axes and their ticks: one between each month's band, one at each grid line
        c.setLineWidth(1)
        c.setStrokeColor(RULE)
        path = c.beginPath()
        path.moveTo(x0, y0)
        path.lineTo(x0 + w, y0)
        for i in range(n + 1):
            path.moveTo(x0 + i * band, y0)
            path.lineTo(x0 + i * band, y0 - 5)
        path.moveTo(x0, y0)
        path.lineTo(x0, y0 + h)
        for i in range(6):
            path.moveTo(x0, y0 + h * i / 5)
            path.lineTo(x0 - 5, y0 + h * i / 5)
        c.drawPath(path, stroke=1, fill=0)
        # the grid, every 20 % (over the axes, as reportlab's chart drew it)
        c.setLineWidth(0.25)
        c.setStrokeColor(self.GRID)
        path = c.beginPath()
        for i in range(6):
            y = y0 + h * i / 5
            path.moveTo(x0, y)
            path.lineTo(x0 + w, y)
        c.drawPath(path, stroke=1, fill=0)
        # the labels: months centred under their band, values right-aligned left of their tick
        c.setFillColor(colors.black)
        c.setFont(fonts.REGULAR, size)
        for i, label in enumerate(self.labels):
            if label:
                c.drawCentredString(x0 + (i + 0.5) * band, y0 - 5 - size, label)
        for i in range(6):
            c.drawRightString(x0 - 5, y0 + h * i / 5 - 0.4 * size, f"{20 * i} %")
        # the apprentice's line, a dot at each month's end
        points = [(x0 + (i + 0.5) * band, y0 + h * min(max(v, 0.0), 100.0) / 100) for i, v in enumerate(self.shares)]
        c.setStrokeColor(ACCENT)
        c.setFillColor(ACCENT)
        if len(points) > 1:
            c.setLineWidth(1.6)
            path = c.beginPath()
            path.moveTo(*points[0])
            for p in points[1:]:
                path.lineTo(*p)
            c.drawPath(path, stroke=1, fill=0)
        c.setLineWidth(0.1)
        path = c.beginPath()
        for px, py in points:
            path.circle(px, py, 1.5)
        c.drawPath(path, stroke=1, fill=1)
        # the title above
        c.setFillColor(INK)
        c.setFont(fonts.BOLD, 8)
        c.drawString(0, self.height - 5, self.title)
        c.restoreState()


def chart(doc: ProgressDocument, t: Translator) -> ProgressChart:
    """Share of competencies reached at the end of each month of the period."""
    return ProgressChart(t.gettext("Competencies reached (%)"),
                         [round(p.share * 100, 1) for p in doc.timeline or ()], month_labels(doc, t))


def flowables(doc: ProgressDocument, t: Translator) -> list[Flowable]:
    s = stylesheet()
    a = doc.apprentice
    out: list[Flowable] = [DocumentKind(kind_label(t), doc.reference, doc.qr_reference),
                           Paragraph(esc(kind_label(t)), s["title"]),
                           Paragraph(esc(t.gettext("Period from {start} to {end}").format(
                               start=w.day(t, doc.period_start), end=w.day(t, doc.period_end))), s["subtitle"]),
                           Paragraph(esc(t.gettext("Agreement {reference}").format(reference=doc.reference)),
                                     s["reference"])]
    out.append(heading(w.apprentice_heading(t, doc.apprentice.sex)))
    out.append(facts_table([
        (w.apprentice_label(t, a.sex), a.full_name),
        (w.id_name(t, a.id_country), w.id_value(a.id_country, a.curp)),
        (t.gettext("Company"), doc.company_name),
        (t.gettext("School"), w.or_missing(t, doc.school_name)),
        (t.gettext("Programme (career)"), f"{doc.programme.name} ({doc.programme.code})"),
        (t.gettext("Agreement period"), t.gettext("{start} to {end}").format(start=w.day(t, doc.start_date),
                                                                             end=w.day(t, doc.end_date))),
        (w.company_instructor(t), w.or_missing(t, doc.instructor_name)),
        (t.gettext("Academic tutor"), w.or_missing(t, doc.tutor_name)),
    ]))
    share = t.format_percent(doc.share)
    out.append(Spacer(1, 3 * mm))
    # The share counts the technical catalogue (domain.progress): said so, since the table below also lists the
    # socio-emotional skills, which are counted apart ("0 of 9" beside 15 rows read as unexplained).
    social = [c for c in doc.competencies if c.socioemotional]
    counted = t.ngettext(
        "{reached} of {total} technical competency reached ({share}) by {date}.",
        "{reached} of {total} technical competencies reached ({share}) by {date}.", doc.total).format(
            reached=doc.reached, total=doc.total, share=share, date=w.day(t, doc.period_end))
    if social:
        counted += " " + t.ngettext(
            "Socio-emotional skills, counted apart: {reached} of {total} reached.",
            "Socio-emotional skills, counted apart: {reached} of {total} reached.", len(social)).format(
                reached=sum(c.reached for c in social), total=len(social))
    out.append(Paragraph("<b>" + esc(counted) + "</b>", s["body"]))

    if doc.terminated_on is not None:
        out.append(Paragraph("<b>" + esc(t.gettext(
            "The agreement was terminated on {date}; this report covers the training up to that day.").format(
                date=w.day(t, doc.terminated_on))) + "</b> " + esc(
            t.gettext("Reason: {reason}").format(reason=doc.termination_reason) if doc.termination_reason else ""),
            s["body"]))
    elif doc.completed_on is not None:
        out.append(para(t.gettext("The agreement was completed on {date}.").format(date=w.day(t, doc.completed_on))))
    out.append(para(t.gettext("A competency counts as reached on the rating of the company instructor or the "
                              "academic tutor; the apprentice's self-assessment is shown beside it and guides, "
                              "but proves nothing."), "small"))

    out.append(heading(t.gettext("Learning positions: planned and actual weeks")))
    if doc.positions:
        headers = (t.gettext("No."), t.gettext("Learning position"), t.gettext("Planned weeks"),
                   t.pgettext("start of a period", "From"), t.pgettext("end of a period", "To"),
                   t.gettext("Time spent"))
        rows: list[list[cells.Cell]] = [cells.head_cells(headers)]
        for p in doc.positions:
            shown = p.name if p.in_plan else t.gettext("{position} (no longer in the plan)").format(position=p.name)
            name = cells.text(shown) + ((cells.small(p.department),) if p.department else ())
            rows.append([cells.text(str(p.sequence) if p.in_plan else "–"), name,
                         cells.text(str(p.planned_weeks) if p.in_plan else "—"),
                         cells.text(w.short_day(t, p.actual_start)), cells.text(w.short_day(t, p.actual_end)),
                         cells.text(weeks_and_days(p.actual_days, t) if p.actual_days is not None
                                    else "—")])
        fixed = [word_width(headers[0], s["head"], 10 * mm), word_width(headers[2], s["head"], 20 * mm),
                 date_width(t, headers[3], 22 * mm), date_width(t, headers[4], 22 * mm),
                 word_width(headers[5], s["head"], 34 * mm)]  # "17 semanas y 2 días" on one line
        out.append(cells.CellTable(rows, [fixed[0], CONTENT_WIDTH - sum(fixed), *fixed[1:]],
                                   centred=range(2, len(headers))))
    else:
        out.append(para(t.gettext("No rotation plan is attached to this agreement.")))

    out.append(heading(t.gettext("Competencies: latest rating")))
    columns = (t.gettext("Code"), t.gettext("Competency"), t.gettext("Latest rating"), t.gettext("Date"),
               t.gettext("Reached"))
    rows = [cells.head_cells(columns)]
    socioemotional = " · " + t.gettext("socio-emotional")
    for c in doc.competencies:
        area = catalogue_words(c.area, t.gettext)
        if c.socioemotional and area != t.gettext(SOCIOEMOTIONAL_AREA):  # not "Socio-emotional skills · socio-…"
            area += socioemotional
        title = (*cells.text(catalogue_words(c.title, t.gettext)), cells.small(area))
        rating = cells.text(w.level_text(t, doc.programme.scale, c.level, c.recognised))
        if c.rater_role:
            rater = t.gettext("by: {name} ({role})").format(name=c.rater_name, role=w.role(t, c.rater_role)) \
                if c.rater_name else t.gettext("by: {role}").format(role=w.role(t, c.rater_role))
            rating += (cells.small(rater),)
        if c.comment.strip():
            rating += (cells.small(t.gettext("“{comment}”").format(comment=" ".join(c.comment.split())),
                                   italic=True),)
        if c.self_level is not None:
            rating += (cells.small(t.gettext("self-assessment: {level} ({date})").format(
                level=w.level_text(t, doc.programme.scale, c.self_level), date=w.short_day(t, c.self_assessed_on))),)
        rows.append([cells.text(c.code), title, rating, cells.text(w.short_day(t, c.assessed_on)),
                     cells.text(t.gettext("yes") if c.reached else t.gettext("no"))])
    widths = [word_width(columns[0], s["head"], 18 * mm), 0.0, 40 * mm, date_width(t, columns[3], 20 * mm),
              word_width(columns[4], s["head"], 18 * mm)]
    widths[1] = CONTENT_WIDTH - sum(widths)
    out.append(cells.CellTable(rows, widths, centred=(3, 4)))

    out.append(CondPageBreak(75 * mm))
    out.append(heading(t.gettext("Progress over time")))
    out.append(chart(doc, t))

    out.append(heading(t.gettext("Feedback")))
    if doc.feedback:
        rows = [cells.head_cells((t.gettext("Date"), t.pgettext("author of a note", "From"), t.gettext("Feedback")))]
        for f in doc.feedback:
            rows.append([cells.text(w.short_day(t, f.written_on)),
                         (*cells.text(f.author), cells.small(w.role(t, f.author_role))), cells.text(f.text)])
        day = date_width(t, t.gettext("Date"), 22 * mm)
        out.append(cells.CellTable(rows, [day, 40 * mm, CONTENT_WIDTH - 40 * mm - day]))
    else:
        out.append(para(t.gettext("No feedback was recorded in this period.")))

    out += progress_section(doc.logbook, t)
    out += exams_section(doc.exams, t)

    out.append(CondPageBreak(60 * mm))
    out.append(writing_lines(4, t.gettext("Comments of the company instructor")))
    out.append(Spacer(1, 3 * mm))
    out.append(writing_lines(4, t.gettext("Comments of the academic tutor")))
    out.append(signatures_section(t.gettext("Signatures"), [
        Signatory(w.company_instructor(t), doc.instructor_name),
        Signatory(t.gettext("Academic tutor"), doc.tutor_name),
        Signatory(w.apprentice_role(t, a.sex), a.full_name),
        Signatory(t.gettext("For the chamber office"), doc.letterhead.signatory, doc.letterhead.chamber_name),
    ], t))
    return out


def date_width(t: Translator, header: str, minimum: float) -> float:
    """A column of short dates wide enough for the language's widest one on one line (Portuguese and German
    write four-digit years: "27/09/2026" broke as "27/09/202" and "6"), and for its header's longest word."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    widest = stringWidth(w.short_day(t, date(2026, 12, 28)), fonts.REGULAR, cells.SIZE) + 2 * cells.SIDE + 2
    return max(word_width(header, stylesheet()["head"], minimum), widest)


def facts_table(rows: Sequence[tuple[str, str]], label_width: float = 52 * mm) -> cells.CellTable:
    """A label/value table as ``page.facts`` draws it, of plain text cells."""
    return cells.CellTable([(cells.text(label, fonts.BOLD, color=ACCENT), cells.text(value)) for label, value in rows],
                           [label_width, CONTENT_WIDTH - label_width], cells.FACTS)


def exams_section(r: Any, t: Translator) -> list[Flowable]:
    """The exam results (each part's counting attempt, the final grade), CONOCER verdicts and the school's
    certificate, or a line saying there are none yet."""
    from vetdesk.reports import final_certificate as fc

    out: list[Flowable] = [heading(t.gettext("Exams and certificates"))]
    if r is None or not (r.parts or r.conocer or r.school_certificate):
        out.append(para(t.gettext("No exam result, CONOCER verdict or school certificate is recorded yet.")))
        return out
    if r.parts:
        head = (t.gettext("Exam"), t.gettext("Date"), t.gettext("Points"), t.gettext("Grade"), t.gettext("Result"))
        rows: list[list[cells.Cell]] = [cells.head_cells(head)]
        for p in r.parts:
            a = p.attempt
            verdict = "–" if a.passed is None else (t.gettext("passed") if a.passed else t.gettext("not passed"))
            label = fc.part_label(t, p.part) + (" " + t.gettext("(resit)") if a.resit else "")
            rows.append([cells.text(x) for x in (
                label, w.short_day(t, a.held_on), fc.points(t, a.score), fc.grade_text(t, a.grade, a.band_word),
                verdict)])
        if r.final is not None:
            verdict = t.gettext("passed") if r.final.passed else t.gettext("not passed")
            rows.append([cells.text(x, fonts.BOLD, color=ACCENT) for x in (
                t.gettext("Final result"), "", fc.points(t, r.final.score),
                fc.grade_text(t, r.final.grade, r.final.band_word), verdict)])
        widths = [40 * mm, 24 * mm, 22 * mm, 0.0, 30 * mm]
        widths[3] = CONTENT_WIDTH - sum(widths)
        out += [cells.CellTable(rows, widths), Spacer(1, 2 * mm)]
    for standard, verdict, on, number in r.conocer:
        word = t.gettext("competent") if verdict == "competent" else t.gettext("not yet competent")
        out.append(para(t.gettext("CONOCER standard {standard}: {verdict} ({date}{number})").format(
            standard=standard, verdict=word, date=w.day(t, on), number=f", {number}" if number else "")))
    if r.school_certificate:
        issued, number, average = r.school_certificate
        out.append(para(t.gettext("School's academic certificate issued on {date}{number}{average}").format(
            date=w.day(t, issued), number=f", {number}" if number else "",
            average=(", " + t.gettext("average {value}").format(value=t.format_decimal(average, "0.00")))
            if average is not None else "")))
    return out


def build(doc: ProgressDocument, t: Translator, *, paper: str | None = None) -> bytes:
    info = PageInfo(letterhead=doc.letterhead,
                    title=t.gettext("Progress report {reference} – {name}").format(reference=doc.reference,
                                                                                 name=doc.apprentice.full_name),
                    subject=t.gettext("Period from {start} to {end}").format(start=w.day(t, doc.period_start),
                                                                            end=w.day(t, doc.period_end)),
                    kind=kind_label(t), reference=doc.reference, qr_text=doc.qr_reference, lang=t.locale,
                    paper=paper or doc.letterhead.paper,
                    footnote=footnote(t))
    return build_pdf(flowables(doc, t), info, t)
