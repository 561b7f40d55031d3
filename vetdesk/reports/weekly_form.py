"""The weekly report form (reporte semanal, Ausbildungsnachweis): one week of the apprentice's record of learning,
as recorded or blank to be filled in by hand, with the attendance of each day and the signatures of the apprentice
and the company instructor. Its QR code names the agreement and the week, so a filled form is matched to its
record when it comes back (``vetdesk logbook show``, ``services.logbook.find_week``).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from vetdesk.domain import logbook as L
from vetdesk.i18n import Translator, translator
from vetdesk.reports import words as w
from vetdesk.reports.page import (
    CONTENT_WIDTH,
    DocumentKind,
    PageInfo,
    Signatory,
    build_pdf,
    bullets,
    esc,
    footnote,
    heading,
    keep,
    page_count,
    para,
    signature_block,
    writing_lines,
)
from vetdesk.reports.styles import SHADE, DocTable, Paragraph, fitting_width, grid, label_value, stylesheet, word_width
from vetdesk.services.logbook import WeekFormDocument, week_form_document
from vetdesk.services.logbook_record import LogbookSummary
from vetdesk.services.office import Office

BOX = "☐"


def kind_label(t: Translator) -> str:
    return t.gettext("Weekly report")


def _reference(doc: WeekFormDocument) -> str:
    """The reference printed under the QR code, to be typed when the form is keyed back: the agreement, the week's
    Monday and the office's mark (``services.logbook.week_mark``)."""
    return " / ".join(part for part in (doc.reference, doc.monday.isoformat(), doc.mark) if part)


#: A value longer than this (a company's 120-character name) takes a row of the facts' whole width, so that it
#: wraps onto two lines there rather than five in half the width, and the form keeps its writing room and its
#: signatures on its page.
WIDE_VALUE = 40


def _facts_in_two_columns(pairs: list[tuple[str, str]]) -> DocTable:
    """Label and value, two pairs a row: the form's facts in half the height; a long value (see
    :data:`WIDE_VALUE`) on a row of its own, across the width."""
    s = stylesheet()
    wide = [(label, value) for label, value in pairs if len(value) > WIDE_VALUE]
    narrow = [(label, value) for label, value in pairs if len(value) <= WIDE_VALUE]
    cells = [[Paragraph(esc(label), s["label"]), Paragraph(esc(value), s["cell"])] for label, value in narrow]
    if len(cells) % 2:
        cells.append([Paragraph("", s["label"]), Paragraph("", s["cell"])])
    rows: list[list[Flowable | str]] = [[*cells[i], *cells[i + 1]] for i in range(0, len(cells), 2)]
    rows += [[Paragraph(esc(label), s["label"]), Paragraph(esc(value), s["cell"]), "", ""] for label, value in wide]
    # Wide enough for each label's longest word ("Ausbildungsberuf"): labels wrap between words, never inside one.
    label = min(max(word_width(text, s["label"], 26 * mm) for text, _value in pairs), 40 * mm)
    value = CONTENT_WIDTH / 2 - label
    table = DocTable(rows, colWidths=[label, value, label, value], splitByRow=1)
    table.setStyle(label_value())
    table.setStyle([("BACKGROUND", (2, 0), (2, len(rows) - len(wide) - 1), SHADE)] if len(rows) > len(wide) else [])
    for n in range(len(rows) - len(wide), len(rows)):
        table.setStyle([("SPAN", (1, n), (3, n))])
    return table


#: How many characters of the attached files' names its facts hold (one line); longer, they are listed beneath.
FILE_NAMES_SHOWN = 34


#: The height of a ruled line to write on; a form whose facts run long (a company's 120-character name) takes
#: the tighter one, so that its signatures stay on its page.
LINE, TIGHT_LINE = 7 * mm, 6 * mm


def _text_or_lines(text: str, lines: int, label: str, recorded: bool, line: float = LINE) -> list[Flowable]:
    """What the apprentice wrote; on a form printed to be filled in, ruled lines to write it by hand (a recorded
    report that says nothing there shows a dash)."""
    if text.strip() or recorded:
        return [heading(label), para(text.strip() or "—")]
    return [writing_lines(lines, label, line=line)]


def _competencies(doc: WeekFormDocument, t: Translator, *, lines: int = 2, width: float = CONTENT_WIDTH,
                  line: float = LINE) -> list[Flowable]:
    """The competencies practised as recorded; on a form to be filled in, the position's to tick."""
    s = stylesheet()
    label = t.gettext("Competencies practised")
    if doc.practised:
        return [heading(label), *(bullets(doc.competencies) if doc.competencies else [para("—")])]
    if not doc.competencies:
        return [writing_lines(lines, label, width, line)]
    # In one paragraph, box beside box, so that the form stays on its page: left-aligned (justified, the spaces
    # stretched until a box stood apart from its competency), each box bound to its code by a no-break space.
    # Its label as the ruled boxes' labels beside it are.
    return [Paragraph(esc(label), s["subheading"]),
            Paragraph("&nbsp;&nbsp; ".join(esc(f"{BOX}\u00a0{c}") for c in doc.competencies), s["cell"])]


def _countersignature(doc: WeekFormDocument, t: Translator) -> list[Flowable]:
    """A countersigned week's record of it: who approved it, where, and when (none for a week not countersigned:
    its form has the boxes to sign)."""
    if doc.status != L.WeekStatus.APPROVED or doc.reviewed_on is None:
        return []
    s = stylesheet()
    approved_on, who = w.day(t, doc.reviewed_on), doc.countersigned_by or ""
    if not who:  # no record says who approved it (nor, so, where): the day only, and that the rest is not known
        line = t.gettext("Approved (countersigned) on {date}; who approved it is not recorded.").format(
            date=approved_on)
    elif doc.approved_at_office:
        line = t.gettext("Approved at the office by {user} on {date}, from the instructor's countersignature on "
                         "paper.").format(user=who, date=approved_on)
    elif doc.imported_by:
        # The file says no day of decision: what is known (the day it was saved, the day the office received it).
        line = L.file_approval(who, doc.reviewed_on, doc.imported_on, t.gettext, lambda day: w.day(t, day))
    else:
        line = t.gettext("Countersigned in vetdesk by the company instructor {user} on {date}.").format(
            user=who, date=approved_on)
    out: list[Flowable] = [heading(t.gettext("Countersignature")), Paragraph("<b>" + esc(line) + "</b>", s["body"])]
    if doc.imported_by:
        out.append(para(t.gettext("Taken into the office's record from the exchange file by {user} on {date}.")
                        .format(user=doc.imported_by, date=w.day(t, doc.imported_on) if doc.imported_on else "?")))
    return out


#: Where a week's files are named when their names do not fit its facts: beneath them in small type, or (when
#: that would take the form onto a second page) on an annex page, the facts saying so.
BENEATH, ANNEX = "beneath", "annex"


def flowables(doc: WeekFormDocument, t: Translator, files: str = BENEATH, line: float = LINE) -> list[Flowable]:
    s = stylesheet()
    period = t.gettext("Week from {start} to {end}").format(start=w.day(t, doc.monday), end=w.day(t, doc.sunday))
    out: list[Flowable] = [DocumentKind(kind_label(t), _reference(doc), doc.qr_reference),
                           Paragraph(esc(kind_label(t)), s["title"]),
                           Paragraph(esc(period), s["subtitle"]),
                           Paragraph(esc(t.gettext("Agreement {reference}").format(reference=doc.reference)),
                                     s["reference"])]
    pairs: list[tuple[str, str]] = [
        (w.apprentice_label(t, doc.apprentice_sex), doc.apprentice),  # by the recorded sex
        (w.id_name(t, doc.id_country), w.id_value(doc.id_country, doc.curp)),
        (t.gettext("Company"), doc.company), (w.instructor_label(t), w.or_missing(t, doc.instructor)),
        (t.gettext("Programme (career)"), doc.programme),
        (t.gettext("Hours at the company"), w.hours(t, doc.hours) if doc.hours is not None else "________"),
        (t.gettext("Hours at school"),
         w.hours(t, doc.school_hours) if doc.school_hours is not None else "________"),
        (t.gettext("Learning position"), t.gettext(L.BY_ROTATION).format(position=doc.position)
         if doc.position_by_rotation else w.or_missing(t, doc.position)),
    ]
    if doc.status:  # a form printed to be filled in by hand has none yet
        pairs.append((t.gettext("Status"), t.gettext(L.WEEK_STATUS_LABELS[L.WeekStatus(doc.status)])))
    names = ", ".join(doc.attachments)
    n = len(doc.attachments)
    if doc.attachments:  # among the facts when their names fit there; else every name beneath, or on an annex
        pairs.append((t.pgettext("weekly form", "Files"), t.gettext("{n}: {names}").format(n=n, names=names)
                      if len(names) <= FILE_NAMES_SHOWN else t.ngettext(
                          "{n}, named below", "{n}, named below", n).format(n=n) if files == BENEATH else
                      t.ngettext("{n} (see the annex)", "{n} (see the annex)", n).format(n=n)))
    out.append(_facts_in_two_columns(pairs))
    if len(names) > FILE_NAMES_SHOWN and files == BENEATH:
        # Every file by its name in small type (ten of 120 characters take seven lines).
        small = s["cell"].clone("files", fontSize=6.5, leading=7.5)
        out += [Spacer(1, 1 * mm), Paragraph(esc(t.gettext("Files attached: {names}.").format(names=names)), small)]
    out.append(heading(t.gettext("Attendance")))
    out.append(_attendance(doc, t))
    recorded = doc.status is not None
    out += _text_or_lines(doc.activities, ACTIVITY_LINES, t.gettext("What was done and learnt at the company"),
                          recorded, line)
    countersigned = _countersignature(doc, t)
    if not recorded and not doc.review_note.strip() and not countersigned:
        # A form to be filled in by hand: the three smaller boxes side by side, so that the account of the week
        # keeps its lines and the signatures their place on the page.
        out.append(_boxes_side_by_side(doc, t, line))
        out.append(Spacer(1, 2 * mm))
        out.append(keep(_signatures(doc, t)))
        return out + _files_annex(doc, t, names, files)
    out += _text_or_lines(doc.school_topics, 2, t.gettext("Topics at school"), recorded)
    out += _competencies(doc, t)
    if doc.review_note.strip():
        out += [heading(w.instructor_note(t)), para(doc.review_note)]
    elif not countersigned:  # room for a note by hand, on a week still to be signed on paper
        out.append(writing_lines(2, w.instructor_note(t)))
    out.append(Spacer(1, 2 * mm))
    if countersigned:
        # Signed already: the recorded countersignature, not boxes and "Date: ____" lines to sign again.
        out.append(keep(*countersigned))
    else:
        out.append(keep(_signatures(doc, t)))
    return out + _files_annex(doc, t, names, files)


def _signatures(doc: WeekFormDocument, t: Translator) -> Flowable:
    return signature_block([
        Signatory(w.apprentice_role(t, doc.apprentice_sex), doc.apprentice),
        Signatory(w.company_instructor(t), doc.instructor),
    ], t, room=SIGNING_ROOM)


#: The room above each signature line (a hand signature's height), a little less than a contract's.
SIGNING_ROOM = 12 * mm


def _files_annex(doc: WeekFormDocument, t: Translator, names: str, files: str) -> list[Flowable]:
    """The files' names on a page of their own after the form (when they do not fit its facts and beneath them
    they would take the form past its page)."""
    if len(names) <= FILE_NAMES_SHOWN or files != ANNEX:
        return []
    s = stylesheet()
    return [PageBreak(), heading(t.gettext("Annex: the files attached to this weekly report")),
            *[Paragraph(esc(f"{i}. {name}"), s["body"].clone("annex", alignment=0))  # left, not justified
              for i, name in enumerate(doc.attachments, start=1)]]


#: The ruled lines of each of the form's smaller boxes set side by side (topics at school, competencies, the
#: instructor's note).
BOX_LINES = 2


def _boxes_side_by_side(doc: WeekFormDocument, t: Translator, line: float = LINE) -> DocTable:
    """Topics at school, the competencies practised and the instructor's note, each a column of ruled lines."""
    gap = 4 * mm
    width = (CONTENT_WIDTH - 2 * gap) / 3
    cells = [[writing_lines(BOX_LINES, t.gettext("Topics at school"), width, line)],
             _competencies(doc, t, lines=BOX_LINES, width=width, line=line),
             [writing_lines(BOX_LINES, w.instructor_note(t), width, line)]]
    table = DocTable([[cells[0], "", cells[1], "", cells[2]]], colWidths=[width, gap, width, gap, width])
    table.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0)])
    return table


#: The ruled lines for what the apprentice did and learnt at the company, on a form filled in by hand: the room a
#: week's account needs (the form's other boxes take two lines each).
ACTIVITY_LINES = 6


def _attendance(doc: WeekFormDocument, t: Translator) -> DocTable:
    """Each working day on one line, a column for each kind of attendance: on a form to be filled in a box to
    tick under each (one line a day, where the boxes written out took two), a recorded day's kind ticked."""
    s = stylesheet()
    head_style = s["head"].clone("attendance_head", fontSize=6.5, leading=7.5, alignment=1)
    centre = s["cell"].clone("attendance_box", alignment=1)
    head: list[Flowable | str] = [Paragraph(esc(t.gettext("Day")), s["head"]),
                                  Paragraph(esc(t.gettext("Date")), s["head"]),
                                  *(Paragraph(esc(t.gettext(label)), head_style) for _code, label in L.PRESENCE)]
    rows: list[list[Flowable | str]] = [head]
    spans: list[int] = []
    for i, name in enumerate(L.DAY_NAMES):
        day = doc.monday + timedelta(days=i)
        code = doc.attendance.get(i)
        if i >= doc.working_days and not code:
            continue  # not one of the agreement's working days (a day recorded on it still shows)
        row: list[Flowable | str] = [Paragraph(esc(t.gettext(name)), s["cell"]),
                                     Paragraph(esc(w.short_day(t, day)), s["cell"])]
        if code or i in doc.open_days:
            row += [Paragraph("☒" if other == code else ("" if code else BOX), centre)
                    for other, _label in L.PRESENCE]
        else:
            row += [Paragraph(esc(t.gettext("— outside the agreement")), s["cell"])] + [""] * (len(L.PRESENCE) - 1)
            spans.append(len(rows))
        rows.append(row)
    day_width = max(word_width(t.gettext(name), s["cell"], 18 * mm) for name in L.DAY_NAMES)
    date_width = fitting_width(w.short_day(t, doc.sunday), s["cell"], 16 * mm)
    table = DocTable(rows, colWidths=[day_width, date_width, *_kind_widths(t, CONTENT_WIDTH - day_width - date_width,
                                                                          head_style)],
                     repeatRows=1, splitByRow=1)
    table.setStyle(grid())
    table.setStyle([("VALIGN", (2, 0), (-1, 0), "MIDDLE"), ("LEFTPADDING", (2, 0), (-1, -1), 2),
                    ("RIGHTPADDING", (2, 0), (-1, -1), 2),
                    *(("SPAN", (2, n), (-1, n)) for n in spans)])
    return table


def _kind_widths(t: Translator, room: float, style: Any) -> list[float]:
    """The attendance kinds' columns in ``room``: each as wide as its heading's longest word ("unentschuldigt"),
    so that a heading wraps between words, never inside one (the font made smaller while the words do not fit),
    and what is left shared alike."""
    labels = [t.gettext(label) for _code, label in L.PRESENCE]
    while True:
        least = [word_width(label, style, 8 * mm) - 4 for label in labels]  # (2 pt of padding each side)
        if sum(least) <= room or style.fontSize <= 5:
            break
        style.fontSize, style.leading = style.fontSize - 0.25, style.leading - 0.25
    spare = max(room - sum(least), 0) / len(labels)
    return [width + spare for width in least]


def build(doc: WeekFormDocument, t: Translator, *, paper: str | None = None) -> bytes:
    info = PageInfo(letterhead=doc.letterhead,
                    title=t.gettext("Weekly report {reference} – {name}").format(reference=doc.reference,
                                                                                name=doc.apprentice),
                    subject=t.gettext("Week from {start} to {end}").format(start=w.day(t, doc.monday),
                                                                           end=w.day(t, doc.sunday)),
                    kind=kind_label(t), reference=_reference(doc),
                    qr_text=doc.qr_reference, lang=t.locale, paper=paper or doc.letterhead.paper,
                    footnote=footnote(t))
    # The form on one page with its signatures: the files' names beneath its facts, else on an annex page (so
    # they take no writing room); a form to be filled in whose facts run long (a company's 120-character name)
    # with its lines a little tighter, as many of them. The first that keeps the form to its page is taken.
    names_long = len(", ".join(doc.attachments)) > FILE_NAMES_SHOWN
    tries = [(BENEATH, LINE), *([(ANNEX, LINE)] if names_long else []),
             *([(BENEATH, TIGHT_LINE)] + ([(ANNEX, TIGHT_LINE)] if names_long else []) if doc.status is None else [])]
    first = None
    for files, line in tries:
        content = build_pdf(flowables(doc, t, files, line), info, t)
        form_pages = page_count(content) - (1 if files == ANNEX else 0)
        if form_pages <= 1:
            return content
        first = first or content
    assert first is not None
    return first  # longer than a page whatever is done (a recorded week's long account): as it is


def week_pdf(db: Office, agreement_id: int, week: date, *, lang: str | None = None,
             paper: str | None = None) -> bytes:
    """The weekly report form of the week holding ``week``, in ``lang``."""
    return build(week_form_document(db, agreement_id=agreement_id, week=week), translator(lang), paper=paper)


# -- the progress report's section ---------------------------------------------------------------------------

#: How many weeks not countersigned the progress report names before it counts the rest.
GAPS_NAMED = 16
#: The progress report's section in one size (the report's body text); the instructor's notes it quotes (the
#: latest), each cut to so many characters.
SECTION_STYLE = "body"
NOTES_NAMED = 12
NOTE_CHARACTERS = 300


def _cut(text: str, limit: int) -> str:
    """A note cut at a word before ``limit`` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    head = text[:limit - 1]
    return (head.rsplit(" ", 1)[0] if " " in head[limit // 2:] else head) + "…"


def summary_paragraphs(summary: LogbookSummary, t: Translator) -> list[tuple[str, str]]:
    """What the progress report and ``vetdesk progress`` say of the weekly reports and attendance of a period, in
    ``t``'s language: (headline, text) paragraphs, the headline (set in bold on paper) often empty. The one wording
    of both: how many weeks were countersigned (by the instructor, or approved at the office from paper), which are
    not (missing, waiting, returned), the instructor's notes on the weeks, and the days by attendance."""
    out: list[tuple[str, str]] = []
    if summary.on_paper:
        out.append(("", t.gettext(L.ON_PAPER_NOTE)))
    elif summary.kept_since is not None:
        out.append(("", t.gettext(L.KEPT_SINCE_NOTE).format(date=t.format_numeric_date(summary.kept_since))))
    if not summary.weeks_due:
        if not summary.on_paper:
            out.append(("", t.gettext("No weekly report was due in this period.")))
    else:
        out.append((t.ngettext(
            "{approved} of {due} weekly report countersigned.", "{approved} of {due} weekly reports countersigned.",
            summary.weeks_due).format(approved=summary.approved, due=summary.weeks_due), t.gettext(
                "Waiting for review: {waiting}; returned for correction: {returned}; missing: {missing}; overdue: "
                "{overdue}.").format(waiting=summary.waiting, returned=summary.returned, missing=summary.missing,
                                     overdue=summary.overdue)))
        if summary.at_office:
            out.append(("", t.gettext(
                "Countersigned by the instructor: {instructor}; approved at the office from the instructor's "
                "countersignature on paper: {office}.").format(instructor=summary.by_instructor,
                                                                office=summary.at_office)))
        if summary.gaps:
            named = [f"{w.short_day(t, monday)} ({t.gettext(L.GAP_LABELS[L.Gap(state)])})"
                     for monday, state in summary.gaps[:GAPS_NAMED]]
            rest = len(summary.gaps) - len(named)
            text = ", ".join(named) + (" " + t.ngettext("and {n} more week", "and {n} more weeks", rest).format(n=rest)
                                       if rest > 0 else "")
            out.append(("", t.gettext("Weeks not countersigned: {weeks}.").format(weeks=text)))
    if summary.positions:
        out.append(("", t.gettext("Learning positions (weeks): {positions}.").format(
            positions="; ".join(f"{name} {n}" for name, n in summary.positions))))
    if summary.practised:
        out.append(("", t.gettext("Competencies practised (weeks): {competencies}.").format(
            competencies="; ".join(f"{name} {n}" for name, n in summary.practised))))
    if summary.notes:
        out.append(("", t.gettext("The instructor's notes on the weeks:")))
        for monday, note in summary.notes[-NOTES_NAMED:]:
            out.append(("", t.gettext("Week of {day}: {note}").format(day=w.short_day(t, monday),
                                                                     note=_cut(note, NOTE_CHARACTERS))))
        rest = len(summary.notes) - NOTES_NAMED
        if rest > 0:
            out.append(("", t.ngettext("(and the notes of {n} earlier week, in the weekly reports)",
                                       "(and the notes of {n} earlier weeks, in the weekly reports)", rest)
                        .format(n=rest)))
    if summary.files:
        named = [t.gettext("week of {day}: {names}").format(day=w.short_day(t, monday), names=", ".join(names))
                 for monday, names in summary.files]  # every file, by its week
        total = sum(len(names) for _monday, names in summary.files)
        out.append(("", t.ngettext("{n} file attached to the weekly reports ({weeks}).",
                                   "{n} files attached to the weekly reports ({weeks}).", total).format(
            n=total, weeks="; ".join(named))))
    attendance = summary.attendance
    if attendance.recorded:
        days = " · ".join(f"{t.gettext(label)} {attendance.count(code)}" for code, label in L.PRESENCE)
        out.append(("", t.ngettext("Attendance: {days} day recorded, {absent} of them absent ({by_kind}).",
                                   "Attendance: {days} days recorded, {absent} of them absent ({by_kind}).",
                                   attendance.recorded).format(days=attendance.recorded, absent=attendance.absent,
                                                               by_kind=days)))
        out.append(("", t.gettext(
            "At the company: present {present}, absent excused {excused}, absent unexcused {unexcused}. At school: "
            "present {school}, absent excused {school_excused}, absent unexcused {school_unexcused}.").format(
            present=attendance.in_class("company", "present"), excused=attendance.in_class("company", "excused"),
            unexcused=attendance.in_class("company", "unexcused"), school=attendance.in_class("school", "present"),
            school_excused=attendance.in_class("school", "excused"),
            school_unexcused=attendance.in_class("school", "unexcused"))))
    else:
        out.append(("", t.gettext("No attendance was recorded in this period.")))
    return out


def progress_section(summary: LogbookSummary | None, t: Translator) -> list[Flowable]:
    """The weekly reports and attendance of a progress report's period (:func:`summary_paragraphs`), all in one
    size (the body text's)."""
    if summary is None:
        return []
    s = stylesheet()
    size = SECTION_STYLE
    out: list[Flowable] = [heading(t.gettext("Weekly reports and attendance"))]
    for headline, text in summary_paragraphs(summary, t):
        if headline:
            out.append(Paragraph("<b>" + esc(headline) + "</b> " + esc(text), s[size]))
        else:
            out.append(para(text, size))
    return [*out, Spacer(1, 3 * mm)]
