"""The page every document shares: letterhead, QR code, footer with "page X of Y", PDF metadata, and the
small flowables (fact tables, signature blocks, lines to write on) the builders compose.
"""

from __future__ import annotations

import copy
import hashlib
import io
import os
import re
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.lib.boxstuff import aspectRatioFix
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, _digester
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import PDFImageXObject, PDFObjectReference
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Spacer,
)

from vetdesk.domain.problems import RuleViolation, error
from vetdesk.i18n import Translator, gettext
from vetdesk.reports import cells, fonts
from vetdesk.reports.styles import ACCENT, INK, RULE, DocTable, Paragraph, label_value, stylesheet
from vetdesk.services import clauses, outputs
from vetdesk.services.agreement_sheet import Letterhead
from vetdesk.services.clauses import Block, ClauseText
from vetdesk.services.outputs import check_target
from vetdesk.services.qr import QR_PIXELS, qr_bitmap, qr_modules, qr_rows  # noqa: F401 - re-exported
from vetdesk.services.settings import LOGO_WIDTH_MM

# Binary (Flate-only) streams: ASCII85 on top only makes files larger and, without reportlab's optional
# C accelerator, costs a quarter of the time of a document.
rl_config.useA85 = 0


class _Flate(pdfdoc.PDFStreamFilterZCompress):
    """reportlab's Flate filter. The font subsets a batch's documents embed again and again (≈40 KB each) are
    compressed fully and remembered (:func:`_deflated`); a document's own streams (its pages, its letterhead),
    made once, at zlib's fastest level: half the time (≈0.35 ms a progress report) for ≈1 % larger files."""

    def encode(self, text: str | bytes) -> bytes:
        data = text.encode("utf8") if isinstance(text, str) else text
        return _deflated(data) if len(data) >= KEPT_STREAM else zlib.compress(data, 1)


#: The size from which a stream is a font's (a page of text or a letterhead stays well under it).
KEPT_STREAM = 32768


@lru_cache(maxsize=32)
def _deflated(data: bytes) -> bytes:
    return zlib.compress(data)


pdfdoc.PDFZCompress = _Flate()  # where reportlab's pages, fonts and character maps take their filter

_NOT_IN_PDFDOC = re.compile("[\x18-\x1f]")  # the only ASCII characters PDFDocEncoding does not have


def _pdfdoc_bytes(text: object) -> object:
    """reportlab's ``pdfdocEnc`` (text in PDFDocEncoding, every name, number and key of the file), the same bytes:
    ASCII, which PDFDocEncoding writes as itself, is encoded by Python's own codec, anything else by reportlab's
    (written in Python, looked up each time: ≈5 % of a progress report's build, ≈450 calls a document)."""
    if isinstance(text, str):
        if text.isascii() and not _NOT_IN_PDFDOC.search(text):
            return text.encode("ascii")
        return text.encode("extpdfdoc")
    return text


pdfdoc.pdfdocEnc = _pdfdoc_bytes  # where reportlab's objects take it when they are written


#: The paper sizes an office prints on: Letter in Mexico (the default), A4 elsewhere.
PAPERS = {"letter": LETTER, "a4": A4}
DEFAULT_PAPER = "letter"
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
HEADER_HEIGHT = 36 * mm
FOOTER_HEIGHT = 14 * mm
#: The same on every paper (A4's width less its margins): tables are laid out once, and on the wider Letter
#: page the side margins grow a little.
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
QR_SIZE = 21 * mm


def paper_size(paper: str | None) -> tuple[float, float]:
    return PAPERS.get((paper or DEFAULT_PAPER).lower(), PAPERS[DEFAULT_PAPER])


def footnote(t: Translator, text: ClauseText | None = None, *, printed: bool = True) -> str:
    """The record of this printing on every page: the day (with its full year, in the language's medium format:
    "3 dic 2026", "03.12.2026"), and the office's text it used, as an office says it (:func:`text_note`). A
    certificate, whose date line is its issue date, leaves the day out (``printed=False``): one date, stated
    once."""
    from datetime import date

    note = t.gettext("Printed on {date}").format(date=t.format_date(date.today(), "medium")) if printed else ""
    return " · ".join(x for x in (note, text_note(t, text)) if x)


def text_note(t: Translator, text: ClauseText | None) -> str:
    """Which words the document printed, short and in its language: "Texto: versión de fábrica (5f237d)", "Texto:
    versión 3 de la oficina, del 3 dic 2026 (5f237d)" (the first six hex digits of the text's SHA-256, which the
    history's ``text_version``, ``agreement/es v3 (5f237d)``, names too), "Texto: vista previa, sin guardar" for
    an edit not saved; a document whose text the office does not edit (``None``): the version of vetdesk that
    wrote it."""
    if text is None:
        from vetdesk.services.clauses import shipped_text_version

        return t.gettext("Text of {version}").format(version=shipped_text_version())
    if text.version < 0:
        return t.gettext("Text: preview, not saved")
    if text.version == 0:
        return t.gettext("Text: shipped version ({digest})").format(digest=text.digest)
    if text.saved_at is None:
        return t.gettext("Text: the office's version {n} ({digest})").format(n=text.version, digest=text.digest)
    from datetime import UTC

    day = text.saved_at.replace(tzinfo=UTC).astimezone().date()  # stored in UTC: the office's own day
    return t.gettext("Text: the office's version {n}, of {date} ({digest})").format(
        n=text.version, date=t.format_date(day, "medium"), digest=text.digest)


def esc(text: object) -> str:
    """Text made safe for a reportlab Paragraph (which reads a little XML)."""
    return escape("" if text is None else str(text), quote=False).replace("\n", "<br/>")


@dataclass(frozen=True)
class PageInfo:
    """What every page of a document shows besides its content, and the PDF's metadata."""

    letterhead: Letterhead
    title: str
    subject: str
    kind: str
    reference: str
    qr_text: str
    lang: str
    #: letter or a4.
    paper: str = DEFAULT_PAPER
    #: What the footer adds on every page: when it was printed and which version of the office's text it used.
    footnote: str = ""
    #: How large the QR code is printed (a certificate's carries a signature: more modules).
    qr_size: float = QR_SIZE
    #: The PDF's keywords (a certificate keeps its signed text there, for ``vetdesk verify FILE.pdf``).
    keywords: str = ""
    #: The parties who initial every page (Mexican practice for a contract of several pages: each party's
    #: initials, *rúbrica*, on each page); their roles, each above a line of the footer.
    initials: tuple[str, ...] = ()
    #: A word printed large and faint across every page ("COPY": a reprint of a signed agreement); "" for none.
    watermark: str = ""


class DocumentKind(Flowable):
    """An invisible marker: from the page it lands on, the footer names ``kind`` and ``reference`` (for packs
    of several documents in one PDF)."""

    width = height = 0

    def __init__(self, kind: str, reference: str, qr_text: str):
        super().__init__()
        self.kind, self.reference, self.qr_text = kind, reference, qr_text

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return 0, 0

    def draw(self) -> None:
        self.canv._vetdesk_kind = (self.kind, self.reference, self.qr_text)  # type: ignore[attr-defined]


class QrCode(Flowable):
    """A QR code of ``text``, ``size`` wide, in the flow of a page (a certificate's signed text)."""

    def __init__(self, text: str, size: float, *, image: bool = False, blank: bool = False):
        super().__init__()
        self.text, self.size, self.image, self.blank = text, size, image, blank

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.size, self.size

    def draw(self) -> None:
        if self.image:
            # As one image (its pixels the modules): the signature binds everything else on the page, and the
            # verifier finds this image by its pixels, which must be the QR code of the signed text.
            from PIL import Image

            side, pixels = qr_bitmap(self.text, blank=self.blank)
            picture = Image.frombytes("L", (side, side), pixels)
            self.canv.drawImage(ImageReader(picture), 0, 0, self.size, self.size)
        else:
            _draw_qr(self.canv, self.text, 0, 0, self.size)


def _draw_qr(canvas: Canvas, text: str, x: float, y: float, size: float) -> None:
    """The dark modules as one filled path of a rectangle per run of them in a row (what ``canvas.drawPath`` of
    those rectangles writes), each rectangle's operator written once per process (:func:`_qr_rect`): in a batch
    the same runs come again in every code (its finder and timing patterns among them)."""
    runs = qr_runs(text)
    count = len(runs)
    canvas.setFillColorRGB(0, 0, 0)
    canvas._code.append(" ".join([_qr_rect(x, y, size, count, r, start, length)
                                  for r, row in enumerate(runs) for start, length in row]) + " f")


@lru_cache(maxsize=16384)
def _qr_rect(x: float, y: float, size: float, modules: int, row: int, start: int, length: int) -> str:
    border = 1
    box = size / (modules + 2 * border)
    return fp_str(x + (start + border) * box, y + size - (row + border + 1) * box, length * box, box) + " re"


_DARK_RUN = re.compile(b"\x01+")


def qr_runs(text: str) -> tuple[tuple[tuple[int, int], ...], ...]:
    """The QR code of ``text`` as runs of dark modules, row by row: (first column, length) each, found by a regular
    expression over the row's bytes (a Python loop over every module was most of drawing a letterhead)."""
    return tuple(tuple((m.start(), m.end() - m.start()) for m in _DARK_RUN.finditer(bytes(row)))
                 for row in qr_rows(text))


def _canvas_class(info: PageInfo, t: Translator) -> type[Canvas]:
    """A canvas that holds its pages back until the end, so each footer can say "page X of Y"."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved: list[dict[str, Any]] = []
            self._vetdesk_kind = (info.kind, info.reference, info.qr_text)

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved)
            for number, state in enumerate(self._saved, start=1):
                self.__dict__.update(state)
                self._footer(number, total)
                Canvas.showPage(self)
            Canvas.save(self)

        def _footer(self, number: int, total: int) -> None:
            kind, reference, _qr = self._vetdesk_kind
            width = self._pagesize[0]
            left = (width - CONTENT_WIDTH) / 2
            self.saveState()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(left, FOOTER_HEIGHT, width - left, FOOTER_HEIGHT)
            self.setFont(fonts.REGULAR, 7.5)
            self.setFillColor(INK)
            self.drawString(left, FOOTER_HEIGHT - 10, f"{kind} · {reference}")
            self.drawRightString(width - left, FOOTER_HEIGHT - 10,
                                 t.gettext("Page {page} of {pages}").format(page=number, pages=total))
            if info.footnote:  # smaller when long (a copy's note in German), never past the margin
                size = min(6.5, 6.5 * CONTENT_WIDTH / max(1.0, self.stringWidth(info.footnote, fonts.REGULAR, 6.5)))
                self.setFont(fonts.REGULAR, size)
                self.drawString(left, FOOTER_HEIGHT - 19, info.footnote)
            if info.initials:
                _initials_row(self, left, info.initials, t)
            if info.watermark:
                _watermark(self, info.watermark)
            self.restoreState()

    return NumberedCanvas


def _watermark(canvas: Canvas, text: str) -> None:
    """``text`` large, faint and diagonal across the middle of the page, over the content yet leaving it legible."""
    width, height = canvas._pagesize
    canvas.saveState()
    canvas.setFillColor(RULE)
    canvas.setFillAlpha(0.18)
    canvas.setFont(fonts.BOLD, 96)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(40)
    canvas.drawCentredString(0, -32, text)
    canvas.restoreState()


#: The room the parties' initials take above the footer's rule.
INITIALS_HEIGHT = 9 * mm


def _initials_row(canvas: Canvas, left: float, roles: Sequence[str], t: Translator) -> None:
    """A line per party above the footer's rule, its role under it in small type, for the initials."""
    label = t.gettext("Initials:")
    canvas.setFont(fonts.REGULAR, 6.5)
    label_width = canvas.stringWidth(label, fonts.REGULAR, 6.5) + 2 * mm
    base = FOOTER_HEIGHT + 2 * mm
    canvas.drawString(left, base + 2.6 * mm, label)
    slot = (CONTENT_WIDTH - label_width) / len(roles)
    for i, role in enumerate(roles):
        x = left + label_width + i * slot
        canvas.line(x + 1 * mm, base + 2.2 * mm, x + slot - 2 * mm, base + 2.2 * mm)
        size = 5.5
        while size > 4 and canvas.stringWidth(role, fonts.REGULAR, size) > slot - 3 * mm:
            size -= 0.5
        canvas.setFont(fonts.REGULAR, size)
        canvas.drawCentredString(x + slot / 2 - 0.5 * mm, base, role)


def _letterhead(canvas: Canvas, doc: BaseDocTemplate, info: PageInfo) -> None:
    """The letterhead is drawn once per document into a form XObject and reused on every page (drawing
    the logo and the QR code's modules on each page would cost more than laying out the document)."""
    _kind, reference, qr_text = getattr(canvas, "_vetdesk_kind", (info.kind, info.reference, info.qr_text))
    name = "lh" + hashlib.sha1(f"{reference}\n{qr_text}".encode()).hexdigest()[:12]
    forms = canvas.__dict__.setdefault("_vetdesk_forms", set())
    if name not in forms:
        canvas.beginForm(name)
        _draw_letterhead(canvas, info.letterhead, reference, qr_text, info.qr_size)
        canvas.endForm()
        forms.add(name)
    canvas.doForm(name)


def _draw_letterhead(canvas: Canvas, head: Letterhead, reference: str, qr_text: str,
                     qr_size: float = QR_SIZE) -> None:
    page_width, page_height = canvas._pagesize
    left = (page_width - CONTENT_WIDTH) / 2
    top = page_height - 10 * mm
    canvas.saveState()
    logo = LOGO_WIDTH_MM * mm
    try:
        _draw_logo(canvas, head, left, top - logo, logo)
    except OSError:  # an unreadable logo file must not stop a contract from printing
        pass
    text_x = left + logo + 4 * mm
    text_width = CONTENT_WIDTH - logo - qr_size - 10 * mm
    styles = stylesheet()
    chamber = Paragraph(f"<b>{esc(head.chamber_name)}</b>", styles["cell"].clone(
        "lh", fontSize=10, leading=12.5, textColor=ACCENT))
    _w, h = chamber.wrap(text_width, 20 * mm)
    chamber.drawOn(canvas, text_x, top - h - 1)
    address = Paragraph(esc(head.chamber_address), styles["small"])
    _w2, h2 = address.wrap(text_width, 15 * mm)
    address.drawOn(canvas, text_x, top - h - h2 - 3)
    qr_x = page_width - left - qr_size
    _draw_qr(canvas, qr_text, qr_x, top - qr_size + 1 * mm, qr_size)
    canvas.setFont(fonts.REGULAR, 6.5)
    canvas.setFillColor(INK)
    canvas.drawCentredString(qr_x + qr_size / 2, top - qr_size - 1.5 * mm, reference)
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(1)
    line_y = page_height - HEADER_HEIGHT + 2 * mm
    canvas.line(left, line_y, page_width - left, line_y)
    canvas.restoreState()


def _draw_logo(canvas: Canvas, head: Letterhead, x: float, y: float, size: float) -> None:
    """The office's logo in a ``size`` square, as ``canvas.drawImage(…, mask="auto", preserveAspectRatio=True)``
    draws it, from the image decoded and compressed once per process (:func:`_logo_image`) instead of once per
    document (≈6 ms of each progress report in a batch)."""
    if head.logo_image:
        prepared = _logo_image(head.logo_image, None)
    else:
        path = Path(head.logo_path)
        prepared = _logo_image(None, (str(path), path.stat().st_mtime_ns))
    doc = canvas._doc
    reg_name = doc.getXObjectName(prepared.name)
    image = doc.idToObject.get(reg_name)
    if image is None:  # registered as drawImage registers it, with copies: reportlab changes them per document
        image = copy.copy(prepared)
        soft_mask = getattr(prepared, "_smask", None)
        if soft_mask is not None:
            del image._smask
        canvas._setXObjects(image)
        doc.Reference(image, reg_name)
        doc.addForm(prepared.name, image)
        if soft_mask is not None:
            mask_name = doc.getXObjectName(soft_mask.name)
            if doc.idToObject.get(mask_name) is None:
                mask = copy.copy(soft_mask)
                canvas._setXObjects(mask)
                image.smask = doc.Reference(mask, mask_name)
            else:
                image.smask = PDFObjectReference(mask_name)
    x, y, width, height, _scaled = aspectRatioFix(True, "c", x, y, size, size, image.width, image.height)
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(width, height)
    canvas._code.append(f"/{reg_name} Do")
    canvas.restoreState()
    canvas._formsinuse.append(prepared.name)


@lru_cache(maxsize=4)
def _logo_image(data: bytes | None, file: tuple[str, int] | None) -> PDFImageXObject:
    """The logo (stored bytes, or a file and its modification time) decoded, compressed and named once: the
    image object every document's copy is made from."""
    if data:  # named as drawImage names an ImageReader's image: by its pixels and its mask
        source = ImageReader(io.BytesIO(data))
        pixels = source.getRGBData()  # (which also splits off the alpha channel, _dataA)
        alpha = source._dataA
        name = _digester(pixels + (alpha.getRGBData() if alpha else b"auto"))
        image = PDFImageXObject(name, source, mask="auto")
    else:  # and a file's by its path
        assert file is not None
        name = _digester(f"{file[0]}auto".encode())
        image = PDFImageXObject(name, file[0], mask="auto")
    image.name = name
    return image


def build_pdf(flowables: Sequence[Flowable], info: PageInfo, t: Translator) -> bytes:
    """Lay out ``flowables`` on the shared page and return the PDF's bytes."""
    fonts.register_fonts()
    buffer = io.BytesIO()
    width, height = paper_size(info.paper)
    left = (width - CONTENT_WIDTH) / 2
    bottom = FOOTER_HEIGHT + 4 * mm + (INITIALS_HEIGHT if info.initials else 0)
    doc = BaseDocTemplate(buffer, pagesize=(width, height), leftMargin=left, rightMargin=left,
                          topMargin=HEADER_HEIGHT, bottomMargin=bottom,
                          title=info.title, author=info.letterhead.chamber_name, subject=info.subject,
                          creator="vetdesk", keywords=info.keywords, lang=info.lang.replace("_", "-"),
                          initialFontName=fonts.REGULAR)
    frame = Frame(left, bottom, CONTENT_WIDTH, height - HEADER_HEIGHT - bottom,
                  id="content", leftPadding=0, rightPadding=0, topPadding=2 * mm, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame],
                                       onPage=lambda canvas, d: _letterhead(canvas, d, info))])
    doc.build(_with_room_after_headings(flowables), canvasmaker=_canvas_class(info, t))
    return buffer.getvalue()


def _with_room_after_headings(flowables: Sequence[Flowable]) -> list[Flowable]:
    """A heading never ends a page: it moves on unless what follows it starts on the same page (see
    :class:`HeadingRoom`). (Unlike keepWithNext, this lets a long table start right under its heading and flow
    on.)"""
    out: list[Flowable] = []
    items = list(flowables)
    for i, item in enumerate(items):
        if is_heading(item):
            out.append(HeadingRoom(items[i:]))
        out.append(item)
    return out


def is_heading(item: Flowable) -> bool:
    return isinstance(item, Paragraph) and item.style.name in ("heading", "subheading")


#: The most room a heading asks for: what follows it may be longer, split or not, and moves on with it.
MOST_ROOM = 120 * mm


class HeadingRoom(CondPageBreak):
    """A page break before a heading when the heading, any headings right under it and the start of what
    follows them (a table's head and first row, a paragraph's first lines, a block kept together) would not fit
    on what is left of the page. A fixed room (30 mm) left a heading alone at a page's foot when the table under
    it began with a tall row (a rating with its rater, comment and self-assessment)."""

    def __init__(self, following: Sequence[Flowable]):
        heading_style = following[0].style.name if following else "heading"
        self.minimum: float = 30 * mm if heading_style == "heading" else 22 * mm
        super().__init__(self.minimum)
        self.height: float = self.minimum
        self.following = following

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab's
        frame = self._doctemplateAttr("frame")
        if frame is not None and getattr(frame, "_atTop", False):
            return 0, 0  # at a page's top there is no better place for it
        # Measured only where it can matter: the room asked never exceeds MOST_ROOM.
        self.height = self.minimum if availHeight < self.minimum or availHeight >= MOST_ROOM else \
            max(self.minimum, _room_for(self.following, availWidth))
        return super().wrap(availWidth, availHeight)


def _room_for(following: Sequence[Flowable], width: float) -> float:
    """The height of the headings at the start of ``following`` and of the first part of what comes after them
    that may not be left on a page without them."""
    total = 0.0
    for item in following:
        if is_heading(item):
            total += item.wrap(width, 10_000)[1] + item.getSpaceBefore() + item.getSpaceAfter()
            continue
        if isinstance(item, CondPageBreak):
            break
        if isinstance(item, Spacer):
            total += item.height
            continue
        part = _first_part(item, width)
        total += part
        if part > 0:
            break
    return min(total, MOST_ROOM)


def _first_part(item: Flowable, width: float) -> float:
    """How much of ``item`` must stand under a heading: a table's head and first row, a paragraph's first two
    lines, anything else (a chart, a block kept together) whole."""
    from reportlab.platypus import KeepTogether, Table
    from reportlab.platypus import Paragraph as BaseParagraph

    from vetdesk.reports.cells import CellTable

    if isinstance(item, CellTable):
        item.wrap(width, 10_000)
        return sum(item._heights[:2 if item.look.header else 1])
    if isinstance(item, Table):
        item.wrap(width, 10_000)
        head = item.repeatRows if isinstance(item.repeatRows, int) else len(item.repeatRows)
        return float(sum((item._rowHeights or [0.0])[:head + 1]))
    if isinstance(item, KeepTogether):  # its parts whole (its own wrap needs the canvas, not there yet)
        return float(sum(part.wrap(width, 10_000)[1] + part.getSpaceBefore() + part.getSpaceAfter()
                         for part in item._content))
    height = item.wrap(width, 10_000)[1]
    if isinstance(item, BaseParagraph):
        lines = getattr(getattr(item, "blPara", None), "lines", None)
        if lines and len(lines) > 3:
            height = 2 * item.style.leading
        return float(height + item.getSpaceBefore())
    return float(height)


def write_atomically(path: str | os.PathLike[str], produce: Callable[[], bytes]) -> Path:
    """Produce the bytes first, then write them beside ``path`` and rename (services.outputs): a refusal or a
    crash never leaves a half-written or stale-looking file behind, and a target that is not a regular file
    (a folder, a pipe, a device) is refused before the document is laid out."""
    target = check_target(path)
    data = produce()
    # No fsync: a printout can always be generated again, and a thousand fsyncs would slow a batch more than
    # laying out the documents. The rename alone keeps readers from a half-written file.
    return outputs.write_atomically(target, lambda tmp: tmp.write_bytes(data))


# -- small flowables ------------------------------------------------------------------------------------

def facts(rows: Sequence[tuple[str, object]], label_width: float = 52 * mm,
          width: float = CONTENT_WIDTH) -> DocTable:
    """A label/value table; values may be long and wrap, rows split across pages."""
    s = stylesheet()
    data = [[Paragraph(esc(label), s["label"]), Paragraph(value if isinstance(value, str) else esc(value),
                                                           s["cell"])]
            for label, value in rows]
    table = DocTable(data, colWidths=[label_width, width - label_width], splitByRow=1)
    table.setStyle(label_value())
    return table


def heading(text: str) -> Paragraph:
    return Paragraph(esc(text), stylesheet()["heading"])


def para(text: str, style: str = "body") -> Paragraph:
    """A paragraph of plain text (escaped)."""
    return Paragraph(esc(text), stylesheet()[style])


def bullets(items: Sequence[str]) -> list[Flowable]:
    s = stylesheet()["bullet"]
    return [Paragraph(esc(item), s, bulletText="•") for item in items]


def office_blocks(text: ClauseText, context: Mapping[str, Any]) -> list[Block]:
    """The office's text (its own, per document and language, versioned: services.clauses) rendered with
    ``context``. A text that fails to render refuses the document with its line: nothing is half printed."""
    try:
        found = clauses.render(text.body, context)
        # A text saved without a section the document needs (before saving refused it) never prints.
        gutted = clauses.sections_problem(text.document, text.language, text.body, [context]) \
            if text.version else None
    except clauses.ClauseError as exc:
        # In the user's language throughout (not the document's), with no internal field name before it.
        raise RuleViolation([error("office text", clauses.describe(exc) + " " + gettext(
            "(Text {version}; nothing was printed.)").format(version=text.label), "clauses.template")]
                            ) from exc
    if gutted is not None:
        raise RuleViolation([error("office text", gutted.message + " " + gettext(
            "(Text {version}; nothing was printed.)").format(version=text.label), gutted.code)])
    return found


def clause_flowables(found: Sequence[Block]) -> list[Flowable]:
    """The office's rendered text as the document's headings, subheadings, bullets and paragraphs."""
    s = stylesheet()
    out: list[Flowable] = []
    for block in found:
        if block.kind == "heading":
            out.append(heading(block.text))
        elif block.kind == "subheading":
            out.append(Paragraph(esc(block.text), s["subheading"]))
        elif block.kind == "bullet":
            out += bullets([block.text])
        else:
            out.append(para(block.text))
    return out


@dataclass(frozen=True)
class Signatory:
    role: str
    name: str
    detail: str = ""
    #: The day this party signed, written out ("14 de marzo de 2026"), on a signed copy; "" leaves a line to date.
    signed_on: str = ""
    #: The party's name under its initials line in the footer, where its role would not fit legibly ("" : the role).
    short: str = ""

    @property
    def initials_label(self) -> str:
        return self.short or self.role


def signature_block(signatories: Sequence[Signatory], t: Translator, columns: int = 2, *,
                    dated: bool = True, total_width: float = CONTENT_WIDTH, room: float = 16 * mm) -> Flowable:
    """One box per party: space to sign, a line, the name, the role and (``dated``) a date line. Kept on one
    page each. A document dated once above its signatures (a certificate) has no date line in each box."""
    width = total_width / columns
    boxes = []
    for who in signatories:
        box = [cells.Piece(who.name), cells.Piece(who.role, fonts.BOLD, color=ACCENT)]
        if who.detail:
            box.append(cells.Piece(who.detail))
        if dated:
            line = t.gettext("Date: {date}").format(date=who.signed_on) if who.signed_on else \
                t.gettext("Date: ____________________")
            box.append(cells.Piece(line))
        boxes.append(box)
    return cells.SignatureBoxes(boxes, total_width, columns, room=room, inner=width - 10 * mm)


def signatures_section(title: str, signatories: Sequence[Signatory], t: Translator,
                       before: Sequence[Flowable] = ()) -> KeepTogether:
    """The heading, any place-and-date line and every signature box, kept on one page together."""
    return KeepTogether([heading(title), *before, Spacer(1, 3 * mm), signature_block(signatories, t)])


def keep(*flowables: Flowable) -> KeepTogether:
    return KeepTogether(list(flowables))


def writing_lines(count: int, label: str = "", width: float = CONTENT_WIDTH, line: float = 7 * mm) -> Flowable:
    """Empty ruled lines for handwritten comments (``width``: of a column, when boxes stand side by side;
    ``line``: the height of each), under ``label`` (:class:`cells.WritingLines`)."""
    return cells.WritingLines(count, label, width, line)


def page_count(content: bytes) -> int:
    """How many pages a rendered PDF has (to choose the layout that keeps a form on its page)."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(content)
    try:
        return len(pdf)
    finally:
        pdf.close()
