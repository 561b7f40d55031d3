"""Named paragraph and table styles shared by every document (one stylesheet, one look)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph as _Paragraph
from reportlab.platypus import Table, TableStyle

from vetdesk.domain.normalize import one_period
from vetdesk.reports.fonts import BOLD, ITALIC, REGULAR, register_fonts

INK = colors.HexColor("#1d2733")
ACCENT = colors.HexColor("#26466e")
RULE = colors.HexColor("#9aa7b6")
SHADE = colors.HexColor("#e8edf3")
LIGHT = colors.HexColor("#f5f7fa")


@lru_cache(maxsize=1)
def stylesheet() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("body", fontName=REGULAR, fontSize=9.5, leading=12.5, textColor=INK,
                          alignment=TA_JUSTIFY, spaceAfter=4, bulletFontName=REGULAR)
    s: dict[str, ParagraphStyle] = {"body": base}
    s["title"] = ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=16, leading=20, alignment=TA_CENTER,
                                textColor=ACCENT, spaceAfter=2)
    s["subtitle"] = ParagraphStyle("subtitle", parent=base, fontSize=10, leading=13, alignment=TA_CENTER,
                                   spaceAfter=2)
    s["reference"] = ParagraphStyle("reference", parent=base, fontSize=8.5, alignment=TA_CENTER,
                                    textColor=ACCENT, spaceAfter=10)
    s["heading"] = ParagraphStyle("heading", parent=base, fontName=BOLD, fontSize=11, leading=14,
                                  textColor=ACCENT, spaceBefore=8, spaceAfter=4, alignment=TA_LEFT)
    s["subheading"] = ParagraphStyle("subheading", parent=base, fontName=BOLD, fontSize=9.5, leading=12.5,
                                     spaceBefore=4, spaceAfter=2, alignment=TA_LEFT)
    s["clause"] = ParagraphStyle("clause", parent=base, leftIndent=10)
    s["bullet"] = ParagraphStyle("bullet", parent=base, leftIndent=20, bulletIndent=10, spaceAfter=2)
    s["small"] = ParagraphStyle("small", parent=base, fontSize=8, leading=10, alignment=TA_LEFT, spaceAfter=0)
    s["note"] = ParagraphStyle("note", parent=base, fontName=ITALIC, fontSize=8.5, leading=11)
    s["cell"] = ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5, alignment=TA_LEFT, spaceAfter=0)
    s["cell_bold"] = ParagraphStyle("cell_bold", parent=s["cell"], fontName=BOLD)
    s["cell_center"] = ParagraphStyle("cell_center", parent=s["cell"], alignment=TA_CENTER)
    s["label"] = ParagraphStyle("label", parent=s["cell"], fontName=BOLD, textColor=ACCENT)
    s["head"] = ParagraphStyle("head", parent=s["cell"], fontName=BOLD, textColor=colors.white)
    s["head_center"] = ParagraphStyle("head_center", parent=s["head"], alignment=TA_CENTER, fontSize=7.5,
                                      leading=9)
    s["sign"] = ParagraphStyle("sign", parent=s["cell"], alignment=TA_CENTER)
    s["sign_role"] = ParagraphStyle("sign_role", parent=s["sign"], fontName=BOLD, textColor=ACCENT)
    s["certificate"] = ParagraphStyle("certificate", parent=base, fontSize=12, leading=18, alignment=TA_CENTER,
                                      spaceAfter=8)
    s["certificate_name"] = ParagraphStyle("certificate_name", parent=base, fontName=BOLD, fontSize=18,
                                           leading=24, alignment=TA_CENTER, textColor=ACCENT, spaceAfter=8)
    return s


def fitting_width(text: str, style: ParagraphStyle, minimum: float) -> float:
    """A column wide enough for ``text`` on one line in ``style`` inside grid()'s cell padding (4 pt each
    side), and at least ``minimum``: a translated header ("Wochen", "Semanas") must not break."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return max(minimum, stringWidth(text, style.fontName, style.fontSize) + 8 + 2)


def word_width(text: str, style: ParagraphStyle, minimum: float) -> float:
    """A column wide enough for the longest word of ``text`` in ``style`` (so a header may wrap between words,
    never inside one: "Nú/m.", "sobresalient/e"), and at least ``minimum``."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    longest = max((stringWidth(word, style.fontName, style.fontSize) for word in text.split()), default=0.0)
    return max(minimum, longest + 8 + 2)


def grid(header: bool = True, plain_cells: bool = False) -> TableStyle:
    """A data table: shaded header row, thin rules, zebra rows. ``plain_cells``: some cells hold plain
    strings (set in the cell style's font) rather than paragraphs."""
    commands: list[tuple[object, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("ROWBACKGROUNDS", (0, 1 if header else 0), (-1, -1), [colors.white, LIGHT]),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), ACCENT))
    if plain_cells:
        commands += [("FONTNAME", (0, 0), (-1, -1), REGULAR), ("FONTSIZE", (0, 0), (-1, -1), 8.5),
                     ("LEADING", (0, 0), (-1, -1), 10.5), ("TEXTCOLOR", (0, 0), (-1, -1), INK)]
    return TableStyle(commands)


def label_value() -> TableStyle:
    """Two-column facts (label on the left, value on the right)."""
    return TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
        ("BACKGROUND", (0, 0), (0, -1), SHADE),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ])


class DocTable(Table):
    """A table whose cells use the shipped font (reportlab's default cell font is a non-embedded
    Helvetica, which would end up in the PDF even when every cell holds a paragraph)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR)])


class Paragraph(_Paragraph):
    """reportlab's paragraph, its lines broken once per width: a table wraps each cell paragraph to measure its
    row and again, at the same width, to draw it; and a frame may try a paragraph twice before it fits. The
    lines are the same every time (they depend on the text, the style and the width only), so a wrap at the
    width of the last one keeps that one's lines (a progress report breaks lines ≈250 times, half of them
    again)."""

    _wrapped: tuple[float, float] | None = None

    def _setup(self, text: Any, style: Any, bulletText: Any, frags: Any, cleaner: Any) -> None:  # noqa: N803
        """The text's markup read once per process for each text and style (:func:`_parsed`): the headings,
        labels, column heads and fixed sentences of a document come again in each of a batch's thousand."""
        if frags is not None or not isinstance(text, str) or not (bulletText is None or isinstance(bulletText, str)):
            super()._setup(text, style, bulletText, frags, cleaner)
            return
        # A name that ends a sentence ("… S.A. de C.V.") takes no second period, whatever the template says.
        text = one_period(text)
        parsed_style, parsed, bullet, cleaned = _parsed(text, style, bulletText, self.caseSensitive, cleaner)
        # Each paragraph gets its own fragments: reportlab may annotate them while it lays them out.
        super()._setup(cleaned, parsed_style, bullet, [f.clone() for f in parsed], cleaner)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab's
        if self._wrapped is not None and self._wrapped[0] == availWidth and hasattr(self, "blPara"):
            return self.width, self._wrapped[1]
        width, height = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, height) if availWidth >= rl_config._FUZZ else None
        return width, height

    def split(self, availWidth: float, availHeight: float) -> list[Any]:  # noqa: N803 - reportlab's
        self._wrapped = None  # reportlab may drop or replace the lines here
        return list(super().split(availWidth, availHeight))


@lru_cache(maxsize=4096)
def _parsed(text: str, style: ParagraphStyle, bullet_text: str | None, case_sensitive: int,
            cleaner: Any) -> tuple[ParagraphStyle, list[Any], Any, str]:
    """A paragraph's text read as reportlab reads it (its markup into fragments): the style, the fragments, the
    bullet and the cleaned text of a paragraph made from it."""
    model = _Paragraph.__new__(_Paragraph)
    model.caseSensitive = case_sensitive
    _Paragraph._setup(model, text, style, bullet_text, None, cleaner)
    return model.style, model.frags, model.bulletText, model.text
