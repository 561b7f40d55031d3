"""The weekly report form (reporte semanal, Ausbildungsnachweis): one week of the apprentice's record of learning,
as recorded or blank to be filled in by hand, with the attendance of each day and the signatures of the apprentice
and the company instructor. Its QR code names the agreement and the week, so a filled form is matched to its
record when it comes back (``vetdesk logbook show``, ``services.logbook.find_week``).
"""

from __future__ import annotations

from datetime import date, timedelta

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


def _facts_in_two_columns(pairs: list[tuple[str, str]]) -> DocTable:
    """Label and value, two pairs a row: the form's facts in half the height."""
    s = stylesheet()
    cells = [[Paragraph(esc(label), s["label"]), Paragraph(esc(value), s["cell"])] for label, value in pairs]
    if len(cells) % 2:
        cells.append([Paragraph("", s["label"]), Paragraph("", s["cell"])])
    rows = [cells[i] + cells[i + 1] for i in range(0, len(cells), 2)]
    # Wide enough for each label's longest word ("Ausbildungsberuf"): labels wrap between words, never inside one.
    label = min(max(word_width(text, s["label"], 26 * mm) for text, _value in pairs), 40 * mm)
    value = CONTENT_WIDTH / 2 - label
    table = DocTable(rows, colWidths=[label, value, label, value], splitByRow=1)
    table.setStyle(label_value())
    table.setStyle([("BACKGROUND", (2, 0), (2, -1), SHADE)])
    return table


#: How many characters of the attached files' names its facts hold (one line); longer, they are listed beneath.
FILE_NAMES_SHOWN = 34


def _text_or_lines(text: str, lines: int, label: str, recorded: bool) -> list[Flowable]:
    """What the apprentice wrote; on a form printed to be filled in, ruled lines to write it by hand (a recorded
    report that says nothing there shows a dash)."""
    if text.strip() or recorded:
        return [heading(label), para(text.strip() or "—")]
    return [writing_lines(lines, label)]


def _competencies(doc: WeekFormDocument, t: Translator) -> list[Flowable]:
    """The competencies practised as recorded; on a form to be filled in, the position's to tick."""
    s = stylesheet()
    label = t.gettext("Competencies practised")
    if doc.practised:
        return [heading(label), *(bullets(doc.competencies) if doc.competencies else [para("—")])]
    if not doc.competencies:
        return [writing_lines(2, label)]
    # In one paragraph, box beside box, so that the form stays on its page.
    return [heading(label), Paragraph("&nbsp;&nbsp; ".join(esc(f"{BOX} {c}") for c in doc.competencies), s["body"])]


def _countersignature(doc: WeekFormDocument, t: Translator) -> list[Flowable]:
    """A countersigned week's record of it: who approved it, where, and when (none for a week not countersigned:
    its form has the boxes to sign)."""
    if doc.status != L.WeekStatus.APPROVED or doc.reviewed_on is None:
        return []
    s = stylesheet()
    approved_on, who = w.day(t, doc.reviewed_on), doc.countersigned_by or t.gettext("unknown")
    if doc.approved_at_office:
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


def flowables(doc: WeekFormDocument, t: Translator, files: str = BENEATH) -> list[Flowable]:
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
    presence = [t.gettext(label) for _code, label in L.PRESENCE]
    head = [Paragraph(esc(t.gettext("Day")), s["head"]), Paragraph(esc(t.gettext("Date")), s["head"]),
            Paragraph(esc(t.gettext("Attendance")), s["head"])]
    rows: list[list[Flowable | str]] = [list(head)]
    boxes = s["cell"].clone("boxes", fontSize=7, leading=8.5)
    for i, name in enumerate(L.DAY_NAMES):
        day = doc.monday + timedelta(days=i)
        code = doc.attendance.get(i)
        if i >= doc.working_days and not code:
            continue  # not one of the agreement's working days (a day recorded on it still shows)
        if code:
            cell = Paragraph(esc(t.gettext(dict(L.PRESENCE)[code])), s["cell"])
        elif i in doc.open_days:
            cell = Paragraph(esc("  ".join(f"{BOX} {p}" for p in presence)), boxes)
        else:
            cell = Paragraph(esc(t.gettext("— outside the agreement")), s["cell"])
        rows.append([Paragraph(esc(t.gettext(name)), s["cell"]), Paragraph(esc(w.short_day(t, day)), s["cell"]),
                     cell])
    day_width = max(word_width(t.gettext(name), s["cell"], 18 * mm) for name in L.DAY_NAMES)
    date_width = fitting_width(w.short_day(t, doc.sunday), s["cell"], 16 * mm)
    table = DocTable(rows, colWidths=[day_width, date_width, CONTENT_WIDTH - day_width - date_width], repeatRows=1,
                     splitByRow=1)
    table.setStyle(grid())
    out.append(table)
    recorded = doc.status is not None
    out += _text_or_lines(doc.activities, 4, t.gettext("What was done and learnt at the company"), recorded)
    out += _text_or_lines(doc.school_topics, 2, t.gettext("Topics at school"), recorded)
    out += _competencies(doc, t)
    countersigned = _countersignature(doc, t)
    if doc.review_note.strip():
        out += [heading(w.instructor_note(t)), para(doc.review_note)]
    elif not countersigned:  # room for a note by hand, on a week still to be signed on paper
        out.append(writing_lines(2, w.instructor_note(t)))
    out.append(Spacer(1, 2 * mm))
    if countersigned:
        # Signed already: the recorded countersignature, not boxes and "Date: ____" lines to sign again.
        out.append(keep(*countersigned))
    else:
        out.append(keep(signature_block([
            Signatory(w.apprentice_role(t, doc.apprentice_sex), doc.apprentice),
            Signatory(w.company_instructor(t), doc.instructor),
        ], t)))
    if len(names) > FILE_NAMES_SHOWN and files == ANNEX:
        out += [PageBreak(), heading(t.gettext("Annex: the files attached to this weekly report")),
                *[Paragraph(esc(f"{i}. {name}"), s["body"].clone("annex", alignment=0))  # left, not justified
                  for i, name in enumerate(doc.attachments, start=1)]]
    return out


def build(doc: WeekFormDocument, t: Translator, *, paper: str | None = None) -> bytes:
    info = PageInfo(letterhead=doc.letterhead,
                    title=t.gettext("Weekly report {reference} – {name}").format(reference=doc.reference,
                                                                                name=doc.apprentice),
                    subject=t.gettext("Week from {start} to {end}").format(start=w.day(t, doc.monday),
                                                                           end=w.day(t, doc.sunday)),
                    kind=kind_label(t), reference=_reference(doc),
                    qr_text=doc.qr_reference, lang=t.locale, paper=paper or doc.letterhead.paper,
                    footnote=footnote(t))
    content = build_pdf(flowables(doc, t), info, t)
    if len(", ".join(doc.attachments)) > FILE_NAMES_SHOWN and _pages(content) > 1:
        # The names beneath the facts took the form past its page: the form as it is without them, and the names
        # on an annex page (a form already longer than a page keeps them beneath).
        annexed = build_pdf(flowables(doc, t, ANNEX), info, t)
        if _pages(annexed) - 1 < _pages(content):
            return annexed
    return content


def _pages(content: bytes) -> int:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(content)
    try:
        return len(pdf)
    finally:
        pdf.close()


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
