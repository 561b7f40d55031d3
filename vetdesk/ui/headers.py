"""A table header whose titles wrap onto a second line instead of being cut ("Fecha de / término",
"Ausbildungs- / beruf" stays whole): a column beside an open record at 1366×768 may be as narrow as its title's
longer half, and every title is whole in its tooltip.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QFontMetrics, QPainter
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QToolTip, QWidget

#: The most lines a title takes; a title that still does not fit is elided (and whole in its tooltip).
LINES = 2
#: Room around a title: the section's margins and the sort arrow beside it (and a little air).
PADDING = 28
_MARGIN, _ARROW = 4, 14


def _words_width(metrics: QFontMetrics, text: str) -> int:
    return metrics.horizontalAdvance(text)


def two_line_width(metrics: QFontMetrics, text: str) -> int:
    """The narrowest width (pixels, without padding) at which ``text`` shows whole on at most two lines,
    broken at a space: its longer half, or the whole when it is one word."""
    words = text.split()
    if len(words) < 2:
        return _words_width(metrics, text)
    return min(max(_words_width(metrics, " ".join(words[:cut])), _words_width(metrics, " ".join(words[cut:])))
               for cut in range(1, len(words)))


def title_floor(metrics: QFontMetrics, text: str) -> int:
    """The narrowest a column titled ``text`` may be made: its title whole on two lines, and the arrow."""
    return two_line_width(metrics, text) + PADDING


class WrappingHeader(QHeaderView):
    """A horizontal header that word-wraps its titles onto up to :data:`LINES` lines when a section is narrower
    than its title, grows to the lines it needs (and back), and gives each title as its tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self._lines = 1
        self.sectionResized.connect(self._relayout)
        self.sectionCountChanged.connect(self._relayout)

    def _title(self, logical: int) -> str:
        model = self.model()
        if model is None:
            return ""
        value = model.headerData(logical, self.orientation(), Qt.ItemDataRole.DisplayRole)
        return "" if value is None else str(value)

    def _text_rect_width(self, logical: int) -> int:
        """The width a title is drawn in: the section less its margins and the sort arrow's room."""
        return max(self.sectionSize(logical) - 2 * _MARGIN - self._arrow(), 1)

    def _arrow(self) -> int:
        """The room kept for the sort arrow on every section of a sortable table (a title is centred the same
        whether the list is sorted by it or not); none on a table that does not sort."""
        return _ARROW if self.isSortIndicatorShown() else 0

    def _metrics(self) -> QFontMetrics:
        """The title's font measured: bold where the current cell's column is shown in bold (a title must fit
        in either)."""
        if not self.highlightSections():
            return self.fontMetrics()
        font = self.font()
        font.setBold(True)
        return QFontMetrics(font)

    def lines_needed(self, logical: int) -> int:
        """The lines section ``logical``'s title takes at the section's width (at most :data:`LINES`)."""
        title = self._title(logical)
        if not title:
            return 1
        metrics = self._metrics()
        width = self._text_rect_width(logical)
        if metrics.horizontalAdvance(title) <= width:
            return 1
        rect = metrics.boundingRect(QRect(0, 0, width, 10000), int(Qt.TextFlag.TextWordWrap), title)
        return max(1, min(LINES, round(rect.height() / max(metrics.lineSpacing(), 1))))

    def _relayout(self, *_args: Any) -> None:
        lines = max((self.lines_needed(i) for i in range(self.count()) if not self.isSectionHidden(i)), default=1)
        if lines != self._lines:
            self._lines = lines
            self.updateGeometry()
            parent = self.parentWidget()
            if parent is not None and hasattr(parent, "updateGeometries"):
                parent.updateGeometries()  # the rows move down (or up) under the taller (shorter) header
        self.viewport().update()

    def sectionSizeFromContents(self, logical: int) -> QSize:
        """A column sized to its contents has its title on one line, as this header draws it."""
        size = super().sectionSizeFromContents(logical)
        wanted = self._metrics().horizontalAdvance(self._title(logical)) + 2 * _MARGIN + self._arrow() + 2
        return QSize(max(size.width(), wanted), size.height())

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        # A stretched section takes its width from the header's, without a signal of its own.
        QTimer.singleShot(0, self, self._relayout)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        metrics = self.fontMetrics()
        wanted = metrics.lineSpacing() * self._lines + 10
        return QSize(hint.width(), max(hint.height(), wanted))

    def paintSection(self, painter: QPainter, rect: QRect, logical: int) -> None:
        """The style's section (its frame, its sort arrow) with the title drawn wrapped in it."""
        if not rect.isValid():
            return
        option = QStyleOptionHeader()
        self.initStyleOptionForIndex(option, logical)  # its position, its sort arrow, as Qt draws it
        option.rect = rect
        option.text = ""
        painter.save()
        self.style().drawControl(QStyle.ControlElement.CE_HeaderSection, option, painter, self)
        painter.restore()
        if option.sortIndicator != QStyleOptionHeader.SortIndicator.None_:  # the arrow at the right, centred
            arrow = QStyleOptionHeader(option)
            arrow.rect = QRect(rect.right() - _MARGIN - _ARROW + 2, rect.top(), _ARROW - 4, rect.height())
            painter.save()
            self.style().drawPrimitive(QStyle.PrimitiveElement.PE_IndicatorHeaderArrow, arrow, painter, self)
            painter.restore()
        title = self._title(logical)
        if not title:
            return
        text_rect = rect.adjusted(_MARGIN, 1, -_MARGIN - self._arrow(), -1)
        metrics = self._metrics()
        shown = title
        needed = metrics.boundingRect(QRect(0, 0, text_rect.width(), 10000), int(Qt.TextFlag.TextWordWrap), title)
        if needed.height() > metrics.lineSpacing() * LINES + 1 or needed.width() > text_rect.width():
            # Not even on two lines (a single long word: "Ausbildungsstation"): cut with "…", whole in the tooltip.
            shown = metrics.elidedText(title, Qt.TextElideMode.ElideRight, text_rect.width())
        painter.save()
        if self.highlightSections() and option.state & QStyle.StateFlag.State_On:  # the current cell's column,
            font = painter.font()                                                  # in bold as Qt shows it
            font.setBold(True)
            painter.setFont(font)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), shown)
        painter.restore()

    def viewportEvent(self, event: Any) -> bool:
        if event.type() == QEvent.Type.ToolTip:  # every title whole in its tooltip (the model's own tip first)
            logical = self.logicalIndexAt(event.pos())
            model = self.model()
            if logical >= 0 and model is not None:
                tip = model.headerData(logical, self.orientation(), Qt.ItemDataRole.ToolTipRole) \
                    or self._title(logical)
                if tip:
                    QToolTip.showText(event.globalPos(), str(tip), self)
                    return True
        return super().viewportEvent(event)


def wrap_header(view: Any) -> WrappingHeader:
    """Give a table view a :class:`WrappingHeader` (its settings as the view's own header had them)."""
    old = view.horizontalHeader()
    header = WrappingHeader(view)
    header.setSectionsClickable(old.sectionsClickable())
    header.setHighlightSections(old.highlightSections())
    header.setStretchLastSection(old.stretchLastSection())
    view.setHorizontalHeader(header)
    return header

