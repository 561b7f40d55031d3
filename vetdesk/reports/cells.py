"""A table of plain text cells drawn straight on the canvas: the look of ``styles.grid()`` and
``styles.label_value()`` tables without a paragraph per cell.

A progress report's tables (positions, competencies, facts, feedback) held ≈60 cell paragraphs, each parsed,
broken into lines and drawn by reportlab's general machinery (markup, fragments, justification): most of a
report's time in a batch of thousands. Their cells are plain text in a few fonts, one piece under another
(a title over its area in small type), so they are measured with ``pdfmetrics.stringWidth``, broken into lines
once per text, font and width (:func:`lines_of`, kept for the process: the titles and column heads come again in
each report of a batch) and drawn in one text object per table.

The lines fall where a paragraph of the cell style would put them: the first baseline the first piece's font
size under the cell's top padding, every further line ``LEADING`` lower, words wrapped greedily at spaces, a word
wider than the column split where it must be.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from reportlab.lib.colors import Color, white
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from vetdesk.reports.fonts import BOLD, ITALIC, REGULAR
from vetdesk.reports.styles import ACCENT, INK, LIGHT, RULE, SHADE

SIZE = 8.5
SMALL = 7
LEADING = 10.5
SHRINK = 0.05


@dataclass(frozen=True)
class Piece:
    """Text that starts on a line of its own in a cell (as after ``<br/>``), in one font, size and colour."""

    text: str
    font: str = REGULAR
    size: float = SIZE
    color: Color = INK


Cell = Sequence[Piece]


def text(value: str, font: str = REGULAR, size: float = SIZE, color: Color = INK) -> tuple[Piece, ...]:
    """A cell of ``value``; each of its own line breaks starts a new piece."""
    return tuple(Piece(part, font, size, color) for part in str(value).split("\n"))


def small(value: str, *, italic: bool = False) -> Piece:
    return Piece(value, ITALIC if italic else REGULAR, SMALL)


@lru_cache(maxsize=8192)
def lines_of(value: str, font: str, size: float, width: float) -> tuple[str, ...]:
    """``value`` broken into lines no wider than ``width``, as a paragraph breaks them: at spaces, greedily (its
    spaces may shrink a little to take one more word); a word wider than the line is split where it must be.
    An empty text is one empty line."""
    words = value.split()
    if not words:
        return ("",)
    space = stringWidth(" ", font, size)
    out: list[str] = []
    line: list[str] = []
    used = 0.0
    for word in words:
        w = stringWidth(word, font, size)
        if w > width:  # a word wider than a line: split where it must be, its first part going on this line
            x = used + space if line else 0.0
            part = ""
            for ch in word:
                cw = stringWidth(ch, font, size)
                if x + cw > width and (part or line):
                    if part:
                        line.append(part)
                    out.append(" ".join(line))
                    line, part, x = [], "", 0.0
                part += ch
                x += cw
            line, used = [*line, part], x
            continue
        if line and used + space + w <= width + SHRINK * space * len(line):
            line.append(word)
            used += space + w
            continue
        if line:
            out.append(" ".join(line))
        line, used = [word], w
    out.append(" ".join(line))
    return tuple(out)


@dataclass(frozen=True)
class Look:
    """How a table is ruled and shaded (the two looks documents use)."""

    top: float
    bottom: float
    grid: bool  # every cell boxed (grid()), else a rule under each row (label_value())
    line_width: float
    header: bool  # the first row is the column heads: white on the accent colour, repeated after a page break
    shade_first_column: bool  # label_value()'s labels
    zebra: bool


GRID = Look(top=3, bottom=3, grid=True, line_width=0.4, header=True, shade_first_column=False, zebra=True)
FACTS = Look(top=2.5, bottom=2.5, grid=False, line_width=0.3, header=False, shade_first_column=True, zebra=False)
SIDE = 4  # left and right padding


class CellTable(Flowable):
    """Rows of cells (each a sequence of :class:`Piece`) in columns of ``widths``; ``centred`` columns have their
    body cells centred (the head stays left). Splits between rows, the head repeated on the next page."""

    def __init__(self, rows: Sequence[Sequence[Cell]], widths: Sequence[float], look: Look = GRID, *,
                 centred: Iterable[int] = (), first_index: int = 1):
        super().__init__()
        self.rows = [list(r) for r in rows]
        self.widths = list(widths)
        self.look = look
        self.centred = frozenset(centred)
        #: The body's first row's number in the whole table (the zebra's stripes go on over a page break).
        self.first_index = first_index
        self.width = sum(self.widths)
        self._laid: list[list[list[tuple[Piece, tuple[str, ...]]]]] | None = None
        self._heights: list[float] = []
        self.height = 0.0

    def _layout(self) -> None:
        if self._laid is not None:
            return
        laid = []
        heights = []
        pad = self.look.top + self.look.bottom
        for row in self.rows:
            cells = []
            tallest = 0
            for cell, width in zip(row, self.widths, strict=True):
                pieces = [(p, lines_of(p.text, p.font, p.size, width - 2 * SIDE)) for p in cell]
                cells.append(pieces)
                tallest = max(tallest, sum(len(lines) for _p, lines in pieces))
            laid.append(cells)
            heights.append(tallest * LEADING + pad)
        self._laid, self._heights = laid, heights
        self.height = sum(heights)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab's
        self._layout()
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 - reportlab's
        self._layout()
        head = 1 if self.look.header else 0
        used = sum(self._heights[:head])
        fits = head
        for h in self._heights[head:]:
            if used + h > availHeight:
                break
            used += h
            fits += 1
        if fits <= head or fits >= len(self.rows):
            return []
        first = CellTable(self.rows[:fits], self.widths, self.look, centred=self.centred,
                          first_index=self.first_index)
        rest = CellTable(self.rows[:head] + self.rows[fits:], self.widths, self.look, centred=self.centred,
                         first_index=self.first_index + fits - head)
        return [first, rest]

    def draw(self) -> None:
        self._layout()
        assert self._laid is not None
        c = self.canv
        look = self.look
        xs = [0.0]
        for w in self.widths:
            xs.append(xs[-1] + w)
        ys = [self.height]  # the top of each row, and the table's bottom
        for h in self._heights:
            ys.append(ys[-1] - h)
        head = 1 if look.header else 0
        c.saveState()
        # shading
        for i in range(len(self.rows)):
            fill: Any = None
            if i < head:
                fill = ACCENT
            elif look.zebra and (self.first_index + i - head) % 2 == 0:
                fill = LIGHT
            if fill is not None:
                c.setFillColor(fill)
                c.rect(0, ys[i + 1], self.width, ys[i] - ys[i + 1], stroke=0, fill=1)
            if look.shade_first_column:
                c.setFillColor(SHADE)
                c.rect(0, ys[i + 1], self.widths[0], ys[i] - ys[i + 1], stroke=0, fill=1)
        # rules
        c.setStrokeColor(RULE)
        c.setLineWidth(look.line_width)
        path = c.beginPath()
        if look.grid:
            for y in ys:
                path.moveTo(0, y)
                path.lineTo(self.width, y)
            for x in xs:
                path.moveTo(x, ys[0])
                path.lineTo(x, ys[-1])
        else:
            for y in ys[1:]:
                path.moveTo(0, y)
                path.lineTo(self.width, y)
        c.drawPath(path, stroke=1, fill=0)
        # text, in one text object
        tx = c.beginText()
        font: tuple[str, float] | None = None
        color: Color | None = None
        for i, cells in enumerate(self._laid):
            for j, pieces in enumerate(cells):
                if not pieces:
                    continue
                y = ys[i] - look.top - pieces[0][0].size
                centre = i >= head and j in self.centred
                for piece, lines in pieces:
                    if (piece.font, piece.size) != font:
                        font = (piece.font, piece.size)
                        tx.setFont(piece.font, piece.size, LEADING)
                    shade = white if i < head else piece.color
                    if shade is not color:
                        color = shade
                        tx.setFillColor(shade)
                    for line in lines:
                        if line:
                            x = xs[j] + SIDE
                            if centre:
                                x = (xs[j] + xs[j + 1]) / 2 - stringWidth(line, piece.font, piece.size) / 2
                            tx.setTextOrigin(x, y)
                            # reportlab's textOut less its cursor's advance (a string width we never use: each
                            # line sets its origin)
                            tx._textOut(line)
                        y -= LEADING
        c.drawText(tx)
        c.restoreState()


def head_cells(labels: Sequence[str]) -> list[Cell]:
    """Column heads: bold, white on the accent colour (:class:`CellTable` paints them so)."""
    return [text(label, BOLD) for label in labels]


def rows_that_fit(heights: Sequence[float], room: float) -> int:
    """How many of the rows of ``heights``, from the first, fit in ``room`` (a flowable's split between rows)."""
    used, fits = 0.0, 0
    for h in heights:
        if used + h > room:
            break
        used += h
        fits += 1
    return fits


#: A signature box's padding, as the table of paragraphs it replaces had them: the column's cell (left and
#: right, top, and the room under each row of boxes), and each line of the box (its top and bottom).
BOX_SIDE = 6
BOX_TOP = 3
BOX_BELOW = 8
BOX_LINE_PAD = 1
SIGNING_LINE = 0.7


class SignatureBoxes(Flowable):
    """Signature boxes in ``columns`` columns, row after row: in each, ``room`` to sign over a line, then the box's
    lines of text centred under it, each a sequence of :class:`Piece` (the name, the role in bold, a detail, a
    date line). Drawn straight on the canvas: the nested tables of paragraphs that drew them before were a fifth
    of a progress report's time in a batch (a table per box in a table, laid out again each time the block was
    tried on a page). Splits between rows of boxes, never inside a box.
    """

    def __init__(self, boxes: Sequence[Sequence[Piece]], total_width: float, columns: int = 2, *,
                 room: float, inner: float):
        super().__init__()
        self.boxes = [list(b) for b in boxes]
        self.columns = columns
        self.column = total_width / columns
        self.inner = inner  # the signing line's length
        self.room = room
        self.width = total_width
        self._laid = [[(p, lines_of(p.text, p.font, p.size, inner - 2 * BOX_SIDE)) for p in box] for box in boxes]
        self._heights = [max(self._box_height(b) for b in self._laid[i:i + columns]) + BOX_TOP + BOX_BELOW
                         for i in range(0, len(self._laid), columns)]
        self.height = sum(self._heights)

    def _box_height(self, laid: Sequence[tuple[Piece, tuple[str, ...]]]) -> float:
        return self.room + 2 * BOX_LINE_PAD + sum(len(lines) * LEADING + 2 * BOX_LINE_PAD for _p, lines in laid)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab's
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 - reportlab's
        rows = rows_that_fit(self._heights, availHeight)
        if rows == 0 or rows >= len(self._heights):
            return []
        cut = rows * self.columns
        return [SignatureBoxes(self.boxes[:cut], self.width, self.columns, room=self.room, inner=self.inner),
                SignatureBoxes(self.boxes[cut:], self.width, self.columns, room=self.room, inner=self.inner)]

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setStrokeColor(INK)
        c.setLineWidth(SIGNING_LINE)
        tx = c.beginText()
        font: tuple[str, float] | None = None
        color: Color | None = None
        top = self.height
        for row, h in enumerate(self._heights):
            for col, laid in enumerate(self._laid[row * self.columns:(row + 1) * self.columns]):
                left = col * self.column + BOX_SIDE
                y = top - BOX_TOP - self.room - 2 * BOX_LINE_PAD
                c.line(left, y, left + self.inner, y)
                centre = left + self.inner / 2
                for piece, lines in laid:
                    if (piece.font, piece.size) != font:
                        font = (piece.font, piece.size)
                        tx.setFont(piece.font, piece.size, LEADING)
                    if piece.color is not color:
                        color = piece.color
                        tx.setFillColor(piece.color)
                    base = y - BOX_LINE_PAD - piece.size
                    for line in lines:
                        if line:
                            tx.setTextOrigin(centre - stringWidth(line, piece.font, piece.size) / 2, base)
                            tx._textOut(line)
                        base -= LEADING
                    y -= len(lines) * LEADING + 2 * BOX_LINE_PAD
            top -= h
        c.drawText(tx)
        c.restoreState()


#: A ruled writing line's padding above and below (the table of spacers that drew them before had it), its rule.
LINES_PAD = 3
LINES_RIGHT = 6
WRITING_RULE = 0.4
LABEL_SIZE, LABEL_LEADING = 9.5, 12.5


class WritingLines(Flowable):
    """``count`` empty ruled lines, each ``line`` high, for handwritten comments, under a bold ``label`` (none:
    ""), ``width`` wide. Drawn straight on the canvas, at the places the table of spacers that drew them before
    put them (≈3 % of a progress report's time, for two such boxes). Splits between lines, never leaving the label
    at a page's foot without a line under it."""

    def __init__(self, count: int, label: str, width: float, line: float):
        super().__init__()
        self.count, self.label, self.width, self.line = count, label, width, line
        self._label_lines = lines_of(label, BOLD, LABEL_SIZE, width - LINES_RIGHT) if label else ()
        self._rows = ([len(self._label_lines) * LABEL_LEADING + 2 * LINES_PAD] if label else []) + \
            [line + 2 * LINES_PAD] * count
        self.height = sum(self._rows)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab's
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 - reportlab's
        fits = rows_that_fit(self._rows, availHeight)
        first_lines = fits - (1 if self.label else 0)
        if first_lines < 1 or fits >= len(self._rows):
            return []
        return [WritingLines(first_lines, self.label, self.width, self.line),
                WritingLines(self.count - first_lines, "", self.width, self.line)]

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        top = self.height
        if self.label:
            tx = c.beginText()
            tx.setFont(BOLD, LABEL_SIZE, LABEL_LEADING)
            tx.setFillColor(INK)
            y = top - LINES_PAD - LABEL_SIZE
            for text_line in self._label_lines:
                if text_line:
                    tx.setTextOrigin(0, y)
                    tx._textOut(text_line)
                y -= LABEL_LEADING
            c.drawText(tx)
            top -= self._rows[0]
        c.setStrokeColor(RULE)
        c.setLineWidth(WRITING_RULE)
        c.setLineCap(1)
        path = c.beginPath()
        for _ in range(self.count):
            top -= self.line + 2 * LINES_PAD
            path.moveTo(0, top)
            path.lineTo(self.width, top)
        c.drawPath(path, stroke=1, fill=0)
        c.restoreState()
