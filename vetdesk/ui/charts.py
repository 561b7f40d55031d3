"""Small charts drawn with QPainter (QtCharts is not shipped): horizontal bars and stacked percentage bars.

Colours come from the widget's palette (highlight, text, mid) and a few hues whose lightness follows the
window colour, so the charts read well in light and dark mode. Every chart states its figures in its
accessible description and tooltip as well, for screen readers and exact values.

The charts are painted with the first screen, before anything loads PySide6's ``Qt`` namespace (see
:mod:`vetdesk.ui`): QPainter's pen, brush and fill calls resolve their overloads through it. So text is drawn
by the style in a palette role's colour (:meth:`_Chart.text`), areas are the painter's background erased
(:meth:`_Chart.fill`), and alignments are Qt's flag values as the plain ``int`` those calls take. The painter is a
QStylePainter, whose ``drawItemText`` asks the widget's style in C++: a ``self.style()`` made Python build the
QStyle class and its nine enums (≈4-8 ms) in the first screen's paint.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRect, QSize, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QStylePainter, QToolTip, QWidget

from vetdesk.i18n import _, current

if TYPE_CHECKING:  # the event types load with the first event (see vetdesk.ui)
    from PySide6.QtGui import QMouseEvent, QPaintEvent

# Qt::AlignmentFlag's values (Qt's API keeps them), for the plain ``int`` flags of QStyle.drawItemText.
ALIGN_LEFT = 0x0001
ALIGN_RIGHT = 0x0002
ALIGN_HCENTER = 0x0004
ALIGN_VCENTER = 0x0080
LEFT = ALIGN_LEFT | ALIGN_VCENTER
RIGHT = ALIGN_RIGHT | ALIGN_VCENTER
CENTRE = ALIGN_HCENTER | ALIGN_VCENTER

#: Hues (degrees) of the series after the first, which uses the palette's highlight colour.
_HUES = (28, 160, 280, 350, 50, 200)


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def series_colour(palette: QPalette, index: int) -> QColor:
    """The colour of series ``index``: the highlight first, then distinct hues readable on the window."""
    if index == 0:
        return palette.color(QPalette.ColorRole.Highlight)
    hue = _HUES[(index - 1) % len(_HUES)]
    return QColor.fromHsl(hue, 170, 165 if is_dark(palette) else 105)


def text_on(colour: QColor) -> QColor:
    """Black or white, whichever reads better on ``colour``."""
    luminance = 0.299 * colour.redF() + 0.587 * colour.greenF() + 0.114 * colour.blueF()
    return QColor(0, 0, 0) if luminance > 0.6 else QColor(255, 255, 255)


def elided(fm: QFontMetrics, text: str, width: int) -> str:
    """``text`` cut to ``width`` pixels with an ellipsis at its end, as Qt's ElideRight (whose mode is one of
    the ``Qt`` namespace's enums)."""
    if fm.horizontalAdvance(text) <= width:
        return text
    low, high = 0, len(text)  # the longest start of the text that fits with the ellipsis
    while low < high:
        middle = (low + high + 1) // 2
        if fm.horizontalAdvance(text[:middle].rstrip() + "…") <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


def number(value: float) -> str:
    return current().format_decimal(value)


def percent(value: float) -> str:
    return current().format_percent(value)


@dataclass(frozen=True)
class StackRow:
    """One row of a stacked chart: its label and one value per series."""

    label: str
    values: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.values)


class _Chart(QWidget):
    """What both charts share: a title, rows of label + bar, clicks on a row, the figures as text."""

    rowClicked = Signal(int)

    ROW_GAP = 6
    PAD = 8

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = title
        self._empty_text = _("No data yet.")
        self.setAccessibleName(title)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(260)

    # -- geometry -----------------------------------------------------------------------------------

    def row_count(self) -> int:
        raise NotImplementedError

    def row_height(self) -> int:
        return max(QFontMetrics(self.font()).height() + 8, 22)

    def _title_font(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        return font

    def header_height(self) -> int:
        return QFontMetrics(self._title_font()).height() + self.PAD * 2

    def footer_height(self) -> int:
        return 0

    def sizeHint(self) -> QSize:
        rows = max(self.row_count(), 1)
        height = self.header_height() + rows * (self.row_height() + self.ROW_GAP) + self.footer_height() + self.PAD
        return QSize(420, height)

    def minimumSizeHint(self) -> QSize:
        return QSize(260, self.sizeHint().height())

    def row_rect(self, index: int) -> QRect:
        top = self.header_height() + index * (self.row_height() + self.ROW_GAP)
        return QRect(self.PAD, top, self.width() - 2 * self.PAD, self.row_height())

    def row_at(self, pos: QPoint) -> int | None:
        for i in range(self.row_count()):
            if self.row_rect(i).contains(pos):
                return i
        return None

    def label_width(self, labels: Sequence[str]) -> int:
        fm = QFontMetrics(self.font())
        widest = max((fm.horizontalAdvance(t) for t in labels), default=0) + 12
        return min(widest, int(self.width() * 0.4))

    # -- text for people who do not see the chart ----------------------------------------------------

    def row_text(self, index: int) -> str:
        raise NotImplementedError

    def clickable(self, index: int) -> bool:
        return False

    def _update_text(self) -> None:
        lines = [self.row_text(i) for i in range(self.row_count())] or [self._empty_text]
        summary = "\n".join(lines)
        self.setAccessibleDescription(summary)
        self.setToolTip(f"{self._title}\n{summary}")
        self.updateGeometry()
        self.update()

    # -- events -------------------------------------------------------------------------------------

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        from PySide6.QtCore import Qt  # not at start-up (see vetdesk.ui)

        row = self.row_at(event.position().toPoint())
        self.setCursor(Qt.CursorShape.PointingHandCursor if row is not None and self.clickable(row)
                       else Qt.CursorShape.ArrowCursor)
        if row is not None:
            QToolTip.showText(event.globalPosition().toPoint(), self.row_text(row), self)
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        from PySide6.QtCore import Qt  # not at start-up (see vetdesk.ui)

        row = self.row_at(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and row is not None and self.clickable(row):
            self.rowClicked.emit(row)
            return
        super().mousePressEvent(event)

    # -- painting (without the Qt namespace: see the module's docstring) -----------------------------

    def text(self, painter: QStylePainter, rect: QRect, flags: int, text: str,
             colour: QColor | QPalette.ColorRole = QPalette.ColorRole.WindowText) -> None:
        """``text`` in ``rect``, aligned by ``flags``, in a colour of the palette or a colour of its own."""
        palette = self.palette()  # a copy: setting a colour leaves the widget's own alone
        role = QPalette.ColorRole.WindowText
        if isinstance(colour, QColor):
            palette.setColor(role, colour)
        else:
            role = colour
        painter.drawItemText(rect, flags, palette, True, text, role)  # the style's, without QStyle in Python

    def fill(self, painter: QPainter, rect: QRect, colour: QColor) -> None:
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Base, colour)
        painter.setBackground(palette.brush(QPalette.ColorRole.Base))
        painter.eraseRect(rect)

    def paint_title(self, painter: QStylePainter) -> None:
        painter.setFont(self._title_font())
        rect = QRect(self.PAD, self.PAD, self.width() - 2 * self.PAD, self.header_height() - self.PAD * 2)
        self.text(painter, rect, LEFT, self._title)
        painter.setFont(self.font())

    def paint_empty(self, painter: QStylePainter) -> None:
        self.text(painter, self.row_rect(0), LEFT, self._empty_text, QPalette.ColorRole.PlaceholderText)


class BarChart(_Chart):
    """Horizontal bars, one per label, longest first as given; the value (and share) at the bar's end."""

    def __init__(self, title: str, parent: QWidget | None = None, *, show_share: bool = False) -> None:
        super().__init__(title, parent)
        self._bars: list[tuple[str, int]] = []
        self._clickable: list[bool] = []
        self._summary: set[int] = set()
        self._show_share = show_share

    def set_bars(self, bars: Sequence[tuple[str, int]], clickable: Sequence[bool] | None = None,
                 summary: Sequence[int] = ()) -> None:
        """``summary`` rows (e.g. "other companies") show their value as text only and do not set the
        scale, so one large remainder does not flatten every named bar."""
        self._bars = [(label, int(value)) for label, value in bars]
        self._clickable = list(clickable) if clickable is not None else [False] * len(self._bars)
        self._summary = set(summary)
        self._update_text()

    def bars(self) -> list[tuple[str, int]]:
        return list(self._bars)

    def row_count(self) -> int:
        return len(self._bars)

    def clickable(self, index: int) -> bool:
        return index < len(self._clickable) and self._clickable[index]

    def _value_text(self, value: int) -> str:
        total = sum(v for _l, v in self._bars)
        if self._show_share and total:
            return f"{number(value)} ({percent(value / total)})"
        return number(value)

    def row_text(self, index: int) -> str:
        label, value = self._bars[index]
        return f"{label}: {self._value_text(value)}"

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        self.paint_title(painter)
        if not self._bars:
            self.paint_empty(painter)
            return
        pal = self.palette()
        fm = QFontMetrics(self.font())
        label_w = self.label_width([label for label, _v in self._bars])
        value_w = max(fm.horizontalAdvance(self._value_text(v)) for _l, v in self._bars) + 8
        biggest = max((v for i, (_l, v) in enumerate(self._bars) if i not in self._summary), default=0) or 1
        colour = series_colour(pal, 0)
        for i, (label, value) in enumerate(self._bars):
            rect = self.row_rect(i)
            summary = i in self._summary
            role = QPalette.ColorRole.PlaceholderText if summary else QPalette.ColorRole.WindowText
            self.text(painter, QRect(rect.left(), rect.top(), label_w - 8, rect.height()), RIGHT,
                      elided(fm, label, label_w - 8), role)
            if summary:
                self.text(painter, QRect(rect.left() + label_w, rect.top(), value_w, rect.height()), LEFT,
                          self._value_text(value), role)
                continue
            span = max(rect.width() - label_w - value_w, 10)
            length = round(span * value / biggest)
            bar = QRect(rect.left() + label_w, rect.top() + 3, max(length, 2 if value else 0), rect.height() - 6)
            self.fill(painter, bar, colour)
            self.text(painter, QRect(bar.right() + 6, rect.top(), value_w, rect.height()), LEFT,
                      self._value_text(value))
        painter.end()


class StackedBarChart(_Chart):
    """One 100 % bar per row split by series (e.g. completed vs terminated per year), with a legend."""

    def __init__(self, title: str, series: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self._series = list(series)
        self._rows: list[StackRow] = []

    def set_rows(self, rows: Sequence[StackRow]) -> None:
        self._rows = list(rows)
        self._update_text()

    def rows(self) -> list[StackRow]:
        return list(self._rows)

    def row_count(self) -> int:
        return len(self._rows)

    def footer_height(self) -> int:
        return self.row_height()

    def row_text(self, index: int) -> str:
        row = self._rows[index]
        parts = []
        for name, value in zip(self._series, row.values, strict=False):
            share = percent(value / row.total) if row.total else percent(0)
            parts.append(f"{name} {number(value)} ({share})")
        return f"{row.label}: " + ", ".join(parts)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        self.paint_title(painter)
        pal = self.palette()
        fm = QFontMetrics(self.font())
        if not self._rows:
            self.paint_empty(painter)
        else:
            label_w = self.label_width([r.label for r in self._rows])
            total_w = max(fm.horizontalAdvance(number(r.total)) for r in self._rows) + 10
            for i, row in enumerate(self._rows):
                rect = self.row_rect(i)
                self.text(painter, QRect(rect.left(), rect.top(), label_w - 8, rect.height()), RIGHT, row.label)
                span = max(rect.width() - label_w - total_w, 10)
                x = rect.left() + label_w
                for s, value in enumerate(row.values):
                    if not row.total or not value:
                        continue
                    width = round(span * value / row.total)
                    seg = QRect(x, rect.top() + 2, width, rect.height() - 4)
                    colour = series_colour(pal, s)
                    self.fill(painter, seg, colour)
                    share = percent(value / row.total)
                    if fm.horizontalAdvance(share) + 6 < width:
                        self.text(painter, seg, CENTRE, share, text_on(colour))
                    x += width
                self.text(painter, QRect(rect.left() + label_w + span + 6, rect.top(), total_w, rect.height()), LEFT,
                          number(row.total))
        self._paint_legend(painter, fm)
        painter.end()

    def _paint_legend(self, painter: QStylePainter, fm: QFontMetrics) -> None:
        pal = self.palette()
        top = self.height() - self.row_height() - self.PAD // 2
        x = self.PAD
        box = fm.height() - 4
        for s, name in enumerate(self._series):
            self.fill(painter, QRect(x, top + (self.row_height() - box) // 2, box, box), series_colour(pal, s))
            x += box + 6
            w = fm.horizontalAdvance(name)
            self.text(painter, QRect(x, top, w + 4, self.row_height()), LEFT, name)
            x += w + 18
