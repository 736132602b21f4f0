"""Paints the events list: group headers, and each event as three lines with interest chips.

Line 1: title, status and the fit meter. Line 2: when, how soon, where, who runs it.
Line 3: the event's interests as chips (the ones I share filled with the accent colour), and
the fit explained in words. An event that shares none of my interests gets a clear marker.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from companion.i18n import _
from companion.ui.events.events_model import EventRole

ModelIndex = QModelIndex | QPersistentModelIndex
PADDING = 10
LINE_GAP = 4
CHIP_PADDING = 7
CHIP_GAP = 5
METER_WIDTH = 56
SEPARATOR = "  ·  "


def _blend(colour: QColor, towards: QColor, amount: float) -> QColor:
    return QColor(
        round(colour.red() + (towards.red() - colour.red()) * amount),
        round(colour.green() + (towards.green() - colour.green()) * amount),
        round(colour.blue() + (towards.blue() - colour.blue()) * amount),
    )


class EventsDelegate(QStyledItemDelegate):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)

    # --- sizes ------------------------------------------------------------------------------

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:  # noqa: N802
        metrics = QFontMetrics(option.font)
        if index.data(EventRole.IS_GROUP):
            return QSize(200, metrics.height() * 2 + PADDING)
        chip_line = metrics.height() + 6
        return QSize(200, metrics.height() * 2 + chip_line + 2 * LINE_GAP + 2 * PADDING)

    # --- painting ---------------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        try:
            if index.data(EventRole.IS_GROUP):
                self._paint_group(painter, option, index)
            else:
                self._paint_event(painter, option, index)
        finally:
            painter.restore()

    def _paint_group(
        self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex
    ) -> None:
        rect: QRect = option.rect
        palette: QPalette = option.palette
        font = QFont(option.font)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(palette.color(QPalette.ColorRole.Link))
        text_rect = rect.adjusted(PADDING, PADDING, -PADDING, 0)
        painter.drawText(
            text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, index.data()
        )
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.drawLine(
            rect.left() + PADDING, rect.bottom(), rect.right() - PADDING, rect.bottom()
        )

    def _paint_event(
        self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex
    ) -> None:
        rect: QRect = option.rect
        palette: QPalette = option.palette
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        past = bool(index.data(EventRole.PAST))
        text = palette.color(QPalette.ColorRole.Text)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        if selected:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.color(QPalette.ColorRole.Highlight))
            painter.drawRoundedRect(QRectF(rect.adjusted(2, 1, -2, -1)), 6, 6)
            text = muted = palette.color(QPalette.ColorRole.HighlightedText)
        elif state & QStyle.StateFlag.State_MouseOver:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.color(QPalette.ColorRole.AlternateBase))
            painter.drawRoundedRect(QRectF(rect.adjusted(2, 1, -2, -1)), 6, 6)
        if past and not selected:
            text = _blend(text, palette.color(QPalette.ColorRole.Base), 0.35)
        font = QFont(option.font)
        metrics = QFontMetrics(font)
        line_height = metrics.height()
        inner = rect.adjusted(PADDING + 4, PADDING, -PADDING - 4, -PADDING)
        right = inner.right()

        # Line 1: the fit meter and status at the right, the title in what is left.
        line1 = QRect(inner.left(), inner.top(), inner.width(), line_height)
        if not past:
            fit = float(index.data(EventRole.FIT))
            meter = QRect(right - METER_WIDTH, line1.top(), METER_WIDTH, line_height)
            self._paint_meter(painter, meter, fit, palette, selected)
            right = meter.left() - 2 * CHIP_GAP
        status = str(index.data(EventRole.STATUS))
        bold = QFont(font)
        bold.setBold(True)
        status_width = QFontMetrics(font).horizontalAdvance(status) + 2 * CHIP_PADDING
        status_rect = QRect(right - status_width, line1.top(), status_width, line_height)
        painter.setFont(font)
        painter.setPen(QPen(muted, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(QRectF(status_rect).adjusted(0.5, 0.5, -0.5, -0.5), 8, 8)
        painter.drawText(status_rect, Qt.AlignmentFlag.AlignCenter, status)
        title_rect = QRect(line1.left(), line1.top(), status_rect.left() - line1.left() - 8, 0)
        title_rect.setHeight(line_height)
        painter.setFont(bold)
        painter.setPen(text)
        title = QFontMetrics(bold).elidedText(
            str(index.data()), Qt.TextElideMode.ElideRight, title_rect.width()
        )
        painter.drawText(
            title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title
        )

        # Line 2: when, how soon, where, and who runs it.
        line2 = QRect(inner.left(), line1.bottom() + 1 + LINE_GAP, inner.width(), line_height)
        parts = [index.data(EventRole.WHEN), index.data(EventRole.RELATIVE)]
        parts += [index.data(EventRole.PLACE), index.data(EventRole.ORGANIZER)]
        details = SEPARATOR.join(str(part) for part in parts if part)
        painter.setFont(font)
        painter.setPen(muted)
        painter.drawText(
            line2,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(details, Qt.TextElideMode.ElideRight, line2.width()),
        )

        # Line 3: interest chips, then the fit in words.
        chip_height = line_height + 4
        line3 = QRect(inner.left(), line2.bottom() + 1 + LINE_GAP, inner.width(), chip_height)
        self._paint_chips(painter, line3, index, palette, selected=selected, past=past)

    def _paint_meter(
        self, painter: QPainter, rect: QRect, fit: float, palette: QPalette, selected: bool
    ) -> None:
        bar = QRectF(rect.left(), rect.center().y() - 3, rect.width(), 6)
        track = palette.color(QPalette.ColorRole.Mid)
        fill = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Highlight
        )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(track)
        painter.drawRoundedRect(bar, 3, 3)
        if fit > 0:
            painter.setBrush(fill)
            painter.drawRoundedRect(QRectF(bar.left(), bar.top(), bar.width() * fit, 6), 3, 3)

    def _paint_chips(
        self,
        painter: QPainter,
        line: QRect,
        index: ModelIndex,
        palette: QPalette,
        *,
        selected: bool,
        past: bool,
    ) -> None:
        font = painter.font()
        metrics = QFontMetrics(font)
        accent = palette.color(QPalette.ColorRole.Highlight)
        on_accent = palette.color(QPalette.ColorRole.HighlightedText)
        text = palette.color(QPalette.ColorRole.Text)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        if selected:
            accent, on_accent, text = on_accent, accent, on_accent
            muted = text
        x = line.left()
        no_shared = bool(index.data(EventRole.NO_SHARED))
        if no_shared:
            x = self._chip(
                painter, line, x, _("No shared interest"), muted, Qt.PenStyle.DashLine, metrics
            )
        chips: list[tuple[str, bool]] = index.data(EventRole.CHIPS) or []
        for label, shared in chips:
            width = metrics.horizontalAdvance(label) + 2 * CHIP_PADDING
            if x + width > line.right():
                break
            chip = QRectF(x, line.top(), width, line.height())
            if shared and not past:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(accent)
                painter.drawRoundedRect(chip, line.height() / 2, line.height() / 2)
                painter.setPen(on_accent)
            else:
                painter.setPen(QPen(_blend(muted, palette.color(QPalette.ColorRole.Base), 0.3), 1))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(chip.adjusted(0.5, 0.5, -0.5, -0.5), 9, 9)
                painter.setPen(text if not past else muted)
            painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, label)
            x += width + CHIP_GAP
        explanation = str(index.data(EventRole.EXPLANATION) or "")
        if no_shared or not explanation or past:
            return
        rest = QRect(x + CHIP_GAP, line.top(), line.right() - x - CHIP_GAP, line.height())
        if rest.width() > 40:
            painter.setPen(muted)
            painter.drawText(
                rest,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                metrics.elidedText(explanation, Qt.TextElideMode.ElideRight, rest.width()),
            )

    @staticmethod
    def _chip(
        painter: QPainter,
        line: QRect,
        x: int,
        label: str,
        colour: QColor,
        style: Qt.PenStyle,
        metrics: QFontMetrics,
    ) -> int:
        width = metrics.horizontalAdvance(label) + 2 * CHIP_PADDING
        chip = QRectF(x, line.top(), width, line.height()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(QPen(colour, 1, style))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(chip, 9, 9)
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, label)
        return x + width + CHIP_GAP
