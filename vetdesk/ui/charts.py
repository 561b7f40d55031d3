"""Small charts drawn with QPainter (QtCharts is not shipped): horizontal bars and stacked percentage bars.

Colours come from the widget's palette (highlight, text, mid) and a few hues whose lightness follows the
window colour, so the charts read well in light and dark mode. Every chart states its figures in its
accessible description and tooltip as well, for screen readers and exact values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRect, QSize, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from vetdesk.i18n import _, current

if TYPE_CHECKING:  # the event types load with the first event (see vetdesk.ui)
    from PySide6.QtGui import QMouseEvent, QPaintEvent

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
    from PySide6.QtCore import Qt  # not at start-up (see vetdesk.ui)

    luminance = 0.299 * colour.redF() + 0.587 * colour.greenF() + 0.114 * colour.blueF()
    return QColor(Qt.GlobalColor.black) if luminance > 0.6 else QColor(Qt.GlobalColor.white)


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

    def paint_title(self, painter: QPainter) -> None:
        from PySide6.QtCore import Qt  # not at start-up (see vetdesk.ui)

        painter.setFont(self._title_font())
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        rect = QRect(self.PAD, self.PAD, self.width() - 2 * self.PAD, self.header_height() - self.PAD * 2)
        painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self._title)
        painter.setFont(self.font())

    def paint_empty(self, painter: QPainter) -> None:
        from PySide6.QtCore import Qt  # not at start-up (see vetdesk.ui)

        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(self.row_rect(0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         self._empty_text)


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
        from PySide6.QtCore import Qt  # not at start-up (see vetdesk.ui)

        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
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
            painter.setPen(pal.color(QPalette.ColorRole.PlaceholderText if summary else QPalette.ColorRole.WindowText))
            text = fm.elidedText(label, Qt.TextElideMode.ElideRight, label_w - 8)
            painter.drawText(QRect(rect.left(), rect.top(), label_w - 8, rect.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
            if summary:
                painter.drawText(QRect(rect.left() + label_w, rect.top(), value_w, rect.height()),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self._value_text(value))
                continue
            span = max(rect.width() - label_w - value_w, 10)
            length = round(span * value / biggest)
            bar = QRect(rect.left() + label_w, rect.top() + 3, max(length, 2 if value else 0), rect.height() - 6)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(bar, 3, 3)
            painter.setPen(pal.color(QPalette.ColorRole.WindowText))
            painter.drawText(QRect(bar.right() + 6, rect.top(), value_w, rect.height()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self._value_text(value))
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
        from PySide6.QtCore import Qt  # not at start-up (see vetdesk.ui)

        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
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
                painter.setPen(pal.color(QPalette.ColorRole.WindowText))
                painter.drawText(QRect(rect.left(), rect.top(), label_w - 8, rect.height()),
                                 Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, row.label)
                span = max(rect.width() - label_w - total_w, 10)
                x = rect.left() + label_w
                for s, value in enumerate(row.values):
                    if not row.total or not value:
                        continue
                    width = round(span * value / row.total)
                    seg = QRect(x, rect.top() + 2, width, rect.height() - 4)
                    colour = series_colour(pal, s)
                    painter.fillRect(seg, colour)
                    share = percent(value / row.total)
                    if fm.horizontalAdvance(share) + 6 < width:
                        painter.setPen(text_on(colour))
                        painter.drawText(seg, Qt.AlignmentFlag.AlignCenter, share)
                    x += width
                painter.setPen(pal.color(QPalette.ColorRole.WindowText))
                painter.drawText(QRect(rect.left() + label_w + span + 6, rect.top(), total_w, rect.height()),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, number(row.total))
        self._paint_legend(painter, fm)
        painter.end()

    def _paint_legend(self, painter: QPainter, fm: QFontMetrics) -> None:
        from PySide6.QtCore import Qt  # not at start-up (see vetdesk.ui)

        pal = self.palette()
        top = self.height() - self.row_height() - self.PAD // 2
        x = self.PAD
        box = fm.height() - 4
        for s, name in enumerate(self._series):
            painter.fillRect(QRect(x, top + (self.row_height() - box) // 2, box, box), series_colour(pal, s))
            x += box + 6
            painter.setPen(pal.color(QPalette.ColorRole.WindowText))
            w = fm.horizontalAdvance(name)
            painter.drawText(QRect(x, top, w + 4, self.row_height()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
            x += w + 18
